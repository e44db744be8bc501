"""Packets: order, TOC, links, bookmarks, footers, DRAFT, fonts, reproducibility.

Checked with poppler (pdftotext, pdffonts, pdftoppm), qpdf and pypdf reading back.
"""

from __future__ import annotations

import io
import math
import re
import shutil
import subprocess
import time
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, Destination, RectangleObject
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.pdfgen import canvas

from accesspack.errors import AttachmentError
from accesspack.pdf.collate import Document, PageRange, Section, collate
from accesspack.pdf.fonts import FontNotFoundError, register_font

CASE = "CASE-0042"
TITLE = "FDA Form 3926 individual patient request"
SEP = "\u00b7"


def tool(*cmd: str) -> str:
    assert shutil.which(cmd[0]), f"{cmd[0]} is not installed"
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def page_text(pdf: Path, page: int) -> str:
    return tool("pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-")


def render(pdf: Path, page: int) -> Image.Image:
    out = subprocess.run(["pdftoppm", "-r", "72", "-f", str(page), "-l", str(page), "-gray",
                          "-png", str(pdf)], check=True, capture_output=True).stdout
    return Image.open(io.BytesIO(out)).convert("L")


def make_pdf(path: Path, sizes: list[tuple[float, float]], marker: str, *,
             rotate: int = 0, origin: tuple[float, float] = (0, 0)) -> Path:
    """Pages with ``marker pN`` near the top, in embedded Liberation Sans."""
    font = register_font()
    c = canvas.Canvas(str(path), invariant=1, initialFontName=font)
    for n, size in enumerate(sizes, start=1):
        c.setPageSize(size)
        c.setFont(font, 12)
        c.drawString(90, size[1] - 110, f"{marker} p{n}")
        c.showPage()
    c.save()
    if rotate or origin != (0, 0):
        writer = PdfWriter(clone_from=path)
        for page in writer.pages:
            if rotate:
                page.rotate(rotate)
            if origin != (0, 0):  # shift every box: same page, user space not at (0, 0)
                dx, dy = origin
                page.add_transformation((1, 0, 0, 1, dx, dy))
                w, h = float(page.mediabox.width), float(page.mediabox.height)
                page.mediabox = RectangleObject((dx, dy, dx + w, dy + h))
                page.cropbox = RectangleObject((dx, dy, dx + w, dy + h))
        writer.write(path)
    return path


@pytest.fixture
def sections(tmp_path: Path) -> list[Section]:
    cover = make_pdf(tmp_path / "cover.pdf", [LETTER, LETTER], "COVER")
    a4 = make_pdf(tmp_path / "a4.pdf", [A4], "ATTACH-A4")
    wide = make_pdf(tmp_path / "wide.pdf", [landscape(LETTER)] * 2, "ATTACH-WIDE")
    turned = make_pdf(tmp_path / "turned.pdf", [LETTER], "ATTACH-TURNED", rotate=90)
    shifted = make_pdf(tmp_path / "shifted.pdf", [LETTER], "FORM-SHIFTED",
                       origin=(200, -300))
    return [
        Section("Cover letter", (Document("Cover letter", cover),)),
        Section("Contents", is_toc=True),
        Section("Nothing uploaded"),  # skipped: no documents
        Section("Supporting documents", (
            Document("Pathology (A4)", a4),
            Document("Imaging (landscape)", wide),
            Document("Lab report (rotated)", turned),
        )),
        Section("Form FDA 3926", (Document("Form", shifted),)),
    ]


EXPECTED = [
    PageRange("Cover letter", 1, 2, (PageRange("Cover letter", 1, 2),)),
    PageRange("Contents", 3, 3),
    PageRange("Supporting documents", 4, 7, (
        PageRange("Pathology (A4)", 4, 4),
        PageRange("Imaging (landscape)", 5, 6),
        PageRange("Lab report (rotated)", 7, 7),
    )),
    PageRange("Form FDA 3926", 8, 8, (PageRange("Form", 8, 8),)),
]
MARKERS = {1: "COVER p1", 2: "COVER p2", 4: "ATTACH-A4 p1", 5: "ATTACH-WIDE p1",
           6: "ATTACH-WIDE p2", 7: "ATTACH-TURNED p1", 8: "FORM-SHIFTED p1"}


