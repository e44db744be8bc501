"""Render DOCX templates with docxtpl in a sandboxed, strict, autoescaping Jinja.

- Autoescape is on: a value such as ``A & B <C> {{ 7*7 }}`` appears literally (docxtpl's
  default silently corrupts the XML).
- The environment is Jinja's immutable sandbox: templates cannot reach Python internals.
- Undefined names are errors naming the template and the field (``case.physician.faxx``).
- A syntax error names the paragraph it is in (quoting the template's own text); any other
  failure while rendering, such as printing a method instead of a value or multiplying a
  string to megabytes, is a :class:`~accesspack.errors.TemplateError` naming the template.
- Rendered files have fixed zip timestamps so the same case gives the same bytes.
- Each template file is read once per process (:mod:`.prepared`): a render fills in the
  XML docxtpl patched the first time and writes the DOCX once.
"""

from __future__ import annotations

import gc
import hashlib
import io
import re
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import missing

from ..errors import TemplateError, TemplateFieldError
from ..languages import (
    check_date_pattern,
    format_date,
    format_number,
    format_percent,
    labels_for,
)
from ..model.dates import Month
from ..model.patient import first_last_initials
from ..vocabulary import label as vocabulary_label
from . import prepared
from .context import Namespace
from .fixedzip import deflate, fixed_zip
from .prose import clause, inline, sentence

CHECKED, UNCHECKED = "[X]", "[ ]"

#: Largest string or list a template may build with ``*`` (and largest ``**`` exponent).
MAX_PRODUCT = 1_000_000
MAX_EXPONENT = 100


#: Compiled template code kept across builds, most recently used last: key -> code.
_COMPILED: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_COMPILED_LOCK = threading.Lock()
#: How many compiled XML parts are kept (a DOCX template has a few: body, headers, footers;
#: a route has up to a dozen templates), so a worker's memory stays bounded.
MAX_COMPILED = 128


