"""Benchmarks of conversion, batches and a very large packet.

Each ``bench_*`` function measures one thing against its reference, measured in the same
run, and the function beside it (or the result's ``rows()``) makes its rows of the table.
Run all of them with ``make bench`` (benchmarks/run.py).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accesspack import build, build_many, load_case
from accesspack.convert import Converter, LibreOfficeConverter, LibreOfficeServerConverter

from .cases import FDA_EXAMPLE, case_data, make_cases
from .memory import INTERVAL, TreePeaks, tree
from .quiet import busy_seconds
from .report import Row, median_spread

ROUTE = "fda/single-patient"


class _Recording(Converter):
    """Times every call of a converter and keeps a copy of each document converted."""

    def __init__(self, inner: Converter, keep: Path) -> None:
        self.inner, self.keep = inner, keep
        self.seconds, self.documents, self.calls = 0.0, 0, 0
        keep.mkdir(parents=True, exist_ok=True)

    def convert(self, sources: Sequence[Path], out_dir: Path) -> list[Path]:
        for src in sources:
            shutil.copyfile(src, self.keep / f"{self.calls:03d}-{src.name}")
        started = time.perf_counter()
        result = self.inner.convert(sources, out_dir)
        self.seconds += time.perf_counter() - started
        self.documents += len(sources)
        self.calls += 1
        return result

    def close(self) -> None:
        self.inner.close()


def conversion_rows(r: dict[str, Any]) -> list[Row]:
    """The table's row of :func:`bench_conversion`."""
    return [Row(f"Conversion: the {r['documents']} documents of {r['cases']} cases",
                f"{r['warm_per_doc']:.3f} s/doc (warm, start included)",
                f"{r['cold_per_doc']:.3f} s/doc (cold soffice per doc, {r['cold_sample']} docs)",
                f"{r['ratio']:.1f}x lower", "≥ 5x lower", r["ratio"] >= 5)]


