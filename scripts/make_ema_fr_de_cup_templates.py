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

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import make_fda_templates as base
from a4_templates import A4Doc, widths

OUT_DIR = base.ROOT / "templates" / "ema"

DRUG = base.DRUG
PHYS = base.PHYS
INDICATION = base.INDICATION
SET_ADDR = base.SET_ADDR
TNM = base.TNM
CITY = (
    "{% if addr.postal_code %}{{ addr.postal_code }} {% endif %}{{ addr.city }}"
    "{% if addr.region %} ({{ addr.region }}){% endif %}"
)
PLACE = "{{ (case.institution.address or case.physician.address or dict(city='')).city }}"
SUPPLIER = "{{ (case.product.supplier or case.product.manufacturer).name }}"
CLINICAL_KINDS = (
    "attachments.pathology_report + attachments.biomarker_report + attachments.imaging_report"
    " + attachments.lab_report + attachments.discharge_summary"
)


class Doc(A4Doc):
    """An A4 template with 2 cm margins."""

    def kv2(self, rows: Sequence[base.Row], header: tuple[str, str]) -> None:
        self.table(header, widths(1, 2), rows, bold_first=True)

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
        self.p(
            "{{ [('" + tel + " ' ~ case.physician.phone) if case.physician.phone else '', "
            "('" + email + " ' ~ case.physician.email) if case.physician.email else '']"
            "|select|join('   |   ') }}",
            size=11,
            after=18,
            rule=True,
        )

    def org_address(self, var: str) -> None:
        """An organisation's address block (name, contact, address, email)."""
        self.p("{{ " + var + ".name }}", bold=True, after=0)
        self.ctl("{%p if " + var + ".contact_name %}")
        self.p("{{ " + var + ".contact_name }}", after=0)
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
        self.p(closing, before=6, after=30, keep=True)
        self.p("______________________________________", after=0, keep=True)
        self.p(PHYS, after=0, keep=True)
        self.ctl("{%p if case.physician.job_title %}")
        self.p("{{ case.physician.job_title }}", after=0, keep=True)
        self.ctl("{%p endif %}")
        self.p("{{ case.institution.name }}", after=12)

    def lines(self, items: Sequence[str], *, indent: float = 0.3) -> None:
        for line in items:
            self.p(line, indent=indent, after=0)
        self.p("", after=4)


def stage(word: str, edition: str, missing: str) -> str:
    """The stage in a language: ``stade IVB (cT2b cN2 cM1c, AJCC 8)``."""
    return (
        "{% if case.diagnosis.stage %}{% if case.diagnosis.stage.overall %}" + word + " "
        "{{ case.diagnosis.stage.overall }}{% endif %}"
        "{% if case.diagnosis.stage.t or case.diagnosis.stage.n or case.diagnosis.stage.m %} ("
        + TNM
        + "{% if case.diagnosis.stage.ajcc_edition %}, " + edition + "{% endif %}){% endif %}"
        "{% else %}" + missing + "{% endif %}"
    )


def performance(assessed: str, missing: str, fmt: str = "") -> str:
    date = "{{ case.diagnosis.performance_status.assessed_on" + fmt + " }}"
    return (
        "{% if case.diagnosis.performance_status %}{{ case.diagnosis.performance_status.scale }} "
        "{{ case.diagnosis.performance_status.value }}{% if case.diagnosis.performance_status"
        ".assessed_on %} (" + assessed + " " + date + "){% endif %}"
        "{% else %}" + missing + "{% endif %}"
    )


def prior_table(doc: Doc, header: Sequence[str], ongoing: str, none: str, fmt: str = "") -> None:
    doc.ctl("{%p if case.prior_treatments %}")
    doc.table(
        header,
        widths(0.6, 1.0, 1.9, 1.3, 0.9, 1.4),
        [
            "{%tr for t in case.prior_treatments %}",
            [
                "{{ t.line }}",
                "{{ t.setting }}",
                "{{ t.regimen }}",
                "{{ t.started_on" + fmt + " }} – {{ (t.ended_on" + fmt + ") if t.ended_on else '"
                + ongoing + "' }}",
                "{{ w[t.best_response] if t.best_response else '' }}",
                "{{ t.reason_stopped }}",
            ],
            "{%tr endfor %}",
        ],
    )
    doc.ctl("{%p else %}")
    doc.p(none)
    doc.ctl("{%p endif %}")


def biomarker_table(doc: Doc, header: Sequence[str], none: str) -> None:
    doc.ctl("{%p if case.biomarkers %}")
    doc.table(
        header,
        widths(0.9, 2.3, 0.7, 1.6, 0.9),
        [
            "{%tr for b in case.biomarkers %}",
            ["{{ b.marker }}", "{{ b.result }}", "{{ b.method }}", "{{ b.laboratory }}",
             "{{ b.reported_on }}"],
            "{%tr endfor %}",
        ],
    )
    doc.ctl("{%p else %}")
    doc.p(none)
    doc.ctl("{%p endif %}")


def lab_table(doc: Doc, header: Sequence[str], none: str) -> None:
    doc.ctl("{%p if case.labs %}")
    doc.table(
        header,
        widths(2.0, 0.9, 1.1, 1.4, 1.0),
        [
            "{%tr for l in case.labs %}",
            ["{{ l.name }}", "{{ l.value }}", "{{ l.unit }}", "{{ l.reference_range }}",
             "{{ l.measured_on }}"],
            "{%tr endfor %}",
        ],
    )
    doc.ctl("{%p else %}")
    doc.p(none)
    doc.ctl("{%p endif %}")


def trials_table(doc: Doc, header: Sequence[str], none: str) -> None:
    doc.ctl("{%p if case.request.justification.trials_screened %}")
    doc.table(
        header,
        widths(1.0, 2.4, 2.6),
        [
            "{%tr for s in case.request.justification.trials_screened %}",
            ["{{ s.nct }}", "{{ s.title }}", "{{ s.reason_not_eligible }}"],
            "{%tr endfor %}",
        ],
    )
    doc.ctl("{%p else %}")
    doc.p(none)
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.request.trials_screened_note %}")
    doc.p("{{ case.request.trials_screened_note }}", style="Small Text")
    doc.ctl("{%p endif %}")


def bullets(doc: Doc, expr: str, none: str) -> None:
    doc.ctl("{%p for c in " + expr + " %}")
    doc.bullet("{{ c }}")
    doc.ctl("{%p else %}")
    doc.bullet(none)
    doc.ctl("{%p endfor %}")


