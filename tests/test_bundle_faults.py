"""Faults around a build, made real: LibreOffice that hangs, crashes or is missing; a full
disk and a read-only one (a tmpfs mounted in a private mount namespace); a build killed
half way; two builds of the same case into the same folder at once.

Each test checks what the user is told and that no half-written bundle is ever visible
under the bundle's name.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from accesspack import build
from accesspack.convert import LibreOfficeConverter
from accesspack.errors import ConversionError, ConversionTimeoutError, OutputError
from accesspack.model import Case
from tests.conftest import FULL_NAME, ROOT, run, text_of
from tests.convert.test_libreoffice import fake_soffice

ROUTE = "fda/single-patient"


@pytest.fixture
def case_file(case_data: dict[str, Any], case_dir: Path) -> Path:
    path = case_dir / "case.yaml"
    path.write_text(yaml.safe_dump(case_data, allow_unicode=True), encoding="utf-8")
    return path


def hidden(parent: Path) -> list[str]:
    """Staging or swapped-out folders beside the bundle (names starting with a dot)."""
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def check_bundle(bundle: Path) -> dict[str, Any]:
    """Every file the manifest lists exists with the sha256 it records; qpdf finds no error."""
    data: dict[str, Any] = json.loads((bundle / "manifest.json").read_text())
    listed = [(p["file"], p["sha256"]) for p in data["packets"]]
    for key in ("documents", "attachments", "ledger"):
        listed += [(e["file"], e["sha256"]) for e in data[key]]
    for name, digest in listed:
        assert hashlib.sha256((bundle / name).read_bytes()).hexdigest() == digest, name
    for p in data["packets"]:
        run("qpdf", "--check", str(bundle / p["file"]))
    return data


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # a zombie is gone for our purpose: it runs nothing
    status = Path(f"/proc/{pid}/status")
    return not status.exists() or "zombie" in status.read_text()


# -- LibreOffice ----------------------------------------------------------------------


@pytest.mark.slow
def test_a_hanging_libreoffice_is_killed_with_its_children(case: Case, tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    script = fake_soffice(
        tmp_path, f'echo $$ > "{pids}"\nsleep 300 &\necho $! >> "{pids}"\nwait\n')
    out = tmp_path / "out" / "bundle"
    started = time.monotonic()
    with (LibreOfficeConverter(soffice=str(script), timeout=2) as conv,
          pytest.raises(ConversionTimeoutError) as info):
        build(case, ROUTE, out, converter=conv)
    assert time.monotonic() - started < 30
    message = str(info.value)
    assert "within 2 s and was killed" in message and "retry" in message
    assert not out.exists() and hidden(out.parent) == []
    children = [int(p) for p in pids.read_text().split()]
    assert len(children) == 2
    deadline = time.monotonic() + 5
    while not all(map(_gone, children)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(map(_gone, children)), "soffice or its child survived the timeout"


@pytest.mark.slow
def test_a_crashing_libreoffice_fails_the_build_cleanly(case: Case, tmp_path: Path) -> None:
    script = fake_soffice(tmp_path, "kill -SEGV $$\n")
    out = tmp_path / "out" / "bundle"
    with (LibreOfficeConverter(soffice=str(script)) as conv,
          pytest.raises(ConversionError) as info):
        build(case, ROUTE, out, converter=conv)
    message = str(info.value)
    assert "LibreOffice did not convert" in message
    assert "crashed: killed by SIGSEGV" in message
    assert FULL_NAME not in message
    assert not out.exists() and hidden(out.parent) == []


@pytest.mark.slow
def test_a_missing_libreoffice_says_how_to_install_it(case_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "bundle"
    env = dict(os.environ, ACCESSPACK_SOFFICE=str(tmp_path / "no-such-soffice"))
    res = subprocess.run(
        [sys.executable, "-m", "accesspack", "build", str(case_file), "--route", ROUTE,
         "--out", str(out)], capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    assert res.returncode == 2
    assert "LibreOffice was not found" in res.stderr
    assert "apt-get install libreoffice-writer-nogui" in res.stderr
    assert "Traceback" not in res.stderr
    assert not out.exists()
    assert not out.parent.exists() or hidden(out.parent) == []


# -- the disk -------------------------------------------------------------------------


@functools.cache
def _unshare() -> list[str]:
    """An ``unshare`` command line under which ``mount -t tmpfs`` works on this machine:
    a private mount namespace (as root), else private user and mount namespaces."""
    tried = []
    for flags in (["--mount"], ["--user", "--map-root-user", "--mount"]):
        cmd = ["unshare", *flags]
        probe = subprocess.run([*cmd, "sh", "-c", "mount -t tmpfs tmpfs /mnt"],
                               capture_output=True, text=True, check=False)
        if probe.returncode == 0:
            return cmd
        tried.append(f"{' '.join(cmd)}: {probe.stderr.strip()}")
    pytest.fail("cannot mount a private tmpfs here (util-linux unshare): " + "; ".join(tried))


def in_private_mount(tmp_path: Path, mount_options: str, command: str) -> str:
    """Run ``command`` (sh) with a tmpfs mounted on ``tmp_path/disk``, seen by it alone.

    ``unshare`` gives the command its own mount namespace, so the mount disappears with
    the command and nothing else sees it. Prints of the command are returned.
    """
    disk = tmp_path / "disk"
    disk.mkdir()
    script = f'set -e\nmount -t tmpfs -o {mount_options} tmpfs "{disk}"\n{command}\n'
    res = subprocess.run([*_unshare(), "sh", "-c", script],
                         capture_output=True, text=True, cwd=ROOT, check=False)
    assert "mount:" not in res.stderr, res.stderr
    return res.stdout + res.stderr


def build_in(disk_out: str, case_file: Path) -> str:
    """Shell lines: build into ``disk_out``, print the exit status and what is on the disk."""
    return (f'set +e\n"{sys.executable}" -m accesspack build "{case_file}" --route {ROUTE} '
            f'--out "{disk_out}"\necho "exit=$?"\necho "left:"\n'
            f'find "$(dirname "{disk_out}")" -mindepth 1 | sort\necho "end"\n')


@pytest.mark.slow
@pytest.mark.parametrize("size", ["256k", "1m"])  # full while rendering / while converting
def test_a_full_disk_is_an_output_error_and_leaves_nothing(case_file: Path, tmp_path: Path,
                                                          size: str) -> None:
    out = tmp_path / "disk" / "out" / "bundle"
    text = in_private_mount(tmp_path, f"size={size}", build_in(str(out), case_file))
    assert "exit=2" in text, text
    assert "accesspack: error: cannot write the bundle in" in text, text
    assert "free some disk space" in text and "nothing was written" in text
    assert "Traceback" not in text and FULL_NAME not in text
    left = text.split("left:\n", 1)[1].split("end", 1)[0].split()
    assert left == [], f"left on the full disk: {left}"


@pytest.mark.slow
def test_a_read_only_disk_is_an_output_error(case_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "disk" / "out" / "bundle"
    text = in_private_mount(tmp_path, "ro,size=1m", build_in(str(out), case_file))
    assert "exit=2" in text, text
    assert "accesspack: error: cannot write in" in text
    assert "Read-only file system" in text and "choose a folder you can write to" in text
    assert "Traceback" not in text


def test_an_output_path_under_a_file_is_an_output_error(case: Case, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError, match="a-file is a file, not a folder; choose a folder"):
        build(case, ROUTE, blocker / "bundle")
    assert blocker.read_text() == "not a folder"


# -- a build killed half way, and two builds at once ----------------------------------


def start_build(case_file: Path, out: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "accesspack", "build", str(case_file), "--route", ROUTE,
         "--out", str(out), *extra],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def kill_while_converting(proc: subprocess.Popen[bytes], parent: Path) -> list[str]:
    """SIGKILL the build once its DOCX are rendered and LibreOffice works; its leftovers."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if any(parent.glob(".*.partial-*/documents/*.docx")):
            break
        assert proc.poll() is None, "the build ended before it could be killed"
        time.sleep(0.02)
    else:
        pytest.fail("the build never started converting")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return hidden(parent)


@pytest.mark.slow
def test_a_killed_build_leaves_nothing_under_the_bundle_name(case_file: Path,
                                                            tmp_path: Path) -> None:
    out = tmp_path / "out" / "bundle"
    left = kill_while_converting(start_build(case_file, out), out.parent)
    assert not out.exists(), "a half-written bundle is visible under its name"
    assert len(left) == 1 and left[0].startswith(".bundle.partial-")
    # the next build is not confused by it, and removes it (its process is gone)
    res = start_build(case_file, out)
    assert res.wait() == 0, res.stderr.read() if res.stderr else ""
    check_bundle(out)
    assert hidden(out.parent) == []


@pytest.mark.slow
def test_a_killed_rebuild_keeps_the_older_bundle_whole(case_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "bundle"
    first = start_build(case_file, out)
    assert first.wait() == 0
    before = check_bundle(out)
    kill_while_converting(start_build(case_file, out, "--draft"), out.parent)
    after = check_bundle(out)  # still the first bundle, complete
    assert after == before and after["draft"] is False


@pytest.mark.slow
def test_two_builds_into_one_folder_at_once(case_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "bundle"
    for _ in range(2):
        builds = [start_build(case_file, out), start_build(case_file, out, "--draft")]
        codes = [b.wait() for b in builds]
        errors = [b.stderr.read().decode() if b.stderr else "" for b in builds]
        assert codes == [0, 0], errors
        data = check_bundle(out)  # one of the two, whole: never a mix
        packet = out / data["packets"][0]["file"]
        assert ("DRAFT" in text_of(packet, 1, 1)) is data["draft"]
        assert hidden(out.parent) == []


# -- permissions ----------------------------------------------------------------------


@pytest.mark.slow
def test_bundle_files_are_readable_by_their_owner_only(case: Case, tmp_path: Path) -> None:
    bundle = build(case, ROUTE, tmp_path / "bundle").path
    modes = {str(p.relative_to(bundle)): p.stat().st_mode & 0o777
             for p in [bundle, *bundle.rglob("*")]}
    assert modes["."] == 0o700
    assert {m for name, m in modes.items() if (bundle / name).is_dir()} == {0o700}
    files = {m for name, m in modes.items() if (bundle / name).is_file()}
    assert files == {0o600}, modes
