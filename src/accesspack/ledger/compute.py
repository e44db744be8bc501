"""The ledger of a build plan: every row :func:`accesspack.validate` shows, in order."""

from __future__ import annotations

from collections.abc import Sequence

from ..buildplan import BuildPlan
from ..model import Case
from ..routes.registry import Route
from ..uploads import UploadReading
from .deadlines import deadline_rows
from .model import Ledger, LedgerRow
from .parts import (
    font_rows,
    missing_text_rows,
    packet_rows,
    patient_language_rows,
    translation_rows,
)
from .rows import Rows
from .rules import action_rows, fact_rows, notice_rows
from .rules import rule_rows as _rule_rows


def rule_rows(case: Case, route: Route) -> list[LedgerRow]:
    """Only the applicability and eligibility rows: does the route fit this case?"""
    b = Rows(case, route, route.options())
    _rule_rows(b)
    return list(b.rows.values())


def compute_ledger(plan: BuildPlan, uploads: Sequence[UploadReading] = ()) -> Ledger:
    """The ledger of ``plan`` (nothing is rendered or written).

    ``uploads`` is what :func:`accesspack.uploads.read_uploads` read of the case's
    uploads (their fonts); ``validate()`` and a build both pass it, so they show the same
    upload rows. Rows come in this order: notices, rules, each packet's parts (their
    fields and documents), free text missing in the route's language, uploads' fonts,
    uploads without a translation, documents the patient reads not yet in the patient's
    language, actions, deadlines, unconfirmed facts.
    """
    route, opts = plan.route, plan.options
    b = Rows(plan.case, route, opts)
    notice_rows(b)
    _rule_rows(b)
    collated = packet_rows(b, plan)
    missing_text_rows(b, plan.missing_text)
    font_rows(b, uploads)
    translation_rows(b, collated, plan.locale.language)
    patient_language_rows(b, plan)
    action_rows(b)
    deadline_rows(b, plan.locale.working_days)
    worksheets = {part.id: part.worksheet for _, part in plan.active_parts()
                  if part.worksheet is not None}
    fact_rows(b, route.form_data(), opts.get("form_edition"), list(worksheets.values()))
    return Ledger(case_id=plan.case.case_id, route=route.id, prepared_on=plan.case.prepared_on,
                  rows=tuple(b.rows.values()))


def with_rows(ledger: Ledger, rows: Sequence[LedgerRow]) -> Ledger:
    """A copy of ``ledger`` with ``rows`` added after its own (the ledger is frozen)."""
    if not rows:
        return ledger
    return ledger.model_copy(update={"rows": (*ledger.rows, *rows)})