# ======================================================================================
# France — AAC: the prescriber's request, sent to ANSM by the PUI pharmacist (e-Saturne)
# ======================================================================================
FR_SET_WORDS = (
    "{%p set w = dict(female='féminin', male='masculin', intersex='intersexe', "
    "unknown='non renseigné', CR='réponse complète', PR='réponse partielle', "
    "SD='maladie stable', PD='progression', NE='non évaluable', "
    "phase_1='phase I', phase_2='phase II', phase_3='phase III', "
    "submitted=\"demande d’AMM déposée\", approved='autorisé', "
    "FR=\"France (ANSM)\", EU=\"Union européenne (Commission européenne)\") %}"
)
FR_STAGE = stage("stade", "AJCC {{ case.diagnosis.stage.ajcc_edition }}e éd.", "non renseigné")
FR_PS = performance("évalué le", "non renseigné")
FR_AGE = "{% if case.patient.age is not none %}{{ case.patient.age }} ans{% endif %}"
FR_WEIGHT = (
    "{% if case.patient.weight_kg %}{{ case.patient.weight_kg }} kg"
    "{% else %}non renseigné{% endif %}"
)
FR_ALLERGIES = (
    "{% if case.patient.allergies is none %}non renseignées"
    "{% elif case.patient.allergies %}{{ case.patient.allergies }}"
    "{% else %}aucune connue{% endif %}"
)
FR_LICENCE = (
    "{% if case.physician.licence %}{{ case.physician.licence.number }} "
    "({{ case.physician.licence.jurisdiction }}){% else %}non renseigné{% endif %}"
)
FR_PATIENT_WORD = "{{ 'ma patiente' if case.patient.sex == 'female' else 'mon patient' }}"
FR_PHARMACIST = (
    "{% if case.institution.pharmacy and case.institution.pharmacy.contact_name %}"
    "{{ case.institution.pharmacy.contact_name }}"
    "{% else %}à compléter : nom du pharmacien gérant la PUI{% endif %}"
)
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
    doc.label("Références des essais du médicament enregistrés dans le dossier")
    doc.ctl("{%p for t in case.product.trials + case.product.trial_registrations %}")
    doc.bullet(
        "{{ t }}{% for s in case.request.justification.trials_screened if s.nct == t %}"
        " — {{ s.title or '' }}{% endfor %}"
    )
    doc.ctl("{%p else %}")
    doc.bullet("Aucune référence enregistrée dans le dossier.")
    doc.ctl("{%p endfor %}")
    doc.p(
        "Indiquez dans la demande ceux de ces essais qui sont en cours et menés à des fins "
        "commerciales ; le laboratoire peut le confirmer.",
        style="Small Text",
    )
    doc.label("Recherche à des fins commerciales dans l’indication")
    doc.p(
        "{% if case.product.in_development_for_indication is none %}Non précisé : à vérifier "
        "auprès du laboratoire."
        "{% elif case.product.in_development_for_indication %}Le médicament fait l’objet d’une "
        "recherche à des fins commerciales dans cette indication."
        "{% else %}Selon le laboratoire, le médicament ne fait pas l’objet d’une recherche "
        "impliquant la personne humaine à des fins commerciales dans cette indication."
        "{% endif %}",
        align="justify",
    )
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
    trials_table(doc, FR_TRIALS_HEAD, "Aucun essai clinique renseigné.")
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
    doc.label("Autorisations de mise sur le marché, dans toute indication")
    doc.ctl("{%p if case.product.approvals %}")
    doc.table(
        ["Autorité", "Statut", "Nom commercial", "Indication"],
        widths(1.4, 1.5, 1.1, 2.0),
        [
            "{%tr for a in case.product.approvals %}",
            [
                "{{ w[a.jurisdiction] if a.jurisdiction in ['FR', 'EU'] else a.jurisdiction }}",
                "{% if a.status == 'withdrawn' %}retirée{% if a.withdrawn_on %} le "
                "{{ a.withdrawn_on }}{% endif %}{% else %}en vigueur{% if a.approved_on %} "
                "depuis le {{ a.approved_on }}{% endif %}{% if a.status == "
                "'marketing_discontinued' %}, commercialisation arrêtée{% endif %}{% endif %}",
                "{{ a.brand_name or '' }}",
                "{{ a.indication or 'non précisée' }}",
            ],
            "{%tr endfor %}",
        ],
    )
    doc.ctl("{%p else %}")
    doc.p("Aucune autorisation de mise sur le marché enregistrée dans le dossier.")
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
    doc.ctl(FR_SET_WORDS)
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
            ("Fonction", "{{ case.physician.job_title or 'non renseignée' }}"),
            ("Spécialité", "{{ case.physician.specialty or 'non renseignée' }}"),
            ("N° RPPS / inscription", FR_LICENCE),
            ("Établissement", "{{ case.institution.name }}"),
            ("Téléphone / courriel",
             "{{ [case.physician.phone or '', case.physician.email or '']|select|join(' — ') "
             "or 'non renseignés' }}"),
            ("Pharmacien gérant la PUI, qui transmet la demande", FR_PHARMACIST),
            ("Pharmacie à usage intérieur (PUI)",
             "{% if case.institution.pharmacy %}{{ case.institution.pharmacy.name }}"
             "{% else %}non renseignée{% endif %}"),
        ],
        ("Mention", "Contenu"),
    )
    doc.h2("2° Patient")
    doc.kv2(
        [
            ("Initiales du nom et du prénom", "{{ case.patient.initials }}"),
            ("Âge", FR_AGE),
            ("Sexe", "{{ w[case.patient.sex] }}"),
            ("Poids", FR_WEIGHT),
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
            ("Forme pharmaceutique", "{{ case.product.dosage_form or 'non renseignée' }}"),
            ("Dosage", "{{ case.product.strength or 'non renseigné' }}"),
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
            ("Quantité demandée",
             "{{ case.treatment_plan.quantity_requested or 'non renseignée' }}"),
            ("Date de début envisagée",
             "{{ case.treatment_plan.planned_start_on or \"dès l’autorisation\" }}"),
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
            ("Histologie", "{{ case.diagnosis.histology or 'non renseignée' }}"),
            ("Stade", FR_STAGE),
            ("Date du diagnostic", "{{ case.diagnosis.diagnosed_on }}"),
            ("Localisations métastatiques", "{{ case.diagnosis.metastatic_sites or 'aucune' }}"),
            ("État actuel de la maladie", "{{ case.diagnosis.disease_status or 'non renseigné' }}"),
            ("Indice de performance", FR_PS),
            ("Maladie rare",
             "{% if case.diagnosis.rare_disease %}oui{% elif case.diagnosis.rare_disease is none %}"
             "non précisé{% else %}non{% endif %}"),
            ("Allergies", FR_ALLERGIES),
        ],
        ("Élément", "Description"),
    )
    doc.label("Traitements antérieurs")
    prior_table(doc, FR_PRIOR_HEAD, "en cours", "Aucun traitement antérieur.")
    doc.h2("Laboratoire, fournisseur et autorisations de mise sur le marché")
    doc.kv2(
        [
            ("Titulaire des droits d’exploitation (laboratoire)",
             "{{ case.product.manufacturer.name }}"),
            ("Fournisseur", SUPPLIER),
            ("Contact du fournisseur",
             "{% set s = case.product.supplier or case.product.manufacturer %}"
             "{{ [s.contact_name or '', s.email or '', s.phone or '']|select|join(' — ') }}"),
            ("Stade de développement dans l’indication",
             "{{ w[case.product.development_phase] if case.product.development_phase "
             "else 'non renseigné' }}"),
        ],
        ("Élément", "Description"),
    )
    fr_approvals(doc)
    doc.h2("Pièces à téléverser")
    doc.numbered("Résumé clinique (joint au présent dossier)")
    doc.ctl("{%p for a in " + CLINICAL_KINDS + " + attachments.investigator_brochure %}")
    doc.numbered("{{ a.title }}{% if a.dated %}, du {{ a.dated }}{% endif %}")
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
    doc.ctl(FR_SET_WORDS)
    doc.h1("Résumé clinique")
    fr_id_table(doc)
    doc.h2("Patient")
    doc.p(
        "{{ case.patient.initials }}, " + FR_AGE + ", sexe {{ w[case.patient.sex] }}, poids "
        + FR_WEIGHT + ". Allergies : " + FR_ALLERGIES + ".",
    )
    doc.h2("Diagnostic")
    doc.kv2(
        [
            ("Pathologie",
             "{{ case.diagnosis.primary_cancer }} (CIM-10 {{ case.diagnosis.icd10 }})"),
            ("Histologie", "{{ case.diagnosis.histology or 'non renseignée' }}"),
            ("Grade", "{{ case.diagnosis.grade or 'non renseigné' }}"),
            ("Stade", FR_STAGE),
            ("Date du diagnostic", "{{ case.diagnosis.diagnosed_on }}"),
            ("Localisations métastatiques", "{{ case.diagnosis.metastatic_sites or 'aucune' }}"),
            ("Indice de performance", FR_PS),
        ],
        ("Élément", "Description"),
    )
    doc.h2("Anatomopathologie")
    doc.ctl("{%p for r in case.pathology %}")
    doc.bullet(
        "{{ r.reported_on }} — {{ r.specimen }}{% if r.site %} ({{ r.site }}){% endif %} : "
        "{{ r.finding }}"
    )
    doc.ctl("{%p else %}")
    doc.bullet("Aucun compte rendu renseigné.")
    doc.ctl("{%p endfor %}")
    doc.h2("Biologie moléculaire et biomarqueurs")
    biomarker_table(doc, ["Marqueur", "Résultat", "Méthode", "Laboratoire", "Date"],
                    "Aucun biomarqueur renseigné.")
    doc.h2("Traitements antérieurs")
    prior_table(doc, FR_PRIOR_HEAD, "en cours", "Aucun traitement antérieur.")
    doc.h2("État actuel")
    doc.p("{{ case.diagnosis.disease_status or 'Non renseigné.' }}", align="justify")
    doc.h2("Comorbidités et traitements en cours")
    bullets(doc, "case.comorbidities + case.current_medications", "Aucun renseigné.")
    doc.h2("Biologie récente")
    lab_table(doc, ["Examen", "Valeur", "Unité", "Valeurs de référence", "Date"],
              "Aucun résultat renseigné.")
    doc.h2("Justification")
    doc.label("Absence de traitement approprié")
    doc.p("{{ case.request.justification.no_satisfactory_alternative }}", align="justify")
    doc.label("Efficacité et sécurité présumées au vu des données cliniques disponibles")
    doc.p("{{ case.request.justification.benefit_risk }}", align="justify")
    doc.label("Essais cliniques examinés")
    trials_table(doc, FR_TRIALS_HEAD, "Aucun essai clinique renseigné.")
    doc.h2("Schéma thérapeutique proposé")
    doc.kv2(
        [
            ("Médicament", DRUG),
            ("Dose", "{{ case.treatment_plan.dose }}"),
            ("Voie", "{{ case.treatment_plan.route }}"),
            ("Rythme", "{{ case.treatment_plan.schedule }}"),
            ("Durée prévue", "{{ case.treatment_plan.planned_duration }}"),
            ("Prémédication et soins de support",
             "{{ case.treatment_plan.premedication or 'aucune' }}"),
            ("Surveillance", "{{ case.treatment_plan.monitoring }}"),
            ("Adaptations de dose", "{{ case.treatment_plan.dose_modifications }}"),
            ("Critères d’arrêt", "{{ case.treatment_plan.stopping_rules or 'non précisés' }}"),
        ],
        ("Élément", "Description"),
    )
    doc.p("Fait à " + PLACE + ", le {{ prepared_on }}.", before=10)
    doc.signature_eu("Le médecin prescripteur,")
    return doc


