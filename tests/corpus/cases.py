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
import os
import re
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


# -- 10. bounds, duplicates, paths that are not files (issue 17) -----------------------

#: Fifty mebibytes: far over the 2 MB a case file may have.
FIFTY_MB = 50 * MEGABYTE


def _yaml_text(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def duplicate_key_yaml(folder: Path) -> BadCase:
    """``case_id:`` twice at the top of a YAML case (the second on line 2)."""
    path = uploads(folder) / "dup-id.yaml"
    path.write_text("case_id: X-1\ncase_id: X-2\n" + _yaml_text(base()).split("\n", 1)[1],
                    encoding="utf-8")
    return BadCase(path, CaseFileError, ("dup-id.yaml", "'case_id' twice", "(line 2, column 1)"),
                   r"keep one")


def duplicate_section_yaml(folder: Path) -> BadCase:
    """A second ``patient:`` section after the whole case (the last would win silently)."""
    path = uploads(folder) / "dup-patient.yaml"
    text = _yaml_text(base())
    line = text.count("\n") + 1
    path.write_text(text + f"patient:\n  full_name: {FULL_NAME}\n", encoding="utf-8")
    return BadCase(path, CaseFileError,
                   ("dup-patient.yaml", "'patient' twice", f"(line {line}, column 1)"),
                   r"keep one")


def duplicate_key_json(folder: Path) -> BadCase:
    """``"sex"`` twice in the patient object of a JSON case."""
    path = uploads(folder) / "dup.json"
    text = json.dumps(base(), indent=1).replace('"sex": "female"',
                                                '"sex": "female", "sex": "male"', 1)
    assert text.count('"sex"') == 2
    path.write_text(text, encoding="utf-8")
    return BadCase(path, CaseFileError, ("dup.json", "'sex' twice"), r"keep one")


def deep_yaml(folder: Path) -> BadCase:
    """A YAML case nested 5,000 deep (``- - - …``), which used to raise RecursionError."""
    path = uploads(folder) / "deep.yaml"
    path.write_text(_yaml_text(base()) + "comorbidities:\n  " + "- " * 5000 + "x\n",
                    encoding="utf-8")
    return BadCase(path, CaseFileError, ("deep.yaml", "more than 16 levels deep", "(line "),
                   r"check the indentation")


def deep_flow_yaml(folder: Path) -> BadCase:
    """A YAML case nested 5,000 deep in brackets (``[[[…]]]``)."""
    path = uploads(folder) / "deep-flow.yaml"
    path.write_text(_yaml_text(base()) + "labs: " + "[" * 5000 + "]" * 5000 + "\n",
                    encoding="utf-8")
    return BadCase(path, CaseFileError, ("deep-flow.yaml", "more than 16 levels deep"),
                   r"check the indentation and brackets")


def deep_json(folder: Path) -> BadCase:
    """A JSON case nested 100,000 deep, which used to raise RecursionError."""
    path = uploads(folder) / "deep.json"
    text = json.dumps(base())
    path.write_text(text[:-1] + ', "labs": ' + "[" * 100_000 + "]" * 100_000 + "}",
                    encoding="utf-8")
    return BadCase(path, CaseFileError, ("deep.json", "more than 16 levels deep"),
                   r"check the brackets")


def huge_yaml_list(folder: Path) -> BadCase:
    """A 50 MB YAML list of metastatic sites: refused from its size, before it is read."""
    path = uploads(folder) / "huge-list.yaml"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(_yaml_text(base()) + "comorbidities:\n")
        fh.write("- liver\n" * (FIFTY_MB // 8))
    return BadCase(path, CaseFileError, ("huge-list.yaml", "larger than 2 MB"),
                   r"attached documents")


def huge_yaml_comments(folder: Path) -> BadCase:
    """A valid case followed by 50 MB of comments (it took 43 s before it was refused)."""
    path = uploads(folder) / "comments.yaml"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(_yaml_text(base()))
        fh.write(f"# {FULL_NAME} " * (FIFTY_MB // (len(FULL_NAME) + 3)))
    return BadCase(path, CaseFileError, ("comments.yaml", "larger than 2 MB"),
                   r"attached documents")


def many_sites(folder: Path) -> BadCase:
    """100,000 metastatic sites (1 MB of YAML): it used to run LibreOffice for minutes."""
    data = base()
    data["diagnosis"]["metastatic_sites"] = ["liver"] * 100_000
    return _invalid(write_yaml(folder, "many-sites.yaml", data),
                    "diagnosis.metastatic_sites", names=("100,000 items", "limit is 200"),
                    advice=r"attach a document for the rest")


def too_many_attachments(folder: Path) -> BadCase:
    """1,001 attachments (the limit is 1,000)."""
    data = base()
    one = data["attachments"][0]
    data["attachments"] = [dict(one, id=f"a-{n}") for n in range(1001)]
    return _invalid(write_yaml(folder, "many-attachments.yaml", data), "attachments",
                    names=("1,001 items", "limit is 1,000"), advice=r"combine related documents")


def far_future(folder: Path, value: str) -> BadCase:
    """``prepared_on`` past 2100 (ZIP dates end in 2107: it crashed the DOCX writer)."""
    data = base()
    data["prepared_on"] = value
    return _invalid(write_yaml(folder, f"prepared-{value}.yaml", data), "prepared_on",
                    names=("1900-01-01 to 2100-12-31",), advice=r"check the year")


def year_one_birth(folder: Path) -> BadCase:
    """A date of birth of 0001-01-01 (Form 3926 printed "2025-year-old")."""
    data = base()
    data["patient"]["date_of_birth"] = "0001-01-01"
    return _invalid(write_yaml(folder, "year-one.yaml", data), "patient.date_of_birth",
                    names=("1900-01-01 to 2100-12-31",), advice=r"check the year")


def month_out_of_range(folder: Path) -> BadCase:
    """A month-only diagnosis date in 1850."""
    data = base()
    data["diagnosis"]["diagnosed_on"] = "1850-03"
    return _invalid(write_yaml(folder, "month-1850.yaml", data), "diagnosis.diagnosed_on",
                    names=("1900-01-01 to 2100-12-31",), advice=r"check the year")


def impossible_date_yaml(folder: Path) -> BadCase:
    """``prepared_on: 2026-02-30``: YAML reads it as a date that does not exist (it raised
    ValueError from the YAML reader)."""
    path = uploads(folder) / "feb-30.yaml"
    text = _yaml_text(base())
    path.write_text(re.sub(r"^prepared_on: .*$", "prepared_on: 2026-02-30", text, count=1,
                           flags=re.MULTILINE), encoding="utf-8")
    return BadCase(path, CaseFileError, ("feb-30.yaml", "a date that does not exist",
                                         "(line 2, column 14)"), r"correct it there")


def alias_bomb(folder: Path) -> BadCase:
    """A "billion laughs" of YAML aliases: nine levels of nine references each, about
    3.9 x 10^8 strings once expanded, in a file of 500 bytes."""
    path = uploads(folder) / "laughs.yaml"
    lines = ["x0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"x{n}: &x{n} [" + ", ".join([f"*x{n - 1}"] * 9) + "]" for n in range(1, 9)]
    text = _yaml_text(base()) + "\n".join(lines) + "\ncomorbidities: *x8\n"
    path.write_text(text, encoding="utf-8")
    return BadCase(path, CaseValidationError, ("laughs.yaml", "x0"), CORRECT)


def _upload_path(folder: Path, name: str, target: str, says: str) -> BadCase:
    data = base()
    data["attachments"][2]["path"] = target
    return _invalid(write_yaml(folder, name, data), "attachments[2].path", names=(says,),
                    advice=r"give the (path|file)|check the path")


def upload_symlink_loop(folder: Path) -> BadCase:
    """An upload path that is a loop of symbolic links (it raised RuntimeError)."""
    uploads(folder)
    (folder / "loop-a.pdf").symlink_to("loop-b.pdf")
    (folder / "loop-b.pdf").symlink_to("loop-a.pdf")
    return _upload_path(folder, "loop.yaml", "loop-a.pdf", "a loop of symbolic links")


def upload_fifo(folder: Path) -> BadCase:
    """An upload path that is a named pipe: reading it would block for ever."""
    uploads(folder)
    os.mkfifo(folder / "pipe.pdf")
    return _upload_path(folder, "fifo.yaml", "pipe.pdf", "is a named pipe (FIFO)")


def upload_device(folder: Path) -> BadCase:
    """``/dev/zero`` as an upload: endless bytes."""
    return _upload_path(folder, "dev-zero.yaml", "/dev/zero", "is a device")


def upload_directory(folder: Path) -> BadCase:
    """A folder as an upload."""
    uploads(folder)
    (folder / "scans").mkdir()
    return _upload_path(folder, "folder.yaml", "scans", "is a folder, not a file")


def upload_empty_path(folder: Path) -> BadCase:
    """An empty upload path (it meant the case's own folder)."""
    return _upload_path(folder, "empty-path.yaml", "", "is empty")


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
    "duplicate-key-yaml": duplicate_key_yaml,
    "duplicate-section-yaml": duplicate_section_yaml,
    "duplicate-key-json": duplicate_key_json,
    "deep-yaml": deep_yaml,
    "deep-flow-yaml": deep_flow_yaml,
    "deep-json": deep_json,
    "huge-yaml-list": huge_yaml_list,
    "huge-yaml-comments": huge_yaml_comments,
    "many-sites": many_sites,
    "too-many-attachments": too_many_attachments,
    "prepared-9999": lambda folder: far_future(folder, "9999-12-31"),
    "prepared-2108": lambda folder: far_future(folder, "2108-01-01"),
    "born-year-one": year_one_birth,
    "month-1850": month_out_of_range,
    "impossible-date-yaml": impossible_date_yaml,
    "alias-bomb": alias_bomb,
    "upload-symlink-loop": upload_symlink_loop,
    "upload-fifo": upload_fifo,
    "upload-device": upload_device,
    "upload-directory": upload_directory,
    "upload-empty-path": upload_empty_path,
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
