"""End to end: the Indian (CDSCO) routes, hospital import and personal import (Form 12A).

The example cases are built through the CLI and read back with independent readers: pypdf
(outline), poppler's pdftotext (text, footers, dates), zipfile (the rendered DOCX). Checks:
part order against the route file and the manifest; the application's items filled from the
case; the unconfirmed form number flagged in the packet and the ledger; no trial-import form
number (CT-16/CT-17) anywhere in any output or template; DD/MM/YYYY dates; the patient's full
name where the route needs it and nowhere else; the not-approved case refused by hospital import
(personal import takes it, with a note: tests/templates/test_fidelity_in_cn.py).
"""

from __future__ import annotations

import json
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from pypdf import PdfReader

from accesspack import parse_case, validate
from tests.conftest import (
    EXAMPLES,
    ROOT,
    BuildCache,
    build_cli,
    cli,
    example_copy,
    generated_text,
    parts_of,
    squash,
    text_of,
)

# every test here builds a bundle with LibreOffice, or reads one built so
pytestmark = pytest.mark.slow

HOSP, PERS = "cdsco/hospital-import", "cdsco/personal-import"
CASES = {
    HOSP: EXAMPLES / "cdsco-hospital-import" / "case.yaml",
    PERS: EXAMPLES / "cdsco-personal-import" / "case.yaml",
}
NOT_APPROVED = EXAMPLES / "cdsco-not-approved" / "case.yaml"
FULL_NAME = "Anil Kumar Rao"
ADDRESS = "14/2 Gandhi Nagar"
TRIAL_FORMS = re.compile(r"CT\s*-\s*1[67]")


@pytest.fixture(scope="module")
def bundles(built: BuildCache) -> dict[str, Path]:
    return {route: built(case, route) for route, case in CASES.items()}


def part_text(bundle: Path, part_id: str) -> str:
    pdf, parts = parts_of(bundle)
    (part,) = [p for p in parts if p["id"] == part_id]
    return text_of(pdf, *part["pages"])


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    return squash(re.sub(r"<[^>]+>", "", xml))


@pytest.mark.parametrize("route", list(CASES))
def test_the_parts_are_cdsco_s_on_a4(bundles: dict[str, Path], route: str) -> None:
    """(Order, outline and page ranges as the route and manifest say, for every route:
    tests/templates/test_every_route.py.)"""
    pdf, parts = parts_of(bundles[route])
    ids = [p["id"] for p in parts]
    reader = PdfReader(pdf)
    assert abs(float(reader.pages[0].mediabox.width) - 595.3) < 1  # A4
    if route == HOSP:
        assert ids == ["covering-letter", "toc", "application", "prescription",
                       "patient-details", "justification", "approval-proof",
                       "manufacturer-letter", "undertaking", "ethics-approval", "consent",
                       "supporting-reports"]
    else:
        assert ids[:3] == ["form-12a", "toc", "prescription"]


@pytest.mark.parametrize("route", list(CASES))
def test_toc_and_footer_in_english(bundles: dict[str, Path], route: str) -> None:
    pdf, _ = parts_of(bundles[route])
    toc = part_text(bundles[route], "toc")
    assert "Table of contents" in toc
    total = len(PdfReader(pdf).pages)
    assert f"Page 1 of {total}" in text_of(pdf, 1, 1)


def test_hospital_application_items_are_filled_from_the_case(
        bundles: dict[str, Path]) -> None:
    text = part_text(bundles[HOSP], "application")
    for expected in [
        "Form CT-24",
        "Dr. Meera Krishnan, MD, DM",                       # 1 applicant
        "Registration No. KMC-78412 (Karnataka Medical Council)",
        "Karnataka State Institute of Oncology",            # 2 institution
        "Status: Government hospital",
        "Dr. Suresh Gowda, Medical Superintendent",  # 3: name, then title
        "zoferatinib (ZX-2041), film-coated tablets, 80 mg",       # 4
        "Not approved in India.",                            # 5
        "Approved in the United States of America (as Zephyrix) on 14/04/2026",
        "Meridian Oncology Therapeutics, Inc.",              # 6
        f"Name: {FULL_NAME}",                                # 7
        ADDRESS,
        "ICD-10 C34.3",
        "[ ] Life-threatening disease",                      # 8
        "168 tablets of 80 mg (12 weeks)",                   # 9
        "Duration of treatment: 12 weeks, then reassessment",
        "Medical Superintendent: Dr. Suresh Gowda",
    ]:
        assert expected in text, expected
    # every item number 1-10 is printed with its dagger (none is confirmed)
    for n in range(1, 11):
        assert f"{n}†" in text.replace(" †", "†"), n


