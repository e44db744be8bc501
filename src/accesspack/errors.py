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
"""

from __future__ import annotations

from collections.abc import Sequence

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
]


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
    typed are never echoed, so no patient data leaks into logs.
    """

    def __init__(self, problems: Sequence[tuple[str, str]], source: str | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        where = f" in {source}" if source else ""
        lines = [f"  - {field}: {msg}" for field, msg in self.problems]
        super().__init__(
            f"the case{where} has {len(self.problems)} invalid field(s); correct them and "
            "run again:\n" + "\n".join(lines)
        )


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
