"""FHIR R4 / mCODE intake: mapping, sources, missing fields, errors, CLI, report views."""

from __future__ import annotations

import base64
import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import accesspack
from accesspack import (
    CaseFileError,
    FhirError,
    FhirImport,
    RouteError,
    from_fhir,
    load_case,
    validate,
)
from tests.conftest import EXAMPLES, ROOT, cli, make_pdf, manifest

M = "http://hl7.org/fhir/us/mcode/StructureDefinition/"
LOINC = "http://loinc.org"
BUNDLE = EXAMPLES / "fhir-mcode" / "bundle.json"
BASE = EXAMPLES / "fhir-mcode" / "base.yaml"
SECRET_NAME, SECRET_DOB = "Zyxwquorth", "1957-08-29"

# -- builders ------------------------------------------------------------------------------


def coded(code: str, text: str | None = None, system: str = LOINC) -> dict[str, Any]:
    cc: dict[str, Any] = {"coding": [{"system": system, "code": code}]}
    if text:
        cc["text"] = text
    return cc


def patient(**extra: Any) -> dict[str, Any]:
    return {"resourceType": "Patient", "id": "p1", "gender": "male", "birthDate": SECRET_DOB,
            "name": [{"use": "official", "family": SECRET_NAME, "given": ["Ada", "Lou"]}],
            **extra}


def obs(rid: str, code: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"resourceType": "Observation", "id": rid, "status": "final", "code": code,
            "subject": {"reference": "Patient/p1"}, **extra}


def bundle(*resources: dict[str, Any], urn: bool = False) -> dict[str, Any]:
    entries = []
    for r in resources:
        entry: dict[str, Any] = {"resource": r}
        if urn:
            entry["fullUrl"] = f"urn:uuid:00000000-0000-0000-0000-{len(entries):012d}"
        entries.append(entry)
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def primary(**extra: Any) -> dict[str, Any]:
    return {"resourceType": "Condition", "id": "c1", "meta": {"profile": [
        M + "mcode-primary-cancer-condition"]},
        "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C3411"}],
                 "text": "Lung adenocarcinoma"},
        "subject": {"reference": "Patient/p1"}, "onsetDateTime": "2024-01-22", **extra}


def src(imp: FhirImport, field: str) -> tuple[str, str]:
    row = next(s for s in imp.sources if s.field == field)
    return row.resource, row.element


# -- mapping -------------------------------------------------------------------------------


def test_patient(tmp_path: Path) -> None:
    race = {"url": "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race", "extension": [
        {"url": "ombCategory", "valueCoding": {"system": "urn:oid:2.16.840.1.113883.6.238",
                                               "code": "2028-9"}}]}
    imp = from_fhir(bundle(patient(extension=[race], identifier=[{"value": "MRN1"}],
                                   address=[{"line": ["1 A St"], "city": "Town", "state": "OH",
                                             "country": "US"}])), base_dir=tmp_path)
    p = imp.data["patient"]
    assert p["full_name"] == f"Ada Lou {SECRET_NAME}" and p["initials"] == "ALZ"
    assert str(p["date_of_birth"]) == SECRET_DOB and p["sex"] == "male"
    assert p["race"] == ["asian"] and p["address"]["region"] == "OH"
    assert src(imp, "patient.initials") == ("Patient/p1", "name (initials)")
    assert src(imp, "patient.date_of_birth") == ("Patient/p1", "birthDate")
    assert any("identifier" in w for w in imp.warnings)
    assert all(s.value == "(withheld)" for s in imp.sources if s.field in (
        "patient.full_name", "patient.date_of_birth", "patient.address"))


