"""The public API is typed for its users: py.typed is honoured, every export is annotated
and documented, and the exception tree in errors.py matches the classes."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

import accesspack
from accesspack import errors
from tests.conftest import ROOT

GOOD = '''\
from pathlib import Path

import accesspack

case: accesspack.Case = accesspack.load_case("examples/fda-single-patient/case.yaml")
ledger: accesspack.Ledger = accesspack.validate(case, "fda/single-patient")
ready: bool = ledger.ready
try:
    bundle: accesspack.Bundle = accesspack.build(case, "fda/single-patient", Path("out"))
except accesspack.AccesspackError as exc:
    print(exc)
'''

BAD = '''\
import accesspack

ledger = accesspack.validate("not a case", 3)
shout: str = ledger.ready.upper()
'''


@pytest.mark.slow
def test_a_user_of_the_package_is_type_checked(tmp_path: Path) -> None:
    """mypy --strict on a user's script sees accesspack's types (py.typed), not Any."""
    (tmp_path / "good.py").write_text(GOOD)
    (tmp_path / "bad.py").write_text(BAD)
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "good.py", "bad.py"],
        cwd=tmp_path, capture_output=True, text=True,
    )
    out = run.stdout
    assert run.returncode == 1, out + run.stderr
    assert "good.py" not in out
    assert re.search(r'bad\.py:3: error: Argument 1 to "validate" has incompatible type '
                     r'"str"; expected "Case"', out), out
    assert re.search(r'bad\.py:3: error: Argument 2 to "validate" has incompatible type '
                     r'"int"', out), out
    assert re.search(r'bad\.py:4: error: "bool" has no attribute "upper"', out), out


def _public_callables() -> list[tuple[str, object]]:
    return [(n, getattr(accesspack, n)) for n in accesspack.__all__
            if n != "__version__" and callable(getattr(accesspack, n))]


def _own_doc(obj: object) -> str | None:
    """The docstring ``obj`` itself has. For a class, its own ``__doc__`` (inspect.getdoc
    would inherit one: an undocumented error its base's, a pydantic model BaseModel's),
    and not the signature a dataclass writes when it has none."""
    if not inspect.isclass(obj):
        return inspect.getdoc(obj)
    doc = vars(obj).get("__doc__")
    if not isinstance(doc, str) or not doc.strip() or doc.startswith(f"{obj.__name__}("):
        return None
    return doc


def test_every_export_is_documented() -> None:
    undocumented = [n for n, obj in _public_callables() if not inspect.getdoc(obj)]
    assert undocumented == []
    assert [n for n, obj in _public_callables() if not _own_doc(obj)] == []


def test_own_doc_sees_through_inherited_docstrings() -> None:
    import dataclasses

    from pydantic import BaseModel

    class Bare(errors.AccesspackError):
        pass

    class Model(BaseModel):
        x: int

    @dataclasses.dataclass
    class Data:
        x: int

    class Documented(errors.AccesspackError):
        """Has its own."""

    assert inspect.getdoc(Bare) and inspect.getdoc(Model) and inspect.getdoc(Data)
    assert [_own_doc(c) for c in (Bare, Model, Data)] == [None, None, None]
    assert _own_doc(Documented) == "Has its own."


def test_every_public_function_is_fully_annotated() -> None:
    """Functions (not classes) exported by accesspack annotate every parameter and return."""
    gaps = []
    for name, obj in _public_callables():
        if inspect.isclass(obj):
            continue
        sig = inspect.signature(obj)
        gaps += [f"{name}({p})" for p, param in sig.parameters.items()
                 if param.annotation is inspect.Parameter.empty]
        if sig.return_annotation is inspect.Signature.empty:
            gaps.append(f"{name} -> ?")
    assert gaps == []


_TREE_LINE = re.compile(r"^(\s*(?:[│ ]*[├└]── )?)([A-Z][A-Za-z]+Error)\b", re.M)


def _drawn_parents(doc: str) -> dict[str, str | None]:
    """Each class drawn in the tree and the class drawn as its parent: the nearest line
    above it that is indented less (None for the root)."""
    parents: dict[str, str | None] = {}
    above: list[tuple[int, str]] = []  # the lines that can still be a parent
    for m in _TREE_LINE.finditer(doc):
        depth, name = len(m.group(1)), m.group(2)
        while above and above[-1][0] >= depth:
            above.pop()
        assert name not in parents, f"{name} is drawn twice"
        parents[name] = above[-1][1] if above else None
        above.append((depth, name))
    return parents


def test_drawn_parents_reads_the_drawing() -> None:
    doc = errors.__doc__ or ""
    assert _drawn_parents(doc)["TemplateFieldError"] == "TemplateError"
    moved = re.sub(r"(?m)^.*TemplateFieldError.*\n", "", doc).replace(
        "├── RouteError", "├── RouteError\n    │   └── TemplateFieldError", 1)
    assert _drawn_parents(moved)["TemplateFieldError"] == "RouteError"
    assert _drawn_parents(moved)["TemplateError"] == "AccesspackError"


def test_exception_tree_in_errors_docstring_matches_the_classes() -> None:
    doc = errors.__doc__ or ""
    tree = {m.group(2): len(m.group(1)) for m in _TREE_LINE.finditer(doc)}
    assert set(tree) == set(errors.__all__)
    parents = _drawn_parents(doc)
    assert parents["AccesspackError"] is None
    for name in errors.__all__:
        cls = getattr(errors, name)
        assert issubclass(cls, errors.AccesspackError), name
        assert name in accesspack.__all__, f"{name} is not exported by accesspack"
        # the docstring's indentation is the class hierarchy
        parent = cls.__mro__[1].__name__
        if name != "AccesspackError":
            assert tree[name] > tree[parent], f"{name} is not drawn under {parent}"
            assert parents[name] == parent, f"{name} is drawn under {parents[name]}, " \
                                            f"its base class is {parent}"


def test_py_typed_ships_beside_the_package() -> None:
    assert (ROOT / "src" / "accesspack" / "py.typed").is_file()
    assert Path(accesspack.__file__).with_name("py.typed").is_file()
