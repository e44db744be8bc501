"""Medications, people, allergies and documents mapped to the case."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from fhir.resources.R4B.allergyintolerance import AllergyIntolerance
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.condition import Condition
from fhir.resources.R4B.contactpoint import ContactPoint
from fhir.resources.R4B.documentreference import DocumentReference
from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.medication import Medication
from fhir.resources.R4B.medicationrequest import MedicationRequest
from fhir.resources.R4B.medicationstatement import MedicationStatement
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.practitioner import Practitioner
from fhir.resources.R4B.practitionerrole import PractitionerRole
from fhir.resources.R4B.reference import Reference

from ..files import relative_path
from ..model.dates import Month
from ._lines import Med, add_lines
from ._out import Out
from ._read import (
    ICD10,
    LOINC,
    MCODE,
    SNOMED,
    Entry,
    Index,
    codes,
    day,
    has_profile,
    history_day,
    text_of,
)
from ._values import CODES, address, full_name, human_name

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


#: A treatment intent's SNOMED CT code -> the case's word, and the extensions that carry
#: it and a termination reason (every mCODE version's name), from codes.yaml.
INTENT_CODES = CODES.intents()
INTENTS = INTENT_CODES | {i: i for i in INTENT_CODES.values()}
INTENT_URLS = tuple(MCODE + name for name in CODES.profile_names("treatment_intent"))
TERMINATION_URLS = tuple(MCODE + name for name in CODES.profile_names("termination_reason"))
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"


def _intent(cc: CodeableConcept | None) -> str | None:
    """The intent a concept gives: a known SNOMED code, else its text or display (``Curative
    - procedure intent`` -> ``curative``), else its code (for the report)."""
    if cc is None:
        return None
    for code in codes(cc, SNOMED):
        if code in INTENT_CODES:
            return code
    text = text_of(cc)
    if text is None:
        return None
    word = text.split(" - ")[0].split()[0].strip().lower() if text.strip() else ""
    return word if word in INTENTS else text


def _bounds(dosages: list[Any] | None) -> tuple[date | Month | None, date | Month | None]:
    """The first ``dosage.timing.repeat.boundsPeriod`` start and end."""
    for d in dosages or []:
        period = d.timing.repeat.boundsPeriod if d.timing and d.timing.repeat else None
        if period is not None and period.start:
            return history_day(period.start), history_day(period.end)
    return None, None


def _contact(points: list[ContactPoint] | None, system: str) -> str | None:
    return next((p.value for p in points or [] if p.system == system and p.value), None)


class Other:
    """Maps medications, practitioners, organizations and allergies (:func:`documents` maps
    DocumentReferences)."""

    def __init__(self, index: Index, out: Out, primary: Entry | None, used: set[str]) -> None:
        self.index, self.out, self.primary, self.used = index, out, primary, used
        #: Encounters the cancer-related medications name (evidence for the institution).
        self.encounters: list[str | None] = []

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
            period = st.effectivePeriod
            b_start, b_end = _bounds(st.dosage)
            start = history_day(st.effectiveDateTime) or history_day(
                period.start if period else None) or b_start
            end = (history_day(period.end) if period else None) or (
                b_end if start == b_start else None)
            dose = next((d.text for d in st.dosage or [] if d.text), None)
            why = [t for t in (text_of(r) for r in st.statusReason or []) if t]
            self._take(meds, entry, st, st.status == "active", dose, start, end, why)
        for entry, rq in self.index.of_type(MedicationRequest):
            if rq.status in ("entered-in-error", "draft") or rq.intent in ("proposal", "plan"):
                self.out.warn(f"not imported: {entry.ref} (a {rq.intent or rq.status} request, "
                              "not a treatment given)")
                continue
            validity = rq.dispenseRequest.validityPeriod if rq.dispenseRequest else None
            b_start, b_end = _bounds(rq.dosageInstruction)
            v_start = history_day(validity.start if validity else None)
            start = b_start or v_start or history_day(rq.authoredOn)
            end = b_end if b_start else (history_day(validity.end) if validity else None)
            dose = next((d.text for d in rq.dosageInstruction or [] if d.text), None)
            why = [t for t in [text_of(rq.statusReason)] if t]
            group = rq.groupIdentifier.value if rq.groupIdentifier else next(
                (r.reference for r in rq.basedOn or [] if r.reference), None)
            self._take(meds, entry, rq, rq.status == "active", dose, start, end, why, group)
        add_lines(self.out, meds, INTENTS)
        for m in meds:
            res = m.entry.resource
            ref = res.context if isinstance(res, MedicationStatement) else (
                res.encounter if isinstance(res, MedicationRequest) else None)
            if ref is not None and ref.reference not in self.encounters:
                self.encounters.append(ref.reference)

    def _take(self, meds: list[Med], entry: Entry, res: MedicationStatement | MedicationRequest,
              active: bool, dose: str | None, start: date | Month | None,
              end: date | Month | None, why: list[str], group: str | None = None) -> None:
        cc = res.medicationCodeableConcept
        name = self._drug(cc, res.medicationReference)
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
            if ext.url in TERMINATION_URLS:
                why = [*why, *(t for t in [text_of(ext.valueCodeableConcept)] if t)]
        intent = next((_intent(e.valueCodeableConcept) for e in res.extension or []
                       if e.url in INTENT_URLS), None)
        drug = next(iter(codes(cc, RXNORM)), None) if cc is not None else None
        meds.append(Med(entry, name, dose, start, end, why, intent, drug or "", active, group))

    # -- people ------------------------------------------------------------------------

    def people(self, patient_entry: Entry, patient: Patient) -> None:
        """The physician and the institution, from what FHIR says of their role (see
        :meth:`_institution`); never a laboratory that merely performed a report."""
        roles = list(self.index.of_type(PractitionerRole))
        practitioners = list(self.index.of_type(Practitioner))
        role = next(((e, r) for e, r in roles if r.practitioner), roles[0] if roles else None)
        chosen = self.index.get(role[1].practitioner.reference, Practitioner) if (
            role and role[1].practitioner) else None
        chosen = chosen or next((found for ref in self._treating_people() if (
            found := self.index.get(ref, Practitioner)) is not None), None)
        chosen = chosen or (practitioners[0] if practitioners else None)
        if chosen is not None:
            self._physician(*chosen, role)
            for entry, _ in practitioners:
                if entry.ref != chosen[0].ref:
                    self.out.warn(f"not imported: {entry.ref} (the case names one physician: "
                                  f"{chosen[0].ref} was taken)")
        treating = self._institution(role, patient_entry, patient)
        if treating is not None:
            (org_entry, o), (said_by, element) = treating
            self.used.add(org_entry.ref)
            self.out.set("institution.name", o.name, org_entry, "name")
            self.out.set("institution.address", address(o.address[0]) if o.address else None,
                         org_entry, "address[0]")
            self.out.cite("institution", said_by, f"{element} (the treating organization)",
                          org_entry.ref)
        for entry, _ in self.index.of_type(Organization):
            if entry.ref not in self.used:
                self.out.warn(f"not imported: {entry.ref} (no Encounter, PractitionerRole or "
                              "cancer Condition names it as the treating organization)")

    def _cancer_encounters(self) -> list[str | None]:
        """The primary cancer Condition's encounter, then the cancer medications' ones."""
        cond = self.primary.resource if self.primary is not None else None
        first = [cond.encounter.reference] if isinstance(cond, Condition) and cond.encounter \
            else []
        return [*first, *self.encounters]

    def _treating_people(self) -> list[str]:
        """References to who asserted or recorded the primary cancer, then who took part in
        its encounters."""
        cond = self.primary.resource if self.primary is not None else None
        refs = [r.reference for r in ([cond.asserter, cond.recorder] if isinstance(
            cond, Condition) else []) if r is not None and r.reference]
        for ref in self._cancer_encounters():
            found = self.index.get(ref, Encounter)
            if found is not None:
                refs += [p.individual.reference for p in found[1].participant or []
                         if p.individual is not None and p.individual.reference]
        return refs

    def _institution(self, role: tuple[Entry, PractitionerRole] | None, patient_entry: Entry,
                     patient: Patient
                     ) -> tuple[tuple[Entry, Organization], tuple[Entry, str]] | None:
        """The treating organization and the element that says so, in this order of evidence:
        the serviceProvider of the cancer's Encounter (the primary Condition's, then the
        cancer medications'), the physician's PractitionerRole.organization, the
        organization of the PractitionerRole of whoever asserted or recorded the primary
        Condition, the Patient's managingOrganization. Nothing else: a DiagnosticReport's or
        Observation's performer is a laboratory, not the institution."""
        for ref in self._cancer_encounters():
            enc = self.index.get(ref, Encounter)
            if enc is not None and enc[1].serviceProvider is not None:
                org = self.index.get(enc[1].serviceProvider.reference, Organization)
                if org is not None:
                    return org, (enc[0], "serviceProvider")
        if role is not None and role[1].organization is not None:
            org = self.index.get(role[1].organization.reference, Organization)
            if org is not None:
                return org, (role[0], "organization")
        cond = self.primary.resource if self.primary is not None else None
        for who in ([cond.asserter, cond.recorder] if isinstance(cond, Condition) else []):
            target = self.index.resolve(who.reference if who else None)
            for e, r in self.index.of_type(PractitionerRole):
                if target is not None and r.organization is not None and (
                        e.ref == target.ref or (r.practitioner is not None and self.index.resolve(
                            r.practitioner.reference) == target)):
                    org = self.index.get(r.organization.reference, Organization)
                    if org is not None:
                        return org, (e, "organization (of the Condition's asserter/recorder)")
        if patient.managingOrganization is not None:
            org = self.index.get(patient.managingOrganization.reference, Organization)
            if org is not None:
                return org, (patient_entry, "managingOrganization")
        return None

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
