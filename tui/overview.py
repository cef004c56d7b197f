"""A query's or an entity's overview as people read it: a timeline drawn as bars, and an
entity with the ones named beside it. Rich renderables, for the command line."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from index.records import ENTITY_KINDS, EntityPivot, Timeline, TimelineBucket
from tui.render import TYPE_COLOURS, plain

BAR_WIDTH = 40  # cells of the longest bar


def bar(count: int, most: int, width: int = BAR_WIDTH) -> str:
    """A bar in eighths of a cell, so that small counts still differ; one that is not
    empty is never drawn as nothing."""
    if not count or not most:
        return ""
    eighths = max(1, round(count / most * width * 8))
    return "█" * (eighths // 8) + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[eighths % 8]


def timeline_table(timeline: Timeline) -> RenderableType:
    if not timeline.buckets and timeline.undated is None:
        return Text("nothing matches", style="dim")
    rows = [*timeline.buckets, *([timeline.undated] if timeline.undated else [])]
    most = max(bucket.articles for bucket in rows)
    table = Table(show_edge=False, header_style="bold", box=None, pad_edge=False)
    table.add_column(timeline.by)
    table.add_column("articles", justify="right")
    table.add_column("stories", justify="right")
    table.add_column("", style="blue", no_wrap=True)
    for bucket in rows:
        table.add_row(*_cells(bucket, most))
    articles = sum(bucket.articles for bucket in rows)
    said = (
        f"{articles:,} {_plural(articles, 'article')} by {timeline.by}; under stories, copies of one story count once"
    )
    return Group(Text(said, style="dim"), table)


def _cells(bucket: TimelineBucket, most: int) -> tuple[str, str, str, str]:
    return bucket.period, f"{bucket.articles:,}", f"{bucket.stories:,}", bar(bucket.articles, most)


def pivot_view(pivot: EntityPivot) -> RenderableType:
    kind = ENTITY_KINDS[pivot.type].one
    head = Text.assemble(
        plain(pivot.name, "bold " + TYPE_COLOURS[pivot.type]),
        f" · {kind} · {pivot.articles:,} {_plural(pivot.articles, 'article')}, "
        f"{pivot.stories:,} {_plural(pivot.stories, 'story', 'stories')}",
    )
    others = [a for a in pivot.aliases if a != pivot.name]
    parts: list[RenderableType] = [head]
    if others:
        parts.append(plain("also written " + ", ".join(others), "dim"))
    parts.append(Text("\nNamed with it", style="bold underline"))
    if pivot.with_:
        table = Table(show_edge=False, header_style="bold", box=None, pad_edge=False)
        for name, justify in (("name", "left"), ("type", "left"), ("stories", "right"), ("articles", "right")):
            table.add_column(name, justify=justify)  # type: ignore[arg-type]
        for other in pivot.with_:
            colour = "bold " + TYPE_COLOURS[other.type]
            table.add_row(plain(other.name, colour), other.type, f"{other.stories:,}", f"{other.articles:,}")
        parts.append(table)
    else:
        parts.append(Text("no other entity is named in its articles", style="dim"))
    parts += [Text("\nOver time", style="bold underline"), timeline_table(pivot.timeline)]
    return Group(*parts)


def _plural(count: int, one: str, many: str | None = None) -> str:
    return one if count == 1 else (many or one + "s")


def rules_text(rules: list[dict[str, object] | None], undone: bool = False) -> RenderableType:
    """Your corrections of the entities, one a line, as `entities curation` and the corrections
    themselves print them."""
    if undone:
        rule = rules[0] if rules else None
        return Text(
            "nothing to undo" if rule is None else "undone: " + rule_line(rule), style="dim" if rule is None else ""
        )
    if not rules:
        return Text("no corrections yet (explorer entities --help)", style="dim")
    return Group(*(plain(rule_line(rule)) for rule in rules if rule is not None))


def rule_line(rule: dict[str, object]) -> str:
    """One correction as a line: 'place/moscow renamed ‘Moskva’', 'org/a merged into org/b'."""
    action, entity = rule.get("action"), rule.get("id")
    if action == "rename":
        return f"{entity} renamed ‘{rule.get('name')}’"
    if action == "retype":
        return f"{entity} is a {rule.get('type')}"
    if action == "split":
        return f"‘{rule.get('alias')}’ split off {entity} as an entity of its own"
    if action == "merge":
        others = rule.get("with")
        return f"{', '.join(map(str, others)) if isinstance(others, list) else others} merged into {entity}"
    return f"{entity} {'hidden' if action == 'hide' else 'shown again' if action == 'unhide' else action}"
