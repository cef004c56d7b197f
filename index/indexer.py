"""One indexing pass: find what changed, read it, run NER, write it, regroup the corpus.

Only files whose bytes changed are parsed. A file that cannot be read is skipped with a
one-line reason and the rest go on; the previous version of a skipped file stays
indexed. Everything commits at the end, or not at all."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from whoosh.index import FileIndex, LockError

from index import ner
from index.articles import hash_bytes
from index.corpus import SourceFile, Unreadable, discover
from index.entity_table import TABLE, mentions_from_json, mentions_to_json, write_table
from index.errors import ArticleError, IndexBusy
from index.readers import read_file, too_large
from index.records import Article, IndexReport, Skipped
from index.resolve import Mention
from index.sources import Root
from index.stories import (
    STORIES,
    Fingerprint,
    find_stories,
    fingerprint,
    load_fingerprints,
    save_fingerprints,
    write_stories,
)

Progress = Callable[[int, int, str], None]
STEADY_TRIES = 5
STEADY_PAUSE = 0.05  # seconds between reads of a file that is being written


@dataclass
class _Known:
    """What the index holds: each article's file and file hash."""

    file_hash: dict[str, str] = field(default_factory=dict)  # article id -> hash of its file
    by_path: dict[str, set[str]] = field(default_factory=dict)  # file path -> article ids

    @classmethod
    def of(cls, ix: FileIndex) -> _Known:
        known = cls()
        with ix.searcher() as searcher:
            for fields in searcher.all_stored_fields():
                known.file_hash[fields["id"]] = fields.get("file_hash") or fields["content_hash"]
                known.by_path.setdefault(fields["path"], set()).add(fields["id"])
        return known


def run(ix: FileIndex, index_dir: Path, roots: list[Root], progress: Progress | None, lock_wait: float) -> IndexReport:
    report = IndexReport()
    known = _Known.of(ix)
    files = _discover(roots, report)
    fresh, kept = _changed(files, known, report)
    try:
        writer = ix.writer(timeout=lock_wait)
    except LockError:
        raise IndexBusy("another explorer process is writing this index; try again when it finishes") from None
    written: set[str] = set()
    prints: dict[str, Fingerprint] = {}
    file_hashes: dict[str, str] = {}
    try:
        articles = _read(fresh, known, kept, report, file_hashes)
        parallel = len(fresh) >= ner.PARALLEL_FROM
        for done, (article, mentions) in enumerate(ner.extract(articles, parallel=parallel), start=1):
            writer.update_document(**to_document(article, mentions, file_hashes[article.id]))
            written.add(article.id)
            (report.updated if article.id in known.file_hash else report.added).append(article.id)
            prints[article.id] = fingerprint(article.id, article.body, article.date, article.source)
            if progress:
                progress(done, len(fresh), article.id)
        for gone in sorted(set(known.file_hash) - kept - written):
            writer.delete_by_term("id", gone)
            report.removed.append(gone)
        changed = bool(report.added or report.updated or report.removed)
        writer.commit() if changed else writer.cancel()
    except BaseException:
        writer.cancel()  # the previous index stays exactly as it was
        raise
    if changed or not (index_dir / TABLE).exists():
        write_table(index_dir, _stored_mentions(ix))
    if changed or not (index_dir / STORIES).exists():
        _regroup_stories(index_dir, prints, report.removed)
    return report


def _discover(roots: list[Root], report: IndexReport) -> list[SourceFile]:
    files = []
    for root in roots:
        for item in discover(root.path, root.prefix):
            if isinstance(item, Unreadable):
                report.skipped.append(Skipped(str(item.path), item.reason))
            else:
                files.append(item)
    return files


