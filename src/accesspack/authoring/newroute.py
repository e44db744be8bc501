"""``accesspack templates new-route``: a new route (or a new country) from a copy.

The route file and every template and portal worksheet it names (over every option
value) are copied; the copy is a draft: its title says so and a comment at its top says
what to edit. A new
regulator folder (a new country) gets a copy of the source's ``regulator.yaml`` whose
facts belong to another country, so every citation and contact is marked
``verified: false`` and every fact (and form item) status ``U``. Files are edited as
text, so the comments and YAML anchors of the source survive.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import AccesspackError, RouteError
from ..routes.registry import (
    REGULATOR_FILE,
    Route,
    load_route_file,
    route_ids,
    templates_root,
)
from ..routes.spec import RegulatorSpec

_ID = re.compile(r"^[a-z0-9-]+/[a-z0-9-]+$")
_VERIFIED = re.compile(r"(?<![\w-])(verified:\s*)true\b")
_STATUS = re.compile(r"""(?<![\w-])(status:\s*)(["']?)[CP]\2(?=\s*[,}\n#]|\s*$)""", re.MULTILINE)

_ROUTE_NOTE = """\
# DRAFT copy of route {source}, made by `accesspack templates new-route`.
# Before anyone relies on it, edit for {new_id}: title, summary, country and language,
# citation, rules (applies_when, eligibility), packets and their parts, deadlines, actions,
# notices and facts. Every fact, citation and contact must come from a source you can name,
# in the style of ../shared/reference/regulators.md (a source key per fact; status C/P/U;
# `verified: false` until checked). The templates beside this file are copies: edit them in
# Word, then run `accesspack templates check {new_id}`.
"""
_REGULATOR_NOTE = """\
# DRAFT regulator {regulator}, copied from {source}/regulator.yaml by
# `accesspack templates new-route`. Everything below describes {source}, another country:
# replace name, country, language, date_format (a CLDR date pattern, e.g. dd/MM/yyyy),
# page_size, working_days, patient_identity, preflight, contacts, citations and fields with
# this regulator's, each from a source you can name in the style of
# ../shared/reference/regulators.md. Citations and contacts are marked `verified: false`
# until you have checked them.
"""


def _top_level(text: str, key: str, value: str) -> str:
    """``text`` with the top-level ``key:`` (and its continuation lines) set to ``value``."""
    pattern = re.compile(rf"^{key}:.*(?:\n[ \t]+.*)*", re.MULTILINE)
    if not pattern.search(text):
        raise RouteError(f"the source has no top-level `{key}:` line to change")
    return pattern.sub(lambda _: f"{key}: {value}", text, count=1)


def _unverified(text: str) -> str:
    return _STATUS.sub(r"\1U", _VERIFIED.sub(r"\1false", text))


def _statuses(data: Any) -> Iterator[tuple[str, Any]]:
    """Every ``verified`` and ``status`` value in ``data``, at any depth."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("verified", "status"):
                yield key, value
            yield from _statuses(value)
    elif isinstance(data, list):
        for item in data:
            yield from _statuses(item)


def _all_unverified(text: str, what: str) -> None:
    left = [f"{k}: {v}" for k, v in _statuses(yaml.safe_load(text))
            if (k == "verified" and v is not False) or (k == "status" and v != "U")]
    if left:
        raise RouteError(f"could not mark every fact of {what} unconfirmed ({left[0]}); "
                         "copy it by hand")


def _is_tree(folder: Path) -> bool:
    return folder.is_dir() and any((p / REGULATOR_FILE).is_file() for p in folder.iterdir())


def _template_names(route: Route) -> list[str]:
    """Every template file name the route may use (each option value)."""
    return [path.relative_to(route.folder).as_posix() for path in route.template_uses()]


@dataclass(frozen=True)
class NewRoute:
    """What :func:`new_route` made."""

    #: The new route file.
    path: Path
    #: The templates folder copied first into a new or empty folder, else None.
    copied_from: Path | None = None


def _route_text(route: Route, source: str, new_id: str, rename: dict[str, str],
                new_country: bool) -> str:
    text = route.source.read_text(encoding="utf-8")
    text = _top_level(text, "id", new_id)
    text = _top_level(text, "title", json.dumps(f"DRAFT copy of {source}: {route.title}",
                                                ensure_ascii=False))
    for old, new in rename.items():
        pattern = (rf"(?<![\w-])((?:template|worksheet):\s*[\"']?){re.escape(old)}"
                   r"(?=[\"']?\s*(?:$|#|,|\}))")
        text = re.sub(pattern, rf"\g<1>{new.replace(chr(92), chr(92) * 2)}", text,
                      flags=re.MULTILINE)
    if new_country:
        text = _unverified(text)
    text = _ROUTE_NOTE.format(source=source, new_id=new_id) + text
    data = yaml.safe_load(text)
    templates = {p.get(key) for pk in data["packets"] for p in pk["parts"]
                 for key in ("template", "worksheet")} - {None}
    if rename and not templates <= set(rename.values()):
        raise RouteError(f"could not point every template of the copy of {source} at its "
                         "copy; copy the route by hand")
    if new_country:
        _all_unverified(text, f"route {new_id}")
    return text


def _regulator_text(folder: Path, regulator: str, source_regulator: str) -> str:
    text = (folder / REGULATOR_FILE).read_text(encoding="utf-8")
    text = _unverified(_top_level(text, "id", regulator))
    # another country's PDF rules are not this one's: the generic checks until known
    generic = "{profile: generic}   # replace with this regulator's PDF rules, once known"
    if re.search(r"^preflight:", text, re.MULTILINE):
        text = _top_level(text, "preflight", generic)
    else:
        text = text.rstrip("\n") + f"\npreflight: {generic}\n"
    text = _REGULATOR_NOTE.format(regulator=regulator, source=source_regulator) + text
    RegulatorSpec.model_validate(yaml.safe_load(text))
    _all_unverified(text, f"regulator {regulator}")
    return text


def _templated_name(prefix: str, template: str) -> str:
    return template if template.startswith(prefix) else prefix + template


def _write_route(route: Route, source: str, new_id: str, folder: Path, *,
                 new_country: bool, created: list[Path]) -> Path:
    """Write the route file and its templates into ``folder`` (an existing regulator
    folder when not ``new_country``); every file written is added to ``created``."""
    name = new_id.split("/")[1]
    rename: dict[str, str] = {}
    templates = [p.template for pk in route.spec.packets for p in pk.parts if p.template]
    worksheets = [p.worksheet for p in route.worksheet_parts() if p.worksheet]
    if not new_country:  # beside the source's own files: copies get the route's name
        rename = {t: _templated_name(f"{name}-", t)
                  for t in dict.fromkeys([*templates, *worksheets])}
    text = _route_text(route, source, new_id, rename, new_country)
    for template in _template_names(route):
        target = folder / (template if new_country else _templated_name(f"{name}-", template))
        if target.exists():
            raise RouteError(f"{target} already exists; choose another route name")
        shutil.copyfile(route.folder / template, target)
        created.append(target)
    for worksheet in dict.fromkeys(worksheets):  # a portal's field list, like a form map
        target = folder / (worksheet if new_country else rename[worksheet])
        if target.exists():
            raise RouteError(f"{target} already exists; choose another route name")
        fields = (route.folder / worksheet).read_text(encoding="utf-8")
        if new_country:
            fields = _unverified(fields)
            _all_unverified(fields, f"worksheet {worksheet}")
        target.write_text(fields, encoding="utf-8")
        created.append(target)
    if new_country and route.spec.form:
        form = (route.folder / route.spec.form).read_text(encoding="utf-8")
        form = _unverified(form)
        _all_unverified(form, f"form {route.spec.form}")
        (folder / route.spec.form).write_text(form, encoding="utf-8")
        created.append(folder / route.spec.form)
    dest = folder / f"{name}.yaml"
    dest.write_text(text, encoding="utf-8")
    created.append(dest)
    return dest


def new_route(source: str, new_id: str, templates_dir: Path | str | None = None) -> NewRoute:
    """Start route ``new_id`` (``regulator/name``) from a copy of route ``source``.

    The copy goes to ``<templates_dir>/<regulator>/<name>.yaml`` with every template the
    source names (for every option value); ``templates_dir`` defaults to
    :func:`~accesspack.routes.templates_root`. A new or empty ``templates_dir`` first
    receives a copy of the whole templates folder, so that ``ACCESSPACK_TEMPLATES`` set
    to it still has every route. Beside the source's own templates (same regulator) the
    copies are named ``<name>-<template>``. A new regulator folder (a new country) gets
    the source's ``regulator.yaml`` with its id changed and every citation and contact
    marked ``verified: false``; the route's citations and facts and its form item map are
    marked unconfirmed too (``verified: false``, status ``U``).

    Returns the new route file (``path``), which loads with
    :func:`~accesspack.routes.load_route` under ``ACCESSPACK_TEMPLATES=<templates_dir>``,
    and the templates folder copied first (``copied_from``), if any. Raises
    :class:`~accesspack.errors.RouteError` (and writes nothing) when ``new_id`` is
    malformed or exists, ``source`` is unknown, or the folder cannot be used.
    """
    if not _ID.fullmatch(new_id) or new_id.endswith("/regulator"):
        raise RouteError(
            f"new route id {new_id!r} is malformed: write regulator/name in lower-case "
            "letters, digits and hyphens, e.g. xx/pilot (the name may not be 'regulator')")
    regulator, name = new_id.split("/")
    root = templates_root()
    dest = Path(templates_dir) if templates_dir is not None else root
    if dest.exists() and not dest.is_dir():
        raise RouteError(f"{dest} is not a folder; give a new, empty or templates folder")
    fresh = not dest.exists() or not any(dest.iterdir())
    if not fresh and not _is_tree(dest):
        raise RouteError(
            f"{dest} is not empty and holds no regulator folder (<regulator>/"
            f"{REGULATOR_FILE}); give a new or empty folder, or a templates folder")
    tree = root if fresh else dest
    ids = route_ids(tree)
    if source not in ids:
        raise RouteError(f"unknown source route {source!r}; routes under {tree}: "
                         f"{', '.join(sorted(ids))}")
    if new_id in ids:
        raise RouteError(f"route {new_id} already exists ({ids[new_id]}); choose another id")
    route = load_route_file(ids[source])
    target_folder = tree / regulator
    new_country = not (target_folder / REGULATOR_FILE).is_file()
    if not new_country and regulator != route.regulator.id:
        raise RouteError(
            f"regulator {regulator} exists, but {source} is a route of "
            f"{route.regulator.id}: its citations and questions live in another "
            f"regulator.yaml; copy a route of {regulator}, or choose a new regulator id")
    if (target_folder / f"{name}.yaml").exists():
        raise RouteError(f"{target_folder / f'{name}.yaml'} already exists; choose another id")
    if target_folder.exists() and new_country:
        raise RouteError(f"{target_folder} exists without a {REGULATOR_FILE}; choose another "
                         "regulator id or remove that folder")
    try:
        if fresh:
            return NewRoute(_into_fresh(route, source, new_id, root, dest, new_country), root)
        if new_country:
            return NewRoute(_new_folder(route, source, new_id, dest))
        return NewRoute(_beside(route, source, new_id, target_folder))
    except OSError as exc:
        raise RouteError(f"cannot write the new route under {dest}: "
                         f"{exc.strerror or exc}") from None


def _into_fresh(route: Route, source: str, new_id: str, root: Path, dest: Path,
                new_country: bool) -> Path:
    """Copy the templates tree beside ``dest``, add the route, check it, move it in."""
    top: Path | None = None  # the highest folder this call creates (removed on failure)
    for folder in [dest, *dest.parents]:
        if folder.exists():
            break
        top = folder
    dest.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{dest.name}.new-", dir=dest.parent))
    try:
        shutil.copytree(root, stage, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__", ".*"))
        staged = load_route_file(stage / route.folder.name / route.source.name)
        regulator, name = new_id.split("/")
        if new_country:
            (stage / regulator).mkdir()
            (stage / regulator / REGULATOR_FILE).write_text(
                _regulator_text(staged.folder, regulator, staged.regulator.id),
                encoding="utf-8")
        path = _write_route(staged, source, new_id, stage / regulator,
                            new_country=new_country, created=[])
        load_route_file(path)
        if dest.exists():
            dest.rmdir()
        stage.rename(dest)
        return dest / regulator / f"{name}.yaml"
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        if top is not None and top != dest and top.exists():
            shutil.rmtree(top, ignore_errors=True)
        raise


def _new_folder(route: Route, source: str, new_id: str, tree: Path) -> Path:
    """A new regulator folder, built hidden in ``tree`` and renamed into place."""
    regulator, name = new_id.split("/")
    stage = Path(tempfile.mkdtemp(prefix=f".{regulator}.new-", dir=tree))
    try:
        (stage / REGULATOR_FILE).write_text(
            _regulator_text(route.folder, regulator, route.regulator.id), encoding="utf-8")
        _write_route(route, source, new_id, stage, new_country=True, created=[])
        load_route_file(stage / f"{name}.yaml")
        stage.rename(tree / regulator)
        return tree / regulator / f"{name}.yaml"
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


def _beside(route: Route, source: str, new_id: str, folder: Path) -> Path:
    """The route and renamed template copies in the source's own regulator folder."""
    created: list[Path] = []
    try:
        path = _write_route(route, source, new_id, folder, new_country=False, created=created)
        load_route_file(path)
        return path
    except (AccesspackError, OSError, ValueError):
        for p in reversed(created):
            with contextlib.suppress(OSError):
                p.unlink()
        raise
