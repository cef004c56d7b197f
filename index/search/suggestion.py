"""'Did you mean': a corrected query, when some of its words are not in the index and the
correction finds more than the query as typed."""

from __future__ import annotations

import itertools

from whoosh.qparser import QueryParser
from whoosh.reading import IndexReader

from index.search import query as q
from index.search.deadline import Deadline
from index.search.schema import folding_analyzer
from index.search.search_side import SearchSide

FEW_RESULTS = 2  # at or below this many hits, a spelling suggestion is looked for
# A word searched unfinished ('coff', Enter) is read as the start of a word when it is this long
# and the commonest word it starts is at least this share as common as the nearest spelling
# ('off' is nearer to 'coff' than 'coffee', and commoner); the starts looked at are bounded.
COMPLETED_LETTERS = 4
COMPLETION_SHARE = 0.1
COMPLETIONS_READ = 500


def suggestion(side: SearchSide, parser: QueryParser, text: str, total: int, deadline: Deadline) -> str | None:
    """A corrected query when some words are unknown and the correction finds more than
    `total`; none when the search's time is up before one is found (the hits stand without it)."""
    try:
        return _correction(side, parser, text, total, deadline)
    except q.QueryError:
        return None


def _correction(side: SearchSide, parser: QueryParser, text: str, total: int, deadline: Deadline) -> str | None:
    reader = side.searcher.reader()
    fold = folding_analyzer()
    replacements = {}
    for start, end, word in q.words_to_check(text):
        if len(word) > q.MAX_SUGGESTED_LETTERS:
            continue  # no word that long is a misspelling of one in the index
        deadline.check()
        folded = next((t.text for t in fold(word)), word.lower())
        if reader.doc_frequency("spelling", folded):
            continue
        # The nearest spelling wins; among equally near ones, the most common.
        near: str | None = None
        for distance in (1, 2):
            found = side.searcher.suggest("spelling", folded, limit=1, maxdist=distance)
            if found:
                near = found[0]
                break
        chosen = _completion(reader, folded, near) or near
        if chosen:
            replacements[(start, end)] = q.match_case(chosen, word)
    if not replacements:
        return None
    corrected = q.replace_words(text, replacements)
    return corrected if side.matching(q.parse(parser, corrected), deadline) > total else None


def _completion(reader: IndexReader, folded: str, near: str | None) -> str | None:
    """The commonest indexed word that `folded` starts, if it is to be preferred to `near`."""
    if len(folded) < COMPLETED_LETTERS:
        return None
    best, most = None, 0
    for term in itertools.islice(reader.expand_prefix("spelling", folded), COMPLETIONS_READ):
        word = term.decode() if isinstance(term, bytes) else term
        frequency = reader.doc_frequency("spelling", word)
        if frequency > most:
            best, most = word, frequency
    if best is None:
        return None
    if near is not None and most < COMPLETION_SHARE * reader.doc_frequency("spelling", near):
        return None
    return best
