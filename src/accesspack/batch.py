"""Many builds at once, on any executor shaped like :class:`concurrent.futures.Executor`.

    >>> result = accesspack.build_many(["a/case.yaml", "b/case.yaml"], "fda/single-patient",
    ...                                "out/batch")
    >>> print(result.summary())

- Each case is built into ``<out_dir>/<case_id>/`` by :func:`accesspack.build`.
- By default the cases run in a pool of processes, one per core. Any object with
  ``submit(fn, *args)`` returning a :class:`concurrent.futures.Future` works instead: a
  ``ProcessPoolExecutor`` of your own, or a Dask cluster's
  ``distributed.Client(address).get_executor()``. The work is a module-level function
  and plain data, so it pickles; workers must see the case's upload files at the same paths.
- Every worker process keeps ONE converter for all the cases it builds: a
  :class:`~accesspack.convert.LibreOfficeServerConverter` (a LibreOffice kept running,
  with its own profile, restarted after a crash or a hang) when a Python with ``uno`` is
  installed, else a :class:`~accesspack.convert.LibreOfficeConverter`. It is stopped when
  the batch ends (Dask workers are asked to stop theirs), and dies with its worker.
- A case's outcome is a value, never an exception: one bad case does not stop the
  others. :class:`BatchResult` lists them, with the reasons of the failures.
- A case whose bundle is already in ``<out_dir>/<case_id>/`` and whose inputs (the case,
  its uploads), route files, templates, options and accesspack version are unchanged,
  as the bundle's manifest records them, is skipped unless ``force`` is true.

Spawned worker processes import the caller's ``__main__``: a script that calls
:func:`build_many` must do so under ``if __name__ == "__main__":``.
"""

from __future__ import annotations

import atexit
import concurrent.futures as cf
import functools
import json
import logging
import multiprocessing
import os
import resource
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from ._version import __version__
from .bundle import build
from .convert import (
    Converter,
    LibreOfficeConverter,
    LibreOfficeServerConverter,
    find_soffice,
    find_uno_python,
)
from .digests import case_digest, sha256_file
from .display import Cell, Html, badge, box, esc, heading, table
from .errors import AccesspackError, ConverterNotFoundError
from .ledger import Ledger
from .malloc import give_back, one_arena
from .manifest import Manifest
from .model import Case, load_case
from .pdf.ocr import set_ocr_jobs, usable_cpus
from .progress import progress_bar, want_progress
from .routes.registry import Route, load_route

__all__ = ["BatchResult", "CaseResult", "Executor", "build_many", "worker_converter"]

log = logging.getLogger("accesspack")

Status = Literal["built", "skipped", "failed"]


class Executor(Protocol):
    """What :func:`build_many` needs of an executor: ``submit`` returning a Future."""

    def submit(self, fn: Callable[..., Any], /, *args: Any,
               **kwargs: Any) -> cf.Future[Any]: ...


