"""Every generated document of every example, route and option, and of a minimal and a
maximal case per route, passes the prose lint (tests/prose_lint.py).

Builds are the same as ``accesspack build``, from the session's build cache (conftest's
``built``: each bundle built once per session, shared with the modules that read the same
example, with the session's warm LibreOffice). The examples are those the Makefile's
``demo`` target builds (listed below as data; the batch cases it generates are copies
of the FDA single-patient example and are left out). The cases are
``tests/cases/<regulator>-<route>.minimal.yaml`` (built with ``--draft``: third-party items
are necessarily missing) and ``.maximal.yaml`` (see tests/cases/README.md).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from accesspack import from_fhir, list_routes, load_case, load_route
from accesspack.model import Case
from tests.conftest import BuildCache
from tests.prose_lint import case_names, lint_bundle

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CASES = ROOT / "tests" / "cases"

#: What the Makefile's demo target builds: (id, case file, route, options).
DEMO: list[tuple[str, str, str, dict[str, str]]] = [
    ("fda-single-patient", "fda-single-patient/case.yaml", "fda/single-patient", {}),
    ("fda-single-patient-no-cover-letter", "fda-single-patient/case.yaml",
     "fda/single-patient", {"cover_letter": "no"}),
    ("fda-emergency", "fda-emergency/case.yaml", "fda/emergency", {}),
    ("fda-follow-up", "fda-follow-up/case.yaml", "fda/follow-up", {}),
    ("ema-fr-aac", "ema-fr-aac/case.yaml", "ema/fr-aac", {}),
    ("ema-it-uso-nominale", "ema-it-uso-nominale/case.yaml", "ema/it-uso-nominale", {}),
    ("ema-es-uso-compasivo", "ema-es-uso-compasivo/case.yaml", "ema/es-uso-compasivo", {}),
    ("ema-de-heilversuch", "ema-de-heilversuch/case.yaml", "ema/de-heilversuch", {}),
    ("ema-cup-enrolment", "ema-cup-enrolment/case.yaml", "ema/cup-enrolment", {}),
    ("ema-cup-enrolment-fr", "ema-cup-enrolment/case.yaml", "ema/cup-enrolment",
     {"language": "fr"}),
    ("cdsco-hospital-import", "cdsco-hospital-import/case.yaml", "cdsco/hospital-import", {}),
    ("cdsco-personal-import", "cdsco-personal-import/case.yaml", "cdsco/personal-import", {}),
    ("nmpa-expanded-trial", "nmpa-expanded-trial/case.yaml", "nmpa/expanded-trial", {}),
    ("nmpa-hainan-boao", "nmpa-hainan-boao/case.yaml", "nmpa/hainan-boao", {}),
    ("nmpa-gba", "nmpa-gba/case.yaml", "nmpa/gba", {}),
    ("nmpa-temporary-import", "nmpa-temporary-import/case.yaml", "nmpa/temporary-import", {}),
    ("hc-special-access", "hc-special-access/case.yaml", "hc/special-access", {}),
    ("mhra-special-need", "mhra-special-need/case.yaml", "mhra/special-need", {}),
    ("mhra-nhs-ifr", "mhra-nhs-ifr/case.yaml", "mhra/nhs-ifr", {}),
    ("swissmedic-zh-kostengutsprache", "swissmedic-zh-kostengutsprache/case.yaml",
     "swissmedic/named-patient", {"language": "de"}),
    ("swissmedic-vd-annonce", "swissmedic-vd-annonce/case.yaml", "swissmedic/named-patient",
     {"language": "fr"}),
    ("tga-category-a", "tga-category-a/case.yaml", "tga/category-a", {}),
    ("tga-category-b", "tga-category-b/case.yaml", "tga/category-b", {}),
    # the demo shows which routes this variant qualifies for (accesspack routes): one;
    # built as a draft (DRAFTS), since it waits for the sponsor's agreement
    ("nmpa-expanded-trial-sponsor-charges", "nmpa-expanded-trial/sponsor-charges.yaml",
     "nmpa/expanded-trial", {}),
    # imported from FHIR first (accesspack import-fhir), then built
    ("fhir-mcode", "fhir-mcode/bundle.json", "fda/single-patient", {}),
]


def _every_option() -> list[tuple[str, str, str, dict[str, str]]]:
    """The demo builds, plus each example built once with every other value of each of its
    route's options (the other form edition, no cover letter, each letter language)."""
    builds = list(DEMO)
    have = {(case, route, tuple(sorted(opts.items()))) for _, case, route, opts in DEMO}
    for name, case, route, opts in DEMO:
        if opts or case.endswith(".json"):
            continue
        for option, spec in load_route(route).spec.options.items():
            for choice in spec.choices:
                key = (case, route, ((option, choice),))
                if choice != spec.default and key not in have:
                    have.add(key)
                    builds.append((f"{name}-{option}-{choice}", case, route, {option: choice}))
    return builds


