"""What people see on terminals of every common width: a snapshot of each screen at 60, 80, 100,
120 and 200 columns, and the promises every snapshot must keep (nothing wider than the screen;
no date, number or state cut or wrapped). Set LABELTRACK_UPDATE_SNAPSHOTS=1 to rewrite the
snapshots after a deliberate change, then read the diff."""

from __future__ import annotations

import json
import os
import re

import pytest

from .conftest import REPO, Invoke

SCREENS = REPO / "tests" / "fixtures" / "screens.toml"
SNAPSHOTS = REPO / "tests" / "snapshots"
WIDTHS = (60, 80, 100, 120, 200)
COMMANDS = {
    "status": ["status", "--as-of", "2025-11-20"],
    "history": ["status", "--as-of", "2025-11-20", "--history"],
    "summary": ["summary", "--as-of", "2025-11-20"],
    "show": ["show", "pole-mer", "--as-of", "2025-11-20"],
    "timeline": ["timeline", "--as-of", "2025-11-20"],
}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_UPDATE = bool(os.environ.get("LABELTRACK_UPDATE_SNAPSHOTS"))  # read before fixtures clear it


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", COMMANDS)
def test_screen(invoke: Invoke, name: str, width: int) -> None:
    result = invoke(*COMMANDS[name], "-r", SCREENS, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    shown = result.stdout
    snapshot = SNAPSHOTS / f"{name}-{width}.txt"
    if _UPDATE:
        snapshot.write_text(shown, encoding="utf-8")
    assert shown == snapshot.read_text(encoding="utf-8")
    assert max(len(line) for line in shown.splitlines()) <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_status_never_cuts_a_date_a_number_or_a_state(invoke: Invoke, width: int) -> None:
    document = invoke("status", "-r", SCREENS, "--as-of", "2025-11-20", "-f", "json").stdout
    labels = json.loads(document)["labels"]
    shown = invoke("status", "-r", SCREENS, "--as-of", "2025-11-20",
                   env={"COLUMNS": str(width)}).stdout  # fmt: skip
    words = shown.split()
    for label in labels:
        assert label["state"] in words
        if label["valid_until"]:
            assert label["valid_until"] in words
            assert str(label["days_left"]) in words
    # every date on screen is whole: none was split across lines or columns
    fragments = re.findall(r"\d{4}-[0-9-]*", shown)
    assert fragments
    assert [part for part in fragments if not _DATE.fullmatch(part)] == []
