"""Codes and value readers the FHIR mapping shares: the LOINC codes it maps, and how a
name, an address, a quantity, an Observation's value, date and method are read."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from fhir.resources.R4B.address import Address
from fhir.resources.R4B.humanname import HumanName
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.quantity import Quantity

from ._read import LOINC, codes, day, has_profile, text_of

# -- codes -------------------------------------------------------------------------------

ECOG, KARNOFSKY = "89247-1", "89243-0"
WEIGHT, HEIGHT = "29463-7", "8302-2"
DISEASE_STATUS = frozenset({"97509-4", "88040-1"})
#: TNM: clinical (21905-5, 21906-3, 21907-1, group 21908-9), pathological (21899-0 ...).
T_CODES, N_CODES, M_CODES = {"21905-5", "21899-0"}, {"21906-3", "21900-6"}, {"21907-1", "21901-4"}
GROUP_CODES = {"21908-9", "21902-2"}
GROUP_PROFILES = ("mcode-tnm-stage-group", "mcode-tnm-clinical-stage-group",
                  "mcode-tnm-pathological-stage-group")
VARIANT_CODES = {"69548-6", "81252-9"}
GENE_STUDIED, DNA_CHANGE, AA_CHANGE, VAF = "48018-6", "48004-6", "48005-3", "81258-6"
#: Serum tumour markers, numeric blood tests followed over time: they go to ``labs``.
SERUM_MARKERS = {"2039-6": "CEA", "10334-1": "CA-125", "2857-1": "PSA", "24108-3": "CA 19-9"}
#: Tissue tumour markers: they go to ``biomarkers`` (the ``85...`` codes are by immune stain).
TISSUE_MARKERS = {"48676-1": "HER2", "85319-2": "HER2", "16112-5": "ER", "85337-4": "ER",
                  "16113-3": "PR", "85339-0": "PR"}
BY_IMMUNE_STAIN = {"85319-2", "85337-4", "85339-0"}
RACE = {"1002-5": "american_indian_or_alaska_native", "2028-9": "asian",
        "2054-5": "black_or_african_american",
        "2076-8": "native_hawaiian_or_other_pacific_islander", "2106-3": "white"}
ETHNICITY = {"2135-2": "hispanic_or_latino", "2186-5": "not_hispanic_or_latino"}
US_CORE = "http://hl7.org/fhir/us/core/StructureDefinition/"


def loinc(obs: Observation) -> set[str]:
    return set(codes(obs.code, LOINC))


def is_stage_group(obs: Observation) -> bool:
    """A TNM stage group Observation (by LOINC code or mCODE profile)."""
    return bool(loinc(obs) & GROUP_CODES) or has_profile(obs, *GROUP_PROFILES)


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
        return text_of(obs.valueCodeableConcept)
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
