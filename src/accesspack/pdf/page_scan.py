"""One pass over a PDF's pages for preflight: sizes, fonts, the footer band, scans, links,
annotations and scripts; and the targets its links and bookmarks point at.

:func:`is_scan` is the one test of "a scanned image without a text layer": the preflight's
``searchable_text`` check reads it through :func:`scan_pages`, and OCR
(:mod:`accesspack.pdf.ocr`) through :func:`scanned_pages`, so both always agree on which
pages those are.

:func:`scan_pages` reads the file it is given as written (in a build, each packet, after
collation and stamping), never what normalisation measured of its uploads: a packet is
what is sent, and the same upload in two packets is walked in each (see
:mod:`.preflight`, "What each check reads")."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pikepdf

from .actions import link_problem, scripts_in, scripts_in_aa
from .content import ContentWalk, Marks, in_band, page_frame, still_in_band
from .fonts import FontWalk as _Fonts
from .stamp import invert as _invert
from .units import INCH

__all__ = ["Found", "Targets", "fits", "is_scan", "outline", "scan_pages", "scanned_pages",
           "size_name", "squash"]

_SIZE_TOLERANCE = 2.0
_NAMED_SIZES = {(612, 792): "US Letter", (595, 842): "A4", (612, 1008): "US Legal",
                (792, 1224): "Tabloid", (842, 1191): "A3", (420, 595): "A5"}


# -- actions and destinations ------------------------------------------------------------


@dataclass
class Targets:
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


def squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def outline(pdf: pikepdf.Pdf, targets: Targets
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


def fits(width: float, height: float, size: tuple[float, float]) -> bool:
    w, h = size[0] + _SIZE_TOLERANCE, size[1] + _SIZE_TOLERANCE
    return (width <= w and height <= h) or (width <= h and height <= w)


def size_name(width: float, height: float) -> str:
    short, long_ = sorted((round(width), round(height)))
    name = next((n for (w, h), n in _NAMED_SIZES.items()
                 if abs(w - short) <= 2 and abs(h - long_) <= 2), None)
    inches = f"{width / INCH:.2f} x {height / INCH:.2f} in"
    return f"{name} {inches}" if name else inches


def is_scan(marks: Marks) -> bool:
    """Whether a page that paints ``marks`` is a scanned image without a text layer: it
    paints an image and no text at all (invisible OCR text counts as text)."""
    return marks.image and not marks.text


def _may_paint_an_image(page: pikepdf.Object) -> bool:
    """False only for a page that cannot paint an image: no XObject in its resources and
    no inline image (``BI``) in its content. Reading the content is about five times
    cheaper than walking it, and most pages of most uploads are text."""
    resources = page.get("/Resources")
    xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
    if isinstance(xobjects, pikepdf.Dictionary) and len(xobjects):
        return True
    contents = page.get("/Contents")
    for stream in contents if isinstance(contents, pikepdf.Array) else [contents]:
        if isinstance(stream, pikepdf.Stream):
            try:
                if b"BI" in stream.read_bytes():
                    return True
            except pikepdf.PdfError:
                return True  # the walk decides (and leaves it out)
    return False


def scanned_pages(pdf: pikepdf.Pdf) -> list[int]:
    """The 0-based indexes of the pages of ``pdf`` that are images without text
    (:func:`is_scan`, walked as the preflight walks a packet: accesspack's own footer
    stamps are left out). A page whose content cannot be parsed is not counted; a page
    that cannot paint an image is not walked."""
    content = ContentWalk()
    pages: list[int] = []
    for index, page in enumerate(pdf.pages):
        obj = page.obj
        if not _may_paint_an_image(obj):
            continue
        matrix, _, _ = page_frame(obj)
        try:
            marks = content.page(obj, obj.get("/Resources"), _invert(matrix))
        except pikepdf.PdfError:
            continue
        if is_scan(marks):
            pages.append(index)
    return pages


@dataclass
class Found:
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


def scan_pages(pdf: pikepdf.Pdf, targets: Targets, fonts: _Fonts) -> Found:
    found = Found()
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
            if is_scan(marks):
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
