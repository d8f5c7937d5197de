"""`labeltrack check` for CI and monitoring: GitHub annotations, JSON, Nagios, --fail-on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from labeltrack.formats.check.github import escape_data, escape_property

from .conftest import BIGINN, Invoke, WriteRegistry

MANY_PROBLEMS = "\n".join(
    f'[[cluster]]\nid = "c{index}"\nname = "C{index}"\ncountry = "XX"\n' for index in range(12)
)


def test_github_format_is_chosen_under_github_actions(
    invoke: Invoke, write_registry: WriteRegistry
) -> None:
    path = write_registry('[[cluster]]\nid = "a"\nname = "A"\ncountry = "DK"\n"50%,\\nx:y" = 1\n')
    result = invoke("check", "-r", path, env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    file = escape_property(str(path))
    assert result.stdout.splitlines() == [
        f"::error file={file},line=5,title=labeltrack::unknown key '50%25,\\nx:y' (known keys: "
        "id, name, short_name, country, portfolio, website, contacts, notify, notes, label)",
        f"{path}: 1 error",
    ]


def test_github_escapes() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("C:\\dir,a.toml") == "C%3A\\dir%2Ca.toml"


def test_github_shows_ten_annotations_then_a_notice(
    invoke: Invoke, write_registry: WriteRegistry
) -> None:
    path = write_registry(MANY_PROBLEMS)
    lines = invoke("check", "-r", path, "-f", "github").stdout.splitlines()
    annotations = [line for line in lines if line.startswith("::error ")]
    assert len(annotations) == 10
    assert lines[10].startswith(f"{path}:")  # the other two, as plain lines
    assert lines[12] == (
        "::notice title=labeltrack::2 more problems are not shown as annotations; they are "
        "listed in this step's log"
    )
    assert lines[13] == f"{path}: 12 errors"


def test_github_appends_a_job_summary(
    invoke: Invoke, write_registry: WriteRegistry, tmp_path: Path
) -> None:
    path = write_registry('[[cluster]]\nid = "a"\nname = "A|B"\ncountry = "XX"\n')
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    invoke("check", "-r", path, "-f", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n### labeltrack check: ")
    assert "| Line | Severity | Message |" in text
    assert "| 4 | error | country must be an ISO 3166-1 alpha-2 country code" in text


def test_json_format(invoke: Invoke, write_registry: WriteRegistry) -> None:
    path = write_registry(
        '[[cluster]]\nid = "a"\nname = "A"\ncountry = "DK"\nportfolio = "Optics"\nmascot = 1\n'
    )
    result = invoke("check", "-r", path, "-f", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "file": str(path),
        "errors": [
            {
                "line": 5,
                "message": "'Optics' is not an ESCA comparative portfolio; the closest is "
                "'Micro, nano and optical technologies'",
                "severity": "warning",
            },
            {
                "line": 6,
                "message": "unknown key 'mascot' (known keys: id, name, short_name, country, "
                "portfolio, website, contacts, notify, notes, label)",
                "severity": "error",
            },
        ],
        "summary": {
            "passed": False,
            "errors": 1,
            "warnings": 1,
            "clusters": None,
            "labels": None,
            "text": f"{path}: 1 error, 1 warning",
        },
    }
    ok = json.loads(invoke("check", "-r", BIGINN, "-f", "json").stdout)
    assert ok["errors"] == []
    assert ok["summary"]["passed"] is True
    assert (ok["summary"]["clusters"], ok["summary"]["labels"]) == (3, 4)


@pytest.mark.parametrize(
    ("as_of", "code", "line"),
    [
        (
            "2025-01-01",
            0,
            "LABELTRACK OK - all 3 labels ok | expired=0;;;0 critical=0;;;0 warning=0;;;0 "
            "ok=3;;;0 lapsed=0;;;0 unlabelled=0;;;0",
        ),
        (
            "2025-06-01",
            1,
            "LABELTRACK WARNING - 1 warning: bigscience-dk 177 days left | expired=0;;;0 "
            "critical=0;;;0 warning=1;;;0 ok=2;;;0 lapsed=0;;;0 unlabelled=0;;;0",
        ),
        (
            "2025-11-28",
            2,
            "LABELTRACK CRITICAL - 1 expired, 1 critical: bigscience-dk expired 3 days ago, "
            "ineustar 2 days left | expired=1;;;0 critical=1;;;0 warning=0;;;0 ok=1;;;0 "
            "lapsed=0;;;0 unlabelled=0;;;0",
        ),
    ],
)
def test_nagios_plugin_line_and_exit_code(invoke: Invoke, as_of: str, code: int, line: str) -> None:
    result = invoke("check", "-r", BIGINN, "-f", "nagios", "--as-of", as_of)
    assert (result.exit_code, result.stdout) == (code, line + "\n")


def test_nagios_unknown_when_the_registry_is_bad(
    invoke: Invoke, write_registry: WriteRegistry, tmp_path: Path
) -> None:
    path = write_registry('[[cluster]]\nid = "a|b"\nname = "A"\ncountry = "DK"\n')
    result = invoke("check", "-r", path, "-f", "nagios")
    assert result.exit_code == 3
    assert result.stdout.startswith(f"LABELTRACK UNKNOWN - {path}:2: error: id must use only")
    missing = invoke("check", "-r", tmp_path / "none.toml", "-f", "nagios")
    assert missing.exit_code == 3


def test_nagios_counts_unlabelled_clusters_only_in_perfdata(
    invoke: Invoke, write_registry: WriteRegistry
) -> None:
    path = write_registry('[[cluster]]\nid = "a"\nname = "A"\ncountry = "DK"\n')
    result = invoke("check", "-r", path, "-f", "nagios")
    assert (result.exit_code, result.stdout) == (
        0,
        "LABELTRACK OK - no label to watch | expired=0;;;0 critical=0;;;0 warning=0;;;0 "
        "ok=0;;;0 lapsed=0;;;0 unlabelled=1;;;0\n",
    )


def test_fail_on_names_the_labels_on_their_lines(invoke: Invoke) -> None:
    ok = invoke("check", "-r", BIGINN, "--fail-on", "critical", "--as-of", "2025-06-01")
    assert ok.exit_code == 0
    failed = invoke("check", "-r", BIGINN, "--fail-on", "critical", "--as-of", "2025-11-28")
    assert failed.exit_code == 1
    assert failed.stdout.splitlines() == [
        f"{BIGINN}:19: error: the BRONZE label of 'BigScience.dk' expired on 2025-11-25, 3 days "
        "ago; --fail-on critical",
        f"{BIGINN}:32: error: the BRONZE label of 'INEUSTAR – Asociación Española de la "
        "Industria de la Ciencia' is critical: 2 days left, valid until 2025-11-30; --fail-on "
        "critical",
        f"{BIGINN}: 2 errors",
    ]
    only_expired = invoke("check", "-r", BIGINN, "--fail-on", "expired", "--as-of", "2025-11-28")
    assert len(only_expired.stdout.splitlines()) == 2


def test_registry_text_never_becomes_a_terminal_or_workflow_command(
    invoke: Invoke, write_registry: WriteRegistry
) -> None:
    """Issue 13, defect 2: the unknown-scheme hint and a [scheme] entry's name quote their text,
    and under GitHub Actions every line is encoded, annotation or not."""
    evil = "x\\n::error file=a::owned\\n::stop-commands::t\\n\\u001b]0;title\\u0007\\u001b[2J"
    labels = "".join(
        f'\n[[cluster.label]]\nscheme = "{evil}"\nlevel = "l"\nvalid_until = 2026-01-0{day}\n'
        for day in range(1, 10)
    )
    path = write_registry(
        f'[scheme]\n"{evil}" = 5\n\n[[cluster]]\nid = "a"\nname = "A"\ncountry = "DK"\n{labels}'
        '\n[[cluster]]\nid = "b"\nname = "B"\ncountry = "DK"\n'
        f'\n[[cluster.label]]\nscheme = "{evil}"\nlevel = "l"\nvalid_until = 2026-01-01\n'
        f'\n[[cluster.label]]\nscheme = "{evil}"\nlevel = "l"\nvalid_until = 2026-01-02\n'
    )
    for fmt in ("text", "github", "json"):
        result = invoke("check", "-r", path, "-f", fmt)
        assert result.exit_code == 1
        assert "\x1b" not in result.stdout
        assert "\x07" not in result.stdout
        lines = result.stdout.splitlines()
        assert not [line for line in lines if line.startswith("::stop-commands")]
        if fmt == "github":
            assert len(lines) > 11  # some problems past GitHub's ten annotations
            assert all(line.startswith(("::error ", "::warning ", "::notice ", f"{path}"))
                       for line in lines)  # fmt: skip


def test_an_unreadable_registry_is_labeltracks_own_error(
    invoke: Invoke, write_registry: WriteRegistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13, defect 7: PATH:1: error and exit 1 (UNKNOWN for Nagios), not a usage error."""
    path = write_registry('[[cluster]]\nid = "a"\nname = "A"\ncountry = "DK"\n')
    real = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    text = invoke("check", "-r", path)
    assert (text.exit_code, text.stdout) == (
        1,
        f"{path}:1: error: the file cannot be read: permission denied\n{path}: 1 error\n",
    )
    nagios = invoke("check", "-r", path, "-f", "nagios")
    assert nagios.exit_code == 3
    assert nagios.stdout.startswith(f"LABELTRACK UNKNOWN - {path}:1: error: the file cannot be")
    document = invoke("check", "-r", path, "-f", "json")
    assert document.exit_code == 1
    assert document.stdout.startswith('{\n  "file": ')


