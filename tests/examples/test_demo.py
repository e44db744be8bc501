"""The demo's bundles are byte-identical to those recorded in demo-hashes.json (see
tests/examples/demo_hashes.py for what is recorded, how another LibreOffice version is
compared, and how to regenerate the file on purpose)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import BuildCache
from tests.examples.demo_hashes import HASHES, build_demo, differences, libreoffice_version

pytestmark = pytest.mark.slow  # builds every demo bundle with LibreOffice


def test_the_demo_bundles_are_as_recorded(built: BuildCache) -> None:
    recorded = json.loads(HASHES.read_text(encoding="utf-8"))
    bundles = build_demo(built)
    assert len(bundles) == len(recorded["bundles"]) >= 19
    how, found = differences(bundles, recorded, libreoffice_version())
    assert not found, (f"compared {how}; these differ from {HASHES.name} (if the change "
                       "is meant, regenerate it: python -m tests.examples.demo_hashes "
                       "--write, and say why in the CHANGELOG):\n" + "\n".join(found))


def test_a_changed_file_is_found(built: BuildCache) -> None:
    """The comparison can fail: a recorded hash altered is reported, in both modes."""
    name = "fda-single-patient"
    everything = json.loads(HASHES.read_text(encoding="utf-8"))
    recorded = {"libreoffice": everything["libreoffice"],
                "bundles": {name: everything["bundles"][name]}}
    bundles = {name: build_demo(built)[name]}
    docx = next(f for f in recorded["bundles"][name]["files"] if f.endswith(".docx"))
    recorded["bundles"][name]["files"][docx] = "0" * 64
    version = recorded["libreoffice"]
    assert differences(bundles, recorded, version)[1] == [f"{name}/{docx}: bytes differ"]
    how, found = differences(bundles, recorded, "LibreOffice 0.0")
    assert "page texts" in how and found == [f"{name}/{docx}: bytes differ"]
