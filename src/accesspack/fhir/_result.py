"""The result of an import: the case data, where each value came from, what is missing."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..display import Cell, box, heading, md_cell, note, table
from ..errors import OutputError
from ..files import atomic_write, relative_path
from ..ledger import Ledger
from ..model import Case
from ._out import Missing, Skipped, Source

#: Lists whose items are matched by a key when the base and the bundle both give them.
KEYED_LISTS = {"attachments": "id", "prior_treatments": "line"}


def merge(fhir: Any, base: Any, path: str = "", replaced: list[str] | None = None) -> Any:
    """``base`` over ``fhir``: mappings merge key by key; base values and lists replace the
    bundle's, except :data:`KEYED_LISTS`, merged item by item on their key (base items
    without a match are added). ``replaced`` collects the paths the base replaced."""
    replaced = [] if replaced is None else replaced
    if isinstance(fhir, dict) and isinstance(base, dict):
        out = dict(fhir)
        for key, value in base.items():
            sub = f"{path}.{key}" if path else str(key)
            out[key] = merge(fhir[key], value, sub, replaced) if key in fhir else value
        return out
    key = KEYED_LISTS.get(path)
    if key and isinstance(fhir, list) and isinstance(base, list):
        out_list = list(fhir)
        for item in base:
            match = next((i for i, x in enumerate(out_list) if isinstance(x, dict)
                          and isinstance(item, dict) and key in item and x.get(key) == item[key]),
                         None)
            if match is None:
                out_list.append(item)
            else:
                out_list[match] = merge(out_list[match], item, f"{path}[{match}]", replaced)
        return out_list
    if fhir != base:
        replaced.append(path)
    return base


def rebase(att: Any, old: Path, new: Path) -> Any:
    """The attachment ``att`` with its relative path, relative to folder ``old``, made
    relative to folder ``new`` (anything else is returned as it is)."""
    if not isinstance(att, dict) or not isinstance(att.get("path"), str) or Path(
            att["path"]).is_absolute():
        return att
    return {**att, "path": relative_path(old / att["path"], new)}


def _yaml(data: dict[str, Any], missing: list[Missing]) -> str:
    """The case file text: a header listing ``missing``, then ``data`` as YAML."""
    head = ["# Case imported from a FHIR bundle by accesspack import-fhir.",
            "# Attachment paths are relative to this file's folder."]
    if missing:
        head.append("# Still missing (fill these in, then run accesspack validate):")
        head += [f"#   - {m.field}: {m.problem}".replace("\n", " ") for m in missing]
    # sections in the case model's order (case_id first), whatever the merge order
    order = list(Case.model_fields)
    data = dict(sorted(data.items(),
                       key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return "\n".join(head) + "\n" + body


@dataclass(frozen=True, repr=False)
class FhirImport:
    """What :func:`accesspack.from_fhir` made of a bundle.

    ``data`` is the case as plain data (dates as :class:`datetime.date`), ready for
    :meth:`to_yaml`; ``case`` the validated :class:`~accesspack.Case`, or None while
    ``missing`` has required or invalid fields; ``sources`` says which resource and element
    gave each value; ``missing`` lists what the case still needs (with a route, its ledger's
    blocking gaps too); ``warnings`` lists resources and elements not imported and why;
    ``skipped`` the invalid resources (and Bundle elements) a lenient import did not read,
    each with the element at fault and why. Attachment paths in ``data`` are relative to
    ``base_dir``; ``uploads`` are the inline documents written under ``base_dir/uploads``.
    """

    data: dict[str, Any]
    case: Case | None
    sources: list[Source]
    missing: list[Missing]
    warnings: list[str]
    route: str | None = None
    ledger: Ledger | None = None
    base_dir: Path = field(default_factory=Path.cwd)
    uploads: tuple[Path, ...] = ()
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        """The case validates and (with a route) has no blocking gap."""
        return self.case is not None and not self.missing

    def to_yaml(self) -> str:
        """The case as YAML (loads with :func:`accesspack.load_case` once complete)."""
        return _yaml(self.data, self.missing)

    def write(self, path: str | Path) -> Path:
        """Write :meth:`to_yaml` to ``path`` atomically (a temporary file renamed into place),
        readable by its owner only (it holds the patient's name and birth date).

        Relative attachment paths are rewritten for ``path``'s folder when it is not
        ``base_dir``. Raises :class:`~accesspack.OutputError` when it cannot be written.
        """
        target = Path(path)
        folder = target.parent.resolve() if target.parent != Path() else Path.cwd()
        data = self.data
        if folder != self.base_dir.resolve() and data.get("attachments"):
            data = dict(data)
            data["attachments"] = [rebase(a, self.base_dir, folder)
                                   for a in self.data["attachments"]]
        text = _yaml(data, self.missing).encode("utf-8")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot write the case file {target} ({exc.strerror or exc}); "
                              "check the folder exists and you may write there") from None
        atomic_write(target, lambda fh: fh.write(text), mode=0o600)
        return target

    def report(self) -> dict[str, Any]:
        """The report as JSON-ready data (values of identity fields withheld)."""
        return {
            "ready": self.ready, "route": self.route, "case_valid": self.case is not None,
            "sources": [s.__dict__ for s in self.sources],
            "missing": [m.__dict__ for m in self.missing],
            "skipped": [s.__dict__ for s in self.skipped],
            "warnings": list(self.warnings),
            "uploads": [str(p) for p in self.uploads],
        }

    def report_json(self) -> str:
        """:meth:`report` as JSON text."""
        return json.dumps(self.report(), indent=2, ensure_ascii=False) + "\n"

    def _state(self) -> str:
        return self._case_state() + self._skipped_state()

    def _case_state(self) -> str:
        if self.case is None:
            return f"case not valid yet: {len(self.missing)} field(s) missing or invalid"
        if self.missing:
            return f"case valid; {len(self.missing)} blocking gap(s) on {self.route}"
        return "case valid" + (f"; ready for {self.route}" if self.route else "")

    def _skipped_state(self) -> str:
        resources = {s.entry for s in self.skipped if s.entry != "(the bundle)"}
        return f"; {len(resources)} invalid resource(s) skipped" if resources else ""

    def to_markdown(self) -> str:
        """The report: state, sources, missing fields and gaps, skipped resources,
        warnings."""
        out = ["# FHIR import", "", self._state() + ".", "", "## Imported", "",
               "| Case field | From | Element | Value |", "|---|---|---|---|"]
        out += [f"| {md_cell(s.field)} | {md_cell(s.resource)} | {md_cell(s.element)} | "
                f"{md_cell(s.value)} |" for s in self.sources]
        if self.missing:
            out += ["", "## Missing", "", "| Field | Kind | Problem |", "|---|---|---|"]
            out += [f"| {md_cell(m.field)} | {m.kind} | {md_cell(m.problem)} |"
                    for m in self.missing]
            if self.route and self.case is None:
                out += ["", f"The blocking gaps of {md_cell(self.route)} are listed once the "
                        "case validates."]
        if self.skipped:
            out += ["", "## Skipped", "", "Invalid, so not read (the rest of the bundle was):",
                    "", "| Entry | Resource | Element | Problem |", "|---|---|---|---|"]
            out += [f"| {s.entry} | {md_cell(s.resource)} | {md_cell(s.element)} | "
                    f"{md_cell(s.problem)} |" for s in self.skipped]
        if self.warnings:
            out += ["", "## Not imported and other warnings", ""]
            out += [f"- {w}" for w in self.warnings]
        return "\n".join(out) + "\n"

    def __repr__(self) -> str:
        # the dataclass repr would print ``data``: the patient's name, birth date, address
        return (f"<FhirImport {self._state()}: {len(self.sources)} value(s) imported, "
                f"{len(self.missing)} missing, {len(self.warnings)} warning(s)>")

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        """What IPython keeps as ``text/plain`` beside the HTML: no patient data."""
        p.text(repr(self))

    def _repr_html_(self) -> str:
        """The report as tables (Jupyter); identity values and upload paths withheld."""
        parts: list[Cell] = [note(self._state()), heading("Imported"), table(
            ["Case field", "From", "Element", "Value"],
            [(s.field, s.resource, s.element, s.value) for s in self.sources])]
        if self.missing:
            parts += [heading("Missing"), table(["Field", "Kind", "Problem"],
                                                [(m.field, m.kind, m.problem)
                                                 for m in self.missing])]
        if self.skipped:
            parts += [heading("Skipped"), table(["Entry", "Resource", "Element", "Problem"],
                                                [(s.entry, s.resource, s.element, s.problem)
                                                 for s in self.skipped])]
        if self.warnings:
            parts += [heading("Not imported and other warnings"),
                      table(["Warning"], [(w,) for w in self.warnings])]
        return str(box("FHIR import", *parts))
