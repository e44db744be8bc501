"""The FDA Word templates: every one renders with the real renderer against a complete case.

The rendered DOCX files are read back with python-docx (independently of the renderer) and
checked for the case's values, the item order of each Form FDA 3926 edition, the absence of
the patient's identity beyond initials, and leftover Jinja tags. One form is also converted
to PDF with LibreOffice and checked with poppler (text present, every font embedded).
"""

from __future__ import annotations

import copy
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from accesspack import load_route
from accesspack.bundle import form_context as engine_form_context
from accesspack.bundle import template_context
from accesspack.model import Case, load_case, parse_case
from accesspack.render.context import case_context
from accesspack.render.docx import make_environment, render_docx

ROOT = Path(__file__).resolve().parents[3]
FDA = ROOT / "templates" / "fda"
EXAMPLES = ("fda-single-patient", "fda-emergency", "fda-follow-up")
LABELS = {"2022-08": "FORM FDA 3926 (08/22)", "2019-06": "FORM FDA 3926 (6/19)"}


def unverified_note(edition: str) -> str:
    """The form's footnote for items not confirmed against the official form."""
    return ("† Not confirmed against the official form; check the wording on the official "
            f"{LABELS[edition]} before signing.")
EDITIONS = ("2022-08", "2019-06")
TEMPLATES = (
    "cover-letter-initial.docx",
    "cover-letter-emergency.docx",
    "cover-letter-follow-up.docx",
    "form-fda-3926-2022-08.docx",
    "form-fda-3926-2019-06.docx",
    "clinical-summary.docx",
    "treatment-plan.docx",
    "physician-qualification.docx",
    "irb-cover-letter.docx",
    "irb-chair-review-request.docx",
    "irb-emergency-notice.docx",
    "manufacturer-request.docx",
    "manufacturer-request-emergency.docx",
    "follow-up-report.docx",
)
FULL_NAME = "Jane Quinn Doe"
IDENTIFYING = (FULL_NAME, "Quinn", "04/12/1968", "1968-04-12", "17 Elm Court")


# --------------------------------------------------------------------------------------
# A complete synthetic case (no real person)
# --------------------------------------------------------------------------------------
def complete_case_data() -> dict[str, Any]:
    return {
        "case_id": "demo-fda-001",
        "prepared_on": "2025-02-03",
        "language": "en",
        "patient": {
            "initials": "JQD",
            "full_name": FULL_NAME,
            "date_of_birth": "1968-04-12",
            "sex": "female",
            "weight_kg": 61.5,
            "height_cm": 165,
            "allergies": ["Penicillin (urticaria)", "Iodinated contrast (flushing)"],
            "ethnicity": "not_hispanic_or_latino",
            "race": ["asian", "white"],
            "address": {
                "line1": "17 Elm Court",
                "city": "Oakland",
                "region": "CA",
                "postal_code": "94601",
                "country": "US",
            },
        },
        "diagnosis": {
            "primary_cancer": "Non-small cell lung cancer",
            "icd10": "C34.1",
            "histology": "Adenocarcinoma, acinar predominant",
            "grade": "G2",
            "stage": {"t": "T2a", "n": "N2", "m": "M1c", "ajcc_edition": 8, "overall": "IVB"},
            "diagnosed_on": "2022-03-14",
            "metastatic_sites": ["Liver", "Bone (T8 vertebra)"],
            "disease_status": "Progressive disease after third-line therapy",
            "performance_status": {"scale": "ECOG", "value": 1, "assessed_on": "2025-01-27"},
        },
        "pathology": [
            {
                "specimen": "Core needle biopsy",
                "site": "Right upper lobe",
                "collected_on": "2022-03-08",
                "reported_on": "2022-03-14",
                "laboratory": "Bayview Pathology Associates",
                "finding": "Invasive adenocarcinoma, TTF-1 positive",
                "source": "path-2022",
            }
        ],
        "biomarkers": [
            {
                "marker": "EGFR",
                "result": "p.L858R (c.2573T>G)",
                "method": "NGS",
                "specimen": "Tumour tissue",
                "laboratory": "GenomeLab West",
                "reported_on": "2022-03-28",
                "source": "ngs-2022",
            },
            {
                "marker": "EGFR",
                "result": "p.C797S (cis)",
                "method": "ctDNA",
                "specimen": "Plasma",
                "laboratory": "LiquidSeq Inc.",
                "reported_on": "2024-12-02",
            },
            {
                "marker": "PD-L1",
                "result": "TPS 5 %",
                "method": "IHC",
                "specimen": "Tumour tissue",
                "laboratory": "Bayview Pathology Associates",
                "reported_on": "2022-03-18",
            },
        ],
        "prior_treatments": [
            {
                "line": 1,
                "setting": "metastatic",
                "regimen": "Osimertinib",
                "agents": ["osimertinib"],
                "started_on": "2022-04-01",
                "ended_on": "2024-01-15",
                "best_response": "PR",
                "reason_stopped": "Progression",
                "toxicities": ["Grade 1 rash"],
            },
            {
                "line": 2,
                "setting": "metastatic",
                "regimen": "Carboplatin and pemetrexed",
                "agents": ["carboplatin", "pemetrexed"],
                "started_on": "2024-02-01",
                "ended_on": "2024-07-20",
                "best_response": "SD",
                "reason_stopped": "Progression",
                "toxicities": ["Grade 2 anaemia"],
            },
            {
                "line": 3,
                "setting": "metastatic",
                "regimen": "Amivantamab",
                "started_on": "2024-08-05",
                "ended_on": "2024-12-20",
                "best_response": "PD",
                "reason_stopped": "Progression",
                "toxicities": [],
            },
        ],
        "comorbidities": ["Hypothyroidism", "Mild chronic kidney disease (stage 2)"],
        "current_medications": ["Levothyroxine 75 micrograms daily", "Denosumab 120 mg monthly"],
        "labs": [
            {
                "name": "Haemoglobin",
                "value": 11.2,
                "unit": "g/dL",
                "measured_on": "2025-01-27",
                "reference_range": "12.0-15.5",
            },
            {
                "name": "Creatinine clearance",
                "value": 68,
                "unit": "mL/min",
                "measured_on": "2025-01-27",
                "reference_range": "> 60",
            },
        ],
        "request": {
            "submission": "initial",
            "emergency": False,
            "indication": "EGFR C797S-mutant metastatic NSCLC after osimertinib",
            "justification": {
                "no_satisfactory_alternative": "All approved options are exhausted.",
                "benefit_risk": "Responses were seen in phase 1 in C797S-mutant disease.",
                "physician_risk_determination": True,
                "trials_screened": [
                    {
                        "nct": "NCT05123456",
                        "title": "A phase 1/2 study of EXT-4021",
                        "reason_not_eligible": "Enrolment closed",
                    },
                    {
                        "nct": "NCT04987654",
                        "title": "Fourth-generation EGFR TKI basket trial",
                        "reason_not_eligible": "Excludes prior amivantamab",
                    },
                ],
            },
            "regulator_division": "Division of Oncology 3",
            "request_form_waiver": True,
            "request_alternative_irb_review": True,
            "trials_screened_note": "Screened on ClinicalTrials.gov on 01/20/2025.",
        },
        "physician": {
            "name": "Alex R. Morgan",
            "degrees": ["MD", "PhD"],
            "specialty": "Medical Oncology",
            "medical_school": "University of Michigan Medical School",
            "graduation_year": 2001,
            "licence": {"number": "A123456", "jurisdiction": "CA"},
            "job_title": "Associate Professor of Medicine",
            "address": {
                "line1": "1200 Harbor Way",
                "line2": "Suite 400",
                "city": "San Francisco",
                "region": "CA",
                "postal_code": "94107",
                "country": "US",
            },
            "email": "amorgan@pccc.example.org",
            "phone": "415-555-0134",
            "fax": "415-555-0199",
        },
        "institution": {
            "name": "Pacific Coast Cancer Center",
            "address": {
                "line1": "1200 Harbor Way",
                "city": "San Francisco",
                "region": "CA",
                "postal_code": "94107",
                "country": "US",
            },
            "irb": {
                "name": "Pacific Coast Cancer Center IRB",
                "registration": "IRB00001234",
                "chair": "Dana Lee, MD",
                "address": {
                    "line1": "1300 Harbor Way",
                    "city": "San Francisco",
                    "region": "CA",
                    "postal_code": "94107",
                    "country": "US",
                },
                "email": "irb@pccc.example.org",
            },
        },
        "product": {
            "name": "Exampletinib",
            "code": "EXT-4021",
            "review_centre": "CDER",
            "manufacturer": {
                "name": "Northwind Oncology & Co.",
                "contact_name": "Expanded Access Desk",
                "email": "ea@northwind.example.com",
                "address": {
                    "line1": "1 Research Park",
                    "city": "Cambridge",
                    "region": "MA",
                    "postal_code": "02139",
                    "country": "US",
                },
            },
            "dosage_form": "film-coated tablet",
            "strength": "80 mg",
            "reference_application": "IND 145678",
            "trials": ["NCT05123456"],
        },
        "treatment_plan": {
            "dose": "160 mg once daily",
            "route": "oral",
            "schedule": "continuous 28-day cycles",
            "planned_duration": "until progression or unacceptable toxicity, up to 12 months",
            "premedication": "none",
            "monitoring": "CBC, liver and renal function every 2 weeks; CT every 8 weeks",
            "dose_modifications": "Hold for grade 3 toxicity; resume at 80 mg when grade 1",
            "stopping_rules": "Stop for progression or grade 4 toxicity",
            "quantity_requested": "90 tablets of 80 mg (45-day supply)",
            "planned_start_on": "2025-03-10",
        },
        "attachments": [
            {
                "kind": "letter_of_authorization",
                "path": "loa.pdf",
                "title": "Northwind LOA for IND 145678",
                "dated": "2025-01-30",
            },
            {"kind": "cv", "path": "cv.pdf", "title": "CV of Dr Morgan"},
            {
                "id": "path-2022",
                "kind": "pathology_report",
                "path": "path.pdf",
                "title": "Surgical pathology report S22-0412",
                "dated": "2022-03-14",
            },
            {
                "id": "ngs-2022",
                "kind": "biomarker_report",
                "path": "ngs.pdf",
                "title": "GenomeLab NGS report GL-88812",
                "dated": "2022-03-28",
            },
            {"kind": "consent_form", "path": "consent.pdf", "title": "EA consent form v1"},
            {"kind": "investigator_brochure", "path": "ib.pdf", "title": "EXT-4021 IB ed. 5"},
        ],
    }


