from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labeltrack import loading
from labeltrack.loading import RegistryInvalid, Severity
from labeltrack.model import Level

from .conftest import BIGINN, WriteRegistry

GOOD_CLUSTER = """
        [[cluster]]
        id = "litek"
        name = "LITEK"
        country = "LT"
"""

# (case id, registry text, every problem expected as "LINE: severity: message")
BAD_REGISTRIES = [
    (
        "unknown key near a known one",
        """
        [[cluster]]
        id = "litek"
        name = "LITEK"
        country = "LT"

        [[cluster.label]]
        level = "bronze"
        valid_untill = 2026-05-31
        """,
        [
            "6: error: missing required key valid_until",
            "8: error: unknown key 'valid_untill'; did you mean valid_until?",
        ],
    ),
    (
        "unknown key far from any",
        """
        [[cluster]]
        id = "litek"
        name = "LITEK"
        country = "LT"
        mascot = "owl"
        """,
        [
            "5: error: unknown key 'mascot' (known keys: id, name, short_name, country, "
            "portfolio, website, contacts, notify, notes, label)"
        ],
    ),
    (
        "unknown top-level table",
        """
        [[clusters]]
        id = "litek"
        """,
        ["1: error: unknown key 'clusters'; did you mean cluster?"],
    ),
    (
        "quoted slashed date",
        GOOD_CLUSTER
        + """
        [[cluster.label]]
        level = "bronze"
        valid_until = "2025/11/25"
        """,
        [
            "8: error: valid_until must be a TOML date without quotes, like 2025-11-25; "
            "not the text '2025/11/25'"
        ],
    ),
    (
        "quoted ISO date",
        GOOD_CLUSTER
        + """
        [[cluster.label]]
        level = "bronze"
        awarded = "2023-11-25"
        valid_until = 2025-11-25
        """,
        [
            "8: error: awarded must be a TOML date without quotes, like 2023-11-25; "
            "not the text '2023-11-25'"
        ],
    ),
    (
        "datetime instead of date",
        GOOD_CLUSTER
        + """
        [[cluster.label]]
        level = "bronze"
        valid_until = 2025-11-25T12:00:00Z
        """,
        [
            "8: error: valid_until must be a date without a time: write 2025-11-25, "
            "not 2025-11-25T12:00:00+00:00"
        ],
    ),
    (
        "awarded after valid_until",
        GOOD_CLUSTER
        + """
        [[cluster.label]]
        level = "silver"
        awarded = 2026-01-01
        valid_until = 2025-12-31
        """,
        ["9: error: valid_until 2025-12-31 must not be before the award date 2026-01-01"],
    ),
    (
        "unknown level and wrong case",
        GOOD_CLUSTER
        + """
        label = [
          {level = "platinum", valid_until = 2025-01-01},
          {level = "Gold", valid_until = 2025-01-01},
        ]
        """,
        [
            "7: error: level must be one of the ECEI levels bronze, silver, gold; not the text "
            "'platinum'",
            "8: error: level must be written in lowercase: 'gold'",
        ],
    ),
    (
        "inline label missing its date",
        GOOD_CLUSTER
        + """
        label = [{level = "gold"}]
        """,
        ["6: error: missing required key valid_until"],
    ),
    (
        "missing required cluster keys",
        """
        [[cluster]]
        id = "litek"
        """,
        ["1: error: missing required key name", "1: error: missing required key country"],
    ),
    (
        "bad id, empty name, bad country",
        """
        [[cluster]]
        id = "LITEK_1"
        name = "  "
        country = "XX"
        """,
        [
            '2: error: id must use only lowercase letters, digits and single hyphens, like "litek" '
            "or \"bigscience-dk\"; not 'LITEK_1'",
            "3: error: name must not be empty",
            "4: error: country must be an ISO 3166-1 alpha-2 country code like DK, ES or LT "
            "(EL and UK are accepted too); not 'XX'",
        ],
    ),
    (
        "lowercase country",
        """
        [[cluster]]
        id = "litek"
        name = "LITEK"
        country = "lt"
        """,
        ["4: error: country must be written in capitals: 'LT'"],
    ),
    (
        "wrong types",
        """
        [[cluster]]
        id = "litek"
        name = 5
        short_name = true
        country = "LT"
        contacts = "a@example.org"
        """,
        [
            "3: error: name must be text in double quotes, not the number 5",
            "4: error: short_name must be text in double quotes, not the boolean true",
            '6: error: contacts must be a list of e-mail addresses, like ["manager@example.org"]',
        ],
    ),
    (
        "bad website and contact",
        """
        [[cluster]]
        id = "litek"
        name = "LITEK"
        country = "LT"
        website = "javascript:alert(1)"
        contacts = [
          "manager@example.org",
          "not an address",
        ]
        """,
        [
            "5: error: website must be a web address like https://example.org; "
            "not 'javascript:alert(1)'",
            "8: error: contacts entry 2 must be an e-mail address like manager@example.org; "
            "not 'not an address'",
        ],
    ),
    (
        "control characters in a name",
        """
        [[cluster]]
        id = "litek"
        name = "LITEK\\u001b[31m"
        country = "LT"
        """,
        ["3: error: name must not contain the control character '\\x1b'"],
    ),
    (
        "bidi override in a name",
        """
        [[cluster]]
        id = "litek"
        name = "LITEK\\u202e"
        country = "LT"
        """,
        ["3: error: name must not contain the control character '\\u202e'"],
    ),
    (
        "duplicate id",
        GOOD_CLUSTER
        + """
        [[cluster]]
        id = "litek"
        name = "Another"
        country = "LT"
        """,
        ["7: error: duplicate cluster id 'litek': cluster 1 has it too"],
    ),
    (
        "unknown portfolio is a warning",
        """
        [[cluster]]
        id = "litek"
        name = "LITEK"
        country = "LT"
        portfolio = "micro nano optical"
        """,
        [
            "5: warning: 'micro nano optical' is not an ESCA comparative portfolio; "
            "the closest is 'Micro, nano and optical technologies'"
        ],
    ),
    (
        "thresholds",
        """
        [settings]
        warn_days = 30
        critical_days = 31
        """,
        ["3: error: critical_days 31 must not be more than warn_days (30)"],
    ),
    (
        "negative and fractional thresholds",
        """
        [settings]
        warn_days = -1
        critical_days = 1.5
        """,
        ["2: error: warn_days must be 0 or more", "3: error: critical_days must be a whole number"],
    ),
    (
        "settings not a table",
        """
        settings = 3
        """,
        ["1: error: settings must be a [settings] table"],
    ),
    (
        "label as a single table",
        GOOD_CLUSTER
        + """
        [cluster.label]
        level = "gold"
        valid_until = 2025-01-01
        """,
        ["6: error: write each label as a [[cluster.label]] table"],
    ),
    (
        "notify days empty, negative, not numbers or not a list",
        """
        [settings]
        notify_days = []

        [[cluster]]
        id = "a"
        name = "A"
        country = "DK"
        contacts = ["a,b@example.org"]
        """,
        [
            "2: error: notify_days must not be empty",
            "8: error: contacts entry 1 must be an e-mail address like manager@example.org; "
            "not 'a,b@example.org'",
        ],
    ),
    (
        "notify days with a bad entry",
        """
        [settings]
        notify_days = [90, -1, "7"]
        """,
        [
            "2: error: notify_days entry 2 must be 0 or more",
            "2: error: notify_days entry 3 must be a whole number",
        ],
    ),
    (
        "notify days not a list",
        """
        [settings]
        notify_days = 30
        """,
        ["2: error: notify_days must be a list of whole numbers of days, like [180, 90, 30, 7, 0]"],
    ),
    (
        "scheme definitions",
        """
        [scheme.key-national-cluster]
        name = "Krajowy Klaster Kluczowy"
        levels = []
        validity_monhts = 36
        grace_days = -1

        [scheme.Bad_Name]
        name = "Bad"
        levels = ["Key"]
        validity_months = 0
        """,
        [
            "1: error: missing required key validity_months",
            "3: error: levels must not be empty",
            "4: error: unknown key 'validity_monhts'; did you mean validity_months?",
            "5: error: grace_days must be 0 or more",
            "7: error: the name 'Bad_Name' must use only lowercase letters, digits and single "
            'hyphens, like "litek" or "bigscience-dk"; not \'Bad_Name\'',
            "9: error: levels entry 1 must use only lowercase letters, digits and single hyphens, "
            'like "litek" or "bigscience-dk"; not \'Key\'',
            "10: error: validity_months must be 1 or more",
        ],
    ),
    (
        "labels of unknown schemes and levels of other schemes",
        """
        [scheme.key-national-cluster]
        name = "Krajowy Klaster Kluczowy"
        levels = ["key"]
        validity_months = 36

        [[cluster]]
        id = "a"
        name = "A"
        country = "PL"
        label = [
          {scheme = "key-national-clustr", level = "key", valid_until = 2026-01-01},
          {scheme = "ecei", level = "bronze", valid_until = 2026-01-01},
          {scheme = "key-national-cluster", level = "gold", valid_until = 2026-01-01},
          {scheme = "key-national-cluster", level = "key", valid_until = 2026-01-01},
          {scheme = "pole", level = "key", valid_until = 2026-01-01},
          {scheme = "iso9001", level = "key", valid_until = 2026-01-01},
        ]
        """,
        [
            "11: error: scheme 'key-national-clustr' is not ECEI, a built-in scheme (labeltrack "
            "schemes) or one declared in this file; did you mean 'key-national-cluster'?",
            "12: error: scheme 'ecei' is not ECEI, a built-in scheme (labeltrack schemes) or one "
            "declared in this file; did you mean 'ECEI'?",
            "13: error: level must be one of the key-national-cluster levels key; not the text "
            "'gold'",
            "15: error: level must be one of the pole levels pole; not the text 'key'",
            "16: error: scheme 'iso9001' is not ECEI, a built-in scheme (labeltrack "
            "schemes) or one declared in this file; declare it as a [scheme.iso9001] table",
        ],
    ),
    (
        "TOML syntax error",
        """
        [[cluster]]
        id = "litek"
        name = "LITEK
        """,
        ["3: error: TOML syntax error: illegal character '\\n' (column 14)"],
    ),
    (
        "duplicate key is a syntax error",
        """
        [[cluster]]
        id = "litek"
        id = "again"
        """,
        ["3: error: TOML syntax error: cannot overwrite a value (column 13)"],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in BAD_REGISTRIES], ids=[c[0] for c in BAD_REGISTRIES]
)
def test_every_problem_is_reported_on_its_line(
    write_registry: WriteRegistry, text: str, expected: list[str]
) -> None:
    path = write_registry(text)
    report = loading.check(path)
    assert [f"{p.line}: {p.severity}: {p.message}" for p in report.problems] == expected
    if report.errors:
        assert report.registry is None
        with pytest.raises(RegistryInvalid) as raised:
            loading.load(path)
        assert raised.value.message.splitlines() == [report.format(p) for p in report.errors]
    else:
        assert report.registry is not None


