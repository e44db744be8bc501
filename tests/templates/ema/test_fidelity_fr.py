"""Issue 15, France (ema/fr-aac): the route says what the Code de la santé publique says.

CSP R.5121-74: the pharmacist managing the hospital pharmacy (PUI) sends the prescriber's
request to ANSM; the request identifies the patient by the initials of surname and first
name, age, sex and weight, and carries 5° (ongoing commercial research), 6° (undertaking to
ANSM's criteria or reasons; whether treatment can be deferred) and 7° (undertaking to inform
the patient). L.5121-12-1 II: no marketing authorisation from ANSM or the European
Commission in any indication (a withdrawn one does not count). R.5121-74-5: PUT-SP for
prescriber and pharmacist. Every citation names the law, never our notes.

Everything is read back with independent readers: poppler's pdftotext for the packets, the
ledger JSON and Markdown files, and the CLI's own output.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import accesspack
from tests.conftest import (
    EXAMPLES,
    BuildCache,
    build_cli,
    cli,
    example_copy,
    manifest,
    run,
    squash,
    validate_cli,
)

# every test here builds a bundle with LibreOffice, or reads one built so
pytestmark = pytest.mark.slow

FR = EXAMPLES / "ema-fr-aac" / "case.yaml"
ROUTE = "ema/fr-aac"
ROUTE_FILE = Path(__file__).resolve().parents[3] / "templates" / "ema" / "fr-aac.yaml"
CASE = yaml.safe_load(FR.read_text(encoding="utf-8"))
FULL_NAME = CASE["patient"]["full_name"]
BIRTH = CASE["patient"]["date_of_birth"]  # a date (YAML)
# what a citation must never show: our notes, their source keys, confidence tags
NOTES = r"regulators\.md|jurisdictions-next|accesspack reference|\[(?:C|P|U)\]|§\s?2\.2"
INTERNAL = re.compile(NOTES + r"|(?<![\w.-])[FECIXT]\d{1,2}(?![\w.])")
# in a packet, clinical text has such tokens (vertebra T10): look for the keys of §2.2
INTERNAL_IN_PACKET = re.compile(NOTES + r"|(?<![\w.-])E(?:[4-8]|30)(?![\w.])")


def pdf_text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    pages = [] if first is None else ["-f", str(first), "-l", str(last or first)]
    return squash(run("pdftotext", "-layout", *pages, str(pdf), "-"))


def part_text(bundle: Path, packet_id: str, part_id: str) -> str:
    packet = next(p for p in manifest(bundle)["packets"] if p["id"] == packet_id)
    part = next(p for p in packet["parts"] if p["id"] == part_id)
    return pdf_text(bundle / packet["file"], *part["pages"])


def case_with(tmp_path: Path, name: str, edit: Any) -> Path:
    """The example's data with ``edit(data)`` applied, uploads made absolute."""
    return example_copy(FR, tmp_path / name, edit)


def ledger(case: Path) -> dict[str, Any]:
    return validate_cli(case, ROUTE)


def rows_by_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in data["rows"]}


@pytest.fixture(scope="module")
def bundle(built: BuildCache) -> Path:
    return built(FR, ROUTE)


# --------------------------------------------------------------------------------------
# R.5121-74 I: the PUI pharmacist sends the prescriber's request
# --------------------------------------------------------------------------------------
def test_ledger_submit_action_is_the_pharmacists(bundle: Path) -> None:
    rows = rows_by_id(json.loads((bundle / "ledger.json").read_text()))
    submit = rows["action:submit-e-saturne"]
    assert submit["who"] == "pharmacy"
    assert "pharmacist" in submit["item"] and "e-Saturne" in submit["item"]
    assert "R.5121-74" in submit["citation"] and "pharmacien gérant" in submit["citation"]
    request = rows["action:prescriber-request"]
    assert request["who"] == "physician"
    assert "hand it to the pharmacist" in request["item"]
    assert "does not send it" in request["item"]
    # no action of the physician's sends anything to ANSM
    for row in rows.values():
        if row["category"] == "action" and row["who"] == "physician":
            assert not re.match(r"(Enter and )?(submit|send)\b", row["item"], re.I), row
    notice = rows["notice:online-only"]["item"]
    assert "the pharmacist managing the hospital pharmacy (PUI) sends it to ANSM" in notice


