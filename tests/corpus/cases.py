"""Generators of broken and tricky case files (issue 7).

Each ``bad_*`` function writes one case file into ``folder`` (beside the four small uploads
the synthetic case refers to) and returns a :class:`BadCase`: the file, the exact error
class ``accesspack.load_case`` must raise, the strings the message must contain (the file
or the field at fault, a character code) and a pattern saying what to do. :data:`BAD_CASES`
lists them all. The bad value is often hidden next to the patient's full name, so a message
that echoed it would leak the name.

:func:`tricky_case` writes a case the library must accept: right-to-left text, emoji and
values that look like template code or XML, each in a different text field.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from accesspack.errors import AccesspackError, CaseFileError, CaseValidationError
from accesspack.pdf.fonts import register_font

from ..conftest import BASE, FULL_NAME, make_pdf

#: One mebibyte of text: more than any field takes.
MEGABYTE = 1_048_576
#: What every CaseValidationError says to do.
CORRECT = r"correct them and run again"


@dataclass(frozen=True)
class BadCase:
    """A case file that must be refused."""

    path: Path
    error: type[AccesspackError]
    names: tuple[str, ...]  # the message contains each (file, field path, character code)
    advice: str  # a regex the message matches: what to do
    fields: tuple[str, ...] = ()  # CaseValidationError: fields among ``problems``


def uploads(folder: Path) -> Path:
    """The four uploads :data:`tests.conftest.BASE` refers to, written into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, pages in (("loa", 1), ("cv", 2), ("ngs", 3), ("consent", 2)):
        if not (folder / f"{name}.pdf").exists():
            # an embedded font: packets must embed every font
            make_pdf(folder / f"{name}.pdf", pages, name.upper(), font=register_font())
    return folder


def base() -> dict[str, Any]:
    """A fresh copy of the complete synthetic case."""
    return copy.deepcopy(BASE)


def write_yaml(folder: Path, name: str, data: Any) -> Path:
    path = uploads(folder) / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_json(folder: Path, name: str, data: Any) -> Path:
    """JSON with every non-ASCII character escaped, so control characters and lone
    surrogates travel as ``\\u0007`` / ``\\ud800`` escapes, as a web form would send them."""
    path = uploads(folder) / name
    path.write_text(json.dumps(data, ensure_ascii=True, indent=1), encoding="utf-8")
    return path


def _invalid(path: Path, *fields: str, names: tuple[str, ...] = (),
             advice: str = CORRECT) -> BadCase:
    return BadCase(path, CaseValidationError, (*fields, *names), advice, fields)


# -- 1. syntax -------------------------------------------------------------------------


def bad_yaml(folder: Path) -> BadCase:
    """A YAML file with an unclosed flow sequence (line 3)."""
    path = uploads(folder) / "bad-syntax.yaml"
    path.write_text(f"case_id: X-1\npatient:\n  full_name: [{FULL_NAME}\n  sex: female\n",
                    encoding="utf-8")
    return BadCase(path, CaseFileError, ("bad-syntax.yaml", "not valid YAML"),
                   r"\(line \d+, column \d+\)")


def bad_yaml_tab(folder: Path) -> BadCase:
    """A YAML file indented with a tab, as a text editor may save it."""
    path = uploads(folder) / "tab-indented.yaml"
    path.write_text(f"case_id: X-1\npatient:\n\tfull_name: {FULL_NAME}\n", encoding="utf-8")
    return BadCase(path, CaseFileError, ("tab-indented.yaml", "not valid YAML"),
                   r"\(line 3, column \d+\)")


def bad_json(folder: Path) -> BadCase:
    """A JSON file with a trailing comma (line 3)."""
    path = uploads(folder) / "bad-syntax.json"
    lines = ["{", '  "case_id": "X-1",', f'  "patient": {{"full_name": "{FULL_NAME}",}},', "}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return BadCase(path, CaseFileError, ("bad-syntax.json", "not valid JSON"),
                   r"\(line 3, column \d+\)")


def not_utf8(folder: Path) -> BadCase:
    """A case file saved in Latin-1 (a name with an accent), not UTF-8."""
    path = uploads(folder) / "latin1.yaml"
    path.write_bytes(f"case_id: X-1\npatient:\n  full_name: {FULL_NAME} Müller\n".encode("latin-1"))
    return BadCase(path, CaseFileError, ("latin1.yaml", "is not UTF-8 text"), r"save it as UTF-8")


# -- 2. types --------------------------------------------------------------------------


def wrong_types(folder: Path) -> BadCase:
    """A word for a weight, a list for the physician section, a number for a date."""
    data = base()
    data["patient"]["weight_kg"] = "heavy"
    data["patient"]["full_name"] = [FULL_NAME]
    data["physician"] = ["Dr. Amara Test", "MD"]
    data["diagnosis"]["diagnosed_on"] = 20240210
    return _invalid(write_yaml(folder, "wrong-types.yaml", data), "patient.weight_kg",
                    "patient.full_name", "physician", "diagnosis.diagnosed_on",
                    names=("wrong-types.yaml",))


