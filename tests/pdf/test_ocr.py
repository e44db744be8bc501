"""OCR of scanned uploads (:mod:`accesspack.pdf.ocr`), read back with poppler.

The real scans are the examples' JPEG, PNG and TIFF uploads; the Chinese scan is a page
of the example's Chinese NGS report rendered to an image. Tests that run Tesseract (or
pdftotext, pdffonts, pdftoppm) are slow; the rest check the choices (which pages, which
languages, what the ledger says when OCR is missing) without starting a process.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from collections import OrderedDict
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pikepdf
import pytest
from PIL import Image
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

import accesspack
import accesspack.pdf.ocr as ocr
import accesspack.pdf.ocr_cache as ocr_cache
from accesspack import load_route, parse_case
from accesspack.convert import FakeConverter
from accesspack.findings import ocr_rows
from accesspack.model import Attachment
from accesspack.pdf.normalize import image_to_pdf
from accesspack.pdf.ocr import (
    OcrEngine,
    OcrFile,
    OcrResult,
    add_text_layer,
    add_text_layers,
    ocr_language,
)
from accesspack.pdf.page_scan import scanned_pages
from accesspack.pdf.preflight import preflight
from accesspack.pdf.units import A4
from tests.conftest import EXAMPLES, BuildCache, build_cli, manifest, run, squash

UPLOADS = EXAMPLES / "uploads"
FDA_CASE = EXAMPLES / "fda-single-patient" / "case.yaml"
#: each example scan: words seen on it, page by page
SCANS = {
    "ct-report.jpg": [["BRAMBLEWOOD UNIVERSITY MEDICAL CENTER", "Accession: CT26-884120",
                       "Right upper lobe mass", "PROGRESSIVE DISEASE"]],
    "lab-results.png": [["Bramblewood MyHealth patient portal", "Absolute neutrophils"]],
    "imaging-multipage.tiff": [["F-18 FDG PET/CT, SKULL BASE TO MID-THIGH", "PT26-120577"],
                               ["(continued)", "Left 6th rib", "PERCIST"]],
}
ALL = frozenset({"eng", "fra", "deu", "ita", "spa", "chi_sim"})


@pytest.fixture(autouse=True)
def _nothing_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with no OCR result kept from another (a rebuild must OCR again),
    in memory or on disk (the suite's store, tests.conftest, is off here)."""
    monkeypatch.setattr(ocr, "_KEPT", OrderedDict())
    monkeypatch.delenv(ocr_cache.ENV, raising=False)


def _images(pdf: Path) -> list[dict[str, tuple[bytes, str]]]:
    """Per page, each image XObject's raw stream bytes and dictionary."""
    with pikepdf.open(pdf) as doc:
        return [{str(name): (x.read_raw_bytes(), repr(sorted(
                    (k, repr(v)) for k, v in x.items() if k != "/Length")))
                 for name, x in page.obj.Resources.get("/XObject", {}).items()
                 if x.get("/Subtype") == "/Image"} for page in doc.pages]


def _contents(pdf: Path) -> list[list[bytes]]:
    """Per page, the raw bytes of each content stream, in order."""
    with pikepdf.open(pdf) as doc:
        out = []
        for page in doc.pages:
            contents = page.obj.Contents
            streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
            out.append([s.read_raw_bytes() for s in streams])
        return out


def _mixed_pdf(path: Path) -> Path:
    """Four pages: an image without text, an image with a caption, an inline image without
    text, text alone."""
    png = io.BytesIO()
    Image.new("RGB", (40, 40), (20, 40, 160)).save(png, format="PNG")
    c = Canvas(str(path), pagesize=LETTER, invariant=1)
    c.drawImage(ImageReader(io.BytesIO(png.getvalue())), 72, 72, 468, 648)
    c.showPage()
    c.drawImage(ImageReader(io.BytesIO(png.getvalue())), 72, 300, 200, 200)
    c.drawString(72, 700, "Figure 1")
    c.showPage()
    c.drawInlineImage(Image.open(io.BytesIO(png.getvalue())), 72, 300, 200, 200)
    c.showPage()
    c.drawString(72, 700, "Text only")
    c.showPage()
    c.save()
    return path


def _no_ocr(monkeypatch: pytest.MonkeyPatch, engine: OcrEngine) -> None:
    monkeypatch.setattr(ocr, "ocr_engine", lambda: engine)

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("ocrmypdf was called")

    monkeypatch.setattr(ocr, "_read", never)


# -- which pages, which languages (no process) ---------------------------------------------


def test_scanned_pages_are_the_preflights(tmp_path: Path) -> None:
    pdf = _mixed_pdf(tmp_path / "mixed.pdf")
    with pikepdf.open(pdf) as doc:
        assert scanned_pages(doc) == [0, 2]
    assert preflight(pdf).check("searchable_text").pages == (1, 3)


