"""Canada (Health Canada Special Access Program): the patient-specific request, hc/special-access.

The example case is built through the API with the session's LibreOffice and read back with
independent readers: pypdf (page size), poppler's pdftotext (text), python-docx (the rendered
DOCX), the ledger's JSON. Checks: Form A is the packet's first page (faxed without a cover
sheet: no cover letter); its sections A-D are filled from the case, the patient by initials in
Form A's First.Last format, date of birth (mm/dd/yyyy) and sex, never by name; the 2008
edition's items carry a dagger and a ledger row; the practitioner's agreement states FDR
C.08.010(1)(b); a critical emergency puts the telephone call first; the follow-up report is an
action with no invented deadline; unconfirmed facts stay unverified; and the rules refuse a
practitioner licensed outside a Canadian province or territory, saying what to do instead.
(Order, outline and page ranges as the route and manifest say: tests/templates/
test_every_route.py.)
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from accesspack import load_route, parse_case, validate
from tests.conftest import (
    EXAMPLES,
    ROOT,
    BuildCache,
    example_data,
    generated_text,
    parts_of,
    text_of,
)

ROUTE = "hc/special-access"
CASE = EXAMPLES / "hc-special-access" / "case.yaml"
CASES_DIR = ROOT / "tests" / "cases"
FULL_NAME = "Nathalie Brisebois-Vachon"
PROVINCES = ["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"]


def case_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(CASE.read_text(encoding="utf-8"))
    return data


def ledger_of(data: dict[str, Any]) -> Any:
    return validate(parse_case(data, base_dir=CASE.parent), ROUTE)


@pytest.fixture(scope="module")
def bundle(built: BuildCache) -> Path:
    return built(CASE, ROUTE)


def part_text(bundle: Path, part_id: str) -> str:
    pdf, parts = parts_of(bundle)
    (part,) = [p for p in parts if p["id"] == part_id]
    return text_of(pdf, *part["pages"])


# ---------------------------------------------------------------------------------------
# The route's data (no LibreOffice)
# ---------------------------------------------------------------------------------------
def test_route_is_a_physician_s_request_for_approval_in_canada() -> None:
    route = load_route(ROUTE)
    assert route.spec.country == "CA"
    assert route.spec.filer == "physician" and route.spec.regulator_action == "approval"
    # "September 16, 2024": in Canada 11/02 reads both ways; Form A's date of birth is
    # printed mm/dd/yyyy in its template, as the form asks
    assert route.regulator.date_format == "MMMM d, y"
    assert route.regulator.patient_identity == "initials_and_birth_date"
    assert route.regulator.page_size == "letter" and route.regulator.working_days == "CA"
    # every blocking rule says what to do instead
    for rule in route.spec.applies_when + route.spec.eligibility:
        if rule.blocking:
            assert rule.instead, rule.id
    # the codes as strings: YAML 1.1 reads an unquoted ON as a boolean
    raw = yaml.safe_load((ROOT / "templates" / "hc" / "special-access.yaml").read_text())
    (rule,) = [r for r in raw["eligibility"] if r["id"] == "practitioner-in-a-province"]
    assert rule["when"]["in"] == PROVINCES


def test_unconfirmed_sources_are_unverified_and_contacts_as_the_reference_has_them() -> None:
    reg = load_route(ROUTE).regulator
    verified = {key: c.verified for key, c in reg.citations.items()}
    assert verified["fdr-c08010-1"] and verified["fdr-c08010-1-b"]
    # Forms A and B were read in copies on third-party sites, not as Health Canada
    # publishes them
    for key in ("fdr-c08010-2", "fdr-c08011", "form-a", "form-a-2008", "form-b", "form-c"):
        assert verified[key] is False, key
    assert "2020-10-14" in (reg.citations["sap-guidance"].date or "")
    assert "2022-04-11" in (reg.citations["sap-guidance"].date or "")
    contacts = {k: c.model_dump() for k, c in reg.contacts.items()}
    assert contacts["sap_fax"]["fax"] == "613-941-3194"
    assert contacts["sap_fax"]["note"] == "no cover sheet"
    assert contacts["sap_emergency_phone"]["phone"] == "613-941-2108"
    for key in verified:  # citation texts name the official source, never our notes
        assert not re.search(r"\b[KASLGU]\d+\b|\[[CPU]\]|reference", reg.citations[key].text)


def test_a_critical_emergency_telephones_the_sap_first() -> None:
    data = case_data()
    actions = [r for r in ledger_of(data).rows if r.category == "action"]
    assert "action:telephone" not in [r.id for r in actions]
    data["request"]["emergency"] = True
    ledger = ledger_of(data)
    actions = [r for r in ledger.rows if r.category == "action"]
    assert actions[0].id == "action:telephone" and "613-941-2108" in actions[0].item
    assert ledger.ready
    # what the SAP needs in writing after the call is an unverified fact, not a rule
    facts = [r for r in ledger.rows if r.status == "to_verify"]
    assert any("telephone" in r.item and "not confirmed" in r.item for r in facts)


def test_follow_up_report_is_an_action_with_no_invented_deadline() -> None:
    ledger = ledger_of(case_data())
    (report,) = [r for r in ledger.rows if r.id == "action:follow-up-report"]
    assert "adverse drug reactions" in report.item and "Form C" in report.item
    assert report.due is None and report.citation and "C.08.010(1)(b)" in report.citation
    assert not [r for r in ledger.rows if r.category == "deadline"]
    assert any("Form C" in r.item and "deadline" in r.item and r.status == "to_verify"
               for r in ledger.rows)


def test_the_2008_items_are_rows_to_verify_and_sections_a_to_d_are_not() -> None:
    rows = {r.id: r for r in ledger_of(case_data()).rows}
    for key in ("strength", "quantity", "administration_date", "clinical_rationale"):
        row = rows[f"fact:form-item-{key}"]
        assert row.status == "to_verify" and not row.blocking
    for key in ("practitioner", "shipping", "drug", "transfer", "patient"):
        assert f"fact:form-item-{key}" not in rows


@pytest.mark.parametrize(("jurisdiction", "ok"), [
    ("ON", True), ("QC", True), ("YT", True), ("NY", False), ("GMC", False)])
def test_the_practitioner_must_be_licensed_in_a_province_or_territory(
        jurisdiction: str, ok: bool) -> None:
    data = case_data()
    data["physician"]["licence"]["jurisdiction"] = jurisdiction
    ledger = ledger_of(data)
    (row,) = [r for r in ledger.rows if r.id == "eligibility:practitioner-in-a-province"]
    assert (row.status == "complete") is ok
    assert ledger.ready is ok


def test_no_disease_status_no_medical_emergency() -> None:
    data = case_data()
    del data["diagnosis"]["disease_status"]
    ledger = ledger_of(data)
    (row,) = [r for r in ledger.rows if r.id == "eligibility:medical-emergency"]
    assert row.status in ("missing", "not_met") and row.blocking and not ledger.ready
    assert "serious or life-threatening" in row.item


def test_consent_is_advice_not_a_condition() -> None:
    ledger = ledger_of(case_data())
    (row,) = [r for r in ledger.rows if r.id == "eligibility:written-consent"]
    assert row.status == "not_met" and not row.blocking and ledger.ready


# ---------------------------------------------------------------------------------------
# The built packet (LibreOffice)
# ---------------------------------------------------------------------------------------
@pytest.mark.slow
def test_form_a_comes_first_on_letter_paper_with_no_cover_letter(bundle: Path) -> None:
    pdf, parts = parts_of(bundle)
    assert [p["id"] for p in parts] == ["form-a", "toc", "clinical-rationale", "evidence",
                                        "agreement", "manufacturer-agreement"]
    assert abs(float(PdfReader(pdf).pages[0].mediabox.width) - 612) < 1  # US Letter
    first = text_of(pdf, 1, 1)
    assert first.startswith("Protected B when completed")
    assert "Special Access Program Form A – Patient specific request – C08.010(1)" in first
    assert "cover" not in " ".join(p["title"].lower() for p in parts)


@pytest.mark.slow
def test_form_a_sections_are_filled_from_the_case(bundle: Path) -> None:
    """Each item as the rendered Form A prints it: its label, then its entry."""
    text = generated_text(bundle)["form-a.docx"]
    for label, entry in [
        ("Practitioner's name (First Last)", "Élise Tremblay"),
        ("Hospital or clinic name", "Lakeshore Regional Cancer Centre"),
        ("Province", "ON"), ("Postal Code", "M5V 0Z7"), ("Telephone #", "416-555-0187"),
        ("Fax #", "416-555-0188"),
        ("Alternate contact name (First Last)",
         "Sophie Lavoie (Oncology pharmacist, Special Access requests)"),
        ("Send drug c/o", "[X]\u00a0In-patient hospital pharmacy\n[ ]\u00a0Practitioner's office"),
        ("Shipping address", "Lakeshore Regional Cancer Centre, In-patient Pharmacy, "
                             "Attention: Marc Gagnon, RPh"),
        ("Manufacturer (name and location)",
         "Meridian Oncology Therapeutics, Inc., Harborton, MA, United States"),
        ("Trade name", "Zephyrix"), ("Other name(s)", "zoferatinib (ZX-2041)"),
        ("PO#", "LRCC-PO-2026-4471"),
        ("Route of administration",
         "[X]\u00a0Oral   [ ]\u00a0I.V.   [ ]\u00a0I.M.   [ ]\u00a0Topical   [ ]\u00a0S.C.   "
         "[ ]\u00a0Other\nOral, with food"),
        ("Transfer of supply", "[ ]\u00a0Yes   [X]\u00a0No"),
        ("Critically or terminally ill", "[X]\u00a0The patient is critically or terminally ill"),
        ("Patient initials (First.Last, e.g. J.S)", "N.B"),
        ("Unborn child?", "[ ]\u00a0Yes   [X]\u00a0No"),
        ("Date of birth (mm/dd/yyyy)", "08/19/1961"), ("Sex", "Female"),
        ("Exact indication for use of drug", "Metastatic adenocarcinoma of the lung with an "
                                             "EGFR exon 20 insertion"),
        ("New or Repeat patient via the SAP for this drug", "[X]\u00a0New   [ ]\u00a0Repeat"),
        ("Dosage and duration", "160 mg once daily (two 80 mg tablets); continuous daily "
                                "dosing in 28-day cycles; 12 weeks"),
        ("Strength†", "80 mg"), ("Quantity†", "168 tablets of 80 mg (12 weeks)"),
        ("Administration date†", "December 1, 2026"),
        ("Clinical rationale†", "New patient: see the enclosed clinical rationale."),
    ]:
        assert f"{label}\n{entry}" in text, label
    assert "[X]\u00a0Tab   [ ]\u00a0Cap" in text and "[ ]\u00a0Patch   [ ]\u00a0Other" in text
    assert "Treatment plan:" not in text  # the case's route, not our label
    for heading in ("A. Practitioner information", "A. Shipping information",
                    "B. Drug and manufacturer information", "C. Transfer of supply",
                    "D. Patient information"):
        assert f"{heading}\n" in text, heading  # confirmed: no dagger
    assert "Practitioner's signature:" in text
    assert "† Not confirmed against the official form" in text


@pytest.mark.slow
def test_the_patient_is_never_named_and_initials_are_first_last(bundle: Path) -> None:
    pdf, _ = parts_of(bundle)
    outputs = [text_of(pdf), (bundle / "ledger.md").read_text(),
               (bundle / "manifest.json").read_text(), *generated_text(bundle).values()]
    for text in outputs:
        for part in [FULL_NAME, *FULL_NAME.replace("-", " ").split()]:
            assert part not in text
    assert "NBV" not in text_of(pdf)  # Form A's format everywhere in the packet
    assert "patient N.B, who is under my care" in part_text(bundle, "agreement")


@pytest.mark.slow
def test_the_agreement_states_c08010_1_b(bundle: Path) -> None:
    text = part_text(bundle, "agreement")
    assert "Food and Drug Regulations, paragraph C.08.010(1)(b)" in text
    assert ("to provide a report to the manufacturer of the drug, Meridian Oncology "
            "Therapeutics, Inc., and to the Minister, describing the results obtained "
            "following the use of the drug to address the medical emergency, including "
            "information respecting any adverse drug reactions I observe") in text
    assert "to account to the Minister, on request, for all quantities of the drug received" \
        in text
    assert "Licence 98765 (ON)" in text


@pytest.mark.slow
def test_the_rationale_gives_the_information_c08010_1_a_asks_for(bundle: Path) -> None:
    text = part_text(bundle, "clinical-rationale")
    for expected in [
        "1. The medical emergency", "Current disease status: Progressive disease",
        "In my judgement the patient is critically or terminally ill.",
        "2. Medical history and conventional therapies",
        "Why conventional therapies have failed, are unsuitable or are unavailable in Canada:",
        "4. Information on the use, safety and efficacy of the drug",
        "United States (Zephyrix), April 14, 2026",
        "diagnosed on September 16, 2024", "CT of November 2, 2026",
        "With ECOG 1, and with liver function monitored closely given the rising bilirubin, "
        "the expected benefit outweighs the risk.",
        "The drug is not authorized for sale in Canada.",
        "Lindqvist-Moreau A, et al.", "Quantity requested", "168 tablets of 80 mg (12 weeks)",
    ]:
        assert expected in text, expected
    # no all-numeric dates in the narrative (11/02 reads both ways in Canada)
    assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b", text), text


@pytest.mark.slow
def test_the_ledger_cites_the_official_sources_only(bundle: Path) -> None:
    rows = json.loads((bundle / "ledger.json").read_text())["rows"]
    cited = {r["citation"] for r in rows if r.get("citation")}
    assert any("C.08.010(1)(b)" in c for c in cited)
    assert any(c.startswith("Health Canada, Special Access Program for drugs: Guidance "
                            "document") for c in cited)
    for c in cited:
        assert not re.search(r"\b[K]\d+\b|jurisdictions-next|\[[CPU]\]", c), c


@pytest.mark.slow
def test_the_minimal_case_leaves_blanks_to_fill_not_fillers(built: BuildCache) -> None:
    bundle = built(CASES_DIR / "hc-special-access.minimal.yaml", ROUTE, "--draft")
    text = generated_text(bundle)["form-a.docx"]
    assert "None" not in text and "not recorded" not in text
    assert "Alternate contact name (First Last)\n______________________________" in text
    assert "Date of birth (mm/dd/yyyy)\n______________________________" in text
    assert "Trade name\n______________________________" in text
    assert "G.T" in text
    rows = json.loads((bundle / "ledger.json").read_text())["rows"]
    gaps = {r["item"] for r in rows if r["status"] in ("missing", "awaiting")}
    assert any("patient.date_of_birth" in g for g in gaps)
    assert any("Published evidence" in g for g in gaps)
    assert any("Manufacturer's agreement" in g for g in gaps)


@pytest.mark.slow
def test_the_minimal_rationale_gives_an_empty_section_a_labelled_blank(
        built: BuildCache) -> None:
    bundle = built(CASES_DIR / "hc-special-access.minimal.yaml", ROUTE, "--draft")
    text = generated_text(bundle)["clinical-rationale.docx"]
    assert ("4. Information on the use, safety and efficacy of the drug\n"
            "______________________________ (not in the case)\n5. Treatment plan") in text


# ---------------------------------------------------------------------------------------
# Form A's First.Last initials: given, derived from two letters, or asked for
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("initials", "given", "asked"), [
    ("NBV", None, True), ("NBV", "N.B", False), ("N", None, True),
    ("GT", None, False), ("G-T", None, False), ("GT", "G.T", False)])
def test_first_last_initials_are_asked_for_unless_two_letters_or_given(
        initials: str, given: str | None, asked: bool) -> None:
    data = case_data()
    data["patient"]["initials"] = initials
    data["patient"].pop("initials_first_last", None)
    if given:
        data["patient"]["initials_first_last"] = given
    ledger = ledger_of(data)
    rows = [r for r in ledger.rows if "patient.initials_first_last" in r.item]
    if asked:
        (row,) = rows
        assert row.status == "missing" and row.blocking and not ledger.ready
        assert "First.Last" in row.item or "First.Last" in (row.question or "")
    else:
        assert all(r.status == "complete" for r in rows) and ledger.ready


@pytest.mark.parametrize("given", ["NB", "N.B.", "n.b", "NB.V"])
def test_initials_first_last_takes_one_format(given: str) -> None:
    data = case_data()
    data["patient"]["initials_first_last"] = given
    with pytest.raises(Exception, match="initials_first_last"):
        parse_case(data, base_dir=CASE.parent)


def test_initials_first_last_start_as_the_initials() -> None:
    data = case_data()
    data["patient"]["initials_first_last"] = "J.S"  # patient.initials is NBV
    with pytest.raises(Exception, match="first letter of patient.initials"):
        parse_case(data, base_dir=CASE.parent)


@pytest.mark.slow
def test_three_initials_and_none_given_leave_form_a_s_item_blank(built: BuildCache,
                                                                   tmp_path: Path) -> None:
    data = example_data(CASE)
    del data["patient"]["initials_first_last"]
    case = tmp_path / "case.yaml"
    case.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    bundle = built(case, ROUTE, "--draft")
    docs = generated_text(bundle)
    assert "Patient initials (First.Last, e.g. J.S)\n______________________________" \
        in docs["form-a.docx"]
    assert "patient __________, who is under my care" in docs["agreement.docx"]
    for text in docs.values():
        assert "N.V" not in text and "N.B" not in text  # no guess from three letters
