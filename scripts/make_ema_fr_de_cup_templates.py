"""(Re)generate the French, German and compassionate-use-programme Word templates.

Routes (all in ``templates/ema/``):

- ``ema/fr-aac``: France, autorisation d'accès compassionnel (CSP L.5121-12-1 II): the
  prescriber's request (content of CSP R.5121-74), which the PUI pharmacist sends to ANSM in
  the e-Saturne teleservice: ``fr-aac-*.docx``;
- ``ema/de-heilversuch``: Germany, individueller Heilversuch (no authority filing, AMHV
  §1(2)), internal documentation and the patient's application to the statutory health
  insurer for cost coverage (§ 2 Abs. 1a SGB V): ``de-heilversuch-*.docx``;
- ``ema/cup-enrolment``: enrolment of a named patient in an existing compassionate use
  programme, one letter per language: ``cup-enrolment-letter-{en,fr,de,it,es}.docx``.

Like ``make_fda_templates.py`` (whose builder this script imports), the generated ``.docx``
files are the first version of templates a regulatory-affairs person then edits in Word:
running the script again OVERWRITES them.

    python scripts/make_ema_fr_de_cup_templates.py            # write all templates
    python scripts/make_ema_fr_de_cup_templates.py --out DIR  # write them elsewhere

Every document is written in its language by a template in that language; only the case's
free text is filled in. Booleans are never printed (the renderer would print an English
Yes/No): templates test them. Page: A4, margins 2 cm, Times New Roman 12 pt (10 pt in
tables), no headers, footers or page numbers (the collator stamps the packet).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from itertools import product
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import make_fda_templates as base
from a4_templates import A4Doc, widths
from docx.oxml.ns import qn

OUT_DIR = base.ROOT / "templates" / "ema"

DRUG = base.DRUG
PHYS = base.PHYS
INDICATION = base.INDICATION
IND = "(case.request.indication or case.diagnosis.primary_cancer)"
#: the indication set mid-sentence and closing it: "… Indication : cancer bronchique … ."
INDICATION_END = "{{ " + IND + "|inline|sentence }}"
SET_ADDR = base.SET_ADDR
TNM = base.TNM
CITY = (
    "{% if addr.postal_code %}{{ addr.postal_code }} {% endif %}{{ addr.city }}"
    "{% if addr.region %} ({{ addr.region }}){% endif %}"
)
CITY_OF_CASE = "(case.institution.address or case.physician.address or dict(city='')).city"
SUPPLIER = "{{ (case.product.supplier or case.product.manufacturer).name }}"
CLINICAL_KINDS = (
    "attachments.pathology_report + attachments.biomarker_report + attachments.imaging_report"
    " + attachments.lab_report + attachments.discharge_summary"
)


#: A table row: (label, value), or (label, value, condition) for an optional value whose
#: row is left out when the condition is false (never a filler such as "non renseigné").
KvRow = tuple[str, str] | tuple[str, str, str]


def place_date(with_city: str, without: str, date: str = "{{ prepared_on }}") -> str:
    """The place and date of a letter or a signature (``with_city``: ``{city}, le {date}``),
    or ``without`` (``Le {date}``) when the case records no city."""
    return (
        "{% set city = " + CITY_OF_CASE + " %}{% if city %}"
        + with_city.replace("{city}", "{{ city }}").replace("{date}", date) + "{% else %}"
        + without.replace("{date}", date) + "{% endif %}"
    )


def in_words(months: Sequence[str], fmt: str, first: str | None = None) -> str:
    """The letter's date in words: ``fmt`` with {d}, {m}, {y} ("{d} {m} {y}" -> "20 November
    2026"); ``first`` is how the language writes day 1 (French "1er")."""
    day = "{{ prepared_on.day }}" if first is None else (
        "{{ '" + first + "' if prepared_on.day == 1 else prepared_on.day }}")
    month = "{{ [" + ", ".join(f"'{m}'" for m in months) + "][prepared_on.month - 1] }}"
    return fmt.replace("{d}", day).replace("{m}", month).replace("{y}", "{{ prepared_on.year }}")


