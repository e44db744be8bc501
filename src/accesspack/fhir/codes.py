"""The codes the FHIR import reads, as data: ``codes.yaml`` (shipped in the package) loaded
once into a typed model. The mapping in ``_clinical.py`` asks this model what a code means;
adding a LOINC or SNOMED code is a change to ``codes.yaml``, not to Python."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, model_validator

Kind = Literal["stage_group", "tnm", "performance_status", "disease_status", "weight", "height",
               "variant", "biomarker", "lab"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Code(_Strict):
    """One code, with the mCODE version(s) that list it and the exports it was seen in."""

    system: str
    code: str
    display: str | None = None
    method: str | None = None
    value: str | None = None  # what the case writes for it (a treatment intent)
    mcode: tuple[str, ...] = ()
    seen: tuple[str, ...] = ()


class Concept(_Strict):
    """What an Observation.code means: ``kind`` says where its value goes."""

    id: str
    kind: Kind
    title: str
    field: str
    marker: str | None = None
    scale: str | None = None
    codes: tuple[Code, ...]


class Profile(_Strict):
    name: str
    mcode: tuple[str, ...] = ()


class Category(_Strict):
    code: str
    value: str
    seen: tuple[str, ...] = ()


class Codes(_Strict):
    systems: dict[str, str]
    versions: dict[str, str]
    observations: tuple[Concept, ...]
    components: dict[str, Code]
    profiles: dict[str, tuple[Profile, ...]]
    cancer_conditions: tuple[Code, ...]
    stage_numerals: dict[str, str]
    display_prefixes: tuple[str, ...]
    stage_values: tuple[Code, ...]
    values: tuple[Code, ...]
    treatment_intents: tuple[Code, ...]
    race: tuple[Category, ...]
    ethnicity: tuple[Category, ...]

    @model_validator(mode="after")
    def _known_names(self) -> Codes:
        every = [c for concept in self.observations for c in concept.codes]
        every += [*self.components.values(), *self.cancer_conditions, *self.stage_values,
                  *self.values, *self.treatment_intents]
        for c in every:
            if c.system not in self.systems:
                raise ValueError(f"code {c.code}: unknown system {c.system!r}")
            unknown = set(c.mcode) | set(c.seen)
            if unknown - set(self.versions):
                raise ValueError(f"code {c.code}: unknown source(s) "
                                 f"{sorted(unknown - set(self.versions))}")
            if not (c.mcode or c.seen):
                raise ValueError(f"code {c.code}: no source (mcode or seen)")
        keys = [(c.system, c.code) for concept in self.observations for c in concept.codes]
        if len(keys) != len(set(keys)):
            raise ValueError("an Observation code is listed under two concepts")
        return self

    # -- look-ups -------------------------------------------------------------------

    def url(self, system: str) -> str:
        return self.systems[system]

    def concept(self, pairs: set[tuple[str, str]]) -> tuple[Concept, Code] | None:
        """The concept of the first (system URL, code) pair listed, else None."""
        for concept in self.observations:
            for c in concept.codes:
                if (self.url(c.system), c.code) in pairs:
                    return concept, c
        return None

    def profile_names(self, key: str) -> tuple[str, ...]:
        return tuple(p.name for p in self.profiles[key])

    def component(self, key: str) -> str:
        return self.components[key].code

    def is_cancer(self, pairs: set[tuple[str, str]]) -> bool:
        return any((self.url(c.system), c.code) in pairs for c in self.cancer_conditions)

    def intents(self) -> dict[str, str]:
        """A treatment intent's SNOMED CT code -> the case's word (``curative``)."""
        return {c.code: c.value or c.code for c in self.treatment_intents}

    def race_of(self, code: str | None) -> str | None:
        return next((r.value for r in self.race if r.code == code), None)

    def ethnicity_of(self, code: str | None) -> str | None:
        return next((r.value for r in self.ethnicity if r.code == code), None)

    # -- how a staging value prints ---------------------------------------------------

    def clean_display(self, display: str) -> str:
        """A SNOMED display less its semantic tag and the prefixes of ``codes.yaml``
        (``American Joint Committee on Cancer cT3 (qualifier value)`` -> ``cT3``)."""
        text = untagged_display(display)
        for prefix in self.display_prefixes:
            if text.lower().startswith(prefix.lower() + " "):
                return text[len(prefix):].strip()
        return re.sub(r"\s+category$", "", text)

    def stage_group(self, text: str) -> str | None:
        """``text`` as an AJCC stage group (``IV``, ``IIIC``), or None when it is not one:
        arabic numerals (``4``, ``3C``) become roman from ``stage_numerals``."""
        text = text.strip()
        romans = sorted(self.stage_numerals.values(), key=len, reverse=True)
        pattern = "|".join(re.escape(r) for r in romans)
        if re.fullmatch(rf"(?:{pattern})[A-D]?[0-9]?", text):
            return text
        arabic = re.fullmatch(r"([0-9])([A-Da-d]?[0-9]?)", text)
        if arabic and arabic.group(1) in self.stage_numerals:
            return self.stage_numerals[arabic.group(1)] + arabic.group(2).upper()
        return None

    def stage_display(self, system: str | None, code: str | None) -> str | None:
        """The display ``codes.yaml`` gives a stage value coding, if any."""
        return next((v.display for v in self.stage_values
                     if self.url(v.system) == system and v.code == code), None)

    def value_display(self, pairs: set[tuple[str, str]]) -> str | None:
        """The display ``codes.yaml`` gives a coded value (a stage, a disease status, a
        marker's result, a cancer), for a coding without one."""
        return next((v.display for v in (*self.stage_values, *self.values,
                                          *self.cancer_conditions)
                     if (self.url(v.system), v.code) in pairs), None)


def untagged_display(display: str) -> str:
    """A SNOMED CT display less its semantic tag (``Stage 3A (qualifier value)``)."""
    return re.sub(r"\s*\((?:qualifier value|finding|disorder|morphologic abnormality|"
                  r"observable entity|procedure|situation)\)\s*$", "", display.strip())


@cache
def load() -> Codes:
    """The codes of ``codes.yaml``, loaded and checked once."""
    text = resources.files("accesspack.fhir").joinpath("codes.yaml").read_text("utf-8")
    return Codes.model_validate(yaml.safe_load(text))
