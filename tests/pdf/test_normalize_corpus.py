"""Hostile uploads (issue 7): each bad file is refused with a useful message, or accepted
with what the packet copy changed recorded in the manifest and the ledger.

The uploads come from :mod:`tests.corpus.uploads` (generated, none committed). Refused
uploads are built through the API with a converter that fails if it is ever reached, so
no LibreOffice run is spent on them, and a few through the CLI; the accepted ones go into
one real build whose packet is read back with pikepdf and pdftotext.
"""

from __future__ import annotations

import copy
import json
import os
import random
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import yaml

import accesspack
from accesspack.batch import build_many
from accesspack.bundle import case_digest
from accesspack.convert import FakeConverter
from accesspack.errors import AttachmentError, CaseValidationError, ConversionError
from accesspack.limits import MAX_IMAGE_PIXELS, MIN_IMAGE_SIDE
from accesspack.model import Case, load_case, parse_case
from accesspack.pdf import Normalised
from accesspack.pdf.normalize import (
    detect_type,
    image_to_pdf,
    pdf_copy,
)
from tests.conftest import BASE, FULL_NAME, HELVETICA_EMBEDDED, cli, make_pdf, manifest, text_of
from tests.corpus import uploads

ROUTE = "fda/single-patient"  # the brief's "fda-single-patient-ind" is no route id
LETTER = (612.0, 792.0)
PASSWORD = "s3cret-Pw"  # the corpus's user password: it must never be written anywhere
NGS = 2  # the attachment swapped for the bad file: attachments[2], id "ngs"
NGS_LABEL = "attachment ngs (biomarker_report)"


def _no_conversion() -> FakeConverter:
    """Refused uploads must fail before their build needs a converted document."""
    return FakeConverter(fail=ConversionError(
        "the test converter was reached: the upload was not refused"))


def _swap(case_data: dict[str, Any], case_dir: Path, upload: Path,
          **extra: Any) -> dict[str, Any]:
    """``case_data`` with attachments[NGS] pointing at ``upload`` (inside ``case_dir``)."""
    att = case_data["attachments"][NGS]
    att["path"] = os.path.relpath(upload, case_dir)
    att.update(extra)
    return case_data


def _assert_nothing_left(out: Path) -> None:
    assert not out.exists()
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".")] == []


def _assert_clean_message(message: str) -> None:
    assert FULL_NAME not in message and FULL_NAME.split()[0] not in message
    assert PASSWORD not in message and "Traceback" not in message


# -- refused uploads, built through the API ------------------------------------------------

def _encrypted(folder: Path) -> Path:
    return uploads.encrypted_pdf(folder)