#: a letter's date as each language writes it in words (German letters keep 20.11.2026)
DATE_WORDS: dict[str, str] = {
    "en": in_words(("January", "February", "March", "April", "May", "June", "July", "August",
                    "September", "October", "November", "December"), "{d} {m} {y}"),
    "fr": in_words(("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                    "septembre", "octobre", "novembre", "décembre"), "{d} {m} {y}", "1er"),
    "it": in_words(("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio",
                    "agosto", "settembre", "ottobre", "novembre", "dicembre"), "{d} {m} {y}",
                   "1º"),
    "es": in_words(("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                    "septiembre", "octubre", "noviembre", "diciembre"), "{d} de {m} de {y}"),
}


class Doc(A4Doc):
    """An A4 template with 2 cm margins."""

    def kv2(self, rows: Sequence[KvRow], header: tuple[str, str]) -> None:
        """A two-column table; a row with a condition is printed only when it holds."""
        out: list[base.Row] = []
        for row in rows:
            if len(row) == 3:
                out += ["{%tr if " + row[2] + " %}", (row[0], row[1]), "{%tr endif %}"]
            else:
                out.append((row[0], row[1]))
        self.table(header, widths(1, 2), out, bold_first=True)

    def columns(
        self,
        items: str,
        var: str,
        cols: Sequence[tuple[str, float, str, str | None]],
    ) -> None:
        """A table with one row per item of ``items`` (rows ``{%tr for var in items %}``).

        ``cols`` are (header, width, cell, attribute): a column with an attribute is
        printed only when some item has it, so no column is empty. Without any item the
        caller leaves the table (and its heading) out.
        """
        optional = [c[3] for c in cols if c[3]]
        variants = list(product((True, False), repeat=len(optional)))
        for n, shown in enumerate(variants):
            has = dict(zip(optional, shown, strict=True))
            kept = [c for c in cols if not c[3] or has[c[3]]]
            if optional:
                cond = " and ".join(
                    ("" if on else "not ") + "(" + items + "|selectattr('" + attr + "')|list)"
                    for attr, on in has.items()
                )
                if n == 0:
                    self.ctl("{%p if " + cond + " %}")
                elif n < len(variants) - 1:
                    self.ctl("{%p elif " + cond + " %}")
                else:
                    self.ctl("{%p else %}")
            self.table(
                [c[0] for c in kept],
                widths(*(c[1] for c in kept)),
                ["{%tr for " + var + " in " + items + " %}", [c[2] for c in kept],
                 "{%tr endfor %}"],
            )
        if optional:
            self.ctl("{%p endif %}")

    def letterhead_eu(self, tel: str, email: str) -> None:
        """Institution, physician and address (needs ``addr`` set first)."""
        self.p("{{ case.institution.name }}", bold=True, size=14, after=0)
        self.p(
            PHYS + "{% if case.physician.job_title %}, {{ case.physician.job_title }}{% endif %}",
            size=11,
            after=0,
        )
        self.ctl("{%p if addr %}")
        self.p("{{ addr.line1 }}{% if addr.line2 %}, {{ addr.line2 }}{% endif %}", size=11, after=0)
        self.p(CITY, size=11, after=0)
        self.ctl("{%p endif %}")
        self.ctl("{%p if case.physician.phone or case.physician.email %}")
        self.p(
            "{{ [('" + tel + " ' ~ case.physician.phone) if case.physician.phone else '', "
            "('" + email + " ' ~ case.physician.email) if case.physician.email else '']"
            "|select|join('   |   ') }}",
            size=11,
            after=18,
            rule=True,
        )
        self.ctl("{%p else %}")
        self.p("", size=11, after=18, rule=True)
        self.ctl("{%p endif %}")

    def org_address(self, var: str) -> None:
        """An organisation's address block: name, the contact a letter addresses and the
        contact's title on a line of its own, address, email."""
        self.p("{{ " + var + ".name }}", bold=True, after=0)
        for field in ("contact_name", "contact_title"):
            self.ctl("{%p if " + var + "." + field + " %}")
            self.p("{{ " + var + "." + field + " }}", after=0)
            self.ctl("{%p endif %}")
        self.ctl("{%p if " + var + ".address %}")
        self.p(
            "{{ " + var + ".address.line1 }}{% if " + var + ".address.line2 %}, "
            "{{ " + var + ".address.line2 }}{% endif %}",
            after=0,
        )
        self.p(
            "{% if " + var + ".address.postal_code %}{{ " + var + ".address.postal_code }} "
            "{% endif %}{{ " + var + ".address.city }}",
            after=0,
        )
        self.ctl("{%p endif %}")
        self.ctl("{%p if " + var + ".email %}")
        self.p("{{ " + var + ".email }}", after=0)
        self.ctl("{%p endif %}")
        self.p("", after=8)

    def signature_eu(self, closing: str) -> None:
        """The closing and the signature block, kept together (and with the paragraph the
        caller marks ``keep=True`` before it): never alone at the top of a page."""
        self.p(closing, before=6, after=30, keep=True)
        self.p("______________________________________", after=0, keep=True)
        self.p(PHYS, after=0, keep=True)
        self.ctl("{%p if case.physician.job_title %}")
        self.p("{{ case.physician.job_title }}", after=0, keep=True)
        self.ctl("{%p endif %}")
        self.p("{{ case.institution.name }}", after=12)


# a word that agrees with the patient's sex: IF_FEMALE + "ma patiente" + ELSE + "mon patient"
# + END (German has a third form for a patient of another or unknown sex)
IF_FEMALE = "{% if case.patient.sex == 'female' %}"
ELSE = "{% else %}"
END = "{% endif %}"


def sexed(female: str, male: str, other: str | None = None) -> str:
    """A word in the form that agrees with the patient's sex (``other`` when neither female
    nor male, else the masculine, as the language's grammar has it)."""
    if other is None:
        return IF_FEMALE + female + ELSE + male + END
    return (IF_FEMALE + female + "{% elif case.patient.sex == 'male' %}" + male + ELSE + other
            + END)


def org_line(org: str) -> str:
    """An organisation on one line: name, contact (title), email, phone."""
    return (
        "{% set c = " + org + " %}{{ c.name }}{% if c.contact_name %}, {{ c.contact_name }}"
        "{% endif %}{% if c.contact_title %} ({{ c.contact_title }}){% endif %}"
        "{% if c.email %}, {{ c.email }}{% endif %}{% if c.phone %}, {{ c.phone }}{% endif %}"
    )


def stage(word: str, edition: str) -> str:
    """The stage in a language: ``stade IVB (cT2b cN2 cM1c, AJCC 8)``; its row is printed
    only when the case records a stage (``case.diagnosis.stage``)."""
    return (
        "{% if case.diagnosis.stage.overall %}" + word + " "
        "{{ case.diagnosis.stage.overall }}{% endif %}"
        "{% if case.diagnosis.stage.t or case.diagnosis.stage.n or case.diagnosis.stage.m %}"
        "{% if case.diagnosis.stage.overall %} ({% endif %}" + TNM
        + "{% if case.diagnosis.stage.ajcc_edition %}, " + edition + "{% endif %}"
        "{% if case.diagnosis.stage.overall %}){% endif %}{% endif %}"
    )


def performance(assessed: str, fmt: str = "") -> str:
    """``ECOG 1 (évalué le 12/11/2026)``; its row is printed only when the case records it."""
    date = "{{ case.diagnosis.performance_status.assessed_on" + fmt + " }}"
    return (
        "{{ case.diagnosis.performance_status.scale }} "
        "{{ case.diagnosis.performance_status.value }}{% if case.diagnosis.performance_status"
        ".assessed_on %} (" + assessed + " " + date + "){% endif %}"
    )


def prior_table(doc: Doc, header: Sequence[str], ongoing: str, fmt: str = "") -> None:
    """The prior lines (the caller prints it only when there are some); the best response
    and the reason for stopping are columns only when some line records them."""
    doc.columns("case.prior_treatments", "t", [
        (header[0], 0.55, "{{ t.line }}", None),
        (header[1], 1.0, "{{ t.setting|label('setting') }}", None),
        (header[2], 1.8, "{{ t.regimen }}", None),
        (header[3], 1.25, "{{ t.started_on" + fmt + " }} – {{ (t.ended_on" + fmt + ") if "
         "t.ended_on else '" + ongoing + "' }}", None),
        (header[4], 1.05, "{{ t.best_response|label('response') }}", "best_response"),
        (header[5], 1.4, "{{ t.reason_stopped }}", "reason_stopped"),
    ])


def biomarker_table(doc: Doc, header: Sequence[str]) -> None:
    doc.columns("case.biomarkers", "b", [
        (header[0], 0.9, "{{ b.marker }}", None),
        (header[1], 2.3, "{{ b.result }}", None),
        (header[2], 0.7, "{{ b.method|label('method') }}", None),
        (header[3], 1.6, "{{ b.laboratory }}", "laboratory"),
        (header[4], 0.9, "{{ b.reported_on }}", None),
    ])


def lab_table(doc: Doc, header: Sequence[str]) -> None:
    doc.columns("case.labs", "l", [
        (header[0], 2.0, "{{ l.name }}", None),
        (header[1], 0.9, "{{ l.value }}", None),
        (header[2], 1.1, "{{ l.unit }}", "unit"),
        (header[3], 1.4, "{{ l.reference_range }}", "reference_range"),
        (header[4], 1.0, "{{ l.measured_on }}", None),
    ])


def trials_table(doc: Doc, header: Sequence[str]) -> None:
    """The trials screened (the caller prints it only when there are some), and the note
    on how they were searched."""
    doc.columns("case.request.justification.trials_screened", "s", [
        (header[0], 1.0, "{{ s.nct }}", None),
        (header[1], 2.4, "{{ s.title }}", "title"),
        (header[2], 2.6, "{{ s.reason_not_eligible }}", None),
    ])
    doc.ctl("{%p if case.request.trials_screened_note %}")
    doc.p("{{ case.request.trials_screened_note }}", style="Small Text")
    doc.ctl("{%p endif %}")


def bullets(doc: Doc, expr: str) -> None:
    doc.ctl("{%p for c in " + expr + " %}")
    doc.bullet("{{ c }}")
    doc.ctl("{%p endfor %}")


# ======================================================================================
# France — AAC: the prescriber's request, sent to ANSM by the PUI pharmacist (e-Saturne)
# ======================================================================================
FR_STAGE = stage("Stade", "AJCC {{ case.diagnosis.stage.ajcc_edition }}e éd.")
FR_PS = performance("évalué le")
FR_AGE = "{% if case.patient.age is not none %}{{ case.patient.age }} ans{% endif %}"
FR_WEIGHT = "{{ case.patient.weight_kg }} kg"
# allergies: an empty list is the answer "none known"; none recorded leaves the row out
FR_ALLERGIES = (
    "{% if case.patient.allergies %}{{ case.patient.allergies|map('clause')|join(' ; ') }}"
    "{% else %}aucune connue{% endif %}"
)
HAS_ALLERGIES = "case.patient.allergies is not none"
FR_LICENCE = (
    "{{ case.physician.licence.number }} ({{ case.physician.licence.jurisdiction }})"
)
FR_PATIENT_LINE = (  # "CDL, 65 ans, sexe féminin, poids 61,5 kg."
    "{{ [case.patient.initials, (case.patient.age ~ ' ans') if case.patient.age is not none "
    "else '', 'sexe ' ~ case.patient.sex|label('sex'), ('poids ' ~ case.patient.weight_kg"
    "|number ~ ' kg') if case.patient.weight_kg else '']|select|join(', ') }}."
)
FR_PATIENT_WORD = "{{ 'ma patiente' if case.patient.sex == 'female' else 'mon patient' }}"
FR_PRIOR_HEAD = ["Ligne", "Contexte", "Protocole", "Période", "Meilleure réponse",
                 "Motif d’arrêt"]
FR_TRIALS_HEAD = ["Essai", "Titre", "Motif de non-éligibilité"]
# the marker of every line the prescriber completes by hand (no case field records it)
FR_BY_HAND = "À compléter à la main par le prescripteur"


def fr_id_table(doc: Doc) -> None:
    doc.table(
        ["Patient (initiales)", "Médicament", "Médecin prescripteur", "Date"],
        widths(1.0, 1.9, 2.6, 1.0),
        [[
            "{{ case.patient.initials }}",
            DRUG,
            PHYS + ", {{ case.institution.name }}",
            "{{ prepared_on }}",
        ]],
    )
    doc.p("", after=2)


def fr_commercial_research(doc: Doc) -> None:
    """R.5121-74 5°: references of the ongoing commercial research on the medicine, and the
    commercial-research condition of L.5121-12-1 I 1° with its exception (II, 2nd para.)."""
    doc.ctl("{%p set refs = case.product.trials + case.product.trial_registrations %}")
    doc.ctl("{%p if refs %}")
    doc.label("Références des essais du médicament enregistrés dans le dossier")
    doc.ctl("{%p for t in refs %}")
    doc.bullet(
        "{{ t }}{% for s in case.request.justification.trials_screened if s.nct == t and "
        "s.title %} — {{ s.title }}{% endfor %}"
    )
    doc.ctl("{%p endfor %}")
    doc.p(
        "Indiquez dans la demande ceux de ces essais qui sont en cours et menés à des fins "
        "commerciales ; le laboratoire peut le confirmer.",
        style="Small Text",
    )
    doc.ctl("{%p endif %}")
    # unanswered, it is a question of the ledger to the company (field of the route)
    doc.ctl("{%p if case.product.in_development_for_indication is not none %}")
    doc.label("Recherche à des fins commerciales dans l’indication")
    doc.p(
        "{% if case.product.in_development_for_indication %}Le médicament fait l’objet d’une "
        "recherche à des fins commerciales dans cette indication."
        "{% else %}Selon le laboratoire, le médicament ne fait pas l’objet d’une recherche "
        "impliquant la personne humaine à des fins commerciales dans cette indication."
        "{% endif %}",
        align="justify",
    )
    doc.ctl("{%p endif %}")
    # the exception's conditions the case records (the rule no-commercial-research reads them)
    doc.ctl(
        "{%p if case.product.in_development_for_indication and "
        "case.product.development_phase == 'phase_1' and "
        "case.request.justification.treatment_can_be_deferred is sameas false and "
        "case.request.justification.trials_screened %}"
    )
    doc.p(
        "La demande relève de la dérogation pour une recherche à un stade très précoce "
        "(art. L.5121-12-1, II, deuxième alinéa) : le médicament est en phase I dans "
        "l’indication, la mise en œuvre du traitement ne peut pas être différée (6°) et le "
        "patient ne peut pas participer à cette recherche (6°, a). Le titulaire des droits "
        "d’exploitation doit s’engager à déposer une demande d’autorisation d’accès précoce "
        "dans un délai de {{ 'dix-huit mois pour cette maladie rare' if "
        "case.diagnosis.rare_disease else 'douze mois' }} (art. D.5121-74-1-1) ; l’ANSM lui "
        "demande cet engagement (art. R.5121-74-1).",
        align="justify",
    )
    doc.ctl("{%p endif %}")
    doc.p(
        "L’accès compassionnel suppose que le médicament ne fasse pas l’objet d’une telle "
        "recherche (art. L.5121-12-1, I, 1°). Par dérogation (II, deuxième alinéa, et "
        "art. D.5121-74-1-1), une recherche à un stade très précoce dans l’indication "
        "n’y fait pas obstacle lorsque la mise en œuvre du traitement ne peut pas être "
        "différée et que le patient ne peut pas participer à cette recherche, si le titulaire "
        "des droits d’exploitation s’engage à déposer une demande d’autorisation d’accès "
        "précoce dans un délai de douze mois (dix-huit mois pour une maladie rare).",
        style="Small Text",
        align="justify",
    )


def fr_undertakings(doc: Doc) -> None:
    """R.5121-74 6° (undertaking to ANSM's criteria or reasons; whether treatment can be
    deferred) and 7° (undertaking to inform the patient). The undertakings are the
    prescriber's to tick by hand; deferral comes from the case
    (``request.justification.treatment_can_be_deferred``), or is ticked by hand when absent."""
    doc.h2("6° Engagement du prescripteur ou motifs de la demande")
    doc.p(FR_BY_HAND + " :", bold=True, keep=True, after=2)
    doc.p(
        "□  Je m’engage : ma demande respecte les critères d’octroi de l’AAC publiés par "
        "l’ANSM pour ce médicament dans cette indication (référentiel mentionné à "
        "l’article R.5121-74-10).",
        indent=0.3,
        align="justify",
    )
    doc.p(
        "À défaut (aucun critère publié, ou demande qui s’en écarte), motifs de la demande :",
        keep=True,
        after=2,
    )
    doc.label("a) Le patient ne peut être inclus dans aucune recherche impliquant la personne "
              "humaine en cours, y compris un essai clinique")
    doc.ctl("{%p if case.request.justification.trials_screened %}")
    trials_table(doc, FR_TRIALS_HEAD)
    doc.ctl("{%p else %}")
    # no trial recorded (a question of the ledger): the heading is not left empty
    doc.p(FR_BY_HAND + " : les recherches examinées et, pour chacune, le motif pour lequel "
          + "{{ 'la patiente' if case.patient.sex == 'female' else 'le patient' }} "
          "ne peut y être "
          + "{{ 'incluse' if case.patient.sex == 'female' else 'inclus' }}.",
          italic=True, after=24)
    doc.ctl("{%p endif %}")
    doc.label("b) Il n’existe pas de traitement approprié")
    doc.p("{{ case.request.justification.no_satisfactory_alternative }}", align="justify")
    doc.label("c) L’efficacité et la sécurité du médicament sont présumées au vu des données "
              "cliniques disponibles")
    doc.p("{{ case.request.justification.benefit_risk }}", align="justify")
    doc.label("La mise en œuvre du traitement peut-elle être différée ?")
    doc.ctl("{%p if case.request.justification.treatment_can_be_deferred is none %}")
    doc.p(FR_BY_HAND + " :", bold=True, keep=True, after=2)
    doc.p("□  oui, elle peut être différée          □  non, elle ne peut pas être différée",
          indent=0.3)
    doc.ctl("{%p elif case.request.justification.treatment_can_be_deferred %}")
    doc.p("Oui : la mise en œuvre du traitement peut être différée.")
    doc.ctl("{%p else %}")
    doc.p("Non : la mise en œuvre du traitement ne peut pas être différée.")
    doc.ctl("{%p endif %}")
    doc.h2("7° Engagement du prescripteur d’informer le patient")
    doc.p(FR_BY_HAND + " :", bold=True, keep=True, after=2)
    doc.p("□  Je m’engage à informer le patient.", indent=0.3)
    doc.p(
        "Le reste du contenu que le 7° de l’article R.5121-74 exige n’a pas été vérifié sur le "
        "texte officiel : vérifiez-le avant l’envoi de la demande.",
        style="Small Text",
        italic=True,
    )
    doc.p("Date et signature du médecin prescripteur :", before=8, keep=True, after=24)
    doc.p("______________________________________   " + PHYS, after=8)


def fr_approvals(doc: Doc) -> None:
    """The product's marketing authorisations, standing (marketed or with marketing
    discontinued) or withdrawn (L.5121-12-1 II)."""
    doc.ctl("{%p if case.product.approvals %}")
    doc.label("Autorisations de mise sur le marché, dans toute indication")
    doc.columns("case.product.approvals", "a", [
        ("Territoire", 1.4, "{{ a.jurisdiction|label('jurisdiction') }}", None),
        ("Statut", 1.5,
         "{% if a.status == 'withdrawn' %}retirée{% if a.withdrawn_on %} le "
         "{{ a.withdrawn_on }}{% endif %}{% else %}en vigueur{% if a.approved_on %} "
         "depuis le {{ a.approved_on }}{% endif %}{% if a.status == "
         "'marketing_discontinued' %}, commercialisation arrêtée{% endif %}{% endif %}", None),
        ("Nom commercial", 1.1, "{{ a.brand_name }}", "brand_name"),
        ("Indication", 2.0, "{{ a.indication }}", "indication"),
    ])
    doc.ctl("{%p endif %}")
    doc.p(
        "L’AAC suppose que le médicament ne dispose, quelle que soit l’indication, d’aucune "
        "autorisation de mise sur le marché délivrée par l’ANSM ou par la Commission "
        "européenne, ou qu’il ait fait l’objet d’un arrêt de commercialisation et que son "
        "autorisation ne porte pas sur l’indication demandée (art. L.5121-12-1, II).",
        style="Small Text",
        align="justify",
    )


def fr_fiche_preparation() -> Doc:
    doc = Doc("Fiche de préparation de la demande d’AAC — art. R.5121-74")
    doc.p("Autorisation d’accès compassionnel (AAC) — art. L.5121-12-1 II et R.5121-74 du "
          "code de la santé publique", style="Small Text", after=2)
    doc.h1("Fiche de préparation de la demande d’AAC")
    fr_id_table(doc)
    doc.p(
        "Document de travail du médecin prescripteur et du pharmacien de la pharmacie à usage "
        "intérieur (PUI). La demande d’AAC est celle du prescripteur ; le pharmacien gérant "
        "la PUI la transmet à l’ANSM par voie électronique (art. R.5121-74, I), dans le "
        "téléservice e-Saturne, seul canal de dépôt. Cette fiche n’est pas adressée à l’ANSM : "
        "elle rassemble, dans l’ordre des mentions 1° à 7° de l’article R.5121-74, le contenu "
        "de la demande, puis les éléments cliniques et les pièces à téléverser.",
        align="justify",
    )
    doc.p(
        "Avertissement : les rubriques du formulaire e-Saturne n’ont pas été vérifiées sur le "
        "téléservice. Cette fiche suit le contenu que l’article R.5121-74 fixe pour la "
        "demande, non les écrans d’e-Saturne : adaptez la saisie aux rubriques effectivement "
        "proposées.",
        style="Small Text",
        italic=True,
        align="justify",
    )
    doc.h2("1° Prescripteur et pharmacien qui transmet la demande")
    doc.kv2(
        [
            ("Médecin prescripteur", PHYS),
            ("Fonction", "{{ case.physician.job_title }}", "case.physician.job_title"),
            ("Spécialité", "{{ case.physician.specialty }}", "case.physician.specialty"),
            ("N° RPPS / inscription", FR_LICENCE, "case.physician.licence"),
            ("Établissement", "{{ case.institution.name }}"),
            ("Téléphone / courriel",
             "{{ [case.physician.phone or '', case.physician.email or '']|select|join(' — ') }}",
             "case.physician.phone or case.physician.email"),
            # the pharmacy is a question of the ledger (field institution.pharmacy)
            ("Pharmacien gérant la PUI, qui transmet la demande",
             "{{ case.institution.pharmacy.contact_name }}",
             "case.institution.pharmacy and case.institution.pharmacy.contact_name"),
            ("Pharmacie à usage intérieur (PUI)", "{{ case.institution.pharmacy.name }}",
             "case.institution.pharmacy"),
        ],
        ("Mention", "Contenu"),
    )
    doc.h2("2° Patient")
    doc.kv2(
        [
            ("Initiales du nom et du prénom", "{{ case.patient.initials }}"),
            ("Âge", FR_AGE),
            ("Sexe", "{{ case.patient.sex|label('sex') }}"),
            ("Poids", FR_WEIGHT, "case.patient.weight_kg"),
        ],
        ("Mention", "Contenu"),
    )
    doc.p(
        "L’article R.5121-74 (2°) identifie le patient par les initiales de son nom et de son "
        "prénom, son âge, son sexe et son poids ; cette fiche ne comporte ni son nom ni sa "
        "date de naissance.",
        style="Small Text",
    )
    doc.h2("3° Médicament")
    doc.kv2(
        [
            ("Dénomination, nom de code ou DCI", DRUG),
            ("Forme pharmaceutique", "{{ case.product.dosage_form }}",
             "case.product.dosage_form"),
            ("Dosage", "{{ case.product.strength }}", "case.product.strength"),
        ],
        ("Mention", "Contenu"),
    )
    doc.h2("4° Indication et posologie envisagée")
    doc.kv2(
        [
            ("Indication thérapeutique", INDICATION),
            ("Dose", "{{ case.treatment_plan.dose }}"),
            ("Voie d’administration", "{{ case.treatment_plan.route }}"),
            ("Rythme d’administration", "{{ case.treatment_plan.schedule }}"),
            ("Durée prévue", "{{ case.treatment_plan.planned_duration }}"),
            ("Quantité demandée", "{{ case.treatment_plan.quantity_requested }}",
             "case.treatment_plan.quantity_requested"),
            ("Date de début envisagée",
             "{{ case.treatment_plan.planned_start_on or \"Dès l’autorisation\" }}"),
        ],
        ("Mention", "Contenu"),
    )
    doc.h2("5° Recherches à des fins commerciales en cours sur le médicament")
    fr_commercial_research(doc)
    fr_undertakings(doc)
    doc.h2("Éléments cliniques à l’appui (voir le résumé clinique joint)")
    doc.kv2(
        [
            ("Pathologie", "{{ case.diagnosis.primary_cancer }}"),
            ("Code CIM-10", "{{ case.diagnosis.icd10 }}"),
            ("Histologie", "{{ case.diagnosis.histology }}", "case.diagnosis.histology"),
            ("Stade", FR_STAGE, "case.diagnosis.stage"),
            ("Date du diagnostic", "{{ case.diagnosis.diagnosed_on }}"),
            ("Localisations métastatiques", "{{ case.diagnosis.metastatic_sites|join(' ; ') }}",
             "case.diagnosis.metastatic_sites"),
            ("État actuel de la maladie", "{{ case.diagnosis.disease_status }}",
             "case.diagnosis.disease_status"),
            ("Indice de performance", FR_PS, "case.diagnosis.performance_status"),
            ("Maladie rare", "{{ 'oui' if case.diagnosis.rare_disease else 'non' }}",
             "case.diagnosis.rare_disease is not none"),
            ("Allergies", FR_ALLERGIES, HAS_ALLERGIES),
        ],
        ("Élément", "Description"),
    )
    doc.ctl("{%p if case.prior_treatments %}")
    doc.label("Traitements antérieurs")
    prior_table(doc, FR_PRIOR_HEAD, "en cours")
    doc.ctl("{%p endif %}")
    doc.h2("Laboratoire, fournisseur et autorisations de mise sur le marché")
    doc.ctl("{%p set sup = case.product.supplier or case.product.manufacturer %}")
    doc.kv2(
        [
            ("Titulaire des droits d’exploitation (laboratoire)",
             "{{ case.product.manufacturer.name }}"),
            ("Fournisseur", SUPPLIER),
            ("Contact du fournisseur",
             "{{ [sup.contact_name or '', sup.contact_title or '', sup.email or '', "
             "sup.phone or '']|select|join(', ') }}",
             "sup.contact_name or sup.contact_title or sup.email or sup.phone"),
            ("Stade de développement dans l’indication",
             "{{ case.product.development_phase|label('phase') }}",
             "case.product.development_phase"),
        ],
        ("Élément", "Description"),
    )
    fr_approvals(doc)
    doc.h2("Pièces à téléverser")
    doc.numbered("Résumé clinique (joint au présent dossier)")
    doc.ctl("{%p for a in " + CLINICAL_KINDS + " + attachments.investigator_brochure %}")
    doc.numbered("{{ a.title }}{% if a.dated %} du {{ a.dated }}{% endif %}")
    doc.ctl("{%p endfor %}")
    doc.h2("Après l’autorisation")
    doc.bullet(
        "L’AAC est accordée pour la durée du traitement, dans la limite d’un an ; le médicament "
        "est dispensé par la PUI (art. R.5121-74-3)."
    )
    doc.bullet(
        "Son renouvellement est demandé à l’ANSM par le titulaire de l’autorisation, avec les "
        "données cliniques dont le prescripteur a eu connaissance pendant la période écoulée "
        "et une attestation du prescripteur sur l’intérêt de poursuivre le traitement "
        "(art. R.5121-74-4)."
    )
    doc.bullet(
        "Le prescripteur et le pharmacien respectent le protocole d’utilisation thérapeutique "
        "et de suivi des patients (PUT-SP) établi par l’ANSM et participent au recueil des "
        "données (art. R.5121-74-5)."
    )
    return doc


def fr_resume_clinique() -> Doc:
    doc = Doc("Résumé clinique — demande d’AAC")
    doc.h1("Résumé clinique")
    fr_id_table(doc)
    doc.h2("Patient")
    # in running text, an allergy's first word is not capitalised after "Allergies :"
    doc.p(FR_PATIENT_LINE + "{% if " + HAS_ALLERGIES + " %} Allergies : "
          + FR_ALLERGIES.replace("map('clause')", "map('clause')|map('inline')") + ".{% endif %}")
    doc.h2("Diagnostic")
    doc.kv2(
        [
            ("Pathologie",
             "{{ case.diagnosis.primary_cancer }} (CIM-10 {{ case.diagnosis.icd10 }})"),
            ("Histologie", "{{ case.diagnosis.histology }}", "case.diagnosis.histology"),
            ("Grade", "{{ case.diagnosis.grade }}", "case.diagnosis.grade"),
            ("Stade", FR_STAGE, "case.diagnosis.stage"),
            ("Date du diagnostic", "{{ case.diagnosis.diagnosed_on }}"),
            ("Localisations métastatiques", "{{ case.diagnosis.metastatic_sites|join(' ; ') }}",
             "case.diagnosis.metastatic_sites"),
            ("Indice de performance", FR_PS, "case.diagnosis.performance_status"),
        ],
        ("Élément", "Description"),
    )
    doc.ctl("{%p if case.pathology %}")
    doc.h2("Anatomopathologie")
    doc.ctl("{%p for r in case.pathology %}")
    doc.bullet(
        "{{ r.reported_on }} — {{ r.specimen|clause }}{% if r.site %}, {{ r.site|inline|clause }}"
        "{% endif %} : {{ r.finding|inline }}"
    )
    doc.ctl("{%p endfor %}")
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.biomarkers %}")
    doc.h2("Biologie moléculaire et biomarqueurs")
    biomarker_table(doc, ["Marqueur", "Résultat", "Méthode", "Laboratoire", "Date"])
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.prior_treatments %}")
    doc.h2("Traitements antérieurs")
    prior_table(doc, FR_PRIOR_HEAD, "en cours")
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.diagnosis.disease_status %}")
    doc.h2("État actuel")
    doc.p("{{ case.diagnosis.disease_status }}", align="justify")
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.comorbidities or case.current_medications %}")
    doc.h2("Comorbidités et traitements en cours")
    bullets(doc, "case.comorbidities + case.current_medications")
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.labs %}")
    doc.h2("Biologie récente")
    lab_table(doc, ["Examen", "Valeur", "Unité", "Valeurs de référence", "Date"])
    doc.ctl("{%p endif %}")
    doc.h2("Justification")
    doc.label("Absence de traitement approprié")
    doc.p("{{ case.request.justification.no_satisfactory_alternative }}", align="justify")
    doc.label("Efficacité et sécurité présumées au vu des données cliniques disponibles")
    doc.p("{{ case.request.justification.benefit_risk }}", align="justify")
    doc.ctl("{%p if case.request.justification.trials_screened %}")
    doc.label("Essais cliniques examinés")
    trials_table(doc, FR_TRIALS_HEAD)
    doc.ctl("{%p endif %}")
    doc.h2("Schéma thérapeutique proposé")
    doc.kv2(
        [
            ("Médicament", DRUG),
            ("Dose", "{{ case.treatment_plan.dose }}"),
            ("Voie", "{{ case.treatment_plan.route }}"),
            ("Rythme", "{{ case.treatment_plan.schedule }}"),
            ("Durée prévue", "{{ case.treatment_plan.planned_duration }}"),
            ("Prémédication et soins de support", "{{ case.treatment_plan.premedication }}",
             "case.treatment_plan.premedication"),
            ("Surveillance", "{{ case.treatment_plan.monitoring }}"),
            ("Adaptations de dose", "{{ case.treatment_plan.dose_modifications }}"),
            ("Critères d’arrêt", "{{ case.treatment_plan.stopping_rules }}",
             "case.treatment_plan.stopping_rules"),
        ],
        ("Élément", "Description"),
    )
    doc.p(place_date("Fait à {city}, le {date}.", "Fait le {date}.", DATE_WORDS["fr"]),
          before=10, keep=True)
    doc.signature_eu("Le médecin prescripteur,")
    return doc


