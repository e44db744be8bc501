"""Shared fixtures: a complete synthetic case as data, with small real upload files.

Test tiers: a test that starts another process (LibreOffice, the command line in a child
interpreter, pdftotext, qpdf), or runs for more than ten seconds, is marked ``slow``.
``make test-fast`` runs the others (``pytest -m "not slow"`` with
``ACCESSPACK_TESTS=fast``), and in that tier starting a process fails the test that does
it, naming it, so an unmarked slow test cannot hide in the fast tier.
"""

from __future__ import annotations

import copy
import importlib.util
import io
import json
import logging
import multiprocessing.util
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from docx import Document
from reportlab.pdfgen import canvas

import accesspack.batch
import accesspack.pdf.ocr_cache as ocr_cache
from accesspack import build, load_case
from accesspack.cli import main as cli_main
from accesspack.convert import Converter, FakeConverter, LibreOfficeServerConverter
from accesspack.convert.profile import PROFILE_ENV
from accesspack.languages import LABELS
from accesspack.model import Case, parse_case
from accesspack.pdf.font_substitutes import SUBSTITUTE_FAMILIES, face
from accesspack.pdf.fonts import register_font
from accesspack.routes import load_route
from accesspack.routes.registry import templates_root

ROOT = Path(__file__).resolve().parent.parent


# -- one OCR store for the session ---------------------------------------------------------

# Each scanned example upload is read by Tesseract once per session, not once per process
# (command-line children, batch and Dask workers inherit the variable): accesspack's
# opt-in on-disk store (accesspack.pdf.ocr_cache) in a folder of this session's, removed
# at its end. tests/pdf/test_ocr.py turns it off to test OCR itself.
_OCR_STORE_OWNED: Path | None = None
if not os.environ.get(ocr_cache.ENV):
    _OCR_STORE_OWNED = Path(tempfile.mkdtemp(prefix="accesspack-test-ocr-"))
    os.environ[ocr_cache.ENV] = str(_OCR_STORE_OWNED)


# The same for LibreOffice's set-up profile that new profiles copy
# (accesspack.convert.profile): the session's own, not the user's ~/.cache.
_LO_PROFILES_OWNED: Path | None = None
if not os.environ.get(PROFILE_ENV):
    _LO_PROFILES_OWNED = Path(tempfile.mkdtemp(prefix="accesspack-test-lo-profiles-"))
    os.environ[PROFILE_ENV] = str(_LO_PROFILES_OWNED)


def pytest_unconfigure(config: pytest.Config) -> None:
    for owned in (_OCR_STORE_OWNED, _LO_PROFILES_OWNED):
        if owned is not None:
            shutil.rmtree(owned, ignore_errors=True)


# -- the fast tier: no process may start ---------------------------------------------------

_FAST = os.environ.get("ACCESSPACK_TESTS") == "fast"


def _refuse(name: str) -> Callable[..., Any]:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(
            f"this test starts a process ({name}) in the fast tier: mark it "
            "@pytest.mark.slow (or give it a fixture that needs none)")
    return refuse


def pytest_sessionstart(session: pytest.Session) -> None:
    """In the fast tier, ask fontconfig for the packets' fonts once, before any test: a
    test that draws a page looks its font up (``fc-match``, a process) on first use, so
    which test started it would depend on the order the tests run in. The same for the
    faces a packet copy embeds in place of an upload's unembedded fonts."""
    if _FAST:
        for labels in LABELS.values():
            for style in dict.fromkeys(("Regular", labels.bold_style)):
                register_font(labels.font_family, style)
        for family in SUBSTITUTE_FAMILIES:
            for style in ("Regular", "Bold", "Italic", "Bold Italic"):
                face(family, style)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """In the fast tier, starting a process fails the test (see the module docstring)."""
    if not _FAST:
        yield
        return
    saved = (subprocess.Popen._execute_child,  # type: ignore[attr-defined]
             multiprocessing.util.spawnv_passfds, os.fork)
    subprocess.Popen._execute_child = _refuse("subprocess")  # type: ignore[attr-defined]
    multiprocessing.util.spawnv_passfds = _refuse("multiprocessing")
    os.fork = _refuse("fork")
    try:
        yield
    finally:
        (subprocess.Popen._execute_child,  # type: ignore[attr-defined]
         multiprocessing.util.spawnv_passfds, os.fork) = saved

