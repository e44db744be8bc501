"""The pathway finder: which routes fit a case, why the others do not, and what to do
instead (``accesspack routes CASE``).

Every route of the registry gives its verdict (:class:`RouteVerdict`) from its own data:
the institution's country against the route's ``country``, its ``applies_when`` and
``eligibility`` rules (the drug's approvals are read there, through ``product.approved_in``
and ``product.marketed_in``), each refusal followed by the rule's ``instead``; who files
(``filer``) and what the authority does (``regulator_action``). Nothing here names a
country or a route: a new route folder is found and judged like the others.

:func:`find_pathways` returns the verdicts ordered for reading (:class:`Pathways`);
:func:`route_verdicts` the same verdicts as a list.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from .ledger import rule_rows
from .model import Case
from .routes.registry import Route, list_routes
from .routes.spec import Filer, RegulatorAction

State = Literal["qualifies", "does not qualify", "does not apply"]

#: The row a route's ``country`` makes (:func:`accesspack.ledger.rules.country_row`).
COUNTRY_ROW = "applicability:country"

#: How each filer and each regulator action is said in the text view.
FILERS: dict[str, str] = {
    "physician": "the treating physician", "pharmacy": "the hospital pharmacy",
    "institution": "the institution", "importer": "a licensed importer",
    "sponsor": "the sponsor", "patient": "the patient",
}
ACTIONS: dict[str, str] = {
    "approval": "the authority approves before supply",
    "notification": "the authority is notified (and may object)",
    "none": "no authority approves or is notified",
}


@dataclass(frozen=True)
class Refusal:
    """One reason a route does not fit: a rule not met, or a question not yet answered.

    ``text`` is the rule's message (``not_met``) or the question that decides it
    (``unknown``); ``instead`` what to do when the rule is not met (another route, or the
    step that makes the case fit); ``citation`` the official source, as the ledger shows it.
    """

    rule: str
    category: Literal["applicability", "eligibility"]
    status: Literal["not_met", "unknown"]
    text: str
    instead: str | None = None
    citation: str | None = None

    @property
    def shown(self) -> str:
        """The reason in one line: an unanswered question starts with ``unknown:``."""
        return self.text if self.status == "not_met" else f"unknown: {self.text}"


@dataclass(frozen=True)
class RouteVerdict:
    """One route's verdict on one case.

    ``applies`` is false when the route is for another situation (another country, an
    emergency route for a non-emergency case); ``qualifies`` when it applies and every
    blocking eligibility rule is met. ``refusals`` say what fails or is unknown and what to
    do instead (for a route that does not apply, only why it does not apply: its
    eligibility is moot); ``notes`` what a non-blocking rule (a practice the law does not
    state) says of the case. ``country`` is the route's own (None: the route sets no
    institution country; its own rules decide); ``jurisdiction`` labels it (its country,
    else its regulator's).
    """

    route: str
    title: str
    applies: bool
    qualifies: bool
    refusals: tuple[Refusal, ...] = ()
    notes: tuple[str, ...] = ()
    country: str | None = None
    jurisdiction: str = ""
    filer: Filer | None = None
    regulator_action: RegulatorAction | None = None

    @property
    def state(self) -> State:
        """``qualifies``, ``does not qualify`` (it applies) or ``does not apply``."""
        if self.qualifies:
            return "qualifies"
        return "does not qualify" if self.applies else "does not apply"

    @property
    def reasons(self) -> tuple[str, ...]:
        """Each refusal in one line (:attr:`Refusal.shown`)."""
        return tuple(r.shown for r in self.refusals)

    def to_dict(self) -> dict[str, object]:
        """The verdict as JSON data, with the keys the ``--json`` view promises."""
        return {
            "route": self.route, "title": self.title, "state": self.state,
            "applies": self.applies, "qualifies": self.qualifies,
            "country": self.country, "jurisdiction": self.jurisdiction,
            "filer": self.filer, "regulator_action": self.regulator_action,
            "refusals": [{"rule": r.rule, "category": r.category, "status": r.status,
                          "text": r.text, "instead": r.instead, "citation": r.citation}
                         for r in self.refusals],
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class Pathways:
    """Every route's verdict on one case, in reading order: the routes it qualifies for,
    then those that apply but are not met, then those that do not apply; within each, the
    routes of the institution's country, then routes for any country, then the others by
    country.

    ``country`` is the institution's (None when not recorded: then ``question`` asks it,
    once, and national routes are judged as if they might apply); ``serving`` the routes
    for an institution in that country (its national routes, and the routes for any
    country that apply to the case).
    """

    case_id: str
    country: str | None
    question: str | None
    serving: tuple[str, ...]
    verdicts: tuple[RouteVerdict, ...]

    def to_dict(self) -> dict[str, object]:
        """The finding as JSON data (the ``--json`` view's keys)."""
        return {"case_id": self.case_id, "country": self.country, "question": self.question,
                "serving": list(self.serving),
                "verdicts": [v.to_dict() for v in self.verdicts]}

    def to_json(self) -> str:
        """What ``accesspack routes CASE --json`` prints."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def to_text(self) -> str:
        """The view ``accesspack routes CASE`` prints: a line on the institution's country,
        then per route ``ROUTE: STATE``, its refusals (``- ``, with ``instead:`` under
        each), its notes and a line with its country, filer and authority."""
        first = self.question or _for_country(self.country, self.verdicts) + "."
        lines = [first[:1].upper() + first[1:], ""]
        for v in self.verdicts:
            lines.append(f"{v.route}: {v.state}")
            for r in v.refusals:
                lines.append(f"    - {r.shown}")
                if r.instead:
                    lead = "instead" if r.status == "not_met" else "if not met"
                    lines.append(f"      {lead}: {r.instead}")
            for note in v.notes if v.applies else ():  # a route for another situation: no advice
                lines.append(f"    note (does not block): {note}")
            lines.append(f"    {_label(v)}")
        return "\n".join(lines) + "\n"


def _label(v: RouteVerdict) -> str:
    where = v.country or f"{v.jurisdiction}; the route sets no institution country"
    filer = FILERS[v.filer] if v.filer else "filer not stated"
    action = ACTIONS[v.regulator_action] if v.regulator_action else "authority's part not stated"
    return f"[{where}] filed by {filer}; {action}"


def _for_country(country: str | None, verdicts: Sequence[RouteVerdict]) -> str:
    """What serves an institution in ``country``: the refusal's ``instead`` for a route of
    another country, and the first line of the text view. The routes of that country come
    first; routes that set no country and apply to the case follow, named as such with the
    jurisdiction they belong to (a route without a country is not thereby open to every
    country: its own rules decide)."""
    national = [v.route for v in verdicts if v.country == country or (
        v.country is None and v.jurisdiction == country and v.applies)]
    other = [f"{v.route} ({v.jurisdiction})" for v in verdicts
             if v.country is None and v.jurisdiction != country and v.applies]
    rest = f"routes that set no country and apply: {', '.join(other)}" if other else ""
    if not national:
        return f"no route of accesspack is for an institution in {country}" + (
            f"; {rest}" if rest else "")
    return f"for an institution in {country}: {', '.join(national)}" + (
        f"; {rest}" if rest else "")


def _verdict(case: Case, route: Route) -> RouteVerdict:
    """The route's verdict on ``case``; its row asking for the institution's country is
    left out (:func:`find_pathways` asks it once for every route)."""
    rules = {f"{cat}:{r.id}": r for cat, group in (("applicability", route.spec.applies_when),
                                                   ("eligibility", route.spec.eligibility))
             for r in group}
    rows = [r for r in rule_rows(case, route) if not (r.id == COUNTRY_ROW and not r.blocking)]
    failing = [r for r in rows if r.status != "complete" and r.blocking]
    applies = not any(r.category == "applicability" for r in failing)
    refusals = tuple(
        Refusal(rule=r.id,
                category="applicability" if r.category == "applicability" else "eligibility",
                status="not_met" if r.status == "not_met" else "unknown",
                text=r.item if r.status == "not_met" else (r.question or r.item),
                instead=rules[r.id].instead if r.id in rules else None,
                citation=r.shown_citation)
        for r in failing if applies or r.category == "applicability")
    notes = tuple(r.item + (f" ({r.shown_citation})" if r.citation else "")
                  for r in rows if r.status != "complete" and not r.blocking)
    spec = route.spec
    return RouteVerdict(
        route=route.id, title=route.title, applies=applies, qualifies=not failing,
        refusals=refusals, notes=notes, country=spec.country,
        jurisdiction=spec.country or route.regulator.country, filer=spec.filer,
        regulator_action=spec.regulator_action)


def find_pathways(case: Case) -> Pathways:
    """Every route's verdict on ``case``, ordered for reading (see :class:`Pathways`)."""
    address = case.institution.address
    country = address.country if address is not None else None
    judged = [_verdict(case, route) for route in list_routes()]
    order = {v.route: i for i, v in enumerate(judged)}

    def place(v: RouteVerdict) -> tuple[int, int, str, int]:
        tier = 0 if v.qualifies else 1 if v.applies else 2
        group = 0 if country and v.country == country else 1 if v.country is None else 2
        return tier, group, v.jurisdiction if group == 2 else "", order[v.route]

    verdicts = sorted(judged, key=place)
    if country is None:
        national = sorted({v.country for v in verdicts if v.country})
        count = sum(1 for v in verdicts if v.country)
        question = ("The institution's country is not recorded (institution.address.country): "
                    "record it as an ISO 3166-1 code." + (
                        f" {count} routes serve only an institution in their country "
                        f"({', '.join(national)}); until the country is recorded they are "
                        "judged as if the institution were there." if count else ""))
        return Pathways(case.case_id, None, question, (), tuple(verdicts))
    serving = tuple(v.route for v in verdicts
                    if v.country == country or (v.country is None and v.applies))
    instead = _for_country(country, verdicts)
    verdicts = [replace(v, refusals=tuple(replace(r, instead=instead) if r.rule == COUNTRY_ROW
                                          else r for r in v.refusals))
                for v in verdicts]
    return Pathways(case.case_id, country, None, serving, tuple(verdicts))


def route_verdicts(case: Case) -> list[RouteVerdict]:
    """The verdict of every route on ``case``, in the order of :func:`find_pathways`."""
    return list(find_pathways(case).verdicts)
