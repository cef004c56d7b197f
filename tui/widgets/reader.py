"""The reader: one article with its byline, the query's words highlighted (n/N step
through them, in the body and in the comments, saying which of how many is current),
entity mentions coloured by type, a same-story banner with jumps, and reader comments
folded away at the end until a match in them is reached."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Collapsible, Static

from index.records import Article, ArticleState, EntitySpan, MatchSpan, StoryMember
from tui.history import Filter
from tui.messages import ArticleChosen, FilterAdded
from tui.printable import printable
from tui.render import TYPE_COLOURS, joined, state_text, when
from tui.widgets.link_line import LinkLine, Part

MATCH_STYLE = "bold black on yellow"
# Told apart from the other matches by attributes, not by a shade alone: in 256 or 16 colours
# two near colours come out alike, reverse and underline come out everywhere.
CURRENT_MATCH_STYLE = "bold underline reverse black on yellow"
MENTION_STYLE = "bold reverse"
BYLINE_SEPARATOR = " · "
BODY, COMMENTS = "body", "comments"


@dataclass(frozen=True)
class Match:
    part: str  # BODY or COMMENTS
    index: int  # the paragraph, or the comment
    start: int  # within that paragraph or comment's text
    end: int


def _byline(article: Article) -> list[list[Part]]:
    """authors, source, date: items kept whole on a line, where source and date filter the list when clicked."""
    items: list[list[Part]] = []
    if article.authors:
        items.append([(", ".join(article.authors), "", None)])
    items.append([(article.source, "", partial(_filter, "source", article.source))])
    if article.date:
        items.append([(article.date, "", partial(_filter, "date", article.date[:7]))])
    return items


def _filter(kind: str, value: str) -> FilterAdded:
    return FilterAdded(Filter(kind, value, f"{kind}: {value}"))


def _comment_head(comment) -> str:
    score = "" if comment.score is None else f" · {comment.score:+d}"
    return printable(f"{joined(comment.author, when(comment.date))}{score}\n")


class Reader(VerticalScroll):
    BINDINGS = [
        Binding("n", "next_match", "Next match", id="reader.next"),
        # show=False: the footer keeps room for "? Help" and "q Quit" at 80 columns (both in help).
        Binding("N", "previous_match", "Previous match", show=False, id="reader.previous"),
        Binding("c", "toggle_colours", "Entity colours", show=False, id="reader.colours"),
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.article: Article | None = None
        self.spans: list[EntitySpan] = []
        self.matches: list[Match] = []
        self.searched = False  # whether the article was opened (or marked) for a search
        self.current = -1
        self.show_entities = True
        self.mentioned: str | None = None  # entity whose mentions are emphasised
        self._paragraphs: list[Static] = []
        self._comments: list[Static] = []
        self._offsets: list[int] = []

    def compose(self) -> ComposeResult:
        yield Static("Choose an article from the list (↑/↓ or j/k, Enter).", id="reader-title")
        yield Static("", id="reader-dek")
        yield LinkLine(id="reader-byline")
        yield Static("", id="reader-state")  # your marks: read, star, tags, notes
        yield Static("", id="reader-url")  # on a line of its own, cut with "…", never split
        yield LinkLine(id="reader-banner")
        yield Vertical(id="reader-body")
        comments = Vertical(id="reader-comments-list")
        yield Collapsible(comments, title="Reader comments", collapsed=True, id="reader-comments")
        yield Static("", id="reader-position")

    def on_mount(self) -> None:
        # Nothing of an article shows before one is open: no empty banner, byline or comments.
        for part in (
            "#reader-dek",
            "#reader-state",
            "#reader-url",
            "#reader-banner",
            "#reader-comments",
            "#reader-position",
        ):
            self.query_one(part).display = False

    def show(
        self,
        article: Article,
        spans: list[EntitySpan],
        matches: list[MatchSpan],
        same_story: list[StoryMember],
    ) -> None:
        self.article, self.spans, self.mentioned = article, spans, None
        self._show_heading(matches)
        self.query_one("#reader-dek").display = bool(article.dek)
        self.query_one("#reader-byline", LinkLine).show_items(_byline(article), BYLINE_SEPARATOR, style="dim")
        self.query_one("#reader-url", Static).update(Text(printable(article.url or ""), style="dim underline"))
        self.query_one("#reader-url").display = bool(article.url)
        self._show_banner(same_story)
        self._show_body(matches)
        self._show_comments(article)
        self._show_position()
        self.scroll_home(animate=False)

    def show_state(self, state: ArticleState) -> None:
        """Your marks on the open article, under its byline: shown once there is one."""
        part = self.query_one("#reader-state", Static)
        part.update(state_text(state))
        part.display = state != ArticleState()

    def _show_banner(self, same_story: list[StoryMember]) -> None:
        banner = self.query_one("#reader-banner", LinkLine)
        banner.display = bool(same_story)
        parts: list[Part] = [("Same story also published by:", "b", None), (" ", "", None)]
        for number, member in enumerate(same_story):
            if number:
                parts.append((", ", "", None))
            parts.append((member.source, "", partial(ArticleChosen, member.id)))
            if member.role == "original":
                parts.append((" (original)", "", None))
        banner.show(parts)

    def mark(self, matches: list[MatchSpan]) -> None:
        """The open article's matches of a new search (or none, the search cleared), marked in
        place: the reader stays where it is, the comments folded or not as they were."""
        if self.article is None:
            return
        self._show_heading(matches)
        self._place(matches)
        for index, paragraph in enumerate(self._paragraphs):
            paragraph.update(self._paragraph_text(index))
        found = sum(1 for match in self.matches if match.part == COMMENTS)
        self.query_one("#reader-comments", Collapsible).title = self._comments_title(found)
        for index, comment in enumerate(self._comments):
            comment.update(self._comment_text(index))
        self._show_position()

    def _place(self, matches: list[MatchSpan]) -> None:
        """Where each match is: which paragraph or comment, and where in it."""
        assert self.article is not None
        offsets, position = [], 0
        paragraphs = self.article.paragraphs
        for paragraph in paragraphs:
            start = self.article.body.find(paragraph, position)
            offsets.append(start)
            position = start + len(paragraph)
        in_body = [
            Match(BODY, i, s.start - offsets[i], s.end - offsets[i])
            for s in matches
            if s.field == BODY
            for i in range(len(paragraphs))
            if offsets[i] <= s.start < offsets[i] + len(paragraphs[i])
        ]
        in_comments = [Match(COMMENTS, s.comment, s.start, s.end) for s in matches if s.comment is not None]
        self.matches = in_body + in_comments  # n goes down the page: the comments come last
        self.current = -1
        self._offsets = offsets

    def _show_body(self, matches: list[MatchSpan]) -> None:
        assert self.article is not None
        body = self.query_one("#reader-body", Vertical)
        body.remove_children()
        self._place(matches)
        paragraphs = self.article.paragraphs
        # Kept by reference: the old paragraphs are still being removed while these mount.
        self._paragraphs = [Static(self._paragraph_text(i), classes="paragraph") for i in range(len(paragraphs))]
        body.mount_all(self._paragraphs)

    def _paragraph_text(self, index: int) -> Text:
        assert self.article is not None
        paragraph = self.article.paragraphs[index]
        start = self._offsets[index]
        text = Text(printable(paragraph))  # one character for one: the spans' offsets still hold
        self._colour_entities(text, "body", start, len(paragraph))
        self._mark_matches(text, BODY, index, 0)
        return text

    def _comment_text(self, index: int) -> Text:
        assert self.article is not None
        comment = self.article.comments[index]
        head = _comment_head(comment)
        text = Text(head, style="bold")
        text.append(printable(comment.text))  # one character for one, after the head
        self._mark_matches(text, COMMENTS, index, len(head))
        return text

    def _mark_matches(self, text: Text, part: str, index: int, shift: int) -> None:
        for number, match in enumerate(self.matches):
            if match.part == part and match.index == index:
                style = CURRENT_MATCH_STYLE if number == self.current else MATCH_STYLE
                text.stylize(style, shift + match.start, shift + match.end)

    def _colour_entities(self, text: Text, field: str, offset: int, length: int) -> None:
        for span in self.spans:
            if span.field != field or not (offset <= span.start < offset + length):
                continue
            emphasised = span.entity_id == self.mentioned
            if self.show_entities or emphasised:
                style = MENTION_STYLE if emphasised else TYPE_COLOURS.get(span.type, "")
                text.stylize(style, span.start - offset, span.end - offset)

    def _show_heading(self, matches: list[MatchSpan]) -> None:
        """The title and the dek, with the search's matches in them marked (n goes through the body
        and the comments, where reading happens; the heading is on screen already)."""
        assert self.article is not None
        for field, style in (("title", "bold"), ("dek", "italic")):
            marked = [(s.start, s.end) for s in matches if s.field == field]
            self.query_one(f"#reader-{field}", Static).update(
                self._styled(getattr(self.article, field), field, marked, style)
            )

    def _styled(self, content: str, field: str, matches: list[tuple[int, int]], style: str) -> Text:
        text = Text(printable(content), style=style)
        self._colour_entities(text, field, 0, len(content))
        for start, end in matches:
            text.stylize(MATCH_STYLE, start, end)
        return text

    def _show_comments(self, article: Article) -> None:
        comments = self.query_one("#reader-comments", Collapsible)
        comments.display = bool(article.comments)
        comments.collapsed = True
        comments.title = self._comments_title(sum(1 for match in self.matches if match.part == COMMENTS))
        listing = self.query_one("#reader-comments-list", Vertical)
        listing.remove_children()
        self._comments = [Static(self._comment_text(i), classes="comment") for i in range(len(article.comments))]
        listing.mount_all(self._comments)

    def _comments_title(self, found: int) -> str:
        assert self.article is not None
        matched = f" · {found} {'match' if found == 1 else 'matches'}" if found else ""
        return f"{len(self.article.comments)} reader comments{matched}"

    def _show_position(self, wrapped: str = "") -> None:
        """Which match is current and of how many (before n: how many there are)."""
        line = self.query_one("#reader-position", Static)
        line.display = bool(self.matches)
        total = len(self.matches)
        if self.current < 0:
            said = f"{total} {'match' if total == 1 else 'matches'} of the search · n next, N previous"
        else:
            where = " in the comments" if self.matches[self.current].part == COMMENTS else ""
            said = f"Match {self.current + 1} of {total}{where}" + (f" · wrapped to the {wrapped}" if wrapped else "")
        line.update(said)

    def _refresh(self, match: Match) -> None:
        if match.part == BODY:
            self._paragraphs[match.index].update(self._paragraph_text(match.index))
        else:
            self._comments[match.index].update(self._comment_text(match.index))

    def _refresh_paragraphs(self, *indexes: int) -> None:
        for index in indexes:
            if index >= 0:
                self._paragraphs[index].update(self._paragraph_text(index))

    def _step(self, step: int) -> None:
        if not self.matches:
            if self.searched:
                self.notify("No matches of the search in this article", severity="warning")
            else:
                self.notify("No search to go through: / and a word, then n goes from match to match")
            return
        total = len(self.matches)
        if self.current < 0:  # the first n goes to the first match, the first N to the last
            self._go_to_match(0 if step > 0 else total - 1)
            return
        wanted = self.current + step
        wrapped = "" if 0 <= wanted < total else ("first" if step > 0 else "last")
        self._go_to_match(wanted % total, wrapped)

    def _go_to_match(self, number: int, wrapped: str = "") -> None:
        previous = self.matches[self.current] if self.current >= 0 else None
        self.current = number
        match = self.matches[number]
        if previous is not None:
            self._refresh(previous)
        self._refresh(match)
        self._show_position(wrapped)
        if match.part == COMMENTS:
            self.query_one("#reader-comments", Collapsible).collapsed = False
        # After the refresh: a comment just unfolded has no place on screen before it.
        self.call_after_refresh(self._show_match_line, match)

    def _show_match_line(self, match: Match) -> None:
        """Bring the match's line into view, a few lines below the top (a comment can be long)."""
        assert self.article is not None
        if match.part == BODY:
            widget, text = self._paragraphs[match.index], printable(self.article.paragraphs[match.index])
        else:
            comment = self.article.comments[match.index]
            widget, text = self._comments[match.index], _comment_head(comment) + printable(comment.text)
        self.scroll_to_widget(widget, animate=False, top=True, immediate=True)
        width = widget.content_region.width
        if width > 0:
            # The lines the text up to the match wraps to, as the widget wraps it: the match is on the last.
            line = len(Text(text[: match.end]).wrap(self.app.console, width)) - 1
            if line > 2:
                self.scroll_relative(y=line - 2, animate=False, immediate=True)

    def action_next_match(self) -> None:
        self._step(1)

    def action_previous_match(self) -> None:
        self._step(-1)

    def action_toggle_colours(self) -> None:
        self.show_entities = not self.show_entities
        if self.article:
            self._refresh_paragraphs(*range(len(self.article.paragraphs)))

    def emphasise_mentions(self, entity_id: str) -> int:
        """Mark one entity's mentions and scroll to the first; returns how many there are."""
        self.mentioned = entity_id
        if not self.article:
            return 0
        self._refresh_paragraphs(*range(len(self.article.paragraphs)))
        body = [s for s in self.spans if s.entity_id == entity_id and s.field == "body"]
        if body:
            first = next(i for i, start in reversed(list(enumerate(self._offsets))) if start <= body[0].start)
            self.scroll_to_widget(self._paragraphs[first], animate=False, top=True)
        return len([s for s in self.spans if s.entity_id == entity_id])
