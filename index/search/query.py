"""The query language: Whoosh's syntax plus our own date filter and field names.

Users type words, "phrases", AND/OR/NOT, wildcards, fuzzy `term~`, field prefixes
(title:, author:, source:, comments:) and dates (date:2019-04, date:[2019-04-03 to
2019-04-06]). Mistakes get a one-line `QueryError`, never a traceback.
"""

from __future__ import annotations

import calendar
import copy
import difflib
import heapq
import itertools
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from whoosh import query as wq
from whoosh.qparser import FieldAliasPlugin, FuzzyTermPlugin, QueryParser, syntax
from whoosh.qparser.plugins import MultifieldPlugin, Plugin, TaggingPlugin
from whoosh.reading import IndexReader
from whoosh.support.levenshtein import distance as levenshtein

from index.search.doc_sets import Filters
from index.search.schema import (
    DEFAULT_FIELDS,
    EXACT_BOOST,
    EXACT_FIELDS,
    FIELD_PREFIXES,
    exact_analyzer,
    folding_analyzer,
)
from index.search.whoosh_internals import ExpandedFuzzyTerm, ExpandedPrefix

DATE_FIELD = "date"
ENTITY_PREFIXES = {"person", "org", "place", "entity"}
# The reader's own marks: `is:unread`, `tag:sources`, `note:check`
STATE_PREFIXES = {"is", "tag", "note"}
IS_VALUES = {  # is:VALUE -> (the state asked, whether its opposite is meant)
    "read": ("read", False),
    "unread": ("read", True),
    "starred": ("starred", False),
    "unstarred": ("starred", True),
    "tagged": ("tagged", False),
    "noted": ("noted", False),
}
KNOWN_PREFIXES = {*FIELD_PREFIXES, DATE_FIELD, *ENTITY_PREFIXES, *STATE_PREFIXES}
OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
WILDCARD_HEAD = 3  # letters a wildcard word must start with

# Bounds no query a person types comes near (a typed query is a few words, a pasted
# headline or sentence a few dozen), so that a pasted page or a generated string cannot
# hold the machine: every word costs a read per field, every nesting level a few stack frames.
MAX_QUERY_CHARS = 1_000
MAX_QUERY_WORDS = 100  # words, operators and filters, as separated by spaces
MAX_NESTING = 20  # parentheses inside parentheses
# Whoosh's parser reads both sides of ANDNOT, ANDMAYBE and REQUIRE twice, so a chain of n
# of them costs 2**n readings (10 took 0.1 s, 15 took 5 s; 50 would outlast the machine).
MAX_PAIRED_OPERATORS = 8
PAIRED_OPERATORS = {"ANDNOT", "ANDMAYBE", "REQUIRE"}
MAX_EDITS = 2  # `word~2`: Whoosh builds an automaton whose size explodes with the distance
# A `*`, `?` or `~` word is read as every indexed word it fits: `con*` fits a few hundred in
# 2,000 stories; past this many it is no longer a word but a slice of the vocabulary.
MAX_SPELLINGS = 1_000


class QueryError(ValueError):
    """A query the user must fix; the message says how, in plain words."""


_PERIOD = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?$")


