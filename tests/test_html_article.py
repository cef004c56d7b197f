"""Reading saved HTML news pages into Article records (index.read.html_article)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from lxml.etree import ParserError

import index.read.html_article
from index.read.articles import ArticleError
from index.read.html_article import parse_html
from index.records import Article, Comment

HTML_DIR = Path(__file__).parent / "fixtures" / "html"
ARTICLE_PAGES = sorted(p.name for p in HTML_DIR.glob("*.html") if p.name != "no_article.html")


def _page(name: str) -> str:
    return (HTML_DIR / name).read_text(encoding="utf-8")


def _parse(name: str) -> Article:
    return parse_html(_page(name), name.removesuffix(".html"), path=name, content_hash="abc")


def test_title_suffix_naming_the_site_is_stripped() -> None:
    article = _parse("meta_published_time.html")
    assert article.title == "Drought pushes Lake Ardis to lowest level since 1977"
    assert article.body.startswith("Lake Ardis has dropped")  # the headline is not repeated as a paragraph


def test_title_suffix_that_is_not_the_site_is_kept() -> None:
    page = _page("broken_markup.html").replace(
        "<title>Storm knocks out power to 20,000 homes - Valley Ledger</title>",
        '<title>Storm knocks out power - what to do next</title><meta property="og:title" '
        'content="Storm knocks out power - what to do next">',
    )
    assert parse_html(page, "storm").title == "Storm knocks out power - what to do next"


def test_article_published_time_meta_gives_the_original_date() -> None:
    article = _parse("meta_published_time.html")
    assert article.date == "2022-08-03"  # not article:modified_time, nor the "Updated Aug. 5" byline


def test_json_ld_news_article_gives_authors_date_and_publisher() -> None:
    article = _parse("jsonld_newsarticle.html")
    assert article.authors == ["Ana Ruiz", "Tom Becker"]
    assert article.date == "2021-11-19"
    assert article.source == "Harbor Daily News"
    assert article.title == "Port strike ends after 11 days as dockworkers accept pay offer"


def test_time_element_alone_gives_the_date_and_the_domain_names_the_source() -> None:
    article = _parse("time_element.html")
    assert article.date == "2020-02-11"
    assert article.url == "https://www.oakfieldobserver.net/local/library-weekend-hours"
    assert article.source == "Oakfieldobserver"
    assert article.authors == []
    assert article.body.startswith("The Oakfield Public Library will stay open")


def test_og_site_name_is_the_canonical_publisher_and_outlets_leave_the_byline() -> None:
    article = _parse("site_name.html")
    assert article.source == "Associated Press"  # og:site_name "The Associated Press"
    assert article.authors == ["Daria Litvinova"]  # "Daria Litvinova, AP News"
    assert article.url == "https://apnews.com/article/farmers-protest-export-rules-3f9c2a"


def test_dek_is_dropped_when_it_only_repeats_the_first_sentence() -> None:
    assert _parse("site_name.html").dek == ""
    assert _parse("wordpress_comments.html").dek == "After two years of debate, the plan passed 5-2 on Wednesday night."


def test_reader_comments_are_kept_apart_from_the_body() -> None:
    article = _parse("wordpress_comments.html")
    assert article.comments == [
        Comment(
            "Martha Kellerman",
            "2023-09-15T08:12:00-05:00",
            None,
            "Finally! My kids bike down Elm every day and the traffic is terrifying.",
        ),
        Comment(
            "Gus Albrecht",
            "2023-09-15T09:47:00-05:00",
            None,
            "Forty spaces behind the library will not replace what we are losing on the street.\n"
            "Ask any shop owner on the 300 block.",
        ),
        Comment("L. Osei", "2023-09-16T19:03:00-05:00", None, "Good news, but fix the potholes on Birch too please."),
    ]
    assert len(article.paragraphs) == 5
    assert article.paragraphs[-1].startswith("Council members Rob Hensley and Carla Ortiz voted against")
    for word in ("Finally!", "Forty spaces", "Birch", "Leave a Reply", "says:"):
        assert word not in article.body


def test_comment_blocks_with_votes_and_nested_replies() -> None:
    section = (
        '<section class="article-comments"><h3>Comments (3)</h3>'
        '<div class="c-comment"><div class="c-comment__header"><span class="c-comment__user">jdoe</span>'
        '<span class="c-comment__date">2024-01-02 10:15</span><span class="c-comment__votes">+12</span></div>'
        '<div class="c-comment__text">This is wrong about the library budget.</div>'
        '<div class="c-comment__replies"><div class="c-comment"><div class="c-comment__header">'
        '<span class="c-comment__user">mk</span><span class="c-comment__votes">-3</span></div>'
        '<div class="c-comment__text">No it is not, read the grant terms.</div></div></div></div>'
        '<div class="c-comment"><span class="c-comment__user">zed</span>'
        '<div class="c-comment__text">Sundays at last.</div></div></section>'
    )
    page = _page("time_element.html").replace('<div id="footer">', section + '<div id="footer">')
    article = parse_html(page, "library")
    assert article.comments == [
        Comment("jdoe", "2024-01-02T10:15:00", 12, "This is wrong about the library budget."),
        Comment("mk", None, -3, "No it is not, read the grant terms."),
        Comment("zed", None, None, "Sundays at last."),
    ]
    assert "library budget" not in article.body


def test_broken_html_is_still_read() -> None:
    article = _parse("broken_markup.html")
    assert article.title == "Storm knocks out power to 20,000 homes"
    assert article.authors == ["Sam O'Neill"]
    assert article.date == "2018-03-03"
    assert article.source == "Valley Ledger"
    assert article.url is None
    assert article.paragraphs[2] == (
        "Schools in two districts will stay closed on Monday. "
        "Residents are asked to stay away from downed lines and report them by phone."
    )
    assert len(article.paragraphs) == 4


@pytest.mark.parametrize("name", ARTICLE_PAGES)
def test_body_is_clean_paragraphs_separated_by_blank_lines(name: str) -> None:
    article = _parse(name)
    assert (article.id, article.path, article.content_hash) == (name.removesuffix(".html"), name, "abc")
    assert article.body == "\n\n".join(article.paragraphs)
    assert "\n\n\n" not in article.body and "  " not in article.body
    assert all(p == p.strip() for p in article.paragraphs)


def test_page_without_article_text_raises_a_one_line_error() -> None:
    with pytest.raises(ArticleError) as raised:
        _parse("no_article.html")
    assert str(raised.value) == "no article text found in the HTML"
    with pytest.raises(ArticleError, match=r"^empty file$"):
        parse_html("  \n", "blank")


def test_library_errors_become_article_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*_args: object, **_kwargs: object) -> None:
        raise ParserError("Document is empty")

    monkeypatch.setattr(index.read.html_article, "bare_extraction", explode)
    with pytest.raises(ArticleError) as raised:
        _parse("site_name.html")
    assert str(raised.value) == "unreadable HTML (ParserError)"


def test_nothing_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []

    def refuse(*args: object, **_kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access refused by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    assert _parse("jsonld_newsarticle.html").date == "2021-11-19"
    assert _parse("wordpress_comments.html").source == "Millbrook Gazette"
    # htmldate downloads any input string that looks like a URL; parse_html must not let it.
    with pytest.raises(ArticleError, match=r"^no article text found in the HTML$"):
        parse_html("https://example.com/2020/01/01/story.html", "url-only")
    assert attempts == []
