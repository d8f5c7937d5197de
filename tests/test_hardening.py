"""The adversarial pass of issue 13, one test per defect that the other test files do not
already cover; each fails on the code before the fix."""

from __future__ import annotations

import difflib
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from labeltrack import loading

from .conftest import BIGINN, Invoke, WriteRegistry


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    return Path(shutil.copy(BIGINN, tmp_path / "clusters.toml"))


def test_a_dry_run_needs_no_write_access_and_a_blocked_lock_is_one_sentence(
    invoke: Invoke, registry: Path
) -> None:
    """Defect 6: the lock cannot be taken (here: its path is a folder)."""
    (registry.parent / ".clusters.toml.lock").mkdir()
    before = registry.read_bytes()
    args = ["award", "litek", "-r", registry, "--level", "gold", "--valid-until", "2027-01-31"]
    dry = invoke(*args, "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    real = invoke(*args)
    assert real.exit_code == 1
    lock = registry.parent / ".clusters.toml.lock"
    assert real.stderr.startswith(f"labeltrack: {lock}: cannot take the lock (")
    assert real.stderr.endswith("); nothing was changed\n")
    assert registry.read_bytes() == before


def test_a_huge_portfolio_is_matched_by_its_beginning(
    write_registry: WriteRegistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Defect 10: the suggestion search was quadratic in the value's length."""
    longest = 0
    real = difflib.SequenceMatcher

    def measured(isjunk: object, a: str, b: str) -> difflib.SequenceMatcher[str]:
        nonlocal longest
        longest = max(longest, len(a), len(b))
        return real(None, a, b)

    monkeypatch.setattr(difflib, "SequenceMatcher", measured)
    path = write_registry(
        f'[[cluster]]\nid = "a"\nname = "A"\ncountry = "DK"\nportfolio = "{"optics " * 200_000}"\n'
    )
    (problem,) = loading.check(path).problems
    assert problem.message.endswith("the closest is 'Micro, nano and optical technologies'")
    assert longest <= 200


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("A\\ufffeB", "name must not contain the control character '\\ufffe'"),
        ("A\\u2028B", "name must not contain the control character '\\u2028'"),
    ],
)
def test_names_that_break_xml_or_rows_are_errors(
    invoke: Invoke, write_registry: WriteRegistry, name: str, message: str
) -> None:
    """Defect 11: U+FFFE/U+FFFF made the SVG ill-formed; U+2028/U+2029 split table rows."""
    path = write_registry(f'[[cluster]]\nid = "a"\nname = "{name}"\ncountry = "DK"\n')
    result = invoke("check", "-r", path)
    assert (result.exit_code, result.stdout.splitlines()[0]) == (1, f"{path}:3: error: {message}")


def test_invisible_characters_in_a_name_are_a_warning(
    invoke: Invoke, write_registry: WriteRegistry
) -> None:
    path = write_registry('[[cluster]]\nid = "a"\nname = "LI\\u200bTEK"\ncountry = "DK"\n')
    result = invoke("check", "-r", path, "--strict")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{path}:3: warning: name 'LI\\u200bTEK' holds characters that do not show on screen "
        "(zero-width or tag characters); remove them"
    )


@pytest.mark.parametrize("separator", ["\u2028", "\u0085"])
def test_fmt_keeps_a_top_comment_with_unicode_line_separators(
    invoke: Invoke, write_registry: WriteRegistry, separator: str
) -> None:
    """Defect 11: str.splitlines() cut the top comment at U+2028 and U+0085."""
    path = write_registry(f"# top {separator} still the top\n\n[settings]\nwarn_days = 180\n")
    result = invoke("fmt", "-r", path)
    assert result.exit_code == 0, result.stderr
    assert path.read_text(encoding="utf-8").startswith(f"# top {separator} still the top\n")


def test_nagios_text_never_fakes_perfdata(invoke: Invoke, write_registry: WriteRegistry) -> None:
    """Defect 12: the UNKNOWN line could carry a | from registry text."""
    path = write_registry('[[cluster]]\nid = "a|b=1;;;0"\nname = "A"\ncountry = "DK"\n')
    result = invoke("check", "-r", path, "-f", "nagios")
    assert result.exit_code == 3
    assert "|" not in result.stdout


def _release(fifo: Path) -> None:
    """Give a reader that opened ``fifo`` an end within 5 s, so that a regression fails
    instead of hanging the suite."""
    ends = time.monotonic() + 5
    while time.monotonic() < ends:
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            return
        except OSError:  # no reader yet (ENXIO): as it should be
            time.sleep(0.1)


def test_a_fifo_or_a_device_is_refused_at_once(invoke: Invoke, tmp_path: Path) -> None:
    """Defect 13: a FIFO hung for ever; /dev/zero read until memory ran out."""
    fifo = tmp_path / "registry.toml"
    os.mkfifo(fifo)
    threading.Thread(target=_release, args=(fifo,), daemon=True).start()
    result = invoke("check", "-r", fifo)
    assert (result.exit_code, result.stdout) == (
        1,
        f"{fifo}:1: error: this is a named pipe (FIFO), not a registry file\n{fifo}: 1 error\n",
    )
    zero = invoke("status", "-r", "/dev/zero")
    assert (zero.exit_code, zero.stderr) == (
        1,
        "labeltrack: /dev/zero:1: error: this is a character device, not a registry file\n",
    )


