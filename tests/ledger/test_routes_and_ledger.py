"""Routes as data and the ledger computed from them."""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from reportlab.pdfgen import canvas

from accesspack import (
    CaseValidationError,
    RouteError,
    list_routes,
    load_route,
    parse_case,
    validate,
)
from accesspack.ledger import add_working_days
from tests.conftest import ROOT


@pytest.mark.slow
def test_every_fda_route_is_listed() -> None:
    ids = [r.id for r in list_routes()]
    assert {"fda/single-patient", "fda/emergency", "fda/follow-up"} <= set(ids)
    out = subprocess.run([sys.executable, "-m", "accesspack", "routes"], check=True,
                         capture_output=True, text=True).stdout
    assert "fda/emergency" in out


def test_unknown_route_is_a_route_error() -> None:
    with pytest.raises(RouteError, match="unknown route 'fda/nope'.*fda/single-patient"):
        load_route("fda/nope")


def test_bad_option_value_is_refused() -> None:
    route = load_route("fda/single-patient")
    assert route.options() == {"form_edition": "2022-08", "cover_letter": "yes"}
    with pytest.raises(RouteError, match="2022-08, 2019-06"):
        route.options({"form_edition": "1999"})


def test_a_route_naming_a_field_the_model_lacks_is_rejected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "templates"
    shutil.copytree(ROOT / "templates" / "fda", root / "fda")
    spec = yaml.safe_load((root / "fda" / "single-patient.yaml").read_text())
    spec["packets"][0]["parts"][2]["needs"] = ["physician.shoe_size"]
    (root / "fda" / "single-patient.yaml").write_text(yaml.safe_dump(spec))
    monkeypatch.setenv("ACCESSPACK_TEMPLATES", str(root))
    with pytest.raises(RouteError, match="no case field 'physician.shoe_size'"):
        list_routes()


