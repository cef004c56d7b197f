"""Text similarity between articles, from the body's term vectors in the Whoosh index."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from whoosh import query as wq
from whoosh.classify import Bo1Model, Expander
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from index.bulk_search import BulkScorer
from index.schema import stemming_analyzer
from index.stopwords import STOPWORDS

_STOP_STEMS = {token.text for word in STOPWORDS for token in stemming_analyzer()(word)} | STOPWORDS

FIELD = "body"
COMMON_SHARE = 0.6  # a term in more than this share of articles explains nothing
RARE_SHARE = 0.01  # candidates come from words in at most this share of articles ...
RARE_FLOOR = 50  # ... or in at most this many, on a small corpus
FREQUENCIES_KEPT = 200_000  # collection frequencies remembered (about 30 MB at the most)


class _RememberingReader:
    """The searcher's reader, remembering each term's collection frequency: Whoosh's key-term
    extraction asks for the frequency of every term of an article, in every segment, on
    every call (most of the time of finding related articles at 100k)."""

    def __init__(self, reader: IndexReader) -> None:
        self._reader = reader
        self._frequency: dict[tuple[str, bytes], float | None] = {}

    def __getattr__(self, name: str) -> object:
        return getattr(self._reader, name)

    def __contains__(self, term: tuple[str, bytes]) -> bool:
        return self.frequency(*term) is not None

    def frequency(self, fieldname: str, btext: bytes) -> float | None:
        key = (fieldname, btext)
        if key not in self._frequency:
            if len(self._frequency) >= FREQUENCIES_KEPT:  # a bound on a long session's memory
                self._frequency.clear()
            known = key in self._reader
            self._frequency[key] = self._reader.frequency(fieldname, btext) if known else None
        return self._frequency[key]


class TermVectors:
    """tf-idf vectors of article bodies, for cosine similarity and its explanation."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.total = searcher.doc_count()
        self._df: dict[str, int] = {}  # kept for the searcher's life: term look-ups dominate otherwise
        self._reader = _RememberingReader(searcher.reader())

    def key_terms(self, docnum: int, count: int) -> list[tuple[str, float]]:
        """The article's most distinctive body terms, weighted: Whoosh's key_terms (Bo1),
        with the collection frequencies it needs remembered between calls."""
        expander = Expander(self._reader, FIELD, model=Bo1Model)
        expander.add_document(docnum)
        return expander.expanded_terms(count)

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
    seen: dict[str, Counter] = defaultdict(Counter)
    for token in stemming_analyzer()(body, chars=True, mode="index"):
        seen[token.text][body[token.startchar : token.endchar]] += 1
    forms = {}
    for stem, counts in seen.items():
        lower = Counter({w: n for w, n in counts.items() if w.islower()})
        forms[stem] = (lower or counts).most_common(1)[0][0]
    return forms


def similar(vectors: TermVectors, bulk: BulkScorer, docnum: int, top: int, count: int = 15) -> list[int]:
    """Candidate related documents: the best-scoring matches of the body's key terms (as
    Whoosh's more_like_this), leaving out stop words and words most articles use. Those
    say little about a topic and, on a large corpus, would have every article scored."""
    ceiling = max(RARE_FLOOR, RARE_SHARE * vectors.total)
    terms = [
        (term, weight)
        for term, weight in vectors.key_terms(docnum, 4 * count)
        if term not in _STOP_STEMS and vectors.df(term) <= ceiling
    ][:count]
    if not terms:
        return []
    query = wq.Or([wq.Term(FIELD, term, boost=weight) for term, weight in terms])
    best = bulk.top(bulk.matches(query), top + 1).docnums.tolist()
    return [number for number in best if number != docnum][:top]
