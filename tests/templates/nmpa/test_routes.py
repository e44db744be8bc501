"""End to end: the Chinese (NMPA) routes — expanded trial, Hainan Boao Lecheng, Greater Bay
Area and national temporary import.

The example cases are built through the CLI and read back with independent readers: pypdf
(outline), poppler's pdftotext (text, footers, dates) and pdffonts (every font embedded),
python-docx (the rendered DOCX headings), and OCR of rendered pages (tesseract, chi_sim):
a missing glyph still extracts as text through ToUnicode, so only a rendered page shows that
the Chinese is really drawn.
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
from reportlab.pdfgen.canvas import Canvas

from accesspack import load_route, parse_case, validate
from accesspack.pdf.fonts import CJK_FAMILY, register_font
from tests.conftest import (
    EXAMPLES,
    BuildCache,
    build_cli,
    cli,
    example_copy,
    generated_text,
    manifest,
    run,
    squash,
    text_of,
)

# every test here builds a bundle with LibreOffice, or reads one built so
pytestmark = pytest.mark.slow

TRIAL, HAINAN, GBA, IMPORT = ("nmpa/expanded-trial", "nmpa/hainan-boao", "nmpa/gba",
                              "nmpa/temporary-import")
ROUTES = (TRIAL, HAINAN, GBA, IMPORT)
CASES = {route: EXAMPLES / route.replace("/", "-") / "case.yaml" for route in ROUTES}
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def bundles(built: BuildCache) -> dict[str, Path]:
    return {route: built(case, route) for route, case in CASES.items()}


def ocr(pdf: Path, page: int, tmp_path: Path) -> str:
    """What tesseract reads on the rendered ``page`` (spaces removed: CJK has none)."""
    stem = tmp_path / f"{pdf.stem}-{page}"
    run("pdftoppm", "-r", "200", "-gray", "-png", "-singlefile", "-f", str(page),
        "-l", str(page), str(pdf), str(stem))
    return re.sub(r"\s+", "", run("tesseract", f"{stem}.png", "-", "-l", "chi_sim+eng"))


def packets(bundle: Path) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = manifest(bundle)["packets"]
    return found


@pytest.mark.parametrize("route", ROUTES)
def test_the_parts_are_nmpa_s_with_chinese_titles_on_a4(bundles: dict[str, Path],
                                                         route: str) -> None:
    """(Order, outline and page ranges as the route and manifest say, for every route:
    tests/templates/test_every_route.py.)"""
    built = packets(bundles[route])
    for entry in built:
        reader = PdfReader(bundles[route] / entry["file"])
        outline = [item.title for item in reader.outline if not isinstance(item, list)]
        assert outline == [p["title"] for p in entry["parts"]]
        assert all(CJK.search(title) for title in outline)  # Chinese part titles
        assert abs(float(reader.pages[0].mediabox.width) - 595.3) < 1  # A4
    first = [p["id"] for p in built[0]["parts"]]
    expected = {
        TRIAL: ["application", "toc", "clinical-summary", "treatment-plan",
                "sponsor-agreement", "ethics-approval", "consent", "supporting-reports"],
        HAINAN: ["application", "toc", "qualification", "use-plan", "expert-information",
                 "clinical-summary", "approval-proof", "commitment", "supplier-letter",
                 "consent", "supporting-reports"],
        GBA: ["application", "toc", "clinical-summary", "use-plan", "approval-proof",
              "commitment", "qualification", "supplier-letter", "consent",
              "supporting-reports"],
        IMPORT: ["application-report", "toc", "registration-copy", "commitment", "drug-list",
                 "supporting-documents"],
    }[route]
    assert first == expected


def test_translation_is_collated_right_after_its_original(bundles: dict[str, Path]) -> None:
    (reports,) = [p for p in packets(bundles[TRIAL])[0]["parts"]
                  if p["id"] == "supporting-reports"]
    titles = [d["title"] for d in reports["documents"]]
    assert titles.index("基因检测报告（中文译文）") == \
        titles.index("二代测序基因检测报告（英文原件）") + 1


@pytest.mark.parametrize("route", ROUTES)
def test_generated_documents_have_chinese_headings(bundles: dict[str, Path],
                                                   route: str) -> None:
    spec = load_route(route).spec
    generated = {p.id for packet in spec.packets for p in packet.parts if p.template}
    found = {path.stem: path for path in (bundles[route] / "documents").glob("*.docx")}
    assert set(found) == generated
    for part_id, path in found.items():
        headings = [p.text for p in docx.Document(str(path)).paragraphs
                    if p.style is not None and p.style.name == "Heading 1" and p.text.strip()]
        assert headings, part_id
        assert len(CJK.findall(headings[0])) >= 2, (part_id, headings[0])
        entry = next(pt for pk in packets(bundles[route]) for pt in pk["parts"]
                     if pt["id"] == part_id)
        pdf = bundles[route] / next(pk["file"] for pk in packets(bundles[route])
                                    if entry in pk["parts"])
        assert squash(headings[0]).replace(" ", "") in text_of(pdf, *entry["pages"]).replace(
            " ", ""), part_id


@pytest.mark.parametrize("route", ROUTES)
def test_every_font_is_embedded_with_cjk_fonts(bundles: dict[str, Path], route: str) -> None:
    for entry in packets(bundles[route]):
        listing = run("pdffonts", str(bundles[route] / entry["file"]))
        rows = listing.splitlines()[2:]
        assert rows
        for row in rows:
            emb, _sub, uni = row.split()[-5:-2]
            assert emb == "yes" and uni == "yes", row
        assert "WenQuanYiMicroHei" in listing  # TOC and footers, drawn by the collator
        assert "CJK" in listing  # Noto CJK, embedded by LibreOffice in the documents


def test_toc_footer_and_dates_in_chinese(bundles: dict[str, Path]) -> None:
    entry = packets(bundles[TRIAL])[0]
    pdf = bundles[TRIAL] / entry["file"]
    total = len(PdfReader(pdf).pages)
    assert f"第 1 页，共 {total} 页" in text_of(pdf, 1, 1)
    toc = next(p for p in entry["parts"] if p["id"] == "toc")
    assert "目录" in text_of(pdf, *toc["pages"])
    text = text_of(pdf)
    assert "2026年11月24日" in text.replace(" ", "")  # prepared_on, in the route's format
    assert "2026年12月7日" in text.replace(" ", "")  # planned start: no leading zero
    assert not re.search(r"\b2026-11-24\b|\b24/11/2026\b", text)


def test_rendered_pages_draw_chinese_latin_and_mixed_text(bundles: dict[str, Path],
                                                          tmp_path: Path) -> None:
    """OCR of rendered pages: the glyphs are there, not boxes that still extract as text."""
    entry = packets(bundles[TRIAL])[0]
    pdf = bundles[TRIAL] / entry["file"]
    pages = {p["id"]: p["pages"][0] for p in entry["parts"]}
    summary = ocr(pdf, pages["clinical-summary"], tmp_path)
    assert "病历摘要" in summary
    application = ocr(pdf, pages["application"], tmp_path)
    assert "华东滨江肿瘤医院" in application  # Chinese
    assert "王建国" in application
    assert "Jianguo" in application  # Latin name beside the Chinese one
    toc = ocr(pdf, pages["toc"], tmp_path)
    assert "目录" in toc and "治疗方案" in toc  # drawn by the collator in WenQuanYi
    assert "EX-CN-2026-011" in toc  # Latin case id in the Chinese footer of that page


def test_ocr_check_fails_on_boxes(tmp_path: Path) -> None:
    """The OCR check can fail: text that extracts but is not drawn is not read."""
    pdf = tmp_path / "boxes.pdf"
    font = register_font(CJK_FAMILY, "Regular")
    c = Canvas(str(pdf), initialFontName=font, initialFontSize=28)
    text = c.beginText(72, 700)
    text.setTextRenderMode(3)  # invisible: in the text layer, not on the page
    text.textLine("病历摘要")
    c.saveState()  # the render mode is graphics state: restore it for what follows
    c.drawText(text)
    c.restoreState()
    c.drawString(72, 600, "临床急需进口药品申请书")  # drawn: the OCR does read this
    c.save()
    assert "病历摘要" in text_of(pdf)
    read = ocr(pdf, 1, tmp_path)
    drawn = "临床急需进口药品申请书"
    assert sum(ch in read for ch in drawn) >= len(drawn) - 2  # OCR may misread one or two
    assert not any(ch in read for ch in "病历摘要")


def test_untranslated_english_report_is_flagged_in_the_ledger(
        bundles: dict[str, Path]) -> None:
    ledger = json.loads((bundles[TRIAL] / "ledger.json").read_text())
    rows = {r["id"]: r for r in ledger["rows"]}
    row = rows["upload:pathology:translation"]
    assert row["status"] == "missing" and row["category"] == "translation"
    assert "pathology" in row["item"] and "en" in row["item"]
    assert row["verified"] is False  # the translation rule is unconfirmed [U]
    assert "upload:ngs:translation" not in rows  # translated
    assert "upload:ngs-zh:translation" not in rows  # a translation is not flagged itself
    assert not any(r.endswith(":translation") and r.startswith("upload:ethics") for r in rows)


def test_verdicts_drug_approved_nowhere_only_expanded_trial() -> None:
    res = cli("routes", str(CASES[TRIAL]))
    assert res.returncode == 0, res.stderr
    verdicts = dict(re.findall(r"^(nmpa/[a-z-]+): (.*)$", res.stdout, flags=re.M))
    assert verdicts == {TRIAL: "qualifies", HAINAN: "does not qualify",
                        GBA: "does not qualify", IMPORT: "does not qualify"}
    for route in (HAINAN, GBA, IMPORT):
        why = squash(res.stdout.split(route + ":", 1)[1].split("\n", 2)[1])
        assert "nmpa/expanded-trial" in why
    # national routes of other countries do not apply to a Chinese institution
    others = dict(re.findall(r"^((?:ema|cdsco)/[a-z-]+): (.*)$", res.stdout, flags=re.M))
    national = {r: v for r, v in others.items() if r != "ema/cup-enrolment"}
    assert national and set(national.values()) == {"does not apply"}
    assert "institution in DE; the case's institution is in CN" in squash(res.stdout)


@pytest.mark.parametrize("route", [HAINAN, GBA, IMPORT])
def test_each_import_example_qualifies_for_its_route(route: str) -> None:
    res = cli("routes", str(CASES[route]))
    verdicts = dict(re.findall(r"^(nmpa/[a-z-]+): (.*)$", res.stdout, flags=re.M))
    assert verdicts[route] == "qualifies"
    assert verdicts[TRIAL] == "does not qualify"  # approved abroad, no trial here


def _case(route: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(CASES[route].read_text())
    return data


def _verdict(data: dict[str, Any], route: str, base: Path) -> dict[str, str]:
    ledger = validate(parse_case(data, base_dir=base), route)
    return {r.id: r.status for r in ledger.rows if r.category == "eligibility"}


def test_gba_needs_hong_kong_or_macau_and_a_designated_institution() -> None:
    data = _case(GBA)
    base = CASES[GBA].parent
    assert set(_verdict(data, GBA, base).values()) == {"complete"}
    data["product"]["approvals"] = [a for a in data["product"]["approvals"]
                                    if a["jurisdiction"] not in ("HK", "MO")]
    data["product"]["approvals"] += [{"jurisdiction": "US", "approved_on": "2026-04-14"}]
    assert _verdict(data, GBA, base)["eligibility:marketed-in-hk-or-macau"] == "not_met"
    data["product"]["approvals"].append({"jurisdiction": "MO", "approved_on": "2026-06-01"})
    assert _verdict(data, GBA, base)["eligibility:marketed-in-hk-or-macau"] == "complete"
    data["institution"]["designations"] = []
    assert _verdict(data, GBA, base)["eligibility:gba-designated"] == "missing"


def test_registered_in_china_is_not_an_import() -> None:
    data = _case(HAINAN)
    data["product"]["approvals"].append({"country": "CN", "approved_on": "2026-09-01"})
    verdict = _verdict(data, HAINAN, CASES[HAINAN].parent)
    assert verdict["eligibility:not-registered-in-china"] == "not_met"


@pytest.mark.parametrize(("on_catalogue", "due"), [(False, date(2026, 12, 22)),
                                                   (True, date(2026, 12, 8))])
def test_gba_decision_clock_counts_chinese_working_days(on_catalogue: bool, due: date) -> None:
    data = _case(GBA)
    data["product"]["gba_catalogue"] = on_catalogue
    data["request"]["submitted_on"] = "2026-11-24"
    ledger = validate(parse_case(data, base_dir=CASES[GBA].parent), GBA)
    rows = [r for r in ledger.rows if r.category == "deadline"]
    assert [r.due for r in rows] == [due]


@pytest.mark.parametrize("draft", [False, True])
def test_not_approved_import_build_refused_and_writes_nothing(tmp_path: Path,
                                                              draft: bool) -> None:
    out = tmp_path / "out"
    res = cli("build", str(CASES[TRIAL]), "--route", HAINAN, "--out", str(out),
              *(["--draft"] if draft else []))
    assert res.returncode == 1
    assert "does not qualify" in res.stderr and "nmpa/expanded-trial" in res.stderr
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize("route", ROUTES)
def test_patient_name_never_printed(bundles: dict[str, Path], route: str) -> None:
    full_name = _case(route)["patient"]["full_name"]
    for entry in packets(bundles[route]):
        assert full_name not in text_of(bundles[route] / entry["file"])
    for name in ("manifest.json", "ledger.md", "ledger.json"):
        assert full_name not in (bundles[route] / name).read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------
# Issue 16: prose a physician signs as it is (the examples, and the minimal cases)
# ---------------------------------------------------------------------------------------
CASES_DIR = EXAMPLES.parent / "tests" / "cases"
#: what a template printed for an absent value before issue 16
FILLERS_ZH = ("未记录", "未提供", "未填写", "未确定")
#: coded values printed raw, English labels of the catalogue
RAW = re.compile(r"(?<![\w-])(metastatic|maintenance|female|male|PR|SD|PD|CR|phase_\d|"
                 r"partial response|stable disease)(?![\w-])")


@pytest.fixture(scope="module")
def minimal(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("nmpa-minimal")
    return {route: build_cli(CASES_DIR / f"{route.replace('/', '-')}.minimal.yaml", route,
                             base / route.replace("/", "-"), "--draft")
            for route in ROUTES}


@pytest.mark.parametrize("route", ROUTES)
def test_minimal_case_prints_no_filler_and_no_dangling_section(minimal: dict[str, Path],
                                                               route: str) -> None:
    texts = generated_text(minimal[route])
    assert texts
    for name, text in texts.items():
        for filler in FILLERS_ZH:
            assert filler not in text, (name, filler)
        assert "申请数量为" not in text, name  # no quantity: no clause that says it
    if "clinical-summary.docx" not in texts:
        return  # temporary import: no case summary of its own
    summary = texts["clinical-summary.docx"]
    # no biomarkers and no prior lines: their sections are left out and the numbers follow on
    assert "生物标志物检测" not in summary and "既往抗肿瘤治疗" not in summary
    assert "三、申请理由" in summary


@pytest.mark.parametrize("route", ROUTES)
def test_coded_values_print_chinese_labels(bundles: dict[str, Path], route: str) -> None:
    for name, text in generated_text(bundles[route]).items():
        assert not RAW.search(text), (name, RAW.search(text))
    if route == IMPORT:
        return  # its report lists no prior lines
    summary = generated_text(bundles[route])["clinical-summary.docx"]
    assert "转移性" in summary and "疾病进展" in summary
    assert re.search(r"部分缓解|疾病稳定", summary)


@pytest.mark.parametrize("route", ROUTES)
def test_no_doubled_chinese_punctuation(bundles: dict[str, Path], route: str) -> None:
    for name, text in generated_text(bundles[route]).items():
        assert not re.search(r"[。；，：]{2}|[.;,][。；，]|[。；，][.;,]", text), name


def test_signature_block_kept_with_the_text_before_it(bundles: dict[str, Path]) -> None:
    """The treatment plan's signature (once alone on page 8 of the ethics application)
    shares its page with the plan's last paragraph."""
    (packet,) = [p for p in packets(bundles[TRIAL]) if p["id"] == "ethics-application"]
    pdf = bundles[TRIAL] / packet["file"]
    (part,) = [p for p in packet["parts"] if p["id"] == "treatment-plan"]
    last = text_of(pdf, part["pages"][1], part["pages"][1])
    assert "经治医师（签字）" in last
    assert "报告申办者和伦理委员会" in last.replace(" ", "")


