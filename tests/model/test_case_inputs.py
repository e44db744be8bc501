"""Case input that is right and must be read as written (issue 16): month-only dates of
history, an address without a country, an empty list as an answer, the justification's
text fields, the coded setting of a prior line, and free text without stray white space."""

from __future__ import annotations

import copy
import dataclasses
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document

from accesspack import CaseValidationError, from_fhir, load_route, parse_case, validate
from accesspack.fhir._other import _intent
from accesspack.languages import format_date
from accesspack.model import Case, Month
from accesspack.model.dates import history_key
from accesspack.render.docx import make_environment, render_docx
from accesspack.routes.conditions import answered, empty_list_answers
from accesspack.routes.spec import Deadline
from accesspack.verdicts import find_pathways
from tests.conftest import EXAMPLES, build_cli, example_copy, text_of, validate_cli

FDA = EXAMPLES / "fda-single-patient" / "case.yaml"
FR = EXAMPLES / "ema-fr-aac" / "case.yaml"
FHIR = EXAMPLES / "fhir-mcode"


def problems(data: dict[str, Any], base_dir: Path) -> list[tuple[str, str]]:
    with pytest.raises(CaseValidationError) as info:
        parse_case(data, base_dir=base_dir)
    return list(info.value.problems)


def rows(ledger_json: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in ledger_json["rows"]}


# -- 1. month-only dates of history --------------------------------------------------------


