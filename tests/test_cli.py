from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from labeltrack import __version__

from .conftest import BIGINN, REPO, Invoke, WriteRegistry

TABLE_2025_06_01 = """\
Cluster                                                       Country    Portfolio                             Level   Valid until  Renew by    Days left  State
──────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
BigScience.dk                                                 Denmark    Aviation and space                    BRONZE  2025-11-25   2025-08-27        177  warning
INEUSTAR – Asociación Española de la Industria de la Ciencia  Spain      Aviation and space                    BRONZE  2025-11-30                     182  ok
LITEK – Laser & Engineering Technologies Cluster              Lithuania  Micro, nano and optical technologies  BRONZE  2026-05-31                     364  ok

As of 2025-06-01: warning at 180 days left or fewer, critical at 30.
"""  # noqa: E501

HOSTILE = """
[[cluster]]
id = "markup"
name = "[bold]Loud[/bold] [link=https://evil.example]click[/link]"
country = "DK"
portfolio = "[red]ICT"

[[cluster.label]]
level = "gold"
valid_until = 2026-01-10
"""


def _bin(name: str) -> str:
    """A console script installed beside the running interpreter."""
    path = Path(sys.executable).parent / name
    assert path.exists(), f"{name} is not installed in {path.parent}"
    return str(path)


# -- status --------------------------------------------------------------------------------------


def test_status_table_of_the_bundled_registry(invoke: Invoke) -> None:
    result = invoke("status", "-r", BIGINN, "--as-of", "2025-06-01")
    assert result.exit_code == 0, result.output
    assert result.stdout == TABLE_2025_06_01
    assert "\x1b" not in result.stdout


