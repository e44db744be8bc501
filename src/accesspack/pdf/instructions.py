"""A content stream's instructions, each with its operator's name, as the walks read them.

pikepdf gives an operator as an object; its name costs a call into qpdf each time it is
asked for (about 0.3 µs, as much again as the walk's own work on most instructions). A
parse shared by two walks (:mod:`.page_content`) names each operator once for both.
"""

from __future__ import annotations

from collections.abc import Iterable

import pikepdf

__all__ = ["Instruction", "Named", "named", "parse_named"]

Instruction = pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage
#: (operator name, instruction) pairs, in content order
Named = list[tuple[str, Instruction]]


def named(instructions: Iterable[Instruction]) -> Named:
    """``instructions`` with their operators' names (``INLINE IMAGE`` for an inline image)."""
    return [(str(inst.operator), inst) for inst in instructions]


def parse_named(owner: pikepdf.Object, operators: str) -> Named:
    """The instructions of ``owner``'s content (a page or a content stream) that use
    ``operators``, named; raises :class:`pikepdf.PdfError` when it cannot be parsed."""
    return named(pikepdf.parse_content_stream(owner, operators))
