"""The PDF preflight: each check on a PDF made to break it, cross-checked with qpdf and poppler.

Bad PDFs are drawn here with reportlab and altered with pikepdf; poppler (pdfinfo,
pdffonts, pdftotext) and qpdf read them independently where they can say the same thing.
The last tests preflight the example FDA packets built through the command line, and the
command line itself.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import yaml
from PIL import Image
from pydantic import ValidationError
from reportlab.lib.pagesizes import A4, LETTER, TABLOID
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

import accesspack
from accesspack.errors import AttachmentError
from accesspack.pdf.collate import Document, Section, collate
from accesspack.pdf.fonts import register_font
from accesspack.pdf.preflight import PreflightReport, preflight
from tests.conftest import EXAMPLES, build_cli, cli, make_pdf, manifest, run

IDS = ["version", "encryption", "fonts", "page_size", "footer_margin", "bookmarks", "links",
       "javascript", "embedded_files", "annotations", "searchable_text", "file_size"]
FONT = register_font()  # Liberation Sans, embedded by reportlab

Draw = Callable[[Canvas], None]


def text_at(x: float, y: float, words: str = "Some text") -> Draw:
    def draw(c: Canvas) -> None:
        c.setFont(FONT, 11)
        c.drawString(x, y, words)
    return draw


def png(colour: str = "red", side: int = 24) -> Image.Image:
    return Image.new("RGB", (side, side), colour)


def image_at(x: float, y: float, w: float, h: float) -> Draw:
    def draw(c: Canvas) -> None:
        buf = io.BytesIO()
        png().save(buf, format="PNG")
        c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), x, y, width=w, height=h)
    return draw


def draw_pdf(path: Path, pages: Sequence[Sequence[Draw]],
             sizes: Sequence[tuple[float, float]] | None = None,
             outline: Sequence[str] = ()) -> Path:
    """One page per item of ``pages``, each drawn by its functions; ``outline`` titles
    become bookmarks of pages 1, 2, ... in turn."""
    c = Canvas(str(path), invariant=1, initialFontName=FONT, pdfVersion=(1, 4))  # not 1.3
    for n, draws in enumerate(pages):
        c.setPageSize(sizes[n] if sizes else LETTER)
        for draw in draws:
            draw(c)
        if n < len(outline):
            c.bookmarkPage(f"p{n}")
            c.addOutlineEntry(outline[n], f"p{n}", level=0)
        c.showPage()
    c.save()
    return path


def good_pdf(path: Path, pages: int = 2) -> Path:
    return draw_pdf(path, [[text_at(72, 720, f"Part {n + 1}")] for n in range(pages)],
                    outline=[f"Part {n + 1}" for n in range(pages)])


def status(report: PreflightReport) -> dict[str, str]:
    return {c.id: c.status for c in report.checks}


def only(report: PreflightReport, **expected: str) -> None:
    """Every check passes except those named, which have the status given."""
    assert status(report) == {i: expected.get(i, "pass") for i in IDS}, report.to_markdown()


def edit(path: Path, change: Callable[[pikepdf.Pdf], None], **save: Any) -> Path:
    """Open ``path`` with pikepdf, ``change`` it and save it in place."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        change(pdf)
        pdf.save(path, **save)
    return path


def as_form(page: pikepdf.Page) -> pikepdf.Object:
    """The page's content as a Form XObject, with its own copy of the content (qpdf's form
    otherwise reads the page's content stream, which the tests then replace)."""
    page.contents_coalesce()
    data = page.obj.Contents.read_bytes()
    form = page.as_form_xobject()
    form.write(data)
    return form


def merge(path: Path, parts: Sequence[Path]) -> Path:
    """The pages of ``parts`` in one PDF 1.4 file (each keeping its own resources)."""
    with pikepdf.Pdf.new() as out:
        for part in parts:
            with pikepdf.open(part) as src:
                out.pages.extend(src.pages)
        out.save(path, force_version="1.4")
    return path


