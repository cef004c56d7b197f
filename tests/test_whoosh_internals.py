"""Whoosh's private internals are read in one module, index/search/whoosh_internals.py, each with
a public fallback: searches give the same hits, scores and snippets with the fast paths
forced off, and a fast path that reads wrong (as after a Whoosh release that changed a
layout) is caught at open and replaced by the public read, never trusted."""

from __future__ import annotations

import ast
import importlib
import json
import logging
import os
import pickle
import random
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import pytest
from whoosh.analysis import Token
from whoosh.formats import Positions
from whoosh.highlight import Highlighter
from whoosh.matching import ListMatcher

from index.library import Library, build_index
from index.records import SearchResult
from index.search import whoosh_internals
from tests.conftest import ROOT, SEEDS_DIR
from tests.synthetic import generate

# Words, spellings, filters, dates, negation and a date sort: every kind of search that
# takes a fast path (postings, lengths, B, the date column, filter skipping, snippets).
QUERIES = [
    "venezuela",
    "oil debt",
    "sanction*",
    "venezuela~",
    "russia OR china",
    "person:lavrov",
    "person:lavrov venezuela",
    "NOT person:lavrov",
    "title:oil",
    "oil date:2019",
    '"oil and debt"',
    '"oil debt"~3 OR title:"oil and debt"',
    'oil ANDMAYBE "oil and debt"',
]


