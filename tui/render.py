"""Rich renderings of library records for people (the --json output is for scripts)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

from rich.cells import cell_len, get_character_cell_size
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from index.records import (
    ENTITY_KINDS,
    Article,
    ArticleState,
    ArticleSummary,
    EntityRef,
    EntitySummary,
    IndexReport,
    RelatedArticle,
    SearchResult,
    StoryMember,
    WordMatch,
)
from tui.printable import printable

# Each entity type's colour, wherever a name is shown (bold in lists, plain in the text).
TYPE_COLOURS = {"person": "magenta", "org": "cyan", "place": "green"}

_MARK = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)


def plain(value: str, style: str = "") -> Text:
    """File text as a Text: printable, and never parsed as markup (a Table parses plain str cells)."""
    return Text(printable(value), style=style)


def unbroken(value: str, style: str = "") -> Text:
    """A path or URL as one line, however long: Rich would break it at the width of the terminal
    (a path split at "/"), and a user copies it whole; the terminal wraps it, not us."""
    return Text(printable(value), style=style, no_wrap=True, overflow="ignore")


def marked(snippet: str, style: str = "bold black on yellow") -> Text:
    """A snippet whose <mark>…</mark> spans become highlighted text."""
    snippet = printable(snippet)
    text = Text()
    position = 0
    for match in _MARK.finditer(snippet):
        text.append(snippet[position : match.start()])
        text.append(match.group(1), style=style)
        position = match.end()
    text.append(snippet[position:])
    return text


def joined(*parts: str | None) -> str:
    """The parts that are there, with " · " between: nothing dangles when a date is missing."""
    return " · ".join(part for part in parts if part)


def when(stamp: str | None) -> str:
    """A stored date or timestamp as people read it: 2019-04-05T09:22:00 is 2019-04-05 09:22
    (with its offset from UTC when it has one); a plain date, or anything else, as it is."""
    if not stamp or "T" not in stamp:
        return stamp or ""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    shown = moment.strftime("%Y-%m-%d %H:%M")
    offset = moment.utcoffset()
    if offset is None:
        return shown
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{shown} UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def your_time(stamp: str) -> str:
    """When you wrote something (stored in UTC), in this machine's time, to the minute."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def tag_label(tag: str) -> str:
    """#oil, and #"follow up" for a tag with a space: quoted as tag: takes it, so it reads as one."""
    return f'#"{tag}"' if any(c.isspace() for c in tag) else f"#{tag}"


def byline(authors: list[str], source: str, date: str | None) -> str:
    """authors · source · date, as plain (not yet printable) text."""
    return joined(", ".join(authors), source, date)