def test_unconfirmed_form_number_is_flagged_in_packet_and_ledger(
        bundles: dict[str, Path]) -> None:
    bundle = bundles[HOSP]
    text = part_text(bundle, "application")
    assert "form number not confirmed" in text
    assert ("Note: the form number Form CT-24 is not confirmed against the New Drugs and "
            "Clinical Trials Rules, 2019") in text
    assert "verify both form numbers" in text
    letter = part_text(bundle, "covering-letter")
    assert "Form CT-24 (form number not confirmed)" in letter
    rows = json.loads((bundle / "ledger.json").read_text())["rows"]
    flagged = [r for r in rows if r["status"] == "to_verify" and "CT-24" in r["item"]
               and "NOT confirmed" in r["item"]]
    assert flagged and not flagged[0]["verified"]
    assert "CT-24" in (bundle / "ledger.md").read_text()
    # the form number is ONE value: the templates never spell it
    for template in (ROOT / "templates" / "cdsco").glob("hospital-import-*.docx"):
        assert "CT-24" not in docx_text(template), template.name
    assert yaml.safe_load((ROOT / "templates" / "cdsco" / "hospital-import-form.yaml")
                          .read_text())["form"] == "Form CT-24"


def test_form_12a_is_filled_as_the_rule_prints_it(bundles: dict[str, Path]) -> None:
    text = part_text(bundles[PERS], "form-12a")
    assert "FORM 12A" in text and "(See rule 36 of the Drugs Rules, 1945)" in text
    assert f"I, {FULL_NAME}, resident of {ADDRESS}" in text
    assert "for personal use from Meridian Oncology Therapeutics, Inc." in text
    assert "I attach a prescription from a registered medical practitioner" in text
    assert "168 tablets of 80 mg (12 weeks)" in text
    assert "Date: 20/11/2026" in text
    # the wording is confirmed: the filed form carries no transcription notes, and the
    # ledger no per-item "not confirmed" row
    assert "Transcription notes" not in text and "confirmed" not in text.lower()
    rows = json.loads((bundles[PERS] / "ledger.json").read_text())["rows"]
    assert rows and not [r for r in rows if r["id"].startswith("fact:form-item-")]
    rx = part_text(bundles[PERS], "prescription")
    assert "Registration No. KMC-78412 (Karnataka Medical Council)" in rx
    assert "Quantity required" in rx and "168 tablets of 80 mg (12 weeks)" in rx


def _all_outputs(bundle: Path) -> dict[str, str]:
    out = {}
    for path in sorted(bundle.rglob("*")):
        if path.suffix == ".pdf":
            out[str(path)] = text_of(path)
        elif path.suffix == ".docx":
            out[str(path)] = docx_text(path)
        elif path.suffix in (".json", ".md"):
            out[str(path)] = path.read_text()
    return out


@pytest.mark.parametrize("route", list(CASES))
def test_no_trial_import_form_anywhere(bundles: dict[str, Path], route: str) -> None:
    outputs = _all_outputs(bundles[route])
    assert any(k.endswith(".docx") for k in outputs) and any(k.endswith(".pdf")
                                                             for k in outputs)
    assert any(k.endswith("ledger.json") for k in outputs)
    assert any(k.endswith("manifest.json") for k in outputs)
    for name, text in outputs.items():
        assert not TRIAL_FORMS.search(text), name
    for path in (ROOT / "templates" / "cdsco").iterdir():
        if path.name == "regulator.yaml":
            continue
        text = docx_text(path) if path.suffix == ".docx" else path.read_text()
        assert not TRIAL_FORMS.search(text), path.name