@pytest.fixture(scope="module")
def mixed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Synthetic articles and the seeds (entities, dates), indexed in two runs, so there are
    two segments and deleted documents."""
    root = tmp_path_factory.mktemp("internals")
    corpus = root / "articles"
    corpus.mkdir()
    generate(corpus, articles=80, topics=5)
    for path in SEEDS_DIR.iterdir():
        shutil.copy(path, corpus / path.name)
    index_dir = root / "ix"
    build_index(corpus, index_dir)
    for path in sorted(p for p in corpus.iterdir() if p.suffix == ".md")[:5]:
        path.write_text(path.read_text(encoding="utf-8") + "\n\nA later paragraph about oil and debt.\n")
    assert build_index(corpus, index_dir).updated
    return index_dir


@pytest.fixture
def public_only() -> Iterator[None]:
    whoosh_internals.set_public_only(True)
    try:
        yield
    finally:
        whoosh_internals.set_public_only(False)


def _results(index_dir: Path) -> dict[str, list[tuple[str, float, str, int]]]:
    found: dict[str, list[tuple[str, float, str, int]]] = {}
    with Library.open(index_dir) as library:
        for text in QUERIES:
            for sort in ("score", "date"):
                result: SearchResult = library.search(text, limit=25, sort=sort)
                found[f"{text} by {sort}"] = [(h.id, h.score, h.snippet, result.total) for h in result.hits]
            if result.hits:  # what each word adds to the top hit's score (`search --explain`)
                top = result.hits[0].id
                found[f"{text} explained"] = [(w.word, w.score, w.field, 0) for w in library.explain(text, top)]
        found["newest"] = [(a.id, 0.0, a.date or "", 0) for a in library.latest(40)]
    return found


def _assert_same(found: dict[str, list[tuple[str, float, str, int]]], expected: dict[str, list]) -> None:
    assert found.keys() == expected.keys()
    for key, hits in expected.items():
        assert [(i, snippet, total) for i, _, snippet, total in found[key]] == [
            (i, snippet, total) for i, _, snippet, total in hits
        ], key
        assert [score for _, score, _, _ in found[key]] == pytest.approx([score for _, score, _, _ in hits]), key


@pytest.fixture(scope="module")
def fast_results(mixed_index: Path) -> dict[str, list[tuple[str, float, str, int]]]:
    results = _results(mixed_index)
    assert any(results[f"{text} by score"] for text in QUERIES)
    return results


def test_a_sound_index_passes_the_check_at_open(mixed_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(whoosh_internals, "_warned", False)
    monkeypatch.setattr(whoosh_internals, "_checked_segments", {})
    with Library.open(mixed_index) as library:
        searcher = library._searcher  # the library's own: the index as the app reads it
        assert searcher.reader().has_deletions()  # deleted documents are in the sample too
        assert whoosh_internals._disagreement(searcher) is None
        assert whoosh_internals.Reads.checked(searcher).fast
    assert not whoosh_internals._warned


def test_public_reads_give_the_same_hits_scores_and_snippets(
    mixed_index: Path, fast_results: dict[str, list], public_only: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*_: object) -> None:
        raise AssertionError("a fast path was taken while they are switched off")

    for name in (
        "_fast_postings",
        "_fast_positions",
        "_fast_numeric_column",
        "_fast_lengths_column",
        "_BisectingMatcher",
    ):
        monkeypatch.setattr(whoosh_internals, name, never)
    _assert_same(_results(mixed_index), fast_results)


def test_fast_and_public_reads_agree_on_every_posting_and_column(mixed_index: Path) -> None:
    fast, public = whoosh_internals.Reads(fast=True), whoosh_internals.Reads(fast=False)
    with Library.open(mixed_index) as library:
        searcher = library._searcher  # the library's own: the index as the app reads it
        leaves = searcher.leaf_searchers()
        assert len(leaves) > 1
        for leaf, _ in leaves:
            reader = leaf.reader()
            count = reader.doc_count_all()
            for btext, _ in list(reader.iter_field("body"))[:300]:
                found = fast.postings(reader.postings("body", btext))
                expected = public.postings(reader.postings("body", btext))
                assert found[0].tolist() == expected[0].tolist() and found[1].tolist() == expected[1].tolist()
            for field in ("body", "title", "authors"):
                for btext, _ in list(reader.iter_field(field))[:300]:
                    found_positions = fast.positions(reader.postings(field, btext))
                    expected_positions = public.positions(reader.postings(field, btext))
                    assert [a.tolist() for a in found_positions] == [a.tolist() for a in expected_positions]
            for field in ("body", "title"):
                assert fast.length_codes(reader, field).tolist() == public.length_codes(reader, field).tolist()
            column = reader.column_reader("date", translate=False)
            assert (
                fast.numeric_column(column, count, np.uint64).tolist()
                == public.numeric_column(column, count, np.uint64).tolist()
            )


def _shifted(real):  # type: ignore[no-untyped-def]
    """A fast reader that reads one off, as one might after a layout change."""

    def read(*args):  # type: ignore[no-untyped-def]
        found = real(*args)
        if found is None:
            return None
        if isinstance(found, tuple):  # document numbers first
            return found[0] + 1, *found[1:]
        return found + 1

    return read


@pytest.mark.parametrize("reader", ["_fast_postings", "_fast_positions", "_fast_numeric_column"])
def test_a_fast_read_that_disagrees_is_replaced_at_open(
    reader: str,
    mixed_index: Path,
    fast_results: dict[str, list],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(whoosh_internals, reader, _shifted(getattr(whoosh_internals, reader)))
    monkeypatch.setattr(whoosh_internals, "_warned", False)
    monkeypatch.setattr(whoosh_internals, "_checked_segments", {})  # as in a new process
    with caplog.at_level(logging.WARNING, logger="index.search.whoosh_internals"):
        results = _results(mixed_index)
    _assert_same(results, fast_results)
    warnings = [r for r in caplog.records if r.name == "index.search.whoosh_internals"]
    assert len(warnings) == 1 and "public way" in warnings[0].getMessage()  # once, for every library opened


def test_a_matcher_not_laid_out_as_expected_is_read_the_public_way() -> None:
    # Not a Whoosh 3 leaf matcher (as a renamed class would be): no fast read, the public one.
    assert whoosh_internals._fast_postings(ListMatcher([1, 4, 9])) is None
    ids, freqs = whoosh_internals.Reads().postings(ListMatcher([1, 4, 9], all_weights=2.0))
    assert ids.tolist() == [1, 4, 9] and freqs.tolist() == [2.0, 2.0, 2.0]
    assert whoosh_internals._fast_numeric_column([5, 6], 2, np.uint8) is None
    assert whoosh_internals.Reads().numeric_column([5, 6], 2, np.uint8).tolist() == [5, 6]
    held = ListMatcher([1, 4], [2.0, 1.0], [Positions().encode([3, 7]), Positions().encode([0])], format=Positions())
    assert whoosh_internals._fast_positions(held) is None
    held.reset()
    ids, counts, positions = whoosh_internals.Reads().positions(held)
    assert (ids.tolist(), counts.tolist(), positions.tolist()) == ([1, 4], [2, 1], [3, 7, 0])


def _position_lists() -> list[list[int]]:
    """Positions of every shape a postings value takes: none, one, gaps of one, two and four
    bytes, and lists past pickle's batches of a thousand (one past, two batches, two and one)."""
    rng = random.Random(7)
    shapes = [[], [0], [5], [0, 1], [300, 70_000, 70_001, 2**31 - 1], [0, 255, 256, 65_535, 65_536, 65_792]]
    shapes += [list(range(n)) for n in (999, 1000, 1001, 1002, 2000, 2001)]
    shapes += [sorted(rng.sample(range(100_000), rng.choice([1, 2, 3, 10, 50]))) for _ in range(200)]
    return shapes