BUILDS = _every_option()

#: Builds made with --draft: their cases lack third-party items on purpose.
DRAFTS = {"nmpa-expanded-trial-sponsor-charges"}

_OPTIONS = re.compile(r"^#\s*options:\s*(.*)$")


def route_of(case_file: Path) -> str:
    """``fda-single-patient.minimal.yaml`` -> ``fda/single-patient``."""
    stem = case_file.name.split(".", 1)[0]
    regulator, _, route = stem.partition("-")
    return f"{regulator}/{route}"


def options_of(case_file: Path) -> dict[str, str]:
    """The options of an optional first line ``# options: name=value[, name=value]``."""
    first = case_file.read_text(encoding="utf-8").split("\n", 1)[0]
    m = _OPTIONS.match(first)
    if not m:
        return {}
    pairs = (p.strip() for p in re.split(r"[,\s]+", m.group(1)) if p.strip())
    return dict(p.split("=", 1) for p in pairs)


def case_files() -> list[Path]:
    return sorted(CASES.glob("*-*.minimal.yaml")) + sorted(CASES.glob("*-*.maximal.yaml"))


def _flags(options: dict[str, str], *, draft: bool) -> list[str]:
    """``options`` and ``draft`` as the command line's flags (the build cache's key)."""
    flags = [f for k, v in options.items() for f in ("--option", f"{k}={v}")]
    return [*flags, "--draft"] if draft else flags


def _report(folder: Path, case: Case) -> str:
    findings = lint_bundle(folder, names=case_names(case))
    return "\n".join(str(f) for f in findings)


@pytest.mark.slow
@pytest.mark.parametrize(("name", "case", "route", "options"), BUILDS,
                         ids=[d[0] for d in BUILDS])
def test_demo_bundle_reads_clean(name: str, case: str, route: str, options: dict[str, str],
                                 built: BuildCache, tmp_path: Path) -> None:
    source = EXAMPLES / case
    if source.suffix == ".json":
        imported = from_fhir(source, base=source.parent / "base.yaml", route=route,
                             options=options, base_dir=tmp_path)
        imported.write(tmp_path / "case.yaml")
        source = tmp_path / "case.yaml"
    loaded = load_case(source)
    out = built(source, route, *_flags(options, draft=name in DRAFTS), name=name)
    report = _report(out, loaded)
    assert not report, f"prose lint findings in {name}:\n{report}"


@pytest.mark.slow
@pytest.mark.parametrize("case_file", case_files(), ids=[p.name for p in case_files()])
def test_case_bundle_reads_clean(case_file: Path, built: BuildCache) -> None:
    draft = ".minimal." in case_file.name
    case = load_case(case_file)
    out = built(case_file, route_of(case_file), *_flags(options_of(case_file), draft=draft),
                name=case_file.name.removesuffix(".yaml"))
    report = _report(out, case)
    assert not report, f"prose lint findings in {case_file.name}:\n{report}"


def test_every_route_has_a_minimal_and_a_maximal_case() -> None:
    have = {p.name for p in case_files()}
    missing = [f"{r.id.replace('/', '-', 1)}.{kind}.yaml" for r in list_routes()
               for kind in ("minimal", "maximal")
               if f"{r.id.replace('/', '-', 1)}.{kind}.yaml" not in have]
    assert not missing, "tests/cases lacks: " + ", ".join(missing)


def test_route_of_case_file_names() -> None:
    assert route_of(Path("fda-single-patient.minimal.yaml")) == "fda/single-patient"
    assert route_of(Path("ema-fr-aac.maximal.yaml")) == "ema/fr-aac"
    assert route_of(Path("nmpa-hainan-boao.minimal.yaml")) == "nmpa/hainan-boao"
