"""Uploads checked against the case (issue 20, item 4): what a letter of authorization, a
pathology or a biomarker report says, compared with the case; the rows it gives."""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfgen import canvas

import accesspack
from accesspack import upload_checks
from accesspack.buildplan import plan
from accesspack.convert import FakeConverter
from accesspack.errors import CaseValidationError
from accesspack.findings import upload_check_rows
from accesspack.ledger import LedgerRow
from accesspack.model import Case, parse_case
from tests.conftest import FULL_NAME, ROOT, BuildCache, example_copy, example_data, run

FDA = ROOT / "examples" / "fda-single-patient" / "case.yaml"
LOA = ROOT / "examples" / "uploads" / "letter-of-authorization.pdf"

#: (example case, route, uploads checked) of every example the demo builds
EXAMPLES = [
    ("fda-single-patient", "fda/single-patient", 3), ("fda-emergency", "fda/emergency", 3),
    ("fda-follow-up", "fda/follow-up", 0), ("ema-fr-aac", "ema/fr-aac", 2),
    ("ema-it-uso-nominale", "ema/it-uso-nominale", 2),
    ("ema-es-uso-compasivo", "ema/es-uso-compasivo", 1),
    ("ema-de-heilversuch", "ema/de-heilversuch", 2),
    ("ema-cup-enrolment", "ema/cup-enrolment", 2),
    ("cdsco-hospital-import", "cdsco/hospital-import", 1),
    ("cdsco-personal-import", "cdsco/personal-import", 0),
    ("nmpa-expanded-trial", "nmpa/expanded-trial", 2),
    ("nmpa-hainan-boao", "nmpa/hainan-boao", 2), ("nmpa-gba", "nmpa/gba", 1),
    ("nmpa-temporary-import", "nmpa/temporary-import", 1),
]


def text_pdf(path: Path, *lines: str) -> Path:
    """A one-page PDF whose text layer is ``lines`` (an empty call: a page with no text)."""
    c = canvas.Canvas(str(path), invariant=1)
    for i, line in enumerate(lines):
        c.drawString(72, 720 - 16 * i, line)
    c.showPage()
    c.save()
    return path


def check_rows(ledger: accesspack.Ledger) -> list[LedgerRow]:
    return [r for r in ledger.rows if r.id.startswith("upload-") and "-check" in r.id]


def one(rows: list[LedgerRow], suffix: str) -> LedgerRow:
    (row,) = [r for r in rows if r.id.endswith(suffix)]
    return row


def with_upload(case_data: dict[str, Any], folder: Path, kind: str, pdf: Path,
                **fields: Any) -> Case:
    """The conftest case with its ``kind`` upload replaced by ``pdf`` (and ``fields``)."""
    att = next(a for a in case_data["attachments"] if a["kind"] == kind)
    att.update(path=str(pdf), **fields)
    return parse_case(case_data, base_dir=folder)


# -- the letter of authorization ------------------------------------------------------

def test_a_letter_naming_another_ind_gives_a_row_with_both_numbers(tmp_path: Path) -> None:
    def other_ind(data: dict[str, Any]) -> None:
        data["product"]["reference_application"] = "IND 178452"

    case = accesspack.load_case(example_copy(FDA, tmp_path / "case", other_ind))
    rows = check_rows(accesspack.validate(case, "fda/single-patient"))
    row = one(rows, "loa-check-application")
    assert row.item == ("attachment loa (letter_of_authorization): the letter names IND "
                        "161234; the case says IND 178452 (product.reference_application)")
    assert (row.status, row.blocking, row.who) == ("to_verify", False, "physician")
    assert row.citation and "312.310(b)(3)" in row.citation
    assert "fda-submission" in row.packets  # the packets that carry the letter
    # the product and the physician still match: no row for them, and no pass row
    assert [r.id for r in rows if r.id.startswith("upload-loa-")] == [row.id]