def test_a_broken_form_map_is_rejected_when_the_route_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The form item map is typed (``FormMap``): an item without a number for an edition,
    or a key the model does not know, names the form file and the item."""
    root = tmp_path / "templates"
    shutil.copytree(ROOT / "templates" / "fda", root / "fda")
    path = root / "fda" / "form-fda-3926.yaml"
    good = yaml.safe_load(path.read_text())
    monkeypatch.setenv("ACCESSPACK_TEMPLATES", str(root))
    for change, says in (
        (lambda f: f["items"]["physician"].update(page=2),
         "items.physician.page: Extra inputs are not permitted"),
        (lambda f: f["items"]["patient_initials"]["numbers"].pop("2019-06"),
         "item patient_initials has no number for edition '2019-06'"),
    ):
        form = copy.deepcopy(good)
        change(form)
        path.write_text(yaml.safe_dump(form))
        with pytest.raises(RouteError) as info:
            list_routes()
        assert "form file form-fda-3926.yaml" in str(info.value)
        assert says in str(info.value)


def test_complete_case_is_ready(case: Any) -> None:
    ledger = validate(case, "fda/single-patient")
    assert ledger.ready, ledger.to_text()
    statuses = {r.id: r.status for r in ledger.rows}
    assert statuses["part:loa"] == "complete"
    assert statuses["eligibility:risk-determination"] == "complete"
    assert statuses["action:sign-3926"] == "awaiting"  # a person must sign
    assert statuses["action:irb-approval"] == "awaiting"  # no IRB approval uploaded
    # unconfirmed facts are carried into the ledger, not dropped
    assert any(r.id == "fact:form-item-certification" and r.status == "to_verify"
               and "Not confirmed against the official form" in (r.question or "")
               for r in ledger.rows)


def test_incomplete_case_names_exactly_what_is_missing(case_data: dict[str, Any],
                                                       case_dir: Path) -> None:
    case_data["attachments"] = [a for a in case_data["attachments"]
                                if a["kind"] != "letter_of_authorization"]
    del case_data["physician"]["licence"]
    del case_data["patient"]["weight_kg"]
    case_data["request"]["justification"]["physician_risk_determination"] = None
    ledger = validate(parse_case(case_data, base_dir=case_dir), "fda/single-patient")
    assert not ledger.ready
    gaps = {r.id: (r.status, r.who) for r in ledger.gaps}
    assert gaps == {
        "part:loa": ("awaiting", "manufacturer"),
        "field:physician.licence": ("missing", "physician"),
        "field:patient.weight_kg": ("missing", "physician"),
        "eligibility:risk-determination": ("missing", "physician"),
    }
    text = ledger.to_text()
    assert "NOT READY: 4 blocking item(s) missing" in text
    assert "state medical license" in text  # the question to answer


def test_risk_determination_false_is_not_met(case_data: dict[str, Any], case_dir: Path) -> None:
    case_data["request"]["justification"]["physician_risk_determination"] = False
    ledger = validate(parse_case(case_data, base_dir=case_dir), "fda/single-patient")
    assert [r.status for r in ledger.gaps] == ["not_met"]


def test_wrong_route_for_the_case_fails_applicability(case: Any) -> None:
    ledger = validate(case, "fda/emergency")
    ids = {r.id for r in ledger.gaps}
    assert "applicability:emergency" in ids


def test_emergency_deadlines_use_federal_working_days(case_data: dict[str, Any],
                                                      case_dir: Path) -> None:
    case_data["prepared_on"] = "2026-11-24"
    case_data["request"]["emergency"] = True
    case_data["request"]["emergency_authorization"] = {
        "authorized_on": "2026-11-20", "means": "phone", "ind_number": "IND 170001",
        "first_dose_on": "2026-11-21",
    }
    ledger = validate(parse_case(case_data, base_dir=case_dir), "fda/emergency")
    due = {r.id: r.due for r in ledger.rows if r.category == "deadline"}
    # 15 working days from Fri 20 Nov 2026 skip Thanksgiving (26 Nov) and weekends
    assert due["deadline:written-3926"] == date(2026, 12, 14)
    # 5 working days from Sat 21 Nov 2026: 23, 24, 25, (26 holiday), 27, 30
    assert due["deadline:irb-notice"] == date(2026, 11, 30)


def test_working_day_arithmetic_skips_observed_holidays() -> None:
    # 4 July 2026 is a Saturday: observed Friday 3 July
    assert add_working_days(date(2026, 7, 2), 1, "US") == date(2026, 7, 6)


def test_unarmed_deadline_asks_for_its_trigger(case: Any) -> None:
    ledger = validate(case, "fda/single-patient")
    row = next(r for r in ledger.rows if r.id == "deadline:earliest-start")
    assert row.status == "missing" and row.due is None and not row.blocking
    assert "request.received_on" in (row.question or "")


def test_follow_up_safety_report_deadline(case_data: dict[str, Any], case_dir: Path) -> None:
    case_data["request"].update(
        submission="follow_up", physician_ind_number="IND 170002",
        follow_up={"kinds": ["initial_safety_report"], "summary": "Grade 3 pneumonitis.",
                   "safety_event": {"description": "Pneumonitis", "aware_on": "2026-11-16",
                                    "serious": True, "unexpected": True}},
    )
    ledger = validate(parse_case(case_data, base_dir=case_dir), "fda/follow-up")
    rows = {r.id: r for r in ledger.rows}
    assert rows["deadline:safety-report-15-days"].due == date(2026, 12, 1)
    assert "deadline:safety-report-7-days" not in rows  # not fatal or life-threatening
    assert rows["part:safety-report"].status == "missing"  # no 3500A attached
    assert rows["part:safety-report"].is_gap


@pytest.mark.slow
def test_validate_cli_exit_status(case_data: dict[str, Any], case_dir: Path) -> None:
    path = case_dir / "case.yaml"
    path.write_text(yaml.safe_dump(case_data))
    ok = subprocess.run([sys.executable, "-m", "accesspack", "validate", str(path),
                         "--route", "fda/single-patient"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "READY" in ok.stdout
    del case_data["physician"]["licence"]
    path.write_text(yaml.safe_dump(case_data))
    bad = subprocess.run([sys.executable, "-m", "accesspack", "validate", str(path),
                          "--route", "fda/single-patient", "--format", "json"],
                         capture_output=True, text=True)
    assert bad.returncode == 1
    assert '"field:physician.licence"' in bad.stdout


def test_upload_with_fonts_the_packet_cannot_embed_is_flagged(case: Any) -> None:
    # conftest's uploads are drawn in reportlab's standard Helvetica, never embedded: the
    # packet copy embeds Liberation Sans for it, so no row asks for a new file
    ledger = validate(case, "fda/single-patient")
    assert not [r for r in ledger.rows if r.id.endswith(":fonts")]
    ngs = case.attachment("ngs").path
    c = canvas.Canvas(str(ngs), invariant=1)  # reportlab: Helvetica, and Symbol
    c.drawString(72, 720, "NGS page 1")
    c.setFont("Symbol", 12)
    c.drawString(72, 700, "abg")
    c.showPage()
    c.save()
    ledger = validate(case, "fda/single-patient")
    (row,) = [r for r in ledger.rows if r.id.endswith(":fonts")]
    assert row.id == "upload:ngs:fonts" and row.status == "missing" and not row.blocking
    assert row.item.startswith("attachment ngs: fonts not embedded (Symbol")
    assert "Helvetica" not in row.item
    assert "no metric-compatible font to embed" in (row.question or "")
    assert "(PDF) Specifications" in (row.citation or "")


def test_route_verdicts_say_which_routes_apply(case: Any) -> None:
    from accesspack import route_verdicts

    verdicts = {v.route: v for v in route_verdicts(case)}
    assert verdicts["fda/single-patient"].qualifies
    assert not verdicts["fda/emergency"].applies
    assert any("fda/emergency" not in r and "emergency" in r
               for r in verdicts["fda/emergency"].reasons)
    assert not verdicts["fda/follow-up"].qualifies


def test_add_months_clamps_to_month_end() -> None:
    from accesspack.ledger import add_months

    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 24), 12) == date(2027, 11, 24)


def test_numbers_follow_the_language() -> None:
    from accesspack.languages import format_number, labels_for

    assert format_number(61.5, "fr") == "61,5"
    assert format_number(1234.5, "de") == "1.234,5"
    assert format_number(80.0, "en") == "80"
    assert labels_for("fr-FR").page.format(n=2, total=9) == "Page 2 sur 9"
    assert labels_for("xx").toc_title == "Table of contents"


def test_a_broken_route_file_does_not_stop_other_routes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "templates"
    shutil.copytree(ROOT / "templates" / "fda", root / "fda")
    (root / "fda" / "broken.yaml").write_text("id: fda/broken\ntitle: x\npackets: []\n")
    monkeypatch.setenv("ACCESSPACK_TEMPLATES", str(root))
    assert load_route("fda/single-patient").id == "fda/single-patient"
    with pytest.raises(RouteError, match="broken.yaml is malformed"):
        list_routes()
    with pytest.raises(RouteError, match="broken.yaml is malformed"):
        load_route("fda/broken")


def test_a_path_through_a_list_reads_every_item(case_data: dict[str, Any],
                                                case_dir: Path) -> None:
    from accesspack.routes.conditions import field_value, holds
    from accesspack.routes.spec import Condition

    case_data["product"]["approvals"] = [{"jurisdiction": "US"}, {"jurisdiction": "HK"}]
    case = parse_case(case_data, base_dir=case_dir)
    assert field_value(case, "product.approvals.jurisdiction") == ["US", "HK"]
    hk = Condition.model_validate({"field": "product.approvals.jurisdiction", "contains": "HK"})
    cn = Condition.model_validate({"field": "product.approvals.jurisdiction", "contains": "CN"})
    assert holds(hk, case) and not holds(cn, case)
    case_data["product"]["approvals"] = []
    assert field_value(parse_case(case_data, base_dir=case_dir),
                       "product.approvals.jurisdiction") == []


def test_approved_in_counts_standing_authorisations_only(case_data: dict[str, Any],
                                                         case_dir: Path) -> None:
    """product.approved_in (what routes test) leaves out withdrawn authorisations; the old
    field name ``country`` is still read."""
    from accesspack.routes.conditions import field_exists, field_value

    case_data["product"]["approvals"] = [
        {"country": "US", "approved_on": "2025-01-02"},
        {"jurisdiction": "EU", "status": "withdrawn", "approved_on": "2024-01-02",
         "withdrawn_on": "2025-06-30"}]
    case = parse_case(case_data, base_dir=case_dir)
    assert field_value(case, "product.approved_in") == ["US"]
    assert field_value(case, "product.withdrawn_in") == ["EU"]
    assert field_exists("product.approved_in") and not field_exists("product.approved_in.x")
    case_data["product"]["approvals"][1]["status"] = "approved"
    with pytest.raises(CaseValidationError, match="withdrawn_on is given"):
        parse_case(case_data, base_dir=case_dir)


def test_an_edited_route_file_is_read_again(route_copy: Path) -> None:
    """Routes are cached per file while it is unchanged; an edit (as in a docs server or a
    notebook) is seen by the next load, and so is an edited regulator file."""
    first = load_route("fda/single-patient")
    assert load_route("fda/single-patient") is first  # unchanged: the cached route
    path = route_copy / "fda" / "single-patient.yaml"
    text = path.read_text(encoding="utf-8")
    edited = text.replace("\ntitle: FDA single", "\ntitle: EDITED FDA single", 1)
    path.write_text(edited, encoding="utf-8")
    assert load_route("fda/single-patient").title.startswith("EDITED FDA single-patient")
    reg = route_copy / "fda" / "regulator.yaml"
    reg.write_text(reg.read_text(encoding="utf-8").replace(
        "name: U.S. Food and Drug Administration", "name: EDITED regulator", 1), encoding="utf-8")
    assert load_route("fda/single-patient").regulator.name == "EDITED regulator"


def test_template_uses_expand_every_option(route_copy: Path) -> None:
    from accesspack.routes.registry import check_consistency, parse_route_file, route_ids

    route = load_route("fda/single-patient")
    uses = route.template_uses()
    for edition in ("2022-08", "2019-06"):
        path = route.folder / f"form-fda-3926-{edition}.docx"
        assert uses[path]  # (the form is in more than one packet)
        assert {part.id for part, _ in uses[path]} == {"form-3926"}
        assert all(combo["form_edition"] == edition for _, combo in uses[path])
        assert {combo["cover_letter"] for _, combo in uses[path]} == {"yes", "no"}
    assert set(uses) <= set(route.files())
    assert all(p.is_file() for p in uses)
    assert route_ids(route_copy)["fda/single-patient"] == route.source
    # a missing template: the consistency check names it, unless told to leave templates out
    (route.folder / "physician-qualification.docx").unlink()
    parsed = parse_route_file(route.source)
    assert parsed.id == "fda/single-patient"
    with pytest.raises(RouteError, match="template physician-qualification.docx not found"):
        check_consistency(parsed)
    check_consistency(parsed, templates=False)


def test_a_route_id_outside_its_regulator_does_not_parse(route_copy: Path) -> None:
    from accesspack.routes.registry import parse_route_file

    path = route_copy / "fda" / "single-patient.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nid: fda/single-patient\n", "\nid: zz/single-patient\n", 1),
                    encoding="utf-8")
    with pytest.raises(RouteError, match="id zz/single-patient is not under fda/"):
        parse_route_file(path)
