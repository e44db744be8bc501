"""Lengths on a PDF page: user space units are points, 72 to the inch by default
(ISO 32000-1, 8.3.2.3)."""

from __future__ import annotations

from typing import Final

__all__ = ["INCH"]

#: One inch in PDF points.
INCH: Final[float] = 72.0
