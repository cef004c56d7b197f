"""Same-story detection: containment on shingles, grouping, and who is the original."""

from __future__ import annotations

import random
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path

import pytest

from index.library import Library
from index.stories import stories as stories_module
from index.stories.exact_overlap import confirmed
from index.stories.stories import (
    CONTAINMENT,
    Fingerprint,
    Link,
    Story,
    containment,
    find_links,
    fingerprint,
    shingles,
    stories_from_links,
)
from tests.conftest import SEEDS_DIR
from tests.reading import read_article

WORDS = [
    "the",
    "council",
    "voted",
    "on",
    "a",
    "plan",
    "to",
    "rebuild",
    "the",
    "port",
    "after",
    "storms",
    "closed",
    "it",
    "for",
    "weeks",
    "while",
    "traders",
    "waited",
]


class Corpus:
    """Articles as the grouping sees them: each one's fingerprint, and its body for the
    exact measure of the pairs the fingerprints propose."""

    def __init__(self) -> None:
        self.prints: list[Fingerprint] = []
        self.bodies: dict[str, str] = {}

    def add(self, article_id: str, body: str, date: str | None, source: str) -> Fingerprint:
        self.bodies[article_id] = body
        self.prints.append(fingerprint(article_id, body, date, source))
        return self.prints[-1]

    def read(self, wanted: set[str]) -> Iterator[tuple[str, str]]:
        return ((article, body) for article, body in self.bodies.items() if article in wanted)

    def links(self) -> list[Link]:
        """Every copy pair, as a full index build finds them."""
        return confirmed(find_links(self.prints), self.read)

    def stories(self) -> list[Story]:
        return stories_from_links(self.prints, self.links())


def find_stories(*articles: tuple[str, str, str | None, str]) -> list[Story]:
    corpus = Corpus()
    for article in articles:
        corpus.add(*article)
    return corpus.stories()


def text(seed: int, paragraphs: int = 8) -> str:
    rng = random.Random(seed)
    return "\n\n".join(
        " ".join(rng.choice(WORDS) + rng.choice(["", "s", "ed"]) for _ in range(60)) for _ in range(paragraphs)
    )


def test_shingles_ignore_case_quotes_and_accents() -> None:
    assert shingles("“Guaidó said,” the Minister") == shingles('"guaido said" THE minister')


def test_containment_of_a_truncated_copy_is_high_one_way_only() -> None:
    full = fingerprint("full", text(1), "2021-01-01", "A")
    half = fingerprint("half", "\n\n".join(text(1).split("\n\n")[:4]), "2021-01-02", "B")
    assert containment(half, full) > 0.85
    assert containment(full, half) < 0.65


def test_truncated_reheadlined_and_padded_copies_join_the_original() -> None:
    body = text(2)
    stories = find_stories(
        ("orig", body, "2021-03-01", "Wire"),
        ("cut", "\n\n".join(body.split("\n\n")[:5]), "2021-03-02", "Blog"),
        ("padded", "Subscribe to our newsletter today.\n\n" + body + "\n\nShare this story.", "2021-03-03", "Site"),
        ("other", text(3), "2021-03-01", "Elsewhere"),
    )
    assert len(stories) == 1
    assert stories[0].original == "orig"
    assert {m.id for m in stories[0].members} == {"orig", "cut", "padded"}


def test_original_is_the_earliest_and_undated_copies_come_last() -> None:
    body = text(4)
    stories = find_stories(("late", body, "2021-05-09", "B"), ("undated", body, None, "C"),
                           ("early", body, "2021-05-01", "A"))  # fmt: skip
    assert stories[0].original == "early"


def test_without_dates_the_most_complete_text_is_the_original() -> None:
    body = text(5)
    cut = "\n\n".join(body.split("\n\n")[:5])
    stories = find_stories(("cut", cut, None, "B"), ("full", body, None, "A"))
    assert stories[0].original == "full"


def test_unrelated_texts_form_no_story() -> None:
    assert find_stories(*[(str(n), text(10 + n), "2021-01-01", "X") for n in range(6)]) == []


def test_very_short_texts_are_not_called_copies() -> None:
    assert (
        find_stories(("a", "Markets were calm today.", None, "X"), ("b", "Markets were calm today.", None, "Y")) == []
    )


def test_seed_stories_match_exact_containment(seed_index: Path) -> None:
    """The oracle: exact shingle-set containment over every pair, no MinHash, no LSH."""
    articles = [read_article(p) for p in sorted(SEEDS_DIR.glob("*.txt"))]
    sets = {a.id: shingles(a.body) for a in articles}
    linked = {
        frozenset((a, b))
        for a, b in combinations(sets, 2)
        if len(sets[a] & sets[b]) / min(len(sets[a]), len(sets[b])) >= CONTAINMENT
    }
    with Library.open(seed_index) as library:
        found = {frozenset((a.id, m.id)) for a in articles for m in library.same_story(a.id)}
        assert found == linked
        for article in articles:
            members = library.same_story(article.id)
            originals = [m for m in members if m.role == "original"]
            assert len(originals) <= 1
            for member in members:
                exact = len(sets[article.id] & sets[member.id]) / min(len(sets[article.id]), len(sets[member.id]))
                assert member.overlap == pytest.approx(exact, abs=0.1)


