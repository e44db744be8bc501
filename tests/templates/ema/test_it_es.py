"""End to end: the Italian (uso nominale) and Spanish (uso compasivo) EU routes.

The example cases are built through the CLI and read back with independent readers: pypdf
(outline), poppler's pdftotext (text, headings, footers, dates). Checks: the part order
against the route file and the manifest, the language of every generated document, the
country's date format, the TOC title and footer in the route's language; for Italy the
a-h order of DM 7/9/2017 art. 4 and the art. 3(2) verdict; for Spain the management's
visto bueno, consent as an action (not filed) and dd/mm/yyyy dates. The fidelity checks of
RD 1015/2009 and DM 7/9/2017 (rules, documents, clocks) are in test_fidelity_es_it_cup.py.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from pypdf import PdfReader

from accesspack import Case, build, load_case, load_route, parse_case, validate
from accesspack.buildplan import plan
from accesspack.bundle import template_context
from accesspack.render.context import case_context
from accesspack.render.docx import make_environment, render_docx
from accesspack.vocabulary import english_labels
from tests.conftest import (
    EXAMPLES,
    BuildCache,
    build_cli,
    cli,
    example_copy,
    manifest,
    parts_of,
    run,
    squash,
    write_case,
)

# every test here builds a bundle with LibreOffice, or reads one built so
pytestmark = pytest.mark.slow

IT, ES = "ema/it-uso-nominale", "ema/es-uso-compasivo"
CASES = {
    IT: EXAMPLES / "ema-it-uso-nominale" / "case.yaml",
    ES: EXAMPLES / "ema-es-uso-compasivo" / "case.yaml",
}
RARE = EXAMPLES / "ema-it-uso-nominale" / "rare-tumour-phase1.yaml"

# Fixed phrases each generated document must show, in its route's language.
PHRASES = {
    IT: {
        "lettera": ["Oggetto:", "uso nominale", "Distinti saluti", "D.M. 7 settembre 2017"],
        "a-motivazione": ["a) Motivazione clinica della richiesta", "Trattamenti precedenti",
                          "Assenza di alternative terapeutiche", "Data della diagnosi"],
        "b-posologia": ["b) Posologia e modalità di somministrazione", "Via di somministrazione",
                        "Modifiche della dose per tossicità"],
        "c-comparabilita": ["c) Comparabilità dei pazienti degli studi rispetto al paziente",
                            "Studi clinici di riferimento"],
        "d-dati": ["d) Dati di sicurezza, tollerabilità ed efficacia",
                   "rapporto beneficio/rischio"],
        "g-raccolta-dati": ["g) Modalità di raccolta dei dati", "Valutazioni e monitoraggio"],
        "h-dichiarazione": ["h) Dichiarazione di responsabilità del medico", "DICHIARA",
                            "assumersi la responsabilità"],
    },
    ES: {
        "carta": ["Asunto:", "uso compasivo", "Atentamente", "Número de envases requeridos"],
        "informe-clinico": ["Informe clínico del médico responsable",
                            "alternativas terapéuticas autorizadas", "Tratamientos previos",
                            "Pauta y duración prevista del tratamiento"],
        "visto-bueno-direccion": ["Visto bueno de la Dirección del centro", "MANIFIESTA",
                                  "su visto bueno a la solicitud", "Fdo.:"],
    },
}
ENGLISH = ["Dear Sir or Madam", "Sincerely", "Treatment plan", "Clinical summary",
           "not recorded", "Patient's initials", "Yes"]
TOC_TITLE = {IT: "Indice", ES: "Índice"}
PAGE_WORD = {IT: "Pagina {n} di {total}", ES: "Página {n} de {total}"}


@pytest.fixture(scope="module")
def bundles(built: BuildCache) -> dict[str, Path]:
    return {route: built(case, route) for route, case in CASES.items()}


def text_of(pdf: Path, first: int, last: int) -> str:
    return run("pdftotext", "-layout", "-f", str(first), "-l", str(last), str(pdf), "-")


def top_outline(reader: PdfReader) -> list[tuple[str, int]]:
    return [(item.title, reader.get_destination_page_number(item) + 1)
            for item in reader.outline if not isinstance(item, list)]


@pytest.mark.parametrize("route", list(CASES))
def test_generated_documents_are_in_the_route_language(bundles: dict[str, Path],
                                                       route: str) -> None:
    pdf, parts = parts_of(bundles[route])
    by_id = {p["id"]: p for p in parts}
    for part_id, phrases in PHRASES[route].items():
        text = squash(text_of(pdf, *by_id[part_id]["pages"]))
        for phrase in phrases:
            assert phrase in text, (part_id, phrase)
        for word in ENGLISH:
            assert word not in text, (part_id, word)
        assert "translation missing" not in text


@pytest.mark.parametrize("route", list(CASES))
def test_toc_title_and_footer_in_route_language(bundles: dict[str, Path], route: str) -> None:
    pdf, parts = parts_of(bundles[route])
    toc = next(p for p in parts if p["id"] == "toc")
    toc_text = text_of(pdf, *toc["pages"])
    assert toc_text.lstrip().startswith(TOC_TITLE[route])
    assert "Table of contents" not in toc_text
    total = len(PdfReader(pdf).pages)
    case_id = manifest(bundles[route])["case_id"]
    for n in range(1, total + 1):
        page = text_of(pdf, n, n)
        assert PAGE_WORD[route].format(n=n, total=total) in page, n
        assert f"Page {n} of" not in page
        assert case_id in page


@pytest.mark.parametrize("route", list(CASES))
def test_dates_are_dd_mm_yyyy_never_us(bundles: dict[str, Path], route: str) -> None:
    case = load_case(CASES[route])
    pdf, parts = parts_of(bundles[route])
    generated = [p for p in parts if p["id"] in PHRASES[route]]
    text = " ".join(squash(text_of(pdf, *p["pages"])) for p in generated)
    days: list[date] = [case.prepared_on, case.diagnosis.diagnosed_on]
    days += [t.started_on for t in case.prior_treatments]
    for day in days:
        assert day.strftime("%d/%m/%Y") in text, day
        if day.day > 12:  # otherwise the US form is also a valid European date
            assert day.strftime("%m/%d/%Y") not in text, day
        assert day.isoformat() not in text
    # every slash date in the generated documents reads as a valid dd/mm/yyyy date
    for d, m, y in re.findall(r"\b(\d{2})/(\d{2})/(\d{4})\b", text):
        date(int(y), int(m), int(d))


def test_it_parts_a_to_h_in_order(bundles: dict[str, Path]) -> None:
    pdf, parts = parts_of(bundles[IT])
    reader = PdfReader(pdf)
    titles = [t for t, _ in top_outline(reader)]
    assert titles[0] == "Lettera di accompagnamento al Comitato Etico"
    assert titles[1] == "Indice"
    letters = [t[0] for t in titles if re.match(r"^[a-h]\) ", t)]
    # each of a-h once in the outline, in order (d may carry a supporting-documents slot)
    assert list(dict.fromkeys(letters)) == list("abcdefgh")
    assert letters == sorted(letters)
    # the attachment slots e) and f) are where art. 4 puts them
    by_id = {p["id"]: p for p in parts}
    assert by_id["e-scheda-informativa"]["pages"][0] > by_id["d-dati"]["pages"][1]
    assert by_id["f-fornitura-gratuita"]["pages"][0] < by_id["g-raccolta-dati"]["pages"][0]
    # pdftotext: the headings "a) ... h)" of the generated parts appear in that order
    toc = next(p for p in parts if p["id"] == "toc")
    after_toc = squash(text_of(pdf, toc["pages"][1] + 1, len(reader.pages)))
    positions = []
    for letter, heading in [("a", "Motivazione clinica della richiesta"),
                            ("b", "Posologia e modalità di somministrazione"),
                            ("c", "Comparabilità dei pazienti"),
                            ("d", "Dati di sicurezza, tollerabilità ed efficacia"),
                            ("g", "Modalità di raccolta dei dati"),
                            ("h", "Dichiarazione di responsabilità del medico")]:
        positions.append(after_toc.index(f"{letter}) {heading}"))
    assert positions == sorted(positions)
    # the TOC lists a) to h) in order too
    toc_text = squash(text_of(pdf, *toc["pages"]))
    toc_pos = [toc_text.index(f"{x}) ") for x in "abcdefgh"]
    assert toc_pos == sorted(toc_pos)


def test_it_art_3_2_rare_tumour_phase1_at_non_reference_centre() -> None:
    res = cli("routes", str(RARE))
    assert res.returncode == 0, res.stderr
    block = res.stdout.split(f"{IT}:")[1].split("\n")
    assert block[0].strip() == "does not qualify"
    assert "rare-tumour network centre" in block[1] and "art. 3(2)" in block[1]
    assert f"{ES}: does not apply" in res.stdout  # an Italian institution
    # Spain has no such rule: the same case at a Spanish institution meets Spain's rules
    spanish = yaml.safe_load(RARE.read_text())
    spanish["institution"]["address"]["country"] = "ES"
    es = validate(parse_case(spanish, base_dir=RARE.parent), ES)
    assert not [r.id for r in es.rows
                if r.category in ("applicability", "eligibility") and r.status != "complete"]
    # the same case at a reference centre qualifies; the main example too
    data = yaml.safe_load(RARE.read_text())
    data["institution"]["reference_centre"] = True
    ok = validate(parse_case(data, base_dir=RARE.parent), IT)
    statuses = {r.id: r.status for r in ok.rows}
    assert statuses["eligibility:art-3-2-reference-centre"] == "complete"
    bad = validate(load_case(RARE), IT)
    assert not bad.ready
    assert {r.id: r.status for r in bad.rows}["eligibility:art-3-2-reference-centre"] == "not_met"
    # a rare tumour with phase II data needs no reference centre
    data["institution"]["reference_centre"] = False
    data["product"]["development_phase"] = "phase_2"
    p2 = validate(parse_case(data, base_dir=RARE.parent), IT)
    assert {r.id: r.status for r in p2.rows}["eligibility:art-3-2-reference-centre"] == "complete"
    main = cli("routes", str(CASES[IT]))
    assert f"{IT}: qualifies" in main.stdout


def test_it_free_supply_and_ec_deadline() -> None:
    data = yaml.safe_load(CASES[IT].read_text())
    data["product"]["free_of_charge"] = False
    data["request"]["ethics_opinion_on"] = "2026-11-18"
    ledger = validate(parse_case(data, base_dir=CASES[IT].parent), IT)
    rows = {r.id: r for r in ledger.rows}
    assert rows["eligibility:free-supply"].status == "not_met"
    assert rows["deadline:ec-to-aifa"].due == date(2026, 11, 21)
    assert rows["deadline:ec-to-aifa"].who == "irb"
    assert rows["action:ec-opinion"].status == "complete"
    # without the company's declaration, part f) is awaited from the manufacturer
    data["attachments"] = [dict(a, path=str((CASES[IT].parent / a["path"]).resolve()))
                           for a in data["attachments"] if a["kind"] != "manufacturer_agreement"]
    rows = {r.id: r for r in validate(parse_case(data), IT).rows}
    assert rows["part:f-fornitura-gratuita"].status == "awaiting"
    assert rows["part:f-fornitura-gratuita"].who == "manufacturer"


def test_es_management_visto_bueno_consent_action_and_no_consent_filed(
        bundles: dict[str, Path], tmp_path: Path) -> None:
    bundle = bundles[ES]
    case = load_case(CASES[ES])
    pdf, parts = parts_of(bundle)
    by_id = {p["id"]: p for p in parts}
    agreement = squash(text_of(pdf, *by_id["visto-bueno-direccion"]["pages"]))
    assert "Visto bueno de la Dirección del centro" in agreement
    assert case.institution.management is not None
    assert case.institution.management.contact_name
    assert case.institution.management.contact_name in agreement
    assert "MANIFIESTA su visto bueno" in agreement
    assert case.treatment_plan.quantity_requested
    assert squash(case.treatment_plan.quantity_requested) in agreement
    # consent: an action (awaiting), not a part of the packet, no consent file carried
    ledger = json.loads((bundle / "ledger.json").read_text())
    rows = {r["id"]: r for r in ledger["rows"]}
    assert rows["action:consent"]["status"] == "awaiting"
    assert rows["action:consent"]["category"] == "action"
    assert "Ley 41/2002" in rows["action:consent"]["citation"]
    spec = load_route(ES).spec
    assert not any("consent_form" in (p.attachments or [])
                   for pk in spec.packets for p in pk.parts)
    assert not any("consent" in p["id"] for p in parts)
    assert "consent" not in json.dumps(manifest(bundle)["attachments"])
    # even a case that uploads a consent form does not file it
    data = yaml.safe_load(CASES[ES].read_text())
    data["attachments"].append({"id": "consentimiento", "kind": "consent_form",
                                "path": "../uploads/consent-form.pdf",
                                "title": "Consentimiento informado firmado"})
    with_consent = parse_case(data, base_dir=CASES[ES].parent)
    rows2 = {r.id: r for r in validate(with_consent, ES).rows}
    assert rows2["action:consent"].status == "awaiting"
    built = build(with_consent, ES, tmp_path / "with-consent")
    filed = [d["source"] for pk in built.manifest["packets"] for p in pk["parts"]
             for d in p["documents"]]
    assert "attachment:ngs" in filed and "attachment:consentimiento" not in filed
    (packet,) = built.packets.values()
    assert "Consentimiento informado firmado" not in run("pdftotext", str(packet), "-")
    # the letter says the consent is kept, not attached
    letter = squash(text_of(pdf, *by_id["carta"]["pages"]))
    assert "no se adjunta" in letter and "Ley 41/2002" in letter


def test_es_unconfirmed_facts_reach_the_ledger(bundles: dict[str, Path]) -> None:
    ledger = json.loads((bundles[ES] / "ledger.json").read_text())
    facts = [r["item"] for r in ledger["rows"] if r["category"] == "fact"]
    assert any("48 hours" in f and "foreign medicine" in f for f in facts)
    assert any("Medicamentos en Situaciones Especiales" in f for f in facts)
    # the art. 8 contents are confirmed now: no "to verify" row for them
    assert not any("number of packs" in f for f in facts)
    statuses = {f.text: f.status for f in load_route(ES).spec.facts}
    assert statuses[next(t for t in statuses if "48 hours" in t)] == "P"
    assert statuses[next(t for t in statuses if "number of packs" in t)] == "C"
    # no deadline is computed from the 48 h statement
    assert not load_route(ES).spec.deadlines


def test_es_management_missing_is_a_gap() -> None:
    data = yaml.safe_load(CASES[ES].read_text())
    del data["institution"]["management"]
    ledger = validate(parse_case(data, base_dir=CASES[ES].parent), ES)
    assert "field:institution.management" in [r.id for r in ledger.gaps]


@pytest.mark.parametrize("route", list(CASES))
def test_patient_shown_by_initials_only(bundles: dict[str, Path], route: str) -> None:
    case = load_case(CASES[route])
    assert case.patient.full_name
    pdf, _ = parts_of(bundles[route])
    text = run("pdftotext", str(pdf), "-")
    assert case.patient.initials in text
    assert case.patient.full_name not in text
    assert case.patient.full_name.split()[-1] not in text


# --------------------------------------------------------------------------------------
# review round two: each attachment is the document its title names
# --------------------------------------------------------------------------------------
def attachment_text(route: str, att_id: str) -> str:
    case = load_case(CASES[route])
    return squash(run("pdftotext", "-layout", str(case.attachment(att_id).path), "-"))


def test_it_parts_e_and_f_are_the_italian_documents_they_claim(
        bundles: dict[str, Path]) -> None:
    case = load_case(CASES[IT])
    names = {a.id: a.path.name for a in case.attachments}
    assert names["scheda-informativa"] == "consent-form-it.pdf"
    assert names["dichiarazione-fornitura"] == "supply-declaration-it.pdf"
    consent = attachment_text(IT, "scheda-informativa")
    for words in ("Scheda informativa per la paziente e modulo di consenso informato",
                  "Versione 1.0 del 16/11/2026", "zoferatinib", "uso nominale",
                  "Consenso informato", "Ospedale Universitario San Rocco"):
        assert words in consent, words
    supply = attachment_text(IT, "dichiarazione-fornitura")
    for words in ("Dichiarazione di disponibilità alla fornitura gratuita del medicinale",
                  "D.M. 7 settembre 2017, art. 4, comma 1, lettera f)", "gratuitamente",
                  "Meridian Oncology Therapeutics Italia S.r.l.", "Milano, 13/11/2026", "MRB"):
        assert words in supply, words
    assert "Food and Drug Administration" not in supply and "IND 161234" not in supply
    # the packet carries them in parts e) and f)
    pdf, parts = parts_of(bundles[IT])
    by_id = {p["id"]: p for p in parts}
    assert "modulo di consenso informato" in squash(text_of(pdf, *by_id["e-scheda-informativa"]
                                                          ["pages"]))
    assert "fornitura gratuita" in squash(text_of(pdf, *by_id["f-fornitura-gratuita"]["pages"]))


def test_it_dates_agree_with_the_shared_reports() -> None:
    """The NGS and pathology reports the Italian example attaches are those of 5 February
    and 22 January 2024 (TG-24-003318, S24-01187): the case says so."""
    case = load_case(CASES[IT])
    ngs = squash(run("pdftotext", "-layout", str(case.attachment("ngs").path), "-"))
    assert "02/05/2024" in ngs and "TG-24-003318" in ngs
    assert case.attachment("ngs").dated == date(2024, 2, 5)
    assert case.attachment("istologico").dated == date(2024, 1, 22)
    egfr = next(b for b in case.biomarkers if b.marker == "EGFR")
    assert egfr.reported_on == date(2024, 2, 5) and "38,2%" in str(egfr.result)
    assert case.diagnosis.diagnosed_on == date(2024, 1, 22)
    # the rare-tumour case no longer attaches zoferatinib's lung-cancer documents
    assert load_case(RARE).attachments == []


def test_es_attachments_agree_with_the_case(bundles: dict[str, Path]) -> None:
    case = load_case(CASES[ES])
    names = {a.id: a.path.name for a in case.attachments}
    assert names == {"ngs": "ngs-report-es.pdf",
                     "conformidad-promotor": "supply-declaration-es.pdf"}
    ngs = attachment_text(ES, "ngs")
    egfr = next(b for b in case.biomarkers if b.marker == "EGFR")
    assert "p.(Asp770_Asn771insGly)" in str(egfr.result) and "29,5 %" in str(egfr.result)
    for words in ("p.(Asp770_Asn771insGly)", "VAF 29,5 %", "20/06/2024", "Varón / 65 años",
                  "lóbulo inferior izquierdo", "PM-24-00871", "Hospital Universitario Río "
                  "Henares"):
        assert words in ngs, words
    assert egfr.reported_on == date(2024, 6, 20) == case.attachment("ngs").dated
    assert case.patient.sex == "male"
    assert "inferior izquierdo" in str(case.diagnosis.primary_cancer)
    assert "Female" not in ngs and "Ala767_Val769dup" not in ngs
    supply = attachment_text(ES, "conformidad-promotor")
    for words in ("Conformidad del promotor para el uso compasivo", "arts. 7.1 y 8.1.b)",
                  "conformidad", "disposición a suministrar", "JLM", "Madrid, 13/11/2026"):
        assert words in supply, words
    assert "Food and Drug Administration" not in supply
    pdf, parts = parts_of(bundles[ES])
    by_id = {p["id"]: p for p in parts}
    assert "Conformidad del promotor para el uso compasivo" in squash(
        text_of(pdf, *by_id["conformidad-promotor"]["pages"]))


# --------------------------------------------------------------------------------------
# issue 16: prose a physician signs as it is (examples, minimal and maximal cases)
# --------------------------------------------------------------------------------------
CASE_FILES = Path(__file__).resolve().parents[2] / "cases"
KINDS = ("minimal", "maximal")
# the fillers the templates printed for absent optional data
FILLERS = {
    IT: ["non riportat", "non indicat", "da definire", "nessuna nota", "Nessun trattamento",
         "Nessun biomarcatore", "Nessuna riportata", "Nessuno studio", "Nessun esame",
         "Nessuna sperimentazione", "Non specificat", "nessuna\n", "– in corso"],
    ES: ["no consta", "no constan", "pendiente", "Pendiente", "por determinar", "ninguno",
         "No especificad", "Sin tratamientos previos", "No constan biomarcadores", "– en curso"],
}
# salutations and titles built blindly instead of the name as given
BLIND = ["Dr./Dra.", "Dott./Dott.ssa", "D./D.ª", "il/la ", "Il/La ", "sottoscritto/a",
         "iscritto/a"]
DOUBLED = re.compile(r"(?<!\.)\.\.(?!\.)|[;,:] ?\.(?!\w)|\. ?;|, ?,|; ?;")


def edge_case(route: str, kind: str) -> Path:
    return CASE_FILES / f"{route.replace('/', '-')}.{kind}.yaml"


@pytest.fixture(scope="module")
def edges(built: BuildCache) -> dict[tuple[str, str], Path]:
    """The minimal (a draft: third-party items missing) and maximal case of each route."""
    return {(route, kind): built(edge_case(route, kind), route,
                                 *(("--draft",) if kind == "minimal" else ()))
            for route in CASES for kind in KINDS}


def docx_texts(bundle: Path) -> dict[str, str]:
    """The text of each generated document of ``bundle`` (python-docx: paragraphs, then
    table cells row by row, cells separated by a tab)."""
    out = {}
    for path in sorted((bundle / "documents").glob("*.docx")):
        doc = docx.Document(str(path))
        lines = [p.text for p in doc.paragraphs]
        for table in doc.tables:
            lines += ["\t".join(c.text for c in row.cells) for row in table.rows]
        out[path.stem] = "\n".join(lines)
    return out


def all_bundles(bundles: dict[str, Path],
                edges: dict[tuple[str, str], Path]) -> list[tuple[str, str, Path]]:
    return ([(route, "example", b) for route, b in bundles.items()]
            + [(route, kind, b) for (route, kind), b in edges.items()])


def test_minimal_and_maximal_cases_qualify_and_build(edges: dict[tuple[str, str], Path]) -> None:
    for route in CASES:
        res = cli("routes", str(edge_case(route, "minimal")))
        assert f"{route}: qualifies" in res.stdout, res.stdout
        ledger = json.loads((edges[route, "maximal"] / "ledger.json").read_text())
        assert ledger["ready"], [r["id"] for r in ledger["rows"] if r["status"] == "missing"]


def test_no_filler_for_absent_optional_data(bundles: dict[str, Path],
                                            edges: dict[tuple[str, str], Path]) -> None:
    for route, kind, bundle in all_bundles(bundles, edges):
        for name, text in docx_texts(bundle).items():
            for word in FILLERS[route]:  # at the start of a word ("dependiente" is no filler)
                assert not re.search(rf"(?<!\w){re.escape(word)}", text), (route, kind, name,
                                                                            word)
    # what the route needs and the minimal case lacks is a ledger gap, not a word
    for route in CASES:
        ledger = json.loads((edges[route, "minimal"] / "ledger.json").read_text())
        missing = {r["id"] for r in ledger["rows"] if r["status"] == "missing"}
        for field in ("diagnosis.stage", "diagnosis.performance_status",
                      "diagnosis.disease_status", "prior_treatments"):
            assert f"field:{field}" in missing, (route, field)
    texts = docx_texts(edges[ES, "minimal"])
    # the section on why no trial is left out until the case gives the reasons (a gap)
    assert "ensayo clínico\n" not in texts["informe-clinico"]
    assert "Razones por las que" not in texts["informe-clinico"]
    assert "Número de envases" not in texts["carta"] + texts["visto-bueno-direccion"]


def test_no_empty_value_row_or_empty_column(bundles: dict[str, Path],
                                            edges: dict[tuple[str, str], Path],
                                            tmp_path: Path) -> None:
    """No table prints a label without a value, or a column with nothing in it; the
    optional columns go when no row has them (a case without laboratories, trial titles,
    reasons for stopping or units)."""
    def strip(data: dict[str, Any]) -> None:
        for b in data["biomarkers"]:
            b.pop("laboratory", None)
        for s in data["request"]["justification"]["trials_screened"]:
            s.pop("title", None)
        for t in data["prior_treatments"]:
            t.pop("reason_stopped", None)
            t.pop("best_response", None)
        for lab in data["labs"]:
            lab.pop("unit", None)
    stripped = build_cli(example_copy(CASES[IT], tmp_path / "case", strip), IT,
                         tmp_path / "out")
    builds = [*all_bundles(bundles, edges), (IT, "stripped", stripped)]
    for route, kind, bundle in builds:
        for path in sorted((bundle / "documents").glob("*.docx")):
            for table in docx.Document(str(path)).tables:
                rows = [[c.text.strip() for c in row.cells] for row in table.rows]
                for col in range(len(rows[0])):
                    assert any(r[col] for r in rows[1:]), (route, kind, path.name, rows[0][col])
                for r in rows[1:]:
                    assert all(r), (route, kind, path.name, r)
    a = docx_texts(stripped)["a-motivazione"]
    for header in ("Laboratorio", "Titolo", "Motivo di sospensione", "Migliore risposta",
                   "Unità"):
        assert header not in a, header
    assert "Marcatore\tRisultato\tMetodo\tData" in a
    assert "Linea\tContesto\tRegime\tPeriodo" in a


def test_names_addressed_as_given(bundles: dict[str, Path],
                                  edges: dict[tuple[str, str], Path]) -> None:
    for route, kind, bundle in all_bundles(bundles, edges):
        for name, text in docx_texts(bundle).items():
            for word in BLIND:
                assert word not in text, (route, kind, name, word)
    es = docx_texts(bundles[ES])
    assert es["carta"].startswith("Hospital Universitario Río Henares\nLucía Martín Aranda, ")
    assert "Fdo.: Lucía Martín Aranda\n" in es["carta"]
    # the management's signatory: the name, then the title on its own line
    vb = es["visto-bueno-direccion"]
    assert ("Carmen Ruiz Olmedo, Directora Médica, en representación de la Dirección del "
            "Hospital Universitario Río Henares (Dirección Gerencia),") in vb
    assert ("Carmen Ruiz Olmedo\nDirectora Médica\nDirección Gerencia\n"
            "Hospital Universitario Río Henares") in vb
    it = docx_texts(bundles[IT])
    assert ("Gentile Presidente,\nGiulia Ferraris, medico curante presso l'Ospedale "
            "Universitario San Rocco, chiede") in it["lettera"]
    assert it["h-dichiarazione"].count("Giulia Ferraris, medico con iscrizione all'Ordine") == 1


def test_patient_gender_and_indication_mid_sentence(bundles: dict[str, Path],
                                                    edges: dict[tuple[str, str], Path]) -> None:
    """The patient's sex decides the agreements; the indication set mid-sentence keeps no
    capital of its own (the minimal cases write 'Carcinoma ...' as a heading would)."""
    it = docx_texts(bundles[IT])
    assert "per il trattamento della paziente MRB, affetta da adenocarcinoma" in it["lettera"]
    assert "nella cartella clinica della paziente presso l'Ospedale" in it["g-raccolta-dati"]
    it_min = docx_texts(edges[IT, "minimal"])
    assert ("per il trattamento del paziente ABC, affetto da carcinoma del pancreas."
            in it_min["lettera"])
    assert "di informare il paziente sul trattamento" in it_min["h-dichiarazione"]
    es = docx_texts(bundles[ES])
    assert "del paciente con iniciales JLM, diagnosticado de adenocarcinoma" in es["carta"]
    es_min = docx_texts(edges[ES, "minimal"])
    assert ("de la paciente con iniciales DEF, diagnosticada de carcinoma de páncreas, a "
            "propuesta" in es_min["carta"])
    assert "no puede ser incluida en un ensayo" in es_min["carta"]
    assert "Informaré a la paciente" in es_min["informe-clinico"]
    assert "Datos de la paciente" in es_min["informe-clinico"]


def test_no_doubled_punctuation_and_one_stop_after_a_company_name(
        bundles: dict[str, Path], edges: dict[tuple[str, str], Path], tmp_path: Path) -> None:
    """Case text that ends with its own full stop, set where the template adds punctuation
    (the indication, the number of packs), and a company name ending in an abbreviation's
    stop, are joined with one mark."""
    def stops(data: dict[str, Any]) -> None:
        spanish = data["language"] == "es"
        data["request"]["indication"] = ("Carcinoma de páncreas metastásico." if spanish
                                         else "Carcinoma del pancreas metastatico.")
        data["treatment_plan"]["quantity_requested"] = ("4 envases de 30 comprimidos." if spanish
                                                        else "4 flaconi da 30 compresse.")
        if spanish:  # a name that does not say it is a hospital
            data["institution"]["name"] = "Clínica Universitaria de Ejemplo"
    built = list(all_bundles(bundles, edges))
    for route in CASES:
        data = yaml.safe_load(edge_case(route, "minimal").read_text(encoding="utf-8"))
        stops(data)
        folder = tmp_path / route.replace("/", "-")
        built.append((route, "stops", build_cli(write_case(data, folder), route,
                                                folder / "out", "--draft")))
    for route, kind, bundle in built:
        for name, text in docx_texts(bundle).items():
            assert not DOUBLED.search(text), (route, kind, name, DOUBLED.search(text))
    it, es = (docx_texts(b) for r, k, b in built if k == "stops")
    assert "affetto da carcinoma del pancreas metastatico.\n" in it["lettera"]
    assert "Quantità richiesta\t4 flaconi da 30 compresse." in it["b-posologia"]
    assert "diagnosticada de carcinoma de páncreas metastásico, a propuesta" in es["carta"]
    assert "c) Número de envases requeridos: 4 envases de 30 comprimidos.\n" in es["carta"]
    assert "El centro hospitalario Clínica Universitaria de Ejemplo, con el visto" in es["carta"]
    assert "La Dirección del centro hospitalario Clínica Universitaria de Ejemplo," in es[
        "visto-bueno-direccion"]
    assert ("indicado en la solicitud: 4 envases de 30 comprimidos.\n"
            in es["visto-bueno-direccion"])
    pdf, parts = parts_of(bundles[IT])
    g = next(p for p in parts if p["id"] == "g-raccolta-dati")
    assert squash(text_of(pdf, *g["pages"])).count(
        "comunicate a Meridian Oncology Therapeutics Italia S.r.l. ") == 1
    minimal = docx_texts(edges[IT, "minimal"])["g-raccolta-dati"]
    assert "comunicate a Esempio Farmaceutici S.p.A.\n" in minimal


def test_coded_values_print_in_the_route_language(bundles: dict[str, Path],
                                                  edges: dict[tuple[str, str], Path]) -> None:
    for route, kind, bundle in all_bundles(bundles, edges):
        english = english_labels(load_route(route).spec.language)
        for name, text in docx_texts(bundle).items():
            for word in english:
                assert not re.search(rf"\b{re.escape(word)}\b", text), (route, kind, name, word)
            for raw in ("phase_1", "phase_2", "Setting", "_response", "best_"):
                assert raw not in text, (route, kind, name, raw)
    it = docx_texts(bundles[IT])
    assert "\trisposta parziale\t" in it["a-motivazione"]
    assert "Sesso\tfemminile" in it["a-motivazione"]
    assert "Stato di sviluppo più avanzato\tfase 2" in it["d-dati"]
    es = docx_texts(bundles[ES])
    assert "\trespuesta parcial\t" in es["informe-clinico"]
    assert "Sexo\thombre" in es["informe-clinico"]
    assert "Estado de desarrollo más avanzado: fase 2." in es["informe-clinico"]


def test_signature_block_kept_with_the_text_before_it(
        bundles: dict[str, Path], edges: dict[tuple[str, str], Path]) -> None:
    """On the page of every signature line of a generated document, body text (a sentence
    of the document, not the closing or the place and date) comes before the line."""
    for route, kind, bundle in all_bundles(bundles, edges):
        pdf, parts = parts_of(bundle)
        for part in parts:
            if part["id"] not in PHRASES[route]:
                continue
            first, last = part["pages"]
            signed = 0
            for n in range(first, last + 1):
                page = run("pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-")
                lines = [line.strip() for line in page.splitlines() if line.strip()]
                idx = next((i for i, line in enumerate(lines) if "______" in line), None)
                if idx is None:
                    continue
                signed += 1
                body = [line for line in lines[:idx] if len(line) > 40
                        and not re.search(r"\d{2}/\d{2}/\d{4}$", line)]
                assert body, (route, kind, part["id"], n, lines[:idx])
            if part["id"] in ("lettera", "h-dichiarazione", "carta", "informe-clinico",
                              "visto-bueno-direccion"):
                assert signed == 1, (route, kind, part["id"])


def test_maximal_cases_print_the_new_case_fields(edges: dict[tuple[str, str], Path]) -> None:
    """The clinical rationale where the decree asks for the clinical reasons (part a), the
    Spanish clinical report); a prior line known to the month only prints without a day;
    the coded setting in the route's language."""
    it = docx_texts(edges[IT, "maximal"])["a-motivazione"]
    assert "Razionale clinico dell'impiego del medicinale\nL'inserzione dell'esone 20" in it
    assert "1\tmetastatico\tCarboplatino" in it
    assert "\t03/2024 – 20/01/2025\t" in it and "01/03/2024" not in it
    es = docx_texts(edges[ES, "maximal"])["informe-clinico"]
    assert "en el paciente\nLa inserción en el exón 20 de EGFR" in es
    assert "1\tmetastásico\tCarboplatino" in es
    assert "\t07/2024 – 10/03/2025\t" in es and "01/07/2024" not in es
    # the minimal cases have no rationale: no heading for it
    assert "Razionale clinico" not in docx_texts(edges[IT, "minimal"])["a-motivazione"]