def fr_note_pui() -> Doc:
    doc = Doc("Note du prescripteur au pharmacien de la PUI — demande d’AAC")
    doc.ctl(SET_ADDR)
    doc.letterhead_eu("Tél.", "Courriel :")
    doc.p(place_date("{city}, le {date}", "Le {date}", DATE_WORDS["fr"]), align="right",
          after=12)
    doc.ctl("{%p set pui = case.institution.pharmacy %}")
    doc.p("À l’attention du pharmacien gérant la pharmacie à usage intérieur", after=0)
    doc.ctl("{%p if pui %}")
    doc.org_address("pui")
    doc.ctl("{%p else %}")
    doc.p("{{ case.institution.name }}", after=8)
    doc.ctl("{%p endif %}")
    doc.p(
        "Objet : demande d’autorisation d’accès compassionnel (AAC) pour le médicament "
        + DRUG
        + " — {{ 'patiente' if case.patient.sex == 'female' else 'patient' }} "
        "{{ case.patient.initials }} — transmission à l’ANSM",
        bold=True,
        after=10,
    )
    doc.p("Madame, Monsieur,")
    doc.p(
        "Je vous remets ma demande d’autorisation d’accès compassionnel (article L.5121-12-1, "
        "II, du code de la santé publique) pour le médicament " + DRUG + ", destiné au "
        "traitement de " + FR_PATIENT_WORD + " {{ case.patient.initials }} ("
        "{{ [(case.patient.age ~ ' ans') if case.patient.age is not none else '', "
        "'sexe ' ~ case.patient.sex|label('sex'), (case.patient.weight_kg|number ~ ' kg') "
        "if case.patient.weight_kg else '']|select|join(', ') }}). Indication : "
        + INDICATION_END + " Comme le prévoit l’article R.5121-74 du même code, il vous "
        "revient, en tant que pharmacien gérant la pharmacie à usage intérieur, de la "
        "transmettre à l’ANSM par voie électronique, dans le téléservice e-Saturne.",
        align="justify",
    )
    doc.p("Éléments utiles à la pharmacie :", keep=True, after=2)
    doc.kv2(
        [
            ("Médicament", DRUG),
            ("Forme et dosage",
             "{{ [case.product.dosage_form or '', case.product.strength or '']"
             "|select|join(', ') }}", "case.product.dosage_form or case.product.strength"),
            ("Laboratoire / fournisseur", SUPPLIER),
            ("Posologie", "{{ case.treatment_plan.dose|clause }} — "
                          "{{ case.treatment_plan.route|inline|clause }} — "
                          "{{ case.treatment_plan.schedule|inline }}"),
            ("Durée prévue", "{{ case.treatment_plan.planned_duration }}"),
            ("Quantité demandée", "{{ case.treatment_plan.quantity_requested }}",
             "case.treatment_plan.quantity_requested"),
            ("Début envisagé",
             "{{ case.treatment_plan.planned_start_on or \"Dès l’autorisation\" }}"),
        ],
        ("Élément", "Détail"),
    )
    doc.p("", after=4)
    doc.p(
        "Sont joints (voir le sommaire) : la fiche de préparation, qui reprend le contenu de "
        "la demande selon les mentions 1° à 7° de l’article R.5121-74 et où "
        "j’ai complété à la main et signé ce qui me revient (engagements"
        "{% if case.request.justification.treatment_can_be_deferred is none %}, possibilité "
        "de différer le traitement{% endif %}) ; le résumé clinique ; les pièces "
        "justificatives à téléverser dans e-Saturne.",
        align="justify",
    )
    doc.p(
        "Le médicament est dispensé par la PUI au vu de l’autorisation de l’ANSM "
        "(article R.5121-74-3). Hors heures ouvrables, si nous jugeons tous deux la demande "
        "conforme aux critères d’octroi, la PUI n’est pas tenue d’appeler l’astreinte de "
        "l’ANSM ; la demande est régularisée a posteriori dans e-Saturne. En cas d’urgence "
        "vitale, le recours à l’astreinte de l’ANSM est maintenu.",
        align="justify",
    )
    doc.p(
        "Une fois l’AAC accordée, nous respecterons l’un et l’autre le protocole d’utilisation "
        "thérapeutique et de suivi des patients (PUT-SP) établi par l’ANSM et participerons au "
        "recueil des données qu’il prévoit (article R.5121-74-5).",
        align="justify",
    )
    doc.p(
        "Je reste à votre disposition"
        "{% if case.physician.phone %} au {{ case.physician.phone }}{% endif %}"
        "{% if case.physician.email %}{% if case.physician.phone %} ou{% endif %} par courriel "
        "({{ case.physician.email }}){% endif %}.",
        align="justify",
        keep=True,  # with the signature: no closing alone at the top of a page
    )
    doc.signature_eu("Veuillez agréer, Madame, Monsieur, l’expression de mes salutations "
                     "distinguées.")
    return doc


