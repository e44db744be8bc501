"""DOCX rendering: literal values, strict fields, the sandbox, identity policy, same bytes."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from accesspack import TemplateError, TemplateFieldError, parse_case
from accesspack.render.context import attachments_by_kind, case_context
from accesspack.render.docx import make_environment, render_docx

HOSTILE = 'A & B <C> {{ 7*7 }} {% if x %} "q" </w:t> &amp;'


def template(path: Path, *paragraphs: str, table_cell: str | None = None) -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph().add_run(text)  # one run per paragraph: no split tags
    if table_cell is not None:
        doc.add_table(rows=1, cols=1).cell(0, 0).paragraphs[0].add_run(table_cell)
    doc.save(str(path))
    return path


def text_of(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def render(tpl: Path, case: Any, dest: Path, identity: str = "initials") -> Path:
    ns, _ = case_context(case, "en", identity)
    ctx = {"case": ns, "attachments": attachments_by_kind(ns)}
    render_docx(tpl, ctx, dest, env=make_environment("MM/dd/yyyy"), stamp=case.prepared_on)
    return dest


def test_hostile_values_appear_literally(case_data: dict[str, Any], case_dir: Path,
                                         tmp_path: Path) -> None:
    case_data["diagnosis"]["disease_status"] = HOSTILE
    case_data["product"]["name"] = HOSTILE
    case = parse_case(case_data, base_dir=case_dir)
    tpl = template(tmp_path / "t.docx", "Status: {{ case.diagnosis.disease_status }}",
                   table_cell="Drug: {{ case.product.name }}")
    text = text_of(render(tpl, case, tmp_path / "out.docx"))
    assert f"Status: {HOSTILE}" in text
    assert f"Drug: {HOSTILE}" in text


def test_dates_none_and_lists_are_formatted(case: Any, tmp_path: Path) -> None:
    tpl = template(tmp_path / "t.docx", "Dx {{ case.diagnosis.diagnosed_on }}",
                   "Fax [{{ case.physician.fax }}]", "Sites {{ case.diagnosis.metastatic_sites }}",
                   "Age {{ case.patient.age }} {{ case.request.emergency }}",
                   "LOA {{ attachments.letter_of_authorization|length }}")
    text = text_of(render(tpl, case, tmp_path / "out.docx"))
    assert "Dx 02/10/2024" in text
    assert "Fax []" in text
    assert "Sites bone, liver" in text
    assert "Age 65 No" in text
    assert "LOA 1" in text


def test_unknown_field_names_template_and_field(case: Any, tmp_path: Path) -> None:
    tpl = template(tmp_path / "letter.docx", "{{ case.physician.shoe_size }}")
    with pytest.raises(TemplateFieldError) as info:
        render(tpl, case, tmp_path / "out.docx")
    assert info.value.template == "letter.docx"
    assert info.value.field == "case.physician.shoe_size"
    assert "letter.docx" in str(info.value) and "case.physician.shoe_size" in str(info.value)
    assert not (tmp_path / "out.docx").exists()


@pytest.mark.parametrize("expr", ["{{ case.attachments[0].path }}",
                                  "{{ attachments.letter_of_authorization[0].path }}",
                                  "{{ case.patient.withheld }}"])
def test_section_bookkeeping_is_not_a_field(case: Any, tmp_path: Path, expr: str) -> None:
    """A section's own attributes do not shadow fields: an attachment's path (removed:
    file names may identify the patient) is an error, not the section's internal name."""
    tpl = template(tmp_path / "t.docx", expr)
    with pytest.raises(TemplateFieldError) as info:
        render(tpl, case, tmp_path / "out.docx")
    assert info.value.field is not None and info.value.field.endswith((".path", ".withheld"))
    assert not (tmp_path / "out.docx").exists()


def test_full_name_is_withheld_under_initials_policy(case: Any, tmp_path: Path) -> None:
    tpl = template(tmp_path / "t.docx", "{{ case.patient.full_name }}")
    with pytest.raises(TemplateFieldError, match="withheld"):
        render(tpl, case, tmp_path / "out.docx")
    out = render(tpl, case, tmp_path / "full.docx", identity="full")
    assert case.patient.full_name in text_of(out)


@pytest.mark.parametrize("field", ["initials", "full_name", "date_of_birth", "address",
                                   "medical_record_number"])
def test_anonymous_policy_withholds_every_patient_identifier(
        case_data: dict[str, Any], case_dir: Path, tmp_path: Path, field: str) -> None:
    """Free text that must carry no patient-identifiable data (NHS England's individual
    funding request): no initials, name, birth date, address or record number; age and sex
    stay."""
    case_data["patient"]["medical_record_number"] = "RX0042117"
    case = parse_case(case_data, base_dir=case_dir)
    tpl = template(tmp_path / "t.docx", "{{ case.patient." + field + " }}")
    with pytest.raises(TemplateFieldError, match="withheld"):
        render(tpl, case, tmp_path / "out.docx", identity="anonymous")
    shown = template(tmp_path / "ok.docx", "{{ case.patient.age }} {{ case.patient.sex }}")
    text = text_of(render(shown, case, tmp_path / "ok-out.docx", identity="anonymous"))
    assert f"{case.patient.age_on(case.prepared_on)} {case.patient.sex}" in text
    assert case.patient.initials not in text


@pytest.mark.parametrize("expr", [
    "{{ case.__class__.__mro__ }}",
    "{{ case.items.__globals__ }}",
    "{{ ''.__class__.__subclasses__() }}",
])
def test_sandbox_refuses_python_internals(case: Any, tmp_path: Path, expr: str) -> None:
    tpl = template(tmp_path / "evil.docx", expr)
    with pytest.raises(TemplateError, match="evil.docx"):
        render(tpl, case, tmp_path / "out.docx")


