"""`labeltrack import` end to end: one fixture per shape of source (an ESCA-style HTML page, the
BIGINN table as CSV, a workbook with a merged banner row and date cells, a semicolon CSV in
Windows-1252), exact plans, idempotence, and refusals that change no byte of the registry."""

from __future__ import annotations

import json
import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from .conftest import BIGINN, Invoke

FIXTURES = Path(__file__).parent / "fixtures" / "import"

GERMANY = """
[[cluster]]
id = "oeko-bau"
name = "Öko-Bau Cluster"
country = "DE"

[[cluster.label]]
level = "silver"
valid_until = 2026-12-31

[[cluster]]
id = "medical-valley"
name = "Medical Valley EMN e.V."
country = "DE"
website = "https://www.medical-valley-emn.de"

[[cluster.label]]
level = "gold"
valid_until = 2027-06-30

[[cluster]]
id = "automotive-suedwest"
name = "Automotive Cluster Südwest"
country = "DE"

[[cluster.label]]
level = "bronze"
valid_until = 2026-03-31

[[cluster]]
id = "it-rhein-main"
name = "IT-Cluster Rhein-Main-Neckar"
country = "DE"

[[cluster.label]]
level = "silver"
valid_until = 2027-01-31
"""


@pytest.fixture
def germany(tmp_path: Path) -> Path:
    path = tmp_path / "clusters.toml"
    path.write_text(textwrap.dedent(GERMANY).lstrip(), encoding="utf-8")
    return path


@pytest.fixture
def empty(invoke: Invoke, tmp_path: Path) -> Path:
    path = tmp_path / "empty.toml"
    assert invoke("init", "-r", path).exit_code == 0
    return path


def _import(invoke: Invoke, *args: str | Path) -> tuple[int, str, str]:
    result = invoke("import", *args)
    return result.exit_code, result.stdout, result.stderr


def _plan(invoke: Invoke, *args: str | Path) -> dict[str, Any]:
    code, out, err = _import(invoke, *args, "--format", "json")
    assert (code, err) == (0, ""), err
    plan: dict[str, Any] = json.loads(out)
    return plan


def test_a_windows_1252_semicolon_csv_plans_every_kind_of_row(
    invoke: Invoke, germany: Path
) -> None:
    source = FIXTURES / "national-de.csv"
    code, out, err = _import(invoke, source, "-r", germany, "--as-of", "2026-01-01")
    assert (code, err) == (0, "")
    assert out == textwrap.dedent(f"""\
        {source}: 5 rows read; 0 new clusters, 0 new labels, 1 differing date, 2 unchanged, 2 rows not understood.

        Dates that differ (1, kept; --update changes them):
          row 3: medical-valley (by website): GOLD valid until 2027-06-30 in the registry, 2027-07-31 in the file

        Rows not understood (2):
          row 5: country 'Deutschland' is not a country labeltrack knows
          row 6: valid until '01.02.2027' could be day first or month first; give --day-first if the file writes the day first

        In the registry but not in the file (1):
          it-rhein-main (Germany): SILVER valid until 2027-01-31

        Unchanged: 2 rows match the registry.
          row 4: automotive-suedwest (a similar name, not the same: 'Automotive-Cluster Suedwest' in the file)

        Nothing was written: run again with --apply to carry out this plan.
        """)
    day_first = _plan(invoke, source, "-r", germany, "--as-of", "2026-01-01", "--day-first")
    (new,) = day_first["new_clusters"]
    assert new["id"] == "bioregio-stern-stuttgart"
    assert new["name"] == "BioRegio STERN – Stuttgart"  # the en dash is Windows-1252's 0x96
    assert new["website"] == "https://www.bioregio-stern.de"
    assert new["labels"] == [
        {
            "row": 6,
            "scheme": "ECEI",
            "level": "silver",
            "awarded": None,
            "valid_until": "2027-02-01",
        }
    ]
    matched = {
        m["row"]: (m["cluster_id"], m["matched_by"], m["fuzzy"]) for m in day_first["unchanged"]
    }
    assert matched == {
        2: ("oeko-bau", "name", False),  # "Cluster Öko-Bau e.V." and "Öko-Bau Cluster"
        4: ("automotive-suedwest", "similar name", True),
    }


