"""The digest for chat and push services: grouped by state, and cut to each service's limit."""

from __future__ import annotations

from datetime import date

import pytest

from labeltrack.channels import PREFIX, Destination, destinations, redact
from labeltrack.errors import UsageError
from labeltrack.formats.chat import digest
from labeltrack.notify import Notice, staged

from .test_notify import DAYS, _registry, _statuses

AS_OF = date(2026, 1, 1)


def _notices(*days_left: int) -> list[Notice]:
    return staged(_statuses(_registry(*days_left)), DAYS)


def _to(body_limit: int, title_limit: int = 250) -> Destination:
    return Destination(PREFIX + "0" * 16, "Test", frozenset(), body_limit, title_limit, None)


def test_a_digest_that_fits_is_whole_and_grouped_most_urgent_first() -> None:
    title, body = digest(_notices(100, -3, 10), _to(32768), AS_OF, DAYS)
    assert title == "labeltrack: 3 labels need attention (1 expired, 1 critical, 1 warning)"
    paragraphs = body.split("\n\n")
    assert (
        paragraphs[0]
        == "3 labels need attention (1 expired, 1 critical, 1 warning), as of 2026-01-01."
    )
    assert [p.partition("\n")[0] for p in paragraphs[1:7:2]] == [
        "**Expired**",
        "**Critical**",
        "**Warning**",
    ]
    assert paragraphs[2].startswith(
        "- **Cluster 1** (Denmark): BRONZE, valid until 2025-12-29, expired 3 days ago. "
        "The label ended on 2025-12-29;"
    )
    assert paragraphs[-1].startswith("labeltrack writes once per label at each of these points")


@pytest.mark.parametrize(("body_limit", "title_limit"), [(1000, 250), (4096, 0), (600, 0)])
def test_a_long_digest_keeps_what_fits_and_counts_the_rest(
    body_limit: int, title_limit: int
) -> None:
    notices = _notices(*range(1, 61))
    title, body = digest(notices, _to(body_limit, title_limit), AS_OF, DAYS)
    budget = body_limit - (len(title) + 2 if title_limit == 0 else 0)
    assert len(body) <= budget
    listed = body.count("\n- **")
    assert listed >= 1
    # The most urgent first, and a count of the rest.
    assert body.endswith(
        f"…and {60 - listed} more labels: run `labeltrack status` to see them all."
    )
    shown = [line for line in body.splitlines() if line.startswith("- **")]
    assert shown == [
        line
        for line in digest(notices[:listed], _to(10**6), AS_OF, DAYS)[1].splitlines()
        if line.startswith("- **")
    ]
    assert title == "labeltrack: 60 labels need attention (30 critical, 30 warning)"


def test_a_limit_too_small_for_anything_still_fits() -> None:
    _, body = digest(_notices(1, 2), _to(40), AS_OF, DAYS)
    assert len(body) <= 40
    assert body.endswith("…")


def test_a_long_title_is_cut_to_the_services_title_limit() -> None:
    title, _ = digest(_notices(100, -3, 10), _to(4096, 20), AS_OF, DAYS)
    assert title == "labeltrack: 3 label…"


def test_destinations_are_named_by_service_and_host_never_by_token() -> None:
    found = destinations(
        [
            "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ",
            "ntfy://ntfy.example.org/alerts-Tk9topic",
            "json://user:pw-Tk9@hooks.example.org:8443/path/Tk9path",
            "json://user:pw-Tk9@hooks.example.org:8443/path/Tk9path",  # the same: once
        ],
        None,
    )
    assert [d.name for d in found] == [
        "Slack",
        "ntfy at ntfy.example.org",
        "JSON at hooks.example.org:8443",
    ]
    assert len({d.key for d in found}) == 3
    assert all(d.key.startswith("apprise:") and len(d.key) == len("apprise:") + 16 for d in found)
    assert [d.body_limit for d in found] == [35000, 7800, 32768]


def test_a_url_apprise_does_not_know_is_a_usage_error_that_shows_only_its_scheme() -> None:
    with pytest.raises(UsageError) as raised:
        destinations(["json://127.0.0.1/ok", "nosuch://Tk9secret@host/"], None)
    assert raised.value.message == (
        "the 2nd URL (scheme 'nosuch') is not a notification URL that Apprise knows; see "
        "https://appriseit.com/services/ for the forms it takes"
    )
    assert raised.value.param == "via"


def test_redact_cuts_urls_to_their_scheme_and_blots_out_secrets() -> None:
    text = "Failed to reach https://x.example/Tk9/abc for token Tk9abc."
    assert redact(text, ["Tk9abc"]) == "Failed to reach https://… for token ****"


def test_redact_blots_out_what_looks_like_a_token_even_unnamed() -> None:
    assert redact("Invalid Slack Token A specified (T1JJ3T3L2).", []) == (
        "Invalid Slack Token A specified (****)"
    )
    assert redact("sent to 127.0.0.1:8080, error=500", []) == "sent to 127.0.0.1:8080, error=500"
