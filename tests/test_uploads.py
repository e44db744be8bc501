"""Issue 17, the upload side: bounds checked before any work, images that do not decode,
animated PNGs, PDF content that does not decode, PDF 2.0 passwords, library noise.

Refused builds use a converter that records its calls: a bound must stop the build before
LibreOffice is asked for anything and before a staging folder exists. Outputs are read
back with independent readers (qpdf, pdftotext, pypdf).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pikepdf
import pypdf
import pytest
from docx import Document as DocxDocument
from PIL import Image, ImageFile

import accesspack
from accesspack import uploads as prepass
from accesspack.convert import FakeConverter
from accesspack.errors import AttachmentError, ConversionError
from accesspack.model import parse_case
from accesspack.pdf.embed_fonts import fonts_left_unembedded
from accesspack.pdf.normalize import (
    Normalised,
    fonts_not_embedded,
    image_pages,
    image_to_pdf,
    pdf_copy,
)
from accesspack.pdf.passwords import open_pdf, saslprep
from tests.conftest import HELVETICA_EMBEDDED, ROOT, text_of
from tests.corpus import uploads

ROUTE = "fda/single-patient"
LETTER = (612.0, 792.0)
NGS_LABEL = "attachment ngs (biomarker_report)"


def _recording() -> FakeConverter:
    """Records every conversion asked for; a refused build must ask for none."""
    return FakeConverter(fail=ConversionError(
        "the test converter was reached: the build was not refused"))


def _refused(case_data: dict[str, Any], case_dir: Path, tmp_path: Path) -> AttachmentError:
    """Build ``case_data``; assert it is refused before any work; return the error."""
    case = parse_case(case_data, base_dir=case_dir)
    out = tmp_path / "out"
    converter = _recording()
    with pytest.raises(AttachmentError) as info:
        accesspack.build(case, ROUTE, out, converter=converter)
    assert type(info.value) is AttachmentError
    assert converter.calls == []  # LibreOffice never asked
    assert not out.exists()
    assert [p.name for p in out.parent.iterdir() if ".partial-" in p.name] == []
    assert str(case_dir) not in str(info.value)
    return info.value


# -- bounds, before any work -------------------------------------------------------------------

def test_an_upload_over_the_page_limit_is_refused_before_anything_is_written(
        case_data: dict[str, Any], case_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prepass, "MAX_UPLOAD_PAGES", 2)  # ngs.pdf has 3 pages
    error = _refused(case_data, case_dir, tmp_path)
    assert str(error) == (f"{NGS_LABEL} has 3 pages; the limit is 2 pages per upload: split "
                          "it into several attachments")


def test_tiff_frames_count_against_the_page_limit(
        case_data: dict[str, Any], case_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prepass, "MAX_UPLOAD_PAGES", 10)
    case_data["attachments"][2]["path"] = uploads.multipage_tiff(case_dir).name  # 50 frames
    error = _refused(case_data, case_dir, tmp_path)
    assert str(error).startswith(f"{NGS_LABEL} has 50 pages; the limit is 10 pages")


def test_a_packet_over_its_page_limit_is_refused(
        case_data: dict[str, Any], case_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prepass, "MAX_PACKET_PAGES", 5)  # its uploads: 1 + 2 + 3 pages
    error = _refused(case_data, case_dir, tmp_path)
    assert "the uploads of packet fda-submission add up to 6 pages; the limit is 5 pages " \
           "per packet" in str(error)
    assert "leave out uploads the regulator does not need" in str(error)


def test_an_uploaded_docx_counts_by_its_size(
        case_data: dict[str, Any], case_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    doc = DocxDocument()
    doc.add_paragraph("a letter")
    doc.save(str(case_dir / "letter.docx"))
    size = (case_dir / "letter.docx").stat().st_size
    case_data["attachments"][2]["path"] = "letter.docx"
    monkeypatch.setattr(prepass, "DOCX_BYTES_PER_PAGE", 100)
    monkeypatch.setattr(prepass, "MAX_PACKET_PAGES", 50)
    error = _refused(case_data, case_dir, tmp_path)
    counted = 1 + 2 + -(-size // 100)  # LOA, CV, the DOCX
    assert f"add up to {counted:,} pages (a Word document counts as one page per 100 bytes " \
           f"until it is converted: {NGS_LABEL})" in str(error)


def test_an_upload_over_the_size_limit_is_refused_by_its_size(
        case_data: dict[str, Any], case_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prepass, "MAX_UPLOAD_BYTES", 1000)
    error = _refused(case_data, case_dir, tmp_path)
    assert "MB per upload: split it into several attachments" in str(error)
    assert "the limit is 0 MB" in str(error)
    assert "attachment letter-of-authorization-1" in str(error)


def test_a_locked_pdf_is_refused_before_the_staging_folder(
        case_data: dict[str, Any], case_dir: Path, tmp_path: Path) -> None:
    case_data["attachments"][2]["path"] = uploads.encrypted_pdf(case_dir).name
    error = _refused(case_data, case_dir, tmp_path)
    assert "is protected by a password; give the password as attachments[2].password" \
        in str(error)


def test_a_fifo_swapped_in_after_loading_is_refused_without_blocking(
        case_data: dict[str, Any], case_dir: Path, tmp_path: Path) -> None:
    case = parse_case(case_data, base_dir=case_dir)  # ngs.pdf is a regular file here
    (case_dir / "ngs.pdf").unlink()
    os.mkfifo(case_dir / "ngs.pdf")  # opening it for reading would wait for a writer
    converter = _recording()
    outcome: list[BaseException | None] = []

    def build() -> None:
        try:
            accesspack.build(case, ROUTE, tmp_path / "out", converter=converter)
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=build, daemon=True)
    worker.start()
    worker.join(60)
    assert not worker.is_alive(), "the build blocked on the FIFO"
    (error,) = outcome
    assert type(error) is AttachmentError
    assert str(error) == (f"{NGS_LABEL} is a named pipe (FIFO), not a regular file; give "
                          "the path of a saved file")
    assert converter.calls == [] and not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir() if ".partial-" in p.name] == []


def test_check_uploads_gives_types_and_pages_the_build_reuses(
        case_data: dict[str, Any], case_dir: Path) -> None:
    case_data["attachments"][2]["path"] = uploads.animated_png(case_dir).name
    case = parse_case(case_data, base_dir=case_dir)
    route = accesspack.load_route(ROUTE)
    from accesspack.buildplan import plan

    checked = prepass.check_uploads(plan(case, route))
    assert {c.label: (c.type, c.pages) for c in checked.values()} == {
        "attachment letter-of-authorization-1 (letter_of_authorization)": ("pdf", 1),
        "attachment cv-1 (cv)": ("pdf", 2),
        NGS_LABEL: ("png", 1),  # an animated PNG is one page
        "attachment consent-form-1 (consent_form)": ("pdf", 2)}


def test_each_uploaded_pdf_is_opened_once_for_its_pages(
        case_data: dict[str, Any], case_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build's ledger reads the uploads (read_uploads), then their bounds are checked
    (check_uploads): both need each PDF's page count, read once per file version."""
    from accesspack.buildplan import plan
    from accesspack.pdf import normalize

    opened: list[str] = []
    real = normalize._open_upload

    def counted(src: Path, *rest: Any) -> Any:
        opened.append(Path(src).name)
        return real(src, *rest)

    monkeypatch.setattr(normalize, "_open_upload", counted)
    monkeypatch.setattr(normalize, "_PAGES", OrderedDict())  # nothing counted before
    the_plan = plan(parse_case(case_data, base_dir=case_dir), ROUTE)
    assert [r.id for r in prepass.read_uploads(the_plan)] == [  # the FDA wants fonts embedded
        "letter-of-authorization-1", "cv-1", "ngs", "consent-form-1"]
    assert sorted(opened) == ["consent.pdf", "cv.pdf", "loa.pdf", "ngs.pdf"]
    assert prepass.check_uploads(the_plan)["ngs"].pages == 3
    assert len(opened) == 4  # the counts read for the ledger
    ngs = case_dir / "ngs.pdf"
    os.utime(ngs, ns=(ngs.stat().st_atime_ns, ngs.stat().st_mtime_ns + 10**9))
    assert prepass.check_uploads(the_plan)["ngs"].pages == 3
    assert opened[4:] == ["ngs.pdf"]  # a new version is opened again
    with pytest.raises(AttachmentError, match="has no pages|damaged|not a readable PDF"):
        ngs.write_bytes(b"%PDF-1.7\n%%EOF\n")  # and refused as it is now
        prepass.check_uploads(the_plan)


