"""Codes and value readers the FHIR mapping shares: what ``codes.yaml`` says a code is, and
how a name, an address, a quantity, an Observation's value, stage, date and method are read."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from fhir.resources.R4B.address import Address
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.humanname import HumanName
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.quantity import Quantity

from ._read import day, has_profile, text_of
from .codes import Code, Concept, load
from .codes import untagged_display as untagged

# -- codes (from codes.yaml) -------------------------------------------------------------

CODES = load()

US_CORE = "http://hl7.org/fhir/us/core/StructureDefinition/"
ASSERTED_DATE = "http://hl7.org/fhir/StructureDefinition/condition-assertedDate"
AJCC = CODES.url("ajcc")
#: Observation kinds read once (the latest): the key in ``Clinical.observations``.
SINGLETONS = {"performance_status": "ps", "disease_status": "status", "weight": "weight",
              "height": "height"}


def pairs(cc: CodeableConcept | None) -> set[tuple[str, str]]:
    """The concept's codings as (system, code) pairs."""
    return {(c.system or "", c.code) for c in (cc.coding or [] if cc else []) if c.code}


def concept_of(obs: Observation) -> tuple[Concept, Code] | None:
    """What ``codes.yaml`` says the Observation's code is, if it knows it."""
    return CODES.concept(pairs(obs.code))


def kind_of(obs: Observation) -> str | None:
    found = concept_of(obs)
    return found[0].kind if found else None


def is_stage_group(obs: Observation) -> bool:
    """A TNM stage group Observation (by code or mCODE profile, any version)."""
    return kind_of(obs) == "stage_group" or has_profile(obs, *CODES.profile_names("stage_group"))


def display_text(cc: CodeableConcept | None) -> str | None:
    """The concept's text, else its first coding's display less a SNOMED semantic tag;
    None when it has neither (its code alone is not text to print)."""
    if cc is None:
        return None
    shown = [untagged(c.display) for c in cc.coding or [] if c.display and c.display.strip()]
    text = (cc.text or "").strip()
    if text:  # a text that only repeats a SNOMED display loses its tag too
        return untagged(text) if untagged(text) in shown else text
    return shown[0] if shown else None


def named(cc: CodeableConcept | None) -> str | None:
    """A condition or site as text: the concept's text or display, else the display
    ``codes.yaml`` gives its code, else an ICD-10 code; never a SNOMED CT code alone."""
    if cc is None:
        return None
    found = display_text(cc) or CODES.value_display(pairs(cc))
    if found:
        return found
    return None if any(c.system == CODES.url("snomed") for c in cc.coding or []) else text_of(cc)


def stage_text(cc: CodeableConcept | None, group: bool) -> str | None:
    """A staging value as it prints: the text; else, for a stage group, the AJCC group
    (``IV``, ``IIIC``) from a coding's display or an AJCC code; for a T, N or M category
    the display less its tags (``cT3``) or the AJCC code. None when not understood."""
    if cc is None:
        return None
    text = (cc.text or "").strip()
    if text and untagged(text) not in {untagged(c.display or "") for c in cc.coding or []}:
        return (CODES.stage_group(text) or text) if group else text
    shown = [CODES.clean_display(d) for d in (
        c.display or CODES.stage_display(c.system, c.code) for c in cc.coding or []) if d]
    ajcc = [c.code for c in cc.coding or [] if c.code and c.system == AJCC]
    if group:
        return next((g for g in (CODES.stage_group(x) for x in [*shown, *ajcc]) if g),
                    shown[0] if shown else None)
    return next(iter([*shown, *ajcc]), None)


def human_name(names: list[HumanName] | None) -> HumanName | None:
    """The official name, else the first."""
    if not names:
        return None
    return next((n for n in names if n.use == "official"), names[0])


def full_name(name: HumanName) -> str | None:
    parts = [*(name.given or []), name.family or ""]
    joined = " ".join(p.strip() for p in parts if p and p.strip())
    return joined or (name.text.strip() if name.text else None)


def initials(name: HumanName) -> str | None:
    """Capital initials of the given names and each part of the family name (``EMO``)."""
    words = [*(name.given or []), name.family or ""] if (name.given or name.family) else (
        (name.text or "").split())
    letters = ""
    for word in words:
        for part in re.split(r"[\s\-]+", word or ""):
            plain = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode()
            if plain[:1].isalpha():
                letters += plain[0].upper()
    return letters[:8] or None


def address(addr: Address | None) -> dict[str, Any] | None:
    """A case address from a FHIR one, or None when it lacks a street line or city."""
    if addr is None or not addr.line or not addr.city:
        return None
    out: dict[str, Any] = {"line1": addr.line[0]}
    if len(addr.line) > 1:
        out["line2"] = ", ".join(x for x in addr.line[1:] if x)
    out["city"] = addr.city
    if addr.state:
        out["region"] = addr.state
    if addr.postalCode:
        out["postal_code"] = addr.postalCode
    if addr.country and re.fullmatch(r"[A-Za-z]{2}", addr.country):
        out["country"] = addr.country.upper()
    elif addr.country in ("USA", "United States"):
        out["country"] = "US"
    return out


def number(value: Any) -> float | int:
    f = float(value)
    return int(f) if f.is_integer() else f


def quantity_text(q: Quantity) -> str:
    unit = q.unit or q.code or ""
    return f"{number(q.value):g}{'' if unit in ('', '%') else ' '}{unit}"


def value_text(obs: Observation | Any) -> str | None:
    """An Observation's (or component's) value as text."""
    if obs.valueQuantity is not None and obs.valueQuantity.value is not None:
        return quantity_text(obs.valueQuantity)
    if obs.valueCodeableConcept is not None:
        cc = obs.valueCodeableConcept
        return display_text(cc) or CODES.value_display(pairs(cc)) or text_of(cc)
    if obs.valueString:
        return str(obs.valueString).strip() or None
    if obs.valueInteger is not None:
        return str(obs.valueInteger)
    if obs.valueBoolean is not None:
        return "yes" if obs.valueBoolean else "no"
    return None


def when(obs: Observation) -> date | None:
    return day(obs.effectiveDateTime) or day(obs.effectivePeriod.start if obs.effectivePeriod
                                             else None) or day(obs.issued)


def reported(obs: Observation) -> date | None:
    return day(obs.issued) or when(obs)


def method_of(obs: Observation, default: str) -> str:
    """Biomarker method from ``Observation.method`` words, else ``default``."""
    text = (text_of(obs.method) or "").lower()
    for words, method in ((("cell-free", "ctdna", "plasma"), "ctDNA"), (("sequencing", "ngs"),
                          "NGS"), (("immunohisto", "immune stain", "ihc"), "IHC"),
                          (("in situ", "fish"), "FISH"), (("pcr", "polymerase"), "PCR")):
        if any(w in text for w in words):
            return method
    return default
