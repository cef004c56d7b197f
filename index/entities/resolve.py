"""Resolve mentions into canonical entities across a corpus.

Pure functions, no spaCy: the input is what extraction found (surface text, label,
where, context), the output is one entity per real-world thing, with a display name,
a type decided by the votes of all its mentions, aliases, and mention counts per article.

Rules, in order:
1. clean each mention: titles, possessives and leading articles go; junk is dropped;
2. within an article, a short form folds into the one full name it abbreviates
   ("Lavrov" into "Sergei Lavrov", "NATO" into "North Atlantic Treaty Organization",
   "Stewart" into "Stewart Downing"), unless the short form is a prominent place (a
   country, a city of millions) the article calls a place ("London" stays apart from
   "Michael London");
3. across articles, names with the same key merge (case, accents, particles and, in
   full names, transliterations: Sergei/Sergey), as do names the alias table lists
   as one (U.S., US, United States);
4. a surname seen alone joins the one person in the corpus who carries it, or the one
   who carries it far more often than all others together, when its own mentions
   say person;
5. the type comes from all the votes together with the name's own evidence
   (`index.entities.entity_types`); a name that is no person, organization or place is dropped;
   the display name is the fullest common form.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from index.entities import gazetteer
from index.entities.entity_types import CUE_WEIGHT, DEFINITE, KINDS, LABEL_KINDS, decide, name_shape
from index.entities.names import canonical_alias, clean_name, fold, initials, name_key, table_aliases, token_key

# How much one mention's label counts, by how it was found: a dateline is a place by
# position, and a name in a results table a team or a player; a copy of a name found
# elsewhere in the article and a name in a line of capitals (where the model's labels
# are guesses) count as mentions but do not vote.
ORIGIN_WEIGHT = {"model": 1, "dateline": CUE_WEIGHT, "row": CUE_WEIGHT, "echo": 0, "caps": 0}
DOMINANT = 3  # a full name this many times as common as all its namesakes owns their lone surname


@dataclass(frozen=True)
class Mention:
    """One name found in one part of one article."""

    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, LOC, FAC, NORP, ...
    field: str = "body"  # title, dek or body
    start: int = 0
    end: int = 0
    cue: str | None = None  # what the context shows, whatever the label: a kind, or "the" ('the Oscars')
    origin: str = "model"  # model, dateline, row, echo or caps (ORIGIN_WEIGHT)
    place: str | None = None  # what the gazetteer calls the text (gazetteer.grade): country, ..., city


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


@dataclass(frozen=True)
class Share:
    """One mention's part in the entity it names, as decided within its article."""

    key: str  # key of the name it stands for (the full name, for a short form)
    form: str  # the name as the article writes it
    kind: str | None  # its type vote; None when it does not vote
    cue: str | None  # what its context shows (counted CUE_WEIGHT times)
    field: str
    start: int
    end: int
    weight: int = 1  # how many votes its kind is worth


@dataclass
class _Group:
    """Everything the corpus says under one key: forms, votes, articles."""

    key: str
    forms: Counter[str] = field(default_factory=Counter)  # surface name -> count
    votes: Counter[str] = field(default_factory=Counter)  # kind (or cue) -> votes
    articles: Counter[str] = field(default_factory=Counter)  # article id -> mentions
    # The type decided from these votes and forms, kept until they change: an indexing
    # run decides again only the groups its articles touch.
    decided: list[str | None] | None = None

    def kind(self) -> str | None:
        if self.decided is None:
            self.decided = [decide(self.votes, self.forms) if self.forms else None]
        return self.decided[0]

    def count(self, share: Share, article_id: str, sign: int) -> None:
        self.decided = None
        _bump(self.forms, share.form, sign)
        if share.kind and share.weight:
            _bump(self.votes, share.kind, sign * share.weight)
        if share.cue:
            _bump(self.votes, share.cue, sign * (1 if share.cue == DEFINITE else CUE_WEIGHT))
        _bump(self.articles, article_id, sign)


