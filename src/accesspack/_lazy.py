"""Public names a package imports on first use (PEP 562): one place for how it is done.

A package maps each lazy name to the module that holds it and gets its module-level
``__getattr__`` and ``__dir__`` from :func:`lazy_names`. A name is not kept in the
package's globals: it stays what its module holds, so a ``mock.patch`` of
``accesspack.batch.build_many`` is seen through ``accesspack.build_many`` and leaves
nothing behind.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(package: str, names: Mapping[str, str], public: Iterable[str],
               own: Callable[[], Iterable[str]]
               ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``: ``names`` maps a lazy name to its
    module (relative to the package), ``public`` is the package's ``__all__`` and ``own``
    gives the names it holds itself (its ``globals``)."""
    listed = tuple(public)

    def getattr_(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(module, package), name)

    def dir_() -> list[str]:
        return sorted({*own(), *listed})

    return getattr_, dir_