def test_differing_dates_change_only_with_update(
    invoke: Invoke, germany: Path, tmp_path: Path
) -> None:
    source = FIXTURES / "national-de.csv"
    common = (source, "-r", germany, "--as-of", "2026-01-01", "--day-first")
    before = germany.read_bytes()
    refused = _import(invoke, *common, "--apply")
    assert refused == (
        1, "", f"labeltrack: {source}: 1 row could not be understood (row 5; see them without "
        "--apply); fix or delete them and run again: nothing was written\n",
    )  # fmt: skip
    assert germany.read_bytes() == before
    only_good = tmp_path / "national-de.csv"
    lines = source.read_bytes().split(b"\r\n")
    only_good.write_bytes(b"\r\n".join(line for line in lines if b"Deutschland" not in line))
    code, out, err = _import(invoke, only_good, "-r", germany, "--as-of", "2026-01-01",
                             "--day-first", "--apply")  # fmt: skip
    assert code == 0, err
    assert err == (f"labeltrack: {germany}: imported 1 new cluster, 1 new label from {only_good}\n")
    assert "Dates that differ (1, kept; --update changes them):" in out
    assert "valid_until = 2027-06-30" in germany.read_text(encoding="utf-8")
    code, out, err = _import(invoke, only_good, "-r", germany, "--as-of", "2026-01-01",
                             "--day-first", "--apply", "--update")  # fmt: skip
    assert (code, err) == (
        0, f"labeltrack: {germany}: imported 0 new clusters, 0 new labels, 1 changed date "
        f"from {only_good}\n",
    )  # fmt: skip
    assert "Dates that differ (1, changed to the file's):" in out
    text = germany.read_text(encoding="utf-8")
    assert "valid_until = 2027-07-31" in text
    assert "2027-06-30" not in text
    again = _plan(invoke, only_good, "-r", germany, "--as-of", "2026-01-01", "--day-first")
    assert (again["new_clusters"], again["new_labels"], again["differing"]) == ([], [], [])
    assert invoke("check", "-r", germany).exit_code == 0


def test_an_esca_page_imports_and_a_second_import_plans_nothing(
    invoke: Invoke, tmp_path: Path
) -> None:
    registry = tmp_path / "clusters.toml"
    registry.write_bytes(BIGINN.read_bytes())
    source = FIXTURES / "esca-dk.html"
    args = (source, "-r", registry, "--as-of", "2025-06-01", "--level", "bronze", "--country", "DK")
    plan = _plan(invoke, *args)
    assert [(n["id"], n["name"], n["website"], n["portfolio"]) for n in plan["new_clusters"]] == [
        ("danish-food-cluster", "Danish Food Cluster", "https://www.foodcluster.dk",
         "Food industry"),
        ("clean-danish-environmental-cluster", "CLEAN – Danish Environmental Cluster",
         "https://www.cleancluster.dk", "Energy and environment"),
        ("b-lifestyle-design-cluster-b", "<b>Lifestyle & Design Cluster</b>",
         "https://www.ldcluster.dk", "Creative industries"),
    ]  # fmt: skip
    assert plan["unread"] == [
        {"row": 6, "why": "valid until '2026/13/01' is not a day of the calendar"}
    ]
    assert [(m["cluster_id"], m["row"]) for m in plan["unchanged"]] == [("bigscience-dk", 3)]
    assert plan["missing"] == []
    # The row not understood blocks --apply; without it, the rest goes in.
    page = tmp_path / "page.html"
    page.write_text(source.read_text(encoding="utf-8").replace("2026/13/01", "2026/12/01"),
                    encoding="utf-8")  # fmt: skip
    code, _, err = _import(invoke, page, *args[1:], "--apply")
    assert code == 0, err
    assert invoke("check", "-r", registry).exit_code == 0
    shown = invoke("show", "b-lifestyle-design-cluster-b", "-r", registry, "--as-of", "2025-06-01")
    assert "<b>Lifestyle & Design Cluster</b>" in shown.stdout  # text, never markup
    again = _plan(invoke, page, *args[1:])
    assert (again["new_clusters"], again["new_labels"], again["differing"]) == ([], [], [])
    assert len(again["unchanged"]) == 5


