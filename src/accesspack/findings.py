"""The ledger rows a build adds after :func:`accesspack.validate`'s.

These are the only rows a build adds to ``validate()``'s ledger, because only a build
has what they need:

- :func:`upload_change_rows`: a notice per upload whose packet copy differs from the
  original (repaired, decrypted, scripts removed, fields flattened, fonts embedded),
  known once it is normalised;
- :func:`preflight_rows`: the result of :func:`preflight_packet` on each collated packet.

Every other row (rules, fields, deadlines, uploads' own checks) comes from
:func:`accesspack.ledger.compute_ledger`, computed from the build plan and what
:func:`accesspack.uploads.read_uploads` read, which ``validate()`` and a build share.
"""

from __future__ import annotations

from pathlib import Path

from .ledger import LedgerRow, citing
from .manifest import PacketEntry
from .model import Attachment
from .pdf.normalize import Normalised
from .pdf.preflight import PreflightReport, preflight
from .routes.registry import Route

__all__ = ["preflight_packet", "preflight_rows", "upload_change_rows"]


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
