"""Generators of broken and hostile DOCX templates (issue 7).

Each function writes one Word template into ``folder`` with python-docx (one run per
paragraph, as tests/render/test_docx.py does) and returns a :class:`BadTemplate`: the file, the
exact error class rendering must raise, the strings the message must contain (the template's
name, the field, the paragraph) and a pattern saying what to do. :data:`BAD_TEMPLATES`
lists them. :data:`SANDBOX_ESCAPES` are the Python-internals probes; tests/render/test_docx.py
already covers ``case.__class__.__mro__``, ``case.items.__globals__`` and
``''.__class__.__subclasses__()``, so they are not repeated here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from docx import Document

from accesspack.errors import AccesspackError, TemplateError, TemplateFieldError

#: What a syntax error message says to do.
EDIT = r"edit it in Word; check that \{\{ \}\} and \{% %\} tags are whole"
#: What a sandbox refusal says to do.
REMOVE = r"remove that tag"
#: What any other failure says to do.
FIX = r"fix the template"


@dataclass(frozen=True)
class BadTemplate:
    """A template that must be refused."""

    path: Path
    error: type[AccesspackError]
    names: tuple[str, ...]  # the message contains each (template name, field, paragraph)
    advice: str  # a regex the message matches: what to do


def write_template(path: Path, *paragraphs: str, header: str | None = None) -> Path:
    """A DOCX with one run per paragraph (no split tags), and optionally a header line."""
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph().add_run(text)
    if header is not None:
        doc.sections[0].header.paragraphs[0].add_run(header)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


# -- 10. syntax errors -----------------------------------------------------------------


def unclosed_if(folder: Path) -> BadTemplate:
    """An ``{% if %}`` in paragraph 2 never closed."""
    path = write_template(folder / "unclosed-if.docx", "Dear IRB,",
                          "{% if case.request.emergency %}Emergency use.", "Sincerely")
    return BadTemplate(path, TemplateError,
                       ("unclosed-if.docx", "paragraph 2", "{% if %} is never closed"), EDIT)


def stray_endfor(folder: Path) -> BadTemplate:
    """An ``{% endfor %}`` in paragraph 3 that closes nothing."""
    path = write_template(folder / "stray-endfor.docx", "Title", "{{ case.product.name }}",
                          "{% endfor %}")
    return BadTemplate(path, TemplateError,
                       ("stray-endfor.docx", "paragraph 3", "closes no open {% for %}"), EDIT)


def broken_expression(folder: Path) -> BadTemplate:
    """A filter bar with no filter after it, in paragraph 2."""
    path = write_template(folder / "dangling-filter.docx", "Drug:",
                          "{{ case.product.name | }}")
    return BadTemplate(path, TemplateError,
                       ("dangling-filter.docx", "paragraph 2", "{{ case.product.name | }}",
                        "expected token 'name'"), EDIT)


def half_closed_tag(folder: Path) -> BadTemplate:
    """``{{ case.product.name }`` (one brace lost when editing in Word), paragraph 1."""
    path = write_template(folder / "half-closed.docx", "{{ case.product.name }", "end")
    return BadTemplate(path, TemplateError,
                       ("half-closed.docx", "paragraph 1", "unexpected '}'"), EDIT)


def broken_header(folder: Path) -> BadTemplate:
    """A broken tag in the page header, not the body."""
    path = write_template(folder / "bad-header.docx", "Body text",
                          header="Case {{ case.case_id ) }}")
    return BadTemplate(path, TemplateError, ("bad-header.docx", "of the header"), EDIT)


# -- 11. unknown fields ----------------------------------------------------------------


def unknown_field(folder: Path) -> BadTemplate:
    """``{{ case.patient.shoe_size }}``."""
    path = write_template(folder / "shoe-size.docx", "Size {{ case.patient.shoe_size }}")
    return BadTemplate(path, TemplateFieldError,
                       ("shoe-size.docx", "case.patient.shoe_size", "does not exist"),
                       r"fix the template")


def unknown_section(folder: Path) -> BadTemplate:
    """``{{ case.billing.number }}``: a whole section that does not exist."""
    path = write_template(folder / "billing.docx", "{{ case.billing.number }}")
    return BadTemplate(path, TemplateFieldError, ("billing.docx", "case.billing"),
                       r"fix the template")


def unknown_field_in_loop(folder: Path) -> BadTemplate:
    """A misspelt field inside a loop over the biomarkers."""
    path = write_template(folder / "loop.docx", "{% for b in case.biomarkers %}",
                          "{{ b.markr }}", "{% endfor %}")
    return BadTemplate(path, TemplateFieldError, ("loop.docx", "markr"), r"fix the template")


# -- 12. the sandbox -------------------------------------------------------------------

#: Template text reaching for Python internals, and what it reaches for.
SANDBOX_ESCAPES: dict[str, str] = {
    "class": "{{ case.__class__ }}",
    "str-mro": "{{ ''.__class__.__mro__ }}",
    "cycler-globals": "{{ cycler.__init__.__globals__ }}",
    "lipsum-globals": "{{ lipsum.__globals__['os'] }}",
    "self-globals": "{{ self.__init__.__globals__ }}",
    "dict": "{{ case.patient.__dict__ }}",
    "subclasses": "{% set x = [].__class__.__base__.__subclasses__() %}{{ x }}",
    "attr-filter": "{{ case|attr('__class__') }}",
    "attr-filter-chain": "{{ (case|attr('__class__')|attr('__mro__'))[1] }}",
    "format-string": "{{ '{0.__class__.__mro__}'.format(case) }}",
    "mutate": "{{ case.patient.update({'initials': 'XX'}) }}",
    "print-method": "{{ case.items }}",
    "print-builtin": "{{ namespace }}",
    "huge-string": "{{ 'x' * 100000000 }}",
    "huge-power": "{{ 10 ** 100000 }}",
    "huge-range": "{{ range(10000000000)|list }}",
}
#: Strings rendered output must never contain (signs of internals).
INTERNALS = ("<class", "<function", "<built-in", "<module", "__", "object at 0x", "mappingproxy")


def sandbox_escape(folder: Path, name: str) -> BadTemplate:
    path = write_template(folder / f"escape-{name}.docx", "Before",
                          SANDBOX_ESCAPES[name], "After")
    advice = FIX if name.startswith(("print-", "huge-range")) else REMOVE
    return BadTemplate(path, TemplateError, (f"escape-{name}.docx",), advice)


# -- other failures --------------------------------------------------------------------


def division_by_zero(folder: Path) -> BadTemplate:
    path = write_template(folder / "divide.docx", "{{ case.patient.weight_kg / 0 }}")
    return BadTemplate(path, TemplateError, ("divide.docx", "ZeroDivisionError"), FIX)


def not_a_docx(folder: Path) -> BadTemplate:
    """A text file named ``.docx``."""
    path = folder / "not-word.docx"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{{ case.product.name }}\n", encoding="utf-8")
    return BadTemplate(path, TemplateError, ("not-word.docx", "not a readable Word document"),
                       r"Word document")


BAD_TEMPLATES: dict[str, Callable[[Path], BadTemplate]] = {
    "unclosed-if": unclosed_if,
    "stray-endfor": stray_endfor,
    "dangling-filter": broken_expression,
    "half-closed-tag": half_closed_tag,
    "broken-header": broken_header,
    "unknown-field": unknown_field,
    "unknown-section": unknown_section,
    "unknown-field-in-loop": unknown_field_in_loop,
    "divide-by-zero": division_by_zero,
    "not-a-docx": not_a_docx,
    **{f"sandbox-{name}": (lambda folder, n=name: sandbox_escape(folder, n))
       for name in SANDBOX_ESCAPES},
}