def mapping_for_text(folder: Path) -> BadCase:
    """A mapping where a list is wanted, a list where a mapping is wanted."""
    data = base()
    data["diagnosis"]["metastatic_sites"] = {"bone": True}
    data["diagnosis"]["stage"] = ["T2a", "N2"]
    return _invalid(write_json(folder, "shapes.json", data), "diagnosis.metastatic_sites",
                    "diagnosis.stage")


# -- 3. dates --------------------------------------------------------------------------


def born_after_diagnosis(folder: Path) -> BadCase:
    """A date of birth after the date of diagnosis."""
    data = base()
    data["patient"]["date_of_birth"] = "2025-01-01"
    return _invalid(write_yaml(folder, "born-late.yaml", data),
                    names=("patient.date_of_birth is after diagnosis.diagnosed_on",))


# -- 4. negative amounts ---------------------------------------------------------------


def negative_dose(folder: Path) -> BadCase:
    """A dose of "-160 mg"."""
    data = base()
    data["treatment_plan"]["dose"] = "-160 mg"
    return _invalid(write_yaml(folder, "negative-dose.yaml", data), "treatment_plan.dose",
                    advice=r"positive amount")


def negative_dose_unicode_minus(folder: Path) -> BadCase:
    """A French dose variant "− 5 mg/kg" with the Unicode minus sign (U+2212)."""
    data = base()
    data["treatment_plan"]["dose"] = {"en": "5 mg/kg", "fr": "\u2212 5 mg/kg"}
    return _invalid(write_json(folder, "negative-dose.json", data), "treatment_plan.dose",
                    advice=r"positive amount")


def negative_quantity(folder: Path) -> BadCase:
    """A quantity requested of "-30 tablets"."""
    data = base()
    data["treatment_plan"]["quantity_requested"] = "-30 tablets"
    return _invalid(write_yaml(folder, "negative-quantity.yaml", data),
                    "treatment_plan.quantity_requested", advice=r"positive amount")


def negative_numbers(folder: Path) -> BadCase:
    """Negative weight and height, age -1, ECOG -1, AJCC edition 0, treatment line 0."""
    data = base()
    data["patient"].update(weight_kg=-61.5, height_cm=-166)
    data["diagnosis"]["performance_status"]["value"] = -1
    data["diagnosis"]["stage"]["ajcc_edition"] = 0
    data["prior_treatments"][0]["line"] = 0
    return _invalid(write_yaml(folder, "negative-numbers.yaml", data), "patient.weight_kg",
                    "patient.height_cm", "diagnosis.performance_status.value",
                    "diagnosis.stage.ajcc_edition", "prior_treatments[0].line",
                    advice=r"greater than")


# -- 6. missing sections ---------------------------------------------------------------


def no_physician(folder: Path) -> BadCase:
    """No ``physician`` section."""
    data = base()
    del data["physician"]
    return _invalid(write_yaml(folder, "no-physician.yaml", data), "physician",
                    names=("Field required",))


def no_sections(folder: Path) -> BadCase:
    """Only a case id: every required section is missing."""
    return _invalid(write_yaml(folder, "bare.yaml", {"case_id": "X-1"}), "prepared_on",
                    "patient", "diagnosis", "request", "physician", "institution", "product",
                    "treatment_plan")


def not_a_mapping(folder: Path) -> BadCase:
    """A YAML file holding a list instead of a mapping of sections."""
    path = uploads(folder) / "a-list.yaml"
    path.write_text(f"- {FULL_NAME}\n- case\n", encoding="utf-8")
    return _invalid(path, names=("a-list.yaml", "must be a mapping of sections"))


# -- 7. size ---------------------------------------------------------------------------


