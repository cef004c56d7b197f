"""Property-based: whatever text a file holds, the parser neither crashes nor loses prose."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from index.errors import ArticleError
from index.read.articles import parse_article

WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéüñ", min_size=2, max_size=10)
# Ordinary prose: lower-case words, a capital first letter, a full stop.
SENTENCE = st.lists(WORDS, min_size=8, max_size=25).map(lambda w: " ".join(w).capitalize() + ".")
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=3).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
@example("BANNER")  # a banner-like line and no title: once crashed the header parser
def test_any_text_either_parses_or_says_why_in_one_line(text: str) -> None:
    try:
        article = parse_article(text, "random")
    except ArticleError as error:
        assert str(error) and "\n" not in str(error)
        return
    assert article.title and isinstance(article.body, str)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200), st.lists(PARAGRAPH, min_size=1, max_size=12))
def test_no_paragraph_of_prose_is_lost(header: str, paragraphs: list[str]) -> None:
    """Prose paragraphs under any header line survive, whole and in order."""
    title = " ".join(header.split())[:80] or "A headline"
    text = f"{title}\n\n" + "\n\n".join(paragraphs) + "\n"
    try:
        article = parse_article(text, "random")
    except ArticleError:
        raise AssertionError("prose was there, yet no article was found") from None
    body = article.body
    position = 0
    for paragraph in paragraphs:
        found = body.find(paragraph, position)
        assert found >= 0, paragraph
        position = found + len(paragraph)
