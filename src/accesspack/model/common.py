"""Building blocks shared by the case sections: text in several languages, addresses, codes."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, RootModel, StringConstraints

LangCode = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$"),
    Field(description="A language code such as en, fr, zh or zh-Hans."),
]
NctId = Annotated[
    str,
    StringConstraints(pattern=r"^NCT\d{8}$"),
    Field(description="A ClinicalTrials.gov identifier, e.g. NCT01234567."),
]
CountryCode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z]{2}$"),
    Field(description="ISO 3166-1 alpha-2 country code, e.g. US, FR, IN, CN."),
]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class Section(BaseModel):
    """Base of every case section: unknown keys are errors, strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False)


class LocalizedText(RootModel[str | dict[LangCode, str]]):
    """Free text, either one string (in the case's language) or ``{en: ..., fr: ...}``.

    A packet in a language uses that variant; when it is missing the ledger reports a
    missing translation instead of guessing one.
    """

    def variant(self, lang: str, default_lang: str) -> str | None:
        """The text in ``lang``, or None when the case has no variant in that language."""
        if isinstance(self.root, str):
            return self.root if lang == default_lang else None
        return self.root.get(lang)

    def languages(self, default_lang: str) -> list[str]:
        """The languages this text is available in."""
        if isinstance(self.root, str):
            return [default_lang]
        return sorted(self.root)

    def any_text(self, default_lang: str) -> str:
        """Some variant, preferring the case's language (for fall-back drafts)."""
        if isinstance(self.root, str):
            return self.root
        if default_lang in self.root:
            return self.root[default_lang]
        return self.root[sorted(self.root)[0]]


class Address(Section):
    """A postal address. FDA item 1 does not accept P.O. boxes for the street line."""

    line1: ShortText = Field(description="Street and number.")
    line2: ShortText | None = None
    city: ShortText
    region: ShortText | None = Field(default=None, description="State, province or region.")
    postal_code: ShortText | None = None
    country: CountryCode = "US"