# --------------------------------------------------------------------------------------
# issue 16, second reading: what a regulatory writer reading the packets still corrected
# --------------------------------------------------------------------------------------
def render_texts(case: Case, route: str, folder: Path) -> dict[str, str]:
    """Each generated document of ``route`` for ``case``, rendered as a build does
    (bundle.template_context) but without LibreOffice: part id -> text (python-docx)."""
    spec = load_route(route)
    opts = spec.options({})
    locale = spec.locale(opts)
    case_ns, _ = case_context(case, locale.language, locale.identity)
    env = make_environment(locale.date_format, locale.language)
    folder.mkdir(parents=True, exist_ok=True)
    texts = {}
    for packet, parts in plan(case, spec, opts).active:
        ctx = template_context(case, spec, packet, opts, case_ns)
        for part in parts:
            if part.kind == "document" and part.template is not None:
                dest = folder / f"{part.id}.docx"
                render_docx(spec.template_path(part.template, opts), ctx, dest, env=env,
                            stamp=case.prepared_on)
                doc = docx.Document(str(dest))
                texts[part.id] = "\n".join(p.text for p in doc.paragraphs)
    return texts


def test_a_table_value_does_not_repeat_its_label(bundles: dict[str, Path],
                                                 edges: dict[tuple[str, str], Path]) -> None:
    """'Stadio: IVB (…)', not 'Stadio: stadio IVB (…)': no value of a two-column table
    starts with the word its label is."""
    for route, kind, bundle in all_bundles(bundles, edges):
        for path in sorted((bundle / "documents").glob("*.docx")):
            for table in docx.Document(str(path)).tables:
                for row in table.rows:
                    cells = [c.text.strip() for c in row.cells]
                    if len(cells) != 2 or " " in cells[0] or not cells[1]:
                        continue
                    first = cells[1].split()[0].strip(",:;").lower()
                    assert first != cells[0].lower(), (route, kind, path.name, cells)
    it = docx_texts(bundles[IT])
    for part in ("a-motivazione", "c-comparabilita"):
        assert "Stadio\tIVB (cT2b cN2 cM1c, AJCC 8ª ed.)" in it[part], part
    es = docx_texts(bundles[ES])
    assert "Estadio\tIVA (cT3 cN2 cM1b, AJCC 8ª ed.)" in es["informe-clinico"]


