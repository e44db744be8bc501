"""Uploaded documents: their kinds and where they are."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationInfo, field_validator

from ..errors import not_a_regular_file, reason
from .common import LangCode, Section, ShortText

AttachmentKind = Literal[
    "letter_of_authorization",
    "cv",
    "pathology_report",
    "biomarker_report",
    "imaging_report",
    "lab_report",
    "discharge_summary",
    "irb_approval",
    "consent_form",
    "prescription",
    "manufacturer_agreement",
    "marketing_authorization",
    "institution_commitment",
    "institution_licence",
    "safety_report",
    "investigator_brochure",
    "publication",
    "regulator_correspondence",
    "translation",
    "other",
]
ATTACHMENT_KINDS: tuple[str, ...] = AttachmentKind.__args__  # type: ignore[attr-defined]


class Attachment(Section):
    """An uploaded document (PDF, JPEG, PNG, TIFF or DOCX)."""

    id: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
        description="Short id other fields refer to; defaults to <kind>-<n>.",
    )
    kind: AttachmentKind
    # repr=False: a file name can carry the patient's name (repr(), str(), tracebacks)
    path: Path = Field(description="File path, relative to the case file's folder.", repr=False)
    title: ShortText = Field(description="The title, in the case's language.")
    titles: dict[LangCode, ShortText] = Field(
        default_factory=dict,
        description="The title in other languages, e.g. {fr: Compte rendu anatomopathologique}: "
        "a packet in another language than the case's prints this one, or else the kind of "
        "document in its own language with the document's date.",
    )
    dated: date | None = Field(default=None, description="Date of the document.")
    accession: ShortText | None = Field(
        default=None,
        description="The laboratory's accession or report number printed on the document, "
        "e.g. S24-01187, for a pathology or biomarker report: the build checks that the "
        "upload carries it (or else the date in `dated`).",
    )
    language: LangCode = "en"
    translates: str | None = Field(default=None, description="Id of the attachment translated.")
    password: SecretStr | None = Field(
        default=None,
        description="Password that opens the file, for a password-protected PDF. It is used "
        "only to open the file: the packet's copy has no password, and the password is "
        "never written to the bundle, the ledger, logs or messages.",
        repr=False,
    )

    @field_validator("path", mode="before")
    @classmethod
    def _given(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            raise ValueError("is empty: give the file's path, relative to the case file's "
                             "folder")
        return value

    @field_validator("path")
    @classmethod
    def _exists(cls, value: Path, info: ValidationInfo) -> Path:
        context = info.context or {}
        base = context.get("base_dir")
        full = value if value.is_absolute() or base is None else Path(base) / value
        problem = not_a_regular_file(full)  # a folder, a FIFO, a device, a loop of links
        if problem:
            raise ValueError(problem)
        try:
            found = full.is_file()
            resolved = full.resolve()
        except (OSError, RuntimeError) as exc:  # a name too long, a folder we may not read
            # pathlib raises RuntimeError("Symlink loop ...") for a loop it meets resolving
            why = "a loop of symbolic links" if isinstance(exc, RuntimeError) else reason(exc)
            raise ValueError(f"cannot be looked up ({why}); check the path") from None
        if not found:
            raise ValueError(
                "no such file (paths are relative to the case file's folder); check the name"
            )
        if context.get("confine_uploads"):
            folder = Path(base if base is not None else Path.cwd()).resolve()
            if not resolved.is_relative_to(folder):
                raise ValueError(
                    "is outside the case's folder (through '..', a symbolic link or an "
                    "absolute path), which this build does not allow; copy the file into the "
                    "case folder and give its path relative to the case file"
                )
        return resolved
