"""Unembedded fonts of uploads get a metric-compatible font embedded in the packet copy.

Checked with poppler (pdffonts, pdftotext with word boxes), fontTools (the subset itself)
and pikepdf (the font dictionaries and the page content, unchanged).
"""

from __future__ import annotations

import io
import json
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont
from reportlab.pdfbase import pdfmetrics

from accesspack.pdf import embed_fonts as embed
from accesspack.pdf import fonts
from accesspack.pdf.font_substitutes import face, substitute_for
from accesspack.pdf.normalize import pdf_copy
from tests.conftest import EXAMPLES, build_cli, cli, make_pdf, manifest

N = pikepdf.Name


def _font(base: str, subtype: str = "/Type1", **extra: object) -> pikepdf.Dictionary:
    return pikepdf.Dictionary(Type=N.Font, Subtype=N(subtype), BaseFont=N("/" + base),
                              **extra)


#: Arial's widths for codes 32..126 as a producer wrote them (deliberately not Liberation's)
_ARIAL_WIDTHS = [250 + (code % 7) for code in range(32, 127)]


def fonts_pdf(path: Path) -> Path:
    """Two pages drawn in unembedded fonts: Helvetica (no /Encoding: the standard
    encoding, so code 0x27 is a right quote), Times-Roman (WinAnsi, an e acute),
    Courier-Bold (differences that swap A and B), Symbol, ArialMT on page 2 (the same
    substitute as Helvetica), and in a Form XObject an Arial,Italic TrueType font with
    its own widths; Times-Bold is listed but never used."""
    pdf = pikepdf.new()
    helv = pdf.make_indirect(_font("Helvetica"))
    italic = pdf.make_indirect(_font(
        "Arial,Italic", "/TrueType", Encoding=N.WinAnsiEncoding, FirstChar=32, LastChar=126,
        Widths=pikepdf.Array(_ARIAL_WIDTHS),
        FontDescriptor=pikepdf.Dictionary(
            Type=N.FontDescriptor, FontName=N("/Arial,Italic"), Flags=96,
            FontBBox=[-517, -325, 1359, 998], ItalicAngle=-12, Ascent=905, Descent=-212,
            CapHeight=716, StemV=80)))
    form = pdf.make_stream(b"BT /FI 11 Tf 72 500 Td (In a form: italic text) Tj ET",
                           Type=N.XObject, Subtype=N.Form, BBox=[0, 0, 612, 792],
                           Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(FI=italic)))
    page1 = pdf.make_stream(
        b"BT /F1 12 Tf 72 700 Td (It's Helvetica, quoted) Tj ET\n"
        b"q BT /F2 12 Tf 72 680 Td (Times: caf\\351 au lait) Tj ET Q\n"
        b"BT /F3 12 Tf 72 660 Td [(ABBA) -250 (Courier)] TJ ET\n"
        b"BT /F4 12 Tf 72 640 Td (abg) Tj ET\n"
        b"/Fm1 Do\n")
    page2 = pdf.make_stream(b"BT /F7 12 Tf 72 700 Td (Second page in ArialMT) Tj "
                            b"/F1 12 Tf 0 -20 Td (and Helvetica again) Tj ET")
    resources = pikepdf.Dictionary(
        Font=pikepdf.Dictionary(
            F1=helv,
            F2=_font("Times-Roman", Encoding=N.WinAnsiEncoding),  # a direct dictionary
            F3=pdf.make_indirect(_font("Courier-Bold", Encoding=pikepdf.Dictionary(
                Type=N.Encoding, BaseEncoding=N.WinAnsiEncoding,
                Differences=pikepdf.Array([65, N.B, N.A])))),
            F4=pdf.make_indirect(_font("Symbol")),
            F6=pdf.make_indirect(_font("Times-Bold", Encoding=N.WinAnsiEncoding))),
        XObject=pikepdf.Dictionary(Fm1=form))
    for content, res in ((page1, resources), (page2, pikepdf.Dictionary(Font=pikepdf.Dictionary(
            F1=helv, F7=pdf.make_indirect(_font("ArialMT", "/TrueType",
                                                Encoding=N.WinAnsiEncoding)))))):
        pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
            Type=N.Page, MediaBox=[0, 0, 612, 792], Contents=content, Resources=res)))
    pdf.save(path, deterministic_id=True)
    return path


