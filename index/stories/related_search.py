"""Related articles for one article: its nearest neighbours in the topic space
(`index.stories.topic_space`), or, in a corpus too small to have one, the best tf-idf cosines among
the matches of its heaviest words and the articles sharing its rarer entities; explained by
`index.stories.related`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from index.entities.entity_index import EntityIndex
from index.read.dates import iso_day
from index.records import Copy, RelatedArticle
from index.search.bulk_search import BulkScorer
from index.stories import related as rel
from index.stories.key_terms import TermVectors, candidates, cosine, surface_forms
from index.stories.stories import Story
from index.stories.topic_space import Positions

POOL = 30  # candidates ranked for a list of ten: more than 30 found no better ones on real news


@dataclass(frozen=True)
class _Target:
    """The article related ones are found for, read once."""

    docnum: int
    fields: dict[str, Any]
    terms: dict[str, float]  # its tf-idf vector
    words: dict[str, str]  # stem -> the word as it writes it
    entities: dict[str, tuple[str, str, float]]  # entity id -> (name, type, rarity)


def _target(vectors: TermVectors, entities: EntityIndex, article_id: str) -> _Target:
    searcher = vectors.searcher
    docnum = searcher.document_number(id=article_id)
    fields = searcher.stored_fields(docnum)
    return _Target(
        docnum,
        fields,
        vectors.vector(docnum),
        surface_forms(fields["body"]),
        entities.weighted(article_id, searcher.doc_count()),
    )


def _evidence(
    vectors: TermVectors,
    entities: EntityIndex,
    target: _Target,
    fields: dict[str, Any],
    number: int,
    near: float | None,
) -> rel.Evidence:
    """What the article at `number` shares with the target; `near`, its similarity in the
    topic space when there is one (else the tf-idf cosine is the similarity)."""
    similarity, common = cosine(target.terms, vectors.vector(number))
    shared, entity_share = rel.entity_evidence(target.entities, (e.id for e in entities.naming(fields["id"])))
    named = {w.lower() for name, _, _ in shared for w in name.split()}  # said once, as entities
    return rel.Evidence(
        common_terms=_explaining(common, vectors, named, target.words),
        text=similarity if near is None else near,
        shared=shared,
        entities=entity_share,
        days_apart=rel.days_between(iso_day(target.fields.get("date")), iso_day(fields.get("date"))),
    )


def find_related(
    vectors: TermVectors,
    bulk: BulkScorer,
    entities: EntityIndex,
    positions: Positions | None,
    article_id: str,
    excluded: set[str],
    limit: int,
) -> list[RelatedArticle]:
    """Up to `limit` related articles, best first, leaving out the ids in `excluded`."""
    searcher = vectors.searcher
    target = _target(vectors, entities, article_id)
    near: dict[int, float] = {}  # candidate -> similarity in the topic space, when there is one
    if positions is not None and article_id in positions:
        for other, similarity in positions.nearest(article_id, limit, excluded):
            number = searcher.document_number(id=other)
            if number is not None:
                near[number] = similarity
        found = set(near)
    else:
        found = set(candidates(vectors, bulk, target.docnum, top=max(POOL, 3 * limit)))
        for other in entities.sharing_rare(article_id):
            number = searcher.document_number(id=other)
            if number is not None:
                found.add(number)
    scored = []
    for number in found:
        fields = searcher.stored_fields(number)
        if number == target.docnum or fields["id"] in excluded:
            continue
        evidence = _evidence(vectors, entities, target, fields, number, near.get(number) if near else None)
        if evidence.is_related:
            scored.append((evidence, fields))
    scored.sort(key=lambda pair: (-pair[0].score, pair[1]["id"]))
    return [
        RelatedArticle(
            f["id"],
            f["title"],
            f["source"],
            iso_day(f.get("date")),
            round(e.score, 4),
            "related",
            rel.describe(e),
        )
        for e, f in scored[:limit]
    ]


def relation(
    vectors: TermVectors, entities: EntityIndex, positions: Positions | None, article_id: str, other_id: str
) -> list[str]:
    """Everything that relates two articles, said in full: how alike, every shared name,
    the shared words that weigh most, how far apart in time."""
    searcher = vectors.searcher
    target = _target(vectors, entities, article_id)
    number = searcher.document_number(id=other_id)
    if number is None:
        return []
    near = positions.similarity(article_id, other_id) if positions is not None else None
    evidence = _evidence(vectors, entities, target, searcher.stored_fields(number), number, near)
    how = "in the topic space" if near is not None else "by the words of the two bodies (tf-idf cosine)"
    return [f"similarity {evidence.score:.2f}, {how}", *rel.describe(evidence, full=True)]


def _explaining(common: list[str], vectors: TermVectors, named: set[str], words: dict[str, str]) -> list[str]:
    """The strongest shared terms worth naming (not in most articles, not an entity's name)."""
    shown: list[str] = []
    for term in common:
        if term not in named and vectors.explained(term):
            shown.append(words.get(term, term))
            if len(shown) == rel.SHOWN_TERMS:
                break
    return shown


def one_per_story(found: list[RelatedArticle], stories: dict[str, Story], limit: int) -> list[RelatedArticle]:
    """The first `limit` stories of a ranked list, each as its best copy with the others."""
    kept: list[RelatedArticle] = []
    seen: set[str] = set()
    for item in found:
        story = stories.get(item.id)
        key = story.id if story else item.id
        if key in seen:
            continue
        seen.add(key)
        copies = [Copy(m.id, m.source, m.date) for m in story.members if m.id != item.id] if story else []
        kept.append(replace(item, copies=copies))
        if len(kept) == limit:
            break
    return kept
