"""The example cases load, their uploads are what they claim, and the uploads rebuild exactly."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from accesspack.model import Case, load_case

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
UPLOADS = EXAMPLES / "uploads"
SCRIPT = UPLOADS / "make_uploads.py"

CASES = {
    "fda-single-patient": "fda/single-patient",
    "fda-emergency": "fda/emergency",
    "fda-follow-up": "fda/follow-up",
    "nmpa-expanded-trial": "nmpa/expanded-trial",
    "nmpa-hainan-boao": "nmpa/hainan-boao",
    "nmpa-gba": "nmpa/gba",
    "nmpa-temporary-import": "nmpa/temporary-import",
}
NMPA = sorted(n for n in CASES if n.startswith("nmpa-"))
# the EU examples (tested with their routes); their uploads are listed here too
EU_EXAMPLES = ["ema-cup-enrolment", "ema-de-heilversuch", "ema-es-uso-compasivo", "ema-fr-aac",
               "ema-it-uso-nominale"]
# the India examples (tested with their routes); their uploads are listed here too
IN_EXAMPLES = ["cdsco-hospital-import", "cdsco-personal-import", "cdsco-not-approved"]
# the Canada example (tested with its route); its uploads are listed here too
CA_EXAMPLES = ["hc-special-access"]
# the United Kingdom examples (tested with their routes); their uploads are listed here too
GB_EXAMPLES = ["mhra-special-need", "mhra-nhs-ifr"]
# the Australia examples (tested with their routes; no full name: the TGA never takes it)
AU_EXAMPLES = ["tga-category-a", "tga-category-b"]

# The attachment kinds each example must carry (what it demonstrates).
EXPECTED_KINDS = {
    "fda-single-patient": {
        "letter_of_authorization",
        "cv",
        "pathology_report",
        "biomarker_report",
        "imaging_report",
        "lab_report",
        "discharge_summary",
        "irb_approval",
        "consent_form",
    },
    "fda-emergency": {
        "letter_of_authorization",
        "cv",
        "pathology_report",
        "biomarker_report",
        "discharge_summary",
        "consent_form",
    },
    "fda-follow-up": {
        "safety_report",
        "lab_report",
        "imaging_report",
        "letter_of_authorization",
        "cv",
    },
    "nmpa-expanded-trial": {
        "pathology_report",
        "biomarker_report",
        "translation",
        "manufacturer_agreement",
        "irb_approval",
        "consent_form",
    },
    "nmpa-hainan-boao": {
        "institution_licence",
        "marketing_authorization",
        "translation",
        "manufacturer_agreement",
        "consent_form",
        "pathology_report",
        "biomarker_report",
    },
    "nmpa-gba": {
        "marketing_authorization",
        "institution_licence",
        "manufacturer_agreement",
        "consent_form",
        "biomarker_report",
        "translation",
    },
    "nmpa-temporary-import": {
        "institution_licence",
        "marketing_authorization",
        "translation",
        "manufacturer_agreement",
        "biomarker_report",
    },
}

UPLOAD_FILES = [
    "pathology-report.pdf",
    "ngs-report.pdf",
    "ct-report.jpg",
    "discharge-summary.docx",
    "letter-of-authorization.pdf",
    "physician-cv.pdf",
    "lab-results.png",
    "irb-approval.pdf",
    "consent-form.pdf",
    "safety-report-3500a.pdf",
    "imaging-multipage.tiff",
    "ngs-report-zh.pdf",
    "sponsor-agreement-zh.pdf",
    "ethics-approval-zh.pdf",
    "consent-form-zh.pdf",
    "institution-licence-zh.pdf",
    "supply-letter-zh.pdf",
    "hk-registration.pdf",
    "us-approval.pdf",
    "us-approval-zh.pdf",
    "supply-declaration-it.pdf",
    "supply-declaration-de.pdf",
    "supply-declaration-es.pdf",
    "supply-declaration-en.pdf",
    "consent-form-it.pdf",
    "consent-form-de.pdf",
    "ngs-report-es.pdf",
    "ngs-report-in.pdf",
    "ngs-report-in-lakeview.pdf",
    "iec-approval-in.pdf",
    "consent-form-in.pdf",
    "supply-declaration-ca.pdf",
    "publication-zephyr-1.pdf",
]

PDF_PAGES = {
    "pathology-report.pdf": 2,
    "ngs-report.pdf": 3,
    "letter-of-authorization.pdf": 1,
    "physician-cv.pdf": 2,
    "irb-approval.pdf": 1,
    "consent-form.pdf": 3,
    "safety-report-3500a.pdf": 2,
    "ngs-report-zh.pdf": 3,
    "sponsor-agreement-zh.pdf": 1,
    "ethics-approval-zh.pdf": 1,
    "consent-form-zh.pdf": 3,
    "institution-licence-zh.pdf": 1,
    "supply-letter-zh.pdf": 1,
    "hk-registration.pdf": 1,
    "us-approval.pdf": 2,
    "us-approval-zh.pdf": 2,
    "supply-declaration-it.pdf": 1,
    "supply-declaration-de.pdf": 1,
    "supply-declaration-es.pdf": 1,
    "supply-declaration-en.pdf": 1,
    "consent-form-it.pdf": 1,
    "consent-form-de.pdf": 1,
    "ngs-report-es.pdf": 1,
    "ngs-report-in.pdf": 1,
    "ngs-report-in-lakeview.pdf": 1,
    "iec-approval-in.pdf": 1,
    "consent-form-in.pdf": 1,
    "supply-declaration-ca.pdf": 1,
    "publication-zephyr-1.pdf": 1,
}

CLAIMED_TYPE = {
    ".pdf": "pdf",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".png": "png",
    ".tif": "tiff",
    ".tiff": "tiff",
    ".docx": "docx",
}


def sniff(path: Path) -> str | None:
    """The file's real type from its first bytes (and, for DOCX, its zip contents)."""
    head = path.read_bytes()[:8]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
        if {"[Content_Types].xml", "word/document.xml"} <= names:
            return "docx"
        return "zip"
    return None


