"""Actions that ask before they act (delete a note, a saved search): the first press says
what a second press would do, and a second press on the same thing does it. Moving on
forgets the question. The question's toast is taken down once it is answered, so that it
does not stand over the result for the rest of its time."""

from __future__ import annotations

from collections.abc import Hashable

from textual.dom import DOMNode


class SecondPress:
    def __init__(self) -> None:
        self._about: Hashable | None = None  # what the first press asked about

    def confirmed(self, node: DOMNode, about: Hashable, question: str, timeout: float = 3) -> bool:
        """True when this press answers the question asked about `about`; else ask it."""
        if about == self._about:
            self._about = None
            node.app.clear_notifications()
            return True
        self._about = about
        node.notify(question, timeout=timeout)
        return False

    def forget(self, node: DOMNode) -> None:
        """Moved on: a question still asked is taken back, its toast with it."""
        if self._about is not None:
            self._about = None
            node.app.clear_notifications()
