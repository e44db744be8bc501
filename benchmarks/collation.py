"""Collation and scale of the PDF layer, against qpdf merging the same files.

    python -m benchmarks.collation [--quick]

- :func:`bench_collation`: 30 PDFs, 600 pages, collated by
  :func:`accesspack.pdf.collate.collate` with TOC, outline and a footer on every page
  (in-process, best of 3), against ``qpdf --empty --pages ... --`` (a subprocess, best
  of 3). Goal: at most 2x qpdf.
- :func:`bench_scale_pdf`: 300 PDFs, 6,000 pages, each normalised by
  :func:`~accesspack.pdf.normalize.pdf_copy` and all collated into one packet, in a child
  process (for its peak memory, ``VmHWM``), against ``qpdf --empty --keep-files-open=y
  --pages ... --``. Goals: at most 2x qpdf, peak memory under 500 MB.

Times are wall-clock seconds. The ratio uses the work measured inside the child (the
normalising, collating and writing, as ``bundle.build`` does them); the child's whole
life, interpreter start and imports included, is reported beside it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from accesspack.pdf.collate import Document, Section, collate

from .fixtures import make_pdfs
from .report import Row

__all__ = ["bench_collation", "bench_scale_pdf", "collation_rows", "qpdf_merge_seconds",
           "scale_pdf_row", "sections_for"]

CASE = "BENCH-0001"
TITLE = "FDA submission"
RUNS = 3


def sections_for(files: Sequence[Path], per_section: int) -> list[Section]:
    """A TOC, then sections of ``per_section`` documents (one bookmark child each)."""
    sections = [Section("Contents", is_toc=True)]
    for start in range(0, len(files), per_section):
        chunk = files[start:start + per_section]
        sections.append(Section(f"Part {start // per_section + 1}", tuple(
            Document(f"Upload {start + n + 1}", path) for n, path in enumerate(chunk))))
    return sections


def qpdf_merge_seconds(files: Sequence[Path], out: Path, *, keep_files_open: bool = False,
                       runs: int = RUNS) -> float:
    """Best wall time of ``qpdf --empty --pages FILES -- OUT`` over ``runs`` runs."""
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        raise RuntimeError("qpdf is not installed (apt-get install qpdf)")
    cmd = [qpdf, "--empty"]
    if keep_files_open:
        cmd.append("--keep-files-open=y")
    cmd += ["--pages", *map(str, files), "--", str(out)]
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def bench_collation(tmp: Path, n_files: int = 30, total_pages: int = 600) -> dict[str, Any]:
    """Collate ``n_files`` PDFs (``total_pages`` pages) with TOC, outline and stamps."""
    files = make_pdfs(tmp / "uploads", n_files, total_pages)
    sections = sections_for(files, 3)
    best, pages = float("inf"), 0
    for run in range(RUNS):
        dest = tmp / f"packet-{run}.pdf"
        start = time.perf_counter()
        ranges = collate(sections, dest, case_id=CASE, packet_title=TITLE)
        best = min(best, time.perf_counter() - start)
        pages = ranges[-1].last
    qpdf = qpdf_merge_seconds(files, tmp / "qpdf.pdf")
    return {
        "files": n_files, "pages": total_pages, "packet_pages": pages,
        "input_mb": round(sum(f.stat().st_size for f in files) / 2**20, 2),
        "packet_mb": round((tmp / "packet-0.pdf").stat().st_size / 2**20, 2),
        "collate_seconds": round(best, 4), "qpdf_seconds": round(qpdf, 4),
        "ratio": round(best / qpdf, 3),
    }


def collation_rows(r: dict[str, Any]) -> list[Row]:
    """The table's row of :func:`bench_collation`."""
    return [Row("Collation: 30 PDFs, 600 pages, outline + TOC + stamps",
                f"{r['collate_seconds']:.3f} s", f"qpdf merge {r['qpdf_seconds']:.3f} s",
                f"{r['ratio']:.2f}x", "≤ 2x qpdf", r["ratio"] <= 2)]