def test_a_chain_of_partial_overlaps_is_not_merged_into_one_story() -> None:
    """Each article is five parts, the one before it moved on by a part (a lead reused with a
    new tail): neighbours share four fifths, articles three apart two fifths (no copies).
    Joined pair by pair the links made one story of the whole chain; grouped around originals,
    no story holds an article that is not a copy of its original."""
    parts = [text(100 + n, paragraphs=2) for n in range(16)]
    corpus = Corpus()
    chain = [corpus.add(f"a{n:02d}", "\n\n".join(parts[n : n + 5]), f"2021-06-{n + 1:02d}", "X") for n in range(12)]
    links = corpus.links()
    assert len(links) >= 11  # the chain is there: neighbours are found linked
    stories = stories_from_links(chain, links)
    assert len(stories) >= 3 and all(len(story.members) <= 3 for story in stories)
    by_id = {fp.id: fp for fp in chain}
    for story in stories:
        for member in story.members[1:]:
            assert containment(by_id[member.id], by_id[story.original]) >= CONTAINMENT - 0.1


def test_a_copy_joins_the_original_it_shares_most_with() -> None:
    """A digest that quotes two wire stories whole is a copy of the one it holds most of, and
    the two wire stories stay two stories."""
    first, second = text(200), text(201, paragraphs=4)
    found = find_stories(
        ("wire-1", first, "2021-07-01", "Wire"),
        ("wire-2", second, "2021-07-01", "Wire"),
        ("digest", first + "\n\n" + second, "2021-07-02", "Digest"),
        ("copy-1", first, "2021-07-03", "Paper"),
    )
    stories = {story.original: {m.id for m in story.members} for story in found}
    assert stories["wire-1"] >= {"wire-1", "copy-1"}
    assert all("wire-2" not in members for original, members in stories.items() if original != "wire-2")
    assert sum("digest" in members for members in stories.values()) <= 1


@pytest.mark.parametrize("band", [3, 7, 10_000])
def test_links_are_found_across_bands_of_sizes(monkeypatch: pytest.MonkeyPatch, band: int) -> None:
    """The ensembles are built one band of sizes at a time, each asked by the articles no
    larger than its largest: a copy in a band of short texts still finds its original in a
    band of long ones (and a padded copy, longer than its original, is found by it)."""
    monkeypatch.setattr(stories_module, "BAND_ARTICLES", band)
    corpus, copies = Corpus(), set()
    for n in range(12):
        body = text(300 + n, paragraphs=6 + n % 5)
        corpus.add(f"o{n:02d}", body, "2021-08-01", "Wire")
        corpus.add(f"o{n:02d}-cut", "\n\n".join(body.split("\n\n")[: 3 + n % 3]), "2021-08-02", "Blog")
        corpus.add(f"o{n:02d}-padded", body + "\n\n" + text(400 + n, paragraphs=2), "2021-08-03", "Paper")
        copies |= {(f"o{n:02d}", f"o{n:02d}-cut"), (f"o{n:02d}", f"o{n:02d}-padded")}
    found = {(a, b) for a, b, _ in corpus.links()}
    assert copies <= found
    assert all(a[:3] == b[:3] for a, b in found)  # none across stories


def test_pairs_near_the_line_are_judged_on_their_texts() -> None:
    """MinHash estimates a share within about ±0.06: on its own it dropped copies just over
    the line and linked articles just under it. Pairs are proposed loosely and judged on
    their exact shingles, so what is linked is exactly what the oracle links."""
    corpus, rng = Corpus(), random.Random(11)
    for n in range(40):
        body = text(500 + n, paragraphs=12)
        kept = "\n\n".join(body.split("\n\n")[: rng.randint(5, 8)])
        corpus.add(f"o{n:02d}", body, "2021-09-01", "Wire")
        corpus.add(f"o{n:02d}-r", kept + "\n\n" + text(600 + n, paragraphs=rng.randint(3, 6)), "2021-09-02", "Paper")
    sets = {article: shingles(body) for article, body in corpus.bodies.items()}
    pairs = [(f"o{n:02d}", f"o{n:02d}-r") for n in range(40)]
    shares = {(a, b): len(sets[a] & sets[b]) / min(len(sets[a]), len(sets[b])) for a, b in pairs}
    near = [share for share in shares.values() if abs(share - CONTAINMENT) < 0.06]
    assert len(near) >= 10  # the test is about the line
    found = {(a, b): share for a, b, share in corpus.links()}
    assert set(found) == {pair for pair, share in shares.items() if share >= CONTAINMENT}
    assert all(found[pair] == pytest.approx(shares[pair]) for pair in found)


def test_confirmed_keeps_the_exact_share_and_drops_what_it_cannot_read() -> None:
    body = text(700)
    cut = "\n\n".join(body.split("\n\n")[:4])
    bodies = {"full": body, "cut": cut, "other": text(701)}
    exact = len(shingles(cut) & shingles(body)) / len(shingles(cut))
    candidates = [("cut", "full", 0.41), ("full", "other", 0.95), ("cut", "gone", 0.9)]
    links = confirmed(candidates, lambda wanted: ((a, bodies[a]) for a in wanted if a in bodies))
    assert links == [("cut", "full", pytest.approx(exact))]