def test_primary_cancer_stage_and_metastases(tmp_path: Path) -> None:
    group = obs("sg", coded("21908-9"), valueCodeableConcept={"text": "IVB"},
                method={"text": "AJCC 8th edition"},
                hasMember=[{"reference": "urn:uuid:00000000-0000-0000-0000-000000000003"}])
    t = obs("t", coded("21905-5"), valueCodeableConcept={"text": "cT2b"})
    cond = primary(stage=[{"assessment": [{"reference": "Observation/sg"}]}],
                   extension=[{"url": M + "mcode-histology-morphology-behavior",
                               "valueCodeableConcept": {"text": "Adenocarcinoma"}}])
    sec = {"resourceType": "Condition", "id": "c2", "subject": {"reference": "Patient/p1"},
           "code": coded("C78.7", system="http://hl7.org/fhir/sid/icd-10-cm"),
           "bodySite": [{"text": "Liver"}]}
    other = {"resourceType": "Condition", "id": "c3", "subject": {"reference": "Patient/p1"},
             "code": {"text": "Hypertension"}}
    imp = from_fhir(bundle(patient(), cond, group, t, sec, other, urn=True), base_dir=tmp_path)
    d = imp.data["diagnosis"]
    assert d["icd10"] == "C34.11" and d["primary_cancer"] == "Lung adenocarcinoma"
    assert str(d["diagnosed_on"]) == "2024-01-22" and d["histology"] == "Adenocarcinoma"
    assert d["stage"] == {"overall": "IVB", "ajcc_edition": 8, "t": "cT2b"}
    assert d["metastatic_sites"] == ["Liver"] and imp.data["comorbidities"] == ["Hypertension"]
    assert src(imp, "diagnosis.stage.t") == ("Observation/t", "valueCodeableConcept")
    assert src(imp, "diagnosis.icd10") == ("Condition/c1", "code.coding(ICD-10)")


def test_stage_summary_with_unreferenced_group_and_loose_tnm(tmp_path: Path) -> None:
    """A stage.summary does not hide a stage group the Condition does not reference, nor
    loose T/N/M Observations: the summary gives the overall stage the group does not."""
    group = obs("sg", coded("21908-9"), method={"text": "AJCC 8th edition"})
    t = obs("t", coded("21905-5"), valueCodeableConcept={"text": "cT2"})
    cond = primary(stage=[{"summary": {"text": "IV"}}])
    imp = from_fhir(bundle(patient(), cond, group, t), base_dir=tmp_path)
    assert imp.data["diagnosis"]["stage"] == {"overall": "IV", "ajcc_edition": 8, "t": "cT2"}
    assert src(imp, "diagnosis.stage.overall") == ("Condition/c1", "stage.summary")
    assert src(imp, "diagnosis.stage.ajcc_edition") == ("Observation/sg", "method")
    assert src(imp, "diagnosis.stage.t") == ("Observation/t", "valueCodeableConcept")
    assert not any("Observation/sg" in w or "Observation/t " in w for w in imp.warnings)


def test_stage_group_wins_over_summary_and_the_rest_is_named(tmp_path: Path) -> None:
    group = obs("sg", coded("21908-9"), valueCodeableConcept={"text": "IVA"},
                hasMember=[{"reference": "Observation/t"}])
    t = obs("t", coded("21905-5"), valueCodeableConcept={"text": "cT2"})
    t2 = obs("t2", coded("21899-0"), valueCodeableConcept={"text": "pT3"})
    n = obs("n", coded("21906-3"), valueCodeableConcept={"text": "cN1"})
    m = obs("m", coded("21907-1"))
    group2 = obs("sg2", coded("21902-2"), valueCodeableConcept={"text": "IIIB"})
    cond = primary(stage=[{"summary": {"text": "IV"}}])
    # loose T before the group in bundle order: the group's member still wins
    imp = from_fhir(bundle(patient(), cond, t2, group, t, n, m, group2), base_dir=tmp_path)
    stage = imp.data["diagnosis"]["stage"]
    assert stage == {"overall": "IVA", "t": "cT2", "n": "cN1"}
    assert [s.resource for s in imp.sources if s.field == "diagnosis.stage.overall"] == [
        "Observation/sg"]
    assert src(imp, "diagnosis.stage.t") == ("Observation/t", "valueCodeableConcept")
    w = imp.warnings
    assert "not imported: Observation/t2 (diagnosis.stage.t comes from Observation/t)" in w
    assert "not imported: Observation/sg2 (another TNM stage group; Observation/sg was " \
           "imported)" in w
    assert "not imported: Observation/m (a TNM M category without a value)" in w
    assert any(x.startswith("not imported: Condition/c1 stage.summary") and "Observation/sg"
               in x for x in w)