def bench_conversion(tmp: Path, cases: int = 50, cold_sample: int = 12) -> dict[str, Any]:
    """Per-document conversion cost: the documents of ``cases`` cases through one warm
    LibreOffice (its start included), against one cold LibreOffice start per document
    (measured on ``cold_sample`` of the same documents)."""
    files = make_cases(tmp / "cases", cases, prefix="CONV")
    warm = _Recording(LibreOfficeServerConverter(), tmp / "docs")
    started = time.perf_counter()
    with warm:
        for i, path in enumerate(files):
            build(load_case(path), ROUTE, tmp / "out" / str(i), converter=warm)
    docs = sorted((tmp / "docs").iterdir())
    sample = docs[:: max(1, len(docs) // cold_sample)][:cold_sample]
    cold = LibreOfficeConverter()
    cold_seconds = 0.0
    for i, doc in enumerate(sample):
        t = time.perf_counter()
        cold.convert([doc], tmp / "cold" / str(i))
        cold_seconds += time.perf_counter() - t
    cold.close()
    warm_per_doc = warm.seconds / warm.documents
    cold_per_doc = cold_seconds / len(sample)
    return {
        "cases": cases, "documents": warm.documents, "calls": warm.calls,
        "warm_seconds": warm.seconds, "warm_per_doc": warm_per_doc,
        "cold_sample": len(sample), "cold_per_doc": cold_per_doc,
        "ratio": cold_per_doc / warm_per_doc, "wall": time.perf_counter() - started,
    }


def pool_workers() -> list[int]:
    """The pids of the worker processes of the pools this process started (spawned
    multiprocessing children: their command line runs ``spawn_main``), found in
    ``/proc``: :func:`~accesspack.build_many` starts its own pool, as for any caller."""
    found = []
    for pid in tree(os.getpid())[1:]:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in cmdline:
            found.append(pid)
    return found


@dataclass(frozen=True)
class BatchRun:
    """One batch of every case with ``workers`` workers (pool start and stop included)."""

    workers: int
    seconds: float
    python_mb: float  #: the largest worker's Python, its own peak
    office_mb: float  #: the largest LibreOffice (its process group) of a worker, its peak
    #: the largest worker's peak of the sum of its process tree, sampled (TreePeaks)
    sampled_mb: float = 0.0
    sampled_parts: str = ""  #: what that sample was made of ("python3 230 MB, ...")
    sampled_per_worker: tuple[float, ...] = ()  #: each worker's sampled peak, MB
    busy: float = 0.0  #: CPU seconds the whole machine worked during the run

    @property
    def cores(self) -> float:
        """How many cores the run kept busy, on average."""
        return self.busy / self.seconds if self.seconds else 0.0


def batch_run(files: Sequence[Path], out: Path, workers: int) -> BatchRun:
    """Build every case of ``files`` with ``workers`` workers; raise if one fails."""
    started, busy = time.perf_counter(), busy_seconds()
    with TreePeaks(pool_workers) as sampled:
        result = build_many(files, ROUTE, out, workers=workers, force=True, progress=False)
    seconds, busy = time.perf_counter() - started, busy_seconds() - busy
    if not result.ok:
        raise RuntimeError(result.summary())
    mem = [r.memory_mb for r in result.results]
    return BatchRun(workers, seconds,
                    python_mb=max(m.get("worker", 0.0) for m in mem),
                    office_mb=max(m.get("office", 0.0) for m in mem),
                    sampled_mb=sampled.largest().mb,
                    sampled_parts=sampled.largest().describe(),
                    sampled_per_worker=tuple(p.mb for p in sampled.peaks.values()),
                    busy=busy)


@dataclass(frozen=True)
class Batch:
    cases: int
    pairs: tuple[tuple[BatchRun, BatchRun], ...]  #: (1 worker, 2 workers) per run
    #: 2 workers on cases with their own scans, OCR in every case (memory, as in a real
    #: batch: the speed runs' cases share the example's scans, which a worker OCRs once)
    own_scans: BatchRun | None = None
    own_scans_cases: int = 0

    @property
    def ratios(self) -> list[float]:
        return [one.seconds / two.seconds for one, two in self.pairs]

    def rows(self) -> list[Row]:
        ratio, lo, hi = median_spread(self.ratios)
        runs = [run for pair in self.pairs for run in pair]
        one = median_spread([p[0].seconds for p in self.pairs])[0]
        two = median_spread([p[1].seconds for p in self.pairs])[0]
        peak = max(runs, key=lambda r: r.sampled_mb)
        n = len(self.pairs)
        own = [self.own_scans] if self.own_scans else []
        cores = os.cpu_count() or 1
        busy1 = median_spread([p[0].cores for p in self.pairs])[0]
        busy2 = median_spread([p[1].cores for p in self.pairs])[0]
        cpu1 = median_spread([p[0].busy for p in self.pairs])[0]
        cpu2 = median_spread([p[1].busy for p in self.pairs])[0]
        ceiling = (f"; 1 worker kept {busy1:.2f} of the {cores} cores busy (its LibreOffice "
                   f"converts while its Python works), 2 workers {busy2:.2f}, using "
                   f"{cpu1 / self.cases:.2f} and {cpu2 / self.cases:.2f} CPU s a case: "
                   f"2 workers cannot gain more than about {cores / busy1:.2f}x "
                   f"({cores} cores over {busy1:.2f})") if busy1 else ""
        return [
            Row(f"Batch: {self.cases} FDA cases, 2 workers vs 1 (median of {n} run"
                f"{'' if n == 1 else 's'})",
                f"2 workers {two:.1f} s ({self.cases / two:.2f} cases/s); ratios "
                + ", ".join(f"{r:.2f}x" for r in self.ratios) + ceiling,
                f"1 worker {one:.1f} s ({self.cases / one:.2f} cases/s)",
                f"{ratio:.2f}x (spread {lo:.2f}-{hi:.2f}x)", "≥ 1.7x", ratio >= 1.7),
            Row("Batch: peak memory per worker (Python + its LibreOffice + the OCR process "
                "it runs)", self._memory(peak, [*runs, *own]), "", "", "< 400 MB",
                max(r.sampled_mb for r in [peak, *own]) < 400),
        ]

    def _memory(self, peak: BatchRun, runs: Sequence[BatchRun]) -> str:
        python = max(r.python_mb for r in runs)
        office = max(r.office_mb for r in runs)
        shared = (f"{peak.sampled_mb:.0f} MB with {peak.workers} worker"
                  f"{'' if peak.workers == 1 else 's'} (peak of the sum, sampled every "
                  f"{INTERVAL * 1000:.0f} ms: {peak.sampled_parts}; each one's own peak "
                  f"in any run: Python {python:.0f} MB, LibreOffice {office:.0f} MB)")
        own = self.own_scans
        if own is None:
            return shared
        return (f"{max(own.sampled_mb, peak.sampled_mb):.0f} MB: with each case's own scans "
                f"({self.own_scans_cases} cases, 2 workers, OCR in every case, as in a real "
                f"batch) {own.sampled_mb:.0f} MB ({own.sampled_parts}); in the speed runs, "
                f"whose cases share the example's scans (OCR in a worker's first case only), "
                f"{shared}")


def bench_batch(tmp: Path, cases: int = 100, runs: int = 3, own_scans: int = 8) -> Batch:
    """``runs`` times: the ``cases`` with one worker, then with two; then ``own_scans``
    cases, each with its own scans, with two workers (their memory)."""
    files = make_cases(tmp / "cases", cases, prefix="BATCH")
    pairs = tuple((batch_run(files, tmp / f"out-{n}-1", 1),
                   batch_run(files, tmp / f"out-{n}-2", 2)) for n in range(runs))
    own = None
    if own_scans:
        distinct = make_cases(tmp / "own-scans", own_scans, prefix="SCANS",
                              distinct_scans=True)
        own = batch_run(distinct, tmp / "out-own-scans", 2)
    return Batch(cases, pairs, own, own_scans)


_SCALE_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from accesspack import build, load_case
from accesspack.convert import LibreOfficeServerConverter
case = load_case(sys.argv[1])
with LibreOfficeServerConverter() as conv:
    conv.start()  # a warm worker, as in a batch
    t = time.perf_counter()
    bundle = build(case, "fda/single-patient", Path(sys.argv[2]), converter=conv)
    seconds = time.perf_counter() - t
    waited = resource.getrusage(resource.RUSAGE_CHILDREN)  # Tesseract, under OCR
pages = max(p["pages"] for p in bundle.manifest["packets"])
print(json.dumps({"seconds": seconds, "timings": bundle.timings, "pages": pages,
                  "children_cpu": waited.ru_utime + waited.ru_stime,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def scanned_input_pages(case_file: Path) -> int:
    """The pages of the uploads a build of ``case_file`` on :data:`ROUTE` uses that are
    images without text (OCR's work): every page of an image, the scanned pages of a PDF
    (:func:`~accesspack.pdf.page_scan.scanned_pages`, the test OCR and the preflight use).
    A Word upload counts none (its pages are known once converted)."""
    import pikepdf

    from accesspack.buildplan import plan
    from accesspack.pdf.page_scan import scanned_pages
    from accesspack.uploads import check_uploads

    pages = 0
    for upload in check_uploads(plan(load_case(case_file), ROUTE)).values():
        if upload.type in ("jpeg", "png", "tiff"):
            pages += upload.pages
        elif upload.type == "pdf":
            with pikepdf.open(upload.attachment.path) as pdf:
                pages += len(scanned_pages(pdf))
    return pages


def bench_scale_build(tmp: Path, pdfs: list[Path]) -> dict[str, Any]:
    """A whole build whose supporting-records part holds ``pdfs`` (300 files, 6,000
    pages), in a child process (its peak memory), against qpdf merging the same files.

    The FDA route puts the supporting reports in two packets (the FDA submission and the
    IRB packet), so the build collates them twice; the reference is qpdf merging each
    packet's uploads, once per packet, with ``--keep-files-open=y``.

    ``ocr`` is what OCR cost inside that build: its seconds (the build's ``ocr`` timing:
    looking for scanned pages in every upload, then reading them) and the scanned pages
    of the uploads it uses (:func:`scanned_input_pages`: the example's JPEG, PNG and
    two-page TIFF; the generated PDFs have text on every page).
    """
    import yaml

    tmp.mkdir(parents=True, exist_ok=True)
    data = case_data(FDA_EXAMPLE)
    data["case_id"] = "SCALE-0001"
    data["attachments"] += [{"id": f"rec{i:03d}", "kind": "lab_report", "path": str(p),
                             "title": f"Laboratory record {i + 1}"} for i, p in enumerate(pdfs)]
    case_file = tmp / "scale.yaml"
    case_file.write_text(yaml.safe_dump(data), encoding="utf-8")
    bundle = tmp / "bundle"
    child = subprocess.run([sys.executable, "-c", _SCALE_CHILD, str(case_file), str(bundle)],
                           capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(child.stdout.strip().splitlines()[-1])
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    merges = []
    for packet in manifest["packets"]:
        files = [bundle / doc["file"] for part in packet["parts"] for doc in part["documents"]
                 if "file" in doc]
        if files:
            merges.append(files)
    best = []
    for _ in range(3):
        t = time.perf_counter()
        for files in merges:
            subprocess.run(["qpdf", "--empty", "--keep-files-open=y", "--pages",
                            *map(str, files), "--", str(tmp / "qpdf.pdf")], check=True)
        best.append(time.perf_counter() - t)
    result["packets"] = [p["pages"] for p in manifest["packets"]]
    result["ocr"] = {"seconds": result["timings"]["ocr"],
                     "scanned_pages": scanned_input_pages(case_file),
                     "tesseract_cpu": result.get("children_cpu", 0.0)}
    result["qpdf_seconds"] = min(best)
    result["documents"] = len(manifest["documents"])
    result["ratio"] = result["seconds"] / result["qpdf_seconds"]
    return result


def scale_build_rows(full: dict[str, Any]) -> list[Row]:
    """The table's rows of :func:`bench_scale_build`: the goal, and OCR's cost in it."""
    t = full["timings"]
    ocr = full["ocr"]
    pages, seconds = ocr["scanned_pages"], ocr["seconds"]
    per_page = f"{seconds / pages:.2f} s per scanned page" if pages else "no scanned page"
    return [
        Row(f"Scale: the whole FDA build with those uploads (packets of "
            f"{', '.join(map(str, full['packets']))} pages)",
            f"{full['seconds']:.2f} s (rendering {t['render']:.2f} s and converting "
            f"{t['convert']:.2f} s its {full['documents']} DOCX, the conversion beside the "
            f"uploads' normalisation, OCR {t.get('ocr', 0.0):.2f} s of it), peak "
            f"{full['peak_mb']:.0f} MB; the goal's budget, 2x qpdf, is "
            f"{2 * full['qpdf_seconds']:.2f} s, and the OCR's Tesseract alone used "
            f"{ocr.get('tesseract_cpu', 0.0):.2f} CPU s (at least "
            f"{ocr.get('tesseract_cpu', 0.0) / (os.cpu_count() or 1):.2f} s on "
            f"{os.cpu_count() or 1} cores)",
            f"qpdf --keep-files-open=y on each packet's uploads {full['qpdf_seconds']:.2f} s",
            f"{full['ratio']:.2f}x", "≤ 2x qpdf, < 500 MB",
            full["ratio"] <= 2 and full["peak_mb"] < 500),
        Row(f"OCR inside that build: {pages} scanned pages (Tesseract, through ocrmypdf)",
            f"{per_page} ({seconds:.2f} s in all, the look for scans in every upload page "
            "included)"),
    ]
