"""DOCX templates read once per process (render/prepared.py): the same bytes and the same
errors as docxtpl's own render and save, each template opened once, an edited one read
again, a bounded cache of strings and bytes, safe in threads."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.shared import Inches
from PIL import Image

from accesspack import TemplateError, load_case
from accesspack.buildplan import plan
from accesspack.render import docx as docx_module
from accesspack.render import prepared
from accesspack.render.docx import make_environment, render_docx
from accesspack.render.fixedzip import Member
from tests.conftest import ROOT
from tests.corpus import templates as corpus

DAY = date(2026, 11, 20)
CONTEXT = {"name": "World & <Co>", "flag": True, "items": ["one", "two\tthree", "four\nfive"]}


@pytest.fixture(autouse=True)
def empty_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with no template read."""
    monkeypatch.setattr(prepared, "_CACHE", OrderedDict())


def rich_template(path: Path) -> Path:
    """Paragraphs, a {%p %} block, a table grown by {%tr for %}, a picture (a docPr id), two
    sections, headers and footers (one for the first page), core properties with tags."""
    doc = Document()
    doc.add_paragraph().add_run("Dear {{ name }},")
    doc.add_paragraph().add_run("{%p if flag %}")
    doc.add_paragraph().add_run("Flagged: {{ items|length }} items.")
    doc.add_paragraph().add_run("{%p endif %}")
    table = doc.add_table(rows=3, cols=2)
    table.cell(0, 0).paragraphs[0].add_run("{%tr for item in items %}")
    table.cell(1, 0).paragraphs[0].add_run("{{ loop.index }}")
    table.cell(1, 1).paragraphs[0].add_run("{{ item }}")
    table.cell(2, 0).paragraphs[0].add_run("{%tr endfor %}")
    png = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(png, "PNG")
    doc.add_picture(io.BytesIO(png.getvalue()), width=Inches(0.5))
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.header.paragraphs[0].add_run("Header for {{ name }}")
    section.first_page_header.paragraphs[0].add_run("First page of {{ name }}")
    section.footer.paragraphs[0].add_run("Footer {{ flag }}")
    doc.add_section()
    doc.add_paragraph().add_run("Second section: {{ items|join(', ') }}")
    doc.core_properties.title = "Letter for {{ name }}"
    doc.core_properties.subject = "{{ items[0] }}"
    doc.save(str(path))
    return path


def both_ways(template: Path, page_size: str | None = None,
              context: dict[str, Any] | None = None) -> tuple[bytes, bytes]:
    """(the prepared render, docxtpl's own render and save) of ``template``."""
    env = make_environment("MM/dd/yyyy")
    ready = prepared.prepared(template.read_bytes())
    assert ready is not None
    fast = prepared.render(ready, template, context or CONTEXT, env, stamp=DAY,
                           page_size=page_size)
    old = docx_module._render_with_docxtpl(template, context or CONTEXT, env, DAY, page_size)
    return fast, old


@pytest.mark.parametrize("page_size", [None, "letter", "a4"])
def test_the_bytes_are_docxtpls(page_size: str | None, tmp_path: Path) -> None:
    fast, old = both_ways(rich_template(tmp_path / "rich.docx"), page_size)
    assert fast == old
    with zipfile.ZipFile(io.BytesIO(fast)) as zf:
        document = zf.read("word/document.xml").decode()
        headers = "".join(zf.read(n).decode() for n in zf.namelist() if "header" in n)
        core = zf.read("docProps/core.xml").decode()
    assert "Dear World &amp; &lt;Co&gt;," in document and "Flagged: 3 items." in document
    assert "four</w:t><w:br/>" in document and "<w:tab/>" in document  # docxtpl's listing
    assert "Header for World" in headers and "First page of World" in headers
    # docxtpl escapes a property twice (autoescape, then XML): kept as it was
    assert "<dc:title>Letter for World &amp;amp; &amp;lt;Co&amp;gt;</dc:title>" in core


def test_the_bytes_are_docxtpls_for_a_route_template(tmp_path: Path) -> None:
    """Every FDA document of the example, with its build context."""
    the_plan = plan(load_case(ROOT / "examples/fda-single-patient/case.yaml"),
                    "fda/single-patient")
    seen = 0
    for packet, part in the_plan.active_parts():
        if part.kind == "document" and part.template is not None:
            fast, old = both_ways(part.template, context=dict(packet.context))
            assert fast == old, part.template.name
            seen += 1
    assert seen >= 8


