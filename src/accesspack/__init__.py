"""accesspack: one cancer patient's structured case in, regulator-ready access packets out.

    >>> import accesspack
    >>> case = accesspack.load_case("examples/fda-single-patient/case.yaml")
    >>> accesspack.validate(case, "fda/single-patient").ready
    True
    >>> len(accesspack.plan(case, "fda/single-patient").packets)  # FDA, IRB, manufacturer
    3
    >>> bundle = accesspack.build(case, "fda/single-patient", "out/fda-single-patient")

Importing the package loads only its version and its errors; every other public name is
imported on first use (PEP 562), so ``import accesspack`` and the command line start
without the PDF stack, the batch pool or the FHIR models until a command needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_names
from ._version import __version__
from .errors import (
    AccesspackError,
    AttachmentError,
    CaseError,
    CaseFileError,
    CaseValidationError,
    ConversionError,
    ConversionTimeoutError,
    ConverterNotFoundError,
    FhirError,
    IncompleteCaseError,
    NotEligibleError,
    OutputError,
    RouteError,
    TemplateError,
    TemplateFieldError,
)

if TYPE_CHECKING:  # what mypy and IDEs see; at run time __getattr__ imports on first use
    from .batch import BatchResult, CaseResult, build_many
    from .buildplan import BuildPlan, plan
    from .bundle import Bundle, build, validate
    from .convert import Converter, LibreOfficeConverter, LibreOfficeServerConverter
    from .fhir import FhirImport, from_fhir
    from .ledger import Ledger, LedgerRow
    from .model import Case, LocalizedText, load_case, parse_case
    from .pdf.preflight import PreflightCheck, PreflightReport, preflight
    from .routes import Route, list_routes, load_route
    from .verdicts import Pathways, Refusal, RouteVerdict, find_pathways, route_verdicts

#: each lazily imported public name -> the module that defines it
_LAZY: dict[str, str] = {
    "BatchResult": ".batch",
    "CaseResult": ".batch",
    "build_many": ".batch",
    "BuildPlan": ".buildplan",
    "plan": ".buildplan",
    "Bundle": ".bundle",
    "build": ".bundle",
    "validate": ".bundle",
    "Converter": ".convert",
    "LibreOfficeConverter": ".convert",
    "LibreOfficeServerConverter": ".convert",
    "FhirImport": ".fhir",
    "from_fhir": ".fhir",
    "Ledger": ".ledger",
    "LedgerRow": ".ledger",
    "Case": ".model",
    "LocalizedText": ".model",
    "load_case": ".model",
    "parse_case": ".model",
    "PreflightCheck": ".pdf.preflight",
    "PreflightReport": ".pdf.preflight",
    "preflight": ".pdf.preflight",
    "Route": ".routes",
    "list_routes": ".routes",
    "load_route": ".routes",
    "Pathways": ".verdicts",
    "Refusal": ".verdicts",
    "RouteVerdict": ".verdicts",
    "find_pathways": ".verdicts",
    "route_verdicts": ".verdicts",
}


__all__ = [
    "AccesspackError",
    "AttachmentError",
    "BatchResult",
    "BuildPlan",
    "Bundle",
    "Case",
    "CaseError",
    "CaseFileError",
    "CaseResult",
    "CaseValidationError",
    "ConversionError",
    "ConversionTimeoutError",
    "Converter",
    "ConverterNotFoundError",
    "FhirError",
    "FhirImport",
    "IncompleteCaseError",
    "Ledger",
    "LedgerRow",
    "LibreOfficeConverter",
    "LibreOfficeServerConverter",
    "LocalizedText",
    "NotEligibleError",
    "OutputError",
    "Pathways",
    "PreflightCheck",
    "PreflightReport",
    "Refusal",
    "Route",
    "RouteError",
    "RouteVerdict",
    "TemplateError",
    "TemplateFieldError",
    "__version__",
    "build",
    "build_many",
    "find_pathways",
    "from_fhir",
    "list_routes",
    "load_case",
    "load_route",
    "parse_case",
    "plan",
    "preflight",
    "route_verdicts",
    "validate",
]

__getattr__, __dir__ = lazy_names(__name__, _LAZY, __all__, lambda: globals())