def _bump(counter: Counter[str], key: str, by: int) -> None:
    counter[key] += by
    if counter[key] <= 0:
        del counter[key]


def _vote(votes: Counter[str], kind: str | None, weight: int, cue: str | None) -> None:
    if kind and weight:
        votes[kind] += weight
    if cue:
        votes[cue] += 1 if cue == DEFINITE else CUE_WEIGHT


def _leading(votes: Counter[str]) -> str | None:
    kinds = {k: votes[k] for k in (*KINDS, "misc") if votes[k] > 0}
    if not kinds:
        return None
    if votes[DEFINITE]:
        kinds["person"] = kinds.get("person", 0) - CUE_WEIGHT * votes[DEFINITE]
    return max(kinds, key=lambda k: (kinds[k], k == "person", k == "org"))


def _fold_short_forms(votes: dict[str, Counter[str]], places: dict[str, str | None]) -> dict[str, str]:
    """Within one article: map each short form to the full name it abbreviates.

    `votes` maps cleaned name -> votes in this article, in the order the article
    introduces them; the result maps every name to its head. A surname folds into a
    full name the article calls a person, whatever the model called the surname (small
    models often tag 'Lavrov' as ORG), unless the surname is a prominent place the
    article calls a place. Of two people with one surname ('George W. Bush', 'Laura
    Bush'), the surname alone is the one the article introduced first, as news style has it."""
    full_people = [
        n for n, v in votes.items() if len(n.split()) > 1 and _leading(v) == "person" and name_shape(n) != "org"
    ]
    full_orgs = [n for n, v in votes.items() if _leading(v) == "org" and len(n.split()) > 2]
    heads: dict[str, str] = {}
    for name in votes:
        head = name
        if len(name.split()) == 1:
            key = token_key(name)
            by_surname = [p for p in full_people if token_key(p.split()[-1]) == key]
            by_first_name = [p for p in full_people if token_key(p.split()[0]) == key]
            by_acronym = [o for o in full_orgs if name.isupper() and initials(o) == name]
            a_place = places.get(name) in gazetteer.PROMINENT and _leading(votes[name]) in ("place", None)
            if by_surname and not a_place:
                head = by_surname[0]
            elif not by_surname and len(by_first_name) == 1 and not a_place:
                head = by_first_name[0]
            elif len(by_acronym) == 1:
                head = by_acronym[0]
        heads[name] = head
    return heads


