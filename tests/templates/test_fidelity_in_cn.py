"""Issue 15, India and China: each route says what the official texts say, and nothing else.

- cdsco/personal-import: Drugs Rules 1945, rule 36 sets no "approved in the country of origin"
  condition, so a drug approved nowhere qualifies, with a non-blocking, unverified note
  (``route_verdicts``, ``accesspack routes``, the ledger) and its packet is built; the SUGAM
  steps are actions whose citation is unverified; hospital import still refuses it.
- nmpa/expanded-trial: DAL art. 23 says nothing of free supply (免费), so a sponsor that charges
  is a note, not a refusal; no generated document ties 免费 to art. 23 (pdftotext of the
  generated parts, and the DOCX templates themselves).
- nmpa/gba: the 条例 art. 8 clocks are verified; "no registered mainland drug can replace it"
  is an unverified, non-blocking rule and an action.
- Every citation of the six example ledgers names an official source: no key of our reference
  (F11, C30, I5), no notes file, no confidence tag; the sources carry their dates.
- Approvals: a withdrawn one is named as withdrawn, the EU as the EU (欧盟).
- Review round: the GBA guide cited only for what the retrieved notice says (its documents list
  unverified), the 2021 draft for the specially controlled drugs, the working-day calendar
  (make-up working days counted) said and shown; the SUGAM steps and the hospital records cited
  unverified; "approved nowhere" names trials and expanded trials; CDSCO's address cited to
  CDSCO; practice rules cite the law and say in words that no source was found; Form CT-25
  named as unconfirmed; the example data (ICD-10 C34.1, the FDA approval letter as proof of
  approval, both cost options in the Chinese consent).

Independent readers: the ledger JSON, poppler's pdftotext, the CLI's stdout, python-docx.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import docx
import holidays
import pytest
import yaml
from pypdf import PdfReader

from accesspack import load_route, parse_case, route_verdicts, validate
from tests.conftest import (
    EXAMPLES,
    ROOT,
    BuildCache,
    build_cli,
    cli,
    example_copy,
    manifest,
    squash,
    text_of,
)

# every test here builds a bundle with LibreOffice, or reads one built so
pytestmark = pytest.mark.slow

PERS, HOSP = "cdsco/personal-import", "cdsco/hospital-import"
TRIAL, HAINAN, GBA, IMPORT = ("nmpa/expanded-trial", "nmpa/hainan-boao", "nmpa/gba",
                              "nmpa/temporary-import")
ROUTES = (HOSP, PERS, TRIAL, HAINAN, GBA, IMPORT)
CASES = {route: EXAMPLES / route.replace("/", "-") / "case.yaml" for route in ROUTES}
NOT_APPROVED = EXAMPLES / "cdsco-not-approved" / "case.yaml"
CHARGES = EXAMPLES / "nmpa-expanded-trial" / "sponsor-charges.yaml"

# what must never reach a reader, written here independently of the engine's own check
SOURCE_KEY = re.compile(r"(?<![\w.-])[FECIXT]\d{1,2}(?![\w.])")
NOTES = re.compile(r"regulators\.md|jurisdictions-next|accesspack reference|§|\[[CPU]\]")


@pytest.fixture(scope="module")
def bundles(built: BuildCache) -> dict[str, Path]:
    out = {route: built(case, route) for route, case in CASES.items()}
    out["not-approved"] = built(NOT_APPROVED, PERS)
    out["charges"] = built(CHARGES, TRIAL, "--draft")
    return out


def rows(bundle: Path) -> dict[str, dict[str, Any]]:
    data = json.loads((bundle / "ledger.json").read_text(encoding="utf-8"))
    return {r["id"]: r for r in data["rows"]}


def generated_text(bundle: Path, route: str) -> str:
    """pdftotext of the pages of every generated document (not the uploads) of ``bundle``,
    white space removed (Chinese sentences wrap anywhere)."""
    templated = {p.id for pk in load_route(route).spec.packets for p in pk.parts
                 if p.template}
    out = []
    for packet in manifest(bundle)["packets"]:
        pdf = bundle / packet["file"]
        for part in packet["parts"]:
            if part["id"] in templated:
                out.append(text_of(pdf, *part["pages"]))
    return re.sub(r"\s+", "", "".join(out))


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"[。；;]", text) if s]


def _verdict(case: Path, route: str) -> Any:
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    (found,) = [v for v in route_verdicts(parse_case(data, base_dir=case.parent))
                if v.route == route]
    return found


def _cli_block(stdout: str, route: str) -> list[str]:
    """The verdict line of ``route`` in ``accesspack routes`` output, and its indented lines."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(route + ":"))
    block = [lines[start]]
    for line in lines[start + 1:]:
        if not line.startswith(" "):
            break
        block.append(line.strip())
    return block


