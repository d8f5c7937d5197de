from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from labeltrack import files
from labeltrack.errors import LabeltrackError


def test_atomic_write_replaces_the_file_and_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "clusters.toml"
    path.write_bytes(b"old")
    path.chmod(0o640)
    files.atomic_write(path, b"new")
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["clusters.toml"]


def test_atomic_write_creates_parent_folders(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "state.json"
    files.atomic_write(path, b"{}")
    assert path.read_bytes() == b"{}"


def test_a_failure_after_the_temporary_file_exists_leaves_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "clusters.toml"
    path.write_bytes(b"original")

    def full_disk(handle: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(LabeltrackError) as raised:
        files.atomic_write(path, b"x" * 100_000)
    assert raised.value.message == (
        f"{path}: cannot write the file: No space left on device; it is unchanged"
    )
    assert path.read_bytes() == b"original"
    assert [p.name for p in tmp_path.iterdir()] == ["clusters.toml"]


def test_an_interrupt_mid_write_leaves_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "clusters.toml"
    path.write_bytes(b"original")

    def interrupted(source: str, target: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        files.atomic_write(path, b"new")
    assert path.read_bytes() == b"original"
    assert [p.name for p in tmp_path.iterdir()] == ["clusters.toml"]


def test_a_parent_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "state"
    blocker.write_bytes(b"")
    with pytest.raises(LabeltrackError) as raised:
        files.atomic_write(blocker / "sent.json", b"{}")
    assert raised.value.message.startswith(f"{blocker / 'sent.json'}: cannot write the file: ")
