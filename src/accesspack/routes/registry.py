"""Finding regulator folders and route files, loading and checking them."""

from __future__ import annotations

import copy
import functools
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..errors import RouteError
from ..model import ATTACHMENT_KINDS
from .conditions import condition_fields, field_exists
from .spec import (
    Citation,
    Condition,
    FieldRule,
    FormMap,
    Need,
    Packet,
    Part,
    RegulatorSpec,
    RouteSpec,
    internal_reference,
    reader_texts,
)
from .worksheet import Worksheet, worksheet_problems

REGULATOR_FILE = "regulator.yaml"


def _form_map(path: Path) -> FormMap:
    """The form item map in ``path`` (its YAML parsed once per process while unchanged)."""
    return FormMap.model_validate(read_yaml(path))


def _worksheet(path: Path) -> Worksheet:
    """The portal worksheet in ``path`` (its YAML parsed once per process while unchanged)."""
    return Worksheet.model_validate(read_yaml(path))


def templates_root() -> Path:
    """Where regulator folders live: ``$ACCESSPACK_TEMPLATES``, the installed package's
    ``templates/``, or the repository's ``templates/`` in a source checkout."""
    env = os.environ.get("ACCESSPACK_TEMPLATES")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "templates", here.parent.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise RouteError("accesspack's templates folder is missing; reinstall accesspack")


_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present
_YAML_CACHE: dict[Path, tuple[tuple[int, int], Any]] = {}


def read_yaml(path: Path) -> Any:
    """The data of a YAML file; parsed once per process while the file is unchanged.

    Finding a route reads every route file, so a batch would parse them all for every
    case; a copy of the cached data is returned (callers may change it).
    """
    try:
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size)
        cached = _YAML_CACHE.get(path)
        if cached is None or cached[0] != key:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
            cached = _YAML_CACHE[path] = (key, data)
        return copy.deepcopy(cached[1])
    except (OSError, yaml.YAMLError) as exc:
        raise RouteError(f"route file {path} cannot be read: {exc}") from None


def problems_of(exc: ValidationError) -> str:
    """A route or regulator file's validation errors as one line (locations, no values)."""
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
        for e in exc.errors(include_url=False, include_input=False)
    )


@dataclass(frozen=True)
class Locale:
    """How a route writes: language, dates, paper, working days, patient identity."""

    language: str
    date_format: str
    page_size: str
    working_days: str
    identity: str