def test_positions_decoded_all_at_once_equal_whooshs_own_decoding() -> None:
    shapes = _position_lists()
    encoding = Positions()
    values = [encoding.encode(positions) for positions in shapes]
    found = whoosh_internals._decoded_positions(values)
    assert found is not None
    counts, positions = found
    assert counts.tolist() == [len(encoding.decode_positions(value)) for value in values]
    assert positions.tolist() == [p for value in values for p in encoding.decode_positions(value)]


def test_positions_in_another_encoding_are_left_to_the_public_read() -> None:
    encoding = Positions()
    one = encoding.encode([1, 2])
    assert whoosh_internals._decoded_positions([one, b"\x00\x00\x00\x01\x80\x02]q\x00\x8a\x01\x05a."]) is None  # LONG1
    assert whoosh_internals._decoded_positions([one[:-1]]) is None  # no STOP
    assert whoosh_internals._decoded_positions([one, one + b"K"]) is None  # something after it
    assert whoosh_internals._decoded_positions([pickle.dumps([1, 2], 4)]) is None  # another protocol
    assert whoosh_internals._decoded_positions([b"\xff\xff\xff\xff" + one[4:]]) is None  # a count it cannot hold
    assert whoosh_internals._decoded_positions([one[:4] + b"\x80\x02]q\x00(JJJJ"]) is None  # cut short


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _private_reads(path: Path) -> list[str]:
    """`obj._name` reads and `getattr(obj, "_name")` look-ups in a module, except on `self`
    and `cls` (see _inherited_state) and on modules of our own."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own_modules = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("index")
        for alias in node.names
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            owner = node.value
            if not (isinstance(owner, ast.Name) and owner.id in {"self", "cls", *own_modules}):
                found.append(f"{path.name}:{node.lineno} .{node.attr}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"getattr", "hasattr"}:
            named = node.args[1] if len(node.args) > 1 else None
            if isinstance(named, ast.Constant) and isinstance(named.value, str) and _private(named.value):
                found.append(f"{path.name}:{node.lineno} {node.func.id}(..., {named.value!r})")
    return found


def _whoosh_classes_of(module_name: str) -> list[tuple[type, type]]:
    """(our class, its first Whoosh base) for each class defined in a module."""
    module = importlib.import_module(module_name)
    found = []
    for value in vars(module).values():
        if isinstance(value, type) and value.__module__ == module_name:
            bases = [b for b in value.__mro__ if b.__module__.partition(".")[0] == "whoosh"]
            if bases:
                found.append((value, bases[0]))
    return found


def _inherited_state(path: Path, module_name: str) -> list[str]:
    """In classes built on a Whoosh class: private methods that override a Whoosh one (a
    private hook), and `self._name` reads of a name the class never sets or defines itself
    (the Whoosh base's private state)."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    definitions = {node.name: node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
    for cls, whoosh_base in _whoosh_classes_of(module_name):
        found += [
            f"{path.name} {cls.__name__}.{name}" for name in vars(cls) if _private(name) and hasattr(whoosh_base, name)
        ]
        body = definitions.get(cls.__name__)
        if body is None:
            continue
        set_here = {
            target.attr
            for node in ast.walk(body)
            if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign)
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self"
        }
        for node in ast.walk(body):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "self"
                and _private(node.attr)
                and node.attr not in set_here
                and node.attr not in vars(cls)
            ):
                found.append(f"{path.name}:{node.lineno} self.{node.attr}")
    return found


