"""Registry text made inert for the markups reports are written in."""

from __future__ import annotations

import re
from typing import Any

# What could end a cell, start code, emphasis, a link or strikethrough; < > become entities.
_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")  # only an & that would start an entity
_SCHEME = re.compile(r"(\w)://")
_WWW = re.compile(r"(?i)\b(www)\.")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def markdown(text: str) -> str:
    """Markdown-inert text for a table cell: no column breaks, links, emphasis or HTML, and
    none of the links GitHub makes by itself from bare addresses (checked with cmark-gfm)."""
    flat = " ".join(text.split())
    entities = _ENTITY.sub("&amp;", flat).replace("<", "&lt;").replace(">", "&gt;")
    escaped = _SPECIAL.sub(r"\\\1", entities)
    unlinked = _SCHEME.sub(r"\1\\://", _WWW.sub(r"\1\\.", escaped))
    return unlinked.replace("@", "@<!-- -->")  # an empty comment GitHub drops: no mailto


def spreadsheet(value: Any) -> Any:
    """A CSV cell no spreadsheet runs as a formula: registry text starting with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return f"'{value}"
    return "" if value is None else value
