"""Finding active content in a PDF: action chains, scripts, name trees, form fields.

Shared by :mod:`.normalize` (which removes what it finds and counts it) and
:mod:`.preflight` (which reports it). Every walk is bounded and survives cycles, so a
hostile file cannot make it loop.
"""

from __future__ import annotations

from collections.abc import Iterator

import pikepdf

__all__ = ["actions", "form_fields", "name_tree_size", "scripts_in", "scripts_in_aa"]

#: objects visited in one action chain or field tree, at most
MAX_WALK = 10_000


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


def scripts_in(action: object) -> int:
    """How many JavaScript actions ``action`` (with its ``/Next`` chain) holds."""
    return sum(1 for a in actions(action) if a.get("/S") == "/JavaScript" or "/JS" in a)


def scripts_in_aa(holder: object) -> int:
    """JavaScript actions in the additional actions (``/AA``) of ``holder``."""
    aa = holder.get("/AA") if isinstance(holder, pikepdf.Dictionary) else None
    if not isinstance(aa, pikepdf.Dictionary):
        return 0
    return sum(scripts_in(aa.get(key)) for key in list(aa.keys()))


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
