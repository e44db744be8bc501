"""Render DOCX templates with docxtpl in a sandboxed, strict, autoescaping Jinja.

- Autoescape is on: a value such as ``A & B <C> {{ 7*7 }}`` appears literally (docxtpl's
  default silently corrupts the XML).
- The environment is Jinja's immutable sandbox: templates cannot reach Python internals.
- Undefined names are errors naming the template and the field (``case.physician.faxx``).
- Rendered files have fixed zip timestamps so the same case gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import missing

from ..errors import TemplateError, TemplateFieldError
from ..locale import format_date, format_number, labels_for
from .context import Namespace

CHECKED, UNCHECKED = "[X]", "[ ]"


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
        if isinstance(owner, Namespace):
            field = f"{owner.path}.{name}"
            if name in owner.withheld:
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

    Dates print in ``date_format``; numbers in the convention of ``language``
    (``61,5`` in French); filters: ``date``, ``number``, ``percent``, ``humanize``,
    ``check``.
    """

    words = labels_for(language)

    def fmt_date(value: date | None, pattern: str | None = None) -> str:
        return "" if value is None else format_date(value, pattern or date_format)

    def finalize(value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, bool):
            return words.yes if value else words.no
        if isinstance(value, date | datetime):
            return format_date(value, date_format)
        if isinstance(value, float):
            return format_number(value, language)
        if isinstance(value, list):
            return ", ".join(str(finalize(v)) for v in value)
        return value

    def check(value: Any) -> str:
        return CHECKED if value else UNCHECKED

    def number(value: float | None, decimals: int | None = None) -> str:
        return "" if value is None else format_number(value, language, decimals)

    def percent(value: float | None, decimals: int | None = None) -> str:
        if value is None:
            return ""
        return labels_for(language).percent.format(value=number(value, decimals))

    env = ImmutableSandboxedEnvironment(
        autoescape=True,
        undefined=_FieldUndefined,
        finalize=finalize,
        keep_trailing_newline=True,
    )
    filters: dict[str, Callable[..., Any]] = {
        "date": fmt_date,
        "humanize": humanize,
        "check": check,
        "number": number,
        "percent": percent,
    }
    env.filters.update(filters)
    return env


def _fixed_zip(data: bytes, stamp: date) -> bytes:
    """Rewrite a DOCX zip with every entry dated ``stamp`` (reproducible bytes)."""
    when = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED
    ) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def render_docx(
    template: Path,
    context: Mapping[str, Any],
    dest: Path,
    *,
    env: ImmutableSandboxedEnvironment,
    stamp: date,
) -> None:
    """Render ``template`` with ``context`` into ``dest`` (a DOCX)."""
    from docxtpl import DocxTemplate  # imported late: python-docx is slow to import

    name = template.name
    try:
        tpl = DocxTemplate(str(template))
        tpl.render(dict(context), jinja_env=env, autoescape=True)
        buf = io.BytesIO()
        tpl.save(buf)
    except _FieldMissing as exc:
        raise TemplateFieldError(
            f"template {name} uses {exc.field}, which {exc.why}; fix the template "
            "(accesspack templates check lists every field it may use)",
            template=name,
            field=exc.field,
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"template {name} has a Jinja syntax error: {exc.message} (edit it in Word; "
            "check that {{ }} and {% %} tags are whole)",
            template=name,
        ) from None
    except SecurityError as exc:
        raise TemplateError(
            f"template {name} tried an unsafe operation, refused by the sandbox: {exc}",
            template=name,
        ) from None
    except (zipfile.BadZipFile, KeyError) as exc:
        raise TemplateError(
            f"template {name} is not a readable Word document ({exc.__class__.__name__})",
            template=name,
        ) from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"template {name} failed to render: {exc}", template=name) from None
    dest.write_bytes(_fixed_zip(buf.getvalue(), stamp))
