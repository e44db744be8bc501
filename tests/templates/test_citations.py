"""Citations name the law, never our notes (issue 15), in every output of every example.

A reader of a packet, a ledger (text, Markdown, HTML, JSON), a preflight report or an error
sees the official source (statute, regulation, form edition, dated guidance), and a fact
no official text confirmed says so in words. Our research notes (``regulators.md``), their
source keys (``F11``, ``C1``) and confidence tags (``[U]``) stay in the route data and on
the docs' route pages. Also: route files that break this are refused when loaded, and the
preflight profiles (the FDA's rules are the FDA's).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

import accesspack
from accesspack import RouteError, load_case, validate
from accesspack.display import md_cell
from accesspack.pdf.preflight import CHECK_IDS, PROFILES, preflight
from accesspack.routes import list_routes
from accesspack.routes.spec import internal_reference
from tests.conftest import ROOT, BuildCache, cli

# every test here builds a bundle with LibreOffice, or reads one built so
pytestmark = pytest.mark.slow

#: Every example case and the route (and options) `make demo` builds it on.
EXAMPLES: list[tuple[str, str, dict[str, str]]] = [
    ("fda-single-patient", "fda/single-patient", {}),
    ("fda-emergency", "fda/emergency", {}),
    ("fda-follow-up", "fda/follow-up", {}),
    ("ema-fr-aac", "ema/fr-aac", {}),
    ("ema-it-uso-nominale", "ema/it-uso-nominale", {}),
    ("ema-es-uso-compasivo", "ema/es-uso-compasivo", {}),
    ("ema-de-heilversuch", "ema/de-heilversuch", {}),
    ("ema-cup-enrolment", "ema/cup-enrolment", {}),
    ("cdsco-hospital-import", "cdsco/hospital-import", {}),
    ("cdsco-personal-import", "cdsco/personal-import", {}),
    ("nmpa-expanded-trial", "nmpa/expanded-trial", {}),
    ("nmpa-hainan-boao", "nmpa/hainan-boao", {}),
    ("nmpa-gba", "nmpa/gba", {}),
    ("nmpa-temporary-import", "nmpa/temporary-import", {}),
]

#: Our notes' files and wording, and their confidence tags, anywhere in an output.
NOTES = re.compile(r"regulators\.md|jurisdictions-next\.md|peers\.md|accesspack reference|"
                   r"\[[CPU]\]|\[[CPU] [A-Z]\d|\(unverified\)|\bstatus [PU]\b", re.I)
#: A note's source key where a citation stands (an ICD-10 code such as C34 may be text).
KEY = re.compile(r"(?<![\w.-])[FECIXT]\d{1,2}(?![\w.])")


def notes_in(text: str) -> list[str]:
    return sorted({m.group(0) for m in NOTES.finditer(text)})


def keys_in_citation(citation: str | None) -> list[str]:
    return [] if not citation else [m.group(0) for m in KEY.finditer(citation)]


# -- the guard in the loader ----------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "21 CFR 312.310(b)(3)", "Form FDA 3926 (08/22)", "Regulation (EC) No 726/2004, Art. 83",
    "Food and Drug Regulations C.08.010", "RD 1015/2009, art. 8.3", "SGB V § 2 Abs. 1a",
    "药品管理法 第二十三条", "Drugs Rules, 1945, rule 36 (Form 12A)",
])
def test_official_citations_pass_the_guard(text: str) -> None:
    assert internal_reference(text, citation=True) is None


@pytest.mark.parametrize("text", [
    "regulators.md §1.3", "FDA physician's guide (F5, F6)", "CSP L.5121-12-1 [C E30]",
    "the accesspack reference", "believed [U]", "see C31",
])
def test_our_notes_are_caught(text: str) -> None:
    assert internal_reference(text, citation=True) is not None


def test_a_route_citing_our_notes_is_refused(route_copy: Path) -> None:
    """A citation text with a note's key, or a fact with a confidence tag, stops the route
    from loading; the message says which and what to do."""
    path = route_copy / "fda" / "single-patient.yaml"
    original = path.read_text(encoding="utf-8")
    data = yaml.safe_load(original)
    data["citations"] = {"bad": {"text": "21 CFR 312.310 (F7)", "source": "F7",
                                 "verified": True}}
    data["facts"].append({"text": "Something believed [U]", "status": "U", "source": "F1"})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RouteError) as info:
        accesspack.load_route("fda/single-patient")
    message = str(info.value)
    assert "citation bad shows 'F7'" in message and "cite the official source" in message
    assert "fact" in message and "'[U]'" in message and "not confirmed" in message


def test_every_shipped_route_cites_the_law() -> None:
    """Read with this module's own patterns (not the loader's guard): no citation of a
    shipped route shows a note's key, file or tag, no message, question, title, notice or
    fact shows a file or tag, and every fact with an official source names one the route
    has."""
    for route in list_routes():
        for key, cite in route.citations.items():
            assert not notes_in(cite.text) and not keys_in_citation(cite.text), (route.id, key)
        spec = route.spec
        texts = [spec.title, spec.summary, *(f.text for f in spec.facts),
                 *(n.text for n in spec.notices), *(a.title for a in spec.actions),
                 *(a.question for a in spec.actions), *(d.title for d in spec.deadlines),
                 *(r.message for r in spec.applies_when + spec.eligibility),
                 *(r.question or "" for r in spec.applies_when + spec.eligibility),
                 *(f.question for f in route.fields.values())]
        for text in texts:
            assert not notes_in(text), (route.id, text[:80])
        for fact in spec.facts:
            assert fact.citation is None or fact.citation in route.citations, (route.id, fact)
    # the guard agrees with these patterns on what it refuses
    assert internal_reference("believed [U]") and internal_reference("E30", citation=True)


# -- ledgers: every view of every example, without building ---------------------------------


def _views(ledger: accesspack.Ledger) -> dict[str, str]:
    return {"text": ledger.to_text(), "markdown": ledger.to_markdown(),
            "html": ledger._repr_html_(), "json": ledger.to_json()}


@pytest.mark.parametrize(("name", "route", "options"), EXAMPLES,
                         ids=[e[0] for e in EXAMPLES])
def test_ledger_views_cite_the_law_and_say_unverified_in_words(
        name: str, route: str, options: dict[str, str]) -> None:
    ledger = validate(load_case(ROOT / "examples" / name / "case.yaml"), route,
                      options=options)
    for view, text in _views(ledger).items():
        assert not notes_in(text), (name, view, notes_in(text))
    for row in ledger.rows:
        assert not keys_in_citation(row.citation), (name, row.id, row.citation)
    markdown, text = ledger.to_markdown(), ledger.to_text()
    words = "(not confirmed against the official text; check it before signing)"
    for row in ledger.rows:
        if row.verified is False and row.citation:
            assert md_cell(f"{row.citation} {words}") in markdown, (name, row.id)
            if row.status not in ("complete", "not_applicable"):
                assert f"{row.citation} {words}" in text, (name, row.id)
    facts = [r for r in ledger.rows if r.category == "fact"]
    assert facts, name  # every route relies on something not yet confirmed
    for row in facts:  # the fact is unconfirmed, in words; its source keeps its own flag
        assert row.status == "to_verify" and not row.blocking, (name, row.id)
        question = row.question or ""
        assert ("Not confirmed against the official" in question if row.citation
                else "No official text found confirms it" in question), (name, row.id)


# -- whole bundles: packets, ledgers and preflight reports ----------------------------------


@pytest.fixture(scope="module")
def bundles(built: BuildCache) -> dict[str, Path]:
    """Every example (all ready: tests/examples/test_ready.py) from the session's builds."""
    return {name: built(ROOT / "examples" / name / "case.yaml", route,
                        *(a for k, v in options.items() for a in ("--option", f"{k}={v}")))
            for name, route, options in EXAMPLES}


