"""Embed, in an upload's packet copy, the fonts it uses without embedding them.

:func:`embed_fonts` runs inside :func:`~accesspack.pdf.normalize.pdf_copy`, on the open
copy, before it is saved. For each simple font :func:`~.font_substitutes.substitute_for`
finds a metric-compatible font for (Helvetica and Arial get Liberation Sans, and so on),
it embeds a subset of that font and changes nothing but the font's own dictionary:

- the subset holds the glyphs of the character codes the document shows with the font
  (read from every page's content, the Form XObjects and tiling patterns it draws, and
  annotation appearances), made with fontTools, the same bytes for the same codes (no
  timestamp is rewritten, the subset's name tag is a digest of its glyphs). A font
  whose content cannot be parsed gets every glyph of its encoding; a font listed but
  never used gets none but ``.notdef``. Fonts mapped to the same face share one subset.
- the dictionary becomes a TrueType font (``/Subtype``, ``/BaseFont`` ``ABCDEF+<name>``,
  a new ``/FontDescriptor`` with ``/FontFile2``); ``/Widths`` is kept when present, else
  written with the widths readers used (the standard font's metrics for Helvetica, Times,
  Courier and their Arial, Times New Roman and Courier New aliases; the substitute's own
  for Calibri and Cambria), so no glyph moves; the descriptor's ascent and descent are
  those readers used too, so word boxes (text selection, search hits) stay where they
  were; the encoding is kept, or written out in full when it was implicit (the standard
  encoding), so that text extraction gives the same text; ``/ToUnicode`` is kept.

Cost: nothing for a PDF whose fonts are all embedded (its content is not even parsed);
otherwise one parse of each content stream with only the text operators read (in
:func:`~accesspack.pdf.normalize.pdf_copy`, a page's content is parsed once for this
trace and the footer-band walk: :mod:`.page_content`), and one subset per face (about
15 ms, cached per process for the same glyphs).

Page content streams, images and everything else are left as they were.
:func:`fonts_left_unembedded` tells the ledger which fonts a copy still leaves out (the
same decision, :func:`~.font_substitutes.substitute_for`).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pikepdf
from fontTools import subset
from fontTools.ttLib import TTFont
from reportlab.pdfbase import pdfmetrics

from .font_substitutes import Face, Substitute, substitute_for
from .fonts import FORM_DEPTH, font_state, fonts_not_embedded
from .instructions import Named

__all__ = ["embed_fonts", "embedded_note", "fonts_left_unembedded"]

log = logging.getLogger(__name__)

ObjGen = tuple[int, int]

#: what the walk reads of content streams: the font in use and the codes shown with it
_READ = "q Q Tf Tj TJ ' \" Do gs"
_SHOW = frozenset(("Tj", "TJ", "'", '"'))
#: the operators of :data:`_READ`
READ_OPS = frozenset(_READ.split())
#: what a page's trace reads when the footer-band walk kept it (its 0-based index, the
#: page): :meth:`~.page_content.PageContents.traced`; None to parse the page
Traced = Callable[[int, pikepdf.Object], Named | None]
#: the tables a subset keeps (hinting, layout and vendor tables are of no use in a PDF)
_KEEP_TABLES = frozenset(("GlyphOrder", "head", "hhea", "hmtx", "maxp", "cmap", "glyf",
                          "loca", "post", "name", "OS/2"))
_FIXED_PITCH, _SERIF, _NONSYMBOLIC, _ITALIC = 1, 2, 32, 64
_WIN_ANSI = tuple(pdfmetrics.getEncoding("WinAnsiEncoding").vector)


@dataclass
class _Use:
    """One font dictionary to replace, and the codes the document shows with it."""

    font: pikepdf.Dictionary
    substitute: Substitute
    codes: set[int] = field(default_factory=set)
    untraced: bool = False  # some content using it could not be parsed: keep every glyph


class _Walk:
    """Finds the fonts to replace (in every resource dictionary a page reaches) and the
    codes each shows (in every content stream a page draws)."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.uses: dict[ObjGen, _Use] = {}
        self._checked: dict[ObjGen, bool] = {}
        self._reached: dict[ObjGen, frozenset[ObjGen]] = {}  # resources -> fonts to replace
        self._traced: set[tuple[ObjGen, ObjGen | None]] = set()  # (form, font in use)
        self._shown: dict[ObjGen, set[bytes]] = {}  # font -> the distinct strings shown with it
        self.patterns: dict[ObjGen, pikepdf.Stream] = {}

    # -- the fonts --------------------------------------------------------------------

    def _candidate(self, fonts: pikepdf.Dictionary, key: str) -> ObjGen | None:
        """The font ``fonts[key]`` if it is one to replace (made indirect if it was not)."""
        font = fonts.get(key)
        if not isinstance(font, pikepdf.Dictionary):
            return None
        if not font.is_indirect:
            if substitute_for(font) is None:
                return None
            font = self.pdf.make_indirect(font)
            fonts[key] = font
        og = font.objgen
        hit = self._checked.get(og)
        if hit is None:
            found = substitute_for(font)
            hit = self._checked[og] = found is not None
            if found is not None:
                self.uses[og] = _Use(font, found)
        return og if hit else None

    def reach(self, resources: object, depth: int = 0) -> frozenset[ObjGen]:
        """The fonts to replace that ``resources`` holds, with those of the Form XObjects
        and tiling patterns in it; notes the patterns, which are traced on their own."""
        if not isinstance(resources, pikepdf.Dictionary) or depth > FORM_DEPTH:
            return frozenset()
        key = resources.objgen if resources.is_indirect else None
        if key is not None:
            hit = self._reached.get(key)
            if hit is not None:
                return hit
            self._reached[key] = frozenset()  # a form reaching itself stops here
        found: set[ObjGen] = set()
        fonts = resources.get("/Font")
        if isinstance(fonts, pikepdf.Dictionary):
            for name in list(fonts.keys()):
                og = self._candidate(fonts, name)
                if og is not None:
                    found.add(og)
        for kind in ("/XObject", "/Pattern"):
            group = resources.get(kind)
            if not isinstance(group, pikepdf.Dictionary):
                continue
            for item in group.values():
                if not isinstance(item, pikepdf.Stream):
                    continue
                if kind == "/Pattern" and item.get("/PatternType") == 1:
                    self.patterns.setdefault(item.objgen, item)
                elif item.get("/Subtype") != pikepdf.Name.Form:
                    continue
                found |= self.reach(item.get("/Resources"), depth + 1)
        result = frozenset(found)
        if key is not None:
            self._reached[key] = result
        return result

    def _font_named(self, resources: object, name: object) -> ObjGen | None:
        if not isinstance(resources, pikepdf.Dictionary) or not isinstance(name, pikepdf.Name):
            return None
        fonts = resources.get("/Font")
        return self._candidate(fonts, str(name)) if isinstance(fonts, pikepdf.Dictionary) \
            else None

    def _font_of_gs(self, resources: object, name: object) -> tuple[bool, ObjGen | None]:
        """(whether the graphics state ``name`` sets a font, the font if one to replace)."""
        if not isinstance(resources, pikepdf.Dictionary) or not isinstance(name, pikepdf.Name):
            return False, None
        states = resources.get("/ExtGState")
        gs = states.get(str(name)) if isinstance(states, pikepdf.Dictionary) else None
        spec = gs.get("/Font") if isinstance(gs, pikepdf.Dictionary) else None
        if not isinstance(spec, pikepdf.Array) or not len(spec):
            return False, None
        font = spec[0]
        if not isinstance(font, pikepdf.Dictionary) or not font.is_indirect:
            return True, None
        og = font.objgen
        if og not in self._checked:
            found = substitute_for(font)
            self._checked[og] = found is not None
            if found is not None:
                self.uses[og] = _Use(font, found)
        return True, og if self._checked[og] else None

    # -- the codes --------------------------------------------------------------------

    def trace(self, owner: pikepdf.Object, resources: object, font: ObjGen | None = None,
              depth: int = 0, parsed: Named | None = None) -> None:
        """Note the codes ``owner``'s content (a page, form, pattern or appearance) shows
        with each font to replace; ``font`` is the one in use when it starts. ``parsed``:
        its instructions of :data:`_READ`'s operators, named, kept by the footer-band walk
        (:class:`~.instructions.Tap`), or None to parse them here."""
        if depth > FORM_DEPTH:
            return
        try:
            instructions = parsed if parsed is not None else (
                (str(ins.operator), ins) for ins in pikepdf.parse_content_stream(owner, _READ))
        except pikepdf.PdfError:
            for og in self.reach(resources):
                self.uses[og].untraced = True
            return
        stack: list[ObjGen | None] = []
        sink = self._sink(font)
        for op, ins in instructions:  # operands are read only where they are used
            if op in _SHOW:
                operands = ins.operands if sink is not None else None
                if sink is not None and operands:
                    shown = operands[-1]
                    if isinstance(shown, pikepdf.String):
                        sink.add(bytes(shown))
                    elif isinstance(shown, pikepdf.Array):
                        sink.update(bytes(s) for s in shown if isinstance(s, pikepdf.String))
                continue
            if op == "q":
                stack.append(font)
                continue
            if op == "Q":
                font = stack.pop() if stack else font
            else:
                operands = ins.operands
                if op == "Tf" and operands:
                    font = self._font_named(resources, operands[0])
                elif op == "gs" and operands:
                    sets, chosen = self._font_of_gs(resources, operands[0])
                    if sets:
                        font = chosen
                elif op == "Do" and operands:
                    self._draw(resources, operands[0], font, depth)
                    continue
            sink = self._sink(font)

    def _sink(self, font: ObjGen | None) -> set[bytes] | None:
        """Where the strings shown with ``font`` go (None: not a font to replace)."""
        if font is None or font not in self.uses:
            return None
        return self._shown.setdefault(font, set())

    def codes(self) -> None:
        """Add the codes of the strings shown to each font's :class:`_Use`; each distinct
        string is kept once (a document repeats its headers, footers and words)."""
        for og, chunks in self._shown.items():
            self.uses[og].codes.update(b"".join(chunks))
        self._shown.clear()

    def _draw(self, resources: object, name: object, font: ObjGen | None,
              depth: int) -> None:
        if not isinstance(resources, pikepdf.Dictionary) or not isinstance(name, pikepdf.Name):
            return
        xobjects = resources.get("/XObject")
        form = xobjects.get(str(name)) if isinstance(xobjects, pikepdf.Dictionary) else None
        if not isinstance(form, pikepdf.Stream) or form.get("/Subtype") != pikepdf.Name.Form:
            return
        key = (form.objgen, font)
        if key in self._traced:
            return
        self._traced.add(key)
        own = form.get("/Resources")
        self.trace(form, own if isinstance(own, pikepdf.Dictionary) else resources, font,
                   depth + 1)


