"""Dates of history that may be known to the month only (``2025-01``).

A prior line of treatment started "in January 2025", a diagnosis made "in March 2019":
the records often give no day, and inventing the 1st of the month would put a false date
in a document a physician signs. :data:`HistoryDate` takes a full date (``2025-01-15``,
or a YAML/JSON date) or a month (``2025-01``, a :class:`Month`); nothing else.

A month compares with a full date at month precision: January 2025 is neither before nor
after 15 January 2025, so ``ended_on: 2025-01`` after ``started_on: 2025-01-15`` is
accepted; it is before 1 February 2025 and after 31 December 2024. A month is never a
:class:`datetime.date`, so a deadline (which needs a day) is never armed from one.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

__all__ = ["HistoryDate", "Month", "history_key", "parse_history_date"]

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Month:
    """A calendar month without a day: ``Month(2025, 1)``, written ``2025-01``."""

    __slots__ = ("month", "year")

    def __init__(self, year: int, month: int) -> None:
        if not 1 <= month <= 12:
            raise ValueError(f"month {month} is not 1 to 12")
        if not 1 <= year <= 9999:
            raise ValueError(f"year {year} is not 1 to 9999")
        self.year = year
        self.month = month

    @classmethod
    def fromisoformat(cls, text: str) -> Month:
        """``Month.fromisoformat("2025-01")``."""
        found = _MONTH.match(text)
        if not found:
            raise ValueError("a month is written YYYY-MM, e.g. 2025-01")
        return cls(int(found.group(1)), int(found.group(2)))

    def isoformat(self) -> str:
        """``2025-01``."""
        return f"{self.year:04d}-{self.month:02d}"

    def __str__(self) -> str:
        return self.isoformat()

    def __repr__(self) -> str:
        return f"Month({self.year}, {self.month})"

    def __hash__(self) -> int:
        return hash((Month, self.year, self.month))

    @staticmethod
    def _key(other: object) -> tuple[int, int] | None:
        if isinstance(other, Month):
            return (other.year, other.month)
        if isinstance(other, date):  # datetime too: its month
            return (other.year, other.month)
        return None

    def __eq__(self, other: object) -> bool:
        # equal to another month only: a month is not the same as a day in it
        if isinstance(other, Month):
            return (self.year, self.month) == (other.year, other.month)
        return NotImplemented

    def __lt__(self, other: object) -> bool:
        key = self._key(other)
        if key is None:
            return NotImplemented
        return (self.year, self.month) < key

    def __gt__(self, other: object) -> bool:
        key = self._key(other)
        if key is None:
            return NotImplemented
        return (self.year, self.month) > key

    def __le__(self, other: object) -> bool:
        key = self._key(other)
        if key is None:
            return NotImplemented
        return (self.year, self.month) <= key

    def __ge__(self, other: object) -> bool:
        key = self._key(other)
        if key is None:
            return NotImplemented
        return (self.year, self.month) >= key


_WHAT = ("a date is written YYYY-MM-DD (e.g. 2025-01-15), or YYYY-MM (e.g. 2025-01) when only "
         "the month is known")


def parse_history_date(value: Any) -> date | Month:
    """A full date or a :class:`Month` from a date, ``"2025-01-15"`` or ``"2025-01"``."""
    if isinstance(value, Month):
        return value
    if isinstance(value, datetime):
        if value.time() != datetime.min.time() or value.tzinfo is not None:
            raise ValueError(f"has a time of day; {_WHAT}")
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if _MONTH.match(text):
                return Month.fromisoformat(text)
            if _DAY.match(text):
                return date.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(f"is not a real date or month ({exc}); {_WHAT}") from None
    raise ValueError(f"is not a date; {_WHAT}")


def history_key(value: date | Month) -> tuple[int, int, int]:
    """A sort key: a month sorts before the days in it."""
    if isinstance(value, Month):
        return (value.year, value.month, 0)
    return (value.year, value.month, value.day)


class _HistoryDateType:
    """The pydantic schema of :data:`HistoryDate`."""

    def __get_pydantic_core_schema__(self, source: Any,
                                     handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            parse_history_date,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda v: v.isoformat(), when_used="json-unless-none"),
        )

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"},
            ],
            "description": "A date (YYYY-MM-DD), or the month only (YYYY-MM) when the day is "
                           "not known; a month is printed without a day, never as the 1st.",
        }


#: A date of history: a full date, or the month only (:class:`Month`) when no day is known.
HistoryDate = Annotated[date | Month, _HistoryDateType()]
