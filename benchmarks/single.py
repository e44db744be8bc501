"""One FDA build, against one cold ``soffice --convert-to pdf`` of one DOCX (issue 22).

- :func:`cold_soffice`: the reference. ``soffice --headless --convert-to pdf`` of ONE
  generated DOCX of the route (:data:`REFERENCE_DOCX`, the clinical summary: the longest
  generated document, so the reference is not the cheapest conversion), a new soffice
  process each time, its start included (wall time of the process). A first run makes
  the private profile and is reported on its own (``first_seconds``); the reference is
  the median of the ``runs`` after it, on that profile.
- :func:`warm_build`: ``accesspack.build`` of the FDA example in a new Python process
  whose :class:`~accesspack.convert.LibreOfficeServerConverter` was started before the
  clock starts: the first build of that process (nothing else is warm: OCR, templates,
  fonts), then the same case again in that process (what a batch worker's later cases
  cost), with the build's own timings.
- :func:`cli_build`: ``python -m accesspack build ...`` in a new process, its own
  LibreOffice started and stopped (a new profile), the median of ``runs``; beside it,
  the median of ``python -c "import accesspack.cli"`` (the imports a command pays).

Beside each goal, its floor on this machine, measured in the same run: what the build
cannot do without, whatever accesspack's own code costs.

- Warm build: the conversion alone of that build's documents, through the same warm
  LibreOffices, nothing else running in the process (median of 3), and the CPU time of
  the processes the first build ran and waited for (Tesseract, under OCR: it cannot take
  less wall time than that CPU time over the machine's cores).
- CLI build: a new process that starts a LibreOffice as ``accesspack build`` does (one
  instance, a new profile) and converts the same documents, then stops it.

No run reads an on-disk OCR store (``ACCESSPACK_OCR_CACHE`` is removed from the children's
environment): each process OCRs the example's scanned pages itself.
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

from .cases import FDA_EXAMPLE, ROOT
from .report import Row, median_spread

__all__ = ["REFERENCE_DOCX", "ROUTE", "Single", "bench_single", "cli_build", "cold_soffice",
           "warm_build"]

ROUTE = "fda/single-patient"
#: the route's generated document the reference converts (``documents/<this>``)
REFERENCE_DOCX = "clinical-summary.docx"
WARM_GOAL = 0.6
CLI_GOAL = 1.5


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "ACCESSPACK_OCR_CACHE"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), str(ROOT),
                                                    env.get("PYTHONPATH", "")) if p)
    return env


def _wall(cmd: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(list(cmd), check=True, capture_output=True, cwd=cwd, env=env,
                   stdin=subprocess.DEVNULL)
    return time.perf_counter() - started


@dataclass(frozen=True)
class Reference:
    docx: str
    first_seconds: float  #: the first run, which makes the profile
    runs: tuple[float, ...]

    @property
    def seconds(self) -> float:
        return median_spread(self.runs)[0]


def cold_soffice(docx: Path, tmp: Path, runs: int = 5) -> Reference:
    """One new soffice per conversion of ``docx``; see the module's docstring."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise RuntimeError("soffice is not installed")
    home = tmp / "soffice-home"
    home.mkdir(parents=True)
    cmd = [soffice, f"-env:UserInstallation={(home / 'profile').as_uri()}", "--headless",
           "--norestore", "--nologo", "--convert-to", "pdf", "--outdir", str(tmp / "pdf"),
           str(docx)]
    env = dict(os.environ, HOME=str(home))
    first = _wall(cmd, home, env)
    return Reference(docx.name, first, tuple(_wall(cmd, home, env) for _ in range(runs)))


_WARM_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from accesspack import build, load_case
from accesspack.convert import LibreOfficeServerConverter
case = load_case(sys.argv[1])
out = Path(sys.argv[2])
builds = []

def children_cpu():
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime

with LibreOfficeServerConverter() as conv:
    conv.start()  # warm before the clock starts
    for n in (1, 2):
        cpu = children_cpu()
        t = time.perf_counter()
        bundle = build(case, sys.argv[3], out / f"build-{n}", converter=conv)
        builds.append({"seconds": time.perf_counter() - t, "timings": bundle.timings,
                       "children_cpu": children_cpu() - cpu})
    docs = sorted((out / "build-1" / "documents").glob("*.docx"))
    alone = []
    for n in range(3):
        t = time.perf_counter()
        conv.convert(docs, out / f"alone-{n}")
        alone.append(time.perf_counter() - t)
builds.append({"documents": len(docs), "convert_alone": sorted(alone)[1],
               "instances": conv.instances})
print(json.dumps(builds))
"""

_CLI_FLOOR_CHILD = r"""
import json, sys, time
from pathlib import Path
t = time.perf_counter()
from accesspack.convert import LibreOfficeServerConverter
docs = sorted(Path(sys.argv[1]).glob("*.docx"))
with LibreOfficeServerConverter(instances=1) as conv:
    conv.convert(docs, Path(sys.argv[2]))