def emergency_data() -> dict[str, Any]:
    data = complete_case_data()
    data["request"]["emergency"] = True
    data["request"]["emergency_authorization"] = {
        "authorized_on": "2025-01-28",
        "means": "phone",
        "authorized_by": "Dr. Pat Example, FDA",
        "ind_number": "IND 170001",
        "first_dose_on": "2025-01-29",
    }
    return data


def follow_up_data() -> dict[str, Any]:
    data = complete_case_data()
    data["prepared_on"] = "2025-07-15"
    data["request"]["submission"] = "follow_up"
    data["request"]["physician_ind_number"] = "IND 170001"
    data["request"]["follow_up"] = {
        "kinds": ["initial_safety_report", "change_in_treatment_plan", "other"],
        "other_description": "Updated contact details",
        "summary": "Grade 3 pneumonitis on day 41; drug held; resolved on steroids.",
        "safety_event": {
            "description": "Grade 3 pneumonitis",
            "aware_on": "2025-04-20",
            "fatal_or_life_threatening": False,
            "serious": True,
            "unexpected": True,
        },
        "treatment_completed_on": "2025-06-30",
    }
    data["attachments"].append(
        {"kind": "safety_report", "path": "3500a.pdf", "title": "Form FDA 3500A, pneumonitis"}
    )
    return data


def minimal_data() -> dict[str, Any]:
    """Only what the model requires: every optional part absent or empty."""
    return {
        "case_id": "demo-min",
        "prepared_on": "2025-02-03",
        "patient": {"initials": "AB", "age_years": 70, "sex": "male"},
        "diagnosis": {
            "primary_cancer": "Pancreatic adenocarcinoma",
            "icd10": "C25.0",
            "diagnosed_on": "2024-05-01",
        },
        "request": {
            "justification": {
                "no_satisfactory_alternative": "None left.",
                "benefit_risk": "Favourable.",
            }
        },
        "physician": {"name": "Sam Lee"},
        "institution": {"name": "Small Clinic"},
        "product": {"name": "Drugamab", "manufacturer": {"name": "Maker Ltd"}},
        "treatment_plan": {
            "dose": "1 mg/kg",
            "route": "IV",
            "schedule": "every 3 weeks",
            "planned_duration": "6 cycles",
            "monitoring": "labs",
            "dose_modifications": "hold",
        },
    }


VARIANTS = {
    "initial": complete_case_data,
    "emergency": emergency_data,
    "follow_up": follow_up_data,
    "minimal": minimal_data,
}


