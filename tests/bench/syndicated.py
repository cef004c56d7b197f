"""A synthetic corpus with heavy syndication, the case that once chained 78,052 of 100,000
articles into one "story": wire leads reused by several outlets, each with a tail of its own,
and round-ups that put the leads of two stories side by side.

Built from the bench generator's vocabulary and sentences. Each original gets 0 to 6 copies
(2.4 on average) that keep its first three to five paragraphs and add up to two of their own,
a day or two later, from another outlet. Every fortieth article is a round-up of the two
stories before it, days after both: two lead paragraphs of each and two of its own, so
no source holds most of it, but a short copy of either is mostly inside it, and a grouping
that chains through copies joins two stories through it. The truth is which
original each article derives from; a round-up derives from nothing but itself.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from tests.synthetic import (
    FIRST_NAMES,
    OUTLETS,
    _article,
    _general_vocabulary,
    _sentence,
    _topic,
    _word,
    _write,
    _Zipf,
)

COPIES = [0, 0, 1, 1, 2, 2, 3, 4, 5, 6]  # copies of one original, drawn evenly: 2.4 on average
ROUND_UP_EVERY = 40  # originals
START = date(2021, 1, 1)
DAYS = 720  # the span the originals are spread over


def generate_syndicated(root: Path, articles: int, topics: int, seed: int = 23) -> dict[str, str]:
    """Write `articles` files under `root`; return each article's original (itself for an
    original or a round-up)."""
    rng = random.Random(seed)
    general = _Zipf(_general_vocabulary())
    shared_pool = [_word(rng, 3) for _ in range(60)]
    public_figures = [f"{rng.choice(FIRST_NAMES)} {_word(rng, 3).capitalize()}" for _ in range(6)]
    themes = [_topic(rng, n, shared_pool, public_figures) for n in range(topics)]
    originals = int(articles / (1 + sum(COPIES) / len(COPIES) + 1 / ROUND_UP_EVERY))
    truth: dict[str, str] = {}
    recent: list[tuple[list[str], date]] = []  # the last two originals: paragraphs, date
    n = 0
    while len(truth) < articles:
        topic = themes[n % topics]
        title, paragraphs = _article(rng, general, topic)
        day = START + timedelta(days=n * DAYS // max(1, originals))
        outlet = rng.choice(OUTLETS)
        original = f"o{n:06d}"
        _write(root, original, title, day.isoformat(), outlet, paragraphs)
        truth[original] = original
        for k in range(min(rng.choice(COPIES), articles - len(truth))):
            lead = paragraphs[: rng.randint(3, 5)]
            tail = [" ".join(_sentence(rng, general, topic) for _ in range(2)) for _ in range(rng.randint(0, 2))]
            copy = f"{original}c{k}"
            when = day + timedelta(days=rng.randint(0, 2))
            source = rng.choice([o for o in OUTLETS if o != outlet])
            _write(root, copy, title, when.isoformat(), source, lead + tail)
            truth[copy] = original
        recent = [*recent[-1:], (paragraphs, day)]
        if n % ROUND_UP_EVERY == ROUND_UP_EVERY - 1 and len(recent) == 2 and len(truth) < articles:
            (first, first_day), (second, second_day) = recent
            round_up = f"r{n:06d}"
            when = max(first_day, second_day) + timedelta(days=rng.randint(4, 6))
            own = [" ".join(_sentence(rng, general, topic) for _ in range(3)) for _ in range(2)]
            body = first[:2] + second[:2] + own
            _write(root, round_up, f"Round-up: {title}", when.isoformat(), rng.choice(OUTLETS), body)
            truth[round_up] = round_up
        n += 1
    return truth