@pytest.mark.slow  # a build (the fake converter looks its font up with fc-match)
def test_a_build_gives_the_ind_mismatch_row_from_the_packet_copy(tmp_path: Path) -> None:
    def other_ind(data: dict[str, Any]) -> None:
        data["product"]["reference_application"] = "IND 178452"

    case = accesspack.load_case(example_copy(FDA, tmp_path / "case", other_ind))
    bundle = accesspack.build(case, "fda/single-patient", tmp_path / "out",
                              converter=FakeConverter())
    row = one(check_rows(bundle.ledger), "loa-check-application")
    assert "names IND 161234; the case says IND 178452" in row.item
    written = json.loads((bundle.path / "ledger.json").read_text(encoding="utf-8"))
    assert row.id in {r["id"] for r in written["rows"]}
    assert bundle.ledger.ready  # never blocking
    assert "check" in bundle.timings


@pytest.mark.slow  # a build with OCR (Tesseract) and the fake converter
def test_a_scanned_letter_naming_another_ind_gives_the_ocr_worded_row(tmp_path: Path) -> None:
    """The example's letter as a scan: the build OCRs it and words the row as OCR's."""
    scan = tmp_path / "loa"
    run("pdftoppm", "-r", "200", "-gray", "-png", "-singlefile", "-f", "1", "-l", "1",
        str(LOA), str(scan))

    def scanned_other_ind(data: dict[str, Any]) -> None:
        data["product"]["reference_application"] = "IND 178452"
        loa = next(a for a in data["attachments"] if a["id"] == "loa")
        loa["path"] = str(scan.with_suffix(".png"))

    case = accesspack.load_case(example_copy(FDA, tmp_path / "case", scanned_other_ind))
    assert not [r for r in check_rows(accesspack.validate(case, "fda/single-patient"))
                if r.id.startswith("upload-loa-")]  # a scan: left to the build
    bundle = accesspack.build(case, "fda/single-patient", tmp_path / "out",
                              converter=FakeConverter())
    row = one(check_rows(bundle.ledger), "loa-check-application")
    assert row.item == ("attachment loa (letter_of_authorization): as OCR reads the scanned "
                        "page, the letter names IND 161234; the case says IND 178452 "
                        "(product.reference_application); check it by eye first")


def test_a_letter_without_the_product_or_the_physician(case_data: dict[str, Any],
                                                       case_dir: Path) -> None:
    pdf = text_pdf(case_dir / "loa-other.pdf", "Letter of Authorization",
                   "Testco grants FDA a right of reference to IND 999999",
                   "for the expanded access IND of Dr. Jonas Other.")
    case = with_upload(case_data, case_dir, "letter_of_authorization", pdf)
    rows = check_rows(accesspack.validate(case, "fda/single-patient"))
    product, physician = one(rows, "-check-product"), one(rows, "-check-physician")
    assert product.item.endswith("the letter does not name the product; the case says "
                                 "testinib, TX-1 (product.name, product.code)")
    assert physician.item.endswith("the letter does not name the physician; the case says "
                                   "Dr. Amara Test (physician.name)")
    assert "Jonas" not in physician.item + str(physician.question)  # no text window quoted
    assert not [r for r in rows if r.id.endswith("-check-application")]


def test_a_letter_naming_no_application_number(case_data: dict[str, Any],
                                               case_dir: Path) -> None:
    pdf = text_pdf(case_dir / "loa-none.pdf", "Testco authorizes the use of testinib (TX-1)",
                   "by Dr. Amara Test.")
    case = with_upload(case_data, case_dir, "letter_of_authorization", pdf)
    row = one(check_rows(accesspack.validate(case, "fda/single-patient")), "-application")
    assert row.item.endswith("the letter does not name the reference application; the case "
                             "says IND 999999 (product.reference_application)")


@pytest.mark.parametrize("written", [
    "IND 999999", "IND #999999", "IND No. 999999", "(IND) 999999",
    "IND\n999999", "application 999999",
])
def test_the_application_number_as_letters_write_it(written: str, case: Case) -> None:
    att = case.attachments[0]
    check = upload_checks.check_text(
        case, "loa", att, f"Testco authorizes testinib for Dr. Amara Test: {written}.")
    assert check is not None and check.readable and check.mismatches == ()
    assert check.checked == ("the product", "IND 999999", "the physician")