_CHILD = r"""
import json, sys, time
from pathlib import Path
from accesspack.pdf.collate import Document, Section, collate
from accesspack.pdf.normalize import pdf_copy
from benchmarks.collation import CASE, TITLE, sections_for

files = [Path(p) for p in json.loads(sys.argv[1])]
out = Path(sys.argv[2])
(out / "attachments").mkdir(parents=True)
start = time.perf_counter()
copies = []
for n, src in enumerate(files, start=1):
    dest = out / "attachments" / f"{n:03d}-{src.stem}.pdf"
    pdf_copy(src, dest, f"attachment {n}")
    copies.append(dest)
normalised = time.perf_counter()
ranges = collate(sections_for(copies, 10), out / "packet.pdf", case_id=CASE,
                 packet_title=TITLE)
done = time.perf_counter()
hwm = 0
for line in Path("/proc/self/status").read_text().splitlines():
    if line.startswith("VmHWM:"):
        hwm = int(line.split()[1])
print(json.dumps({"seconds": done - start, "normalise_seconds": normalised - start,
                  "collate_seconds": done - normalised, "peak_kb": hwm,
                  "packet_pages": ranges[-1].last}))
"""


def _scale_run(files: Sequence[Path], out: Path) -> dict[str, Any]:
    root = Path(__file__).resolve().parent.parent
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, json.dumps([str(f) for f in files]), str(out)],
        check=True, capture_output=True, text=True, cwd=root)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - start
    return result


def bench_scale_pdf(tmp: Path, n_files: int = 300, total_pages: int = 6000) -> dict[str, Any]:
    """Normalise ``n_files`` uploads and collate them into one packet, in a child process."""
    files = make_pdfs(tmp / "uploads", n_files, total_pages)
    runs = [_scale_run(files, tmp / f"run-{n}") for n in range(RUNS)]
    best = min(runs, key=lambda r: r["seconds"])
    qpdf = qpdf_merge_seconds(files, tmp / "qpdf.pdf", keep_files_open=True)
    packet = tmp / f"run-{runs.index(best)}" / "packet.pdf"
    return {
        "files": n_files, "pages": total_pages, "packet_pages": best["packet_pages"],
        "input_mb": round(sum(f.stat().st_size for f in files) / 2**20, 1),
        "packet_mb": round(packet.stat().st_size / 2**20, 1),
        "seconds": round(best["seconds"], 3),
        "normalise_seconds": round(best["normalise_seconds"], 3),
        "collate_seconds": round(best["collate_seconds"], 3),
        "process_seconds": round(best["process_seconds"], 3),
        "peak_mb": round(max(r["peak_kb"] for r in runs) / 1024, 1),
        "qpdf_seconds": round(qpdf, 3),
        "ratio": round(best["seconds"] / qpdf, 3),
        "process_ratio": round(best["process_seconds"] / qpdf, 3),
    }


def scale_pdf_row(r: dict[str, Any]) -> Row:
    """The table's row of :func:`bench_scale_pdf`."""
    return Row(f"Scale: {r['files']} uploads, {r['pages']:,} pages, normalise + collate",
               f"{r['seconds']:.2f} s, peak {r['peak_mb']:.0f} MB",
               f"qpdf --keep-files-open=y {r['qpdf_seconds']:.2f} s",
               f"{r['ratio']:.2f}x", "≤ 2x qpdf, < 500 MB",
               r["ratio"] <= 2 and r["peak_mb"] < 500)


def main(argv: Sequence[str] | None = None) -> int:
    import argparse
    import tempfile

    ap = argparse.ArgumentParser(prog="python -m benchmarks.collation", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="a tenth of each workload")
    args = ap.parse_args(argv)
    scale = 10 if args.quick else 1
    with tempfile.TemporaryDirectory(prefix="accesspack-bench-collation-") as tmp:
        print(bench_collation(Path(tmp) / "collation", 30, 600 // scale), flush=True)
        print(bench_scale_pdf(Path(tmp) / "scale", 300 // scale, 6000 // scale), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
