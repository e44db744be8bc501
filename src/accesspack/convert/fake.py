"""A converter for tests: no LibreOffice, every call recorded.

Like the mock transport of an HTTP client, :class:`FakeConverter` stands in for
LibreOffice in tests of code that builds bundles: it writes, for each DOCX, a small
Letter-size PDF that carries the document's paragraphs as text (read from the DOCX's
XML, one line each, in an embedded font), so packets collate, preflight and read back
with ``pdftotext``. Layout, tables and page breaks are not reproduced: use it to test
what your code does around a build, not how a document looks.

Every call is recorded in :attr:`FakeConverter.calls` (the file names, in order), so a
test can assert that a refused build never asked for a conversion. ``fail`` makes every
call raise that error instead, as a LibreOffice failure would.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.etree import ElementTree

from ..errors import ConversionError
from .base import Converter, expected_outputs

__all__ = ["FakeConverter"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LINES_PER_PAGE = 48


def _paragraphs(docx: Path) -> list[str]:
    """The text of every body paragraph of ``docx``, one string each."""
    try:
        with zipfile.ZipFile(docx) as zf:
            root = ElementTree.fromstring(zf.read("word/document.xml"))
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError) as exc:
        raise ConversionError(f"{docx.name} is not a readable Word document "
                              f"({exc.__class__.__name__})") from None
    return ["".join(t.text or "" for t in p.iter(f"{_W}t")) for p in root.iter(f"{_W}p")]


class FakeConverter(Converter):
    """Writes a plain PDF of each DOCX's paragraphs; records every call (see the module).

    ``fail``: an exception every call raises (e.g. ``ConversionError("soffice crashed")``).
    """

    def __init__(self, fail: Exception | None = None) -> None:
        self.calls: list[list[str]] = []
        self.fail = fail

    def convert(self, sources: Sequence[Path], out_dir: Path) -> list[Path]:
        """Record the call, then write ``out_dir/<stem>.pdf`` for each source."""
        self.calls.append([p.name for p in sources])
        if self.fail is not None:
            raise self.fail
        from reportlab.lib.pagesizes import letter  # imported when a test converts
        from reportlab.pdfgen import canvas

        from ..pdf.fonts import register_font

        outputs = expected_outputs(sources, out_dir)
        if outputs:
            out_dir.mkdir(parents=True, exist_ok=True)  # as LibreOffice's converters do
        font = register_font()
        for src, dest in zip(sources, outputs, strict=True):
            lines = [re.sub(r"\s+", " ", p).strip() for p in _paragraphs(src)] or [""]
            pdf = canvas.Canvas(str(dest), pagesize=letter, invariant=1,
                                initialFontName=font, initialFontSize=10)
            for start in range(0, len(lines), _LINES_PER_PAGE):
                y = letter[1] - 72
                for line in lines[start:start + _LINES_PER_PAGE]:
                    pdf.drawString(72, y, line[:110])
                    y -= 13
                pdf.showPage()
            pdf.save()
        return outputs
