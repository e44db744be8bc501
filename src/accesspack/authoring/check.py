"""``accesspack templates check``: every variable of every template of a route, checked.

For each route, each template of each packet part (a ``{option}`` in its name expanded
over every value of the option) is read with :func:`~.variables.template_analysis` and
each variable resolved against the context that route gives it (:mod:`.schema`). A
problem names the template, the route, the variable and why; a missing template file, a
Jinja syntax error (with its paragraph), an unknown filter or test, and an ``include``
are problems too.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import json
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from ..buildplan import route_context
from ..errors import RouteError, TemplateError
from ..languages import check_date_pattern
from ..render.context import DEFAULT_INSTEAD, PRINT_INSTEAD
from ..render.docx import make_environment
from ..render.worksheet import WORKSHEET_TEMPLATE, blank_worksheet
from ..routes.registry import (
    REGULATOR_FILE,
    Route,
    check_consistency,
    option_combinations,
    parse_route_file,
    route_files,
    route_ids,
    templates_root,
)
from ..routes.spec import Part
from ..routes.worksheet import worksheet_problems
from .schema import (
    DATE,
    Record,
    Schema,
    attachments_schema,
    case_schema,
    resolve,
    schema_of_value,
)
from .variables import TemplateAnalysis, source_analysis, template_analysis


@dataclass(frozen=True)
class TemplateProblem:
    """One thing wrong with a template on a route."""

    route: str
    template: str
    message: str
    variable: str | None = None
    where: str | None = None

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{self.template} on {self.route}: {where}{self.message}"


@dataclass(frozen=True)
class TemplateReport:
    """One template file of a route: the parts using it, its variables, its problems."""

    route: str
    template: str
    parts: list[str]
    options: list[dict[str, str]]
    variables: list[str]
    problems: list[TemplateProblem]


@dataclass(frozen=True)
class RouteReport:
    """The templates of one route; ``problems`` are the route's own (its file)."""

    route: str
    templates: list[TemplateReport]
    problems: list[TemplateProblem] = field(default_factory=list)

    @property
    def all_problems(self) -> list[TemplateProblem]:
        return self.problems + [p for t in self.templates for p in t.problems]


