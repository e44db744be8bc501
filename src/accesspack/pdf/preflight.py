"""Preflight a packet PDF against a regulator's profile, as a report of checks.

:func:`preflight` opens a PDF once and returns a :class:`PreflightReport`: one
:class:`PreflightCheck` per rule of its :class:`PreflightProfile`, in the order below, each
``pass``, ``warn`` or ``fail`` with what was found, what to do, and the (1-based) pages
concerned. Each regulator names its profile in ``regulator.yaml`` (``preflight:``):

- ``fda-pdf-specifications``: the twelve checks below, as the FDA's "Portable Document
  Format (PDF) Specifications" (v4.0, and v3.1 for fonts and page layout) state them; a
  finding says "the FDA forbids ..." where the rule is the FDA's.
- ``generic``: for regulators whose PDF rules are not known: every check but the PDF
  version, with attachments, annotations and unembedded fonts as warnings, and findings
  that name no authority (the FDA's rules are the FDA's).

The research-note keys in brackets below ([C F16] ...) trace each rule to the project's
regulatory reference; reports never show them.

1. ``version``: PDF 1.4 to 1.7 (an extension level is fine) [C F16]. Fail otherwise.
2. ``encryption``: no security settings or passwords [C F16, F17]. Fail. A file that needs
   a password to open is reported, not refused: the checks that need its content are
   ``warn`` "not checked".
3. ``fonts``: every font embedded [C F17], including fonts of Form XObjects and of
   annotation appearances; Type 3 fonts are drawn by the PDF and count as embedded. Fail.
4. ``page_size``: each page's visible box (crop box, else media box, after ``/Rotate``)
   fits US Letter, 8.5 x 11 in, either way round (A4 or Letter with ``page_size="a4"``),
   2 pt of tolerance [C F18]. Warn.
5. ``footer_margin``: nothing in the bottom 0.6 in of the visible page, where accesspack
   stamps its footer, except that footer (Form XObjects named ``/APStamp...``): text
   baselines and image boxes, found by walking the content streams (and the Form
   XObjects they draw) with their transformation matrices; a page found so is walked
   again following clipping paths, and an image cut off above the band by its clip is
   not counted [C F18]. Warn.
6. ``bookmarks``: the outline exists, holds every expected part title (any level) and
   every item opens a page of this document [C F16, F19]. Fail; without expected titles,
   a missing outline on a document over 5 pages is a warning.
7. ``links``: every link annotation goes to a page of this document (explicit or named
   destination, or a GoTo action) or to a URI; other actions (Launch, JavaScript, ...),
   anywhere in the action's ``/Next`` chain, chains of more than one action and
   ``javascript:`` or ``file:`` URIs fail (the rule normalisation keeps links by:
   :func:`~.actions.link_problem`) [C F16].
8. ``javascript``: none: document scripts, open action, additional actions of the
   document, pages, annotations, form fields and bookmarks; a ``javascript:`` URI counts
   [C F16]. Fail.
9. ``embedded_files``: no embedded files, no file-attachment annotations [C F16]. Fail.
10. ``annotations``: no annotation other than links (form fields are widget
    annotations) [C F16]. Fail.
11. ``searchable_text``: no page is an image without any text (a scan never OCRed) [C F16].
    Warn.
12. ``file_size``: within ``max_bytes`` when a limit is known: fail, or warn when the
    limit is not confirmed (v4.0 states one; 500 MB is believed [U]) [C F16].

What each check reads: every check reads the packet file as written, opened here on its
own; none takes a finding of normalisation's on trust (normalisation measured the
uploads before OCR, collation and stamping changed them, and a packet is what is sent).
``version``, ``encryption``, ``file_size``: the header, the catalog, the file's size.
``fonts``: each page's and annotation appearance's resources and the Form XObjects in
them (no content stream). ``page_size``: each page's boxes and ``/Rotate``.
``footer_margin`` and ``searchable_text``: one walk of each page's content
(:func:`~.page_scan.scan_pages`: in a build, the second parse of an upload page's
content, after the one normalisation shares between its footer band, fonts and OCR's
look for scans, :mod:`.page_content`; a page found in the band is parsed once more, here
as there, for its clipping paths). ``bookmarks``: the outline and the pages its items open.
``links``, ``javascript``, ``embedded_files``, ``annotations``: the catalog's name trees
and actions, each page's annotations and actions, the form fields.

Each page is read once for all the checks that look at pages (:func:`~.page_scan.scan_pages`:
its boxes, its resources' fonts, its content, its annotations and actions in one pass).
Content streams are parsed once per page and once per Form XObject (cached by object
number), and once more, with their clipping paths, for a page found in the footer band;
a ``cm`` is read only when something is drawn after it, so the footer's own (its forms
left out) costs no operand reading; images are never decoded, so a 6,000-page packet
takes a few seconds. Details
name the file by its basename and never repeat document text, bookmark titles, file
names of attachments or link addresses (they may carry a patient's name); expected part
titles given by the caller are repeated when missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

import pikepdf

from ..errors import AttachmentError, not_a_regular_file, reason
from .actions import form_fields, name_tree_size, scripts_in, scripts_in_aa
from .fonts import FontWalk as _Fonts
from .page_scan import Found, Targets, fits, outline, scan_pages, size_name, squash
from .preflight_report import (
    _MAX_PAGES_LISTED,
    CHECK_IDS,
    DEFAULT_PROFILE,
    PROFILES,
    PreflightCheck,
    PreflightProfile,
    PreflightReport,
    new_check,
    pages_text,
    size_label,
)
from .units import A4, LETTER

__all__ = ["CHECK_IDS", "DEFAULT_PROFILE", "PROFILES", "PreflightCheck", "PreflightProfile",
           "PreflightReport", "preflight"]

_OUTLINE_WITHOUT_BOOKMARKS = 5  # pages a document may have without bookmarks
_NOT_CHECKED = "not checked: the file is encrypted and cannot be opened without its password"



# -- the checks --------------------------------------------------------------------------


def _version_tuple(text: str) -> tuple[int, int] | None:
    match = re.fullmatch(r"\s*(\d+)\.(\d+)\s*", text)
    return (int(match.group(1)), int(match.group(2))) if match else None


def _version_check(version: str, authority: str | None = "the FDA") -> PreflightCheck:
    parsed = _version_tuple(version)
    if parsed is not None and (1, 4) <= parsed <= (1, 7):
        return new_check("version", "pass", f"PDF {version}")
    return new_check("version", "fail",
                  f"PDF {version}: {authority or 'the regulator'} accepts PDF 1.4 to 1.7 (or "
                  "PDF/A-1, PDF/A-2); save "
                  "the file again as PDF 1.7 (e.g. qpdf --force-version=1.7 in.pdf out.pdf, "
                  "after checking nothing newer is used)")


def _size_check(size: int, max_bytes: int | None, verified: bool) -> PreflightCheck:
    if max_bytes is None:
        return new_check("file_size", "pass",
                      f"{size_label(size)}; no size limit known for this regulator")
    limit = f"the limit of {size_label(max_bytes)}"
    if size <= max_bytes:
        return new_check("file_size", "pass", f"{size_label(size)}, within {limit}"
                      + ("" if verified else " (the limit is unconfirmed)"))
    if verified:
        return new_check("file_size", "fail",
                      f"{size_label(size)} is over {limit}; split the packet or reduce its scans' "
                      "resolution")
    return new_check("file_size", "warn",
                  f"{size_label(size)} is over {limit}, which is unconfirmed: check the current "
                  "limit with the regulator before splitting the packet")


def _font_check(found: Found, fonts: _Fonts) -> PreflightCheck:
    if not found.fonts:
        count = len(fonts.fonts) + fonts.direct
        return new_check("fonts", "pass", f"every font is embedded ({count} font object(s))")
    pages = [p for ps in found.fonts.values() for p in ps]
    names = ", ".join(f"{name} ({pages_text(ps)})" for name, ps in sorted(found.fonts.items()))
    return new_check("fonts", "fail",
                  f"{len(found.fonts)} font(s) not embedded: {names}; embed every font when "
                  "making the PDF (e.g. Word: Save as PDF with 'ISO 19005-1 compliant', or "
                  "print to PDF with 'embed all fonts')", pages)


def _page_size_check(found: Found, page_size: Literal["letter", "a4"],
                     authority: str | None) -> PreflightCheck:
    allowed = [LETTER] if page_size == "letter" else [LETTER, A4]
    what = "US Letter (8.5 x 11 in)" if page_size == "letter" else "A4 or US Letter"
    odd = {size: pages for size, pages in found.sizes.items()
           if not any(fits(size[0], size[1], a) for a in allowed)}
    if not odd:
        return new_check("page_size", "pass", f"every page fits {what}, either way round")
    groups = "; ".join(f"{size_name(w, h)} on {pages_text(ps)}"
                       for (w, h), ps in sorted(odd.items(), key=lambda kv: kv[1][0]))
    ask = (f"{authority} asks for pages that print on {what}" if authority
           else f"reduce them to {what} where the originals allow it")
    return new_check("page_size", "warn",
                  f"pages larger than {what}: {groups}; {ask} (keep oversized originals only "
                  "when they cannot be reduced)",
                  [p for ps in odd.values() for p in ps])


def _footer_check(found: Found) -> PreflightCheck:
    if not found.band and not found.unreadable:
        return new_check("footer_margin", "pass",
                      "nothing but the footer in the bottom 0.6 in of any page")
    parts: list[str] = []
    if found.band:
        parts.append(f"the footer may cover content on {pages_text(found.band)}; give those "
                     "documents with a bottom margin of at least 0.6 in (e.g. print them to "
                     "PDF at 94 %, or rescan with a wider margin)")
    if found.unreadable:
        parts.append(f"the content of {pages_text(found.unreadable)} cannot be parsed: "
                     "check those pages by eye")
    return new_check("footer_margin", "warn", "; ".join(parts), found.band + found.unreadable)


def _bookmark_check(has_outline: bool, titles: list[str], broken: list[int], pages: int,
                    expected: Sequence[str] | None, authority: str | None) -> PreflightCheck:
    problems: list[str] = []
    if expected is not None:
        have = {squash(t) for t in titles}
        missing = [t for t in expected if squash(t) not in have]
        if missing:
            problems.append(f"no bookmark for {len(missing)} part(s): "
                            + "; ".join(repr(t) for t in missing))
    if broken:
        shown = ", ".join(str(n) for n in broken[:_MAX_PAGES_LISTED])
        more = f" and {len(broken) - _MAX_PAGES_LISTED} more" if len(
            broken) > _MAX_PAGES_LISTED else ""
        problems.append(f"{len(broken)} bookmark(s) open no page of this document "
                        f"(bookmark number {shown}{more}, counted in outline order)")
    if problems:
        return new_check("bookmarks", "fail", "; ".join(problems)
                      + "; rebuild the bookmarks so each part has one that opens its first page")
    if not has_outline:
        if pages > _OUTLINE_WITHOUT_BOOKMARKS:
            why = (f"{authority} expects bookmarks for documents over 5 pages" if authority
                   else "add them: a reader finds the parts of a long document by them")
            return new_check("bookmarks", "warn",
                          f"no bookmarks in a document of {pages} pages; {why}")
        return new_check("bookmarks", "pass",
                      f"no bookmarks, none needed for {pages} page(s)")
    extra = "" if expected is None else f", every one of the {len(expected)} parts included"
    return new_check("bookmarks", "pass",
                  f"{len(titles)} bookmark(s), each opening a page of this document{extra}")


def _link_check(found: Found) -> PreflightCheck:
    if not found.broken_links and not found.link_actions:
        return new_check("links", "pass",
                      f"{found.links} link(s), each to a page of this document or a web "
                      "address" if found.links else "no links")
    parts: list[str] = []
    if found.broken_links:
        parts.append(f"{len(found.broken_links)} link(s) open no page of this document, on "
                     f"{pages_text(found.broken_links)}")
    for kind, pages in sorted(found.link_actions.items()):
        parts.append(f"{len(pages)} link(s) run a {kind} action, on {pages_text(pages)}")
    pages = found.broken_links + [p for ps in found.link_actions.values() for p in ps]
    return new_check("links", "fail", "; ".join(parts)
                  + "; point each link at a page of the packet (or a web address) or remove it",
                  pages)


def _js_check(pdf: pikepdf.Pdf, found: Found, bookmarks: int = 0,
              authority: str | None = None) -> PreflightCheck:
    """``bookmarks``: how many bookmarks (outline items) run JavaScript."""
    root = pdf.Root
    places: list[str] = []
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and name_tree_size(names.get("/JavaScript")):
        places.append("document scripts (/Names /JavaScript)")
    if scripts_in(root.get("/OpenAction")):
        places.append("the action run when the file opens (/OpenAction)")
    if scripts_in_aa(root):
        places.append("document actions (/AA)")
    if found.js_pages:
        places.append(f"page actions on {pages_text(found.js_pages)}")
    if found.js_annot_pages:
        places.append(f"annotation or link actions on {pages_text(found.js_annot_pages)}")
    if any(scripts_in(f.get("/A")) or scripts_in_aa(f) for f in form_fields(pdf)):
        places.append("form fields")
    if bookmarks:
        places.append(f"{bookmarks} bookmark(s) (/Outlines)")
    if not places:
        return new_check("javascript", "pass", "no JavaScript")
    rule = f"{authority} forbids scripts" if authority else "a packet must run no scripts"
    return new_check("javascript", "fail",
                  "JavaScript in " + "; ".join(places) + f"; {rule}: "
                  "remove them (e.g. flatten the forms, or print to PDF)",
                  found.js_pages + found.js_annot_pages)


def _attachment_check(pdf: pikepdf.Pdf, found: Found,
                      authority: str | None) -> PreflightCheck:
    names = pdf.Root.get("/Names")
    count = name_tree_size(names.get("/EmbeddedFiles")) if isinstance(
        names, pikepdf.Dictionary) else 0
    parts: list[str] = []
    if count:
        parts.append(f"{count} embedded file(s) (/Names /EmbeddedFiles)")
    if found.attachment_pages:
        parts.append(f"file-attachment annotations on {pages_text(found.attachment_pages)}")
    if not parts:
        return new_check("embedded_files", "pass", "no embedded files")
    rule = (f"{authority} forbids file attachments" if authority
            else "a recipient's system may strip or block files attached inside a PDF")
    return new_check("embedded_files", "fail", "; ".join(parts) + f"; {rule}: send each "
                  "attached document as a PDF of its own", found.attachment_pages)


def _annotation_check(found: Found) -> PreflightCheck:
    if not found.annots:
        return new_check("annotations", "pass", "no annotations other than links")
    kinds = "; ".join(
        f"{kind}{' (form fields)' if kind == 'Widget' else ''} on {pages_text(pages)}"
        for kind, pages in sorted(found.annots.items()))
    return new_check("annotations", "fail",
                  f"annotations other than links: {kinds}; flatten or remove them (comments, "
                  "form fields and stamps are not allowed)",
                  [p for ps in found.annots.values() for p in ps])


def _text_check(found: Found) -> PreflightCheck:
    if not found.scans:
        return new_check("searchable_text", "pass", "no page is an image without text")
    return new_check("searchable_text", "warn",
                  f"{pages_text(found.scans)} are scanned images without a text layer; OCR "
                  "them (e.g. with ocrmypdf or your scanner's OCR) so the packet is "
                  "text-searchable", found.scans)


def _header_version(head: bytes) -> str:
    match = re.search(rb"%PDF-(\d+\.\d+)", head)
    return match.group(1).decode() if match else "unknown"


def _effective_version(pdf: pikepdf.Pdf) -> str:
    """The header version, or the catalog's ``/Version`` when it is later."""
    version = pdf.pdf_version
    catalog = pdf.Root.get("/Version")
    if isinstance(catalog, pikepdf.Name):
        theirs, ours = _version_tuple(str(catalog)[1:]), _version_tuple(version)
        if theirs is not None and (ours is None or theirs > ours):
            return str(catalog)[1:]
    return version