@pytest.mark.parametrize(("name", "written"), [
    ("Ospedale Universitario San Rocco", "l'Ospedale Universitario San Rocco"),
    ("Fondazione IRCCS Istituto Nazionale dei Tumori",
     "la Fondazione IRCCS Istituto Nazionale dei Tumori"),
    ("Policlinico Universitario di Esempio", "il Policlinico Universitario di Esempio"),
    ("ASST Grande Ospedale Metropolitano Niguarda",
     "l'ASST Grande Ospedale Metropolitano Niguarda"),
    ("Spedali Civili di Brescia", "gli Spedali Civili di Brescia"),
    ("Humanitas Research Hospital", "Humanitas Research Hospital"),  # a proper name: none
])
def test_it_institution_takes_its_article(name: str, written: str, tmp_path: Path) -> None:
    """'presso l'Ospedale …', 'la Fondazione …', 'il Policlinico …': the institution set
    after 'presso' or 'tramite' takes the article of its first word."""
    data = yaml.safe_load(RARE.read_text(encoding="utf-8"))
    data["institution"]["name"] = name
    data["institution"]["reference_centre"] = True  # the letter's art. 3(2) sentence too
    texts = render_texts(parse_case(data, base_dir=RARE.parent), IT, tmp_path)
    assert f"medico curante presso {written}, chiede" in texts["lettera"]
    assert f"la richiesta è presentata tramite {written}, centro clinico" in texts["lettera"]
    assert f"presso {written}, in forma pseudonimizzata" in texts["g-raccolta-dati"]
    assert f"in servizio presso {written}," in texts["h-dichiarazione"]
    # the name alone (letterhead, signature, identification table) keeps no article
    assert texts["lettera"].startswith(name + "\n")


