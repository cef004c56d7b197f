"""What two cores give NER at best on this machine: the same articles in one process, then
split in halves between two plain processes started side by side (each loads the model
before the clock starts); no Dask, no writer. Its ratio is the ceiling of any two-worker
scheme, the one to read `_ner_on_dask`'s ratio against.

    python -m tests.bench.ner_ceiling FOLDER [--files 400] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import statistics
import time
from multiprocessing.synchronize import Barrier, Event
from pathlib import Path
from queue import Queue

from index.build.corpus import SourceFile, discover
from index.build.reading import Outcome, read_upload, uploads
from index.entities import ner
from index.read.articles import hash_bytes
from index.records import Article


def articles_of(folder: Path, files: int) -> list[Article]:
    found = [source for source in discover(folder) if isinstance(source, SourceFile)][:files]
    fresh = [(source, hash_bytes(source.path.read_bytes())) for source in found]
    outcomes = (item if isinstance(item, Outcome) else read_upload(item) for item in uploads(fresh))
    return [article for outcome in outcomes if outcome.read for article in outcome.read.articles]


def _names(articles: list[Article]) -> None:
    for _ in ner.extract(articles):
        pass


def _half(articles: list[Article], ready: Barrier, go: Event, done: Queue[float]) -> None:
    _names(articles[:2])  # the model loaded and warm before the clock
    ready.wait()
    go.wait()
    _names(articles)
    done.put(time.perf_counter())


def side_by_side(articles: list[Article]) -> float:
    """Seconds for two processes to find the names of half the articles each."""
    context = mp.get_context("spawn")
    ready, go, done = context.Barrier(3), context.Event(), context.Queue()
    middle = len(articles) // 2
    halves = (articles[:middle], articles[middle:])
    workers = [context.Process(target=_half, args=(half, ready, go, done)) for half in halves]
    for worker in workers:
        worker.start()
    ready.wait()
    start = time.perf_counter()
    go.set()
    ends = [done.get(), done.get()]
    for worker in workers:
        worker.join()
    return max(ends) - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--files", type=int, default=400)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    articles = articles_of(args.folder, args.files)
    _names(articles[:2])
    alone, both = [], []
    for _ in range(args.runs):  # alternately, so that the machine's drift falls on both
        start = time.perf_counter()
        _names(articles)
        alone.append(time.perf_counter() - start)
        both.append(side_by_side(articles))
    ceiling = statistics.median(alone) / statistics.median(both)
    print(json.dumps({"articles": len(articles), "one_process_s": alone, "two_processes_s": both, "ceiling": ceiling}))


if __name__ == "__main__":
    main()
