"""``accesspack templates check`` and the route docs pages on a route with a portal
worksheet (the fixture regulator under tests/fixtures/worksheet, not a real country)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from accesspack.authoring import check_templates
from accesspack.routes.registry import load_route_file
from tests.conftest import ROOT, docs_routes

FIXTURES = ROOT / "tests" / "fixtures" / "worksheet"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the fixture templates folder, used as ``ACCESSPACK_TEMPLATES``."""
    root = tmp_path / "templates"
    shutil.copytree(FIXTURES, root)
    monkeypatch.setenv("ACCESSPACK_TEMPLATES", str(root))
    return root


def edit_worksheet(root: Path, change: Any) -> None:
    path = root / "xx" / "portal-worksheet.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_the_fixture_worksheet_and_the_built_in_template_check_clean(tree: Path) -> None:
    result = check_templates()
    assert result.ok, result.to_text()
    (route,) = result.routes
    names = [t.template for t in route.templates]
    assert names == ["xx/portal-worksheet.yaml", "portal-worksheet.docx (built in)"]
    worksheet, builtin = route.templates
    assert worksheet.parts == ["portal-worksheet"]
    assert worksheet.variables == ["case.patient.date_of_birth", "case.patient.initials",
                                   "case.patient.sex", "case.physician.fax",
                                   "case.physician.licence.number"]
    assert "worksheet.sections[].fields[].text" in builtin.variables


def test_a_broken_worksheet_is_a_problem_of_its_file(tree: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["sections"][0]["fields"][0]["template"] = "{{ case.patient.full_nam }}"
        data["sections"][1]["fields"][1]["value"] = "physician.faxx"
    edit_worksheet(tree, change)
    result = check_templates()
    assert not result.ok
    (route,) = result.routes
    assert route.problems == []  # not repeated as the route's complaint
    messages = [p.message for p in route.templates[0].problems]
    assert any("field 1.1 ('Patient initials'): template: the case model has no field "
               "`case.patient.full_nam`" in m for m in messages), messages
    assert any("field 2.2 ('Fax'): value physician.faxx: the case model has no field "
               "`case.physician.faxx` (did you mean `case.physician.fax`?)" in m
               for m in messages), messages
    assert "✗" in result.to_text()


def test_a_missing_worksheet_file_is_the_routes_complaint(tree: Path) -> None:
    (tree / "xx" / "portal-worksheet.yaml").unlink()
    (route,) = check_templates().routes
    assert "worksheet file portal-worksheet.yaml not found" in route.problems[0].message


def test_the_route_page_lists_the_worksheet_fields() -> None:
    route = load_route_file(FIXTURES / "xx" / "portal-application.yaml")
    page = docs_routes().route_page(route)
    assert "| 2 | Online Application Portal: what to enter | portal worksheet | " \
           "`portal-worksheet.yaml` |" in page
    assert "## Portal worksheets" in page and "### Example Online Application Portal" in page
    assert ("| 2.1 | Prescriber | Registration number | `physician.licence.number` | C | yes "
            "| physician | As printed on the practitioner's registration certificate. |") in page
    assert "| 2.3 | Prescriber | Declaration | fixed: Tick the box after reading the " \
           "declaration. | P | no |  |  |" in page
    unverified = page[page.index("### Example Online Application Portal: fields not "
                                 "confirmed"):]
    assert [line.split(" | ")[0] for line in unverified.splitlines()
            if line.startswith("| ") and line[2].isdigit()] == ["| 1.3", "| 2.2", "| 2.3"]
