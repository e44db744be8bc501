"""Each page's content parsed once for the walks normalisation makes of it.

:func:`~.normalize.pdf_copy` walks every page of an upload for the footer band
(:func:`~.content.footer_band_pages`: where text and images are painted), and, when a
font is to be embedded, traces the codes each font shows
(:func:`~.embed_fonts.embed_fonts`); the build then looked for scanned pages in the copy
for OCR (:func:`~.page_scan.scanned_pages`). :class:`PageContents` parses a page once,
with the operators of the band walk and the trace (:data:`OPERATORS`); the band walk
keeps, as it goes, the instructions the trace reads (:class:`~.instructions.Tap`: about
half of a text page's), and OCR's look reads its answer off the band walk
(``normalize._Scans``).

That gives each walk what its own parse gave it: qpdf hands an operator the operands read
since the previous operator of any kind, whichever operators are asked for, and the band
walk passes over the operators it does not read. Two things keep the copy the same, byte
for byte:

- a page whose content cannot be parsed so, or that the band walk could not go through,
  keeps nothing (:meth:`PageContents.traced` gives None) and the trace parses it its own
  way, as it did before;
- a page the footer clearance shrank (:func:`~.normalize.clear_footer_band`) has gained
  a ``q ... cm ... re W n`` before its content and a ``Q`` after it by the time fonts are
  traced; :meth:`PageContents.traced` gives the trace that leading ``q`` (the only
  operator of the wrapper it reads that can change what it finds: an unbalanced ``Q`` of
  the page's own then restores the font in use before it, as it does in the copy).

Only page content streams are shared: Form XObjects, patterns and annotation appearances
are parsed by each walk as before (each walk parses a form once). What the trace reads of
an upload's pages is held from the band walk to the end of the trace, then dropped.
"""

from __future__ import annotations

from collections.abc import Set

import pikepdf

from .content import _WALKED
from .embed_fonts import _READ, READ_OPS
from .instructions import Instruction, Named, Tap

__all__ = ["OPERATORS", "PageContents"]

#: what one parse reads: the footer-band walk's operators and the font trace's
OPERATORS = " ".join(sorted(set(_WALKED.split()) | set(_READ.split())))
_SAVE: tuple[str, Instruction] = ("q", pikepdf.ContentStreamInstruction(
    [], pikepdf.Operator("q")))


class PageContents:
    """The pages of one open PDF, each parsed once, on the band walk's ask, and what the
    band walk kept of each for the font trace. ``parses`` counts the parses made."""

    def __init__(self) -> None:
        self._taps: dict[int, Tap] = {}
        self.parses = 0

    def of(self, index: int, page: pikepdf.Object
           ) -> tuple[list[Instruction] | None, Tap | None]:
        """The instructions of ``page`` (the ``index``-th page of its PDF) and the tap the
        band walk fills for the trace; (None, None) when its content cannot be parsed so
        (the band walk then parses it its own way)."""
        self.parses += 1
        try:
            instructions = list(pikepdf.parse_content_stream(page, OPERATORS))
        except pikepdf.PdfError:
            return None, None
        tap = self._taps[index] = Tap(READ_OPS)
        return instructions, tap

    def traced(self, index: int, page: pikepdf.Object, wrapped: Set[int]) -> Named | None:
        """What the font trace reads of the ``index``-th page once the pages ``wrapped``
        were shrunk: what the band walk kept of it, after a ``q`` when it is one of them;
        None when the walk did not go through the page (the trace parses it)."""
        tap = self._taps.get(index)
        if tap is None or not tap.done:
            return None
        return [_SAVE, *tap.kept] if index in wrapped else tap.kept
