"""accesspack: one cancer patient's structured case in, regulator-ready access packets out.

    >>> import accesspack
    >>> case = accesspack.load_case("examples/fda-single-patient/case.yaml")
    >>> accesspack.validate(case, "fda/single-patient").ready
    True
    >>> len(accesspack.plan(case, "fda/single-patient").packets)  # FDA, IRB, manufacturer
    3
    >>> bundle = accesspack.build(case, "fda/single-patient", "out/fda-single-patient")
"""

from ._version import __version__
from .batch import BatchResult, CaseResult, build_many
from .buildplan import BuildPlan, plan
from .bundle import Bundle, build, validate
from .convert import Converter, LibreOfficeConverter, LibreOfficeServerConverter
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
from .fhir import FhirImport, from_fhir
from .ledger import Ledger, LedgerRow
from .model import Case, LocalizedText, load_case, parse_case
from .pdf.preflight import PreflightCheck, PreflightReport, preflight
from .routes import Route, list_routes, load_route
from .verdicts import Pathways, Refusal, RouteVerdict, find_pathways, route_verdicts

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
