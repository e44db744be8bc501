"""The work of :func:`accesspack.fhir.from_fhir` (imported on first use: the FHIR models
take about 0.2 s to load, which every batch worker would otherwise pay)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.patient import Patient

from ..bundle import validate
from ..errors import CaseFileError, CaseValidationError, FhirError, OutputError
from ..files import atomic_write
from ..model import parse_case
from ..model.case import read_case_data
from ..routes import load_route
from ._clinical import Clinical
from ._load import parse_bundle
from ._other import Other, documents
from ._out import Missing, Out, Source
from ._read import Entry, Index
from ._result import FhirImport, merge, rebase

__all__ = ["import_bundle"]

#: Resource types the import reads (an Encounter for the treating organisation and
#: physician of the cancer's care); any other type gets a "not imported" warning.
_MAPPED = {"Patient", "Condition", "Observation", "MedicationStatement", "MedicationRequest",
           "Medication", "Practitioner", "PractitionerRole", "Organization", "Encounter",
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
        data = read_case_data(path)
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise CaseFileError(f"base case file {path} must be a mapping of case sections",
                                str(path))
    atts = data.get("attachments")
    if isinstance(atts, list):
        data["attachments"] = [rebase(a, folder, base_dir) for a in atts]
    return data


def _put(content: bytes, fh: BinaryIO) -> None:
    fh.write(content)


def _write_uploads(uploads: dict[Path, bytes]) -> tuple[Path, ...]:
    """Write the inline documents, readable by their owner only (patient documents)."""
    written = []
    for target, content in uploads.items():
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot write the inline document {target} "
                              f"({exc.strerror or exc}); check you may write there") from None
        atomic_write(target, partial(_put, content), mode=0o600)
        written.append(target)
    return tuple(written)


def _missing(problems: list[tuple[str, str]]) -> list[Missing]:
    return [Missing(f, "required", "nothing in the bundle or the base gives it")
            if msg == "Field required" else Missing(f, "invalid", msg) for f, msg in problems]


def _under(field: str, path: str) -> bool:
    return field == path or field.startswith((path + ".", path + "["))


def _references(data: Any) -> Iterator[str]:
    """Every ``reference`` in a resource's JSON."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "reference" and isinstance(value, str):
                yield value
            else:
                yield from _references(value)
    elif isinstance(data, list):
        for item in data:
            yield from _references(item)


def _the_patient(index: Index, patients: list[tuple[Entry, Patient]], strict: bool,
                 source: str, path: str | None) -> tuple[Entry, Patient, list[Entry]]:
    """The bundle's one Patient, and the other Patients to pass over. A lenient import takes
    several only when the resources refer to one of them and to no other (the mCODE STU1
    examples hold a second Patient nothing refers to); else it refuses, as ``strict`` does."""
    if len(patients) == 1:
        return patients[0][0], patients[0][1], []
    referred: set[int] = set()
    if not strict:
        for e in index.entries:
            if not isinstance(e.resource, Patient):
                for ref in _references(e.resource.model_dump(exclude_none=True)):
                    hit = index.resolve(ref)
                    if hit is not None and isinstance(hit.resource, Patient):
                        referred.add(hit.index)
    if len(referred) == 1:
        chosen = next(p for p in patients if p[0].index in referred)
        return chosen[0], chosen[1], [e for e, _ in patients if e is not chosen[0]]
    where = ", ".join(f"entry[{e.index}]" for e, _ in patients)
    raise FhirError(f"{source} holds {len(patients)} Patient resources ({where}); a case is "
                    "one patient: export one patient's record and run again", path)


def import_bundle(bundle: str | Path | dict[str, Any] | Bundle, *, base: str | Path | dict[str, Any]
              | None = None, route: str | None = None, options: dict[str, str] | None = None,
              base_dir: str | Path | None = None, strict: bool = False) -> FhirImport:
    """See :func:`accesspack.fhir.from_fhir`."""
    folder_dir = Path(base_dir) if base_dir is not None else Path.cwd()
    r = None
    if route is not None:  # an unknown route or option fails before anything is written
        r = load_route(route)
        r.options(options)
    parsed = parse_bundle(bundle, strict=strict)
    index = Index(parsed.entries)
    patients = list(index.of_type(Patient))
    if not patients:
        skipped = list(dict.fromkeys(s.text.rstrip(".") for s in parsed.skipped
                                     if s.resource != "Bundle"))
        why = (f" (skipped as invalid: {'; '.join(skipped[:5])}"
               f"{'; ...' if len(skipped) > 5 else ''})"
               if skipped else "")
        raise FhirError(f"{parsed.source} has no Patient resource{why}; export the patient's "
                        "whole record (e.g. Patient/$everything) and run again", parsed.path)
    patient_entry, patient, others = _the_patient(index, patients, strict, parsed.source,
                                                  parsed.path)
    base_data = _load_base(base, folder_dir)
    out = Out()
    for e in others:
        out.warn(f"not imported: {e.ref} (a second Patient no resource of the bundle refers "
                 f"to; the case is {patient_entry.ref}'s, whom the resources are about)")
    uploads: dict[Path, bytes] = {}
    docs = documents(index, out, parsed.folder or Path.cwd(), folder_dir, uploads)
    clinical = Clinical(index, out, docs)
    clinical.patient(patient_entry, patient)
    clinical.conditions()
    bad = [s for s in parsed.skipped if s.resource.partition("/")[0] == "Condition"]
    if clinical.primary is None and bad:  # the primary cancer may be the invalid one
        raise FhirError(
            f"{parsed.source} has no valid primary cancer Condition, and a case cannot go "
            f"without it; {len({s.entry for s in bad})} invalid Condition(s) were skipped, "
            "and one may be it: correct them (or export the bundle again) and run again:\n"
            + "\n".join(f"  - {s.entry} ({s.resource}): {s.element}: {s.problem}"
                        for s in bad), parsed.path)
    clinical.observations()
    other = Other(index, out, clinical.primary, clinical.used)
    other.medications()
    other.people(patient_entry, patient)
    other.allergies()
    for e in index.entries:
        kind = e.resource.get_resource_type()
        if kind not in _MAPPED:
            out.warn(f"not imported: {e.ref} (the case has no place for a {kind})")
    replaced: list[str] = []
    data = merge(out.data, base_data, "", replaced)
    sources: list[Source] = []
    replaced_from: dict[str, set[str]] = {r: set() for r in replaced}
    for s in out.sources:
        hit = next((r for r in replaced if _under(s.field, r)), None)
        if hit is None:
            sources.append(s)
        else:
            replaced_from[hit].add(s.resource)
    for field, froms in replaced_from.items():
        if froms:
            out.warn(f"{field}: the base's value is used, not the one from "
                     f"{', '.join(sorted(froms))}")
    written = _write_uploads(uploads)
    missing: list[Missing] = []
    case = ledger = None
    try:
        case = parse_case(data, base_dir=folder_dir)
    except CaseValidationError as exc:
        missing = _missing(exc.problems)
    if case is not None and r is not None:
        ledger = validate(case, r, options=options)
        missing = [Missing(g.id, "gap", g.item + (f": {g.question}" if g.question else ""))
                   for g in ledger.gaps]
    return FhirImport(data, case, sources, missing, out.warnings, route, ledger,
                      folder_dir, written, parsed.skipped)