def pdfinfo(path: Path, *extra: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in run("pdfinfo", *extra, str(path)).splitlines():
        key, _, value = line.partition(":")
        out[key.strip()] = value.strip()
    return out


def unembedded_by_pdffonts(path: Path, *extra: str) -> set[str]:
    lines = run("pdffonts", *extra, str(path)).splitlines()[2:]
    # name type encoding emb sub uni object ID: emb is the 4th column from the right of ID
    return {line.split()[0] for line in lines if line.split()[-5] == "no"}


# -- a good file -------------------------------------------------------------------------


@pytest.mark.slow
def test_good_pdf_passes_every_check_and_independent_readers_agree(tmp_path: Path) -> None:
    pdf = good_pdf(tmp_path / "good.pdf", pages=3)
    report = preflight(pdf, bookmarks=["Part 1", "part  3"])  # case and spaces do not matter
    only(report)
    assert [c.id for c in report.checks] == IDS
    assert report.ok and report.failures == [] and report.warnings == []
    assert (report.file, report.pages, report.bytes) == ("good.pdf", 3, pdf.stat().st_size)
    assert "No syntax or stream encoding errors" in run("qpdf", "--check", str(pdf))
    info = pdfinfo(pdf)
    assert info["PDF version"] == report.pdf_version
    assert info["Pages"] == "3" and info["Encrypted"] == "no"
    assert unembedded_by_pdffonts(pdf) == set()
    assert "3 bookmark(s)" in report.check("bookmarks").detail


# -- 1. version --------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(("version", "expected"),
                         [("1.3", "fail"), ("1.4", "pass"), ("1.7", "pass"), ("2.0", "fail")])
def test_version(tmp_path: Path, version: str, expected: str) -> None:
    pdf = edit(good_pdf(tmp_path / "v.pdf"), lambda _: None, force_version=version)
    report = preflight(pdf)
    assert pdfinfo(pdf)["PDF version"] == version == report.pdf_version
    only(report, version=expected)
    if expected == "fail":
        assert f"PDF {version}" in report.check("version").detail


# -- 2. encryption -----------------------------------------------------------------------


@pytest.mark.slow
def test_owner_password_fails_encryption_but_everything_else_is_checked(tmp_path: Path) -> None:
    pdf = edit(draw_pdf(tmp_path / "locked.pdf", [[text_at(72, 700)]]), lambda _: None,
               encryption=pikepdf.Encryption(owner="owner", user="",
                                             allow=pikepdf.Permissions(extract=False)))
    report = preflight(pdf)
    assert pdfinfo(pdf)["Encrypted"].startswith("yes")
    only(report, encryption="fail")
    assert "security" in report.check("encryption").detail
    assert report.pages == 1


@pytest.mark.slow
def test_user_password_is_reported_not_raised(tmp_path: Path) -> None:
    pdf = edit(good_pdf(tmp_path / "secret.pdf"), lambda _: None,
               encryption=pikepdf.Encryption(owner="owner", user="user"))
    run("qpdf", "--requires-password", str(pdf))  # exit status 0: a password is needed
    report = preflight(pdf)
    expected = {i: "warn" for i in IDS[2:-1]} | {"encryption": "fail"}
    only(report, **expected)
    assert report.pages == 0 and report.pdf_version == "1.7"
    assert all("not checked" in report.check(i).detail for i in IDS[2:-1])
    assert not report.ok


# -- 3. fonts ----------------------------------------------------------------------------


def _helvetica(size: float = 11, bold: bool = False) -> Draw:
    def draw(c: Canvas) -> None:
        c.setFont("Helvetica-Bold" if bold else "Helvetica", size)
        c.drawString(72, 700, "Not embedded")
    return draw


@pytest.mark.slow
def test_unembedded_fonts_are_the_ones_pdffonts_flags(tmp_path: Path) -> None:
    # reportlab gives all its pages one font dictionary: merge documents of one page each
    pdf = merge(tmp_path / "fonts.pdf", [
        draw_pdf(tmp_path / f"{n}.pdf", [[draw]]) for n, draw in enumerate(
            [text_at(72, 700), _helvetica(), text_at(72, 700), _helvetica(bold=True)])])

    def into_form(doc: pikepdf.Pdf) -> None:  # page 4's content moves into a Form XObject
        page = doc.pages[3]
        form = as_form(page)
        page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fx=form))
        page.obj.Contents = doc.make_stream(b"q /Fx Do Q")

    edit(pdf, into_form)
    report = preflight(pdf)
    only(report, fonts="fail")
    check = report.check("fonts")
    assert check.pages == (2, 4)
    assert "Helvetica (page 2)" in check.detail and "Helvetica-Bold (page 4)" in check.detail
    assert "Liberation" not in check.detail
    assert unembedded_by_pdffonts(pdf) == {"Helvetica", "Helvetica-Bold"}
    for page in range(1, 5):  # pdffonts, page by page, flags the same pages
        flagged = bool(unembedded_by_pdffonts(pdf, "-f", str(page), "-l", str(page)))
        assert flagged is (page in check.pages)


@pytest.mark.slow
def test_long_page_lists_are_capped(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "many.pdf", 60, "Helvetica")  # reportlab's Helvetica: not embedded
    check = preflight(pdf).check("fonts")
    assert check.status == "fail"
    assert check.pages == tuple(range(1, 51))
    assert "Helvetica (pages 1-50 and 10 more)" in check.detail
    assert unembedded_by_pdffonts(pdf) == {"Helvetica"}


