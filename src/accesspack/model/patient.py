"""The patient: identity (sensitive), demographics and allergies."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from .common import Address, LangCode, LocalizedText, Section, ShortText

Sex = Literal["female", "male", "intersex", "unknown"]
Ethnicity = Literal["hispanic_or_latino", "not_hispanic_or_latino"]
Race = Literal[
    "american_indian_or_alaska_native",
    "asian",
    "black_or_african_american",
    "native_hawaiian_or_other_pacific_islander",
    "white",
]


def first_last_initials(initials: str, separator: str = ".") -> str:
    """The patient's initials as a form that asks for "First.Last" prints them, derived
    from ``initials`` only when they hold exactly two letters (``JS``, ``J.S`` and ``J-S``
    give ``J.S``); from one letter or three or more it returns "" (with ``NBV`` the middle
    letter may start a hyphenated surname, so the last-name initial is a guess): the case
    then gives ``patient.initials_first_last``. Templates use it as the filter
    ``first_last_initials``."""
    letters = [c for c in initials if c.isalpha()]
    if len(letters) != 2:
        return ""
    return f"{letters[0]}{separator}{letters[-1]}"


class Patient(Section):
    """The patient. The full name and address are used only where a route asks for them."""

    initials: str = Field(
        pattern=r"^[A-Z][A-Z.\-]{0,7}$",
        description="Patient's initials in capitals, e.g. JQD (FDA 3926 item 2).",
    )
    # repr=False: repr(), str() and tracebacks of a case never show who the patient is
    full_name: ShortText | None = Field(
        default=None,
        description="Full name; only routes that require it print it (never the FDA packet).",
        repr=False,
    )
    date_of_birth: date | None = Field(default=None, repr=False)
    age_years: int | None = Field(
        default=None, ge=0, le=130, description="Age in years, when no date of birth is given."
    )
    sex: Literal["female", "male", "intersex", "unknown"]
    weight_kg: float | None = Field(default=None, gt=0, le=500)
    height_cm: float | None = Field(default=None, gt=0, le=272)
    allergies: list[LocalizedText] | None = Field(
        default=None,
        description="Allergies and sensitivities; an empty list means none known, "
        "absent means not yet recorded.",
    )
    ethnicity: Ethnicity | None = Field(default=None, description="Optional (FDA 3926 08/22).")
    race: list[Race] = Field(default_factory=list, description="Optional, any that apply.")
    address: Address | None = Field(default=None, repr=False)
    medical_record_number: ShortText | None = Field(
        default=None, repr=False,
        description="The hospital's medical record number (MRN), for forms that take it as "
        "one of the identifiers of a patient they never name (Australia's Special Access "
        "Scheme).",
    )
    language: LangCode = Field(
        default="en",
        description="The language the patient reads and speaks (e.g. es); documents the "
        "patient signs, such as a consent document, are wanted in it. English by default.",
    )

    initials_first_last: str | None = Field(
        default=None,
        pattern=r"^[A-Z]\.[A-Z]$",
        description="The initials of the first name and of the last name, as a form that "
        "asks for them as First.Last prints them, e.g. J.S (Health Canada's SAP Form A). "
        "Needed when patient.initials has one letter or three or more: from two letters "
        "they are derived.",
    )

    @model_validator(mode="after")
    def _age_or_birth_date(self) -> Patient:
        if self.date_of_birth is None and self.age_years is None:
            raise ValueError("give date_of_birth or age_years")
        return self

    @model_validator(mode="after")
    def _first_last_starts_as_initials(self) -> Patient:
        if self.initials_first_last and self.initials_first_last[0] != self.initials[0]:
            raise ValueError("patient.initials_first_last must start with the first letter "
                             "of patient.initials")
        return self

    @property
    def initials_letter_count(self) -> int:
        """How many letters patient.initials holds (a route derives First.Last initials
        only from two)."""
        return sum(c.isalpha() for c in self.initials)

    def age_on(self, day: date) -> int | None:
        """Age in whole years on ``day``."""
        if self.date_of_birth is None:
            return self.age_years
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
