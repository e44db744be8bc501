"""Each page's content parsed once for the two walks normalisation makes of it.

:func:`~.normalize.pdf_copy` walks every page of an upload twice: the footer-band walk
(:func:`~.content.footer_band_pages`: where text and images are painted) and, when a font
is to be embedded, the font trace (:func:`~.embed_fonts.embed_fonts`: which codes each
font shows). :class:`PageContents` parses a page once, with the operators of both walks
(:data:`OPERATORS`), names each operator once (:mod:`.instructions`), and hands both the
same instructions. That gives each walk what its
own parse gave it: qpdf hands an operator the operands read since the previous operator
of any kind, whichever operators are asked for, and each walk passes over the operators
it does not read.

Two things keep the result the same as two parses, byte for byte:

- a page whose content cannot be parsed so is not kept (:meth:`PageContents.of` gives
  None), and each walk then parses it its own way, as it did before;
- a page the footer clearance shrank (:func:`~.normalize.clear_footer_band`) has gained
  a ``q ... cm ... re W n`` before its content and a ``Q`` after it by the time fonts are
  traced; :meth:`PageContents.traced` gives the trace that leading ``q`` (the only
  operator of the wrapper it reads that can change what it finds: an unbalanced ``Q`` of
  the page's own then restores the font in use before it, as it does in the copy).

Only page content streams are shared: Form XObjects, patterns and annotation appearances
are parsed by each walk as before (each walk parses a form once). The instructions of an
upload's pages are held from the footer walk to the end of the font trace, then dropped
with the :class:`PageContents`.
"""

from __future__ import annotations

from collections.abc import Set

import pikepdf

from .content import _WALKED
from .embed_fonts import _READ
from .instructions import Named, parse_named

__all__ = ["OPERATORS", "PageContents"]

#: what one parse reads: the footer-band walk's operators and the font trace's
OPERATORS = " ".join(sorted(set(_WALKED.split()) | set(_READ.split())))
_SAVE = ("q", pikepdf.ContentStreamInstruction([], pikepdf.Operator("q")))


class PageContents:
    """The parsed content of the pages of one open PDF, each page parsed once, on first
    ask. ``parses`` counts the parses made (what the tests and the benchmark notes count)."""

    def __init__(self) -> None:
        self._pages: dict[int, Named | None] = {}
        self.parses = 0

    def of(self, index: int, page: pikepdf.Object) -> Named | None:
        """The instructions of ``page`` (the ``index``-th page of its PDF), as they were
        when first asked for; None when its content cannot be parsed."""
        if index not in self._pages:
            self.parses += 1
            try:
                self._pages[index] = parse_named(page, OPERATORS)
            except pikepdf.PdfError:
                self._pages[index] = None
        return self._pages[index]

    def traced(self, index: int, page: pikepdf.Object, wrapped: Set[int]
               ) -> Named | None:
        """What the font trace reads of the ``index``-th page once the pages ``wrapped``
        were shrunk: its instructions, after a ``q`` when it is one of them."""
        instructions = self.of(index, page)
        if instructions is None or index not in wrapped:
            return instructions
        return [_SAVE, *instructions]
