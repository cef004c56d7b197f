"""Hostile files: whatever one file holds, the run goes on. Each bad file is skipped with
a one-line reason (or read as it should be), the good article beside it is indexed and
found, and the run ends with exit code 1 and no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from index.entities.ner import split_long
from index.library import Library, build_index

GOOD = """# Drought Empties the Reservoirs of Catalonia

By Jordi Puig

March 3, 2024

Reservoirs across Catalonia have fallen below a fifth of their capacity, officials said on Sunday.

Farmers in the Ebro valley say the restrictions will cost them most of this year's harvest.
"""
BODY = "Dock workers in Rotterdam ended a strike on Friday after talks with the port authority."
STORY = f"# Port Strike Ends in Rotterdam\n\n{BODY}\n\nShips that waited at anchor for a week began to unload.\n"
HTML = f"<html><body><article><h1>Port strike ends</h1><p>{BODY}</p><p>{BODY}</p></article></body></html>"


def _record(**fields: object) -> bytes:
    return json.dumps({"title": "Port strike ends", "body": BODY, **fields}).encode()


def _yaml_bomb(levels: int) -> bytes:
    """Billion laughs: each level nine references to the one before (9**levels strings)."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, levels)]
    return ("---\n" + "\n".join(lines) + f"\ntitle: *a{levels - 1}\n---\n\n{BODY}\n").encode()


@dataclass(frozen=True)
class Skip:
    reason: str  # the whole one-line reason, or its start when it ends with "…"


@dataclass(frozen=True)
class Read:
    article_id: str
    title: str


MARKER = "/tmp/explorer-hostile-yaml-ran"  # a YAML tag that ran code would create it

HEADLINE = "Port Strike Ends in Rotterdam"
HOSTILE: dict[str, tuple[bytes, Skip | Read]] = {
    # JSON whose fields have the wrong type
    "comments_number.json": (_record(comments=5), Skip("record 1: comments should be a list, not a number")),
    "comments_text.json": (_record(comments="great"), Skip("record 1: comments should be a list, not text")),
    "comment_number.json": (
        _record(comments=[7]),
        Skip("record 1: comment 1 should be text or an object, not a number"),
    ),
    "title_list.json": (_record(title=["a", "b"]), Skip("record 1: title should be text, not a list")),
    "authors_number.json": (
        _record(authors=5),
        Skip("record 1: authors should be text or a list of text, not a number"),
    ),
    "authors_dict.json": (
        _record(authors={"a": 1}),
        Skip("record 1: authors should be text or a list of text, not an object"),
    ),
    "date_bool.json": (_record(date=True), Skip("record 1: date should be text, not true/false")),
    "url_object.json": (_record(url={"href": "x"}), Skip("record 1: url should be text, not an object")),
    "body_null.json": (_record(body=None), Skip("record 1: no body text (give it as body, text or content)")),
    "body_nan.json": (b'{"title": "x", "body": NaN}', Skip("record 1: body should be text, not a number")),
    "top_string.json": (b'"hello"', Skip("record 1: not a JSON object but text")),
    # JSON numbers and nesting that the decoder or int() refuse
    "huge_score.json": (
        _record(comments=[{"text": "Well said.", "score": 1e999}]),
        Read("huge_score#1", "Port strike ends"),
    ),
    "long_score.json": (
        _record(comments=[{"text": "Well said.", "score": "9" * 5000}]),
        Read("long_score#1", "Port strike ends"),
    ),
    "long_number.json": (
        b'{"body": "x", "n": ' + b"9" * 5000 + b"}",
        Skip("not valid JSON (Exceeds the limit (4300 digits)…"),
    ),
    "deep.json": (b"[" * 100_000 + b"]" * 100_000, Skip("not valid JSON (nested too deeply)")),
    "deep.jsonl": (b"[" * 100_000 + b"]" * 100_000 + b"\n", Skip("line 1: not valid JSON (nested too deeply)")),
    # lone surrogates (JSON escapes) in every kind of field
    "surrogate_body.json": (_record(body=f"Text \ud800 {BODY}"), Read("surrogate_body#1", "Port strike ends")),
    "surrogate_title.json": (
        _record(title="Strike \udfff", authors=["Ana \ud801"]),
        Read("surrogate_title#1", "Strike \ufffd"),
    ),
    "surrogate_id.json": (_record(id="\udc80"), Read("surrogate_id#\ufffd", "Port strike ends")),
    "surrogate_comment.json": (
        _record(comments=[{"author": "\ud800", "text": "\udc00"}]),
        Read("surrogate_comment#1", "Port strike ends"),
    ),
    # YAML front matter
    "yaml_bad_date.md": (
        f"---\ntitle: Port strike ends\ndate: 2019-13-45\n---\n\n{BODY}\n".encode(),
        Read("yaml_bad_date", "Port strike ends"),
    ),
    "yaml_long_number.md": (
        f"---\ntitle: T\nn: {'9' * 5000}\n---\n\n{BODY}\n".encode(),
        Skip("front matter is not valid YAML (ValueError)"),
    ),
    "yaml_bomb.md": (_yaml_bomb(6), Skip("front matter title should be text, not a list")),
    "yaml_python.md": (
        f"---\ntitle: !!python/object/apply:os.system ['touch {MARKER}']\n---\n\n{BODY}\n".encode(),
        Skip("front matter is not valid YAML (ConstructorError)"),
    ),
    "only_front_matter.md": (b"---\ntitle: Only a title\n---\n", Skip("no article text after the front matter")),
    # texts in other shapes
    "empty.md": (b"", Skip("empty file")),
    "html_no_text.html": (
        b"<html><body><script>var a = 1;</script></body></html>",
        Skip("no article text found in the HTML"),
    ),
    "cr_only.md": (STORY.replace("\n", "\r").encode(), Read("cr_only", HEADLINE)),
    "late_nul.md": (
        STORY.encode() + b"\n" + b"x" * 9000 + b"\n\nA NUL \x00 byte sits in this line.\n",
        Read("late_nul", HEADLINE),
    ),
    "utf16le.md": (STORY.encode("utf-16"), Read("utf16le", HEADLINE)),
    "utf16be.txt": (b"\xfe\xff" + STORY.encode("utf-16-be"), Read("utf16be", HEADLINE)),
    "utf16.json": (b"\xff\xfe" + _record().decode().encode("utf-16-le"), Read("utf16#1", "Port strike ends")),
    "utf16.html": (b"\xff\xfe" + HTML.encode("utf-16-le"), Read("utf16", "Port strike ends")),
    "utf32.md": (b"\xff\xfe\x00\x00" + STORY.encode("utf-32-le"), Read("utf32", HEADLINE)),
}


