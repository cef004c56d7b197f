"""Read an article's header: banner, title, dek, byline and dateline.

News pages open with a stack of short lines. Some repeat the stack (a teaser block,
then the article proper); the header ends at the last title, byline or dateline seen
near the top, and whatever sat between those lines (teasers, captions) is not body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from index.read.dates import parse_dateline
from index.read.markup import Unit
from index.read.publishers import looks_like_outlet

HEADER_WINDOW = 12  # how far down the page a header line is still looked for

_BYLINE = re.compile(r"^(?:by|written by|words by|story by|reporting by)\s*:?\s+(?P<names>.+)$", re.IGNORECASE)
_PARTICLES = r"de|da|do|dos|das|di|du|del|della|van|von|der|den|ter|ten|zu|al|el|bin|ben|ibn|la|le|y|i|e"
_NAME = r"[A-Z][\w.'\u2019-]*(?:\s+(?:[A-Z][\w.'\u2019-]*|" + _PARTICLES + r")){1,3}"
_TITLE_WITH_BYLINE = re.compile(
    r"^(?P<title>(?:\S+\s+){2,}\S+?)\s+By\s+(?P<names>" + _NAME + r"(?:\s*(?:,|and|&)\s*" + _NAME + r")*)$"
)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\|)\s*")
_BANNER = re.compile(
    r"^(?P<name>.*?)\s*\b(?:fundraising\s+)?banner$|^advertisement$|^skip to (?:main )?content$", re.IGNORECASE
)


@dataclass
class Header:
    title: str = ""
    dek: str = ""
    authors: list[str] = field(default_factory=list)
    date: date | None = None
    credits: list[str] = field(default_factory=list)  # outlets a byline credits
    banners: list[str] = field(default_factory=list)  # names printed in banners
    end: int = -1  # index of the last header unit


def split_names(names: str) -> tuple[list[str], list[str]]:
    """People and credited outlets in a byline: 'Daria Litvinova, CBS News'."""
    people: list[str] = []
    outlets: list[str] = []
    for part in _NAME_SPLIT.split(names.strip().rstrip(".")):
        part = part.strip()
        if not part:
            continue
        (outlets if looks_like_outlet(part) else people).append(part)
    return people, outlets


_NAME_LIKE = re.compile(r"^" + _NAME + r"$|^[A-Z][\w.'\u2019-]+$")


def parse_byline(text: str) -> tuple[list[str], list[str]] | None:
    """People and outlets in 'By A and B, Outlet'; None when the line is a sentence
    that merely opens with 'By' ('By Monday, the protests had spread')."""
    match = _BYLINE.match(text)
    if not match or len(match["names"].split()) > 12:
        return None
    people, outlets = split_names(match["names"])
    if not all(_NAME_LIKE.match(person) for person in people):
        return None
    if not outlets and not any(len(person.split()) >= 2 for person in people):
        return None
    return (people, outlets) if people or outlets else None


def _ends_like_a_sentence(text: str) -> bool:
    """'... the talks failed.' yes; 'China Retaliates Against the U.S.' no."""
    last = text.split()[-1] if text.split() else ""
    return last.endswith(".") and "." not in last[:-1]


def _is_title_candidate(unit: Unit) -> bool:
    return unit.heading or (2 <= unit.words <= 30 and not _ends_like_a_sentence(unit.text))


def _same(a: str, b: str) -> bool:
    return re.sub(r"\W+", " ", a).strip().lower() == re.sub(r"\W+", " ", b).strip().lower()


def parse_header(units: list[Unit]) -> Header:
    header = Header()
    title_at = _find_title(units)
    for i, unit in enumerate(units[:HEADER_WINDOW]):
        if i == title_at:
            _take_title(header, unit)
            header.end = i
            continue
        banner = _BANNER.match(unit.text)
        if banner and i < max(title_at or 0, 1):  # before the title, or first when there is none
            if banner.groupdict().get("name"):
                header.banners.append(banner["name"])
            header.end = max(header.end, i)
            continue
        if title_at is not None and i < title_at:
            continue
        if header.title and _same(unit.text, header.title):
            header.end = i
            continue
        byline = parse_byline(unit.text)
        if byline:
            if not header.authors:
                header.authors = byline[0]
            header.credits.extend(c for c in byline[1] if c not in header.credits)
            header.end = i
            continue
        stamp = parse_dateline(unit.text)
        if stamp:
            header.date = header.date or stamp
            header.end = i
            continue
        if i == (title_at or 0) + 1 and unit.emphasis and not header.dek and unit.words <= 40:
            header.dek = unit.text
            header.end = i
    return header


def _find_title(units: list[Unit]) -> int | None:
    """A Markdown heading near the top, else the first line that reads like a headline."""
    for i, unit in enumerate(units[:HEADER_WINDOW]):
        if unit.heading:
            return i
    for i, unit in enumerate(units[:HEADER_WINDOW]):
        if _BANNER.match(unit.text) or parse_byline(unit.text) or parse_dateline(unit.text):
            continue
        return i if _is_title_candidate(unit) else None
    return None


_SMALL_WORDS = {"a", "an", "the", "of", "in", "on", "to", "for", "and", "or", "but", "at", "by", "with", "from", "as"}


def _is_title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'\u2019-]*", text) if w.lower() not in _SMALL_WORDS]
    return all(w[0].isupper() for w in words)


def _take_title(header: Header, unit: Unit) -> None:
    # In a Title Case headline 'By' is just a word ('Europe Must Stand By Ukraine Now');
    # in a sentence-case one, a capitalised 'By Name Name' at the end is a byline.
    match = _TITLE_WITH_BYLINE.match(unit.text)
    if match and not _is_title_case(match["title"]):
        people, outlets = split_names(match["names"])
        if people:
            header.title = match["title"].strip()
            header.authors = people
            header.credits.extend(outlets)
            return
    header.title = unit.text