def shares(mentions: list[Mention]) -> list[Share]:
    """Rules 1 and 2, within one article: clean each mention and fold short forms into
    the full names they abbreviate."""
    cleaned: list[tuple[str, Mention]] = []
    for mention in mentions:
        kind = LABEL_KINDS.get(mention.label)
        name = clean_name(mention.text, kind) if kind else None
        if name:
            cleaned.append((name, mention))
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    places: dict[str, str | None] = {}
    for name, mention in cleaned:
        _vote(votes[name], LABEL_KINDS[mention.label], ORIGIN_WEIGHT[mention.origin], mention.cue)
        places[name] = places.get(name) or mention.place
    heads = _fold_short_forms(votes, places)
    out = []
    for name, mention in cleaned:
        head = heads[name]
        if head == name:
            kind, cue = LABEL_KINDS[mention.label], mention.cue
        else:  # a short form votes as its full name does
            kind, cue = _leading(votes[head]), None
        key = name_key(canonical_alias(head))
        out.append(
            Share(key, name, kind, cue, mention.field, mention.start, mention.end, ORIGIN_WEIGHT[mention.origin])
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
        kinds = {key: group.kind() for key, group in self.groups.items()}
        owners = _lone_surname_owners(self.groups, kinds)
        gathered: dict[str, list[_Group]] = defaultdict(list)
        for key in sorted(self.groups):
            gathered[owners.get(key, key)].append(self.groups[key])
        return _entities(_merged(gathered[head]) for head in sorted(gathered))

    def to_json(self) -> dict[str, list[object]]:
        return {
            k: [dict(g.forms), dict(g.votes), dict(g.articles), *([g.decided] if g.decided else [])]
            for k, g in self.groups.items()
        }

    @classmethod
    def from_json(cls, payload: dict[str, Any]) -> Tally:
        tally = cls()
        for key, (forms, votes, articles, *decided) in payload.items():
            group = _Group(key, Counter(forms), Counter(votes), Counter(articles), decided[0] if decided else None)
            tally.groups[key] = group
        return tally


def _merged(groups: list[_Group]) -> tuple[_Group, list[str]]:
    """One group of all `groups` (a person and the lone surname that joins them), with their keys."""
    if len(groups) == 1:
        return groups[0], [groups[0].key]
    whole = _Group(groups[0].key)
    for group in groups:
        whole.forms.update(group.forms)
        whole.votes.update(group.votes)
        whole.articles.update(group.articles)
    return whole, [group.key for group in groups]


def resolve(mentions_by_article: dict[str, list[Mention]]) -> list[Entity]:
    """Canonical entities of a whole corpus at once."""
    tally = Tally()
    for article_id, mentions in sorted(mentions_by_article.items()):
        tally.add(article_id, shares(mentions))
    return tally.entities()


def _lone_surname_owners(groups: dict[str, _Group], kinds: dict[str, str | None]) -> dict[str, str]:
    """'Putin' alone joins 'Vladimir Putin' when he is the only Putin in the corpus, or
    the Putin named far more often than all the others: lone surname key -> the key of
    that person. Only a lone name whose own votes say person joins ('London' the city
    never becomes 'Michael London')."""
    by_surname: dict[str, list[_Group]] = defaultdict(list)
    for key, group in groups.items():
        if len(key.split()) > 1 and kinds.get(key) == "person":
            by_surname[token_key(key.split()[-1])].append(group)
    owners = {}
    for key, group in groups.items():
        namesakes = by_surname.get(token_key(key)) if len(key.split()) == 1 else None
        if not namesakes or kinds.get(key) != "person" or _leading(group.votes) != "person":
            continue
        ranked = sorted(namesakes, key=lambda g: (-len(g.articles), g.key))
        rest = sum(len(g.articles) for g in ranked[1:])
        if len(ranked[0].articles) >= DOMINANT * rest:
            owners[key] = ranked[0].key
    return owners


def display_name(forms: Counter[str]) -> str:
    """The fullest common form: most words, then longest ('Bashar al-Assad' over
    'Bashar Assad'), then most used ('Sergey Lavrov' 3 times over 'Sergei Lavrov' once).
    A form in capitals is shown only when the entity is never written otherwise."""

    def fullness(form: str) -> tuple[int, int, int, str]:
        return len(form.split()), len(form), forms[form], form

    best = max(forms, key=fullness)
    if _shouting(best):
        written = [form for form in forms if not _shouting(form)]
        best = max(written, key=fullness) if written else best
    return best


def _shouting(form: str) -> bool:
    return len(form) > 4 and form.isupper()


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def _entities(gathered: Iterable[tuple[_Group, list[str]]]) -> list[Entity]:
    entities: dict[str, Entity] = {}
    for group, keys in gathered:
        kind = group.kind()
        if kind is None:
            continue
        name = canonical_alias(display_name(group.forms))
        entity_id = f"{kind}/{slug(name)}"
        while entity_id in entities:  # two people with one name stay two entities
            entity_id += "-"
        aliases = sorted(set(group.forms) | set(table_aliases(name)), key=lambda a: (-group.forms[a], a))
        entities[entity_id] = Entity(
            id=entity_id, name=name, type=kind, aliases=aliases, articles=dict(group.articles), keys=keys
        )
    return sorted(entities.values(), key=lambda e: (-len(e.articles), -e.mentions, e.name))
