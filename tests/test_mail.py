from __future__ import annotations

import email
import email.policy
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage

import pytest

from labeltrack.errors import UsageError
from labeltrack.expiry import Thresholds, current_statuses
from labeltrack.formats.mail import compose, days_phrase, preview
from labeltrack.mail import parse_address
from labeltrack.model import Cluster, Label, Level, Registry
from labeltrack.notify import Letter, staged

AS_OF = date(2026, 1, 1)
HOSTILE = '<script>alert("x")</script> & [bold]Ñandú[/bold] %s | =SUM(A1)'


def _message(*names_and_days: tuple[str, int]) -> EmailMessage:
    registry = Registry(
        clusters=tuple(
            Cluster(
                id=f"c{index}",
                name=name,
                country="EL",
                labels=(Label(level=Level.GOLD, valid_until=AS_OF + timedelta(days=days)),),
            )
            for index, (name, days) in enumerate(names_and_days)
        )
    )
    notices = staged(current_statuses(registry, AS_OF, Thresholds(180, 30)), (180, 90, 30, 7, 0))
    return compose(
        Letter(
            notices,
            sender=parse_address("labeltrack@example.org", "sender"),
            recipients=[parse_address("coordinator@example.org", "to")],
            as_of=AS_OF,
            now=datetime(2026, 1, 1, 6, 30, tzinfo=UTC),
            notify_days=(180, 90, 30, 7, 0),
        )
    )


def _reparsed(message: EmailMessage) -> EmailMessage:
    """The message as a receiving mail program sees it."""
    parsed = email.message_from_bytes(
        message.as_bytes(policy=email.policy.SMTPUTF8), policy=email.policy.default
    )
    assert isinstance(parsed, EmailMessage)
    return parsed


def test_subject_counts_labels_by_state_most_severe_first() -> None:
    message = _message(("A", -2), ("B", 10), ("C", 20), ("D", 100), ("E", 150))
    assert message["Subject"] == (
        "labeltrack: 5 labels need attention (1 expired, 2 critical, 2 warning)"
    )
    assert message["Date"] == "Thu, 01 Jan 2026 06:30:00 +0000"


def test_hostile_names_stay_text_in_both_parts() -> None:
    received = _reparsed(_message((HOSTILE, 10)))
    text = received.get_body(("plain",))
    html = received.get_body(("html",))
    assert isinstance(text, EmailMessage)
    assert isinstance(html, EmailMessage)
    assert f"{HOSTILE} (Greece)" in text.get_content()
    assert "<script>" not in html.get_content()
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; [bold]Ñandú[/bold] %s | =SUM(A1)"
        in html.get_content()
    )


def test_every_line_is_short_enough_for_smtp() -> None:
    raw = _message(("Ł" * 400, 10)).as_bytes()
    assert max(len(line) for line in raw.split(b"\n")) <= 998


@pytest.mark.parametrize(
    ("days", "phrase"),
    [
        (2, "2 days left"),
        (1, "1 day left"),
        (0, "valid today, its last day"),
        (-1, "expired 1 day ago"),
        (-30, "expired 30 days ago"),
    ],
)
def test_days_phrase(days: int, phrase: str) -> None:
    assert days_phrase(days) == phrase


@pytest.mark.parametrize(
    "text", ["", "not an address", "a@b", "Eve <eve@example.org>", "a@example.org, b@example.org"]
)
def test_parse_address_refuses_anything_but_one_address(text: str) -> None:
    with pytest.raises(UsageError) as raised:
        parse_address(text, "to")
    assert (raised.value.param, raised.value.message) == (
        "to",
        f"{text!r} is not an e-mail address like manager@example.org",
    )
    assert str(raised.value) == f"to: {text!r} is not an e-mail address like manager@example.org"


def test_preview_shows_decoded_headers_and_the_text_part() -> None:
    shown = preview(_message(("Ñandú", 10)))
    assert "Subject: labeltrack: 1 label needs attention (1 critical)\n" in shown
    assert "To: coordinator@example.org\n" in shown
    assert (
        "\n\n1 label needs attention (1 critical), as of 2026-01-01.\n\nÑandú (Greece)\n" in shown
    )
