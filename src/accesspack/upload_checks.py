"""Uploads checked against the case: what each upload's own text must say.

Three kinds of upload are read, each for what the case says of it:

- a **letter of authorization** names the product (its name, company code, Chinese name or a
  brand name), the case's reference application (``product.reference_application``: an
  IND, NDA, ANDA, BLA or DMF number) and the treating physician (full name, family name or
  Chinese name);
- a **pathology or biomarker report** carries the accession or report number the case
  gives for it (``attachments[].accession``) or, when it gives none, the document's date
  (``attachments[].dated``) in one of its usual written forms: ISO, US ``mm/dd/yyyy``,
  ``dd.mm.yyyy``, ``dd/mm/yyyy``, ``September 10, 2026``, ``10 September 2026``, and the
  CLDR short, medium and long forms of the upload's language (``10. September 2026``,
  ``2026年9月10日``);
- a **translation**'s original exists and is collated: the case model refuses a
  ``translates`` that names no attachment, and the build plan collates a translation only
  right after its original (:func:`accesspack.routes.conditions.slot_attachments`), so
  there is nothing left to read here.

The text is the PDF's own text layer (for a scan, the OCR layer normalising adds), read
with pypdf and bounded (:data:`~accesspack.limits.MAX_CHECK_PAGES` pages,
:data:`~accesspack.limits.MAX_CHECK_CHARS` characters). Matching ignores case, accents,
line breaks and the separators inside identifiers (``S24-01187`` = ``S24 01187``).

What each check reads: ``validate()`` reads the uploaded file itself
(:func:`original_texts`, once per file version in a process); a build reads each upload's
packet copy as written in ``attachments/`` (:func:`check_copies`: after normalising and
OCR, the file that is sent), with pypdf, on its own: nothing normalisation measured with
pikepdf (pages, scans, the footer band, fonts) is taken on trust, and normalisation's
parse of the original is not the copy's text. A build reads a copy page by page only as
far as its check needs: once the text read so far shows everything the case says, each
look being for a match (a match in the first pages is one in the whole text), the
remaining pages cannot change the result, so they are not read. One look is not: a
letter showing the application's number without its type (``161234`` for ``IND 161234``)
passes only while no other application of that type is named, so such a letter is read
to the end. A mismatch, or no text, is only concluded on the whole text within the
bounds, as before. A copy this process read already (same sha256: a rebuild, or a batch
whose cases share uploads) is not read again. An upload the case gives nothing to check
for is not read at all.

This module reads and compares; :func:`accesspack.findings.upload_check_rows` turns an
:class:`UploadCheck` into ledger rows. What a row may quote is what the case says and, of
what the text says, only identifiers the check recognised (``IND 178452``, an accession
after its label): never a stretch of the text, and never a date found in it (a report's
dates include the patient's date of birth).
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

import babel.dates
import pypdf

from .digests import sha256_file
from .errors import AttachmentError
from .languages import cldr_locale
from .limits import MAX_CHECK_CHARS, MAX_CHECK_PAGES
from .model import Attachment, Case
from .pdf.normalize import detect_type
from .uploads import check_upload, label_of, password_of

if TYPE_CHECKING:
    from .buildplan import BuildPlan

__all__ = ["CHECKED_KINDS", "Mismatch", "UploadCheck", "check_copies", "check_text",
           "check_texts", "date_forms", "original_texts", "read_text", "texts_of"]

log = logging.getLogger("accesspack")

#: The kinds of upload whose text is checked against the case, and how a ledger row calls
#: such an upload ("the letter names IND 178452"): one table, so a kind checked is a kind
#: the rows can word.
CHECKED_KINDS: Mapping[str, str] = MappingProxyType({
    "letter_of_authorization": "the letter", "pathology_report": "the report",
    "biomarker_report": "the report"})

Aspect = Literal["product", "application", "physician", "accession", "date"]


@dataclass(frozen=True)
class Mismatch:
    """One thing an upload does not say as the case does.

    ``found`` is what the text says instead (identifiers the check recognised, e.g.
    ``("IND 178452",)``; empty when it says nothing of the kind), ``expected`` what the case
    says and ``field`` where (``product.reference_application``).
    """

    aspect: Aspect
    expected: str
    field: str
    found: tuple[str, ...] = ()


@dataclass(frozen=True)
class UploadCheck:
    """What one upload's text was checked for.

    ``checked`` lists what was looked for, in words the ledger prints (``IND 161234``,
    ``accession S24-01187``); ``mismatches`` what the text does not say as the case does.
    ``readable`` is false when the upload has no text at all (a scan OCR could not read,
    or OCR not installed): then nothing was compared. ``ocr_pages`` are the (1-based)
    pages whose text is an OCR layer the build added: what was found there may be a
    misreading.
    """

    id: str
    attachment: Attachment
    readable: bool
    checked: tuple[str, ...]
    mismatches: tuple[Mismatch, ...] = ()
    ocr_pages: tuple[int, ...] = ()

    @property
    def label(self) -> str:
        """``attachment <id> (<kind>)``, as messages name an upload."""
        return label_of(self.id, self.attachment)


# -- reading ---------------------------------------------------------------------------

def read_text(path: Path, password: str | None = None) -> tuple[str, bool]:
    """The text layer of the PDF at ``path``: its first
    :data:`~accesspack.limits.MAX_CHECK_PAGES` pages, at most
    :data:`~accesspack.limits.MAX_CHECK_CHARS` characters; and whether every page read
    had some text. A page (or a file) pypdf cannot read counts as one without text."""
    try:
        reader = pypdf.PdfReader(path, strict=False)
        if reader.is_encrypted:
            reader.decrypt(password or "")
        pages = list(itertools.islice(reader.pages, MAX_CHECK_PAGES))
    except Exception as exc:  # a file pypdf cannot open: no text (qpdf reads it for the packet)
        log.debug("text of an upload not read (%s)", type(exc).__name__)
        return "", False
    parts: list[str] = []
    size = 0
    every_page = True
    for page in pages:
        text = _page_text(page)
        if not any(ch.isalnum() for ch in text):
            every_page = False
        parts.append(text)
        size += len(text)
        if size >= MAX_CHECK_CHARS:
            break
    return _joined(parts), every_page


def _page_text(page: pypdf.PageObject) -> str:
    """One page's text (empty when pypdf cannot read its content)."""
    try:
        return page.extract_text() or ""
    except Exception as exc:  # a damaged content stream: that page is not read
        log.debug("text of a page not read (%s)", type(exc).__name__)
        return ""


