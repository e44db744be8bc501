"""Building blocks shared by the case sections: text in several languages, addresses, codes.

Every string of a case is checked once, here, whatever its field:

- no control characters (tab, line feed and carriage return excepted), no halves of
  UTF-16 surrogate pairs and no Unicode noncharacters (U+FFFE, U+FFFF, ...): they cannot
  be written to a Word document and usually come from a broken copy and paste;
- a length limit: :data:`SHORT_TEXT_LIMIT` characters for names, codes and short answers
  (:data:`ShortText`), :data:`FREE_TEXT_LIMIT` for free text (:class:`LocalizedText`),
  both counted without leading and trailing white space. Longer text belongs in an
  attached document.

The messages name the character by its code point (``U+0007``) and never echo the text.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ..limits import (
    EARLIEST_DATE,
    FREE_TEXT_LIMIT,
    LATEST_DATE,
    MAX_ATTACHMENTS,
    MAX_LIST_ITEMS,
    SHORT_TEXT_LIMIT,
)
from .dates import Month


def _forbidden_class() -> str:
    """A regex class of every character no case text may hold."""
    ranges = [r"\x00-\x08", r"\x0b", r"\x0c", r"\x0e-\x1f", r"\x7f-\x9f",
              r"\ud800-\udfff", r"\ufdd0-\ufdef"]
    ranges += [f"\\U{(plane << 16) | low:08x}" for plane in range(0x11)
               for low in (0xFFFE, 0xFFFF)]
    return "[" + "".join(ranges) + "]"


_FORBIDDEN = re.compile(_forbidden_class())


def bad_character(text: str) -> str | None:
    """Why ``text`` cannot go into a document (its first forbidden character), or None.

    Forbidden: control characters other than tab, line feed and carriage return (U+0000
    to U+001F, U+007F to U+009F), surrogate halves (U+D800 to U+DFFF, from broken UTF-16
    such as JSON's ``"\\ud800"``) and Unicode noncharacters (U+FDD0 to U+FDEF, U+FFFE,
    U+FFFF and their equivalents in every plane). The text itself is not quoted.
    """
    found = _FORBIDDEN.search(text)
    if found is None:
        return None
    code = ord(found.group())
    if 0xD800 <= code <= 0xDFFF:
        kind = "half of a UTF-16 surrogate pair (broken text encoding)"
    elif code < 0x20 or 0x7F <= code <= 0x9F:
        kind = "a control character"
    else:
        kind = "a Unicode noncharacter"
    return (
        f"contains the character U+{code:04X}, {kind}, at position {found.start() + 1}; "
        "remove it (tabs and line breaks are allowed)"
    )


def _too_long(length: int, limit: int) -> str:
    return (
        f"is {length:,} characters long; the limit is {limit:,} characters: shorten it, "
        "and attach long text as a document (attachments) instead"
    )


def _text_length(text: str) -> int:
    """The length a limit is checked on: without leading and trailing white space (a YAML
    block ends with a line break), for short and free text alike."""
    return len(text.strip())


def _short_text(value: Any) -> Any:
    """The :data:`SHORT_TEXT_LIMIT` check, with its message (the only length check); the
    text without leading and trailing white space."""
    if isinstance(value, str):
        if _text_length(value) > SHORT_TEXT_LIMIT:
            raise ValueError(_too_long(_text_length(value), SHORT_TEXT_LIMIT))
        return value.strip()
    return value


def _check_strings(value: Any) -> None:
    """Refuse forbidden characters in a raw string or list of strings (ValueError)."""
    if isinstance(value, str):
        problem = bad_character(value)
        if problem:
            raise ValueError(problem)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            if isinstance(item, str):
                problem = bad_character(item)
                if problem:
                    raise ValueError(f"item [{i}] {problem}")


#: A negative amount: a minus sign (ASCII, U+2212, figure or en dash, full-width) before a
#: number and a unit of dose or quantity.
_NEGATIVE_AMOUNT = re.compile(
    r"[-\u2212\u2012\u2013\ufe63\uff0d]\s*\d+(?:[.,]\d+)?\s*"
    r"(?:mg|g|kg|µg|μg|mcg|ug|ng|ml|l|iu|ui|u|units?|tablets?|tabs?|capsules?|caps?|vials?|"
    r"mmol|mol|gy|mbq|doses?|%)(?![^\W\d_])",
    re.IGNORECASE,
)
#: A unit word just before a minus sign: ``120 mg - 160 mg`` is a range, not a negative.
_UNIT_BEFORE = re.compile(
    r"(?:\d|\b(?:mg|g|kg|µg|μg|mcg|ug|ml|l|iu|units?|tablets?|capsules?)|%|\))$", re.IGNORECASE
)


def negative_amount(text: str) -> bool:
    """True when ``text`` states a negative amount, e.g. ``-160 mg`` or ``− 5 mg/kg``.

    A minus after a number or unit is a range (``120-160 mg``, ``120 mg – 160 mg``) and is
    not negative.
    """
    for found in _NEGATIVE_AMOUNT.finditer(text):
        before = text[: found.start()].rstrip()
        if not _UNIT_BEFORE.search(before):
            return True
    return False

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
ShortText = Annotated[
    str,
    BeforeValidator(_short_text),
    StringConstraints(min_length=1),
    Field(json_schema_extra={"maxLength": SHORT_TEXT_LIMIT}),  # for editors; checked above
]


def _check_count(value: Any, field: str | None) -> None:
    """Refuse a list (or mapping) longer than the limits allow (ValueError)."""
    if not isinstance(value, list | tuple | dict):
        return
    limit = MAX_ATTACHMENTS if field == "attachments" else MAX_LIST_ITEMS
    if len(value) <= limit:
        return
    what = "entries" if isinstance(value, dict) else "items"
    advice = ("combine related documents into one PDF" if field == "attachments" else
              "keep the ones the application needs and attach a document for the rest")
    raise ValueError(f"has {len(value):,} {what}; the limit is {limit:,}: {advice}")


def check_date(value: date) -> None:
    """Refuse a date outside :data:`~accesspack.limits.EARLIEST_DATE` to
    :data:`~accesspack.limits.LATEST_DATE` (ValueError); the value is not quoted."""
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValueError(
            f"is outside the dates a case may hold ({EARLIEST_DATE.isoformat()} to "
            f"{LATEST_DATE.isoformat()}); check the year")


class Section(BaseModel):
    """Base of every case section: unknown keys are errors, strings are stripped.

    Every field is checked before its own type is: no string (or string in a list) holds
    a forbidden character (:func:`bad_character`), and no list holds more than
    :data:`~accesspack.limits.MAX_LIST_ITEMS` items
    (:data:`~accesspack.limits.MAX_ATTACHMENTS` for attachments). Every date, once
    parsed, lies within :data:`~accesspack.limits.EARLIEST_DATE` and
    :data:`~accesspack.limits.LATEST_DATE`.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False)

    @field_validator("*", mode="before")
    @classmethod
    def _printable(cls, value: Any, info: ValidationInfo) -> Any:
        _check_count(value, info.field_name)
        _check_strings(value)
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _dates_in_range(cls, value: Any) -> Any:
        if isinstance(value, date):
            check_date(value)
        elif isinstance(value, Month):
            check_date(date(value.year, value.month, 1))
        return value


