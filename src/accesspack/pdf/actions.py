"""Finding active content in a PDF (action chains, scripts, name trees, form fields), and
removing it from an upload (:func:`strip_active_content`).

Shared by :mod:`.normalize` (which removes what it finds and counts it) and
:mod:`.preflight` (which reports it). Every walk is bounded and survives cycles, so a
hostile file cannot make it loop.
"""

from __future__ import annotations

from collections.abc import Iterator

import pikepdf

__all__ = ["LINK_ACTIONS", "actions", "form_fields", "link_problem", "name_tree_size",
           "plain_link", "scripts_in", "scripts_in_aa", "strip_active_content"]

#: objects visited in one action chain or field tree, at most
MAX_WALK = 10_000
#: Actions a link or bookmark may run: go to a page of the same file, or open a web address.
LINK_ACTIONS = frozenset({"/GoTo", "/URI"})
#: What a URI action may not open: a script, or a file of the reader's computer.
_UNSAFE_SCHEMES = ("javascript:", "file:")
#: What a browser ignores in an address (C0 controls and spaces; tabs and newlines even
#: inside the scheme), so ``" java\tscript:"`` is a ``javascript:`` address too.
_IGNORED = dict.fromkeys(range(0x21))


def _walk(roots: list[object], link: str) -> Iterator[pikepdf.Dictionary]:
    """Every dictionary reachable from ``roots`` through ``link`` (an object or an array of
    them), each once, at most :data:`MAX_WALK` objects in all. Arrays count toward the bound
    and are entered once, so an array that holds itself cannot make the walk loop."""
    seen: set[tuple[int, int]] = set()
    stack = list(roots)
    visited = 0
    while stack and visited < MAX_WALK:
        item = stack.pop()
        if not isinstance(item, pikepdf.Array | pikepdf.Dictionary):
            continue
        visited += 1
        if item.is_indirect:
            if item.objgen in seen:
                continue
            seen.add(item.objgen)
        if isinstance(item, pikepdf.Array):
            stack.extend(item)
            continue
        yield item
        nxt = item.get(link)
        if nxt is not None:
            stack.append(nxt)


def actions(action: object) -> Iterator[pikepdf.Dictionary]:
    """``action`` and every action of its ``/Next`` chain (an array of actions too)."""
    return _walk([action], "/Next")


def _uri_scheme(action: pikepdf.Dictionary) -> str | None:
    """``"javascript:"`` or ``"file:"`` when a URI action's address runs a script or opens
    a local file; None for any other address (or none)."""
    uri = action.get("/URI")
    if uri is None:
        return None
    text = str(uri).translate(_IGNORED).lower()
    return next((scheme for scheme in _UNSAFE_SCHEMES if text.startswith(scheme)), None)


def _is_script(action: pikepdf.Dictionary) -> bool:
    return (action.get("/S") == "/JavaScript" or "/JS" in action
            or (action.get("/S") == "/URI" and _uri_scheme(action) == "javascript:"))


def scripts_in(action: object) -> int:
    """How many JavaScript actions ``action`` (with its ``/Next`` chain) holds; a URI
    action to a ``javascript:`` address counts as one."""
    return sum(1 for a in actions(action) if _is_script(a))


def scripts_in_aa(holder: object) -> int:
    """JavaScript actions in the additional actions (``/AA``) of ``holder``."""
    aa = holder.get("/AA") if isinstance(holder, pikepdf.Dictionary) else None
    if not isinstance(aa, pikepdf.Dictionary):
        return 0
    return sum(scripts_in(aa.get(key)) for key in list(aa.keys()))


def link_problem(item: pikepdf.Object) -> str | None:
    """What the link annotation or bookmark ``item`` does beyond a plain link, or None.

    The one rule of what a link may do, for normalisation (which keeps only plain links)
    and preflight (which fails the others): a destination (``/Dest``), or an action chain
    (``/A`` with its ``/Next`` actions) of exactly one GoTo or URI action, the URI not a
    ``javascript:`` or ``file:`` address. Otherwise the answer names the first thing
    wrong, to be read as "runs a ... action": the kind of an action of the chain
    (``"Launch"``, ``"JavaScript"``), ``"javascript: URI"`` or ``"file: URI"``,
    ``"chained (/Next)"`` for more than one action, ``"unknown"`` for an ``/A`` that is
    no action. Whether the destination opens a page is not judged here.
    """
    action = item.get("/A")
    if action is None:
        return None
    chain = list(actions(action)) if isinstance(action, pikepdf.Dictionary) else []
    if not chain:
        return "unknown"
    for step in chain:
        kind = step.get("/S")
        if kind == "/JavaScript" or "/JS" in step:
            return "JavaScript"
        if kind not in LINK_ACTIONS:
            return str(kind)[1:] if isinstance(kind, pikepdf.Name) else "unknown"
        scheme = _uri_scheme(step) if kind == "/URI" else None
        if scheme is not None:
            return f"{scheme} URI"
    return "chained (/Next)" if len(chain) > 1 else None


def plain_link(annot: pikepdf.Dictionary) -> bool:
    """Whether a link annotation only goes to a page or opens a web address (see
    :func:`link_problem`); a link with neither ``/Dest`` nor ``/A`` is not one."""
    return ("/A" in annot or "/Dest" in annot) and link_problem(annot) is None


def name_tree_size(node: object) -> int:
    """Entries of a name tree (1 when it is there but cannot be read; 0 when absent)."""
    if not isinstance(node, pikepdf.Dictionary):
        return 0
    try:
        return len(pikepdf.NameTree(node))
    except Exception:
        return 1


