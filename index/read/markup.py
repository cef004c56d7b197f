"""Turn raw article text into clean plain-text units.

A *unit* is one paragraph or one standalone line (a title, a byline, a dateline).
Markdown and HTML fragments are reduced to plain text, but a unit remembers whether
it was a heading or was wholly emphasised, because layout rules need that.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from index.read.dates import parse_dateline

_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2009\u200a\t\f\v]")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>\n]*>|<!--.*?-->")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+)>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$>~|])")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])|(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)")
_PROTECTED = re.compile("\ue000(\\d+)\ue001")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_QUOTE_PREFIX = re.compile(r"^\s{0,3}>\s?")
_MULTISPACE = re.compile(r" {2,}")
_WHOLLY_EMPHASISED = re.compile(r"^\s*(?P<mark>\*\*|__|\*|_)(?=\S)(?P<inner>.*?)(?<=\S)(?P=mark)\s*$")

# Every character some markup rule below needs: a line without any is plain text already
# (most lines of most articles; the rules' dozen passes were a tenth of indexing's reading).
_MARKUP = re.compile(r"[#>\\<\[*_\ue000]")

_STANDALONE = re.compile(r"^\s*(?:by|written by)\s+[A-Z]", re.IGNORECASE)

TERMINAL = (".", "!", "?", ":", ";", '"', "\u201d", "\u2019", "'", ")", "\u2026")


@dataclass(frozen=True)
class Unit:
    """One paragraph or standalone line, as plain text plus its layout hints."""

    text: str
    heading: bool = False
    emphasis: bool = False  # the whole unit was bold or italic

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def ends_sentence(self) -> bool:
        return self.text.rstrip().endswith(TERMINAL)


def normalize(raw: str) -> str:
    """Unify line ends and odd spaces; decode HTML entities."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = html.unescape(text)
    return _SPACES.sub(" ", text)


def strip_html(line: str) -> str:
    return _HTML_TAG.sub("", line)


def _protect_escapes(text: str) -> str:
    """Hide backslash-escaped characters so that no markup rule sees them."""
    return _ESCAPE.sub(lambda m: f"\ue000{ord(m.group(1))}\ue001", text)


def _restore_escapes(text: str) -> str:
    return _PROTECTED.sub(lambda m: chr(int(m.group(1))), text)


def inline_text(line: str) -> str:
    """Plain text of one line of Markdown (links keep their words, markup goes)."""
    if not _MARKUP.search(line):
        return _MULTISPACE.sub(" ", line).strip()
    heading = _HEADING.match(line)
    text = heading.group(1) if heading else _QUOTE_PREFIX.sub("", line)
    text = _protect_escapes(text)
    text = _AUTOLINK.sub(r"\1", text)
    text = strip_html(text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    for _ in range(2):  # nested emphasis: ***x*** or **_x_**
        text = _STRONG.sub(r"\2", text)
        text = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
    text = _restore_escapes(text)
    return _MULTISPACE.sub(" ", text).strip()


def is_wholly_emphasised(line: str) -> bool:
    """`**all of it**` or `*all of it*`, not `**Update:** then **Friday**`."""
    if "*" not in line and "_" not in line:
        return False
    bare = _protect_escapes(_QUOTE_PREFIX.sub("", line))
    match = _WHOLLY_EMPHASISED.match(bare)
    return match is not None and match["mark"] not in match["inner"]


def to_unit(line: str) -> Unit:
    return Unit(text=inline_text(line), heading=bool(_HEADING.match(line)), emphasis=is_wholly_emphasised(line))


def _is_hard_wrapped(lines: list[str]) -> bool:
    """A block whose lines were wrapped at a fixed width is one paragraph; a stack of
    header lines (a title over its dateline or byline) is not."""
    if len(lines) < 2:
        return False
    return all(40 <= len(line) <= 100 for line in lines[:-1]) and not any(
        _HEADING.match(line) or _STANDALONE.match(line) or parse_dateline(line) for line in lines
    )


def to_units(lines: list[str]) -> list[Unit]:
    """Blocks separated by blank lines become units; a block that is not hard-wrapped
    prose is a stack of standalone lines (banner, title, byline, date) and each line
    becomes a unit of its own."""
    units: list[Unit] = []
    block: list[str] = []

    def flush() -> None:
        if _is_hard_wrapped(block):
            units.append(to_unit(" ".join(line.strip() for line in block)))
        else:
            units.extend(to_unit(line) for line in block)
        block.clear()

    for line in lines:
        if line.strip():
            block.append(line.rstrip())
        else:
            flush()
    flush()
    return [unit for unit in units if unit.text]


def join_split_paragraphs(units: list[Unit]) -> list[Unit]:
    """Rejoin a paragraph that the file broke mid-sentence.

    The break shows as a unit that ends without terminal punctuation followed by one
    that starts in lower case, or as emphasis (an italic note) split in two."""
    joined: list[Unit] = []
    for unit in units:
        if joined and not joined[-1].heading and not unit.heading and not joined[-1].ends_sentence:
            previous = joined[-1]
            continues = unit.text[:1].islower()
            # an emphasised note whose last word or two fell onto a line of their own
            same_emphasis = previous.emphasis and unit.emphasis and unit.words <= 3 and unit.ends_sentence
            if continues or same_emphasis:
                joined[-1] = Unit(f"{previous.text} {unit.text}", emphasis=previous.emphasis and unit.emphasis)
                continue
        joined.append(unit)
    return joined