def test_it_stopping_rules_printed_once(bundles: dict[str, Path],
                                        edges: dict[tuple[str, str], Path]) -> None:
    """The criteria for stopping treatment are in part b) only, not repeated in g)."""
    for kind, bundle in (("example", bundles[IT]), ("maximal", edges[IT, "maximal"])):
        texts = docx_texts(bundle)
        rules = "Progressione radiologica secondo RECIST 1.1, tossicità inaccettabile"
        assert sum(t.count(rules) for t in texts.values()) == 1, kind
        assert rules in texts["b-posologia"]
        assert "Criteri di interruzione" not in texts["g-raccolta-dati"]


def test_it_approval_jurisdiction_in_italian(edges: dict[tuple[str, str], Path]) -> None:
    d = docx_texts(edges[IT, "maximal"])["d-dati"]
    assert "\tStati Uniti (Zephyrix), 14/04/2026: " in d
    assert not re.search(r"\bUS\b", d)


def test_es_certificate_date_grammar_and_terms(bundles: dict[str, Path],
                                              edges: dict[tuple[str, str], Path]) -> None:
    """The visto bueno closes with the Spanish formula and a date in words; 'se asegurará
    de que se recabe' (subjunctive); strength is 'concentración', apart from the dose; the
    Dirección del centro is written as RD 1015/2009 art. 8.1 writes it, everywhere."""
    vb = docx_texts(bundles[ES])["visto-bueno-direccion"]
    assert "\nEn Madrid, a 20 de noviembre de 2026\n" in vb
    assert "20/11/2026\n" not in vb.split("firma la presente.")[1]
    vb_min = docx_texts(edges[ES, "minimal"])["visto-bueno-direccion"]
    assert "\n20 de noviembre de 2026\n" in vb_min  # no address: the date alone
    for texts in (docx_texts(bundles[ES]), docx_texts(edges[ES, "minimal"])):
        assert "se asegurará de que se recabe el consentimiento" in texts["visto-bueno-direccion"]
        for name, text in texts.items():
            assert "se recaba" not in text, name
            assert not re.search(r"\b[Ll]a dirección del\b", text), name
    informe = docx_texts(bundles[ES])["informe-clinico"]
    assert ("Forma farmacéutica y concentración\tComprimidos recubiertos con película, "
            "40 mg y 80 mg") in informe
    assert "Forma farmacéutica y dosis" not in informe
    assert "\nDosis\t160 mg una vez al día" in informe


