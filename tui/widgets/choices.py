"""A list of choices that moves with j and k as well as the arrows, as every other list in
the app does (an overview's names, a timeline's periods, saved searches, notes)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class Choices(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]
