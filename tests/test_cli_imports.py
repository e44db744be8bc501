"""What importing the package and the command line loads (issue 22: the CLI's start).

``accesspack/__init__.py`` and ``accesspack/pdf/__init__.py`` import their public names on
first use (PEP 562) and each command of ``accesspack.cli`` imports what it runs, so the
checks below run in a fresh interpreter: this test process has imported everything.
"""

from __future__ import annotations

import json
import subprocess
import sys
from unittest import mock

import pytest

import accesspack
import accesspack.batch
from accesspack import errors
from tests.conftest import ROOT

#: never needed to import the package or start the command line
HEAVY = ("dask", "distributed", "fhir.resources", "ocrmypdf",
         "pikepdf", "pypdf", "reportlab", "fontTools", "docxtpl", "pydantic")


def _loaded_after(code: str) -> list[str]:
    """The modules of :data:`HEAVY` (or their submodules) loaded once ``code`` has run
    in a fresh interpreter."""
    probe = (f"{code}\nimport json, sys\n"
             f"heavy = {HEAVY!r}\n"
             "print(json.dumps(sorted(m for m in sys.modules\n"
             "                        if any(m == h or m.startswith(h + '.') for h in heavy))))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


@pytest.mark.slow
@pytest.mark.parametrize("statement", ["import accesspack", "import accesspack.cli",
                                       "import accesspack.pdf"])
def test_importing_loads_none_of_the_heavy_libraries(statement: str) -> None:
    assert _loaded_after(statement) == []


@pytest.mark.slow
def test_a_command_loads_only_what_it_uses() -> None:
    # `routes` reads the route files: no PDF stack, no process pool, no FHIR models
    loaded = _loaded_after("import contextlib, io\nfrom accesspack.cli import main\n"
                           "with contextlib.redirect_stdout(io.StringIO()):\n"
                           "    assert main(['routes']) == 0\n")
    assert [m for m in loaded if not m.startswith("pydantic")] == []


@pytest.mark.slow
def test_every_public_name_resolves_in_a_fresh_interpreter() -> None:
    probe = """
import importlib, json
import accesspack, accesspack.pdf
out = {}
for package in (accesspack, accesspack.pdf):
    names = package.__all__
    missing = [n for n in names if n not in dir(package)]
    wrong = []
    for n in names:
        value = getattr(package, n)
        home = package._LAZY.get(n)  # the module it is imported from on first use
        if home and getattr(importlib.import_module(home, package.__name__), n) is not value:
            wrong.append(n)
    out[package.__name__] = {"missing_from_dir": missing, "wrong": wrong, "count": len(names)}
print(json.dumps(out))
"""
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["accesspack"] == {"missing_from_dir": [], "wrong": [],
                                   "count": len(accesspack.__all__)}
    assert found["accesspack.pdf"]["missing_from_dir"] == []
    assert found["accesspack.pdf"]["wrong"] == []


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'bulid'"):
        _ = accesspack.bulid  # type: ignore[attr-defined]
    assert not hasattr(accesspack, "_LAZY_NOT_A_NAME")


def test_every_lazy_name_is_public() -> None:
    # a name the lazy table serves that __all__ leaves out (or the reverse) is a slip
    assert set(accesspack.__all__) == {*accesspack._LAZY, *errors.__all__, "__version__"}


def test_a_patch_of_the_defining_module_is_seen_and_leaves_nothing_behind() -> None:
    # the package keeps no copy: a name is always what its module holds now
    real = accesspack.batch.build_many
    with mock.patch("accesspack.batch.build_many") as fake:
        assert accesspack.build_many is fake
    assert accesspack.build_many is real
    assert "build_many" not in vars(accesspack)
