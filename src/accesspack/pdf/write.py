"""Write a pypdf document to disk reproducibly and atomically.

The same pages give the same bytes: no file identifier (``/ID``), no dates, a fixed
``/Producer``. The file is written next to its destination and renamed into place, so a
reader never sees half a PDF.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from pypdf import PageObject, PdfWriter
from pypdf.generic import ArrayObject, IndirectObject, NameObject, StreamObject

from .._version import __version__
from ..errors import OutputError

__all__ = ["PDF_HEADER", "PRODUCER", "write_pdf"]

PRODUCER = f"accesspack {__version__}"
PDF_HEADER = "%PDF-1.7"
_DATES = ("/CreationDate", "/ModDate")


def _compress_contents(writer: PdfWriter, page: PageObject) -> None:
    """Flate-compress, in place, every content stream of ``page`` stored without a filter.

    pypdf's ``compress_content_streams`` is not used: for a ``/Contents`` array it joins
    the streams and blanks the old ones, breaking any other page that shares them.
    """
    if "/Contents" not in page:
        return
    contents = page.raw_get("/Contents")
    resolved = contents.get_object()
    refs = list(resolved) if isinstance(resolved, ArrayObject) else [contents]
    for ref in refs:
        stream = ref.get_object()
        if not isinstance(stream, StreamObject) or "/Filter" in stream:
            continue
        encoded = stream.flate_encode()
        if isinstance(ref, IndirectObject) and ref.pdf is writer:
            encoded.indirect_reference = ref
            writer._objects[ref.idnum - 1] = encoded
        elif not isinstance(resolved, ArrayObject):  # a direct stream: make it indirect
            page[NameObject("/Contents")] = writer._add_object(encoded)


def write_pdf(writer: PdfWriter, dest: Path, *, title: str | None = None) -> None:
    """Write ``writer`` to ``dest`` with deterministic bytes.

    - ``/Producer`` is ``accesspack <version>``; ``/CreationDate`` and ``/ModDate`` are
      removed; ``/Title`` is set when ``title`` is given.
    - No ``/ID`` is written (one inherited from a cloned reader is dropped).
    - Uncompressed page content streams are Flate-compressed.
    - The header says PDF 1.7.

    Raises :class:`~accesspack.errors.OutputError` if ``dest`` cannot be written.
    """
    info = {str(k): v for k, v in (writer.metadata or {}).items() if k not in _DATES}
    info["/Producer"] = PRODUCER
    if title is not None:
        info["/Title"] = title
    writer.metadata = info
    writer._ID = None  # pypdf writes /ID only when set; a random or inherited one breaks bytes
    writer.pdf_header = PDF_HEADER
    for page in writer.pages:
        _compress_contents(writer, page)

    tmp = dest.with_name(f".{dest.name}.{secrets.token_hex(6)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as fh:
            writer.write(fh)
        os.replace(tmp, dest)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {dest.name}: {exc.strerror or exc}") from None
        raise
