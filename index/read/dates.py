"""Recognise the date forms news pages print, and turn them into ISO dates.

A *dateline* is a line that is nothing but a date (and maybe a time); it marks the
article header. `find_date` looks for a date inside longer text ("First published on ...").
"""

from __future__ import annotations

import re
from datetime import date, datetime

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_TIME = (
    r"(?:\s*(?:/|,|at|-|\u2014|\u2013)?\s*"
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?"
    r"(?:\s*(?:[A-Z]{2,4}|UTC[+-]?\d*|GMT[+-]?\d*))?)?"
)
_PATTERNS = [
    # May 13, 2019 / April 4, 2019 / 9:10 AM / Apr 6 2019
    _WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})" + _TIME,
    # Friday, 05 April 2019 08:31 / 05 April 19
    _WEEKDAY + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4}|\d{2})" + _TIME,
    # 2019-04-05, 2019-04-05T09:22, 2019/04/05 09:22
    r"(?P<year>\d{4})[-/](?P<nmonth>\d{1,2})[-/](?P<day>\d{1,2})T?" + _TIME,
]
_DATELINE = [re.compile(r"^\s*" + p + r"\s*$", re.IGNORECASE) for p in _PATTERNS]
_ANYWHERE = [re.compile(r"(?<!\w)" + p + r"(?!\w)", re.IGNORECASE) for p in _PATTERNS]


def _build(match: re.Match[str]) -> datetime | None:
    groups = match.groupdict()
    year = int(groups["year"])
    if year < 100:
        year += 2000 if year < 70 else 1900
    month = int(groups["nmonth"]) if groups.get("nmonth") else _MONTHS[groups["month"].lower().rstrip(".")]
    hour = int(groups.get("hour") or 0)
    minute = int(groups.get("minute") or 0)
    second = int(groups.get("second") or 0)
    ampm = (groups.get("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    try:
        return datetime(year, month, int(groups["day"]), hour, minute, second)
    except ValueError:
        return None


def parse_dateline(line: str) -> date | None:
    """The date a line states when the line is nothing but a date (and time)."""
    stamp = parse_datetime_line(line)
    return stamp.date() if stamp else None


def parse_datetime_line(line: str) -> datetime | None:
    for pattern in _DATELINE:
        match = pattern.match(line)
        if match:
            return _build(match)
    return None


def find_date(text: str) -> date | None:
    """The first date written anywhere in `text`."""
    found: list[tuple[int, datetime]] = []
    for pattern in _ANYWHERE:
        for match in pattern.finditer(text):
            stamp = _build(match)
            if stamp:
                found.append((match.start(), stamp))
                break
    return min(found)[1].date() if found else None


def parse_iso(value: object) -> date | None:
    """A date from front matter: a date object, or text in any recognised form."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if value is None:
        return None
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text).date()  # 2019-05-13T09:10:00Z, +03:00 ...
    except ValueError:
        return parse_dateline(text)


_URL_DATE = re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<nmonth>\d{1,2})/(?P<day>\d{1,2})(?:/|$)")


def iso_day(value: object) -> str | None:
    """YYYY-MM-DD of a stored date-time, or None."""
    return value.date().isoformat() if isinstance(value, datetime) else None


def date_from_url(url: str) -> date | None:
    """News URLs often carry the publication date: /2019/05/13/slug."""
    match = _URL_DATE.search(url)
    stamp = _build(match) if match else None
    return stamp.date() if stamp else None