def form_fields(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every node of the document's form field tree (fields, their kids, widgets)."""
    form = pdf.Root.get("/AcroForm")
    fields = form.get("/Fields") if isinstance(form, pikepdf.Dictionary) else None
    return _walk([fields] if isinstance(fields, pikepdf.Array) else [], "/Kids")


# -- removing active content from an upload -----------------------------------------------


def _field_of(widget: pikepdf.Dictionary) -> tuple[int, int] | None:
    """The identity of the form field a widget annotation belongs to."""
    field = widget if "/T" in widget or "/Parent" not in widget else widget.get("/Parent")
    return field.objgen if isinstance(field, pikepdf.Dictionary) and field.is_indirect else None


def _neuter(annot: pikepdf.Dictionary) -> None:
    """Empty a removed annotation that other objects (the structure tree) may still name."""
    for key in list(annot.keys()):
        if key not in ("/Type", "/Subtype", "/Rect"):
            del annot[key]


def strip_active_content(pdf: pikepdf.Pdf) -> list[str]:
    """Flatten form fields and annotations, drop scripts, embedded files and every
    annotation but plain links, in place; return notes of what was removed."""
    root = pdf.Root
    scripts = scripts_in(root.get("/OpenAction")) + scripts_in_aa(root)
    embedded = 0
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        scripts += name_tree_size(names.get("/JavaScript"))
        embedded += name_tree_size(names.get("/EmbeddedFiles"))
    acroform = root.get("/AcroForm")
    has_form = isinstance(acroform, pikepdf.Dictionary)
    top = acroform.get("/Fields") if isinstance(acroform, pikepdf.Dictionary) else None
    top_fields = len(top) if isinstance(top, pikepdf.Array) else 0
    for node in form_fields(pdf):  # scripts of fields (calculations, formats)
        if "/Subtype" not in node:  # widgets are counted with their page below
            scripts += scripts_in(node.get("/A")) + scripts_in_aa(node)
    links: dict[int, list[pikepdf.Dictionary]] = {}
    others: list[pikepdf.Dictionary] = []
    for n, page in enumerate(pdf.pages):
        obj = page.obj
        if "/AA" in obj:
            scripts += scripts_in_aa(obj)
            del obj["/AA"]
        if "/Annots" not in obj:
            continue
        annots = obj.get("/Annots")
        kept: list[pikepdf.Dictionary] = []
        rest: list[pikepdf.Dictionary] = []
        for annot in annots if isinstance(annots, pikepdf.Array) else ():
            if not isinstance(annot, pikepdf.Dictionary):
                continue
            scripts += scripts_in(annot.get("/A")) + scripts_in_aa(annot)
            if annot.get("/Subtype") == "/FileAttachment":
                embedded += 1
            if annot.get("/Subtype") == "/Link" and plain_link(annot):
                for key in ("/AA", "/PA"):
                    if key in annot:
                        del annot[key]
                kept.append(annot)
            else:
                rest.append(annot)
        links[n] = kept
        others += rest
        if rest:
            obj.Annots = pikepdf.Array(rest)
        else:
            del obj["/Annots"]
    flattened: set[tuple[int, int] | None] = set()
    baked: set[tuple[int, int]] = set()  # annotations drawn into the page by flattening
    if others:
        on_pages = {a.objgen for a in others if a.is_indirect}
        if has_form:
            assert isinstance(acroform, pikepdf.Dictionary)
            if any(a.get("/Subtype") == "/Widget" and "/AP" not in a for a in others):
                acroform.NeedAppearances = True  # filled fields without an appearance
            pdf.generate_appearance_streams()
        pdf.flatten_annotations("all")  # appearances become page content
        left = {a.objgen for page in pdf.pages
                for a in page.obj.get("/Annots", pikepdf.Array())
                if isinstance(a, pikepdf.Dictionary) and a.is_indirect}
        baked = on_pages - left
        flattened = {_field_of(a) for a in others
                     if a.get("/Subtype") == "/Widget" and a.objgen in baked}
    removed: dict[str, int] = {}
    drawn: dict[str, int] = {}
    for annot in others:
        kind = str(annot.get("/Subtype", "/Unknown")).lstrip("/")
        if annot.is_indirect and annot.objgen in baked:
            if kind != "Widget":
                drawn[kind] = drawn.get(kind, 0) + 1
        else:
            removed[kind] = removed.get(kind, 0) + 1
        _neuter(annot)
    for n, page in enumerate(pdf.pages):
        kept = links.get(n, [])
        if kept:
            page.obj.Annots = pikepdf.Array(kept)
        elif "/Annots" in page.obj:
            del page.obj["/Annots"]
    notes = []
    if scripts:
        notes.append(f"removed JavaScript ({scripts} script{'s' if scripts > 1 else ''})")
    if embedded:
        notes.append(f"removed {embedded} embedded file{'s' if embedded > 1 else ''}")
    fields = len(flattened - {None}) or len(flattened)
    if fields:
        notes.append(f"flattened {fields} form field{'s' if fields > 1 else ''}")
    elif top_fields and not others:
        notes.append("removed a form whose fields were on no page")
    for verb, counts in (("flattened", drawn), ("removed", removed)):
        total = sum(counts.values())
        if total:
            notes.append(f"{verb} {total} annotation{'s' if total > 1 else ''} "
                         f"({', '.join(sorted(counts))})")
    return notes