# -- 4. page size ------------------------------------------------------------------------


@pytest.mark.slow
def test_page_size(tmp_path: Path) -> None:
    landscape = (LETTER[1], LETTER[0])
    pdf = draw_pdf(tmp_path / "sizes.pdf", [[text_at(72, 500)]] * 5,
                   sizes=[LETTER, A4, landscape, TABLOID, (300.0, 400.0)])
    edit(pdf, lambda doc: setattr(doc.pages[0].obj, "Rotate", 90))  # Letter on its side
    letter = preflight(pdf)
    only(letter, page_size="warn")
    assert letter.check("page_size").pages == (2, 4)
    assert "A4 8.27 x 11.69 in on page 2" in letter.check("page_size").detail
    assert "Tabloid 11.00 x 17.00 in on page 4" in letter.check("page_size").detail
    a4 = preflight(pdf, page_size="a4")
    assert a4.check("page_size").status == "warn" and a4.check("page_size").pages == (4,)
    sizes = pdfinfo(pdf, "-f", "1", "-l", "5")
    assert "(A4)" in sizes["Page    2 size"] and "792 x 1224" in sizes["Page    4 size"]
    assert "(letter)" in sizes["Page    1 size"]


# -- 5. footer band ----------------------------------------------------------------------


@pytest.mark.slow
def test_footer_band_text_images_rotation_and_forms(tmp_path: Path) -> None:
    pdf = draw_pdf(tmp_path / "band.pdf", [
        [text_at(72, 10)],                                # 1: text in the band
        [text_at(72, 100)],                               # 2: clear
        [text_at(72, 780)],                               # 3: rotated 180: top is the foot
        [text_at(72, 780)],                               # 4: clear
        [text_at(72, 200)],                               # 5: a form moves it down to 20
        [image_at(72, 10, 200, 100), text_at(72, 500)],   # 6: an image reaching the band
        [image_at(72, 72, 200, 100), text_at(72, 500)],   # 7: an image above it
    ])

    def change(doc: pikepdf.Pdf) -> None:
        doc.pages[2].obj.Rotate = 180
        page = doc.pages[4]
        form = as_form(page)
        form.Matrix = pikepdf.Array([1, 0, 0, 1, 0, -180])
        page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fx=form))
        page.obj.Contents = doc.make_stream(b"/Fx Do")

    edit(pdf, change)
    report = preflight(pdf)
    only(report, footer_margin="warn", bookmarks="warn")  # 7 pages without bookmarks
    check = report.check("footer_margin")
    assert check.pages == (1, 3, 5, 6)
    assert check.detail.startswith("the footer may cover content on pages 1, 3, 5-6; give those")
    # poppler sees the text of pages 1 and 5 within 0.6 in of the bottom edge
    for page, inside in ((1, True), (2, False), (5, True)):
        words = run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-")
        bottoms = [float(y) for y in re.findall(r'yMax="([\d.]+)"', words)]
        assert any(b > 792 - 43.2 for b in bottoms) is inside


@pytest.mark.slow
def test_accesspack_footer_stamp_is_not_content(tmp_path: Path) -> None:
    clean = draw_pdf(tmp_path / "clean.pdf", [[text_at(72, 700)]] * 3)
    packet = tmp_path / "packet.pdf"
    collate([Section("Contents", is_toc=True), Section("Part", (Document("Doc", clean),))],
            packet, case_id="TEST-0001", packet_title="Test packet", draft=True)
    assert "Page 2 of 4" in run("pdftotext", "-f", "2", "-l", "2", str(packet), "-")
    only(preflight(packet, bookmarks=["Contents", "Part"]))


