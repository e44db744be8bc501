"""Collate sections of PDFs into one navigable, stamped, reproducible packet.

The packet has, in section order, every document's pages; a generated, hyperlinked
table of contents where the caller put the TOC section; one bookmark per section (with
one child per document when a section holds several); a footer on every page
(``<case_id> · <packet_title> · Page n of N``), a DRAFT mark when asked; it opens with
the bookmarks panel shown. The same inputs give the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import Fit
from reportlab.lib.pagesizes import LETTER

from ..errors import AttachmentError
from ..locale import Labels, labels_for
from .stamp import stamp_pages, visual_top_left
from .toc import TocEntry, TocLink, draw_toc, toc_page_count
from .write import write_pdf

__all__ = ["Document", "PageRange", "Section", "collate"]


@dataclass(frozen=True)
class Document:
    """One PDF placed in the packet."""

    title: str
    pdf: Path


@dataclass(frozen=True)
class Section:
    """One part of the packet; exactly one bookmark per section.

    ``is_toc`` marks the place of the generated table of contents (no documents then).
    A section with no documents that is not the TOC is left out.
    """

    title: str
    documents: tuple[Document, ...] = ()
    is_toc: bool = False


@dataclass(frozen=True)
class PageRange:
    """Where a section (or, in ``children``, each of its documents) lies in the packet."""

    title: str
    first: int  # 1-based page in the packet
    last: int
    children: tuple[PageRange, ...] = ()


def _open(doc: Document) -> PdfReader:
    try:
        reader = PdfReader(doc.pdf, strict=False)
        if reader.is_encrypted or len(reader.pages) == 0:
            raise ValueError("encrypted or empty")
    except Exception as exc:
        raise AttachmentError(
            f"{doc.pdf.name} cannot be collated ({exc.__class__.__name__}: it must be a "
            "readable, unencrypted PDF with at least one page)",
            attachment=doc.pdf.name,
        ) from None
    return reader


def _fit(writer: PdfWriter, index: int) -> Fit:
    """Go to the top-left of the page and keep the reader's zoom ("inherit zoom")."""
    left, top = visual_top_left(writer.pages[index])
    return Fit.xyz(left, top, None)


def _layout(sections: Sequence[Section], readers: list[list[PdfReader]],
            toc_pages: int) -> list[PageRange]:
    ranges: list[PageRange] = []
    page = 1
    for section, docs in zip(sections, readers, strict=True):
        first = page
        children: list[PageRange] = []
        if section.is_toc:
            page += toc_pages
        for doc, reader in zip(section.documents, docs, strict=True):
            count = len(reader.pages)
            children.append(PageRange(doc.title, page, page + count - 1))
            page += count
        ranges.append(PageRange(section.title, first, page - 1, tuple(children)))
    return ranges


def _toc_entries(sections: Sequence[Section], ranges: Sequence[PageRange]) -> list[TocEntry]:
    entries: list[TocEntry] = []
    for section, rng in zip(sections, ranges, strict=True):
        if section.is_toc:
            continue
        entries.append(TocEntry(section.title, rng.first, 0))
        if len(rng.children) > 1:
            entries.extend(TocEntry(child.title, child.first, 1) for child in rng.children)
    return entries


def collate(sections: Sequence[Section], dest: Path, *, case_id: str, packet_title: str,
            draft: bool = False,
            toc_page_size: tuple[float, float] = LETTER,
            labels: Labels | None = None) -> list[PageRange]:
    """Write the packet of ``sections`` to ``dest``; return each kept section's pages.

    Sections without documents (other than the TOC) are skipped and get no range. The
    TOC lists every other section with its first page, and each document when a section
    holds more than one; each line links to its page. ``toc_page_size`` is the size of
    the TOC pages; documents keep their own sizes and orientations. ``labels`` give the
    fixed words (contents title, "Page n of N", DRAFT) in the packet's language.

    Raises ``ValueError`` for an empty packet, several TOC sections or a TOC section
    with documents, and :class:`~accesspack.errors.AttachmentError` for a document that
    is not a readable, unencrypted PDF with pages.
    """
    kept = [s for s in sections if s.is_toc or s.documents]
    tocs = [s for s in kept if s.is_toc]
    if len(tocs) > 1:
        raise ValueError("a packet has at most one table-of-contents section")
    if any(s.documents for s in tocs):
        raise ValueError("the table-of-contents section cannot hold documents")
    readers = [[_open(doc) for doc in s.documents] for s in kept]

    entries = sum(1 + (len(s.documents) if len(s.documents) > 1 else 0)
                  for s in kept if not s.is_toc)
    toc_pages = toc_page_count(entries, toc_page_size) if tocs else 0
    ranges = _layout(kept, readers, toc_pages)
    if not ranges or ranges[-1].last < 1:
        raise ValueError("nothing to collate: no section holds a document")

    writer = PdfWriter()
    toc_start, toc_links = 0, list[TocLink]()
    for section, rng, docs in zip(kept, ranges, readers, strict=True):
        if section.is_toc:
            toc_bytes, toc_links = draw_toc(_toc_entries(kept, ranges), toc_page_size,
                                            packet_title, labels or labels_for("en"))
            toc_start = rng.first - 1
            writer.append(PdfReader(io.BytesIO(toc_bytes)), import_outline=False)
        for reader in docs:
            writer.append(reader, import_outline=False)
    if len(writer.pages) != ranges[-1].last:  # pragma: no cover - pypdf contract
        raise AssertionError("page count changed while merging")

    for link in toc_links:
        writer.add_annotation(toc_start + link.toc_page, Link(
            rect=link.rect, target_page_index=link.target_page,
            fit=_fit(writer, link.target_page)))
    for section, rng in zip(kept, ranges, strict=True):
        parent = writer.add_outline_item(title=rng.title, page_number=rng.first - 1,
                                         fit=_fit(writer, rng.first - 1))
        if len(section.documents) > 1:
            for child in rng.children:
                writer.add_outline_item(title=child.title, page_number=child.first - 1,
                                        parent=parent, fit=_fit(writer, child.first - 1))
    writer.page_mode = "/UseOutlines"
    stamp_pages(writer, case_id=case_id, packet_title=packet_title, draft=draft,
                labels=labels)
    write_pdf(writer, dest, title=packet_title)
    return ranges
