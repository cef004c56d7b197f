"""Resolve raw NER mentions into canonical entities across a corpus.

Pure functions, no spaCy: the input is what the model said (surface text, label,
where), the output is one entity per real-world thing, with a display name, a type
decided by majority, aliases, and mention counts per article.

Rules, in order:
1. clean each mention: titles, possessives and leading articles go; junk is dropped;
2. within an article, a short form (a surname, an acronym) folds into the full name
   it abbreviates ("Lavrov" into "Sergei Lavrov"), taking the full name's type;
3. across articles, names with the same spelling key merge (accents, transliteration
   variants and particles folded: Sergei/Sergey, Guaidó/Guaido, al-Assad/Assad), as
   do names the alias table lists as one (U.S., US, United States);
4. a surname seen alone in an article that names no one by it joins the one person
   in the corpus whose surname it is, if there is exactly one;
5. the type is the majority of the mentions' types; the display name is the fullest
   common form.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from index.aliases import ALIASES

CUE_WEIGHT = 2  # context ('analyst X', 'X said she') outweighs one label from the model
TYPES = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place"}

_TITLES = {
    "president", "vice", "prime", "minister", "foreign", "defense", "defence", "secretary", "state", "of",
    "senator", "sen", "rep", "representative", "governor", "gov", "general", "gen", "adviser", "advisor",
    "spokesman", "spokeswoman", "spokesperson", "leader", "dictator", "king", "queen", "prince", "princess",
    "pope", "chancellor", "ambassador", "mr", "mrs", "ms", "dr", "sir", "dame", "deputy", "director",
    "chairman", "chairwoman", "chair", "ceo", "judge", "justice", "envoy", "special", "national", "security",
    "analyst", "opposition", "interim", "former", "late", "u.s", "u.s.", "us", "russian", "venezuelan",
    "american", "syrian", "chief", "commander", "colonel", "col", "lt", "captain", "capt", "lord",
    "mayor", "premier", "sheikh", "emir", "crown", "first", "lady", "archbishop", "bishop", "rev",
}  # fmt: skip
_PARTICLES = {"al", "el", "bin", "ibn", "abu", "de", "da", "del", "der", "van", "von", "la", "le", "du"}
_JUNK = {
    "he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "his", "hers", "their", "this", "that",
    "state", "president", "minister", "secretary", "government", "email", "subscribe", "comments", "said",
    "facebook", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
}  # fmt: skip
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_ABBREVIATION = re.compile(r"(?:[A-Z]\.){2,}")
_LEADING_THE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """One span the model tagged, as found in one part of one article."""

    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, LOC, ...
    field: str = "body"  # title, dek or body
    start: int = 0
    end: int = 0
    cue: str | None = None  # a type the context shows ('analyst X', 'X said she'), whatever the label


@dataclass
class Entity:
    id: str
    name: str
    type: str  # person, org or place
    aliases: list[str]
    articles: dict[str, int] = field(default_factory=dict)  # article id -> mentions
    keys: list[str] = field(default_factory=list)  # the spelling keys of the mentions it gathers

    @property
    def mentions(self) -> int:
        return sum(self.articles.values())


def fold(text: str) -> str:
    """Lower case without accents."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _token_key(token: str) -> str:
    """Spelling key of one name token: Sergey/Sergei, Yury/Yuri, Zelenskyy/Zelenskiy."""
    token = token.replace("y", "i")
    token = re.sub(r"(.)\1+", r"\1", token)
    return token


def name_key(name: str) -> str:
    """The spelling-insensitive key two mentions of one name share."""
    tokens = re.findall(r"[a-z0-9]+", fold(name).replace("'", ""))
    kept = [t for t in tokens if t not in _PARTICLES and t != "the"] or tokens
    return " ".join(_token_key(t) for t in kept)


_ALIAS_KEYS = {name_key(alias): canonical for canonical, aliases in ALIASES.items() for alias in (canonical, *aliases)}
# Abbreviations are matched on their exact letters: "US" the country, not "us" the pronoun.
_ALIAS_EXACT = {alias: canonical for canonical, aliases in ALIASES.items() for alias in aliases if alias.isupper()}


