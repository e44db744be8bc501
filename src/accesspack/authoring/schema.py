"""The shape of a template's context on a route, and checking a path against it.

The shape is derived, never listed by hand:

- ``case`` from the pydantic models (``model_fields`` annotations: nested models,
  ``list[X]`` -> items ``[]``, :class:`~accesspack.model.LocalizedText` -> text,
  ``Optional[X]`` -> ``X``, ``dict`` -> any key), as
  :func:`~accesspack.render.context.case_context` shows it: the patient fields the route's
  identity policy withholds are absent, ``case.patient.age`` is added, attachments have
  no ``path`` or ``password``;
- ``attachments.<kind>`` for every kind of :data:`~accesspack.model.ATTACHMENT_KINDS`;
- ``route``, ``packet``, ``regulator``, ``form`` and ``options`` from the values
  :func:`~accesspack.buildplan.route_context` gives on the route (:func:`schema_of_value`:
  its ``regulator.yaml`` and form item map too, so a misspelt contact or form item is
  found, and a value that is nothing there, such as a route's missing country, has no
  fields); ``prepared_on`` is a date.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, Union

from pydantic import BaseModel, SecretStr

from ..model import ATTACHMENT_KINDS, Attachment, Case, LocalizedText
from ..render.context import (
    ATTACHMENT_HIDDEN,
    PATIENT_AGE,
    PRINT_INSTEAD,
    WITHHELD,
)
from .variables import Step, path_text


class Schema:
    """What a value of the context is (base class)."""


@dataclass(frozen=True)
class AnyValue(Schema):
    """A value whose shape is not known here (a ``set`` to a ``dict(...)``, a method's
    result): everything is allowed."""


@dataclass(frozen=True)
class Leaf(Schema):
    """Text, a number, a date, yes/no or nothing: no fields, only the Python type's own
    methods and attributes (``.upper()``, ``.year``)."""

    types: tuple[type, ...]
    label: str


@dataclass(frozen=True)
class Seq(Schema):
    """A list; ``item`` is the shape of each item."""

    item: Schema


@dataclass(frozen=True)
class MapOf(Schema):
    """A mapping with any keys (a ``dict`` field)."""

    value: Schema


@dataclass(frozen=True)
class Record(Schema):
    """A mapping with known keys: a case section (``namespace``: a
    :class:`~accesspack.render.context.Namespace`) or a plain dict of the context.

    ``absent`` maps a key that exists in the model but not in the template context to the
    reason (withheld by the identity policy, an attachment's path).
    """

    path: str
    fields: Mapping[str, Schema]
    owner: str
    namespace: bool = False
    absent: Mapping[str, str] = field(default_factory=dict)


TEXT = Leaf((str,), "text")
NOTHING = Leaf((type(None),), "empty")
DATE = Leaf((date,), "a date")
_LEAVES: dict[type, Leaf] = {
    str: TEXT, bool: Leaf((bool,), "yes/no"), int: Leaf((int,), "a number"),
    float: Leaf((float,), "a number"), date: DATE,
    datetime: Leaf((datetime,), "a date"), type(None): NOTHING,
}
#: Mapping methods a template may call.
_MAPPING_METHODS = frozenset({"items", "keys", "values", "get"})


def _union_args(annotation: Any) -> tuple[Any, ...] | None:
    origin = typing.get_origin(annotation)
    if origin is Union or origin is types.UnionType:
        return typing.get_args(annotation)
    return None


def schema_of_type(annotation: Any, path: str,
                   absent: Mapping[str, Mapping[str, str]] | None = None) -> Schema:
    """The shape of a model field annotated ``annotation``, reached at ``path``."""
    absent = absent or {}
    args = _union_args(annotation)
    if args is not None:
        kept = [a for a in args if a is not type(None)]
        if len(kept) == 1:
            return schema_of_type(kept[0], path, absent)
        shapes = [schema_of_type(a, path, absent) for a in kept]
        if all(isinstance(s, Leaf) for s in shapes):
            leaves = typing.cast(list[Leaf], shapes)
            return Leaf(tuple(t for s in leaves for t in s.types),
                        " or ".join(dict.fromkeys(s.label for s in leaves)))
        return AnyValue()
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return schema_of_type(typing.get_args(annotation)[0], path, absent)
    if origin is Literal:
        kinds = {type(v) for v in typing.get_args(annotation)}
        return _LEAVES.get(kinds.pop(), TEXT) if len(kinds) == 1 else TEXT
    if origin in (list, tuple, set, frozenset) or origin is typing.Sequence:
        inner = typing.get_args(annotation)
        return Seq(schema_of_type(inner[0], f"{path}[]", absent) if inner else AnyValue())
    if origin in (dict, Mapping):
        inner = typing.get_args(annotation)
        return MapOf(schema_of_type(inner[1], f"{path}[]", absent) if inner else AnyValue())
    if isinstance(annotation, type):
        if issubclass(annotation, LocalizedText | Path | SecretStr):
            return TEXT
        if issubclass(annotation, BaseModel):
            return model_schema(annotation, path, absent)
        for kind, leaf in _LEAVES.items():
            if issubclass(annotation, kind):
                return leaf
    return AnyValue()


def model_schema(model: type[BaseModel], path: str,
                 absent: Mapping[str, Mapping[str, str]] | None = None) -> Record:
    """A case section as templates see it (a Namespace of the model's fields)."""
    absent = absent or {}
    hidden = absent.get(path, {})
    fields = {name: schema_of_type(info.annotation, f"{path}.{name}", absent)
              for name, info in model.model_fields.items() if name not in hidden}
    return Record(path, fields, "the case model", namespace=True, absent=hidden)


def case_schema(identity: str = "full", why: str | None = None) -> Record:
    """``case`` on a route whose patient identity policy is ``identity``; ``why`` says why
    the route withholds patient fields (default: the policy's name)."""
    why = "withheld on this route: " + (
        why or (f"its patient identity policy is {identity!r}; {PRINT_INSTEAD[identity]}"
                if identity in PRINT_INSTEAD else
                f"its patient identity policy is {identity!r} (the patient is named by "
                "initials); print case.patient.initials"))
    absent: dict[str, dict[str, str]] = {
        path: {name: why for name in names} for path, names in WITHHELD[identity].items()}
    absent["case.attachments[]"] = ATTACHMENT_HIDDEN
    record = model_schema(Case, "case", absent)
    patient = record.fields["patient"]
    assert isinstance(patient, Record)
    patient = Record(patient.path, {**patient.fields, PATIENT_AGE: _LEAVES[int]},
                     patient.owner, namespace=True, absent=patient.absent)
    return Record(record.path, {**record.fields, "patient": patient}, record.owner,
                  namespace=True)


def attachments_schema() -> Record:
    """``attachments.<kind>``: the case's attachments of each kind (maybe none)."""
    item = model_schema(Attachment, "attachments[]", {"attachments[]": ATTACHMENT_HIDDEN})
    return Record("attachments", {kind: Seq(item) for kind in ATTACHMENT_KINDS},
                  "the attachment kinds", namespace=True)


def schema_of_value(value: Any, path: str, owner: str) -> Schema:
    """The shape of plain data (``regulator``, ``form``): its own keys, exactly."""
    if isinstance(value, Mapping):
        return Record(path, {str(k): schema_of_value(v, f"{path}.{k}", owner)
                             for k, v in value.items()}, owner)
    if isinstance(value, list | tuple):
        shapes = [schema_of_value(v, f"{path}[]", owner) for v in value]
        if shapes and all(s == shapes[0] for s in shapes):
            return Seq(shapes[0])
        return Seq(AnyValue())
    for kind, leaf in _LEAVES.items():
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            return leaf
    return AnyValue()


# -- resolving a path -------------------------------------------------------------------


@dataclass(frozen=True)
class _Method(Schema):
    """A mapping's method reached as an attribute (``form.items`` is ``dict.items``)."""

    owner: Record | MapOf
    name: str


def _suggest(name: str, choices: list[str], prefix: str) -> str:
    close = difflib.get_close_matches(name, choices, n=2, cutoff=0.75)
    if not close:
        return ""
    return " (did you mean " + " or ".join(f"`{prefix}.{c}`" for c in close) + "?)"


def _missing(record: Record, name: str, full: str) -> str:
    keys = sorted(record.fields)
    hint = _suggest(name, keys, record.path)
    if record.owner == "the case model":
        return f"the case model has no field `{full}`{hint}"
    if record.path == "attachments":
        return (f"there is no attachment kind `{name}`{hint}; the kinds are "
                + ", ".join(ATTACHMENT_KINDS))
    if record.path == "options":
        known = ", ".join(keys) or "none"
        return f"this route declares no option `{name}`{hint} (its options: {known})"
    listed = ", ".join(keys[:12]) + (", ..." if len(keys) > 12 else "")
    return f"`{record.path}` has no `{name}` on this route{hint} (it has: {listed or 'nothing'})"


def resolve(context: Record, root: str, steps: tuple[Step, ...]) -> str | None:
    """Why ``root`` + ``steps`` does not exist in ``context``, or None when it does."""
    found = shape_at(context, root, steps)
    return found if isinstance(found, str) else None


def shape_at(context: Record, root: str, steps: tuple[Step, ...]) -> Schema | str:
    """The shape of ``root`` + ``steps`` in ``context``, or why it does not exist."""
    if root not in context.fields:
        names = ", ".join(sorted(context.fields))
        hint = difflib.get_close_matches(root, list(context.fields), n=1, cutoff=0.75)
        did = f" (did you mean `{hint[0]}`?)" if hint else ""
        return (f"`{root}` is not defined{did}: a template can use {names}, and the names "
                "it sets or loops over")
    current: Schema = context.fields[root]
    for i, step in enumerate(steps):
        done = path_text(root, steps[:i])
        full = path_text(root, steps[: i + 1])
        nxt = _step(current, step, done, full)
        if isinstance(nxt, str):
            return nxt
        current = nxt
    if isinstance(current, _Method):
        return _method_problem(current, path_text(root, steps))
    return current


def _method_problem(method: _Method, full: str) -> str:
    owner = method.owner
    base = full.rsplit(".", 1)[0]
    if isinstance(owner, Record) and method.name in owner.fields:
        return (f"`{full}` is the mapping's {method.name}() method, not its key "
                f"`{method.name}`: write {base}['{method.name}']")
    return f"`{full}` is a method of `{base}`, not a value"


def _step(current: Schema, step: Step, done: str, full: str) -> Schema | str:
    if isinstance(current, AnyValue):
        return current
    if isinstance(current, _Method):
        if step.kind == "call":  # already a call of this method: handled by its owner
            return AnyValue()
        return _method_problem(current, done)
    if isinstance(current, Record | MapOf):
        return _mapping_step(current, step, done, full)
    if isinstance(current, Seq):
        if step.kind == "each":
            return current.item
        if step.kind == "call" and step.name in ("count", "index"):
            return AnyValue()
        return (f"`{done}` is a list: reach `{step.name}` of each item in a loop "
                f"({{% for x in {done} %}}{{{{ x.{step.name} }}}}{{% endfor %}}) or of one "
                f"item by its index ({done}[0].{step.name})")
    assert isinstance(current, Leaf)
    if step.kind == "each":
        return AnyValue() if str in current.types else (
            f"`{done}` is {current.label}, not a list: it cannot be looped over or indexed")
    if not step.name.startswith("_") and any(hasattr(t, step.name) for t in current.types):
        return AnyValue()
    if current is NOTHING:
        return f"`{done}` is empty on this route, so it has no `{step.name}`"
    return f"`{done}` is {current.label}: it has no field `{step.name}` (`{full}`)"


def _mapping_step(current: Record | MapOf, step: Step, done: str, full: str) -> Schema | str:
    if step.kind == "call":
        if step.name in _MAPPING_METHODS:
            return AnyValue()
        return f"`{full}` calls a method templates may not use on `{done}`"
    if step.kind == "attr" and hasattr(dict, step.name):
        # Jinja reads an attribute before a key: form.items is dict.items
        return _Method(current, step.name)
    if step.kind == "each":
        if isinstance(current, MapOf):
            return current.value
        values = list(current.fields.values())
        return values[0] if values and all(v == values[0] for v in values) else AnyValue()
    if isinstance(current, MapOf):
        return current.value
    name = step.name
    if name in current.fields:
        return current.fields[name]
    if name in current.absent:
        return f"`{full}` is {current.absent[name]}"
    return _missing(current, name, full)