def _packet_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.mark.parametrize("name", [e[0] for e in EXAMPLES])
def test_no_packet_ledger_or_preflight_report_names_our_notes(
        bundles: dict[str, Path], name: str) -> None:
    bundle = bundles[name]
    for pdf in sorted(bundle.glob("*.pdf")):
        found = notes_in(_packet_text(pdf))
        assert not found, (pdf.name, found)
    for file in ("ledger.md", "ledger.json", "preflight.json"):
        text = (bundle / file).read_text(encoding="utf-8")
        assert not notes_in(text), (name, file, notes_in(text))
    for row in json.loads((bundle / "ledger.json").read_text(encoding="utf-8"))["rows"]:
        assert not keys_in_citation(row["citation"]), (name, row["id"], row["citation"])


@pytest.mark.parametrize("name", [e[0] for e in EXAMPLES])
def test_preflight_follows_the_regulator(bundles: dict[str, Path], name: str) -> None:
    """FDA packets get the FDA's twelve checks and cite the FDA's PDF specifications; the
    others get the generic profile, whose findings neither cite nor name the FDA."""
    bundle = bundles[name]
    reports: dict[str, Any] = json.loads((bundle / "preflight.json").read_text("utf-8"))
    rows = [r for r in json.loads((bundle / "ledger.json").read_text("utf-8"))["rows"]
            if r["category"] == "preflight"]
    assert rows and reports
    fda = name.startswith("fda-")
    for report in reports.values():
        assert report["profile"] == ("fda-pdf-specifications" if fda else "generic")
        ids = [c["id"] for c in report["checks"]]
        assert ids == (list(CHECK_IDS) if fda else [c for c in CHECK_IDS if c != "version"])
        if not fda:
            assert "FDA" not in json.dumps(report), name
    for row in rows:
        if fda:
            assert row["citation"] and "FDA" in row["citation"], row
        else:
            assert row["citation"] is None and "FDA" not in json.dumps(row), row


