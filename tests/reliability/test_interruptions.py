"""Nothing that was there is lost: a run killed (`kill -9`) or interrupted (Ctrl-C) at any
step, two writers at once, a full disk, a read-only index folder, an index asked to take
another folder's articles. After each, the next `explorer index` ends where a clean build
of the same folder ends: the same ids, search results, same-story groups and entities,
and nothing left behind.

The step matrix stops a real indexing process with a real signal at a chosen function
(tests/reliability/stopper.py watches with a profile hook; the product has no hook). For
speed, that process is forked from this one (the NLP model already loaded) and runs the
real `explorer` command line; the other tests start the console command itself.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import sys
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from index.library import Library, build_index
from tests.conftest import SEEDS_DIR, VARIANTS_DIR
from tests.reliability.stopper import stop_at
from tui.cli import main

REUTERS = Path("/work/shared/eval/reuters-dev/articles")
QUERIES = ["Venezuela", "person:lavrov", "Merkel Berlin", "Maduro", "headline"]
STOPPED = {"KILL": -signal.SIGKILL, "INT": 130}

# Where an update can be stopped, in the order it gets there.
UPDATE_STEPS = {
    "discovery": "index.indexer:_discover",
    "reading": "index.readers:read_file",
    "NER": "index.ner:doc_mentions",
    "commit begins": "whoosh.writing:commit",
    "commit, segments written": "whoosh.writing:_commit_toc",
    "commit, TOC not yet renamed": "whoosh.filedb.filestore:rename_file",
    "commit, TOC in place": "whoosh.writing:_finish",
    "file list": "index.indexer:_write_sidecars",
    "entity table": "index.entity_table:write_table",
    "same-story groups": "index.indexer:_regroup_stories",
    "story links": "index.stories:save_links",
    "story file": "index.stories:write_stories",
    "topic space": "index.topic_space:update",
}
REBUILD_STEPS = {
    "rebuild, side files of the copy": "index.indexer:_write_sidecars",
    "rebuild, swap": "index.store:_swap_in",
    "rebuild, between the swap's renames": "pathlib:rename#2",
}
TRIALS = [(step, target, False) for step, target in UPDATE_STEPS.items()] + [
    (step, target, True) for step, target in REBUILD_STEPS.items()
]


def state(index_dir: Path) -> dict:
    """What a user sees of an index (JSON-shaped, so that a child's can be compared)."""
    with Library.open(index_dir) as library:
        ids = sorted(a.id for a in library.articles())
        return {
            "ids": ids,
            "entities": sorted(
                [e.id, e.name, e.type, sorted(e.aliases), e.articles, e.mentions] for e in library.entities()
            ),
            "stories": {i: sorted([m.id, m.overlap, m.role] for m in library.same_story(i)) for i in ids},
            "searches": {q: sorted(h.id for h in library.search(q, 100, snippets=False).hits) for q in QUERIES},
        }


def debris(index_dir: Path) -> list[str]:
    """Whatever a run left that no index needs: copies beside the index, half-written
    files, segment files no table of contents names."""
    beside = [p.name for p in index_dir.parent.iterdir() if re.search(r"\.(building|old)-\d+$", p.name)]
    names = os.listdir(index_dir)
    used = {segment.segment_id() for segment in TOC.read(FileStorage(str(index_dir)), "MAIN").segments}
    inside = [n for n in names if re.search(r"\.tmp-\d+|\.toc\.|^MAIN\.tmp$", n)]
    orphans = [n for n in names if re.match(r"MAIN_[0-9a-z]+\.", n) and n.split(".")[0] not in used]
    return beside + inside + orphans


def change(folder: Path) -> None:
    """Edit, delete, add; take an article out of its story and put a new copy into it."""
    edited = folder / "000_fabef78c0f05ce39.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\nAngela Merkel met Sergei Lavrov in Berlin.\n")
    (folder / "001_912b70213de0d703.txt").unlink()
    shutil.copy(VARIANTS_DIR / "v01_opinion_two_authors.txt", folder / "002_0cce6a3ea6b21fc1.txt")
    member = (folder / "003_56c698ab006727bd.txt").read_text(encoding="utf-8")
    (folder / "republished.txt").write_text("A new headline for an old story\n\n" + member, encoding="utf-8")
    shutil.copy(VARIANTS_DIR / "v04_cbs_style.txt", folder / "v04_cbs_style.txt")


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A clean build of the changed folder: what every run below must end equal to."""
    folder = tmp_path_factory.mktemp("clean") / "articles"
    shutil.copytree(SEEDS_DIR, folder)
    change(folder)
    index_dir = folder.parent / "ix"
    build_index(folder, index_dir)
    return state(index_dir)


@pytest.fixture(scope="module")
def before(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of the seeds and its index, copied into place for each trial (the index
    records its folder's path, so every trial uses the same one)."""
    place = tmp_path_factory.mktemp("trial")
    shutil.copytree(SEEDS_DIR, place / "articles")
    build_index(place / "articles", place / "ix")
    shutil.copytree(place / "ix", place / "ix-template")
    return place


def fresh_trial(place: Path) -> tuple[Path, Path, int]:
    """The seeds and their index, then the folder changed: (folder, index, its generation)."""
    folder, index_dir = place / "articles", place / "ix"
    for path in (folder, index_dir, *place.glob("ix.*-*")):
        shutil.rmtree(path, ignore_errors=True)
    shutil.copytree(SEEDS_DIR, folder)
    shutil.copytree(place / "ix-template", index_dir)
    change(folder)
    return folder, index_dir, generation(index_dir)


def generation(index_dir: Path) -> int:
    return FileStorage(str(index_dir)).open_index().latest_generation()


def stopped_run(signal_name: str, target: str, args: list[str], stderr: Path) -> int:
    """Run `explorer ARGS` in a forked process stopped by SIGNAL at TARGET; its exit code."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 99
        try:
            os.dup2(os.open(stderr, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 2)
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115 (closed by _exit)
            sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
            stop_at(getattr(signal, f"SIG{signal_name}"), target)
            code = main(args)
        except BaseException as error:
            sys.stderr.write(f"unexpected {error!r}\n")
        finally:
            sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


@pytest.mark.parametrize("signal_name", ["KILL", "INT"])
@pytest.mark.parametrize(("step", "target", "rebuild"), TRIALS, ids=[t[0] for t in TRIALS])
def test_a_run_stopped_at_any_step_is_finished_by_the_next(
    before: Path, clean: dict, tmp_path: Path, step: str, target: str, rebuild: bool, signal_name: str
) -> None:
    folder, index_dir, was = fresh_trial(before)
    args = ["--articles", str(folder), "--index", str(index_dir), "index", *(["--rebuild"] if rebuild else [])]
    code = stopped_run(signal_name, target, args, tmp_path / "stderr")
    message = (tmp_path / "stderr").read_text()
    assert code == STOPPED[signal_name], message  # it was stopped there, not before or after
    if signal_name == "INT":  # one line that says what happened to the index
        assert len(message.splitlines()) == 1 and message.startswith("explorer: error: interrupted; ")
        committed = index_dir.exists() and generation(index_dir) > was
        assert ("the index was updated" in message) == committed, message
        assert ("nothing was changed" in message) == (not committed), message
    build_index(folder, index_dir)  # the next run
    assert state(index_dir) == clean
    assert debris(index_dir) == []