def _tool(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def _pdffonts(path: Path) -> dict[str, str]:
    """pdffonts' listing: font name (subset tag dropped) -> its "emb" column (read at
    the header's offset: a direct font's object ID is "[none]")."""
    header, _, *rows = _tool("pdffonts", str(path)).splitlines()
    emb = header.index("emb")
    return {re.sub(r"^[A-Z]{6}\+", "", row.split()[0]): row[emb:emb + 3].strip()
            for row in rows}


def _words(path: Path) -> list[str]:
    """Each word poppler finds, with its box (its width from the font's widths, its
    height from the ascent and descent of the font's descriptor)."""
    boxes = _tool("pdftotext", "-bbox", str(path), "-")
    return re.findall(r"<word [^>]+>[^<]*</word>", boxes)


def _contents(path: Path) -> list[bytes]:
    with pikepdf.open(path) as pdf:
        pages = [b"".join(s.read_bytes() for s in (
            p.obj.Contents if isinstance(p.obj.Contents, pikepdf.Array) else [p.obj.Contents]))
            for p in pdf.pages]
        form = pdf.pages[0].obj.Resources.XObject.Fm1.read_bytes()
    return [*pages, form]


@pytest.mark.slow
def test_unembedded_fonts_get_a_metric_compatible_font_and_nothing_else_changes(
        tmp_path: Path) -> None:
    src = fonts_pdf(tmp_path / "fonts.pdf")
    dest = tmp_path / "copy.pdf"
    assert set(_pdffonts(src).values()) == {"no"}
    done = pdf_copy(src, dest, "attachment 1 (lab_report)")
    assert done.changes == (
        "embedded fonts metric-compatible with the unembedded ones (Liberation Mono Bold "
        "for Courier-Bold, Liberation Sans for ArialMT and Helvetica, Liberation Sans "
        "Italic for Arial,Italic, Liberation Serif for Times-Roman, Liberation Serif Bold "
        "for Times-Bold); text and layout unchanged",)
    assert _pdffonts(dest) == {
        "LiberationSans": "yes", "LiberationSerif": "yes", "LiberationMono-Bold": "yes",
        "Symbol": "no", "LiberationSerif-Bold": "yes", "LiberationSans-Italic": "yes"}
    # poppler reads the same text, and places every word where it was
    before, after = _tool("pdftotext", "-layout", str(src), "-"), _tool(
        "pdftotext", "-layout", str(dest), "-")
    assert after == before
    assert "It\u2019s Helvetica" in after and "caf\u00e9" in after and "BAAB" in after
    assert _words(dest) == _words(src)
    assert _contents(dest) == _contents(src)  # page and form content, byte for byte
    assert fonts.fonts_not_embedded(src) == [
        "Arial,Italic", "ArialMT", "Courier-Bold", "Helvetica", "Symbol", "Times-Bold",
        "Times-Roman"]
    assert embed.fonts_left_unembedded(src) == ["Symbol"]  # what the ledger reports
    # the same upload gives the same bytes, even with the subsets made again
    embed._subset.cache_clear()
    again = tmp_path / "again.pdf"
    pdf_copy(src, again, "attachment 1 (lab_report)")
    assert again.read_bytes() == dest.read_bytes()


def _font_file(font: pikepdf.Object) -> TTFont:
    return TTFont(io.BytesIO(font.FontDescriptor.FontFile2.read_bytes()))


def test_the_subset_holds_the_glyphs_shown_and_the_font_keeps_its_widths(
        tmp_path: Path) -> None:
    src = fonts_pdf(tmp_path / "fonts.pdf")
    dest = tmp_path / "copy.pdf"
    pdf_copy(src, dest, "attachment 1 (lab_report)")
    with pikepdf.open(dest) as pdf:
        page1, page2 = (p.obj.Resources.Font for p in pdf.pages)
        helv, arial = page1.F1, page2.F7
        # one subset per face, shared by the fonts it stands in for, and the glyphs of
        # both pages in it
        program = helv.FontDescriptor.FontFile2
        assert program.objgen == arial.FontDescriptor.FontFile2.objgen
        assert int(program.Length1) == len(program.read_bytes())
        sans = _font_file(helv)
        shown = "It's Helvetica, quoted" + "Second page in ArialMT" + "and Helvetica again"
        expected = {sans.getBestCmap()[ord("\u2019" if ch == "'" else ch)] for ch in shown}
        assert set(sans.getGlyphOrder()) == expected | {".notdef"}
        # the installed font's own timestamp, not the time of the build
        installed = face("Liberation Sans", "Regular")
        assert installed is not None
        assert sans["head"].modified == TTFont(installed.path)["head"].modified
        # a font listed but never used: nothing but .notdef
        assert _font_file(page1.F6).getGlyphOrder() == [".notdef"]
        # Symbol is left as it was
        assert page1.F4.Subtype == N.Type1 and "/FontDescriptor" not in page1.F4
        # widths the upload gave are kept; missing ones are the standard font's (the
        # metrics a reader used), not the substitute's
        italic = pdf.pages[0].obj.Resources.XObject.Fm1.Resources.Font.FI
        assert [int(w) for w in italic.Widths] == _ARIAL_WIDTHS
        # ascent and descent as a reader took them: Helvetica's, for Arial too
        for font in (helv, italic, arial):
            assert (font.FontDescriptor.Ascent, font.FontDescriptor.Descent) == (718, -207)
        assert (int(helv.FirstChar), int(helv.LastChar)) == (32, 118)  # space .. v
        afm = pdfmetrics.getFont("Helvetica").face.glyphWidths
        assert int(helv.Widths[ord("H") - 32]) == afm["H"]
        assert int(helv.Widths[0x27 - 32]) == afm["quoteright"]
        # the implicit standard encoding is written out: 0x27 is still a right quote
        assert helv.Encoding.BaseEncoding == N.WinAnsiEncoding
        diffs = list(helv.Encoding.Differences)
        assert diffs[diffs.index(0x27) + 1] == N.quoteright
        assert page1.F3.Encoding.Differences == pikepdf.Array([65, N.B, N.A])  # kept
        for font in (helv, arial, page1.F2, page1.F3, italic):
            assert font.Subtype == N.TrueType and font.FontDescriptor.Flags & 32


def test_a_macron_keeps_the_width_helvetica_gave_it(tmp_path: Path) -> None:
    """Liberation Sans's macron is wider than Helvetica's: the written width is
    Helvetica's, so the text after it does not move."""
    pdf = pikepdf.new()
    content = pdf.make_stream(b"BT /F1 12 Tf 72 700 Td (a\\257b) Tj ET")
    pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
        Type=N.Page, MediaBox=[0, 0, 612, 792], Contents=content,
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(
            F1=_font("Helvetica", Encoding=N.WinAnsiEncoding))))))
    src, dest = tmp_path / "macron.pdf", tmp_path / "copy.pdf"
    pdf.save(src)
    pdf_copy(src, dest, "attachment m")
    with pikepdf.open(dest) as out:
        font = out.pages[0].obj.Resources.Font.F1
        assert (int(font.FirstChar), int(font.LastChar)) == (ord("a"), 0xAF)
        widths = [int(w) for w in font.Widths]
        assert (widths[0], widths[1], widths[-1]) == (556, 556, 333)  # a, b, macron (AFM)
        liberation = face("Liberation Sans", "Regular")
        assert liberation is not None and liberation.advances["macron"] == 552


