"""The commands that read an index from a shell (list, search, show, related, entities), as
a table for people or JSON for scripts."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from rich.console import Console

from index.library import Library, QueryError, RuleError, StateUnavailable, read_state_file, write_state_file
from index.records import ArticleState
from tui import exports, overview, render
from tui.exit_codes import OK, UsageError
from tui.printable import json_text


def _list(args: argparse.Namespace, library: Library, out: Console) -> int:
    rows = library.articles(sort=getattr(args, "sort", "date"))
    if getattr(args, "json", False):
        print_json([row.to_dict() for row in rows])
    else:
        out.print(render.article_table(rows))
    return OK


def _search(args: argparse.Namespace, library: Library, out: Console) -> int:
    text = " ".join(args.query)
    if args.export is not None and (problem := exports.check_target(args.export)):
        raise UsageError(problem)
    result = library.search(text, limit=args.limit, offset=args.offset, sort=args.sort)
    why = {hit.id: library.explain(text, hit.id) for hit in result.hits} if args.explain else None
    stories = library.stories_among(text) if result.total else 0
    if args.json:
        payload = {**result.to_dict(), "read": _read_among(library, text), "stories": stories}
        if why is not None:
            for hit in payload["results"]:
                hit["why"] = [match.to_dict() for match in why[hit["id"]]]
        print_json(payload)
    else:
        out.print(render.search_results(result, why, stories))
    if args.export is not None:
        written = exports.export(library, text, args.sort, args.export)
        sys.stderr.write(f"{written:,} results written to {args.export}\n")  # stdout stays the results
    return OK


def _show(args: argparse.Namespace, library: Library, out: Console) -> int:
    article = library.article(args.id)
    entities = library.article_entities(args.id)
    if args.json:
        print_json(
            {
                **article.to_dict(),
                "entities": [e.to_dict() for e in entities],
                "same_story": [m.to_dict() for m in library.same_story(args.id)],
                "state": _marks(library, args.id).to_dict(),
            }
        )
    else:
        out.print(render.article_view(article, entities, library.same_story(args.id)), crop=False)  # paths whole
        state = _marks(library, args.id)
        if state != ArticleState():
            out.print(render.state_line(args.id, state))
    return OK


def _related(args: argparse.Namespace, library: Library, out: Console) -> int:
    items = library.related(args.id, limit=args.limit)
    if args.json:
        print_json([item.to_dict() for item in items])
    else:
        out.print(render.related_list(items))
    return OK


def _entities(args: argparse.Namespace, library: Library, out: Console) -> int:
    if args.words and args.words[0] in CORRECTIONS:
        return _correct(args, library, out)
    if len(args.words) > 1:
        raise UsageError(f"{args.words[0]} is not a correction: {', '.join(CORRECTIONS)} (or one article id)")
    if args.words:
        refs = [r for r in library.article_entities(args.words[0]) if args.type in (None, r.type)]
        if args.json:
            print_json([r.to_dict() for r in refs])
        else:
            out.print(render.entity_refs(refs))
        return OK
    rows = library.entities(args.type)
    if args.json:
        print_json([row.to_dict() for row in rows])
    else:
        out.print(render.entity_table(rows))
    return OK


CORRECTIONS = ("rename", "merge", "split", "retype", "hide", "unhide", "curation", "undo")


def _correct(args: argparse.Namespace, library: Library, out: Console) -> int:
    """`entities rename ID NAME`, `merge ID OTHER…`, `split ID ALIAS`, `retype ID TYPE`, `hide ID`, `unhide ID`,
    `curation` (the rules, oldest first) and `undo` (the newest taken back)."""
    action, rest = args.words[0], args.words[1:]
    if action in ("curation", "undo"):
        if rest:
            raise UsageError(f"entities {action} takes nothing more")
        rules = library.curation() if action == "curation" else [library.undo_curation()]
        if args.json:
            print_json(rules if action == "curation" else {"undone": rules[0]})
        else:
            out.print(overview.rules_text(rules, undone=action == "undo"))
        return OK
    if not rest:
        raise UsageError(f"entities {action} needs an entity id (explorer entities --json lists them)")
    value: str | list[str] | None = None
    if action in ("rename", "split"):
        value = " ".join(rest[1:])
    elif action == "merge":
        value = rest[1:]
    elif action == "retype":
        value = rest[1] if len(rest) == 2 else ""
    elif len(rest) > 1:
        raise UsageError(f"entities {action} takes one entity id")
    try:
        made = library.curate(action, rest[0], value)
    except RuleError as error:
        raise UsageError(str(error)) from None
    if args.json:
        print_json(made)
    else:
        out.print(overview.rules_text([made]))
    return OK


def _entity(args: argparse.Namespace, library: Library, out: Console) -> int:
    pivot = library.entity_pivot(args.id, args.limit, args.by)
    if args.json:
        print_json(pivot.to_dict())
    else:
        out.print(overview.pivot_view(pivot))
    return OK


def _timeline(args: argparse.Namespace, library: Library, out: Console) -> int:
    found = library.timeline(" ".join(args.query), args.by)
    if args.json:
        print_json(found.to_dict())
    else:
        out.print(overview.timeline_table(found))
    return OK


def _marks(library: Library, article_id: str) -> ArticleState:
    """Reading commands work without your marks' database: none are shown then."""
    try:
        return library.work.state(article_id)
    except StateUnavailable:
        return ArticleState()


