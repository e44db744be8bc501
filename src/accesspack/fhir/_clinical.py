"""Patient, Condition and Observation resources mapped to the case's clinical sections."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fhir.resources.R4B.condition import Condition
from fhir.resources.R4B.extension import Extension
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.specimen import Specimen

from ._out import Out
from ._read import (
    ICD10,
    LOINC,
    MCODE,
    Entry,
    Index,
    as_data,
    codes,
    day,
    has_profile,
    history_day,
    text_of,
)
from ._values import (
    ASSERTED_DATE,
    CODES,
    SINGLETONS,
    US_CORE,
    address,
    concept_of,
    display_text,
    full_name,
    human_name,
    initials,
    is_stage_group,
    kind_of,
    method_of,
    named,
    number,
    pairs,
    reported,
    stage_text,
    value_text,
    when,
)


class Clinical:
    """Maps Patient, Condition and Observation resources.

    ``documents`` maps DocumentReference refs to attachment ids (biomarker ``source``).
    Call :meth:`patient`, :meth:`conditions`, then :meth:`observations`; ``primary`` is
    then the primary cancer's Condition, and ``used`` the refs of resources imported
    through another one (stage group members, laboratories).
    """

    def __init__(self, index: Index, out: Out, documents: dict[str, str]) -> None:
        self.index, self.out, self.documents = index, out, documents
        self.primary: Entry | None = None
        self.used: set[str] = set()
        #: the TNM stage group imported (one at most), and the primary's stage.summary
        self._group: Entry | None = None
        self._summary: tuple[Entry, str] | None = None

    # -- Patient -----------------------------------------------------------------------

    def patient(self, entry: Entry, p: Patient) -> None:
        out = self.out
        name = human_name(p.name)
        if name is not None:
            out.set("patient.full_name", full_name(name), entry, "name")
            out.set("patient.initials", initials(name), entry, "name (initials)")
        if p.birthDate is not None:
            dob = day(p.birthDate)
            if dob is None:
                out.warn(f"not imported: {entry.ref} birthDate is a partial date; give "
                         "patient.date_of_birth (or age_years) in the base")
            out.set("patient.date_of_birth", dob, entry, "birthDate")
        sex = {"female": "female", "male": "male", "unknown": "unknown"}.get(p.gender or "")
        if p.gender and sex is None:
            out.warn(f"not imported: {entry.ref} gender has no exact equivalent in patient.sex "
                     "(female, male, intersex, unknown); give patient.sex in the base")
        out.set("patient.sex", sex, entry, "gender")
        addr = address(p.address[0]) if p.address else None
        if p.address and addr is None:
            out.warn(f"not imported: {entry.ref} address (no street line or city)")
        out.set("patient.address", addr, entry, "address[0]")
        self._us_core(entry, p.extension or [])
        if p.identifier:
            out.warn(f"not imported: {entry.ref} identifier (medical record numbers): the case "
                     "is pseudonymous and has no field for them; case_id comes from the base")

    def _us_core(self, entry: Entry, extensions: list[Extension]) -> None:
        for ext in extensions:
            if ext.url == US_CORE + "us-core-race":
                found = [CODES.race_of(sub.valueCoding.code) for sub in ext.extension or []
                         if sub.url == "ombCategory" and sub.valueCoding]
                self.out.set("patient.race", sorted({x for x in found if x}), entry,
                             "extension(us-core-race).ombCategory")
            elif ext.url == US_CORE + "us-core-ethnicity":
                for sub in ext.extension or []:
                    if sub.url == "ombCategory" and sub.valueCoding:
                        self.out.set("patient.ethnicity", CODES.ethnicity_of(sub.valueCoding.code),
                                     entry, "extension(us-core-ethnicity).ombCategory")

    # -- Conditions --------------------------------------------------------------------

    def conditions(self) -> None:
        primaries, secondaries, others = [], [], []
        for entry, c in self.index.of_type(Condition):
            if c.verificationStatus and set(codes(c.verificationStatus)) & {
                    "refuted", "entered-in-error"}:
                self.out.warn(f"not imported: {entry.ref} (verificationStatus refuted or "
                              "entered-in-error)")
                continue
            icd = [x.upper() for x in codes(c.code, *ICD10)]
            if has_profile(c, *CODES.profile_names("secondary_cancer")) or any(
                    x[:3] in ("C77", "C78", "C79") for x in icd):
                secondaries.append((entry, c))
            elif has_profile(c, *CODES.profile_names("primary_cancer")) or any(
                    x.startswith("C") for x in icd) or CODES.is_cancer(pairs(c.code)):
                primaries.append((entry, c))
            else:
                others.append((entry, c))
        primaries.sort(key=lambda ec: not has_profile(ec[1], *CODES.profile_names(
            "primary_cancer")))
        if primaries:
            self._primary(*primaries[0])
            for entry, _ in primaries[1:]:
                self.out.warn(f"{entry.ref}: another primary cancer; the case holds one "
                              "diagnosis, so it is listed in comorbidities")
                others.append((entry, _))
        for entry, c in secondaries:
            site = named(c.bodySite[0]) if c.bodySite else named(c.code)
            if site is None:
                self.out.warn(f"not imported: {entry.ref} (a secondary cancer without a "
                              "bodySite or code text or display: give "
                              "diagnosis.metastatic_sites in the base)")
                continue
            self.out.add("diagnosis.metastatic_sites", site, entry,
                         {"": "bodySite" if c.bodySite else "code"})
        for entry, c in others:
            status = set(codes(c.clinicalStatus))
            if status & {"inactive", "resolved", "remission"}:
                self.out.warn(f"not imported: {entry.ref} (clinicalStatus inactive or resolved)")
                continue
            text = named(c.code)
            if text:
                self.out.add("comorbidities", text, entry, {"": "code"})
            elif c.code is not None:
                self.out.warn(f"not imported: {entry.ref} (code {self._code(c.code)} has "
                              "neither text nor a display: give comorbidities in the base)")

    def _primary(self, entry: Entry, c: Condition) -> None:
        out, self.primary = self.out, entry
        cancer = named(c.code)
        if cancer is None:
            out.warn(f"not imported: {entry.ref} code {self._code(c.code)} (neither text nor a "
                     "display: give diagnosis.primary_cancer in the base)")
        out.set("diagnosis.primary_cancer", cancer, entry, "code")
        icd = next(iter(codes(c.code, *ICD10)), None)
        if icd is not None:
            icd = icd.upper()
            if re.fullmatch(r"[A-Z][0-9][0-9A-Z][0-9A-Z]{1,4}", icd):
                icd = f"{icd[:3]}.{icd[3:]}"
            out.set("diagnosis.icd10", icd, entry, "code.coding(ICD-10)")
        else:
            out.warn(f"{entry.ref} has no ICD-10 coding: give diagnosis.icd10 in the base")
        # a month-only onset ("2025-01") is kept as that month, never as the 1st
        onset = history_day(c.onsetDateTime) or history_day(
            c.onsetPeriod.start if c.onsetPeriod else None)
        asserted = next((x.valueDateTime for x in c.extension or []
                         if x.url == ASSERTED_DATE and x.valueDateTime), None)
        element, diagnosed = next(((k, d) for k, d in (
            ("onsetDateTime" if c.onsetDateTime else "onsetPeriod.start", onset),
            ("extension(condition-assertedDate)", history_day(asserted)),
            ("recordedDate", history_day(c.recordedDate))) if d is not None), ("", None))
        if diagnosed is not None:
            out.set("diagnosis.diagnosed_on", as_data(diagnosed), entry, element)
        elif c.onsetDateTime or c.recordedDate or asserted:
            out.warn(f"not imported: {entry.ref} date of diagnosis (a year only): give "
                     "diagnosis.diagnosed_on in the base, as YYYY-MM-DD or YYYY-MM")
        for ext in c.extension or []:
            if ext.url == MCODE + "mcode-histology-morphology-behavior":
                histology = display_text(ext.valueCodeableConcept)
                if histology is None:
                    out.warn(f"not imported: {entry.ref} histology (code "
                             f"{self._code(ext.valueCodeableConcept)} has neither text nor a "
                             "display: give diagnosis.histology in the base)")
                out.set("diagnosis.histology", histology, entry,
                        "extension(mcode-histology-morphology-behavior)")
        for stage in c.stage or []:
            summary = stage_text(stage.summary, group=True)
            if summary:  # used by :meth:`_stage_summary` unless a stage group gives one
                self._summary = (entry, summary)
            for ref in stage.assessment or []:
                found = self.index.get(ref.reference, Observation)
                if found is not None and is_stage_group(found[1]):
                    self._stage_group(*found)

    def _stage(self) -> dict[str, Any]:
        stage: dict[str, Any] = self.out.data.get("diagnosis", {}).get("stage", {})
        return stage

    def _source_of(self, field: str) -> str:
        return next((s.resource for s in self.out.sources if s.field == field), "another one")

    def _stage_group(self, entry: Entry, obs: Observation) -> None:
        """Import the stage group (overall stage, AJCC edition) and its T, N, M members;
        only the first group: another one is not imported, with a warning."""
        if self._group is not None:
            if entry.ref != self._group.ref:
                self.used.add(entry.ref)
                self.out.warn(f"not imported: {entry.ref} (another TNM stage group; "
                              f"{self._group.ref} was imported)")
            return
        out, self._group = self.out, entry
        self.used.add(entry.ref)
        overall = stage_text(obs.valueCodeableConcept, group=True)
        if overall is None and obs.valueCodeableConcept is not None:
            out.warn(f"not imported: {entry.ref} (a stage group value "
                     f"{self._code(obs.valueCodeableConcept)} accesspack does not understand)")
        out.set("diagnosis.stage.overall", overall, entry, "valueCodeableConcept")
        edition = re.search(r"(\d+)(?:st|nd|rd|th)\s+ed", text_of(obs.method) or "", re.I)
        if edition:
            out.set("diagnosis.stage.ajcc_edition", int(edition.group(1)), entry, "method")
        for ref in obs.hasMember or []:
            found = self.index.get(ref.reference, Observation)
            if found is not None:
                self._tnm(*found)

    def _tnm(self, entry: Entry, obs: Observation) -> None:
        """Import a T, N or M category, unless the stage already has that one (a warning
        then says so)."""
        found = concept_of(obs)
        if found is None or found[0].kind != "tnm":
            return
        self.used.add(entry.ref)
        name = found[0].field
        field = name.rsplit(".", 1)[1]
        value = stage_text(obs.valueCodeableConcept, group=False)
        if value is None:
            coded = obs.valueCodeableConcept
            self.out.warn(f"not imported: {entry.ref} (a TNM {field.upper()} category without "
                          + (f"a value: code {self._code(coded)} has no text or display)"
                             if coded else "a value)"))
        elif field in self._stage():
            self.out.warn(f"not imported: {entry.ref} ({name} comes from "
                          f"{self._source_of(name)})")
        else:
            self.out.set(name, value, entry, "valueCodeableConcept")

    def _stage_summary(self) -> None:
        """The primary's ``stage.summary`` gives the overall stage when no group did."""
        if self._summary is None:
            return
        entry, summary = self._summary
        overall = self._stage().get("overall")
        if overall is None:
            self.out.set("diagnosis.stage.overall", summary, entry, "stage.summary")
        elif overall != summary:
            self.out.warn(f"not imported: {entry.ref} stage.summary (diagnosis.stage.overall "
                          f"comes from {self._source_of('diagnosis.stage.overall')}, the TNM "
                          "stage group)")

    # -- Observations ------------------------------------------------------------------

    def observations(self) -> None:
        """Map the Observations not yet used; then the stage: the primary's stage group
        (imported by :meth:`conditions`), else the first other one; T, N, M categories
        it does not give from loose Observations; else the overall stage from the
        primary's ``stage.summary``."""
        latest: dict[str, tuple[date, Entry, Observation]] = {}
        groups: list[tuple[Entry, Observation]] = []
        loose: list[tuple[Entry, Observation]] = []
        for entry, obs in self.index.of_type(Observation):
            if entry.ref in self.used:
                continue
            if obs.status in ("entered-in-error", "cancelled"):
                self.out.warn(f"not imported: {entry.ref} (status {obs.status})")
                continue
            kind = kind_of(obs)
            key = SINGLETONS.get(kind or "")
            if key is not None:
                d = when(obs) or date.min
                if key not in latest or d >= latest[key][0]:
                    latest[key] = (d, entry, obs)
            elif is_stage_group(obs):
                groups.append((entry, obs))
            elif kind == "tnm":
                loose.append((entry, obs))
            elif kind == "variant" or has_profile(obs, *CODES.profile_names(
                    "genomic_variant")) or any(CODES.component("gene_studied") in codes(
                    c.code, LOINC) for c in obs.component or []):
                self._variant(entry, obs)
            elif kind == "lab":
                self._lab(entry, obs)
            elif kind == "biomarker" or has_profile(obs, *CODES.profile_names("tumor_marker")):
                self._marker(entry, obs)
            elif any("laboratory" in codes(c) for c in obs.category or []):
                self._lab(entry, obs)
            else:
                self.out.warn(f"not imported: {entry.ref} (code {self._code(obs)} is not one "
                              "accesspack maps; add it to the base if the case needs it)")
        for entry, obs in groups:
            self._stage_group(entry, obs)
        for entry, obs in loose:
            if entry.ref not in self.used:  # not a member of the group just imported
                self._tnm(entry, obs)
        self._stage_summary()
        for key, (_, entry, obs) in latest.items():
            self._singleton(key, entry, obs)

    @staticmethod
    def _code(cc: Any) -> str:
        """A concept's (or an Observation's) first code, quoted, for a warning."""
        cc = cc.code if isinstance(cc, Observation) else cc
        coded = next(iter(codes(cc)), None)
        return f"'{coded}'" if coded else "without a coding"

    def _singleton(self, key: str, entry: Entry, obs: Observation) -> None:
        out = self.out
        if key == "status":
            out.set("diagnosis.disease_status", value_text(obs), entry, "valueCodeableConcept")
        elif key == "ps":
            found = concept_of(obs)
            scale = found[0].scale if found else None
            raw = obs.valueInteger if obs.valueInteger is not None else (
                obs.valueQuantity.value if obs.valueQuantity else None)
            if raw is None and obs.valueCodeableConcept is not None:
                digits = re.match(r"\s*(\d+)", text_of(obs.valueCodeableConcept) or "")
                raw = int(digits.group(1)) if digits else None
            if raw is None:
                out.warn(f"not imported: {entry.ref} (performance status without a number)")
                return
            ps: dict[str, Any] = {"scale": scale, "value": int(raw)}
            if when(obs):
                ps["assessed_on"] = when(obs)
            out.set("diagnosis.performance_status", ps, entry, "value[x], effective[x]")
        else:
            q = obs.valueQuantity
            unit = (q.code or q.unit or "") if q else ""
            factor = {"kg": 1.0, "[lb_av]": 0.45359237, "lb": 0.45359237, "g": 0.001,
                      "cm": 1.0, "m": 100.0, "[in_i]": 2.54, "in": 2.54}.get(unit)
            if q is None or q.value is None or factor is None:
                out.warn(f"not imported: {entry.ref} ({key} without a value in a known unit)")
                return
            field = "patient.weight_kg" if key == "weight" else "patient.height_cm"
            out.set(field, round(float(q.value) * factor, 1), entry, "valueQuantity")

    def _lab(self, entry: Entry, obs: Observation) -> None:
        name = text_of(obs.code)
        measured = when(obs)
        q = obs.valueQuantity
        value: Any = number(q.value) if q is not None and q.value is not None else value_text(obs)
        if not name or value is None or measured is None:
            self.out.warn(f"not imported: {entry.ref} (laboratory value without a name, value "
                          "or date)")
            return
        lab: dict[str, Any] = {"name": name, "value": value}
        if q is not None and (q.unit or q.code):
            lab["unit"] = q.unit or q.code
        lab["measured_on"] = measured
        rr = obs.referenceRange[0] if obs.referenceRange else None
        if rr is not None:
            low = rr.low.value if rr.low and rr.low.value is not None else None
            high = rr.high.value if rr.high and rr.high.value is not None else None
            rng = rr.text or (f"{low}-{high}" if low is not None and high is not None else
                              f"<={high}" if high is not None else
                              f">={low}" if low is not None else None)
            if rng:
                lab["reference_range"] = rng
        self.out.add("labs", lab, entry, {"name": "code", "value": "value[x]",
                                          "unit": "valueQuantity.unit",
                                          "measured_on": "effective[x]",
                                          "reference_range": "referenceRange[0]"})

    def _biomarker(self, entry: Entry, obs: Observation, marker: str | None, result: str | None,
                   method: str) -> None:
        reported_on = reported(obs)
        if not marker or not result:
            lacks = [x for x, v in (("a marker", marker), ("a result", result)) if not v]
            self.out.warn(f"not imported: {entry.ref} (biomarker{' ' + marker if marker else ''}"
                          f" without {' or '.join(lacks)}: give it in the base)")
            return
        # without a date the result is still imported: the case then lists the date as
        # missing (a receptor status is not dropped for want of its report's date)
        item: dict[str, Any] = {"marker": marker, "result": result, "method": method}
        specimen = self._specimen(obs)
        if specimen:
            item["specimen"] = specimen
        lab = self._laboratory(obs)
        if lab:
            item["laboratory"] = lab
        if reported_on is not None:
            item["reported_on"] = reported_on
        for ref in obs.derivedFrom or []:
            doc = self.index.resolve(ref.reference)
            if doc is not None and doc.ref in self.documents:
                item["source"] = self.documents[doc.ref]
                break
        self.out.add("biomarkers", item, entry, {
            "marker": "code / component(48018-6)", "result": "value[x] / component",
            "method": "method", "specimen": "specimen", "laboratory": "performer",
            "reported_on": "issued / effective[x]", "source": "derivedFrom"})

    def _marker(self, entry: Entry, obs: Observation) -> None:
        found = concept_of(obs)
        name = (found[0].marker if found else None) or display_text(obs.code)
        if name is None:  # a code alone is not a marker's name
            self.out.warn(f"not imported: {entry.ref} (a tumour marker whose code "
                          f"{self._code(obs)} accesspack does not know, without text or display)")
            return
        default = (found[1].method if found else None) or "other"
        self._biomarker(entry, obs, name, value_text(obs), method_of(obs, default))

    def _variant(self, entry: Entry, obs: Observation) -> None:
        parts: dict[str, str] = {}
        part, vaf = CODES.component, CODES.component("allelic_frequency")
        for comp in obs.component or []:
            for code in codes(comp.code, LOINC):
                text = value_text(comp)
                if text:
                    parts[code] = f"VAF {text}" if code == vaf else text
        protein, dna = parts.get(part("amino_acid_change")), parts.get(part("dna_change"))
        change = f"{protein} ({dna})" if protein and dna else protein or dna
        result = ", ".join(x for x in (change, parts.get(vaf)) if x) or value_text(obs)
        self._biomarker(entry, obs, parts.get(part("gene_studied")), result,
                        method_of(obs, "other"))

    def _specimen(self, obs: Observation) -> str | None:
        if obs.specimen is None:
            return None
        found = self.index.get(obs.specimen.reference, Specimen)
        if found is not None:
            return text_of(found[1].type) or obs.specimen.display
        return obs.specimen.display

    def _laboratory(self, obs: Observation) -> str | None:
        for ref in obs.performer or []:
            found = self.index.get(ref.reference, Organization)
            if found is not None and found[1].name:
                self.used.add(found[0].ref)
                return found[1].name
        return None
