"""``make bench``: measure the issue-6 goals, print a table, write benchmarks/results.md.

    python -m benchmarks.run [--only collation,conversion,batch,scale] [--quick]

Every goal is a ratio against a reference measured in the same run (qpdf; one cold
LibreOffice per document; one worker), so the verdicts hold on a slower or faster
machine. ``--quick`` shrinks every workload (for trying the script, not for results).
The scale build also reports what OCR of its scanned pages cost (seconds per page).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import accesspack

from .batching import bench_batch, bench_conversion, bench_scale_build
from .collation import bench_collation, bench_scale_pdf
from .fixtures import make_pdfs

RESULTS = Path(__file__).with_name("results.md")


def _first_line(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout
        return out.strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "unknown"


def machine() -> str:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, "
            f"{mem:.0f} GiB RAM; Python {platform.python_version()}; "
            f"{_first_line(['soffice', '--headless', '--version'])}; "
            f"{_first_line(['qpdf', '--version'])}; accesspack {accesspack.__version__}")


def _row(goal: str, measured: str, reference: str, ratio: str, target: str,
         met: bool | None) -> list[str]:
    return [goal, measured, reference, ratio, target,
            "n/a" if met is None else ("yes" if met else "**no**")]


def rows_for(name: str, r: dict[str, Any]) -> list[list[str]]:
    if name == "collation":
        return [_row("Collation: 30 PDFs, 600 pages, outline + TOC + stamps",
                     f"{r['collate_seconds']:.3f} s", f"qpdf merge {r['qpdf_seconds']:.3f} s",
                     f"{r['ratio']:.2f}x", "≤ 2x qpdf", r["ratio"] <= 2)]
    if name == "conversion":
        return [_row(f"Conversion: the {r['documents']} documents of {r['cases']} cases",
                     f"{r['warm_per_doc']:.3f} s/doc (warm, start included)",
                     f"{r['cold_per_doc']:.3f} s/doc (cold soffice per doc, "
                     f"{r['cold_sample']} docs)",
                     f"{r['ratio']:.1f}x lower", "≥ 5x lower", r["ratio"] >= 5)]
    if name == "batch":
        one, two = r["one"], r["two"]
        peak = max(one["peak_worker_with_office_mb"], two["peak_worker_with_office_mb"])
        return [
            _row(f"Batch: {r['cases']} FDA cases, 2 workers vs 1",
                 f"{two['seconds']:.1f} s ({two['throughput']:.2f} cases/s)",
                 f"1 worker {one['seconds']:.1f} s ({one['throughput']:.2f} cases/s)",
                 f"{r['ratio']:.2f}x", "≥ 1.7x", r["ratio"] >= 1.7),
            _row("Batch: peak memory per worker (Python + its LibreOffice)",
                 f"{peak:.0f} MB (Python alone "
                 f"{max(one['peak_worker_mb'], two['peak_worker_mb']):.0f} MB)",
                 "", "", "< 400 MB", peak < 400),
        ]
    if name == "scale":
        pdf, full = r["pdf"], r["build"]
        return [
            _row("Scale: 300 uploads, 6,000 pages, normalise + collate",
                 f"{pdf['seconds']:.2f} s, peak {pdf['peak_mb']:.0f} MB",
                 f"qpdf --keep-files-open=y {pdf['qpdf_seconds']:.2f} s",
                 f"{pdf['ratio']:.2f}x", "≤ 2x qpdf, < 500 MB",
                 pdf["ratio"] <= 2 and pdf["peak_mb"] < 500),
            _row(f"Scale: the whole FDA build with those uploads (packets of "
                 f"{', '.join(map(str, full['packets']))} pages)",
                 f"{full['seconds']:.2f} s (rendering {full['timings']['render']:.2f} s and "
                 f"converting {full['timings']['convert']:.2f} s its {full['documents']} DOCX, "
                 f"the conversion beside the uploads' normalisation, OCR "
                 f"{full['timings'].get('ocr', 0.0):.2f} s of it), peak "
                 f"{full['peak_mb']:.0f} MB",
                 f"qpdf --keep-files-open=y on each packet's uploads {full['qpdf_seconds']:.2f} s",
                 f"{full['ratio']:.2f}x",
                 "≤ 2x qpdf, < 500 MB",
                 full["ratio"] <= 2 and full["peak_mb"] < 500),
            _ocr_row(full["ocr"]),
        ]
    raise KeyError(name)


def _ocr_row(ocr: dict[str, Any]) -> list[str]:
    """OCR's cost inside the whole build: seconds per scanned page (no target)."""
    pages, seconds = ocr["scanned_pages"], ocr["seconds"]
    per_page = f"{seconds / pages:.2f} s per scanned page" if pages else "no scanned page"
    return _row(f"OCR inside that build: {pages} scanned pages (Tesseract, through ocrmypdf)",
                f"{per_page} ({seconds:.2f} s in all, the look for scans in every upload "
                "page included)", "", "", "measured, no target", None)


def _scale(tmp: Path, quick: bool) -> dict[str, Any]:
    pdf = bench_scale_pdf(tmp / "pdf")
    files = make_pdfs(tmp / "uploads", 30 if quick else 300, 600 if quick else 6000)
    return {"pdf": pdf, "build": bench_scale_build(tmp / "build", files)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    ap.add_argument("--only", default="collation,conversion,batch,scale")
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args(argv)
    benches: dict[str, Callable[[Path], dict[str, Any]]] = {
        "collation": bench_collation,
        "conversion": lambda t: bench_conversion(t, 5 if args.quick else 50,
                                                 4 if args.quick else 12),
        "batch": lambda t: bench_batch(t, 6 if args.quick else 100),
        "scale": lambda t: _scale(t, args.quick),
    }
    head = ["Goal", "Measured", "Reference (same run)", "Ratio", "Target", "Met"]
    rows: list[list[str]] = []
    notes: list[str] = []
    for name in args.only.split(","):
        print(f"running {name} ...", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix=f"accesspack-bench-{name}-") as tmp:
            try:
                result = benches[name](Path(tmp))
                rows += rows_for(name, result)
                print(f"  {name}: {result}", file=sys.stderr, flush=True)
            except Exception as exc:
                traceback.print_exc()
                rows.append(_row(name, f"failed: {exc.__class__.__name__}: {exc}", "", "", "",
                                 False))
    table = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    table += ["| " + " | ".join(r) + " |" for r in rows]
    text = "\n".join([
        "# Benchmark results",
        "",
        f"Measured {dt.date.today().isoformat()} with `make bench`"
        + (" (--quick: smaller workloads, not comparable)" if args.quick else "") + ".",
        "",
        f"Machine: {machine()}.",
        "",
        *table,
        "",
        *notes,
    ])
    print(text)
    if not args.quick and args.only == ap.get_default("only"):
        RESULTS.write_text(text + "\n", encoding="utf-8")
        print(f"\nwritten to {RESULTS}", file=sys.stderr)
    return 0 if all(r[-1] != "**no**" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
