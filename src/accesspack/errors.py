"""Every exception accesspack raises on purpose.

The tree::

    AccesspackError                 base class; catch this to catch everything below
    ├── CaseError                   the case file or case data is wrong
    │   ├── CaseFileError           the file cannot be read or parsed (YAML/JSON syntax)
    │   ├── CaseValidationError     a field is missing, of the wrong type, or inconsistent
    │   └── FhirError               a FHIR bundle cannot be read, is not a Bundle, holds an
    │                               invalid resource, or has no (or more than one) Patient
    ├── RouteError                  a route name is unknown or a route file is malformed
    ├── TemplateError               a DOCX template cannot be rendered
    │   └── TemplateFieldError      a template names a field the case does not have
    ├── AttachmentError             an uploaded file is unreadable or of an unsupported type
    ├── ConversionError             DOCX to PDF conversion failed
    │   ├── ConverterNotFoundError  LibreOffice (soffice) is not installed
    │   └── ConversionTimeoutError  LibreOffice did not finish in time and was killed
    ├── IncompleteCaseError         blocking items are missing and the build is not a draft
    ├── NotEligibleError            the case fails a rule of the route: no packet, not even a draft
    └── OutputError                 the output folder cannot be written

Messages name the file, field or template at fault and say what to do. They never
contain the patient's name, date of birth or address: field paths and case ids only.

Library and operating-system errors met while reading input (an ``OSError`` from a file,
a ``RecursionError`` from a parser, a Pillow or qpdf failure on a broken file) are turned
into these classes in one place: :func:`mapped` and :func:`reason`. A reason never holds
a path or a value, only what went wrong (``"Too many levels of symbolic links"``).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

__all__ = [
    "AccesspackError",
    "AttachmentError",
    "CaseError",
    "CaseFileError",
    "CaseValidationError",
    "ConversionError",
    "ConversionTimeoutError",
    "ConverterNotFoundError",
    "FhirError",
    "IncompleteCaseError",
    "NotEligibleError",
    "OutputError",
    "RouteError",
    "TemplateError",
    "TemplateFieldError",
]  # the helpers below (mapped, reason, not_a_regular_file) are for accesspack's own modules


class AccesspackError(Exception):
    """Base class of every error accesspack raises on purpose."""


class CaseError(AccesspackError):
    """The case is wrong: its file, or the data in it."""


class CaseFileError(CaseError):
    """The case file cannot be read or parsed.

    ``path`` is the file; the message says where the syntax broke.
    """

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class CaseValidationError(CaseError):
    """One or more case fields are invalid.

    ``problems`` is a list of ``(field_path, message)`` pairs, e.g.
    ``("patient.date_of_birth", "is after diagnosis.diagnosed_on")``. Values the user
    typed are never echoed, so no patient data leaks into logs. ``positions`` maps a
    field path to its (line, column) in the case file, when the case came from one: each
    problem then ends with where its field (or the nearest section above it) is.
    """

    def __init__(self, problems: Sequence[tuple[str, str]], source: str | None = None,
                 positions: Mapping[str, tuple[int, int]] | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        self.positions = dict(positions or {})
        where = f" in {source}" if source else ""
        lines = [f"  - {field}: {msg}{self._at(field)}" for field, msg in self.problems]
        super().__init__(
            f"the case{where} has {len(self.problems)} invalid field(s); correct them and "
            "run again:\n" + "\n".join(lines)
        )

    def _at(self, field: str) -> str:
        path = field
        while path:
            if path in self.positions:
                line, column = self.positions[path]
                return f" (line {line}, column {column})"
            path = path[: max(path.rfind("."), path.rfind("["), 0)]
        return ""


class FhirError(CaseError):
    """A FHIR bundle cannot be imported (:func:`accesspack.from_fhir`).

    ``path`` is the bundle file when there is one. The message names the entry index,
    resource type and element path at fault, never a value from the bundle.
    """

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class RouteError(AccesspackError):
    """A route is unknown, or a route file under ``templates/`` is malformed."""


class TemplateError(AccesspackError):
    """A DOCX template cannot be rendered (syntax error, unsafe code, broken file)."""

    def __init__(self, message: str, template: str | None = None) -> None:
        super().__init__(message)
        self.template = template


class TemplateFieldError(TemplateError):
    """A template refers to a case field that does not exist (or is withheld by the route)."""

    def __init__(self, message: str, template: str, field: str) -> None:
        super().__init__(message, template)
        self.field = field


class AttachmentError(AccesspackError):
    """An uploaded document cannot be used: unreadable, encrypted or unsupported."""

    def __init__(self, message: str, attachment: str | None = None) -> None:
        super().__init__(message)
        self.attachment = attachment


class ConversionError(AccesspackError):
    """Converting a DOCX document to PDF failed."""


class ConverterNotFoundError(ConversionError):
    """LibreOffice is not installed or not on PATH."""


class ConversionTimeoutError(ConversionError):
    """LibreOffice exceeded its time limit; it was killed with its children."""


class IncompleteCaseError(AccesspackError):
    """The case lacks blocking items; build with ``draft=True`` to get a marked draft.

    ``gaps`` holds the blocking ledger rows (``accesspack.LedgerRow``).
    """

    def __init__(self, message: str, gaps: Sequence[object]) -> None:
        super().__init__(message)
        self.gaps = list(gaps)


class NotEligibleError(AccesspackError):
    """The case fails an applicability or eligibility rule of the route.

    A draft would not help: the packet would be refused. ``reasons`` holds the failing
    ledger rows; ``accesspack routes CASE`` shows which routes the case does fit.
    """

    def __init__(self, message: str, reasons: Sequence[object]) -> None:
        super().__init__(message)
        self.reasons = list(reasons)


class OutputError(AccesspackError):
    """The output folder cannot be created or written."""


# -- turning library and OS errors into the classes above -------------------------------------

#: Plain words for the ``errno`` values bad input produces; others use ``strerror``.
_ERRNO_WORDS = {
    errno.ELOOP: "a loop of symbolic links",
    errno.ENAMETOOLONG: "File name too long",
    errno.EACCES: "Permission denied",
    errno.EISDIR: "is a folder, not a file",
}


def reason(exc: BaseException) -> str:
    """What went wrong, in a few words, without a path or a value from the input.

    ``OSError``: its ``strerror`` (the file name it carries is left out);
    ``RecursionError``: "nested too deeply"; ``MemoryError``: "too large to hold in
    memory"; anything else: its class name, which names the failing library's error
    (``PdfError``, ``UnidentifiedImageError``) without quoting its message, which may
    hold a path.
    """
    if isinstance(exc, OSError) and exc.errno is not None:
        return _ERRNO_WORDS.get(exc.errno) or exc.strerror or exc.__class__.__name__
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, MemoryError):
        return "too large to hold in memory"
    return exc.__class__.__name__


def not_a_regular_file(path: Path) -> str | None:
    """Why ``path`` cannot be read as an input file, or None when it is a regular file.

    Symbolic links are followed. Never opens the file, so a FIFO, ``/dev/zero`` or a
    terminal cannot block or flood the reader.
    """
    if not str(path) or str(path) == ".":
        return "is empty: give the file's path"
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return None  # the caller says "no such file" in its own words
        return f"cannot be looked up ({reason(exc)}); check the path"
    except ValueError as exc:  # a NUL byte in the path
        return f"cannot be looked up ({reason(exc)}); check the path"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file; give the path of the file inside it"
    what = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else
            "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
            "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
    return f"is {what}, not a regular file; give the path of a saved file"


@contextmanager
def mapped(make: Callable[[str], AccesspackError]) -> Iterator[None]:
    """Turn any error but an :class:`AccesspackError` raised inside into ``make(reason)``.

    For code that reads input: ``with mapped(lambda why: AttachmentError(f"{label}
    cannot be read ({why})", label)): ...``. The original is chained out of sight
    (``from None``), so its message, which may hold a path, is never printed.
    ``KeyboardInterrupt`` and ``SystemExit`` pass through.
    """
    try:
        yield
    except AccesspackError:
        raise
    except Exception as exc:  # every library's errors, by design
        raise make(reason(exc)) from None
