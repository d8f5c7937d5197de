"""The house rules of the code, read from its source: imports point down the layers, never in a
cycle, and only the command line imports Typer; nothing below the formats imports Rich; only
channels imports Apprise, and only inside its functions."""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src" / "labeltrack"

#: Each module's layer, lowest first; a module may import only from its own layer or below.
LAYERS = {
    0: {"labeltrack", "__main__", "errors", "words", "dates", "countries", "toml_lines"},
    1: {"model"},
    2: {"files", "history"},
    3: {"loading", "expiry"},
    4: {"select", "session", "mail", "channels", "edit", "sources"},
    5: {"status", "summary", "card", "timeline", "check", "notify", "catalogue", "reconcile"},
    6: {"overview"},
}
FORMATS, CLI = 7, 8


def _modules() -> dict[str, set[str]]:
    """Every module, with the labeltrack modules it imports."""
    found = {}
    for path in SOURCE.rglob("*.py"):
        parts = path.relative_to(SOURCE).with_suffix("").parts
        name = ".".join(part for part in parts if part != "__init__") or "labeltrack"
        imports: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "labeltrack":
                # a submodule, or a name the package itself holds (__version__)
                imports.update(
                    alias.name if (SOURCE / f"{alias.name}.py").exists() else "labeltrack"
                    for alias in node.names
                )
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("labeltrack."):
                imports.add((node.module or "").removeprefix("labeltrack."))
            elif isinstance(node, ast.Import):
                imports.update(
                    alias.name.removeprefix("labeltrack.")
                    for alias in node.names
                    if alias.name.startswith("labeltrack.")
                )
        found[name] = imports - {name}
    return found


def _layer(module: str) -> int:
    if module.startswith("cli") or module == "__main__":
        return CLI
    if module.startswith("formats"):
        return FORMATS
    return next(layer for layer, names in LAYERS.items() if module in names)


def test_every_module_has_a_layer() -> None:
    for module in _modules():
        assert isinstance(_layer(module), int), module


def test_imports_point_down() -> None:
    upward = [
        f"{module} imports {imported}"
        for module, imports in _modules().items()
        for imported in imports
        if _layer(imported) > _layer(module)
    ]
    assert upward == []


def test_no_import_cycles() -> None:
    graph = _modules()
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, " -> ".join([*path, module])
        if module in done:
            return
        for imported in graph.get(module, set()):
            # a package's own submodules are not a cycle through it
            if not imported.startswith(f"{module}."):
                visit(imported, (*path, module))
        done.add(module)

    for module in graph:
        visit(module, ())


def test_only_the_command_line_imports_typer_and_only_formats_import_rich() -> None:
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        relative = path.relative_to(SOURCE).as_posix()
        if "import typer" in text or "from typer" in text:
            assert relative.startswith("cli/"), relative
        if "from rich" in text or "import rich" in text:
            assert relative.startswith(("cli/", "formats/")), relative


def test_only_channels_imports_apprise_and_never_at_import_time() -> None:
    for path in SOURCE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        relative = path.relative_to(SOURCE).as_posix()
        for node in ast.walk(tree):
            names = (
                [alias.name for alias in node.names] if isinstance(node, ast.Import)
                else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            )  # fmt: skip
            if any(name.split(".")[0] == "apprise" for name in names):
                assert relative == "channels.py", relative
                assert node not in tree.body, "apprise imported at the top of channels.py"
