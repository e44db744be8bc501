"""The patient's health insurance: who pays for the treatment."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from .common import Address, Section, ShortText

InsuranceKind = Literal["statutory", "private", "other"]


class Insurance(Section):
    """The patient's health insurer.

    ``kind`` says which rules of cost cover apply: a statutory insurer (Germany's
    gesetzliche Krankenversicherung, for example) decides on an application, a private
    insurer on its contract. The member number identifies the patient: only packets whose
    identity policy is ``full`` print it.
    """

    kind: InsuranceKind = Field(description="statutory, private or other.")
    name: ShortText = Field(description="The insurer, e.g. AOK Bayern.")
    # repr=False: the member number identifies the patient
    member_number: ShortText | None = Field(
        default=None, repr=False,
        description="The insured person's member number (Versichertennummer); only packets "
        "that name the patient print it.",
    )
    address: Address | None = Field(default=None, description="Where applications go.")
    request_complete_on: date | None = Field(
        default=None,
        description="The date the insurer received a complete request for cost approval "
        "(where the law gives the insurer a period to decide from then, e.g. two weeks in "
        "Switzerland, KVV art. 71d(3)).",
    )


__all__ = ["Insurance", "InsuranceKind"]
