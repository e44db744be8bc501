"""Rows for the route's rules: notices, the institution's country, applicability and
eligibility rules, actions, and the facts no official text confirmed."""

from __future__ import annotations

from collections.abc import Sequence

from ..render.worksheet import FilledWorksheet
from ..routes.conditions import answered, condition_fields
from ..routes.spec import FormMap, Rule
from .model import Category, LedgerRow, Status, citing
from .rows import Rows


def notice_rows(b: Rows) -> None:
    for notice in b.route.spec.notices:
        if b.holds(notice.when):
            b.add(LedgerRow(id=f"notice:{notice.id}", category="notice", item=notice.text,
                            status="info", blocking=False, **b.cite(notice.citation)))


def rule_row(b: Rows, rule: Rule, category: Category) -> None:
    fields = condition_fields(rule.when)
    if b.holds(rule.when):
        status: Status = "complete"
    elif fields and not any(answered(b.case, f) for f in fields):
        status = "missing"
    else:
        status = "not_met"
    b.add(LedgerRow(
        id=f"{category}:{rule.id}", category=category, status=status,
        blocking=rule.blocking,
        item=rule.message if status != "complete" else f"{rule.id}: met",
        who=rule.who, question=rule.question or rule.message, **b.cite(rule.citation),
    ))


def rule_rows(b: Rows) -> None:
    """The country, applicability and eligibility rows: does the route fit the case?"""
    country_row(b)
    for rule in b.route.spec.applies_when:
        rule_row(b, rule, "applicability")
    for rule in b.route.spec.eligibility:
        rule_row(b, rule, "eligibility")


def country_row(b: Rows) -> None:
    """A national route applies only to an institution in its country, when both are
    known; an institution address without a country is a question, not a refusal."""
    country = b.route.spec.country
    address = b.case.institution.address
    if not country or address is None or address.country == country:
        return
    if address.country is None:
        b.add(LedgerRow(
            id="applicability:country", category="applicability", status="missing",
            blocking=False, who="physician",
            item=f"the institution's country is not recorded (institution.address.country); "
                 f"this route is for an institution in {country}",
            question=f"Record the institution's country as an ISO 3166-1 code in "
                     f"institution.address.country (country: {country} if it is in "
                     f"{country}).",
        ))
        return
    b.add(LedgerRow(
        id="applicability:country", category="applicability", status="not_met",
        blocking=True, who="institution",
        item=f"this route is for an institution in {country}; the case's institution is "
             f"in {address.country} (institution.address.country)",
        question="Choose a route of the institution's country.",
    ))


def action_rows(b: Rows) -> None:
    for act in b.route.spec.actions:
        if not b.holds(act.when):
            continue
        done = act.done_when is not None and b.holds(act.done_when)
        b.add(LedgerRow(
            id=f"action:{act.id}", category="action", item=act.title,
            status="complete" if done else "awaiting", blocking=False, who=act.who,
            question=act.question, **b.cite(act.citation),
        ))


def fact_rows(b: Rows, form: FormMap | None, edition: str | None,
              worksheets: Sequence[FilledWorksheet] = ()) -> None:
    """A row per fact no official text confirmed, citing the official source to check
    it against (never the research note it came from): the route's facts, the items of
    its form, and the fields of its active portal worksheets."""
    for i, fact in enumerate(b.route.spec.facts):
        if fact.status == "C":
            continue
        # the fact is what is unconfirmed, not the source it is to be checked in
        cite = b.route.citation(fact.citation)
        b.add(LedgerRow(
            id=f"fact:{i + 1}", category="fact", item=fact.text, status="to_verify",
            blocking=False,
            question="Not confirmed against the official text: check it in the source "
            "cited before signing." if cite else
            "No official text found confirms it; check it with the authority before "
            "relying on it.",
            **b.cite(fact.citation),
        ))
    if form is not None:
        edition = edition or form.default_edition  # as the rendered form reads it (buildplan)
        label = form.editions[edition].label
        for key, item in form.items.items():
            if item.status != "C":
                unconfirmed_item_row(
                    b, f"form-item-{key}",
                    f"{label} item {item.numbers[edition]} ({item.label}): wording or number "
                    "not confirmed against the official form",
                    f"compare the item with the official {label} before signing",
                    citation=label, verified=form.editions[edition].status == "C")
    for filled in worksheets:
        shown = citing(b.route.citation(filled.worksheet.citation))
        portal = filled.worksheet.portal
        for f in filled.fields:
            if f.unverified:
                unconfirmed_item_row(
                    b, f"worksheet-{filled.part_id}-{f.number}",
                    f"{portal}, field {f.number} “{f.field.label}”: label, place or options "
                    "not confirmed against the official source",
                    f"compare the field with the {portal} before entering the value", **shown)


def unconfirmed_item_row(b: Rows, key: str, item: str, check: str, *, citation: str,
                         verified: bool) -> None:
    """A to-verify row for one item of an official form or portal whose wording, place or
    number no official text confirmed (``check``: what to do, after "Not confirmed against
    the official form:")."""
    b.add(LedgerRow(
        id=f"fact:{key}", category="fact", item=item, status="to_verify", blocking=False,
        who="physician", question=f"Not confirmed against the official form: {check}.",
        citation=citation, verified=verified,
    ))
