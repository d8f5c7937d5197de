from __future__ import annotations

import pycountry
import pytest

from labeltrack import countries


def test_the_names_match_pycountrys_own_api() -> None:
    expected = {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    assert countries._names() == expected
    assert len(expected) > 240


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("DK", "Denmark"),
        ("ES", "Spain"),
        ("LT", "Lithuania"),
        ("GR", "Greece"),
        ("EL", "Greece"),
        ("GB", "United Kingdom"),
        ("UK", "United Kingdom"),
        ("KR", "South Korea"),
        ("XX", None),
        ("dk", None),
        ("", None),
    ],
)
def test_country_name(code: str, name: str | None) -> None:
    assert countries.country_name(code) == name


def test_the_fallback_uses_pycountrys_api(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(countries, "find_spec", lambda name: None)
    countries._names.cache_clear()
    try:
        assert countries.country_name("LT") == "Lithuania"
    finally:
        countries._names.cache_clear()
