"""FHIR import, lenient by default (issue 19): invalid resources skipped and reported, the
Patient and the primary cancer Condition still required valid, ``strict``, Bundle types and a
folder of single resources. The resources are our own, shaped like the outside bundles
(Synthea transaction bundles, the MITRE trial-matching and extraction-framework bundles, the
HL7 mCODE STU1 folder of examples): same code systems, profiles, extension URLs and shapes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from accesspack import FhirError, from_fhir
from accesspack.fhir import FhirImport, Skipped
from tests.conftest import cli
from tests.fhir.test_import import (
    SECRET_DOB,
    SECRET_NAME,
    bundle,
    coded,
    obs,
    patient,
    primary,
)

SNOMED = "http://snomed.info/sct"
ASSERTED = "http://hl7.org/fhir/StructureDefinition/condition-assertedDate"


def receptor(rid: str, **extra: Any) -> dict[str, Any]:
    """An ER result as Synthea writes it (LOINC 85337-4, a SNOMED value)."""
    return {**obs(rid, coded("85337-4", "Estrogen receptor Ag [Presence] in Breast cancer "
                             "specimen by Immune stain"),
                  category=[{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/"
                                         "observation-category", "code": "laboratory"}]}],
                  effectiveDateTime="2024-02-01",
                  valueCodeableConcept={"coding": [{"system": SNOMED, "code": "10828004",
                                                    "display": "Positive (qualifier value)"}]}),
            **extra}


def two_values() -> dict[str, Any]:
    """An Observation with two value[x] (a Synthea-like flaw), one carrying a secret."""
    return receptor("er-2", valueString=SECRET_NAME)


def transaction(*resources: dict[str, Any], **shell: Any) -> dict[str, Any]:
    """A Synthea-like transaction: urn:uuid fullUrls, POST requests."""
    entries = [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r,
                "request": {"method": "POST", "url": r["resourceType"]}} for r in resources]
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries, **shell}


def rows(imp: FhirImport) -> list[tuple[str, str, str]]:
    return [(s.entry, s.resource, s.element) for s in imp.skipped]


def no_secret(*texts: str) -> None:
    for text in texts:
        assert SECRET_NAME not in text and SECRET_DOB not in text


# -- skipping invalid resources --------------------------------------------------------------


def test_invalid_resources_are_skipped_and_the_rest_imported(tmp_path: Path) -> None:
    bad_date = receptor("er-3", effectiveDateTime="2024-02-31")
    data = transaction(patient(), primary(), receptor("er-1"), two_values(), bad_date)
    imp = from_fhir(data, base_dir=tmp_path)
    assert rows(imp) == [("entry[3]", "Observation/er-2", "value[x]"),
                         ("entry[4]", "Observation/er-3", "effectiveDateTime")]
    assert imp.skipped[0].problem == "more than one value[x] is given; FHIR allows one"
    assert imp.data["diagnosis"]["primary_cancer"] == "Lung adenocarcinoma"
    assert [b["marker"] for b in imp.data["biomarkers"]] == ["ER"]  # er-1 only
    md, js = imp.to_markdown(), imp.report_json()
    assert "2 invalid resource(s) skipped" in md.splitlines()[2]
    assert "## Skipped" in md
    assert "| entry[3] | Observation/er-2 | value[x] | more than one value[x]" in md
    assert json.loads(js)["skipped"][1] == {
        "resource": "Observation/er-3", "entry": "entry[4]", "element": "effectiveDateTime",
        "problem": imp.skipped[1].problem}
    assert "Skipped" in imp._repr_html_() and "skipped" in repr(imp)
    no_secret(md, js, imp._repr_html_(), repr(imp), *(s.text for s in imp.skipped))


def test_strict_refuses_what_lenient_skips(tmp_path: Path) -> None:
    data = transaction(patient(), primary(), two_values())
    with pytest.raises(FhirError, match=r"1 invalid FHIR element\(s\)") as info:
        from_fhir(data, base_dir=tmp_path, strict=True)
    assert "entry[2]" in str(info.value)
    no_secret(str(info.value))
    unknown = bundle(patient(), {"resourceType": "Potato", "id": "x"})
    with pytest.raises(FhirError, match=r"entry\[1\] has no known FHIR R4 resourceType"):
        from_fhir(unknown, base_dir=tmp_path, strict=True)
    imp = from_fhir(unknown, base_dir=tmp_path)
    assert imp.skipped == [Skipped("(unknown)", "entry[1]", "",
                                   "has no known FHIR R4 resourceType")]
    assert imp.skipped[0].text == "entry[1] has no known FHIR R4 resourceType"


def test_a_flaw_of_the_bundle_itself_does_not_refuse_it(tmp_path: Path) -> None:
    """The MITRE trial-matching bundles: ``Bundle.id`` with an underscore."""
    data = transaction(patient(), primary(), id="9aa0a829-0000_1")
    imp = from_fhir(data, base_dir=tmp_path)
    assert rows(imp) == [("(the bundle)", "Bundle", "id")]
    assert imp.skipped[0].text.startswith("Bundle.id: String should match pattern")
    assert "invalid resource(s) skipped" not in repr(imp)  # no resource was skipped
    assert imp.data["diagnosis"]["primary_cancer"] == "Lung adenocarcinoma"
    with pytest.raises(FhirError, match=r"- id: String should match pattern"):
        from_fhir(data, base_dir=tmp_path, strict=True)


def test_an_invalid_patient_refuses_the_import(tmp_path: Path) -> None:
    bad = patient(birthDate="1957-02-30")
    with pytest.raises(FhirError) as info:
        from_fhir(bundle(bad, primary()), base_dir=tmp_path)
    message = str(info.value)
    assert message.startswith("the bundle has an invalid Patient (Patient/p1, entry[0])")
    assert "  - entry[0]: birthDate: " in message
    no_secret(message)


def test_an_invalid_primary_cancer_condition_refuses_the_import(tmp_path: Path) -> None:
    """The extraction framework's condition: an assertedDate ``YYYY-MM-DD`` placeholder."""
    placeholder = [{"url": ASSERTED, "valueDateTime": "YYYY-MM-DD"}]
    icd = primary(meta={}, extension=placeholder,
                  code={"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm",
                                    "code": "C02.0"}]})
    profiled = primary(extension=placeholder)
    for condition in (icd, profiled):
        with pytest.raises(FhirError) as info:
            from_fhir(bundle(patient(), condition), base_dir=tmp_path)
        message = str(info.value)
        assert "has an invalid primary cancer Condition (Condition/c1, entry[1])" in message
        assert "  - entry[1]: extension[0].valueDateTime: " in message
    # a comorbidity (SNOMED, no profile) with the same flaw is only skipped
    comorbid = {"resourceType": "Condition", "id": "c2", "extension": placeholder,
                "code": coded("44054006", system=SNOMED), "subject": {"reference": "Patient/p1"}}
    imp = from_fhir(bundle(patient(), primary(), comorbid), base_dir=tmp_path)
    assert rows(imp) == [("entry[2]", "Condition/c2", "extension[0].valueDateTime")]
    # ... but without a valid primary cancer, an invalid Condition may be it: refused
    with pytest.raises(FhirError) as info:
        from_fhir(bundle(patient(), comorbid), base_dir=tmp_path)
    assert "has no valid primary cancer Condition" in str(info.value)
    assert "  - entry[1] (Condition/c2): extension[0].valueDateTime: " in str(info.value)


