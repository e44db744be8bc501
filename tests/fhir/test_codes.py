"""Codes as data (fhir/codes.yaml) and the clinical mapping they drive (issue 19, part A).

Every resource here is our own small synthetic JSON, shaped like the outside bundles the
issue names: the HL7 mCODE STU1 examples, the mCODE STU4 "Jenny M" bundle, MITRE's
trial-matching test patients and Synthea's US Core export (same code systems, profiles,
extension URLs and element shapes; none of their content)."""

from __future__ import annotations

import importlib.util
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from accesspack import from_fhir
from accesspack.fhir.codes import Codes, load
from tests.conftest import ROOT
from tests.fhir.test_import import LOINC, M, bundle, coded, obs, patient, primary, src

SCT = "http://snomed.info/sct"
AJCC = "http://cancerstaging.org"
ASSERTED = "http://hl7.org/fhir/StructureDefinition/condition-assertedDate"
AJCC8 = {"coding": [{"system": SCT, "code": "897275008", "display": (
    "American Joint Commission on Cancer, Cancer Staging Manual, 8th edition neoplasm "
    "staging system (tumor staging)")}]}


def sct(code: str, display: str | None = None, text: str | None = None) -> dict[str, Any]:
    coding: dict[str, Any] = {"system": SCT, "code": code}
    if display:
        coding["display"] = display
    cc: dict[str, Any] = {"coding": [coding]}
    if text:
        cc["text"] = text
    return cc


def ajcc(code: str, display: str | None = None) -> dict[str, Any]:
    coding: dict[str, Any] = {"system": AJCC, "code": code}
    if display:
        coding["display"] = display
    return {"coding": [coding]}


def cancer(**extra: Any) -> dict[str, Any]:
    """A primary cancer Condition coded in SNOMED CT only (as STU1, STU4 and Synthea do)."""
    return {"resourceType": "Condition", "id": "c1", "subject": {"reference": "Patient/p1"},
            "code": sct("254837009", "Malignant neoplasm of breast (disorder)"), **extra}


def raw_yaml() -> Any:
    return yaml.safe_load(resources.files("accesspack.fhir").joinpath("codes.yaml").read_text())


def run(tmp_path: Path, *resources: dict[str, Any]) -> Any:
    return from_fhir(bundle(patient(), *resources), base_dir=tmp_path)


# -- the data file ---------------------------------------------------------------------


@pytest.mark.parametrize(("system", "code", "kind", "field"), [
    ("loinc", "21908-9", "stage_group", "diagnosis.stage.overall"),
    ("loinc", "21902-2", "stage_group", "diagnosis.stage.overall"),
    ("snomed", "399537006", "stage_group", "diagnosis.stage.overall"),
    ("snomed", "399588009", "stage_group", "diagnosis.stage.overall"),
    ("loinc", "21905-5", "tnm", "diagnosis.stage.t"),
    ("loinc", "21899-0", "tnm", "diagnosis.stage.t"),
    ("loinc", "21906-3", "tnm", "diagnosis.stage.n"),
    ("loinc", "21900-6", "tnm", "diagnosis.stage.n"),
    ("loinc", "21907-1", "tnm", "diagnosis.stage.m"),
    ("loinc", "21901-4", "tnm", "diagnosis.stage.m"),
    ("snomed", "399504009", "tnm", "diagnosis.stage.t"),
    ("snomed", "384625004", "tnm", "diagnosis.stage.t"),
    ("snomed", "399534004", "tnm", "diagnosis.stage.n"),
    ("snomed", "371494008", "tnm", "diagnosis.stage.n"),
    ("snomed", "399387003", "tnm", "diagnosis.stage.m"),
    ("snomed", "371497001", "tnm", "diagnosis.stage.m"),
    ("loinc", "16112-5", "biomarker", "biomarkers"),
    ("loinc", "85337-4", "biomarker", "biomarkers"),
    ("loinc", "40556-3", "biomarker", "biomarkers"),
    ("loinc", "16113-3", "biomarker", "biomarkers"),
    ("loinc", "85339-0", "biomarker", "biomarkers"),
    ("loinc", "40557-1", "biomarker", "biomarkers"),
    ("loinc", "48676-1", "biomarker", "biomarkers"),
    ("loinc", "85319-2", "biomarker", "biomarkers"),
    ("loinc", "18474-7", "biomarker", "biomarkers"),
    ("loinc", "2039-6", "lab", "labs"),
    ("loinc", "89247-1", "performance_status", "diagnosis.performance_status"),
    ("loinc", "89243-0", "performance_status", "diagnosis.performance_status"),
    ("loinc", "97509-4", "disease_status", "diagnosis.disease_status"),
    ("loinc", "88040-1", "disease_status", "diagnosis.disease_status"),
    ("loinc", "29463-7", "weight", "patient.weight_kg"),
    ("loinc", "8302-2", "height", "patient.height_cm"),
])
def test_codes_yaml_maps(system: str, code: str, kind: str, field: str) -> None:
    codes = load()
    found = codes.concept({(codes.url(system), code)})
    assert found is not None, code
    concept, _ = found
    assert (concept.kind, concept.field) == (kind, field)


