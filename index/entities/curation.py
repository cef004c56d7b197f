"""The reader's corrections to the automatic entities: rename, merge, split, retype, hide. Kept as
rules with the reader's state (not in the index), so they are applied again on top of every
resolution: after `index --rebuild`, and to articles added later that name the same entity
(entity ids come from names, so a rule's ids hold across builds)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from index.entities.names import canonical_alias, name_key
from index.entities.resolve import Entity, display_name, slug

ACTIONS = ("rename", "merge", "split", "retype", "hide", "unhide")
TYPES = ("person", "org", "place")


class RuleError(ValueError):
    """A rule that cannot be written as asked (an unknown type, an entity merged with itself)."""


@dataclass(frozen=True)
class Spelling:
    """What the corpus says under one spelling key (resolution's group): the forms written
    and the articles, with their mentions. An entity gathers one or more of them ('Putin'
    alone joins 'Vladimir Putin'); a split takes one back out."""

    forms: dict[str, int]
    articles: dict[str, int]


Spellings = Callable[[], Mapping[str, Spelling]]  # read only when a split needs them


@dataclass(frozen=True)
class Curated:
    """The entities as the reader corrected them, and those hidden (still found by id, for
    unhide and for the list of rules)."""

    entities: list[Entity]
    hidden: dict[str, Entity]


def rule(action: str, entity_id: str, value: str | list[str] | None = None) -> dict[str, Any]:
    """One rule as it is stored: {"action", "id"} and, for some, "name", "type" or "with"."""
    if action == "rename":
        if not isinstance(value, str) or not value.strip():
            raise RuleError("a new name is needed: explorer entities rename ID NAME")
        return {"action": action, "id": entity_id, "name": " ".join(value.split())}
    if action == "retype":
        if value not in TYPES:
            raise RuleError(f"{value} is not a type: {', '.join(TYPES)}")
        return {"action": action, "id": entity_id, "type": value}
    if action == "merge":
        others = [v for v in (value or []) if v != entity_id]
        if not others:
            raise RuleError("merge needs another entity: explorer entities merge ID OTHER_ID…")
        return {"action": action, "id": entity_id, "with": list(dict.fromkeys(others))}
    if action == "split":
        if not isinstance(value, str) or not value.strip():
            raise RuleError("the spelling to split off is needed: explorer entities split ID ALIAS")
        return {"action": action, "id": entity_id, "alias": " ".join(value.split())}
    if action in ("hide", "unhide"):
        return {"action": action, "id": entity_id}
    raise RuleError(f"{action} is not a curation: {', '.join(ACTIONS)}")


def apply(entities: list[Entity], rules: list[dict[str, Any]], spellings: Spellings | None = None) -> Curated:
    """The rules, oldest first, on the automatic entities. A rule about an entity no longer
    there (its articles deleted) is passed over, and so is one a newer version wrote, and a
    split whose spelling the entity no longer gathers apart from its name."""
    by_id = {e.id: copy(e) for e in entities}
    hidden: dict[str, Entity] = {}
    known: Mapping[str, Spelling] | None = None
    for one in rules:
        action, entity_id = one.get("action"), one.get("id")
        entity = by_id.get(str(entity_id))
        if entity is None:
            continue
        if action == "rename" and isinstance(one.get("name"), str):
            if entity.name not in entity.aliases:
                entity.aliases.append(entity.name)
            entity.name = one["name"]
        elif action == "retype" and one.get("type") in TYPES:
            entity.type = one["type"]
        elif action == "merge" and isinstance(one.get("with"), list):
            for other_id in one["with"]:
                other = by_id.pop(str(other_id), None)
                if other is not None and other is not entity:
                    _absorb(entity, other)
        elif action == "split" and isinstance(one.get("alias"), str) and spellings is not None:
            known = spellings() if known is None else known
            try:
                part = split_off(entity, one["alias"], known, by_id)
            except RuleError:
                continue
            by_id[part.id] = part
        elif action == "hide":
            hidden[entity.id] = entity
        elif action == "unhide":
            hidden.pop(entity.id, None)
    shown = [entity for entity in by_id.values() if entity.id not in hidden]
    shown.sort(key=lambda e: (-len(e.articles), -e.mentions, e.name))  # as resolution orders them
    return Curated(shown, hidden)


def _absorb(entity: Entity, other: Entity) -> None:
    """`other`'s names, articles and spellings become `entity`'s."""
    for alias in [other.name, *other.aliases]:
        if alias != entity.name and alias not in entity.aliases:
            entity.aliases.append(alias)
    for article, mentions in other.articles.items():
        entity.articles[article] = entity.articles.get(article, 0) + mentions
    entity.keys = list(dict.fromkeys([*entity.keys, *other.keys]))


def merged_into(entity_id: str, rules: list[dict[str, Any]]) -> str | None:
    """The entity a merge rule took this one into, followed through later merges (None: no
    rule did)."""
    into = None
    for one in rules:
        if one.get("action") == "merge" and (into or entity_id) in one.get("with", []):
            into = str(one.get("id"))
    return into


def copy(entity: Entity | None) -> Entity:
    """An entity the rules may change without changing the table it came from."""
    assert entity is not None
    return replace(entity, aliases=list(entity.aliases), articles=dict(entity.articles), keys=list(entity.keys))


def split_off(entity: Entity, alias: str, spellings: Mapping[str, Spelling], taken: Mapping[str, Entity]) -> Entity:
    """The entity that `alias`'s spelling becomes, taken out of `entity` (its articles and
    forms leave it; an article that names both stays in both). A spelling is what resolution
    keys a name by: 'Putin' alone in an article is the spelling 'putin', but 'Putin' after
    'Vladimir Putin' in the same article counts as the full name. Raises RuleError when the
    entity gathers no such spelling, or when it is its own name's."""
    key, own = name_key(canonical_alias(alias)), name_key(canonical_alias(entity.name))
    found_as = entity.id.split("/", 1)[-1].rstrip("-")  # the id is made of the name it was found under
    if key == own or slug(canonical_alias(alias)) == found_as:
        raise RuleError(f"‘{alias}’ is how {entity.id}'s own name is written; split off another of its names")
    if key not in entity.keys or key not in spellings or len(entity.keys) < 2:
        others = [a for a in entity.aliases if name_key(canonical_alias(a)) in set(entity.keys) - {own}]
        hint = f"; it can split off {', '.join(others[:8])}" if others else ""
        if any(name_key(canonical_alias(a)) == key for a in entity.aliases):
            raise RuleError(
                f"‘{alias}’ is written only where ‘{entity.name}’ is too, and counts as that name there: "
                f"no article names it alone{hint}"
            )
        raise RuleError(f"{entity.name} is never written ‘{alias}’ on its own{hint}")
    part = spellings[key]
    for article, mentions in part.articles.items():
        left = entity.articles.get(article, 0) - mentions
        if left > 0:
            entity.articles[article] = left
        else:
            entity.articles.pop(article, None)
    entity.keys.remove(key)
    kept = {form for k in entity.keys if k in spellings for form in spellings[k].forms}
    entity.aliases[:] = [a for a in entity.aliases if a == entity.name or a in kept or a not in part.forms]
    name = canonical_alias(display_name(Counter(part.forms)))
    new_id = f"{entity.type}/{slug(name)}"
    while new_id in taken:  # as resolution names two people of one name
        new_id += "-"
    aliases = sorted(part.forms, key=lambda a: (-part.forms[a], a))
    return Entity(new_id, name, entity.type, aliases, dict(part.articles), [key])
