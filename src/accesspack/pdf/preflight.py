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

Content streams are parsed once per page and once per Form XObject (cached by object
number), and once more, with their clipping paths, for a page found in the footer band;
images are never decoded, so a 6,000-page packet takes a few seconds. Details
name the file by its basename and never repeat document text, bookmark titles, file
names of attachments or link addresses (they may carry a patient's name); expected part
titles given by the caller are repeated when missing.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pikepdf
from pydantic import BaseModel, ConfigDict

from ..display import Html, badge, box, esc, md_cell, size_text, table
from ..errors import AttachmentError, not_a_regular_file, reason
from .actions import form_fields, link_problem, name_tree_size, scripts_in, scripts_in_aa
from .content import ContentWalk, in_band, page_frame, still_in_band
from .fonts import FontWalk as _Fonts
from .stamp import invert as _invert

__all__ = ["PROFILES", "PreflightCheck", "PreflightProfile", "PreflightReport", "preflight"]

Status = Literal["pass", "warn", "fail"]

_INCH = 72.0
_SIZE_TOLERANCE = 2.0
_LETTER = (612.0, 792.0)
_A4 = (595.276, 841.89)
_NAMED_SIZES = {(612, 792): "US Letter", (595, 842): "A4", (612, 1008): "US Legal",
                (792, 1224): "Tabloid", (842, 1191): "A3", (420, 595): "A5"}
_MAX_PAGES_LISTED = 50
_OUTLINE_WITHOUT_BOOKMARKS = 5  # pages a document may have without bookmarks
_NOT_CHECKED = "not checked: the file is encrypted and cannot be opened without its password"

_TITLES = {
    "version": "PDF version 1.4-1.7",
    "encryption": "No security or passwords",
    "fonts": "Fonts embedded",
    "page_size": "Page size",
    "footer_margin": "Footer band clear",
    "bookmarks": "Bookmarks",
    "links": "Links resolve",
    "javascript": "No JavaScript",
    "embedded_files": "No file attachments",
    "annotations": "No annotations",
    "searchable_text": "Text-searchable",
    "file_size": "File size",
}
CHECK_IDS = tuple(_TITLES)


@dataclass(frozen=True)
class PreflightProfile:
    """Which checks a regulator's packets get, and who sets their rules.

    ``authority`` is how findings name the rule's author ("the FDA"), or None when the
    checks are packet soundness, no regulator's rule; ``warn_only`` lists checks whose
    failures are only warnings under this profile.
    """

    id: str
    title: str
    authority: str | None
    checks: tuple[str, ...]
    warn_only: frozenset[str] = frozenset()


#: The profiles a ``regulator.yaml`` can name (``preflight: {profile: ...}``).
PROFILES: dict[str, PreflightProfile] = {
    "fda-pdf-specifications": PreflightProfile(
        "fda-pdf-specifications", "FDA Portable Document Format (PDF) Specifications",
        "the FDA", CHECK_IDS),
    "generic": PreflightProfile(
        "generic", "packet soundness (no regulator PDF rules known)", None,
        tuple(c for c in CHECK_IDS if c != "version"),
        warn_only=frozenset({"fonts", "embedded_files", "annotations"})),
}
DEFAULT_PROFILE = "fda-pdf-specifications"


class PreflightCheck(BaseModel):
    """One rule of the preflight and what it found."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    status: Status
    detail: str
    pages: tuple[int, ...] = ()  # 1-based; the first 50 when more are concerned


class PreflightReport(BaseModel):
    """Every check of one PDF, in a fixed order. ``ok`` when nothing fails."""

    model_config = ConfigDict(frozen=True)

    file: str  # basename only
    bytes: int
    pages: int
    pdf_version: str
    profile: str = DEFAULT_PROFILE
    checks: tuple[PreflightCheck, ...]

    @property
    def ok(self) -> bool:
        return not any(c.status == "fail" for c in self.checks)

    @property
    def failures(self) -> list[PreflightCheck]:
        return [c for c in self.checks if c.status == "fail"]

    @property
    def warnings(self) -> list[PreflightCheck]:
        return [c for c in self.checks if c.status == "warn"]

    def check(self, check_id: str) -> PreflightCheck:
        """The check with id ``check_id`` (``KeyError`` if there is none)."""
        for c in self.checks:
            if c.id == check_id:
                return c
        raise KeyError(check_id)

    def _summary(self) -> str:
        fails, warns = len(self.failures), len(self.warnings)
        state = "ok" if not fails else f"{fails} check(s) failed"
        return state + (f", {warns} warning(s)" if warns else "")

    def as_data(self) -> dict[str, Any]:
        """The report as JSON-ready data (fields in a fixed order, with ``ok``)."""
        data = self.model_dump(mode="json")
        data["ok"] = self.ok
        return data

    def to_json(self) -> str:
        """The report as JSON (see :meth:`as_data`)."""
        return json.dumps(self.as_data(), indent=2, ensure_ascii=False) + "\n"

    def to_markdown(self) -> str:
        """A Markdown view: a heading, a summary line and a table of the checks."""
        marks = {"pass": "pass", "warn": "**warn**", "fail": "**FAIL**"}
        out = [
            f"## Preflight: {md_cell(self.file)}",
            "",
            f"{self.pages} page(s), {_size(self.bytes)}, PDF {self.pdf_version}, checked "
            f"against {PROFILES[self.profile].title}: {self._summary()}",
            "",
            "| Result | Check | Detail |",
            "|---|---|---|",
        ]
        out += [f"| {marks[c.status]} | {md_cell(c.title)} | {md_cell(c.detail)} |"
                for c in self.checks]
        return "\n".join(out) + "\n"

    def _repr_html_(self) -> str:
        tones = {"pass": "good", "warn": "warn", "fail": "bad"}
        state = badge(self._summary(), "bad" if not self.ok else "warn" if self.warnings
                      else "good")
        return str(box(
            Html(f"Preflight <code>{esc(self.file)}</code>"),
            Html(f"<div>{self.pages} page(s), {esc(_size(self.bytes))}, "
                 f"PDF {esc(self.pdf_version)}, checked against "
                 f"{esc(PROFILES[self.profile].title)}: {state}</div>"),
            table(["Result", "Check", "Detail"],
                  ([badge(c.status, tones[c.status]), c.title, c.detail]
                   for c in self.checks))))


def _size(n: int) -> str:
    """A size for a person and its exact byte count (a limit is near): ``1.2 MB (1,234,567
    bytes)``."""
    return f"{size_text(n)} ({n:,} bytes)"


def _check(check_id: str, status: Status, detail: str, pages: Iterable[int] = ()) -> PreflightCheck:
    return PreflightCheck(id=check_id, title=_TITLES[check_id], status=status, detail=detail,
                          pages=tuple(sorted(set(pages)))[:_MAX_PAGES_LISTED])


def _pages_text(pages: Iterable[int]) -> str:
    """``page 3`` / ``pages 1-4, 9`` (the first 50 pages, then ``and N more``)."""
    numbers = sorted(set(pages))
    shown, rest = numbers[:_MAX_PAGES_LISTED], len(numbers) - _MAX_PAGES_LISTED
    runs: list[str] = []
    start = prev = shown[0] if shown else 0
    for n in [*shown[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        runs.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    text = ("page " if len(numbers) == 1 else "pages ") + ", ".join(runs)
    return text + (f" and {rest} more" if rest > 0 else "")


# -- actions and destinations ------------------------------------------------------------


@dataclass
class _Targets:
    """Resolve destinations to 0-based page indexes of one document."""

    pdf: pikepdf.Pdf
    index: dict[tuple[int, int], int]
    _named: dict[str, object] | None = None

    def named(self) -> dict[str, object]:
        if self._named is None:
            self._named = {}
            root = self.pdf.Root
            names = root.get("/Names")
            tree = names.get("/Dests") if isinstance(names, pikepdf.Dictionary) else None
            if isinstance(tree, pikepdf.Dictionary):
                try:
                    for key, value in pikepdf.NameTree(tree).items():
                        self._named.setdefault(str(key), value)
                except Exception:
                    pass  # a broken name tree: its links are reported as broken
            old = root.get("/Dests")
            if isinstance(old, pikepdf.Dictionary):
                for key, value in old.items():
                    self._named.setdefault(key[1:], value)
        return self._named

    def page(self, dest: object, depth: int = 0) -> int | None:
        """The page ``dest`` opens, or None when it opens no page of this document."""
        if depth > 4:
            return None
        if isinstance(dest, pikepdf.Name):
            return self.page(self.named().get(str(dest)[1:]), depth + 1)
        if isinstance(dest, pikepdf.String):
            return self.page(self.named().get(str(dest)), depth + 1)
        if isinstance(dest, pikepdf.Dictionary):
            return self.page(dest.get("/D"), depth + 1)
        if isinstance(dest, pikepdf.Array) and len(dest):
            target = dest[0]
            if isinstance(target, pikepdf.Dictionary):
                return self.index.get(target.objgen) if target.is_indirect else None
            if isinstance(target, int) and not isinstance(target, bool):
                return target if 0 <= target < len(self.index) else None
        return None

    def of(self, item: pikepdf.Object) -> tuple[int | None, str | None]:
        """(page, None) for a link or bookmark; (None, what it runs) when it does more than
        go to a page or open a web address (:func:`~.actions.link_problem`: its whole
        action chain is judged); (None, None) when it goes nowhere. URI gives (-1, None)."""
        action = item.get("/A")
        if isinstance(action, pikepdf.Dictionary):
            problem = link_problem(item)
            if problem is not None:
                return None, problem
        if "/Dest" in item:
            return self.page(item.get("/Dest")), None
        if not isinstance(action, pikepdf.Dictionary):
            return None, None
        if action.get("/S") == pikepdf.Name.URI:
            return -1, None
        return self.page(action.get("/D")), None  # a GoTo action


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def _outline(pdf: pikepdf.Pdf, targets: _Targets
             ) -> tuple[bool, list[str], list[int], int]:
    """(outline exists, titles of its items, 1-based positions of items opening no page,
    how many items run JavaScript)."""
    root = pdf.Root.get("/Outlines")
    first = root.get("/First") if isinstance(root, pikepdf.Dictionary) else None
    titles: list[str] = []
    broken: list[int] = []
    scripted = 0
    seen: set[tuple[int, int]] = set()
    stack: list[object] = [first]
    while stack:
        node = stack.pop()
        while isinstance(node, pikepdf.Dictionary) and len(titles) < 100_000:
            if node.is_indirect:
                if node.objgen in seen:
                    break
                seen.add(node.objgen)
            title = node.get("/Title")
            titles.append(str(title) if isinstance(title, pikepdf.String) else "")
            page, _ = targets.of(node)
            if page is None or page < 0:
                broken.append(len(titles))
            if scripts_in(node.get("/A")):
                scripted += 1
            child, following = node.get("/First"), node.get("/Next")
            if isinstance(child, pikepdf.Dictionary):
                stack.append(following)
                node = child
            else:
                node = following
    return bool(titles), titles, broken, scripted


# -- the document walk --------------------------------------------------------------------


def _fits(width: float, height: float, size: tuple[float, float]) -> bool:
    w, h = size[0] + _SIZE_TOLERANCE, size[1] + _SIZE_TOLERANCE
    return (width <= w and height <= h) or (width <= h and height <= w)


def _size_name(width: float, height: float) -> str:
    short, long_ = sorted((round(width), round(height)))
    name = next((n for (w, h), n in _NAMED_SIZES.items()
                 if abs(w - short) <= 2 and abs(h - long_) <= 2), None)
    inches = f"{width / _INCH:.2f} x {height / _INCH:.2f} in"
    return f"{name} {inches}" if name else inches


@dataclass
class _Found:
    """Everything one pass over the pages collects."""

    sizes: dict[tuple[float, float], list[int]] = field(default_factory=lambda: defaultdict(list))
    fonts: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    band: list[int] = field(default_factory=list)
    unreadable: list[int] = field(default_factory=list)
    scans: list[int] = field(default_factory=list)
    annots: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    links: int = 0
    broken_links: list[int] = field(default_factory=list)
    link_actions: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    js_pages: list[int] = field(default_factory=list)
    js_annot_pages: list[int] = field(default_factory=list)
    attachment_pages: list[int] = field(default_factory=list)


def _scan_pages(pdf: pikepdf.Pdf, targets: _Targets, fonts: _Fonts) -> _Found:
    found = _Found()
    content = ContentWalk()
    clipped = ContentWalk(clips=True)
    for number, page in enumerate(pdf.pages, start=1):
        obj = page.obj
        matrix, width, height = page_frame(obj)
        found.sizes[(round(width, 1), round(height, 1))].append(number)
        resources = obj.get("/Resources")
        for name in fonts.missing(resources):
            found.fonts[name].append(number)
        ctm = _invert(matrix)
        try:
            marks = content.page(obj, resources, ctm)
        except pikepdf.PdfError:
            found.unreadable.append(number)
        else:
            if in_band(marks, width) and still_in_band(clipped, obj, ctm, width):
                found.band.append(number)
            if marks.image and not marks.text:
                found.scans.append(number)
        if scripts_in_aa(obj):
            found.js_pages.append(number)
        annots = obj.get("/Annots")
        if not isinstance(annots, pikepdf.Array):
            continue
        for annot in annots:
            if not isinstance(annot, pikepdf.Dictionary):
                continue
            subtype = annot.get("/Subtype")
            kind = str(subtype)[1:] if isinstance(subtype, pikepdf.Name) else "(no subtype)"
            if scripts_in(annot.get("/A")) or scripts_in_aa(annot):
                found.js_annot_pages.append(number)
            appearance = annot.get("/AP")
            normal = appearance.get("/N") if isinstance(appearance, pikepdf.Dictionary) else None
            streams = [normal] if isinstance(normal, pikepdf.Stream) else (
                list(normal.values()) if isinstance(normal, pikepdf.Dictionary) else [])
            for stream in streams:
                if isinstance(stream, pikepdf.Stream):
                    for name in fonts.stream(stream):
                        found.fonts[name].append(number)
            if kind != "Link":
                found.annots[kind].append(number)
                if kind == "FileAttachment":
                    found.attachment_pages.append(number)
                continue
            found.links += 1
            target, action = targets.of(annot)
            if action is not None:
                found.link_actions[action].append(number)
            elif target is None:
                found.broken_links.append(number)
    return found


# -- the checks --------------------------------------------------------------------------


def _version_tuple(text: str) -> tuple[int, int] | None:
    match = re.fullmatch(r"\s*(\d+)\.(\d+)\s*", text)
    return (int(match.group(1)), int(match.group(2))) if match else None


def _version_check(version: str, authority: str | None = "the FDA") -> PreflightCheck:
    parsed = _version_tuple(version)
    if parsed is not None and (1, 4) <= parsed <= (1, 7):
        return _check("version", "pass", f"PDF {version}")
    return _check("version", "fail",
                  f"PDF {version}: {authority or 'the regulator'} accepts PDF 1.4 to 1.7 (or "
                  "PDF/A-1, PDF/A-2); save "
                  "the file again as PDF 1.7 (e.g. qpdf --force-version=1.7 in.pdf out.pdf, "
                  "after checking nothing newer is used)")


def _size_check(size: int, max_bytes: int | None, verified: bool) -> PreflightCheck:
    if max_bytes is None:
        return _check("file_size", "pass",
                      f"{_size(size)}; no size limit known for this regulator")
    limit = f"the limit of {_size(max_bytes)}"
    if size <= max_bytes:
        return _check("file_size", "pass", f"{_size(size)}, within {limit}"
                      + ("" if verified else " (the limit is unconfirmed)"))
    if verified:
        return _check("file_size", "fail",
                      f"{_size(size)} is over {limit}; split the packet or reduce its scans' "
                      "resolution")
    return _check("file_size", "warn",
                  f"{_size(size)} is over {limit}, which is unconfirmed: check the current "
                  "limit with the regulator before splitting the packet")


def _font_check(found: _Found, fonts: _Fonts) -> PreflightCheck:
    if not found.fonts:
        count = len(fonts.fonts) + fonts.direct
        return _check("fonts", "pass", f"every font is embedded ({count} font object(s))")
    pages = [p for ps in found.fonts.values() for p in ps]
    names = ", ".join(f"{name} ({_pages_text(ps)})" for name, ps in sorted(found.fonts.items()))
    return _check("fonts", "fail",
                  f"{len(found.fonts)} font(s) not embedded: {names}; embed every font when "
                  "making the PDF (e.g. Word: Save as PDF with 'ISO 19005-1 compliant', or "
                  "print to PDF with 'embed all fonts')", pages)


def _page_size_check(found: _Found, page_size: Literal["letter", "a4"],
                     authority: str | None) -> PreflightCheck:
    allowed = [_LETTER] if page_size == "letter" else [_LETTER, _A4]
    what = "US Letter (8.5 x 11 in)" if page_size == "letter" else "A4 or US Letter"
    odd = {size: pages for size, pages in found.sizes.items()
           if not any(_fits(size[0], size[1], a) for a in allowed)}
    if not odd:
        return _check("page_size", "pass", f"every page fits {what}, either way round")
    groups = "; ".join(f"{_size_name(w, h)} on {_pages_text(ps)}"
                       for (w, h), ps in sorted(odd.items(), key=lambda kv: kv[1][0]))
    ask = (f"{authority} asks for pages that print on {what}" if authority
           else f"reduce them to {what} where the originals allow it")
    return _check("page_size", "warn",
                  f"pages larger than {what}: {groups}; {ask} (keep oversized originals only "
                  "when they cannot be reduced)",
                  [p for ps in odd.values() for p in ps])


def _footer_check(found: _Found) -> PreflightCheck:
    if not found.band and not found.unreadable:
        return _check("footer_margin", "pass",
                      "nothing but the footer in the bottom 0.6 in of any page")
    parts: list[str] = []
    if found.band:
        parts.append(f"the footer may cover content on {_pages_text(found.band)}; give those "
                     "documents with a bottom margin of at least 0.6 in (e.g. print them to "
                     "PDF at 94 %, or rescan with a wider margin)")
    if found.unreadable:
        parts.append(f"the content of {_pages_text(found.unreadable)} cannot be parsed: "
                     "check those pages by eye")
    return _check("footer_margin", "warn", "; ".join(parts), found.band + found.unreadable)


def _bookmark_check(has_outline: bool, titles: list[str], broken: list[int], pages: int,
                    expected: Sequence[str] | None, authority: str | None) -> PreflightCheck:
    problems: list[str] = []
    if expected is not None:
        have = {_squash(t) for t in titles}
        missing = [t for t in expected if _squash(t) not in have]
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
        return _check("bookmarks", "fail", "; ".join(problems)
                      + "; rebuild the bookmarks so each part has one that opens its first page")
    if not has_outline:
        if pages > _OUTLINE_WITHOUT_BOOKMARKS:
            why = (f"{authority} expects bookmarks for documents over 5 pages" if authority
                   else "add them: a reader finds the parts of a long document by them")
            return _check("bookmarks", "warn",
                          f"no bookmarks in a document of {pages} pages; {why}")
        return _check("bookmarks", "pass",
                      f"no bookmarks, none needed for {pages} page(s)")
    extra = "" if expected is None else f", every one of the {len(expected)} parts included"
    return _check("bookmarks", "pass",
                  f"{len(titles)} bookmark(s), each opening a page of this document{extra}")


def _link_check(found: _Found) -> PreflightCheck:
    if not found.broken_links and not found.link_actions:
        return _check("links", "pass",
                      f"{found.links} link(s), each to a page of this document or a web "
                      "address" if found.links else "no links")
    parts: list[str] = []
    if found.broken_links:
        parts.append(f"{len(found.broken_links)} link(s) open no page of this document, on "
                     f"{_pages_text(found.broken_links)}")
    for kind, pages in sorted(found.link_actions.items()):
        parts.append(f"{len(pages)} link(s) run a {kind} action, on {_pages_text(pages)}")
    pages = found.broken_links + [p for ps in found.link_actions.values() for p in ps]
    return _check("links", "fail", "; ".join(parts)
                  + "; point each link at a page of the packet (or a web address) or remove it",
                  pages)


def _js_check(pdf: pikepdf.Pdf, found: _Found, bookmarks: int = 0,
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
        places.append(f"page actions on {_pages_text(found.js_pages)}")
    if found.js_annot_pages:
        places.append(f"annotation or link actions on {_pages_text(found.js_annot_pages)}")
    if any(scripts_in(f.get("/A")) or scripts_in_aa(f) for f in form_fields(pdf)):
        places.append("form fields")
    if bookmarks:
        places.append(f"{bookmarks} bookmark(s) (/Outlines)")
    if not places:
        return _check("javascript", "pass", "no JavaScript")
    rule = f"{authority} forbids scripts" if authority else "a packet must run no scripts"
    return _check("javascript", "fail",
                  "JavaScript in " + "; ".join(places) + f"; {rule}: "
                  "remove them (e.g. flatten the forms, or print to PDF)",
                  found.js_pages + found.js_annot_pages)


def _attachment_check(pdf: pikepdf.Pdf, found: _Found,
                      authority: str | None) -> PreflightCheck:
    names = pdf.Root.get("/Names")
    count = name_tree_size(names.get("/EmbeddedFiles")) if isinstance(
        names, pikepdf.Dictionary) else 0
    parts: list[str] = []
    if count:
        parts.append(f"{count} embedded file(s) (/Names /EmbeddedFiles)")
    if found.attachment_pages:
        parts.append(f"file-attachment annotations on {_pages_text(found.attachment_pages)}")
    if not parts:
        return _check("embedded_files", "pass", "no embedded files")
    rule = (f"{authority} forbids file attachments" if authority
            else "a recipient's system may strip or block files attached inside a PDF")
    return _check("embedded_files", "fail", "; ".join(parts) + f"; {rule}: send each "
                  "attached document as a PDF of its own", found.attachment_pages)


def _annotation_check(found: _Found) -> PreflightCheck:
    if not found.annots:
        return _check("annotations", "pass", "no annotations other than links")
    kinds = "; ".join(
        f"{kind}{' (form fields)' if kind == 'Widget' else ''} on {_pages_text(pages)}"
        for kind, pages in sorted(found.annots.items()))
    return _check("annotations", "fail",
                  f"annotations other than links: {kinds}; flatten or remove them (comments, "
                  "form fields and stamps are not allowed)",
                  [p for ps in found.annots.values() for p in ps])


def _text_check(found: _Found) -> PreflightCheck:
    if not found.scans:
        return _check("searchable_text", "pass", "no page is an image without text")
    return _check("searchable_text", "warn",
                  f"{_pages_text(found.scans)} are scanned images without a text layer; OCR "
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
        _check("encryption", "fail", "the file needs a password to open; save a copy "
               "without a password or security settings"),
    ]
    checks += [_check(cid, "warn", _NOT_CHECKED) for cid in CHECK_IDS[2:-1]]
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
    targets = _Targets(pdf, index)
    fonts = _Fonts()
    found = _scan_pages(pdf, targets, fonts)
    if pdf.is_encrypted:
        encryption = _check("encryption", "fail",
                            "the file has security settings (an owner password restricting "
                            "printing, copying or changes); save a copy without security "
                            "(e.g. qpdf --decrypt in.pdf out.pdf)")
    else:
        encryption = _check("encryption", "pass", "not encrypted, no security settings")
    has_outline, titles, broken, scripted = _outline(pdf, targets)
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
