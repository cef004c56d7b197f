"""Articles and stories per period: a day, week, month or year, chosen from the span of the
dates unless asked for. Counted in bulk (NumPy), as a 100,000-article index needs."""

from __future__ import annotations

from datetime import date

import numpy as np

from index.records import TIMELINE_PERIODS as PERIODS
from index.records import Timeline, TimelineBucket

DAILY_UP_TO = 31  # days of span shown day by day: one month of news
MONTHLY_UP_TO = 48  # months of span shown month by month; years beyond
UNDATED = 0  # the day (a proleptic Gregorian ordinal) of an article without a date


def timeline(query: str, days: np.ndarray, stories: np.ndarray, by: str | None = None) -> Timeline:
    """`days`: each matching article's day as a date ordinal (UNDATED for none); `stories`: its
    story's number (copies of one story share it), so that copies count once. Every period from
    the first to the last is there, empty ones included, as a histogram needs them."""
    if by is not None and by not in PERIODS:
        raise ValueError(f"{by} is not a period: {', '.join(PERIODS)}")
    dated = days != UNDATED
    undated = None
    if not dated.all():
        undated = TimelineBucket("undated", int((~dated).sum()), len(np.unique(stories[~dated])))
    days, stories = days[dated], stories[dated]
    if not len(days):
        return Timeline(query, by or "month", [], undated)
    first, last = date.fromordinal(int(days.min())), date.fromordinal(int(days.max()))
    chosen = by or period_for(first, last)
    keys = _periods(first, last, chosen)
    place = {key: n for n, key in enumerate(keys)}
    # Each distinct day once through Python (a few thousand at most), then every article in bulk.
    unique_days, day_of = np.unique(days, return_inverse=True)
    bucket_of_day = np.array([place[period_of(date.fromordinal(int(d)), chosen)] for d in unique_days])
    bucket = bucket_of_day[day_of]
    articles = np.bincount(bucket, minlength=len(keys))
    pairs = np.unique(bucket.astype(np.int64) * (int(stories.max()) + 1) + stories)
    story_counts = np.bincount(pairs // (int(stories.max()) + 1), minlength=len(keys))
    buckets = [TimelineBucket(key, int(articles[n]), int(story_counts[n])) for n, key in enumerate(keys)]
    return Timeline(query, chosen, buckets, undated)


def period_for(first: date, last: date) -> str:
    """Days within a month, months within four years, years beyond (weeks only when asked)."""
    if (last - first).days < DAILY_UP_TO:
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
    """Every period from the one `first` falls in to the one `last` falls in."""
    start = {"day": first.toordinal(), "week": first.toordinal() - first.weekday()}.get(by)
    if start is not None:
        step = 1 if by == "day" else 7
        return [period_of(date.fromordinal(n), by) for n in range(start, last.toordinal() + 1, step)]
    if by == "month":
        months = range(first.year * 12 + first.month - 1, last.year * 12 + last.month)
        return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in months]
    return [f"{year:04d}" for year in range(first.year, last.year + 1)]
