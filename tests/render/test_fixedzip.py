"""DOCX zips with fixed dates: the bytes zipfile writes, from members deflated once."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest

from accesspack.render.fixedzip import deflate, fixed_zip, lifted

MEMBERS = [
    ("[Content_Types].xml", b'<?xml version="1.0"?><Types/>'),
    ("word/document.xml", b"<w:document>" + b"<w:p>text</w:p>" * 5000 + b"</w:document>"),
    ("word/empty.xml", b""),
    ("word/m\u00e9dia/\u56fe.png", bytes(range(256)) * 40),
]


def zipfile_archive(members: list[tuple[str, bytes]], day: date,
                    compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """What render_docx wrote before members were kept deflated: zipfile, member by member."""
    when = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, data in members:
            entry = zipfile.ZipInfo(name, date_time=when)
            entry.compress_type = compression
            entry.external_attr = 0o644 << 16
            zf.writestr(entry, data)
    return out.getvalue()


@pytest.mark.parametrize("day", [date(2026, 11, 20), date(1975, 2, 28), date(2107, 12, 31)])
def test_the_bytes_are_zipfiles(day: date) -> None:
    assert fixed_zip((deflate(n, d) for n, d in MEMBERS), day) == zipfile_archive(MEMBERS, day)


def test_members_lifted_from_a_zipfile_archive_are_the_deflated_ones() -> None:
    """python-docx's save deflates as zipfile does: its members are taken as they are."""
    archive = zipfile_archive(MEMBERS, date(2026, 1, 1))
    assert lifted(archive) == [deflate(n, d) for n, d in MEMBERS]
    with zipfile.ZipFile(io.BytesIO(fixed_zip(lifted(archive), date(2026, 1, 1)))) as zf:
        assert [(i.filename, zf.read(i)) for i in zf.infolist()] == MEMBERS
        assert zf.testzip() is None


def test_a_member_not_deflated_is_not_lifted() -> None:
    archive = zipfile_archive(MEMBERS, date(2026, 1, 1), zipfile.ZIP_STORED)
    with pytest.raises(ValueError, match=r"\[Content_Types\]\.xml is not a plain deflated"):
        lifted(archive)
