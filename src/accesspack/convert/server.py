"""DOCX to PDF with LibreOffice kept running (warm) across calls, driven over UNO.

Starting LibreOffice costs about 1.2 s (0.75 s of CPU); a document in a running one about
0.1 s, most of it loading the DOCX (storeToURL, the PDF export, is a fifth of it). A
:class:`LibreOfficeServerConverter` starts LibreOffice on first use and keeps it for every
later call, so a worker that builds many cases pays the start once. It is the converter
:func:`accesspack.build_many` gives each worker process (with one instance).

- ``instances``: one LibreOffice, or two sharing a build's documents (each document to
  the first free one, each PDF checked and written on that instance's thread); by default
  two when the process may run on a second CPU. :meth:`~LibreOfficeServerConverter.begin`
  takes documents one by one, so a build converts each while it renders the next.

- LibreOffice runs under a small bridge program (``_uno_bridge.py``) executed by a Python
  that has LibreOffice's ``uno`` module (Debian: ``python3-uno``, for ``/usr/bin/python3``);
  accesspack itself may run in any Python. They talk JSON over a pipe: no network port.
- Each instance has its own profile (two LibreOffices cannot share one), started with
  the settings of :data:`PROFILE_SETTINGS` (a smaller font cache: less memory, same PDFs),
  copied from a set-up template so that LibreOffice starts once (:mod:`.profile`).
- A call that takes longer than ``timeout`` kills the LibreOffice still busy
  (``ConversionTimeoutError``); the next call starts a new one. If LibreOffice dies during
  a call (a crash, or killed), it is restarted and the document retried once.
- :meth:`close` stops every LibreOffice and deletes the profiles; they also stop when the process
  that owns the converter exits or dies (the bridge sees its stdin close; LibreOffice is
  killed with the bridge). No LibreOffice outlives its owner.

Outputs are checked and written exactly as :class:`LibreOfficeConverter` does, so both
converters, and every instance, give the same bytes for the same document; except that
LibreOffice numbers the Type 1 (CJK) fonts it writes per process, which is why a build in
Chinese asks for ``begin(..., split=False)``.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import selectors
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConversionError, ConversionTimeoutError, ConverterNotFoundError
from .base import Conversion, Converter, expected_outputs
from .libreoffice import (
    EXPORT_OPTIONS,
    check_docx,
    find_soffice,
    finish_output,
    make_staging,
    scrub,
)
from .profile import PROFILE_SETTINGS, prepare_profile, write_profile_settings

__all__ = ["PROFILE_SETTINGS", "UNO_PYTHON_VAR", "LibreOfficeServerConverter",
           "default_instances", "find_uno_python", "write_profile_settings"]

log = logging.getLogger("accesspack")

UNO_PYTHON_VAR = "ACCESSPACK_UNO_PYTHON"
_BRIDGE = Path(__file__).with_name("_uno_bridge.py")
_START_TIMEOUT = 90.0


@functools.cache
def _has_uno(python: str) -> bool:
    try:
        return subprocess.run([python, "-c", "import uno"], stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def find_uno_python(soffice: str | None = None, python: str | None = None) -> str:
    """A Python program that can ``import uno``.

    ``python`` if given, else ``$ACCESSPACK_UNO_PYTHON``, else the Python shipped inside
    LibreOffice's program folder (upstream builds), else ``/usr/bin/python3`` (Debian's
    ``python3-uno``). Raises :class:`ConverterNotFoundError` when none has ``uno``.
    """
    wanted = python or os.environ.get(UNO_PYTHON_VAR)
    if wanted:
        candidates = [wanted]
    else:
        program = Path(os.path.realpath(find_soffice(soffice))).parent
        candidates = [str(program / "python"), "/usr/bin/python3", "python3"]
    for candidate in candidates:
        found = shutil.which(candidate)
        if found and _has_uno(found):
            return found
    raise ConverterNotFoundError(
        "no Python with LibreOffice's 'uno' module was found (tried "
        f"{', '.join(candidates)}); install it with 'apt-get install python3-uno', or set "
        f"{UNO_PYTHON_VAR} to a Python that can 'import uno'"
    )


class _Dead(Exception):
    """LibreOffice or the bridge stopped during a call."""


def default_instances() -> int:
    """LibreOffices for one build: two when this process may run on two or more CPUs,
    else one (a second LibreOffice only helps on a free core, and costs ~250 MB)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        cpus = os.cpu_count() or 1
    return 2 if cpus >= 2 else 1