def test_a_pdf_without_scans_is_left_alone(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = tmp_path / "text.pdf"
    c = Canvas(str(pdf), invariant=1)
    c.drawString(72, 700, "Text only")
    c.save()
    before = pdf.read_bytes()

    def not_asked() -> OcrEngine:
        raise AssertionError("OCR was looked for")

    monkeypatch.setattr(ocr, "ocr_engine", not_asked)
    result = add_text_layer(pdf, ["en"])
    assert (result.scanned, result.added, result.skipped) == ((), (), None)
    assert pdf.read_bytes() == before


@pytest.mark.parametrize(("code", "tesseract"), [
    ("en", "eng"), ("en-US", "eng"), ("fr", "fra"), ("fr-CA", "fra"), ("de", "deu"),
    ("it", "ita"), ("es", "spa"), ("zh", "chi_sim"), ("zh-Hans", "chi_sim"),
    ("zh-CN", "chi_sim"), ("zh-Hant", None), ("zh-TW", None), ("ja", None), ("pt", None)])
def test_languages_map_to_tesseract(code: str, tesseract: str | None) -> None:
    lang = ocr_language(code)
    assert (lang.code if lang else None) == tesseract


@pytest.mark.parametrize(("codes", "installed", "read", "skip"), [
    (["en", "fr"], ALL, ["eng", "fra"], None),
    (["fr", "fr"], ALL, ["fra"], None),
    (["zh-Hans", "en"], ALL, ["chi_sim", "eng"], None),
    (["en", "zh"], frozenset({"eng"}), ["eng"], None),  # the route's, when Tesseract has it
    (["de", "en"], frozenset({"eng"}), [], "language-deu"),  # the upload's is a must
    (["ja", "en"], ALL, [], "unsupported-ja"),
])
def test_the_uploads_language_then_the_routes(codes: list[str], installed: frozenset[str],
                                              read: list[str], skip: str | None) -> None:
    chosen, skipped = ocr._languages(codes, OcrEngine(installed))
    assert [lang.code for lang in chosen] == read
    assert (skipped.key if skipped else None) == skip


def test_ocr_not_installed_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ocrmypdf", None)  # import ocrmypdf raises ImportError
    assert ocr.ocr_engine.__wrapped__() == OcrEngine(
        missing="OCR is not installed (the ocrmypdf package is missing)")
    monkeypatch.delitem(sys.modules, "ocrmypdf")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert ocr.ocr_engine.__wrapped__() == OcrEngine(
        missing="OCR is not installed (the Tesseract OCR engine is missing)")


@pytest.mark.parametrize(("engine", "language", "key", "fix"), [
    (OcrEngine(missing="OCR is not installed (the Tesseract OCR engine is missing)"), "en",
     "not-installed", "pip install ocrmypdf==17.13.0"),
    (OcrEngine(frozenset({"eng"})), "fr", "language-fra",
     "sudo apt-get install tesseract-ocr-fra"),
    (OcrEngine(ALL), "ja", "unsupported-ja", "Replace them with searchable PDFs"),
])
def test_without_ocr_the_scan_is_kept_as_it_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: OcrEngine, language: str,
        key: str, fix: str) -> None:
    pdf = tmp_path / "scan.pdf"
    image_to_pdf(UPLOADS / "ct-report.jpg", pdf, LETTER)
    before = pdf.read_bytes()
    _no_ocr(monkeypatch, engine)
    result = add_text_layer(pdf, [language, "en"])
    assert pdf.read_bytes() == before
    assert result.scanned == result.image_only == (1,) and result.added == ()
    assert result.skipped is not None and result.skipped.key == key
    assert fix in result.skipped.fix and result.change is None


