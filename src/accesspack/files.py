"""Writing files atomically, and relative paths between folders."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from .errors import OutputError

__all__ = ["atomic_write", "relative_path"]


def atomic_write(dest: Path, write: Callable[[BinaryIO], object], *, mode: int = 0o666) -> None:
    """Call ``write`` on a temporary file beside ``dest``, then rename it to ``dest``.

    The temporary file has a random name (concurrent writers never share one) and is
    created with ``mode`` (less the umask): ``0o600`` for patient documents. It is removed
    when ``write`` fails. Raises :class:`~accesspack.errors.OutputError` on an
    :class:`OSError`; the folder must exist.
    """
    tmp = dest.with_name(f".{dest.name}.{secrets.token_hex(6)}.tmp")
    try:
        fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL, mode)
        with os.fdopen(fd, "w+b") as fh:
            write(fh)
        os.replace(tmp, dest)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise OutputError(
                f"cannot write {dest.name}: {exc.strerror or exc}; check that the output "
                "folder is writable and has free space") from None
        raise


def relative_path(path: Path, folder: Path) -> str:
    """``path`` relative to ``folder`` (both resolved), in POSIX form; ``path`` resolved
    and absolute when no relative path leads there (another drive, on Windows)."""
    full = path.resolve()
    try:
        return Path(os.path.relpath(full, folder.resolve())).as_posix()
    except ValueError:
        return full.as_posix()