print(json.dumps({"seconds": time.perf_counter() - t, "documents": len(docs)}))
"""


@dataclass(frozen=True)
class WarmBuild:
    seconds: float  #: the first build of a process, LibreOffice already running
    again: float  #: the same case built again in that process
    timings: dict[str, float]  #: the first build's own timings (Bundle.timings)
    #: CPU seconds of the processes the first build ran and waited for (Tesseract)
    children_cpu: float = 0.0
    documents: int = 0  #: the DOCX the build converted
    #: their conversion alone through the same warm LibreOffices (median of 3)
    convert_alone: float = 0.0
    instances: int = 1  #: LibreOffices of that converter


def warm_build(tmp: Path, case: Path = FDA_EXAMPLE) -> WarmBuild:
    """Two builds of ``case`` in a new process with a warm converter; see the docstring."""
    done = subprocess.run([sys.executable, "-c", _WARM_CHILD, str(case), str(tmp), ROUTE],
                          check=True, capture_output=True, text=True, cwd=ROOT, env=_env())
    first, again, floor = json.loads(done.stdout.strip().splitlines()[-1])
    return WarmBuild(first["seconds"], again["seconds"], first["timings"],
                     first["children_cpu"], floor["documents"], floor["convert_alone"],
                     floor["instances"])


@dataclass(frozen=True)
class CliBuild:
    runs: tuple[float, ...]
    imports: float  #: median wall time of ``python -c "import accesspack.cli"``
    #: a new process starting LibreOffice (new profile) and converting the build's DOCX
    floor: tuple[float, ...] = ()

    @property
    def seconds(self) -> float:
        return median_spread(self.runs)[0]


def cli_build(tmp: Path, runs: int = 3, case: Path = FDA_EXAMPLE) -> CliBuild:
    """``python -m accesspack build`` of ``case``, a new process each run; then its floor
    (see the module's docstring), ``runs`` times."""
    env = _env()
    seconds = tuple(_wall([sys.executable, "-m", "accesspack", "build", str(case), "--route",
                           ROUTE, "--out", str(tmp / f"cli-{n}")], ROOT, env)
                    for n in range(runs))
    imports = median_spread([_wall([sys.executable, "-c", "import accesspack.cli"], ROOT, env)
                             for _ in range(runs)])[0]
    floor = []
    for n in range(runs):
        done = subprocess.run([sys.executable, "-c", _CLI_FLOOR_CHILD,
                               str(tmp / "cli-0" / "documents"), str(tmp / f"floor-{n}")],
                              check=True, capture_output=True, text=True, cwd=ROOT, env=env)
        floor.append(json.loads(done.stdout.strip().splitlines()[-1])["seconds"])
    return CliBuild(seconds, imports, tuple(floor))


@dataclass(frozen=True)
class Single:
    reference: Reference
    warm: WarmBuild
    cli: CliBuild

    def rows(self) -> list[Row]:
        ref, warm, cli = self.reference, self.warm, self.cli
        lo, hi = min(ref.runs), max(ref.runs)
        reference = (f"one cold `soffice --convert-to pdf` of {ref.docx}: {ref.seconds:.2f} s "
                     f"(median of {len(ref.runs)}, {lo:.2f}-{hi:.2f} s, start included; "
                     f"its first run, making the profile, {ref.first_seconds:.2f} s)")
        t = dict.fromkeys(("render", "convert", "normalise", "ocr", "collate", "preflight"),
                          0.0) | warm.timings
        steps = (f"rendering {t['render']:.2f} s; converting {t['convert']:.2f} s beside "
                 f"normalising the uploads {t['normalise']:.2f} s, OCR {t['ocr']:.2f} s of "
                 f"it; collating {t['collate']:.2f} s; preflight {t['preflight']:.2f} s")
        warm_ratio = warm.seconds / ref.seconds
        cli_ratio = cli.seconds / ref.seconds
        cores = os.cpu_count() or 1
        budget = WARM_GOAL * ref.seconds
        floor = (f"; floor on this machine, whatever accesspack's own code costs: the "
                 f"conversion alone of its {warm.documents} DOCX through the same "
                 f"{warm.instances} warm LibreOffice{'' if warm.instances == 1 else 's'} "
                 f"{warm.convert_alone:.2f} s ({warm.convert_alone / ref.seconds:.2f}x), and "
                 f"the OCR's Tesseract {warm.children_cpu:.2f} CPU s (at least "
                 f"{warm.children_cpu / cores:.2f} s on {cores} cores), against the goal's "
                 f"{budget:.2f} s")
        cli_floor = ""
        if cli.floor:
            low = median_spread(cli.floor)[0]
            cli_floor = (f"; floor: a new process starting one LibreOffice on a new profile "
                         f"and converting those {warm.documents} DOCX, {low:.2f} s "
                         f"({low / ref.seconds:.2f}x), before any OCR (the same "
                         f"{warm.children_cpu:.2f} CPU s)")
        return [
            Row("One FDA build (examples/fda-single-patient), LibreOffice kept warm",
                f"{warm.seconds:.2f} s, the first build of its process ({steps}); the same "
                f"case again in that process, its scans' OCR kept in memory, "
                f"{warm.again:.2f} s ({warm.again / ref.seconds:.2f}x){floor}",
                reference, f"{warm_ratio:.2f}x", f"≤ {WARM_GOAL}x", warm_ratio <= WARM_GOAL),
            Row("One FDA build from the CLI, cold (`python -m accesspack build`, its own "
                "LibreOffice and profile)",
                f"{cli.seconds:.2f} s (median of {len(cli.runs)}, "
                f"{min(cli.runs):.2f}-{max(cli.runs):.2f} s; `import accesspack.cli` "
                f"{cli.imports:.2f} s of it){cli_floor}",
                f"the same, {ref.seconds:.2f} s", f"{cli_ratio:.2f}x", f"≤ {CLI_GOAL}x",
                cli_ratio <= CLI_GOAL),
        ]


def bench_single(tmp: Path, reference_runs: int = 5, cli_runs: int = 3) -> Single:
    """The warm build first (its bundle holds the reference's DOCX), then the reference,
    then the CLI builds."""
    warm = warm_build(tmp / "warm")
    docx = tmp / "warm" / "build-1" / "documents" / REFERENCE_DOCX
    reference = cold_soffice(docx, tmp / "reference", reference_runs)
    return Single(reference, warm, cli_build(tmp / "cli", cli_runs))