def clean_name(text: str, kind: str | None = "person") -> str | None:
    """The name inside a mention, or None for junk ('he', 'the President', '2019').

    Titles are stripped from people only: 'Foreign Minister Lavrov' is Lavrov, but the
    'Foreign Ministry' keeps its first word."""
    name = " ".join(text.split())
    name = _LEADING_THE.sub("", name)
    name = _POSSESSIVE.sub("", name).strip(" ,;:-\"'“”‘’()[]")
    if name in _ALIAS_EXACT:
        return name
    if not _ABBREVIATION.fullmatch(name):
        name = name.rstrip(".")
    words = name.split()
    while kind == "person" and len(words) > 1 and words[0].lower().rstrip(".") in _TITLES:
        words = words[1:]
    name = " ".join(words)
    if len(name) < 2 or not re.search(r"[^\W\d_]", name) or not name[0].isupper():
        return None
    if name.lower() in _JUNK or name.lower().rstrip(".") in _TITLES:
        return None
    return name


def canonical_alias(name: str) -> str:
    """The alias table's name for `name`, or `name` itself."""
    return _ALIAS_EXACT.get(name) or _ALIAS_KEYS.get(name_key(name)) or name


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper() and w.lower() not in _PARTICLES)


@dataclass(frozen=True)
class Share:
    """One mention's part in the entity it names, as decided within its article."""

    key: str  # spelling key of the name it stands for (the full name, for a short form)
    form: str  # the cleaned name as written
    kind: str  # its type vote (a short form takes the type of its full name)
    cue: str | None  # a type the context shows, counted CUE_WEIGHT times
    field: str
    start: int
    end: int


@dataclass
class _Group:
    """Everything the corpus says under one spelling key: forms, type votes, articles."""

    key: str
    forms: Counter = field(default_factory=Counter)  # surface name -> count
    votes: Counter = field(default_factory=Counter)  # type -> count
    articles: Counter = field(default_factory=Counter)  # article id -> mentions

    def count(self, share: Share, article_id: str, sign: int) -> None:
        _bump(self.forms, share.form, sign)
        _bump(self.votes, share.kind, sign)
        if share.cue:
            _bump(self.votes, share.cue, sign * CUE_WEIGHT)
        _bump(self.articles, article_id, sign)


def _bump(counter: Counter, key: str, by: int) -> None:
    counter[key] += by
    if counter[key] <= 0:
        del counter[key]


def _fold_short_forms(votes: dict[str, Counter]) -> dict[str, str]:
    """Within one article: map each short form to the full name it abbreviates.

    `votes` maps cleaned name -> type votes; the result maps every name to its head.
    A surname folds into a full name that anything called a person, whatever the model
    called the surname (small models often tag 'Lavrov' as ORG or 'Pompeo' as GPE)."""
    full_people = [n for n, v in votes.items() if v["person"] and len(n.split()) > 1]
    full_orgs = [n for n, v in votes.items() if v.most_common(1)[0][0] == "org" and len(n.split()) > 2]
    heads: dict[str, str] = {}
    for name in votes:
        head = name
        if len(name.split()) == 1:
            key = name_key(name)
            by_surname = [p for p in full_people if name_key(p.split()[-1]) == key]
            by_acronym = [o for o in full_orgs if name.isupper() and _initials(o) == name]
            if len(by_surname) == 1:
                head = by_surname[0]
            elif len(by_acronym) == 1:
                head = by_acronym[0]
        heads[name] = head
    return heads


def shares(mentions: list[Mention]) -> list[Share]:
    """Rules 1 and 2, within one article: clean each mention and fold short forms into
    the full names they abbreviate."""
    cleaned = [(clean_name(m.text, TYPES.get(m.label)), m) for m in mentions if TYPES.get(m.label)]
    cleaned = [(canonical_alias(n), m) for n, m in cleaned if n]
    votes: dict[str, Counter] = defaultdict(Counter)
    for name, mention in cleaned:
        votes[name][TYPES[mention.label]] += 1
        if mention.cue:
            votes[name][mention.cue] += CUE_WEIGHT
    heads = _fold_short_forms(votes)
    out = []
    for name, mention in cleaned:
        head = heads[name]
        own = head == name
        kind = TYPES[mention.label] if own else votes[head].most_common(1)[0][0]
        out.append(
            Share(name_key(head), name, kind, mention.cue if own else None, mention.field, mention.start, mention.end)
        )
    return out


