"""The treating physician, the institution with its IRB or ethics committee, and companies."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator

from .common import Address, LocalizedText, Section, ShortText

Designation = Literal["drug_trial_institution", "hainan_lecheng", "gba_designated"]
Profession = Literal["medical_practitioner", "dentist", "nurse_practitioner", "pharmacist",
                     "other"]


class Licence(Section):
    """A medical licence or registration."""

    number: ShortText
    jurisdiction: ShortText = Field(
        description="Who issued it: a state, province or canton code (CA, ON, ZH), or the "
        "national register's short name (NMC, AHPRA, GMC).")


class Physician(Section):
    """The treating physician (for the FDA the sponsor-investigator)."""

    name: ShortText
    name_zh: ShortText | None = Field(
        default=None, description="Name in Simplified Chinese (China's routes print it first)."
    )
    degrees: list[ShortText] = Field(default_factory=list, description="e.g. MD, PhD.")
    specialty: ShortText | None = None
    profession: Profession | None = Field(
        default=None,
        description="The practitioner's profession as a register records it: "
        "medical_practitioner, dentist, nurse_practitioner, pharmacist or other (some "
        "routes are open to medical practitioners only).",
    )
    medical_school: ShortText | None = None
    graduation_year: int | None = Field(default=None, ge=1930, le=2100)
    licence: Licence | None = None
    job_title: ShortText | None = None
    address: Address | None = None
    email: ShortText | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    phone: ShortText | None = None
    fax: ShortText | None = None


class EthicsCommittee(Section):
    """An IRB or ethics committee."""

    name: ShortText
    name_zh: ShortText | None = Field(
        default=None, description="Name in Simplified Chinese (China's routes print it first)."
    )
    registration: ShortText | None = Field(default=None, description="e.g. IRB00001234.")
    chair: ShortText | None = None
    address: Address | None = None
    email: ShortText | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    phone: ShortText | None = None


class Organization(Section):
    """A manufacturer, supplier or programme contact."""

    name: ShortText
    name_zh: ShortText | None = Field(
        default=None, description="Name in Simplified Chinese (China's routes print it first)."
    )
    contact_name: ShortText | None = Field(
        default=None,
        description="The person (or desk) letters are addressed to, as a letter names them, "
        "with degrees after a comma if any: 'Dana Whitcombe, PharmD'. The job title goes in "
        "contact_title.",
    )
    contact_title: ShortText | None = Field(
        default=None, description="The contact's job title or department, e.g. 'Director, "
        "Medical Affairs'.",
    )
    email: ShortText | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    phone: ShortText | None = None
    fax: ShortText | None = None
    address: Address | None = None
    licence_number: ShortText | None = Field(
        default=None,
        description="The organisation's licence number where a form asks for it: an "
        "importer's wholesale dealer's or manufacturer's licence (in the UK, WDA(H) or MS), "
        "a pharmacy's licence.",
    )

    @field_validator("contact_name")
    @classmethod
    def _name_only(cls, value: str | None) -> str | None:
        if value is None:
            return value
        for part in value.split(",")[1:]:
            if not _DEGREE.match(part.strip()):
                raise ValueError(
                    "holds more than a name: after a comma only degrees may follow (PharmD, "
                    "MD, PhD); write the job title or department in contact_title"
                )
        return value


#: A degree or suffix after a contact's name: PharmD, MD, PhD, RPh, MSc, Jr., III.
_DEGREE = re.compile(r"^(?:(?:[A-Z][a-z]*\.?){2,5}|Jr\.|Sr\.|[IVX]{2,4})$")


class Contact(Section):
    """A person to reach about a request who is not the treating physician: an alternate
    contact, or the person who submits the request for the prescriber."""

    name: ShortText
    role: ShortText | None = Field(
        default=None, description="e.g. Oncology nurse navigator, Hospital pharmacist.")
    organization: ShortText | None = Field(
        default=None, description="Business, practice or hospital name, when not the "
        "institution's.")
    email: ShortText | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    phone: ShortText | None = None
    fax: ShortText | None = None
    address: Address | None = None


class Institution(Section):
    """The hospital or clinical practice."""

    name: ShortText
    name_zh: ShortText | None = Field(
        default=None, description="Name in Simplified Chinese (China's routes print it first)."
    )
    registration: ShortText | None = Field(
        default=None,
        description="Licence or registration number of the institution (e.g. China's "
        "医疗机构执业许可证 number).",
    )
    address: Address | None = None
    injury_care: LocalizedText | None = Field(
        default=None,
        description="What the institution offers a patient whom a treatment injures: the "
        "medical care, who pays for it, and any compensation, in words a patient "
        "understands (a consent document states it).",
    )
    irb: EthicsCommittee | None = None
    pharmacy: Organization | None = Field(default=None, description="Hospital pharmacy.")
    management: Organization | None = Field(
        default=None, description="Hospital management (e.g. Spain's dirección gerencia)."
    )
    ownership: Literal["government", "statutory", "private", "other"] | None = Field(
        default=None,
        description="Government, statutory (public-law) body, private or other "
        "(India's hospital-import route needs government or statutory).",
    )
    reference_centre: bool | None = Field(
        default=None,
        description="A regional rare-disease or national rare-tumour network centre.",
    )
    regional_authority: Organization | None = Field(
        default=None,
        description="The regional health authority that supervises the institution's "
        "practice and that some routes notify (in Switzerland the canton's authority, e.g. "
        "the Kantonsapotheker or cantonal pharmacist).",
    )
    designations: list[Designation] = Field(
        default_factory=list,
        description="Designations China's routes depend on: drug_trial_institution (a "
        "registered drug clinical trial institution), hainan_lecheng (a medical institution of "
        "the Hainan Boao Lecheng pilot zone), gba_designated (designated for Hong Kong and "
        "Macau drugs in the Greater Bay Area, 港澳药械通).",
    )


__all__ = ["Contact", "Designation", "EthicsCommittee", "Institution", "Licence", "Organization",
           "Physician", "Profession"]