def test_listed_items_take_no_capital_after_a_semicolon(
        edges: dict[tuple[str, str], Path]) -> None:
    """Allergies and metastatic sites, written one per item as headings ('Scheletro (…)'),
    are joined into one value: each after the first loses its ordinary capital."""
    a = docx_texts(edges[IT, "maximal"])["a-motivazione"]
    assert ("Allergie\tMezzo di contrasto iodato: orticaria (2019); amoxicillina: esantema "
            "maculopapulare (2008)") in a
    assert "Sedi metastatiche\tFegato (segmenti VI e VIII); scheletro (L2" in a


def test_it_licence_names_the_ordine_once(tmp_path: Path) -> None:
    data = yaml.safe_load(CASES[IT].read_text(encoding="utf-8"))
    h = render_texts(parse_case(data, base_dir=CASES[IT].parent), IT,
                     tmp_path / "province")["h-dichiarazione"]
    assert ("medico con iscrizione all'Ordine dei Medici Chirurghi e degli Odontoiatri di "
            "Milano, n. 12345, specialista") in h
    data["physician"]["licence"]["jurisdiction"] = "OMCeO di Milano"
    h = render_texts(parse_case(data, base_dir=CASES[IT].parent), IT,
                     tmp_path / "ordine")["h-dichiarazione"]
    assert "medico con iscrizione all'OMCeO di Milano, n. 12345, specialista" in h
    assert "Odontoiatri di OMCeO" not in h


