"""Germany, individueller Heilversuch: the application to the statutory health insurer.

§ 2 Abs. 1a SGB V: the insured person (or the treating provider) applies, and the health
insurer declares cost coverage before treatment begins. The route builds the patient's
application with the physician's statement only for a patient in the statutory health
insurance; that packet names the patient and her member number, every other output shows
initials only. Outputs are read back with poppler's pdftotext, the manifest, the rendered
DOCX and the ledger JSON.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from accesspack import load_route
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

CASE = EXAMPLES / "ema-de-heilversuch" / "case.yaml"
ROUTE = "ema/de-heilversuch"
DATA = yaml.safe_load(CASE.read_text(encoding="utf-8"))
FULL_NAME = DATA["patient"]["full_name"]
SURNAME = FULL_NAME.split()[-1]
MEMBER = DATA["insurance"]["member_number"]
INSURER = DATA["insurance"]["name"]
BIRTH = "14.03.1961"  # the example's date of birth as the route prints dates
STREET = DATA["patient"]["address"]["line1"]
IDENTIFYING = (FULL_NAME, SURNAME, MEMBER, BIRTH, STREET)
# what must never reach a reader: our source keys, notes files and confidence tags
INTERNAL = re.compile(r"(?<![\w.-])E3[23](?![\w.])|regulators\.md|\[[CPU]\]")


def case_with(tmp_path: Path, insurance: dict[str, Any] | None) -> Path:
    """The example case with another insurance section (None: without one)."""
    def change(data: dict[str, Any]) -> None:
        if insurance is None:
            data.pop("insurance")
        else:
            data["insurance"] = insurance

    return example_copy(CASE, tmp_path, change)


def ledger_of(case: Path) -> dict[str, Any]:
    return validate_cli(case, ROUTE)


def route_citation(key: str) -> str:
    return load_route(ROUTE).citations[key].text


def rows_by_id(ledger: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in ledger["rows"]}


def packet_text(bundle: Path, packet_id: str, part_id: str | None = None) -> str:
    packet = next(p for p in manifest(bundle)["packets"] if p["id"] == packet_id)
    args = ["pdftotext", "-layout"]
    if part_id is not None:
        first, last = next(p for p in packet["parts"] if p["id"] == part_id)["pages"]
        args += ["-f", str(first), "-l", str(last)]
    return run(*args, str(bundle / packet["file"]), "-")


@pytest.fixture(scope="module")
def statutory(built: BuildCache) -> Path:
    return built(CASE, ROUTE)


@pytest.fixture(scope="module")
def private(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("de-private")
    case = case_with(base, {"kind": "private", "name": "Beispiel Krankenversicherung AG",
                            "member_number": "PKV-7731"})
    return build_cli(case, ROUTE, base / "out")


# --------------------------------------------------------------------------------------
# a statutory insurer: the patient's application with the physician's statement
# --------------------------------------------------------------------------------------
def test_the_insurer_packet_is_built_with_its_parts_in_order(statutory: Path) -> None:
    packets = {p["id"]: p for p in manifest(statutory)["packets"]}
    assert list(packets) == ["heilversuch-dokumentation", "apotheke", "krankenkasse"]
    insurer = packets["krankenkasse"]
    assert [p["id"] for p in insurer["parts"]] == [
        "kostenuebernahmeantrag", "toc", "aerztliche-stellungnahme", "befunde-kasse"]
    assert insurer["audience"].startswith("Gesetzliche Krankenkasse")
    assert "Antrag der/des Versicherten" in insurer["audience"]


def test_the_application_names_patient_member_number_insurer_and_the_statute(
        statutory: Path) -> None:
    letter = squash(packet_text(statutory, "krankenkasse", "kostenuebernahmeantrag"))
    for needed in (FULL_NAME, STREET, f"Krankenversichertennummer: {MEMBER}", BIRTH, INSURER,
                   "Antrag auf Kostenübernahme nach § 2 Abs. 1a SGB V",
                   "Kostenübernahmeerklärung nach § 2 Abs. 1a Satz 2 SGB V",
                   "vor Beginn der Behandlung", "ich bin bei Ihnen gesetzlich krankenversichert",
                   "Unterschrift der versicherten Person", "ein eigenes Formular",
                   "Ärztliche Stellungnahme von Dr. med. Matthias Lorenz vom 20.11.2026"):
        assert needed in letter, needed
    # the statute's own words for the three conditions
    for words in ("lebensbedrohlichen oder regelmäßig tödlichen Erkrankung",
                  "zumindest wertungsmäßig vergleichbaren Erkrankung",
                  "allgemein anerkannte, dem medizinischen Standard entsprechende Leistung",
                  "nicht ganz entfernt liegende Aussicht auf Heilung oder auf eine spürbare "
                  "positive Einwirkung auf den Krankheitsverlauf"):
        assert words in letter, words
    # the example's manufacturer supplies free of charge: the letter says so, as its claim
    assert "Nach Angabe des Herstellers" in letter and "kostenfrei" in letter
    assert not re.search(r"\b\d\d/\d\d/20\d\d\b|\b20\d\d-\d\d-\d\d\b", letter)


def test_the_physicians_statement_addresses_each_condition(statutory: Path) -> None:
    statement = squash(packet_text(statutory, "krankenkasse", "aerztliche-stellungnahme"))
    for needed in (FULL_NAME, MEMBER, INSURER, BIRTH,
                   "Ärztliche Stellungnahme zum Antrag auf Kostenübernahme nach § 2 Abs. 1a SGB V",
                   "1. Lebensbedrohliche oder regelmäßig tödliche Erkrankung",
                   "2. Keine allgemein anerkannte, dem medizinischen Standard entsprechende "
                   "Behandlung verfügbar",
                   "3. Nicht ganz entfernt liegende Aussicht auf Heilung",
                   "Stadium IVB", "Sunvozertinib", "NCT05964812", "Ansprechrate 41 %",
                   "Die Patientin beantragt", "Voraussetzungen des § 2 Abs. 1a Satz 1 SGB V vor",
                   "Dr. med. Matthias Lorenz", "Köln, den 20.11.2026"):
        assert needed in statement, needed


# --------------------------------------------------------------------------------------
# everything else identifies the patient by initials only
# --------------------------------------------------------------------------------------
def test_no_other_packet_document_ledger_or_manifest_identifies_the_patient(
        statutory: Path) -> None:
    for packet in manifest(statutory)["packets"]:
        if packet["id"] == "krankenkasse":
            continue
        body = run("pdftotext", str(statutory / packet["file"]), "-")
        assert "KBW" in body, packet["id"]
        for value in IDENTIFYING:
            assert value not in body, (packet["id"], value)
    for name in ("ledger.json", "ledger.md", "manifest.json", "preflight.json"):
        text = (statutory / name).read_text(encoding="utf-8")
        for value in IDENTIFYING:
            assert value not in text, (name, value)
    for docx in sorted((statutory / "documents").glob("*.docx")):
        xml = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
        named = FULL_NAME in xml and MEMBER in xml
        assert named == (docx.stem in ("kostenuebernahmeantrag", "aerztliche-stellungnahme")), (
            docx.name)
    assert not any(FULL_NAME in p.name or SURNAME in p.name
                   for p in statutory.rglob("*")), "a file name names the patient"


def test_the_ledger_asks_the_patient_to_sign_and_send_before_treatment(
        statutory: Path) -> None:
    ledger = json.loads((statutory / "ledger.json").read_text(encoding="utf-8"))
    rows = rows_by_id(ledger)
    action = rows["action:insurer-application"]
    assert action["who"] == "patient" and action["status"] == "awaiting"
    assert "before treatment begins" in action["item"]
    assert "signs the application" in action["question"]
    assert "insured person or of the treating provider" in action["question"]
    assert "§ 2 Abs. 1a Sozialgesetzbuch Fünftes Buch (SGB V)" in action["citation"]
    assert action["verified"] is True
    assert rows["action:insurer-statement"]["who"] == "physician"
    # still nothing goes to an authority
    assert "Nothing is filed with BfArM or PEI" in rows["notice:no-authority-filing"]["item"]
    assert rows["field:insurance.member_number"]["status"] == "complete"
    for row in ledger["rows"]:
        for key in ("item", "question", "citation"):
            assert not INTERNAL.search(row.get(key) or ""), (row["id"], row.get(key))
    md = (statutory / "ledger.md").read_text(encoding="utf-8")
    judgment = route_citation("bsg-b1kr705r")
    assert judgment.startswith("Bundessozialgericht, Urteil vom 04.04.2006, B 1 KR 7/05 R")
    assert f"{judgment} (not confirmed against the official text" in md


def test_the_statute_is_cited_with_its_date_and_the_judgment_unverified() -> None:
    route = load_route(ROUTE)
    statute = route.citations["sgb5-2-1a"]
    assert statute.verified is True and statute.date == "in Kraft seit 01.01.2012"
    assert "GKV-Versorgungsstrukturgesetzes vom 22.12.2011 (BGBl. I S. 2983)" in statute.text
    assert route.citations["bsg-b1kr705r"].verified is False
    insurer = next(p for p in route.spec.packets if p.id == "krankenkasse")
    assert insurer.patient_identity == "full"
    assert {route.identity(p) for p in route.spec.packets if p is not insurer} == {"initials"}
    assert all(f.citation for f in route.spec.facts if f.status != "U")


# --------------------------------------------------------------------------------------
# a privately insured patient, another kind, no insurance section
# --------------------------------------------------------------------------------------
def test_a_private_insurer_gets_no_application_and_the_ledger_says_why(private: Path) -> None:
    man = manifest(private)
    assert [p["id"] for p in man["packets"]] == ["heilversuch-dokumentation", "apotheke"]
    assert not list(private.glob("*krankenkasse*"))
    for packet in man["packets"]:
        body = run("pdftotext", str(private / packet["file"]), "-")
        assert FULL_NAME not in body and "PKV-7731" not in body
    rows = rows_by_id(json.loads((private / "ledger.json").read_text(encoding="utf-8")))
    notice = rows["notice:private-insurance"]
    assert notice["status"] == "info"
    assert "matter of the private insurance contract" in notice["item"]
    assert "§ 192 Abs. 1 und 8 Versicherungsvertragsgesetz (VVG)" in notice["citation"]
    assert "action:insurer-application" not in rows
    assert "field:insurance.member_number" not in rows
    assert "notice:other-insurance" not in rows


def test_another_kind_of_insurance_gets_no_application_and_a_notice(tmp_path: Path) -> None:
    rows = rows_by_id(ledger_of(case_with(tmp_path, {"kind": "other",
                                                     "name": "Heilfürsorge Beispiel"})))
    assert "governs the statutory health insurance" in rows["notice:other-insurance"]["item"]
    assert "notice:private-insurance" not in rows
    assert "action:insurer-application" not in rows


def test_without_insurance_the_ledger_asks_how_the_patient_is_insured(tmp_path: Path) -> None:
    ledger = ledger_of(case_with(tmp_path, None))
    rows = rows_by_id(ledger)
    ask = rows["eligibility:insurance-known"]
    assert ask["status"] == "missing" and ask["blocking"] is False and ask["who"] == "patient"
    assert "How is the patient insured?" in ask["question"]
    assert ledger["ready"] is True  # no application is built, so nothing of it blocks
    assert not any(r["id"].startswith("field:insurance") for r in ledger["rows"])
    res = cli("routes", str(case_with(tmp_path, None)))
    assert "ema/de-heilversuch: qualifies" in res.stdout
    assert "note (does not block): the case does not say how the patient is insured" in (
        res.stdout)


def test_a_statutory_insurer_without_member_number_blocks(tmp_path: Path) -> None:
    ledger = ledger_of(case_with(tmp_path, {"kind": "statutory", "name": INSURER}))
    row = rows_by_id(ledger)["field:insurance.member_number"]
    assert row["status"] == "missing" and row["blocking"] is True and row["who"] == "patient"
    assert ledger["ready"] is False


# --------------------------------------------------------------------------------------
# review round two: a German or EU authorisation is never called "nicht zugelassen"
# --------------------------------------------------------------------------------------
EU_APPROVAL = {"jurisdiction": "EU", "status": "marketing_discontinued",
               "approved_on": "2025-06-10", "brand_name": "Zoferix",
               "indication": "NSCLC mit EGFR-Exon-20-Insertion, Erstlinie"}
# the four generated documents of the three packets, by part id
DOCUMENT_PARTS = {"heilversuch-dokumentation": "indikation", "apotheke": "apothekenanforderung",
                  "krankenkasse": ("kostenuebernahmeantrag", "aerztliche-stellungnahme")}


def case_with_approvals(tmp_path: Path, approvals: list[dict[str, Any]]) -> Path:
    return example_copy(CASE, tmp_path,
                        lambda data: data["product"].__setitem__("approvals", approvals))


def document_texts(bundle: Path) -> dict[str, str]:
    out = {}
    for packet, parts in DOCUMENT_PARTS.items():
        for part in (parts,) if isinstance(parts, str) else parts:
            out[part] = squash(packet_text(bundle, packet, part))
    return out


@pytest.fixture(scope="module")
def eu_authorised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("de-eu-authorised")
    return build_cli(case_with_approvals(base, [EU_APPROVAL]), ROUTE, base / "out")


def test_an_eu_authorisation_is_never_called_unauthorised(eu_authorised: Path) -> None:
    texts = document_texts(eu_authorised)
    assert len(texts) == 4
    for part, text in texts.items():
        assert "nicht zugelassen" not in text, part
        assert "fehlenden Zulassungsstatus" not in text, part
        assert "zugelassen" in text, part
    # the status with the authorisation the case records, and the scope left to check
    for part in ("indikation", "apothekenanforderung", "aerztliche-stellungnahme"):
        text = texts[part]
        assert "in Deutschland zugelassen (EU-Zulassung (Zoferix) vom 10.06.2025, Vertrieb " \
               "eingestellt" in text, part
        assert "vom Umfang der Zulassung erfasst ist, ist anhand der Zulassung " \
               "(Fachinformation) zu prüfen" in text, part
    assert "Das Arzneimittel ist in Deutschland zugelassen" in texts["kostenuebernahmeantrag"]
    # never claims the use is off-label: no case field says so
    for text in texts.values():
        assert "außerhalb der Zulassung" not in text and "Off-Label" not in text


def test_an_eu_authorisation_is_a_note_naming_what_changes(eu_authorised: Path) -> None:
    rows = rows_by_id(json.loads((eu_authorised / "ledger.json").read_text(encoding="utf-8")))
    row = rows["eligibility:no-de-or-eu-authorisation"]
    assert row["status"] == "not_met" and row["blocking"] is False
    for words in ("the documents therefore say that the medicine is authorised",
                  "must be checked against the authorisation",
                  "off-label use", "not covered by the sources this route was checked against",
                  "not confirmed against any official text"):
        assert words in row["item"], words
    facts = [r for r in rows.values() if r["category"] == "fact"]
    assert any("off-label" in r["item"] and r["citation"] is None for r in facts)
    res = cli("routes", str(eu_authorised.parent / "case.yaml"))
    assert "ema/de-heilversuch: qualifies" in res.stdout
    assert "the case records a marketing authorisation standing in Germany" in res.stdout


def test_without_a_german_or_eu_authorisation_the_documents_say_unauthorised(
        statutory: Path, tmp_path: Path) -> None:
    texts = document_texts(statutory)
    assert "Der Einsatz des in Deutschland nicht zugelassenen Arzneimittels" in (
        texts["indikation"])
    assert "Anforderung eines nicht zugelassenen Arzneimittels" in texts["apothekenanforderung"]
    assert "dem in Deutschland nicht zugelassenen Arzneimittel" in (
        texts["kostenuebernahmeantrag"])
    assert "Zulassungsstatus in Deutschland nicht zugelassen" in (
        texts["aerztliche-stellungnahme"])
    rows = rows_by_id(json.loads((statutory / "ledger.json").read_text(encoding="utf-8")))
    assert rows["eligibility:no-de-or-eu-authorisation"]["status"] == "complete"
    # a withdrawn EU authorisation, or one elsewhere, does not count
    for approvals in ([dict(EU_APPROVAL, status="withdrawn", withdrawn_on="2026-01-05")],
                      [dict(EU_APPROVAL, jurisdiction="US", status="approved")]):
        ledger = ledger_of(case_with_approvals(tmp_path, approvals))
        assert rows_by_id(ledger)["eligibility:no-de-or-eu-authorisation"]["status"] == (
            "complete")
    ledger = ledger_of(case_with_approvals(tmp_path, [dict(EU_APPROVAL, jurisdiction="DE")]))
    assert rows_by_id(ledger)["eligibility:no-de-or-eu-authorisation"]["status"] == "not_met"


def test_citation_dates_are_only_what_was_retrieved() -> None:
    route = load_route(ROUTE)
    assert route.citations["amhv-1-2"].date == "14.07.2010"
    assert route.citations["amg-21-2"].date == "Neufassung vom 12.12.2005 (BGBl. I S. 3394)"
    for key, citation in route.citations.items():
        assert "zuletzt geändert am 06.07.2022" not in (citation.date or ""), key
        assert "23.10.2024" not in (citation.date or ""), key


def test_practice_is_no_citation_and_consent_cites_the_bgb(statutory: Path) -> None:
    route = load_route(ROUTE)
    for key, citation in route.citations.items():
        assert "Übliche Praxis" not in citation.text, key
        assert "keine amtliche Vorgabe" not in citation.text, key
    assert "de-internal-documentation" not in route.citations
    bgb = route.citations["bgb-630d-630f"]
    assert bgb.verified is False and "§ 630d (Einwilligung)" in bgb.text
    rows = rows_by_id(json.loads((statutory / "ledger.json").read_text(encoding="utf-8")))
    for rid in ("part:herstellerzusage", "part:herstellerzusage-kopie"):
        assert rows[rid]["citation"] is None, rid
        assert "no official text found requires it" in rows[rid]["question"], rid
    assert rows["action:ethics-advice"]["citation"] is None
    assert "no official text found requires it" in rows["action:ethics-advice"]["question"]
    for rid in ("part:aufklaerung-einwilligung", "action:consent"):
        assert rows[rid]["citation"].startswith("Bürgerliches Gesetzbuch (BGB) § 630d"), rid
        assert "(not confirmed against the official text" in (
            (statutory / "ledger.md").read_text(encoding="utf-8"))
    assert rows["eligibility:no-alternative"]["blocking"] is False
    assert rows["eligibility:no-alternative"]["citation"] is None
