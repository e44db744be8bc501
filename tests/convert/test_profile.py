"""The set-up profile template each new LibreOffice profile is copied from
(accesspack.convert.profile): made once, private, shared by processes, never required."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from accesspack.convert import LibreOfficeServerConverter
from accesspack.convert.profile import (
    PROFILE_ENV,
    prepare_profile,
    template_folder,
    write_profile_settings,
)
from tests.convert.test_libreoffice import make_docx
from tests.test_batch import assert_no_office_left

_SET_UP = ('<item oor:path="/org.openoffice.Setup/Office"><prop oor:name="ooSetupInstCompleted"'
           ' oor:op="fuse"><value>true</value></prop></item>')


def fake_install(tmp_path: Path, *, status: int = 0, delay: float = 0.0) -> Path:
    """A LibreOffice program folder whose soffice logs its arguments, waits ``delay``
    seconds, marks the profile set up (as LibreOffice does on its first start) and exits
    with ``status``; return the soffice."""
    program = tmp_path / "lo" / "program"
    program.mkdir(parents=True)
    (program / "versionrc").write_text("[Version]\nbuildid=fake\n")
    (program / "soffice.bin").write_bytes(b"")
    soffice = program / "soffice"
    soffice.write_text(textwrap.dedent(f"""\
        #!/bin/sh
        echo "$*" >> {tmp_path / 'calls.log'}
        for a; do case "$a" in -env:UserInstallation=file://*)
            p="${{a#-env:UserInstallation=file://}}";; esac; done
        sleep {delay}
        sed -i 's#</oor:items>#{_SET_UP}\\n</oor:items>#' "$p/user/registrymodifications.xcu"
        exit {status}
        """))
    soffice.chmod(0o755)
    return soffice


def calls(tmp_path: Path) -> list[str]:
    log = tmp_path / "calls.log"
    return log.read_text().splitlines() if log.exists() else []


def settings_only(profile: Path) -> bool:
    """Whether ``profile`` holds the settings file alone, as written before a start."""
    expected = write_profile_settings(profile.parent / "expected").read_bytes()
    files = sorted(p.relative_to(profile) for p in profile.rglob("*") if p.is_file())
    xcu = profile / "user" / "registrymodifications.xcu"
    return files == [Path("user/registrymodifications.xcu")] and xcu.read_bytes() == expected


def test_the_folder_is_the_variables_else_the_user_cache(monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path) -> None:
    monkeypatch.delenv(PROFILE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert template_folder() == tmp_path / "xdg" / "accesspack" / "libreoffice-profiles"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert template_folder() == tmp_path / "home" / ".cache" / "accesspack" / \
        "libreoffice-profiles"
    monkeypatch.setenv(PROFILE_ENV, str(tmp_path / "mine"))
    assert template_folder() == tmp_path / "mine"
    monkeypatch.setenv(PROFILE_ENV, "OFF")
    assert template_folder() is None


def test_off_or_an_unknown_installation_gives_the_settings_alone(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    soffice = fake_install(tmp_path)
    monkeypatch.setenv(PROFILE_ENV, "off")
    assert prepare_profile(tmp_path / "a" / "profile", str(soffice)) is False
    assert settings_only(tmp_path / "a" / "profile")
    (soffice.parent / "versionrc").unlink()  # not an installation we can name
    monkeypatch.setenv(PROFILE_ENV, str(tmp_path / "root"))
    assert prepare_profile(tmp_path / "b" / "profile", str(soffice)) is False
    assert settings_only(tmp_path / "b" / "profile")
    assert calls(tmp_path) == [], "no LibreOffice was started"


def test_a_folder_others_can_write_in_is_not_used(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    soffice = fake_install(tmp_path)
    root = tmp_path / "shared"
    root.mkdir()
    root.chmod(0o777)
    monkeypatch.setenv(PROFILE_ENV, str(root))
    assert prepare_profile(tmp_path / "a" / "profile", str(soffice)) is False
    assert settings_only(tmp_path / "a" / "profile")
    assert list(root.iterdir()) == [] and calls(tmp_path) == []


@pytest.mark.slow
def test_the_template_is_made_once_privately_and_copied(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    soffice = fake_install(tmp_path)
    root = tmp_path / "cache" / "profiles"
    monkeypatch.setenv(PROFILE_ENV, str(root))
    assert prepare_profile(tmp_path / "a" / "profile", str(soffice)) is True
    assert prepare_profile(tmp_path / "b" / "profile", str(soffice)) is True
    (made,) = calls(tmp_path)
    assert "--terminate_after_init" in made.split() and "--convert-to" not in made
    (home,) = root.iterdir()  # no temporary folder left beside it
    assert stat.S_IMODE(root.stat().st_mode) == stat.S_IMODE(home.stat().st_mode) == 0o700
    assert sorted(p.name for p in home.iterdir()) == ["profile"]  # its HOME was removed
    for copy in (tmp_path / "a" / "profile", tmp_path / "b" / "profile"):
        xcu = (copy / "user" / "registrymodifications.xcu").read_text()
        assert _SET_UP in xcu and "GlyphsCacheSize" in xcu
    # new settings or another LibreOffice: another template
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert prepare_profile(tmp_path / "c" / "profile", str(soffice)) is True
    assert len(calls(tmp_path)) == 2 and len(list(root.iterdir())) == 2


@pytest.mark.slow
def test_a_libreoffice_that_fails_leaves_no_template_and_the_settings_alone(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    soffice = fake_install(tmp_path, status=1)
    root = tmp_path / "profiles"
    monkeypatch.setenv(PROFILE_ENV, str(root))
    assert prepare_profile(tmp_path / "a" / "profile", str(soffice)) is False
    assert settings_only(tmp_path / "a" / "profile")
    assert list(root.iterdir()) == [] and len(calls(tmp_path)) == 1


@pytest.mark.slow
def test_two_processes_making_it_at_once_both_get_a_whole_template(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    soffice = fake_install(tmp_path, delay=1.5)
    root = tmp_path / "profiles"
    monkeypatch.setenv(PROFILE_ENV, str(root))
    code = ("import sys; from pathlib import Path; "
            "from accesspack.convert.profile import prepare_profile; "
            "print(prepare_profile(Path(sys.argv[1]), sys.argv[2]))")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path / f"p{n}"),
                               str(soffice)], stdout=subprocess.PIPE, text=True,
                              env=dict(os.environ))
             for n in range(2)]
    assert [proc.communicate(timeout=60)[0].strip() for proc in procs] == ["True", "True"]
    assert len(calls(tmp_path)) == 2, "both made one: the race was real"
    assert len(list(root.iterdir())) == 1  # one template, the loser's copy removed
    for n in range(2):
        assert _SET_UP in (tmp_path / f"p{n}" / "user" / "registrymodifications.xcu"
                           ).read_text()


def _reaped_children_cpu(pid: int) -> float:
    """CPU seconds of the children ``pid`` has waited for (/proc's cutime + cstime)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.slow
def test_libreoffice_starts_once_on_a_copied_profile_and_writes_the_same_pdf(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """On a new empty profile oosplash starts soffice.bin, which sets the profile up, exits
    (status 81) and is started again: the first one's CPU time (about 0.17 s) lands in
    oosplash's reaped-children time. On a copy of the template nothing was reaped."""
    doc = make_docx(tmp_path / "d.docx", "Template")
    reaped, pdfs = {}, {}
    for mode in ("off", str(tmp_path / "profiles")):
        monkeypatch.setenv(PROFILE_ENV, mode)
        with LibreOfficeServerConverter(instances=1) as conv:
            conv.start()
            assert conv.office_pid is not None
            reaped[mode] = _reaped_children_cpu(conv.office_pid)  # oosplash's pid
            (pdf,) = conv.convert([doc], tmp_path / Path(mode).name)
            pdfs[mode] = pdf.read_bytes()
    assert reaped["off"] >= 0.05, "a new empty profile: soffice.bin ran twice"
    assert reaped[str(tmp_path / "profiles")] < 0.03, "a copied profile: soffice.bin ran once"
    assert pdfs["off"] == pdfs[str(tmp_path / "profiles")]
    assert_no_office_left()
