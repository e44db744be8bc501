"""The investigational product and the treatment plan."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, field_validator

from .common import CountryCode, LocalizedText, NctId, Section, ShortText, negative_amount
from .people import Organization


class Approval(Section):
    """A marketing authorisation of the product somewhere."""

    country: CountryCode
    approved_on: date | None = None
    brand_name: ShortText | None = None
    indication: LocalizedText | None = None


DevelopmentPhase = Literal["phase_1", "phase_2", "phase_3", "submitted", "approved"]


class AccessProgramme(Section):
    """An existing compassionate-use or hardship programme the product is in."""

    name: ShortText
    kind: Literal["art83_cup", "national_cup", "haertefallprogramm", "expanded_access_protocol"]
    country: CountryCode | None = Field(default=None, description="None for EU-wide (Art. 83).")
    reference: ShortText | None = Field(default=None, description="Programme or protocol id.")
    contact: Organization | None = None


class InvestigationalProduct(Section):
    """The investigational drug requested."""

    name: ShortText = Field(description="Investigational drug name (INN or working name).")
    name_zh: ShortText | None = Field(
        default=None, description="Chinese name of the drug, where it has one."
    )
    code: ShortText | None = Field(default=None, description="Company code, e.g. ABC-123.")
    manufacturer: Organization
    supplier: Organization | None = Field(
        default=None, description="Entity supplying the drug when not the manufacturer."
    )
    dosage_form: ShortText | None = None
    strength: ShortText | None = Field(default=None, description="e.g. 80 mg tablets.")
    reference_application: ShortText | None = Field(
        default=None,
        description="The holder's IND/NDA/DMF the LOA refers to, e.g. IND 123456.",
    )
    trials: list[NctId] = Field(default_factory=list, description="Trials of the product.")
    trial_registrations: list[ShortText] = Field(
        default_factory=list,
        description="Trial registrations outside ClinicalTrials.gov, e.g. CTR20241234 "
        "(China's drug trial registry) or ChiCTR2400081234.",
    )
    trial_at_institution: bool | None = Field(
        default=None,
        description="A clinical trial of the product runs at the treating institution "
        "(China's expanded clinical trials, DAL art. 23, happen within it).",
    )
    gba_catalogue: bool | None = Field(
        default=None,
        description="On the Greater Bay Area catalogue of urgently needed Hong Kong and Macau "
        "drugs (港澳药械通目录).",
    )
    approvals: list[Approval] = Field(
        default_factory=list, description="Countries where the product is approved."
    )
    development_phase: DevelopmentPhase | None = Field(
        default=None, description="Most advanced stage reached for this indication."
    )
    in_development_for_indication: bool | None = Field(
        default=None,
        description="Trials of the product in this indication are ongoing or planned.",
    )
    free_of_charge: bool | None = Field(
        default=None, description="The company supplies the product free of charge."
    )
    programmes: list[AccessProgramme] = Field(
        default_factory=list, description="Compassionate-use programmes the product is in."
    )

    @field_validator("strength")
    @classmethod
    def _positive_strength(cls, value: str | None) -> str | None:
        if value is not None and negative_amount(value):
            raise ValueError("states a negative amount; a strength is positive (e.g. 80 mg)")
        return value


class TreatmentPlan(Section):
    """How the drug will be given and watched (FDA 3926 treatment plan)."""

    dose: LocalizedText
    route: LocalizedText = Field(description="Route of administration, e.g. oral.")
    schedule: LocalizedText
    planned_duration: LocalizedText
    premedication: LocalizedText | None = None
    monitoring: LocalizedText
    dose_modifications: LocalizedText = Field(description="Modifications for toxicity.")
    stopping_rules: LocalizedText | None = None
    quantity_requested: ShortText | None = Field(
        default=None, description="e.g. 90 tablets of 80 mg (one 90-day course)."
    )
    planned_start_on: date | None = None

    @field_validator("dose")
    @classmethod
    def _positive_dose(cls, value: LocalizedText) -> LocalizedText:
        if any(negative_amount(text) for text in value.variants()):
            raise ValueError(
                "states a negative amount; give the dose as a positive amount (e.g. 160 mg "
                "or 5 mg/kg) and describe reductions in dose_modifications"
            )
        return value

    @field_validator("quantity_requested")
    @classmethod
    def _positive_quantity(cls, value: str | None) -> str | None:
        if value is not None and negative_amount(value):
            raise ValueError(
                "states a negative amount; give the quantity as a positive amount "
                "(e.g. 90 tablets of 80 mg)"
            )
        return value
