"""Issue 15 (regulatory fidelity), United States: the FDA routes against the official texts.

Each change is checked with a reader independent of the library: pypdf reads the packets'
outlines, poppler's pdftotext their text, and the ledger is read back as the JSON and
Markdown the build wrote (or the JSON ``accesspack validate`` prints).
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from tests.conftest import (
    EXAMPLES,
    BuildCache,
    build_cli,
    example_copy,
    manifest,
    run,
    squash,
    validate_cli,
)

# every test here builds a bundle with LibreOffice, or reads one built so
pytestmark = pytest.mark.slow

CASES = {
    "fda/single-patient": EXAMPLES / "fda-single-patient" / "case.yaml",
    "fda/emergency": EXAMPLES / "fda-emergency" / "case.yaml",
    "fda/follow-up": EXAMPLES / "fda-follow-up" / "case.yaml",
}
TEMPLATES = Path(__file__).resolve().parents[3] / "templates" / "fda"
QA = ("FDA guidance “Expanded Access to Investigational Drugs for Treatment Use: Questions and "
      "Answers” (Revision 1, October 2025)")
FORM_GUIDANCE = ("FDA guidance “Individual Patient Expanded Access Applications: Form FDA "
                 "3926” (June 2016, updated October 2017)")
#: What points at our research notes instead of an official source.
NOTES = re.compile(r"regulators\.md|peers\.md|accesspack reference|\[[CPU]\]|\[[CPU] [A-Z]\d")
SOURCE_KEY = re.compile(r"(?<![\w.-])[FECIXT]\d{1,2}(?![\w.])")
CBER_MAIL = ("Food and Drug Administration", "Center for Biologics Evaluation and Research",
             "Document Control Center", "10903 New Hampshire Avenue", "Bldg. 71, Rm. G112",
             "Silver Spring, MD 20993-0002")


def case_copy(route: str, tmp: Path, change: Any) -> Path:
    """The route's example with ``change(data)`` applied, written into ``tmp`` (uploads
    by absolute path)."""
    return example_copy(CASES[route], tmp, change)


def to_cber(data: dict[str, Any]) -> None:
    data["product"]["review_centre"] = "CBER"


def annual_report(data: dict[str, Any]) -> None:
    fu = data["request"]["follow_up"]
    fu["kinds"] = ["annual_report"]
    fu["ind_effective_on"] = "2025-10-01"
    fu.pop("safety_event", None)


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory,
            built: BuildCache) -> dict[str, Path]:
    """The three examples as they are, and the variants the tests compare them with."""
    base = tmp_path_factory.mktemp("fidelity")
    out = {route: built(case, route) for route, case in CASES.items()}
    out["no-cover-letter"] = built(CASES["fda/single-patient"], "fda/single-patient",
                                   "--option", "cover_letter=no")
    out["edition-2019"] = built(CASES["fda/single-patient"], "fda/single-patient",
                                "--option", "form_edition=2019-06")
    out["cber"] = build_cli(case_copy("fda/emergency", base / "cber-case", to_cber),
                            "fda/emergency", base / "cber")
    return out


def packet(bundle: Path, packet_id: str) -> tuple[Path, dict[str, Any]]:
    entry = next(p for p in manifest(bundle)["packets"] if p["id"] == packet_id)
    return bundle / entry["file"], entry


def bookmarks(pdf: Path) -> list[tuple[str, int]]:
    """(title, 1-based page) of each top-level bookmark, as pypdf reads them."""
    reader = PdfReader(pdf)
    return [(item.title, reader.get_destination_page_number(item) + 1)
            for item in reader.outline if not isinstance(item, list)]


def ledger_rows(bundle: Path) -> dict[str, dict[str, Any]]:
    data = json.loads((bundle / "ledger.json").read_text(encoding="utf-8"))
    return {row["id"]: row for row in data["rows"]}


def validate_json(case: Path, route: str) -> dict[str, Any]:
    return validate_cli(case, route)


def pages_text(pdf: Path, first: int, last: int) -> str:
    return squash(run("pdftotext", "-f", str(first), "-l", str(last), str(pdf), "-"))


def part_text(bundle: Path, packet_id: str, part_id: str) -> str:
    pdf, entry = packet(bundle, packet_id)
    part = next(p for p in entry["parts"] if p["id"] == part_id)
    return pages_text(pdf, *part["pages"])


# -- 1. Form FDA 3926 first, then the contents, then the (optional) cover letter -----------


@pytest.mark.parametrize("route", list(CASES))
def test_form_3926_is_the_first_bookmark_of_every_fda_submission(
        bundles: dict[str, Path], route: str) -> None:
    pdf, entry = packet(bundles[route], "fda-submission")
    marks = bookmarks(pdf)
    assert marks[0] == ("Form FDA 3926", 1)
    assert [t for t, _ in marks[1:3]] == ["Table of contents", "Cover letter"]
    assert [p["id"] for p in entry["parts"]][:3] == ["form-3926", "toc", "cover-letter"]
    # the table of contents lists the form first, on page 1
    toc = next(p for p in entry["parts"] if p["id"] == "toc")
    lines = [ln.split() for ln in run("pdftotext", "-layout", "-f", str(toc["pages"][0]),
                                      "-l", str(toc["pages"][1]), str(pdf), "-").splitlines()]
    listed = [ln for ln in lines if ln and ln[-1].isdigit()]
    assert listed[0] == ["Form", "FDA", "3926", "1"]
    assert " ".join(listed[1][:-1]) == "Cover letter"
    # and page 1 of the packet is the form's first page
    assert pages_text(pdf, 1, 1).startswith("FORM FDA 3926 (08/22)")


def test_cover_letter_no_leaves_it_out(bundles: dict[str, Path]) -> None:
    bundle = bundles["no-cover-letter"]
    pdf, entry = packet(bundle, "fda-submission")
    titles = [t for t, _ in bookmarks(pdf)]
    assert titles[:2] == ["Form FDA 3926", "Table of contents"]
    assert "Cover letter" not in titles
    assert "cover-letter" not in [p["id"] for p in entry["parts"]]
    assert manifest(bundle)["options"]["cover_letter"] == "no"
    text = pages_text(pdf, 1, entry["pages"])
    assert "INDIVIDUAL PATIENT EXPANDED ACCESS — INITIAL SUBMISSION" not in text
    # the default build has the letter: the option is what removed it
    default_pdf, default = packet(bundles["fda/single-patient"], "fda-submission")
    assert default["pages"] > entry["pages"]
    assert "INDIVIDUAL PATIENT EXPANDED ACCESS — INITIAL SUBMISSION" in pages_text(
        default_pdf, 1, default["pages"])


def test_other_packets_keep_their_order(bundles: dict[str, Path]) -> None:
    firsts = {
        ("fda/single-patient", "irb-packet"): ["Cover letter to the IRB", "Table of contents"],
        ("fda/single-patient", "manufacturer-request"):
            ["Letter to the manufacturer requesting the drug", "Table of contents"],
        ("fda/emergency", "irb-notice"):
            ["Report of emergency use to the IRB", "Table of contents", "Form FDA 3926"],
        ("fda/follow-up", "irb-copy"): ["Follow-up report", "Table of contents", "Form FDA 3926"],
    }
    for (route, packet_id), expected in firsts.items():
        pdf, _ = packet(bundles[route], packet_id)
        titles = [t for t, _ in bookmarks(pdf)]
        assert titles[:len(expected)] == expected, (route, packet_id)


@pytest.mark.parametrize("route", list(CASES))
def test_cover_letter_enclosures_follow_the_letter(bundles: dict[str, Path], route: str) -> None:
    text = part_text(bundles[route], "fda-submission", "cover-letter")
    assert "The form opens this submission; the documents listed at the end of this letter " \
           "follow it." in text
    enclosures = text.split("Enclosures (after this letter):")[1]
    # the form and the contents come before the letter, so the letter does not enclose them
    assert "FORM FDA 3926" not in enclosures and "Table of contents" not in enclosures
    assert "Please find enclosed" not in text


# -- 2./6. citations: official sources with their dates, never our notes -------------------


def test_general_rules_cite_the_2025_qa_guidance(bundles: dict[str, Path]) -> None:
    expected = {
        "fda/single-patient": ["action:irb-approval", "action:consent", "deadline:earliest-start"],
        "fda/emergency": ["deadline:written-3926", "deadline:irb-notice", "action:consent",
                          "notice:subsequent-use-irb"],
        "fda/follow-up": ["deadline:safety-report-15-days"],
    }
    for route, ids in expected.items():
        rows = ledger_rows(bundles[route])
        for row_id in ids:
            row = rows[row_id]
            assert QA in row["citation"], (route, row_id)
            assert row["verified"] is True, (route, row_id)
    # the form's own guidance stays the source for the form's fields
    rows = ledger_rows(bundles["fda/single-patient"])
    assert FORM_GUIDANCE in rows["field:physician.address"]["citation"]
    assert "30 days after FDA receives the IND" in rows["deadline:earliest-start"]["citation"]


def test_every_citation_names_an_official_source(bundles: dict[str, Path]) -> None:
    for name, bundle in bundles.items():
        data = json.loads((bundle / "ledger.json").read_text(encoding="utf-8"))
        for row in data["rows"]:
            for text in (row["citation"] or "", row["item"], row["question"] or ""):
                assert not NOTES.search(text), (name, row["id"], text)
            assert not SOURCE_KEY.search(row["citation"] or ""), (name, row["id"])
        markdown = (bundle / "ledger.md").read_text(encoding="utf-8")
        assert not NOTES.search(markdown), name
        for entry in manifest(bundle)["packets"]:
            text = run("pdftotext", str(bundle / entry["file"]), "-")
            assert not NOTES.search(text), (name, entry["id"], NOTES.search(text))
            assert "regulators" not in text


def test_no_template_names_our_notes() -> None:
    for docx in sorted(TEMPLATES.glob("*.docx")):
        with zipfile.ZipFile(docx) as zf:
            xml = " ".join(zf.read(n).decode("utf-8") for n in zf.namelist()
                           if n.endswith(".xml"))
        assert not NOTES.search(xml), docx.name
    routes = [yaml.safe_load((TEMPLATES / f"{n}.yaml").read_text(encoding="utf-8"))
              for n in ("single-patient", "emergency", "follow-up")]
    for spec in routes:
        for fact in spec["facts"]:
            # a fact no official text states has no citation (the ledger says so in words)
            assert fact.get("citation") or fact["status"] == "U", fact["text"]
            assert not NOTES.search(fact["source"]) and "regulators" not in fact["source"]
    form = yaml.safe_load((TEMPLATES / "form-fda-3926.yaml").read_text(encoding="utf-8"))
    for group in ("editions", "items", "follow_up_options"):
        for key, item in form[group].items():
            assert item.get("citation"), key
            assert "regulators" not in item["source"] and "peers" not in item["source"], key


def test_qa_guidance_citation_has_its_date() -> None:
    reg = yaml.safe_load((TEMPLATES / "regulator.yaml").read_text(encoding="utf-8"))
    cites = reg["citations"]
    assert cites["ea-qa"]["date"] == "October 2025"
    assert cites["ea-qa"]["verified"] is True
    for key, cite in cites.items():
        if QA in cite["text"]:
            assert cite["date"] == "October 2025", key
    assert "October 2017" in cites["form-3926"]["date"]


# -- 3. submission channels; the review centre sets addresses and phone numbers ------------


def test_submission_action_names_the_channels(bundles: dict[str, Path]) -> None:
    single = ledger_rows(bundles["fda/single-patient"])["action:submit-cder"]
    assert single["status"] == "awaiting" and single["who"] == "physician"
    for words in ("Expanded Access eRequest", "non-emergency", "email", "fax", "by mail",
                  "5901-B Ammendale Road", "855-543-3784"):
        assert words in single["question"], words
    assert "FDA web pages" in single["citation"] and "eRequest" in single["citation"]
    emergency = ledger_rows(bundles["fda/emergency"])["action:submit-cder"]
    assert "telephone first" in emergency["question"]
    assert "866-300-4374" in emergency["question"]
    assert "Expanded Access eRequest takes non-emergency requests only" in emergency["question"]
    follow_up = ledger_rows(bundles["fda/follow-up"])["action:submit-cder"]
    assert "eRequest for non-emergency requests; whether it also takes follow-up " \
           "submissions is not confirmed" in follow_up["question"]
    for route in CASES:
        assert "action:submit-cber" not in ledger_rows(bundles[route])


def test_cber_product_gets_cber_address_and_phones(bundles: dict[str, Path]) -> None:
    bundle = bundles["cber"]
    rows = ledger_rows(bundle)
    assert "action:submit-cder" not in rows
    question = rows["action:submit-cber"]["question"]
    for words in ("800-835-4709", "10903 New Hampshire Avenue", "Bldg. 71, Rm. G112",
                  "Silver Spring, MD 20993-0002", "240-402-8020", "240-402-8010",
                  "not confirmed"):
        assert words in question, words
    letter = part_text(bundle, "fda-submission", "cover-letter")
    for line in CBER_MAIL:
        assert line in letter, line
    assert "Ammendale" not in letter and "Center for Drug Evaluation" not in letter
    assert "EXPANDED ACCESS SUBMISSION" not in letter  # FDA gives no ATTN line for CBER
    cder = part_text(bundles["fda/emergency"], "fda-submission", "cover-letter")
    assert "5901-B Ammendale Road" in cder and "Center for Drug Evaluation and Research" in cder


def test_cber_contacts_in_regulator_file() -> None:
    reg = yaml.safe_load((TEMPLATES / "regulator.yaml").read_text(encoding="utf-8"))
    contacts = reg["contacts"]
    assert contacts["cber_ocod"]["phone"] == "800-835-4709" and contacts["cber_ocod"]["verified"]
    # the office's name and the email are on FDA's contact page, which the contact cites
    assert contacts["cber_ocod"]["email"] == "industry.biologics@fda.hhs.gov"
    assert contacts["cber_ocod"]["citation"] == "fda-contacts"
    assert reg["citations"]["fda-contacts"]["text"] == \
        "FDA web page “FDA's Expanded Access Contact Information”"
    conflict = contacts["cber_direct_line"]
    assert not conflict["verified"]
    assert "240-402-8020" in conflict["phone"] and "240-402-8010" in conflict["phone"]
    assert contacts["cder_ddi"]["toll_free"] == "855-543-3784"
    assert contacts["cber_mail"]["lines"] == list(CBER_MAIL[3:])


def test_review_centre_is_a_blocking_field(tmp_path: Path) -> None:
    path = case_copy("fda/single-patient", tmp_path,
                     lambda d: d["product"].pop("review_centre"))
    data = validate_json(path, "fda/single-patient")
    assert "field:product.review_centre" in data["gaps"]
    row = next(r for r in data["rows"] if r["id"] == "field:product.review_centre")
    assert row["status"] == "missing" and row["blocking"] is True
    assert "CDER" in row["question"] and "CBER" in row["question"]
    assert not data["ready"]


# -- 4. item labels as the 08/22 form prints them; daggers only where unconfirmed ----------


def test_item_labels_and_daggers_on_the_08_22_form(bundles: dict[str, Path]) -> None:
    text = part_text(bundles["fda/single-patient"], "fda-submission", "form-3926")
    for label in ("Ethnicity (check one)", "Race (check all that apply)",
                  "4.a. Initial Submission", "Physician's IND Number (if known):",
                  "Investigational Drug Name:", "Physician's IND Number:",
                  "7. Letter of Authorization (LOA), if applicable Field",
                  "8. Physician's Qualification Statement†",
                  "9. Contents of Follow-Up Submission†",
                  "10.a. Request for Authorization to Use Form FDA 3926†",
                  "11. Certification and Signature†"):
        assert label in text, label
    assert "(LOA), if applicable†" not in text
    assert "(if known): none" not in text  # no IND number yet: the box stays blank
    assert "Ethnicity (optional)" not in text and "if already assigned" not in text
    rows = ledger_rows(bundles["fda/single-patient"])
    assert "fact:form-item-loa" not in rows
    for key in ("qualification", "follow_up_contents", "form_waiver", "certification"):
        assert rows[f"fact:form-item-{key}"]["status"] == "to_verify", key
    boxes = part_text(bundles["fda/follow-up"], "fda-submission", "form-3926")
    assert "Initial Written IND Safety Report Follow-up" in boxes  # box 1: no dagger
    for label in ("Follow-up to a Written IND Safety Report†", "Annual Report†",
                  "Change in Treatment Plan†", "Other†"):
        assert label in boxes, label


def test_6_19_edition_numbers_the_same_labels(bundles: dict[str, Path]) -> None:
    text = part_text(bundles["edition-2019"], "fda-submission", "form-3926")
    assert text.startswith("FORM FDA 3926 (6/19)")
    assert "3.a. Initial Submission" in text
    # no IND number yet: the box stays blank (no "none")
    assert "Physician's IND Number (if known):" in text
    assert "(if known): none" not in text
    assert "6. Letter of Authorization (LOA), if applicable Field" in text
    assert "7. Physician's Qualification Statement†" in text
    assert "Ethnicity" not in text  # the 6/19 edition has no ethnicity or race boxes
    rows = ledger_rows(bundles["edition-2019"])
    assert "FORM FDA 3926 (6/19) item 7 (Physician's Qualification Statement)" in \
        rows["fact:form-item-qualification"]["item"]


# -- 5. emergency: IRB in 5 working days and subsequent use; follow-up: annual report -------


def test_emergency_irb_report_verified_and_subsequent_use(bundles: dict[str, Path]) -> None:
    rows = ledger_rows(bundles["fda/emergency"])
    deadline = rows["deadline:irb-notice"]
    assert deadline["verified"] is True and "56.104(c)" in deadline["citation"]
    assert deadline["due"] == "2026-11-20"  # 5 working days from the first dose, 11/14/2026
    notice = rows["notice:subsequent-use-irb"]
    assert notice["status"] == "info"
    assert "Any subsequent use of the drug at the institution is subject to IRB review" in \
        notice["item"]
    assert notice["verified"] is True and "56.104(c)" in notice["citation"]
    # no row says the IRB deadline is unconfirmed any more
    assert not any("5 working days" in r["item"] for r in rows.values()
                   if r["status"] == "to_verify")
    letter = part_text(bundles["fda/emergency"], "irb-notice", "irb-emergency-notice")
    assert "any subsequent use of zoferatinib (ZX-2041) at Bramblewood University Cancer " \
           "Center is subject to IRB review" in letter


def test_annual_report_deadline_is_verified(tmp_path: Path) -> None:
    data = validate_json(case_copy("fda/follow-up", tmp_path, annual_report), "fda/follow-up")
    row = next(r for r in data["rows"] if r["id"] == "deadline:annual-report")
    assert row["verified"] is True
    assert row["citation"].startswith("21 CFR 312.33 (annual report within 60 days of the "
                                       "anniversary of the date the IND went into effect)")
    assert QA in row["citation"]
    assert row["status"] == "scheduled" and row["due"] == "2026-11-30"  # 10/01 + 60 days
    assert not any("annual report" in r["item"].lower() and r["status"] == "to_verify"
                   and "60 days" in r["item"] for r in data["rows"])


# -- review of the FDA routes: contacts, uncited practices, eRequest ------------------------

ROUTE_FILES = {route: TEMPLATES / f"{route.split('/')[1]}.yaml" for route in CASES}
NO_OFFICIAL_TEXT = "No official text found confirms it"


def test_cber_actions_name_fdas_cber_contact_and_project_facilitate(
        bundles: dict[str, Path], tmp_path: Path) -> None:
    single = validate_json(case_copy("fda/single-patient", tmp_path / "sp", to_cber),
                           "fda/single-patient")
    follow_up = validate_json(case_copy("fda/follow-up", tmp_path / "fu", to_cber),
                              "fda/follow-up")
    questions = {
        "fda/single-patient": next(r for r in single["rows"]
                                   if r["id"] == "action:submit-cber")["question"],
        "fda/emergency": ledger_rows(bundles["cber"])["action:submit-cber"]["question"],
        "fda/follow-up": next(r for r in follow_up["rows"]
                              if r["id"] == "action:submit-cber")["question"],
    }
    for route, question in questions.items():
        # as FDA's contact page words it
        assert "CBER's Office of Communication, Outreach and Development" in question, route
        assert "800-835-4709" in question and "industry.biologics@fda.hhs.gov" in question
    # oncology requests: Project Facilitate, whichever centre reviews the product
    for route in ("fda/single-patient", "fda/emergency"):
        assert "Project Facilitate, 240-402-0004, OncProjectFacilitate@fda.hhs.gov" in \
            questions[route], route


def test_uncited_practices_say_no_official_text_confirms_them(
        bundles: dict[str, Path]) -> None:
    for route in CASES:
        rows = [r for r in ledger_rows(bundles[route]).values() if r["category"] == "fact"]
        cover = next(r for r in rows if r["item"].startswith("A separate cover letter is "
                                                             "optional"))
        assert cover["citation"] is None and cover["status"] == "to_verify", route
        assert NO_OFFICIAL_TEXT in cover["question"], route
        assert not any(QA in (r["citation"] or "") for r in rows), route
    fee = next(r for r in ledger_rows(bundles["fda/single-patient"]).values()
               if r["item"] == "No user fee applies to an individual-patient IND")
    assert fee["citation"] is None and NO_OFFICIAL_TEXT in fee["question"]
    markdown = (bundles["fda/single-patient"] / "ledger.md").read_text(encoding="utf-8")
    assert NO_OFFICIAL_TEXT in markdown


def test_erequest_is_for_non_emergency_requests(bundles: dict[str, Path]) -> None:
    for route, path in ROUTE_FILES.items():
        text = squash(path.read_text(encoding="utf-8"))
        assert "initial requests only" not in text, route
        assert not re.search(r"eRequest[^.]*\binitial\b", text), route
    facts = yaml.safe_load(ROUTE_FILES["fda/single-patient"].read_text(encoding="utf-8"))["facts"]
    erequest = next(f for f in facts if f["text"].startswith("Expanded Access eRequest"))
    assert erequest["status"] == "C"
    assert erequest["text"].startswith("Expanded Access eRequest is for non-emergency "
                                       "requests: the physician completes, signs and submits "
                                       "Form FDA 3926 online")
    # whether follow-ups go through eRequest: said, and flagged as unconfirmed
    rows = ledger_rows(bundles["fda/follow-up"])
    fact = next(r for r in rows.values() if r["category"] == "fact"
                and r["item"].startswith("Expanded Access eRequest"))
    assert "whether it also takes follow-up submissions is not confirmed" in fact["item"]
    assert fact["status"] == "to_verify" and "Not confirmed" in fact["question"]
    for route in CASES:
        question = ledger_rows(bundles[route])["action:submit-cder"]["question"]
        assert "initial requests" not in question, route


# -- review: the emergency letter to the manufacturer says what happened --------------------


def layout_text(bundle: Path, packet_id: str, part_id: str) -> str:
    """A part's text as pdftotext lays it out (table rows kept together), squashed."""
    pdf, entry = packet(bundle, packet_id)
    first, last = next(p for p in entry["parts"] if p["id"] == part_id)["pages"]
    return squash(run("pdftotext", "-layout", "-f", str(first), "-l", str(last), str(pdf), "-"))