@dataclass(frozen=True)
class CaseResult:
    """The outcome of one case of a batch.

    ``source`` is the case file as given (or ``case <id>`` for a :class:`Case` object).
    ``timings`` are seconds per build step; ``memory_mb`` the peak resident memory of the
    worker process (``worker``) and of its LibreOffice (``office``) when the case ended.
    """

    source: str
    status: Status
    case_id: str | None = None
    path: Path | None = None
    packets: dict[str, Path] = field(default_factory=dict)
    ready: bool | None = None
    gaps: int = 0
    pages: int = 0
    error: str | None = None
    error_type: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
    worker: str = ""
    memory_mb: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the case was built or skipped as unchanged."""
        return self.status != "failed"


@dataclass(frozen=True)
class BatchResult:
    """Every case's :class:`CaseResult`, in the order the cases were given."""

    route: str
    out_dir: Path
    results: list[CaseResult]
    elapsed: float

    #: the columns of :meth:`summary` and of the notebook view, one per :meth:`_rows` cell
    _HEAD = ("case file", "case id", "status", "ledger", "pages", "seconds")

    @property
    def built(self) -> list[CaseResult]:
        return [r for r in self.results if r.status == "built"]

    @property
    def skipped(self) -> list[CaseResult]:
        return [r for r in self.results if r.status == "skipped"]

    @property
    def failed(self) -> list[CaseResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def ok(self) -> bool:
        """True when no case failed."""
        return not self.failed

    def _rows(self) -> list[list[str]]:
        rows = []
        for r in self.results:
            ledger = "" if r.ready is None else ("ready" if r.ready else f"{r.gaps} gap(s)")
            seconds = f"{r.timings['total']:.1f}" if "total" in r.timings else ""
            rows.append([r.source, r.case_id or "", r.status, ledger,
                         str(r.pages or ""), seconds])
        return rows

    def _totals(self) -> str:
        """``2 built, 0 skipped (unchanged), 1 failed``: the counts both views state."""
        return (f"{len(self.built)} built, {len(self.skipped)} skipped (unchanged), "
                f"{len(self.failed)} failed")

    def summary(self) -> str:
        """A plain-text table of every case, then the failures with their reasons."""
        head = list(self._HEAD)
        rows = self._rows()
        widths = [max(len(x) for x in col) for col in zip(head, *rows, strict=False)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
                 for row in [head, ["-" * w for w in widths], *rows]]
        lines.append(
            f"{self._totals()}, in {self.elapsed:.1f} s; bundles in {self.out_dir}")
        for r in self.failed:
            lines.append(f"FAILED {r.source}: {r.error_type}: {r.error}")
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        """The results as JSON (paths as strings)."""
        def plain(r: CaseResult) -> dict[str, Any]:
            return {**r.__dict__, "path": str(r.path) if r.path else None,
                    "packets": {k: str(v) for k, v in r.packets.items()}}
        return json.dumps({"route": self.route, "out_dir": str(self.out_dir),
                           "elapsed": self.elapsed, "results": [plain(r) for r in self.results]},
                          indent=2, ensure_ascii=False) + "\n"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython's plain-text view (stored in notebooks beside the HTML one): the
        :meth:`summary`, not the dataclass repr of every result."""
        printer.text("BatchResult(...)" if cycle else self.summary().rstrip("\n"))

    def _repr_html_(self) -> str:
        tones = {"built": "good", "skipped": "muted", "failed": "bad"}
        rows = ([*row[:2], badge(r.status, tones[r.status]), *row[3:]]
                for r, row in zip(self.results, self._rows(), strict=True))
        parts: list[Cell] = [
            Html(f"<div>route <code>{esc(self.route)}</code>: {esc(self._totals())} in "
                 f"{self.elapsed:.1f} s; bundles in <code>{esc(str(self.out_dir))}</code></div>"),
            table(self._HEAD, rows)]
        if self.failed:
            parts += [heading(f"Failures ({len(self.failed)})"),
                      table(["case file", "error", "reason"],
                            ([r.source, r.error_type, r.error] for r in self.failed))]
        return str(box("accesspack batch", *parts))


# -- the work done in a worker -------------------------------------------------------

_CONVERTER: Converter | None = None
_CONVERTER_LOCK = threading.Lock()  # a Dask worker may run several tasks in threads


def worker_converter() -> Converter:
    """This process's batch converter, created on first use and kept until exit.

    A :class:`LibreOfficeServerConverter` when a Python with ``uno`` is found, else a
    :class:`LibreOfficeConverter` (one LibreOffice start per case; a warning says so).
    """
    global _CONVERTER
    with _CONVERTER_LOCK:
        if _CONVERTER is None:
            soffice = find_soffice()  # no LibreOffice at all: that error stands
            try:
                python = find_uno_python(soffice)
            except ConverterNotFoundError as exc:
                log.warning("%s; converting with one LibreOffice start per case instead", exc)
                _CONVERTER = LibreOfficeConverter(soffice)
            else:
                _CONVERTER = LibreOfficeServerConverter(soffice, python, instances=1)
            atexit.register(close_worker_converter)
        return _CONVERTER


def close_worker_converter() -> None:
    """Stop this process's batch converter (and its LibreOffice), if it has one."""
    global _CONVERTER
    with _CONVERTER_LOCK:
        if _CONVERTER is not None:
            _CONVERTER.close()
            _CONVERTER = None


@dataclass(frozen=True)
class _Job:
    run: str  # makes every submitted call distinct (Dask deduplicates identical ones)
    source: str
    case: Case
    route: str
    out: Path
    draft: bool
    options: dict[str, str]


def _peak_mb() -> dict[str, float]:
    peaks = {"worker": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    office = getattr(_CONVERTER, "office_pid", None)
    if office:
        peaks["office"] = _group_peak_kb(office) / 1024
    return peaks


def _group_peak_kb(pgid: int) -> int:
    """Sum of the peak resident memory (VmHWM) of the processes in group ``pgid``."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[2]) != pgid:
                continue
            for line in Path(entry.path, "status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return total


def init_worker() -> None:
    """What a worker of the pool :func:`build_many` starts does first: one malloc arena
    (:mod:`accesspack.malloc`), so that what one case's threads freed serves the next."""
    one_arena()


def _build_one(job: _Job, ocr_jobs: int = 1) -> CaseResult:
    """Build one case, OCR reading ``ocr_jobs`` scanned pages at a time; every failure
    becomes a ``failed`` result, never an exception. Then what the build freed goes back
    to the system (:mod:`accesspack.malloc`)."""
    try:
        return _build_case(job, ocr_jobs)
    finally:
        give_back()  # the bundle and every object of the build are gone by now


def _build_case(job: _Job, ocr_jobs: int) -> CaseResult:
    worker = f"{socket.gethostname()}:{os.getpid()}"
    started = time.perf_counter()
    set_ocr_jobs(ocr_jobs)
    try:
        bundle = build(job.case, job.route, job.out, draft=job.draft, options=job.options,
                       converter=worker_converter())
    except Exception as exc:
        expected = isinstance(exc, AccesspackError)
        if not expected:
            log.exception("unexpected failure in case %s", job.case.case_id)
        return CaseResult(
            source=job.source, status="failed", case_id=job.case.case_id,
            error=str(exc) if expected else f"{exc.__class__.__name__}: {exc}",
            error_type=exc.__class__.__name__,
            timings={"total": time.perf_counter() - started}, worker=worker,
            memory_mb=_peak_mb())
    return CaseResult(
        source=job.source, status="built", case_id=job.case.case_id, path=bundle.path,
        packets=dict(bundle.packets), ready=bundle.ledger.ready, gaps=len(bundle.ledger.gaps),
        pages=sum(p.pages for p in bundle.manifest_model.packets),
        timings=dict(bundle.timings), worker=worker, memory_mb=_peak_mb())


# -- skip-unchanged -------------------------------------------------------------------

def unchanged(case: Case, route: Route, out: Path, *, draft: bool, options: dict[str, str],
              route_digest: str | None = None,
              digest: Callable[[Path], str] = sha256_file) -> Manifest | None:
    """The manifest of the bundle in ``out`` if rebuilding would give the same bundle.

    Same accesspack version, route, route files and templates, options, draft flag, case
    content and upload contents, and every packet and ledger file still has the hash the
    manifest says.
    A batch passes ``route_digest`` (``route.files_digest()``, computed once) and a
    ``digest`` that remembers files its cases share. A manifest that cannot be read, or
    is not this version's, is ``None`` (the case is built again).
    """
    try:
        manifest = Manifest.read(out / "manifest.json")
        if (manifest.accesspack != __version__ or manifest.route != route.id
                or manifest.route_files_sha256 != (route_digest or route.files_digest())
                or manifest.options != route.options(options) or manifest.draft != draft
                or manifest.inputs.case_sha256 != case_digest(case)):
            return None
        uploads = {a.id: a.path for a in case.attachments}
        for item in manifest.inputs.attachments:
            path = uploads.get(item.id)
            if path is None or digest(Path(path)) != item.sha256:
                return None
        for packet in manifest.packets:
            if sha256_file(out / packet.file) != packet.sha256:
                return None
        for kept in manifest.ledger:  # a skip reads ledger.json: a damaged one is rebuilt
            if sha256_file(out / kept.file) != kept.sha256:
                return None
    except (OSError, ValueError, KeyError, TypeError):  # ValidationError is a ValueError
        return None
    return manifest


def _skipped(source: str, case: Case, out: Path, manifest: Manifest) -> CaseResult:
    ledger = Ledger.model_validate_json((out / "ledger.json").read_bytes())
    return CaseResult(
        source=source, status="skipped", case_id=case.case_id, path=out,
        packets={p.id: out / p.file for p in manifest.packets},
        ready=manifest.ready, gaps=len(ledger.gaps),
        pages=sum(p.pages for p in manifest.packets))


# -- the batch ------------------------------------------------------------------------

def _load(items: Iterable[Case | str | Path], confine_uploads: bool = False,
          ) -> Iterator[tuple[str, Case | AccesspackError]]:
    for item in items:
        if isinstance(item, Case):
            yield f"case {item.case_id}", item
            continue
        try:
            yield str(item), load_case(item, confine_uploads=confine_uploads)
        except AccesspackError as exc:
            yield str(item), exc


def _failed(source: str, exc: AccesspackError, case_id: str | None = None) -> CaseResult:
    return CaseResult(source=source, status="failed", case_id=case_id, error=str(exc),
                      error_type=exc.__class__.__name__)


def build_many(
    cases: Iterable[Case | str | Path],
    route: str | Route,
    out_dir: str | Path,
    executor: Executor | None = None,
    *,
    workers: int | None = None,
    draft: bool = False,
    options: dict[str, str] | None = None,
    force: bool = False,
    progress: bool | None = None,
    confine_uploads: bool = False,
) -> BatchResult:
    """Build every case on ``route``, each into ``<out_dir>/<case_id>/``.

    ``cases`` are case files or :class:`Case` objects. ``executor`` runs the builds; by
    default a pool of ``workers`` processes (default: one per core), shut down at the end.
    Unchanged cases are skipped unless ``force``. ``progress`` shows a progress bar
    (terminal or notebook); by default when stderr is a terminal or in a notebook.
    ``confine_uploads`` is passed to :func:`~accesspack.load_case` for the case files
    (:class:`Case` objects are already loaded).

    Never raises for a case: read :attr:`BatchResult.failed`. Raises
    :class:`~accesspack.errors.RouteError` for an unknown route (no case could be built).
    """
    started = time.perf_counter()
    rt = load_route(route)
    opts = dict(options or {})
    out_root = Path(out_dir).absolute()
    run = uuid.uuid4().hex
    results: dict[int, CaseResult] = {}
    jobs: dict[int, _Job] = {}
    seen: dict[str, str] = {}
    route_digest = rt.files_digest()
    upload_digest = functools.cache(sha256_file)  # generated cases often share uploads
    for index, (source, loaded) in enumerate(_load(cases, confine_uploads)):
        if isinstance(loaded, AccesspackError):
            results[index] = _failed(source, loaded)
            continue
        case = loaded
        if case.case_id in seen:
            results[index] = _failed(source, AccesspackError(
                f"case id {case.case_id} is also the id of {seen[case.case_id]}; every case "
                "of a batch needs its own id (its bundle folder)"), case.case_id)
            continue
        seen[case.case_id] = source
        out = out_root / case.case_id
        manifest = None if force else unchanged(case, rt, out, draft=draft, options=opts,
                                                route_digest=route_digest, digest=upload_digest)
        if manifest is not None:
            results[index] = _skipped(source, case, out, manifest)
            continue
        jobs[index] = _Job(run, source, case, rt.id, out, draft, opts)

    total = len(results) + len(jobs)
    bar = progress_bar(total, len(results), want_progress(progress),
               failed=sum(r.status == "failed" for r in results.values()))
    own = executor is None
    pool: Any = executor
    try:
        pending = dict(jobs)
        for attempt in (1, 2):
            if not pending:
                break
            # OCR reads a case's scanned pages on the cores the other workers leave free
            # (none: one page at a time); another executor is taken to fill the machine
            ocr_jobs = 1
            if own:
                size = min(workers or os.cpu_count() or 1, len(pending))
                pool = cf.ProcessPoolExecutor(
                    max_workers=size, mp_context=multiprocessing.get_context("spawn"),
                    initializer=init_worker)
                ocr_jobs = max(1, usable_cpus() // size)
            futures = {pool.submit(_build_one, job, ocr_jobs): i
                       for i, job in pending.items()}
            broken: dict[int, _Job] = {}
            for future in cf.as_completed(futures):
                i = futures[future]
                try:
                    results[i] = future.result()
                except cf.process.BrokenProcessPool:
                    if attempt == 1 and own:  # a worker died: its cases get a new pool
                        broken[i] = pending[i]
                        continue
                    results[i] = _crashed(pending[i], "its worker process died")
                except Exception as exc:  # the executor failed (e.g. a Dask worker killed)
                    results[i] = _crashed(pending[i], f"{exc.__class__.__name__}: {exc}")
                bar(results[i])
            if own:
                pool.shutdown(wait=True)
                pool = None
            pending = broken
    finally:
        if own and pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        elif not own:
            _stop_remote_converters(executor)
        bar(None)
    ordered = [results[i] for i in sorted(results)]
    return BatchResult(route=rt.id, out_dir=out_root, results=ordered,
                       elapsed=time.perf_counter() - started)


def _crashed(job: _Job, why: str) -> CaseResult:
    return CaseResult(source=job.source, status="failed", case_id=job.case.case_id,
                      error=f"the build did not finish: {why}", error_type="WorkerError")


def _stop_remote_converters(executor: Any) -> None:
    """Ask every worker of a Dask client to stop its LibreOffice (other executors own
    their workers: a process pool's workers stop theirs when they exit)."""
    client = getattr(executor, "_client", None)
    run = getattr(client, "run", None)
    if run is None:
        return
    try:
        run(close_worker_converter)
    except Exception as exc:  # the cluster may be going away; its workers take LO along
        log.warning("could not ask the Dask workers to stop LibreOffice: %s", exc)