def test_bundled_registry_is_valid_and_holds_the_biginn_data() -> None:
    report = loading.check(BIGINN)
    assert report.problems == []
    assert report.registry is not None
    clusters = {cluster.id: cluster for cluster in report.registry.clusters}
    assert sorted(clusters) == ["bigscience-dk", "ineustar", "litek"]
    expected = {"bigscience-dk": ("DK", "2025-11-25"), "ineustar": ("ES", "2025-11-30")}
    for cluster_id, (country, until) in expected.items():
        (label,) = clusters[cluster_id].labels
        assert (clusters[cluster_id].country, label.valid_until.isoformat()) == (country, until)
        assert label.level == Level.BRONZE
    litek = clusters["litek"]
    assert litek.portfolio == "Micro, nano and optical technologies"
    assert [label.valid_until.isoformat() for label in litek.labels] == ["2023-05-31", "2026-05-31"]


def test_eu_country_codes_are_accepted(write_registry: WriteRegistry) -> None:
    path = write_registry(
        """
        [[cluster]]
        id = "gr"
        name = "Greek cluster"
        country = "EL"

        [[cluster]]
        id = "uk"
        name = "British cluster"
        country = "UK"
        """
    )
    loaded = loading.load(path)
    assert [cluster.country_name for cluster in loaded.clusters] == ["Greece", "United Kingdom"]


