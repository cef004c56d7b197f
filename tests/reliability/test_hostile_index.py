"""A hostile index folder runs nothing.

Whoosh keeps an index's schema, segment list and postings as pickles, and the marker file
that makes a folder ours is plain JSON anyone can write. So a real index is built with the
CLI, then crafted as an attacker would: pickles that call os.system, posix.system,
subprocess, exec or eval (writing a canary file), put in the TOC, in a segment file's
directory and in a postings block. Every command is run on it, in a subprocess: the
canary never appears, and each command that reads the crafted pickle says in one line to
rebuild the index and exits 1, without a traceback. The honest index reads as before.
"""

from __future__ import annotations

import codecs
import io
import os
import pickle
import pkgutil
import pty
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
import whoosh
from whoosh.filedb.structfile import StructFile

from index.build import whoosh_pickles
from index.build.store import open_index
from index.library import IndexInvalid, Library
from tests.conftest import ROOT, SEEDS_DIR

EXPLORER = str(Path(sys.executable).parent / "explorer")
COMMANDS = ("search", "list", "show", "entities", "related", "index")


# Each payload, given the canary's path, is a pickle that writes it when a stock unpickler loads it.
def _os_system(canary: Path) -> bytes:
    return b"cos\nsystem\n(Vtouch " + bytes(canary) + b"\ntR."


def _posix_system(canary: Path) -> bytes:
    return b"cposix\nsystem\n(Vtouch " + bytes(canary) + b"\ntR."


def _subprocess_call(canary: Path) -> bytes:
    return b"csubprocess\ncall\n((Vtouch\nV" + bytes(canary) + b"\nltR."


def _builtins_exec(canary: Path) -> bytes:
    return b"cbuiltins\nexec\n(Vopen('" + bytes(canary) + b"', 'w').close()\ntR."


# Forbidden names of modules whose other names an index does hold (builtins.int, whoosh.index).
def _builtin_eval(canary: Path) -> bytes:
    return b"c__builtin__\neval\n(Vopen('" + bytes(canary) + b"', 'w').close()\ntR."


def _dotted_os_system(canary: Path) -> bytes:
    # Protocol 4 resolves dotted names: whoosh.index's own `os`, then its `system`.
    return b"\x80\x04cwhoosh.index\nos.system\n(Vtouch " + bytes(canary) + b"\ntR."


def _codecs_rot13_exec(canary: Path) -> bytes:
    # An allowed function (_codecs.encode) asked for an encoding Whoosh never writes: it
    # turns the stored text into code for exec.
    code = codecs.encode(f"open({str(canary)!r}, 'w').close()", "rot13")
    return b"cbuiltins\nexec\n(c_codecs\nencode\n(V" + code.encode() + b"\nVrot13\ntRtR."


PAYLOADS = {
    "os.system": _os_system,
    "posix.system": _posix_system,
    "subprocess.call": _subprocess_call,
    "builtins.exec": _builtins_exec,
}
FORBIDDEN_NAMES_OF_ALLOWED_MODULES = {
    "__builtin__.eval": _builtin_eval,
    "whoosh.index:os.system": _dotted_os_system,
    "_codecs.encode rot13": _codecs_rot13_exec,
}


def _varint_string(data: bytes) -> bytes:
    out = StructFile(io.BytesIO())
    out.write_string(data)
    return out.file.getvalue()


def _toc(index_dir: Path) -> Path:
    return next(index_dir.glob("_MAIN_*.toc"))


def _toc_layout(data: bytes) -> tuple[int, int, int]:
    """Where the TOC's schema pickle starts and ends, and where its segment list starts."""
    stream = StructFile(io.BytesIO(data))
    for _ in range(3):  # sizes of int, long and float
        stream.read_varint()
    stream.read_int()  # byte-order check
    stream.read_int()  # TOC version
    for _ in range(3):  # Whoosh release
        stream.read_varint()
    schema_start = stream.tell()
    stream.read_string()
    schema_end = stream.tell()
    stream.read_int()  # generation
    stream.read_int()  # unused
    return schema_start, schema_end, stream.tell()


