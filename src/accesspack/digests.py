"""The two hashes a manifest records: a file's bytes and a case's content."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .model import Case


def sha256_file(path: Path) -> str:
    """The sha256 of a file's bytes, as the manifest records it."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def case_digest(case: Case) -> str:
    """sha256 of the case's content (attachment paths left out: they are machine-specific).

    Fields without a value are left out too, so a new optional field of the case model
    does not change the digest of a case that does not give it."""
    data = case.model_dump(mode="json", exclude_none=True,
                           exclude={"attachments": {"__all__": {"path"}}})
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
