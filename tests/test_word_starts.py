"""The words a start of a word fits, remembered per reader and narrowed as letters are typed:
always what Whoosh's own expand_prefix gives on a fresh reader."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import fields, index, writing
from whoosh.reading import IndexReader

from index.search.whoosh_internals import ExpandedFuzzyTerm
from index.search.word_starts import words_starting

BATCHES = [
    "round rounded roundup rouse rout rover",
    "roundtable rounds rotor rubble raft",
    "rouge round-up zebra roundabout éclair",
]


def _index(folder: Path, batches: list[str]) -> index.FileIndex:
    ix = index.create_in(str(folder), fields.Schema(body=fields.TEXT))
    for text in batches:  # a segment each
        with ix.writer() as writer:
            writer.add_document(body=text)
            writer.mergetype = writing.NO_MERGE
    return ix


def _counted(reader: IndexReader) -> list[str]:
    asked: list[str] = []
    expand = reader.expand_prefix

    def counting(fieldname: str, prefix: str) -> object:
        asked.append(prefix)
        return expand(fieldname, prefix)

    reader.expand_prefix = counting  # type: ignore[method-assign]
    return asked


@pytest.mark.parametrize("typed", ["round", "rover", "rubble", "zebra", "éclair"])
def test_letter_by_letter_the_words_are_whooshs_own_and_read_once(tmp_path: Path, typed: str) -> None:
    ix = _index(tmp_path, BATCHES)
    with ix.reader() as reader, ix.reader() as fresh:
        assert len(list(reader.leaf_readers())) == len(BATCHES)
        asked = _counted(reader)
        for end in range(1, len(typed) + 2):
            start = (typed + "s")[:end]  # and one letter past the word: nothing, or its plural
            assert words_starting(reader, "body", start) == list(fresh.expand_prefix("body", start))
        assert asked == [typed[0]]  # the first letter walked the term tables; the rest narrowed it


def test_a_start_unlike_the_last_is_read_again(tmp_path: Path) -> None:
    ix = _index(tmp_path, BATCHES)
    with ix.reader() as reader:
        asked = _counted(reader)
        assert words_starting(reader, "body", "rou")
        assert words_starting(reader, "body", "ro") == [b"rotor", b"rouge", b"round", b"roundabout", b"rounded",
                                                         b"rounds", b"roundtable", b"roundup", b"rouse", b"rout",
                                                         b"rover"]  # fmt: skip
        assert asked == ["rou", "ro"]


def test_a_changed_index_is_a_new_reader_with_its_new_words(tmp_path: Path) -> None:
    ix = _index(tmp_path, BATCHES)
    with ix.reader() as before:
        assert b"roundel" not in words_starting(before, "body", "round")
    with ix.writer() as writer:
        writer.add_document(body="roundel")
    with ix.reader() as after:
        assert b"roundel" in words_starting(after, "body", "round")


@pytest.mark.parametrize(
    ("word", "edits", "kept"), [("round", 1, 1), ("roundd", 2, 1), ("rotar", 2, 2), ("ruble", 1, 0)]
)
def test_a_fuzzy_word_on_several_segments_finds_whooshs_own_spellings(
    tmp_path: Path, word: str, edits: int, kept: int
) -> None:
    ix = _index(tmp_path, BATCHES)
    with ix.reader() as reader, ix.reader() as fresh:
        words_starting(reader, "body", "ro")  # a start kept from typing, narrowed by the fuzzy word
        fuzzy = ExpandedFuzzyTerm("body", word, maxdist=edits, prefixlength=kept)
        assert sorted(fuzzy.all_spellings(reader)) == sorted(fresh.terms_within("body", word, edits, prefix=kept))
        assert fuzzy.all_spellings(reader)