def test_status_json_follows_the_documented_shape(invoke: Invoke) -> None:
    result = invoke("status", "-r", BIGINN, "--as-of", "2026-05-31", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["as_of"] == "2026-05-31"
    assert (document["warn_days"], document["critical_days"]) == (180, 30)
    assert document["labels"] == [
        {
            "cluster_id": "bigscience-dk",
            "cluster_name": "BigScience.dk",
            "country": "DK",
            "portfolio": "Aviation and space",
            "scheme": "ECEI",
            "level": "bronze",
            "awarded": None,
            "valid_until": "2025-11-25",
            "days_left": -187,
            "state": "expired",
            "renew_by": "2025-08-27",
            "renewable_until": "2026-11-25",
        },
        {
            "cluster_id": "ineustar",
            "cluster_name": "INEUSTAR – Asociación Española de la Industria de la Ciencia",
            "country": "ES",
            "portfolio": "Aviation and space",
            "scheme": "ECEI",
            "level": "bronze",
            "awarded": None,
            "valid_until": "2025-11-30",
            "days_left": -182,
            "state": "expired",
            "renew_by": "2025-09-01",
            "renewable_until": "2026-11-30",
        },
        {
            "cluster_id": "litek",
            "cluster_name": "LITEK – Laser & Engineering Technologies Cluster",
            "country": "LT",
            "portfolio": "Micro, nano and optical technologies",
            "scheme": "ECEI",
            "level": "bronze",
            "awarded": None,
            "valid_until": "2026-05-31",
            "days_left": 0,
            "state": "critical",
            "renew_by": "2026-03-02",
            "renewable_until": "2027-05-31",
        },
    ]


def test_status_json_of_an_unlabelled_cluster(
    invoke: Invoke, write_registry: WriteRegistry
) -> None:
    path = write_registry(
        """
        [settings]
        warn_days = 60
        critical_days = 7

        [[cluster]]
        id = "new"
        name = "New cluster"
        country = "EL"

        [[cluster]]
        id = "old"
        name = "Old cluster"
        country = "UK"

        [[cluster.label]]
        level = "silver"
        awarded = 2024-01-15
        valid_until = 2026-01-15
        """
    )
    result = invoke("status", "-r", path, "--as-of", "2026-01-01", "-f", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert (document["warn_days"], document["critical_days"]) == (60, 7)
    assert [(r["cluster_id"], r["state"], r["days_left"]) for r in document["labels"]] == [
        ("old", "warning", 14),
        ("new", "unlabelled", None),
    ]
    assert document["labels"][0]["awarded"] == "2024-01-15"
    unlabelled = document["labels"][1]
    assert (unlabelled["level"], unlabelled["valid_until"], unlabelled["awarded"]) == (None,) * 3


def test_command_line_thresholds_override_settings(invoke: Invoke) -> None:
    result = invoke(
        "status", "-r", BIGINN, "--as-of", "2025-06-01", "--warn-days", "400",
        "--critical-days", "178", "-f", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert (document["warn_days"], document["critical_days"]) == (400, 178)
    assert [r["state"] for r in document["labels"]] == ["critical", "warning", "warning"]


def test_status_reads_the_registry_named_in_the_environment(
    invoke: Invoke, write_registry: WriteRegistry
) -> None:
    path = write_registry(HOSTILE)
    result = invoke("status", "--as-of", "2026-01-01", "-f", "json",
                    env={"LABELTRACK_REGISTRY": str(path)})  # fmt: skip
    assert result.exit_code == 0, result.output
    assert [r["cluster_id"] for r in json.loads(result.stdout)["labels"]] == ["markup"]


def test_status_defaults_to_data_clusters_toml_and_today(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "data").mkdir()
    shutil.copy(BIGINN, tmp_path / "data" / "clusters.toml")
    monkeypatch.chdir(tmp_path)
    result = invoke("status", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["as_of"] == date.today().isoformat()


def test_names_are_data_never_markup(invoke: Invoke, write_registry: WriteRegistry) -> None:
    result = invoke("status", "-r", write_registry(HOSTILE), "--as-of", "2026-01-01")
    assert result.exit_code == 0, result.output
    assert "[bold]Loud[/bold] [link=https://evil.example]click[/link]" in result.stdout
    assert "[red]ICT" in result.stdout
    assert "\x1b" not in result.stdout


def test_status_on_an_invalid_registry_prints_every_error_and_exits_1(
    invoke: Invoke, write_registry: WriteRegistry
) -> None:
    path = write_registry(
        """
        [[cluster]]
        id = "litek"
        name = "LITEK"
        country = "XX"

        [[cluster.label]]
        level = "bronze"
        valid_until = "2026/05/31"
        """
    )
    result = invoke("status", "-r", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"labeltrack: {path}:4: error: country must be an ISO 3166-1 alpha-2 country code like "
        "DK, ES or LT (EL and UK are accepted too); not 'XX'",
        f"labeltrack: {path}:8: error: valid_until must be a TOML date without quotes, like "
        "2026-05-31; "
        "not the text '2026/05/31'",
    ]


def test_status_on_a_missing_registry(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    result = invoke("status", "-r", path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"labeltrack: {path}:1: error: file not found; pass --registry PATH or set "
        "LABELTRACK_REGISTRY\n"
    )


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["--as-of", "2026-13-01"], "--as-of: '2026-13-01' is not a date; write it as YYYY-MM-DD"),
        (["--as-of", "tomorrow"], "--as-of: 'tomorrow' is not a date; write it as YYYY-MM-DD"),
        (["--warn-days", "-1"], "--warn-days: -1 is not in the range 0<=x<=36500."),
        (["--critical-days", "abc"], "--critical-days: 'abc' is not a valid int range."),
        (["--format", "xml"],
         "--format: 'xml' is not one of 'table', 'json', 'csv', 'markdown', 'html', 'prometheus'."),
        (["--critical-days", "181"], "critical days (181) must not be more than warn days (180); "
         "check --critical-days and --warn-days against the registry's [settings]"),
        (["--state", "bogus"], "--state: 'bogus' is not a state; choose from expired, critical, "
         "warning, ok, lapsed, renewed, unlabelled"),
        (["--level", "platinum"], "--level: 'platinum' is not a level of any scheme in the "
         "registry; choose from bronze, silver, gold"),
        (["--bogus"], "No such option: --bogus (see labeltrack status -h)"),
    ],
)  # fmt: skip
def test_every_usage_error_is_one_line_naming_the_option(
    invoke: Invoke, args: list[str], line: str
) -> None:
    result = invoke("status", "-r", BIGINN, *args)
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"labeltrack: {line}\n",
    )


def test_levels_states_and_formats_in_any_case(invoke: Invoke) -> None:
    result = invoke("status", "-r", BIGINN, "--as-of", "2025-11-20", "--level", "Bronze",
                    "--state", "OK,Critical", "-f", "JSON")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    states = [label["state"] for label in json.loads(result.stdout)["labels"]]
    assert states == ["critical", "critical", "ok"]


# -- check ---------------------------------------------------------------------------------------


def test_check_passes_the_bundled_registry(invoke: Invoke) -> None:
    result = invoke("check", "-r", BIGINN)
    assert result.exit_code == 0
    assert result.stdout == f"{BIGINN}: OK (3 clusters, 4 labels)\n"


def test_check_reports_every_problem_then_a_summary(
    invoke: Invoke, write_registry: WriteRegistry
) -> None:
    path = write_registry(
        """
        [settings]
        critical_days = 200

        [[cluster]]
        id = "litek"
        name = "LITEK"
        country = "LT"
        portfolio = "Optics"

        [[cluster.label]]
        level = "bronze"
        valid_untill = 2026-05-31
        """
    )
    result = invoke("check", "-r", path)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{path}:2: error: critical_days 200 must not be more than warn_days (180)",
        f"{path}:8: warning: 'Optics' is not an ESCA comparative portfolio; "
        "the closest is 'Micro, nano and optical technologies'",
        f"{path}:10: error: missing required key valid_until",
        f"{path}:12: error: unknown key 'valid_untill'; did you mean valid_until?",
        f"{path}: 3 errors, 1 warning",
    ]


