"""From the model's spans to an article's mentions: rules that read the whole article.

- A span is cut into the names it holds (`index.entities.name_edges`).
- In a line written in capitals (a wire headline, a results table), the model's labels
  are guesses: a name there counts only if the article also writes it in normal case,
  or the gazetteer knows it; it never votes on a type.
- A wire dateline ('MOSCOW (Reuters) -', 'LONDON 1996-08-30') names a place.
- A capitalised word that begins a sentence and that the article also uses in lower
  case ('Budget', 'Digital') is an ordinary word, not a name.
- In a results table, a name followed by its score is a team or a player, even where
  the model missed it ('Glamorgan 259 and 207 (A. Dale 69)'); a table of money or
  quantities ('Revs 12.3 mln vs 11.1 mln') has no such names.
- One sense per discourse: once the article names something, its other occurrences in
  the article are mentions too, even where the model missed them.

Pure functions over text and offsets; the gazetteer is the only data they consult.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from index.entities import gazetteer
from index.entities.entity_types import LABEL_KINDS
from index.entities.name_context import cue
from index.entities.name_edges import is_table_line, name_pieces
from index.entities.names import canonical_alias, clean_name
from index.entities.resolve import Mention

Parts = dict[str, str]  # field -> text

# A dateline: a place in capitals, then a date or the agency in brackets and a dash.
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*)"  # LONDON, NEW YORK, ST. LOUIS
    r"(?:, [A-Z][A-Za-z.]+)?"  # , Calif.
    r"(?= +\d{4}-\d\d-\d\d"  # 1996-08-30
    r"|,? +[A-Z][a-z]{2,8}\.? \d{1,2}\b"  # , March 3
    r"| *\([^)]{1,40}\) *[-–—])"  # (Reuters) -
)
# A name in a results table: initials and a surname, one capitalised word, or words in
# capitals; then its score.
_TABLE_NAME = re.compile(
    r"(?<![\w.'’-])(?P<name>"
    r"(?:[A-Z]\.)+ ?[A-Z][\w'’-]+"  # A. Dale
    r"|[A-Z][\w'’-]*[a-z][\w'’-]*"  # Glamorgan
    r"|[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+)*)"  # KANSAS CITY
    r" \d+(?:-\d+)?(?=[\s,.;)]|$)"
)
_QUANTITY = re.compile(
    r"(?i)(?:^|\s)(?:mln|bln|million|billion|pct|percent|dlrs?|dollars?|cts|cents|yen|marks|francs|stg|pounds"
    r"|tonnes|tons|barrels|bushels|shares|[$£€%])(?=\s|$|[.,;])|[$£€%]"
)


def opens_sentence(text: str, at: int) -> bool:
    """Whether the word at `at` begins a sentence, a line or the text."""
    i = at
    while i > 0 and not (text[i - 1].isalnum() or text[i - 1] in ".!?:\n"):
        i -= 1  # spaces, quotes, brackets
    return i == 0 or text[i - 1] == "\n" or (text[i - 1] in ".!?:" and i < at)


def line_of(text: str, start: int, end: int) -> str:
    """The line (paragraph) of `text` holding [start, end)."""
    return text[text.rfind("\n", 0, start) + 1 : _end_of_line(text, end)]


def _end_of_line(text: str, at: int) -> int:
    found = text.find("\n", at)
    return len(text) if found < 0 else found


@lru_cache(maxsize=4096)  # asked for every name on the line
def is_caps_line(line: str) -> bool:
    """A line written in capitals: a wire headline, a table of results."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 6 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def pieces(text: str, start: int, end: int, label: str, field: str) -> list[Mention]:
    """The mentions inside one model span [start, end) of `text`."""
    in_table = is_table_line(line_of(text, start, end))
    found = []
    for piece_start, piece_end in name_pieces(text[start:end], in_table=in_table):
        a, b = start + piece_start, start + piece_end
        if _ends_sentence(text, a, b):
            b -= 1
        found.append(Mention(text[a:b], label, field, a, b, cue(text, a, b)))
    return found


def _ends_sentence(text: str, start: int, end: int) -> bool:
    """Whether the name's last dot closes the sentence ('... Lambert Inc.' at the end of
    a line, or before a capital) rather than an abbreviation ('Corp. said'). Initials
    keep theirs ('U.S.', 'J.')."""
    if text[end - 1] != "." or re.search(r"(?:^|[\s.])[A-Z]\.$", text[start:end]):
        return False
    rest = text[end : end + 3].lstrip(" ")
    return not rest or rest[0] == "\n" or rest[0].isupper()