class Tally:
    """Rules 3 to 5 across the corpus. The tally of every article's shares is kept
    between indexing runs, so a run takes out a changed article's old shares and adds
    its new ones instead of reading every article again."""

    def __init__(self) -> None:
        self.groups: dict[str, _Group] = {}

    def add(self, article_id: str, article_shares: list[Share]) -> None:
        self._count(article_id, article_shares, 1)

    def remove(self, article_id: str, article_shares: list[Share]) -> None:
        self._count(article_id, article_shares, -1)

    def _count(self, article_id: str, article_shares: list[Share], sign: int) -> None:
        for share in article_shares:
            group = self.groups.get(share.key)
            if group is None:
                if sign < 0:
                    continue
                group = self.groups[share.key] = _Group(share.key)
            group.count(share, article_id, sign)
            if not group.articles:
                del self.groups[share.key]

    def entities(self) -> list[Entity]:
        owners = _lone_surname_owners(self.groups)
        gathered: dict[str, tuple[_Group, list[str]]] = {}
        for key in sorted(self.groups):
            group = self.groups[key]
            head = owners.get(key, key)
            if head not in gathered:
                gathered[head] = (_Group(head), [])
            whole, keys = gathered[head]
            whole.forms.update(group.forms)
            whole.votes.update(group.votes)
            whole.articles.update(group.articles)
            keys.append(key)
        return _entities(gathered[head] for head in sorted(gathered))

    def to_json(self) -> dict:
        return {k: [dict(g.forms), dict(g.votes), dict(g.articles)] for k, g in self.groups.items()}

    @classmethod
    def from_json(cls, payload: dict) -> Tally:
        tally = cls()
        for key, (forms, votes, articles) in payload.items():
            tally.groups[key] = _Group(key, Counter(forms), Counter(votes), Counter(articles))
        return tally


def resolve(mentions_by_article: dict[str, list[Mention]]) -> list[Entity]:
    """Canonical entities of a whole corpus at once."""
    tally = Tally()
    for article_id, mentions in sorted(mentions_by_article.items()):
        tally.add(article_id, shares(mentions))
    return tally.entities()


def _lone_surname_owners(groups: dict[str, _Group]) -> dict[str, str]:
    """'Putin' alone joins 'Vladimir Putin' when he is the only Putin in the corpus:
    lone surname key -> the key of the one person who has it."""
    people = [g for g in groups.values() if len(g.key.split()) > 1 and g.votes.most_common(1)[0][0] == "person"]
    by_surname: dict[str, list[str]] = defaultdict(list)
    for person in people:
        by_surname[person.key.split()[-1]].append(person.key)
    return {key: by_surname[key][0] for key in groups if len(key.split()) == 1 and len(by_surname.get(key, [])) == 1}


def _display_name(forms: Counter) -> str:
    """The fullest common form: most words, then longest ('Bashar al-Assad' over
    'Bashar Assad'), then most used ('Sergey Lavrov' 3 times over 'Sergei Lavrov' once)."""
    return max(forms, key=lambda f: (len(f.split()), len(f), forms[f], f))


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def _entities(gathered) -> list[Entity]:
    entities: dict[str, Entity] = {}
    for group, keys in gathered:
        kind = max(group.votes, key=lambda t: (group.votes[t], t == "person", t == "org"))
        name = _display_name(group.forms)
        entity_id = f"{kind}/{_slug(name)}"
        while entity_id in entities:  # two people with one name stay two entities
            entity_id += "-"
        aliases = sorted(set(group.forms) | set(ALIASES.get(name, ())), key=lambda a: (-group.forms[a], a))
        entities[entity_id] = Entity(
            id=entity_id, name=name, type=kind, aliases=aliases, articles=dict(group.articles), keys=keys
        )
    return sorted(entities.values(), key=lambda e: (-len(e.articles), -e.mentions, e.name))