@pytest.fixture
def packet(tmp_path: Path, sections: list[Section]) -> Path:
    dest = tmp_path / "packet.pdf"
    assert collate(sections, dest, case_id=CASE, packet_title=TITLE) == EXPECTED
    return dest


def outline(reader: PdfReader) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """[(title, page index, [(child title, page index)])] read back with pypdf."""
    items: list[tuple[str, int, list[tuple[str, int]]]] = []
    for item in reader.outline:
        if isinstance(item, list):
            children = [(c.title, reader.get_destination_page_number(c)) for c in item
                        if isinstance(c, Destination)]
            items[-1] = (items[-1][0], items[-1][1], children)
        else:
            items.append((item.title, reader.get_destination_page_number(item), []))
    return items


@pytest.mark.slow
def test_pages_are_in_section_order_with_a_footer_on_each(packet: Path) -> None:
    reader = PdfReader(packet)
    assert len(reader.pages) == 8
    for n in range(1, 9):
        text = page_text(packet, n)
        assert f"{CASE} {SEP} {TITLE} {SEP} Page {n} of 8" in text
        if n in MARKERS:
            assert MARKERS[n] in text
    assert "DRAFT" not in tool("pdftotext", str(packet), "-")


@pytest.mark.slow
def test_packet_is_valid_unencrypted_with_embedded_fonts(packet: Path) -> None:
    assert "No syntax or stream encoding errors" in tool("qpdf", "--check", str(packet))
    info = tool("pdfinfo", str(packet))
    assert re.search(r"^Encrypted:\s+no", info, re.M)
    assert re.search(rf"^Title:\s+{re.escape(TITLE)}$", info, re.M)
    fonts = tool("pdffonts", str(packet)).splitlines()[2:]
    assert fonts
    for line in fonts:
        assert line.split()[-5] == "yes", line  # the emb column
    reader = PdfReader(packet)
    assert reader.root_object["/PageMode"] == "/UseOutlines"
    assert reader.metadata is not None
    assert reader.metadata["/Producer"].startswith("accesspack ")


@pytest.mark.slow
def test_bookmarks_one_per_section_children_for_several_documents(packet: Path) -> None:
    assert outline(PdfReader(packet)) == [
        ("Cover letter", 0, []),
        ("Contents", 2, []),
        ("Supporting documents", 3, [("Pathology (A4)", 3), ("Imaging (landscape)", 4),
                                     ("Lab report (rotated)", 6)]),
        ("Form FDA 3926", 7, []),
    ]


@pytest.mark.slow
def test_toc_lists_sections_and_links_resolve(packet: Path) -> None:
    text = page_text(packet, 3)
    assert "Table of contents" in text
    lines = [re.sub(r"\s+", " ", line).strip() for line in
             tool("pdftotext", "-layout", "-f", "3", "-l", "3", str(packet), "-").splitlines()]
    for entry in ("Cover letter 1", "Supporting documents 4", "Pathology (A4) 4",
                  "Imaging (landscape) 5", "Lab report (rotated) 7", "Form FDA 3926 8"):
        assert entry in lines
    assert "Nothing uploaded" not in text

    reader = PdfReader(packet)
    annots = [a.get_object() for a in reader.pages[2].get("/Annots", [])]
    assert [a["/Subtype"] for a in annots] == ["/Link"] * 6
    targets = []
    for annot in annots:
        dest = annot["/Dest"]
        assert isinstance(dest, ArrayObject)
        targets.append(reader.get_page_number(dest[0].get_object()))
    assert targets == [0, 3, 3, 4, 6, 7]
    # each link's rectangle covers the line that names its target (top to bottom)
    tops = [float(a["/Rect"][3]) for a in annots]
    assert tops == sorted(tops, reverse=True)
    for annot, target in zip(annots, targets, strict=True):
        x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
        crop = tool("pdftotext", "-f", "3", "-l", "3", "-x", str(int(x0)),
                    "-y", str(int(792 - y1)), "-W", str(int(x1 - x0)), "-H", str(int(y1 - y0)),
                    str(packet), "-")
        assert crop.split()[-1] == str(target + 1)  # the page number printed on the line


