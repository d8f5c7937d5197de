"""Counts and day phrases, worded once for every command, e-mail and calendar."""

from __future__ import annotations

import unicodedata


def count(number: int, word: str, plural: str | None = None) -> str:
    """``1 label``, ``2 labels``; ``plural`` for words that do not just take an s."""
    return f"{number} {word if number == 1 else plural or word + 's'}"


def ordinal(number: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``11th``, ``22nd``."""
    last = number % 10 if not 10 <= number % 100 <= 20 else 0
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(last, "th")
    return f"{number}{suffix}"


def days(number: int) -> str:
    """``1 day``, ``12 days``."""
    return count(number, "day")


def days_words(days_left: int) -> str:
    """``12 days left``, ``1 day left``, ``expired 1 day ago``."""
    if days_left < 0:
        return f"expired {days(-days_left)} ago"
    return f"{days(days_left)} left"


def in_days(number: int) -> str:
    """``today``, ``in 1 day``, ``in 30 days``."""
    return "today" if number == 0 else f"in {days(number)}"


def span(months: int) -> str:
    """``two years``, ``three years``, ``18 months``."""
    names = {1: "one year", 2: "two years", 3: "three years", 4: "four years"}
    if months % 12:
        return count(months, "month")
    return names.get(months // 12, f"{months // 12} years")


def fold(text: str) -> str:
    """``text`` as people match it: any script transliterated to ASCII (Ø→O, Ł→L, Æ→AE, ß→ss,
    Greek and Cyrillic too), in one case, single-spaced. ``Øresund`` folds to ``oresund``."""
    if not text.isascii():
        from anyascii import anyascii  # its data loads slowly: only for text that needs it

        text = anyascii(text)
    return " ".join(text.casefold().split())


#: Latin letters that Unicode does not decompose into a base letter and a mark.
_LETTERS = str.maketrans(
    {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "ß": "ss",
     "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th"}
)  # fmt: skip


def sort_key(text: str) -> tuple[str, str]:
    """Alphabetical order as the Unicode collation algorithm's first level has it: accents and
    case aside, Øresund with the O's and Šviesos with the S's, Latin before Greek and
    Cyrillic; ties by the text itself, so the order is total. Fast enough to sort big
    registries on every start."""
    if text.isascii():
        return text.casefold(), text
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold(), text
