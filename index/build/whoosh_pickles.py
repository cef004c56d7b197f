"""The one way index data is unpickled: only what Whoosh's own index files hold.

Whoosh keeps an index's schema and segment list (the TOC file) and its postings, term
tables and stored fields as pickles, and a pickle can call any function it names: a
crafted folder (a colleague's, an unpacked archive; the marker file proves nothing) would
run a command on every search. So every pickle read from an index goes through `load` or
`loads` here, which admit only the classes and functions Whoosh writes into an index
(recorded from real indexes: every global their TOC and segment pickles reference) and
refuse any other with UnsafeIndexData, before anything is called.

Whoosh reads its pickles through module-level names (`loads`, `load_pickle`, `pickle`).
Those names are pointed here when this module is imported, which index.build.store and
index.search.bulk_search do before any index is opened. They are Whoosh internals: if a release
moved them, or reads pickles somewhere new, `refusal()` says so and index.build.store refuses to
open any index rather than open one unguarded.
"""

from __future__ import annotations

import importlib
import io
import pickle
import sys
import types
from collections import defaultdict
from datetime import datetime
from functools import cache
from typing import IO, Any

from whoosh.codec.whoosh3 import W3Codec, W3Segment

from index.errors import IndexInvalid

__all__ = ["DamagedIndexData", "UnsafeIndexData", "load", "loads", "refusal"]


class UnsafeIndexData(IndexInvalid):
    """An index pickle names something Whoosh never writes there: refused unloaded."""

    def __init__(self, named: str) -> None:
        super().__init__(
            f"the index holds a pickle naming {named}, which explorer never writes; "
            "refusing to read it; run 'explorer index --rebuild' to replace the index"
        )
        self.named = named


class DamagedIndexData(IndexInvalid):
    """A part of the index that cannot be read back (a disk error, a truncated copy):
    one line for the user instead of whatever the unpickler or zlib raised."""

    def __init__(self, what: str) -> None:
        super().__init__(f"the index is damaged ({what}); run 'explorer index --rebuild' to replace it")


# What garbled or truncated pickle bytes raise as they are read.
_DAMAGE = (pickle.UnpicklingError, EOFError, ValueError, TypeError, IndexError, KeyError, AttributeError)


def _latin1_bytes(text: str, encoding: str) -> bytes:
    # Protocol 2 pickles bytes as _codecs.encode(text, "latin1"); nothing else is needed of it.
    if encoding not in ("latin1", "latin-1"):
        raise UnsafeIndexData(f"_codecs.encode with {encoding!r}")
    return text.encode("latin1")


# What Whoosh's own storage pickles name, beyond the schema (see _allowed): the segment
# list, codec, column headers, stored values and postings of a real index.
_STORAGE_GLOBALS: dict[tuple[str, str], Any] = {
    ("whoosh.codec.whoosh3", "W3Codec"): W3Codec,
    ("whoosh.codec.whoosh3", "W3Segment"): W3Segment,
    ("datetime", "datetime"): datetime,
    ("collections", "defaultdict"): defaultdict,
    ("_codecs", "encode"): _latin1_bytes,
    # Protocol 2 names builtins by their Python 2 module; both spellings are the same thing.
    ("__builtin__", "long"): int,
    ("__builtin__", "int"): int,
    ("builtins", "int"): int,
    ("__builtin__", "frozenset"): frozenset,
    ("builtins", "frozenset"): frozenset,
    ("__builtin__", "bytes"): bytes,  # how protocol 2 writes b""
    ("builtins", "bytes"): bytes,
}


class _Recorder(pickle.Unpickler):
    """Reads a pickle this program made itself, noting each global it names."""

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        self.named: dict[tuple[str, str], Any] = {}

    def find_class(self, module: str, name: str) -> Any:
        found = super().find_class(module, name)
        self.named[(module, name)] = found
        return found


@cache
def _allowed() -> dict[tuple[str, str], Any]:
    """Storage globals plus whatever our own schema pickles to (its fields, formats,
    analyzers), taken from the schema itself so a new field needs no list kept in step."""
    from index.search.analysis import FoldingAnalyzer  # here: these modules import Whoosh's analysis
    from index.search.schema import build_schema

    schema = build_schema()
    # Indexes written before FoldingAnalyzer hold the plain chain of the same filters.
    analyzers = [getattr(field, "analyzer", None) for _, field in schema.items()]
    chains = [analyzer.as_chain() for analyzer in analyzers if isinstance(analyzer, FoldingAnalyzer)]
    named: dict[tuple[str, str], Any] = {}
    for written in (schema, chains):
        recorder = _Recorder(pickle.dumps(written, 2))  # as Whoosh writes it into the TOC
        recorder.load()
        named |= recorder.named
    return {**named, **_STORAGE_GLOBALS}


class _IndexUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        found = _allowed().get((module, name))
        if found is None:
            raise UnsafeIndexData(f"{module}.{name}")
        return found


def load(file: IO[bytes], **_: Any) -> Any:
    """pickle.load, admitting only what Whoosh writes into an index."""
    return _unpickle(_IndexUnpickler(file))


