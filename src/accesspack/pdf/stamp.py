"""Stamp a footer (and a DRAFT watermark) on every page of a pikepdf document.

Footers differ from page to page only in the page number, so every *distinct* piece of
text is drawn once by reportlab, in the embedded TrueType font (Liberation Sans;
WenQuanYi Micro Hei for Chinese), and becomes a Form XObject: the fixed start of the
footer (``<case_id> · <packet_title> · Page ``), each digit, the fixed end (`` of N``),
and the DRAFT watermark for each page size. Each page then gets a few bytes of content
that place those pieces, so stamping 6,000 pages costs little more than stamping 60.

The target page's own content is wrapped in ``q``/``Q`` and never decoded or re-encoded,
so stamping costs the same for a page of text or a 20 MB scan.

Stamps are drawn in the page's *visual* frame: the crop box as a viewer shows it, after
``/Rotate``. A footer is thus centred at the bottom of what the reader sees, on any page
size, orientation or box origin.
"""

from __future__ import annotations

import io
import math
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import pikepdf
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..languages import Labels, labels_for
from .fonts import font_pair
from .units import INCH

__all__ = [
    "FOOTER_BASELINE",
    "FOOTER_SIZE",
    "Matrix",
    "concat",
    "frame_of",
    "invert",
    "pdf_number",
    "stamp_pages",
    "visual_frame",
    "visual_top_left",
]

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]

#: Footer baseline above the visual bottom edge: descenders stay clear of the 3/8 in
#: band regulators keep free, and the cap height stays under 0.6 in.
FOOTER_BASELINE = 0.45 * INCH
FOOTER_SIZE = 9.0
_FOOTER_MIN_SIZE = 8.0
_FOOTER_SIDE = 0.75 * INCH
_SEP = " \u00b7 "
_ELLIPSIS = "\u2026"
_STAMP_NAME = "/APStamp"
_MARK = "\0"  # stands for the page number while the label is split around it


def frame_of(box: Box, rotate: int) -> tuple[Matrix, float, float]:
    """The visual frame of a page with crop ``box`` (llx, lly, urx, ury) and ``/Rotate``.

    Returns the matrix from the visual frame to user space, and the visual width and
    height. The visual frame has its origin at the bottom-left corner of the crop box as a
    viewer displays it (after the clockwise ``/Rotate``), x to the right and y up.
    """
    llx, lly, urx, ury = box
    width, height = urx - llx, ury - lly
    rotate %= 360
    if rotate == 90:
        return (0.0, 1.0, -1.0, 0.0, urx, lly), height, width
    if rotate == 180:
        return (-1.0, 0.0, 0.0, -1.0, urx, ury), width, height
    if rotate == 270:
        return (0.0, -1.0, 1.0, 0.0, llx, ury), height, width
    return (1.0, 0.0, 0.0, 1.0, llx, lly), width, height


def concat(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF row-vector convention: ``m x n``)."""
    a1, b1, c1, d1, e1, f1 = m
    a2, b2, c2, d2, e2, f2 = n
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def invert(m: Matrix) -> Matrix:
    """The inverse of ``m`` (the identity for a degenerate matrix)."""
    a, b, c, d, e, f = m
    det = a * d - b * c
    if abs(det) < 1e-12:
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    ia, ib, ic, id_ = d / det, -b / det, -c / det, a / det
    return (ia, ib, ic, id_, -(e * ia + f * ic), -(e * ib + f * id_))


def pdf_number(value: float) -> str:
    """``value`` for a content stream, with 4 decimals at most."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _crop_box(page: pikepdf.Object) -> Box:
    """The crop box, else the media box (one that is not 4 numbers is skipped), normalised
    to lower-left, upper-right."""
    for key in ("/CropBox", "/MediaBox"):
        box = page.get(key)
        if isinstance(box, pikepdf.Array) and len(box) == 4:
            try:
                x0, y0, x1, y1 = (float(v) for v in box)
            except (TypeError, ValueError):
                continue
            return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    return (0.0, 0.0, 612.0, 792.0)  # the default the PDF standard gives


