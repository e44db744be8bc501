"""Finding active content in a PDF: action chains, scripts, name trees, form fields.

Shared by :mod:`.normalize` (which removes what it finds and counts it) and
:mod:`.preflight` (which reports it). Every walk is bounded and survives cycles, so a
hostile file cannot make it loop.
"""

from __future__ import annotations

from collections.abc import Iterator

import pikepdf

__all__ = ["LINK_ACTIONS", "actions", "form_fields", "link_problem", "name_tree_size",
           "plain_link", "scripts_in", "scripts_in_aa"]

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
