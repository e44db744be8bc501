"""The uploads a build uses, checked against their bounds before any work starts.

:func:`check_uploads` runs in :func:`accesspack.build` after the ledger's checks and
before the staging folder is made: an upload beyond a bound is refused with an
:class:`~accesspack.errors.AttachmentError` while nothing is written and LibreOffice is
not started. It is cheap: every file is looked up with ``stat`` before it is opened (a
FIFO or a device is never opened), PDFs are opened lazily (the page tree is read, no
stream is decoded) and images are read from their headers (no pixel is decoded).

For each upload the active parts of the route use:

- it is still a regular file (it may have changed since the case was loaded);
- its size is at most :data:`~accesspack.limits.MAX_UPLOAD_BYTES`;
- its type, from its content (:func:`~accesspack.pdf.normalize.detect_type`);
- a PDF opens (with the case's password) and has at most
  :data:`~accesspack.limits.MAX_UPLOAD_PAGES` pages;
- an image's pages are within the pixel limits, and a TIFF has at most
  :data:`~accesspack.limits.MAX_UPLOAD_PAGES` frames;

and per packet, the uploads' pages add up to at most
:data:`~accesspack.limits.MAX_PACKET_PAGES`. An uploaded Word document's pages are only
known once LibreOffice has converted it, so it counts as one page per
:data:`DOCX_BYTES_PER_PAGE` bytes of file (at least one): a bound, not a count.

The result (type and pages per upload) is what the build then uses.

What they read: the uploaded file itself, never a copy. :func:`check_upload` reads its
first bytes (the type), a PDF's page tree (opened with pikepdf, nothing decoded:
:func:`~accesspack.pdf.normalize.pdf_pages`, which opens a file version once per process,
so the count :func:`read_uploads` needed is not read again by :func:`check_uploads`) and
an image's header. Normalisation opens the file once more to copy it, and makes the same
refusals there (empty, locked, truncated, no pages) on its own reading, so a copy never
rests on the bounds' look; the checks of an upload's text read its copy
(:mod:`accesspack.upload_checks`).

:func:`read_uploads` is the other look at the uploads, the one :func:`accesspack.validate`
runs too (a plan reads no file): each uploaded PDF's fonts that stay unembedded in its
packet copy, where the route's regulator wants them embedded (a build's copy embeds a
metric-compatible font where there is one: :mod:`accesspack.pdf.embed_fonts`, which
decides for both). The ledger turns what it read into rows, so that ``validate()`` and a
build show the same upload rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import AttachmentError, not_a_regular_file, reason
from .limits import MAX_PACKET_PAGES, MAX_UPLOAD_BYTES, MAX_UPLOAD_PAGES
from .model import Attachment, Case
from .pdf.embed_fonts import fonts_left_unembedded
from .pdf.normalize import FileType, detect_type, image_pages, pdf_pages

if TYPE_CHECKING:
    from .buildplan import BuildPlan

__all__ = ["DOCX_BYTES_PER_PAGE", "CheckedUpload", "UploadReading", "check_uploads",
           "read_uploads"]

#: An uploaded DOCX counts as one page per this many bytes towards a packet's page limit
#: (its pages are unknown until it is converted). Text runs at a few KB per page in a
#: DOCX; photos make it bigger, so this overstates, never understates, a text document.
DOCX_BYTES_PER_PAGE = 10_000


@dataclass(frozen=True)
class CheckedUpload:
    """One upload that passed :func:`check_uploads`.

    ``pages`` is the PDF's page count or the image's pages; for a DOCX, the bound it
    counts as (:data:`DOCX_BYTES_PER_PAGE`), ``pages_known`` then being false.
    ``password`` opens the PDF (never shown in a repr) and ``password_field`` is where the
    case gives it (``attachments[2]``), for messages.
    """

    attachment: Attachment
    label: str
    type: FileType
    pages: int
    pages_known: bool = True
    password: str | None = field(default=None, repr=False)
    password_field: str | None = None


def label_of(aid: str, att: Attachment) -> str:
    """How messages name an upload: ``attachment <id> (<kind>)``, never its file name."""
    return f"attachment {aid} ({att.kind})"


def password_of(att: Attachment) -> str | None:
    """The password the case gives for the upload ``att``, as text (None: none given)."""
    return att.password.get_secret_value() if att.password is not None else None


def _megabytes(n: int) -> str:
    return f"{n / 2**20:,.1f}".removesuffix(".0") + " MB"


def _pages(n: int) -> str:
    return f"{n:,} page{'s' if n != 1 else ''}"


def check_upload(case: Case, aid: str, att: Attachment) -> CheckedUpload:
    """Check one upload's bounds (see the module docstring); raise :class:`AttachmentError`."""
    label = label_of(aid, att)
    path = Path(att.path)
    odd = not_a_regular_file(path)
    if odd is not None:
        raise AttachmentError(f"{label} {odd}", label)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise AttachmentError(
            f"{label} cannot be read ({reason(exc)}); check that "
            "the file exists and can be read", label) from None
    if size > MAX_UPLOAD_BYTES:
        raise AttachmentError(
            f"{label} is {_megabytes(size)}; the limit is {_megabytes(MAX_UPLOAD_BYTES)} per "
            "upload: split it into several "
            "attachments, or scan it at a lower resolution", label)
    kind = detect_type(path, label)
    too_many = ("{label} has {pages}; the limit is {limit} per upload: split it into "
                "several attachments")
    index = next((i for i, a in enumerate(case.attachments) if a is att), None)
    where = None if index is None else f"attachments[{index}]"
    password = password_of(att)
    if kind == "pdf":
        pages = pdf_pages(path, label, password=password, field=where)
    elif kind == "docx":
        return CheckedUpload(att, label, kind, max(1, -(-size // DOCX_BYTES_PER_PAGE)),
                             pages_known=False, password_field=where)
    else:
        pages, _ = image_pages(path, label)
    if pages > MAX_UPLOAD_PAGES:
        raise AttachmentError(too_many.format(
            label=label, pages=_pages(pages), limit=_pages(MAX_UPLOAD_PAGES)), label)
    return CheckedUpload(att, label, kind, pages, password=password, password_field=where)


def check_uploads(plan: BuildPlan) -> dict[str, CheckedUpload]:
    """Check every upload the plan's active parts use, then each packet's total of upload
    pages.

    Returns the checked uploads by attachment id, in first-use order (as
    :meth:`~accesspack.buildplan.BuildPlan.uploads_used`). Raises :class:`AttachmentError` at
    the first bound exceeded.
    """
    case = plan.case
    checked = {aid: check_upload(case, aid, att)
               for aid, att in plan.uploads_used().items()}
    for planned in plan.packets:
        ids = [aid for part in planned.parts for aid in part.attachments]
        total = sum(checked[aid].pages for aid in ids)
        if total > MAX_PACKET_PAGES:
            estimated = [checked[aid].label for aid in dict.fromkeys(ids)
                         if not checked[aid].pages_known]
            note = (f" (a Word document counts as one page per "
                    f"{DOCX_BYTES_PER_PAGE:,} bytes until it is converted: "
                    f"{', '.join(estimated)})" if estimated else "")
            raise AttachmentError(
                f"the uploads of packet {planned.id} add up to {_pages(total)}{note}; the "
                f"limit is {_pages(MAX_PACKET_PAGES)} per packet: leave out uploads the "
                "regulator does not need, or send the rest separately")
    return checked


@dataclass(frozen=True)
class UploadReading:
    """What :func:`read_uploads` read of one uploaded PDF: the fonts it uses without
    embedding them that its packet copy still leaves out, having no metric-compatible
    font to embed for them (empty: every font is, or will be, embedded)."""

    id: str
    kind: str
    fonts_not_embedded: tuple[str, ...]


def read_uploads(plan: BuildPlan) -> tuple[UploadReading, ...]:
    """Read what the ledger reports of the case's uploads: each uploaded PDF's fonts that
    its packet copy leaves unembedded (:func:`~accesspack.pdf.embed_fonts.fonts_left_unembedded`:
    the file is read as it is, not normalised), when the route's regulator wants fonts
    embedded (otherwise no file is opened). Every upload
    of the case is read, in the case's order; one that is not a PDF is skipped, and so is
    one beyond a bound of :func:`check_upload` (its pages are never walked: the build
    refuses it with that bound's message)."""
    if plan.route.regulator.embedded_fonts is None:
        return ()
    readings: list[UploadReading] = []
    for att in plan.case.attachments:
        aid = att.id or ""
        try:  # an image or a Word document is not opened here
            if detect_type(att.path, label_of(aid, att)) != "pdf":
                continue
            checked = check_upload(plan.case, aid, att)
        except AttachmentError:
            continue
        readings.append(UploadReading(aid, att.kind, tuple(
            fonts_left_unembedded(att.path, checked.password))))
    return tuple(readings)