# ======================================================================================
# Germany — individueller Heilversuch
# ======================================================================================
DE_STAGE = stage("Stadium", "AJCC {{ case.diagnosis.stage.ajcc_edition }}. Aufl.")
DE_PS = performance("erhoben am")
DE_AGE = "{% if case.patient.age is not none %}{{ case.patient.age }} Jahre{% endif %}"
DE_WEIGHT = "{{ case.patient.weight_kg }} kg"
# allergies: an empty list is the answer "none known"; none recorded leaves the row out
DE_ALLERGIES = (
    "{% if case.patient.allergies %}{{ case.patient.allergies|map('clause')|join('; ') }}"
    "{% else %}keine bekannt{% endif %}"
)
DE_HFP = "case.product.programmes|selectattr('kind', 'equalto', 'haertefallprogramm')|list"
#: the medicine in German: an INN is a noun and takes a capital ("Zoferatinib (ZX-2041)");
#: a name whose second letter is not lowercase (mRNA-1234, a code) is printed as recorded
DE_DRUG = (
    "{% set pn = case.product.name %}{{ (pn[:1]|upper ~ pn[1:]) if pn[:1].islower() and "
    "pn[1:2].islower() else pn }}{% if case.product.code %} ({{ case.product.code }}){% endif %}"
)
#: a noun for the patient in the case's sex (a form's column or heading)
DE_PATIENT_HEAD = (
    "{{ 'Patientin' if case.patient.sex == 'female' else 'Patient' }}"
)
DE_PATIENT_WORDS = (  # (subject at the start of a sentence, dative); no braces in {%p %}
    "{%p set pat = ('Die Patientin', 'der Patientin') if case.patient.sex == 'female' else "
    "(('Der Patient', 'dem Patienten') if case.patient.sex == 'male' else "
    "('Die Patientin bzw. der Patient', 'der Patientin bzw. dem Patienten')) %}"
)
# "Bestes Ansprechen" on two lines: its column is wide enough for "Ansprechen" (no word is
# broken); the German words for the setting are long, "Setting" is the clinical usage
DE_PRIOR_HEAD = ["Linie", "Setting", "Therapie", "Zeitraum", "Bestes Ansprechen",
                 "Grund des Abbruchs"]
#: the number of the next section of the documentation (sections left out are not counted)
DE_N = "{% set n.i = n.i + 1 %}{{ n.i }}. "
DE_TRIALS_HEAD = ["Studie", "Titel", "Grund der Nichteignung"]
DE_BIOMARKER_HEAD = ["Marker", "Ergebnis", "Methode", "Labor", "Datum"]
#: "Patientin KBW" / "Patient KBW" in a subject line
DE_PATIENT_NOUN = (
    "{{ 'Patientin' if case.patient.sex == 'female' else ('Patient' if case.patient.sex == "
    "'male' else 'Patientin bzw. Patient') }}"
)
# The marketing authorisations standing in Germany (a German or an EU one; withdrawn ones do
# not count): with one, no document may call the medicine unauthorised. No case field says
# whether the intended use is within the authorisation, so the documents say that this must
# be checked, never that the use is outside it.
DE_SET_AUTH = (
    "{%p set zul = case.product.approvals|selectattr('jurisdiction', 'in', ['DE', 'EU'])"
    "|rejectattr('status', 'equalto', 'withdrawn')|list %}"
)
DE_AUTH_LIST = (
    "{% for a in zul %}{{ 'EU-Zulassung' if a.jurisdiction == 'EU' else 'deutsche "
    "Zulassung' }}{% if a.brand_name %} ({{ a.brand_name }}){% endif %}"
    "{% if a.approved_on %} vom {{ a.approved_on }}{% endif %}"
    "{% if a.status == 'marketing_discontinued' %}, Vertrieb eingestellt{% endif %}"
    "{% if a.indication %}, zugelassen für: {{ a.indication }}{% endif %}"
    "{% if not loop.last %}; {% endif %}{% endfor %}"
)
DE_SCOPE_CHECK = (
    "ob die beabsichtigte Anwendung vom Umfang der Zulassung erfasst ist, ist anhand der "
    "Zulassung (Fachinformation) zu prüfen"
)
DE_AUTH_STATUS = (  # a table cell: the authorisation status as the case records it
    "{% if zul %}in Deutschland zugelassen (" + DE_AUTH_LIST + "); " + DE_SCOPE_CHECK
    + "{% else %}in Deutschland nicht zugelassen{% endif %}"
)


DE_DIAGNOSIS: list[KvRow] = [
    ("Erkrankung", "{{ case.diagnosis.primary_cancer }}"),
    ("ICD-10", "{{ case.diagnosis.icd10 }}"),
    ("Histologie", "{{ case.diagnosis.histology }}", "case.diagnosis.histology"),
    ("Stadium", DE_STAGE, "case.diagnosis.stage"),
    ("Erstdiagnose", "{{ case.diagnosis.diagnosed_on }}"),
    ("Metastasen", "{{ case.diagnosis.metastatic_sites|join('; ') }}",
     "case.diagnosis.metastatic_sites"),
    ("Aktueller Krankheitsstatus", "{{ case.diagnosis.disease_status }}",
     "case.diagnosis.disease_status"),
    ("Allgemeinzustand", DE_PS, "case.diagnosis.performance_status"),
]
DE_PHASE: KvRow = ("Entwicklungsstand", "{{ case.product.development_phase|label('phase') }}",
                   "case.product.development_phase")
DE_STOPPING: KvRow = ("Abbruchkriterien", "{{ case.treatment_plan.stopping_rules }}",
                      "case.treatment_plan.stopping_rules")


def de_id_table(doc: Doc) -> None:
    doc.table(
        [DE_PATIENT_HEAD + " (Initialen)", "Arzneimittel", "Ärztliche Verantwortung", "Datum"],
        widths(1.1, 1.8, 2.6, 1.0),
        [[
            "{{ case.patient.initials }}",
            DE_DRUG,
            PHYS + ", {{ case.institution.name }}",
            "{{ prepared_on }}",
        ]],
    )
    doc.p("", after=2)


