"""The converter interface: DOCX files in, one PDF per file out.

A backend (local LibreOffice, a unoserver, a conversion service, a test double)
subclasses :class:`Converter`. Instances may hold resources (a LibreOffice profile, a
connection), so they are context managers and have :meth:`Converter.close`.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Self

from ..errors import ConversionError

__all__ = ["Converter", "expected_outputs"]


def expected_outputs(sources: Sequence[Path], out_dir: Path) -> list[Path]:
    """``out_dir/<stem>.pdf`` for each source, in order.

    Raises :class:`ConversionError` when two sources share a stem (their PDFs would
    overwrite each other).
    """
    seen: dict[str, Path] = {}
    for src in sources:
        other = seen.setdefault(src.stem, src)
        if other is not src:
            raise ConversionError(
                f"{other.name} and {src.name} would both become {src.stem}.pdf; "
                "give every source a distinct file name stem"
            )
    return [out_dir / f"{src.stem}.pdf" for src in sources]


class Converter(abc.ABC):
    """Converts DOCX documents to PDF."""

    @abc.abstractmethod
    def convert(self, sources: Sequence[Path], out_dir: Path) -> list[Path]:
        """Convert ``sources`` to ``out_dir/<stem>.pdf``; return the PDFs in source order.

        Sources must have distinct stems, else :class:`ConversionError`.
        """

    def close(self) -> None:  # noqa: B027 - a no-op is the right default
        """Release what the converter holds; it may be called more than once."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