def test_emergency_manufacturer_letter_reports_the_authorization(
        bundles: dict[str, Path]) -> None:
    pdf, _entry = packet(bundles["fda/emergency"], "manufacturer-request")
    assert bookmarks(pdf)[0][0] == "Letter to the manufacturer after FDA's emergency " \
                                   "authorization"
    letter = layout_text(bundles["fda/emergency"], "manufacturer-request",
                         "manufacturer-letter")
    for words in ("RE: Emergency use of zoferatinib (ZX-2041) authorized by FDA: supply "
                  "Patient's initials: TQI",
                  "Physician's IND number: IND 170001",
                  "On 11/13/2026, the U.S. Food and Drug Administration authorized by "
                  "telephone the emergency use of zoferatinib (ZX-2041) for my patient, TQI, "
                  "under individual patient expanded access IND 170001 (21 CFR 312.310(d)).",
                  "The first dose was given on 11/14/2026.",
                  "I am submitting the written Form FDA 3926 to FDA within 15 working days of "
                  "the authorization",
                  "to continue supplying zoferatinib (ZX-2041)",
                  # the case holds the LOA: the letter thanks for it, it does not ask again
                  "Thank you for the Letter of Authorization dated 11/13/2026"):
        assert words in letter, words
    for stale in ("that I will submit", "Planned start", "as soon as authorized",
                  "I also ask for a Letter of Authorization",
                  # the first dose once, in the opening paragraph
                  "First dose 11/14/2026"):
        assert stale not in letter, stale
    # the treatment plan enclosed in the emergency packets gives the first dose, too
    plan = layout_text(bundles["fda/emergency"], "fda-submission", "treatment-plan")
    assert "First dose 11/14/2026" in plan and "Planned start" not in plan
    # the non-emergency request is unchanged
    single = part_text(bundles["fda/single-patient"], "manufacturer-request",
                       "manufacturer-letter")
    assert "I will submit an individual patient expanded access IND to the U.S. Food" in single
    assert "Planned start" in single