def fr_note_pui() -> Doc:
    doc = Doc("Note du prescripteur au pharmacien de la PUI — demande d’AAC")
    doc.ctl(FR_SET_WORDS)
    doc.ctl(SET_ADDR)
    doc.letterhead_eu("Tél.", "Courriel :")
    doc.p(PLACE + ", le {{ prepared_on }}", align="right", after=12)
    doc.ctl("{%p set pui = case.institution.pharmacy %}")
    doc.p("À l’attention du pharmacien gérant la pharmacie à usage intérieur", after=0)
    doc.ctl("{%p if pui %}")
    doc.org_address("pui")
    doc.ctl("{%p else %}")
    doc.p("{{ case.institution.name }}", after=8)
    doc.ctl("{%p endif %}")
    doc.p(
        "Objet : demande d’autorisation d’accès compassionnel (AAC) pour " + DRUG
        + " — {{ 'patiente' if case.patient.sex == 'female' else 'patient' }} "
        "{{ case.patient.initials }} — transmission à l’ANSM",
        bold=True,
        after=10,
    )
    doc.p("Madame, Monsieur,")
    doc.p(
        "Je vous remets ma demande d’autorisation d’accès compassionnel (article L.5121-12-1, "
        "II, du code de la santé publique) pour le médicament " + DRUG + ", destiné au "
        "traitement de " + FR_PATIENT_WORD + " {{ case.patient.initials }} (" + FR_AGE
        + ", sexe {{ w[case.patient.sex] }}, " + FR_WEIGHT + "). Indication : " + INDICATION
        + ". Comme le prévoit l’article R.5121-74 du même code, il vous revient, en tant que "
        "pharmacien gérant la pharmacie à usage intérieur, de la transmettre à l’ANSM par voie "
        "électronique, dans le téléservice e-Saturne.",
        align="justify",
    )
    doc.p("Éléments utiles à la pharmacie :", keep=True, after=2)
    doc.kv2(
        [
            ("Médicament", DRUG),
            ("Forme et dosage",
             "{{ [case.product.dosage_form or '', case.product.strength or '']"
             "|select|join(', ') or 'non renseignés' }}"),
            ("Laboratoire / fournisseur", SUPPLIER),
            ("Posologie", "{{ case.treatment_plan.dose }} — {{ case.treatment_plan.route }} — "
                          "{{ case.treatment_plan.schedule }}"),
            ("Durée prévue", "{{ case.treatment_plan.planned_duration }}"),
            ("Quantité demandée", "{{ case.treatment_plan.quantity_requested or 'à préciser' }}"),
            ("Début envisagé",
             "{{ case.treatment_plan.planned_start_on or \"dès l’autorisation\" }}"),
        ],
        ("Élément", "Détail"),
    )
    doc.p("", after=4)
    doc.p(
        "Sont joints (voir le sommaire) : la fiche de préparation, qui reprend le contenu de "
        "la demande selon les mentions 1° à 7° de l’article R.5121-74 et où "
        "j’ai complété à la main et signé ce qui me revient (engagements, possibilité de "
        "différer le traitement) ; le résumé clinique ; les pièces justificatives à téléverser "
        "dans e-Saturne.",
        align="justify",
    )
    doc.p(
        "Le médicament est dispensé par la PUI au vu de l’autorisation de l’ANSM "
        "(article R.5121-74-3). Hors heures ouvrables, si nous jugeons tous deux la demande "
        "conforme aux critères d’octroi, la PUI n’est pas tenue d’appeler l’astreinte de "
        "l’ANSM : son accord oral n’est pas requis et il est régularisé ensuite dans "
        "e-Saturne. En cas d’urgence vitale, l’astreinte de l’ANSM demeure.",
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
    )
    doc.signature_eu("Veuillez agréer, Madame, Monsieur, mes salutations distinguées.")
    return doc


# ======================================================================================
# Germany — individueller Heilversuch
# ======================================================================================
DE_SET_WORDS = (
    "{%p set w = dict(female='weiblich', male='männlich', intersex='divers', "
    "unknown='unbekannt', CR='komplette Remission', PR='partielle Remission', "
    "SD='stabile Erkrankung', PD='Progression', NE='nicht beurteilbar', "
    "phase_1='Phase I', phase_2='Phase II', phase_3='Phase III', "
    "submitted='Zulassung beantragt', approved='zugelassen') %}"
)
DE_STAGE = stage(
    "Stadium", "AJCC {{ case.diagnosis.stage.ajcc_edition }}. Aufl.", "nicht angegeben"
)
DE_PS = performance("erhoben am", "nicht angegeben")
DE_AGE = "{% if case.patient.age is not none %}{{ case.patient.age }} Jahre{% endif %}"
DE_WEIGHT = (
    "{% if case.patient.weight_kg %}{{ case.patient.weight_kg }} kg"
    "{% else %}nicht angegeben{% endif %}"
)
DE_ALLERGIES = (
    "{% if case.patient.allergies is none %}nicht erhoben"
    "{% elif case.patient.allergies %}{{ case.patient.allergies }}"
    "{% else %}keine bekannt{% endif %}"
)
DE_HFP = "case.product.programmes|selectattr('kind', 'equalto', 'haertefallprogramm')|list"
DE_PATIENT_WORDS = (  # (subject at the start of a sentence, dative); no braces in {%p %}
    "{%p set pat = ('Die Patientin', 'der Patientin') if case.patient.sex == 'female' else "
    "(('Der Patient', 'dem Patienten') if case.patient.sex == 'male' else "
    "('Die Patientin bzw. der Patient', 'der Patientin bzw. dem Patienten')) %}"
)
# a soft hyphen: the narrow column breaks "An-sprechen", not "Anspreche-n"
DE_PRIOR_HEAD = ["Linie", "Setting", "Therapie", "Zeitraum", "Bestes An\u00adsprechen",
                 "Grund des Abbruchs"]
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