def test_ledger_rows_name_the_uploads_left_image_only() -> None:
    route = load_route("fda/single-patient")
    used = {aid: Attachment(kind=kind, path=UPLOADS / name, title=aid)
            for aid, kind, name in (("ct", "imaging_report", "ct-report.jpg"),
                                    ("pet", "imaging_report", "imaging-multipage.tiff"),
                                    ("labs", "lab_report", "lab-results.png"),
                                    ("cv", "cv", "physician-cv.pdf"))}
    missing = ocr.OcrSkip("not-installed", "OCR is not installed (the ocrmypdf package is "
                          "missing)", ocr._INSTALL)
    results = {"ct": OcrResult((1,), skipped=missing),
               "pet": OcrResult((1, 2), skipped=missing),
               "labs": OcrResult((1, 2), (1,), (ocr._LANGUAGES["en"],)),
               "cv": OcrResult()}
    installed, blank = ocr_rows(route, used, results)
    assert installed.id == "ocr-not-installed"
    assert installed.item == (
        "OCR is not installed (the ocrmypdf package is missing), so these uploads keep "
        "scanned pages without searchable text: attachment ct (imaging_report) page 1; "
        "attachment pet (imaging_report) pages 1-2")
    assert installed.question is not None and installed.question.startswith(
        "Install OCR and build again (pip install ocrmypdf==17.13.0")
    assert "sudo apt-get install tesseract-ocr" in installed.question
    assert (installed.category, installed.status, installed.blocking, installed.who) == (
        "document", "missing", False, "physician")
    assert installed.citation is not None and installed.citation.startswith(
        "FDA Portable Document Format (PDF) Specifications")
    assert blank.id == "ocr-no-text-labs" and blank.status == "to_verify"
    assert blank.item == ("attachment labs (lab_report): OCR read no text on page 2, which "
                          "stays an image without searchable text")
    assert results["labs"].change == (
        "added an invisible OCR text layer (Tesseract, English) to page 1; the page images "
        "are unchanged")


