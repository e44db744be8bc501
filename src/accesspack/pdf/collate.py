"""Collate sections of PDFs into one navigable, stamped, reproducible packet.

The packet has, in section order, every document's pages; a generated, hyperlinked
table of contents where the caller put the TOC section; one bookmark per section (with
one child per document when a section holds several); a footer on every page
(``<case_id> · <packet_title> · Page n of N``), a DRAFT mark when asked; it opens with
the bookmarks panel shown. The same inputs give the same bytes.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from reportlab.lib.pagesizes import LETTER

from ..errors import AttachmentError, mapped
from ..languages import Labels, labels_for
from .stamp import stamp_pages, visual_top_left
from .toc import TocEntry, TocLink, draw_toc, toc_page_count
from .write import compress_contents, save_pdf

__all__ = ["Document", "PageRange", "Section", "collate"]

#: Documents opened from their file at once; the others are read into memory (a process
#: may have as few as 1,024 open files, and every opened document keeps its file open
#: until the packet is written).
MAX_OPEN_FILES = 200


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


def _open(doc: Document, in_memory: bool) -> pikepdf.Pdf:
    name = doc.pdf.name
    with mapped(lambda why: AttachmentError(
            f"{name} cannot be collated ({why}: it must be a readable, unencrypted PDF with "
            "at least one page)", attachment=name)):
        source = io.BytesIO(doc.pdf.read_bytes()) if in_memory else doc.pdf
        pdf = pikepdf.Pdf.open(source)
        try:
            if pdf.is_encrypted or len(pdf.pages) == 0:
                raise ValueError("encrypted or empty")
        except BaseException:
            pdf.close()
            raise
    return pdf


def _dest(page: pikepdf.Object) -> pikepdf.Array:
    """Go to the top-left of the page and keep the reader's zoom ("inherit zoom")."""
    left, top = visual_top_left(page)
    return pikepdf.Array([page, pikepdf.Name.XYZ, left, top, None])


def _layout(sections: Sequence[Section], sources: list[list[pikepdf.Pdf]],
            toc_pages: int) -> list[PageRange]:
    ranges: list[PageRange] = []
    page = 1
    for section, docs in zip(sections, sources, strict=True):
        first = page
        children: list[PageRange] = []
        if section.is_toc:
            page += toc_pages
        for doc, pdf in zip(section.documents, docs, strict=True):
            count = len(pdf.pages)
            children.append(PageRange(doc.title, page, page + count - 1))
            page += count
        ranges.append(PageRange(section.title, first, page - 1, tuple(children)))
    return ranges


