"""Lengths on a PDF page: user space units are points, 72 to the inch by default
(ISO 32000-1, 8.3.2.3); and the paper sizes regulators ask for."""

from __future__ import annotations

from typing import Final

__all__ = ["A4", "INCH", "LETTER", "PAGE_SIZES"]

#: One inch in PDF points.
INCH: Final[float] = 72.0

#: US Letter (8.5 x 11 in) and ISO A4 (210 x 297 mm), width by height in points.
LETTER: Final[tuple[float, float]] = (612.0, 792.0)
A4: Final[tuple[float, float]] = (595.2756, 841.8898)
#: A route's ``page_size`` -> its paper.
PAGE_SIZES: Final[dict[str, tuple[float, float]]] = {"letter": LETTER, "a4": A4}