class _Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with ``*`` and ``**`` bounded (no megabyte strings).

    Compiling a template's XML is a third of a build's work when LibreOffice is not counted
    (docxtpl compiles each part from its text on every render), so the code Jinja makes
    is kept, per source text and per ``signature``: the date pattern and language that
    :func:`make_environment` builds the filters and ``finalize`` from, the only settings that
    reach the compiled code (constant output and constant filter calls are folded with
    them). Environments of the same signature share it; the code runs in the environment
    that renders it.
    """

    intercepted_binops = frozenset(["*", "**"])
    signature: tuple[str, str] | None = None

    def compile(self, source: Any, name: str | None = None, filename: str | None = None,
                raw: bool = False, defer_init: bool = False) -> Any:
        if raw:
            return super().compile(source, name, filename, True, defer_init)
        if self.signature is None or not isinstance(source, str):
            return super().compile(source, name, filename, False, defer_init)
        digest = hashlib.sha256(source.encode("utf-8", "surrogatepass")).digest()
        key = (self.signature, digest, name, filename, defer_init)
        with _COMPILED_LOCK:
            code = _COMPILED.get(key)
            if code is not None:
                _COMPILED.move_to_end(key)
                return code
        code = super().compile(source, name, filename, False, defer_init)
        with _COMPILED_LOCK:
            _COMPILED[key] = code
            while len(_COMPILED) > MAX_COMPILED:
                _COMPILED.popitem(last=False)
        return code

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if (isinstance(seq, str | list | tuple) and isinstance(times, int)
                        and len(seq) * times > MAX_PRODUCT):
                    raise SecurityError(
                        f"'*' would build a value of more than {MAX_PRODUCT:,} items"
                    )
        if operator == "**" and isinstance(right, int | float) and right > MAX_EXPONENT:
            raise SecurityError(f"'**' with an exponent above {MAX_EXPONENT}")
        return super().call_binop(context, operator, left, right)


class _FieldMissing(jinja2.UndefinedError):
    """Raised by :class:`_FieldUndefined`; carries the field path and why it is missing."""

    def __init__(self, message: str | tuple[str, str] | None = None) -> None:
        field, why = message if isinstance(message, tuple) else ("?", str(message))
        super().__init__(f"{field} {why}")
        self.field = field
        self.why = why


class _FieldUndefined(jinja2.StrictUndefined):
    """Any use of an undefined name raises, saying which field of which section.

    The sandbox's own refusals (``__class__`` and the like) keep their SecurityError.
    """

    __slots__ = ()

    def __init__(
        self,
        hint: str | None = None,
        obj: Any = missing,
        name: str | None = None,
        exc: type[jinja2.TemplateRuntimeError] = jinja2.UndefinedError,
    ) -> None:
        super().__init__(hint, obj, name, _FieldMissing if exc is jinja2.UndefinedError else exc)

    @property
    def _undefined_message(self) -> Any:
        if self._undefined_hint is not None:
            return self._undefined_hint
        owner, name = self._undefined_obj, self._undefined_name
        if isinstance(owner, jinja2.Undefined):
            # chained from an earlier failure (e.g. x|attr('__class__')|attr('__mro__')):
            # report that one, the sandbox's refusal or the missing field
            owner._fail_with_undefined_error()
        if isinstance(owner, Namespace):
            field = f"{owner._field_path}.{name}"
            if name in owner._withheld:
                return (field, "is withheld by this route (identity policy)")
            return (field, "does not exist in the case model")
        if owner is missing:
            return (str(name), "is not defined")
        return (f"{type(owner).__name__}.{name}", "does not exist")


def humanize(value: Any) -> str:
    """``not_hispanic_or_latino`` -> ``Not hispanic or latino``."""
    if value is None:
        return ""
    text = str(value).replace("_", " ")
    return text[:1].upper() + text[1:]


def make_environment(date_format: str, language: str = "en") -> ImmutableSandboxedEnvironment:
    """The Jinja environment every template is rendered in.

    Dates print in ``date_format`` (a CLDR date pattern, ``dd/MM/yyyy``); numbers,
    percentages and dates in the CLDR convention of ``language`` (``61,5`` and ``80 %`` in
    French); filters: ``date``, ``number``, ``percent``, ``humanize``,
    ``check``, ``label`` (a coded value's word in ``language``, see
    :mod:`accesspack.vocabulary`), ``first_last_initials`` (``JQD`` -> ``J.D``, see
    :func:`accesspack.model.patient.first_last_initials`), and for case text set inside a
    sentence ``clause``, ``sentence`` and ``inline`` (see :mod:`accesspack.render.prose`).
    """

    check_date_pattern(date_format, year=False)
    words = labels_for(language)

    def fmt_date(value: date | Month | None, pattern: str | None = None) -> str:
        # a Month (known to the month only) prints without a day: 01/2025, 2025年1月
        return "" if value is None else format_date(value, pattern or date_format, language)

    def finalize(value: Any) -> Any:
        if isinstance(value, jinja2.Undefined):
            return value  # printing it raises, naming the field (or the sandbox's refusal)
        if value is None:
            return ""
        if isinstance(value, bool):
            return words.yes if value else words.no
        if isinstance(value, date | datetime | Month):
            return format_date(value, date_format, language)
        if isinstance(value, float):
            return format_number(value, language)
        if isinstance(value, list):
            return ", ".join(str(finalize(v)) for v in value)
        if callable(value):  # a method or class, e.g. {{ case.items }}: never print its repr
            raise jinja2.TemplateRuntimeError(
                "a tag prints a function or method instead of a value (remove the name after "
                "the last dot, or call a filter instead)"
            )
        return value

    def check(value: Any) -> str:
        return CHECKED if value else UNCHECKED

    def number(value: float | None, decimals: int | None = None) -> str:
        return "" if value is None else format_number(value, language, decimals)

    def percent(value: float | None, decimals: int | None = None) -> str:
        if value is None:
            return ""
        return format_percent(value, language, decimals)

    def label(value: Any, domain: str) -> str:
        return "" if value is None else vocabulary_label(value, domain, language)

    def inline_text(value: Any) -> str:
        return inline(value, language)

    env = _Sandbox(
        autoescape=True,
        undefined=_FieldUndefined,
        finalize=finalize,
        keep_trailing_newline=True,
    )
    env.signature = (date_format, language)
    filters: dict[str, Callable[..., Any]] = {
        "date": fmt_date,
        "humanize": humanize,
        "check": check,
        "number": number,
        "percent": percent,
        "label": label,
        "clause": clause,
        "sentence": sentence,
        "inline": inline_text,
        "first_last_initials": first_last_initials,
    }
    env.filters.update(filters)
    return env


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
_TAG = re.compile(r"\{%-?\s*(?:(?:p|tr|tc|r)\s+)?(\w+)(.*?)-?%\}|\{\{.*?\}\}", re.DOTALL)
_BLOCKS = {"if", "for", "with", "macro", "call", "filter", "block", "raw", "autoescape", "trans"}
_SPANNING = re.compile(
    r"^Unexpected end of template|^Encountered unknown tag '(end\w*|else|elif)'\.$"
)
_WORD_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def _paragraphs(template: Path) -> Iterator[tuple[str, str]]:
    """(where, text) of every paragraph of a DOCX, body first, in document order."""
    with zipfile.ZipFile(template) as zf:
        names = sorted((n for n in zf.namelist() if _PARTS.fullmatch(n)),
                       key=lambda n: (n != "word/document.xml", n))
        for name in names:
            part = _PARTS.fullmatch(name)
            assert part is not None
            kind = part.group(1).rstrip("0123456789")
            root = ElementTree.fromstring(zf.read(name))
            for i, para in enumerate(root.iter(f"{_W}p"), start=1):
                text = "".join(t.text or "" for t in para.iter(f"{_W}t"))
                where = f"paragraph {i}" + ("" if kind == "document" else f" of the {kind}")
                yield where, text


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return f"“{text[:77]}...”" if len(text) > 80 else f"“{text}”"


def _syntax_error_place(template: Path, env: jinja2.Environment) -> str | None:
    """Where a template's syntax error is: a paragraph whose tags do not parse, or the
    paragraph of a block that is never closed (or closed without being opened)."""
    try:
        paragraphs = [(w, t.translate(_WORD_QUOTES)) for w, t in _paragraphs(template)]
    except (OSError, zipfile.BadZipFile, ElementTree.ParseError):
        return None
    for where, text in paragraphs:  # a tag broken within its paragraph
        if "{" not in text:
            continue
        alone = re.sub(r"\{%-?\s*(p|tr|tc|r)\s", "{% ", text)
        alone = re.sub(r"\{\{-?\s*(p|r)\s", "{{ ", alone)
        try:
            env.parse(alone)
        except jinja2.TemplateSyntaxError as exc:
            if not _SPANNING.search(exc.message or ""):
                return f"in {where} ({_quote(text)}): {exc.message}"
    opened: list[tuple[str, str, str]] = []
    for where, text in paragraphs:  # blocks spanning paragraphs
        for tag in _TAG.finditer(text):
            word, rest = tag.group(1), tag.group(2) or ""
            if word is None:
                continue
            if word in _BLOCKS or (word == "set" and "=" not in rest):
                opened.append((word, where, text))
            elif word.startswith("end"):
                if not opened or opened[-1][0] != word[3:]:
                    return (f"in {where} ({_quote(text)}): {{% {word} %}} closes no open "
                            f"{{% {word[3:]} %}}")
                opened.pop()
    if opened:
        word, where, text = opened[-1]
        return (f"in {where} ({_quote(text)}): this {{% {word} %}} is never closed by "
                f"{{% end{word} %}}")
    return None


def unreadable_template(template: Path, exc: Exception, env: jinja2.Environment,
                        places: Sequence[str] = ()) -> TemplateError:
    """The error for a template that cannot be read: a Jinja syntax error, naming its
    paragraph (``places``: the place of each line of the parsed source, when the
    paragraphs of the file do not show it), or a file that is not a Word document."""
    name = template.name
    if not isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateError(
            f"template {name} is not a readable Word document ({exc.__class__.__name__})",
            template=name,
        )
    place = _syntax_error_place(template, env)
    if place is None and exc.lineno and 0 < exc.lineno <= len(places):
        place = f"in {places[exc.lineno - 1]}: {exc.message}"
    what = place or f": {exc.message}"
    return TemplateError(
        f"template {name} has a Jinja syntax error {what} (edit it in Word; "
        "check that {{ }} and {% %} tags are whole)",
        template=name,
    )


def render_docx(
    template: Path,
    context: Mapping[str, Any],
    dest: Path,
    *,
    env: ImmutableSandboxedEnvironment,
    stamp: date,
    page_size: str | None = None,
) -> None:
    """Render ``template`` with ``context`` into ``dest`` (a DOCX); ``page_size``
    (``letter`` or ``a4``) sets the paper and margins of a template written for both
    (the built-in portal worksheet), else the template's own are kept."""
    from docx.opc.exceptions import OpcError  # imported late: python-docx is slow to import

    name = template.name
    try:
        data: bytes | None = template.read_bytes()
    except OSError:
        data = None  # docxtpl fails on it below, as it always did
    ready = None if data is None else prepared.prepared(data)
    try:
        if ready is not None:
            out = prepared.render(ready, template, context, env, stamp=stamp,
                                  page_size=page_size)
        else:
            out = _render_with_docxtpl(template, context, env, stamp, page_size)
    except _FieldMissing as exc:
        raise TemplateFieldError(
            f"template {name} uses {exc.field}, which {exc.why}; fix the template "
            "(accesspack templates check lists every field it may use)",
            template=name,
            field=exc.field,
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise unreadable_template(template, exc, env) from None
    except SecurityError as exc:
        raise TemplateError(
            f"template {name} tried an unsafe operation, refused by the sandbox: {exc}; "
            "templates may only print case fields and use filters: remove that tag",
            template=name,
        ) from None
    except (zipfile.BadZipFile, KeyError, OpcError, SyntaxError) as exc:  # lxml: SyntaxError
        raise unreadable_template(template, exc, env) from None
    except jinja2.TemplateError as exc:
        raise TemplateError(
            f"template {name} failed to render: {exc}; fix the template", template=name
        ) from None
    except (ArithmeticError, TypeError, ValueError, LookupError, MemoryError) as exc:
        # e.g. {{ 1/0 }}, {{ 'a' + 1 }}, {{ range(10**9) }}: an error in the template
        raise TemplateError(
            f"template {name} failed to render: {exc.__class__.__name__} in a tag ({exc}); "
            "fix the template",
            template=name,
        ) from None
    dest.write_bytes(out)


def _render_with_docxtpl(template: Path, context: Mapping[str, Any],
                         env: ImmutableSandboxedEnvironment, stamp: date,
                         page_size: str | None) -> bytes:
    """docxtpl's own render and save, for a template :mod:`.prepared` does not cover."""
    from docxtpl import DocxTemplate  # imported late: python-docx is slow to import

    tpl = DocxTemplate(str(template))
    tpl.render(dict(context), jinja_env=env, autoescape=True)
    if page_size is not None:
        prepared.set_page(tpl.docx.sections, page_size)
    buf = io.BytesIO()
    tpl.save(buf)
    data = buf.getvalue()
    # python-docx's package and its parts refer to each other through their relationships:
    # a cycle that keeps the document's XML trees (about 5 MB a document) until the
    # cycle collector runs; a young-generation collection frees them now (about 1 ms)
    del tpl, buf
    gc.collect(1)
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        return fixed_zip((deflate(info.filename, src.read(info.filename))
                          for info in src.infolist()), stamp)
