"""Your marks written out as JSON Lines and read back into any index of the same articles.

One record per article with any mark: {"id", "content_hash", "title", "read", "starred",
"tags", "notes": [{"text", "written"}]}. Reading back merges: a mark or a star is added,
never taken off; tags are added; a note is added unless the article has one of the same
text. Each record is matched by content hash, else by id (an article edited since).
Your corrections of the entities follow, one a line: {"entity_rule": {"action", "id", …}};
read back, each is added after the index's own unless it has the same one already."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.records import ArticleState
from index.state.reader_work import ReaderWork

RULE = "entity_rule"  # the key of a line holding a correction of the entities
FIELDS = {"id": str, "content_hash": str, "read": bool, "starred": bool, "tags": list, "notes": list}


class StateFileError(ValueError):
    """A file that is not an export of marks: said in one line, nothing imported."""


@dataclass
class ImportReport:
    by_hash: list[str] = field(default_factory=list)  # ids matched by their text
    by_id: list[str] = field(default_factory=list)  # matched by id: the text changed since the export
    unmatched: list[str] = field(default_factory=list)  # ids of records with no article here
    entity_rules: int = 0  # corrections of the entities added (those already here are not)

    def to_dict(self) -> dict[str, Any]:
        return {
            "by_hash": self.by_hash,
            "by_id": self.by_id,
            "unmatched": self.unmatched,
            "entity_rules": self.entity_rules,
        }


def records(work: ReaderWork, title_of: Callable[[str], str]) -> list[dict[str, Any]]:
    """Every article of this index with a mark, in id order."""
    out = []
    for article, content_hash in sorted(work.with_state().items()):
        state = work.state(article)
        out.append({"id": article, "content_hash": content_hash, "title": title_of(article), **state.to_dict()})
    return out + [{RULE: rule} for rule in work.entity_rules()]


def write(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    """Write the records to a new file (an existing one is never overwritten); how many."""
    count = 0
    with path.open("x", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def read(path: Path) -> list[dict[str, Any]]:
    """The records of an export, every line checked before any is used."""
    rows = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise StateFileError(f"{path} is not text (UTF-8): not an export of marks") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            raise StateFileError(f"{path} line {number}: not JSON; an export has one JSON object per line") from None
        if not isinstance(row, dict):
            raise StateFileError(f"{path} line {number}: not a JSON object")
        if RULE in row:
            rule = row[RULE]
            if (
                not isinstance(rule, dict)
                or not isinstance(rule.get("action"), str)
                or not isinstance(rule.get("id"), str)
            ):
                raise StateFileError(f"{path} line {number}: an entity rule needs an 'action' and an 'id'")
            rows.append(row)
            continue
        for name, kind in FIELDS.items():
            if not isinstance(row.get(name), kind):
                raise StateFileError(f"{path} line {number}: '{name}' is missing or not a {kind.__name__}")
        if not all(isinstance(t, str) for t in row["tags"]) or not all(
            isinstance(n, dict) and isinstance(n.get("text"), str) for n in row["notes"]
        ):
            raise StateFileError(f"{path} line {number}: tags must be strings and notes objects with a text")
        rows.append(row)
    return rows


def merge(work: ReaderWork, rows: list[dict[str, Any]], ids_of: Callable[[set[str]], dict[str, str]]) -> ImportReport:
    """Each record's marks added to its article here, matched by text, else by id."""
    report = ImportReport()
    rules, rows = [r[RULE] for r in rows if RULE in r], [r for r in rows if RULE not in r]
    known = work.entity_rules()
    for rule in rules:
        if rule not in known:
            work.add_entity_rule(rule)
            known.append(rule)
            report.entity_rules += 1
    by_text = {content_hash: article for article, content_hash in ids_of({r["content_hash"] for r in rows}).items()}
    for row in rows:
        article = by_text.get(row["content_hash"])
        if article is not None:
            report.by_hash.append(article)
        elif work.has_article(row["id"]):
            article = row["id"]
            report.by_id.append(article)
        else:
            report.unmatched.append(row["id"])
            continue
        _add(work, article, row)
    return report


def _add(work: ReaderWork, article: str, row: dict[str, Any]) -> None:
    now: ArticleState = work.state(article)
    if (row["read"] and not now.read) or (row["starred"] and not now.starred):
        work.mark(article, read=True if row["read"] else None, starred=True if row["starred"] else None)
    if set(row["tags"]) - set(now.tags):
        work.tag(article, row["tags"])
    noted = {note.text for note in now.notes}
    for note in row["notes"]:
        if note["text"] not in noted:
            work.note(article, note["text"])
            noted.add(note["text"])
