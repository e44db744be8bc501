"""Write ``guides/fhir-codes.md``, "Codes the FHIR import reads", from ``fhir/codes.yaml``.

mkdocs-gen-files runs this script at every ``mkdocs build`` (see ``mkdocs.yml``), so the
page never drifts from the data the importer reads: it loads ``codes.yaml`` with the
importer's own loader (:func:`accesspack.fhir.codes.load`). The page lists, per mCODE version,
the codes each mapped element is read from, then the codes that no mCODE version lists
(seen in Synthea's or MITRE's exports, or read before their source was recorded).

Run it alone to print the page instead: ``python scripts/docs_fhir_codes.py``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import IO

from accesspack.fhir.codes import Code, Codes, load

PATH = "guides/fhir-codes.md"
SYSTEMS = {"loinc": "LOINC", "snomed": "SNOMED CT", "ajcc": "AJCC"}


def cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def code_cell(c: Code) -> str:
    return f"{SYSTEMS.get(c.system, c.system)} `{c.code}`"


def table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(cell(x) for x in row) + " |" for row in rows]
    return [*out, ""]


def displays_table(coded: Sequence[Code]) -> list[str]:
    """A table of codes with the display each gives, its mCODE versions and sources."""
    return table(["Code", "Display", "mCODE", "Seen in"], [
        [code_cell(c), c.display or "", ", ".join(c.mcode), ", ".join(c.seen)]
        for c in coded])


def _rows(codes: Codes, keep: Callable[[Code], bool]) -> list[list[str]]:
    """One row per code ``keep(code)`` accepts: what it gives, where it goes."""
    rows = []
    for concept in codes.observations:
        for c in concept.codes:
            if keep(c):
                what = concept.title + (f" ({concept.marker})" if concept.marker and
                                        concept.marker not in concept.title else "")
                rows.append([code_cell(c), c.display or "", what, f"`{concept.field}`",
                             ", ".join(c.seen)])
    return rows


def _in(version: str) -> Callable[[Code], bool]:
    return lambda c: version in c.mcode


def page(codes: Codes | None = None) -> str:
    codes = codes or load()
    out = ["# Codes the FHIR import reads", "",
           "Generated from `src/accesspack/fhir/codes.yaml`, the data the importer reads: "
           "adding a code there is all it takes for `accesspack import-fhir` to read it. Each "
           "code names the mCODE version(s) that list it, or the export it was seen in.", "",
           "An Observation whose code is listed here goes to the case field shown. A code "
           "that is not listed is reported (`not imported: ... is not one accesspack maps`); "
           "a coded value with neither text nor display is reported, never printed as a "
           "raw code.", ""]
    head = ["Code", "Display", "Reads", "Case field", "Also seen in"]
    mcode = [v for v in codes.versions if v.startswith("STU")]
    for version in mcode:
        out += [f"## {codes.versions[version]}", ""]
        out += table(head, _rows(codes, _in(version)))
        names = [f"`{p.name}` ({key.replace('_', ' ')})" for key, ps in codes.profiles.items()
                 for p in ps if version in p.mcode]
        out += ["Profiles: " + ", ".join(names) + ".", ""]
    out += ["## Codes no mCODE version lists", ""]
    out += [f"- **{k}**: {v}" for k, v in codes.versions.items() if k not in mcode]
    out += ["", *table(head, _rows(codes, lambda c: not c.mcode))]
    out += ["## Primary cancer Conditions", "",
            "A Condition is the primary cancer when it claims an mCODE primary cancer profile, "
            "has an ICD-10 C code (C77-C79 are secondaries), or has one of these SNOMED CT "
            "codes (Synthea and other US Core exports code the cancer in SNOMED CT only):", ""]
    out += displays_table(codes.cancer_conditions)
    numerals = ", ".join(f"`{k}` → `{v}`" for k, v in codes.stage_numerals.items())
    out += ["## Stage groups", "",
            "A stage group prints as the AJCC group (`IV`, `IIIC`): the value's text; else a "
            "coding's display that is a stage group, less its SNOMED semantic tag and the "
            "prefixes " + ", ".join(f"\"{p}\"" for p in codes.display_prefixes) + "; AJCC "
            f"codes in arabic numerals are mapped ({numerals}, the letter kept: `3C` → "
            "`IIIC`). Stage values whose display codes.yaml gives when a coding has none:", ""]
    out += displays_table(codes.stage_values)
    out += ["## Coded values", "",
            "Displays codes.yaml gives a disease status or a tumour marker's result when its "
            "coding has none:", ""]
    out += displays_table(codes.values)
    out += ["## Treatment intent", "",
            "The value of a medication's intent extension ("
            + ", ".join(f"`{p.name}`" for p in codes.profiles["treatment_intent"])
            + ") gives a treatment line's `intent`:", ""]
    out += table(["Code", "Display", "Case value", "mCODE"], [
        [code_cell(c), c.display or "", f"`{c.value}`", ", ".join(c.mcode)]
        for c in codes.treatment_intents])
    out += ["## Genomic variant components", ""]
    out += table(["Component", "Code", "mCODE", "Seen in"], [
        [k.replace("_", " "), code_cell(c), ", ".join(c.mcode), ", ".join(c.seen)]
        for k, c in codes.components.items()])
    out += ["## US Core race and ethnicity (OMB categories)", ""]
    out += table(["Code", "Case value"], [[f"`{r.code}`", f"`{r.value}`"]
                                          for r in (*codes.race, *codes.ethnicity)])
    return "\n".join(out)


def main(stream: IO[str] | None = None) -> None:
    if stream is not None:
        stream.write(page())
        return
    import mkdocs_gen_files

    with mkdocs_gen_files.open(PATH, "w") as f:
        f.write(page())
    mkdocs_gen_files.set_edit_path(PATH, "src/accesspack/fhir/codes.yaml")


if __name__ == "__main__":
    main(sys.stdout)
elif __name__ == "<run_path>":  # mkdocs-gen-files runs scripts with runpy.run_path
    main()
