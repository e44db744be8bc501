"""Publishing a bundle: built in a hidden staging folder, swapped into place in one step.

    stage = stage_for(out)        # checks out, sweeps stale folders, makes the stage
    ...                           # the build writes everything under stage
    owner_only(stage)             # files 0600, folders 0700
    publish(stage, out)           # under a lock on out's parent: rename or atomic swap

On an error the caller removes ``stage`` and raises ``output_error(exc, out, stage)`` when
it is not ``None`` (a full or read-only disk, an unwritable folder), else ``exc``.

The staging folder is ``.<out name>.partial-<host>-<pid>-<random>`` beside ``out``: on the
same file system, so the final rename never copies. What a build killed at any point
leaves behind:

- before :func:`stage_for` returns: nothing, or an empty parent folder it created;
- while building: its staging folder, beside ``out``; ``out`` itself is untouched (an older
  bundle stays whole). The next build into ``out`` on this host removes it, under the lock,
  once the process in its name is gone; a folder whose process still runs is another
  build's and is left alone;
- while publishing: ``out`` holds either the old bundle or the new one, never a mix. On
  Linux the two are exchanged in one ``renameat2(RENAME_EXCHANGE)``, and the staging
  folder then holds the older bundle until it is removed; elsewhere the older bundle is
  first moved into ``.<out name>.old-<host>-<pid>-<random>`` (there is a moment when
  ``out`` is absent, never one when it is half written), and a stale ``.old`` folder is
  swept like a ``.partial`` one.

Two builds into the same ``out`` publish one after the other (the lock): the last one wins.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import functools
import hashlib
import logging
import os
import re
import shutil
import socket
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import AccesspackError, OutputError, reason

__all__ = ["output_error", "owner_only", "publish", "stage_for"]

log = logging.getLogger("accesspack")


def stage_for(out: Path) -> Path:
    """Check ``out`` may be (re)placed; return a fresh hidden staging folder beside it.

    The staging folder is created readable by its owner only (``mkdtemp``), and its name
    carries this host and process, so a later build can tell a folder left by a killed
    build (its process is gone) from one another build is writing right now.
    """
    out_dir = out.absolute()
    if out_dir.exists():
        if not out_dir.is_dir():
            raise OutputError(f"output path {out_dir} exists and is not a folder")
        _check_replaceable(out_dir)
    blocker = next((p for p in out_dir.parents if p.exists()), None)
    if blocker is not None and not blocker.is_dir():
        raise OutputError(f"cannot write in {out_dir.parent}: {blocker} is a file, not a "
                          "folder; choose a folder you can write to")
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        with _locked(out_dir.parent):
            _sweep_stale(out_dir)
        return Path(tempfile.mkdtemp(prefix=_stage_prefix(out_dir, "partial"),
                                     dir=out_dir.parent))
    except OSError as exc:
        raise OutputError(
            f"cannot write in {out_dir.parent}: {reason(exc)}; choose a folder you "
            "can write to") from None


def _check_replaceable(out_dir: Path) -> None:
    if any(out_dir.iterdir()) and not (out_dir / "manifest.json").is_file():
        raise OutputError(
            f"output folder {out_dir} is not empty and is not an accesspack bundle; "
            "choose a new or empty folder"
        )


def _host_tag() -> str:
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


def _stage_prefix(out_dir: Path, what: str) -> str:
    return f".{out_dir.name}.{what}-{_host_tag()}-{os.getpid()}-"


def _sweep_stale(out_dir: Path) -> None:
    """Remove staging folders of ``out_dir`` left by builds on this host that were killed."""
    mine = re.compile(rf"^\.{re.escape(out_dir.name)}\.(partial|old)-{_host_tag()}-(\d+)-")
    for entry in os.scandir(out_dir.parent):
        m = mine.match(entry.name)
        if m and not _alive(int(m.group(2))):
            log.info("removing %s, left by a build that was stopped", entry.name)
            shutil.rmtree(entry.path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (flock on the folder itself: no lock file)."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    try:
        fn: Callable[..., int] = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    return fn


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False if unsupported."""
    fn = _renameat2()
    if fn is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def owner_only(stage: Path) -> None:
    """Make every file of the bundle readable and writable by its owner only."""
    for root, dirs, files in os.walk(stage):
        for d in dirs:
            os.chmod(os.path.join(root, d), 0o700)
        for f in files:
            os.chmod(os.path.join(root, f), 0o600)
    os.chmod(stage, 0o700)


def publish(stage: Path, out: Path) -> None:
    """Move the finished staging folder to ``out`` (replacing an older bundle).

    Publishing holds a lock on the parent folder, so two builds into the same folder
    publish one after the other: the last one wins and neither is mixed with the other.
    An older bundle is swapped out in one atomic step where the system allows it, so
    ``out`` always holds one complete bundle; elsewhere there is a moment when it is
    absent, never one when it is half written.
    """
    out_dir = out.absolute()
    with _locked(out_dir.parent):
        if not out_dir.exists():
            os.replace(stage, out_dir)
            return
        _check_replaceable(out_dir)
        if _exchange(stage, out_dir):
            shutil.rmtree(stage, ignore_errors=True)  # it now holds the older bundle
            return
        old = Path(tempfile.mkdtemp(prefix=_stage_prefix(out_dir, "old"), dir=out_dir.parent))
        os.replace(out_dir, old / "bundle")
        os.replace(stage, out_dir)
        shutil.rmtree(old, ignore_errors=True)


#: errno values that mean "the output cannot be written", whatever file hit them
_WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG,
                           errno.EACCES, errno.EPERM})
_LOW_SPACE = 1 << 20


def output_error(exc: BaseException, out: Path, stage: Path) -> OutputError | None:
    """The :class:`OutputError` that ``exc``, raised while building in ``stage``, amounts to.

    Writing fails with an ``OSError`` (disk full, read-only or unwritable folder). A full
    disk can also surface as a LibreOffice or PDF failure (a truncated file); then the
    disk's free space tells. ``None`` when ``exc`` is not about the output. Call it before
    removing ``stage``, which frees the space it measures.
    """
    where = out.absolute().parent
    if isinstance(exc, OSError) and (
        exc.errno in _WRITE_ERRNOS
        or (exc.filename and str(exc.filename).startswith(str(stage)))
    ):
        return OutputError(
            f"cannot write the bundle in {where}: {reason(exc)}; free some disk "
            "space or choose a folder you can write to (nothing was written)")
    if isinstance(exc, AccesspackError | OSError):
        with contextlib.suppress(OSError):
            free = shutil.disk_usage(where).free
            if free < _LOW_SPACE:
                return OutputError(
                    f"cannot write the bundle in {where}: the disk is full ({free // 1024} KB "
                    f"free) and the build stopped ({exc.__class__.__name__}); free some disk "
                    "space and build again (nothing was written)")
    return None