def _joined(parts: list[str]) -> str:
    """Pages' texts as :func:`read_text` gives them: one line break between, bounded."""
    return "\n".join(parts)[:MAX_CHECK_CHARS]


def has_form_fields(path: Path, password: str | None = None) -> bool:
    """Whether the PDF at ``path`` has interactive form fields (an AcroForm with fields, or
    a widget annotation on a page): pypdf's text leaves out what was typed into them,
    which the packet copy shows once flattened. A file pypdf cannot read counts as one."""
    try:
        reader = pypdf.PdfReader(path, strict=False)
        if reader.is_encrypted:
            reader.decrypt(password or "")
        form = reader.root_object.get("/AcroForm")
        form = form.get_object() if form is not None else None
        if isinstance(form, pypdf.generic.DictionaryObject) and form.get("/Fields"):
            return True
        for page in reader.pages:
            for annot in page.get("/Annots") or []:
                if annot.get_object().get("/Subtype") == "/Widget":
                    return True
    except Exception as exc:  # the build reads its copy instead
        log.debug("form fields of an upload not read (%s)", type(exc).__name__)
        return True
    return False


#: What :func:`original_texts` read, by (path, size, modification time, password digest):
#: ``validate()`` run for several routes of one case reads each upload once.
_READ: OrderedDict[tuple[str, int, int, str], tuple[str, bool]] = OrderedDict()
_READ_SIZE = 32
_LOCK = threading.Lock()


