"""An invisible OCR text layer for the scanned pages of an upload (ocrmypdf over Tesseract).

A page that is a scanned image without any text (:func:`~.page_scan.scanned_pages`: the
preflight's own test) gets the words Tesseract reads on it as invisible text, drawn
before the page's own content. The page shows exactly what it showed: its image XObjects
and content streams are kept byte for byte, and one content stream drawing the layer is
put first. Its text can then be searched, selected and read aloud.

- :func:`ocr_language`: the Tesseract language data for a case's language code
  (``en`` -> ``eng``, ``fr`` -> ``fra``, ``de`` -> ``deu``, ``it`` -> ``ita``,
  ``es`` -> ``spa``, ``zh``/``zh-Hans`` -> ``chi_sim``); None for any other language.
- :func:`ocr_engine`: whether OCR runs here (the ocrmypdf package, the ``tesseract``
  program) and which language data Tesseract has.
- :func:`add_text_layer`: OCR the scanned pages of a normalised PDF in place, in the
  upload's language (then the route's, when Tesseract has it); returns an
  :class:`OcrResult`: the pages that got text, in which languages, or why none did.
  :func:`add_text_layers` does it for several PDFs (a build's uploads) in one run.
- :func:`ocr_jobs` / :func:`set_ocr_jobs`: how many pages are read at a time.

How it is done:

1. The scanned pages (of every file read in the same languages) are copied into a PDF
   of their own, which ocrmypdf reads with ``mode="skip"``, ``output_type="pdf"`` and
   ``optimize=0`` (no PDF/A conversion, so Ghostscript is not needed, and no image is
   re-encoded). Pages are rasterised by pypdfium2 (named, so a machine with Ghostscript
   reads the same pixels) and read by Tesseract :func:`ocr_jobs` at a time (the CPUs
   this process may use, never more than the pages: ocrmypdf then runs each Tesseract
   on one OpenMP thread; a batch worker reads one at a time when the workers already
   use every core), at most :data:`PAGE_TIMEOUT` seconds a page; a page that takes
   longer stays without text, and the result says so (:attr:`OcrResult.skipped`,
   ``timeout``: ocrmypdf logs it and writes an empty layer). One OCR runs at a time in
   a process (:data:`_OCR_LOCK`), whatever the threads: ocrmypdf and the libraries it
   drives touch process-wide state (``sys.stderr``, their loggers).
1a. Pages read side by side give the same bytes as pages read one by one: ocrmypdf's
   fpdf2 renderer draws the text of all the pages of a run with one font subset, taking
   them in the order Tesseract finished them (a two-page TIFF read two at a time gave
   other bytes one build in three); :func:`_render_per_file` makes it draw each file's
   pages on their own, in page order, so a file's layer is what reading it alone one
   page at a time gives, whatever the other files of the run. Chosen by measurement
   over the alternatives: Tesseract's own text-only PDF (``pdf_renderer="sandwich"``)
   is per page and order-free too, but poppler then reads a heading's words out of
   order ("CENTER — DEPARTMENT UNIVERSITY MEDICAL BRAMBLEWOOD" on the CT report); one
   ocrmypdf per file in subprocesses would pay a Python start and ocrmypdf import per
   upload; ``jobs`` above the pages gives each Tesseract several OpenMP threads, which
   tripled the CPU time of a one-page file here.
1b. Every file OCR writes (the scanned pages' PDF, ocrmypdf's output and its own work
   folder of page images and hOCR) is under the folder the caller names (a build's
   hidden ``.work`` folder), so a build killed half-way leaves no page of a patient's
   scan in the system's temporary folder.
2. Only the text layer is taken from ocrmypdf's output: the Form XObject it made for
   each page (its fonts embedded) and the matrix it is drawn with. They are grafted onto
   the upload's copy under a fixed name, and the copy is written by
   :func:`~.write.save_pdf`. ocrmypdf's random XObject names, its XMP dates and its
   document id never reach the bundle, so two builds give the same bytes.

OCR is the user's choice: without ocrmypdf, without Tesseract, without the language data
of the upload's language, or for a language OCR does not read, the pages stay as they
are, :class:`OcrResult` says why (:attr:`OcrResult.skipped`, with what to install) and
the build goes on; :func:`accesspack.findings.ocr_rows` turns that into a ledger row.

A process reads the same file once: what a copy became is kept in memory, by the sha256
of the copy and the languages, for the next build of the same upload (a batch of cases
sharing uploads). On disk only when ``ACCESSPACK_OCR_CACHE`` names a folder
(:mod:`.ocr_cache`: off by default, since it holds patient data), for rebuilds in new
processes. The same bytes give the same layer, so this changes
nothing but the time; at most :data:`_KEPT_FILES` files and :data:`_KEPT_BYTES` bytes. A
read that timed out is never kept: it says more of the machine's load than of the file.

What ocrmypdf and the libraries it drives (fontTools, fpdf2, pdfminer, pypdfium2) log
goes to this module's debug log as their message templates only: ocrmypdf quotes the
words it read in some warnings, and a scan's words are patient data. Nothing here uses
the network.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

import pikepdf

from ..digests import sha256_file
from ..files import atomic_write
from ..malloc import give_back
from . import ocr_cache
from .page_scan import scanned_pages
from .preflight_report import pages_text
from .write import save_pdf

__all__ = ["PAGE_TIMEOUT", "OcrEngine", "OcrFile", "OcrLanguage", "OcrResult", "OcrSkip",
           "add_text_layer", "add_text_layers", "ocr_engine", "ocr_jobs", "ocr_language",
           "set_ocr_jobs", "usable_cpus"]

log = logging.getLogger(__name__)

#: The most seconds Tesseract may spend on one page; a page that takes longer keeps no
#: text layer. A letter page scanned at 200 to 300 dpi takes 2 to 5 seconds here.
PAGE_TIMEOUT = 60.0
#: The ocrmypdf release accesspack is tested with (pinned in pyproject.toml).
OCRMYPDF_VERSION = "17.13.0"
#: What the layer's Form XObject is called in a page's resources (then ``OCRText1``...).
_LAYER_NAME = "/OCRText"
#: The most files, and bytes, of OCR results a process keeps (see the module's docstring);
#: a file over a quarter of the bytes is not kept. They stay resident in a batch worker
#: for the rest of the batch, beside LibreOffice and Tesseract (the goal: < 400 MB a
#: worker), and help only when the same upload comes again: the FDA example's three scans
#: take 0.65 MB, so a batch whose cases have their own scans keeps 32 files in about
#: 7 MB, never read again; 64 MB before, now 16 MB at most.
_KEPT_FILES = 32
_KEPT_BYTES = 16 * 1024 * 1024
_LIBRARY_LOGGERS = ("ocrmypdf", "fontTools", "fpdf", "pdfminer", "pypdfium2")
#: What ocrmypdf 17 logs (logger ``ocrmypdf._exec.tesseract``) when Tesseract took longer
#: than its timeout on a page: the page then gets an empty text layer.
_TIMEOUT_TEMPLATE = "[tesseract] took too long to OCR - skipping"
_INSTALL = (f"Install OCR and build again (pip install ocrmypdf=={OCRMYPDF_VERSION} in "
            "accesspack's Python environment, and the Tesseract OCR engine: on Debian or "
            "Ubuntu, sudo apt-get install tesseract-ocr), or replace them with searchable "
            "PDFs")


@dataclass(frozen=True)
class OcrLanguage:
    """A language OCR reads: Tesseract's code for it, its English name, and the Debian
    package holding its language data."""

    code: str
    name: str
    package: str


_LANGUAGES = {
    "en": OcrLanguage("eng", "English", "tesseract-ocr-eng"),
    "fr": OcrLanguage("fra", "French", "tesseract-ocr-fra"),
    "de": OcrLanguage("deu", "German", "tesseract-ocr-deu"),
    "it": OcrLanguage("ita", "Italian", "tesseract-ocr-ita"),
    "es": OcrLanguage("spa", "Spanish", "tesseract-ocr-spa"),
    "zh": OcrLanguage("chi_sim", "simplified Chinese", "tesseract-ocr-chi-sim"),
}
#: Chinese written in simplified characters (``zh`` alone is read so, as the routes use it).
_SIMPLIFIED = frozenset({"zh", "zh-hans", "zh-cn", "zh-sg"})
_READS = "English, French, German, Italian, Spanish and simplified Chinese"


def ocr_language(code: str) -> OcrLanguage | None:
    """The language data OCR reads text in ``code`` (a case's language code, ``fr`` or
    ``fr-CA``) with; None when OCR does not read that language (traditional Chinese
    among them)."""
    low = code.lower()
    base = low.split("-", 1)[0]
    if base == "zh":
        return _LANGUAGES["zh"] if low in _SIMPLIFIED else None
    return _LANGUAGES.get(base)


# -- is OCR installed? -----------------------------------------------------------------------


@dataclass(frozen=True)
class OcrEngine:
    """What OCR can do on this machine: the Tesseract language data installed, or why
    it cannot run at all (``missing``, a plain-English clause: "OCR is not installed
    (...)")."""

    languages: frozenset[str] = frozenset()
    missing: str | None = None
    #: the first line ``tesseract --version`` prints (part of an on-disk store's key)
    version: str = ""


@functools.cache
def ocr_engine() -> OcrEngine:
    """Whether OCR runs here: ocrmypdf imports and ``tesseract --list-langs`` answers.
    Asked once per process."""
    try:
        import ocrmypdf  # noqa: F401
    except Exception as exc:  # ImportError, or a native library that does not load
        log.debug("ocrmypdf does not load: %s", exc.__class__.__name__)
        return OcrEngine(missing="OCR is not installed (the ocrmypdf package is missing)")
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        return OcrEngine(missing="OCR is not installed (the Tesseract OCR engine is missing)")
    try:
        listed = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True,
                                timeout=30, check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.debug("tesseract --list-langs failed: %s", exc.__class__.__name__)
        return OcrEngine(missing="OCR cannot run (the Tesseract OCR engine does not start)")
    lines = (listed.stdout + "\n" + listed.stderr).splitlines()
    try:
        said = subprocess.run([tesseract, "--version"], capture_output=True, text=True,
                              timeout=30, check=False, stdin=subprocess.DEVNULL)
        version = next(iter((said.stdout + said.stderr).splitlines()), "").strip()
    except (OSError, subprocess.TimeoutExpired):
        version = ""
    return OcrEngine(frozenset(line.strip() for line in lines
                               if line.strip() and " " not in line.strip()), version=version)


# -- how many pages at a time --------------------------------------------------------------

_JOBS: int | None = None


def set_ocr_jobs(jobs: int | None) -> None:
    """How many pages OCR reads at a time in this process from now on: ``jobs`` (at least
    1), or None for :func:`ocr_jobs`' default. A batch sets it in each worker
    (:func:`accesspack.build_many`: the cores it may use divided by the workers)."""
    global _JOBS
    _JOBS = None if jobs is None else max(1, jobs)


def ocr_jobs() -> int:
    """How many pages OCR reads at a time (never more than the pages it has): what
    :func:`set_ocr_jobs` said, else the CPUs this process may run on."""
    return _JOBS if _JOBS is not None else usable_cpus()


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity, which a container or ``taskset``
    may narrow; all of the machine's where there is none)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # no affinity on this system (macOS)
        return max(1, os.cpu_count() or 1)


# -- the result ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OcrSkip:
    """Why OCR left an upload's scanned pages without text (``why``, a clause), and what
    would change that (``fix``, a sentence to the user).

    ``key`` groups uploads skipped for the same reason (one ledger row each):
    ``not-installed``, ``language-<code>`` (data not installed), ``unsupported-<code>``
    (a language OCR does not read), ``failed`` or ``timeout`` (Tesseract gave up on a
    page after :data:`PAGE_TIMEOUT` seconds: the other pages may have been read).
    """

    key: str
    why: str
    fix: str


@dataclass(frozen=True)
class OcrResult:
    """What :func:`add_text_layer` did to one upload's copy.

    ``scanned``: the (1-based) pages that were images without text; ``added``: those
    that now carry an invisible text layer; ``languages``: what Tesseract read them in;
    ``skipped``: why no page was read, when none was tried, or why pages were left
    unread (``timeout``); ``seconds``: the time spent,
    looking for scanned pages included.
    """

    scanned: tuple[int, ...] = ()
    added: tuple[int, ...] = ()
    languages: tuple[OcrLanguage, ...] = ()
    skipped: OcrSkip | None = None
    seconds: float = 0.0

    @property
    def image_only(self) -> tuple[int, ...]:
        """The scanned pages still without text."""
        return tuple(p for p in self.scanned if p not in self.added)

    @property
    def change(self) -> str | None:
        """The plain-English note of what the copy gained, for the manifest and ledger."""
        if not self.added:
            return None
        names = [lang.name for lang in self.languages]
        said = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        return (f"added an invisible OCR text layer (Tesseract, {said}) to "
                f"{pages_text(self.added)}; the page images are unchanged")


# -- logs -------------------------------------------------------------------------------------


class _Templates(logging.Handler):
    """Hands a library's log record to this module's debug log as its template only (the
    arguments, which may quote the text read, are left out)."""

    def emit(self, record: logging.LogRecord) -> None:
        if log.isEnabledFor(logging.DEBUG):
            template = record.msg if isinstance(record.msg, str) else type(record.msg).__name__
            log.debug("%s %s: %s", record.name, record.levelname, template[:500])


_LOGS_LOCK = threading.Lock()
_logs_depth = 0
_logs_saved: list[tuple[logging.Logger, bool]] = []
_HANDLER = _Templates()


@contextlib.contextmanager
def _library_logs_to_debug() -> Iterator[None]:
    """While inside (in any thread), the libraries' loggers log only to :data:`log`."""
    global _logs_depth
    with _LOGS_LOCK:
        if _logs_depth == 0:
            for name in _LIBRARY_LOGGERS:
                logger = logging.getLogger(name)
                _logs_saved.append((logger, logger.propagate))
                logger.propagate = False
                logger.addHandler(_HANDLER)
        _logs_depth += 1
    try:
        yield
    finally:
        with _LOGS_LOCK:
            _logs_depth -= 1
            if _logs_depth == 0:
                for logger, propagate in _logs_saved:
                    logger.removeHandler(_HANDLER)
                    logger.propagate = propagate
                _logs_saved.clear()


# -- OCR ------------------------------------------------------------------------------------


def _languages(codes: Sequence[str], engine: OcrEngine
               ) -> tuple[list[OcrLanguage], OcrSkip | None]:
    """The languages to read (the first code's, then the others' Tesseract has), or why
    the scanned pages cannot be read: the first code is the document's own language."""
    first = codes[0]
    own = ocr_language(first)
    if own is None:
        return [], OcrSkip(
            f"unsupported-{first}",
            f"OCR does not read the language {first} (it reads {_READS})",
            "Replace them with searchable PDFs")
    if own.code not in engine.languages:
        return [], OcrSkip(
            f"language-{own.code}",
            f"Tesseract's {own.name} language data is not installed",
            f"Install it and build again (on Debian or Ubuntu: sudo apt-get install "
            f"{own.package}), or replace them with searchable PDFs")
    chosen = [own]
    for code in codes[1:]:
        lang = ocr_language(code)
        if lang is not None and lang not in chosen and lang.code in engine.languages:
            chosen.append(lang)
    return chosen, None


class OcrFile(NamedTuple):
    """One PDF for :func:`add_text_layers`: its path, the case language codes to read it
    in (its own first), and the 0-based indexes of its scanned pages when known (None:
    looked for)."""

    path: Path
    languages: Sequence[str]
    scans: Sequence[int] | None = None


def add_text_layer(path: Path, languages: Sequence[str], work: Path | None = None,
                   scans: Sequence[int] | None = None) -> OcrResult:
    """Give every scanned page of the PDF ``path`` an invisible OCR text layer, in place.

    ``languages`` are case language codes, the document's own first (then the route's):
    the document's must be one OCR reads and Tesseract has, the others are added when
    Tesseract has them. A PDF without scanned pages is left as it is (and costs one
    look at its pages, none when ``scans`` is given). Never raises for OCR's sake:
    when OCR is not installed, lacks the language, or fails on the file, the result says
    why and the file is unchanged.
    Temporary files go in a folder made (and removed) under ``work`` (a build's
    ``.work``), or in the system's temporary folder when it is None. ``scans``: the
    0-based indexes of the scanned pages when the normaliser that wrote ``path`` found
    them (:attr:`~.normalised.Normalised.scans`, the same test); None to look here.
    """
    return add_text_layers([OcrFile(path, languages, scans)], work)[0]


def add_text_layers(files: Sequence[OcrFile], work: Path | None = None) -> list[OcrResult]:
    """:func:`add_text_layer` for several PDFs at once (a build's uploads), one result
    each, in order: the scanned pages of all of them that are read in the same languages
    go to one ocrmypdf run, which reads :func:`ocr_jobs` pages at a time."""
    results: list[OcrResult | None] = [None] * len(files)
    with contextlib.ExitStack() as stack:
        groups: dict[tuple[str, ...], list[_Pending]] = {}
        for n, file in enumerate(files):
            started = time.perf_counter()
            if file.scans is not None and not file.scans:  # known to have no scan
                results[n] = OcrResult(seconds=time.perf_counter() - started)
                continue
            pdf = stack.enter_context(pikepdf.open(file.path))
            found = _prepare(file, pdf)
            if isinstance(found, OcrResult):
                pdf.close()  # (closing twice is harmless)
                results[n] = replace(found, seconds=time.perf_counter() - started)
                continue
            scans, scanned, chosen = found
            key = (sha256_file(file.path), tuple(lang.code for lang in chosen))
            kept = _kept(key) or _stored(key, _versions())
            if kept is not None:
                pdf.close()
                known, result = kept
                if known is not None:
                    _write(file.path, known)
                results[n] = replace(result, seconds=time.perf_counter() - started)
                continue
            # left open until its layer is grafted and saved
            groups.setdefault(key[1], []).append(_Pending(
                n, file.path, pdf, scans, scanned, chosen, key,
                time.perf_counter() - started))
        for group in groups.values():
            for pending, result in _ocr_group(group, work):
                results[pending.n] = result
    return [r if r is not None else OcrResult() for r in results]


@dataclass
class _Pending:
    """A file whose scanned pages are to be read (``pdf``: it, open; ``seconds``: the
    time spent on it before the read)."""

    n: int
    path: Path
    pdf: pikepdf.Pdf
    scans: list[int]
    scanned: tuple[int, ...]
    chosen: list[OcrLanguage]
    key: tuple[str, tuple[str, ...]]
    seconds: float


def _write(path: Path, data: bytes) -> None:
    atomic_write(path, lambda fh: fh.write(data))


def _versions() -> tuple[str, str]:
    return OCRMYPDF_VERSION, ocr_engine().version


def _prepare(file: OcrFile, pdf: pikepdf.Pdf
             ) -> OcrResult | tuple[list[int], tuple[int, ...], list[OcrLanguage]]:
    """The scanned pages of ``file`` (0- and 1-based) and the languages to read them in,
    or the result when there is nothing to read (no scan; OCR or the language missing)."""
    scans = list(file.scans) if file.scans is not None else scanned_pages(pdf)
    if not scans:
        return OcrResult()
    scanned = tuple(i + 1 for i in scans)
    engine = ocr_engine()
    if engine.missing is not None:
        return OcrResult(scanned, skipped=OcrSkip("not-installed", engine.missing, _INSTALL))
    chosen, skipped = _languages(list(file.languages) or ["en"], engine)
    if skipped is not None:
        return OcrResult(scanned, skipped=skipped)
    return scans, scanned, chosen


def _ocr_group(group: list[_Pending], work: Path | None
               ) -> list[tuple[_Pending, OcrResult]]:
    """Read the scanned pages of every file of ``group`` (the same languages) in one
    ocrmypdf run and graft each file's layer onto it; when the run fails and the group
    has several files, each is read alone (one broken file fails only itself)."""
    started = time.perf_counter()
    chosen = group[0].chosen
    done: list[tuple[_Pending, OcrResult]] = []
    with tempfile.TemporaryDirectory(prefix="accesspack-ocr-", dir=work) as tmp:
        try:
            read, timed_out = _read([(p.pdf, p.scans) for p in group], chosen, Path(tmp))
        except Exception as exc:  # OCR must not stop a build: the pages stay as they are
            if len(group) > 1:
                return [found for p in group for found in _ocr_group([p], work)]
            return [(group[0], _failed(group[0], exc, time.perf_counter() - started))]
        with read:  # grafted objects are read from it until the copies are written
            offset = 0
            blank = set(scanned_pages(read))  # the pages where Tesseract found no text
            for p in group:
                try:
                    added = _graft(p.pdf, p.scans, read, offset, blank)
                except Exception as exc:  # an output we do not understand: nothing saved
                    done.append((p, _failed(p, exc, 0.0)))
                    offset += len(p.scans)
                    continue
                offset += len(p.scans)
                if added:
                    save_pdf(p.pdf, p.path)
                done.append((p, OcrResult(p.scanned, tuple(i + 1 for i in added),
                                          tuple(chosen))))
    # the run's time shared by the files in proportion to their scanned pages
    seconds = time.perf_counter() - started
    pages = sum(len(p.scans) for p in group)
    results: list[tuple[_Pending, OcrResult]] = []
    for p, result in done:
        share = p.seconds + seconds * len(p.scans) / pages
        if result.skipped is not None:  # failed while grafting
            results.append((p, replace(result, seconds=share)))
        elif timed_out and result.image_only:
            # ocrmypdf does not say which page timed out: every file with a page left
            # unread says so, and is never kept (the next build may have the time)
            skip = OcrSkip("timeout", f"Tesseract stopped reading a page after "
                           f"{PAGE_TIMEOUT:g} seconds (the limit for one page)",
                           "Build again when the machine is less busy, or replace them "
                           "with searchable PDFs or smaller scans")
            results.append((p, replace(result, skipped=skip, seconds=share)))
        else:
            data = p.path.read_bytes() if result.added else None
            ocr_cache.store(*p.key, _versions(), (data, result.scanned, result.added,
                                                  p.key[1]))
            if data is None or len(data) <= _KEPT_BYTES // 4:
                _keep(p.key, data, result)
            results.append((p, replace(result, seconds=share)))
    return results


def _stored(key: tuple[str, tuple[str, ...]], versions: tuple[str, str]
            ) -> tuple[bytes | None, OcrResult] | None:
    """What an earlier process stored on disk for this file (:mod:`.ocr_cache`, when
    ``ACCESSPACK_OCR_CACHE`` is set), kept in memory from now on."""
    entry = ocr_cache.load(*key, versions)
    if entry is None:
        return None
    data, scanned, added, codes = entry
    by_code = {lang.code: lang for lang in _LANGUAGES.values()}
    if any(code not in by_code for code in codes):
        return None
    found = (data, OcrResult(scanned, added, tuple(by_code[c] for c in codes)))
    _keep(key, *found)
    return found


_KEPT: OrderedDict[tuple[str, tuple[str, ...]], tuple[bytes | None, OcrResult]] = OrderedDict()
_KEPT_LOCK = threading.Lock()


def _kept(key: tuple[str, tuple[str, ...]]) -> tuple[bytes | None, OcrResult] | None:
    """What a file of these bytes read in these languages became, if this process read it."""
    with _KEPT_LOCK:
        found = _KEPT.get(key)
        if found is not None:
            _KEPT.move_to_end(key)
        return found


def _keep(key: tuple[str, tuple[str, ...]], data: bytes | None, result: OcrResult) -> None:
    """Remember what a file became (``data``: its new bytes; None when it was unchanged)."""
    with _KEPT_LOCK:
        _KEPT[key] = (data, result)
        while len(_KEPT) > _KEPT_FILES or sum(
                len(d or b"") for d, _ in _KEPT.values()) > _KEPT_BYTES:
            _KEPT.popitem(last=False)


def _failed(pending: _Pending, exc: Exception, seconds: float) -> OcrResult:
    log.debug("OCR failed: %s", exc.__class__.__name__)  # its message may quote a path
    return OcrResult(pending.scanned, languages=tuple(pending.chosen), skipped=OcrSkip(
        "failed", "OCR failed", "Replace them with searchable PDFs or clearer scans"),
        seconds=pending.seconds + seconds)


class _Timeouts(logging.Handler):
    """Counts ocrmypdf's records saying Tesseract timed out on a page."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == _TIMEOUT_TEMPLATE:
            self.count += 1


#: Held for one OCR run at a time (see the module's docstring).
_OCR_LOCK = threading.Lock()
#: The name ocrmypdf's pipeline module makes its work folder with (:func:`_work_folder`).
_MKDTEMP = "mkdtemp"


@contextlib.contextmanager
def _work_folder(tmp: Path) -> Iterator[None]:
    """While inside, ocrmypdf makes its work folder under ``tmp``.

    ocrmypdf 17.13 has no setting for it: its pipeline calls ``mkdtemp(prefix=...)`` in
    the system's temporary folder. The name its pipeline module imported is pointed at
    ``tmp`` for the run, under :data:`_OCR_LOCK` (``tempfile.tempdir`` is left alone:
    other threads use it)."""
    from ocrmypdf._pipelines import ocr as pipeline

    made = getattr(pipeline, _MKDTEMP)  # AttributeError on another ocrmypdf: OCR "failed"

    def under_tmp(prefix: str | None = None) -> str:
        return tempfile.mkdtemp(prefix=prefix, dir=tmp)

    setattr(pipeline, _MKDTEMP, under_tmp)
    try:
        yield
    finally:
        setattr(pipeline, _MKDTEMP, made)


#: What ocrmypdf 17.13's grafter (``ocrmypdf._graft.OcrGrafter``) calls, once every page
#: is read, to draw the text of all the pages it has with fpdf2 (:func:`_render_per_file`).
_RENDER = "_render_and_graft_fpdf2_pages"


@contextlib.contextmanager
def _render_per_file(sizes: Sequence[int]) -> Iterator[None]:
    """While inside, ocrmypdf draws the text layers of each file's pages (``sizes``: how
    many pages each file has in the run, in order) on their own, in page order.

    ocrmypdf 17.13 draws the layers of all the pages of a run with one fpdf2 renderer
    and one font subset, taking the pages in the order Tesseract finished them (issue
    ocrmypdf/OCRmyPDF#864, open): read in parallel, a page would number its glyphs
    differently from one run to the next, and a file's layer would depend on the other
    files of the run. Drawn file by file, in page order, a file's layer is what reading
    it alone, one page at a time, gives. Patched on the class for the run, under
    :data:`_OCR_LOCK`."""
    from ocrmypdf._graft import OcrGrafter

    render = getattr(OcrGrafter, _RENDER)  # AttributeError on another ocrmypdf: "failed"
    bounds = [sum(sizes[:n]) for n in range(len(sizes) + 1)]

    def per_file(grafter: Any) -> None:
        pages = sorted(grafter.fpdf2_parsed_pages, key=lambda page: page.pageno)
        try:
            for start, stop in itertools.pairwise(bounds):
                grafter.fpdf2_parsed_pages = [p for p in pages if start <= p.pageno < stop]
                if grafter.fpdf2_parsed_pages:
                    render(grafter)
        finally:
            grafter.fpdf2_parsed_pages = pages

    setattr(OcrGrafter, _RENDER, per_file)
    try:
        yield
    finally:
        setattr(OcrGrafter, _RENDER, render)


def _read(files: Sequence[tuple[pikepdf.Pdf, list[int]]], languages: list[OcrLanguage],
          tmp: Path) -> tuple[pikepdf.Pdf, bool]:
    """ocrmypdf's output for the scanned pages of ``files`` (each PDF's pages, in order,
    copied into one PDF of their own), and whether Tesseract timed out on any of them;
    the caller closes the output with the temporary folder ``tmp``, where every file is
    written.

    :func:`ocr_jobs` pages at a time (never more than the pages), each read by a
    Tesseract of one thread; each file's layers drawn on their own
    (:func:`_render_per_file`), so the bytes do not depend on which page finished first."""
    import ocrmypdf

    src, out = tmp / "scans.pdf", tmp / "ocr.pdf"
    # Tesseract (about 95 MB) starts beside this process and LibreOffice: the heap the
    # uploads' normalisation freed goes back first (10 MB on the FDA example's first
    # build, 22 MB on later ones); malloc_trim takes about a millisecond
    give_back()
    with pikepdf.new() as scans_only:
        for pdf, scans in files:
            for index in scans:
                scans_only.pages.append(pdf.pages[index])
        scans_only.save(src)
    pages = sum(len(scans) for _, scans in files)
    timeouts = _Timeouts()
    tesseract_logs = logging.getLogger("ocrmypdf")
    with _OCR_LOCK, _library_logs_to_debug(), _work_folder(tmp), \
            _render_per_file([len(scans) for _, scans in files]):
        streams = sys.stdout, sys.stderr
        tesseract_logs.addHandler(timeouts)
        try:
            # jobs <= pages: ocrmypdf then gives each Tesseract one OpenMP thread (with
            # more jobs than pages it gives it several, which here tripled the CPU time)
            ocrmypdf.ocr(src, out, language=[lang.code for lang in languages],
                         output_type="pdf", optimize=0, mode="skip", rasterizer="pypdfium",
                         pdf_renderer="fpdf2", tesseract_timeout=PAGE_TIMEOUT,
                         jobs=max(1, min(ocr_jobs(), pages)), use_threads=True,
                         progress_bar=False, invalidate_digital_signatures=True,
                         tagged_pdf_mode="ignore")
        finally:
            # ocrmypdf checks its output with pikepdf 10.18's check_linearization, which
            # leaves sys.stderr on a StringIO when the file is not linearized: every later
            # message of the process (a warning, the CLI's errors) would vanish
            # (saved and restored under the lock: another thread's run would restore ours)
            sys.stdout, sys.stderr = streams
            tesseract_logs.removeHandler(timeouts)
    read = pikepdf.open(out)
    if len(read.pages) != pages:
        read.close()
        raise RuntimeError("ocrmypdf returned another number of pages")
    return read, timeouts.count > 0


def _layer(page: pikepdf.Page) -> tuple[list[pikepdf.ContentStreamInstruction],
                                         pikepdf.Stream] | None:
    """The instructions ocrmypdf put first on ``page`` to draw its text layer
    (``q [cm] /OCR-... Do Q``) and the layer's Form XObject; None when it drew none."""
    head: list[pikepdf.ContentStreamInstruction] = []
    for item in pikepdf.parse_content_stream(page):
        if not isinstance(item, pikepdf.ContentStreamInstruction):
            return None
        head.append(item)
        if len(head) == 4 or str(item.operator) == "Q":
            break
    if [str(i.operator) for i in head] not in (["q", "cm", "Do", "Q"], ["q", "Do", "Q"]):
        return None
    name = str(head[-2].operands[0]) if head[-2].operands else ""
    resources = page.obj.get("/Resources")
    xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
    form = xobjects.get(name) if isinstance(xobjects, pikepdf.Dictionary) \
        and name.startswith("/OCR-") else None
    if isinstance(form, pikepdf.Stream) and form.get("/Subtype") == pikepdf.Name.Form:
        return head, form
    return None


