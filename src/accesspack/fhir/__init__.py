"""FHIR R4 / mCODE intake: a patient's FHIR bundle becomes a case.

:func:`from_fhir` parses the bundle with the ``fhir.resources`` models of **R4B**
(``fhir.resources.R4B``). R4B is the R4-compatible release of FHIR: the resource types
read here (Patient, Condition, Observation, MedicationStatement, MedicationRequest,
Medication, Practitioner, PractitionerRole, Organization, AllergyIntolerance,
DocumentReference, Specimen) did not change between R4 and R4B, so an R4 (mCODE STU1-STU4,
US Core) bundle validates as R4B, while the package's default models are R5, which changed
several of them.

Lenient by default: each entry is validated on its own; an invalid resource is skipped (a
:class:`Skipped` row in :attr:`FhirImport.skipped` and in the report names its entry, its
``Type/id``, the element and why, never a value) and the rest is imported. A flaw in the
Bundle's own elements (an ``id`` with ``_``) is reported and ignored. The import still
refuses, with :class:`FhirError` naming the resource and element, when the Patient or the
primary cancer Condition (its profile, or an ICD-10 C code outside C77-C79) is invalid, or
when no valid Condition is the primary cancer and an invalid Condition was skipped.
``strict=True`` (``import-fhir --strict``) refuses the whole bundle on any invalid element.

What is read: a Bundle of any type but ``history`` (collection, searchset, transaction,
transaction-response, batch, document: entries without a resource are passed over), or a
folder of single-resource ``.json`` files, read in name order as one bundle (``entry[i]`` is
the i-th file; messages never give a file name, which may carry the patient's name).
It must hold one Patient: a second one is passed over (with a warning) only when the
resources refer to one Patient and to no other (the mCODE STU1 examples); else it refuses.

The mapping (mCODE profiles are
``http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-...``; LOINC codes unless said):

=============================================================  ==================================
FHIR                                                           case
=============================================================  ==================================
Patient.name (official, else first)                            patient.full_name, initials (the
                                                               capital initial of each given
                                                               name and each part of the family
                                                               name: ``EMO``)
Patient.birthDate (full dates only), gender                    patient.date_of_birth, sex
                                                               (``other`` is not mapped)
Patient.address[0]; US Core race/ethnicity ``ombCategory``     patient.address; race, ethnicity
(CDC 2106-3, 2054-5, 2028-9, 1002-5, 2076-8; 2135-2, 2186-5)
Condition, profile ``mcode-primary-cancer-condition`` or an    diagnosis.primary_cancer (code
ICD-10 C code (not C77-C79); preferred: the profiled one       text), icd10, diagnosed_on
                                                               (onsetDateTime, else recordedDate)
its extension ``mcode-histology-morphology-behavior``          diagnosis.histology
its stage.summary; stage.assessment -> TNM stage group         diagnosis.stage.overall; t, n, m,
Observation (21908-9 clinical, 21902-2 pathological;           ajcc_edition (from the method text,
hasMember: T 21905-5/21899-0, N 21906-3/21900-6,               e.g. "AJCC 8th edition")
M 21907-1/21901-4)
Condition ``mcode-secondary-cancer-condition`` or C77-C79      diagnosis.metastatic_sites
                                                               (bodySite text)
any other Condition (not resolved or inactive)                 comorbidities
Observation 97509-4 (88040-1 in STU1), the latest              diagnosis.disease_status
Observation ECOG 89247-1 / Karnofsky 89243-0, the latest       diagnosis.performance_status
Observation 29463-7 weight, 8302-2 height (kg, lb, cm, m, in)  patient.weight_kg, height_cm
Observation genomic variant (69548-6, 81252-9, profile         biomarkers: marker = gene studied
``mcode-genomic-variant``, or a 48018-6 component)             (48018-6); result = p.HGVS
                                                               (48005-3), c.HGVS (48004-6), VAF
                                                               (81258-6), else value
serum tumour markers CEA 2039-6, CA-125 10334-1, PSA 2857-1,   labs
CA 19-9 24108-3
other tumour markers (HER2 48676-1/85319-2, ER 16112-5/        biomarkers (method from
85337-4, PR 16113-3/85339-0, profile                           Observation.method words, IHC for
``mcode-tumor-marker-test``)                                   the "by immune stain" codes, else
                                                               ``other``)
Observation with category ``laboratory``                       labs (name = code text, value,
                                                               unit, referenceRange)
Observation.performer Organization, specimen, derivedFrom      biomarker laboratory, specimen,
DocumentReference                                              source (the attachment id)
MedicationStatement / MedicationRequest, cancer-related        prior_treatments: one regimen per
(profile ``mcode-cancer-related-medication-*``, a              start day (or groupIdentifier /
reasonReference to the primary cancer, or an ICD-10 C          basedOn); its cycles (records
reasonCode)                                                    without an end, <= 42 days apart)
                                                               one line; the same drug at
                                                               another time another line
                                                               (numbered by date; the report
                                                               says how each was formed);
                                                               regimen, agents, started_on
                                                               (effective[x], boundsPeriod,
                                                               validityPeriod, authoredOn),
                                                               ended_on, reason_stopped
                                                               (statusReason, ``mcode-
                                                               [treatment-]termination-reason``),
                                                               intent (``mcode-treatment-intent``
                                                               STU1, ``mcode-procedure-intent``
                                                               STU2+; never the setting)
other active MedicationStatement / MedicationRequest           current_medications
Practitioner (the PractitionerRole's, else the primary         physician: name, degrees
cancer's asserter/recorder or its Encounter's participant,     (name.suffix), licence
else the first)                                                (qualification identifier and
                                                               issuer), address, email, phone,
                                                               fax; the role's specialty and code
                                                               (job_title)
Organization, in this order: the serviceProvider of the        institution.name, address
primary cancer's (or a cancer medication's) Encounter, the
PractitionerRole's, the Condition asserter's/recorder's
PractitionerRole's, Patient.managingOrganization; never a
report's or Observation's performer (a laboratory)
AllergyIntolerance (not refuted or resolved); SNOMED           patient.allergies (``[]`` for no
716186003 "no known allergy"                                   known allergy)
DocumentReference: type or category 11526-1/60568-3            attachments: kind
pathology, 51969-4 genetic, 18748-4 imaging, 11502-2 lab,      pathology_report,
18842-5 discharge, 59284-0 consent, 57833-6 prescription       biomarker_report, imaging_report,
                                                               lab_report, discharge_summary,
                                                               consent_form, prescription (else
                                                               ``other``, with a warning); id,
                                                               title, dated, language
=============================================================  ==================================

Documents: ``content.attachment.url`` is a file path relative to the bundle's folder (the
current folder when the bundle is given as data) or a ``file:`` URL; web URLs are not
fetched. Inline ``data`` (PDF, JPEG, PNG, TIFF, DOCX) is written to
``<base_dir>/uploads/<DocumentReference id>.<ext>``, named by the resource id, never by the
title or the patient's name.

Not imported (a warning says so): identifiers (MRN, NPI), best response to a line (mCODE has
no element for it), a partial birth date, gender ``other``, Procedures, Encounters,
DiagnosticReports and any other resource type, and codes not in the table.

Dates of history (diagnosis, a line's start and end) given to the month only (``2025-01``)
are kept as that month (the case's month-only date, printed ``01/2025``), never as the 1st;
a year alone is not imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import FhirError
from ._out import Missing, Skipped, Source
from ._result import FhirImport

if TYPE_CHECKING:
    from fhir.resources.R4B.bundle import Bundle

__all__ = ["FhirError", "FhirImport", "Missing", "Skipped", "Source", "from_fhir"]


def from_fhir(bundle: str | Path | dict[str, Any] | Bundle, *, base: str | Path | dict[str, Any]
              | None = None, route: str | None = None, options: dict[str, str] | None = None,
              base_dir: str | Path | None = None, strict: bool = False) -> FhirImport:
    """Turn a FHIR R4 (mCODE) bundle into a case, with a report of where each value came from.

    :param bundle: a path to a ``.json`` Bundle or to a folder of single-resource ``.json``
        files, the Bundle as a dict, or a ``fhir.resources.R4B`` :class:`Bundle`. It must
        hold exactly one Patient.
    :param base: case data FHIR does not carry (``case_id``, ``prepared_on``, ``request``,
        ``product``, ``treatment_plan``, the LOA and CV...), as a dict or a YAML/JSON file.
        **The base wins**: where both give a field, the base's value is used (it is what a
        person wrote on purpose, often to correct the record), and a warning names the
        resource it replaced. Mappings merge key by key; a list in the base replaces the
        bundle's, except ``attachments`` (matched by ``id``) and ``prior_treatments``
        (matched by ``line``), merged item by item, so the base can add the LOA or a line's
        ``setting`` and ``best_response`` without restating the rest. Attachment paths in a
        base file are relative to its folder (to the current folder for a dict).
    :param route: a route id: with it, and once the case validates, the route ledger's
        blocking gaps are added to ``missing``.
    :param options: route options, as for :func:`accesspack.validate`.
    :param base_dir: the folder the case file will be written to (default: the current
        folder). Attachment paths in ``data`` are relative to it, and inline documents are
        written to its ``uploads/`` folder (only once the whole bundle has been read,
        readable by their owner only).
    :param strict: refuse the whole bundle when any element is invalid (default: skip each
        invalid resource, listed in :attr:`FhirImport.skipped`, and import the rest).
    :raises FhirError: the bundle cannot be read, is not JSON or not a Bundle (or is a
        history Bundle), the Patient or the primary cancer Condition is invalid (with
        ``strict``, any resource), or it has no valid Patient or more than one.
    :raises CaseFileError: the base file cannot be read.
    :raises RouteError: ``route`` is unknown, or ``options`` are not the route's (before
        anything is written).
    """
    from ._import import import_bundle  # imported late: the FHIR models load in ~0.2 s

    return import_bundle(bundle, base=base, route=route, options=options, base_dir=base_dir,
                         strict=strict)