def craft_toc_schema(index_dir: Path, payload: bytes) -> None:
    toc = _toc(index_dir)
    data = toc.read_bytes()
    start, end, _ = _toc_layout(data)
    toc.write_bytes(data[:start] + _varint_string(payload) + data[end:])


def craft_toc_segments(index_dir: Path, payload: bytes) -> None:
    toc = _toc(index_dir)
    data = toc.read_bytes()
    _, _, segments = _toc_layout(data)
    toc.write_bytes(data[:segments] + payload)


def craft_segment_directory(index_dir: Path, payload: bytes) -> None:
    """The compound segment file's directory of its parts, read whenever the index is searched."""
    segment = next(index_dir.glob("*.seg"))
    data = segment.read_bytes()
    directory = StructFile(io.BytesIO(data)).read_long()
    segment.write_bytes(data[:directory] + payload)


def craft_postings_block(index_dir: Path, payload: bytes) -> None:
    """The first postings block of body:said (in every seed article), its data replaced in place."""
    replace_postings_block(index_dir, zlib.compress(payload))  # the block says it is compressed


def replace_postings_block(index_dir: Path, packed: bytes) -> None:
    """The packed data of body:said's first postings block replaced by `packed` (zlib ignores
    what follows a stream's end, so the rest is padding)."""
    ix = open_index(index_dir)
    with ix.reader() as reader:
        matcher = reader.postings("body", b"said")
        start = matcher._postfile.file._offset + matcher._dataoffset
        length = matcher._nextoffset - matcher._dataoffset
    assert len(packed) <= length
    segment = next(index_dir.glob("*.seg"))
    data = bytearray(segment.read_bytes())
    data[start : start + length] = packed + bytes(length - len(packed))
    segment.write_bytes(bytes(data))


PLACES = {
    "toc-schema": craft_toc_schema,
    "toc-segments": craft_toc_segments,
    "segment-directory": craft_segment_directory,
}


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.environ.get("PYTHONPATH") or str(ROOT)}


def explorer(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [EXPLORER, *map(str, args)], capture_output=True, text=True, env=_env(), timeout=300, check=False
    )