# -- India: personal import of a drug approved nowhere ------------------------------------


def test_approved_nowhere_qualifies_for_personal_import_with_a_note() -> None:
    verdict = _verdict(NOT_APPROVED, PERS)
    assert verdict.applies and verdict.qualifies and not verdict.reasons
    (note,) = verdict.notes
    assert "not recorded as approved in any country" in note
    assert "rule 36 does not require it" in note
    # the note cites rule 36 itself and says in words that the practice has no source
    assert "no official source was found" in note and "(not confirmed)" in note
    assert note.endswith("(Drugs Rules, 1945, rule 36 (import of drugs for personal use; "
                         "application in Form 12-A, permit in Form 12-B))")
    assert "practice" not in note.rsplit("(Drugs Rules", 1)[1]
    hospital = _verdict(NOT_APPROVED, HOSP)
    assert not hospital.qualifies  # the hospital route keeps its approved-abroad condition
    assert any("approved nowhere" in r and "cdsco/personal-import" in r
               for r in hospital.reasons)


def test_cli_routes_shows_personal_import_qualifying_with_the_note() -> None:
    res = cli("routes", str(NOT_APPROVED))
    assert res.returncode == 0, res.stderr
    block = _cli_block(res.stdout, PERS)
    assert block[0] == f"{PERS}: qualifies"
    notes = [line for line in block[1:] if line.startswith("note (does not block):")]
    assert len(notes) == 1 and "rule 36 does not require it" in notes[0]
    assert "Drugs Rules, 1945, rule 36" in notes[0]
    assert not [line for line in block[1:] if line.startswith("- ")]  # no refusal reason
    assert _cli_block(res.stdout, HOSP)[0] == f"{HOSP}: does not qualify"


def test_approved_nowhere_personal_import_packet_is_built(bundles: dict[str, Path]) -> None:
    bundle = bundles["not-approved"]
    ledger = rows(bundle)
    rule = ledger["eligibility:approved-abroad"]
    assert rule["status"] == "not_met" and rule["blocking"] is False
    # cites the official text it is about (rule 36, confirmed); the practice is said to be
    # unconfirmed in the message itself
    assert rule["verified"] is True and rule["citation"].startswith("Drugs Rules, 1945, rule 36")
    assert "no official source was found" in rule["item"] and "(not confirmed)" in rule["item"]
    assert "ready" in (bundle / "ledger.md").read_text(encoding="utf-8").split("\n", 3)[2]
    (packet,) = manifest(bundle)["packets"]
    text = text_of(bundle / packet["file"])
    assert "FORM 12A" in text
    assert "not approved in India, and no approval in another country is recorded" in text
    assert "phase 2 clinical trials (NCT05964812)" in text
    assert "approved in not recorded" not in text
    # no proof-of-approval slot for a drug approved nowhere
    assert "Proof of marketing authorisation abroad" not in text
    assert ledger["part:approval-proof"]["status"] == "not_applicable"


def test_sugam_steps_are_actions_cited_unverified(bundles: dict[str, Path]) -> None:
    ledger = rows(bundles[PERS])
    steps = {k: ledger[f"action:{k}"] for k in ("sugam-register", "sugam-form-12a",
                                                "sugam-upload", "sugam-permit")}
    assert '"Individual"' in steps["sugam-register"]["item"]
    assert "Aadhaar or passport" in steps["sugam-register"]["item"]
    for word in ("drug", "strength", "quantity", "manufacturer", "port of entry"):
        assert word in steps["sugam-form-12a"]["item"], word
    assert "prescription" in steps["sugam-upload"]["item"]
    assert "Form 12B" in steps["sugam-permit"]["item"]
    for row in steps.values():  # all four are the SUGAM steps the reference has only in part
        assert row["status"] == "awaiting" and row["verified"] is False
        assert row["citation"].startswith("CDSCO online portal SUGAM"), row["citation"]
    # no detail the sources do not give
    said = " ".join(f"{r['item']} {r['question']}" for r in steps.values()).lower()
    for invented in ("one-time password", "mobile", "email", "pdf", "application number",
                     "customs", "print"):
        assert invented not in said, invented
    md = (bundles[PERS] / "ledger.md").read_text(encoding="utf-8")
    sugam = [line for line in md.splitlines() if "Register on CDSCO's SUGAM portal" in line]
    assert sugam and "(not confirmed against the official text; check it before signing)" \
        in sugam[0]


