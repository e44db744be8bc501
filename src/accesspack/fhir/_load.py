"""Reading a FHIR bundle: its file (or a folder of resource files), the JSON, R4B
validation (the whole Bundle, or each entry on its own for a lenient import)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, NamedTuple

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.resource import Resource
from pydantic import ValidationError

from ..errors import FhirError, not_a_regular_file, reason
from ._out import Skipped
from ._read import ICD10, Entry


def read_json(path: Path) -> Any:
    """The JSON in ``path``; :class:`FhirError` when it cannot be read or parsed."""
    problem = not_a_regular_file(path)  # a FIFO or a device is never opened
    if problem:
        raise FhirError(f"FHIR bundle {path} {problem}", str(path))
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FhirError(f"FHIR bundle {path} does not exist; check the path", str(path)) from None
    except UnicodeDecodeError as exc:
        raise FhirError(f"FHIR bundle {path} is not UTF-8 text (byte {exc.start}); export it "
                        "as FHIR JSON (UTF-8) and run again", str(path)) from None
    except OSError as exc:
        raise FhirError(f"FHIR bundle {path} cannot be read ({reason(exc)}); check the path "
                        "and that you may read it", str(path)) from None
    try:
        return json.loads(raw)
    except RecursionError:
        raise FhirError(f"FHIR bundle {path} nests its JSON too deeply to be a FHIR bundle; "
                        "export the bundle again", str(path)) from None
    except json.JSONDecodeError as exc:
        raise FhirError(
            f"FHIR bundle {path} is not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "export the bundle as FHIR JSON (not XML) and run again", str(path)) from None


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


_CHOICE = re.compile(r"Any of one field value is expected from this list \['([a-z]+)[A-Z]")


def _errors(exc: ValidationError) -> list[tuple[tuple[int | str, ...], str]]:
    """``(location, message)`` of each validation error; a message never repeats a value."""
    out: list[tuple[tuple[int | str, ...], str]] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        msg = str(err["msg"]).removeprefix("Value error, ")
        value = err.get("input")
        if isinstance(value, str | int | float) and str(value) and str(value) in msg:
            msg = "invalid value"
        choice = _CHOICE.match(msg)  # two value[x] (or effective[x]...) in one element
        if choice:
            loc += (f"{choice[1]}[x]",)
            msg = (f"more than one {choice[1]}[x] is given; FHIR allows one" if
                   msg.endswith("got multiple!") else f"{choice[1]}[x]: " + msg.split("], ")[-1])
        row = (loc, msg)
        if row not in out:
            out.append(row)
    return out


def _problems(exc: ValidationError) -> list[str]:
    """``entry[i]: element: message`` lines that never repeat an input value."""
    lines: list[str] = []
    for loc, msg in _errors(exc):
        where = _path(loc)
        if len(loc) >= 3 and loc[0] == "entry" and isinstance(loc[1], int) and loc[2] == "resource":
            element = _path(loc[3:]) or "(the resource)"
            where = f"entry[{loc[1]}]: {element}"
        line = f"{where}: {msg}"
        if line not in lines:
            lines.append(line)
    return lines


def _check_bundle(data: Any, source: str, path: str | None) -> list[Any]:
    """The entries of ``data``; :class:`FhirError` when it is not a Bundle of one record."""
    if not isinstance(data, dict):
        raise FhirError(f"{source} is not a FHIR resource (a JSON object); give a Bundle",
                        path)
    kind = data.get("resourceType")
    if kind != "Bundle":
        what = f"a {kind} resource" if isinstance(kind, str) and _known(kind) else (
            "not a FHIR resource (no known resourceType)")
        raise FhirError(f"{source} is {what}, not a Bundle; export the patient's record as a "
                        "Bundle (e.g. Patient/$everything) and run again", path)
    if data.get("type") == "history":
        raise FhirError(f"{source} is a history Bundle (versions of resources over time), not "
                        "a patient's record; export the current resources (a collection, "
                        "searchset, transaction or document Bundle) and run again", path)
    entries = data.get("entry") or []
    if not isinstance(entries, list):
        raise FhirError(f"{source}: Bundle.entry is not a list; correct the bundle", path)
    return entries


def _entry_problem(i: int, entry: Any) -> str | None:
    """Why ``entry`` holds no resource that can be validated (None when it holds one, or
    is an entry with no ``resource`` at all: a transaction-response's, a DELETE)."""
    if isinstance(entry, dict) and "resource" not in entry and entry:
        return None
    resource = entry.get("resource") if isinstance(entry, dict) else None
    if not isinstance(resource, dict):
        return f"entry[{i}] has no resource object"
    kind = resource.get("resourceType")
    if not isinstance(kind, str) or not _known(kind):
        return f"entry[{i}] has no known FHIR R4 resourceType"
    return None


def _known(kind: str) -> bool:
    if not re.fullmatch(r"[A-Z][A-Za-z]{1,63}", kind):
        return False
    try:
        get_fhir_model_class(kind)
    except (ValueError, KeyError, AttributeError, ImportError):
        return False
    return True


def _label(kind: str, rid: Any) -> str:
    """``Type/id`` for a report, ``Type`` when the id is missing or not a FHIR id."""
    if isinstance(rid, str) and re.fullmatch(r"[A-Za-z0-9\-.]{1,64}", rid):
        return f"{kind}/{rid}"
    return kind


def _looks_primary(resource: dict[str, Any]) -> bool:
    """A Condition (as JSON) that claims the primary cancer profile or has an ICD-10 C code
    outside C77-C79 (the importer's own test for the primary cancer)."""
    meta = resource.get("meta")
    listed = meta.get("profile") if isinstance(meta, dict) else None
    if isinstance(listed, list) and any(
            isinstance(p, str) and "primary-cancer-condition" in p for p in listed):
        return True
    code = resource.get("code")
    for c in (code.get("coding") if isinstance(code, dict) else None) or []:
        if isinstance(c, dict) and c.get("system") in ICD10 and isinstance(c.get("code"), str) \
                and re.match(r"C\d", c["code"]) and not re.match(r"C7[7-9]", c["code"]):
            return True
    return False


def _lenient(data: dict[str, Any], entries: list[Any], unread: dict[int, str], source: str,
             path: str | None) -> tuple[list[Entry], list[Skipped]]:
    """Each entry validated on its own: the valid ones, and a :class:`Skipped` row per
    element at fault. Refuses when the Patient or the primary cancer Condition is invalid."""
    skipped: list[Skipped] = []
    shell = {k: v for k, v in data.items() if k != "entry"}
    try:
        Bundle.model_validate(shell)
    except ValidationError as exc:
        skipped += [Skipped("Bundle", "(the bundle)", _path(loc) or "(the bundle)",
                            f"{msg} (ignored: the entries are read one by one)")
                    for loc, msg in _errors(exc)]
    except (KeyError, TypeError, ValueError, RecursionError) as exc:
        skipped.append(Skipped("Bundle", "(the bundle)", "(the bundle)",
                               f"not valid ({type(exc).__name__}; ignored: the entries are "
                               "read one by one)"))
    out: list[Entry] = []
    essential: list[tuple[str, list[Skipped]]] = []
    for i, entry in enumerate(entries):
        where = f"entry[{i}]"
        if i in unread:
            skipped.append(Skipped("(unread file)", where, "", unread[i]))
            continue
        problem = _entry_problem(i, entry)
        if problem is None and "resource" not in entry:
            continue  # a transaction-response's entry or a DELETE: nothing to read
        if problem is not None:
            skipped.append(Skipped("(unknown)", where, "", problem.removeprefix(where + " ")))
            continue
        resource = entry["resource"]
        kind = resource["resourceType"]
        label = _label(kind, resource.get("id"))
        try:
            model = get_fhir_model_class(kind).model_validate(resource)
        except ValidationError as exc:
            rows = [Skipped(label, where, _path(loc) or "(the resource)", msg)
                    for loc, msg in _errors(exc)]
        except (KeyError, TypeError, ValueError, RecursionError) as exc:
            rows = [Skipped(label, where, "(the resource)",
                            f"not a valid FHIR R4 {kind} ({type(exc).__name__})")]
        else:
            if isinstance(model, Resource):  # always, for a known resourceType
                full = entry.get("fullUrl")
                out.append(Entry(i, full if isinstance(full, str) else None, model))
            continue
        skipped += rows
        if kind == "Patient":
            essential.append(("Patient", rows))
        elif kind == "Condition" and _looks_primary(resource):
            essential.append(("primary cancer Condition", rows))
    if essential:
        what, rows = essential[0]
        raise FhirError(
            f"{source} has an invalid {what} ({rows[0].resource}, {rows[0].entry}), and a "
            "case cannot go without it; correct it (or export the bundle again) and run "
            "again:\n" + "\n".join(f"  - {r.entry}: {r.element}: {r.problem}" for r in rows),
            path)
    return out, skipped


def _folder(folder: Path, strict: bool) -> tuple[dict[str, Any], dict[int, str]]:
    """A folder of single-resource ``.json`` files as one collection Bundle (files in name
    order, numbered ``entry[i]``: a file name may carry the patient's name, so messages
    never give it), and why each unreadable file was not read."""
    try:
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".json"
                       and p.is_file())
    except OSError as exc:
        raise FhirError(f"folder {folder} cannot be read ({reason(exc)}); check the path and "
                        "that you may read it", str(folder)) from None
    if not files:
        raise FhirError(f"folder {folder} holds no .json file; give a FHIR Bundle (.json) or "
                        "a folder of FHIR resources (one .json file each)", str(folder))
    entries: list[Any] = []
    unread: dict[int, str] = {}
    for i, file in enumerate(files):
        try:
            data = read_json(file)
        except FhirError as exc:
            why = str(exc).removeprefix(f"FHIR bundle {file} ")
            if strict:
                raise FhirError(f"{folder}: entry[{i}] (its file {i + 1} in name order) {why}",
                                str(folder)) from None
            unread[i], data = why, None
        if isinstance(data, dict) and data.get("resourceType") == "Bundle":
            why = "is a Bundle: a folder is read as single resources; give the Bundle alone"
            if strict:
                raise FhirError(f"{folder}: entry[{i}] (its file {i + 1} in name order) {why}",
                                str(folder))
            unread[i] = why
        entries.append({"resource": data})
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}, unread