def test_a_build_without_ocr_goes_on_and_says_so(
        case_data: dict[str, Any], case_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """OCR not installed: the build goes on, the scan is carried as it is, the ledger says
    which upload stays image-only and how to install OCR, and the preflight warns."""
    _no_ocr(monkeypatch, OcrEngine(
        missing="OCR is not installed (the Tesseract OCR engine is missing)"))
    case_data["attachments"].append({"id": "ct", "kind": "imaging_report", "title": "CT",
                                     "path": str(UPLOADS / "ct-report.jpg")})
    case = parse_case(case_data, base_dir=case_dir)
    bundle = accesspack.build(case, "fda/single-patient", tmp_path / "out",
                              converter=FakeConverter())
    row = next(r for r in bundle.ledger.rows if r.id == "ocr-not-installed")
    assert row.item.endswith("so this upload keeps scanned pages without searchable text: "
                             "attachment ct (imaging_report) page 1")
    assert row.question is not None and "sudo apt-get install tesseract-ocr" in row.question
    assert "ocr-not-installed" in (bundle.path / "ledger.json").read_text()
    assert bundle.ledger.ready  # a user's choice, never blocking
    (ct,) = [a for a in manifest(bundle.path)["inputs"]["attachments"] if a["id"] == "ct"]
    assert not any("OCR" in c for c in ct.get("changes", []))
    report = preflight(bundle.packets["fda-submission"])
    assert report.check("searchable_text").status == "warn"
    assert 0.0 < bundle.timings["ocr"] < bundle.timings["normalise"]


def test_library_logs_keep_their_templates_only(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with ocr._library_logs_to_debug():
        logging.getLogger("ocrmypdf._graft").warning("Text mixing scripts (%r)", "Vantabrook")
    assert "Vantabrook" not in caplog.text
    (record,) = caplog.records
    assert record.name == "accesspack.pdf.ocr" and record.levelno == logging.DEBUG
    assert "Text mixing scripts (%r)" in record.getMessage()
    assert logging.getLogger("ocrmypdf").propagate  # restored on the way out


def test_two_threads_ocr_one_at_a_time_and_keep_the_process_streams(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ocrmypdf may leave sys.stderr on a StringIO: with two threads OCRing (a batch on a
    thread pool), each restores the streams it saved, and none saves the other's."""
    import ocrmypdf

    streams = sys.stdout, sys.stderr
    entered = threading.Event()
    inside: list[int] = []
    most: list[int] = []

    def fake_ocr(src: Path, out: Path, **kwargs: Any) -> None:
        inside.append(1)
        most.append(len(inside))
        sys.stderr = io.StringIO()  # as pikepdf's linearization check does
        entered.set()
        time.sleep(0.3)
        shutil.copyfile(src, out)
        inside.pop()

    monkeypatch.setattr(ocrmypdf, "ocr", fake_ocr)
    pdfs = [_mixed_pdf(tmp_path / f"{n}.pdf") for n in ("a", "b")]
    errors: list[BaseException] = []

    def read(pdf: Path, folder: Path) -> None:
        folder.mkdir()
        try:
            with pikepdf.open(pdf) as doc:
                out, timed_out = ocr._read([(doc, [0, 2])], [ocr._LANGUAGES["en"]],
                                           folder)
                out.close()
                assert not timed_out
        except BaseException as exc:  # handed to the main thread
            errors.append(exc)

    first = threading.Thread(target=read, args=(pdfs[0], tmp_path / "wa"))
    first.start()
    assert entered.wait(10)
    second = threading.Thread(target=read, args=(pdfs[1], tmp_path / "wb"))
    second.start()
    first.join()
    second.join()
    assert not errors
    assert most == [1, 1]  # one OCR at a time
    assert (sys.stdout, sys.stderr) == streams


def test_a_timeout_row_says_so_and_names_the_pages() -> None:
    route = load_route("fda/single-patient")
    used = {"ct": Attachment(kind="imaging_report", path=UPLOADS / "ct-report.jpg",
                             title="CT")}
    skip = ocr.OcrSkip("timeout", "Tesseract stopped reading a page after 60 seconds (the limit "
                       "for one page)", "Build again when the machine is less busy")
    (row,) = ocr_rows(route, used, {"ct": OcrResult((1, 2), (2,), skipped=skip)})
    assert row.id == "ocr-timeout" and "OCR read no text" not in row.item
    assert row.item == ("Tesseract stopped reading a page after 60 seconds (the limit for one "
                        "page), so this upload keeps scanned pages without searchable text: "
                        "attachment ct (imaging_report) page 1")
    assert not row.blocking and row.question == "Build again when the machine is less busy"


def test_pages_at_a_time_are_the_cpus_unless_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "_JOBS", None)
    assert ocr.ocr_jobs() == ocr.usable_cpus() == len(os.sched_getaffinity(0))
    ocr.set_ocr_jobs(1)
    assert ocr.ocr_jobs() == 1
    ocr.set_ocr_jobs(0)
    assert ocr.ocr_jobs() == 1
    ocr.set_ocr_jobs(None)
    assert ocr.ocr_jobs() == ocr.usable_cpus()


@pytest.mark.parametrize(("jobs", "scans", "asked"), [(2, [[0, 2], [0]], 2), (4, [[0, 2]], 2),
                                                      (1, [[0, 2], [0, 2]], 1)])
def test_one_ocrmypdf_run_reads_every_files_scans_at_most_a_page_a_job(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int, scans: list[list[int]],
        asked: int) -> None:
    """The scanned pages of several files go to ocrmypdf in one PDF, in order; it reads
    ``ocr_jobs()`` at a time but never more jobs than pages (ocrmypdf would then give each
    Tesseract several OpenMP threads)."""
    import ocrmypdf

    calls: list[tuple[int, dict[str, Any]]] = []

    def fake_ocr(src: Path, out: Path, **kwargs: Any) -> None:
        with pikepdf.open(src) as doc:
            calls.append((len(doc.pages), kwargs))
        shutil.copyfile(src, out)

    monkeypatch.setattr(ocrmypdf, "ocr", fake_ocr)
    monkeypatch.setattr(ocr, "_JOBS", jobs)
    docs = [pikepdf.open(_mixed_pdf(tmp_path / f"{n}.pdf")) for n in range(len(scans))]
    try:
        out, timed_out = ocr._read(list(zip(docs, scans, strict=True)),
                                   [ocr._LANGUAGES["en"]], tmp_path)
        out.close()
    finally:
        for doc in docs:
            doc.close()
    ((pages, kwargs),) = calls
    assert pages == sum(len(s) for s in scans) and not timed_out
    assert kwargs["jobs"] == asked and kwargs["pdf_renderer"] == "fpdf2"


def test_the_freed_heap_goes_back_before_tesseract_starts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tesseract runs beside this process and LibreOffice: malloc_trim comes first."""
    import ocrmypdf

    said: list[str] = []

    def fake_ocr(src: Path, out: Path, **kwargs: Any) -> None:
        said.append("ocr")
        shutil.copyfile(src, out)

    monkeypatch.setattr(ocrmypdf, "ocr", fake_ocr)
    monkeypatch.setattr(ocr, "give_back", lambda: said.append("give back") or True)
    with pikepdf.open(_mixed_pdf(tmp_path / "scan.pdf")) as doc:
        out, _ = ocr._read([(doc, [0])], [ocr._LANGUAGES["en"]], tmp_path)
        out.close()
    assert said == ["give back", "ocr"]


def test_each_files_layers_are_drawn_on_their_own_in_page_order(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """ocrmypdf hands its fpdf2 renderer the pages in the order Tesseract finished them:
    inside the patch, each file's pages are drawn by a render of their own, in page order,
    and the grafter and the class are as they were after."""
    from ocrmypdf._graft import OcrGrafter

    drawn: list[list[int]] = []

    def render(grafter: Any) -> None:  # stands for ocrmypdf's: draws the pages it is given
        drawn.append([page.pageno for page in grafter.fpdf2_parsed_pages])

    monkeypatch.setattr(OcrGrafter, ocr._RENDER, render)
    grafter = SimpleNamespace(fpdf2_parsed_pages=[SimpleNamespace(pageno=n)
                                                  for n in (3, 0, 4, 1, 2)])
    with ocr._render_per_file([2, 0, 1, 2]):  # files of 2, 0, 1 and 2 pages
        getattr(OcrGrafter, ocr._RENDER)(grafter)
    assert drawn == [[0, 1], [2], [3, 4]]
    assert [page.pageno for page in grafter.fpdf2_parsed_pages] == [0, 1, 2, 3, 4]
    assert getattr(OcrGrafter, ocr._RENDER) is render


def test_a_failed_run_of_several_files_reads_each_alone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One file ocrmypdf cannot read fails only itself: the run of all is retried file by
    file, and each result says what happened to that file."""
    monkeypatch.setattr(ocr, "ocr_engine", lambda: OcrEngine(ALL))
    runs: list[int] = []

    def failing(files: list[tuple[pikepdf.Pdf, list[int]]], *args: Any) -> Any:
        runs.append(len(files))
        raise RuntimeError("ocrmypdf failed")

    monkeypatch.setattr(ocr, "_read", failing)
    pdfs = [_mixed_pdf(tmp_path / f"{n}.pdf") for n in ("a", "b")]
    before = [p.read_bytes() for p in pdfs]
    results = add_text_layers([OcrFile(p, ["en"]) for p in pdfs], tmp_path)
    assert runs == [2, 1, 1]
    assert [(r.scanned, r.added) for r in results] == [((1, 3), ()), ((1, 3), ())]
    assert all(r.skipped is not None and r.skipped.key == "failed" for r in results)
    assert [p.read_bytes() for p in pdfs] == before and not ocr._KEPT
    assert list(tmp_path.glob("accesspack-ocr-*")) == []


def test_files_in_other_languages_are_other_runs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A French upload and two English ones: two ocrmypdf runs, one per language set; a
    file known to have no scan is not opened."""
    monkeypatch.setattr(ocr, "ocr_engine", lambda: OcrEngine(ALL))
    runs: list[tuple[int, list[str]]] = []

    def failing(files: list[tuple[pikepdf.Pdf, list[int]]],
                languages: list[ocr.OcrLanguage], tmp: Path) -> Any:
        runs.append((len(files), [lang.code for lang in languages]))
        raise RuntimeError("not read here")

    monkeypatch.setattr(ocr, "_read", failing)
    pdfs = [_mixed_pdf(tmp_path / f"{n}.pdf") for n in ("a", "b", "c")]
    results = add_text_layers([OcrFile(pdfs[0], ["en"]), OcrFile(pdfs[1], ["fr", "en"]),
                               OcrFile(tmp_path / "absent.pdf", ["en"], []),
                               OcrFile(pdfs[2], ["en"])], tmp_path)
    assert runs[0] == (2, ["eng"]) and (1, ["fra", "eng"]) in runs
    assert results[2] == OcrResult(seconds=results[2].seconds) and not results[2].scanned


# -- Tesseract on the examples' scans (slow) ---------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SCANS))
def test_example_scans_get_an_invisible_text_layer(
        name: str, tmp_path: Path, caplog: pytest.LogCaptureFixture,
        capfd: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)
    streams = sys.stdout, sys.stderr
    pdf = tmp_path / "scan.pdf"
    image_to_pdf(UPLOADS / name, pdf, LETTER)
    images, contents = _images(pdf), _contents(pdf)
    pages = len(SCANS[name])
    for page in range(1, pages + 1):
        assert not run("pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-").strip()
    result = add_text_layer(pdf, ["en", "en"])
    # the process's streams are its own again (pikepdf's linearization check moved stderr)
    assert (sys.stdout, sys.stderr) == streams
    assert result.scanned == result.added == tuple(range(1, pages + 1))
    assert [lang.code for lang in result.languages] == ["eng"] and result.skipped is None
    assert result.change == (
        f"added an invisible OCR text layer (Tesseract, English) to "
        f"{'page 1' if pages == 1 else 'pages 1-2'}; the page images are unchanged")
    for page, words in enumerate(SCANS[name], start=1):
        text = squash(run("pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"))
        for said in words:
            assert said in text, (page, said)
    # the page images and the page's own content are the same bytes; the layer comes first
    assert _images(pdf) == images
    for before, after in zip(contents, _contents(pdf), strict=True):
        assert after[1:] == before
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            assert b"/OCRText Do" in page.obj.Contents[0].read_bytes()
            layer = page.obj.Resources.XObject.OCRText.read_bytes()
            assert set(re.findall(rb"(\d+) Tr\b", layer)) == {b"3"}  # invisible text only
    fonts = run("pdffonts", str(pdf)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # embedded
    assert "No syntax or stream encoding errors" in run("qpdf", "--check", str(pdf))
    with pikepdf.open(pdf) as doc:
        assert scanned_pages(doc) == []
        assert "/Metadata" not in doc.Root and "/OCR-" not in repr(doc.pages[0].Resources)
    # what Tesseract read is patient data: never in a log, nothing on the terminal
    logged = caplog.text
    assert not any(w in logged for words in SCANS[name] for w in words)
    out, err = capfd.readouterr()
    assert out == err == ""


@pytest.mark.slow
def test_two_runs_give_the_same_bytes(tmp_path: Path) -> None:
    digests = []
    for run_ in ("a", "b"):
        pdf = tmp_path / f"{run_}.pdf"
        image_to_pdf(UPLOADS / "imaging-multipage.tiff", pdf, LETTER)
        assert add_text_layer(pdf, ["en"]).added == (1, 2)
        digests.append(hashlib.sha256(pdf.read_bytes()).hexdigest())
    assert digests[0] == digests[1]


@pytest.mark.slow
def test_scans_of_several_files_read_two_at_a_time_give_the_same_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The example's three scans (4 pages) read in one run two pages at a time: each file
    gets the bytes it gets when read alone one page at a time, whichever page finished
    first, and its words."""
    names = list(SCANS)
    alone: list[str] = []
    monkeypatch.setattr(ocr, "_JOBS", 1)
    for name in names:
        pdf = tmp_path / f"alone-{name}.pdf"
        image_to_pdf(UPLOADS / name, pdf, LETTER)
        assert add_text_layer(pdf, ["en"]).added == tuple(range(1, len(SCANS[name]) + 1))
        alone.append(hashlib.sha256(pdf.read_bytes()).hexdigest())
    monkeypatch.setattr(ocr, "_JOBS", 2)
    for attempt in range(2):
        ocr._KEPT.clear()
        pdfs = [tmp_path / f"{attempt}-{name}.pdf" for name in names]
        for name, pdf in zip(names, pdfs, strict=True):
            image_to_pdf(UPLOADS / name, pdf, LETTER)
        results = add_text_layers([OcrFile(p, ["en"]) for p in pdfs], tmp_path)
        assert [r.added for r in results] == [(1,), (1,), (1, 2)]
        assert [hashlib.sha256(p.read_bytes()).hexdigest() for p in pdfs] == alone
    for name, pdf in zip(names, pdfs, strict=True):
        for page, words in enumerate(SCANS[name], start=1):
            text = squash(run("pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"))
            assert all(said in text for said in words), (name, page)


@pytest.mark.slow
def test_a_file_read_once_is_not_read_again(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch of cases sharing an upload reads it once per process: the same bytes and
    languages give the kept result; other languages are read anew."""
    first, second, other = (tmp_path / f"{n}.pdf" for n in ("first", "second", "other"))
    for pdf in (first, second, other):
        image_to_pdf(UPLOADS / "lab-results.png", pdf, LETTER)
    read = add_text_layer(first, ["en"])
    assert read.added == (1,)

    def never(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("read again")

    monkeypatch.setattr(ocr, "_read", never)
    again = add_text_layer(second, ["en"])
    assert second.read_bytes() == first.read_bytes()
    assert (again.scanned, again.added, again.languages) == (read.scanned, read.added,
                                                             read.languages)
    before = other.read_bytes()
    skipped = add_text_layer(other, ["en", "fr"])  # eng+fra: not read yet, so read (fails)
    assert skipped.skipped is not None and skipped.skipped.key == "failed"
    assert other.read_bytes() == before


@pytest.mark.slow
def test_a_file_read_by_another_process_is_taken_from_the_store(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With ACCESSPACK_OCR_CACHE set, what a file became is stored on disk, owner-only, and
    a new process (here: an empty memory) takes it from there instead of reading again;
    a damaged entry is read again."""
    store = tmp_path / "store"
    monkeypatch.setenv(ocr_cache.ENV, str(store))
    first, second, third = (tmp_path / f"{n}.pdf" for n in ("first", "second", "third"))
    for pdf in (first, second, third):
        image_to_pdf(UPLOADS / "lab-results.png", pdf, LETTER)
    read = add_text_layer(first, ["en"])
    assert read.added == (1,)
    assert store.stat().st_mode & 0o777 == 0o700
    entries = sorted(store.iterdir())
    assert [e.suffix for e in entries] == [".json", ".pdf"]
    assert all(e.stat().st_mode & 0o777 == 0o600 for e in entries)

    def never(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("read again")

    monkeypatch.setattr(ocr, "_KEPT", OrderedDict())  # a new process
    monkeypatch.setattr(ocr, "_read", never)
    again = add_text_layer(second, ["en"])
    assert second.read_bytes() == first.read_bytes()
    assert (again.scanned, again.added, again.languages) == (read.scanned, read.added,
                                                             read.languages)
    monkeypatch.setattr(ocr, "_KEPT", OrderedDict())
    entries[1].write_bytes(b"%PDF-1.7 damaged")  # the stored bytes no longer match
    before = third.read_bytes()
    damaged = add_text_layer(third, ["en"])  # read again: fails on `never`
    assert damaged.skipped is not None and damaged.skipped.key == "failed"
    assert third.read_bytes() == before


def test_the_store_is_off_unless_its_variable_is_set(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    entry = (b"%PDF-1.7 x", (1,), (1,), ("eng",))
    ocr_cache.store("ab" * 32, ["eng"], ["17.13.0", "tesseract 5"], entry)
    assert ocr_cache.load("ab" * 32, ["eng"], ["17.13.0", "tesseract 5"]) is None
    monkeypatch.setenv(ocr_cache.ENV, str(tmp_path / "s"))
    ocr_cache.store("ab" * 32, ["eng"], ["17.13.0", "tesseract 5"], entry)
    assert ocr_cache.load("ab" * 32, ["eng"], ["17.13.0", "tesseract 5"]) == entry
    # another Tesseract, other languages: another entry
    assert ocr_cache.load("ab" * 32, ["eng"], ["17.13.0", "tesseract 6"]) is None
    assert ocr_cache.load("ab" * 32, ["eng", "fra"], ["17.13.0", "tesseract 5"]) is None
    # a file OCR left as it was is stored without bytes
    ocr_cache.store("cd" * 32, ["eng"], ["v"], (None, (1,), (), ("eng",)))
    assert ocr_cache.load("cd" * 32, ["eng"], ["v"]) == (None, (1,), (), ("eng",))
    # a folder that cannot be written costs only the time
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(ocr_cache.ENV, str(blocker / "s"))
    ocr_cache.store("ab" * 32, ["eng"], ["v"], entry)
    assert ocr_cache.load("ab" * 32, ["eng"], ["v"]) is None


@pytest.mark.slow
def test_a_tesseract_timeout_is_its_own_reason_and_never_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tesseract stopped by the page timeout (ocrmypdf then writes an empty layer): the
    result says "timeout", not "read no text", and the next build reads the file again."""
    pdf = tmp_path / "scan.pdf"
    image_to_pdf(UPLOADS / "lab-results.png", pdf, LETTER)
    before = pdf.read_bytes()
    monkeypatch.setattr(ocr, "PAGE_TIMEOUT", 0.01)
    slow = add_text_layer(pdf, ["en"])
    assert slow.skipped is not None and slow.skipped.key == "timeout"
    assert "after 0.01 seconds" in slow.skipped.why
    assert (slow.scanned, slow.added, slow.image_only) == ((1,), (), (1,))
    assert pdf.read_bytes() == before and not ocr._KEPT
    monkeypatch.setattr(ocr, "PAGE_TIMEOUT", 60.0)
    assert add_text_layer(pdf, ["en"]).added == (1,)  # read again, not the kept timeout


@pytest.mark.slow
def test_ocr_writes_its_files_in_the_work_folder_given(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The scan's pages, ocrmypdf's page images and hOCR: all under ``work`` (a build's
    .work), none in the system's temporary folder, and nothing left after."""
    from ocrmypdf._exec import tesseract

    system, work = tmp_path / "system-tmp", tmp_path / "work"
    system.mkdir()
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system))
    seen: list[tuple[list[str], list[str]]] = []
    real = tesseract.generate_hocr

    def spy(**kwargs: Any) -> None:
        seen.append(([p.name for p in work.rglob("*")], [p.name for p in system.rglob("*")]))
        real(**kwargs)

    monkeypatch.setattr(tesseract, "generate_hocr", spy)
    pdf = tmp_path / "scan.pdf"
    image_to_pdf(UPLOADS / "lab-results.png", pdf, LETTER)
    assert add_text_layer(pdf, ["en"], work).added == (1,)
    ((in_work, in_system),) = seen
    assert "scans.pdf" in in_work and "origin.pdf" in in_work  # ours, and ocrmypdf's
    assert any(name.endswith(".png") for name in in_work)  # the page image Tesseract reads
    assert in_system == []
    assert list(work.iterdir()) == [] and list(system.iterdir()) == []


@pytest.mark.slow
def test_a_page_with_text_is_not_read(tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    image_to_pdf(UPLOADS / "lab-results.png", scan, LETTER)
    pdf = tmp_path / "mixed.pdf"
    text = tmp_path / "text.pdf"
    c = Canvas(str(text), invariant=1)
    c.drawString(72, 700, "Cover note typed in a word processor")
    c.save()
    with pikepdf.open(text) as doc, pikepdf.open(scan) as other:
        doc.pages.append(other.pages[0])
        doc.save(pdf)
    contents = _contents(pdf)
    result = add_text_layer(pdf, ["en"])
    assert result.scanned == result.added == (2,)
    assert _contents(pdf)[0] == contents[0]  # the typed page: its content as it was
    assert len(_contents(pdf)[1]) == len(contents[1]) + 1
    assert squash(run("pdftotext", "-f", "1", "-l", "1", str(pdf), "-")) == (
        "Cover note typed in a word processor")
    assert "Absolute neutrophils" in squash(run("pdftotext", "-f", "2", "-l", "2", str(pdf),
                                                "-"))


@pytest.mark.slow
def test_chinese_scan_is_read_with_chi_sim(tmp_path: Path) -> None:
    """Page 1 of the example's Chinese NGS report, rendered at 200 dpi as a scan would be."""
    run("pdftoppm", "-r", "200", "-gray", "-png", "-singlefile", "-f", "1", "-l", "1",
        str(UPLOADS / "ngs-report-zh.pdf"), str(tmp_path / "zh"))
    pdf = tmp_path / "zh.pdf"
    image_to_pdf(tmp_path / "zh.png", pdf, A4)
    result = add_text_layer(pdf, ["zh", "en"])
    assert result.added == (1,)
    assert [lang.code for lang in result.languages] == ["chi_sim", "eng"]
    assert result.change is not None and "(Tesseract, simplified Chinese and English)" in \
        result.change
    text = re.sub(r"\s+", "", run("pdftotext", str(pdf), "-"))
    for said in ("综合基因组分析报告", "检测结果与英文原件一致", "TG-24-003318"):
        assert said in text, said
    fonts = run("pdffonts", str(pdf)).splitlines()[2:]
    assert any("CJK" in line for line in fonts)
    assert all(line.split()[-5] == "yes" for line in fonts)


# -- in a build (slow) -------------------------------------------------------------------------


@pytest.mark.slow
def test_fda_rebuild_with_ocr_gives_identical_bytes(built: BuildCache, tmp_path: Path) -> None:
    first = built(FDA_CASE, "fda/single-patient")
    ocr._KEPT.clear()  # the scans are read again, not taken from the first build
    again = build_cli(FDA_CASE, "fda/single-patient", tmp_path / "again")
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for rel in files:
        assert (first / rel).read_bytes() == (again / rel).read_bytes(), rel
    changes = {a["id"]: a.get("changes", []) for a in manifest(again)["inputs"]["attachments"]}
    assert changes["petct-2026-10-20"] == [
        "added an invisible OCR text layer (Tesseract, English) to pages 1-2; the page "
        "images are unchanged"]
    for packet in manifest(again)["packets"]:
        check = preflight(again / packet["file"]).check("searchable_text")
        assert check.status == "pass", (packet["id"], check.detail)


@pytest.mark.slow
def test_a_page_turned_by_its_rotate_key_is_read_upright(tmp_path: Path) -> None:
    """A scan stored sideways and shown upright by the page's /Rotate (as some scanners
    save landscape feeds): the layer follows the page as it is shown."""
    sideways = tmp_path / "sideways.png"
    with Image.open(UPLOADS / "ct-report.jpg") as img:
        img.transpose(Image.Transpose.ROTATE_90).save(sideways)
    pdf = tmp_path / "turned.pdf"
    image_to_pdf(sideways, pdf, LETTER)
    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        doc.pages[0].obj.Rotate = 90
        doc.save(pdf)
    assert add_text_layer(pdf, ["en"]).added == (1,)
    text = squash(run("pdftotext", str(pdf), "-"))
    assert "BRAMBLEWOOD UNIVERSITY MEDICAL CENTER" in text and "CT26-884120" in text
    with pikepdf.open(pdf) as doc:
        assert doc.pages[0].obj.Rotate == 90


def test_what_a_process_keeps_stays_within_its_files_and_bytes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The memory of what was read (resident in a batch worker for the whole batch) holds
    at most _KEPT_FILES files and _KEPT_BYTES bytes, the oldest dropped first."""
    monkeypatch.setattr(ocr, "_KEPT", OrderedDict())
    assert ocr._KEPT_BYTES <= 16 * 1024 * 1024
    quarter = ocr._KEPT_BYTES // 4
    for n in range(6):  # six files of a quarter each: the first two are dropped
        ocr._keep((f"{n}", ("eng",)), b"x" * quarter, OcrResult())
    assert [key for key, _ in ocr._KEPT] == [f"{n}" for n in range(2, 6)]
    for n in range(ocr._KEPT_FILES + 3):
        ocr._keep((f"small{n}", ("eng",)), None, OcrResult())
    assert len(ocr._KEPT) == ocr._KEPT_FILES
    assert ocr._kept(("small2", ("eng",))) is None
    assert ocr._kept((f"small{ocr._KEPT_FILES + 2}", ("eng",))) is not None