def test_secondary_cancer_without_site_is_named(tmp_path: Path) -> None:
    sec = {"resourceType": "Condition", "id": "c2", "subject": {"reference": "Patient/p1"},
           "meta": {"profile": [M + "mcode-secondary-cancer-condition"]}}
    imp = from_fhir(bundle(patient(), primary(), sec), base_dir=tmp_path)
    assert "metastatic_sites" not in imp.data["diagnosis"]
    assert not any(s.field.startswith("diagnosis.metastatic_sites") for s in imp.sources)
    assert any(w.startswith("not imported: Condition/c2 (a secondary cancer without")
               for w in imp.warnings)


def test_out_add_skips_empty_items() -> None:
    from fhir.resources.R4B.patient import Patient

    from accesspack.fhir._out import Out
    from accesspack.fhir._read import Entry

    entry, out = Entry(0, None, Patient(id="p1")), Out()
    for empty in (None, "", []):
        assert out.add("diagnosis.metastatic_sites", empty, entry, {"": "code"}) is None
    assert out.data == {} and out.sources == []
    assert out.add("diagnosis.metastatic_sites", "Liver", entry, {"": "bodySite"}) == 0
    assert out.data == {"diagnosis": {"metastatic_sites": ["Liver"]}}
    assert [(s.field, s.value) for s in out.sources] == [("diagnosis.metastatic_sites[0]",
                                                          "Liver")]


def test_files_helpers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from accesspack import OutputError
    from accesspack.files import atomic_write, relative_path

    (tmp_path / "a").mkdir()
    assert relative_path(tmp_path / "a" / "x.pdf", tmp_path / "b") == "../a/x.pdf"

    def other_drive(path: str, start: str) -> str:
        raise ValueError("path is on mount 'C:', start on mount 'D:'")
    monkeypatch.setattr(os.path, "relpath", other_drive)
    assert relative_path(tmp_path / "a" / "x.pdf", tmp_path) == (
        tmp_path / "a" / "x.pdf").resolve().as_posix()
    monkeypatch.undo()
    with pytest.raises(OutputError, match="cannot write x.pdf"):
        atomic_write(tmp_path / "missing" / "x.pdf", lambda fh: fh.write(b"x"))

    def broken(fh: Any) -> None:
        fh.write(b"half")
        raise RuntimeError("stop")
    with pytest.raises(RuntimeError):
        atomic_write(tmp_path / "a" / "x.pdf", broken)
    assert list((tmp_path / "a").iterdir()) == []  # no temporary file left
    atomic_write(tmp_path / "a" / "x.pdf", lambda fh: fh.write(b"ok"), mode=0o600)
    assert (tmp_path / "a" / "x.pdf").read_bytes() == b"ok"
    if os.name != "nt":
        assert (tmp_path / "a" / "x.pdf").stat().st_mode & 0o777 == 0o600