# -- review: a follow-up Form FDA 3926 completes fields 9-11 only ----------------------------

NOT_COMPLETED = ("Not completed for a follow-up submission (item 4.b: a follow-up submission "
                 "completes fields 9 through 11).")


def test_follow_up_form_leaves_items_5_to_8_blank(bundles: dict[str, Path]) -> None:
    for packet_id in ("fda-submission", "irb-copy"):
        text = layout_text(bundles["fda/follow-up"], packet_id, "form-3926")
        for heading in ("5. Clinical Information", "6. Treatment Information",
                        "7. Letter of Authorization (LOA), if applicable",
                        "8. Physician's Qualification Statement†"):
            assert f"{heading} {NOT_COMPLETED}" in text, (packet_id, heading)
        assert text.count(NOT_COMPLETED) == 4
        # none of the initial-only values of the case is transcribed
        for value in ("58.2 kg", "Brief clinical history", "Ethnicity (check one)",
                      "I have attached the LOA", "CDER Office of Oncologic Diseases",
                      "Calloway University", "Modifications for toxicity"):
            assert value not in text, (packet_id, value)
        # items 9-11 are completed
        assert "[X] Initial Written IND Safety Report" in text
        assert "11. Certification and Signature†" in text
    # the initial request still completes them
    initial = part_text(bundles["fda/single-patient"], "fda-submission", "form-3926")
    assert NOT_COMPLETED not in initial and "Brief clinical history" in initial


