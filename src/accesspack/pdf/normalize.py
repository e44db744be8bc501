"""Turn an uploaded file into a clean, deterministic PDF.

- :func:`detect_type` reads the first bytes, never the file name.
- :func:`image_to_pdf` places JPEG, PNG and TIFF images (every TIFF frame) on pages of a
  given size, inside the regulators' margins, losslessly where the format allows.
- :func:`pdf_copy` re-writes a PDF without encryption, dates or file identifier.
- :func:`fonts_not_embedded` (from :mod:`.fonts`) lists the fonts a PDF leaves out.

Errors are :class:`~accesspack.errors.AttachmentError`; messages name the file by its
basename or by the caller's label, never by its full path.
"""

from __future__ import annotations

import contextlib
import io
import zipfile
from pathlib import Path
from typing import Literal, cast

import img2pdf
import pikepdf
from PIL import Image, ImageOps, ImageSequence

from ..errors import AccesspackError, AttachmentError
from .fonts import fonts_not_embedded
from .write import save_pdf

__all__ = ["FileType", "detect_type", "fonts_not_embedded", "image_to_pdf", "pdf_copy"]

FileType = Literal["pdf", "jpeg", "png", "tiff", "docx"]

_ACCEPTED = "accepted types are PDF, JPEG, PNG, TIFF and Word DOCX"
_INCH = 72.0
#: Image margin on every side: the left margin regulators ask for (3/4 in) is the widest,
#: and it also leaves more than the 0.6 in the footer stamp needs at the bottom.
IMAGE_MARGIN = 0.75 * _INCH


def _is_docx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return "word/document.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError, EOFError):
        return False


def detect_type(path: Path) -> FileType:
    """Return the type of ``path`` from its content (magic bytes), ignoring its name.

    A DOCX is a zip archive holding ``word/document.xml``. Anything else raises
    :class:`AttachmentError`.
    """
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise AttachmentError(
            f"{path.name} cannot be read ({exc.strerror or exc.__class__.__name__})",
            attachment=path.name,
        ) from None
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    if b"%PDF-" in head:  # readers accept the header anywhere in the first 1024 bytes
        return "pdf"
    if head.startswith(b"PK\x03\x04") and _is_docx(path):
        return "docx"
    what = "is empty" if not head else "is not a supported file type"
    raise AttachmentError(f"{path.name} {what}; {_ACCEPTED}", attachment=path.name)


def _has_alpha(frame: Image.Image) -> bool:
    return frame.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in frame.info


def _flatten(frame: Image.Image) -> Image.Image:
    """One frame as 1-bit, 8-bit grey or 8-bit RGB without alpha, transparency on white."""
    if frame.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        extrema = cast(tuple[int, int], frame.getextrema())
        top = 65535 if frame.mode.startswith("I;16") else max(extrema[1], 1)
        return frame.convert("I").point(lambda v: v * (255 / top)).convert("L")
    if frame.mode == "F":
        return frame.convert("L")
    if _has_alpha(frame):
        grey = frame.mode in ("LA", "La", "L")
        rgba = frame.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        flat = Image.alpha_composite(white, rgba).convert("RGB")
        return flat.convert("L") if grey else flat
    if frame.mode in ("1", "L", "RGB"):
        return frame
    return frame.convert("RGB")  # P, CMYK, YCbCr, LAB, HSV


def _frames_as_png(src: Path) -> list[bytes]:
    """Decode every frame with Pillow and re-encode it as a plain PNG (lossless)."""
    pngs: list[bytes] = []
    with Image.open(src) as img:
        for frame in ImageSequence.Iterator(img):
            upright = ImageOps.exif_transpose(frame)
            flat = _flatten(upright)
            icc = upright.info.get("icc_profile") if flat.mode == upright.mode else None
            buf = io.BytesIO()
            params: dict[str, object] = {"optimize": False}
            dpi = upright.info.get("dpi")
            if dpi:
                params["dpi"] = tuple(round(float(d)) or 72 for d in dpi)
            if icc:
                params["icc_profile"] = icc
            flat.save(buf, format="PNG", **params)
            pngs.append(buf.getvalue())
    return pngs