def _page_resources(page: pikepdf.Object) -> object:
    """A page's resources, inherited from the page tree when the page has none."""
    node: object = page
    for _ in range(FORM_DEPTH):
        if not isinstance(node, pikepdf.Dictionary):
            return None
        if "/Resources" in node:
            return node.get("/Resources")
        node = node.get("/Parent")
    return None


def _appearances(page: pikepdf.Object) -> Iterable[pikepdf.Stream]:
    annots = page.get("/Annots")
    for annot in annots if isinstance(annots, pikepdf.Array) else ():
        ap = annot.get("/AP") if isinstance(annot, pikepdf.Dictionary) else None
        if not isinstance(ap, pikepdf.Dictionary):
            continue
        for entry in ap.values():
            if isinstance(entry, pikepdf.Stream):
                yield entry
            elif isinstance(entry, pikepdf.Dictionary):
                yield from (s for s in entry.values() if isinstance(s, pikepdf.Stream))


def _walk(pdf: pikepdf.Pdf, parsed: Traced | None) -> dict[ObjGen, _Use]:
    walk = _Walk(pdf)
    pages = [page.obj for page in pdf.pages]
    for page in pages:
        walk.reach(_page_resources(page))
        for stream in _appearances(page):
            walk.reach(stream.get("/Resources"))
    if not walk.uses:  # nothing to replace: no content stream is parsed
        return {}
    for index, page in enumerate(pages):
        walk.trace(page, _page_resources(page),
                   parsed=parsed(index, page) if parsed is not None else None)
        for stream in _appearances(page):
            walk.trace(stream, stream.get("/Resources"))
    done: set[ObjGen] = set()
    while len(done) < len(walk.patterns):  # tracing may find patterns in forms
        for og, pattern in sorted(walk.patterns.items()):
            if og not in done:
                done.add(og)
                walk.trace(pattern, pattern.get("/Resources"))
    walk.codes()
    return walk.uses