def _same_frame(a: pikepdf.Page, b: pikepdf.Page) -> bool:
    """Whether two pages have the same media box and rotation."""
    return ([float(v) for v in a.mediabox] == [float(v) for v in b.mediabox]
            and int(a.obj.get("/Rotate", 0)) == int(b.obj.get("/Rotate", 0)))


def _copy(old: object) -> pikepdf.Dictionary:
    """A new direct dictionary with the entries of ``old`` (none when it is not one)."""
    if not isinstance(old, pikepdf.Dictionary):
        return pikepdf.Dictionary()
    return pikepdf.Dictionary({key: value for key, value in old.items()})


def _graft(pdf: pikepdf.Pdf, scans: list[int], read: pikepdf.Pdf, offset: int = 0,
           blank: set[int] | None = None) -> list[int]:
    """Draw the text layer of each page of ``read`` from ``offset`` on first on its page
    of ``pdf`` (the pages ``scans``, those in which Tesseract found text); return the
    0-based indexes of the pages given one. ``blank``: the pages of ``read`` where
    Tesseract found no text (looked for when None)."""
    added: list[int] = []
    if blank is None:
        blank = set(scanned_pages(read))
    for k, index in enumerate(scans):
        page, source = pdf.pages[index], read.pages[offset + k]
        found = None if offset + k in blank or not _same_frame(page, source) else _layer(source)
        if found is None:
            continue
        head, form = found
        # new dictionaries, not the old ones changed: other pages may share them
        resources = _copy(page.obj.get("/Resources"))
        xobjects = _copy(resources.get("/XObject"))
        name, n = _LAYER_NAME, 0
        while name in xobjects:
            n += 1
            name = f"{_LAYER_NAME}{n}"
        xobjects[name] = pdf.copy_foreign(form)
        resources.XObject = xobjects
        page.obj.Resources = resources
        draw = [pikepdf.ContentStreamInstruction([pikepdf.Name(name)], pikepdf.Operator("Do"))
                if str(i.operator) == "Do" else i for i in head]
        contents = page.obj.get("/Contents")
        streams = list(contents) if isinstance(contents, pikepdf.Array) else (
            [contents] if contents is not None else [])
        layer = pdf.make_indirect(pdf.make_stream(pikepdf.unparse_content_stream(draw)))
        page.obj.Contents = pikepdf.Array([layer, *streams])
        added.append(index)
    return added
