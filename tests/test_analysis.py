"""The index-time analysis runs the Whoosh chain's rules in one loop (`index.search.analysis`):
on real text and on odd text it gives the tokens the chain gives, position for position,
for each analyzer the schema uses; every other call is the chain's own."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.analysis import CompositeAnalyzer
from whoosh.formats import Format, Frequency, Positions

from index.search.analysis import FoldingAnalyzer
from tests.conftest import ROOT, SEEDS_DIR

REUTERS = ROOT.parent / "shared" / "eval" / "reuters-dev" / "articles"
KINDS = [(True, True), (True, False), (False, False)]  # (stop, stem): the body's, its exact twin's, names'


def real_texts() -> list[str]:
    files = sorted(SEEDS_DIR.iterdir()) + sorted(REUTERS.glob("*.md"))[::10]
    return [path.read_text(encoding="utf-8", errors="replace") for path in files if path.is_file()]


def chain_of(fast: FoldingAnalyzer) -> CompositeAnalyzer:
    return CompositeAnalyzer(*fast.items)


def indexed(fmt: Format, analyzer: CompositeAnalyzer, text: str) -> list[tuple[bytes | str, int, float, bytes]]:
    return list(fmt.word_values(text, analyzer, mode="index"))


@pytest.mark.parametrize(("stop", "stem"), KINDS)
def test_real_text_is_indexed_as_the_chain_indexes_it(stop: bool, stem: bool) -> None:
    texts = real_texts()
    assert len(texts) > 200
    fast = FoldingAnalyzer(stop=stop, stem=stem)
    chain = chain_of(fast)
    for fmt in (Positions(), Frequency()):
        for text in texts:
            expected = indexed(fmt, chain, text)
            assert indexed(fmt, fast, text) == expected
            assert indexed(fmt, fast, text) == expected  # the second pass (the body's vector) reuses the first


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120))
def test_odd_text_is_indexed_as_the_chain_indexes_it(text: str) -> None:
    for stop, stem in KINDS:
        fast = FoldingAnalyzer(stop=stop, stem=stem)
        assert indexed(Positions(), fast, text) == indexed(Positions(), chain_of(fast), text)


def test_the_positions_after_stop_words_follow_on_as_the_chain_renumbers_them() -> None:
    fast = FoldingAnalyzer(stop=True, stem=True)
    text = "The minister and a spokesman of the ministry said"
    tokens = [(t.text, t.pos) for t in fast(text, positions=True, mode="index")]
    assert tokens == [(t.text, t.pos) for t in chain_of(fast)(text, positions=True, mode="index")]
    assert tokens[0] == ("minist", 1) and [pos for _, pos in tokens] == list(range(1, len(tokens) + 1))


def test_queries_and_highlights_take_the_chain() -> None:
    fast = FoldingAnalyzer(stop=True, stem=True)
    text = "Guaidó met the ministers"
    for kwargs in ({"mode": "query"}, {"chars": True, "mode": "index"}, {"removestops": False, "mode": "index"}):
        got = [(t.text, t.stopped, getattr(t, "startchar", None)) for t in fast(text, **kwargs)]
        assert got == [(t.text, t.stopped, getattr(t, "startchar", None)) for t in chain_of(fast)(text, **kwargs)]


def test_an_index_keeps_the_analyzer_without_what_it_remembered() -> None:
    fast = FoldingAnalyzer(stop=True, stem=True)
    indexed(Positions(), fast, "Venezuela's oil ministers")
    again = pickle.loads(pickle.dumps(fast))
    assert again._stems == {} and again._last_value is None
    assert again == fast and indexed(Positions(), again, "oil") == indexed(Positions(), fast, "oil")
    assert len(pickle.dumps(fast)) == len(pickle.dumps(FoldingAnalyzer(stop=True, stem=True)))


def test_an_index_written_with_the_plain_chain_is_still_admitted() -> None:
    """Indexes built before FoldingAnalyzer hold Whoosh's CompositeAnalyzer of the same filters."""
    from index.build import whoosh_pickles

    chain = FoldingAnalyzer(stop=True, stem=True).as_chain()
    again = whoosh_pickles.loads(pickle.dumps(chain, 2))
    assert type(again) is CompositeAnalyzer and again == chain