def test_codes_yaml_is_loaded_once_and_checked() -> None:
    assert load() is load()
    raw = raw_yaml()
    raw["observations"][0]["codes"][0]["mcode"] = ["STU9"]
    with pytest.raises(ValueError, match="unknown source"):
        Codes.model_validate(raw)
    raw = raw_yaml()
    raw["observations"][0]["codes"].append(raw["observations"][1]["codes"][0])
    with pytest.raises(ValueError, match="two concepts"):
        Codes.model_validate(raw)


def test_adding_a_code_is_a_data_change() -> None:
    raw = raw_yaml()
    her2 = next(c for c in raw["observations"] if c["id"] == "her2")
    her2["codes"].append({"system": "loinc", "code": "99999-9", "seen": ["MITRE"]})
    codes = Codes.model_validate(raw)
    found = codes.concept({(LOINC, "99999-9")})
    assert found is not None and found[0].marker == "HER2"


@pytest.mark.parametrize(("text", "group"), [
    ("4", "IV"), ("3C", "IIIC"), ("IV", "IV"), ("IIIC", "IIIC"), ("0", "0"), ("2b", "IIB"),
    ("cT3", None), ("Stage 3A", None)])
def test_stage_group_numerals(text: str, group: str | None) -> None:
    assert load().stage_group(text) == group


@pytest.mark.parametrize(("display", "clean"), [
    ("Stage 3A (qualifier value)", "3A"),
    ("American Joint Committee on Cancer stage IIIC (qualifier value)", "IIIC"),
    ("American Joint Committee on Cancer cT3 (qualifier value)", "cT3"),
    ("T2 category (finding)", "T2"), ("N1 category (finding)", "N1")])
def test_clean_display(display: str, clean: str) -> None:
    assert load().clean_display(display) == clean


# -- staging ---------------------------------------------------------------------------


def test_snomed_tnm_and_stage_group_stu4_shape(tmp_path: Path) -> None:
    """mCODE STU4: T, N, M and the group coded in SNOMED CT with SNOMED AJCC values;
    the group's value gives the overall stage, as the AJCC group, over stage.summary."""
    cond = cancer(meta={"profile": [M + "mcode-primary-cancer-condition"]},
                  code=sct("353431000119107"), stage=[{
                      "summary": sct("1222806003"), "type": sct("897275008"),
                      "assessment": [{"reference": "Observation/sg"}]}])
    group = obs("sg", sct("399537006", "Clinical TNM stage grouping"), method=AJCC8,
                meta={"profile": [M + "mcode-tnm-stage-group"]}, valueCodeableConcept=sct(
                    "1222769001", "American Joint Committee on Cancer stage IIB (qualifier "
                    "value)"))
    t = obs("t", sct("399504009", "cT category"), method=AJCC8, valueCodeableConcept=sct(
        "1228938002", "American Joint Committee on Cancer cT3 (qualifier value)"))
    n = obs("n", sct("399534004", "cN category"), method=AJCC8, valueCodeableConcept=sct(
        "1229967007", "American Joint Committee on Cancer cN0 (qualifier value)"))
    m = obs("m", sct("399387003", "cM category"), method=AJCC8, valueCodeableConcept=sct(
        "1229901006", "American Joint Committee on Cancer cM0 (qualifier value)"))
    imp = run(tmp_path, cond, group, t, n, m)
    d = imp.data["diagnosis"]
    assert d["stage"] == {"overall": "IIB", "ajcc_edition": 8, "t": "cT3", "n": "cN0",
                          "m": "cM0"}
    assert d["primary_cancer"] == "Primary malignant neoplasm of female left breast"
    assert src(imp, "diagnosis.stage.t") == ("Observation/t", "valueCodeableConcept")
    # the summary (IIIC, from codes.yaml's display of 1222806003) disagrees: named
    assert any(w.startswith("not imported: Condition/c1 stage.summary") for w in imp.warnings)
    assert not any("is not one accesspack maps" in w for w in imp.warnings)


