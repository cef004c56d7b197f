"""Separate the reader-comment section of a page from the article.

A comment section is recognised by its comment headers (score, author and timestamp on
one line, as many CMSs print them); the lines between a "Comments" heading and the
first header are the site's preamble, which is neither article nor comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.read.dates import parse_datetime_line
from index.read.markup import strip_html
from index.records import Comment

_STAMP = r"(?P<stamp>\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2})?)"
_HEADERS = [
    # +6 # Rodion Raskolnikov 2019-04-05 09:22   (Joomla JComments and kin)
    re.compile(r"^\s*(?P<score>[+-]?\d+)\s+#\s+(?P<author>.+?)\s+" + _STAMP + r"\s*$"),
    # Rodion Raskolnikov 2019-04-05 09:22 +6
    re.compile(r"^\s*(?P<author>[^\s#].{0,60}?)\s+" + _STAMP + r"\s+(?P<score>[+-]\d{1,3})\s*$"),
]
# "Published 2019-04-05 09:22 +0300" is a dateline, not a comment by "Published".
_NOT_AUTHORS = re.compile(r"^(?:first |last )?(?:published|updated|posted|modified|edited|created)\b", re.IGNORECASE)
_HEADING = re.compile(r"^\s*(?:\d+\s+)?(?:reader\s+)?comments?\s*(?:\(\d+\))?\s*:?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class CommentSection:
    comments: list[Comment]
    preamble: list[str]  # site text before the first comment (kept for publisher hints)


def _header(line: str) -> re.Match[str] | None:
    for pattern in _HEADERS:
        match = pattern.match(strip_html(line))
        if match and not _NOT_AUTHORS.match(match["author"]):
            return match
    return None


def split_comments(lines: list[str]) -> tuple[list[str], CommentSection]:
    """Return the lines before the comment section, and the section itself."""
    first = next((i for i, line in enumerate(lines) if _header(line)), None)
    if first is None:
        return lines, CommentSection([], [])
    start = first
    for i in range(first - 1, -1, -1):
        if _HEADING.match(lines[i]):
            start = i
            break
    preamble = [line.strip() for line in lines[start + 1 : first] if line.strip()]
    return lines[:start], CommentSection(_parse(lines[first:]), preamble)


def _parse(lines: list[str]) -> list[Comment]:
    comments: list[Comment] = []
    header: re.Match[str] | None = None
    text: list[str] = []

    def flush() -> None:
        if header is not None:
            stamp = parse_datetime_line(header["stamp"])
            comments.append(
                Comment(
                    author=header["author"].strip(),
                    date=stamp.isoformat() if stamp else None,
                    score=int(header["score"]),
                    text="\n".join(text),
                )
            )

    for line in lines:
        match = _header(line)
        if match:
            flush()
            header, text = match, []
        elif line.strip():
            text.append(strip_html(line).strip())
    flush()
    return comments
