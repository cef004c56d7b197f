"""The reader's own work: read marks, stars, tags and notes, kept in SQLite.

One database in the user's data directory, never in an article folder. State belongs to
an article's text (its content hash), so it survives a rebuilt index and a folder moved or
copied elsewhere; each index also remembers the hash under which it last wrote an article's
state, so an article edited in place (same id, new text) keeps its state (`follow_edits`).

WAL mode and short transactions let two app windows and the command line write at once:
every change is one statement or one transaction, never a read then a write of our own.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from platformdirs import user_data_path

from index.records import ArticleState, Note

STATE_FILE = "state.sqlite3"
BUSY_MS = 10_000  # how long a write waits for another process's to finish

SCHEMA = """
CREATE TABLE IF NOT EXISTS marks(
    hash TEXT PRIMARY KEY,
    read INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    changed REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS tags(
    hash TEXT NOT NULL,
    tag TEXT NOT NULL,
    added REAL NOT NULL,
    PRIMARY KEY(hash, tag)
);
CREATE TABLE IF NOT EXISTS notes(
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL,
    text TEXT NOT NULL,
    written REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS notes_by_hash ON notes(hash);
CREATE TABLE IF NOT EXISTS sessions(
    corpus TEXT PRIMARY KEY,
    payload TEXT NOT NULL,
    saved REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS saved_searches(
    corpus TEXT NOT NULL,
    name TEXT NOT NULL,
    view TEXT NOT NULL,
    seen TEXT NOT NULL,
    saved REAL NOT NULL,
    PRIMARY KEY(corpus, name)
);
CREATE TABLE IF NOT EXISTS entity_rules(
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    corpus TEXT NOT NULL,
    rule TEXT NOT NULL,
    written REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS written_as(
    corpus TEXT NOT NULL,
    article TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY(corpus, article)
);
"""


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds")


def folded_words(text: str) -> list[str]:
    """Words as a search matches them: lower case, accents and punctuation dropped."""
    return re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower())


def note_says(note: str, asked: str) -> bool:
    """Whether a note holds the asked words, in order (`check*`: a word that starts so)."""
    words, wanted = folded_words(note), folded_words(asked)
    if not wanted:
        return False
    if asked.endswith("*"):
        *whole, start = wanted
        return any(
            words[i : i + len(whole)] == whole and words[i + len(whole)].startswith(start)
            for i in range(len(words) - len(whole))
        )
    return any(words[i : i + len(wanted)] == wanted for i in range(len(words) - len(wanted) + 1))


def default_state_file() -> Path:
    return user_data_path("explorer", appauthor=False) / STATE_FILE


class StateStore:
    """The state database, for one index (`corpus`: any stable name of that index).

    Thread-safe: the app reads it from its search workers and writes it from its UI thread."""

    def __init__(self, path: Path, corpus: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.corpus = corpus
        self._lock = threading.Lock()
        self._own_writes = 0
        self._db = sqlite3.connect(path, timeout=BUSY_MS / 1000, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        with self._writing() as db:  # executescript would commit first, outside the lock
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @property
    def version(self) -> tuple[int, int]:
        """Changes when this store or any other connection writes: cached filters key on it."""
        with self._lock:
            (outside,) = self._db.execute("PRAGMA data_version").fetchone()
            return self._own_writes, int(outside)

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")  # takes the write lock now: no lost update between processes
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
            self._own_writes += 1

    def state(self, content_hash: str) -> ArticleState:
        with self._lock:
            mark = self._db.execute("SELECT read, starred FROM marks WHERE hash = ?", (content_hash,)).fetchone()
            tags = self._db.execute("SELECT tag FROM tags WHERE hash = ? ORDER BY tag", (content_hash,)).fetchall()
            notes = self._db.execute(
                "SELECT text, written FROM notes WHERE hash = ? ORDER BY written, id", (content_hash,)
            ).fetchall()
        read, starred = mark if mark else (0, 0)
        return ArticleState(
            bool(read), bool(starred), tuple(t for (t,) in tags), tuple(Note(text, _iso(at)) for text, at in notes)
        )

    def mark(self, article: str, content_hash: str, *, read: bool | None = None, starred: bool | None = None) -> None:
        now = time.time()
        with self._writing() as db:
            db.execute("INSERT OR IGNORE INTO marks(hash, changed) VALUES (?, ?)", (content_hash, now))
            if read is not None:
                db.execute("UPDATE marks SET read = ?, changed = ? WHERE hash = ?", (int(read), now, content_hash))
            if starred is not None:
                db.execute(
                    "UPDATE marks SET starred = ?, changed = ? WHERE hash = ?", (int(starred), now, content_hash)
                )
            self._written(db, article, content_hash)

    def tag(self, article: str, content_hash: str, tags: Iterable[str], *, remove: bool = False) -> None:
        now = time.time()
        with self._writing() as db:
            for tag in tags:
                if remove:
                    db.execute("DELETE FROM tags WHERE hash = ? AND tag = ?", (content_hash, tag))
                else:
                    db.execute("INSERT OR IGNORE INTO tags VALUES (?, ?, ?)", (content_hash, tag, now))
            self._written(db, article, content_hash)

    def note(self, article: str, content_hash: str, text: str) -> None:
        with self._writing() as db:
            db.execute("INSERT INTO notes(hash, text, written) VALUES (?, ?, ?)", (content_hash, text, time.time()))
            self._written(db, article, content_hash)

    def change_note(self, article: str, content_hash: str, number: int, text: str | None) -> bool:
        """Note `number` (from 1, oldest first) rewritten as `text`, or deleted if it is None;
        False if there is no such note. A rewritten note keeps its place and its time."""
        with self._writing() as db:
            rows = db.execute("SELECT id FROM notes WHERE hash = ? ORDER BY written, id", (content_hash,))
            ids = [i for (i,) in rows]
            if not 1 <= number <= len(ids):
                return False
            if text is None:
                db.execute("DELETE FROM notes WHERE id = ?", (ids[number - 1],))
            else:
                db.execute("UPDATE notes SET text = ? WHERE id = ?", (text, ids[number - 1]))
            self._written(db, article, content_hash)
            return True

    def _written(self, db: sqlite3.Connection, article: str, content_hash: str) -> None:
        db.execute("INSERT OR REPLACE INTO written_as VALUES (?, ?, ?)", (self.corpus, article, content_hash))

    def hashes(self, kind: str, value: str = "") -> set[str]:
        """The texts a state filter holds: kind 'read', 'starred', 'tagged' or 'noted'; 'tag'
        with a tag's name (any case); 'note' with words its notes hold (`check*`: a start)."""
        if kind == "note":
            return {text_hash for text_hash, text in self.notes() if note_says(text, value)}
        queries = {
            "read": ("SELECT hash FROM marks WHERE read = 1", ()),
            "starred": ("SELECT hash FROM marks WHERE starred = 1", ()),
            "tagged": ("SELECT DISTINCT hash FROM tags", ()),
            "noted": ("SELECT DISTINCT hash FROM notes", ()),
            "tag": ("SELECT hash FROM tags WHERE tag = ? COLLATE NOCASE", (value,)),
        }
        sql, parameters = queries[kind]
        with self._lock:
            return {h for (h,) in self._db.execute(sql, parameters)}

    def notes(self) -> list[tuple[str, str]]:
        """Every note: (hash, text)."""
        with self._lock:
            return list(self._db.execute("SELECT hash, text FROM notes"))

    def written_as(self) -> dict[str, str]:
        """This index's articles with state: id -> the hash it was written under."""
        with self._lock:
            rows = self._db.execute("SELECT article, hash FROM written_as WHERE corpus = ?", (self.corpus,))
            return dict(rows.fetchall())

    def add_rule(self, rule: str) -> None:
        """One correction of the entities (JSON), after the others."""
        with self._writing() as db:
            db.execute(
                "INSERT INTO entity_rules(corpus, rule, written) VALUES (?, ?, ?)", (self.corpus, rule, time.time())
            )

    def rules(self) -> list[str]:
        """This index's corrections of its entities, oldest first."""
        with self._lock:
            rows = self._db.execute("SELECT rule FROM entity_rules WHERE corpus = ? ORDER BY seq", (self.corpus,))
            return [str(rule) for (rule,) in rows]

    def drop_last_rule(self) -> str | None:
        """The newest correction taken back (undo); None if there is none."""
        with self._writing() as db:
            row = db.execute(
                "SELECT seq, rule FROM entity_rules WHERE corpus = ? ORDER BY seq DESC LIMIT 1", (self.corpus,)
            ).fetchone()
            if row is None:
                return None
            db.execute("DELETE FROM entity_rules WHERE seq = ?", (row[0],))
            return str(row[1])

    def save_session(self, payload: str) -> None:
        """Where the app was on this index (its history, as JSON): the next session opens there."""
        with self._writing() as db:
            db.execute("INSERT OR REPLACE INTO sessions VALUES (?, ?, ?)", (self.corpus, payload, time.time()))

    def save_search(self, name: str, view: str, seen: str) -> None:
        """A search kept by name: its view (JSON) and the articles it matched when last opened (JSON)."""
        with self._writing() as db:
            db.execute(
                "INSERT OR REPLACE INTO saved_searches VALUES (?, ?, ?, ?, ?)",
                (self.corpus, name, view, seen, time.time()),
            )

    def saved_searches(self) -> list[tuple[str, str, str]]:
        """(name, view, seen) of each saved search, by name."""
        with self._lock:
            rows = self._db.execute(
                "SELECT name, view, seen FROM saved_searches WHERE corpus = ? ORDER BY name COLLATE NOCASE",
                (self.corpus,),
            )
            return [(str(n), str(v), str(s)) for n, v, s in rows]

    def saw_search(self, name: str, seen: str) -> None:
        with self._writing() as db:
            db.execute("UPDATE saved_searches SET seen = ? WHERE corpus = ? AND name = ?", (seen, self.corpus, name))

    def forget_search(self, name: str) -> bool:
        with self._writing() as db:
            gone = db.execute("DELETE FROM saved_searches WHERE corpus = ? AND name = ?", (self.corpus, name))
            return gone.rowcount > 0

    def rename_search(self, name: str, new_name: str) -> bool:
        """False, and nothing changed, if there is no search `name` or one is already called
        `new_name`: a rename never loses a search (checked here, in the one write, so that two
        windows renaming at once cannot both pass a check made before)."""
        with self._writing() as db:
            exists = "SELECT 1 FROM saved_searches WHERE corpus = ? AND name = ?"
            if (
                db.execute(exists, (self.corpus, name)).fetchone()
                and not db.execute(exists, (self.corpus, new_name)).fetchone()
            ):
                db.execute(
                    "UPDATE saved_searches SET name = ? WHERE corpus = ? AND name = ?", (new_name, self.corpus, name)
                )
                return True
            return False

    def last_session(self) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT payload FROM sessions WHERE corpus = ?", (self.corpus,)).fetchone()
        return str(row[0]) if row else None

    def marked(self) -> dict[str, tuple[bool, bool]]:
        """This index's articles with a read mark or a star: id -> (read, starred)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT w.article, m.read, m.starred FROM written_as w JOIN marks m ON m.hash = w.hash"
                " WHERE w.corpus = ? AND (m.read = 1 OR m.starred = 1)",
                (self.corpus,),
            )
            return {article: (bool(read), bool(starred)) for article, read, starred in rows}

    def all_hashes(self) -> set[str]:
        """Every text with any state."""
        with self._lock:
            rows = self._db.execute("SELECT hash FROM marks UNION SELECT hash FROM tags UNION SELECT hash FROM notes")
            return {h for (h,) in rows}

    def adopt(self, articles: dict[str, str]) -> None:
        """Take these articles (id -> hash) as this index's, for `follow_edits`: their state
        was written from another index of the same texts (a moved or copied folder)."""
        with self._writing() as db:
            db.executemany(
                "INSERT OR IGNORE INTO written_as VALUES (?, ?, ?)", [(self.corpus, a, h) for a, h in articles.items()]
            )

    def follow_edits(self, now_hashes: dict[str, str]) -> int:
        """Carry the state of articles whose text changed (id -> its hash now) to their new
        text; the old text's state stays, as another copy of the folder may still hold it.
        Returns how many articles were carried."""
        carried = 0
        with self._writing() as db:
            for article, new in now_hashes.items():
                row = db.execute(
                    "SELECT hash FROM written_as WHERE corpus = ? AND article = ?", (self.corpus, article)
                ).fetchone()
                if row is None or row[0] == new:
                    continue
                old = row[0]
                db.execute(
                    "INSERT OR IGNORE INTO marks SELECT ?, read, starred, changed FROM marks WHERE hash = ?", (new, old)
                )
                db.execute("INSERT OR IGNORE INTO tags SELECT ?, tag, added FROM tags WHERE hash = ?", (new, old))
                if db.execute("SELECT 1 FROM notes WHERE hash = ?", (new,)).fetchone() is None:
                    copy_notes = (
                        "INSERT INTO notes(hash, text, written) SELECT ?, text, written FROM notes WHERE hash = ?"
                    )
                    db.execute(copy_notes, (new, old))
                self._written(db, article, new)
                carried += 1
        return carried