def _index(root: Path, index_dir: Path):
    report = build_index(root, index_dir)
    skipped = {Path(s.path).name: s.reason for s in report.skipped}
    return report, skipped


def _one_line(reason: str) -> bool:
    return bool(reason) and "\n" not in reason and "Traceback" not in reason and len(reason) <= 200


def _matches(reason: str, expected: str) -> bool:
    return reason.startswith(expected[:-1]) if expected.endswith("…") else reason == expected


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_file_is_skipped_or_read_and_the_good_one_indexed(name: str, tmp_path: Path) -> None:
    data, expected = HOSTILE[name]
    root = tmp_path / "mine"
    root.mkdir()
    (root / "good.md").write_text(GOOD, encoding="utf-8")
    (root / name).write_bytes(data)
    report, skipped = _index(root, tmp_path / "ix")
    if isinstance(expected, Skip):
        assert set(skipped) == {name} and _one_line(skipped[name]), skipped
        assert _matches(skipped[name], expected.reason), skipped[name]
        assert report.added == ["good"]
    else:
        assert skipped == {}
        assert sorted(report.added) == sorted(["good", expected.article_id])
        with Library.open(tmp_path / "ix") as library:
            article = library.article(expected.article_id)
            assert article.title == expected.title
            assert "Rotterdam" in article.body
    with Library.open(tmp_path / "ix") as library:
        assert [hit.id for hit in library.search("reservoirs Catalonia").hits] == ["good"]
    assert not Path(MARKER).exists()


def test_a_utf16_file_is_decoded_and_noted(tmp_path: Path) -> None:
    root = tmp_path / "mine"
    root.mkdir()
    (root / "wide.md").write_bytes(STORY.encode("utf-16"))
    report = build_index(root, tmp_path / "ix")
    assert [(Path(n.path).name, n.reason) for n in report.notes] == [("wide.md", "decoded from utf-16")]


def test_a_huge_page_with_little_text_is_noted(tmp_path: Path) -> None:
    root = tmp_path / "mine"
    root.mkdir()
    scripts = "".join(f"<script>var x{n} = '{'y' * 1000}';</script>\n" for n in range(2000))
    page = f"<html><head>{scripts}</head><body><article><h1>Port strike ends</h1><p>{BODY}</p></article></body></html>"
    (root / "heavy.html").write_text(page, encoding="utf-8")
    report = build_index(root, tmp_path / "ix")
    assert report.added == ["heavy"]
    assert [(Path(n.path).name, n.reason) for n in report.notes] == [
        ("heavy.html", f"only {len(BODY)} characters of text found in a 2.0 MB page")
    ]


