"""Indexing on Dask (`explorer index --workers N`, `--scheduler ADDRESS`): the index a run
on a Dask cluster writes is the one a run in one process writes (articles, reports,
entities, stories, related lists, searches), and a worker killed in the middle of a
batch loses nothing."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path
from typing import Any

import pytest
from dask import config as dask_config
from distributed import Client, LocalCluster

from index.build import cluster
from index.library import build_index
from index.records import Article, IndexReport, Workers
from tests.conftest import SEEDS_DIR, VARIANTS_DIR
from tests.index_contents import contents
from tests.synthetic import generate


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped articles, their variants, generated stories with planted copies, and
    files that are skipped, noted or partly read."""
    root = tmp_path_factory.mktemp("mixed")
    shutil.copytree(SEEDS_DIR, root / "shipped")
    shutil.copytree(VARIANTS_DIR, root / "variants")
    (root / "generated").mkdir()
    generate(root / "generated", 40, topics=5)
    (root / "empty.txt").write_text("\n", encoding="utf-8")
    (root / "feed.jsonl").write_text(
        '{"id": "twice", "title": "One", "body": "Oil output rose in Venezuela, the ministry said."}\n'
        "not json at all\n"
        '{"id": "twice", "title": "Two", "body": "A second record with the same id."}\n',
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="module")
def one_process(mixed: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[IndexReport, dict[str, Any]]:
    index_dir = tmp_path_factory.mktemp("one") / "index"
    report = build_index(mixed, index_dir, workers=Workers(processes=1))
    return report, contents(index_dir)


def test_the_corpus_has_what_the_comparison_needs(one_process: tuple[IndexReport, dict[str, Any]]) -> None:
    report, seen = one_process
    assert len(report.added) > 50 and report.skipped and any(s.reason.startswith("a second") for s in report.skipped)
    assert any(len(members) > 1 for members in seen["stories"].values())
    assert seen["entities"] and all(seen["searches"].values())


def test_two_local_workers_build_what_one_process_builds(
    mixed: Path, one_process: tuple[IndexReport, dict[str, Any]], tmp_path: Path
) -> None:
    phases: list[str] = []
    report = build_index(mixed, tmp_path / "index", workers=Workers(processes=2), phase=phases.append)
    assert "starting 2 Dask workers" in phases
    assert any(p.startswith("reading") and p.endswith("on 2 local Dask workers") for p in phases)
    assert report == one_process[0]
    assert contents(tmp_path / "index") == one_process[1]


def test_a_worker_killed_mid_batch_loses_nothing(
    mixed: Path, one_process: tuple[IndexReport, dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cluster, "BATCH_ARTICLES", 4)  # many batches: some are on each worker when one goes
    killed: list[str] = []
    naming: list[str] = []
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as dask,
        Client(dask, set_as_default=False) as client,
    ):

        def kill_a_busy_worker(done: int, total: int, current: str) -> None:
            busy = [address for address, tasks in client.processing().items() if tasks]
            if naming and busy and not killed:  # in the names pass: NER batches are lost with it
                pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
                os.kill(pid, signal.SIGKILL)
                killed.append(busy[0])

        report = build_index(
            mixed,
            tmp_path / "index",
            workers=Workers(scheduler=dask.scheduler_address),
            progress=kill_a_busy_worker,
            phase=lambda step: naming.append(step) if step.startswith("finding names") else None,
        )
    assert killed, "no worker was busy to be killed"
    assert report == one_process[0]
    assert contents(tmp_path / "index") == one_process[1]


def test_local_workers_run_as_a_plain_process_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the nanny's MALLOC_TRIM_THRESHOLD_ (23% more NER time: a page fault for every
    page spaCy allocates again) and without the workers' stack sampler (close to half)."""
    # A shell's own setting is kept; an earlier cluster in this process may have left Dask's.
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    with cluster.Cluster(Workers(processes=1)) as dask:
        seen = dask.client.run(
            lambda: (os.environ.get("MALLOC_TRIM_THRESHOLD_"), dask_config.get("distributed.worker.profile.enabled"))
        )
    assert list(seen.values()) == [(None, False)]


def test_names_batches_are_cut_by_text_size_and_count(monkeypatch: pytest.MonkeyPatch) -> None:
    """At most so many articles a task, fewer when they are long (a long article nearly alone),
    and no article is lost, doubled or moved."""
    monkeypatch.setattr(cluster, "BATCH_CHARS", 1_000)
    monkeypatch.setattr(cluster, "BATCH_ARTICLES", 5)
    lengths = [100] * 12 + [2_500] + [300, 300, 300, 300]
    articles = [Article(f"a{n}", "", "", [], None, "", None, "x" * size) for n, size in enumerate(lengths)]
    batches = list(cluster._article_batches(articles))
    assert [a for batch in batches for a in batch] == articles
    assert [len(batch) for batch in batches] == [5, 5, 3, 4]
    assert all(sum(len(a.body) for a in batch[:-1]) < 1_000 for batch in batches)