@pytest.mark.parametrize("route", list(CASES))
def test_dates_are_dd_mm_yyyy(bundles: dict[str, Path], route: str) -> None:
    pdf, _ = parts_of(bundles[route])
    text = text_of(pdf)
    assert "20/11/2026" in text
    assert "11/20/2026" not in text and "2026-11-20" not in text
    assert "14/04/2026" in text and "04/14/2026" not in text
    assert "2026-04-14" not in text


def test_full_name_only_where_the_route_needs_it(bundles: dict[str, Path]) -> None:
    bundle = bundles[HOSP]
    for part_id in ("application", "prescription", "patient-details", "undertaking"):
        assert FULL_NAME in part_text(bundle, part_id), part_id
    assert ADDRESS in part_text(bundle, "undertaking")
    for part_id in ("covering-letter", "toc", "justification"):
        assert FULL_NAME not in part_text(bundle, part_id), part_id
    assert FULL_NAME not in (bundle / "manifest.json").read_text()
    assert FULL_NAME not in (bundle / "ledger.md").read_text()


def test_not_approved_case_is_refused_by_hospital_import() -> None:
    res = cli("routes", str(NOT_APPROVED))
    assert res.returncode == 0, res.stderr
    blocks = {m.group(1): m.group(2) for m in re.finditer(
        r"^(cdsco/[a-z-]+): (.*)$", res.stdout, flags=re.M)}
    assert blocks == {HOSP: "does not qualify", PERS: "qualifies"}
    section = res.stdout.split(HOSP + ":", 1)[1].split("\n", 2)[1]
    assert "approved nowhere" in section and "cdsco/personal-import" in section
    assert "clinical trial" in section and "fda/single-patient" in section
    assert "unknown:" not in section


@pytest.mark.parametrize("route", [HOSP])
@pytest.mark.parametrize("draft", [False, True])
def test_not_approved_build_refused_and_writes_nothing(tmp_path: Path, route: str,
                                                       draft: bool) -> None:
    out = tmp_path / "out"
    res = cli("build", str(NOT_APPROVED), "--route", route, "--out", str(out),
              *(["--draft"] if draft else []))
    assert res.returncode == 1
    assert "does not qualify" in res.stderr and "approved nowhere" in res.stderr
    assert "EU (ema/*) routes" in squash(res.stderr)
    assert not out.exists() or not any(out.iterdir())


def test_private_hospital_is_refused_hospital_import() -> None:
    res = cli("routes", str(CASES[PERS]))
    section = res.stdout.split(HOSP + ":", 1)[1].split("\n", 2)
    assert section[0].strip() == "does not qualify"
    assert "Government hospital or a statutory medical institution" in section[1]
    assert re.search(r"^cdsco/personal-import: qualifies$", res.stdout, flags=re.M)


def test_yearly_report_deadline_is_armed_by_the_permit_date() -> None:
    data = yaml.safe_load(CASES[PERS].read_text())
    ledger = validate(parse_case(data, base_dir=CASES[PERS].parent), PERS)
    (row,) = [r for r in ledger.rows if r.id == "deadline:yearly-report"]
    assert row.status == "missing" and row.due is None
    data["request"]["authorized_on"] = "2026-11-24"
    ledger = validate(parse_case(data, base_dir=CASES[PERS].parent), PERS)
    (row,) = [r for r in ledger.rows if r.id == "deadline:yearly-report"]
    assert row.due == date(2027, 11, 24) and row.status == "scheduled"


# ---------------------------------------------------------------------------------------
# Issue 16: prose a physician signs as it is (the example, and the minimal/maximal cases)
# ---------------------------------------------------------------------------------------
CASES_DIR = ROOT / "tests" / "cases"
#: what a template printed for an absent value before issue 16
FILLERS = ("not recorded", "not stated", "none recorded", "(name of the Medical Superintendent)",
           "Registration No. not recorded", "age not recorded")


