"""Articles placed in a space of latent topics, where related articles are found.

The tf-idf vectors of the bodies are reduced by a truncated SVD (latent semantic
analysis) to DIMENSIONS numbers an article. Articles on one subject sit close there even
when they share few words: on real labelled news (the Reuters development set, `make
eval`) the nearest articles in this space share a topic more often than the nearest by
tf-idf cosine (precision@5 0.79 against 0.73). The space is fitted at index time on up to
FIT_SAMPLE articles and every article is projected into it; an update projects only the
articles it writes, and fits the space again once many articles came in since the fit.
The app reads only the articles' positions (`Positions`), never the fitted model.
"""

from __future__ import annotations

import math
import os
import re
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh.searching import Searcher

from index.stories.key_terms import COMMON_SHARE, FIELD, is_stop_stem

TOPICS = "topics.npz"
FORMAT = 1
DIMENSIONS = 64
MIN_DIMENSIONS = 8  # fewer topics than this tell articles apart worse than shared words do
MIN_ARTICLES = 200  # fewer hold too few topics to find: related articles use the tf-idf cosine alone
FIT_SAMPLE = 20_000  # articles the space is fitted on; the others are projected into it
REFIT_SHARE = 0.25  # articles projected since the fit, as a share of those fitted on, that call for a new fit
_NUMBER = re.compile(r"[\d.,]+")


@dataclass
class Model:
    """The fitted space: each vocabulary word's idf and its direction in the space."""

    terms: dict[str, int]
    idf: np.ndarray  # float32, one a term
    loadings: np.ndarray  # float32, terms x dimensions
    fitted_on: int

    def project(self, counts: Iterable[tuple[str, float]]) -> np.ndarray:
        """The unit-length position of a body with these term counts (zeros when it has
        no word of the vocabulary)."""
        rows, weights = [], []
        for term, count in counts:
            row = self.terms.get(term)
            if row is not None and count > 0:
                rows.append(row)
                weights.append((1 + math.log(count)) * self.idf[row])
        position = np.zeros(self.loadings.shape[1], dtype=np.float32)
        if rows:
            vector = np.asarray(weights, dtype=np.float32)
            position = (vector / np.linalg.norm(vector)) @ self.loadings[rows]
        return _unit(position)


@dataclass
class Positions:
    """Every article's place in the space: what the app needs to find neighbours."""

    ids: list[str]
    vectors: np.ndarray  # float32, articles x dimensions, unit length

    def __post_init__(self) -> None:
        self._row = {article_id: row for row, article_id in enumerate(self.ids)}

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._row

    def similarity(self, article_id: str, other_id: str) -> float | None:
        """The cosine of two articles' places, when both have one."""
        a, b = self._row.get(article_id), self._row.get(other_id)
        return None if a is None or b is None else float(self.vectors[a] @ self.vectors[b])

    def nearest(self, article_id: str, top: int, excluded: set[str]) -> list[tuple[str, float]]:
        """The `top` articles nearest to one (cosine, best first), leaving out itself and `excluded`."""
        row = self._row.get(article_id)
        if row is None or not len(self.ids):
            return []
        similarity = self.vectors @ self.vectors[row]
        wanted = min(len(self.ids), top + len(excluded) + 1)
        best = np.argpartition(-similarity, wanted - 1)[:wanted]
        ranked = sorted(best.tolist(), key=lambda r: (-similarity[r], self.ids[r]))
        return [(self.ids[r], float(similarity[r])) for r in ranked if r != row and self.ids[r] not in excluded][:top]


def update(index_dir: Path, searcher: Searcher, written: set[str], removed: set[str], before: int, after: int) -> None:
    """Bring the space up to date with the index after a run that wrote the articles in
    `written` and took out those in `removed` (generations `before` and `after` it)."""
    total = searcher.doc_count()
    if total < MIN_ARTICLES:
        _forget(index_dir)
        return
    loaded = _load(index_dir, before)
    if loaded is None or _due(loaded, len(written), total):
        model = _fit(searcher)
        if model is None:
            _forget(index_dir)
            return
        positions = _project_all(searcher, model)
        projected = 0
    else:
        model, positions, projected = loaded
        positions = _replace(positions, searcher, model, written, removed)
        projected += len(written)
    _save(index_dir, model, positions, projected, after)


def is_current(index_dir: Path, generation: int) -> bool:
    """Whether the space describes this generation of the index. (A corpus too small to
    have one is asked again each run, which costs a count.)"""
    return load_positions(index_dir, generation) is not None


def load_positions(index_dir: Path, generation: int) -> Positions | None:
    """The articles' positions, if the space describes exactly this generation of the index
    (the fitted model is not read: the app never projects)."""
    try:
        with np.load(index_dir / TOPICS, allow_pickle=False) as data:
            stamp_format, stamp_generation, *_ = (int(x) for x in data["stamp"])
            if stamp_format != FORMAT or stamp_generation != generation:
                return None
            return Positions([str(i) for i in data["ids"]], data["positions"])
    except (OSError, ValueError, KeyError):
        return None


def _due(loaded: tuple[Model, Positions, int], written: int, total: int) -> bool:
    model, _, projected = loaded
    return projected + written > REFIT_SHARE * model.fitted_on or model.fitted_on < min(total, FIT_SAMPLE) // 2


