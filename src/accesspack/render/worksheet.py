"""Filling a portal worksheet in from a case, and the words its document prints.

:func:`fill_worksheet` is the one place a worksheet meets a case: the build plan fills
each active worksheet part with its packet's template context (so the patient identity
policy of the packet applies: a withheld field is never read), the ledger reads what is
missing or unconfirmed from it, and the build renders it through the one built-in
template :data:`WORKSHEET_TEMPLATE` (a heading with the portal's name, then per section
a table: No. | Field on the portal | Enter | From).

- ``value`` fields print the case value as templates print it (dates in the route's date
  format, yes/no in its language), or the portal's option for it (``choices``);
- ``template`` fields are rendered in the same sandboxed environment as the DOCX
  templates (without autoescaping: the document escapes once);
- ``entry`` fields print their fixed instruction ("fixed" in the From column).

A value the case lacks, or one the portal offers no option for, is a labelled blank.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..errors import TemplateError
from ..routes.spec import Citation
from ..routes.worksheet import Worksheet, WorksheetField, allowed_values, field_annotation

#: The one Word template every worksheet is rendered with (A4 text width; the build sets
#: the route's paper size).
WORKSHEET_TEMPLATE = Path(__file__).with_name("portal-worksheet.docx")
DAGGER = "†"


@dataclass(frozen=True)
class Words:
    """The fixed words of a worksheet document in one language."""

    number: str
    label: str
    enter: str
    source: str
    fixed: str
    missing: str
    no_option: str  # {value}: the case's value (a coded one: never free text)
    no_option_free: str  # the same, not naming a free-text value
    unverified: str
    intro: str
    portal: str
    read_in: str
    unconfirmed: str  # after a citation no official text confirmed


WORDS: dict[str, Words] = {
    "en": Words(
        "No.", "Field on the portal", "Enter", "From", "fixed", "not in the case",
        "no option on the portal for the case's value “{value}”",
        "no option on the portal for the case's value",
        f"{DAGGER} Not confirmed against the official source: check the field on the portal "
        "before entering the value.",
        "What to enter in each field of the portal's online form, in the portal's order, "
        "with the case field each value comes from.",
        "Portal:", "Field list taken from:", "not confirmed against the official text"),
    "fr": Words(
        "N°", "Champ du portail", "À saisir", "Provenance", "fixe", "absent du dossier",
        "aucune option du portail pour la valeur du dossier « {value} »",
        "aucune option du portail pour la valeur du dossier",
        f"{DAGGER} Non confirmé par la source officielle : vérifier le champ sur le portail "
        "avant d'y saisir la valeur.",
        "Ce qu'il faut saisir dans chaque champ du formulaire en ligne du portail, dans "
        "l'ordre du portail, avec le champ du dossier dont provient chaque valeur.",
        "Portail\u00a0:", "Liste des champs établie d'après\u00a0:",
        "non confirmé par le texte officiel"),
    "de": Words(
        "Nr.", "Feld im Portal", "Eingabe", "Herkunft", "fest", "nicht in den Falldaten",
        "keine Option im Portal für den Wert „{value}“",
        "keine Option im Portal für den Wert in den Falldaten",
        f"{DAGGER} Nicht anhand der amtlichen Quelle bestätigt: das Feld vor der Eingabe im "
        "Portal prüfen.",
        "Was in jedes Feld des Online-Formulars des Portals einzugeben ist, in der "
        "Reihenfolge des Portals, mit dem Feld der Falldaten, aus dem jeder Wert stammt.",
        "Portal:", "Feldliste nach:", "nicht anhand des amtlichen Textes bestätigt"),
    "it": Words(
        "N.", "Campo del portale", "Da inserire", "Origine", "fisso", "assente nel caso",
        "nessuna opzione del portale per il valore «{value}»",
        "nessuna opzione del portale per il valore del caso",
        f"{DAGGER} Non confermato dalla fonte ufficiale: verificare il campo sul portale "
        "prima di inserire il valore.",
        "Che cosa inserire in ogni campo del modulo online del portale, nell'ordine del "
        "portale, con il campo del caso da cui proviene ogni valore.",
        "Portale:", "Elenco dei campi tratto da:", "non confermato dal testo ufficiale"),
    "es": Words(
        "N.º", "Campo del portal", "Introducir", "Origen", "fijo", "no figura en el caso",
        "el portal no ofrece opción para el valor «{value}»",
        "el portal no ofrece opción para el valor del caso",
        f"{DAGGER} No confirmado con la fuente oficial: compruebe el campo en el portal antes "
        "de introducir el valor.",
        "Qué introducir en cada campo del formulario en línea del portal, en el orden del "
        "portal, con el campo del caso del que procede cada valor.",
        "Portal:", "Lista de campos según:", "no confirmado con el texto oficial"),
    "zh": Words(
        "序号", "门户字段", "填写内容", "来源", "固定", "病例中无此信息",
        "门户没有与病例值“{value}”对应的选项",
        "门户没有与病例值对应的选项",
        f"{DAGGER} 未经官方来源确认：填写前请在门户上核对该字段。",
        "门户在线表格各字段应填写的内容（按门户顺序），以及每个值所依据的病例字段。",
        "门户：", "字段清单依据：", "未经官方文本确认"),
}


def words_for(language: str) -> Words:
    """The worksheet words of ``language`` (``fr``, ``fr-CH``); English when there are none."""
    return WORDS.get(language, WORDS.get(language.split("-")[0], WORDS["en"]))


@dataclass(frozen=True)
class FilledField:
    """One field of the portal with what to enter: ``text`` ("" when the case lacks it;
    ``problem`` then says why: not in the case, or no option for the case's value),
    ``source`` the case fields it comes from (None: a fixed entry)."""

    number: str
    field: WorksheetField
    text: str
    source: str | None
    unverified: bool
    problem: str | None = None

    @property
    def missing(self) -> bool:
        return self.problem is not None


@dataclass(frozen=True)
class FilledWorksheet:
    """A worksheet part filled in from a case (see the module)."""

    part_id: str
    file: str
    worksheet: Worksheet
    sections: tuple[tuple[str, tuple[FilledField, ...]], ...]

    @property
    def fields(self) -> tuple[FilledField, ...]:
        return tuple(f for _, fields in self.sections for f in fields)

    def context(self, language: str, citation: Citation | None) -> dict[str, Any]:
        """``worksheet`` as the built-in template reads it, in ``language``."""
        words = words_for(language)
        shown = citation.shown if citation else ""
        if citation is not None and not citation.verified:
            shown += f" ({words.unconfirmed})"
        return {
            "portal": self.worksheet.portal,
            "url": self.worksheet.url or "",
            "citation": shown,
            "words": dict(vars(words)),
            "unverified": any(f.unverified for f in self.fields),
            "sections": [
                {"title": title, "fields": [
                    {"number": f.number,
                     "label": f.field.label + (f" {DAGGER}" if f.unverified else ""),
                     "note": f.field.note or "",
                     "text": f.text,
                     "blank": (f"__________ ({f.problem})" if f.problem else ""),
                     "source": f.source if f.source is not None else words.fixed}
                    for f in fields]}
                for title, fields in self.sections],
        }


def blank_worksheet(worksheet: Worksheet, part_id: str, file: str) -> FilledWorksheet:
    """``worksheet`` with every field as if the case lacked it (its shape, for checking
    the built-in template)."""
    return FilledWorksheet(part_id, file, worksheet, tuple(
        (section.title, tuple(
            FilledField(number, field, "", field.value or field.template, True, "")
            for number, s, field in worksheet.numbered() if s is section))
        for section in worksheet.sections))


def _case_value(case_ns: Mapping[str, Any], path: str) -> Any:
    value: Any = case_ns
    for name in path.split("."):
        if value is None:
            return None
        value = value[name]
    return value


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | tuple | dict) and not value)


def _template_sources(source: str) -> str | None:
    """The case fields a template field reads (``patient.initials``), or None."""
    from ..authoring.variables import source_analysis  # late: it reads the route registry

    paths = list(dict.fromkeys(u.path.removeprefix("case.")
                               for u in source_analysis(source, "").uses
                               if u.root == "case" and u.steps))
    # a field read whole stands for its parts: "institution.address", not each line of it
    kept = [p for p in paths if not any(p.startswith(f"{q}.") for q in paths)]
    return ", ".join(kept) or None


def fill_worksheet(worksheet: Worksheet, part_id: str, file: str,
                   context: Mapping[str, Any], env: ImmutableSandboxedEnvironment,
                   language: str) -> FilledWorksheet:
    """``worksheet`` filled in with a packet's template ``context`` (``env``: the
    environment its templates are rendered in, for the route's dates and language)."""
    words = words_for(language)
    plain = env.overlay(autoescape=False)
    finalize = env.finalize or (lambda v: v)
    sections = []
    for s, section in enumerate(worksheet.sections, start=1):
        filled = []
        for f, field in enumerate(section.fields, start=1):
            number = f"{s}.{f}"
            unverified = worksheet.status_of(field) != "C"
            if field.entry is not None:
                filled.append(FilledField(number, field, field.entry, None, unverified))
                continue
            problem = None
            if field.value is not None:
                source: str | None = field.value
                raw = _case_value(context["case"], field.value)
                if _empty(raw):
                    text, problem = "", words.missing
                elif field.choices is not None:
                    text = field.choices.get(raw, "")
                    if not text:  # a coded value is named; free text never is
                        problem = (words.no_option.format(value=finalize(raw))
                                   if allowed_values(field_annotation(field.value))
                                   else words.no_option_free)
                else:
                    text = str(finalize(raw))
            else:
                assert field.template is not None
                source = _template_sources(field.template)
                text = _render(plain, field.template, context, file, number).strip()
                problem = None if text else words.missing
            filled.append(FilledField(number, field, text, source, unverified, problem))
        sections.append((section.title, tuple(filled)))
    return FilledWorksheet(part_id, file, worksheet, tuple(sections))


def _render(env: jinja2.Environment, source: str, context: Mapping[str, Any], file: str,
            number: str) -> str:
    try:
        return env.from_string(source).render(dict(context))
    except (jinja2.TemplateError, ArithmeticError, TypeError, ValueError,
            LookupError) as exc:
        raise TemplateError(f"worksheet {file}, field {number}: its template failed to "
                            f"render ({exc.__class__.__name__}: {exc}); fix the worksheet "
                            "(accesspack templates check lists what it may use)",
                            template=file) from None
