"""Text similarity between articles, from the body's term vectors in the Whoosh index."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from whoosh import query as wq
from whoosh.searching import Searcher

from index.search.bulk_search import BulkScorer
from index.search.schema import stemming_analyzer
from index.stories.stopwords import STOPWORDS

_STOP_STEMS = {token.text for word in STOPWORDS for token in stemming_analyzer()(word)} | STOPWORDS

FIELD = "body"


def is_stop_stem(term: str) -> bool:
    """A stop word, as the body's analyser indexes it."""
    return term in _STOP_STEMS


COMMON_SHARE = 0.6  # a term in more than this share of articles explains nothing
QUERY_TERMS = 30  # an article's heaviest words that find its candidates


class TermVectors:
    """tf-idf vectors of article bodies, for cosine similarity and its explanation."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.total: int = searcher.doc_count()
        self._df: dict[str, int] = {}  # kept for the searcher's life: term look-ups dominate otherwise

    def df(self, term: str) -> int:
        found = self._df.get(term)
        if found is None:
            found = self._df[term] = self.searcher.doc_frequency(FIELD, term)
        return found

    def idf(self, term: str) -> float:
        return math.log((self.total + 1) / (self.df(term) + 0.5))

    def vector(self, docnum: int) -> dict[str, float]:
        reader = self.searcher.reader()
        if not reader.has_vector(docnum, FIELD):
            return {}
        return {
            term: (1 + math.log(tf)) * self.idf(term)
            for term, tf in reader.vector_as("frequency", docnum, FIELD)
            if term not in _STOP_STEMS
        }

    def explained(self, term: str) -> bool:
        """Worth naming as a reason: neither a stop word nor in most articles."""
        return self.df(term) <= max(2, COMMON_SHARE * self.total)


def cosine(a: dict[str, float], b: dict[str, float]) -> tuple[float, list[str]]:
    """Cosine similarity and the shared terms that contribute most to it."""
    shared = {t: a[t] * b[t] for t in a.keys() & b.keys()}
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    if not norm:
        return 0.0, []
    return sum(shared.values()) / norm, sorted(shared, key=lambda t: (-shared[t], t))  # ties: stable order


def surface_forms(body: str) -> dict[str, str]:
    """stem -> the word as the article most often writes it ('sanction' -> 'sanctions'),
    in lower case unless the article always capitalises it (a name)."""
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for token in stemming_analyzer()(body, chars=True, mode="index"):
        seen[token.text][body[token.startchar : token.endchar]] += 1
    forms = {}
    for stem, counts in seen.items():
        lower = Counter({w: n for w, n in counts.items() if w.islower()})
        forms[stem] = (lower or counts).most_common(1)[0][0]
    return forms


def candidates(vectors: TermVectors, bulk: BulkScorer, docnum: int, top: int, count: int = QUERY_TERMS) -> list[int]:
    """Candidate related documents: the best matches (BM25, scored in bulk) of the body's
    `count` heaviest tf-idf terms, each weighted by its tf-idf, leaving out stop words and
    words most articles use (they say nothing of a topic, and would have every article scored)."""
    ceiling = COMMON_SHARE * vectors.total
    heaviest = sorted(vectors.vector(docnum).items(), key=lambda item: (-item[1], item[0]))
    terms = [(term, weight) for term, weight in heaviest if vectors.df(term) <= ceiling][:count]
    if not terms:
        return []
    query = wq.Or([wq.Term(FIELD, term, boost=weight) for term, weight in terms])
    best = bulk.top(bulk.matches(query), top + 1).docnums.tolist()
    return [number for number in best if number != docnum][:top]
