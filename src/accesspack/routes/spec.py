"""The shape of regulator knowledge: ``regulator.yaml`` and route files, as pydantic models.

A regulator folder (``templates/<regulator>/``) holds ``regulator.yaml`` (facts shared by
its routes: language, date format, working-day calendar, contacts, citations, the
questions to ask for each case field) and one YAML file per route, with the DOCX
templates beside them. Adding a country is adding a folder.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from ..languages import check_date_pattern

Who = Literal["physician", "manufacturer", "irb", "institution", "patient", "regulator", "pharmacy",
              "importer"]
Identity = Literal["anonymous", "initials", "initials_and_birth_date", "full"]
#: Who files a route's request with the authority, and what the authority does with it.
Filer = Literal["physician", "pharmacy", "institution", "importer", "sponsor", "patient"]
RegulatorAction = Literal["approval", "notification", "none"]
PageSize = Literal["letter", "a4"]
#: A CLDR (LDML) date pattern that prints a year: ``dd/MM/yyyy``, ``MM/dd/yyyy``,
#: ``dd.MM.yyyy``, ``y年M月d日``; a strftime pattern (``%d/%m/%Y``) is refused.
DatePattern = Annotated[
    str,
    AfterValidator(check_date_pattern),
    Field(description="CLDR (LDML) date pattern, e.g. dd/MM/yyyy or y年M月d日."),
]


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


#: A title in one language, or per language (``{en: Cover letter, fr: Lettre}``) for
#: routes whose language is a build option.
Title = str | dict[str, str]


def title_in(title: Title, language: str) -> str:
    """``title`` in ``language``; else English; else its first variant."""
    if isinstance(title, str):
        return title
    return title.get(language) or title.get("en") or next(iter(title.values()))


#: What must never reach a reader: our research notes (their files, their source keys such
#: as F11 or C1, their confidence tags [C]/[P]/[U]) instead of the official source.
_NOTE_FILE = re.compile(r"\b(?:regulators|jurisdictions-next|peers|anchors|environment|DESIGN)"
                        r"\.md\b|accesspack reference|\bour (?:notes|reference)\b", re.I)
_CONFIDENCE_TAG = re.compile(r"\[(?:[CPU]|[CPU] [A-Z]\d+[^\]]*)\]")
_SOURCE_KEY = re.compile(r"(?<![\w.-])[FECIXT]\d{1,2}(?![\w.])")


#: A year (1800-2099) or a form edition such as 08/22: the citation's text is dated.
_DATED = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)|\(\d{1,2}/\d{2}\)")


def internal_reference(text: str, *, citation: bool = False) -> str | None:
    """What in ``text`` points at our research notes instead of an official source (a
    notes file, a confidence tag such as ``[U]``, and in a ``citation`` a source key such
    as ``F11``), or None."""
    for pattern in (_NOTE_FILE, _CONFIDENCE_TAG, *((_SOURCE_KEY,) if citation else ())):
        found = pattern.search(text)
        if found:
            return str(found.group(0))
    return None


class Citation(Spec):
    """An official source for a requirement, as a reader would look it up.

    ``text`` is what packets, ledgers, preflight reports and errors show: the statute,
    regulation, form (with its edition), guidance (with its date) or official page, never
    a note of ours. ``date`` is the version or date of the source (a guidance's date, a
    form's edition, a law's date of entry into force), where it has one. ``source`` is the
    key of the research note it was checked against (traceability: shown on the route's
    documentation page only). ``verified`` is false when no official text confirmed it.
    """

    text: str
    date: str | None = None
    source: str
    verified: bool

    @property
    def shown(self) -> str:
        """The citation as outputs show it: its text, and its date when the text carries
        none (no year such as "October 2025" or "Décret n° 2021-869", no "08/22" edition)."""
        if self.date and self.date not in self.text and not _DATED.search(self.text):
            return f"{self.text} ({self.date})"
        return self.text


class SizeLimit(Spec):
    """The largest packet file a regulator accepts; ``citation`` says whether it is confirmed."""

    megabytes: float = Field(gt=0)
    citation: str


class PreflightSpec(Spec):
    """What a regulator's packets are checked against before they are sent.

    ``profile`` names the checks (``fda-pdf-specifications``: the FDA's PDF rules, twelve
    checks; ``generic``: packet soundness only, findings naming no authority); ``citation``
    is the official source each preflight ledger row cites (none for ``generic``);
    ``max_packet_size`` the largest file the regulator accepts, when one is known. The
    paper the pages must fit is the route's page size.
    """

    profile: Literal["fda-pdf-specifications", "generic"] = "generic"
    citation: str | None = None
    max_packet_size: SizeLimit | None = None

    @model_validator(mode="after")
    def _generic_cites_nothing(self) -> PreflightSpec:
        if self.profile == "generic" and self.citation is not None:
            raise ValueError("the generic profile is no regulator's rule: it cites nothing")
        return self


class Condition(Spec):
    """A test on the case or the build options. Exactly one form:

    ``{field: request.emergency, equals: true}``, ``{field: x, in: [a, b]}``,
    ``{field: x, contains: v}`` (list field), ``{field: x, present: true}``,
    ``{attachment: irb_approval}`` (the case has an upload of that kind),
    ``{option: cover_letter, equals: "yes"}`` (a build option's value; ``in`` works too),
    ``{all: [...]}``, ``{any: [...]}``, ``{not: {...}}``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    field: str | None = None
    option: str | None = None
    equals: Any = None
    in_: list[Any] | None = Field(default=None, alias="in")
    contains: Any = None
    present: bool | None = None
    attachment: str | None = None
    all: list[Condition] | None = None
    any: list[Condition] | None = None
    not_: Condition | None = Field(default=None, alias="not")

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        combos = [
            self.all is not None,
            self.any is not None,
            self.not_ is not None,
            self.attachment is not None,
        ]
        if self.option is not None:
            if self.field is not None or any(combos) or self.present is not None or (
                    "contains" in self.model_fields_set):
                raise ValueError("an option condition is {option: name, equals: value} or "
                                 "{option: name, in: [values]}")
            if ("equals" in self.model_fields_set) == (self.in_ is not None):
                raise ValueError("an option condition needs exactly one of equals/in")
        elif self.field is not None:
            tests = [
                "equals" in self.model_fields_set,
                self.in_ is not None,
                "contains" in self.model_fields_set,
                self.present is not None,
            ]
            if sum(tests) != 1 or any(combos):
                raise ValueError(
                    "a field condition needs exactly one of equals/in/contains/present"
                )
        elif sum(combos) != 1:
            raise ValueError(
                "a condition is {field: ...}, {option: ...}, {attachment: kind}, "
                "{all: [...]}, {any: [...]} or {not: ...}"
            )
        return self


class FieldRule(Spec):
    """How to ask for a case field: the question, who answers, the citation."""

    question: str
    who: Who = "physician"
    citation: str | None = None
    blocking: bool = True


class Need(Spec):
    """A case field a part needs (optional in the model, required by the route)."""

    field: str
    when: Condition | None = None
    blocking: bool | None = None
    question: str | None = None
    who: Who | None = None
    citation: str | None = None


class PatientCopy(Spec):
    """A document the patient reads (a consent document): it is wanted in the patient's
    language (``patient.language``). Where that is not the packet's, the ledger asks for
    it until the case has an upload of one of ``kinds`` in the patient's language, or a
    translation into it of such an upload; ``citation`` is the rule that asks for it."""

    kinds: list[str] = Field(min_length=1, description="Attachment kinds that stand for it.")
    note: str | None = Field(default=None, description="Said after the ledger's request, e.g. "
                             "what the rules accept instead of a translation.")
    citation: str | None = None


class Part(Spec):
    """One part of a packet: a generated document, a portal worksheet, the TOC, or an
    attachment slot."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: Title
    template: str | None = Field(default=None, description="DOCX file; may use {option}.")
    toc: bool = False
    attachments: list[str] | None = Field(default=None, description="Attachment kinds.")
    min: int = Field(default=0, ge=0, description="Attachments required in this slot.")
    missing_status: Literal["missing", "awaiting"] = "missing"
    who: Who = "physician"
    question: str | None = None
    blocking: bool = True
    when: Condition | None = None
    needs: list[str | Need] = Field(default_factory=list)
    citation: str | None = None
    order: Literal["case", "date"] = Field(
        default="case", description="Attachments in the case's order or by their date."
    )
    patient_copy: PatientCopy | None = Field(
        default=None, description="The patient reads it: wanted in the patient's language."
    )
    worksheet: str | None = Field(
        default=None, description="A portal worksheet file beside the route (what to enter "
        "in each field of an online form, in the portal's order): see "
        ":mod:`accesspack.routes.worksheet`.")

    @model_validator(mode="after")
    def _one_kind(self) -> Part:
        kinds = [self.template is not None, self.toc, self.attachments is not None,
                 self.worksheet is not None]
        if sum(kinds) != 1:
            raise ValueError(f"part {self.id}: give exactly one of template, worksheet, toc, "
                             "attachments")
        return self

    def title_in(self, language: str) -> str:
        return title_in(self.title, language)

    @property
    def kind(self) -> Literal["document", "worksheet", "toc", "attachments"]:
        if self.template is not None:
            return "document"
        if self.worksheet is not None:
            return "worksheet"
        return "toc" if self.toc else "attachments"


class Packet(Spec):
    """One audience's PDF: its parts in order."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: Title
    audience: str
    parts: list[Part]
    when: Condition | None = None
    patient_identity: Identity | None = Field(
        default=None,
        description="How this packet's templates may name the patient, where it differs "
        "from the route's policy (e.g. an application the insured patient signs).",
    )

    def title_in(self, language: str) -> str:
        return title_in(self.title, language)


class Rule(Spec):
    """An eligibility or applicability rule checked against the case.

    A rule with ``blocking: false`` is advice, not law (a practice the official text does
    not state): when it fails, the ledger and ``accesspack routes`` say so, and the case
    still qualifies.
    """

    id: str
    when: Condition
    message: str = Field(description="What is wrong when the rule is not met.")
    instead: str | None = Field(
        default=None,
        description="What to do instead when the rule is not met: another route (by id), "
        "or the step that makes the case fit. The pathway finder shows it after the refusal.",
    )
    question: str | None = None
    who: Who = "physician"
    citation: str | None = None
    blocking: bool = True


class Deadline(Spec):
    """A clock: ``days`` after the date in ``trigger`` (calendar or working days)."""

    id: str
    title: str
    trigger: str = Field(description="Case field holding the trigger date.")
    days: int = Field(default=0, ge=0)
    months: int = Field(default=0, ge=0, description="Calendar months, added before days.")
    calendar: Literal["calendar", "working"] = "calendar"
    anniversary: bool = Field(default=False, description="Count from the trigger's anniversary.")
    who: Who = "physician"
    when: Condition | None = None
    citation: str | None = None


class Action(Spec):
    """Something a person must do that no case field can record (sign, obtain consent)."""

    id: str
    title: str
    who: Who
    question: str
    when: Condition | None = None
    done_when: Condition | None = Field(
        default=None, description="When the case shows it done (else it stays awaiting)."
    )
    citation: str | None = None


class Notice(Spec):
    """Something the user must know about the route (e.g. nothing is filed anywhere), or,
    with ``when``, about this case on it (e.g. why a packet is not built)."""

    id: str
    text: str
    when: Condition | None = None
    citation: str | None = None


class Option(Spec):
    """A build option with a fixed set of values (e.g. the form edition)."""

    choices: list[str]
    default: str
    help: str = ""

    @model_validator(mode="after")
    def _default_is_a_choice(self) -> Option:
        if self.default not in self.choices:
            raise ValueError(f"default {self.default!r} is not one of {self.choices}")
        return self


class Fact(Spec):
    """A regulatory fact the route relies on, with its confidence.

    ``status`` is the research note's confidence (C confirmed, P partly, U unconfirmed);
    ``citation`` names the official source a reader checks it against (a key of the
    route's or regulator's citations), ``source`` the research note (docs only).
    """

    text: str
    status: Literal["C", "P", "U"]
    source: str
    citation: str | None = None


Status = Literal["C", "P", "U"]


class FormEdition(Spec):
    """One edition of an official form: how it is named (``FORM FDA 3926 (08/22)``), and
    the confidence of its text (C confirmed, P partly, U unconfirmed) with the research
    note (``source``, docs only) and the official source (``citation``) to check it in."""

    label: str
    status: Status
    source: str
    citation: str | None = None


class FormItem(Spec):
    """One item (or blank) of the form: its label, its number in each edition."""

    label: str
    numbers: dict[str, str] = Field(description="The item's number in each edition.")
    status: Status
    source: str
    citation: str | None = None


class FormOption(Spec):
    """A box of a multiple-choice item (Form FDA 3926 item 4's follow-up kinds)."""

    label: str
    status: Status
    source: str
    citation: str | None = None


class FormMap(Spec):
    """A form item map beside the route (``form:`` in the route file), e.g.
    ``form-fda-3926.yaml``: the form, its editions and its items per edition."""

    form: str = Field(description="The form's name, e.g. FORM FDA 3926.")
    title: str
    omb: str = Field(default="", description="Its OMB control number, where it has one.")
    default_edition: str
    editions: dict[str, FormEdition]
    items: dict[str, FormItem]
    follow_up_options: dict[str, FormOption] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _numbered_in_every_edition(self) -> FormMap:
        problems = [] if self.default_edition in self.editions else [
            f"default_edition {self.default_edition!r} is not one of its editions"]
        problems += [f"item {key} has no number for edition {edition!r}"
                     for key, item in self.items.items() for edition in self.editions
                     if edition not in item.numbers]
        if problems:
            raise ValueError("; ".join(problems))
        return self


class RouteSpec(Spec):
    """A route: one legal pathway, its packets, rules, deadlines and facts."""

    id: str = Field(pattern=r"^[a-z0-9-]+/[a-z0-9-]+$")
    title: str
    summary: str
    country: str | None = Field(default=None, description="ISO country code, if national.")
    language: str | None = Field(default=None, description="Overrides the regulator's.")
    date_format: DatePattern | None = None
    page_size: PageSize | None = None
    working_days: str | None = None
    patient_identity: Identity | None = None
    filer: Filer | None = Field(
        default=None, description="Who files with the authority: the treating physician, "
        "the hospital pharmacy, the institution, a licensed importer, the sponsor or the "
        "patient.")
    regulator_action: RegulatorAction | None = Field(
        default=None, description="What the authority does: approves before supply, is "
        "notified (and may object), or takes no part (the route addresses others).")
    citation: str
    citations: dict[str, Citation] = Field(default_factory=dict, description="Route-local.")
    fields: dict[str, FieldRule] = Field(default_factory=dict, description="Route-local.")
    notices: list[Notice] = Field(default_factory=list)
    applies_when: list[Rule] = Field(default_factory=list)
    eligibility: list[Rule] = Field(default_factory=list)
    options: dict[str, Option] = Field(default_factory=dict)
    form: str | None = Field(default=None, description="Form item map (YAML) beside the route.")
    packets: list[Packet]
    deadlines: list[Deadline] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)