def _read_original(path: Path, password: str | None) -> tuple[str, bool]:
    """:func:`read_text` of an uploaded file, and whether it can be checked before a build
    (text on every page read, no form fields: :func:`has_form_fields`); cached per file
    version (the cache keeps a digest of the password, never the password)."""
    secret = hashlib.sha256(password.encode("utf-8")).hexdigest() if password else ""
    st = path.stat()
    key = (os.path.abspath(path), st.st_size, st.st_mtime_ns, secret)
    with _LOCK:
        if key in _READ:
            _READ.move_to_end(key)
            return _READ[key]
    text, every_page = read_text(path, password)
    read = text, every_page and not has_form_fields(path, password)
    with _LOCK:
        _READ[key] = read
        while len(_READ) > _READ_SIZE:
            _READ.popitem(last=False)
    return read


def _checked_uploads(plan: BuildPlan) -> dict[str, Attachment]:
    return {aid: att for aid, att in plan.uploads_used().items() if att.kind in CHECKED_KINDS}


def texts_of(plan: BuildPlan, files: Mapping[str, Path]) -> dict[str, str]:
    """The text of each checked upload the plan uses, read from its packet copy in
    ``files`` (attachment id to the normalised PDF, OCR layer included), every page within
    the bounds: ``check_texts(plan, texts_of(plan, files))`` is what :func:`check_copies`
    finds reading less."""
    return {aid: read_text(files[aid])[0] for aid in _checked_uploads(plan) if aid in files}


#: The page texts of packet copies read so far, by (sha256 of the copy, page bound,
#: character bound): (the texts of its first pages, whether no page is left to read).
#: The same bytes give the same text, so a rebuild, or the next case of a batch sharing
#: an upload, reads nothing again. In memory only, like :data:`_READ`.
_COPIES: OrderedDict[tuple[str, int, int], tuple[tuple[str, ...], bool]] = OrderedDict()


class _CopyReading:
    """A packet copy's pages read in order as far as :meth:`more` is asked, as
    :func:`read_text` reads them (same bounds, a page pypdf cannot read is empty, a file
    it cannot open has no page); the pages this process read already come from
    :data:`_COPIES`, and :meth:`keep` puts back what was read."""

    def __init__(self, path: Path, sha256: str) -> None:
        self._path = path
        self._key = (sha256, MAX_CHECK_PAGES, MAX_CHECK_CHARS)
        with _LOCK:
            texts, self.done = _COPIES.get(self._key, ((), False))
            if self._key in _COPIES:
                _COPIES.move_to_end(self._key)
        self.texts = list(texts)
        self._pages: list[pypdf.PageObject] | None = None

    def more(self) -> bool:
        """Read the next page into :attr:`texts`; False when no page is left to read."""
        if self.done:
            return False
        if self._pages is None:
            try:  # opened as read_text opens it: the page list is read in full first
                reader = pypdf.PdfReader(self._path, strict=False)
                if reader.is_encrypted:  # a copy never is; read as read_text would
                    reader.decrypt("")
                self._pages = list(itertools.islice(reader.pages, MAX_CHECK_PAGES))
            except Exception as exc:  # a file pypdf cannot open: no text
                log.debug("text of an upload not read (%s)", type(exc).__name__)
                self._pages = []
        if len(self.texts) >= len(self._pages):
            self.done = True
            return False
        self.texts.append(_page_text(self._pages[len(self.texts)]))
        self.done = (len(self.texts) >= len(self._pages)
                     or sum(map(len, self.texts)) >= MAX_CHECK_CHARS)
        return True

    def keep(self) -> None:
        """Remember the pages read (when more than the memory had)."""
        with _LOCK:
            held = _COPIES.get(self._key)
            if held is None or len(held[0]) < len(self.texts) or (self.done and not held[1]):
                _COPIES[self._key] = (tuple(self.texts), self.done)
            _COPIES.move_to_end(self._key)
            while len(_COPIES) > _READ_SIZE:
                _COPIES.popitem(last=False)