def test_pathological_snomed_categories(tmp_path: Path) -> None:
    imp = run(tmp_path, cancer(),
              obs("pt", sct("384625004", "pT category"), valueCodeableConcept=ajcc("pT2")),
              obs("pn", sct("371494008", "pN category"), valueCodeableConcept=ajcc("pN1a")),
              obs("pm", sct("371497001"), valueCodeableConcept=ajcc("cM0")),
              obs("pg", sct("399588009"), valueCodeableConcept=ajcc("2B")))
    assert imp.data["diagnosis"]["stage"] == {"overall": "IIB", "t": "pT2", "n": "pN1a",
                                              "m": "cM0"}


@pytest.mark.parametrize(("value", "overall"), [
    (ajcc("4", "IV"), "IV"),            # trial matching: AJCC code 4, display IV
    (ajcc("3C"), "IIIC"),               # STU1, extraction framework: AJCC 3C, no display
    (sct("261638004", "Stage 3A (qualifier value)", "Stage 3A (qualifier value)"), "IIIA"),
    (sct("258224005"), "III"),          # Synthea's second group, no display: codes.yaml
    ({"text": "IVB"}, "IVB"),           # our own example: text
])
def test_stage_group_prints_as_ajcc_group(tmp_path: Path, value: dict[str, Any],
                                          overall: str) -> None:
    imp = run(tmp_path, cancer(), obs("sg", coded("21908-9"), valueCodeableConcept=value))
    assert imp.data["diagnosis"]["stage"]["overall"] == overall


def test_stage_summary_ajcc_code_and_synthea_tnm_values(tmp_path: Path) -> None:
    """STU1's stage.summary AJCC 3C (no display) prints IIIC; Synthea's SNOMED T value
    'T2 category (finding)' prints T2."""
    imp = run(tmp_path, cancer(stage=[{"summary": ajcc("3C")}]),
              obs("t", coded("21905-5"), valueCodeableConcept=sct(
                  "67673008", "T2 category (finding)", "T2 category (finding)")))
    assert imp.data["diagnosis"]["stage"] == {"overall": "IIIC", "t": "T2"}


def test_staging_value_not_understood_is_reported(tmp_path: Path) -> None:
    """A SNOMED value with neither text nor display, unknown to codes.yaml: never printed."""
    imp = run(tmp_path, cancer(), obs("sg", coded("21908-9"), valueCodeableConcept=sct("1")),
              obs("t", sct("399504009"), valueCodeableConcept=sct("2")))
    assert "stage" not in imp.data["diagnosis"]
    assert "not imported: Observation/t (a TNM T category without a value: code '2' has no " \
           "text or display)" in imp.warnings
    assert any(w.startswith("not imported: Observation/sg (a stage group value '1'")
               for w in imp.warnings)


# -- histology, dates, the primary cancer ----------------------------------------------


def histology(cc: dict[str, Any]) -> dict[str, Any]:
    return {"url": M + "mcode-histology-morphology-behavior", "valueCodeableConcept": cc}


@pytest.mark.parametrize(("cc", "shown"), [
    (sct("413448000", "Adenocarcinoma, no subtype (morphologic abnormality)", "Adenocarcinoma"),
     "Adenocarcinoma"),
    (sct("82711006", "Infiltrating duct carcinoma (morphologic abnormality)"),
     "Infiltrating duct carcinoma"),
    (sct("1187425009"), None)])
def test_histology_text_else_display_else_reported(tmp_path: Path, cc: dict[str, Any],
                                                   shown: str | None) -> None:
    imp = run(tmp_path, cancer(extension=[histology(cc)]))
    assert imp.data["diagnosis"].get("histology") == shown
    reported = [w for w in imp.warnings if "histology" in w]
    assert (reported == [
        "not imported: Condition/c1 histology (code '1187425009' has neither text nor a "
        "display: give diagnosis.histology in the base)"]) == (shown is None)


