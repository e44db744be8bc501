"""The completeness ledger: what is done, what is missing, who must act, and by when.

The ledger is data first (:class:`Ledger`, rows of :class:`LedgerRow`); text, Markdown,
HTML and JSON are views of it. Every build writes one; :func:`accesspack.validate`
computes it without building. Dates come from the case, never from the clock.
"""

from __future__ import annotations

import calendar
import functools
import json
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from .display import Cell, Html, badge, box, details, esc, heading, md_cell, table
from .model import Attachment, Case
from .pdf.normalize import detect_type, fonts_not_embedded
from .render.context import case_context
from .routes.conditions import (
    answered,
    condition_fields,
    every_item_answers,
    field_value,
    holds,
    slot_attachments,
)
from .routes.registry import Route
from .routes.spec import Citation, Condition, Need, Part, Rule

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


# -- working days ------------------------------------------------------------------------


@functools.cache
def _holidays(country: str, year: int) -> frozenset[date]:
    import holidays

    return frozenset(holidays.country_holidays(country, years=year).keys())


def add_working_days(start: date, days: int, country: str) -> date:
    """``start`` plus ``days`` working days (weekends and public holidays skipped)."""
    day = start
    left = days
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in _holidays(country, day.year):
            left -= 1
    return day


def add_months(start: date, months: int) -> date:
    """``start`` plus whole calendar months (31 January + 1 month = 28/29 February)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


def _anniversary_on_or_before(start: date, today: date) -> date:
    year = today.year
    while True:
        try:
            candidate = start.replace(year=year)
        except ValueError:  # 29 February
            candidate = date(year, 2, 28)
        if candidate <= today or year <= start.year:
            return candidate
        year -= 1


# -- building the ledger -----------------------------------------------------------------


class _Builder:
    def __init__(self, case: Case, route: Route, options: dict[str, str]) -> None:
        self.case = case
        self.route = route
        self.options = options
        self.locale = route.locale(options)
        self.rows: dict[str, LedgerRow] = {}

    def holds(self, cond: Condition | None) -> bool:
        return holds(cond, self.case, self.options)

    def cite(self, key: str | None) -> dict[str, Any]:
        return citing(self.route.citation(key))

    def add(self, row: LedgerRow) -> None:
        if row.id in self.rows:  # the same part in several packets: one row, all packets
            old = self.rows[row.id]
            packets = old.packets + tuple(p for p in row.packets if p not in old.packets)
            self.rows[row.id] = old.model_copy(update={"packets": packets})
        else:
            self.rows[row.id] = row

    def rule(self, rule: Rule, category: Category) -> None:
        fields = condition_fields(rule.when)
        if self.holds(rule.when):
            status: Status = "complete"
        elif fields and not any(answered(self.case, f) for f in fields):
            status = "missing"
        else:
            status = "not_met"
        self.add(LedgerRow(
            id=f"{category}:{rule.id}", category=category, status=status,
            blocking=rule.blocking,
            item=rule.message if status != "complete" else f"{rule.id}: met",
            who=rule.who, question=rule.question or rule.message, **self.cite(rule.citation),
        ))

    def rules(self) -> None:
        self.country_rule()
        for rule in self.route.spec.applies_when:
            self.rule(rule, "applicability")
        for rule in self.route.spec.eligibility:
            self.rule(rule, "eligibility")

    def country_rule(self) -> None:
        """A national route applies only to an institution in its country, when both are
        known; an institution address without a country is a question, not a refusal."""
        country = self.route.spec.country
        address = self.case.institution.address
        if not country or address is None or address.country == country:
            return
        if address.country is None:
            self.add(LedgerRow(
                id="applicability:country", category="applicability", status="missing",
                blocking=False, who="physician",
                item=f"the institution's country is not recorded (institution.address.country); "
                     f"this route is for an institution in {country}",
                question=f"Record the institution's country as an ISO 3166-1 code in "
                         f"institution.address.country (country: {country} if it is in "
                         f"{country}).",
            ))
            return
        self.add(LedgerRow(
            id="applicability:country", category="applicability", status="not_met",
            blocking=True, who="institution",
            item=f"this route is for an institution in {country}; the case's institution is "
                 f"in {address.country} (institution.address.country)",
            question="Choose a route of the institution's country.",
        ))

    def need(self, need: str | Need, part: Part, packet: str) -> None:
        n = need if isinstance(need, Need) else Need(field=need)
        if not self.holds(n.when):
            return
        reg = self.route.fields.get(n.field)
        present = answered(self.case, n.field) and every_item_answers(self.case, n.field)
        blocking = n.blocking if n.blocking is not None else (reg.blocking if reg else True)
        self.add(LedgerRow(
            id=f"field:{n.field}", category="field", item=f"case field {n.field}",
            status="complete" if present else "missing", blocking=blocking,
            who=n.who or (reg.who if reg else "physician"),
            question=n.question or (reg.question if reg else None),
            packets=(packet,), **self.cite(n.citation or (reg.citation if reg else None)),
        ))

    def part(self, part: Part, packet: str) -> None:
        if not self.holds(part.when):
            self.add(LedgerRow(
                id=f"part:{part.id}", category="document", item=part.title_in("en"),
                status="not_applicable", blocking=False, packets=(packet,),
                **self.cite(part.citation),
            ))
            return
        for need in part.needs:
            self.need(need, part, packet)
        if part.kind != "attachments" or part.min == 0:
            return
        kinds = part.attachments or []
        have = sum(1 for a in self.case.attachments if a.kind in kinds)
        status: Status = "complete" if have >= part.min else part.missing_status
        self.add(LedgerRow(
            id=f"part:{part.id}", category="document",
            item=f"{part.title_in('en')} ({', '.join(kinds)}: {have} of at least {part.min})",
            status=status, blocking=part.blocking, who=part.who,
            question=part.question or f"Attach {part.title_in('en').lower()}.",
            packets=(packet,), **self.cite(part.citation),
        ))

    def deadline_rows(self) -> None:
        for dl in self.route.spec.deadlines:
            if not self.holds(dl.when):
                continue
            trigger = field_value(self.case, dl.trigger)
            unit = "working" if dl.calendar == "working" else "calendar"
            span = ", ".join(x for x in (f"{dl.months} months" if dl.months else "",
                                         f"{dl.days} {unit} days" if dl.days else "") if x)
            base = dict(id=f"deadline:{dl.id}", category="deadline", item=dl.title,
                        blocking=False, who=dl.who, **self.cite(dl.citation))
            if not isinstance(trigger, date):
                self.add(LedgerRow(
                    **base, status="missing",
                    question=f"Not armed: record {dl.trigger} to compute the date ({span}).",
                ))
                continue
            start = trigger
            if dl.anniversary:
                start = _anniversary_on_or_before(trigger, self.case.prepared_on)
            if dl.months:
                start = add_months(start, dl.months)
            if dl.calendar == "working":
                due = add_working_days(start, dl.days, self.locale.working_days)
            else:
                due = start + timedelta(days=dl.days)
            self.add(LedgerRow(
                **base, status="overdue" if due < self.case.prepared_on else "scheduled", due=due,
                question=f"{span} from {dl.trigger} ({trigger.isoformat()}).",
            ))

    def upload_rows(self) -> None:
        """Flag uploaded PDFs whose fonts are not embedded, where the regulator needs them."""
        key = self.route.regulator.embedded_fonts
        if key is None:
            return
        for att in self.case.attachments:
            if detect_type(att.path, f"attachment {att.id} ({att.kind})") != "pdf":
                continue
            password = att.password.get_secret_value() if att.password else None
            missing = fonts_not_embedded(att.path, password)
            if missing:
                self.add(LedgerRow(
                    id=f"upload:{att.id}:fonts", category="document",
                    item=f"attachment {att.id}: fonts not embedded ({', '.join(missing[:5])})",
                    status="missing", blocking=False, who="physician",
                    question="Replace it with a copy whose fonts are embedded (export or print "
                             "to PDF/A); the packet carries the file as it is.",
                    **self.cite(key),
                ))

    def translation_rows(self, collated: list[Attachment]) -> None:
        """Flag collated uploads in another language that no translation accompanies."""
        key = self.route.regulator.translations
        if key is None:
            return
        language = self.locale.language
        for att in collated:
            if att.kind == "translation" or att.language == language:
                continue
            if any(t.kind == "translation" and t.translates == att.id and t.language == language
                   for t in self.case.attachments):
                continue
            self.add(LedgerRow(
                id=f"upload:{att.id}:translation", category="translation",
                item=f"attachment {att.id} ({att.kind}) is in {att.language}, with no "
                     f"{language} translation",
                status="missing", blocking=False, who="physician",
                question=f"Attach a {language} translation of {att.id}: kind translation, "
                         f"language {language}, translates {att.id} (it is collated right "
                         "after the original).",
                **self.cite(key),
            ))

    def action_rows(self) -> None:
        for act in self.route.spec.actions:
            if not self.holds(act.when):
                continue
            done = act.done_when is not None and self.holds(act.done_when)
            self.add(LedgerRow(
                id=f"action:{act.id}", category="action", item=act.title,
                status="complete" if done else "awaiting", blocking=False, who=act.who,
                question=act.question, **self.cite(act.citation),
            ))

    def fact_rows(self, form: dict[str, Any] | None, edition: str | None) -> None:
        """A row per fact no official text confirmed, citing the official source to check
        it against (never the research note it came from)."""
        for i, fact in enumerate(self.route.spec.facts):
            if fact.status == "C":
                continue
            # the fact is what is unconfirmed, not the source it is to be checked in
            cite = self.route.citation(fact.citation)
            self.add(LedgerRow(
                id=f"fact:{i + 1}", category="fact", item=fact.text, status="to_verify",
                blocking=False,
                question="Not confirmed against the official text: check it in the source "
                "cited before signing." if cite else
                "No official text found confirms it; check it with the authority before "
                "relying on it.",
                **self.cite(fact.citation),
            ))
        if form is None or edition is None:
            return
        label = form["editions"][edition]["label"]
        for key, item in form.get("items", {}).items():
            if item["status"] != "C":
                number = item["numbers"][edition]
                self.add(LedgerRow(
                    id=f"fact:form-item-{key}", category="fact",
                    item=f"{label} item {number} ({item['label']}): wording or number not "
                         "confirmed against the official form",
                    status="to_verify", blocking=False, who="physician",
                    question="Not confirmed against the official form: compare the item with "
                             f"the official {label} before signing.",
                    citation=label, verified=form["editions"][edition].get("status") == "C",
                ))


def rule_rows(case: Case, route: Route) -> list[LedgerRow]:
    """Only the applicability and eligibility rows: does the route fit this case?"""
    b = _Builder(case, route, route.options())
    b.rules()
    return list(b.rows.values())


def compute_ledger(
    case: Case,
    route: Route,
    options: dict[str, str] | None = None,
) -> Ledger:
    """The ledger of ``case`` on ``route`` (nothing is rendered or written)."""
    opts = route.options(options)
    locale = route.locale(opts)
    b = _Builder(case, route, opts)
    for notice in route.spec.notices:
        if b.holds(notice.when):
            b.add(LedgerRow(id=f"notice:{notice.id}", category="notice", item=notice.text,
                            status="info", blocking=False, **b.cite(notice.citation)))
    b.rules()
    collated: list[Attachment] = []
    for packet in route.spec.packets:
        if not b.holds(packet.when):
            continue
        for part in packet.parts:
            b.part(part, packet.id)
            if part.kind == "attachments" and b.holds(part.when):
                collated += slot_attachments(case, part)
    _, missing_text = case_context(case, locale.language, locale.identity)
    for miss in missing_text:
        b.add(LedgerRow(
            id=f"translation:{miss.field}:{miss.language}", category="translation",
            item=f"{miss.field} has no {miss.language} text", status="missing", blocking=True,
            who="physician", question=f"Add the {miss.language} variant of {miss.field}.",
        ))
    b.upload_rows()
    b.translation_rows(collated)
    b.action_rows()
    b.deadline_rows()
    b.fact_rows(route.form_data(), opts.get("form_edition"))
    return Ledger(case_id=case.case_id, route=route.id, prepared_on=case.prepared_on,
                  rows=tuple(b.rows.values()))


def with_rows(ledger: Ledger, rows: Sequence[LedgerRow]) -> Ledger:
    """A copy of ``ledger`` with ``rows`` added after its own (the ledger is frozen)."""
    if not rows:
        return ledger
    return ledger.model_copy(update={"rows": (*ledger.rows, *rows)})
