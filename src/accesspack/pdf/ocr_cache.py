"""An optional on-disk store of what OCR made of a scanned upload, for rebuilds in new
processes.

OCR costs one to three seconds a scanned page, and a process already keeps what it read
(:mod:`accesspack.pdf.ocr`). A physician who edits a case and builds it again from the
command line starts a new process each time, and so does each worker of a new batch: with
``ACCESSPACK_OCR_CACHE`` naming a folder, what a file became is also written there and read
back by the next process instead of reading the pages again.

It is **off unless the variable is set**, because the folder then holds copies of scanned
uploads with the text OCR read in them: patient data. It is created readable by its owner
only (0700, files 0600); keep it on the machine that builds, and clear it as you clear the
bundles. An entry is found by the sha256 of the file, the Tesseract languages, the versions
of ocrmypdf and Tesseract and a digest of the code that grafts the layer, so an upgrade
never reuses an older result; a damaged entry (its bytes no longer match the digest it was
stored with) is ignored. Writing is atomic (two builds may store the same entry at once)
and never fails a build: a folder that cannot be written only costs the time.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path

from ..errors import OutputError
from ..files import atomic_write

__all__ = ["ENV", "Entry", "folder", "load", "store"]

log = logging.getLogger(__name__)

#: The environment variable naming the folder; unset or empty: no store on disk.
ENV = "ACCESSPACK_OCR_CACHE"

#: An entry: the file's new bytes (None: OCR left it as it was), the pages that were
#: scans, the pages that gained a layer and the Tesseract languages read.
Entry = tuple[bytes | None, tuple[int, ...], tuple[int, ...], tuple[str, ...]]


def folder() -> Path | None:
    """The folder ``ACCESSPACK_OCR_CACHE`` names, or None when it is unset or empty."""
    value = os.environ.get(ENV, "").strip()
    return Path(value) if value else None


@functools.cache
def _code_digest() -> str:
    """A digest of the modules whose output an entry is: a change to them is a new key."""
    here = Path(__file__).parent
    h = hashlib.sha256()
    for name in ("ocr.py", "ocr_cache.py", "write.py"):
        h.update((here / name).read_bytes())
    return h.hexdigest()


def _name(file_sha256: str, languages: Sequence[str], versions: Sequence[str]) -> str:
    key = json.dumps([file_sha256, list(languages), list(versions), _code_digest()])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def load(file_sha256: str, languages: Sequence[str], versions: Sequence[str]
         ) -> Entry | None:
    """The stored entry for a file of these bytes read in these languages by these
    versions, or None (no store, no entry, or a damaged one)."""
    where = folder()
    if where is None:
        return None
    name = _name(file_sha256, languages, versions)
    try:
        meta = json.loads((where / f"{name}.json").read_text(encoding="utf-8"))
        data = None
        if meta["pdf_sha256"] is not None:
            data = (where / f"{name}.pdf").read_bytes()
            if hashlib.sha256(data).hexdigest() != meta["pdf_sha256"]:
                log.debug("OCR store: entry %s is damaged; reading the file again", name[:12])
                return None
        return (data, tuple(int(p) for p in meta["scanned"]),
                tuple(int(p) for p in meta["added"]), tuple(str(c) for c in meta["languages"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.debug("OCR store: entry %s unreadable (%s)", name[:12], exc.__class__.__name__)
        return None


def store(file_sha256: str, languages: Sequence[str], versions: Sequence[str],
          entry: Entry) -> None:
    """Write ``entry`` to the store, if there is one; a failure is logged, never raised."""
    where = folder()
    if where is None:
        return
    data, scanned, added, codes = entry
    name = _name(file_sha256, languages, versions)
    meta = {"pdf_sha256": None if data is None else hashlib.sha256(data).hexdigest(),
            "scanned": list(scanned), "added": list(added), "languages": list(codes)}
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        if data is not None:  # the bytes first: an entry is its .json
            atomic_write(where / f"{name}.pdf", lambda fh: fh.write(data), mode=0o600)
        atomic_write(where / f"{name}.json",
                     lambda fh: fh.write(json.dumps(meta).encode("utf-8")), mode=0o600)
    except (OSError, OutputError) as exc:
        log.debug("OCR store: cannot write to the folder %s names (%s)", ENV,
                  exc.__class__.__name__)