def test_the_physician_by_family_name_across_a_line_break(case: Case) -> None:
    case.physician.name = "Tobias Renner-Albright"
    att = case.attachments[0]
    for text in ("submitted by Tobias\nRenner-\nAlbright, MD", "Dr. Renner-Albright",
                 "DR. RENNER-ALBRIGHT"):
        check = upload_checks.check_text(case, "loa", att, f"testinib, IND 999999. {text}")
        assert check is not None and not check.mismatches, text
    check = upload_checks.check_text(case, "loa", att, "testinib, IND 999999, Dr. Renner")
    assert check is not None and [m.aspect for m in check.mismatches] == ["physician"]


def test_a_mismatch_read_from_ocr_says_so_and_asks_for_a_look(case_data: dict[str, Any],
                                                               case_dir: Path) -> None:
    """What OCR read may be a misreading: the row says where the text came from."""
    case = parse_case(case_data, base_dir=case_dir)
    p = plan(case, "fda/single-patient")
    loa = "letter-of-authorization-1"
    text = {loa: "Testco authorizes testinib (TX-1) for Dr. Amara Test, IND 998999."}
    (check,) = upload_checks.check_texts(p, text, {loa: (1,)})
    assert check.ocr_pages == (1,)
    (row,) = upload_check_rows(p, [check])
    assert row.item == (f"attachment {loa} (letter_of_authorization): as OCR reads the "
                        "scanned page, the letter names IND 998999; the case says IND 999999 "
                        "(product.reference_application); check it by eye first")
    (typed,) = upload_check_rows(p, upload_checks.check_texts(p, text))  # its own text
    assert typed.item == (f"attachment {loa} (letter_of_authorization): the letter names "
                          "IND 998999; the case says IND 999999 "
                          "(product.reference_application)")
    (two,) = upload_check_rows(p, upload_checks.check_texts(p, text, {loa: (1, 2)}))
    assert "as OCR reads the scanned pages, the letter names" in two.item


@pytest.mark.parametrize("kind", list(upload_checks.CHECKED_KINDS))
def test_every_kind_checked_words_its_mismatch_rows(kind: str, case: Case) -> None:
    att = case.attachments[0].model_copy(update={"kind": kind, "accession": "S24-01187"})
    check = upload_checks.UploadCheck("x", att, readable=True, checked=("accession S24-01187",),
                                      mismatches=(upload_checks.Mismatch(
                                          "accession", "S24-01187", "attachments[0].accession"),))
    (row,) = upload_check_rows(plan(case, "fda/single-patient"), [check])
    assert f"attachment x ({kind}): {upload_checks.CHECKED_KINDS[kind]} does not show" in \
        row.item


def test_a_filled_form_is_left_to_the_build(case_data: dict[str, Any], case_dir: Path) -> None:
    """pypdf reads no value typed into a form field, the build's flattened copy does: a PDF
    with fields is checked by the build only, so validate() and the build agree."""
    pdf = case_dir / "loa-form.pdf"
    c = canvas.Canvas(str(pdf), invariant=1)
    c.drawString(72, 720, "Letter of Authorization for testinib (TX-1), Dr. Amara Test")
    c.drawString(72, 700, "Application number:")
    c.acroForm.textfield(name="application", value="IND 999999", x=200, y=690, width=150,
                         height=18)
    c.showPage()
    c.save()
    assert upload_checks.has_form_fields(pdf)
    assert not upload_checks.has_form_fields(text_pdf(case_dir / "plain.pdf", "IND 999999"))
    case = with_upload(case_data, case_dir, "letter_of_authorization", pdf)
    p = plan(case, "fda/single-patient")
    assert "letter-of-authorization-1" not in upload_checks.original_texts(p)
    rows = check_rows(accesspack.validate(case, "fda/single-patient"))
    assert not [r for r in rows if r.id.startswith("upload-letter-of-authorization-1-")]


# -- pathology and biomarker reports ---------------------------------------------------