def test_check_fails_on_warnings_only_with_strict(
    invoke: Invoke, write_registry: WriteRegistry
) -> None:
    path = write_registry(
        """
        [[cluster]]
        id = "litek"
        name = "LITEK"
        country = "LT"
        portfolio = "Aviation & space"
        """
    )
    warning = (
        f"{path}:5: warning: 'Aviation & space' is not an ESCA comparative portfolio; "
        "the closest is 'Aviation and space'"
    )
    relaxed = invoke("check", "-r", path)
    assert relaxed.exit_code == 0
    assert relaxed.stdout.splitlines() == [warning, f"{path}: 1 warning"]
    assert invoke("check", "-r", path, "--strict").exit_code == 1
    # status does not fail on warnings: it is the reading command, check is the judge
    assert invoke("status", "-r", path, "--as-of", "2026-01-01").exit_code == 0


def test_check_reports_a_syntax_error_at_the_parsers_line(
    invoke: Invoke, write_registry: WriteRegistry
) -> None:
    path = write_registry('[[cluster]]\nid = "a"\nname = = "b"\n')
    result = invoke("check", "-r", path)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{path}:3: error: TOML syntax error: invalid value (column 8)",
        f"{path}: 1 error",
    ]


def test_check_of_an_empty_registry_is_fine(invoke: Invoke, write_registry: WriteRegistry) -> None:
    path = write_registry("")
    result = invoke("check", "-r", path)
    assert (result.exit_code, result.stdout) == (0, f"{path}: OK (0 clusters, 0 labels)\n")


# -- the command itself --------------------------------------------------------------------------