def test_observations(tmp_path: Path) -> None:
    lab = [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "laboratory"}]}]
    gene = {"code": coded("48018-6"), "valueCodeableConcept": {"text": "EGFR"}}
    aa = {"code": coded("48005-3"), "valueCodeableConcept": {"text": "p.L858R"}}
    resources = [
        patient(),
        obs("ecog-1", coded("89247-1"), valueInteger=2, effectiveDateTime="2026-11-01"),
        obs("ecog-0", coded("89247-1"), valueInteger=1, effectiveDateTime="2025-01-01"),
        obs("w", coded("29463-7"), valueQuantity={"value": 150, "code": "[lb_av]"},
            effectiveDateTime="2026-11-01"),
        obs("cea", coded("2039-6", "CEA"), valueQuantity={"value": 5.5, "unit": "ng/mL"},
            effectiveDateTime="2026-11-01", referenceRange=[{"high": {"value": 3}}]),
        obs("crea", coded("2160-0", "Creatinine"), category=lab, effectiveDateTime="2026-11-01",
            valueQuantity={"value": 0.9, "unit": "mg/dL"}),
        obs("her2", coded("85319-2", "HER2 IHC"), valueCodeableConcept={"text": "3+"},
            effectiveDateTime="2026-01-05"),
        obs("v1", coded("69548-6"), component=[gene, aa], issued="2026-02-01T10:00:00Z",
            method={"text": "Next-generation sequencing"}),
        obs("odd", coded("12345-6")),
    ]
    imp = from_fhir(bundle(*resources), base_dir=tmp_path)
    d = imp.data
    assert d["diagnosis"]["performance_status"]["value"] == 2  # the latest
    assert src(imp, "diagnosis.performance_status")[0] == "Observation/ecog-1"
    assert d["patient"]["weight_kg"] == 68.0
    assert [x["name"] for x in d["labs"]] == ["CEA", "Creatinine"]
    assert d["labs"][0]["reference_range"] == "<=3"
    her2, egfr = d["biomarkers"]
    assert (her2["marker"], her2["result"], her2["method"]) == ("HER2", "3+", "IHC")
    assert (egfr["marker"], egfr["result"], egfr["method"]) == ("EGFR", "p.L858R", "NGS")
    assert str(egfr["reported_on"]) == "2026-02-01"
    assert src(imp, "biomarkers[1].marker") == ("Observation/v1", "code / component(48018-6)")
    assert any("Observation/odd" in w and "'12345-6'" in w for w in imp.warnings)


def test_medications_make_lines(tmp_path: Path) -> None:
    def stmt(rid: str, drug: str, start: str, end: str | None, **extra: Any) -> dict[str, Any]:
        period = {"start": start, **({"end": end} if end else {})}
        return {"resourceType": "MedicationStatement", "id": rid, "status": "completed",
                "medicationCodeableConcept": {"text": drug}, "subject": {"reference":
                "Patient/p1"}, "effectivePeriod": period, **extra}
    cancer = {"reasonReference": [{"reference": "Condition/c1"}]}
    req = {"resourceType": "MedicationRequest", "id": "r1", "status": "stopped",
           "intent": "order", "medicationCodeableConcept": {"text": "osimertinib"},
           "subject": {"reference": "Patient/p1"}, "authoredOn": "2025-03-01",
           "statusReason": {"text": "Progression"},
           "meta": {"profile": [M + "mcode-cancer-related-medication-request"]},
           "dispenseRequest": {"validityPeriod": {"start": "2025-03-02", "end": "2025-09-01"}}}
    imp = from_fhir(bundle(
        patient(), primary(),
        stmt("a", "carboplatin", "2024-02-12", "2024-04-15", **cancer),
        stmt("b", "pemetrexed", "2024-02-12", "2024-10-28", dosage=[{"text": "500 mg/m2"}],
             statusReason=[{"text": "PD"}], **cancer),
        req, stmt("h", "Amlodipine", "2019-01-01", None, status="active")), base_dir=tmp_path)
    one, two = imp.data["prior_treatments"]
    assert one["agents"] == ["carboplatin", "pemetrexed"] and one["line"] == 1
    assert one["regimen"] == "carboplatin + pemetrexed 500 mg/m2"
    assert str(one["ended_on"]) == "2024-10-28" and one["reason_stopped"] == "PD"
    assert two["agents"] == ["osimertinib"] and str(two["started_on"]) == "2025-03-02"
    assert two["reason_stopped"] == "Progression" and "best_response" not in two
    assert imp.data["current_medications"] == ["Amlodipine"]
    assert {s.resource for s in imp.sources if s.field == "prior_treatments[0].agents"} == {
        "MedicationStatement/a", "MedicationStatement/b"}