def _changed(
    files: list[SourceFile], known: _Known, report: IndexReport
) -> tuple[list[tuple[SourceFile, str]], set[str]]:
    """Files to read again (with the hash they had when looked at), and the ids of
    articles that stay as they are."""
    fresh: list[tuple[SourceFile, str]] = []
    kept: set[str] = set()
    first_with: dict[str, str] = {}
    for source in files:
        previous = known.by_path.get(str(source.path), set())
        if reason := too_large(source.size):
            report.skipped.append(Skipped(str(source.path), reason))
            kept |= previous  # a skipped file's last good version stays searchable
            continue
        try:
            digest = hash_bytes(source.path.read_bytes())
        except OSError as error:
            report.skipped.append(Skipped(str(source.path), f"cannot read: {error.strerror or error}"))
            kept |= previous
            continue
        duplicate_of = first_with.setdefault(digest, source.id)
        if duplicate_of != source.id:
            report.skipped.append(Skipped(str(source.path), f"same content as {duplicate_of}"))
        elif previous and all(known.file_hash.get(i) == digest for i in previous):
            report.unchanged += len(previous)
            kept |= previous
        else:
            fresh.append((source, digest))
    return fresh, kept


def _steady_bytes(path: Path, expected: str) -> tuple[bytes, bool]:
    """The file's bytes, read again until two reads agree (it may be being saved right
    now); also whether it changed since it was first looked at."""
    data = path.read_bytes()
    for _ in range(STEADY_TRIES):
        if hash_bytes(data) == expected:
            return data, False
        time.sleep(STEADY_PAUSE)
        again = path.read_bytes()
        if again == data:
            return data, True
        data, expected = again, hash_bytes(again)
    raise ArticleError("kept changing while being indexed; index again once it is saved")


def _read(
    fresh: list[tuple[SourceFile, str]],
    known: _Known,
    kept: set[str],
    report: IndexReport,
    file_hashes: dict[str, str],
) -> Iterator[Article]:
    """Articles of the changed files. A file that changed since it was first looked at is
    indexed as it now is, and noted."""
    seen: set[str] = set()
    for source, digest in fresh:
        try:
            data, moved = _steady_bytes(source.path, digest)
            read = read_file(source.path, source.id, data)
            if moved:
                read.notes.append("changed while being indexed; the newer version was indexed")
        except ArticleError as error:
            report.skipped.append(Skipped(str(source.path), str(error)))
            kept |= known.by_path.get(str(source.path), set())
            continue
        except OSError as error:
            report.skipped.append(Skipped(str(source.path), f"cannot read: {error.strerror or error}"))
            kept |= known.by_path.get(str(source.path), set())
            continue
        report.notes.extend(Skipped(str(source.path), note) for note in read.notes)
        for article in read.articles:
            if article.id in seen:
                report.skipped.append(Skipped(str(source.path), f"a second article with id {article.id}"))
                continue
            seen.add(article.id)
            file_hashes[article.id] = read.file_hash
            yield article


def to_document(article: Article, mentions: list[Mention], file_hash: str) -> dict:
    document = {
        "id": article.id,
        "title": article.title,
        "dek": article.dek,
        "body": article.body,
        "comments": "\n\n".join(c.text for c in article.comments),
        "authors": "; ".join(article.authors),
        "source": article.source,
        "url": article.url,
        "content_hash": article.content_hash,
        "file_hash": file_hash,
        "path": article.path,
        "record": json.dumps(article.to_dict(), ensure_ascii=False),
        "spelling": "\n".join([article.title, article.dek, article.body]),
        "mentions": mentions_to_json(mentions),
    }
    if article.date:
        document["date"] = datetime.fromisoformat(article.date)
    return document


def _stored_mentions(ix: FileIndex) -> dict[str, list[Mention]]:
    with ix.searcher() as searcher:
        return {f["id"]: mentions_from_json(f.get("mentions")) for f in searcher.all_stored_fields()}


def _regroup_stories(index_dir: Path, fresh: dict[str, Fingerprint], removed: list[str]) -> None:
    """Same-story groups are corpus-wide: keep every article's fingerprint, regroup all."""
    prints = load_fingerprints(index_dir)
    prints.update(fresh)
    for gone in removed:
        prints.pop(gone, None)
    save_fingerprints(index_dir, prints)
    write_stories(index_dir, find_stories(list(prints.values())))
