"""Following a phrase through its words' places: an article matches when a chain of the
words' positions runs in order, each 1 to `slop` after the one before (Whoosh's phrase
rule), whichever of the two ways each step is searched. Checked against the rule itself,
written out position by position."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from index.search.phrases import phrase_documents

Article = dict[str, list[int]]  # word -> its positions in one article


def _places(articles: dict[int, Article], word: str) -> np.ndarray:
    """A word's places as KeptPositions keeps them: article number << 32 plus position."""
    found = [(docnum << 32) + position for docnum, words in articles.items() for position in words.get(word, [])]
    return np.array(sorted(found), dtype=np.int64)


def _by_the_rule(articles: dict[int, Article], phrase: list[str], slop: int) -> list[int]:
    found = []
    for docnum, words in sorted(articles.items()):
        chains = [words.get(word, []) for word in phrase]
        if any(
            all(1 <= later - earlier <= slop for earlier, later in itertools.pairwise(chain))
            for chain in itertools.product(*chains)
        ):
            found.append(docnum)
    return found


def _found(articles: dict[int, Article], phrase: list[str], slop: int) -> list[int]:
    return phrase_documents([_places(articles, word) for word in phrase], slop).tolist()


def test_words_next_to_each_other_in_order_match() -> None:
    articles = {0: {"oil": [3], "price": [4]}, 1: {"oil": [4], "price": [3]}, 2: {"oil": [1], "price": [3]}}
    assert _found(articles, ["oil", "price"], 1) == [0]
    assert _found(articles, ["oil", "price"], 2) == [0, 2]  # one word between
    assert _found(articles, ["price", "oil"], 1) == [1]


def test_a_word_repeated_needs_two_positions() -> None:
    articles = {5: {"new": [2]}, 6: {"new": [2, 3]}, 7: {"new": [2, 9]}}
    assert _found(articles, ["new", "new"], 1) == [6]
    assert _found(articles, ["new", "new"], 7) == [6, 7]


def test_the_end_of_one_article_never_runs_into_the_next() -> None:
    articles = {1: {"oil": [2**31 - 2]}, 2: {"price": [0]}}
    assert _found(articles, ["oil", "price"], 2**40) == []  # a slop past any article's length


def test_a_chain_may_take_any_of_a_words_positions() -> None:
    # 'b' at 5 follows 'a' at 4, but only 'b' at 9 leads on to 'c' at 10.
    articles = {0: {"a": [4, 8], "b": [5, 9], "c": [10]}}
    assert _found(articles, ["a", "b", "c"], 1) == [0]
    assert _found(articles, ["a", "c"], 1) == []


@pytest.mark.parametrize("seed", range(30))
def test_matches_follow_the_rule_on_random_articles(seed: int) -> None:
    rng = random.Random(seed)
    vocabulary = ["a", "b", "c"]
    articles: dict[int, Article] = {}
    for docnum in sorted(rng.sample(range(200), rng.randint(1, 40))):
        length = rng.randint(1, 30)
        words: Article = {}
        for position in range(length):
            if rng.random() < 0.7:
                words.setdefault(rng.choice(vocabulary), []).append(position)
        articles[docnum] = words
    # Words of different frequency, so both ways of searching a step are taken.
    phrase = [rng.choice(vocabulary) for _ in range(rng.randint(2, 4))]
    for slop in (1, 2, 5):
        assert _found(articles, phrase, slop) == _by_the_rule(articles, phrase, slop), (phrase, slop)
