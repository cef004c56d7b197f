"""The text pass's documents analysed and written by worker processes, each batch a Whoosh
segment of its own, which the run's one writer adds to the index at its next commit.

Whoosh's analysis and segment writing are most of the text pass (profiled: about three
quarters; the rest is reading the files), and a Whoosh writer uses one core. Whoosh's own
`MpWriter` forks the parent, and drops a sub-writer's segment when it is a second late;
here the workers are `worker_processes` and every segment sent for comes back or the run
fails. The writer in this process keeps the index's lock, deletes the replaced versions
and commits; segments are added in the order their documents were found, so the index's
layout depends on the batches, never on which worker was faster.

This is Whoosh's internal segment interface (the one `MpWriter` uses), reached through
index.search.whoosh_internals, which checks it is there; without it the text pass writes in
this process, with the public API.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex

from index.build.worker_processes import Processes, serve
from index.search import whoosh_internals

PARALLEL_FROM = 200  # new articles; below this, starting the workers costs more than they save
MOST_PROCESSES = 4  # past this the reading in this process, not the writing, is what waits


def fits() -> bool:
    """Whether this Whoosh has the segment interface the workers and the commit use."""
    return whoosh_internals.segment_writing_fits()


def processes_here() -> int:
    """The workers worth starting on this machine: one per core this process may use."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return min(cores, MOST_PROCESSES)


class SegmentWriters:
    """Documents in, segments out: `add` each document, `commit` with the run's writer."""

    def __init__(self, index_dir: Path, indexname: str, processes: int, batch_size: Callable[[], int]) -> None:
        """`batch_size` says how many documents the next commit will hold, unless it
        comes early: each worker gets a share, and the commit adds one segment per worker."""
        self._where = (str(index_dir), indexname)
        self._processes, self._batch_size = processes, batch_size
        self._workers = Processes[None]("index.build.segment_writers", processes, "a segment writer")
        self._batch: list[dict[str, object]] = []
        self._segments: list[Any] = []  # written since the last commit, in the order sent

    def add(self, document: dict[str, object]) -> None:
        self._batch.append(document)
        if len(self._batch) >= -(-self._batch_size() // self._processes):
            self._send(self._batch)
            self._batch = []

    def commit(self, writer: Any, mergetype: Callable[[Any, list[Any]], list[Any]]) -> None:
        """Commit `writer` (its deletions, and what it wrote itself) with every segment
        written since the last commit, as `writer.commit(mergetype=mergetype)` would merge."""
        share = -(-len(self._batch) // self._processes)  # a short batch is still shared by all
        for start in range(0, len(self._batch), share or 1):
            self._send(self._batch[start : start + share])
        self._batch = []
        self._segments.extend(segment for segment, _ in self._workers.drain())
        segments, self._segments = self._segments, []
        whoosh_internals.commit_segments(writer, segments, mergetype)

    def close(self, gently: bool) -> None:
        """Stop the workers; on an error or an interrupt at once. A segment written but not
        committed is in no table of contents, and the run's clean-up deletes its files."""
        self._workers.stop(gently)

    def _send(self, documents: list[dict[str, object]]) -> None:
        self._segments.extend(segment for segment, _ in self._workers.submit((*self._where, documents), None))


def _write_segment(payload: tuple[str, str, list[dict[str, object]]]) -> Any:
    """In a worker: the documents as one new segment of the index."""
    index_dir, indexname, documents = payload
    return whoosh_internals.write_segment(FileIndex(FileStorage(index_dir), indexname=indexname), documents)


if __name__ == "__main__":
    serve(lambda: _write_segment)