# A long story in real prose: each paragraph names its day, so no two are the same.
_DAYS = [
    "On day {n} of the dispute, dock workers in Rotterdam held their picket lines outside the container terminals.",
    "Shipping lines said on day {n} that they had diverted vessels to Antwerp and Hamburg while the talks dragged on.",
    "Union leaders met the port authority again on day {n}, but neither side would say whether progress was made.",
    "By day {n}, farmers who export flowers and vegetables said their losses ran to millions of euros a week.",
]


def test_a_text_longer_than_the_ner_limit_is_read_in_pieces(tmp_path: Path) -> None:
    paragraphs = [_DAYS[n % len(_DAYS)].format(n=n) for n in range(11_000)]
    ending = "The strike ended when Maria Fernandez, the mediator appointed by the government, announced a deal."
    body = "\n\n".join([*paragraphs, ending])
    assert len(body) > 1_000_000  # spaCy's nlp.max_length
    root = tmp_path / "mine"
    root.mkdir()
    (root / "long.md").write_text(f"# The Long Strike\n\n{body}\n", encoding="utf-8")
    report = build_index(root, tmp_path / "ix")
    assert report.added == ["long"] and report.skipped == []
    with Library.open(tmp_path / "ix") as library:
        article = library.article("long")
        people = {e.id: e.name for e in library.article_entities("long") if e.type == "person"}
        assert "Maria Fernandez" in people.values()
        spans = [s for s in library.entity_spans("long") if people.get(s.entity_id) == "Maria Fernandez"]
    assert spans and all(article.body[s.start : s.end] == "Maria Fernandez" for s in spans)


def test_long_texts_are_cut_at_paragraphs_into_pieces_that_join_back() -> None:
    text = "\n\n".join(f"Paragraph {n} says something about the port." for n in range(5000))
    assert list(split_long(text, long=len(text))) == [(0, text)]  # not long: read whole, as always
    pieces = list(split_long(text, long=len(text) - 1, limit=1000))
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 1000 and text[offset:].startswith(piece) for offset, piece in pieces)
    assert all(piece.endswith("\n\n") for _, piece in pieces[:-1])


def test_the_cli_indexes_around_every_hostile_file_with_exit_code_1(tmp_path: Path) -> None:
    root = tmp_path / "mine"
    root.mkdir()
    (root / "good.md").write_text(GOOD, encoding="utf-8")
    for name, (data, _expected) in HOSTILE.items():
        (root / name).write_bytes(data)
    undecodable = os.fsencode(root) + b"/bad\xff.md"
    with open(undecodable, "wb") as handle:  # a name no UTF-8 decoder accepts (Linux allows any bytes)
        handle.write(STORY.encode())
    os.mkdir(os.fsencode(root) + b"/dir\xfe")
    with open(os.fsencode(root) + b"/dir\xfe/inside.md", "wb") as handle:
        handle.write(STORY.replace("Rotterdam", "Antwerp").encode())
    explorer = str(Path(sys.executable).parent / "explorer")
    command = [explorer, "index", "--articles", str(root), "--index", str(tmp_path / "ix"), "--json"]
    done = subprocess.run(command, capture_output=True, timeout=600)
    assert "Traceback" not in done.stderr.decode(errors="replace")
    assert done.returncode == 1, done.stderr.decode(errors="replace")
    report = json.loads(done.stdout)
    skipped = {Path(s["path"]).name: s["reason"] for s in report["skipped"]}
    assert skipped.pop("bad\\xff.md") == "the file name is not valid UTF-8; rename it"
    assert skipped.pop("dir\\xfe") == "the folder name is not valid UTF-8; rename it"
    expected = {name: outcome.reason for name, (_data, outcome) in HOSTILE.items() if isinstance(outcome, Skip)}
    assert set(skipped) == set(expected)
    assert all(_one_line(reason) and _matches(reason, expected[name]) for name, reason in skipped.items())
    read = {outcome.article_id for _data, outcome in HOSTILE.values() if isinstance(outcome, Read)}
    assert set(report["added"]) == read | {"good"}


def test_adding_a_path_whose_name_is_not_utf8_is_refused_in_one_line(tmp_path: Path) -> None:
    root = tmp_path / "mine"
    root.mkdir()
    (root / "good.md").write_text(GOOD, encoding="utf-8")
    other = os.fsencode(tmp_path) + b"/other\xfd"
    os.mkdir(other)
    with open(other + b"/story.md", "wb") as handle:
        handle.write(STORY.encode())
    explorer = os.fsencode(Path(sys.executable).parent / "explorer")
    command = [explorer, b"add", other, b"--articles", os.fsencode(root), b"--index", os.fsencode(tmp_path / "ix")]
    done = subprocess.run(command, capture_output=True, timeout=600)
    assert done.returncode == 1
    assert done.stderr.decode() == f"explorer: error: the path {tmp_path}/other\\xfd is not valid UTF-8; rename it\n"