def visual_frame(page: pikepdf.Object) -> tuple[Matrix, float, float]:
    """The matrix from the page's visual frame to its user space, and the visual size.

    ``page`` is a page dictionary carrying its own boxes and ``/Rotate`` (pikepdf pushes
    inherited attributes down to the pages when it opens a file). See :func:`frame_of`.
    """
    rotate = page.get("/Rotate")
    return frame_of(_crop_box(page), int(rotate) if isinstance(rotate, int) else 0)


def visual_top_left(page: pikepdf.Object) -> tuple[float, float]:
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




def _flate(data: bytes) -> bytes:
    """Flate-compress a small stream (a small window: it allocates and runs faster)."""
    zip_ = zlib.compressobj(6, zlib.DEFLATED, 9, 1)
    return zip_.compress(data) + zip_.flush()


@dataclass(frozen=True)
class _Footer:
    """One page's stamp: its visual frame, the watermark size, the footer's pieces."""

    matrix: Matrix
    mark: tuple[float, float] | None  # the visual size, when a watermark is drawn
    x: float  # where the footer starts, in the visual frame
    size: float
    pieces: tuple[str, ...]  # texts drawn one after the other at ``size``


class _Pieces:
    """The distinct stamp pieces, drawn once by reportlab, as Form XObjects in ``pdf``."""

    def __init__(self, regular: str, bold: str, word: str) -> None:
        self.regular, self.bold, self.word = regular, bold, word
        self.texts: dict[tuple[str, float], int] = {}
        self.marks: dict[tuple[float, float], int] = {}
        self._widths: dict[tuple[str, float], float] = {}

    def width(self, text: str, size: float) -> float:
        key = (text, size)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = stringWidth(text, self.regular, size)
        return width

    def text(self, text: str, size: float) -> int:
        return self.texts.setdefault((text, size), len(self.texts) + len(self.marks))

    def mark(self, width: float, height: float) -> int:
        return self.marks.setdefault((width, height), len(self.texts) + len(self.marks))

    def forms(self, pdf: pikepdf.Pdf, keep: list[pikepdf.Pdf]) -> dict[int, pikepdf.Object]:
        """Draw every piece (one reportlab page each) and copy it into ``pdf`` as a form.

        The reportlab document is appended to ``keep``: it must stay open until ``pdf``
        is saved.
        """
        buf = io.BytesIO()
        c = Canvas(buf, invariant=1, pageCompression=1, initialFontName=self.regular,
                   initialFontSize=FOOTER_SIZE)
        order: list[tuple[int, Box]] = []
        for (text, size), index in self.texts.items():
            width = self.width(text, size)
            c.setPageSize((max(width, 1.0), 2.0 * size))
            c.setFillColorRGB(0, 0, 0)
            c.setFont(self.regular, size)
            c.drawString(0.0, 0.0, text)
            c.showPage()
            order.append((index, (-size, -size, width + size, 2.0 * size)))
        for (width, height), index in self.marks.items():
            c.setPageSize((width, height))
            _draw_watermark(c, self.bold, width, height, self.word)
            c.showPage()
            order.append((index, (0.0, 0.0, width, height)))
        c.save()
        drawn = pikepdf.Pdf.open(io.BytesIO(buf.getvalue()))
        keep.append(drawn)
        forms: dict[int, pikepdf.Object] = {}
        for page, (index, bbox) in zip(drawn.pages, order, strict=True):
            form = pdf.copy_foreign(page.as_form_xobject())
            form.BBox = pikepdf.Array(bbox)
            if "/Matrix" in form:
                del form.Matrix
            forms[index] = form
        return forms


