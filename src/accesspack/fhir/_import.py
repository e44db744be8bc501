"""The work of :func:`accesspack.fhir.from_fhir` (imported on first use: the FHIR models
take about 0.2 s to load, which every batch worker would otherwise pay)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import yaml
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.patient import Patient

from ..bundle import validate
from ..errors import CaseFileError, CaseValidationError, FhirError, OutputError
from ..model import parse_case
from ..routes import load_route
from ._clinical import Clinical
from ._other import Other
from ._out import Missing, Out
from ._read import Index, entries_of, parse_bundle
from ._result import FhirImport, merge

__all__ = ["import_bundle"]

_MAPPED = {"Patient", "Condition", "Observation", "MedicationStatement", "MedicationRequest",
           "Medication", "Practitioner", "PractitionerRole", "Organization",
           "AllergyIntolerance", "DocumentReference", "Specimen"}


def _load_base(base: Any, base_dir: Path) -> dict[str, Any]:
    """The base fragment as data, its attachment paths made relative to ``base_dir``."""
    if base is None:
        return {}
    if isinstance(base, dict):
        data, folder = dict(base), Path.cwd()
    else:
        path = Path(base)
        folder = path.parent
        try:
            raw = path.read_text(encoding="utf-8")
            data = json.loads(raw) if path.suffix.lower() == ".json" else yaml.safe_load(raw)
        except (OSError, UnicodeDecodeError) as exc:
            raise CaseFileError(f"base case file {path} cannot be read ({type(exc).__name__}); "
                                "check the path", str(path)) from None
        except (json.JSONDecodeError, yaml.YAMLError):
            raise CaseFileError(f"base case file {path} is not valid YAML or JSON; correct it "
                                "and run again", str(path)) from None
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise CaseFileError(f"base case file {path} must be a mapping of case sections",
                                str(path))
    atts = data.get("attachments")
    if isinstance(atts, list):
        data["attachments"] = [_rebase(a, folder, base_dir) for a in atts]
    return data


def _rebase(att: Any, folder: Path, base_dir: Path) -> Any:
    if not isinstance(att, dict) or not isinstance(att.get("path"), str):
        return att
    p = Path(att["path"])
    if p.is_absolute():
        return att
    try:
        rel = os.path.relpath((folder / p).resolve(), base_dir.resolve())
    except ValueError:
        rel = str((folder / p).resolve())
    return {**att, "path": Path(rel).as_posix()}


def _write_uploads(uploads: dict[Path, bytes]) -> tuple[Path, ...]:
    written = []
    for target, content in uploads.items():
        tmp = target.with_name(f".{target.name}.tmp")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(content)
            os.replace(tmp, target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise OutputError(f"cannot write the inline document {target} "
                              f"({exc.strerror or exc}); check you may write there") from None
        written.append(target)
    return tuple(written)


def _missing(problems: list[tuple[str, str]]) -> list[Missing]:
    return [Missing(f, "required", "nothing in the bundle or the base gives it")
            if msg == "Field required" else Missing(f, "invalid", msg) for f, msg in problems]


def import_bundle(bundle: str | Path | dict[str, Any] | Bundle, *, base: str | Path | dict[str, Any]
              | None = None, route: str | None = None, options: dict[str, str] | None = None,
              base_dir: str | Path | None = None) -> FhirImport:
    """See :func:`accesspack.fhir.from_fhir`."""
    folder_dir = Path(base_dir) if base_dir is not None else Path.cwd()
    if route is not None:
        load_route(route)  # an unknown route fails before anything is written
    parsed, folder, source = parse_bundle(bundle)
    index = Index(entries_of(parsed))
    patients = list(index.of_type(Patient))
    if not patients:
        raise FhirError(f"{source} has no Patient resource; export the patient's whole record "
                        "(e.g. Patient/$everything) and run again", str(bundle)
                        if isinstance(bundle, str | Path) else None)
    if len(patients) > 1:
        where = ", ".join(f"entry[{e.index}]" for e, _ in patients)
        raise FhirError(f"{source} holds {len(patients)} Patient resources ({where}); a case "
                        "is one patient: export one patient's record and run again",
                        str(bundle) if isinstance(bundle, str | Path) else None)
    base_data = _load_base(base, folder_dir)
    out = Out()
    clinical = Clinical(index, out, {})
    other = Other(index, out, None, clinical.used)
    uploads: dict[Path, bytes] = {}
    clinical.documents = other.documents(folder or Path.cwd(), folder_dir, uploads)
    clinical.patient(*patients[0])
    clinical.conditions()
    clinical.observations()
    other.primary = clinical.primary
    other.medications()
    other.people()
    other.allergies()
    for e in index.entries:
        kind = e.resource.get_resource_type()
        if kind not in _MAPPED:
            out.warn(f"not imported: {e.ref} (the case has no place for a {kind})")
    replaced: list[str] = []
    data = merge(out.data, base_data, "", replaced)
    sources = [s for s in out.sources if not any(
        s.field == r or s.field.startswith((r + ".", r + "[")) for r in replaced)]
    for r in replaced:
        froms = sorted({s.resource for s in out.sources if s.field == r
                        or s.field.startswith((r + ".", r + "["))})
        if froms:
            out.warn(f"{r}: the base's value is used, not the one from {', '.join(froms)}")
    written = _write_uploads(uploads)
    missing: list[Missing] = []
    case = ledger = None
    try:
        case = parse_case(data, base_dir=folder_dir)
    except CaseValidationError as exc:
        missing = _missing(exc.problems)
    if case is not None and route is not None:
        ledger = validate(case, route, options=options)
        missing = [Missing(g.id, "gap", g.item + (f": {g.question}" if g.question else ""))
                   for g in ledger.gaps]
    return FhirImport(data, case, sources, missing, out.warnings, route, ledger,
                      folder_dir, written)
