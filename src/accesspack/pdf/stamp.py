"""Stamp a footer (and a DRAFT watermark) on every page of a pypdf document.

The stamps are drawn by reportlab in ONE document with one page per target page, in the
embedded TrueType font (Liberation Sans; WenQuanYi Micro Hei for Chinese). Each stamp page
becomes a Form XObject that is painted over its target page: the target's content stream is
wrapped in ``q``/``Q`` but never decoded or re-encoded, so stamping costs the same for a
page of text or a 20 MB scan.

Stamps are drawn in the page's *visual* frame: the crop box as a viewer shows it, after
``/Rotate``. A footer is thus centred at the bottom of what the reader sees, on any page
size, orientation or box origin.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    PdfObject,
    StreamObject,
)
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..locale import Labels, labels_for
from .fonts import font_pair

__all__ = [
    "FOOTER_BASELINE",
    "FOOTER_SIZE",
    "Matrix",
    "stamp_pages",
    "visual_frame",
    "visual_top_left",
]

Matrix = tuple[float, float, float, float, float, float]

_INCH = 72.0
#: Footer baseline above the visual bottom edge: descenders stay clear of the 3/8 in
#: band regulators keep free, and the cap height stays under 0.6 in.
FOOTER_BASELINE = 0.45 * _INCH
FOOTER_SIZE = 9.0
_FOOTER_MIN_SIZE = 8.0
_FOOTER_SIDE = 0.75 * _INCH
_SEP = " \u00b7 "
_ELLIPSIS = "\u2026"
_STAMP_NAME = "/APStamp"


def visual_frame(page: PageObject) -> tuple[Matrix, float, float]:
    """The matrix from the page's visual frame to its user space, and the visual size.

    The visual frame has its origin at the bottom-left corner of the crop box as a viewer
    displays it (after the clockwise ``/Rotate``), x to the right and y up.
    """
    box = page.cropbox
    llx, lly, urx, ury = (float(box.left), float(box.bottom), float(box.right),
                          float(box.top))
    width, height = urx - llx, ury - lly
    rotate = page.rotation % 360
    if rotate == 90:
        return (0.0, 1.0, -1.0, 0.0, urx, lly), height, width
    if rotate == 180:
        return (-1.0, 0.0, 0.0, -1.0, urx, ury), width, height
    if rotate == 270:
        return (0.0, -1.0, 1.0, 0.0, llx, ury), height, width
    return (1.0, 0.0, 0.0, 1.0, llx, lly), width, height


def visual_top_left(page: PageObject) -> tuple[float, float]:
    """The user-space point a viewer shows at the top-left corner of ``page``."""
    matrix, _, height = visual_frame(page)
    return (matrix[2] * height + matrix[4], matrix[3] * height + matrix[5])


def _footer(prefix: str, case_id: str, suffix: str) -> Callable[[str], str]:
    """The footer text as a function of the (possibly shortened) packet title."""
    return lambda title: f"{prefix}{case_id}{_SEP}{title}{suffix}"


def _fit(text_for: Callable[[str], str], title: str, font: str, limit: float) -> tuple[str, float]:
    """The footer text and font size: 9 pt, else 8 pt, else the title is shortened."""
    for size in (FOOTER_SIZE, _FOOTER_MIN_SIZE):
        text = text_for(title)
        if stringWidth(text, font, size) <= limit:
            return text, size
    lo, hi = 0, len(title)  # longest prefix of the title that fits at 8 pt
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if stringWidth(text_for(title[:mid].rstrip() + _ELLIPSIS), font, _FOOTER_MIN_SIZE) <= limit:
            lo = mid
        else:
            hi = mid - 1
    return text_for(title[:lo].rstrip() + _ELLIPSIS), _FOOTER_MIN_SIZE


def _draw_watermark(c: Canvas, font: str, width: float, height: float,
                    word: str = "DRAFT") -> None:
    """A large light-grey DRAFT along the page diagonal."""
    diagonal = math.hypot(width, height)
    size = 0.55 * diagonal * 1000.0 / stringWidth(word, font, 1000.0)
    c.saveState()
    c.setFillColorRGB(0.55, 0.55, 0.55)
    c.setFillAlpha(0.3)
    c.translate(width / 2.0, height / 2.0)
    c.rotate(math.degrees(math.atan2(height, width)))
    c.setFont(font, size)
    c.drawCentredString(0.0, -0.35 * size, word)
    c.restoreState()


def _overlay(writer: PdfWriter, case_id: str, packet_title: str, draft: bool,
             labels: Labels) -> PdfReader:
    """One reportlab page per page of ``writer`` holding its footer (and watermark)."""
    regular, bold = font_pair(labels.font_family, labels.bold_style, [
        (case_id, "the case id"), (packet_title, "the packet title"),
        (labels.page + labels.draft, "the footer words"),
    ])
    total = len(writer.pages)
    buf = io.BytesIO()
    c = Canvas(buf, invariant=1, pageCompression=1, initialFontName=regular,
               initialFontSize=FOOTER_SIZE)
    prefix = f"{labels.draft}{_SEP}" if draft else ""
    for number, page in enumerate(writer.pages, start=1):
        matrix, width, height = visual_frame(page)
        mediabox = page.mediabox
        c.setPageSize((float(mediabox.width), float(mediabox.height)))
        c.saveState()
        c.transform(*matrix)
        if draft:
            _draw_watermark(c, bold, width, height, labels.draft)
        page_label = labels.page.format(n=number, total=total)
        text, size = _fit(_footer(prefix, case_id, f"{_SEP}{page_label}"),
                          packet_title, regular, max(width - 2 * _FOOTER_SIDE, 72.0))
        c.setFillColorRGB(0, 0, 0)
        c.setFont(regular, size)
        c.drawCentredString(width / 2.0, FOOTER_BASELINE, text)
        c.restoreState()
        c.showPage()
    c.save()
    return PdfReader(io.BytesIO(buf.getvalue()))


def _stream(writer: PdfWriter, data: bytes) -> IndirectObject:
    """A Flate-compressed stream object added to ``writer``."""
    raw = DecodedStreamObject()
    raw.set_data(data)
    return writer._add_object(raw.flate_encode())


def _as_form(writer: PdfWriter, stamp: PageObject, target: PageObject) -> IndirectObject:
    """Turn the reportlab page ``stamp`` into a Form XObject inside ``writer``."""
    content = stamp.raw_get("/Contents").get_object()
    assert isinstance(content, StreamObject)
    form = content.clone(writer, force_duplicate=True)
    assert isinstance(form, StreamObject) and form.indirect_reference is not None
    box = target.mediabox
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject(
        FloatObject(v) for v in (box.left, box.bottom, box.right, box.top))
    form[NameObject("/Resources")] = stamp.raw_get("/Resources").clone(writer)
    return form.indirect_reference


def _free_name(xobjects: DictionaryObject) -> str:
    name, n = _STAMP_NAME, 0
    while name in xobjects:
        n += 1
        name = f"{_STAMP_NAME}{n}"
    return name


def stamp_pages(writer: PdfWriter, *, case_id: str, packet_title: str, draft: bool,
                labels: Labels | None = None) -> None:
    """Paint ``<case_id> · <packet_title> · Page n of N`` at the foot of every page.

    With ``draft`` the footer starts with ``DRAFT ·`` and a diagonal DRAFT watermark is
    painted over each page. The target content is isolated in ``q``/``Q`` first, so a
    page that leaves the graphics state changed does not move the stamp.
    """
    overlay = _overlay(writer, case_id, packet_title, draft, labels or labels_for("en"))
    push = _stream(writer, b"q\n")
    calls: dict[str, IndirectObject] = {}
    for page, stamp in zip(writer.pages, overlay.pages, strict=True):
        form = _as_form(writer, stamp, page)
        resources = page.get("/Resources")
        resources = DictionaryObject(resources.get_object() if resources is not None else {})
        xobjects = resources.get("/XObject")
        xobjects = DictionaryObject(xobjects.get_object() if xobjects is not None else {})
        name = _free_name(xobjects)
        xobjects[NameObject(name)] = form
        resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = resources
        if name not in calls:
            calls[name] = _stream(writer, f"\nQ\nq {name} Do Q\n".encode())
        contents: list[PdfObject] = []
        existing = page.raw_get("/Contents") if "/Contents" in page else None
        if existing is not None:
            resolved = existing.get_object()
            if isinstance(resolved, ArrayObject):
                contents.extend(resolved)
            elif isinstance(existing, IndirectObject):
                contents.append(existing)
            elif isinstance(resolved, StreamObject):
                contents.append(writer._add_object(resolved))
        page[NameObject("/Contents")] = ArrayObject([push, *contents, calls[name]])
