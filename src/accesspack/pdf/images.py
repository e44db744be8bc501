"""JPEG, PNG and TIFF uploads: checked from their headers, decoded in full, then placed on
pages as a PDF (see :mod:`.normalize` for every hostile case and what happens to it).

- :func:`image_pages` reads the headers only: the pages an image gives, within the pixel
  limits (:data:`~accesspack.limits.MAX_IMAGE_PIXELS`, at least
  :data:`~accesspack.limits.MIN_IMAGE_SIDE` pixels a side).
- :func:`image_to_pdf` decodes every page (a truncated image is refused), then places each
  on a page inside the regulators' margins, losslessly where the format allows; an
  animated PNG gives its first frame.
- :func:`library_output_to_log`: what Pillow and libtiff say goes to the debug log.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
import tempfile
import threading
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import cast

import img2pdf
import pikepdf
from PIL import (
    ExifTags,
    Image,
    ImageFile,
    ImageOps,
    ImageSequence,
    JpegImagePlugin,
    PngImagePlugin,
    TiffImagePlugin,
)

from ..errors import AttachmentError, mapped, not_a_regular_file
from ..limits import MAX_IMAGE_PIXELS, MIN_IMAGE_SIDE
from .normalised import Normalised, clean_catalog
from .units import INCH
from .write import save_pdf

__all__ = ["IMAGE_MARGIN", "image_pages", "image_to_pdf", "library_output_to_log"]

log = logging.getLogger("accesspack.pdf.normalize")  # one logger for upload normalisation

#: Image margin on every side: the left margin regulators ask for (3/4 in) is the widest,
#: and it also leaves more than the 0.6 in the footer stamp needs at the bottom.
IMAGE_MARGIN = 0.75 * INCH


def _unreadable(label: str) -> Callable[[str], AttachmentError]:
    """The error for an upload ``label`` that cannot be read as an image, given why."""
    return lambda why: AttachmentError(
        f"{label} cannot be read as an image ({why}); check the file or replace it with a "
        "PDF", label)


#: One caller at a time redirects the standard error (file descriptor 2 is per process).
_FD2_LOCK = threading.RLock()
#: Most bytes of library output kept for the log.
_LOG_BYTES = 16 * 1024


@contextlib.contextmanager
def library_output_to_log(*, fd: bool = True) -> Iterator[None]:
    """Send what image libraries say while inside to the debug log, not the terminal.

    Pillow's Python warnings (``UserWarning`` on corrupt EXIF, ``DecompressionBombWarning``)
    are recorded. libtiff writes its errors with ``fprintf(stderr)`` (Pillow 13 silences
    its warnings but not its errors: "TIFFFillStrip: Read error on strip 0"), so with
    ``fd`` (for TIFFs: libjpeg's and libpng's messages go through Pillow) file descriptor
    2 is pointed at a temporary file for the time being, under a lock, and restored in
    every case. Both are logged at debug level. Anything another thread writes on the
    standard error meanwhile goes to the log too, hence ``fd`` only where needed.
    """
    with _FD2_LOCK, warnings.catch_warnings(record=True) as caught, \
            tempfile.TemporaryFile() as sink:
        warnings.simplefilter("always")
        with contextlib.suppress(Exception):
            sys.stderr.flush()
        saved: int | None = None
        if fd:
            with contextlib.suppress(OSError):  # no standard error: nothing reaches a terminal
                saved = os.dup(2)
        if saved is not None:
            os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            if saved is not None:
                with contextlib.suppress(Exception):
                    sys.stderr.flush()
                os.dup2(saved, 2)
                os.close(saved)
            for warning in caught:
                log.debug("image library warning (%s): %s", warning.category.__name__,
                          warning.message)
            sink.seek(0)
            said = sink.read(_LOG_BYTES).decode("utf-8", "replace").strip()
            if said:
                log.debug("image library output: %s", said)


# -- images -------------------------------------------------------------------------------

_HEADER_READERS: dict[bytes, type[ImageFile.ImageFile]] = {
    b"\xff\xd8\xff": JpegImagePlugin.JpegImageFile,
    b"\x89PNG": PngImagePlugin.PngImageFile,
    b"II*\x00": TiffImagePlugin.TiffImageFile,
    b"MM\x00*": TiffImagePlugin.TiffImageFile,
    b"II+\x00": TiffImagePlugin.TiffImageFile,
    b"MM\x00+": TiffImagePlugin.TiffImageFile,
}


def _is_tiff(src: Path) -> bool:
    """Whether ``src`` starts as a TIFF does (libtiff then reads it)."""
    try:
        with src.open("rb") as fh:
            return fh.read(4) in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")
    except OSError:
        return False


def _frame_sizes(src: Path) -> tuple[list[tuple[int, int]], int]:
    """(width, height) of every page of the image ``src``, read from its headers, and how
    many frames the file holds.

    A TIFF gives a page per frame; an animated PNG gives one page, its first frame (the
    image a reader that does not animate shows), though it holds more frames.

    The format's reader is called directly rather than through ``Image.open``: no pixel is
    decoded, and Pillow's decompression-bomb check (which would refuse a huge image with
    a message of its own) does not run; :func:`_check_sizes` applies accesspack's limits.
    """
    with src.open("rb") as fh:
        magic = fh.read(8)
    reader = next((r for m, r in _HEADER_READERS.items() if magic.startswith(m)), None)
    if reader is None:
        raise ValueError("not a JPEG, PNG or TIFF image")
    with reader(str(src)) as img:
        frames = int(getattr(img, "n_frames", 1))
        if reader is not TiffImagePlugin.TiffImageFile:  # APNG: seeking would decode
            return [(int(img.size[0]), int(img.size[1]))], frames
        sizes = []
        for n in range(frames):
            if n:
                img.seek(n)
            sizes.append((int(img.size[0]), int(img.size[1])))
        return sizes, frames


def image_pages(src: Path, label: str) -> tuple[int, int]:
    """(pages, frames) of the image ``src``, after its size limits are checked.

    Reads headers only (no pixel is decoded): the pages :func:`image_to_pdf` will write and
    the frames the file holds (more than the pages for an animated PNG). Refuses an image
    that cannot be read, or a page too small or too large, with :class:`AttachmentError`.
    """
    odd = not_a_regular_file(src)  # never open a FIFO or a device
    if odd is not None:
        raise AttachmentError(f"{label} {odd}", label)
    # Pillow raises many types on bad headers
    with library_output_to_log(fd=_is_tiff(src)), mapped(_unreadable(label)):
        sizes, frames = _frame_sizes(src)
    _check_sizes(sizes, label)
    return len(sizes), frames


def _decode_pages(src: Path, pages: int, label: str) -> None:
    """Decode the first ``pages`` frames of ``src`` in full, one at a time, or refuse it.

    img2pdf embeds JPEG data without decoding it, so a JPEG cut short would print as a
    partly blank page: every page is decoded here first, with Pillow's
    ``LOAD_TRUNCATED_IMAGES`` off (a truncated JPEG, PNG or TIFF strip then raises). A
    JPEG is decoded at 1/8 scale (libjpeg still reads all of its data, so a cut is found,
    in a fraction of the time and memory). Sizes are checked before this is called.
    """
    where = "its image data" if pages == 1 else "the image data of page {}"
    saved = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False  # an application may have turned it on
    page = 1
    # OSError "image file is truncated", "decoder error", SyntaxError: the page being
    # decoded when it was raised is named (``page`` is read when the error is made)
    try:
        with mapped(lambda why: AttachmentError(
                f"{label} is truncated or damaged: {where.format(page)} cannot be decoded; "
                "scan it again or give it as a PDF", label)), Image.open(src) as img:
            for n in range(pages):
                page = n + 1
                if n:
                    img.seek(n)
                elif isinstance(img, JpegImagePlugin.JpegImageFile):
                    img.draft(None, (max(1, img.size[0] // 8), max(1, img.size[1] // 8)))
                img.load()
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = saved


def _check_sizes(sizes: list[tuple[int, int]], label: str) -> None:
    for n, (w, h) in enumerate(sizes, start=1):
        where = f"page {n} of {label}" if len(sizes) > 1 else label
        if min(w, h) < MIN_IMAGE_SIDE:
            raise AttachmentError(
                f"{where} is too small to read ({w} x {h} pixels); scan at 150 dpi or more "
                f"(at least {MIN_IMAGE_SIDE} pixels on each side; a letter page at 150 dpi "
                "is 1275 x 1650 pixels)", attachment=label,
            )
        if w * h > MAX_IMAGE_PIXELS:
            raise AttachmentError(
                f"{where} is too large ({w:,} x {h:,} pixels, {w * h / 1e6:,.0f} megapixels; "
                f"the limit is {MAX_IMAGE_PIXELS // 1_000_000} megapixels); scan it at "
                "300 dpi or less, or give it as a PDF", attachment=label,
            )


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
        # one full-size copy alive at a time beside the frame (an RGBA page of a 1500 x
        # 1180 screenshot is 7 MB): an RGBA frame is read as it is, each step's input is
        # dropped once the next is made
        grey = frame.mode in ("LA", "La", "L")
        rgba = frame if frame.mode == "RGBA" else frame.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        composed = Image.alpha_composite(white, rgba)
        del white, rgba
        flat = composed.convert("RGB")
        del composed
        return flat.convert("L") if grey else flat
    if frame.mode in ("1", "L", "RGB"):
        return frame
    return frame.convert("RGB")  # P, CMYK, YCbCr, LAB, HSV


_TURNED = frozenset(range(2, 9))  #: EXIF orientations that ImageOps.exif_transpose turns


def _upright(frame: Image.Image) -> Image.Image:
    """``frame`` turned as its EXIF orientation says; the frame itself when it is upright
    (``ImageOps.exif_transpose`` would give a full copy of it)."""
    frame.load()
    if frame.getexif().get(ExifTags.Base.Orientation, 1) in _TURNED:
        return ImageOps.exif_transpose(frame)
    return frame


def _frames_as_png(src: Path, pages: int) -> list[bytes]:
    """Decode the first ``pages`` frames with Pillow and re-encode each as a plain PNG
    (lossless)."""
    pngs: list[bytes] = []
    with Image.open(src) as img:
        for n, frame in enumerate(ImageSequence.Iterator(img)):
            if n == pages:
                break
            upright = _upright(frame)
            flat = _flatten(upright)
            if flat is frame:  # saved from a copy, as before: a frame keeps its encoderinfo
                flat = frame.copy()
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


def image_to_pdf(src: Path, dest: Path, page_size: tuple[float, float],
                 label: str | None = None) -> Normalised:
    """Write the JPEG, PNG or TIFF ``src`` to ``dest`` as a PDF; return its page count.

    Each image (each TIFF frame; the first frame of an animated PNG) gets its own page of
    ``page_size`` points, turned to landscape for landscape images, and is scaled to fit
    inside a 3/4 inch margin on every side (regulators ask for >= 3/4 in on the left,
    >= 3/8 in elsewhere, and the footer stamp needs 0.6 in at the bottom). JPEGs are
    embedded as they are; images with transparency are flattened onto white; CMYK,
    palette and 16-bit images are converted when img2pdf cannot embed them directly.

    Images (or TIFF pages) under :data:`MIN_IMAGE_SIDE` pixels on a side or over
    :data:`MAX_IMAGE_PIXELS` are refused before any pixel is decoded; then every page is
    decoded in full, and one that does not decode (truncated, damaged) is refused.
    ``label`` names the file in error messages (default: its file name). Library warnings
    go to the debug log.
    """
    label = label or src.name
    pages, frames = image_pages(src, label)
    with library_output_to_log(fd=_is_tiff(src)):
        _decode_pages(src, pages, label)
        pdf_bytes = _image_pdf_bytes(src, page_size, pages, animated=frames > pages,
                                     label=label)
    changes: tuple[str, ...] = ()
    if frames > pages:
        dropped = frames - pages
        changes = (f"kept the first frame of an animated image and dropped the other "
                   f"{dropped:,} frame{'s' if dropped > 1 else ''}",)
    # img2pdf's own output is well formed; a failure here is still the upload's
    with mapped(_unreadable(label)), pikepdf.Pdf.open(io.BytesIO(pdf_bytes)) as pdf:
        clean_catalog(pdf)
        save_pdf(pdf, dest)
        return Normalised(pages=len(pdf.pages), changes=changes)


def _image_pdf_bytes(src: Path, page_size: tuple[float, float], pages: int, *,
                     animated: bool, label: str) -> bytes:
    """img2pdf's PDF of the first ``pages`` frames of ``src``."""
    layout = img2pdf.get_layout_fun(
        pagesize=page_size, border=(IMAGE_MARGIN, IMAGE_MARGIN),
        fit=img2pdf.FitMode.into, auto_orient=True,
    )
    with mapped(_unreadable(label)):  # Pillow and img2pdf raise many types on bad files
        pdf_bytes = None
        if not animated:  # img2pdf would make a page of every frame of an animated PNG
            with Image.open(src) as img:  # headers only: no pixel is decoded here
                transparent = any(_has_alpha(frame) for frame in ImageSequence.Iterator(img))
            if not transparent:  # img2pdf would keep alpha as a soft mask: flatten instead
                with contextlib.suppress(Exception):  # it refuses some modes, flipped EXIF
                    pdf_bytes = img2pdf.convert(str(src), layout_fun=layout, nodate=True)
        if pdf_bytes is None:
            pdf_bytes = img2pdf.convert(*_frames_as_png(src, pages), layout_fun=layout,
                                        nodate=True)
    if not isinstance(pdf_bytes, bytes):  # pragma: no cover - img2pdf API guarantee
        raise AttachmentError(f"{label}: image conversion produced no PDF", label)
    return pdf_bytes
