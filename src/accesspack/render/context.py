"""What a template sees: the case as plain values in the packet's language.

Templates get a read-only view of the case, never the pydantic objects:

- every section is a :class:`Namespace` (a dict whose keys are the model's fields, so
  ``case.physician.fax`` works and a misspelt field is an error naming the field);
- free text (:class:`~accesspack.model.LocalizedText`) is resolved to the packet's
  language; a missing variant is recorded as a :class:`MissingText` (the ledger reports
  it) and the case-language text is shown behind a visible marker;
- fields the route withholds (the patient's full name, date of birth and address where a
  route wants initials only) are absent, and naming them is an error;
- derived values that are not regulatory logic: ``case.patient.age``;
- line breaks are line feeds: a carriage return (``\\r\\n`` or ``\\r`` from a Windows
  editor or a JSON form) becomes ``\\n``, which the document shows as a line break (a tab
  becomes a Word tab); a raw CR inside a Word text element would not survive XML parsing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..languages import format_date
from ..model import ATTACHMENT_KINDS, Attachment, Case, LocalizedText
from ..vocabulary import label

#: The fields each identity policy withholds from templates, per case section: the
#: patient's name, birth date and address, and the insurance member number; ``anonymous``
#: (free text that must carry no patient-identifiable data, such as NHS England's individual
#: funding request) also the initials and the medical record number: age and sex remain.
WITHHELD: dict[str, dict[str, tuple[str, ...]]] = {
    "anonymous": {"case.patient": ("initials", "full_name", "date_of_birth", "address",
                                   "medical_record_number"),
                  "case.insurance": ("member_number",)},
    "initials": {"case.patient": ("full_name", "date_of_birth", "address"),
                 "case.insurance": ("member_number",)},
    "initials_and_birth_date": {"case.patient": ("full_name", "address"),
                                "case.insurance": ("member_number",)},
    "full": {},
}
IDENTIFYING_FIELDS = WITHHELD["initials"]["case.patient"]
#: What a template prints instead of a withheld patient field, per identity policy.
PRINT_INSTEAD: dict[str, str] = {
    "anonymous": "print no patient identifier (case.patient.age and case.patient.sex only)",
}
DEFAULT_INSTEAD = "print case.patient.initials instead"
#: The patient field templates get that the case model does not have (derived, an int).
PATIENT_AGE = "age"
#: Attachment fields templates never see, and why (said by ``accesspack templates check``).
ATTACHMENT_HIDDEN: dict[str, str] = {
    "path": "attachments are listed without their file path (file names may identify "
            "the patient); print the attachment's title",
    "password": "an attachment's password is never shown to templates",
    "titles": "print the attachment's title: it is already in the packet's language",
}


class Namespace(dict[str, Any]):
    """A section of the context: a dict that remembers its path for error messages.

    Its own attributes start with an underscore: Jinja reads an attribute before a key
    and the sandbox refuses underscored names, so ``{{ att.path }}`` is the key ``path``
    (absent: an error naming the field), never this object's bookkeeping.
    """

    def __init__(
        self, path: str, values: Mapping[str, Any], withheld: frozenset[str] = frozenset()
    ) -> None:
        super().__init__(values)
        self._field_path = path
        self._withheld = withheld


def line_feeds(text: str) -> str:
    """``text`` with every CRLF or lone CR made a line feed."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


@dataclass(frozen=True)
class MissingText:
    """A free-text field the case has, but not in the language a packet needs."""

    field: str
    language: str


class _Walker:
    def __init__(self, case: Case, lang: str, withheld: dict[str, frozenset[str]]) -> None:
        self.case = case
        self.lang = lang
        self.withheld = withheld
        self.missing: list[MissingText] = []

    def text(self, value: LocalizedText, path: str) -> str:
        found = value.variant(self.lang, self.case.language)
        if found is not None:
            return line_feeds(found)
        self.missing.append(MissingText(path, self.lang))
        fallback = line_feeds(value.any_text(self.case.language))
        source = value.languages(self.case.language)[0]
        return f"[{source.upper()} — translation missing] {fallback}"

    def value(self, value: Any, path: str) -> Any:
        if isinstance(value, LocalizedText):
            return self.text(value, path)
        if isinstance(value, BaseModel):
            hidden = self.withheld.get(path, frozenset())
            fields = {
                name: self.value(getattr(value, name), f"{path}.{name}")
                for name in type(value).model_fields
                if name not in hidden
            }
            return Namespace(path, fields, hidden)
        if isinstance(value, list):
            return [self.value(v, f"{path}[{i}]") for i, v in enumerate(value)]
        if isinstance(value, Path):
            return value.name
        if isinstance(value, str):
            return line_feeds(value)
        return value


def attachment_title(
    att: Attachment, lang: str, case: Case, date_format: str | None = None
) -> str:
    """An attachment's title in a packet written in ``lang``.

    Its ``title`` when the packet is in the case's language, else its title in ``lang``
    (``titles``), else the kind of document in ``lang``, followed by the document's date
    when ``date_format`` is given ("Compte rendu anatomopathologique, 15/03/2024", as the
    table of contents lists it; templates print the date themselves): a French packet
    never lists an English title.
    """
    base = lang.split("-")[0]
    if base == case.language.split("-")[0]:
        return att.title
    for code, title in att.titles.items():
        if code.split("-")[0] == base:
            return title
    kind = label(att.kind, "attachment", lang)
    if att.dated and date_format:
        return f"{kind}, {format_date(att.dated, date_format, lang)}"
    return kind


def case_context(
    case: Case, lang: str, identity: str = "full"
) -> tuple[Namespace, list[MissingText]]:
    """The case as template values in ``lang``.

    ``identity`` is the packet's patient identity policy: ``"full"`` shows every patient
    field, ``"initials"`` withholds the full name, date of birth and address,
    ``"initials_and_birth_date"`` withholds the full name and address, and ``"anonymous"``
    withholds the initials and medical record number too; all but ``"full"`` withhold the
    insurance member number. Attachments carry their title in ``lang``
    (:func:`attachment_title`).
    """
    withheld = {path: frozenset(names) for path, names in WITHHELD[identity].items()}
    walker = _Walker(case, lang, withheld)
    ns = walker.value(case, "case")
    assert isinstance(ns, Namespace)
    patient = ns["patient"]
    patient[PATIENT_AGE] = case.patient.age_on(case.prepared_on)
    # attachments are listed without their file paths (names may identify the patient)
    # and without their passwords, with their title in the packet's language
    for att, model in zip(ns["attachments"], case.attachments, strict=True):
        for key in ATTACHMENT_HIDDEN:
            att.pop(key, None)
        att["title"] = attachment_title(model, lang, case)
    return ns, walker.missing


def attachments_by_kind(case_ns: Namespace) -> Namespace:
    """``attachments.<kind>`` -> list of the case's attachments of that kind (maybe empty)."""
    grouped: dict[str, list[Any]] = {kind: [] for kind in ATTACHMENT_KINDS}
    for att in case_ns["attachments"]:
        grouped[att["kind"]].append(att)
    return Namespace("attachments", grouped)


def today(case: Case) -> date:
    """The date of the packet: the case's ``prepared_on`` (never the clock)."""
    return case.prepared_on