def _plan(pages: Sequence[pikepdf.Object], pieces: _Pieces, *, case_id: str,
          packet_title: str, draft: bool, labels: Labels) -> list[_Footer]:
    """Lay out every page's footer from the widths of its pieces."""
    total = len(pages)
    prefix = f"{labels.draft}{_SEP}" if draft else ""
    parts = labels.page.format(n=_MARK, total=total).split(_MARK)
    split = len(parts) == 2
    head, tail = (parts[0], parts[1]) if split else ("", "")
    regular = pieces.regular
    digit_width = {d: stringWidth(d, regular, 1000.0) for d in "0123456789"}
    frames: dict[tuple[Box, int], tuple[Matrix, float, float]] = {}
    # (visual width, width of the number) -> the footer's pieces without the number,
    # its size and its width without the number
    fits: dict[tuple[float, float], tuple[str, float, float]] = {}
    footers: list[_Footer] = []
    for number, page in enumerate(pages, start=1):
        rotate = page.get("/Rotate")
        key = (_crop_box(page), int(rotate) if isinstance(rotate, int) else 0)
        frame = frames.get(key)
        if frame is None:
            frame = frames[key] = frame_of(*key)
        matrix, width, height = frame
        limit = max(width - 2 * _FOOTER_SIDE, 72.0)
        digits = str(number)
        texts: tuple[str, ...]
        if split:
            number_width = sum(digit_width[d] for d in digits)
            fit = fits.get((width, number_width))
            if fit is None:
                text, size = _fit(_footer(prefix, case_id, f"{_SEP}{head}{digits}{tail}"),
                                  packet_title, regular, limit)
                left = text[:len(text) - len(digits) - len(tail)]
                pieces.text(left, size)
                if tail:
                    pieces.text(tail, size)
                fixed = pieces.width(left, size) + (pieces.width(tail, size) if tail else 0.0)
                fit = fits[(width, number_width)] = (left, size, fixed)
            left, size, fixed = fit
            for d in digits:
                pieces.text(d, size)
            full = fixed + number_width * size / 1000.0
            texts = (left, *digits, tail) if tail else (left, *digits)
        else:  # a label without exactly one {n}: one piece per page
            label = labels.page.format(n=number, total=total)
            text, size = _fit(_footer(prefix, case_id, f"{_SEP}{label}"), packet_title,
                              regular, limit)
            pieces.text(text, size)
            full = pieces.width(text, size)
            texts = (text,)
        mark = (width, height) if draft else None
        if mark is not None:
            pieces.mark(*mark)
        footers.append(_Footer(matrix, mark, width / 2.0 - full / 2.0, size, texts))
    return footers


def _names(xobjects: pikepdf.Object | None, count: int) -> str:
    """A name prefix ``/APStamp…`` whose ``count`` names are all free in ``xobjects``."""
    prefix, n = _STAMP_NAME, 0
    while isinstance(xobjects, pikepdf.Dictionary) and any(
            f"{prefix}{i}" in xobjects for i in range(count)):
        n += 1
        prefix = f"{_STAMP_NAME}{n}_"
    return prefix


