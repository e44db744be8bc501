"""Australia (TGA Special Access Scheme): tga/category-a (notification after supply) and
tga/category-b (application before supply), each a portal worksheet of the SAS & AP Online
System followed by the documents the prescriber uploads or keeps.

Fast tests drive :func:`accesspack.validate` (rules, deadline, notices, worksheet rows);
the slow ones build the examples and the tests/cases files through the CLI's code and read
the PDFs back with poppler's pdftotext: packet and part order, the worksheet's values and
daggers, the patient by initials, gender, date of birth and MRN and never by name.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from accesspack import parse_case, validate
from accesspack.ledger import Ledger
from tests.conftest import (
    EXAMPLES,
    ROOT,
    BuildCache,
    build_cli,
    example_copy,
    manifest,
    run,
    squash,
    text_of,
)

CAT_A, CAT_B = "tga/category-a", "tga/category-b"
CASES = {
    CAT_A: EXAMPLES / "tga-category-a" / "case.yaml",
    CAT_B: EXAMPLES / "tga-category-b" / "case.yaml",
}
CASES_DIR = ROOT / "tests" / "cases"
GENDERS = {"male": "Male", "female": "Female", "intersex": "Intersex/Indeterminate/Unspecified",
           "unknown": "Intersex/Indeterminate/Unspecified"}


def ledger_of(route: str, change: Any = None) -> Ledger:
    data = yaml.safe_load(CASES[route].read_text(encoding="utf-8"))
    if change is not None:
        change(data)
    return validate(parse_case(data, base_dir=CASES[route].parent), route)


def row(ledger: Ledger, row_id: str) -> Any:
    (found,) = [r for r in ledger.rows if r.id == row_id]
    return found


# ---------------------------------------------------------------------------------------
# Rules, deadline, notices (validate: no process)
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("route", list(CASES))
def test_the_examples_are_ready(route: str) -> None:
    ledger = ledger_of(route)
    assert ledger.ready, [r.item for r in ledger.rows if r.blocking and r.status != "complete"]


@pytest.mark.parametrize("judgement", ["no", None])
def test_category_a_refuses_a_patient_who_is_not_category_a(judgement: str | None) -> None:
    def change(data: dict[str, Any]) -> None:
        data["request"]["death_reasonably_likely"] = judgement

    ledger = ledger_of(CAT_A, change)
    found = row(ledger, "eligibility:category-a-patient")
    assert found.blocking and found.status == ("not_met" if judgement else "missing")
    assert "death is reasonably likely to occur within a matter of months" in found.item
    assert "premature death is reasonably likely to occur in the absence of early treatment" \
        in found.item
    assert not ledger.ready


def test_every_blocking_rule_says_what_to_do_instead() -> None:
    from accesspack import load_route

    for route in CASES:
        spec = load_route(route).spec
        for rule in [*spec.applies_when, *spec.eligibility]:
            assert rule.instead, (route, rule.id)
    (cat_a,) = [r for r in load_route(CAT_A).spec.eligibility if r.id == "category-a-patient"]
    assert cat_a.instead is not None and "tga/category-b" in cat_a.instead


def test_routes_say_who_files_and_what_the_tga_does() -> None:
    from accesspack import load_route

    a, b = load_route(CAT_A).spec, load_route(CAT_B).spec
    assert (a.filer, a.regulator_action, a.country) == ("physician", "notification", "AU")
    assert (b.filer, b.regulator_action, b.country) == ("physician", "approval", "AU")


def test_medical_practitioner_only_is_advice_not_a_refusal() -> None:
    def change(data: dict[str, Any]) -> None:
        data["physician"]["profession"] = "nurse_practitioner"

    ledger = ledger_of(CAT_A, change)
    found = row(ledger, "eligibility:medical-practitioner")
    assert found.status == "not_met" and not found.blocking
    assert "not confirmed against the official text" in found.item
    assert ledger.ready


@pytest.mark.parametrize("route", list(CASES))
def test_the_prescriber_needs_an_ahpra_registration(route: str) -> None:
    def change(data: dict[str, Any]) -> None:
        data["physician"]["licence"]["jurisdiction"] = "NSW"

    ledger = ledger_of(route, change)
    found = row(ledger, "eligibility:ahpra-registered")
    assert found.status == "not_met"
    # Category B: only a health practitioner may hold the approval (s 19(1AA)); Category A:
    # only the online system's field, known second-hand, asks for it: advice
    assert found.blocking is (route == CAT_B) and ledger.ready is (route == CAT_A)


def test_category_a_notification_is_due_four_weeks_after_supply_unverified() -> None:
    found = row(ledger_of(CAT_A), "deadline:notify-after-supply")
    assert found.due == date(2026, 12, 24)  # 26/11/2026 + 28 days
    assert found.status == "scheduled"
    assert "Therapeutic Goods Regulations 1990" in found.citation
    assert found.verified is False

    def no_supply(data: dict[str, Any]) -> None:
        del data["request"]["supplied_on"]

    unarmed = row(ledger_of(CAT_A, no_supply), "deadline:notify-after-supply")
    assert unarmed.due is None and unarmed.status == "missing"
    facts = [r.item for r in ledger_of(CAT_A).rows if r.status == "to_verify"]
    assert "The TGA is notified within four weeks of the supply" in facts


def test_category_b_has_no_deadline_but_no_supply_before_approval() -> None:
    ledger = ledger_of(CAT_B)
    assert not [r for r in ledger.rows if r.category == "deadline"]
    found = row(ledger, "action:no-supply-before-approval")
    assert found.status == "awaiting"

    def approved(data: dict[str, Any]) -> None:
        data["request"]["authorized_on"] = "2026-12-02"

    assert row(ledger_of(CAT_B, approved), "action:no-supply-before-approval").status == \
        "complete"


def test_category_b_points_a_category_a_patient_to_category_a() -> None:
    assert not [r for r in ledger_of(CAT_B).rows if r.id == "notice:category-a-instead"]

    def cat_a(data: dict[str, Any]) -> None:
        data["request"]["death_reasonably_likely"] = "within_months"

    found = row(ledger_of(CAT_B, cat_a), "notice:category-a-instead")
    assert "tga/category-a" in found.item


def test_category_b_needs_efficacy_and_safety_data() -> None:
    def none(data: dict[str, Any]) -> None:
        data["attachments"] = []

    ledger = ledger_of(CAT_B, none)
    (found,) = [r for r in ledger.rows if r.blocking and r.status == "missing"]
    assert "Efficacy and safety data" in found.item and not ledger.ready


@pytest.mark.parametrize("route", list(CASES))
def test_every_worksheet_field_is_a_row_to_verify(route: str) -> None:
    """The online form's field list is second-hand: each field is daggered and checked."""
    rows = [r for r in ledger_of(route).rows
            if r.status == "to_verify" and "TGA SAS & AP Online System, field" in r.item]
    assert len(rows) == 19  # 4 + 6 + 6 + 3 fields
    assert all(r.verified is False for r in rows)