def megabyte_free_text(folder: Path) -> BadCase:
    """``diagnosis.disease_status`` of 1,048,576 characters (the name, over and over)."""
    data = base()
    data["diagnosis"]["disease_status"] = (FULL_NAME * (MEGABYTE // len(FULL_NAME) + 1))[
        :MEGABYTE]
    return _invalid(write_yaml(folder, "megabyte.yaml", data), "diagnosis.disease_status",
                    names=("1,048,576 characters", "20,000"),
                    advice=r"attach long text as a document")


def megabyte_translation(folder: Path) -> BadCase:
    """A 1 MB French variant of ``request.justification.benefit_risk``."""
    data = base()
    data["request"]["justification"]["benefit_risk"] = {"en": "Benefit outweighs risk.",
                                                        "fr": "x" * MEGABYTE}
    return _invalid(write_json(folder, "megabyte.json", data),
                    "request.justification.benefit_risk",
                    names=("'fr' text", "1,048,576 characters", "20,000"),
                    advice=r"attach long text as a document")


def long_short_text(folder: Path) -> BadCase:
    """A physician name of 5,000 characters (short fields take 2,000)."""
    data = base()
    data["physician"]["name"] = "A" * 5000
    return _invalid(write_yaml(folder, "long-name.yaml", data), "physician.name",
                    names=("5,000 characters", "2,000"), advice=r"shorten it")


# -- 8. characters ---------------------------------------------------------------------

#: Control characters and the like, each with the field it is put in and its code.
BAD_CHARACTERS: list[tuple[str, str, str]] = [
    ("\x07", "diagnosis.disease_status", "U+0007"),  # BEL
    ("\x00", "patient.full_name", "U+0000"),  # NUL, next to the name
    ("\x1b", "physician.name", "U+001B"),  # ESC, as in a pasted terminal colour code
    ("\x85", "treatment_plan.monitoring", "U+0085"),  # NEL, a C1 control
    ("\ufffe", "request.justification.benefit_risk", "U+FFFE"),  # a noncharacter
    ("\ud800", "product.name", "U+D800"),  # a lone surrogate, from JSON "\ud800"
]


def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    node = data
    for key in parents:
        node = node[key]
    node[last] = value


def _get(data: dict[str, Any], dotted: str) -> Any:
    node: Any = data
    for key in dotted.split("."):
        node = node[key]
    return node


def bad_character(folder: Path, char: str, field: str, code: str) -> BadCase:
    """``field`` with ``char`` in the middle of its normal value (a JSON escape)."""
    data = base()
    value = str(_get(data, field))
    _set(data, field, value[:4] + char + value[4:])
    name = f"char-{code.replace('+', '').lower()}.json"
    return _invalid(write_json(folder, name, data), field, names=(code,),
                    advice=r"remove it \(tabs and line breaks are allowed\)")


def bad_character_in_list(folder: Path) -> BadCase:
    """An escape character inside an item of ``physician.degrees`` (YAML ``\\e``)."""
    path = uploads(folder) / "char-in-list.yaml"
    data = base()
    data["physician"]["degrees"] = ["MD", "PhD@"]
    text = yaml.safe_dump(data, sort_keys=False).replace("- PhD@", '- "Ph\\eD"')
    path.write_text(text, encoding="utf-8")
    return _invalid(path, "physician.degrees", names=("item [1]", "U+001B"),
                    advice=r"remove it")


def raw_control_character_yaml(folder: Path) -> BadCase:
    """A raw BEL byte in a YAML file: YAML itself refuses it (not printable); the message
    gives the line and the character's code."""
    path = uploads(folder) / "raw-bell.yaml"
    path.write_text(f"case_id: X-1\npatient:\n  full_name: {FULL_NAME}\x07\n", encoding="utf-8")
    return BadCase(path, CaseFileError, ("raw-bell.yaml", "not valid YAML (line 3)", "U+0007"),
                   r"remove it and run again")


BAD_CASES: dict[str, Callable[[Path], BadCase]] = {
    "invalid-yaml": bad_yaml,
    "yaml-tab": bad_yaml_tab,
    "invalid-json": bad_json,
    "not-utf8": not_utf8,
    "raw-bell-yaml": raw_control_character_yaml,
    "wrong-types": wrong_types,
    "wrong-shapes": mapping_for_text,
    "born-after-diagnosis": born_after_diagnosis,
    "negative-dose": negative_dose,
    "negative-dose-unicode": negative_dose_unicode_minus,
    "negative-quantity": negative_quantity,
    "negative-numbers": negative_numbers,
    "no-physician": no_physician,
    "no-sections": no_sections,
    "not-a-mapping": not_a_mapping,
    "megabyte-text": megabyte_free_text,
    "megabyte-translation": megabyte_translation,
    "long-short-text": long_short_text,
    "char-in-list": bad_character_in_list,
    **{
        f"char-{code}": (lambda folder, c=char, f=field, k=code: bad_character(folder, c, f, k))
        for char, field, code in BAD_CHARACTERS
    },
}


# -- 9. accepted: right-to-left, emoji, template code, XML ------------------------------

#: Text fields (shown in the FDA packets) and the tricky value each gets.
TRICKY: dict[str, str] = {
    "diagnosis.disease_status": "{{ case.patient.full_name }} {% for x in y %} {# note",
    "request.justification.benefit_risk": "<w:t>risk</w:t> &amp; benefit ]]> <![CDATA[ x",
    "request.justification.no_satisfactory_alternative":
        "מחלה מתקדמת — אין חלופה (Hebrew) · مرض متقدم بلا بديل (Arabic)",
    "treatment_plan.monitoring": "CBC 🩸 weekly 👩‍⚕️ team 👨‍👩‍👧 🇫🇷 flag",
    "treatment_plan.dose_modifications": "{{ 7*7 }} and {% if true %}yes{% endif %} &lt;b&gt;",
}
#: The ones pdftotext reads back exactly (template code and XML; not RTL shaping or emoji).
TRICKY_IN_PDF = ("diagnosis.disease_status", "request.justification.benefit_risk",
                 "treatment_plan.dose_modifications")


def tricky_case(folder: Path) -> Path:
    """A complete case (uploads included) carrying every :data:`TRICKY` value."""
    data = base()
    for field, value in TRICKY.items():
        _set(data, field, value)
    return write_yaml(folder, "tricky.yaml", data)
