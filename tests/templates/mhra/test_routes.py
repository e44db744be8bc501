"""The United Kingdom (templates/mhra): a special imported for one patient (Human Medicines
Regulations 2012, reg 167) and NHS England's individual funding request.

Fast tests read the route files and the ledger (no LibreOffice): who files and what MHRA
does, the refusals and what to do instead, the 28-day objection window and the 2-working-day
emergency assessment counted from MHRA's acknowledgement on England and Wales working days
(the importer acting), unverified facts shown as such, EAMS and the Cancer Drugs Fund as
notices. Slow tests build the examples and read them back with pdftotext and python-docx:
the parts in order on A4, the order and statement filled from the case, the patient by
initials in the importer's packet and by nothing at all in the funding request.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document
from pypdf import PdfReader

from accesspack import list_routes, load_route, parse_case, route_verdicts, validate
from tests.conftest import (
    EXAMPLES,
    ROOT,
    BuildCache,
    generated_text,
    parts_of,
    squash,
    text_of,
)

SPECIAL, IFR = "mhra/special-need", "mhra/nhs-ifr"
EXAMPLE = {SPECIAL: EXAMPLES / "mhra-special-need" / "case.yaml",
           IFR: EXAMPLES / "mhra-nhs-ifr" / "case.yaml"}
MAXIMAL = {r: ROOT / "tests" / "cases" / f"{r.replace('/', '-')}.maximal.yaml" for r in EXAMPLE}
FULL_NAME, INITIALS, MRN, BIRTH = "Eleanor Jane Pennington", "EJP", "RX0042117", "22/03/1968"


def case_of(route: str, change: Any = None, source: dict[str, Path] = EXAMPLE) -> Any:
    path = source[route]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if change is not None:
        change(data)
    return parse_case(data, base_dir=path.parent)


def row(ledger: Any, row_id: str) -> Any:
    (found,) = [r for r in ledger.rows if r.id == row_id]
    return found


# -- the routes as data ------------------------------------------------------------------

def test_the_uk_routes_are_two_and_say_who_files() -> None:
    ids = sorted(r.id for r in list_routes() if r.id.startswith("mhra/"))
    assert ids == [IFR, SPECIAL]  # EAMS is company-led: a notice, not a route
    special, ifr = load_route(SPECIAL), load_route(IFR)
    assert (special.spec.filer, special.spec.regulator_action) == ("importer", "notification")
    assert (ifr.spec.filer, ifr.spec.regulator_action) == ("institution", "none")
    assert special.locale().working_days == ifr.locale().working_days == "GB-ENG"
    assert special.locale().identity == "initials"
    assert ifr.locale().identity == "anonymous"


@pytest.mark.parametrize("route", [SPECIAL, IFR])
def test_every_blocking_rule_says_what_to_do_instead(route: str) -> None:
    spec = load_route(route).spec
    for rule in [*spec.applies_when, *spec.eligibility]:
        if rule.blocking:
            assert rule.instead and rule.instead.strip(), rule.id


def test_citation_texts_name_official_sources_with_honest_flags() -> None:
    cites = load_route(SPECIAL).citations
    assert cites["hmr-2012-reg-167"].text.startswith("The Human Medicines Regulations 2012")
    assert cites["mhra-import-notification"].verified  # read on GOV.UK itself
    # read only in copies or second-hand: unverified
    for key in ("mhra-gn14", "nhse-ifr-form", "nhse-cdf"):
        assert cites[key].verified is False, key
    for c in cites.values():
        assert not re.search(r"\b[UP]\d+\b|\[[CPU]\]|jurisdictions-next", c.text), c.text


def test_the_examples_qualify_and_are_ready() -> None:
    for route in (SPECIAL, IFR):
        case = case_of(route)
        verdict = {v.route: v for v in route_verdicts(case)}[route]
        assert verdict.applies and verdict.qualifies, verdict.reasons
        assert validate(case, route).ready


@pytest.mark.parametrize(("change", "rule", "words"), [
    (lambda d: d["physician"].update(profession="other"), "prescriber",
     "doctor (or a dentist, or a nurse or pharmacist independent or supplementary"),
    (lambda d: d["product"]["approvals"].append({"jurisdiction": "GB", "approved_on":
                                                 "2026-10-01"}),
     "no-licensed-product-marketed", "Prescribe the licensed product"),
])
def test_a_case_outside_regulation_167_is_refused_with_what_to_do(change: Any, rule: str,
                                                                   words: str) -> None:
    case = case_of(SPECIAL, change)
    verdict = {v.route: v for v in route_verdicts(case)}[SPECIAL]
    assert verdict.applies and not verdict.qualifies
    ledger = validate(case, SPECIAL)
    assert not ledger.ready
    assert row(ledger, f"eligibility:{rule}").status != "complete"
    (spec_rule,) = [r for r in load_route(SPECIAL).spec.eligibility if r.id == rule]
    assert spec_rule.instead is not None and words in " ".join(spec_rule.instead.split())


def test_an_authorisation_that_stands_unmarketed_still_needs_a_special() -> None:
    case = case_of(SPECIAL, lambda d: d["product"]["approvals"].append(
        {"jurisdiction": "GB", "status": "marketing_discontinued"}))
    assert {v.route: v for v in route_verdicts(case)}[SPECIAL].qualifies


def test_a_route_of_another_country_does_not_apply_to_an_nhs_trust() -> None:
    verdicts = {v.route: v for v in route_verdicts(case_of(SPECIAL))}
    assert not verdicts["cdsco/hospital-import"].applies


# -- deadlines: from MHRA's acknowledgement, the importer acting, England and Wales ----------

def test_the_objection_window_waits_for_mhra_s_acknowledgement() -> None:
    ledger = validate(case_of(SPECIAL), SPECIAL)
    window = row(ledger, "deadline:objection-window")
    assert window.status == "missing" and window.due is None and window.who == "importer"
    assert "request.acknowledged_on" in (window.question or "")
    assert not window.blocking
    assert [r for r in ledger.rows if r.id == "deadline:emergency-assessment"] == []
    notify = row(ledger, "action:importer-notification")
    assert notify.status == "awaiting" and notify.who == "importer"


def test_the_objection_window_is_28_calendar_days_from_the_acknowledgement() -> None:
    case = case_of(SPECIAL, lambda d: d["request"].update(acknowledged_on="2026-12-10"))
    ledger = validate(case, SPECIAL)
    assert row(ledger, "deadline:objection-window").due == date(2027, 1, 7)
    assert row(ledger, "action:importer-notification").status == "complete"


def test_an_emergency_is_assessed_in_2_england_and_wales_working_days() -> None:
    # acknowledged on Thursday 2 April 2026: Good Friday and Easter Monday are bank holidays
    # in England and Wales, so 2 working days later is Wednesday 8 April
    case = case_of(SPECIAL, lambda d: d["request"].update(emergency=True,
                                                          acknowledged_on="2026-04-02"))
    ledger = validate(case, SPECIAL)
    urgent = row(ledger, "deadline:emergency-assessment")
    assert urgent.due == date(2026, 4, 8) and urgent.who == "importer"
    assert "2 working days" in (urgent.question or "")
    assert [r for r in ledger.rows if r.id == "deadline:objection-window"] == []


def test_unconfirmed_steps_are_facts_to_verify_not_invented_parts() -> None:
    ledger = validate(case_of(SPECIAL), SPECIAL)
    checks = {r.item for r in ledger.rows if r.status == "to_verify"}
    for words in ("consent", "NHS trust must approve", "Yellow Card",
                  "patient identifiers the importer's notification"):
        assert any(words in item for item in checks), words
    spec = load_route(SPECIAL).spec
    parts = [p.id for packet in spec.packets for p in packet.parts]
    assert parts == ["pharmacy-order", "special-need-statement"]


def test_eams_and_the_cancer_drugs_fund_are_notices() -> None:
    special, ifr = validate(case_of(SPECIAL), SPECIAL), validate(case_of(IFR), IFR)
    eams = row(special, "notice:eams")
    assert eams.category == "notice" and "early access to medicines scheme" in eams.item
    assert "ask the company" in eams.item and not eams.blocking
    cdf = row(ifr, "notice:cancer-drugs-fund")
    assert cdf.category == "notice" and "NICE" in cdf.item and not cdf.blocking
    assert "(not confirmed against the official text" in (cdf.shown_citation or "")


# -- the bundles ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bundles(built: BuildCache) -> dict[str, Path]:
    return {route: built(case, route) for route, case in EXAMPLE.items()}


@pytest.fixture(scope="module")
def maximal(built: BuildCache) -> dict[str, Path]:
    return {route: built(case, route) for route, case in MAXIMAL.items()}


def part_text(bundle: Path, part_id: str) -> str:
    """The part's pages in the packet (pdftotext), then its generated document's table rows
    (python-docx, a row's cells joined by a space: pdftotext reads a table column by
    column), squashed."""
    pdf, parts = parts_of(bundle)
    (part,) = [p for p in parts if p["id"] == part_id]
    text = text_of(pdf, *part["pages"])
    doc = bundle / "documents" / f"{part_id}.docx"
    if doc.is_file():
        rows = [" ".join(c.text for c in r.cells) for t in Document(str(doc)).tables
                for r in t.rows]
        text += " | " + squash(" | ".join(rows))
    return text


def every_output_text(bundle: Path) -> str:
    """The packet's text, the generated documents', the ledger's and the manifest's."""
    texts = [text_of(bundle / p["file"]) for p in json.loads(
        (bundle / "manifest.json").read_text())["packets"]]
    texts += generated_text(bundle).values()
    texts += [(bundle / n).read_text() for n in ("ledger.md", "ledger.json", "manifest.json")]
    return "\n".join(texts)


@pytest.mark.slow
def test_the_parts_are_in_order_on_a4(bundles: dict[str, Path]) -> None:
    expected = {SPECIAL: ["pharmacy-order", "special-need-statement"],
                IFR: ["provider", "clinical-summary", "publications"]}
    for route, bundle in bundles.items():
        pdf, parts = parts_of(bundle)
        assert [p["id"] for p in parts] == expected[route]
        assert abs(float(PdfReader(pdf).pages[0].mediabox.width) - 595.3) < 1  # A4


@pytest.mark.slow
def test_the_order_to_the_importer_is_filled_from_the_case(bundles: dict[str, Path]) -> None:
    text = part_text(bundles[SPECIAL], "pharmacy-order")
    for expected in [
        "Pharmacy Department, Harrowfield General Hospital",
        "Albion Specials Ltd", "Dear Thomas Reid,", "Yours sincerely,",
        "Human Medicines Regulations 2012, regulation 167",
        "purchase order PO-WVH-2026-08841",
        "Please supply the unlicensed medicine below for a named patient.",
        "This is an unsolicited order.",
        "who is directly responsible for the patient's treatment",
        "zoferatinib (ZX-2041), film-coated tablets, 80 mg",
        "168 tablets of 80 mg (12 weeks)",
        f"Initials {INITIALS}",
        "Dr Alexandra Clarke, MB ChB, PhD, FRCP, GMC 7654321",
        "Your licence number WDA(H) 90412",
        "evidence of special clinical need",
        "may not be imported if the MHRA objects within 28 days of that acknowledgement",
        "Aisha Rahman, Lead Pharmacist, Oncology and Haematology",
    ]:
        assert expected in text, expected
    assert "life-threatening" not in text  # not an emergency


@pytest.mark.slow
def test_the_statement_of_special_clinical_need(bundles: dict[str, Path]) -> None:
    text = part_text(bundles[SPECIAL], "special-need-statement")
    for expected in [
        "Statement of special clinical need",
        "Registration GMC 7654321", "Profession Medical practitioner",
        f"Initials {INITIALS}, 58 years, female",
        "cT2b cN2 cM1c (AJCC 8th edition), stage IVB",
        "Why no licensed medicine meets the patient's need",
        "Marketing authorisations United States (Zephyrix), 14/04/2026",
        "I am directly responsible for this patient's treatment",
        "special needs, which are clinical, not a matter of cost or convenience",
        "the order was not solicited by the supplier",
        "no suitable licensed medicine meets the patient's need",
    ]:
        assert expected in text, expected


@pytest.mark.slow
def test_the_emergency_order_and_faithful_close(maximal: dict[str, Path]) -> None:
    text = part_text(maximal[SPECIAL], "pharmacy-order")
    assert "life-threatening clinical emergency" in text and "2 working days" in text
    assert "Dear Sir or Madam," in text and "Yours faithfully," in text
    assert "The MHRA may be able to assess" in text
    ledger = json.loads((maximal[SPECIAL] / "ledger.json").read_text())["rows"]
    (urgent,) = [r for r in ledger if r["id"] == "deadline:emergency-assessment"]
    assert urgent["due"] == "2026-11-23"  # Thursday 19 November + 2 working days


@pytest.mark.slow
def test_the_importer_s_packet_names_the_patient_by_initials_only(
        bundles: dict[str, Path]) -> None:
    text = every_output_text(bundles[SPECIAL])
    assert INITIALS in text
    for identifier in (FULL_NAME, "Pennington", MRN, BIRTH):
        assert identifier not in text, identifier


@pytest.mark.slow
@pytest.mark.parametrize("which", ["example", "maximal"])
def test_the_funding_request_carries_no_patient_identifier(
        bundles: dict[str, Path], maximal: dict[str, Path], which: str) -> None:
    bundle = (bundles if which == "example" else maximal)[IFR]
    text = every_output_text(bundle)
    for identifier in (FULL_NAME, "Pennington", INITIALS, MRN, BIRTH, "1968", "Orchard Close"):
        assert identifier not in text, identifier
    summary = part_text(bundle, "clinical-summary")
    assert "Age and sex 58 years, female" in summary
    assert "It prints no name, initials, date of birth, address or hospital number" in (
        generated_text(bundle)["clinical-summary.docx"])


@pytest.mark.slow
def test_section_1_and_the_cited_paper(bundles: dict[str, Path]) -> None:
    provider = part_text(bundles[IFR], "provider")
    for expected in ["Section 1: provider details",
                     "Provider Wessex Vale Hospitals NHS Foundation Trust",
                     "Requesting clinician Dr Alexandra Clarke",
                     "Job title Consultant Medical Oncologist",
                     "Secure NHS e-mail alexandra.clarke@wvh.nhs.example",
                     "Telephone 01632 960 187",
                     "Section 2 (the patient and the GP) is completed on the form itself"]:
        assert expected in provider, expected
    summary = part_text(bundles[IFR], "clinical-summary")
    assert "Papers cited (full text attached)" in summary and "ZEPHYR-1" in summary
    assert "07/2024 – 03/2025" in summary  # treatment dates to the month
    assert "Planned start 12/2026" in summary and "21/12/2026" not in summary
    assert "Partial response" in summary and "partial response" not in summary
    for unconfirmed in ("Address\u2020", "Treatment requested\u2020", "Date\u2020"):
        assert unconfirmed in provider, unconfirmed
    assert "\u2020 Not confirmed as a field of Section 1" in provider
    paper = part_text(bundles[IFR], "publications")
    assert "ZEPHYR-1" in paper and "SYNTHETIC" in paper


@pytest.mark.slow
def test_the_minimal_draft_shows_section_1_s_missing_rows_as_labelled_blanks(
        built: BuildCache) -> None:
    minimal = ROOT / "tests" / "cases" / "mhra-nhs-ifr.minimal.yaml"
    provider = part_text(built(minimal, IFR, "--draft"), "provider")
    for label in ("Job title", "Secure NHS e-mail", "Telephone"):
        assert f"{label} ____ (not in the case)" in provider, label
