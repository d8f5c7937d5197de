"""Generate the docs' examples and help texts from the code itself (run by cog; `.ci/run` fails
when a page is stale). Every command runs in-process on the bundled registry at a fixed
``--as-of``, so the output is the same on every machine and every day."""

from __future__ import annotations

import os
import shlex
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import cog  # type: ignore[import-not-found]
from typer.testing import CliRunner

from labeltrack.cli import app

REPO = Path(__file__).resolve().parent.parent
_ENV = {"COLUMNS": "100", "NO_COLOR": "1", "LABELTRACK_REGISTRY": "data/clusters.toml"}


@contextmanager
def _inside(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def _run(command: str) -> str:
    """``$ command`` and what it printed, stdout then stderr."""
    args = shlex.split(command)
    assert args[0] == "labeltrack", command
    result = CliRunner().invoke(app, args[1:], env=_ENV)
    # CSV ends its rows with CRLF (RFC 4180); a Markdown page holds plain lines.
    return f"$ {command}\n{result.stdout}{result.stderr}".replace("\r\n", "\n")


def console(*commands: str, fresh: bool = False) -> None:
    """A console block of ``commands``, run in the repository, or with ``fresh`` one after the
    other in an empty folder (for the editing commands)."""
    if fresh:
        with tempfile.TemporaryDirectory() as folder, _inside(Path(folder)):
            text = "".join(_run(command) for command in commands)
    else:
        with _inside(REPO):
            text = "".join(_run(command) for command in commands)
    cog.out(f"\n```console\n{text}```\n\n")


def usage(command: str) -> None:
    """The ``--help`` of ``labeltrack COMMAND``."""
    with _inside(REPO):
        result = CliRunner().invoke(app, [*shlex.split(command), "--help"], env=_ENV)
    cog.out(f"\n```\n$ labeltrack {command} --help\n{result.stdout}```\n\n")


def masked(command: str, *prefixes: str) -> None:
    """``console`` for output with lines that change every run (a message's date and id): those
    starting with ``prefixes`` keep only their name."""
    with _inside(REPO):
        text = _run(command)
    lines = [
        f"{line.split(':', 1)[0]}: …" if line.startswith(prefixes) else line
        for line in text.splitlines()
    ]
    cog.out("\n```console\n" + "\n".join(lines) + "\n```\n\n")


def excerpt(command: str, first: str, last: str) -> None:
    """``console`` for the lines of the output from the one holding ``first`` through the next
    holding ``last``, shown as the ``sed`` that cuts them."""
    with _inside(REPO):
        output = _run(command).splitlines()[1:]
    start = next(index for index, line in enumerate(output) if first in line)
    end = next(index for index in range(start, len(output)) if last in output[index])
    shown = "\n".join(output[start : end + 1])
    cog.out(f"\n```console\n$ {command} | sed -n '/{first}/,/{last}/p'\n{shown}\n```\n\n")


def python(code: str) -> None:
    """``code`` and what it prints, run in the repository."""
    import contextlib
    import io
    import textwrap

    source = textwrap.dedent(code).strip()
    printed = io.StringIO()
    with _inside(REPO), contextlib.redirect_stdout(printed):
        exec(compile(source, "<docs>", "exec"), {})
    shown = printed.getvalue().replace("\r\n", "\n")
    cog.out(f"\n```python\n{source}\n```\n\nprints\n\n```\n{shown}```\n\n")


def module_map(holds: dict[str, str]) -> None:
    """A table of labeltrack's modules: what each holds (``holds``, by module name) and which
    of labeltrack's modules it imports, read from the source so it cannot drift."""
    import ast

    source = REPO / "src" / "labeltrack"
    rows = []
    for path in sorted(source.rglob("*.py")):
        parts = path.relative_to(source).with_suffix("").parts
        name = ".".join(part for part in parts if part != "__init__") or "labeltrack"
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module == "labeltrack":
                    imported.update(alias.name for alias in node.names)
                elif node.module.startswith("labeltrack."):
                    imported.add(node.module.removeprefix("labeltrack."))
        uses = ", ".join(sorted(imported - {name})) or "—"
        if name not in holds:
            raise KeyError(f"describe the module {name} in CONTRIBUTING.md")
        rows.append(f"| `{name}` | {holds[name]} | {uses} |")
    cog.out("\n| module | holds | imports (of labeltrack's) |\n|---|---|---|\n")
    cog.out("\n".join(rows) + "\n\n")