@pytest.mark.slow
def test_footer_band_follows_clipping_paths(tmp_path: Path) -> None:
    """An image reaching the band but clipped above it is not in the band; a clip whose
    path also covers the band (a rectangle and a triangle) does not hide it."""
    image = "q 400 0 0 300 100 -20 cm /Im0 Do Q"  # from 20 pt below the page to 280
    contents = [
        f"q 0 100 612 692 re W n {image} Q",                          # 1: cut above the band
        f"q 0 100 612 692 re 0 0 m 612 0 l 306 200 l h W n {image} Q",  # 2: with a triangle
        f"q 0 0 612 792 re W n {image} Q",                            # 3: the whole page
        f"q 0 100 612 692 re W n Q {image}",                          # 4: the clip is undone
    ]
    path = tmp_path / "clipped.pdf"
    with pikepdf.new() as doc:
        grey = doc.make_stream(bytes([100]) * 64, Type=pikepdf.Name.XObject,
                               Subtype=pikepdf.Name.Image, Width=8, Height=8,
                               ColorSpace=pikepdf.Name.DeviceGray, BitsPerComponent=8)
        for content in contents:
            doc.add_blank_page(page_size=(612, 792))
            page = doc.pages[-1].obj
            page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=grey))
            page.Contents = doc.make_stream(content.encode())
        doc.save(path, force_version="1.4")
    report = preflight(path)
    only(report, footer_margin="warn", searchable_text="warn")
    assert report.check("footer_margin").pages == (2, 3, 4)
    for number, inked in ((1, False), (2, True), (3, True), (4, True)):  # poppler agrees
        out = tmp_path / f"page{number}"
        run("pdftoppm", "-r", "72", "-gray", "-png", "-singlefile", "-f", str(number),
            "-l", str(number), str(path), str(out))
        band = Image.open(f"{out}.png").convert("L").crop((0, 792 - 43, 612, 792))
        assert (band.getextrema()[0] < 255) is inked, number


# -- 6. bookmarks ------------------------------------------------------------------------


def test_bookmarks(tmp_path: Path) -> None:
    six = draw_pdf(tmp_path / "six.pdf", [[text_at(72, 700)]] * 6)
    report = preflight(six)
    only(report, bookmarks="warn")
    assert "6 pages" in report.check("bookmarks").detail
    only(preflight(draw_pdf(tmp_path / "five.pdf", [[text_at(72, 700)]] * 5)))
    # with expected titles, a missing outline or a missing title fails
    assert preflight(six, bookmarks=["Cover letter"]).check("bookmarks").status == "fail"
    good = good_pdf(tmp_path / "good.pdf", pages=2)
    check = preflight(good, bookmarks=["Part 1", "Form FDA 3926", "Part 2"]).check("bookmarks")
    assert check.status == "fail" and "no bookmark for 1 part(s): 'Form FDA 3926'" in check.detail


def test_bookmark_to_a_missing_page_fails(tmp_path: Path) -> None:
    pdf = good_pdf(tmp_path / "outline.pdf", pages=2)

    def point_away(doc: pikepdf.Pdf) -> None:
        stray = doc.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Page))
        second = doc.Root.Outlines.First.Next
        for key in ("/Dest", "/A"):
            if key in second:
                del second[key]
        second.Dest = pikepdf.Array([stray, pikepdf.Name.Fit])

    edit(edit(pdf, point_away), lambda _: None)
    check = preflight(pdf, bookmarks=["Part 1", "Part 2"]).check("bookmarks")
    assert check.status == "fail"
    assert "1 bookmark(s) open no page of this document (bookmark number 2" in check.detail


# -- 7. links ----------------------------------------------------------------------------


def _link(doc: pikepdf.Pdf, page: int, **entries: Any) -> None:
    annot = doc.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[72, 72, 144, 90], **entries))
    target = doc.pages[page].obj
    if "/Annots" not in target:
        target.Annots = pikepdf.Array()
    target.Annots.append(annot)


def test_links_that_resolve_pass(tmp_path: Path) -> None:
    pdf = good_pdf(tmp_path / "links.pdf", pages=2)

    def add(doc: pikepdf.Pdf) -> None:
        second = doc.pages[1].obj
        tree = pikepdf.NameTree.new(doc)
        tree["chapter-2"] = pikepdf.Array([second, pikepdf.Name.Fit])
        doc.Root.Names = pikepdf.Dictionary(Dests=tree.obj)
        _link(doc, 0, Dest=pikepdf.Array([second, pikepdf.Name.XYZ, 0, 792, None]))
        _link(doc, 0, Dest=pikepdf.String("chapter-2"))
        _link(doc, 0, A=pikepdf.Dictionary(S=pikepdf.Name.GoTo, D=pikepdf.String("chapter-2")))
        _link(doc, 0, A=pikepdf.Dictionary(S=pikepdf.Name.URI,
                                           URI=pikepdf.String("https://www.fda.gov/")))

    edit(pdf, add)
    report = preflight(pdf)
    only(report)
    assert report.check("links").detail.startswith("4 link(s)")


def test_broken_links_and_link_actions_fail(tmp_path: Path) -> None:
    pdf = good_pdf(tmp_path / "broken.pdf", pages=3)

    def add(doc: pikepdf.Pdf) -> None:
        stray = doc.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Page))
        _link(doc, 0, Dest=pikepdf.Array([stray, pikepdf.Name.Fit]))  # not in the page tree
        _link(doc, 1, Dest=pikepdf.String("nowhere"))                  # no such name
        _link(doc, 1, Dest=pikepdf.Array([pikepdf.Name.Fit]))          # no page at all
        _link(doc, 2, A=pikepdf.Dictionary(S=pikepdf.Name.Launch,
                                           F=pikepdf.String("setup.exe")))

    edit(pdf, add)
    report = preflight(pdf)
    only(report, links="fail")
    check = report.check("links")
    assert check.pages == (1, 2, 3)
    assert "3 link(s) open no page of this document, on pages 1-2" in check.detail
    assert "1 link(s) run a Launch action, on page 3" in check.detail
    assert "setup.exe" not in check.detail


