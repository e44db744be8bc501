"""Which routes a case qualifies for, and why not: ``accesspack routes CASE``."""

from __future__ import annotations

from dataclasses import dataclass

from .ledger import rule_rows
from .model import Case
from .routes.registry import list_routes


@dataclass(frozen=True)
class RouteVerdict:
    """One route's verdict on one case.

    ``applies`` is false when the route is for another situation (e.g. an emergency
    route for a non-emergency case); ``qualifies`` when it applies and every blocking
    eligibility rule is met; ``reasons`` say what fails or is unknown, and ``notes`` what
    a non-blocking rule (a practice the law does not state) says of the case.
    """

    route: str
    title: str
    applies: bool
    qualifies: bool
    reasons: tuple[str, ...]
    notes: tuple[str, ...] = ()


def route_verdicts(case: Case) -> list[RouteVerdict]:
    """The verdict of every route on ``case``, in route order."""
    out: list[RouteVerdict] = []
    for route in list_routes():
        rows = rule_rows(case, route)
        failing = [r for r in rows if r.status != "complete" and r.blocking]
        applies = not any(r.category == "applicability" for r in failing)
        reasons = tuple(
            r.item if r.status == "not_met" else f"unknown: {r.question or r.item}"
            for r in failing
        )
        notes = tuple(
            r.item + (f" ({r.shown_citation})" if r.citation else "")
            for r in rows if r.status != "complete" and not r.blocking)
        out.append(RouteVerdict(route.id, route.title, applies, not failing, reasons, notes))
    return out