class ParsedBundle(NamedTuple):
    """The resources read from a Bundle (or a folder), and where they came from."""

    entries: list[Entry]
    #: the invalid resources (and Bundle elements) a lenient import did not read
    skipped: list[Skipped]
    #: the bundle file's folder, or the folder of resources (None for a dict or a Bundle)
    folder: Path | None
    #: the bundle in messages: its file or folder, else "the bundle"
    source: str
    #: the bundle file or folder, as :attr:`FhirError.path` (None for a dict or a Bundle)
    path: str | None


def parse_bundle(bundle: Any, strict: bool = False) -> ParsedBundle:
    """The resources of a Bundle (a path to its file, a folder of resources, a dict or a
    Bundle). ``strict``: one invalid element refuses the whole bundle; else each entry is
    validated on its own and the invalid ones are skipped (a :class:`Skipped` row each)."""
    if isinstance(bundle, Bundle):
        return ParsedBundle(entries_of(bundle), [], None, "the bundle", None)
    folder: Path | None = None
    path: str | None = None
    unread: dict[int, str] = {}
    if isinstance(bundle, str | Path):
        file = Path(bundle)
        path = str(file)
        if file.is_dir():
            folder = file
            data, unread = _folder(file, strict)
        else:
            folder, data = file.parent, read_json(file)
    elif isinstance(bundle, dict):
        data = bundle
    else:
        raise FhirError("from_fhir takes a path to a .json bundle or a folder of resources, a "
                        "dict or a fhir.resources.R4B Bundle; got a " + type(bundle).__name__)
    source = path or "the bundle"
    entries = _check_bundle(data, source, path)
    if not strict:
        got, skipped = _lenient(data, entries, unread, source, path)
        return ParsedBundle(got, skipped, folder, source, path)
    for i, entry in enumerate(entries):
        problem = _entry_problem(i, entry)
        if problem is not None:
            advice = ("remove the entry or give its resource" if "no resource" in problem
                      else "correct or remove the entry")
            raise FhirError(f"{source}: {problem}; {advice}", path)
    try:
        parsed = Bundle.model_validate(data)
    except ValidationError as exc:
        lines = _problems(exc)
        raise FhirError(
            f"{source} has {len(lines)} invalid FHIR element(s); correct them (or export the "
            "bundle again) and run again:\n" + "\n".join(f"  - {x}" for x in lines),
            path) from None
    except (KeyError, TypeError, ValueError, RecursionError) as exc:  # fhir_core's own checks
        raise FhirError(f"{source} is not a valid FHIR R4 Bundle ({type(exc).__name__}); "
                        "validate it with a FHIR validator and run again", path) from None
    return ParsedBundle(entries_of(parsed), [], folder, source, path)


def entries_of(bundle: Bundle) -> list[Entry]:
    """The bundle's entries that hold a resource."""
    out = []
    for i, e in enumerate(bundle.entry or []):
        if e.resource is not None and isinstance(e.resource, Resource):
            out.append(Entry(i, e.fullUrl, e.resource))
    return out