@dataclass(frozen=True)
class TemplateCheck:
    """The result of :func:`check_templates`; ``ok`` when nothing is wrong."""

    root: Path
    routes: list[RouteReport]

    @property
    def problems(self) -> list[TemplateProblem]:
        return [p for r in self.routes for p in r.all_problems]

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_data(self) -> dict[str, Any]:
        """Plain data (what ``--json`` prints)."""
        return {
            "ok": self.ok,
            "templates_root": str(self.root),
            "problems": len(self.problems),
            "routes": [
                {"route": r.route, "problems": [asdict(p) for p in r.problems],
                 "templates": [asdict(t) for t in r.templates]}
                for r in self.routes
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.as_data(), indent=2, ensure_ascii=False) + "\n"

    def to_text(self) -> str:
        """Per route, per template: its variables grouped by section, then its problems."""
        out: list[str] = []
        for r in self.routes:
            out.append(f"{r.route}")
            out += [f"  ✗ {p.message}" for p in r.problems]
            for t in r.templates:
                opts = "; ".join(", ".join(f"{k}={v}" for k, v in o.items())
                                 for o in t.options if o)
                extra = f"; {opts}" if opts else ""
                out.append(f"  {t.template}  (part {', '.join(t.parts)}{extra})")
                for group, names in _groups(t.variables):
                    out.append(textwrap.fill(
                        ", ".join(names), width=100, initial_indent=f"    {group}: ",
                        subsequent_indent="        ", break_long_words=False,
                        break_on_hyphens=False))
                for p in t.problems:
                    where = f"{p.where}: " if p.where else ""
                    out.append(f"    ✗ {where}{p.message}")
            out.append("")
        count = len(self.problems)
        templates = sum(len(r.templates) for r in self.routes)
        verdict = ("no problems" if not count else
                   f"{count} problem{'s' if count != 1 else ''}: fix the template (or the "
                   "route) and run `accesspack templates check` again")
        out.append(f"checked {templates} template(s) of {len(self.routes)} route(s) under "
                   f"{self.root}: {verdict}")
        return "\n".join(out) + "\n"


def _groups(variables: list[str]) -> list[tuple[str, list[str]]]:
    """``case.patient.x`` and ``case.patient.y`` under ``case.patient``; other roots alone."""
    groups: dict[str, list[str]] = {}
    for name in variables:
        m = re.match(r"case\.\w+(\[\])?", name) or re.match(r"\w+", name)
        key = m.group(0) if m else name
        groups.setdefault(key, []).append(name)
    return sorted(groups.items())


# -- the context of a route -------------------------------------------------------------


_IDENTITY_LINE = re.compile(r"^\s*patient_identity:\s*[\w-]+\s*#\s*(.+?)\s*$", re.MULTILINE)


def _identity_reason(route: Route, root: Path, identity: str) -> str:
    """Why the route withholds patient fields: the policy, where it is set, its comment."""
    if identity != route.locale().identity:  # a packet's own policy, in the route file
        where = _relative(route.source, root)
        return (f"(patient_identity: {identity} of its packet in {where}); "
                + PRINT_INSTEAD.get(identity, DEFAULT_INSTEAD))
    source = route.source if route.spec.patient_identity else route.folder / REGULATOR_FILE
    try:
        text = source.read_text(encoding="utf-8")
    except OSError:
        text = ""
    m = _IDENTITY_LINE.search(text)
    try:
        where = source.relative_to(root).as_posix()
    except ValueError:
        where = str(source)
    note = f"{m.group(1)} " if m else ""
    return (f"{note}(patient_identity: {identity} in {where}); "
            + PRINT_INSTEAD.get(identity, DEFAULT_INSTEAD))


def context_schema(route: Route, options: dict[str, str], root: Path | None = None,
                   identity: str | None = None) -> Record:
    """Everything a template of ``route`` can name, built with ``options``: ``case`` and
    ``attachments`` from the case model; ``route``, ``packet``, ``regulator``, ``form`` and
    ``options`` from the values :func:`~accesspack.buildplan.route_context` gives (a value
    that is nothing on this route, such as a route without a country, has no fields).
    ``identity`` is the patient identity policy of the packet (default: the route's)."""
    root = root or templates_root()
    identity = identity or route.locale().identity
    why = _identity_reason(route, root, identity) if identity != "full" else None
    fields: dict[str, Schema] = {
        "case": case_schema(identity, why),
        "attachments": attachments_schema(),
    }
    for packet in route.spec.packets[:1]:  # every packet gives the same keys (id, title)
        for key, value in route_context(route, packet, options).items():
            fields[key] = schema_of_value(value, key, key)
    fields["prepared_on"] = DATE
    return Record("", fields, "the template context")


# -- checking ---------------------------------------------------------------------------


def _lenient(path: Path) -> tuple[Route | None, str | None]:
    """A route read as it loads, and the complaint of its consistency check (but for its
    template files: a missing one is reported per template); (None, why) when the file
    does not load."""
    try:
        route = parse_route_file(path)
    except RouteError as exc:
        return None, str(exc)
    try:
        check_consistency(route, templates=False)
    except RouteError as exc:
        return route, str(exc)
    return route, None


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _analyse(path: Path, cache: dict[Path, TemplateAnalysis | str]) -> TemplateAnalysis | str:
    if path not in cache:
        try:
            cache[path] = template_analysis(path, _ENV)
        except TemplateError as exc:
            cache[path] = str(exc)
    return cache[path]


_ENV = make_environment("yyyy-MM-dd")


def _check_template(route: Route, template: Path, uses: list[tuple[Part, dict[str, str]]],
                    contexts: list[tuple[dict[str, str], str, Record]], root: Path,
                    cache: dict[Path, TemplateAnalysis | str]) -> TemplateReport:
    name = _relative(template, root)
    parts = list(dict.fromkeys(part.id for part, _ in uses))
    combos: list[dict[str, str]] = []
    for _, combo in uses:
        if combo not in combos:
            combos.append(combo)
    problems: list[TemplateProblem] = []

    def problem(message: str, variable: str | None = None, where: str | None = None) -> None:
        p = TemplateProblem(route.id, name, message, variable, where)
        if p not in problems:
            problems.append(p)

    if not template.is_file():
        opts = " or ".join(", ".join(f"{k}={v}" for k, v in c.items()) for c in combos if c)
        problem(f"template file {name} does not exist (part {', '.join(parts)}"
                f"{'; ' + opts if opts else ''}): add it, or correct `template:` in "
                f"{_relative(route.source, root)}")
        return TemplateReport(route.id, name, parts, combos, [], problems)
    found = _analyse(template, cache)
    if isinstance(found, str):
        problem(found)
        return TemplateReport(route.id, name, parts, combos, [], problems)
    variables = sorted({u.path for u in found.uses})
    identities = {route.part_identity(part.id) for part, _ in uses}
    chosen = [context for combo, identity, context in contexts
              if combo in combos and identity in identities]
    for message, variable, where in analysis_problems(found, chosen):
        problem(message, variable, where)
    return TemplateReport(route.id, name, parts, combos, variables, problems)


def analysis_problems(found: TemplateAnalysis, contexts: Sequence[Record]
                      ) -> list[tuple[str, str | None, str | None]]:
    """``(message, variable, where)`` of what is wrong in what a template uses: a tag that
    is not available, an unknown filter or test, a bad date pattern, and each variable
    missing from one of the ``contexts`` it is rendered with."""
    out: list[tuple[str, str | None, str | None]] = []
    for tag, where in found.unsupported:
        out.append((f"{{% {tag} %}} is not available in templates (there are no other "
                    "templates to read): remove it", None, where))
    for kind, names, used in (("filter", _ENV.filters, found.filters),
                              ("test", _ENV.tests, found.tests)):
        for word, where in used:
            if word not in names:
                out.append((f"there is no {kind} `{word}`" + _close(word, list(names)),
                            None, where))
    for pattern, where in found.date_patterns:
        try:
            check_date_pattern(pattern, year=False)
        except ValueError as exc:
            out.append((f"date('{pattern}'): {exc}", None, where))
    for context in contexts:
        for use in found.uses:
            if use.guarded and not use.steps:
                continue  # `x is defined`: x may be missing
            # Jinja tolerates a missing last step only: `a.b.c is defined` needs `a.b`
            why = resolve(context, use.root, use.steps[:-1] if use.guarded else use.steps)
            if why is not None:
                out.append((why, use.path, use.where))
    return list(dict.fromkeys(out))


def _close(word: str, names: list[str]) -> str:
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.75)
    return f" (did you mean `{close[0]}`?)" if close else ""


