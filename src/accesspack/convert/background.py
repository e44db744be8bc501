"""A converter whose LibreOffice starts at once, on a thread, while the caller works on.

``accesspack build`` makes one before it builds: LibreOffice's start (about 1.2 s) then
runs while the command imports, renders and reads the uploads, instead of after them.
:class:`BackgroundConverter` makes a :class:`LibreOfficeServerConverter` (or, when no
Python has LibreOffice's ``uno`` module, the :class:`LibreOfficeConverter` that starts
LibreOffice per call) and starts it; every call waits for that and goes to it. A
LibreOffice missing altogether is reported by the first call, as by any converter.
:meth:`BackgroundConverter.close` stops LibreOffice, even one still starting.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..errors import ConverterNotFoundError
from .base import Conversion, Converter
from .libreoffice import LibreOfficeConverter
from .server import LibreOfficeServerConverter

__all__ = ["BackgroundConverter"]

log = logging.getLogger("accesspack")


class BackgroundConverter(Converter):
    """Makes and starts the converter on a thread from the moment it is created.

    ``instances``: as for :class:`LibreOfficeServerConverter` (default: two when a second
    CPU is free).
    """

    def __init__(self, instances: int | None = None) -> None:
        self._lock = threading.Lock()
        self._closing = False
        self._made: Converter | None = None
        self._failed: Exception | None = None
        self._ready = threading.Event()  # made (or failed); its start may still run
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="accesspack-lo")
        self._started = self._pool.submit(self._make_and_start, instances)

    def _make_and_start(self, instances: int | None) -> None:
        converter: Converter | None = None
        try:
            converter = _make(instances)
        except Exception as exc:  # raised again by the first call
            self._failed = exc
        with self._lock:
            self._made = converter
            closing = self._closing
            self._ready.set()
        if not closing and isinstance(converter, LibreOfficeServerConverter):
            try:
                converter.start()
            except Exception as exc:  # the first call starts it again and reports why
                log.debug("LibreOffice did not start in the background: %s", exc)

    def converter(self) -> Converter:
        """The converter, once made; its LibreOffice may still be starting (a call waits
        for it). Raises what making it raised (:class:`ConverterNotFoundError` when
        LibreOffice is missing)."""
        self._ready.wait()
        if self._failed is not None:
            raise self._failed
        assert self._made is not None
        return self._made

    def convert(self, sources: Sequence[Path], out_dir: Path) -> list[Path]:
        """Convert with the started converter (see :meth:`Converter.convert`)."""
        return self.converter().convert(sources, out_dir)

    def begin(self, out_dir: Path, *, split: bool = True) -> Conversion:
        """A conversion of the started converter (see :meth:`Converter.begin`)."""
        return self.converter().begin(out_dir, split=split)

    def close(self) -> None:
        """Stop LibreOffice (one still starting is stopped at once) and the thread."""
        with self._lock:
            self._closing = True
        if self._ready.wait(timeout=60) and self._made is not None:
            self._made.close()  # aborts a start in progress
        with contextlib.suppress(Exception):
            self._started.result()
        if self._made is not None:
            self._made.close()  # in case the start began after the first close
        self._pool.shutdown()


def _make(instances: int | None) -> Converter:
    """A :class:`LibreOfficeServerConverter`, else (no Python with ``uno``) a
    :class:`LibreOfficeConverter`."""
    try:
        return LibreOfficeServerConverter(instances=instances)
    except ConverterNotFoundError as exc:  # no uno; no soffice at all raises again here
        log.debug("%s; converting with one LibreOffice start per call", exc)
        return LibreOfficeConverter()
