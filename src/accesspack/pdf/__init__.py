"""The PDF layer: normalise uploads, collate packets, stamp and write them reproducibly.

- :mod:`.normalize`: :func:`detect_type`, :func:`image_to_pdf`, :func:`pdf_copy`
- :mod:`.collate`: ``Document``, ``Section``, ``PageRange``, ``collate`` (import them from
  :mod:`accesspack.pdf.collate`; re-exporting ``collate`` here would hide that module)
- :mod:`.write`: :func:`write_pdf` (deterministic bytes, atomic rename)
- :mod:`.fonts`: :func:`find_font`, :func:`register_font` (embedded TrueType fonts)
"""

from .fonts import FontNotFoundError, find_font, register_font
from .normalize import FileType, detect_type, image_to_pdf, pdf_copy
from .write import write_pdf

__all__ = [
    "FileType",
    "FontNotFoundError",
    "detect_type",
    "find_font",
    "image_to_pdf",
    "pdf_copy",
    "register_font",
    "write_pdf",
]
