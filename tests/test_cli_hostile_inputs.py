"""Hostile input through the command line (issue 17): exit status 2, one message naming
the input, no traceback, nothing written, bounded memory.

The inputs come from tests/corpus (generated at test time). The command line runs in
this process (``accesspack.cli.main``) with the file descriptors captured, so anything a
C library prints on stderr counts; the few inputs that used to exhaust time or memory
also run in a child process whose peak memory is read from the kernel (``wait4``).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from accesspack import CaseValidationError, load_case
from accesspack.cli import main
from tests.conftest import FULL_NAME, ROOT
from tests.corpus import cases as corpus
from tests.corpus import uploads as corpus_uploads

#: The case files issue 17 found crashing, hanging or silently accepted.
HOSTILE = [
    "duplicate-key-yaml", "duplicate-section-yaml", "duplicate-key-json", "deep-yaml",
    "deep-flow-yaml", "deep-json", "huge-yaml-list", "huge-yaml-comments", "many-sites",
    "too-many-attachments", "prepared-9999", "prepared-2108", "born-year-one", "month-1850",
    "impossible-date-yaml", "alias-bomb", "upload-symlink-loop", "upload-fifo",
    "upload-device", "upload-directory", "upload-empty-path",
]


def _nothing_written(parent: Path, out: Path) -> None:
    assert not out.exists()
    assert [p.name for p in parent.iterdir() if p.name.startswith(f".{out.name}")] == []


@pytest.mark.parametrize("kind", HOSTILE)
def test_cli_refuses_hostile_case_files(kind: str, tmp_path: Path,
                                        capfd: pytest.CaptureFixture[str]) -> None:
    bad = corpus.BAD_CASES[kind](tmp_path / "case")
    out = tmp_path / "out"
    code = main(["build", str(bad.path), "--route", "fda/single-patient", "--out", str(out)])
    captured = capfd.readouterr()
    assert code == 2, captured.err
    assert captured.out == ""
    assert captured.err.startswith("accesspack: error: "), captured.err
    assert "Traceback" not in captured.err
    assert bad.path.name in captured.err  # the input, named
    for name in bad.names:
        assert name in captured.err, (name, captured.err)
    assert re.search(bad.advice, captured.err), captured.err
    assert FULL_NAME not in captured.err
    _nothing_written(tmp_path, out)


def test_validation_errors_give_the_line_and_column_of_the_field(tmp_path: Path) -> None:
    bad = corpus.wrong_types(tmp_path)
    lines = bad.path.read_text(encoding="utf-8").splitlines()
    weight = next(n for n, line in enumerate(lines, 1) if line.strip().startswith("weight_kg:"))
    column = lines[weight - 1].index("weight_kg") + 1
    with pytest.raises(CaseValidationError) as info:
        load_case(bad.path)
    message = str(info.value)
    assert f"patient.weight_kg: Input should be a valid number, unable to parse string as a " \
           f"number (line {weight}, column {column})" in message
    # a missing field is placed at the section it is missing from
    data = corpus.base()
    del data["physician"]["name"]
    path = corpus.write_yaml(tmp_path, "no-name.yaml", data)
    section = next(n for n, line in enumerate(path.read_text().splitlines(), 1)
                   if line.startswith("physician:"))
    with pytest.raises(CaseValidationError) as info:
        load_case(path)
    assert f"physician.name: Field required (line {section}, column 1)" in str(info.value)


def test_a_case_given_as_data_is_bounded_too() -> None:
    """The bounds live in the model: a service that validates a dict meets them."""
    from accesspack import parse_case

    data = corpus.base()
    data["comorbidities"] = ["x"] * 201
    data["prepared_on"] = "2101-01-01"
    with pytest.raises(CaseValidationError) as info:
        parse_case(data)
    fields = dict(info.value.problems)
    assert "has 201 items; the limit is 200" in fields["comorbidities"]
    assert "2100-12-31" in fields["prepared_on"]


#: Runs the command line and writes its own peak memory (``VmHWM``: the high-water mark
#: of this program's memory since its exec; ``getrusage`` would count the pytest process it
#: was forked from) to the file named first.
_MEASURED_CLI = """
import atexit, sys
def peak():
    with open("/proc/self/status") as status:
        kb = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(sys.argv[1], "w") as out:
        out.write(kb)
atexit.register(peak)
from accesspack.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["huge-yaml-list", "huge-yaml-comments", "many-sites",
                                  "deep-json", "deep-yaml", "alias-bomb"])