@pytest.fixture(scope="module")
def minimal(built: BuildCache) -> dict[str, Path]:
    return {route: built(CASES_DIR / f"{route.replace('/', '-')}.minimal.yaml", route,
                         "--draft")
            for route in CASES}


@pytest.mark.parametrize("route", list(CASES))
def test_minimal_case_prints_no_filler_for_absent_values(minimal: dict[str, Path],
                                                         route: str) -> None:
    texts = generated_text(minimal[route])
    assert texts
    for name, text in texts.items():
        for filler in FILLERS:
            assert filler not in text, (name, filler)
        assert "Inc.." not in text and ".." not in text.replace("...", ""), name
    # what the route needs is a ledger gap instead
    rows = json.loads((minimal[route] / "ledger.json").read_text())["rows"]
    gaps = {r["item"] for r in rows if r["status"] == "missing"}
    needed = ("treatment_plan.quantity_requested" if route == HOSP else "patient.full_name")
    assert any(needed in g for g in gaps), gaps


def test_minimal_hospital_case_leaves_out_the_absent_lines(minimal: dict[str, Path]) -> None:
    texts = generated_text(minimal[HOSP])
    application = texts["application.docx"]
    assert "Name:" not in application and "Address:" not in application
    assert "Medical Superintendent:" not in application  # no dangling label
    assert "Status: Government hospital" in application
    undertaking = texts["undertaking.docx"]
    assert "treatment of one patient (diagnosis: adenocarcinoma of the lung" in undertaking
    assert "Previous treatment" not in texts["patient-details.docx"]
    letter = texts["covering-letter.docx"]
    assert "the quantity stated above" not in letter
    assert "for a licence to import zoferatinib, a new drug" in letter


def test_form_12a_closes_a_name_ending_with_its_own_stop_once(
        minimal: dict[str, Path]) -> None:
    text = part_text(minimal[PERS], "form-12a")
    assert "for personal use from Meridian Oncology Therapeutics, Inc. I attach" in text
    assert "Inc.." not in text
    assert "resident of ____" in text  # the form's own blank, no filler


def test_case_text_reads_mid_sentence(bundles: dict[str, Path]) -> None:
    hosp = generated_text(bundles[HOSP])
    letter = hosp["covering-letter.docx"]
    assert ("for a licence to import zoferatinib (ZX-2041), film-coated tablets, 80 mg, a new "
            "drug") in letter
    assert "Film-coated" not in letter
    rx = hosp["prescription.docx"]
    # the duration is set after a colon, not in parentheses inside parentheses
    assert ("This quantity covers the prescribed course of treatment: 12 weeks, then "
            "reassessment (continued until progression or unacceptable toxicity).") in rx
    assert "course (12 weeks" not in rx
    assert "160 mg once daily (two 80 mg tablets); oral, with food" in \
        hosp["justification.docx"]


def test_coded_values_print_their_labels(bundles: dict[str, Path]) -> None:
    details = generated_text(bundles[HOSP])["patient-details.docx"]
    assert "Amivantamab (metastatic)" in details
    # a table cell opens with a capital, as the cells beside it do
    assert "Partial response" in details and "Stable disease" in details
    assert "None known" in details and "none known" not in details
    assert "62 years, male" in details
    assert not re.search(r"\b(PR|SD|metastatic_|Male)\b", details)


def test_product_and_quantity_are_each_named_once(bundles: dict[str, Path]) -> None:
    """The strength was printed twice ("168 tablets of 80 mg (12 weeks) of zoferatinib
    (ZX-2041), film-coated tablets, 80 mg"), and an approval said "approved" twice."""
    texts = generated_text(bundles[HOSP])
    letter, undertaking = texts["covering-letter.docx"], texts["undertaking.docx"]
    assert "The quantity required is 168 tablets of 80 mg (12 weeks)." in letter
    assert "The hospital recommends this quantity" in letter
    assert ("to import zoferatinib (ZX-2041), film-coated tablets, 80 mg (quantity: 168 "
            "tablets of 80 mg (12 weeks)), undertake that:") in undertaking
    for name, text in texts.items():
        assert "(12 weeks) of zoferatinib (ZX-2041), film-coated" not in text, name
        assert ", approved on" not in text, name
    assert "is a Government hospital." in letter  # the rule's capital, in a sentence too


