"""Rows for the route's deadlines: armed (scheduled or overdue, with the due date) or
not armed (the trigger date is missing)."""

from __future__ import annotations

from datetime import date, timedelta

from ..routes.conditions import field_value
from ..routes.spec import Deadline
from .dates import _anniversary_on_or_before, add_months, add_working_days
from .model import LedgerRow
from .rows import Rows


def due_date(dl: Deadline, trigger: date, prepared_on: date, working_days: str) -> date:
    """When ``dl`` falls due, triggered on ``trigger``."""
    start = trigger
    if dl.anniversary:
        start = _anniversary_on_or_before(trigger, prepared_on)
    if dl.months:
        start = add_months(start, dl.months)
    if dl.calendar == "working":
        return add_working_days(start, dl.days, working_days)
    return start + timedelta(days=dl.days)


def deadline_rows(b: Rows, working_days: str) -> None:
    for dl in b.route.spec.deadlines:
        if not b.holds(dl.when):
            continue
        trigger = field_value(b.case, dl.trigger)
        unit = "working" if dl.calendar == "working" else "calendar"
        span = ", ".join(x for x in (f"{dl.months} months" if dl.months else "",
                                     f"{dl.days} {unit} days" if dl.days else "") if x)
        base = dict(id=f"deadline:{dl.id}", category="deadline", item=dl.title,
                    blocking=False, who=dl.who, **b.cite(dl.citation))
        if not isinstance(trigger, date):
            b.add(LedgerRow(
                **base, status="missing",
                question=f"The date is not known yet: record {dl.trigger} to compute it ({span}).",
            ))
            continue
        due = due_date(dl, trigger, b.case.prepared_on, working_days)
        b.add(LedgerRow(
            **base, status="overdue" if due < b.case.prepared_on else "scheduled", due=due,
            question=f"{span} from {dl.trigger} ({trigger.isoformat()}).",
        ))