def _read_among(library: Library, text: str) -> int | None:
    try:
        return library.read_among(text)
    except (StateUnavailable, QueryError):  # the marks' database cannot be opened: not counted
        return None


def _mark(args: argparse.Namespace, library: Library, out: Console) -> int:
    if args.read is None and args.starred is None:
        state = library.work.state(args.id)  # nothing asked: say what the marks are
    else:
        state = library.work.mark(args.id, read=args.read, starred=args.starred)
    return _state(args, state, out)


def _tag(args: argparse.Namespace, library: Library, out: Console) -> int:
    return _state(args, library.work.tag(args.id, args.tags, remove=args.remove), out)


def _note(args: argparse.Namespace, library: Library, out: Console) -> int:
    text = " ".join(args.text).strip()
    if args.delete is not None and text:
        raise UsageError("--delete takes no text: explorer note ID --delete N")
    if args.edit is not None and not text:
        raise UsageError("give the note's text to put in place of note N")
    if args.delete is None and not text:  # nothing to write: the notes, numbered, as they are
        return _state(args, library.work.state(args.id), out)
    if args.edit is None and args.delete is None:
        return _state(args, library.work.note(args.id, text), out)
    number = args.edit if args.edit is not None else args.delete
    state = library.work.change_note(args.id, number, text or None)
    if state is None:
        count = len(library.work.state(args.id).notes)
        raise UsageError(f"{args.id} has {count} note{'' if count == 1 else 's'}; there is no note {number}")
    return _state(args, state, out)


def _state(args: argparse.Namespace, state: ArticleState, out: Console) -> int:
    if args.json:
        print_json({"id": args.id, "state": state.to_dict()})
    else:
        out.print(render.state_line(args.id, state))
    return OK


def _state_file(args: argparse.Namespace, library: Library, out: Console) -> int:
    if args.action == "export":
        if args.file.exists():
            raise UsageError(f"{args.file} exists; choose a new file (an export never overwrites one)")
        rows = library.export_state()
        write_state_file(args.file, rows)
        rules = sum(1 for row in rows if "entity_rule" in row)
        written = len(rows) - rules
        if args.json:
            print_json({"file": str(args.file), "articles": written, "entity_rules": rules})
        else:
            said = f"marks of {written:,} articles" + (f" and {rules:,} entity corrections" if rules else "")
            out.print(f"{said} written to {args.file}", soft_wrap=True)
        return OK
    try:
        rows = read_state_file(args.file)
    except OSError as error:
        raise UsageError(f"cannot read {args.file}: {error.strerror}") from None
    report = library.import_state(rows)
    if args.json:
        print_json(report.to_dict())
    else:
        out.print(
            f"{len(report.by_hash):,} articles matched by their text, {len(report.by_id):,} by id (edited since), "
            f"{len(report.unmatched):,} not in this index"
            + (f": {', '.join(report.unmatched[:10])}" if report.unmatched else "")
            + (f"; {report.entity_rules:,} entity corrections added" if report.entity_rules else ""),
            soft_wrap=True,
        )
    return OK


COMMANDS: dict[str, Callable[[argparse.Namespace, Library, Console], int]] = {
    "state": _state_file,
    "mark": _mark,
    "tag": _tag,
    "note": _note,
    "list": _list,
    "search": _search,
    "show": _show,
    "entities": _entities,
    "entity": _entity,
    "timeline": _timeline,
    "related": _related,
}


def print_json(value: object) -> None:
    sys.stdout.write(json_text(value) + "\n")