@pytest.mark.parametrize("route", list(CASES))
def test_a_missing_required_worksheet_value_is_one_ledger_row(route: str) -> None:
    def no_dob(data: dict[str, Any]) -> None:
        data["patient"]["date_of_birth"] = None
        data["patient"]["age_years"] = 60

    rows = [r for r in ledger_of(route, no_dob).rows
            if r.status == "missing" and "Date of birth" in r.item]
    assert len(rows) == 1, [r.item for r in rows]


def test_no_citation_names_the_reference_notes() -> None:
    text = (ROOT / "templates" / "tga" / "regulator.yaml").read_text(encoding="utf-8")
    for line in text.splitlines():
        if "text:" in line:
            quoted = line.split('text: "', 1)[1].split('"', 1)[0]
            assert "jurisdictions-next" not in quoted and "[P" not in quoted, line


# ---------------------------------------------------------------------------------------
# Built bundles (LibreOffice; pdftotext)
# ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def bundles(built: BuildCache) -> dict[str, Path]:
    return {route: built(case, route) for route, case in CASES.items()}


def packet_text(bundle: Path, packet_id: str) -> str:
    (packet,) = [p for p in manifest(bundle)["packets"] if p["id"] == packet_id]
    return text_of(bundle / packet["file"])


def packet_rows(bundle: Path, packet_id: str) -> list[str]:
    """The packet's lines as ``pdftotext -layout`` sets them, each squashed: a table row's
    cells (their first lines) are on one line, in column order."""
    (packet,) = [p for p in manifest(bundle)["packets"] if p["id"] == packet_id]
    return [squash(line) for line in run("pdftotext", "-layout", str(bundle / packet["file"]),
                                         "-").splitlines()]


