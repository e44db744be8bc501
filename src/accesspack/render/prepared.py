"""DOCX templates read once per process and rendered without reopening them (issue 22).

docxtpl's ``DocxTemplate.render`` opens the template with python-docx on every render, writes
its body out as text and patches it with a few dozen regular expressions (``patch_xml``),
and ``save`` serialises every part of the package again; the zip was then rewritten with
fixed dates. Only the XML that Jinja fills in differs from one render of a template to the
next, so what is the same is kept here, per process:

- :func:`prepared` reads a template once (keyed by the sha256 of the file's bytes, so an
  edited template is read again) into a :class:`Prepared`: the patched XML of the body and
  of each header and footer, the document part without its body, the core properties, and
  every other zip member as python-docx writes it. Strings and bytes only: no python-docx
  object graph (about 5 MB a document) is kept.
- :func:`render` fills those in with docxtpl's own methods, in docxtpl's order, and writes
  the DOCX once, with fixed dates (:mod:`.fixedzip`: the members that are the same in
  every render are kept deflated, so only the rendered ones are compressed again).

The bytes are those of ``DocxTemplate.render`` + ``save`` + the old rewrite, member by
member. This relies on docxtpl 0.20.2 (pinned ``>=0.20.2,<0.21``; :func:`prepared` refuses
any other version), on these of its behaviours:

- ``render`` is ``render_init``, then ``build_xml`` (``get_xml``, ``patch_xml``,
  ``render_xml_part``) of the body, ``fix_tables``, ``fix_docpr_ids`` (ids from 1001) and
  ``map_tree``; then each header, then each footer (``get_headers_footers``,
  ``get_part_xml``, ``patch_xml``, ``render_xml_part``, encoded in
  ``get_headers_footers_encoding``) loaded as a new part of the same name and
  relationships (``map_headers_footers_xml``); then ``render_properties`` (its list of six
  core properties, :data:`PROPERTIES`) and ``render_footnotes``;
- ``patch_xml``, ``render_xml_part``, ``fix_tables`` and ``fix_docpr_ids`` read nothing but
  their arguments, ``docx_ids_index`` and ``current_rendering_part`` (never the opened
  document), so they run on a :class:`DocxTemplate` that is never opened;
- with no media replacement, ``save`` is python-docx's ``Document.save``.

A template this does not cover renders the old way (:func:`prepared` gives None): one with
footnotes (docxtpl renders them once per section, each time over the last result), without
core properties (python-docx would make them, dated now), or whose header or footer is
reached twice; so does a file that cannot be read, which then fails as it always did.
"""

from __future__ import annotations

import gc
import hashlib
import io
import threading
import zipfile
from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment

from .fixedzip import Member, deflate, fixed_zip, lifted

#: The core properties docxtpl 0.20.2's ``render_properties`` renders, in its order.
PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
DOCXTPL_SERIES = "0.20."
_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"

#: How many templates are kept (a route has up to a dozen): see :meth:`Prepared.size`.
MAX_PREPARED = 32


@dataclass(frozen=True)
class Prepared:
    """What every render of one template file shares (strings and bytes only)."""

    #: the body's XML, patched by docxtpl (``patch_xml(get_xml())``)
    body: str
    #: the document part without its body (python-docx's serialisation) and the body's place
    shell: bytes
    body_index: int
    document: str
    #: each header, then each footer: (zip member, patched XML, encoding), in docxtpl's order
    parts: tuple[tuple[str, str, str], ...]
    #: (property, its text in the template), rendered as docxtpl does
    properties: tuple[tuple[str, str], ...]
    core: bytes
    core_name: str
    #: every zip member in python-docx's order: deflated, or the name of a rendered one
    entries: tuple[Member | str, ...]

    def size(self) -> int:
        """Bytes held, about (its strings at one byte a character: more outside Latin-1)."""
        return (len(self.body) + len(self.shell) + len(self.core)
                + sum(len(xml) for _, xml, _ in self.parts)
                + sum(len(e.deflated) for e in self.entries if isinstance(e, Member)))


_CACHE: OrderedDict[bytes, Prepared | None] = OrderedDict()
_LOCK = threading.Lock()


def prepared(data: bytes) -> Prepared | None:
    """The prepared template whose file holds ``data``: from the cache, else read now; None
    when it must render the old way (see the module), or cannot be read (the old way then
    raises the error it always raised)."""
    key = hashlib.sha256(data).digest()
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    try:
        made = _prepare(data)
    except Exception:  # a broken file: rendering it the old way raises what it always did
        return None
    finally:
        gc.collect(1)  # python-docx's package <-> parts cycle, as after every old render
    with _LOCK:
        _CACHE[key] = made
        while len(_CACHE) > MAX_PREPARED:
            _CACHE.popitem(last=False)
    return made