@pytest.mark.parametrize(("base", "subtype", "expected"), [
    ("Helvetica", "/Type1", "Liberation Sans"),
    ("Helvetica-BoldOblique", "/Type1", "Liberation Sans Bold Italic"),
    ("Arial,Bold", "/TrueType", "Liberation Sans Bold"),
    ("Arial-BoldItalicMT", "/TrueType", "Liberation Sans Bold Italic"),
    ("Times-Roman", "/Type1", "Liberation Serif"),
    ("TimesNewRomanPS-BoldItalicMT", "/TrueType", "Liberation Serif Bold Italic"),
    ("Times New Roman,Italic", "/TrueType", "Liberation Serif Italic"),
    ("CourierNewPSMT", "/TrueType", "Liberation Mono"),
    ("Courier-Oblique", "/Type1", "Liberation Mono Italic"),
    ("Calibri-Bold", "/TrueType", "Carlito Bold"),
    ("Cambria", "/TrueType", "Caladea"),
    ("ABCDEF+ArialMT", "/TrueType", "Liberation Sans"),  # a tag, yet nothing embedded
    ("Helvetica", "/MMType1", "Liberation Sans"),
    ("Symbol", "/Type1", None),
    ("ZapfDingbats", "/Type1", None),
    ("Arial-Black", "/TrueType", None),
    ("ArialNarrow", "/TrueType", None),
    ("Calibri-Light", "/TrueType", None),
    ("HelveticaNeue", "/Type1", None),
    ("Wingdings-Regular", "/TrueType", None),
    ("Helvetica", "/Type3", None),
    ("Helvetica", "/Type0", None),
])
def test_which_fonts_have_a_substitute(base: str, subtype: str, expected: str | None) -> None:
    extra: dict[str, object] = {"Encoding": N.WinAnsiEncoding}
    if subtype == "/TrueType":
        extra["FontDescriptor"] = pikepdf.Dictionary(Flags=32)
    found = substitute_for(_font(base, subtype, **extra))
    assert (found.face.label if found else None) == expected