# -- images that decode to nothing; animated images --------------------------------------------

@pytest.mark.parametrize("make", [uploads.truncated_jpeg, uploads.truncated_png,
                                  uploads.truncated_tiff])
def test_truncated_images_are_refused_even_if_pillow_is_told_to_allow_them(
        make: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    upload = make(tmp_path)
    assert image_pages(upload, "x") == (1, 1)  # the header is whole: only decoding tells
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # another library's choice
    with pytest.raises(AttachmentError) as info:
        image_to_pdf(upload, tmp_path / "out.pdf", LETTER, "attachment s (imaging_report)")
    assert str(info.value) == (
        "attachment s (imaging_report) is truncated or damaged: its image data cannot be "
        "decoded; scan it again or give it as a PDF")
    assert not (tmp_path / "out.pdf").exists()
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # left as it was found


def test_a_damaged_page_of_a_tiff_is_named(tmp_path: Path) -> None:
    both = tmp_path / "two.tiff"
    pages = [Image.new("L", (300, 400), 90), Image.new("L", (300, 400), 160)]
    pages[0].save(both, save_all=True, append_images=pages[1:])  # uncompressed
    data = both.read_bytes()
    with Image.open(both) as img:
        img.seek(1)
        start = img.tag_v2[273][0]  # page 2's pixels come after its directory
    assert start > len(data) // 2
    both.write_bytes(data[: start + 300 * 200])  # page 2 stops half way
    assert image_pages(both, "x") == (2, 2)
    with pytest.raises(AttachmentError, match=r"^attachment t is truncated or damaged: the "
                       r"image data of page 2 cannot be decoded; scan it again"):
        image_to_pdf(both, tmp_path / "out.pdf", LETTER, "attachment t")


def test_an_animated_png_gives_its_first_frame(tmp_path: Path) -> None:
    upload = uploads.animated_png(tmp_path)
    with Image.open(upload) as img:
        assert img.n_frames == 41 and img.is_animated
        white = Image.new("RGBA", img.size, "white")
        first = Image.alpha_composite(white, img.convert("RGBA")).convert("RGB").getpixel((5, 5))
    assert image_pages(upload, "x") == (1, 41)
    done = image_to_pdf(upload, tmp_path / "out.pdf", LETTER, "attachment a")
    assert done == Normalised(1, ("kept the first frame of an animated image and dropped the "
                                  "other 40 frames",))
    assert len(pypdf.PdfReader(tmp_path / "out.pdf").pages) == 1  # an independent reader
    with pikepdf.Pdf.open(tmp_path / "out.pdf") as pdf:
        (image,) = pdf.pages[0].get_images().values()
        shown = pikepdf.PdfImage(image).as_pil_image()
        assert shown.size == (300, 400) and shown.convert("RGB").getpixel((5, 5)) == first


@pytest.mark.slow
def test_sound_images_with_odd_tags_and_damaged_exif_are_carried(tmp_path: Path) -> None:
    for make in (uploads.noisy_tiff, uploads.exif_jpeg):
        assert image_to_pdf(make(tmp_path), tmp_path / "out.pdf", LETTER).pages == 1
        assert subprocess.run(["qpdf", "--check", str(tmp_path / "out.pdf")],
                              capture_output=True).returncode == 0


# -- library noise -----------------------------------------------------------------------------

def test_libtiff_and_pillow_messages_go_to_the_log_not_stderr(
        tmp_path: Path, capfd: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="accesspack")
    image_to_pdf(uploads.noisy_tiff(tmp_path), tmp_path / "a.pdf", LETTER)
    image_to_pdf(uploads.exif_jpeg(tmp_path), tmp_path / "b.pdf", LETTER)
    with pytest.raises(AttachmentError):  # libtiff writes its read error on fd 2
        image_to_pdf(uploads.truncated_tiff(tmp_path), tmp_path / "c.pdf", LETTER)
    assert capfd.readouterr().err == ""
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "TIFFFillStrip" in logged and "Corrupt EXIF data" in logged
    assert str(tmp_path) not in logged
    os.write(2, b"fd 2 is back\n")  # the standard error was restored
    assert capfd.readouterr().err == "fd 2 is back\n"


@pytest.mark.slow
def test_no_library_warning_reaches_a_users_terminal(tmp_path: Path) -> None:
    """In a fresh interpreter with Python's default warning filters (pytest's own capture
    would hide Python warnings in-process)."""
    files = [uploads.noisy_tiff(tmp_path), uploads.exif_jpeg(tmp_path),
             uploads.truncated_tiff(tmp_path)]
    code = ("import sys; from pathlib import Path; "
            "from accesspack.pdf.normalize import image_to_pdf; "
            "from accesspack.errors import AttachmentError\n"
            "for n, f in enumerate(sys.argv[1:]):\n"
            "    try: image_to_pdf(Path(f), Path(f + '.pdf'), (612.0, 792.0))\n"
            "    except AttachmentError as e: print(e)\n")
    run = subprocess.run([sys.executable, "-W", "default", "-c", code, *map(str, files)],
                         capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert run.returncode == 0 and run.stderr == "", run.stderr
    assert run.stdout == "cut.tiff is truncated or damaged: its image data cannot be " \
                         "decoded; scan it again or give it as a PDF\n"


# -- damaged PDF content -----------------------------------------------------------------------

def _qpdf_check(path: Path) -> int:
    return subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode


@pytest.mark.slow
@pytest.mark.parametrize("make", [uploads.broken_lzw_pdf, uploads.truncated_flate_pdf])
def test_a_page_whose_content_does_not_decode_is_refused(make: Any, tmp_path: Path) -> None:
    upload = make(tmp_path)
    assert _qpdf_check(upload) != 0  # the corpus file is broken as it claims
    with pytest.raises(AttachmentError) as info:
        pdf_copy(upload, tmp_path / "out.pdf", "attachment p (lab_report)")
    assert str(info.value) == (
        "attachment p (lab_report) is damaged: the content of page 1 cannot be decoded in "
        "full, so it would print blank or incomplete; re-export it from the program that "
        "made it, or scan the paper again")
    assert not (tmp_path / "out.pdf").exists()


def test_content_with_a_filter_no_reader_knows_is_refused(tmp_path: Path) -> None:
    upload = uploads.broken_lzw_pdf(tmp_path)
    with pikepdf.Pdf.open(upload, allow_overwriting_input=True) as pdf:
        pdf.pages[1].obj.Contents.write(b"BT ET", filter=pikepdf.Name.DCTDecode)
        pdf.pages[0].obj.Contents.write(b"BT /F1 12 Tf 72 720 Td (fine) Tj ET")
        pdf.save(upload)
    with pikepdf.Pdf.open(upload) as pdf:  # qpdf warns about nothing: no repair
        assert len(pdf.pages) == 2 and pdf.get_warnings() == []
    with pytest.raises(AttachmentError, match="the content of page 2 cannot be decoded"):
        pdf_copy(upload, tmp_path / "out.pdf", "attachment p")


@pytest.mark.slow
def test_a_repaired_pdf_must_pass_the_check_or_is_refused(tmp_path: Path) -> None:
    broken = uploads.repaired_broken_image_pdf(tmp_path)
    assert _qpdf_check(broken) != 0
    with pytest.raises(AttachmentError) as info:
        pdf_copy(broken, tmp_path / "out.pdf", "attachment r (lab_report)")
    assert str(info.value).startswith(
        "attachment r (lab_report) is damaged: qpdf repaired its structure, but the copy "
        "still fails a PDF check (")
    assert str(info.value).endswith("re-export it from the program that made it, or scan "
                                    "the paper again")
    assert not (tmp_path / "out.pdf").exists()
    repaired = pdf_copy(uploads.broken_xref_pdf(tmp_path), tmp_path / "ok.pdf", "attachment s")
    assert repaired.changes == ("repaired a damaged cross-reference table",
                                HELVETICA_EMBEDDED)
    assert _qpdf_check(tmp_path / "ok.pdf") == 0
    assert "REPAIRED page 3" in text_of(tmp_path / "ok.pdf")


# -- PDF 2.0 passwords -------------------------------------------------------------------------

def test_saslprep_follows_rfc_4013() -> None:
    # RFC 4013, section 3 examples
    assert saslprep("I\u00adX") == "IX"
    assert saslprep("user") == "user" and saslprep("USER") == "USER"
    assert saslprep("\u00aa") == "a"
    assert saslprep("\u2168") == "IX"
    for bad in ("\u0007", "\u0627\u0031"):  # a control character; bidi rule broken
        with pytest.raises(ValueError):
            saslprep(bad)
    assert saslprep("a\u00a0b\u2003c") == "a b c"  # non-ASCII spaces (C.1.2)
    assert saslprep("\ufb01") == "fi"
    assert saslprep("\u0627\u0628") == "\u0627\u0628"  # right-to-left throughout: fine


@pytest.mark.slow
def test_an_aes256_pdf_opens_with_its_password_typed_unnormalised(tmp_path: Path) -> None:
    locked = uploads.r6_encrypted_pdf(tmp_path)
    with pikepdf.Pdf.open(locked, password=uploads.R6_PASSWORD) as pdf:
        assert pdf.encryption.R == 6
    for typed in uploads.R6_UNNORMALISED:
        assert typed != uploads.R6_PASSWORD
        qpdf = subprocess.run(["qpdf", f"--password={typed}", "--check", str(locked)],
                              capture_output=True)
        assert qpdf.returncode == 2  # qpdf alone does not normalise: the problem is real
        with open_pdf(locked, typed) as pdf:
            assert len(pdf.pages) == 2
        out = tmp_path / "out.pdf"
        done = pdf_copy(locked, out, "attachment k", password=typed)
        assert done == Normalised(2, ("removed password protection", HELVETICA_EMBEDDED))
        assert "AES256 page 2" in text_of(out)
        # the ledger's font check opens it the same way (reportlab's Helvetica is not
        # embedded, and the packet copy embeds a substitute for it)
        assert fonts_not_embedded(locked, typed) == ["Helvetica"]
        assert fonts_left_unembedded(locked, typed) == []
    with pytest.raises(AttachmentError, match="does not open with the password given"):
        pdf_copy(locked, tmp_path / "x.pdf", "attachment k", password="fine pass word")
    with pytest.raises(pikepdf.PasswordError):
        open_pdf(locked, "\u0007")  # prohibited by SASLprep: tried as given only
