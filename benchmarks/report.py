"""The bench's table: its rows, benchmarks/results.md, and the README's copy of the table.

The README shows the same table as results.md: :func:`replace_table` swaps the README's
table (the one whose first line is :data:`HEAD`'s) for the new one and leaves every other
line, the hand-written notes under it included, as it was.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["HEAD", "Row", "median_spread", "replace_table", "table_lines"]

HEAD = ("Goal", "Measured", "Reference (same run)", "Ratio", "Target", "Met")


@dataclass(frozen=True)
class Row:
    """One line of the table. ``met`` None: measured, no target."""

    goal: str
    measured: str
    reference: str = ""
    ratio: str = ""
    target: str = "measured, no target"
    met: bool | None = None

    @property
    def verdict(self) -> str:
        return "n/a" if self.met is None else ("yes" if self.met else "**no**")

    def cells(self) -> tuple[str, ...]:
        return (self.goal, self.measured, self.reference, self.ratio, self.target,
                self.verdict)


def table_lines(rows: Sequence[Row]) -> list[str]:
    """The Markdown table of ``rows``, a line each, its head first."""
    lines = ["| " + " | ".join(HEAD) + " |", "|" + "---|" * len(HEAD)]
    return lines + ["| " + " | ".join(cell.replace("|", "\\|") for cell in row.cells()) + " |"
                    for row in rows]


def replace_table(readme: str, table: Sequence[str]) -> str:
    """``readme`` with its bench table (the run of ``|`` lines from the one starting with
    the table's head) replaced by ``table``. Raises ValueError unless exactly one such
    table is there."""
    lines = readme.split("\n")
    starts = [i for i, line in enumerate(lines) if line.strip() == table[0].strip()]
    if len(starts) != 1:
        raise ValueError(f"expected one bench table in the README, found {len(starts)}")
    start = end = starts[0]
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return "\n".join([*lines[:start], *table, *lines[end:]])


def median_spread(values: Sequence[float]) -> tuple[float, float, float]:
    """The median, lowest and highest of ``values`` (at least one)."""
    return statistics.median(values), min(values), max(values)