# -- writing the fonts ---------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _subset(path: Path, index: int, glyphs: frozenset[str]) -> bytes:
    """The TrueType font at ``path`` cut down to ``glyphs`` (and ``.notdef``), without
    hinting or layout tables. The same glyphs give the same bytes: the font's own
    ``head`` dates are kept."""
    with TTFont(path, fontNumber=index, recalcTimestamp=False) as font:
        for tag in list(font.keys()):
            if tag not in _KEEP_TABLES:
                del font[tag]
        options = subset.Options()
        options.hinting = False
        options.layout_features = []
        options.glyph_names = True  # readers may look a glyph up by its name
        options.notdef_outline = True
        options.recalc_timestamp = False
        subsetter = subset.Subsetter(options)
        subsetter.populate(glyphs=sorted(glyphs))
        subsetter.subset(font)
        out = BytesIO()
        font.save(out)
        return out.getvalue()


def _tag(face: Face, glyphs: frozenset[str]) -> str:
    """The six-letter subset tag PDF asks for, from the face and its glyphs."""
    digest = hashlib.sha256("\n".join([face.postscript_name, *sorted(glyphs)]).encode())
    return "".join(chr(ord("A") + b % 26) for b in digest.digest()[:6])


def _codes(use: _Use) -> list[int]:
    if use.untraced:
        return [c for c, name in enumerate(use.substitute.encoding) if name]
    return sorted(use.codes)