def de_id_table(doc: Doc) -> None:
    doc.table(
        ["Patient/in (Initialen)", "Arzneimittel", "Behandelnde/r Ärztin/Arzt", "Datum"],
        widths(1.1, 1.8, 2.6, 1.0),
        [[
            "{{ case.patient.initials }}",
            DRUG,
            PHYS + ", {{ case.institution.name }}",
            "{{ prepared_on }}",
        ]],
    )
    doc.p("", after=2)


def de_indikation() -> Doc:
    doc = Doc("Indikation und Begründung des individuellen Heilversuchs")
    doc.ctl(DE_SET_WORDS)
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
    doc.h2("1. Patient/in")
    doc.kv2(
        [
            ("Initialen", "{{ case.patient.initials }}"),
            ("Alter", DE_AGE),
            ("Geschlecht", "{{ w[case.patient.sex] }}"),
            ("Körpergewicht", DE_WEIGHT),
            ("Allergien", DE_ALLERGIES),
        ],
        ("Angabe", "Wert"),
    )
    doc.h2("2. Diagnose")
    doc.kv2(
        [
            ("Erkrankung", "{{ case.diagnosis.primary_cancer }}"),
            ("ICD-10", "{{ case.diagnosis.icd10 }}"),
            ("Histologie", "{{ case.diagnosis.histology or 'nicht angegeben' }}"),
            ("Grading", "{{ case.diagnosis.grade or 'nicht angegeben' }}"),
            ("Stadium", DE_STAGE),
            ("Erstdiagnose", "{{ case.diagnosis.diagnosed_on }}"),
            ("Metastasen", "{{ case.diagnosis.metastatic_sites or 'keine' }}"),
            ("Aktueller Krankheitsstatus",
             "{{ case.diagnosis.disease_status or 'nicht angegeben' }}"),
            ("Allgemeinzustand", DE_PS),
        ],
        ("Angabe", "Wert"),
    )
    doc.h2("3. Molekularpathologie")
    biomarker_table(doc, ["Marker", "Ergebnis", "Methode", "Labor", "Datum"],
                    "Keine Biomarker angegeben.")
    doc.h2("4. Vortherapien")
    prior_table(doc, DE_PRIOR_HEAD, "laufend", "Keine Vortherapien.")
    doc.h2("5. Begründung")
    doc.label("Fehlen einer geeigneten zugelassenen Therapiealternative")
    doc.p("{{ case.request.justification.no_satisfactory_alternative }}", align="justify")
    doc.label("Nutzen-Risiko-Abwägung")
    doc.p("{{ case.request.justification.benefit_risk }}", align="justify")
    doc.label("Geprüfte klinische Studien")
    trials_table(doc, ["Studie", "Titel", "Grund der Nichteignung"], "Keine Studien angegeben.")
    doc.h2("6. Begleiterkrankungen und Begleitmedikation")
    bullets(doc, "case.comorbidities + case.current_medications", "Keine angegeben.")
    doc.h2("7. Aktuelle Laborwerte")
    lab_table(doc, ["Parameter", "Wert", "Einheit", "Referenzbereich", "Datum"],
              "Keine Laborwerte angegeben.")
    doc.h2("8. Therapieplan")
    doc.kv2(
        [
            ("Arzneimittel", DRUG),
            ("Hersteller", "{{ case.product.manufacturer.name }}"),
            ("Zulassungsstatus", DE_AUTH_STATUS),
            ("Entwicklungsstand",
             "{{ w[case.product.development_phase] if case.product.development_phase "
             "else 'nicht angegeben' }}"),
            ("Dosierung", "{{ case.treatment_plan.dose }}"),
            ("Applikationsweg", "{{ case.treatment_plan.route }}"),
            ("Schema", "{{ case.treatment_plan.schedule }}"),
            ("Geplante Dauer", "{{ case.treatment_plan.planned_duration }}"),
            ("Prämedikation / Supportivtherapie",
             "{{ case.treatment_plan.premedication or 'keine' }}"),
            ("Überwachung", "{{ case.treatment_plan.monitoring }}"),
            ("Dosisanpassung bei Toxizität", "{{ case.treatment_plan.dose_modifications }}"),
            ("Abbruchkriterien", "{{ case.treatment_plan.stopping_rules or 'nicht angegeben' }}"),
        ],
        ("Angabe", "Festlegung"),
    )
    doc.h2("9. Aufklärung und Einwilligung")
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
    doc.p(PLACE + ", den {{ prepared_on }}", before=10)
    doc.signature_eu("Behandelnde Ärztin / behandelnder Arzt:")
    return doc


def de_haertefallprogramm() -> Doc:
    doc = Doc("Hinweis zum Härtefallprogramm")
    doc.ctl("{%p set hfp = " + DE_HFP + " %}")
    doc.h1("Hinweis zum Härtefallprogramm")
    de_id_table(doc)
    doc.ctl("{%p if hfp %}")
    doc.p(
        "Das Arzneimittel " + DRUG + " ist Gegenstand eines Härtefallprogramms "
        "(Arzneimittel-Härtefall-Verordnung, § 21 Abs. 2 AMG). Die Anforderung für diese "
        "Patientin bzw. diesen Patienten richtet sich an das Programm, d. h. an das "
        "pharmazeutische Unternehmen, nicht an eine Bundesoberbehörde; die Anzeige bei der "
        "Behörde ist Sache des Unternehmens. Härtefallprogramme sind für die Patientinnen und "
        "Patienten kostenlos.",
        align="justify",
    )
    doc.ctl("{%p for prog in hfp %}")
    doc.kv2(
        [
            ("Programm", "{{ prog.name }}"),
            ("Kennung", "{{ prog.reference or 'nicht angegeben' }}"),
            ("Ansprechpartner",
             "{% set c = prog.contact or case.product.manufacturer %}{{ c.name }}"
             "{% if c.contact_name %}, {{ c.contact_name }}{% endif %}"
             "{% if c.email %}, {{ c.email }}{% endif %}"
             "{% if c.phone %}, {{ c.phone }}{% endif %}"),
        ],
        ("Angabe", "Wert"),
    )
    doc.p("", after=4)
    doc.ctl("{%p endfor %}")
    doc.p(
        "Vor einem individuellen Heilversuch ist zu prüfen, ob die Aufnahme in das Programm "
        "möglich ist; die Anfrage an das Programm kann mit der Route ema/cup-enrolment "
        "(Sprache: Deutsch) vorbereitet werden.",
        align="justify",
    )
    doc.ctl("{%p else %}")
    doc.p(
        "Das Arzneimittel ist in folgendem Programm für den erweiterten Zugang (kein "
        "deutsches Härtefallprogramm):",
        keep=True,
    )
    doc.ctl("{%p for prog in case.product.programmes %}")
    doc.bullet("{{ prog.name }}{% if prog.country %} ({{ prog.country }}){% endif %}"
               "{% if prog.reference %}, {{ prog.reference }}{% endif %}")
    doc.ctl("{%p endfor %}")
    doc.p("Ob eine Aufnahme aus Deutschland möglich ist, ist mit dem Unternehmen zu klären.")
    doc.ctl("{%p endif %}")
    return doc


