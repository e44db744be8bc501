"""The LibreOffice profile each new LibreOffice starts on: our settings, already set up.

LibreOffice started on a new (empty) profile folder creates its user installation and
then starts again: ``soffice.bin`` runs twice (the first exits with status 81 after about
0.3 s; oosplash restarts it), and fontconfig maps the CJK fonts during both starts.
Every new profile pays it: each :class:`~accesspack.convert.LibreOfficeServerConverter`
instance, each cold :class:`~accesspack.convert.LibreOfficeConverter`, so each
``accesspack build`` from the command line and each batch worker.

So a set-up profile is kept as a template, per user and across processes, and copied into
each new profile folder before LibreOffice starts: LibreOffice then starts once.

- The template is made once by starting LibreOffice on a new profile holding
  :data:`PROFILE_SETTINGS` with ``--terminate_after_init``: no document is ever opened
  in it, so it holds no document data; it is never a profile a conversion ran in.
- It lives in ``$XDG_CACHE_HOME/accesspack/libreoffice-profiles/`` (``~/.cache`` by
  default), one folder per key: the LibreOffice installation (its program folder, its
  ``versionrc``, the size and time of ``soffice.bin``), the settings file and the locale
  variables LibreOffice reads on its first start. An upgrade or new settings make a new
  template. An soffice without a ``versionrc`` beside it gets no template.
- ``ACCESSPACK_LO_PROFILES`` names another folder, or ``off`` for none (every profile is
  then made by LibreOffice, as before).
- Made in a private temporary folder and renamed into place: two processes making it at
  once both end with a whole template (the second rename fails; its copy is dropped);
  the temporary folder of a maker that died is removed by the next maker after an hour.
  Folders readable by their owner only (0700); a template or folder not owned by this
  user, or writable by others, is not used.
- Any failure (no folder, no space, LibreOffice refused) falls back to a new profile
  holding the settings only (logged at debug level): it never fails a conversion.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import signal
import stat
import subprocess
import tempfile
import threading
import time
from pathlib import Path

__all__ = ["PROFILE_ENV", "PROFILE_SETTINGS", "prepare_profile", "template_folder",
           "write_profile_settings"]

log = logging.getLogger("accesspack")

#: The environment variable naming the templates' folder; ``off``: no template.
PROFILE_ENV = "ACCESSPACK_LO_PROFILES"
_OFF = "off"
_MAKE_TIMEOUT = 60.0
#: seconds after which a maker's temporary folder is taken as abandoned
_ABANDONED = 3600.0
#: what LibreOffice writes into the settings file once it set the profile up
_SET_UP = '<prop oor:name="ooSetupInstCompleted" oor:op="fuse"><value>true</value>'
#: the variables LibreOffice reads its user interface language from on a first start
_LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")
_MAKING = threading.Lock()

#: What each LibreOffice's new profile says before it starts, as (configuration group,
#: property, value) entries of ``user/registrymodifications.xcu``.
#:
#: ``Common/Cache/Font/GlyphsCacheSize``: the bytes of glyphs (fonts opened at a size)
#: LibreOffice keeps between documents, 20,000,000 by default (officecfg's Common.xcs),
#: kept by a warm LibreOffice for the whole batch. With 1,000,000 a soffice.bin that
#: converted the FDA route's 11 documents ten times holds 148 MB instead of 177 MB
#: (anonymous memory 44 MB instead of 72); the same PDFs, byte for byte, and no more CPU
#: time (11.1 s against 14.6 s for the 110 documents, measured with other work running).
#: The graphics caches (``Cache/GraphicManager``), ``Cache/Writer/OLE_Objects``,
#: ``Undo/Steps`` and ``Cache/Font/TextRunsCacheSize`` were measured too: within 2 MB of
#: the default on these documents (no images), so they are left alone.
PROFILE_SETTINGS: tuple[tuple[str, str, int], ...] = (
    ("/org.openoffice.Office.Common/Cache/Font", "GlyphsCacheSize", 1_000_000),
)


def _items() -> list[str]:
    """Each setting as the line LibreOffice writes for it."""
    return [f'<item oor:path="{group}"><prop oor:name="{name}" oor:op="fuse">'
            f"<value>{value}</value></prop></item>" for group, name, value in PROFILE_SETTINGS]


def _settings_xml() -> str:
    items = "".join(f"{item}\n" for item in _items())
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{items}</oor:items>\n")


def write_profile_settings(profile: Path) -> Path:
    """Write :data:`PROFILE_SETTINGS` into the LibreOffice profile folder ``profile``
    (made if missing; its ``-env:UserInstallation``) before LibreOffice first starts on
    it; return the file written. LibreOffice keeps them when it rewrites the file."""
    path = profile / "user" / "registrymodifications.xcu"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_settings_xml(), encoding="utf-8")
    return path


def template_folder() -> Path | None:
    """The folder holding the templates (``$ACCESSPACK_LO_PROFILES``, else
    ``$XDG_CACHE_HOME/accesspack/libreoffice-profiles``), or None when turned off."""
    value = os.environ.get(PROFILE_ENV, "").strip()
    if value.lower() == _OFF:
        return None
    if value:
        return Path(value).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(cache) if cache and os.path.isabs(cache) else Path.home() / ".cache"
    return base / "accesspack" / "libreoffice-profiles"


def prepare_profile(profile: Path, soffice: str) -> bool:
    """Fill the new profile folder ``profile`` (it must not exist) before ``soffice``
    starts on it: a copy of the template (made first if missing) when there is one,
    else the settings alone. Return whether the template was copied; never raises
    for a template problem (it is logged at debug level)."""
    try:
        template = _template(soffice)
        if template is not None:
            shutil.copytree(template, profile, symlinks=True)
            return True
    except Exception as exc:  # never fail a conversion for a missing shortcut
        log.debug("LibreOffice profile template not used (%s: %s); a new profile instead",
                  type(exc).__name__, exc)
        shutil.rmtree(profile, ignore_errors=True)
    write_profile_settings(profile)
    return False


def _template(soffice: str) -> Path | None:
    """The template profile for ``soffice``, made if missing; None when turned off or
    when the installation cannot be identified."""
    root = template_folder()
    if root is None:
        return None
    key = _key(soffice)
    if key is None:
        log.debug("LibreOffice profile template: no versionrc beside %s", soffice)
        return None
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    _check_private(root, writable_only=True)
    home = root / key
    if not home.exists():
        with _MAKING:  # the instances of one process make it once
            if not home.exists():
                _make(root, home, soffice)
    _check_private(home, writable_only=False)
    profile = home / "profile"
    xcu = (profile / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
    if _SET_UP not in xcu:
        raise RuntimeError(f"the template {key} is not set up")
    return profile


def _key(soffice: str) -> str | None:
    """The installation, the settings and the locale, digested; None without versionrc."""
    program = Path(os.path.realpath(soffice)).parent
    try:
        versionrc = (program / "versionrc").read_bytes()
        binary = os.stat(program / "soffice.bin")
    except OSError:
        return None
    parts = [str(program), versionrc.decode("utf-8", "replace"), binary.st_size,
             binary.st_mtime_ns, _settings_xml(),
             [os.environ.get(name, "") for name in _LOCALE_VARS]]
    return "profile-" + hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:24]


def _check_private(folder: Path, *, writable_only: bool) -> None:
    """Raise unless ``folder`` is this user's and (writable_only) no one else can write
    in it, or (not writable_only) no one else can read it."""
    info = os.stat(folder)
    others = 0o022 if writable_only else 0o077
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & others:
        raise PermissionError(f"{folder.name} is not a folder private to this user")


def _remove_abandoned(root: Path) -> None:
    """Remove the temporary folders of makers that died (older than :data:`_ABANDONED`)."""
    now = time.time()
    for entry in root.glob(".new-*"):
        with contextlib.suppress(OSError):
            if now - entry.stat().st_mtime > _ABANDONED:
                shutil.rmtree(entry)


def _make(root: Path, home: Path, soffice: str) -> None:
    """Make the template ``home`` in a private temporary folder of ``root``, renamed in."""
    _remove_abandoned(root)
    work = Path(tempfile.mkdtemp(prefix=".new-", dir=root))  # 0700
    try:
        write_profile_settings(work / "profile")
        (work / "home").mkdir()
        cmd = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}",
               "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
               "--nolockcheck", "--terminate_after_init"]
        proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, cwd=work, env=dict(os.environ, HOME=str(work / "home")),
            start_new_session=True)
        try:
            status = proc.wait(timeout=_MAKE_TIMEOUT)
        finally:  # whatever it left running goes with its group
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        xcu = (work / "profile" / "user" / "registrymodifications.xcu").read_text(
            encoding="utf-8")
        if status != 0 or not all(item in xcu for item in [_SET_UP, *_items()]):
            raise RuntimeError(f"LibreOffice did not set the template up (status {status})")
        shutil.rmtree(work / "home")
        try:
            os.rename(work, home)
            log.debug("LibreOffice profile template %s made", home.name)
        except OSError:
            if not home.is_dir():  # not another process's template: a real failure
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
