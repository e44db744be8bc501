"""Date arithmetic for deadlines: working days (weekends and public holidays skipped),
calendar months, anniversaries."""

from __future__ import annotations

import calendar
import functools
from datetime import date, timedelta


@functools.cache
def _holidays(country: str, year: int) -> frozenset[date]:
    import holidays

    return frozenset(holidays.country_holidays(country, years=year).keys())


def add_working_days(start: date, days: int, country: str) -> date:
    """``start`` plus ``days`` working days (weekends and public holidays skipped)."""
    day = start
    left = days
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in _holidays(country, day.year):
            left -= 1
    return day


def add_months(start: date, months: int) -> date:
    """``start`` plus whole calendar months (31 January + 1 month = 28/29 February)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


def _anniversary_on_or_before(start: date, today: date) -> date:
    year = today.year
    while True:
        try:
            candidate = start.replace(year=year)
        except ValueError:  # 29 February
            candidate = date(year, 2, 28)
        if candidate <= today or year <= start.year:
            return candidate
        year -= 1


