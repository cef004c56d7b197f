"""Changed files to articles, in whichever process does the reading.

The writer reads each file's bytes (again, until two reads agree: it may be being saved
right now) and hands them on as an `Upload`; `read_upload` parses them, here or in a Dask
worker on another machine (it needs only the bytes); `accepted` takes each file's
`Outcome` back into the run's report, in the order the files were found, and passes on
its articles: the first of each id, the others skipped with a reason."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from index.build.corpus import SourceFile
from index.entities.resolve import Mention
from index.errors import ArticleError
from index.read.articles import hash_bytes
from index.read.readers import FileRead, failure_reason, read_file
from index.records import Article, IndexReport, Skipped

STEADY_TRIES = 5
STEADY_PAUSE = 0.05  # seconds between reads of a file that is being written
MOVED = "changed while being indexed; the newer version was indexed"


@dataclass(frozen=True)
class Upload:
    """One changed file's bytes, as the writer read them."""

    location: str  # as the index records it
    path: str
    base_id: str
    data: bytes
    moved: bool = False  # changed since it was first looked at


@dataclass
class Outcome:
    """What one file gave: its articles (their text made valid) and, once NER has run, the
    names found in each; or, when it could not be read, why."""

    location: str
    read: FileRead | None = None
    mentions: list[list[Mention]] | None = None  # one list per article of `read`
    failure: str = ""


def uploads(fresh: Iterable[tuple[SourceFile, str]]) -> Iterator[Upload | Outcome]:
    """Each changed file's bytes; a file that cannot be read is its outcome already."""
    for source, digest in fresh:
        try:
            data, moved = _steady_bytes(source.path, digest)
        except ArticleError as error:
            yield Outcome(source.location, failure=str(error))
            continue
        except OSError as error:
            yield Outcome(source.location, failure=f"cannot read: {error.strerror or error}")
            continue
        yield Upload(source.location, str(source.path), source.id, data, moved)


def read_upload(upload: Upload) -> Outcome:
    """Parse one file's bytes. Whatever one file's content makes a parser do, it is this
    file's outcome and the others are read."""
    try:
        read = read_file(Path(upload.path), upload.base_id, upload.data)
    except ArticleError as error:
        return Outcome(upload.location, failure=str(error))
    except Exception as error:
        return Outcome(upload.location, failure=failure_reason(error))
    if upload.moved:
        read.notes.append(MOVED)
    read.articles = [article.with_valid_text() for article in read.articles]
    return Outcome(upload.location, read)


@dataclass
class Accepted:
    """What the run has taken from the outcomes so far."""

    report: IndexReport
    kept: set[str]  # ids whose indexed version stays
    by_path: dict[str, set[str]]  # ids per file, as the index was before the run
    sources: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (file, its hash)
    seen: set[str] = field(default_factory=set)


def accepted(outcomes: Iterable[Outcome], into: Accepted) -> Iterator[tuple[Article, list[Mention] | None]]:
    """Each new article with its names (None before NER), the outcomes' failures, notes and
    left-out records reported. A file that failed keeps its last good version indexed."""
    for outcome in outcomes:
        read = outcome.read
        if read is None:
            into.report.skipped.append(Skipped(outcome.location, outcome.failure))
            into.kept |= into.by_path.get(outcome.location, set())
            continue
        into.report.notes.extend(Skipped(outcome.location, note) for note in read.notes)
        into.report.skipped.extend(Skipped(outcome.location, reason) for reason in read.left_out)
        names: list[list[Mention] | None] = list(outcome.mentions) if outcome.mentions else [None] * len(read.articles)
        for article, mentions in zip(read.articles, names, strict=True):
            if article.id in into.seen:
                into.report.skipped.append(Skipped(outcome.location, f"a second article with id {article.id}"))
                continue
            into.seen.add(article.id)
            into.sources[article.id] = (outcome.location, read.file_hash)
            yield article, mentions


def _steady_bytes(path: Path, expected: str) -> tuple[bytes, bool]:
    """The file's bytes, read again until two reads agree (it may be being saved right
    now); also whether it changed since it was first looked at."""
    data = path.read_bytes()
    for _ in range(STEADY_TRIES):
        if hash_bytes(data) == expected:
            return data, False
        time.sleep(STEADY_PAUSE)
        again = path.read_bytes()
        if again == data:
            return data, True
        data, expected = again, hash_bytes(again)
    raise ArticleError("kept changing while being indexed; index again once it is saved")
