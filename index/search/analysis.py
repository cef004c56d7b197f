"""How text becomes index terms: Whoosh's analyzer chains, with the index-time case run in
one loop.

Whoosh runs a chain (tokenizer, then each filter) as nested generators passing one Token
object along, a few Python calls per filter per word; and a field with term vectors (the
body) is analysed twice per document, once for its postings and once for its vector.
Writing the index spent half its time there. `FoldingAnalyzer` is the same chain (its
`items` are Whoosh's own filters, and every call other than plain indexing goes through
them), except that when a document is indexed the words are computed in one loop, by
the chain's own rules in the chain's order, and the last text's words are kept for the
vector's second pass. Tests check the two ways give the same tokens on real text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh.analysis import (
    CharsetFilter,
    CompositeAnalyzer,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
)
from whoosh.lang import stemmer_for_language
from whoosh.support.charset import accent_map

STEMS_KEPT = 200_000  # words whose stems are remembered; past this the memory starts again
# The keyword arguments Whoosh's formats pass when a document is indexed: anything else
# (a query, a highlighter asking for characters, a phrase keeping its stop words) takes the chain.
_INDEXING = {"mode", "positions", "boosts"}


class FoldingAnalyzer(CompositeAnalyzer):  # type: ignore[misc]  # Whoosh is untyped
    """Words, lower case, accents folded; with `stop`, stop words and one-letter words
    dropped (positions renumbered, as StopFilter does by default); with `stem`,
    Porter-stemmed."""

    _last_value: str | None  # the last text indexed, and its words (the vector's pass asks again)
    _last: tuple[list[str], int]
    _stems: dict[str, str]  # word -> stem, as StemFilter's own cache keeps them

    def __init__(self, *, stop: bool, stem: bool) -> None:
        items: list[Any] = [RegexTokenizer(), LowercaseFilter(), CharsetFilter(accent_map)]
        items += [StopFilter()] if stop else []
        items += [StemFilter()] if stem else []
        super().__init__(*items)
        self._forget()

    def __getstate__(self) -> dict[str, Any]:  # pickled in the index's table of contents, without its memory
        return {"items": self.items}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.items = state["items"]
        self._forget()

    def __call__(self, value: str, no_morph: bool = False, **kwargs: Any) -> Iterator[Token]:
        if no_morph or kwargs.get("mode") != "index" or not _INDEXING.issuperset(kwargs):
            return super().__call__(value, no_morph=no_morph, **kwargs)  # type: ignore[no-any-return]
        return self._tokens(value, bool(kwargs.get("positions")), kwargs.get("boosts", False))

    def _tokens(self, value: str, positions: bool, boosts: bool) -> Iterator[Token]:
        token = Token(positions=positions, chars=False, removestops=True, mode="index", boosts=boosts)
        words, first = self._words(value)
        for number, word in enumerate(words):
            token.text, token.boost, token.stopped = word, 1.0, False
            if positions:
                token.pos = first + number
            yield token

    def _words(self, value: str) -> tuple[list[str], int]:
        """The words the chain would give, and the position of the first (the positions
        after it follow on, as StopFilter renumbers them)."""
        if value is self._last_value or value == self._last_value:
            return self._last
        tokenizer, stops, stem = self.items[0], self._filter(StopFilter), self._filter(StemFilter)
        charmap = self.items[2].charmap
        stems, ignore = self._stems, stem.ignore if stem else frozenset()
        stemfn = (stemmer_for_language(stem.lang) if stem.lang else stem.stemfn) if stem else None
        words: list[str] = []
        first = -1
        for number, match in enumerate(tokenizer.expression.finditer(value)):
            word = match.group(0).lower().translate(charmap)
            if stops is not None and (
                len(word) < stops.min or (stops.max is not None and len(word) > stops.max) or word in stops.stops
            ):
                continue
            if first < 0:
                first = number
            if stemfn is not None and word not in ignore:
                stemmed = stems.get(word)
                if stemmed is None:
                    if len(stems) >= STEMS_KEPT:
                        stems.clear()
                    stemmed = stems[word] = stemfn(word)
                word = stemmed
            words.append(word)
        self._last_value, self._last = value, (words, max(first, 0))
        return self._last

    def as_chain(self) -> CompositeAnalyzer:
        """The plain Whoosh chain of the same filters: what indexes written before this
        class hold in their schema (index.build.whoosh_pickles admits it)."""
        return CompositeAnalyzer(*self.items)

    def _filter(self, kind: type) -> Any:
        return next((item for item in self.items if isinstance(item, kind)), None)

    def _forget(self) -> None:
        self._last_value = None
        self._last = ([], 0)
        self._stems = {}
