"""A griffe extension for the API reference: Sphinx roles in docstrings become code.

accesspack's docstrings use reST-style roles (``:func:`build_many```,
``:class:`~accesspack.convert.LibreOfficeConverter```). Markdown would print the role
name; this extension rewrites each role to inline code (``build_many``,
``LibreOfficeConverter``) before mkdocstrings renders the docstring.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:py:)?(?:func|class|meth|attr|mod|exc|data|obj|const):`(~?)([^`]+)`")


def _code(match: re.Match[str]) -> str:
    tilde, target = match.group(1), match.group(2)
    return f"`{target.rsplit('.', 1)[-1] if tilde else target}`"


class SphinxRolesToCode(griffe.Extension):
    """Rewrite ``:role:`target``` to ```target``` in every docstring."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None and ":" in obj.docstring.value:
            obj.docstring.value = ROLE.sub(_code, obj.docstring.value)