# -- 8. JavaScript -----------------------------------------------------------------------


def _js(code: str = "app.alert('hi')") -> pikepdf.Dictionary:
    return pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String(code))


def _open_action(doc: pikepdf.Pdf) -> None:
    doc.Root.OpenAction = _js()


def _names_js(doc: pikepdf.Pdf) -> None:
    tree = pikepdf.NameTree.new(doc)
    tree["init"] = doc.make_indirect(_js())
    doc.Root.Names = pikepdf.Dictionary(JavaScript=tree.obj)


def _chained(doc: pikepdf.Pdf) -> None:  # a GoTo that runs a script next
    first = doc.pages[0].obj
    doc.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.GoTo,
                                             D=pikepdf.Array([first, pikepdf.Name.Fit]),
                                             Next=_js())


def _page_aa(doc: pikepdf.Pdf) -> None:
    doc.pages[1].obj.AA = pikepdf.Dictionary(O=_js())


def _field_aa(doc: pikepdf.Pdf) -> None:
    field = doc.make_indirect(pikepdf.Dictionary(FT=pikepdf.Name.Tx, T=pikepdf.String("x"),
                                                 AA=pikepdf.Dictionary(K=_js())))
    doc.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([field]))


@pytest.mark.parametrize(("change", "where", "pages"), [
    (_open_action, "/OpenAction", ()),
    (_names_js, "/Names /JavaScript", ()),
    (_chained, "/OpenAction", ()),
    (_page_aa, "page actions on page 2", (2,)),
    (_field_aa, "form fields", ()),
])
def test_javascript_anywhere_fails(tmp_path: Path, change: Callable[[pikepdf.Pdf], None],
                                   where: str, pages: tuple[int, ...]) -> None:
    pdf = edit(good_pdf(tmp_path / "js.pdf"), change)
    report = preflight(pdf)
    only(report, javascript="fail")
    assert where in report.check("javascript").detail
    assert report.check("javascript").pages == pages
    assert "alert" not in report.to_json()


def test_javascript_link_fails_links_and_javascript(tmp_path: Path) -> None:
    pdf = edit(good_pdf(tmp_path / "jslink.pdf"), lambda doc: _link(doc, 1, A=_js()))
    report = preflight(pdf)
    only(report, javascript="fail", links="fail")
    assert report.check("javascript").pages == (2,) == report.check("links").pages
    assert "JavaScript action" in report.check("links").detail


def _launch() -> pikepdf.Dictionary:
    return pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("setup.exe"))


def _then(doc: pikepdf.Pdf, then: pikepdf.Object) -> pikepdf.Dictionary:
    """A GoTo to page 1 that runs ``then`` next."""
    return pikepdf.Dictionary(S=pikepdf.Name.GoTo,
                              D=pikepdf.Array([doc.pages[0].obj, pikepdf.Name.Fit]), Next=then)


def _uri(address: str) -> pikepdf.Dictionary:
    return pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String(address))


@pytest.mark.parametrize(("action", "runs", "javascript"), [
    (lambda doc: _then(doc, _launch()), "1 link(s) run a Launch action, on page 2", False),
    (lambda doc: _then(doc, pikepdf.Array([_launch()])), "run a Launch action", False),
    (lambda doc: _then(doc, _js()), "run a JavaScript action", True),
    (lambda doc: _uri("javascript:app.alert('hi')"), "run a javascript: URI action", True),
    (lambda doc: _uri("  JavaScript:app.alert('hi')"), "run a javascript: URI action", True),
    (lambda doc: _uri("file:///C:/setup.exe"), "run a file: URI action", False),
    (lambda doc: _then(doc, _uri("https://www.fda.gov/")), "run a chained (/Next) action",
     False),
], ids=["goto-then-launch", "goto-then-array", "goto-then-script", "javascript-uri",
        "javascript-uri-spaced", "file-uri", "two-actions"])
