"""Per-language fixed words of a packet and the number conventions of each language.

These are language facts, not regulatory ones: the words the collator prints (table of
contents, page numbers, DRAFT) and how numbers are written (``61,5`` and ``80 %`` in
French). A route's language selects them; an unknown language falls back to English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model.dates import Month

__all__ = ["LABELS", "Labels", "format_date", "format_number", "labels_for"]


@dataclass(frozen=True)
class Labels:
    """The fixed words of a packet in one language, and its number convention."""

    toc_title: str = "Table of contents"
    continued: str = "(continued)"
    page: str = "Page {n} of {total}"
    draft: str = "DRAFT"
    decimal: str = "."
    thousands: str = ","
    percent: str = "{value}%"
    yes: str = "Yes"
    no: str = "No"
    font_family: str = "Liberation Sans"  # what the collator draws with (TrueType)
    bold_style: str = "Bold"  # the style of font_family used for bold


LABELS: dict[str, Labels] = {
    "en": Labels(),
    "fr": Labels("Sommaire", "(suite)", "Page {n} sur {total}", "BROUILLON", ",", "\u202f",
                 "{value}\u00a0%", yes="Oui", no="Non"),
    "it": Labels("Indice", "(segue)", "Pagina {n} di {total}", "BOZZA", ",", ".", "{value}%",
                 yes="Sì", no="No"),
    "es": Labels("Índice", "(continuación)", "Página {n} de {total}", "BORRADOR", ",", ".",
                 "{value}\u00a0%", yes="Sí", no="No"),
    "de": Labels("Inhaltsverzeichnis", "(Fortsetzung)", "Seite {n} von {total}", "ENTWURF",
                 ",", ".", "{value}\u00a0%", yes="Ja", no="Nein"),
    "zh": Labels("目录", "（续）", "第 {n} 页，共 {total} 页", "草稿", ".", ",", "{value}%",
                 yes="是", no="否", font_family="WenQuanYi Micro Hei", bold_style="Regular"),
}


def labels_for(language: str) -> Labels:
    """The labels of ``language`` (``fr``, ``fr-FR``); English when there are none."""
    return LABELS.get(language, LABELS.get(language.split("-")[0], LABELS["en"]))


def format_number(value: float, language: str, decimals: int | None = None) -> str:
    """``61.5`` as ``61,5`` in French; whole numbers without decimals unless asked."""
    lab = labels_for(language)
    if decimals is None:
        decimals = 0 if float(value).is_integer() else len(repr(float(value)).split(".")[1])
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", lab.decimal).replace("\0", lab.thousands)


#: The day in a date pattern with what goes with it: ``日`` after it, else the separator
#: after it (``%d.`` in ``%d.%m.%Y``, ``%-d, `` in ``%B %-d, %Y``), else the one before it
#: (``-%d`` in ``%Y-%m-%d``).
_DAY = (re.compile(r"%-?d日"), re.compile(r"%-?d(?:,\s*|[./\-\s])"),
        re.compile(r"[./\-\s]?%-?d"))


def month_pattern(pattern: str) -> str:
    """The date ``pattern`` without its day: ``%m/%d/%Y`` -> ``%m/%Y``, ``%d.%m.%Y`` ->
    ``%m.%Y``, ``%Y年%-m月%-d日`` -> ``%Y年%-m月``."""
    for day in _DAY:
        if day.search(pattern):
            return day.sub("", pattern, count=1)
    return pattern


def format_date(value: date | Month, pattern: str) -> str:
    """``value`` by strftime ``pattern``, where ``%-d`` and ``%-m`` mean no leading zero.

    ``%Y年%-m月%-d日`` gives 2026年11月4日 on every platform (strftime's own ``%-d`` is a
    glibc extension). A :class:`~accesspack.model.dates.Month` (a date known to the month
    only) prints by the pattern without its day (:func:`month_pattern`): ``01/2025``,
    ``01.2025``, ``2025年1月``; never as the 1st of the month.
    """
    if not isinstance(value, date):
        pattern = month_pattern(pattern)
        value_day = date(value.year, value.month, 1)  # only its year and month are printed
        if re.search(r"%-?[dja]|%[AUWuwx]", pattern):
            raise ValueError(f"the date pattern {pattern!r} prints a day: a month has none")
        return format_date(value_day, pattern)
    pattern = pattern.replace("%-d", str(value.day)).replace("%-m", str(value.month))
    return value.strftime(pattern)
