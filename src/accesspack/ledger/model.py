"""The ledger's data: :class:`LedgerRow` and :class:`Ledger` with its views (text,
Markdown, HTML, JSON)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from ..display import Cell, Html, badge, box, details, esc, heading, md_cell, table
from ..routes.spec import Citation

Status = Literal[
    "complete",  # present and usable
    "missing",  # the case lacks it: the person in `who` must supply it
    "awaiting",  # a third party (manufacturer, IRB) must provide it
    "not_applicable",  # the route does not need it for this case
    "not_met",  # an eligibility rule fails on the case's data
    "scheduled",  # a deadline, armed, with its due date
    "overdue",  # a deadline whose due date is before prepared_on
    "to_verify",  # a regulatory fact used by the route that is not confirmed
    "info",  # something to know (e.g. nothing is filed with any authority)
]
Category = Literal["applicability", "eligibility", "field", "document", "translation",
                   "action", "deadline", "fact", "notice", "preflight"]


#: What every view says after a citation no official text has confirmed.
UNVERIFIED = "not confirmed against the official text; check it before signing"


def citing(citation: Citation | None) -> dict[str, Any]:
    """The ``citation`` and ``verified`` fields of a ledger row citing ``citation``."""
    return {} if citation is None else {"citation": citation.shown,
                                        "verified": citation.verified}


class LedgerRow(BaseModel):
    """One line of the ledger.

    ``citation`` is the official source (statute, regulation, form edition, dated
    guidance); ``verified`` is false when no official text confirmed the row's rule.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    category: Category
    item: str
    status: Status
    blocking: bool
    who: str | None = None
    question: str | None = None
    citation: str | None = None
    verified: bool | None = None
    due: date | None = None
    packets: tuple[str, ...] = ()

    @property
    def shown_citation(self) -> str | None:
        """The citation as every view shows it: an unconfirmed one says so in words."""
        if not self.citation:
            return None
        return self.citation + (f" ({UNVERIFIED})" if self.verified is False else "")

    @property
    def is_gap(self) -> bool:
        """A blocking row that is not satisfied."""
        return self.blocking and self.status in ("missing", "awaiting", "not_met")


