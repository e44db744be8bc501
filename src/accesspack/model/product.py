"""The investigational product and the treatment plan."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, StringConstraints, field_validator, model_validator

from .common import CountryCode, LocalizedText, NctId, Section, ShortText, negative_amount
from .people import Organization

#: Where a marketing authorisation was granted: an ISO 3166-1 alpha-2 country code, or
#: ``EU`` for a centralised authorisation valid in every EU member state.
Jurisdiction = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z]{2}$"),
    Field(description="ISO 3166-1 alpha-2 country code (US, FR, HK, ...), or EU for a "
          "centralised EU marketing authorisation."),
]


class Approval(Section):
    """A marketing authorisation of the product: where, for what, and whether it stands.

    ``status``: ``approved`` (it stands and the product is marketed), ``marketing_discontinued``
    (it stands, but the product is no longer marketed there), ``withdrawn`` (it no longer
    stands). Routes read it through :attr:`InvestigationalProduct.approved_in` (where an
    authorisation stands), :attr:`InvestigationalProduct.marketed_in` and
    :attr:`InvestigationalProduct.withdrawn_in`. The field ``jurisdiction`` was called
    ``country`` earlier; that name is still read.
    """

    jurisdiction: Jurisdiction = Field(validation_alias=AliasChoices("jurisdiction", "country"))
    status: Literal["approved", "marketing_discontinued", "withdrawn"] = Field(
        default="approved",
        description="approved (it stands, the product is marketed), marketing_discontinued "
        "(it stands, the product is no longer marketed) or withdrawn.")
    approved_on: date | None = None
    withdrawn_on: date | None = Field(default=None, description="When it was withdrawn.")
    brand_name: ShortText | None = None
    indication: LocalizedText | None = Field(
        default=None, description="The indication it covers (all of them, if several).")

    @model_validator(mode="after")
    def _dates(self) -> Approval:
        if self.withdrawn_on is not None and self.status != "withdrawn":
            raise ValueError("withdrawn_on is given but status is not 'withdrawn'")
        if (self.withdrawn_on and self.approved_on and self.withdrawn_on < self.approved_on):
            raise ValueError("withdrawn_on is before approved_on")
        return self


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
        default_factory=list,
        description="Marketing authorisations of the product (standing or withdrawn), in "
        "any indication.",
    )
    trial_authorisations: list[Jurisdiction] = Field(
        default_factory=list,
        description="Where a clinical trial of the product is authorised by the regulator "
        "(ISO 3166-1 codes, or EU): some routes need a trial authorisation in a comparable "
        "country when the drug is approved nowhere (Switzerland, AMBV art. 49(2)).",
    )
    importer: Organization | None = Field(
        default=None,
        description="The licensed importer who brings the drug into the country for the "
        "patient, with its licence number (licence_number), where a route has one.",
    )
    review_centre: Literal["CDER", "CBER"] | None = Field(
        default=None,
        description="The FDA centre that reviews the product: CDER (drugs, most "
        "therapeutic biologics) or CBER (vaccines, blood products, cell and gene "
        "therapies). The FDA packets' addresses and telephone numbers follow it.",
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
    known_risks: list[LocalizedText] | None = Field(
        default=None,
        description="Side effects and risks known for the drug, one per item, in words a "
        "patient understands, with how often they happen where known (a consent document "
        "lists them); an empty list means none known, absent means not yet recorded.",
    )
    programmes: list[AccessProgramme] = Field(
        default_factory=list, description="Compassionate-use programmes the product is in."
    )

    @property
    def approved_in(self) -> list[str]:
        """The jurisdictions where a marketing authorisation stands (not withdrawn, whether
        or not the product is still marketed there), in the order given; route conditions
        read it as ``product.approved_in``."""
        return list(dict.fromkeys(a.jurisdiction for a in self.approvals
                                  if a.status != "withdrawn"))

    @property
    def marketed_in(self) -> list[str]:
        """The jurisdictions where an authorisation stands and the product is marketed."""
        return list(dict.fromkeys(a.jurisdiction for a in self.approvals
                                  if a.status == "approved"))

    @property
    def withdrawn_in(self) -> list[str]:
        """The jurisdictions where an authorisation was withdrawn and none stands."""
        standing = set(self.approved_in)
        return list(dict.fromkeys(a.jurisdiction for a in self.approvals
                                  if a.status == "withdrawn" and a.jurisdiction not in standing))

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
