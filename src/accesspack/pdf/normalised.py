"""What a normalised upload is: its page count, the notes of what was changed, and the
document catalog a normalised copy keeps (shared by the PDF and the image normalisers)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pikepdf

__all__ = ["Normalised", "clean_catalog"]


@dataclass(frozen=True)
class Normalised:
    """What :func:`pdf_copy` or :func:`image_to_pdf` wrote.

    ``changes`` are plain-English notes of what the copy changed or dropped compared with
    the upload (e.g. ``"removed password protection"``); empty when nothing but the usual
    clean-up (metadata, dates, bookmarks) was done.

    ``scans`` are the 0-based indexes of the copy's pages that are scanned images without
    text (:func:`~.page_scan.scanned_pages`), when the normaliser found them on the way
    (:func:`pdf_copy` does, from the parse it shares: :mod:`.page_content`), so that OCR
    need not walk the copy again; None when it did not look. It is not part of what the
    copy is (equality ignores it).
    """

    pages: int
    changes: tuple[str, ...] = ()
    scans: tuple[int, ...] | None = field(default=None, compare=False)


#: What a normalised PDF keeps of the source's document catalog: its pages, named
#: destinations (internal links), layers and tagging. Form fields (flattened first),
#: bookmarks, page mode, open actions, scripts, embedded files, page labels and XMP
#: metadata (which holds dates) are dropped.
_CATALOG_KEEP = frozenset({"/Type", "/Pages", "/Names", "/Dests",
                           "/OCProperties", "/Lang", "/MarkInfo", "/StructTreeRoot"})


def clean_catalog(pdf: pikepdf.Pdf) -> None:
    """Strip ``pdf`` (in memory) to what a normalised copy keeps; empty its /Info."""
    root = pdf.Root
    for key in list(root.keys()):
        if key not in _CATALOG_KEEP:
            del root[key]
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        dests = names.get("/Dests")
        if dests is None:
            del root.Names
        else:
            root.Names = pikepdf.Dictionary(Dests=dests)
    elif names is not None:
        del root.Names
    pdf.trailer.Info = pikepdf.Dictionary()
