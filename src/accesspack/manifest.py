"""``manifest.json``: what a build wrote, with every file's sha256 and its inputs' hashes.

A build fills a :class:`Manifest` and writes it (:meth:`Manifest.write`); a batch reads
it back (:meth:`Manifest.read`) to skip a case whose inputs are unchanged. The JSON keys
follow the fields' order; optional keys (an upload's ``changes``, a part document's
``document``, ``file`` and ``sha256``) are written only when they have a value. The
bytes are the same for the same inputs: no times, no machine-specific paths.

:attr:`accesspack.Bundle.manifest` is the JSON data (a dict, as ``manifest.json`` holds
it); :attr:`accesspack.Bundle.manifest_model` is this model, read from that dict.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["FileHash", "InputFile", "Inputs", "Manifest", "PacketEntry", "PartDocument",
           "PartEntry", "PreflightEntry", "TemplateHash"]


class _Entry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _empty(value: object) -> bool:
    return not value


def _none(value: object) -> bool:
    return value is None


class InputFile(_Entry):
    """One upload a packet uses: its kind, detected type, pages in the packet, sha256 of
    the original, and what the packet copy changed (only when something did)."""

    id: str
    kind: str
    type: str
    pages: int
    sha256: str
    changes: tuple[str, ...] = Field(default=(), exclude_if=_empty)


class Inputs(_Entry):
    """The hashes of what the build read: the case's content and the uploads used."""

    case_sha256: str
    attachments: tuple[InputFile, ...]


class TemplateHash(_Entry):
    """A DOCX template a document was rendered from (its file name) and its sha256."""

    name: str
    sha256: str


class FileHash(_Entry):
    """A file of the bundle (path relative to the bundle folder) and its sha256."""

    file: str
    sha256: str


class PartDocument(_Entry):
    """One document of a part: its title, page range in the packet and source.

    ``source`` is ``template:<name>`` (then ``document`` is the DOCX in ``documents/``),
    ``attachment:<id>`` (then ``file`` is its PDF in ``attachments/``) or
    ``generated:table-of-contents``.
    """

    title: str
    pages: tuple[int, int]
    source: str
    document: str | None = Field(default=None, exclude_if=_none)
    file: str | None = Field(default=None, exclude_if=_none)
    sha256: str | None = Field(default=None, exclude_if=_none)


class PartEntry(_Entry):
    """One part of a packet (its id in the route file), its page range and documents."""

    id: str
    title: str
    pages: tuple[int, int]
    documents: tuple[PartDocument, ...]


class PacketEntry(_Entry):
    """One packet's PDF: its title and audience, file, sha256, pages and parts in order."""

    id: str
    title: str
    audience: str
    file: str
    sha256: str
    pages: int
    parts: tuple[PartEntry, ...]


class PreflightEntry(_Entry):
    """``preflight.json``, its sha256 and whether each packet passed (by packet id)."""

    file: str
    sha256: str
    ok: dict[str, bool]


class Manifest(_Entry):
    """The manifest of a bundle, as ``manifest.json`` holds it."""

    accesspack: str
    case_id: str
    prepared_on: date
    route: str
    route_files_sha256: str
    options: dict[str, str]
    draft: bool
    ready: bool
    inputs: Inputs
    templates: tuple[TemplateHash, ...]
    packets: tuple[PacketEntry, ...]
    documents: tuple[FileHash, ...]
    attachments: tuple[FileHash, ...]
    ledger: tuple[FileHash, ...]
    preflight: PreflightEntry

    def as_data(self) -> dict[str, Any]:
        """The JSON data (plain dicts, lists and strings), keys in the file's order."""
        data: dict[str, Any] = self.model_dump(mode="json")
        return data

    def to_json(self) -> str:
        """The text of ``manifest.json``: two-space indent, UTF-8 as is, a final newline."""
        return json.dumps(self.as_data(), indent=2, ensure_ascii=False) + "\n"

    def write(self, path: Path) -> None:
        """Write :meth:`to_json` to ``path`` (UTF-8)."""
        path.write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> Manifest:
        """Read a ``manifest.json``. Raises ``OSError`` when it cannot be read and
        ``ValueError`` (pydantic's ``ValidationError``) when it is not this version's
        manifest."""
        return cls.model_validate_json(path.read_bytes())
