"""Separate an article's body from the site chrome around it.

Two kinds of chrome: lines that can sit anywhere in a page (related-article links,
photo captions with credits, pull quotes) are dropped where they stand; lines that end
an article (copyright, "Original url", newsletter prompts, disclaimers, share widgets)
open the *trailer*, which is mined for metadata and never becomes body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.read.markup import Unit

# A line that ends the article proper.
_END_MARKERS = [
    r"^(?:original|source|canonical)\s+(?:url|link)\b",
    r"^first published\b",
    r"^(?:©|\(c\)\s*\d{4}|copyright\b)",
    r"\ball rights reserved\b",
    r"^credits?\s*:",
    r"^originally (?:published|appeared)\b",
    r"^(?:the )?(?:views|opinions) expressed\b",
    r"^email this (?:page|article|story)\b",
    r"^(?:share|print) (?:this|on)\b",
    r"^community posts$",
    r"^(?:subscribe|sign up) (?:to|for)\b",
    r"\b(?:successfully subscribed|subscribing will)\b",
    r"^(?:tags|filed under|topics)\s*:",
    r"\bsocial media marketing partner\b",
]
# A line that is chrome wherever it stands.
_CHROME = [
    r"^(?:related|recommended|see also|read (?:more|also)|more on this)"
    r"(?: (?:article|story|stories|coverage|reading))?s?\s*:",
    r"^advertisement$",
    r"\((?:photo|image|picture|credit)s?\s*(?:by|:)[^)]*\)$",
    r"\b(?:file )?photo(?:graph)?\s*[.:/-]?\s*(?:by\s+)?"
    r"(?:AP|AFP|Reuters|Getty(?: Images)?|EPA|TASS|Sputnik|Xinhua|Bloomberg)\.?$",
    r"^(?:photo|image|picture)(?: credit)?\s*:",
]
# "This article was originally published by X": an end marker only as a short credit
# line, not as prose ("The story was first published in Novy Mir in 1962, during ...").
_CREDIT_SENTENCE = re.compile(
    r"^(?:this|the) (?:article|story|piece|post|column) (?:was |is )?(?:originally |first )?"
    r"(?:published|appeared|reprinted|republished)\b[^,;]*$",
    re.IGNORECASE,
)
_CREDIT_SENTENCE_WORDS = 12
_END = [re.compile(p, re.IGNORECASE) for p in _END_MARKERS]
_DROP = [re.compile(p, re.IGNORECASE) for p in _CHROME]
_PROSE_WORDS = 40  # a unit this long after an end marker means the marker was not the end
_PULL_QUOTE_WORDS = 6  # shorter emphasised lines are subheads
_CREDIT_WORDS = 6  # a line this short, unpunctuated, right under the header, is a photo credit


def is_end_marker(text: str) -> bool:
    if _CREDIT_SENTENCE.match(text) and len(text.split()) <= _CREDIT_SENTENCE_WORDS:
        return True
    return any(p.search(text) for p in _END)


def is_chrome(text: str) -> bool:
    return any(p.search(text) for p in _DROP)


@dataclass
class Split:
    body: list[Unit]
    trailer: list[Unit] = field(default_factory=list)


def split_trailer(units: list[Unit]) -> Split:
    """Cut at the earliest end marker after which no long prose follows."""
    for i, unit in enumerate(units):
        if i == 0 or not is_end_marker(unit.text):
            continue
        rest = units[i + 1 :]
        if all(u.words < _PROSE_WORDS or is_end_marker(u.text) or is_chrome(u.text) for u in rest):
            return Split(units[:i], units[i:])
    return Split(list(units))


def drop_leading_credits(units: list[Unit]) -> list[Unit]:
    """Photo credits ('Kremlin.ru', 'Zuma / TASS') sit between header and body."""
    start = 0
    while start < len(units) and units[start].words <= _CREDIT_WORDS and not units[start].ends_sentence:
        start += 1
    return units[start:] if start < len(units) else units


def _comparable(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text).strip().lower()


def drop_pull_quotes(units: list[Unit]) -> list[Unit]:
    """A wholly emphasised sentence that repeats body text is a pull quote (a short
    emphasised subhead that happens to open the next paragraph is not)."""
    plain = [_comparable(u.text) for u in units]
    kept = []
    for i, unit in enumerate(units):
        quotable = unit.emphasis and unit.words >= _PULL_QUOTE_WORDS
        repeated = quotable and any(plain[i] in other for j, other in enumerate(plain) if j != i)
        if not repeated:
            kept.append(unit)
    return kept


def restore_drop_cap(units: list[Unit]) -> list[Unit]:
    """A decorative initial lost in copying leaves 'enezuela is ...': put the letter back
    when the page spells the whole word elsewhere."""
    if not units or not units[0].text[:1].islower():
        return units
    first_word = re.match(r"[^\W\d_]+", units[0].text)
    if not first_word:
        return units
    text = " ".join(u.text for u in units)
    initials = set(re.findall(r"\b([A-Z])" + re.escape(first_word.group(0)) + r"\b", text))
    if len(initials) != 1:  # 'he' could be The or She: leave it
        return units
    repaired = Unit(initials.pop() + units[0].text, units[0].heading, units[0].emphasis)
    return [repaired, *units[1:]]


def clean_body(units: list[Unit]) -> list[str]:
    """The body paragraphs left once chrome is gone."""
    units = [u for u in units if not is_chrome(u.text)]
    units = drop_pull_quotes(units)
    units = restore_drop_cap(units)
    return [u.text for u in units]
