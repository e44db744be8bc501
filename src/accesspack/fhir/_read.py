"""Reading a FHIR bundle: file, JSON, R4B validation, and the references between resources."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.resource import Resource
from pydantic import ValidationError

from ..errors import FhirError, not_a_regular_file, reason
from ..model.dates import Month

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
ICD10 = ("http://hl7.org/fhir/sid/icd-10-cm", "http://hl7.org/fhir/sid/icd-10")
MCODE = "http://hl7.org/fhir/us/mcode/StructureDefinition/"

R = TypeVar("R", bound=Resource)


@dataclass(frozen=True)
class Entry:
    """One resource of the bundle, with its place in it."""

    index: int
    full_url: str | None
    resource: Resource

    @property
    def ref(self) -> str:
        """``Type/id`` (or the fullUrl, or ``entry[i] Type`` when it has no id)."""
        kind = self.resource.get_resource_type()
        if self.resource.id:
            return f"{kind}/{self.resource.id}"
        return self.full_url or f"entry[{self.index}] {kind}"


class Index:
    """The bundle's resources, found by ``urn:uuid:`` fullUrl or by ``Type/id``."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self._by: dict[str, Entry] = {}
        for e in entries:
            if e.full_url:
                self._by[e.full_url] = e
            if e.resource.id:
                self._by[f"{e.resource.get_resource_type()}/{e.resource.id}"] = e

    def of_type(self, cls: type[R]) -> Iterator[tuple[Entry, R]]:
        """Every entry whose resource is a ``cls``, in bundle order."""
        for e in self.entries:
            if isinstance(e.resource, cls):
                yield e, e.resource

    def resolve(self, reference: str | None) -> Entry | None:
        """The entry a reference names (``urn:uuid:...``, ``Type/id`` or an absolute URL)."""
        if not reference:
            return None
        found = self._by.get(reference)
        if found is None and "/" in reference:  # http://server/fhir/Patient/1 -> Patient/1
            parts = reference.rstrip("/").split("/")
            if "_history" in parts:
                parts = parts[: parts.index("_history")]
            found = self._by.get("/".join(parts[-2:]))
        return found

    def get(self, reference: str | None, cls: type[R]) -> tuple[Entry, R] | None:
        """The resolved entry and its resource when it is a ``cls``."""
        e = self.resolve(reference)
        if e is not None and isinstance(e.resource, cls):
            return e, e.resource
        return None


# -- loading -----------------------------------------------------------------------------


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


def _problems(exc: ValidationError) -> list[str]:
    """``entry[i] (Type): element: message`` lines that never repeat an input value."""
    lines: list[str] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        where = _path(loc)
        msg = str(err["msg"]).removeprefix("Value error, ")
        value = err.get("input")
        if isinstance(value, str | int | float) and str(value) and str(value) in msg:
            msg = "invalid value"
        if len(loc) >= 3 and loc[0] == "entry" and isinstance(loc[1], int) and loc[2] == "resource":
            element = _path(loc[3:]) or "(the resource)"
            where = f"entry[{loc[1]}]: {element}"
        line = f"{where}: {msg}"
        if line not in lines:
            lines.append(line)
    return lines


def _check_shape(data: Any, source: str, path: str | None) -> None:
    """Refuse what is not a Bundle of known R4 resources, naming the entry at fault."""
    if not isinstance(data, dict):
        raise FhirError(f"{source} is not a FHIR resource (a JSON object); give a Bundle",
                        path)
    kind = data.get("resourceType")
    if kind != "Bundle":
        what = f"a {kind} resource" if isinstance(kind, str) and _known(kind) else (
            "not a FHIR resource (no known resourceType)")
        raise FhirError(f"{source} is {what}, not a Bundle; export the patient's record as a "
                        "Bundle (e.g. Patient/$everything) and run again", path)
    entries = data.get("entry", [])
    if not isinstance(entries, list):
        raise FhirError(f"{source}: Bundle.entry is not a list; correct the bundle", path)
    for i, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict):
            raise FhirError(f"{source}: entry[{i}] has no resource object; remove the entry or "
                            "give its resource", path)
        kind = resource.get("resourceType")
        if not isinstance(kind, str) or not _known(kind):
            raise FhirError(f"{source}: entry[{i}] has no known FHIR R4 resourceType; correct "
                            "or remove the entry", path)