@pytest.fixture(scope="module", params=sorted(CASES))
def example(request: pytest.FixtureRequest) -> tuple[str, Case]:
    name = request.param
    return name, load_case(EXAMPLES / name / "case.yaml")


def test_each_example_loads(example: tuple[str, Case]) -> None:
    name, case = example
    assert case.case_id
    assert case.patient.full_name, "every example names its patient (tests search for it)"
    if name == "fda-single-patient":
        assert case.request.submission == "initial" and not case.request.emergency
        assert case.request.request_alternative_irb_review
    elif name == "fda-emergency":
        auth = case.request.emergency_authorization
        assert case.request.emergency and case.request.submission == "initial"
        assert auth is not None and auth.means == "phone"
        assert auth.authorized_by and auth.ind_number and auth.first_dose_on
    elif name.startswith("nmpa-"):
        assert case.language == "zh" and case.request.submission == "initial"
        assert case.institution.name_zh and case.physician.name_zh and case.product.name_zh
        countries = {a.jurisdiction for a in case.product.approvals}
        assert "CN" not in countries
        designations = set(case.institution.designations)
        if name == "nmpa-expanded-trial":
            assert not countries, "the drug is approved nowhere"
            assert case.product.trial_at_institution and case.product.free_of_charge
            assert "drug_trial_institution" in designations
        elif name == "nmpa-hainan-boao":
            assert countries == {"US"} and "hainan_lecheng" in designations
        elif name == "nmpa-gba":
            assert "HK" in countries and "gba_designated" in designations
            assert case.product.gba_catalogue is False and case.request.submitted_on
        else:
            assert {"US", "EU"} <= countries
    else:
        fu = case.request.follow_up
        assert case.request.submission == "follow_up"
        assert case.request.physician_ind_number
        assert fu is not None and fu.kinds == ["initial_safety_report"]
        assert fu.safety_event is not None
        assert fu.safety_event.serious and fu.safety_event.unexpected


def test_examples_are_different_patients() -> None:
    cases = [load_case(EXAMPLES / n / "case.yaml") for n in sorted(CASES)]
    assert len({c.case_id for c in cases}) == len(cases)
    assert len({c.patient.full_name for c in cases}) == len(cases)
    assert len({c.patient.initials for c in cases}) == len(cases)


def test_attachments_exist_and_are_what_they_claim(example: tuple[str, Case]) -> None:
    name, case = example
    assert {a.kind for a in case.attachments} == EXPECTED_KINDS[name]
    for att in case.attachments:
        assert att.path.is_file(), att.path
        assert att.path.parent == UPLOADS.resolve()
        claimed = CLAIMED_TYPE[att.path.suffix.lower()]
        assert sniff(att.path) == claimed, f"{att.id}: {att.path.name} is not a {claimed}"


def test_biomarkers_link_to_the_ngs_report() -> None:
    case = load_case(EXAMPLES / "fda-single-patient" / "case.yaml")
    linked = [b for b in case.biomarkers if b.source]
    assert linked
    for b in linked:
        assert case.attachment(b.source).kind == "biomarker_report"
    for p in case.pathology:
        assert p.source is not None


def test_dates_are_consistent(example: tuple[str, Case]) -> None:
    _, case = example
    today, dx = case.prepared_on, case.diagnosis.diagnosed_on
    dob = case.patient.date_of_birth
    assert dob is not None and dob < dx < today
    previous_start = dx
    for line in sorted(case.prior_treatments, key=lambda t: t.line):
        assert previous_start <= line.started_on, f"line {line.line} starts before the previous"
        assert line.ended_on is not None and line.ended_on <= today
        previous_start = line.started_on
    for p in case.pathology:
        assert p.collected_on is None or p.collected_on <= p.reported_on <= today
        assert dob < p.reported_on
    for b in case.biomarkers:
        assert dob < b.reported_on <= today
    for lab in case.labs:
        assert dx <= lab.measured_on <= today
    for att in case.attachments:
        assert att.dated is not None and att.dated <= today
    ps = case.diagnosis.performance_status
    assert ps is not None and ps.assessed_on is not None and ps.assessed_on <= today
    auth = case.request.emergency_authorization
    if auth is not None:
        assert auth.first_dose_on is not None
        assert auth.authorized_on <= auth.first_dose_on <= today
    fu = case.request.follow_up
    if fu is not None and fu.safety_event is not None:
        assert fu.safety_event.aware_on <= today


