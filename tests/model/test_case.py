"""The case model: loading, validation errors that name the field, no patient data leaks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from accesspack import CaseFileError, CaseValidationError, load_case, parse_case
from accesspack.model import LocalizedText
from tests.conftest import FULL_NAME


def fields_of(exc: CaseValidationError) -> list[str]:
    return [f for f, _ in exc.problems]


def test_loads_yaml_and_json_alike(case_data: dict[str, Any], case_dir: Path) -> None:
    (case_dir / "case.yaml").write_text(yaml.safe_dump(case_data))
    (case_dir / "case.json").write_text(json.dumps(case_data))
    a = load_case(case_dir / "case.yaml")
    b = load_case(case_dir / "case.json")
    assert a == b
    assert a.patient.initials == "QVE"
    assert a.attachments[0].id == "letter-of-authorization-1"  # default id
    assert a.attachments[0].path == (case_dir / "loa.pdf").resolve()


def test_wrong_type_names_field_without_echoing_value(case_data: dict[str, Any],
                                                      case_dir: Path) -> None:
    case_data["patient"]["weight_kg"] = "heavy"
    case_data["patient"]["full_name"] = ["not", "a", FULL_NAME]
    with pytest.raises(CaseValidationError) as info:
        parse_case(case_data, base_dir=case_dir)
    assert "patient.weight_kg" in fields_of(info.value)
    assert "patient.full_name" in fields_of(info.value)
    assert FULL_NAME not in str(info.value)


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d["patient"].update(date_of_birth="2030-01-01"), "patient.date_of_birth"),
        (lambda d: d["patient"].update(date_of_birth="1961-02-30"), "patient.date_of_birth"),
        (lambda d: d["diagnosis"].update(diagnosed_on="1950-01-01"), "date_of_birth"),
        (lambda d: d["attachments"][0].update(kind="horoscope"), "attachments[0].kind"),
        (lambda d: d["attachments"][1].update(path="nope.pdf"), "attachments[1].path"),
        (lambda d: d["prior_treatments"][0].update(ended_on="2020-01-01"), "prior_treatments[0]"),
        (lambda d: d["diagnosis"].update(icd10="lung"), "diagnosis.icd10"),
        (lambda d: d["request"]["justification"]["trials_screened"][0].update(nct="123"),
         "request.justification.trials_screened[0].nct"),
        (lambda d: d["biomarkers"][0].update(source="nowhere"), "biomarkers[0].source"),
        (lambda d: d["patient"].update(favourite_colour="blue"), "patient.favourite_colour"),
        (lambda d: d.update(case_id="../etc"), "case_id"),
        (lambda d: d.update(labs=[{"name": "Hb", "value": 12, "measured_on": "2027-01-01"}]),
         "labs[0].measured_on is after prepared_on"),
        (lambda d: d["diagnosis"].update(performance_status={"scale": "ECOG", "value": 7}),
         "diagnosis.performance_status"),
    ],
)
def test_invalid_input_names_the_field(case_data: dict[str, Any], case_dir: Path,
                                       mutate: Any, field: str) -> None:
    mutate(case_data)
    with pytest.raises(CaseValidationError) as info:
        parse_case(case_data, base_dir=case_dir)
    assert any(field in f or field in m for f, m in info.value.problems), info.value.problems
    assert FULL_NAME not in str(info.value)


def test_follow_up_requires_its_section(case_data: dict[str, Any], case_dir: Path) -> None:
    case_data["request"]["submission"] = "follow_up"
    with pytest.raises(CaseValidationError, match="follow_up"):
        parse_case(case_data, base_dir=case_dir)


def test_bad_yaml_is_a_case_file_error_with_line(tmp_path: Path) -> None:
    bad = tmp_path / "case.yaml"
    bad.write_text("case_id: X\npatient: [unclosed\n")
    with pytest.raises(CaseFileError, match=r"case.yaml is not valid YAML \(line \d+"):
        load_case(bad)
    with pytest.raises(CaseFileError, match="does not exist"):
        load_case(tmp_path / "missing.yaml")


def test_localized_text_variants() -> None:
    t = LocalizedText({"en": "lung", "fr": "poumon"})
    assert t.variant("fr", "en") == "poumon"
    assert t.variant("it", "en") is None
    plain = LocalizedText("lung")
    assert plain.variant("en", "en") == "lung"
    assert plain.variant("fr", "en") is None


def test_age_from_date_of_birth(case_data: dict[str, Any], case_dir: Path) -> None:
    case = parse_case(case_data, base_dir=case_dir)
    assert case.patient.age_on(case.prepared_on) == 65


@pytest.mark.slow
def test_schema_command_prints_json_schema() -> None:
    out = subprocess.run([sys.executable, "-m", "accesspack", "schema"], check=True,
                         capture_output=True, text=True).stdout
    schema = json.loads(out)
    assert schema["title"] == "Case"
    assert {"patient", "diagnosis", "request", "attachments"} <= set(schema["properties"])


def test_repr_and_str_identify_nobody(case_data: dict[str, Any], case_dir: Path) -> None:
    """repr(), str(), print() and tracebacks of a case show no name, birth date, address,
    upload path or password (the fields are repr=False on the model)."""
    case_data["attachments"][0]["password"] = "s3cret-pw"
    case = parse_case(case_data, base_dir=case_dir)
    views = [repr(case), str(case), repr(case.patient), str(case.patient),
             *(repr(a) for a in case.attachments), *(str(a) for a in case.attachments)]
    for view in views:
        for secret in (FULL_NAME, "Vantabrook", "1961-03-14", "1961", "Elm Street", "62701",
                       str(case_dir), "loa.pdf", "cv.pdf", "ngs.pdf", "consent.pdf",
                       "s3cret-pw"):
            assert secret not in view, (secret, view[:200])
    assert "TEST-0001" in repr(case) and "initials='QVE'" in repr(case.patient)
    # the data is all still there, for the routes that need it
    assert case.patient.full_name == FULL_NAME
    assert case.attachments[0].path == (case_dir / "loa.pdf").resolve()
