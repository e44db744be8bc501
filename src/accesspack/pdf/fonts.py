"""Find system TrueType fonts with fontconfig and register them with reportlab.

Every text accesspack draws itself (table of contents, footer stamp, DRAFT mark) uses a
TrueType font registered here, so the font is embedded in the PDF. reportlab's built-in
Helvetica is never embedded, which regulators' PDF specifications reject.

reportlab embeds only TrueType outlines (``.ttf``, or one face of a ``.ttc`` collection), not
the CFF outlines of the Noto CJK fonts, so Chinese text is drawn in WenQuanYi Micro Hei
(Debian ``fonts-wqy-microhei``), a TrueType collection that also covers Latin script.
:func:`font_pair` picks the first family that can draw every text of a page.

:func:`fonts_not_embedded` reads the other way: which fonts an uploaded PDF uses without
embedding them. Its answer is cached per file (path, size and modification time), so the
ledger and the build read each upload's fonts once.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

import pikepdf
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..errors import AccesspackError
from .passwords import open_pdf

__all__ = [
    "CJK_FAMILY",
    "FONT_FILES",
    "FontNotFoundError",
    "find_font",
    "find_font_face",
    "font_pair",
    "font_state",
    "fonts_not_embedded",
    "register_font",
    "require_glyphs",
]

CJK_FAMILY = "WenQuanYi Micro Hei"
_PACKAGES = {"Liberation Sans": "fonts-liberation2", CJK_FAMILY: "fonts-wqy-microhei"}
_LOCK = threading.Lock()
_REGISTERED: dict[tuple[str, str], str] = {}


class FontNotFoundError(AccesspackError):
    """A font accesspack draws with is not installed (or fontconfig is missing)."""


def _missing(family: str, style: str, why: str) -> FontNotFoundError:
    package = _PACKAGES.get(family)
    fix = (f"install the Debian package {package} (apt-get install {package} fontconfig)"
           if package else "install a package that provides it (fc-list shows what is here)")
    return FontNotFoundError(f"font {family!r} ({style}) is not available: {why}; {fix}")


def _locate(family: str, style: str) -> tuple[Path, int]:
    """The file of ``family``/``style`` and the face's index in it (0 for a ``.ttf``)."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        raise _missing(family, style, "fc-match (fontconfig) is not installed")
    try:
        done = subprocess.run(
            [fc_match, "-f", "%{file}\n%{family}\n%{style}\n%{index}\n%{fontformat}",
             f"{family}:style={style}"],
            capture_output=True, text=True, timeout=30, check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise _missing(family, style, f"fc-match failed ({exc.__class__.__name__})") from None
    lines = done.stdout.split("\n")
    if done.returncode != 0 or len(lines) < 5 or not lines[0]:
        raise _missing(family, style, "fc-match found nothing")
    path = Path(lines[0])
    families = [name.strip().casefold() for name in lines[1].split(",")]
    styles = [name.strip().casefold() for name in lines[2].split(",")]
    if family.casefold() not in families:
        raise _missing(family, style, f"fontconfig substitutes {lines[1].split(',')[0]!r}")
    if style.casefold() not in styles:
        raise _missing(family, style, f"only style {lines[2].split(',')[0]!r} is installed")
    truetype = path.suffix.lower() in (".ttf", ".ttc") and lines[4] == "TrueType"
    if not truetype or not path.is_file():
        raise _missing(family, style, f"{path.name} is not a TrueType font file")
    return path, int(lines[3] or 0)


def find_font(family: str = "Liberation Sans", style: str = "Regular") -> Path:
    """Return the ``.ttf`` (or ``.ttc``) file of ``family`` in ``style``, as fontconfig has it.

    fontconfig substitutes a different family when the one asked for is missing; that is
    refused here (the metrics and the glyph coverage would differ), as is anything without
    TrueType outlines (reportlab cannot embed CFF).
    """
    return _locate(family, style)[0]


def find_font_face(family: str, style: str) -> tuple[Path, int]:
    """:func:`find_font`, with the face's index in the file (0 for a ``.ttf``; a ``.ttc``
    collection holds several)."""
    return _locate(family, style)


def register_font(family: str = "Liberation Sans", style: str = "Regular") -> str:
    """Register ``family``/``style`` with reportlab (once per process); return its name.

    Use the returned name with ``canvas.setFont``; reportlab then embeds a subset of it.
    """
    key = (family, style)
    with _LOCK:
        name = _REGISTERED.get(key)
        if name is None:
            name = "Accesspack-" + "".join(f"{family}-{style}".split())
            path, index = _locate(family, style)
            pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=index))
            _REGISTERED[key] = name
        return name