def _differences(table: Sequence[str | None], base: Sequence[str | None]) -> pikepdf.Array:
    """A ``/Differences`` array turning the encoding ``base`` into ``table``."""
    items: list[object] = []
    previous = -2
    for code, (want, have) in enumerate(zip(table, base, strict=True)):
        if want == have:
            continue
        if code != previous + 1:
            items.append(code)
        items.append(pikepdf.Name("/" + (want or ".notdef")))
        previous = code
    return pikepdf.Array(items)


def _explicit_encoding(font: pikepdf.Dictionary, table: tuple[str | None, ...]) -> None:
    """Write ``font``'s encoding out in full when it was implicit (the standard encoding,
    which a TrueType font has no built-in notion of): WinAnsiEncoding and differences."""
    enc = font.get("/Encoding")
    if isinstance(enc, pikepdf.Name) and enc in (pikepdf.Name.WinAnsiEncoding,
                                                 pikepdf.Name.MacRomanEncoding):
        return
    if isinstance(enc, pikepdf.Dictionary) and enc.get("/BaseEncoding") in (
            pikepdf.Name.WinAnsiEncoding, pikepdf.Name.MacRomanEncoding):
        return
    font.Encoding = pikepdf.Dictionary(Type=pikepdf.Name.Encoding,
                                       BaseEncoding=pikepdf.Name.WinAnsiEncoding,
                                       Differences=_differences(table, _WIN_ANSI))


def _widths(font: pikepdf.Dictionary, use: _Use, codes: list[int]) -> None:
    """Write ``/FirstChar``, ``/LastChar`` and ``/Widths`` when the font has no widths."""
    if "/Widths" in font:
        return
    first, last = (codes[0], codes[-1]) if codes else (32, 32)
    table = use.substitute.encoding
    widths = []
    for code in range(first, last + 1):
        name = table[code]
        widths.append((use.substitute.width(name) or 0) if name else 0)
    font.FirstChar, font.LastChar = first, last
    font.Widths = pikepdf.Array(widths)