class LocalizedText(RootModel[str | dict[LangCode, str]]):
    """Free text, either one string (in the case's language) or ``{en: ..., fr: ...}``.

    A packet in a language uses that variant; when it is missing the ledger reports a
    missing translation instead of guessing one. Each variant takes at most
    :data:`FREE_TEXT_LIMIT` characters and no forbidden character (:func:`bad_character`).
    Each variant is kept without leading and trailing white space (a folded YAML block,
    ``>``, ends with a line break that would be a blank line in Word); line breaks inside
    the text stay.
    """

    @model_validator(mode="before")
    @classmethod
    def _checked(cls, value: Any) -> Any:
        _check_count(value, None)
        variants = value.items() if isinstance(value, dict) else [(None, value)]
        for lang, text in variants:
            if not isinstance(text, str):
                continue
            where = "" if lang is None else f"the {lang!r} text "
            if _text_length(text) > FREE_TEXT_LIMIT:
                raise ValueError(where + _too_long(_text_length(text), FREE_TEXT_LIMIT))
            problem = bad_character(text)
            if problem:
                raise ValueError(where + problem)
        if isinstance(value, str):
            return value.strip()
        if isinstance(value, dict):
            return {lang: text.strip() if isinstance(text, str) else text
                    for lang, text in value.items()}
        return value

    def variants(self) -> list[str]:
        """Every variant of the text."""
        return [self.root] if isinstance(self.root, str) else list(self.root.values())

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
    country: CountryCode | None = Field(
        default=None,
        description="ISO 3166-1 alpha-2 code, e.g. US, FR, CN. No default: a case without it "
        "is of no country, and a route that needs it asks for it.",
    )