@dataclass(frozen=True)
class Route:
    """A loaded route: its spec, its regulator's shared facts, and its folder."""

    spec: RouteSpec
    regulator: RegulatorSpec
    folder: Path
    source: Path

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def language(self) -> str:
        """The route's language (an option named ``language`` may change it per build)."""
        return self.spec.language or self.regulator.language

    def locale(self, options: dict[str, str] | None = None) -> Locale:
        """Language, date format, page size, working-day calendar and identity policy."""
        spec, reg = self.spec, self.regulator
        opts = self.options(options)
        return Locale(
            language=opts.get("language", self.language),
            date_format=spec.date_format or reg.date_format,
            page_size=spec.page_size or reg.page_size,
            working_days=spec.working_days or spec.country or reg.working_days,
            identity=spec.patient_identity or reg.patient_identity,
        )

    @property
    def citations(self) -> dict[str, Citation]:
        """The regulator's citations with the route's own added."""
        return {**self.regulator.citations, **self.spec.citations}

    @property
    def fields(self) -> dict[str, FieldRule]:
        """How to ask for each case field: the regulator's rules, the route's first."""
        return {**self.regulator.fields, **self.spec.fields}

    def citation(self, key: str | None) -> Citation | None:
        """The citation named ``key`` (route file first, then ``regulator.yaml``)."""
        return None if key is None else self.citations[key]

    def identity(self, packet: Packet) -> str:
        """The patient identity policy of ``packet``'s templates: its own, else the route's."""
        return packet.patient_identity or self.locale().identity

    def part_identity(self, part_id: str) -> str:
        """The identity policy a document part is rendered under (the same in every packet
        that has it: :func:`check_consistency` sees to that)."""
        for packet in self.spec.packets:
            if any(part.id == part_id for part in packet.parts):
                return self.identity(packet)
        return self.locale().identity

    def template_path(self, template: str, options: dict[str, str]) -> Path:
        return self.folder / template.format(**options)

    def options(self, given: dict[str, str] | None = None) -> dict[str, str]:
        """The build options: defaults, overridden by ``given`` (checked)."""
        chosen = {name: opt.default for name, opt in self.spec.options.items()}
        for name, value in (given or {}).items():
            if name not in self.spec.options:
                known = ", ".join(sorted(self.spec.options)) or "none"
                raise RouteError(f"route {self.id} has no option {name!r} (options: {known})")
            if value not in self.spec.options[name].choices:
                choices = ", ".join(self.spec.options[name].choices)
                raise RouteError(f"option {name} of route {self.id} is one of: {choices}")
            chosen[name] = value
        return chosen

    def form_data(self) -> FormMap | None:
        """The form item map named by the route, if any (checked when the route loads)."""
        if self.spec.form is None:
            return None
        return _form_map(self.folder / self.spec.form)

    def worksheet(self, part: Part) -> Worksheet:
        """The portal worksheet of a worksheet part (checked when the route loads)."""
        assert part.worksheet is not None, part.id
        try:
            return _worksheet(self.folder / part.worksheet)
        except ValidationError as exc:
            raise RouteError(f"route file {self.source}: worksheet file {part.worksheet} is "
                             f"malformed: {problems_of(exc)}") from None

    def worksheet_parts(self) -> list[Part]:
        """The route's worksheet parts, each once (a part may sit in several packets), in
        route order."""
        parts: dict[str, Part] = {}
        for packet in self.spec.packets:
            for part in packet.parts:
                if part.worksheet is not None:
                    parts.setdefault(part.id, part)
        return list(parts.values())

    def worksheet_files(self) -> list[Path]:
        """The worksheet files the route's parts name, in route order."""
        return list(dict.fromkeys(self.folder / part.worksheet for packet in self.spec.packets
                                  for part in packet.parts if part.worksheet))

    def files_digest(self) -> str:
        """sha256 over the route file, regulator.yaml and every template it may use."""
        h = hashlib.sha256()
        for path in self.files():
            h.update(path.name.encode() + b"\0" + path.read_bytes())
        return h.hexdigest()

    def files(self) -> list[Path]:
        """Every file the route reads."""
        files = {self.source, self.folder / REGULATOR_FILE, *self.template_uses()}
        if self.spec.form:
            files.add(self.folder / self.spec.form)
        files.update(self.worksheet_files())
        return sorted(files)

    def template_uses(self) -> dict[Path, list[tuple[Part, dict[str, str]]]]:
        """Every template file the route may use (each ``{option}`` in a part's template
        name expanded over every option combination), in route order, with the parts and
        option combinations that use it."""
        uses: dict[Path, list[tuple[Part, dict[str, str]]]] = {}
        combos = option_combinations(self.spec)
        for packet in self.spec.packets:
            for part in packet.parts:
                if part.template:
                    for combo in combos:
                        path = self.template_path(part.template, combo)
                        uses.setdefault(path, []).append((part, combo))
        return uses


def option_combinations(spec: RouteSpec) -> list[dict[str, str]]:
    """Every combination of the route's option values (e.g. each Form 3926 edition)."""
    combos: list[dict[str, str]] = [{}]
    for name, opt in spec.options.items():
        combos = [{**c, name: choice} for c in combos for choice in opt.choices]
    return combos


