"""Registry text made inert for the markups reports are written in."""

from __future__ import annotations

import re
from typing import Any

# What could end a cell, start code, emphasis, a link or strikethrough; < > become entities.
_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")  # only an & that would start an entity
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def markdown(text: str) -> str:
    """Markdown-inert text for a table cell: no column breaks, links, emphasis or HTML."""
    flat = " ".join(text.split())
    entities = _ENTITY.sub("&amp;", flat).replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", entities)


def spreadsheet(value: Any) -> Any:
    """A CSV cell no spreadsheet runs as a formula: registry text starting with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return f"'{value}"
    return "" if value is None else value