@pytest.mark.slow
def test_footer_sits_centred_at_the_visual_bottom_of_every_page(packet: Path) -> None:
    reader = PdfReader(packet)
    for n in range(1, 9):
        img = render(packet, n)
        page = reader.pages[n - 1]
        size = (float(page.cropbox.width), float(page.cropbox.height))
        if page.rotation % 180:
            size = size[::-1]
        assert abs(img.width - size[0]) <= 1 and abs(img.height - size[1]) <= 1
        ink = img.point(lambda v: 255 if v < 200 else 0)
        band = ink.crop((0, img.height - 72, img.width, img.height))  # the bottom inch
        box = band.getbbox()
        assert box is not None, f"no footer on page {n}"
        left, top, right, bottom = box
        assert 72 - bottom >= 0.375 * 72 - 0.5, f"footer too low on page {n}"
        assert 72 - top <= 0.6 * 72 + 1, f"footer too high on page {n}"
        assert abs((left + right) / 2 - img.width / 2) <= 2, f"footer off-centre on page {n}"
        assert left >= 36 and img.width - right >= 36


@pytest.mark.slow
def test_output_is_byte_identical_when_run_twice(tmp_path: Path,
                                                 sections: list[Section]) -> None:
    ids = {}
    for draft in (False, True):
        one, two = tmp_path / f"one-{draft}.pdf", tmp_path / f"two-{draft}.pdf"
        collate(sections, one, case_id=CASE, packet_title=TITLE, draft=draft)
        collate(sections, two, case_id=CASE, packet_title=TITLE, draft=draft)
        assert one.read_bytes() == two.read_bytes()
        first, second = PdfReader(one).trailer["/ID"]
        assert first == second  # derived from the content alone, none carried over
        ids[draft] = first
    assert ids[False] != ids[True]  # a different packet has a different file identifier