def test_es_ongoing_line_known_to_the_month(tmp_path: Path) -> None:
    """An ongoing prior line that started in a month: 'desde 07/2024', not 'desde el
    07/2024'; a full date keeps its article ('desde el 02/02/2026')."""
    data = yaml.safe_load(CASES[ES].read_text(encoding="utf-8"))
    data["prior_treatments"][0]["started_on"] = "2024-07"
    for line in data["prior_treatments"][::2]:
        line.pop("ended_on", None)
    case = parse_case(data, base_dir=CASES[ES].parent)
    folder = tmp_path / "es"
    render_texts(case, ES, folder)
    cells = [c.text for t in docx.Document(str(folder / "informe-clinico.docx")).tables
             for row in t.rows for c in row.cells]
    assert "desde 07/2024" in cells and "desde el 02/02/2026" in cells
    assert not any("desde el 07/2024" in c for c in cells)


def test_letters_and_declarations_date_in_words(bundles: dict[str, Path],
                                                edges: dict[tuple[str, str], Path]) -> None:
    """Where the physician dates and signs (cover letter, declaration, clinical report), the
    date is written in words, as Italian and Spanish letters write it; the identification
    tables keep dd/mm/yyyy."""
    it, es = docx_texts(bundles[IT]), docx_texts(bundles[ES])
    for part in ("lettera", "h-dichiarazione"):
        assert "\nMilano, 20 novembre 2026\n" in it[part], part
        assert "Milano, 20/11/2026" not in it[part], part
    for part in ("carta", "informe-clinico"):
        assert "\nMadrid, 20 de noviembre de 2026\n" in es[part], part
        assert "Madrid, 20/11/2026" not in es[part], part
    assert "\n20 novembre 2026\n" in docx_texts(edges[IT, "minimal"])["lettera"]
    assert "\tzoferatinib (ZX-2041)\t" in it["h-dichiarazione"]
    assert it["h-dichiarazione"].count("\t20/11/2026") == 1  # the identification table