class LibreOfficeServerConverter(Converter):
    """Converts DOCX files in LibreOffices that stay running between calls.

    ``instances``: how many LibreOffices share the documents (each its own profile and
    bridge); by default two when a second CPU is free (:func:`default_instances`), else
    one. A batch worker keeps one. Each document goes to the first instance that is
    free (the lowest-numbered first), so a second instance starts only when a document
    arrives while the first is busy; :meth:`start` starts them all at once.

    Thread-safe. ``timeout`` bounds one :meth:`convert` call, or one
    :meth:`begin` conversion counted from its first document.
    """

    def __init__(self, soffice: str | None = None, python: str | None = None,
                 timeout: float = 180.0, instances: int | None = None) -> None:
        self.soffice = find_soffice(soffice)
        self.python = find_uno_python(self.soffice, python)
        self.timeout = timeout
        count = default_instances() if instances is None else instances
        if count < 1:
            raise ValueError(f"instances must be 1 or more, not {count}")
        self._offices = [_Office(self.python, self.soffice) for _ in range(count)]
        self._free = [True] * count
        self._free_changed = threading.Condition()

    @property
    def instances(self) -> int:
        """How many LibreOffices this converter runs at most."""
        return len(self._offices)

    @property
    def starts(self) -> int:
        """How many times a LibreOffice was started, every instance and restart counted."""
        return sum(office.starts for office in self._offices)

    @property
    def office_pid(self) -> int | None:
        """The process (and process group) id of the first instance's LibreOffice, or None."""
        return self._offices[0].office_pid

    @property
    def converted(self) -> list[int]:
        """How many documents each instance has converted."""
        return [office.converted for office in self._offices]

    @property
    def office_pids(self) -> list[int | None]:
        """Each instance's LibreOffice process (group) id, None for one not running."""
        return [office.office_pid for office in self._offices]

    def start(self) -> None:
        """Start every instance's LibreOffice now (at the same time), if not running."""
        self._on_every_office(_Office.start, "accesspack-lo-start")

    def close(self) -> None:
        """Stop every LibreOffice and delete its profile; a later call starts new ones.

        An instance still starting is stopped at once rather than waited for."""
        self._on_every_office(_Office.close, "accesspack-lo-stop")

    def _on_every_office(self, act: Callable[[_Office], None], thread_name: str) -> None:
        """``act`` on every instance at the same time (in this thread when there is one);
        the first error raised is raised here, once every instance is done."""
        if len(self._offices) == 1:
            act(self._offices[0])
            return
        with ThreadPoolExecutor(len(self._offices), thread_name) as pool:
            for done in [pool.submit(act, office) for office in self._offices]:
                done.result()

    # -- conversion ---------------------------------------------------------------------

    def convert(self, sources: Sequence[Path], out_dir: Path) -> list[Path]:
        """Convert the DOCX ``sources`` to ``out_dir/<stem>.pdf`` in the running LibreOffice(s).

        Every source is checked before any is converted. Errors are those of
        :meth:`LibreOfficeConverter.convert`.
        """
        expected_outputs(sources, out_dir)
        if not sources:
            return []
        for src in sources:
            check_docx(Path(os.path.abspath(src)))
        with self.begin(out_dir) as conversion:
            for src in sources:
                conversion.submit(src)
            return conversion.finish()

    def begin(self, out_dir: Path, *, split: bool = True) -> Conversion:
        """A conversion that sends each document to a free LibreOffice as it is submitted
        (``split=False``: every document to the first instance, in order)."""
        return _Streamed(self, out_dir, self.instances if split else 1)

    def _take(self, among: int) -> _Office:
        """The lowest-numbered free instance of the first ``among``; wait for one."""
        with self._free_changed:
            while True:
                for n, free in enumerate(self._free[:among]):
                    if free:
                        self._free[n] = False
                        return self._offices[n]
                self._free_changed.wait()

    def _give_back(self, office: _Office) -> None:
        with self._free_changed:
            self._free[self._offices.index(office)] = True
            self._free_changed.notify_all()


