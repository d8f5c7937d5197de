"""The editing commands through the CLI: what they write, and that a refusal changes no byte."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
import tomllib
from datetime import date
from pathlib import Path

import pytest

from labeltrack import edit

from .conftest import Invoke

REGISTRY = """\
# Our clusters.
# Kept by the secretariat.

[settings]
warn_days = 180
critical_days = 30

[[cluster]]
id = "litek"
name = "LITEK – Laser & Engineering Technologies Cluster"
short_name = "LITEK"
country = "LT"

[[cluster.label]]
level = "bronze"
valid_until = 2023-05-31
"""


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    path = tmp_path / "clusters.toml"
    path.write_text(REGISTRY, encoding="utf-8")
    return path


def _data(path: Path) -> dict:  # type: ignore[type-arg]
    with path.open("rb") as handle:
        return tomllib.load(handle)


def test_init_creates_a_valid_registry_and_never_overwrites(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "clusters.toml"
    created = invoke("init", "-r", path)
    assert (created.exit_code, created.stderr) == (
        0,
        f"labeltrack: {path}: created a new registry\n",
    )
    assert path.read_text(encoding="utf-8") == edit.INIT_TEXT
    assert invoke("check", "-r", path).exit_code == 0
    assert invoke("fmt", "--check", "-r", path).exit_code == 0
    path.write_text("mine", encoding="utf-8")
    again = invoke("init", "-r", path)
    assert (again.exit_code, again.stderr) == (
        1,
        f"labeltrack: {path}: the file already exists; labeltrack init never overwrites a "
        "registry\n",
    )
    assert path.read_text(encoding="utf-8") == "mine"


def test_init_dry_run_shows_the_file_and_creates_nothing(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "new" / "clusters.toml"
    result = invoke("init", "-r", path, "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"--- {path}\n+++ {path} (after)\n")
    assert "+[settings]\n" in result.stdout
    assert (
        result.stderr
        == f"labeltrack: {path}: would create a new registry; dry run, nothing written\n"
    )
    assert not path.parent.exists()


def test_add_writes_the_cluster_in_the_canonical_layout(invoke: Invoke, registry: Path) -> None:
    result = invoke(
        "add", "-r", registry, "--name", "BigScience.dk", "--country", "DK",
        "--portfolio", "Aviation and space", "--contact", "a@example.org",
        "--contact", "b@example.org", "--website", "https://bigscience.dk",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert (
        result.stderr == f"labeltrack: {registry}: added cluster 'bigscience-dk' (BigScience.dk)\n"
    )
    assert registry.read_text(encoding="utf-8") == REGISTRY + textwrap.dedent(
        """
        [[cluster]]
        id = "bigscience-dk"
        name = "BigScience.dk"
        country = "DK"
        portfolio = "Aviation and space"
        website = "https://bigscience.dk"
        contacts = [
            "a@example.org",
            "b@example.org",
        ]
        """
    )


def test_add_derives_the_id_from_the_short_name(invoke: Invoke, registry: Path) -> None:
    result = invoke("add", "-r", registry, "--name", "Asociación Española", "--short-name",
                    "INEUSTAR", "--country", "ES")  # fmt: skip
    assert result.exit_code == 0
    assert _data(registry)["cluster"][1]["id"] == "ineustar"


def test_add_warns_about_an_unknown_portfolio_but_adds(invoke: Invoke, registry: Path) -> None:
    result = invoke("add", "x", "-r", registry, "--name", "X", "--country", "DK",
                    "--portfolio", "Optics")  # fmt: skip
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"labeltrack: {registry}: warning: 'Optics' is not an ESCA comparative portfolio; "
        "the closest is 'Micro, nano and optical technologies'",
        f"labeltrack: {registry}: added cluster 'x' (X)",
    ]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["litek", "--name", "Again", "--country", "LT"],
            1,
            "{path}: cluster id 'litek' is already taken by 'LITEK – Laser & Engineering "
            "Technologies Cluster'; give another id: labeltrack add ID ...",
        ),
        (
            ["--name", "LITEK", "--country", "LT"],
            1,
            "{path}: cluster id 'litek' is already taken by 'LITEK – Laser & Engineering "
            "Technologies Cluster'; give another id: labeltrack add ID ...",
        ),
        (
            ["new", "--name", "New", "--country", "XX"],
            2,
            "--country: must be an ISO 3166-1 alpha-2 country code like DK, ES or LT (EL and UK "
            "are accepted too); not 'XX'",
        ),
        (
            ["new", "--name", "New", "--country", "dk"],
            2,
            "--country: must be written in capitals: 'DK'",
        ),
        (
            ["New_Id", "--name", "New", "--country", "DK"],
            2,
            'ID: must use only lowercase letters, digits and single hyphens, like "litek" or '
            "\"bigscience-dk\"; not 'New_Id'",
        ),
        (
            ["new", "--name", "New", "--country", "DK", "--website", "ftp://x.org"],
            2,
            "--website: must be a web address like https://example.org; not 'ftp://x.org'",
        ),
        (
            ["new", "--name", "New", "--country", "DK", "--contact", "nobody"],
            2,
            "--contact: entry 1 must be an e-mail address like manager@example.org; not 'nobody'",
        ),
        (["new", "--name", "New"], 2, "Missing option '--country'. (see labeltrack add -h)"),
    ],
)  # fmt: skip
def test_add_refusals_change_no_byte(
    invoke: Invoke, registry: Path, args: list[str], code: int, message: str
) -> None:
    before = registry.read_bytes()
    result = invoke("add", "-r", registry, *args)
    assert result.exit_code == code
    assert result.stderr == "labeltrack: " + message.format(path=registry) + "\n"
    assert registry.read_bytes() == before


def test_award_derives_a_renewal_by_escas_rule(invoke: Invoke, registry: Path) -> None:
    result = invoke("award", "litek", "--level", "bronze", "--awarded", "2023-10-10",
                    "-r", registry)  # fmt: skip
    assert result.exit_code == 0
    assert result.stderr == (
        f"labeltrack: {registry}: recorded a BRONZE label for 'litek', valid until 2026-05-31 (a "
        "renewal of "
        "the BRONZE label that ended 2023-05-31: awarded 132 days after it ended, within its "
        "grace period of a year, it runs three years from that day, without a gap)\n"
    )
    labels = _data(registry)["cluster"][0]["label"]
    assert labels[-1] == {
        "level": "bronze",
        "awarded": tomllib.loads("d = 2023-10-10")["d"],
        "valid_until": tomllib.loads("d = 2026-05-31")["d"],
    }


def test_award_a_first_label_and_keep_labels_in_date_order(invoke: Invoke, registry: Path) -> None:
    assert (
        invoke("add", "-r", registry, "--name", "BigScience.dk", "--country", "DK").exit_code == 0
    )
    first = invoke("award", "bigscience-dk", "--level", "bronze", "--awarded", "2023-11-25",
                   "-r", registry)  # fmt: skip
    assert "2025-11-25 (a first BRONZE label runs two years from the award)" in first.stderr
    earlier = invoke("award", "litek", "--level", "silver", "--valid-until", "2021-01-31",
                     "--notes", "Older one", "-r", registry)  # fmt: skip
    assert earlier.exit_code == 0
    untils = [label["valid_until"].isoformat() for label in _data(registry)["cluster"][0]["label"]]
    assert untils == ["2021-01-31", "2023-05-31"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["litk", "--level", "gold", "--valid-until", "2027-01-01"], 1,
         "{path}: there is no cluster with id or name 'litk'; did you mean 'litek'?"),
        (["litek", "--level", "gold"], 2,
         "give --valid-until, or --awarded to derive it from the scheme's rules"),
        (["litek", "--level", "gold", "--awarded", "2027-02-01", "--valid-until", "2027-01-01"],
         2, "--valid-until: 2027-01-01 must not be before the award date 2027-02-01"),
        (["litek", "--level", "gold", "--valid-until", "2027/01/01"], 2,
         "--valid-until: '2027/01/01' is not a date; write it as YYYY-MM-DD"),
        (["litek", "--level", "platinum", "--valid-until", "2027-01-01"], 2,
         "--level: must be one of the ECEI levels bronze, silver, gold; not the text 'platinum'"),
        (["litek", "--level", "key", "--scheme", "nosuch", "--awarded", "2027-01-01"], 2,
         "--scheme: 'nosuch' is not a known scheme (ECEI, aei, arena, arena-pro, dk-national, "
         "gce, go-cluster, hu-accredited, kkk, pole); declare others under [scheme.ID] in the "
         "registry"),
        (["litek", "--level", "key", "--scheme", "nosuch", "--valid-until", "2027-01-01"], 2,
         "--scheme: 'nosuch' is not ECEI, a built-in scheme (labeltrack schemes) or one declared "
         "in this file; declare it as a [scheme.nosuch] table"),
        (["litek", "--level", "gold", "--awarded", "2199-01-01"], 2,
         "--awarded: 2199-01-01 is after today ({today}); labels are recorded once they are "
         "granted (give --valid-until too to record a label granted ahead of its award date)"),
        (["litek", "--level", "bronze", "--valid-until", "2023-05-31"], 1,
         "{path}: a BRONZE label valid until 2023-05-31 is already recorded (no award date "
         "recorded)"),
        (["litek", "--level", "bronze", "--awarded", "2021-01-01"], 1,
         "{path}: a BRONZE label awarded 2021-01-01, valid until 2023-01-01 would overlap the "
         "BRONZE label valid from 2021-05-31 (estimated: no award date is recorded) until "
         "2023-05-31: two labels of one level cannot run at once; if it is the same label, add "
         "awarded = 2021-01-01 to it in the file instead"),
    ],
)  # fmt: skip
def test_award_refusals_change_no_byte(
    invoke: Invoke, registry: Path, args: list[str], code: int, message: str
) -> None:
    before = registry.read_bytes()
    result = invoke("award", "-r", registry, *args)
    assert result.exit_code == code, result.stderr
    assert (
        result.stderr == "labeltrack: " + message.format(path=registry, today=date.today()) + "\n"
    )
    assert registry.read_bytes() == before


def test_a_label_granted_ahead_of_its_award_date_needs_its_end(
    invoke: Invoke, registry: Path
) -> None:
    result = invoke("award", "-r", registry, "litek", "--level", "silver", "--awarded",
                    "2199-01-01", "--valid-until", "2200-12-31")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert _data(registry)["cluster"][0]["label"][-1]["valid_until"] == date(2200, 12, 31)


def test_remove_needs_yes_when_not_on_a_terminal(invoke: Invoke, registry: Path) -> None:
    before = registry.read_bytes()
    refused = invoke("remove", "litek", "-r", registry)
    assert (refused.exit_code, refused.stderr) == (
        2,
        "labeltrack: not removing cluster 'litek' (LITEK – Laser & Engineering Technologies "
        "Cluster) and its "
        "1 label without confirmation: pass --yes when not on a terminal\n",
    )
    assert registry.read_bytes() == before
    unknown = invoke("remove", "litec", "--yes", "-r", registry)
    assert unknown.exit_code == 1
    assert (
        unknown.stderr == f"labeltrack: {registry}: there is no cluster with id or name 'litec'; "
        "did you mean 'litek'?\n"
    )
    removed = invoke("remove", "litek", "--yes", "-r", registry)
    assert removed.exit_code == 0
    assert "cluster" not in _data(registry)
    assert registry.read_text(encoding="utf-8").startswith("# Our clusters.\n# Kept by")


def test_dry_run_shows_the_diff_and_writes_nothing(invoke: Invoke, registry: Path) -> None:
    before = registry.read_bytes()
    result = invoke("remove", "litek", "--dry-run", "-r", registry)
    assert result.exit_code == 0
    assert registry.read_bytes() == before
    assert result.stdout.startswith(f"--- {registry}\n+++ {registry} (after)\n")
    assert '-id = "litek"\n' in result.stdout
    assert result.stderr.endswith("and its 1 label; dry run, nothing written\n")


MESSY = """\
#:schema ../schema/clusters.schema.json
# Header.
[[cluster]]
country = "LT"
id = "litek"   # keep this?
name = "LITEK"
label = [{level = "bronze", valid_until = 2026-05-31}]
# trailing remark
"""


def test_comments_below_the_header_make_a_write_refuse(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "messy.toml"
    path.write_text(MESSY, encoding="utf-8")
    refused = invoke("fmt", "-r", path)
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"labeltrack: {path}: the comments on lines 5, 8 would be lost, because labeltrack "
        "rewrites the file "
        "and keeps only the comment block at the top; move them into notes fields, or pass "
        "--drop-comments to accept the loss: nothing was changed\n"
    )
    assert path.read_text(encoding="utf-8") == MESSY
    dropped = invoke("fmt", "-r", path, "--drop-comments")
    assert dropped.exit_code == 0
    assert dropped.stderr == (
        f"labeltrack: {path}: reformatted the file in the canonical layout; dropped the comments "
        "on lines "
        "5, 8\n"
    )
    assert path.read_text(encoding="utf-8") == textwrap.dedent(
        """\
        #:schema ../schema/clusters.schema.json
        # Header.

        [[cluster]]
        id = "litek"
        name = "LITEK"
        country = "LT"

        [[cluster.label]]
        level = "bronze"
        valid_until = 2026-05-31
        """
    )


def test_fmt_check_and_diff_change_nothing(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "clusters.toml"
    text = '[[cluster]]\nname = "X"\nid = "x"\ncountry = "DK"\n'
    path.write_text(text, encoding="utf-8")
    check = invoke("fmt", "--check", "-r", path)
    assert (check.exit_code, check.stdout) == (1, "")
    assert (
        check.stderr
        == f"labeltrack: {path}: not in the canonical layout; run labeltrack fmt -r {path}\n"
    )
    diff = invoke("fmt", "--check", "--diff", "-r", path)
    assert diff.exit_code == 1
    assert '-id = "x"\n' in diff.stdout
    assert '+id = "x"\n' in diff.stdout
    assert invoke("fmt", "--diff", "-r", path).exit_code == 0
    assert path.read_text(encoding="utf-8") == text
    assert invoke("fmt", "-r", path).exit_code == 0
    assert path.read_text(encoding="utf-8") == '[[cluster]]\nid = "x"\nname = "X"\ncountry = "DK"\n'
    again = invoke("fmt", "-r", path)
    assert again.stderr == f"labeltrack: {path}: already in the canonical layout; unchanged\n"
    assert invoke("fmt", "--check", "-r", path).exit_code == 0


def test_an_invalid_registry_is_never_written(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    text = '[[cluster]]\nid = "x"\nname = "X"\ncountry = "XX"\nmascot = 1\n'
    path.write_text(text, encoding="utf-8")
    for args in (["fmt"], ["add", "y", "--name", "Y", "--country", "DK"], ["fmt", "--check"]):
        result = invoke(*args, "-r", path)
        assert result.exit_code == 1
        assert result.stderr.startswith(
            f"labeltrack: {path}:4: error: country must be an ISO 3166-1"
        )
        assert result.stderr.endswith(
            f"(and 1 more); fix the registry first (labeltrack check -r {path} lists every "
            "problem): nothing was changed\n"
        )
    assert path.read_text(encoding="utf-8") == text
    missing = invoke("fmt", "-r", tmp_path / "none.toml")
    assert missing.exit_code == 1
    assert missing.stderr == (
        f"labeltrack: {tmp_path / 'none.toml'}:1: error: file not found; pass --registry PATH or "
        "set "
        "LABELTRACK_REGISTRY\n"
    )


def test_a_write_keeps_the_files_permissions(invoke: Invoke, registry: Path) -> None:
    registry.chmod(0o640)
    assert invoke("add", "x", "--name", "X", "--country", "DK", "-r", registry).exit_code == 0
    assert stat.S_IMODE(registry.stat().st_mode) == 0o640


def test_a_failed_write_leaves_the_original_intact(
    invoke: Invoke, registry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(handle: int) -> None:
        raise OSError(28, "No space left on device")

    before = registry.read_bytes()
    monkeypatch.setattr(os, "fsync", full_disk)
    result = invoke("add", "x", "--name", "X", "--country", "DK", "-r", registry)
    assert (result.exit_code, result.stderr) == (
        1,
        f"labeltrack: {registry}: cannot write the file: No space left on device; it is "
        "unchanged\n",
    )
    assert registry.read_bytes() == before
    assert sorted(p.name for p in registry.parent.iterdir()) == [
        ".clusters.toml.lock",
        "clusters.toml",
    ]


def test_a_file_saved_by_someone_else_meanwhile_is_not_overwritten(
    invoke: Invoke, registry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = REGISTRY.replace("critical_days = 30", "critical_days = 20")
    real_render = edit.render

    def editor_saves_meanwhile(header: list[str], data: edit.Data) -> str:
        registry.write_text(saved, encoding="utf-8")
        return real_render(header, data)

    monkeypatch.setattr(edit, "render", editor_saves_meanwhile)
    result = invoke("add", "x", "--name", "X", "--country", "DK", "-r", registry)
    assert (result.exit_code, result.stderr) == (
        1,
        f"labeltrack: {registry}: the file changed on disk while labeltrack was editing it (an "
        "editor saved "
        "it?); nothing was written, so run the command again\n",
    )
    assert registry.read_text(encoding="utf-8") == saved


def test_concurrent_awards_all_land(registry: Path) -> None:
    """Separate processes, as two people or two scripts would run them."""
    command = str(Path(sys.executable).parent / "labeltrack")
    days = [f"{2030 + 3 * step}-01-01" for step in range(8)]  # one renewal after another
    processes = [
        subprocess.Popen(
            [command, "award", "litek", "--level", "gold", "--valid-until", day, "-r", registry],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for day in days
    ]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    untils = {label["valid_until"].isoformat() for label in _data(registry)["cluster"][0]["label"]}
    assert untils == {"2023-05-31", *days}


@pytest.mark.parametrize(("answer", "code"), [("n", 1), ("y", 0)])
def test_remove_asks_on_a_terminal(registry: Path, answer: str, code: int) -> None:
    import pty

    main, secondary = pty.openpty()
    command = str(Path(sys.executable).parent / "labeltrack")
    with subprocess.Popen(
        [command, "remove", "litek", "-r", registry],
        stdin=secondary,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        os.close(secondary)
        os.write(main, f"{answer}\n".encode())
        _, err = process.communicate(timeout=60)
    os.close(main)
    assert process.returncode == code
    question = (
        f"labeltrack: {registry}: remove cluster 'litek' (LITEK – Laser & Engineering Technologies "
        "Cluster) "
        "and its 1 label? [y/N]:"
    )
    assert err.decode().startswith(question)
    assert ("cluster" in _data(registry)) is (answer == "n")


def test_award_a_national_label_by_its_schemes_rules(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "clusters.toml"
    path.write_text(
        '[[cluster]]\nid = "pl"\nname = "Polski Klaster"\ncountry = "PL"\n\n'
        '[scheme.key-national-cluster]\nlevels = ["key"]\nname = "Krajowy Klaster Kluczowy"\n'
        "validity_months = 36\nlead_days = 120\n",
        encoding="utf-8",
    )
    result = invoke("award", "pl", "--scheme", "key-national-cluster", "--level", "key",
                    "--awarded", "2024-02-29", "-r", path)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert (
        "valid until 2027-02-28 (a first KEY (key-national-cluster) label runs three years from "
        "the award)" in result.stderr
    )
    assert path.read_text(encoding="utf-8") == textwrap.dedent(
        """\
        [scheme.key-national-cluster]
        name = "Krajowy Klaster Kluczowy"
        levels = [
            "key",
        ]
        validity_months = 36
        lead_days = 120

        [[cluster]]
        id = "pl"
        name = "Polski Klaster"
        country = "PL"

        [[cluster.label]]
        scheme = "key-national-cluster"
        level = "key"
        awarded = 2024-02-29
        valid_until = 2027-02-28
        """
    )
    wrong = invoke("award", "pl", "--scheme", "key-national-cluster", "--level", "gold",
                   "--valid-until", "2030-01-01", "-r", path)  # fmt: skip
    assert (wrong.exit_code, wrong.stderr) == (
        2,
        "labeltrack: --level: must be one of the key-national-cluster levels key; not the text "
        "'gold'\n",
    )


def test_award_takes_a_level_in_any_case(invoke: Invoke, registry: Path) -> None:
    result = invoke("award", "LITEK", "-r", registry, "--level", "Gold", "--valid-until",
                    "2027-01-31")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert _data(registry)["cluster"][0]["label"][-1] == {
        "level": "gold",
        "valid_until": date(2027, 1, 31),
    }