def test_foreign_address_takes_no_indian_pin_dash(bundles: dict[str, Path]) -> None:
    text = generated_text(bundles[HOSP])["application.docx"]
    assert "Harborton, MA 02199, United States of America" in text
    assert "Bengaluru, Karnataka – 560029" in text  # an Indian PIN keeps its dash
    assert "MA – " not in text


def test_example_manufacturer_matches_its_letter(bundles: dict[str, Path]) -> None:
    """The case's manufacturer address is the one the attached supply letter prints."""
    pdf, parts = parts_of(bundles[HOSP])
    (letter,) = [p for p in parts if p["id"] == "manufacturer-letter"]
    attached = text_of(pdf, letter["pages"][0], letter["pages"][1])
    assert "75 Quayside Drive, Suite 1200, Harborton, MA 02199" in attached
    assert "75 Quayside Drive, Suite 1200, Harborton, MA 02199" in \
        generated_text(bundles[HOSP])["application.docx"]


def test_certification_is_kept_with_its_signature_block(bundles: dict[str, Path]) -> None:
    pdf, parts = parts_of(bundles[HOSP])
    (part,) = [p for p in parts if p["id"] == "application"]
    pages = [text_of(pdf, n, n) for n in range(part["pages"][0], part["pages"][1] + 1)]
    (signed,) = [p for p in pages if "Medical Officer: Dr. Meera Krishnan" in p]
    assert "I certify that the particulars given above are true" in signed


def test_keep_last_marks_the_text_before_a_signature() -> None:
    """The generated template: the paragraph before each signature block keeps with it."""
    d = docx.Document(str(ROOT / "templates" / "cdsco" / "hospital-import-application.docx"))
    pars = d.paragraphs
    (i,) = [n for n, p in enumerate(pars) if p.text.startswith("Signature:")
            and "prepared_on" in p.text]
    before = [p for p in pars[:i] if p.text and not p.text.startswith("{%p")]
    assert before[-1].text.startswith("I certify")
    assert before[-1].paragraph_format.keep_with_next


def test_maximal_case_prints_contacts_and_approvals(tmp_path: Path) -> None:
    bundle = build_cli(CASES_DIR / "cdsco-hospital-import.maximal.yaml", HOSP, tmp_path / "b")
    texts = generated_text(bundle)
    application = texts["application.docx"]
    assert "Dr. Suresh Gowda, Medical Superintendent" in application
    assert "The authorisation in Switzerland (as Zephyrix) was withdrawn on 15/10/2026." in \
        application
    assert "Supplier: Meridian Oncology Therapeutics India Pvt. Ltd." in application
    details = texts["patient-details.docx"]
    assert "Type 2 diabetes mellitus, controlled on metformin; Hypertension" in details


def test_address_without_a_country_prints_no_country(tmp_path: Path) -> None:
    """Issue 16: Address.country has no default; an address without one prints no 'None'."""
    def change(data: dict[str, Any]) -> None:
        del data["product"]["manufacturer"]["address"]["country"]

    case = example_copy(CASES[PERS], tmp_path / "case", change)
    text = generated_text(build_cli(case, PERS, tmp_path / "out"))["form-12a.docx"]
    # no country: read as an Indian address in an Indian form (the PIN after a dash)
    assert "75 Quayside Drive, Suite 1200, Harborton, MA – 02199." in text
    assert "None" not in text