def test_a_deeply_nested_or_odd_state_file_is_refused(
    invoke: Invoke, registry: Path, tmp_path: Path
) -> None:
    """Defects 13 and 14: RecursionError on deep JSON; {"format": true} was taken as ours."""
    args = ["notify", "-r", registry, "--as-of", "2025-11-20", "--dry-run", "--state-file"]
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    nested = invoke(*args, deep)
    assert (nested.exit_code, nested.stderr) == (
        1,
        f"labeltrack: {deep}: the notify state file is nested too deeply to be ours; fix it, or "
        "delete it "
        "to send every due warning again\n",
    )
    odd = tmp_path / "odd.json"
    odd.write_text('{"format": true, "sent": {}}', encoding="utf-8")
    refused = invoke(*args, odd)
    assert refused.exit_code == 1
    assert refused.stderr.startswith(
        f"labeltrack: {odd}: this is not a labeltrack notify state file"
    )


def test_a_huge_columns_is_clamped(invoke: Invoke) -> None:
    """Defect 13: COLUMNS=99999999999 made the timeline run out of memory."""
    result = invoke("timeline", "-r", BIGINN, "--as-of", "2025-11-20",
                    env={"COLUMNS": "99999999999"})  # fmt: skip
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 1000


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["status", "--level", ""], "--level: '' is not a level; name one or more"),
        (["notify", "--dry-run", "--as-of", "2025-11-20", "--to", "a@exämple.org",
          "--from", "l@example.org"],
         "--to: 'a@exämple.org' is not an e-mail address like manager@example.org"),
    ],
)  # fmt: skip
def test_values_that_used_to_mislead(invoke: Invoke, args: list[str], line: str) -> None:
    """Defect 14: an empty --level printed nothing; a non-ASCII address was blamed on login."""
    result = invoke(*args, "-r", BIGINN)
    assert (result.exit_code, result.stderr) == (2, f"labeltrack: {line}\n")


AWARD = ["award", "litek", "--level", "gold", "--valid-until", "2027-01-31", "-r"]


def test_an_edit_through_a_symlink_changes_its_target_and_keeps_the_link(
    invoke: Invoke, registry: Path, tmp_path: Path
) -> None:
    """Defect 4: the link was replaced by a file and the target left unchanged."""
    (tmp_path / "elsewhere").mkdir()
    link = tmp_path / "elsewhere" / "clusters.toml"
    link.symlink_to(registry)
    result = invoke(*AWARD, link)
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert "valid_until = 2027-01-31" in registry.read_text(encoding="utf-8")
    assert sorted(p.name for p in (tmp_path / "elsewhere").iterdir()) == ["clusters.toml"]


def test_an_edit_keeps_the_owner_group_and_mode(invoke: Invoke, registry: Path) -> None:
    if os.getuid() != 0:
        pytest.skip("only root can give a file to another user")
    os.chown(registry, 65534, 65534)
    registry.chmod(0o640)
    assert invoke(*AWARD, registry).exit_code == 0
    after = registry.stat()
    assert (after.st_uid, after.st_gid, after.st_mode & 0o777) == (65534, 65534, 0o640)


def test_a_hard_linked_registry_is_refused(invoke: Invoke, registry: Path) -> None:
    other = registry.with_name("other.toml")
    os.link(registry, other)
    before = registry.read_bytes()
    result = invoke(*AWARD, registry)
    assert (result.exit_code, result.stderr) == (
        1,
        f"labeltrack: {registry}: the file has 2 hard links, and labeltrack replaces a file when "
        "it writes "
        "it, which would split them; edit it through one name only (or copy it): nothing was "
        "changed\n",
    )
    assert registry.read_bytes() == before
    assert registry.stat().st_ino == other.stat().st_ino


def test_a_name_wider_than_a_thousand_columns_stays_on_one_line_when_piped(
    invoke: Invoke, write_registry: WriteRegistry
) -> None:
    """Defect 11: piped output wrapped names wider than 1,000 columns."""
    name = "Cluster " + "x" * 1500
    path = write_registry(
        f'[[cluster]]\nid = "a"\nname = "{name}"\ncountry = "DK"\n\n'
        '[[cluster.label]]\nlevel = "gold"\nvalid_until = 2026-01-10\n'
    )
    shown = invoke("status", "-r", path, "--as-of", "2025-11-20").stdout
    (row,) = [line for line in shown.splitlines() if line.startswith("Cluster x")]
    assert row.startswith(name)
    assert row.split()[-1] == "warning"  # 51 days left


def test_fail_on_reads_the_registry_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Defect 13: check --fail-on read the file a second time, outside the error handling."""
    from datetime import date

    from labeltrack.check import FailOn, check

    reads: list[Path] = []
    real = loading.read_text

    def counted(path: Path) -> str:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(loading, "read_text", counted)
    result = check(BIGINN, date(2025, 11, 28), fail_on=FailOn.CRITICAL)
    assert [p.line for p in result.problems] == [19, 32]
    assert reads == [BIGINN]