class Contact(Spec):
    model_config = ConfigDict(extra="allow", frozen=True)

    name: str
    verified: bool
    source: str


def reader_texts(spec: RouteSpec) -> Iterator[tuple[str, str]]:
    """``(where, text)`` for every text of a route file a reader sees: titles, audiences,
    messages, questions, notices, actions, deadlines and facts (citations apart)."""
    yield "title", spec.title
    yield "summary", spec.summary
    for rule in spec.applies_when + spec.eligibility:
        yield f"rule {rule.id}", rule.message
        if rule.question:
            yield f"rule {rule.id}", rule.question
    for name, field_rule in spec.fields.items():
        yield f"field {name}", field_rule.question
    for notice in spec.notices:
        yield f"notice {notice.id}", notice.text
    for packet in spec.packets:
        yield f"packet {packet.id}", packet.audience
        for title in _titles(packet.title):
            yield f"packet {packet.id}", title
        for part in packet.parts:
            yield from ((f"part {part.id}", t) for t in _titles(part.title))
            if part.question:
                yield f"part {part.id}", part.question
            for need in part.needs:
                if isinstance(need, Need) and need.question:
                    yield f"part {part.id}", need.question
    for dl in spec.deadlines:
        yield f"deadline {dl.id}", dl.title
    for act in spec.actions:
        yield f"action {act.id}", act.title
        yield f"action {act.id}", act.question
    for i, fact in enumerate(spec.facts, start=1):
        yield f"fact {i}", fact.text


def _titles(title: Title) -> list[str]:
    return [title] if isinstance(title, str) else list(title.values())


class RegulatorSpec(Spec):
    """``regulator.yaml``: what every route of one regulator shares."""

    id: str
    name: str
    country: str
    language: str
    date_format: DatePattern
    page_size: PageSize
    working_days: str = Field(description="Country code of the working-day calendar.")
    patient_identity: Identity
    embedded_fonts: str | None = Field(
        default=None, description="Citation key when the regulator requires embedded fonts."
    )
    translations: str | None = Field(
        default=None,
        description="Citation key when uploads in another language need a translation into "
        "the route's language (each untranslated one becomes a ledger row).",
    )
    preflight: PreflightSpec = Field(
        default_factory=PreflightSpec,
        description="The preflight profile packets are checked against (default generic).",
    )
    contacts: dict[str, Contact] = Field(default_factory=dict)
    citations: dict[str, Citation] = Field(default_factory=dict)
    fields: dict[str, FieldRule] = Field(default_factory=dict)
