"""Uploaded documents: their kinds and where they are."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

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
    path: Path = Field(description="File path, relative to the case file's folder.")
    title: ShortText
    dated: date | None = Field(default=None, description="Date of the document.")
    language: LangCode = "en"
    translates: str | None = Field(default=None, description="Id of the attachment translated.")

    @field_validator("path")
    @classmethod
    def _exists(cls, value: Path, info: ValidationInfo) -> Path:
        base = (info.context or {}).get("base_dir")
        full = value if value.is_absolute() or base is None else Path(base) / value
        if not full.is_file():
            raise ValueError(
                "no such file (paths are relative to the case file's folder); check the name"
            )
        return full.resolve()
