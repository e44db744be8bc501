"""DOCX zips with every member dated the same day (same case, same bytes).

A member is deflated once (:func:`deflate`) and may be written into many zips: a template's
styles, theme and settings (about 800 kB, 97 % of it compressible) are the same in every
document rendered from it, so :mod:`.prepared` keeps them deflated (as python-docx's save
deflated them: :func:`lifted`) and only the rendered parts are compressed per document.

The bytes are exactly those :mod:`zipfile` (Python 3.11) writes for ``ZipFile(buf, "w",
ZIP_DEFLATED)`` and ``writestr(ZipInfo(name, date_time=day), data)`` with ``external_attr``
``0o644 << 16``: a local header without extra field, the data, then the central directory
(version 2.0, made on Unix) and the end record; tests/render/test_fixedzip.py compares
them with zipfile's. Members and archives past 2 GB (zipfile's zip64 limit) are refused.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

_LOCAL = struct.Struct("<4s2B4HL2L2H")  # zipfile.structFileHeader
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # zipfile.structCentralDir
_END = struct.Struct("<4s4H2LH")  # zipfile.structEndArchive
_VERSION = 20  # zipfile.DEFAULT_VERSION: deflate
_UNIX = 3
_DEFLATED = 8
_UTF8_NAME = 0x800
_DATA_DESCRIPTOR = 0x08
_LIMIT = (1 << 31) - 1  # zipfile.ZIP64_LIMIT: past it, zipfile writes zip64 records
_ATTRIBUTES = 0o644 << 16


@dataclass(frozen=True)
class Member:
    """One zip member, deflated: its name, CRC-32, size and deflated bytes."""

    name: str
    crc: int
    size: int
    deflated: bytes


def deflate(name: str, data: bytes) -> Member:
    """``data`` deflated as zipfile does (default level, raw stream, one call)."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return Member(name, zlib.crc32(data), len(data),
                  compressor.compress(data) + compressor.flush())


def lifted(archive: bytes) -> list[Member]:
    """The members of ``archive``, a zip that :mod:`zipfile` wrote deflated at its default
    level (as python-docx's ``save`` does), taken as they are: what :func:`deflate` would
    give, without decompressing and compressing them again."""
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        infos = zf.infolist()
    out: list[Member] = []
    for info in infos:
        start = info.header_offset
        sign, *_, name_length, extra_length = _LOCAL.unpack_from(archive, start)
        if (sign != b"PK\003\004" or info.compress_type != zipfile.ZIP_DEFLATED
                or info.flag_bits & _DATA_DESCRIPTOR):
            raise ValueError(f"zip member {info.filename} is not a plain deflated one")
        begin = start + _LOCAL.size + name_length + extra_length
        out.append(Member(info.filename, info.CRC, info.file_size,
                          archive[begin:begin + info.compress_size]))
    return out


def fixed_zip(members: Iterable[Member], stamp: date) -> bytes:
    """A zip of ``members``, in that order, every one dated ``stamp`` (at 00:00; 1980 for
    an earlier year, the first a zip can hold)."""
    dosdate = (max(stamp.year, 1980) - 1980) << 9 | stamp.month << 5 | stamp.day
    dostime = 0
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for member in members:
        try:
            name, flags = member.name.encode("ascii"), 0
        except UnicodeEncodeError:
            name, flags = member.name.encode("utf-8"), _UTF8_NAME
        if member.size * 1.05 > _LIMIT or max(len(member.deflated), offset) > _LIMIT:
            raise ValueError(f"zip member {member.name} would need zip64")
        local = _LOCAL.pack(b"PK\003\004", _VERSION, 0, flags, _DEFLATED, dostime, dosdate,
                            member.crc, len(member.deflated), member.size, len(name), 0)
        central.append(_CENTRAL.pack(
            b"PK\001\002", _VERSION, _UNIX, _VERSION, 0, flags, _DEFLATED, dostime, dosdate,
            member.crc, len(member.deflated), member.size, len(name), 0, 0, 0, 0,
            _ATTRIBUTES, offset) + name)
        out += (local, name, member.deflated)
        offset += len(local) + len(name) + len(member.deflated)
    directory = b"".join(central)
    if offset + len(directory) > _LIMIT or len(central) > 0xFFFF:
        raise ValueError("the zip would need zip64")
    out += (directory, _END.pack(b"PK\005\006", 0, 0, len(central), len(central),
                                 len(directory), offset, 0))
    return b"".join(out)
