"""The `explorer` command: open the app, or index, list, search and show from a shell.

Exit codes: 0 success; 1 the work ran but something failed or was skipped;
2 the request itself was wrong (bad query, unknown id, bad options).
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from index.library import (
    ArticleNotFound,
    EntityNotFound,
    IndexProblem,
    Library,
    QueryError,
    StateFileError,
    build_index,
    create_index,
    default_index_dir,
    has_index,
    is_outdated,
    recorded_articles,
    shipped_articles_dir,
)
from index.records import Workers
from tui import render
from tui.arguments import parse
from tui.commands import COMMANDS, print_json
from tui.exit_codes import FAILED, OK, USAGE, UsageError
from tui.indexing_display import index_with_display, phase_line, progress_line
from tui.printable import printable

# Why an index cannot be written: a full disk or quota, a file size limit, a read-only or forbidden folder.
CANNOT_WRITE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EPERM}


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    out = Console()
    err = Console(stderr=True)
    index_dir = None
    try:
        if args.command is None:
            _need_a_terminal()
        articles, index_dir = _paths(args)
        return _dispatch(args, articles, index_dir, out, err)
    except (UsageError, QueryError, ArticleNotFound, EntityNotFound, StateFileError) as error:
        return _fail(error, USAGE)
    except IndexProblem as error:
        notes = getattr(error, "__notes__", None)  # a run that stopped part-way says what the next will do
        return _fail(f"{error}; {'; '.join(notes)}" if notes else error, FAILED)
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
        workers = _workers(args)
        if args.progress_lines:
            report = build_index(
                articles,
                index_dir,
                add=added,
                rebuild=args.rebuild,
                progress=progress_line,
                phase=phase_line,
                workers=workers,
            )
        else:
            report = index_with_display(articles, index_dir, err, rebuild=args.rebuild, add=added, workers=workers)
        try:
            with Library.open(index_dir) as library:
                total = library.count()
        except KeyboardInterrupt as error:
            error.add_note("the index was updated")
            raise
        if args.json:
            print_json({**report.to_dict(), "total": total, "index": str(index_dir)})
        else:
            out.print(render.index_summary(report, total), soft_wrap=True)  # one line per file, for grep
        return FAILED if report.skipped else OK
    new = not has_index(index_dir) and not index_dir.exists()
    indexed_now = False
    if args.command is None and new:
        # A folder seen for the first time: the app opens on an empty index at once, and
        # shows the articles as the update in the background writes them.
        create_index(articles, index_dir)
    elif new or is_outdated(index_dir):
        index_with_display(articles, index_dir, err)  # first use of this corpus, or an index from an older version
        indexed_now = True
    if args.command is None:
        from tui.app import create_app  # Textual loads only for the app

        _follow_the_real_terminal_size()
        create_app(index_dir, articles, background_update=not indexed_now).run()
        return OK
    with Library.open(index_dir) as library:
        return COMMANDS[args.command](args, library, out)


def _workers(args: argparse.Namespace) -> Workers | None:
    """Where the run reads and finds names, when the command line says."""
    if args.scheduler is not None:
        return Workers(scheduler=args.scheduler)
    return Workers(processes=args.workers) if args.workers is not None else None


def _follow_the_real_terminal_size() -> None:
    # Textual sizes itself by shutil.get_terminal_size(), which prefers COLUMNS and LINES when they are
    # exported: a stale pair (from a script, a CI runner, a parent shell) would pin the app to the wrong
    # size and ignore every resize. A terminal app should follow its terminal.
    for name in ("COLUMNS", "LINES"):
        os.environ.pop(name, None)


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