def test_packets_are_addressed_as_the_law_assigns_the_roles(bundle: Path) -> None:
    packets = {p["id"]: p for p in manifest(bundle)["packets"]}
    prescriber, pharmacy = packets["prescriber-packet"], packets["pharmacy-packet"]
    assert "à remettre au pharmacien de la PUI" in prescriber["title"]
    assert "auteur de la demande" in prescriber["audience"]
    assert "transmission à l'ANSM par le pharmacien" in pharmacy["title"]
    assert pharmacy["audience"].startswith("Pharmacien gérant la pharmacie à usage intérieur")
    assert "transmet la demande" in pharmacy["audience"]
    # the pharmacist uploads the reports, so the pharmacist's packet carries them
    assert "pieces-cliniques" in [p["id"] for p in pharmacy["parts"]]
    first_page = pdf_text(bundle / pharmacy["file"], 1)
    assert "transmission à l'ANSM par le pharmacien de la PUI · Page 1 sur" in first_page
    note = part_text(bundle, "pharmacy-packet", "note-pui")
    assert "À l’attention du pharmacien gérant la pharmacie à usage intérieur" in note
    assert "il vous revient, en tant que pharmacien gérant la pharmacie à usage intérieur, " \
           "de la transmettre à l’ANSM" in note
    assert "Je dépose" not in note
    # the out-of-hours rule as ANSM states it
    assert "la PUI n’est pas tenue d’appeler l’astreinte de l’ANSM" in note
    assert "la demande est régularisée a posteriori dans" in note
    assert "En cas d’urgence vitale, le recours à l’astreinte de l’ANSM est maintenu" in note
    assert "son accord oral" not in note  # no agreement that is "not required" yet regularised
    fiche = part_text(bundle, "prescriber-packet", "fiche-preparation")
    assert "La demande d’AAC est celle du prescripteur ; le pharmacien gérant la PUI la " \
           "transmet à l’ANSM par voie électronique" in fiche
    one = fiche[fiche.index("1° Prescripteur et pharmacien"):fiche.index("2° Patient")]
    assert "Pharmacien gérant la PUI, qui" in one  # the label wraps in its cell
    assert "Dr Julien Roussel" in one


# --------------------------------------------------------------------------------------
# R.5121-74 2°: initials of surname and first name, age, sex, weight; nothing more
# --------------------------------------------------------------------------------------
def test_sheet_identifies_the_patient_by_initials_age_sex_weight_only(bundle: Path) -> None:
    fiche = part_text(bundle, "prescriber-packet", "fiche-preparation")
    section = fiche[fiche.index("2° Patient"):fiche.index("3° Médicament")]
    assert "Initiales du nom et du prénom CDL" in section
    assert "Âge 65 ans" in section and "Sexe féminin" in section
    assert "Poids 61,5 kg" in section
    assert "ne comporte ni son nom ni sa date de naissance" in section
    # the old claim that e-Saturne asks for the name and birth date is gone
    assert "demandés par e-Saturne" not in fiche
    assert "Allergies" not in section  # clinical data, not an identifier: further down
    for packet in manifest(bundle)["packets"]:
        body = pdf_text(bundle / packet["file"])
        for word in (FULL_NAME, *re.split(r"[\s-]+", FULL_NAME)):
            assert word not in body, (packet["id"], word)
        for shown in (BIRTH.strftime("%d/%m/%Y"), BIRTH.isoformat(), str(BIRTH.year)):
            assert shown not in body, (packet["id"], shown)


