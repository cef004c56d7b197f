"""The words a query marks in an article: its terms as the index holds them (stems from the
stemmed fields, exact forms from their twins), and where those occur in a text."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

from whoosh import query as wq
from whoosh.reading import IndexReader

from index.search.schema import EXACT_FIELDS, exact_analyzer
from index.search.snippets import BodyWords

MARKED_SPELLINGS = 1000  # words one word with * or ~ marks in an article at most


def expanded(parsed: wq.Query, reader: IndexReader) -> Iterator[tuple[str, str | bytes]]:
    """The query's words as (field, word), each word with * or ~ (or being typed) as the words
    of the index it stands for, up to MARKED_SPELLINGS of them (the commonest come first only
    for typed words; enough to mark any one article)."""
    for leaf in parsed.leaves():
        yield from itertools.islice(leaf.expanded_terms(reader), MARKED_SPELLINGS)


def query_words(terms: Iterable[tuple[str, str]]) -> BodyWords:
    """Query words as (field, text): stems from the stemmed fields, exact forms from their twins."""
    twins = set(EXACT_FIELDS.values())
    terms = list(terms)
    stems = frozenset(text for field, text in terms if field not in twins)
    return BodyWords(stems, frozenset(text for field, text in terms if field in twins))


def body_words(terms: Iterable[tuple[str, str]]) -> BodyWords:
    """The query words of the body (and its exact twin) alone: what a snippet marks."""
    return query_words((field, text) for field, text in terms if field in ("body", EXACT_FIELDS["body"]))


def marked(words: BodyWords, content: str) -> list[tuple[int, int]]:
    """Where in `content` the words occur, as (start, end) offsets."""
    tokens = words.matched(exact_analyzer()(content, chars=True, mode="index"))
    return [(token.startchar, token.endchar) for token in tokens if token.matched]