def test_inline_and_table_labels_are_the_same_data(write_registry: WriteRegistry) -> None:
    tables = loading.load(
        write_registry(
            GOOD_CLUSTER
            + '        [[cluster.label]]\n        level = "gold"\n'
            + "        valid_until = 2025-01-01\n"
        )
    )
    inline = loading.load(
        write_registry(
            GOOD_CLUSTER + '        label = [{level = "gold", valid_until = 2025-01-01}]\n'
        )
    )
    assert tables == inline


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + textwrap.dedent(GOOD_CLUSTER).encode())
    assert loading.check(path).problems == []


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (
            lambda p: p / "missing.toml",
            "1: error: file not found; pass --registry PATH or set LABELTRACK_REGISTRY",
        ),
        (lambda p: p, "1: error: this is a directory, not a registry file"),
    ],
    ids=["missing", "directory"],
)
def test_file_problems(tmp_path: Path, make: object, expected: str) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    report = loading.check(path)
    assert [f"{p.line}: {p.severity}: {p.message}" for p in report.problems] == [expected]


def test_non_utf8_bytes_are_placed_on_their_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'[[cluster]]\nid = "a"\nname = "Cl\xfaster"\n')
    (problem,) = loading.check(path).problems
    assert (problem.line, problem.message) == (
        3,
        "the file is not valid UTF-8 (byte 0xfa); save it as UTF-8",
    )