def _missing_glyphs(font: str, text: str) -> list[str]:
    """The printable characters of ``text`` the registered ``font`` has no glyph for."""
    face = pdfmetrics.getFont(font).face
    return sorted({ch for ch in text if ch.isprintable() and ord(ch) not in face.charToGlyph})


def font_pair(family: str, bold_style: str, texts: Sequence[tuple[str, str]]) -> tuple[str, str]:
    """The registered (regular, bold) fonts to draw ``texts`` with.

    ``family`` (with ``bold_style`` for its bold face) comes first; when it lacks a glyph of
    one of ``texts`` (``(text, what it is)`` pairs), the CJK family is tried. When neither
    draws everything, :class:`FontNotFoundError` names the text (not repeating it).
    """
    candidates = [(family, bold_style)]
    if family != CJK_FAMILY:
        candidates.append((CJK_FAMILY, "Regular"))
    for n, (fam, fam_bold) in enumerate(candidates):
        try:
            regular, bold = register_font(fam, "Regular"), register_font(fam, fam_bold)
        except FontNotFoundError:
            if n == 0:  # the language's own font must be installed
                raise
            continue
        if not any(_missing_glyphs(regular, text) for text, _ in texts):
            return regular, bold
    regular = register_font(family, "Regular")
    for text, what in texts:
        require_glyphs(regular, text, what)  # raises for the first text it cannot draw
    return regular, register_font(family, bold_style)


def require_glyphs(font: str, text: str, what: str) -> None:
    """Raise :class:`FontNotFoundError` if the registered ``font`` lacks a glyph of ``text``.

    reportlab would draw such characters as empty boxes without a word. ``what`` says
    which text it is ("the packet title"); the text itself is not repeated.
    """
    missing = _missing_glyphs(font, text)
    if missing:
        face = pdfmetrics.getFont(font).face
        family = getattr(face, "familyName", face.name)
        codes = ", ".join(f"U+{ord(ch):04X}" for ch in missing[:8])
        raise FontNotFoundError(
            f"{what} has characters that {family.decode('latin-1', 'replace')} cannot "
            f"draw ({codes}{', ...' if len(missing) > 8 else ''}); use Latin, Greek or "
            "Cyrillic script, or Chinese with fonts-wqy-microhei installed, there"
        )


#: The font descriptor's keys for an embedded font program (Type 1, TrueType, other).
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
#: A font dictionary's (name, embedded): :func:`font_state`, or a variant of it.
FontState = Callable[[pikepdf.Object], tuple[str, bool]]
#: (path, size, modification time, digest of the password or "", state) -> the fonts
#: left out
_NOT_EMBEDDED: OrderedDict[tuple[str, int, int, str, FontState], tuple[str, ...]] = (
    OrderedDict())
_NOT_EMBEDDED_MAX = 1024


#: How deep Form XObjects may nest before a walk stops (a form drawing itself).
FORM_DEPTH = 32


def font_state(font: pikepdf.Object) -> tuple[str, bool]:
    """(name, embedded) of a font dictionary."""
    base = font.get("/BaseFont")
    name = str(base)[1:] if isinstance(base, pikepdf.Name) else "(unnamed font)"
    subtype = font.get("/Subtype")
    if subtype == pikepdf.Name.Type3:
        return name, True
    owner: object = font
    if subtype == pikepdf.Name.Type0:
        kids = font.get("/DescendantFonts")
        owner = kids[0] if isinstance(kids, pikepdf.Array) and len(kids) else None
    desc = owner.get("/FontDescriptor") if isinstance(owner, pikepdf.Dictionary) else None
    embedded = isinstance(desc, pikepdf.Dictionary) and any(k in desc for k in FONT_FILES)
    return name, embedded