def test_people_allergies(tmp_path: Path) -> None:
    prac = {"resourceType": "Practitioner", "id": "dr",
            "name": [{"family": "Okoro", "given": ["Ife"], "suffix": ["MD"]}],
            "telecom": [{"system": "email", "value": "ife@example.org"}]}
    role = {"resourceType": "PractitionerRole", "id": "role", "practitioner": {
        "reference": "Practitioner/dr"}, "organization": {"reference": "Organization/h"},
        "specialty": [{"text": "Medical oncology"}]}
    org = {"resourceType": "Organization", "id": "h", "name": "General Hospital"}
    allergy = {"resourceType": "AllergyIntolerance", "id": "al", "patient": {
        "reference": "Patient/p1"}, "code": {"text": "Penicillin"},
        "reaction": [{"manifestation": [{"text": "rash"}]}]}
    imp = from_fhir(bundle(patient(), prac, role, org, allergy), base_dir=tmp_path)
    ph = imp.data["physician"]
    assert (ph["name"], ph["degrees"], ph["email"]) == ("Ife Okoro", ["MD"], "ife@example.org")
    assert ph["specialty"] == "Medical oncology"
    assert imp.data["institution"]["name"] == "General Hospital"
    assert imp.data["patient"]["allergies"] == ["Penicillin: rash"]
    assert src(imp, "physician.specialty") == ("PractitionerRole/role", "specialty")
    assert src(imp, "institution.name") == ("Organization/h", "name")
    nka = {"resourceType": "AllergyIntolerance", "id": "nka", "patient": {
        "reference": "Patient/p1"}, "code": coded("716186003", system="http://snomed.info/sct")}
    assert from_fhir(bundle(patient(), nka), base_dir=tmp_path).data["patient"]["allergies"] == []