def period(text: str, *, end: bool) -> datetime:
    """The first (or last) moment of a year, month or day written as YYYY[-MM[-DD]]."""
    match = _PERIOD.match(text.strip())
    if not match:
        raise QueryError(f"'{text}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match["year"])
    month, day = (int(match[g]) if match[g] else None for g in ("month", "day"))
    try:
        if not end:
            return datetime(year, month or 1, day or 1)
        last_month = month or 12
        last_day = day or calendar.monthrange(year, last_month)[1]
        return datetime(year, last_month, last_day, 23, 59, 59, 999999)
    except ValueError:
        raise QueryError(f"'{text}' is not a date on the calendar") from None


def date_range(spec: str) -> wq.Query:
    """`2019-04` or `[2019-04-03 to 2019-04-06]` (either end may be left open)."""
    spec = spec.strip()
    if spec.startswith("["):
        if not spec.endswith("]"):
            raise QueryError("a date range needs a closing ]: date:[2019-04-03 to 2019-04-06]")
        parts = re.split(r"\s+to\s+|^to\s+|\s+to$", spec[1:-1].strip(), flags=re.IGNORECASE)
        if len(parts) != 2:
            raise QueryError("write a date range as date:[2019-04-03 to 2019-04-06]")
        start, stop = (p.strip() for p in parts)
        low = period(start, end=False) if start else None
        high = period(stop, end=True) if stop else None
        if low and high and low > high:
            raise QueryError(f"the date range {spec} ends before it starts")
    else:
        low, high = period(spec, end=False), period(spec, end=True)
    return wq.DateRange(DATE_FIELD, low, high)


class _DateNode(syntax.SyntaxNode):
    def __init__(self, spec: str, filters: Filters | None) -> None:
        self.spec = spec
        built = date_range(spec)  # errors surface while parsing
        self.built = filters.cached(built) if filters else built

    def r(self) -> str:
        return f"date:{self.spec}"

    def query(self, parser: QueryParser) -> wq.Query:
        return self.built


class _DatePlugin(TaggingPlugin):
    """Tags `date:...` before Whoosh's field plugin sees it (its own date parser is
    unusable: it needs an unset base date and widens ISO dates to whole years)."""

    priority = -10
    expr = r"(?i:date):(?P<spec>\[[^\]]*\]?|[^\s()]+)"

    def __init__(self, filters: Filters | None) -> None:
        super().__init__()
        self._cached = filters

    def create(self, parser: QueryParser, match: re.Match[str]) -> _DateNode:
        return _DateNode(match.group("spec"), self._cached)


MAX_EXPANSIONS = 50  # as Lucene: a fuzzy word stands for at most this many spellings


class _BoundedFuzzy(ExpandedFuzzyTerm):
    """A fuzzy term that expands to the nearest spellings only, the most common first among
    equals: a short common word two edits away from half the vocabulary would otherwise
    match (and score) nearly every article."""

    def spellings(self, ixreader: IndexReader) -> list[bytes]:
        found = self.all_spellings(ixreader)
        if len(found) > MAX_SPELLINGS:
            raise QueryError(
                f"'{self.text}~{self.maxdist}/{self.prefixlength}' is near more than {MAX_SPELLINGS:,} words; "
                "allow fewer edits, or keep more first letters (~2/3 keeps three)"
            )
        if len(found) <= MAX_EXPANSIONS:
            return found

        def nearness(term: bytes | str) -> tuple[int, int]:
            text = term.decode() if isinstance(term, bytes) else term
            return int(levenshtein(self.text, text)), -int(ixreader.doc_frequency(self.fieldname, term))

        ranked = sorted(found, key=nearness)
        return ranked[:MAX_EXPANSIONS]


def fuzziness(word: str) -> int:
    """Edits a bare `word~` allows, by length (as Elasticsearch's AUTO): short words
    have few near neighbours that are not simply other words."""
    return 0 if len(word) <= 2 else 1 if len(word) <= 5 else 2


class _FuzzyPlugin(FuzzyTermPlugin):
    """`term~` allows edits by the word's length (one up to five letters, two beyond) and
    keeps the first letter (which keeps fuzzy search fast on large indexes); `term~2/0`
    spells both out, `term~1` or `term~/2` one of them (a bare `/` keeps the default)."""

    # Whoosh's own pattern takes no prefix of 0 (`~2/0` left a stray word `0`, which
    # then had to match too) and a single digit of distance only.
    expr = re.compile(r"(?<=\S)~(?P<maxdist>[0-9]+)?(?:/(?P<prefix>[0-9]*))?")

    class FuzzyTermNode(FuzzyTermPlugin.FuzzyTermNode):
        qclass = _BoundedFuzzy

        def __init__(self, wordnode: Any, maxdist: int | None, prefixlength: int) -> None:
            super().__init__(wordnode, fuzziness(wordnode.text) if maxdist is None else maxdist, prefixlength)

    def create(self, parser: QueryParser, match: re.Match[str]) -> Any:
        maxdist, prefix = match.group("maxdist"), match.group("prefix")
        if maxdist is not None and int(maxdist) > MAX_EDITS:
            # An error, not a quiet change to 2: the user asked for something else, and a
            # word three edits away is seldom the same word anyway.
            before = re.search(r"[^\s()]*$", match.string[: match.start()])
            word = before.group(0) if before else ""
            raise QueryError(f"'{word}{match.group(0)}' allows {int(maxdist)} edits; at most {MAX_EDITS} are allowed")
        # The distance left unset is decided by the word's length, once the word is known.
        return self.FuzzinessNode(None if maxdist is None else int(maxdist), int(prefix or 1), match.group(0))


class _EntityNode(syntax.SyntaxNode):
    def __init__(self, kind: str, value: str, filters: Filters | None) -> None:
        if filters is None or not filters.has_entities:
            raise QueryError(
                "no entities in this index yet: names are found after the text; "
                "wait for indexing to finish, or run 'explorer index'"
            )
        self.kind, self.value = kind, value
        self.built = filters.entity(kind, value.strip('"'))

    def r(self) -> str:
        return f"{self.kind}:{self.value}"

    def query(self, parser: QueryParser) -> wq.Query:
        return self.built


class _EntityPlugin(TaggingPlugin):
    """`person:lavrov`, `org:rosneft`, `place:"latin america"`, `entity:"Sergey Lavrov"`:
    any alias of a canonical entity finds every article that names it."""

    priority = -10
    expr = r"(?i:(?P<kind>person|org|place|entity)):(?P<value>\"[^\"]*\"|[^\s()]+)"

    def __init__(self, filters: Filters | None) -> None:
        super().__init__()
        self._cached = filters

    def create(self, parser: QueryParser, match: re.Match[str]) -> _EntityNode:
        return _EntityNode(match.group("kind").lower(), match.group("value"), self._cached)


class _StateNode(syntax.SyntaxNode):
    def __init__(self, kind: str, value: str, filters: Filters | None) -> None:
        self.kind, self.value = kind, value
        if filters is None:
            raise QueryError(f"{kind}: needs the reader's state, which this search cannot see")
        bare = value.strip('"')
        if kind == "is":
            if bare.lower() not in IS_VALUES:
                raise QueryError(f"is:{bare} is not a state; use one of {', '.join('is:' + v for v in IS_VALUES)}")
            asked, inverse = IS_VALUES[bare.lower()]
            held = filters.state(asked, "")
            # NOT of the set, not the set of the others: a mark changes the set, and listing
            # every other article again took 130 ms at 100k; NOT is matched in bulk.
            self.built = wq.Not(held) if inverse else held
        else:
            self.built = filters.state(kind, bare)

    def r(self) -> str:
        return f"{self.kind}:{self.value}"

    def query(self, parser: QueryParser) -> wq.Query:
        return self.built


class _StatePlugin(TaggingPlugin):
    """`is:unread`, `is:starred`, `tag:sources`, `note:check`: the reader's own marks,
    combinable with everything else (`person:lavrov is:unread`)."""

    priority = -10
    expr = r"(?i:(?P<kind>is|tag|note)):(?P<value>\"[^\"]*\"|[^\s()]+)"

    def __init__(self, filters: Filters | None) -> None:
        super().__init__()
        self._cached = filters

    def create(self, parser: QueryParser, match: re.Match[str]) -> _StateNode:
        return _StateNode(match.group("kind").lower(), match.group("value"), self._cached)


class _WordFields(MultifieldPlugin):
    """Where a word is looked for. An unfielded word searches the default fields; a plain
    word (not a phrase, wildcard or fuzzy word) also its exact form in the unstemmed twins
    of title, dek and body, weighted so that exact forms rank above forms that only share
    the stem (EXACT_BOOST); and
    a word that is a name (`is_name`) only its exact form, in the twins, the authors and
    the source. `title:word` and the like follow the same rules within their field."""

    def __init__(self, is_name: Callable[[str], bool]) -> None:
        super().__init__(list(DEFAULT_FIELDS), DEFAULT_FIELDS)
        self._is_name = is_name
        self._analyzer = exact_analyzer()

    def do_multifield(self, parser: QueryParser, group: Any) -> Any:
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                group[i] = self.do_multifield(parser, node)
            elif node.has_fieldname and (node.fieldname is None or node.fieldname in EXACT_FIELDS):
                fields = self._fields(node)
                copies = []
                for field, boost in fields.items():
                    copy_ = copy.copy(node)
                    copy_.set_fieldname(field)
                    copy_.set_boost(boost * (node.boost if node.fieldname else 1.0))
                    copies.append(copy_)
                group[i] = copies[0] if len(copies) == 1 else syntax.OrGroup(copies)
        return group

    def _fields(self, node: Any) -> dict[str, float]:
        asked = {node.fieldname: 1.0} if node.fieldname else DEFAULT_FIELDS
        if type(node) is not syntax.WordNode:
            return dict(asked)
        words = [token.text for token in self._analyzer(node.text)]
        name = len(words) == 1 and self._is_name(words[0])
        fields = {} if name else dict(asked)
        fields.update({EXACT_FIELDS[f]: boost * EXACT_BOOST for f, boost in asked.items() if f in EXACT_FIELDS})
        if name:
            fields.update({f: boost for f, boost in asked.items() if f not in EXACT_FIELDS})
        return fields


def build_parser(
    schema: Any, filters: Filters | None = None, is_name: Callable[[str], bool] | None = None
) -> QueryParser:
    """The parser for one searcher; `filters` (that searcher's) caches entity and date
    filters; `is_name` says which words are names, matched in their exact form only."""
    parser = QueryParser(None, schema)
    parser.add_plugin(_WordFields(is_name or (lambda word: False)))
    aliases: dict[str, list[str]] = {}
    for prefix, field in FIELD_PREFIXES.items():
        if prefix != field:
            aliases.setdefault(field, []).append(prefix)
    parser.add_plugins(
        [_FuzzyPlugin(), FieldAliasPlugin(aliases), _DatePlugin(filters), _EntityPlugin(filters), _StatePlugin(filters)]
    )
    return parser


# The word being typed -----------------------------------------------------------------
# While a query is typed, the word the cursor ends also matches the longer words it begins
# (`lav` finds Lavrov): only there, never on Enter, in the CLI or in saved searches.
MIN_TYPED_PREFIX = 3  # a start of one or two letters fits too many words to mean one
# The commonest indexed words a typed start stands for, per field. A start of three
# letters fits hundreds of words in a few thousand real articles and more at 100k; past
# this many, the rarer ones add reads and hardly any articles the commoner ones miss.
TYPED_SPELLINGS = 100


class TypedPrefix(ExpandedPrefix):
    """The start of the word being typed, standing for the commonest words it begins
    (TYPED_SPELLINGS of them at most): bounded here rather than refused as a `*` word
    fitting too many (check_spellings), since the user did not ask for it."""

    def spellings(self, ixreader: IndexReader) -> list[bytes]:
        found = self.all_spellings(ixreader)
        if len(found) <= TYPED_SPELLINGS:
            return found
        commonest = heapq.nlargest(TYPED_SPELLINGS, found, key=lambda t: ixreader.doc_frequency(self.fieldname, t))
        return sorted(commonest)


class _TypedPrefixNode(syntax.TextNode):
    qclass = TypedPrefix

    def r(self) -> str:
        return f"{self.text!r}…"


class _TypedWordPlugin(Plugin):
    """Turns the plain word ending at `end` into (word OR word…): the word itself keeps its
    exact-form boost (so an article with `lav` itself ranks first), the start matches the
    words as written (the unstemmed twins, authors, source), where `runni` finds running."""

    def __init__(self, end: int) -> None:
        self.end = end
        self._fold = folding_analyzer()

    def filters(self, parser: QueryParser) -> list[tuple[Callable[..., Any], int]]:
        # After field names are read (100), before _WordFields spreads words over fields (110).
        return [(self._expand, 105)]

    def _expand(self, parser: QueryParser, group: Any) -> Any:
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                group[i] = self._expand(parser, node)
            elif type(node) is syntax.WordNode and node.endchar == self.end:
                starts = self._starts(node)
                if starts:
                    either = syntax.OrGroup([node, *starts])
                    either.set_range(node.startchar, node.endchar)
                    group[i] = either
        return group

    def _starts(self, node: syntax.WordNode) -> list[_TypedPrefixNode]:
        words = [token.text for token in self._fold(node.text)]
        if len(words) != 1 or len(words[0]) < MIN_TYPED_PREFIX:
            return []
        asked = {node.fieldname: node.boost} if node.fieldname else DEFAULT_FIELDS
        starts = []
        for field, boost in asked.items():
            start = _TypedPrefixNode(words[0])
            start.set_fieldname(EXACT_FIELDS.get(field, field))
            start.set_boost(boost)
            start.set_range(node.startchar, node.endchar)
            starts.append(start)
        return starts


def typing_parser(parser: QueryParser, end: int) -> QueryParser:
    """`parser` for a query being typed: the plain word ending at character `end` (3 letters
    or more, not in quotes, not a date or a name filter, not already ending in * or ~)
    also matches the words it begins."""
    typing = copy.copy(parser)
    typing.plugins = [*parser.plugins, _TypedWordPlugin(end)]
    return typing


def _outside_quotes(text: str) -> str:
    return re.sub(r'"[^"]*"', lambda m: " " * len(m.group(0)), text)


def check_size(text: str) -> None:
    """Refuse a query past the bounds no typed query reaches, before any work on it."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query has {len(text):,} characters; at most {MAX_QUERY_CHARS:,} are allowed")
    words = text.split()
    if len(words) > MAX_QUERY_WORDS:
        raise QueryError(f"the query has {len(words):,} words; at most {MAX_QUERY_WORDS} are allowed")
    paired = sum(word in PAIRED_OPERATORS for word in words)
    if paired > MAX_PAIRED_OPERATORS:
        raise QueryError(
            f"the query has {paired} ANDNOT, ANDMAYBE or REQUIRE; at most {MAX_PAIRED_OPERATORS} are allowed"
        )


def check_syntax(text: str) -> None:
    """Catch the mistakes Whoosh would silently reinterpret."""
    if text.count('"') % 2:
        raise QueryError('a quote is not closed: add the missing "')
    bare = _outside_quotes(text)
    depth = 0
    for char in re.sub(r"date:\[[^\]]*\]", "", bare, flags=re.IGNORECASE):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            raise QueryError("a ) has no matching (")
        if depth > MAX_NESTING:
            raise QueryError(f"the query nests parentheses more than {MAX_NESTING} deep")
    if depth:
        raise QueryError("a ( is not closed: add the missing )")
    for field in re.findall(r"(?<![\w.])([A-Za-z_]\w*):", bare):
        if field.lower() not in KNOWN_PREFIXES:
            raise QueryError(_unknown_field(field))
    # A field with nothing after it: Whoosh would search the field's name as a word ('title:'
    # found an article saying "titles").
    for empty in re.finditer(r"(?<![\w.])([A-Za-z_]\w*):(?=[\s)]|$)", bare):
        if not text.startswith('"', empty.end()):  # title:"a phrase" is blanked in `bare`
            raise QueryError(_needs_value(empty.group(1)))
    _check_wildcards(bare)
    words = re.sub(r'"[^"]*"', ' "" ', text).split()  # a quoted phrase is words too, not blank
    if words and (words[0] in OPERATORS - {"NOT"} or words[-1] in OPERATORS):
        raise QueryError(f"'{words[0] if words[0] in OPERATORS else words[-1]}' needs words on both sides")


def _needs_value(field: str) -> str:
    if field.lower() == DATE_FIELD:
        return f"{field}: needs a date after it, e.g. 2019-04"
    if field.lower() == "is":
        return f"is: needs a state after it, e.g. {', '.join('is:' + v for v in IS_VALUES)}"
    what = "a name" if field.lower() in ENTITY_PREFIXES else "a tag" if field.lower() == "tag" else "a word"
    return f"{field}: needs {what} after it"


def _unknown_field(field: str) -> str:
    """Names the likely field for a slip (`titel:`), kept short for the line under the search
    box; the whole list otherwise."""
    near = difflib.get_close_matches(field.lower(), sorted(KNOWN_PREFIXES), n=1, cutoff=0.75)
    if near:
        return f"unknown field '{field}:'; did you mean {near[0]}:?"
    known = ", ".join(sorted(p + ":" for p in KNOWN_PREFIXES))
    return f"unknown field '{field}:'; use one of {known}"


def _check_wildcards(bare: str) -> None:
    # A wildcard expands to every indexed word it fits, each read and scored: `ma*` fits
    # most of a large corpus and takes seconds, `*ov` reads the whole vocabulary.
    for word in re.findall(r"[^\s()]+", re.sub(r"date:\[[^\]]*\]", "", bare, flags=re.IGNORECASE)):
        term = word.split(":", 1)[-1]
        head = re.split(r"[*?]", term, maxsplit=1)[0]
        if head != term and len(head) < WILDCARD_HEAD:
            raise QueryError(
                f"put at least {WILDCARD_HEAD} letters before * or ? in '{word}': a shorter start matches too much"
            )


def parse(parser: QueryParser, text: str) -> wq.Query:
    check_size(text)
    check_syntax(text)
    try:
        parsed = parser.parse(text)
    except QueryError:
        raise
    except RecursionError:  # kept out by MAX_NESTING; this says so should any other shape nest deep
        raise QueryError("the query nests too deep to read") from None
    except Exception as error:  # Whoosh reports odd input with assorted exceptions
        raise QueryError(f"could not read the query ({error})") from None
    if parsed is wq.NullQuery:
        raise QueryError("the query has no words to search for")
    return parsed


def check_spellings(query: wq.Query, reader: Any) -> None:
    """Refuse a `*` or `?` word that fits more than MAX_SPELLINGS indexed words (a `~` word
    is bounded where it is expanded, in _BoundedFuzzy)."""
    for leaf in query.leaves():
        if not isinstance(leaf, wq.PatternQuery) or isinstance(leaf, TypedPrefix):
            continue
        if next(itertools.islice(leaf.expanded_terms(reader), MAX_SPELLINGS, None), None) is not None:
            shown = f"{leaf.text}*" if isinstance(leaf, wq.Prefix) else leaf.text
            raise QueryError(f"'{shown}' fits more than {MAX_SPELLINGS:,} words; put more letters before the * or ?")


# The longest word a "did you mean" looks up: longer ones are no misspelling of a word in
# the index, and the look-up's automaton grows with the word (a 10,000-letter one took 40 s).
MAX_SUGGESTED_LETTERS = 40
_WORD = re.compile(r"(?<![\w:*~.\[-])([^\W\d_]{3,})(?![\w:*~])")


def words_to_check(text: str) -> list[tuple[int, int, str]]:
    """Plain words a spelling correction may replace (not operators, fields, dates,
    wildcards or fuzzy terms): (start, end, word)."""
    masked = re.sub(
        r"(?:date|person|org|place|entity|is|tag|note):(\[[^\]]*\]|\"[^\"]*\"|\S+)",
        lambda m: " " * len(m.group(0)),
        text,
        flags=re.IGNORECASE,
    )
    return [(m.start(), m.end(), m.group(1)) for m in _WORD.finditer(masked) if m.group(1) not in OPERATORS]


def replace_words(text: str, replacements: dict[tuple[int, int], str]) -> str:
    for (start, end), word in sorted(replacements.items(), reverse=True):
        text = text[:start] + word + text[end:]
    return text


def match_case(word: str, like: str) -> str:
    if like.isupper():
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
