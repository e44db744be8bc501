"""DOCX -> PDF with the real LibreOffice, checked with pdftotext, pdffonts, qpdf and pypdf."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from accesspack.convert import (
    Converter,
    LibreOfficeConverter,
    default_converter,
    expected_outputs,
)
from accesspack.errors import ConversionError, ConversionTimeoutError, ConverterNotFoundError
from tests.conftest import ROOT


def tool(*cmd: str) -> str:
    """Run an independent checker and return its stdout."""
    assert shutil.which(cmd[0]), f"{cmd[0]} is not installed"
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def make_docx(path: Path, marker: str, *, pages: int = 1) -> Path:
    doc = Document()
    doc.add_heading(f"Heading of {marker}", level=1)
    for n in range(pages):
        if n:
            doc.add_page_break()
        doc.add_paragraph(f"{marker} body text on page {n + 1}.")
    doc.save(str(path))
    return path


def fake_soffice(tmp_path: Path, body: str) -> Path:
    """An executable shell script standing in for soffice."""
    script = tmp_path / "fake-soffice"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(0o755)
    return script


def logging_soffice(tmp_path: Path) -> tuple[Path, Path]:
    """A wrapper that records each call (arguments and HOME) and runs the real soffice."""
    real = shutil.which("soffice")
    assert real
    log = tmp_path / "calls.log"
    script = fake_soffice(
        tmp_path, f'echo "HOME=$HOME $*" >> "{log}"\nexec "{real}" "$@"\n')
    return script, log


@pytest.fixture(scope="module")
def converter() -> Iterator[LibreOfficeConverter]:
    with LibreOfficeConverter() as conv:
        yield conv


@pytest.mark.slow
def test_converts_a_docx(converter: LibreOfficeConverter, tmp_path: Path) -> None:
    src = make_docx(tmp_path / "letter.docx", "ALPHA-LETTER", pages=2)
    [pdf] = converter.convert([src], tmp_path / "out")
    assert pdf == tmp_path / "out" / "letter.pdf"
    reader = PdfReader(pdf)
    assert len(reader.pages) == 2
    text = tool("pdftotext", str(pdf), "-")
    assert "ALPHA-LETTER body text on page 1." in text
    assert "ALPHA-LETTER body text on page 2." in text
    # ExportBookmarks=false reached LibreOffice: the heading made no bookmark
    assert reader.outline == []
    fonts = tool("pdffonts", str(pdf)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # emb column
    assert "No syntax or stream encoding errors" in tool("qpdf", "--check", str(pdf))
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["letter.pdf"]


@pytest.mark.slow
def test_output_is_reproducible(converter: LibreOfficeConverter, tmp_path: Path) -> None:
    src = make_docx(tmp_path / "same.docx", "REPRO")
    [first] = converter.convert([src], tmp_path / "a")
    [second] = converter.convert([src], tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    reader = PdfReader(first)
    assert "/ID" not in reader.trailer
    assert reader.metadata is not None and "/CreationDate" not in reader.metadata
    assert reader.metadata["/Producer"].startswith("accesspack ")


@pytest.mark.slow
def test_several_documents_in_one_soffice_run(tmp_path: Path) -> None:
    script, log = logging_soffice(tmp_path)
    sources = [make_docx(tmp_path / f"doc-{n}.docx", f"MARKER-{n}") for n in range(3)]
    with LibreOfficeConverter(soffice=str(script)) as conv:
        pdfs = conv.convert(sources, tmp_path / "out")
        calls = log.read_text().splitlines()
        assert len(calls) == 1  # ONE soffice invocation for all three
        profile = calls[0].split("-env:UserInstallation=file://")[1].split()[0]
        home = calls[0].split()[0].removeprefix("HOME=")
        assert Path(profile).is_dir() and Path(profile).parent == Path(home)
        assert home != os.environ.get("HOME")
        conv.convert(sources[:1], tmp_path / "again")
        second = log.read_text().splitlines()[1]
        assert f"file://{profile} " in second  # the profile is reused
    assert not Path(profile).exists()  # close() deleted it
    assert [p.name for p in pdfs] == ["doc-0.pdf", "doc-1.pdf", "doc-2.pdf"]
    for n, pdf in enumerate(pdfs):
        text = tool("pdftotext", str(pdf), "-")
        assert f"MARKER-{n} body text" in text
        assert all(f"MARKER-{m}" not in text for m in range(3) if m != n)
    # JSON filter options (a Key=Value list would be silently ignored by LO 7.4)
    assert '"EmbedStandardFonts":{"type":"boolean","value":"true"}' in calls[0]
    assert '"ExportBookmarks":{"type":"boolean","value":"false"}' in calls[0]


def test_random_bytes_named_docx_are_refused(converter: LibreOfficeConverter,
                                             tmp_path: Path) -> None:
    folder = tmp_path / "Patient Jane Doe"
    folder.mkdir()
    fake = folder / "scan.docx"
    fake.write_bytes(os.urandom(4000))
    with pytest.raises(ConversionError) as info:
        converter.convert([fake], tmp_path / "out")
    assert "scan.docx" in str(info.value)
    assert "Jane" not in str(info.value)
    assert not (tmp_path / "out" / "scan.pdf").exists()


def test_a_zip_without_word_document_is_refused(converter: LibreOfficeConverter,
                                                tmp_path: Path) -> None:
    src = tmp_path / "sheet.docx"
    with zipfile.ZipFile(src, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ConversionError, match=r"sheet\.docx is not a Word DOCX"):
        converter.convert([src], tmp_path / "out")


def test_same_stem_sources_are_refused_before_running(tmp_path: Path) -> None:
    script, log = logging_soffice(tmp_path)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one = make_docx(tmp_path / "a" / "form.docx", "ONE")
    two = make_docx(tmp_path / "b" / "form.docx", "TWO")
    with (LibreOfficeConverter(soffice=str(script)) as conv,
          pytest.raises(ConversionError, match=r"form\.pdf")):
        conv.convert([one, two], tmp_path / "out")
    assert not log.exists()
    with pytest.raises(ConversionError):
        expected_outputs([Path("x/report.docx"), Path("y/report.dotx")], tmp_path)


def test_missing_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConverterNotFoundError, match="libreoffice-writer-nogui"):
        LibreOfficeConverter(soffice=str(tmp_path / "no-such-soffice"))
    monkeypatch.setenv("ACCESSPACK_SOFFICE", str(tmp_path / "also-missing"))
    with pytest.raises(ConverterNotFoundError, match="ACCESSPACK_SOFFICE"):
        LibreOfficeConverter()
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("ACCESSPACK_SOFFICE")
    with pytest.raises(ConverterNotFoundError):
        LibreOfficeConverter()


def test_env_var_chooses_the_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = fake_soffice(tmp_path, "exit 0\n")
    monkeypatch.setenv("ACCESSPACK_SOFFICE", str(script))
    assert LibreOfficeConverter().soffice == str(script)


def _gone(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"  # a zombie is dead, not yet reaped


@pytest.mark.slow
def test_timeout_kills_the_whole_process_group(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    script = fake_soffice(
        tmp_path, f'echo $$ > "{pids}"\nsleep 120 &\necho $! >> "{pids}"\nwait\n')
    src = make_docx(tmp_path / "slow.docx", "SLOW")
    with LibreOfficeConverter(soffice=str(script), timeout=1.5) as conv:
        start = time.monotonic()
        with pytest.raises(ConversionTimeoutError, match="killed"):
            conv.convert([src], tmp_path / "out")
        assert time.monotonic() - start < 15
    started = [int(p) for p in pids.read_text().split()]
    assert len(started) == 2  # the script and its child
    deadline = time.monotonic() + 5
    while not all(_gone(pid) for pid in started) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(_gone(pid) for pid in started)
    assert not list((tmp_path / "out").iterdir())  # no staging folder left behind


@pytest.mark.slow
def test_missing_output_reports_soffice_messages(tmp_path: Path) -> None:
    script = fake_soffice(
        tmp_path, 'echo "Error: source file could not be loaded $*" >&2\nexit 0\n')
    folder = tmp_path / "private-folder"
    folder.mkdir()
    src = make_docx(folder / "consent.docx", "C")
    with (LibreOfficeConverter(soffice=str(script)) as conv,
          pytest.raises(ConversionError) as info):
        conv.convert([src], tmp_path / "out")
    message = str(info.value)
    assert "consent.docx" in message
    assert "source file could not be loaded" in message
    assert "private-folder" not in message  # paths are reduced to basenames


@pytest.mark.slow
def test_an_output_that_is_not_a_pdf_is_refused(tmp_path: Path) -> None:
    # writes "<stem>.pdf" with junk into --outdir, the argument after --outdir
    script = fake_soffice(
        tmp_path,
        'while [ "$1" != "--outdir" ]; do shift; done\n'
        'echo "not a pdf" > "$2/report.pdf"\nexit 0\n')
    src = make_docx(tmp_path / "report.docx", "R")
    with (LibreOfficeConverter(soffice=str(script)) as conv,
          pytest.raises(ConversionError, match=r"report\.docx: the PDF cannot be read")):
        conv.convert([src], tmp_path / "out")
    assert not (tmp_path / "out" / "report.pdf").exists()


@pytest.mark.slow
def test_one_instance_is_safe_across_threads(converter: LibreOfficeConverter,
                                             tmp_path: Path) -> None:
    # two soffice runs on one profile at once fail; the instance lock serialises them
    results: dict[int, list[Path]] = {}
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            src = make_docx(tmp_path / f"t{n}.docx", f"THREAD-{n}")
            results[n] = converter.convert([src], tmp_path / f"out{n}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for n in range(2):
        assert f"THREAD-{n}" in tool("pdftotext", str(results[n][0]), "-")


def test_default_converter_is_shared_and_empty_input_is_a_no_op(tmp_path: Path) -> None:
    conv = default_converter()
    assert conv is default_converter()
    assert isinstance(conv, LibreOfficeConverter) and isinstance(conv, Converter)
    assert conv.convert([], tmp_path / "out") == []
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_fake_converter_builds_without_libreoffice(tmp_path: Path) -> None:
    """FakeConverter (for users' tests and ours): a whole FDA build, no LibreOffice; each
    document's paragraphs readable in the packet; every call recorded; ``fail`` raises."""
    import accesspack
    from accesspack.convert import FakeConverter

    run = tool
    case = accesspack.load_case(ROOT / "examples" / "fda-single-patient" / "case.yaml")
    fake = FakeConverter()
    bundle = accesspack.build(case, "fda/single-patient", tmp_path / "out", converter=fake)
    assert len(fake.calls) == 1 and "doc-form-3926.docx" in fake.calls[0]
    text = run("pdftotext", str(bundle.packets["fda-submission"]), "-")
    assert "Individual Patient Expanded Access Investigational New Drug Application" in text
    fonts = run("pdffonts", str(bundle.packets["fda-submission"])).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # every font embedded
    broken = FakeConverter(fail=ConversionError("soffice crashed"))
    with pytest.raises(ConversionError, match="soffice crashed"):
        accesspack.build(case, "fda/single-patient", tmp_path / "out2", converter=broken)
    assert not (tmp_path / "out2").exists()
    assert len(broken.calls) == 1
