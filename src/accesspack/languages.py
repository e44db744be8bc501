"""Per-language fixed words of a packet, and numbers, percentages and dates by CLDR.

The words are language facts, not regulatory ones: what the collator prints (table of
contents, page numbers, DRAFT). Numbers, percentages and dates are written by Babel
from the Unicode CLDR (``61,5`` and ``80 %`` in French, ``1.234,5`` in German); a route's
``date_format`` is a CLDR (LDML) date pattern such as ``dd/MM/yyyy`` or ``y年M月d日``.
A route's language selects them; an unknown language falls back to English.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import babel
import babel.dates
import babel.numbers

if TYPE_CHECKING:
    from babel.numbers import NumberPattern

    from .model.dates import Month

__all__ = [
    "LABELS",
    "Labels",
    "check_date_pattern",
    "format_date",
    "format_number",
    "format_percent",
    "labels_for",
    "month_pattern",
]


@dataclass(frozen=True)
class Labels:
    """The fixed words of a packet in one language, and the font its pages are drawn with."""

    toc_title: str = "Table of contents"
    continued: str = "(continued)"
    page: str = "Page {n} of {total}"
    draft: str = "DRAFT"
    yes: str = "Yes"
    no: str = "No"
    font_family: str = "Liberation Sans"  # what the collator draws with (TrueType)
    bold_style: str = "Bold"  # the style of font_family used for bold


LABELS: dict[str, Labels] = {
    "en": Labels(),
    "fr": Labels("Sommaire", "(suite)", "Page {n} sur {total}", "BROUILLON", yes="Oui", no="Non"),
    "it": Labels("Indice", "(segue)", "Pagina {n} di {total}", "BOZZA", yes="Sì", no="No"),
    "es": Labels("Índice", "(continuación)", "Página {n} de {total}", "BORRADOR",
                 yes="Sí", no="No"),
    "de": Labels("Inhaltsverzeichnis", "(Fortsetzung)", "Seite {n} von {total}", "ENTWURF",
                 yes="Ja", no="Nein"),
    "zh": Labels("目录", "（续）", "第 {n} 页，共 {total} 页", "草稿", yes="是", no="否",
                 font_family="WenQuanYi Micro Hei", bold_style="Regular"),
}


def same_language(a: str, b: str) -> bool:
    """Whether two language tags name the same language: their base codes match
    (``es``, ``es-MX`` and ``es_MX`` are one language; ``zh`` and ``en`` are not)."""
    def base(tag: str) -> str:
        return tag.replace("_", "-").split("-")[0].lower()
    return base(a) == base(b)


def labels_for(language: str) -> Labels:
    """The labels of ``language`` (``fr``, ``fr-FR``); English when there are none."""
    return LABELS.get(language, LABELS.get(language.split("-")[0], LABELS["en"]))


@functools.lru_cache(maxsize=64)
def cldr_locale(language: str) -> babel.Locale:
    """The CLDR locale of a language tag: ``fr-FR`` and ``fr_FR`` as written when CLDR
    knows them, else their language (``fr``), else English."""
    for tag in (language.replace("-", "_"), language.split("-")[0].split("_")[0], "en"):
        try:
            return babel.Locale.parse(tag)
        except (ValueError, babel.UnknownLocaleError):
            continue
    raise AssertionError("unreachable: CLDR always has English")  # pragma: no cover


def _pattern(base: NumberPattern, decimals: int | None) -> NumberPattern:
    if decimals is None:
        return base
    fixed = copy.copy(base)  # the locale's own pattern is shared: never change it
    fixed.frac_prec = (decimals, decimals)
    return fixed


def _decimal(value: float | Decimal) -> Decimal:
    # str() of a float is its shortest repr (61.5, not 61.5000000000000142...)
    return value if isinstance(value, Decimal) else Decimal(str(value))


def format_number(value: float, language: str, decimals: int | None = None) -> str:
    """``value`` as the locale of ``language`` writes it (CLDR): ``61,5`` in French,
    ``1.234,5`` in German, ``1\u202f234`` in French (a narrow no-break space groups).

    ``decimals`` fixes the number of decimals (rounded half to even); without it every
    decimal of the value is kept and a whole number has none (``3.0`` gives ``3``).
    """
    locale = cldr_locale(language)
    pattern = _pattern(locale.decimal_formats[None], decimals)
    return str(pattern.apply(_decimal(value), locale, decimal_quantization=decimals is not None))


def format_percent(value: float, language: str, decimals: int | None = None) -> str:
    """``value`` per cent (``80`` means 80 %) in the locale's percent pattern (CLDR):
    ``80%`` in English, ``80\u00a0%`` in French and German; ``decimals`` as in
    :func:`format_number`."""
    locale = cldr_locale(language)
    pattern = _pattern(locale.percent_formats[None], decimals)
    fraction = _decimal(value) / 100  # exact: the pattern multiplies by 100 again
    return str(pattern.apply(fraction, locale, decimal_quantization=decimals is not None))


#: LDML date fields Babel formats (the letters a date pattern may hold outside quotes)
_DATE_FIELDS = set("GyYuQqMLwWdDFgEec")
#: fields that print a day: a Month (known to the month only) has none
_DAY_FIELDS = set("dDFgEecwW")
_YEAR_FIELDS = set("yYu")


def _fields(pattern: str) -> list[tuple[str, int]]:
    """The fields of an LDML pattern in order: ``dd/MM/yyyy`` -> d×2, M×2, y×4."""
    out: list[tuple[str, int]] = []
    for kind, value in babel.dates.tokenize_pattern(pattern):
        if kind == "field" and isinstance(value, tuple):
            out.append((str(value[0]), int(value[1])))
    return out


def _unquoted(pattern: str) -> str:
    """The characters of ``pattern`` outside quotes (``'de'``; ``''`` is a quote)."""
    out, quoted, i = [], False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "'":
            if pattern[i + 1:i + 2] == "'":
                i += 2
                continue
            quoted = not quoted
        elif not quoted:
            out.append(char)
        i += 1
    if quoted:
        raise ValueError(f"the date pattern {pattern!r} has a quote (') that is not closed")
    return "".join(out)


def check_date_pattern(pattern: str, *, year: bool = True) -> str:
    """``pattern`` when it is a CLDR (LDML) date pattern (that prints a year, unless
    ``year`` is false) whose month form (:func:`month_pattern`) prints no day; else
    ValueError saying what is wrong. A route's ``date_format`` must print a year; a
    template's ``date('MMMM')`` need not."""
    if "%" in pattern:
        raise ValueError(
            f"{pattern!r} is a strftime pattern: write the CLDR (LDML) date pattern instead, "
            "e.g. %d/%m/%Y -> dd/MM/yyyy, %m/%d/%Y -> MM/dd/yyyy, %d.%m.%Y -> dd.MM.yyyy, "
            "%Y年%-m月%-d日 -> y年M月d日"
        )
    for char in _unquoted(pattern):
        if char.isascii() and char.isalpha() and char not in _DATE_FIELDS:
            raise ValueError(f"the date pattern {pattern!r} has {char!r}, which is not a date "
                             "field (a date has no time of day; quote literal text: 'de')")
    fields = _fields(pattern)
    for char, width in fields:
        allowed = babel.dates.PATTERN_CHARS.get(char)
        if allowed is not None and width not in allowed:
            raise ValueError(f"the date pattern {pattern!r} has {char * width!r}, too long "
                             f"or short: {char!r} is written {max(allowed)} times at most")
    if year and not any(char in _YEAR_FIELDS for char, _ in fields):
        raise ValueError(f"the date pattern {pattern!r} prints no year")
    month = month_pattern(pattern)
    if any(char in _DAY_FIELDS for char, _ in _fields(month)):
        raise ValueError(f"the date pattern {pattern!r} prints a day even without its day "
                         f"({month!r}): a date known to the month only has none")
    return pattern


