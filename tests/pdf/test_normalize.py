"""Uploads to clean PDFs: type detection, images (with pixels checked), PDF copies."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from docx import Document
from PIL import Image
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen import canvas

from accesspack.errors import AttachmentError, OutputError
from accesspack.pdf import detect_type, find_font, image_to_pdf, pdf_copy, write_pdf
from accesspack.pdf.fonts import FontNotFoundError
from tests.conftest import HELVETICA_EMBEDDED

LETTER = (612.0, 792.0)
A4 = (595.2756, 841.8898)
DPI = 72  # render at 72 dpi: one pixel per point


def tool(*cmd: str) -> str:
    assert shutil.which(cmd[0]), f"{cmd[0]} is not installed"
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def render(pdf: Path, page: int = 1) -> Image.Image:
    """Page ``page`` rendered by poppler (independent of pypdf), as RGB."""
    out = subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), "-png", str(pdf)],
        check=True, capture_output=True).stdout
    return Image.open(io.BytesIO(out)).convert("RGB")


def ink_box(img: Image.Image) -> tuple[int, int, int, int]:
    """Bounding box (left, top, right, bottom) of the non-white pixels."""
    grey = img.convert("L").point(lambda v: 255 if v < 250 else 0)
    box = grey.getbbox()
    assert box is not None
    return box


def make_pdf(path: Path, pages: int, marker: str) -> Path:
    c = canvas.Canvas(str(path), invariant=1)
    for n in range(pages):
        c.drawString(72, 700, f"{marker} page {n + 1}")
        c.showPage()
    c.save()
    return path


def check_clean(pdf: Path) -> PdfReader:
    assert "No syntax or stream encoding errors" in tool("qpdf", "--check", str(pdf))
    info = tool("pdfinfo", str(pdf))
    assert "CreationDate" not in info and re.search(r"^Encrypted:\s+no$", info, re.M)
    reader = PdfReader(pdf)
    first, second = reader.trailer["/ID"]
    assert first == second  # derived from the content: no random or inherited identifier
    return reader


# -- detect_type ------------------------------------------------------------------------


def test_detect_type_reads_content_not_names(tmp_path: Path) -> None:
    jpeg = tmp_path / "scan.pdf"  # a JPEG with a misleading name
    Image.new("RGB", (20, 20), "red").save(jpeg, format="JPEG")
    png = tmp_path / "photo.jpg"
    Image.new("RGB", (20, 20), "red").save(png, format="PNG")
    tiff = tmp_path / "fax"
    Image.new("L", (20, 20), 0).save(tiff, format="TIFF")
    pdf = make_pdf(tmp_path / "report.docx", 1, "R")
    docx = tmp_path / "letter.pdf"
    Document().save(str(docx))
    assert detect_type(jpeg) == "jpeg"
    assert detect_type(png) == "png"
    assert detect_type(tiff) == "tiff"
    assert detect_type(pdf) == "pdf"
    assert detect_type(docx) == "docx"


def test_detect_type_refuses_other_files(tmp_path: Path) -> None:
    junk = tmp_path / "notes.pdf"
    junk.write_bytes(b"GIF89a" + bytes(range(256)) * 4)
    with pytest.raises(AttachmentError) as info:
        detect_type(junk)
    assert "notes.pdf" in str(info.value) and "PDF, JPEG, PNG, TIFF" in str(info.value)
    assert str(tmp_path) not in str(info.value)
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    with pytest.raises(AttachmentError, match="empty.png is empty"):
        detect_type(empty)
    other_zip = tmp_path / "book.docx"
    with zipfile.ZipFile(other_zip, "w") as zf:
        zf.writestr("xl/workbook.xml", "<x/>")
    with pytest.raises(AttachmentError, match=r"book\.docx"):
        detect_type(other_zip)
    with pytest.raises(AttachmentError, match="missing.pdf cannot be read"):
        detect_type(tmp_path / "missing.pdf")


# -- image_to_pdf -----------------------------------------------------------------------


def assert_margins(pdf: Path, page: int = 1) -> tuple[int, int, int, int]:
    img = render(pdf, page)
    left, top, right, bottom = ink_box(img)
    assert left >= 0.75 * DPI - 1  # binding margin
    assert img.width - right >= 0.375 * DPI - 1
    assert top >= 0.375 * DPI - 1
    assert img.height - bottom >= 0.6 * DPI - 1  # room for the footer stamp
    return left, top, right, bottom


@pytest.mark.slow
def test_jpeg_fits_inside_the_margins(tmp_path: Path) -> None:
    src = tmp_path / "scan.jpg"
    Image.new("RGB", (1700, 2200), (30, 60, 200)).save(src, quality=90, dpi=(200, 200))
    dest = tmp_path / "scan.pdf"
    assert image_to_pdf(src, dest, LETTER).pages == 1
    reader = check_clean(dest)
    assert [float(v) for v in reader.pages[0].mediabox] == [0, 0, 612, 792]
    left, _, right, _ = assert_margins(dest)
    assert right - left > 400  # scaled to fill the page, not left tiny
    assert "jpeg" in tool("pdfimages", "-list", str(dest))  # embedded as is (DCT)


@pytest.mark.slow
def test_landscape_image_on_an_a4_landscape_page(tmp_path: Path) -> None:
    src = tmp_path / "wide.png"
    Image.new("RGB", (3000, 1000), (200, 0, 0)).save(src)
    dest = tmp_path / "wide.pdf"
    assert image_to_pdf(src, dest, A4).pages == 1
    box = PdfReader(dest).pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == (841.89, 595.28)
    assert_margins(dest)


@pytest.mark.slow
def test_png_with_alpha_is_flattened_on_white(tmp_path: Path) -> None:
    img = Image.new("RGBA", (400, 400), (0, 0, 255, 255))
    img.paste((0, 0, 0, 0), (0, 0, 200, 400))  # left half fully transparent (black RGB)
    src = tmp_path / "logo.png"
    img.save(src)
    dest = tmp_path / "logo.pdf"
    assert image_to_pdf(src, dest, LETTER).pages == 1
    check_clean(dest)
    assert "smask" not in tool("pdfimages", "-list", str(dest))  # no transparency left
    page = render(dest)
    left, top, right, bottom = ink_box(page)  # only the blue half has ink
    middle = (top + bottom) // 2
    assert page.getpixel((left + 5, middle)) == (0, 0, 255)
    assert page.getpixel((left - 20, middle)) == (255, 255, 255)  # was transparent: white
    assert (right - left) < (bottom - top) * 0.6  # half of a square image


@pytest.mark.slow
def test_multipage_tiff_gives_one_page_per_frame(tmp_path: Path) -> None:
    colours = [(255, 0, 0), (0, 160, 0), (0, 0, 255)]
    frames = [Image.new("RGB", (300, 400), c) for c in colours]
    src = tmp_path / "fax.tif"
    frames[0].save(src, save_all=True, append_images=frames[1:], compression="tiff_lzw")
    dest = tmp_path / "fax.pdf"
    assert image_to_pdf(src, dest, LETTER).pages == 3
    assert len(check_clean(dest).pages) == 3
    for n, colour in enumerate(colours, start=1):
        page = render(dest, n)
        left, top, right, bottom = assert_margins(dest, n)
        assert page.getpixel(((left + right) // 2, (top + bottom) // 2)) == colour


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["cmyk-jpeg", "palette-png", "grey16-png", "la-png",
                                  "rgba-tiff", "flipped-exif-jpeg"])
def test_unusual_image_modes(tmp_path: Path, kind: str) -> None:
    base = Image.new("RGB", (300, 200), (250, 200, 0))
    src = tmp_path / "image"
    if kind == "cmyk-jpeg":
        base.convert("CMYK").save(src, format="JPEG")
    elif kind == "palette-png":
        base.convert("P").save(src, format="PNG", transparency=0)
    elif kind == "grey16-png":
        grey = Image.new("I;16", (300, 200))
        grey.putdata([(x % 300) * 200 for x in range(300 * 200)])
        grey.save(src, format="PNG")
    elif kind == "la-png":
        Image.new("LA", (300, 200), (90, 255)).save(src, format="PNG")
    elif kind == "rgba-tiff":
        base.convert("RGBA").save(src, format="TIFF")
    else:
        exif = base.getexif()
        exif[0x0112] = 2  # mirrored: img2pdf refuses it, Pillow straightens it
        base.save(src, format="JPEG", exif=exif)
    dest = tmp_path / "out.pdf"
    assert image_to_pdf(src, dest, LETTER).pages == 1
    check_clean(dest)
    assert "smask" not in tool("pdfimages", "-list", str(dest))
    left, top, right, bottom = assert_margins(dest)
    assert (right - left) > (bottom - top)  # a landscape image stays landscape


def test_image_output_is_reproducible(tmp_path: Path) -> None:
    img = Image.new("RGBA", (240, 160), (10, 20, 30, 128))
    src = tmp_path / "x.png"
    img.save(src)
    image_to_pdf(src, tmp_path / "a.pdf", LETTER)
    image_to_pdf(src, tmp_path / "b.pdf", LETTER)
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    meta = PdfReader(tmp_path / "a.pdf").metadata
    assert meta is not None and meta["/Producer"].startswith("accesspack ")


def test_broken_image_is_an_attachment_error(tmp_path: Path) -> None:
    src = tmp_path / "broken.png"
    src.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 50)
    with pytest.raises(AttachmentError, match=r"broken\.png cannot be read as an image"):
        image_to_pdf(src, tmp_path / "out.pdf", LETTER)
    assert not (tmp_path / "out.pdf").exists()


# -- pdf_copy ---------------------------------------------------------------------------


@pytest.mark.slow
def test_pdf_copy_is_clean_and_reproducible(tmp_path: Path) -> None:
    src = make_pdf(tmp_path / "cv.pdf", 3, "CV")
    writer = PdfWriter(clone_from=src)
    writer.add_metadata({"/CreationDate": "D:20240101000000Z"})
    writer.generate_file_identifiers()
    writer.add_outline_item(title="Their bookmark", page_number=0)
    writer.write(src)
    assert pdf_copy(src, tmp_path / "a.pdf", "attachment cv").pages == 3
    assert pdf_copy(src, tmp_path / "b.pdf", "attachment cv").pages == 3
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    reader = check_clean(tmp_path / "a.pdf")
    assert reader.outline == []
    assert "CV page 3" in tool("pdftotext", str(tmp_path / "a.pdf"), "-")


@pytest.mark.slow
def test_encrypted_pdf_is_refused_without_its_password_and_decrypted_with_it(
        tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=make_pdf(tmp_path / "plain.pdf", 1, "X"))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    src = tmp_path / "locked.pdf"
    writer.write(src)
    assert re.search(r"^Encrypted:\s+yes", tool("pdfinfo", "-upw", "secret", str(src)), re.M)
    with pytest.raises(AttachmentError) as info:
        pdf_copy(src, tmp_path / "out.pdf", "attachment 3 (consent_form)",
                 field="attachments[3]")
    assert "attachment 3 (consent_form)" in str(info.value)
    assert "attachments[3].password" in str(info.value)
    assert info.value.attachment == "attachment 3 (consent_form)"
    assert not (tmp_path / "out.pdf").exists()
    done = pdf_copy(src, tmp_path / "out.pdf", "attachment 3", password="secret")
    assert done.changes == ("removed password protection", HELVETICA_EMBEDDED)
    check_clean(tmp_path / "out.pdf")


@pytest.mark.slow
def test_owner_password_only_pdf_is_accepted_without_its_restrictions(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=make_pdf(tmp_path / "plain.pdf", 1, "X"))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128",
                   permissions_flag=0)
    src = tmp_path / "restricted.pdf"
    writer.write(src)
    done = pdf_copy(src, tmp_path / "out.pdf", "attachment 3")
    assert done.pages == 1 and len(done.changes) == 2
    assert done.changes[0].startswith("removed the owner password")
    assert done.changes[1] == HELVETICA_EMBEDDED
    check_clean(tmp_path / "out.pdf")


def test_unreadable_and_empty_pdfs_are_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7\n" + b"\x00\xff" * 300)
    with pytest.raises(AttachmentError, match="the NGS report"):
        pdf_copy(junk, tmp_path / "out.pdf", "the NGS report")
    empty = tmp_path / "empty.pdf"
    PdfWriter().write(empty)
    with pytest.raises(AttachmentError, match="the CV has no pages"):
        pdf_copy(empty, tmp_path / "out.pdf", "the CV")
    nothing = tmp_path / "nothing.pdf"
    nothing.write_bytes(b"")
    with pytest.raises(AttachmentError, match="the LOA is empty"):
        pdf_copy(nothing, tmp_path / "out.pdf", "the LOA")


# -- write_pdf and fonts ----------------------------------------------------------------


def test_write_pdf_drops_identifiers_and_reports_unwritable_folders(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=make_pdf(tmp_path / "in.pdf", 1, "W"))
    writer.generate_file_identifiers()
    write_pdf(writer, tmp_path / "out.pdf", title="Packet title")
    reader = PdfReader(tmp_path / "out.pdf")
    assert "/ID" not in reader.trailer
    assert reader.metadata is not None and reader.metadata.title == "Packet title"
    assert reader.pdf_header == "%PDF-1.7"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    with pytest.raises(OutputError, match="out.pdf"):
        write_pdf(writer, tmp_path / "no-such-folder" / "out.pdf")


@pytest.mark.slow
def test_find_font_returns_liberation_and_refuses_substitutes() -> None:
    path = find_font("Liberation Sans", "Regular")
    assert path.suffix == ".ttf" and "LiberationSans" in path.name
    assert "LiberationSans-Bold" in find_font("Liberation Sans", "Bold").name
    with pytest.raises(FontNotFoundError, match="'No Such Family Anywhere'.*substitutes"):
        find_font("No Such Family Anywhere")
    # the CJK face the collator draws with is one TrueType face of a .ttc collection
    assert find_font("WenQuanYi Micro Hei").name == "wqy-microhei.ttc"
    # Noto CJK has CFF outlines, which reportlab cannot embed: refused, not half-used
    with pytest.raises(FontNotFoundError, match="not a TrueType font"):
        find_font("Noto Sans CJK SC")


@pytest.mark.slow
def test_pdf_copy_flattens_forms_keeps_links_but_not_the_source_catalog(
        tmp_path: Path) -> None:
    src = tmp_path / "form.pdf"
    c = canvas.Canvas(str(src), invariant=1)
    c.drawString(72, 700, "FORM page 1")
    c.acroForm.textfield(name="initials", value="AB", x=72, y=600, width=120, height=20)
    c.showPage()
    c.drawString(72, 700, "FORM page 2")
    c.showPage()
    c.save()
    with pikepdf.Pdf.open(src, allow_overwriting_input=True) as pdf:
        tree = pikepdf.NameTree.new(pdf)
        tree["second"] = pikepdf.Array([pdf.pages[1].obj, pikepdf.Name.Fit])
        script = pikepdf.NameTree.new(pdf)
        script["hello"] = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)")
        pdf.Root.Names = pikepdf.Dictionary(Dests=tree.obj, JavaScript=script.obj)
        pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(2)")
        pdf.Root.PageMode = pikepdf.Name.UseOutlines
        with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
            xmp["dc:title"] = "Their title"
        pdf.docinfo["/Title"] = "Their title"
        pdf.docinfo["/CreationDate"] = "D:20240101000000Z"
        pdf.save(src, object_stream_mode=pikepdf.ObjectStreamMode.generate)  # xref stream
    done = pdf_copy(src, tmp_path / "a.pdf", "the form")
    assert done.pages == 2
    assert done.changes == ("removed JavaScript (2 scripts)", "flattened 1 form field",
                            HELVETICA_EMBEDDED)
    assert pdf_copy(src, tmp_path / "b.pdf", "the form").pages == 2
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    reader = check_clean(tmp_path / "a.pdf")
    assert reader.pdf_header == "%PDF-1.7"
    assert reader.get_fields() is None and "/AcroForm" not in reader.root_object
    assert "AB" in tool("pdftotext", str(tmp_path / "a.pdf"), "-")  # the value stays visible
    assert reader.get_destination_page_number(reader.named_destinations["second"]) == 1
    root = reader.root_object
    assert "/OpenAction" not in root and "/Metadata" not in root and "/PageMode" not in root
    assert "/JavaScript" not in root["/Names"]
    assert reader.metadata is not None and "/Title" not in reader.metadata
    assert reader.metadata["/Producer"].startswith("accesspack ")
    assert "JavaScript:      no" in tool("pdfinfo", str(tmp_path / "a.pdf"))


@pytest.mark.slow
def test_pdf_copy_compresses_bare_content_and_copies_the_rest_as_is(tmp_path: Path) -> None:
    src = tmp_path / "bare.pdf"
    c = canvas.Canvas(str(src), invariant=1, pageCompression=0)
    c.drawString(72, 700, "BARE page 1")
    c.showPage()
    c.save()
    dest = tmp_path / "out.pdf"
    pdf_copy(src, dest, "bare")
    check_clean(dest)
    with pikepdf.Pdf.open(dest) as pdf:
        assert pdf.pages[0].obj.Contents.Filter == "/FlateDecode"
    assert "BARE page 1" in tool("pdftotext", str(dest), "-")
    jpeg = tmp_path / "photo.pdf"  # image data is copied byte for byte, never re-encoded
    picture = tmp_path / "photo.jpg"
    Image.new("RGB", (64, 48), (10, 200, 30)).save(picture, quality=70)
    c = canvas.Canvas(str(jpeg), invariant=1)
    c.drawImage(str(picture), 72, 500, width=128, height=96)
    c.showPage()
    c.save()
    pdf_copy(jpeg, dest, "photo")
    with pikepdf.Pdf.open(jpeg) as before, pikepdf.Pdf.open(dest) as after:
        (old,) = before.pages[0].obj.Resources.XObject.values()
        (new,) = after.pages[0].obj.Resources.XObject.values()
        assert new.read_raw_bytes() == old.read_raw_bytes()


def test_fonts_not_embedded_is_read_once_per_version_of_a_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from accesspack.pdf import fonts

    src = make_pdf(tmp_path / "helvetica.pdf", 2, "H")  # reportlab's Helvetica: not embedded
    reads: list[Path] = []
    real = fonts._read_not_embedded

    def counting(path: Path, password: str | None, state: fonts.FontState) -> list[str]:
        reads.append(path)
        return real(path, password, state)

    monkeypatch.setattr(fonts, "_read_not_embedded", counting)
    assert fonts.fonts_not_embedded(src) == ["Helvetica"]
    assert fonts.fonts_not_embedded(src) == ["Helvetica"]
    assert len(reads) == 1
    embedded = tmp_path / "embedded.pdf"
    c = canvas.Canvas(str(embedded), invariant=1, initialFontName=fonts.register_font())
    c.setFont(fonts.register_font(), 12)
    c.drawString(72, 700, "embedded")
    c.showPage()
    c.save()
    os.replace(embedded, src)  # a new version of the same path
    os.utime(src, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    assert fonts.fonts_not_embedded(src) == []
    assert len(reads) == 2
    assert fonts.fonts_not_embedded(tmp_path / "missing.pdf") == []


def _word_boxes(pdf: Path, page: int) -> tuple[float, dict[str, tuple[float, float]]]:
    """poppler's view of ``page`` as displayed: its height, and each word's top and bottom
    (measured from the top edge)."""
    xml = tool("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-")
    height = float(re.findall(r'<page width="[\d.]+" height="([\d.]+)"', xml)[0])
    return height, {m[2]: (float(m[0]), float(m[1])) for m in re.findall(
        r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)<', xml)}


@pytest.mark.slow
def test_pages_with_content_in_the_footer_band_are_shrunk_to_clear_it(tmp_path: Path) -> None:
    src = tmp_path / "footer.pdf"
    c = canvas.Canvas(str(src), pagesize=LETTER, invariant=1)
    c.drawString(72, 700, "Topline")
    c.drawString(72, 20, "Footline")  # the upload's own footer, 20 pt from the bottom
    c.linkURL("https://example.org/", (72, 15, 200, 35))
    c.showPage()
    c.drawString(72, 700, "Clearpage")  # nothing in the band: left as it is
    c.showPage()
    c.drawString(72, 700, "Turned")
    c.saveState()  # shown with /Rotate 90, the media box's right side is the bottom
    c.translate(LETTER[0] - 20, 300)
    c.rotate(90)
    c.drawString(0, 0, "Sideline")
    c.restoreState()
    c.showPage()
    c.save()
    with pikepdf.open(src, allow_overwriting_input=True) as pdf:
        pdf.pages[2].Rotate = 90
        pdf.save(src)
    before = {n: _word_boxes(src, n) for n in (1, 2, 3)}
    dest = tmp_path / "copy.pdf"
    result = pdf_copy(src, dest, "attachment x (other)")
    assert result.changes == ("shrank pages 1, 3 to about 95 % so the packet footer does not "
                              "cover the bottom lines", HELVETICA_EMBEDDED)
    after = {n: _word_boxes(dest, n) for n in (1, 2, 3)}
    # poppler gives word boxes as displayed; its page height for the rotated page is the
    # media box's (792), while the page is shown 612 pt high
    for n, word, height in ((1, "Footline", 792.0), (3, "Sideline", 612.0)):
        assert before[n][1][word][1] > height - 43.2  # poppler: in the band before
        top, bottom = after[n][1][word]
        assert top > 0 and bottom < height - 43.2, (n, top, bottom)  # and clear after
    assert after[2] == before[2]  # an untouched page is the same
    assert after[3][1]["Turned"][0] < before[3][1]["Turned"][0]  # shrank towards its top
    with pikepdf.open(dest) as pdf:
        assert [float(v) for v in pdf.pages[0].mediabox] == [0, 0, *LETTER]
        (link,) = pdf.pages[0].Annots
        x0, y0, x1, _ = (float(v) for v in link.Rect)
        assert y0 > 43.2 - 1 and x1 - x0 < 128  # the link follows its shrunk text
    assert "Topline" in tool("pdftotext", str(dest), "-")


@pytest.mark.slow
def test_an_uploaded_accesspack_packet_is_shrunk_under_the_new_footer(tmp_path: Path) -> None:
    """An older accesspack packet (or any upload naming its forms /APStamp...) keeps its
    footer in the band: normalising it must shrink it, not take it for this build's."""
    from accesspack.pdf.collate import Document as Part
    from accesspack.pdf.collate import Section, collate
    from accesspack.pdf.content import footer_band_pages

    body = make_pdf(tmp_path / "body.pdf", 1, "Body")
    old = tmp_path / "old-packet.pdf"
    collate([Section("Part", (Part("Doc", body),))], old, case_id="OLDCASE7",
            packet_title="Old packet")
    with pikepdf.open(old) as pdf:
        assert any(str(k).startswith("/APStamp") for k in pdf.pages[-1].Resources.XObject)
        assert footer_band_pages(pdf) == []  # as this build's own packet: footer skipped
        assert footer_band_pages(pdf, skip_stamps=False) == [len(pdf.pages) - 1]
    page = len(PdfReader(str(old)).pages)
    height, words = _word_boxes(old, page)
    assert words["OLDCASE7"][1] > height - 43.2  # poppler: the old footer is in the band
    dest = tmp_path / "copy.pdf"
    result = pdf_copy(old, dest, "attachment 9 (other)")
    assert any(c.startswith("shrank page") for c in result.changes), result.changes
    height, words = _word_boxes(dest, page)
    top, bottom = words["OLDCASE7"]
    assert top > 0 and bottom < height - 43.2, (top, bottom)  # clear of the new footer
    with pikepdf.open(dest) as pdf:
        assert footer_band_pages(pdf, skip_stamps=False) == []