def make_case(data: dict[str, Any], folder: Path) -> Case:
    folder.mkdir(parents=True, exist_ok=True)
    for att in data.get("attachments", []):
        (folder / att["path"]).write_bytes(b"%PDF-1.4\n%%EOF\n")
    return parse_case(copy.deepcopy(data), base_dir=folder)


# --------------------------------------------------------------------------------------
# The context (the engine builds the same)
# --------------------------------------------------------------------------------------
def form_context(edition: str) -> dict[str, Any]:
    form = engine_form_context(load_route("fda/single-patient"), edition)
    assert form is not None
    return form


def build_context(case: Case, edition: str = "2022-08") -> dict[str, Any]:
    """The context exactly as the engine builds it for the FDA submission packet."""
    route = load_route("fda/single-patient")
    ns, _missing = case_context(case, "en", identity="initials")
    return template_context(case, route, route.spec.packets[0], {"form_edition": edition}, ns)


def render(name: str, case: Case, out: Path, edition: str = "2022-08") -> Path:
    dest = out / name
    render_docx(
        FDA / name,
        build_context(case, edition),
        dest,
        env=make_environment("MM/dd/yyyy"),
        stamp=case.prepared_on,
    )
    return dest


# --------------------------------------------------------------------------------------
# Reading a DOCX back (python-docx only)
# --------------------------------------------------------------------------------------
def blocks(path: Path) -> list[str]:
    """Every paragraph's text in document order, table cells row by row."""
    out: list[str] = []
    for block in Document(str(path)).iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    out.extend(p.text for p in cell.paragraphs)
        else:
            out.append(block.text)
    return out


def text_of(path: Path) -> str:
    return "\n".join(blocks(path))


def headings(path: Path, level: int = 2) -> list[str]:
    return [
        p.text
        for p in Document(str(path)).paragraphs
        if p.style is not None and p.style.name == f"Heading {level}"
    ]


def common_checks(text: str, case: Case) -> None:
    for tag in ("{{", "}}", "{%", "%}", "{#"):
        assert tag not in text, f"leftover Jinja tag {tag!r}"
    for secret in IDENTIFYING:
        assert secret not in text
    if case.patient.full_name:
        assert case.patient.full_name not in text
    assert "translation missing" not in text
    assert case.patient.initials in text
    assert case.product.name in text
    assert case.physician.name in text


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    base = tmp_path_factory.mktemp("cases")
    return {name: make_case(make(), base / name) for name, make in VARIANTS.items()}


# --------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------
def test_every_template_exists() -> None:
    for name in TEMPLATES:
        assert (FDA / name).is_file(), name


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_renders_every_case(
    name: str, variant: str, cases: dict[str, Case], tmp_path: Path
) -> None:
    case = cases[variant]
    text = text_of(render(name, case, tmp_path))
    common_checks(text, case)


@pytest.mark.parametrize("example", EXAMPLES)
@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_renders_the_examples(name: str, example: str, tmp_path: Path) -> None:
    path = ROOT / "examples" / example / "case.yaml"
    case = load_case(path)
    for edition in EDITIONS:
        common_checks(text_of(render(name, case, tmp_path, edition)), case)


@pytest.mark.parametrize("edition", EDITIONS)
def test_form_3926_items_in_edition_order(
    edition: str, cases: dict[str, Case], tmp_path: Path
) -> None:
    path = render(f"form-fda-3926-{edition}.docx", cases["initial"], tmp_path, edition)
    heads = headings(path)
    numbers = [h.split(". ", 1)[0] for h in heads]
    assert numbers == [str(n) for n in range(1, 12)], heads
    by_label = {h.split(". ", 1)[1].rstrip("†"): h.split(". ", 1)[0] for h in heads}
    physician = "Physician name, institution, address and contact information"
    if edition == "2022-08":
        assert heads[0] == f"1. {physician}"
        assert heads[1] == "2. Patient's Initials"
        assert by_label["Clinical Information"] == "5"
    else:
        assert heads[0] == "1. Patient's Initials"
        assert by_label[physician] == "8"
        assert heads[7] == f"8. {physician}"
        assert by_label["Clinical Information"] == "4"
    assert heads[-1] == "11. Certification and Signature†"
    text = text_of(path)
    first = text.index(heads[0])
    assert first < text.index(heads[1]) < text.index(heads[-1])


@pytest.mark.parametrize("edition", EDITIONS)
def test_form_3926_initial_values(edition: str, cases: dict[str, Case], tmp_path: Path) -> None:
    case = cases["initial"]
    path = render(f"form-fda-3926-{edition}.docx", case, tmp_path, edition)
    lines = blocks(path)
    text = "\n".join(lines)
    form = form_context(edition)
    assert lines[0] == form["label"]
    assert form["title"] in text and form["omb"] in text
    assert (
        "A transcription of the case into the items of the official form; the physician "
        "signs the official form."
    ) in text
    assert "accesspack" not in text  # the FDA's reader does not know our software
    assert (
        "The certification statements of item 11 must be read and signed on the official "
        "Form FDA 3926."
    ) in text
    assert lines[-1] == unverified_note(edition)
    for value in (
        "Alex R. Morgan, MD, PhD",
        "Pacific Coast Cancer Center",
        "1200 Harbor Way",
        "Suite 400",
        "San Francisco",
        "94107",
        "amorgan@pccc.example.org",
        "415-555-0134",
        "415-555-0199",
        "02/03/2025",
        "EGFR C797S-mutant metastatic NSCLC after osimertinib",
        "56-year-old female",
        "61.5 kg",
        # one sentence per allergy: an entry's own ";" cannot run into the next one
        "Allergies and sensitivities: Penicillin (urticaria). Iodinated contrast (flushing).",
        "stage IVB (T2a N2 M1c, AJCC 8th edition)",
        "Osimertinib",
        "PR (partial response)",
        "All approved options are exhausted.",
        "Exampletinib (EXT-4021)",
        "Northwind Oncology & Co.",
        "Division of Oncology 3",
        "160 mg once daily",
        "oral",
        "continuous 28-day cycles",
        "Hold for grade 3 toxicity",
        "University of Michigan Medical School",
        "2001",
        "Medical Oncology",
        "A123456 (CA)",
        "Associate Professor of Medicine",
        "NCT05123456",
    ):
        assert value in text, value
    n = form["items"]
    assert f"[X]\n{n['initial']['number']}. Initial Submission" in text
    assert f"[ ]\n{n['follow_up']['number']}. Follow-Up Submission" in text
    assert "[X] I have attached the LOA" in text
    assert "[X] CV attached" in text
    assert f"Not completed for an initial submission (item {n['initial']['number']})." in text
    assert "[X]\n10.a. Request for Authorization to Use Form FDA 3926†" in text
    assert "[X]\n10.b. Request for Authorization to Use Alternative IRB Review Procedures" in text
    if edition == "2022-08":
        assert "Ethnicity (check one)" in text and "Race (check all that apply)" in text
        assert "[ ] Hispanic/Latino" in text
        assert "[X] Not Hispanic/Latino" in text
        assert "[X] Asian" in text and "[X] White" in text
        assert "[ ] Black or African American" in text
    else:  # the 6/19 edition has no ethnicity or race boxes
        assert "Hispanic" not in text and "Race" not in text