def de_apothekenanforderung() -> Doc:
    doc = Doc("Anforderung an die Krankenhausapotheke — individueller Heilversuch")
    doc.ctl(DE_SET_WORDS)
    doc.ctl(DE_SET_AUTH)
    doc.ctl(SET_ADDR)
    doc.letterhead_eu("Tel.", "E-Mail:")
    doc.p(PLACE + ", den {{ prepared_on }}", align="right", after=12)
    doc.ctl("{%p set apo = case.institution.pharmacy %}")
    doc.p("An die Krankenhausapotheke", after=0)
    doc.ctl("{%p if apo %}")
    doc.org_address("apo")
    doc.ctl("{%p else %}")
    doc.p("{{ case.institution.name }}", after=8)
    doc.ctl("{%p endif %}")
    doc.p(
        "Betreff: Anforderung eines {{ '' if zul else 'nicht zugelassenen ' }}Arzneimittels "
        "im Rahmen eines individuellen Heilversuchs — " + DRUG + ", Patient/in "
        "{{ case.patient.initials }}",
        bold=True,
        after=10,
    )
    doc.p("Sehr geehrte Damen und Herren,")
    doc.p(
        "für {{ 'meine Patientin' if case.patient.sex == 'female' else ('meinen Patienten' "
        "if case.patient.sex == 'male' else 'meine Patientin bzw. meinen Patienten') }} "
        "{{ case.patient.initials }} (" + DE_AGE
        + ") bitte ich um Beschaffung und Abgabe des folgenden Arzneimittels im Rahmen eines "
        "individuellen Heilversuchs unter meiner ärztlichen Verantwortung. Indikation: "
        + INDICATION + ".",
        align="justify",
    )
    doc.kv2(
        [
            ("Arzneimittel", DRUG),
            ("Darreichungsform", "{{ case.product.dosage_form or 'nicht angegeben' }}"),
            ("Stärke", "{{ case.product.strength or 'nicht angegeben' }}"),
            ("Hersteller", "{{ case.product.manufacturer.name }}"),
            ("Zulassungsstatus", DE_AUTH_STATUS),
            ("Lieferant",
             "{% set s = case.product.supplier or case.product.manufacturer %}{{ s.name }}"
             "{% if s.contact_name %}, {{ s.contact_name }}{% endif %}"
             "{% if s.email %}, {{ s.email }}{% endif %}"
             "{% if s.phone %}, {{ s.phone }}{% endif %}"),
            ("Dosierung", "{{ case.treatment_plan.dose }}"),
            ("Applikationsweg", "{{ case.treatment_plan.route }}"),
            ("Schema", "{{ case.treatment_plan.schedule }}"),
            ("Geplante Dauer", "{{ case.treatment_plan.planned_duration }}"),
            ("Angeforderte Menge",
             "{{ case.treatment_plan.quantity_requested or 'nach Rücksprache' }}"),
            ("Geplanter Therapiebeginn",
             "{{ case.treatment_plan.planned_start_on or 'nach Eingang der Ware' }}"),
            ("Körpergewicht", DE_WEIGHT),
            ("Herstellerzusage",
             "{% for a in attachments.manufacturer_agreement %}liegt vor: {{ a.title }}"
             "{% if a.dated %} vom {{ a.dated }}{% endif %}{% if not loop.last %}; {% endif %}"
             "{% else %}wird nachgereicht{% endfor %}"),
            ("Einwilligung der Patientin / des Patienten",
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
    doc.p("Datum, Unterschrift und Stempel der anfordernden Ärztin / des anfordernden Arztes",
          style="Small Text")
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
DE_FREE = (
    "{% if case.product.free_of_charge %}kostenfrei (nach Angabe des Herstellers)"
    "{% elif case.product.free_of_charge is sameas false %}nicht kostenfrei"
    "{% else %}nicht angegeben{% endif %}"
)


def de_insured_table(doc: Doc) -> None:
    """The insured person as the insurer identifies her or him (full identity only)."""
    doc.kv2(
        [
            ("Versicherte Person", "{{ case.patient.full_name or 'nicht angegeben' }}"),
            ("Geburtsdatum", "{{ case.patient.date_of_birth or 'nicht angegeben' }}"),
            ("Krankenversichertennummer",
             "{{ case.insurance.member_number or 'nicht angegeben' }}"),
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
    doc.p("Krankenversichertennummer: {{ kasse.member_number or 'nicht angegeben' }}", after=0)
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
        "Antrag auf Kostenübernahme nach § 2 Abs. 1a SGB V: Behandlung mit " + DRUG
        + " im Rahmen eines individuellen Heilversuchs",
        bold=True,
        after=0,
    )
    doc.p("Krankenversichertennummer: {{ kasse.member_number or 'nicht angegeben' }}",
          bold=True, after=10)
    doc.p("Sehr geehrte Damen und Herren,")
    doc.p(
        "ich bin bei Ihnen gesetzlich krankenversichert. Ich beantrage, dass Sie vor Beginn "
        "der Behandlung die Übernahme der Kosten für eine Behandlung mit dem "
        "{{ '' if zul else 'in Deutschland nicht zugelassenen ' }}Arzneimittel " + DRUG
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
        "soll meine Erkrankung: " + INDICATION + ".",
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
    doc.ctl(DE_SET_WORDS)
    doc.ctl(DE_SET_AUTH)
    doc.ctl(DE_PATIENT_WORDS)
    doc.ctl(SET_ADDR)
    doc.letterhead_eu("Tel.", "E-Mail:")
    doc.p(PLACE + ", den {{ prepared_on }}", align="right", after=6)
    doc.p("Zur Vorlage bei der Krankenkasse: {{ case.insurance.name }}", after=10)
    doc.h1("Ärztliche Stellungnahme zum Antrag auf Kostenübernahme nach § 2 Abs. 1a SGB V")
    de_insured_table(doc)
    doc.p(
        "{{ pat[0] }} beantragt bei der Krankenkasse vor Beginn der Behandlung "
        "eine Kostenübernahmeerklärung für eine Behandlung mit dem "
        "{{ '' if zul else 'in Deutschland nicht zugelassenen ' }}Arzneimittel " + DRUG
        + " im Rahmen eines individuellen Heilversuchs "
        "unter meiner ärztlichen Verantwortung. " + SGB5_2_1A + " Zu diesen Voraussetzungen "
        "nehme ich als behandelnde Ärztin bzw. behandelnder Arzt wie folgt Stellung.",
        align="justify",
    )
    doc.h2("1. Lebensbedrohliche oder regelmäßig tödliche Erkrankung")
    doc.kv2(
        [
            ("Erkrankung", "{{ case.diagnosis.primary_cancer }}"),
            ("ICD-10", "{{ case.diagnosis.icd10 }}"),
            ("Histologie", "{{ case.diagnosis.histology or 'nicht angegeben' }}"),
            ("Stadium", DE_STAGE),
            ("Erstdiagnose", "{{ case.diagnosis.diagnosed_on }}"),
            ("Metastasen", "{{ case.diagnosis.metastatic_sites or 'keine' }}"),
            ("Aktueller Krankheitsstatus",
             "{{ case.diagnosis.disease_status or 'nicht angegeben' }}"),
            ("Allgemeinzustand", DE_PS),
        ],
        ("Angabe", "Befund"),
    )
    doc.p("", after=4)
    doc.label("Molekularpathologie")
    biomarker_table(doc, ["Marker", "Ergebnis", "Methode", "Labor", "Datum"],
                    "Keine Biomarker angegeben.")
    doc.h2("2. Keine allgemein anerkannte, dem medizinischen Standard entsprechende Behandlung "
           "verfügbar")
    doc.label("Bisherige Therapien")
    prior_table(doc, DE_PRIOR_HEAD, "laufend", "Keine Vortherapien.")
    doc.label("Fehlen einer geeigneten Standardtherapie")
    doc.p("{{ case.request.justification.no_satisfactory_alternative }}", align="justify")
    doc.label("Geprüfte klinische Studien")
    trials_table(doc, ["Studie", "Titel", "Grund der Nichteignung"], "Keine Studien angegeben.")
    doc.h2("3. Nicht ganz entfernt liegende Aussicht auf Heilung oder auf eine spürbare "
           "positive Einwirkung auf den Krankheitsverlauf")
    doc.p("{{ case.request.justification.benefit_risk }}", align="justify")
    doc.h2("4. Geplante Behandlung")
    doc.kv2(
        [
            ("Arzneimittel", DRUG),
            ("Hersteller", "{{ case.product.manufacturer.name }}"),
            ("Zulassungsstatus", DE_AUTH_STATUS),
            ("Entwicklungsstand",
             "{{ w[case.product.development_phase] if case.product.development_phase "
             "else 'nicht angegeben' }}"),
            ("Bereitstellung des Arzneimittels", DE_FREE),
            ("Dosierung", "{{ case.treatment_plan.dose }}"),
            ("Applikationsweg", "{{ case.treatment_plan.route }}"),
            ("Schema", "{{ case.treatment_plan.schedule }}"),
            ("Geplante Dauer", "{{ case.treatment_plan.planned_duration }}"),
            ("Geplanter Beginn",
             "{{ case.treatment_plan.planned_start_on or 'nach der Entscheidung der "
             "Krankenkasse' }}"),
            ("Überwachung", "{{ case.treatment_plan.monitoring }}"),
            ("Abbruchkriterien", "{{ case.treatment_plan.stopping_rules or 'nicht angegeben' }}"),
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
    doc.p(PLACE + ", den {{ prepared_on }}", before=10, keep=True)
    doc.signature_eu("Behandelnde Ärztin / behandelnder Arzt:")
    return doc


# ======================================================================================
# Enrolment in a compassionate use programme — one letter per language
# ======================================================================================
# opens a word that agrees with the patient's sex:
# IF_FEMALE + "ma patiente{% else %}mon patient{% endif %}"
IF_FEMALE = "{% if case.patient.sex == 'female' %}"

CUP: dict[str, dict[str, str]] = {
    "en": {
        "title": "Request to enrol a patient in a compassionate use programme",
        "date_fmt": "%d/%m/%Y",
        "tel": "Tel.", "email": "Email:",
        "words": "female='female', male='male', intersex='intersex', unknown='unknown', "
                 "CR='complete response', PR='partial response', SD='stable disease', "
                 "PD='progressive disease', NE='not evaluable', "
                 "art83_cup='compassionate use programme under Article 83 of Regulation (EC) "
                 "No 726/2004', national_cup='national compassionate use programme', "
                 "haertefallprogramm='hardship programme (Härtefallprogramm, AMHV)', "
                 "expanded_access_protocol='expanded access protocol'",
        "place_date": "{place}, {date}",
        "to": "For the attention of",
        "subject": "Re: request to enrol patient {initials} in {programme}",
        "greeting": "Dear {name},",
        "greeting_default": "Dear Sir or Madam,",
        "intro": "I am writing to request the enrolment of {patient} {initials} ({age}, "
                 "{sex}), treated at {institution}, in {programme}, the {kind} for {drug}. "
                 "The patient has {indication}.",
        "age": "{n} years",
        "summary": "Clinical summary",
        "item": "Item", "details": "Details",
        "patient": "my patient", "icd": "ICD-10", "colon": ": ", "sep": "; ",
        "histology": "Histology",
        "diagnosis": "Diagnosis", "stage": "Stage", "stage_word": "stage",
        "edition": "AJCC {ed}th edition", "missing": "not recorded",
        "ps": "Performance status", "assessed": "assessed on",
        "status": "Current disease status", "prior": "Prior lines of therapy",
        "best": "best response:", "none_prior": "none",
        "biomarkers": "Relevant biomarkers", "none": "none recorded",
        "alternative": "Why no satisfactory authorised treatment",
        "benefit": "Expected benefit and risks",
        "trials": "Clinical trials considered",
        "plan": "Proposed treatment",
        "plan_text": "{dose}; {route}; {schedule}; planned duration: {duration}",
        "start": "Planned start", "start_default": "as soon as enrolment is confirmed",
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
        "enclosures": "Enclosures:",
        "closing": "Yours sincerely,",
    },
    "fr": {
        "title": "Demande d’inclusion d’un patient dans un programme d’usage compassionnel",
        "date_fmt": "%d/%m/%Y",
        "tel": "Tél.", "email": "Courriel :",
        "words": "female='féminin', male='masculin', intersex='intersexe', "
                 "unknown='non renseigné', CR='réponse complète', PR='réponse partielle', "
                 "SD='maladie stable', PD='progression', NE='non évaluable', "
                 "art83_cup='programme d’usage compassionnel au titre de l’article 83 du "
                 "règlement (CE) n° 726/2004', national_cup='programme national d’usage "
                 "compassionnel', haertefallprogramm='programme allemand d’usage "
                 "compassionnel (Härtefallprogramm, AMHV)', expanded_access_protocol="
                 "'protocole d’accès élargi'",
        "place_date": "{place}, le {date}",
        "to": "À l’attention de",
        "subject": "Objet : demande d’inclusion du patient {initials} dans le programme "
                   "{programme}",
        "greeting": "Madame, Monsieur,",
        "greeting_default": "Madame, Monsieur,",
        "intro": "Je sollicite l’inclusion de {patient} {initials} ({age}, sexe {sex}), "
                 "{cared} dans l’établissement {institution}, dans le "
                 "programme {programme}, {kind}, pour le médicament {drug}. Indication : "
                 "{indication}.",
        "age": "{n} ans",
        "summary": "Résumé clinique",
        "item": "Élément", "details": "Description",
        "patient": IF_FEMALE + "ma patiente{% else %}mon patient{% endif %}",
        "cared": IF_FEMALE + "suivie{% else %}suivi{% endif %}", "icd": "CIM-10",
        "colon": " : ", "sep": " ; ", "histology": "Histologie",
        "diagnosis": "Diagnostic", "stage": "Stade", "stage_word": "stade",
        "edition": "AJCC {ed}e éd.", "missing": "non renseigné",
        "ps": "Indice de performance", "assessed": "évalué le",
        "status": "État actuel de la maladie", "prior": "Traitements antérieurs",
        "best": "meilleure réponse :", "none_prior": "aucun",
        "biomarkers": "Biomarqueurs pertinents", "none": "aucun renseigné",
        "alternative": "Absence de traitement autorisé satisfaisant",
        "benefit": "Bénéfice attendu et risques",
        "trials": "Essais cliniques examinés",
        "plan": "Traitement proposé",
        "plan_text": "{dose} ; {route} ; {schedule} ; durée prévue : {duration}",
        "start": "Début envisagé", "start_default": "dès confirmation de l’inclusion",
        "criteria": "À ma connaissance, le patient ne peut être traité de manière "
                    "satisfaisante par un médicament autorisé ni être inclus dans un essai "
                    "clinique du produit. Je vérifierai qu’il remplit les critères "
                    "d’éligibilité du programme, recueillerai son consentement éclairé écrit "
                    "avant la première administration, suivrai le protocole du programme et "
                    "déclarerai les effets indésirables suspectés selon ses modalités.",
        "ask": "Je vous remercie de bien vouloir me faire parvenir le formulaire d’inclusion "
               "et la liste des critères d’éligibilité du programme, le cas échéant, et de me "
               "confirmer l’inclusion ainsi que les modalités d’approvisionnement de notre "
               "pharmacie hospitalière{pharmacy}.",
        "pharmacy": " ({name})",
        "enclosures": "Pièces jointes :",
        "closing": "Je vous prie d’agréer, Madame, Monsieur, l’expression de mes salutations "
                   "distinguées.",
    },
    "de": {
        "title": "Antrag auf Aufnahme einer Patientin / eines Patienten in ein "
                 "Compassionate-Use-Programm",
        "date_fmt": "%d.%m.%Y",
        "tel": "Tel.", "email": "E-Mail:",
        "words": "female='weiblich', male='männlich', intersex='divers', unknown='unbekannt', "
                 "CR='komplette Remission', PR='partielle Remission', SD='stabile Erkrankung', "
                 "PD='Progression', NE='nicht beurteilbar', "
                 "art83_cup='Compassionate-Use-Programm nach Artikel 83 der Verordnung (EG) "
                 "Nr. 726/2004', national_cup='nationales Compassionate-Use-Programm', "
                 "haertefallprogramm='Härtefallprogramm nach der AMHV', "
                 "expanded_access_protocol='Expanded-Access-Protokoll'",
        "place_date": "{place}, den {date}",
        "to": "An",
        "subject": "Betreff: Antrag auf Aufnahme der Patientin / des Patienten {initials} in "
                   "das Programm {programme}",
        "greeting": "Sehr geehrte Damen und Herren,",
        "greeting_default": "Sehr geehrte Damen und Herren,",
        "intro": "hiermit beantrage ich die Aufnahme {patient} {initials} ({age}, {sex}), in "
                 "Behandlung am {institution}, in das Programm {programme} ({kind}) für das "
                 "Arzneimittel {drug}. Indikation: {indication}.",
        "age": "{n} Jahre",
        "summary": "Klinische Zusammenfassung",
        "item": "Angabe", "details": "Beschreibung",
        "patient": IF_FEMALE + "meiner Patientin{% elif case.patient.sex == 'male' %}meines "
                   "Patienten{% else %}meiner Patientin bzw. meines Patienten{% endif %}",
        "icd": "ICD-10", "colon": ": ", "sep": "; ", "histology": "Histologie",
        "diagnosis": "Diagnose", "stage": "Stadium", "stage_word": "Stadium",
        "edition": "AJCC {ed}. Aufl.", "missing": "nicht angegeben",
        "ps": "Allgemeinzustand", "assessed": "erhoben am",
        "status": "Aktueller Krankheitsstatus", "prior": "Vortherapien",
        "best": "bestes Ansprechen:", "none_prior": "keine",
        "biomarkers": "Relevante Biomarker", "none": "keine angegeben",
        "alternative": "Fehlen einer zufriedenstellenden zugelassenen Therapie",
        "benefit": "Erwarteter Nutzen und Risiken",
        "trials": "Geprüfte klinische Studien",
        "plan": "Geplante Behandlung",
        "plan_text": "{dose}; {route}; {schedule}; geplante Dauer: {duration}",
        "start": "Geplanter Beginn", "start_default": "nach Bestätigung der Aufnahme",
        "criteria": "Nach meinem besten Wissen kann die Patientin bzw. der Patient mit "
                    "keinem zugelassenen Arzneimittel zufriedenstellend behandelt und in keine "
                    "klinische Studie des Präparats eingeschlossen werden. Ich prüfe die "
                    "Einschlusskriterien des Programms, hole vor der ersten Gabe die "
                    "schriftliche Einwilligung nach Aufklärung ein, halte mich an das "
                    "Programmprotokoll und melde Verdachtsfälle von Nebenwirkungen wie "
                    "vorgesehen.",
        "ask": "Bitte senden Sie mir gegebenenfalls das Aufnahmeformular und die "
               "Einschlusskriterien des Programms und bestätigen Sie die Aufnahme sowie die "
               "Belieferung unserer Krankenhausapotheke{pharmacy}.",
        "pharmacy": " ({name})",
        "enclosures": "Anlagen:",
        "closing": "Mit freundlichen Grüßen",
    },
    "it": {
        "title": "Richiesta di inserimento di un paziente in un programma di uso compassionevole",
        "date_fmt": "%d/%m/%Y",
        "tel": "Tel.", "email": "E-mail:",
        "words": "female='femminile', male='maschile', intersex='intersessuale', "
                 "unknown='non noto', CR='risposta completa', PR='risposta parziale', "
                 "SD='malattia stabile', PD='progressione di malattia', NE='non valutabile', "
                 "art83_cup='programma di uso compassionevole ai sensi dell’articolo 83 del "
                 "regolamento (CE) n. 726/2004', national_cup='programma nazionale di uso "
                 "compassionevole', haertefallprogramm='programma tedesco di uso "
                 "compassionevole (Härtefallprogramm, AMHV)', expanded_access_protocol="
                 "'protocollo di accesso allargato'",
        "place_date": "{place}, {date}",
        "to": "Alla cortese attenzione di",
        "subject": "Oggetto: richiesta di inserimento del paziente {initials} nel programma "
                   "{programme}",
        "greeting": "Gentile {name},",
        "greeting_default": "Gentili Signore e Signori,",
        "intro": "con la presente chiedo l’inserimento {patient} {initials} ({age}, "
                 "sesso {sex}), in cura presso {institution}, nel programma {programme}, "
                 "{kind}, per il medicinale {drug}. Indicazione: {indication}.",
        "age": "{n} anni",
        "summary": "Sintesi clinica",
        "item": "Voce", "details": "Descrizione",
        "patient": IF_FEMALE + "della mia paziente{% else %}del mio paziente{% endif %}",
        "icd": "ICD-10", "colon": ": ", "sep": "; ", "histology": "Istologia",
        "diagnosis": "Diagnosi", "stage": "Stadio", "stage_word": "stadio",
        "edition": "AJCC {ed}ª ed.", "missing": "non riportato",
        "ps": "Performance status", "assessed": "valutato il",
        "status": "Stato attuale di malattia", "prior": "Trattamenti precedenti",
        "best": "migliore risposta:", "none_prior": "nessuno",
        "biomarkers": "Biomarcatori rilevanti", "none": "nessuno riportato",
        "alternative": "Assenza di un trattamento autorizzato soddisfacente",
        "benefit": "Beneficio atteso e rischi",
        "trials": "Sperimentazioni cliniche valutate",
        "plan": "Trattamento proposto",
        "plan_text": "{dose}; {route}; {schedule}; durata prevista: {duration}",
        "start": "Inizio previsto", "start_default": "alla conferma dell’inserimento",
        "criteria": "Per quanto a mia conoscenza, il paziente non può essere trattato in modo "
                    "soddisfacente con un medicinale autorizzato né essere incluso in una "
                    "sperimentazione clinica del prodotto. Verificherò che soddisfi i criteri "
                    "di eleggibilità del programma, acquisirò il consenso informato scritto "
                    "prima della prima somministrazione, seguirò il protocollo del programma e "
                    "segnalerò le sospette reazioni avverse come previsto.",
        "ask": "Vi prego di inviarmi, se previsti, il modulo di inserimento e i criteri di "
               "eleggibilità del programma, e di confermare l’inserimento e le modalità di "
               "fornitura alla farmacia ospedaliera{pharmacy}.",
        "pharmacy": " ({name})",
        "enclosures": "Allegati:",
        "closing": "Distinti saluti,",
    },
    "es": {
        "title": "Solicitud de inclusión de un paciente en un programa de uso compasivo",
        "date_fmt": "%d/%m/%Y",
        "tel": "Tel.", "email": "Correo electrónico:",
        "words": "female='femenino', male='masculino', intersex='intersexual', "
                 "unknown='desconocido', CR='respuesta completa', PR='respuesta parcial', "
                 "SD='enfermedad estable', PD='progresión', NE='no evaluable', "
                 "art83_cup='programa de uso compasivo del artículo 83 del Reglamento (CE) "
                 "n.º 726/2004', national_cup='programa nacional de uso compasivo', "
                 "haertefallprogramm='programa alemán de uso compasivo (Härtefallprogramm, "
                 "AMHV)', expanded_access_protocol='protocolo de acceso ampliado'",
        "place_date": "{place}, {date}",
        "to": "A la atención de",
        "subject": "Asunto: solicitud de inclusión del paciente {initials} en el programa "
                   "{programme}",
        "greeting": "Estimado/a {name}:",
        "greeting_default": "Estimados señores:",
        "intro": "Por la presente solicito la inclusión de {patient} {initials} ({age}, sexo "
                 "{sex}), {cared} en {institution}, en el "
                 "programa {programme}, {kind}, para el medicamento {drug}. Indicación: "
                 "{indication}.",
        "age": "{n} años",
        "summary": "Resumen clínico",
        "item": "Apartado", "details": "Descripción",
        "patient": "mi paciente",
        "cared": IF_FEMALE + "atendida{% else %}atendido{% endif %}", "icd": "CIE-10",
        "colon": ": ", "sep": "; ", "histology": "Histología",
        "diagnosis": "Diagnóstico", "stage": "Estadio", "stage_word": "estadio",
        "edition": "AJCC {ed}.ª ed.", "missing": "no consta",
        "ps": "Estado funcional", "assessed": "valorado el",
        "status": "Situación actual de la enfermedad", "prior": "Tratamientos previos",
        "best": "mejor respuesta:", "none_prior": "ninguno",
        "biomarkers": "Biomarcadores relevantes", "none": "no constan",
        "alternative": "Ausencia de tratamiento autorizado satisfactorio",
        "benefit": "Beneficio esperado y riesgos",
        "trials": "Ensayos clínicos valorados",
        "plan": "Tratamiento propuesto",
        "plan_text": "{dose}; {route}; {schedule}; duración prevista: {duration}",
        "start": "Inicio previsto", "start_default": "tras la confirmación de la inclusión",
        "criteria": "Según mi leal saber, el paciente no puede tratarse de forma "
                    "satisfactoria con un medicamento autorizado ni incluirse en un ensayo "
                    "clínico del producto. Comprobaré que cumple los criterios de elegibilidad "
                    "del programa, obtendré su consentimiento informado por escrito antes de la "
                    "primera administración, seguiré el protocolo del programa y notificaré las "
                    "sospechas de reacciones adversas según lo previsto.",
        "ask": "Les ruego que me remitan, en su caso, el formulario de inclusión y los "
               "criterios de elegibilidad del programa, y que confirmen la inclusión y las "
               "condiciones de suministro al servicio de farmacia hospitalaria{pharmacy}.",
        "pharmacy": " ({name})",
        "enclosures": "Documentación adjunta:",
        "closing": "Atentamente,",
    },
}


def cup_letter(lang: str) -> Doc:
    t = CUP[lang]
    f = "|date('" + t["date_fmt"] + "')"  # dates in the letter's own convention
    doc = Doc(t["title"])
    # docxtpl turns ’ into ' inside tags: double-quote the literals
    doc.ctl("{%p set w = dict(" + t["words"].replace("'", '"') + ") %}")
    doc.ctl(SET_ADDR)
    doc.ctl("{%p set prog = case.product.programmes[0] if case.product.programmes else none %}")
    doc.ctl("{%p set to = (prog.contact if prog and prog.contact else none) "
            "or case.product.manufacturer %}")
    doc.letterhead_eu(t["tel"], t["email"])
    doc.p(t["place_date"].format(place=PLACE, date="{{ prepared_on" + f + " }}"),
          align="right", after=12)
    doc.p(t["to"], after=0)
    doc.org_address("to")
    programme = "{{ prog.name if prog else '' }}{% if prog and prog.reference %} " \
                "({{ prog.reference }}){% endif %}"
    doc.p(t["subject"].format(initials="{{ case.patient.initials }}", programme=programme),
          bold=True, after=10)
    if "{name}" in t["greeting"]:
        doc.p("{% if to.contact_name %}" + t["greeting"].format(name="{{ to.contact_name }}")
              + "{% else %}" + t["greeting_default"] + "{% endif %}")
    else:
        doc.p(t["greeting"])
    age = "{% if case.patient.age is not none %}" + t["age"].format(
        n="{{ case.patient.age }}") + "{% endif %}"
    doc.p(
        t["intro"].format(
            patient=t["patient"], cared=t.get("cared", ""),
            initials="{{ case.patient.initials }}", age=age,
            sex="{{ w[case.patient.sex] }}",
            institution="{{ case.institution.name }}", programme=programme,
            kind="{{ w[prog.kind] if prog else '' }}", drug=DRUG, indication=INDICATION,
        ),
        align="justify",
    )
    doc.h2(t["summary"])
    stage_expr = stage(t["stage_word"],
                       t["edition"].format(ed="{{ case.diagnosis.stage.ajcc_edition }}"),
                       t["missing"])
    doc.kv2(
        [
            (t["diagnosis"], "{{ case.diagnosis.primary_cancer }} (" + t["icd"]
             + " {{ case.diagnosis.icd10 }}, {{ case.diagnosis.diagnosed_on" + f + " }})"),
            (t["histology"], "{{ case.diagnosis.histology or '" + t["missing"] + "' }}"),
            (t["stage"], stage_expr),
            (t["ps"], performance(t["assessed"], t["missing"], f)),
            (t["status"], "{{ case.diagnosis.disease_status or '" + t["missing"] + "' }}"),
            (t["prior"],
             "{% for p in case.prior_treatments %}{{ p.line }}. {{ p.regimen }} "
             "({{ p.started_on" + f + " }}{% if p.ended_on %} – {{ p.ended_on" + f
             + " }}{% endif %}{% if p.best_response %}" + t["sep"] + t["best"]
             + " {{ w[p.best_response] }}{% endif %}){% if not loop.last %}" + t["sep"]
             + "{% endif %}"
             "{% else %}" + t["none_prior"] + "{% endfor %}"),
            (t["biomarkers"],
             "{% for b in case.biomarkers %}{{ b.marker }}" + t["colon"] + "{{ b.result }} "
             "({{ b.method }}){% if not loop.last %}" + t["sep"] + "{% endif %}{% else %}"
             + t["none"] + "{% endfor %}"),
            (t["alternative"], "{{ case.request.justification.no_satisfactory_alternative }}"),
            (t["benefit"], "{{ case.request.justification.benefit_risk }}"),
            (t["trials"],
             "{% for s in case.request.justification.trials_screened %}{{ s.nct }}"
             + t["colon"] + "{{ s.reason_not_eligible }}{% if not loop.last %}" + t["sep"]
             + "{% endif %}{% else %}" + t["none"] + "{% endfor %}"),
            (t["plan"], t["plan_text"].format(
                dose="{{ case.treatment_plan.dose }}", route="{{ case.treatment_plan.route }}",
                schedule="{{ case.treatment_plan.schedule }}",
                duration="{{ case.treatment_plan.planned_duration }}")),
            (t["start"], "{{ (case.treatment_plan.planned_start_on" + f + ") if "
             "case.treatment_plan.planned_start_on else \"" + t["start_default"] + "\" }}"),
        ],
        (t["item"], t["details"]),
    )
    doc.p("", after=4)
    doc.p(t["criteria"], align="justify")
    doc.p(
        t["ask"].format(pharmacy="{% if case.institution.pharmacy %}" + t["pharmacy"].format(
            name="{{ case.institution.pharmacy.name }}") + "{% endif %}"),
        align="justify",
    )
    doc.ctl("{%p if " + CLINICAL_KINDS + " %}")
    doc.p(t["enclosures"], bold=True, before=6, after=2, keep=True)
    doc.ctl("{%p for a in " + CLINICAL_KINDS + " %}")
    doc.numbered("{{ a.title }}{% if a.dated %}, {{ a.dated" + f + " }}{% endif %}")
    doc.ctl("{%p endfor %}")
    doc.ctl("{%p endif %}")
    doc.signature_eu(t["closing"])
    return doc


TEMPLATES: dict[str, Callable[[], Doc]] = {
    "fr-aac-fiche-preparation.docx": fr_fiche_preparation,
    "fr-aac-resume-clinique.docx": fr_resume_clinique,
    "fr-aac-note-pui.docx": fr_note_pui,
    "de-heilversuch-indikation.docx": de_indikation,
    "de-heilversuch-haertefallprogramm.docx": de_haertefallprogramm,
    "de-heilversuch-apothekenanforderung.docx": de_apothekenanforderung,
    "de-heilversuch-kostenuebernahmeantrag.docx": de_kostenuebernahmeantrag,
    "de-heilversuch-aerztliche-stellungnahme.docx": de_aerztliche_stellungnahme,
    **{f"cup-enrolment-letter-{lang}.docx": (lambda lang=lang: cup_letter(lang)) for lang in CUP},
}


def main(argv: Sequence[str] | None = None) -> int:
    return base.run(TEMPLATES, OUT_DIR, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    raise SystemExit(main())
