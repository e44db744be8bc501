"""A long-lived LibreOffice, driven over UNO: run by a Python that has the ``uno`` module.

This file is a standalone program (it never imports accesspack): the Python that has
LibreOffice's ``uno`` bindings is usually not the one accesspack runs in (Debian's
``python3-uno`` belongs to ``/usr/bin/python3``). :class:`~accesspack.convert.server.
LibreOfficeServerConverter` starts it as::

    <python-with-uno> _uno_bridge.py SOFFICE PROFILE_DIR PIPE_NAME

It starts ``soffice --accept=pipe,...`` in its own process group (killed with the
bridge: PR_SET_PDEATHSIG), connects to it, and answers one JSON request per line on
stdin with one JSON line on stdout:

- first line written: ``{"ready": true, "pid": <soffice pid>}`` or ``{"fatal": "..."}``
- request ``{"convert": [[src, dest], ...], "filter": {"Key": bool, ...}}``
- answer ``{"errors": [null | "message", ...]}`` (one per pair), or
  ``{"dead": "message"}`` when LibreOffice stopped (the bridge then exits).

End of stdin (the parent closed it or died) or SIGTERM: LibreOffice is terminated and
the bridge exits (SIGTERM while LibreOffice starts: it is killed, its whole group).
LibreOffice's own messages go to ``PROFILE_DIR/soffice.log``.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import subprocess
import sys
import time
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

_PR_SET_PDEATHSIG = 1
_START_TIMEOUT = 60.0


#: glibc's malloc in LibreOffice: one arena for all its threads, so what one document's
#: threads freed serves the next. The FDA route's 11 documents converted case after case:
#: soffice.bin 200-207 MB resident after 20 cases with glibc's default arenas, 177 MB with
#: one (178 after 50), the same PDFs and the same CPU time within noise. It comes first in
#: the list: glibc 2.36 (Debian 12) applies every tunable but leaves only the first in the
#: environment a process passes on, and soffice.bin is oosplash's child.
_MALLOC_TUNABLES = "glibc.malloc.arena_max=1"


def _office_env(profile: str) -> dict[str, str]:
    """LibreOffice's environment: ours, its profile folder as home, one malloc arena."""
    env = dict(os.environ, HOME=profile)
    asked = env.get("GLIBC_TUNABLES")
    env["GLIBC_TUNABLES"] = f"{_MALLOC_TUNABLES}:{asked}" if asked else _MALLOC_TUNABLES
    return env


def _die_with_parent() -> None:  # runs in the child between fork and exec
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})  # blocked by _start


#: the LibreOffice being started: SIGTERM during the start kills its whole group (soffice
#: and soffice.bin; PR_SET_PDEATHSIG reaches only the first)
_STARTING: list[subprocess.Popen[bytes]] = []


def _terminated_while_starting(*_: Any) -> None:
    for proc in _STARTING:
        _kill(proc)
    os._exit(0)


def _prop(name: str, value: Any) -> Any:
    prop = PropertyValue()
    prop.Name = name
    prop.Value = value
    return prop


def _say(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _kill(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(Exception):
        proc.wait(10)


def _start(soffice: str, profile: str, pipe: str) -> tuple[subprocess.Popen[bytes], Any]:
    log = open(os.path.join(profile, "soffice.log"), "ab")  # noqa: SIM115 - lives with soffice
    env = _office_env(profile)
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})  # until _STARTING knows it
    proc = subprocess.Popen(
        [soffice, "-env:UserInstallation=" + uno.systemPathToFileUrl(
            os.path.join(profile, "profile")),
         "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
         "--nolockcheck", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=log, stderr=log, cwd=profile, env=env,
        start_new_session=True, preexec_fn=_die_with_parent,
    )
    _STARTING.append(proc)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + _START_TIMEOUT
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if proc.poll() is not None or time.monotonic() > deadline:
                _kill(proc)
                raise RuntimeError(
                    f"LibreOffice did not start (exit status {proc.poll()})") from None
            time.sleep(0.05)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    return proc, desktop


def _convert(desktop: Any, src: str, dest: str, filter_data: Any) -> str | None:
    """Convert one file; return None, or a message for a document LibreOffice refused."""
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(src), "_blank", 0,
        (_prop("Hidden", True), _prop("ReadOnly", True), _prop("UpdateDocMode", 0)))
    if doc is None:
        return "source file could not be loaded"
    try:
        uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(dest), (
            _prop("FilterName", "writer_pdf_Export"),
            PropertyValue("FilterData", 0, filter_data, 0))))
    finally:
        with contextlib.suppress(Exception):
            doc.close(True)
    return None


def _is_dead(exc: Exception, proc: subprocess.Popen[bytes]) -> bool:
    name = type(exc).__name__
    return proc.poll() is not None or name in ("DisposedException", "RuntimeException")


def main(argv: list[str]) -> int:
    soffice, profile, pipe = argv[1:4]
    signal.signal(signal.SIGTERM, _terminated_while_starting)
    try:
        proc, desktop = _start(soffice, profile, pipe)
    except Exception as exc:
        _say({"fatal": f"{type(exc).__name__}: {exc}"})
        return 1

    def stop(*_: Any) -> None:
        with contextlib.suppress(Exception):
            desktop.terminate()
        _kill(proc)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    try:
        _serve(desktop, proc)
    finally:  # whatever ends the bridge (its owner gone: a broken pipe), LibreOffice goes
        stop()
    return 0  # not reached: stop() exits


def _serve(desktop: Any, proc: subprocess.Popen[bytes]) -> None:
    """Answer requests until stdin ends."""
    _say({"ready": True, "pid": proc.pid})
    for line in sys.stdin:
        request = json.loads(line)
        filter_data = uno.Any("[]com.sun.star.beans.PropertyValue", tuple(
            _prop(key, value) for key, value in request.get("filter", {}).items()))
        errors: list[str | None] = []
        for src, dest in request["convert"]:
            try:
                errors.append(_convert(desktop, src, dest, filter_data))
            except Exception as exc:
                if _is_dead(exc, proc):
                    _say({"dead": f"{type(exc).__name__}: {exc}"})
                    _kill(proc)
                    os._exit(1)
                errors.append(f"{type(exc).__name__}: {exc}")
        _say({"errors": errors})


if __name__ == "__main__":
    sys.exit(main(sys.argv))