@pytest.mark.parametrize("edition", EDITIONS)
def test_form_3926_follow_up(edition: str, cases: dict[str, Case], tmp_path: Path) -> None:
    path = render(f"form-fda-3926-{edition}.docx", cases["follow_up"], tmp_path, edition)
    text = text_of(path)
    n = form_context(edition)["items"]
    assert f"[ ]\n{n['initial']['number']}. Initial Submission" in text
    assert f"[X]\n{n['follow_up']['number']}. Follow-Up Submission" in text
    assert "Physician's IND Number: IND 170001" in text
    assert "Not completed for an initial submission" not in text
    assert "[X]\nInitial Written IND Safety Report\n" in text
    assert "[X]\nChange in Treatment Plan†" in text
    assert "[ ]\nAnnual Report†" in text
    assert "[X]\nOther†: Updated contact details" in text


def test_clinical_summary_values(cases: dict[str, Case], tmp_path: Path) -> None:
    case = cases["initial"]
    text = text_of(render("clinical-summary.docx", case, tmp_path))
    for b in case.biomarkers:
        assert b.result in text, b.result
    for t in case.request.justification.trials_screened:
        assert t.nct in text and (t.title or "") in text
    for lab in case.labs:
        assert lab.name in text
    for value in (
        "56 years",
        "Female",
        "61.5 kg",
        "165 cm",
        "Penicillin (urticaria)",
        "C34.1",
        "Adenocarcinoma, acinar predominant",
        "G2",
        "T2a N2 M1c (AJCC 8th edition)",
        "IVB",
        "03/14/2022",
        "Liver; Bone (T8 vertebra)",
        "ECOG 1 (assessed 01/27/2025)",
        "Hypothyroidism",
        "Levothyroxine 75 micrograms daily",
        "11.2",
        "12.0-15.5",
        "Invasive adenocarcinoma, TTF-1 positive",
        "Surgical pathology report S22-0412",
        "GenomeLab NGS report GL-88812",
        "Carboplatin and pemetrexed\n",
        "04/01/2022 – 01/15/2024",
        "SD (stable disease)",
        "Toxicities: grade 2 anaemia",
        "Enrolment closed",
        "Screened on ClinicalTrials.gov",
        "All approved options are exhausted.",
        "is not greater than the probable risk",
    ):
        assert value in text, value


def test_clinical_summary_allergy_states(cases: dict[str, Case], tmp_path: Path) -> None:
    # not recorded: no row (the route asks for it in the ledger); [] is an answer: none known
    minimal = text_of(render("clinical-summary.docx", cases["minimal"], tmp_path))
    assert "Allergies and sensitivities" not in minimal
    assert "Biomarkers" not in minimal
    data = minimal_data()
    data["patient"]["allergies"] = []
    case = make_case(data, tmp_path / "none-known")
    out = tmp_path / "none"
    out.mkdir()
    assert "Allergies and sensitivities\nNone known" in text_of(
        render("clinical-summary.docx", case, out)
    )
    form = text_of(render("form-fda-3926-2022-08.docx", case, out))
    assert "Patient: 70-year-old male; no known allergies or sensitivities." in form


def test_letters_to_fda(cases: dict[str, Case], tmp_path: Path) -> None:
    text = text_of(render("cover-letter-initial.docx", cases["initial"], tmp_path))
    for value in (
        "Central Document Room",
        "5901-B Ammendale Road",
        "Beltsville, MD 20705-1266",
        "ATTN: Division of Oncology 3 — EXPANDED ACCESS SUBMISSION",
        "RE: INDIVIDUAL PATIENT EXPANDED ACCESS — INITIAL SUBMISSION",
        "Patient's initials: JQD",
        "Reference application: IND 145678",
        "Northwind LOA for IND 145678",
        "The form opens this submission; the documents listed at the end of this letter "
        "follow it.",
        "Enclosures (after this letter):",
        "Surgical pathology report S22-0412",
    ):
        assert value in text, value
    # the form and the table of contents come before the letter: not among its enclosures
    assert "FORM FDA 3926" not in text.split("Enclosures (after this letter):")[1]

    text = text_of(render("cover-letter-emergency.docx", cases["emergency"], tmp_path))
    for value in (
        "01/28/2025",
        "Dr. Pat Example, FDA",
        "IND 170001",
        "01/29/2025",
        "21 CFR 312.310(d)",
        "Means of authorization\nTelephone",
        "FDA has authorized the emergency use of Exampletinib (EXT-4021) for my patient, JQD, "
        "for EGFR C797S-mutant metastatic NSCLC after osimertinib.",
    ):
        assert value in text, value
    # when, how, by whom and the IND number are in the table, not again in the sentence
    opening = next(p for p in text.split("\n") if p.startswith("FDA has authorized"))
    for once in ("01/28/2025", "Dr. Pat Example", "IND 170001", "by telephone"):
        assert once not in opening, once

    text = text_of(render("cover-letter-follow-up.docx", cases["follow_up"], tmp_path))
    for value in (
        "INDIVIDUAL PATIENT EXPANDED ACCESS — FOLLOW-UP SUBMISSION",
        "Physician's IND number: IND 170001",
        "Initial Written IND Safety Report",
        "Change in Treatment Plan†",
        "Other†: Updated contact details",
        "Form FDA 3500A, pneumonitis",
        "Changed treatment plan",
    ):
        assert value in text, value
    assert "Annual Report" not in text