def test_the_report_says_route_gaps_wait_for_a_valid_case(tmp_path: Path) -> None:
    imp = from_fhir(bundle(patient(), primary()), route="fda/single-patient",
                    base_dir=tmp_path)
    assert imp.case is None and imp.skipped == []
    md = imp.to_markdown()
    assert "The blocking gaps of fda/single-patient are listed once the case validates." in md
    assert "## Skipped" not in md and "skipped" not in md.splitlines()[2]


def test_no_patient_names_what_was_skipped(tmp_path: Path) -> None:
    with pytest.raises(FhirError) as info:
        from_fhir(bundle(primary(), receptor("er-9", effectiveDateTime="soon")),
                  base_dir=tmp_path)
    assert "has no Patient resource (skipped as invalid: entry[1] (Observation/er-9), " \
           "effectiveDateTime: " in str(info.value)


def test_an_id_that_is_not_a_fhir_id_is_not_repeated(tmp_path: Path) -> None:
    odd = receptor("er-1")
    odd["id"] = SECRET_NAME + " x"
    imp = from_fhir(bundle(patient(), primary(), odd), base_dir=tmp_path)
    assert rows(imp) == [("entry[2]", "Observation", "id")]
    no_secret(imp.to_markdown())


# -- bundle types ----------------------------------------------------------------------------


def test_bundle_types(tmp_path: Path) -> None:
    searchset = bundle(patient(), primary(), receptor("er-1"))
    searchset["type"] = "searchset"
    for e in searchset["entry"]:
        e["search"] = {"mode": "match"}
    searchset["entry"].append({"resource": {
        "resourceType": "OperationOutcome", "id": "oo",
        "issue": [{"severity": "information", "code": "informational"}]},
        "search": {"mode": "outcome"}})
    response = transaction(patient(), primary(), receptor("er-1"))
    response["type"] = "transaction-response"
    response["entry"].append({"response": {"status": "201 Created"}})  # no resource: passed over
    document = bundle({"resourceType": "Composition", "id": "doc", "status": "final",
                       "type": coded("60591-5"), "date": "2024-03-01", "title": "Summary",
                       "author": [{"reference": "Patient/p1"}]},
                      patient(), primary(), receptor("er-1"))
    document.update(type="document", identifier={"system": "urn:ietf:rfc:3986",
                                                 "value": "urn:uuid:0c3151bd"},
                    timestamp="2024-03-01T10:00:00Z")
    batch = transaction(patient(), primary(), receptor("er-1"))
    batch["type"] = "batch"
    for data in (searchset, response, document, batch, transaction(
            patient(), primary(), receptor("er-1"))):
        for strict in (False, True):
            imp = from_fhir(data, base_dir=tmp_path, strict=strict)
            assert imp.skipped == [], data["type"]
            assert imp.data["diagnosis"]["primary_cancer"] == "Lung adenocarcinoma"
            assert [b["marker"] for b in imp.data["biomarkers"]] == ["ER"]
    history = bundle(patient(), primary())
    history["type"] = "history"
    with pytest.raises(FhirError, match="is a history Bundle"):
        from_fhir(history, base_dir=tmp_path)


