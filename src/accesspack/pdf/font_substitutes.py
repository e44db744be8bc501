"""Which unembedded font of an upload can be embedded faithfully, and with what.

An uploaded PDF may name a font without embedding it (the 14 standard fonts, Arial or
Calibri from an old "print to PDF"): each reader then draws it with a font of its own.
:func:`substitute_for` decides, for one font dictionary, whether a metric-compatible font
installed on this machine can be embedded in its place (it is then
:mod:`.embed_fonts`' job to do it). It is the one place that decides, read by the packet
copy (which embeds) and by the ledger (which reports the fonts left unembedded).

The substitutes (``scripts/setup-system.sh`` installs them; fontconfig finds them):

- Helvetica and Arial: Liberation Sans;
- Times and Times New Roman: Liberation Serif;
- Courier and Courier New: Liberation Mono;
- Calibri: Carlito; Cambria: Caladea;

each in its regular, bold, italic (oblique) and bold italic styles, named as PDF producers
name them (``Helvetica-BoldOblique``, ``Arial,Bold``, ``TimesNewRomanPS-BoldItalicMT``).
Anything else stays as it is: Symbol and ZapfDingbats, composite (Type 0, CID) and Type 3
fonts, other families and styles (Arial Narrow, Calibri Light), fonts whose encoding
this module cannot read as glyph names (a symbolic TrueType font without an encoding,
MacExpertEncoding), and fonts one of whose encoded glyphs the substitute lacks (a glyph
the standard font itself lacks is no loss: a reader had none to draw).

A substitute is a simple TrueType font; its code-to-glyph mapping goes through the
encoding's glyph names, as PDF readers do for a non-symbolic TrueType font (the glyph
name's Unicode value, looked up in the font's Unicode cmap, else the glyph's own name).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from fontTools import agl
from fontTools.ttLib import TTFont
from reportlab.pdfbase import pdfmetrics

from .fonts import FONT_FILES, FontNotFoundError, find_font_face

__all__ = ["SIMPLE_SUBTYPES", "SUBSTITUTE_FAMILIES", "Face", "Substitute", "encoding_table", "face",
           "substitute_for"]

log = logging.getLogger(__name__)

#: The font subtypes a substitute can stand in for (one byte per character code).
SIMPLE_SUBTYPES = frozenset(("/Type1", "/TrueType", "/MMType1"))


@dataclass(frozen=True)
class _Family:
    family: str  # the substitute's family, as fontconfig names it
    serif: bool
    fixed_pitch: bool
    #: the standard font whose metrics a reader uses when the PDF gives no widths
    standard: Mapping[str, str] | None


_HELVETICA = {"Regular": "Helvetica", "Bold": "Helvetica-Bold",
              "Italic": "Helvetica-Oblique", "Bold Italic": "Helvetica-BoldOblique"}
_TIMES = {"Regular": "Times-Roman", "Bold": "Times-Bold", "Italic": "Times-Italic",
          "Bold Italic": "Times-BoldItalic"}
_COURIER = {"Regular": "Courier", "Bold": "Courier-Bold", "Italic": "Courier-Oblique",
            "Bold Italic": "Courier-BoldOblique"}
#: (Ascender, Descender, CapHeight) of Adobe's AFM files for the standard fonts, which
#: readers use for an unembedded standard font (poppler does: its word boxes say so;
#: reportlab's own table differs for some bold and italic styles)
_STANDARD_VERTICAL: dict[str, tuple[int, int, int]] = {
    **{name: (718, -207, 718) for name in _HELVETICA.values()},
    **{name: (629, -157, 562) for name in _COURIER.values()},
    "Times-Roman": (683, -217, 662), "Times-Bold": (683, -217, 676),
    "Times-Italic": (683, -217, 653), "Times-BoldItalic": (683, -217, 669),
}
_SANS = _Family("Liberation Sans", False, False, _HELVETICA)
_SERIF = _Family("Liberation Serif", True, False, _TIMES)
_MONO = _Family("Liberation Mono", False, True, _COURIER)

#: The font families (lower case, without spaces) a substitute exists for.
_FAMILIES: dict[str, _Family] = {
    "helvetica": _SANS, "arial": _SANS,
    "times": _SERIF, "timesnewroman": _SERIF,
    "courier": _MONO, "couriernew": _MONO,
    "calibri": _Family("Carlito", False, False, None),
    "cambria": _Family("Caladea", True, False, None),
}
#: The installed families a substitute is taken from (fontconfig's names).
SUBSTITUTE_FAMILIES: tuple[str, ...] = tuple(dict.fromkeys(f.family for f in _FAMILIES.values()))
#: longest first, so "timesnewroman" is tried before "times"
_FAMILY_KEYS = sorted(_FAMILIES, key=len, reverse=True)
_STYLES = {"": "Regular", "roman": "Regular", "regular": "Regular", "normal": "Regular",
           "bold": "Bold", "italic": "Italic", "oblique": "Italic",
           "bolditalic": "Bold Italic", "boldoblique": "Bold Italic",
           "italicbold": "Bold Italic", "obliquebold": "Bold Italic"}
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


def _family_and_style(base_font: str) -> tuple[_Family, str] | None:
    """The substitute family and style (fontconfig's style name) for a ``/BaseFont``."""
    squashed = re.sub(r"[\s,\-_]", "", _SUBSET_TAG.sub("", base_font)).lower()
    squashed = squashed.removesuffix("mt")  # Monotype's ArialMT, Arial-BoldMT
    for key in _FAMILY_KEYS:
        if squashed.startswith(key):
            rest = squashed[len(key):]
            rest = rest.removeprefix("ps")  # TimesNewRomanPS-BoldMT, CourierNewPSMT
            style = _STYLES.get(rest)
            return (_FAMILIES[key], style) if style is not None else None
    return None


# -- encodings ----------------------------------------------------------------------------

_NAMED = ("WinAnsiEncoding", "MacRomanEncoding", "StandardEncoding")
#: code -> glyph name (None: no glyph) of the encodings a substitute can be used with
_TABLES: dict[str, tuple[str | None, ...]] = {
    name: tuple(pdfmetrics.getEncoding(name).vector) for name in _NAMED}
_SYMBOLIC, _NONSYMBOLIC = 4, 32


def _flags(font: pikepdf.Dictionary) -> int | None:
    desc = font.get("/FontDescriptor")
    flags = desc.get("/Flags") if isinstance(desc, pikepdf.Dictionary) else None
    return int(flags) if isinstance(flags, int) else None


def encoding_table(font: pikepdf.Dictionary) -> tuple[str | None, ...] | None:
    """The glyph name of each character code (256 entries, None: no glyph) that readers
    use for the simple font ``font``, or None when it is not one this module can read.

    With no ``/Encoding``, a Type 1 text font uses its built-in encoding, the standard
    encoding; so does a TrueType font marked non-symbolic. A symbolic TrueType font
    without an encoding maps codes through its own cmap: not readable here.
    """
    subtype = font.get("/Subtype")
    flags = _flags(font)
    symbolic = flags is not None and bool(flags & _SYMBOLIC)
    if subtype == pikepdf.Name.TrueType and symbolic:
        return None  # codes go straight to the font's (3,0) cmap: names say nothing
    enc = font.get("/Encoding")
    if enc is None:
        if subtype == pikepdf.Name.TrueType and not (flags is not None
                                                    and flags & _NONSYMBOLIC):
            return None
        return _TABLES["StandardEncoding"]
    if isinstance(enc, pikepdf.Name):
        return _TABLES.get(str(enc)[1:])
    if not isinstance(enc, pikepdf.Dictionary):
        return None
    base = enc.get("/BaseEncoding")
    if base is None:
        table = list(_TABLES["StandardEncoding"])
    elif isinstance(base, pikepdf.Name) and str(base)[1:] in _TABLES:
        table = list(_TABLES[str(base)[1:]])
    else:
        return None
    differences = enc.get("/Differences")
    if differences is None:
        return tuple(table)
    if not isinstance(differences, pikepdf.Array):
        return None
    code = 0
    for item in differences:
        if isinstance(item, int):
            code = int(item)
        elif isinstance(item, pikepdf.Name):
            if not 0 <= code < 256:
                return None
            table[code] = str(item)[1:]
            code += 1
        else:
            return None
    return tuple(table)


# -- the substitute fonts ---------------------------------------------------------------


@dataclass(frozen=True, eq=False)  # one per installed face (cached): compared by identity
class Face:
    """A substitute font as installed: its file and what a PDF font descriptor says of it.

    Lengths are in text space units (1000 to the em), rounded.
    """

    label: str  # "Liberation Sans Bold"
    path: Path
    index: int  # the face's number in a .ttc collection (0 for a .ttf)
    postscript_name: str  # "LiberationSans-Bold"
    fixed_pitch: bool
    italic: bool
    bbox: tuple[int, int, int, int]
    italic_angle: float
    ascent: int
    descent: int
    cap_height: int
    stem_v: int
    cmap: Mapping[int, str]  # Unicode -> glyph name
    glyphs: frozenset[str]
    advances: Mapping[str, int]  # glyph name -> advance width

    def glyph(self, name: str) -> str | None:
        """The glyph a reader draws for the encoding's glyph ``name``, or None."""
        text = agl.toUnicode(name)
        if len(text) == 1 and ord(text) in self.cmap:
            return self.cmap[ord(text)]
        return name if name in self.glyphs and name != ".notdef" else None


@functools.lru_cache(maxsize=32)
def face(family: str, style: str) -> Face | None:
    """The installed ``family`` in ``style`` (fontconfig's names), or None when fontconfig
    does not have it, or its file cannot be read (logged). Read once per process."""
    try:
        path, index = find_font_face(family, style)
    except FontNotFoundError:
        return None
    try:
        with TTFont(path, fontNumber=index, lazy=True) as font:
            return _read_face(font, family, style, path, index)
    except Exception as exc:  # a damaged font file: fontTools raises many kinds
        log.warning("font %s %s (%s) cannot be read (%s): it is not embedded in uploads",
                    family, style, path.name, exc.__class__.__name__)
        return None


def _read_face(font: TTFont, family: str, style: str, path: Path, index: int) -> Face:
    head, post, os2 = font["head"], font["post"], font["OS/2"]
    scale = 1000 / int(head.unitsPerEm)

    def units(v: float) -> int:
        return round(v * scale)

    name = font["name"].getDebugName(6) or family.replace(" ", "") + "-" + style.replace(" ", "")
    metrics = font["hmtx"].metrics
    return Face(
        label=family if style == "Regular" else f"{family} {style}",
        path=path, index=index, postscript_name=name,
        fixed_pitch=bool(post.isFixedPitch), italic="Italic" in style,
        bbox=(units(head.xMin), units(head.yMin), units(head.xMax), units(head.yMax)),
        italic_angle=float(post.italicAngle),
        ascent=units(os2.sTypoAscender), descent=units(os2.sTypoDescender),
        cap_height=units(getattr(os2, "sCapHeight", 0) or os2.sTypoAscender),
        stem_v=50 + int((os2.usWeightClass / 65) ** 2),
        cmap=dict(font.getBestCmap()), glyphs=frozenset(font.getGlyphOrder()),
        advances={g: units(adv) for g, (adv, _) in metrics.items()},
    )


@dataclass(frozen=True)
class Substitute:
    """What stands in for one unembedded font: the face, the glyph name of each code
    (:func:`encoding_table`), and the standard font whose widths a reader used for it
    when the PDF gives none (None: the face's own widths)."""

    original: str  # the font's /BaseFont, e.g. "Helvetica-Bold"
    face: Face
    encoding: tuple[str | None, ...]
    serif: bool
    standard: str | None

    def vertical_metrics(self) -> tuple[int, int, int]:
        """(ascent, descent, cap height) a reader used for the font when its PDF gives
        none: the standard font's (so text boxes stay where they were), else the face's."""
        if self.standard is not None:
            return _STANDARD_VERTICAL[self.standard]
        return self.face.ascent, self.face.descent, self.face.cap_height

    def width(self, glyph_name: str) -> int | None:
        """The width a reader gave ``glyph_name`` when the PDF gives none: the standard
        font's (its AFM metrics, which reportlab ships), else the face's."""
        if self.standard is not None:
            width = pdfmetrics.getFont(self.standard).face.glyphWidths.get(glyph_name)
            if width is not None:
                return int(width)
        glyph = self.face.glyph(glyph_name)
        return self.face.advances[glyph] if glyph is not None else None


@functools.lru_cache(maxsize=256)
def _covers(f: Face, encoding: tuple[str | None, ...], standard: str | None) -> bool:
    """Whether ``f`` has a glyph for every name of ``encoding`` the original had: the
    standard font's glyphs when the original is one, else every name."""
    known = (frozenset(pdfmetrics.getFont(standard).face.glyphWidths)
             if standard is not None else None)
    return all(f.glyph(name) is not None for name in set(encoding)
               if name is not None and name != ".notdef" and (known is None or name in known))


def substitute_for(font: object) -> Substitute | None:
    """The metric-compatible font to embed for the font dictionary ``font``, or None when
    it is embedded already or cannot be replaced faithfully (see the module docstring)."""
    if not isinstance(font, pikepdf.Dictionary):
        return None
    subtype = font.get("/Subtype")
    if not isinstance(subtype, pikepdf.Name) or str(subtype) not in SIMPLE_SUBTYPES:
        return None
    desc = font.get("/FontDescriptor")
    if isinstance(desc, pikepdf.Dictionary) and any(k in desc for k in FONT_FILES):
        return None
    base = font.get("/BaseFont")
    if not isinstance(base, pikepdf.Name):
        return None
    original = str(base)[1:]
    found = _family_and_style(original)
    if found is None:
        return None
    family, style = found
    installed = face(family.family, style)
    encoding = encoding_table(font)
    if installed is None or encoding is None:
        return None
    # a width the PDF leaves out is the standard font's, as readers took it
    standard = family.standard[style] if family.standard is not None else None
    if not _covers(installed, encoding,
                   standard if original in pdfmetrics.standardFonts else None):
        return None
    return Substitute(original=original, face=installed, encoding=encoding,
                      serif=family.serif, standard=standard)
