"""The completeness ledger: what is done, what is missing, who must act, and by when.

The ledger is data first (:class:`Ledger`, rows of :class:`LedgerRow`); text, Markdown,
HTML and JSON are views of it. Every build writes one; :func:`accesspack.validate`
computes it without building. Dates come from the case, never from the clock.

It is computed from a build plan (:func:`accesspack.buildplan.plan`) and what was read of
the uploads (:func:`accesspack.uploads.read_uploads`) by :func:`compute_ledger`:

- :mod:`.model`: the rows, the ledger and its views;
- :mod:`.rules`: notices, the route's rules, actions, unconfirmed facts;
- :mod:`.parts`: the fields and documents of each packet's parts, missing free text,
  uploads' fonts and translations;
- :mod:`.deadlines` with :mod:`.dates`: due dates (working days, months, anniversaries).

A build adds only the rows of :mod:`accesspack.findings` after these.
"""

from .compute import compute_ledger, rule_rows, with_rows
from .dates import add_months, add_working_days
from .model import UNVERIFIED, Category, Ledger, LedgerRow, Status, citing

__all__ = ["UNVERIFIED", "Category", "Ledger", "LedgerRow", "Status", "add_months",
           "add_working_days", "citing", "compute_ledger", "rule_rows", "with_rows"]
