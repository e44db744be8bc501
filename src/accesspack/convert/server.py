"""DOCX to PDF with a LibreOffice kept running (warm) across calls, driven over UNO.

Starting LibreOffice costs about 1.2 s; a document in a running one about 0.1-0.2 s. A
:class:`LibreOfficeServerConverter` starts one LibreOffice on first use and keeps it for
every later call, so a worker that builds many cases pays the start once. It is the
converter :func:`accesspack.build_many` gives each worker process.

- LibreOffice runs under a small bridge program (``_uno_bridge.py``) executed by a Python
  that has LibreOffice's ``uno`` module (Debian: ``python3-uno``, for ``/usr/bin/python3``);
  accesspack itself may run in any Python. They talk JSON over a pipe: no network port.
- Each instance has its own profile (two LibreOffices cannot share one).
- A call that takes longer than ``timeout`` kills LibreOffice (``ConversionTimeoutError``);
  the next call starts a new one. If LibreOffice dies during a call (a crash, or killed),
  it is restarted and the call retried once.
- :meth:`close` stops LibreOffice and deletes the profile; it also stops when the process
  that owns the converter exits or dies (the bridge sees its stdin close; LibreOffice is
  killed with the bridge). No LibreOffice outlives its owner.

Outputs are checked and written exactly as :class:`LibreOfficeConverter` does, so both
converters give the same bytes for the same document.
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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConversionError, ConversionTimeoutError, ConverterNotFoundError
from .base import Converter
from .libreoffice import EXPORT_OPTIONS, _scrub, convert_staged, find_soffice

__all__ = ["UNO_PYTHON_VAR", "LibreOfficeServerConverter", "find_uno_python"]

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


class LibreOfficeServerConverter(Converter):
    """Converts DOCX files in a LibreOffice that stays running between calls.

    Thread-safe: calls on one instance run one after another. Use one instance per
    worker process. ``timeout`` bounds one :meth:`convert` call.
    """

    def __init__(self, soffice: str | None = None, python: str | None = None,
                 timeout: float = 180.0) -> None:
        self.soffice = find_soffice(soffice)
        self.python = find_uno_python(self.soffice, python)
        self.timeout = timeout
        self.starts = 0  #: how many times LibreOffice was started (restarts included)
        self._lock = threading.Lock()
        self._running: _Running | None = None
        self._finalizer: weakref.finalize[Any, LibreOfficeServerConverter] | None = None

    # -- process management -------------------------------------------------------------

    @property
    def office_pid(self) -> int | None:
        """The process (and process group) id of the running LibreOffice, or None."""
        return self._running.office_pid if self._alive() and self._running else None

    def _alive(self) -> bool:
        return self._running is not None and self._running.proc.poll() is None

    def _start(self) -> None:
        workdir = Path(tempfile.mkdtemp(prefix="accesspack-lo-"))
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
        try:
            hello = self._read(_START_TIMEOUT)
        except (_Dead, ConversionTimeoutError):
            self._stop()
            raise ConversionError(
                "LibreOffice did not start under the UNO bridge; try "
                "'soffice --headless --version', or use LibreOfficeConverter") from None
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
        """Start LibreOffice now, if it is not running (else the next call starts it)."""
        with self._lock:
            if not self._alive():
                self._stop()
                self._start()

    def close(self) -> None:
        """Stop LibreOffice and delete its profile; a later call starts a new one."""
        with self._lock:
            self._stop()

    # -- the pipe -----------------------------------------------------------------------

    def _read(self, timeout: float) -> dict[str, Any]:
        assert self._running is not None and self._running.proc.stdout is not None
        stdout = self._running.proc.stdout
        with selectors.DefaultSelector() as sel:
            sel.register(stdout, selectors.EVENT_READ)
            if not sel.select(timeout):
                raise ConversionTimeoutError("timeout")
        line = stdout.readline()
        if not line:
            raise _Dead("the bridge exited")
        message: dict[str, Any] = json.loads(line)
        if "dead" in message:
            raise _Dead(str(message["dead"]))
        return message

    def _request(self, pairs: list[tuple[Path, Path]]) -> list[str | None]:
        if not self._alive():
            self._stop()
            self._start()
        assert self._running is not None and self._running.proc.stdin is not None
        stdin = self._running.proc.stdin
        request = {"convert": [[str(src), str(dest)] for src, dest in pairs],
                   "filter": EXPORT_OPTIONS}
        try:
            stdin.write((json.dumps(request) + "\n").encode())
            stdin.flush()
        except OSError:
            raise _Dead("the bridge is gone") from None
        errors: list[str | None] = self._read(self.timeout)["errors"]
        return errors

    # -- conversion ---------------------------------------------------------------------

    def convert(self, sources: Sequence[Path], out_dir: Path) -> list[Path]:
        """Convert the DOCX ``sources`` to ``out_dir/<stem>.pdf`` in the running LibreOffice.

        Errors are those of :meth:`LibreOfficeConverter.convert`.
        """
        def run(sources: list[Path], staging: Path) -> list[str]:
            pairs = [(src, staging / f"{src.stem}.pdf") for src in sources]
            with self._lock:
                errors = self._convert_locked(pairs, sources)
            return [_scrub(error or "", sources, staging) for error in errors]

        return convert_staged(sources, out_dir, run)

    def _convert_locked(self, pairs: list[tuple[Path, Path]],
                        sources: list[Path]) -> list[str | None]:
        for attempt in (1, 2):
            try:
                return self._request(pairs)
            except ConversionTimeoutError:
                self._stop()
                raise ConversionTimeoutError(
                    f"LibreOffice did not convert {len(pairs)} document(s) within "
                    f"{self.timeout:g} s and was stopped; retry, or raise the timeout"
                ) from None
            except _Dead as exc:
                self._stop()
                if attempt == 2:
                    raise ConversionError(
                        f"LibreOffice stopped twice while converting {len(pairs)} "
                        f"document(s): {_scrub(str(exc), sources, pairs[0][1].parent)}"
                    ) from None
                log.warning("LibreOffice stopped during a conversion (%s); restarting it",
                            _scrub(str(exc), sources, pairs[0][1].parent))
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
    """SIGKILL the process group ``pgid`` and wait until no member of it is left."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.02)
