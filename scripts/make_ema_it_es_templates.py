"""(Re)generate the Italian and Spanish Word templates in ``templates/ema/``.

Routes: ``ema/it-uso-nominale`` (DM 7 settembre 2017, uso nominale, dossier to the Comitato
Etico in the order a-h of art. 4) and ``ema/es-uso-compasivo`` (RD 1015/2009 art. 8: the
hospital centre, with the visto bueno of its management, asks AEMPS to authorise individual
access to an investigational medicine).

Like ``make_fda_templates.py`` (whose builder this script imports), the generated ``.docx``
files are the first version of templates a regulatory-affairs person then edits in Word:
running the script again OVERWRITES them.

    python scripts/make_ema_it_es_templates.py            # write all templates
    python scripts/make_ema_it_es_templates.py --out DIR  # write them elsewhere

Every document is written in the route's language (Italian or Spanish); only the case's free
text is filled in. Page: A4, margins 2 cm, Times New Roman 12 pt (10 pt in tables), no headers,
footers or page numbers (the collator stamps the packet). Booleans are never printed directly
(the renderer would print an English Yes/No): templates test them instead.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import make_fda_templates as base
from a4_templates import A4Doc, widths

OUT_DIR = base.ROOT / "templates" / "ema"


class Doc(A4Doc):
    """An A4 template with 2 cm margins."""

    def kv2(self, rows: Sequence[base.Row], header: tuple[str, str]) -> None:
        self.table(header, widths(1, 2), rows, bold_first=True)

    def letterhead_eu(self, *, prefix: str) -> None:
        """Institution, physician and address (needs ``addr`` set first)."""
        self.p("{{ case.institution.name }}", bold=True, size=14, after=0)
        self.p(
            (prefix + " " if prefix else "") + base.PHYS
            + "{% if case.physician.job_title %}, {{ case.physician.job_title }}{% endif %}",
            size=11,
            after=0,
        )
        self.ctl("{%p if addr %}")
        self.p("{{ addr.line1 }}{% if addr.line2 %}, {{ addr.line2 }}{% endif %}", size=11, after=0)
        self.p(CITY, size=11, after=0)
        self.ctl("{%p endif %}")
        self.p(base.CONTACT_LINE, size=11, after=18, rule=True)

    def signature_eu(self, closing: str, title: str) -> None:
        self.p(closing, before=6, after=30, keep=True)
        self.p("______________________________________", after=0, keep=True)
        self.p((title + " " if title else "") + base.PHYS, after=0, keep=True)
        self.ctl("{%p if case.physician.job_title %}")
        self.p("{{ case.physician.job_title }}", after=0, keep=True)
        self.ctl("{%p endif %}")
        self.p("{{ case.institution.name }}", after=12)


# --------------------------------------------------------------------------------------
# Jinja snippets (presentation only)
# --------------------------------------------------------------------------------------
SET_ADDR = base.SET_ADDR
DRUG = base.DRUG
PHYS = base.PHYS
INDICATION = base.INDICATION
CITY = (
    "{% if addr.postal_code %}{{ addr.postal_code }} {% endif %}{{ addr.city }}"
    "{% if addr.region %} ({{ addr.region }}){% endif %}"
)
PLACE = "{{ (case.institution.address or case.physician.address or dict(city='')).city }}"
TNM = base.TNM
LICENCE = (
    "{% if case.physician.licence %}{{ case.physician.licence.jurisdiction }}, "
    "n. {{ case.physician.licence.number }}{% endif %}"
)
RARE_PHASE1 = (
    "case.diagnosis.rare_disease and case.product.development_phase == 'phase_1'"
)

# Italian ------------------------------------------------------------------------------
IT_SET_WORDS = (
    "{%p set w = dict(female='femminile', male='maschile', intersex='intersessuale', "
    "unknown='non noto', CR='risposta completa', PR='risposta parziale', "
    "SD='malattia stabile', PD='progressione di malattia', NE='non valutabile', "
    "phase_1='fase I', phase_2='fase II', phase_3='fase III', "
    "submitted='domanda di autorizzazione presentata', approved='autorizzato') %}"
)
IT_STAGE = (
    "{% if case.diagnosis.stage %}{% if case.diagnosis.stage.overall %}stadio "
    "{{ case.diagnosis.stage.overall }}{% endif %}"
    "{% if case.diagnosis.stage.t or case.diagnosis.stage.n or case.diagnosis.stage.m %} ("
    + TNM
    + "{% if case.diagnosis.stage.ajcc_edition %}, AJCC {{ case.diagnosis.stage.ajcc_edition }}"
    "ª ed.{% endif %}){% endif %}{% else %}non riportato{% endif %}"
)
IT_PS = (
    "{% if case.diagnosis.performance_status %}{{ case.diagnosis.performance_status.scale }} "
    "{{ case.diagnosis.performance_status.value }}{% if case.diagnosis.performance_status"
    ".assessed_on %} (valutato il {{ case.diagnosis.performance_status.assessed_on }})"
    "{% endif %}{% else %}non riportato{% endif %}"
)


def it_id_table(doc: Doc) -> None:
    doc.table(
        ["Paziente (iniziali)", "Medicinale", "Medico richiedente", "Data"],
        widths(1.0, 1.9, 2.6, 1.0),
        [[
            "{{ case.patient.initials }}",
            DRUG,
            PHYS + ", {{ case.institution.name }}",
            "{{ prepared_on }}",
        ]],
    )
    doc.p("", after=2)


def it_title(doc: Doc, letter: str, title: str) -> None:
    doc.p("D.M. 7 settembre 2017, art. 4 — uso nominale", style="Small Text", after=2)
    doc.h1(f"{letter}) {title}")
    it_id_table(doc)


def it_cover_letter() -> Doc:
    doc = Doc("Lettera di accompagnamento al Comitato Etico — uso nominale")
    doc.ctl(SET_ADDR)
    doc.letterhead_eu(prefix="")
    doc.p(PLACE + ", {{ prepared_on }}", align="right", after=12)
    doc.ctl("{%p set irb = case.institution.irb %}")
    doc.p("Al Presidente", after=0)
    doc.p("{{ irb.name if irb else 'Comitato Etico competente' }}", after=0)
    doc.ctl("{%p if irb and irb.address %}")
    doc.p(
        "{{ irb.address.line1 }}{% if irb.address.line2 %}, {{ irb.address.line2 }}{% endif %}",
        after=0,
    )
    doc.p(
        "{% if irb.address.postal_code %}{{ irb.address.postal_code }} {% endif %}"
        "{{ irb.address.city }}{% if irb.address.region %} ({{ irb.address.region }}){% endif %}",
        after=0,
    )
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if irb and irb.email %}")
    doc.p("{{ irb.email }}", after=0)
    doc.ctl("{%p endif %}")
    doc.p("", after=6)
    doc.p(
        "Oggetto: richiesta di parere per l'uso nominale del medicinale " + DRUG
        + " per il paziente {{ case.patient.initials }}, ai sensi degli artt. 3 e 4 del D.M. "
        "7 settembre 2017 (G.U. n. 256 del 2 novembre 2017)",
        bold=True,
        after=10,
    )
    doc.p("Egregio Presidente,")
    doc.p(
        "il/la sottoscritto/a Dott./Dott.ssa " + PHYS + ", medico curante presso "
        "{{ case.institution.name }}, "
        "chiede il parere del Comitato Etico sull'uso nominale, al di fuori delle "
        "sperimentazioni cliniche, del medicinale " + DRUG + ", prodotto da "
        "{{ case.product.manufacturer.name }}, per il trattamento del paziente "
        "{{ case.patient.initials }}, affetto da " + INDICATION + ".",
        align="justify",
    )
    doc.ctl("{%p if " + RARE_PHASE1 + " and case.institution.reference_centre %}")
    doc.p(
        "Trattandosi di malattia rara o tumore raro per il quale sono disponibili soltanto "
        "studi clinici di fase I, la richiesta è presentata tramite {{ case.institution.name }}, "
        "centro clinico individuato dalla regione per il trattamento delle malattie rare o "
        "appartenente alla Rete nazionale dei tumori rari, come previsto dall'art. 3, comma 2, "
        "del decreto.",
        align="justify",
    )
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.product.free_of_charge %}")
    doc.p(
        "{{ case.product.manufacturer.name }} fornisce il medicinale a titolo gratuito; la "
        "relativa dichiarazione è allegata (lettera f).",
        align="justify",
    )
    doc.ctl("{%p endif %}")
    doc.p(
        "Si allega la documentazione prevista dall'art. 4 del decreto, nell'ordine ivi indicato:",
        keep=True,
        after=2,
    )
    for line in (
        "a) motivazione clinica della richiesta;",
        "b) schema posologico e modalità di somministrazione;",
        "c) grado di comparabilità dei pazienti inclusi nelle sperimentazioni cliniche;",
        "d) dati pertinenti relativi alla sicurezza, alla tollerabilità e all'efficacia;",
        "e) modello di informazione al paziente;",
        "f) dichiarazione di disponibilità dell'azienda produttrice alla fornitura gratuita;",
        "g) modalità di raccolta dati;",
        "h) dichiarazione di assunzione di responsabilità del medico richiedente.",
    ):
        doc.p(line, indent=0.3, after=0)
    doc.p("", after=4)
    doc.ctl("{%p if case.request.emergency %}")
    doc.p(
        "Date le condizioni cliniche del paziente, si chiede che la richiesta sia valutata con "
        "procedura d'urgenza.",
        align="justify",
        bold=True,
    )
    doc.ctl("{%p endif %}")
    doc.p(
        "Resto a disposizione per ogni chiarimento"
        "{% if case.physician.phone %} al numero {{ case.physician.phone }}{% endif %}"
        "{% if case.physician.email %}{% if case.physician.phone %} o{% endif %} all'indirizzo "
        "{{ case.physician.email }}{% endif %}.",
        align="justify",
    )
    doc.signature_eu("Distinti saluti,", "")
    return doc


def it_a_motivazione() -> Doc:
    doc = Doc("a) Motivazione clinica della richiesta")
    doc.ctl(IT_SET_WORDS)
    it_title(doc, "a", "Motivazione clinica della richiesta")
    doc.h2("1. Paziente")
    doc.kv2(
        [
            ("Iniziali", "{{ case.patient.initials }}"),
            ("Età", "{% if case.patient.age is not none %}{{ case.patient.age }} anni{% endif %}"),
            ("Sesso", "{{ w[case.patient.sex] }}"),
            ("Peso", "{% if case.patient.weight_kg %}{{ case.patient.weight_kg }} kg"
                     "{% else %}non riportato{% endif %}"),
            ("Allergie", "{% if case.patient.allergies is none %}non riportate"
                         "{% elif case.patient.allergies %}{{ case.patient.allergies }}"
                         "{% else %}nessuna nota{% endif %}"),
        ],
        ("Dato", "Valore"),
    )
    doc.h2("2. Diagnosi")
    doc.kv2(
        [
            ("Patologia", "{{ case.diagnosis.primary_cancer }}"),
            ("Codice ICD-10", "{{ case.diagnosis.icd10 }}"),
            ("Istologia", "{{ case.diagnosis.histology or 'non riportata' }}"),
            ("Grado", "{{ case.diagnosis.grade or 'non riportato' }}"),
            ("Stadio", IT_STAGE),
            ("Data della diagnosi", "{{ case.diagnosis.diagnosed_on }}"),
            ("Sedi metastatiche", "{{ case.diagnosis.metastatic_sites or 'nessuna' }}"),
            ("Stato attuale di malattia", "{{ case.diagnosis.disease_status or 'non riportato' }}"),
            ("Performance status", IT_PS),
            ("Malattia rara o tumore raro",
             "{% if case.diagnosis.rare_disease %}sì{% elif case.diagnosis.rare_disease is none %}"
             "non indicato{% else %}no{% endif %}"),
        ],
        ("Dato", "Valore"),
    )
    doc.h2("3. Trattamenti precedenti")
    doc.ctl("{%p if case.prior_treatments %}")
    doc.table(
        ["Linea", "Setting", "Regime", "Periodo", "Migliore risposta", "Motivo di sospensione"],
        widths(0.5, 0.9, 1.6, 1.2, 1.0, 1.5),
        [
            "{%tr for t in case.prior_treatments %}",
            [
                "{{ t.line }}",
                "{{ t.setting }}",
                "{{ t.regimen }}",
                "{{ t.started_on }} – {{ t.ended_on or 'in corso' }}",
                "{{ w[t.best_response] if t.best_response else '' }}",
                "{{ t.reason_stopped }}",
            ],
            "{%tr endfor %}",
        ],
    )
    doc.ctl("{%p else %}")
    doc.p("Nessun trattamento precedente.")
    doc.ctl("{%p endif %}")
    doc.h2("4. Caratterizzazione molecolare")
    doc.ctl("{%p if case.biomarkers %}")
    doc.table(
        ["Marcatore", "Risultato", "Metodo", "Laboratorio", "Data"],
        widths(0.8, 2.2, 0.7, 1.6, 0.9),
        [
            "{%tr for b in case.biomarkers %}",
            ["{{ b.marker }}", "{{ b.result }}", "{{ b.method }}", "{{ b.laboratory }}",
             "{{ b.reported_on }}"],
            "{%tr endfor %}",
        ],
    )
    doc.ctl("{%p else %}")
    doc.p("Nessun biomarcatore riportato.")
    doc.ctl("{%p endif %}")
    doc.h2("5. Assenza di alternative terapeutiche")
    doc.p("{{ case.request.justification.no_satisfactory_alternative }}", align="justify")
    doc.h2("6. Sperimentazioni cliniche valutate")
    doc.ctl("{%p if case.request.justification.trials_screened %}")
    doc.table(
        ["Studio", "Titolo", "Motivo della non eleggibilità"],
        widths(1.0, 2.4, 2.6),
        [
            "{%tr for s in case.request.justification.trials_screened %}",
            ["{{ s.nct }}", "{{ s.title }}", "{{ s.reason_not_eligible }}"],
            "{%tr endfor %}",
        ],
    )
    doc.ctl("{%p else %}")
    doc.p("Nessuna sperimentazione clinica riportata.")
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.request.trials_screened_note %}")
    doc.p("{{ case.request.trials_screened_note }}", style="Small Text")
    doc.ctl("{%p endif %}")
    doc.h2("7. Comorbidità e terapie concomitanti")
    doc.ctl("{%p for c in case.comorbidities + case.current_medications %}")
    doc.bullet("{{ c }}")
    doc.ctl("{%p else %}")
    doc.bullet("Nessuna riportata.")
    doc.ctl("{%p endfor %}")
    doc.h2("8. Esami di laboratorio recenti")
    doc.ctl("{%p if case.labs %}")
    doc.table(
        ["Esame", "Valore", "Unità", "Intervallo di riferimento", "Data"],
        widths(2.0, 0.9, 1.1, 1.4, 1.0),
        [
            "{%tr for l in case.labs %}",
            ["{{ l.name }}", "{{ l.value }}", "{{ l.unit }}", "{{ l.reference_range }}",
             "{{ l.measured_on }}"],
            "{%tr endfor %}",
        ],
    )
    doc.ctl("{%p else %}")
    doc.p("Nessun esame riportato.")
    doc.ctl("{%p endif %}")
    return doc


def it_b_posologia() -> Doc:
    doc = Doc("b) Posologia e modalità di somministrazione")
    it_title(doc, "b", "Posologia e modalità di somministrazione")
    doc.p(
        "Schema posologico e modalità di somministrazione proposti, come impiegati negli studi "
        "clinici su cui si basa la richiesta (lettera d).",
        align="justify",
    )
    doc.kv2(
        [
            ("Medicinale", DRUG),
            ("Forma farmaceutica", "{{ case.product.dosage_form or 'non riportata' }}"),
            ("Dosaggio", "{{ case.product.strength or 'non riportato' }}"),
            ("Dose", "{{ case.treatment_plan.dose }}"),
            ("Via di somministrazione", "{{ case.treatment_plan.route }}"),
            ("Schema", "{{ case.treatment_plan.schedule }}"),
            ("Durata prevista", "{{ case.treatment_plan.planned_duration }}"),
            ("Premedicazione e terapia di supporto",
             "{{ case.treatment_plan.premedication or 'nessuna' }}"),
            ("Inizio previsto", "{{ case.treatment_plan.planned_start_on or 'da definire' }}"),
            ("Quantità richiesta",
             "{{ case.treatment_plan.quantity_requested or 'non riportata' }}"),
        ],
        ("Voce", "Descrizione"),
    )
    doc.h2("Modifiche della dose per tossicità")
    doc.p("{{ case.treatment_plan.dose_modifications }}")
    doc.h2("Criteri di interruzione del trattamento")
    doc.p("{{ case.treatment_plan.stopping_rules or 'Non specificati.' }}")
    return doc


def it_c_comparabilita() -> Doc:
    doc = Doc("c) Comparabilità dei pazienti degli studi rispetto al paziente")
    doc.ctl(IT_SET_WORDS)
    it_title(doc, "c", "Comparabilità dei pazienti degli studi rispetto al paziente")
    doc.p(
        "Caratteristiche del paziente rilevanti per il confronto con la popolazione degli studi "
        "clinici su cui si basa la richiesta:",
        align="justify",
    )
    doc.kv2(
        [
            ("Età e sesso",
             "{% if case.patient.age is not none %}{{ case.patient.age }} anni, {% endif %}"
             "{{ w[case.patient.sex] }}"),
            ("Patologia", "{{ case.diagnosis.primary_cancer }}"),
            ("Istologia", "{{ case.diagnosis.histology or 'non riportata' }}"),
            ("Stadio", IT_STAGE),
            ("Alterazioni molecolari",
             "{% for b in case.biomarkers %}{{ b.marker }}: {{ b.result }}"
             "{% if not loop.last %}; {% endif %}{% else %}non riportate{% endfor %}"),
            ("Linee di terapia precedenti",
             "{{ case.prior_treatments|length }}{% for t in case.prior_treatments %}"
             "{% if loop.first %} ({% endif %}{{ t.regimen }}{% if not loop.last %}; "
             "{% else %}){% endif %}{% endfor %}"),
            ("Performance status", IT_PS),
            ("Stato attuale di malattia", "{{ case.diagnosis.disease_status or 'non riportato' }}"),
        ],
        ("Caratteristica", "Paziente"),
    )
    doc.h2("Studi clinici di riferimento")
    doc.ctl("{%p if case.product.trials %}")
    doc.ctl("{%p for n in case.product.trials %}")
    doc.bullet(
        "{{ n }}{% for s in case.request.justification.trials_screened if s.nct == n %}"
        "{% if s.title %}: {{ s.title }}{% endif %}{% endfor %}"
    )
    doc.ctl("{%p endfor %}")
    doc.ctl("{%p else %}")
    doc.p("Nessuno studio indicato.")
    doc.ctl("{%p endif %}")
    doc.p(
        "Fase di sviluppo più avanzata per l'indicazione: "
        "{{ w[case.product.development_phase] if case.product.development_phase "
        "else 'non indicata' }}.",
    )
    doc.ctl("{%p if case.diagnosis.rare_disease %}")
    doc.h2("Malattia rara o tumore raro")
    doc.p(
        "Trattandosi di malattia rara o tumore raro, la richiesta si fonda sulla sussistenza di "
        "un comune meccanismo d'azione che renda prevedibile un beneficio clinico sulla base "
        "delle evidenze disponibili per il medicinale (bersaglio molecolare: "
        "{% for b in case.biomarkers %}{{ b.marker }}{% if not loop.last %}, {% endif %}"
        "{% else %}non riportato{% endfor %}); i dati a sostegno sono riportati alla lettera d).",
        align="justify",
    )
    doc.ctl("{%p endif %}")
    return doc


def it_d_dati() -> Doc:
    doc = Doc("d) Dati di sicurezza, tollerabilità ed efficacia")
    doc.ctl(IT_SET_WORDS)
    it_title(doc, "d", "Dati di sicurezza, tollerabilità ed efficacia")
    doc.kv2(
        [
            ("Fase di sviluppo più avanzata",
             "{{ w[case.product.development_phase] if case.product.development_phase "
             "else 'non indicata' }}"),
            ("Sviluppo clinico nell'indicazione",
             "{% if case.product.in_development_for_indication %}studi in corso o programmati"
             "{% elif case.product.in_development_for_indication is none %}non indicato"
             "{% else %}nessuno{% endif %}"),
            ("Studi clinici", "{{ case.product.trials or 'non indicati' }}"),
            ("Autorizzazioni all'immissione in commercio",
             "{% for a in case.product.approvals %}{{ a.jurisdiction }}"
             "{% if a.approved_on %} ({{ a.approved_on }}){% endif %}"
             "{% if not loop.last %}, {% endif %}{% else %}nessuna{% endfor %}"),
        ],
        ("Voce", "Descrizione"),
    )
    doc.h2("Sintesi dei dati e valutazione del rapporto beneficio/rischio")
    doc.p("{{ case.request.justification.benefit_risk }}", align="justify")
    doc.ctl("{%p if attachments.investigator_brochure %}")
    doc.p("Documentazione allegata:", bold=True, keep=True, after=2)
    doc.ctl("{%p for a in attachments.investigator_brochure %}")
    doc.bullet("{{ a.title }}{% if a.dated %} ({{ a.dated }}){% endif %}")
    doc.ctl("{%p endfor %}")
    doc.ctl("{%p endif %}")
    return doc


def it_g_raccolta_dati() -> Doc:
    doc = Doc("g) Modalità di raccolta dei dati")
    it_title(doc, "g", "Modalità di raccolta dei dati")
    doc.p(
        "I dati del trattamento saranno raccolti dal medico richiedente nella cartella clinica "
        "del paziente presso {{ case.institution.name }}, in forma pseudonimizzata (iniziali "
        "{{ case.patient.initials }}, codice {{ case.case_id }}) per ogni comunicazione esterna.",
        align="justify",
    )
    doc.h2("Valutazioni e monitoraggio previsti")
    doc.p("{{ case.treatment_plan.monitoring }}")
    doc.h2("Criteri di interruzione")
    doc.p("{{ case.treatment_plan.stopping_rules or 'Non specificati.' }}")
    doc.h2("Sicurezza")
    doc.p(
        "Gli eventi avversi saranno registrati a ogni visita; le sospette reazioni avverse "
        "saranno segnalate secondo la normativa vigente di farmacovigilanza e comunicate a "
        "{{ case.product.manufacturer.name }}"
        "{% if not case.product.manufacturer.name.endswith('.') %}.{% endif %}",
        align="justify",
    )
    return doc


def it_h_dichiarazione() -> Doc:
    doc = Doc("h) Dichiarazione di responsabilità del medico")
    doc.ctl(SET_ADDR)
    it_title(doc, "h", "Dichiarazione di responsabilità del medico")
    doc.p(
        "Il/La sottoscritto/a Dott./Dott.ssa " + PHYS
        + "{% if case.physician.licence %}, iscritto/a all'Ordine dei Medici Chirurghi e "
        "degli Odontoiatri di " + LICENCE + "{% endif %}"
        "{% if case.physician.specialty %}, specialista in {{ case.physician.specialty }}"
        "{% endif %}, in servizio presso {{ case.institution.name }},",
        align="justify",
    )
    doc.p("DICHIARA", bold=True, align="center")
    for line in (
        "di assumersi la responsabilità del trattamento del paziente {{ case.patient.initials }} "
        "con il medicinale " + DRUG + " secondo il protocollo descritto nella presente "
        "richiesta (lettere b e g);",
        "di informare il paziente sul trattamento mediante il modello di informazione allegato "
        "(lettera e) e di acquisirne il consenso informato scritto prima dell'inizio del "
        "trattamento;",
        "di raccogliere i dati del trattamento secondo le modalità indicate alla lettera g).",
    ):
        doc.bullet(line)
    doc.p("", after=12, keep=True)
    doc.p(PLACE + ", {{ prepared_on }}", after=18, keep=True)
    doc.p("Firma: ________________________________", after=2, keep=True)
    doc.p(PHYS, after=0, keep=True)
    doc.p("{{ case.institution.name }}", after=0)
    return doc


# Spanish ------------------------------------------------------------------------------
ES_SET_WORDS = (
    "{%p set w = dict(female='mujer', male='hombre', intersex='intersexual', "
    "unknown='no consta', CR='respuesta completa', PR='respuesta parcial', "
    "SD='enfermedad estable', PD='progresión', NE='no evaluable', "
    "phase_1='fase I', phase_2='fase II', phase_3='fase III', "
    "submitted='solicitud de autorización presentada', approved='autorizado') %}"
)
ES_STAGE = (
    "{% if case.diagnosis.stage %}{% if case.diagnosis.stage.overall %}estadio "
    "{{ case.diagnosis.stage.overall }}{% endif %}"
    "{% if case.diagnosis.stage.t or case.diagnosis.stage.n or case.diagnosis.stage.m %} ("
    + TNM
    + "{% if case.diagnosis.stage.ajcc_edition %}, AJCC {{ case.diagnosis.stage.ajcc_edition }}"
    "ª ed.{% endif %}){% endif %}{% else %}no consta{% endif %}"
)
ES_PS = (
    "{% if case.diagnosis.performance_status %}{{ case.diagnosis.performance_status.scale }} "
    "{{ case.diagnosis.performance_status.value }}{% if case.diagnosis.performance_status"
    ".assessed_on %} (valorado el {{ case.diagnosis.performance_status.assessed_on }})"
    "{% endif %}{% else %}no consta{% endif %}"
)
ES_MGMT = "{%p set mg = case.institution.management %}"
ES_LICENCE = (
    "{% if case.physician.licence %}, n.º de colegiado {{ case.physician.licence.number }} "
    "({{ case.physician.licence.jurisdiction }}){% endif %}"
)


def es_id_table(doc: Doc) -> None:
    doc.table(
        ["Paciente (iniciales)", "Medicamento", "Médico responsable", "Fecha"],
        widths(1.0, 1.9, 2.6, 1.0),
        [[
            "{{ case.patient.initials }}",
            DRUG,
            PHYS + ", {{ case.institution.name }}",
            "{{ prepared_on }}",
        ]],
    )
    doc.p("", after=2)


ES_SUPPORT = (
    "attachments.pathology_report + attachments.biomarker_report + attachments.imaging_report"
    " + attachments.lab_report + attachments.discharge_summary"
)
ES_CONSENT = (
    "El consentimiento informado por escrito del paciente, conforme a la Ley 41/2002, se "
    "obtendrá antes de la administración del medicamento y se conservará en el centro; de "
    "acuerdo con el artículo 8.2 del Real Decreto 1015/2009, no forma parte de esta solicitud "
    "y no se adjunta."
)


def es_cover_letter() -> Doc:
    doc = Doc("Solicitud de acceso individualizado en uso compasivo")
    doc.ctl(SET_ADDR)
    doc.ctl(ES_MGMT)
    doc.letterhead_eu(prefix="Dr./Dra.")
    doc.p(PLACE + ", {{ prepared_on }}", align="right", after=12)
    doc.p("Agencia Española de Medicamentos y Productos Sanitarios (AEMPS)", after=0)
    doc.p("Medicamentos en situaciones especiales", after=0)
    doc.p("", after=6)
    doc.p(
        "Asunto: solicitud de autorización de acceso individualizado en uso compasivo al "
        "medicamento en investigación " + DRUG + " para el paciente {{ case.patient.initials }} "
        "(Real Decreto 1015/2009, artículo 8)",
        bold=True,
        after=10,
    )
    doc.p("Muy señores míos:")
    doc.p(
        "El centro hospitalario {{ case.institution.name }}, con el visto bueno de su "
        "Dirección{% if mg %} ({{ mg.name }}){% endif %}, solicita a la Agencia la autorización "
        "de acceso individualizado en uso compasivo al medicamento en investigación " + DRUG
        + ", del promotor {{ case.product.manufacturer.name }}, para el tratamiento del "
        "paciente con iniciales {{ case.patient.initials }}, diagnosticado de " + INDICATION
        + ", a propuesta del médico responsable del tratamiento que suscribe.",
        align="justify",
    )
    doc.p("Se acompaña la documentación prevista en el artículo 8.1 del Real Decreto 1015/2009:",
          keep=True, after=2)
    doc.p(
        "a) Informe clínico del médico responsable, que justifica la necesidad del medicamento "
        "para el paciente: motivo por el que no puede tratarse de forma satisfactoria con las "
        "alternativas terapéuticas autorizadas, datos que apoyan su uso en el paciente, razones "
        "por las que no puede ser incluido en un ensayo clínico y duración prevista del "
        "tratamiento"
        "{% if " + ES_SUPPORT + " %}, con la documentación que lo apoya{% endif %}.",
        indent=0.3, after=2, align="justify",
    )
    doc.ctl("{%p if attachments.manufacturer_agreement %}")
    doc.p("b) Conformidad del promotor.", indent=0.3, after=2)
    doc.ctl("{%p endif %}")
    doc.p(
        "c) Número de envases requeridos: {{ case.treatment_plan.quantity_requested or "
        "'pendiente' }}.",
        indent=0.3, after=2, bold=True,
    )
    doc.p("Se adjunta asimismo el visto bueno de la Dirección del centro.", before=4)
    doc.p(ES_CONSENT, align="justify", before=6)
    doc.p(
        "Quedo a su disposición para cualquier aclaración"
        "{% if case.physician.phone %} en el teléfono {{ case.physician.phone }}{% endif %}"
        "{% if case.physician.email %}{% if case.physician.phone %} o{% endif %} en la "
        "dirección {{ case.physician.email }}{% endif %}.",
        align="justify",
    )
    doc.signature_eu("Atentamente,", "Fdo.: Dr./Dra.")
    return doc


def es_informe_clinico() -> Doc:
    doc = Doc("Informe clínico del médico responsable")
    doc.ctl(ES_SET_WORDS)
    doc.p("Real Decreto 1015/2009, artículo 8.1.a) — uso compasivo de medicamentos en "
          "investigación", style="Small Text", after=2)
    doc.h1("Informe clínico del médico responsable")
    es_id_table(doc)
    doc.h2("1. Datos del paciente")
    doc.kv2(
        [
            ("Iniciales", "{{ case.patient.initials }}"),
            ("Edad", "{% if case.patient.age is not none %}{{ case.patient.age }} años{% endif %}"),
            ("Sexo", "{{ w[case.patient.sex] }}"),
            ("Peso", "{% if case.patient.weight_kg %}{{ case.patient.weight_kg }} kg"
                     "{% else %}no consta{% endif %}"),
            ("Alergias", "{% if case.patient.allergies is none %}no constan"
                         "{% elif case.patient.allergies %}{{ case.patient.allergies }}"
                         "{% else %}no conocidas{% endif %}"),
        ],
        ("Dato", "Valor"),
    )
    doc.h2("2. Diagnóstico")
    doc.kv2(
        [
            ("Enfermedad", "{{ case.diagnosis.primary_cancer }}"),
            ("Código CIE-10", "{{ case.diagnosis.icd10 }}"),
            ("Histología", "{{ case.diagnosis.histology or 'no consta' }}"),
            ("Grado", "{{ case.diagnosis.grade or 'no consta' }}"),
            ("Estadio", ES_STAGE),
            ("Fecha del diagnóstico", "{{ case.diagnosis.diagnosed_on }}"),
            ("Localizaciones metastásicas", "{{ case.diagnosis.metastatic_sites or 'ninguna' }}"),
            ("Situación actual", "{{ case.diagnosis.disease_status or 'no consta' }}"),
            ("Estado funcional", ES_PS),
        ],
        ("Dato", "Valor"),
    )
    doc.h2("3. Tratamientos previos")
    doc.ctl("{%p if case.prior_treatments %}")
    doc.table(
        ["Línea", "Contexto", "Esquema", "Periodo", "Mejor respuesta", "Motivo de suspensión"],
        widths(0.5, 0.9, 1.6, 1.2, 1.0, 1.5),
        [
            "{%tr for t in case.prior_treatments %}",
            [
                "{{ t.line }}",
                "{{ t.setting }}",
                "{{ t.regimen }}",
                "{{ t.started_on }} – {{ t.ended_on or 'en curso' }}",
                "{{ w[t.best_response] if t.best_response else '' }}",
                "{{ t.reason_stopped }}",
            ],
            "{%tr endfor %}",
        ],
    )
    doc.ctl("{%p else %}")
    doc.p("Sin tratamientos previos.")
    doc.ctl("{%p endif %}")
    doc.h2("4. Biomarcadores")
    doc.ctl("{%p if case.biomarkers %}")
    doc.table(
        ["Marcador", "Resultado", "Método", "Laboratorio", "Fecha"],
        widths(0.8, 2.2, 0.7, 1.6, 0.9),
        [
            "{%tr for b in case.biomarkers %}",
            ["{{ b.marker }}", "{{ b.result }}", "{{ b.method }}", "{{ b.laboratory }}",
             "{{ b.reported_on }}"],
            "{%tr endfor %}",
        ],
    )
    doc.ctl("{%p else %}")
    doc.p("No constan biomarcadores.")
    doc.ctl("{%p endif %}")
    doc.h2("5. Motivo por el que no puede tratarse de forma satisfactoria con las alternativas "
           "terapéuticas autorizadas")
    doc.p("{{ case.request.justification.no_satisfactory_alternative }}", align="justify")
    doc.h2("6. Datos que apoyan el uso del medicamento en el paciente")
    doc.p("{{ case.request.justification.benefit_risk }}", align="justify")
    doc.p(
        "Fase de desarrollo más avanzada: {{ w[case.product.development_phase] if "
        "case.product.development_phase else 'no consta' }}."
        "{% if case.product.trials %} Ensayos clínicos del medicamento: "
        "{{ case.product.trials|join(', ') }}.{% endif %}",
    )
    doc.ctl("{%p if " + ES_SUPPORT + " %}")
    doc.label("Documentación de apoyo que se adjunta")
    doc.ctl("{%p for a in " + ES_SUPPORT + " %}")
    doc.bullet("{{ a.title }}{% if a.dated %} ({{ a.dated }}){% endif %}")
    doc.ctl("{%p endfor %}")
    doc.ctl("{%p endif %}")
    doc.h2("7. Razones por las que el paciente no puede ser incluido en un ensayo clínico")
    doc.ctl("{%p if case.request.justification.trials_screened %}")
    doc.table(
        ["Ensayo", "Título", "Motivo de no inclusión"],
        widths(1.0, 2.4, 2.6),
        [
            "{%tr for s in case.request.justification.trials_screened %}",
            ["{{ s.nct }}", "{{ s.title }}", "{{ s.reason_not_eligible }}"],
            "{%tr endfor %}",
        ],
    )
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.request.trials_screened_note %}")
    doc.p("{{ case.request.trials_screened_note }}", align="justify")
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if not case.request.justification.trials_screened and not "
            "case.request.trials_screened_note %}")
    doc.p("Pendiente de completar.")
    doc.ctl("{%p endif %}")
    doc.h2("8. Pauta y duración prevista del tratamiento")
    doc.kv2(
        [
            ("Medicamento", DRUG),
            ("Forma farmacéutica y dosis", "{{ [case.product.dosage_form, case.product.strength]"
                                           "|select|join(', ') or 'no consta' }}"),
            ("Dosis", "{{ case.treatment_plan.dose }}"),
            ("Vía de administración", "{{ case.treatment_plan.route }}"),
            ("Pauta", "{{ case.treatment_plan.schedule }}"),
            ("Duración prevista del tratamiento", "{{ case.treatment_plan.planned_duration }}"),
            ("Premedicación y tratamiento de soporte",
             "{{ case.treatment_plan.premedication or 'ninguno' }}"),
            ("Inicio previsto", "{{ case.treatment_plan.planned_start_on or 'por determinar' }}"),
            ("Número de envases requeridos",
             "{{ case.treatment_plan.quantity_requested or 'pendiente' }}"),
        ],
        ("Concepto", "Descripción"),
    )
    doc.label("Seguimiento")
    doc.p("{{ case.treatment_plan.monitoring }}")
    doc.label("Modificaciones de dosis por toxicidad")
    doc.p("{{ case.treatment_plan.dose_modifications }}")
    doc.label("Criterios de suspensión")
    doc.p("{{ case.treatment_plan.stopping_rules or 'No especificados.' }}")
    doc.h2("9. Consentimiento informado")
    doc.p(
        "Informaré al paciente, en términos comprensibles, de la naturaleza del tratamiento, su "
        "importancia, implicaciones y riesgos, y obtendré su consentimiento informado por "
        "escrito antes de la administración del medicamento (artículo 11.1.b del Real Decreto "
        "1015/2009). El consentimiento se conservará en el centro y no forma parte de la "
        "solicitud (artículo 8.2).",
        align="justify",
    )
    doc.p("", after=12, keep=True)
    doc.p(PLACE + ", {{ prepared_on }}", after=18, keep=True)
    doc.p("Fdo.: ________________________________", after=2, keep=True)
    doc.p("Dr./Dra. " + PHYS + ES_LICENCE, after=0, keep=True)
    doc.p("Médico responsable del tratamiento, {{ case.institution.name }}", after=0)
    return doc


def es_visto_bueno_direccion() -> Doc:
    doc = Doc("Visto bueno de la dirección del centro")
    doc.ctl(ES_MGMT)
    doc.p("Real Decreto 1015/2009, artículo 8.1 — uso compasivo de medicamentos en "
          "investigación", style="Small Text", after=2)
    doc.h1("Visto bueno de la dirección del centro")
    es_id_table(doc)
    doc.p(
        "{% if mg and mg.contact_name %}D./D.ª {{ mg.contact_name }}, en representación de "
        "la dirección del centro hospitalario{% else %}La dirección del centro hospitalario"
        "{% endif %} {{ case.institution.name }}{% if mg %} ({{ mg.name }}){% endif %},",
        align="justify",
        before=6,
    )
    doc.p("MANIFIESTA", bold=True, align="center")
    doc.p(
        "su visto bueno a la solicitud de autorización de acceso individualizado en uso "
        "compasivo al medicamento en investigación " + DRUG + ", del promotor "
        "{{ case.product.manufacturer.name }}, que el centro presenta a la Agencia Española de "
        "Medicamentos y Productos Sanitarios a propuesta del médico responsable, Dr./Dra. "
        + PHYS + "{% if case.physician.specialty %} ({{ case.physician.specialty }}){% endif %}, "
        "para el tratamiento del paciente con iniciales {{ case.patient.initials }} en este "
        "centro, con el número de envases requeridos indicado en la solicitud: "
        "{{ case.treatment_plan.quantity_requested or 'pendiente' }}.",
        align="justify",
    )
    doc.p(
        "El centro se asegurará de que se recaba el consentimiento informado por escrito del "
        "paciente antes de la administración del medicamento (artículo 11.2 del Real Decreto "
        "1015/2009); el consentimiento no forma parte de la solicitud (artículo 8.2).",
        align="justify",
    )
    doc.p(
        "Y para que así conste, a los efectos del artículo 8.1 del Real Decreto 1015/2009, firma "
        "la presente.",
        align="justify",
    )
    doc.p("", after=12, keep=True)
    doc.p("En " + PLACE + ", a {{ prepared_on }}", after=18, keep=True)
    doc.p("Fdo.: ________________________________", after=2, keep=True)
    doc.p("{{ mg.contact_name if mg and mg.contact_name else '' }}", after=0, keep=True)
    doc.p("{{ mg.name if mg else 'Dirección del centro' }}", after=0, keep=True)
    doc.p("{{ case.institution.name }}", after=0)
    return doc


TEMPLATES: dict[str, Callable[[], Doc]] = {
    "it-uso-nominale-lettera.docx": it_cover_letter,
    "it-uso-nominale-a-motivazione.docx": it_a_motivazione,
    "it-uso-nominale-b-posologia.docx": it_b_posologia,
    "it-uso-nominale-c-comparabilita.docx": it_c_comparabilita,
    "it-uso-nominale-d-dati.docx": it_d_dati,
    "it-uso-nominale-g-raccolta-dati.docx": it_g_raccolta_dati,
    "it-uso-nominale-h-dichiarazione.docx": it_h_dichiarazione,
    "es-uso-compasivo-carta.docx": es_cover_letter,
    "es-uso-compasivo-informe-clinico.docx": es_informe_clinico,
    "es-uso-compasivo-visto-bueno-direccion.docx": es_visto_bueno_direccion,
}


def main(argv: Sequence[str] | None = None) -> int:
    return base.run(TEMPLATES, OUT_DIR, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    raise SystemExit(main())