def test_accession_match_and_mismatch(case_data: dict[str, Any], case_dir: Path) -> None:
    good = text_pdf(case_dir / "good.pdf", "Surgical pathology", "Accession S24 01187")
    case = with_upload(case_data, case_dir, "biomarker_report", good, accession="S24-01187")
    (row,) = check_rows(accesspack.validate(case, "fda/single-patient"))[1:]
    assert row.status == "complete"
    assert row.item == "attachment ngs (biomarker_report) shows accession S24-01187, as the " \
                       "case says"

    bad = text_pdf(case_dir / "bad.pdf", f"Patient name {FULL_NAME}",
                   "Date of birth 03/14/1961", "Accession: S24-01188", "Reported 03/01/2024")
    case = with_upload(case_data, case_dir, "biomarker_report", bad, accession="S24-01187")
    row = one(check_rows(accesspack.validate(case, "fda/single-patient")), "-accession")
    assert row.item == ("attachment ngs (biomarker_report): the report carries accession "
                        "S24-01188; the case says accession S24-01187 "
                        "(attachments[2].accession)")
    assert (row.status, row.blocking) == ("to_verify", False)
    shown = row.item + str(row.question)
    assert "Vantabrook" not in shown and "1961" not in shown  # only the identifier


@pytest.mark.parametrize("written", ["Accession: S24-01188", "Accession No. S24-01188",
                                     "ACCESSION NUMBER S24-01188", "Report ID S24-01188",
                                     "Report no.\nS24-01188", "N.º de informe S24-01188"])
def test_the_accession_the_report_carries_instead(written: str, case: Case) -> None:
    att = case.attachments[2]
    att.accession = "S24-01187"
    check = upload_checks.check_text(case, "ngs", att, f"Patient Jane Roe\n{written}\nMRN 99")
    assert check is not None
    assert [(m.aspect, m.found) for m in check.mismatches] == [("accession", ("S24-01188",))]


def test_an_accession_the_report_does_not_carry_and_no_other(case: Case) -> None:
    att = case.attachments[2]
    att.accession = "TG-24-003318"
    check = upload_checks.check_text(case, "ngs", att, "NGS report 03/01/2024")
    assert check is not None
    (miss,) = check.mismatches
    assert (miss.aspect, miss.found, miss.expected) == ("accession", (), "TG-24-003318")
    assert check.checked == ("accession TG-24-003318",)  # the date is not looked at


@pytest.mark.parametrize(("language", "written"), [
    ("en", "2024-01-22"), ("en", "01/22/2024"), ("en", "1/22/2024"), ("en", "22.01.2024"),
    ("en", "22/01/2024"), ("en", "January 22, 2024"), ("en", "22 January 2024"),
    ("en", "Jan 22, 2024"), ("fr", "22 janvier 2024"), ("de", "22. Januar 2024"),
    ("es", "22 de enero de 2024"), ("it", "22 gennaio 2024"), ("zh", "2024年1月22日"),
    ("zh", "2024 年 1 月 22 日"),
])
def test_a_report_dated_in_the_usual_written_forms(language: str, written: str,
                                                   case: Case) -> None:
    att = case.attachments[2]
    att.dated, att.language = date(2024, 1, 22), language
    check = upload_checks.check_text(case, "ngs", att, f"Report date\n{written} 16:31\nEnd")
    assert check is not None and check.mismatches == (), written
    assert check.checked == ("the date 2024-01-22",)


@pytest.mark.parametrize("written", ["2024-01-23", "01/22/2025", "11/22/2024", "122/01/2024",
                                     "January 2, 2024", "2024-01-222"])
def test_another_date_is_a_mismatch(written: str, case: Case) -> None:
    att = case.attachments[2]
    att.dated = date(2024, 1, 22)
    check = upload_checks.check_text(case, "ngs", att, f"Report date {written}")
    assert check is not None
    assert [(m.aspect, m.found) for m in check.mismatches] == [("date", ())], written


def test_a_date_mismatch_row_quotes_no_date_of_the_text(case_data: dict[str, Any],
                                                        case_dir: Path) -> None:
    pdf = text_pdf(case_dir / "dated.pdf", "Date of birth 03/14/1961", "Reported 04/01/2024")
    case = with_upload(case_data, case_dir, "biomarker_report", pdf)
    row = one(check_rows(accesspack.validate(case, "fda/single-patient")), "-date")
    assert row.item == ("attachment ngs (biomarker_report): the report does not show its date "
                        "in any usual written form; the case says 2024-03-01 "
                        "(attachments[2].dated)")
    assert "1961" not in row.item and "04/01" not in row.item


