"""Jupyter: the HTML views of a case, ledger, bundle, batch and preflight, the notebook
progress bar, and examples/quickstart.ipynb executed top to bottom in a real kernel."""

from __future__ import annotations

import base64
import copy
import dataclasses
import io
import json
import os
import re
import shutil
import sys
import time
import warnings
from datetime import date
from pathlib import Path
from typing import Any

import nbformat
import pytest
from IPython.lib.pretty import pretty
from nbclient import NotebookClient
from PIL import Image

import accesspack
from accesspack import display
from accesspack import progress as progress_mod
from accesspack.batch import BatchResult, CaseResult
from accesspack.bundle import Bundle
from accesspack.ledger import Ledger, LedgerRow
from accesspack.model import Case, parse_case
from accesspack.pdf.preflight import PreflightCheck, PreflightReport
from accesspack.pdf.preflight_profiles import CHECK_TITLES
from tests.conftest import BASE, EXAMPLES, FULL_NAME, make_pdf, manifest

NOTEBOOK = EXAMPLES / "quickstart.ipynb"
SCRIPT = "<script>alert('x')</script>"
ESCAPED = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"  # MarkupSafe's escaping
IMG = re.compile(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


# -- the notebook ---------------------------------------------------------------------------


def _html(cell: Any) -> str:
    out = []
    for o in cell.outputs:
        data = o.get("data", {})
        if "text/html" in data:
            out.append(data["text/html"])
    return "".join(out)


def _cell(nb: Any, needle: str) -> Any:
    (found,) = [c for c in nb.cells if c.cell_type == "code" and needle in c.source]
    return found


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path, float]:
    """The quickstart notebook run in a python3 kernel from examples/, bundles in tmp."""
    out = tmp_path_factory.mktemp("quickstart") / "out"
    nb = nbformat.read(NOTEBOOK, as_version=4)
    old = os.environ.get("ACCESSPACK_QUICKSTART_OUT")
    os.environ["ACCESSPACK_QUICKSTART_OUT"] = str(out)  # the kernel inherits it
    started = time.monotonic()
    try:
        NotebookClient(nb, kernel_name="python3", timeout=600, allow_errors=False,
                       resources={"metadata": {"path": str(EXAMPLES)}}).execute()
    finally:
        if old is None:
            del os.environ["ACCESSPACK_QUICKSTART_OUT"]
        else:
            os.environ["ACCESSPACK_QUICKSTART_OUT"] = old
    return nb, out, time.monotonic() - started


def test_committed_notebook_has_no_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert len(code) >= 6
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.slow
def test_quickstart_runs_top_to_bottom(executed: tuple[Any, Path, float]) -> None:
    nb, out, seconds = executed
    print(f"quickstart.ipynb executed in {seconds:.1f} s")
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.execution_count is not None
            assert not [o for o in cell.outputs if o.output_type == "error"], cell.source
    # the bundles went where the environment said, from a notebook run in examples/
    assert (out / "fda-single-patient" / "manifest.json").is_file()
    assert {p.name for p in (out / "batch").iterdir()} >= {"QS-01", "QS-02"}


@pytest.mark.slow
def test_quickstart_shows_case_ledger_and_bundle(executed: tuple[Any, Path, float]) -> None:
    nb = executed[0]
    case_html = _html(_cell(nb, "load_case("))
    assert "EX-2026-0417" in case_html and "Biomarkers (7)" in case_html
    assert "EMO, 65 years, female" in case_html
    ledger_html = _html(_cell(nb, "validate("))
    assert "accesspack ledger" in ledger_html and "<table" in ledger_html
    assert "ready: nothing blocking is missing" in ledger_html
    bundle_html = _html(_cell(nb, "accesspack.build("))
    assert "EX-2026-0417-fda-submission.pdf" in bundle_html
    # every packet, its first three pages (or all of a shorter one)
    packets = manifest(executed[1] / "fda-single-patient")["packets"]
    assert len(packets) == 4
    assert len(IMG.findall(bundle_html)) == sum(min(3, p["pages"]) for p in packets)
    assert "accesspack ledger" in bundle_html
    preflight_html = _html(_cell(nb, "accesspack.preflight("))
    assert "Fonts embedded" in preflight_html
    for title in CHECK_TITLES.values():  # every check, by its exact title
        assert title in preflight_html, title
    fhir_html = _html(_cell(nb, "from_fhir("))
    assert "FHIR import" in fhir_html and "case valid; ready for fda/single-patient" in fhir_html
    assert "Observation/ecog-2026-11-12" in fhir_html and "(withheld)" in fhir_html
    verdicts = "".join(o.get("text", "") for o in _cell(nb, "route_verdicts").outputs)
    assert re.search(r"fda/single-patient\s+qualifies", verdicts)


