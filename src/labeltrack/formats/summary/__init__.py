"""Formats of `labeltrack summary`: ``format(summary, screen) -> str``, from one set of
sections (``sections``) so every format shows the same figures."""

from __future__ import annotations

from labeltrack.summary import LABEL_STATES, Summary

HELD, ENDED = LABEL_STATES[:3], LABEL_STATES[3:]


def sections(summary: Summary) -> list[tuple[str, list[str], list[list[str]]]]:
    """Each section's title, headings and rows, as text."""
    levels = [
        [
            row.level.upper()
            if row.scheme_id == "ECEI"
            else f"{row.level.upper()} ({row.scheme_name})",
            *(str(row.counts[state]) for state in HELD),
            str(row.held),
            *(str(row.counts[state]) for state in ENDED),
        ]
        for row in summary.by_level
    ]
    return [
        ("Current labels by level and state", ["Level", *HELD, "held", *ENDED], levels),
        (
            "Held by country",
            ["Country", "Held"],
            [[name, str(n)] for _, name, n in summary.by_country],
        ),
        (
            "Held by portfolio",
            ["Portfolio", "Held"],
            [[name, str(n)] for name, n in summary.by_portfolio],
        ),
        (
            "Expiring by quarter",
            ["Quarter", "From", "To", "Labels"],
            [
                [q.name, q.start.isoformat(), q.end.isoformat(), str(q.expiring)]
                for q in summary.quarters
            ],
        ),
    ]


def intro(summary: Summary) -> str:
    unlabelled = f" {summary.unlabelled} without a label." if summary.unlabelled else ""
    return (
        f"As of {summary.as_of.isoformat()}: {summary.headline}. {summary.labels} current labels "
        f"of {summary.clusters} clusters.{unlabelled}"
    )
