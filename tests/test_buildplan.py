"""The build plan (issue 18): computed once, frozen, without I/O; validate() and a build
read the same plan, so they show the same ledger but for a build's own findings."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import accesspack
from accesspack.buildplan import BuildPlan, plan, template_context
from accesspack.convert import FakeConverter
from accesspack.model import Case
from accesspack.render.context import case_context

ROUTE = "fda/single-patient"


def test_plan_lists_active_packets_parts_templates_and_slots(case: Case) -> None:
    p = plan(case, ROUTE)
    assert isinstance(p, BuildPlan) and p.route_id == ROUTE
    assert p.options == accesspack.load_route(ROUTE).options(None)
    assert [pk.id for pk in p.packets] == [pk.id for pk, _ in p.active]
    for packet in p.packets:
        assert packet.parts == tuple(x for x in packet.all_parts if x.active)
        for part in packet.parts:
            if part.kind == "document":
                assert part.template is not None and part.template.is_file()
            else:
                assert part.template is None
    used = p.uploads_used()
    assert list(used) == list(dict.fromkeys(
        aid for _, part in p.active_parts() for aid in part.attachments))
    assert all(used[aid].id == aid for aid in used)


def test_plan_context_is_the_template_context(case: Case) -> None:
    p = plan(case, ROUTE, {"form_edition": "2022-08"})
    packet = p.packets[0]
    ns, _ = case_context(case, p.locale.language, packet.identity)
    expected = template_context(case, p.route, packet.packet, p.options, ns)
    assert dict(packet.context) == expected
    assert p.form == packet.context["form"]


def test_plan_is_frozen_and_reads_no_upload(case: Case) -> None:
    for att in case.attachments:
        Path(att.path).unlink()  # the plan never opens an upload
    p = plan(case, ROUTE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.packets = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.packets[0].parts[0].active = False  # type: ignore[misc]


@pytest.mark.slow  # the fake converter looks its font up with fc-match
def test_a_build_adds_only_its_findings_to_validates_ledger(case: Case, tmp_path: Path) -> None:
    ledger = accesspack.validate(case, ROUTE)
    bundle = accesspack.build(case, ROUTE, tmp_path / "out", converter=FakeConverter())
    assert bundle.ledger.rows[:len(ledger.rows)] == ledger.rows
    added = bundle.ledger.rows[len(ledger.rows):]
    assert added and all(r.category in ("notice", "preflight") for r in added)