#: What a normalised PDF keeps of the source's document catalog: its pages, form fields,
#: named destinations (internal links), layers and tagging. Bookmarks, page mode,
#: open actions, scripts, page labels and XMP metadata (which holds dates) are dropped.
_CATALOG_KEEP = frozenset({"/Type", "/Pages", "/AcroForm", "/Names", "/Dests",
                           "/OCProperties", "/Lang", "/MarkInfo", "/StructTreeRoot"})


def _clean(pdf: pikepdf.Pdf) -> None:
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
    pdf.trailer.Info = pikepdf.Dictionary()


def image_to_pdf(src: Path, dest: Path, page_size: tuple[float, float]) -> int:
    """Write the JPEG, PNG or TIFF ``src`` to ``dest`` as a PDF; return its page count.

    Each image (each TIFF frame) gets its own page of ``page_size`` points, turned to
    landscape for landscape images, and is scaled to fit inside a 3/4 inch margin on
    every side (regulators ask for >= 3/4 in on the left, >= 3/8 in elsewhere, and the
    footer stamp needs 0.6 in at the bottom). JPEGs are embedded as they are; images
    with transparency are flattened onto white; CMYK, palette and 16-bit images are
    converted when img2pdf cannot embed them directly.
    """
    layout = img2pdf.get_layout_fun(
        pagesize=page_size, border=(IMAGE_MARGIN, IMAGE_MARGIN),
        fit=img2pdf.FitMode.into, auto_orient=True,
    )
    try:
        with Image.open(src) as img:  # headers only: no pixel is decoded here
            transparent = any(_has_alpha(frame) for frame in ImageSequence.Iterator(img))
        pdf_bytes = None
        if not transparent:  # img2pdf would keep alpha as a soft mask: flatten instead
            with contextlib.suppress(Exception):  # it refuses some modes and flipped EXIF
                pdf_bytes = img2pdf.convert(str(src), layout_fun=layout, nodate=True)
        if pdf_bytes is None:
            pdf_bytes = img2pdf.convert(*_frames_as_png(src), layout_fun=layout, nodate=True)
    except Exception as exc:  # Pillow and img2pdf raise many types on bad files
        raise AttachmentError(
            f"{src.name} cannot be read as an image ({exc.__class__.__name__}); "
            "check the file or replace it with a PDF",
            attachment=src.name,
        ) from None
    if not isinstance(pdf_bytes, bytes):  # pragma: no cover - img2pdf API guarantee
        raise AttachmentError(f"{src.name}: image conversion produced no PDF", src.name)
    with pikepdf.Pdf.open(io.BytesIO(pdf_bytes)) as pdf:
        _clean(pdf)
        save_pdf(pdf, dest)
        return len(pdf.pages)


def pdf_copy(src: Path, dest: Path, label: str) -> int:
    """Re-write the PDF ``src`` to ``dest`` cleanly and deterministically; return its pages.

    Source bookmarks are dropped (the packet has its own), as are the document's
    metadata, dates, file identifier, open actions and scripts; pages, their
    annotations, form fields and named destinations are kept, and page data is copied
    without being decoded. ``label`` names the file in error messages: unreadable,
    empty (no pages) and encrypted PDFs are refused with :class:`AttachmentError`.
    """
    encrypted = AttachmentError(
        f"{label} is encrypted (password-protected); remove the password or give an "
        "unencrypted copy",
        attachment=label,
    )
    try:
        pdf = pikepdf.Pdf.open(src)
    except pikepdf.PasswordError:
        raise encrypted from None
    except Exception as exc:  # qpdf raises on files it cannot recover
        raise AttachmentError(
            f"{label} is not a readable PDF ({exc.__class__.__name__}); "
            "check the file or export it again",
            attachment=label,
        ) from None
    damaged = f"{label} is a damaged PDF; check the file or export it again"
    with pdf:
        if pdf.is_encrypted:
            raise encrypted
        try:
            pages = len(pdf.pages)
        except Exception as exc:
            raise AttachmentError(f"{damaged} ({exc.__class__.__name__})", label) from None
        if not pages:
            raise AttachmentError(f"{label} has no pages; give a PDF with content", label)
        try:
            _clean(pdf)
            save_pdf(pdf, dest)
        except AccesspackError:
            raise
        except Exception as exc:  # a broken object surfaces only when it is copied
            raise AttachmentError(f"{damaged} ({exc.__class__.__name__})", label) from None
    return pages
