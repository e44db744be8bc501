"""The wheel carries the templates: an installed accesspack finds its routes without the repo."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import accesspack
from tests.conftest import ROOT


def test_public_api_is_pinned() -> None:
    assert sorted(accesspack.__all__) == sorted([
        "AccesspackError", "AttachmentError", "BatchResult", "Bundle", "Case", "CaseError",
        "CaseFileError", "CaseResult", "LibreOfficeServerConverter", "build_many",
        "CaseValidationError", "ConversionError", "ConversionTimeoutError", "Converter",
        "ConverterNotFoundError", "IncompleteCaseError", "Ledger", "LedgerRow",
        "LibreOfficeConverter", "LocalizedText", "NotEligibleError", "OutputError", "Route",
        "RouteError",
        "RouteVerdict", "route_verdicts", "Pathways", "Refusal", "find_pathways",
        "TemplateError", "TemplateFieldError", "__version__", "build", "list_routes",
        "load_case", "load_route", "parse_case", "validate",
        "PreflightCheck", "PreflightReport", "preflight",
        "FhirError", "FhirImport", "from_fhir",
        "BuildPlan", "plan",
    ])
    for name in accesspack.__all__:
        assert hasattr(accesspack, name), name


@pytest.mark.slow
def test_wheel_contains_templates_and_finds_routes(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w",
                    str(tmp_path / "dist"), str(ROOT)], check=True, capture_output=True)
    wheel = next((tmp_path / "dist").glob("accesspack-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "accesspack/py.typed" in names
    assert "accesspack/templates/fda/single-patient.yaml" in names
    assert "accesspack/templates/fda/form-fda-3926-2022-08.docx" in names
    assert "accesspack/fhir/codes.yaml" in names  # the codes the FHIR import reads
    assert "accesspack/render/portal-worksheet.docx" in names  # the built-in worksheet
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)  # the MIT text
    metadata = zipfile.ZipFile(wheel).read(
        next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: MIT" in metadata and "Classifier: Typing :: Typed" in metadata
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {k: v for k, v in os.environ.items() if k != "ACCESSPACK_TEMPLATES"}
    env["PYTHONPATH"] = str(site)
    out = subprocess.run(
        [sys.executable, "-c",
         "import accesspack, accesspack.routes as r; print(accesspack.__file__); "
         "print(r.templates_root()); print([x.id for x in accesspack.list_routes()])"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    assert out[0].startswith(str(site))
    assert out[1] == str(site / "accesspack" / "templates")
    assert "fda/single-patient" in out[2]
