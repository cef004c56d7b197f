"""Write and open the on-disk Whoosh index.

Safety rules: an index folder carries a marker file naming this program and the
format; a folder without it is never written to or opened (Whoosh indexes hold
pickles). Updates commit once at the end, so an interrupted run leaves the previous
index as it was; a rebuild is written beside the old index and swapped in at the end.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex, LockError

from index import ner
from index.articles import ArticleError, hash_bytes, read_article
from index.corpus import SourceFile, discover
from index.entity_table import TABLE, mentions_from_json, mentions_to_json, write_table
from index.errors import IndexBusy, IndexInvalid, IndexMissing, IndexProblem
from index.records import Article, IndexReport, Skipped
from index.resolve import Mention
from index.schema import FORMAT_VERSION, build_schema
from index.stories import (
    STORIES,
    Fingerprint,
    find_stories,
    fingerprint,
    load_fingerprints,
    save_fingerprints,
    write_stories,
)

__all__ = ["IndexBusy", "IndexInvalid", "IndexMissing", "IndexProblem", "open_index", "update_index"]
BATCH = 64  # articles parsed, then run through NER together

MARKER = "explorer-index.json"
WRITE_LOCK_WAIT = 30.0  # seconds to wait for another writer before giving up

Progress = Callable[[int, int, str], None]


def _storage(index_dir: Path) -> FileStorage:
    # mmap off: measured, the default maps every segment into private memory.
    return FileStorage(str(index_dir), supports_mmap=False)


def read_marker(index_dir: Path) -> dict | None:
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
    try:
        return _storage(index_dir).open_index()
    except Exception as error:  # Whoosh raises many kinds for a damaged folder
        raise IndexInvalid(
            f"the index at {index_dir} is damaged ({error.__class__.__name__}); run 'explorer index --rebuild'"
        ) from None


def update_index(
    articles_dir: Path,
    index_dir: Path,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    lock_wait: float = WRITE_LOCK_WAIT,
) -> IndexReport:
    """Bring the index in line with the articles folder; re-read only changed files.

    Another process writing the same index is waited for up to `lock_wait` seconds."""
    if not articles_dir.is_dir():
        raise IndexInvalid(f"articles folder not found: {articles_dir}")
    _refuse_foreign(index_dir)
    marker = read_marker(index_dir)
    if rebuild or marker is None or marker.get("format") != FORMAT_VERSION:
        return _rebuild(articles_dir, index_dir, progress)
    return _update(open_index(index_dir), index_dir, articles_dir, progress, lock_wait)


def _refuse_foreign(index_dir: Path) -> None:
    if index_dir.exists() and (not index_dir.is_dir() or (any(index_dir.iterdir()) and read_marker(index_dir) is None)):
        raise IndexInvalid(f"{index_dir} exists and is not an explorer index; choose another --index folder")


def _rebuild(articles_dir: Path, index_dir: Path, progress: Progress | None) -> IndexReport:
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = index_dir.with_name(f"{index_dir.name}.building-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        ix = _storage(staging).create_index(build_schema())
        report = _update(ix, staging, articles_dir, progress)
        _write_marker(staging, articles_dir)
        _swap_in(staging, index_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report


def _swap_in(staging: Path, index_dir: Path) -> None:
    """Replace the old index with the new one; the old one stays until the new is in place."""
    retired = index_dir.with_name(f"{index_dir.name}.old-{os.getpid()}")
    if index_dir.exists():
        index_dir.rename(retired)
    staging.rename(index_dir)
    shutil.rmtree(retired, ignore_errors=True)


def _write_marker(index_dir: Path, articles_dir: Path) -> None:
    marker = {"tool": "explorer", "format": FORMAT_VERSION, "articles": str(articles_dir.resolve())}
    (index_dir / MARKER).write_text(json.dumps(marker, indent=2), encoding="utf-8")


def _stored_hashes(ix: FileIndex) -> dict[str, str]:
    with ix.searcher() as searcher:
        return {fields["id"]: fields["content_hash"] for fields in searcher.all_stored_fields()}


def _update(
    ix: FileIndex,
    index_dir: Path,
    articles_dir: Path,
    progress: Progress | None,
    lock_wait: float = WRITE_LOCK_WAIT,
) -> IndexReport:
    report = IndexReport()
    known = _stored_hashes(ix)
    files = list(discover(articles_dir))
    fresh = _new_or_changed(files, known, report)  # hashing only: unchanged files are never parsed
    try:
        writer = ix.writer(timeout=lock_wait)
    except LockError:
        raise IndexBusy("another explorer process is writing this index; try again when it finishes") from None
    try:
        articles = _parse(fresh, report)
        parallel = len(fresh) >= ner.PARALLEL_FROM
        prints: dict[str, Fingerprint] = {}
        for done, (article, mentions) in enumerate(ner.extract(articles, parallel=parallel), start=1):
            writer.update_document(**to_document(article, mentions))
            prints[article.id] = fingerprint(article.id, article.body, article.date, article.source)
            (report.updated if article.id in known else report.added).append(article.id)
            if progress:
                progress(done, len(fresh), article.id)
        present = {f.id for f in files}
        for gone in sorted(set(known) - present):
            writer.delete_by_term("id", gone)
            report.removed.append(gone)
        changed = bool(report.added or report.updated or report.removed)
        if changed:
            writer.commit()
        else:
            writer.cancel()
    except BaseException:
        writer.cancel()  # the previous index stays exactly as it was
        raise
    if changed or not (index_dir / TABLE).exists():
        write_table(index_dir, _stored_mentions(ix))
    if changed or not (index_dir / STORIES).exists():
        _update_stories(index_dir, prints, report.removed)
    return report


def _update_stories(index_dir: Path, fresh: dict[str, Fingerprint], removed: list[str]) -> None:
    """Same-story groups are corpus-wide: keep every article's fingerprint, regroup all."""
    prints = load_fingerprints(index_dir)
    prints.update(fresh)
    for gone in removed:
        prints.pop(gone, None)
    save_fingerprints(index_dir, prints)
    write_stories(index_dir, find_stories(list(prints.values())))