def test_month_only_dates_load_from_yaml_beside_full_dates(case_data: dict[str, Any],
                                                           case_dir: Path) -> None:
    text = yaml.safe_dump(case_data)
    data = yaml.safe_load(text)
    data["diagnosis"]["diagnosed_on"] = "2024-01"
    line = data["prior_treatments"][0]
    line["started_on"], line["ended_on"] = "2024-03", date(2024, 9, 30)
    (case_dir / "case.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    raw = (case_dir / "case.yaml").read_text(encoding="utf-8")
    assert "started_on: 2024-03\n" in raw  # a plain YAML scalar, as a user writes it
    case = parse_case(yaml.safe_load(raw), base_dir=case_dir)
    assert case.diagnosis.diagnosed_on == Month(2024, 1)
    assert case.prior_treatments[0].started_on == Month(2024, 3)
    assert case.prior_treatments[0].ended_on == date(2024, 9, 30)
    # JSON keeps them as written: the month is never the 1st
    dumped = json.loads(case.model_dump_json())
    assert dumped["diagnosis"]["diagnosed_on"] == "2024-01"
    assert dumped["prior_treatments"][0]["started_on"] == "2024-03"
    assert dumped["prior_treatments"][0]["ended_on"] == "2024-09-30"
    # the JSON schema (accesspack schema) describes both forms
    schema = Case.model_json_schema()["$defs"]["TreatmentLine"]["properties"]["started_on"]
    assert {"type": "string", "format": "date"} in schema["anyOf"]
    assert any(s.get("pattern") == r"^\d{4}-(0[1-9]|1[0-2])$" for s in schema["anyOf"])
    # a full date as text (JSON) stays a full date
    data["diagnosis"]["diagnosed_on"] = "2024-02-10"
    assert parse_case(data, base_dir=case_dir).diagnosis.diagnosed_on == date(2024, 2, 10)


def test_month_compares_with_days_at_month_precision(case_data: dict[str, Any],
                                                     case_dir: Path) -> None:
    line = case_data["prior_treatments"][0]
    line["started_on"], line["ended_on"] = "2025-01-15", "2025-01"  # same month: accepted
    assert parse_case(case_data, base_dir=case_dir).prior_treatments[0].ended_on == Month(2025, 1)
    line["ended_on"] = "2024-12"
    assert ("prior_treatments[0]", "ended_on is before started_on") in problems(
        case_data, case_dir)
    line["started_on"], line["ended_on"] = "2025-02", "2025-01-31"
    assert any("ended_on is before started_on" in m for _, m in problems(case_data, case_dir))
    # sorting: a month before the days in it, after the days of the month before
    days = [date(2025, 1, 15), Month(2025, 2), Month(2025, 1), date(2024, 12, 31)]
    assert sorted(days, key=history_key) == [date(2024, 12, 31), Month(2025, 1),
                                             date(2025, 1, 15), Month(2025, 2)]
    assert Month(2025, 1) < date(2025, 2, 1) and Month(2025, 1) > date(2024, 12, 31)
    assert not Month(2025, 1) < date(2025, 1, 31) and not Month(2025, 1) > date(2025, 1, 1)
    assert Month(2025, 1) != date(2025, 1, 1)


def test_month_after_prepared_on_and_malformed_months_are_refused(
        case_data: dict[str, Any], case_dir: Path) -> None:
    case_data["prepared_on"] = "2026-11-20"
    case_data["diagnosis"]["diagnosed_on"] = "2026-11"  # this month: accepted
    parse_case(case_data, base_dir=case_dir)
    case_data["diagnosis"]["diagnosed_on"] = "2026-12"
    assert ("(case)", "diagnosis.diagnosed_on is after prepared_on") in problems(
        case_data, case_dir)
    for bad in ("2025-13", "2025", "01/2025", "2025-1"):
        case_data["diagnosis"]["diagnosed_on"] = bad
        found = problems(case_data, case_dir)
        assert found[0][0] == "diagnosis.diagnosed_on", bad
        assert "YYYY-MM" in found[0][1], found


@pytest.mark.parametrize(("pattern", "language", "month", "day"), [
    ("MM/dd/yyyy", "en", "01/2025", "01/15/2025"),
    ("dd.MM.yyyy", "de", "01.2025", "15.01.2025"),
    ("dd/MM/yyyy", "fr", "01/2025", "15/01/2025"),
    ("y年M月d日", "zh", "2025年1月", "2025年1月15日"),
])
def test_month_prints_by_the_route_pattern_without_a_day(
        tmp_path: Path, pattern: str, language: str, month: str, day: str) -> None:
    assert format_date(Month(2025, 1), pattern) == month
    assert format_date(date(2025, 1, 15), pattern) == day
    doc = Document()
    doc.add_paragraph().add_run("A {{ m }} B {{ m|date }} C {{ d }} D {{ n|date }}")
    doc.save(str(tmp_path / "t.docx"))
    render_docx(tmp_path / "t.docx", {"m": Month(2025, 1), "d": date(2025, 1, 15), "n": None},
                tmp_path / "o.docx", env=make_environment(pattern, language),
                stamp=date(2026, 1, 1))
    text = Document(str(tmp_path / "o.docx")).paragraphs[0].text
    assert text == f"A {month} B {month} C {day} D "


@pytest.fixture(scope="module")
def month_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The FDA example built with month-only dates for the diagnosis and the first line."""
    folder = tmp_path_factory.mktemp("month")

    def change(data: dict[str, Any]) -> None:
        data["diagnosis"]["diagnosed_on"] = "2024-01"
        data["prior_treatments"][0].update(started_on="2024-02", ended_on="2024-10")

    case = example_copy(FDA, folder / "case", change)
    return build_cli(case, "fda/single-patient", folder / "out")


@pytest.mark.slow
def test_month_only_dates_print_in_the_built_packet(month_build: Path) -> None:
    packets = sorted(month_build.glob("*.pdf"))
    assert packets
    text = " ".join(text_of(p) for p in packets)
    assert "02/2024" in text and "10/2024" in text
    assert "02/01/2024" not in text and "10/01/2024" not in text and "01/01/2024" not in text


def test_a_month_never_arms_a_deadline(case_data: dict[str, Any], case_dir: Path) -> None:
    route = load_route("fda/single-patient")
    clock = Deadline(id="test-clock", title="Test clock", trigger="diagnosis.diagnosed_on",
                     days=30)
    route = dataclasses.replace(route, spec=route.spec.model_copy(
        update={"deadlines": [*route.spec.deadlines, clock]}))
    case_data["diagnosis"]["diagnosed_on"] = "2024-01-10"
    armed = {r.id: r for r in validate(parse_case(case_data, base_dir=case_dir), route).rows}
    assert armed["deadline:test-clock"].due == date(2024, 2, 9)
    case_data["diagnosis"]["diagnosed_on"] = "2024-01"
    rows_ = {r.id: r for r in validate(parse_case(case_data, base_dir=case_dir), route).rows}
    row = rows_["deadline:test-clock"]
    assert row.due is None and row.status == "missing"
    assert "The date is not known yet: record" in (row.question or "")
    # every deadline of every shipped route reads a field typed as a full date
    from accesspack import list_routes
    for r in list_routes():
        for dl in r.spec.deadlines:
            owner: Any = Case
            *parents, last = dl.trigger.split(".")
            for name in parents:
                from accesspack.routes.conditions import _model_of
                owner = _model_of(owner.model_fields[name].annotation)
            assert "Month" not in str(owner.model_fields[last].annotation), (r.id, dl.trigger)


def test_fhir_partial_dates_stay_months(tmp_path: Path) -> None:
    bundle = json.loads((FHIR / "bundle.json").read_text(encoding="utf-8"))
    changed = 0
    for entry in bundle["entry"]:
        res = entry["resource"]
        if res["resourceType"] == "Condition" and res.get("onsetDateTime") == "2024-01-22":
            res["onsetDateTime"] = "2024-01"
            res["recordedDate"] = "2024-01"
            changed += 1
        if res["resourceType"] in ("MedicationStatement", "MedicationRequest"):
            period = res.get("effectivePeriod") or {}
            if period.get("start") == "2024-02-12":  # the first line's two drugs
                period["start"] = "2024-02"
                changed += 1
    assert changed == 3
    shutil.copytree(FHIR, tmp_path / "fhir-mcode")
    shutil.copytree(EXAMPLES / "uploads", tmp_path / "uploads")
    path = tmp_path / "fhir-mcode" / "bundle.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    imp = from_fhir(path, base=tmp_path / "fhir-mcode" / "base.yaml",
                    route="fda/single-patient", base_dir=tmp_path / "out")
    assert imp.case is not None
    assert imp.case.diagnosis.diagnosed_on == Month(2024, 1)
    assert imp.case.prior_treatments[0].started_on == Month(2024, 2)
    out = imp.to_yaml()
    assert "2024-01-01" not in out and "2024-02-01" not in out
    assert yaml.safe_load(out)["diagnosis"]["diagnosed_on"] == "2024-01"


# -- 2. no default country -----------------------------------------------------------------


def _no_country(data: dict[str, Any]) -> None:
    def strip(node: Any) -> None:
        if isinstance(node, dict):
            if "line1" in node and "city" in node:
                node.pop("country", None)
            for value in node.values():
                strip(value)
        elif isinstance(node, list):
            for value in node:
                strip(value)
    strip(data)


@pytest.mark.slow
def test_a_french_case_without_country_is_asked_not_refused(tmp_path: Path) -> None:
    case = example_copy(FR, tmp_path / "nocountry", _no_country)
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    assert "country" not in data["institution"]["address"]
    loaded = parse_case(data, base_dir=case.parent)
    assert loaded.institution.address is not None
    assert loaded.institution.address.country is None  # no longer "US"
    ledger = validate_cli(case, "ema/fr-aac")
    row = rows(ledger)["applicability:country"]
    assert row["status"] == "missing" and not row["blocking"]
    assert "institution.address.country" in row["question"]
    assert "applicability:country" not in ledger["gaps"]
    assert not [r for r in ledger["rows"] if r["status"] == "not_met"
                and r["category"] == "applicability"]
    found = find_pathways(loaded)
    verdict = next(v for v in found.verdicts if v.route == "ema/fr-aac")
    assert verdict.applies
    # the finder asks for the country once, not under each national route
    assert not any("institution.address.country" in n for v in found.verdicts for n in v.notes)
    assert found.question and "institution.address.country" in found.question


@pytest.mark.slow
def test_a_case_in_another_country_is_still_refused(tmp_path: Path) -> None:
    def american(data: dict[str, Any]) -> None:
        data["institution"]["address"]["country"] = "US"

    ledger = validate_cli(example_copy(FR, tmp_path / "us", american), "ema/fr-aac")
    row = rows(ledger)["applicability:country"]
    assert row["status"] == "not_met" and row["blocking"]
    assert "institution.address.country" in row["item"]


# -- 3. an empty list is an answer -----------------------------------------------------------


def test_empty_allergies_are_an_answer_absent_ones_a_gap(case_data: dict[str, Any],
                                                        case_dir: Path) -> None:
    case_data["patient"]["allergies"] = []
    ledger = json.loads(validate(parse_case(case_data, base_dir=case_dir),
                                 "fda/single-patient").to_json())
    assert rows(ledger)["field:patient.allergies"]["status"] == "complete"
    del case_data["patient"]["allergies"]
    ledger = json.loads(validate(parse_case(case_data, base_dir=case_dir),
                                 "fda/single-patient").to_json())
    row = rows(ledger)["field:patient.allergies"]
    assert row["status"] == "missing" and "empty list" in row["question"]
    assert "field:patient.allergies" in ledger["gaps"]


def test_an_empty_plain_list_is_still_missing(case_data: dict[str, Any],
                                              case_dir: Path) -> None:
    """``prior_treatments: []`` (a list without a None) is not given: the route needs one."""
    case_data["prior_treatments"] = []
    ledger = json.loads(validate(parse_case(case_data, base_dir=case_dir),
                                 "fda/single-patient").to_json())
    assert rows(ledger)["field:prior_treatments"]["status"] == "missing"
    assert empty_list_answers("patient.allergies")
    for path in ("prior_treatments", "attachments", "patient.race",
                 "product.approvals.jurisdiction", "diagnosis.metastatic_sites"):
        assert not empty_list_answers(path), path
    case = parse_case(case_data, base_dir=case_dir)
    assert not answered(case, "prior_treatments")


# -- 4. the justification's text ---------------------------------------------------------------


def test_justification_text_fields(case_data: dict[str, Any], case_dir: Path) -> None:
    case_data["request"]["justification"].update(
        risk_determination="I have determined that the probable risk is not greater.\n",
        non_interference={"en": "It will not interfere with the ZEPHYR trials.\n"},
        clinical_rationale="EGFR exon 20 insertion, the drug's target.")
    j = parse_case(case_data, base_dir=case_dir).request.justification
    assert j.risk_determination is not None and j.non_interference is not None
    assert j.risk_determination.root.endswith("not greater.")
    assert j.non_interference.root == {"en": "It will not interfere with the ZEPHYR trials."}
    assert j.clinical_rationale is not None
    schema = json.dumps(Case.model_json_schema())
    assert "21 CFR 312.305(a)(3)" in schema and "risk_determination" in schema
    for name in ("risk_determination", "non_interference", "clinical_rationale"):
        for example in ("fda-single-patient", "fda-emergency"):
            data = yaml.safe_load((EXAMPLES / example / "case.yaml").read_text())
            assert data["request"]["justification"][name].strip(), (example, name)


# -- 5. the setting of a prior line is coded --------------------------------------------------


def test_an_unknown_setting_is_refused_listing_the_values(case_data: dict[str, Any],
                                                          case_dir: Path) -> None:
    case_data["prior_treatments"][0]["setting"] = "metastatic, first line"
    ((field, message),) = problems(case_data, case_dir)
    assert field == "prior_treatments[0].setting"
    for value in ("neoadjuvant", "adjuvant", "perioperative", "definitive", "locally_advanced",
                  "metastatic", "maintenance", "other"):
        assert value in message
    assert "metastatic, first line" not in message  # never echoes the input
    case_data["prior_treatments"][0]["setting"] = "locally_advanced"
    assert parse_case(case_data, base_dir=case_dir).prior_treatments[0].setting == \
        "locally_advanced"
    del case_data["prior_treatments"][0]["setting"]  # still required, as before
    assert problems(case_data, case_dir) == [("prior_treatments[0].setting", "Field required")]


def test_fhir_intent_is_an_intent_never_a_setting() -> None:
    # issue 19: a FHIR treatment intent goes to the line's intent, not its setting
    from fhir.resources.R4B.codeableconcept import CodeableConcept
    assert _intent(CodeableConcept(text="Palliative")) == "palliative"
    assert _intent(CodeableConcept(text="Curative - procedure intent")) == "curative"
    assert _intent(CodeableConcept(text="Metastatic")) == "Metastatic"  # reported, not mapped
    assert _intent(None) is None


# -- 6. no stray white space around text -------------------------------------------------------


def test_folded_yaml_text_loses_its_trailing_newline(case_data: dict[str, Any],
                                                     case_dir: Path) -> None:
    folded = yaml.safe_load("a: >\n  Progressive disease\n  after three lines.\n")["a"]
    literal = yaml.safe_load("a: |\n  Line one.\n  Line two.\n")["a"]
    assert folded.endswith("\n")
    data = copy.deepcopy(case_data)
    data["diagnosis"]["disease_status"] = folded
    data["diagnosis"]["histology"] = {"en": "  " + literal, "fr": literal}
    data["physician"]["specialty"] = "  Medical oncology\n"
    data["prior_treatments"][0]["agents"] = [" carboplatin\n"]
    case = parse_case(data, base_dir=case_dir)
    assert case.diagnosis.disease_status is not None
    assert case.diagnosis.disease_status.root == "Progressive disease after three lines."
    assert case.diagnosis.histology is not None
    assert case.diagnosis.histology.root == {"en": "Line one.\nLine two.",
                                             "fr": "Line one.\nLine two."}
    assert case.physician.specialty == "Medical oncology"
    assert case.prior_treatments[0].agents == ["carboplatin"]


def test_fhir_year_only_diagnosis_is_not_invented(tmp_path: Path) -> None:
    bundle = json.loads((FHIR / "bundle.json").read_text(encoding="utf-8"))
    for entry in bundle["entry"]:
        res = entry["resource"]
        if res["resourceType"] == "Condition" and res.get("onsetDateTime") == "2024-01-22":
            res["onsetDateTime"] = res["recordedDate"] = "2024"
    shutil.copytree(FHIR, tmp_path / "fhir-mcode")
    shutil.copytree(EXAMPLES / "uploads", tmp_path / "uploads")
    path = tmp_path / "fhir-mcode" / "bundle.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    base = yaml.safe_load((FHIR / "base.yaml").read_text(encoding="utf-8"))
    assert "diagnosed_on" not in (base.get("diagnosis") or {})
    imp = from_fhir(path, base=tmp_path / "fhir-mcode" / "base.yaml",
                    route="fda/single-patient", base_dir=tmp_path / "out")
    assert "diagnosed_on" not in imp.data["diagnosis"]
    assert any("diagnosis.diagnosed_on" in w and "year only" in w for w in imp.warnings)
    assert "diagnosis.diagnosed_on" in [m.field for m in imp.missing]
