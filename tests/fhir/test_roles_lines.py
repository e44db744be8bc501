"""Issue 19, roles and lines: the treating organization from FHIR roles (never a laboratory),
the treatment intent in its own field, medications grouped into lines by regimen and dates.

Every resource here is our own small synthetic JSON, shaped like the outside bundles of
tests/fixtures/fhir/README.md (HL7 mCODE STU1 and STU4 examples, MITRE trial-matching
bundles, Synthea R4 output): same code systems, extension URLs and element shapes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from accesspack import FhirImport, from_fhir
from accesspack.model import TreatmentLine

M = "http://hl7.org/fhir/us/mcode/StructureDefinition/"
SCT = "http://snomed.info/sct"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
LOINC = "http://loinc.org"


def bundle(*resources: dict[str, Any]) -> dict[str, Any]:
    """A transaction bundle with ``urn:uuid`` fullUrls, as Synthea and MITRE write them."""
    return {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": f"urn:uuid:{r['id']}", "resource": r,
         "request": {"method": "POST", "url": r["resourceType"]}} for r in resources]}


def patient(**extra: Any) -> dict[str, Any]:
    return {"resourceType": "Patient", "id": "p1", "gender": "female",
            "birthDate": "1958-03-02", **extra}


def cancer(**extra: Any) -> dict[str, Any]:
    return {"resourceType": "Condition", "id": "c1",
            "meta": {"profile": [M + "mcode-primary-cancer-condition"]},
            "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C50.912",
                                 "display": "Malignant neoplasm of left female breast"}]},
            "subject": {"reference": "urn:uuid:p1"}, "onsetDateTime": "2018-03-16", **extra}


def org(rid: str, name: str, kind: str = "prov") -> dict[str, Any]:
    return {"resourceType": "Organization", "id": rid, "name": name, "type": [{"coding": [{
        "system": "http://terminology.hl7.org/CodeSystem/organization-type", "code": kind}]}]}


def practitioner(rid: str, family: str) -> dict[str, Any]:
    return {"resourceType": "Practitioner", "id": rid,
            "name": [{"family": family, "given": ["Alex"], "prefix": ["Dr."]}]}


def drug(code: str, name: str) -> dict[str, Any]:
    return {"coding": [{"system": RXNORM, "code": code, "display": name}], "text": name}


def statement(rid: str, code: str, name: str, start: str, end: str | None = None,
              **extra: Any) -> dict[str, Any]:
    when: dict[str, Any] = ({"effectivePeriod": {"start": start, "end": end}} if end else
                            {"effectiveDateTime": start})
    return {"resourceType": "MedicationStatement", "id": rid, "status": "completed",
            "meta": {"profile": [M + "mcode-cancer-related-medication-statement"]},
            "medicationCodeableConcept": drug(code, name),
            "subject": {"reference": "urn:uuid:p1"}, **when, **extra}


def request(rid: str, code: str, name: str, authored: str, **extra: Any) -> dict[str, Any]:
    """A Synthea-style request: one per cycle, ``stopped``, the cancer as its reason."""
    return {"resourceType": "MedicationRequest", "id": rid, "status": "stopped",
            "intent": "order", "medicationCodeableConcept": drug(code, name),
            "subject": {"reference": "urn:uuid:p1"}, "authoredOn": authored,
            "reasonReference": [{"reference": "urn:uuid:c1"}], **extra}


def intent_ext(url: str, code: str) -> list[dict[str, Any]]:
    return [{"url": M + url, "valueCodeableConcept": {"coding": [{"system": SCT, "code": code}]}}]


def lines(imp: FhirImport) -> list[tuple[list[str], str, str | None]]:
    return [(t["agents"], str(t["started_on"]), str(t["ended_on"]) if "ended_on" in t else None)
            for t in imp.data.get("prior_treatments", [])]


def rules(imp: FhirImport, i: int) -> dict[str, str]:
    """Resource -> how line ``i`` was formed, as the report rows say it."""
    return {s.resource: s.element for s in imp.sources if s.field == f"prior_treatments[{i}].line"}


# -- 1. roles ------------------------------------------------------------------------------


def test_institution_is_the_cancer_encounters_service_provider_not_the_laboratory(
        tmp_path: Path) -> None:
    # Synthea: the cancer Condition names its Encounter, whose serviceProvider treats; a
    # first "prov" Organization (the family doctor) and a genomics laboratory that performed
    # a report are not the institution.
    enc = {"resourceType": "Encounter", "id": "e1", "status": "finished",
           "class": {"code": "AMB"}, "subject": {"reference": "urn:uuid:p1"},
           "participant": [{"individual": {"reference": "urn:uuid:dr-onc"}}],
           "serviceProvider": {"reference": "urn:uuid:o-hosp"}}
    report = {"resourceType": "DiagnosticReport", "id": "gx", "status": "final",
              "code": {"coding": [{"system": LOINC, "code": "81247-9"}]},
              "subject": {"reference": "urn:uuid:p1"},
              "performer": [{"reference": "urn:uuid:o-lab"}]}
    imp = from_fhir(bundle(
        patient(), org("o-pcp", "Family Practice 12"), org("o-lab", "Genomics Lab Inc.", "other"),
        org("o-hosp", "Riverside Cancer Centre"), practitioner("dr-gp", "Gable"),
        practitioner("dr-onc", "Onco"), enc, report,
        cancer(encounter={"reference": "urn:uuid:e1"})), base_dir=tmp_path)
    assert imp.data["institution"]["name"] == "Riverside Cancer Centre"
    said = next(s for s in imp.sources if s.field == "institution")
    assert (said.resource, said.value) == ("Encounter/e1", "Organization/o-hosp")
    assert said.element.startswith("serviceProvider")
    assert imp.data["physician"]["name"].endswith("Onco")  # the encounter's participant
    assert any("Organization/o-pcp" in w and "treating organization" in w
               for w in imp.warnings)


def test_a_laboratory_alone_never_becomes_the_institution(tmp_path: Path) -> None:
    # mCODE STU1 examples: the only Organization is a genomics laboratory, named by nothing
    # (or as a report's performer): the institution stays missing.
    lab = org("fm", "Foundation-like Genomics", "other")
    variant = {"resourceType": "Observation", "id": "v1", "status": "final",
               "code": {"coding": [{"system": LOINC, "code": "69548-6"}]},
               "subject": {"reference": "urn:uuid:p1"}, "effectiveDateTime": "2019-04-01",
               "performer": [{"reference": "urn:uuid:fm"}]}
    for extra in ([], [variant]):
        imp = from_fhir(bundle(patient(), cancer(), lab, *extra), base_dir=tmp_path)
        assert "institution" not in imp.data
        assert "institution" in {m.field for m in imp.missing}


def test_institution_evidence_order(tmp_path: Path) -> None:
    role = {"resourceType": "PractitionerRole", "id": "r1",
            "practitioner": {"reference": "urn:uuid:dr"},
            "organization": {"reference": "urn:uuid:o-role"}}
    enc = {"resourceType": "Encounter", "id": "e1", "status": "finished",
           "class": {"code": "AMB"}, "serviceProvider": {"reference": "urn:uuid:o-enc"}}
    orgs = [org("o-role", "Role Hospital"), org("o-enc", "Encounter Hospital"),
            org("o-man", "Managing Hospital")]
    man = {"managingOrganization": {"reference": "urn:uuid:o-man"}}
    both = bundle(patient(**man), practitioner("dr", "Doe"), role, enc, *orgs,
                  cancer(encounter={"reference": "urn:uuid:e1"}))
    assert from_fhir(both, base_dir=tmp_path).data["institution"]["name"] == "Encounter Hospital"
    no_enc = bundle(patient(**man), practitioner("dr", "Doe"), role, *orgs, cancer())
    assert from_fhir(no_enc, base_dir=tmp_path).data["institution"]["name"] == "Role Hospital"
    # the Condition's asserter: a Practitioner whose PractitionerRole names the organization
    # (the physician's own role names none)
    own = {"resourceType": "PractitionerRole", "id": "r0",
           "practitioner": {"reference": "urn:uuid:dr0"}}
    asserted = bundle(patient(**man), practitioner("dr0", "Roe"), own,
                      practitioner("dr", "Doe"), role, *orgs,
                      cancer(asserter={"reference": "urn:uuid:dr"}))
    imp = from_fhir(asserted, base_dir=tmp_path)
    assert imp.data["institution"]["name"] == "Role Hospital"
    said = next(s for s in imp.sources if s.field == "institution")
    assert said.resource == "PractitionerRole/r1" and "asserter" in said.element
    only_man = bundle(patient(**man), *orgs, cancer())
    imp = from_fhir(only_man, base_dir=tmp_path)
    assert imp.data["institution"]["name"] == "Managing Hospital"
    assert next(s for s in imp.sources if s.field == "institution").resource == "Patient/p1"
    # a second Patient nothing refers to comes first and is passed over: the evidence is
    # the managingOrganization of the Patient the case is about, never the first one
    other = {"resourceType": "Patient", "id": "p0", "gender": "male", "birthDate": "1950-01-01"}
    imp = from_fhir(bundle(other, patient(**man), *orgs, cancer()), base_dir=tmp_path)
    assert imp.data["institution"]["name"] == "Managing Hospital"
    assert next(s for s in imp.sources if s.field == "institution").resource == "Patient/p1"


# -- 2. intent -----------------------------------------------------------------------------


def test_intent_goes_to_the_lines_intent_never_its_setting(tmp_path: Path) -> None:
    # STU1: mcode-treatment-intent on statements, STU1's mcode-termination-reason;
    # STU4: mcode-procedure-intent on requests (Jenny M).
    stu1 = statement("s1", "349472", "gefitinib", "2019-04-01", status="stopped",
                     extension=[*intent_ext("mcode-treatment-intent", "373808002"), {
                         "url": M + "mcode-termination-reason", "valueCodeableConcept": {
                             "coding": [{"system": SCT, "code": "182992009",
                                         "display": "Treatment completed"}]}}])
    stu4 = request("q1", "84857", "anastrozole", "2018-09-30",
                   extension=intent_ext("mcode-procedure-intent", "363676003"))
    odd = statement("s2", "56946", "paclitaxel", "2020-01-06",
                    extension=intent_ext("mcode-procedure-intent", "1234567"))
    imp = from_fhir(bundle(patient(), cancer(), stu1, stu4, odd), base_dir=tmp_path)
    one, two, three = imp.data["prior_treatments"]
    assert (two["intent"], one["intent"]) == ("curative", "palliative")
    assert all("setting" not in t for t in (one, two, three))
    assert two["reason_stopped"] == "Treatment completed"
    assert "intent" not in three
    assert any("MedicationStatement/s2" in w and "'1234567'" in w for w in imp.warnings)
    assert {m.field for m in imp.missing} >= {"prior_treatments[0].setting"}


def test_the_model_takes_an_intent_of_mcodes_value_set() -> None:
    base = {"line": 1, "setting": "adjuvant", "regimen": "AC", "started_on": "2018-04"}
    assert TreatmentLine.model_validate({**base, "intent": "curative"}).intent == "curative"
    assert TreatmentLine.model_validate(base).intent is None
    with pytest.raises(ValidationError):
        TreatmentLine.model_validate({**base, "intent": "metastatic"})


# -- 3. lines ------------------------------------------------------------------------------


def test_the_same_drug_at_different_times_makes_two_lines(tmp_path: Path) -> None:
    # trial-matching 01: fulvestrant with leuprolide and abemaciclib, then again with
    # ribociclib two months later; and one drug in two episodes, each with its own period.
    imp = from_fhir(bundle(
        patient(), cancer(),
        statement("a", "1234", "leuprolide", "2019-04-01"),
        statement("b", "282357", "fulvestrant", "2019-04-01"),
        statement("c", "1946825", "abemaciclib", "2019-04-01"),
        statement("d", "282357", "fulvestrant", "2019-06-01"),
        statement("e", "1873916", "ribociclib", "2019-06-01"),
        statement("f", "1721560", "osimertinib", "2020-01-10", "2020-03-01"),
        statement("g", "1721560", "osimertinib", "2020-03-20", "2020-09-01")),
        base_dir=tmp_path)
    assert [x[0] for x in lines(imp)] == [
        ["leuprolide", "fulvestrant", "abemaciclib"], ["fulvestrant", "ribociclib"],
        ["osimertinib"], ["osimertinib"]]
    assert "3 records started together on 2019-04-01" in rules(imp, 0)["MedicationStatement/b"]
    assert "same drug as line 1 at another time" in rules(imp, 1)["MedicationStatement/d"]
    assert "same drug as line 3" in rules(imp, 3)["MedicationStatement/g"]


def test_one_drug_recorded_twice_the_same_day_is_one_episode(tmp_path: Path) -> None:
    # STU1: an active and a stopped statement of one drug, both effective 2019-04-01
    one = statement("s1", "349472", "gefitinib", "2019-04-01", status="active")
    two = statement("s2", "349472", "gefitinib", "2019-04-01", status="stopped")
    imp = from_fhir(bundle(patient(), cancer(), one, two), base_dir=tmp_path)
    assert lines(imp) == [(["gefitinib"], "2019-04-01", None)]
    assert "recorded twice" in rules(imp, 0)["MedicationStatement/s2"]


def test_per_cycle_requests_of_one_regimen_make_one_line(tmp_path: Path) -> None:
    # Synthea: one stopped request per cycle about every three weeks, with the cancer as
    # reasonReference; then two drugs authored the same day.
    epi = [request(f"epi{i}", "1732186", "Epirubicin", day)
           for i, day in enumerate(["1984-05-17", "1984-06-05", "1984-06-24", "1984-07-15"])]
    cyc = [request(f"cyc{i}", "1734919", "Cyclophosphamide", day)
           for i, day in enumerate(["1984-11-03", "1984-11-24", "1984-12-13"])]
    late = request("epi9", "1732186", "Epirubicin", "1985-06-01")
    after = [request("exe", "310261", "exemestane", "1985-03-29", status="active"),
             request("pal", "1601380", "palbociclib", "1985-03-29", status="active")]
    imp = from_fhir(bundle(patient(), cancer(), *epi, *cyc, *after, late), base_dir=tmp_path)
    assert lines(imp) == [
        (["Epirubicin"], "1984-05-17", "1984-07-15"),
        (["Cyclophosphamide"], "1984-11-03", "1984-12-13"),
        (["exemestane", "palbociclib"], "1985-03-29", None),
        (["Epirubicin"], "1985-06-01", None)]
    rule = rules(imp, 0)
    assert set(rule) == {f"MedicationRequest/epi{i}" for i in range(4)}
    assert "4 cycles of one regimen from 1984-05-17 to 1984-07-15" in rule["MedicationRequest/epi0"]
    assert "another episode" in rules(imp, 3)["MedicationRequest/epi9"]
    ended = next(s for s in imp.sources if s.field == "prior_treatments[0].ended_on")
    assert "last cycle" in ended.element


def test_drugs_authored_the_same_day_with_different_bounds_are_two_lines(
        tmp_path: Path) -> None:
    # STU4 Jenny M: AC and paclitaxel authored 2018-04-12, their boundsPeriod starts differ
    def req(rid: str, code: str, name: str, start: str) -> dict[str, Any]:
        return request(rid, code, name, "2018-04-12", status="active", meta={"profile": [
            M + "mcode-cancer-related-medication-request"]}, reasonReference=None,
            extension=intent_ext("mcode-procedure-intent", "373808002"),
            dosageInstruction=[{"timing": {"repeat": {"boundsPeriod": {"start": start}}}}])
    imp = from_fhir(bundle(patient(), cancer(), req("cy", "3002", "cyclophosphamide",
                                                    "2018-04-01"),
                           req("dox", "3639", "doxorubicin", "2018-04-01"),
                           req("tax", "56946", "paclitaxel", "2018-04-12")), base_dir=tmp_path)
    assert lines(imp) == [(["cyclophosphamide", "doxorubicin"], "2018-04-01", None),
                          (["paclitaxel"], "2018-04-12", None)]
    assert [t["intent"] for t in imp.data["prior_treatments"]] == ["curative", "curative"]


def test_group_identifier_says_which_requests_are_one_regimen(tmp_path: Path) -> None:
    def req(rid: str, code: str, name: str, day: str, group: str) -> dict[str, Any]:
        return request(rid, code, name, day, groupIdentifier={"value": group})
    imp = from_fhir(bundle(patient(), cancer(),
                           req("a", "40048", "carboplatin", "2024-02-12", "reg-1"),
                           req("b", "68446", "pemetrexed", "2024-02-12", "reg-1"),
                           req("c", "2058", "denosumab", "2024-02-12", "bone-1"),
                           req("d", "40048", "carboplatin", "2024-05-20", "reg-1")),
                    base_dir=tmp_path)
    assert [x[0] for x in lines(imp)] == [["carboplatin", "pemetrexed"], ["denosumab"]]
    said = rules(imp, 0)["MedicationRequest/d"]
    assert "one groupIdentifier or basedOn" in said and "reg-1" not in said  # no order number
