"""Search-result snippets: the passages of a body that hold the matched words, each
match wrapped in <mark>…</mark>, or the opening lines when no word is in the body.
Words are matched as the query matched them: by stem ('sanctions' marks 'sanctioned'),
or, for a name, by its exact form ('Federer' but not 'federal')."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from whoosh import highlight
from whoosh.analysis import Token
from whoosh.lang.porter import stem as porter_stem

from index.search.schema import exact_analyzer
from index.search.whoosh_internals import merge_matched_tokens

SNIPPET_CHARS = 240
stem = lru_cache(maxsize=50_000)(porter_stem)  # as the index's StemFilter keeps its stems
FRAGMENTS = 2


class _MarkFormatter(highlight.Formatter):  # type: ignore[misc]  # Whoosh is untyped
    """Wrap matched words in <mark>…</mark>; keep the rest as plain text."""

    between = " … "

    def format_token(self, text: str, token: Token, replace: bool = False) -> str:
        return f"<mark>{highlight.get_text(text, token, replace)}</mark>"

    def format_fragment(self, fragment: Any, replace: bool = False) -> str:
        output = []
        index = fragment.startchar
        for token in fragment.matches:
            if token.startchar < index:
                continue
            output.append(fragment.text[index : token.startchar])
            output.append(self.format_token(fragment.text, token, replace))
            index = token.endchar
        output.append(fragment.text[index : fragment.endchar])
        return "".join(output).replace("\n\n", " ").strip()


@dataclass(frozen=True)
class BodyWords:
    """What a query looked for in bodies: stems, and exact forms (names)."""

    stems: frozenset[str] = frozenset()
    exact: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.stems or self.exact)

    def matched(self, tokens: Iterable[Token]) -> Iterator[Token]:
        """`tokens` (folded, unstemmed) with each one's `matched` set."""
        for token in tokens:
            token.matched = token.text in self.exact or stem(token.text) in self.stems
            yield token


class Snippets:
    """Snippets of body text, as Whoosh's highlighter makes them when it re-reads a text."""

    def __init__(self) -> None:
        self._highlighter = highlight.Highlighter(
            fragmenter=highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60),
            formatter=_MarkFormatter(),
        )
        self._analyzer = exact_analyzer()  # the body's analysis before stemming: stems and forms both match

    def of(self, body: str, words: BodyWords | Iterable[str]) -> str:
        """The best passages of `body` holding any of the query's words (stems, when given
        as plain strings)."""
        wanted = words if isinstance(words, BodyWords) else BodyWords(stems=frozenset(words))
        return (self._passages(body, wanted) if wanted else "") or lead(body)

    def _passages(self, body: str, words: BodyWords) -> str:
        tokens = self._analyzer(body, positions=True, chars=True, mode="index", removestops=False)
        tokens = words.matched(tokens)
        tokens = merge_matched_tokens(self._highlighter, tokens)
        fragments = self._highlighter.fragmenter.fragment_tokens(body, tokens)
        best = highlight.top_fragments(fragments, FRAGMENTS, self._highlighter.scorer, self._highlighter.order)
        passages: str = self._highlighter.formatter.format(best)
        return passages


def lead(body: str) -> str:
    """The opening of an article, cut at a word, for a hit whose body holds no match."""
    text = body.replace("\n\n", " ")
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
