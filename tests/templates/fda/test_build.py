"""End to end: the example FDA cases built through the CLI, checked with independent readers.

pypdf reads the packets back (outline, links, page counts); poppler's pdftotext and
pdffonts and ``qpdf --check`` check text, fonts and structure. Nothing here trusts the
library's own account of what it wrote, except the manifest being checked against them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from accesspack import load_case, load_route, parse_case
from accesspack.bundle import form_context
from tests.conftest import EXAMPLES, FULL_NAME, BuildCache, build_cli, cli, manifest, run

# every test here builds a bundle with LibreOffice, or reads one built so
pytestmark = pytest.mark.slow

CASES = {
    "fda/single-patient": EXAMPLES / "fda-single-patient" / "case.yaml",
    "fda/emergency": EXAMPLES / "fda-emergency" / "case.yaml",
    "fda/follow-up": EXAMPLES / "fda-follow-up" / "case.yaml",
}


@pytest.fixture(scope="module")
def bundles(built: BuildCache) -> dict[str, Path]:
    return {route: built(case, route) for route, case in CASES.items()}


def page_text(pdf: Path, first: int, last: int) -> str:
    return run("pdftotext", "-layout", "-f", str(first), "-l", str(last), str(pdf), "-")


def outline(reader: PdfReader) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """(title, 1-based page, children) for each top-level bookmark."""
    out: list[tuple[str, int, list[tuple[str, int]]]] = []
    items = reader.outline
    i = 0
    while i < len(items):
        item = items[i]
        assert not isinstance(item, list)
        children: list[tuple[str, int]] = []
        if i + 1 < len(items) and isinstance(items[i + 1], list):
            children = [(c.title, reader.get_destination_page_number(c) + 1)
                        for c in items[i + 1] if not isinstance(c, list)]
            i += 1
        out.append((item.title, reader.get_destination_page_number(item) + 1, children))
        i += 1
    return out


def test_attachment_page_counts_come_through(bundles: dict[str, Path]) -> None:
    bundle = bundles["fda/single-patient"]
    case = load_case(CASES["fda/single-patient"])
    man = manifest(bundle)
    fda = next(p for p in man["packets"] if p["id"] == "fda-submission")
    docs = {d["source"]: d for part in fda["parts"] for d in part["documents"]}
    for att in case.attachments:
        key = f"attachment:{att.id}"
        if key not in docs:
            continue
        first, last = docs[key]["pages"]
        if att.path.suffix.lower() == ".pdf":  # uploaded PDFs keep their page count
            assert last - first + 1 == len(PdfReader(att.path).pages), att.id
        if att.path.suffix.lower() in (".tif", ".tiff"):
            from PIL import Image
            with Image.open(att.path) as im:
                assert last - first + 1 == getattr(im, "n_frames", 1)


def test_toc_links_point_at_each_part(bundles: dict[str, Path]) -> None:
    for bundle in bundles.values():
        for packet in manifest(bundle)["packets"]:
            reader = PdfReader(bundle / packet["file"])
            toc = next((p for p in packet["parts"] if p["id"] == "toc"), None)
            if toc is None:  # only the physician's own file goes without one
                assert packet["id"] == "on-file", packet["id"]
                continue
            targets: set[int] = set()
            for page_no in range(toc["pages"][0] - 1, toc["pages"][1]):
                for annot in reader.pages[page_no].get("/Annots", []):
                    a = annot.get_object()
                    assert a["/Subtype"] == "/Link"
                    dest = a["/Dest"] if "/Dest" in a else a["/A"]["/D"]
                    targets.add(reader.get_page_number(dest[0].get_object()) + 1)
            wanted = {p["pages"][0] for p in packet["parts"] if p["id"] != "toc"}
            assert wanted <= targets, (packet["id"], wanted - targets)
            text = page_text(bundle / packet["file"], *toc["pages"])
            for part in packet["parts"]:
                if part["id"] != "toc":
                    assert part["title"][:30] in text


def test_every_page_has_the_footer(bundles: dict[str, Path]) -> None:
    """(Fonts embedded and qpdf's check: tests/templates/test_every_route.py.)"""
    for bundle in bundles.values():
        man = manifest(bundle)
        for packet in man["packets"]:
            pdf = bundle / packet["file"]
            n = packet["pages"]
            for page in range(1, n + 1):
                text = page_text(pdf, page, page)
                assert f"Page {page} of {n}" in text, (pdf.name, page)
                assert man["case_id"] in text


def test_no_full_patient_name_anywhere_in_fda_bundles(bundles: dict[str, Path]) -> None:
    for route, bundle in bundles.items():
        name = load_case(CASES[route]).patient.full_name
        assert name, "the examples carry a full name so this test can look for it"
        for path in bundle.rglob("*"):
            if path.is_file():
                assert name.encode() not in path.read_bytes(), path
                assert name.split()[-1] not in path.name
        for packet in manifest(bundle)["packets"]:
            text = run("pdftotext", str(bundle / packet["file"]), "-")
            assert name not in text
            assert name.split()[-1] not in text


def _form_pages(bundle: Path, packet_id: str = "fda-submission") -> tuple[Path, list[int]]:
    packet = next(p for p in manifest(bundle)["packets"] if p["id"] == packet_id)
    part = next(p for p in packet["parts"] if p["id"] == "form-3926")
    return bundle / packet["file"], part["pages"]


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("route", list(CASES))
def test_every_form_3926_item_is_present_with_case_values(bundles: dict[str, Path],
                                                          route: str) -> None:
    case = load_case(CASES[route])
    pdf, pages = _form_pages(bundles[route])
    text = _squash(page_text(pdf, *pages))
    form = form_context(load_route(route), "2022-08")
    assert form is not None
    positions = []
    for key, item in form["items"].items():
        heading = f"{item['number']}. {item['label']}"
        assert heading in text, (key, heading)
        positions.append(text.index(heading))
    assert text.index("1. Physician") < text.index("2. Patient's Initials")
    values = [case.patient.initials, case.physician.name, case.product.name,
              case.prepared_on.strftime("%m/%d/%Y")]
    if route != "fda/follow-up":
        values += [case.physician.licence.number if case.physician.licence else "",
                   case.treatment_plan.dose.variant("en", "en") or ""]
    else:
        values.append(case.request.physician_ind_number or "")
    for value in values:
        assert _squash(value) in text, value


def test_older_form_edition_renumbers_items(tmp_path: Path) -> None:
    bundle = build_cli(CASES["fda/single-patient"], "fda/single-patient", tmp_path / "b",
                       "--option", "form_edition=2019-06")
    pdf, pages = _form_pages(bundle)
    text = _squash(page_text(pdf, *pages))
    assert "FORM FDA 3926 (6/19)" in text
    assert text.index("1. Patient's Initials") < text.index("8. Physician")
    assert "2. Patient's Initials" not in text
    assert manifest(bundle)["options"] == {"form_edition": "2019-06", "cover_letter": "yes"}


def test_rebuild_gives_identical_bytes(bundles: dict[str, Path], tmp_path: Path) -> None:
    first = bundles["fda/emergency"]
    again = build_cli(CASES["fda/emergency"], "fda/emergency", tmp_path / "again")
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for rel in files:
        assert (first / rel).read_bytes() == (again / rel).read_bytes(), rel
    for entry in manifest(again)["packets"]:
        import hashlib
        assert hashlib.sha256((again / entry["file"]).read_bytes()).hexdigest() == entry["sha256"]


def test_incomplete_case_fails_cleanly_then_builds_as_draft(tmp_path: Path) -> None:
    src = CASES["fda/single-patient"]
    data = yaml.safe_load(src.read_text())
    del data["physician"]["licence"]
    data["attachments"] = [dict(a, path=str((src.parent / a["path"]).resolve()))
                           for a in data["attachments"]
                           if a["kind"] != "letter_of_authorization"]
    work = tmp_path / "work"
    work.mkdir()
    case_file = work / "case.yaml"
    case_file.write_text(yaml.safe_dump(data))
    out = work / "out"
    res = cli("build", str(case_file), "--route", "fda/single-patient", "--out", str(out))
    assert res.returncode == 1
    assert "physician.licence" in res.stderr and "Letter of authorization" in res.stderr
    assert "--draft" in res.stderr
    assert not out.exists()
    assert sorted(p.name for p in work.iterdir()) == ["case.yaml"]  # nothing left behind
    build_cli(case_file, "fda/single-patient", out, "--draft")
    man = manifest(out)
    assert man["draft"] is True and man["ready"] is False
    ledger = json.loads((out / "ledger.json").read_text())
    assert sorted(ledger["gaps"]) == ["field:physician.licence", "part:loa"]
    for packet in man["packets"]:
        pdf = out / packet["file"]
        for page in range(1, packet["pages"] + 1):
            assert "DRAFT" in page_text(pdf, page, page)
    assert "**not ready: 2 blocking item(s) missing**" in (out / "ledger.md").read_text()


def test_hostile_text_appears_literally_in_the_packet(tmp_path: Path) -> None:
    data = yaml.safe_load(CASES["fda/single-patient"].read_text())
    hostile = "A & B <C> {{ 7*7 }} {% raw %}"
    data["diagnosis"]["disease_status"] = hostile
    case = parse_case(data, base_dir=CASES["fda/single-patient"].parent)
    from accesspack import build

    bundle = build(case, "fda/single-patient", tmp_path / "h")
    summary = next(p for p in bundle.manifest["packets"] if p["id"] == "fda-submission")
    part = next(p for p in summary["parts"] if p["id"] == "clinical-summary")
    assert hostile in _squash(page_text(bundle.packets["fda-submission"], *part["pages"]))


def test_bundle_layout(bundles: dict[str, Path]) -> None:
    bundle = bundles["fda/single-patient"]
    man = manifest(bundle)
    names = {p.name for p in bundle.iterdir()}
    assert {"manifest.json", "ledger.json", "ledger.md", "documents", "attachments"} <= names
    assert {f"{man['case_id']}-{p}.pdf" for p in
            ("fda-submission", "irb-packet", "manufacturer-request")} <= names
    docx = {p.name for p in (bundle / "documents").iterdir()}
    assert {"form-3926.docx", "cover-letter.docx", "clinical-summary.docx"} <= docx
    # an uploaded DOCX and a scanned JPEG were normalised to PDF
    types = {a["type"] for a in man["inputs"]["attachments"]}
    assert {"pdf", "jpeg", "docx"} <= types
    for entry in man["attachments"]:
        assert PdfReader(bundle / entry["file"]).pages
    assert FULL_NAME not in json.dumps(man)


def test_an_ineligible_case_gets_no_packet_not_even_a_draft(tmp_path: Path) -> None:
    src = CASES["fda/single-patient"]
    data = yaml.safe_load(src.read_text())
    data["request"]["justification"]["physician_risk_determination"] = False
    data["attachments"] = [dict(a, path=str((src.parent / a["path"]).resolve()))
                           for a in data["attachments"]]
    case_file = tmp_path / "case.yaml"
    case_file.write_text(yaml.safe_dump(data))
    out = tmp_path / "out"
    res = cli("build", str(case_file), "--route", "fda/single-patient", "--out", str(out),
              "--draft")
    assert res.returncode == 1
    assert "does not qualify" in res.stderr and "not even a draft" in res.stderr
    assert "probable risk" in res.stderr
    assert not out.exists()


# -- issue 16: pages a physician signs as they are -------------------------------------------
_SIGNATURE_LINES = ("Signature", "Printed name", "Date:", "______", "Sincerely")


def _pages(pdf: Path) -> list[list[str]]:
    """The lines of each page, without the collator's footer and blank lines."""
    text = run("pdftotext", "-layout", str(pdf), "-")
    return [[line.strip() for line in page.splitlines()
             if line.strip() and " · Page " not in line] for page in text.split("\f")]


def test_no_signature_block_alone_and_no_spilled_list(bundles: dict[str, Path]) -> None:
    """A page with a signature line carries the text it signs; the cover letter's list of
    enclosures is on the page of its signature."""
    for route, bundle in bundles.items():
        for pdf in sorted(bundle.glob("*.pdf")):
            for n, lines in enumerate(_pages(pdf), 1):
                if not any(line.startswith(("Signature", "______")) for line in lines):
                    continue
                text = [line for line in lines if not line.startswith(_SIGNATURE_LINES)]
                # beyond the signer's name and institution, the page carries text
                assert len(text) > 3, (route, pdf.name, n, lines)
    letter = _pages(next(bundles["fda/single-patient"].glob("*-fda-submission.pdf")))
    page = next(p for p in letter if "Sincerely," in p)
    assert "Enclosures (after this letter):" in page
    assert any(line.startswith("11.") and "Laboratory results" in line for line in page)


def test_letters_read_as_a_physician_sends_them(bundles: dict[str, Path]) -> None:
    bundle = bundles["fda/single-patient"]
    request = run("pdftotext", str(next(bundle.glob("*-manufacturer-request.pdf"))), "-")
    assert "Dear Dana Whitcombe:" in request
    assert "Dana Whitcombe, PharmD\nDirector, Medical Affairs - Expanded Access\n" in request
    assert "4100 Larkspur Avenue\nLakemont, OH 43299" in request  # where the drug ships
    assert "I also ask for a Letter of Authorization" not in request  # the case holds it
    fda = _squash(run("pdftotext", str(next(bundle.glob("*-fda-submission.pdf"))), "-"))
    assert "for metastatic non-small cell lung cancer (adenocarcinoma)" in fda
    assert "for Metastatic" not in fda and ".;" not in fda
    assert "Current disease status: Progressive disease after three lines" in fda
    assert "Brain MRI 10/15/2026: no metastases. Performance status: ECOG 1" in fda
    assert "not recorded" not in fda and "Letter of Authorization: Letter" not in fda