def test_every_upload_is_used_by_an_example() -> None:
    used = {a.path.name for n in [*CASES, *EU_EXAMPLES, *IN_EXAMPLES, *CA_EXAMPLES, *GB_EXAMPLES,
                                  *AU_EXAMPLES]
            for a in load_case(EXAMPLES / n / "case.yaml").attachments}
    assert used == set(UPLOAD_FILES)


def test_pdf_page_counts_and_banner() -> None:
    for name, pages in PDF_PAGES.items():
        reader = PdfReader(UPLOADS / name)
        assert len(reader.pages) == pages, name
        for i, page in enumerate(reader.pages):
            assert "SYNTHETIC" in (page.extract_text() or ""), f"{name} page {i + 1}"


def test_image_uploads() -> None:
    with Image.open(UPLOADS / "ct-report.jpg") as im:
        assert im.format == "JPEG" and im.size == (1700, 2200)
    with Image.open(UPLOADS / "lab-results.png") as im:
        assert im.format == "PNG" and im.mode == "RGBA"
        assert im.getchannel("A").getextrema()[0] == 0, "the PNG has transparent pixels"
    with Image.open(UPLOADS / "imaging-multipage.tiff") as im:
        assert im.format == "TIFF" and im.n_frames == 2


def test_docx_upload_is_marked_synthetic() -> None:
    with zipfile.ZipFile(UPLOADS / "discharge-summary.docx") as z:
        xml = "".join(
            z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/header")
        )
    assert "SYNTHETIC" in xml


def test_uploads_never_contain_a_patient_name() -> None:
    """The uploads are de-identified, so a name found in a packet can only come from a template."""
    names = [load_case(EXAMPLES / n / "case.yaml").patient.full_name
             for n in [*CASES, *EU_EXAMPLES, *IN_EXAMPLES, *CA_EXAMPLES, *GB_EXAMPLES]]
    texts = []
    for f in UPLOAD_FILES:
        path = UPLOADS / f
        if path.suffix == ".pdf":
            texts.append(" ".join(p.extract_text() or "" for p in PdfReader(path).pages))
        elif path.suffix == ".docx":
            with zipfile.ZipFile(path) as z:
                texts.append(
                    " ".join(
                        z.read(n).decode("utf-8", "replace")
                        for n in z.namelist()
                        if n.endswith(".xml")
                    )
                )
    blob = "\n".join(texts)
    for full in names:
        assert full
        for part in [full, *full.replace("-", " ").split()]:
            assert part not in blob, f"an upload contains {part!r}"


def test_uploads_are_small() -> None:
    total = sum((UPLOADS / f).stat().st_size for f in UPLOAD_FILES)
    assert total < 3 * 1024 * 1024


def test_translations_point_at_an_attachment_of_their_case() -> None:
    for name in NMPA:
        case = load_case(EXAMPLES / name / "case.yaml")
        ids = {a.id for a in case.attachments}
        translations = [a for a in case.attachments if a.kind == "translation"]
        assert translations, name
        for t in translations:
            assert t.translates in ids and t.language == "zh", f"{name}: {t.id}"
            assert t.path.name.endswith("-zh.pdf")


def _fonts(reader: PdfReader) -> list[tuple[str, bool]]:
    """(base font, embedded) for every font the pages use."""
    found: dict[str, bool] = {}
    for page in reader.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        for ref in (fonts.get_object().values() if fonts else []):
            font = ref.get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found[str(font["/BaseFont"])] = embedded
    return sorted(found.items())


def test_pdf_uploads_embed_their_fonts() -> None:
    for name in PDF_PAGES:
        fonts = _fonts(PdfReader(UPLOADS / name))
        assert fonts, name
        assert all(embedded for _, embedded in fonts), f"{name}: {fonts}"


def test_chinese_uploads_are_drawn_in_a_cjk_font() -> None:
    for name in (n for n in PDF_PAGES if n.endswith("-zh.pdf")):
        reader = PdfReader(UPLOADS / name)
        assert {base.split("+")[-1] for base, _ in _fonts(reader)} == {"WenQuanYiMicroHei-0"}
        text = reader.pages[0].extract_text() or ""
        assert "合成数据" in text and len(re.findall(r"[\u4e00-\u9fff]", text)) > 100, name
        assert reader.pages[0].mediabox.width < 600  # A4, not letter


@pytest.mark.slow
def test_make_uploads_is_byte_identical(tmp_path: Path) -> None:
    out = tmp_path / "uploads"
    subprocess.run(
        [sys.executable, str(SCRIPT), str(out)], check=True, capture_output=True, timeout=300
    )
    assert sorted(p.name for p in out.iterdir()) == sorted(UPLOAD_FILES)
    for name in UPLOAD_FILES:
        assert (out / name).read_bytes() == (UPLOADS / name).read_bytes(), (
            f"{name} differs from the committed file: rerun examples/uploads/make_uploads.py"
        )