def test_sponsor_letter_addresses_the_contact_by_name_with_the_title_apart(
        bundles: dict[str, Path]) -> None:
    text = generated_text(bundles[TRIAL])["sponsor-letter.docx"].splitlines()
    i = text.index("医学事务部（拓展性使用项目）　孙悦（收）")
    # the inside address has no colon: the salutation is the letter's only one
    assert text[i - 1] == "默里迪安肿瘤医药（上海）有限公司（Meridian Oncology Therapeutics "\
        "(Shanghai) Co., Ltd.）"
    assert text[i + 1].startswith("电话：+86 21 5550 7700")
    assert "尊敬的孙悦：" in text


def test_gba_designation_keeps_chinese_quotation_marks(bundles: dict[str, Path]) -> None:
    text = generated_text(bundles[GBA])["application.docx"]
    assert "粤港澳大湾区“港澳药械通”指定医疗机构" in text
    assert '"港澳药械通"' not in text


@pytest.mark.parametrize("route", [HAINAN, GBA])
def test_use_plan_lists_bare_approvals_without_a_table_of_dashes(minimal: dict[str, Path],
                                                                  route: str) -> None:
    text = generated_text(minimal[route])["use-plan.docx"]
    assert "批准日期" not in text and "—" not in text
    assert "境外上市情况" in text and re.search(r"已在(美国|中国香港)上市。", text)


