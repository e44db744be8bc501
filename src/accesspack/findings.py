"""The ledger rows a build adds after :func:`accesspack.validate`'s.

These are the only rows a build adds to ``validate()``'s ledger, because only a build
has what they need:

- :func:`upload_change_rows`: a notice per upload whose packet copy differs from the
  original (repaired, decrypted, scripts removed, fields flattened, fonts embedded, an
  OCR text layer added), known once it is normalised;
- :func:`upload_check_rows`: what each letter of authorization, pathology and biomarker
  report says compared with the case (:mod:`accesspack.upload_checks`), read from its packet
  copy once it is normalised (a scan's OCR layer included); :func:`accesspack.validate`
  adds the same rows for the uploads it can read before a build (PDFs with text on every
  page), a build for all of them;
- :func:`ocr_rows`: scanned pages left without searchable text: a row per reason OCR
  did not run (not installed, a language it lacks or does not read, a failure) naming
  the uploads, and a row per upload whose pages OCR read no text on;
- :func:`preflight_rows`: the result of :func:`preflight_packet` on each collated packet.

Every other row (rules, fields, deadlines, uploads' own checks) comes from
:func:`accesspack.ledger.compute_ledger`, computed from the build plan and what
:func:`accesspack.uploads.read_uploads` read, which ``validate()`` and a build share.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .ledger import LedgerRow, citing
from .manifest import PacketEntry
from .model import Attachment
from .pdf.normalize import Normalised
from .pdf.ocr import OcrResult, OcrSkip
from .pdf.preflight import PreflightReport, preflight
from .pdf.preflight_report import pages_text
from .routes.registry import Route
from .upload_checks import CHECKED_KINDS, Mismatch, UploadCheck
from .uploads import label_of

if TYPE_CHECKING:
    from .buildplan import BuildPlan

__all__ = ["ocr_rows", "preflight_packet", "preflight_rows", "upload_change_rows",
           "upload_check_rows"]


def upload_change_rows(used: dict[str, Attachment],
                       normalised: dict[str, Normalised]) -> list[LedgerRow]:
    """One ledger notice per upload whose packet copy differs from it (repaired, decrypted,
    scripts removed, fields flattened): the physician checks the copy shows the same."""
    return [
        LedgerRow(id=f"upload-{aid}-changed", category="notice",
                  item=f"attachment {aid} ({att.kind}): " + "; ".join(normalised[aid].changes),
                  status="info", blocking=False, who="physician",
                  question="Check the packet copy still shows what the original does")
        for aid, att in used.items() if normalised[aid].changes
    ]


def ocr_rows(route: Route, used: dict[str, Attachment],
             results: dict[str, OcrResult]) -> list[LedgerRow]:
    """Rows for scanned pages the build left without searchable text.

    One row per reason OCR did not run (:class:`~accesspack.pdf.ocr.OcrSkip`: OCR not
    installed, language data missing, a language it does not read, a failure), naming
    each upload and its pages and saying what to install: a user's choice, so the row
    never blocks. One row per upload where OCR ran but read no text on some pages (blank
    or unreadable scans). They cite the regulator's PDF rules where its preflight
    profile has them (the FDA asks for text-searchable PDFs).
    """
    cite = citing(route.citation(route.regulator.preflight.citation))
    skipped: dict[str, tuple[OcrSkip, list[str]]] = {}
    unread: list[LedgerRow] = []
    for aid, result in results.items():
        if not result.image_only:
            continue
        what = label_of(aid, used[aid])
        if result.skipped is not None:
            skipped.setdefault(result.skipped.key, (result.skipped, []))[1].append(
                f"{what} {pages_text(result.image_only)}")
            continue
        one = len(result.image_only) == 1
        unread.append(LedgerRow(
            id=f"ocr-no-text-{aid}", category="document", status="to_verify",
            blocking=False, who="physician",
            item=f"{what}: OCR read no text on {pages_text(result.image_only)}, which "
                 f"{'stays an image' if one else 'stay images'} without searchable text",
            question="Check those pages: if they hold text, replace the upload with a "
                     "clearer scan or a searchable PDF", **cite))
    rows = []
    for key, (skip, uploads) in skipped.items():
        which = "these uploads keep" if len(uploads) > 1 else "this upload keeps"
        rows.append(LedgerRow(
            id=f"ocr-{key}", category="document", status="missing", blocking=False,
            who="physician", question=skip.fix, **cite,
            item=f"{skip.why}, so {which} scanned pages without searchable text: "
                 f"{'; '.join(uploads)}"))
    return rows + unread


def preflight_packet(route: Route, page_size: str, path: Path,
                     entry: PacketEntry) -> PreflightReport:
    """Preflight one packet against its regulator's profile: the route's paper size, the
    regulator's size limit, a bookmark per part (``entry``: the packet's manifest entry)."""
    spec = route.regulator.preflight
    limit = spec.max_packet_size
    cite = route.citation(limit.citation) if limit else None
    return preflight(
        path, page_size="a4" if page_size == "a4" else "letter",
        max_bytes=int(limit.megabytes * 1_000_000) if limit else None,
        size_limit_verified=bool(cite and cite.verified),
        bookmarks=[part.title for part in entry.parts], profile=spec.profile)


def preflight_rows(route: Route, reports: dict[str, PreflightReport]) -> list[LedgerRow]:
    """One ledger row per packet that passes, and one per check that warns or fails.

    Failures are ``not_met`` and warnings ``to_verify``; neither blocks the build (the
    packet exists; the row says what to fix before sending it). Rows cite the regulator's
    PDF rules, where its profile has them (the generic profile cites nothing).
    """
    spec = route.regulator.preflight
    rules = route.citation(spec.citation)
    rows: list[LedgerRow] = []
    for pid, report in reports.items():
        flagged = [c for c in report.checks if c.status != "pass"]
        if not flagged:
            rows.append(LedgerRow(
                id=f"preflight-{pid}", category="preflight", status="complete",
                blocking=False, packets=(pid,),
                item=f"packet {report.file} passes preflight ({len(report.checks)} checks)",
                **citing(rules)))
        for check in flagged:
            size = check.id == "file_size"
            cite = (route.citation(spec.max_packet_size.citation)
                    if size and spec.max_packet_size else rules)
            rows.append(LedgerRow(
                id=f"preflight-{pid}-{check.id}", category="preflight",
                status="not_met" if check.status == "fail" else "to_verify",
                blocking=False, packets=(pid,), who="physician",
                item=f"preflight of {report.file}: {check.title}", question=check.detail,
                **citing(cite)))
    return rows


def _mismatch_item(check: UploadCheck, miss: Mismatch) -> str:
    """``attachment loa (letter_of_authorization): the letter names IND 178452; the case
    says IND 161234``: what the upload says (only identifiers it was found to name) and
    what the case says. Found on a page the build OCRed, it says so ("as OCR reads the
    scanned page") and asks for a look first: it may be a misreading."""
    what = CHECKED_KINDS[check.attachment.kind]
    found = ", ".join(miss.found)
    said = {
        "product": f"{what} does not name the product",
        "application": (f"{what} names {found}" if found else
                        f"{what} does not name the reference application"),
        "physician": f"{what} does not name the physician",
        "accession": (f"{what} carries accession {found}" if found else
                      f"{what} does not show the accession"),
        "date": f"{what} does not show its date in any usual written form",
    }[miss.aspect]
    case_says = f"accession {miss.expected}" if miss.aspect == "accession" else miss.expected
    compared = f"{said}; the case says {case_says} ({miss.field})"
    if check.ocr_pages:
        scanned = "page" if len(check.ocr_pages) == 1 else "pages"
        return (f"{check.label}: as OCR reads the scanned {scanned}, {compared}; check it "
                "by eye first")
    return f"{check.label}: {compared}"


_QUESTION = {
    "product": "Check the letter covers this product; ask the manufacturer for a corrected "
               "letter, or correct the case's product.",
    "application": "Check which application the manufacturer gives a right of reference "
                   "to; ask for a corrected letter, or correct "
                   "product.reference_application.",
    "physician": "Check the letter names you as the treating physician; ask the manufacturer "
                 "for a corrected letter if it names someone else.",
    "accession": "Check this is the report the case means; attach the right report, or "
                 "correct the accession in the case.",
    "date": "Check this is the report the case means; attach the right report, or correct "
            "its date in the case.",
}


def _where(plan: BuildPlan, aid: str) -> tuple[tuple[str, ...], str | None]:
    """The packets that collate upload ``aid`` and, for a letter of authorization, the
    citation key of the first part that does (the rule that asks for the letter and what
    it grants). A report's slot cites how to file, not what a report must say: nothing."""
    packets: list[str] = []
    key: str | None = None
    for packet, part in plan.active_parts():
        if aid in part.attachments:
            packets.append(packet.id)
            if plan.attachment(aid).kind == "letter_of_authorization":
                key = key or part.part.citation
    return tuple(dict.fromkeys(packets)), key


def upload_check_rows(plan: BuildPlan, checks: list[UploadCheck]) -> list[LedgerRow]:
    """The rows of :func:`accesspack.upload_checks.check_texts`: for each upload checked,
    one ``to_verify`` row per thing it does not say as the case does, one when it has no
    text to check, or else one ``complete`` row listing what it was checked for. None
    blocks the build: the physician looks at the upload and decides."""
    rows: list[LedgerRow] = []
    for check in checks:
        packets, key = _where(plan, check.id)
        cite = citing(plan.route.citation(key)) if key else {}
        base = f"upload-{check.id}-check"
        listed = ", ".join(check.checked[:-1]) + (" and " if len(check.checked) > 1 else "")
        listed += check.checked[-1]
        if not check.readable:
            rows.append(LedgerRow(
                id=f"{base}-text", category="document", status="to_verify", blocking=False,
                who="physician", packets=packets,
                item=f"{check.label}: no text could be read from it (a scan that OCR could "
                     "not read or that was not OCR'd), so it was not checked against the case",
                question=f"Check by eye that it shows {listed} as the case says.",
                **cite))
            continue
        for miss in check.mismatches:
            rows.append(LedgerRow(
                id=f"{base}-{miss.aspect}", category="document", status="to_verify",
                blocking=False, who="physician", packets=packets,
                item=_mismatch_item(check, miss), question=_QUESTION[miss.aspect], **cite))
        if not check.mismatches:
            rows.append(LedgerRow(
                id=base, category="document", status="complete", blocking=False,
                packets=packets,
                item=f"{check.label} shows {listed}, as the case says", **cite))
    return rows
