"""DOCX to PDF with a local headless LibreOffice (``soffice --convert-to pdf``).

What this backend guards against (measured with LibreOffice 7.4):

- soffice exits 0 when it could not load a file, and converts random bytes named
  ``.docx`` as plain text; so inputs are checked to be DOCX first, and every output is
  checked to exist and to open as a PDF with pages.
- Two soffice processes on one user profile fail; each instance has its own profile
  (created once, reused, deleted by :meth:`LibreOfficeConverter.close`) and a lock. It
  is a copy of a set-up template (:mod:`.profile`): soffice starts once, not twice.
- soffice may hang; it runs in its own process group, killed as a whole on timeout.
- One start costs about 1.2 s, each document about 0.2 s: all sources go in ONE run.
- PDF export options are passed as JSON, the only form LibreOffice 7.4 honours on the
  command line (a ``Key=Value`` list is silently ignored).

Outputs are re-written through :func:`accesspack.pdf.write.write_pdf`, which removes the
random file identifier and the dates soffice writes: the same DOCX gives the same bytes.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import weakref
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import (
    ConversionError,
    ConversionTimeoutError,
    ConverterNotFoundError,
    OutputError,
)
from .base import Converter, expected_outputs
from .profile import prepare_profile

__all__ = [
    "ENV_VAR", "EXPORT_OPTIONS", "LibreOfficeConverter", "check_docx", "convert_staged",
    "find_soffice", "finish_output", "make_staging", "scrub",
]

ENV_VAR = "ACCESSPACK_SOFFICE"
#: writer_pdf_Export options. No bookmarks from headings (the packet has its own), form
#: controls and comments printed as they look rather than exported as annotations.
EXPORT_OPTIONS: dict[str, bool] = {
    "EmbedStandardFonts": True,
    "ExportBookmarks": False,
    "ExportFormFields": False,
    "ExportNotes": False,
}
_STDERR_TAIL = 1500


def find_soffice(soffice: str | None = None) -> str:
    """The soffice program: ``soffice`` if given, else ``$ACCESSPACK_SOFFICE``, else PATH.

    Raises :class:`ConverterNotFoundError` if the program is missing or not executable.
    """
    wanted = soffice or os.environ.get(ENV_VAR) or "soffice"
    found = shutil.which(wanted)
    if found is None:
        raise ConverterNotFoundError(
            f"LibreOffice was not found (looked for {wanted!r}); install it with "
            f"'apt-get install libreoffice-writer-nogui' or set {ENV_VAR} to the path of "
            "the soffice program"
        )
    return found


def _filter() -> str:
    options = {key: {"type": "boolean", "value": "true" if value else "false"}
               for key, value in EXPORT_OPTIONS.items()}
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


def check_docx(src: Path) -> None:
    """Raise :class:`ConversionError` unless ``src`` is a DOCX (a zip holding
    ``word/document.xml``)."""
    try:
        with zipfile.ZipFile(src) as zf:
            if "word/document.xml" in zf.namelist():
                return
    except FileNotFoundError:
        raise ConversionError(f"{src.name} does not exist") from None
    except (zipfile.BadZipFile, OSError, EOFError):
        pass
    raise ConversionError(
        f"{src.name} is not a Word DOCX document (a zip holding word/document.xml); "
        "only DOCX files can be converted"
    )


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.communicate(timeout=10)
    proc.wait()


class LibreOfficeConverter(Converter):
    """Converts DOCX files with a local ``soffice``; one private profile per instance.

    Thread-safe: calls on one instance run one after another. Use one instance per
    worker process (or thread) to convert in parallel.
    """

    def __init__(self, soffice: str | None = None, timeout: float = 180.0) -> None:
        self.soffice = find_soffice(soffice)
        self.timeout = timeout
        self._lock = threading.Lock()
        self._workdir: Path | None = None
        self._cleanup: weakref.finalize[[str, bool], LibreOfficeConverter] | None = None

    def _home(self) -> Path:
        """The private folder (created on first use): HOME for soffice, and its profile."""
        if self._workdir is None:
            workdir = Path(tempfile.mkdtemp(prefix="accesspack-lo-"))
            self._cleanup = weakref.finalize(self, shutil.rmtree, str(workdir), True)
            prepare_profile(workdir / "profile", self.soffice)
            self._workdir = workdir
        return self._workdir

    def _discard_profile(self) -> None:
        if self._cleanup is not None:
            self._cleanup()
        self._workdir = self._cleanup = None

    def close(self) -> None:
        """Delete the LibreOffice profile; a later :meth:`convert` makes a new one."""
        with self._lock:
            self._discard_profile()

    def convert(self, sources: Sequence[Path], out_dir: Path) -> list[Path]:
        """Convert the DOCX ``sources`` to ``out_dir/<stem>.pdf`` in one soffice run.

        Raises :class:`ConversionError` for a source that is not a DOCX, for same-stem
        sources and for any output that is missing or not a PDF with pages (with the
        tail of LibreOffice's messages); :class:`ConversionTimeoutError` after
        ``timeout`` seconds, when soffice and its children have been killed.
        """
        def run(sources: list[Path], staging: Path) -> list[str]:
            with self._lock:
                return [self._run(sources, staging)] * len(sources)  # one log for all

        return convert_staged(sources, out_dir, run)

    def _run(self, sources: list[Path], staging: Path) -> str:
        """Run soffice once on every source; return its stdout+stderr, scrubbed."""
        home = self._home()
        cmd = [
            self.soffice,
            f"-env:UserInstallation={(home / 'profile').as_uri()}",
            "--headless", "--invisible", "--norestore", "--nolockcheck", "--nologo",
            "--nodefault", "--convert-to", _filter(), "--outdir", str(staging),
            *map(str, sources),
        ]
        env = dict(os.environ, HOME=str(home))
        try:
            proc = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, cwd=home, env=env, start_new_session=True,
            )
        except OSError as exc:
            raise ConverterNotFoundError(
                f"cannot start {Path(self.soffice).name}: {exc.strerror or exc}; install "
                f"libreoffice-writer-nogui or set {ENV_VAR}"
            ) from None
        try:
            out, err = proc.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            self._discard_profile()  # a killed soffice may leave the profile locked
            raise ConversionTimeoutError(
                f"LibreOffice did not convert {len(sources)} document(s) within "
                f"{self.timeout:g} s and was killed; retry, or raise the timeout"
            ) from None
        except BaseException:
            _kill_group(proc)
            raise
        finally:
            # soffice's children, if any survived the parent, go with the group
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
        text = (out + err).decode("utf-8", "replace")
        if proc.returncode < 0:
            try:
                name = signal.Signals(-proc.returncode).name
            except ValueError:
                name = f"signal {-proc.returncode}"
            text += f"\n(soffice crashed: killed by {name}; retry, or check LibreOffice works)"
        elif proc.returncode:
            text += f"\n(soffice exit status {proc.returncode})"
        return scrub(text, sources, staging)


def convert_staged(sources: Sequence[Path], out_dir: Path,
                   run: Callable[[list[Path], Path], Sequence[str]]) -> list[Path]:
    """What every LibreOffice backend does around its conversion.

    Checks the sources (distinct stems, each a DOCX), makes a staging folder inside
    ``out_dir``, calls ``run(sources, staging)`` (absolute source paths; it writes
    ``staging/<stem>.pdf`` and returns LibreOffice's messages for each source, scrubbed),
    checks and writes every output deterministically to ``out_dir/<stem>.pdf``, and
    removes the staging folder whatever happens.
    """
    outputs = expected_outputs(sources, out_dir)
    if not sources:
        return []
    sources = [Path(os.path.abspath(src)) for src in sources]  # LibreOffice runs elsewhere
    for src in sources:
        check_docx(src)
    staging = make_staging(out_dir)
    try:
        logs = run(sources, staging)
        for src, out, log in zip(sources, outputs, logs, strict=True):
            finish_output(src, staging / out.name, out, log)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return outputs


def make_staging(out_dir: Path) -> Path:
    """A new hidden folder inside ``out_dir`` (made if missing) for LibreOffice's raw PDFs."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=".lo-", dir=os.path.abspath(out_dir)))
    except OSError as exc:
        raise OutputError(
            f"cannot write to the folder {out_dir.name}: {exc.strerror or exc}") from None


def finish_output(src: Path, produced: Path, dest: Path, log: str) -> None:
    """Check that soffice's output is a PDF with pages; write it deterministically."""
    # imported here: the command line imports this module while LibreOffice starts
    from pypdf import PdfReader, PdfWriter

    from ..pdf.write import write_pdf

    why = "no PDF was written"
    if produced.is_file():
        try:
            reader = PdfReader(produced, strict=False)
            if len(reader.pages) >= 1:
                write_pdf(PdfWriter(clone_from=reader), dest)
                return
            why = "the PDF has no pages"
        except OutputError:
            raise
        except Exception as exc:  # pypdf raises many types on damaged files
            why = f"the PDF cannot be read ({exc.__class__.__name__})"
    tail = log.strip()[-_STDERR_TAIL:] or "(nothing)"
    raise ConversionError(
        f"LibreOffice did not convert {src.name}: {why}. LibreOffice said: {tail}")


def scrub(text: str, sources: Sequence[Path], staging: Path) -> str:
    """Replace full paths by basenames: folder names may identify a patient."""
    for src in sources:
        text = text.replace(str(src), src.name)
        text = text.replace(src.as_uri(), src.name)
    text = text.replace(str(staging), "<out>")
    folders = {str(src.parent) for src in sources}
    for folder in sorted(folders, key=len, reverse=True):
        text = text.replace(folder, "<dir>")
    return text