def _check_copy(case: Case, aid: str, att: Attachment, path: Path,
                ocr_pages: tuple[int, ...], sha256: Callable[[Path], str]
                ) -> UploadCheck | None:
    """:func:`check_text` of the copy at ``path``, its pages read one at a time until the
    text read so far shows everything the case says (see the module docstring)."""
    if check_text(case, aid, att, "", ocr_pages) is None:
        return None  # the case gives nothing to look for: the copy is not read
    try:
        digest = sha256(path)
    except OSError:  # no copy to read: no text, as read_text says of it
        return check_text(case, aid, att, "", ocr_pages)
    reading = _CopyReading(path, digest)
    try:
        read = 0
        while read < len(reading.texts) or reading.more():
            read += 1
            text = _joined(reading.texts[:read])
            check = check_text(case, aid, att, text, ocr_pages)
            if (check is not None and check.readable and not check.mismatches
                    and _settled(case, att, _fold(text))):
                return check  # every look matched: the pages left cannot change it
        return check_text(case, aid, att, _joined(reading.texts), ocr_pages)
    finally:
        reading.keep()


def _settled(case: Case, att: Attachment, folded: str) -> bool:
    """Whether a check that passes on ``folded`` passes on any text it begins: true but
    for a letter that shows the case's application number without its type
    (``161234`` for ``IND 161234``), which another application of that type named
    further on would make a mismatch (:func:`_letter`)."""
    reference = case.product.reference_application
    wanted = _applications(_fold(reference)) if reference else []
    if att.kind != "letter_of_authorization" or not wanted:
        return True
    kind, number, _ = wanted[0]
    return any(n == number for k, n, _ in _applications(folded) if k == kind)


def check_copies(plan: BuildPlan, files: Mapping[str, Path],
                 ocr_pages: Mapping[str, tuple[int, ...]] | None = None,
                 sha256: Callable[[Path], str] = sha256_file) -> list[UploadCheck]:
    """What ``check_texts(plan, texts_of(plan, files), ocr_pages)`` gives, the same checks,
    reading each copy in ``files`` only as far as its check needs and no copy this process
    read already (by its ``sha256``: a build passes the digest it computes for the
    manifest anyway). See the module docstring."""
    ocr = ocr_pages or {}
    checks = [_check_copy(plan.case, aid, att, files[aid], ocr.get(aid, ()), sha256)
              for aid, att in _checked_uploads(plan).items() if aid in files]
    return [c for c in checks if c is not None]


def original_texts(plan: BuildPlan) -> dict[str, str]:
    """The text of each checked upload the plan uses, read from the uploaded file itself,
    for the uploads that can be checked before a build: PDFs within their bounds with
    text on every page read and no form fields. A scan, an image, a Word document or a
    filled form (pypdf does not read what was typed into its fields) is left to the
    build, which reads its packet copy (after OCR, after conversion, fields flattened),
    so that ``validate()`` and the build say the same."""
    texts: dict[str, str] = {}
    for aid, att in _checked_uploads(plan).items():
        try:
            if detect_type(att.path, label_of(aid, att)) != "pdf":
                continue
            check_upload(plan.case, aid, att)
            text, checkable = _read_original(Path(att.path), password_of(att))
        except (AttachmentError, OSError):  # the build refuses it with its own message
            continue
        if checkable:
            texts[aid] = text
    return texts


# -- matching --------------------------------------------------------------------------

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")