def _known(kind: str) -> bool:
    if not re.fullmatch(r"[A-Z][A-Za-z]{1,63}", kind):
        return False
    try:
        get_fhir_model_class(kind)
    except (ValueError, KeyError, AttributeError, ImportError):
        return False
    return True


class ParsedBundle(NamedTuple):
    """A validated Bundle and where it came from."""

    bundle: Bundle
    #: the bundle file's folder (None for a dict or a Bundle)
    folder: Path | None
    #: the bundle in messages: its file, else "the bundle"
    source: str
    #: the bundle file, as :attr:`FhirError.path` (None for a dict or a Bundle)
    path: str | None


def parse_bundle(bundle: Any) -> ParsedBundle:
    """A validated R4B Bundle from a path, a dict or a Bundle, with where it came from."""
    if isinstance(bundle, Bundle):
        return ParsedBundle(bundle, None, "the bundle", None)
    folder: Path | None = None
    path: str | None = None
    if isinstance(bundle, str | Path):
        file = Path(bundle)
        path, folder, data = str(file), file.parent, read_json(file)
    elif isinstance(bundle, dict):
        data = bundle
    else:
        raise FhirError("from_fhir takes a path to a .json bundle, a dict or a "
                        "fhir.resources.R4B Bundle; got a " + type(bundle).__name__)
    source = path or "the bundle"
    _check_shape(data, source, path)
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
    return ParsedBundle(parsed, folder, source, path)


def entries_of(bundle: Bundle) -> list[Entry]:
    """The bundle's entries that hold a resource."""
    out = []
    for i, e in enumerate(bundle.entry or []):
        if e.resource is not None and isinstance(e.resource, Resource):
            out.append(Entry(i, e.fullUrl, e.resource))
    return out


# -- small readers -----------------------------------------------------------------------


def day(value: object) -> date | None:
    """The calendar day of a FHIR date/dateTime/instant; None for a partial date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", value):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def history_day(value: object) -> date | Month | None:
    """A date of history from a FHIR date/dateTime: the day, or the month when FHIR gives
    only ``YYYY-MM`` (never the 1st of that month); None for a year only or nothing."""
    full = day(value)
    if full is not None:
        return full
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        try:
            return Month.fromisoformat(value)
        except ValueError:
            return None
    return None


def as_data(value: date | Month) -> date | str:
    """A history date as case data: a date stays a date, a month is written ``2025-01``."""
    return value.isoformat() if isinstance(value, Month) else value


def text_of(cc: CodeableConcept | None) -> str | None:
    """The concept's text, else its first coding's display, else its first code."""
    if cc is None:
        return None
    if cc.text and cc.text.strip():
        return cc.text.strip()
    for c in cc.coding or []:
        if c.display and c.display.strip():
            return c.display.strip()
    for c in cc.coding or []:
        if c.code:
            return c.code
    return None


def codes(cc: CodeableConcept | None, *systems: str) -> list[str]:
    """The concept's codes in ``systems`` (every system when none is given)."""
    if cc is None:
        return []
    return [c.code for c in cc.coding or []
            if c.code and (not systems or (c.system or "") in systems)]


def profiles(resource: Resource) -> list[str]:
    """``meta.profile`` of the resource, without versions (``|4.0.0``)."""
    meta = resource.meta
    return [str(p).split("|")[0] for p in (meta.profile if meta and meta.profile else []) if p]


def has_profile(resource: Resource, *names: str) -> bool:
    """True when the resource claims one of the mCODE profiles ``names`` (``mcode-...``)."""
    return any(p.removeprefix(MCODE) in names for p in profiles(resource))
