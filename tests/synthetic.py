"""A deterministic synthetic news corpus with known topics and planted same-story copies.

Text is built from real English words (taken from the shipped articles) in Zipfian
proportions, plus per-topic vocabulary, recurring people, organizations and places,
and dates clustered by topic. Copies of some articles are planted the ways outlets
copy: truncated, re-headlined, with boilerplate added, lightly edited.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import SEEDS_DIR

FIRST_NAMES = [
    "Anna", "Boris", "Carla", "David", "Elena", "Farid", "Grace", "Hugo", "Irina", "Jonas", "Karin", "Luis",
    "Maria", "Nikolai", "Olga", "Pavel", "Rosa", "Samir", "Tomas", "Vera", "Walter", "Yusuf", "Zofia", "Ahmed",
]  # fmt: skip
SYLLABLES = ["ka", "lo", "mir", "vel", "dra", "to", "sen", "ur", "bri", "gan", "pol", "zek", "ri", "mon", "tas"]
OUTLETS = ["Daily Ledger", "Evening Courier", "Harbor Times", "Metro Herald", "Northern Post", "Valley News"]
TOPIC_SHARE = 0.08  # of a sentence's words; the rest is general vocabulary
BOILERPLATE = [
    "Subscribe to our newsletter for the latest news, delivered every morning.",
    "You have successfully subscribed!",
    "Share this article on social media.",
]


@dataclass
class Corpus:
    topics: dict[str, int] = field(default_factory=dict)  # article id -> topic
    stories: list[set[str]] = field(default_factory=list)  # planted same-story groups
    loners: set[str] = field(default_factory=set)  # articles on a topic no other article covers


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables))


def _general_vocabulary() -> list[str]:
    words: dict[str, int] = {}
    for path in SEEDS_DIR.glob("*.txt"):
        for word in re.findall(r"\b[a-z]{3,}\b", path.read_text(encoding="utf-8")):
            words[word] = words.get(word, 0) + 1
    return sorted(words, key=lambda w: -words[w])


@dataclass
class _Topic:
    words: list[str]
    people: list[str]
    places: list[str]
    orgs: list[str]
    month: int


def _topic(rng: random.Random, number: int, shared_pool: list[str], public_figures: list[str]) -> _Topic:
    # Half of a topic's vocabulary is its own; half comes from a pool all topics draw on,
    # so that topics overlap the way real news beats do.
    return _Topic(
        words=[_word(rng, rng.randint(2, 3)) for _ in range(15)] + rng.sample(shared_pool, 15),
        people=[f"{rng.choice(FIRST_NAMES)} {_word(rng, 3).capitalize()}" for _ in range(3)]
        + rng.sample(public_figures, 2),  # some people are in every kind of news
        places=[_word(rng, 2).capitalize() + rng.choice(["ia", "stan", "land"]) for _ in range(3)],
        orgs=[
            f"{_word(rng, 2).capitalize()} {rng.choice(['Ministry', 'Institute', 'Group', 'Council'])}"
            for _ in range(2)
        ],
        month=number % 12 + 1,
    )


class _Zipf:
    """Words drawn with probability proportional to 1 / rank, as in natural text."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        total, self.cumulative = 0.0, []
        for rank in range(1, len(words) + 1):
            total += 1 / rank
            self.cumulative.append(total)

    def draw(self, rng: random.Random) -> str:
        return rng.choices(self.words, cum_weights=self.cumulative)[0]


def _sentence(rng: random.Random, general: _Zipf, topic: _Topic) -> str:
    words = []
    for _ in range(rng.randint(10, 22)):
        words.append(rng.choice(topic.words) if rng.random() < TOPIC_SHARE else general.draw(rng))
    entity = rng.random()
    if entity < 0.3:
        words[-3:] = [rng.choice(topic.people), "said"]
    elif entity < 0.55:
        words[-3:] = ["in", rng.choice(topic.places)]
    elif entity < 0.7:
        words[-4:] = ["the", rng.choice(topic.orgs), "reported"]
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _article(rng: random.Random, general: _Zipf, topic: _Topic) -> tuple[str, list[str]]:
    title = " ".join(rng.choice(topic.words + general.words[:200]) for _ in range(rng.randint(5, 9))).title()
    paragraphs = [
        " ".join(_sentence(rng, general, topic) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(6, 12))
    ]
    return title, paragraphs


def _write(root: Path, article_id: str, title: str, day: str, source: str, paragraphs: list[str]) -> None:
    body = "\n\n".join(paragraphs)
    (root / f"{article_id}.md").write_text(
        f"---\ntitle: {title!r}\ndate: {day}\nsource: {source}\n---\n\n{body}\n", encoding="utf-8"
    )


def _copy(rng: random.Random, kind: str, title: str, paragraphs: list[str]) -> tuple[str, list[str]]:
    if kind == "truncated":
        return title, paragraphs[: max(3, int(len(paragraphs) * rng.uniform(0.5, 0.75)))]
    if kind == "re-headlined":
        return f"{title.split()[0]} {rng.choice(['Update', 'Analysis', 'Report'])}: {title}", paragraphs
    if kind == "boilerplate":
        return title, [rng.choice(BOILERPLATE), *paragraphs, *BOILERPLATE[1:]]
    edited = [" ".join(w if rng.random() > 0.03 else "reportedly" for w in p.split()) for p in paragraphs]
    return title, edited


def generate(
    root: Path, articles: int, topics: int, copy_share: float = 0.15, loners: int = 5, seed: int = 11
) -> Corpus:
    """Write about `articles` files under `root` (plus `loners` on topics of their own);
    return the truth about them."""
    rng = random.Random(seed)
    general = _Zipf(_general_vocabulary())
    shared_pool = [_word(rng, 3) for _ in range(60)]
    public_figures = [f"{rng.choice(FIRST_NAMES)} {_word(rng, 3).capitalize()}" for _ in range(6)]
    themes = [_topic(rng, n, shared_pool, public_figures) for n in range(topics)]
    corpus = Corpus()
    originals = int(articles / (1 + copy_share))
    for n in range(originals):
        topic_number = n % topics
        topic = themes[topic_number]
        title, paragraphs = _article(rng, general, topic)
        day = rng.randint(1, 26)
        article_id = f"a{n:06d}"
        _write(root, article_id, title, f"2021-{topic.month:02d}-{day:02d}", rng.choice(OUTLETS), paragraphs)
        corpus.topics[article_id] = topic_number
        if n < articles - originals:
            kind = ["truncated", "re-headlined", "boilerplate", "edited"][n % 4]
            copy_title, copy_body = _copy(rng, kind, title, paragraphs)
            copy_id = f"c{n:06d}"
            copy_day = f"2021-{topic.month:02d}-{day + rng.randint(0, 2):02d}"
            _write(root, copy_id, copy_title, copy_day, rng.choice(OUTLETS), copy_body)
            corpus.topics[copy_id] = topic_number
            corpus.stories.append({article_id, copy_id})
    for n in range(loners):
        topic = _topic(rng, topics + n, [_word(rng, 4) for _ in range(30)], [_word(rng, 4).capitalize()] * 2)
        title, paragraphs = _article(rng, general, topic)
        article_id = f"l{n:06d}"
        _write(root, article_id, title, f"2021-{topic.month:02d}-15", rng.choice(OUTLETS), paragraphs)
        corpus.topics[article_id] = topics + n
        corpus.loners.add(article_id)
    return corpus