@pytest.mark.slow
def test_quickstart_batch_shows_widget_bar(executed: tuple[Any, Path, float]) -> None:
    nb = executed[0]
    cell = _cell(nb, "build_many(")
    kinds = [k for o in cell.outputs for k in o.get("data", {})]
    assert "application/vnd.jupyter.widget-view+json" in kinds
    assert "2 built" in _html(cell)
    # the bar was closed after both cases: a finished, successful progress widget
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    bars = [m["state"] for m in state.values() if m["model_name"] == "FloatProgressModel"]
    assert [(b["value"], b["max"], b["bar_style"]) for b in bars] == [(2.0, 2.0, "success")]


@pytest.mark.slow
def test_quickstart_outputs_identify_nobody(executed: tuple[Any, Path, float]) -> None:
    """Notebooks get shared: no output holds the patient's name, birth date, address or
    an upload's file path (text/plain views included)."""
    text = json.dumps([c.get("outputs", []) for c in executed[0].cells])
    for secret in ("Evelyn", "Marsh-Okafor", "1961-03-14", "uploads/", "ngs-report.pdf"):
        assert secret not in text, secret


# -- Case ------------------------------------------------------------------------------------


def test_case_html_shows_initials_age_sex_only(case: Case, case_dir: Path) -> None:
    h = case._repr_html_()
    assert "QVE, 65 years, female" in h
    for secret in (FULL_NAME, "Vantabrook", "1961-03-14", "1961", "Elm Street", "62701",
                   str(case_dir), "loa.pdf", "ngs.pdf"):
        assert secret not in h, secret
    plain = pretty(case)  # what IPython stores as text/plain beside the HTML
    assert "TEST-0001" in plain and "QVE" in plain
    assert FULL_NAME not in plain and "1961" not in plain and str(case_dir) not in plain


def test_case_html_sections(case: Case) -> None:
    h = case._repr_html_()
    for expected in ("TEST-0001", "2026-11-20", "Lung adenocarcinoma", "C34.1",
                     "T2a N2 M1c; stage IVB; AJCC edition 8", "ECOG 1 (2026-11-10)",
                     "Biomarkers (1)", "p.A767_V769dup (exon 20 insertion)",
                     "Prior treatment lines (1)", "Carboplatin + pemetrexed", "Dr. Amara Test, MD",
                     "Springfield Cancer Center", "testinib (TX-1)", "Testco Oncology, Inc.",
                     "Attachments (4)", "biomarker report", "2024-03-01"):
        assert expected in h, expected
    assert h.count("<table") >= 6


def test_case_html_escapes_free_text(case_data: dict[str, Any], case_dir: Path) -> None:
    data = copy.deepcopy(case_data)
    data["diagnosis"]["disease_status"] = SCRIPT
    data["biomarkers"][0]["result"] = SCRIPT
    data["prior_treatments"][0]["regimen"] = {"en": SCRIPT}
    data["product"]["name"] = SCRIPT
    data["physician"]["specialty"] = "<b>bold</b> & co"
    h = parse_case(data, base_dir=case_dir)._repr_html_()
    assert "<script" not in h and "<b>bold" not in h
    assert h.count(ESCAPED) == 4
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in h


# -- Ledger ----------------------------------------------------------------------------------


def _row(status: str, item: str, **kw: Any) -> LedgerRow:
    return LedgerRow(id=f"x:{item}", category="field", item=item, status=status,  # type: ignore[arg-type]
                     blocking=kw.pop("blocking", False), **kw)


