"""The case: one patient's whole answer file, loaded from YAML or JSON."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, model_validator

from ..display import Cell, Html, box, esc, field_list, heading, table
from ..errors import CaseValidationError
from .attachments import Attachment
from .casefile import read_case_file
from .clinical import Biomarker, Diagnosis, Lab, PathologyReport, TreatmentLine
from .common import LangCode, LocalizedText, Section
from .dates import Month
from .insurance import Insurance
from .patient import Patient
from .people import Institution, Physician
from .product import InvestigationalProduct, TreatmentPlan
from .request import Request


class Case(Section):
    """One patient's case. It knows nothing of regulators: routes read it.

    Load it with :func:`load_case` (YAML or JSON, relative attachment paths resolved
    against the file's folder) or ``Case.model_validate(data, context={"base_dir": ...})``.
    """

    case_id: str = Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
        description="Pseudonymous id, safe as a file name. Never the patient's name.",
    )
    prepared_on: date = Field(description="Date of preparation; every output date comes from here.")
    language: LangCode = Field(default="en", description="Language of plain (single) free text.")
    patient: Patient
    insurance: Insurance | None = Field(
        default=None, description="The patient's health insurer (who pays for treatment)."
    )
    diagnosis: Diagnosis
    pathology: list[PathologyReport] = Field(default_factory=list)
    biomarkers: list[Biomarker] = Field(default_factory=list)
    prior_treatments: list[TreatmentLine] = Field(default_factory=list)
    comorbidities: list[LocalizedText] = Field(default_factory=list)
    current_medications: list[LocalizedText] = Field(default_factory=list)
    labs: list[Lab] = Field(default_factory=list)
    request: Request
    physician: Physician
    institution: Institution
    product: InvestigationalProduct
    treatment_plan: TreatmentPlan
    attachments: list[Attachment] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Case:
        problems: list[str] = []
        today = self.prepared_on
        dob = self.patient.date_of_birth
        if dob is not None and dob > today:
            problems.append("patient.date_of_birth is after prepared_on")
        if self.diagnosis.diagnosed_on > today:
            problems.append("diagnosis.diagnosed_on is after prepared_on")
        if dob is not None and dob > self.diagnosis.diagnosed_on:
            problems.append("patient.date_of_birth is after diagnosis.diagnosed_on")
        dated: list[tuple[str, date | Month | None]] = []
        for i, line in enumerate(self.prior_treatments):
            dated += [(f"prior_treatments[{i}].started_on", line.started_on),
                      (f"prior_treatments[{i}].ended_on", line.ended_on)]
        dated += [(f"labs[{i}].measured_on", x.measured_on) for i, x in enumerate(self.labs)]
        dated += [(f"biomarkers[{i}].reported_on", x.reported_on)
                  for i, x in enumerate(self.biomarkers)]
        dated += [(f"pathology[{i}].reported_on", x.reported_on)
                  for i, x in enumerate(self.pathology)]
        dated += [(f"pathology[{i}].collected_on", x.collected_on)
                  for i, x in enumerate(self.pathology)]
        dated += [(f"attachments[{i}].dated", x.dated) for i, x in enumerate(self.attachments)]
        auth = self.request.emergency_authorization
        if auth is not None:
            dated += [("request.emergency_authorization.authorized_on", auth.authorized_on),
                      ("request.emergency_authorization.first_dose_on", auth.first_dose_on)]
            if auth.first_dose_on and auth.first_dose_on < auth.authorized_on:
                problems.append("request.emergency_authorization.first_dose_on is before "
                                "authorized_on")
            if (auth.ind_number and self.request.physician_ind_number
                    and auth.ind_number != self.request.physician_ind_number):
                problems.append("request.physician_ind_number differs from "
                                "request.emergency_authorization.ind_number")
        event = self.request.follow_up.safety_event if self.request.follow_up else None
        if event is not None:
            dated.append(("request.follow_up.safety_event.aware_on", event.aware_on))
        problems += [f"{name} is after prepared_on" for name, day in dated
                     if day is not None and day > today]
        # attachment ids: default, unique, and every reference resolves
        counts: dict[str, int] = {}
        for att in self.attachments:
            if att.id is None:
                counts[att.kind] = counts.get(att.kind, 0) + 1
                att.id = f"{att.kind.replace('_', '-')}-{counts[att.kind]}"
        ids = [a.id for a in self.attachments]
        for dup in sorted({i for i in ids if ids.count(i) > 1 and i}):
            problems.append(f"attachments: id {dup!r} is used twice")
        known = set(ids)
        for i, p in enumerate(self.pathology):
            if p.source and p.source not in known:
                problems.append(f"pathology[{i}].source names no attachment id")
        for i, b in enumerate(self.biomarkers):
            if b.source and b.source not in known:
                problems.append(f"biomarkers[{i}].source names no attachment id")
        for i, a in enumerate(self.attachments):
            if a.translates and a.translates not in known:
                problems.append(f"attachments[{i}].translates names no attachment id")
            if a.kind == "translation" and not a.translates:
                problems.append(f"attachments[{i}]: a translation must say what it translates")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def attachment(self, attachment_id: str) -> Attachment:
        """The attachment with this id."""
        for att in self.attachments:
            if att.id == attachment_id:
                return att
        raise KeyError(attachment_id)

    def text(self, value: LocalizedText | None, lang: str) -> str | None:
        """``value`` in ``lang`` (None when absent or not translated)."""
        return None if value is None else value.variant(lang, self.language)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython's plain-text view (stored in notebooks beside the HTML one): the case id
        and the patient's initials, age and sex, nothing identifying."""
        printer.text(
            f"<accesspack Case {self.case_id}: patient {self._patient_line()}; "
            f"{self.diagnosis.icd10}; {len(self.attachments)} attachment(s)>")

    def _patient_line(self) -> str:
        """``QVE, 65 years, female``: how the views name the patient (never by name)."""
        p = self.patient
        age = p.age_on(self.prepared_on)
        return ", ".join(x for x in (p.initials, f"{age} years" if age is not None else "",
                                     p.sex) if x)

    def _repr_html_(self) -> str:
        """Jupyter view. The patient appears by initials, age and sex only (never the full
        name, birth date or address: notebooks get shared), attachments without their file
        paths (a file name can carry the patient's name)."""
        def txt(value: LocalizedText | None) -> str | None:
            return None if value is None else value.any_text(self.language)

        d, phys, inst, prod, req = (self.diagnosis, self.physician, self.institution,
                                    self.product, self.request)
        stage = None
        if d.stage is not None:
            s = d.stage
            tnm = " ".join(x for x in (s.t, s.n, s.m) if x)
            stage = "; ".join(x for x in (
                tnm, f"stage {s.overall}" if s.overall else "",
                f"AJCC edition {s.ajcc_edition}" if s.ajcc_edition else "") if x) or None
        perf = d.performance_status
        where = inst.address
        parts: list[Cell] = [
            field_list([
                ("Case id", Html(f"<code>{esc(self.case_id)}</code>")),
                ("Prepared on", self.prepared_on), ("Language", self.language),
                ("Patient", self._patient_line())]),
            heading("Diagnosis"),
            field_list([
                ("Primary cancer", txt(d.primary_cancer)), ("ICD-10", d.icd10),
                ("Histology", txt(d.histology)), ("Grade", d.grade), ("Stage", stage),
                ("Diagnosed on", _day(d.diagnosed_on)),
                ("Metastatic sites", "; ".join(txt(m) or "" for m in d.metastatic_sites)),
                ("Disease status", txt(d.disease_status)),
                ("Performance status", None if perf is None else
                 f"{perf.scale} {perf.value}"
                 + (f" ({perf.assessed_on.isoformat()})" if perf.assessed_on else ""))]),
            heading(f"Biomarkers ({len(self.biomarkers)})"),
            table(["Marker", "Result", "Method", "Reported on", "Source"],
                  ([b.marker, b.result, b.method, b.reported_on, b.source]
                   for b in self.biomarkers)),
            heading(f"Prior treatment lines ({len(self.prior_treatments)})"),
            table(["Line", "Setting", "Regimen", "Started", "Ended", "Best response",
                   "Reason stopped"],
                  ([t.line, t.setting, txt(t.regimen), _day(t.started_on), _day(t.ended_on),
                    t.best_response, txt(t.reason_stopped)] for t in self.prior_treatments)),
            heading("Physician and institution"),
            field_list([
                ("Physician", ", ".join([phys.name, *phys.degrees])),
                ("Specialty", phys.specialty),
                ("Institution", inst.name + (f" ({where.city}, {where.country})" if where
                                             else "")),
                ("IRB / ethics committee", inst.irb.name if inst.irb else None)]),
            heading("Product and request"),
            field_list([
                ("Product", prod.name + (f" ({prod.code})" if prod.code else "")),
                ("Manufacturer", prod.manufacturer.name),
                ("Dosage form and strength", ", ".join(
                    x for x in (prod.dosage_form, prod.strength) if x) or None),
                ("Request", f"{req.submission.replace('_', '-')}"
                 + (", emergency" if req.emergency else "")),
                ("Indication", txt(req.indication)),
                ("Dose", txt(self.treatment_plan.dose))]),
            heading(f"Attachments ({len(self.attachments)})"),
            table(["Kind", "Id", "Dated"],
                  ([a.kind.replace("_", " "), a.id, a.dated] for a in self.attachments)),
        ]
        return str(box(f"accesspack case {self.case_id}", *parts))


def _day(value: date | Month | None) -> date | str | None:
    """A date of history for the views: a month as ``2025-01``."""
    return str(value) if isinstance(value, Month) else value


def _field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("function-after", "str", "dict[str,str]") or "[" in str(part):
            continue  # pydantic's union-branch tags are noise for the user
        else:
            out += ("." if out else "") + str(part)
    return out or "(case)"


def validation_problems(exc: ValidationError) -> list[tuple[str, str]]:
    """``(field, message)`` pairs from a pydantic error, without echoing input values."""
    problems: list[tuple[str, str]] = []
    for err in exc.errors(include_input=False, include_url=False):
        msg = str(err["msg"]).removeprefix("Value error, ")
        pair = (_field_path(tuple(err["loc"])), msg)
        if pair not in problems:
            problems.append(pair)
    return problems


def parse_case(data: Any, base_dir: Path | None = None, source: str | None = None, *,
               confine_uploads: bool = False,
               positions: Mapping[str, tuple[int, int]] | None = None) -> Case:
    """Validate already-parsed case data; raises :class:`CaseValidationError`.

    Relative attachment paths are resolved against ``base_dir`` (default: the current
    folder). With ``confine_uploads``, an attachment whose real path (symbolic links
    resolved) is outside that folder, whether through ``..``, a link or an absolute
    path, is refused: a service that takes case files from users should set it.
    ``positions`` (field path to line and column, from the case file) let each problem
    say where its field is.
    """
    if not isinstance(data, dict):
        raise CaseValidationError([("(case)", "the case must be a mapping of sections")], source)
    try:
        return Case.model_validate(
            data, context={"base_dir": base_dir, "confine_uploads": confine_uploads})
    except ValidationError as exc:
        raise CaseValidationError(validation_problems(exc), source, positions) from None


def read_case_data(path: str | Path) -> Any:
    """The data of a ``.json`` (JSON) or other (YAML) case file, not yet validated.

    Raises :class:`CaseFileError` when the file cannot be read or parsed, is too large
    or too deeply nested, or gives a key twice, naming the line and column at fault
    (:func:`~accesspack.model.casefile.read_case_file`).
    """
    return read_case_file(path).data


def load_case(path: str | Path, *, confine_uploads: bool = False) -> Case:
    """Load a case from a ``.yaml``/``.yml`` or ``.json`` file.

    Attachment paths are relative to the file's folder. With ``confine_uploads``, every
    attachment must really be inside that folder (see :func:`parse_case`).
    """
    p = Path(path)
    read = read_case_file(p)
    return parse_case(read.data, base_dir=p.parent, source=str(p),
                      confine_uploads=confine_uploads, positions=read.positions)