def test_address_without_a_country_prints_no_country(tmp_path: Path) -> None:
    """Issue 16: Address.country has no default; a foreign address without one prints
    no （None）."""
    def change(data: dict[str, Any]) -> None:
        del data["product"]["manufacturer"]["address"]["country"]

    case = example_copy(CASES[HAINAN], tmp_path / "case", change)
    text = generated_text(build_cli(case, HAINAN, tmp_path / "out"))["application.docx"]
    assert "75 Quayside Drive, Suite 1200, Harborton, MA 02199" in text
    assert "None" not in text and "02199（" not in text


@pytest.mark.parametrize("route", ROUTES)
def test_treating_physician_is_not_called_by_a_rank(bundles: dict[str, Path],
                                                    route: str) -> None:
    """主治医师 is a professional rank in China (below 主任医师): the role is 经治医师, and a
    department is named in Chinese only (no "药学部（Department of Pharmacy）")."""
    for name, text in generated_text(bundles[route]).items():
        assert "主治医师" not in text, name
        assert "Department of Pharmacy" not in text, name


def test_ethics_application_states_each_fact_once(bundles: dict[str, Path]) -> None:
    text = generated_text(bundles[TRIAL])["application.docx"]
    # the stage in its own row, not also in the diagnosis row
    assert "右肺上叶腺癌（ICD-10：C34.1）\n" in text and "C34.1），IVB期" not in text
    # the seal asked for once, in the signature column
    assert "医疗机构（盖章）" not in text and "申办者（盖章）" not in text
    # a prior line: no second bracket after the regimen's own (amivantamab)
    assert "埃万妥单抗（amivantamab）；2025年3月31日至2026年2月2日；最佳疗效：疾病稳定" in text
    assert "）（2025" not in text
    # the sponsor's contact on a line of its own, not a bracket inside a bracket
    assert "联系人：孙悦，医学事务部（拓展性使用项目）" in text
    assert "（联系人：" not in text


