"""The builder for brand-new templates (scripts/template_builder.py): the DOCX files are the
templates' only truth, so it writes a starter and never writes over an existing file."""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from accesspack import load_case
from accesspack.render.context import case_context
from accesspack.render.docx import make_environment, render_docx
from tests.conftest import EXAMPLES, ROOT


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "template_builder", ROOT / "scripts" / "template_builder.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("template_builder", module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("a4", [False, True])
def test_a_starter_template_renders_and_is_never_overwritten(a4: bool, tmp_path: Path) -> None:
    builder = _builder()
    path = tmp_path / "new-letter.docx"
    assert builder.main([str(path), "--title", "New letter", *(["--a4"] if a4 else [])]) == 0
    first = path.read_bytes()
    with pytest.raises(SystemExit) as info:  # a second run is refused, the file untouched
        builder.main([str(path), "--title", "Other"])
    assert info.value.code == 2
    assert path.read_bytes() == first
    with pytest.raises(FileExistsError):
        builder.starter("Other").save(path)
    again = tmp_path / "again.docx"  # reproducible bytes
    builder.starter("New letter", a4=a4).save(again)
    assert again.read_bytes() == first
    case = load_case(EXAMPLES / "fda-single-patient" / "case.yaml")
    out = tmp_path / "rendered.docx"
    render_docx(path, {"case": case_context(case, "en", "full")[0], "prepared_on": "11/20/2026"},
                out, env=make_environment("MM/dd/yyyy", "en"), stamp=case.prepared_on)
    text = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert case.product.name in text and case.physician.name in text
    width = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert ('w:w="11906"' in width) is a4  # A4 is 210 mm wide; Letter 12240 twips
