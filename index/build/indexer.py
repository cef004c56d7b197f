"""One indexing pass: find what changed, read it, run NER, write it, regroup the corpus.

Only files whose bytes changed are parsed. A file that cannot be read is skipped with a
one-line reason and the rest go on; the previous version of a skipped file stays
indexed. Everything commits at the end, or not at all; the side files written after the
commit carry the generation they describe, so a run stopped among them is finished by the
next one."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Generator
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh.index import FileIndex, LockError
from whoosh.searching import Searcher

from index.build.cluster import Cluster, cluster_starting
from index.build.corpus import SourceFile, Unreadable, discover
from index.build.known_files import KnownFiles, load_known, save_known
from index.build.leftovers import remove_unreferenced
from index.build.reading import Accepted, Outcome, accepted, read_upload, uploads
from index.build.sources import Root
from index.entities import name_words, ner
from index.entities.entity_table import TABLE, load_tally, mentions_from_json, mentions_to_json, save_tally, write_table
from index.entities.resolve import Mention, Tally, shares
from index.errors import IndexBusy
from index.read.articles import hash_bytes
from index.read.file_kinds import too_large
from index.read.readers import failure_reason
from index.read.valid_text import checked
from index.records import Article, IndexReport, SameFile, Skipped, Workers
from index.stories import topic_space
from index.stories.stories import (
    Fingerprint,
    find_links,
    fingerprint,
    links_of,
    load_fingerprints,
    load_links,
    save_fingerprints,
    save_links,
    stories_current,
    stories_from_links,
    write_stories,
)

Progress = Callable[[int, int, str], None]
# The step a run starts, named for people ("finding files", "reading 2,127 files"); discovery
# names itself again as files are found. Only the reading step is counted (by Progress).
Phase = Callable[[str], None]
FOUND_EVERY = 100  # files found between two discovery phase calls
INCREMENTAL_STORIES = 200  # up to this many changed articles are compared with all, not regrouped
SETTLE_NS = 2_000_000_000  # a file changed this recently may change again within its timestamp


def run(
    ix: FileIndex,
    index_dir: Path,
    roots: list[Root],
    progress: Progress | None,
    lock_wait: float,
    phase: Phase | None = None,
    workers: Workers | None = None,
) -> IndexReport:
    step = phase or _no_phase
    report = IndexReport()
    generation = ix.latest_generation()
    known = load_known(ix, index_dir, generation)
    was_indexed = set(known.file_hash)
    by_path = known.ids_by_path()  # as the index is before this run
    found = _discover(roots, report, step)
    step("checking which files changed")
    fresh, kept = _changed(found, known, by_path, report)
    # The entity tally of the index as it is; none when it cannot be trusted (rebuilt below).
    tally = load_tally(index_dir, generation) or (Tally() if not was_indexed else None)
    try:
        writer = ix.writer(timeout=lock_wait)
    except LockError:
        raise IndexBusy("another explorer process is writing this index; try again when it finishes") from None
    written: set[str] = set()
    prints: dict[str, Fingerprint] = {}
    taken = Accepted(report, kept, by_path)
    before = ix.searcher()  # the index as it was, for the mentions an update replaces
    extracted = _extracted(fresh, taken, workers, step)
    try:
        for done, (article, mentions) in enumerate(extracted, start=1):
            path, file_hash = taken.sources[article.id]
            try:  # checked before Whoosh sees it: a document that fails halfway in would leave postings behind
                document = checked(to_document(article, mentions, file_hash))
            except Exception as error:  # one article's text never fails the run
                report.skipped.append(Skipped(path, f"{article.id}: {failure_reason(error, 'indexed')}"))
                kept.add(article.id)  # its last good version, if any, stays
                continue
            writer.update_document(**document)
            written.add(article.id)
            (report.updated if article.id in was_indexed else report.added).append(article.id)
            if tally is not None:
                if article.id in was_indexed:
                    tally.remove(article.id, shares(_old_mentions(before, article.id)))
                tally.add(article.id, shares(mentions))
            known.record(article.id, path, file_hash)
            prints[article.id] = fingerprint(article.id, article.body, article.date, article.source)
            if progress:
                progress(done, len(fresh), article.id)
        step("saving the index")
        for gone in sorted(was_indexed - kept - written):
            writer.delete_by_term("id", gone)
            if tally is not None:
                tally.remove(gone, shares(_old_mentions(before, gone)))
            known.forget(gone)
            report.removed.append(gone)
        changed = bool(report.added or report.updated or report.removed)
        writer.commit() if changed else writer.cancel()
    except BaseException as error:
        _abandon(writer, ix, index_dir, generation, error)
        raise
    finally:
        extracted.close()  # an interrupt ends the NER workers now, not once its traceback is freed
        before.close()
    if not changed:
        remove_unreferenced(index_dir)  # a cancelled writer leaves the files of the segment it began
    unfinished = list(AFTER_COMMIT)
    try:
        step("writing the file and entity tables")
        _write_sidecars(ix, index_dir, known, tally, changed)
        unfinished.pop(0)
        after = ix.latest_generation()
        if changed or not stories_current(index_dir, after):
            step("grouping same-story copies")
            _regroup_stories(ix, index_dir, prints, report.removed, generation, after)
        unfinished.pop(0)
        if changed or not topic_space.is_current(index_dir, after):
            step("fitting the topic space")
            with ix.searcher() as searcher:
                topic_space.update(index_dir, searcher, written, set(report.removed), generation, after)
    except BaseException as error:
        error.add_note(("the index was updated; " if changed else "") + f"the next run will finish {_and(unfinished)}")
        raise
    return report


# What a run writes after its commit, in order: each stamped with the generation it describes.
AFTER_COMMIT = ["the file and entity tables", "the same-story groups", "the topic space"]


def _no_phase(name: str) -> None:
    pass


def _and(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else items[0]


def _extracted(
    fresh: list[tuple[SourceFile, str]], taken: Accepted, workers: Workers | None, step: Phase
) -> Generator[tuple[Article, list[Mention]]]:
    """Each new article with the names found in it, in the order its files were found:
    read and NER'd on Dask when asked, else here (on two processes for a big run)."""
    files = f"{len(fresh):,} file{'' if len(fresh) == 1 else 's'}"
    if workers is not None and workers.on_dask and fresh:
        step(cluster_starting(workers))
        with Cluster(workers) as cluster:  # its workers stop when this generator is closed
            step(f"reading {files} on {cluster.where}")
            for article, mentions in accepted(cluster.outcomes(uploads(fresh)), taken):
                yield article, mentions or []
        return
    step(f"reading {files}")
    outcomes = (item if isinstance(item, Outcome) else read_upload(item) for item in uploads(fresh))
    articles = (article for article, _ in accepted(outcomes, taken))
    parallel = workers is None and len(fresh) >= ner.PARALLEL_FROM
    extracted = ner.extract(articles, parallel=parallel)
    try:
        yield from extracted
    finally:
        extracted.close()  # its NER workers end with it


