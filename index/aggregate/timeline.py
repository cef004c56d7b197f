"""Articles and stories per period: a day, week, month or year, chosen from the span of the
dates unless asked for."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from index.records import TIMELINE_PERIODS as PERIODS
from index.records import Timeline, TimelineBucket

DAILY_UP_TO = 31  # days of span shown day by day: one month of news
MONTHLY_UP_TO = 48  # months of span shown month by month; years beyond


def timeline(query: str, dated: Iterable[tuple[str | None, str]], by: str | None = None) -> Timeline:
    """`dated`: each matching article's date (ISO, or None) and its story (its own id when it has
    no copies), so that copies count once. Every period from the first to the last is there,
    empty ones included, as a histogram needs them."""
    articles: dict[str, int] = {}
    stories: dict[str, set[str]] = {}
    if by is not None and by not in PERIODS:
        raise ValueError(f"{by} is not a period: {', '.join(PERIODS)}")
    days: list[date] = []
    undated_articles, undated_stories = 0, set()
    pairs = [(_day(stamp), story) for stamp, story in dated]
    known = [day for day, _ in pairs if day is not None]
    chosen = by or (period_for(min(known), max(known)) if known else "month")
    for day, story in pairs:
        if day is None:
            undated_articles += 1
            undated_stories.add(story)
            continue
        days.append(day)
        key = period_of(day, chosen)
        articles[key] = articles.get(key, 0) + 1
        stories.setdefault(key, set()).add(story)
    buckets = (
        [
            TimelineBucket(key, articles.get(key, 0), len(stories.get(key, ())))
            for key in _periods(min(days), max(days), chosen)
        ]
        if days
        else []
    )
    undated = TimelineBucket("undated", undated_articles, len(undated_stories)) if undated_articles else None
    return Timeline(query, chosen, buckets, undated)


def period_for(first: date, last: date) -> str:
    """Days within a month, months within four years, years beyond (weeks only when asked)."""
    span = (last - first).days
    if span < DAILY_UP_TO:
        return "day"
    months = (last.year - first.year) * 12 + last.month - first.month
    return "month" if months <= MONTHLY_UP_TO else "year"


def period_of(day: date, by: str) -> str:
    """The period a day falls in, as the date filter writes it (2019-04-06, 2019-04, 2019) or
    as ISO 8601 writes a week (2019-W14)."""
    if by == "day":
        return day.isoformat()
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if by == "year":
        return f"{day.year:04d}"
    raise ValueError(f"{by} is not a period: {', '.join(PERIODS)}")


def _periods(first: date, last: date, by: str) -> list[str]:
    keys: list[str] = []
    day = first
    while day <= last:
        key = period_of(day, by)
        if not keys or keys[-1] != key:
            keys.append(key)
        day = _next(day, by)
    if keys[-1] != period_of(last, by):
        keys.append(period_of(last, by))
    return keys


def _next(day: date, by: str) -> date:
    if by == "day":
        return day + timedelta(days=1)
    if by == "week":
        return day + timedelta(days=7 - day.weekday())
    if by == "month":
        return date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return date(day.year + 1, 1, 1)


def _day(stamp: str | None) -> date | None:
    if not stamp:
        return None
    try:
        return date.fromisoformat(stamp[:10])
    except ValueError:
        return None