def _plain(text: str) -> str:
    """NFKC, soft hyphens gone, dashes as ``-``, whitespace as single spaces, and a word
    broken at a line-end hyphen joined again (``Renner-\\nAlbright``)."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "").translate(_DASHES)
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"(?<=\w)- (?=\w)", "-", text)


def _fold(text: str) -> str:
    """:func:`_plain`, without accents, case-folded: what matching compares."""
    decomposed = unicodedata.normalize("NFKD", _plain(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


#: Latin letters and digits: what may not touch a match on either side.
_EDGE_BEFORE = r"(?<![0-9a-z])"
_EDGE_AFTER = r"(?![0-9a-z])"


def _pattern(needle: str) -> re.Pattern[str] | None:
    """A pattern finding ``needle`` in folded text: its runs of digits and of letters in
    order, with up to three separators between them (at least one between two runs of
    digits), not touching a Latin letter or digit on either side. None when ``needle``
    has no letter or digit."""
    runs = re.findall(r"[0-9]+|[^\W\d_]+", _fold(needle))
    if not runs:
        return None
    out = re.escape(runs[0])
    for before, run in itertools.pairwise(runs):
        gap = r"[\W_]{1,3}" if before[-1].isdigit() and run[0].isdigit() else r"[\W_]{0,3}"
        out += gap + re.escape(run)
    return re.compile(_EDGE_BEFORE + out + _EDGE_AFTER)


def _says(folded: str, needles: Iterable[str | None]) -> bool:
    """Whether the folded text holds any of ``needles``."""
    for needle in needles:
        pattern = _pattern(needle) if needle else None
        if pattern is not None and pattern.search(folded):
            return True
    return False


_APPLICATION = re.compile(
    r"(?<![0-9a-z])(ind|nda|anda|bla|dmf)\)?\s?(?:(?:no|nr|number)\.?\s?)?[#:]?\s?"
    r"([0-9]{3,8})(?![0-9])")


def _applications(folded: str) -> list[tuple[str, int, str]]:
    """Every application number in folded text: (type, number, as the row prints it)."""
    return [(m.group(1).upper(), int(m.group(2)), f"{m.group(1).upper()} {m.group(2)}")
            for m in _APPLICATION.finditer(folded)]


#: Labels an accession or report number follows in a report (folded, so no accents).
_ACCESSION_LABEL = re.compile(
    r"(?:accession(?: (?:id|no|nr|number))?|report id|report (?:no|nr|number)|"
    r"case (?:no|number)|lab(?:oratory)? "
    r"(?:no|number)|n\.? ?o\.? de informe|numero de informe|numero d'examen|"
    r"numero di referto|befundnummer|eingangsnummer|报告编号|病理号)"
    r"[ .:#]{0,4}([a-z0-9][a-z0-9/.-]{2,28}[a-z0-9])(?![0-9a-z])")


def _accessions(folded: str) -> list[str]:
    """Identifiers that follow an accession or report-number label (with a digit)."""
    found = [m.group(1).upper() for m in _ACCESSION_LABEL.finditer(folded)]
    return list(dict.fromkeys(f for f in found if any(c.isdigit() for c in f)))


def date_forms(day: date, language: str = "en") -> list[str]:
    """The written forms of ``day`` looked for: ISO; US ``mm/dd/yyyy``; ``dd.mm.yyyy``;
    ``dd/mm/yyyy``; ``September 10, 2026`` and ``10 September 2026`` (and their
    abbreviated months); the CLDR short, medium and long forms of ``language``."""
    y, m, d = day.year, day.month, day.day
    forms = [day.isoformat(), f"{m:02d}/{d:02d}/{y}", f"{m}/{d}/{y}",
             f"{d:02d}.{m:02d}.{y}", f"{d}.{m}.{y}", f"{d:02d}/{m:02d}/{y}", f"{d}/{m}/{y}"]
    for month in ("MMMM", "MMM"):
        forms += [babel.dates.format_date(day, f"{month} d, y", locale="en"),
                  babel.dates.format_date(day, f"d {month} y", locale="en")]
    locale = cldr_locale(language)
    forms += [babel.dates.format_date(day, style, locale=locale)
              for style in ("short", "medium", "long")]
    return list(dict.fromkeys(forms))


# -- checking --------------------------------------------------------------------------

def _index(case: Case, att: Attachment) -> int:
    return next(i for i, a in enumerate(case.attachments) if a is att)


def _letter(case: Case, folded: str) -> tuple[list[str], list[Mismatch]]:
    product, physician = case.product, case.physician
    checked: list[str] = []
    wrong: list[Mismatch] = []
    names = [product.name, product.code, product.name_zh,
             *(a.brand_name for a in product.approvals)]
    checked.append("the product")
    if not _says(folded, names):
        wrong.append(Mismatch(
            "product", ", ".join(filter(None, (product.name, product.code))),
            "product.name, product.code" if product.code else "product.name"))
    reference = product.reference_application
    if reference:
        checked.append(reference)
        wanted = _applications(_fold(reference))
        if wanted:
            kind, number, _ = wanted[0]
            named = _applications(folded)
            if not any(n == number for k, n, _ in named if k == kind):
                others = list(dict.fromkeys(s for k, _, s in named if k == kind))
                if others or not _says(folded, [wanted[0][2].split()[-1]]):
                    wrong.append(Mismatch("application", reference,
                                          "product.reference_application",
                                          tuple(others[:3])))
        elif not _says(folded, [reference]):
            wrong.append(Mismatch("application", reference, "product.reference_application"))
    checked.append("the physician")
    surname = physician.name.split()[-1]
    if not _says(folded, [physician.name, surname, physician.name_zh]):
        wrong.append(Mismatch("physician", physician.name, "physician.name"))
    return checked, wrong


def _report(case: Case, att: Attachment, folded: str) -> tuple[list[str], list[Mismatch]]:
    where = f"attachments[{_index(case, att)}]"
    if att.accession:
        if _says(folded, [att.accession]):
            return [f"accession {att.accession}"], []
        others = [a for a in _accessions(folded)
                  if _fold(a) != _fold(att.accession)][:3]
        return [f"accession {att.accession}"], [
            Mismatch("accession", att.accession, f"{where}.accession", tuple(others))]
    if att.dated:
        shown = att.dated.isoformat()
        if _says(folded, date_forms(att.dated, att.language)):
            return [f"the date {shown}"], []
        return [f"the date {shown}"], [Mismatch("date", shown, f"{where}.dated")]
    return [], []


def check_text(case: Case, aid: str, att: Attachment, text: str,
               ocr_pages: tuple[int, ...] = ()) -> UploadCheck | None:
    """Check one upload's ``text`` against ``case``; None when its kind is not checked or
    the case gives nothing to check it for (a report with neither accession nor date).
    ``ocr_pages``: the pages whose text is an OCR layer the build added."""
    if att.kind not in CHECKED_KINDS:
        return None
    folded = _fold(text)
    if att.kind == "letter_of_authorization":
        checked, wrong = _letter(case, folded)
    else:
        checked, wrong = _report(case, att, folded)
    if not checked:
        return None
    if not any(c.isalnum() for c in folded):
        return UploadCheck(aid, att, readable=False, checked=tuple(checked),
                           ocr_pages=ocr_pages)
    return UploadCheck(aid, att, readable=True, checked=tuple(checked),
                       mismatches=tuple(wrong), ocr_pages=ocr_pages)


def check_texts(plan: BuildPlan, texts: Mapping[str, str],
                ocr_pages: Mapping[str, tuple[int, ...]] | None = None) -> list[UploadCheck]:
    """Check each upload the plan uses whose text is in ``texts`` (attachment id to text),
    in first-use order; ``ocr_pages`` gives, for the uploads a build OCRed, the pages
    whose text is its OCR layer."""
    ocr = ocr_pages or {}
    checks = [check_text(plan.case, aid, att, texts[aid], ocr.get(aid, ()))
              for aid, att in _checked_uploads(plan).items() if aid in texts]
    return [c for c in checks if c is not None]