# -- China: a sponsor that charges ---------------------------------------------------------


def test_charging_sponsor_qualifies_for_expanded_trial_with_a_note() -> None:
    assert yaml.safe_load(CHARGES.read_text(encoding="utf-8"))["product"][
        "free_of_charge"] is False
    verdict = _verdict(CHARGES, TRIAL)
    assert verdict.applies and verdict.qualifies and not verdict.reasons
    (note,) = verdict.notes
    assert "free of charge" in note and "art. 23 does not require it" in note
    assert "no official source for that practice was found (not confirmed)" in note
    assert note.endswith("(《中华人民共和国药品管理法》第二十三条（拓展性临床试验） — Drug "
                         "Administration Law, art. 23 (2019 revision; in force 2019-12-01))")
    res = cli("routes", str(CHARGES))
    assert res.returncode == 0, res.stderr
    block = _cli_block(res.stdout, TRIAL)
    assert block[0] == f"{TRIAL}: qualifies"
    assert any(line.startswith("note (does not block):") and "第二十三条" in line
               for line in block[1:])
    # the free example has no note
    assert not _verdict(CASES[TRIAL], TRIAL).notes


def test_charging_sponsor_packet_states_the_cost_arrangement(bundles: dict[str, Path]) -> None:
    text = generated_text(bundles["charges"], TRIAL)
    assert "申办者是否免费提供药物否" in text
    assert "申办者不免费提供药物" in text and "并在知情同意时如实告知患者" in text
    assert "并在同意函中写明药物费用及其承担方式" in text  # the letter to the sponsor
    ledger = rows(bundles["charges"])
    assert ledger["eligibility:free-supply"]["status"] == "not_met"
    assert ledger["eligibility:free-supply"]["blocking"] is False


@pytest.mark.parametrize("which", ["free", "charges"])
def test_no_generated_text_ties_free_supply_to_art_23(bundles: dict[str, Path],
                                                      which: str) -> None:
    bundle = bundles[TRIAL] if which == "free" else bundles["charges"]
    text = generated_text(bundle, TRIAL)
    assert "第二十三条" in text  # the statute is cited ...
    tied = [s for s in sentences(text) if "第二十三条" in s and "免费" in s]
    assert not tied  # ... never for free supply
    if which == "free":
        assert "药物由申办者免费提供" in text  # the case's own fact is still said


def test_no_template_paragraph_ties_free_supply_to_art_23() -> None:
    folder = ROOT / "templates" / "nmpa"
    for path in sorted(folder.glob("*.docx")):
        document = docx.Document(str(path))
        paragraphs = [p.text for p in document.paragraphs]
        paragraphs += [p.text for t in document.tables for row in t.rows for c in row.cells
                       for p in c.paragraphs]
        for para in paragraphs:
            for sentence in sentences(para):
                assert not ("第二十三条" in sentence and "免费" in sentence), (path.name, para)
    route = yaml.safe_load((folder / "expanded-trial.yaml").read_text(encoding="utf-8"))
    rules = {r["id"]: r for r in route["eligibility"]}
    assert "free-of-charge" not in rules
    assert rules["free-supply"]["blocking"] is False


# -- China: the Greater Bay Area -----------------------------------------------------------


@pytest.mark.parametrize(("on_catalogue", "row_id", "days"),
                         [(False, "deadline:decision-off-catalogue", 20),
                          (True, "deadline:decision-on-catalogue", 10)])