def test_other_documents(cases: dict[str, Case], tmp_path: Path) -> None:
    expected = {
        "treatment-plan.docx": (
            "160 mg once daily",
            "90 tablets of 80 mg (45-day supply)",
            "Stop for progression or grade 4 toxicity",
            "03/10/2025",
            "film-coated tablet",
            "CBC, liver and renal function",
        ),
        "physician-qualification.docx": (
            "University of Michigan Medical School",
            "2001",
            "A123456 (CA)",
            "[X] CV attached",
            "Medical Oncology",
        ),
        "irb-cover-letter.docx": (
            "Pacific Coast Cancer Center IRB",
            "IRB00001234",
            "21 CFR Part 56",
            "21 CFR Part 50",
            "EA consent form v1",
            "EXT-4021 IB ed. 5",
            "Dana Lee, MD",
        ),
        "irb-chair-review-request.docx": (
            "21 CFR 56.105",
            "56.108(c)",
            "10.b",
            "Dana Lee, MD",
            "chair",
        ),
        "manufacturer-request.docx": (
            "Northwind Oncology & Co.",
            "Expanded Access Desk",
            "90 tablets of 80 mg (45-day supply)",
            "IND 145678",
            "21 CFR 312.310(b)(3)",
            "Carboplatin and pemetrexed",
            "56 years",
            "1 Research Park",
        ),
    }
    for name, values in expected.items():
        text = text_of(render(name, cases["initial"], tmp_path))
        for value in values:
            assert value in text, (name, value)

    text = text_of(render("irb-emergency-notice.docx", cases["emergency"], tmp_path))
    for value in (
        "21 CFR 56.104(c)",
        "5 working days",
        "01/28/2025",
        "IND 170001",
        "01/29/2025",
        "Exampletinib (EXT-4021)",
    ):
        assert value in text, value

    text = text_of(render("follow-up-report.docx", cases["follow_up"], tmp_path))
    for value in (
        "Grade 3 pneumonitis",
        "04/20/2025",
        "Serious\nYes",
        "Unexpected\nYes",
        "Fatal or life-threatening\nNo",
        "resolved on steroids",
        "06/30/2025",
        "IND 170001",
        "Form FDA 3500A, pneumonitis",
    ):
        assert value in text, value


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_jinja_tag_is_inside_one_run(name: str) -> None:
    """Word may split runs when a template is edited; a split tag breaks docxtpl."""
    doc = Document(str(FDA / name))
    paragraphs = list(doc.paragraphs)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    for par in paragraphs:
        for run in par.runs:
            for opening, closing in (("{{", "}}"), ("{%", "%}"), ("{#", "#}")):
                assert run.text.count(opening) == run.text.count(closing), (name, run.text)
        joined = "".join(r.text for r in par.runs)
        if joined.startswith(("{%p ", "{%tr ")):
            assert len(par.runs) == 1, (name, joined)


def test_templates_are_styled_for_fda(tmp_path: Path) -> None:
    """US Letter, the agreed margins, Times New Roman, no headers or footers."""
    for name in TEMPLATES:
        doc = Document(str(FDA / name))
        sec = doc.sections[0]
        assert (round(sec.page_width.inches, 2), round(sec.page_height.inches, 2)) == (8.5, 11)
        assert [
            round(m.inches, 2)
            for m in (sec.left_margin, sec.right_margin, sec.top_margin, sec.bottom_margin)
        ] == [1.0, 0.75, 0.75, 1.0]
        assert not any(p.text for p in sec.header.paragraphs + sec.footer.paragraphs)
        assert doc.styles["Normal"].font.name == "Times New Roman"
        assert doc.styles["Normal"].font.size.pt == 12
        for table in doc.tables:
            assert table.style.name == "Table Grid"


def _run(cmd: list[str], timeout: int = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)


@pytest.mark.slow
def test_form_3926_pdf_text_and_fonts(cases: dict[str, Case], tmp_path: Path) -> None:
    docx_path = render("form-fda-3926-2022-08.docx", cases["initial"], tmp_path)
    profile = (tmp_path / "lo-profile").as_uri()
    res = _run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx_path),
        ]
    )
    pdf = tmp_path / "form-fda-3926-2022-08.pdf"
    assert pdf.is_file(), res.stderr
    text = _run(["pdftotext", "-layout", str(pdf), "-"]).stdout
    flat = re.sub(r"\s+", " ", text)
    for value in (
        "FORM FDA 3926 (08/22)",
        "1. Physician name",
        "2. Patient's Initials",
        "JQD",
        "Alex R. Morgan",
        "Exampletinib",
        "p.L858R",
        "NCT05123456",
        "must be read and signed on the official Form FDA 3926",
    ):
        assert value in flat, value
    assert FULL_NAME not in flat
    fonts = _run(["pdffonts", str(pdf)]).stdout.splitlines()[2:]
    assert fonts, "no fonts listed"
    for line in fonts:
        # columns: name type encoding emb sub uni object ID
        emb = line.split()[-5]
        assert emb == "yes", line
    png = tmp_path / "page"
    _run(["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", str(pdf), str(png)])
    assert list(tmp_path.glob("page*.png"))


# --------------------------------------------------------------------------------------
# Review of the FDA routes (second round)
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("edition", EDITIONS)
def test_follow_up_form_completes_fields_9_to_11_only(
    edition: str, cases: dict[str, Case], tmp_path: Path
) -> None:
    """A follow-up (item 4.b / 3.b) completes fields 9-11: the clinical, treatment, LOA and
    qualification items say they are not completed, in both editions."""
    path = render(f"form-fda-3926-{edition}.docx", cases["follow_up"], tmp_path, edition)
    lines = blocks(path)
    n = form_context(edition)["items"]
    # the 08/22 form says which fields a follow-up completes; the 6/19 note names only its
    # item 3.b (its item 8, the physician's contact, stays filled in)
    note = (f"Not completed for a follow-up submission (item {n['follow_up']['number']}: a "
            "follow-up submission completes fields 9 through 11)." if edition == "2022-08"
            else "Not completed for a follow-up submission (item 3.b).")
    heads = headings(path)
    assert len(heads) == 11, heads
    for key in ("clinical", "treatment", "loa", "qualification"):
        head = next(h for h in heads if h.startswith(f"{n[key]['number']}. "))
        assert lines[lines.index(head) + 1] == note, key
    assert lines.count(note) == 4
    text = "\n".join(lines)
    for value in ("61.5 kg", "Division of Oncology 3", "University of Michigan Medical School",
                  "I have attached the LOA", "CV attached", "Hold for grade 3 toxicity"):
        assert value not in text, value
    # the items a follow-up completes are there
    assert "Alex R. Morgan, MD, PhD" in text  # the physician's contact information
    assert "[X]\nInitial Written IND Safety Report" in text
    # an initial submission completes the same items
    initial = text_of(render(f"form-fda-3926-{edition}.docx", cases["initial"], tmp_path,
                             edition))
    assert note not in initial and "61.5 kg" in initial


