"""Diagnosis, pathology, biomarkers, prior treatment lines, labs and other clinical facts."""

from __future__ import annotations

import typing
from datetime import date
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from .common import LocalizedText, Section, ShortText
from .dates import HistoryDate


class Stage(Section):
    """TNM stage with its AJCC edition, and the overall stage group."""

    t: ShortText | None = Field(default=None, description="T category, e.g. T3.")
    n: ShortText | None = Field(default=None, description="N category, e.g. N2.")
    m: ShortText | None = Field(default=None, description="M category, e.g. M1c.")
    ajcc_edition: int | None = Field(default=None, ge=1, le=12)
    overall: ShortText | None = Field(default=None, description="Overall stage, e.g. IVB.")


class PerformanceStatus(Section):
    """ECOG (0-5) or Karnofsky (0-100) performance status."""

    scale: Literal["ECOG", "Karnofsky"]
    value: int = Field(ge=0, le=100)
    assessed_on: date | None = None

    @model_validator(mode="after")
    def _range(self) -> PerformanceStatus:
        if self.scale == "ECOG" and self.value > 5:
            raise ValueError("ECOG performance status is 0 to 5")
        if self.scale == "Karnofsky" and self.value % 10:
            raise ValueError("Karnofsky performance status is a multiple of 10")
        return self


class Diagnosis(Section):
    """The cancer being treated."""

    primary_cancer: LocalizedText = Field(description="Primary cancer, e.g. lung adenocarcinoma.")
    icd10: str = Field(
        pattern=r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$", description="ICD-10 code, e.g. C34.1."
    )
    histology: LocalizedText | None = None
    grade: ShortText | None = None
    stage: Stage | None = None
    diagnosed_on: HistoryDate = Field(
        description="Date of diagnosis: YYYY-MM-DD, or YYYY-MM when only the month is known."
    )
    metastatic_sites: list[LocalizedText] = Field(default_factory=list)
    disease_status: LocalizedText | None = Field(
        default=None, description="Current disease status, e.g. progressive after 3rd line."
    )
    performance_status: PerformanceStatus | None = None
    rare_disease: bool | None = Field(
        default=None,
        description="A rare disease or rare tumour (e.g. Italy, DM 7/9/2017 art. 3(2)).",
    )


class Lab(Section):
    """A relevant laboratory value."""

    name: ShortText
    value: ShortText | float
    unit: ShortText | None = None
    measured_on: date
    reference_range: ShortText | None = None


class PathologyReport(Section):
    """A pathology finding, linked to the uploaded report it comes from."""

    specimen: ShortText
    site: ShortText | None = None
    collected_on: HistoryDate | None = Field(
        default=None, description="Date the specimen was collected (YYYY-MM-DD, or YYYY-MM)."
    )
    reported_on: date
    laboratory: ShortText | None = None
    finding: LocalizedText
    source: ShortText | None = Field(default=None, description="Id of the uploaded report.")


BiomarkerMethod = Literal["NGS", "IHC", "FISH", "PCR", "ctDNA", "other"]


class Biomarker(Section):
    """A biomarker result, e.g. EGFR p.L858R by NGS, PD-L1 TPS 80 % by IHC."""

    marker: ShortText = Field(description="Marker or gene, e.g. EGFR, PD-L1, TMB, MSI.")
    result: ShortText = Field(description="e.g. p.L858R (c.2573T>G), TPS 80 %, 12 mut/Mb.")
    method: BiomarkerMethod
    specimen: ShortText | None = None
    laboratory: ShortText | None = None
    reported_on: date
    source: ShortText | None = Field(default=None, description="Id of the uploaded report.")


Response = Literal["CR", "PR", "SD", "PD", "NE"]

#: The setting of a prior line (labels: domain ``setting`` of :mod:`accesspack.vocabulary`).
Setting = Literal["neoadjuvant", "adjuvant", "perioperative", "definitive", "locally_advanced",
                  "metastatic", "maintenance", "other"]
SETTINGS: tuple[str, ...] = typing.get_args(Setting)

#: The intent of a line: the concepts of mCODE's treatment intent value set (STU1: curative,
#: palliative) and procedure intent value set (STU2 to STU4: the eight below).
Intent = Literal["curative", "palliative", "supportive", "diagnostic", "preventive", "guidance",
                 "screening", "forensic"]
INTENTS: tuple[str, ...] = typing.get_args(Intent)


class TreatmentLine(Section):
    """One prior line of treatment."""

    line: int = Field(ge=1, le=30)
    setting: Setting = Field(
        description="The line's setting, one of: " + ", ".join(SETTINGS) + " (printed in "
        "the document's language; 'other' when none fits).",
    )
    intent: Intent | None = Field(
        default=None,
        description="The line's treatment intent (not its setting), one of: "
        + ", ".join(INTENTS) + ".",
    )
    regimen: LocalizedText
    agents: list[ShortText] = Field(default_factory=list)
    started_on: HistoryDate = Field(
        description="Start of the line: YYYY-MM-DD, or YYYY-MM when only the month is known."
    )
    ended_on: HistoryDate | None = Field(
        default=None, description="End of the line (YYYY-MM-DD or YYYY-MM); absent if ongoing."
    )
    best_response: Response | None = Field(default=None, description="RECIST best response.")
    reason_stopped: LocalizedText | None = None
    toxicities: list[LocalizedText] = Field(default_factory=list)

    @field_validator("setting", mode="before")
    @classmethod
    def _known_setting(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip() not in SETTINGS:
            raise ValueError(
                "is not a setting this model knows; write one of: " + ", ".join(SETTINGS)
                + " ('other' when none fits)")
        return value.strip() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _dates(self) -> TreatmentLine:
        if self.ended_on is not None and self.ended_on < self.started_on:
            raise ValueError("ended_on is before started_on")
        return self