def test_documents(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    make_pdf(folder / "path.pdf", 1, "Pathology")
    pdf = make_pdf(tmp_path / "inline.pdf", 1, "Inline").read_bytes()

    def doc(rid: str, code: str, attachment: dict[str, Any]) -> dict[str, Any]:
        return {"resourceType": "DocumentReference", "id": rid, "status": "current",
                "type": coded(code), "description": f"Doc {rid}",
                "content": [{"attachment": attachment}]}
    data = bundle(patient(), doc("path-1", "11526-1", {"url": "path.pdf"}),
                  doc("ngs-1", "51969-4", {"contentType": "application/pdf",
                                           "data": base64.b64encode(pdf).decode()}),
                  doc("web", "11502-2", {"url": "https://example.org/x.pdf"}))
    (folder / "b.json").write_text(json.dumps(data))
    out = tmp_path / "out"
    imp = from_fhir(folder / "b.json", base_dir=out)
    a, b = imp.data["attachments"]
    assert (a["kind"], a["path"], a["id"]) == ("pathology_report", "../in/path.pdf", "path-1")
    assert (b["kind"], b["path"]) == ("biomarker_report", "uploads/ngs-1.pdf")
    assert (out / "uploads" / "ngs-1.pdf").read_bytes() == pdf
    assert imp.uploads == (out / "uploads" / "ngs-1.pdf",)
    assert SECRET_NAME not in " ".join(p.name for p in (out / "uploads").iterdir())
    assert any("DocumentReference/web" in w and "web URL" in w for w in imp.warnings)
    assert src(imp, "attachments[1].path") == ("DocumentReference/ngs-1", "content.attachment")


# -- missing, base, route ------------------------------------------------------------------


def test_missing_without_base(tmp_path: Path) -> None:
    imp = from_fhir(BUNDLE, base_dir=tmp_path)
    assert imp.case is None and not imp.ready
    required = {m.field for m in imp.missing if m.kind == "required"}
    assert {"case_id", "prepared_on", "request", "product", "treatment_plan"} <= required


def test_example_with_base_validates_and_ledger_agrees(tmp_path: Path) -> None:
    imp = from_fhir(BUNDLE, base=BASE, route="fda/single-patient", base_dir=tmp_path)
    assert imp.case is not None
    ledger = validate(imp.case, "fda/single-patient")
    assert ledger.ready == imp.ready
    assert [m.field for m in imp.missing] == [g.id for g in ledger.gaps]
    assert imp.case.prior_treatments[0].setting == "metastatic"  # keyed merge
    assert imp.case.prior_treatments[2].agents == ["sunvozertinib"]  # from FHIR
    ids = [a.id for a in imp.case.attachments]
    assert "loa" in ids and "ngs-tg-24-003318" in ids  # base and FHIR documents together
    assert imp.case.biomarkers[0].source == "ngs-tg-24-003318"
    assert any(w.startswith("prior_treatments[0].regimen: the base's value") for w in
               imp.warnings)
    assert imp.ledger is not None and imp.ledger.route == "fda/single-patient"


def _base_without(section: str, field: str) -> dict[str, Any]:
    """The example base as a dict (attachment paths made absolute) without one field."""
    data = yaml.safe_load(BASE.read_text(encoding="utf-8"))
    for att in data["attachments"]:
        att["path"] = str((BASE.parent / att["path"]).resolve())
    data = copy.deepcopy(data)
    del data[section][field]
    return data


def test_route_gap_in_missing(tmp_path: Path) -> None:
    imp = from_fhir(BUNDLE, base=_base_without("physician", "medical_school"),
                    route="fda/single-patient", base_dir=tmp_path)
    assert imp.case is not None and imp.ledger is not None
    assert imp.ready is False
    gap = next(m for m in imp.missing if m.field == "field:physician.medical_school")
    assert gap.kind == "gap" and "medical school" in gap.problem
    assert [m.field for m in imp.missing] == [g.id for g in imp.ledger.gaps]


def test_bad_option_fails_before_anything_is_written(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "inline.pdf", 1, "Inline").read_bytes()
    doc = {"resourceType": "DocumentReference", "id": "ngs-1", "status": "current",
           "type": coded("51969-4"), "content": [{"attachment": {
               "contentType": "application/pdf", "data": base64.b64encode(pdf).decode()}}]}
    out = tmp_path / "out"
    for options in ({"form_edition": "1999-01"}, {"no_such_option": "x"}):
        with pytest.raises(RouteError):
            from_fhir(bundle(patient(), doc), route="fda/single-patient", options=options,
                      base_dir=out)
        assert not out.exists()
    imp = from_fhir(bundle(patient(), doc), route="fda/single-patient",
                    options={"form_edition": "2019-06"}, base_dir=out)
    assert imp.uploads == (out / "uploads" / "ngs-1.pdf",)


def test_broken_base_file_names_line_and_column(tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    base.write_text("case_id: X\nprepared_on: [2026-01-01\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match=r"is not valid YAML \(line 3, column 1\)") as info:
        from_fhir(BUNDLE, base=base, base_dir=tmp_path)
    assert info.value.path == str(base)
    listed = tmp_path / "list.yaml"
    listed.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match="must be a mapping of case sections"):
        from_fhir(BUNDLE, base=listed, base_dir=tmp_path)
    with pytest.raises(CaseFileError, match="does not exist"):
        from_fhir(BUNDLE, base=tmp_path / "nope.yaml", base_dir=tmp_path)


def test_base_wins_over_the_bundle(tmp_path: Path) -> None:
    imp = from_fhir(bundle(patient(), primary()), base={"diagnosis": {"icd10": "C34.90"}},
                    base_dir=tmp_path)
    assert imp.data["diagnosis"]["icd10"] == "C34.90"
    assert not any(s.field == "diagnosis.icd10" for s in imp.sources)
    assert any("diagnosis.icd10: the base's value is used" in w for w in imp.warnings)


# -- errors --------------------------------------------------------------------------------


def _refused(tmp_path: Path, content: str | dict[str, Any]) -> str:
    path = tmp_path / "b.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    with pytest.raises(FhirError) as info:
        from_fhir(path, base_dir=tmp_path)
    message = str(info.value)
    assert SECRET_NAME not in message and SECRET_DOB not in message
    assert isinstance(info.value, accesspack.CaseError)
    return message


def test_error_not_json(tmp_path: Path) -> None:
    assert "is not JSON (line 1" in _refused(tmp_path, "{not json")


def test_error_not_a_bundle(tmp_path: Path) -> None:
    assert "is a Patient resource, not a Bundle" in _refused(tmp_path, patient())


def test_error_invalid_resource(tmp_path: Path) -> None:
    bad = patient(gender=SECRET_NAME, birthDate="1957-13-45")
    message = _refused(tmp_path, bundle(bad))
    assert "entry[0]: birthDate" in message and "1957-13-45" not in message
    unknown = {"resourceType": "Bundle", "type": "collection",
               "entry": [{"resource": {"resourceType": "Potato"}}]}
    assert "entry[0] has no known FHIR R4 resourceType" in _refused(tmp_path, unknown)


def test_error_no_patient_and_two_patients(tmp_path: Path) -> None:
    assert "has no Patient resource" in _refused(tmp_path, bundle(primary()))
    second = patient(id="p2")
    assert "holds 2 Patient resources (entry[0], entry[1])" in _refused(
        tmp_path, bundle(patient(), second))


def test_error_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(FhirError, match="does not exist"):
        from_fhir(tmp_path / "nope.json")


def test_error_path_is_the_file_or_none(tmp_path: Path) -> None:
    no_patient, not_bundle = bundle(primary()), patient()
    invalid = bundle(patient(birthDate="1957-13-45"))
    for data in (no_patient, not_bundle, invalid):
        with pytest.raises(FhirError) as info:
            from_fhir(data, base_dir=tmp_path)
        assert info.value.path is None, str(info.value)
        assert str(info.value).startswith("the bundle ")
        path = tmp_path / "b.json"
        path.write_text(json.dumps(data))
        with pytest.raises(FhirError) as info:
            from_fhir(path, base_dir=tmp_path)
        assert info.value.path == str(path)
        assert str(info.value).startswith(str(path))
    with pytest.raises(FhirError) as info:
        from_fhir(bundle(patient(), patient(id="p2")), base_dir=tmp_path)
    assert info.value.path is None


# -- views ---------------------------------------------------------------------------------


def test_repr_html_escapes(tmp_path: Path) -> None:
    prac = {"resourceType": "Practitioner", "id": "dr", "name": [{"text": "<script>x</script>"}]}
    imp = from_fhir(bundle(patient(name=[{"family": "<b>Evil</b>", "given": ["A"]}]), prac),
                    base_dir=tmp_path)
    page = imp._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<b>Evil" not in page and "Evil" not in page  # the patient's name is withheld
    assert "| physician.name | Practitioner/dr | name |" in imp.to_markdown()


def test_views_identify_nobody(tmp_path: Path) -> None:
    """Notebook views (HTML and the text/plain kept beside it), the Markdown and JSON
    reports: no patient name, birth date, address or upload file name."""
    from IPython.lib.pretty import pretty

    imp = from_fhir(BUNDLE, base=BASE, base_dir=tmp_path)
    assert imp.ready and imp.data["patient"]["full_name"]
    views = [imp._repr_html_(), pretty(imp), repr(imp), imp.to_markdown(), imp.report_json()]
    # (the files it writes are named by their DocumentReference id, and listed)
    for secret in ("Evelyn", "Marsh-Okafor", "1961-03-14", "pathology-report.pdf",
                   "ngs-report.pdf"):
        for view in views:
            assert secret not in view, secret
    assert "attachments[0].path" in imp.to_markdown()  # the row is there, its value is not
    assert repr(imp).startswith("<FhirImport case valid")


def test_to_yaml_round_trip(tmp_path: Path) -> None:
    imp = from_fhir(BUNDLE, base=BASE, base_dir=tmp_path)
    written = imp.write(tmp_path / "case.yaml")
    case = load_case(written)
    assert case.case_id == "EX-FHIR-2026-0417" and case.patient.initials == "EMO"
    assert imp.to_yaml().startswith("# Case imported from a FHIR bundle")


def test_write_elsewhere_rebases_attachments(tmp_path: Path) -> None:
    imp = from_fhir(BUNDLE, base=BASE, base_dir=tmp_path / "a")
    before = copy.deepcopy(imp.data["attachments"])
    written = imp.write(tmp_path / "b" / "c" / "case.yaml")
    assert imp.data["attachments"] == before  # the import itself is not changed
    data = yaml.safe_load(written.read_text(encoding="utf-8"))
    paths = {a["id"]: a["path"] for a in data["attachments"]}
    assert paths["labs-2026-11-10"] == "../../a/uploads/labs-2026-11-10.pdf"
    assert {a["id"]: a["path"] for a in before}["labs-2026-11-10"] == (
        "uploads/labs-2026-11-10.pdf")
    case = load_case(written)
    assert len(case.attachments) == len(imp.data["attachments"]) > 2
    for att in case.attachments:
        assert att.path.is_file(), att.id
    assert case.attachment("labs-2026-11-10").path == (
        tmp_path / "a" / "uploads" / "labs-2026-11-10.pdf").resolve()
    assert case.attachment("loa").path == (
        EXAMPLES / "uploads" / "letter-of-authorization.pdf").resolve()


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_case_file_and_uploads_are_owner_only(tmp_path: Path) -> None:
    imp = from_fhir(BUNDLE, base=BASE, base_dir=tmp_path)
    assert imp.uploads
    for upload in imp.uploads:
        assert upload.stat().st_mode & 0o777 == 0o600, upload.name
    written = imp.write(tmp_path / "case.yaml")
    assert written.stat().st_mode & 0o777 == 0o600
    imp.write(written)  # replacing it keeps it private, and leaves no temporary file
    assert written.stat().st_mode & 0o777 == 0o600
    assert not [p for p in tmp_path.rglob("*.tmp")]


# -- command line --------------------------------------------------------------------------


@pytest.mark.slow
def test_cli_import_then_validate(tmp_path: Path) -> None:
    out = tmp_path / "tmp" / "case.yaml"
    res = cli("import-fhir", str(BUNDLE), "--base", str(BASE), "--route", "fda/single-patient",
              "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert "ready for fda/single-patient" in res.stdout
    assert load_case(out).case_id == "EX-FHIR-2026-0417"
    assert (out.parent / "uploads" / "labs-2026-11-10.pdf").is_file()
    res = cli("validate", str(out), "--route", "fda/single-patient")
    assert res.returncode == 0, res.stdout + res.stderr


@pytest.mark.slow
def test_cli_without_base_exits_1_and_writes(tmp_path: Path) -> None:
    out = tmp_path / "case.yaml"
    res = cli("import-fhir", str(BUNDLE), "--out", str(out), "--json")
    assert res.returncode == 1, res.stderr
    report = json.loads(res.stdout)
    assert report["case_valid"] is False and {"field": "case_id", "kind": "required",
        "problem": "nothing in the bundle or the base gives it"} in report["missing"]
    assert "#   - case_id: nothing in the bundle" in out.read_text()


@pytest.mark.slow
def test_cli_yaml_to_stdout(tmp_path: Path) -> None:
    res = subprocess.run([sys.executable, "-m", "accesspack", "import-fhir", str(BUNDLE)],
                         capture_output=True, text=True, check=False, cwd=tmp_path)
    assert res.returncode == 1
    assert res.stdout.startswith("# Case imported") and "# FHIR import" in res.stderr
    assert (tmp_path / "uploads" / "labs-2026-11-10.pdf").is_file()  # beside the cwd


@pytest.mark.slow
def test_cli_failure_leaves_no_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bundle(primary())))
    out = tmp_path / "o" / "case.yaml"
    res = cli("import-fhir", str(bad), "--out", str(out))
    assert res.returncode == 2 and "no Patient" in res.stderr
    assert not out.exists() and not (tmp_path / "o").exists()


@pytest.mark.slow
@pytest.mark.skipif(not (ROOT / "templates").is_dir(), reason="needs the repository")
def test_cli_build_imported_example(tmp_path: Path) -> None:
    out = tmp_path / "case.yaml"
    assert cli("import-fhir", str(BUNDLE), "--base", str(BASE), "--out", str(out)
               ).returncode == 0
    res = cli("build", str(out), "--route", "fda/single-patient", "--out", str(tmp_path / "b"))
    assert res.returncode == 0, res.stderr
    packets = manifest(tmp_path / "b")["packets"]
    assert packets and all((tmp_path / "b" / p["file"]).stat().st_size > 0 for p in packets)
