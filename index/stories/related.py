"""Related articles: ranked by how alike their texts are, explained by what they share.

Candidates are the best matches of the article's most distinctive words (and the
articles sharing its rarer entities); each is ranked by the tf-idf cosine of the two
bodies. On real labelled news (`make eval`: Reuters stories and their topics) that
ranking agrees with the topics more often than one that also rewards shared entities
or closeness in time, so those are not in the score: they are said as reasons
("shares 3 people: ...", "common terms: sanctions, Rosneft", "2 days apart") beside it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from index.records import ENTITY_KINDS

SHOWN_NAMES = 5
SHOWN_TERMS = 6


@dataclass(frozen=True)
class Evidence:
    """What one candidate shares with the article it may relate to."""

    common_terms: list[str]  # surface words, strongest first
    text: float  # tf-idf cosine similarity of the bodies, 0..1
    shared: list[tuple[str, str, float]]  # (name, type, rarity weight), rarest first
    entities: float  # rarity-weighted share of the article's entities, 0..1
    days_apart: int | None

    @property
    def score(self) -> float:
        return self.text

    @property
    def is_related(self) -> bool:
        """Any word in common beyond stop words: every article gets its nearest neighbours,
        weak ones ranked last, and the reasons say how little they share."""
        return self.text > 0


def rarity(document_frequency: int, total: int) -> float:
    """An entity named by every article says nothing; one named by two says a lot."""
    return math.log((total + 1) / (document_frequency + 1))


def days_between(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)


def entity_evidence(
    mine: dict[str, tuple[str, str, float]], theirs: Iterable[str]
) -> tuple[list[tuple[str, str, float]], float]:
    """Shared entities (rarest first) and their rarity-weighted share of mine.

    `mine` maps entity id -> (name, type, rarity)."""
    shared = sorted((mine[e] for e in set(theirs) if e in mine), key=lambda s: (-s[2], s[0]))
    total = sum(w for _, _, w in mine.values())
    return shared, (sum(w for _, _, w in shared) / total if total else 0.0)


def describe(evidence: Evidence, full: bool = False) -> list[str]:
    """The reasons in words: the shared entities and the strongest shared words (all of
    them when `full`), and how far apart in time."""
    reasons = []
    if evidence.shared:
        reasons.append(_entity_reason(evidence.shared, None if full else SHOWN_NAMES))
    if evidence.common_terms:
        reasons.append("common terms: " + ", ".join(evidence.common_terms[: None if full else SHOWN_TERMS]))
    if evidence.days_apart is not None:
        reasons.append("published the same day" if evidence.days_apart == 0 else _days(evidence.days_apart))
    return reasons


def _days(days: int) -> str:
    return f"published {days} day{'s' if days != 1 else ''} apart"


def _entity_reason(shared: list[tuple[str, str, float]], shown: int | None) -> str:
    kinds = Counter(kind for _, kind, _ in shared)
    singular = len(shared) == 1
    words = [kind.one if singular else kind.many for key, kind in ENTITY_KINDS.items() if key in kinds]
    what = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    names = ", ".join(name for name, _, _ in shared[:shown]) + (", …" if shown and len(shared) > shown else "")
    return f"shares {len(shared)} {what}: {names}"