def _locked(name: str, size: int, version: str, max_bytes: int | None,
            verified: bool, profile: PreflightProfile) -> PreflightReport:
    checks = [
        _version_check(version, profile.authority),
        new_check("encryption", "fail", "the file needs a password to open; save a copy "
               "without a password or security settings"),
    ]
    checks += [new_check(cid, "warn", _NOT_CHECKED) for cid in CHECK_IDS[2:-1]]
    checks.append(_size_check(size, max_bytes, verified))
    return PreflightReport(file=name, bytes=size, pages=0, pdf_version=version,
                           profile=profile.id, checks=_profiled(checks, profile))


def _profiled(checks: Iterable[PreflightCheck],
              profile: PreflightProfile) -> tuple[PreflightCheck, ...]:
    """The checks of ``profile``, in order; its warn-only checks warn instead of failing."""
    out: list[PreflightCheck] = []
    for check in checks:
        if check.id not in profile.checks:
            continue
        if check.status == "fail" and check.id in profile.warn_only:
            check = check.model_copy(update={"status": "warn"})
        out.append(check)
    return tuple(out)


def _unreadable(name: str, why: str) -> AttachmentError:
    return AttachmentError(f"{name} cannot be preflighted: {why}; preflight the PDF file "
                           "itself (a packet accesspack wrote, or a re-saved copy)",
                           attachment=name)


