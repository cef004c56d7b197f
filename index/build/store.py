"""Write and open the on-disk Whoosh index.

Safety rules: an index folder carries a marker file naming this program and the
format; a folder without it is never written to or opened (Whoosh indexes hold
pickles). Updates commit once, so a run stopped before its commit leaves the previous
index as it was; one stopped after it leaves side files stamped with the older
generation, which the next run makes again. A rebuild is written beside the old index
and swapped in at the end. Whatever a killed run left behind, the next run removes.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex

from index.build import whoosh_pickles  # before any index is opened: Whoosh's unpickling is guarded from here on
from index.build.leftovers import remove_unreferenced
from index.build.sources import REGISTRY, Root, register, roots
from index.errors import IndexBusy, IndexInvalid, IndexMissing, IndexProblem
from index.read.valid_text import encodes, readable
from index.records import IndexReport, Workers
from index.search.schema import FORMAT_VERSION, build_schema

if TYPE_CHECKING:
    from index.build.indexer import Phase, Progress

__all__ = ["REGISTRY", "IndexBusy", "IndexInvalid", "IndexMissing", "IndexProblem", "open_index", "update_index"]

MARKER = "explorer-index.json"
WRITE_LOCK_WAIT = 30.0  # seconds to wait for another writer before giving up


def _storage(index_dir: Path) -> FileStorage:
    # mmap off: measured, the default maps every segment into private memory.
    return FileStorage(str(index_dir), supports_mmap=False)


def read_marker(index_dir: Path) -> dict[str, Any] | None:
    try:
        marker = json.loads((index_dir / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return marker if isinstance(marker, dict) and marker.get("tool") == "explorer" else None


def is_outdated(index_dir: Path) -> bool:
    """Our own index, written by an older version: safe to rebuild, it is derived data."""
    marker = read_marker(index_dir)
    return marker is not None and marker.get("format") != FORMAT_VERSION


def open_index(index_dir: Path) -> FileIndex:
    """Open an index this program built, or say in one line why not."""
    if not index_dir.is_dir():
        raise IndexMissing(f"no index at {index_dir}; run 'explorer index' first")
    marker = read_marker(index_dir)
    if marker is None:
        raise IndexInvalid(f"{index_dir} is not an explorer index; refusing to open it")
    if marker.get("format") != FORMAT_VERSION:
        raise IndexInvalid(f"the index at {index_dir} has an old format; run 'explorer index --rebuild'")
    unguarded = whoosh_pickles.refusal()
    if unguarded is not None:
        raise IndexInvalid(f"{unguarded} {index_dir}")
    try:
        return _storage(index_dir).open_index()
    except whoosh_pickles.UnsafeIndexData as error:
        raise IndexInvalid(
            f"the index at {index_dir} holds a pickle naming {error.named}, which explorer never writes; "
            "refusing to open it; run 'explorer index --rebuild' to replace it"
        ) from None
    except Exception as error:  # Whoosh raises many kinds for a damaged folder
        raise IndexInvalid(
            f"the index at {index_dir} is damaged ({error.__class__.__name__}); run 'explorer index --rebuild'"
        ) from None


def update_index(
    articles_dir: Path,
    index_dir: Path,
    *,
    add: Sequence[Path] = (),
    rebuild: bool = False,
    progress: Progress | None = None,
    lock_wait: float = WRITE_LOCK_WAIT,
    phase: Phase | None = None,
    workers: Workers | None = None,
) -> IndexReport:
    """Bring the index in line with the articles folder and the paths added to it (`add`
    registers more, indexed where they are); re-read only changed files.

    Another process indexing the same corpus is waited for up to `lock_wait` seconds.
    `progress` counts the files read; `phase` names each step of the run as it starts.
    `workers` says where files are read and NER runs (on Dask, or here alone); by default
    here, on two processes when there are many files."""
    if not articles_dir.is_dir():
        raise IndexInvalid(f"articles folder not found: {articles_dir}")
    for path in add:
        if not path.exists():
            raise IndexInvalid(f"nothing to add at {path}")
    for path in [articles_dir, *add]:  # the index records these paths, as UTF-8
        if not encodes(str(path.absolute())):
            raise IndexInvalid(f"the path {readable(str(path))} is not valid UTF-8; rename it")
    _refuse_foreign(index_dir)
    with _exclusive(index_dir, lock_wait):
        _clear_leftovers(index_dir)
        found = roots(articles_dir, index_dir, list(add))
        marker = read_marker(index_dir)
        if marker is None and not rebuild and not (index_dir.exists() and any(index_dir.iterdir())):
            # A first index is written where it will stay, so that the app can show its
            # articles while the rest are read; stopped, it is finished by the next run.
            create_empty(articles_dir, index_dir)
            marker = read_marker(index_dir)
        if rebuild or marker is None or marker.get("format") != FORMAT_VERSION:
            report = _rebuild(articles_dir, index_dir, found, progress, phase, workers)
        else:
            from index.build import indexer  # imported here: the app opens indexes but never writes them

            report = indexer.run(open_index(index_dir), index_dir, found, progress, lock_wait, phase, workers)
        if add:
            register(index_dir, found)
        return report


@contextmanager
def _exclusive(index_dir: Path, wait: float) -> Iterator[None]:
    """One indexing process per index at a time: rebuilds swap folders, so Whoosh's own
    writer lock (inside the folder) is not enough."""
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    with open(index_dir.with_name(f".{index_dir.name}.lock"), "a+") as handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusy(
                        "another explorer process is indexing this corpus; try again when it finishes"
                    ) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _refuse_foreign(index_dir: Path) -> None:
    if index_dir.exists() and (not index_dir.is_dir() or (any(index_dir.iterdir()) and read_marker(index_dir) is None)):
        raise IndexInvalid(f"{index_dir} exists and is not an explorer index; choose another --index folder")


def recorded_articles(index_dir: Path) -> Path | None:
    """The articles folder this index was built from, as its marker records it."""
    marker = read_marker(index_dir)
    recorded = marker.get("articles") if marker else None
    return Path(recorded) if isinstance(recorded, str) and recorded else None


def _clear_leftovers(index_dir: Path) -> None:
    """Finish or undo what runs killed outright left (they run no cleanup). Called under the
    lock, so every copy beside the index belongs to a run that is gone."""
    beside = [
        copy
        for kind in ("building", "old")  # the new copy first
        for copy in sorted(index_dir.parent.glob(f"{index_dir.name}.{kind}-*"))
        if copy.name.rpartition("-")[2].isdigit()  # named with a process id: ours, not a user's folder
    ]
    if not index_dir.exists():
        # Killed between the two renames of a swap: a copy with a marker is whole (the marker
        # is its last file), the new one first.
        whole = next((copy for copy in beside if read_marker(copy) is not None), None)
        if whole is not None:
            whole.rename(index_dir)
            beside.remove(whole)
    for copy in beside:
        shutil.rmtree(copy, ignore_errors=True)
    if read_marker(index_dir) is not None:
        remove_unreferenced(index_dir)


def _rebuild(
    articles_dir: Path,
    index_dir: Path,
    found: list[Root],
    progress: Progress | None,
    phase: Phase | None,
    workers: Workers | None,
) -> IndexReport:
    from index.build import indexer  # as in update_index

    staging = index_dir.with_name(f"{index_dir.name}.building-{os.getpid()}")
    staging.mkdir()
    try:
        ix = _storage(staging).create_index(build_schema())
        report = indexer.run(ix, staging, found, progress, WRITE_LOCK_WAIT, phase, workers)
        register(staging, found)  # the added paths survive the rebuild
        _write_marker(staging, articles_dir)
        _swap_in(staging, index_dir)
    except BaseException as error:
        if staging.exists():
            # Whatever the run's steps said, none of it reached the index: the copy goes.
            error.__notes__ = []
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report


def _swap_in(staging: Path, index_dir: Path) -> None:
    """Replace the old index with the new one; the old one stays until the new is in place."""
    retired = index_dir.with_name(f"{index_dir.name}.old-{os.getpid()}")
    if index_dir.exists():
        index_dir.rename(retired)
    try:
        staging.rename(index_dir)
    except BaseException:
        if retired.exists() and not index_dir.exists():
            retired.rename(index_dir)  # stopped between the renames: the old index goes back
        raise
    try:
        shutil.rmtree(retired, ignore_errors=True)
    except BaseException as error:
        error.add_note("the index was rebuilt; the next run removes the old copy")
        raise


def create_empty(articles_dir: Path, index_dir: Path) -> None:
    """An empty index of `articles_dir`, ready to be opened while it is filled."""
    index_dir.mkdir(parents=True, exist_ok=True)
    _storage(index_dir).create_index(build_schema())
    _write_marker(index_dir, articles_dir)


def _write_marker(index_dir: Path, articles_dir: Path) -> None:
    marker = {"tool": "explorer", "format": FORMAT_VERSION, "articles": str(articles_dir.resolve())}
    (index_dir / MARKER).write_text(json.dumps(marker, indent=2), encoding="utf-8")
