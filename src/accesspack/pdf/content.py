"""Walking a PDF page's content: what it paints, and where.

The walk follows the graphics state (``q``/``Q``/``cm``), text positioning and showing,
inline and XObject images and Form XObjects (each walked once, nested at most
:data:`~.fonts.FORM_DEPTH` deep), and, when asked, clipping paths. It records text
baselines and image corners in the page's visible frame; nothing is decoded but the
content streams. A ``cm`` is applied when something is drawn after it (the same products,
in the same order), so a run of ``cm`` that draws nothing, or only accesspack's footer,
costs no operand reading. Normalisation uses it to find upload pages that print where the packet
footer goes (:func:`footer_band_pages`), and preflight to check packets the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import pikepdf

from .fonts import FORM_DEPTH as _FORM_DEPTH
from .instructions import Tap
from .stamp import _STAMP_NAME, concat, invert, visual_frame
from .units import INCH

__all__ = ["FOOTER_BAND", "Box", "ContentWalk", "Marks", "Matrix", "Parsed", "Point", "Quad",
           "footer_band_pages", "in_band", "page_frame", "still_in_band"]

Matrix = tuple[float, float, float, float, float, float]
Point = tuple[float, float]
Quad = tuple[float, float, float, float, float, float, float, float]
Box = tuple[float, float, float, float]
_Instruction = pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage
#: a page's instructions parsed already (its 0-based index, the page), and what of them to
#: keep for another walk; (None, None) to parse it here: :meth:`~.page_content.PageContents.of`
Parsed = Callable[[int, pikepdf.Object], tuple[list[_Instruction] | None, Tap | None]]

#: The band at the foot of the visible page kept for accesspack's footer stamp.
FOOTER_BAND = 0.6 * INCH
_HULL_ABOVE = 256  # a Form XObject keeps the convex hull of more text points than this
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_SHOW = frozenset(("Tj", "TJ", "'", '"'))
#: the operators the content walk reads; qpdf drops the others (paths, colours, fonts)
#: while parsing, so drawings with thousands of path segments cost little
_WALKED = "q Q cm BT Tm Td TD T* TL Tj TJ ' \" Do BI ID EI"
#: what a walk that follows clipping paths reads besides: path construction (every point
#: of a path bounds the clip it makes), clipping and painting. It costs about four times
#: as much on drawings, so it only confirms the pages the plain walk finds in the band.
_PATHS = "m l c v y re W W* n S s f F f* B B* b b*"
_POINTS = {"m": 2, "l": 2, "c": 6, "v": 4, "y": 4}
_PAINT = frozenset(("n", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*"))
#: cm (and TL) instructions held unread at most (see ``ContentWalk._walk``)
_PENDING = 32


# -- geometry ---------------------------------------------------------------------------


def _unit_square(m: Matrix) -> Quad:
    """The corners of the unit square (where an image is painted) under ``m``."""
    a, b, c, d, e, f = m
    return (e, f, a + e, b + f, c + e, d + f, a + c + e, b + d + f)


def _clipped(quad: Quad, clip: Box | None) -> Quad | None:
    """The box around ``quad`` cut to the ``clip`` box (x0, y0, x1, y1), as a quad; None
    when nothing of it is left. No clip: ``quad`` itself."""
    if clip is None:
        return quad
    xs, ys = quad[0::2], quad[1::2]
    x0, y0 = max(min(xs), clip[0]), max(min(ys), clip[1])
    x1, y1 = min(max(xs), clip[2]), min(max(ys), clip[3])
    if x0 > x1 or y0 > y1:
        return None
    return (x0, y0, x1, y0, x0, y1, x1, y1)


def _hull(points: list[Point]) -> list[Point]:
    """The convex hull's corners (Andrew's monotone chain): the extremes of any affine map."""
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def half(seq: Iterable[Point]) -> list[Point]:
        out: list[Point] = []
        for p in seq:
            while len(out) >= 2 and ((out[-1][0] - out[-2][0]) * (p[1] - out[-2][1])
                                     - (out[-1][1] - out[-2][1]) * (p[0] - out[-2][0])) <= 0:
                out.pop()
            out.append(p)
        return out

    lower, upper = half(pts), half(reversed(pts))
    return lower[:-1] + upper[:-1]


def _numbers(operands: Iterable[object], count: int) -> list[float] | None:
    """The last ``count`` operands as numbers (None when they are not numbers)."""
    values = list(operands)[-count:]
    if len(values) < count:
        return None
    try:
        return [float(x) for x in values]  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _matrix(obj: object) -> Matrix:
    if isinstance(obj, pikepdf.Array) and len(obj) == 6:
        try:
            a, b, c, d, e, f = (float(x) for x in obj)
            return (a, b, c, d, e, f)
        except (TypeError, ValueError):
            pass
    return _IDENTITY


# -- content -----------------------------------------------------------------------------


@dataclass
class Marks:
    """What a content stream paints, in one frame: text baselines and image corners."""

    text: bool = False
    image: bool = False
    points: list[Point] = field(default_factory=list)
    quads: list[Quad] = field(default_factory=list)
    #: it draws an XObject named as accesspack's footer (``/APStamp...``), walked or not
    stamped: bool = False

    def add(self, other: Marks, m: Matrix, clip: Box | None = None) -> None:
        """Add ``other`` (in its own frame), drawn through ``m`` into this frame, its images
        cut to ``clip`` (in this frame)."""
        self.text |= other.text
        self.image |= other.image
        self.stamped |= other.stamped
        a, b, c, d, e, f = m
        self.points.extend((a * x + c * y + e, b * x + d * y + f) for x, y in other.points)
        for x0, y0, x1, y1, x2, y2, x3, y3 in other.quads:
            quad = _clipped((a * x0 + c * y0 + e, b * x0 + d * y0 + f,
                             a * x1 + c * y1 + e, b * x1 + d * y1 + f,
                             a * x2 + c * y2 + e, b * x2 + d * y2 + f,
                             a * x3 + c * y3 + e, b * x3 + d * y3 + f), clip)
            if quad is not None:
                self.quads.append(quad)


class ContentWalk:
    """Walk content streams (q/Q/cm, text positioning, images, Form XObjects).

    ``skip_stamps`` leaves out accesspack's footer (Form XObjects named ``/APStamp...``):
    right for a packet this build stamped, not for an upload, which may be an older
    packet or name its own content so. With ``clips`` the walk also follows clipping
    paths, and cuts each image to the box of the clip it is drawn in.
    """

    def __init__(self, *, skip_stamps: bool = True, clips: bool = False) -> None:
        self.forms: dict[tuple[int, int], Marks | None] = {}
        self._open: set[tuple[int, int]] = set()
        self.skip_stamps = skip_stamps
        self._operators = f"{_WALKED} {_PATHS}" if clips else _WALKED

    def page(self, page: pikepdf.Object, resources: object, ctm: Matrix,
             parsed: Iterable[_Instruction] | None = None, tap: Tap | None = None) -> Marks:
        """What ``page`` paints; ``parsed``: its instructions parsed already with (at least)
        this walk's operators, or None to parse them here; ``tap`` keeps those of its
        instructions another walk reads (:class:`~.instructions.Tap`)."""
        marks = Marks()
        if parsed is None:
            parsed = pikepdf.parse_content_stream(page, self._operators)
        self._walk(parsed, resources, ctm, marks, 0, tap)
        if tap is not None:
            tap.done = True
        return marks

    def _form(self, form: pikepdf.Object, parent: object, depth: int) -> Marks | None:
        key = form.objgen
        if key in self.forms:
            return self.forms[key]
        if key in self._open or depth >= _FORM_DEPTH:
            return None  # a form drawing itself
        self._open.add(key)
        marks: Marks | None = None
        try:
            own = form.get("/Resources")
            # an old PDF 1.1 form without resources uses its page's
            resources = own if isinstance(own, pikepdf.Dictionary) else parent
            walked = Marks()
            self._walk(pikepdf.parse_content_stream(form, self._operators), resources,
                       _IDENTITY, walked, depth + 1)
            if len(walked.points) > _HULL_ABOVE:
                walked.points = _hull(walked.points)
            marks = walked
        except pikepdf.PdfError:
            marks = None  # a broken form draws nothing a viewer would show either
        finally:
            self._open.discard(key)
        self.forms[key] = marks
        return marks

    def _walk(self, instructions: Iterable[_Instruction], resources: object, ctm: Matrix,
              marks: Marks, depth: int, tap: Tap | None = None) -> None:
        xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) \
            else None
        if not isinstance(xobjects, pikepdf.Dictionary):
            xobjects = None
        stack: list[tuple[Matrix, tuple[_Instruction, ...], float, tuple[_Instruction, ...],
                          Box | None]] = []
        # the text matrix, which is the text line matrix here (no glyph advances are
        # followed), as six numbers, and the CTM's six beside the tuple: the arithmetic of
        # a tuple walk, term for term, on locals (most instructions are Tj and T*)
        a, b, c, d, e, f = _IDENTITY
        ca, cb, cc, cd, ce, cf = ctm
        # the cm instructions not applied to ctm yet, in order: their operands are read
        # when something is drawn, so a run of cm that draws only accesspack's skipped
        # footer (or nothing) costs no operand reading; the products are the same
        pending: tuple[_Instruction, ...] = ()
        held_tl: tuple[_Instruction, ...] = ()  # TL not read yet, likewise (until T*, ', ")
        leading = 0.0
        points, quads = marks.points, marks.quads
        clip: Box | None = None  # the box of the clipping path, in the marks' frame
        path: list[Point] = []  # the points of the path being built, in the marks' frame
        lost = clipping = False  # a path point could not be read; the path will clip
        kept, keep = (tap.kept, tap.ops) if tap is not None else (None, frozenset[str]())
        text = False  # marks.text, set once at the end
        for inst in instructions:
            op = str(inst.operator)
            if op in keep:
                kept.append((op, inst))  # type: ignore[union-attr]
            if op == "Tj" or op == "TJ":
                text = True
                if pending:
                    ctm, pending = _applied(pending, ctm), ()
                    ca, cb, cc, cd, ce, cf = ctm
                points.append((ca * e + cc * f + ce, cb * e + cd * f + cf))
            elif op == "T*":  # Td with (0, -leading)
                if held_tl:
                    leading, held_tl = _leading(held_tl, leading), ()
                ty = -leading
                e, f = 0.0 * a + ty * c + e, 0.0 * b + ty * d + f
            elif op in _SHOW:  # ' and " move to the next line first
                if held_tl:
                    leading, held_tl = _leading(held_tl, leading), ()
                e, f = e - leading * c, f - leading * d
                text = True
                if pending:
                    ctm, pending = _applied(pending, ctm), ()
                    ca, cb, cc, cd, ce, cf = ctm
                points.append((ca * e + cc * f + ce, cb * e + cd * f + cf))
            elif op == "Td" or op == "TD":
                nums = _numbers(inst.operands, 2)
                if nums is None:
                    continue
                tx, ty = nums
                if op == "TD":
                    leading, held_tl = -ty, ()
                e, f = tx * a + ty * c + e, tx * b + ty * d + f
            elif op == "Tm":
                nums = _numbers(inst.operands, 6)
                if nums is not None:
                    a, b, c, d, e, f = nums
            elif op == "BT":
                a, b, c, d, e, f = _IDENTITY
            elif op == "TL":
                held_tl += (inst,)
                if len(held_tl) >= _PENDING:
                    leading, held_tl = _leading(held_tl, leading), ()
            elif op == "q":
                stack.append((ctm, pending, leading, held_tl, clip))
            elif op == "Q":
                if stack:
                    ctm, pending, leading, held_tl, clip = stack.pop()
                    ca, cb, cc, cd, ce, cf = ctm
            elif op == "cm":
                pending += (inst,)
                if len(pending) >= _PENDING:  # a long run of cm: no quadratic tuple
                    ctm, pending = _applied(pending, ctm), ()
                    ca, cb, cc, cd, ce, cf = ctm
            elif op == "Do":
                operands = inst.operands
                name = str(operands[0]) if operands else ""
                if xobjects is None:
                    continue
                if name.startswith(_STAMP_NAME):
                    marks.stamped = True
                    if self.skip_stamps:
                        continue  # accesspack's own footer
                xobj = xobjects.get(name)
                if not isinstance(xobj, pikepdf.Stream):
                    continue
                subtype = xobj.get("/Subtype")
                if subtype == pikepdf.Name.Image:
                    marks.image = True
                    if pending:
                        ctm, pending = _applied(pending, ctm), ()
                        ca, cb, cc, cd, ce, cf = ctm
                    quad = _clipped(_unit_square(ctm), clip)
                    if quad is not None:
                        quads.append(quad)
                elif subtype == pikepdf.Name.Form:
                    inner = self._form(xobj, resources, depth)
                    if inner is not None:
                        if pending:
                            ctm, pending = _applied(pending, ctm), ()
                            ca, cb, cc, cd, ce, cf = ctm
                        marks.add(inner, concat(_matrix(xobj.get("/Matrix")), ctm), clip)
            elif op == "INLINE IMAGE":
                marks.image = True
                if pending:
                    ctm, pending = _applied(pending, ctm), ()
                    ca, cb, cc, cd, ce, cf = ctm
                quad = _clipped(_unit_square(ctm), clip)
                if quad is not None:
                    quads.append(quad)
            # only read with clips: the clipping path's box bounds everything drawn after
            elif op in _POINTS or op == "re":
                nums = _numbers(inst.operands, 4 if op == "re" else _POINTS[op])
                if nums is None:
                    lost = True
                    continue
                if op == "re":
                    x, y, w, h = nums
                    nums = [x, y, x + w, y, x, y + h, x + w, y + h]
                if pending:
                    ctm, pending = _applied(pending, ctm), ()
                    ca, cb, cc, cd, ce, cf = ctm
                path.extend((ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5])
                            for x, y in zip(nums[0::2], nums[1::2], strict=True))
            elif op == "W" or op == "W*":
                clipping = True
            elif op in _PAINT:
                if clipping and path and not lost:
                    xs, ys = [x for x, _ in path], [y for _, y in path]
                    box = (min(xs), min(ys), max(xs), max(ys))
                    clip = box if clip is None else (max(clip[0], box[0]), max(clip[1], box[1]),
                                                     min(clip[2], box[2]), min(clip[3], box[3]))
                path = []
                lost = clipping = False
        if text:
            marks.text = True


def _applied(pending: Iterable[_Instruction], ctm: Matrix) -> Matrix:
    """``ctm`` after the ``cm`` instructions ``pending``, in order (one whose operands are
    not six numbers changes nothing)."""
    for inst in pending:
        nums = _numbers(inst.operands, 6)
        if nums is not None:
            ctm = concat((nums[0], nums[1], nums[2], nums[3], nums[4], nums[5]), ctm)
    return ctm


def _leading(held: Sequence[_Instruction], leading: float) -> float:
    """The leading after the ``TL`` instructions ``held`` (the last with a number wins;
    one whose operand is not a number changes nothing)."""
    for inst in reversed(held):
        nums = _numbers(inst.operands, 1)
        if nums is not None:
            return nums[0]
    return leading


def in_band(marks: Marks, width: float) -> bool:
    """Whether a baseline or an image reaches into the footer band of the visible page."""
    for x, y in marks.points:
        if -9.0 < y < FOOTER_BAND and -INCH < x < width:
            return True
    for q in marks.quads:
        xs, ys = q[0::2], q[1::2]
        if min(ys) < FOOTER_BAND and max(ys) > 0.0 and min(xs) < width and max(xs) > 0.0:
            return True
    return False


def page_frame(page: pikepdf.Object) -> tuple[Matrix, float, float]:
    """The visual frame of ``page``: :func:`~.stamp.visual_frame` (pikepdf has moved the
    boxes and ``/Rotate`` a page inherits from the page tree onto the page)."""
    return visual_frame(page)


def still_in_band(clipped: ContentWalk, page: pikepdf.Object, ctm: Matrix, width: float) -> bool:
    """Whether a page the plain walk found content in the band still has some there when
    clipping paths are followed (``clipped`` is a walk with ``clips``)."""
    try:
        return in_band(clipped.page(page, page.get("/Resources"), ctm), width)
    except pikepdf.PdfError:
        return True


def footer_band_pages(pdf: pikepdf.Pdf, *, skip_stamps: bool = True,
                      parsed: Parsed | None = None,
                      walked: Callable[[int, Marks], None] | None = None) -> list[int]:
    """The 0-based indexes of the pages with content in the footer band.

    The same test as the ``footer_margin`` check (text baselines and image boxes in the
    bottom 0.6 in of the visible page, images cut to the clipping path they are drawn
    in). ``skip_stamps`` leaves accesspack's own footer aside: right for a packet this
    build stamped, wrong for an upload (which may be an older packet). Pages whose
    content cannot be parsed are left out. ``parsed`` gives the pages' instructions when
    another walk shares the parse (:class:`~.page_content.PageContents`); ``walked`` is
    told what each page it could walk paints (its index and :class:`Marks`), for a
    caller that asks more of the same walk.
    """
    content = ContentWalk(skip_stamps=skip_stamps)
    clipped = ContentWalk(skip_stamps=skip_stamps, clips=True)
    hits: list[int] = []
    for index, page in enumerate(pdf.pages):
        obj = page.obj
        matrix, width, _ = page_frame(obj)
        ctm = invert(matrix)
        try:
            instructions, tap = parsed(index, obj) if parsed is not None else (None, None)
            marks = content.page(obj, obj.get("/Resources"), ctm, instructions, tap)
        except pikepdf.PdfError:
            continue
        if walked is not None:
            walked(index, marks)
        if in_band(marks, width) and still_in_band(clipped, obj, ctm, width):
            hits.append(index)
    return hits