def test_month_only_date_of_a_prior_line_prints_month_and_year(tmp_path: Path) -> None:
    bundle = build_cli(CASES_DIR / "cdsco-hospital-import.maximal.yaml", HOSP, tmp_path / "b")
    details = generated_text(bundle)["patient-details.docx"]
    assert "06/2024 – 24/02/2025" in details
    assert "01/06/2024" not in details


def test_form_notes_never_fill_a_page_alone(minimal: dict[str, Path]) -> None:
    """The minimal form once ended on page 3 and left its † notes alone on page 4: the notes
    keep with the Medical Superintendent's signature block before them."""
    pdf, parts = parts_of(minimal[HOSP])
    (part,) = [p for p in parts if p["id"] == "application"]
    pages = [text_of(pdf, n, n) for n in range(part["pages"][0], part["pages"][1] + 1)]
    (notes,) = [p for p in pages if "Items marked † follow" in p]
    assert "Forwarded by" in notes


def test_label_opens_its_text_with_a_capital(bundles: dict[str, Path]) -> None:
    """The case writes the indication lowercase to be set mid-sentence; after "Indication:"
    it opens with a capital, as "Diagnosis: Adenocarcinoma …" does in the same packet."""
    text = generated_text(bundles[HOSP])["justification.docx"]
    assert "Indication: Metastatic adenocarcinoma of the lung with an EGFR exon 20" in text
    assert "suffering from metastatic adenocarcinoma" in \
        generated_text(bundles[HOSP])["covering-letter.docx"]


def test_attached_reports_describe_the_case_patient_and_committee(
        bundles: dict[str, Path]) -> None:
    """The hospital packet's NGS report, ethics approval and consent are this patient's: his
    sex and EGFR variant, the laboratory the case names, the committee by its name and
    registration, the Indian institution (not a US patient's documents under 21 CFR)."""
    data = yaml.safe_load(CASES[HOSP].read_text(encoding="utf-8"))
    case = parse_case(data, base_dir=CASES[HOSP].parent)
    (marker,) = case.biomarkers
    variant = re.search(r"p\.\(\w+\)", marker.result)
    assert variant is not None and case.institution.irb is not None
    sex, other_sex = {"male": ("Male", "Female"),
                      "female": ("Female", "Male")}[case.patient.sex]

    ngs = part_text(bundles[HOSP], "supporting-reports")
    assert f"/ {sex}" in ngs and other_sex not in ngs
    assert variant.group(0) in ngs and "Ala767_Val769dup" not in ngs
    assert str(marker.laboratory).split(", ")[-1] in ngs  # the institute whose lab reported
    assert "Department of Pathology" in ngs

    iec = part_text(bundles[HOSP], "ethics-approval")
    assert case.institution.irb.name in iec
    assert str(case.institution.irb.registration) in iec
    assert variant.group(0) in iec and f"{case.patient.initials}, {sex.lower()}" in iec
    assert "21 CFR" not in iec and "IRB" not in iec

    consent = part_text(bundles[HOSP], "consent")
    assert case.institution.name in consent and case.institution.irb.name in consent
    assert "FDA" not in consent and "Bramblewood" not in consent


INDIA_CASES = [*CASES.values(), NOT_APPROVED,
               *(ROOT / "tests" / "cases" / f"cdsco-{r}.maximal.yaml"
                 for r in ("hospital-import", "personal-import"))]


@pytest.mark.parametrize("case_file", INDIA_CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_india_case_attaches_its_own_patients_ngs_report(case_file: Path) -> None:
    """Also where the route leaves the report out of the packet (personal import): the NGS
    upload a case attaches is from the laboratory its biomarker entry names, for a man with
    the case's variant."""
    data = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    case = parse_case(data, base_dir=case_file.parent)
    (marker,) = case.biomarkers
    (ngs,) = [a for a in case.attachments if a.id == marker.source]
    text = text_of(case_file.parent / ngs.path)
    assert str(marker.laboratory).split(", ")[-1] in text
    assert case.patient.sex == "male" and "/ Male" in text and "Female" not in text
    variant = re.search(r"p\.\(\w+\)", marker.result)
    assert variant is not None and variant.group(0) in text
