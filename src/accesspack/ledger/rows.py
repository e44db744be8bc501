"""The rows of one ledger as they are made: one row per id, in first-made order."""

from __future__ import annotations

from typing import Any

from ..model import Case
from ..routes.conditions import holds
from ..routes.registry import Route
from ..routes.spec import Condition
from .model import LedgerRow, citing


class Rows:
    """The rows of ``case`` on ``route`` with ``options``, by id: a row made again (the
    same part in several packets) is one row listing every packet."""

    def __init__(self, case: Case, route: Route, options: dict[str, str]) -> None:
        self.case = case
        self.route = route
        self.options = options
        self.rows: dict[str, LedgerRow] = {}

    def holds(self, cond: Condition | None) -> bool:
        return holds(cond, self.case, self.options)

    def cite(self, key: str | None) -> dict[str, Any]:
        return citing(self.route.citation(key))

    def add(self, row: LedgerRow) -> None:
        if row.id in self.rows:  # the same part in several packets: one row, all packets
            old = self.rows[row.id]
            packets = old.packets + tuple(p for p in row.packets if p not in old.packets)
            self.rows[row.id] = old.model_copy(update={"packets": packets})
        else:
            self.rows[row.id] = row
