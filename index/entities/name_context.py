"""What the words around a name show about its kind, whatever label the model gave it.

Pure functions over a text and a name's offsets in it:
- person: a role before ('analyst Vladimir Frolov'), a role in apposition ('Rusakova,
  an analyst at'), speech followed by he/she ('Rusakova said she'), or a country in
  brackets after, as results and lists give a player's or a politician's ('Irina
  Privalova (Russia)');
- org: a role after, before another name ('Kremlin spokesman Dmitry Peskov', 'Apple chief
  Tim Cook'), or a score after one word in a results table ('Somerset 83 and 174');
- the: an article before one word ('the Oscars', 'the Treasury', 'an Oscar'), which a
  person's name does not take (but for 'the Reagan administration').
"""

from __future__ import annotations

import re

from index.entities import gazetteer
from index.entities.name_edges import is_table_line
from index.entities.names import canonical_alias

ROLES = {
    "analyst", "director", "minister", "spokesman", "spokeswoman", "spokesperson", "president", "head", "chief",
    "professor", "expert", "official", "adviser", "advisor", "ambassador", "envoy", "secretary", "founder",
    "ceo", "chairman", "chairwoman", "editor", "correspondent", "researcher", "fellow", "deputy", "senator",
    "governor", "mayor", "lawmaker", "leader", "general", "colonel", "mr", "mrs", "ms", "dr", "author",
    "manager", "coach", "boss", "captain",
}  # fmt: skip
_TITLES_ONLY = {"mr", "mrs", "ms", "dr", "general", "colonel", "head", "fellow", "leader"}
_SPEECH = {"said", "says", "told", "tells", "noted", "added", "wrote", "argued", "explained", "warned", "insisted"}
_PRONOUNS = {"he", "she"}
# Nouns a person's name may modify after 'the' ('the Reagan administration').
_MODIFIED = {
    "administration", "government", "regime", "era", "campaign", "family", "camp", "presidency", "doctrine",
    "years", "cabinet", "aides", "team", "plan", "case", "affair", "trial", "estate", "household", "dynasty",
}  # fmt: skip
_TOKEN = re.compile(r"\w+(?:[.'’-]\w+)*\.?|[^\w\s]")
_SCORE = re.compile(r"\d+(?:-\d+)?")  # 83, 108-3; not bowling figures (10-2-30-1) or times (2:31.4)
_BRACKETS = re.compile(r"\s*\(([^()]{2,40})\)")


def cue(text: str, start: int, end: int) -> str | None:
    before = [t.lower().rstrip(".") for t in _TOKEN.findall(text[max(0, start - 40) : start])[-1:]]
    following = _TOKEN.findall(text[end : end + 160])[:8]
    after = [t.lower() for t in following]
    one_word = " " not in text[start:end].strip()
    if before and before[0] in ROLES:
        return "person"
    if after[:1] == [","]:
        for word in after[1:]:
            if word in ROLES:
                return "person"
            if word in {",", ".", ";", "said", "told"}:
                break
    if len(after) >= 2 and after[0] in _SPEECH and after[1] in _PRONOUNS:
        return "person"
    if _country_in_brackets(text, end):
        return "person"
    if len(after) >= 2 and after[0] in ROLES - _TITLES_ONLY and following[1][:1].isupper():
        return "org"
    if following and _SCORE.fullmatch(following[0]) and (one_word or text[start:end].isupper()):
        line_end = text.find("\n", end)
        if is_table_line(text[text.rfind("\n", 0, start) + 1 : None if line_end < 0 else line_end]):
            return "org"
    if before and before[0] in ("the", "a", "an") and one_word and not (after and after[0] in _MODIFIED):
        return "the"
    return None


def _country_in_brackets(text: str, end: int) -> bool:
    match = _BRACKETS.match(text, end)
    if not match:
        return False
    place = gazetteer.lookup(canonical_alias(match.group(1).strip()))
    return place is not None and place.kind == "country"
