"""``make bench``: measure every goal, print a table, write benchmarks/results.md and the
README's copy of the table.

    python -m benchmarks.run [--only single,batch,...] [--quick] [--batch-cases N]
                             [--batch-runs N]

Every goal is a ratio against a reference measured in the same run (qpdf; one cold
``soffice --convert-to pdf``; one worker), so the verdicts hold on a slower or faster
machine. Each measurement also says whether the machine ran anything else meanwhile
(:mod:`benchmarks.quiet`). ``--quick`` and the size options shrink the workloads (for
trying the script, not for results); only a whole, full-size run writes results.md and
the README.
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
from dataclasses import dataclass
from pathlib import Path

import accesspack

from .batching import (
    bench_batch,
    bench_conversion,
    bench_scale_build,
    conversion_rows,
    scale_build_rows,
)
from .collation import bench_collation, bench_scale_pdf, collation_rows, scale_pdf_row
from .fixtures import make_pdfs
from .quiet import Watch
from .report import Row, replace_table, table_lines
from .single import bench_single

RESULTS = Path(__file__).with_name("results.md")
README = Path(__file__).resolve().parent.parent / "README.md"
BENCHES = ("collation", "conversion", "single", "batch", "scale")


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


def _scale(tmp: Path, quick: bool) -> list[Row]:
    """300 uploads, 6,000 pages: normalise + collate alone, then the whole FDA build."""
    pdf = bench_scale_pdf(tmp / "pdf", 30 if quick else 300, 600 if quick else 6000)
    files = make_pdfs(tmp / "uploads", 30 if quick else 300, 600 if quick else 6000)
    return [scale_pdf_row(pdf), *scale_build_rows(bench_scale_build(tmp / "build", files))]


@dataclass(frozen=True)
class Sizes:
    """How big each workload is (the defaults are the goals' sizes)."""

    quick: bool = False
    batch_cases: int = 100
    batch_runs: int = 3

    @property
    def full(self) -> bool:
        return not self.quick and (self.batch_cases, self.batch_runs) == (100, 3)


def benches(sizes: Sizes) -> dict[str, Callable[[Path], list[Row]]]:
    """Each measurement by name: it runs in a fresh folder and returns its rows."""
    q = sizes.quick
    return {
        "collation": lambda t: collation_rows(bench_collation(t)),
        "conversion": lambda t: conversion_rows(
            bench_conversion(t, 5 if q else 50, 4 if q else 12)),
        "single": lambda t: bench_single(t, 2 if q else 5, 1 if q else 3).rows(),
        "batch": lambda t: bench_batch(t, sizes.batch_cases, sizes.batch_runs,
                                       2 if q else 8).rows(),
        "scale": lambda t: _scale(t, q),
    }


def measure(names: list[str], sizes: Sizes) -> tuple[list[Row], list[str]]:
    """Run the benches ``names``: their rows, and a line each on what else ran."""
    todo = benches(sizes)
    rows: list[Row] = []
    activity: list[str] = []
    for name in names:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix=f"accesspack-bench-{name}-") as tmp:
            watch = Watch()
            try:
                with watch:
                    got = todo[name](Path(tmp))
            except Exception as exc:
                traceback.print_exc()
                got = [Row(name, f"failed: {exc.__class__.__name__}: {exc}", target="",
                           met=False)]
        rows += got
        if watch.activity is not None:
            line = f"- {name}: {watch.activity.describe()}."
            activity.append(line)
            print(f"  {line[2:]}", file=sys.stderr, flush=True)
        for row in got:
            print(f"  {row.goal}: {row.measured} | {row.ratio} {row.verdict}",
                  file=sys.stderr, flush=True)
    return rows, activity


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default=",".join(BENCHES),
                    help=f"comma-separated, of {', '.join(BENCHES)}")
    ap.add_argument("--quick", action="store_true", help="small workloads, fewer repeats")
    ap.add_argument("--batch-cases", type=int,
                    help=f"cases per batch (default {Sizes.batch_cases}; --quick: 6)")
    ap.add_argument("--batch-runs", type=int,
                    help=f"batch runs, 1 and 2 workers each (default {Sizes.batch_runs}; "
                    "--quick: 1)")
    args = ap.parse_args(argv)
    names = args.only.split(",")
    unknown = set(names) - set(BENCHES)
    if unknown:
        ap.error(f"unknown bench {', '.join(sorted(unknown))}; known: {', '.join(BENCHES)}")
    sizes = Sizes(args.quick,
                  args.batch_cases or (6 if args.quick else Sizes.batch_cases),
                  args.batch_runs or (1 if args.quick else Sizes.batch_runs))
    rows, activity = measure(names, sizes)
    quiet = len(activity) == len(names) and all(": quiet:" in line for line in activity)
    table = table_lines(rows)
    text = "\n".join([
        "# Benchmark results",
        "",
        f"Measured {dt.date.today().isoformat()} with `make bench`"
        + ("" if sizes.full else " (smaller workloads, not comparable)") + ".",
        "",
        f"Machine: {machine()}.",
        "",
        *table,
        "",
        "While measuring, the machine " + ("ran nothing else" if quiet else
                                          "was running other work") + " (other processes' "
        "CPU during each measurement, load average before and after):",
        "",
        *activity,
    ])
    print(text)
    if sizes.full and names == list(BENCHES):
        RESULTS.write_text(text + "\n", encoding="utf-8")
        README.write_text(replace_table(README.read_text(encoding="utf-8"), table),
                          encoding="utf-8")
        print(f"\nwritten to {RESULTS} and the table of {README}", file=sys.stderr)
    return 0 if all(row.met is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
