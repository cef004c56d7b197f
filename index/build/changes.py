"""Which files changed since the index was written: found, hashed only when their size or
time moved, and each distinct content once."""

from __future__ import annotations

import time
from collections.abc import Callable

from index.build.corpus import SourceFile, Unreadable, discover
from index.build.known_files import KnownFiles
from index.build.sources import Root
from index.read.articles import hash_bytes
from index.read.file_kinds import too_large
from index.records import IndexReport, SameFile, Skipped

FOUND_EVERY = 100  # files found between two discovery phase calls
SETTLE_NS = 2_000_000_000  # a file changed this recently may change again within its timestamp


def discover_files(roots: list[Root], report: IndexReport, step: Callable[[str], None]) -> list[SourceFile]:
    step("finding files")
    files = []
    for root in roots:
        for item in discover(root.path, root.prefix):
            if isinstance(item, Unreadable):
                report.skipped.append(Skipped(str(item.path), item.reason))
            else:
                files.append(item)
                if not len(files) % FOUND_EVERY:
                    step(f"finding files: {len(files):,} found")
    return files


def changed_files(
    files: list[SourceFile], known: KnownFiles, by_path: dict[str, set[str]], report: IndexReport
) -> tuple[list[tuple[SourceFile, str]], set[str]]:
    """Files to read again (with the hash they had when looked at), and the ids of
    articles that stay as they are. A file whose size and modification time are as
    recorded is not read at all. Files with the very same bytes are one article, read
    from one of them (see `_one_of_each`)."""
    fresh: list[tuple[SourceFile, str]] = []
    kept: set[str] = set()
    hashed: list[tuple[SourceFile, str]] = []
    stats: dict[str, tuple[int, int, str]] = {}
    settled_before = time.time_ns() - SETTLE_NS
    for source in files:
        path = source.location
        previous = by_path.get(path, set())
        if reason := too_large(source.size):
            report.skipped.append(Skipped(path, reason))
            kept |= previous  # a skipped file's last good version stays searchable
            continue
        digest = known.hash_if_untouched(path, source.size, source.mtime_ns)
        if digest is None:
            try:
                digest = hash_bytes(source.path.read_bytes())
            except OSError as error:
                report.skipped.append(Skipped(path, f"cannot read: {error.strerror or error}"))
                kept |= previous
                continue
        if source.mtime_ns < settled_before:  # a file saved this very moment is hashed again next time
            stats[path] = (source.size, source.mtime_ns, digest)
        hashed.append((source, digest))
    copies: dict[str, list[str]] = {}
    for (source, digest), others in _one_of_each(hashed, known, by_path):
        path = source.location
        if others:
            copies[path] = [other.location for other in others]
            report.copies.extend(SameFile(other.location, path) for other in others)
        if _indexed_as(path, digest, known, by_path):
            report.unchanged += len(by_path[path])
            kept |= by_path[path]
        else:
            fresh.append((source, digest))
    known.stats_changed = stats != known.stats
    known.stats = stats
    known.copies_changed = copies != known.copies
    known.copies = copies
    return fresh, kept


def _one_of_each(
    hashed: list[tuple[SourceFile, str]], known: KnownFiles, by_path: dict[str, set[str]]
) -> list[tuple[tuple[SourceFile, str], list[SourceFile]]]:
    """Each distinct content once, with the other files that hold it. The file it is read
    from is the one already indexed with it, else the first found (the walk is sorted):
    so adding or removing a copy never changes an article's id."""
    groups: dict[str, list[SourceFile]] = {}
    for source, digest in hashed:
        groups.setdefault(digest, []).append(source)
    chosen = []
    for digest, sources in groups.items():
        indexed = [s for s in sources if _indexed_as(s.location, digest, known, by_path)]
        first = (indexed or sources)[0]
        others = {s.location: s for s in sources if s.location != first.location}  # a file found twice is one file
        chosen.append(((first, digest), list(others.values())))
    return chosen


def _indexed_as(path: str, digest: str, known: KnownFiles, by_path: dict[str, set[str]]) -> bool:
    previous = by_path.get(path)
    return previous is not None and bool(previous) and all(known.file_hash.get(i) == digest for i in previous)
