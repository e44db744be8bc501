"""Switzerland: swissmedic/named-patient (AMBV art. 49 import, KVV art. 71c/71d cost approval).

Fast tests read the route through the API (plan and validate, no LibreOffice): which packets
a case gets by the drug's authorisations, and what the ledger says when the insurer's
request is not prepared. Slow tests build the two examples (German, Zürich: a drug authorised
abroad for the indication; French, Vaud: a drug authorised only for clinical trials) and the
route's minimal German case, and read them back with poppler's pdftotext.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from accesspack import load_case, plan, validate
from accesspack.model import Case
from tests.conftest import (
    EXAMPLES,
    ROOT,
    BuildCache,
    example_copy,
    manifest,
    text_of,
)

ROUTE = "swissmedic/named-patient"
ZH = EXAMPLES / "swissmedic-zh-kostengutsprache" / "case.yaml"
VD = EXAMPLES / "swissmedic-vd-annonce" / "case.yaml"
MINIMAL = ROOT / "tests" / "cases" / "swissmedic-named-patient.minimal.yaml"
TEMPLATES = ROOT / "templates" / "swissmedic"


def _packets(case: Case, language: str) -> dict[str, list[str]]:
    the_plan = plan(case, ROUTE, {"language": language})
    return {packet.id: [part.id for part in parts] for packet, parts in the_plan.active}


def _changed(case_file: Path, change: Any) -> Case:
    data = load_case(case_file).model_dump(mode="json", exclude_none=True)
    change(data)
    return Case.model_validate(data)


def _row_ids(case: Case, language: str = "de") -> set[str]:
    return {row.id for row in validate(case, ROUTE, options={"language": language}).rows}


# -- which packets, by the drug's authorisations (fast) ------------------------------------

def test_drug_authorised_abroad_for_the_indication_gets_the_insurer_request() -> None:
    packets = _packets(load_case(ZH), "de")
    assert packets == {
        "einfuhr": ["toc", "risikoanalyse", "herstellerzusage", "befunde"],
        "kostengutsprache": ["gesuch", "toc", "publikationen", "zulassung",
                             "befunde-versicherer"],
    }
    ids = _row_ids(load_case(ZH))
    assert "notice:authorised-abroad-49-1" in ids  # art. 49(1): no notification
    assert "notice:no-cost-request-trial-only" not in ids
    assert "action:notify-before-import" not in ids


def test_the_examples_carry_no_other_patients_documents() -> None:
    """Reports and supply letters made for other examples' patients stay out of the Swiss
    examples: the ledger shows them awaiting until the case's own are attached."""
    foreign = {"pathology-report.pdf", "ngs-report.pdf", "supply-declaration-en.pdf"}
    for path in (ZH, VD):
        case = load_case(path)
        assert not {Path(a.path).name for a in case.attachments} & foreign
        ledger = validate(case, ROUTE, options={"language": case.language})
        (reports,) = [r for r in ledger.rows if r.id.endswith(":befunde")]
        assert reports.status == "awaiting" and not reports.blocking


def test_art_49_1_asks_who_holds_the_dispensing_licence() -> None:
    assert "action:importer-49-1" in _row_ids(load_case(ZH))
    assert "action:importer-49-1" not in _row_ids(load_case(VD))


def test_the_cost_request_needs_a_publication() -> None:
    def no_publication(data: dict[str, Any]) -> None:
        data["attachments"] = [a for a in data["attachments"] if a["kind"] != "publication"]

    ledger = validate(_changed(ZH, no_publication), ROUTE, options={"language": "de"})
    assert not ledger.ready
    (row,) = [r for r in ledger.rows if r.id.endswith(":publikationen")]
    assert row.blocking and row.status != "complete"


def test_trial_only_drug_gets_the_notification_and_no_insurer_request() -> None:
    case = load_case(VD)
    assert _packets(case, "fr") == {
        "einfuhr": ["meldung", "toc", "risikoanalyse", "herstellerzusage", "befunde"]}
    ledger = validate(case, ROUTE, options={"language": "fr"})
    (notice,) = [r for r in ledger.rows if r.id == "notice:no-cost-request-trial-only"]
    assert "KVV art. 71c" in notice.item and "authorised for the indication" in notice.item
    assert notice.citation is not None and "Art. 71c" in notice.citation
    assert "deadline:insurer-decision" not in {r.id for r in ledger.rows}
    assert "action:notify-before-import" in {r.id for r in ledger.rows}
    assert ledger.ready