def test_gba_clock_rows_are_verified(on_catalogue: bool, row_id: str, days: int) -> None:
    data = yaml.safe_load(CASES[GBA].read_text(encoding="utf-8"))
    data["product"]["gba_catalogue"] = on_catalogue
    ledger = validate(parse_case(data, base_dir=CASES[GBA].parent), GBA)
    (row,) = [r for r in ledger.rows if r.category == "deadline"]
    assert row.id == row_id and f"{days} working days" in (row.question or "")
    assert row.verified is True
    assert "第八条" in (row.citation or "") and "管理条例" in (row.citation or "")


def test_gba_no_mainland_substitute_is_unverified_and_non_blocking(
        bundles: dict[str, Path]) -> None:
    ledger = rows(bundles[GBA])
    rule = ledger["eligibility:not-registered-on-mainland"]
    assert rule["status"] == "complete" and rule["blocking"] is False
    assert rule["verified"] is False and "无法替代" in rule["citation"]
    action = ledger["action:no-mainland-substitute"]
    assert action["status"] == "awaiting" and action["verified"] is False
    assert "内地已注册上市药品品种无法替代" in action["item"]
    assert "内地已注册上市药品品种无法替代的说明" in generated_text(bundles[GBA], GBA)
    # a drug registered on the mainland: a note, and the route still qualifies
    data = yaml.safe_load(CASES[GBA].read_text(encoding="utf-8"))
    data["product"]["approvals"].append({"jurisdiction": "CN", "approved_on": "2026-10-01"})
    (verdict,) = [v for v in route_verdicts(parse_case(data, base_dir=CASES[GBA].parent))
                  if v.route == GBA]
    assert verdict.qualifies and any("无法替代" in n for n in verdict.notes)


def test_gba_cites_the_2024_regulations_and_the_2025_guide(bundles: dict[str, Path]) -> None:
    text = generated_text(bundles[GBA], GBA)
    assert "《广东省粤港澳大湾区内地九市进口港澳药品医疗器械管理条例》" in text
    assert "《广东省粤港澳大湾区内地九市进口港澳药品申报指南》" in text
    route = load_route(GBA)
    assert route.citations["gba-guide-2025"].date == "2025 (announced 2025-03-19)"
    assert route.citations["gba-regulation"].date == "adopted 2024-07-31; in force 2024-12-01"
    assert route.citations["gba-art8"].verified


