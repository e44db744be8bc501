"""The bundle's resources and the references between them, and the small readers the
mapping shares (dates, codes, profiles). Reading the file or folder is in ``_load``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.resource import Resource

from ..model.dates import Month

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
ICD10 = ("http://hl7.org/fhir/sid/icd-10-cm", "http://hl7.org/fhir/sid/icd-10")
MCODE = "http://hl7.org/fhir/us/mcode/StructureDefinition/"

R = TypeVar("R", bound=Resource)


@dataclass(frozen=True)
class Entry:
    """One resource of the bundle, with its place in it."""

    index: int
    full_url: str | None
    resource: Resource

    @property
    def ref(self) -> str:
        """``Type/id`` (or the fullUrl, or ``entry[i] Type`` when it has no id)."""
        kind = self.resource.get_resource_type()
        if self.resource.id:
            return f"{kind}/{self.resource.id}"
        return self.full_url or f"entry[{self.index}] {kind}"


class Index:
    """The bundle's resources, found by ``urn:uuid:`` fullUrl or by ``Type/id``."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self._by: dict[str, Entry] = {}
        for e in entries:
            if e.full_url:
                self._by[e.full_url] = e
            if e.resource.id:
                self._by[f"{e.resource.get_resource_type()}/{e.resource.id}"] = e

    def of_type(self, cls: type[R]) -> Iterator[tuple[Entry, R]]:
        """Every entry whose resource is a ``cls``, in bundle order."""
        for e in self.entries:
            if isinstance(e.resource, cls):
                yield e, e.resource

    def resolve(self, reference: str | None) -> Entry | None:
        """The entry a reference names (``urn:uuid:...``, ``Type/id`` or an absolute URL)."""
        if not reference:
            return None
        found = self._by.get(reference)
        if found is None and "/" in reference:  # http://server/fhir/Patient/1 -> Patient/1
            parts = reference.rstrip("/").split("/")
            if "_history" in parts:
                parts = parts[: parts.index("_history")]
            found = self._by.get("/".join(parts[-2:]))
        return found

    def get(self, reference: str | None, cls: type[R]) -> tuple[Entry, R] | None:
        """The resolved entry and its resource when it is a ``cls``."""
        e = self.resolve(reference)
        if e is not None and isinstance(e.resource, cls):
            return e, e.resource
        return None


# -- small readers -----------------------------------------------------------------------


def day(value: object) -> date | None:
    """The calendar day of a FHIR date/dateTime/instant; None for a partial date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", value):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def history_day(value: object) -> date | Month | None:
    """A date of history from a FHIR date/dateTime: the day, or the month when FHIR gives
    only ``YYYY-MM`` (never the 1st of that month); None for a year only or nothing."""
    full = day(value)
    if full is not None:
        return full
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        try:
            return Month.fromisoformat(value)
        except ValueError:
            return None
    return None


def as_data(value: date | Month) -> date | str:
    """A history date as case data: a date stays a date, a month is written ``2025-01``."""
    return value.isoformat() if isinstance(value, Month) else value


def text_of(cc: CodeableConcept | None) -> str | None:
    """The concept's text, else its first coding's display, else its first code."""
    if cc is None:
        return None
    if cc.text and cc.text.strip():
        return cc.text.strip()
    for c in cc.coding or []:
        if c.display and c.display.strip():
            return c.display.strip()
    for c in cc.coding or []:
        if c.code:
            return c.code
    return None


def codes(cc: CodeableConcept | None, *systems: str) -> list[str]:
    """The concept's codes in ``systems`` (every system when none is given)."""
    if cc is None:
        return []
    return [c.code for c in cc.coding or []
            if c.code and (not systems or (c.system or "") in systems)]


def profiles(resource: Resource) -> list[str]:
    """``meta.profile`` of the resource, without versions (``|4.0.0``)."""
    meta = resource.meta
    return [str(p).split("|")[0] for p in (meta.profile if meta and meta.profile else []) if p]


def has_profile(resource: Resource, *names: str) -> bool:
    """True when the resource claims one of the mCODE profiles ``names`` (``mcode-...``)."""
    return any(p.removeprefix(MCODE) in names for p in profiles(resource))