@pytest.mark.parametrize(
    ("centre", "division", "printed"),
    [
        ("CBER", "CDER Office of Oncologic Diseases, Division of Oncology 3", "Not known"),
        ("CBER", "CBER Office of Therapeutic Products", "CBER Office of Therapeutic Products"),
        ("CDER", "CDER Office of Oncologic Diseases, Division of Oncology 3",
         "CDER Office of Oncologic Diseases, Division of Oncology 3"),
    ],
)
def test_form_item_6_prints_no_cder_division_under_cber(
    centre: str, division: str, printed: str, tmp_path: Path
) -> None:
    data = complete_case_data()
    data["product"]["review_centre"] = centre
    data["request"]["regulator_division"] = division
    lines = blocks(render("form-fda-3926-2022-08.docx", make_case(data, tmp_path / "case"),
                          tmp_path))
    row = lines.index("FDA review division (if known)")
    assert lines[row + 1] == printed


def test_cover_letter_lists_supporting_reports_as_collated(tmp_path: Path) -> None:
    """Dated reports by date, undated ones after them in the case's order, each
    translation right after its original (the route's ``order: date``)."""
    data = complete_case_data()
    data["attachments"] += [
        {"id": "labs", "kind": "lab_report", "path": "labs.pdf", "title": "Labs",
         "dated": "2025-01-20"},
        {"id": "dc", "kind": "discharge_summary", "path": "dc.pdf",
         "title": "Discharge summary", "dated": "2024-11-02"},
        {"id": "ct", "kind": "imaging_report", "path": "ct.pdf", "title": "CT report"},
        {"id": "dc-en", "kind": "translation", "path": "dc-en.pdf", "language": "en",
         "translates": "dc", "title": "Discharge summary, English translation"},
        {"id": "mri", "kind": "imaging_report", "path": "mri.pdf", "title": "MRI report"},
    ]
    lines = blocks(render("cover-letter-initial.docx", make_case(data, tmp_path / "case"),
                          tmp_path))
    # the list is one paragraph (never split across pages): its lines, numbered in order
    block = next(b for b in lines if b.startswith("Enclosures (after this letter):\n"))
    numbered = block.split("\n")[1:]
    assert [n.split(".  ", 1)[0] for n in numbered] == [str(i) for i in
                                                         range(1, len(numbered) + 1)]
    listed = [n.split(".  ", 1)[1] for n in numbered]
    assert listed[-7:] == [
        "Surgical pathology report S22-0412, dated 03/14/2022",
        "GenomeLab NGS report GL-88812, dated 03/28/2022",
        "Discharge summary, dated 11/02/2024",
        "Discharge summary, English translation",
        "Labs, dated 01/20/2025",
        "CT report",
        "MRI report",
    ]


def test_manufacturer_letter_after_the_emergency_authorization(
    cases: dict[str, Case], tmp_path: Path
) -> None:
    text = text_of(render("manufacturer-request-emergency.docx", cases["emergency"], tmp_path))
    for value in (
        "RE: Emergency use of Exampletinib (EXT-4021) authorized by FDA: supply\n",
        "Physician's IND number: IND 170001",
        "On 01/28/2025, the U.S. Food and Drug Administration authorized by telephone the "
        "emergency use of Exampletinib (EXT-4021) for my patient, JQD, under individual "
        "patient expanded access IND 170001 (21 CFR 312.310(d)). The first dose was given on "
        "01/29/2025.",
        "to continue supplying Exampletinib (EXT-4021) for this patient's treatment:",
        "Thank you for the Letter of Authorization dated 01/30/2025, granting FDA a right of "
        "reference to IND 145678 (21 CFR 312.310(b)(3)); I am attaching it to the written Form "
        "FDA 3926.",
        "Please direct any questions to me",
    ):
        assert value in text, value
    # the first dose once (in the opening paragraph), not again as a table row
    for stale in ("that I will submit", "Planned start", "I also ask for a Letter",
                  "First dose\n", "one patient of mine"):
        assert stale not in text, stale

    # not yet dosed, and no LOA yet: the letter asks for the supply and the LOA
    data = emergency_data()
    del data["request"]["emergency_authorization"]["first_dose_on"]
    data["attachments"] = [a for a in data["attachments"]
                           if a["kind"] != "letter_of_authorization"]
    case = make_case(data, tmp_path / "case")
    text = text_of(render("manufacturer-request-emergency.docx", case, tmp_path))
    for value in (
        "RE: Emergency use of Exampletinib (EXT-4021) authorized by FDA: supply and Letter of "
        "Authorization",
        "to supply Exampletinib (EXT-4021) for this emergency use:",
        "Planned start\n03/10/2025",
        "I also ask for a Letter of Authorization (LOA) granting FDA a right of reference to "
        "IND 145678",
        "can attach it to the written Form FDA 3926",
        "Please send the LOA and any questions to me",
    ):
        assert value in text, value
    assert "first dose was given" not in text and "Thank you" not in text

    # the treatment plan of the emergency written submission gives the first dose
    plan = text_of(render("treatment-plan.docx", cases["emergency"], tmp_path))
    assert "First dose\n01/29/2025" in plan and "Planned start" not in plan


# --------------------------------------------------------------------------------------
# Prose a physician signs as it is (issue 16): each defect class, on the rendered DOCX text
# --------------------------------------------------------------------------------------
def _prose_case(tmp_path: Path, **changes: Any) -> Case:
    """The complete case with text written as a user writes it: a heading-style indication
    and diagnosis, free text closed by a full stop, a contact with degrees and a title."""
    data = complete_case_data()
    data["request"]["indication"] = "Metastatic non-small cell lung cancer after osimertinib."
    data["diagnosis"]["primary_cancer"] = "Lung adenocarcinoma"
    data["diagnosis"]["histology"] = "Adenocarcinoma, moderately differentiated"
    data["diagnosis"]["disease_status"] = "Progression in the liver. Brain MRI: no metastases."
    data["diagnosis"]["metastatic_sites"] = ["Liver (segment VI).", "Bone"]
    data["request"]["justification"]["trials_screened"][0]["reason_not_eligible"] = (
        "Requires ECOG 0-1."
    )
    mfr = data["product"]["manufacturer"]
    mfr["contact_name"] = "Dana Whitcombe, PharmD"
    mfr["contact_title"] = "Director, Medical Affairs"
    for key, value in changes.items():
        data[key] = value
    return make_case(data, tmp_path / "prose-case")


