"""Write a PDF to disk reproducibly and atomically.

The same pages give the same bytes: no dates, a fixed ``/Producer``, a PDF 1.7 header,
Flate-compressed page content, and a file identifier (``/ID``) that is either absent
(pypdf) or derived from the content (qpdf's deterministic ID), never random. The file is
written next to its destination and renamed into place, so a reader never sees half a PDF.

- :func:`save_pdf` writes a :class:`pikepdf.Pdf` (libqpdf): what the collator and the
  normaliser use. Stream data is copied as it is, never decoded and re-encoded, except
  page content streams stored without a filter, which are Flate-compressed.
- :func:`write_pdf` writes a pypdf :class:`~pypdf.PdfWriter`, for pypdf callers.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, BinaryIO, cast

import pikepdf
from pypdf import PageObject, PdfWriter
from pypdf.generic import ArrayObject, IndirectObject, NameObject, StreamObject

from .._version import __version__
from ..files import atomic_write

__all__ = ["PDF_HEADER", "PRODUCER", "compress_contents", "save_pdf", "write_pdf"]

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


def compress_contents(pages: Iterable[pikepdf.Object]) -> None:
    """Flate-compress, in place, every content stream of ``pages`` stored without a filter.

    A stream shared by several pages is compressed once, for all of them.
    """
    for page in pages:
        contents = page.get("/Contents")
        if contents is None:
            continue
        streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        for stream in streams:
            if isinstance(stream, pikepdf.Stream) and "/Filter" not in stream:
                stream.write(zlib.compress(stream.read_bytes()),
                             filter=pikepdf.Name.FlateDecode)


def save_pdf(pdf: pikepdf.Pdf, dest: Path, *, title: str | None = None,
             pages: Iterable[pikepdf.Object] | None = None) -> None:
    """Write ``pdf`` to ``dest`` with deterministic bytes.

    - ``/Producer`` is ``accesspack <version>``; ``/CreationDate`` and ``/ModDate`` are
      removed; ``/Title`` is set when ``title`` is given.
    - ``/ID`` is derived from the content (qpdf's deterministic ID); one the document
      had is dropped first, so none is carried over from an input.
    - Page content streams without a filter are Flate-compressed: those of ``pages`` (page
      dictionaries; every page by default, ``()`` when the caller did it); every other
      stream is copied as it is, never decoded or re-encoded.
    - The header says PDF 1.7.

    Raises :class:`~accesspack.errors.OutputError` if ``dest`` cannot be written.
    """
    old = pdf.trailer.get("/Info")
    info = pikepdf.Dictionary(cast(Mapping[str, Any], old)) if isinstance(
        old, pikepdf.Dictionary) else pikepdf.Dictionary()
    for key in _DATES:
        if key in info:
            del info[key]
    info.Producer = pikepdf.String(PRODUCER)
    if title is not None:
        info.Title = pikepdf.String(title)
    pdf.trailer.Info = pdf.make_indirect(info)
    if "/ID" in pdf.trailer:
        del pdf.trailer.ID
    compress_contents((page.obj for page in pdf.pages) if pages is None else pages)

    def write(fh: BinaryIO) -> None:
        pdf.save(fh, deterministic_id=True, force_version="1.7", compress_streams=False,
                 stream_decode_level=pikepdf.StreamDecodeLevel.none,
                 fix_metadata_version=False)

    atomic_write(dest, write)


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

    def write(fh: BinaryIO) -> None:
        writer.write(fh)

    atomic_write(dest, write)