def test_a_link_is_judged_by_its_whole_action_chain(
        tmp_path: Path, action: Callable[[pikepdf.Pdf], pikepdf.Object], runs: str,
        javascript: bool) -> None:
    pdf = edit(good_pdf(tmp_path / "chain.pdf"), lambda doc: _link(doc, 1, A=action(doc)))
    with pikepdf.open(pdf) as doc:  # read back: the link's first action is a plain one
        (link,) = doc.pages[1].Annots
        assert link.A.S in ("/GoTo", "/URI")
    report = preflight(pdf)
    only(report, links="fail", **({"javascript": "fail"} if javascript else {}))
    assert runs in report.check("links").detail and report.check("links").pages == (2,)
    if javascript:
        assert "annotation or link actions on page 2" in report.check("javascript").detail
    assert "alert" not in report.to_json() and "setup.exe" not in report.to_json()


def test_a_bookmark_running_a_script_or_a_launch_fails(tmp_path: Path) -> None:
    pdf = good_pdf(tmp_path / "outline.pdf", pages=2)

    def run_things(doc: pikepdf.Pdf) -> None:
        first = doc.Root.Outlines.First
        second = first.Next
        for item in (first, second):
            for key in ("/Dest", "/A"):
                if key in item:
                    del item[key]
        first.A = _js()
        second.A = _then(doc, _launch())

    edit(pdf, run_things)
    with pikepdf.open(pdf) as doc:  # read back: both still carry their actions
        first = doc.Root.Outlines.First
        assert (first.A.S, first.Next.A.S, first.Next.A.Next.S) == (
            "/JavaScript", "/GoTo", "/Launch")
    report = preflight(pdf, bookmarks=["Part 1", "Part 2"])
    only(report, bookmarks="fail", javascript="fail")
    assert "2 bookmark(s) open no page of this document" in report.check("bookmarks").detail
    check = report.check("javascript")
    assert check.detail.startswith("JavaScript in 1 bookmark(s) (/Outlines);")
    assert check.pages == () and "alert" not in report.to_json()


# -- 9 and 10. embedded files and annotations ---------------------------------------------


@pytest.mark.slow
def test_embedded_file_fails_without_naming_it(tmp_path: Path) -> None:
    def attach(doc: pikepdf.Pdf) -> None:
        doc.attachments["Vantabrook-notes.txt"] = pikepdf.AttachedFileSpec(doc, b"private")

    pdf = edit(good_pdf(tmp_path / "attached.pdf"), attach)
    report = preflight(pdf)
    only(report, embedded_files="fail")
    assert "1 embedded file(s)" in report.check("embedded_files").detail
    assert "Vantabrook" not in report.to_json()
    assert "Vantabrook-notes.txt" in run("pdfdetach", "-list", str(pdf))


def _annot(doc: pikepdf.Pdf, page: int, subtype: str, **entries: Any) -> None:
    annot = doc.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name(subtype), Rect=[72, 600, 144, 640],
        **entries))
    target = doc.pages[page].obj
    if "/Annots" not in target:
        target.Annots = pikepdf.Array()
    target.Annots.append(annot)


def test_annotations_other_than_links_fail(tmp_path: Path) -> None:
    def add(doc: pikepdf.Pdf) -> None:
        _annot(doc, 1, "/Text", Contents=pikepdf.String("a reviewer's comment"))
        _annot(doc, 0, "/Widget", FT=pikepdf.Name.Tx, T=pikepdf.String("name"))
        doc.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([doc.pages[0].Annots[0]]))
        _link(doc, 0, Dest=pikepdf.Array([doc.pages[1].obj, pikepdf.Name.Fit]))

    pdf = edit(good_pdf(tmp_path / "annots.pdf", pages=3), add)
    report = preflight(pdf)
    only(report, annotations="fail")
    check = report.check("annotations")
    assert check.pages == (1, 2)
    assert "Text on page 2" in check.detail and "Widget (form fields) on page 1" in check.detail


def test_file_attachment_annotation_fails_both_checks(tmp_path: Path) -> None:
    def add(doc: pikepdf.Pdf) -> None:
        spec = pikepdf.AttachedFileSpec(doc, b"data", filename="lab.csv")
        _annot(doc, 1, "/FileAttachment", FS=spec.obj)

    pdf = edit(good_pdf(tmp_path / "fileannot.pdf"), add)
    report = preflight(pdf)
    only(report, embedded_files="fail", annotations="fail")
    assert report.check("embedded_files").pages == (2,) == report.check("annotations").pages
    assert "FileAttachment on page 2" in report.check("annotations").detail


# -- 11. text layer ----------------------------------------------------------------------