Refusal = tuple[Callable[[Path], Path], dict[str, Any], Sequence[str], str]
REFUSED: dict[str, Refusal] = {
    # name: (make the upload, extra attachment fields, what the message says, names it by)
    "empty": (uploads.empty_file, {}, ("is empty", "upload the file again"), NGS_LABEL),
    "truncated": (uploads.truncated_pdf, {},
                  ("is truncated", "upload the complete file"), NGS_LABEL),
    "encrypted-no-password": (_encrypted, {}, (
        "protected by a password", "attachments[2].password",
        "upload a copy without a password"), NGS_LABEL),
    "encrypted-wrong-password": (_encrypted, {"password": "not-the-password"}, (
        "does not open with the password given as attachments[2].password",
        "correct the password"), NGS_LABEL),
    "random-bytes-docx": (uploads.random_docx, {}, (
        "is not a supported file type", "PDF, JPEG, PNG, TIFF and Word DOCX",
        "save or scan it as one of them"), NGS_LABEL),
    "zip-not-docx": (uploads.zip_not_docx, {}, (
        "is a zip archive, not a Word document", "save it from Word as .docx"),
        NGS_LABEL),
    "one-pixel-image": (uploads.one_pixel_image, {}, (
        "is too small to read (1 x 1 pixels)", "scan at 150 dpi or more"), NGS_LABEL),
    "huge-image": (uploads.huge_image, {}, (
        "16,000 x 16,000 pixels", "the limit is 100 megapixels",
        "scan it at 300 dpi or less"), NGS_LABEL),
    # issue 17: data that decodes to nothing, refused before the build writes anything
    "truncated-jpeg": (uploads.truncated_jpeg, {}, (
        "is truncated or damaged: its image data cannot be decoded",
        "scan it again or give it as a PDF"), NGS_LABEL),
    "truncated-png": (uploads.truncated_png, {}, (
        "is truncated or damaged: its image data cannot be decoded",), NGS_LABEL),
    "truncated-tiff": (uploads.truncated_tiff, {}, (
        "is truncated or damaged: its image data cannot be decoded",), NGS_LABEL),
    "broken-lzw-pdf": (uploads.broken_lzw_pdf, {}, (
        "is damaged: the content of page 1 cannot be decoded in full",
        "re-export it from the program that made it, or scan the paper again"), NGS_LABEL),
    "truncated-flate-pdf": (uploads.truncated_flate_pdf, {}, (
        "is damaged: the content of page 1 cannot be decoded in full",), NGS_LABEL),
    "repaired-but-broken-pdf": (uploads.repaired_broken_image_pdf, {}, (
        "is damaged: qpdf repaired its structure, but the copy still fails a PDF check",
        "re-export it from the program that made it, or scan the paper again"), NGS_LABEL),
    "r6-wrong-password": (uploads.r6_encrypted_pdf, {"password": "fine pass word"}, (
        "does not open with the password given as attachments[2].password",), NGS_LABEL),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_refused_upload_stops_the_build_and_leaves_nothing(
        name: str, case_data: dict[str, Any], case_dir: Path, tmp_path: Path) -> None:
    make, extra, says, named = REFUSED[name]
    case = parse_case(_swap(case_data, case_dir, make(case_dir), **extra), base_dir=case_dir)
    out = tmp_path / "out"
    with pytest.raises(AttachmentError) as info:
        accesspack.build(case, ROUTE, out, converter=_no_conversion())
    assert type(info.value) is AttachmentError
    message = str(info.value)
    for phrase in says:
        assert phrase in message, (phrase, message)
    assert named in message
    assert str(case_dir) not in message  # file names, never full paths
    assert "DecompressionBomb" not in message
    _assert_clean_message(message)
    _assert_nothing_left(out)


# -- refused uploads, through the CLI ------------------------------------------------------

def _case_file(case_dir: Path, data: dict[str, Any]) -> Path:
    path = case_dir / "case.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("name", ["random-bytes-docx", "encrypted-no-password"])
def test_cli_refuses_the_upload_with_exit_status_2(
        name: str, case_data: dict[str, Any], case_dir: Path, tmp_path: Path) -> None:
    make, extra, says, named = REFUSED[name]
    case_file = _case_file(case_dir, _swap(case_data, case_dir, make(case_dir), **extra))
    out = tmp_path / "out"
    res = cli("build", str(case_file), "--route", "fda/single-patient", "--out", str(out))
    assert res.returncode == 2, res.stderr
    assert res.stderr.startswith("accesspack: error: ") and named in res.stderr
    for phrase in says:
        assert phrase in res.stderr
    _assert_clean_message(res.stderr)
    _assert_nothing_left(out)


# -- the normalisers on their own ----------------------------------------------------------

def test_type_comes_from_content_and_bad_types_name_the_file(tmp_path: Path) -> None:
    assert detect_type(uploads.jpeg_named_pdf(tmp_path)) == "jpeg"
    for make, cls_says in ((uploads.empty_file, "is empty"),
                           (uploads.random_docx, "not a supported file type"),
                           (uploads.zip_not_docx, "not a Word document")):
        upload = make(tmp_path)
        with pytest.raises(AttachmentError, match=cls_says) as info:
            detect_type(upload)
        assert type(info.value) is AttachmentError
        assert info.value.attachment == upload.name and upload.name in str(info.value)


@pytest.mark.slow
def test_truncated_pdf_is_refused_but_a_damaged_xref_is_repaired(tmp_path: Path) -> None:
    with pytest.raises(AttachmentError, match="attachment 7 is truncated") as info:
        pdf_copy(uploads.truncated_pdf(tmp_path), tmp_path / "a.pdf", "attachment 7")
    assert "upload the complete file" in str(info.value)
    assert not (tmp_path / "a.pdf").exists()
    done = pdf_copy(uploads.broken_xref_pdf(tmp_path), tmp_path / "b.pdf", "attachment 8")
    assert done.pages == 3
    assert done.changes == ("repaired a damaged cross-reference table", HELVETICA_EMBEDDED)
    with pikepdf.Pdf.open(tmp_path / "b.pdf") as pdf:  # the copy itself is sound
        assert len(pdf.pages) == 3 and pdf.get_warnings() == []
    assert "REPAIRED page 3" in text_of(tmp_path / "b.pdf")


@pytest.mark.slow
def test_encrypted_pdfs(tmp_path: Path) -> None:
    locked = uploads.encrypted_pdf(tmp_path)
    restricted = uploads.encrypted_pdf(tmp_path, "restricted.pdf", user="")
    for password, says in ((None, "attachments[4].password in the case"),
                           ("wrong", "does not open with the password given")):
        with pytest.raises(AttachmentError, match=r"attachment 4 (is|does)") as info:
            pdf_copy(locked, tmp_path / "out.pdf", "attachment 4", password=password,
                     field="attachments[4]")
        assert says in str(info.value) and "wrong" not in str(info.value)
    done = pdf_copy(locked, tmp_path / "out.pdf", "attachment 4", password=PASSWORD)
    assert done == Normalised(2, ("removed password protection", HELVETICA_EMBEDDED))
    owner_only = pdf_copy(restricted, tmp_path / "open.pdf", "attachment 5")
    assert owner_only.pages == 2 and "restrictions" in owner_only.changes[0]
    for copy_ in (tmp_path / "out.pdf", tmp_path / "open.pdf"):
        with pikepdf.Pdf.open(copy_) as pdf:
            assert not pdf.is_encrypted and "/Encrypt" not in pdf.trailer
        assert "LOCKED page 2" in text_of(copy_)


def test_image_size_limits_are_read_from_the_header(tmp_path: Path) -> None:
    assert (MIN_IMAGE_SIDE, MAX_IMAGE_PIXELS) == (100, 100_000_000)
    with pytest.raises(AttachmentError, match="dot.png is too small to read"):
        image_to_pdf(uploads.one_pixel_image(tmp_path), tmp_path / "a.pdf", LETTER)
    huge = uploads.huge_image(tmp_path)
    assert huge.stat().st_size < 200_000
    with pytest.raises(AttachmentError, match=r"256 megapixels; the limit is 100") as info:
        image_to_pdf(huge, tmp_path / "a.pdf", LETTER, "attachment 9 (imaging_report)")
    assert type(info.value) is AttachmentError
    assert info.value.attachment == "attachment 9 (imaging_report)"
    assert not (tmp_path / "a.pdf").exists()
    tiff = uploads.multipage_tiff(tmp_path, pages=3)  # a small page inside a TIFF is named
    from PIL import Image

    frames = [Image.new("L", (300, 300), 0), Image.new("L", (300, 40), 0)]
    frames[0].save(tiff, save_all=True, append_images=frames[1:])
    with pytest.raises(AttachmentError, match="page 2 of fax.tiff is too small"):
        image_to_pdf(tiff, tmp_path / "a.pdf", LETTER)


def test_example_uploads_still_pass_the_image_checks(tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parents[2] / "examples" / "uploads"
    images = [p for p in examples.iterdir() if p.suffix in (".jpg", ".png", ".tiff")]
    assert len(images) == 3
    for n, image in enumerate(images):
        assert image_to_pdf(image, tmp_path / f"{n}.pdf", LETTER).pages >= 1


def _reachable(pdf: pikepdf.Pdf) -> list[pikepdf.Object]:
    """Every dictionary and stream reachable from the trailer, direct ones included."""
    found: list[pikepdf.Object] = []
    seen: set[tuple[int, int]] = set()
    stack: list[pikepdf.Object] = [pdf.trailer]
    while stack:
        obj = stack.pop()
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, pikepdf.Array):
            stack.extend(v for v in obj if isinstance(v, (pikepdf.Array, pikepdf.Dictionary,
                                                          pikepdf.Stream)))
        elif isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            found.append(obj)
            stack.extend(v for k, v in obj.items() if k != "/Parent" and isinstance(
                v, (pikepdf.Array, pikepdf.Dictionary, pikepdf.Stream)))
    return found


def _scripts_files_annots(pdf: pikepdf.Pdf) -> tuple[int, int, list[str]]:
    """JavaScript actions and embedded files anywhere in ``pdf``; its annotation types."""
    scripts = files = 0
    for obj in _reachable(pdf):
        scripts += int("/JS" in obj or obj.get("/S") == "/JavaScript")
        files += int(obj.get("/Type") == "/EmbeddedFile")
    annots = [str(a.get("/Subtype")) for page in pdf.pages
              for a in page.obj.get("/Annots", pikepdf.Array())]
    return scripts, files, annots


@pytest.mark.slow
def test_active_content_is_removed_and_form_fields_flattened(tmp_path: Path) -> None:
    src = uploads.scripted_pdf(tmp_path)
    with pikepdf.Pdf.open(src) as pdf:  # the corpus file has what it claims
        scripts, files, annots = _scripts_files_annots(pdf)
        assert scripts >= 5 and files >= 2 and "/AcroForm" in pdf.Root
        assert sorted(annots) == ["/FileAttachment", "/FreeText", "/Link", "/Link", "/Link",
                                  "/Text", "/Widget", "/Widget"]
    done = pdf_copy(src, tmp_path / "out.pdf", "attachment s")
    assert done.pages == 2
    assert done.changes == (
        "removed JavaScript (5 scripts)", "removed 2 embedded files",
        "flattened 2 form fields", "flattened 1 annotation (FreeText)",
        "removed 3 annotations (FileAttachment, Link, Text)", HELVETICA_EMBEDDED)
    with pikepdf.Pdf.open(tmp_path / "out.pdf") as pdf:
        scripts, files, annots = _scripts_files_annots(pdf)
        assert (scripts, files, annots) == (0, 0, ["/Link", "/Link"])
        assert "/AcroForm" not in pdf.Root and "/OpenAction" not in pdf.Root
        assert "/Names" not in pdf.Root
        assert all("/AA" not in page.obj for page in pdf.pages)
        web, internal = pdf.pages[0].obj.Annots
        assert web.A.S == "/URI" and str(web.A.URI) == uploads.LINK_URI
        assert internal.Dest[0].objgen == pdf.pages[1].obj.objgen
    text = text_of(tmp_path / "out.pdf")
    assert uploads.FIELD_VALUE in text and "QX" in text  # flattened: values still visible
    assert uploads.NOTE_TEXT in text


@pytest.mark.slow
def test_looping_active_content_is_removed_in_bounded_time(tmp_path: Path) -> None:
    """An action chain through an array that holds itself, and a field that is its own kid:
    normalising and preflighting finish (in a child process, so a loop fails the test
    instead of hanging it) and the script is gone."""
    src = uploads.cyclic_pdf(tmp_path)
    out = tmp_path / "out.pdf"
    code = ("import json, sys; from pathlib import Path; "
            "from accesspack.pdf.normalize import pdf_copy; "
            "from accesspack.pdf.preflight import preflight; "
            "done = pdf_copy(Path(sys.argv[1]), Path(sys.argv[2]), 'attachment c'); "
            "print(json.dumps([list(done.changes), preflight(Path(sys.argv[1])).check("
            "'javascript').status]))")
    run = subprocess.run([sys.executable, "-c", code, str(src), str(out)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    changes, before = json.loads(run.stdout)
    assert "removed JavaScript (1 script)" in changes and before == "fail"
    with pikepdf.Pdf.open(out) as pdf:  # read back independently
        assert "/OpenAction" not in pdf.Root and "/AcroForm" not in pdf.Root


def test_many_pages_and_many_frames(tmp_path: Path) -> None:
    long = pdf_copy(uploads.many_pages_pdf(tmp_path), tmp_path / "long.pdf", "long")
    assert long == Normalised(2000, (HELVETICA_EMBEDDED,))  # drawn in reportlab's Helvetica
    fax = image_to_pdf(uploads.multipage_tiff(tmp_path), tmp_path / "fax.pdf", LETTER)
    assert fax == Normalised(50)


@pytest.mark.filterwarnings("ignore::UserWarning")  # Pillow on damaged TIFF tags
def test_damaged_bytes_never_escape_as_another_exception(tmp_path: Path) -> None:
    """Bytes flipped at random in a PDF and a TIFF: accepted, or refused by name."""
    sources = {"pdf": uploads.scripted_pdf(tmp_path).read_bytes(),
               "tiff": uploads.multipage_tiff(tmp_path, pages=2).read_bytes()}
    outcomes: set[str] = set()
    for kind, data in sources.items():
        for seed in range(25):
            rng = random.Random(seed)
            damaged = bytearray(data)
            for _ in range(rng.randint(1, 12)):
                damaged[rng.randrange(16, len(damaged) - 8)] = rng.randrange(256)
            upload = tmp_path / f"damaged-{kind}"
            upload.write_bytes(bytes(damaged))
            try:
                if kind == "pdf":
                    pdf_copy(upload, tmp_path / "out.pdf", "attachment d")
                else:
                    image_to_pdf(upload, tmp_path / "out.pdf", LETTER, "attachment d")
                outcomes.add(f"{kind} accepted")
            except AttachmentError as exc:
                assert type(exc) is AttachmentError and "attachment d" in str(exc)
                outcomes.add(f"{kind} refused")
    assert {"pdf refused", "tiff refused"} <= outcomes


# -- accepted uploads in one real build ----------------------------------------------------

ACCEPTED: dict[str, tuple[str, Callable[[Path], Path], dict[str, Any]]] = {
    # attachment id: (kind, make the upload, extra attachment fields)
    "scan": ("imaging_report", uploads.jpeg_named_pdf, {}),
    "repaired": ("lab_report", uploads.broken_xref_pdf, {}),
    "locked": ("lab_report", uploads.encrypted_pdf, {"password": PASSWORD}),
    "restricted": ("lab_report",
                   lambda d: uploads.encrypted_pdf(d, "restricted.pdf", user=""), {}),
    "scripted": ("pathology_report", uploads.scripted_pdf, {}),
    "fax": ("imaging_report", uploads.multipage_tiff, {}),
    "long": ("discharge_summary", uploads.many_pages_pdf, {}),
    # issue 17
    "animated": ("imaging_report", uploads.animated_png, {}),
    "aes256": ("lab_report", uploads.r6_encrypted_pdf,
               {"password": uploads.R6_UNNORMALISED[0]}),  # typed with the "fi" ligature
    "noisy": ("imaging_report", uploads.noisy_tiff, {}),
}
#: the PDFs drawn in reportlab's Helvetica (conftest's among them), whose packet copies
#: embed a substitute for it
HELVETICA = ("letter-of-authorization-1", "cv-1", "ngs", "consent-form-1", "repaired",
             "locked", "restricted", "scripted", "long", "aes256")
CHANGED = {
    "repaired": ["repaired a damaged cross-reference table"],
    "locked": ["removed password protection"],
    "restricted": ["removed the owner password and its restrictions (printing, copying, "
                   "editing)"],
    "scripted": ["removed JavaScript (5 scripts)", "removed 2 embedded files",
                 "flattened 2 form fields", "flattened 1 annotation (FreeText)",
                 "removed 3 annotations (FileAttachment, Link, Text)"],
    "animated": ["kept the first frame of an animated image and dropped the other 40 frames"],
    "aes256": ["removed password protection"],
}
for _aid in HELVETICA:
    CHANGED[_aid] = [*CHANGED.get(_aid, []), HELVETICA_EMBEDDED]
PAGES = {"scan": 1, "repaired": 3, "locked": 2, "restricted": 2, "scripted": 2, "fax": 50,
         "long": 2000, "animated": 1, "aes256": 2, "noisy": 1}


@pytest.fixture(scope="module")
def accepted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Case, accesspack.Bundle]:
    folder = tmp_path_factory.mktemp("accepted")
    case_dir = folder / "case"
    case_dir.mkdir()
    for name, pages in (("loa", 1), ("cv", 2), ("ngs", 3), ("consent", 2)):
        make_pdf(case_dir / f"{name}.pdf", pages, name.upper())
    data = copy.deepcopy(BASE)
    for aid, (kind, make, extra) in ACCEPTED.items():
        data["attachments"].append({"id": aid, "kind": kind, "title": f"Upload {aid}",
                                    "path": make(case_dir).name, **extra})
    case = parse_case(data, base_dir=case_dir)
    return case, accesspack.build(case, ROUTE, folder / "out")


@pytest.mark.slow
def test_accepted_uploads_are_in_the_packet_with_their_pages(
        accepted: tuple[Case, accesspack.Bundle]) -> None:
    _, bundle = accepted
    man = manifest(bundle.path)
    inputs = {a["id"]: a for a in man["inputs"]["attachments"]}
    assert inputs["scan"]["type"] == "jpeg" and inputs["fax"]["type"] == "tiff"
    fda = next(p for p in man["packets"] if p["id"] == "fda-submission")
    docs = {d["source"]: d for part in fda["parts"] for d in part["documents"]}
    for aid, pages in PAGES.items():
        assert inputs[aid]["pages"] == pages, aid
        first, last = docs[f"attachment:{aid}"]["pages"]
        assert last - first + 1 == pages, aid
    packet = bundle.packets["fda-submission"]
    with pikepdf.Pdf.open(packet) as pdf:
        assert len(pdf.pages) == fda["pages"] and not pdf.is_encrypted
        scripts, files, annots = _scripts_files_annots(pdf)
        assert (scripts, files) == (0, 0) and set(annots) <= {"/Link"}
        assert "/AcroForm" not in pdf.Root
        images = [n for n, page in enumerate(pdf.pages, start=1)
                  if any(x.get("/Subtype") == "/Image"
                         for x in page.obj.Resources.get("/XObject", {}).values())]
    first, last = docs["attachment:scan"]["pages"]
    assert first in images  # the JPEG named .pdf is an image page
    first, last = docs["attachment:scripted"]["pages"]
    assert uploads.FIELD_VALUE in text_of(packet, first, last)
    first, last = docs["attachment:locked"]["pages"]
    assert "LOCKED page 2" in text_of(packet, first, last)


@pytest.mark.slow
def test_changes_are_recorded_in_the_manifest_and_the_ledger(
        accepted: tuple[Case, accesspack.Bundle]) -> None:
    _, bundle = accepted
    inputs = {a["id"]: a for a in manifest(bundle.path)["inputs"]["attachments"]}
    assert {aid: a["changes"] for aid, a in inputs.items() if "changes" in a} == CHANGED
    rows = {r.id: r for r in bundle.ledger.rows  # not the checks against the case
            if r.id.startswith("upload-") and "-check" not in r.id}
    assert sorted(rows) == sorted(f"upload-{aid}-changed" for aid in CHANGED)
    row = rows["upload-scripted-changed"]
    assert row.item == "attachment scripted (pathology_report): " + "; ".join(
        CHANGED["scripted"])
    assert (row.category, row.status, row.blocking, row.who) == (
        "notice", "info", False, "physician")
    assert row.question == "Check the packet copy still shows what the original does"
    saved = json.loads((bundle.path / "ledger.json").read_text())
    assert [r for r in saved["rows"] if r["id"] == row.id] == [row.model_dump(mode="json")]
    assert "removed password protection" in (bundle.path / "ledger.md").read_text()
    assert bundle.ledger.ready


@pytest.mark.slow
def test_the_password_is_never_written(accepted: tuple[Case, accesspack.Bundle]) -> None:
    case, bundle = accepted
    locked = case.attachment("locked")
    assert locked.password is not None and locked.password.get_secret_value() == PASSWORD
    assert PASSWORD not in repr(case) and PASSWORD not in str(locked)
    assert PASSWORD not in case.model_dump_json()
    assert len(case_digest(case)) == 64
    for path in bundle.path.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path.name
    schema = cli("schema")
    assert schema.returncode == 0, schema.stderr
    prop = json.loads(schema.stdout)["$defs"]["Attachment"]["properties"]["password"]
    assert any(o.get("format") == "password" and o.get("writeOnly")
               for o in prop["anyOf"])


@pytest.mark.slow
def test_unembedded_fonts_of_encrypted_uploads_are_in_the_ledger(
        accepted: tuple[Case, accesspack.Bundle]) -> None:
    """The ledger opens an encrypted upload as the packet does (with the case's password,
    or none for an owner password only), so it flags the fonts preflight would fail:
    Symbol, not Helvetica, which the packet copy embeds a substitute for."""
    case, bundle = accepted
    for aid, password in (("locked", PASSWORD), ("restricted", None)):
        upw = ["-upw", password] if password else []
        listed = subprocess.run(["pdffonts", *upw, str(case.attachment(aid).path)],
                                check=True, capture_output=True, text=True).stdout
        unembedded = {row.split()[0] for row in listed.splitlines()[2:] if " no " in row}
        assert {"Helvetica", "Symbol"} <= unembedded, listed  # poppler
        left = ", ".join(sorted(unembedded - {"Helvetica"}))  # reportlab adds ZapfDingbats
        (row,) = [r for r in bundle.ledger.rows if r.id == f"upload:{aid}:fonts"]
        assert row.item == f"attachment {aid}: fonts not embedded ({left})"
        assert PASSWORD not in row.model_dump_json()


# -- uploads outside the case folder -------------------------------------------------------

def _outside(case_dir: Path, how: str) -> str:
    """An attachment path that leads out of ``case_dir`` (``..``, a symlink, absolute)."""
    outside = make_pdf(case_dir.parent / "elsewhere.pdf", 1, "ELSEWHERE")
    if how == "dotdot":
        return "../elsewhere.pdf"
    if how == "symlink":
        (case_dir / "link.pdf").symlink_to(outside)
        return "link.pdf"
    return str(outside)


@pytest.mark.parametrize("how", ["dotdot", "symlink", "absolute"])
def test_uploads_outside_the_case_folder_are_refused_when_confined(
        how: str, case_data: dict[str, Any], case_dir: Path) -> None:
    case_data["attachments"][NGS]["path"] = _outside(case_dir, how)
    unconfined = parse_case(copy.deepcopy(case_data), base_dir=case_dir)  # unchanged default
    assert unconfined.attachments[NGS].path == case_dir.parent / "elsewhere.pdf"
    case_file = _case_file(case_dir, case_data)
    assert load_case(case_file).attachments[NGS].path.name == "elsewhere.pdf"
    confined: list[Callable[[], Case]] = [
        lambda: parse_case(case_data, base_dir=case_dir, confine_uploads=True),
        lambda: load_case(case_file, confine_uploads=True)]
    for load in confined:
        with pytest.raises(CaseValidationError) as info:
            load()
        assert type(info.value) is CaseValidationError
        (problem,) = info.value.problems
        assert problem[0] == "attachments[2].path"
        assert "outside the case's folder" in problem[1]
        assert "copy the file into the case folder" in problem[1]
        assert "elsewhere" not in str(info.value) and FULL_NAME not in str(info.value)


@pytest.mark.slow
def test_confined_uploads_through_the_cli_and_batches(
        case_data: dict[str, Any], case_dir: Path, tmp_path: Path) -> None:
    case_data["attachments"][NGS]["path"] = _outside(case_dir, "dotdot")
    case_file = _case_file(case_dir, case_data)
    out = tmp_path / "out"
    for command in (["build", "--out", str(out)], ["validate"]):
        res = cli(command[0], str(case_file), "--route", "fda/single-patient",
                  *command[1:], "--confine-uploads")
        assert res.returncode == 2, res.stderr
        assert "attachments[2].path: is outside the case's folder" in res.stderr
        assert "copy the file into the case folder" in res.stderr
    _assert_nothing_left(out)
    result = build_many([case_file], "fda/single-patient", tmp_path / "batch",
                        confine_uploads=True, progress=False)
    (failed,) = result.failed
    assert failed.error_type == "CaseValidationError"
    assert failed.error is not None and "attachments[2].path" in failed.error
    assert not (tmp_path / "batch").exists() or not any((tmp_path / "batch").iterdir())


@pytest.mark.slow
def test_issue17_uploads_in_the_packet(accepted: tuple[Case, accesspack.Bundle]) -> None:
    """The AES-256 upload opened with its password typed unnormalised is in the packet, the
    password in none of its forms is written, and the packet passes qpdf's check."""
    _, bundle = accepted
    man = manifest(bundle.path)
    fda = next(p for p in man["packets"] if p["id"] == "fda-submission")
    docs = {d["source"]: d for part in fda["parts"] for d in part["documents"]}
    packet = bundle.packets["fda-submission"]
    first, last = docs["attachment:aes256"]["pages"]
    assert "AES256 page 2" in text_of(packet, first, last)
    for path in bundle.path.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for form in (uploads.R6_PASSWORD, *uploads.R6_UNNORMALISED):
                assert form.encode() not in data, path.name
    check = subprocess.run(["qpdf", "--check", str(packet)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout[-2000:]
    row = next(r for r in bundle.ledger.rows if r.id == "upload-animated-changed")
    assert row.item == ("attachment animated (imaging_report): kept the first frame of an "
                        "animated image and dropped the other 40 frames")
