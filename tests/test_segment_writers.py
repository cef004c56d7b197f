"""The text pass on worker processes (`index.build.segment_writers`): a folder of hundreds
of new articles is analysed and written by two processes, each batch a segment of its own,
and the index is the one a run in one process writes, after the text pass and after both
passes; updated articles replace their old versions; a worker killed mid-pass fails the
run with one line, and the next run finishes it."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path
from typing import Any

import pytest
from whoosh.index import open_dir

from index.build import segment_writers
from index.errors import WorkerLost
from index.library import Library, build_index
from index.records import Workers
from tests.conftest import SEEDS_DIR, VARIANTS_DIR
from tests.index_contents import contents
from tests.stops import StopHere, stop_at
from tests.synthetic import generate

pytestmark = pytest.mark.skipif(
    segment_writers.processes_here() < 2, reason="one core: the text pass stays in one process"
)


before_names = stop_at("finding names")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """More new articles than the workers start for, with copies, variants and a repeated id."""
    root = tmp_path_factory.mktemp("folder")
    shutil.copytree(SEEDS_DIR, root / "shipped")
    shutil.copytree(VARIANTS_DIR, root / "variants")
    (root / "generated").mkdir()
    generate(root / "generated", segment_writers.PARALLEL_FROM + 20, topics=6)
    (root / "feed.jsonl").write_text(
        '{"id": "twice", "title": "One", "body": "Oil output rose in Venezuela, the ministry said."}\n'
        '{"id": "twice", "title": "Two", "body": "A second record with the same id."}\n',
        encoding="utf-8",
    )
    return root


def text_pass(folder: Path, index_dir: Path, workers: Workers | None = None) -> dict[str, Any]:
    with pytest.raises(StopHere):
        build_index(folder, index_dir, phase=before_names, workers=workers)
    return contents(index_dir)


def segments(index_dir: Path) -> int:
    return len(open_dir(str(index_dir)).reader().leaf_readers())


@pytest.fixture(scope="module")
def one_process_text(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    index_dir = tmp_path_factory.mktemp("one") / "index"
    seen = text_pass(folder, index_dir, Workers(processes=1))
    assert segments(index_dir) == 1  # one commit of fewer than COMMIT_EVERY articles, in this process
    return seen


def test_the_text_pass_on_two_workers_writes_what_one_process_writes(
    folder: Path, one_process_text: dict[str, Any], tmp_path: Path
) -> None:
    seen = text_pass(folder, tmp_path / "index")
    assert segments(tmp_path / "index") == 2  # one segment per worker: the workers wrote them
    assert len(seen["articles"]) > segment_writers.PARALLEL_FROM and all(seen["searches"].values())
    assert seen == one_process_text


def test_with_dask_reading_the_files_the_workers_here_still_write_the_segments(
    folder: Path, one_process_text: dict[str, Any], tmp_path: Path
) -> None:
    seen = text_pass(folder, tmp_path / "index", Workers(processes=2))
    assert segments(tmp_path / "index") == 2
    assert seen == one_process_text


def test_both_passes_after_a_parallel_text_pass_end_as_one_process_ends(
    folder: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    here = tmp_path_factory.mktemp("here") / "index"
    build_index(folder, here, workers=Workers(processes=1))
    parallel = tmp_path_factory.mktemp("parallel") / "index"
    build_index(folder, parallel)
    assert contents(parallel) == contents(here)


def test_updated_articles_written_by_the_workers_replace_their_old_versions(folder: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(folder / "generated", corpus)
    parallel, here = tmp_path / "parallel", tmp_path / "here"
    text_pass(corpus, parallel)
    text_pass(corpus, here, Workers(processes=1))
    files = sorted(corpus.glob("*.md"))[: segment_writers.PARALLEL_FROM + 5]
    for path in files:
        path.write_text(path.read_text(encoding="utf-8").replace("title: '", "title: 'Zebracorn ", 1), encoding="utf-8")
    updated = text_pass(corpus, parallel)
    with Library.open(parallel) as library:
        assert library.count() == len(list(corpus.glob("*.md")))
        assert library.search("zebracorn", snippets=False).total == len(files)
    # Replaced versions count in BM25's statistics until the names pass merges them away, in
    # either way of writing: so the comparison is with the same two runs in one process.
    assert updated == text_pass(corpus, here, Workers(processes=1))


def test_a_killed_worker_fails_the_run_in_one_line_and_the_next_run_finishes(
    folder: Path, one_process_text: dict[str, Any], tmp_path: Path
) -> None:
    index_dir = tmp_path / "index"
    killed: list[int] = []

    def kill_a_worker(done: int, total: int, current: str) -> None:
        if done == 150 and not killed:
            killed.append(_worker_pids()[0])
            os.kill(killed[0], signal.SIGKILL)

    with pytest.raises(WorkerLost, match=r"^a segment writer process ended unexpectedly$"):
        build_index(folder, index_dir, progress=kill_a_worker)
    assert killed and not _worker_pids()  # the other was stopped with the run
    assert text_pass(folder, index_dir) == one_process_text


def _worker_pids() -> list[int]:
    """This process's children that write segments."""
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except (OSError, ValueError):
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == os.getpid() and b"index.build.segment_writers" in command:
            pids.append(int(entry.name))
    return sorted(pids)
