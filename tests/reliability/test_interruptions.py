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

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage

from index.entities.ner import PARALLEL_FROM
from index.library import Library, build_index
from index.records import Article
from tests.conftest import ROOT, SEEDS_DIR, VARIANTS_DIR
from tests.reliability.outcome import change, debris, state
from tests.reliability.stopper import stop_at
from tests.synthetic import generate
from tui.cli import main

STOPPED = {"KILL": -signal.SIGKILL, "INT": 130}

# Where an update can be stopped, in the order it gets there.
UPDATE_STEPS = {
    "discovery": "index.build.changes:discover_files",
    "reading": "index.read.readers:read_file",
    "names pass": "index.build.names_pass:find_names",
    "NER": "index.entities.ner:doc_mentions",
    "commit begins": "whoosh.writing:commit",
    "commit, segments written": "whoosh.writing:_commit_toc",
    "commit, TOC not yet renamed": "whoosh.filedb.filestore:rename_file",
    "commit, TOC in place": "whoosh.writing:_finish",
    "file list": "index.build.indexer:_write_sidecars",
    "entity table": "index.entities.entity_table:write_table",
    "same-story groups": "index.build.indexer:_regroup_stories",
    "story links": "index.stories.stories:save_links",
    "story file": "index.stories.stories:write_stories",
    "topic space": "index.stories.topic_space:update",
}
REBUILD_STEPS = {
    "rebuild, side files of the copy": "index.build.indexer:_write_sidecars",
    "rebuild, swap": "index.build.store:_swap_in",
    "rebuild, between the swap's renames": "pathlib:rename#2",
}
# A kill at every step; a Ctrl-C at one step of each kind (its message differs by kind).
INTERRUPTED_AT = {
    "NER",
    "commit, segments written",
    "commit, TOC in place",
    "entity table",
    "story links",
    "topic space",
    "rebuild, between the swap's renames",
}
TRIALS = [
    (step, target, rebuild, signal_name)
    for rebuild, steps in ((False, UPDATE_STEPS), (True, REBUILD_STEPS))
    for step, target in steps.items()
    for signal_name in ("KILL", "INT")
    if signal_name == "KILL" or step in INTERRUPTED_AT
]


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


@pytest.mark.parametrize(
    ("step", "target", "rebuild", "signal_name"), TRIALS, ids=[f"{t[3]} at {t[0]}" for t in TRIALS]
)
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


# Two writers -------------------------------------------------------------------------


def test_a_writer_that_waited_for_one_killed_after_its_commit_finishes_its_work(
    before: Path, clean: dict, tmp_path: Path
) -> None:
    folder, index_dir, _ = fresh_trial(before)
    args = ["--articles", str(folder), "--index", str(index_dir), "index"]
    # The first writer is frozen just after its commit, holding the lock ...
    first = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.stopper", "STOP", "index.build.indexer:_write_sidecars", "--", *args],
        cwd=ROOT,
        env=environment(),
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: process_state(first.pid) == "T", f"the first writer to reach {first.args[5]}")
        # ... the second starts and waits for it, and the first is killed there.
        second = subprocess.Popen(
            [sys.executable, "-m", "tui", *args], cwd=ROOT, env=environment(), stdout=subprocess.PIPE, text=True
        )
        time.sleep(2)  # ordering only: the second is most likely waiting on the lock by now
        first.kill()
        first.wait()
        second.communicate(timeout=300)
    finally:
        first.kill()
    assert second.returncode == 0
    assert state(index_dir) == clean
    assert debris(index_dir) == []


# A full or read-only disk ------------------------------------------------------------------