def test_fonts_whose_encoding_or_glyphs_cannot_be_matched_are_left_alone() -> None:
    win = {"Encoding": N.WinAnsiEncoding}
    embedded = pikepdf.Dictionary(FontFile2=pikepdf.Stream(pikepdf.new(), b""))
    assert substitute_for(_font("Helvetica", FontDescriptor=embedded, **win)) is None
    symbolic = pikepdf.Dictionary(Flags=4)  # codes go to the font's own cmap
    assert substitute_for(_font("Arial", "/TrueType", FontDescriptor=symbolic)) is None
    assert substitute_for(_font("Arial", "/TrueType", FontDescriptor=symbolic, **win)) is None
    assert substitute_for(_font("Helvetica", Encoding=N.MacExpertEncoding)) is None
    odd = pikepdf.Dictionary(Differences=pikepdf.Array([65, N("/g123")]))
    nonsymbolic = pikepdf.Dictionary(Flags=32)
    assert substitute_for(_font("Arial", "/TrueType", FontDescriptor=nonsymbolic,
                                Encoding=odd)) is None  # Arial may have had that glyph
    # Helvetica has no glyph of that name: a reader drew none, nor will it now
    assert substitute_for(_font("Helvetica", Encoding=odd)) is not None
    known = pikepdf.Dictionary(Differences=pikepdf.Array([65, N.uni00E9, N.Euro]))
    assert substitute_for(_font("Helvetica", Encoding=known)) is not None
    assert substitute_for(_font("Helvetica")) is not None  # the standard encoding
    assert substitute_for(_font("Helvetica", Encoding=N.MacRomanEncoding)) is not None


def test_pdfs_with_every_font_embedded_are_not_parsed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = make_pdf(tmp_path / "embedded.pdf", 2, "E", font=fonts.register_font())

    def refuse(*_: object, **__: object) -> list[object]:
        raise AssertionError("content parsed")

    with monkeypatch.context() as patched, pikepdf.open(src) as pdf:
        patched.setattr(pikepdf, "parse_content_stream", refuse)
        assert embed.embed_fonts(pdf) == ()
    assert pdf_copy(src, tmp_path / "copy.pdf", "attachment e").changes == ()