def test_version_and_short_help(invoke: Invoke) -> None:
    assert invoke("--version").stdout == f"labeltrack {__version__}\n"
    for args in (["-h"], ["--help"], ["status", "-h"], ["check", "-h"]):
        result = invoke(*args)
        assert result.exit_code == 0, args
        assert "Usage: labeltrack" in result.stdout, args
    bare = invoke()  # no command: the help, as a usage error
    assert bare.exit_code == 2
    assert "Usage: labeltrack" in bare.output
    assert "status" in bare.output
    assert "check" in bare.output


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "labeltrack", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, f"labeltrack {__version__}\n")


@pytest.mark.parametrize(
    ("output", "heavy"),
    [
        ("table", ("pydantic.main", "pycountry", "tomli_w", "apprise")),
        ("json", ("pydantic.main", "pycountry", "tomli_w", "rich.table", "apprise")),
    ],
)
def test_status_keeps_heavy_modules_off_its_start_up_path(
    output: str, heavy: tuple[str, ...]
) -> None:
    """The start-up budget (benchmarks/bench.py) holds only while these stay unimported."""
    code = (
        "import sys\n"
        "from labeltrack.cli import app\n"
        f"app(['status', '-r', {str(BIGINN)!r}, '--as-of', '2025-06-01', '-f', {output!r}],\n"
        "    standalone_mode=False)\n"
        f"print([name for name in {heavy!r} if name in sys.modules], file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert (result.returncode, result.stderr) == (0, "[]\n")


def test_installed_command_under_crons_bare_environment(tmp_path: Path) -> None:
    """cron: no TERM, LC_ALL=C, not a terminal — non-ASCII names must come out intact."""
    env = {"PATH": os.defpath, "LC_ALL": "C", "HOME": str(tmp_path)}
    result = subprocess.run(
        [_bin("labeltrack"), "status", "-r", BIGINN, "--as-of", "2025-06-01"],
        capture_output=True, cwd=tmp_path, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    assert result.stdout.decode("utf-8") == TABLE_2025_06_01


def _run_on_terminal(args: list[str], extra_env: dict[str, str]) -> str:
    """Run the installed command with stdout on a pseudo-terminal and return what it wrote."""
    main, secondary = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update({"TERM": "xterm-256color", "COLUMNS": "160"}, **extra_env)
    process = subprocess.Popen(
        [_bin("labeltrack"), *args, "-r", BIGINN],
        stdout=secondary,
        stderr=subprocess.PIPE,
        cwd=REPO,
        env=env,
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert process.wait(timeout=60) == 0
    assert process.stderr is not None
    with process.stderr:
        assert process.stderr.read() == b""
    return b"".join(chunks).decode("utf-8")


def test_a_terminal_gets_colour_and_no_color_turns_it_off() -> None:
    args = ["status", "--as-of", "2025-06-01"]
    coloured = _run_on_terminal(args, {})
    assert "\x1b[33mwarning" in coloured  # yellow
    assert "\x1b[32mok" in coloured  # green
    plain = _run_on_terminal(args, {"NO_COLOR": "1"})
    assert "\x1b" not in plain
    assert "BigScience.dk" in plain


def test_a_closed_pipe_ends_quietly() -> None:
    if shutil.which("head") is None:
        pytest.skip("needs head")
    result = subprocess.run(
        f"'{_bin('labeltrack')}' status -r '{BIGINN}' --as-of 2025-06-01 -f json | head -c 1",
        shell=True, capture_output=True, cwd=REPO, check=False,
    )  # fmt: skip
    assert result.stdout == b"{"
    assert b"Traceback" not in result.stderr


def test_status_state_filter_keeps_only_those_states(invoke: Invoke) -> None:
    result = invoke("status", "-r", BIGINN, "--as-of", "2025-06-01", "--state", "warning")
    assert result.exit_code == 0
    rows = [line for line in result.stdout.splitlines() if "BRONZE" in line]
    assert len(rows) == 1
    assert rows[0].startswith("BigScience.dk")
    assert rows[0].endswith("warning")


def test_status_filtered_to_nothing_is_silent_when_piped_for_crons_mailto(invoke: Invoke) -> None:
    args = ("status", "-r", BIGINN, "--as-of", "2025-06-01", "--state", "expired, critical")
    quiet = invoke(*args)
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")
    document = json.loads(invoke(*args, "-f", "json").stdout)  # JSON is always a document
    assert document["labels"] == []


def test_status_filtered_to_nothing_says_so_on_a_terminal() -> None:
    shown = _run_on_terminal(["status", "--as-of", "2025-06-01", "--state", "expired"], {})
    assert shown.splitlines()[0] == "No label matches these filters."
    assert "Cluster" not in shown  # no bare header
    assert "As of 2025-06-01" in shown


def test_status_unknown_state_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("status", "-r", BIGINN, "--state", "expired,gone")
    assert result.exit_code == 2
    assert (
        "'gone' is not a state; choose from expired, critical, warning, ok, lapsed, renewed, "
        "unlabelled" in result.stderr
    )


@pytest.mark.parametrize(
    ("args", "stdout", "stderr"),
    [
        (["-h"], "  export    Export labels to other tools (ics).\n", ""),
        (["export", "-h"], "  ics  An iCalendar file of label expiry dates.\n", ""),
        (["export", "ics", "-r", BIGINN], "BEGIN:VCALENDAR\n", ""),
        (["schema"], '  "title": "labeltrack registry",\n', ""),
        (["check", "-f", "nagios", "--as-of", "2025-01-01", "-r", BIGINN],
         "LABELTRACK OK - all 3 labels ok | ", ""),
        (["fmt", "--check", "-r", BIGINN], "",
         f"labeltrack: {BIGINN}: already in the canonical layout\n"),
    ],
)  # fmt: skip
def test_every_command_loads_lazily_and_works_installed(
    args: list[str], stdout: str, stderr: str
) -> None:
    """Each command is built only when it runs (start-up time); every one still works."""
    result = subprocess.run(
        [_bin("labeltrack"), *map(str, args)], capture_output=True, text=True, cwd=REPO,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (stdout in result.stdout) if stdout else (result.stdout == "")
    assert result.stderr == stderr


@pytest.mark.parametrize(
    "args",
    [
        ["status", "-r", "{path}"],  # two findings, two lines
        ["status", "-r", "{missing}"],
        ["status", "--as-of", "2026-13-01"],
        ["status", "--no-such-option"],
        ["show", "-r", "{path}", "x"],
        ["shwo"],
        ["fmt", "--check", "-r", BIGINN],
        ["add", "-r", BIGINN, "litek", "--name", "LITEK", "--country", "LT"],
        [
            "notify",
            "-r",
            BIGINN,
            "--to",
            "a@example.org",
            "--from",
            "b@example.org",
            "--smtp-host",
            "127.0.0.1",
            "--smtp-port",
            "1",
        ],
    ],
)
def test_every_line_on_stderr_says_it_comes_from_labeltrack(
    invoke: Invoke, write_registry: WriteRegistry, tmp_path: Path, args: list[str | Path]
) -> None:
    """A cron mail or a CI log mixes several programs' stderr; ours is recognisable by line."""
    path = write_registry(
        """
        [[cluster]]
        id = "x"
        name = "X"
        country = "XX"

        [[cluster.label]]
        level = "BRONZE"
        awarded = 2024-01-01
        valid_until = "2026/05/31"
        """
    )
    filled = [str(a).format(path=path, missing=tmp_path / "nope.toml") for a in args]
    result = invoke(*filled, env={"LABELTRACK_STATE_FILE": str(tmp_path)})  # a folder: refused
    lines = result.stderr.splitlines()
    assert lines, result.stdout
    assert [line for line in lines if not line.startswith("labeltrack: ")] == []
