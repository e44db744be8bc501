"""End to end: the French AAC, German Heilversuch and CUP-enrolment examples through the CLI.

Packets are read back with independent readers (pypdf outline, poppler's pdftotext and
pdffonts, ``qpdf --check``) and compared with the route files and the manifest.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from accesspack import load_route
from tests.conftest import (
    EXAMPLES,
    ROOT,
    BuildCache,
    build_cli,
    cli,
    manifest,
    run,
    squash,
    write_case,
)

# every test here builds a bundle with LibreOffice, or reads one built so
pytestmark = pytest.mark.slow

FR = EXAMPLES / "ema-fr-aac" / "case.yaml"
DE = EXAMPLES / "ema-de-heilversuch" / "case.yaml"
CUP = EXAMPLES / "ema-cup-enrolment" / "case.yaml"
CASES = ROOT / "tests" / "cases"  # the minimal and maximal cases of each route

# bundle name -> (case, route, extra CLI arguments)
BUILDS: dict[str, tuple[Path, str, tuple[str, ...]]] = {
    "fr": (FR, "ema/fr-aac", ()),
    "de": (DE, "ema/de-heilversuch", ()),
    "cup-en": (CUP, "ema/cup-enrolment", ()),
    "cup-fr": (CUP, "ema/cup-enrolment", ("--option", "language=fr")),
    # the example carries its text in the letter's five languages: each letter builds
    "cup-de": (CUP, "ema/cup-enrolment", ("--option", "language=de")),
    "cup-it": (CUP, "ema/cup-enrolment", ("--option", "language=it")),
    "cup-es": (CUP, "ema/cup-enrolment", ("--option", "language=es")),
}
# the route's language conventions: TOC title, footer page label, case date as printed
LOCALE = {
    "fr": ("Sommaire", "Page {n} sur {total}", "20/11/2026"),
    "de": ("Inhaltsverzeichnis", "Seite {n} von {total}", "20.11.2026"),
    # letters dated in words, as each language writes them (German keeps 20.11.2026)
    "cup-en": ("Table of contents", "Page {n} of {total}", "Bruxelles, 20 November 2026"),
    "cup-fr": ("Sommaire", "Page {n} sur {total}", "Bruxelles, le 20 novembre 2026"),
    "cup-de": ("Inhaltsverzeichnis", "Seite {n} von {total}", "20.11.2026"),
    "cup-it": ("Indice", "Pagina {n} di {total}", "Bruxelles, 20 novembre 2026"),
    "cup-es": ("Índice", "Página {n} de {total}", "Bruxelles, 20 de noviembre de 2026"),
}
# fixed phrases each generated document must show, in its language
PHRASES = {
    "fr": {
        "fiche-preparation": ["Fiche de préparation de la demande d’AAC", "Mention",
                              "Contenu", "Traitements antérieurs"],
        "resume-clinique": ["Résumé clinique", "Anatomopathologie", "Biologie récente",
                            "Schéma thérapeutique proposé", "Le médecin prescripteur"],
        "note-pui": ["À l’attention du pharmacien gérant la pharmacie à usage intérieur",
                     "Objet : demande", "Madame, Monsieur", "salutations distinguées"],
    },
    "de": {
        "indikation": ["Indikation und Begründung des individuellen Heilversuchs",
                       "Vortherapien", "Nutzen-Risiko-Abwägung", "Aufklärung und Einwilligung"],
        "apothekenanforderung": ["An die Krankenhausapotheke", "Betreff: Anforderung",
                                 "Sehr geehrte Damen und Herren", "Mit freundlichen Grüßen"],
        "kostenuebernahmeantrag": ["Antrag auf Kostenübernahme nach § 2 Abs. 1a SGB V",
                                   "Sehr geehrte Damen und Herren", "Mit freundlichen Grüßen"],
        "aerztliche-stellungnahme": ["Ärztliche Stellungnahme zum Antrag auf Kostenübernahme",
                                     "Bisherige Therapien", "Geplante Behandlung"],
    },
    "cup-en": {
        "letter": ["Re: request to enrol patient", "Clinical summary", "Yours sincerely"],
    },
    "cup-fr": {
        "letter": ["Objet : demande d’inclusion de la patiente", "Résumé clinique",
                   "Traitements antérieurs", "salutations"],
    },
    "cup-de": {
        "letter": ["Betreff: Antrag auf Aufnahme der Patientin AVD", "Sehr geehrte Damen und "
                   "Herren", "Klinische Zusammenfassung", "Mit freundlichen Grüßen"],
    },
    "cup-it": {
        "letter": ["Oggetto: richiesta di inserimento della paziente AVD", "Sintesi clinica",
                   "Trattamenti precedenti", "Distinti saluti"],
    },
    "cup-es": {
        "letter": ["Asunto: solicitud de inclusión de la paciente AVD", "Resumen clínico",
                   "Tratamientos previos", "Atentamente"],
    },
}
US_DATE = re.compile(r"\b(0[1-9]|1[0-2])/(1[3-9]|2\d|3[01])/20\d\d\b")  # mm/dd with dd > 12
BFARM_PEI = re.compile(r"BfArM|\bPEI\b|Bundesinstitut|Paul-Ehrlich", re.IGNORECASE)


def ledger_json(case: Path, route: str, *extra: str) -> dict[str, Any]:
    res = cli("validate", str(case), "--route", route, "--format", "json", *extra)
    assert res.stdout, res.stderr
    data: dict[str, Any] = json.loads(res.stdout)
    return data


def text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-layout"]
    if first is not None:
        args += ["-f", str(first), "-l", str(last or first)]
    return run(*args, str(pdf), "-")


def part_text(bundle: Path, packet_id: str, part_id: str) -> str:
    packet = next(p for p in manifest(bundle)["packets"] if p["id"] == packet_id)
    part = next(p for p in packet["parts"] if p["id"] == part_id)
    return text(bundle / packet["file"], *part["pages"])


def generated_parts(bundle: Path) -> list[tuple[str, str, str]]:
    """(packet id, part id, text) of every generated document of a bundle."""
    out = []
    for packet in manifest(bundle)["packets"]:
        for part in packet["parts"]:
            if any(d["source"].startswith("template:") for d in part["documents"]):
                out.append((packet["id"], part["id"],
                            text(bundle / packet["file"], *part["pages"])))
    return out


def case_copy(src: Path, dest_dir: Path, edit: Any) -> Path:
    """The example case with ``edit(data)`` applied, attachment paths made absolute."""
    data = yaml.safe_load(src.read_text(encoding="utf-8"))
    for att in data.get("attachments", []):
        att["path"] = str((src.parent / att["path"]).resolve())
    edit(data)
    dest = dest_dir / "case.yaml"
    dest.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return dest


@pytest.fixture(scope="module")
def bundles(built: BuildCache) -> dict[str, Path]:
    return {name: built(case, route, *extra) for name, (case, route, extra) in BUILDS.items()}


# --------------------------------------------------------------------------------------
# every route
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(BUILDS))
def test_generated_documents_are_in_the_route_language(bundles: dict[str, Path],
                                                       name: str) -> None:
    seen = set()
    for _packet, part, body in generated_parts(bundles[name]):
        for phrase in PHRASES[name].get(part, []):
            assert phrase in squash(body), (name, part, phrase)
        seen.add(part)
    assert set(PHRASES[name]) <= seen


@pytest.mark.parametrize("name", list(BUILDS))
def test_dates_toc_title_and_footer_follow_the_country(bundles: dict[str, Path],
                                                       name: str) -> None:
    toc_title, footer, prepared = LOCALE[name]
    bundle = bundles[name]
    docs = generated_parts(bundle)
    assert any(prepared in body for _, _, body in docs), prepared
    for _, part, body in docs:
        assert not US_DATE.search(body), (part, US_DATE.search(body))
        assert "2026-11-20" not in body
        if name in ("de", "cup-de"):  # German dates only: no dd/mm/yyyy either
            assert not re.search(r"\b\d\d/\d\d/20\d\d\b", body), part
    for packet in manifest(bundle)["packets"]:
        pdf = bundle / packet["file"]
        toc = next(p for p in packet["parts"] if p["id"] == "toc")
        assert text(pdf, *toc["pages"]).lstrip().startswith(toc_title)
        n = packet["pages"]
        for page in (1, n):
            assert footer.format(n=page, total=n) in text(pdf, page), (packet["id"], page)


def test_no_full_name_in_a_packet_that_does_not_name_the_patient(
        bundles: dict[str, Path]) -> None:
    """(Fonts embedded and qpdf's check: tests/templates/test_every_route.py.)"""
    for name, bundle in bundles.items():
        full_name = yaml.safe_load(BUILDS[name][0].read_text())["patient"]["full_name"]
        # a packet that names the patient (the DE insurer application): test_fidelity_de
        named = {p.id for p in load_route(BUILDS[name][1]).spec.packets
                 if p.patient_identity == "full"}
        for packet in manifest(bundle)["packets"]:
            pdf = bundle / packet["file"]
            if packet["id"] in named:
                continue
            body = text(pdf)
            assert full_name not in body
            assert full_name.split()[-1] not in body


# --------------------------------------------------------------------------------------
# France — AAC
# --------------------------------------------------------------------------------------
FICHE_GROUPS = [  # the content of CSP R.5121-74, 1° to 7°, then the clinical support
    "1° Prescripteur et pharmacien qui transmet la demande",
    "2° Patient",
    "3° Médicament",
    "4° Indication et posologie envisagée",
    "5° Recherches à des fins commerciales en cours sur le médicament",
    "Recherche à des fins commerciales dans l’indication",
    "6° Engagement du prescripteur ou motifs de la demande",
    "Il n’existe pas de traitement approprié",
    "7° Engagement du prescripteur d’informer le patient",
    "Éléments cliniques à l’appui",
    "Traitements antérieurs",
    "Laboratoire, fournisseur et autorisations de mise sur le marché",
    "Pièces à téléverser",
    "Après l’autorisation",
]


def test_fr_preparation_sheet_has_every_field_group_in_order(bundles: dict[str, Path]) -> None:
    body = squash(part_text(bundles["fr"], "prescriber-packet", "fiche-preparation"))
    assert "Fiche de préparation de la demande d’AAC" in body
    assert "le pharmacien gérant la PUI la transmet à l’ANSM" in body and "e-Saturne" in body
    # the e-Saturne field list is unconfirmed, said in words
    assert "les rubriques du formulaire e-Saturne n’ont pas été vérifiées" in body
    assert "[non confirmé]" not in body
    positions = [body.index(h) for h in FICHE_GROUPS]
    assert positions == sorted(positions)
    for field in ("Initiales du nom et du prénom", "Âge", "Sexe", "Poids", "Code CIM-10",
                  "Stade", "Dose", "Durée prévue", "Quantité demandée", "Fournisseur",
                  "Forme pharmaceutique", "Dosage"):
        assert field in body, field
    # case values, in French conventions
    assert "CDL" in body and "61,5 kg" in body and "22/01/2024" in body
    assert "Meridian Oncology Therapeutics France SAS" in body
    assert "partielle" in body and "PR" not in body.split()  # RECIST words, in French


def test_fr_ledger_renewal_deadline_and_unconfirmed_facts(tmp_path: Path) -> None:
    rows = {r["id"]: r for r in ledger_json(FR, "ema/fr-aac")["rows"]}
    renewal = rows["deadline:renewal"]
    assert renewal["status"] == "missing" and renewal["blocking"] is False
    assert "request.authorized_on" in renewal["question"]
    facts = [r["item"] for r in rows.values() if r["category"] == "fact"]
    assert any("e-Saturne form's fields are not confirmed" in f for f in facts)
    assert all(rows[k]["status"] == "to_verify" for k in rows if k.startswith("fact:"))
    assert rows["notice:online-only"]["status"] == "info"

    def granted(data: dict[str, Any]) -> None:
        data["request"]["authorized_on"] = "2026-11-18"

    armed = ledger_json(case_copy(FR, tmp_path, granted), "ema/fr-aac")
    row = next(r for r in armed["rows"] if r["id"] == "deadline:renewal")
    assert row["status"] == "scheduled" and row["due"] == "2027-11-18"


def test_fr_case_without_french_text_is_reported_and_drafted(tmp_path: Path) -> None:
    def english(data: dict[str, Any]) -> None:
        data["language"] = "en"
        data["diagnosis"]["primary_cancer"] = "Lung adenocarcinoma, right upper lobe"
        data["request"]["justification"]["no_satisfactory_alternative"] = (
            "Every authorised option has been used; docetaxel is contraindicated.")
        data["treatment_plan"]["dose"] = "160 mg once daily"

    case = case_copy(FR, tmp_path, english)
    data = ledger_json(case, "ema/fr-aac")
    assert data["ready"] is False
    missing = {r["id"] for r in data["rows"] if r["category"] == "translation"}
    for field in ("case.diagnosis.primary_cancer",
                  "case.request.justification.no_satisfactory_alternative",
                  "case.treatment_plan.dose"):
        assert f"translation:{field}:fr" in missing, sorted(missing)
    res = cli("build", str(case), "--route", "ema/fr-aac", "--out", str(tmp_path / "out"))
    assert res.returncode != 0
    assert not (tmp_path / "out" / "manifest.json").exists()
    bundle = build_cli(case, "ema/fr-aac", tmp_path / "draft", "--draft")
    assert manifest(bundle)["draft"] is True
    body = squash(part_text(bundle, "prescriber-packet", "fiche-preparation"))
    assert "[EN — translation missing] Lung adenocarcinoma, right upper lobe" in body
    assert "BROUILLON" in body


# --------------------------------------------------------------------------------------
# Germany — individueller Heilversuch
# --------------------------------------------------------------------------------------
def test_de_ledger_says_nothing_is_filed_with_bfarm_or_pei(bundles: dict[str, Path]) -> None:
    rows = json.loads((bundles["de"] / "ledger.json").read_text())["rows"]
    notice = next(r for r in rows if r["id"] == "notice:no-authority-filing")
    assert notice["category"] == "notice" and notice["status"] == "info"
    assert "Nothing is filed with BfArM or PEI" in notice["item"]
    assert not any(r["category"] == "deadline" for r in rows)  # no authority clock


def _de_recipient_checks(bundle: Path) -> None:
    for packet in manifest(bundle)["packets"]:
        assert not BFARM_PEI.search(packet["audience"].split("(keine")[0]), packet["audience"]
    for _, part, body in generated_parts(bundle):
        head = "\n".join(body.splitlines()[:20])  # letterhead, addressee, subject
        assert not BFARM_PEI.search(head), (part, head)
        for line in body.splitlines():
            if BFARM_PEI.search(line):  # only ever to say nothing goes there
                assert re.search(r"nicht|kein", line), (part, line)


def test_de_no_document_is_addressed_to_bfarm_or_pei(bundles: dict[str, Path]) -> None:
    bundle = bundles["de"]
    _de_recipient_checks(bundle)
    order = squash(part_text(bundle, "apotheke", "apothekenanforderung"))
    assert "An die Krankenhausapotheke Apotheke des Universitätsklinikums Köln-Beispiel" in order
    assert "Köln, den 20.11.2026" in order and "61,5 kg" in order
    indication = squash(part_text(bundle, "heilversuch-dokumentation", "indikation"))
    assert "§ 1 Abs. 2 AMHV" in indication and "weder vorgesehen noch erforderlich" in indication
    assert "haertefallprogramm" not in [
        p["id"] for pk in manifest(bundle)["packets"] for p in pk["parts"]]


def test_de_haertefallprogramm_is_a_request_to_the_programme(tmp_path: Path) -> None:
    def programme(data: dict[str, Any]) -> None:
        data["product"]["programmes"] = [{
            "name": "Härtefallprogramm Zoferatinib", "kind": "haertefallprogramm",
            "country": "DE", "reference": "HFP-ZX-2041",
            "contact": {"name": "Meridian Oncology Therapeutics GmbH",
                        "email": "hfp@meridian-onc.example.com"},
        }]

    bundle = build_cli(case_copy(DE, tmp_path, programme), "ema/de-heilversuch", tmp_path / "out")
    note = squash(part_text(bundle, "heilversuch-dokumentation", "haertefallprogramm"))
    assert "Härtefallprogramm Zoferatinib" in note and "HFP-ZX-2041" in note
    assert "richtet sich an das Programm" in note and "nicht an eine Bundesoberbehörde" in note
    assert "ema/" not in note and "Route" not in note  # no name of this software's routes
    order = squash(part_text(bundle, "apotheke", "apothekenanforderung"))
    assert "über das Programm des Unternehmens" in order
    _de_recipient_checks(bundle)


# --------------------------------------------------------------------------------------
# Enrolment in a compassionate use programme
# --------------------------------------------------------------------------------------
def test_cup_language_option_selects_the_letter(bundles: dict[str, Path]) -> None:
    fr = squash(part_text(bundles["cup-fr"], "enrolment-request", "letter"))
    en = squash(part_text(bundles["cup-en"], "enrolment-request", "letter"))
    assert "Objet : demande d’inclusion de la patiente AVD" in fr  # agrees with her sex
    assert "programme national d'usage compassionnel" in fr
    assert "Bruxelles, le 20 novembre 2026" in fr
    assert "Re: request to enrol" not in fr and "Objet" not in en
    assert "Re: request to enrol patient AVD" in en and "Dear Dr Pieter Janssens" in en
    for body in (fr, en):  # addressed to the programme's contact, not the manufacturer
        assert "Meridian Oncology Therapeutics Belgium SRL" in body
        assert "CUP-ZX-2041-BE-01" in body
    assert manifest(bundles["cup-fr"])["options"] == {"language": "fr"}
    toc = next(p for p in manifest(bundles["cup-fr"])["packets"][0]["parts"]
               if p["id"] == "toc")
    pdf = bundles["cup-fr"] / manifest(bundles["cup-fr"])["packets"][0]["file"]
    assert text(pdf, *toc["pages"]).lstrip().startswith("Sommaire")
    # part and packet titles follow the option too: bookmarks, contents and footer

    marks = [item.title for item in PdfReader(pdf).outline if not isinstance(item, list)]
    assert "Lettre de demande d'inclusion" in marks
    assert "Enrolment request letter" not in marks
    assert "Programme d'usage compassionnel — demande d'inclusion" in text(pdf, 1, 1)


def test_cup_needs_a_programme_and_the_letter_language(tmp_path: Path) -> None:
    def no_programme(data: dict[str, Any]) -> None:
        data["product"]["programmes"] = []

    data = ledger_json(case_copy(CUP, tmp_path, no_programme), "ema/cup-enrolment")
    row = next(r for r in data["rows"] if r["id"] == "eligibility:in-a-programme")
    assert row["status"] != "complete" and data["ready"] is False
    # German letter: a case without German text (the minimal case: English only) has the
    # ledger list it
    de = ledger_json(CASES / "ema-cup-enrolment.minimal.yaml", "ema/cup-enrolment",
                     "--option", "language=de")
    assert de["ready"] is False
    assert any(r["id"] == "translation:case.request.justification.benefit_risk:de"
               for r in de["rows"])


def test_de_attachments_are_the_german_documents_they_claim(bundles: dict[str, Path]) -> None:
    """The manufacturer's supply commitment and the patient information and consent are
    German documents of the German affiliate and the treating hospital, not FDA papers."""
    data = yaml.safe_load(DE.read_text(encoding="utf-8"))
    atts = {a["id"]: a for a in data["attachments"]}
    assert atts["herstellerzusage"]["path"].endswith("supply-declaration-de.pdf")
    assert atts["einwilligung"]["path"].endswith("consent-form-de.pdf")
    supply = squash(run("pdftotext", "-layout",
                        str(DE.parent / atts["herstellerzusage"]["path"]), "-"))
    for words in ("Lieferzusage für einen individuellen Heilversuch", "kostenfrei", "KBW",
                  "München, 13.11.2026", "Meridian Oncology Therapeutics GmbH",
                  "Apotheke des Universitätsklinikums Köln-Beispiel"):
        assert words in supply, words
    assert "Food and Drug Administration" not in supply
    consent = squash(run("pdftotext", "-layout",
                         str(DE.parent / atts["einwilligung"]["path"]), "-"))
    for words in ("Patienteninformation und Einwilligungserklärung", "Version 1.0 vom 16.11.2026",
                  "individueller Heilversuch", "in Deutschland nicht zugelassen",
                  "Universitätsklinikum Köln-Beispiel", "widerrufen"):
        assert words in consent, words
    assert "IRB" not in consent and "FDA" not in consent
    # in the packet, the parts carry them
    bundle = bundles["de"]
    packet = next(p for p in manifest(bundle)["packets"]
                  if p["id"] == "heilversuch-dokumentation")
    part = {p["id"]: p for p in packet["parts"]}
    for pid, words in (("herstellerzusage", "Lieferzusage für einen individuellen Heilversuch"),
                       ("aufklaerung-einwilligung",
                        "Patienteninformation und Einwilligungserklärung")):
        first, last = part[pid]["pages"]
        body = squash(run("pdftotext", "-layout", "-f", str(first), "-l", str(last),
                          str(bundle / packet["file"]), "-"))
        assert words in body, pid


# --------------------------------------------------------------------------------------
# issue 16: prose a physician signs as it is (minimal and maximal cases of tests/cases)
# --------------------------------------------------------------------------------------
CUP_LANGUAGES = ("en", "fr", "it", "es", "de")
# fillers the documents printed for absent optional data before (issue 16), per language
FILLERS = ("non renseigné", "non précisé", "Aucun essai", "Aucun biomarqueur",
           "Aucun renseigné", "nicht angegeben", "nicht erhoben", "Keine Biomarker",
           "Keine Studien", "keine angegeben", "not recorded", "none recorded", "non riportato",
           "nessuno riportato", "no consta", "no constan", "Keine Vortherapien")


def docx_text(path: Path) -> tuple[list[str], list[list[list[str]]]]:
    """The paragraphs and the tables (rows of cell texts) of a generated DOCX, read with
    python-docx."""
    import docx

    doc = docx.Document(str(path))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return [p.text for p in doc.paragraphs], tables


@pytest.fixture(scope="module")
def cases(built: BuildCache) -> dict[str, Path]:
    """The minimal cases (drafts) and the maximal cases, the CUP letter in each language."""
    out: dict[str, Path] = {}
    for route in ("fr-aac", "de-heilversuch", "cup-enrolment"):
        out[f"{route}.minimal"] = built(CASES / f"ema-{route}.minimal.yaml", f"ema/{route}",
                                        "--draft")
    for route in ("fr-aac", "de-heilversuch"):
        out[f"{route}.maximal"] = built(CASES / f"ema-{route}.maximal.yaml", f"ema/{route}")
    for lang in CUP_LANGUAGES:
        out[f"cup-{lang}.maximal"] = built(
            CASES / "ema-cup-enrolment.maximal.yaml", "ema/cup-enrolment",
            "--option", f"language={lang}")
    return out


def test_the_cup_letter_reads_clean_in_every_language(cases: dict[str, Path]) -> None:
    """The maximal case in en, fr, it, es and de: the prose lint finds nothing (no English
    fixed word or label in the other four, no doubled punctuation, no filler)."""
    from tests.prose_lint import lint_bundle

    for lang in CUP_LANGUAGES:
        findings = lint_bundle(cases[f"cup-{lang}.maximal"])
        assert not findings, "\n".join(str(f) for f in findings)


# the letter's words for a coded value, and its agreement with a female patient
CUP_WORDS = {
    "en": ("Re: request to enrol patient EVM", "partial response",
           "national compassionate use programme", "Dear Dr Pieter Janssens,"),
    "fr": ("Objet : demande d’inclusion de la patiente EVM", "réponse partielle",
           "programme national d'usage compassionnel", "ma patiente EVM"),
    "it": ("richiesta di inserimento della paziente EVM", "risposta parziale",
           "programma nazionale di uso compassionevole", "Gentile Dr Pieter Janssens,"),
    "es": ("solicitud de inclusión de la paciente EVM", "respuesta parcial",
           "programa nacional de uso compasivo", "Estimados señores:"),
    "de": ("Antrag auf Aufnahme der Patientin EVM", "partielle Remission",
           "nationales Compassionate-Use-Programm", "meiner Patientin EVM"),
}


@pytest.mark.parametrize("lang", CUP_LANGUAGES)
def test_cup_letter_labels_agreement_and_contact(cases: dict[str, Path], lang: str) -> None:
    paragraphs, tables = docx_text(cases[f"cup-{lang}.maximal"] / "documents" / "letter.docx")
    body = squash(" ".join(paragraphs + [c for t in tables for r in t for c in r]))
    for words in CUP_WORDS[lang]:
        assert words in body, (lang, words)
    raws = ["national_cup", "PR"] + (["female", "metastatic"] if lang != "en" else [])
    for raw in raws:  # coded values never raw (nor English in another language)
        assert not re.search(r"\b" + raw + r"\b", body), (lang, raw)
    # the address block: the contact's name, then the title on a line of its own
    i = paragraphs.index("Dr Pieter Janssens")
    assert paragraphs[i - 1] == "Meridian Oncology Therapeutics SRL"
    assert paragraphs[i + 1] == "Medical Affairs"
    # the line without a best response has none printed, the other its label
    prior = next(r[1] for t in tables for r in t if r[1].startswith("1. "))
    assert prior.count(";") >= 2 and "2. " in prior
    assert prior.split("2. ")[1].count("(") == 1  # "2. Docetaxel (dates)": no response


def test_minimal_cases_print_no_filler_row_or_column(cases: dict[str, Path]) -> None:
    """What the minimal case does not record leaves its row, column or section out: no
    filler, no empty cell where a value would be."""
    for name in ("fr-aac.minimal", "de-heilversuch.minimal", "cup-enrolment.minimal"):
        for docx_file in sorted((cases[name] / "documents").glob("*.docx")):
            paragraphs, tables = docx_text(docx_file)
            words = " ".join(paragraphs + [c for t in tables for r in t for c in r])
            for filler in FILLERS:
                assert not re.search(r"(?<!\w)" + re.escape(filler) + r"(?!\w)", words), \
                    (docx_file.name, filler)
            for table in tables:
                for row in table[1:]:
                    assert all(c.strip() for c in row), (docx_file.name, row)
    # the prior-lines table of the minimal cases: no best response, no reason recorded
    _, tables = docx_text(cases["fr-aac.minimal"] / "documents" / "fiche-preparation.docx")
    head = next(t[0] for t in tables if t[0][0] == "Ligne")
    assert head == ["Ligne", "Contexte", "Protocole", "Période"]
    _, tables = docx_text(cases["fr-aac.maximal"] / "documents" / "fiche-preparation.docx")
    head = next(t[0] for t in tables if t[0][0] == "Ligne")
    assert head == ["Ligne", "Contexte", "Protocole", "Période", "Meilleure réponse",
                    "Motif d’arrêt"]


def test_coded_values_print_their_label_in_the_route_language(cases: dict[str, Path]) -> None:
    """setting, sex, response, phase, jurisdiction: words of the document's language."""
    _, tables = docx_text(cases["fr-aac.minimal"] / "documents" / "fiche-preparation.docx")
    cells = [c for t in tables for r in t for c in r]
    assert "métastatique" in cells and "metastatic" not in cells
    assert "masculin" in cells and "male" not in cells
    _, tables = docx_text(cases["fr-aac.maximal"] / "documents" / "fiche-preparation.docx")
    cells = [c for t in tables for r in t for c in r]
    assert "États-Unis" in cells and "Union européenne" in cells and "US" not in cells
    assert "phase 2" in cells and "phase_2" not in " ".join(cells)
    _, tables = docx_text(cases["de-heilversuch.minimal"] / "documents" / "indikation.docx")
    cells = [c for t in tables for r in t for c in r]
    assert "metastasiert" in cells and "männlich" in cells
    _, tables = docx_text(cases["de-heilversuch.maximal"] / "documents" / "indikation.docx")
    cells = [c for t in tables for r in t for c in r]
    assert "partielle Remission" in cells and "Phase 2" in cells


def test_german_prior_therapy_header_breaks_no_word(cases: dict[str, Path]) -> None:
    """The header 'Bestes Ansprechen' wraps between its words, never inside one."""
    _, tables = docx_text(cases["de-heilversuch.maximal"] / "documents" / "indikation.docx")
    head = next(t[0] for t in tables if t[0][0] == "Linie")
    assert "Bestes Ansprechen" in head and not any("\u00ad" in c for c in head)
    bundle = cases["de-heilversuch.maximal"]
    page = part_text(bundle, "heilversuch-dokumentation", "indikation")
    lines = [ln.split() for ln in page.splitlines()]
    at = next(i for i, words in enumerate(lines) if "Bestes" in words)
    assert "Ansprechen" in lines[at] + lines[at + 1]  # on the header's own two lines
    assert not re.search(r"\bAn-?\s*$|\bAnsprech\b|Anspreche-", page, re.MULTILINE)


def test_case_text_inside_a_sentence_reads_as_one_sentence(
        cases: dict[str, Path], tmp_path: Path) -> None:
    """An indication written as a heading ("Mésothéliome …", with its full stop) is set
    mid-sentence in lower case, with one full stop, in the French note and the English
    letter; a German one keeps its capital."""
    data = yaml.safe_load((CASES / "ema-fr-aac.minimal.yaml").read_text(encoding="utf-8"))
    data["request"]["indication"] = "Mésothéliome pleural malin en progression."
    for att in data["attachments"]:
        att["path"] = str((CASES / att["path"]).resolve())
    bundle = build_cli(write_case(data, tmp_path / "fr"), "ema/fr-aac", tmp_path / "fr-out",
                       "--draft")
    note = " ".join(docx_text(bundle / "documents" / "note-pui.docx")[0])
    # (a no-break space before the colon: French typography)
    assert "Indication\u00a0: mésothéliome pleural malin en progression. Comme" in note
    assert ".." not in note
    en = " ".join(docx_text(cases["cup-en.maximal"] / "documents" / "letter.docx")[0])
    assert "The patient has metastatic non-small cell lung cancer" in en
    de = " ".join(docx_text(cases["cup-de.maximal"] / "documents" / "letter.docx")[0])
    assert "Indikation: Metastasiertes nicht-kleinzelliges" in de


def test_the_signature_block_stays_with_the_text_before_it(bundles: dict[str, Path]) -> None:
    """The French note's closing and signature do not stand alone on a page: the last
    sentence before them goes with them."""
    bundle = bundles["fr"]
    packet = next(p for p in manifest(bundle)["packets"] if p["id"] == "pharmacy-packet")
    first, last = next(p for p in packet["parts"] if p["id"] == "note-pui")["pages"]
    pdf = bundle / packet["file"]
    page = next(text(pdf, n, n) for n in range(first, last + 1)
                if "______" in text(pdf, n, n))
    assert "Je reste à votre disposition" in page
    assert "salutations distinguées" in page


def test_country_names_and_case_only_differences_are_no_english_labels() -> None:
    from accesspack.vocabulary import english_labels, label

    assert label("US", "jurisdiction", "fr") == "États-Unis"
    assert label("national_cup", "programme", "de") == "nationales Compassionate-Use-Programm"
    assert "Belgium" not in english_labels("fr")  # a company's name may hold it
    assert "phase 2" not in english_labels("de")  # German "Phase 2" is no English word
    assert "partial response" in english_labels("de")


def test_de_note_names_another_programme_in_german(tmp_path: Path) -> None:
    """A programme that is no German Härtefallprogramm is named with its kind and country
    in German (labels), never its code."""
    data = yaml.safe_load((CASES / "ema-de-heilversuch.minimal.yaml").read_text(encoding="utf-8"))
    data["product"]["programmes"] = [{"name": "Exemplimab CUP", "kind": "national_cup",
                                      "country": "BE", "reference": "CUP-1"}]
    for att in data["attachments"]:
        att["path"] = str((CASES / att["path"]).resolve())
    bundle = build_cli(write_case(data, tmp_path / "de"), "ema/de-heilversuch",
                       tmp_path / "out", "--draft")
    note = " ".join(docx_text(bundle / "documents" / "haertefallprogramm.docx")[0])
    assert "in folgendem Programm für den erweiterten Zugang" in note
    assert "Exemplimab CUP (nationales Compassionate-Use-Programm, Belgien), CUP-1" in note
    assert "national_cup" not in note and "(BE)" not in note


def test_fr_pharmacist_unnamed_is_a_ledger_gap_not_a_filler(tmp_path: Path) -> None:
    """A PUI recorded without its pharmacist: the ledger asks for the name (R.5121-74 1°);
    the sheet prints no "à compléter" filler in its place."""
    data = yaml.safe_load((CASES / "ema-fr-aac.minimal.yaml").read_text(encoding="utf-8"))
    data["institution"]["pharmacy"] = {"name": "PUI du Centre hospitalier d'Exemple-sur-Loire"}
    for att in data["attachments"]:
        att["path"] = str((CASES / att["path"]).resolve())
    case = write_case(data, tmp_path / "fr")
    rows = {r["id"]: r for r in ledger_json(case, "ema/fr-aac")["rows"]}
    row = rows["field:institution.pharmacy.contact_name"]
    assert row["status"] == "missing" and row["blocking"] and row["who"] == "pharmacy"
    assert rows["field:institution.pharmacy"]["status"] == "complete"
    # without a PUI at all, one question (the PUI's), not two
    assert "field:institution.pharmacy.contact_name" not in {
        r["id"] for r in ledger_json(CASES / "ema-fr-aac.minimal.yaml", "ema/fr-aac")["rows"]}
    bundle = build_cli(case, "ema/fr-aac", tmp_path / "out", "--draft")
    paragraphs, tables = docx_text(bundle / "documents" / "fiche-preparation.docx")
    cells = [c for t in tables for r in t for c in r]
    assert "PUI du Centre hospitalier d'Exemple-sur-Loire" in cells
    assert "Pharmacien gérant la PUI, qui transmet la demande" not in cells
    assert "compléter : nom" not in " ".join(paragraphs + cells)


# --------------------------------------------------------------------------------------
# What a careful writer corrects in the letters (review of issue 16)
# --------------------------------------------------------------------------------------
#: a slash form for a sex not known ("Estimado/a", "Patient/in", "Behandelnde/r Ärztin/Arzt")
SLASH_FORM = re.compile(r"\w/(?:a|o|r|in|e)\b|Ärztin/Arzt|Patient/in")
#: the opening of each CUP letter when the programme's contact is named: none needs the
#: contact's sex (Spanish addresses the company, as its "Les ruego" does)
CUP_OPENINGS = {"en": "Dear Dr Pieter Janssens,", "fr": "Madame, Monsieur,",
                "it": "Gentile Dr Pieter Janssens,", "es": "Estimados señores:",
                "de": "Sehr geehrte Damen und Herren,"}
#: the institution after its preposition and article, as each language says it
CUP_AT = {"en": "treated at Hôpital universitaire de Bruxelles-Exemple",
          "fr": "suivie à l’Hôpital universitaire de Bruxelles-Exemple",
          "it": "in cura presso l’Hôpital universitaire de Bruxelles-Exemple",
          "es": "atendida en el Hôpital universitaire de Bruxelles-Exemple",
          "de": "in Behandlung am Hôpital universitaire de Bruxelles-Exemple"}


@pytest.mark.parametrize("lang", CUP_LANGUAGES)
def test_cup_letter_opening_and_institution_read_as_a_native_writes_them(
        cases: dict[str, Path], lang: str) -> None:
    paragraphs, tables = docx_text(cases[f"cup-{lang}.maximal"] / "documents" / "letter.docx")
    subject = next(i for i, p in enumerate(paragraphs) if "EVM" in p)
    opening = next(p for p in paragraphs[subject + 1:] if p.strip())
    assert opening == CUP_OPENINGS[lang]
    body = squash(" ".join(paragraphs + [c for t in tables for r in t for c in r]))
    assert not SLASH_FORM.search(body), (lang, SLASH_FORM.search(body))
    assert CUP_AT[lang] in body
    assert "dans l’établissement Hôpital" not in body  # a name needs no kind before it
    if lang == "en":  # a row label, not half a question ("Why no satisfactory …")
        assert "No satisfactory authorised treatment available" in body
        assert "Why no" not in body
    if lang == "es":
        assert "A mi leal saber y entender, la paciente" in body
    if lang == "de":
        assert "Arzneimittel Zoferatinib (ZX-2041)" in body


def test_german_documents_give_the_inn_its_capital_and_no_slash_forms(
        bundles: dict[str, Path], cases: dict[str, Path]) -> None:
    """German capitalises a noun, an INN too ("Zoferatinib"); the patient, whose sex the case
    records, is "Patientin", never "Patient/in"; the signer writes no "Ärztin bzw. Arzt"."""
    for bundle in (bundles["de"], cases["de-heilversuch.maximal"],
                   cases["de-heilversuch.minimal"]):
        for docx_file in sorted((bundle / "documents").glob("*.docx")):
            paragraphs, tables = docx_text(docx_file)
            words = squash(" ".join(paragraphs + [c for t in tables for r in t for c in r]))
            assert not re.search(r"\bzoferatinib \(ZX|\bexemplimab\b", words), docx_file
            assert not SLASH_FORM.search(words), (docx_file.name, SLASH_FORM.search(words))
            assert "als behandelnde Ärztin bzw. behandelnder Arzt" not in words
    paragraphs, tables = docx_text(bundles["de"] / "documents" / "indikation.docx")
    assert tables[0][0][0] == "Patientin (Initialen)" and "1. Patientin" in paragraphs
    order = docx_text(bundles["de"] / "documents" / "apothekenanforderung.docx")[1]
    assert ["Einwilligung der Patientin", "liegt schriftlich vor"] in [
        r for t in order for r in t]
    # dated at its head and signed above the name: no second "Datum, Unterschrift" caption
    paragraphs = docx_text(bundles["de"] / "documents" / "apothekenanforderung.docx")[0]
    assert paragraphs[-1] == "Universitätsklinikum Köln-Beispiel"
    assert not any(p.startswith("Datum, Unterschrift") for p in paragraphs)


def test_french_templates_keep_their_punctuation_with_the_word_before() -> None:
    """French puts a no-break space before ; : ? ! so that no line starts with the sign
    (a plain space let "; cette fiche" start a line of the preparation sheet)."""
    import docx

    templates = ROOT / "templates" / "ema"
    for name in ("fr-aac-fiche-preparation.docx", "fr-aac-resume-clinique.docx",
                 "fr-aac-note-pui.docx", "cup-enrolment-letter-fr.docx"):
        texts = [t.text or "" for t in docx.Document(str(templates / name)).element.body.iter(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")]
        plain = [t for t in texts if re.search(r" [;:?!]", t)]
        assert not plain, (name, plain[:3])
        assert any("\u00a0:" in t for t in texts), name


def test_fr_sheet_leaves_no_reason_empty_and_asks_only_what_the_case_lacks(
        bundles: dict[str, Path], cases: dict[str, Path]) -> None:
    """R.5121-74 6° a) without a trial screened gets the prescriber's hand-written line (the
    ledger asks for the trials), never a heading followed by the next one; the note to the
    PUI says the prescriber completes the deferral by hand only when the case leaves it open."""
    paragraphs = [p for p in docx_text(
        cases["fr-aac.minimal"] / "documents" / "fiche-preparation.docx")[0] if p.strip()]
    i = next(i for i, p in enumerate(paragraphs) if p.startswith("a) Le patient"))
    assert paragraphs[i + 1].startswith("À compléter à la main par le prescripteur")
    assert "le motif pour lequel le patient ne peut y être inclus" in paragraphs[i + 1]
    note = squash(" ".join(docx_text(
        cases["fr-aac.minimal"] / "documents" / "note-pui.docx")[0]))
    assert "(engagements, possibilité de différer le traitement)" in note
    note = squash(" ".join(docx_text(bundles["fr"] / "documents" / "note-pui.docx")[0]))
    assert "(engagements)" in note and "possibilité de différer" not in note
    # a French letter is dated in words
    assert note.startswith("Centre hospitalier") and "Lyon, le 20 novembre 2026" in note
    resume = squash(" ".join(docx_text(bundles["fr"] / "documents" / "resume-clinique.docx")[0]))
    assert "Fait à Lyon, le 20 novembre 2026." in resume
    assert "son accord oral n’est pas requis et il est régularisé" not in note
    assert "la demande est régularisée a posteriori dans e-Saturne" in note
