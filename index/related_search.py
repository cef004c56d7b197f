"""Related articles for one article: its nearest neighbours in the topic space
(`index.topic_space`), or, in a corpus too small to have one, the best tf-idf cosines among
the matches of its heaviest words and the articles sharing its rarer entities; explained by
`index.related`."""

from __future__ import annotations

from index import related as rel
from index.bulk_search import BulkScorer
from index.dates import iso_day
from index.entity_index import EntityIndex
from index.key_terms import TermVectors, candidates, cosine, surface_forms
from index.records import RelatedArticle
from index.topic_space import Positions

POOL = 30  # candidates ranked for a list of ten: more than 30 found no better ones on real news


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
    docnum = searcher.document_number(id=article_id)
    target = searcher.stored_fields(docnum)
    mine_terms = vectors.vector(docnum)
    words = surface_forms(target["body"])
    mine = entities.weighted(article_id, searcher.doc_count())
    near: dict[int, float] = {}  # candidate -> similarity in the topic space, when there is one
    if positions is not None and article_id in positions:
        for other, similarity in positions.nearest(article_id, limit, excluded):
            number = searcher.document_number(id=other)
            if number is not None:
                near[number] = similarity
        found = set(near)
    else:
        found = set(candidates(vectors, bulk, docnum, top=max(POOL, 3 * limit)))
        for other in entities.sharing_rare(article_id):
            number = searcher.document_number(id=other)
            if number is not None:
                found.add(number)
    scored = []
    for number in found:
        fields = searcher.stored_fields(number)
        if number == docnum or fields["id"] in excluded:
            continue
        similarity, common = cosine(mine_terms, vectors.vector(number))
        similarity = near.get(number, similarity)
        shared, entity_share = rel.entity_evidence(mine, (e.id for e in entities.naming(fields["id"])))
        named = {w.lower() for name, _, _ in shared for w in name.split()}  # said once, as entities
        evidence = rel.Evidence(
            common_terms=_explaining(common, vectors, named, words),
            text=similarity,
            shared=shared,
            entities=entity_share,
            days_apart=rel.days_between(iso_day(target.get("date")), iso_day(fields.get("date"))),
        )
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


def _explaining(common: list[str], vectors: TermVectors, named: set[str], words: dict[str, str]) -> list[str]:
    """The strongest shared terms worth naming (not in most articles, not an entity's name)."""
    shown: list[str] = []
    for term in common:
        if term not in named and vectors.explained(term):
            shown.append(words.get(term, term))
            if len(shown) == rel.SHOWN_TERMS:
                break
    return shown
