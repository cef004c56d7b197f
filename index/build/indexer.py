"""One indexing run: find what changed, write its text, find its names, regroup the corpus.

Only files whose bytes changed are parsed. A file that cannot be read is skipped with a
one-line reason and the rest go on; the previous version of a skipped file stays
indexed. The text pass writes each new article without its names, committing every
`commits.COMMIT_EVERY` articles, so that it is searchable as soon as it is written (the
app shows each batch as it lands); the names pass (`names_pass`, the slow part: NER)
follows; then the side files, each carrying the generation it describes. A run stopped
anywhere leaves an index that works, and the next run finishes what it left.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Generator, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from whoosh.index import FileIndex
from whoosh.searching import Searcher

from index.build import commits, merging, segment_writers
from index.build.changes import changed_files, discover_files
from index.build.cluster import Workplace
from index.build.corpus import SourceFile
from index.build.documents import to_document
from index.build.known_files import KnownFiles, load_known, save_known
from index.build.leftovers import remove_unreferenced
from index.build.names_pass import find_names
from index.build.reading import Accepted, Outcome, accepted, read_upload, uploads
from index.build.segment_writers import SegmentWriters
from index.build.sources import Root
from index.entities import name_words
from index.entities.entity_table import TABLE, load_tally, mentions_from_json, save_tally, write_table
from index.entities.resolve import Mention, Tally, shares
from index.read.readers import failure_reason
from index.read.valid_text import checked
from index.records import Article, IndexReport, Skipped, Workers
from index.stories import topic_space
from index.stories.exact_overlap import confirmed
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
TABLES_EVERY = 60.0  # seconds between two writes of the entity tables while names are being found
INCREMENTAL_STORIES = 200  # up to this many changed articles are compared with all, not regrouped
LOOKUPS_AT_MOST = 2_000  # articles whose bodies are looked up by id; more are read in one pass


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
    found = discover_files(roots, report, step)
    step("checking which files changed")
    fresh, kept = changed_files(found, known, by_path, report)
    # The entity tally of the index as it is; none when it cannot be trusted (rebuilt below).
    tally = load_tally(index_dir, generation) or (Tally() if not was_indexed else None)
    writer = commits.open_writer(ix, lock_wait)
    written: set[str] = set()
    taken = Accepted(report, kept, by_path)
    before = ix.searcher()  # the index as it was, for the mentions an update replaces
    where = Workplace(workers, step)
    texts = _texts(fresh, taken, where, step)
    batches = commits.Batches(commits.COMMIT_EVERY, commits.COMMIT_SECONDS, commits.COMMIT_GROWTH)
    segments = _segment_writers(ix, index_dir, len(fresh), where, batches)
    try:
        for done, article in enumerate(texts, start=1):
            path, file_hash = taken.sources[article.id]
            try:  # checked before Whoosh sees it: a document that fails halfway in would leave postings behind
                document = checked(to_document(article, None, file_hash))
            except Exception as error:  # one article's text never fails the run
                report.skipped.append(Skipped(path, f"{article.id}: {failure_reason(error, 'indexed')}"))
                kept.add(article.id)  # its last good version, if any, stays
                continue
            if segments is None:
                writer.update_document(**document)
            else:  # written by a worker, committed here; the version it replaces goes now
                if article.id in was_indexed:
                    writer.delete_by_term("id", article.id)
                segments.add(document)
            written.add(article.id)
            (report.updated if article.id in was_indexed else report.added).append(article.id)
            if tally is not None and article.id in was_indexed:
                tally.remove(article.id, shares(_old_mentions(before, article.id)))
            known.record(article.id, path, file_hash)
            if progress:
                progress(done, len(fresh), article.id)
            if batches.due():  # searchable now, while the rest is read
                _commit(writer, segments)
                writer = commits.open_writer(ix, lock_wait)
        step("saving the index")
        for gone in sorted(was_indexed - kept - written):
            writer.delete_by_term("id", gone)
            if tally is not None:
                tally.remove(gone, shares(_old_mentions(before, gone)))
            known.forget(gone)
            report.removed.append(gone)
        changed = bool(report.added or report.updated or report.removed)
        _commit(writer, segments) if changed else writer.cancel()
    except BaseException as error:
        if segments is not None:
            segments.close(gently=False)  # before the clean-up, which deletes what they wrote
        commits.abandon(writer, ix, index_dir, generation, error)
        where.close()
        raise
    finally:
        texts.close()  # an interrupt ends the workers now, not once its traceback is freed
        before.close()
    if segments is not None:
        segments.close(gently=True)
    if not changed:
        remove_unreferenced(index_dir)  # a cancelled writer leaves the files of the segment it began

    tables_written = -TABLES_EVERY

    def tables_so_far() -> None:
        # The names a batch committed are listed at once (the app, `explorer entities`): the
        # first batch's, then at most once a minute, as the tables take seconds at 100k.
        nonlocal tables_written
        if tally is not None and time.monotonic() - tables_written >= TABLES_EVERY:
            _write_sidecars(ix, index_dir, known, tally, changed=True)
            tables_written = time.monotonic()

    try:
        prints = find_names(ix, index_dir, lock_wait, tally, where, step, progress, generation, tables_so_far)
    finally:
        where.close()
    report.named = len(prints)
    unfinished = list(commits.AFTER_COMMIT)
    changed = changed or bool(prints)
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
        error.add_note(
            ("the index was updated; " if changed else "") + f"the next run will finish {commits.and_list(unfinished)}"
        )
        raise
    return report


def _no_phase(name: str) -> None:
    pass


def _segment_writers(
    ix: FileIndex, index_dir: Path, count: int, where: Workplace, batches: commits.Batches
) -> SegmentWriters | None:
    """Worker processes on this machine that write the text pass's segments (also when
    Dask reads the files: they write to this machine's disk), unless this process alone was
    asked for; when the pass is big enough to repay starting them, and there are cores."""
    processes = segment_writers.processes_here()
    if where.alone or count < segment_writers.PARALLEL_FROM or processes < 2 or not segment_writers.fits():
        return None
    return SegmentWriters(index_dir, ix.indexname, processes, lambda: batches.size)


def _commit(writer: Any, segments: SegmentWriters | None) -> None:
    """A commit of the text pass: its segments stay as written (see merging)."""
    if segments is None:
        writer.commit(mergetype=merging.merge_when_many)
    else:
        segments.commit(writer, merging.merge_when_many)


def _texts(fresh: list[tuple[SourceFile, str]], taken: Accepted, where: Workplace, step: Phase) -> Generator[Article]:
    """Each new article, in the order its files were found: read on Dask when asked, else
    here. A generator: nothing starts (no cluster either) until the run's loop asks."""
    files = f"{len(fresh):,} file{'' if len(fresh) == 1 else 's'}"
    if where.on_dask and fresh:
        cluster = where.cluster()
        step(f"reading {files} on {cluster.where}")
        outcomes: Iterator[Outcome] = cluster.outcomes(uploads(fresh))
    else:
        step(f"reading {files}")
        outcomes = (item if isinstance(item, Outcome) else read_upload(item) for item in uploads(fresh))
    for article, _ in accepted(outcomes, taken):
        yield article


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
    with ix.searcher() as searcher:
        bodies = partial(_bodies, searcher)
        if links is None or len(fresh) > max(INCREMENTAL_STORIES, len(prints) // 20):
            links = confirmed(find_links(list(prints.values())), bodies)
        else:
            touched = set(fresh) | set(removed)
            links = [link for link in links if not touched & set(link[:2])]
            links += confirmed(links_of(list(fresh.values()), list(prints.values())), bodies)
    save_links(index_dir, links, after)
    write_stories(index_dir, stories_from_links(list(prints.values()), links), after)


def _bodies(searcher: Searcher, wanted: set[str]) -> Iterator[tuple[str, str]]:
    """The stored bodies of these articles: looked up one by one when they are few, else
    read in one pass over every stored record (10 s at 100k articles)."""
    if len(wanted) <= LOOKUPS_AT_MOST:
        found = (searcher.document(id=article) for article in wanted)
        records = (fields for fields in found if fields)
    else:
        records = (fields for fields in searcher.all_stored_fields() if fields["id"] in wanted)
    for fields in records:
        yield fields["id"], json.loads(fields["record"])["body"]


def _stored_fingerprints(ix: FileIndex) -> dict[str, Fingerprint]:
    prints: dict[str, Fingerprint] = {}
    with ix.searcher() as searcher:
        for fields in searcher.all_stored_fields():
            record = json.loads(fields["record"])
            prints[fields["id"]] = fingerprint(fields["id"], record["body"], record["date"], record["source"])
    return prints
