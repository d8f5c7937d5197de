"""The `labeltrack` command. It parses options, calls one function of the core, and prints its
result; it is the only layer that knows flags, exit codes, terminals and the clock.

Each command lives in its own module here and is built only when it runs (or when ``--help``
lists them all): Click's documented pattern for lazily loaded subcommands, so that start-up never
pays for the options of the commands it does not run.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator, MutableMapping, Sequence
from importlib import import_module
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from labeltrack import __version__

#: The commands, in the order ``labeltrack --help`` lists them; each is ``labeltrack.cli.<name>``
#: (``import``, a Python keyword, is ``labeltrack.cli.importing``).
COMMANDS = (
    "status",
    "show",
    "summary",
    "timeline",
    "report",
    "check",
    "notify",
    "init",
    "add",
    "award",
    "remove",
    "fmt",
    "import",
    "export",
    "schemes",
    "schema",
)

_MODULES = {"import": "importing"}


class _Commands(MutableMapping[str, Any]):
    """The group's commands, each built from its module the first time it is asked for."""

    def __init__(self) -> None:
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in COMMANDS:
            raise KeyError(name)
        if name not in self._built:
            module = import_module(f"labeltrack.cli.{_MODULES.get(name, name)}")
            self._built[name] = typer.main.get_command(module.app)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)


class LazyGroup(TyperGroup):
    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Commands()

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Click's standalone handling, except that a usage error is one line naming the option
        and what it allows, like every other error labeltrack reports."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except typer.Abort:
            say("aborted")
            sys.exit(1)
        except typer.TyperException as exc:  # Click's errors: 2 for usage, 1 otherwise
            code = _exit_code(exc)
            if code == 2 and nagios_mode(sys.argv[1:] if args is None else list(args)):
                # a monitoring plugin answers UNKNOWN, with one line, to a mistake in its call
                print(f"LABELTRACK UNKNOWN - {one_line(exc)}")
                sys.exit(3)
            say(one_line(exc) if code == 2 else _message(exc))
            sys.exit(code)
        sys.exit(code if isinstance(code, int) else 0)


def nagios_mode(args: list[str]) -> bool:
    """Whether ``args`` run `check` as a monitoring plugin (``-f nagios``, in any spelling)."""
    if "check" not in args:
        return False
    words = [arg.lower() for arg in args]
    pairs = zip(words, [*words[1:], ""], strict=True)
    joined = ("-fnagios", "--format=nagios")
    return any(
        (word in ("-f", "--format") and value == "nagios") or word in joined
        for word, value in pairs
    )


def say(text: str) -> None:
    """Write on stderr with every line prefixed, so that a cron mail or a CI log says where it
    came from."""
    print("\n".join(f"labeltrack: {line}" for line in text.splitlines()), file=sys.stderr)


def _message(error: Exception) -> str:
    text = error.format_message() if hasattr(error, "format_message") else str(error)
    return f"error: {text}"


def _exit_code(error: Exception) -> int:
    code = getattr(error, "exit_code", 1)
    return code if isinstance(code, int) else 1


def one_line(error: Exception) -> str:
    """``--state: 'bogus' is not a state; choose from ...``, or Click's own sentence with a
    pointer to the help."""
    message = getattr(error, "message", "") or ""
    if isinstance(error, typer.BadParameter) and message:
        hint = error.param_hint or (error.param.opts[0] if error.param else None)
        name = (hint[0] if isinstance(hint, list | tuple) else str(hint or "")).strip("'")
        return f"{name}: {message}" if name else message
    context = getattr(error, "ctx", None)
    where = context.command_path if context is not None else "labeltrack"
    return f"{_message(error).removeprefix('error: ')} (see {where} -h)"


app = typer.Typer(
    name="labeltrack",
    cls=LazyGroup,
    help="Keep track of cluster organisations' quality labels and warn before they expire.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        print(f"labeltrack {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Keep track of cluster organisations' quality labels and warn before they expire."""


def main() -> None:
    """Console entry point: also ends quietly when the reader of a pipe goes away.

    The cyclic garbage collector is off for the run: a command lasts seconds at most and makes
    no cycles worth collecting, while a big registry is hundreds of thousands of objects that
    the collector would rescan again and again."""
    gc.disable()
    try:
        app()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
