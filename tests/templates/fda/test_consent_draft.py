"""The informed-consent draft of the FDA routes (issue 20).

The draft (templates/fda/consent-draft.docx) is rendered with the real renderer for the
single-patient example and a minimal case and read back with python-docx: FDA's template
sections and the 21 CFR 50.25 elements, the DRAFT mark, labelled blanks for what the case
does not give, and the reading level (Flesch-Kincaid grade, textstat). The route data put it
in the IRB packet only without an uploaded consent document, and always in the on-file
packet; the ledger asks for each element the case cannot fill and, for a patient who reads
another language, for a translation.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
import textstat
from docx import Document

from accesspack import Ledger, LedgerRow, build, load_case, load_route, validate
from accesspack.buildplan import plan
from accesspack.bundle import template_context
from accesspack.model import Case, parse_case
from accesspack.render.context import case_context
from accesspack.render.docx import make_environment, render_docx
from tests.conftest import run

from .test_templates import IDENTIFYING, complete_case_data, minimal_data

ROOT = Path(__file__).resolve().parents[3]
TEMPLATE = ROOT / "templates" / "fda" / "consent-draft.docx"
EXAMPLE = ROOT / "examples" / "fda-single-patient" / "case.yaml"
EMERGENCY = ROOT / "examples" / "fda-emergency" / "case.yaml"

#: FDA's template's sections (appendix of the Q&A guidance, Revision 1, October 2025), and
#: the 21 CFR 50.25 elements each one carries.
HEADINGS = {
    "1. What is this form about?": ("(a)(1)", "(a)(8)"),
    "2. How might this treatment help you?": ("(a)(3)",),
    "3. What are the risks of this treatment?": ("(a)(2)", "(b)(1)"),
    "4. How long will you be treated?": ("(a)(1)",),
    "5. What other choices do you have?": ("(a)(4)",),
    "6. What will happen during the treatment?": ("(a)(1)",),
    "7. Can your doctor stop the treatment without your permission?": ("(b)(2)", "(b)(4)"),
    "8. What will the treatment cost?": ("(b)(3)",),
    "9. What happens if you are hurt by the treatment?": ("(a)(6)",),
    "10. Who may see your health information?": ("(a)(5)",),
    "11. What else should you know?": ("(b)(5)",),
    "Whom should you contact?": ("(a)(7)",),
    "12. Signatures": (),
}
ELEMENTS = [f"(a)({n})" for n in range(1, 9)]
BLANK = re.compile(r"_{10,}")


def make_case(data: dict[str, Any], folder: Path) -> Case:
    folder.mkdir(parents=True, exist_ok=True)
    for att in data.get("attachments", []):
        (folder / att["path"]).write_bytes(b"%PDF-1.4\n%%EOF\n")
    return parse_case(copy.deepcopy(data), base_dir=folder)


def render(case: Case, route_id: str, out: Path) -> list[str]:
    """The draft rendered as the engine renders it in the on-file packet: its paragraphs."""
    route = load_route(route_id)
    packet = next(p for p in route.spec.packets if p.id == "on-file")
    ns, _missing = case_context(case, "en", identity="initials")
    context = template_context(case, route, packet, route.options(), ns)
    dest = out / "consent-draft.docx"
    render_docx(TEMPLATE, context, dest, env=make_environment("MM/dd/yyyy"),
                stamp=case.prepared_on)
    return [p.text for p in Document(str(dest)).paragraphs]


def body(paragraphs: list[str]) -> str:
    """The text the patient reads: from section 1 on, without the blank signature lines
    (the tables hold the doctor's plan in the doctor's words and are not counted)."""
    start = paragraphs.index("1. What is this form about?")
    lines = [line for t in paragraphs[start:] for line in t.split("\n")]
    return "\n".join(t for t in lines if t.strip() and not set(t) <= set("_ :"))


def row_of(ledger: Ledger, rid: str) -> LedgerRow:
    found = [r for r in ledger.rows if r.id == rid]
    assert len(found) == 1, (rid, [r.id for r in ledger.rows])
    return found[0]


def cell_texts(path: Path) -> str:
    doc = Document(str(path))
    return "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)


# --------------------------------------------------------------------------------------
# The document
# --------------------------------------------------------------------------------------
@pytest.fixture
def example_draft(tmp_path: Path) -> list[str]:
    return render(load_case(EXAMPLE), "fda/single-patient", tmp_path)


@pytest.fixture
def minimal_draft(tmp_path: Path) -> list[str]:
    return render(make_case(minimal_data(), tmp_path / "case"), "fda/single-patient", tmp_path)


@pytest.mark.parametrize("which", ["example_draft", "minimal_draft"])
def test_every_section_and_element_is_there(which: str, request: pytest.FixtureRequest) -> None:
    paragraphs: list[str] = request.getfixturevalue(which)
    text = "\n".join(paragraphs)
    for heading in HEADINGS:
        assert heading in paragraphs, heading
    covered = {e for elements in HEADINGS.values() for e in elements}
    assert set(ELEMENTS) <= covered
    # the IRB's note says where each element is, citing the regulation
    note = next(p for p in paragraphs if p.startswith("It follows FDA's"))
    for element in ELEMENTS:
        assert element in note, element
    assert "21 CFR 50.27" in note and "Revision 1, October 2025" in note
    assert "{{" not in text and "{%" not in text


@pytest.mark.parametrize("which", ["example_draft", "minimal_draft"])
def test_marked_draft_for_the_irb_never_for_fda(which: str,
                                                request: pytest.FixtureRequest) -> None:
    paragraphs: list[str] = request.getfixturevalue(which)
    assert paragraphs[0] == "DRAFT — NOT FOR SIGNATURE"
    text = "\n".join(paragraphs)
    assert "Do not sign it or use it until the IRB has approved it" in text
    assert "never sent to FDA" in text


def test_the_example_fills_drug_plan_risks_and_contacts(tmp_path: Path) -> None:
    case = load_case(EXAMPLE)
    paragraphs = render(case, "fda/single-patient", tmp_path)
    text = "\n".join(paragraphs)
    assert "treat you with zoferatinib (ZX-2041)" in text
    assert "Zoferatinib is an investigational drug." in text  # capitalised opening a sentence
    assert "Diarrhea. It was severe in about 9 out of every 100 people who took the drug." in text
    assert "FDA may look at (inspect) your records" in text
    assert "Your doctor has asked or will ask FDA for permission" in text
    cells = cell_texts(tmp_path / "consent-draft.docx")
    assert "160 mg once daily (two 80 mg tablets)" in cells  # dose, from the case
    assert "Oral, with food" in cells and "Continuous daily dosing in 28-day cycles" in cells
    assert "CBC with differential" in cells  # monitoring
    assert "(614) 555-0137" in cells and "(614) 555-0150" in cells  # physician, IRB
    # the example says the drug is free and gives the institution's injury policy: no
    # blank is left for them (the minimal case's blanks are tested below)
    assert ("Meridian Oncology Therapeutics, Inc., the company that makes zoferatinib, gives "
            "the drug free of charge.") in paragraphs
    assert not any(p.startswith("What zoferatinib will cost you:") for p in paragraphs)
    assert any(p.startswith("If you are hurt by the treatment, the Cancer Center will give you")
               for p in paragraphs)
    assert not any(p.startswith("What Bramblewood University Cancer Center offers")
                   for p in paragraphs)
    # the FDA packets name the patient by initials only
    assert "EMO" in cells and "Evelyn" not in text + cells
    # a woman is told of the risk to an unborn baby
    assert any("could become pregnant" in p for p in paragraphs)


def test_what_the_case_does_not_give_is_a_labelled_blank(tmp_path: Path,
                                                          minimal_draft: list[str]) -> None:
    text = "\n".join(minimal_draft)
    risks = next(p for p in minimal_draft if p.startswith(
        "Known side effects and risks of Drugamab, and how often they happen:"))
    assert [line for line in risks.split("\n") if BLANK.fullmatch(line)]
    cost = next(p for p in minimal_draft if p.startswith("What Drugamab will cost you:"))
    assert BLANK.search(cost)
    cells = cell_texts(tmp_path / "consent-draft.docx")
    assert "Telephone: ____" in cells  # no telephone for the physician, nor for the IRB
    assert "Planned start" not in cells  # an absent optional row is left out
    assert "pregnant" not in text  # a man
    for name in IDENTIFYING:
        assert name not in text + cells


def test_costs_follow_the_charging_field(tmp_path: Path) -> None:
    data = minimal_data()
    data["product"]["free_of_charge"] = True
    free = render(make_case(data, tmp_path / "a"), "fda/single-patient", tmp_path / "a")
    assert "Maker Ltd, the company that makes Drugamab, gives the drug free of charge." in free
    data["product"]["free_of_charge"] = False
    charged = "\n".join(render(make_case(data, tmp_path / "b"), "fda/single-patient",
                               tmp_path / "b"))
    assert "does not give the drug free of charge" in charged
    assert "free of charge." not in charged.replace("does not give the drug free of charge", "")


def test_a_patient_who_reads_another_language_is_flagged_to_the_irb(tmp_path: Path) -> None:
    data = minimal_data()
    data["patient"]["language"] = "es"
    text = "\n".join(render(make_case(data, tmp_path / "c"), "fda/single-patient", tmp_path))
    assert "The patient's language is not English" in text and "21 CFR 50.20" in text


def test_the_emergency_draft_says_what_fda_authorized(tmp_path: Path) -> None:
    paragraphs = render(load_case(EMERGENCY), "fda/emergency", tmp_path)
    text = "\n".join(paragraphs)
    assert "FDA allowed your doctor to treat you with zoferatinib" in text
    assert "needs IRB review first (21 CFR 56.104(c))" in text
    assert "until the IRB has approved it" not in text


@pytest.mark.parametrize("which", ["example_draft", "minimal_draft"])
def test_reading_level_is_about_us_grade_8(which: str, request: pytest.FixtureRequest) -> None:
    grade = textstat.flesch_kincaid_grade(body(request.getfixturevalue(which)))
    assert grade <= 8.5, grade


# --------------------------------------------------------------------------------------
# The packets and the ledger (no build)
# --------------------------------------------------------------------------------------
def parts_of(case: Case, route: str) -> dict[str, list[str]]:
    return {p.packet.id: [x.part.id for x in p.parts] for p in plan(case, route).packets}


def test_the_irb_packet_holds_the_upload_or_else_the_draft(tmp_path: Path) -> None:
    with_upload = make_case(complete_case_data(), tmp_path / "a")
    parts = parts_of(with_upload, "fda/single-patient")
    assert "consent-form" in parts["irb-packet"] and "consent-draft" not in parts["irb-packet"]
    assert parts["on-file"][0] == "consent-draft"  # first, then the accountability log
    data = complete_case_data()
    data["attachments"] = [a for a in data["attachments"] if a["kind"] != "consent_form"]
    case = make_case(data, tmp_path / "b")
    without = parts_of(case, "fda/single-patient")
    irb = without["irb-packet"]
    # the slot stays active (it collates nothing without an upload); the draft follows it
    assert irb.index("consent-form") == irb.index("treatment-plan") + 1
    assert irb.index("consent-draft") == irb.index("consent-form") + 1
    assert without["on-file"][0] == "consent-draft"


def test_the_consent_slot_awaits_the_irb_approved_document(tmp_path: Path) -> None:
    """Never "not applicable": without an upload the IRB packet holds the draft, and the
    ledger waits for the consent document the IRB approves."""
    data = complete_case_data()
    data["attachments"] = [a for a in data["attachments"] if a["kind"] != "consent_form"]
    row = row_of(validate(make_case(data, tmp_path / "a"), "fda/single-patient"),
                 "part:consent-form")
    assert (row.status, row.who, row.blocking) == ("awaiting", "irb", False)
    assert row.packets == ("irb-packet",)
    assert row.question is not None and row.question.startswith(
        "The IRB packet holds the consent draft; once the IRB has approved the consent "
        "document, attach it (kind consent_form)")
    assert (row.citation or "").startswith("21 CFR Part 50")
    uploaded = row_of(validate(make_case(complete_case_data(), tmp_path / "b"),
                               "fda/single-patient"), "part:consent-form")
    assert uploaded.status == "complete"


@pytest.mark.parametrize("route", ["fda/single-patient", "fda/emergency"])
def test_the_consent_draft_asks_for_the_telephone_numbers_it_prints(
        route: str, tmp_path: Path) -> None:
    """The draft prints a blank "Telephone:" line for an IRB or a physician without one:
    the ledger asks for both (21 CFR 50.25(a)(7)), even when the IRB itself is named."""
    data = complete_case_data()
    data["request"]["emergency"] = route == "fda/emergency"
    if route == "fda/emergency":
        data["request"]["emergency_authorization"] = {"authorized_on": "2025-01-28"}
    data["physician"].pop("phone", None)
    data["institution"]["irb"].pop("phone", None)
    ledger = validate(make_case(data, tmp_path / "a"), route)
    assert row_of(ledger, "field:institution.irb").status == "complete"
    irb_phone = row_of(ledger, "field:institution.irb.phone")
    assert (irb_phone.status, irb_phone.blocking, irb_phone.who) == (
        "missing", False, "institution")
    assert (irb_phone.citation or "").startswith("21 CFR 50.25(a)(7)")
    assert "consent draft" in (irb_phone.question or "")
    assert "on-file" in irb_phone.packets
    assert row_of(ledger, "field:physician.phone").status == "missing"
    data["physician"]["phone"] = "415-555-0100"
    data["institution"]["irb"]["phone"] = "415-555-0199"
    filled = validate(make_case(data, tmp_path / "b"), route)
    assert row_of(filled, "field:institution.irb.phone").status == "complete"
    assert row_of(filled, "field:physician.phone").status == "complete"


def test_the_emergency_irb_notice_keeps_the_consent_used(tmp_path: Path) -> None:
    data = complete_case_data()
    data["request"]["emergency"] = True
    data["request"]["emergency_authorization"] = {"authorized_on": "2025-01-28"}
    data["attachments"] = [a for a in data["attachments"] if a["kind"] != "consent_form"]
    case = make_case(data, tmp_path)
    parts = parts_of(case, "fda/emergency")
    assert "consent-draft" not in parts["irb-notice"]
    assert parts["on-file"][0] == "consent-draft"  # first, then the accountability log
    row = row_of(validate(case, "fda/emergency"), "part:consent-form")
    assert row.status == "missing" and not row.blocking
    assert "21 CFR 50.23(a)" in (row.question or "")
    # not 21 CFR 50.27, whose form is "approved by the IRB": an emergency use is exempt
    # from prior IRB review (21 CFR 56.104(c))
    assert (row.citation or "").startswith("21 CFR Part 50")
    assert "approved by the IRB" not in (row.citation or "")


def test_the_ledger_lists_each_element_the_case_cannot_fill(tmp_path: Path) -> None:
    ledger = validate(make_case(minimal_data(), tmp_path), "fda/single-patient")
    expected = {
        "field:product.known_risks": "21 CFR 50.25(a)(2)",
        "field:institution.injury_care": "21 CFR 50.25(a)(6)",
        "field:product.free_of_charge": "21 CFR 50.25(b)(3)",
    }
    for rid, cite in expected.items():
        row = row_of(ledger, rid)
        assert row.status == "missing" and not row.blocking, rid
        assert (row.citation or "").startswith(cite), (rid, row.citation)
        assert row.question and "consent draft" in row.question
    assert row_of(ledger, "field:institution.injury_care").who == "institution"
    # the draft is active (on file): its part row is never "not applicable"
    assert all(r.status != "not_applicable" for r in ledger.rows if r.id == "part:consent-draft")
    # filled in, the rows are complete
    data = minimal_data()
    data["product"]["known_risks"] = ["Nausea."]
    data["product"]["free_of_charge"] = False
    data["institution"]["injury_care"] = "Care is billed to you or your insurer."
    filled = validate(make_case(data, tmp_path / "f"), "fda/single-patient")
    assert all(row_of(filled, rid).status == "complete" for rid in expected)


def test_a_non_english_patient_gets_a_translation_row_until_one_is_attached(
        tmp_path: Path) -> None:
    rid = "translation:consent-draft:es"
    english = validate(make_case(minimal_data(), tmp_path / "en"), "fda/single-patient")
    assert not [r for r in english.rows if r.id.startswith("translation:consent-draft")]
    data = minimal_data()
    data["patient"]["language"] = "es"
    row = row_of(validate(make_case(data, tmp_path / "es"), "fda/single-patient"), rid)
    assert row.status == "missing" and not row.blocking and row.category == "translation"
    assert (row.citation or "").startswith("21 CFR 50.20")
    assert "kind translation" in (row.question or "") and set(row.packets) == {
        "irb-packet", "on-file"}
    assert "Spanish (es)" in row.item and "21 CFR 50.27(b)(2)" in (row.question or "")
    # an uploaded consent in English is not enough; its Spanish translation is
    data["attachments"] = [{"id": "consent-en", "kind": "consent_form", "path": "c.pdf",
                            "title": "Consent document"}]
    assert row_of(validate(make_case(data, tmp_path / "u"), "fda/single-patient"), rid)
    data["attachments"].append({"kind": "translation", "path": "t.pdf", "language": "es",
                                "translates": "consent-en", "title": "Consentimiento"})
    done = validate(make_case(data, tmp_path / "t"), "fda/single-patient")
    assert rid not in {r.id for r in done.rows}
    # so is a consent document uploaded in the patient's language
    data["attachments"] = [{"kind": "consent_form", "path": "c.pdf", "language": "es",
                            "title": "Consentimiento informado"}]
    assert rid not in {r.id for r in validate(make_case(data, tmp_path / "s"),
                                              "fda/single-patient").rows}


@pytest.mark.parametrize(("patient", "upload", "row"), [
    ("es", "es-MX", False),     # a regional variant of the patient's language serves
    ("es-MX", "es", False),
    ("es", "fr", True),
    ("en-US", None, False),     # the packet's language, in a regional variant: no row
    ("pt-BR", None, True),
])
def test_languages_match_by_their_base_code(patient: str, upload: str | None, row: bool,
                                            tmp_path: Path) -> None:
    data = minimal_data()
    data["patient"]["language"] = patient
    data["attachments"] = [] if upload is None else [
        {"kind": "consent_form", "path": "c.pdf", "language": upload, "title": "Consent"}]
    rows = validate(make_case(data, tmp_path), "fda/single-patient").rows
    assert any(r.id.startswith("translation:consent-draft:") for r in rows) is row


# --------------------------------------------------------------------------------------
# Built packets (LibreOffice, pdftotext)
# --------------------------------------------------------------------------------------
@pytest.mark.slow
def test_built_packets_hold_the_draft_where_they_should(tmp_path: Path) -> None:
    case = load_case(EXAMPLE)  # it uploads a consent document
    out = tmp_path / "with"
    build(case, "fda/single-patient", out)
    irb = run("pdftotext", str(next(out.glob("*-irb-packet.pdf"))), "-")
    packet = next(p for p in json.loads((out / "manifest.json").read_text())["packets"]
                  if p["id"] == "on-file")
    first, last = next(p["pages"] for p in packet["parts"] if p["id"] == "consent-draft")
    assert first == 1  # the draft opens the packet kept on file
    draft = run("pdftotext", "-f", str(first), "-l", str(last), str(out / packet["file"]), "-")
    assert "DRAFT — NOT FOR SIGNATURE" not in irb
    assert "DRAFT — NOT FOR SIGNATURE" in draft and "Kept on file (not sent)" in draft
    assert (out / "documents" / "consent-draft.docx").is_file()
    assert textstat.flesch_kincaid_grade(draft) <= 8.5  # the doctor's plan table included

    data = case.model_copy(update={"attachments": [a for a in case.attachments
                                                   if a.kind != "consent_form"]})
    out = tmp_path / "without"
    build(data, "fda/single-patient", out)
    irb = run("pdftotext", str(next(out.glob("*-irb-packet.pdf"))), "-")
    assert "DRAFT — NOT FOR SIGNATURE" in irb
    assert "Informed consent document (draft for the IRB's review)" in irb  # cover letter
    # the empty consent slot collates nothing: no part, page or TOC line of its own
    manifest = json.loads((out / "manifest.json").read_text())
    irb_parts = [p["id"] for p in next(p for p in manifest["packets"]
                                       if p["id"] == "irb-packet")["parts"]]
    assert "consent-form" not in irb_parts
    assert irb_parts.index("consent-draft") == irb_parts.index("treatment-plan") + 1
