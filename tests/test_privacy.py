"""The patient's name, date of birth and address never leave the case.

A case with a unique name, birth date and street is built on the FDA route (whose forms
take initials only) through the API and the command line, with logging at its most
verbose; then every output file's name and content, the packets' text, the editable
documents' text, every log line and every error message met on the way are searched.
"""

from __future__ import annotations

import copy
import logging
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from accesspack import build
from accesspack.errors import AccesspackError
from accesspack.model import parse_case
from tests.conftest import cli_process, run

NAME = "Zephyrine Okonkwo-Lindqvist"
DOB = "1958-07-23"
STREET = "4471 Quartzwing Lane"
CITY = "Harrowgate Vale"
#: every form in which these might be written out
SECRETS = [NAME, "Zephyrine", "Okonkwo-Lindqvist", "Lindqvist", DOB, "07/23/1958",
           "23/07/1958", "23.07.1958", "July 23, 1958", "23 July 1958", "1958年7月23日",
           STREET, "Quartzwing", CITY]
#: the physician's name: not secret, printed on the forms, to show the search finds text
PRINTED = "Quillon Marrowfax-Dede"


@pytest.fixture
def private_case(case_data: dict[str, Any], case_dir: Path) -> Path:
    data = copy.deepcopy(case_data)
    data["patient"].update(full_name=NAME, date_of_birth=DOB,
                           address={"line1": STREET, "city": CITY, "region": "IL",
                                    "postal_code": "62799", "country": "US"})
    data["physician"]["name"] = PRINTED
    path = case_dir / "case.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def leaks(text: str, secrets: list[str] = SECRETS) -> list[str]:
    return [s for s in secrets if s.lower() in text.lower()]


def bundle_texts(bundle: Path) -> dict[str, str]:
    """Every file's name, raw content, and the text a reader would see in it."""
    texts: dict[str, str] = {}
    for path in sorted(bundle.rglob("*")):
        rel = str(path.relative_to(bundle))
        texts[f"name:{rel}"] = rel
        if not path.is_file():
            continue
        texts[f"raw:{rel}"] = path.read_bytes().decode("latin-1")
        if path.suffix == ".pdf":
            texts[f"text:{rel}"] = run("pdftotext", str(path), "-")
            texts[f"info:{rel}"] = run("pdfinfo", str(path))
        elif path.suffix == ".docx":
            with zipfile.ZipFile(path) as zf:
                texts[f"xml:{rel}"] = " ".join(
                    zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".xml"))
    return texts


@pytest.mark.slow
def test_no_identity_in_the_fda_bundle_or_the_logs(private_case: Path, tmp_path: Path,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    from accesspack.model import load_case

    bundle = build(load_case(private_case), "fda/single-patient", tmp_path / "api").path
    texts = bundle_texts(bundle)
    found = {where: hit for where, text in texts.items() if (hit := leaks(text))}
    assert found == {}
    assert leaks(caplog.text) == []
    # the search finds what the bundle does print: the physician's name, in the packets'
    # text and in the editable documents' XML
    printed = {where.split(":")[0] for where, text in texts.items() if leaks(text, [PRINTED])}
    assert {"text", "xml"} <= printed, printed
    # the sanity check that the search can fail: the case file itself holds them all
    assert leaks(private_case.read_text()) == [s for s in SECRETS if s not in
                                               ("07/23/1958", "23/07/1958", "23.07.1958",
                                                "July 23, 1958", "23 July 1958",
                                                "1958年7月23日")]


@pytest.mark.slow
def test_no_identity_on_the_command_line(private_case: Path, tmp_path: Path) -> None:
    res = cli_process("-v", "build", str(private_case), "--route", "fda/single-patient",
              "--out", str(tmp_path / "cli"))
    assert res.returncode == 0, res.stderr
    assert "building case" in res.stderr  # -v really logs
    assert leaks(res.stdout + res.stderr) == []
    res = cli_process("-v", "batch", str(private_case), "--route", "fda/single-patient",
              "--out", str(tmp_path / "batch"), "--workers", "1", "--json")
    assert res.returncode == 0, res.stderr
    assert leaks(res.stdout + res.stderr) == []
    found = {w: h for w, t in bundle_texts(tmp_path / "batch").items() if (h := leaks(t))}
    assert found == {}


def test_no_identity_in_error_messages(private_case: Path, tmp_path: Path) -> None:
    data = yaml.safe_load(private_case.read_text())
    messages: list[str] = []

    def attempt(changed: dict[str, Any]) -> None:
        try:
            case = parse_case(changed, base_dir=private_case.parent)
            build(case, "fda/single-patient", tmp_path / "err")
        except AccesspackError as exc:
            messages.append(str(exc))
        else:
            pytest.fail("the build should have failed")

    no_loa = copy.deepcopy(data)
    no_loa["attachments"] = [a for a in no_loa["attachments"]
                             if a["kind"] != "letter_of_authorization"]
    attempt(no_loa)  # IncompleteCaseError
    bad = copy.deepcopy(data)
    bad["patient"]["date_of_birth"] = "2025-01-01"  # after the diagnosis
    attempt(bad)
    bad = copy.deepcopy(data)
    bad["patient"]["weight_kg"] = NAME  # a value in the wrong field is not echoed
    attempt(bad)
    broken = private_case.parent / f"{NAME}.pdf"  # even an upload named after the patient
    broken.write_bytes(b"%PDF-1.7\nnot really")
    bad = copy.deepcopy(data)
    bad["attachments"][0]["path"] = broken.name
    attempt(bad)
    empty = private_case.parent / f"{NAME} pathology.pdf"
    empty.write_bytes(b"")
    bad = copy.deepcopy(data)
    bad["attachments"][1]["path"] = empty.name
    attempt(bad)
    assert len(messages) == 5
    assert "attachment cv-1 (cv) is empty" in messages[-1]
    assert [leaks(m) for m in messages] == [[], [], [], [], []], messages