def can_mount(folder: Path) -> bool:
    """A real small disk needs root and a private mount namespace (there it vanishes with
    the test, whatever happens)."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = ["unshare", "--mount", "--propagation", "private", "mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs"]
    return subprocess.run([*probe, str(folder)], capture_output=True).returncode == 0


@pytest.mark.parametrize(
    ("mode", "cause"), [("full", "No space left on device"), ("readonly", "Read-only file system")]
)
def test_a_full_or_read_only_disk_is_one_line_and_loses_nothing(
    tmp_path: Path, clean: dict, mode: str, cause: str
) -> None:
    disk, work, result = tmp_path / "disk", tmp_path / "work", tmp_path / "result.json"
    disk.mkdir()
    work.mkdir()
    if not can_mount(disk):
        pytest.skip("a real small disk needs root and 'unshare --mount' with tmpfs mounts")
    driver = [sys.executable, "-m", "tests.reliability.small_disk", mode, str(disk), str(work), str(result)]
    ran = subprocess.run(["unshare", "--mount", "--propagation", "private", *driver], cwd=ROOT, env=environment())
    assert ran.returncode == 0
    seen = json.loads(result.read_text(encoding="utf-8"))
    assert seen["code"] == 1
    assert (
        seen["stderr"] == f"explorer: error: cannot write the index at {seen['index']}: {cause}; nothing was changed\n"
    )
    assert seen["unchanged"] and seen["same_files"]  # the old index is whole, no orphan files
    assert seen["retry"] == 0, seen["retry_stderr"]
    assert seen["final"] == json.loads(json.dumps(clean))
    assert seen["debris"] == []


# The folder an index records -------------------------------------------------------------


def test_an_index_takes_articles_only_from_the_folder_it_records(tmp_path: Path, capsys) -> None:
    mine, index_dir = tmp_path / "mine", tmp_path / "ix"
    mine.mkdir()
    for name in ("v01_opinion_two_authors.txt", "v04_cbs_style.txt"):
        shutil.copy(VARIANTS_DIR / name, mine / name)
    assert main(["--articles", str(mine), "--index", str(index_dir), "index"]) == 0
    ids = state(index_dir)["ids"]
    assert main(["--index", str(index_dir), "index"]) == 0  # no --articles: the folder it records
    assert state(index_dir)["ids"] == ids
    capsys.readouterr()
    assert main(["--articles", str(SEEDS_DIR), "--index", str(index_dir), "index"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and str(mine.resolve()) in error and "--rebuild" in error
    assert state(index_dir)["ids"] == ids
    assert main(["--articles", str(SEEDS_DIR), "--index", str(index_dir), "index", "--rebuild"]) == 0
    assert state(index_dir)["ids"] == sorted(p.stem for p in SEEDS_DIR.glob("*.txt"))


# Parallel NER ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def large_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough articles for NER to run in parallel."""
    folder = tmp_path_factory.mktemp("large")
    generate(folder, 320, 8)
    assert len(list(folder.iterdir())) >= PARALLEL_FROM
    return folder