def _grey_page(path: Path, content: bytes, *, media: tuple[float, float] = LETTER,
               crop: tuple[float, float, float, float] | None = None) -> Path:
    """One page drawing a mid-grey image with ``content`` (``/Im0 Do`` under a cm)."""
    with pikepdf.new() as pdf:
        pdf.add_blank_page(page_size=media)
        image = pdf.make_stream(bytes([128]) * (20 * 26), Type=pikepdf.Name.XObject,
                                Subtype=pikepdf.Name.Image, Width=20, Height=26,
                                ColorSpace=pikepdf.Name.DeviceGray, BitsPerComponent=8)
        page = pdf.pages[0].obj
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
        page.Contents = pdf.make_stream(content)
        if crop is not None:
            page.CropBox = pikepdf.Array(crop)
        pdf.save(path)
    return path


def _band_ink(pdf: Path) -> tuple[int, int]:
    """poppler's rendering of the visible page (crop box) at 1 px per point: the darkest
    grey in the footer band and in the middle of the page (255 is white)."""
    out = subprocess.run(["pdftoppm", "-r", str(DPI), "-cropbox", "-gray", "-png", str(pdf)],
                         check=True, capture_output=True).stdout
    img = Image.open(io.BytesIO(out)).convert("L")
    band = img.crop((0, img.height - 43, img.width, img.height))
    middle = img.crop((0, img.height // 3, img.width, 2 * img.height // 3))
    return band.getextrema()[0], middle.getextrema()[0]


@pytest.mark.parametrize(("content", "media", "crop"), [
    (b"q 612 0 0 832 0 -20 cm /Im0 Do Q", LETTER, None),  # a scan bleeding past the edges
    (b"q 612 0 0 822 0 20 cm /Im0 Do Q", (612.0, 842.0), (0, 50, 612, 842)),  # under a crop
], ids=["bleed", "crop"])
@pytest.mark.slow
def test_content_past_the_visible_page_does_not_reach_the_band_once_shrunk(
        tmp_path: Path, content: bytes, media: tuple[float, float],
        crop: tuple[float, float, float, float] | None) -> None:
    from accesspack.pdf.content import footer_band_pages
    from accesspack.pdf.preflight import preflight

    src = _grey_page(tmp_path / "scan.pdf", content, media=media, crop=crop)
    band, middle = _band_ink(src)
    assert band < 200 and middle < 200  # poppler: the upload is grey in the band
    dest = tmp_path / "copy.pdf"
    result = pdf_copy(src, dest, "attachment 3 (other)")
    assert result.changes == ("shrank page 1 to about 95 % so the packet footer does not "
                              "cover the bottom lines",)
    band, middle = _band_ink(dest)
    assert band == 255 and middle < 200  # nothing left in the band; the scan still shows
    with pikepdf.open(dest) as pdf:
        assert footer_band_pages(pdf, skip_stamps=False) == []
    assert preflight(dest).check("footer_margin").status == "pass"


def _link_pdf(path: Path, action: pikepdf.Dictionary | None) -> Path:
    """A 2-page PDF with a plain link to page 2 and, when given, a link running ``action``
    (built with the page objects of the file: a callable gets the pdf)."""
    make_pdf(path, 2, "L")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        second = pdf.pages[1].obj
        links = [pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
                                    Rect=[72, 600, 200, 620],
                                    Dest=pikepdf.Array([second, pikepdf.Name.Fit]))]
        if action is not None:
            links.append(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
                                            Rect=[72, 500, 200, 520], A=action))
        pdf.pages[0].obj.Annots = pikepdf.Array([pdf.make_indirect(a) for a in links])
        pdf.save(path)
    return path


