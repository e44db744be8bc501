"""The warm LibreOffice (LibreOfficeServerConverter), with the real LibreOffice over UNO.

Crashes are simulated by killing LibreOffice's process group, hangs by stopping it
(SIGSTOP), and a dead owner by killing the process that holds the converter.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from accesspack.convert import (
    BackgroundConverter,
    LibreOfficeConverter,
    LibreOfficeServerConverter,
)
from accesspack.convert.server import PROFILE_SETTINGS
from accesspack.errors import ConversionError, ConversionTimeoutError, ConverterNotFoundError
from tests.conftest import ROOT, run
from tests.convert.test_libreoffice import make_docx
from tests.convert.test_profile_settings import read_settings
from tests.test_batch import assert_no_office_left, offices

pytestmark = pytest.mark.slow  # every test here starts a process


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    # a zombie still counts for kill(0): look for a live member
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[2]) == pgid and stat[0] != "Z":
                return True
    return False


def test_same_bytes_as_one_soffice_per_call(tmp_path: Path) -> None:
    docs = [make_docx(tmp_path / f"d{i}.docx", f"Marker {i}", pages=i + 1) for i in range(3)]
    with LibreOfficeServerConverter(instances=1) as warm, LibreOfficeConverter() as cold:
        first = warm.convert(docs, tmp_path / "warm1")
        second = warm.convert(docs, tmp_path / "warm2")
        reference = cold.convert(docs, tmp_path / "cold")
        assert warm.starts == warm.instances, "the second call reused the running LibreOffice"
    for a, b, c in zip(first, second, reference, strict=True):
        assert a.read_bytes() == b.read_bytes() == c.read_bytes()
        run("qpdf", "--check", str(a))
    assert "Marker 2 body text on page 3." in run("pdftotext", str(first[2]), "-")
    assert_no_office_left()


def test_crash_between_calls_restarts_and_crash_during_a_call_retries(tmp_path: Path) -> None:
    doc = make_docx(tmp_path / "d.docx", "Crash")
    with LibreOfficeServerConverter(instances=1) as conv:
        conv.convert([doc], tmp_path / "a")
        pid = conv.office_pid
        assert pid is not None and group_alive(pid)
        os.killpg(pid, signal.SIGKILL)  # LibreOffice crashes while idle
        (out,) = conv.convert([doc], tmp_path / "b")
        assert out.is_file() and conv.starts == 2 and conv.office_pid != pid
        assert not group_alive(pid)
    assert_no_office_left()


def test_hang_times_out_then_a_new_libreoffice_takes_over(tmp_path: Path) -> None:
    doc = make_docx(tmp_path / "d.docx", "Hang")
    with LibreOfficeServerConverter(instances=1, timeout=6) as conv:
        conv.convert([doc], tmp_path / "a")
        pid = conv.office_pid
        assert pid is not None
        os.killpg(pid, signal.SIGSTOP)  # LibreOffice hangs
        started = time.monotonic()
        with pytest.raises(ConversionTimeoutError, match="within 6 s"):
            conv.convert([doc], tmp_path / "b")
        assert time.monotonic() - started < 30
        assert not group_alive(pid), "the hung LibreOffice was killed"
        assert not (tmp_path / "b" / "d.pdf").exists()
        (out,) = conv.convert([doc], tmp_path / "c")
        assert "Hang body text" in run("pdftotext", str(out), "-")
        assert conv.office_pid not in (None, pid)
    assert_no_office_left()


def test_refused_documents_and_errors_name_the_file(tmp_path: Path) -> None:
    not_docx = tmp_path / "notes.docx"
    not_docx.write_bytes(b"plain text, not a zip")
    with LibreOfficeServerConverter(instances=1) as conv:
        with pytest.raises(ConversionError, match="notes.docx is not a Word DOCX"):
            conv.convert([not_docx], tmp_path / "out")
        assert conv.office_pid is None, "nothing was started for a refused input"
        good = make_docx(tmp_path / "good.docx", "Good")
        (out,) = conv.convert([good], tmp_path / "out")
        assert out.name == "good.pdf"
    assert_no_office_left()


def test_no_libreoffice_outlives_a_killed_owner(tmp_path: Path) -> None:
    """The owner dies without closing anything: the bridge sees its stdin close and
    takes LibreOffice down with it."""
    doc = make_docx(tmp_path / "d.docx", "Owner")
    code = ("import sys, time\nfrom pathlib import Path\n"
            "from accesspack.convert import LibreOfficeServerConverter\n"
            "c = LibreOfficeServerConverter()\n"
            f"c.convert([Path({str(doc)!r})], Path({str(tmp_path / 'o')!r}))\n"
            "print(c.office_pid, flush=True)\ntime.sleep(600)\n")
    owner = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                             cwd=ROOT)
    assert owner.stdout is not None
    pid = int(owner.stdout.readline())
    assert group_alive(pid) and offices()
    owner.kill()
    owner.wait()
    deadline = time.monotonic() + 20
    while group_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not group_alive(pid)
    assert_no_office_left()


def test_missing_uno_python_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCESSPACK_UNO_PYTHON", "/nonexistent/python3")
    with pytest.raises(ConverterNotFoundError, match="python3-uno.*ACCESSPACK_UNO_PYTHON"):
        LibreOfficeServerConverter()
    monkeypatch.setenv("ACCESSPACK_UNO_PYTHON", sys.executable)  # a Python without uno
    with pytest.raises(ConverterNotFoundError, match="import uno"):
        LibreOfficeServerConverter()


def test_two_instances_split_the_documents_and_write_the_same_bytes(tmp_path: Path) -> None:
    docs = [make_docx(tmp_path / f"d{i}.docx", f"Split {i}", pages=i % 2 + 1)
            for i in range(6)]
    with LibreOfficeServerConverter(instances=1) as one, \
            LibreOfficeServerConverter(instances=2) as two:
        two.start()
        pids = two.office_pids
        assert two.starts == 2 and None not in pids and len(set(pids)) == 2
        reference = one.convert(docs, tmp_path / "one")
        split = two.convert(docs, tmp_path / "two")
        assert sum(two.converted) == 6 and min(two.converted) >= 1, two.converted
        assert [p.name for p in split] == [f"d{i}.pdf" for i in range(6)]  # source order
        for a, b in zip(reference, split, strict=True):
            assert a.read_bytes() == b.read_bytes(), a.name
        assert "Split 5 body text on page 2." in run("pdftotext", str(split[5]), "-")
        # a conversion that must stay in one process never reaches the second instance
        before = list(two.converted)
        with two.begin(tmp_path / "kept", split=False) as conversion:
            for doc in docs:
                conversion.submit(doc)
            kept = conversion.finish()
        assert two.converted == [before[0] + 6, before[1]]
        assert [p.read_bytes() for p in kept] == [p.read_bytes() for p in reference]
        assert not list((tmp_path / "two").glob(".lo-*")), "the staging folder is removed"
    assert not any(group_alive(pid) for pid in pids if pid), "close() stopped every instance"
    assert_no_office_left()


def test_a_dead_instance_restarts_and_a_hung_one_times_out(tmp_path: Path) -> None:
    docs = [make_docx(tmp_path / f"d{i}.docx", f"Instance {i}") for i in range(4)]
    with LibreOfficeServerConverter(instances=2, timeout=8) as conv:
        conv.start()
        first, second = conv.office_pids
        assert first is not None and second is not None
        os.killpg(second, signal.SIGKILL)  # the second LibreOffice crashes while idle
        outs = conv.convert(docs, tmp_path / "a")
        assert all(p.is_file() for p in outs) and conv.starts == 3
        assert not group_alive(second)
        hung = conv.office_pids[0]
        assert hung is not None
        os.killpg(hung, signal.SIGSTOP)  # the first one hangs
        with pytest.raises(ConversionTimeoutError, match="within 8 s"):
            conv.convert(docs, tmp_path / "b")
        assert not group_alive(hung), "the hung LibreOffice was stopped"
        assert not list((tmp_path / "b").glob(".lo-*")), "the staging folder is removed"
        outs = conv.convert(docs, tmp_path / "c")
        assert "Instance 3 body text" in run("pdftotext", str(outs[3]), "-")
        assert hung not in conv.office_pids
    assert_no_office_left()


def test_background_converter_starts_at_once_and_close_stops_a_start(tmp_path: Path) -> None:
    doc = make_docx(tmp_path / "d.docx", "Background")
    with BackgroundConverter(instances=1) as conv:
        (out,) = conv.convert([doc], tmp_path / "a")
        made = conv.converter()
        assert isinstance(made, LibreOfficeServerConverter) and made.starts == 1
        assert "Background body text" in run("pdftotext", str(out), "-")
    assert made.office_pid is None
    others = set(offices(started_under=os.getpid()))  # the session's warm one, if any

    def mine() -> set[tuple[int, int]]:
        return set(offices(started_under=os.getpid())) - others

    early = BackgroundConverter(instances=1)  # closed while LibreOffice is starting
    deadline = time.monotonic() + 30
    while not mine() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert mine(), "LibreOffice was starting"
    started = time.monotonic()
    early.close()
    assert time.monotonic() - started < 15
    made = early.converter()
    assert isinstance(made, LibreOfficeServerConverter) and made.office_pids == [None]
    deadline = time.monotonic() + 10  # soffice.bin too, not only the soffice that forked it
    while mine() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert mine() == set()
    assert_no_office_left()


def test_libreoffice_allocates_from_one_malloc_arena(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """soffice.bin (oosplash's child) gets glibc's arena_max=1, first in GLIBC_TUNABLES
    though the environment asked glibc for something else (glibc 2.36 passes on only the
    first tunable of the list)."""
    monkeypatch.setenv("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=1000000")
    doc = make_docx(tmp_path / "d.docx", "Arena")
    tunables: dict[str, list[bytes]] = {}
    with LibreOfficeServerConverter(instances=1) as conv:
        conv.convert([doc], tmp_path / "out")
        pgid = conv.office_pid
        assert pgid is not None
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[2]) != pgid:
                    continue
                name = (entry / "comm").read_text().strip()
                tunables[name] = [v for v in (entry / "environ").read_bytes().split(b"\0")
                                  if v.startswith(b"GLIBC_TUNABLES=")]
            except OSError:
                continue
    (found,) = tunables["soffice.bin"]
    assert found.split(b"=", 1)[1].split(b":")[0] == b"glibc.malloc.arena_max=1"
    assert_no_office_left()


def test_libreoffice_keeps_the_profile_settings_it_was_started_with(tmp_path: Path) -> None:
    """LibreOffice rewrites its profile's registrymodifications.xcu once started, from the
    configuration it read: the small glyph cache written before the start is still in it."""
    doc = make_docx(tmp_path / "d.docx", "Profile")
    with LibreOfficeServerConverter(instances=1) as conv:
        conv.convert([doc], tmp_path / "out")
        running = conv._offices[0]._running
        assert running is not None
        xcu = running.workdir / "profile" / "user" / "registrymodifications.xcu"
        items = read_settings(xcu)
    assert len(items) > len(PROFILE_SETTINGS), "LibreOffice wrote its own items too"
    assert ("/org.openoffice.Office.Common/Cache/Font", "GlyphsCacheSize", "fuse",
            "1000000") in items
    assert (tmp_path / "out" / "d.pdf").is_file()
    assert_no_office_left()
