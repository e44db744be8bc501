"""``accesspack templates check`` and ``accesspack templates new-route``.

The shipped templates all pass; a copy of the templates folder (``ACCESSPACK_TEMPLATES``)
with one template broken in each way is caught, naming the template, the route, the
variable and why; a new route copied from an existing one loads, checks and validates,
and a refused copy writes nothing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from accesspack.authoring import check_templates, template_variables
from accesspack.authoring.check import context_schema
from accesspack.authoring.newroute import new_route
from accesspack.authoring.schema import resolve
from accesspack.authoring.variables import Step
from accesspack.bundle import route_context, template_context
from accesspack.errors import AccesspackError, RouteError
from accesspack.model import load_case
from accesspack.render.context import case_context
from accesspack.routes import list_routes, load_route
from accesspack.routes.registry import option_combinations, templates_root
from tests.conftest import EXAMPLES, append_paragraph, cli
from tests.corpus.templates import write_template

SHIPPED = templates_root()


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "✗" in line]


# -- the shipped templates ---------------------------------------------------------------


@pytest.mark.slow
def test_every_shipped_template_passes_and_lists_its_variables() -> None:
    res = cli("templates", "check")
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr
    assert "no problems" in res.stdout
    assert problem_lines(res.stdout) == []
    for route in ("fda/single-patient", "ema/fr-aac", "cdsco/hospital-import", "nmpa/gba"):
        assert f"\n{route}\n" in f"\n{res.stdout}"
    assert "fda/form-fda-3926-2019-06.docx" in res.stdout  # {form_edition} expanded


def test_form_3926_listing_has_diagnosis_and_prior_treatment_loop() -> None:
    result = check_templates(["fda/single-patient"])
    assert result.ok, [str(p) for p in result.problems]
    (route,) = result.routes
    form = next(t for t in route.templates if t.template == "fda/form-fda-3926-2022-08.docx")
    assert form.parts == ["form-3926"]
    assert {"case.diagnosis.primary_cancer", "case.prior_treatments[].regimen",
            "case.prior_treatments[].best_response", "case.patient.initials",
            "form.items.patient_initials.number", "prepared_on"} <= set(form.variables)
    # a local name (`items`, `t`) is listed as what it stands for, never by itself
    assert not any(v.split(".")[0] in {"items", "t", "addr", "loop"} for v in form.variables)


@pytest.mark.slow
def test_json_output_is_machine_readable() -> None:
    res = cli("templates", "check", "fda/single-patient", "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["ok"] is True and data["problems"] == 0
    (route,) = data["routes"]
    assert route["route"] == "fda/single-patient"
    names = {t["template"] for t in route["templates"]}
    assert "fda/clinical-summary.docx" in names
    summary = next(t for t in route["templates"] if t["template"] == "fda/clinical-summary.docx")
    assert any(v.startswith("case.diagnosis.") for v in summary["variables"])


@pytest.mark.slow
def test_unknown_route_is_an_error() -> None:
    res = cli("templates", "check", "fda/no-such-route")
    assert res.returncode == 2
    assert "unknown route 'fda/no-such-route'" in res.stderr


# -- broken templates in a copy of the templates folder -------------------------------------


@pytest.mark.slow
def test_unknown_field_names_template_route_and_variable(route_copy: Path) -> None:
    number = append_paragraph(route_copy / "fda" / "clinical-summary.docx",
                              "Shoe size: {{ case.patient.shoe_size }}")
    res = cli("templates", "check", "fda/single-patient")
    assert res.returncode == 1, res.stdout + res.stderr
    (line,) = [p for p in problem_lines(res.stdout) if "shoe_size" in p]
    assert f"paragraph {number}" in line
    assert "the case model has no field `case.patient.shoe_size`" in line
    assert "did you mean" not in line  # nothing silly like `case.patient.sex`
    before = res.stdout[: res.stdout.index(line)]
    assert "fda/single-patient" in before and "fda/clinical-summary.docx" in before
    # through the API: the problem carries the route, the template and the variable
    (problem,) = check_templates(["fda/single-patient"]).problems
    assert (problem.route, problem.template, problem.variable) == (
        "fda/single-patient", "fda/clinical-summary.docx", "case.patient.shoe_size")


def test_misspelt_field_gets_a_suggestion(route_copy: Path) -> None:
    append_paragraph(route_copy / "fda" / "treatment-plan.docx",
                     "Fax: {{ case.physician.faxx }}")
    (problem,) = check_templates(["fda/single-patient"]).problems
    assert "did you mean `case.physician.fax`?" in problem.message


@pytest.mark.slow
def test_withheld_patient_field_on_an_initials_route(route_copy: Path) -> None:
    append_paragraph(route_copy / "fda" / "clinical-summary.docx",
                     "Patient: {{ case.patient.full_name }}")
    res = cli("templates", "check", "fda/single-patient")
    assert res.returncode == 1
    (line,) = [p for p in problem_lines(res.stdout) if "full_name" in p]
    assert "`case.patient.full_name` is withheld on this route" in line
    assert "Form 3926 item 2" in line  # the reason the regulator file gives
    assert "case.patient.initials" in line


@pytest.mark.slow
def test_syntax_error_names_the_paragraph(route_copy: Path) -> None:
    number = append_paragraph(route_copy / "fda" / "treatment-plan.docx",
                              "{% if case.request.emergency %}Emergency supply.")
    res = cli("templates", "check", "fda/single-patient")
    assert res.returncode == 1
    (line,) = [p for p in problem_lines(res.stdout) if "syntax error" in p]
    assert "treatment-plan.docx" in line and f"paragraph {number}" in line
    assert "{% if %} is never closed" in line


@pytest.mark.slow
def test_missing_template_file_is_a_problem(route_copy: Path) -> None:
    (route_copy / "fda" / "physician-qualification.docx").unlink()
    res = cli("templates", "check", "fda/single-patient")
    assert res.returncode == 1, res.stderr
    lines = problem_lines(res.stdout)
    assert any("template file fda/physician-qualification.docx does not exist" in p
               and "part qualification" in p for p in lines), lines
    # once: not again as the route file's "template ... not found"
    assert len([p for p in lines if "physician-qualification.docx" in p]) == 1, lines
    problems = check_templates(["fda/single-patient"]).problems
    assert len([p for p in problems if "physician-qualification.docx" in p.message]) == 1


def test_route_id_outside_its_regulator_is_a_problem(route_copy: Path) -> None:
    path = route_copy / "fda" / "single-patient.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("\nid: fda/single-patient\n") == 1
    path.write_text(text.replace("\nid: fda/single-patient\n", "\nid: zz/single-patient\n"),
                    encoding="utf-8")
    with pytest.raises(RouteError, match="id zz/single-patient is not under fda/"):
        load_route("zz/single-patient")
    result = check_templates(["zz/single-patient"])
    assert not result.ok
    assert any("id zz/single-patient is not under fda/" in p.message for p in result.problems)


def test_a_guarded_use_may_miss_its_last_step_only(route_copy: Path) -> None:
    write_template(
        route_copy / "fda" / "treatment-plan.docx",
        "{{ 'x' if case.patiant.initials is defined }}",
        "{% if case.patient.nickname is defined %}ok{% endif %}"
        "{{ 'y' if no_such_name is defined }}{{ 'z' if case.product.name.foo is defined }}",
    )
    (problem,) = check_templates(["fda/single-patient"]).problems
    assert problem.variable == "case.patiant.initials"
    assert "the case model has no field `case.patiant`" in problem.message


def test_batch_and_slice_give_sub_lists(route_copy: Path) -> None:
    tpl = write_template(
        route_copy / "fda" / "treatment-plan.docx",
        "{% for row in case.prior_treatments|batch(2) %}{{ row.regimen }}{% endfor %}",
        "{% for col in case.prior_treatments|slice(2) %}{% for t in col %}{{ t.regimen }}"
        "{% endfor %}{% endfor %}",
    )
    variables = {u.path for u in template_variables(tpl)}
    assert {"case.prior_treatments", "case.prior_treatments.regimen",
            "case.prior_treatments[].regimen"} <= variables
    (problem,) = check_templates(["fda/single-patient"]).problems
    assert problem.variable == "case.prior_treatments.regimen"
    assert "`case.prior_treatments` is a list" in problem.message


def test_route_values_have_the_shape_the_route_gives(route_copy: Path) -> None:
    assert load_route("fda/single-patient").spec.country is None
    write_template(route_copy / "fda" / "treatment-plan.docx",
                   "{{ route.country }} {{ route.country.lower() }} {{ packet.title.upper() }}")
    (problem,) = check_templates(["fda/single-patient"]).problems
    assert problem.variable == "route.country.lower()"
    assert "`route.country` is empty on this route" in problem.message
    assert load_route("ema/fr-aac").spec.country == "FR"
    fr = context_schema(load_route("ema/fr-aac"), {})
    assert resolve(fr, "route", (Step("attr", "country"), Step("call", "lower"))) is None


def _key_paths(value: object, root: str, steps: tuple[Step, ...],
               out: set[tuple[str, tuple[Step, ...]]]) -> None:
    """Every path of a context value (dict keys as item steps, list items as ``[]``)."""
    out.add((root, steps))
    if isinstance(value, dict):
        for key, item in value.items():
            _key_paths(item, root, (*steps, Step("item", str(key))), out)
    elif isinstance(value, list):
        for item in value:
            _key_paths(item, root, (*steps, Step("each")), out)


def test_every_path_of_the_real_context_resolves() -> None:
    """The checked schema admits everything a build gives templates: every example case
    (that loads) on every route, packet and option combination."""
    cases = []
    for path in sorted(EXAMPLES.glob("*/case.yaml")):
        try:
            cases.append(load_case(path))
        except AccesspackError:
            continue
    assert len(cases) >= 5
    mismatches: set[tuple[str, str, str]] = set()
    walked = 0
    for route in list_routes():
        for combo in option_combinations(route.spec):
            options = route.options(combo)
            schema = context_schema(route, options)
            locale = route.locale(options)
            for case in cases:
                ns, _ = case_context(case, locale.language, locale.identity)
                for packet in route.spec.packets:
                    context = template_context(case, route, packet, options, ns)
                    assert set(context) == set(schema.fields) == {
                        "case", "attachments", "prepared_on",
                        *route_context(route, packet, options)}
                    paths: set[tuple[str, tuple[Step, ...]]] = set()
                    for key, value in context.items():
                        _key_paths(value, key, (), paths)
                    walked += len(paths)
                    for root, steps in paths:
                        why = resolve(schema, root, steps)
                        if why is not None:
                            mismatches.add((route.id, root + "".join(map(str, steps)), why))
    assert walked > 1000
    assert not mismatches, sorted(mismatches)[:20]


def test_loop_set_with_macro_and_filters_are_not_flagged(route_copy: Path) -> None:
    tpl = write_template(
        route_copy / "fda" / "treatment-plan.docx",
        "{% for t in case.prior_treatments %}{{ loop.index }}. {{ t.regimen|upper }}"
        " {{ t.started_on|date }}{% endfor %}",
        "{% set p = case.patient %}{{ p.initials }} {{ p.age }}",
        "{% for key, item in form['items'].items() %}{{ key }} {{ item.number }}{% endfor %}",
        "{{ case.prior_treatments|map(attribute='regimen')|join(', ') }}",
        "{% with x = case.product %}{{ x.name }}{% endwith %}",
        "{% macro row(a) %}[{{ a }}]{% endmacro %}{{ row(case.product.code) }}",
        "{{ range(3)|list|length }} {{ prepared_on|date('y') }} "
        "{{ case.diagnosis.diagnosed_on.year }}",
        "{% for a in attachments.cv %}{{ a.title }}{% endfor %}"
        "{{ case.physician.name if case.physician.name is defined }}",
        "{{ regulator.contacts.cder_mail.lines|join(', ') }} {{ route.id }}"
        " {{ options.form_edition }}",
        header="{{ case.patient.initials }} — {{ packet.title }}",
    )
    variables = {u.path for u in template_variables(tpl)}
    assert {"case.prior_treatments[].regimen", "case.prior_treatments[].started_on",
            "case.patient.initials", "case.product.name", "case.product.code",
            "attachments.cv[].title", "packet.title"} <= variables
    assert not {"t", "p", "x", "a", "key", "item", "loop", "range", "row"} & {
        v.split(".")[0].split("[")[0] for v in variables}
    result = check_templates(["fda/single-patient"])
    assert result.ok, [str(p) for p in result.problems]


def test_wrong_uses_through_locals_and_in_the_header_are_flagged(route_copy: Path) -> None:
    write_template(
        route_copy / "fda" / "treatment-plan.docx",
        "{% for t in case.prior_treatments %}{{ t.regimenn }}{% endfor %}",
        "{{ case.prior_treatments.regimen }} {{ attachments.cv[0].path }}",
        "{{ form.items.physician.number }} {{ case.product.name|shout }}",
        header="{{ patient.initials }}",
    )
    messages = {p.variable: p for p in check_templates(["fda/single-patient"]).problems}
    assert "case.prior_treatments[].regimenn" in messages
    assert "is a list" in messages["case.prior_treatments.regimen"].message
    assert "without their file path" in messages["attachments.cv[].path"].message
    assert "write form['items']" in messages["form.items.physician.number"].message
    header = messages["patient.initials"]
    assert "`patient` is not defined" in header.message
    assert header.where == "paragraph 1 of the header"
    assert any("there is no filter `shout`" in p.message
               for p in check_templates(["fda/single-patient"]).problems)


# -- new-route ---------------------------------------------------------------------------


@pytest.mark.slow
def test_new_route_for_a_new_country(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ACCESSPACK_TEMPLATES", raising=False)
    dest = tmp_path / "mytemplates"
    res = cli("templates", "new-route", "fda/single-patient", "xx/pilot", "--templates", str(dest))
    assert res.returncode == 0, res.stderr
    assert f"ACCESSPACK_TEMPLATES={dest}" in res.stdout
    folder = dest / "xx"
    assert (folder / "pilot.yaml").is_file() and (folder / "regulator.yaml").is_file()
    for name in ("form-fda-3926-2022-08.docx", "form-fda-3926-2019-06.docx",
                 "clinical-summary.docx", "form-fda-3926.yaml"):
        assert (folder / name).is_file(), name
    assert (dest / "ema" / "fr-aac.yaml").is_file()  # every shipped route is still there
    regulator = yaml.safe_load((folder / "regulator.yaml").read_text())
    assert regulator["id"] == "xx"
    assert regulator["citations"] and all(c["verified"] is False
                                           for c in regulator["citations"].values())
    assert all(c["verified"] is False for c in regulator["contacts"].values())
    route_text = (folder / "pilot.yaml").read_text()
    assert route_text.startswith("# DRAFT copy of route fda/single-patient")
    assert "regulators.md" in route_text.split("\nid:")[0]
    route = yaml.safe_load(route_text)
    assert route["id"] == "xx/pilot"
    assert route["title"].startswith("DRAFT copy of fda/single-patient: ")
    assert route["facts"] and {f["status"] for f in route["facts"]} == {"U"}
    form = yaml.safe_load((folder / "form-fda-3926.yaml").read_text())
    assert {i["status"] for i in form["items"].values()} == {"U"}
    # the source is untouched
    assert yaml.safe_load((SHIPPED / "fda" / "regulator.yaml").read_text())["id"] == "fda"

    monkeypatch.setenv("ACCESSPACK_TEMPLATES", str(dest))
    assert load_route("xx/pilot").regulator.id == "xx"
    listed = cli("routes")
    assert listed.returncode == 0 and "xx/pilot" in listed.stdout
    checked = cli("templates", "check", "xx/pilot")
    assert checked.returncode == 0, checked.stdout[-2000:]
    ledger = cli("validate", str(EXAMPLES / "fda-single-patient" / "case.yaml"),
                 "--route", "xx/pilot")
    assert ledger.returncode in (0, 1), ledger.stderr
    assert "(not confirmed against the official text; check it before signing)" in ledger.stdout
    # another country's PDF rules are not this one's
    assert yaml.safe_load((folder / "regulator.yaml").read_text())["preflight"] == {
        "profile": "generic"}


def test_new_route_beside_the_source_gets_its_own_template_copies(route_copy: Path) -> None:
    made = new_route("fda/single-patient", "fda/pilot")
    path = made.path
    assert path == route_copy / "fda" / "pilot.yaml"
    assert made.copied_from is None  # into the templates folder in use: nothing copied
    route = load_route("fda/pilot")
    templates = {p.template for pk in route.spec.packets for p in pk.parts if p.template}
    assert "pilot-form-fda-3926-{form_edition}.docx" in templates
    assert all(t.startswith("pilot-") for t in templates)
    assert (route_copy / "fda" / "pilot-form-fda-3926-2019-06.docx").is_file()
    source = load_route("fda/single-patient")
    assert route.spec.facts == source.spec.facts  # same country: facts kept as they are
    assert check_templates(["fda/pilot"]).ok


@pytest.mark.parametrize(("source", "new_id", "message"), [
    ("fda/single-patient", "fda/single-patient", "already exists"),
    ("fda/single-patient", "XX/Pilot", "is malformed"),
    ("fda/single-patient", "xx", "is malformed"),
    ("fda/single-patient", "xx/regulator", "is malformed"),
    ("fda/no-such-route", "xx/pilot", "unknown source route 'fda/no-such-route'"),
    ("ema/fr-aac", "fda/pilot", "is a route of ema"),
])
@pytest.mark.slow
def test_refused_new_route_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          source: str, new_id: str, message: str) -> None:
    monkeypatch.delenv("ACCESSPACK_TEMPLATES", raising=False)
    dest = tmp_path / "new" / "templates"
    res = cli("templates", "new-route", source, new_id, "--templates", str(dest))
    assert res.returncode == 2
    assert message in res.stderr
    assert list(tmp_path.iterdir()) == []
    # into an existing templates folder: nothing is added either
    tree = tmp_path / "tree"
    shutil.copytree(SHIPPED, tree)
    before = sorted(p.relative_to(tree) for p in tree.rglob("*"))
    with pytest.raises(RouteError, match=message.replace("'", ".")):
        new_route(source, new_id, tree)
    assert sorted(p.relative_to(tree) for p in tree.rglob("*")) == before


def test_new_route_copies_its_portal_worksheets(route_copy: Path) -> None:
    """A worksheet is copied like a form map: beside the source under the route's name (the
    copy's worksheet part points at it), or into a new country with every field unconfirmed."""
    new_route("tga/category-b", "tga/pilot")
    route = load_route("tga/pilot")
    (part,) = route.worksheet_parts()
    assert part.worksheet == "pilot-sas-online-category-b.yaml"
    assert (route_copy / "tga" / "pilot-sas-online-category-b.yaml").is_file()
    assert route.worksheet(part).portal == load_route("tga/category-b").worksheet(
        load_route("tga/category-b").worksheet_parts()[0]).portal
    assert check_templates(["tga/pilot"]).ok

    new_route("tga/category-b", "xy/portal")
    copy = yaml.safe_load((route_copy / "xy" / "sas-online-category-b.yaml").read_text())
    statuses = [copy["status"], *(f.get("status", "U") for s in copy["sections"]
                                  for f in s["fields"])]
    assert set(statuses) == {"U"}
    (part,) = load_route("xy/portal").worksheet_parts()
    assert load_route("xy/portal").worksheet(part).status == "U"