def de_indikation() -> Doc:
    doc = Doc("Indikation und Begründung des individuellen Heilversuchs")
    doc.ctl(DE_SET_AUTH)
    doc.ctl(DE_PATIENT_WORDS)
    doc.p("Individueller Heilversuch — interne Dokumentation", style="Small Text", after=2)
    doc.h1("Indikation und Begründung des individuellen Heilversuchs")
    de_id_table(doc)
    doc.ctl("{%p if zul %}")
    doc.p(
        "Das Arzneimittel ist in Deutschland zugelassen (" + DE_AUTH_LIST + "). Ob die hier "
        "dokumentierte Anwendung vom Umfang dieser Zulassung erfasst ist, ist vor "
        "Therapiebeginn anhand der Zulassung (Fachinformation) zu prüfen. Die Anwendung "
        "erfolgt unter der unmittelbaren Verantwortung der behandelnden Ärztin bzw. des "
        "behandelnden Arztes. Diese Dokumentation verbleibt in der Patientenakte.",
        align="justify",
    )
    doc.ctl("{%p else %}")
    doc.p(
        "Der Einsatz des in Deutschland nicht zugelassenen Arzneimittels erfolgt als "
        "individueller Heilversuch unter der unmittelbaren Verantwortung der behandelnden "
        "Ärztin bzw. des behandelnden Arztes. Die Arzneimittel-Härtefall-Verordnung findet "
        "keine Anwendung (§ 1 Abs. 2 AMHV); eine behördliche Genehmigung ist weder vorgesehen "
        "noch erforderlich. Diese Dokumentation verbleibt in der Patientenakte.",
        align="justify",
    )
    doc.ctl("{%p endif %}")
    doc.ctl("{%p set n = namespace(i=0) %}")  # sections numbered as printed
    doc.h2(DE_N + DE_PATIENT_HEAD)
    doc.kv2(
        [
            ("Initialen", "{{ case.patient.initials }}"),
            ("Alter", DE_AGE, "case.patient.age is not none"),
            ("Geschlecht", "{{ case.patient.sex|label('sex') }}"),
            ("Körpergewicht", DE_WEIGHT, "case.patient.weight_kg"),
            ("Allergien", DE_ALLERGIES, HAS_ALLERGIES),
        ],
        ("Angabe", "Wert"),
    )
    doc.h2(DE_N + "Diagnose")
    doc.kv2(
        [
            *DE_DIAGNOSIS[:3],
            ("Grading", "{{ case.diagnosis.grade }}", "case.diagnosis.grade"),
            *DE_DIAGNOSIS[3:],
        ],
        ("Angabe", "Wert"),
    )
    doc.ctl("{%p if case.biomarkers %}")
    doc.h2(DE_N + "Molekularpathologie")
    biomarker_table(doc, DE_BIOMARKER_HEAD)
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.prior_treatments %}")
    doc.h2(DE_N + "Vortherapien")
    prior_table(doc, DE_PRIOR_HEAD, "laufend")
    doc.ctl("{%p endif %}")
    doc.h2(DE_N + "Begründung")
    doc.label("Fehlen einer geeigneten zugelassenen Therapiealternative")
    doc.p("{{ case.request.justification.no_satisfactory_alternative }}", align="justify")
    doc.label("Nutzen-Risiko-Abwägung")
    doc.p("{{ case.request.justification.benefit_risk }}", align="justify")
    doc.ctl("{%p if case.request.justification.trials_screened %}")
    doc.label("Geprüfte klinische Studien")
    trials_table(doc, DE_TRIALS_HEAD)
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.comorbidities or case.current_medications %}")
    doc.h2(DE_N + "Begleiterkrankungen und Begleitmedikation")
    bullets(doc, "case.comorbidities + case.current_medications")
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.labs %}")
    doc.h2(DE_N + "Aktuelle Laborwerte")
    lab_table(doc, ["Parameter", "Wert", "Einheit", "Referenzbereich", "Datum"])
    doc.ctl("{%p endif %}")
    doc.h2(DE_N + "Therapieplan")
    doc.kv2(
        [
            ("Arzneimittel", DE_DRUG),
            ("Hersteller", "{{ case.product.manufacturer.name }}"),
            ("Zulassungsstatus", DE_AUTH_STATUS),
            DE_PHASE,
            ("Dosierung", "{{ case.treatment_plan.dose }}"),
            ("Applikationsweg", "{{ case.treatment_plan.route }}"),
            ("Schema", "{{ case.treatment_plan.schedule }}"),
            ("Geplante Dauer", "{{ case.treatment_plan.planned_duration }}"),
            ("Prämedikation / Supportivtherapie", "{{ case.treatment_plan.premedication }}",
             "case.treatment_plan.premedication"),
            ("Überwachung", "{{ case.treatment_plan.monitoring }}"),
            ("Dosisanpassung bei Toxizität", "{{ case.treatment_plan.dose_modifications }}"),
            DE_STOPPING,
        ],
        ("Angabe", "Festlegung"),
    )
    doc.h2(DE_N + "Aufklärung und Einwilligung")
    doc.p(
        "{% if attachments.consent_form %}{{ pat[0] }} wurde über den "
        "individuellen Heilversuch, {{ 'den Zulassungsstatus und den Zulassungsumfang' if zul "
        "else 'den fehlenden Zulassungsstatus' }}, den erwarteten Nutzen und "
        "die Risiken aufgeklärt; die schriftliche Einwilligung liegt bei "
        "({% for a in attachments.consent_form %}{{ a.title }}{% if a.dated %} vom "
        "{{ a.dated }}{% endif %}{% if not loop.last %}; {% endif %}{% endfor %})."
        "{% else %}Die schriftliche Einwilligung nach Aufklärung ist vor Therapiebeginn "
        "einzuholen und dieser Dokumentation beizufügen.{% endif %}",
        align="justify",
    )
    doc.p(place_date("{city}, den {date}", "{date}"), before=10, keep=True)
    doc.signature_eu("Behandelnde Ärztin / behandelnder Arzt:")
    return doc


def de_haertefallprogramm() -> Doc:
    doc = Doc("Hinweis zum Härtefallprogramm")
    doc.ctl("{%p set hfp = " + DE_HFP + " %}")
    doc.h1("Hinweis zum Härtefallprogramm")
    de_id_table(doc)
    doc.ctl("{%p if hfp %}")
    doc.p(
        "Das Arzneimittel " + DE_DRUG + " ist Gegenstand eines Härtefallprogramms "
        "(Arzneimittel-Härtefall-Verordnung, § 21 Abs. 2 AMG). Die Anforderung für "
        + sexed("diese Patientin", "diesen Patienten", "diese Patientin bzw. diesen Patienten")
        + " richtet sich an das Programm, d. h. an das "
        "pharmazeutische Unternehmen, nicht an eine Bundesoberbehörde; die Anzeige bei der "
        "Behörde ist Sache des Unternehmens. Härtefallprogramme sind für die Patientinnen und "
        "Patienten kostenlos.",
        align="justify",
    )
    doc.ctl("{%p for prog in hfp %}")
    doc.kv2(
        [
            ("Programm", "{{ prog.name }}"),
            ("Kennung", "{{ prog.reference }}", "prog.reference"),
            ("Ansprechpartner", org_line("(prog.contact or case.product.manufacturer)")),
        ],
        ("Angabe", "Wert"),
    )
    doc.p("", after=4)
    doc.ctl("{%p endfor %}")
    doc.p(
        "Vor einem individuellen Heilversuch ist zu prüfen, ob die Aufnahme in das Programm "
        "möglich ist; die Anfrage richtet sich an die oben genannte Ansprechstelle des "
        "Programms.",
        align="justify",
    )
    doc.ctl("{%p else %}")
    doc.p(
        "Das Arzneimittel ist in {{ 'folgendem Programm' if case.product.programmes|length == 1 "
        "else 'folgenden Programmen' }} für den erweiterten Zugang (kein deutsches "
        "Härtefallprogramm):",
        keep=True,
    )
    doc.ctl("{%p for prog in case.product.programmes %}")
    doc.bullet("{{ prog.name }} ({{ prog.kind|label('programme') }}{% if prog.country %}, "
               "{{ prog.country|label('jurisdiction') }}{% endif %}){% if prog.reference %}, "
               "{{ prog.reference }}{% endif %}")
    doc.ctl("{%p endfor %}")
    doc.p("Ob eine Aufnahme aus Deutschland möglich ist, ist mit dem Unternehmen zu klären.")
    doc.ctl("{%p endif %}")
    return doc


def de_apothekenanforderung() -> Doc:
    doc = Doc("Anforderung an die Krankenhausapotheke — individueller Heilversuch")
    doc.ctl(DE_SET_AUTH)
    doc.ctl(SET_ADDR)
    doc.letterhead_eu("Tel.", "E-Mail:")
    doc.p(place_date("{city}, den {date}", "{date}"), align="right", after=12)
    doc.ctl("{%p set apo = case.institution.pharmacy %}")
    doc.p("An die Krankenhausapotheke", after=0)
    doc.ctl("{%p if apo %}")
    doc.org_address("apo")
    doc.ctl("{%p else %}")
    doc.p("{{ case.institution.name }}", after=8)
    doc.ctl("{%p endif %}")
    doc.p(
        "Betreff: Anforderung eines {{ '' if zul else 'nicht zugelassenen ' }}Arzneimittels "
        "im Rahmen eines individuellen Heilversuchs — " + DE_DRUG + ", " + DE_PATIENT_NOUN
        + " {{ case.patient.initials }}",
        bold=True,
        after=10,
    )
    doc.p("Sehr geehrte Damen und Herren,")
    doc.p(
        "für {{ 'meine Patientin' if case.patient.sex == 'female' else ('meinen Patienten' "
        "if case.patient.sex == 'male' else 'meine Patientin bzw. meinen Patienten') }} "
        "{{ case.patient.initials }}{% if case.patient.age is not none %} (" + DE_AGE
        + "){% endif %} bitte ich um Beschaffung und Abgabe des folgenden Arzneimittels im "
        "Rahmen eines individuellen Heilversuchs unter meiner ärztlichen Verantwortung. "
        "Indikation: " + INDICATION_END,
        align="justify",
    )
    doc.kv2(
        [
            ("Arzneimittel", DE_DRUG),
            ("Darreichungsform", "{{ case.product.dosage_form }}", "case.product.dosage_form"),
            ("Stärke", "{{ case.product.strength }}", "case.product.strength"),
            ("Hersteller", "{{ case.product.manufacturer.name }}"),
            ("Zulassungsstatus", DE_AUTH_STATUS),
            ("Lieferant",
             org_line("(case.product.supplier or case.product.manufacturer)")),
            ("Dosierung", "{{ case.treatment_plan.dose }}"),
            ("Applikationsweg", "{{ case.treatment_plan.route }}"),
            ("Schema", "{{ case.treatment_plan.schedule }}"),
            ("Geplante Dauer", "{{ case.treatment_plan.planned_duration }}"),
            ("Angeforderte Menge", "{{ case.treatment_plan.quantity_requested }}",
             "case.treatment_plan.quantity_requested"),
            ("Geplanter Therapiebeginn",
             "{{ case.treatment_plan.planned_start_on or 'nach Eingang der Ware' }}"),
            ("Körpergewicht", DE_WEIGHT, "case.patient.weight_kg"),
            ("Herstellerzusage",
             "{% for a in attachments.manufacturer_agreement %}liegt vor: {{ a.title }}"
             "{% if a.dated %} vom {{ a.dated }}{% endif %}{% if not loop.last %}; {% endif %}"
             "{% else %}wird nachgereicht{% endfor %}"),
            ("Einwilligung " + sexed("der Patientin", "des Patienten"),
             "{% if attachments.consent_form %}liegt schriftlich vor{% else %}wird vor "
             "Therapiebeginn eingeholt{% endif %}"),
        ],
        ("Angabe", "Anforderung"),
    )
    doc.p("", after=4)
    doc.ctl("{%p if " + DE_HFP + " %}")
    doc.p(
        "Das Arzneimittel ist in einem Härtefallprogramm verfügbar "
        "({% for prog in " + DE_HFP + " %}{{ prog.name }}{% if not loop.last %}, {% endif %}"
        "{% endfor %}); die Bereitstellung erfolgt über das Programm des Unternehmens.",
        align="justify",
    )
    doc.ctl("{%p endif %}")
    doc.p(
        "Die Indikation und Begründung sind in der Patientenakte dokumentiert. Für "
        "Rückfragen stehe ich gern zur Verfügung"
        "{% if case.physician.phone %} (Tel. {{ case.physician.phone }}){% endif %}.",
        align="justify",
        keep=True,  # with the signature: no closing alone at the top of a page
    )
    doc.signature_eu("Mit freundlichen Grüßen")
    # no caption "Datum, Unterschrift und Stempel …" after the block: the letter is dated at
    # its head and signed above the name
    return doc


