"""Broken and tricky case files (issue 7): the exact error, a message naming the file or
field and saying what to do, never the patient's name, and nothing left behind.

The files come from tests/corpus/cases.py. Tricky but valid text (right-to-left scripts,
emoji, template code, XML) is accepted and appears literally in the documents and packets.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

import accesspack
from accesspack import CaseValidationError, RouteError, load_case, load_route, parse_case
from accesspack.render.context import attachments_by_kind, case_context
from accesspack.render.docx import make_environment, render_docx
from tests.conftest import FULL_NAME, cli, run, squash
from tests.corpus import cases as corpus
from tests.corpus.templates import write_template

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(path: Path) -> str:
    """The text of every paragraph of a DOCX (body, headers, footers), read from its XML:
    each paragraph's ``w:t`` texts joined as they are (a ``w:tab`` read as a tab, a
    ``w:br`` as a line feed), one paragraph a line."""
    marks = {f"{W}tab": "\t", f"{W}br": "\n", f"{W}cr": "\n"}
    lines: list[str] = []
    with zipfile.ZipFile(path) as zf:
        for name in sorted(zf.namelist()):
            if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name):
                root = ElementTree.fromstring(zf.read(name))
                lines += ["".join((e.text or "") if e.tag == f"{W}t" else marks.get(e.tag, "")
                                  for e in p.iter()) for p in root.iter(f"{W}p")]
    return "\n".join(lines)


def check_message(message: str, names: tuple[str, ...], advice: str) -> None:
    for name in names:
        assert name in message, (name, message)
    assert re.search(advice, message), (advice, message)
    assert FULL_NAME not in message


def nothing_left(parent: Path, out: Path) -> None:
    """``out`` was not created, and no staging folder is left beside it."""
    assert not out.exists()
    leftovers = [p.name for p in parent.iterdir() if p.name.startswith(f".{out.name}")]
    assert leftovers == []


@pytest.mark.parametrize("kind", list(corpus.BAD_CASES))
def test_bad_case_file_is_refused_with_a_useful_message(kind: str, tmp_path: Path) -> None:
    bad = corpus.BAD_CASES[kind](tmp_path)
    with pytest.raises(accesspack.AccesspackError) as info:
        load_case(bad.path)
    assert type(info.value) is bad.error, info.value
    message = str(info.value)
    check_message(message, bad.names, bad.advice)
    assert bad.path.name in message  # the file
    if isinstance(info.value, CaseValidationError):
        fields = [f for f, _ in info.value.problems]
        for field in bad.fields:
            assert field in fields, (field, fields)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["invalid-yaml", "invalid-json", "wrong-types",
                                  "megabyte-text", "char-U+0000", "negative-dose"])
def test_bad_case_file_through_the_cli_leaves_nothing(kind: str, tmp_path: Path) -> None:
    bad = corpus.BAD_CASES[kind](tmp_path / "case")
    out = tmp_path / "out"
    res = cli("build", str(bad.path), "--route", "fda/single-patient", "--out", str(out))
    assert res.returncode == 2, res.stderr
    assert res.stderr.startswith("accesspack: error: ")
    check_message(res.stderr, bad.names, bad.advice)
    assert res.stdout == ""
    nothing_left(tmp_path, out)


def test_date_of_birth_after_diagnosis_is_refused(tmp_path: Path) -> None:
    data = corpus.base()
    data["patient"]["date_of_birth"] = "2024-02-11"  # one day after the diagnosis
    with pytest.raises(CaseValidationError) as info:
        parse_case(data, base_dir=corpus.uploads(tmp_path))
    assert "patient.date_of_birth is after diagnosis.diagnosed_on" in str(info.value)
    data["patient"]["date_of_birth"] = "2024-02-10"  # the same day is possible
    parse_case(data, base_dir=tmp_path)


@pytest.mark.parametrize("dose", ["160 mg", "120-160 mg", "120 mg – 160 mg", "5 mg/kg",
                                  "dose level -1 (120 mg)", "AUC 5 on day 1"])
def test_positive_doses_and_ranges_are_accepted(dose: str, tmp_path: Path) -> None:
    data = corpus.base()
    data["treatment_plan"]["dose"] = dose
    assert parse_case(data, base_dir=corpus.uploads(tmp_path)).treatment_plan.dose.root == dose


@pytest.mark.parametrize("dose", ["-160 mg", "− 5 mg/kg", "Dose: -80mg", "–2 g", "－10 mL"])
def test_negative_doses_are_refused(dose: str, tmp_path: Path) -> None:
    data = corpus.base()
    data["treatment_plan"]["dose"] = dose
    with pytest.raises(CaseValidationError) as info:
        parse_case(data, base_dir=corpus.uploads(tmp_path))
    assert info.value.problems[0][0] == "treatment_plan.dose"
    assert dose not in str(info.value)  # not echoed


def test_text_at_the_limits_is_accepted(tmp_path: Path) -> None:
    data = corpus.base()
    data["diagnosis"]["disease_status"] = "x" * 20_000
    data["physician"]["name"] = "A" * 2000
    data["treatment_plan"]["monitoring"] = "tab\there,\nnew line,\r\nCRLF"
    case = parse_case(data, base_dir=corpus.uploads(tmp_path))
    assert case.treatment_plan.monitoring.root == "tab\there,\nnew line,\r\nCRLF"


def test_unknown_route_lists_the_routes(tmp_path: Path) -> None:
    with pytest.raises(RouteError) as info:
        load_route("fda/single")
    message = str(info.value)
    assert type(info.value) is RouteError
    assert "unknown route 'fda/single'" in message
    assert "fda/single-patient" in message and "`accesspack routes`" in message

    case = load_case(corpus.write_yaml(tmp_path / "case", "case.yaml", corpus.base()))
    out = tmp_path / "out"
    with pytest.raises(RouteError):
        accesspack.build(case, "fda/no-such-route", out)
    nothing_left(tmp_path, out)


@pytest.mark.slow
def test_unknown_route_through_the_cli_leaves_nothing(tmp_path: Path) -> None:
    path = corpus.write_yaml(tmp_path / "case", "case.yaml", corpus.base())
    out = tmp_path / "out"
    res = cli("build", str(path), "--route", "fda/single", "--out", str(out))
    assert res.returncode == 2
    check_message(res.stderr, ("unknown route 'fda/single'", "fda/single-patient"),
                  r"see `accesspack routes`")
    nothing_left(tmp_path, out)


# -- 9. tricky text is accepted and shown literally -------------------------------------


def test_tricky_text_is_rendered_literally_and_not_evaluated(tmp_path: Path) -> None:
    case = load_case(corpus.tricky_case(tmp_path / "case"))
    ns, _ = case_context(case, "en", "full")  # the full name is there to be leaked
    lines = [f"{field}: {{{{ case.{field} }}}}" for field in corpus.TRICKY]
    tpl = write_template(tmp_path / "tricky.docx", *lines,
                         header="Status {{ case.diagnosis.disease_status }}")
    out = tmp_path / "out.docx"
    render_docx(tpl, {"case": ns, "attachments": attachments_by_kind(ns)}, out,
                env=make_environment("MM/dd/yyyy"), stamp=case.prepared_on)
    text = docx_text(out)
    for field, value in corpus.TRICKY.items():
        assert f"{field}: {value}" in text, field
    assert f"Status {corpus.TRICKY['diagnosis.disease_status']}" in text
    assert FULL_NAME not in text  # {{ case.patient.full_name }} was typed, not evaluated
    assert "49" not in text  # {{ 7*7 }}
    from docx import Document  # python-docx reads the same text back

    paragraphs = [p.text for p in Document(str(out)).paragraphs]
    assert f"treatment_plan.monitoring: {corpus.TRICKY['treatment_plan.monitoring']}" in paragraphs


@pytest.fixture(scope="module")
def tricky_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("tricky")
    case = load_case(corpus.tricky_case(base / "case"))
    bundle = accesspack.build(case, "fda/single-patient", base / "out")
    assert not bundle.draft
    return bundle.path


@pytest.mark.slow
def test_tricky_text_in_a_full_fda_build(tricky_bundle: Path) -> None:
    documents = {p.name: docx_text(p) for p in sorted((tricky_bundle / "documents").glob("*.docx"))}
    for field, value in corpus.TRICKY.items():
        assert any(value in text for text in documents.values()), field
    for text in documents.values():
        assert FULL_NAME not in text
    packets = sorted(tricky_bundle.glob("*.pdf"))
    assert len(packets) == 4  # with the consent draft kept on file
    pdf_text = {p.name: squash(run("pdftotext", str(p), "-")) for p in packets}
    for field in corpus.TRICKY_IN_PDF:
        value = squash(corpus.TRICKY[field])
        assert any(value in text for text in pdf_text.values()), (field, value)
    for text in pdf_text.values():
        assert FULL_NAME not in text
        assert "49 and yes" not in text  # {{ 7*7 }} and {% if true %}yes{% endif %}


@pytest.mark.slow
def test_tricky_text_packets_embed_every_font(tricky_bundle: Path) -> None:
    for packet in sorted(tricky_bundle.glob("*.pdf")):
        rows = run("pdffonts", str(packet)).splitlines()[2:]
        assert rows, packet.name
        for row in rows:
            # name type encoding emb sub uni object ID: emb is the 4th column from the end
            assert row.split()[-5] == "yes", (packet.name, row)