def test_date_forms_include_the_upload_language() -> None:
    forms = upload_checks.date_forms(date(2026, 9, 10), "de")
    assert {"2026-09-10", "09/10/2026", "10.09.2026", "10/09/2026", "September 10, 2026",
            "10 September 2026", "10. September 2026"} <= set(forms)


# -- no text, nothing to check, and what validate() leaves to the build ---------------------

def test_an_upload_without_text_is_a_row_saying_it_was_not_checked(
        case_data: dict[str, Any], case_dir: Path) -> None:
    blank = text_pdf(case_dir / "scan.pdf")
    case = with_upload(case_data, case_dir, "biomarker_report", blank)
    p = plan(case, "fda/single-patient")
    assert "ngs" not in upload_checks.original_texts(p)  # validate() leaves it to the build
    checks = upload_checks.check_texts(p, upload_checks.texts_of(p, {"ngs": blank}))
    (check,) = checks
    assert not check.readable
    (row,) = upload_check_rows(p, checks)
    assert row.id == "upload-ngs-check-text"
    assert (row.status, row.blocking, row.who) == ("to_verify", False, "physician")
    assert "no text could be read from it" in row.item
    assert row.question == "Check by eye that it shows the date 2024-03-01 as the case says."


def test_a_report_with_neither_accession_nor_date_is_not_checked(case: Case) -> None:
    att = case.attachments[2]
    att.dated = None
    assert upload_checks.check_text(case, "ngs", att, "anything") is None
    assert upload_checks.check_text(case, "cv", case.attachments[1], "anything") is None


def test_reading_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    c = canvas.Canvas(str(tmp_path / "long.pdf"), invariant=1)
    for i in range(5):
        c.drawString(72, 720, f"page {i + 1} " + "x" * 80)
        c.showPage()
    c.save()
    monkeypatch.setattr(upload_checks, "MAX_CHECK_PAGES", 2)
    text, every_page = upload_checks.read_text(tmp_path / "long.pdf")
    assert "page 2" in text and "page 3" not in text and every_page
    monkeypatch.setattr(upload_checks, "MAX_CHECK_CHARS", 50)
    assert len(upload_checks.read_text(tmp_path / "long.pdf")[0]) == 50


