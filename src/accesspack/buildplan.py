"""One build plan: what a case on a route will be, computed once and read by everything.

:func:`plan` resolves, without reading or writing any file (the route's own files are
loaded through the registry):

- the route, its build options and its locale (language, dates, paper, identity);
- the packets whose condition holds, each with every part of the route in order, marked
  active or not (the one place a part's condition is evaluated);
- each document part's template file, and each attachment slot's uploads (ids, in
  collation order: each translation right after its original);
- each portal worksheet part filled in from the case with its packet's template context
  (:func:`~accesspack.render.worksheet.fill_worksheet`: what the ledger reports missing
  or unconfirmed, and what the build renders);
- the form item map for the chosen edition (:func:`form_context`);
- each packet's complete template context (:func:`template_context`), the case as
  templates see it made once per patient identity policy.

:func:`accesspack.validate` and :func:`accesspack.build` compute the ledger from it
(:func:`accesspack.ledger.compute_ledger`); a build's stages render, convert and collate
what it lists. Reading the uploads themselves (their type, their fonts) is a separate
step (:func:`accesspack.uploads.read_uploads`) that both run.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import Attachment, Case
from .render.context import MissingText, Namespace, attachments_by_kind, case_context
from .render.docx import make_environment
from .render.worksheet import WORKSHEET_TEMPLATE, FilledWorksheet, fill_worksheet
from .routes.conditions import holds, slot_attachments
from .routes.registry import Locale, Route, load_route
from .routes.spec import Packet, Part

__all__ = ["BuildPlan", "PlannedPacket", "PlannedPart", "form_context", "plan",
           "route_context", "template_context"]


def form_context(route: Route, edition: str | None) -> dict[str, Any] | None:
    """The form item map for one edition, as templates read it (``form.items.X.number``)."""
    form = route.form_data()
    if form is None:
        return None
    edition = edition or form.default_edition

    def mark(status: str) -> str:
        return "" if status == "C" else "†"

    label = form.editions[edition].label
    return {
        "form": form.form,
        "title": form.title,
        "omb": form.omb,
        "edition": edition,
        "label": label,
        "items": {
            key: {"number": item.numbers[edition], "label": item.label,
                  "status": item.status, "mark": mark(item.status)}
            for key, item in form.items.items()
        },
        "follow_up_options": {
            key: {"label": opt.label, "status": opt.status, "mark": mark(opt.status)}
            for key, opt in form.follow_up_options.items()
        },
        "unverified_note": "† Not confirmed against the official form; check the wording "
        "on the official " + label + " before signing.",
    }


def route_context(route: Route, packet: Packet, options: dict[str, str]) -> dict[str, Any]:
    """What a template of ``packet`` gets from its route, whatever the case: ``route``,
    ``packet``, ``regulator``, ``form`` and ``options``."""
    language = route.locale(options).language
    return {
        "route": {"id": route.id, "title": route.title, "regulator": route.regulator.id,
                  "language": language, "country": route.spec.country},
        "packet": {"id": packet.id, "title": packet.title_in(language)},
        "regulator": route.regulator.model_dump(mode="json"),
        "form": form_context(route, options.get("form_edition")),
        "options": dict(options),
    }


def template_context(case: Case, route: Route, packet: Packet, options: dict[str, str],
                     case_ns: Namespace) -> dict[str, Any]:
    """Everything a template of ``packet`` can name (``case_ns``: the case as templates
    see it, :func:`~accesspack.render.context.case_context`)."""
    return {
        "case": case_ns,
        "attachments": attachments_by_kind(case_ns),
        **route_context(route, packet, options),
        "prepared_on": case.prepared_on,
    }


@dataclass(frozen=True)
class PlannedPart:
    """One part of a packet, as the route lists it.

    ``active``: its condition holds on the case (only active parts are built).
    ``template``: a document part's template file, resolved with the options (a
    worksheet part's: the built-in worksheet template).
    ``attachments``: an active attachment slot's uploads (ids) in collation order.
    ``worksheet``: an active worksheet part filled in with its packet's context.
    """

    part: Part
    active: bool
    template: Path | None = None
    attachments: tuple[str, ...] = ()
    worksheet: FilledWorksheet | None = field(default=None, repr=False)

    @property
    def id(self) -> str:
        return self.part.id

    @property
    def kind(self) -> str:
        return self.part.kind


@dataclass(frozen=True)
class PlannedPacket:
    """A packet whose condition holds: every part in the route's order (active or not),
    its patient identity policy, and the template context its documents are rendered
    with."""

    packet: Packet
    all_parts: tuple[PlannedPart, ...]
    identity: str
    context: Mapping[str, Any] = field(repr=False, compare=False)

    @property
    def id(self) -> str:
        return self.packet.id

    @property
    def parts(self) -> tuple[PlannedPart, ...]:
        """The active parts, in the route's order."""
        return tuple(p for p in self.all_parts if p.active)