def loads(data: bytes, **_: Any) -> Any:
    """pickle.loads, admitting only what Whoosh writes into an index."""
    # A reader with peek() lets the unpickler take the bytes in one piece: as fast as
    # pickle.loads on a postings block, where a bare BytesIO takes twice as long.
    return _unpickle(_IndexUnpickler(io.BufferedReader(io.BytesIO(data), max(len(data), 1))))


def _unpickle(unpickler: pickle.Unpickler) -> Any:
    try:
        return unpickler.load()
    except UnsafeIndexData:
        raise
    except _DAMAGE as error:
        raise DamagedIndexData(f"a stored part cannot be read: {error.__class__.__name__}") from None


class _GuardedPickle(types.ModuleType):
    """Stands in for the `pickle` module inside Whoosh modules that call pickle.loads:
    dumps and the rest are pickle's own, load/loads/Unpickler are the guarded ones."""

    load = staticmethod(load)
    loads = staticmethod(loads)
    Unpickler = _IndexUnpickler

    def __getattr__(self, name: str) -> Any:
        return getattr(pickle, name)


# Every name through which Whoosh unpickles index data (found with grep over whoosh/ for
# pickle, load and loads), as (module, name). Each must hold the stock pickle function or
# module, which is swapped for the guarded one.
_PATCH_POINTS: tuple[tuple[str, str], ...] = (
    ("whoosh.compat", "load"),
    ("whoosh.compat", "loads"),
    ("whoosh.compat", "pickle"),
    ("whoosh.filedb.structfile", "load_pickle"),  # read_pickle: TOC segments, compound dirs, term tables
    ("whoosh.index", "pickle"),  # the TOC's schema
    ("whoosh.codec.whoosh3", "loads"),  # postings blocks, inlined postings, stored fields
    ("whoosh.formats", "loads"),  # positions and characters in postings values
    ("whoosh.columns", "loads"),  # pickled columns
)
# Older readers: guarded if they still import (some no longer do; then nothing reaches them).
_LEGACY_PATCH_POINTS: tuple[tuple[str, str], ...] = (
    ("whoosh.codec.whoosh2", "loads"),
    ("whoosh.codec.plaintext", "loads"),
    ("whoosh.filedb.misc", "loads"),
    ("whoosh.filedb.misc", "depickle"),
    ("whoosh.filedb.fileindex", "pickle"),
)
# Modules that unpickle only temporary files they wrote themselves, never index data.
_OWN_FILES_ONLY = frozenset({"whoosh.externalsort", "whoosh.multiproc", "whoosh.util.loading"})

_GUARDED = _GuardedPickle("pickle")
_problems: list[str] = []


def _install() -> None:
    # Every index writer spills its postings to temporary run files and reads them back
    # through externalsort's own `load`: its files, not index data, so it keeps pickle's.
    importlib.import_module("whoosh.externalsort")
    for points, required in ((_PATCH_POINTS, True), (_LEGACY_PATCH_POINTS, False)):
        for module_name, attribute in points:
            try:
                module = importlib.import_module(module_name)
            except ImportError:
                if required:
                    _problems.append(f"{module_name} is gone")
                continue
            _guard(module, attribute)
    # The TOC reader for Whoosh 1.x indexes unpickles the schema with its own Unpickler;
    # no index explorer writes is that old, so that format is not read at all.
    from whoosh import index as whoosh_index

    loaders = getattr(whoosh_index, "toc_loaders", None)
    if isinstance(loaders, dict):
        loaders.clear()
    else:
        _problems.append("whoosh.index.toc_loaders is not where explorer guards it")


def _guard(module: types.ModuleType, attribute: str) -> None:
    current = getattr(module, attribute, None)
    if current is pickle:
        setattr(module, attribute, _GUARDED)
    elif current is pickle.load:
        setattr(module, attribute, load)
    elif current is pickle.loads:
        setattr(module, attribute, loads)
    elif current not in (load, loads, _GUARDED):
        _problems.append(f"{module.__name__}.{attribute} is not where explorer guards it")


def unguarded_sites() -> list[str]:
    """Names in loaded Whoosh modules that still reach the stock unpickler."""
    stock = {id(pickle), id(pickle.load), id(pickle.loads), id(pickle.Unpickler)}
    found = []
    for module_name, module in list(sys.modules.items()):
        if module_name.partition(".")[0] != "whoosh" or module_name in _OWN_FILES_ONLY or module is None:
            continue
        for attribute, value in list(vars(module).items()):
            if id(value) in stock:
                found.append(f"{module_name}.{attribute}")
    return found


def refusal() -> str | None:
    """Why no index can be opened safely with this Whoosh, or None when every way it
    unpickles index data is guarded (checked again at each open: Whoosh imports lazily)."""
    problems = _problems + [f"{site} reads pickles unguarded" for site in unguarded_sites()]
    if not problems:
        return None
    return f"this Whoosh version reads index files in ways explorer cannot guard ({problems[0]}); refusing to open"


_install()
