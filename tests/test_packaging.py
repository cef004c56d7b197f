"""The shipped corpus travels inside a normal (non-editable) install."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS_DIR


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return next(out.glob("explorer-*.whl"))


def test_wheel_carries_the_shipped_articles(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for article in SEEDS_DIR.glob("*.txt"):
        assert f"index/_corpus/{article.name}" in names


def test_installed_package_finds_its_corpus_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    script = (
        "import json, sys; from index.build.corpus import shipped_articles_dir; from tui.cli import main; "
        "print(json.dumps(str(shipped_articles_dir()))); sys.exit(main(['list', '--json']))"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    corpus_line, listing = result.stdout.split("\n", 1)
    assert Path(json.loads(corpus_line)).is_relative_to(target)
    assert {row["id"] for row in json.loads(listing)} == {p.stem for p in SEEDS_DIR.glob("*.txt")}
