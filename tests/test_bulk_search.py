"""Plain word queries are scored in bulk; they must give exactly what Whoosh's own
search gives (the same matches, scores, order and totals), on an index with several
segments and deleted documents, whatever the posting budget."""

from __future__ import annotations

import itertools
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from whoosh import query as wq
from whoosh.analysis import STOP_WORDS
from whoosh.codec.whoosh3 import W3LeafMatcher

from index.build.store import open_index
from index.library import Library, build_index
from index.search.bulk_search import POSTINGS_KEPT, BulkScorer
from index.search.doc_sets import Filters
from index.search.query import build_parser
from index.search.whoosh_internals import _fast_postings
from tests.conftest import SEEDS_DIR
from tests.synthetic import generate

# Every test here runs with Whoosh's private fast paths on, then forced off.
pytestmark = pytest.mark.usefixtures("whoosh_reads")


@pytest.fixture(scope="module")
def updated_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Synthetic articles and the seeds, indexed, then some edited and one removed, so
    the index has a second segment and deleted documents."""
    root = tmp_path_factory.mktemp("bulk")
    corpus = root / "articles"
    corpus.mkdir()
    generate(corpus, articles=120, topics=6)
    for path in SEEDS_DIR.iterdir():
        shutil.copy(path, corpus / path.name)
    index_dir = root / "ix"
    build_index(corpus, index_dir)
    files = sorted(p for p in corpus.iterdir() if p.suffix == ".md")
    for path in files[:6]:
        path.write_text(path.read_text(encoding="utf-8") + "\n\nA later paragraph about oil and debt.\n")
    files[7].unlink()
    report = build_index(corpus, index_dir)
    assert report.updated and report.removed
    return index_dir


def _queries(index_dir: Path) -> list[str]:
    """Words as users type them: common and rare ones, alone, paired, ORed, in a field,
    with a date filter; drawn from the index itself, not written in by hand."""
    with Library.open(index_dir) as library:
        titles = [a.title for a in library.articles()]
        months = sorted({a.date[:7] for a in library.articles() if a.date})
    counts = Counter(w.lower() for t in titles for w in re.findall(r"[A-Za-z]{4,}", t))
    common = [w for w, _ in counts.most_common(6)]
    rare = [w for w, n in counts.items() if n == 1][:4]
    return [
        *common,
        *rare,
        f"{common[0]} {common[1]}",
        f"{common[2]} {rare[0]}",
        f"{common[0]} OR {rare[1]}",
        f"({common[1]} OR {common[3]}) {common[4]}",
        f"({common[0]} {common[1]}) OR {common[2]}",  # an article with only some of the AND scores for the OR alone
        f"({common[0]} NOT {common[1]}) OR {common[2]}",
        f"title:{common[0]}",
        f"title:{common[2]} {common[5]}",
        f"{common[0]} date:{months[0]}",
        f"{common[0]} NOT {common[1]}",
        f"NOT {common[2]}",
        f"{rare[2]} OR NOT {common[3]}",
        f"date:{months[-1]}",
        "oil debt",
        "venezuela russia",
        "nosuchwordanywhere",
    ]


def _phrase_queries(index_dir: Path) -> list[str]:
    """Phrases and ANDMAYBE as users type them: word pairs and triples that stand next to
    each other in many articles (and some in one title only), with stop words, with a slop,
    words repeated or turned round, in a field, inside AND, OR and NOT, and on either side
    of ANDMAYBE; drawn from the index itself, not written in by hand."""
    with Library.open(index_dir) as library:
        articles = library.articles()
        texts = [f"{a.title}. {library.article(a.id).body}" for a in articles]
        month = Counter(a.date[:7] for a in articles if a.date).most_common(1)[0][0]
        author = next(name for a in articles for name in a.authors if len(name.split()) > 1)
    runs = [[w.lower() for w in re.findall(r"[A-Za-z]+|[^A-Za-z\s]", text)] for text in texts]

    def spread(length: int) -> list[tuple[str, ...]]:
        """Runs of `length` words of 4 letters or more, by how many articles hold them."""
        held: Counter[tuple[str, ...]] = Counter()
        for run in runs:
            held.update({tuple(run[i : i + length]) for i in range(len(run) - length + 1)})
        return [words for words, _ in held.most_common() if all(len(w) >= 4 and w not in STOP_WORDS for w in words)]

    pairs, triples = spread(2), spread(3)
    one, two, three = (" ".join(pair) for pair in pairs[:3])
    first, second = pairs[0]
    title = next(t.lower().split() for t in (a.title for a in articles) if len(t.split()) > 2)
    lonely = " ".join(title[1:3])  # in a title, likely that one only
    a, b, c = triples[0]
    held = Counter(w for run in runs for w in set(run) if len(w) >= 4 and w not in STOP_WORDS)
    common = [w for w, _ in held.most_common(3)]
    return [
        f'"{one}"',
        f'"{two}"',
        f'"{three}"',
        f'"{lonely}"',
        f'"{a} {b} {c}"',
        f'"{a} {c}"~2',  # a word between
        f'"{a} {c}"',
        '"oil and debt"',  # 'and' is a stop word: oil and debt stand one position apart
        '"a later paragraph about oil"',
        f'"{second} {first}"',  # turned round
        f'"{second} {first}"~3',
        f'"{one}"~2',
        f'"{common[0]} {common[0]}"',  # a word repeated
        f'"{common[0]} {common[0]} {common[0]}"~4',
        f'"{common[0]} {common[0]}"~8',
        f'"{common[0]} {common[1]}"~5',
        f'title:"{lonely}"',
        f'title:"{lonely}"~3',
        f'title:"{one}"',
        f'"the {one}"',  # a stop word first: the stemmed fields drop it, authors and source keep it
        'body:"oil and debt"',
        f'author:"{author}"',
        f'"{first} nosuchwordanywhere"',  # no match
        f'"{one}" {common[1]}',
        f'"{one}" OR "{two}" OR {common[2]}',
        f'{common[0]} NOT "{one}"',
        'NOT "oil and debt"',
        f'("{one}" OR "{two}") date:{month}',
        f'"{one}"^2 OR {common[1]}',
        f"{common[0]} ANDMAYBE {common[1]}",
        f"{first} ANDMAYBE {common[0]}",
        f'{common[0]} ANDMAYBE "{one}"',
        f'"{one}" ANDMAYBE {common[1]}',
        f'"oil and debt" ANDMAYBE "{two}"',
        f"({common[0]} ANDMAYBE {common[1]}) OR {first}",
        f"{common[0]} ANDMAYBE ({common[1]} ANDMAYBE {common[2]})",
        f"{common[0]} ANDMAYBE {common[1]} ANDMAYBE {common[2]}",
        f"({common[0]} {common[1]}) ANDMAYBE {common[2]}",
        f"{common[0]} ANDMAYBE ({common[1]} NOT {common[2]})",
        f'{common[0]} NOT ({common[1]} ANDMAYBE "{one}")',
        "oil ANDMAYBE nosuchwordanywhere",
    ]


def _by_score(pairs: list[tuple[float, int]]) -> list[tuple[float, frozenset[int]]]:
    """Matches grouped by score (to 6 places), best first: the order up to ties."""
    groups: dict[float, set[int]] = {}
    for score, docnum in pairs:
        groups.setdefault(round(score, 6), set()).add(docnum)
    return [(score, frozenset(groups[score])) for score in sorted(groups, reverse=True)]


@pytest.mark.parametrize("kept", [10, POSTINGS_KEPT])
def test_bulk_scores_equal_whoosh_scores(updated_index: Path, kept: int) -> None:
    ix = open_index(updated_index)
    with ix.searcher() as searcher:
        assert len(searcher.leaf_searchers()) > 1 and searcher.reader().has_deletions()
        parser = build_parser(ix.schema, Filters(None))
        bulk = BulkScorer(searcher, postings_kept=kept)
        for text in _queries(updated_index) * 2:  # twice: the second time from kept postings
            parsed = parser.parse(text)
            assert bulk.can_score(parsed), text
            results = searcher.search(parsed, limit=None)
            expected = [(hit.score, hit.docnum) for hit in results]
            found = bulk.matches(parsed)
            assert len(found) == len(results), text
            assert _by_score(list(zip(found.scores.tolist(), found.docnums.tolist(), strict=True))) == _by_score(
                expected
            ), text
            top = bulk.top(found, 10)
            assert (
                top.docnums.tolist() == [docnum for _, docnum in sorted(expected, key=lambda p: (-p[0], p[1]))][:10]
            ), text


@pytest.mark.parametrize("kept", [10, POSTINGS_KEPT])
def test_phrases_and_andmaybe_score_as_whoosh_scores_them(updated_index: Path, kept: int) -> None:
    """The same matches, scores (to the last bit, as Whoosh adds them up) and order."""
    ix = open_index(updated_index)
    with ix.searcher() as searcher:
        parser = build_parser(ix.schema, Filters(None))
        bulk = BulkScorer(searcher, postings_kept=kept, positions_kept=kept)
        matched = []
        for text in _phrase_queries(updated_index) * 2:  # twice: the second time from kept positions
            parsed = parser.parse(text)
            assert bulk.can_score(parsed), text
            results = searcher.search(parsed, limit=None)
            expected = sorted(((hit.score, hit.docnum) for hit in results), key=lambda p: (-p[0], p[1]))
            found = bulk.matches(parsed)
            top = bulk.top(found, len(found))
            assert top.docnums.tolist() == [docnum for _, docnum in expected], text
            assert top.scores.tolist() == pytest.approx([score for score, _ in expected], rel=1e-12), text
            matched.append(len(found))
        assert sum(n > 0 for n in matched) > len(matched) * 3 // 4  # the phrases are found, mostly


def test_a_phrase_is_matched_where_its_words_stand_in_order_only(updated_index: Path) -> None:
    """Against the stored text itself: "oil and debt" is in the added paragraph, and only
    there; the same words turned round are nowhere."""
    ix = open_index(updated_index)
    with ix.searcher() as searcher, Library.open(updated_index) as library:
        parser = build_parser(ix.schema, Filters(None))
        bulk = BulkScorer(searcher)
        expected = {a.id for a in library.articles() if "oil and debt" in library.article(a.id).body.lower()}
        assert expected
        for text, wanted in (('body:"oil and debt"', expected), ('body:"debt and oil"', set())):
            found = bulk.matches(parser.parse(text)).docnums.tolist()
            assert {searcher.stored_fields(n)["id"] for n in found} == wanted, text


def test_library_search_pages_and_sorts_like_whoosh(updated_index: Path) -> None:
    ix = open_index(updated_index)
    with ix.searcher() as searcher, Library.open(updated_index) as library:
        parser = build_parser(ix.schema, Filters(None))
        for text in _queries(updated_index) + _phrase_queries(updated_index):
            results = searcher.search(parser.parse(text), limit=None)
            ranked = sorted(results, key=lambda hit: (-round(hit.score, 6), hit.docnum))
            mine = library.search(text, limit=7, offset=3, snippets=False)
            assert mine.total == len(results), text
            assert [h.id for h in mine.hits] == [hit["id"] for hit in ranked][3:10], text
            by_date = library.search(text, limit=5, snippets=False, sort="date")
            dates = [h.date or "" for h in by_date.hits]
            assert all(a >= b for a, b in itertools.pairwise(dates)), text  # newest first
            assert by_date.total == len(results)


def _spelling_queries(index_dir: Path) -> list[str]:
    common = _queries(index_dir)[:6]
    return [
        f"{common[0]}~",
        f"{common[1][:-1]}~1",
        f"{common[2][:3]}*",
        f"{common[3][:4]}?*",
        f"{common[0]}~ {common[1]}",
    ]


def test_words_with_several_spellings_match_what_whoosh_matches(updated_index: Path) -> None:
    ix = open_index(updated_index)
    with ix.searcher() as searcher:
        parser = build_parser(ix.schema, Filters(None))
        bulk = BulkScorer(searcher)
        for text in _spelling_queries(updated_index):
            parsed = parser.parse(text)
            assert bulk.can_score(parsed), text
            expected = {hit.docnum for hit in searcher.search(parsed, limit=None)}
            assert set(bulk.matches(parsed).docnums.tolist()) == expected, text


def test_spellings_are_scored_as_synonyms(updated_index: Path) -> None:
    """An article's count is its occurrences of any spelling; the rarity is the commonest
    spelling's: worked out here posting by posting through Whoosh's reader."""
    ix = open_index(updated_index)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        bulk = BulkScorer(searcher)
        word = _queries(updated_index)[0]
        fuzzy = wq.FuzzyTerm("body", word[:-1], maxdist=2, prefixlength=1)
        spellings = [t for _, t in fuzzy.expanded_terms(reader)]
        assert len(spellings) > 1
        counts: Counter[int] = Counter()
        for spelling in spellings:
            for docnum, count in reader.postings("body", spelling).items_as("frequency"):
                counts[docnum] += count
        commonest = max(spellings, key=lambda t: reader.doc_frequency("body", t))
        idf = searcher.idf("body", commonest)
        average = searcher.avg_field_length("body")
        expected = {
            n: idf * (tf * 2.2) / (tf + 1.2 * (0.25 + 0.75 * searcher.doc_field_length(n, "body") / average))
            for n, tf in counts.items()
        }
        found = bulk.matches(fuzzy)
        assert dict(zip(found.docnums.tolist(), found.scores.tolist(), strict=True)) == pytest.approx(expected)
        assert {w for _, w in found.words} == {t if isinstance(t, str) else t.decode() for t in spellings}


def test_queries_it_cannot_reproduce_are_left_to_whoosh(updated_index: Path) -> None:
    ix = open_index(updated_index)
    with ix.searcher() as searcher:
        parser = build_parser(ix.schema, Filters(None))
        bulk = BulkScorer(searcher)
        for text in ["oil ANDNOT debt", "title:[a TO c]", 'oil OR title:[a TO c] OR "oil debt"']:
            assert not bulk.can_score(parser.parse(text)), text
        assert not bulk.can_score(wq.Or([wq.Term("body", "oil"), wq.Term("body", "debt")], minmatch=2))
        # A field without positions: Whoosh refuses the phrase, and is left to.
        assert not bulk.can_score(wq.Phrase("body_exact", ["oil", "debt"]))


def _unfiltered(reader, btext: bytes):
    """The body postings of a word, past the filter that hides deleted documents."""
    postings = reader.postings("body", btext)
    return getattr(postings, "child", postings)


def test_postings_read_in_one_piece_equal_whooshs_own_reading(updated_index: Path) -> None:
    words = _queries(updated_index)[:10]
    ix = open_index(updated_index)
    with ix.searcher() as searcher:
        checked = 0
        for leaf, _ in searcher.leaf_searchers():
            reader = leaf.reader()
            for word in words:
                for btext in (word.encode(), word[:-1].encode()):
                    if ("body", btext) not in reader:
                        continue
                    one_piece = _unfiltered(reader, btext)
                    if not isinstance(one_piece, W3LeafMatcher):
                        continue  # a short list, kept inline in the term table
                    one_piece.reset()
                    found = _fast_postings(one_piece)
                    assert found is not None
                    own = _unfiltered(reader, btext)
                    own.reset()
                    expected = list(own.items_as("frequency"))
                    assert list(zip(found[0].tolist(), found[1].tolist(), strict=True)) == expected
                    checked += 1
        assert checked


def test_word_contributions_add_up_to_whooshs_score(updated_index: Path) -> None:
    """`search --explain` shares: what each word adds, summed, is the score Whoosh gives."""
    ix = open_index(updated_index)
    with ix.searcher() as searcher:
        parser = build_parser(ix.schema, Filters(None))
        bulk = BulkScorer(searcher)
        for text in _queries(updated_index)[:6]:
            parsed = parser.parse(text)
            for hit in searcher.search(parsed, limit=5):
                parts = bulk.contributions(parsed, hit.docnum)
                assert parts, text
                assert sum(score for _, _, score in parts) == pytest.approx(hit.score, rel=1e-6), text
