"""The case data being built, with a row per value saying which resource it came from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._read import Entry

#: Case fields that identify the patient: reports show that they were filled, not their value.
IDENTITY = ("patient.full_name", "patient.date_of_birth", "patient.address")
_UPLOAD_PATH = re.compile(r"^attachments\[\d+\]\.path$")


@dataclass(frozen=True)
class Source:
    """One imported value: the case field, the FHIR resource and element it came from.

    ``value`` is the value as text for the report (``(withheld)`` for the patient's name,
    birth date and address).
    """

    field: str
    resource: str
    element: str
    value: str


@dataclass(frozen=True)
class Missing:
    """Something the case still needs: ``kind`` is ``required`` (nothing gave a required
    field), ``invalid`` (a value the case model refuses) or ``gap`` (a blocking row of the
    route's ledger; ``field`` is then the ledger row id)."""

    field: str
    kind: str
    problem: str


@dataclass(frozen=True)
class Skipped:
    """A resource (or an element of the Bundle itself) the import did not read because it is
    invalid: ``resource`` is ``Type/id`` (``Type`` when the id is missing or invalid),
    ``entry`` its place (``entry[3]``; a folder's files are numbered in name order), ``element``
    the element at fault and ``problem`` why (the validation message, never a value)."""

    resource: str
    entry: str
    element: str
    problem: str

    @property
    def text(self) -> str:
        """One line for a message: ``entry[3] (Observation/x), valueQuantity: why``."""
        if not self.element:
            return f"{self.entry} {self.problem}"
        if self.resource == "Bundle":
            return f"Bundle.{self.element}: {self.problem}"
        return f"{self.entry} ({self.resource}), {self.element}: {self.problem}"


def shown(field: str, value: Any) -> str:
    """``value`` as report text; identity fields and upload file paths (a file name may
    carry the patient's name) are withheld."""
    if any(field == f or field.startswith(f + ".") for f in IDENTITY) or _UPLOAD_PATH.match(
            field):
        return "(withheld)"
    if isinstance(value, dict):
        text = ", ".join(f"{k}: {shown(field, v)}" for k, v in value.items())
    elif isinstance(value, list):
        text = ", ".join(str(v) for v in value)
    elif isinstance(value, float | Decimal):
        text = f"{value:g}"
    else:
        text = str(value)
    return text if len(text) <= 120 else text[:117] + "..."


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


class Out:
    """The FHIR-derived case data, its source rows and the warnings."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.sources: list[Source] = []
        self.warnings: list[str] = []

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def cite(self, field: str, entry: Entry, element: str, value: Any) -> None:
        self.sources.append(Source(field, entry.ref, element, shown(field, value)))

    def set(self, field: str, value: Any, entry: Entry, element: str) -> None:
        """Set the dotted ``field`` (``diagnosis.stage.t``) and record where it came from."""
        if _empty(value):
            return
        *parents, last = field.split(".")
        node = self.data
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
        self.cite(field, entry, element, value)

    def add(self, field: str, item: Any, entry: Entry, elements: dict[str, str]) -> int | None:
        """Append ``item`` to the list ``field``; ``elements`` maps item keys to FHIR elements.

        Returns the item's index; an empty ``item`` (None, ``""``, ``[]``) is not added, as
        by :meth:`set`, and gives None: the caller says what was not imported.
        """
        if _empty(item):
            return None
        *parents, last = field.split(".")
        node = self.data
        for part in parents:
            node = node.setdefault(part, {})
        items = node.setdefault(last, [])
        items.append(item)
        i = len(items) - 1
        if isinstance(item, dict):
            for key, element in elements.items():
                if not _empty(item.get(key)):
                    self.cite(f"{field}[{i}].{key}", entry, element, item[key])
        else:
            self.cite(f"{field}[{i}]", entry, elements.get("", "(resource)"), item)
        return i