def _abandon(writer: Any, ix: FileIndex, index_dir: Path, generation: int, error: BaseException) -> None:
    """A run stopped before or during its commit: the previous index stays as it was, and
    the segment files this run wrote go (they would only fill the disk)."""
    try:
        writer.cancel()
    except Exception:  # a commit that failed half-way may have closed its files already
        if writer.writelock:
            writer.writelock.release()
    if ix.latest_generation() != generation:  # the commit got as far as its table of contents
        error.add_note(f"the index was updated; the next run will finish {_and(AFTER_COMMIT)}")
    remove_unreferenced(index_dir)


def _write_sidecars(ix: FileIndex, index_dir: Path, known: KnownFiles, tally: Tally | None, changed: bool) -> None:
    """Files, entity tally and table, stamped with the generation now committed."""
    generation = ix.latest_generation()
    if changed or not known.valid or known.stats_changed or known.copies_changed:
        save_known(index_dir, known, generation)
    if tally is None:  # no trusted tally: count every article's stored mentions once
        tally = Tally()
        with ix.searcher() as searcher:
            for fields in searcher.all_stored_fields():
                tally.add(fields["id"], shares(mentions_from_json(fields.get("mentions"))))
    elif not changed and (index_dir / TABLE).exists() and name_words.load(index_dir, generation) is not None:
        return  # the tally was this generation's, and so are the table and the name words made from it
    entities = tally.entities()
    write_table(index_dir, entities, generation)
    save_tally(index_dir, tally, generation)
    with ix.searcher() as searcher:
        name_words.save(index_dir, name_words.name_words(entities, name_words.count_in(searcher)), generation)


def _old_mentions(searcher: Searcher, article_id: str) -> list[Mention]:
    fields = searcher.document(id=article_id)
    return mentions_from_json(fields.get("mentions")) if fields else []


def _discover(roots: list[Root], report: IndexReport, step: Phase) -> list[SourceFile]:
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


def _changed(
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


def to_document(article: Article, mentions: list[Mention], file_hash: str) -> dict[str, object]:
    document: dict[str, object] = {
        "id": article.id,
        "title": article.title,
        "dek": article.dek,
        "body": article.body,
        "title_exact": article.title,
        "dek_exact": article.dek,
        "body_exact": article.body,
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


def _regroup_stories(
    ix: FileIndex, index_dir: Path, fresh: dict[str, Fingerprint], removed: list[str], before: int, after: int
) -> None:
    """Same-story groups are corpus-wide: keep every article's fingerprint and the pairs
    found so far; a few changed articles are compared with all, many mean a full pass."""
    prints = load_fingerprints(index_dir, before)
    links = load_links(index_dir, before)
    if prints is None:  # a run stopped before saving them: every article's, from the index
        prints, links = _stored_fingerprints(ix), None
    prints.update(fresh)
    for gone in removed:
        prints.pop(gone, None)
    save_fingerprints(index_dir, prints, after)
    if links is None or len(fresh) > max(INCREMENTAL_STORIES, len(prints) // 20):
        links = find_links(list(prints.values()))
    else:
        touched = set(fresh) | set(removed)
        links = [link for link in links if not touched & set(link[:2])]
        links += links_of(list(fresh.values()), list(prints.values()))
    save_links(index_dir, links, after)
    write_stories(index_dir, stories_from_links(list(prints.values()), links), after)


def _stored_fingerprints(ix: FileIndex) -> dict[str, Fingerprint]:
    prints: dict[str, Fingerprint] = {}
    with ix.searcher() as searcher:
        for fields in searcher.all_stored_fields():
            record = json.loads(fields["record"])
            prints[fields["id"]] = fingerprint(fields["id"], record["body"], record["date"], record["source"])
    return prints
