"""The one safe output path: reports, calendars, pictures and notify's memory never land on the
registry, a device, a pipe or a link, and a refusal changes no byte (issue 13, defect 1)."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from .conftest import BIGINN, Invoke

WRITERS = {
    "status": ["status", "--as-of", "2025-01-01", "-f", "json", "-o"],
    "summary": ["summary", "--as-of", "2025-01-01", "-o"],
    "ics": ["export", "ics", "--as-of", "2025-01-01", "-o"],
    "svg": ["timeline", "--as-of", "2025-01-01", "--svg"],
    "report": ["report", "--as-of", "2025-01-01", "-o"],
}


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    return Path(shutil.copy(BIGINN, tmp_path / "clusters.toml"))


@pytest.mark.parametrize("writer", WRITERS)
def test_no_report_is_ever_written_over_the_registry(
    invoke: Invoke, registry: Path, writer: str
) -> None:
    before = registry.read_bytes()
    through_a_link = registry.parent / "sub" / ".." / "clusters.toml"
    (registry.parent / "sub").mkdir()
    for target in (registry, through_a_link):
        result = invoke(*WRITERS[writer], target, "-r", registry)
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == (
            f"labeltrack: {target}: this is the registry itself; writing a report there would "
            "destroy it, "
            "so nothing was written\n"
        )
    assert registry.read_bytes() == before


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda path: os.mkfifo(path), "a named pipe (FIFO)"),
        (lambda path: path.symlink_to(path.with_name("elsewhere")), "a symbolic link"),
        (lambda path: path.mkdir(), "a directory"),
    ],
)
def test_no_report_replaces_what_is_not_a_regular_file(
    invoke: Invoke, registry: Path, make: object, kind: str
) -> None:
    target = registry.parent / "out.json"
    make(target)  # type: ignore[operator]
    result = invoke(*WRITERS["status"], target, "-r", registry)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"labeltrack: {target}: this is {kind}, not a regular file; labeltrack writes reports "
        "only to new "
        "or regular files, so nothing was written\n"
    )
    assert not target.is_file()


def test_a_device_is_refused(invoke: Invoke, registry: Path) -> None:
    """A device node of our own (like /dev/null: 1, 3), so that a regression replaces it, not
    the machine's /dev/null."""
    device = registry.parent / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("only root can make a device node")
    result = invoke(*WRITERS["status"], device, "-r", registry)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(
        f"labeltrack: {device}: this is a character device, not a regular file"
    )
    assert device.is_char_device()


def test_dash_means_standard_output(invoke: Invoke, registry: Path) -> None:
    result = invoke(*WRITERS["status"], "-", "-r", registry)
    assert result.exit_code == 0
    assert result.stdout.startswith('{\n  "as_of": "2025-01-01",')
    assert not (Path.cwd() / "-").exists()


def test_a_regular_file_is_replaced_atomically(invoke: Invoke, registry: Path) -> None:
    target = registry.parent / "report.html"
    target.write_text("old", encoding="utf-8")
    result = invoke(*WRITERS["report"], target, "-r", registry)
    assert (result.exit_code, result.stderr) == (0, f"labeltrack: {target}: wrote the report\n")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in registry.parent.iterdir()) == ["clusters.toml", "report.html"]
