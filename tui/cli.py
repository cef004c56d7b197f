"""The `explorer` command: open the app, or index, list, search and show from a shell.

Exit codes: 0 success; 1 the work ran but something failed or was skipped;
2 the request itself was wrong (bad query, unknown id, bad options).
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import NoReturn

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
)
from rich.text import Text

from index.library import (
    ArticleNotFound,
    IndexProblem,
    Library,
    QueryError,
    build_index,
    default_index_dir,
    has_index,
    is_outdated,
    recorded_articles,
    shipped_articles_dir,
)
from index.records import IndexReport
from tui import render
from tui.printable import json_text, printable

OK, FAILED, USAGE = 0, 1, 2
# Why an index cannot be written: a full disk or quota, a file size limit, a read-only or forbidden folder.
CANNOT_WRITE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EPERM}


class UsageError(Exception):
    """A request the user must change; exit code 2."""


class _Parser(argparse.ArgumentParser):
    """argparse quotes the arguments it rejects (a pasted file name may hold escape codes)."""

    def error(self, message: str) -> NoReturn:
        super().error(printable(message))


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--articles",
        type=Path,
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="folder of articles to explore (default: the shipped corpus)",
    )
    common.add_argument(
        "--index",
        type=Path,
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="where the index lives (default: one per corpus in the user data dir)",
    )
    parser = _Parser(
        prog="explorer",
        parents=[common],
        description="Explore a folder of news articles offline: search, read, follow entities and related stories.",
        epilog="Run 'explorer COMMAND --help' for the options of one command. With no command, opens the app.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    index = commands.add_parser(
        "index",
        parents=[common],
        help="build or update the index",
        description="Index new and changed articles; drop deleted ones.",
    )
    index.add_argument("--rebuild", action="store_true", help="rebuild the whole index from scratch")
    index.add_argument("--json", action="store_true", help="print the summary as JSON")
    index.add_argument("--progress-lines", action="store_true", help=argparse.SUPPRESS)  # for the app's updater

    add = commands.add_parser(
        "add",
        parents=[common],
        help="index more files or folders, where they are",
        description="Add files or folders to this corpus. Nothing is copied or linked: they are indexed "
        "where they are, remembered, and re-read when they change.",
    )
    add.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="a file or folder of articles")
    add.add_argument("--json", action="store_true", help="print the summary as JSON")
    add.set_defaults(rebuild=False, progress_lines=False)

    listing = commands.add_parser(
        "list", parents=[common], help="list the articles", description="List every article, newest first."
    )
    listing.add_argument("--sort", choices=["date", "title"], default="date", help="order of the list")
    listing.add_argument("--json", action="store_true", help="print JSON")

    search = commands.add_parser(
        "search",
        parents=[common],
        help="search the articles",
        description='Search with words, "phrases", AND/OR/NOT, wildcards (venez*), fuzzy terms (lavrov~), '
        "fields (title: author: source: comments:) and dates (date:2019-04, date:[2019-04-03 to 2019-04-06]).",
    )
    search.add_argument("query", nargs="+", help="the query")
    search.add_argument("--limit", type=_positive, default=10, metavar="N", help="show at most N results (default 10)")
    search.add_argument("--offset", type=_not_negative, default=0, metavar="N", help="skip the first N results")
    search.add_argument(
        "--sort", choices=["relevance", "date"], default="relevance", help="best first (default) or newest first"
    )
    search.add_argument(
        "--explain", action="store_true", help="say why each result matched: its words, where, their share of the score"
    )
    search.add_argument("--json", action="store_true", help="print JSON")

    show = commands.add_parser(
        "show", parents=[common], help="show one article", description="Show one article with all its fields."
    )
    show.add_argument("id", help="the article id (see 'explorer list')")
    show.add_argument("--json", action="store_true", help="print JSON")

    related = commands.add_parser(
        "related",
        parents=[common],
        help="stories related to one article, with reasons",
        description="Other stories related to the article, ranked by how alike their texts are, each once "
        "(its best-matching copy, with other outlets' copies) and with its reasons: the words and the "
        "people, organizations and places they share. The article's own copies are in 'explorer show'.",
    )
    related.add_argument("id", help="the article id")
    related.add_argument("--limit", type=_positive, default=10, metavar="N", help="at most N related stories")
    related.add_argument("--json", action="store_true", help="print JSON")

    entities = commands.add_parser(
        "entities",
        parents=[common],
        help="list people, organizations and places",
        description="Corpus-wide entities (name, type, aliases, articles, mentions), "
        "or with an article id, the entities that article names.",
    )
    entities.add_argument("article", nargs="?", metavar="ID", help="list only the entities this article names")
    entities.add_argument("--type", choices=["person", "org", "place"], help="only this type")
    entities.add_argument("--json", action="store_true", help="print JSON")
    return parser


def _positive(value: str) -> int:
    return _at_least(value, 1)


def _not_negative(value: str) -> int:
    return _at_least(value, 0)


def _at_least(value: str, least: int) -> int:
    try:
        number = int(value)
    except ValueError:
        number = least - 1
    if number < least:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least {least}, got '{value}'")
    return number


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    out = Console()
    err = Console(stderr=True)
    index_dir = None
    try:
        if args.command is None:
            _need_a_terminal()
        articles, index_dir = _paths(args)
        return _dispatch(args, articles, index_dir, out, err)
    except (UsageError, QueryError, ArticleNotFound) as error:
        return _fail(error, USAGE)
    except IndexProblem as error:
        return _fail(error, FAILED)
    except OSError as error:
        if error.errno not in CANNOT_WRITE or index_dir is None:
            raise
        return _fail(f"cannot write the index at {index_dir}: {error.strerror}; {_outcome(error)}", FAILED)
    except KeyboardInterrupt as error:
        return _fail(f"interrupted; {_outcome(error)}", 130)


def _need_a_terminal() -> None:
    """The app reads keys from stdin and draws on stdout: refused, before any indexing, when either is not a tty."""
    for name, stream in (("stdout", sys.stdout), ("stdin", sys.stdin)):
        if stream is None or not stream.isatty():
            raise UsageError(
                f"the app needs a terminal ({name} is not a terminal); "
                "use a command like 'explorer list' or 'explorer search' in scripts"
            )


def _outcome(error: BaseException) -> str:
    """What a stopped run did to the index: the indexer notes it when it got past its commit."""
    return "; ".join(getattr(error, "__notes__", [])) or "nothing was changed"


def _fail(message: object, code: int) -> int:
    """One plain line on stderr, whatever the terminal width."""
    sys.stderr.write(f"explorer: error: {printable(str(message))}\n")  # errors quote ids, paths, queries
    return code


def _paths(args: argparse.Namespace) -> tuple[Path, Path]:
    """The articles folder and the index. An index is only ever updated from the folder it
    was built from (its marker records it): without --articles that folder is used, and
    another one is refused unless the index is rebuilt from it."""
    given = getattr(args, "articles", None)
    if given is not None and not given.is_dir():
        raise UsageError(f"articles folder not found: {given}")
    index_dir = getattr(args, "index", None) or default_index_dir(given or shipped_articles_dir())
    recorded = recorded_articles(index_dir)
    if given is None:
        return recorded or shipped_articles_dir().resolve(), index_dir
    if recorded is not None and given.resolve() != recorded and not getattr(args, "rebuild", False):
        raise UsageError(
            f"the index at {index_dir} holds the articles of {recorded}, not {given.resolve()}; "
            "leave out --articles, or add --rebuild to index this folder there instead"
        )
    return given.resolve(), index_dir


def _dispatch(args: argparse.Namespace, articles: Path, index_dir: Path, out: Console, err: Console) -> int:
    if args.command in ("index", "add"):
        added = list(getattr(args, "paths", []))
        if args.progress_lines:
            report = build_index(articles, index_dir, add=added, rebuild=args.rebuild, progress=_progress_line)
        else:
            report = _index(articles, index_dir, err, rebuild=args.rebuild, add=added)
        try:
            with Library.open(index_dir) as library:
                total = library.count()
        except KeyboardInterrupt as error:
            error.add_note("the index was updated")
            raise
        if args.json:
            _print_json({**report.to_dict(), "total": total, "index": str(index_dir)})
        else:
            out.print(render.index_summary(report, total), soft_wrap=True)  # one line per file, for grep
        return FAILED if report.skipped else OK
    fresh = (not has_index(index_dir) and not index_dir.exists()) or is_outdated(index_dir)
    if fresh:
        _index(articles, index_dir, err)  # first use of this corpus, or an index from an older version
    if args.command is None:
        from tui.app import create_app  # Textual loads only for the app

        _follow_the_real_terminal_size()
        create_app(index_dir, articles, background_update=not fresh).run()
        return OK
    with Library.open(index_dir) as library:
        return COMMANDS[args.command](args, library, out)


def _follow_the_real_terminal_size() -> None:
    # Textual sizes itself by shutil.get_terminal_size(), which prefers COLUMNS and LINES when they are
    # exported: a stale pair (from a script, a CI runner, a parent shell) would pin the app to the wrong
    # size and ignore every resize. A terminal app should follow its terminal.
    for name in ("COLUMNS", "LINES"):
        os.environ.pop(name, None)


def _progress_line(done: int, total: int, current: str) -> None:
    sys.stdout.write(f"progress {done} {total}\n")
    sys.stdout.flush()


# Files are read in parallel and come back in bursts: the rate shown is taken over this many seconds
# (Rich's default is 30), and the time left is only said once the files have come for SETTLE seconds.
SPEED_WINDOW = 120.0
SETTLE = 5.0


def _index(articles: Path, index_dir: Path, err: Console, rebuild: bool = False, add: list[Path] = ()) -> IndexReport:
    if not err.is_terminal:
        return build_index(articles, index_dir, rebuild=rebuild, add=list(add))
    columns = [
        TextColumn("Indexing:"),
        TextColumn("{task.description}", markup=False),  # the step the run is on
        BarColumn(),
        CountColumn(),
        RateColumn(),
        TimeLeftColumn(),
        TextColumn("{task.fields[current]}", style="dim", markup=False),  # a file name, never markup
    ]
    with Progress(*columns, console=err, speed_estimate_period=SPEED_WINDOW) as progress:
        steps = Steps(progress)
        report = build_index(
            articles, index_dir, rebuild=rebuild, add=list(add), progress=steps.advance, phase=steps.start
        )
        steps.finish()
        return report


class Steps:
    """An indexing run's steps on a Rich progress display, one task each: the step running now,
    drawn at once (a step may be shorter than a refresh), uncounted until it counts (never a
    finished bar at 0:00:00 while another step runs), and the counted step once done, with the
    last file it read. A step named again with more ("finding files: 1,200 found") goes on."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task = progress.add_task("starting", total=None, current="")

    def start(self, name: str) -> None:
        shown = self.progress.tasks[-1]
        if name.partition(":")[0] != shown.description.partition(":")[0]:
            if shown.total is None:
                self.progress.update(self.task, visible=False)
            self.task = self.progress.add_task(name, total=None, current="")
        self.progress.update(self.task, description=name)
        self.progress.refresh()

    def advance(self, done: int, total: int, current: str) -> None:
        if "first" not in self.progress.tasks[-1].fields:  # when the first files came back
            self.progress.update(self.task, first=(self.progress.get_time(), done))
        self.progress.update(self.task, completed=done, total=total, current=printable(current))

    def finish(self) -> None:
        """What stays on the screen: the counted step (an uncounted last one is done)."""
        if self.progress.tasks[-1].total is None:
            self.progress.update(self.task, visible=False)


