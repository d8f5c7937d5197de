"""`labeltrack notify`'s digest as an e-mail: plain text with an HTML alternative.

Registry values only ever reach the bodies (the HTML part escaped); headers hold the subject
labeltrack writes itself and addresses parsed as addresses, so no name can become a header.
"""

from __future__ import annotations

import html
import textwrap
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from labeltrack.formats.status.html import STATE_COLOURS
from labeltrack.model import State
from labeltrack.notify import Letter, Notice
from labeltrack.words import count, days_words


def subject(notices: Sequence[Notice]) -> str:
    """``labeltrack: 5 labels need attention (1 expired, 2 critical, 2 warning)``."""
    counts = Counter(notice.status.state for notice in notices)
    parts = ", ".join(f"{counts[state]} {state}" for state in State if counts[state])
    need = "needs" if len(notices) == 1 else "need"
    return f"labeltrack: {count(len(notices), 'label')} {need} attention ({parts})"


def days_phrase(days_left: int) -> str:
    return "valid today, its last day" if days_left == 0 else days_words(days_left)


def thresholds_sentence(notify_days: Iterable[int]) -> str:
    days = ", ".join(str(day) for day in sorted(set(notify_days), reverse=True))
    return (
        f"labeltrack writes once per label at each of these points: {days} days left, and when "
        "it has expired. A renewed label starts again from the first."
    )


def _text_body(notices: Sequence[Notice], as_of: date, footer: str) -> str:
    lines = [f"{subject(notices).removeprefix('labeltrack: ')}, as of {as_of.isoformat()}.", ""]
    for notice in notices:
        cluster, label = notice.status.cluster, notice.label
        days = notice.status.days_left
        assert days is not None
        lines.append(f"{cluster.name} ({cluster.country_name})")
        lines.append(
            f"  {notice.status.title}, valid until {label.valid_until.isoformat()}: "
            f"{days_phrase(days)} ({notice.status.state})"
        )
        lines.append("")
    lines.append(textwrap.fill(footer, width=72))
    return "\n".join(lines) + "\n"


_CELL = "padding:4px 10px;border-bottom:1px solid #ddd;text-align:left"


def _html_body(notices: Sequence[Notice], as_of: date, footer: str) -> str:
    def cell(text: str, style: str = "") -> str:
        return f'<td style="{_CELL}{style}">{html.escape(text)}</td>'

    headings = ("Cluster", "Country", "Level", "Valid until", "Days left", "State")
    rows = []
    for notice in notices:
        cluster, label, state = notice.status.cluster, notice.label, notice.status.state
        days = notice.status.days_left
        assert days is not None
        colour = f";color:{STATE_COLOURS[state]};font-weight:bold"
        rows.append(
            "<tr>"
            + cell(cluster.name)
            + cell(cluster.country_name)
            + cell(notice.status.title)
            + cell(label.valid_until.isoformat())
            + cell(days_phrase(days))
            + cell(state.value, colour)
            + "</tr>"
        )
    head = "".join(f'<th style="{_CELL}">{heading}</th>' for heading in headings)
    title = html.escape(f"{subject(notices).removeprefix('labeltrack: ')}, as of {as_of}.")
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>'
        '<body style="font-family:sans-serif">\n'
        f"<p>{title}</p>\n"
        f'<table style="border-collapse:collapse"><thead><tr>{head}</tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + f"\n</tbody></table>\n<p>{html.escape(footer)}</p>\n</body></html>\n"
    )


def compose(letter: Letter) -> EmailMessage:
    """One digest of the letter's notices (most urgent first)."""
    notices, as_of = letter.notices, letter.as_of
    footer = thresholds_sentence(letter.notify_days)
    message = EmailMessage()
    message["Subject"] = subject(notices)
    message["From"] = letter.sender
    message["To"] = letter.recipients
    message["Date"] = format_datetime(letter.now)
    message["Message-ID"] = make_msgid("labeltrack", domain=letter.sender.domain)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies
    message.set_content(_text_body(notices, as_of, footer), cte="quoted-printable")
    message.add_alternative(
        _html_body(notices, as_of, footer), subtype="html", cte="quoted-printable"
    )
    return message


def preview(message: EmailMessage) -> str:
    """What ``--dry-run`` prints: the headers, decoded, and the text part."""
    headers = "".join(f"{name}: {value}\n" for name, value in message.items())
    text = message.get_body(("plain",))
    body = text.get_content() if isinstance(text, EmailMessage) else ""
    return f"{headers}\n{body}"
