"""Portal worksheets: what to enter in each field of a regulator's online form.

Where a regulator takes applications only through its own web portal, a packet cannot
hold the application itself; it holds a worksheet: every field of the portal's form, in
the portal's order, with the value to enter and the case field it comes from. A route
declares one as a part (``worksheet: sas-online-category-b.yaml``, a file beside the
route file)::

    portal: "TGA SAS & AP Online System"   # the portal's name as its owner writes it
    url: "https://..."                      # optional
    citation: tga-sas-online-guide          # where the field list was read (a citation key)
    status: P                               # C/P/U: the field list's confidence
    sections:                               # in the portal's order
      - title: Prescriber
        fields:                             # in the portal's order
          - label: "AHPRA registration number"   # the portal's label, verbatim
            value: physician.licence.number      # a case field a template may read, or
            # template: "{{ case.patient.initials }}"  a Jinja template (same context
            #                                          and filters as the DOCX templates)
            # entry: "Tick the box"                   or a fixed instruction
            # choices: {female: Female}     case value -> the portal's option (value only)
            status: C                       # default: the file's status
            required: true                  # a missing value is a blocking ledger row
            who: physician
            question: "..."                 # the ledger's question when it is missing
            note: "..."                     # a hint printed in the worksheet

:func:`worksheet_problems` is what loading a route checks (the route file is named in its
error); :mod:`accesspack.render.worksheet` fills a worksheet in from a case, for the
ledger and for the document alike.
"""

from __future__ import annotations

import types
import typing
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, model_validator

from ..model import Case
from .conditions import _model_of
from .spec import Spec, Status, Who, internal_reference

if TYPE_CHECKING:
    from .registry import Route
    from .spec import Part

Source = Literal["value", "template", "entry"]


