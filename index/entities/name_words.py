"""The words a search treats as names, matched in their exact form only.

The Porter stem of many names is the stem of everyday words ('Federer' and 'federal',
'Bush' and 'bushes'), so a search for the name would find the words. A word is taken for
a name when the entity table knows an entity that carries it (a one-word alias, or a word
of a person's name) and at least half the articles using the word name such an entity:
'federer' is a name, 'bank' is not, though 'the Bank' names the Bank of England now and
then. Worked out when the index is written, kept beside it as `name-words.json`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh.analysis import STOP_WORDS
from whoosh.searching import Searcher

from index.build.atomic_json import read_json, write_json
from index.entities.names import fold
from index.entities.resolve import Entity
from index.search.schema import EXACT_FIELDS

NAME_WORDS = "name-words.json"
FORMAT = 1
NAMED_SHARE = 0.5  # of the articles using a word, the share that must name an entity carrying it


def name_words(entities: Iterable[Entity], articles_using: Callable[[str], int]) -> set[str]:
    """Words (as the exact fields index them) that are names; `articles_using(word)` counts
    the articles whose body holds the word."""
    naming: Counter[str] = Counter()
    for entity in entities:
        for word in _carried(entity):
            naming[word] += len(entity.articles)  # an overcount where two entities share a word: fine
    return {word for word, count in naming.items() if count >= NAMED_SHARE * max(articles_using(word), 1)}


def _carried(entity: Entity) -> set[str]:
    """The words an entity carries as a name: its one-word aliases, and every word of a
    person's names ('roger' and 'federer' of Roger Federer)."""
    words: set[str] = set()
    for alias in {entity.name, *entity.aliases}:
        tokens = [word for word in _WORD.findall(fold(alias)) if len(word) > 1 and word not in STOP_WORDS]
        if len(tokens) == 1 or entity.type == "person":
            words.update(tokens)
    return words


# The exact fields' tokens, as their analyzer makes them (Whoosh's default word pattern, lower
# case, accents folded, stop words and single letters out), without running the analyzer
# for every alias of every entity.
_WORD = re.compile(r"\w+(?:\.?\w+)*")


def save(index_dir: Path, words: set[str], generation: int) -> None:
    write_json(index_dir / NAME_WORDS, {"format": FORMAT, "generation": generation, "words": sorted(words)})


def load(index_dir: Path, generation: int) -> frozenset[str] | None:
    """The name words, if they describe exactly this generation of the index."""
    payload = read_json(index_dir / NAME_WORDS)
    if not isinstance(payload, dict) or payload.get("format") != FORMAT or payload.get("generation") != generation:
        return None
    return frozenset(payload["words"])


def count_in(searcher: Searcher) -> Callable[[str], int]:
    """How many articles' bodies hold a word, as the exact field indexes it."""
    field = EXACT_FIELDS["body"]
    return lambda word: searcher.doc_frequency(field, word)