def test_syntax_error_is_a_template_error(case: Any, tmp_path: Path) -> None:
    tpl = template(tmp_path / "broken.docx", "{% if case.request.emergency %}never closed")
    with pytest.raises(TemplateError, match="broken.docx.*syntax"):
        render(tpl, case, tmp_path / "out.docx")


def test_same_case_same_bytes(case: Any, tmp_path: Path) -> None:
    tpl = template(tmp_path / "t.docx", "{{ case.product.name }} {{ case.prepared_on }}")
    a = render(tpl, case, tmp_path / "a.docx").read_bytes()
    b = render(tpl, case, tmp_path / "b.docx").read_bytes()
    assert a == b


def test_missing_translation_is_recorded_and_marked(case_data: dict[str, Any],
                                                    case_dir: Path) -> None:
    case_data["diagnosis"]["disease_status"] = {"en": "Progressive", "fr": "En progression"}
    case = parse_case(case_data, base_dir=case_dir)
    ns, missing = case_context(case, "fr", "initials")
    assert ns["diagnosis"]["disease_status"] == "En progression"
    fields = {m.field for m in missing}
    assert "case.diagnosis.primary_cancer" in fields  # plain English text, no French
    assert ns["diagnosis"]["primary_cancer"].startswith("[EN — translation missing]")
    assert all(m.language == "fr" for m in missing)
    assert case.prepared_on == date(2026, 11, 20)


def test_booleans_and_numbers_follow_the_language(case: Any, tmp_path: Path) -> None:
    tpl = template(tmp_path / "t.docx", "{{ case.request.emergency }} {{ case.patient.weight_kg }}")
    ns, _ = case_context(case, "en", "initials")
    render_docx(tpl, {"case": ns}, tmp_path / "de.docx", env=make_environment("dd.MM.yyyy", "de"),
                stamp=case.prepared_on)
    assert "Nein 61,5" in text_of(tmp_path / "de.docx")


def test_chinese_dates_have_no_leading_zeros() -> None:
    from accesspack.languages import format_date

    assert format_date(date(2026, 11, 4), "y年M月d日") == "2026年11月4日"
    assert format_date(date(2026, 3, 24), "y年M月d日") == "2026年3月24日"
    assert format_date(date(2026, 3, 4), "dd/MM/yyyy") == "04/03/2026"
    env = make_environment("y年M月d日", "zh")
    assert env.from_string("{{ d }} {{ d | date('d.M.') }}").render(
        d=date(2026, 1, 5)) == "2026年1月5日 5.1."


@pytest.mark.parametrize(("initials", "printed"), [
    ("JS", "J.S"), ("J.S", "J.S"), ("J-M", "J.M"), ("JQD", ""), ("MCL", ""), ("J", ""),
])
def test_first_last_initials_filter(case_data: dict[str, Any], case_dir: Path, tmp_path: Path,
                                    initials: str, printed: str) -> None:
    """Forms that ask for the initials as "First.Last" (Health Canada's SAP Form A, "e.g.
    J.S") get them from one filter, and only from two letters: from three the last-name
    initial is a guess (a middle name, or a hyphenated surname), so it gives ""."""
    case_data["patient"]["initials"] = initials
    loaded = parse_case(case_data, base_dir=case_dir)
    tpl = template(tmp_path / "t.docx", "[{{ case.patient.initials|first_last_initials }}]")
    assert f"[{printed}]" in text_of(render(tpl, loaded, tmp_path / "o.docx"))


def test_compiled_templates_are_shared_per_language_and_date_pattern() -> None:
    """Environments of one date pattern and language share the code Jinja compiles (a
    batch compiles each template once); another language gets its own, since constant
    filter calls are folded at compile time in the environment's language."""
    from accesspack.render import docx as docx_module

    source = "{{ 'female'|label('sex') }} {{ case_date|date }} QZX-shared-code"
    docx_module._COMPILED.clear()  # a full cache would drop one entry per new one
    before = 0
    en1 = make_environment("dd/MM/yyyy", "en").from_string(source)
    en2 = make_environment("dd/MM/yyyy", "en").from_string(source)
    assert len(docx_module._COMPILED) == before + 1
    assert en1.root_render_func.__code__ is en2.root_render_func.__code__
    fr = make_environment("dd/MM/yyyy", "fr").from_string(source)
    us = make_environment("MM/dd/yyyy", "en").from_string(source)
    assert len(docx_module._COMPILED) == before + 3
    day = date(2026, 3, 4)
    assert en2.render(case_date=day) == "female 04/03/2026 QZX-shared-code"
    assert fr.render(case_date=day) == "féminin 04/03/2026 QZX-shared-code"
    assert us.render(case_date=day) == "female 03/04/2026 QZX-shared-code"


def test_a_rendered_document_is_freed_at_once_not_left_to_the_cycle_collector(
        tmp_path: Path) -> None:
    """python-docx's package and parts form a cycle holding the document's XML trees:
    render_docx frees it itself, so a batch worker does not carry every document of a
    build until the collector runs (the collector is off here, as between its runs)."""
    import gc

    from docx.package import Package

    tpl = template(tmp_path / "t.docx", "Hello {{ name }}")
    env = make_environment("MM/dd/yyyy")

    def packages() -> int:
        return sum(isinstance(o, Package) for o in gc.get_objects())

    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        before = packages()
        for n in range(3):
            render_docx(tpl, {"name": "World"}, tmp_path / f"{n}.docx", env=env,
                        stamp=date(2026, 11, 20))
        assert packages() == before
    finally:
        if enabled:
            gc.enable()
    assert "Hello World" in text_of(tmp_path / "2.docx")