@pytest.mark.parametrize("kind", list(corpus.BAD_TEMPLATES))
def test_a_bad_template_fails_as_it_did(kind: str, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The same error class and message as docxtpl's own render gave."""
    bad = corpus.BAD_TEMPLATES[kind](tmp_path)
    context = {"case": {}, "attachments": {}}

    def failure() -> TemplateError:
        with pytest.raises(TemplateError) as info:
            render_docx(bad.path, context, tmp_path / "out.docx",
                        env=make_environment("MM/dd/yyyy"), stamp=DAY)
        return info.value

    fast = failure()
    monkeypatch.setattr(prepared, "prepared", lambda data: None)
    old = failure()
    assert (type(fast), str(fast)) == (type(old), str(old))


def test_each_template_is_opened_once_per_process(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import docxtpl.template

    opened: list[Any] = []
    real = docxtpl.template.Document

    def counting(source: Any) -> Any:
        opened.append(source)
        return real(source)

    monkeypatch.setattr(docxtpl.template, "Document", counting)
    template = rich_template(tmp_path / "rich.docx")
    env = make_environment("MM/dd/yyyy")
    outputs = set()
    for n in range(3):
        render_docx(template, {**CONTEXT, "name": f"N{n}"}, tmp_path / f"{n}.docx", env=env,
                    stamp=DAY)
        outputs.add((tmp_path / f"{n}.docx").read_bytes())
    assert len(opened) == 1 and len(outputs) == 3


def test_an_edited_template_is_read_again(tmp_path: Path) -> None:
    """Keyed by the file's bytes: an edit kept at the same modification time still counts."""
    template = corpus.write_template(tmp_path / "t.docx", "Hello {{ name }}!")
    env = make_environment("MM/dd/yyyy")
    render_docx(template, CONTEXT, tmp_path / "1.docx", env=env, stamp=DAY)
    stat = template.stat()
    corpus.write_template(template, "Howdy {{ name }}!")
    import os

    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    render_docx(template, CONTEXT, tmp_path / "2.docx", env=env, stamp=DAY)
    assert "Hello World" in text_of(tmp_path / "1.docx")
    assert "Howdy World" in text_of(tmp_path / "2.docx")


def text_of(docx: Path) -> str:
    return "\n".join(p.text for p in Document(str(docx)).paragraphs)


def test_the_cache_is_bounded_and_holds_strings_and_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No python-docx object (a document's object graph is about 5 MB) is kept."""
    monkeypatch.setattr(prepared, "MAX_PREPARED", 2)
    templates = [corpus.write_template(tmp_path / f"{n}.docx", f"T{n} {{{{ name }}}}")
                 for n in range(3)]
    ready = [prepared.prepared(t.read_bytes()) for t in templates]
    assert len(prepared._CACHE) == 2
    assert list(prepared._CACHE.values()) == ready[1:]

    def plain(value: Any) -> bool:
        if isinstance(value, tuple):
            return all(plain(v) for v in value)
        if isinstance(value, Member):
            return plain(dataclasses.astuple(value))
        return type(value) in (str, bytes, int)

    for one in ready:
        assert one is not None
        assert all(plain(getattr(one, f.name)) for f in dataclasses.fields(one))
        assert 20_000 < one.size() < 200_000


def test_threads_rendering_at_once_get_the_same_bytes(tmp_path: Path) -> None:
    templates = [rich_template(tmp_path / "rich.docx"),
                 corpus.write_template(tmp_path / "plain.docx", "Plain {{ name }}",
                                       header="Head {{ name }}")]
    env = make_environment("MM/dd/yyyy")

    def render(job: tuple[int, Path]) -> bytes:
        n, template = job
        dest = tmp_path / f"out-{n}.docx"
        render_docx(template, CONTEXT, dest, env=env, stamp=DAY)
        return dest.read_bytes()

    with ThreadPoolExecutor(4) as pool:
        at_once = list(pool.map(render, enumerate(templates * 4)))
    prepared._CACHE.clear()
    one_by_one = [render((100 + n, t)) for n, t in enumerate(templates)]
    assert at_once == one_by_one * 4


# -- templates rendered the old way -------------------------------------------------------


def rezip(template: Path, change: Callable[[str, bytes], bytes | None],
          extra: dict[str, bytes] | None = None) -> Path:
    """``template`` with each member changed by ``change`` (None: left out), plus ``extra``."""
    with zipfile.ZipFile(template) as src:
        members = [(i.filename, change(i.filename, src.read(i))) for i in src.infolist()]
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in [*members, *(extra or {}).items()]:
            if data is not None:
                dst.writestr(name, data)
    return template


FOOTNOTES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             b'<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
             b'main"><w:footnote w:id="1"><w:p><w:r><w:t>Note for {{ name }}</w:t></w:r></w:p>'
             b"</w:footnote></w:footnotes>")


def with_footnotes(name: str, data: bytes) -> bytes:
    if name == "[Content_Types].xml":
        return data.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentTyp'
                            b'e="application/vnd.openxmlformats-officedocument.wordprocessingm'
                            b'l.footnotes+xml"/></Types>')
    if name == "word/_rels/document.xml.rels":
        return data.replace(b"</Relationships>", b'<Relationship Id="rId99" Type="http://sche'
                            b"mas.openxmlformats.org/officeDocument/2006/relationships/footnot"
                            b'es" Target="footnotes.xml"/></Relationships>')
    return data


def without_core_properties(name: str, data: bytes) -> bytes | None:
    if name == "docProps/core.xml":
        return None
    return re.sub(rb"<(Override|Relationship)[^>]*core[^>]*/>", b"", data)


def test_a_template_with_footnotes_renders_the_old_way(tmp_path: Path) -> None:
    """docxtpl renders footnotes once per section, each time over the last result."""
    template = rezip(corpus.write_template(tmp_path / "t.docx", "Body {{ name }}"),
                     with_footnotes, {"word/footnotes.xml": FOOTNOTES})
    assert prepared.prepared(template.read_bytes()) is None
    render_docx(template, CONTEXT, tmp_path / "out.docx", env=make_environment("MM/dd/yyyy"),
                stamp=DAY)
    with zipfile.ZipFile(tmp_path / "out.docx") as zf:
        assert b"Note for World &amp; &lt;Co&gt;" in zf.read("word/footnotes.xml")


def test_a_template_without_core_properties_renders_the_old_way(tmp_path: Path) -> None:
    """python-docx would add them (dated now): not something to keep."""
    template = rezip(corpus.write_template(tmp_path / "t.docx", "Body {{ name }}"),
                     without_core_properties)
    with zipfile.ZipFile(template) as zf:
        assert "docProps/core.xml" not in zf.namelist()
    assert prepared.prepared(template.read_bytes()) is None
    render_docx(template, CONTEXT, tmp_path / "out.docx", env=make_environment("MM/dd/yyyy"),
                stamp=DAY)
    assert "Body World & <Co>" in text_of(tmp_path / "out.docx")
