"""Regulatory fidelity (issue 15): Spain, Italy and the CUP enrolment against the official texts.

Spain (RD 1015/2009, BOE 20/07/2009): the eligibility conditions of art. 2.1 as rules, the
art. 8.1 documents in the packet (read back with pdftotext), consent as an action and never a
part (art. 8.2), the 10-day clocks of art. 8.3/8.4 as ledger rows. Italy (DM 7/9/2017): the
3-day EC->AIFA row says in words that calendar or working days are not confirmed. All three
routes: every citation a ledger shows names an official source (no key, notes file or tag of
ours), in every ledger view.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from accesspack import load_route, parse_case, validate
from accesspack.ledger import UNVERIFIED, Ledger
from accesspack.routes.spec import internal_reference
from tests.conftest import (
    EXAMPLES,
    BuildCache,
    build_cli,
    cli,
    example_data,
    manifest,
    parts_of,
    run,
    squash,
    text_of,
    write_case,
)

# every test here builds a bundle with LibreOffice, or reads one built so
pytestmark = pytest.mark.slow

ES, IT, CUP = "ema/es-uso-compasivo", "ema/it-uso-nominale", "ema/cup-enrolment"
CASES = {
    ES: EXAMPLES / "ema-es-uso-compasivo" / "case.yaml",
    IT: EXAMPLES / "ema-it-uso-nominale" / "case.yaml",
    CUP: EXAMPLES / "ema-cup-enrolment" / "case.yaml",
}


def case_data(route: str) -> dict[str, Any]:
    """The route's example case as data, attachment paths made absolute."""
    return example_data(CASES[route])


def rows_of(data: dict[str, Any], route: str) -> dict[str, Any]:
    return {r.id: r for r in validate(parse_case(data), route).rows}


def verdict(case: Path, route: str) -> tuple[str, list[str]]:
    """``accesspack routes CASE``: the route's verdict line and its reasons."""
    res = cli("routes", str(case))
    assert res.returncode == 0, res.stderr
    block = res.stdout.split(f"{route}: ", 1)[1].split("\n")
    reasons = []
    for line in block[1:]:
        if not line.startswith("    "):
            break
        reasons.append(line.strip())
    return block[0].strip(), reasons


@pytest.fixture(scope="module")
def es_bundle(built: BuildCache) -> Path:
    return built(CASES[ES], ES)


