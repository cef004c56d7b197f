"""Help while a query is being typed: what of it is finished enough to search, and what
the rest still needs, said in words.

A query typed key by key is unfinished most of the time: a quote or a parenthesis not
yet closed, a field with nothing after it, half a date. Rather than search the whole
corpus or nothing, the app searches the finished part (`"oil pri` searches `"oil"`,
`(oil` searches `(oil)`, `lavrov title:` searches `lavrov`) and says what is missing.
Enter, the CLI and saved searches never come here: they read the query as typed.
"""

from __future__ import annotations

import re

from whoosh import query as wq
from whoosh.qparser import QueryParser, syntax

from index.records import TypedQuery
from index.search.query import (
    DATE_FIELD,
    IS_VALUES,
    KNOWN_PREFIXES,
    MIN_TYPED_PREFIX,
    OPERATORS,
    QueryError,
    check_size,
    check_syntax,
)
from index.search.schema import FIELD_PREFIXES

_NAME_FIELDS = {"person", "org", "place", "entity"}
_WHOLE_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_TRAILING_FIELD = re.compile(r"(?:^|(?<=[\s(]))(?P<field>[A-Za-z_]\w*):(?P<value>[^\s()\"]*)$")
_OPEN_RANGE = re.compile(r"(?:^|(?<=[\s(]))(?i:date):\[[^\]]*$")
_TRAILING_OPERATOR = re.compile(r"(?:^|(?<=[\s(]))(?P<op>[A-Z]+)\s*$")
_TRAILING_OPEN = re.compile(r"\(\s*$")
_TYPED_WORD = re.compile(r"(?:^|(?<=[\s(]))(?:(?P<field>[A-Za-z_]\w*):)?(?P<word>\w+)$")


def as_typed(text: str) -> TypedQuery:
    """What to search while `text` is being typed with the cursor at its end, and what it
    still needs (the first thing missing, nearest the cursor first). A query past the
    bounds is left as it is, for the parser to refuse in one line."""
    try:
        check_size(text)
    except QueryError:
        return TypedQuery(text, text, None, None)
    finished, missing = _close_quote(text)
    finished, missing = _drop_unfinished_tail(finished, missing)
    finished, missing = _close_parentheses(finished, missing)
    if not re.search(r"\w", finished):
        finished = ""  # nothing to search yet: the last results stay
    return TypedQuery(text, finished, missing, _typed_word_end(text, finished))


def _close_quote(text: str) -> tuple[str, str | None]:
    """An open quote closed, without the word still being typed in it: a phrase of the
    words so far (`"oil pri` searches `"oil"`; `"oil` nothing yet). A phrase has no
    place for a start of a word, and half a word in it would find nothing."""
    if text.count('"') % 2 == 0:
        return text, None
    opened = text.rindex('"')
    words = text[opened + 1 :].split()
    if words and not text[-1].isspace():
        words = words[:-1]
    phrase = f'"{" ".join(words)}"' if words else ""
    return text[:opened] + phrase, 'a quote is not closed: close it with "'


def _drop_unfinished_tail(text: str, missing: str | None) -> tuple[str, str | None]:
    """Clauses at the end that cannot be searched yet, dropped one by one: a field with
    no value, half a date, an open date range, an operator with nothing after it."""
    while True:
        stripped = text.rstrip()
        found = _unfinished_tail(stripped)
        if found is None:
            return text, missing
        start, said = found
        missing = missing or said
        text = stripped[:start]


def _unfinished_tail(text: str) -> tuple[int, str] | None:
    """Where an unfinished last clause starts, and what it needs; None if it is whole."""
    if match := _OPEN_RANGE.search(text):
        return match.start(), "a date range needs a closing ]"
    if match := _TRAILING_FIELD.search(text):
        field, value = match["field"].lower(), match["value"]
        if field not in KNOWN_PREFIXES:
            return None  # the parser names the unknown field and the ones there are
        if field == DATE_FIELD:
            if _WHOLE_DATE.match(value):
                return None  # a whole date, on the calendar or not (the parser says which)
            if not value:
                return match.start(), "date: needs a date after it, e.g. 2019-04"
            return match.start(), f"date:{value} is not a whole date yet: YYYY-MM-DD"
        if field == "is" and value.lower() not in IS_VALUES:
            return match.start(), f"is: takes {', '.join(IS_VALUES)}"
        if not value:
            what = "a name" if field in _NAME_FIELDS else "a tag" if field == "tag" else "a word"
            return match.start(), f"{match['field']}: needs {what} after it"
        return None
    if (match := _TRAILING_OPERATOR.search(text)) and match["op"] in OPERATORS:
        return match.start(), f"{match['op']} needs a word after it"
    if match := _TRAILING_OPEN.search(text):
        return match.start(), "a ( needs a word after it"
    return None