class WorksheetField(Spec):
    """One field of the portal's form and what to enter in it: exactly one of ``value``
    (a case field path, e.g. ``physician.licence.number``), ``template`` (a Jinja template
    rendered with the packet's template context) or ``entry`` (a fixed instruction)."""

    label: str = Field(description="The portal's label for the field, verbatim.")
    value: str | None = Field(default=None, description="A case field templates may read.")
    template: str | None = Field(default=None, description="A Jinja template (sandboxed).")
    entry: str | None = Field(default=None, description="A fixed instruction.")
    choices: dict[bool | int | str, str] | None = Field(
        default=None, description="The case value -> the portal's option for it.")
    status: Status | None = Field(default=None, description="Default: the file's status.")
    required: bool = Field(default=False, description="A missing value blocks the packet.")
    who: Who = "physician"
    question: str | None = Field(default=None, description="Asked when the value is missing.")
    note: str | None = Field(default=None, description="A hint printed in the worksheet.")

    @model_validator(mode="after")
    def _one_source(self) -> WorksheetField:
        given = [name for name in ("value", "template", "entry")
                 if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(f"field {self.label!r}: give exactly one of value, template, "
                             f"entry (it has {', '.join(given) or 'none'})")
        if self.choices is not None and self.value is None:
            raise ValueError(f"field {self.label!r}: choices map a case value, so they go "
                             "with value")
        return self

    @property
    def source(self) -> Source:
        if self.value is not None:
            return "value"
        return "template" if self.template is not None else "entry"


class WorksheetSection(Spec):
    """A section (page or panel) of the portal's form, its fields in the portal's order."""

    title: str
    fields: list[WorksheetField] = Field(min_length=1)


class Worksheet(Spec):
    """A portal worksheet file (see the module)."""

    portal: str = Field(description="The portal's name as its owner writes it.")
    url: str | None = None
    citation: str = Field(description="Citation key of the source the field list was read in.")
    status: Status = Field(description="The confidence of the field list as a whole.")
    sections: list[WorksheetSection] = Field(min_length=1)

    def status_of(self, field: WorksheetField) -> Status:
        return field.status or self.status

    def numbered(self) -> list[tuple[str, WorksheetSection, WorksheetField]]:
        """Every field with its number (``2.3``: section 2, field 3), in the portal's order."""
        return [(f"{s}.{f}", section, field)
                for s, section in enumerate(self.sections, start=1)
                for f, field in enumerate(section.fields, start=1)]


def field_annotation(path: str) -> Any:
    """The model annotation of the case field at ``path`` (None if there is none)."""
    model: type[Any] | None = Case
    annotation: Any = None
    for name in path.split("."):
        if model is None or name not in model.model_fields:
            return None
        annotation = model.model_fields[name].annotation
        model = _model_of(annotation)
    return annotation


def allowed_values(annotation: Any) -> tuple[Any, ...] | None:
    """The values a field annotated ``annotation`` may take, where the model fixes them
    (a ``Literal``, a yes/no); None for free values."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        found = [allowed_values(a) for a in typing.get_args(annotation) if a is not type(None)]
        if found and all(f is not None for f in found):
            return tuple(v for f in found if f is not None for v in f)
        return None
    if origin is typing.Annotated:
        return allowed_values(typing.get_args(annotation)[0])
    if origin is Literal:
        return typing.get_args(annotation)
    if annotation is bool:
        return (True, False)
    return None


def worksheet_problems(route: Route, part: Part, worksheet: Worksheet) -> list[str]:
    """What is wrong in ``part``'s worksheet on ``route``: unknown citations, a value that
    is no case field a template of this part may read (or a whole section, or withheld by
    the packet's patient identity policy), a template whose tags do not parse or name
    what its context lacks, choices for values the case field cannot take, and texts that
    point at our notes instead of the official source."""
    # imported late: the template checker reads routes through the registry
    import jinja2

    from ..authoring.check import analysis_problems, context_schema
    from ..authoring.schema import Leaf, Seq, shape_at
    from ..authoring.variables import Step, source_analysis
    from .registry import option_combinations

    name = part.worksheet
    out: list[str] = []
    if worksheet.citation not in route.citations:
        out.append(f"worksheet {name}: unknown citation {worksheet.citation!r}")
    identity = route.part_identity(part.id)
    contexts = [context_schema(route, combo, identity=identity)
                for combo in option_combinations(route.spec)]
    texts = [("portal", worksheet.portal)]
    for number, section, field in worksheet.numbered():
        where = f"worksheet {name}: field {number} ({field.label!r})"
        texts += [(f"field {number}", t) for t in (section.title, field.label, field.entry,
                                                   field.question, field.note) if t]
        if field.value is not None:
            steps = tuple(Step("attr", n) for n in field.value.split("."))
            for context in contexts:
                shape = shape_at(context, "case", steps)
                if isinstance(shape, str):
                    out.append(f"{where}: value {field.value}: {shape}")
                elif not isinstance(shape, Leaf) and not (
                        isinstance(shape, Seq) and isinstance(shape.item, Leaf)):
                    out.append(f"{where}: value {field.value} is a section of the case, not "
                               "a value: name one of its fields (or write a template)")
            allowed = allowed_values(field_annotation(field.value))
            if field.choices is None and allowed is not None and not all(
                    isinstance(v, bool) for v in allowed):
                out.append(f"{where}: {field.value} is a coded value "
                           f"({', '.join(map(str, allowed))}): give choices, the portal's "
                           "option for each value it offers")
            if field.choices is not None and allowed is not None:
                out += [f"{where}: choices: {field.value} is never {key!r} (its values: "
                        f"{', '.join(map(str, allowed))})"
                        for key in field.choices if key not in allowed]
        if field.template is not None:
            try:
                found = source_analysis(field.template, f"field {number}")
            except jinja2.TemplateSyntaxError as exc:
                out.append(f"{where}: template has a Jinja syntax error: {exc.message}")
                continue
            out += [f"{where}: template: {message}"
                    for message, _, _ in analysis_problems(found, contexts)]
    for place, text in texts:
        found_ref = internal_reference(text)
        if found_ref:
            out.append(f"worksheet {name}: {place} shows {found_ref!r}: say it in words")
    return out