def test_the_biginn_table_fills_an_empty_registry_and_matches_the_bundled_one(
    invoke: Invoke, empty: Path
) -> None:
    source = FIXTURES / "biginn.csv"
    code, _, err = _import(invoke, source, "-r", empty, "--level", "bronze", "--apply")
    assert code == 0, err
    assert invoke("check", "-r", empty).exit_code == 0
    status = json.loads(invoke("status", "-r", empty, "-f", "json", "--as-of", "2025-06-01").stdout)
    assert [
        (label["cluster_id"], label["country"], label["valid_until"]) for label in status["labels"]
    ] == [
        ("bigscience-dk", "DK", "2025-11-25"),
        ("ineustar", "ES", "2025-11-30"),
        ("litek-laser-engineering-technologies-cluster", "LT", "2026-05-31"),
    ]
    again = _plan(invoke, source, "-r", empty, "--level", "bronze")
    assert (again["new_clusters"], again["new_labels"], again["differing"]) == ([], [], [])
    bundled = _plan(invoke, source, "-r", BIGINN, "--level", "bronze", "--as-of", "2025-06-01")
    assert [(m["cluster_id"], m["matched_by"]) for m in bundled["unchanged"]] == [
        ("bigscience-dk", "name"),
        ("ineustar", "short name"),  # "INEUSTAR" and "INEUSTAR – Asociación Española ..."
        ("litek", "name"),
    ]
    assert (bundled["new_clusters"], bundled["new_labels"], bundled["missing"]) == ([], [], [])