# The application to the statutory health insurer (§ 2 Abs. 1a SGB V): the insured patient
# applies, the physician's statement is attached. Both name the patient and the member number:
# their packet's identity policy is ``full`` (every other DE packet shows initials only).
SGB5_2_1A = (
    "Nach § 2 Abs. 1a SGB V können Versicherte mit einer lebensbedrohlichen oder regelmäßig "
    "tödlichen Erkrankung oder mit einer zumindest wertungsmäßig vergleichbaren Erkrankung, für "
    "die eine allgemein anerkannte, dem medizinischen Standard entsprechende Leistung nicht zur "
    "Verfügung steht, auch eine vom allgemein anerkannten Stand der medizinischen Erkenntnisse "
    "(§ 2 Abs. 1 Satz 3 SGB V) abweichende Leistung beanspruchen, wenn eine nicht ganz entfernt "
    "liegende Aussicht auf Heilung oder auf eine spürbare positive Einwirkung auf den "
    "Krankheitsverlauf besteht."
)
DE_FREE: KvRow = (
    "Bereitstellung des Arzneimittels",
    "{{ 'kostenfrei (nach Angabe des Herstellers)' if case.product.free_of_charge else "
    "'nicht kostenfrei' }}",
    "case.product.free_of_charge is not none",
)


def de_insured_table(doc: Doc) -> None:
    """The insured person as the insurer identifies her or him (full identity only)."""
    doc.kv2(
        [
            ("Versicherte Person", "{{ case.patient.full_name or case.patient.initials }}"),
            ("Geburtsdatum", "{{ case.patient.date_of_birth }}", "case.patient.date_of_birth"),
            ("Krankenversichertennummer", "{{ case.insurance.member_number }}",
             "case.insurance.member_number"),
            ("Krankenkasse", "{{ case.insurance.name }}"),
        ],
        ("Angabe", "Wert"),
    )
    doc.p("", after=4)


def de_kostenuebernahmeantrag() -> Doc:
    doc = Doc("Antrag auf Kostenübernahme nach § 2 Abs. 1a SGB V")
    doc.ctl(DE_SET_AUTH)
    doc.ctl("{%p set kasse = case.insurance %}")
    doc.ctl("{%p set pa = case.patient.address %}")
    # sender: the insured person
    doc.p("{{ case.patient.full_name or case.patient.initials }}", bold=True, after=0)
    doc.ctl("{%p if pa %}")
    doc.p("{{ pa.line1 }}{% if pa.line2 %}, {{ pa.line2 }}{% endif %}", after=0)
    doc.p("{% if pa.postal_code %}{{ pa.postal_code }} {% endif %}{{ pa.city }}", after=0)
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if kasse.member_number %}")
    doc.p("Krankenversichertennummer: {{ kasse.member_number }}", after=0)
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.patient.date_of_birth %}")
    doc.p("Geburtsdatum: {{ case.patient.date_of_birth }}", after=0)
    doc.ctl("{%p endif %}")
    doc.p("", after=8, rule=True)
    # addressee: the health insurer
    doc.p("{{ kasse.name }}", bold=True, after=0)
    doc.ctl("{%p if kasse.address %}")
    doc.p("{{ kasse.address.line1 }}{% if kasse.address.line2 %}, {{ kasse.address.line2 }}"
          "{% endif %}", after=0)
    doc.p("{% if kasse.address.postal_code %}{{ kasse.address.postal_code }} {% endif %}"
          "{{ kasse.address.city }}", after=0)
    doc.ctl("{%p endif %}")
    doc.p("", after=8)
    doc.p(
        "Antrag auf Kostenübernahme nach § 2 Abs. 1a SGB V: Behandlung mit " + DE_DRUG
        + " im Rahmen eines individuellen Heilversuchs",
        bold=True,
        after=10,
    )
    doc.p("Sehr geehrte Damen und Herren,")
    doc.p(
        "ich bin bei Ihnen gesetzlich krankenversichert. Ich beantrage, dass Sie vor Beginn "
        "der Behandlung die Übernahme der Kosten für eine Behandlung mit dem "
        "{{ '' if zul else 'in Deutschland nicht zugelassenen ' }}Arzneimittel " + DE_DRUG
        + " erklären (Kostenübernahmeerklärung nach § 2 Abs. 1a Satz 2 SGB V).{% if zul %} "
        "Das Arzneimittel ist in Deutschland zugelassen; zum Umfang der Zulassung im Hinblick "
        "auf die bei mir beabsichtigte Anwendung siehe die beigefügte ärztliche "
        "Stellungnahme.{% endif %}",
        align="justify",
    )
    doc.p(
        "Die Behandlung soll als individueller Heilversuch unter der ärztlichen Verantwortung "
        "von " + PHYS + ", {{ case.institution.name }}, erfolgen"
        "{% if case.treatment_plan.planned_start_on %}; ihr Beginn ist für den "
        "{{ case.treatment_plan.planned_start_on }} vorgesehen{% endif %}. Behandelt werden "
        "soll meine Erkrankung: " + INDICATION_END,
        align="justify",
    )
    doc.p(
        SGB5_2_1A + " Die beigefügte ärztliche Stellungnahme von " + PHYS + " legt dar, "
        "weshalb diese Voraussetzungen bei mir vorliegen.",
        align="justify",
    )
    doc.ctl("{%p if case.product.free_of_charge %}")
    doc.p(
        "Nach Angabe des Herstellers ({{ case.product.manufacturer.name }}) wird das "
        "Arzneimittel kostenfrei zur Verfügung gestellt.",
        align="justify",
    )
    doc.ctl("{%p endif %}")
    doc.p(
        "Ich bitte Sie, über meinen Antrag vor Beginn der Behandlung zu entscheiden. Falls "
        "Sie für einen solchen Antrag ein eigenes Formular verwenden, bitte ich um dessen "
        "Zusendung.",
        align="justify",
        keep=True,
    )
    doc.p("Mit freundlichen Grüßen", before=4, after=12, keep=True)
    doc.p("Ort, Datum: ______________________________", after=20, keep=True)
    doc.p("______________________________________", after=0, keep=True)
    doc.p("{{ case.patient.full_name or case.patient.initials }}", after=0, keep=True)
    doc.p("(Unterschrift der versicherten Person)", style="Small Text", after=14)
    doc.label("Anlagen")  # the list stays together
    doc.p("Ärztliche Stellungnahme von " + PHYS + " vom {{ prepared_on }}",
          style="List Number", keep=True)
    doc.ctl("{%p for a in " + CLINICAL_KINDS + " %}")
    doc.p("{{ a.title }}{% if a.dated %} vom {{ a.dated }}{% endif %}", style="List Number",
          keep=True)
    doc.ctl("{%p endfor %}")
    return doc


def de_aerztliche_stellungnahme() -> Doc:
    doc = Doc("Ärztliche Stellungnahme zum Antrag auf Kostenübernahme nach § 2 Abs. 1a SGB V")
    doc.ctl(DE_SET_AUTH)
    doc.ctl(DE_PATIENT_WORDS)
    doc.ctl(SET_ADDR)
    doc.letterhead_eu("Tel.", "E-Mail:")
    doc.p(place_date("{city}, den {date}", "{date}"), align="right", after=6)
    doc.p("Zur Vorlage bei der Krankenkasse: {{ case.insurance.name }}", after=10)
    doc.h1("Ärztliche Stellungnahme zum Antrag auf Kostenübernahme nach § 2 Abs. 1a SGB V")
    de_insured_table(doc)
    doc.p(
        "{{ pat[0] }} beantragt bei der Krankenkasse vor Beginn der Behandlung "
        "eine Kostenübernahmeerklärung für eine Behandlung mit dem "
        "{{ '' if zul else 'in Deutschland nicht zugelassenen ' }}Arzneimittel " + DE_DRUG
        + " im Rahmen eines individuellen Heilversuchs "
        "unter meiner ärztlichen Verantwortung. " + SGB5_2_1A + " Zu diesen Voraussetzungen "
        "nehme ich aus ärztlicher Sicht wie folgt Stellung.",
        align="justify",
    )
    doc.h2("1. Lebensbedrohliche oder regelmäßig tödliche Erkrankung")
    doc.kv2(
        [
            *DE_DIAGNOSIS,
        ],
        ("Angabe", "Befund"),
    )
    doc.p("", after=4)
    doc.ctl("{%p if case.biomarkers %}")
    doc.label("Molekularpathologie")
    biomarker_table(doc, DE_BIOMARKER_HEAD)
    doc.ctl("{%p endif %}")
    doc.h2("2. Keine allgemein anerkannte, dem medizinischen Standard entsprechende Behandlung "
           "verfügbar")
    doc.ctl("{%p if case.prior_treatments %}")
    doc.label("Bisherige Therapien")
    prior_table(doc, DE_PRIOR_HEAD, "laufend")
    doc.ctl("{%p endif %}")
    doc.label("Fehlen einer geeigneten Standardtherapie")
    doc.p("{{ case.request.justification.no_satisfactory_alternative }}", align="justify")
    doc.ctl("{%p if case.request.justification.trials_screened %}")
    doc.label("Geprüfte klinische Studien")
    trials_table(doc, DE_TRIALS_HEAD)
    doc.ctl("{%p endif %}")
    doc.h2("3. Nicht ganz entfernt liegende Aussicht auf Heilung oder auf eine spürbare "
           "positive Einwirkung auf den Krankheitsverlauf")
    doc.p("{{ case.request.justification.benefit_risk }}", align="justify")
    doc.h2("4. Geplante Behandlung")
    doc.kv2(
        [
            ("Arzneimittel", DE_DRUG),
            ("Hersteller", "{{ case.product.manufacturer.name }}"),
            ("Zulassungsstatus", DE_AUTH_STATUS),
            DE_PHASE,
            DE_FREE,
            ("Dosierung", "{{ case.treatment_plan.dose }}"),
            ("Applikationsweg", "{{ case.treatment_plan.route }}"),
            ("Schema", "{{ case.treatment_plan.schedule }}"),
            ("Geplante Dauer", "{{ case.treatment_plan.planned_duration }}"),
            ("Geplanter Beginn",
             "{{ case.treatment_plan.planned_start_on or 'nach der Entscheidung der "
             "Krankenkasse' }}"),
            ("Überwachung", "{{ case.treatment_plan.monitoring }}"),
            DE_STOPPING,
        ],
        ("Angabe", "Festlegung"),
    )
    doc.h2("5. Ergebnis")
    doc.p(
        "Nach meiner ärztlichen Beurteilung liegen bei {{ pat[1] }} die Voraussetzungen des "
        "§ 2 Abs. 1a Satz 1 SGB V vor. Ich befürworte den Antrag auf eine "
        "Kostenübernahmeerklärung vor Beginn der Behandlung.",
        align="justify",
        keep=True,
    )
    doc.p(place_date("{city}, den {date}", "{date}"), before=10, keep=True)
    doc.signature_eu("Behandelnde Ärztin / behandelnder Arzt:")
    return doc