@pytest.mark.slow
def test_draft_marks_every_page(tmp_path: Path, sections: list[Section], packet: Path) -> None:
    draft = tmp_path / "draft.pdf"
    collate(sections, draft, case_id=CASE, packet_title=TITLE, draft=True)
    for n in range(1, 9):
        assert f"DRAFT {SEP} {CASE} {SEP} {TITLE} {SEP} Page {n} of 8" in page_text(draft, n)
        # the watermark: many light-grey pixels in the page centre that the final lacks
        marked, clean = render(draft, n), render(packet, n)
        w, h = marked.size
        centre = (w // 4, h // 4, 3 * w // 4, 3 * h // 4)

        def grey(img: Image.Image, box: tuple[int, int, int, int] = centre) -> int:
            hist = img.crop(box).histogram()
            return sum(hist[150:245])

        assert grey(marked) > 2000 + grey(clean), f"no watermark on page {n}"
    assert "No syntax or stream encoding errors" in tool("qpdf", "--check", str(draft))
    fonts = tool("pdffonts", str(draft)).splitlines()[2:]
    assert all(line.split()[-5] == "yes" for line in fonts)


@pytest.mark.slow
def test_long_titles_are_shortened_to_fit(tmp_path: Path) -> None:
    doc = make_pdf(tmp_path / "small.pdf", [(300.0, 400.0)], "SMALL")
    title = "A very long packet title " * 8
    dest = tmp_path / "long.pdf"
    collate([Section("Contents", is_toc=True), Section("X " * 80, (Document("d", doc),))],
            dest, case_id=CASE, packet_title=title)
    text = page_text(dest, 2)
    assert f"{CASE} {SEP} A very long" in text and "\u2026" in text and "Page 2 of 2" in text
    img = render(dest, 2)
    box = img.point(lambda v: 255 if v < 200 else 0).crop(
        (0, img.height - 72, img.width, img.height)).getbbox()
    assert box is not None and box[0] >= 36 and img.width - box[2] >= 36
    toc = page_text(dest, 1)
    assert "\u2026" in toc  # the TOC line was shortened, not wrapped


@pytest.mark.slow
def test_toc_spanning_pages_counts_itself(tmp_path: Path) -> None:
    docs = [make_pdf(tmp_path / f"d{n}.pdf", [LETTER], f"DOC-{n:02d}") for n in range(70)]
    sections = [Section("Contents", is_toc=True)] + [
        Section(f"Section {n:02d}", (Document(f"Doc {n:02d}", d),)) for n, d in enumerate(docs)]
    dest = tmp_path / "many.pdf"
    ranges = collate(sections, dest, case_id=CASE, packet_title=TITLE)
    toc = ranges[0]
    assert toc.first == 1 and toc.last >= 2  # 70 lines need more than one TOC page
    total = toc.last + 70
    assert ranges[-1].last == total
    reader = PdfReader(dest)
    assert len(reader.pages) == total
    links = []
    for index in range(toc.last):
        for annot in reader.pages[index].get("/Annots", []):
            links.append(reader.get_page_number(annot.get_object()["/Dest"][0].get_object()))
    assert links == list(range(toc.last, total))
    for n in (0, 69):  # first and last document: link target shows the right marker
        assert f"DOC-{n:02d} p1" in page_text(dest, links[n] + 1)
    assert f"Page {total} of {total}" in page_text(dest, total)


@pytest.mark.slow
def test_pages_sharing_an_uncompressed_stream_survive(tmp_path: Path) -> None:
    font = register_font()
    single = tmp_path / "single.pdf"
    c = canvas.Canvas(str(single), invariant=1, pageCompression=0, initialFontName=font)
    c.setFont(font, 12)
    c.drawString(72, 700, "SHARED-CONTENT")
    c.showPage()
    c.save()
    reader = PdfReader(single)
    twice = PdfWriter()
    twice.add_page(reader.pages[0])
    twice.add_page(reader.pages[0])
    twice.write(tmp_path / "twice.pdf")
    shared = PdfReader(tmp_path / "twice.pdf")
    assert (shared.pages[0].raw_get("/Contents").idnum
            == shared.pages[1].raw_get("/Contents").idnum)
    dest = tmp_path / "packet.pdf"
    collate([Section("Twice", (Document("t", tmp_path / "twice.pdf"),))], dest,
            case_id=CASE, packet_title=TITLE)
    tool("qpdf", "--check", str(dest))  # exit status 3 (warnings) fails the test
    for n in (1, 2):
        assert "SHARED-CONTENT" in page_text(dest, n) and f"Page {n} of 2" in page_text(dest, n)
    for page in PdfReader(dest).pages:
        for ref in page["/Contents"]:
            assert "/Filter" in ref.get_object()  # every content stream is compressed


@pytest.mark.slow
def test_text_outside_the_fonts_is_refused_not_drawn_as_boxes(tmp_path: Path) -> None:
    doc = make_pdf(tmp_path / "d.pdf", [LETTER], "D")
    accented = "Demande d\u2019accès – José Müller-Łukasiewicz, Ωmega, Привет"
    dest = tmp_path / "ok.pdf"
    collate([Section("Contents", is_toc=True), Section(accented, (Document("d", doc),))],
            dest, case_id=CASE, packet_title=accented)
    assert accented in page_text(dest, 2) and accented in page_text(dest, 1)
    # Chinese in an English packet: drawn in the embedded CJK TrueType fallback, not boxes
    mixed = tmp_path / "mixed.pdf"
    zh_section = Section("病理报告 (pathology)", (Document("d", doc),))
    collate([Section("Contents", is_toc=True), zh_section],
            mixed, case_id=CASE, packet_title="同情用药申请 — compassionate use")
    assert "病理报告 (pathology)" in page_text(mixed, 1)
    assert "同情用药申请 — compassionate use" in page_text(mixed, 2)
    fonts = tool("pdffonts", str(mixed))
    assert "WenQuanYiMicroHei" in fonts and "LiberationSans" in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # emb column
    # a script neither font draws (Devanagari) is refused, naming the text, writing nothing
    with pytest.raises(FontNotFoundError, match=r"packet title .*U\+0928"):
        collate([Section("s", (Document("d", doc),))], tmp_path / "x.pdf",
                case_id=CASE, packet_title="नमस्ते")
    with pytest.raises(FontNotFoundError, match="table-of-contents entry 2"):
        collate([Section("Contents", is_toc=True), Section("ok", (Document("d", doc),)),
                 Section("रिपोर्ट", (Document("d", doc),))], tmp_path / "x.pdf",
                case_id=CASE, packet_title=TITLE)
    assert not (tmp_path / "x.pdf").exists()


def test_invalid_sections(tmp_path: Path) -> None:
    doc = make_pdf(tmp_path / "d.pdf", [LETTER], "D")
    with pytest.raises(ValueError, match="at most one"):
        collate([Section("a", is_toc=True), Section("b", is_toc=True)], tmp_path / "x.pdf",
                case_id=CASE, packet_title=TITLE)
    with pytest.raises(ValueError, match="nothing to collate"):
        collate([Section("empty")], tmp_path / "x.pdf", case_id=CASE, packet_title=TITLE)
    locked = PdfWriter(clone_from=doc)
    locked.encrypt(user_password="pw", algorithm="RC4-128")
    locked.write(tmp_path / "locked.pdf")
    with pytest.raises(AttachmentError, match=r"locked\.pdf"):
        collate([Section("s", (Document("t", tmp_path / "locked.pdf"),))], tmp_path / "x.pdf",
                case_id=CASE, packet_title=TITLE)
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.slow
def test_600_pages_scale_linearly(tmp_path: Path) -> None:
    font = register_font()
    docs = []
    for n in range(30):
        path = tmp_path / f"big{n}.pdf"
        c = canvas.Canvas(str(path), invariant=1, initialFontName=font)
        for p in range(20):
            c.setFont(font, 10)
            for line in range(40):
                c.drawString(72, 720 - 14 * line, f"document {n} page {p} line {line}")
            c.showPage()
        c.save()
        docs.append(path)
    sections = [Section("Contents", is_toc=True)] + [
        Section(f"Part {n}", (Document(f"A{n}", docs[n]), Document(f"B{n}", docs[n])))
        for n in range(15)]
    start = time.perf_counter()
    ranges = collate(sections, tmp_path / "big.pdf", case_id=CASE, packet_title=TITLE)
    elapsed = time.perf_counter() - start
    total = ranges[0].last + 600  # the TOC (45 lines: two pages) and 600 document pages
    assert ranges[-1].last == total
    assert elapsed < 20, f"collating {total} pages took {elapsed:.1f} s"
    assert f"Page {total} of {total}" in page_text(tmp_path / "big.pdf", total)


@pytest.mark.slow
def test_labels_follow_the_packet_language(tmp_path: Path, sections: list[Section]) -> None:
    from accesspack.languages import labels_for

    dest = tmp_path / "fr.pdf"
    ranges = collate(sections, dest, case_id="CAS-7", packet_title="Dossier", draft=True,
                     toc_page_size=A4, labels=labels_for("fr"))
    total = ranges[-1].last
    toc = next(r for s, r in zip([s for s in sections if s.is_toc or s.documents], ranges,
                                 strict=True) if s.is_toc)
    assert "Sommaire" in page_text(dest, toc.first)
    last = page_text(dest, total)
    assert f"Page {total} sur {total}" in last
    assert "BROUILLON" in last
    assert "Page 1 of" not in page_text(dest, 1)


# -- the pikepdf collator: stamps as reusable pieces, links, forms, many files --------


@pytest.mark.slow
def test_footer_reads_in_order_in_pdftotext_layout(tmp_path: Path) -> None:
    from accesspack.languages import labels_for

    docs = [make_pdf(tmp_path / f"d{n}.pdf", [LETTER] * 6, f"D{n}") for n in range(2)]
    sections = [Section("Contents", is_toc=True),
                Section("Parts", (Document("a", docs[0]), Document("b", docs[1])))]
    for language, title, label in (
            ("en", TITLE, "Page {n} of {total}"),
            ("zh", "同情用药申请", "第 {n} 页，共 {total} 页")):
        dest = tmp_path / f"{language}.pdf"
        ranges = collate(sections, dest, case_id=CASE, packet_title=title, draft=True,
                         labels=labels_for(language))
        total = ranges[-1].last
        draft = labels_for(language).draft
        for n in (1, 9, 10, total):
            text = tool("pdftotext", "-layout", "-f", str(n), "-l", str(n), str(dest), "-")
            footer = re.sub(r"\s+", " ", text.strip().splitlines()[-1]).strip()
            assert footer == (f"{draft} {SEP} {CASE} {SEP} {title} {SEP} "
                              + label.format(n=n, total=total))


@pytest.mark.slow
def test_stamp_pieces_are_drawn_once_and_page_content_is_not_reencoded(tmp_path: Path) -> None:
    doc = make_pdf(tmp_path / "d.pdf", [LETTER] * 40, "D")
    dest = tmp_path / "packet.pdf"
    collate([Section("s", (Document("d", doc),))], dest, case_id=CASE, packet_title=TITLE)
    with pikepdf.Pdf.open(doc) as src, pikepdf.Pdf.open(dest) as out:
        forms = [o for o in out.objects
                 if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Form"]
        assert 3 <= len(forms) <= 13  # footer start, end, digits: not one per page
        for original, page in zip(src.pages, out.pages, strict=True):
            contents = page.obj.Contents
            assert isinstance(contents, pikepdf.Array) and len(contents) == 3
            # q, the untouched original bytes, the stamp
            assert contents[1].read_raw_bytes() == original.obj.Contents.read_raw_bytes()
            assert contents[0].read_bytes() == b"q\n"
            assert contents[2].read_bytes().startswith(b"\nQ\nq ")


@pytest.mark.slow
def test_stamp_names_avoid_the_page_own_xobjects(tmp_path: Path) -> None:
    """A page that already uses /APStamp0 keeps it; shared resources stay shared."""
    src = make_pdf(tmp_path / "src.pdf", [LETTER, LETTER], "OWN")
    with pikepdf.Pdf.open(src) as pdf:
        logo = pikepdf.Pdf.new()
        logo.add_blank_page(page_size=(50, 50))
        logo.pages[0].contents_add(logo.make_stream(b"0 0 1 rg 0 0 50 50 re f"))
        form = pdf.copy_foreign(logo.pages[0].as_form_xobject())
        shared = pdf.make_indirect(pikepdf.Dictionary(
            Font=pdf.pages[0].obj.Resources.Font, XObject=pikepdf.Dictionary(APStamp0=form)))
        for page in pdf.pages:
            page.obj.Resources = shared
            page.contents_add(pdf.make_stream(b"q 1 0 0 1 400 600 cm /APStamp0 Do Q"))
        pdf.save(tmp_path / "own.pdf")
    dest = tmp_path / "packet.pdf"
    collate([Section("s", (Document("d", tmp_path / "own.pdf"),))], dest, case_id=CASE,
            packet_title=TITLE)
    tool("qpdf", "--check", str(dest))
    for n in (1, 2):
        assert "OWN p" in page_text(dest, n) and f"Page {n} of 2" in page_text(dest, n)
        img = render(dest, n)
        assert img.getpixel((425, 792 - 625)) < 100  # the page's own blue square is there
    with pikepdf.Pdf.open(dest) as out:
        first, second = (p.obj.Resources for p in out.pages)
        assert first.objgen == second.objgen != (0, 0)  # one stamped copy for both pages
        assert b"re f" in first.XObject.APStamp0.read_bytes()  # still the page's own form
        stamp = out.pages[0].obj.Contents[-1].read_bytes()
        assert b"/APStamp0 " not in stamp and b"/APStamp1_0 Do" in stamp


@pytest.mark.slow
def test_links_named_destinations_and_form_fields_survive(tmp_path: Path) -> None:
    src = tmp_path / "form.pdf"
    c = canvas.Canvas(str(src), invariant=1)
    c.drawString(72, 700, "FORM p1")
    c.acroForm.textfield(name="patient_initials", value="AB", x=72, y=600, width=120,
                         height=20)
    c.showPage()
    for n in (2, 3):
        c.drawString(72, 700, f"FORM p{n}")
        c.showPage()
    c.save()
    with pikepdf.Pdf.open(src) as pdf:
        pages = [p.obj for p in pdf.pages]
        link = pdf.make_indirect(pikepdf.Dictionary(  # page 1 -> page 3 (a later page)
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[72, 650, 300, 670],
            Dest=pikepdf.Array([pages[2], pikepdf.Name.Fit])))
        pages[0].Annots.append(link)
        named = pdf.make_indirect(pikepdf.Dictionary(  # page 3 -> "start" (page 1)
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[72, 650, 300, 670],
            Dest=pikepdf.String("start")))
        pages[2].Annots = pikepdf.Array([named])
        tree = pikepdf.NameTree.new(pdf)
        tree["start"] = pikepdf.Array([pages[0], pikepdf.Name.Fit])
        pdf.Root.Names = pikepdf.Dictionary(Dests=tree.obj)
        pdf.save(tmp_path / "linked.pdf")
    plain = make_pdf(tmp_path / "plain.pdf", [LETTER], "PLAIN")
    dest = tmp_path / "packet.pdf"
    collate([Section("Plain", (Document("p", plain),)),
             Section("Form", (Document("f", tmp_path / "linked.pdf"),))], dest,
            case_id=CASE, packet_title=TITLE)
    tool("qpdf", "--check", str(dest))
    reader = PdfReader(dest)
    fields = reader.get_fields()
    assert fields is not None and fields["patient_initials"]["/V"] == "AB"
    annots = [a.get_object() for a in reader.pages[1]["/Annots"]]
    link_dest = next(a["/Dest"] for a in annots if a["/Subtype"] == "/Link")
    assert reader.get_page_number(link_dest[0].get_object()) == 3
    assert reader.get_destination_page_number(reader.named_destinations["start"]) == 1
    assert "FORM p3" in page_text(dest, 4) and "Page 4 of 4" in page_text(dest, 4)


@pytest.mark.slow
def test_documents_past_the_open_file_limit_are_read_into_memory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from accesspack.pdf import collate as collate_module

    monkeypatch.setattr(collate_module, "MAX_OPEN_FILES", 2)
    docs = [make_pdf(tmp_path / f"d{n}.pdf", [LETTER], f"DOC-{n}") for n in range(5)]
    dest = tmp_path / "packet.pdf"
    collate([Section(f"S{n}", (Document(f"d{n}", d),)) for n, d in enumerate(docs)], dest,
            case_id=CASE, packet_title=TITLE)
    for n in range(5):
        assert f"DOC-{n} p1" in page_text(dest, n + 1)


@pytest.mark.parametrize("rotate", [0, 90, 180, 270, -90, 450])
def test_visual_frame_maps_the_visual_frame_onto_the_crop_box(rotate: int) -> None:
    from accesspack.pdf.stamp import frame_of

    box = (10.0, 20.0, 110.0, 220.0)
    (a, b, c, d, e, f), width, height = frame_of(box, rotate)
    turned = rotate % 180 == 90
    assert (width, height) == ((200.0, 100.0) if turned else (100.0, 200.0))
    # the visual x axis is the user-space x axis turned by /Rotate (clockwise on screen)
    angle = math.radians(rotate % 360)
    assert (a, b) == pytest.approx((math.cos(angle), math.sin(angle)))
    assert a * d - b * c == pytest.approx(1.0)  # a rotation, no mirror
    corners = {(a * x + c * y + e, b * x + d * y + f)
               for x in (0.0, width) for y in (0.0, height)}
    assert corners == {(x, y) for x in (10.0, 110.0) for y in (20.0, 220.0)}
