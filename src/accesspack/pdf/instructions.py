"""Content-stream instructions as the walks read them, and what one walk keeps of a page's
instructions for another (:class:`Tap`).

pikepdf gives each instruction as a Python object and its operator's name costs a call
into qpdf each time it is asked for, so a page's instructions cost about as much to go
through as to parse. The footer-band walk keeps, as it goes, the instructions the font
trace reads, with their operators' names (:mod:`.page_content`): the trace then reads
those few instead of parsing the page again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pikepdf

__all__ = ["Instruction", "Named", "Tap"]

Instruction = pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage
#: (operator name, instruction) pairs, in content order
Named = list[tuple[str, Instruction]]


@dataclass
class Tap:
    """The instructions of one page whose operators are in ``ops``, named, kept by a walk
    of the page; ``done`` once that walk went through the whole page."""

    ops: frozenset[str]
    kept: Named = field(default_factory=list)
    done: bool = False