def start_indexing(folder: Path, index_dir: Path, options: tuple[str, ...] = ()) -> tuple[subprocess.Popen, set[int]]:
    """The real console command, in a session of its own as a shell would run it; returns
    once NER (the second pass) has started giving results, with the processes below it (its
    NER workers)."""
    command = [str(Path(sys.executable).parent / "explorer"), "--articles", str(folder), "--index", str(index_dir)]
    child = subprocess.Popen(
        [*command, "index", "--progress-lines", *options],
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    named = False
    for line in child.stdout:  # the steps it starts, the articles it counts: the text pass, then the names
        named = named or line.startswith("phase finding names")
        if named and line.startswith("progress "):
            break
    else:
        raise AssertionError(child.stderr.read())
    return child, descendants(child.pid)


@pytest.mark.parametrize("on", [(), ("--workers", "2")], ids=["two processes", "a local Dask cluster"])
@pytest.mark.parametrize("how", ["ctrl-c", "kill -9"])
def test_stopping_parallel_ner_ends_it_at_once_with_its_workers(
    large_folder: Path, tmp_path: Path, how: str, on: tuple[str, ...]
) -> None:
    child, workers = start_indexing(large_folder, tmp_path / "ix", on)
    try:
        assert len(workers) >= 2  # NER runs in worker processes
        if how == "ctrl-c":
            os.killpg(child.pid, signal.SIGINT)  # what a terminal sends to its foreground job
            assert child.wait(timeout=5) == 130
            said = child.stderr.read()
            assert said.startswith(
                "explorer: error: interrupted; the index was updated; the next run will finish the names"
            )
            assert len(said.splitlines()) == 1
        else:
            child.kill()  # the indexer alone: its workers must follow
            child.wait()
        wait_until(lambda: not alive(workers), "the NER workers to end", timeout=3)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
    left = [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")]  # the lock file stays
    assert left == ["ix"]  # a first build is written in place: its text is there, searchable
    with Library.open(tmp_path / "ix") as library:
        assert library.count() == len(list(large_folder.iterdir())) and library.names_pending() > 0


async def test_quitting_the_app_during_an_update_ends_the_update_at_once(large_folder: Path, tmp_path: Path) -> None:
    from tui.app import create_app

    folder, index_dir = tmp_path / "articles", tmp_path / "ix"
    folder.mkdir()
    shutil.copy(VARIANTS_DIR / "v04_cbs_style.txt", folder)
    build_index(folder, index_dir)
    shutil.copytree(large_folder, folder / "more")
    app = create_app(index_dir, folder, background_update=True)
    async with app.run_test() as pilot:
        for _ in range(600):  # until the update reports progress (NER is running)
            if app._update_started is not None:
                break
            await pilot.pause(0.2)
        updater = [pid for pid in descendants(os.getpid()) if "index" in command_line(pid)]
        assert updater, "the update runs in a child process"
        below = set(updater) | {p for pid in updater for p in descendants(pid)}
        await pilot.press("q")
    try:
        wait_until(lambda: not alive(below), "the update and its workers to end", timeout=4)
    finally:
        for pid in alive(below):
            os.kill(pid, signal.SIGKILL)
    with Library.open(index_dir) as library:
        assert [a.id for a in library.articles()] == ["v04_cbs_style"]  # stopped before its commit


# Processes -------------------------------------------------------------------------------


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def wait_until(condition, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"waited {timeout} s for {what}"
        time.sleep(0.05)


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def process_state(pid: int) -> str | None:
    fields = _stat(pid)
    return fields[0] if fields else None


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        if (fields := _stat(int(entry))) is not None:
            children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    """Those still running (a zombie has ended; it only waits to be reaped)."""
    return {pid for pid in pids if process_state(pid) not in (None, "Z")}


# A long-running app ----------------------------------------------------------------------


async def test_the_app_sees_an_index_another_process_rebuilt(tmp_path: Path) -> None:
    from tui.app import create_app
    from tui.widgets.article_list import ArticleList
    from tui.widgets.search_bar import SearchBar

    folder, index_dir = tmp_path / "articles", tmp_path / "ix"
    shutil.copytree(SEEDS_DIR, folder)
    build_index(folder, index_dir)
    async with create_app(index_dir).run_test(size=(140, 40)) as pilot:
        await pilot.pause(0.3)
        shutil.copy(VARIANTS_DIR / "v04_cbs_style.txt", folder)
        build_index(folder, index_dir, rebuild=True)  # what another `explorer index --rebuild` does
        await pilot.press("slash")
        pilot.app.query_one(SearchBar).input.value = ""
        await pilot.press(*"maple")
        await pilot.pause(0.3)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        found = {row.id for row in pilot.app.query_one(ArticleList).rows}
    with Library.open(index_dir) as library:
        assert found == {h.id for h in library.search("maple", 100, snippets=False).hits}
        assert "v04_cbs_style" in found  # only the rebuilt index has it


def test_parallel_ner_gives_the_serial_mentions_on_real_text() -> None:
    reuters = ROOT.parent / "shared" / "eval" / "reuters-dev" / "articles"
    if not reuters.is_dir():
        pytest.skip(f"the Reuters evaluation articles are not at {reuters}")
    from index.entities import ner
    from index.read.readers import read_file

    articles = [
        article
        for path in sorted(reuters.glob("*.md"))[:80]  # a few batches, so that both workers parse some
        for article in read_file(path, path.stem, path.read_bytes()).articles
    ]
    serial = [(article.id, mentions) for article, mentions in ner.extract(articles, parallel=False)]
    parallel = [(article.id, mentions) for article, mentions in ner.extract(articles, parallel=True)]
    assert parallel == serial
    assert sum(len(mentions) for _, mentions in serial) > len(articles)  # real names were found


def test_parallel_ner_without_the_model_says_so_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """The model loads only in the workers; its absence is found before they start, and told
    as the serial path tells it, not as a worker's failure."""
    from index.entities import ner
    from index.errors import NerUnavailable

    monkeypatch.setattr(ner, "MODEL", "no_such_ner_model")
    article = Article("a", "Lima talks", "", [], None, "Wire", None, "Talks in Lima ended.")
    with pytest.raises(NerUnavailable, match=r"^the NER model no_such_ner_model is not installed .*make install"):
        next(ner.extract([article], parallel=True))
