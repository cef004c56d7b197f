"""The reader's marks on the articles of one index, by article id: what the app and the
command line call. The store keys state by text (content hash); this finds each article's."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from index.records import ArticleState, SavedSearch
from index.state.store import StateStore

HashOf = Callable[[str], str | None]  # article id -> its content hash now, None if not in the index
IdsOf = Callable[[set[str]], dict[str, str]]  # content hashes -> the index's articles with them: id -> hash


class ReaderWork:
    def __init__(self, store: StateStore, hash_of: HashOf, ids_of: IdsOf, missing: Callable[[str], Exception]) -> None:
        self._store = store
        self._hash_of = hash_of
        self._ids_of = ids_of
        self._missing = missing
        self._marked: tuple[object, dict[str, tuple[bool, bool]]] = (None, {})
        written = store.written_as()
        if not written:  # an index new to the store: its texts with state came from another (a moved folder)
            store.adopt(ids_of(store.all_hashes()))
            written = store.written_as()
        # An article edited in place since its state was written keeps its state.
        store.follow_edits({article: now for article in written if (now := hash_of(article)) is not None})

    def close(self) -> None:
        self._store.close()

    def _hash(self, article_id: str) -> str:
        found = self._hash_of(article_id)
        if found is None:
            raise self._missing(article_id)
        return found

    def has_article(self, article_id: str) -> bool:
        return self._hash_of(article_id) is not None

    def with_state(self) -> dict[str, str]:
        """This index's articles with any mark: id -> content hash."""
        return self._ids_of(self._store.all_hashes())

    def state(self, article_id: str) -> ArticleState:
        return self._store.state(self._hash(article_id))

    def mark(self, article_id: str, *, read: bool | None = None, starred: bool | None = None) -> ArticleState:
        text = self._hash(article_id)
        self._store.mark(article_id, text, read=read, starred=starred)
        return self._store.state(text)

    def tag(self, article_id: str, tags: Iterable[str], *, remove: bool = False) -> ArticleState:
        text = self._hash(article_id)
        self._store.tag(article_id, text, [t.strip() for t in tags if t.strip()], remove=remove)
        return self._store.state(text)

    def note(self, article_id: str, note: str) -> ArticleState:
        text = self._hash(article_id)
        self._store.note(article_id, text, note)
        return self._store.state(text)

    def change_note(self, article_id: str, number: int, note: str | None) -> ArticleState | None:
        """Rewrite note `number` (from 1, oldest first), or delete it if `note` is None; None if
        the article has no such note."""
        text = self._hash(article_id)
        if not self._store.change_note(article_id, text, number, note):
            return None
        return self._store.state(text)

    def add_entity_rule(self, rule: dict[str, Any]) -> None:
        self._store.add_rule(json.dumps(rule))

    def entity_rules(self) -> list[dict[str, Any]]:
        return entity_rules(self._store)

    def undo_entity_rule(self) -> dict[str, Any] | None:
        """The newest correction taken back, or None if there was none."""
        text = self._store.drop_last_rule()
        try:
            rule = json.loads(text) if text else None
        except ValueError:
            return {}
        return rule if isinstance(rule, dict) else None

    def save_session(self, session: dict[str, Any]) -> None:
        self._store.save_session(json.dumps(session))

    def last_session(self) -> dict[str, Any] | None:
        """The session saved last on this index (None: none, or not readable)."""
        saved = self._store.last_session()
        try:
            found = json.loads(saved) if saved else None
        except ValueError:
            return None
        return found if isinstance(found, dict) else None

    def save_search(self, name: str, view: dict[str, Any], matches: list[str]) -> None:
        """Keep a search by name (saving again under a name replaces it), with what it matches now."""
        self._store.save_search(name, json.dumps(view), json.dumps(matches))

    def saved_searches(self) -> list[SavedSearch]:
        found = []
        for name, view, seen in self._store.saved_searches():
            try:
                found.append(SavedSearch(name, json.loads(view), frozenset(json.loads(seen))))
            except (ValueError, TypeError):
                continue  # written by a newer version: left alone
        return found

    def forget_search(self, name: str) -> bool:
        """Delete a saved search; False if there was none by that name."""
        return self._store.forget_search(name)

    def rename_search(self, name: str, new_name: str) -> bool:
        """Rename a saved search; False if there is none by that name, or one by the new name
        already (never replaced)."""
        return name == new_name or self._store.rename_search(name, new_name)

    def saw_search(self, name: str, matches: list[str]) -> None:
        """The search was opened: what it matches now is no longer new."""
        self._store.saw_search(name, json.dumps(matches))

    def marked(self) -> dict[str, tuple[bool, bool]]:
        """Articles read or starred, id -> (read, starred), for the list's rows: one query per
        change of state, then a look-up per row."""
        version = self._store.version
        if self._marked[0] != version:
            self._marked = (version, self._store.marked())
        return self._marked[1]

    def hashes(self, kind: str, value: str) -> tuple[frozenset[str], object]:
        """For the query's state filters: the texts holding a state, and the state's version."""
        version = self._store.version  # first: a write meanwhile makes the next ask work it out again
        return frozenset(self._store.hashes(kind, value)), version


def entity_rules(store: StateStore) -> list[dict[str, Any]]:
    """The corrections of an index's entities, oldest first (a rule not readable, from a newer
    version, left out)."""
    found = []
    for text in store.rules():
        try:
            rule = json.loads(text)
        except ValueError:
            continue
        if isinstance(rule, dict):
            found.append(rule)
    return found