class TimeLeftColumn(ProgressColumn):
    """Time left at the step's average rate since its first file came back (not since the step began:
    the NER model loads first), once there is a rate worth the name; it does not swing with each burst."""

    def render(self, task: Task) -> Text:
        if task.finished and task.finished_time is not None:  # how long the step took
            return Text(str(timedelta(seconds=round(task.finished_time))), style="progress.elapsed")
        first = task.fields.get("first")
        left = "-:--:--"
        if task.total is not None and first is not None:
            since, done_then = first
            spent, done = task.get_time() - since, task.completed - done_then
            if spent >= SETTLE and done > 0:
                left = str(timedelta(seconds=round((task.total - task.completed) * spent / done)))
        return Text(left, style="progress.remaining")


class CountColumn(MofNCompleteColumn):
    """Done of all, once the step has a count (never "0/?")."""

    def render(self, task: Task) -> Text:
        return super().render(task) if task.total is not None else Text("")


class RateColumn(ProgressColumn):
    """Files per second, once there is a rate to show."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed:,.0f} files/s" if task.speed else "", style="progress.data.speed")


def _list(args: argparse.Namespace, library: Library, out: Console) -> int:
    rows = library.articles(sort=getattr(args, "sort", "date"))
    if getattr(args, "json", False):
        _print_json([row.to_dict() for row in rows])
    else:
        out.print(render.article_table(rows))
    return OK


def _search(args: argparse.Namespace, library: Library, out: Console) -> int:
    text = " ".join(args.query)
    result = library.search(text, limit=args.limit, offset=args.offset, sort=args.sort)
    why = {hit.id: library.explain(text, hit.id) for hit in result.hits} if args.explain else None
    if args.json:
        payload = result.to_dict()
        if why is not None:
            for hit in payload["results"]:
                hit["why"] = [match.to_dict() for match in why[hit["id"]]]
        _print_json(payload)
    else:
        out.print(render.search_results(result, why))
    return OK


def _show(args: argparse.Namespace, library: Library, out: Console) -> int:
    article = library.article(args.id)
    entities = library.article_entities(args.id)
    if args.json:
        _print_json(
            {
                **article.to_dict(),
                "entities": [e.to_dict() for e in entities],
                "same_story": [m.to_dict() for m in library.same_story(args.id)],
            }
        )
    else:
        out.print(render.article_view(article, entities, library.same_story(args.id)))
    return OK


def _related(args: argparse.Namespace, library: Library, out: Console) -> int:
    items = library.related(args.id, limit=args.limit)
    if args.json:
        _print_json([item.to_dict() for item in items])
    else:
        out.print(render.related_list(items))
    return OK


def _entities(args: argparse.Namespace, library: Library, out: Console) -> int:
    if args.article:
        refs = [r for r in library.article_entities(args.article) if args.type in (None, r.type)]
        if args.json:
            _print_json([r.to_dict() for r in refs])
        else:
            out.print(render.entity_refs(refs))
        return OK
    rows = library.entities(args.type)
    if args.json:
        _print_json([row.to_dict() for row in rows])
    else:
        out.print(render.entity_table(rows))
    return OK


COMMANDS: dict[str, Callable[[argparse.Namespace, Library, Console], int]] = {
    "list": _list,
    "search": _search,
    "show": _show,
    "entities": _entities,
    "related": _related,
}


def _print_json(value: object) -> None:
    sys.stdout.write(json_text(value) + "\n")


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
