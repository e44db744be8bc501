"""The documentation site builds with warnings as errors, and its generated pages are right.

One ``mkdocs build --strict`` (the command of ``make docs``) per session; a second build
with a changed route file proves the route pages come from the route files.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

import accesspack
from accesspack.routes import Route
from tests.conftest import docs_routes

# every test here builds a bundle with LibreOffice, or reads one built so
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
GUIDES = ["write-a-case", "build-for-each-regulator", "add-a-country",
          "edit-a-template-in-word", "batch-on-dask", "read-the-ledger", "fhir-import",
          "notebooks"]
QUIET = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def mkdocs_build(site: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, **QUIET, **env},
    )


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def page_text(path: Path) -> str:
    """The visible text of a built page, whitespace collapsed."""
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.parts).split())


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    proc = mkdocs_build(out)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    assert "WARNING" not in log, log
    return out


def route_page(site: Path, route: Route) -> Path:
    return site / "routes" / route.id / "index.html"


def test_build_is_strict_and_clean(site: Path) -> None:
    assert (site / "index.html").is_file()
    assert (site / "routes" / "index.html").is_file()


def test_every_route_has_a_page_with_its_parts(site: Path) -> None:
    routes = accesspack.list_routes()
    assert routes
    index = page_text(site / "routes" / "index.html")
    for route in routes:
        page = route_page(site, route)
        assert page.is_file(), route.id
        text = page_text(page)
        assert route.id in index
        assert flat(route.title) in text, route.id
        for packet in route.spec.packets:
            for part in packet.parts:
                titles = [part.title] if isinstance(part.title, str) else part.title.values()
                for title in titles:
                    assert flat(title) in text, (route.id, part.id, title)


def _cited_keys(route: Route) -> set[str | None]:
    """The citation keys a route file names directly (a subset of what the page lists)."""
    spec = route.spec
    keys: set[str | None] = {spec.citation}
    keys |= {r.citation for r in spec.applies_when + spec.eligibility}
    keys |= {p.citation for pk in spec.packets for p in pk.parts}
    keys |= {d.citation for d in spec.deadlines} | {a.citation for a in spec.actions}
    keys |= {n.citation for n in spec.notices}
    return keys


def test_route_pages_list_what_is_unverified(site: Path) -> None:
    seen_unverified = seen_verified = seen_confirmed = 0
    for route in accesspack.list_routes():
        raw = route_page(site, route).read_text(encoding="utf-8")
        text = page_text(route_page(site, route))
        assert 'id="unverified-facts"' in raw, route.id
        unverified_part = text[text.index("Nothing below is confirmed"):]
        for key in sorted(k for k in _cited_keys(route) if k is not None):
            cite = route.citations[key]
            if not cite.verified:
                seen_unverified += 1
                assert key in unverified_part, (route.id, key)
                assert flat(cite.text) in unverified_part, (route.id, key)
        for fact in route.spec.facts:
            if fact.status != "C":
                assert flat(fact.text) in unverified_part, (route.id, fact.text)
        for key, contact in route.regulator.contacts.items():
            assert flat(contact.name) in text, (route.id, key)
            if not contact.verified:
                assert flat(contact.name) in unverified_part, (route.id, key)
        # and nothing confirmed is listed there (unless its text is part of what is)
        listed = [flat(route.citations[k].text) for k in route.citations
                  if not route.citations[k].verified]
        listed += [flat(f.text) for f in route.spec.facts if f.status != "C"]
        listed += [flat(route.citations[f.citation].text) for f in route.spec.facts
                   if f.status != "C" and f.citation]  # the official source to check it in
        for key in sorted(k for k in _cited_keys(route) if k is not None):
            cite = route.citations[key]
            if cite.verified and not any(flat(cite.text) in t for t in listed):
                seen_verified += 1
                assert flat(cite.text) not in unverified_part, (route.id, key)
        for fact in route.spec.facts:
            if fact.status == "C" and not any(flat(fact.text) in t for t in listed):
                seen_confirmed += 1
                assert flat(fact.text) not in unverified_part, (route.id, fact.text)
    assert seen_unverified > 0  # the shipped routes do cite unverified sources
    assert seen_verified > 0 and seen_confirmed > 0  # ...and verified and confirmed ones


def _table_rows(lines: list[str]) -> int:
    """The body rows of the Markdown tables in ``lines`` (not their heads)."""
    return sum(1 for i, line in enumerate(lines) if line.startswith("| ")
               and not (i + 1 < len(lines) and lines[i + 1].startswith("|---")))


def test_route_pages_list_their_sources_with_dates(site: Path) -> None:
    """Each route page has a Sources table: every official source the route cites, with its
    date or edition where it has one, and the research-note key (shown here only)."""
    dated = 0
    for route in accesspack.list_routes():
        text = page_text(route_page(site, route))
        assert "Sources" in text and "Date or edition" in text, route.id
        start = text.index("Date or edition")
        sources = text[start:text.index("Facts the route relies on", start)]
        for key in sorted(k for k in _cited_keys(route) if k is not None):
            cite = route.citations[key]
            assert flat(cite.text) in sources, (route.id, key)
            assert flat(cite.source) in sources, (route.id, key)
            if cite.date:
                dated += 1
                assert flat(cite.date) in sources, (route.id, key)
        for fact in route.spec.facts:  # a fact names the official source to check it in
            if fact.citation:
                assert flat(route.citations[fact.citation].text) in text, (route.id, fact.text)
    assert dated > 50  # the shipped routes date their sources


def test_index_counts_the_rows_of_each_unverified_section() -> None:
    docs = docs_routes()
    routes = accesspack.list_routes()
    index = docs.index_page(routes).splitlines()
    with_form = 0
    for route in routes:
        (line,) = [x for x in index if x.startswith(f"| [`{route.id}`]")]
        count = int(line.rstrip(" |").rsplit("|", 1)[1])
        page = docs.route_page(route)
        section = page[page.index(f"## {docs.UNVERIFIED_HEADING}"):].splitlines()
        assert count == _table_rows(section), route.id
        if route.spec.form:
            form = page[page.index("editions and items not confirmed"):].splitlines()
            with_form += _table_rows(form) > 0
    assert with_form > 0  # form items are counted too


def test_api_reference_has_every_public_name(site: Path) -> None:
    raw = (site / "reference" / "api" / "index.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'id="([^"]+)"', raw))
    missing = [name for name in accesspack.__all__ if f"accesspack.{name}" not in ids]
    assert not missing, missing
    text = html.unescape(raw)
    # the exception tree drawn in errors.py's docstring
    assert "AccesspackError" in text and "├── CaseError" in text


def test_guides_are_built_and_make_docs_is_strict(site: Path) -> None:
    for guide in GUIDES:
        assert (site / "guides" / guide / "index.html").is_file(), guide
    assert (site / "reliability" / "index.html").is_file()
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^docs:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert recipe, "Makefile has no docs target"
    assert "mkdocs build --strict" in recipe.group(1)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "scripts/docs_routes.py" in config


def test_route_pages_follow_the_route_files(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    path = templates / "fda" / "single-patient.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    old = data["title"]
    new = "Drift check, a title only this test writes"
    text = path.read_text(encoding="utf-8")
    assert text.count(f"title: {old}") == 1
    path.write_text(text.replace(f"title: {old}", f"title: {new}"), encoding="utf-8")
    site = tmp_path / "site"
    proc = mkdocs_build(site, ACCESSPACK_TEMPLATES=str(templates))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = page_text(site / "routes" / "fda" / "single-patient" / "index.html")
    assert new in page
    assert old not in page
    assert new in page_text(site / "routes" / "index.html")