def check_route(route: Route, root: Path | None = None, *,
                cache: dict[Path, TemplateAnalysis | str] | None = None) -> RouteReport:
    """Check every template of ``route`` (see :func:`check_templates`)."""
    root = root or templates_root()
    cache = {} if cache is None else cache
    uses = route.template_uses()
    identities = sorted({route.identity(packet) for packet in route.spec.packets})
    contexts = ([(combo, identity, context_schema(route, combo, root, identity))
                 for combo in option_combinations(route.spec) for identity in identities]
                if uses else [])
    reports = [_check_template(route, path, template_uses, contexts, root, cache)
               for path, template_uses in uses.items()]
    reports += _check_worksheets(route, root, cache)
    return RouteReport(route.id, reports)


def _check_worksheets(route: Route, root: Path,
                      cache: dict[Path, TemplateAnalysis | str]) -> list[TemplateReport]:
    """A report per portal worksheet file of ``route`` (what its fields read, what is
    wrong in them: :func:`~accesspack.routes.worksheet.worksheet_problems`), and one for
    the built-in worksheet template, checked with each worksheet in its context. A
    worksheet file that is missing or malformed is the route's complaint."""
    reports: list[TemplateReport] = []
    builtin: list[tuple[Part, Record]] = []
    for part in route.worksheet_parts():
        assert part.worksheet is not None
        name = _relative(route.folder / part.worksheet, root)
        try:
            worksheet = route.worksheet(part)
        except RouteError:
            continue
        variables: list[str] = []
        for _, _, wfield in worksheet.numbered():
            if wfield.value is not None:
                variables.append(f"case.{wfield.value}")
            elif wfield.template is not None:
                with contextlib.suppress(jinja2.TemplateSyntaxError):  # a problem below
                    variables += [u.path for u in source_analysis(wfield.template, "").uses]
        problems = [TemplateProblem(route.id, name, message)
                    for message in worksheet_problems(route, part, worksheet)]
        reports.append(TemplateReport(route.id, name, [part.id], [{}],
                                      sorted(set(variables)), problems))
        identity = route.part_identity(part.id)
        sample = blank_worksheet(worksheet, part.id, part.worksheet).context(
            route.language, route.citation(worksheet.citation))
        for combo in option_combinations(route.spec):
            context = context_schema(route, combo, root, identity)
            builtin.append((part, Record(context.path, {
                **context.fields, "worksheet": schema_of_value(sample, "worksheet",
                                                               "the worksheet")},
                context.owner)))
    if builtin:
        uses: list[tuple[Part, dict[str, str]]] = [(part, {}) for part, _ in builtin]
        contexts: list[tuple[dict[str, str], str, Record]] = [
            ({}, route.part_identity(part.id), ctx) for part, ctx in builtin]
        report = _check_template(route, WORKSHEET_TEMPLATE, uses, contexts, root, cache)
        reports.append(dataclasses.replace(report, template="portal-worksheet.docx (built in)"))
    return reports