def _goto(then: pikepdf.Dictionary) -> pikepdf.Dictionary:
    return pikepdf.Dictionary(S=pikepdf.Name.GoTo, D=pikepdf.Array([0, pikepdf.Name.Fit]),
                              Next=then)


_LAUNCH = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe"))


@pytest.mark.parametrize(("action", "scripts"), [
    (_goto(_LAUNCH), 0),
    (_goto(pikepdf.Array([_LAUNCH])), 0),
    (pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("javascript:app.alert(1)")), 1),
    (pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String(" Java\tScript:alert(1)")), 1),
    (pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("file:///etc/passwd")), 0),
    (_goto(pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://x.org/"))), 0),
], ids=["goto-next-launch", "goto-next-array", "javascript-uri", "javascript-uri-spaced",
        "file-uri", "two-actions"])
def test_links_that_do_more_than_open_a_page_or_web_address_are_removed(
        tmp_path: Path, action: pikepdf.Dictionary, scripts: int) -> None:
    from accesspack.pdf.preflight import preflight

    src = _link_pdf(tmp_path / "links.pdf", action)
    dest = tmp_path / "copy.pdf"
    result = pdf_copy(src, dest, "attachment 2 (other)")
    notes = (f"removed JavaScript ({scripts} script)",) if scripts else ()
    assert result.changes == (*notes, "removed 1 annotation (Link)", HELVETICA_EMBEDDED)
    kept = PdfReader(str(dest)).pages[0]["/Annots"]  # pypdf: only the plain link is left
    assert len(kept) == 1 and "/Dest" in kept[0].get_object()
    report = preflight(dest)
    assert report.check("links").status == report.check("javascript").status == "pass"
    clean = _link_pdf(tmp_path / "clean.pdf", None)  # the same file without it is left be
    assert pdf_copy(clean, tmp_path / "clean-copy.pdf", "attachment 2 (other)").changes == (
        HELVETICA_EMBEDDED,)