def test_asserted_date_when_onset_is_absent(tmp_path: Path) -> None:
    imp = run(tmp_path, cancer(extension=[{"url": ASSERTED, "valueDateTime": "2019-03-20"}],
                               recordedDate="2019-04-02"))
    assert str(imp.data["diagnosis"]["diagnosed_on"]) == "2019-03-20"
    assert src(imp, "diagnosis.diagnosed_on") == ("Condition/c1",
                                                  "extension(condition-assertedDate)")
    imp = run(tmp_path, cancer(extension=[{"url": ASSERTED, "valueDateTime": "2019-03-20"}],
                               onsetDateTime="2019-02"))
    assert str(imp.data["diagnosis"]["diagnosed_on"]) == "2019-02"
    assert src(imp, "diagnosis.diagnosed_on") == ("Condition/c1", "onsetDateTime")


def test_primary_cancer_in_more_shapes(tmp_path: Path) -> None:
    """Synthea (US Core, SNOMED only), STU1 (profile, SNOMED without display) and an
    ICD-10 C code are primaries; a SNOMED code outside codes.yaml is a comorbidity."""
    imp = run(tmp_path, cancer(onsetDateTime="2013-01-21"))
    assert imp.data["diagnosis"]["primary_cancer"] == "Malignant neoplasm of breast"
    assert "comorbidities" not in imp.data
    stu1 = cancer(meta={"profile": [M + "mcode-primary-cancer-condition"]},
                  code=sct("254637007"))
    imp = run(tmp_path, stu1)
    assert imp.data["diagnosis"]["primary_cancer"] == "Non-small cell lung cancer"
    imp = run(tmp_path, primary(), cancer(id="c2", code=sct("44054006", "Diabetes")))
    assert imp.data["diagnosis"]["primary_cancer"] == "Lung adenocarcinoma"
    assert imp.data["comorbidities"] == ["Diabetes"]


def test_a_snomed_code_alone_is_never_printed(tmp_path: Path) -> None:
    """STU1 shapes: a comorbidity, a secondary cancer and a primary whose SNOMED codes have
    no display and are not in codes.yaml (the primary's is a placeholder) are reported, not
    printed as codes; an ICD-10 code alone still names a comorbidity."""
    comorbid = cancer(id="c2", code=sct("44054006"))
    icd = cancer(id="c3", code=coded("I10", system="http://hl7.org/fhir/sid/icd-10-cm"))
    secondary = cancer(id="c4", meta={"profile": [M + "mcode-secondary-cancer-condition"]},
                       code=sct("94225005"))
    prim = cancer(meta={"profile": [M + "mcode-primary-cancer-condition"]},
                  code=sct("00000000"))
    imp = run(tmp_path, prim, comorbid, icd, secondary)
    assert imp.data["comorbidities"] == ["I10"]
    assert not {"primary_cancer", "metastatic_sites"} & set(imp.data.get("diagnosis", {}))
    w = imp.warnings
    assert "not imported: Condition/c2 (code '44054006' has neither text nor a display: give " \
           "comorbidities in the base)" in w
    assert any(x.startswith("not imported: Condition/c4 (a secondary cancer") for x in w)
    assert any(x.startswith("not imported: Condition/c1 code '00000000'") for x in w)


# -- biomarkers ------------------------------------------------------------------------

LAB = [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                    "code": "laboratory"}]}]


def marker(rid: str, code: dict[str, Any], value: dict[str, Any],
           profile: str = "mcode-tumor-marker") -> dict[str, Any]:
    return obs(rid, code, meta={"profile": [M + profile]}, category=LAB,
               effectiveDateTime="2019-04-01", valueCodeableConcept=value)


