"""The reader's corrections to the automatic entities: rename, merge, retype, hide. Kept as
rules with the reader's state (not in the index), so they are applied again on top of every
resolution: after `index --rebuild`, and to articles added later that name the same entity
(entity ids come from names, so a rule's ids hold across builds)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from index.entities.resolve import Entity

ACTIONS = ("rename", "merge", "retype", "hide", "unhide")
TYPES = ("person", "org", "place")


class RuleError(ValueError):
    """A rule that cannot be written as asked (an unknown type, an entity merged with itself)."""


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
    if action in ("hide", "unhide"):
        return {"action": action, "id": entity_id}
    raise RuleError(f"{action} is not a curation: {', '.join(ACTIONS)}")


def apply(entities: list[Entity], rules: list[dict[str, Any]]) -> Curated:
    """The rules, oldest first, on the automatic entities. A rule about an entity no longer
    there (its articles deleted) is passed over, and so is one a newer version wrote."""
    by_id = {e.id: replace(e, aliases=list(e.aliases), articles=dict(e.articles)) for e in entities}
    hidden: dict[str, Entity] = {}
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