def check_templates(routes: Iterable[str] | None = None) -> TemplateCheck:
    """Check the templates of ``routes`` (ids; default: every route under
    :func:`~accesspack.routes.templates_root`).

    Every variable each template uses must exist in the context the route gives it: the
    case model as :func:`~accesspack.render.context.case_context` shows it on that route
    (withheld patient fields are problems), ``attachments.<kind>``, ``route``,
    ``packet``, ``regulator`` (the route's ``regulator.yaml``), ``form`` (its form item
    map, per edition), ``options`` and ``prepared_on``. Names the template sets or loops
    over, and the environment's own (``loop``, ``range``, filters, tests) are fine.
    Raises :class:`~accesspack.errors.RouteError` for an unknown route id; a route whose
    file is inconsistent is checked anyway and its complaint is a problem.
    """
    root = templates_root()
    if routes is None:
        paths = route_files(root)
    else:
        wanted: Sequence[str] = list(routes)
        ids = route_ids(root)
        unknown = [r for r in wanted if r not in ids]
        if unknown:
            raise RouteError(
                f"unknown route {', '.join(map(repr, unknown))}; routes: "
                f"{', '.join(sorted(ids))} (see `accesspack routes`)")
        paths = [ids[r] for r in dict.fromkeys(wanted)]
    cache: dict[Path, TemplateAnalysis | str] = {}
    reports: list[RouteReport] = []
    for path in paths:
        route, complaint = _lenient(path)
        if route is None:
            rid = _relative(path, root)
            reports.append(RouteReport(rid, [], [TemplateProblem(rid, rid, str(complaint))]))
            continue
        report = check_route(route, root, cache=cache)
        if complaint is not None:
            report.problems.append(TemplateProblem(route.id, _relative(path, root), complaint))
        reports.append(report)
    reports.sort(key=lambda r: r.route)
    return TemplateCheck(root, reports)


__all__ = [
    "RouteReport",
    "TemplateCheck",
    "TemplateProblem",
    "TemplateReport",
    "check_route",
    "check_templates",
    "context_schema",
]
