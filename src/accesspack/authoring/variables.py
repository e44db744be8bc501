"""Every variable a DOCX template uses, read the way a build reads it.

The template's XML is prepared by docxtpl exactly as at render time (its ``patch_xml``:
tags split over runs are joined, ``{%p %}``, ``{%tr %}``, ``{%tc %}`` and ``{%r %}`` tags
replace their paragraph, row, cell or run), for the body, every header and footer, the
footnotes and the document properties; it is then parsed by the real environment
(:func:`~accesspack.render.docx.make_environment`) and its syntax tree walked.

A use is a dotted path from a name of the template context: ``case.patient.initials``,
``case.prior_treatments[].regimen`` (``[]``: an item of a list, reached by a loop or an
index), ``form.items.physician.number``. Names a template defines itself (loop variables,
``set`` and ``with`` variables, macro arguments) are followed back to what they stand for:
in ``{% for t in case.prior_treatments %}{{ t.regimen }}``, ``t.regimen`` is
``case.prior_treatments[].regimen``; names of the environment (``loop``, ``range``,
``dict``, ``namespace``...) are not uses.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import jinja2
from jinja2 import nodes

from ..errors import TemplateError
from ..render.docx import make_environment, unreadable_template

#: Names Jinja defines inside templates whatever the context holds.
SPECIAL_NAMES = frozenset({"loop", "caller", "varargs", "kwargs", "self", "super"})
#: docxtpl renders these document properties as templates too.
PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
#: Filters whose result is the same list, maybe shorter or reordered.
_SAME_LIST = frozenset({"list", "select", "reject", "selectattr", "rejectattr", "unique",
                        "sort", "reverse"})
#: Filters whose result is a list of sub-lists of the list: an item is shaped like the list.
_SUB_LISTS = frozenset({"batch", "slice"})
#: Filters whose result is one item of the list.
_ONE_ITEM = frozenset({"first", "last", "random", "min", "max"})
#: Filters that read an attribute of each item: the argument naming it.
_ATTRIBUTE_ARG = {"selectattr": 0, "rejectattr": 0, "map": None, "sort": None, "groupby": 0,
                  "sum": None, "unique": None, "min": None, "max": None}

StepKind = Literal["attr", "item", "each", "call"]


@dataclass(frozen=True)
class Step:
    """One step of a path: ``.name`` (``attr``), ``['name']`` (``item``), ``[]`` (``each``:
    any item of a list or any key of a mapping) or ``.name()`` (``call``: a method)."""

    kind: StepKind
    name: str = ""

    def __str__(self) -> str:
        if self.kind == "each":
            return "[]"
        return f".{self.name}()" if self.kind == "call" else f".{self.name}"


Ref = tuple[str, tuple[Step, ...]]


def path_text(root: str, steps: tuple[Step, ...]) -> str:
    """``case`` and (``.patient``, ``.initials``) -> ``case.patient.initials``."""
    return root + "".join(str(s) for s in steps)


@dataclass(frozen=True)
class VariableUse:
    """A variable a template uses, and where (``paragraph 12``, ``... of the header``).

    ``guarded`` uses are tested with ``is defined``/``is undefined``: their last step may
    be missing (Jinja tolerates only that one: ``case.patiant.initials is defined`` fails).
    """

    root: str
    steps: tuple[Step, ...]
    where: str
    guarded: bool = False

    @property
    def path(self) -> str:
        """The dotted path, e.g. ``case.prior_treatments[].regimen``."""
        return path_text(self.root, self.steps)


@dataclass(frozen=True)
class TemplateAnalysis:
    """What a template uses: variables, filters and tests (with where), unsupported tags,
    and the patterns written in its ``date('…')`` filters."""

    uses: list[VariableUse]
    filters: list[tuple[str, str]] = field(default_factory=list)
    tests: list[tuple[str, str]] = field(default_factory=list)
    unsupported: list[tuple[str, str]] = field(default_factory=list)
    date_patterns: list[tuple[str, str]] = field(default_factory=list)


# -- reading the DOCX as docxtpl does ---------------------------------------------------


_P_OPEN = re.compile(r"<w:p([ >/])")
_MARK = re.compile(r'<w:p ap-n="(\d+)"')


def _mark_paragraphs(xml: str) -> str:
    """Number every ``<w:p>`` as :func:`~accesspack.render.docx._paragraphs` counts them
    (``<w:p/>`` counted, not marked: docxtpl's patterns never match it)."""
    count = 0

    def mark(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return m.group(0) if m.group(1) == "/" else f'<w:p ap-n="{count}"{m.group(1)}'

    return _P_OPEN.sub(mark, xml)


def _locator(xml: str, suffix: str) -> tuple[str, list[str]]:
    """The patched XML one paragraph a line (as docxtpl renders it), and each line's place."""
    xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml).replace("</w:p>", "</w:p>\n")
    places: list[str] = []
    last = 0
    lines = xml.split("\n")
    for i, line in enumerate(lines):
        m = _MARK.match(line)
        if m:
            last = int(m.group(1))
            places.append(f"paragraph {last}{suffix}")
            continue
        # between paragraphs: what a {%p %} or {%tr %} tag replaced, i.e. the paragraphs
        # between the one before and the one after
        after = next((int(n.group(1)) for n in map(_MARK.match, lines[i + 1:]) if n), None)
        first, end = last + 1, (after - 1 if after is not None else last + 1)
        if first > end:  # nothing between them
            places.append(f"after paragraph {last}{suffix}" if last else f"start{suffix}")
        elif first == end:
            places.append(f"paragraph {first}{suffix}")
        else:
            places.append(f"paragraphs {first}-{end}{suffix}")
    return xml, places


def _sources(template: Path) -> list[tuple[str, list[str]]]:
    """(template source, place of each line) of every part docxtpl renders."""
    from docx.oxml import parse_xml
    from docxtpl import DocxTemplate  # imported late: python-docx is slow to import

    tpl = DocxTemplate(str(template))
    tpl.init_docx()
    doc = tpl.docx
    out: list[tuple[str, list[str]]] = []
    body = tpl.patch_xml(_mark_paragraphs(tpl.xml_to_string(doc._element.body)))
    out.append(_locator(body, ""))
    for uri, kind in ((tpl.HEADER_URI, "header"), (tpl.FOOTER_URI, "footer")):
        for rel in doc._part.rels.values():
            if rel.reltype == uri and rel.target_part.blob:
                xml = tpl.xml_to_string(parse_xml(rel.target_part.blob))
                out.append(_locator(tpl.patch_xml(_mark_paragraphs(xml)), f" of the {kind}"))
    footnotes = ("application/vnd.openxmlformats-officedocument"
                 ".wordprocessingml.footnotes+xml")
    for part in doc.part.package.parts:
        if part.content_type == footnotes:
            blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
            out.append(_locator(tpl.patch_xml(_mark_paragraphs(blob)), " of the footnotes"))
    for prop in PROPERTIES:
        text = getattr(doc.core_properties, prop) or ""
        if "{" in text:
            out.append((text, [f"document property {prop!r}"] * (text.count("\n") + 1)))
    return out


def template_analysis(template: Path,
                      env: jinja2.Environment | None = None) -> TemplateAnalysis:
    """Everything ``template`` uses; raises :class:`~accesspack.errors.TemplateError`
    (naming the paragraph) on a Jinja syntax error or an unreadable file."""
    from docx.opc.exceptions import OpcError

    env = env or make_environment("yyyy-MM-dd")
    name = template.name
    try:
        sources = _sources(template)
    except (zipfile.BadZipFile, KeyError, OpcError, SyntaxError, ValueError) as exc:
        raise unreadable_template(template, exc, env) from None
    except OSError as exc:
        raise TemplateError(f"template {name} cannot be read: {exc.strerror or exc}",
                            template=name) from None
    walker = _Walker(env)
    for source, places in sources:
        try:
            tree = env.parse(source)
        except jinja2.TemplateSyntaxError as exc:
            raise unreadable_template(template, exc, env, places) from None
        walker.places = places
        walker.statements(tree.body, {})
    return TemplateAnalysis(walker.uses, walker.filters, walker.tests, walker.unsupported,
                            walker.date_patterns)


def source_analysis(source: str, where: str,
                    env: jinja2.Environment | None = None) -> TemplateAnalysis:
    """Everything a Jinja ``source`` written outside a DOCX uses (a portal worksheet's
    ``template:``), each use placed at ``where``; raises :class:`jinja2.TemplateSyntaxError`."""
    env = env or make_environment("yyyy-MM-dd")
    tree = env.parse(source)
    walker = _Walker(env)
    walker.places = [where] * (source.count("\n") + 1)
    walker.statements(tree.body, {})
    return TemplateAnalysis(walker.uses, walker.filters, walker.tests, walker.unsupported,
                            walker.date_patterns)


def template_variables(template: Path) -> list[VariableUse]:
    """Every variable ``template`` uses, in document order (see the module's docstring)."""
    return template_analysis(template).uses


# -- the syntax tree --------------------------------------------------------------------


Scope = dict[str, list[Ref]]


class _Walker:
    """Walks statements; each expression gives the context paths its value may be."""

    def __init__(self, env: jinja2.Environment) -> None:
        self.defined = frozenset(env.globals) | SPECIAL_NAMES
        self.places: list[str] = []
        self.uses: list[VariableUse] = []
        self.filters: list[tuple[str, str]] = []
        self.tests: list[tuple[str, str]] = []
        self.unsupported: list[tuple[str, str]] = []
        self.date_patterns: list[tuple[str, str]] = []
        self.guard = 0

    def where(self, node: nodes.Node) -> str:
        line = getattr(node, "lineno", 0) or 0
        if 0 < line <= len(self.places):
            return self.places[line - 1]
        return self.places[-1] if self.places else "?"

    def use(self, refs: list[Ref], node: nodes.Node) -> None:
        where = self.where(node)
        for root, steps in refs:
            self.uses.append(VariableUse(root, steps, where, self.guard > 0))

    # statements

    def statements(self, body: list[nodes.Node], scope: Scope) -> None:
        for node in body:
            self.statement(node, scope)

    def statement(self, node: nodes.Node, scope: Scope) -> None:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                self.consume(child, scope)
        elif isinstance(node, nodes.If):
            self.consume(node.test, scope)
            self.statements(node.body, scope)
            for elif_ in node.elif_:
                self.statement(elif_, scope)
            self.statements(node.else_, scope)
        elif isinstance(node, nodes.For):
            items = self.items_of(node.iter, scope)
            inner = dict(scope)
            self.bind(node.target, items, inner)
            if node.test is not None:
                self.consume(node.test, inner)
            self.statements(node.body, inner)
            self.statements(node.else_, scope)
        elif isinstance(node, nodes.Assign):
            refs = self.expr(node.node, scope)
            self.use(refs, node)
            self.bind(node.target, refs, scope)
        elif isinstance(node, nodes.AssignBlock):
            self.statements(node.body, dict(scope))
            if node.filter is not None:
                self.filter(node.filter, scope)
            self.bind(node.target, [], scope)
        elif isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values, strict=False):
                refs = self.expr(value, scope)
                self.use(refs, value)
                self.bind(target, refs, inner)
            self.statements(node.body, inner)
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            for default in node.defaults:
                self.consume(default, scope)
            if isinstance(node, nodes.CallBlock):
                self.consume(node.call, scope)
            inner = dict(scope)
            for arg in node.args:
                inner[arg.name] = []
            if isinstance(node, nodes.Macro):
                scope[node.name] = []
                inner[node.name] = []
            self.statements(node.body, inner)
        elif isinstance(node, nodes.FilterBlock):
            self.statements(node.body, scope)
            self.filter(node.filter, scope)
        elif isinstance(node, nodes.Include | nodes.Import | nodes.FromImport | nodes.Extends):
            tag = {nodes.Include: "include", nodes.Import: "import",
                   nodes.FromImport: "from ... import", nodes.Extends: "extends"}[type(node)]
            self.unsupported.append((tag, self.where(node)))
        elif isinstance(node, nodes.Expr):
            self.consume(node, scope)
        else:  # Scope, Block, ExprStmt, EvalContextModifier...
            for sub in node.iter_child_nodes():
                if isinstance(sub, nodes.Expr):
                    self.consume(sub, scope)
                else:
                    self.statement(sub, dict(scope) if isinstance(node, nodes.Block)
                                   else scope)

    def bind(self, target: nodes.Node, refs: list[Ref], scope: Scope) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = refs
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, [], scope)

    # expressions

    def consume(self, node: nodes.Node, scope: Scope) -> None:
        """Evaluate ``node`` for its value: every path it may be is a use."""
        self.use(self.expr(node, scope), node)

    def items_of(self, node: nodes.Node, scope: Scope) -> list[Ref]:
        """The paths an item of the iterable ``node`` may be (the iterable is a use)."""
        if isinstance(node, nodes.List | nodes.Tuple):
            out: list[Ref] = []
            for item in node.items:
                refs = self.expr(item, scope)
                self.use(refs, item)
                out += refs
            return out
        if isinstance(node, nodes.Add):
            return self.items_of(node.left, scope) + self.items_of(node.right, scope)
        if isinstance(node, nodes.Filter) and node.name in _SAME_LIST and node.node:
            self.filter(node, scope)
            return self.items_of(node.node, scope)
        if isinstance(node, nodes.Filter) and node.name in _SUB_LISTS and node.node:
            self.filter(node, scope)  # the list is a use
            return self.expr(node.node, scope)  # each item: a part of that list
        if (isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr)
                and node.node.attr in ("items", "values") and not node.args):
            base = self.expr(node.node.node, scope)
            self.use([(r, (*s, Step("call", node.node.attr))) for r, s in base], node)
            return [] if node.node.attr == "items" else [(r, (*s, Step("each"))) for r, s in base]
        refs = self.expr(node, scope)
        self.use(refs, node)
        return [(r, (*s, Step("each"))) for r, s in refs]

    def expr(self, node: nodes.Node, scope: Scope) -> list[Ref]:
        """The context paths the value of ``node`` may be; nested uses are recorded."""
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            return [] if node.name in self.defined else [(node.name, ())]
        if isinstance(node, nodes.Getattr):
            return [(r, (*s, Step("attr", node.attr))) for r, s in self.expr(node.node, scope)]
        if isinstance(node, nodes.Getitem):
            base = self.expr(node.node, scope)
            arg = node.arg
            if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                step = Step("item", arg.value)
            elif isinstance(arg, nodes.Slice):
                self.consume(arg, scope)
                return base
            else:
                self.consume(arg, scope)
                step = Step("each")
            return [(r, (*s, step)) for r, s in base]
        if isinstance(node, nodes.Call):
            return self.call(node, scope)
        if isinstance(node, nodes.Filter):
            return self.filter(node, scope)
        if isinstance(node, nodes.Test):
            guard = node.name in ("defined", "undefined")
            self.guard += guard
            try:
                self.consume(node.node, scope)
            finally:
                self.guard -= guard
            self.tests.append((node.name, self.where(node)))
            self.arguments(node, scope)
            return []
        if isinstance(node, nodes.Or | nodes.Add):
            return self.expr(node.left, scope) + self.expr(node.right, scope)
        if isinstance(node, nodes.And):
            self.consume(node.left, scope)
            return self.expr(node.right, scope)
        if isinstance(node, nodes.CondExpr):
            self.consume(node.test, scope)
            out = self.expr(node.expr1, scope)
            return out + (self.expr(node.expr2, scope) if node.expr2 is not None else [])
        if isinstance(node, nodes.Const | nodes.TemplateData):
            return []
        for child in node.iter_child_nodes():  # Compare, Not, Concat, List, Dict, Mul...
            self.consume(child, scope)
        return []

    def arguments(self, node: nodes.Call | nodes.Filter | nodes.Test, scope: Scope) -> None:
        for arg in node.args:
            self.consume(arg, scope)
        for kw in node.kwargs:
            self.consume(kw.value, scope)
        for dyn in (node.dyn_args, node.dyn_kwargs):
            if dyn is not None:
                self.consume(dyn, scope)

    def call(self, node: nodes.Call, scope: Scope) -> list[Ref]:
        target = node.node
        if not isinstance(target, nodes.Getattr):  # dict(...), range(...), a macro
            self.consume(target, scope)
            self.arguments(node, scope)
            return []
        base = self.expr(target.node, scope)
        method = target.attr
        self.arguments(node, scope)
        if method == "get" and node.args:
            step = Step("each")  # .get() of a missing key is None, not an error
            self.use([(r, (*s, Step("call", "get"))) for r, s in base], node)
            default = self.expr(node.args[1], scope) if len(node.args) > 1 else []
            return [(r, (*s, step)) for r, s in base] + default
        self.use([(r, (*s, Step("call", method))) for r, s in base], node)
        return []

    def filter(self, node: nodes.Filter, scope: Scope) -> list[Ref]:
        self.filters.append((node.name, self.where(node)))
        if node.name == "date" and node.args and isinstance(node.args[0], nodes.Const):
            self.date_patterns.append((str(node.args[0].value), self.where(node)))
        base = self.expr(node.node, scope) if node.node is not None else []
        self.arguments(node, scope)
        attribute = self._attribute_arg(node)
        if attribute is not None:
            steps = tuple(Step("attr", part) for part in attribute.split(".")
                          if not part.isdigit())
            self.use([(r, (*s, Step("each"), *steps)) for r, s in base], node)
        if node.name in _SAME_LIST:
            return base
        if node.name in _SUB_LISTS:  # a list of sub-lists: the list itself is the use
            self.use(base, node)  # (looped over, an item is shaped like it: see items_of)
            return []
        if node.name in _ONE_ITEM:
            return [(r, (*s, Step("each"))) for r, s in base]
        if node.name in ("default", "d"):
            return base + (self.expr(node.args[0], scope) if node.args else [])
        self.use(base, node)
        return []

    @staticmethod
    def _attribute_arg(node: nodes.Filter) -> str | None:
        if node.name not in _ATTRIBUTE_ARG:
            return None
        value: Any = None
        for kw in node.kwargs:
            if kw.key == "attribute" and isinstance(kw.value, nodes.Const):
                value = kw.value.value
        position = _ATTRIBUTE_ARG[node.name]
        if value is None and position is not None and len(node.args) > position:
            arg = node.args[position]
            value = arg.value if isinstance(arg, nodes.Const) else None
        return value if isinstance(value, str) and value else None
