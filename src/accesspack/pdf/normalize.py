"""Turn an uploaded file into a clean, deterministic PDF.

- :func:`detect_type` reads the first bytes, never the file name.
- :func:`image_to_pdf` places JPEG, PNG and TIFF images (every TIFF frame) on pages of a
  given size, inside the regulators' margins, losslessly where the format allows.
- :func:`pdf_copy` re-writes a PDF without encryption, dates, file identifier, scripts,
  embedded files, form fields (flattened) or annotations other than plain links.
- :func:`fonts_not_embedded` (from :mod:`.fonts`) lists the fonts a PDF leaves out.

Both normalisers return a :class:`Normalised`: the page count and, in plain English, what
was changed in the copy (repaired, decrypted, scripts removed, fields flattened, fonts
embedded), which a build records in the manifest and the ledger.

Hostile or broken uploads, and what happens to them:

- **empty** files, **unsupported** types (the type comes from the content, never the
  name; a zip that is not a Word document is refused) are refused by :func:`detect_type`.
- **Truncated PDFs.** A PDF ends with its cross-reference table, trailer and ``%%EOF``.
  A file cut short loses them, so qpdf must rebuild the table by scanning the objects,
  and silently finds only the pages before the cut. The rule: a PDF with no ``%%EOF`` in
  its last 1024 bytes (the window Acrobat reads; trailing white space and NUL padding
  ignored) *and* whose structure qpdf had to reconstruct, or cannot read at all, is
  refused as truncated. A PDF that still ends with ``%%EOF`` but whose cross-reference
  table is damaged (wrong offsets, a wrong ``startxref``) is repaired by qpdf and
  accepted, and the repair is recorded.
- **Encrypted PDFs** open with the password given for the attachment in the case (or
  none): a PDF that needs one and has none, or a wrong one, is refused; the copy is
  always written without encryption or permission restrictions, and that is recorded.
- **Active content**: JavaScript (open actions, document scripts, page, link and field
  actions), embedded files, form fields and annotations. Filled form fields and
  annotations with an appearance are flattened into the page (their text stays
  visible), then every annotation except plain links (to a page or a web address) is
  removed, as are ``/AcroForm``, scripts and embedded files. Each removal is recorded.
- **Images** too small to read (shorter side under
  :data:`~accesspack.limits.MIN_IMAGE_SIDE` pixels) or too large to decode safely (over
  :data:`~accesspack.limits.MAX_IMAGE_PIXELS`, read from the header before any pixel is
  decoded) are refused.
- **Truncated or damaged images**: every page of an image is decoded in full with Pillow
  before it is converted (img2pdf would embed a JPEG without decoding it, so a JPEG cut
  in half became a half-blank page); one that does not decode is refused.
- **Animated PNG**: the first frame becomes the one page (it is what a reader that does
  not animate shows) and the note says how many frames were dropped; only that frame's
  size counts against the limits. A multi-page TIFF gives one page per frame.
- **Damaged PDF content**: a page whose content cannot be decoded (a broken LZW or Flate
  stream, a filter no reader knows) would print blank: refused. A PDF qpdf had to repair
  must give a copy that passes qpdf's own check (every stream decoded, every page's
  content parsed), or it is refused; healthy uploads skip that check (it decodes images).
- **Passwords** of AES-256 (revision 6) PDFs are SASLprep-normalised as PDF 2.0 requires
  (:func:`~accesspack.pdf.passwords.saslprep`); the password is tried as given, then normalised.
- **Unembedded fonts**: where a metric-compatible font is installed (Liberation Sans for
  Helvetica and Arial, Liberation Serif for Times, Liberation Mono for Courier, Carlito
  for Calibri, Caladea for Cambria), a subset of it is embedded in the font's place,
  widths and encoding kept, page content untouched (:mod:`.embed_fonts`); other fonts
  (Symbol, composite fonts, unknown families) stay as they are, and the ledger says so.
- **Library noise**: Pillow's Python warnings and what libtiff writes on the standard
  error go to the debug log, not the user's terminal (:func:`library_output_to_log`).

Errors are :class:`~accesspack.errors.AttachmentError`; messages name the file by its
basename or by the caller's label, never by its full path, and never contain a password.

What normalisation measures of an upload, and who takes it on trust. :func:`pdf_copy`
opens the upload once (pikepdf), decodes each content stream once to find pages that do
not decode, and parses each page's content once for three uses (:mod:`.page_content`):
the footer band (pages shrunk), the fonts embedded, and the scanned pages. What it
returns (:class:`Normalised`) is trusted by the manifest (``inputs``: pages, changes), by
the ledger's rows of what changed, and by OCR, which reads the scanned pages it found
(:mod:`.ocr`; it looks itself when an upload draws a stamp named as accesspack's footer).
It is trusted by no check of the file that is sent: the checks of an upload's text against
the case read its copy as written, with pypdf (:mod:`accesspack.upload_checks`), and the
preflight reads each packet as written, walking every page again for the footer band,
fonts and scans (:mod:`.preflight`): OCR, collation and stamping changed the pages
normalisation measured. The qpdf parse decodes a content stream again after the check
that it decodes (about 0.2 ms per upload: not shared).
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import stat
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pikepdf

from ..errors import AttachmentError, mapped, not_a_regular_file, reason
from .actions import strip_active_content
from .content import FOOTER_BAND, Marks, Parsed, footer_band_pages, page_frame
from .embed_fonts import embed_fonts, embedded_note
from .fonts import fonts_not_embedded
from .images import image_pages, image_to_pdf, library_output_to_log
from .normalised import Normalised, clean_catalog
from .page_content import PageContents
from .page_scan import is_scan
from .passwords import open_pdf
from .stamp import concat, invert, pdf_number
from .write import save_pdf

__all__ = [
    "FileType",
    "Normalised",
    "detect_type",
    "fonts_not_embedded",
    "image_pages",
    "image_to_pdf",
    "library_output_to_log",
    "pdf_copy",
]

log = logging.getLogger(__name__)

FileType = Literal["pdf", "jpeg", "png", "tiff", "docx"]

_ACCEPTED = "accepted types are PDF, JPEG, PNG, TIFF and Word DOCX"
#: How far from the end of a PDF ``%%EOF`` must be (Acrobat's window).
_EOF_WINDOW = 1024


def _is_zip_of(path: Path) -> tuple[bool, bool]:
    """(is a readable zip archive, holds ``word/document.xml``)."""
    try:
        with zipfile.ZipFile(path) as zf:
            return True, "word/document.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return False, False


def detect_type(path: Path, label: str | None = None) -> FileType:
    """Return the type of ``path`` from its content (magic bytes), ignoring its name.

    A DOCX is a zip archive holding ``word/document.xml``. Anything else raises
    :class:`AttachmentError`.
    """
    name = label or path.name
    odd = not_a_regular_file(path)  # never open a FIFO or a device: it would block or flood
    if odd is not None:
        raise AttachmentError(f"{name} {odd}", attachment=name)
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise AttachmentError(
            f"{name} cannot be read ({reason(exc)}); "
            "check that the file exists and can be read",
            attachment=name,
        ) from None
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    if b"%PDF-" in head:  # readers accept the header anywhere in the first 1024 bytes
        return "pdf"
    if not head:
        raise AttachmentError(f"{name} is empty (0 bytes); upload the file again",
                              attachment=name)
    if head.startswith(b"PK\x03\x04"):
        is_zip, is_docx = _is_zip_of(path)
        if is_docx:
            return "docx"
        what = ("is a zip archive, not a Word document (DOCX)" if is_zip
                else "is a damaged zip archive, not a readable Word document (DOCX)")
        raise AttachmentError(
            f"{name} {what}; save it from Word as .docx or as a PDF ({_ACCEPTED})",
            attachment=name,
        )
    raise AttachmentError(
        f"{name} is not a supported file type; {_ACCEPTED}: save or scan it as one "
        "of them", attachment=name,
    )


# -- PDFs ---------------------------------------------------------------------------------


def _ends_with_eof(src: Path) -> bool:
    """True when ``%%EOF`` is within the last 1024 bytes (trailing blanks and NULs aside)."""
    with src.open("rb") as fh:
        fh.seek(0, io.SEEK_END)
        size = fh.tell()
        fh.seek(max(0, size - 64 * 1024))
        tail = fh.read().rstrip(b" \t\r\n\f\x00")
    return b"%%EOF" in tail[-_EOF_WINDOW:]


def _repair_note(warnings: list[str]) -> str:
    """A plain-English note of what qpdf repaired (its warnings name paths: not shown)."""
    if any("xref" in w or "cross-reference" in w or "reconstruct" in w for w in warnings):
        return "repaired a damaged cross-reference table"
    return f"repaired a damaged file structure ({len(warnings)} problem(s) found by qpdf)"


def _pages_phrase(pages: list[int]) -> str:
    if len(pages) == 1:
        return f"page {pages[0] + 1}"
    listed = ", ".join(str(p + 1) for p in pages[:10])
    more = f" and {len(pages) - 10} more" if len(pages) > 10 else ""
    return f"pages {listed}{more}"


class _Scans:
    """The scanned pages (:func:`~.page_scan.is_scan`) of an upload, read off the
    footer-band walk, which walks each page of the upload as OCR's look for scans
    (:func:`~.page_scan.scanned_pages`) walks the copy: shrinking a page moves what it
    paints, never whether it paints text or an image. The two walks differ on XObjects
    named as accesspack's footer (the band walk draws them, OCR's look leaves them out),
    so an upload that draws one gives no answer (OCR then looks itself)."""

    def __init__(self) -> None:
        self.pages: list[int] = []
        self.stamped = False

    def walked(self, index: int, marks: Marks) -> None:
        self.stamped |= marks.stamped
        if is_scan(marks):
            self.pages.append(index)

    def found(self) -> tuple[int, ...] | None:
        return None if self.stamped else tuple(self.pages)


def clear_footer_band(pdf: pikepdf.Pdf, parsed: Parsed | None = None,
                      walked: Callable[[int, Marks], None] | None = None) -> list[int]:
    """Shrink the pages whose content reaches into the footer band; return their indexes.

    The packet's footer is stamped in the bottom 0.6 in of every page. An upload that
    prints there (its own footer, a full-page scan) would be overprinted, so each such
    page's content is scaled down about the top centre of the visible page, just enough
    to clear the band (to about 95 %). The content is first cut to the visible page (the
    clip is scaled with it): what bled past the page edge, or lay outside the crop box,
    was never shown and must not reach the band once shrunk. The page keeps its size,
    and its link rectangles follow the content. The content itself is not decoded.

    Uploads are walked with ``/APStamp...`` forms included: those are accesspack's
    footer only in a packet of this build, and an upload may be an older packet.
    ``parsed`` gives the pages' instructions when the parse is shared
    (:class:`~.page_content.PageContents`), and ``walked`` is told what each page paints
    (:func:`~.content.footer_band_pages`).
    """
    pages = footer_band_pages(pdf, skip_stamps=False, parsed=parsed, walked=walked)
    for index in pages:
        obj = pdf.pages[index].obj
        matrix, width, height = page_frame(obj)  # the frame the band was found in
        scale = (height - FOOTER_BAND - 1.0) / height
        shrink = (scale, 0.0, 0.0, scale, (1 - scale) * width / 2, (1 - scale) * height)
        a, b, c, d, e, f = t = concat(concat(invert(matrix), shrink), matrix)
        corners = [(matrix[0] * x + matrix[2] * y + matrix[4],
                    matrix[1] * x + matrix[3] * y + matrix[5])
                   for x, y in ((0.0, 0.0), (width, height))]
        x0, y0 = min(x for x, _ in corners), min(y for _, y in corners)
        x1, y1 = max(x for x, _ in corners), max(y for _, y in corners)
        clip = " ".join(pdf_number(v) for v in (x0, y0, x1 - x0, y1 - y0))
        page = pikepdf.Page(obj)
        page.contents_add(pdf.make_stream(
            ("q " + " ".join(pdf_number(v) for v in t) + f" cm\n{clip} re W n\n").encode()),
            prepend=True)
        page.contents_add(pdf.make_stream(b"\nQ\n"))
        annots = obj.get("/Annots")
        for annot in annots if isinstance(annots, pikepdf.Array) else []:
            rect = annot.get("/Rect") if isinstance(annot, pikepdf.Dictionary) else None
            if not isinstance(rect, pikepdf.Array) or len(rect) != 4:
                continue
            x0, y0, x1, y1 = (float(v) for v in rect)
            xs = [a * x + c * y + e for x, y in ((x0, y0), (x1, y1), (x0, y1), (x1, y0))]
            ys = [b * x + d * y + f for x, y in ((x0, y0), (x1, y1), (x0, y1), (x1, y0))]
            annot.Rect = pikepdf.Array([min(xs), min(ys), max(xs), max(ys)])
    return pages


# -- opening PDFs: truncation, damage ----------------------------------------------------


@dataclass
class _Opened:
    pdf: pikepdf.Pdf
    pages: int
    complete: bool  # ends with %%EOF
    warnings: list[str]  # what qpdf repaired so far


def _open_upload(src: Path, label: str, password: str | None,
                 field: str | None) -> _Opened:
    """Open an uploaded PDF, or refuse it: empty, unreadable, locked, truncated, no pages.

    The caller closes ``.pdf``.
    """
    where = f"as {field}.password in the case" if field else "for it"
    if not password:
        locked = (f"{label} is protected by a password; give the password {where}, or "
                  "upload a copy without a password")
    else:
        locked = (f"{label} does not open with the password given {where}; correct the "
                  "password, or upload a copy without a password")
    odd = not_a_regular_file(src)
    if odd is not None:
        raise AttachmentError(f"{label} {odd}", label)
    try:
        if src.stat().st_size == 0:
            raise AttachmentError(f"{label} is empty (0 bytes); upload the file again", label)
        complete = _ends_with_eof(src)
    except OSError as exc:
        raise AttachmentError(
            f"{label} cannot be read ({reason(exc)})", label
        ) from None
    try:
        pdf = open_pdf(src, password)
    except pikepdf.PasswordError:
        raise AttachmentError(locked, label) from None
    except Exception as exc:  # qpdf raises on files it cannot recover
        why = _truncated(label) if not complete else (
            f"{label} is not a readable PDF ({exc.__class__.__name__}); check the file "
            "or export it again")
        raise AttachmentError(why, label) from None
    try:
        with mapped(_broken(label, complete)):
            pages = len(pdf.pages)
            warnings = pdf.get_warnings()  # qpdf hands each warning over once
            if warnings and not complete:
                raise AttachmentError(_truncated(label), label)
            if not pages:
                raise AttachmentError(f"{label} has no pages; give a PDF with content", label)
    except BaseException:
        pdf.close()
        raise
    return _Opened(pdf, pages, complete, warnings)


def _truncated(label: str) -> str:
    return (f"{label} is truncated (the file stops before the end of the PDF); upload the "
            "complete file")


def _broken(label: str, complete: bool) -> Callable[[str], AttachmentError]:
    """The error for a PDF that fails while it is read or copied, given why: truncated
    when it does not end with ``%%EOF``, else damaged beyond repair."""
    said = _damaged(label) if complete else _truncated(label)
    return lambda why: AttachmentError(f"{said} ({why})", label)


def _damaged(label: str) -> str:
    return f"{label} is damaged and cannot be repaired; upload the complete file or " \
           "export it again"


#: The page counts :func:`pdf_pages` read, by (path, inode, size, modification time,
#: password digest): a build asks for each upload's twice (the ledger's reading of the uploads,
#: then their bounds), a batch once per case sharing it; a file that changed is opened
#: again. Only a count is kept (a refusal is made again, with the caller's label).
_PAGES: OrderedDict[tuple[str, int, int, int, str], int] = OrderedDict()
_PAGES_SIZE = 256
_PAGES_LOCK = threading.Lock()


def _version_key(src: Path, password: str | None
                 ) -> tuple[str, int, int, int, str] | None:
    """(path, inode, size, modification time, password digest) of a regular file; None
    for anything else (never opened to find out)."""
    try:
        st = os.stat(src)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    secret = hashlib.sha256(password.encode("utf-8")).hexdigest() if password else ""
    return os.path.abspath(src), st.st_ino, st.st_size, st.st_mtime_ns, secret


def pdf_pages(src: Path, label: str, *, password: str | None = None,
              field: str | None = None) -> int:
    """The page count of the uploaded PDF ``src``, opened as :func:`pdf_copy` opens it
    (same refusals: empty, unreadable, locked, truncated, no pages). Nothing is decoded.
    Read once per file version in a process (:data:`_PAGES`)."""
    key = _version_key(src, password)
    if key is not None:
        with _PAGES_LOCK:
            if key in _PAGES:
                _PAGES.move_to_end(key)
                return _PAGES[key]
    opened = _open_upload(src, label, password, field)
    with opened.pdf:
        pages = opened.pages
    if key is not None:
        with _PAGES_LOCK:
            _PAGES[key] = pages
            while len(_PAGES) > _PAGES_SIZE:
                _PAGES.popitem(last=False)
    return pages


# -- PDF content that does not decode ---------------------------------------------------------

_REEXPORT = "re-export it from the program that made it, or scan the paper again"


def _undecodable_pages(pdf: pikepdf.Pdf, warnings: list[str]) -> list[int]:
    """The 0-based indexes of the pages whose content streams cannot be decoded in full.

    Such a page prints blank or cut short (a broken LZW or Flate stream, a Flate stream
    cut short, a filter no reader knows, an image filter on page content), and the
    footer-band walk skips a page it cannot parse,
    so this is checked on its own: every content stream is decoded once (streams shared
    by pages once in all). Warnings qpdf gives meanwhile are added to ``warnings``.
    """
    bad: list[int] = []
    seen: dict[tuple[int, int], bool] = {}
    for index, page in enumerate(pdf.pages):
        contents = page.obj.get("/Contents")
        streams = list(contents) if isinstance(contents, pikepdf.Array) else (
            [contents] if contents is not None else [])
        ok = True
        for stream in streams:
            key = stream.objgen if stream.is_indirect else None
            if key is not None and key != (0, 0) and key in seen:
                ok = ok and seen[key]
                continue
            good = isinstance(stream, pikepdf.Stream)
            if good:
                warnings += pdf.get_warnings()
                try:
                    stream.read_bytes()
                except Exception:  # DataDecodingError, PdfError "unfilterable stream"
                    good = False
                said = pdf.get_warnings()  # a Flate stream cut short decodes in part
                warnings += said
                good = good and not said
            if key is not None and key != (0, 0):
                seen[key] = good
            ok = ok and good
        if not ok:
            bad.append(index)
    warnings += pdf.get_warnings()
    return bad


def _check_copy(dest: Path) -> list[str]:
    """What qpdf's own check (``qpdf --check``) finds in the written copy ``dest``: every
    stream decoded, images included, and every page's content parsed. Costly on a long
    scanned PDF, so only a PDF qpdf had to repair is checked."""
    try:
        with pikepdf.Pdf.open(dest) as pdf:
            return [p for p in pdf.check_pdf_syntax() if "appearance" not in p]
    except Exception as exc:
        return [f"ERROR: {exc.__class__.__name__}"]


def _band_fonts_scans(pdf: pikepdf.Pdf
                      ) -> tuple[list[int], tuple[tuple[str, str], ...], tuple[int, ...] | None]:
    """Clear the footer band (:func:`clear_footer_band`), embed fonts
    (:func:`~.embed_fonts.embed_fonts`) and find the scanned pages (:class:`_Scans`), each
    page's content parsed once for the three (:mod:`.page_content`); the parsed pages are
    dropped on return. Returns (the pages shrunk, the fonts embedded, the scanned pages)."""
    contents = PageContents()
    scans = _Scans()
    shrunk = clear_footer_band(pdf, contents.of, scans.walked)
    wrapped = frozenset(shrunk)
    embedded = embed_fonts(pdf, lambda i, page: contents.traced(i, page, wrapped))
    return shrunk, embedded, scans.found()


def pdf_copy(src: Path, dest: Path, label: str, *, password: str | None = None,
             field: str | None = None) -> Normalised:
    """Re-write the PDF ``src`` to ``dest`` cleanly and deterministically.

    Source bookmarks are dropped (the packet has its own), as are the document's
    metadata, dates, file identifier, open actions, scripts and embedded files; filled
    form fields and annotations are flattened into the page, then every annotation but
    plain links is dropped; pages and named destinations are kept, and page data is
    copied without being decoded. Fonts left unembedded get a metric-compatible font
    embedded where one is installed (:func:`~.embed_fonts.embed_fonts`). The copy is
    never encrypted.

    ``password`` opens an encrypted PDF (as given, then SASLprep-normalised). ``label``
    names the file in error messages and ``field`` is where the case gives its password
    (e.g. ``"attachments[2]"``). Unreadable, truncated, empty (no pages) and locked PDFs
    are refused with :class:`AttachmentError`, as are PDFs with a page whose content
    cannot be decoded, and PDFs qpdf repaired whose copy still fails qpdf's check. The
    result lists what the copy changed (see the module docstring).
    """
    opened = _open_upload(src, label, password, field)
    pdf, pages, complete, warnings = opened.pdf, opened.pages, opened.complete, opened.warnings
    changes: list[str] = []
    # a broken object surfaces only when it is read or copied
    with pdf, mapped(_broken(label, complete)):
        blank = _undecodable_pages(pdf, warnings)
        if blank:
            raise AttachmentError(
                f"{label} is damaged: the content of {_pages_phrase(blank)} cannot be "
                f"decoded in full, so it would print blank or incomplete; {_REEXPORT}",
                label)
        if pdf.is_encrypted:
            changes.append("removed password protection" if password else
                           "removed the owner password and its restrictions (printing, "
                           "copying, editing)")
        changes += strip_active_content(pdf)
        shrunk, embedded, scans = _band_fonts_scans(pdf)
        if shrunk:
            changes.append(
                f"shrank {_pages_phrase(shrunk)} to about 95 % so the packet footer "
                "does not cover the bottom lines")
        if embedded:
            changes.append(embedded_note(embedded))
        # qpdf's notes on form appearances it could not draw are not damage
        warnings += [w for w in pdf.get_warnings() if "appearance" not in w]
        clean_catalog(pdf)
        save_pdf(pdf, dest)
        warnings += pdf.get_warnings()
    if warnings:
        problems = _check_copy(dest)
        if problems:
            log.debug("repaired copy of %s fails the check: %s", label, problems[:5])
            dest.unlink(missing_ok=True)
            raise AttachmentError(
                f"{label} is damaged: qpdf repaired its structure, but the copy still "
                f"fails a PDF check ({len(problems)} problem(s)), so pages may print blank "
                f"or incomplete; {_REEXPORT}", label)
        changes.insert(0, _repair_note(warnings))
    return Normalised(pages=pages, changes=tuple(changes), scans=scans)
