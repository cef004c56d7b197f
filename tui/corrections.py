"""Your corrections of the entities in the app: keys on the entity panel rename, retype, hide,
merge and split the entity under the cursor, and undo the newest; hiding asks for a second X, a merge
for a second J on the entity it belongs with. A base of the app; the rules are the library's."""

from __future__ import annotations

from functools import partial

from textual import on, work
from textual.app import App

from index.library import EntityNotFound, Library, RuleError, StateUnavailable
from index.records import ENTITY_KINDS
from tui import messages as m
from tui.history import History, View
from tui.overview import rule_line
from tui.screens.prompt import PromptScreen


class CorrectionActions(App[None]):
    library: Library
    history: History
    _asked: tuple[str, str, str] | None = None  # (action, entity id, name) a first X or J asked about

    def _show_names_found(self) -> None:
        raise NotImplementedError  # the app's: the entity panel and the open article's names again

    def run_search(self, view: View, delay: float | None = None, typing: bool = False) -> None:
        raise NotImplementedError  # the app's

    @on(m.CorrectionRequested)
    def _correction_requested(self, message: m.CorrectionRequested) -> None:
        action, entity_id, name = message.action, message.entity_id, message.name
        asked, self._asked = self._asked, None
        if action == "rename":
            hint = "Its old name stays an alias; searches by either find it. Z undoes."
            self.push_screen(
                PromptScreen(f"Rename ‘{name}’ to", hint, name), partial(self._correction_answered, action, entity_id)
            )
        elif action == "retype":
            hint = "person, organization (org) or place. Z undoes."
            self.push_screen(
                PromptScreen(f"‘{name}’ is a", hint), partial(self._correction_answered, action, entity_id)
            )
        elif action == "split" and message.aliases == []:
            self.notify(f"‘{name}’ is written only one way: there is no other name to break off", timeout=4)
        elif action == "split":
            hint = (
                f"{_written_as(message.aliases)}The articles that name it only so become an entity of "
                "their own. Z undoes."
            )
            self.push_screen(
                PromptScreen(f"Break off from ‘{name}’ the name", hint),
                partial(self._correction_answered, action, entity_id),
            )
        elif action == "hide" and asked != (action, entity_id, name):
            self._asked = (action, entity_id, name)
            self.notify(f"Press X again to hide ‘{name}’ from every list (Z undoes)", timeout=4)
        elif action == "merge" and (asked is None or asked[0] != "merge"):
            self._asked = (action, entity_id, name)
            self.notify(f"Merging ‘{name}’: press J on the entity it is the same as", timeout=6)
        elif action == "merge" and asked is not None and asked[1] == entity_id:
            self.notify("Not merged: J on another entity merges the two", timeout=3)
        elif action == "merge" and asked is not None:
            self.clear_notifications()  # the question answered, not left over the result
            self._write_correction("merge", entity_id, [asked[1]], f"Merged ‘{asked[2]}’ into ‘{name}’ (Z undoes)")
        elif action == "hide":
            self.clear_notifications()
            self._write_correction("hide", entity_id, None, f"Hidden ‘{name}’ (Z undoes)")
        elif action == "undo":
            self._undo_correction()

    def _correction_answered(self, action: str, entity_id: str, answer: str | None) -> None:
        if answer and action == "retype":  # "organization" as well as "org"
            typed = answer.strip().lower()
            answer = next((key for key, kind in ENTITY_KINDS.items() if typed in (key, kind.one)), typed)
        if answer:
            kind = ENTITY_KINDS.get(answer)
            said = (
                f"Renamed to ‘{answer}’"
                if action == "rename"
                else f"‘{answer}’ is an entity of its own"
                if action == "split"
                else f"Now {_a(kind.one) if kind else answer}"
            )
            self._write_correction(action, entity_id, answer, said + " (Z undoes)")

    @work(thread=True, exit_on_error=False, group="corrections")
    def _write_correction(self, action: str, entity_id: str, value: str | list[str] | None, said: str) -> None:
        try:
            self.library.curate(action, entity_id, value)
        except (RuleError, EntityNotFound, StateUnavailable) as error:
            self.call_from_thread(self.notify, str(error), severity="warning")
            return
        self.call_from_thread(self._correction_written, said)

    @work(thread=True, exit_on_error=False, group="corrections")
    def _undo_correction(self) -> None:
        try:
            undone = self.library.undo_curation()
        except StateUnavailable as error:
            self.call_from_thread(self.notify, str(error), severity="warning")
            return
        said = "Nothing to undo" if undone is None else f"Undone: {rule_line(undone)}"
        self.call_from_thread(self._correction_written, said)

    def _correction_written(self, said: str) -> None:
        """The panel, the open article's names and the list (an entity filter follows a merge) again."""
        self.notify(said, timeout=3)
        self._show_names_found()
        self.run_search(self.history.current, delay=0)


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


SPLIT_NAMES_SHOWN = 8


def _written_as(aliases: list[str] | None) -> str:
    """The names a split may break off, when the panel knows them."""
    if not aliases:
        return "A name it is also written as (explorer entities lists them). "
    shown = ", ".join(f"‘{alias}’" for alias in aliases[:SPLIT_NAMES_SHOWN])  # the prompt makes them printable
    more = f" and {len(aliases) - SPLIT_NAMES_SHOWN} more" if len(aliases) > SPLIT_NAMES_SHOWN else ""
    return f"It is also written as {shown}{more}. "