# --------------------------------------------------------------------------------------
# R.5121-74 5°, 6°, 7°
# --------------------------------------------------------------------------------------
def test_sheet_has_the_r5121_74_content_5_6_and_7(bundle: Path) -> None:
    fiche = part_text(bundle, "prescriber-packet", "fiche-preparation")
    heads = ["5° Recherches à des fins commerciales en cours sur le médicament",
             "6° Engagement du prescripteur ou motifs de la demande",
             "7° Engagement du prescripteur d’informer le patient"]
    at = [fiche.index(h) for h in heads]
    assert at == sorted(at)
    five = fiche[at[0]:at[1]]
    assert "NCT05964812 — ZEPHYR-1" in five  # the product's trial, with its title
    assert "très précoce" in five and "douze mois (dix-huit mois pour une maladie rare)" in five
    six = fiche[at[1]:at[2]]
    assert "À compléter à la main par le prescripteur" in six
    assert "□ Je m’engage : ma demande respecte les critères d’octroi de l’AAC publiés par " \
           "l’ANSM" in six
    for reason in ("a) Le patient ne peut être inclus dans aucune recherche",
                   "b) Il n’existe pas de traitement approprié",
                   "c) L’efficacité et la sécurité du médicament sont présumées"):
        assert reason in six, reason
    assert "NCT06390077" in six  # a): the trials screened and why the patient cannot join
    deferral = six[six.index("La mise en œuvre du traitement peut-elle être différée ?"):]
    # the example answers it (request.justification.treatment_can_be_deferred: false)
    assert deferral.startswith("La mise en œuvre du traitement peut-elle être différée ? "
                               "Non : la mise en œuvre du traitement ne peut pas être différée.")
    assert "□ oui" not in deferral
    seven = fiche[at[2]:]
    assert "□ Je m’engage à informer le patient." in seven
    assert "n’a pas été vérifié sur le texte officiel" in seven
    assert "Date et signature du médecin prescripteur" in seven


def test_sheet_lists_authorisations_and_says_what_follows_the_grant(bundle: Path) -> None:
    fiche = part_text(bundle, "prescriber-packet", "fiche-preparation")
    table = fiche[fiche.index("Autorisations de mise sur le marché, dans toute indication"):
                  fiche.index("Pièces à téléverser")]
    for cell in ("États-Unis", "en vigueur depuis le", "02/03/2026", "Zoferix", "première ligne"):
        assert cell in table, cell
    assert "aucune autorisation de mise sur le marché délivrée par l’ANSM ou par la " \
           "Commission européenne" in table
    after = fiche[fiche.index("Après l’autorisation"):]
    assert "durée du traitement, dans la limite d’un an" in after
    assert "titulaire de l’autorisation" in after and "attestation du prescripteur" in after
    assert "PUT-SP" in after and "participent au recueil des données" in after


# --------------------------------------------------------------------------------------
# Eligibility: no ANSM or European Commission authorisation (L.5121-12-1 II)
# --------------------------------------------------------------------------------------
RULE = "eligibility:no-fr-or-eu-marketing-authorisation"


def _approval(jurisdiction: str, status: str) -> Any:
    def edit(data: dict[str, Any]) -> None:
        approval = {"jurisdiction": jurisdiction, "status": status,
                    "approved_on": "2025-06-02", "brand_name": "Zoferix"}
        if status == "withdrawn":
            approval["withdrawn_on"] = "2026-02-10"
        data["product"].setdefault("approvals", []).append(approval)
    return edit


def test_example_meets_the_authorisation_rule(bundle: Path) -> None:
    rows = rows_by_id(json.loads((bundle / "ledger.json").read_text()))
    assert rows[RULE]["status"] == "complete"  # a US approval does not count
    assert "L.5121-12-1, II" in rows[RULE]["citation"]
    assert CASE["product"]["approvals"][0]["jurisdiction"] == "US"
    assert CASE["product"]["approvals"][0]["status"] == "approved"