def test_ledger_html_groups_open_and_done_rows() -> None:
    ledger = Ledger(case_id="C-1", route="fda/single-patient", prepared_on=date(2026, 1, 5),
                    rows=(
        _row("complete", "form item 1 done", citation="21 CFR 312.310"),
        _row("to_verify", "fact to check", citation="21 CFR 56.104(c)", verified=False),
        _row("missing", "LOA " + SCRIPT, blocking=True, who="manufacturer",
             question="Ask for the letter", citation="Form 3926 item 7"),
        _row("scheduled", "30-day wait", due=date(2026, 2, 4), who="physician"),
        _row("awaiting", "IRB approval", who="IRB"),
        _row("not_applicable", "emergency part"),
        _row("info", "nothing is filed automatically"),
    ))
    h = ledger._repr_html_()
    assert "not ready: 1 blocking gap(s)" in h
    assert "4 open, 2 done or not needed" in h
    order = [h.index(x) for x in ("Missing (1)", "Awaiting a third party (1)",
                                  "Scheduled deadlines (1)", "To verify (1)", "Notes (1)",
                                  "Done or not needed (2)")]
    assert order == sorted(order)
    done_at = h.index("Done or not needed")
    assert h.index("form item 1 done") > done_at and h.index("emergency part") > done_at
    assert h.index("IRB approval") < done_at
    missing = h[h.index("Missing (1)"):h.index("Awaiting")]
    assert "blocking" in missing and "manufacturer" in missing and "Ask for the letter" in missing
    assert "Form 3926 item 7" in missing
    assert "2026-02-04" in h and ("21 CFR 56.104(c) (not confirmed against the official text; "
                                  "check it before signing)") in h
    assert "<script" not in h and ESCAPED in h


def test_ledger_html_ready(case: Case) -> None:
    h = accesspack.validate(case, "fda/single-patient")._repr_html_()
    assert "ready: nothing blocking is missing" in h and "not ready" not in h


# -- Bundle (one build for the module) -------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    d = tmp_path_factory.mktemp("bundle-case")
    for name, pages in (("loa", 1), ("cv", 2), ("ngs", 3), ("consent", 2)):
        make_pdf(d / f"{name}.pdf", pages, name)
    case = parse_case(copy.deepcopy(BASE), base_dir=d)
    return accesspack.build(case, "fda/single-patient", d.parent / "bundle-out")


@pytest.mark.slow
def test_bundle_html_thumbnails(built: Bundle) -> None:
    h = built._repr_html_()
    assert "fda/single-patient" in h and str(built.path) in h
    pages = {p["file"]: p["pages"] for p in built.manifest["packets"]}
    for path in built.packets.values():
        assert path.name in h
        assert f"{path.name} page 1" in h
    images = IMG.findall(h)
    assert len(images) == sum(min(3, n) for n in pages.values())
    for b64 in images:
        png = base64.b64decode(b64)
        with Image.open(io.BytesIO(png)) as im:
            assert im.format == "PNG" and im.width == display.THUMB_WIDTH
            # a Letter page: portrait, or landscape (the drug accountability log)
            long, short = max(im.size), min(im.size)
            assert abs(long / short - 11 / 8.5) < 0.05, im.size
        assert len(png) < 40_000
    assert "Preflight" in h and "accesspack ledger" in h
    assert "No thumbnails" not in h


