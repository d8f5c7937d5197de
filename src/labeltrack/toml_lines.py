"""Find the line of every key and comment in a TOML document, which tomllib does not report.

Runs only on documents tomllib has already accepted, and only when there is a problem to place, so
it can be lenient: it skips over values rather than parsing them. Key paths are tuples in the
shape of Pydantic's error locations: ``("cluster", 2, "label", 0, "valid_until")``.
"""

from __future__ import annotations

import contextlib
import tomllib
from collections.abc import Sequence

KeyPath = tuple[str | int, ...]

_BARE_KEY = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_SCALAR_END = frozenset(",]}#\r\n")


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.lines: dict[KeyPath, int] = {}
        self.tables: dict[KeyPath, int] = {}  # array-of-tables path -> number of entries so far
        self.comments: list[int] = []

    # -- characters ---------------------------------------------------------------------------

    def peek(self, count: int = 1) -> str:
        return self.text[self.pos : self.pos + count]

    def advance(self, count: int = 1) -> None:
        chunk = self.text[self.pos : self.pos + count]
        self.line += chunk.count("\n")
        self.pos += len(chunk)

    def advance_to(self, end: int) -> None:
        self.advance(max(end, self.pos) - self.pos)

    def skip_blanks(self) -> None:
        while self.peek() in (" ", "\t"):
            self.pos += 1

    def skip_comment(self) -> None:
        if self.peek() == "#":
            self.comments.append(self.line)
            end = self.text.find("\n", self.pos)
            self.pos = len(self.text) if end < 0 else end

    def skip_space(self) -> None:
        """Blanks, newlines and comments, as allowed inside arrays."""
        while self.pos < len(self.text):
            char = self.peek()
            if char in (" ", "\t", "\r"):
                self.pos += 1
            elif char == "\n":
                self.advance()
            elif char == "#":
                self.skip_comment()
            else:
                return

    def record(self, path: KeyPath) -> None:
        self.lines.setdefault(path, self.line)

    # -- keys ---------------------------------------------------------------------------------

    def key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self.skip_blanks()
            char = self.peek()
            if char in ('"', "'"):
                start = self.pos
                self.string()
                parts.append(_decode_quoted_key(self.text[start : self.pos]))
            else:
                start = self.pos
                while self.pos < len(self.text) and self.text[self.pos] in _BARE_KEY:
                    self.pos += 1
                if self.pos == start:
                    return parts
                parts.append(self.text[start : self.pos])
            self.skip_blanks()
            if self.peek() != ".":
                return parts
            self.pos += 1

    # -- values -------------------------------------------------------------------------------

    def string(self) -> None:
        for quote in ('"""', "'''"):
            if self.peek(3) == quote:
                end = self._closing(quote, self.pos + 3)
                # Up to two quotes of the content may sit right before the closing delimiter.
                run = end
                while self.text[run : run + 1] == quote[0] and run < end + 5:
                    run += 1
                self.advance_to(run)
                return
        quote = self.peek()
        self.advance_to(self._closing(quote, self.pos + 1) + 1)

    def _closing(self, quote: str, start: int) -> int:
        index = start
        while index < len(self.text):
            if quote[0] == '"' and self.text[index] == "\\":
                index += 2
                continue
            if self.text.startswith(quote, index):
                return index
            index += 1
        return len(self.text)

    def value(self, path: KeyPath) -> None:
        char = self.peek()
        if char in ('"', "'"):
            self.string()
        elif char == "[":
            self.array(path)
        elif char == "{":
            self.inline_table(path)
        else:
            while self.pos < len(self.text) and self.text[self.pos] not in _SCALAR_END:
                self.pos += 1

    def array(self, path: KeyPath) -> None:
        self.pos += 1
        index = 0
        while True:
            self.skip_space()
            if self.peek() in ("]", ""):
                self.pos += 1
                return
            self.record((*path, index))
            self.value((*path, index))
            self.skip_space()
            if self.peek() == ",":
                self.pos += 1
            index += 1

    def inline_table(self, path: KeyPath) -> None:
        self.pos += 1
        while True:
            self.skip_blanks()
            if self.peek() in ("}", ""):
                self.pos += 1
                return
            self.pair(path)
            self.skip_blanks()
            if self.peek() == ",":
                self.pos += 1

    def pair(self, table: KeyPath) -> None:
        parts = self.key()
        for depth in range(1, len(parts) + 1):
            self.record((*table, *parts[:depth]))
        self.skip_blanks()
        if self.peek() == "=":
            self.pos += 1
        self.skip_blanks()
        self.value((*table, *parts))

    # -- document -----------------------------------------------------------------------------

    def resolve(self, parts: Sequence[str]) -> KeyPath:
        """A header's path, where each array-of-tables step means its latest entry."""
        path: KeyPath = ()
        for part in parts:
            path = (*path, part)
            self.record(path)  # an implicitly created super-table starts here at the latest
            if path in self.tables:
                path = (*path, self.tables[path] - 1)
        return path

    def header(self) -> KeyPath:
        array = self.peek(2) == "[["
        self.pos += 2 if array else 1
        parts = self.key()
        self.skip_blanks()
        self.pos += 2 if array else 1
        if not array:
            path = self.resolve(parts)
            self.record(path)
            return path
        parent = (*self.resolve(parts[:-1]), parts[-1])
        index = self.tables.get(parent, 0)
        self.tables[parent] = index + 1
        self.record(parent)
        path = (*parent, index)
        self.record(path)
        return path

    def document(self) -> dict[KeyPath, int]:
        table: KeyPath = ()
        while self.pos < len(self.text):
            self.skip_space()
            if self.pos >= len(self.text):
                break
            if self.peek() == "[":
                table = self.header()
            else:
                self.pair(table)
            # Whatever is left on the line is a comment or nothing; move to the next line.
            self.skip_blanks()
            self.skip_comment()
            end = self.text.find("\n", self.pos)
            if end < 0:
                break
            self.pos = end
        return self.lines


def _decode_quoted_key(raw: str) -> str:
    try:
        return str(tomllib.loads(f"k = {raw}")["k"])
    except tomllib.TOMLDecodeError:
        return raw.strip("\"'")


def _scan(text: str) -> _Scanner:
    scanner = _Scanner(text)
    with contextlib.suppress(RecursionError):  # absurdly nested arrays: keep what was placed
        scanner.document()
    return scanner


def key_lines(text: str) -> dict[KeyPath, int]:
    """Map every key, table header and array entry of ``text`` to its 1-based line."""
    return _scan(text).lines


def comment_lines(text: str) -> list[int]:
    """The 1-based lines holding a comment (a ``#`` outside strings), in order."""
    return sorted(set(_scan(text).comments))


def line_of(lines: dict[KeyPath, int], path: KeyPath) -> int:
    """The line of ``path``, or of its nearest enclosing key or table (a missing key's table)."""
    for depth in range(len(path), 0, -1):
        line = lines.get(path[:depth])
        if line is not None:
            return line
    return 1
