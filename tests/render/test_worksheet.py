"""Portal worksheets filled in from a case: what they print, what the ledger says, and a
real build (LibreOffice) read back with pdftotext."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

import accesspack
from accesspack.buildplan import plan
from accesspack.errors import TemplateError
from accesspack.model import Case, parse_case
from accesspack.render.worksheet import FilledWorksheet, words_for
from accesspack.routes.registry import Route, load_route_file
from tests.conftest import FULL_NAME, ROOT, generated_text, run, squash, text_of
from tests.prose_lint import lint_bundle

FIXTURE = ROOT / "tests" / "fixtures" / "worksheet" / "xx"


def fixture_route(tmp_path: Path, *, route: Any = None, regulator: Any = None,
                  worksheet: Any = None) -> Route:
    """The fixture route, or a copy of it with its files edited by the callables."""
    if route is None and regulator is None and worksheet is None:
        return load_route_file(FIXTURE / "portal-application.yaml")
    folder = tmp_path / "routes" / "xx"
    shutil.copytree(FIXTURE, folder)
    for name, edit in (("portal-application.yaml", route), ("regulator.yaml", regulator),
                       ("portal-worksheet.yaml", worksheet)):
        if edit is not None:
            data = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
            edit(data)
            (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True),
                                       encoding="utf-8")
    return load_route_file(folder / "portal-application.yaml")


def with_prescription(case_data: dict[str, Any], case_dir: Path) -> Case:
    case_data["attachments"].append(
        {"id": "rx", "kind": "prescription", "path": "cv.pdf", "title": "Prescription"})
    return parse_case(case_data, base_dir=case_dir)


def filled(case: Case, route: Route) -> FilledWorksheet:
    (packet,) = plan(case, route).packets
    (worksheet,) = [p.worksheet for p in packet.parts if p.worksheet is not None]
    return worksheet


def by_number(worksheet: FilledWorksheet) -> dict[str, Any]:
    return {f.number: f for f in worksheet.fields}


def test_values_print_as_templates_print_them(case: Case) -> None:
    fields = by_number(filled(case, fixture_route(Path())))
    assert fields["1.1"].text == "QVE" and fields["1.1"].source == "patient.initials"
    assert fields["1.2"].text == "14/03/1961"  # the route's date format
    assert fields["1.3"].text == "Female"  # the portal's option for the case's value
    assert fields["2.1"].text == "A123456" and fields["2.1"].source == "physician.licence.number"
    assert fields["2.2"].missing and fields["2.2"].problem == "not in the case"
    assert fields["2.3"].text == "Tick the box after reading the declaration."
    assert fields["2.3"].source is None  # a fixed entry
    # status P (the file's) and C (the field's own)
    assert [f.number for f in fields.values() if f.unverified] == ["1.3", "2.2", "2.3"]


def test_a_value_the_portal_offers_no_option_for_is_a_blank(
        case_data: dict[str, Any], case_dir: Path) -> None:
    case_data["patient"]["sex"] = "unknown"
    case = parse_case(case_data, base_dir=case_dir)
    route = fixture_route(Path())
    assert by_number(filled(case, route))["1.3"].problem == (
        "no option on the portal for the case's value “unknown”")
    row = next(r for r in accesspack.validate(case, route).rows
               if r.id == "worksheet:portal-worksheet:1.3")
    assert row.status == "missing" and row.blocking  # required
    assert row.question == ("What is the patient's sex as the portal offers it (female, "
                            "male, intersex)?")


def test_the_ledger_has_one_row_per_missing_value_and_per_unconfirmed_field(
        case_data: dict[str, Any], case_dir: Path) -> None:
    del case_data["physician"]["licence"]
    case = with_prescription(case_data, case_dir)
    ledger = accesspack.validate(case, fixture_route(Path()))
    rows = {r.id: r for r in ledger.rows}
    fax = rows["worksheet:portal-worksheet:2.2"]
    assert (fax.status, fax.blocking, fax.who) == ("missing", False, "physician")
    assert fax.item == ("Example Online Application Portal, field 2.2 “Fax” (physician.fax): "
                        "not in the case")
    assert fax.citation == ("Example Medicines Authority, Online Application Portal: user "
                            "guide, version 3 (test fixture) (March 2026)")
    assert fax.verified is False and fax.packets == ("application",)
    licence = rows["worksheet:portal-worksheet:2.1"]
    assert licence.blocking and licence.is_gap  # required
    assert "“Registration number”" in (licence.question or "")
    facts = sorted(r for r in rows if r.startswith("fact:"))
    assert facts == ["fact:worksheet-portal-worksheet-1.3", "fact:worksheet-portal-worksheet-2.2",
                     "fact:worksheet-portal-worksheet-2.3"]
    sex = rows["fact:worksheet-portal-worksheet-1.3"]
    assert sex.status == "to_verify" and not sex.blocking and sex.verified is False
    assert not ledger.ready  # the registration number is required


def test_form_item_rows_are_unchanged_by_the_shared_row_maker() -> None:
    case = accesspack.load_case(ROOT / "examples" / "fda-single-patient" / "case.yaml")
    rows = [r for r in accesspack.validate(case, "fda/single-patient").rows
            if r.id.startswith("fact:form-item-")]
    for row in rows:
        assert row.question is not None
        assert row.question.startswith("Not confirmed against the official form: compare the "
                                       "item with the official FORM FDA 3926")
        assert row.question.endswith("before signing.")


def test_an_inactive_worksheet_part_makes_no_rows(case: Case, tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["packets"][0]["parts"][1]["when"] = {"field": "request.emergency",
                                                  "equals": True}
    ledger = accesspack.validate(case, fixture_route(tmp_path, route=edit))
    assert [r.status for r in ledger.rows if "worksheet" in r.id] == ["not_applicable"]


def test_a_template_field_is_rendered_without_double_escaping(case: Case,
                                                              tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["sections"][0]["fields"][0]["template"] = (
            "{{ case.patient.initials }} & {{ case.product.name|upper }} <{{ 7 * 6 }}>")
    fields = by_number(filled(case, fixture_route(tmp_path, worksheet=edit)))
    assert fields["1.1"].text == "QVE & TESTINIB <42>"
    assert fields["1.1"].source == "patient.initials, product.name"


def test_a_template_that_fails_names_the_worksheet_and_field(case: Case,
                                                             tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["sections"][1]["fields"][1] = {"label": "Fax", "template": "{{ 1 // 0 }}"}
    route = fixture_route(tmp_path, worksheet=edit)
    with pytest.raises(TemplateError, match=r"worksheet portal-worksheet.yaml, field 2.2: its "
                       r"template failed to render \(ZeroDivisionError"):
        accesspack.validate(case, route)


def test_the_worksheet_follows_the_route_language(case: Case, tmp_path: Path) -> None:
    route = fixture_route(tmp_path, regulator=lambda d: d.update(language="fr"))
    worksheet = filled(case, route)
    assert by_number(worksheet)["2.2"].problem == "absent du dossier"
    context = worksheet.context("fr", route.citation("xx-portal-guide"))
    assert context["words"]["label"] == "Champ du portail"
    assert context["citation"].endswith("(non confirmé par le texte officiel)")
    labels = [f["label"] for s in context["sections"] for f in s["fields"]]
    assert labels == ["Patient initials", "Date of birth", "Sex †", "Registration number",
                      "Fax †", "Declaration †"]  # the portal's labels, verbatim
    assert words_for("fr-CH") == words_for("fr") and words_for("xx") == words_for("en")


def test_every_language_has_every_word() -> None:
    from accesspack.render.worksheet import WORDS
    english = vars(WORDS["en"])
    for language, words in WORDS.items():
        assert set(vars(words)) == set(english), language
        assert "{value}" in words.no_option and words.unverified.startswith("†"), language


def layout_lines(pdf: Path) -> list[str]:
    """pdftotext -layout of ``pdf``, each line squashed (a table row is a line)."""
    return [squash(line) for line in run("pdftotext", "-layout", str(pdf), "-").splitlines()]


def _build(case: Case, route: Route, out: Path, *, draft: bool = False) -> Path:
    bundle = accesspack.build(case, route, out, draft=draft)
    (packet,) = bundle.packets.values()
    return packet


@pytest.mark.slow
def test_a_real_build_prints_the_worksheet(case_data: dict[str, Any], case_dir: Path,
                                           tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    case = with_prescription(case_data, case_dir)
    route = fixture_route(Path())
    packet = _build(case, route, tmp_path / "one")
    text = text_of(packet)
    lines = layout_lines(packet)
    assert "Example Online Application Portal" in text
    assert "No. Field on the portal Enter From" in lines
    assert "1.1 Patient initials QVE patient.initials" in lines
    assert "1.2 Date of birth 14/03/1961 patient.date_of_birth" in lines
    assert "1.3 Sex † Female patient.sex" in lines
    assert "2.1 Registration number A123456 physician.licence.number" in lines
    assert "As printed on the practitioner's registration" in text
    assert "2.2 Fax † __________ (not in the case) physician.fax" in lines
    assert "2.3 Declaration † Tick the box after reading the declaration. fixed" in lines
    assert "† Not confirmed against the official source" in text
    assert FULL_NAME not in text and FULL_NAME.split()[0] not in text
    docx = generated_text(tmp_path / "one")["portal-worksheet.docx"]
    assert FULL_NAME not in docx and "{{" not in docx and "{%" not in docx
    assert "(A4)" in run("pdfinfo", "-f", "2", "-l", "2", str(packet))
    manifest = (tmp_path / "one" / "manifest.json").read_text(encoding="utf-8")
    assert "portal-worksheet.docx" in manifest
    # the prose lint finds nothing (the From column names case fields on purpose)
    monkeypatch.setenv("ACCESSPACK_TEMPLATES", str(FIXTURE.parent))
    assert [str(f) for f in lint_bundle(tmp_path / "one")] == []
    # same input, same bytes
    again = _build(case, route, tmp_path / "two")
    assert hashlib.sha256(packet.read_bytes()).digest() == hashlib.sha256(
        again.read_bytes()).digest()
    assert ((tmp_path / "one" / "documents" / "portal-worksheet.docx").read_bytes()
            == (tmp_path / "two" / "documents" / "portal-worksheet.docx").read_bytes())


@pytest.mark.slow
def test_a_real_build_on_letter_paper_in_french(case_data: dict[str, Any], case_dir: Path,
                                               tmp_path: Path) -> None:
    case = with_prescription(case_data, case_dir)
    route = fixture_route(tmp_path, regulator=lambda d: d.update(language="fr",
                                                                page_size="letter"))
    packet = _build(case, route, tmp_path / "out", draft=True)  # no French case text
    text = text_of(packet)
    lines = layout_lines(packet)
    assert "N° Champ du portail À saisir Provenance" in lines
    assert "1.2 Date of birth 14/03/1961 patient.date_of_birth" in lines
    # the DRAFT stamp breaks the layout of the last rows: read them as text
    assert "__________ (absent du dossier)" in text and "fixe" in text
    assert "Portail : https://portal.example.org/apply" in text
    assert "Liste des champs établie d'après" in text
    assert "612 x 792 pts (letter)" in run("pdfinfo", "-f", "2", "-l", "2", str(packet))
    from docx import Document
    section = Document(str(tmp_path / "out" / "documents" / "portal-worksheet.docx")).sections[0]
    assert (section.page_width.inches, section.page_height.inches) == (8.5, 11)
    assert squash("Non confirmé par la source officielle") in text


def test_a_free_text_value_without_an_option_is_never_named(case: Case, tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["sections"][1]["fields"][0]["choices"] = {"B999": "Other register"}
    route = fixture_route(tmp_path, worksheet=edit)
    assert by_number(filled(case, route))["2.1"].problem == (
        "no option on the portal for the case's value")
    rows = [r for r in accesspack.validate(case, route).rows if "A123456" in r.model_dump_json()]
    assert rows == []