def test_generic_findings_name_no_authority(tmp_path: Path) -> None:
    """The same hostile PDF: the FDA profile says the FDA forbids scripts and attachments;
    the generic one says what is wrong without naming anyone, and only warns of
    attachments and annotations."""
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(612, 792))
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)")
    pdf.attachments["x.txt"] = pikepdf.AttachedFileSpec(pdf, b"x")
    path = tmp_path / "hostile.pdf"
    pdf.save(path, min_version="2.0")
    fda = preflight(path)
    generic = preflight(path, profile="generic")
    assert "the FDA forbids scripts" in fda.check("javascript").detail
    assert fda.check("embedded_files").status == "fail"
    assert fda.check("version").status == "fail"
    assert "FDA" not in generic.to_json() and "FDA" not in generic.to_markdown()
    assert generic.check("javascript").status == "fail"
    assert generic.check("embedded_files").status == "warn"
    with pytest.raises(KeyError):
        generic.check("version")
    assert set(PROFILES) == {"fda-pdf-specifications", "generic"}
    res = cli("preflight", str(path), "--profile", "generic")
    assert res.returncode == 1 and "FDA" not in res.stdout, res.stdout
    assert "checked against packet soundness" in res.stdout
    # an A4 page: the generic profile takes A4 (or Letter) unless told otherwise
    a4 = pikepdf.new()
    a4.add_blank_page(page_size=(595.28, 841.89))
    a4.save(tmp_path / "a4.pdf")
    checks = {c["id"]: c["status"] for c in json.loads(cli(
        "preflight", str(tmp_path / "a4.pdf"), "--profile", "generic", "--json").stdout
    )[0]["checks"]}
    assert checks["page_size"] == "pass"
    fda_checks = json.loads(cli("preflight", str(tmp_path / "a4.pdf"), "--json").stdout)
    assert {c["id"]: c["status"] for c in fda_checks[0]["checks"]}["page_size"] == "warn"


def test_a_new_country_gets_the_generic_preflight(tmp_path: Path) -> None:
    """`templates new-route` copies a regulator's facts, never its PDF rules: the FDA's
    profile is not the new country's."""
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    res = cli("templates", "new-route", "fda/single-patient", "xx/pilot",
              "--templates", str(templates))
    assert res.returncode == 0, res.stderr
    data = yaml.safe_load((templates / "xx" / "regulator.yaml").read_text("utf-8"))
    assert data["preflight"] == {"profile": "generic"}


def test_notes_only_under_routes_that_apply() -> None:
    """`accesspack routes CASE` gives a non-blocking note (a practice no official text
    states) only under a route that applies: an Italian case gets no advice about India."""
    res = cli("routes", str(ROOT / "examples" / "ema-it-uso-nominale" / "rare-tumour-phase1.yaml"))
    assert res.returncode == 0, res.stderr
    assert "does not apply" in res.stdout and "note (does not block)" not in res.stdout
    res = cli("routes", str(ROOT / "examples" / "cdsco-not-approved" / "case.yaml"))
    block = res.stdout.split("cdsco/personal-import: qualifies\n", 1)[1].split("\n", 1)[0]
    assert block.startswith("    note (does not block): ")
