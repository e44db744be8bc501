"""(Re)generate the Indian (CDSCO) Word templates in ``templates/cdsco/``.

Routes: ``cdsco/hospital-import`` (NDCT Rules 2019: import of a new drug approved in its
country of origin by a Government hospital or statutory medical institution, applied for by the
Medical Officer through the Medical Superintendent) and ``cdsco/personal-import`` (Drugs
Rules 1945, rule 36: Form 12A with a registered medical practitioner's prescription, for a
permit in Form 12B; the rule sets no condition of approval abroad).

Approvals: only standing ones (``status: approved``) count as "approved in"; a withdrawn one
is named as withdrawn, with its date.

Like ``make_fda_templates.py`` (whose builder this script imports), the generated ``.docx``
files are the first version of templates a regulatory-affairs person then edits in Word:
running the script again OVERWRITES them.

    python scripts/make_cdsco_templates.py            # write all templates
    python scripts/make_cdsco_templates.py --out DIR  # write them elsewhere

Indian English; dates DD/MM/YYYY (the route's date format); A4, margins 2 cm, Times New Roman
12 pt (10 pt in tables); no headers, footers or page numbers (the collator stamps the packet).
The hospital-import form number is never written here: templates print ``form.form`` from
``hospital-import-form.yaml``, where it is written once, and the application says at its foot
that the number is not confirmed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import make_fda_templates as base
from a4_templates import A4Doc, widths

OUT_DIR = base.ROOT / "templates" / "cdsco"


class Doc(A4Doc):
    """An A4 template with 2 cm margins."""

    def kv2(self, rows: Sequence[base.Row], header: tuple[str, str] = ("Particulars", "Details")
            ) -> None:
        self.table(header, widths(1, 2), rows, bold_first=True)

    def institution_head(self) -> None:
        self.p("{{ case.institution.name }}", bold=True, size=14, after=0, align="center")
        self.ctl("{%p if case.institution.address %}")
        self.p(INST_ADDR, size=11, after=0, align="center")
        self.ctl("{%p endif %}")
        self.p("", after=12, rule=True)


    def sign_block(self, who: Sequence[str]) -> None:
        self.keep_last()
        self.p("", after=24, keep=True)
        self.p("Signature: ______________________________     Date: {{ prepared_on }}",
               after=2, keep=True)
        for line in who[:-1]:
            if line == LICENCE:  # absent: a ledger gap, no line
                self.ctl("{%p if case.physician.licence %}")
            self.p(line, after=0, keep=True)
            if line == LICENCE:
                self.ctl("{%p endif %}")
        self.p(who[-1], after=12)


# --------------------------------------------------------------------------------------
# Jinja snippets (presentation only)
# --------------------------------------------------------------------------------------
PHYS = base.PHYS
DRUG = base.DRUG
# mid-sentence: an ordinary capitalised first word lowercased (acronyms kept)
INDICATION = "{{ (case.request.indication or case.diagnosis.primary_cancer)|inline|clause }}"
SET_ITEMS = base.SET_ITEMS
# no "{", "}" or "%" inside a {%p %} tag: dict(), not {...}
SET_COUNTRIES = (
    "{%p set cn = dict(IN='India', US='United States of America', GB='United Kingdom', "
    "EU='European Union', JP='Japan', CN='China', HK='Hong Kong SAR, China', "
    "MO='Macao SAR, China', TW='Taiwan, China', CH='Switzerland', CA='Canada', "
    "AU='Australia', NZ='New Zealand', DE='Germany', FR='France', IT='Italy', ES='Spain', "
    "NL='Netherlands', BE='Belgium', AT='Austria', SG='Singapore', KR='Republic of Korea', "
    "IE='Ireland', SE='Sweden', DK='Denmark', NO='Norway', FI='Finland', IL='Israel', "
    "BR='Brazil') %}"
)
# approvals that stand, and those withdrawn (each template sets both after SET_COUNTRIES)
SET_APPROVALS = (
    "{%p set ok = case.product.approvals|selectattr('status', 'equalto', 'approved')|list %}"
)
SET_WITHDRAWN = (
    "{%p set gone = case.product.approvals|selectattr('status', 'equalto', 'withdrawn')|list %}"
)
# "approved in the United States of America": the article some names take after "in"
SET_THE = "{%p set the = dict(US='the ', GB='the ', EU='the ', NL='the ', KR='the ') %}"


def place(var: str) -> str:
    """A jurisdiction after "in": its name, with the article it takes."""
    return ("{{ the.get(" + var + ".jurisdiction, '') }}{{ cn.get(" + var + ".jurisdiction, "
            + var + ".jurisdiction) }}")

SET_WORDS = (
    "{%p set w = dict(government='Government hospital', statutory='Statutory medical "
    "institution', private='Private institution', other='Other', "
    "phase_1='phase 1 clinical trials', "
    "phase_2='phase 2 clinical trials', phase_3='phase 3 clinical trials', "
    "submitted='clinical trials, with a marketing application submitted') %}"
)
SET_MS = "{%p set ms = case.institution.management %}"
SET_WS = (
    "{%p set ws = dict(government='Government hospital', statutory='statutory medical "
    "institution', private='private institution', other='institution') %}"
)
SET_PT = "{%p set pt = case.patient %}"


def if_row(cond: str, row: base.Row) -> list[base.Row]:
    """A table row printed only when ``cond`` holds (an absent optional value: no row)."""
    return ["{%tr if " + cond + " %}", row, "{%tr endif %}"]


def addr(var: str) -> str:
    """One line for an Address variable ``var`` (country name for foreign addresses)."""
    return (
        "{{ " + var + ".line1 }}{% if " + var + ".line2 %}, {{ " + var + ".line2 }}{% endif %}, "
        "{{ " + var + ".city }}{% if " + var + ".region %}, {{ " + var + ".region }}{% endif %}"
        "{% if " + var + ".postal_code %}{% if " + var + ".country and " + var + ".country != "
        "'IN' %} {% else %} – {% endif %}{{ " + var + ".postal_code }}{% endif %}"
        "{% if " + var + ".country and " + var + ".country != 'IN' %}, {{ cn.get(" + var
        + ".country, " + var + ".country) }}{% endif %}"
    )


INST_ADDR = addr("case.institution.address")
PT_ADDR = "{% if pt.address %}" + addr("pt.address") + "{% endif %}"
# the registration number (a ledger gap where the route needs it: no filler)
LICENCE = (
    "{% if case.physician.licence %}Registration No. {{ case.physician.licence.number }} "
    "({{ case.physician.licence.jurisdiction }}){% endif %}"
)
MO = PHYS + "{% if case.physician.job_title %}, {{ case.physician.job_title }}{% endif %}"
MS_NAME = "{% if ms %}{{ ms.contact_name or ms.name }}{% endif %}"
PRODUCT = (
    DRUG + "{% if case.product.dosage_form %}, {{ case.product.dosage_form|inline }}{% endif %}"
    "{% if case.product.strength %}, {{ case.product.strength }}{% endif %}"
)
APPROVALS = (
    "{% for a in ok %}" + place("a") +
    "{% if a.brand_name %} (as {{ a.brand_name }}){% endif %}"
    "{% if a.approved_on %} on {{ a.approved_on }}{% endif %}"
    "{% if a.indication %} for {{ a.indication|inline|clause }}{% endif %}"
    "{% if not loop.last %}; {% endif %}{% endfor %}"
)
# a sentence after an "approved in" one: the withdrawn authorisations, if any
WITHDRAWN_ONLY = (
    "{% for a in gone %}The authorisation in "
    + place("a") + "{% if a.brand_name %} (as {{ a.brand_name }})"
    "{% endif %} was withdrawn{% if a.withdrawn_on %} on {{ a.withdrawn_on }}{% endif %}."
    "{% if not loop.last %} {% endif %}{% endfor %}"
)
WITHDRAWN = "{% if gone %} {% endif %}" + WITHDRAWN_ONLY
ORIGIN = (
    "{% if ok %}" + place("ok[0]") + "{% else %}its country of origin{% endif %}"
)
# India and elsewhere, for a prescription: approved abroad, or approved nowhere
APPROVAL_STATUS = (
    "{% if ok %}It is not approved in India; it is approved in " + APPROVALS + ".{% else %}"
    "It is {% if case.product.development_phase and case.product.development_phase != "
    "'approved' %}an investigational drug in {{ w[case.product.development_phase] }}"
    "{% if case.product.trials %} ({{ case.product.trials|join(', ') }}){% endif %}, "
    "{% endif %}not approved in India, and no approval in another country is recorded."
    "{% endif %}" + WITHDRAWN
)
MAKER = (
    "{{ case.product.manufacturer.name }}{% if case.product.manufacturer.address %}, "
    + addr("case.product.manufacturer.address") + "{% endif %}"
)
def org_sentence(var: str) -> str:
    """An organisation and its address closing a sentence: one full stop, even after a
    name ending with its own (``Inc.``)."""
    return (
        "{% if " + var + ".address %}{{ " + var + ".name }}, " + addr(var + ".address")
        + ".{% else %}{{ " + var + ".name|sentence }}{% endif %}"
    )


# who ships the drug (the supplier, else the manufacturer), closing a sentence
SUPPLY_SENTENCE = (
    "{% if case.product.supplier %}" + org_sentence("case.product.supplier") + "{% else %}"
    + org_sentence("case.product.manufacturer") + "{% endif %}"
)
QUANTITY = "{{ case.treatment_plan.quantity_requested or '' }}"
# "168 tablets of 80 mg of zoferatinib", or "zoferatinib" while the quantity is a ledger gap
QTY_OF = (
    "{% if case.treatment_plan.quantity_requested %}{{ case.treatment_plan.quantity_requested }}"
    " of {% endif %}"
)
AGE_SEX = (
    "{% if pt.age is not none %}{{ pt.age }} years, {% endif %}{{ pt.sex|label('sex') }}"
)
STAGE = (
    "{% if case.diagnosis.stage %}{% if case.diagnosis.stage.overall %}Stage "
    "{{ case.diagnosis.stage.overall }}{% endif %}"
    "{% if case.diagnosis.stage.t or case.diagnosis.stage.n or case.diagnosis.stage.m %} ("
    + base.TNM
    + "{% if case.diagnosis.stage.ajcc_edition %}, AJCC {{ case.diagnosis.stage.ajcc_edition }}th"
    " edition{% endif %}){% endif %}{% endif %}"
)
DIAGNOSIS = (
    "{{ case.diagnosis.primary_cancer|clause }} (ICD-10 {{ case.diagnosis.icd10 }})"
    "{% if case.diagnosis.stage and case.diagnosis.stage.overall %}, stage "
    "{{ case.diagnosis.stage.overall }}{% endif %}"
)
UNCONFIRMED_FORM = (
    "Note: the form number {{ form.form }} is not confirmed against the New Drugs and Clinical "
    "Trials Rules, 2019: it is a best reconstruction, as is Form CT-25, the form in which the "
    "licence is believed to be issued; verify both form numbers and the layout on "
    "cdsco.gov.in before filing."
)
# The headquarters address as CDSCO's own portal states it (cdscoonline.gov.in, home page;
# cited in hospital-import.yaml's facts as cdsco-hq-address).
CLA_ADDRESS = [
    "To",
    "The Drugs Controller General (India)",
    "Central Licensing Authority",
    "Central Drugs Standard Control Organisation",
    "FDA Bhawan, Kotla Road, New Delhi – 110002",
]


# --------------------------------------------------------------------------------------
# cdsco/hospital-import
# --------------------------------------------------------------------------------------
def hospital_covering_letter() -> Doc:
    doc = Doc("Covering letter from the Medical Superintendent")
    doc.ctl(SET_WS)
    doc.ctl(SET_COUNTRIES)
    doc.ctl(SET_APPROVALS)
    doc.ctl(SET_WITHDRAWN)
    doc.ctl(SET_THE)
    doc.ctl(SET_WORDS)
    doc.ctl(SET_MS)
    doc.institution_head()
    doc.p("Office of the Medical Superintendent", bold=True, after=0)
    doc.p("Ref. No.: ____________________", after=0)
    doc.p("Date: {{ prepared_on }}", after=12, align="right")
    for line in CLA_ADDRESS:
        doc.p(line, after=0)
    doc.p("", after=6)
    doc.p(
        "Subject: Forwarding of an application for a licence to import a new drug, " + DRUG
        + ", for the treatment of a patient of this hospital under the New Drugs and Clinical "
        "Trials Rules, 2019 — {{ form.form }} (form number not confirmed).",
        bold=True, after=12,
    )
    doc.p("Sir/Madam,", after=6)
    doc.p(
        "I forward herewith the application of " + MO + ", Medical Officer of this hospital, "
        "for a licence to import " + PRODUCT + ", a new drug not approved "
        "in India but approved in " + ORIGIN + ", for the treatment of one patient of this "
        "hospital suffering from " + INDICATION + ".{% if case.treatment_plan.quantity_requested "
        "%} The quantity required is {{ case.treatment_plan.quantity_requested|sentence }}"
        "{% endif %}",
        align="justify",
    )
    doc.p(
        "{{ case.institution.name }} is a {{ ws.get(case.institution.ownership, "
        "'Government hospital or statutory medical institution') }}. The hospital recommends "
        "{% if case.treatment_plan.quantity_requested %}this quantity, which covers"
        "{% else %}the quantity needed for{% endif %} "
        "the course of treatment prescribed by the Medical Officer. The drug will be used only for "
        "the patient named in the application, under the conditions set out in the enclosed "
        "undertaking.",
        align="justify",
    )
    doc.p("The following documents are enclosed:", after=2)
    for item in (
        "Application form, signed by the Medical Officer",
        "Prescription and recommendation of the Medical Officer, with the quantity required",
        "Patient's details and diagnosis",
        "Justification for the import",
        "Proof of approval of the drug in its country of origin",
        "Letter of the manufacturer or supplier",
        "Undertaking by the institution",
    ):
        doc.numbered(item)
    doc.ctl("{%p if attachments.irb_approval or attachments.consent_form %}")
    doc.numbered("Ethics committee approval and patient's consent, as required by the institution")
    doc.ctl("{%p endif %}")
    doc.p("It is requested that the licence may kindly be granted at the earliest.",
          before=6, align="justify", keep=True)
    doc.p("Yours faithfully,", before=6, after=30, keep=True)
    doc.p("______________________________________", after=0, keep=True)
    doc.ctl("{%p if ms %}")
    doc.p(MS_NAME, after=0, keep=True)
    doc.ctl("{%p endif %}")
    doc.p("Medical Superintendent", after=0, keep=True)
    doc.p("{{ case.institution.name }}", after=0, keep=True)
    doc.ctl("{%p if ms and (ms.phone or ms.email) %}")
    doc.p("{{ [ms.phone or '', ms.email or '']|select|join('   |   ') }}", size=11, after=0)
    doc.ctl("{%p endif %}")
    doc.p("(Seal)", after=0)
    return doc


def hospital_application() -> Doc:
    doc = Doc("Application form")
    doc.ctl(SET_COUNTRIES)
    doc.ctl(SET_APPROVALS)
    doc.ctl(SET_WITHDRAWN)
    doc.ctl(SET_THE)
    doc.ctl(SET_WORDS)
    doc.ctl(SET_MS)
    doc.ctl(SET_PT)
    doc.ctl(SET_ITEMS)
    doc.p("{{ form.form }}", bold=True, size=14, align="center", after=0)
    doc.p("(form number not confirmed — see the note at the foot of this form)", italic=True,
          size=10, align="center", after=6)
    doc.p("{{ form.title }}", bold=True, align="center", after=2)
    doc.p("{{ form.label }}", size=10, align="center", after=12)
    for line in CLA_ADDRESS[:3]:
        doc.p(line, after=0)
    doc.p("", after=6)
    doc.p(
        "I, the undersigned Medical Officer, apply through the Medical Superintendent of the "
        "institution named below for a licence to import the new drug specified below for the "
        "treatment of the patient named below.",
        align="justify",
    )

    def row(key: str, entry: base.Cell) -> list[base.Cell]:
        return [
            "{{ items." + key + ".number }}{{ items." + key + ".mark }}",
            "{{ items." + key + ".label }}",
            entry,
        ]

    doc.table(
        ["No.", "Particulars", "Details"],
        widths(0.5, 2.2, 3.8),
        [
            row("applicant", [
                MO,
                "{%p if case.physician.licence %}", LICENCE, "{%p endif %}",
                "{%p if case.physician.specialty and case.physician.specialty not in "
                "(case.physician.job_title or '') %}",
                "{{ case.physician.specialty }}",
                "{%p endif %}",
            ]),
            row("institution", [
                "{{ case.institution.name }}",
                "{%p if case.institution.address %}", INST_ADDR, "{%p endif %}",
                "{%p if case.institution.ownership %}",
                "Status: {{ w[case.institution.ownership] }}",
                "{%p endif %}",
            ]),
            row("superintendent", [
                MS_NAME + "{% if ms and ms.contact_name %}, "
                "{{ ms.contact_title or ms.name }}{% endif %}",
                "{%p if ms and (ms.phone or ms.email) %}",
                "{{ [ms.phone or '', ms.email or '']|select|join('   |   ') }}",
                "{%p endif %}",
            ]),
            row("drug", PRODUCT),
            row("origin", ["Not approved in India.",
                           "{%p if ok %}",
                           "Approved in " + APPROVALS + ".",
                           "{%p endif %}",
                           "{%p if gone %}",
                           WITHDRAWN_ONLY,
                           "{%p endif %}"]),
            row("manufacturer", [
                "Manufacturer: " + MAKER,
                "{%p if case.product.supplier %}",
                "Supplier: {{ case.product.supplier.name }}",
                "{%p endif %}",
            ]),
            row("patient", [
                "{%p if pt.full_name %}", "Name: {{ pt.full_name }}", "{%p endif %}",
                "Age and sex: " + AGE_SEX,
                "{%p if pt.address %}", "Address: " + PT_ADDR, "{%p endif %}",
                "Diagnosis: " + DIAGNOSIS,
            ]),
            row("category", [
                "[ ] Life-threatening disease",
                "[ ] Disease causing serious permanent disability",
                "[ ] Unmet medical need",
                "(to be ticked by the Medical Officer)",
            ]),
            row("quantity", [QUANTITY, "{%p if case.treatment_plan.quantity_requested %}",
                             "Duration of treatment: {{ case.treatment_plan.planned_duration }}",
                             "{%p endif %}"]),
            row("undertaking", "The undertaking of the institution is enclosed with this "
                               "application (use only for the named patient; records of the "
                               "quantity imported and used; inspection allowed)."),
        ],
    )
    doc.p("", after=4)
    doc.p(
        "I certify that the particulars given above are true to the best of my knowledge and "
        "that the drug will be used only for the treatment of the patient named above.",
        align="justify",
    )
    doc.sign_block(["Medical Officer: " + MO, LICENCE, "{{ case.institution.name }}"])
    doc.p("Forwarded by:", bold=True, before=6, after=18, keep=True)
    doc.p("Signature: ______________________________     Date: ______________", after=2,
          keep=True)
    doc.p("Medical Superintendent{% if ms %}: " + MS_NAME + "{% endif %}", after=0, keep=True)
    # the form's notes stay with its last signature: never a page of notes alone
    doc.p("{{ case.institution.name }} (Seal)", after=12, keep=True)
    doc.p(
        "† Items marked † follow the conditions of the rule as reported (confirmed only for "
        "the identical Medical Devices Rules provision); their numbering is not the official "
        "form's. Compare with the official form before signing.",
        style="Small Text", rule=False, after=4, keep=True,
    )
    doc.p(UNCONFIRMED_FORM, style="Small Text", bold=True)
    return doc


def hospital_prescription() -> Doc:
    doc = Doc("Medical Officer's prescription and recommendation")
    doc.ctl(SET_COUNTRIES)
    doc.ctl(SET_APPROVALS)
    doc.ctl(SET_WITHDRAWN)
    doc.ctl(SET_THE)
    doc.ctl(SET_WORDS)
    doc.ctl(SET_PT)
    doc.institution_head()
    doc.p("Prescription and recommendation of the Medical Officer", bold=True, size=13,
          align="center", after=10)
    doc.p("Date: {{ prepared_on }}", align="right", after=6)
    doc.kv2([
        *if_row("pt.full_name", ["Patient", "{{ pt.full_name }}"]),
        ["Age and sex", AGE_SEX],
        ["Diagnosis", DIAGNOSIS],
    ])
    doc.p("Rx", bold=True, size=16, before=10, after=4)
    doc.kv2([
        ["Drug", PRODUCT],
        ["Dose", "{{ case.treatment_plan.dose }}"],
        ["Route", "{{ case.treatment_plan.route }}"],
        ["Schedule", "{{ case.treatment_plan.schedule }}"],
        ["Duration", "{{ case.treatment_plan.planned_duration }}"],
        "{%tr if case.treatment_plan.quantity_requested %}",
        ["Quantity required", QUANTITY],
        "{%tr endif %}",
    ], header=("Prescription", "Details"))
    doc.p("Recommendation", bold=True, before=10, after=4, keep=True)
    doc.p(
        "I recommend that " + QTY_OF + DRUG + " be imported for the treatment of this patient."
        "{% if case.treatment_plan.quantity_requested %} This quantity covers the prescribed "
        "course of treatment: {{ case.treatment_plan.planned_duration|inline|sentence }}"
        "{% endif %} The drug is not approved in India{% if ok %}; it is approved in "
        + APPROVALS + "{% endif %}." + WITHDRAWN,
        align="justify",
    )
    doc.sign_block(["Medical Officer: " + MO, LICENCE, "{{ case.institution.name }}"])
    return doc


def hospital_patient() -> Doc:
    doc = Doc("Patient's details and diagnosis")
    doc.ctl(SET_COUNTRIES)
    doc.ctl(SET_WORDS)
    doc.ctl(SET_PT)
    doc.h1("Patient's details and diagnosis")
    doc.h2("Patient")
    doc.kv2([
        *if_row("pt.full_name", ["Name", "{{ pt.full_name }}"]),
        ["Age and sex", AGE_SEX],
        *if_row("pt.address", ["Address", PT_ADDR]),
        *if_row("pt.weight_kg", ["Weight", "{{ pt.weight_kg }} kg"]),
        *if_row("pt.allergies is not none", [
            "Known allergies",
            "{% if pt.allergies %}{{ pt.allergies|join('; ') }}{% else %}None known{% endif %}"]),
    ])
    doc.h2("Diagnosis")
    doc.kv2([
        ["Primary cancer", "{{ case.diagnosis.primary_cancer }} (ICD-10 "
                           "{{ case.diagnosis.icd10 }})"],
        *if_row("case.diagnosis.histology", ["Histology", "{{ case.diagnosis.histology }}"]),
        *if_row("case.diagnosis.stage", ["Stage", STAGE]),
        ["Date of diagnosis", "{{ case.diagnosis.diagnosed_on }}"],
        *if_row("case.diagnosis.metastatic_sites",
                ["Metastatic sites", "{{ case.diagnosis.metastatic_sites|join('; ') }}"]),
        *if_row("case.diagnosis.disease_status",
                ["Current disease status", "{{ case.diagnosis.disease_status }}"]),
        *if_row("case.diagnosis.performance_status", ["Performance status", base.PERFORMANCE]),
        *if_row("case.comorbidities",
                ["Comorbidities", "{{ case.comorbidities|join('; ') }}"]),
    ])
    doc.ctl("{%p if case.biomarkers %}")
    doc.h2("Biomarkers")
    doc.table(
        ["Marker", "Result", "Method", "Reported on"],
        widths(1, 2.6, 0.9, 1.2),
        [
            "{%tr for b in case.biomarkers %}",
            ["{{ b.marker }}", "{{ b.result }}", "{{ b.method }}", "{{ b.reported_on }}"],
            "{%tr endfor %}",
        ],
    )
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.prior_treatments %}")
    doc.h2("Previous treatment")
    doc.table(
        ["Line", "Regimen", "From – to", "Best response", "Reason stopped"],
        widths(0.5, 2.2, 1.7, 1.1, 1.3),
        [
            "{%tr for t in case.prior_treatments %}",
            ["{{ t.line }}", "{{ t.regimen }}{% if t.setting %} "
             "({{ t.setting|label('setting') }}){% endif %}",
             "{{ t.started_on }} – {{ t.ended_on or 'ongoing' }}",
             "{{ t.best_response|label('response')|capitalize if t.best_response else '—' }}",
             "{{ t.reason_stopped or '—' }}"],
            "{%tr endfor %}",
        ],
    )
    doc.ctl("{%p endif %}")
    return doc


def hospital_justification() -> Doc:
    doc = Doc("Justification")
    doc.ctl(SET_COUNTRIES)
    doc.ctl(SET_APPROVALS)
    doc.ctl(SET_WITHDRAWN)
    doc.ctl(SET_THE)
    doc.h1("Justification for the import of " + DRUG)
    # after a label the text opens with a capital, as "Diagnosis: Adenocarcinoma …" does
    doc.p("{% set ind = (case.request.indication or case.diagnosis.primary_cancer)|clause %}"
          "Indication: {{ ind[:1]|upper }}{{ ind[1:] }}", after=8)
    doc.h2("No satisfactory therapy available in India")
    doc.p("{{ case.request.justification.no_satisfactory_alternative }}", align="justify")
    doc.ctl("{%p if case.request.justification.trials_screened %}")
    doc.h2("Clinical trials considered")
    doc.ctl("{%p for t in case.request.justification.trials_screened %}")
    doc.bullet("{{ t.nct }}{% if t.title %} ({{ t.title }}){% endif %}: "
               "{{ t.reason_not_eligible }}")
    doc.ctl("{%p endfor %}")
    doc.ctl("{%p endif %}")
    doc.h2("Expected benefit and risk")
    doc.p("{{ case.request.justification.benefit_risk }}", align="justify")
    doc.h2("Approval in the country of origin")
    doc.p("The drug is not approved in India.{% if ok %} It is approved in " + APPROVALS
          + ".{% endif %}" + WITHDRAWN, align="justify")
    doc.h2("Proposed treatment")
    doc.kv2([
        ["Dose and route", "{{ case.treatment_plan.dose|clause }}; "
                           "{{ case.treatment_plan.route|inline }}"],
        ["Schedule", "{{ case.treatment_plan.schedule }}"],
        ["Duration", "{{ case.treatment_plan.planned_duration }}"],
        ["Monitoring", "{{ case.treatment_plan.monitoring }}"],
        ["Dose modification for toxicity", "{{ case.treatment_plan.dose_modifications }}"],
        *if_row("case.treatment_plan.stopping_rules",
                ["Stopping rules", "{{ case.treatment_plan.stopping_rules }}"]),
    ])
    doc.sign_block(["Medical Officer: " + MO, LICENCE, "{{ case.institution.name }}"])
    return doc


def hospital_undertaking() -> Doc:
    doc = Doc("Undertaking by the institution")
    doc.ctl(SET_COUNTRIES)
    doc.ctl(SET_WORDS)
    doc.ctl(SET_MS)
    doc.ctl(SET_PT)
    doc.institution_head()
    doc.p("UNDERTAKING", bold=True, size=14, align="center", after=10)
    doc.p(
        "We, {{ case.institution.name }}, through the Medical Superintendent and the Medical "
        "Officer signing below, in respect of the licence applied for to import " + PRODUCT
        + "{% if case.treatment_plan.quantity_requested %} (quantity: "
        "{{ case.treatment_plan.quantity_requested|clause }}){% endif %}, undertake that:",
        align="justify",
    )
    doc.numbered(
        "the drug shall be used only for the treatment of {% if pt.full_name %}"
        "{{ pt.full_name }}{% if pt.address %}, " + PT_ADDR + "{% endif %}{% else %}one "
        "patient{% endif %} (diagnosis: "
        "{{ case.diagnosis.primary_cancer|inline|clause }}, ICD-10 {{ case.diagnosis.icd10 }}"
        "{% if case.diagnosis.stage and case.diagnosis.stage.overall %}, stage "
        "{{ case.diagnosis.stage.overall }}{% endif %}), under the supervision of the Medical "
        "Officer;"
    )
    doc.numbered(
        "a record shall be kept of the drug's manufacturer (" + "{{ case.product.manufacturer"
        ".name }}" + "), the quantity imported, the date of import, the quantity used, and the "
        "name, address and diagnosis of the patient;"
    )
    doc.numbered(
        "the premises and the records shall be open to inspection by officers authorised by "
        "the Central Licensing Authority."
    )
    doc.keep_last()
    doc.p("", after=18, keep=True)
    doc.table(
        ["Medical Superintendent", "Medical Officer"],
        widths(1, 1),
        [[
            ["Signature: ____________________", "{%p if ms %}", MS_NAME, "{%p endif %}",
             "Date: {{ prepared_on }}", "(Seal)"],
            ["Signature: ____________________", MO,
             "{%p if case.physician.licence %}", LICENCE, "{%p endif %}",
             "Date: {{ prepared_on }}"],
        ]],
    )
    return doc


# --------------------------------------------------------------------------------------
# cdsco/personal-import
# --------------------------------------------------------------------------------------
def personal_form_12a() -> Doc:
    doc = Doc("Form 12A")
    doc.ctl(SET_COUNTRIES)
    doc.ctl(SET_PT)
    doc.p("FORM 12A", bold=True, size=14, align="center", after=0)
    doc.p("(See rule 36 of the Drugs Rules, 1945)", align="center", size=11, after=6)
    doc.p("{{ form.title }}", bold=True, align="center", after=14)
    doc.p(
        "I, {{ pt.full_name or '____________________' }}, resident of "
        "{% if pt.address %}" + addr("pt.address") + "{% else %}____________________"
        "{% endif %}, by occupation ______________________, hereby apply for a permit to "
        "import the drugs specified below for personal use from " + SUPPLY_SENTENCE,
        align="justify", after=8,
    )
    doc.p(
        "I attach a prescription from a registered medical practitioner in regard to the need "
        "for the said drugs.",
        align="justify", after=10,
    )
    doc.table(
        ["Name of drugs", "Quantities"],
        widths(1.3, 1),
        [[PRODUCT, "{{ case.treatment_plan.quantity_requested or '______________' }}"]],
    )
    doc.p("", after=18, keep=True)
    doc.p("Date: {{ prepared_on }}", after=24, keep=True)
    doc.p("Signature: ______________________________", after=2, keep=True)
    doc.p("{{ pt.full_name or '' }}", after=0)
    return doc


def personal_prescription() -> Doc:
    doc = Doc("Prescription of the registered medical practitioner")
    doc.ctl(SET_COUNTRIES)
    doc.ctl(SET_APPROVALS)
    doc.ctl(SET_WITHDRAWN)
    doc.ctl(SET_THE)
    doc.ctl(SET_WORDS)
    doc.ctl(SET_PT)
    doc.p(MO, bold=True, size=13, after=0)
    doc.ctl("{%p if case.physician.licence %}")
    doc.p(LICENCE, after=0)
    doc.ctl("{%p endif %}")
    doc.p("{{ case.institution.name }}", after=0)
    doc.ctl("{%p if case.institution.address %}")
    doc.p(INST_ADDR, size=11, after=0)
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.physician.phone or case.physician.email %}")
    doc.p(
        "{{ [case.physician.phone or '', case.physician.email or '']|select|join('   |   ') }}",
        size=11, after=0,
    )
    doc.ctl("{%p endif %}")
    doc.p("", after=12, rule=True)
    doc.p("Date: {{ prepared_on }}", align="right", after=6)
    doc.kv2([
        *if_row("pt.full_name", ["Patient", "{{ pt.full_name }}"]),
        ["Age and sex", AGE_SEX],
        ["Diagnosis", DIAGNOSIS],
    ])
    doc.p("Rx", bold=True, size=16, before=10, after=4)
    doc.kv2([
        ["Drug", PRODUCT],
        ["Dose", "{{ case.treatment_plan.dose }}"],
        ["Route", "{{ case.treatment_plan.route }}"],
        ["Schedule", "{{ case.treatment_plan.schedule }}"],
        ["Duration of treatment", "{{ case.treatment_plan.planned_duration }}"],
        "{%tr if case.treatment_plan.quantity_requested %}",
        ["Quantity required", QUANTITY],
        "{%tr endif %}",
    ], header=("Prescription", "Details"))
    doc.p(
        "The drug is required for the treatment of the patient's " + INDICATION + ". "
        + APPROVAL_STATUS + "{% if case.treatment_plan.quantity_requested %} The quantity "
        "above is the quantity needed for the prescribed duration of treatment, for the "
        "patient's personal use.{% endif %}",
        align="justify", before=8,
    )
    doc.sign_block(["Registered medical practitioner: " + PHYS, LICENCE])
    return doc


TEMPLATES: dict[str, Callable[[], Doc]] = {
    "hospital-import-covering-letter.docx": hospital_covering_letter,
    "hospital-import-application.docx": hospital_application,
    "hospital-import-prescription.docx": hospital_prescription,
    "hospital-import-patient.docx": hospital_patient,
    "hospital-import-justification.docx": hospital_justification,
    "hospital-import-undertaking.docx": hospital_undertaking,
    "personal-import-form-12a.docx": personal_form_12a,
    "personal-import-prescription.docx": personal_prescription,
}


def main(argv: Sequence[str] | None = None) -> int:
    return base.run(TEMPLATES, OUT_DIR, (__doc__ or "").splitlines()[0], argv)


if __name__ == "__main__":
    raise SystemExit(main())