def test_receptors_under_other_loinc_codes(tmp_path: Path) -> None:
    """Trial-matching shapes (STU1 `mcode-tumor-marker`, category laboratory): ER
    40556-3, PR 40557-1, HER2 by IHC 18474-7 are biomarkers, not labs."""
    pos, neg = sct("10828004", "Positive (qualifier value)"), sct("260385009",
                                                                 "Negative (qualifier value)")
    imp = run(tmp_path, cancer(),
              marker("er", coded("40556-3", "Estrogen receptor Ag [Presence] in Tissue by "
                                 "Immune stain"), pos),
              marker("pr", coded("40557-1"), pos),
              marker("her2", coded("18474-7"), neg))
    got = [(b["marker"], b["result"], b["method"]) for b in imp.data["biomarkers"]]
    assert got == [("ER", "Positive", "IHC"), ("PR", "Positive", "IHC"),
                   ("HER2", "Negative", "IHC")]
    assert "labs" not in imp.data


def test_predictive_tumour_marker_is_a_biomarker_serum_marker_a_lab(tmp_path: Path) -> None:
    egfr = marker("egfr", {"text": "EGFR"}, {"text": "Exon 19 deletion detected"})
    cea = obs("cea", coded("2039-6", "CEA"), meta={"profile": [M + "mcode-tumor-marker-test"]},
              effectiveDateTime="2019-04-01",
              valueQuantity={"value": 12.5, "unit": "ng/mL"})
    imp = run(tmp_path, cancer(), egfr, cea)
    assert [b["marker"] for b in imp.data["biomarkers"]] == ["EGFR"]
    assert [lab["name"] for lab in imp.data["labs"]] == ["CEA"]


def test_stu1_egfr_tumour_marker_is_a_biomarker(tmp_path: Path) -> None:
    """STU1's tumour marker example: EGFR by LOINC 39004-7, no display, profile
    `mcode-tumor-marker`, category laboratory: a biomarker, not a lab."""
    imp = run(tmp_path, cancer(), marker("tm", coded("39004-7"), sct("10828004")))
    assert [(b["marker"], b["result"]) for b in imp.data["biomarkers"]] == [("EGFR", "Positive")]
    assert "labs" not in imp.data


def test_tumour_marker_code_alone_is_not_a_name(tmp_path: Path) -> None:
    """A tumour marker whose code codes.yaml does not know, with no text or display."""
    imp = run(tmp_path, cancer(), marker("tm", coded("00000-0"), sct("10828004")))
    assert "biomarkers" not in imp.data
    assert any(w.startswith("not imported: Observation/tm (a tumour marker whose code "
                            "'00000-0'") for w in imp.warnings)


def test_undated_tumour_marker_is_kept_and_its_date_is_missing(tmp_path: Path) -> None:
    """MITRE's trial-matching markers carry no date: the result is imported (a receptor
    status is not dropped) and the case lists its date as missing."""
    er = marker("er", coded("40556-3"), sct("10828004", "Positive (qualifier value)"))
    del er["effectiveDateTime"]
    imp = run(tmp_path, cancer(), er)
    assert [(b["marker"], b["result"]) for b in imp.data["biomarkers"]] == [("ER", "Positive")]
    assert "reported_on" not in imp.data["biomarkers"][0]
    assert any(m.field == "biomarkers[0].reported_on" and m.kind == "required"
               for m in imp.missing), imp.missing
    assert not any("Observation/er" in w for w in imp.warnings)


def test_stu1_disease_status_value_without_display(tmp_path: Path) -> None:
    imp = run(tmp_path, cancer(), obs("ds", coded("88040-1"), effectiveDateTime="2019-04-01",
                                      valueCodeableConcept=sct("268910001")))
    assert imp.data["diagnosis"]["disease_status"] == "Patient's condition improved"


# -- the generated docs page -----------------------------------------------------------


def test_docs_page_lists_every_code_per_mcode_version() -> None:
    spec = importlib.util.spec_from_file_location(
        "docs_fhir_codes", ROOT / "scripts" / "docs_fhir_codes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = module.page()
    codes = load()
    for concept in codes.observations:
        for c in concept.codes:
            assert f"`{c.code}`" in text, c.code
    stu4 = text.split("## mCODE 4.0.0 (STU4)")[1].split("\n## ")[0]
    assert "SNOMED CT `399504009` | cT category" in stu4 and "`mcode-tnm-stage-group`" in stu4
    stu1 = text.split("## mCODE 1.0.0 (STU1)")[1].split("\n## ")[0]
    assert "399504009" not in stu1 and "`mcode-tumor-marker` (tumor marker)" in stu1
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "scripts/docs_fhir_codes.py" in config and "guides/fhir-codes.md" in config