class _Streamed(Conversion):
    """Each submitted document converted at once by a free instance, on a thread per
    instance; its PDF checked and written deterministically on that thread."""

    def __init__(self, converter: LibreOfficeServerConverter, out_dir: Path,
                 instances: int) -> None:
        super().__init__(out_dir)
        self._converter = converter
        self._instances = instances
        self._stems: dict[str, Path] = {}
        self._futures: list[Future[Path]] = []
        self._staging: Path | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._started = self._deadline = self._last = 0.0

    def submit(self, source: Path) -> None:
        src = Path(os.path.abspath(source))  # LibreOffice runs elsewhere
        other = self._stems.setdefault(src.stem, src)
        if other is not src:
            expected_outputs([other, src], self.out_dir)  # raises: the same stem
        check_docx(src)
        if self._pool is None:
            self._staging = make_staging(self.out_dir)
            self._pool = ThreadPoolExecutor(self._instances, "accesspack-convert")
            self._started = time.perf_counter()
            self._deadline = time.monotonic() + self._converter.timeout
        self._futures.append(self._pool.submit(self._convert_one, src))

    def _convert_one(self, src: Path) -> Path:
        assert self._staging is not None
        staging, dest = self._staging, self.out_dir / f"{src.stem}.pdf"
        produced = staging / dest.name
        office = self._converter._take(self._instances)
        try:
            (error,) = office.convert([(src, produced)], self._deadline,
                                      self._converter.timeout)
        finally:
            self._converter._give_back(office)
        finish_output(src, produced, dest, scrub(error or "", [src], staging))
        self._last = max(self._last, time.perf_counter())
        return dest

    def finish(self) -> list[Path]:
        if self._pool is None:
            return []
        try:
            pdfs = [future.result() for future in self._futures]
        except BaseException:
            self.cancel()
            raise
        self.seconds = self._last - self._started
        self._close()
        return pdfs

    def cancel(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._close()

    def _close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
        self._pool = self._staging = None


class _Office:
    """One LibreOffice under its bridge, with its own profile; calls run one at a time.

    Started on first use; restarted when found dead; stopped on a timeout.
    """

    def __init__(self, python: str, soffice: str) -> None:
        self.python, self.soffice = python, soffice
        self.starts = 0  #: how many times LibreOffice was started (restarts included)
        self.converted = 0  #: how many documents it converted
        self._lock = threading.Lock()
        self._running: _Running | None = None
        self._starting: subprocess.Popen[bytes] | None = None
        self._finalizer: weakref.finalize[Any, _Office] | None = None

    @property
    def office_pid(self) -> int | None:
        return self._running.office_pid if self._alive() and self._running else None

    def _alive(self) -> bool:
        return self._running is not None and self._running.proc.poll() is None

    def _start(self) -> None:
        workdir = Path(tempfile.mkdtemp(prefix="accesspack-lo-"))
        prepare_profile(workdir / "profile", self.soffice)  # the bridge's UserInstallation
        pipe = f"accesspack-{os.getpid()}-{id(self):x}-{self.starts}"
        started = time.monotonic()
        proc = subprocess.Popen(
            [self.python, str(_BRIDGE), self.soffice, str(workdir), pipe],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            cwd=workdir, start_new_session=True,
        )
        running = self._running = _Running(proc, workdir)
        self._finalizer = weakref.finalize(self, running.stop)
        self.starts += 1
        self._starting = proc
        try:
            hello = self._read(_START_TIMEOUT)
        except (_Dead, ConversionTimeoutError):
            self._stop()
            raise ConversionError(
                "LibreOffice did not start under the UNO bridge; try "
                "'soffice --headless --version', or use LibreOfficeConverter") from None
        finally:
            self._starting = None
        if "fatal" in hello:
            self._stop()
            raise ConversionError(f"LibreOffice did not start: {hello['fatal']}")
        running.office_pid = int(hello["pid"])
        log.debug("LibreOffice started (pid %s) in %.2f s", running.office_pid,
                  time.monotonic() - started)

    def _stop(self) -> None:
        if self._finalizer is not None:
            self._finalizer()
        self._running = self._finalizer = None

    def start(self) -> None:
        with self._lock:
            if not self._alive():
                self._stop()
                self._start()

    def close(self) -> None:
        starting = self._starting
        if starting is not None:  # the bridge kills the starting LibreOffice; start() fails
            with contextlib.suppress(ProcessLookupError, PermissionError):
                starting.terminate()
        with self._lock:
            self._stop()

    # -- the pipe -----------------------------------------------------------------------

    def _read(self, timeout: float) -> dict[str, Any]:
        assert self._running is not None and self._running.proc.stdout is not None
        stdout = self._running.proc.stdout
        with selectors.DefaultSelector() as sel:
            sel.register(stdout, selectors.EVENT_READ)
            if not sel.select(max(timeout, 0.0)):
                raise ConversionTimeoutError("timeout")
        line = stdout.readline()
        if not line:
            raise _Dead("the bridge exited")
        message: dict[str, Any] = json.loads(line)
        if "dead" in message:
            raise _Dead(str(message["dead"]))
        return message

    def _request(self, pairs: list[tuple[Path, Path]], deadline: float) -> list[str | None]:
        if not self._alive():
            self._stop()
            started = time.monotonic()
            self._start()
            deadline += time.monotonic() - started  # a start has its own bound
        assert self._running is not None and self._running.proc.stdin is not None
        stdin = self._running.proc.stdin
        request = {"convert": [[str(src), str(dest)] for src, dest in pairs],
                   "filter": EXPORT_OPTIONS}
        try:
            stdin.write((json.dumps(request) + "\n").encode())
            stdin.flush()
        except OSError:
            raise _Dead("the bridge is gone") from None
        errors: list[str | None] = self._read(deadline - time.monotonic())["errors"]
        return errors

    def convert(self, pairs: list[tuple[Path, Path]], deadline: float,
                timeout: float) -> list[str | None]:
        """Convert each (source, staged PDF) pair; LibreOffice's message per pair (None: no
        message). Restarts a dead LibreOffice and retries once; stops one still busy at
        ``deadline`` (``timeout`` is for the message)."""
        sources = [src for src, _ in pairs]
        staging = pairs[0][1].parent
        with self._lock:
            for attempt in (1, 2):
                try:
                    errors = self._request(pairs, deadline)
                    self.converted += len(pairs)
                    return errors
                except ConversionTimeoutError:
                    self._stop()
                    raise ConversionTimeoutError(
                        f"LibreOffice did not convert {', '.join(s.name for s in sources)} "
                        f"within {timeout:g} s and was stopped; retry, or raise the timeout"
                    ) from None
                except _Dead as exc:
                    self._stop()
                    if attempt == 2:
                        raise ConversionError(
                            f"LibreOffice stopped twice while converting "
                            f"{', '.join(s.name for s in sources)}: "
                            f"{scrub(str(exc), sources, staging)}") from None
                    log.warning("LibreOffice stopped during a conversion (%s); restarting it",
                                scrub(str(exc), sources, staging))
                    for _, produced in pairs:
                        with contextlib.suppress(OSError):
                            produced.unlink()
        raise AssertionError("unreachable")  # pragma: no cover


@dataclass
class _Running:
    """A started bridge, its folder (profile, log) and, once it said so, LibreOffice's pid."""

    proc: subprocess.Popen[bytes]
    workdir: Path
    office_pid: int | None = None

    def stop(self) -> None:
        """Close the bridge's stdin (it stops LibreOffice), then make sure both are gone."""
        _stop(self.proc, self.office_pid, self.workdir)


def _stop(proc: subprocess.Popen[bytes], office_pid: int | None, workdir: Path) -> None:
    with contextlib.suppress(OSError):
        if proc.stdin is not None:
            proc.stdin.close()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    if office_pid is not None:
        _kill_group_and_wait(office_pid)
    with contextlib.suppress(OSError):
        if proc.stdout is not None:
            proc.stdout.close()
    shutil.rmtree(workdir, ignore_errors=True)


def _kill_group_and_wait(pgid: int, patience: float = 10.0) -> None:
    """SIGKILL the process group ``pgid`` and wait until no live member of it is left.

    A killed LibreOffice whose parent (the bridge) has exited stays a zombie until init
    reaps it, up to seconds in a container: a zombie holds no memory and runs nothing, so
    it is not waited for."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            return
        if _only_zombies(pgid):
            return
        time.sleep(0.02)


def _only_zombies(pgid: int) -> bool:
    """Whether every process of group ``pgid`` is a zombie (False without /proc)."""
    try:
        entries = [e for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return False
    for entry in entries:
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        if int(fields[2]) == pgid and fields[0] != b"Z":
            return False
    return True
