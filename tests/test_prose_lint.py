"""The prose lint fires on each defect and stays quiet on correct text.

Each rule gets a tiny DOCX (python-docx) with the defect and one without it; the page
rules get a PDF made by reportlab, read back by pdftotext as in a bundle.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from accesspack.model import Case
from tests.prose_lint import Finding, case_names, lint_bundle, lint_docx, lint_pages, lint_text

ROOT = Path(__file__).resolve().parent.parent


def rules(text: str, language: str = "en") -> list[str]:
    return [f.rule for f in lint_text(text, language, "doc.docx", "¶1")]


def make_docx(path: Path, paragraphs: list[str],
              tables: list[list[list[str]]] | None = None) -> Path:
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    for rows in tables or []:
        t = d.add_table(rows=len(rows), cols=len(rows[0]))
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                t.cell(i, j).text = value
    d.save(str(path))
    return path


# ------------------------------------------------------------------ P1 doubled punctuation

@pytest.mark.parametrize("text", [
    "Brain MRI: no metastases.; performance status: ECOG 1",
    "Meridian Oncology Therapeutics Italia S.r.l.. The sponsor",
    "progression after two lines.,",
    "the dose;; the schedule", "the dose,, the schedule", "the dose,. The schedule",
    "the dose;. The schedule", "Premedication:. None", "the end of it .",
    "Dose: , schedule", "治疗。。", "Allergies:: none",
])
def test_p1_doubled_punctuation_fires(text: str) -> None:
    assert "P1" in rules(text)


@pytest.mark.parametrize("text", [
    "Meridian Oncology Therapeutics, Inc., Lakemont", "Meridian Italia S.r.l.; Milan",
    "targeted agents, e.g., osimertinib", "and so on...", "Fdo.: Dr. Martín",
    "Tel. (614) 555-0137", "at 10:30 on 12/21/2026", "see 21 CFR 312.310(b)(3).",
    "p.A767_V769dup (exon 20 insertion)", "etc.; the rest", "Fusione CD74::NRG1",
])
def test_p1_quiet_on_correct_text(text: str) -> None:
    assert "P1" not in rules(text)


def test_p1_space_before_colon_is_french() -> None:
    assert "P1" not in rules("Indication : cancer ; posologie", "fr")
    assert "P1" in rules("Indication : cancer", "en")


# ------------------------------------------------------------------ P2 null values

@pytest.mark.parametrize("text", ["Strength: None", "Fax: null", "Weight: nan kg",
                                  "Prior IRB approval: True", "IRB: False.",
                                  "Allergies: []", "Contact: {}"])
def test_p2_null_words_fire(text: str) -> None:
    assert "P2" in rules(text)


@pytest.mark.parametrize("text", ["None required.", "None of the approved options apply.",
                                  "True progression was confirmed", "Nonetheless, nanoparticles",
                                  "annulled"])
def test_p2_quiet_on_english(text: str) -> None:
    assert "P2" not in rules(text)


# ------------------------------------------------------------------ P3 template syntax

@pytest.mark.parametrize("text", ["Dear {{ contact }}:", "{% if x %}text", "left }} over",
                                  "a %} tag"])
def test_p3_template_syntax_fires(text: str) -> None:
    assert "P3" in rules(text)


def test_p3_quiet() -> None:
    assert "P3" not in rules("Set {a} and 50% of it")


# ------------------------------------------------------------------ P4 raw names

@pytest.mark.parametrize("text", ["Ethnicity: not_hispanic_or_latino",
                                  "Best response: best_response", "Setting: locally_advanced",
                                  "see case.patient.initials"])
def test_p4_raw_names_fire(text: str) -> None:
    assert "P4" in rules(text)


@pytest.mark.parametrize("text", ["write to dana_whitcombe@meridian.example.com",
                                  "https://example.org/some_page", "file ngs_report_2024.pdf",
                                  "p.A767_V769dup", "in this case. The patient"])
def test_p4_quiet_in_addresses_and_files(text: str) -> None:
    assert "P4" not in rules(text)


# ------------------------------------------------------------------ P5 fillers

@pytest.mark.parametrize(("text", "language"), [
    ("Dosage form: not recorded", "en"), ("Strength: Not recorded", "en"),
    ("Premedication: none", "en"), ("Premedication: none.", "en"),
    ("Allergies: none recorded", "en"), ("Fax: not provided", "en"),
    ("Forme : non renseigné", "fr"), ("Dosaggio: non indicato", "it"),
    ("Peso: no consta", "es"), ("Dosis: nicht angegeben", "de"), ("剂型：未记录", "zh"),
    ("Prémédication : aucune", "fr"),
])
def test_p5_fillers_fire(text: str, language: str) -> None:
    assert "P5" in rules(text, language)


@pytest.mark.parametrize(("text", "language"), [
    ("Known allergies: none known", "en"), ("Premedication: none required", "en"),
    ("No other treatment is recorded.", "en"), ("non indiqué ailleurs", "en"),
])
def test_p5_quiet(text: str, language: str) -> None:
    assert "P5" not in rules(text, language)


def test_p5_empty_row_and_column(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "t.docx", [], [
        [["Field", "Entry"], ["Phone", "(614) 555-0137"], ["Fax", ""],
         ["Signature", ""], ["Date", ""], ["Name", "________"], ["Premedication", "none"]],
        [["Test", "Result", "Laboratory"], ["EGFR", "exon 20 ins", ""],
         ["PD-L1", "TPS 5%", ""]],
    ])
    found = lint_docx(path, "en")
    p5 = [f for f in found if f.rule == "P5"]
    assert [f.where for f in p5] == ["table 1 r7c2", "table 1 r3", "table 2 c3"], found
    assert p5[0].excerpt == "Premedication: none"
    assert "Fax" in p5[1].excerpt and "Laboratory" in p5[2].excerpt


def test_p5_by_hand_rows_in_other_languages(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "t.docx", [], [
        [["签字栏", ""], ["主治医师（签字）", ""], ["日期", ""]],
        [["Rubrik", "Angabe"], ["Unterschrift", ""], ["Datum", ""], ["Telefax", ""]],
    ])
    found = [f for f in lint_docx(path, "de") if f.rule == "P5"]
    assert [f.where for f in found] == ["table 2 r4"], found


def test_p5_column_table_with_values_is_quiet(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "t.docx", [], [
        [["Test", "Result", "Laboratory"], ["EGFR", "exon 20 ins", "Tessaract Genomics"],
         ["PD-L1", "TPS 5%", ""]],
    ])
    assert [f for f in lint_docx(path, "en") if f.rule == "P5"] == []


# ------------------------------------------------------------------ P6 capital mid-sentence

@pytest.mark.parametrize(("text", "language"), [
    ("the treatment of my patient with zoferatinib for Metastatic non-small cell lung "
     "cancer", "en"),
    ("a patient with Advanced melanoma", "en"),
    ("traitement pour Cancer bronchique non à petites cellules", "fr"),
    ("trattamento per Carcinoma polmonare", "it"),
    ("tratamiento para Cáncer de pulmón", "es"),
])
def test_p6_capital_fires(text: str, language: str) -> None:
    assert "P6" in rules(text, language)


@pytest.mark.parametrize(("text", "language"), [
    ("for metastatic non-small cell lung cancer", "en"),
    ("for Hodgkin lymphoma", "en"),
    ("for EGFR-mutant disease", "en"),
    ("supplied for Meridian Oncology Therapeutics by", "en"),  # a name: a run of capitals
    ("with Bramblewood University Cancer Center", "en"),
    ("10.b. Request for Authorization to Use Alternative IRB Review", "en"),
    ("For metastatic disease. With Progression noted", "en"),
    ("für Fortgeschrittenes Karzinom mit Metastasen", "de"),
    ("Metastatic non-small cell lung cancer", "en"),
])
def test_p6_quiet(text: str, language: str) -> None:
    assert "P6" not in rules(text, language)


# ------------------------------------------------------------------ P7 English in another language

@pytest.mark.parametrize(("text", "language"), [
    ("Ligne 1 : carboplatine (metastatic)", "fr"),
    ("Risposta: partial response", "it"),
    ("Firma: ____  Date: ____", "it"),
    ("Anlagen: Letter of authorization", "de"),
    ("Enclosures: 1. CV", "es"),
    ("是否：Yes", "zh"),
    ("Seite 2 (continued)", "de"),
])
def test_p7_english_fires(text: str, language: str) -> None:
    assert "P7" in rules(text, language)


@pytest.mark.parametrize(("text", "language"), [
    ("Date : 20/11/2026 — Signature", "fr"),       # French words too
    ("No, il paziente non è eleggibile", "it"),
    ("Ligne 1 : carboplatine (métastatique)", "fr"),
    ("[EN — translation missing] Progressive disease after metastatic treatment", "fr"),
    ("Essai ZEPHYR-1: A Phase 2 Study in Metastatic NSCLC", "fr"),  # case text, capitals
    ("Metastatic disease, other sites", "en"),
])
def test_p7_quiet(text: str, language: str) -> None:
    assert "P7" not in rules(text, language)


def test_p7_leaves_attachment_titles_alone() -> None:
    found = lint_text("Pièce 3 : Pathology report S24-01187", "fr", "d", "¶1",
                      case_text=["Pathology report S24-01187"])
    assert found == []
    assert "P7" in rules("Pièce 3 : Pathology report S24-01187", "fr")


# ------------------------------------------------------------------ P10 repeated words

@pytest.mark.parametrize("text", [
    "Letter of Authorization: Letter of Authorization, dated 11/13/2026",
    "Non-small cell lung cancer, adenocarcinoma, Adenocarcinoma, moderately differentiated",
])
def test_p10_repeats_fire(text: str) -> None:
    assert "P10" in rules(text)


@pytest.mark.parametrize(("text", "language"), [
    ("meilleure réponse : réponse partielle", "fr"),
    ("Medical Affairs — Individueller Heilversuch, heilversuch@meridian.example.com", "de"),
    ("pemetrexed, then pemetrexed maintenance", "en"),
    ("cycles 1, 1 and 2", "en"),
])
def test_p10_quiet(text: str, language: str) -> None:
    assert "P10" not in rules(text, language)


# ------------------------------------------------------------------ findings print

def test_finding_prints_document_place_rule_and_text(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "form-3926.docx",
                     ["Item 5: brain MRI: no metastases.; performance status: ECOG 1"])
    [f] = lint_docx(path, "en")
    assert str(f).startswith('form-3926.docx ¶1: P1 doubled punctuation: "')
    assert "no metastases.; performance" in f.excerpt


def test_docx_tables_and_correct_document_are_clean(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "ok.docx", [
        "Dear Dana Whitcombe:",
        "I request zoferatinib for metastatic non-small cell lung cancer; see e.g., the CV.",
        "Meridian Oncology Therapeutics Italia S.r.l., Milan.",
    ], [[["Field", "Entry"], ["Drug", "zoferatinib"], ["Signature", "____________"]]])
    assert lint_docx(path, "en") == []


# ------------------------------------------------------------------ page rules

def make_pdf(path: Path, pages: list[list[str]], case_id: str = "EX-1") -> Path:
    c = canvas.Canvas(str(path), pagesize=letter, invariant=1)
    for n, lines in enumerate(pages, 1):
        y = 720.0
        for line in lines:
            c.drawString(72, y, line)
            y -= 16
        c.drawString(200, 30, f"{case_id} · Packet · Page {n} of {len(pages)}")
        c.showPage()
    c.save()
    return path


def pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.split("\f")


BODY = [f"Line {i} of a treatment plan that fills the page with ordinary prose text."
        for i in range(30)]


@pytest.mark.slow
def test_p8_signature_block_alone_on_a_page(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "p.pdf", [BODY, [
        "Signature: ________________________   Date: ______________",
        "Tobias Renner-Albright, MD, PhD", "Bramblewood University Cancer Center"]])
    found = lint_pages(pdf_pages(pdf)[:2], "treatment-plan.docx", 13, "EX-1", "en")
    assert [(f.rule, f.where) for f in found] == [("P8", "p.14")]


def test_p8_chinese_signature_block(tmp_path: Path) -> None:
    pages = ["一、治疗方案\n" + "\n".join(f"第{i}行内容" for i in range(30)),
             "主治医师（签字）：__________   日期：    年   月   日\n王建国，主任医师\n"
             "EX-1 · 伦理申请 · 第 8 页，共 8 页"]
    found = lint_pages(pages, "treatment-plan.docx", 7, "EX-1", "zh")
    assert [(f.rule, f.where) for f in found] == [("P8", "p.8")]


@pytest.mark.slow
def test_p9_few_lines_spilled_onto_the_last_page(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "p.pdf", [BODY, [
        "9. Discharge summary, dated 09/27/2026", "10. FDG PET-CT report, dated 10/20/2026",
        "11. Laboratory results, dated 11/10/2026"]])
    found = lint_pages(pdf_pages(pdf)[:2], "cover-letter.docx", 7, "EX-1", "en")
    assert [(f.rule, f.where) for f in found] == [("P9", "p.8")]
    assert "Discharge summary" in found[0].excerpt


@pytest.mark.slow
def test_page_rules_quiet_on_a_full_last_page_with_signature(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "p.pdf", [BODY, [*BODY[:12], "Signature: ________   Date: ____",
                                               "Tobias Renner-Albright, MD, PhD"]])
    assert lint_pages(pdf_pages(pdf)[:2], "treatment-plan.docx", 1, "EX-1", "en") == []


def test_page_rules_skip_one_page_documents() -> None:
    assert lint_pages(["Signature: ____\nDate: ____"], "form.docx", 1, "EX-1", "en") == []


# ------------------------------------------------------------------ a bundle and the CLI

@pytest.fixture()
def bundle(tmp_path: Path) -> Path:
    """A small bundle: a DOCX with a defect and a packet whose upload pages have defects
    too (which the lint must not read)."""
    folder = tmp_path / "bundle"
    (folder / "documents").mkdir(parents=True)
    make_docx(folder / "documents" / "treatment-plan.docx",
              ["Indication: for Metastatic melanoma.", "Strength: not recorded"])
    make_pdf(folder / "EX-1-packet.pdf", [
        BODY, ["Signature: ______  Date: ______", "Dr. A"],
        ["Upload page: Signature: ____", "Date: ____"],  # an upload: never linted
        ["Upload page 2", "x"],
    ])
    manifest = {
        "case_id": "EX-1", "route": "fda/single-patient", "options": {},
        "packets": [{"file": "EX-1-packet.pdf", "parts": [
            {"documents": [{"document": "documents/treatment-plan.docx", "pages": [1, 2],
                            "source": "template:treatment-plan.docx"}]},
            {"documents": [{"file": "attachments/01-x.pdf", "pages": [3, 4],
                            "source": "attachment:x", "title": "Scanned report"}]},
        ]}],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


@pytest.mark.slow
def test_lint_bundle_reads_documents_and_generated_pages_only(bundle: Path) -> None:
    found = lint_bundle(bundle)
    assert sorted((f.rule, f.where) for f in found) == [
        ("P5", "¶2"), ("P6", "¶1"), ("P8", "p.2")], found
    assert all(isinstance(f, Finding) for f in found)


@pytest.mark.slow
def test_cli_prints_findings_and_exits_1(bundle: Path, tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "tests.prose_lint", str(bundle)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1, run.stderr
    assert 'treatment-plan.docx ¶1: P6 capitalised word mid-sentence: "' in run.stdout
    clean = tmp_path / "clean"
    shutil.copytree(bundle, clean)
    make_docx(clean / "documents" / "treatment-plan.docx", ["Indication: metastatic melanoma."])
    (clean / "EX-1-packet.pdf").unlink()
    run = subprocess.run([sys.executable, "-m", "tests.prose_lint", str(clean)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout == ""


@pytest.mark.slow
def test_lint_bundle_reads_the_collators_own_pages_in_the_route_language(tmp_path: Path) -> None:
    """A French route's table of contents (the collator's page) with English fixed words."""
    folder = tmp_path / "fr"
    (folder / "documents").mkdir(parents=True)
    make_docx(folder / "documents" / "resume-clinique.docx", ["Résumé clinique"])
    make_pdf(folder / "EX-2-packet.pdf", [["Table of contents", "Pathology report  3"],
                                          ["Résumé clinique"], ["Upload: Date, Signature"]],
             case_id="EX-2")
    manifest = {
        "case_id": "EX-2", "route": "ema/fr-aac", "options": {},
        "packets": [{"file": "EX-2-packet.pdf", "parts": [
            {"documents": [{"pages": [1, 1], "source": "generated:table-of-contents"}]},
            {"documents": [{"document": "documents/resume-clinique.docx", "pages": [2, 2],
                            "source": "template:resume-clinique.docx"}]},
            {"documents": [{"file": "attachments/01-x.pdf", "pages": [3, 3],
                            "source": "attachment:x", "title": "Scanned report"}]},
        ]}],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    found = lint_bundle(folder)
    assert sorted((f.rule, f.where, f.excerpt) for f in found) == [
        ("P7", "p.1", "Pathology report 3"), ("P7", "p.1", "Table of contents")], found


def test_p6_keeps_the_case_proper_names(case: Case) -> None:
    """A product's name after "with" is the case's, not a template's capital."""
    text = "Treatment with Cytoravir tablets is requested"
    assert [f.rule for f in lint_text(text, "en", "d.docx", "¶1")] == ["P6"]
    names = frozenset(w for n in case_names(case) for w in n.split())
    assert "testinib" in names and "Testco" in names
    assert not lint_text(text, "en", "d.docx", "¶1", names=frozenset({"Cytoravir"}))


@pytest.mark.parametrize("text", [
    "Patient/in (Initialen)", "Estimado/a Dr Pieter Janssens:", "il/la sottoscritto/a",
    "Dott./Dott.ssa Rossi", "Dr./Dra. García", "behandelnde Ärztin/Arzt",
])
def test_p11_slash_forms_fire(text: str) -> None:
    assert "P11" in rules(text, "de")


@pytest.mark.parametrize("text", [
    "EGFR/HER2", "carboplatin/pemetrexed", "160 mg/m2", "fase 1/2", "radioterapia y/o cirugía",
    "chirurgia e/o radioterapia", "TTF-1/napsin A", "Send drug c/o",
])
def test_p11_quiet_on_ordinary_slashes(text: str) -> None:
    assert "P11" not in rules(text, "es")


def test_p12_our_software_named() -> None:
    assert "P12" in rules("kann mit der Route ema/cup-enrolment vorbereitet werden", "de")
    assert "P12" in rules("built with accesspack", "en")
    assert "P12" not in rules("see www.fda.gov/drugs/expanded-access and ema.europa.eu", "en")