def test_an_authorisation_abroad_without_its_indication_gets_no_insurer_request() -> None:
    def no_indication(data: dict[str, Any]) -> None:
        for approval in data["product"]["approvals"]:
            approval.pop("indication")

    case = _changed(ZH, no_indication)
    assert set(_packets(case, "de")) == {"einfuhr"}
    assert "notice:no-cost-request-trial-only" in _row_ids(case)


def test_a_withdrawn_authorisation_is_no_authorisation() -> None:
    """A withdrawn authorisation abroad: neither art. 49(1) nor KVV art. 71c; with a trial
    authorisation the import is notified under art. 49(2)."""
    def withdrawn(data: dict[str, Any]) -> None:
        data["product"]["approvals"][0]["status"] = "withdrawn"
        data["product"]["trial_authorisations"] = ["US"]

    case = _changed(ZH, withdrawn)
    assert _packets(case, "de") == {
        "einfuhr": ["meldung", "toc", "risikoanalyse", "herstellerzusage", "befunde"]}


def test_no_authorisation_anywhere_is_refused_with_what_to_do_instead() -> None:
    def nowhere(data: dict[str, Any]) -> None:
        data["product"].pop("approvals")
        data["product"].pop("trial_authorisations", None)

    ledger = validate(_changed(ZH, nowhere), ROUTE, options={"language": "de"})
    assert not ledger.ready
    (row,) = [r for r in ledger.rows if r.id == "eligibility:authorised-in-a-comparable-country"]
    assert row.blocking and row.status != "complete"


def test_every_blocking_rule_says_what_to_do_instead() -> None:
    from accesspack import load_route

    spec = load_route(ROUTE).spec
    assert spec.filer == "physician" and spec.regulator_action == "notification"
    for rule in spec.eligibility:
        assert rule.instead, rule.id


def test_a_privately_insured_patient_gets_no_request_under_the_kvv() -> None:
    def private(data: dict[str, Any]) -> None:
        data["insurance"]["kind"] = "private"

    case = _changed(ZH, private)
    assert set(_packets(case, "de")) == {"einfuhr"}
    ids = _row_ids(case)
    assert "notice:not-compulsory-insurance" in ids
    assert "notice:no-cost-request-trial-only" not in ids


def test_the_insurer_decides_two_weeks_after_the_complete_request() -> None:
    ledger = validate(load_case(ZH), ROUTE, options={"language": "de"})
    (row,) = [r for r in ledger.rows if r.id == "deadline:insurer-decision"]
    assert row.due == date(2026, 12, 8)  # 24.11.2026 + 14 calendar days (KVV art. 71d(3))


def test_templates_write_swiss_german_and_never_render_the_meldeformular() -> None:
    for path in sorted(TEMPLATES.glob("*.docx")):
        with zipfile.ZipFile(path) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        text = re.sub(r"<[^>]+>", "", xml)
        assert "ß" not in text, path.name
        assert "Meldeformular" not in text and "formulaire" not in text.lower(), path.name
    assert {p.name for p in TEMPLATES.glob("*.docx")} == {
        f"{name}-{lang}.docx" for name in ("notification", "risk-analysis", "cost-approval")
        for lang in ("de", "fr")}


# -- built packets (slow) -------------------------------------------------------------------

def _packet_text(bundle: Path, packet_id: str) -> str:
    (packet,) = [p for p in manifest(bundle)["packets"] if p["id"] == packet_id]
    return text_of(bundle / packet["file"])


