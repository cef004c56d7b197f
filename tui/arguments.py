"""The `explorer` command's arguments: every subcommand, its options and their checks."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from index.records import ENTITY_KINDS
from index.records import TIMELINE_PERIODS as PERIODS
from tui.printable import printable


class _Parser(argparse.ArgumentParser):
    """argparse quotes the arguments it rejects (a pasted file name may hold escape codes)."""

    def error(self, message: str) -> NoReturn:
        super().error(printable(message))


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line. argparse takes no words after an option for a positional it has
    filled (`note ID --edit 2 new text`): words left over go to the note's text."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command == "note" and not any(word.startswith("-") for word in extra):
        args.text = [*args.text, *extra]
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return args


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
    _where_to_read(index)

    add = commands.add_parser(
        "add",
        parents=[common],
        help="index more files or folders, where they are",
        description="Add files or folders to this corpus. Nothing is copied or linked: they are indexed "
        "where they are, remembered, and re-read when they change.",
    )
    add.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="a file or folder of articles")
    add.add_argument("--json", action="store_true", help="print the summary as JSON")
    _where_to_read(add)
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
        "fields (title: author: source: comments:), dates (date:2019-04, date:[2019-04-03 to 2019-04-06]) "
        "and your own marks (is:unread, is:starred, tag:NAME, note:WORD).",
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
    search.add_argument(
        "--export",
        type=Path,
        metavar="FILE",
        help="also write the results with your marks to a new FILE: .csv, .jsonl or .md, by its name",
    )

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
        "or with an article id, the entities that article names. Your corrections, kept with your "
        "marks and applied again after every rebuild: 'rename ID NAME', 'merge ID OTHER_ID…' (one "
        "entity, all names and articles), 'split ID ALIAS' (the articles where it is named only so "
        "become an entity of their own), 'retype ID person|org|place', 'hide ID', 'unhide ID'; "
        "'curation' lists them, 'undo' takes back the newest.",
    )
    entities.add_argument(
        "words",
        nargs="*",
        metavar="ID | CORRECTION …",
        help="an article id (the entities it names), or a correction (see above)",
    )
    entities.add_argument("--type", choices=list(ENTITY_KINDS), help="only this type")
    entities.add_argument("--json", action="store_true", help="print JSON")
    _overview_commands(commands, common)
    _state_commands(commands, common)
    return parser


def _overview_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    entity = commands.add_parser(
        "entity",
        parents=[common],
        help="one entity: who is named with it, and when",
        description="One entity seen whole: its articles and stories (syndicated copies count once), "
        "the entities most often named in the same stories, and its articles over time.",
    )
    entity.add_argument("id", metavar="ID", help="the entity id (explorer entities --json lists them)")
    entity.add_argument("--limit", type=_positive, default=20, metavar="N", help="entities named with it (20)")
    entity.add_argument("--by", choices=PERIODS, help="the timeline's period (default: from the span of dates)")
    entity.add_argument("--json", action="store_true", help="print JSON")

    timeline = commands.add_parser(
        "timeline",
        parents=[common],
        help="a search's matches over time",
        description="How many articles, and how many distinct stories (copies counted once), match "
        "a search in each day, week, month or year; every article with no query.",
    )
    timeline.add_argument("query", nargs="*", help="the search (as in explorer search)")
    timeline.add_argument("--by", choices=PERIODS, help="the period (default: from the span of dates)")
    timeline.add_argument("--json", action="store_true", help="print JSON")


def _state_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Your own marks on articles, kept in your data directory and searchable with is:, tag:, note:."""
    mark = commands.add_parser(
        "mark",
        parents=[common],
        help="mark an article read or unread, starred or not",
        description="Mark an article. Find them again with is:read, is:unread, is:starred in any search.",
    )
    mark.add_argument("id", help="the article id")
    read = mark.add_mutually_exclusive_group()
    read.add_argument("--read", dest="read", action="store_const", const=True, help="mark it read")
    read.add_argument("--unread", dest="read", action="store_const", const=False, help="mark it unread")
    star = mark.add_mutually_exclusive_group()
    star.add_argument("--star", dest="starred", action="store_const", const=True, help="star it")
    star.add_argument("--unstar", dest="starred", action="store_const", const=False, help="take its star off")
    mark.add_argument("--json", action="store_true", help="print the article's state as JSON")

    tag = commands.add_parser(
        "tag",
        parents=[common],
        help="tag an article",
        description="Add tags to an article (or take them off). Find them again with tag:NAME in any search.",
    )
    tag.add_argument("id", help="the article id")
    tag.add_argument("tags", nargs="+", metavar="TAG", help="a tag (quote one with spaces)")
    tag.add_argument("--remove", action="store_true", help="take these tags off")
    tag.add_argument("--json", action="store_true", help="print the article's state as JSON")

    note = commands.add_parser(
        "note",
        parents=[common],
        help="add, edit or delete a note on an article (with no text: its notes)",
        description="Add a note to an article, or rewrite or delete one (notes are numbered from 1, oldest "
        "first, as this command prints them). Notes show in the reader; find them with note:WORD in any search.",
    )
    note.add_argument("id", help="the article id")
    note.add_argument("text", nargs="*", help="the note")
    changed = note.add_mutually_exclusive_group()
    changed.add_argument("--edit", type=int, metavar="N", help="rewrite note N with TEXT")
    changed.add_argument("--delete", type=int, metavar="N", help="delete note N")
    note.add_argument("--json", action="store_true", help="print the article's state as JSON")

    state = commands.add_parser(
        "state",
        parents=[common],
        help="export your marks, or import them into this index",
        description="Your marks (read, stars, tags, notes) as JSON Lines, one article a line: to keep, "
        "to share, or to bring into an index of the same articles elsewhere (matched by their text, else by id).",
    )
    actions = state.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write your marks to a new file", parents=[common])
    export.add_argument("file", type=Path, metavar="FILE", help="a file that does not exist yet (.jsonl)")
    export.add_argument("--json", action="store_true", help="print the summary as JSON")
    into = actions.add_parser("import", help="merge marks from an export into this index", parents=[common])
    into.add_argument("file", type=Path, metavar="FILE", help="a file written by 'explorer state export'")
    into.add_argument("--json", action="store_true", help="print what matched as JSON")


def _where_to_read(command: argparse.ArgumentParser) -> None:
    where = command.add_argument_group(
        "where files are read and names found (the slow part)",
        "By default here, on two processes for big runs. See README: 'Indexing on a Dask cluster'.",
    ).add_mutually_exclusive_group()
    where.add_argument(
        "--workers",
        type=_positive,
        metavar="N",
        help="on N worker processes of a local Dask cluster (1: in this process alone)",
    )
    where.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="on an existing Dask cluster, by its scheduler's address (tcp://HOST:8786)",
    )


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
