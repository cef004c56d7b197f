"""Precision and recall of canonical entities against the hand-written gold list."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from index.entities.names import canonical_alias, name_key
from index.entities.resolve import Entity

TYPES = ("person", "org", "place")


def _keys(names: list[str]) -> set[str]:
    return {name_key(canonical_alias(n)) for n in names}


@dataclass
class Score:
    true_positive: Counter
    predicted: Counter
    expected: Counter
    misses: list[str]
    extras: list[str]

    def precision(self, kind: str | None = None) -> float:
        tp = sum(self.true_positive.values()) if kind is None else self.true_positive[kind]
        total = sum(self.predicted.values()) if kind is None else self.predicted[kind]
        return tp / total if total else 1.0

    def recall(self, kind: str | None = None) -> float:
        tp = sum(self.true_positive.values()) if kind is None else self.true_positive[kind]
        total = sum(self.expected.values()) if kind is None else self.expected[kind]
        return tp / total if total else 1.0


def score(entities: list[Entity], gold: dict) -> Score:
    result = Score(Counter(), Counter(), Counter(), [], [])
    for article_id, expected in gold.items():
        predicted = [e for e in entities if article_id in e.articles]
        optional = set().union(*(_keys([o["name"], *o["aliases"]]) for o in expected.get("optional", [])))
        matched: set[str] = set()
        for entity in predicted:
            keys = _keys([entity.name, *entity.aliases])
            hit = next(
                (
                    (kind, g["name"])
                    for kind in TYPES
                    for g in expected[kind]
                    if keys & _keys([g["name"], *g["aliases"]])
                ),
                None,
            )
            if hit is None and keys & optional:
                continue
            result.predicted[entity.type] += 1
            if hit and hit[0] == entity.type and hit[1] not in matched:
                matched.add(hit[1])
                result.true_positive[entity.type] += 1
            else:
                result.extras.append(
                    f"{article_id}: {entity.type} {entity.name}" + (f" (gold: {hit[0]})" if hit else "")
                )
        for kind in TYPES:
            for g in expected[kind]:
                result.expected[kind] += 1
                if g["name"] not in matched:
                    result.misses.append(f"{article_id}: {kind} {g['name']}")
    return result
