"""Metadata a page states outside its body: original URL, publisher, credits, dates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from index.read.dates import find_date
from index.read.publishers import canonical_publisher, expand_acronym, from_url

_URL = re.compile(r"(?:https?|ftp)://[^\s<>()\"']+")
_URL_LABEL = re.compile(r"^(?:original|source|canonical)\s+(?:url|link)\b", re.IGNORECASE)
_DISCLAIMER = re.compile(
    r"(?:views|opinions) expressed .*? (?:reflect|represent) the (?:\w+\s+){0,2}"
    r"(?:position|views?|opinions?|polic(?:y|ies)) of "
    r"(?P<pub>[^.]+?)\.?$",
    re.IGNORECASE,
)
_COPYRIGHT_MARK = re.compile(r"^\s*(?:©|\(c\)|copyright\b)", re.IGNORECASE)
# Pieces of a copyright line that are not the holder's name, peeled off its ends.
_COPYRIGHT_NOISE = re.compile(
    r"^(?:\s|©|\(c\)|copyright\b|\d{4}(?:\s*[-\u2013]\s*\d{4})?|[,.|:])+"
    r"|(?:\s|[,.|:]|all rights reserved|\d{4})+$",
    re.IGNORECASE,
)
_CREDIT = re.compile(r"^credits?\s*:\s*(?P<name>.+?)[,.;]?$", re.IGNORECASE)
_ORIGINALLY = re.compile(
    r"originally (?:published|appeared) (?:by|in|on|at) (?:the website of )?(?P<name>.+?)\.?$", re.IGNORECASE
)
_FIRST_PUBLISHED = re.compile(r"^first published\b", re.IGNORECASE)
# Site promos in footers: "X publishes Ecuador news daily", "X offers on-line publications"
_PROMO = re.compile(
    r"^(?P<name>(?:The\s+)?[A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*){0,4})\s+"
    r"(?:publishes|offers|brings you|is an? (?:independent|online|daily))\b"
)
_SIGNATURE = re.compile(r"^(?:founder|editor|publisher|editor-in-chief)\s*,\s*(?P<name>.+?)\.?$", re.IGNORECASE)


@dataclass
class PageFacts:
    """What the chrome of a page says about the page."""

    url: str | None = None
    publisher: str | None = None
    credits: list[str] = field(default_factory=list)
    date: date | None = None


def read_trailer(trailer: list[str], preamble: list[str], banners: list[str], page_text: str) -> PageFacts:
    facts = PageFacts()
    facts.url = _original_url(trailer)
    disclaimer = copyright_holder = promo = None
    for line in trailer + preamble:
        if m := _DISCLAIMER.search(line):
            disclaimer = disclaimer or m["pub"]
        elif _COPYRIGHT_MARK.match(line) and (holder := copyright_holder_of(line)):
            copyright_holder = copyright_holder or holder
        elif (m := _CREDIT.match(line)) or (m := _ORIGINALLY.search(line)):
            facts.credits.append(canonical_publisher(m["name"]))
        elif m := _PROMO.match(line) or _SIGNATURE.match(line):
            promo = promo or m["name"]
        if _FIRST_PUBLISHED.match(line):
            facts.date = facts.date or find_date(line)
    banner = next((_banner_publisher(b, page_text) for b in banners if b), None)
    candidates = [disclaimer, copyright_holder, banner, promo, from_url(facts.url) if facts.url else None]
    facts.publisher = next((canonical_publisher(c) for c in candidates if c), None)
    return facts


_CAMPAIGN = re.compile(
    r"(?:\s+(?:annual|summer|winter|spring|fall|autumn|year-end|fund(?:raising|raiser)?|drive|donate|donation|appeal|campaign|membership))+$",
    re.IGNORECASE,
)


def _banner_publisher(banner: str, page_text: str) -> str:
    """'RSN Summer Fund Drive' names RSN, which the page may spell out elsewhere."""
    first = banner.split()[0]
    if first.isupper() and len(first) >= 2:
        return expand_acronym(first, page_text) or first
    return _CAMPAIGN.sub("", banner)


def copyright_holder_of(line: str) -> str | None:
    """'© 2019 CBS Interactive Inc. All Rights Reserved.' -> 'CBS Interactive Inc.'"""
    holder = line
    for _ in range(3):  # marks, years and punctuation may repeat: '© Copyright 2019,'
        holder = _COPYRIGHT_NOISE.sub("", holder)
    holder = re.split(r"\.\s+(?=[A-Z])|\s+\|\s+", holder)[0].strip()
    return holder if re.search(r"[^\W\d_]", holder) else None


def _original_url(trailer: list[str]) -> str | None:
    """The URL a page names as its original, or the only URL in its footer."""
    for i, line in enumerate(trailer):
        if _URL_LABEL.match(line):
            for candidate in trailer[i : i + 3]:
                if m := _URL.search(candidate):
                    return m.group(0).rstrip(".,;")
    urls = {m.group(0).rstrip(".,;") for line in trailer for m in _URL.finditer(line)}
    return urls.pop() if len(urls) == 1 else None