@pytest.fixture(scope="module")
def honest(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A real index of the seeds, built by the CLI, and one article id in it."""
    index_dir = tmp_path_factory.mktemp("honest") / "ix"
    built = explorer("index", "--articles", SEEDS_DIR, "--index", index_dir)
    assert built.returncode == 0, built.stderr
    listed = explorer("list", "--json", "--articles", SEEDS_DIR, "--index", index_dir)
    first = listed.stdout.split('"id": "', 1)[1].split('"', 1)[0]
    return index_dir, first


@pytest.fixture
def copy(honest: tuple[Path, str], tmp_path: Path) -> Path:
    target = tmp_path / "theirs"
    shutil.copytree(honest[0], target)
    return target


def command_line(command: str, article: str) -> list[str]:
    return {
        "search": ["search", "said"],
        "list": ["list"],
        "show": ["show", article],
        "entities": ["entities"],
        "related": ["related", article],
        "index": ["index"],
    }[command]


def run_on(index_dir: Path, command: str, article: str) -> subprocess.CompletedProcess:
    return explorer(*command_line(command, article), "--articles", SEEDS_DIR, "--index", index_dir)


def assert_refused(result: subprocess.CompletedProcess, canary: Path) -> None:
    assert not canary.exists(), "the crafted pickle ran"
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "explorer index --rebuild" in lines[0]


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_refuses_a_pickle_that_calls_os_system(
    copy: Path, honest: tuple[Path, str], tmp_path: Path, place: str, command: str
) -> None:
    canary = tmp_path / "canary"
    PLACES[place](copy, _os_system(canary))
    assert_refused(run_on(copy, command, honest[1]), canary)


def test_the_advice_works_a_rebuild_replaces_a_crafted_index(copy: Path, tmp_path: Path) -> None:
    """The rebuild never reads the crafted folder: it writes a new index beside it and swaps it in."""
    canary = tmp_path / "canary"
    craft_toc_segments(copy, _os_system(canary))
    rebuilt = explorer("index", "--rebuild", "--articles", SEEDS_DIR, "--index", copy)
    assert rebuilt.returncode == 0, rebuilt.stderr
    searched = explorer("search", "said", "--articles", SEEDS_DIR, "--index", copy)
    assert searched.returncode == 0, searched.stderr
    assert not canary.exists()


@pytest.mark.parametrize("payload", {**PAYLOADS, **FORBIDDEN_NAMES_OF_ALLOWED_MODULES})
@pytest.mark.parametrize("place", ["toc-schema", "toc-segments"])
def test_no_payload_in_the_toc_runs(
    copy: Path, honest: tuple[Path, str], tmp_path: Path, place: str, payload: str
) -> None:
    canary = tmp_path / "canary"
    all_payloads = {**PAYLOADS, **FORBIDDEN_NAMES_OF_ALLOWED_MODULES}
    PLACES[place](copy, all_payloads[payload](canary))
    assert_refused(run_on(copy, "search", honest[1]), canary)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_crafted_postings_block_runs_nothing(
    copy: Path, honest: tuple[Path, str], tmp_path: Path, payload: str
) -> None:
    canary = tmp_path / "canary"
    craft_postings_block(copy, PAYLOADS[payload](canary))
    assert_refused(run_on(copy, "search", honest[1]), canary)


def test_commands_that_never_read_a_crafted_postings_block_run_nothing(
    copy: Path, honest: tuple[Path, str], tmp_path: Path
) -> None:
    """A block is read only by a search for its word; every other command runs as usual, or
    refuses in one line if it reads it, and never runs the block."""
    canary = tmp_path / "canary"
    craft_postings_block(copy, _os_system(canary))
    for command in COMMANDS:
        result = run_on(copy, command, honest[1])
        assert not canary.exists(), f"'{command}' ran the crafted pickle"
        assert "Traceback" not in result.stderr, command
        assert result.returncode in (0, 1), command
        if result.returncode == 1:
            assert len(result.stderr.strip().splitlines()) == 1, command


BLOCK_DAMAGE = {
    "not-zlib": b"\xff" * 16,  # the disk gave back bytes that were never compressed
    "not-a-pickle": zlib.compress(b"\x80\x02garbled"),
    "cut-short": zlib.compress(b"\x80\x02(K\x01K\x02"),
}


@pytest.mark.parametrize("damage", BLOCK_DAMAGE)
def test_a_damaged_postings_block_is_one_line_that_says_rebuild(
    copy: Path, honest: tuple[Path, str], damage: str
) -> None:
    replace_postings_block(copy, BLOCK_DAMAGE[damage])
    result = run_on(copy, "search", honest[1])
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "explorer index --rebuild" in lines[0], result.stderr


DAMAGE = {
    "truncated": lambda data: data[: len(data) // 2],
    "garbled": lambda data: data[:40] + bytes(b ^ 0x5A for b in data[40:]),
    "empty": lambda data: b"",
}


@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize("command", ["search", "list", "index"])
def test_a_damaged_toc_is_refused_in_one_line(copy: Path, honest: tuple[Path, str], command: str, damage: str) -> None:
    toc = _toc(copy)
    toc.write_bytes(DAMAGE[damage](toc.read_bytes()))
    result = run_on(copy, command, honest[1])
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "explorer index --rebuild" in lines[0], result.stderr


def test_the_app_refuses_a_crafted_index_at_start(copy: Path, tmp_path: Path) -> None:
    """With no command and a terminal, explorer opens the app: it too refuses in one line."""
    canary = tmp_path / "canary"
    craft_toc_segments(copy, _os_system(canary))
    terminal, other_end = pty.openpty()
    try:
        app = subprocess.Popen(
            [EXPLORER, "--articles", str(SEEDS_DIR), "--index", str(copy)],
            stdin=other_end,
            stdout=other_end,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        try:
            _, stderr = app.communicate(timeout=60)
        finally:
            app.kill()
    finally:
        os.close(terminal)
        os.close(other_end)
    assert not canary.exists()
    assert app.returncode == 1
    assert "Traceback" not in stderr
    assert stderr.strip().count("\n") == 0 and "explorer index --rebuild" in stderr


def test_the_honest_index_opens_and_searches(honest: tuple[Path, str]) -> None:
    index_dir, article = honest
    result = explorer("search", "said", "--json", "--limit", "50", "--articles", SEEDS_DIR, "--index", index_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count('"id": ') == 5  # every seed article says 'said'
    for command in COMMANDS:
        assert run_on(index_dir, command, article).returncode == 0, command


def _index_pickles(index_dir: Path) -> list[bytes]:
    """Every pickle of an honest index that Whoosh reads when opening and searching it:
    the TOC's schema and segment list, the segment's directory, and the postings blocks
    of its commonest words."""
    data = _toc(index_dir).read_bytes()
    start, end, segments = _toc_layout(data)
    found = [StructFile(io.BytesIO(data[start:end])).read_string(), data[segments:]]
    segment = next(index_dir.glob("*.seg")).read_bytes()
    found.append(segment[StructFile(io.BytesIO(segment)).read_long() :])
    ix = open_index(index_dir)
    with ix.reader() as reader:
        for _, text in reader.most_frequent_terms("body", 20):
            matcher = reader.postings("body", text)
            if hasattr(matcher, "_dataoffset"):
                block = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
                found.append(zlib.decompress(block) if matcher._compression else block)
    return found


def test_the_guard_reads_an_honest_index_as_pickle_does(honest: tuple[Path, str]) -> None:
    pickles = _index_pickles(honest[0])
    assert len(pickles) > 5
    for data in pickles:
        assert pickle.dumps(whoosh_pickles.loads(data), 2) == pickle.dumps(pickle.loads(data), 2)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # old Whoosh modules import deprecated ones
def test_no_whoosh_module_reads_pickles_unguarded() -> None:
    """Every Whoosh module that imports, imported: none still holds pickle's own loaders
    (each is pointed at the guard, or reads only temporary files it wrote itself)."""
    for module in pkgutil.walk_packages(whoosh.__path__, "whoosh."):
        try:
            __import__(module.name)
        except Exception:  # some old modules no longer import; then nothing reaches them
            continue
    assert whoosh_pickles.unguarded_sites() == []
    assert whoosh_pickles.refusal() is None


def test_an_unguarded_whoosh_reader_means_no_index_opens(honest: tuple[Path, str], monkeypatch) -> None:
    """As if a Whoosh release read pickles through a name the guard does not know."""
    import whoosh.codec.whoosh3

    monkeypatch.setattr(whoosh.codec.whoosh3, "loads", pickle.loads)
    with pytest.raises(IndexInvalid, match="cannot guard"):
        Library.open(honest[0])


def test_a_moved_patch_point_means_no_index_opens(honest: tuple[Path, str]) -> None:
    """As if a Whoosh release renamed what the guard replaces: refused, not opened unguarded."""
    script = (
        "import whoosh.columns\n"
        "del whoosh.columns.loads\n"
        "from pathlib import Path\n"
        "from index.build.store import open_index, IndexInvalid\n"
        "try:\n"
        f"    open_index(Path({str(honest[0])!r}))\n"
        "except IndexInvalid as error:\n"
        "    print(error)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=_env(), check=False)
    assert "whoosh.columns.loads is not where explorer guards it" in result.stdout, result.stderr


async def test_a_search_in_the_app_that_meets_a_crafted_postings_block_says_so_and_runs_nothing(
    copy: Path, tmp_path: Path
) -> None:
    """The app opened the index before the block is read: the search says to rebuild, and
    the app stays up (no crash, no traceback)."""
    from textual.widgets import Static

    from tui.app import create_app
    from tui.widgets.search_bar import SearchBar

    canary = tmp_path / "canary"
    craft_postings_block(copy, _os_system(canary))
    app = create_app(copy, SEEDS_DIR)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("slash")
        app.query_one(SearchBar).input.value = ""
        await pilot.press(*"said")
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        assert "explorer index --rebuild" in str(app.query_one("#search-status", Static).render())
    assert not canary.exists()