def _descriptor(pdf: pikepdf.Pdf, use: _Use, base_name: str,
                program: pikepdf.Object) -> pikepdf.Object:
    """A font descriptor for ``use``'s font: the substitute's, but with the ascent,
    descent and cap height readers used for the font so far, so the boxes of its words
    stay where they were: a standard font's (or its alias's: poppler takes them over the
    font's own descriptor), else the font's own descriptor's, else the substitute's."""
    face = use.substitute.face
    metrics = dict(zip(("/Ascent", "/Descent", "/CapHeight"),
                       use.substitute.vertical_metrics(), strict=True))
    old = use.font.get("/FontDescriptor")
    if use.substitute.standard is None and isinstance(old, pikepdf.Dictionary):
        for key in metrics:
            value = old.get(key)
            if isinstance(value, (int, Decimal)):
                metrics[key] = value
    flags = (_NONSYMBOLIC | (_FIXED_PITCH if face.fixed_pitch else 0)
             | (_SERIF if use.substitute.serif else 0) | (_ITALIC if face.italic else 0))
    return pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/" + base_name),
        Flags=flags, FontBBox=pikepdf.Array(list(face.bbox)),
        ItalicAngle=face.italic_angle, Ascent=metrics["/Ascent"],
        Descent=metrics["/Descent"], CapHeight=metrics["/CapHeight"], StemV=face.stem_v,
        FontFile2=program))


def embed_fonts(pdf: pikepdf.Pdf, parsed: Traced | None = None
                ) -> tuple[tuple[str, str], ...]:
    """Embed a metric-compatible font for each unembedded font of ``pdf`` that has one.

    Returns the (font, substitute) pairs embedded, e.g. ``("Helvetica", "Liberation
    Sans")``, sorted and unique; empty when nothing was done (no content stream is even
    parsed when no font needs replacing). ``parsed`` gives the pages' instructions when
    the footer-band walk parsed them already
    (:meth:`~.page_content.PageContents.traced`). See the module docstring.
    """
    uses = _walk(pdf, parsed)
    by_face: dict[str, list[_Use]] = {}
    for _, use in sorted(uses.items()):
        by_face.setdefault(use.substitute.face.label, []).append(use)
    done: set[tuple[str, str]] = set()
    for label in sorted(by_face):
        group = by_face[label]
        face = group[0].substitute.face
        glyphs = {".notdef"}
        for use in group:
            for code in _codes(use):
                name = use.substitute.encoding[code]
                glyph = face.glyph(name) if name else None
                if glyph is not None:
                    glyphs.add(glyph)
        frozen = frozenset(glyphs)
        base_name = f"{_tag(face, frozen)}+{face.postscript_name}"
        try:
            data = _subset(face.path, face.index, frozen)
        except Exception as exc:  # the installed font, not the upload, is at fault
            log.warning("%s could not be subset (%s): its fonts stay unembedded, and "
                        "preflight flags them", label, exc.__class__.__name__)
            continue
        program = pdf.make_stream(zlib.compress(data, 9))  # one per face, shared
        program.Filter = pikepdf.Name.FlateDecode
        program.Length1 = len(data)
        for use in group:
            font = use.font
            _widths(font, use, _codes(use))
            _explicit_encoding(font, use.substitute.encoding)
            font.FontDescriptor = _descriptor(pdf, use, base_name, program)
            font.Subtype = pikepdf.Name.TrueType
            font.BaseFont = pikepdf.Name("/" + base_name)
            done.add((use.substitute.original, label))
    return tuple(sorted(done))


def embedded_note(pairs: Sequence[tuple[str, str]]) -> str:
    """The manifest's and ledger's note of what :func:`embed_fonts` embedded."""
    if len(pairs) == 1:
        original, label = pairs[0]
        return (f"embedded {label}, metric-compatible with the unembedded {original}; "
                "text and layout unchanged")
    faces: dict[str, list[str]] = {}
    for original, label in pairs:
        faces.setdefault(label, []).append(original)
    listed = ", ".join(f"{label} for {' and '.join(names)}"
                       for label, names in sorted(faces.items()))
    return (f"embedded fonts metric-compatible with the unembedded ones ({listed}); "
            "text and layout unchanged")


def _state_once_copied(font: pikepdf.Object) -> tuple[str, bool]:
    """A font's (name, embedded) in a packet copy: embedded there if it was, or if
    :func:`embed_fonts` embeds a substitute for it."""
    name, embedded = font_state(font)
    return name, embedded or substitute_for(font) is not None


def fonts_left_unembedded(path: Path, password: str | None = None) -> list[str]:
    """Names of the fonts the PDF ``path`` uses without embedding them that its packet copy
    still leaves out (no metric-compatible font for them). Cached per file, as
    :func:`~.fonts.fonts_not_embedded`."""
    return fonts_not_embedded(path, password, state=_state_once_copied)