@pytest.mark.slow
def test_image_only_pages_need_ocr(tmp_path: Path) -> None:
    def inline(c: Canvas) -> None:
        c.drawInlineImage(png("blue"), 72, 300, 200, 200)

    pdf = draw_pdf(tmp_path / "scans.pdf", [
        [image_at(72, 72, 468, 648)],                  # 1: a scan, no text
        [image_at(72, 300, 200, 200), text_at(72, 700)],  # 2: a figure with a caption
        [inline],                                      # 3: an inline image, no text
        [text_at(72, 700)],                            # 4: text
    ])
    report = preflight(pdf)
    only(report, searchable_text="warn")
    check = report.check("searchable_text")
    assert check.pages == (1, 3)
    assert "pages 1, 3 are scanned images without a text layer; OCR them" in check.detail
    for page, has_text in ((1, False), (2, True), (3, False), (4, True)):
        text = run("pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-")
        assert bool(text.strip()) is has_text


def test_form_xobjects_are_parsed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = draw_pdf(tmp_path / "shared.pdf", [[image_at(72, 72, 300, 300)]] * 20,
                   outline=["All"])

    def share(doc: pikepdf.Pdf) -> None:  # every page draws page 1's content as one form
        form = as_form(doc.pages[0])
        for page in doc.pages:
            page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fx=form))
            page.obj.Contents = doc.make_stream(b"q /Fx Do Q")

    edit(pdf, share)
    calls: list[object] = []
    real = pikepdf.parse_content_stream

    def counting(obj: Any, operators: str = "") -> Any:
        calls.append(obj)
        return real(obj, operators)

    monkeypatch.setattr(pikepdf, "parse_content_stream", counting)
    report = preflight(pdf)
    assert len(calls) == 21  # 20 pages and the form once
    assert report.check("searchable_text").pages == tuple(range(1, 21))


# -- 12. file size -----------------------------------------------------------------------


def test_file_size(tmp_path: Path) -> None:
    pdf = good_pdf(tmp_path / "size.pdf")
    size = pdf.stat().st_size
    none = preflight(pdf).check("file_size")
    assert none.status == "pass" and "no size limit known for this regulator" in none.detail
    assert preflight(pdf, max_bytes=size).check("file_size").status == "pass"
    over = preflight(pdf, max_bytes=size - 1).check("file_size")
    assert over.status == "fail" and f"{size:,} bytes" in over.detail
    unsure = preflight(pdf, max_bytes=size - 1, size_limit_verified=False).check("file_size")
    assert unsure.status == "warn" and "unconfirmed" in unsure.detail


# -- unreadable input and the report's views ---------------------------------------------


@pytest.mark.parametrize("content", [None, b"not a pdf at all\n", b"%PDF-1.7\n% truncated"])
def test_unreadable_input_raises_attachment_error(tmp_path: Path, content: bytes | None) -> None:
    folder = tmp_path / "Vantabrook-private"
    folder.mkdir()
    path = folder / "upload.pdf"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(AttachmentError) as err:
        preflight(path)
    assert str(err.value).startswith("upload.pdf cannot be preflighted")
    assert "Vantabrook" not in str(err.value) and err.value.attachment == "upload.pdf"


def test_report_views(tmp_path: Path) -> None:
    pdf = draw_pdf(tmp_path / "a<b>&.pdf", [[_helvetica()]])
    report = preflight(pdf)
    data = json.loads(report.to_json())
    assert list(data) == ["file", "bytes", "pages", "pdf_version", "profile", "checks", "ok"]
    assert data["ok"] is False and [c["id"] for c in data["checks"]] == IDS
    assert data["checks"][2] == {"id": "fonts", "title": "Fonts embedded", "status": "fail",
                                 "detail": report.check("fonts").detail, "pages": [1]}
    assert report.to_json() == preflight(pdf).to_json()  # stable
    assert PreflightReport.model_validate_json(report.to_json()) == report
    md = report.to_markdown()
    assert md.startswith("## Preflight: a<b>&.pdf\n") and "1 check(s) failed" in md
    assert "| **FAIL** | Fonts embedded |" in md and md.count("\n| ") == 13
    page = report._repr_html_()
    assert "a&lt;b&gt;&amp;.pdf" in page and "a<b>" not in page
    assert [c.id for c in report.failures] == ["fonts"] and report.warnings == []
    with pytest.raises(ValidationError):  # frozen
        report.check("fonts").status = "pass"  # type: ignore[misc]
    assert accesspack.preflight is preflight


# -- the example FDA packets ---------------------------------------------------------------


@pytest.fixture(scope="module")
def fda_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_cli(EXAMPLES / "fda-single-patient" / "case.yaml", "fda/single-patient",
                     tmp_path_factory.mktemp("preflight") / "bundle")