# ======================================================================================
# Enrolment in a compassionate use programme — one letter per language
# ======================================================================================
# The letter's words in each language. Placeholders in braces are filled by cup_letter().
CUP: dict[str, dict[str, str]] = {
    "en": {
        "title": "Request to enrol a patient in a compassionate use programme",
        "date_fmt": "%d/%m/%Y",
        "tel": "Tel.", "email": "Email:",
        "place_date": "{city}, {date}", "date_only": "{date}",
        "to": "For the attention of",
        "subject": "Re: request to enrol patient {initials} in the {programme}",
        "greeting": "Dear {name},",
        "greeting_default": "Dear Sir or Madam,",
        "intro": "I am writing to request the enrolment of my patient {initials} ({details}), "
                 "treated {institution}, in the {name} ({kind}) for {drug}. The "
                 "patient has {indication}",
        "age": "aged {n}", "sex": "{sex}",
        "summary": "Clinical summary",
        "item": "Item", "details": "Details",
        "icd": "ICD-10", "diagnosed": "diagnosed", "colon": ": ", "sep": "; ",
        "histology": "Histology",
        "diagnosis": "Diagnosis", "stage": "Stage", "stage_word": "stage",
        "edition": "AJCC {ed}th edition",
        "ps": "Performance status", "assessed": "assessed on",
        "status": "Current disease status", "prior": "Prior lines of therapy",
        "best": "best response:", "ongoing": "ongoing",
        "biomarkers": "Relevant biomarkers",
        "alternative": "No satisfactory authorised treatment available",
        "benefit": "Expected benefit and risks",
        "trials": "Clinical trials considered",
        "dose": "Dose", "route": "Route", "schedule": "Schedule",
        "duration": "Planned duration",
        "start": "Planned start", "start_default": "As soon as enrolment is confirmed",
        "criteria": "To the best of my knowledge, the patient cannot be treated "
                    "satisfactorily with an authorised medicine and cannot enter a clinical "
                    "trial of the product. I will check the patient against the programme's "
                    "eligibility criteria, obtain the patient's written informed consent "
                    "before the first dose, follow the programme's protocol and report "
                    "suspected adverse reactions as it requires.",
        "ask": "Please send me the programme's enrolment form and eligibility checklist, if "
               "any, and confirm the enrolment and the supply arrangements for our hospital "
               "pharmacy{pharmacy}.",
        "pharmacy": " ({name})",
        "enclosures": "Enclosures:", "dated": ", dated",
        "closing": "Yours sincerely,",
    },
    "fr": {
        "title": "Demande d’inclusion d’un patient dans un programme d’usage compassionnel",
        "date_fmt": "%d/%m/%Y",
        "tel": "Tél.", "email": "Courriel :",
        "place_date": "{city}, le {date}", "date_only": "Le {date}",
        "to": "À l’attention de",
        "subject": "Objet : demande d’inclusion " + sexed("de la patiente", "du patient")
                   + " {initials} dans le programme {programme}",
        "greeting": "Madame, Monsieur,",
        "greeting_default": "Madame, Monsieur,",
        "intro": "Je sollicite l’inclusion de " + sexed("ma patiente", "mon patient")
                 + " {initials} ({details}), " + sexed("suivie", "suivi")
                 + " {institution}, dans le programme {name} "
                 "({kind}) pour le médicament {drug}. Indication : {indication}",
        "age": "{n} ans", "sex": "sexe {sex}",
        "summary": "Résumé clinique",
        "item": "Élément", "details": "Description",
        "icd": "CIM-10", "diagnosed": "diagnostic :", "colon": " : ", "sep": " ; ",
        "histology": "Histologie",
        "diagnosis": "Diagnostic", "stage": "Stade", "stage_word": "stade",
        "edition": "AJCC {ed}e éd.",
        "ps": "Indice de performance", "assessed": "évalué le",
        "status": "État actuel de la maladie", "prior": "Traitements antérieurs",
        "best": "meilleure réponse :", "ongoing": "en cours",
        "biomarkers": "Biomarqueurs pertinents",
        "alternative": "Absence de traitement autorisé satisfaisant",
        "benefit": "Bénéfice attendu et risques",
        "trials": "Essais cliniques examinés",
        "dose": "Dose", "route": "Voie d’administration",
        "schedule": "Rythme d’administration", "duration": "Durée prévue",
        "start": "Début envisagé", "start_default": "Dès confirmation de l’inclusion",
        "criteria": "À ma connaissance, " + sexed(
            "la patiente ne peut être traitée de manière satisfaisante par un médicament "
            "autorisé ni être incluse dans un essai clinique du produit. Je vérifierai "
            "qu’elle remplit",
            "le patient ne peut être traité de manière satisfaisante par un médicament "
            "autorisé ni être inclus dans un essai clinique du produit. Je vérifierai qu’il "
            "remplit") + " les critères d’éligibilité du programme, recueillerai son "
                    "consentement éclairé écrit avant la première administration, suivrai le "
                    "protocole du programme et déclarerai les effets indésirables suspectés "
                    "selon ses modalités.",
        "ask": "Je vous remercie de bien vouloir me faire parvenir le formulaire d’inclusion "
               "et la liste des critères d’éligibilité du programme, le cas échéant, et de me "
               "confirmer l’inclusion ainsi que les modalités d’approvisionnement de notre "
               "pharmacie hospitalière{pharmacy}.",
        "pharmacy": " ({name})",
        "enclosures": "Pièces jointes :", "dated": " du",
        "closing": "Je vous prie d’agréer, Madame, Monsieur, l’expression de mes salutations "
                   "distinguées.",
    },
    "de": {
        "title": "Antrag auf Aufnahme einer Patientin / eines Patienten in ein "
                 "Compassionate-Use-Programm",
        "date_fmt": "%d.%m.%Y",
        "tel": "Tel.", "email": "E-Mail:",
        "place_date": "{city}, den {date}", "date_only": "{date}",
        "to": "An",
        "subject": "Betreff: Antrag auf Aufnahme " + sexed(
            "der Patientin", "des Patienten", "der Patientin bzw. des Patienten")
                   + " {initials} in das Programm {programme}",
        "greeting": "Sehr geehrte Damen und Herren,",
        "greeting_default": "Sehr geehrte Damen und Herren,",
        "intro": "hiermit beantrage ich die Aufnahme " + sexed(
            "meiner Patientin", "meines Patienten", "meiner Patientin bzw. meines Patienten")
                 + " {initials} ({details}), in Behandlung {institution}, in das Programm "
                 "{name} ({kind}) für das Arzneimittel {drug}. Indikation: {indication}",
        "age": "{n} Jahre", "sex": "{sex}",
        "summary": "Klinische Zusammenfassung",
        "item": "Angabe", "details": "Beschreibung",
        "icd": "ICD-10", "diagnosed": "Erstdiagnose", "colon": ": ", "sep": "; ",
        "histology": "Histologie",
        "diagnosis": "Diagnose", "stage": "Stadium", "stage_word": "Stadium",
        "edition": "AJCC {ed}. Aufl.",
        "ps": "Allgemeinzustand", "assessed": "erhoben am",
        "status": "Aktueller Krankheitsstatus", "prior": "Vortherapien",
        "best": "bestes Ansprechen:", "ongoing": "laufend",
        "biomarkers": "Relevante Biomarker",
        "alternative": "Fehlen einer zufriedenstellenden zugelassenen Therapie",
        "benefit": "Erwarteter Nutzen und Risiken",
        "trials": "Geprüfte klinische Studien",
        "dose": "Dosierung", "route": "Applikationsweg", "schedule": "Schema",
        "duration": "Geplante Dauer",
        "start": "Geplanter Beginn", "start_default": "Nach Bestätigung der Aufnahme",
        "criteria": "Nach meinem besten Wissen kann " + sexed(
            "die Patientin", "der Patient", "die Patientin bzw. der Patient")
                    + " mit keinem zugelassenen Arzneimittel zufriedenstellend behandelt und "
                    "in keine klinische Studie des Präparats eingeschlossen werden. Ich prüfe "
                    "die Einschlusskriterien des Programms, hole vor der ersten Gabe die "
                    "schriftliche Einwilligung nach Aufklärung ein, halte mich an das "
                    "Programmprotokoll und melde Verdachtsfälle von Nebenwirkungen wie "
                    "vorgesehen.",
        "ask": "Bitte senden Sie mir gegebenenfalls das Aufnahmeformular und die "
               "Einschlusskriterien des Programms und bestätigen Sie die Aufnahme sowie die "
               "Belieferung unserer Krankenhausapotheke{pharmacy}.",
        "pharmacy": " ({name})",
        "enclosures": "Anlagen:", "dated": " vom",
        "closing": "Mit freundlichen Grüßen",
    },
    "it": {
        "title": "Richiesta di inserimento di un paziente in un programma di uso compassionevole",
        "date_fmt": "%d/%m/%Y",
        "tel": "Tel.", "email": "E-mail:",
        "place_date": "{city}, {date}", "date_only": "{date}",
        "to": "Alla cortese attenzione di",
        "subject": "Oggetto: richiesta di inserimento " + sexed("della paziente", "del paziente")
                   + " {initials} nel programma {programme}",
        "greeting": "Gentile {name},",
        "greeting_default": "Gentili Signore e Signori,",
        "intro": "con la presente chiedo l’inserimento " + sexed(
            "della mia paziente", "del mio paziente") + " {initials} ({details}), in cura "
                 "{institution}, nel programma {name} ({kind}) per il medicinale "
                 "{drug}. Indicazione: {indication}",
        "age": "{n} anni", "sex": "sesso {sex}",
        "summary": "Sintesi clinica",
        "item": "Voce", "details": "Descrizione",
        "icd": "ICD-10", "diagnosed": "diagnosi del", "colon": ": ", "sep": "; ",
        "histology": "Istologia",
        "diagnosis": "Diagnosi", "stage": "Stadio", "stage_word": "stadio",
        "edition": "AJCC {ed}ª ed.",
        "ps": "Performance status", "assessed": "valutato il",
        "status": "Stato attuale di malattia", "prior": "Trattamenti precedenti",
        "best": "migliore risposta:", "ongoing": "in corso",
        "biomarkers": "Biomarcatori rilevanti",
        "alternative": "Assenza di un trattamento autorizzato soddisfacente",
        "benefit": "Beneficio atteso e rischi",
        "trials": "Sperimentazioni cliniche valutate",
        "dose": "Dose", "route": "Via di somministrazione", "schedule": "Schema posologico",
        "duration": "Durata prevista",
        "start": "Inizio previsto", "start_default": "Alla conferma dell’inserimento",
        "criteria": "Per quanto a mia conoscenza, " + sexed(
            "la paziente non può essere trattata in modo soddisfacente con un medicinale "
            "autorizzato né essere inclusa",
            "il paziente non può essere trattato in modo soddisfacente con un medicinale "
            "autorizzato né essere incluso") + " in una sperimentazione clinica del "
                    "prodotto. Verificherò che soddisfi i criteri di eleggibilità del "
                    "programma, acquisirò il consenso informato scritto prima della prima "
                    "somministrazione, seguirò il protocollo del programma e segnalerò le "
                    "sospette reazioni avverse come previsto.",
        "ask": "Vi prego di inviarmi, se previsti, il modulo di inserimento e i criteri di "
               "eleggibilità del programma, e di confermare l’inserimento e le modalità di "
               "fornitura alla farmacia ospedaliera{pharmacy}.",
        "pharmacy": " ({name})",
        "enclosures": "Allegati:", "dated": " del",
        "closing": "Distinti saluti,",
    },
    "es": {
        "title": "Solicitud de inclusión de un paciente en un programa de uso compasivo",
        "date_fmt": "%d/%m/%Y",
        "tel": "Tel.", "email": "Correo electrónico:",
        "place_date": "{city}, {date}", "date_only": "{date}",
        "to": "A la atención de",
        "subject": "Asunto: solicitud de inclusión " + sexed("de la paciente", "del paciente")
                   + " {initials} en el programa {programme}",
        # the letter addresses the company ("Les ruego"): a plural opening that needs no
        # knowledge of the contact's sex, never a slash form ("Estimado/a")
        "greeting": "Estimados señores:",
        "greeting_default": "Estimados señores:",
        "intro": "Por la presente solicito la inclusión de " + sexed(
            "mi paciente", "mi paciente") + " {initials} ({details}), "
                 + sexed("atendida", "atendido") + " {institution}, en el programa "
                 "{name} ({kind}) para el medicamento {drug}. Indicación: {indication}",
        "age": "{n} años", "sex": "{sex}",
        "summary": "Resumen clínico",
        "item": "Apartado", "details": "Descripción",
        "icd": "CIE-10", "diagnosed": "diagnóstico:", "colon": ": ", "sep": "; ",
        "histology": "Histología",
        "diagnosis": "Diagnóstico", "stage": "Estadio", "stage_word": "estadio",
        "edition": "AJCC {ed}.ª ed.",
        "ps": "Estado funcional", "assessed": "valorado el",
        "status": "Situación actual de la enfermedad", "prior": "Tratamientos previos",
        "best": "mejor respuesta:", "ongoing": "en curso",
        "biomarkers": "Biomarcadores relevantes",
        "alternative": "Ausencia de tratamiento autorizado satisfactorio",
        "benefit": "Beneficio esperado y riesgos",
        "trials": "Ensayos clínicos valorados",
        "dose": "Dosis", "route": "Vía de administración", "schedule": "Pauta",
        "duration": "Duración prevista",
        "start": "Inicio previsto", "start_default": "Tras la confirmación de la inclusión",
        "criteria": "A mi leal saber y entender, " + sexed("la paciente", "el paciente")
                    + " no puede tratarse de forma satisfactoria con un medicamento autorizado "
                    "ni incluirse en un ensayo clínico del producto. Comprobaré que cumple los "
                    "criterios de elegibilidad del programa, obtendré su consentimiento "
                    "informado por escrito antes de la primera administración, seguiré el "
                    "protocolo del programa y notificaré las sospechas de reacciones adversas "
                    "según lo previsto.",
        "ask": "Les ruego que me remitan, en su caso, el formulario de inclusión y los "
               "criterios de elegibilidad del programa, y que confirmen la inclusión y las "
               "condiciones de suministro al servicio de farmacia hospitalaria{pharmacy}.",
        "pharmacy": " ({name})",
        "enclosures": "Documentación adjunta:", "dated": " de fecha",
        "closing": "Atentamente,",
    },
}