def _close_parentheses(text: str, missing: str | None) -> tuple[str, str | None]:
    bare = re.sub(r'"[^"]*"', "", re.sub(r"date:\[[^\]]*\]", "", text, flags=re.IGNORECASE))
    depth = 0
    for char in bare:
        depth = max(0, depth + {"(": 1, ")": -1}.get(char, 0))  # a stray ) is the parser's to report
    if not depth:
        return text, missing
    return text.rstrip() + ")" * depth, missing or "a ( is not closed: close it with )"


def _typed_word_end(text: str, finished: str) -> int | None:
    """Where the word under the cursor ends, if `finished` searches it as typed and it is a
    plain word of MIN_TYPED_PREFIX letters or more (not in quotes, not a date or a name
    filter, not ending in * or ~): it also matches the words it begins."""
    word = _TYPED_WORD.search(text)
    if word is None or not finished.startswith(text) or text.count('"') % 2:
        return None
    field = word["field"]
    if (field and field.lower() not in FIELD_PREFIXES) or len(word["word"]) < MIN_TYPED_PREFIX:
        return None
    return len(text)


# The clauses of a query, counted one by one --------------------------------------------

_JOINED = {syntax.AndGroup: ("both", "all"), syntax.OrGroup: ("either", "any")}


def clauses(
    parser: QueryParser, text: str, prefix_end: int | None = None
) -> tuple[list[tuple[str, wq.Query]], str] | None:
    """The top-level clauses of `text`, each as the user wrote it with its query (the word
    ending at `prefix_end` marked as a start: `lav…`), and the word for how they combine
    (both, all, either, any); None for a query of one clause, or one whose clauses do not
    simply combine (ANDNOT, ANDMAYBE). Raises `QueryError` for a query the user must fix,
    as parsing it would."""
    check_size(text)
    check_syntax(text)
    group = parser.process(text)
    while len(group) == 1 and isinstance(group[0], syntax.GroupNode) and not isinstance(group[0], syntax.Wrapper):
        group = group[0]
    joined = _JOINED.get(type(group))
    if joined is None:
        return None
    found = []
    for nodes in _by_place(group):
        parts = [query for query in (node.query(parser) for node in nodes) if query not in (None, wq.NullQuery)]
        if parts:  # none for a stop word: it matches nothing and is not searched for
            found.append((_label(text, nodes[0], prefix_end), wq.Or(parts).normalize()))
    if len(found) < 2:
        return None
    return found, joined[0] if len(found) == 2 else joined[1]


def _by_place(group: syntax.GroupNode) -> list[list[syntax.SyntaxNode]]:
    """The group's parts, those at one place in the text together: the parser spreads a
    word over several fields, and an OR of such words merges into one flat group."""
    places: list[list[syntax.SyntaxNode]] = []
    for node in group:
        if places and _place(places[-1][0]) == _place(node):
            places[-1].append(node)
        else:
            places.append([node])
    return places


def _place(node: syntax.SyntaxNode) -> tuple[int, int]:
    return node.startchar, node.endchar


_BEFORE = re.compile(r"(?:NOT\s+|[-+]|\(\s*|[A-Za-z_]\w*:)$")


def _label(text: str, node: syntax.SyntaxNode, prefix_end: int | None) -> str:
    """The clause as written: the parser's place for it leaves out its field name, a NOT
    before it and the parentheses around it."""
    start, end = _place(node)
    # Only a few characters back: a field name, NOT, a sign or an opening parenthesis.
    while match := _BEFORE.search(text, max(0, start - 20), start):
        if match.group(0).startswith("("):
            closing = text.find(")", end)
            if closing < 0 or text[end:closing].strip():
                break
            end = closing + 1
        start = match.start()
    written = text[start:end]
    if prefix_end is not None and start < prefix_end <= end:
        written = written[: prefix_end - start] + "…" + written[prefix_end - start :]
    return written
