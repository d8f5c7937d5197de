"""The shipped pre-commit hooks run commands that exist and pass on the bundled registry."""

from __future__ import annotations

import shlex

import yaml

from .conftest import REPO, Invoke


def test_hooks_run_real_commands(invoke: Invoke) -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["labeltrack-check", "labeltrack-fmt"]
    for hook in hooks:
        program, *args = shlex.split(hook["entry"])
        assert program == "labeltrack"
        assert hook["pass_filenames"] is False
        result = invoke(*args, "--registry", REPO / "data" / "clusters.toml")
        assert result.exit_code == 0, (hook["id"], result.stdout, result.stderr)
