"""The settings a warm LibreOffice's new profile gets before it starts (no LibreOffice)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from accesspack.convert.server import PROFILE_SETTINGS, write_profile_settings

_OOR = "{http://openoffice.org/2001/registry}"


def read_settings(path: Path) -> list[tuple[str, str, str, str]]:
    """(path, property, operation, value) of every item of a registrymodifications.xcu
    that sets a property (LibreOffice also writes items holding set entries, left out)."""
    root = ET.parse(path).getroot()
    assert root.tag == f"{_OOR}items"
    found = []
    for item in root.iter("item"):
        prop = item.find("prop")
        if prop is None:
            continue
        found.append((item.get(f"{_OOR}path", ""), prop.get(f"{_OOR}name", ""),
                      prop.get(f"{_OOR}op", ""), prop.findtext("value", "")))
    return found


def test_the_profile_gets_a_small_glyph_cache_in_libreoffices_own_format(
        tmp_path: Path) -> None:
    path = write_profile_settings(tmp_path / "profile")
    assert path == tmp_path / "profile" / "user" / "registrymodifications.xcu"
    assert read_settings(path) == [
        ("/org.openoffice.Office.Common/Cache/Font", "GlyphsCacheSize", "fuse", "1000000")]
    assert len(PROFILE_SETTINGS) == 1


def test_writing_again_gives_the_same_file(tmp_path: Path) -> None:
    first = write_profile_settings(tmp_path / "a").read_bytes()
    assert write_profile_settings(tmp_path / "a").read_bytes() == first
    assert write_profile_settings(tmp_path / "b").read_bytes() == first