class Ledger(BaseModel):
    """The ledger of one case on one route."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    route: str
    prepared_on: date
    rows: tuple[LedgerRow, ...]

    @property
    def gaps(self) -> list[LedgerRow]:
        """Blocking rows not yet satisfied: a final build needs none."""
        return [r for r in self.rows if r.is_gap]

    @property
    def ready(self) -> bool:
        """True when nothing blocking is missing."""
        return not self.gaps

    def by_status(self, status: Status) -> list[LedgerRow]:
        return [r for r in self.rows if r.status == status]

    def to_json(self) -> str:
        """The ledger as JSON (stable key order, ISO dates)."""
        data = self.model_dump(mode="json")
        data["ready"] = self.ready
        data["gaps"] = [r.id for r in self.gaps]
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    def to_text(self) -> str:
        """A plain-text view for terminals."""
        lines = [
            f"Ledger for case {self.case_id} on route {self.route} (prepared {self.prepared_on})",
            "READY: nothing blocking is missing" if self.ready
            else f"NOT READY: {len(self.gaps)} blocking item(s) missing",
            "",
        ]
        done = ("complete", "not_applicable", "info")
        notes = [r for r in self.rows if r.status == "info"]
        if notes:
            lines.append("Notes:")
            lines += [f"  * {r.item}" + (f" ({r.shown_citation})" if r.citation
                                          else "") for r in notes]
            lines.append("")
        open_rows = sorted((r for r in self.rows if r.status not in done),
                           key=lambda r: (not r.is_gap, r.category != "deadline",
                                          r.category == "fact"))
        lines.append(f"To do ({len(open_rows)}; ! = blocking):")
        for row in open_rows:
            mark = "!" if row.is_gap else " "
            due = f" due {row.due.isoformat()}" if row.due else ""
            who = f" [{row.who}]" if row.who else ""
            lines.append(f"{mark} {row.status:<10} {row.item}{who}{due}")
            if row.question:
                lines.append(f"      -> {row.question}")
            if row.citation:
                lines.append(f"      ({row.shown_citation})")
        finished = [r for r in self.rows if r.status in done and r.status != "info"]
        lines += ["", f"Done or not needed ({len(finished)}):"]
        lines += [f"  {r.status:<10} {r.item}" for r in finished]
        return "\n".join(lines) + "\n"

    def to_markdown(self) -> str:
        """A Markdown view, stored in the bundle as ``ledger.md``."""
        head = "ready: nothing blocking is missing" if self.ready else (
            f"**not ready: {len(self.gaps)} blocking item(s) missing**"
        )
        out = [
            f"# Ledger — case {self.case_id}, route `{self.route}`",
            "",
            f"Prepared {self.prepared_on.isoformat()}; {head}.",
            "",
            "| Status | Item | Who | Due | What to do | Citation |",
            "|---|---|---|---|---|---|",
        ]
        for r in self.rows:
            status = f"**{r.status}**" if r.is_gap else r.status
            todo = "" if r.status in ("complete", "not_applicable") else (r.question or "")
            cite = r.shown_citation or ""
            cells = [status, r.item, r.who or "", r.due.isoformat() if r.due else "", todo, cite]
            cells = [md_cell(c) for c in cells]
            out.append("| " + " | ".join(cells) + " |")
        return "\n".join(out) + "\n"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython's plain-text view (stored in notebooks beside the HTML one):
        :meth:`to_text`, not the model's field-by-field repr."""
        printer.text("Ledger(...)" if cycle else self.to_text().rstrip("\n"))

    def _repr_html_(self) -> str:
        """Jupyter view: ready or not, then what is open (grouped by status: who acts, by
        when, the question to answer, the citation), notes, then what is done."""
        state = (badge("ready: nothing blocking is missing", "good") if self.ready
                 else badge(f"not ready: {len(self.gaps)} blocking gap(s)", "bad"))
        done = [r for r in self.rows if r.status in _DONE]
        open_rows = [r for r in self.rows if r.status not in (*_DONE, "info")]
        parts: list[Cell] = [
            Html(f"<div>case <code>{esc(self.case_id)}</code>, route <code>{esc(self.route)}"
                 f"</code>, prepared {esc(self.prepared_on)}: {state} "
                 f"&middot; {len(open_rows)} open, {len(done)} done or not needed</div>")]
        for status, label in _OPEN_GROUPS:
            rows = [r for r in open_rows if r.status == status]
            if not rows:
                continue
            parts += [
                heading(Html(f"{esc(label)} ({len(rows)}) {badge(status, _TONE[status])}")),
                table(["", "Item", "Who acts", "Due", "What to do", "Citation"], (
                    [badge("blocking", "bad") if r.is_gap else "", r.item, r.who, r.due,
                     r.question, r.shown_citation] for r in rows))]
        notes = self.by_status("info")
        if notes:
            parts += [heading(f"Notes ({len(notes)})"),
                      table(["Note", "Who", "What to do", "Citation"],
                            ([r.item, r.who, r.question, r.shown_citation] for r in notes))]
        parts.append(details(
            heading(f"Done or not needed ({len(done)})"),
            table(["Status", "Item", "Citation"],
                  ([badge(r.status, _TONE[r.status]), r.item, r.shown_citation] for r in done))))
        return str(box("accesspack ledger", *parts))


_DONE: tuple[Status, ...] = ("complete", "not_applicable")
#: Open statuses in the order the notebook view shows them, with their headings.
_OPEN_GROUPS: tuple[tuple[Status, str], ...] = (
    ("overdue", "Overdue"), ("missing", "Missing"), ("not_met", "Not met"),
    ("awaiting", "Awaiting a third party"), ("scheduled", "Scheduled deadlines"),
    ("to_verify", "To verify"))
_TONE: dict[str, str] = {
    "complete": "good", "not_applicable": "muted", "missing": "bad", "not_met": "bad",
    "overdue": "bad", "awaiting": "warn", "to_verify": "warn", "scheduled": "info",
    "info": "info"}