@dataclass(frozen=True)
class BuildPlan:
    """What a build of ``case`` on ``route`` with ``options`` makes (see the module)."""

    case: Case = field(repr=False)
    route: Route = field(repr=False)
    options: dict[str, str]
    locale: Locale
    packets: tuple[PlannedPacket, ...]
    #: the form item map for the chosen edition (None: the route has no form)
    form: dict[str, Any] | None = field(repr=False)
    #: free text the case lacks in the route's language (under the route's identity policy)
    missing_text: tuple[MissingText, ...] = ()

    @property
    def route_id(self) -> str:
        return self.route.id

    @property
    def active(self) -> list[tuple[Packet, list[Part]]]:
        """The active packets, each with its active parts in the route's order."""
        return [(p.packet, [x.part for x in p.parts]) for p in self.packets]

    def active_parts(self) -> Iterator[tuple[PlannedPacket, PlannedPart]]:
        """Every active part with its packet, packets and parts in the route's order (a
        part several packets share comes once per packet)."""
        for packet in self.packets:
            for part in packet.parts:
                yield packet, part

    def attachment(self, aid: str) -> Attachment:
        """The case's upload with id ``aid``."""
        return next(a for a in self.case.attachments if (a.id or "") == aid)

    def slot(self, part: PlannedPart) -> list[Attachment]:
        """An attachment slot's uploads, in collation order."""
        return [self.attachment(aid) for aid in part.attachments]

    def uploads_used(self) -> dict[str, Attachment]:
        """The uploads the active parts use, by attachment id, in first-use order."""
        used: dict[str, Attachment] = {}
        for _, part in self.active_parts():
            for aid in part.attachments:
                used.setdefault(aid, self.attachment(aid))
        return used

    def context(self, packet_id: str) -> Mapping[str, Any]:
        """The template context of packet ``packet_id``."""
        return next(p.context for p in self.packets if p.id == packet_id)


def _planned_part(case: Case, route: Route, options: dict[str, str], part: Part,
                  context: Mapping[str, Any]) -> PlannedPart:
    if not holds(part.when, case, options):
        return PlannedPart(part, active=False)
    if part.kind == "worksheet":
        assert part.worksheet is not None
        locale = route.locale(options)
        env = make_environment(locale.date_format, locale.language)
        filled = fill_worksheet(route.worksheet(part), part.id, part.worksheet, context, env,
                                locale.language)
        return PlannedPart(part, True, template=WORKSHEET_TEMPLATE, worksheet=filled)
    if part.kind == "document":
        assert part.template is not None
        return PlannedPart(part, True, template=route.template_path(part.template, options))
    if part.kind == "attachments":
        return PlannedPart(part, True, attachments=tuple(
            a.id or "" for a in slot_attachments(case, part)))
    return PlannedPart(part, True)


def plan(case: Case, route: str | Route, options: dict[str, str] | None = None) -> BuildPlan:
    """The build plan of ``case`` on ``route`` with ``options`` (the route's build options,
    checked and completed with their defaults). Reads no upload and writes nothing."""
    rt = load_route(route)
    opts = rt.options(options)
    locale = rt.locale(opts)
    # the case as templates see it, once per identity policy; the route's own is made
    # first: the ledger reports the free text the case lacks in the route's language
    own, missing = case_context(case, locale.language, locale.identity)
    case_views: dict[str, Namespace] = {locale.identity: own}

    def case_view(identity: str) -> Namespace:
        if identity not in case_views:
            case_views[identity] = case_context(case, locale.language, identity)[0]
        return case_views[identity]

    packets = []
    for packet in rt.spec.packets:
        if not holds(packet.when, case, opts):
            continue
        identity = rt.identity(packet)
        context = template_context(case, rt, packet, opts, case_view(identity))
        packets.append(PlannedPacket(
            packet, tuple(_planned_part(case, rt, opts, p, context) for p in packet.parts),
            identity, context))
    return BuildPlan(case=case, route=rt, options=opts, locale=locale, packets=tuple(packets),
                     form=form_context(rt, opts.get("form_edition")),
                     missing_text=tuple(missing))
