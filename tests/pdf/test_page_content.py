"""Normalisation parses each page's content once for the footer band, the fonts and OCR's
look for scans (:mod:`accesspack.pdf.page_content`), and the copy is the same, byte for
byte, as when each walk parses the page itself."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from accesspack.pdf import page_content
from accesspack.pdf.content import ContentWalk
from accesspack.pdf.normalize import pdf_copy
from accesspack.pdf.page_content import OPERATORS, PageContents
from accesspack.pdf.page_scan import scanned_pages

N = pikepdf.Name


def _jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 30, 30)).save(buf, format="JPEG")
    return buf.getvalue()


def upload(path: Path, *, stamp_name: bool = False) -> Path:
    """Four pages drawn in unembedded Helvetica: (1) text in the footer band, with an
    unbalanced ``Q`` after a ``Tf`` (the shrinking's ``q ... Q`` then changes the font in
    use); (2) plain text and an inline image; (3) a scan: one image XObject, no text;
    (4) an image in a Form XObject named as accesspack's footer when ``stamp_name``."""
    pdf = pikepdf.new()
    helv = pdf.make_indirect(pikepdf.Dictionary(Type=N.Font, Subtype=N.Type1,
                                                BaseFont=N.Helvetica))
    image = pdf.make_stream(_jpeg(), Type=N.XObject, Subtype=N.Image, Width=40, Height=40,
                            ColorSpace=N.DeviceRGB, BitsPerComponent=8, Filter=N.DCTDecode)
    form = pdf.make_stream(b"q 200 0 0 200 0 0 cm /Im0 Do Q", Type=N.XObject,
                           Subtype=N.Form, BBox=[0, 0, 200, 200],
                           Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image)))
    fonts = pikepdf.Dictionary(F1=helv)
    contents = [
        b"BT /F1 10 Tf 72 700 Td (Above the band) Tj ET Q BT 72 20 Td (In the band: xyz) Tj "
        b"ET",
        b"BT /F1 11 Tf 72 700 Td (Text with an inline picture) Tj ET\n"
        b"q 50 0 0 50 72 400 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\xff\xff\x00 EI Q",
        b"q 612 0 0 792 0 0 cm /Im0 Do Q",
        b"BT /F1 12 Tf 72 700 Td (A form) Tj ET q 1 0 0 1 100 300 cm /"
        + (b"APStamp1" if stamp_name else b"Fm1") + b" Do Q",
    ]
    for data in contents:
        xobjects = pikepdf.Dictionary(Im0=image)
        xobjects[N("/APStamp1" if stamp_name else "/Fm1")] = form
        page = pdf.add_blank_page(page_size=(612, 792))
        page.obj.Resources = pikepdf.Dictionary(Font=fonts, XObject=xobjects)
        page.obj.Contents = pdf.make_stream(data)
    pdf.save(path, deterministic_id=True)
    return path


def test_each_page_is_parsed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted: one parse of each page with the shared operators, none with the font
    trace's own; the two pages found in the band (the text at its foot, the full-page
    scan) are parsed once more following their clipping paths (another reading, which
    only band pages get)."""
    src = upload(tmp_path / "upload.pdf")
    parses: Counter[tuple[int, str]] = Counter()
    original = pikepdf.parse_content_stream

    def counting(owner: pikepdf.Object, operators: str = "") -> object:
        if isinstance(owner, pikepdf.Dictionary) and owner.get("/Type") == N.Page:
            parses[(int(owner.Contents.objgen[0]), operators)] += 1
        return original(owner, operators)

    monkeypatch.setattr(pikepdf, "parse_content_stream", counting)
    done = pdf_copy(src, tmp_path / "copy.pdf", "upload.pdf")
    shared = [n for (_, ops), n in parses.items() if ops == OPERATORS]
    assert shared == [1, 1, 1, 1]
    others = [ops for (_, ops), n in parses.items() if ops != OPERATORS]
    assert len(others) == 2 and all(" W " in f" {ops} " for ops in others)  # clip walks
    assert any("shrank pages 1, 3" in c for c in done.changes)
    assert any("Liberation Sans" in c for c in done.changes)


def test_the_shared_parse_changes_no_byte(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The copy made from one parse per page equals, byte for byte, the copy made when
    each walk parses the page itself (what pdf_copy did before), and the scanned pages it
    found are those OCR's own look finds in the copy."""
    src = upload(tmp_path / "upload.pdf")
    shared = pdf_copy(src, tmp_path / "shared.pdf", "upload.pdf")
    monkeypatch.setattr(page_content.PageContents, "of",
                        lambda self, index, page: (None, None))
    apart = pdf_copy(src, tmp_path / "apart.pdf", "upload.pdf")
    assert (tmp_path / "shared.pdf").read_bytes() == (tmp_path / "apart.pdf").read_bytes()
    assert shared == apart and shared.changes
    with pikepdf.open(tmp_path / "shared.pdf") as pdf:
        assert shared.scans == tuple(scanned_pages(pdf)) == (2,)


def test_scans_are_left_to_ocr_when_an_upload_draws_a_stamp_name(tmp_path: Path) -> None:
    """The band walk draws forms named as accesspack's footer, OCR's look leaves them out:
    an upload drawing one gives no scans (OCR looks itself)."""
    src = upload(tmp_path / "upload.pdf", stamp_name=True)
    done = pdf_copy(src, tmp_path / "copy.pdf", "upload.pdf")
    assert done.scans is None
    plain = pdf_copy(upload(tmp_path / "plain.pdf"), tmp_path / "plain-copy.pdf", "plain.pdf")
    assert plain.scans == (2,)


def test_page_contents_keep_what_the_trace_reads(tmp_path: Path) -> None:
    """The band walk keeps the trace's instructions, named; a shrunk page's get a ``q``
    first; a page not walked through, or not parsed, keeps nothing."""
    with pikepdf.open(upload(tmp_path / "upload.pdf")) as pdf:
        contents = PageContents()
        page = pdf.pages[0].obj
        instructions, tap = contents.of(0, page)
        assert instructions is not None and tap is not None and contents.parses == 1
        assert contents.traced(0, page, frozenset()) is None  # not walked yet
        ContentWalk(skip_stamps=False).page(page, page.Resources, (1, 0, 0, 1, 0, 0),
                                             instructions, tap)
        kept = contents.traced(0, page, frozenset())
        assert kept is not None
        assert [op for op, _ in kept] == ["Tf", "Tj", "Q", "Tj"]
        wrapped = contents.traced(0, page, frozenset({0}))
        assert wrapped is not None and wrapped[0][0] == "q" and wrapped[1:] == kept
        pdf.pages[1].obj.Contents = pdf.make_stream(b"not Flate", Filter=N.FlateDecode)
        assert contents.of(1, pdf.pages[1].obj) == (None, None) and contents.parses == 2
        assert contents.traced(1, pdf.pages[1].obj, frozenset()) is None