def test_case_text_inside_sentences(tmp_path: Path) -> None:
    case = _prose_case(tmp_path)
    form = text_of(render("form-fda-3926-2022-08.docx", case, tmp_path))
    # a stop closing the case's text is not followed by the template's own punctuation
    assert not re.search(r"[.;,:][.;,:]", form.replace("...", "")), re.findall(
        r".{30}[.;,:][.;,:].{10}", form
    )
    assert "Current disease status: Progression in the liver. Brain MRI: no metastases.\n" in form
    assert "metastatic sites: liver (segment VI), bone." in form
    assert "(not eligible: requires ECOG 0-1)" in form
    # the histology that repeats the primary cancer prints what it adds, once
    assert "Diagnosis: Lung adenocarcinoma (moderately differentiated), stage IVB" in form
    assert "adenocarcinoma, Adenocarcinoma" not in form
    # the indication mid-sentence reads as prose in every letter that sets it there
    for name in ("cover-letter-initial.docx", "irb-cover-letter.docx",
                 "irb-chair-review-request.docx"):
        text = text_of(render(name, case, tmp_path))
        assert "for metastatic non-small cell lung cancer after osimertinib" in text, name
        assert "for Metastatic" not in text and "osimertinib.." not in text, name


def test_no_fillers_for_absent_optional_data(cases: dict[str, Case], tmp_path: Path) -> None:
    fillers = re.compile(r"not recorded|none recorded|not yet set|Not specified|^none$|: none$|"
                         r"to be agreed|not yet given|No .* recorded", re.IGNORECASE | re.MULTILINE)
    for name in TEMPLATES:
        text = text_of(render(name, cases["minimal"], tmp_path))
        assert not fillers.search(text), (name, fillers.findall(text))
    letter = text_of(render("cover-letter-initial.docx", cases["minimal"], tmp_path))
    assert "ATTN: EXPANDED ACCESS SUBMISSION" in letter  # no placeholder for the division
    plan = text_of(render("treatment-plan.docx", cases["minimal"], tmp_path))
    for label in ("Dosage form", "Strength", "Premedication", "Reference application",
                  "Stopping rules", "Quantity requested", "Planned start"):
        assert label not in plan, label
    qualification = blocks(render("physician-qualification.docx", cases["minimal"], tmp_path))
    assert "Fax" not in qualification and "Email" not in qualification
    # optional columns are folded into the cells they qualify: no column can stay empty
    summary = blocks(render("clinical-summary.docx", cases["initial"], tmp_path))
    for header in ("Collected", "Laboratory", "Title", "Specimen"):
        assert header not in summary, header
    assert "Trial" in summary and "Laboratory / source report" in summary


def test_prior_lines_print_each_fact_once(cases: dict[str, Case], tmp_path: Path) -> None:
    summary = text_of(render("clinical-summary.docx", cases["initial"], tmp_path))
    assert "Carboplatin and pemetrexed\n" in summary
    assert "(carboplatin, pemetrexed)" not in summary
    form = text_of(render("form-fda-3926-2022-08.docx", cases["initial"], tmp_path))
    assert "SD (stable disease)" in form and "metastatic" in form


def test_letters_address_the_contact_by_name(tmp_path: Path) -> None:
    case = _prose_case(tmp_path)
    for name in ("manufacturer-request.docx", "manufacturer-request-emergency.docx"):
        lines = blocks(render(name, case, tmp_path))
        assert "Dear Dana Whitcombe:" in lines, name
        at = lines.index("Dana Whitcombe, PharmD")
        assert lines[at + 1 : at + 3] == ["Director, Medical Affairs", "Northwind Oncology & Co."]
        assert not any(line.startswith("Dear Dana Whitcombe,") for line in lines)


def test_manufacturer_request_asks_only_for_what_is_missing(
    cases: dict[str, Case], tmp_path: Path
) -> None:
    # the case holds the LOA: thanked for, not asked for
    text = text_of(render("manufacturer-request.docx", cases["initial"], tmp_path))
    assert "I also ask for a Letter of Authorization" not in text
    assert "and for a Letter of Authorization" not in text
    assert "Thank you for the Letter of Authorization" in text
    assert "Please direct any questions to me at the address above, by email to" in text
    # the drug ships to an address: the institution's pharmacy when it has one
    lines = blocks(render("manufacturer-request.docx", cases["initial"], tmp_path))
    ship = lines.index("Ship to")
    assert lines[ship + 1 : ship + 4] == [
        "Pacific Coast Cancer Center", "1200 Harbor Way", "San Francisco, CA 94107"
    ]
    data = complete_case_data()
    data["institution"]["pharmacy"] = {
        "name": "Investigational Drug Service",
        "contact_name": "Lee Park, PharmD",
        "address": {"line1": "55 Dock Street", "city": "Oakland", "region": "CA",
                    "postal_code": "94607", "country": "US"},
    }
    data["attachments"] = [a for a in data["attachments"]
                           if a["kind"] != "letter_of_authorization"]
    case = make_case(data, tmp_path / "pharmacy")
    lines = blocks(render("manufacturer-request.docx", case, tmp_path))
    ship = lines.index("Ship to")
    assert lines[ship + 1 : ship + 5] == [
        "Pacific Coast Cancer Center", "Investigational Drug Service", "Attn: Lee Park, PharmD",
        "55 Dock Street",
    ]
    text = "\n".join(lines)
    assert "and for a Letter of Authorization" in text
    assert "Please send the LOA and any questions to me" in text


def test_enclosures_name_each_document_once(tmp_path: Path) -> None:
    data = complete_case_data()
    for att in data["attachments"]:
        if att["kind"] == "letter_of_authorization":
            att["title"] = "Signed Letter of Authorization"
    case = make_case(data, tmp_path / "loa")
    for name in ("cover-letter-initial.docx", "irb-cover-letter.docx"):
        text = text_of(render(name, case, tmp_path))
        assert "Signed Letter of Authorization" in text, name
        assert "Letter of Authorization: Signed" not in text, name


def _kept_with_next(par: Any) -> bool:
    keep = par.paragraph_format.keep_with_next
    return bool(keep) or (keep is None and bool(par.style.paragraph_format.keep_with_next))


@pytest.mark.parametrize("name", ["treatment-plan.docx", "clinical-summary.docx",
                                  "physician-qualification.docx", "follow-up-report.docx"])
def test_signature_block_is_kept_with_the_text_before_it(
    name: str, cases: dict[str, Case], tmp_path: Path
) -> None:
    """The paragraph before a "Signature:" line and the lines between are kept with the
    next, so the block never opens a page alone (the packet PDFs check the pages)."""
    for variant in ("initial", "minimal", "follow_up"):
        pars = [p for p in Document(str(render(name, cases[variant], tmp_path))).paragraphs
                if p.text.strip() or p.paragraph_format.keep_with_next]
        at = next(i for i, p in enumerate(pars) if p.text.startswith("Signature:"))
        before = pars[at - 2 : at]  # the last text and the spacer before the signature line
        assert before and all(_kept_with_next(p) for p in before), (
            name, variant, [p.text[:40] for p in before]
        )