def _counts(searcher: Searcher, docnum: int) -> list[tuple[str, float]]:
    reader = searcher.reader()
    if not reader.has_vector(docnum, FIELD):
        return []
    return list(reader.vector_as("frequency", docnum, FIELD))


def _fit(searcher: Searcher) -> Model | None:
    """Fit the space on an even sample of the articles (all of them, up to FIT_SAMPLE);
    None when they share too few telling words to hold topics (a pile of one-line notes)."""
    from scipy import sparse
    from scipy.sparse.linalg import svds  # SciPy comes with datasketch; loaded only to index

    docnums = sorted(searcher.document_numbers())
    step = max(1, math.ceil(len(docnums) / FIT_SAMPLE))
    sample = docnums[::step]
    total = searcher.doc_count()
    terms: dict[str, int] = {}
    left_out: set[str] = set()  # asked once: a document frequency is a disk read in Whoosh
    idf: list[float] = []
    # typed arrays: a Python int or float an entry took about 700 MB for 20,000 articles
    rows, columns, values = array("i"), array("i"), array("d")
    for row, docnum in enumerate(sample):
        weights = []
        for term, count in _counts(searcher, docnum):
            column = terms.get(term)
            if column is None:
                if term in left_out:
                    continue
                frequency = searcher.doc_frequency(FIELD, term)
                if not _kept(term, frequency, total):
                    left_out.add(term)
                    continue
                column = terms[term] = len(terms)
                idf.append(math.log((total + 1) / (frequency + 0.5)))
            weights.append((column, (1 + math.log(count)) * idf[column]))
        norm = math.sqrt(sum(w * w for _, w in weights)) or 1.0
        for column, weight in weights:
            rows.append(row)
            columns.append(column)
            values.append(weight / norm)
    matrix = sparse.csr_matrix(
        (np.frombuffer(values), (np.frombuffer(rows, dtype=np.int32), np.frombuffer(columns, dtype=np.int32))),
        shape=(len(sample), len(terms)),
        dtype=np.float64,
    )
    dimensions = min(DIMENSIONS, min(matrix.shape) - 1)
    if dimensions < MIN_DIMENSIONS or matrix.count_nonzero() <= dimensions:
        return None
    _, strengths, directions = svds(matrix, k=dimensions, random_state=0)
    order = np.argsort(-strengths)  # strongest topic first (svds gives them weakest first)
    loadings = np.ascontiguousarray(directions[order].T, dtype=np.float32)
    return Model(terms, np.asarray(idf, dtype=np.float32), loadings, len(sample))


def _kept(term: str, frequency: int, total: int) -> bool:
    """A word that can tell topics apart: not a stop word or a number, in at least two
    articles and at most most of them."""
    return 2 <= frequency <= COMMON_SHARE * total and not is_stop_stem(term) and not _NUMBER.fullmatch(term)


def _project_all(searcher: Searcher, model: Model) -> Positions:
    ids, vectors = [], []
    for article_id in searcher.reader().field_terms("id"):  # the ids alone: stored fields hold whole articles
        docnum = searcher.document_number(id=article_id)
        if docnum is not None:  # a deleted article's id stays in the lexicon until a merge
            ids.append(article_id)
            vectors.append(model.project(_counts(searcher, docnum)))
    return Positions(ids, np.asarray(vectors, dtype=np.float32).reshape(len(ids), model.loadings.shape[1]))


def _replace(positions: Positions, searcher: Searcher, model: Model, written: set[str], removed: set[str]) -> Positions:
    gone = written | removed
    keep = [row for row, article_id in enumerate(positions.ids) if article_id not in gone]
    ids = [positions.ids[row] for row in keep]
    vectors = [positions.vectors[keep]]
    for article_id in sorted(written):
        docnum = searcher.document_number(id=article_id)
        if docnum is not None:
            ids.append(article_id)
            vectors.append(model.project(_counts(searcher, docnum))[None, :])
    return Positions(ids, np.concatenate(vectors).astype(np.float32))


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def _save(index_dir: Path, model: Model, positions: Positions, projected: int, generation: int) -> None:
    terms = sorted(model.terms, key=model.terms.__getitem__)
    temporary = index_dir / f"topics.tmp-{os.getpid()}.npz"
    np.savez(
        temporary,
        stamp=np.array([FORMAT, generation, model.fitted_on, projected], dtype=np.int64),
        terms=np.array(terms, dtype=str),
        idf=model.idf,
        loadings=model.loadings,
        ids=np.array(positions.ids, dtype=str),
        positions=positions.vectors,
    )
    os.replace(temporary, index_dir / TOPICS)


def _load(index_dir: Path, generation: int) -> tuple[Model, Positions, int] | None:
    try:
        with np.load(index_dir / TOPICS, allow_pickle=False) as data:
            stamp_format, stamp_generation, fitted_on, projected = (int(x) for x in data["stamp"])
            if stamp_format != FORMAT or stamp_generation != generation:
                return None
            terms = {str(term): row for row, term in enumerate(data["terms"])}
            model = Model(terms, data["idf"], data["loadings"], fitted_on)
            positions = Positions([str(i) for i in data["ids"]], data["positions"])
    except (OSError, ValueError, KeyError):
        return None
    return model, positions, projected


def _forget(index_dir: Path) -> None:
    (index_dir / TOPICS).unlink(missing_ok=True)