class FontWalk:
    """The fonts of resource dictionaries, Form XObjects inside them included; cached by
    object, so a font or form shared by many pages is looked at once.

    ``state`` says whether a font counts as embedded (:func:`font_state` by default)."""

    def __init__(self, state: FontState = font_state) -> None:
        self.state = state
        self.fonts: dict[tuple[int, int], tuple[str, bool]] = {}
        self._resources: dict[tuple[int, int], frozenset[str]] = {}
        self._open: set[tuple[int, int]] = set()
        self.direct = 0  # fonts that are not indirect objects (counted each time seen)

    def missing(self, resources: object, depth: int = 0) -> frozenset[str]:
        """Names of the fonts ``resources`` (and its forms) use without embedding them."""
        if not isinstance(resources, pikepdf.Dictionary) or depth > FORM_DEPTH:
            return frozenset()
        key = resources.objgen if resources.is_indirect else None
        if key is not None:
            hit = self._resources.get(key)
            if hit is not None:
                return hit
            if key in self._open:
                return frozenset()
            self._open.add(key)
        try:
            found: set[str] = set()
            fonts = resources.get("/Font")
            if isinstance(fonts, pikepdf.Dictionary):
                for font in fonts.values():
                    if not isinstance(font, pikepdf.Dictionary):
                        continue
                    if font.is_indirect:
                        state = self.fonts.get(font.objgen)
                        if state is None:
                            state = self.fonts[font.objgen] = self.state(font)
                    else:
                        self.direct += 1
                        state = self.state(font)
                    if not state[1]:
                        found.add(state[0])
            xobjects = resources.get("/XObject")
            if isinstance(xobjects, pikepdf.Dictionary):
                found |= self._xobjects(xobjects, depth)
        finally:
            if key is not None:
                self._open.discard(key)
        result = frozenset(found)
        if key is not None:
            self._resources[key] = result
        return result

    def _xobjects(self, xobjects: pikepdf.Object, depth: int) -> frozenset[str]:
        key = xobjects.objgen if xobjects.is_indirect else None
        if key is not None and key in self._resources:
            return self._resources[key]
        found: set[str] = set()
        for xobj in xobjects.values():
            if isinstance(xobj, pikepdf.Stream) and xobj.get("/Subtype") == pikepdf.Name.Form:
                found |= self.stream(xobj, depth + 1)
        result = frozenset(found)
        if key is not None:
            self._resources[key] = result
        return result

    def stream(self, form: pikepdf.Object, depth: int = 0) -> frozenset[str]:
        """The unembedded fonts of a form (or appearance) stream's resources."""
        resources = form.get("/Resources")
        if isinstance(resources, pikepdf.Dictionary) and not resources.is_indirect:
            key = form.objgen  # a direct dictionary: cache on the stream
            hit = self._resources.get(key)
            if hit is None:
                if key in self._open:
                    return frozenset()
                self._open.add(key)
                try:
                    hit = self._resources[key] = self.missing(resources, depth)
                finally:
                    self._open.discard(key)
            return hit
        return self.missing(resources, depth)


def _read_not_embedded(path: Path, password: str | None, state: FontState) -> list[str]:
    with open_pdf(path, password) as pdf:
        walk = FontWalk(state)
        missing: set[str] = set()
        for page in pdf.pages:
            missing |= walk.missing(page.obj.get("/Resources"))
    return sorted(missing)


def fonts_not_embedded(path: Path, password: str | None = None, *,
                       state: FontState = font_state) -> list[str]:
    """Names of the fonts a PDF uses without embedding them (sorted, unique).

    ``state`` decides what counts as embedded: :func:`font_state` (the file as it is) by
    default; :func:`~accesspack.pdf.embed_fonts.fonts_left_unembedded` passes its own, for
    the fonts a packet copy still leaves out.

    Type 3 fonts are drawn by the PDF itself and count as embedded. An encrypted PDF is
    opened with ``password`` (the attachment's, if the case gives one), or with none: a
    PDF with only an owner password (restrictions) opens so. An unreadable file, or one
    that does not open with the password, gives an empty list: reading it properly is
    :func:`~accesspack.pdf.normalize.pdf_copy`'s job. The answer is cached per
    (path, size, modification time, password); the cache keeps a digest of the
    password, never the password.
    """
    secret = hashlib.sha256(password.encode("utf-8")).hexdigest() if password else ""
    try:
        st = path.stat()
        key = (os.path.abspath(path), st.st_size, st.st_mtime_ns, secret, state)
    except OSError:
        return []
    with _LOCK:
        cached = _NOT_EMBEDDED.get(key)
    if cached is not None:
        return list(cached)
    try:
        found = tuple(_read_not_embedded(path, password, state))
    except Exception:  # a broken file is reported by pdf_copy with its own message
        found = ()
    with _LOCK:
        _NOT_EMBEDDED[key] = found
        while len(_NOT_EMBEDDED) > _NOT_EMBEDDED_MAX:
            _NOT_EMBEDDED.popitem(last=False)
    return list(found)