def test_a_settings_mistake_is_a_finding_on_its_line(
    invoke: Invoke, write_registry: WriteRegistry
) -> None:
    """Issue 16, item 2: warn_days below the default critical_days was a usage error."""
    path = write_registry("[settings]\nwarn_days = 10\n")
    message = (
        f"{path}:2: error: warn_days 10 is less than critical_days, 30 when not given; raise "
        "warn_days or set critical_days to at most 10"
    )
    checked = invoke("check", "-r", path)
    assert (checked.exit_code, checked.stdout) == (1, f"{message}\n{path}: 1 error\n")
    nagios = invoke("check", "-r", path, "-f", "nagios")
    assert (nagios.exit_code, nagios.stdout) == (3, f"LABELTRACK UNKNOWN - {message}\n")
    shown = invoke("status", "-r", path)
    assert (shown.exit_code, shown.stderr) == (1, f"labeltrack: {message}\n")


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["--as-of", "2026-13-01"],
         "LABELTRACK UNKNOWN - --as-of: '2026-13-01' is not a date; write it as YYYY-MM-DD"),
        (["--bogus"], "LABELTRACK UNKNOWN - No such option: --bogus (see labeltrack check -h)"),
        (["--critical-days", "400"], "LABELTRACK UNKNOWN - critical days (400) must not be more "
         "than warn days (180); check --critical-days and --warn-days against the registry's "
         "[settings]"),
    ],
)  # fmt: skip
def test_nagios_answers_a_bad_call_with_unknown(invoke: Invoke, args: list[str], line: str) -> None:
    """Issue 16, item 3: Monitoring Plugins want 3 (UNKNOWN) and one status line."""
    result = invoke("check", "-r", BIGINN, "-f", "nagios", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (3, line + "\n", "")


def test_github_shows_ten_annotations_of_each_severity(
    invoke: Invoke, write_registry: WriteRegistry
) -> None:
    """Issue 16, item 4: 8 errors and 5 warnings are all annotations."""
    clusters = "".join(
        f'[[cluster]]\nid = "e{n}"\nname = "E"\ncountry = "xx"\n\n' for n in range(8)
    ) + "".join(
        f'[[cluster]]\nid = "w{n}"\nname = "W"\ncountry = "DK"\nportfolio = "p"\n\n'
        for n in range(5)
    )
    result = invoke("check", "-r", write_registry(clusters), "-f", "github")
    lines = result.stdout.splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 8
    assert sum(line.startswith("::warning ") for line in lines) == 5
    assert not any(line.startswith("::notice") for line in lines)