@pytest.mark.slow
def test_zurich_example_in_german(built: BuildCache) -> None:
    bundle = built(ZH, ROUTE, "--option", "language=de")
    risk = _packet_text(bundle, "einfuhr")
    assert "Risikoanalyse und Voraussetzungen der Einfuhr (Art. 49 Abs. 1 AMBV)" in risk
    assert "Meldung nach Art. 49 Abs. 2 AMBV" not in risk
    request = _packet_text(bundle, "kostengutsprache")
    for expected in ["Gesuch um Kostengutsprache nach Art. 71c KVV: Zoferatinib (ZX-2041)",
                     "Beispiel Krankenversicherung AG",
                     "MHB, 58 Jahre, männlich",
                     "Vereinigte Staaten Zephyrix", "Zugelassen am 14.04.2026",
                     "1. Diagnosen", "2. Bisherige Therapien",
                     "3. Begründung des therapeutischen Nutzens",
                     "4. Alternativen der Spezialitätenliste",
                     "innert zwei Wochen (Art. 71d Abs. 3 KVV)", "Freundliche Grüsse",
                     "GLN 7601000000001; Berufsausübungsbewilligung Kanton Zürich",
                     # the insurer matches the person by name, birth date and number: blank
                     # lines to fill in by hand (the identity policy prints initials only)
                     "Name, Vorname: ____", "Geburtsdatum: ____", "Versichertennummer: ____",
                     # section 3 cites the publication its figures come from
                     "erwartete Nutzen die Risiken. Quelle: Lindqvist-Moreau A, et al.",
                     "Erwachsene mit lokal fortgeschrittenem oder metastasiertem NSCLC"]:
        assert expected in request, expected
    for expected in ["Das Arzneimittel ist im Ausland zugelassen (Vereinigte Staaten); die Einfuhr "
                     "stützt sich auf Art. 49 Abs. 1 AMBV.",
                     "und der erwartete Nutzen (Abschnitt 5) rechtfertigt die Risiken unter der "
                     "Überwachung nach Abschnitt 6.",
                     "GLN 7601000000001; Berufsausübungsbewilligung Kanton Zürich"]:
        assert expected in risk, expected
    assert "sofern" not in risk and "(Abschnitt 5)." not in risk
    assert "ß" not in risk + request


@pytest.mark.slow
def test_vaud_example_in_french(built: BuildCache) -> None:
    bundle = built(VD, ROUTE, "--option", "language=fr")
    assert [p["id"] for p in manifest(bundle)["packets"]] == ["einfuhr"]
    text = _packet_text(bundle, "einfuhr")
    for expected in [
        "Office du pharmacien cantonal (exemple)",
        "Annonce selon l'art. 49, al. 2, OAMéd : importation du lunarisib (LNR-330) pour la "
        "patiente CDM",
        "je vous communique avant l'importation les conclusions de mon analyse des risques",
        "contrôle des médicaments équivalent : États-Unis, France (essai NCT06612345)",
        "Dre Claire Morel; GLN 7601000000002; autorisation de pratiquer du canton de Vaud",
        "l'utilisation du lunarisib (LNR-330) est adéquate",
        "et le bénéfice attendu (section 5) justifie les risques sous la surveillance décrite à "
        "la section 6.",
        "Le médicament ne sera importé qu'après la présente annonce.",
        "Analyse des risques confirmant l'adéquation de l'utilisation (art. 49, al. 2, let. a, "
        "OAMéd)",
        "Sommaire",
    ]:
        assert expected in text, expected
    assert " ;" not in text  # one convention: no space before a semicolon, as in Fedlex


@pytest.mark.slow
def test_the_full_name_is_printed_nowhere(built: BuildCache, tmp_path: Path) -> None:
    """The route's identity policy (initials) holds for the insurer's request too: what it
    may name is not confirmed."""
    def named(data: dict[str, Any]) -> None:
        data["patient"]["full_name"] = "Martin Hugo Brunner"
        data["patient"]["date_of_birth"] = "1968-02-03"
        data["insurance"]["member_number"] = "80756000010012345678"

    case = example_copy(ZH, tmp_path, named)
    bundle = built(case, ROUTE, "--option", "language=de", name="ch-named")
    text = _packet_text(bundle, "einfuhr") + _packet_text(bundle, "kostengutsprache")
    assert "MHB" in text
    for secret in ["Brunner", "03.02.1968", "80756000010012345678"]:
        assert secret not in text
        assert secret not in (bundle / "ledger.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_minimal_german_notification_as_a_draft(built: BuildCache) -> None:
    bundle = built(MINIMAL, ROUTE, "--option", "language=de", "--draft")
    text = _packet_text(bundle, "einfuhr")
    assert "Meldung nach Art. 49 Abs. 2 AMBV: Einfuhr von Exemplimab für den Patienten JKR" in text
    assert "wird in kleiner Menge eingeführt." in text  # no quantity yet: no dangling colon
    assert "ENTWURF" in text
    # the sex is known: one form of the word; the physician's is not: a neutral label
    assert "Patientin / Patient" not in text and "Meldende Ärztin" not in text
    assert "Meldung durch" in text
    assert "Schlussfolgerungen der Risikoanalyse" in text and "Schlüsse" not in text
