"""The names pass: NER on each article the text pass wrote, and the article written again,
whole, with its names.

It reads the articles back from the index (their stored records), so it needs no file,
and it finds its work there (`pending:names`): whatever a run stopped before naming, the
next run names. The model runs here (on two processes for a big pass) or on Dask."""

from __future__ import annotations

import json
from collections.abc import Callable, Generator, Iterator
from pathlib import Path

from whoosh.index import FileIndex

from index.build import commits
from index.build.cluster import Workplace
from index.build.documents import to_document
from index.build.merging import merge_replaced
from index.entities import ner
from index.entities.resolve import Mention, Tally, shares
from index.records import Article
from index.search.pending import waiting_for_names
from index.stories.stories import Fingerprint, fingerprint


def find_names(
    ix: FileIndex,
    index_dir: Path,
    lock_wait: float,
    tally: Tally | None,
    where: Workplace,
    step: Callable[[str], None],
    progress: Callable[[int, int, str], None] | None,
    generation: int,
    committed: Callable[[], None] = lambda: None,
) -> dict[str, Fingerprint]:
    """The second pass: NER on every article written without its names (by this run, or
    by one stopped before it got to them), a batch committed at a time. Returns their
    same-story fingerprints. `committed` is called after each batch but the last."""
    with ix.searcher() as searcher:
        waiting = [searcher.stored_fields(n)["id"] for n in waiting_for_names(searcher)]
    prints: dict[str, Fingerprint] = {}
    if not waiting:
        return prints
    writer = None
    batches = commits.Batches(commits.NAMES_COMMIT_EVERY)
    named = _named(_stored_articles(ix, waiting), where, len(waiting))
    try:  # a stop from here on is said in one line: what was committed, what the next run does
        on = f" on {where.cluster().where}" if where.on_dask else ""
        step(f"finding names in {len(waiting):,} article{'' if len(waiting) == 1 else 's'}{on}")
        writer = commits.open_writer(ix, lock_wait)
        for done, (article, file_hash, mentions) in enumerate(named, start=1):
            writer.update_document(**to_document(article, mentions, file_hash))
            prints[article.id] = fingerprint(article.id, article.body, article.date, article.source)
            if tally is not None:
                tally.add(article.id, shares(mentions))
            if progress:
                progress(done, len(waiting), article.id)
            if batches.due():
                writer.commit(mergetype=merge_replaced)
                writer = commits.open_writer(ix, lock_wait)
                committed()
        writer.commit(mergetype=merge_replaced)
    except BaseException as error:
        commits.abandon(writer, ix, index_dir, generation, error, ["the names", *commits.AFTER_COMMIT])
        raise
    finally:
        named.close()
    return prints


def _stored_articles(ix: FileIndex, ids: list[str]) -> Iterator[tuple[Article, str]]:
    """Each article as the text pass stored it, with its file's hash."""
    with ix.searcher() as searcher:
        for article_id in ids:
            fields = searcher.document(id=article_id)
            if fields is not None:
                yield Article.from_dict(json.loads(fields["record"])), fields["file_hash"]


def _named(
    stored: Iterator[tuple[Article, str]], where: Workplace, count: int
) -> Generator[tuple[Article, str, list[Mention]]]:
    """(article, its file's hash, the names in it) for each stored article, in order: NER on
    Dask when asked, else here (on two processes for a big pass)."""
    hashes: dict[str, str] = {}

    def articles() -> Iterator[Article]:
        for article, file_hash in stored:
            hashes[article.id] = file_hash
            yield article

    if where.on_dask:
        for article, mentions in where.cluster().names(articles()):
            yield article, hashes.pop(article.id), mentions
        return
    extracted = ner.extract(articles(), parallel=where.may_fork and count >= ner.PARALLEL_FROM)
    try:
        for article, mentions in extracted:
            yield article, hashes.pop(article.id), mentions
    finally:
        extracted.close()  # its NER workers end with it