def _prepare(data: bytes) -> Prepared | None:
    import docxtpl
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.oxml import serialize_part_xml
    from docxtpl import DocxTemplate

    if not docxtpl.__version__.startswith(DOCXTPL_SERIES):
        return None
    tpl = DocxTemplate(io.BytesIO(data))
    tpl.init_docx()
    doc = tpl.docx
    package = doc.part.package
    parts = list(package.iter_parts())
    if any(part.content_type == _FOOTNOTES for part in parts):
        return None
    try:
        core_part = package.part_related_by(RT.CORE_PROPERTIES)
    except KeyError:
        return None
    body = tpl.patch_xml(tpl.get_xml())
    rendered: list[tuple[Any, str, str, str]] = []
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _, part in tpl.get_headers_footers(uri):
            xml = tpl.get_part_xml(part)
            rendered.append((part, part.partname.membername, tpl.patch_xml(xml),
                             tpl.get_headers_footers_encoding(xml)))
    reached = Counter(id(rel.target_part) for owner in (package, *parts)
                      for rel in owner.rels.values() if not rel.is_external)
    if any(reached[id(part)] != 1 for part, *_ in rendered):
        return None
    properties = tuple((prop, getattr(doc.core_properties, prop)) for prop in PROPERTIES)
    document, core_name = doc.part.partname.membername, core_part.partname.membername
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        core = zf.read(core_name)  # as python-docx read it: it parses these bytes
    buf = io.BytesIO()
    doc.save(buf)
    members = lifted(buf.getvalue())
    slots = {document, core_name, *(name for _, name, _, _ in rendered)}
    names = Counter(member.name for member in members)
    if any(count != 1 for count in names.values()) or not slots <= names.keys():
        return None
    root = doc.element
    body_elm = root.body
    body_index = root.index(body_elm)
    root.remove(body_elm)
    shell = serialize_part_xml(root)
    return Prepared(
        body=body, shell=shell, body_index=body_index, document=document,
        parts=tuple((name, xml, encoding) for _, name, xml, encoding in rendered),
        properties=properties, core=core, core_name=core_name,
        entries=tuple(m.name if m.name in slots else m for m in members),
    )


def render(ready: Prepared, template: Path, context: Mapping[str, Any], env: Environment,
           *, stamp: date, page_size: str | None = None) -> bytes:
    """The DOCX of ``ready`` rendered with ``context`` (see the module): the bytes docxtpl's
    ``render`` and ``save`` gave, with every zip member dated ``stamp``."""
    from docx.opc.coreprops import CoreProperties
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml.parser import parse_xml
    from docx.section import Sections
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(template)  # never opened: its XML methods only
    tpl.pic_map = {}  # what render_init sets, but for opening the document
    tpl.current_rendering_part = None
    tpl.docx_ids_index = 1000
    env.autoescape = True  # as render(autoescape=True) does
    context = dict(context)
    tree = tpl.fix_tables(tpl.render_xml_part(ready.body, None, context, env))
    tpl.fix_docpr_ids(tree)
    out: dict[str, bytes] = {}  # zip member -> rendered XML
    for name, xml, encoding in ready.parts:
        xml = tpl.render_xml_part(xml, None, context, env)
        out[name] = serialize_part_xml(parse_xml(xml.encode(encoding)))
    core = parse_xml(ready.core)
    properties = CoreProperties(core)
    for prop, text in ready.properties:
        setattr(properties, prop, env.from_string(text).render(context))
    out[ready.core_name] = serialize_part_xml(core)
    root = parse_xml(ready.shell)
    root.insert(ready.body_index, tree)
    if page_size is not None:
        # the paper and margin setters read and write the section's sectPr only
        set_page(Sections(root, None), page_size)  # type: ignore[arg-type]
    out[ready.document] = serialize_part_xml(root)
    return fixed_zip((deflate(e, out[e]) if isinstance(e, str) else e for e in ready.entries),
                     stamp)


def set_page(sections: Iterable[Any], page_size: str) -> None:
    """Paper and margins as the project's templates have them: US Letter with margins of
    1.0 in (left), 0.75 in (right, top) and 1.0 in (bottom); A4 with 2 cm margins."""
    from docx.shared import Cm, Inches

    for section in sections:
        if page_size == "letter":
            section.page_width, section.page_height = Inches(8.5), Inches(11)
            section.left_margin, section.right_margin = Inches(1.0), Inches(0.75)
            section.top_margin, section.bottom_margin = Inches(0.75), Inches(1.0)
        else:
            section.page_width, section.page_height = Cm(21.0), Cm(29.7)
            section.left_margin = section.right_margin = Cm(2.0)
            section.top_margin = section.bottom_margin = Cm(2.0)