def _workbook(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "KKK 2026"
    sheet.append(["Krajowe Klastry Kluczowe – status 2026"])
    sheet.merge_cells("A1:E1")
    sheet.append(["Cluster organisation", "Country", "Label", "Date of award", "Expiry"])
    sheet.append(
        ["Klaster Obróbki Metali", "Poland", "Key", datetime(2024, 1, 15), datetime(2027, 1, 14)]
    )
    sheet.append(
        ["Śląski Klaster Lotniczy", "PL", "KKK key cluster", datetime(2023, 6, 1), "31.05.2026"]
    )
    sheet.append(["Mazowiecki Klaster ICT", "PL", "key", None, None])
    sheet.append([None, None, None, None, None])
    sheet.append(
        ["Klaster Bioenergia dla Regionu", "Poland", "key", "2022-03-01", datetime(2025, 2, 28)]
    )
    book.save(path)
    return path


def test_a_workbook_with_a_merged_banner_and_date_cells(invoke: Invoke, tmp_path: Path) -> None:
    registry = tmp_path / "clusters.toml"
    registry.write_text(
        '[[cluster]]\nid = "bioenergia"\nname = "Klaster Bioenergia dla Regionu"\ncountry = "PL"\n\n'
        '[[cluster.label]]\nscheme = "kkk"\nlevel = "key"\nvalid_until = 2025-02-28\n',
        encoding="utf-8",
    )  # kkk is built in: no [scheme.kkk] table
    source = _workbook(tmp_path / "kkk.xlsx")
    plan = _plan(invoke, source, "-r", registry, "--scheme", "kkk", "--as-of", "2026-01-01")
    assert plan["rows"] == 4  # the empty row is not a row of the table
    assert [(n["id"], n["labels"]) for n in plan["new_clusters"]] == [
        ("klaster-obrobki-metali",
         [{"row": 3, "scheme": "kkk", "level": "key", "awarded": "2024-01-15", "valid_until": "2027-01-14"}]),
        ("slaski-klaster-lotniczy",
         [{"row": 4, "scheme": "kkk", "level": "key", "awarded": "2023-06-01", "valid_until": "2026-05-31"}]),
    ]  # fmt: skip
    assert plan["unread"] == [{"row": 5, "why": "valid until is empty"}]
    assert [(m["cluster_id"], m["row"]) for m in plan["unchanged"]] == [("bioenergia", 7)]


@pytest.mark.parametrize(
    ("name", "content", "args", "code", "message"),
    [
        ("no-headings.csv", "a,b\n1,2\n", (), 1,
         "{path}: no row of headings found in its first 10 rows (a table of clusters needs at "
         'least a name and a valid-until column, such as "Name" and "Label valid until")'),
        ("no-dates.csv", "Name,Country,Level\nA,DK,bronze\n", (), 1,
         "{path}: no column of valid-until dates (its headings: 'Name', 'Country', 'Level'); "
         "name it with --column valid_until=HEADING"),
        ("broken.xlsx", "not a zip", (), 1,
         "{path}: is not an Excel workbook that can be read (File is not a zip file)"),
        ("list.pdf", "%PDF", (), 2,
         "{path}: labeltrack imports .csv, .xlsx and .html files; not .pdf"),
        ("no-table.html", "<p>nothing</p>", (), 1, "{path}: the page holds no <table>"),
        ("ok.csv", "Name,Country,Valid until\nA,DK,2026-01-01\n", ("--column", "name=Cluster"), 2,
         "--column: {path} has no column 'Cluster'; its columns are 'Name', 'Country', "
         "'Valid until'"),
        ("ok.csv", "Name,Country,Valid until\nA,DK,2026-01-01\n", ("--column", "colour=Name"), 2,
         "--column: 'colour' is not a field to import; choose from id, name, short_name, "
         "country, portfolio, website, level, scheme, awarded, valid_until"),
        ("ok.csv", "Name,Country,Valid until\nA,DK,2026-01-01\n", (), 2,
         "{path} has no level column: give --level (bronze, silver, gold) for a list of one "
         "level"),
        ("ok.csv", "Name,Country,Valid until\nA,DK,2026-01-01\n", ("--country", "Atlantis"), 2,
         "--country: 'Atlantis' is not a country labeltrack knows"),
        ("missing.csv", None, (), 1, "{path}: cannot be read (No such file or directory)"),
    ],
)  # fmt: skip
def test_bad_sources_are_one_sentence_and_change_no_byte(
    invoke: Invoke,
    tmp_path: Path,
    name: str,
    content: str | None,
    args: tuple[str, ...],
    code: int,
    message: str,
) -> None:
    registry = tmp_path / "clusters.toml"
    registry.write_bytes(BIGINN.read_bytes())
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = _import(invoke, path, "-r", registry, *args, "--apply")
    assert result == (code, "", f"labeltrack: {message.format(path=path)}\n")
    assert registry.read_bytes() == BIGINN.read_bytes()


def test_comments_below_the_top_block_refuse_the_write(invoke: Invoke, tmp_path: Path) -> None:
    registry = tmp_path / "clusters.toml"
    registry.write_text(BIGINN.read_text(encoding="utf-8") + "# a remark\n", encoding="utf-8")
    before = registry.read_bytes()
    source = tmp_path / "one.csv"
    source.write_text(
        "Name,Country,Level,Valid until\nNew,DK,bronze,2027-01-01\n", encoding="utf-8"
    )
    code, _, err = _import(invoke, source, "-r", registry, "--apply")
    assert code == 1
    assert "--drop-comments" in err
    assert registry.read_bytes() == before


def test_update_without_apply_is_a_usage_error(invoke: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "one.csv"
    source.write_text(
        "Name,Country,Level,Valid until\nNew,DK,bronze,2027-01-01\n", encoding="utf-8"
    )
    assert _import(invoke, source, "-r", BIGINN, "--update") == (
        2, "", "labeltrack: --update changes the registry: give it with --apply\n"
    )  # fmt: skip


def test_apply_into_a_registry_that_does_not_exist_yet_creates_it(
    invoke: Invoke, tmp_path: Path
) -> None:
    registry = tmp_path / "new" / "clusters.toml"
    source = FIXTURES / "biginn.csv"
    code, out, err = _import(invoke, source, "-r", registry, "--level", "bronze")
    assert (code, err) == (0, f"labeltrack: {registry} does not exist yet: --apply creates it\n")
    assert "3 new clusters" in out
    assert not registry.exists()
    code, _, err = _import(invoke, source, "-r", registry, "--level", "bronze", "--apply")
    assert code == 0
    assert err.splitlines() == [
        f"labeltrack: {registry}: created a new registry",
        f"labeltrack: {registry}: imported 3 new clusters, 3 new labels from {source}",
    ]
    assert invoke("check", "-r", registry).exit_code == 0
    refused = tmp_path / "refused.toml"
    bad = tmp_path / "bad.csv"
    bad.write_text("Name,Country,Level,Valid until\nA,DK,bronze,soon\n", encoding="utf-8")
    assert _import(invoke, bad, "-r", refused, "--apply")[0] == 1
    assert not refused.exists()
