"""How a :class:`~accesspack.Bundle` shows itself in a notebook: HTML and plain text.

:class:`~accesspack.Bundle`'s ``_repr_html_`` and ``_repr_pretty_`` call :func:`html` and
:func:`pretty`. The views show only what the Bundle holds (its manifest data and ledger),
never files a later build into the same folder may have replaced, and never raise.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from .display import (
    THUMB_PAGES,
    Cell,
    Html,
    ThumbnailError,
    badge,
    box,
    esc,
    field_list,
    heading,
    note,
    size_text,
    table,
    thumbnail_strip,
    thumbnails,
)

if TYPE_CHECKING:
    from .bundle import Bundle

__all__ = ["html", "pretty"]

log = logging.getLogger("accesspack")


def html(bundle: Bundle) -> str:
    """Jupyter view: route, draft flag, folder; each packet with its pages, size and
    thumbnails of its first pages; the preflight result per packet; the ledger. Never
    raises."""
    try:
        return _bundle_html(bundle)
    except Exception as exc:  # a display must not fail: show what is certain
        log.debug("bundle view failed", exc_info=True)
        return str(box(f"accesspack bundle {bundle.case_id}",
                       note(f"(view incomplete: {exc.__class__.__name__})"),
                       table(["Packet", "File"],
                             ([pid, p.name] for pid, p in bundle.packets.items()))))


def pretty(bundle: Bundle, printer: Any, cycle: bool) -> None:
    """IPython's plain-text view (stored in notebooks beside the HTML one): one line,
    not the dataclass repr with the whole ledger."""
    state = ("ready" if bundle.ledger.ready
             else f"not ready: {len(bundle.ledger.gaps)} blocking gap(s)")
    printer.text(f"<accesspack {'draft ' if bundle.draft else ''}Bundle {bundle.case_id} on "
                 f"{bundle.route}: {len(bundle.packets)} packet(s), {state}; in {bundle.path}>")


def _bundle_html(bundle: Bundle) -> str:
    pages = {str(p.get("file")): p.get("pages")
             for p in bundle.manifest.get("packets", []) if isinstance(p, dict)}
    rows: list[list[Cell]] = []
    problems: list[str] = []
    for pid, path in bundle.packets.items():
        try:
            size: str | None = size_text(path.stat().st_size)
        except OSError:
            size = "(file missing)"
        try:
            strip: Cell = thumbnail_strip(thumbnails(path), path.name)
        except ThumbnailError as exc:
            strip = None
            if str(exc) not in problems:
                problems.append(str(exc))
        rows.append([pid, Html(f"<code>{esc(path.name)}</code>"), pages.get(path.name), size,
                     strip])
    parts: list[Cell] = [
        field_list([
            ("Case", bundle.case_id), ("Route", Html(f"<code>{esc(bundle.route)}</code>")),
            ("Draft", badge("draft: DRAFT on every page", "warn") if bundle.draft else "no"),
            ("Folder", Html(f"<code>{esc(str(bundle.path))}</code>")),
            ("Ledger", badge("ready", "good") if bundle.ledger.ready
             else badge(f"{len(bundle.ledger.gaps)} blocking gap(s)", "bad")),
        ]),
        heading(f"Packets ({len(rows)})"),
        table(["Packet", "File", "Pages", "Size", f"First {THUMB_PAGES} pages"], rows),
    ]
    if problems:
        parts.append(note("No thumbnails: " + "; ".join(problems) + "."))
    parts += [heading("Preflight"), _preflight_summary(bundle)]
    return str(box("accesspack " + ("draft " if bundle.draft else "") + "bundle", *parts)
               ) + bundle.ledger._repr_html_()


def _preflight_summary(bundle: Bundle) -> Html:
    """One row per packet: the preflight result this build recorded in its manifest and
    how many of its ledger rows are preflight findings (shown in the ledger below).

    Only what the :class:`Bundle` holds: never ``preflight.json`` from the folder, which a
    later build into the same folder may have replaced.
    """
    entry = bundle.manifest.get("preflight")
    ok = entry.get("ok") if isinstance(entry, dict) else None
    if not isinstance(ok, dict):
        return note("preflight.json could not be read: this bundle's manifest records no "
                    "preflight result")
    rows: list[list[Cell]] = []
    for pid in bundle.packets:
        findings = [r for r in bundle.ledger.rows
                    if r.category == "preflight" and pid in r.packets and r.status != "complete"]
        passed = ok.get(pid)
        result = (badge("not recorded") if passed is None
                  else badge("failed", "bad") if not passed
                  else badge("ok", "good") if not findings else badge("warnings", "warn"))
        rows.append([pid, result, f"{len(findings)} finding(s): see the ledger's preflight "
                                  "rows" if findings else None])
    return table(["Packet", "Result", "To look at"], rows)