@pytest.fixture(scope="module")
def es_without_sponsor(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Spanish example without the sponsor's conformity and with no trial reasons in a
    table, only in a note."""
    data = case_data(ES)
    data["attachments"] = [a for a in data["attachments"]
                           if a["kind"] != "manufacturer_agreement"]
    data["request"]["justification"]["trials_screened"] = []
    data["request"]["trials_screened_note"] = "No hay ensayos abiertos en España."
    folder = tmp_path_factory.mktemp("es-no-sponsor")
    return build_cli(write_case(data, folder / "in"), ES, folder / "bundle")


# --------------------------------------------------------------------------------------
# Spain: eligibility, RD 1015/2009 art. 2.1
# --------------------------------------------------------------------------------------
def test_es_example_meets_every_art_2_1_rule() -> None:
    rows = rows_of(case_data(ES), ES)
    ids = ["eligibility:art-2-1-disease", "eligibility:art-2-1-trials-or-application",
           "eligibility:art-2-1-not-authorised-in-spain"]
    assert [rows[i].status for i in ids] == ["complete"] * 3
    for i in ids:
        assert rows[i].citation.startswith("Real Decreto 1015/2009, art. 2.1")
        assert rows[i].verified is True


def test_es_drug_authorised_in_the_eu_is_refused_naming_art_2_1(tmp_path: Path) -> None:
    data = case_data(ES)
    data["product"]["approvals"] = [{"jurisdiction": "EU", "status": "approved",
                                     "approved_on": "2025-03-01"}]
    state, reasons = verdict(write_case(data, tmp_path), ES)
    assert state == "does not qualify"
    assert any("RD 1015/2009 art. 2.1" in r and "before its authorisation in Spain" in r
               for r in reasons), reasons
    rows = rows_of(data, ES)
    row = rows["eligibility:art-2-1-not-authorised-in-spain"]
    assert row.status == "not_met" and row.blocking
    assert "art. 2.1" in row.citation
    # withdrawn everywhere: no authorisation stands, so the rule holds again
    data["product"]["approvals"][0].update(status="withdrawn", withdrawn_on="2026-01-10")
    rows = rows_of(data, ES)
    assert rows["eligibility:art-2-1-not-authorised-in-spain"].status == "complete"


def test_es_drug_neither_in_trials_nor_under_application_is_refused(tmp_path: Path) -> None:
    data = case_data(ES)
    product = data["product"]
    product.update(development_phase="approved", trials=[], in_development_for_indication=False,
                   approvals=[{"jurisdiction": "US", "status": "approved"}])
    state, reasons = verdict(write_case(data, tmp_path), ES)
    assert state == "does not qualify"
    assert any("RD 1015/2009 art. 2.1" in r and "clinical trials" in r for r in reasons)
    row = rows_of(data, ES)["eligibility:art-2-1-trials-or-application"]
    assert row.status == "not_met" and row.blocking and row.who == "manufacturer"
    assert "arts. 17-18" in row.item  # the route for a medicine authorised abroad
    # under a marketing-authorisation application: eligible again
    product["development_phase"] = "submitted"
    assert rows_of(data, ES)["eligibility:art-2-1-trials-or-application"].status == "complete"
    # nothing known about trials or an application: unknown, and the route does not qualify
    product.update(development_phase=None, in_development_for_indication=None)
    row = rows_of(data, ES)["eligibility:art-2-1-trials-or-application"]
    assert row.status == "missing" and row.is_gap


# --------------------------------------------------------------------------------------
# Spain: the art. 8 documents, read back from the packet
# --------------------------------------------------------------------------------------
def test_es_packet_carries_the_art_8_documents(es_bundle: Path) -> None:
    case = parse_case(case_data(ES))
    pdf, parts = parts_of(es_bundle)
    by_id = {p["id"]: p for p in parts}
    letter = text_of(pdf, *by_id["carta"]["pages"])
    # the hospital centre applies (its name says it is a hospital: not "centro hospitalario
    # Hospital ...")
    assert "El Hospital Universitario Río Henares, con el visto bueno de su Dirección" in letter
    assert "artículo 8.1 del Real Decreto 1015/2009" in letter
    a, b, c = (letter.index(x) for x in ("a) Informe clínico del médico responsable",
                                         "b) Conformidad del promotor",
                                         "c) Número de envases requeridos"))
    assert a < b < c
    assert case.treatment_plan.quantity_requested
    assert f"c) Número de envases requeridos: {case.treatment_plan.quantity_requested}" \
           in letter
    first, last = by_id["informe-clinico"]["pages"]
    report = squash(run("pdftotext", "-layout", "-f", str(first), "-l", str(last), str(pdf), "-"))
    headings = ["Motivo por el que no puede tratarse de forma satisfactoria con las "
                "alternativas terapéuticas autorizadas",
                "Datos que apoyan el uso del medicamento en el paciente",
                "Razones por las que el paciente no puede ser incluido en un ensayo clínico",
                "Pauta y duración prevista del tratamiento"]
    positions = [report.index(h) for h in headings]
    assert positions == sorted(positions)
    duration = case.text(case.treatment_plan.planned_duration, "es")
    assert f"Duración prevista del tratamiento {duration}" in report
    assert case.request.justification.trials_screened[0].nct in report
    # the supporting documentation the report must attach follows it, then the sponsor's
    # conformity and the management's visto bueno
    order = [p["id"] for p in parts]
    assert order.index("informe-clinico") < order.index("informes-apoyo") \
        < order.index("conformidad-promotor") < order.index("visto-bueno-direccion")
    visto = text_of(pdf, *by_id["visto-bueno-direccion"]["pages"])
    assert "MANIFIESTA su visto bueno a la solicitud" in visto
    assert "artículo 8.1 del Real Decreto 1015/2009" in visto


def test_es_sponsor_conformity_only_where_required(es_without_sponsor: Path) -> None:
    ledger = json.loads((es_without_sponsor / "ledger.json").read_text())
    rows = {r["id"]: r for r in ledger["rows"]}
    part = rows["part:conformidad-promotor"]
    assert part["status"] == "awaiting" and part["blocking"] is False
    assert "en los casos que así lo requiera" in part["citation"]
    willing = rows["action:sponsor-willing-to-supply"]
    assert willing["status"] == "awaiting" and willing["who"] == "manufacturer"
    assert "art. 7.1" in willing["citation"]
    # the reasons why no trial are in the note: the report carries them, nothing is missing
    assert "field:request.justification.trials_screened" not in rows
    assert ledger["ready"] is True
    pdf, parts = parts_of(es_without_sponsor)
    by_id = {p["id"]: p for p in parts}
    letter = text_of(pdf, *by_id["carta"]["pages"])
    assert "b) Conformidad del promotor" not in letter
    assert "a) Informe clínico" in letter and "c) Número de envases requeridos" in letter
    report = text_of(pdf, *by_id["informe-clinico"]["pages"])
    assert "No hay ensayos abiertos en España." in report
    # with the example's sponsor conformity the action is done
    done = rows_of(case_data(ES), ES)["action:sponsor-willing-to-supply"]
    assert done.status == "complete"


def test_es_report_without_reasons_for_no_trial_is_a_gap() -> None:
    data = case_data(ES)
    data["request"]["justification"]["trials_screened"] = []
    data["request"].pop("trials_screened_note", None)
    ledger = validate(parse_case(data), ES)
    gap = next(r for r in ledger.gaps if r.id == "field:request.justification.trials_screened")
    assert "art. 8.1.a" in (gap.question or "")
    assert gap.citation and gap.citation.startswith("Real Decreto 1015/2009, art. 8.1.a)")


# --------------------------------------------------------------------------------------
# Spain: consent is an action, never a part; the 10-day clocks
# --------------------------------------------------------------------------------------
def test_es_consent_is_an_action_and_every_document_says_it_is_not_filed(
        es_bundle: Path) -> None:
    spec = load_route(ES).spec
    parts = [p for pk in spec.packets for p in pk.parts]
    assert not any("consent" in p.id or "consent_form" in (p.attachments or []) for p in parts)
    ledger = json.loads((es_bundle / "ledger.json").read_text())
    rows = {r["id"]: r for r in ledger["rows"]}
    consent = rows["action:consent"]
    assert consent["category"] == "action" and consent["status"] == "awaiting"
    assert consent["who"] == "physician"
    assert "art. 8.2" in consent["citation"] and consent["verified"] is True
    assert not any(r["category"] == "document" and "consent" in r["id"] for r in ledger["rows"])
    assert rows["notice:consent-kept"]["status"] == "info"
    # every generated document of the packet says so
    pdf, packet_parts = parts_of(es_bundle)
    generated = [p for p in packet_parts
                 if any(d["source"].startswith("template:") for d in p["documents"])]
    assert {p["id"] for p in generated} == {"carta", "informe-clinico", "visto-bueno-direccion"}
    for part in generated:
        text = text_of(pdf, *part["pages"])
        assert "no forma parte de" in text and "solicitud" in text, part["id"]
        assert "artículo 8.2" in text, part["id"]
    assert "consent" not in json.dumps(manifest(es_bundle)["attachments"])


def test_es_ten_day_clocks_are_ledger_rows(es_bundle: Path) -> None:
    ledger = json.loads((es_bundle / "ledger.json").read_text())
    rows = {r["id"]: r for r in ledger["rows"]}
    remedy, refusal = rows["notice:deficiencies-10-days"], rows["notice:refusal-10-days"]
    assert "remedy the deficiencies within at most 10 days" in remedy["item"]
    assert "treated as withdrawn" in remedy["item"]
    assert remedy["citation"].startswith("Real Decreto 1015/2009, art. 8.3")
    assert "10 days to make submissions" in refusal["item"]
    assert refusal["citation"].startswith("Real Decreto 1015/2009, art. 8.4")
    for row in (remedy, refusal):
        assert row["status"] == "info" and row["verified"] is True
        assert "calendar or working days" in row["item"]
    # no case field holds the date of AEMPS's request: nothing is computed
    assert not load_route(ES).spec.deadlines
    assert not any(r["category"] == "deadline" for r in ledger["rows"])
    # what Spanish procedure law says about counting days stays visibly unverified
    working = next(r for r in ledger["rows"] if r["category"] == "fact"
                   and "working days" in r["item"])
    assert working["status"] == "to_verify" and working["verified"] is False
    assert working["citation"].startswith("Ley 39/2015")
    assert "Not confirmed against the official text" in working["question"]
    md = (es_bundle / "ledger.md").read_text()
    assert "Ley 39/2015, de 1 de octubre, del Procedimiento Administrativo Común de las " \
           "Administraciones Públicas, art. 30.2 (plazos señalados por días: días hábiles)" \
           in md and UNVERIFIED in md


# --------------------------------------------------------------------------------------
# Italy: the 3-day EC -> AIFA notification
# --------------------------------------------------------------------------------------
def test_it_three_day_row_says_calendar_or_working_days_is_not_confirmed() -> None:
    data = case_data(IT)
    row = rows_of(data, IT)["deadline:ec-to-aifa"]
    assert row.status == "missing"  # not armed without the opinion's date
    assert "not confirmed" in row.item and "calendar or working days" in row.item
    assert "art. 4, comma 3" in (row.citation or "")
    data["request"]["ethics_opinion_on"] = "2026-11-18"
    row = rows_of(data, IT)["deadline:ec-to-aifa"]
    assert row.status == "scheduled" and row.due == date(2026, 11, 21)
    assert "not confirmed" in row.item
    fact = next(r for r in validate(parse_case(data), IT).rows
                if r.category == "fact" and "3 days" in r.item)
    assert fact.status == "to_verify" and "Not confirmed" in (fact.question or "")
    assert "calendar or working days is not confirmed" in fact.item


# --------------------------------------------------------------------------------------
# All three routes: citations name the law, with dates; facts cite an official source
# --------------------------------------------------------------------------------------
NOTES = re.compile(r"regulators\.md|§\s?\d|\[(?:C|P|U)\]|accesspack reference")


def ledgers_for(route: str) -> list[Ledger]:
    data = case_data(route)
    out = [validate(parse_case(data), route)]
    if route == CUP:
        out += [validate(parse_case(data), route, options={"language": lang})
                for lang in ("fr", "de", "it", "es")]
    return out


@pytest.mark.parametrize("route", [ES, IT, CUP])
def test_no_internal_key_in_any_citation_of_the_ledgers(route: str) -> None:
    for ledger in ledgers_for(route):
        cited = [r.citation for r in ledger.rows if r.citation]
        assert cited
        for citation in cited:
            assert internal_reference(citation, citation=True) is None, citation
            assert not NOTES.search(citation) and "background" not in citation, citation
        for view in (ledger.to_text(), ledger.to_markdown(), ledger._repr_html_(),
                     ledger.to_json()):
            assert not NOTES.search(view), route
            assert not re.search(r"(?<![\w.-])E\d{1,2}(?![\w.])", view), route


# what has no date, or no official text: the AEMPS sede page of the application shows no
# date; the 48-hour statement is a press quote, so its fact cites nothing and says so
UNDATED = {"aemps-mse"}


@pytest.mark.parametrize("route", [ES, IT, CUP])
def test_every_citation_is_dated_and_every_fact_cites_one(route: str) -> None:
    loaded = load_route(route)
    for key, c in loaded.citations.items():
        assert c.date or key in UNDATED, key
        assert internal_reference(c.text, citation=True) is None, key
    for fact in loaded.spec.facts:
        if "quoted in the press" in fact.text:
            assert fact.citation is None and "no official text found" in fact.text
            continue
        assert fact.citation and fact.citation in loaded.citations, fact.text


def test_verified_only_where_confirmed() -> None:
    es = load_route(ES).citations
    assert all(es[k].verified for k in ("rd-1015-2009-art2-1", "rd-1015-2009-art7-1",
                                        "rd-1015-2009-art8-1", "rd-1015-2009-consent",
                                        "rd-1015-2009-art8-3", "rd-1015-2009-art8-4"))
    assert not es["rd-1015-2009-art11-1-c"].verified  # amended wording not retrieved
    assert not es["ley-39-2015-art30"].verified and not es["aemps-mse"].verified
    cup = load_route(CUP).citations
    assert all(cup[k].verified for k in ("reg-726-2004-art83", "dir-2001-83-art5",
                                         "emea-27170-2006"))
    assert cup["emea-27170-2006"].date and "2007" in cup["emea-27170-2006"].date
    gdpr = cup["gdpr-art9"]
    assert gdpr.verified is False and "2016/679" in gdpr.text and "background" not in gdpr.source


def test_it_art_3_2_asks_the_head_of_the_reference_centre_to_present_it() -> None:
    rare = EXAMPLES / "ema-it-uso-nominale" / "rare-tumour-phase1.yaml"
    data: dict[str, Any] = yaml.safe_load(rare.read_text(encoding="utf-8"))
    data["institution"]["reference_centre"] = True
    rows = {r.id: r for r in validate(parse_case(data, base_dir=rare.parent), IT).rows}
    action = rows["action:head-of-centre"]
    assert action.status == "awaiting" and action.who == "institution"
    assert "art. 3, comma 2" in (action.citation or "")
    # the main example (no rare disease) has no such action
    assert "action:head-of-centre" not in rows_of(case_data(IT), IT)


# --------------------------------------------------------------------------------------
# Spain, review round two: the 48-hour quote, the channel, the hospital setting, art. 17
# --------------------------------------------------------------------------------------
def test_es_48_hours_is_a_press_quote_with_no_citation(es_bundle: Path) -> None:
    rows = json.loads((es_bundle / "ledger.json").read_text())["rows"]
    quote = [r for r in rows if r["category"] == "fact" and "48 hours" in r["item"]]
    assert len(quote) == 1
    row = quote[0]
    assert row["citation"] is None and row["status"] == "to_verify"
    assert "Maldita.es, 3 February 2026" in row["item"] and "foreign medicine" in row["item"]
    assert "no official text found" in row["item"]
    assert row["question"].startswith("No official text found confirms it")
    # no row ties the 48 hours to an AEMPS or BOE text
    assert not any("48" in (r["item"] or "") and r["citation"] for r in rows)


def test_es_channel_cites_the_aemps_page_unverified(es_bundle: Path) -> None:
    rows = {r["id"]: r for r in json.loads((es_bundle / "ledger.json").read_text())["rows"]}
    action = rows["action:telematic-submission"]
    assert action["citation"].startswith("AEMPS, sede electrónica, «Aplicación informática "
                                         "de Medicamentos en Situaciones Especiales»")
    assert action["verified"] is False
    assert "art. 6" in action["item"] and "art. 6" not in action["citation"]
    assert "authorised" in action["question"] and "access form" in action["question"]
    md = (es_bundle / "ledger.md").read_text()
    assert "centros sanitarios autorizados por la AEMPS" in md
    assert "«Formulario de solicitud de acceso a medicamentos en situaciones especiales» " \
           f"({UNVERIFIED})" in md
    # the packet's audience no longer states the application as fact
    packet = manifest(es_bundle)["packets"][0]
    assert "Medicamentos en Situaciones Especiales" not in packet["audience"]
    assert "art. 6" in packet["audience"]
    pdf = es_bundle / packet["file"]
    assert "Situaciones Especiales" not in run("pdftotext", str(pdf), "-")


def test_es_hospital_setting_cites_the_preamble_and_art_8_1(es_bundle: Path) -> None:
    rows = {r["id"]: r for r in json.loads((es_bundle / "ledger.json").read_text())["rows"]}
    notice = rows["notice:hospital-setting"]
    assert "preámbulo" in notice["citation"] and "art. 8.1" in notice["citation"]
    assert "visto bueno de la Dirección del centro" in notice["citation"]
    assert notice["verified"] is True
    assert "(art. 8.1)" in notice["item"]


@pytest.mark.parametrize("jurisdiction", ["ES", "EU"])
def test_es_authorised_but_not_marketed_points_at_arts_17_18(tmp_path: Path,
                                                             jurisdiction: str) -> None:
    data = case_data(ES)
    data["product"]["approvals"] = [{"jurisdiction": jurisdiction,
                                     "status": "marketing_discontinued"}]
    case = write_case(data, tmp_path / jurisdiction)
    state, reasons = verdict(case, ES)
    assert state == "does not qualify"
    assert any("art. 13" in r and "art. 17, last paragraph" in r and "art. 18" in r
               for r in reasons), reasons
    rows = rows_of(data, ES)
    notice = rows["notice:authorised-not-marketed"]
    assert "art. 17 (last paragraph)" in notice.item and "(art. 18.1)" in notice.item
    assert notice.citation.startswith("Real Decreto 1015/2009, art. 17, último párrafo")
    assert notice.verified is False
    # marketed: still refused, and no pointer to chapter IV's not-marketed path
    data["product"]["approvals"][0]["status"] = "approved"
    rows = rows_of(data, ES)
    assert rows["eligibility:art-2-1-not-authorised-in-spain"].status == "not_met"
    assert "notice:authorised-not-marketed" not in rows


def test_it_atmp_exclusion_is_confirmed_and_cites_art_3_2() -> None:
    """Art. 3(2) says verbatim that it does not apply to advanced-therapy medicines."""
    route = load_route(IT)
    fact = next(f for f in route.spec.facts if "advanced-therapy" in f.text)
    assert fact.status == "C" and fact.citation == "dm-2017-art3-2"
    cited = route.citations[fact.citation]
    assert cited.verified is True and "art. 3, comma 2" in cited.text
    assert "non si applica ai medicinali di terapia avanzata" in cited.text
    # a confirmed fact is no "to verify" row in the ledger
    rows = validate(parse_case(case_data(IT)), IT).rows
    assert not any(r.category == "fact" and "advanced-therapy" in r.item for r in rows)
