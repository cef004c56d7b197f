"""Search-result snippets: the passages of a body that hold the matched words, each
match wrapped in <mark>…</mark>, or the opening lines when no word is in the body."""

from __future__ import annotations

from collections.abc import Iterable

from whoosh import highlight
from whoosh.analysis import Token

from index.schema import stemming_analyzer

SNIPPET_CHARS = 240
FRAGMENTS = 2


class _MarkFormatter(highlight.Formatter):
    """Wrap matched words in <mark>…</mark>; keep the rest as plain text."""

    between = " … "

    def format_token(self, text: str, token: Token, replace: bool = False) -> str:
        return f"<mark>{highlight.get_text(text, token, replace)}</mark>"

    def format_fragment(self, fragment, replace: bool = False) -> str:
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


class Snippets:
    """Snippets of body text, as Whoosh's highlighter makes them when it re-reads a text."""

    def __init__(self) -> None:
        self._highlighter = highlight.Highlighter(
            fragmenter=highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60),
            formatter=_MarkFormatter(),
        )
        self._analyzer = stemming_analyzer()  # the body's own analysis, so stems match stems

    def of(self, body: str, words: Iterable[str]) -> str:
        """The best passages of `body` holding any of the indexed `words`."""
        wanted = frozenset(words)
        return (self._passages(body, wanted) if wanted else "") or lead(body)

    def _passages(self, body: str, words: frozenset[str]) -> str:
        tokens = self._analyzer(body, positions=True, chars=True, mode="index", removestops=False)
        tokens = highlight.set_matched_filter(tokens, words)
        tokens = self._highlighter._merge_matched_tokens(tokens)
        fragments = self._highlighter.fragmenter.fragment_tokens(body, tokens)
        best = highlight.top_fragments(fragments, FRAGMENTS, self._highlighter.scorer, self._highlighter.order)
        return self._highlighter.formatter.format(best)


def lead(body: str) -> str:
    """The opening of an article, cut at a word, for a hit whose body holds no match."""
    text = body.replace("\n\n", " ")
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
