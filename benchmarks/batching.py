"""Benchmarks of conversion, batches and a very large packet (issue 6 goals).

Each function returns a dict of absolute numbers and the ratio against its reference,
measured in the same run. Run all of them with ``make bench`` (benchmarks/run.py).
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

from accesspack import build, build_many, load_case
from accesspack.convert import Converter, LibreOfficeConverter, LibreOfficeServerConverter

from .cases import FDA_EXAMPLE, case_data, make_cases

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


def bench_batch(tmp: Path, cases: int = 100) -> dict[str, Any]:
    """Throughput of ``build_many`` with 2 workers against 1 worker, and peak memory."""
    files = make_cases(tmp / "cases", cases, prefix="BATCH")
    runs: dict[int, Any] = {}
    for workers in (1, 2):
        result = build_many(files, ROUTE, tmp / f"out-{workers}", workers=workers,
                            force=True, progress=False)
        if not result.ok:
            raise RuntimeError(result.summary())
        peak_worker = max(r.memory_mb.get("worker", 0.0) for r in result.results)
        peak_total = max(r.memory_mb.get("worker", 0.0) + r.memory_mb.get("office", 0.0)
                         for r in result.results)
        runs[workers] = {"seconds": result.elapsed, "per_case": result.elapsed / cases,
                         "throughput": cases / result.elapsed,
                         "peak_worker_mb": peak_worker, "peak_worker_with_office_mb": peak_total}
    return {"cases": cases, "one": runs[1], "two": runs[2],
            "ratio": runs[2]["throughput"] / runs[1]["throughput"]}


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
pages = max(p["pages"] for p in bundle.manifest["packets"])
print(json.dumps({"seconds": seconds, "timings": bundle.timings, "pages": pages,
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
                     "scanned_pages": scanned_input_pages(case_file)}
    result["qpdf_seconds"] = min(best)
    result["documents"] = len(manifest["documents"])
    result["ratio"] = result["seconds"] / result["qpdf_seconds"]
    return result
