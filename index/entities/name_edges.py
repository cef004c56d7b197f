"""Where the names inside a tagged span begin and end.

The model's spans run past names in ways real news text invites: across a line break,
over a spaced dash used as punctuation ("Alan Milburn - the"), into a bracket
("Scott Draper (Australia"), onto the scores of a results table ("Kent 108-3"), or over
lower-case words at the edges ("the Federal Reserve", "Interfax news agency"). These
rules cut a span into the names it holds, with their offsets, so that highlighting
still points at the right characters. They use only the span and its line.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Punctuation that never sits inside a name: line breaks, spaced dashes, brackets,
# semicolons, a colon or slash followed by a space, and a comma unless a company
# suffix follows it ("Texaco, Inc.").
_COMPANY_SUFFIX = r"(?:Inc|Ltd|Co|Corp|Cos|LLC|Plc|PLC|S\.?A|N\.?V|AG|SpA|GmbH|Bhd|Pty|Jr|Sr)\b"
_SEPARATOR = re.compile(rf"\s*\n\s*|\s+[-–—]+\s+|[()\[\]{{}};]|:\s|\s/\s|,(?!\s*{_COMPANY_SUFFIX})\s*")
# A company's full name keeps its commas and brackets: 'Smith Barney, Harris Upham and Co',
# 'Borg-Warner (Australia) Ltd'.
_LINES_AND_DASHES = re.compile(r"\s*\n\s*|\s+[-–—]+\s+")
_ENDS_LIKE_A_COMPANY = re.compile(rf"\b{_COMPANY_SUFFIX}\.?$")
_TOKEN = re.compile(r"\S+")
_NUMBER = re.compile(r"[+-]?\d[\d.,:/+-]*(?:st|nd|rd|th|s)?")  # 296, 4-38, 108-3, 1996-08-30, 182nd, +353
_SCORE = re.compile(r"\d+[-–:./]\d")  # figures no name carries: 4-38, 2:1, 4.5
# Lower-case words that may begin a name when a capitalised word follows ("de Silva");
# any other lower-case word at an edge is not part of the name ("the", "news agency").
_LEADING_PARTICLES = {
    "de", "del", "della", "di", "da", "dos", "das", "du", "des", "la", "le", "van", "von", "der", "den", "ter", "ten",
    "al", "el", "bin", "ibn", "abu",
}  # fmt: skip
# A lower-case prefix glued to a name by a hyphen is not part of it ('ex-England',
# 'pro-Moscow'), unlike a particle ('al-Assad', 'bin-Talal').
_GLUED_PREFIX = re.compile(r"(?!(?:al|el|bin|ibn|abu|ben|ul|ad|as|an|ar|at|az)-)[a-z]+-(?=[A-Z])")
_EDGE_PUNCTUATION = " \t,.;:!?\"'“”‘’`*_-–—/\\|<>"
_ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.){1,}$|\b(?:Inc|Ltd|Co|Corp|Jr|Sr|Bros|St|Mt|Ft)\.$")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


@lru_cache(maxsize=4096)  # asked for every name on the line
def is_table_line(line: str) -> bool:
    """A line of a results table or price list: numbers make up much of it."""
    tokens = line.split()
    numbers = sum(1 for t in tokens if _NUMBER.fullmatch(t.strip(",;()")))
    return numbers >= 2 and numbers * 4 >= len(tokens)


def name_pieces(text: str, *, in_table: bool = False) -> list[tuple[int, int]]:
    """The (start, end) offsets within `text` of each name it holds, in order.

    `in_table` says the span lies in a table line, where a number between two names
    separates them ("Pohang 3 Ulsan 2") and a number at an edge is a score; in prose a
    number may belong to the name ("Channel 4"), and only figures no name carries
    ("4-38", "108-3") are cut."""
    pieces: list[tuple[int, int]] = []
    for start, end in _company_or_parts(text):
        for word_start, word_end in _split_at_numbers(text, start, end, in_table):
            trimmed = _trim(text, word_start, word_end)
            if trimmed is not None:
                pieces.append(trimmed)
    return pieces


def _company_or_parts(text: str) -> list[tuple[int, int]]:
    parts = []
    for start, end in _split(text, 0, len(text), _LINES_AND_DASHES):
        if _ENDS_LIKE_A_COMPANY.search(text[start:end].rstrip(" ,;:")):
            parts.append((start, end))
        else:
            parts.extend(_split(text, start, end, _SEPARATOR))
    return parts


def _split(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    parts, at = [], start
    for match in pattern.finditer(text, start, end):
        parts.append((at, match.start()))
        at = match.end()
    parts.append((at, end))
    return [(s, e) for s, e in parts if e > s]


def _split_at_numbers(text: str, start: int, end: int, in_table: bool) -> list[tuple[int, int]]:
    parts, at = [], start
    for token in _TOKEN.finditer(text, start, end):
        word = token.group().strip(",;")
        if _NUMBER.fullmatch(word) and (in_table or _SCORE.search(word) or not _has_letter(text[at : token.start()])):
            parts.append((at, token.start()))
            at = token.end()
    parts.append((at, end))
    return [(s, e) for s, e in parts if e > s]


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Cut punctuation, a possessive and lower-case words from the edges; None when no
    name is left."""
    tokens = [(t.start(), t.end()) for t in _TOKEN.finditer(text, start, end)]
    while tokens and not _starts_name(text, tokens):
        tokens.pop(0)
    while tokens and not _ends_name(text[tokens[-1][0] : tokens[-1][1]]):
        tokens.pop()
    if not tokens:
        return None
    start, end = tokens[0][0], tokens[-1][1]
    prefix = _GLUED_PREFIX.match(text, start, end)
    if prefix:
        start = prefix.end()
    while start < end and text[start] in _EDGE_PUNCTUATION:
        start += 1
    while end > start:
        piece = text[start:end]
        possessive = _POSSESSIVE.search(piece)
        if possessive and len(piece) > len(possessive.group()) + 1:
            end -= len(possessive.group())
        elif text[end - 1] in _EDGE_PUNCTUATION and not (text[end - 1] == "." and _ABBREVIATION_END.search(piece)):
            end -= 1
        else:
            break
    return (start, end) if _has_upper(text[start:end]) else None


def _starts_name(text: str, tokens: list[tuple[int, int]]) -> bool:
    """Whether the first of `tokens` may begin a name: a capitalised word ('Kent'), a
    word with a capital inside ('al-Assad', 'ex-England', whose prefix goes later), or
    a particle before a capitalised word ('de Silva'). Numbers never begin one."""
    word = text[tokens[0][0] : tokens[0][1]].lstrip(_EDGE_PUNCTUATION)
    if not word or not _has_letter(word) or _NUMBER.fullmatch(word):
        return False
    if word[0].isupper() or _has_upper(word):
        return True
    following = text[tokens[1][0] : tokens[1][1]] if len(tokens) > 1 else ""
    return word in _LEADING_PARTICLES and following[:1].isupper()


def _ends_name(token: str) -> bool:
    """A name ends in a word with a capital, or in a plain number ('Channel 4'): a figure
    like a score was cut off before."""
    word = token.rstrip(_EDGE_PUNCTUATION)
    return bool(word) and (_has_upper(word) or word.isdigit())


def _has_letter(text: str) -> bool:
    return any(c.isalpha() for c in text)


def _has_upper(text: str) -> bool:
    return any(c.isupper() for c in text)
