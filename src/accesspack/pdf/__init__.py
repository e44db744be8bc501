"""The PDF layer: normalise uploads, collate packets, stamp and write them reproducibly.

- :mod:`.normalize`: :func:`detect_type`, :func:`image_to_pdf`, :func:`pdf_copy` (both
  return a :class:`Normalised`: pages, and what the copy changed)
- :mod:`.collate`: ``Document``, ``Section``, ``PageRange``, ``collate`` (import them from
  :mod:`accesspack.pdf.collate`; re-exporting ``collate`` here would hide that module)
- :mod:`.write`: :func:`save_pdf` (a pikepdf document) and :func:`write_pdf` (a pypdf
  writer): deterministic bytes, atomic rename
- :mod:`.fonts`: :func:`find_font`, :func:`register_font` (embedded TrueType fonts),
  :func:`fonts_not_embedded` (what an upload leaves out; cached per file)
- :mod:`.embed_fonts` (with :mod:`.font_substitutes`): metric-compatible fonts embedded
  in a packet copy for the ones an upload leaves out, and :func:`fonts_left_unembedded`

The names below are imported on first use (PEP 562): importing one light module of this
package (``accesspack.pdf.preflight_report``, for the command line's choices) does not
load pikepdf, pypdf, reportlab and fontTools.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:  # what mypy and IDEs see; at run time __getattr__ imports on first use
    from .fonts import FontNotFoundError, find_font, fonts_not_embedded, register_font
    from .normalize import FileType, Normalised, detect_type, image_to_pdf, pdf_copy
    from .write import save_pdf, write_pdf

#: each public name -> the module that defines it
_LAZY: dict[str, str] = {
    "FontNotFoundError": ".fonts", "find_font": ".fonts",
    "fonts_not_embedded": ".fonts", "register_font": ".fonts",
    "FileType": ".normalize", "Normalised": ".normalize", "detect_type": ".normalize",
    "image_to_pdf": ".normalize", "pdf_copy": ".normalize",
    "save_pdf": ".write", "write_pdf": ".write",
}


__all__ = [
    "FileType",
    "FontNotFoundError",
    "Normalised",
    "detect_type",
    "find_font",
    "fonts_not_embedded",
    "image_to_pdf",
    "pdf_copy",
    "register_font",
    "save_pdf",
    "write_pdf",
]

__getattr__, __dir__ = lazy_names(__name__, _LAZY, __all__, lambda: globals())