@functools.lru_cache(maxsize=256)
def month_pattern(pattern: str) -> str:
    """The date ``pattern`` without its day, for a date known to the month only:
    ``MM/dd/yyyy`` -> ``MM/yyyy``, ``dd.MM.yyyy`` -> ``MM.yyyy``, ``y年M月d日`` -> ``y年M月``,
    ``yyyy-MM-dd`` -> ``yyyy-MM``, ``MMMM d, y`` -> ``MMMM y``.

    The day goes with what belongs to it: all the text between it and the next field
    (``日``, ``. ``, ``, ``, `` de ``), else, when it comes last, the separator before it.
    """
    tokens = list(babel.dates.tokenize_pattern(pattern))
    at = next((i for i, (kind, value) in enumerate(tokens)
               if kind == "field" and isinstance(value, tuple) and value[0] == "d"), None)
    if at is None:
        return pattern
    after = tokens[at + 1][1] if at + 1 < len(tokens) and tokens[at + 1][0] == "chars" else None
    before = tokens[at - 1][1] if at > 0 and tokens[at - 1][0] == "chars" else None
    del tokens[at]
    if isinstance(after, str):  # 日, ". ", ", ", " de ": all that follows the day is its own
        while at < len(tokens) and tokens[at][0] == "chars":
            del tokens[at]
    elif isinstance(before, str):  # the day comes last: the separator before it goes
        tokens[at - 1] = ("chars", before.rstrip(" ./-,"))
    if tokens and tokens[0][0] == "chars":
        tokens[0] = ("chars", str(tokens[0][1]).lstrip())
    return str(babel.dates.untokenize_pattern([t for t in tokens if t != ("chars", "")]))


@functools.lru_cache(maxsize=256)
def _checked(pattern: str) -> str:
    return check_date_pattern(pattern, year=False)


def format_date(value: date | Month, pattern: str, language: str = "en") -> str:
    """``value`` by the CLDR (LDML) date ``pattern`` in the locale of ``language``:
    ``dd/MM/yyyy`` gives 04/03/2026, ``y年M月d日`` gives 2026年3月4日.

    A :class:`~accesspack.model.dates.Month` (a date known to the month only) prints by
    the pattern without its day (:func:`month_pattern`): ``01/2025``, ``01.2025``,
    ``2025年1月``; never as the 1st of the month. A datetime prints its date.
    """
    _checked(pattern)
    if not isinstance(value, date):
        pattern = month_pattern(pattern)
        value = date(value.year, value.month, 1)  # only its year and month are printed
    return str(babel.dates.format_date(value, pattern, locale=cldr_locale(language)))