def test_justification_texts_where_the_form_and_rules_ask_for_them(tmp_path: Path) -> None:
    """The clinical rationale is item 5's "reason for request"; the risk determination in
    words stands beside its yes/no (21 CFR 312.310(a)(1)); the non-interference statement
    (21 CFR 312.305(a)(3)) is in the clinical summary. None is a box of the form."""
    data = complete_case_data()
    just = data["request"]["justification"]
    just["clinical_rationale"] = "The tumour carries EGFR C797S, the target of the drug."
    just["risk_determination"] = "Without therapy the expected survival is 3 months."
    just["non_interference"] = "She is not eligible for the open trials of the drug."
    case = make_case(data, tmp_path / "just")
    form = text_of(render("form-fda-3926-2022-08.docx", case, tmp_path))
    assert ("Reason for the request: The tumour carries EGFR C797S, the target of the drug.\n"
            "Why no satisfactory alternative therapy is available: All approved") in form
    assert "expected survival is 3 months" not in form and "not eligible for the open" not in form
    summary = text_of(render("clinical-summary.docx", case, tmp_path))
    assert ("I have determined that the probable risk to the patient from Exampletinib "
            "(EXT-4021) is not greater than the probable risk from the disease (21 CFR "
            "312.310(a)(1)). The basis for this determination:\nWithout therapy the expected "
            "survival is 3 months."
            in summary)
    assert ": yes." not in summary
    assert ("(21 CFR 312.305(a)(3))\nShe is not eligible for the open trials of the drug."
            in summary)
    assert "Clinical rationale\nThe tumour carries EGFR C797S" in summary
    # without them: the form's combined lead and the determination as one sentence
    plain = text_of(render("clinical-summary.docx", make_case(complete_case_data(),
                                                              tmp_path / "plain"), tmp_path))
    assert "I have determined that the probable risk" in plain and ": yes." not in plain


def test_a_prior_line_without_its_best_response_is_a_ledger_gap(tmp_path: Path) -> None:
    """Form FDA 3926 item 5 asks for the response to prior therapy: a line without it is a
    blocking ledger row citing item 5 (one line is enough to miss it), never a filler."""
    from accesspack import validate

    data = complete_case_data()
    route = "fda/single-patient"
    row_id = "field:prior_treatments.best_response"

    def row(case: Case) -> Any:
        return next(r for r in validate(case, route).rows if r.id == row_id)

    assert row(make_case(data, tmp_path / "all")).status == "complete"
    del data["prior_treatments"][1]["best_response"]
    case = make_case(data, tmp_path / "one-missing")
    gap = row(case)
    assert gap.status == "missing" and gap.blocking
    assert "best response" in (gap.question or "")
    assert "item 5" in (gap.citation or "")
    form = text_of(render("form-fda-3926-2022-08.docx", case, tmp_path))
    assert "not recorded" not in form and "SD (stable disease)" not in form
    # an empty list of allergies is an answer (none known), not a gap
    data["patient"]["allergies"] = []
    rows = {r.id: r for r in validate(make_case(data, tmp_path / "none"), route).rows}
    assert rows["field:patient.allergies"].status == "complete"


@pytest.mark.parametrize("edition", EDITIONS)
def test_form_3926_keeps_every_official_box(edition: str, cases: dict[str, Case],
                                            tmp_path: Path) -> None:
    """A box of the official form the case leaves empty stays, as a line to fill in by hand
    (items 1 and 8); item 7 is the official form's one checkbox, no invented rows."""
    text = text_of(render(f"form-fda-3926-{edition}.docx", cases["minimal"], tmp_path, edition))
    fill_in = "\n______________________________\n"
    for box in ("Address 1 (street address, no P.O. boxes)", "Address 2", "City", "State",
                "ZIP code", "Email", "Telephone", "Fax", "Medical school",
                "Year of graduation", "Specialty", "State medical license number"):
        assert box + fill_in in text, box
    assert "[ ] I have attached the LOA" in text
    for invented in ("Holder granting", "Application referred to"):
        assert invented not in text, invented
    # a complete case fills the same boxes, with no fill-in line left in items 1 and 8
    full = text_of(render(f"form-fda-3926-{edition}.docx", cases["initial"], tmp_path, edition))
    assert fill_in not in full
    assert "Holder granting" not in full


def test_letters_read_once(cases: dict[str, Case], tmp_path: Path) -> None:
    """The chair-review request names the IND before the indication (whose own trailing
    clause would run into "under an … IND"); the manufacturer letter names what the drug is
    for; the IRB emergency notice's table does not repeat its subject lines."""
    text = text_of(render("irb-chair-review-request.docx", cases["initial"], tmp_path))
    assert ("Under an individual patient expanded access IND (21 CFR 312.310), I plan to "
            "treat my patient, JQD, with Exampletinib (EXT-4021) for EGFR C797S-mutant "
            "metastatic NSCLC after osimertinib. ") in text
    # the letter's enclosures follow its signature; the chair's concurrence closes it
    assert text.index("Enclosures:") < text.index("Concurrence of the IRB chair")
    assert text.rstrip().endswith("Name and IRB role: ________________________________")
    text = text_of(render("manufacturer-request.docx", cases["initial"], tmp_path))
    assert ("to supply Exampletinib (EXT-4021) for my patient, JQD, for EGFR C797S-mutant "
            "metastatic NSCLC after osimertinib. I will submit an individual patient expanded "
            "access IND to the U.S. Food and Drug Administration on Form FDA 3926") in text
    text = text_of(render("irb-emergency-notice.docx", cases["emergency"], tmp_path))
    assert text.count("Patient's initials") == 1
    assert "Treating physician\n" not in text
    assert "Emergency use must be reported to the IRB within 5 working days" in text


def test_follow_up_report_note_only_for_a_daggered_box(cases: dict[str, Case],
                                                       tmp_path: Path) -> None:
    """The note on unconfirmed labels follows only a listed item-9 box that carries the
    dagger (a lone confirmed box leaves no dagger for it to explain)."""
    text = text_of(render("follow-up-report.docx", cases["follow_up"], tmp_path))
    assert "Change in Treatment Plan†" in text and "† Not confirmed" in text
    data = follow_up_data()
    data["request"]["follow_up"]["kinds"] = ["initial_safety_report"]
    case = make_case(data, tmp_path / "case")
    text = text_of(render("follow-up-report.docx", case, tmp_path))
    assert "Initial Written IND Safety Report" in text
    assert "†" not in text