class _Merger:
    """Copy pages of other PDFs into one new PDF, with their forms and named destinations.

    Pages are copied with ``copy_foreign`` and the page tree is built once at the end:
    pikepdf's ``pages.extend`` costs time in proportion to the pages already there, which
    makes a 6,000-page packet quadratic. Each page is copied on its own (qpdf copies no
    page reached through another object, so copying an array of pages copies nothing);
    a link to a later page of the same document is resolved when that page is copied.
    Annotations and links inside a document follow their pages. As pypdf's ``append``
    did: form fields are merged into one ``/AcroForm`` (the first document's settings),
    named destinations into one name tree (the first document that names a destination
    wins), and source bookmarks are left out.
    """

    def __init__(self) -> None:
        self.pdf = pikepdf.Pdf.new()
        self.pages: list[pikepdf.Object] = []
        self._fields: pikepdf.Array | None = None
        self._dests: dict[str, pikepdf.Object] = {}

    def append(self, src: pikepdf.Pdf) -> None:
        copy = self.pdf.copy_foreign
        self.pages.extend(copy(page.obj) for page in src.pages)  # one by one, see above
        self._merge_form(src)
        self._merge_dests(src)

    def _merge_form(self, src: pikepdf.Pdf) -> None:
        form = src.Root.get("/AcroForm")
        if not isinstance(form, pikepdf.Dictionary):
            return
        fields = form.get("/Fields")
        if self._fields is None:
            settings = pikepdf.Dictionary({k: v for k, v in form.items() if k != "/Fields"})
            merged = self.pdf.copy_foreign(src.make_indirect(settings))
            self._fields = merged.Fields = pikepdf.Array()
            self.pdf.Root.AcroForm = merged
        if isinstance(fields, pikepdf.Array):
            for field in fields:
                if field.is_indirect:
                    self._fields.append(self.pdf.copy_foreign(field))

    def _merge_dests(self, src: pikepdf.Pdf) -> None:
        found: list[tuple[str, pikepdf.Object]] = []
        names = src.Root.get("/Names")
        if isinstance(names, pikepdf.Dictionary) and isinstance(names.get("/Dests"),
                                                                pikepdf.Dictionary):
            with contextlib.suppress(Exception):  # a broken name tree: links just go nowhere
                found.extend(pikepdf.NameTree(names.Dests).items())
        old = src.Root.get("/Dests")
        if isinstance(old, pikepdf.Dictionary):
            found.extend((key[1:], value) for key, value in old.items())
        for name, dest in found:
            if name in self._dests:
                continue
            if not dest.is_indirect:
                dest = src.make_indirect(dest)
            self._dests[name] = self.pdf.copy_foreign(dest)

    def finish(self) -> list[pikepdf.Object]:
        """Build the page tree (one level) and the name tree; return the pages."""
        pdf = self.pdf
        root = pdf.Root.Pages
        for page in self.pages:
            page.Parent = root
        root.Kids = pikepdf.Array(self.pages)
        root.Count = len(self.pages)
        if self._dests:
            tree = pikepdf.NameTree.new(pdf)
            for name in sorted(self._dests):
                tree[name] = self._dests[name]
            pdf.Root.Names = pikepdf.Dictionary(Dests=tree.obj)
        return self.pages


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
    with contextlib.ExitStack() as opened:
        keep: list[pikepdf.Pdf] = []  # open until the packet is written, then closed

        @opened.callback
        def _close() -> None:
            for pdf in reversed(keep):
                pdf.close()

        sources: list[list[pikepdf.Pdf]] = []
        for section in kept:
            docs: list[pikepdf.Pdf] = []
            for doc in section.documents:
                docs.append(_open(doc, in_memory=len(keep) >= MAX_OPEN_FILES))
                keep.append(docs[-1])
            sources.append(docs)

        entries = sum(1 + (len(s.documents) if len(s.documents) > 1 else 0)
                      for s in kept if not s.is_toc)
        toc_pages = toc_page_count(entries, toc_page_size) if tocs else 0
        ranges = _layout(kept, sources, toc_pages)
        if not ranges or ranges[-1].last < 1:
            raise ValueError("nothing to collate: no section holds a document")

        merger = _Merger()
        keep.append(merger.pdf)
        toc_start, toc_links = 0, list[TocLink]()
        for section, rng, docs in zip(kept, ranges, sources, strict=True):
            if section.is_toc:
                toc_bytes, toc_links = draw_toc(_toc_entries(kept, ranges), toc_page_size,
                                                packet_title, labels or labels_for("en"))
                toc_start = rng.first - 1
                toc = pikepdf.Pdf.open(io.BytesIO(toc_bytes))
                keep.append(toc)
                merger.append(toc)
            for pdf in docs:
                merger.append(pdf)
        pages = merger.finish()
        if len(pages) != ranges[-1].last:  # pragma: no cover - qpdf contract
            raise AssertionError("page count changed while merging")
        out = merger.pdf

        for link in toc_links:
            page = pages[toc_start + link.toc_page]
            annot = out.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
                Rect=pikepdf.Array(link.rect), Border=pikepdf.Array([0, 0, 0]),
                Dest=_dest(pages[link.target_page]), P=page))
            if "/Annots" not in page:
                page.Annots = pikepdf.Array()
            page.Annots.append(annot)
        with out.open_outline() as outline:
            for section, rng in zip(kept, ranges, strict=True):
                item = pikepdf.OutlineItem(rng.title, _dest(pages[rng.first - 1]))
                if len(section.documents) > 1:
                    item.children.extend(
                        pikepdf.OutlineItem(child.title, _dest(pages[child.first - 1]))
                        for child in rng.children)
                outline.root.append(item)
        out.Root.PageMode = pikepdf.Name.UseOutlines
        compress_contents(pages)  # before stamping: the stamps are compressed already
        stamp_pages(out, pages, case_id=case_id, packet_title=packet_title, draft=draft,
                    labels=labels, keep=keep)
        save_pdf(out, dest, title=packet_title, pages=())
    return ranges
