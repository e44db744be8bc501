"""What every route's bundle must be, whatever the regulator: one test per check,
parametrised over the route registry (``accesspack.list_routes()``), each reading every
``make demo`` build of that route from the session's build cache. A new route is checked
here once the demo builds its example. Each regulator's own content is tested under
tests/templates/<regulator>/.
"""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from accesspack import list_routes, load_case, load_route, plan
from tests.conftest import ROOT, BuildCache, manifest, run
from tests.examples.test_ready import DEMO

pytestmark = pytest.mark.slow  # reads bundles LibreOffice built

ROUTES = [r.id for r in list_routes()]


def demo_builds(built: BuildCache, route: str) -> list[tuple[Path, list[str]]]:
    """Every bundle ``make demo`` builds on ``route``, with the packets the build plan of
    its case makes active (a packet whose condition the case does not meet is left out)."""
    builds = []
    for case, demo_route, options in DEMO:
        if demo_route != route:
            continue
        bundle = built(ROOT / case, route, *(f for o in options for f in ("--option", o)))
        the_plan = plan(load_case(ROOT / case), route, dict(o.split("=", 1) for o in options))
        builds.append((bundle, [packet.id for packet, _ in the_plan.active]))
    assert builds, f"make demo builds no example on {route}: add one to the Makefile"
    return builds


def demo_bundles(built: BuildCache, route: str) -> list[Path]:
    """Every bundle ``make demo`` builds on ``route`` (its options as it gives them)."""
    return [bundle for bundle, _ in demo_builds(built, route)]


@pytest.mark.parametrize("route", ROUTES)
def test_packets_follow_the_route_order_outline_and_manifest(built: BuildCache,
                                                             route: str) -> None:
    spec = load_route(route).spec
    for bundle, active in demo_builds(built, route):
        man = manifest(bundle)
        assert man["ready"] is True and man["draft"] is False, bundle.name
        assert [p["id"] for p in man["packets"]] == active
        assert active == [p.id for p in spec.packets if p.id in active]
        for packet in man["packets"]:
            reader = PdfReader(bundle / packet["file"])
            assert len(reader.pages) == packet["pages"]
            # parts in the route's order (skipping parts with nothing to show), with the
            # table of contents where the route's packet has one
            route_parts = next(p for p in spec.packets if p.id == packet["id"]).parts
            ids = [part["id"] for part in packet["parts"]]
            assert ids == [p.id for p in route_parts if p.id in ids]
            if any(p.id == "toc" for p in route_parts):
                assert "toc" in ids, (bundle.name, packet["id"])
            # one top-level bookmark per part, at its first page, with its title
            top = [item for item in reader.outline if not isinstance(item, list)]
            assert [(i.title, reader.get_destination_page_number(i) + 1) for i in top] == [
                (part["title"], part["pages"][0]) for part in packet["parts"]]
            # page ranges tile the packet with no gap or overlap
            first = 1
            for part in packet["parts"]:
                assert part["pages"][0] == first
                first = part["pages"][1] + 1
            assert first - 1 == packet["pages"]


@pytest.mark.parametrize("route", ROUTES)
def test_fonts_embedded_and_structure_sound(built: BuildCache, route: str) -> None:
    """Every font of every packet embedded (pdffonts), and qpdf finds the file sound and
    not encrypted."""
    for bundle in demo_bundles(built, route):
        for packet in manifest(bundle)["packets"]:
            pdf = bundle / packet["file"]
            fonts = run("pdffonts", str(pdf)).splitlines()[2:]
            assert fonts, f"{pdf.name}: no fonts listed"
            for line in fonts:
                assert line.split()[-5] == "yes", (pdf.name, line)  # the "emb" column
            check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True,
                                   text=True)
            assert check.returncode == 0, check.stdout + check.stderr
            assert "File is not encrypted" in check.stdout


@pytest.mark.parametrize("route", ROUTES)
def test_every_generated_document_is_beside_its_packet(built: BuildCache,
                                                       route: str) -> None:
    """Each generated document a packet names is in documents/ as the editable DOCX, with
    the hash the manifest records."""
    for bundle in demo_bundles(built, route):
        man = manifest(bundle)
        listed = {d["file"]: d["sha256"] for d in man["documents"]}
        named = [d for packet in man["packets"] for part in packet["parts"]
                 for d in part["documents"] if "document" in d]
        assert named, bundle.name
        for doc in named:
            assert doc["document"].startswith("documents/") and doc["document"].endswith(
                ".docx"), doc
            assert (bundle / doc["document"]).is_file(), doc["document"]
            on_disk = hashlib.sha256((bundle / doc["document"]).read_bytes()).hexdigest()
            assert listed[doc["document"]] == doc["sha256"] == on_disk, doc["document"]
