"""The request itself: why, how urgently, initial or follow-up."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from .common import Address, LocalizedText, NctId, Section, ShortText
from .people import Contact

FollowUpKind = Literal[
    "initial_safety_report",
    "safety_report_follow_up",
    "annual_report",
    "summary_of_use",
    "change_in_treatment_plan",
    "other",
]


class TrialScreened(Section):
    """A clinical trial considered for the patient, and why the patient cannot enter it."""

    nct: NctId
    title: ShortText | None = None
    reason_not_eligible: LocalizedText


class Justification(Section):
    """Why expanded access is requested for this patient."""

    no_satisfactory_alternative: LocalizedText = Field(
        description="Why no comparable or satisfactory alternative therapy exists."
    )
    trials_screened: list[TrialScreened] = Field(default_factory=list)
    benefit_risk: LocalizedText = Field(description="Expected benefit weighed against risk.")
    physician_risk_determination: bool | None = Field(
        default=None,
        description="The physician judges the probable risk of the drug is not greater than "
        "the probable risk of the disease (21 CFR 312.310(a)(1)).",
    )
    risk_determination: LocalizedText | None = Field(
        default=None,
        description="The physician's risk determination in words, beside the yes/no "
        "physician_risk_determination: why the probable risk to the patient from the "
        "investigational drug is not greater than the probable risk from the disease or "
        "condition (21 CFR 312.310(a)(1)).",
    )
    non_interference: LocalizedText | None = Field(
        default=None,
        description="Why providing the drug for this use will not interfere with the "
        "initiation, conduct or completion of clinical investigations that could support "
        "marketing approval of the expanded access use, or otherwise compromise its potential "
        "development (21 CFR 312.305(a)(3)).",
    )
    clinical_rationale: LocalizedText | None = Field(
        default=None,
        description="The clinical reasoning for this drug in this patient: mechanism, "
        "biomarker, prior response or published evidence (21 CFR 312.305(b)(2)(ii): the "
        "rationale for the intended use of the drug).",
    )
    treatment_can_be_deferred: bool | None = Field(
        default=None,
        description="Whether starting the treatment can wait without harm to the patient "
        "(France's AAC request states it: CSP R.5121-74 6°).",
    )


class EmergencyAuthorization(Section):
    """An emergency authorization given by the regulator by phone or other rapid means."""

    authorized_on: date
    means: Literal["phone", "email", "other"] = "phone"
    authorized_by: ShortText | None = Field(default=None, description="Regulator's official.")
    ind_number: ShortText | None = Field(default=None, description="IND number assigned.")
    first_dose_on: date | None = Field(default=None, description="Date of the emergency use.")


class SafetyEvent(Section):
    """A suspected adverse reaction being reported."""

    description: LocalizedText
    aware_on: date = Field(description="Date the physician learned of the event.")
    fatal_or_life_threatening: bool = False
    serious: bool = True
    unexpected: bool = True


class FollowUp(Section):
    """Contents of a follow-up submission (FDA 3926 item 9)."""

    kinds: list[FollowUpKind] = Field(min_length=1)
    other_description: LocalizedText | None = None
    summary: LocalizedText | None = Field(default=None, description="Narrative of the follow-up.")
    safety_event: SafetyEvent | None = None
    treatment_completed_on: date | None = None
    ind_effective_on: date | None = Field(default=None, description="For annual reports.")


ShipToKind = Literal["hospital_pharmacy", "practitioner_office", "nuclear_medicine",
                     "blood_bank", "government_depot", "community_pharmacy"]


class ShipTo(Section):
    """Where the drug is to be delivered, when a form asks for it."""

    kind: ShipToKind = Field(
        description="hospital_pharmacy (in-patient hospital pharmacy), practitioner_office, "
        "nuclear_medicine, blood_bank, government_depot (government agency depot) or "
        "community_pharmacy.")
    name: ShortText | None = Field(default=None, description="e.g. the pharmacy's name.")
    attention: ShortText | None = Field(default=None, description="The person it goes to.")
    address: Address
    phone: ShortText | None = None
    fax: ShortText | None = None


class Request(Section):
    """The access request."""

    submission: Literal["initial", "follow_up"] = "initial"
    emergency: bool = False
    indication: LocalizedText | None = Field(
        default=None, description="Indication for use; defaults to the diagnosis."
    )
    justification: Justification
    physician_ind_number: ShortText | None = Field(
        default=None, description="The physician's own IND number, once FDA has issued it."
    )
    regulator_division: ShortText | None = Field(
        default=None, description="FDA review division, if known."
    )
    emergency_authorization: EmergencyAuthorization | None = None
    follow_up: FollowUp | None = None
    request_form_waiver: bool = Field(
        default=True, description="FDA 3926 item 10.a: authorization to use Form 3926."
    )
    request_alternative_irb_review: bool = Field(
        default=False, description="FDA 3926 item 10.b: IRB chair concurrence."
    )
    authorized_on: date | None = Field(
        default=None, description="Date the authority granted the access (renewal clocks)."
    )
    ethics_opinion_on: date | None = Field(
        default=None, description="Date of the ethics committee's favourable opinion."
    )
    submitted_on: date | None = Field(default=None, description="Date sent to the regulator.")
    received_on: date | None = Field(default=None, description="Date the regulator received it.")
    trials_screened_note: LocalizedText | None = None
    critically_or_terminally_ill: bool | None = Field(
        default=None,
        description="The physician judges the patient critically or terminally ill (a "
        "box on Health Canada's Special Access Program Form A).",
    )
    death_reasonably_likely: Literal["within_months", "without_early_treatment", "no"] | None = (
        Field(default=None,
              description="The physician's judgement: death is reasonably likely within a "
              "matter of months (within_months), premature death is reasonably likely without "
              "early treatment (without_early_treatment), or neither (no). Australia's "
              "Special Access Scheme Category A is for such patients."))
    previous_reference: ShortText | None = Field(
        default=None,
        description="The reference number of an earlier request for this patient and drug "
        "under the same programme (a Special Access Program request number, a previous SAS "
        "number); a repeat request gives it.",
    )
    purchase_order: ShortText | None = Field(
        default=None, description="The purchase order number for the drug, if one is issued.")
    ship_to: ShipTo | None = Field(default=None, description="Where the drug is delivered.")
    alternate_contact: Contact | None = Field(
        default=None, description="A second person the regulator may contact about the "
        "request.")
    submitter: Contact | None = Field(
        default=None, description="The person who submits the request for the prescriber, "
        "when not the prescriber.")
    acknowledged_on: date | None = Field(
        default=None,
        description="Date the authority acknowledged the request or notification, when a "
        "clock runs from its acknowledgement (MHRA's 28-day objection window on an "
        "importer's notification of intent to import an unlicensed medicine).",
    )
    supplied_on: date | None = Field(
        default=None,
        description="Date the drug was first supplied for the patient, where a route counts "
        "a notification deadline from the supply (Australia's Special Access Scheme Category "
        "A: notification after supply).",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Request:
        if self.submission == "follow_up" and self.follow_up is None:
            raise ValueError("a follow_up submission needs the follow_up section")
        if self.submission == "initial" and self.follow_up is not None:
            raise ValueError("follow_up is given but submission is 'initial'")
        fu = self.follow_up
        if fu and "other" in fu.kinds and not fu.other_description:
            raise ValueError("follow_up.kinds has 'other': give follow_up.other_description")
        return self
