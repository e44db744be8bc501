"""DOCX to PDF conversion behind a small, pluggable :class:`Converter` interface.

:class:`LibreOfficeConverter` starts LibreOffice for each call; :class:`LibreOfficeServerConverter`
keeps one or two running across calls (for batches, and builds in a row), and takes each
document of a build as it is rendered (:meth:`Converter.begin`); :class:`BackgroundConverter`
starts one on a thread at once (the command line's). :func:`default_converter` gives the
process-wide :class:`LibreOfficeConverter`. :class:`FakeConverter` stands in for
LibreOffice in tests (it records each call and writes plain PDFs of the text).
"""

from __future__ import annotations

import atexit
import threading

from .background import BackgroundConverter
from .base import Conversion, Converter, expected_outputs
from .fake import FakeConverter
from .libreoffice import ENV_VAR, EXPORT_OPTIONS, LibreOfficeConverter, find_soffice
from .server import (
    UNO_PYTHON_VAR,
    LibreOfficeServerConverter,
    default_instances,
    find_uno_python,
)

__all__ = [
    "ENV_VAR",
    "EXPORT_OPTIONS",
    "UNO_PYTHON_VAR",
    "BackgroundConverter",
    "Conversion",
    "Converter",
    "FakeConverter",
    "LibreOfficeConverter",
    "LibreOfficeServerConverter",
    "default_converter",
    "default_instances",
    "expected_outputs",
    "find_soffice",
    "find_uno_python",
]

_LOCK = threading.Lock()
_DEFAULT: Converter | None = None


def default_converter() -> Converter:
    """The converter shared by this process: one :class:`LibreOfficeConverter`.

    Created on first use (so a missing LibreOffice is reported only when needed) and
    closed when the interpreter exits.
    """
    global _DEFAULT
    with _LOCK:
        if _DEFAULT is None:
            converter = LibreOfficeConverter()
            atexit.register(converter.close)
            _DEFAULT = converter
        return _DEFAULT
