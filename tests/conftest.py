from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from labeltrack.cli import app

REPO = Path(__file__).resolve().parent.parent
#: A frozen copy of the BIGINN registry the repository ships, so that correcting the shipped data
#: never breaks a test; test_data.py checks the shipped file itself.
BIGINN = REPO / "tests" / "fixtures" / "biginn.toml"

WriteRegistry = Callable[[str], Path]
Invoke = Callable[..., Result]


@pytest.fixture
def write_registry(tmp_path: Path) -> WriteRegistry:
    """Write a registry (dedented) to a temporary file and return its path."""

    def write(text: str) -> Path:
        path = tmp_path / "clusters.toml"
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


@pytest.fixture
def invoke(monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """Run the CLI in-process, with no LABELTRACK_* or colour settings leaking in."""
    leaking = [name for name in os.environ if name.startswith("LABELTRACK_")]
    for name in (*leaking, "NO_COLOR", "FORCE_COLOR", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)

    def run(*args: str | Path, env: dict[str, str] | None = None) -> Result:
        return CliRunner().invoke(app, [str(arg) for arg in args], env=env)

    return run


@pytest.fixture
def state(tmp_path: Path) -> Path:
    """Where a notify test keeps its memory of warnings sent (not there yet)."""
    return tmp_path / "state" / "sent.json"
