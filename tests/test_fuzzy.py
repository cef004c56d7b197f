"""Fuzzy `word~`: edits allowed by the word's length, and a bounded number of spellings
(the nearest first), so a short common word cannot match the whole corpus."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from index.library import Library, build_index
from index.search.query import MAX_EXPANSIONS, fuzziness
from index.search.whoosh_internals import ExpandedFuzzyTerm

CONSONANTS = "bcdfghjkmnpqrtvwxz"  # endings no stemmer rewrites


@pytest.mark.parametrize(("word", "edits"), [("ox", 0), ("oil", 1), ("putin", 1), ("lavrov", 2), ("sanctions", 2)])
def test_edits_grow_with_the_word(word: str, edits: int) -> None:
    assert fuzziness(word) == edits


def _article(folder: Path, name: str, word: str) -> None:
    (folder / f"{name}.md").write_text(
        f"---\ntitle: Note {name}\ndate: 2021-01-01\n---\n\nThe register lists {word} among the entries.\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """One article per spelling: the word itself, many one edit away, some two edits away."""
    folder = tmp_path_factory.mktemp("crowded")
    one_edit = [f"zolta{c}" for c in CONSONANTS if c != "n"] + [f"zol{c}an" for c in CONSONANTS if c != "t"]
    one_edit += [f"zoltan{c}" for c in CONSONANTS]
    two_edits = [f"zolt{a}{b}" for a, b in itertools.product("bcdf", "bcdf")]
    words = {"w-exact": "zoltan"}
    words |= {f"w-one-{i}": w for i, w in enumerate(one_edit)}
    words |= {f"w-two-{i}": w for i, w in enumerate(two_edits)}
    for name, word in words.items():
        _article(folder, name, word)
    index_dir = folder.parent / f"{folder.name}-ix"
    build_index(folder, index_dir)
    return index_dir, words


@pytest.fixture(params=["hook", "no hook"])
def expansion_hook(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """With our override of Whoosh's private expansion hook, and without it (as if a Whoosh
    release stopped calling `_btexts`): the public methods must bound the spellings alike."""
    if request.param == "no hook":
        monkeypatch.delattr(ExpandedFuzzyTerm, "_btexts")


@pytest.mark.usefixtures("expansion_hook")
def test_a_fuzzy_word_takes_the_nearest_spellings_up_to_the_cap(crowded) -> None:
    index_dir, words = crowded
    assert len([n for n in words if n.startswith("w-one")]) + 1 > MAX_EXPANSIONS  # more near ones than the cap
    with Library.open(index_dir) as library:
        result = library.search("zoltan~", limit=500, snippets=False)
    found = {hit.id for hit in result.hits}
    assert result.total == len(found) == MAX_EXPANSIONS
    assert "w-exact" in found
    assert not any(name.startswith("w-two") for name in found)  # the cap keeps the nearest


@pytest.mark.usefixtures("expansion_hook")
def test_an_explicit_distance_is_kept(crowded) -> None:
    index_dir, _ = crowded
    with Library.open(index_dir) as library:
        exact_only = library.search("zoltan~0", limit=500, snippets=False)
        assert {hit.id for hit in exact_only.hits} == {"w-exact"}
