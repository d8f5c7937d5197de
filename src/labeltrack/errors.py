"""The one exception type the core raises; the CLI turns it into a message and an exit code.

The core knows parameters, not command-line flags: ``param`` names the input an error concerns
(``valid_until``), and ``{name}`` in the message stands for another input it mentions. A caller
words both its own way (the CLI as ``--valid-until``); a library user reads ``str(error)``, which
leaves the plain parameter names.
"""

from __future__ import annotations

from collections.abc import Callable


class LabeltrackError(Exception):
    """A problem the user can fix, described in plain words.

    ``exit_code`` follows the README's table: 1 for bad data or a failed operation, 2 for bad usage.
    """

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        param: str | None = None,
        mentions: tuple[str, ...] = (),
        exit_code: int | None = None,
    ) -> None:
        self.message = message
        self.param = param
        self.mentions = mentions
        if exit_code is not None:
            self.exit_code = exit_code
        super().__init__(self.worded())

    def worded(self, name: Callable[[str], str] = str) -> str:
        """The message with every parameter named by ``name``: ``--awarded: ... give
        --valid-until too``."""
        text = self.message
        for mentioned in self.mentions:
            text = text.replace(f"{{{mentioned}}}", name(mentioned))
        return f"{name(self.param)}: {text}" if self.param else text

    def within(self, context: str) -> LabeltrackError:
        """The same error, its message placed in ``context`` (a file's path)."""
        return type(self)(
            f"{context}: {self.message}",
            param=self.param,
            mentions=self.mentions,
            exit_code=self.exit_code,
        )


class UsageError(LabeltrackError):
    """An input value that makes no sense (exit 2), found after the options were parsed."""

    exit_code = 2
