"""Draw the packet's table of contents with reportlab.

The layout has a fixed number of lines per page, so the number of TOC pages is known
before any page number is: :func:`toc_page_count` first, page numbers next, then
:func:`draw_toc`. Entry titles that do not fit on one line are shortened with an
ellipsis (never wrapped), which keeps that count exact.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..languages import Labels
from ..languages import labels_for as _labels_for
from .fonts import font_pair
from .units import INCH

__all__ = ["TOC_TITLE", "TocEntry", "TocLink", "draw_toc", "toc_lines_per_page",
           "toc_page_count"]

ENGLISH = _labels_for("en")
TOC_TITLE = ENGLISH.toc_title
_LEFT = 1.0 * INCH
_RIGHT = 0.75 * INCH
_TOP = 1.0 * INCH
_BOTTOM = 1.0 * INCH  # clear of the footer stamp
_TITLE_SIZE = 16.0
_SUBTITLE_SIZE = 11.0
_HEADER = 60.0  # from the title baseline down to the first entry's baseline
_LINE = 18.0
_INDENT = 0.3 * INCH
_SIZES = (11.0, 10.0)  # sections, documents
_NUMBER_ROOM = 0.6 * INCH
_LINK_BLUE = (0.0, 0.0, 0.75)
_ELLIPSIS = "\u2026"


@dataclass(frozen=True)
class TocEntry:
    """One line: ``level`` 0 for a section, 1 for a document inside a section."""

    title: str
    page: int  # 1-based page in the packet
    level: int = 0


@dataclass(frozen=True)
class TocLink:
    """Where a TOC line was drawn: page ``toc_page`` of the TOC, ``rect`` in points."""

    toc_page: int  # 0-based within the TOC
    rect: tuple[float, float, float, float]
    target_page: int  # 0-based page in the packet


def _first_baseline(height: float) -> float:
    return height - _TOP - _TITLE_SIZE - _HEADER


def toc_lines_per_page(page_size: tuple[float, float]) -> int:
    """How many entries fit on one TOC page of ``page_size`` points."""
    lines = math.floor((_first_baseline(page_size[1]) - _BOTTOM) / _LINE) + 1
    if lines < 1 or page_size[0] - _LEFT - _RIGHT - _INDENT - _NUMBER_ROOM < INCH:
        raise ValueError(f"a table of contents does not fit on a {page_size} pt page")
    return lines


def toc_page_count(entries: int, page_size: tuple[float, float]) -> int:
    """Pages needed for ``entries`` lines (at least one page, holding the title)."""
    return max(1, math.ceil(entries / toc_lines_per_page(page_size)))


def _shorten(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + _ELLIPSIS, font, size) > width:
        text = text[:-1]
    return text.rstrip() + _ELLIPSIS


def draw_toc(entries: Sequence[TocEntry], page_size: tuple[float, float],
             packet_title: str, labels: Labels = ENGLISH) -> tuple[bytes, list[TocLink]]:
    """Draw the TOC; return the PDF bytes and where each entry's link goes."""
    texts = [(labels.toc_title + labels.continued, "the table-of-contents heading"),
             (packet_title, "the packet title")]
    texts += [(e.title, f"table-of-contents entry {n}") for n, e in enumerate(entries, start=1)]
    regular, bold = font_pair(labels.font_family, labels.bold_style, texts)
    width, height = page_size
    per_page = toc_lines_per_page(page_size)
    pages = toc_page_count(len(entries), page_size)
    right = width - _RIGHT
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=page_size, invariant=1, pageCompression=1,
               initialFontName=regular, initialFontSize=_SIZES[0])
    links: list[TocLink] = []
    for page in range(pages):
        top = height - _TOP - _TITLE_SIZE
        c.setFillColorRGB(0, 0, 0)
        c.setFont(bold, _TITLE_SIZE)
        c.drawString(_LEFT, top, labels.toc_title)
        c.setFont(regular, _SUBTITLE_SIZE)
        subtitle = packet_title if page == 0 else f"{packet_title} {labels.continued}"
        c.drawString(_LEFT, top - 22.0,
                     _shorten(subtitle, regular, _SUBTITLE_SIZE, right - _LEFT))
        y = _first_baseline(height)
        for entry in entries[page * per_page:(page + 1) * per_page]:
            size = _SIZES[min(entry.level, 1)]
            x = _LEFT + _INDENT * min(entry.level, 1)
            number = str(entry.page)
            title = _shorten(entry.title, regular, size, right - _NUMBER_ROOM - x)
            c.setFont(regular, size)
            c.setFillColorRGB(*_LINK_BLUE)
            c.drawString(x, y, title)
            c.drawRightString(right, y, number)
            leader_from = x + stringWidth(title, regular, size) + 4.0
            leader_to = right - stringWidth(number, regular, size) - 4.0
            if leader_to > leader_from:
                c.saveState()
                c.setStrokeColorRGB(0.5, 0.5, 0.5)
                c.setLineWidth(0.6)
                c.setDash(0.6, 2.4)
                c.line(leader_from, y + 1.0, leader_to, y + 1.0)
                c.restoreState()
            links.append(TocLink(page, (x - 2.0, y - 4.0, right + 2.0, y + size + 1.0),
                                 entry.page - 1))
            y -= _LINE
        c.showPage()
    c.save()
    return buf.getvalue(), links