def preflight(pdf: str | Path, *, page_size: Literal["letter", "a4"] = "letter",
              max_bytes: int | None = None, size_limit_verified: bool = True,
              bookmarks: Sequence[str] | None = None,
              profile: str = DEFAULT_PROFILE) -> PreflightReport:
    """Check the PDF at ``pdf`` against a preflight profile (see the module).

    ``profile`` names the checks: ``"fda-pdf-specifications"`` (the default: the FDA's
    PDF specifications) or ``"generic"`` (packet soundness; findings name no authority).
    ``page_size`` is the paper the pages must fit ("a4" accepts A4 or US Letter);
    ``max_bytes`` the regulator's size limit, if one is known, and ``size_limit_verified``
    whether it is confirmed (an unconfirmed limit only warns); ``bookmarks`` the part titles
    the outline must hold. An encrypted file gives a report (its encryption fails).

    Raises :class:`~accesspack.errors.AttachmentError` when the file cannot be read or is
    not a PDF; the message names the file by its basename only.
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown preflight profile {profile!r}; profiles: "
                         + ", ".join(PROFILES))
    chosen = PROFILES[profile]
    path = Path(pdf)
    name = path.name
    problem = not_a_regular_file(path)  # a FIFO or a device is never opened
    if problem:
        raise _unreadable(name, "it " + problem.split(";")[0])
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
        size = path.stat().st_size
    except OSError as exc:
        raise _unreadable(name, f"it cannot be read ({reason(exc)})") from None
    if b"%PDF-" not in head:
        raise _unreadable(name, "it is not a PDF (no %PDF- header)")
    try:
        doc = pikepdf.Pdf.open(path)
    except pikepdf.PasswordError:
        return _locked(name, size, _header_version(head), max_bytes, size_limit_verified,
                       chosen)
    except Exception as exc:
        raise _unreadable(name, f"it is not a readable PDF ({exc.__class__.__name__})"
                          ) from None
    with doc:
        try:
            return _report(doc, name, size, page_size, max_bytes, size_limit_verified,
                           bookmarks, chosen)
        except pikepdf.PdfError as exc:
            raise _unreadable(name, f"it is damaged ({exc.__class__.__name__})") from None


def _report(pdf: pikepdf.Pdf, name: str, size: int, page_size: Literal["letter", "a4"],
            max_bytes: int | None, verified: bool, bookmarks: Sequence[str] | None,
            profile: PreflightProfile) -> PreflightReport:
    who = profile.authority
    version = _effective_version(pdf)
    pages = list(pdf.pages)
    index = {page.obj.objgen: n for n, page in enumerate(pages)}
    targets = Targets(pdf, index)
    fonts = _Fonts()
    found = scan_pages(pdf, targets, fonts)
    if pdf.is_encrypted:
        encryption = new_check("encryption", "fail",
                            "the file has security settings (an owner password restricting "
                            "printing, copying or changes); save a copy without security "
                            "(e.g. qpdf --decrypt in.pdf out.pdf)")
    else:
        encryption = new_check("encryption", "pass", "not encrypted, no security settings")
    has_outline, titles, broken, scripted = outline(pdf, targets)
    checks = (
        _version_check(version, who),
        encryption,
        _font_check(found, fonts),
        _page_size_check(found, page_size, who),
        _footer_check(found),
        _bookmark_check(has_outline, titles, broken, len(pages), bookmarks, who),
        _link_check(found),
        _js_check(pdf, found, scripted, who),
        _attachment_check(pdf, found, who),
        _annotation_check(found),
        _text_check(found),
        _size_check(size, max_bytes, verified),
    )
    return PreflightReport(file=name, bytes=size, pages=len(pages), pdf_version=version,
                           profile=profile.id, checks=_profiled(checks, profile))