@pytest.mark.slow
def test_fonts_not_embedded_in_encrypted_pdfs_are_found_with_their_password(
        tmp_path: Path) -> None:
    from accesspack.pdf.fonts import fonts_not_embedded

    plain = make_pdf(tmp_path / "plain.pdf", 1, "H")  # reportlab's Helvetica: not embedded
    owner_only, locked = tmp_path / "owner-only.pdf", tmp_path / "locked.pdf"
    with pikepdf.open(plain) as pdf:
        pdf.save(owner_only, encryption=pikepdf.Encryption(
            owner="o", user="", allow=pikepdf.Permissions(extract=False)))
        pdf.save(locked, encryption=pikepdf.Encryption(owner="o", user="u"))
    for path, password in ((owner_only, None), (locked, "u")):
        upw = ["-upw", password] if password else []
        listed = tool("pdffonts", *upw, str(path))  # poppler: Helvetica, not embedded
        assert re.search(r"Helvetica\s+Type 1\s+\S+\s+no\s", listed), listed
        assert fonts_not_embedded(path, password) == ["Helvetica"]
    assert fonts_not_embedded(locked) == []  # it needs its password: not read
    assert fonts_not_embedded(locked, "wrong") == []
    assert fonts_not_embedded(locked, "u") == ["Helvetica"]  # cached apart from the above