def has_row(rows: list[str], *cells: str) -> bool:
    return any(all(c in row for c in cells) and
               [row.index(c) for c in cells] == sorted(row.index(c) for c in cells)
               for row in rows)


@pytest.mark.slow
@pytest.mark.parametrize("route", list(CASES))
def test_worksheet_first_then_the_documents_on_a4(bundles: dict[str, Path], route: str) -> None:
    packets = manifest(bundles[route])["packets"]
    ids = [(p["id"], [part["id"] for part in p["parts"]]) for p in packets]
    second = ("uploads", ["toc", "clinical-justification", "monitoring-plan", "evidence"]) \
        if route == CAT_B else \
        ("clinical-record", ["toc", "category-a-statement", "monitoring-plan", "evidence"])
    first = "online-application" if route == CAT_B else "online-notification"
    assert ids == [(first, ["sas-online"]), second]
    for packet in packets:
        page = PdfReader(bundles[route] / packet["file"]).pages[0]
        assert abs(float(page.mediabox.width) - 595.3) < 1  # A4


@pytest.mark.slow
@pytest.mark.parametrize("route", list(CASES))
def test_worksheet_holds_the_values_to_enter(bundles: dict[str, Path], route: str) -> None:
    first = "online-application" if route == CAT_B else "online-notification"
    text = packet_text(bundles[route], first)
    rows = packet_rows(bundles[route], first)
    assert "TGA SAS & AP Online System" in text
    assert "Field list taken from: TGA, Special Access Scheme & Authorised Prescriber" in text
    assert has_row(rows, "1.1", "Prescriber's AHPRA", "MED0002468135", "physician.licence.number")
    # an e-mail address is copied into the portal: it stays whole on one line
    email = "pharmacy.sas@" if route == CAT_B else "fiona.mcallister@"
    assert has_row(rows, "1.3", "Submitter: email †",
                   f"{email}banksiacoast.example.org.au", "request.submitter")
    data = yaml.safe_load(CASES[route].read_text(encoding="utf-8"))
    pt = data["patient"]
    dob = date.fromisoformat(str(pt["date_of_birth"]))
    assert has_row(rows, "3.1", "Patient initials †", pt["initials"], "patient.initials")
    assert has_row(rows, "3.2", "Gender †", GENDERS[pt["sex"]], "patient.sex")
    assert has_row(rows, "3.3", "Date of birth †", f"{dob:%d/%m/%Y}", "patient.date_of_birth")
    assert has_row(rows, "3.4", "MRN (if applicable) †", pt["medical_record_number"])
    assert has_row(rows, "2.4", "Indication †", "Metastatic adenocarcinoma of the",
                   "request.indication")
    if route == CAT_B:
        assert has_row(rows, "1.2", "Banksia Coast Cancer Centre Pharmacy")  # the submitter
        assert has_row(rows, "2.6", "Intended supply date †", "14/12/2026")
    else:
        assert has_row(rows, "1.2", "Banksia Coast Cancer Centre")  # no submitter: the hospital
        assert has_row(rows, "2.6", "Intended supply date †", "26/11/2026",
                       "request.supplied_on")  # the supply itself
        assert has_row(rows, "The date of supply; if not")
    assert has_row(rows, "3.5", "Previous SAS number (if", "__________ (not in the case)")
    # a field read whole stands for its parts in the From column
    assert has_row(rows, "1.4", "Submitter: address †", "request.submitter,")
    assert "institution.address.line1" not in text and "request.submitter.email" not in text
    assert text.count("†") >= 20  # every field, and the note