def article_table(rows: list[ArticleSummary]) -> Table:
    table = Table(show_edge=False, header_style="bold", expand=False)
    table.add_column("id", style="dim", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("source", style="cyan", max_width=24)
    table.add_column("title", style="bold", ratio=1)
    for row in rows:
        table.add_row(plain(row.id), plain(row.date or ""), plain(row.source), plain(row.title))
    return table


def search_results(
    result: SearchResult, why: dict[str, list[WordMatch]] | None = None, stories: int | None = None
) -> RenderableType:
    """The hits, best first; with `why` (hit id -> its word matches), why each matched; with
    `stories`, how many distinct stories all the matches are, when copies make them fewer."""
    parts: list[RenderableType] = []
    count = f"{result.total} article{' matches' if result.total == 1 else 's match'}"
    if stories is not None and stories < result.total:
        count = f"{result.total} articles ({stories} {'story' if stories == 1 else 'stories'}) match"
    parts.append(Text.assemble((count, "bold"), " ", plain(f"‘{result.query}’", "italic")))
    if result.suggestion:
        parts.append(Text.assemble("Did you mean ", plain(result.suggestion, "bold green"), "?"))
    for hit in result.hits:
        parts.append(Text(""))
        parts.append(plain(hit.title, "bold"))
        parts.append(plain(" · ".join(p for p in [hit.source, hit.date or "", hit.id] if p), "dim"))
        parts.append(marked(hit.snippet))
        if why is not None:
            parts.append(plain("  why: " + word_matches(why.get(hit.id, [])), "italic"))
    return Group(*parts)


# The article list ------------------------------------------------------------------
# A list row is drawn for the width of the pane it sits in: cut at a word with "…", the
# parts that matter (a story's copy count, the date) never cut.

ELLIPSIS = "…"
_SPACES = re.compile(r"\s+")
_TRAILING = " ,.;:-–—(/·"  # what a cut line should not end on before its "…"


def one_line(text: str) -> str:
    """File text, printable, on one line: a row has no room for a title's line breaks."""
    return _SPACES.sub(" ", printable(text)).strip()


def cut_at(text: str, width: int) -> int | None:
    """Where to cut `text` so that it and an "…" fit `width` cells: at the end of a word
    unless that loses more than half the room; None when the whole text fits."""
    if cell_len(text) <= width:
        return None
    room, used, end = width - 1, 0, 0
    while end < len(text) and used + get_character_cell_size(text[end]) <= room:
        used += get_character_cell_size(text[end])
        end += 1
    space = text.rfind(" ", 0, end + 1)
    if space > room // 2:
        end = space
    while end > 0 and text[end - 1] in _TRAILING:
        end -= 1
    return end


def fitted(text: str, width: int) -> str:
    """`text` in at most `width` cells, ending in "…" when cut."""
    end = cut_at(text, width)
    if end is None:
        return text
    return text[:end] + ELLIPSIS if width > 0 else ""


def copies_note(count: int, room: int) -> str:
    """' (+2 same story)', or ' (+2)' when the long form would leave a title too little room."""
    long = f" (+{count} same story)"
    return long if room - cell_len(long) >= 16 else f" (+{count})"


def list_row(
    title: str,
    source: str,
    date: str | None,
    width: int,
    marker: str = "",
    copies: int = 0,
    snippet: str | None = None,
    read: bool = False,
    starred: bool = False,
) -> Text:
    """One row of the article list, `width` cells wide: marker and title (cut at a word,
    the copy count kept), then source · date, then with a query the snippet line (None:
    no query; "": not fetched yet). Unread titles are bold, as in a mail reader; a star leads."""
    marker += "★ " if starred else ""
    note = copies_note(copies, width - cell_len(marker)) if copies else ""
    room = max(width - cell_len(marker) - cell_len(note), 1)
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(marker + fitted(one_line(title), room), style="" if read else "bold")
    text.append(note, style="bold yellow")
    text.append("\n")
    text.append(_meta_line(one_line(source), date or "", width), style="dim")
    if snippet is not None:
        text.append("\n")
        text.append_text(snippet_line(snippet, width))
    return text


def _meta_line(source: str, date: str, width: int) -> str:
    """source · date, the source cut first: the date is what a reader scans a list by. An
    undated row says so: the header has no room to say where a date order puts such rows."""
    date = date or "undated"
    tail = f" · {date}" if source else date
    return fitted(source, width - cell_len(tail)) + tail if width > cell_len(tail) else fitted(date, width)


def snippet_line(snippet: str, width: int) -> Text:
    """A snippet as one dim line of `width` cells, its matched words emphasised: it starts a
    few words before the first match, so that the match is on screen."""
    text = marked(one_line(snippet), style="bold not dim")
    first = min((span.start for span in text.spans), default=0)
    if first > width // 3:
        start = text.plain.rfind(" ", 0, first - width // 4) + 1
        text = Text(ELLIPSIS).append_text(text[start:]) if start > 0 else text
    text.stylize_before("dim")
    end = cut_at(text.plain, width)
    if end is not None:
        text = text[:end]
        text.append(ELLIPSIS, style="dim")
    return text


@dataclass(frozen=True)
class ListHeader:
    """What the list's one-line header says: how many, of what search, in which order."""

    count: int
    corpus: int  # articles in the index
    query: str = ""  # the words typed
    filters: tuple[tuple[str, str], ...] = ()  # each active filter as (kind, name): ("person", "Sergey Lavrov")
    by_date: bool = True
    read: int | None = None  # how many of them you have read (None: not counted)
    stories: int | None = None  # how many distinct stories they are, copies folded (None: not counted yet)

    def counted(self, every: str) -> str:
        """The count, with its stories when copies make them fewer, and how many are read."""
        many = self.stories is not None and self.stories < self.count
        stories = f" ({self.stories:,} {'story' if self.stories == 1 else 'stories'})" if many else ""
        read = f" · {self.read:,} read" if self.read is not None else ""
        return every + stories + read


def list_header(header: ListHeader, width: int) -> str:
    """The header in one line of `width` cells: the longest wording that fits, then the query
    and filters cut with "…"; the count is always there, and so is a date order (relevance,
    a search's usual order, gives way first). The count of stories is said when there is room
    for it with a date order in words; else it gives way before anything else."""
    folded = header.stories is not None and header.stories < header.count
    if folded and (line := _header_line(header, width, room_for_all=False)):
        return line
    return _header_line(replace(header, stories=None), width) or ""


def _header_line(header: ListHeader, width: int, room_for_all: bool = True) -> str | None:
    """The first wording that fits; when `room_for_all` is false, None if only a short one would."""
    if not header.query and not header.filters:
        every = header.counted(f"{header.count:,} articles")
        options = [f"{every} · newest first, undated last", f"{every} · newest first"]
        found = next((o for o in options if cell_len(o) <= width), None)
        return found if found or not room_for_all else fitted(options[-1], width)
    quoted = f"‘{header.query}’" if header.query else ""
    what = joined(quoted, *(f"{kind}: {name}" for kind, name in header.filters))
    names_only = joined(quoted, *(name for _, name in header.filters))
    by_date = ["newest first, undated last", "newest first", "newest"]
    orders = by_date if header.by_date else ["by relevance", "relevance", ""]
    count = header.counted(f"{header.count:,} of {header.corpus:,}")
    # With the stories: a date order said in full ("newest first"), while relevance, a
    # search's usual order, may go unsaid.
    kept = orders if room_for_all or not header.by_date else orders[:2]
    options = [joined(count, words, order) for order in kept for words in (what, names_only)]
    if not header.query and room_for_all:  # filters alone: newest first is the only order there is, so it can go unsaid
        options += [joined(count, words) for words in (what, names_only)]
    if line := next((o for o in options if cell_len(o) <= width), None):
        return line
    if not room_for_all:
        return None
    room = width - cell_len(joined(count, "x", orders[-1])) + 1
    return joined(count, fitted(names_only, room) if room > 1 else "", orders[-1])


def word_matches(matches: list[WordMatch]) -> str:
    """'sanctions' as typed in the body 63%, forms of 'lavrov' in the title 20%, ..."""
    if not matches:
        return "no word of the query scores here (a filter matched)"
    said = []
    for match in matches:
        how = f"‘{match.word}’ as typed" if match.exact else f"forms of ‘{match.word}’"
        said.append(f"{how} in the {match.field} {round(match.share * 100)}%")
    return ", ".join(said)


def entity_table(rows: list[EntitySummary]) -> Table:
    table = Table(show_edge=False, header_style="bold")
    # Long names (a research centre's 50 letters) are cut, so that the counts stay readable at
    # 80 columns; the id, which every correction asks for (and which says the type), is never
    # cut: past its room it folds onto a second line.
    table.add_column("name", no_wrap=True, max_width=20, overflow="ellipsis")
    table.add_column("id", overflow="fold", min_width=14, max_width=30)
    table.add_column("articles", justify="right", no_wrap=True, min_width=8)
    table.add_column("stories", justify="right", no_wrap=True, min_width=7)  # copies of one story counted once
    table.add_column("mentions", justify="right", no_wrap=True, min_width=8)
    table.add_column("aliases", style="dim", overflow="ellipsis", max_width=40)
    for row in rows:
        others = [a for a in row.aliases if a != row.name]
        table.add_row(
            plain(row.name, "bold " + TYPE_COLOURS[row.type]),
            plain(row.id),
            str(row.articles),
            "–" if row.stories is None else str(row.stories),
            str(row.mentions),
            plain(", ".join(others)),
        )
    return table


def entity_refs(refs: list[EntityRef]) -> RenderableType:
    """An article's entities grouped into People, Organizations, Places."""
    parts: list[RenderableType] = []
    for kind, shown in ENTITY_KINDS.items():
        named = [r for r in refs if r.type == kind]
        if named:
            parts.append(Text(shown.heading, style="bold underline"))
            colour = "bold " + TYPE_COLOURS[kind]
            parts.extend(Text.assemble(plain("  " + r.name, colour), (f" ×{r.count}", "dim")) for r in named)
    return Group(*parts) if parts else Text("no entities", style="dim")


def same_story_banner(members: list[StoryMember]) -> Text:
    names = ", ".join(f"{m.source}{' (original)' if m.role == 'original' else ''}" for m in members)
    return Text.assemble(("Same story also published by: ", "bold yellow"), plain(names))


def related_list(items: list[RelatedArticle]) -> RenderableType:
    if not items:
        return Text("no related articles", style="dim")
    parts: list[RenderableType] = []
    for item in items:
        parts.append(Text.assemble((f"{item.score:.2f}", "dim"), "  ", plain(item.title, "bold")))
        parts.append(plain(" · ".join(p for p in [item.source, item.date or "", item.id] if p), "dim"))
        if item.copies:
            outlets = ", ".join(f"{copy.source} ({copy.id})" for copy in item.copies)
            parts.append(plain(f"  +{len(item.copies)} {'copy' if len(item.copies) == 1 else 'copies'}: {outlets}"))
        parts.extend(plain(f"  – {reason}") for reason in item.reasons)
    return Group(*parts)


def article_view(
    article: Article, entities: list[EntityRef] | None = None, same_story: list[StoryMember] | None = None
) -> RenderableType:
    parts: list[RenderableType] = [plain(article.title, "bold underline")]
    if same_story:
        parts.append(same_story_banner(same_story))
    if article.dek:
        parts.append(plain(article.dek, "italic"))
    parts.append(plain(byline(article.authors, article.source, article.date), "cyan"))
    if article.url:
        parts.append(unbroken(article.url, "dim underline"))
    if article.other_paths:  # one article, several files: say where all of them are
        parts.extend(unbroken(f"file {path}", "dim") for path in [article.path, *article.other_paths])
    for paragraph in article.paragraphs:
        parts.extend([Text(""), plain(paragraph)])
    if entities:
        parts.extend([Text(""), entity_refs(entities)])
    if article.comments:
        parts.extend([Text(""), Text(f"{len(article.comments)} reader comments", style="bold")])
        for comment in article.comments:
            head = joined(comment.author, when(comment.date), f"score {comment.score}")
            parts.extend([plain(head, "dim"), plain(comment.text)])
    return Group(*parts)


def state_text(state: ArticleState) -> Text:
    """Your marks as the reader shows them under the byline: star, read, tags, then each note."""
    head = joined("★ starred" if state.starred else "", "read" if state.read else "unread")
    text = Text(head)
    if state.tags:
        text.append("  " + "  ".join(printable(tag_label(tag)) for tag in state.tags), style="cyan")
    for note in state.notes:
        text.append(f"\n✎ {your_time(note.written)}: ", style="dim")
        text.append(printable(note.text), style="italic")
    return text


def state_line(article_id: str, state: ArticleState) -> RenderableType:
    """An article's marks in one line (then its notes), as `explorer mark/tag/note` print them."""
    marks = joined("read" if state.read else "unread", "starred" if state.starred else "")
    tags = "  ".join(tag_label(tag) for tag in state.tags)
    parts: list[RenderableType] = [
        Text.assemble((article_id, "bold"), ": ", marks, ("  " + tags if tags else "", "cyan"))
    ]
    parts.extend(
        plain(f"note {number} ({your_time(note.written)}): {note.text}", "italic")
        for number, note in enumerate(state.notes, 1)
    )
    return Group(*parts)


def index_summary(report: IndexReport, total: int) -> RenderableType:
    line = Text.assemble(
        (f"{total:,} {'article' if total == 1 else 'articles'} indexed: ", "bold"),
        f"{len(report.added)} added, {len(report.updated)} updated, {len(report.removed)} removed, "
        f"{report.unchanged:,} unchanged, {len(report.skipped)} skipped",
        f", {_copies(len(report.copies))} of files already indexed" if report.copies else "",
        f"; names found in {report.named:,} {'article' if report.named == 1 else 'articles'}" if report.named else "",
    )
    skipped = [plain(f"  skipped {s.path}: {s.reason}", "yellow") for s in report.skipped]
    notes = [plain(f"  note {n.path}: {n.reason}", "dim") for n in report.notes]
    copies = [plain(f"  copy {c.path}: same content as {c.same_as}", "dim") for c in report.copies]
    return Group(line, *skipped, *notes, *copies)


def _copies(count: int) -> str:
    return f"{count} {'copy' if count == 1 else 'copies'}"


def update_progress(done: int, total: int, seconds: float, phase: str = "") -> str:
    """The app's status line while the index updates: the step it is on, how far, how fast,
    how long to go."""
    if phase.startswith("finding names") and total:
        text = f"Finding names: {done:,} of {total:,} articles (searchable already)"
    elif phase.startswith("finding names"):  # the model is loading: the first count comes with the first batch
        return f"Updating the index: {phase} (searchable already)…"
    elif not total:
        return f"Updating the index: {phase}…" if phase else "Updating the index…"
    else:
        text = f"Updating the index: {done:,} of {total:,} changed files"
    if done and seconds > 0:
        rate = done / seconds
        text += f" · {rate:,.1f}/s · about {_duration((total - done) / rate)} left"
    return text + "…"


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m" if hours else f"{minutes}m {secs:02d}s" if minutes else f"{secs}s"
