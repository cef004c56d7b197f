"""Rules for cutting the reader-comment section off an article."""

from __future__ import annotations

import pytest

from index.read.comments import CommentSection, split_comments
from index.records import Comment


def test_score_first_header_starts_a_comment() -> None:
    lines = [
        "Article body.",
        "",
        "+6 # Rodion Raskolnikov 2019-04-05 09:22",
        "Great piece.",
    ]
    article, section = split_comments(lines)
    assert article == ["Article body.", ""]
    assert section == CommentSection([Comment("Rodion Raskolnikov", "2019-04-05T09:22:00", 6, "Great piece.")], [])


def test_score_last_header_starts_a_comment() -> None:
    lines = ["Body.", "Sonya Marmeladova 2019-04-05 21:07:33 -2", "I disagree."]
    article, section = split_comments(lines)
    assert article == ["Body."]
    assert section.comments == [Comment("Sonya Marmeladova", "2019-04-05T21:07:33", -2, "I disagree.")]


def test_comment_text_spans_lines_without_blanks_or_html() -> None:
    lines = [
        "-1 # Pyotr Luzhin 2019-04-06 7:05",
        "<p>First line.</p>",
        "",
        "  Second <i>line</i>.  ",
    ]
    _, section = split_comments(lines)
    assert section.comments == [Comment("Pyotr Luzhin", "2019-04-06T07:05:00", -1, "First line.\nSecond line.")]


def test_consecutive_headers_make_separate_comments_in_order() -> None:
    lines = [
        "+2 # Anna One 2019-04-05 09:00",
        "+0 # Boris Two 2019-04-05T10:00",
        "Second says this.",
    ]
    _, section = split_comments(lines)
    assert section.comments == [
        Comment("Anna One", "2019-04-05T09:00:00", 2, ""),
        Comment("Boris Two", "2019-04-05T10:00:00", 0, "Second says this."),
    ]


def test_header_wrapped_in_html_is_recognised() -> None:
    lines = ["Body.", "<b>+6 # Rodion Raskolnikov 2019-04-05 09:22</b>", "Yes."]
    _, section = split_comments(lines)
    assert [c.author for c in section.comments] == ["Rodion Raskolnikov"]


def test_comments_heading_and_preamble_are_cut_from_the_article() -> None:
    lines = [
        "Body.",
        "",
        "12 Comments",
        "Please keep it civil.",
        "",
        "  Acme News moderates all comments.  ",
        "+1 # Anna One 2019-04-05 09:00",
        "Hello.",
    ]
    article, section = split_comments(lines)
    assert article == ["Body.", ""]
    assert section.preamble == [
        "Please keep it civil.",
        "Acme News moderates all comments.",
    ]
    assert len(section.comments) == 1


@pytest.mark.parametrize("heading", ["Comments", "comments:", "3 Comments", "Reader comments (12)", "COMMENT"])
def test_comment_heading_forms_open_the_section(heading: str) -> None:
    lines = ["Body.", heading, "+1 # Anna One 2019-04-05 09:00", "Hi."]
    article, section = split_comments(lines)
    assert article == ["Body."]
    assert section.preamble == []


def test_line_mentioning_comments_is_not_a_comments_heading() -> None:
    lines = ["Body.", "Comments are closed on this story.", "+1 # A B 2019-04-05 09:00"]
    article, section = split_comments(lines)
    assert article == ["Body.", "Comments are closed on this story."]
    assert section.preamble == []


@pytest.mark.parametrize(
    "line",
    [
        "Posted 2019-04-05 09:22",
        "+6 # Rodion Raskolnikov",
        "+6 Rodion Raskolnikov 2019-04-05 09:22",
        "Rodion Raskolnikov 2019-04-05 09:22 6",
        "# Rodion Raskolnikov 2019-04-05 09:22",
        "The vote on 2019-04-05 passed by 6 votes",
        "+6 # Rodion Raskolnikov April 5, 2019 09:22",
    ],
)
def test_lines_that_are_not_comment_headers_are_not_comments(line: str) -> None:
    lines = ["Title", "", line, "Body text."]
    article, section = split_comments(lines)
    assert article == lines
    assert section == CommentSection([], [])


def test_page_without_comments_is_returned_whole() -> None:
    lines = ["Title", "", "Comments", "Body."]
    assert split_comments(lines) == (lines, CommentSection([], []))


def test_dateline_with_utc_offset_is_not_a_comment_header() -> None:
    lines = ["Title", "Published 2019-04-05 09:22 +0300", "", "Body text."]
    assert split_comments(lines) == (lines, CommentSection([], []))
