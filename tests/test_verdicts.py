"""The pathway finder (``accesspack routes CASE``, :func:`accesspack.find_pathways`): every
route of the registry says whether it fits, each refusal says what to do instead, and the
verdicts come in reading order. The registry tests run over every route, so a new route
folder is held to them as soon as it lands."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from accesspack import Case, Pathways, find_pathways, list_routes, parse_case, route_verdicts
from accesspack.routes import Route
from tests.conftest import EXAMPLES, cli, example_copy, example_data

ROUTES = list_routes()
ROUTE_IDS = {r.id for r in ROUTES}
REGULATORS = {r.id.split("/")[0] for r in ROUTES}
#: A route named in prose: ``fda/single-patient``, or ``ema/*`` for a regulator's routes.
NAMED = re.compile(r"\b([a-z0-9-]+)/(\*|[a-z0-9]+(?:-[a-z0-9]+)*)")
FDA = EXAMPLES / "fda-single-patient" / "case.yaml"
CASES = sorted(EXAMPLES.glob("*/case.yaml"))


def _case(path: Path, change: Any = None) -> Case:
    data = example_data(path)
    if change is not None:
        change(data)
    return parse_case(data, base_dir=path.parent)


def _in(country: str | None) -> Any:
    def move(data: dict[str, Any]) -> None:
        if country is None:
            del data["institution"]["address"]["country"]
        else:
            data["institution"]["address"]["country"] = country
    return move


# -- the registry: every route says who files, what the authority does, what instead ------


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.id)
def test_every_route_says_who_files_and_what_the_authority_does(route: Route) -> None:
    assert route.spec.filer is not None, f"{route.id}: no filer"
    assert route.spec.regulator_action is not None, f"{route.id}: no regulator_action"


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.id)
def test_every_blocking_rule_says_what_to_do_instead(route: Route) -> None:
    rules = [*route.spec.applies_when, *route.spec.eligibility]
    missing = [r.id for r in rules if r.blocking and not (r.instead or "").strip()]
    assert missing == [], f"{route.id}: blocking rules without instead: {missing}"


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.id)
def test_routes_named_instead_exist(route: Route) -> None:
    """An ``instead`` that names a route names one of the registry (or ``regulator/*``)."""
    for rule in [*route.spec.applies_when, *route.spec.eligibility]:
        for regulator, name in NAMED.findall(rule.instead or ""):
            if regulator not in REGULATORS:
                continue  # a slash in prose (e.g. "and/or"), not a route
            assert name == "*" or f"{regulator}/{name}" in ROUTE_IDS, (
                f"{route.id} rule {rule.id} names {regulator}/{name}, not a route")


# -- real example cases --------------------------------------------------------------------


def test_fda_example_qualifies_only_for_single_patient_and_every_refusal_says_instead() -> None:
    found = find_pathways(_case(FDA))
    assert [v.route for v in found.verdicts if v.qualifies] == ["fda/single-patient"]
    assert found.verdicts[0].route == "fda/single-patient"
    assert found.country == "US" and found.question is None
    refused = [v for v in found.verdicts if not v.qualifies]
    assert len(refused) == len(ROUTES) - 1
    for v in refused:
        assert v.refusals, v.route
        for r in v.refusals:
            assert r.instead, (v.route, r.rule)
    # a route of another country is refused for its country alone (its eligibility is
    # moot), and the refusal names what serves an institution in the United States
    (cdsco,) = [v for v in found.verdicts if v.route == "cdsco/hospital-import"]
    (refusal,) = cdsco.refusals
    assert refusal.rule == "applicability:country" and "IN" in refusal.text
    assert refusal.instead == ("for an institution in US: fda/single-patient; routes that set "
                               "no country and apply: ema/cup-enrolment (EU)")
    assert "fda/single-patient" in found.serving and "cdsco/hospital-import" not in found.serving
    assert "fda/emergency" not in found.serving  # no country, but not for this case


def test_a_case_moved_to_germany_lists_the_german_routes_first() -> None:
    found = find_pathways(_case(FDA, _in("DE")))
    german = [r.id for r in ROUTES if r.spec.country == "DE"]
    assert german
    assert [v.route for v in found.verdicts[:len(german)]] == german
    assert all(v.qualifies for v in found.verdicts[:len(german)])
    assert found.serving[:len(german)] == tuple(german)
    (fr,) = [v for v in found.verdicts if v.route == "ema/fr-aac"]
    assert not fr.applies
    assert fr.refusals[0].instead.startswith(
        f"for an institution in DE: {', '.join(german)}; routes that set no country and "
        "apply: ")
    assert "fda/single-patient (US)" in fr.refusals[0].instead


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.parent.name)
def test_verdicts_come_qualifying_then_applying_then_not_applying(path: Path) -> None:
    found = find_pathways(_case(path))
    tiers = [0 if v.qualifies else 1 if v.applies else 2 for v in found.verdicts]
    assert tiers == sorted(tiers)
    assert sorted(v.route for v in found.verdicts) == sorted(ROUTE_IDS)
    # within each tier the institution's own country comes first
    for tier in set(tiers):
        own = [v.country == found.country for v, t in zip(found.verdicts, tiers, strict=True)
               if t == tier]
        assert own == sorted(own, reverse=True), path
    # the example's own route qualifies (the examples are built by make demo)
    route = f"{path.parent.name.split('-', 1)[0]}/{path.parent.name.split('-', 1)[1]}"
    if route in ROUTE_IDS:
        assert next(v for v in found.verdicts if v.route == route).qualifies, route


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.id)
def test_verdicts_carry_the_routes_filer_and_authority(route: Route) -> None:
    (v,) = [v for v in route_verdicts(_case(FDA)) if v.route == route.id]
    assert (v.filer, v.regulator_action) == (route.spec.filer, route.spec.regulator_action)
    assert v.country == route.spec.country
    assert v.jurisdiction == (route.spec.country or route.regulator.country)


def test_the_drugs_approvals_decide_and_the_refusal_names_the_way_open() -> None:
    """A drug approved nowhere (the Indian example): the hospital route refuses on the
    approval rule and names personal import; give the drug a US approval and it qualifies."""
    path = EXAMPLES / "cdsco-not-approved" / "case.yaml"
    found = find_pathways(_case(path))
    (hospital,) = [v for v in found.verdicts if v.route == "cdsco/hospital-import"]
    (refusal,) = [r for r in hospital.refusals if r.status == "not_met"]
    assert refusal.rule == "eligibility:approved-in-country-of-origin"
    assert "cdsco/personal-import" in (refusal.instead or "")

    def approved(data: dict[str, Any]) -> None:
        data["product"]["approvals"] = [{"jurisdiction": "US", "approved_on": "2025-03-01"}]
    again = find_pathways(_case(path, approved))
    (hospital,) = [v for v in again.verdicts if v.route == "cdsco/hospital-import"]
    assert not any(r.rule == "eligibility:approved-in-country-of-origin"
                   for r in hospital.refusals)


def test_no_institution_country_is_one_question_not_one_per_route() -> None:
    found = find_pathways(_case(FDA, _in(None)))
    assert found.country is None and found.serving == ()
    national = [r for r in ROUTES if r.spec.country]
    assert found.question is not None
    assert "institution.address.country" in found.question
    assert f"{len(national)} routes serve only an institution in their country" in found.question
    specs = {r.id: r.spec for r in ROUTES}
    for v in found.verdicts:
        if not specs[v.route].applies_when:  # judged as if the institution were there
            assert v.applies, v.route
        assert not any("institution.address.country" in n for n in v.notes), v.route
        assert not any(r.rule == "applicability:country" for r in v.refusals), v.route
    text = found.to_text()
    assert text.count("institution.address.country") == 1
    assert text.startswith("The institution's country is not recorded")


def test_a_country_without_a_route_says_so() -> None:
    found = Pathways("EX-1", "JP", None, (), ())
    assert found.to_text().startswith("No route of accesspack is for an institution in JP.")


# -- views --------------------------------------------------------------------------------

KEYS = ["route", "title", "state", "applies", "qualifies", "country", "jurisdiction", "filer",
        "regulator_action", "refusals", "notes"]


def test_json_keys_are_stable() -> None:
    data = json.loads(find_pathways(_case(FDA)).to_json())
    assert list(data) == ["case_id", "country", "question", "serving", "verdicts"]
    for v in data["verdicts"]:
        assert list(v) == KEYS
        for r in v["refusals"]:
            assert list(r) == ["rule", "category", "status", "text", "instead", "citation"]
    first = data["verdicts"][0]
    assert (first["route"], first["state"], first["filer"], first["regulator_action"]) == (
        "fda/single-patient", "qualifies", "physician", "approval")


@pytest.mark.slow
def test_cli_routes_case_text_and_json(tmp_path: Path) -> None:
    case = example_copy(FDA, tmp_path / "de", _in("DE"))
    res = cli("routes", str(case))
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].startswith("For an institution in DE: ema/de-heilversuch; routes that set "
                               "no country and apply: fda/single-patient (US)")
    assert lines[2] == "ema/de-heilversuch: qualifies"
    block = res.stdout.split("\nema/fr-aac: does not apply\n", 1)[1].split("\n")
    assert block[0].startswith("    - this route is for an institution in FR")
    assert block[1].startswith("      instead: for an institution in DE: ema/de-heilversuch")
    assert block[2] == ("    [FR] filed by the hospital pharmacy; "
                        "the authority approves before supply")
    assert ("    [US; the route sets no institution country] filed by the treating physician; "
            "the authority approves before supply") in lines
    data = json.loads(cli("routes", str(case), "--json").stdout)
    assert data["country"] == "DE" and data["verdicts"][0]["route"] == "ema/de-heilversuch"
    # without a case: the list of routes, as before
    listing = json.loads(cli("routes", "--json").stdout)
    assert {r["id"] for r in listing} == ROUTE_IDS
    assert set(listing[0]) == {"id", "title", "language", "packets", "options"}