def _at(forms: Sequence[tuple[tuple[str, ...], str]], other: str) -> str:
    """The institution after its preposition and article, chosen by the name's first word
    ("à l’Hôpital universitaire …", "aux Cliniques universitaires …"), or ``other`` (with
    ``{name}``) when the name starts with none of them."""
    out = ""
    for n, (starts, before) in enumerate(forms):
        out += ("{% if " if n == 0 else "{% elif ") + "case.institution.name.startswith(" + repr(
            starts) + ") %}" + before + "{{ case.institution.name }}"
    return out + "{% else %}" + other.replace("{name}", "{{ case.institution.name }}") + (
        "{% endif %}")


#: "treated at X" in each language, with the article the name's first word takes
CUP_AT: dict[str, str] = {
    "en": "at {{ case.institution.name }}",
    "fr": _at([
        (("Hôpital ", "Institut ", "Établissement "), "à l’"),
        (("Centre ", "Groupe hospitalier ", "Groupement ", "CHU ", "CHR ", "CH "),
         "au "),
        (("Clinique ", "Polyclinique ", "Fondation ", "Maison "), "à la "),
        (("Hôpitaux ", "Hospices ", "Cliniques "), "aux "),
    ], "dans l’établissement {name}"),
    "de": _at([
        (("Universitätsklinikum ", "Klinikum ", "Krankenhaus ", "Hôpital ", "Hospital ",
          "Spital ", "Universitätsspital ", "Kantonsspital ", "Tumorzentrum ", "Zentrum ",
          "Institut ", "Städtisches ", "Evangelisches ", "Katholisches "), "am "),
        (("Klinik ", "Universitätsklinik ", "Uniklinik ", "Charité", "Universitätsmedizin ",
          "Medizinische Hochschule "), "an der "),
        (("Kliniken ", "Cliniques ", "Hôpitaux "), "an den "),
    ], "in unserer Einrichtung ({name})"),
    "it": _at([
        (("Ospedale ", "Hôpital ", "Hospital ", "Istituto ", "Azienda ", "IRCCS ",
          "Università "), "presso l’"),
        (("Policlinico ", "Centro ", "Klinikum "), "presso il "),
        (("Clinica ", "Fondazione ", "Clinique ", "Casa di Cura "), "presso la "),
        (("Cliniques ",), "presso le "),
        (("Hôpitaux ",), "presso gli "),
    ], "presso {name}"),
    "es": _at([
        (("Hospital ", "Hôpital ", "Complejo Hospitalario ", "Centro ", "Instituto ",
          "Ospedale ", "Klinikum "), "en el "),
        (("Clínica ", "Fundación ", "Clinique ", "Policlínica "), "en la "),
        (("Cliniques ",), "en las "),
        (("Hôpitaux ", "Hospitales "), "en los "),
    ], "en el centro hospitalario {name}"),
}


def fill(text: str, **values: str) -> str:
    """``text`` with each ``{name}`` replaced (Jinja's own braces left alone)."""
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


def cup_letter(lang: str) -> Doc:
    t = CUP[lang]
    f = "|date('" + t["date_fmt"] + "')"  # dates in the letter's own convention
    doc = Doc(t["title"])
    doc.ctl(SET_ADDR)
    doc.ctl("{%p set prog = case.product.programmes[0] if case.product.programmes else none %}")
    doc.ctl("{%p set to = (prog.contact if prog and prog.contact else none) "
            "or case.product.manufacturer %}")
    doc.letterhead_eu(t["tel"], t["email"])
    # dated in words ("20 November 2026"), the German letter as German letters are
    doc.p(place_date(t["place_date"], t["date_only"],
                     DATE_WORDS.get(lang, "{{ prepared_on" + f + " }}")),
          align="right", after=12)
    doc.p(t["to"], after=0)
    doc.org_address("to")
    programme = ("{{ prog.name if prog else '' }}{% if prog and prog.reference %} "
                 "({{ prog.reference }}){% endif %}")
    initials = "{{ case.patient.initials }}"
    doc.p(fill(t["subject"], initials=initials, programme=programme), bold=True, after=10)
    if "{name}" in t["greeting"]:
        doc.p("{% if to.contact_name %}" + fill(t["greeting"], name="{{ to.contact_name }}")
              + "{% else %}" + t["greeting_default"] + "{% endif %}")
    else:
        doc.p(t["greeting"])
    details = (  # age and sex, each when known: "aged 65, female"
        "{{ [('" + fill(t["age"], n="' ~ case.patient.age ~ '") + "') if case.patient.age "
        "is not none else '', ('" + fill(t["sex"], sex="' ~ case.patient.sex|label('sex') ~ '")
        + "') if case.patient.sex != 'unknown' else '']|select|join(', ') }}"
    )
    doc.p(
        fill(t["intro"], 
            initials=initials, details=details,
            institution=CUP_AT[lang],
            name="{{ prog.name if prog else '' }}",
            kind="{{ prog.kind|label('programme') if prog else '' }}{% if prog and "
                 "prog.reference %}, {{ prog.reference }}{% endif %}",
            drug=DE_DRUG if lang == "de" else DRUG,
            indication=INDICATION_END,
        ),
        align="justify",
    )
    doc.h2(t["summary"])
    sep, colon = t["sep"], t["colon"]
    doc.kv2(
        [
            (t["diagnosis"], "{{ case.diagnosis.primary_cancer|clause }} (" + t["icd"]
             + " {{ case.diagnosis.icd10 }}" + sep + t["diagnosed"]
             + " {{ case.diagnosis.diagnosed_on" + f + " }})"),
            (t["histology"], "{{ case.diagnosis.histology }}", "case.diagnosis.histology"),
            (t["stage"], stage(t["stage_word"].capitalize(), fill(t["edition"], 
                ed="{{ case.diagnosis.stage.ajcc_edition }}")), "case.diagnosis.stage"),
            (t["ps"], performance(t["assessed"], f), "case.diagnosis.performance_status"),
            (t["status"], "{{ case.diagnosis.disease_status }}", "case.diagnosis.disease_status"),
            (t["prior"],
             "{% for p in case.prior_treatments %}{{ p.line }}. {{ p.regimen|clause }} "
             "({{ p.started_on" + f + " }} – {% if p.ended_on %}{{ p.ended_on" + f
             + " }}{% else %}" + t["ongoing"] + "{% endif %}{% if p.best_response %}" + sep
             + t["best"] + " {{ p.best_response|label('response') }}{% endif %})"
             "{% if not loop.last %}" + sep + "{% endif %}{% endfor %}",
             "case.prior_treatments"),
            (t["biomarkers"],
             "{% for b in case.biomarkers %}{{ b.marker }} ({{ b.method|label('method') }})"
             + colon + "{{ b.result|clause }}{% if not loop.last %}" + sep + "{% endif %}"
             "{% endfor %}", "case.biomarkers"),
            (t["alternative"], "{{ case.request.justification.no_satisfactory_alternative }}"),
            (t["benefit"], "{{ case.request.justification.benefit_risk }}"),
            (t["trials"],
             "{% for s in case.request.justification.trials_screened %}{{ s.nct }}" + colon
             + "{{ s.reason_not_eligible|inline|clause }}{% if not loop.last %}" + sep
             + "{% endif %}{% endfor %}", "case.request.justification.trials_screened"),
            (t["dose"], "{{ case.treatment_plan.dose }}"),
            (t["route"], "{{ case.treatment_plan.route }}"),
            (t["schedule"], "{{ case.treatment_plan.schedule }}"),
            (t["duration"], "{{ case.treatment_plan.planned_duration }}"),
            (t["start"], "{{ (case.treatment_plan.planned_start_on" + f + ") if "
             "case.treatment_plan.planned_start_on else \"" + t["start_default"] + "\" }}"),
        ],
        (t["item"], t["details"]),
    )
    doc.p("", after=4)
    doc.p(t["criteria"], align="justify")
    doc.p(
        fill(t["ask"], pharmacy="{% if case.institution.pharmacy %}" + fill(t["pharmacy"], 
            name="{{ case.institution.pharmacy.name }}") + "{% endif %}"),
        align="justify",
        keep=True,  # with the signature (or the enclosures) after it
    )
    doc.ctl("{%p if " + CLINICAL_KINDS + " %}")
    doc.p(t["enclosures"], bold=True, before=6, after=2, keep=True)
    doc.ctl("{%p for a in " + CLINICAL_KINDS + " %}")
    # the list stays with the closing and the signature after it
    doc.p("{{ a.title }}{% if a.dated %}" + t["dated"] + " {{ a.dated" + f + " }}{% endif %}",
          style="List Number", keep=True)
    doc.ctl("{%p endfor %}")
    doc.ctl("{%p endif %}")
    doc.signature_eu(t["closing"])
    return doc


#: a space before ; : ? ! » or after «, which French typography makes non-breaking so that
#: no line starts with the sign
_FR_SPACE = re.compile(r" (?=[;:?!»])|(?<=«) ")


def fr_typography(build: Callable[[], Doc]) -> Callable[[], Doc]:
    """``build``, whose French text then has a no-break space (U+00A0) before ; : ? ! and
    inside « » (the space of the template's words and of its separators such as ' ; ')."""
    def built() -> Doc:
        doc = build()
        for t in doc.d.element.body.iter(qn("w:t")):
            if t.text:
                t.text = _FR_SPACE.sub("\u00a0", t.text)
        return doc
    return built


TEMPLATES: dict[str, Callable[[], Doc]] = {
    "fr-aac-fiche-preparation.docx": fr_typography(fr_fiche_preparation),
    "fr-aac-resume-clinique.docx": fr_typography(fr_resume_clinique),
    "fr-aac-note-pui.docx": fr_typography(fr_note_pui),
    "de-heilversuch-indikation.docx": de_indikation,
    "de-heilversuch-haertefallprogramm.docx": de_haertefallprogramm,
    "de-heilversuch-apothekenanforderung.docx": de_apothekenanforderung,
    "de-heilversuch-kostenuebernahmeantrag.docx": de_kostenuebernahmeantrag,
    "de-heilversuch-aerztliche-stellungnahme.docx": de_aerztliche_stellungnahme,
    **{f"cup-enrolment-letter-{lang}.docx": (lambda lang=lang: cup_letter(lang)) for lang in CUP},
    "cup-enrolment-letter-fr.docx": fr_typography(lambda: cup_letter("fr")),
}


def main(argv: Sequence[str] | None = None) -> int:
    return base.run(TEMPLATES, OUT_DIR, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    raise SystemExit(main())
