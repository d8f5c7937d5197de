"""Rich renderables as text for a screen: coloured for a terminal; plain, unpadded and never
wrapped (unless a width is given) for pipes, files and cron mail."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from labeltrack.formats import Screen
from labeltrack.model import State

if TYPE_CHECKING:
    from rich.console import RenderableType

STATE_STYLES = {
    State.EXPIRED: "bold red",
    State.CRITICAL: "red",
    State.WARNING: "yellow",
    State.OK: "green",
    State.LAPSED: "bold magenta",
    State.RENEWED: "cyan",
    State.UNLABELLED: "dim",
}
_UNLIMITED = 1000


def render(renderable: RenderableType, screen: Screen) -> str:
    """``renderable`` as ``screen`` shows it. Registry values go in as ``Text``, never markup."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=screen.width or _UNLIMITED,
        color_system=screen.colour,  # type: ignore[arg-type]
        force_terminal=screen.colour is not None,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    console.print(renderable)
    text = buffer.getvalue()
    if screen.colour is not None:
        return text
    return "".join(f"{line.rstrip()}\n" for line in text.splitlines())