@pytest.mark.parametrize("route", [HAINAN, GBA, IMPORT])
def test_commitment_states_the_quantity_without_nested_brackets(bundles: dict[str, Path],
                                                                route: str) -> None:
    text = generated_text(bundles[route])["commitment.docx"]
    found = re.search(r"，数量为80 ?mg ?片剂 ?\d+ ?片（[^（）]*）。现就此郑重承诺如下：", text)
    assert found, text[:400]


def test_temporary_import_cites_only_records_it_encloses(bundles: dict[str, Path]) -> None:
    text = generated_text(bundles[IMPORT])["application-report.docx"]
    assert "病历资料" not in text
    assert "相关检查报告见随附材料。" in text


def test_gba_packet_title_quotes_the_scheme(bundles: dict[str, Path]) -> None:
    (packet,) = packets(bundles[GBA])
    assert packet["title"] == "“港澳药械通”临床急需进口港澳药品申请材料"
    assert "港澳药械通 " not in text_of(bundles[GBA] / packet["file"], 1, 1)


def test_sponsor_letter_without_a_contact_names_the_company_once(
        minimal: dict[str, Path]) -> None:
    """No contact: the salutation (主送单位) names the company; no inside address above it,
    and never a second salutation such as 尊敬的申办者."""
    letter = generated_text(minimal[TRIAL])["sponsor-letter.docx"]
    assert letter.count("Meridian Oncology Therapeutics (Shanghai) Co., Ltd.") == 1
    assert "Meridian Oncology Therapeutics (Shanghai) Co., Ltd.：" in letter
    assert "尊敬的" not in letter


