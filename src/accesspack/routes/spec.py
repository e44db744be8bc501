"""The shape of regulator knowledge: ``regulator.yaml`` and route files, as pydantic models.

A regulator folder (``templates/<regulator>/``) holds ``regulator.yaml`` (facts shared by
its routes: language, date format, working-day calendar, contacts, citations, the
questions to ask for each case field) and one YAML file per route, with the DOCX
templates beside them. Adding a country is adding a folder.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Who = Literal["physician", "manufacturer", "irb", "institution", "patient", "regulator", "pharmacy"]
Identity = Literal["initials", "initials_and_birth_date", "full"]
PageSize = Literal["letter", "a4"]


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


class Citation(Spec):
    """A legal or documentary source for a requirement."""

    text: str
    source: str
    verified: bool


class SizeLimit(Spec):
    """The largest packet file a regulator accepts; ``citation`` says whether it is confirmed."""

    megabytes: float = Field(gt=0)
    citation: str


class Condition(Spec):
    """A test on the case. Exactly one form:

    ``{field: request.emergency, equals: true}``, ``{field: x, in: [a, b]}``,
    ``{field: x, contains: v}`` (list field), ``{field: x, present: true}``,
    ``{attachment: irb_approval}`` (the case has an upload of that kind),
    ``{all: [...]}``, ``{any: [...]}``, ``{not: {...}}``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    field: str | None = None
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
        if self.field is not None:
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
                "a condition is {field: ...}, {attachment: kind}, {all: [...]}, {any: [...]} "
                "or {not: ...}"
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


class Part(Spec):
    """One part of a packet: a generated document, the TOC, or an attachment slot."""

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

    @model_validator(mode="after")
    def _one_kind(self) -> Part:
        kinds = [self.template is not None, self.toc, self.attachments is not None]
        if sum(kinds) != 1:
            raise ValueError(f"part {self.id}: give exactly one of template, toc, attachments")
        return self

    def title_in(self, language: str) -> str:
        return title_in(self.title, language)

    @property
    def kind(self) -> Literal["document", "toc", "attachments"]:
        if self.template is not None:
            return "document"
        return "toc" if self.toc else "attachments"


class Packet(Spec):
    """One audience's PDF: its parts in order."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: Title
    audience: str
    parts: list[Part]
    when: Condition | None = None

    def title_in(self, language: str) -> str:
        return title_in(self.title, language)


class Rule(Spec):
    """An eligibility or applicability rule checked against the case."""

    id: str
    when: Condition
    message: str = Field(description="What is wrong when the rule is not met.")
    question: str | None = None
    who: Who = "physician"
    citation: str | None = None


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
    """Something the user must know about the route (e.g. nothing is filed anywhere)."""

    id: str
    text: str
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
    """A regulatory fact the route relies on, with its confidence."""

    text: str
    status: Literal["C", "P", "U"]
    source: str


class RouteSpec(Spec):
    """A route: one legal pathway, its packets, rules, deadlines and facts."""

    id: str = Field(pattern=r"^[a-z0-9-]+/[a-z0-9-]+$")
    title: str
    summary: str
    country: str | None = Field(default=None, description="ISO country code, if national.")
    language: str | None = Field(default=None, description="Overrides the regulator's.")
    date_format: str | None = None
    page_size: PageSize | None = None
    working_days: str | None = None
    patient_identity: Identity | None = None
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


class RegulatorSpec(Spec):
    """``regulator.yaml``: what every route of one regulator shares."""

    id: str
    name: str
    country: str
    language: str
    date_format: str
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
    pdf_rules: str | None = Field(
        default=None, description="Citation key of the PDF rules packets are preflighted "
        "against (each preflight ledger row cites it)."
    )
    max_packet_size: SizeLimit | None = Field(
        default=None, description="Largest packet PDF accepted; preflight checks each packet."
    )
    contacts: dict[str, Contact] = Field(default_factory=dict)
    citations: dict[str, Citation] = Field(default_factory=dict)
    fields: dict[str, FieldRule] = Field(default_factory=dict)
