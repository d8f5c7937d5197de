"""`labeltrack notify`'s digest for chat and push services: Markdown, cut to fit each service.

Registry text reaches the Markdown only through ``markup.markdown``, so a cluster name cannot
become a link, a mention or emphasis.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from labeltrack.card import advice
from labeltrack.channels import Destination
from labeltrack.formats.mail import days_phrase, subject, thresholds_sentence
from labeltrack.formats.markup import markdown
from labeltrack.model import State
from labeltrack.notify import Notice
from labeltrack.words import count


def digest(
    notices: Sequence[Notice], destination: Destination, as_of: date, notify_days: Sequence[int]
) -> tuple[str, str]:
    """The title and Markdown body of one message, grouped by state, most urgent first. A body
    longer than the destination takes keeps the labels that fit and says how many more there
    are; a service without titles gets the title inside the body, so it counts."""
    body_limit, title_limit = destination.body_limit, destination.title_limit
    title = subject(notices)
    if title_limit and len(title) > title_limit:
        title = title[: title_limit - 1] + "…"
    budget = body_limit - (len(title) + 2 if not title_limit else 0)
    head = f"{title.removeprefix('labeltrack: ')}, as of {as_of.isoformat()}."
    footer = thresholds_sentence(notify_days)
    entries = [(notice.status.state, _entry(notice, as_of)) for notice in notices]
    body = _body(head, entries, 0, footer)
    if len(body) > budget:  # the most that fit, found by halving: a digest may list thousands
        fits, over = 0, len(entries)
        while over - fits > 1:
            middle = (fits + over) // 2
            if len(_body(head, entries[:middle], len(entries) - middle, footer)) <= budget:
                fits = middle
            else:
                over = middle
        body = _body(head, entries[:fits], len(entries) - fits, footer)
    if len(body) > budget:  # not even the count of what was left out fits
        body = body[: max(budget - 1, 0)] + "…"
    return title, body


def _body(head: str, entries: Sequence[tuple[State, str]], more: int, footer: str) -> str:
    parts = [head]
    for state in State:
        lines = [entry for entry_state, entry in entries if entry_state is state]
        if lines:
            parts.append(f"**{state.value.capitalize()}**\n\n" + "\n".join(lines))
    if more:
        parts.append(f"…and {count(more, 'more label')}: run `labeltrack status` to see them all.")
    body = "\n\n".join(parts)
    return f"{body}\n\n{footer}" if not more else body


def _entry(notice: Notice, as_of: date) -> str:
    status, label = notice.status, notice.label
    cluster = status.cluster
    assert status.days_left is not None
    return (
        f"- **{markdown(cluster.name)}** ({markdown(cluster.country_name)}): "
        f"{markdown(status.title)}, valid until {label.valid_until.isoformat()}, "
        f"{days_phrase(status.days_left)}. {advice(status, as_of)}"
    )