def _whoosh_private_access(path: Path) -> list[str]:
    module_name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    return _private_reads(path) + _inherited_state(path, module_name)


def test_only_the_adapter_reads_whoosh_private_names() -> None:
    modules = sorted((ROOT / "index").rglob("*.py"))
    assert len(modules) > 30
    found = [hit for path in modules if path.name != "whoosh_internals.py" for hit in _whoosh_private_access(path)]
    assert found == []
    # The check finds what it is for: the adapter's own private reads and hooks.
    adapter = _whoosh_private_access(ROOT / "index" / "search" / "whoosh_internals.py")
    assert any("._byteids" in hit or "'_byteids'" in hit for hit in adapter)
    assert any("ExpandedFuzzyTerm._btexts" in hit for hit in adapter)
    assert any("ExpandedPrefix._btexts" in hit for hit in adapter)
    assert any("self._ids" in hit for hit in adapter)


def test_merging_matched_words_equals_whooshs_own() -> None:
    """The public stand-in for the highlighter's private merge gives the same tokens: words
    that overlap (a stem and an exact form of one word) become one, the rest stay apart."""

    def tokens() -> list[Token]:
        spans = [(0, 5, True), (3, 8, True), (2, 6, True), (9, 12, False), (13, 16, True), (20, 24, True)]
        text = "oil-debt and oil, debt"
        return [Token(text=text[a:b], startchar=a, endchar=b, matched=m) for a, b, m in spans]

    def seen(merged: Iterable[Token]) -> list[tuple[str, int, int, bool]]:
        return [(t.text, t.startchar, t.endchar, t.matched) for t in merged]

    expected = seen(Highlighter._merge_matched_tokens(tokens()))
    assert seen(whoosh_internals._merged_tokens(tokens())) == expected
    assert expected[0][1:3] == (0, 8)  # the overlapping ones, as one


def test_the_environment_switch_forces_the_public_reads_in_the_real_command(seed_index: Path) -> None:
    """EXPLORER_PUBLIC_WHOOSH=1, read once as the process starts, turns every fast path off
    (a user's way round a Whoosh that misreads): the command answers the same."""
    explorer = str(Path(sys.executable).parent / "explorer")

    def run(public: str) -> tuple[str, str]:
        env = {**os.environ, whoosh_internals.PUBLIC_ONLY_VARIABLE: public, "PYTHONPATH": str(ROOT)}
        command = [explorer, "search", "venezuela OR sanction*", "--index", str(seed_index), "--json", "--explain"]
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        probe = [sys.executable, "-c", "from index.search import whoosh_internals as w; print(w.public_only())"]
        switched = subprocess.run(probe, capture_output=True, text=True, env=env, timeout=60, check=True).stdout
        return done.stdout, switched.strip()

    fast, public = run("0"), run("1")
    assert (fast[1], public[1]) == ("False", "True")
    assert json.loads(public[0]) == json.loads(fast[0]) and json.loads(fast[0])["results"]