def test_unreadable_file(write_registry: WriteRegistry, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_registry(GOOD_CLUSTER)
    path.chmod(0)
    if os.geteuid() == 0:  # root reads any file; make the refusal happen anyway

        def refuse(self: Path) -> bytes:
            raise PermissionError(13, "Permission denied", str(self))

        monkeypatch.setattr(Path, "read_bytes", refuse)
    (problem,) = loading.check(path).problems
    assert problem.message == "the file cannot be read: permission denied"


def test_deep_nesting_is_an_error_not_a_crash(write_registry: WriteRegistry) -> None:
    path = write_registry("x = " + "[" * 5000 + "]" * 5000 + "\n")
    (problem,) = loading.check(path).problems
    assert problem.severity is Severity.ERROR


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_the_loader_never_crashes_on_arbitrary_text(
    write_registry: WriteRegistry, text: str
) -> None:
    path = write_registry(text)
    report = loading.check(path)
    assert (report.registry is None) == bool(report.errors)
    assert all(problem.line >= 1 for problem in report.problems)


_line_text = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=20
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.fixed_dictionaries(
            {"id": _line_text, "name": _line_text, "country": _line_text},
            optional={"portfolio": _line_text, "label": st.just([{"level": "x"}])},
        ),
        max_size=4,
    )
)
def test_the_loader_places_every_problem_in_generated_registries(
    write_registry: WriteRegistry, clusters: list[dict[str, object]]
) -> None:
    import tomli_w

    text = tomli_w.dumps({"cluster": clusters})
    report = loading.check(write_registry(text))
    lines = text.splitlines()

    def holds(line: str, key: str) -> bool:
        """``key = `` starts ``line``, or an inline table's entry on it (tomli-w writes both)."""
        return re.search(rf"(^|[{{,] ){key} = ", line) is not None

    for problem in report.problems:
        # Each problem sits on the line of the key it names, or of the table that lacks one.
        placed = lines[problem.line - 1]
        message = problem.message
        if message.startswith("missing required key"):
            table = placed in ("[[cluster]]", "[[cluster.label]]") or placed.lstrip().startswith(
                "{"
            )
            assert table, (message, placed)
        elif message.startswith("duplicate cluster id"):
            assert holds(placed, "id"), (message, placed)
        elif "is not an ESCA comparative portfolio" in message:
            assert holds(placed, "portfolio"), (message, placed)
        else:
            assert holds(placed, message.split(" ", 1)[0]), (message, placed)
