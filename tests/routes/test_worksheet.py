"""Portal worksheets: the file's shape and what loading a route checks in it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from accesspack.errors import RouteError
from accesspack.routes.registry import load_route_file
from accesspack.routes.worksheet import Worksheet
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "worksheet" / "xx"
ROUTE = "portal-application.yaml"
WORKSHEET = "portal-worksheet.yaml"


def fixture_copy(tmp_path: Path, change: Any = None, route_change: Any = None) -> Path:
    """A copy of the fixture regulator; ``change(worksheet_data)`` and
    ``route_change(route_data)`` edit its files. Returns the route file."""
    folder = tmp_path / "xx"
    shutil.copytree(FIXTURE, folder)
    for name, edit in ((WORKSHEET, change), (ROUTE, route_change)):
        if edit is not None:
            data = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
            edit(data)
            (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True),
                                       encoding="utf-8")
    return folder / ROUTE


def field(data: dict[str, Any], section: int, index: int) -> dict[str, Any]:
    result: dict[str, Any] = data["sections"][section]["fields"][index]
    return result


def test_the_fixture_loads_with_its_worksheet_part() -> None:
    route = load_route_file(FIXTURE / ROUTE)
    part = route.spec.packets[0].parts[1]
    assert part.kind == "worksheet"
    worksheet = route.worksheet(part)
    assert isinstance(worksheet, Worksheet)
    assert [n for n, _, _ in worksheet.numbered()] == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3"]
    assert [f.source for _, _, f in worksheet.numbered()] == [
        "template", "value", "value", "value", "value", "entry"]
    # a field without a status has the file's
    assert worksheet.status_of(worksheet.sections[0].fields[2]) == "P"
    # the worksheet is one of the route's files (its digest changes with it)
    assert FIXTURE / WORKSHEET in route.files()


def test_a_part_has_one_kind() -> None:
    from accesspack.routes.spec import Part
    with pytest.raises(ValueError, match="exactly one of template, worksheet"):
        Part(id="x", title="X", template="x.docx", worksheet="x.yaml")


def _problem(tmp_path: Path, change: Any = None, route_change: Any = None) -> str:
    path = fixture_copy(tmp_path, change, route_change)
    with pytest.raises(RouteError) as info:
        load_route_file(path)
    message = str(info.value)
    assert str(path) in message  # the route file is named
    return message


@pytest.mark.parametrize(("edit", "expected"), [
    (lambda d: field(d, 0, 1).update(template="{{ 1 }}"),
     "give exactly one of value, template, entry (it has value, template)"),
    (lambda d: field(d, 1, 2).pop("entry"), "give exactly one of value, template, entry"),
    (lambda d: field(d, 0, 0).update(choices={"a": "A"}), "choices map a case value"),
    (lambda d: d.update(citation="xx-nowhere"), "unknown citation 'xx-nowhere'"),
    (lambda d: field(d, 1, 0).update(value="physician.licence.numbr"),
     "field 2.1 ('Registration number'): value physician.licence.numbr: the case model has "
     "no field `case.physician.licence.numbr` (did you mean `case.physician.licence.number`"),
    (lambda d: field(d, 1, 0).update(value="physician.licence"),
     "value physician.licence is a section of the case, not a value"),
    (lambda d: field(d, 0, 1).update(value="patient.full_name"),
     "value patient.full_name: `case.patient.full_name` is withheld on this route"),
    (lambda d: field(d, 0, 0).update(template="{{ case.patient.address.city }}"),
     "field 1.1 ('Patient initials'): template: `case.patient.address` is withheld"),
    (lambda d: field(d, 0, 0).update(template="{{ case.patient.initials|upperr }}"),
     "template: there is no filter `upperr`"),
    (lambda d: field(d, 0, 0).update(template="{{ case.patient.initials "),
     "template has a Jinja syntax error"),
    (lambda d: field(d, 0, 2).update(choices={"female": "F", "other": "X"}),
     "choices: patient.sex is never 'other' (its values: female, male, intersex, unknown)"),
    (lambda d: field(d, 0, 2).update(note="See regulators.md"), "shows 'regulators.md'"),
    (lambda d: field(d, 0, 2).update(status="X"), "worksheet file portal-worksheet.yaml: "
     "sections.0.fields.2.status"),
    (lambda d: d.pop("portal"), "worksheet file portal-worksheet.yaml: portal: Field required"),
])
def test_loading_checks_the_worksheet(tmp_path: Path, edit: Any, expected: str) -> None:
    assert expected in _problem(tmp_path, edit)


def test_a_missing_worksheet_file_is_named(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["packets"][0]["parts"][1]["worksheet"] = "nowhere.yaml"
    assert "part portal-worksheet: worksheet file nowhere.yaml not found" in _problem(
        tmp_path, route_change=edit)


def test_choices_of_a_yes_no_field_are_yes_and_no(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        field(data, 1, 1).update(value="request.emergency", choices={True: "Yes", "x": "No"})
    assert "request.emergency is never 'x' (its values: True, False)" in _problem(tmp_path, edit)


def test_the_packets_identity_policy_applies_to_its_worksheet(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["packets"][0]["patient_identity"] = "initials"
    message = _problem(tmp_path, route_change=edit)
    assert ("field 1.2 ('Date of birth'): value patient.date_of_birth: "
            "`case.patient.date_of_birth` is withheld on this route") in message


def test_a_coded_value_needs_its_choices(tmp_path: Path) -> None:
    assert ("field 1.3 ('Sex'): patient.sex is a coded value (female, male, intersex, "
            "unknown): give choices") in _problem(tmp_path, lambda d: field(d, 0, 2).pop(
                "choices"))
