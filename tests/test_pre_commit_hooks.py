"""The shipped pre-commit hooks, run by pre-commit itself in a scratch git repository."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import BIGINN, REPO, Invoke

HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def test_hooks_run_real_commands(invoke: Invoke) -> None:
    assert [hook["id"] for hook in HOOKS] == ["labeltrack-check", "labeltrack-fmt"]
    for hook in HOOKS:
        program, *args = shlex.split(hook["entry"])
        assert program == "labeltrack"
        assert (hook["pass_filenames"], hook["always_run"]) == (False, False)
        result = invoke(*args, "--registry", REPO / "data" / "clusters.toml")
        assert result.exit_code == 0, (hook["id"], result.stdout, result.stderr)


def test_the_manifest_is_valid_for_pre_commit() -> None:
    from pre_commit.clientlib import load_manifest

    assert [hook["id"] for hook in load_manifest(str(REPO / ".pre-commit-hooks.yaml"))] == [
        "labeltrack-check",
        "labeltrack-fmt",
    ]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A git repository whose pre-commit config holds our hooks as they are shipped, run from
    this environment's labeltrack (``language: unsupported``) so that no network is needed."""
    if shutil.which("git") is None:
        pytest.fail("git is needed to test the pre-commit hooks")
    root = tmp_path / "project"
    root.mkdir()
    local = [{**hook, "language": "unsupported"} for hook in HOOKS]
    config = {"repos": [{"repo": "local", "hooks": local}]}
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (root / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def _pre_commit(root: Path, tmp_path: Path, *files: str) -> subprocess.CompletedProcess[str]:
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "NO_COLOR": "1",
    }
    command = [sys.executable, "-m", "pre_commit", "run", "--color", "never", "--files", *files]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=120)


def test_hooks_skip_a_commit_without_the_registry(project: Path, tmp_path: Path) -> None:
    result = _pre_commit(project, tmp_path, "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    skipped = [line for line in result.stdout.splitlines() if line.endswith("Skipped")]
    assert len(skipped) == 2, result.stdout


def test_hooks_judge_the_registry_when_it_changes(project: Path, tmp_path: Path) -> None:
    (project / "data").mkdir()
    registry = project / "data" / "clusters.toml"
    registry.write_text(BIGINN.read_text(encoding="utf-8"), encoding="utf-8")
    passed = _pre_commit(project, tmp_path, "data/clusters.toml")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert passed.stdout.count("Passed") == 2, passed.stdout
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace('country = "LT"', 'country = "lt"', 1), encoding="utf-8")
    failed = _pre_commit(project, tmp_path, "data/clusters.toml")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "data/clusters.toml:" in failed.stdout
    assert "country must be written in capitals: 'LT'" in failed.stdout