@pytest.mark.slow
def test_the_clinical_justification_covers_what_the_tga_asks(bundles: dict[str, Path]) -> None:
    text = packet_text(bundles[CAT_B], "uploads")
    for heading in ("Seriousness of the condition", "Previous treatment",
                    "Why a registered good cannot be used", "Expected benefit and risk",
                    "Efficacy and safety data, and intended monitoring",
                    "Treatment and intended monitoring"):
        assert heading in text, heading
    rows = packet_rows(bundles[CAT_B], "uploads")
    for cells in (("Patient initials", "MJT"), ("Gender", "Female"),
                  ("Date of birth", "23/08/1967"), ("MRN", "BCC-0048213")):
        assert has_row(rows, *cells), cells
    assert ("Lindqvist-Moreau A, et al. Zoferatinib in EGFR exon 20 insertion NSCLC after "
            "amivantamab: the ZEPHYR-1 phase 1/2 study. J Synth Thorac Oncol "
            "2026;14(6):812-824 (published 9 June 2026)") in " ".join(text.split())
    assert ("set out in the attached document \u2018Treatment and intended monitoring\u2019."
            in " ".join(text.split()))
    assert "Date: ____________________" in text and "Date: 30/11/2026" not in text
    assert "AHPRA registration number MED0002468135" in text
    assert "the ORR was 41% (95% CI 28-55%)" in text  # the attached paper itself


@pytest.mark.slow
def test_the_category_a_statement_states_the_definition(bundles: dict[str, Path]) -> None:
    text = packet_text(bundles[CAT_A], "clinical-record")
    assert ("In my clinical judgement the patient is seriously ill with a condition from which "
            "death is reasonably likely to occur within a matter of months.") in text
    assert "The drug was supplied for the patient on 26/11/2026." in text
    assert "Medical practitioner: Dr Fiona McAllister" in text
    flat = " ".join(text.split())
    assert ("I have told the patient that zoferatinib is not approved in Australia (it is not "
            "entered in the Australian Register of Therapeutic Goods), and the patient has given "
            "informed consent to the treatment.") in flat
    assert "Date: ____________________" in text and "Date: 30/11/2026" not in text


@pytest.mark.slow
@pytest.mark.parametrize("route", list(CASES))
def test_the_patient_s_name_is_never_printed(tmp_path: Path, route: str) -> None:
    def named(data: dict[str, Any]) -> None:
        data["patient"]["full_name"] = "Quentin Zarathustra Oakes"
        data["patient"]["address"] = {"line1": "9 Waratah Lane", "city": "Wollongong",
                                      "region": "NSW", "postal_code": "2500", "country": "AU"}

    bundle = build_cli(example_copy(CASES[route], tmp_path / "case", named), route,
                       tmp_path / "out")
    for packet in manifest(bundle)["packets"]:
        text = text_of(bundle / packet["file"])
        assert "Zarathustra" not in text and "Waratah" not in text
    for path in (bundle / "documents").glob("*.docx"):
        assert b"Zarathustra" not in path.read_bytes()
    ledger = json.loads((bundle / "ledger.json").read_text(encoding="utf-8"))
    assert "Zarathustra" not in json.dumps(ledger)


@pytest.mark.slow
def test_the_minimal_case_maps_intersex_to_the_tga_option(built: BuildCache) -> None:
    bundle = built(CASES_DIR / "tga-category-b.minimal.yaml", CAT_B, "--draft")
    rows = packet_rows(bundle, "online-application")
    assert has_row(rows, "Gender †", "Intersex/Indeterminate/Unspecified", "patient.sex")
    assert has_row(rows, "Date of birth †", "__________ (not in the case)")
    uploads = packet_text(bundle, "uploads")
    assert "Previous treatment" not in uploads  # the case gives none: no empty section


@pytest.mark.parametrize("route", list(CASES))
def test_informed_consent_awaits_and_says_where_it_comes_from(route: str) -> None:
    found = row(ledger_of(route), "action:informed-consent")
    assert found.status == "awaiting" and found.verified is False
    assert "not approved in Australia" in found.item
    if route == CAT_A:
        assert "Medical Devices) Regulations 2002" in found.citation
    else:
        assert "Category C" in found.citation and "not confirmed for Category B" in found.citation