def test_es_letter_lists_the_documents_alike(bundles: dict[str, Path]) -> None:
    """Items a) to c) of the Spanish letter are set alike: none in bold."""
    letter = docx.Document(str(bundles[ES] / "documents" / "carta.docx"))
    items = [p for p in letter.paragraphs if re.match(r"^[abc]\) ", p.text)]
    assert [p.text[:2] for p in items] == ["a)", "b)", "c)"]
    assert not any(r.bold for p in items for r in p.runs)


def test_es_the_company_is_named_as_the_case_knows_it(bundles: dict[str, Path]) -> None:
    """The case records the manufacturer, not the sponsor of the trials (the example's own
    conformity calls the Spanish affiliate the sponsor's subsidiary): the letter and the
    visto bueno call it 'el laboratorio', and 'promotor' stays where RD 1015/2009 art. 8.1.b
    names the sponsor's conformity."""
    es = docx_texts(bundles[ES])
    name = load_case(CASES[ES]).product.manufacturer.name
    for part in ("carta", "visto-bueno-direccion"):
        assert f"(ZX-2041), del laboratorio {name}, " in es[part], part
        assert f"del promotor {name}" not in es[part], part
    assert "b) Conformidad del promotor." in es["carta"]


def test_an_approved_medicine_stage_reads_as_a_noun_with_its_countries(
        edges: dict[tuple[str, str], Path], tmp_path: Path) -> None:
    """'Stato di sviluppo più avanzato: autorizzazione all'immissione in commercio (Stati
    Uniti)', not 'autorizzato', which an Ethics Committee could read as an Italian
    authorisation; the same in the Spanish clinical report."""
    it = docx_texts(edges[IT, "maximal"])
    assert ("Stato di sviluppo più avanzato per l'indicazione: autorizzazione all'immissione "
            "in commercio (Stati Uniti).") in it["c-comparabilita"]
    assert "Stato di sviluppo più avanzato\tautorizzazione all'immissione in commercio\n" in (
        it["d-dati"])
    for text in it.values():
        assert not re.search(r"avanzato(?: per l'indicazione:|\t) ?autorizzato", text)
    data = yaml.safe_load(CASES[ES].read_text(encoding="utf-8"))
    data["product"]["development_phase"] = "approved"
    data["product"]["approvals"] = [{"jurisdiction": "US", "approved_on": "2026-04-14"}]
    texts = render_texts(parse_case(data, base_dir=CASES[ES].parent), ES, tmp_path)
    assert ("Estado de desarrollo más avanzado: autorización de comercialización (Estados "
            "Unidos).") in texts["informe-clinico"]
