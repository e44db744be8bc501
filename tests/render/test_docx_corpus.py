"""Broken and hostile DOCX templates (issue 7): the exact error, a message naming the
template and the field or paragraph and saying what to do, no internals rendered, and
nothing written.

The templates come from tests/corpus/templates.py; the sandbox probes already in
tests/render/test_docx.py are not repeated. A build of a route copy whose template is broken
leaves nothing in the output folder, through the API and through the command line.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document

import accesspack
from accesspack import TemplateError, TemplateFieldError, load_case, parse_case
from accesspack.render.context import attachments_by_kind, case_context
from accesspack.render.docx import make_environment, render_docx
from tests.conftest import FULL_NAME, append_paragraph, cli
from tests.corpus import cases as case_corpus
from tests.corpus import templates as corpus


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The synthetic case, every patient field shown (a leak would show the full name)."""
    folder = case_corpus.uploads(tmp_path_factory.mktemp("case"))
    case = parse_case(case_corpus.base(), base_dir=folder)
    ns, _ = case_context(case, "en", "full")
    return {"case": ns, "attachments": attachments_by_kind(ns)}


def render(tpl: Path, context: dict[str, Any], dest: Path) -> None:
    render_docx(tpl, context, dest, env=make_environment("MM/dd/yyyy"), stamp=date(2026, 11, 20))


@pytest.mark.parametrize("kind", list(corpus.BAD_TEMPLATES))
def test_bad_template_is_refused_with_a_useful_message(kind: str, context: dict[str, Any],
                                                      tmp_path: Path) -> None:
    bad = corpus.BAD_TEMPLATES[kind](tmp_path / "templates")
    dest = tmp_path / "out.docx"
    with pytest.raises(TemplateError) as info:
        render(bad.path, context, dest)
    assert type(info.value) is bad.error, info.value
    message = str(info.value)
    for name in bad.names:
        assert name in message, (name, message)
    assert re.search(bad.advice, message), message
    assert info.value.template == bad.path.name
    assert FULL_NAME not in message
    for sign in ("<class", "<function", "<built-in", "object at 0x"):
        assert sign not in message
    assert not dest.exists()


def test_unknown_field_error_carries_the_field(context: dict[str, Any], tmp_path: Path) -> None:
    bad = corpus.unknown_field(tmp_path)
    with pytest.raises(TemplateFieldError) as info:
        render(bad.path, context, tmp_path / "out.docx")
    assert info.value.field == "case.patient.shoe_size"


def test_sandbox_probes_inside_safe_expressions_render_nothing_internal(
        context: dict[str, Any], tmp_path: Path) -> None:
    """Tests that cannot fail loudly (``is defined``) render no internals either."""
    tpl = corpus.write_template(
        tmp_path / "quiet.docx",
        "A[{{ case.__class__ is defined }}]",
        "B[{{ (case|attr('__class__')) is defined }}]",
        "C[{{ case.patient.initials|length }}]",
    )
    render(tpl, context, tmp_path / "out.docx")
    text = "\n".join(p.text for p in Document(str(tmp_path / "out.docx")).paragraphs)
    assert "A[No]" in text and "B[No]" in text and "C[3]" in text
    for sign in corpus.INTERNALS:
        assert sign not in text


# -- a route copy with a broken template -----------------------------------------------


def test_broken_route_template_through_the_api_leaves_nothing(route_copy: Path,
                                                              tmp_path: Path) -> None:
    number = append_paragraph(route_copy / "fda" / "treatment-plan.docx",
                              "{% if case.request.emergency %}Emergency supply.")
    case = load_case(case_corpus.write_yaml(tmp_path / "case", "case.yaml", case_corpus.base()))
    out = tmp_path / "out"
    with pytest.raises(TemplateError) as info:
        accesspack.build(case, "fda/single-patient", out)
    assert type(info.value) is TemplateError
    message = str(info.value)
    assert "treatment-plan.docx" in message
    assert f"paragraph {number}" in message and "{% if %} is never closed" in message
    assert re.search(corpus.EDIT, message)
    assert FULL_NAME not in message
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


@pytest.mark.slow
def test_unknown_field_in_route_template_through_the_cli(route_copy: Path,
                                                         tmp_path: Path) -> None:
    append_paragraph(route_copy / "fda" / "clinical-summary.docx",
                     "Shoe size: {{ case.patient.shoe_size }}")
    path = case_corpus.write_yaml(tmp_path / "case", "case.yaml", case_corpus.base())
    out = tmp_path / "out"
    res = cli("build", str(path), "--route", "fda/single-patient", "--out", str(out))
    assert res.returncode == 2, res.stderr
    assert "clinical-summary.docx" in res.stderr
    assert "case.patient.shoe_size" in res.stderr and "fix the template" in res.stderr
    assert FULL_NAME not in res.stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_sandbox_escape_in_route_template_through_the_api(route_copy: Path,
                                                          tmp_path: Path) -> None:
    append_paragraph(route_copy / "fda" / "manufacturer-request.docx",
                     corpus.SANDBOX_ESCAPES["cycler-globals"])
    case = load_case(case_corpus.write_yaml(tmp_path / "case", "case.yaml", case_corpus.base()))
    out = tmp_path / "out"
    with pytest.raises(TemplateError, match=r"manufacturer-request\.docx.*refused by the sandbox"):
        accesspack.build(case, "fda/single-patient", out)
    assert not out.exists()
