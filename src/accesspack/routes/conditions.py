"""Reading case fields by dotted path, and testing route conditions against a case."""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from ..model import Attachment, Case, LocalizedText
from .spec import Condition, Part


def field_value(case: BaseModel, path: str) -> Any:
    """The value at ``path`` (e.g. ``request.follow_up.kinds``), or None where a link is absent.

    A path through a list reads the field of every item: ``product.approvals.country`` is
    the list of the approvals' countries (so ``contains: HK`` tests any of them).
    """
    value: Any = case
    for name in path.split("."):
        if value is None:
            return None
        if isinstance(value, list):
            value = [getattr(item, name) for item in value]
            value = [v for v in value if v is not None]
        else:
            value = getattr(value, name)
    if isinstance(value, LocalizedText):
        return value.root
    return value


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside ``X | None`` or ``list[X]``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list):
        for arg in typing.get_args(annotation):
            found = _model_of(arg)
            if found is not None:
                return found
    return None


def field_exists(path: str, model: type[BaseModel] = Case) -> bool:
    """Whether ``path`` names a field of the case model (for checking route files)."""
    current: type[BaseModel] | None = model
    names = path.split(".")
    for i, name in enumerate(names):
        if current is None:
            return False
        if name not in current.model_fields:
            # a property of the model (a derived value such as product.approved_in)
            return i == len(names) - 1 and isinstance(getattr(current, name, None), property)
        annotation = current.model_fields[name].annotation
        current = _model_of(annotation)
        if current is LocalizedText:
            current = None
    return True


def every_item_answers(case: BaseModel, path: str) -> bool:
    """Where ``path`` runs through a list, whether every item of it fills the rest of the
    path in: ``prior_treatments.best_response`` is not answered while one line lacks it
    (:func:`field_value` lists only the values the items have). True for a path through
    no list (or an empty one: :func:`answered` judges the list itself)."""
    def walk(value: Any, names: list[str]) -> bool:
        for i, name in enumerate(names):
            if isinstance(value, list):
                return all(is_present(field_value(item, ".".join(names[i:])))
                           if isinstance(item, BaseModel) else False for item in value)
            if value is None:
                return True
            value = getattr(value, name)
        return True

    return walk(case, path.split("."))


def is_present(value: Any) -> bool:
    """Whether a value counts as filled in (None and empty strings/lists do not)."""
    if value is None:
        return False
    return not (isinstance(value, str | list | dict) and len(value) == 0)


def _optional_list(annotation: Any) -> bool:
    """Whether ``annotation`` is ``list[X] | None``: None is "not given", ``[]`` "none"."""
    if typing.get_origin(annotation) not in (typing.Union, types.UnionType):
        return False
    args = typing.get_args(annotation)
    return type(None) in args and any(typing.get_origin(a) is list for a in args)


def empty_list_answers(path: str, model: type[BaseModel] = Case) -> bool:
    """Whether an empty list at ``path`` is an answer ("none known").

    True for a field typed ``list[X] | None`` (e.g. ``patient.allergies``): the model keeps
    None for "not given" apart from ``[]``. A plain list field (``attachments``,
    ``prior_treatments``) defaults to ``[]``, so there an empty list is "not given". A path
    through a list (``product.approvals.country``) reads many values and is not one answer.
    """
    current: type[BaseModel] | None = model
    names = path.split(".")
    for i, name in enumerate(names):
        if current is None or name not in current.model_fields:
            return False
        annotation = current.model_fields[name].annotation
        if i == len(names) - 1:
            return _optional_list(annotation)
        if typing.get_origin(annotation) is list or any(
                typing.get_origin(a) is list for a in typing.get_args(annotation)):
            return False
        current = _model_of(annotation)
    return False


def answered(case: Case, path: str) -> bool:
    """Whether the case answers the field at ``path``: :func:`is_present`, except that an
    explicit empty list is an answer where the model tells it from "not given"
    (:func:`empty_list_answers`), e.g. ``allergies: []`` (none known)."""
    value = field_value(case, path)
    if value == [] and empty_list_answers(path):
        return True
    return is_present(value)


def holds(cond: Condition | None, case: Case,
          options: Mapping[str, str] | None = None) -> bool:
    """Whether ``cond`` is true for ``case`` built with ``options`` (no condition is
    true). ``options`` are the route's resolved build options (defaults included); a
    condition on an option needs them."""
    if cond is None:
        return True
    if cond.all is not None:
        return all(holds(c, case, options) for c in cond.all)
    if cond.any is not None:
        return any(holds(c, case, options) for c in cond.any)
    if cond.not_ is not None:
        return not holds(cond.not_, case, options)
    if cond.attachment is not None:
        return any(a.kind == cond.attachment for a in case.attachments)
    if cond.option is not None:
        if options is None or cond.option not in options:
            raise ValueError(f"the condition on option {cond.option!r} needs the build options")
        chosen = options[cond.option]
        return chosen in cond.in_ if cond.in_ is not None else chosen == cond.equals
    assert cond.field is not None
    if cond.present is not None:
        return answered(case, cond.field) == cond.present
    value = field_value(case, cond.field)
    if cond.in_ is not None:
        return value in cond.in_
    if "contains" in cond.model_fields_set:
        return isinstance(value, list) and cond.contains in value
    return bool(value == cond.equals)


def condition_fields(cond: Condition | None) -> list[str]:
    """Every field path a condition reads."""
    if cond is None:
        return []
    out = [cond.field] if cond.field else []
    for sub in (cond.all or []) + (cond.any or []) + ([cond.not_] if cond.not_ else []):
        out += condition_fields(sub)
    return out


def slot_attachments(case: Case, part: Part) -> list[Attachment]:
    """The uploads an attachment slot collates, in order; each translation right after its
    original (the bundle collates this list; the ledger checks it)."""
    kinds = part.attachments or []
    chosen = [a for a in case.attachments if a.kind in kinds]
    if part.order == "date":
        chosen.sort(key=lambda a: (a.dated is None, a.dated or case.prepared_on))
    out: list[Attachment] = []
    for att in chosen:
        out.append(att)
        out += [t for t in case.attachments if t.kind == "translation" and t.translates == att.id]
    return out
