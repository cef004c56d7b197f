from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "articles"
VARIANTS_DIR = ROOT / "tests" / "fixtures" / "variants"
GOLD_DIR = ROOT / "tests" / "gold"


# The suite in tiers, fastest first (`make test TIER=unit`); `make test` runs them all, on every
# core. A test module's tier is the first whose prefixes name it; anything else is a unit test.
TIERS = {
    # The real console script in tmux or a subprocess, a built wheel, processes stopped mid-run.
    "e2e": ("e2e/", "test_packaging.py", "tui/test_cli.py", "reliability/test_interruptions.py"),
    # The Textual app, headless with Pilot, over real indexes.
    "app": ("tui/",),
    # Real on-disk indexes, built by the test or shared per session.
    "integration": ("reliability/", *(f"test_{name}.py" for name in (
        "bad_input", "bulk_search", "columns", "copies", "doc_sets", "entities", "entity_resolution_cases",
        "fuzzy", "html_article", "incremental", "index_on_dask", "library", "name_search", "related", "resolve",
        "search", "store", "stories", "topic_space", "typed_query", "whoosh_internals",
    ))),
}  # fmt: skip


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        where = item.path.relative_to(ROOT / "tests").as_posix()
        tier = next((name for name, prefixes in TIERS.items() if where.startswith(prefixes)), "unit")
        item.add_marker(tier)


def load_gold(name: str) -> dict:
    return json.loads((GOLD_DIR / name).read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user's data or config directories."""
    home = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A writable copy of the shipped seeds."""
    target = tmp_path / "articles"
    shutil.copytree(SEEDS_DIR, target)
    return target


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real on-disk index of the seeds, shared by read-only tests."""
    from index.build.store import update_index

    index_dir = tmp_path_factory.mktemp("seed-index") / "ix"
    update_index(SEEDS_DIR, index_dir)
    return index_dir


@pytest.fixture(params=["fast", "public"])
def whoosh_reads(request: pytest.FixtureRequest) -> Iterator[str]:
    """Runs a test twice: through Whoosh's private fast paths, and with every one of them
    off, as after a Whoosh release that moved them (index/search/whoosh_internals.py)."""
    from index.search import whoosh_internals

    whoosh_internals.set_public_only(request.param == "public")
    try:
        yield request.param
    finally:
        whoosh_internals.set_public_only(False)