def check_consistency(route: Route, *, templates: bool = True) -> None:
    """Everything a route file names must exist: citations, fields, kinds, templates.

    ``templates=False`` leaves out the template files and what portal worksheets say
    (``accesspack templates check`` reports a missing template per template, with the
    parts and options that use it, and a worksheet's problems per worksheet).
    """
    spec, reg = route.spec, route.regulator
    errors: list[str] = []
    cites: list[str | None] = [spec.citation]
    fields: list[str] = []
    for rule in spec.applies_when + spec.eligibility:
        cites.append(rule.citation)
        fields += condition_fields(rule.when)
    for dl in spec.deadlines:
        cites.append(dl.citation)
        fields += [dl.trigger, *condition_fields(dl.when)]
    for act in spec.actions:
        cites.append(act.citation)
        fields += condition_fields(act.when) + condition_fields(act.done_when)
    for notice in spec.notices:
        fields += condition_fields(notice.when)
    for packet in spec.packets:
        fields += condition_fields(packet.when)
        for part in packet.parts:
            cites.append(part.citation)
            fields += condition_fields(part.when)
            for need in part.needs:
                n = need if isinstance(need, Need) else Need(field=need)
                fields += [n.field, *condition_fields(n.when)]
                cites.append(n.citation)
                if n.question is None and n.field not in route.fields:
                    errors.append(f"field {n.field} needs a question (here or in regulator.yaml)")
            for kind in part.attachments or []:
                if kind not in ATTACHMENT_KINDS:
                    errors.append(f"part {part.id}: unknown attachment kind {kind!r}")
            if part.patient_copy is not None:
                cites.append(part.patient_copy.citation)
                errors += [f"part {part.id}: patient_copy names unknown attachment kind {k!r}"
                           for k in part.patient_copy.kinds if k not in ATTACHMENT_KINDS]
    errors += _worksheets_problems(route, contents=templates)
    if templates:
        errors += [f"part {part.id}: template {part.template} not found"
                   for path, uses in route.template_uses().items() if not path.is_file()
                   for part, _ in uses]
    for cond in _conditions(spec):
        if cond.attachment is not None and cond.attachment not in ATTACHMENT_KINDS:
            errors.append(f"condition names unknown attachment kind {cond.attachment!r}")
    for cond in _conditions(spec):
        if cond.option is None:
            continue
        opt = spec.options.get(cond.option)
        values = cond.in_ if cond.in_ is not None else [cond.equals]
        if opt is None:
            errors.append(f"condition names unknown option {cond.option!r}")
        else:
            errors += [f"option {cond.option} has no value {v!r}" for v in values
                       if v not in opt.choices]
    errors += _reader_problems(route)
    policies: dict[str, set[str]] = {}
    for packet in spec.packets:
        identity = route.identity(packet)
        for part in packet.parts:
            if part.template or part.worksheet:
                policies.setdefault(part.id, set()).add(identity)
    errors += [f"part {pid} is in packets with different patient identity policies "
               f"({', '.join(sorted(found))}); a document is rendered once, so give the "
               "packet that names the patient its own part id" for pid, found in
               policies.items() if len(found) > 1]
    cites += [field_rule.citation for field_rule in route.fields.values()]
    cites += [fact.citation for fact in spec.facts]
    cites += [reg.embedded_fonts, reg.translations, reg.preflight.citation,
              *(n.citation for n in spec.notices)]
    if reg.preflight.max_packet_size is not None:
        cites.append(reg.preflight.max_packet_size.citation)
    errors += [f"unknown citation {c!r}" for c in cites if c and c not in route.citations]
    errors += [f"no case field {f!r}" for f in fields + list(route.fields) if not field_exists(f)]
    if spec.form and not (route.folder / spec.form).is_file():
        errors.append(f"form file {spec.form} not found")
    elif spec.form:
        try:
            _form_map(route.folder / spec.form)
        except ValidationError as exc:
            errors += [f"form file {spec.form}: {'.'.join(map(str, e['loc']))}: {e['msg']}"
                       for e in exc.errors(include_url=False)]
    if errors:
        unique = "; ".join(dict.fromkeys(errors))
        raise RouteError(f"route file {route.source} is inconsistent: {unique}")


def _worksheets_problems(route: Route, *, contents: bool = True) -> list[str]:
    """Each worksheet part's file: present, well formed, and (``contents``) consistent
    with the route (``accesspack templates check`` reports that per worksheet)."""
    errors: list[str] = []
    for part in route.worksheet_parts():
        assert part.worksheet is not None
        path = route.folder / part.worksheet
        if not path.is_file():
            errors.append(f"part {part.id}: worksheet file {part.worksheet} not found")
            continue
        try:
            worksheet = _worksheet(path)
        except ValidationError as exc:
            errors += [f"worksheet file {part.worksheet}: "
                       f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                       for e in exc.errors(include_url=False)]
            continue
        except RouteError as exc:
            errors.append(f"part {part.id}: {exc}")
            continue
        if contents:
            errors += worksheet_problems(route, part, worksheet)
    return errors


def _reader_problems(route: Route) -> list[str]:
    """Texts a reader sees that point at our research notes instead of the law: every
    citation the route can show, and every message, question, title and fact."""
    out: list[str] = []
    for key, cite in route.citations.items():
        found = internal_reference(cite.text, citation=True)
        if found:
            out.append(f"citation {key} shows {found!r}: cite the official source (the "
                       "note's key belongs in its 'source')")
    for name, field_rule in route.regulator.fields.items():
        found = internal_reference(field_rule.question)
        if found:
            out.append(f"regulator field {name} shows {found!r}")
    for where, text in reader_texts(route.spec):
        found = internal_reference(text)
        if found:
            out.append(f"{where} shows {found!r}: say it in words (e.g. 'not confirmed "
                       "against the official text') and cite the official source")
    return out