def test_hainan_application_cites_the_decision_by_its_title(bundles: dict[str, Path]) -> None:
    text = generated_text(bundles[HAINAN])["application.docx"]
    assert ("根据《国务院关于在海南博鳌乐城国际医疗旅游先行区暂时调整实施〈中华人民共和国药品管理法"
            "实施条例〉有关规定的决定》（国发〔2018〕43号）") in text
    assert "仅限于特定医疗目的" in text and "（特定医疗目的）" not in text


@pytest.mark.parametrize("route", [HAINAN, GBA])
def test_use_plan_is_signed_in_the_role_it_names(bundles: dict[str, Path], route: str) -> None:
    """The plan's 七、责任人 names the 负责医师; its signature line uses the same role."""
    text = generated_text(bundles[route])["use-plan.docx"]
    assert "负责医师（签字）" in text and "负责医师\n" in text
    if route == HAINAN:
        assert "负责专家（签字）" in generated_text(bundles[route])["expert-information.docx"]


def test_ethics_committee_is_named_alike_throughout(bundles: dict[str, Path]) -> None:
    text = generated_text(bundles[TRIAL])["application.docx"]
    assert "致：华东滨江肿瘤医院医学伦理委员会、" in text
    assert "本申请经华东滨江肿瘤医院医学伦理委员会审查同意后方可实施" in text