def _stored_mentions(ix: FileIndex) -> dict[str, list[Mention]]:
    with ix.searcher() as searcher:
        return {f["id"]: mentions_from_json(f.get("mentions")) for f in searcher.all_stored_fields()}


def _new_or_changed(files: list[SourceFile], known: dict[str, str], report: IndexReport) -> list[SourceFile]:
    """Files whose content is new to the index; unreadable and duplicate files are noted."""
    fresh: list[SourceFile] = []
    first_with: dict[str, str] = {}
    for source in files:
        try:
            digest = hash_bytes(source.path.read_bytes())
        except OSError as error:
            report.skipped.append(Skipped(str(source.path), f"cannot read: {error.strerror or error}"))
            continue
        duplicate_of = first_with.setdefault(digest, source.id)
        if duplicate_of != source.id:
            report.skipped.append(Skipped(str(source.path), f"same content as {duplicate_of}"))
        elif known.get(source.id) == digest:
            report.unchanged += 1
        else:
            fresh.append(source)
    return fresh


def _parse(files: list[SourceFile], report: IndexReport) -> Iterator[Article]:
    for source in files:
        try:
            yield read_article(source.path, source.id)
        except ArticleError as error:
            report.skipped.append(Skipped(str(source.path), str(error)))
        except OSError as error:
            report.skipped.append(Skipped(str(source.path), f"cannot read: {error.strerror or error}"))


def to_document(article: Article, mentions: list[Mention]) -> dict:
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
        "path": article.path,
        "record": json.dumps(article.to_dict(), ensure_ascii=False),
        "spelling": "\n".join([article.title, article.dek, article.body]),
        "mentions": mentions_to_json(mentions),
    }
    if article.date:
        document["date"] = datetime.fromisoformat(article.date)
    return document
