"""Find system TrueType fonts with fontconfig and register them with reportlab.

Every text accesspack draws itself (table of contents, footer stamp, DRAFT mark) uses a
TrueType font registered here, so the font is embedded in the PDF. reportlab's built-in
Helvetica is never embedded, which regulators' PDF specifications reject.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..errors import AccesspackError

__all__ = ["FontNotFoundError", "find_font", "register_font", "require_glyphs"]

_PACKAGE = "fonts-liberation2"
_LOCK = threading.Lock()
_REGISTERED: dict[tuple[str, str], str] = {}


class FontNotFoundError(AccesspackError):
    """A font accesspack draws with is not installed (or fontconfig is missing)."""


def _missing(family: str, style: str, why: str) -> FontNotFoundError:
    return FontNotFoundError(
        f"font {family!r} ({style}) is not available: {why}; install the Debian package "
        f"{_PACKAGE} (apt-get install {_PACKAGE} fontconfig)"
    )


def find_font(family: str = "Liberation Sans", style: str = "Regular") -> Path:
    """Return the ``.ttf`` file of ``family`` in ``style``, as fontconfig resolves it.

    fontconfig substitutes a different family when the one asked for is missing; that is
    refused here (the metrics and the glyph coverage would differ), as is anything that
    is not a TrueType ``.ttf`` file.
    """
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        raise _missing(family, style, "fc-match (fontconfig) is not installed")
    try:
        done = subprocess.run(
            [fc_match, "-f", "%{file}\n%{family}\n%{style}", f"{family}:style={style}"],
            capture_output=True, text=True, timeout=30, check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise _missing(family, style, f"fc-match failed ({exc.__class__.__name__})") from None
    lines = done.stdout.split("\n")
    if done.returncode != 0 or len(lines) < 3 or not lines[0]:
        raise _missing(family, style, "fc-match found nothing")
    path = Path(lines[0])
    families = [name.strip().casefold() for name in lines[1].split(",")]
    styles = [name.strip().casefold() for name in lines[2].split(",")]
    if family.casefold() not in families:
        raise _missing(family, style, f"fontconfig substitutes {lines[1].split(',')[0]!r}")
    if style.casefold() not in styles:
        raise _missing(family, style, f"only style {lines[2].split(',')[0]!r} is installed")
    if path.suffix.lower() != ".ttf" or not path.is_file():
        raise _missing(family, style, f"{path.name} is not a TrueType .ttf file")
    return path


def register_font(family: str = "Liberation Sans", style: str = "Regular") -> str:
    """Register ``family``/``style`` with reportlab (once per process); return its name.

    Use the returned name with ``canvas.setFont``; reportlab then embeds a subset of it.
    """
    key = (family, style)
    with _LOCK:
        name = _REGISTERED.get(key)
        if name is None:
            name = "Accesspack-" + "".join(f"{family}-{style}".split())
            pdfmetrics.registerFont(TTFont(name, str(find_font(family, style))))
            _REGISTERED[key] = name
        return name


def require_glyphs(font: str, text: str, what: str) -> None:
    """Raise :class:`FontNotFoundError` if the registered ``font`` lacks a glyph of ``text``.

    reportlab would draw such characters as empty boxes without a word. ``what`` says
    which text it is ("the packet title"); the text itself is not repeated.
    """
    face = pdfmetrics.getFont(font).face
    family = getattr(face, "familyName", face.name)
    missing = sorted({ch for ch in text if ch.isprintable() and ord(ch) not in face.charToGlyph})
    if missing:
        codes = ", ".join(f"U+{ord(ch):04X}" for ch in missing[:8])
        raise FontNotFoundError(
            f"{what} has characters that {family.decode('latin-1', 'replace')} cannot "
            f"draw ({codes}{', ...' if len(missing) > 8 else ''}); use Latin, Greek or "
            "Cyrillic script there (other scripts are not supported yet)"
        )