@pytest.mark.parametrize("jurisdiction", ["EU", "FR"])
def test_a_standing_eu_or_french_approval_refuses_the_route(tmp_path: Path,
                                                            jurisdiction: str) -> None:
    case = case_with(tmp_path, jurisdiction, _approval(jurisdiction, "approved"))
    data = ledger(case)
    row = rows_by_id(data)[RULE]
    assert row["status"] == "not_met" and row["blocking"] is True
    assert "CSP L.5121-12-1 II" in row["item"]  # the refusal names the rule
    assert "withdrawn authorisation does not count" in row["item"]
    assert "discontinued" in row["item"]  # the paragraph's other branch, to check with ANSM
    assert data["ready"] is False
    routes = cli("routes", str(case)).stdout
    line = next(ln for ln in routes.splitlines() if ln.startswith(f"{ROUTE}:"))
    assert "does not qualify" in line
    assert "CSP L.5121-12-1 II" in routes[routes.index(line):].split("\nema/it")[0]
    res = cli("build", str(case), "--route", ROUTE, "--out", str(tmp_path / "out"))
    assert res.returncode != 0 and "L.5121-12-1 II" in res.stderr


def test_a_withdrawn_eu_approval_does_not_refuse_it(tmp_path: Path) -> None:
    case = case_with(tmp_path, "withdrawn", _approval("EU", "withdrawn"))
    data = ledger(case)
    assert rows_by_id(data)[RULE]["status"] == "complete"
    assert data["ready"] is True
    routes = cli("routes", str(case)).stdout
    line = next(ln for ln in routes.splitlines() if ln.startswith(f"{ROUTE}:"))
    assert "does not" not in line, line
    bundle = build_cli(case, ROUTE, tmp_path / "out")
    fiche = part_text(bundle, "prescriber-packet", "fiche-preparation")
    table = fiche[fiche.index("Autorisations de mise sur le marché, dans toute indication"):
                  fiche.index("Pièces à téléverser")]
    for cell in ("Union européenne", "retirée le", "10/02/2026", "en vigueur"):
        assert cell in table, cell


def test_commercial_research_refuses_unless_the_exception_holds(tmp_path: Path) -> None:
    """The example's phase II medicine in a company trial: no exception, a refusal that
    names the rule and the conditions the case lacks."""
    def researched(data: dict[str, Any]) -> None:
        data["product"]["in_development_for_indication"] = True

    case = case_with(tmp_path, "research", researched)
    data = ledger(case)
    row = rows_by_id(data)["eligibility:no-commercial-research"]
    assert row["status"] == "not_met" and row["blocking"] is True and data["ready"] is False
    item = row["item"]
    assert "L.5121-12-1 I 1°" in item and "L.5121-12-1 II (second paragraph)" in item
    for condition in ("very early stage", "product.development_phase phase_1",
                      "treatment_can_be_deferred false", "trials_screened"):
        assert condition in item, condition
    assert "deuxième alinéa" in row["citation"] and "stade très précoce" in row["citation"]
    assert not any(r["id"].startswith("action:early-access") for r in data["rows"])
    routes = cli("routes", str(case)).stdout
    line = next(ln for ln in routes.splitlines() if ln.startswith(f"{ROUTE}:"))
    assert "does not qualify" in line
    res = cli("build", str(case), "--route", ROUTE, "--out", str(tmp_path / "out"))
    assert res.returncode != 0 and "L.5121-12-1 I 1°" in res.stderr


def _early_research(rare: bool | None, deferrable: bool = False) -> Any:
    def edit(data: dict[str, Any]) -> None:
        data["product"]["in_development_for_indication"] = True
        data["product"]["development_phase"] = "phase_1"
        data["request"]["justification"]["treatment_can_be_deferred"] = deferrable
        data["diagnosis"]["rare_disease"] = rare
    return edit