def _conditions(spec: RouteSpec) -> list[Condition]:
    """Every condition (and sub-condition) in a route."""
    roots: list[Condition | None] = [r.when for r in spec.applies_when + spec.eligibility]
    roots += [n.when for n in spec.notices]
    roots += [d.when for d in spec.deadlines]
    roots += [c for a in spec.actions for c in (a.when, a.done_when)]
    for packet in spec.packets:
        roots.append(packet.when)
        for part in packet.parts:
            roots.append(part.when)
            roots += [n.when for n in part.needs if isinstance(n, Need)]
    out: list[Condition] = []
    stack = [c for c in roots if c is not None]
    while stack:
        cond = stack.pop()
        out.append(cond)
        stack += (cond.all or []) + (cond.any or []) + ([cond.not_] if cond.not_ else [])
    return out


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, 0)  # read_yaml reports the missing file
    return (st.st_mtime_ns, st.st_size)


def load_regulator(folder: Path) -> RegulatorSpec:
    """The regulator file of ``folder``, parsed once while the file is unchanged."""
    return _load_regulator(folder, _stamp(folder / REGULATOR_FILE))


@functools.lru_cache(maxsize=64)
def _load_regulator(folder: Path, stamp: tuple[int, int]) -> RegulatorSpec:
    path = folder / REGULATOR_FILE
    try:
        return RegulatorSpec.model_validate(read_yaml(path))
    except ValidationError as exc:
        raise RouteError(f"{path} is malformed: {problems_of(exc)}") from None


def load_route_file(path: Path) -> Route:
    """The route in ``path``, parsed and checked once while it and its regulator file are
    unchanged (an edited route file is read again, e.g. by a long-running docs server)."""
    return _load_route_file(path, _stamp(path), _stamp(path.parent / REGULATOR_FILE))


@functools.lru_cache(maxsize=256)
def _load_route_file(path: Path, stamp: tuple[int, int],
                     regulator_stamp: tuple[int, int]) -> Route:
    route = parse_route_file(path)
    check_consistency(route)
    return route


def parse_route_file(path: Path) -> Route:
    """The route in ``path`` with its regulator, before :func:`check_consistency`: raises
    :class:`~accesspack.errors.RouteError` when the file (or its ``regulator.yaml``) does
    not parse, or its id is not under its regulator's."""
    try:
        spec = RouteSpec.model_validate(read_yaml(path))
    except ValidationError as exc:
        raise RouteError(f"route file {path} is malformed: {problems_of(exc)}") from None
    route = Route(spec, load_regulator(path.parent), path.parent, path)
    if spec.id.split("/")[0] != route.regulator.id:
        raise RouteError(f"route file {path}: id {spec.id} is not under {route.regulator.id}/")
    return route


def route_files(root: Path) -> list[Path]:
    """The route files under ``root``: YAML files with ``packets`` in regulator folders."""
    out: list[Path] = []
    for folder in sorted(p for p in root.iterdir() if (p / REGULATOR_FILE).is_file()):
        for path in sorted(folder.glob("*.yaml")):
            data = read_yaml(path)
            if path.name != REGULATOR_FILE and isinstance(data, dict) and "packets" in data:
                out.append(path)
    return out


def list_routes() -> list[Route]:
    """Every route under the templates folder, sorted by id."""
    routes = [load_route_file(p) for p in route_files(templates_root())]
    return sorted(routes, key=lambda r: r.id)


def route_ids(root: Path | None = None) -> dict[str, Path]:
    """Route id -> route file under ``root`` (default: :func:`templates_root`), read
    without checking the routes."""
    ids: dict[str, Path] = {}
    for path in route_files(root or templates_root()):
        data = read_yaml(path)
        ids[str(data.get("id", path))] = path
    return ids


def load_route(route: str | Route) -> Route:
    """The route with id ``route`` (e.g. ``fda/single-patient``).

    Only that route's file is loaded and checked, so a broken file elsewhere does not
    stop it (``list_routes`` checks them all).
    """
    if isinstance(route, Route):
        return route
    ids = route_ids()
    if route in ids:
        return load_route_file(ids[route])
    known = ", ".join(sorted(ids))
    raise RouteError(f"unknown route {route!r}; routes: {known} (see `accesspack routes`)")
