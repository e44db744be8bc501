"""The converter interface: DOCX files in, one PDF per file out.

A backend (local LibreOffice, a unoserver, a conversion service, a test double)
subclasses :class:`Converter`. Instances may hold resources (a LibreOffice profile, a
connection), so they are context managers and have :meth:`Converter.close`.

A build hands its documents over one by one, as each is rendered, through a
:class:`Conversion` (:meth:`Converter.begin`): a converter that keeps LibreOffice running
converts each document as it arrives; any other converts them all in one
:meth:`Converter.convert` call once :meth:`Conversion.end` says no more will come.
"""

from __future__ import annotations

import abc
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import Self

from ..errors import ConversionError

__all__ = ["Conversion", "Converter", "expected_outputs"]


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

    def begin(self, out_dir: Path, *, split: bool = True) -> Conversion:
        """A conversion into ``out_dir`` whose sources are handed over one by one.

        ``split=False``: every source must be converted by one LibreOffice process, in
        order (LibreOffice numbers the Type 1 fonts it writes, the CJK fonts, per process:
        ``/UniqueID 4100000 + n``; documents split between processes would get other bytes
        and repeat numbers inside one packet). This default collects the sources and
        converts them all in one :meth:`convert` call, on a thread, from
        :meth:`Conversion.end`: the same PDFs, in the same order, in one process.
        """
        return _Collected(self, out_dir)

    def close(self) -> None:  # noqa: B027 - a no-op is the right default
        """Release what the converter holds; it may be called more than once."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


class Conversion(abc.ABC):
    """DOCX sources handed over one by one (:meth:`submit`); :meth:`finish` returns
    ``out_dir/<stem>.pdf`` for each, in the order they were submitted.

    Use it as a context manager: leaving it on an error cancels what is not done (and
    waits for what is running). ``seconds`` is, once finished, the time the converter
    worked: from the first source handed over (or from :meth:`end`, for a converter that
    converts all at once) to the last PDF written.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.seconds = 0.0

    @abc.abstractmethod
    def submit(self, source: Path) -> None:
        """Hand over one more DOCX; a converter may start converting it at once."""

    def end(self) -> None:  # noqa: B027 - converters that stream need no signal
        """No more sources will come (a converter that converts all at once starts now)."""

    @abc.abstractmethod
    def finish(self) -> list[Path]:
        """Wait for every PDF; return them in submission order (or raise the error of the
        first source, in that order, that failed)."""

    @abc.abstractmethod
    def cancel(self) -> None:
        """Give up: convert nothing more, wait for what is running, remove scratch files."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is not None:
            self.cancel()


class _Collected(Conversion):
    """Every source collected, then one :meth:`Converter.convert` call on a thread."""

    def __init__(self, converter: Converter, out_dir: Path) -> None:
        super().__init__(out_dir)
        self._converter = converter
        self._sources: list[Path] = []
        self._pool: ThreadPoolExecutor | None = None
        self._result: Future[tuple[list[Path], float]] | None = None

    def submit(self, source: Path) -> None:
        if self._pool is not None:
            raise RuntimeError("a source was submitted after end()")
        self._sources.append(source)

    def end(self) -> None:
        if self._pool is not None:
            return
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="accesspack-convert")
        self._result = self._pool.submit(self._convert)

    def _convert(self) -> tuple[list[Path], float]:
        started = time.perf_counter()
        pdfs = (self._converter.convert(self._sources, self.out_dir)
                if self._sources else [])
        return pdfs, time.perf_counter() - started

    def finish(self) -> list[Path]:
        self.end()
        assert self._pool is not None and self._result is not None
        try:
            pdfs, self.seconds = self._result.result()
        finally:
            self._pool.shutdown()
        return pdfs

    def cancel(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)  # a converter call cannot be interrupted