def test_early_research_exception_qualifies_with_the_holders_undertaking(
        tmp_path: Path) -> None:
    data = ledger(case_with(tmp_path, "early", _early_research(rare=False)))
    rows = rows_by_id(data)
    assert rows["eligibility:no-commercial-research"]["status"] == "complete"
    assert data["ready"] is True
    action = rows["action:early-access-undertaking"]
    assert action["who"] == "manufacturer" and action["status"] == "awaiting"
    assert "within 12 months" in action["item"]
    assert "D.5121-74-1-1" in action["citation"] and action["verified"] is True
    assert "action:early-access-undertaking-rare" not in rows
    # one condition missing: the treatment can be deferred -> refused
    deferred = ledger(case_with(tmp_path, "deferrable", _early_research(False, True)))
    assert rows_by_id(deferred)["eligibility:no-commercial-research"]["status"] == "not_met"
    assert deferred["ready"] is False


@pytest.fixture(scope="module")
def early_rare_discontinued(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The early-research exception in a rare disease, with an EU authorisation whose
    marketing was discontinued (the other branch of L.5121-12-1 II)."""
    base = tmp_path_factory.mktemp("fr-early-rare")

    def edit(data: dict[str, Any]) -> None:
        _early_research(rare=True)(data)
        _approval("EU", "marketing_discontinued")(data)

    case = case_with(base, "case", edit)
    return build_cli(case, ROUTE, base / "out")


def test_early_research_in_a_rare_disease_gives_18_months(early_rare_discontinued: Path) -> None:
    rows = rows_by_id(json.loads((early_rare_discontinued / "ledger.json").read_text()))
    assert rows["eligibility:no-commercial-research"]["status"] == "complete"
    action = rows["action:early-access-undertaking-rare"]
    assert "within 18 months" in action["item"] and "rare disease" in action["item"]
    assert "action:early-access-undertaking" not in rows
    fiche = part_text(early_rare_discontinued, "prescriber-packet", "fiche-preparation")
    assert "La demande relève de la dérogation pour une recherche à un stade très précoce" in fiche
    assert "dix-huit mois pour cette maladie rare (art. D.5121-74-1-1)" in fiche
    assert "Le médicament fait l’objet d’une recherche à des fins commerciales" in fiche


def test_a_discontinued_authorisation_is_a_check_not_a_refusal(
        early_rare_discontinued: Path) -> None:
    data = json.loads((early_rare_discontinued / "ledger.json").read_text())
    rows = rows_by_id(data)
    assert rows[RULE]["status"] == "complete"  # only a marketed FR/EU authorisation refuses
    check = rows["eligibility:discontinued-authorisation-not-covering-indication"]
    assert check["status"] == "not_met" and check["blocking"] is False
    assert "marketing was discontinued" in check["item"]
    assert "does not cover the requested indication" in check["item"]
    assert "the case cannot tell" in check["item"]
    assert "L.5121-12-1, II" in check["citation"]
    assert data["ready"] is True
    fiche = part_text(early_rare_discontinued, "prescriber-packet", "fiche-preparation")
    table = fiche[fiche.index("Autorisations de mise sur le marché, dans toute indication"):
                  fiche.index("Pièces à téléverser")]
    assert "Union européenne" in table and "commercialisation arrêtée" in table
    routes = cli("routes", str(early_rare_discontinued.parent / "case" / "case.yaml")).stdout
    line = next(ln for ln in routes.splitlines() if ln.startswith(f"{ROUTE}:"))
    assert "does not" not in line, line
    assert "marketing was discontinued" in routes


def test_the_example_has_no_commercial_research_in_the_indication() -> None:
    """L.5121-12-1 I 1° has no 'in France' limit: the example's company trial in the
    indication is completed, so the condition holds without the exception."""
    assert CASE["product"]["in_development_for_indication"] is False
    zephyr = next(t for t in CASE["request"]["justification"]["trials_screened"]
                  if t["nct"] == "NCT05964812")
    assert "Étude achevée" in zephyr["reason_not_eligible"]
    assert "ne conduit plus de recherche à des fins commerciales dans cette indication" in (
        zephyr["reason_not_eligible"])
    text = FR.read_text(encoding="utf-8")
    assert "in France in this setting" not in text and "ouvert en France" not in text


# --------------------------------------------------------------------------------------
# Duration, renewal, PUT-SP
# --------------------------------------------------------------------------------------
def test_put_sp_is_an_action_for_prescriber_and_pharmacist(bundle: Path) -> None:
    rows = rows_by_id(json.loads((bundle / "ledger.json").read_text()))
    who = {rows[i]["who"] for i in ("action:put-sp-prescriber", "action:put-sp-pharmacist")}
    assert who == {"physician", "pharmacy"}
    for key in ("action:put-sp-prescriber", "action:put-sp-pharmacist"):
        assert "PUT-SP" in rows[key]["item"] and "data collection" in rows[key]["item"]
        assert "R.5121-74-5" in rows[key]["citation"]
        assert rows[key]["status"] == "awaiting"


def test_renewal_follows_r5121_74_3_and_4(tmp_path: Path) -> None:
    def granted(data: dict[str, Any]) -> None:
        data["request"]["authorized_on"] = "2026-11-30"

    row = rows_by_id(ledger(case_with(tmp_path, "granted", granted)))["deadline:renewal"]
    assert row["status"] == "scheduled" and row["due"] == "2027-11-30"
    assert "duration of treatment, one year at most" in row["item"]
    assert "its holder asks ANSM" in row["item"] and "prescriber's statement" in row["item"]
    assert "R.5121-74-4" in row["citation"]


# --------------------------------------------------------------------------------------
# Citations name the law; facts cite it; nothing shows our notes
# --------------------------------------------------------------------------------------
def test_no_citation_or_text_shows_an_internal_key(bundle: Path) -> None:
    data = json.loads((bundle / "ledger.json").read_text())
    cited = [r["citation"] for r in data["rows"] if r.get("citation")]
    assert len(cited) > 10
    for text in cited + [r["item"] for r in data["rows"]]:
        assert not INTERNAL.search(text), text
    for view in (bundle / "ledger.md").read_text(), cli(
            "validate", str(FR), "--route", ROUTE).stdout:
        assert not INTERNAL.search(view), INTERNAL.search(view)
        assert "Code de la santé publique, art. R.5121-74" in view
    for packet in manifest(bundle)["packets"]:
        body = pdf_text(bundle / packet["file"])
        assert not INTERNAL_IN_PACKET.search(body), (packet["id"],
                                                     INTERNAL_IN_PACKET.search(body))
        assert "[non confirmé]" not in body


def test_route_citations_have_dates_and_facts_cite_them() -> None:
    spec = yaml.safe_load(ROUTE_FILE.read_text(encoding="utf-8"))
    cites = spec["citations"]
    for key, cite in cites.items():
        if re.search(r"Code de la santé publique|Décret", cite["text"]):
            assert cite.get("date"), key
        assert cite["verified"] == (key != "onp-e-saturne-2019"), key
    uncited = [f["text"] for f in spec["facts"] if not f.get("citation")]
    assert uncited == ["No fee is charged for an AAC request"]  # no official source at all
    assert all(f["citation"] in cites for f in spec["facts"] if f.get("citation"))
    # the texts the reference confirms are verified; the unconfirmed stay facts to verify
    assert {f["status"] for f in spec["facts"]} == {"C", "U"}


def test_deferral_unanswered_is_asked_not_blocking(tmp_path: Path) -> None:
    """Without request.justification.treatment_can_be_deferred the ledger asks for it (the
    sheet then leaves the two boxes for the prescriber to tick), without blocking."""
    def drop(data: dict[str, Any]) -> None:
        del data["request"]["justification"]["treatment_can_be_deferred"]

    ledger = accesspack.validate(accesspack.load_case(case_with(tmp_path, "no-deferral", drop)),
                                 "ema/fr-aac")
    row = next(r for r in ledger.rows
               if r.id == "field:request.justification.treatment_can_be_deferred")
    assert row.status == "missing" and not row.blocking and row.who == "physician"
    assert "R.5121-74 6°" in (row.question or "") and ledger.ready