def finish(parts: Parts, mentions: list[Mention]) -> list[Mention]:
    """An article's mentions, from the pieces of the model's spans: capitals checked,
    the dateline added, ordinary words dropped, other occurrences found."""
    mentions = [replace(m, place=_place_kind(m.text)) for m in mentions]
    mentions = _checked_caps(parts, mentions)
    mentions = _without_ordinary_words(parts, mentions)
    mentions = _with_dateline(parts, mentions)
    mentions = _with_table_names(parts, mentions)
    return sorted(_with_echoes(parts, mentions), key=lambda m: (m.field, m.start))


def _place_kind(text: str) -> str | None:
    return gazetteer.grade(canonical_alias(text))


def _checked_caps(parts: Parts, mentions: list[Mention]) -> list[Mention]:
    written = {m.text.casefold() for m in mentions if not is_caps_line(line_of(parts[m.field], m.start, m.end))}
    kept = []
    for mention in mentions:
        if not is_caps_line(line_of(parts[mention.field], mention.start, mention.end)):
            kept.append(mention)
        elif mention.text.casefold() in written or mention.place in gazetteer.KNOWN:
            kept.append(replace(mention, origin="caps"))
    return kept


def _without_ordinary_words(parts: Parts, mentions: list[Mention]) -> list[Mention]:
    text = "\n".join(parts.values())

    def ordinary(mention: Mention) -> bool:
        word = mention.text
        if " " in word or not word[:1].isupper() or word.isupper() or mention.place:
            return False
        opening = opens_sentence(parts[mention.field], mention.start)
        return opening and re.search(rf"\b{re.escape(word.lower())}\b", text) is not None

    return [m for m in mentions if not ordinary(m)]


def _with_dateline(parts: Parts, mentions: list[Mention]) -> list[Mention]:
    body = parts.get("body", "")
    match = None
    for number, paragraph in enumerate(re.finditer(r"[^\n]+", body)):  # the first line, or the second after a headline
        match = _DATELINE.match(body, paragraph.start())
        if match or number == 1 or not is_caps_line(paragraph.group()):
            break
    if not match:
        return mentions
    start, end = match.span("place")
    name = body[start:end].rstrip(".")
    end = start + len(name)
    kept = [m for m in mentions if not (m.field == "body" and m.start < end and m.end > start)]
    dateline = Mention(name, "GPE", "body", start, end, None, "dateline", _place_kind(name))
    return [dateline, *kept]


def _with_table_names(parts: Parts, mentions: list[Mention]) -> list[Mention]:
    """Add the names of results tables that the model missed: initials and a surname are
    a player, a country a national side, anything else a team."""
    found = []
    for field, text in parts.items():
        taken = [(m.start, m.end) for m in mentions if m.field == field]
        for line in re.finditer(r"[^\n]+", text):
            if not is_table_line(line.group()) or _QUANTITY.search(line.group()):
                continue
            for match in _TABLE_NAME.finditer(text, line.start(), line.end()):
                a, b = match.span("name")
                if any(a < end and b > start for start, end in taken):
                    continue
                name = text[a:b]
                place = _place_kind(name)
                label = "PERSON" if "." in name.split()[0] and " " in name else "GPE" if place == "country" else "ORG"
                if clean_name(name, LABEL_KINDS[label]) is None:
                    continue  # a month, a unit
                found.append(Mention(name, label, field, a, b, None, "row", place))
    return [*mentions, *found]


def _with_echoes(parts: Parts, mentions: list[Mention]) -> list[Mention]:
    """Add every other occurrence of each name the article already has (whole words,
    same spelling, or in capitals inside a line of capitals)."""
    taken = {field: [(m.start, m.end) for m in mentions if m.field == field] for field in parts}
    by_form: dict[str, Mention] = {}
    for mention in mentions:
        if len(mention.text) >= 3 and mention.origin not in ("caps", "row"):
            by_form.setdefault(mention.text, mention)
    for mention in list(by_form.values()):  # a person's surname alone: 'Lavrov' after 'Sergei Lavrov'
        surname = mention.text.split()[-1]
        if mention.label == "PERSON" and " " in mention.text and len(surname) >= 3 and surname[0].isupper():
            by_form.setdefault(surname, mention)
    if not by_form:
        return mentions
    by_folded = {form.casefold(): (form, first) for form, first in by_form.items()}
    alternatives = "|".join(re.escape(form) for form in sorted(by_form, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w.-])(?:{alternatives})(?![\w-])", re.IGNORECASE)
    echoes = []
    for field, text in parts.items():
        for match in pattern.finditer(text):
            a, b = match.span()
            written = match.group()
            form, first = by_folded.get(written.casefold(), (None, None))
            if form is None or first is None:
                continue
            if written != form and not (written == form.upper() and is_caps_line(line_of(text, a, b))):
                continue
            if any(a < end and b > start for start, end in taken[field]):
                continue
            if " " not in form and opens_sentence(text, a):
                continue  # a capitalised word opening a sentence says nothing
            taken[field].append((a, b))
            echoes.append(Mention(written, first.label, field, a, b, None, "echo", first.place))
    return [*mentions, *echoes]