#: The longest modules (``make test`` runs them on two workers, a module on one worker:
#: ``pytest -n 2 --dist loadscope``), run first so that no worker is left alone with one
#: of them at the end; the others keep their order.
LONGEST_FIRST = ["tests/test_batch.py", "tests/model/test_properties.py",
                 "tests/templates/nmpa/test_routes.py", "tests/convert/test_server.py",
                 "tests/test_bundle_faults.py", "tests/templates/test_citations.py"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        path = item.path.relative_to(ROOT).as_posix()
        return LONGEST_FIRST.index(path) if path in LONGEST_FIRST else len(LONGEST_FIRST)
    items.sort(key=rank)  # stable: the order within a module, and of the others, stays


EXAMPLES = ROOT / "examples"
FULL_NAME = "Quillon Vantabrook-Esperanza"  # distinctive: tests search outputs for it


#: pdf_copy's note on a PDF drawn in reportlab's Helvetica (which reportlab never embeds)
HELVETICA_EMBEDDED = ("embedded Liberation Sans, metric-compatible with the unembedded "
                      "Helvetica; text and layout unchanged")


def docs_routes() -> Any:
    """scripts/docs_routes.py as a module (its mkdocs entry point is not run)."""
    spec = importlib.util.spec_from_file_location("docs_routes",
                                                  ROOT / "scripts" / "docs_routes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_pdf(path: Path, pages: int, label: str, *, font: str | None = None) -> Path:
    """A small PDF; in reportlab's Helvetica, which is never embedded, unless ``font``
    names a registered (embedded) TrueType font."""
    c = canvas.Canvas(str(path), invariant=1, **({"initialFontName": font} if font else {}))
    for i in range(pages):
        c.drawString(72, 720, f"{label} page {i + 1}")
        c.showPage()
    c.save()
    return path


BASE: dict[str, Any] = {
    "case_id": "TEST-0001",
    "prepared_on": "2026-11-20",
    "patient": {
        "initials": "QVE",
        "full_name": FULL_NAME,
        "date_of_birth": "1961-03-14",
        "sex": "female",
        "weight_kg": 61.5,
        "height_cm": 166,
        "allergies": ["penicillin (rash)"],
        "ethnicity": "not_hispanic_or_latino",
        "race": ["white"],
        "address": {"line1": "12 Elm Street", "city": "Springfield", "region": "IL",
                    "postal_code": "62701", "country": "US"},
    },
    "diagnosis": {
        "primary_cancer": "Lung adenocarcinoma",
        "icd10": "C34.1",
        "histology": "Adenocarcinoma, acinar predominant",
        "grade": "G2",
        "stage": {"t": "T2a", "n": "N2", "m": "M1c", "ajcc_edition": 8, "overall": "IVB"},
        "diagnosed_on": "2024-02-10",
        "metastatic_sites": ["bone", "liver"],
        "disease_status": "Progressive disease after third line",
        "performance_status": {"scale": "ECOG", "value": 1, "assessed_on": "2026-11-10"},
    },
    "biomarkers": [
        {"marker": "EGFR", "result": "p.A767_V769dup (exon 20 insertion)", "method": "NGS",
         "reported_on": "2024-03-01", "source": "ngs"},
    ],
    "prior_treatments": [
        {"line": 1, "setting": "metastatic", "regimen": "Carboplatin + pemetrexed",
         "agents": ["carboplatin", "pemetrexed"], "started_on": "2024-03-10",
         "ended_on": "2024-09-01", "best_response": "PR", "reason_stopped": "Progression"},
    ],
    "request": {
        "justification": {
            "no_satisfactory_alternative": "All approved options exhausted.",
            "trials_screened": [{"nct": "NCT05000001", "reason_not_eligible": "Prior exon 20 TKI"}],
            "benefit_risk": "Expected benefit outweighs risk.",
            "physician_risk_determination": True,
        },
        "request_alternative_irb_review": True,
    },
    "physician": {
        "name": "Dr. Amara Test", "degrees": ["MD"], "specialty": "Medical oncology",
        "medical_school": "Test University School of Medicine", "graduation_year": 2001,
        "licence": {"number": "A123456", "jurisdiction": "IL"}, "job_title": "Attending",
        "address": {"line1": "1 Hospital Way", "city": "Springfield", "region": "IL",
                    "postal_code": "62702", "country": "US"},
        "email": "amara.test@example.org", "phone": "217-555-0100",
    },
    "institution": {
        "name": "Springfield Cancer Center",
        "address": {"line1": "1 Hospital Way", "city": "Springfield", "region": "IL",
                    "postal_code": "62702", "country": "US"},
        "irb": {"name": "Springfield IRB", "registration": "IRB00009999"},
    },
    "product": {
        "name": "testinib", "code": "TX-1",
        "manufacturer": {"name": "Testco Oncology, Inc.", "email": "ea@testco.example"},
        "reference_application": "IND 999999", "review_centre": "CDER",
    },
    "treatment_plan": {
        "dose": "160 mg", "route": "oral", "schedule": "once daily",
        "planned_duration": "until progression", "monitoring": "CBC and LFTs every 2 weeks",
        "dose_modifications": "Reduce to 120 mg for grade 3 toxicity",
        "stopping_rules": "Progression or unacceptable toxicity",
        "quantity_requested": "30 tablets",
    },
    "attachments": [
        {"kind": "letter_of_authorization", "path": "loa.pdf", "title": "LOA from Testco"},
        {"kind": "cv", "path": "cv.pdf", "title": "Physician CV"},
        {"id": "ngs", "kind": "biomarker_report", "path": "ngs.pdf", "title": "NGS report",
         "dated": "2024-03-01"},
        {"kind": "consent_form", "path": "consent.pdf", "title": "Consent form"},
    ],
}


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    d = tmp_path / "case"
    d.mkdir()
    # what the build checks them for (accesspack.upload_checks): the LOA names the product,
    # the IND and the physician; the NGS report shows its date
    make_pdf(d / "loa.pdf", 1, "LOA: testinib (TX-1), IND 999999, Dr. Amara Test")
    make_pdf(d / "cv.pdf", 2, "CV")
    make_pdf(d / "ngs.pdf", 3, "NGS report 03/01/2024")
    make_pdf(d / "consent.pdf", 2, "Consent")
    return d


@pytest.fixture
def case_data() -> dict[str, Any]:
    return copy.deepcopy(BASE)


@pytest.fixture
def case(case_data: dict[str, Any], case_dir: Path) -> Case:
    return parse_case(case_data, base_dir=case_dir)


@pytest.fixture
def route_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the templates folder, used for every route (``ACCESSPACK_TEMPLATES``)."""
    tree = tmp_path / "templates"
    shutil.copytree(templates_root(), tree)
    monkeypatch.setenv("ACCESSPACK_TEMPLATES", str(tree))
    return tree


def append_paragraph(docx: Path, text: str) -> int:
    """Add a paragraph at the end of ``docx``; return its number (as messages count)."""
    doc = Document(str(docx))
    doc.add_paragraph().add_run(text)
    doc.save(str(docx))
    return len(doc.element.body.findall(".//{*}p"))


def run(*cmd: str) -> str:
    """Run an independent checker (pdftotext, pdffonts, qpdf) and return its stdout."""
    assert shutil.which(cmd[0]), f"{cmd[0]} is not installed (make test installs it)"
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


# -- helpers the end-to-end test modules share ------------------------------------------


def cli_process(*args: str) -> subprocess.CompletedProcess[str]:
    """``accesspack ARGS`` in a fresh interpreter, as a user runs it (never raises): for
    tests of the interpreter itself (the entry point, ``-v`` logging to stderr, signals)."""
    return subprocess.run([sys.executable, "-m", "accesspack", *args],
                          capture_output=True, text=True, check=False, cwd=ROOT)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``accesspack ARGS`` through :func:`accesspack.cli.main` in this process, from the
    project's folder (never raises): its exit status (argparse's too) and what it wrote on
    stdout and stderr. A build converts with the session's warm LibreOffice (the same
    bytes as a cold one). ``-v`` logging goes to pytest's log capture, not to stderr: a
    test of what ``-v`` prints uses :func:`cli_process`."""
    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        with redirect_stdout(out), redirect_stderr(err), \
                mock.patch("accesspack.bundle.default_converter", warm_converter):
            try:
                code = cli_main(list(args))
            except SystemExit as exc:  # argparse: --version, --help, a usage error
                code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 2
                if isinstance(exc.code, str):
                    err.write(exc.code)
    finally:
        os.chdir(here)
        logging.captureWarnings(False)
    return subprocess.CompletedProcess(["accesspack", *args], code, out.getvalue(),
                                       err.getvalue())


_WARM: list[Converter] = []


def warm_converter() -> Converter:
    """One LibreOffice kept running for the whole session (started on first use, closed
    when the session ends): what a batch worker uses, and it writes the same bytes. One
    instance: the suite's two workers already keep both cores busy."""
    if not _WARM:
        _WARM.append(LibreOfficeServerConverter(instances=1))
    return _WARM[0]


def close_warm_converter() -> None:
    """Stop the warm LibreOffice, if one was started."""
    while _WARM:
        _WARM.pop().close()


def pytest_sessionfinish(session: pytest.Session) -> None:
    close_warm_converter()


def use_fake_batch_converter() -> None:
    """In a batch worker process: convert with a FakeConverter, not LibreOffice (an
    initializer of the worker pool a test hands to :func:`accesspack.build_many`)."""
    accesspack.batch._CONVERTER = FakeConverter()


def build_cli(case: Path, route: str, out: Path, *extra: str,
              converter: Converter | None = None) -> Path:
    """What ``accesspack build CASE --route ROUTE --out OUT [--option K=V] [--draft]``
    builds, through the API in this process with the session's warm LibreOffice (the same
    bytes as the command line; the command line itself is tested where it is under test).
    The test fails with the error if the build fails."""
    options: dict[str, str] = {}
    args = list(extra)
    draft = "--draft" in args
    while "--option" in args:
        at = args.index("--option")
        key, _, value = args[at + 1].partition("=")
        options[key] = value
        del args[at:at + 2]
    assert args in ([], ["--draft"]), f"build_cli does not know {args}"
    build(load_case(case), route, out, draft=draft, options=options or None,
          converter=converter or warm_converter())
    return out


class BuildCache:
    """Bundles built once per test session: ``cache(CASE, ROUTE, *extra)`` is
    :func:`build_cli`'s bundle of ``CASE`` (a file no test changes: an example or a
    tests/cases file) on ``ROUTE`` with ``extra`` (``--option K=V``, ``--draft``), built on
    first use into ``ROOT/<n>/<name>`` (``name``: the bundle folder's name, by default the
    route's id with ``-`` for ``/``). A test reads a cached bundle and never changes it:
    one that needs to change a bundle builds its own.

    Every bundle has the bytes ``accesspack build`` gives (make demo's): a route in Chinese
    is built with a LibreOffice started for that build alone, the others with the warm
    one. LibreOffice numbers the Type 1 fonts it writes (the CJK fonts: ``/UniqueID
    4100000 + n``, n counted per LibreOffice process), so a warm LibreOffice that has
    already written one writes the next Chinese bundle with other bytes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.bundles: dict[tuple[str, str, tuple[str, ...]], Path] = {}

    def __call__(self, case: Path, route: str, *extra: str, name: str | None = None) -> Path:
        key = (str(Path(case).resolve()), route, extra)
        if key not in self.bundles:
            out = self.root / f"{len(self.bundles):03d}" / (name or route.replace("/", "-"))
            if load_route(route).language.startswith("zh"):
                with LibreOfficeServerConverter() as fresh:
                    self.bundles[key] = build_cli(Path(case), route, out, *extra,
                                                  converter=fresh)
            else:
                self.bundles[key] = build_cli(Path(case), route, out, *extra)
        return self.bundles[key]


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildCache:
    """The session's :class:`BuildCache` of example bundles."""
    return BuildCache(tmp_path_factory.mktemp("built"))


def validate_cli(case: Path, route: str) -> dict[str, Any]:
    """The ledger ``accesspack validate --format json`` prints for ``case`` on ``route``."""
    res = cli("validate", str(case), "--route", route, "--format", "json")
    assert res.stdout, res.stderr
    data: dict[str, Any] = json.loads(res.stdout)
    return data


def example_data(case_file: Path) -> dict[str, Any]:
    """An example case file as data, its attachment paths made absolute (a copy written
    anywhere else still finds its uploads)."""
    data: dict[str, Any] = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    for att in data.get("attachments", []):
        att["path"] = str((case_file.parent / att["path"]).resolve())
    return data


def write_case(data: dict[str, Any], folder: Path) -> Path:
    """``data`` written as ``folder/case.yaml`` (the folder is made)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "case.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def example_copy(case_file: Path, folder: Path, change: Any = None) -> Path:
    """The example ``case_file`` with ``change(data)`` applied, as ``folder/case.yaml``."""
    data = example_data(case_file)
    if change is not None:
        change(data)
    return write_case(data, folder)


def manifest(bundle: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((bundle / "manifest.json").read_text())
    return data


def parts_of(bundle: Path) -> tuple[Path, list[dict[str, Any]]]:
    """The one packet of ``bundle`` and its parts (for routes with a single packet)."""
    (packet,) = manifest(bundle)["packets"]
    return bundle / packet["file"], packet["parts"]


def squash(text: str) -> str:
    """``text`` with every run of white space made one space."""
    return " ".join(text.split())


def text_of(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    """poppler's pdftotext of ``pdf`` (or of pages ``first``-``last``), squashed."""
    pages = [] if first is None else ["-f", str(first), "-l", str(last)]
    return squash(run("pdftotext", *pages, str(pdf), "-"))


def generated_text(bundle: Path) -> dict[str, str]:
    """python-docx's text of every generated document (paragraphs and table cells)."""
    out = {}
    for path in sorted((bundle / "documents").glob("*.docx")):
        d = Document(str(path))
        cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
        out[path.name] = "\n".join([p.text for p in d.paragraphs] + cells)
    return out
