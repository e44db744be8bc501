"""Medications, people, allergies and documents mapped to the case."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from fhir.resources.R4B.allergyintolerance import AllergyIntolerance
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.contactpoint import ContactPoint
from fhir.resources.R4B.documentreference import DocumentReference
from fhir.resources.R4B.medication import Medication
from fhir.resources.R4B.medicationrequest import MedicationRequest
from fhir.resources.R4B.medicationstatement import MedicationStatement
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.practitioner import Practitioner
from fhir.resources.R4B.practitionerrole import PractitionerRole
from fhir.resources.R4B.reference import Reference

from ..files import relative_path
from ..model.clinical import SETTINGS
from ..model.dates import Month, history_key
from ._out import Out
from ._read import (
    ICD10,
    LOINC,
    MCODE,
    SNOMED,
    Entry,
    Index,
    as_data,
    codes,
    day,
    has_profile,
    history_day,
    text_of,
)
from ._values import address, full_name, human_name

#: LOINC document types -> attachment kinds.
DOCUMENT_KINDS = {"11526-1": "pathology_report", "60568-3": "pathology_report",
                  "51969-4": "biomarker_report", "18748-4": "imaging_report",
                  "11502-2": "lab_report", "18842-5": "discharge_summary",
                  "59284-0": "consent_form", "57833-6": "prescription"}
CONTENT_TYPES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png",
                 "image/tiff": ".tiff",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
                 ".docx"}
NO_KNOWN_ALLERGY = "716186003"
CANCER_MED_PROFILES = ("mcode-cancer-related-medication-statement",
                       "mcode-cancer-related-medication-request",
                       "mcode-cancer-related-medication-administration")
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]{0,63}")


def _setting(intent: str | None) -> str | None:
    """The setting a FHIR treatment intent names exactly (``Metastatic`` -> metastatic);
    None for any other intent (curative, palliative: an intent is not a setting)."""
    if intent is None:
        return None
    key = intent.strip().lower().replace(" ", "_").replace("-", "_")
    return key if key in SETTINGS else None


@dataclass
class Med:
    """One cancer-related medication, before medications are grouped into lines."""

    entry: Entry
    name: str
    dose: str | None
    start: date | Month
    end: date | Month | None
    reasons: list[str] = field(default_factory=list)
    intent: str | None = None


def _contact(points: list[ContactPoint] | None, system: str) -> str | None:
    return next((p.value for p in points or [] if p.system == system and p.value), None)


class Other:
    """Maps medications, practitioners, organizations and allergies (:func:`documents` maps
    DocumentReferences)."""

    def __init__(self, index: Index, out: Out, primary: Entry | None, used: set[str]) -> None:
        self.index, self.out, self.primary, self.used = index, out, primary, used

    # -- medications -------------------------------------------------------------------

    def _drug(self, cc: CodeableConcept | None, ref: Reference | None) -> str | None:
        if cc is not None:
            return text_of(cc)
        found = self.index.get(ref.reference if ref else None, Medication)
        if found is not None:
            self.used.add(found[0].ref)
            return text_of(found[1].code)
        return ref.display if ref else None

    def _cancer_related(self, res: MedicationStatement | MedicationRequest) -> bool:
        if has_profile(res, *CANCER_MED_PROFILES):
            return True
        for ref in res.reasonReference or []:
            target = self.index.resolve(ref.reference)
            if target is not None and self.primary is not None and target.ref == self.primary.ref:
                return True
        return any(c.upper().startswith("C") for cc in res.reasonCode or []
                   for c in codes(cc, *ICD10))

    def medications(self) -> None:
        meds: list[Med] = []
        for entry, st in self.index.of_type(MedicationStatement):
            if st.status in ("entered-in-error", "not-taken", "intended"):
                self.out.warn(f"not imported: {entry.ref} (status {st.status})")
                continue
            name = self._drug(st.medicationCodeableConcept, st.medicationReference)
            period = st.effectivePeriod
            start = history_day(st.effectiveDateTime) or history_day(
                period.start if period else None)
            end = history_day(period.end) if period else None
            dose = next((d.text for d in st.dosage or [] if d.text), None)
            why = [t for t in (text_of(r) for r in st.statusReason or []) if t]
            self._take(meds, entry, st, st.status == "active", name, dose, start, end, why)
        for entry, rq in self.index.of_type(MedicationRequest):
            if rq.status in ("entered-in-error", "draft") or rq.intent in ("proposal", "plan"):
                self.out.warn(f"not imported: {entry.ref} (a {rq.intent or rq.status} request, "
                              "not a treatment given)")
                continue
            name = self._drug(rq.medicationCodeableConcept, rq.medicationReference)
            validity = rq.dispenseRequest.validityPeriod if rq.dispenseRequest else None
            start = history_day(validity.start if validity else None) or history_day(rq.authoredOn)
            end = history_day(validity.end) if validity else None
            dose = next((d.text for d in rq.dosageInstruction or [] if d.text), None)
            why = [t for t in [text_of(rq.statusReason)] if t]
            self._take(meds, entry, rq, rq.status == "active", name, dose, start, end, why)
        self._lines(meds)

    def _take(self, meds: list[Med], entry: Entry, res: MedicationStatement | MedicationRequest,
              active: bool, name: str | None, dose: str | None, start: date | Month | None,
              end: date | Month | None, why: list[str]) -> None:
        if not name:
            self.out.warn(f"not imported: {entry.ref} (no medication name)")
            return
        if not self._cancer_related(res):
            if active:
                text = f"{name} {dose}" if dose else name
                self.out.add("current_medications", text, entry, {"": "medication[x], dosage"})
            else:
                self.out.warn(f"not imported: {entry.ref} (neither cancer-related nor active)")
            return
        if start is None:
            self.out.warn(f"not imported: {entry.ref} (cancer-related medication without a "
                          "start date)")
            return
        for ext in res.extension or []:
            if ext.url == MCODE + "mcode-treatment-termination-reason":
                why = [*why, *(t for t in [text_of(ext.valueCodeableConcept)] if t)]
        intent = next((text_of(e.valueCodeableConcept) for e in res.extension or []
                       if e.url == MCODE + "mcode-treatment-intent"), None)
        meds.append(Med(entry, name, dose, start, end, why, intent))

    def _lines(self, meds: list[Med]) -> None:
        """Medications started on the same day (or in the same month, when only the month is
        known) make one line; lines are numbered by date, a month before the days in it."""
        starts = sorted({m.start for m in meds}, key=history_key)
        for number, start in enumerate(starts, 1):
            group = [m for m in meds if m.start == start]
            agents: list[str] = []
            parts: list[str] = []
            for m in group:
                if m.name.lower() not in (a.lower() for a in agents):
                    agents.append(m.name)
                    parts.append(f"{m.name} {m.dose}" if m.dose else m.name)
            ends = [m.end for m in group]
            line: dict[str, Any] = {"line": number}
            intent = next((m.intent for m in group if m.intent), None)
            setting = _setting(intent)
            if setting:
                line["setting"] = setting
            elif intent:
                self.out.warn(f"not imported: {group[0].entry.ref} treatment intent "
                              f"{intent!r} is not a setting ({', '.join(SETTINGS)}); give "
                              f"prior_treatments[{number - 1}].setting in the base")
            line |= {"regimen": " + ".join(parts), "agents": agents,
                     "started_on": as_data(start)}
            if ends and all(e is not None for e in ends):
                line["ended_on"] = as_data(max((e for e in ends if e is not None),
                                               key=history_key))
            reasons = list(dict.fromkeys(r for m in group for r in m.reasons))
            if reasons:
                line["reason_stopped"] = "; ".join(reasons)
            first = group[0].entry
            i = self.out.add("prior_treatments", line, first, {
                "line": "(numbered by start date)", "setting": "extension(mcode-treatment-intent)",
                "started_on": "effective[x] / dispenseRequest / authoredOn",
                "ended_on": "effectivePeriod.end / dispenseRequest.validityPeriod.end",
                "reason_stopped": "statusReason"})
            for m in group:
                self.out.cite(f"prior_treatments[{i}].agents", m.entry, "medication[x]", m.name)
                self.out.cite(f"prior_treatments[{i}].regimen", m.entry,
                              "medication[x], dosage.text", f"{m.name} {m.dose or ''}".strip())

    # -- people ------------------------------------------------------------------------

    def people(self, patient: Patient) -> None:
        """The physician and the institution (``patient``'s managing organization when no
        PractitionerRole names one)."""
        roles = list(self.index.of_type(PractitionerRole))
        practitioners = list(self.index.of_type(Practitioner))
        role = next(((e, r) for e, r in roles if r.practitioner), roles[0] if roles else None)
        chosen = self.index.get(role[1].practitioner.reference, Practitioner) if (
            role and role[1].practitioner) else None
        chosen = chosen or (practitioners[0] if practitioners else None)
        if chosen is not None:
            self._physician(*chosen, role)
            for entry, _ in practitioners:
                if entry.ref != chosen[0].ref:
                    self.out.warn(f"not imported: {entry.ref} (the case names one physician: "
                                  f"{chosen[0].ref} was taken)")
        org = self.index.get(role[1].organization.reference, Organization) if (
            role and role[1].organization) else None
        if org is None and patient.managingOrganization is not None:
            org = self.index.get(patient.managingOrganization.reference, Organization)
        orgs = [eo for eo in self.index.of_type(Organization) if eo[0].ref not in self.used]
        org = org or next((eo for eo in orgs if "prov" in (
            c for t in eo[1].type or [] for c in codes(t))), orgs[0] if orgs else None)
        if org is not None:
            entry, o = org
            self.used.add(entry.ref)
            self.out.set("institution.name", o.name, entry, "name")
            self.out.set("institution.address", address(o.address[0]) if o.address else None,
                         entry, "address[0]")
        for entry, _ in self.index.of_type(Organization):
            if entry.ref not in self.used:
                self.out.warn(f"not imported: {entry.ref} (an organization other than the "
                              "institution and the laboratories)")

    def _physician(self, entry: Entry, p: Practitioner,
                   role: tuple[Entry, PractitionerRole] | None) -> None:
        out = self.out
        name = human_name(p.name)
        if name is not None:
            out.set("physician.name", full_name(name), entry, "name")
            degrees = [s for s in name.suffix or []
                       if s and re.fullmatch(r"[A-Z][A-Za-z.]{1,9}", s)]
            out.set("physician.degrees", degrees, entry, "name.suffix")
        for q in p.qualification or []:
            ident = q.identifier[0] if q.identifier else None
            if ident is not None and ident.value and q.issuer and q.issuer.display:
                out.set("physician.licence", {"number": ident.value,
                                              "jurisdiction": q.issuer.display},
                        entry, "qualification.identifier, qualification.issuer")
                break
        if p.identifier:
            out.warn(f"not imported: {entry.ref} identifier (e.g. NPI): the case has no field "
                     "for it")
        out.set("physician.address", address(p.address[0]) if p.address else None, entry,
                "address[0]")
        points = [*(p.telecom or []), *((role[1].telecom or []) if role else [])]
        for system in ("email", "phone", "fax"):
            out.set(f"physician.{system}", _contact(points, system), entry, f"telecom({system})")
        if role is not None:
            r_entry, r = role
            self.used.add(r_entry.ref)
            out.set("physician.specialty", text_of(r.specialty[0]) if r.specialty else None,
                    r_entry, "specialty")
            out.set("physician.job_title", text_of(r.code[0]) if r.code else None, r_entry,
                    "code")

    # -- allergies ---------------------------------------------------------------------

    def allergies(self) -> None:
        found: list[str] = []
        none_known = None
        for entry, a in self.index.of_type(AllergyIntolerance):
            if set(codes(a.verificationStatus)) & {"refuted", "entered-in-error"} or set(
                    codes(a.clinicalStatus)) & {"inactive", "resolved"}:
                self.out.warn(f"not imported: {entry.ref} (refuted, inactive or resolved)")
                continue
            if NO_KNOWN_ALLERGY in codes(a.code, SNOMED):
                none_known = entry
                continue
            substance = text_of(a.code)
            if not substance:
                self.out.warn(f"not imported: {entry.ref} (no substance)")
                continue
            reactions = [r.description or ", ".join(t for t in (text_of(m) for m in
                         r.manifestation or []) if t) for r in a.reaction or []]
            text = substance + (": " + "; ".join(x for x in reactions if x) if any(reactions)
                                else "")
            found.append(text)
            self.out.add("patient.allergies", text, entry, {"": "code, reaction"})
        if none_known is not None and not found:
            self.out.data.setdefault("patient", {})["allergies"] = []
            self.out.cite("patient.allergies", none_known, "code (no known allergy)", "[]")


# -- documents -----------------------------------------------------------------------


def documents(index: Index, out: Out, folder: Path, base_dir: Path,
              uploads: dict[Path, bytes]) -> dict[str, str]:
    """Map DocumentReferences to attachments; returns resource ref -> attachment id.

    ``url`` paths are relative to ``folder``; inline documents go to ``uploads`` (target
    under ``base_dir/uploads`` -> bytes), written by the caller.
    """
    ids: dict[str, str] = {}
    for entry, doc in index.of_type(DocumentReference):
        if doc.status == "entered-in-error":
            out.warn(f"not imported: {entry.ref} (status entered-in-error)")
            continue
        kind = next((DOCUMENT_KINDS[c] for cc in [doc.type, *(doc.category or [])]
                     for c in codes(cc, LOINC) if c in DOCUMENT_KINDS), None)
        if kind is None:
            out.warn(f"{entry.ref}: its type has no matching attachment kind; imported "
                     "as 'other': correct attachments[].kind")
        path = _content(out, entry, doc, folder, base_dir, uploads)
        if path is None:
            continue
        att: dict[str, Any] = {}
        if doc.id and _SAFE_ID.fullmatch(doc.id):
            att["id"] = ids[entry.ref] = doc.id
        first = doc.content[0].attachment if doc.content else None
        title = doc.description or (first.title if first else None) or text_of(doc.type)
        att |= {"kind": kind or "other", "path": path, "title": title}
        dated = day(doc.date) or day(first.creation if first else None) or day(
            doc.context.period.start if doc.context and doc.context.period else None)
        if dated:
            att["dated"] = dated
        lang = first.language if first else None
        if lang and re.fullmatch(r"[a-z]{2,3}(-[A-Za-z]{2,4})?", lang):
            att["language"] = lang
        out.add("attachments", att, entry, {
            "id": "id", "kind": "type / category", "path": "content.attachment",
            "title": "description / content.attachment.title", "dated": "date",
            "language": "content.attachment.language"})
    return ids


def _content(out: Out, entry: Entry, doc: DocumentReference, folder: Path, base_dir: Path,
             uploads: dict[Path, bytes]) -> str | None:
    """The document's file (relative to ``base_dir``), or None with a warning."""
    for content in doc.content or []:
        att = content.attachment
        if att.data:
            ext = CONTENT_TYPES.get((att.contentType or "").split(";")[0].strip())
            if ext is None:
                out.warn(f"not imported: {entry.ref} (inline data of a type accesspack "
                         "does not take: PDF, JPEG, PNG, TIFF or DOCX)")
                return None
            stem = doc.id if doc.id and _SAFE_ID.fullmatch(doc.id) and ".." not in doc.id \
                else f"document-{entry.index}"
            target = base_dir / "uploads" / f"{stem}{ext}"
            uploads[target] = bytes(att.data)
            return (Path("uploads") / target.name).as_posix()
        if att.url:
            url = str(att.url)
            parsed = urlparse(url)
            if parsed.scheme in ("http", "https"):
                out.warn(f"not imported: {entry.ref} (a web URL; accesspack does not "
                         "download documents: save the file and give a relative path)")
                return None
            raw = unquote(parsed.path if parsed.scheme == "file" else url)
            path = Path(raw) if Path(raw).is_absolute() else folder / raw
            if not path.is_file():
                out.warn(f"not imported: {entry.ref} (content.attachment.url names no "
                         "file; paths are relative to the bundle's folder)")
                return None
            return relative_path(path, base_dir)
    out.warn(f"not imported: {entry.ref} (no content with a url or data)")
    return None