def test_a_file_pypdf_cannot_read_has_no_text(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    assert upload_checks.read_text(broken) == ("", False)


def test_validate_reads_each_upload_once(case: Case,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[Path] = []
    real = upload_checks.read_text

    def counted(path: Path, password: str | None = None) -> tuple[str, bool]:
        reads.append(path)
        return real(path, password)

    monkeypatch.setattr(upload_checks, "read_text", counted)
    first = accesspack.validate(case, "fda/single-patient")
    assert len(reads) == 2  # the letter and the NGS report
    assert accesspack.validate(case, "fda/single-patient") == first and len(reads) == 2
    Path(case.attachments[2].path).write_bytes(  # a new version of the file is read again
        text_pdf(Path(case.attachments[2].path).with_name("new.pdf"), "NGS 2024-03-01",
                 "and more").read_bytes())
    accesspack.validate(case, "fda/single-patient")
    assert len(reads) == 3


# -- translations: the model and the plan already see to their originals --------------------

def test_a_translation_names_an_existing_original(case_data: dict[str, Any],
                                                  case_dir: Path) -> None:
    case_data["attachments"].append({"kind": "translation", "path": "ngs.pdf",
                                     "title": "Translation", "translates": "nothing"})
    with pytest.raises(CaseValidationError, match="translates names no attachment id"):
        parse_case(case_data, base_dir=case_dir)


def test_a_translation_is_collated_only_after_its_collated_original(
        case_data: dict[str, Any], case_dir: Path) -> None:
    case_data["attachments"] += [
        {"id": "other", "kind": "other", "path": "cv.pdf", "title": "Not in any slot"},
        {"id": "other-fr", "kind": "translation", "path": "cv.pdf", "title": "Traduction",
         "language": "fr", "translates": "other"},
        {"id": "ngs-fr", "kind": "translation", "path": "ngs.pdf", "title": "Traduction",
         "language": "fr", "translates": "ngs"}]
    used = list(plan(parse_case(case_data, base_dir=case_dir), "fda/single-patient")
                .uploads_used())
    assert "other" not in used and "other-fr" not in used
    assert used.index("ngs-fr") == used.index("ngs") + 1


# -- the examples gain no false rows ----------------------------------------------------

@pytest.mark.parametrize(("example", "route", "checked"), EXAMPLES)
def test_the_examples_read_as_their_cases_say(example: str, route: str, checked: int) -> None:
    case = accesspack.load_case(ROOT / "examples" / example / "case.yaml")
    rows = check_rows(accesspack.validate(case, route))
    assert [r.status for r in rows] == ["complete"] * checked, [r.item for r in rows]


def test_the_fda_example_gives_its_reports_accession_numbers() -> None:
    atts = {a["id"]: a for a in example_data(FDA)["attachments"]}
    assert atts["pathology-s24-01187"]["accession"] == "S24-01187"
    assert atts["ngs-tg-24-003318"]["accession"] == "TG-24-003318"
    case = accesspack.load_case(FDA)
    assert [r.item for r in check_rows(accesspack.validate(case, "fda/single-patient"))] == [
        "attachment loa (letter_of_authorization) shows the product, IND 161234 and the "
        "physician, as the case says",
        "attachment pathology-s24-01187 (pathology_report) shows accession S24-01187, as the "
        "case says",
        "attachment ngs-tg-24-003318 (biomarker_report) shows accession TG-24-003318, as the "
        "case says"]


@pytest.mark.slow  # builds the example with LibreOffice (shared with the demo's tests)
def test_the_fda_example_build_checks_its_uploads(built: BuildCache) -> None:
    bundle = built(FDA, "fda/single-patient", name="fda-single-patient")
    rows = json.loads((bundle / "ledger.json").read_text(encoding="utf-8"))["rows"]
    checks = [r for r in rows if "-check" in r["id"] and r["id"].startswith("upload-")]
    assert [(r["id"], r["status"]) for r in checks] == [
        ("upload-loa-check", "complete"), ("upload-pathology-s24-01187-check", "complete"),
        ("upload-ngs-tg-24-003318-check", "complete")]


# -- a build reads each packet copy as far as its check needs, once per process ------------

def pages_pdf(path: Path, *pages: tuple[str, ...]) -> Path:
    """A PDF with one page per item of ``pages``, each showing its lines (none: blank)."""
    c = canvas.Canvas(str(path), invariant=1)
    for lines in pages:
        for i, line in enumerate(lines):
            c.drawString(72, 720 - 16 * i, line)
        c.showPage()
    c.save()
    return path


@pytest.fixture
def pages_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of every page pypdf reads for a check, in order; no copy read before."""
    read: list[str] = []
    real = upload_checks._page_text

    def counted(page: Any) -> str:
        text = real(page)
        read.append(text)
        return text

    monkeypatch.setattr(upload_checks, "_page_text", counted)
    monkeypatch.setattr(upload_checks, "_COPIES", type(upload_checks._COPIES)())
    return read


@pytest.mark.parametrize(("pages", "read"), [
    ((("Accession S24-01187",), ("Page two",), ("Page three",)), 1),  # settled on page 1
    ((("Surgical pathology",), ("Page two",), ("Accession S24-01187",)), 3),
    ((("Accession: S24-",), ("01187, continued",), ("Page three",)), 2),  # across pages
    ((("Accession: S24-01188",), ("Page two",), ("Page three",)), 3),  # a mismatch: all
    (((), (), ()), 3),  # no text: all
])
def test_a_build_reads_a_copy_as_far_as_its_check_needs(
        pages: tuple[tuple[str, ...], ...], read: int, case: Case, tmp_path: Path,
        pages_read: list[str]) -> None:
    case.attachments[2].accession = "S24-01187"
    p = plan(case, "fda/single-patient")
    copy = pages_pdf(tmp_path / "ngs.pdf", *pages)
    whole = upload_checks.check_texts(p, upload_checks.texts_of(p, {"ngs": copy}),
                                      {"ngs": (2,)})
    assert len(pages_read) == 3  # every page, as before
    del pages_read[:]
    assert upload_checks.check_copies(p, {"ngs": copy}, {"ngs": (2,)}) == whole
    assert len(pages_read) == read


@pytest.mark.parametrize(("pages", "read", "wrong"), [
    ((("testinib for Dr. Amara Test, IND 999999",), ("Page two",)), 1, []),
    # the number without its type passes only while no other IND is named: read to the end
    ((("testinib for Dr. Amara Test, reference 999999",), ("Cross-reference: IND 123456",)),
     2, [("IND 123456",)]),
    ((("testinib for Dr. Amara Test, reference 999999",), ("Page two",)), 2, []),
])
def test_a_letter_is_read_until_its_application_is_settled(
        pages: tuple[tuple[str, ...], ...], read: int, wrong: list[tuple[str, ...]],
        case: Case, tmp_path: Path, pages_read: list[str]) -> None:
    p = plan(case, "fda/single-patient")
    loa = case.attachments[0].id or ""
    copy = pages_pdf(tmp_path / "loa.pdf", *pages)
    whole = upload_checks.check_texts(p, upload_checks.texts_of(p, {loa: copy}))
    del pages_read[:]
    (check,) = upload_checks.check_copies(p, {loa: copy})
    assert [check] == whole and len(pages_read) == read
    assert [m.found for m in check.mismatches] == wrong


def test_reading_less_finds_what_reading_every_page_finds(case: Case, tmp_path: Path,
                                                          pages_read: list[str]) -> None:
    """Letters and reports whose pages carry matching, partial and conflicting
    identifiers in 60 arrangements: the checks are those of the whole text."""
    pieces = ["testinib", "TX-1", "Dr. Amara Test", "Test", "IND 999999", "999999",
              "IND 123456", "Accession S24-01187", "Accession: S24-01188", "S24-",
              "01187", "03/01/2024", "Report ID 77-1", ""]
    pick = random.Random(22)
    case.attachments[2].accession = "S24-01187"
    p = plan(case, "fda/single-patient")
    ids = [case.attachments[0].id or "", "ngs"]
    for n in range(60):
        pages = [tuple(pick.sample(pieces, pick.randint(0, 5))) for _ in range(3)]
        copy = pages_pdf(tmp_path / f"{n}.pdf", *pages)
        files = dict.fromkeys(ids, copy)
        assert upload_checks.check_copies(p, files) == upload_checks.check_texts(
            p, upload_checks.texts_of(p, files)), pages


def test_a_copy_with_nothing_to_check_for_is_not_opened(case: Case, tmp_path: Path,
                                                         pages_read: list[str]) -> None:
    case.attachments[2].accession = case.attachments[2].dated = None
    p = plan(case, "fda/single-patient")
    assert upload_checks.check_copies(p, {"ngs": tmp_path / "never-written.pdf"}) == []
    assert pages_read == []


def test_a_copy_read_already_is_not_read_again(case: Case, tmp_path: Path,
                                               pages_read: list[str]) -> None:
    att = case.attachments[2]
    att.accession = "S24-01187"
    p = plan(case, "fda/single-patient")
    copy = pages_pdf(tmp_path / "a.pdf", ("Accession S24-01187",), ("Page two",),
                     ("Page three",))
    (first,) = upload_checks.check_copies(p, {"ngs": copy})
    assert not first.mismatches and len(pages_read) == 1
    same = tmp_path / "b.pdf"  # the same bytes: a rebuild, or a batch's next case
    same.write_bytes(copy.read_bytes())
    assert upload_checks.check_copies(p, {"ngs": same}) == [first]
    assert len(pages_read) == 1
    att.accession = "S24-09999"  # a case that needs the whole text: the pages left are read
    (other,) = upload_checks.check_copies(p, {"ngs": same})
    assert [m.found for m in other.mismatches] == [("S24-01187",)]
    assert [t.strip() for t in pages_read] == ["Accession S24-01187", "Page two", "Page three"]
    assert upload_checks.check_copies(p, {"ngs": same}) == [other]
    assert len(pages_read) == 3
    pages_pdf(same, ("Accession S24-09999",))  # other bytes are read
    (new,) = upload_checks.check_copies(p, {"ngs": same})
    assert not new.mismatches and [t.strip() for t in pages_read[3:]] == ["Accession S24-09999"]