def test_hostile_case_files_are_refused_in_bounded_memory(kind: str, tmp_path: Path) -> None:
    """In a child process: exit 2, one message, and a peak memory (the kernel's high-water
    mark for that program) under 300 MB. The timeout only guards against a hang; nothing
    is timed."""
    bad = corpus.BAD_CASES[kind](tmp_path / "case")
    out = tmp_path / "out"
    peak = tmp_path / "peak-kb.txt"
    res = subprocess.run(
        [sys.executable, "-c", _MEASURED_CLI, str(peak), "build", str(bad.path), "--route",
         "fda/single-patient", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert res.returncode == 2, res.stderr
    assert res.stderr.startswith("accesspack: error: ") and "Traceback" not in res.stderr
    assert bad.path.name in res.stderr
    assert int(peak.read_text()) < 300 * 1024, f"peak {int(peak.read_text()) / 1024:.0f} MB"
    _nothing_written(tmp_path, out)


def test_the_bounds_table_in_the_docs_matches_the_limits() -> None:
    from accesspack import limits

    doc = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| ([^|]+?) \| ([^|]+?) \|", doc,
                                                         re.MULTILINE)}
    expected = {
        "Case file size": f"{limits.MAX_CASE_FILE_BYTES:,} bytes",
        "Nesting of mappings and lists in a case file": f"{limits.MAX_NESTING} levels",
        "Items in a list of the case (sites, labs, lines of treatment, …)":
            f"{limits.MAX_LIST_ITEMS:,}",
        "Attachments in a case": f"{limits.MAX_ATTACHMENTS:,}",
        "Free text (each language variant)": f"{limits.FREE_TEXT_LIMIT:,} characters",
        "Short text (names, codes)": f"{limits.SHORT_TEXT_LIMIT:,} characters",
        "Dates": f"{limits.EARLIEST_DATE.isoformat()} to {limits.LATEST_DATE.isoformat()}",
        "Upload file size": f"{limits.MAX_UPLOAD_BYTES:,} bytes",
        "Pages of one upload (PDF pages, TIFF frames)": f"{limits.MAX_UPLOAD_PAGES:,}",
        "Pages the uploads of one packet add up to": f"{limits.MAX_PACKET_PAGES:,}",
        "Image pixels (each image or TIFF frame)":
            f"{limits.MAX_IMAGE_PIXELS // 1_000_000} megapixels; at least "
            f"{limits.MIN_IMAGE_SIDE} pixels a side",
    }
    for bound, value in expected.items():
        assert bound in rows, bound
        assert value in rows[bound], (bound, rows[bound], value)


#: The uploads issue 17 found carried wrongly: each is refused, naming the attachment.
HOSTILE_UPLOADS = {
    "truncated-jpeg": (corpus_uploads.truncated_jpeg, "is truncated or damaged"),
    "truncated-png": (corpus_uploads.truncated_png, "is truncated or damaged"),
    "truncated-tiff": (corpus_uploads.truncated_tiff, "is truncated or damaged"),
    "broken-lzw-pdf": (corpus_uploads.broken_lzw_pdf, "cannot be decoded in full"),
    "truncated-flate-pdf": (corpus_uploads.truncated_flate_pdf, "cannot be decoded in full"),
    "repaired-but-broken-pdf": (corpus_uploads.repaired_broken_image_pdf,
                                "still fails a PDF check"),
}


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(HOSTILE_UPLOADS))
def test_cli_refuses_hostile_uploads(kind: str, tmp_path: Path,
                                     capfd: pytest.CaptureFixture[str]) -> None:
    make, says = HOSTILE_UPLOADS[kind]
    folder = corpus.uploads(tmp_path / "case")
    bad = make(folder)
    data = corpus.base()
    data["attachments"][2]["path"] = bad.name  # attachment ngs (biomarker_report)
    path = corpus.write_yaml(folder, "case.yaml", data)
    out = tmp_path / "out"
    code = main(["build", str(path), "--route", "fda/single-patient", "--out", str(out)])
    captured = capfd.readouterr()
    assert code == 2, captured.err
    assert captured.err.startswith("accesspack: error: attachment ngs (biomarker_report) "), \
        captured.err
    assert says in captured.err
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert bad.name not in captured.err  # a file name may carry the patient's name
    _nothing_written(tmp_path, out)


@pytest.mark.slow
def test_noisy_but_sound_uploads_build_quietly(tmp_path: Path,
                                              capfd: pytest.CaptureFixture[str]) -> None:
    """A TIFF that makes libtiff talk, a JPEG with damaged Exif and an animated PNG build;
    the terminal shows the summary only, and the animated PNG's dropped frames are a
    ledger notice."""
    folder = corpus.uploads(tmp_path / "case")
    data = corpus.base()
    data["attachments"] += [
        {"id": "tiff", "kind": "imaging_report", "path": corpus_uploads.noisy_tiff(folder).name,
         "title": "Scan"},
        {"id": "exif", "kind": "imaging_report", "path": corpus_uploads.exif_jpeg(folder).name,
         "title": "Photo"},
        {"id": "apng", "kind": "imaging_report",
         "path": corpus_uploads.animated_png(folder).name, "title": "Animation"}]
    path = corpus.write_yaml(folder, "case.yaml", data)
    out = tmp_path / "out"
    code = main(["build", str(path), "--route", "fda/single-patient", "--out", str(out)])
    captured = capfd.readouterr()
    assert code == 0, captured.err
    assert captured.err == ""
    assert "Warning" not in captured.out and "TIFF" not in captured.out
    ledger = (out / "ledger.md").read_text(encoding="utf-8")
    assert "kept the first frame of an animated image and dropped the other 40 frames" in ledger


def test_library_and_os_errors_are_mapped_in_one_place(tmp_path: Path) -> None:
    """errors.mapped: an OS or library error becomes the accesspack error the caller
    makes, with a reason of a few words and no path; accesspack errors pass through."""
    from accesspack.errors import AttachmentError, CaseFileError, mapped, reason

    def make(why: str) -> AttachmentError:
        return AttachmentError(f"attachment x (other) cannot be read ({why})")

    secret = tmp_path / FULL_NAME.replace(" ", "-")
    with pytest.raises(AttachmentError) as info, mapped(make):
        secret.read_bytes()
    assert str(info.value) == "attachment x (other) cannot be read (No such file or directory)"
    assert info.value.__suppress_context__
    with pytest.raises(CaseFileError), mapped(make):
        raise CaseFileError("passes through")
    assert reason(RecursionError()) == "nested too deeply"
    assert reason(ValueError("/home/someone/file.pdf")) == "ValueError"
