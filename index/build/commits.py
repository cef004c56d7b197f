"""Opening the index's writer, committing as a pass goes, and what a stopped run leaves.

A run commits in batches (every COMMIT_EVERY articles of a pass), so that what it has
written is searchable while it goes on, and a run stopped at any point leaves a usable
index that the next run finishes. What a stop left unfinished is said in the error's
notes, which the command line prints in its one line."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from whoosh.index import FileIndex, LockError

from index.build.leftovers import remove_unreferenced
from index.errors import IndexBusy
from index.search.pending import PENDING_FIELD, PENDING_SPEC

COMMIT_EVERY = 1_000  # articles between two commits of the text pass: the app shows each batch as it lands
COMMIT_SECONDS = 15.0  # or this long since its last commit: a slow pass stopped loses little
COMMIT_GROWTH = 0.1  # and, past 10,000, every tenth of what is written: a 100k pass makes dozens of segments
# The names pass commits by count alone: the merges its commits bring decide the stored field
# lengths BM25 ranks with (Whoosh keeps them to a byte per document), so its batches must not
# depend on the machine's speed for a run on Dask to end with the index a run here ends with.
# (The text pass's segments are all replaced by the names pass, so its timing leaves no trace.)
NAMES_COMMIT_EVERY = 250  # about 15 s of NER on two cores: what a stop can lose


class Batches:
    """When a pass commits: every `every` articles, or (with `seconds`) once that long has
    passed since its last commit. With `grow`, a batch is also at least that share of what
    the pass has committed so far: a big pass leaves fewer, bigger segments."""

    def __init__(self, every: int, seconds: float | None = None, grow: float = 0.0) -> None:
        self._every, self._seconds, self._grow = every, seconds, grow
        self._count = self._committed = 0
        self._since = time.monotonic()

    @property
    def size(self) -> int:
        """How many articles the batch now being written will hold, unless time ends it."""
        return max(self._every, int(self._committed * self._grow))

    def due(self) -> bool:
        """Count one article written; say whether to commit now."""
        self._count += 1
        late = self._seconds is not None and time.monotonic() - self._since >= self._seconds
        if self._count < self.size and not late:
            return False
        self._committed += self._count
        self._count, self._since = 0, time.monotonic()
        return True


# What a run writes after its commits, in order: each stamped with the generation it describes.
AFTER_COMMIT = ["the file and entity tables", "the same-story groups", "the topic space"]
# What is left when a run stops in its text pass after committing some of it.
TEXT_UNFINISHED = ["the articles", "their names", *AFTER_COMMIT]


def open_writer(ix: FileIndex, lock_wait: float) -> Any:
    try:
        writer = ix.writer(timeout=lock_wait)
    except LockError:
        raise IndexBusy("another explorer process is writing this index; try again when it finishes") from None
    if PENDING_FIELD not in writer.schema:  # an index written before names had a pass of their own
        # Committed at once: the text pass's segment writers take the schema from the index.
        writer.add_field(PENDING_FIELD, PENDING_SPEC)
        writer.commit(merge=False)
        return open_writer(ix, lock_wait)
    return writer


def abandon(
    writer: Any | None,
    ix: FileIndex,
    index_dir: Path,
    generation: int,
    error: BaseException,
    unfinished: list[str] | None = None,
) -> None:
    """A run stopped before or during its commit: the previous index stays as it was, and
    the segment files this run wrote go (they would only fill the disk). What it had
    committed stays: `unfinished` is what the next run will do."""
    if writer is not None:
        try:
            writer.cancel()
        except Exception:  # a commit that failed half-way may have closed its files already
            if writer.writelock:
                writer.writelock.release()
    if ix.latest_generation() != generation:  # the commit got as far as its table of contents
        error.add_note(f"the index was updated; the next run will finish {and_list(unfinished or TEXT_UNFINISHED)}")
    remove_unreferenced(index_dir)


def and_list(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else items[0]
