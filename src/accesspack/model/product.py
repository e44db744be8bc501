"""The investigational product and the treatment plan."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from .common import CountryCode, LocalizedText, NctId, Section, ShortText
from .people import Organization


class Approval(Section):
    """A marketing authorisation of the product somewhere."""

    country: CountryCode
    approved_on: date | None = None
    brand_name: ShortText | None = None
    indication: LocalizedText | None = None


class InvestigationalProduct(Section):
    """The investigational drug requested."""

    name: ShortText = Field(description="Investigational drug name (INN or working name).")
    code: ShortText | None = Field(default=None, description="Company code, e.g. ABC-123.")
    manufacturer: Organization
    supplier: Organization | None = Field(
        default=None, description="Entity supplying the drug when not the manufacturer."
    )
    dosage_form: ShortText | None = None
    strength: ShortText | None = None
    reference_application: ShortText | None = Field(
        default=None,
        description="The holder's IND/NDA/DMF the LOA refers to, e.g. IND 123456.",
    )
    trials: list[NctId] = Field(default_factory=list, description="Trials of the product.")
    approvals: list[Approval] = Field(
        default_factory=list, description="Countries where the product is approved."
    )


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