def test_content_that_cannot_be_parsed_keeps_every_glyph_of_the_encoding(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = fonts_pdf(tmp_path / "fonts.pdf")

    def broken(*_: object, **__: object) -> list[object]:
        raise pikepdf.PdfError("unparseable content")

    monkeypatch.setattr(pikepdf, "parse_content_stream", broken)
    with pikepdf.open(src) as pdf:
        assert ("Helvetica", "Liberation Sans") in embed.embed_fonts(pdf)
        helv = pdf.pages[0].obj.Resources.Font.F1
        glyphs = set(_font_file(helv).getGlyphOrder())
    # the standard encoding names 149 glyphs; ArialMT (WinAnsi, same face) adds its own
    liberation = face("Liberation Sans", "Regular")
    assert liberation is not None
    wanted = {liberation.glyph(name) for name in (
        "quoteright", "A", "Oslash", "fi", "germandbls", "Euro")}
    assert None not in wanted and wanted <= glyphs
    assert len(glyphs) > 200
    assert (int(helv.FirstChar), int(helv.LastChar)) == (32, 251)  # space .. germandbls


def test_a_font_without_a_standard_twin_keeps_its_own_descriptor_metrics(
        tmp_path: Path) -> None:
    pdf = pikepdf.new()
    calibri = _font("Calibri", "/TrueType", Encoding=N.WinAnsiEncoding,
                    FontDescriptor=pikepdf.Dictionary(Type=N.FontDescriptor, Flags=32,
                                                      Ascent=750, Descent=-250,
                                                      CapHeight=644))
    pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
        Type=N.Page, MediaBox=[0, 0, 612, 792],
        Contents=pdf.make_stream(b"BT /F1 12 Tf 72 700 Td (Calibri) Tj ET"),
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=calibri)))))
    src, dest = tmp_path / "calibri.pdf", tmp_path / "copy.pdf"
    pdf.save(src)
    assert pdf_copy(src, dest, "attachment c").changes == (
        "embedded Carlito, metric-compatible with the unembedded Calibri; text and layout "
        "unchanged",)
    with pikepdf.open(dest) as out:
        font = out.pages[0].obj.Resources.Font.F1
        desc = font.FontDescriptor
        assert (desc.Ascent, desc.Descent, desc.CapHeight) == (750, -250, 644)
        carlito = face("Carlito", "Regular")
        assert carlito is not None
        assert int(font.Widths[0]) == carlito.advances["C"]  # no widths given: Carlito's


@pytest.mark.slow
def test_the_fhir_example_fda_packet_passes_the_fonts_check(tmp_path: Path) -> None:
    """The FHIR example's lab report (from the bundle) is drawn in unembedded Helvetica:
    the FDA packet now embeds Liberation Sans for it, the ledger no longer asks for a new
    file, and it records the change."""
    case = tmp_path / "case.yaml"
    imported = cli("import-fhir", str(EXAMPLES / "fhir-mcode" / "bundle.json"), "--base",
                   str(EXAMPLES / "fhir-mcode" / "base.yaml"), "--route",
                   "fda/single-patient", "--out", str(case))
    assert imported.returncode == 0, imported.stderr
    labs = tmp_path / "uploads" / "labs-2026-11-10.pdf"
    assert _pdffonts(labs) == {"Helvetica": "no", "Helvetica-Bold": "no"}
    out = build_cli(case, "fda/single-patient", tmp_path / "out")
    packet = out / next(p["file"] for p in manifest(out)["packets"]
                        if p["id"] == "fda-submission")
    assert set(_pdffonts(packet).values()) == {"yes"}
    rows = {r["id"]: r for r in json.loads((out / "ledger.json").read_text())["rows"]}
    assert not [rid for rid in rows if rid.endswith("fonts")]  # neither upload nor preflight
    assert rows["upload-labs-2026-11-10-changed"]["item"] == (
        "attachment labs-2026-11-10 (lab_report): embedded fonts metric-compatible with the "
        "unembedded ones (Liberation Sans for Helvetica, Liberation Sans Bold for "
        "Helvetica-Bold); text and layout unchanged")


def test_a_font_that_cannot_be_subset_leaves_the_upload_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A broken installed font is no fault of the upload: the copy is made, its fonts stay
    unembedded (preflight flags them) and the log says why."""
    src = make_pdf(tmp_path / "helvetica.pdf", 1, "H")

    def broken(*_: object) -> bytes:
        raise ValueError("bad glyf table")

    monkeypatch.setattr(embed, "_subset", broken)
    with caplog.at_level("WARNING", logger="accesspack.pdf.embed_fonts"):
        done = pdf_copy(src, tmp_path / "copy.pdf", "attachment h")
    assert done.changes == ()
    assert fonts.fonts_not_embedded(tmp_path / "copy.pdf") == ["Helvetica"]
    assert "Liberation Sans could not be subset (ValueError)" in caplog.text