# -- every citation names the law -----------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES)
def test_no_internal_key_in_any_citation_of_the_ledgers(bundles: dict[str, Path],
                                                        route: str) -> None:
    bundle = bundles[route]
    ledger = rows(bundle)
    cited = [r["citation"] for r in ledger.values() if r["citation"]]
    assert cited
    for citation in cited:
        assert not SOURCE_KEY.search(citation), citation
        assert not NOTES.search(citation), citation
    for name in ("ledger.md", "ledger.json"):
        text = (bundle / name).read_text(encoding="utf-8")
        assert not NOTES.search(text), name
    md = (bundle / "ledger.md").read_text(encoding="utf-8")
    for line in md.splitlines()[4:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 6:
            assert not SOURCE_KEY.search(cells[5]), cells[5]
    # and the generated documents show no key or note either
    generated = generated_text(bundle, route)
    assert not NOTES.search(generated)


@pytest.mark.parametrize("route", ROUTES)
def test_every_fact_cites_an_official_source(route: str) -> None:
    spec = load_route(route)
    assert spec.spec.facts
    for fact in spec.spec.facts:
        assert fact.citation, fact.text
        citation = spec.citations[fact.citation]
        assert not SOURCE_KEY.search(citation.text), citation.text
        if fact.status == "C":  # an official text, or secondary literature labelled as such
            assert citation.verified or "not an official text" in citation.text, \
                (fact.text, citation.text)
        if "not an official text" in citation.text:
            assert not citation.verified, citation.text


def test_sources_carry_their_dates() -> None:
    cdsco, nmpa = load_route(PERS).citations, load_route(TRIAL).citations
    assert cdsco["drugs-rules-36"].verified and cdsco["drugs-rules-36"].date
    assert "1945" in cdsco["drugs-rules-36"].date
    assert load_route(HOSP).citations["ndct-hospital-import"].date == \
        "G.S.R. 227(E), 19 March 2019"
    assert "in force 2019-12-01" in (nmpa["dal-2019"].date or "")
    assert "in force 2019-12-01" in (nmpa["dal-23"].date or "")
    assert nmpa["dal-23"].verified
    assert nmpa["dal-65"].date == "2022-06-23" and "国卫药政发〔2022〕18号" in nmpa["dal-65"].text
    assert nmpa["qf-2023-16"].date == "2023-03-25" and "琼府〔2023〕16号" in nmpa["qf-2023-16"].text
    assert nmpa["gf-2018-43"].date == "2018-12-21"
    for key in ("dal-23", "dal-65", "qf-2023-16", "gf-2018-43", "gba-art8"):
        assert nmpa[key].verified, key


def test_form_12a_items_are_confirmed() -> None:
    form = yaml.safe_load((ROOT / "templates" / "cdsco" / "form-12a.yaml").read_text())
    assert form["editions"]["drugs-rules-1945"]["status"] == "C"
    assert {item["status"] for item in form["items"].values()} == {"C"}
    labels = [item["label"] for item in form["items"].values()]
    assert "hereby apply for a permit to import the drugs specified below for personal use " \
        "from ..." in labels


# -- approvals: withdrawn ones said so, the EU named -----------------------------------------


def _variant(route: str, tmp_path: Path, extra: list[dict[str, Any]]) -> Path:
    return example_copy(CASES[route], tmp_path,
                        lambda data: data["product"]["approvals"].extend(extra))


def test_withdrawn_approval_is_said_so_in_english(tmp_path: Path) -> None:
    case = _variant(HOSP, tmp_path, [
        {"jurisdiction": "EU", "approved_on": "2026-09-18", "brand_name": "Zephyrix"},
        {"jurisdiction": "GB", "status": "withdrawn", "approved_on": "2026-05-02",
         "withdrawn_on": "2026-10-01", "brand_name": "Zephyrix"}])
    bundle = build_cli(case, HOSP, tmp_path / "out")
    (packet,) = manifest(bundle)["packets"]
    text = text_of(bundle / packet["file"])
    assert "approved in the United States of America (as Zephyrix)" in text
    assert "the European Union (as Zephyrix) on 18/09/2026" in text
    assert ("The authorisation in the United Kingdom (as Zephyrix) was withdrawn on "
            "01/10/2026.") in text
    assert "United Kingdom (as Zephyrix) on" not in text
    assert "approved on" not in text  # "approved in X on DATE", never "approved" twice


def test_withdrawn_approval_and_eu_in_chinese(tmp_path: Path) -> None:
    case = _variant(IMPORT, tmp_path, [
        {"jurisdiction": "GB", "status": "withdrawn", "approved_on": "2026-05-02",
         "withdrawn_on": "2026-10-01", "brand_name": "Zephyrix"}])
    bundle = build_cli(case, IMPORT, tmp_path / "out")
    text = generated_text(bundle, IMPORT)
    assert "欧盟（2026年9月18日批准" in text  # the example's EU approval
    assert "英国（2026年5月2日批准，商品名Zephyrix，2026年10月1日撤回上市许可）" in text
    # the list of drugs names where the drug is marketed: standing approvals only
    pdf = bundle / manifest(bundle)["packets"][0]["file"]
    (drug_list,) = [p for p in manifest(bundle)["packets"][0]["parts"]
                    if p["id"] == "drug-list"]
    listed = re.sub(r"\s+", "", text_of(pdf, *drug_list["pages"]))
    assert "美国、欧盟" in listed and "英国" not in listed


def test_gba_marketed_in_hong_kong_counts_standing_approvals_only() -> None:
    data = yaml.safe_load(CASES[GBA].read_text(encoding="utf-8"))
    for approval in data["product"]["approvals"]:
        if approval["jurisdiction"] == "HK":
            approval.update(status="withdrawn", withdrawn_on="2026-11-01")
    ledger = validate(parse_case(data, base_dir=CASES[GBA].parent), GBA)
    status = {r.id: r.status for r in ledger.rows}
    assert status["eligibility:marketed-in-hk-or-macau"] == "not_met"


def test_temporary_import_of_a_drug_registered_in_china_is_a_note() -> None:
    data = yaml.safe_load(CASES[IMPORT].read_text(encoding="utf-8"))
    data["product"]["approvals"].append({"jurisdiction": "CN", "approved_on": "2026-10-01"})
    (verdict,) = [v for v in route_verdicts(parse_case(data, base_dir=CASES[IMPORT].parent))
                  if v.route == IMPORT]
    assert verdict.qualifies
    assert any("not produced in China" in squash(n) for n in verdict.notes)


# -- review round: each defect the independent review found, asserted ----------------------


def _fact_row(ledger: dict[str, dict[str, Any]], needle: str) -> dict[str, Any]:
    (row,) = [r for r in ledger.values() if r["category"] == "fact" and needle in r["item"]]
    return row


def test_gba_guide_is_cited_for_what_was_read_and_its_documents_list_unverified(
        bundles: dict[str, Path]) -> None:
    citations = load_route(GBA).citations
    guide = citations["gba-guide-2025"]
    # what the retrieved notice confirms: issuers, title, the repeal of the 2022 guides
    assert guide.verified
    assert "广东省药品监督管理局、广东省卫生健康委员会" in guide.text
    assert "《广东省粤港澳大湾区内地九市进口港澳药品申报指南》" in guide.text
    assert "2022年发布的申报指南同时废止" in guide.text
    assert "March" not in (guide.date or "")  # no issue date the notice does not give
    assert not citations["gba-guide-2025-documents"].verified
    ledger = rows(bundles[GBA])
    parts = [r for r in ledger.values() if r["id"].startswith("part:")]
    assert parts
    for row in parts:  # the documents list is not confirmed: no part row says it is
        assert row["verified"] is False, row["id"]
        assert "所列申报资料及附件格式" in row["citation"], row["id"]
    sign = ledger["action:sign"]
    assert sign["verified"] is False and "directs" not in sign["question"]
    md = (bundles[GBA] / "ledger.md").read_text(encoding="utf-8")
    assert "as the 2025 application guide directs" not in md
    assert "directs" not in load_route(GBA).spec.summary
    proof = [line for line in md.splitlines() if "Proof of marketing in Hong Kong" in line]
    assert proof and "(not confirmed against the official text; check it before signing)" \
        in proof[0]
    # the route's own fact about the annexes cites the same unverified citation
    annexes = _fact_row(ledger, "annexes")
    assert annexes["citation"] == sign["citation"] and annexes["verified"] is False
    # the confirmed fact (the 2025 guide repeals the 2022 ones) cites the verified guide
    (repeal,) = [f for f in load_route(GBA).spec.facts if "repeals the 2022" in f.text]
    assert repeal.status == "C" and repeal.citation == "gba-guide-2025"


def test_gba_specially_controlled_drugs_cite_the_2021_draft(bundles: dict[str, Path]) -> None:
    row = _fact_row(rows(bundles[GBA]), "特殊管理药品")
    assert row["verified"] is False
    assert "2021" in row["citation"] and "征求意见稿" in row["citation"]
    assert "title not confirmed" in row["citation"]
    assert "管理条例" not in row["citation"]  # not the 2024 regulations


def test_gba_calendar_counts_make_up_days_and_says_so(bundles: dict[str, Path]) -> None:
    row = _fact_row(rows(bundles[GBA]), "调休")
    assert row["verified"] is False
    item = row["item"]
    assert "count the weekend make-up working days" in item and "check the due date" in item
    assert "simplification" not in item and "a day or more late" not in item
    # the cited notice is described as setting the make-up days, never as excluding them
    assert "make-up working days" in row["citation"]
    assert "not counted" not in row["citation"]
    # and the clock counts them: 2026-09-20 (a Sunday) is a make-up working day in the
    # holidays package's own record (the day off of 2026-10-06 is "substituted from" it),
    # so 10 working days from 2026-09-14 fall on 2026-09-28 (2026-09-29 when it was skipped)
    names = holidays.country_holidays("CN", years=2026)
    assert "09/20/2026" in names.get(date(2026, 10, 6), "")
    data = yaml.safe_load(CASES[GBA].read_text(encoding="utf-8"))
    data["product"]["gba_catalogue"] = True
    data["request"]["submitted_on"] = "2026-09-14"
    ledger = validate(parse_case(data, base_dir=CASES[GBA].parent), GBA)
    (clock,) = [r for r in ledger.rows if r.category == "deadline"]
    assert clock.due == date(2026, 9, 28)


def test_hospital_import_records_action_cites_the_unconfirmed_ndct_provision(
        bundles: dict[str, Path]) -> None:
    records = rows(bundles[HOSP])["action:records"]
    assert records["verified"] is False
    assert records["citation"].startswith("New Drugs and Clinical Trials Rules, 2019: import")
    assert "Medical Devices Rules" not in records["citation"]


def test_approved_nowhere_messages_name_trials_and_expanded_trials() -> None:
    res = cli("routes", str(CASES[TRIAL]))
    assert res.returncode == 0, res.stderr
    out = squash(res.stdout)
    assert "only in an expanded clinical trial" not in out
    for route in (HAINAN, GBA, IMPORT):
        why = squash(" ".join(_cli_block(res.stdout, route)[1:]))
        assert ("can be given in China only in a clinical trial or an expanded clinical trial "
                "at a trial institution (nmpa/expanded-trial)") in why, route


def test_cdsco_headquarters_address_is_cited_to_cdsco(bundles: dict[str, Path]) -> None:
    (packet,) = manifest(bundles[HOSP])["packets"]
    (letter,) = [p for p in packet["parts"] if p["id"] == "covering-letter"]
    text = text_of(bundles[HOSP] / packet["file"], *letter["pages"])
    assert "FDA Bhawan, Kotla Road, New Delhi – 110002" in text
    route = load_route(HOSP)
    (fact,) = [f for f in route.spec.facts if "FDA Bhawan" in f.text]
    citation = route.citations[fact.citation]
    assert citation.verified and "cdscoonline.gov.in" in citation.text
    assert "FDA Bhawan, Kotla Road, New Delhi 110002" in citation.text


def test_practice_rules_cite_the_law_and_say_no_source_in_words() -> None:
    cdsco, nmpa = load_route(PERS), load_route(TRIAL)
    assert not [k for k in cdsco.citations if "practice" in k]
    assert "dal-23-free-supply" not in nmpa.citations
    for route, rule_id, key in ((cdsco, "approved-abroad", "drugs-rules-36"),
                                (nmpa, "free-supply", "dal-23")):
        (rule,) = [r for r in route.spec.eligibility if r.id == rule_id]
        assert rule.blocking is False and rule.citation == key
        assert route.citations[key].verified
        assert "no official source" in rule.message and "(not confirmed)" in rule.message
    for key in ("nmpa-language", "nmpa-portals"):
        citation = nmpa.citations[key]
        assert not citation.verified and "no official text" in citation.text, key
        assert "未找到" in citation.text, key
    practice = nmpa.citations["dal-23-practice"]
    assert not practice.verified
    assert "(review article, not an official text; PubMed Central PMC10930252)" in \
        practice.text


def test_expanded_trial_parts_citing_the_review_article_are_unverified(
        bundles: dict[str, Path]) -> None:
    ledger = rows(bundles[TRIAL])
    for row_id in ("part:sponsor-agreement", "action:sign"):
        row = ledger[row_id]
        assert row["verified"] is False and "review article" in row["citation"], row_id
    md = (bundles[TRIAL] / "ledger.md").read_text(encoding="utf-8")
    lines = [line for line in md.splitlines() if "review article, not an official text" in line]
    assert lines and all("(not confirmed against the official text; check it before signing)"
                         in line for line in lines)


def test_hospital_form_note_names_ct_25_as_unconfirmed(bundles: dict[str, Path]) -> None:
    (packet,) = manifest(bundles[HOSP])["packets"]
    (app,) = [p for p in packet["parts"] if p["id"] == "application"]
    text = squash(text_of(bundles[HOSP] / packet["file"], *app["pages"]))
    assert "in the following form" not in text
    assert ("it is a best reconstruction, as is Form CT-25, the form in which the licence is "
            "believed to be issued; verify both form numbers") in text


def test_expanded_trial_icd10_is_the_upper_lobe(bundles: dict[str, Path]) -> None:
    for case in (CASES[TRIAL], CHARGES):
        diagnosis = yaml.safe_load(case.read_text(encoding="utf-8"))["diagnosis"]
        assert diagnosis["primary_cancer"].startswith("右肺上叶")
        assert diagnosis["icd10"] == "C34.1"  # ICD-10 C34.1: upper lobe, bronchus or lung
    for which in (TRIAL, "charges"):
        text = generated_text(bundles[which], TRIAL)
        assert "右肺上叶腺癌（ICD-10：C34.1）" in text and "C34.3" not in text


@pytest.mark.parametrize("route", [HOSP, PERS])
def test_indian_approval_proof_is_the_fda_approval_letter(bundles: dict[str, Path],
                                                          route: str) -> None:
    data = yaml.safe_load(CASES[route].read_text(encoding="utf-8"))
    (proof,) = [a for a in data["attachments"] if a["kind"] == "marketing_authorization"]
    assert proof["path"] == "../uploads/us-approval.pdf"
    (packet,) = manifest(bundles[route])["packets"]
    (part,) = [p for p in packet["parts"] if p["id"] == "approval-proof"]
    text = squash(text_of(bundles[route] / packet["file"], *part["pages"]))
    assert "NDA 219876" in text and "It is approved, effective on the date of this letter" \
        in text
    assert "Letter of Authorization" not in text and "right of reference" not in text


def test_chinese_consent_offers_both_cost_arrangements() -> None:
    pdf = EXAMPLES / "uploads" / "consent-form-zh.pdf"
    assert len(PdfReader(pdf).pages) == 3
    text = re.sub(r"\s+", "", text_of(pdf))
    cost = text.split("七、费用", 1)[1].split("八、", 1)[0]
    assert "□佐非替尼由申办者免费提供" in cost
    assert "□佐非替尼的费用及其承担方式由申办者与您、医疗机构约定" in cost
    assert cost.count("□") == 4  # the two routes, and two cost options under the trial
    assert "依法" not in text  # no implementing rules for art. 23 exist


@pytest.mark.parametrize(("text", "joined"), [
    ("三线治疗后疾病进展（新发肝转移灶）。", "三线治疗后疾病进展（新发肝转移灶）。"),
    ("疾病进展；", "疾病进展。"),
    ("疾病进展，", "疾病进展。"),
    ("影像学进展：", "影像学进展。"),
    ("疾病进展", "疾病进展。"),
])
def test_clause_drops_full_width_closing_punctuation(text: str, joined: str) -> None:
    """Issue 16: Chinese case text ending with 。；，： set before the template's own 。
    gives one mark (``|clause``), never 。。 or ；。 (the filter as the templates use it)."""
    from accesspack.render.prose import clause

    assert clause(text) + "。" == joined
    assert "。。" not in clause(text) + "。" and "；。" not in clause(text) + "。"


def test_chinese_case_text_ending_with_its_own_mark_is_not_doubled(tmp_path: Path) -> None:
    """Issue 16: case text that ends with 。 or ； set where the template adds its own mark
    (the disease status, a line's reason for stopping, the dose and duration in the letter to
    the sponsor, the quantity) reads with one mark: python-docx of the rendered documents."""
    def change(data: dict[str, Any]) -> None:
        data["diagnosis"]["disease_status"] = "三线治疗后疾病进展；"
        data["prior_treatments"][0]["reason_stopped"] = "疾病进展。"
        plan = data["treatment_plan"]
        plan["dose"] += "。"
        plan["planned_duration"] += "。"
        plan["quantity_requested"] += "。"

    case = example_copy(CASES[TRIAL], tmp_path / "case", change)
    bundle = build_cli(case, TRIAL, tmp_path / "out")
    texts = {}
    for path in sorted((bundle / "documents").glob("*.docx")):
        d = docx.Document(str(path))
        cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
        texts[path.name] = "\n".join([p.text for p in d.paragraphs] + cells)
    letter = texts["sponsor-letter.docx"]
    assert "目前疾病状态：三线治疗后疾病进展。" in letter
    assert "申请数量为80 mg 片剂 168 片（12 周），" in letter
    assert "每日一次，每次 160 mg（2 片 80 mg），口服" in letter
    assert "；停药原因：疾病进展。\n" in texts["application.docx"]
    for name, text in texts.items():
        assert not re.search(r"[。；][。；，）]|。，", text.replace("。）", "")), name
