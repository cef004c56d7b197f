"""Name-level scoring of reported entities against gold names, the way
`../shared/eval/README.md` says the product is judged.

Per document, an entity the product reports (a name, its type, its aliases) is right when
its name or any alias equals a gold name of the same type, after case and accent folding.
Precision = right reported entities / reported entities; recall = gold names matched /
gold names. Counts are summed over documents (micro-average), per type and overall;
`misc` and reported types other than person, org and place are not scored.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

TYPES = ("person", "org", "place")


@dataclass(frozen=True)
class Reported:
    """One entity as the product reports it for one document."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()


def fold(text: str) -> str:
    """Case and accent folding (and runs of spaces made one)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


@dataclass
class Scores:
    right: Counter = field(default_factory=Counter)  # type -> right reported entities
    reported: Counter = field(default_factory=Counter)  # type -> reported entities
    matched: Counter = field(default_factory=Counter)  # type -> gold names matched
    gold: Counter = field(default_factory=Counter)  # type -> gold names
    wrong: list[str] = field(default_factory=list)  # "doc: type name" of reported entities that are not right
    missed: list[str] = field(default_factory=list)  # "doc: type name" of gold names no entity matched

    def precision(self, kind: str | None = None) -> float:
        right, reported = self._sum(self.right, kind), self._sum(self.reported, kind)
        return right / reported if reported else 0.0

    def recall(self, kind: str | None = None) -> float:
        matched, gold = self._sum(self.matched, kind), self._sum(self.gold, kind)
        return matched / gold if gold else 0.0

    def f1(self, kind: str | None = None) -> float:
        p, r = self.precision(kind), self.recall(kind)
        return 2 * p * r / (p + r) if p + r else 0.0

    @staticmethod
    def _sum(counter: Counter, kind: str | None) -> int:
        return sum(counter.values()) if kind is None else counter[kind]

    def table(self) -> list[tuple[str, float, float, float]]:
        """(type, precision, recall, F1) per type, then 'all'."""
        rows = [(kind, self.precision(kind), self.recall(kind), self.f1(kind)) for kind in TYPES]
        return [*rows, ("all", self.precision(), self.recall(), self.f1())]


def score(reported: Mapping[str, Iterable[Reported]], gold: Mapping[str, Mapping[str, list[str]]]) -> Scores:
    """Scores of `reported` (document -> entities) against `gold` (document -> type -> names).
    A document missing from `reported` reported nothing."""
    scores = Scores()
    for doc, by_type in gold.items():
        wanted = {kind: {fold(name) for name in by_type.get(kind, [])} for kind in TYPES}
        found: dict[str, set[str]] = {kind: set() for kind in TYPES}
        for entity in reported.get(doc, ()):
            if entity.type not in TYPES:
                continue
            names = {fold(n) for n in (entity.name, *entity.aliases)}
            hits = names & wanted[entity.type]
            scores.reported[entity.type] += 1
            if hits:
                scores.right[entity.type] += 1
                found[entity.type] |= hits
            else:
                scores.wrong.append(f"{doc}: {entity.type} {entity.name}")
        for kind in TYPES:
            scores.gold[kind] += len(wanted[kind])
            scores.matched[kind] += len(found[kind])
            scores.missed.extend(f"{doc}: {kind} {name}" for name in sorted(wanted[kind] - found[kind]))
    return scores