@pytest.mark.slow
def test_bundle_html_caches_thumbnails(built: Bundle, monkeypatch: pytest.MonkeyPatch,
                                      tmp_path: Path) -> None:
    # a copy of the packets: changing a file's time must not leak into the other tests
    packets = {pid: Path(shutil.copy2(p, tmp_path / p.name)) for pid, p in built.packets.items()}
    built = dataclasses.replace(built, packets=packets)
    first = built._repr_html_()

    def no_run(*_a: Any, **_k: Any) -> None:
        raise OSError("pdftoppm must not run again")

    monkeypatch.setattr(display.subprocess, "run", no_run)
    assert built._repr_html_() == first  # every image came from the cache
    packet = next(iter(built.packets.values()))
    st = packet.stat()
    os.utime(packet, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # "changed"
    again = built._repr_html_()
    assert "No thumbnails: pdftoppm failed" in again
    assert len(IMG.findall(again)) == len(IMG.findall(first)) - 3


@pytest.mark.slow
def test_bundle_html_without_pdftoppm(built: Bundle, monkeypatch: pytest.MonkeyPatch,
                                      tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no pdftoppm
    h = built._repr_html_()
    assert "<img" not in h
    assert "No thumbnails: pdftoppm (poppler-utils) is not installed." in h
    for path in built.packets.values():
        assert path.name in h
    assert "accesspack ledger" in h


@pytest.mark.slow
def test_bundle_html_never_raises(built: Bundle, tmp_path: Path) -> None:
    broken = tmp_path / "not-a.pdf"
    broken.write_text("not a PDF")
    odd = dataclasses.replace(built, path=tmp_path, manifest={},
                              packets={"gone": tmp_path / "gone.pdf", "bad": broken})
    h = odd._repr_html_()
    assert "(file missing)" in h and "not-a.pdf" in h
    assert "No thumbnails:" in h and "pdftoppm failed" in h
    assert "preflight.json could not be read" in h


@pytest.mark.slow
def test_bundle_html_shows_its_own_build_not_the_folder(built: Bundle, tmp_path: Path) -> None:
    """The view shows what this Bundle holds: a later build into the same folder (here, a
    preflight.json of another case) or a deleted file changes nothing."""
    before = built._repr_html_()
    other = PreflightReport(file="OTHER-1-fda-submission.pdf", bytes=10, pages=1,
                            pdf_version="1.7", checks=(PreflightCheck(
                                id="links", title="SENTINEL check", status="fail",
                                detail="OTHER-1"),))
    (tmp_path / "preflight.json").write_text(json.dumps(
        {pid: other.as_data() for pid in built.packets}))
    moved = dataclasses.replace(built, path=tmp_path)
    h = moved._repr_html_()
    assert "SENTINEL" not in h and "OTHER-1" not in h
    assert "could not be read" not in h
    (tmp_path / "preflight.json").unlink()
    assert moved._repr_html_() == h
    assert h.replace(str(tmp_path), str(built.path)) == before
    # one row per packet, from the manifest's preflight results and the ledger's findings
    section = h[h.index(">Preflight<"):h.index("accesspack ledger")]
    for pid, passed in built.manifest["preflight"]["ok"].items():
        row = section[section.index(f">{pid}<"):]
        row = row[:row.index("</tr>")]
        findings = [r for r in built.ledger.rows if r.category == "preflight"
                    and pid in r.packets and r.status != "complete"]
        if not passed:
            assert ">failed<" in row, pid
        else:
            assert (">warnings<" if findings else ">ok<") in row, pid
        if findings:
            assert f"{len(findings)} finding(s)" in row, pid


@pytest.mark.slow
def test_plain_text_views_are_short(built: Bundle, tmp_path: Path) -> None:
    """What IPython stores as text/plain beside the HTML: not a 14,000-character repr."""
    line = pretty(built)
    assert "\n" not in line and len(line) < 300
    assert "TEST-0001" in line and "fda/single-patient" in line and str(built.path) in line
    assert f"{len(built.packets)} packet(s)" in line
    assert FULL_NAME not in line
    assert pretty(built.ledger) == built.ledger.to_text().rstrip("\n")
    result = BatchResult(route="fda/single-patient", out_dir=tmp_path, elapsed=1.0, results=[
        CaseResult(source="a.yaml", status="built", case_id="A", ready=True, pages=3)])
    assert pretty(result) == result.summary().rstrip("\n")
    assert pretty([built.ledger]).startswith("[Ledger for case TEST-0001")


@pytest.mark.slow
def test_preflight_html(built: Bundle) -> None:
    report = accesspack.preflight(built.packets["fda-submission"])
    h = report._repr_html_()
    assert built.packets["fda-submission"].name in h
    for check in report.checks:
        assert check.title in h
    assert h.count(">pass<") == sum(c.status == "pass" for c in report.checks)
    odd = PreflightReport(file="<x>.pdf", bytes=10, pages=1, pdf_version="1.7", checks=(
        PreflightCheck(id="links", title="Links resolve", status="fail", detail=SCRIPT),))
    h = odd._repr_html_()
    assert "<script" not in h and ESCAPED in h and "&lt;x&gt;.pdf" in h
    assert "1 check(s) failed" in h


# -- Batch -----------------------------------------------------------------------------------


def test_batch_html(tmp_path: Path) -> None:
    result = BatchResult(route="fda/single-patient", out_dir=tmp_path, elapsed=3.25, results=[
        CaseResult(source="a.yaml", status="built", case_id="A", ready=True, pages=61,
                   timings={"total": 1.5}),
        CaseResult(source="b.yaml", status="skipped", case_id="B", ready=False, gaps=2),
        CaseResult(source=SCRIPT, status="failed", error=SCRIPT, error_type="CaseFileError"),
    ])
    h = result._repr_html_()
    assert "1 built, 1 skipped (unchanged), 1 failed in 3.2 s" in h
    assert ">built<" in h and ">skipped<" in h and ">failed<" in h
    assert "2 gap(s)" in h and "61" in h and "1.5" in h
    assert "Failures (1)" in h and "CaseFileError" in h
    assert "<script" not in h and h.count(ESCAPED) == 3


class _Shell:
    kernel = object()


class _Terminal:  # a terminal IPython: no kernel
    pass


def _not_a_tty(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """stderr as in a kernel: not a terminal (set in the test itself: pytest's capture
    replaces sys.stderr again between a fixture's setup and the test)."""
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    return err


def test_want_progress_in_kernel_only(monkeypatch: pytest.MonkeyPatch) -> None:
    _not_a_tty(monkeypatch)
    monkeypatch.delitem(sys.modules, "IPython", raising=False)
    assert progress_mod.want_progress(None) is False
    assert "IPython" not in sys.modules  # asking did not import it
    import IPython

    monkeypatch.setattr(IPython, "get_ipython", lambda: _Terminal())
    assert progress_mod.want_progress(None) is False
    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    assert progress_mod.want_progress(None) is False
    monkeypatch.setattr(IPython, "get_ipython", lambda: _Shell())
    assert progress_mod.want_progress(None) is True
    assert progress_mod.want_progress(False) is False
    from tqdm.notebook import tqdm as notebook_tqdm

    assert progress_mod.progress_class() is notebook_tqdm


def test_progress_text_bar_without_ipywidgets(monkeypatch: pytest.MonkeyPatch) -> None:
    err = _not_a_tty(monkeypatch)
    import IPython
    from tqdm.std import tqdm as text_tqdm

    monkeypatch.setattr(IPython, "get_ipython", lambda: _Shell())
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # "not installed"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # tqdm.auto would warn (TqdmWarning) here
        assert progress_mod.progress_class() is text_tqdm
        update = progress_mod.progress_bar(2, 0, progress_mod.want_progress(None))
        update(CaseResult(source="a", status="built"))
        update(CaseResult(source="b", status="failed"))
        update(None)
    text = err.getvalue()
    assert "2/2" in text and "failed=1" in text


@pytest.mark.parametrize(("before", "during", "style"), [
    (0, "built", "success"), (1, "built", "danger"), (0, "failed", "danger")])
def test_progress_widget_ends_red_with_failures(monkeypatch: pytest.MonkeyPatch, before: int,
                                                during: str, style: str) -> None:
    """The notebook bar closes green only when no case failed, counting the cases that
    failed before any build (unreadable case files, repeated ids)."""
    _not_a_tty(monkeypatch)
    monkeypatch.setattr(sys, "stdout", io.StringIO())  # IPython's display() outside a kernel
    from tqdm.notebook import tqdm as notebook_tqdm

    bars: list[Any] = []

    class Recorded(notebook_tqdm):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            bars.append(self)

    monkeypatch.setattr(progress_mod, "progress_class", lambda: Recorded)
    update = progress_mod.progress_bar(3, 1, True, failed=before)
    update(CaseResult(source="a", status="built"))
    update(CaseResult(source="b", status=during))  # type: ignore[arg-type]
    update(None)
    (bar,) = bars
    progress = bar.container.children[1]
    assert (progress.value, progress.max, progress.bar_style) == (3, 3, style)
    failed = before + (during == "failed")
    assert (f"failed={failed}" in bar.container.children[2].value) == bool(failed)


def test_display_helpers_escape() -> None:
    assert display.esc(SCRIPT) == ESCAPED
    assert display.esc(display.Html("<b>ok</b>")) == "<b>ok</b>"
    assert display.esc(None) == "" and display.esc(date(2026, 1, 2)) == "2026-01-02"
    t = display.table(["<h>"], [[SCRIPT], [display.badge("<ok>", "good")]])
    assert "&lt;h&gt;" in t and ESCAPED in t and "&lt;ok&gt;" in t and "<script" not in t
    assert "(none)" in display.table(["a"], [])
    assert display.size_text(812_000) == "812 KB" and display.size_text(1_250_000) == "1.2 MB"
