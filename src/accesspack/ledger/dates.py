"""Date arithmetic for deadlines: working days (the ``holidays`` library's calendar of a
country), calendar months, anniversaries."""

from __future__ import annotations

import calendar
import functools
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from holidays import HolidayBase


@functools.cache
def _calendar(country: str) -> HolidayBase:
    """The public holidays of ``country`` (years filled in as they are asked for): a
    country code (``US``), or a country code and one of its subdivisions joined by a hyphen
    (``GB-ENG``: England and Wales's bank holidays; the ``holidays`` library's subdivision
    code, as in ISO 3166-2)."""
    import holidays  # imported late: it loads every country's module

    code, _, subdiv = country.partition("-")
    return holidays.country_holidays(code, subdiv=subdiv or None)


def add_working_days(start: date, days: int, country: str) -> date:
    """``start`` plus ``days`` working days in ``country`` (``US``, or with a subdivision,
    ``GB-ENG``): the ``holidays`` library's
    arithmetic, which skips the country's weekend and public holidays and counts its
    make-up working days (a Chinese Saturday worked in exchange for a holiday). ``days``
    of 0 or less gives ``start``."""
    if days <= 0:
        return start
    return _calendar(country).get_nth_working_day(start, days)


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