def test_follow_up_route_asks_for_no_initial_only_field(bundles: dict[str, Path]) -> None:
    spec = yaml.safe_load(ROUTE_FILES["fda/follow-up"].read_text(encoding="utf-8"))
    initial_only = {"patient.weight_kg", "patient.allergies", "prior_treatments",
                    "institution.address", "physician.medical_school",
                    "physician.graduation_year", "physician.specialty", "physician.licence",
                    "product.reference_application", "treatment_plan.quantity_requested"}
    form = next(p for p in spec["packets"][0]["parts"] if p["id"] == "form-3926")
    assert not initial_only & set(form["needs"])
    rows = ledger_rows(bundles["fda/follow-up"])
    assert not [f for f in initial_only if f"field:{f}" in rows]


# -- review: item 6 does not print a CDER division when CBER reviews the product ------------


def test_cber_product_prints_no_cder_division(bundles: dict[str, Path]) -> None:
    form = layout_text(bundles["cber"], "fda-submission", "form-3926")
    assert "FDA review division (if known) Not known" in form
    assert "Oncologic Diseases" not in form and "CDER" not in form
    notice = ledger_rows(bundles["cber"])["notice:cber-review-division"]
    assert notice["status"] == "info" and notice["blocking"] is False
    assert "check that the FDA review division the case names is a CBER division" in \
        notice["item"]
    assert notice["citation"] == "FDA web page “FDA's Expanded Access Contact Information”"
    # a CDER product prints the division and gets no notice
    cder = layout_text(bundles["fda/emergency"], "fda-submission", "form-3926")
    assert "FDA review division (if known) CDER Office of Oncologic Diseases, Division of " \
           "Oncology 2 (DO2)" in cder
    assert "notice:cber-review-division" not in ledger_rows(bundles["fda/emergency"])