def test_a_parsed_bundle_is_read_as_it_is(tmp_path: Path) -> None:
    imp = from_fhir(Bundle.model_validate(bundle(patient(), primary())), base_dir=tmp_path)
    assert imp.skipped == [] and imp.data["diagnosis"]["icd10"]


# -- a folder of single resources ------------------------------------------------------------


def _folder(tmp_path: Path) -> Path:
    """Like the mCODE STU1 examples: one resource a file, ``Type-Name.json``; plus a file
    named with the patient's name, one that is not JSON, a Bundle, and a README."""
    folder = tmp_path / "examples"
    folder.mkdir()
    files = {"Patient-mCODEPatientExample01.json": patient(),
             "Condition-mCODEPrimaryCancerConditionExample01.json": primary(),
             f"Observation-{SECRET_NAME}.json": two_values(),
             "Observation-ER.json": receptor("er-1"),
             "Bundle-other.json": bundle(patient(id="p9"))}
    for name, resource in files.items():
        (folder / name).write_text(json.dumps(resource))
    (folder / "Observation-broken.json").write_text("{not json")
    (folder / "README.md").write_text("not a resource")
    return folder


def test_a_folder_of_resources_is_one_bundle(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    imp = from_fhir(folder, base_dir=tmp_path)
    assert imp.data["diagnosis"]["primary_cancer"] == "Lung adenocarcinoma"
    assert [b["marker"] for b in imp.data["biomarkers"]] == ["ER"]
    # the files in name order: Bundle-other, Condition-..., Observation-ER,
    # Observation-<name>, Observation-broken, Patient-...
    assert rows(imp) == [("entry[0]", "(unread file)", ""),
                         ("entry[3]", "Observation/er-2", "value[x]"),
                         ("entry[4]", "(unread file)", "")]
    assert imp.skipped[0].problem.startswith("is a Bundle")
    assert imp.skipped[2].problem.startswith("is not JSON (line 1")
    no_secret(imp.to_markdown(), imp.report_json())
    with pytest.raises(FhirError) as info:
        from_fhir(folder, base_dir=tmp_path, strict=True)
    assert str(info.value).startswith(f"{folder}: entry[0] (its file 1 in name order) is a "
                                      "Bundle")
    (folder / "Bundle-other.json").unlink()
    (folder / "Observation-broken.json").unlink()
    with pytest.raises(FhirError, match=r"entry\[2\]: value\[x\]") as info:
        from_fhir(folder, base_dir=tmp_path, strict=True)
    no_secret(str(info.value))


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(FhirError, match="holds no .json file") as info:
        from_fhir(tmp_path, base_dir=tmp_path)
    assert info.value.path == str(tmp_path)


# -- the command line ------------------------------------------------------------------------


def test_cli_folder_lenient_and_strict(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    out = tmp_path / "o" / "case.yaml"
    res = cli("import-fhir", str(folder), "--out", str(out))
    assert res.returncode == 1, res.stderr  # written; fields still missing (no base)
    assert "## Skipped" in res.stdout and "| entry[3] | Observation/er-2 | value[x] |" in res.stdout
    assert out.is_file()
    no_secret(res.stdout, res.stderr)
    strict_out = tmp_path / "s" / "case.yaml"
    res = cli("import-fhir", str(folder), "--strict", "--out", str(strict_out))
    assert res.returncode == 2 and "is a Bundle" in res.stderr
    assert not strict_out.exists()
    res = cli("import-fhir", str(folder), "--json", "--out", str(out))
    assert [s["entry"] for s in json.loads(res.stdout)["skipped"]] == [
        "entry[0]", "entry[3]", "entry[4]"]


# -- a second Patient ------------------------------------------------------------------------


def test_a_second_patient_nothing_refers_to_is_passed_over(tmp_path: Path) -> None:
    """The mCODE STU1 examples hold two Patients; every resource is about the first."""
    data = bundle(patient(), primary(), receptor("er-1"), patient(id="p2"))
    imp = from_fhir(data, base_dir=tmp_path)
    assert imp.data["diagnosis"]["primary_cancer"] == "Lung adenocarcinoma"
    assert any(w.startswith("not imported: Patient/p2 (a second Patient no resource")
               for w in imp.warnings)
    with pytest.raises(FhirError, match=r"holds 2 Patient resources \(entry\[0\], entry\[3\]\)"):
        from_fhir(data, base_dir=tmp_path, strict=True)
    about_p2 = receptor("er-2", subject={"reference": "Patient/p2"})
    with pytest.raises(FhirError, match="holds 2 Patient resources"):
        from_fhir(bundle(patient(), primary(), about_p2, patient(id="p2")), base_dir=tmp_path)
