"""The draft LOA for the manufacturer and the drug accountability log (issue 20, item 2).

- Without an uploaded LOA, the manufacturer request of fda/single-patient and fda/emergency
  encloses a draft in FDA's example wording, filled from the case, and the letter says it
  is enclosed; with one, neither the draft nor the sentence is there.
- The accountability log (21 CFR 312.62(a)) is a landscape table to print, in a packet
  kept on file and never sent, with an action row to keep it.

The templates are rendered with the real renderer and read back with python-docx; the
plan and the ledger come from the library's own ``plan`` and ``validate`` (no LibreOffice);
the last tests build bundles and read the PDFs with poppler.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from pypdf import PdfReader

from accesspack import load_case, parse_case, validate
from accesspack.buildplan import plan
from accesspack.render.docx import make_environment, render_docx
from tests.conftest import (
    EXAMPLES,
    BuildCache,
    build_cli,
    example_data,
    manifest,
    squash,
    text_of,
    write_case,
)

ROOT = Path(__file__).resolve().parents[3]
FDA = ROOT / "templates" / "fda"
SINGLE = EXAMPLES / "fda-single-patient" / "case.yaml"
EMERGENCY = EXAMPLES / "fda-emergency" / "case.yaml"
ROUTES = {"fda/single-patient": SINGLE, "fda/emergency": EMERGENCY}
LETTERS = {"fda/single-patient": "manufacturer-request.docx",
           "fda/emergency": "manufacturer-request-emergency.docx"}
#: What the letter says exactly when the draft is enclosed.
ENCLOSED = ("A draft in the wording of FDA's example letter, filled in from this request, is "
            "enclosed")
#: The log's column headings, in order, and its column groups with the words they record.
COLUMNS = ["Date received", "Quantity received", "Lot (batch or code mark)", "Expiry date",
           "Received by", "Date dispensed or given", "Dose or quantity", "Dispensed or given by",
           "Date", "Quantity", "Returned to the supplier, or destroyed as its instructions direct",
           "By", "Quantity on hand"]
#: The physician is the sponsor too (21 CFR 312.3(b)): the receipt columns and the lot are
#: the sponsor's records of 21 CFR 312.57(a) ("date, quantity, and batch or code mark").
GROUPS = ["Receipt of the drug: date, quantity and batch or code mark (21 CFR 312.57(a))",
          "Use by the patient (21 CFR 312.62(a))",
          "Unused supply returned or destroyed as the manufacturer directs "
          "(21 CFR 312.59, 312.62(a))",
          "Balance"]


def without_loa(data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    data["attachments"] = [a for a in data["attachments"]
                           if a["kind"] != "letter_of_authorization"]
    return data


def case_of(path: Path, *, loa: bool = True, change: Any = None) -> Any:
    data = example_data(path)
    if not loa:
        data = without_loa(data)
    if change is not None:
        change(data)
    return parse_case(data, base_dir=path.parent)


def render(template: str, case: Any, route: str, packet: str, out: Path) -> list[str]:
    """``template`` rendered with the context the build gives ``packet``; its text as
    blocks (paragraphs, then table cells row by row, merged cells once)."""
    planned = next(p for p in plan(case, route).packets if p.id == packet)
    dest = out / template
    render_docx(FDA / template, dict(planned.context), dest,
                env=make_environment("MM/dd/yyyy"), stamp=case.prepared_on)
    lines: list[str] = []
    for block in Document(str(dest)).iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        lines.extend(p.text for p in cell.paragraphs)
        else:
            lines.append(block.text)
    return lines


def no_leftovers(text: str, case: Any) -> None:
    for tag in ("{{", "}}", "{%", "%}", "{#"):
        assert tag not in text, tag
    assert case.patient.full_name not in text
    assert case.patient.full_name.split()[-1] not in text
    if case.patient.date_of_birth:
        assert case.patient.date_of_birth.strftime("%m/%d/%Y") not in text


# -- the plan: which parts each case gets ----------------------------------------------------


@pytest.mark.parametrize("route", ROUTES)
def test_the_loa_draft_is_enclosed_only_without_an_loa(route: str) -> None:
    for loa in (True, False):
        packets = {p.id: p for p in plan(case_of(ROUTES[route], loa=loa), route).packets}
        parts = [p.id for p in packets["manufacturer-request"].parts]
        if loa:
            assert "loa-draft" not in parts
        else:
            assert parts == ["manufacturer-letter", "toc", "loa-draft", "clinical-summary",
                             "treatment-plan"]
        # only the manufacturer gets it: never the FDA submission or the IRB
        for pid, packet in packets.items():
            if pid != "manufacturer-request":
                assert "loa-draft" not in [p.id for p in packet.all_parts], pid


@pytest.mark.parametrize("route", ROUTES)
def test_the_on_file_packet(route: str) -> None:
    packets = {p.id: p for p in plan(case_of(ROUTES[route]), route).packets}
    on_file = packets["on-file"]
    assert on_file.packet.title == "Kept on file (not sent)"
    assert on_file.packet.audience.startswith("The physician's own file")
    assert [p.id for p in on_file.parts][-1] == "accountability-log"
    assert on_file.identity == "initials"
    # the log is in no packet that is sent
    for pid, packet in packets.items():
        if pid != "on-file":
            assert "accountability-log" not in [p.id for p in packet.all_parts], pid


def test_follow_up_has_no_log_of_its_own() -> None:
    case = load_case(EXAMPLES / "fda-follow-up" / "case.yaml")
    ids = [p.id for p in plan(case, "fda/follow-up").packets]
    assert "on-file" not in ids


# -- the ledger ------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES)
def test_ledger_rows(route: str) -> None:
    with_loa = {r.id: r for r in validate(case_of(ROUTES[route]), route).rows}
    without = {r.id: r for r in validate(case_of(ROUTES[route], loa=False), route).rows}
    # the LOA is still awaited from the manufacturer; the question names the draft
    slot = without["part:loa"]
    assert (slot.status, slot.who, slot.blocking) == ("awaiting", "manufacturer", True)
    assert "encloses a draft in FDA's example wording" in (slot.question or "")
    assert with_loa["part:loa"].status == "complete"
    # the draft is not applicable when the LOA is there, and cites FDA's example, unconfirmed
    draft = with_loa["part:loa-draft"]
    assert draft.status == "not_applicable"
    assert draft.citation is not None and "Example of Wording for Letter of Authorization" \
        in draft.citation
    assert draft.verified is False
    assert "part:loa-draft" not in without
    # keeping the log: an action for the physician, citing the regulation
    for rows in (with_loa, without):
        keep = rows["action:accountability-log"]
        assert (keep.status, keep.who) == ("awaiting", "physician")
        assert keep.citation is not None and keep.citation.startswith("21 CFR 312.57(a)")
        assert all(s in keep.citation for s in ("312.62(a)", "312.3(b)", "312.62(c)", "312.59"))
        # read in FindLaw's copy and GPO's 2001 edition only: no official current text
        assert keep.verified is False
        assert "batch or code mark" in (keep.question or "")
        assert "2 years" in (keep.question or "")


# -- the letter and the draft ----------------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES)
def test_the_letter_says_a_draft_is_enclosed_exactly_when_it_is(route: str,
                                                                 tmp_path: Path) -> None:
    for loa in (True, False):
        case = case_of(ROUTES[route], loa=loa)
        letter = "\n".join(render(LETTERS[route], case, route, "manufacturer-request",
                                  tmp_path))
        packet = next(p for p in plan(case, route).packets if p.id == "manufacturer-request")
        enclosed = "loa-draft" in [p.id for p in packet.parts]
        assert (ENCLOSED in letter) is enclosed is (not loa)
        assert ("Thank you for the Letter of Authorization" in letter) is loa


def test_loa_draft_is_filled_from_the_case(tmp_path: Path) -> None:
    case = case_of(SINGLE, loa=False)
    lines = render("loa-draft.docx", case, "fda/single-patient", "manufacturer-request",
                   tmp_path)
    text = "\n".join(lines)
    no_leftovers(text, case)
    # no patient identity at all, not even the initials
    assert case.patient.initials not in text
    assert lines[0] == ("DRAFT for Meridian Oncology Therapeutics, Inc. to put on its "
                        "letterhead, complete and sign")
    # FDA's example, filled in: the company, its IND, the drug, the physician sponsor
    assert ("Re: Letter of Authorization to Cross Reference to IND 161234 (zoferatinib, "
            "ZX-2041)") in lines
    body = squash(text)
    assert ("This letter of authorization (LOA) authorizes Tobias Renner-Albright, MD, PhD, "
            "to reference and rely on Meridian Oncology Therapeutics, Inc. IND 161234 in "
            "connection with the individual patient expanded access IND of Tobias "
            "Renner-Albright, MD, PhD, submitted to FDA on Form FDA 3926 for the treatment of "
            "one patient with zoferatinib (ZX-2041) for metastatic non-small cell lung "
            "cancer") in body
    assert ("FDA is authorized to refer to Meridian Oncology Therapeutics, Inc. IND 161234 "
            "for the purpose of FDA's review of the IND submitted by Tobias Renner-Albright, "
            "MD, PhD, and described above.") in body
    assert ("As indicated by my signature below, I am authorized to provide this LOA on "
            "behalf of Meridian Oncology Therapeutics, Inc.,") in body
    # FDA's addressee, by the product's centre
    assert "Center for Drug Evaluation and Research" in lines
    # what the company fills in: labelled blanks
    for blank in ("[Company letterhead: company name, address and telephone number]",
                  "[Date]", "[Signature of the responsible official]",
                  "[Full name of the responsible official]", "[Title]", "[Address]",
                  "[Telephone number]", "[Fax number]", "[Email address]"):
        assert blank in text, blank
    assert "please contact me at [telephone number]." in text
    # the physician's IND is not known before FDA issues it: none printed
    assert "(IND " not in text


def test_loa_draft_after_an_emergency_authorization(tmp_path: Path) -> None:
    case = case_of(EMERGENCY, loa=False)
    text = squash("\n".join(render("loa-draft.docx", case, "fda/emergency",
                                   "manufacturer-request", tmp_path)))
    no_leftovers(text, case)
    assert case.patient.initials not in text
    assert "individual patient expanded access IND (IND 170001) of Tobias" in text
    assert "(emergency use authorized by FDA on 11/13/2026)." in text


def test_loa_draft_without_the_companys_application(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["product"].pop("reference_application", None)
        data["request"]["physician_ind_number"] = "178452"

    case = case_of(SINGLE, loa=False, change=change)
    text = squash("\n".join(render("loa-draft.docx", case, "fda/single-patient",
                                   "manufacturer-request", tmp_path)))
    assert "Cross Reference to [IND, NDA or DMF number] (zoferatinib, ZX-2041)" in text
    assert "rely on Meridian Oncology Therapeutics, Inc. [IND, NDA or DMF number] in" in text
    assert "expanded access IND (IND 178452) of" in text  # "IND" added to a bare number


# -- the accountability log ------------------------------------------------------------------


def test_the_log_is_a_landscape_letter_page() -> None:
    doc = Document(str(FDA / "accountability-log.docx"))
    sec = doc.sections[0]
    assert (round(sec.page_width.inches, 2), round(sec.page_height.inches, 2)) == (11, 8.5)
    assert [round(m.inches, 2) for m in (sec.left_margin, sec.right_margin, sec.top_margin,
                                         sec.bottom_margin)] == [1.0, 0.75, 0.75, 1.0]
    assert doc.styles["Normal"].font.name == "Times New Roman"


@pytest.mark.parametrize("name", ["loa-draft.docx", "accountability-log.docx"])
def test_every_jinja_tag_is_inside_one_run(name: str) -> None:
    doc = Document(str(FDA / name))
    paragraphs = list(doc.paragraphs) + [p for t in doc.tables for row in t.rows
                                         for c in row.cells for p in c.paragraphs]
    for par in paragraphs:
        for run in par.runs:
            for opening, closing in (("{{", "}}"), ("{%", "%}")):
                assert run.text.count(opening) == run.text.count(closing), (name, run.text)
        joined = "".join(r.text for r in par.runs)
        if joined.startswith(("{%p ", "{%tr ")):
            assert len(par.runs) == 1, (name, joined)


@pytest.mark.parametrize("route", ROUTES)
def test_the_log_renders_its_header_and_columns(route: str, tmp_path: Path) -> None:
    case = case_of(ROUTES[route])
    render("accountability-log.docx", case, route, "on-file", tmp_path)
    doc = Document(str(tmp_path / "accountability-log.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    header, log = doc.tables
    fields = {row.cells[i].text: row.cells[i + 1].text for row in header.rows[1:]
              for i in (0, 2)}
    no_leftovers(text + "\n".join(fields.values()), case)
    assert fields["Drug"] == "zoferatinib (ZX-2041), film-coated tablet, 40 mg and 80 mg"
    supplier = case.product.supplier or case.product.manufacturer
    assert fields["Supplier"] == supplier.name
    assert fields["Physician (sponsor-investigator)"] == (
        "Tobias Renner-Albright, MD, PhD, Bramblewood University Cancer Center")
    assert fields["Patient"] == f"{case.patient.initials} (case {case.case_id})"
    ind = case.request.physician_ind_number
    assert fields["Physician's IND number"] == (ind or "Not yet issued: ____________")
    # the two header rows: the groups (with the regulation's words), then the columns
    groups: list[str] = []
    for cell in log.rows[0].cells:
        if cell.text not in groups:
            groups.append(cell.text)
    assert groups == GROUPS
    assert [c.text for c in log.rows[1].cells] == COLUMNS
    # empty rows to write in, enough for a year of monthly dispensing and its shipments
    empty = [r for r in log.rows[2:] if not any(c.text for c in r.cells)]
    assert len(empty) == len(log.rows) - 2 >= 24
    assert "21 CFR 312.62(c)" in text and "21 CFR 312.59" in text
    assert "not sent to FDA" in text
    # the physician is the sponsor here: the sponsor's records and their words, quoted
    assert "sponsor-investigator has the duties of both (21 CFR 312.3(b))" in text
    assert "21 CFR 312.57(a)" in text and "“the date, quantity, and batch or code mark of " \
        "each such shipment”" in text
    assert "the manufacturer's supply terms (its return or destruction instructions)" in text
    assert "not named in the regulation" not in text


# -- built bundles (LibreOffice, poppler) ----------------------------------------------------


@pytest.mark.slow
def test_built_without_an_loa(tmp_path: Path) -> None:
    """The example without its LOA (a draft build): the manufacturer packet carries the
    draft after its table of contents, and the on-file packet the log, on landscape pages."""
    case = write_case(without_loa(example_data(SINGLE)), tmp_path / "case")
    bundle = build_cli(case, "fda/single-patient", tmp_path / "out", "--draft")
    packets = {p["id"]: p for p in manifest(bundle)["packets"]}
    mfr = packets["manufacturer-request"]
    assert [p["id"] for p in mfr["parts"]] == ["manufacturer-letter", "toc", "loa-draft",
                                              "clinical-summary", "treatment-plan"]
    first, last = next(p for p in mfr["parts"] if p["id"] == "loa-draft")["pages"]
    draft = text_of(bundle / mfr["file"], first, last)
    assert "Cross Reference to IND 161234 (zoferatinib, ZX-2041)" in draft
    assert "Meridian Oncology Therapeutics, Inc. IND 161234" in draft
    assert "EMO" not in draft
    letter = text_of(bundle / mfr["file"], *mfr["parts"][0]["pages"])
    assert ENCLOSED in letter
    on_file = packets["on-file"]
    assert [p["id"] for p in on_file["parts"]][-1] == "accountability-log"
    reader = PdfReader(bundle / on_file["file"])
    first, last = on_file["parts"][-1]["pages"]
    for page in reader.pages[first - 1:last]:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == \
            (792, 612)
    log = text_of(bundle / on_file["file"], first, last)
    assert "Investigational drug accountability log" in log
    assert "Quantity on hand" in log and "Kept on file (not sent)" in log
    assert (bundle / "documents" / "loa-draft.docx").is_file()
    assert (bundle / "documents" / "accountability-log.docx").is_file()


@pytest.mark.slow
def test_built_with_an_loa(built: BuildCache) -> None:
    bundle = built(SINGLE, "fda/single-patient")
    packets = {p["id"]: p for p in manifest(bundle)["packets"]}
    mfr = packets["manufacturer-request"]
    assert "loa-draft" not in [p["id"] for p in mfr["parts"]]
    assert ENCLOSED not in text_of(bundle / mfr["file"])
    assert "on-file" in packets
    assert not (bundle / "documents" / "loa-draft.docx").exists()