def _upload_pages(bundle: Path, packet: dict[str, Any]) -> tuple[set[int], set[int], set[int]]:
    """Packet pages of the uploads (all of them, scans, those with text in the footer band),
    found by poppler in the normalised uploads the bundle keeps (before stamping)."""
    uploads, scans, band = set(), set(), set()
    for part in packet["parts"]:
        for doc in part["documents"]:
            if not doc.get("file", "").startswith("attachments/"):
                continue
            first, last = doc["pages"]
            source = bundle / doc["file"]
            for n in range(last - first + 1):
                page = first + n
                uploads.add(page)
                args = ("-f", str(n + 1), "-l", str(n + 1), str(source), "-")
                if not run("pdftotext", *args).strip():
                    scans.add(page)
                height = float(re.findall(r'<page width="[\d.]+" height="([\d.]+)"',
                                          run("pdftotext", "-bbox", *args))[0])
                bottoms = re.findall(r'yMax="([\d.]+)"', run("pdftotext", "-bbox", *args))
                if any(float(b) > height - 43.2 for b in bottoms):
                    band.add(page)
    return uploads, scans, band


def report_of(bundle: Path, packet: dict[str, Any]) -> PreflightReport:
    return preflight(bundle / packet["file"], bookmarks=[p["title"] for p in packet["parts"]])


@pytest.mark.slow
def test_example_fda_packets_pass(fda_bundle: Path) -> None:
    """Every check passes on the example packets. The example's scans (JPEG, PNG, TIFF)
    were given an OCR text layer, so no page is an image without text (poppler agrees, in
    the uploads as the bundle keeps them). Several synthetic uploads print their own
    footer within 0.6 in of the bottom edge: the build shrank those pages, so the footer
    band is clear."""
    case = yaml.safe_load((EXAMPLES / "fda-single-patient" / "case.yaml").read_text())
    assert any(a["path"].endswith((".jpg", ".png", ".tiff")) for a in case["attachments"])
    for packet in manifest(fda_bundle)["packets"]:
        pdf = fda_bundle / packet["file"]
        titles = [part["title"] for part in packet["parts"]]
        report = preflight(pdf, bookmarks=titles)
        uploads, scans, band = _upload_pages(fda_bundle, packet)
        expected = {"searchable_text": "warn" if scans else "pass",
                    "footer_margin": "warn" if band else "pass"}
        only(report, **expected)
        assert set(report.check("searchable_text").pages) == scans
        assert set(report.check("footer_margin").pages) == band <= uploads
        assert report.pages == packet["pages"] == int(pdfinfo(pdf)["Pages"])
        assert unembedded_by_pdffonts(pdf) == set()
        assert "No syntax or stream encoding errors" in run("qpdf", "--check", str(pdf))
        assert f"every one of the {len(titles)} parts" in report.check("bookmarks").detail
    submission = manifest(fda_bundle)["packets"][0]
    uploads, scans, band = _upload_pages(fda_bundle, submission)
    assert not scans and not band  # no scan left without text, no upload text in the band
    assert report_of(fda_bundle, submission).check("searchable_text").status == "pass"
    ocred = [a["id"] for a in manifest(fda_bundle)["inputs"]["attachments"]
             if any("invisible OCR text layer" in c for c in a.get("changes", []))]
    assert ocred == ["ct-2026-09-10", "petct-2026-10-20", "labs-2026-11-10"]
    shrunk = [a["id"] for a in manifest(fda_bundle)["inputs"]["attachments"]
              if any(c.startswith("shrank ") for c in a.get("changes", []))]
    assert len(shrunk) >= 3, shrunk


# -- the command line ----------------------------------------------------------------------


@pytest.mark.slow
def test_cli_exit_status_and_json(tmp_path: Path) -> None:
    good = good_pdf(tmp_path / "good.pdf")
    bad = draw_pdf(tmp_path / "helvetica.pdf", [[_helvetica()]])
    res = cli("preflight", str(good))
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("## Preflight: good.pdf")
    assert "| pass | Fonts embedded |" in res.stdout
    res = cli("preflight", str(good), str(bad), "--json", "--page-size", "a4")
    assert res.returncode == 1
    data = json.loads(res.stdout)
    assert [(r["file"], r["ok"]) for r in data] == [("good.pdf", True), ("helvetica.pdf", False)]
    res = cli("preflight", str(good), "--max-mb", "0.000001", "--json")
    assert res.returncode == 1 and json.loads(res.stdout)[0]["checks"][-1]["status"] == "fail"
    junk = tmp_path / "notes.pdf"
    junk.write_text("hello")
    res = cli("preflight", str(junk), str(good))
    assert res.returncode == 2
    assert res.stderr.startswith("accesspack: error: notes.pdf cannot be preflighted")
    assert "## Preflight: good.pdf" in res.stdout  # the readable file is still reported
    assert str(tmp_path) not in res.stderr