def stamp_pages(pdf: pikepdf.Pdf, pages: Sequence[pikepdf.Object], *, case_id: str,
                packet_title: str, draft: bool, labels: Labels | None = None,
                keep: list[pikepdf.Pdf] | None = None) -> None:
    """Paint ``<case_id> · <packet_title> · Page n of N`` at the foot of ``pages``.

    ``pages`` are the page dictionaries of ``pdf``, in order (n counts them). With
    ``draft`` the footer starts with ``DRAFT ·`` and a diagonal DRAFT watermark is
    painted over each page. The target content is isolated in ``q``/``Q`` first, so a
    page that leaves the graphics state changed does not move the stamp. ``keep``
    receives the helper documents that must stay open until ``pdf`` is saved.
    """
    labels = labels or labels_for("en")
    regular, bold = font_pair(labels.font_family, labels.bold_style, [
        (case_id, "the case id"), (packet_title, "the packet title"),
        (labels.page + labels.draft, "the footer words"),
    ])
    pieces = _Pieces(regular, bold, labels.draft)
    footers = _plan(pages, pieces, case_id=case_id, packet_title=packet_title, draft=draft,
                    labels=labels)
    forms = pieces.forms(pdf, keep if keep is not None else [])
    count = len(forms)
    shared = pdf.make_indirect(pikepdf.Dictionary(
        {f"{_STAMP_NAME}{i}": form for i, form in forms.items()}))
    push = pdf.make_stream(_flate(b"q\n"))
    push.Filter = pikepdf.Name.FlateDecode
    # an indirect /Resources or /XObject dictionary may be shared: it gets one stamped copy
    copies: dict[tuple[int, int], tuple[pikepdf.Object, str]] = {}

    def with_stamps(xobjects: pikepdf.Object, copy: bool) -> tuple[pikepdf.Object, str]:
        """``xobjects`` (or a copy of it) with the stamp forms added."""
        prefix = _names(xobjects, count)
        if copy:
            indirect = xobjects.is_indirect
            xobjects = pikepdf.Dictionary(cast(Mapping[str, Any], xobjects))
            if indirect:
                xobjects = pdf.make_indirect(xobjects)
        for i, form in forms.items():
            xobjects[f"{prefix}{i}"] = form
        return xobjects, prefix

    def add_stamps(page: pikepdf.Object) -> str:
        """Make the stamp forms resources of ``page``; return their name prefix."""
        prefix = _STAMP_NAME
        resources = page.get("/Resources")
        if not isinstance(resources, pikepdf.Dictionary):
            page.Resources = pikepdf.Dictionary(XObject=shared)
        elif resources.is_indirect:
            hit = copies.get(resources.objgen)
            if hit is None:
                new = pikepdf.Dictionary(cast(Mapping[str, Any], resources))
                xobjects = new.get("/XObject")
                if isinstance(xobjects, pikepdf.Dictionary) and len(xobjects):
                    new.XObject, prefix = with_stamps(xobjects, copy=True)
                else:
                    new.XObject = shared
                hit = copies[resources.objgen] = (pdf.make_indirect(new), prefix)
            page.Resources, prefix = hit
        else:  # a direct dictionary belongs to this page alone: stamped in place
            xobjects = resources.get("/XObject")
            if not isinstance(xobjects, pikepdf.Dictionary) or not len(xobjects):
                resources.XObject = shared
            elif xobjects.is_indirect:
                hit = copies.get(xobjects.objgen)
                if hit is None:
                    hit = copies[xobjects.objgen] = with_stamps(xobjects, copy=True)
                resources.XObject, prefix = hit
            else:
                _, prefix = with_stamps(xobjects, copy=False)
        return prefix

    texts, marks = pieces.texts, pieces.marks
    # the content of a stamp, in fragments that repeat from page to page
    heads: dict[tuple[str, Matrix, tuple[float, float] | None, float, float], str] = {}
    steps: dict[tuple[str, float, str, str], str] = {}
    flate = pikepdf.Name.FlateDecode
    for page, footer in zip(pages, footers, strict=True):
        prefix = add_stamps(page)
        size = footer.size
        head_key = (prefix, footer.matrix, footer.mark, footer.x, size)
        head = heads.get(head_key)
        if head is None:
            head = f"\nQ\nq {' '.join(map(pdf_number, footer.matrix))} cm\n"
            if footer.mark is not None:
                head += f"{prefix}{marks[footer.mark]} Do\n"
            head += f"1 0 0 1 {pdf_number(footer.x)} {pdf_number(FOOTER_BASELINE)} cm\n"
            heads[head_key] = head
        ops = [head]
        previous = ""
        for text in footer.pieces:  # move past the previous piece, draw this one
            step_key = (prefix, size, previous, text)
            step = steps.get(step_key)
            if step is None:
                step = f"{prefix}{texts[(text, size)]} Do\n"
                if previous:
                    step = f"1 0 0 1 {pdf_number(pieces.width(previous, size))} 0 cm\n{step}"
                steps[step_key] = step
            ops.append(step)
            previous = text
        ops.append("Q\n")
        stamp = pdf.make_stream(_flate("".join(ops).encode()))
        stamp.Filter = flate
        contents = page.get("/Contents")
        if isinstance(contents, pikepdf.Array):
            page.Contents = pikepdf.Array([push, *contents, stamp])
        elif isinstance(contents, pikepdf.Stream):
            page.Contents = pikepdf.Array([push, contents, stamp])
        else:
            page.Contents = pikepdf.Array([push, stamp])
