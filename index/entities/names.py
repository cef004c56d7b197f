"""Names as text: what of a mention is the name, and the keys two spellings of one name share.

Pure functions, no model and no data beyond the alias table.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from index.entities.aliases import ALIASES

_TITLES = {
    "president", "vice", "prime", "minister", "foreign", "defense", "defence", "secretary", "state", "of",
    "senator", "sen", "rep", "representative", "governor", "gov", "general", "gen", "adviser", "advisor",
    "spokesman", "spokeswoman", "spokesperson", "leader", "dictator", "king", "queen", "prince", "princess",
    "pope", "chancellor", "ambassador", "mr", "mrs", "ms", "dr", "sir", "dame", "deputy", "director",
    "chairman", "chairwoman", "chair", "ceo", "judge", "justice", "envoy", "special", "national", "security",
    "analyst", "opposition", "interim", "former", "late", "u.s", "u.s.", "us", "russian", "venezuelan",
    "american", "syrian", "chief", "commander", "colonel", "col", "lt", "captain", "capt", "lord",
    "mayor", "premier", "sheikh", "emir", "crown", "first", "lady", "archbishop", "bishop", "rev", "treasurer",
    "coach", "manager", "striker", "midfielder", "goalkeeper", "defender", "skipper",
}  # fmt: skip
_PARTICLES = {"al", "el", "bin", "ibn", "abu", "de", "da", "del", "der", "van", "von", "la", "le", "du"}
_JUNK = {
    "he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "his", "hers", "their", "this", "that",
    "state", "president", "minister", "secretary", "government", "email", "subscribe", "comments", "said",
    "facebook", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
    "january", "february", "march", "april", "june", "july", "august", "september", "october", "november",
    "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    # clock times and time zones read as organisations
    "gmt", "bst", "utc", "cet", "cest", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "am", "pm",
}  # fmt: skip
# Company suffixes are never a name alone ('Co.', 'Inc'); the units and row labels of
# financial tables ('Revs 12.3 mln vs 11.1 mln', 'N.Z. Dlrs') are never part of one.
_SUFFIXES = {"co", "cos", "inc", "corp", "ltd", "plc", "llc", "sa", "ag", "nv", "spa", "gmbh", "bhd", "pty", "and"}
_UNITS = {
    "dlr", "dlrs", "cts", "ct", "mln", "mlns", "bln", "pct", "stg", "shr", "shrs", "avg", "rev", "revs", "qtr",
    "oper", "net", "vs",
}  # fmt: skip
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_LEADING_THE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
# A figure with a unit or a product code is not a name: 6GB, 4x4, 100m, 3G, 2-0.
_MEASURE = re.compile(r"\d[\d.,]*[a-z]{0,3}(?:[x×/-]\d[\d.,]*[a-z]{0,3})*", re.IGNORECASE)


def fold(text: str) -> str:
    """Lower case without accents."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _tokens(name: str) -> list[str]:
    tokens = re.findall(r"[a-z0-9]+", fold(name).replace("'", "").replace("’", ""))
    return [t for t in tokens if t not in _PARTICLES and t != "the"] or tokens


def _spelling(token: str) -> str:
    """Spelling key of one token of a full name: Sergey/Sergei, Yury/Yuri, Zelenskyy/Zelenskiy."""
    return re.sub(r"(.)\1+", r"\1", token.replace("y", "i"))


def name_key(name: str) -> str:
    """The key two spellings of one name share: case, accents and particles folded
    (Guaidó/Guaido, Bashar al-Assad/Bashar Assad). Transliteration variants fold too
    (Sergei/Sergey Lavrov), but only in names of several words, where the other words
    anchor them: alone, 'Sony' and 'Sonny', 'Lions' and 'Lyons' are different names."""
    tokens = _tokens(name)
    if len(tokens) > 1:
        tokens = [_spelling(t) for t in tokens]
    return " ".join(tokens)


def token_key(token: str) -> str:
    """The key of one word, as it is compared inside full names (a surname with a full name)."""
    return " ".join(_spelling(t) for t in _tokens(token))


_ALIAS_KEYS = {name_key(alias): canonical for canonical, aliases in ALIASES.items() for alias in (canonical, *aliases)}
# Abbreviations are matched on their exact letters: "US" the country, not "us" the pronoun.
_ALIAS_EXACT = {alias: canonical for canonical, aliases in ALIASES.items() for alias in aliases if alias.isupper()}


def clean_name(text: str, kind: str | None = "person") -> str | None:
    """The name inside a mention, or None for junk ('he', 'the President', '2019', '6GB').

    Titles are stripped from people only: 'Foreign Minister Lavrov' is Lavrov, but the
    'Foreign Ministry' keeps its first word."""
    name = " ".join(text.split())
    name = _LEADING_THE.sub("", name)
    name = _POSSESSIVE.sub("", name).strip(" ,;:-\"'“”‘’()[]")
    if name in _ALIAS_EXACT:
        return name
    words = name.split()
    while kind == "person" and len(words) > 1 and words[0].lower().rstrip(".") in _TITLES:
        words = words[1:]
    name = " ".join(words)
    if len(name) < 2 or not re.search(r"[^\W\d_]", name) or not name[0].isupper():
        return None
    if name.lower().rstrip(".") in _JUNK | _TITLES:
        return None
    bare = [word.lower().strip(".,") for word in words]
    if all(word in _SUFFIXES | _UNITS for word in bare) or any(word in _UNITS for word in bare):
        return None
    if any(_MEASURE.fullmatch(word) and re.search(r"[^\W\d_]", word) for word in words):
        return None
    return name


@lru_cache(maxsize=1 << 16)  # asked for every form of every entity when types are decided
def canonical_alias(name: str) -> str:
    """The alias table's name for `name`, or `name` itself."""
    return _ALIAS_EXACT.get(name) or _ALIAS_KEYS.get(name_key(name)) or name


def table_aliases(name: str) -> tuple[str, ...]:
    return ALIASES.get(name, ())


def initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper() and w.lower() not in _PARTICLES)
