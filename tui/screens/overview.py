"""Overviews over the app: a search's matches over time (Enter on a period filters the list
to it), and one entity seen whole (who is named with it, and when)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from index.records import ENTITY_KINDS, CoMention, EntityPivot, Timeline, TimelineBucket
from tui.overview import bar
from tui.printable import printable
from tui.widgets.choices import Choices

BAR_CELLS = 30  # at most
NAME_CELLS = 28  # a name beside the one pivoted on, cut with … past this at 80 columns; wider, more
NAMED_REST_CELLS = 30  # the rest of its line: "  organization" and " 1,234 · 5,678", and the list's edge
FRAME_CELLS = 14  # the box's borders and padding, and the list's, around a line
PERIOD_CELLS, COUNT_CELLS = 11, 28  # "2019-W14   ", "  1,234 articles · 1,000 stories"


def name_cells(screen_width: int) -> int:
    """The room for a name beside the one pivoted on, on a screen this wide (the box takes
    90% of it), so that its line never wraps."""
    return max(NAME_CELLS, int(screen_width * 0.9) - FRAME_CELLS - NAMED_REST_CELLS)


def bar_cells(screen_width: int) -> int:
    """The bars' room on a screen this wide (the box takes 90% of it): 30 cells, fewer at 80
    columns, so that a line with its counts never wraps."""
    return max(4, min(BAR_CELLS, int(screen_width * 0.9) - FRAME_CELLS - PERIOD_CELLS - COUNT_CELLS))


def _bucket_line(bucket: TimelineBucket, most: int, width: int) -> Text:
    articles = f"{bucket.articles:,} {'article' if bucket.articles == 1 else 'articles'}"
    stories = f"{bucket.stories:,} {'story' if bucket.stories == 1 else 'stories'}"
    return Text.assemble(
        (f"{bucket.period:<{PERIOD_CELLS}}", "bold"),
        (f"{bar(bucket.articles, most, width):<{width}}", "blue"),
        f"  {articles:>12} · {stories}",
    )


def _buckets(timeline: Timeline) -> list[TimelineBucket]:
    return [*timeline.buckets, *([timeline.undated] if timeline.undated else [])]


class TimelineScreen(ModalScreen[str | None]):
    """Dismissed with the period chosen (as the timeline writes it), or None."""

    BINDINGS = [Binding("escape,q", "close", "Close", key_display="Esc")]

    def __init__(self, timeline: Timeline, title: str) -> None:
        super().__init__()
        self.timeline, self.title_text = timeline, title

    def compose(self) -> ComposeResult:
        buckets = _buckets(self.timeline)
        most = max((b.articles for b in buckets), default=0)
        with Vertical(id="timeline", classes="overview"):
            keys = "   (Enter filters the list to a period, Esc closes)"
            yield Static(Text.assemble((printable(self.title_text), "bold"), (keys, "dim")))
            yield Static(Text(f"by {self.timeline.by}; a story published by several outlets counts once", style="dim"))
            if not buckets:
                yield Static(Text("Nothing matches.", style="dim"))
            options = [
                Option(
                    _bucket_line(b, most, bar_cells(self.app.size.width)),
                    id=b.period,
                    disabled=b.period == "undated" or not b.articles,
                )
                for b in buckets
            ]
            yield Choices(*options, id="timeline-bars")
        yield Footer(show_command_palette=False)  # this screen's keys, not the list's under it

    def on_mount(self) -> None:
        bars = self.query_one(OptionList)
        busiest = max(_buckets(self.timeline), key=lambda b: b.articles, default=None)
        if busiest is not None and busiest.articles:  # start on the tallest bar
            bars.highlighted = next(n for n, b in enumerate(_buckets(self.timeline)) if b is busiest)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)


class PivotScreen(ModalScreen[tuple[str, str] | None]):
    """Dismissed with ("pivot", id) to pivot on an entity named with this one, ("articles", id)
    to list this one's articles, or None."""

    BINDINGS = [
        Binding("escape,q", "close", "Close", key_display="Esc"),
        Binding("a", "articles", "Its articles in the list"),
    ]

    def __init__(self, pivot: EntityPivot, listed: int | None = None) -> None:
        """`listed`: how many of its articles the list's search and filters keep (what `a`
        lists), or None when the list is the whole corpus."""
        super().__init__()
        self.pivot, self.listed = pivot, listed

    def compose(self) -> ComposeResult:
        pivot = self.pivot
        stories = f"{pivot.stories:,} {'story' if pivot.stories == 1 else 'stories'}"
        with VerticalScroll(id="pivot", classes="overview"):
            yield Static(
                Text.assemble(
                    (printable(pivot.name), "bold"),
                    f" · {ENTITY_KINDS[pivot.type].one} · {pivot.articles:,} articles, {stories}",
                    ("   (Enter pivots to a name, a lists its articles, Esc closes)", "dim"),
                )
            )
            if self.listed is not None:
                yield Static(Text(f"{self.listed:,} of them match the list's search (a lists those)"))
            others = [a for a in pivot.aliases if a != pivot.name]
            if others:
                yield Static(Text(printable("also written " + ", ".join(others)), style="dim"))
            yield Static(Text("Named with it (stories · articles in common)", style="bold underline"))
            if not pivot.with_:
                yield Static(Text("No other name in its articles.", style="dim"))
            room = min(name_cells(self.app.size.width), max((len(c.name) for c in pivot.with_), default=0))
            yield Choices(*(self._named(c, room) for c in pivot.with_))
            yield Static(Text(f"Over time, by {pivot.timeline.by}", style="bold underline"))
            buckets = _buckets(pivot.timeline)
            most = max((b.articles for b in buckets), default=0)
            width = bar_cells(self.app.size.width)
            yield Static(Text("\n").join(_bucket_line(b, most, width) for b in buckets), id="pivot-timeline")
        yield Footer(show_command_palette=False)  # this screen's keys, not the list's under it

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()  # not the scrolling frame: Enter pivots at once

    @staticmethod
    def _named(named: CoMention, room: int) -> Option:
        name = printable(named.name)
        name = name if len(name) <= room else name[: room - 1] + "…"
        return Option(
            Text.assemble(
                (f"{name:<{room}}", "bold"),
                f"  {ENTITY_KINDS[named.type].one:<12}",
                (f"{named.stories:>5,} · {named.articles:,}", "dim"),
            ),
            id=named.id,
        )

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.dismiss(("pivot", event.option.id))

    def action_articles(self) -> None:
        self.dismiss(("articles", self.pivot.id))

    def action_close(self) -> None:
        self.dismiss(None)