# -- review: the cover letter lists the enclosures in the packet's order ---------------------


def enclosures(text: str) -> list[str]:
    """The numbered entries after "Enclosures (after this letter):", without ", dated ..."
    (wrapped lines joined)."""
    entries: list[str] = []
    for line in text.split("Enclosures (after this letter):")[1].splitlines():
        line = line.strip()
        if not line or "·" in line:  # the end of the list, or the packet footer
            if entries:
                break
            continue
        m = re.match(r"(\d+)\. (.*)", line)
        if m and int(m.group(1)) == len(entries) + 1:
            entries.append(m.group(2))
        else:
            entries[-1] += " " + line
    return [re.sub(r", dated \d\d/\d\d/\d{4}$", "", e) for e in entries]


def outline_children(pdf: Path, title: str) -> list[str]:
    """The titles of the bookmarks under the top-level bookmark ``title``, as pypdf reads
    them."""
    items = list(PdfReader(pdf).outline)
    i = next(i for i, item in enumerate(items) if not isinstance(item, list)
             and item.title == title)
    children = items[i + 1]
    assert isinstance(children, list)
    return [str(c.title) for c in children if not isinstance(c, list)]


@pytest.mark.parametrize("route", list(CASES))
def test_cover_letter_enclosures_in_collated_order(bundles: dict[str, Path], route: str) -> None:
    pdf, entry = packet(bundles[route], "fda-submission")
    ids = [p["id"] for p in entry["parts"]]
    letter = entry["parts"][ids.index("cover-letter")]
    listed = enclosures(run("pdftotext", "-layout", "-f", str(letter["pages"][0]), "-l",
                            str(letter["pages"][1]), str(pdf), "-"))
    # what the packet collates after the letter: each generated document by its part's
    # title, each upload by its own title
    collated = [doc["title"] for part in entry["parts"][ids.index("cover-letter") + 1:]
                for doc in part["documents"]]
    assert len(listed) == len(collated), (listed, collated)
    for enclosure, title in zip(listed, collated, strict=True):
        assert enclosure.lower().startswith(title.lower()), (enclosure, title)
    # and the PDF's own bookmarks collate the supporting reports in that order
    children = outline_children(pdf, "Supporting clinical reports")
    assert listed[-len(children):] == children
    if route == "fda/single-patient":
        # the discharge summary (09/27) is collated before the PET-CT (10/20) and the labs
        assert [e.split(",")[0].split(" (")[0] for e in listed[-3:]] == \
            ["Discharge summary", "FDG PET-CT report", "Laboratory results"]
