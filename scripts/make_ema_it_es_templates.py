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

import itertools
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).parent))
import make_fda_templates as base
from a4_templates import A4Doc, widths

OUT_DIR = base.ROOT / "templates" / "ema"


class Doc(A4Doc):
    """An A4 template with 2 cm margins."""

    def kv2(self, rows: Sequence[base.Row], header: tuple[str, str]) -> None:
        self.table(header, widths(1, 2), rows, bold_first=True)

    def opt_table(self, seq: str, var: str, columns: Sequence[Column]) -> None:
        """A table of ``for var in seq``, its optional columns only where a row has a value.

        A column whose ``key`` is set appears only when some item of ``seq`` has that field:
        each combination of optional columns is a table of its own, chosen by ``{%p if %}``,
        so no document shows a column with nothing in it.
        """
        optional = [c for c in columns if c.key]
        combos = list(itertools.product((True, False), repeat=len(optional)))
        for n, combo in enumerate(combos):
            shown = dict(zip((c.key for c in optional), combo, strict=True))
            tests = [
                ("" if on else "not ") + f"({seq}|selectattr('{key}')|list)"
                for key, on in shown.items()
            ]
            if len(combos) > 1:
                if n == 0:
                    self.ctl("{%p if " + " and ".join(tests) + " %}")
                elif n < len(combos) - 1:
                    self.ctl("{%p elif " + " and ".join(tests) + " %}")
                else:
                    self.ctl("{%p else %}")
            cols = [c for c in columns if not c.key or shown[c.key]]
            self.table(
                [c.header for c in cols],
                widths(*(c.weight for c in cols)),
                [f"{{%tr for {var} in {seq} %}}", [c.cell for c in cols], "{%tr endfor %}"],
            )
        if len(combos) > 1:
            self.ctl("{%p endif %}")

    def letterhead_eu(self) -> None:
        """Institution, physician and address (needs ``addr`` set first)."""
        self.p("{{ case.institution.name }}", bold=True, size=14, after=0)
        self.p(
            base.PHYS
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
        """Closing and signature, kept together (the paragraph before it must keep too)."""
        self.p(closing, before=6, after=30, keep=True)
        self.p("______________________________________", after=0, keep=True)
        self.p((title + " " if title else "") + base.PHYS, after=0, keep=True)
        self.ctl("{%p if case.physician.job_title %}")
        self.p("{{ case.physician.job_title }}", after=0, keep=True)
        self.ctl("{%p endif %}")
        self.p("{{ case.institution.name }}", after=12)

    def kept_bullet(self, text: str) -> None:
        """A bullet kept with the next paragraph (the last one before a signature)."""
        self.p(text, style="List Bullet", keep=True)


class Column(NamedTuple):
    """A column of :meth:`Doc.opt_table`: ``key`` names the field that makes it optional."""

    header: str
    weight: float
    cell: str
    key: str | None = None


def listing(seq: str) -> str:
    """Items of ``seq`` joined by semicolons, each after the first |inline: "Fegato (…);
    scheletro (…)", not "Fegato (…); Scheletro (…)" (a capital mid-sentence)."""
    return ("{% for x in " + seq + " %}{{ x if loop.first else x|inline }}"
            "{% if not loop.last %}; {% endif %}{% endfor %}")


def row_if(test: str, name: str, value: str) -> list[base.Row]:
    """A field / value row shown only when ``test`` holds."""
    return ["{%tr if " + test + " %}", (name, value), "{%tr endif %}"]


# --------------------------------------------------------------------------------------
# Jinja snippets (presentation only)
# --------------------------------------------------------------------------------------
SET_ADDR = base.SET_ADDR
DRUG = base.DRUG
PHYS = base.PHYS
# the indication set inside a sentence: its own capital and closing stop go
INDICATION = "{{ (case.request.indication or case.diagnosis.primary_cancer)|inline|clause }}"
CITY = (
    "{% if addr.postal_code %}{{ addr.postal_code }} {% endif %}{{ addr.city }}"
    "{% if addr.region %} ({{ addr.region }}){% endif %}"
)
_CITY = "(case.institution.address or case.physician.address or dict(city='')).city"
# Italian letters and declarations date in words: "Milano, 20 novembre 2026"; the date
# alone when the case gives no address
_MESI = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
         "settembre", "ottobre", "novembre", "dicembre")
PLACE_DATE = (
    "{% if " + _CITY + " %}{{ " + _CITY + " }}, {% endif %}{{ prepared_on.day }} {{ ["
    + ", ".join(f"'{m}'" for m in _MESI) + "][prepared_on.month - 1] }} {{ prepared_on.year }}"
)
# Spanish letters and certificates date in words: "Madrid, 20 de noviembre de 2026"; the
# certificate's formula: "En Madrid, a 20 de noviembre de 2026"
_MESES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
          "septiembre", "octubre", "noviembre", "diciembre")
DATE_ES = (
    "{{ prepared_on.day }} de {{ [" + ", ".join(f"'{m}'" for m in _MESES)
    + "][prepared_on.month - 1] }} de {{ prepared_on.year }}"
)
PLACE_DATE_ES_LETTER = "{% if " + _CITY + " %}{{ " + _CITY + " }}, {% endif %}" + DATE_ES
PLACE_DATE_ES = "{% if " + _CITY + " %}En {{ " + _CITY + " }}, a {% endif %}" + DATE_ES
TNM = base.TNM
# "iscrizione all'Ordine dei Medici Chirurghi e degli Odontoiatri di Milano, n. 12345"; a
# jurisdiction that already names the Ordine ("OMCeO di Milano") is printed as it is
LICENCE = (
    "{% if case.physician.licence %}{% set j = case.physician.licence.jurisdiction %}"
    "{% if not (j|lower).startswith(('ordine', 'omceo')) %}Ordine dei Medici Chirurghi e "
    "degli Odontoiatri di {% endif %}{{ j }}, n. {{ case.physician.licence.number }}"
    "{% endif %}"
)
RARE_PHASE1 = (
    "case.diagnosis.rare_disease and case.product.development_phase == 'phase_1'"
)
SET_FEM = "{%p set fem = case.patient.sex == 'female' %}"
DX = "case.diagnosis"
PERIOD_IT = (
    "{% if t.ended_on %}{{ t.started_on }} – {{ t.ended_on }}{% else %}dal "
    "{{ t.started_on }}{% endif %}"
)
PERIOD_ES = (
    "{% if t.ended_on %}{{ t.started_on }} – {{ t.ended_on }}{% else %}desde "
    "{% if t.started_on.day is defined %}el {% endif %}{{ t.started_on }}{% endif %}"
)

# Italian ------------------------------------------------------------------------------
# the value of a "Stadio" row: "IVB (cT2b cN2 cM1c, AJCC 8ª ed.)", not "stadio IVB (...)"
IT_STAGE = (
    "{% if case.diagnosis.stage.overall %}{{ case.diagnosis.stage.overall }}{% endif %}"
    "{% if case.diagnosis.stage.t or case.diagnosis.stage.n or case.diagnosis.stage.m %}"
    "{% if case.diagnosis.stage.overall %} ({% endif %}"
    + TNM
    + "{% if case.diagnosis.stage.ajcc_edition %}, AJCC {{ case.diagnosis.stage.ajcc_edition }}"
    "ª ed.{% endif %}{% if case.diagnosis.stage.overall %}){% endif %}{% endif %}"
)
IT_PS = (
    "{{ case.diagnosis.performance_status.scale }} "
    "{{ case.diagnosis.performance_status.value }}{% if case.diagnosis.performance_status"
    ".assessed_on %} (valutato il {{ case.diagnosis.performance_status.assessed_on }})"
    "{% endif %}"
)
# The institution after "presso" or "tramite" takes the article of its first word, as an
# Italian writer puts it: "presso l'Ospedale …", "la Fondazione …", "il Policlinico …",
# "gli Spedali Civili …"; a name whose first word is not listed (a proper name such as
# "Humanitas") is written without one.
_IT_ARTICLE = {
    "l'": ("ospedale", "azienda", "arcispedale", "istituto", "irccs", "asst", "asl", "ausl",
           "asp", "ulss", "aou", "ao", "aop", "ente"),
    "la ": ("fondazione", "casa", "clinica", "struttura"),
    "il ": ("policlinico", "presidio", "centro", "complesso", "polo"),
    "gli ": ("spedali", "istituti", "ospedali"),
}
# dict(...) rather than a {...} literal: docxtpl reads a "{%p" tag only up to its first brace
SET_IT_ART = (
    "{%p set art = dict("
    + ", ".join(f"{word}=\"{art}\"" for art, words in _IT_ARTICLE.items() for word in words)
    + ").get((case.institution.name.split(' ')[0]|lower).rstrip('.'), '') %}"
)
IT_INST = "{{ art }}{{ case.institution.name }}"




def _where_approved(var: str) -> str:
    """" (Stati Uniti)": where an approved medicine is authorised, after its stage."""
    return ("{% if " + var + " == 'approved' and case.product.approvals %} ({% for a in "
            "case.product.approvals %}{{ a.jurisdiction|label('jurisdiction') }}"
            "{% if not loop.last %}, {% endif %}{% endfor %}){% endif %}")


def phase_it(var: str, where: bool = False) -> str:
    """The most advanced stage of development as a noun phrase: "fase 2", and for an
    approved medicine "autorizzazione all'immissione in commercio" (not "autorizzato"),
    with ``where`` the countries of its approvals after it."""
    return ("{{ \"autorizzazione all'immissione in commercio\" if " + var + " == 'approved' "
            "else " + var + "|label('phase') }}" + (_where_approved(var) if where
                                                    else ""))


def phase_es(var: str) -> str:
    """The same in Spanish: "fase 2", "autorización de comercialización (Estados Unidos)"."""
    return ("{{ 'autorización de comercialización' if " + var + " == 'approved' else "
            + var + "|label('phase') }}" + _where_approved(var))
IT_PATIENT = "{{ 'la paziente' if fem else 'il paziente' }}"
IT_OF_PATIENT = "{{ 'della paziente' if fem else 'del paziente' }}"


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
    doc.ctl(SET_FEM)
    doc.ctl(SET_IT_ART)
    doc.letterhead_eu()
    doc.p(PLACE_DATE, align="right", after=12)
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
        + " per " + IT_PATIENT + " {{ case.patient.initials }}, ai sensi degli artt. 3 e 4 "
        "del D.M. 7 settembre 2017 (G.U. n. 256 del 2 novembre 2017)",
        bold=True,
        after=10,
    )
    doc.p("Gentile Presidente,")
    doc.p(
        PHYS + ", medico curante presso " + IT_INST + ", "
        "chiede il parere del Comitato Etico sull'uso nominale, al di fuori delle "
        "sperimentazioni cliniche, del medicinale " + DRUG + ", prodotto da "
        "{{ case.product.manufacturer.name }}, per il trattamento " + IT_OF_PATIENT + " "
        "{{ case.patient.initials }}, {{ 'affetta' if fem else 'affetto' }} da "
        + INDICATION + ".",
        align="justify",
    )
    doc.ctl("{%p if " + RARE_PHASE1 + " and case.institution.reference_centre %}")
    doc.p(
        "Trattandosi di malattia rara o tumore raro per il quale sono disponibili soltanto "
        "studi clinici di fase I, la richiesta è presentata tramite " + IT_INST + ", "
        "centro clinico individuato dalla regione per il trattamento delle malattie rare o "
        "appartenente alla Rete nazionale dei tumori rari, come previsto dall'art. 3, comma 2, "
        "del decreto.",
        align="justify",
    )
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.product.free_of_charge %}")
    doc.p(
        "{{ case.product.manufacturer.name }} fornisce il medicinale a titolo gratuito"
        "{% if attachments.manufacturer_agreement %}; la relativa dichiarazione è allegata "
        "(lettera f){% endif %}.",
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
        doc.p(line, indent=0.3, after=0, keep=line.startswith("h)"))
    doc.p("", after=4)
    doc.ctl("{%p if case.request.emergency %}")
    doc.p(
        "In considerazione delle condizioni cliniche " + IT_OF_PATIENT + ", si chiede che la "
        "richiesta sia valutata con procedura d'urgenza.",
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
        keep=True,
    )
    doc.signature_eu("Distinti saluti,", "")
    return doc


def it_a_motivazione() -> Doc:
    doc = Doc("a) Motivazione clinica della richiesta")
    it_title(doc, "a", "Motivazione clinica della richiesta")
    doc.h2("Paziente")
    doc.kv2(
        [
            ("Iniziali", "{{ case.patient.initials }}"),
            *row_if("case.patient.age is not none", "Età", "{{ case.patient.age }} anni"),
            ("Sesso", "{{ case.patient.sex|label('sex') }}"),
            *row_if("case.patient.weight_kg", "Peso", "{{ case.patient.weight_kg }} kg"),
            *row_if("case.patient.allergies is not none", "Allergie",
                    "{% if case.patient.allergies %}" + listing("case.patient.allergies")
                    + "{% else %}nessuna allergia nota{% endif %}"),
        ],
        ("Dato", "Valore"),
    )
    doc.h2("Diagnosi")
    doc.kv2(
        [
            ("Patologia", "{{ case.diagnosis.primary_cancer }}"),
            ("Codice ICD-10", "{{ case.diagnosis.icd10 }}"),
            *row_if(f"{DX}.histology", "Istologia", "{{ case.diagnosis.histology }}"),
            *row_if(f"{DX}.grade", "Grado", "{{ case.diagnosis.grade }}"),
            *row_if(f"{DX}.stage", "Stadio", IT_STAGE),
            ("Data della diagnosi", "{{ case.diagnosis.diagnosed_on }}"),
            *row_if(f"{DX}.metastatic_sites", "Sedi metastatiche",
                    listing("case.diagnosis.metastatic_sites")),
            *row_if(f"{DX}.disease_status", "Stato attuale di malattia",
                    "{{ case.diagnosis.disease_status }}"),
            *row_if(f"{DX}.performance_status", "Performance status", IT_PS),
            *row_if(f"{DX}.rare_disease is not none", "Malattia rara o tumore raro",
                    "{{ 'sì' if case.diagnosis.rare_disease else 'no' }}"),
        ],
        ("Dato", "Valore"),
    )
    doc.ctl("{%p if case.prior_treatments %}")
    doc.h2("Trattamenti precedenti")
    doc.opt_table("case.prior_treatments", "t", [
        Column("Linea", 0.5, "{{ t.line }}"),
        Column("Contesto", 0.9, "{{ t.setting|label('setting') }}"),
        Column("Regime", 1.6, "{{ t.regimen }}"),
        Column("Periodo", 1.2, PERIOD_IT),
        Column("Migliore risposta", 1.0, "{{ t.best_response|label('response') }}",
               "best_response"),
        Column("Motivo di sospensione", 1.5, "{{ t.reason_stopped }}", "reason_stopped"),
    ])
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.biomarkers %}")
    doc.h2("Caratterizzazione molecolare")
    doc.opt_table("case.biomarkers", "b", [
        Column("Marcatore", 0.8, "{{ b.marker }}"),
        Column("Risultato", 2.2, "{{ b.result }}"),
        Column("Metodo", 0.7, "{{ b.method|label('method') }}"),
        Column("Laboratorio", 1.6, "{{ b.laboratory }}", "laboratory"),
        Column("Data", 0.9, "{{ b.reported_on }}"),
    ])
    doc.ctl("{%p endif %}")
    doc.h2("Assenza di alternative terapeutiche")
    doc.p("{{ case.request.justification.no_satisfactory_alternative }}", align="justify")
    doc.ctl("{%p if case.request.justification.clinical_rationale %}")
    doc.h2("Razionale clinico dell'impiego del medicinale")
    doc.p("{{ case.request.justification.clinical_rationale }}", align="justify")
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.request.justification.trials_screened or "
            "case.request.trials_screened_note %}")
    doc.h2("Sperimentazioni cliniche valutate")
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.request.justification.trials_screened %}")
    doc.opt_table("case.request.justification.trials_screened", "s", [
        Column("Studio", 1.0, "{{ s.nct }}"),
        Column("Titolo", 2.4, "{{ s.title }}", "title"),
        Column("Motivo della non eleggibilità", 2.6, "{{ s.reason_not_eligible }}"),
    ])
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.request.trials_screened_note %}")
    doc.p("{{ case.request.trials_screened_note }}", style="Small Text")
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.comorbidities or case.current_medications %}")
    doc.h2("Comorbidità e terapie concomitanti")
    doc.ctl("{%p endif %}")
    doc.ctl("{%p for c in case.comorbidities + case.current_medications %}")
    doc.bullet("{{ c }}")
    doc.ctl("{%p endfor %}")
    doc.ctl("{%p if case.labs %}")
    doc.h2("Esami di laboratorio recenti")
    doc.opt_table("case.labs", "l", [
        Column("Esame", 2.0, "{{ l.name }}"),
        Column("Valore", 0.9, "{{ l.value }}"),
        Column("Unità", 1.1, "{{ l.unit }}", "unit"),
        Column("Intervallo di riferimento", 1.4, "{{ l.reference_range }}", "reference_range"),
        Column("Data", 1.0, "{{ l.measured_on }}"),
    ])
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
            *row_if("case.product.dosage_form", "Forma farmaceutica",
                    "{{ case.product.dosage_form }}"),
            *row_if("case.product.strength", "Dosaggio", "{{ case.product.strength }}"),
            ("Dose", "{{ case.treatment_plan.dose }}"),
            ("Via di somministrazione", "{{ case.treatment_plan.route }}"),
            ("Schema", "{{ case.treatment_plan.schedule }}"),
            ("Durata prevista", "{{ case.treatment_plan.planned_duration }}"),
            *row_if("case.treatment_plan.premedication", "Premedicazione e terapia di supporto",
                    "{{ case.treatment_plan.premedication }}"),
            *row_if("case.treatment_plan.planned_start_on", "Inizio previsto",
                    "{{ case.treatment_plan.planned_start_on }}"),
            *row_if("case.treatment_plan.quantity_requested", "Quantità richiesta",
                    "{{ case.treatment_plan.quantity_requested }}"),
        ],
        ("Voce", "Descrizione"),
    )
    doc.h2("Modifiche della dose per tossicità")
    doc.p("{{ case.treatment_plan.dose_modifications }}")
    doc.ctl("{%p if case.treatment_plan.stopping_rules %}")
    doc.h2("Criteri di interruzione del trattamento")
    doc.p("{{ case.treatment_plan.stopping_rules }}")
    doc.ctl("{%p endif %}")
    return doc


def it_c_comparabilita() -> Doc:
    doc = Doc("c) Comparabilità dei pazienti degli studi rispetto al paziente")
    doc.ctl(SET_FEM)
    it_title(doc, "c", "Comparabilità dei pazienti degli studi rispetto al paziente")
    doc.p(
        "Caratteristiche " + IT_OF_PATIENT + " rilevanti per il confronto con la popolazione "
        "degli studi clinici su cui si basa la richiesta:",
        align="justify",
    )
    doc.kv2(
        [
            ("Età e sesso",
             "{% if case.patient.age is not none %}{{ case.patient.age }} anni, {% endif %}"
             "sesso {{ case.patient.sex|label('sex') }}"),
            ("Patologia", "{{ case.diagnosis.primary_cancer }}"),
            *row_if(f"{DX}.histology", "Istologia", "{{ case.diagnosis.histology }}"),
            *row_if(f"{DX}.stage", "Stadio", IT_STAGE),
            *row_if("case.biomarkers", "Alterazioni molecolari",
                    "{% for b in case.biomarkers %}{{ b.marker }}: {{ b.result|inline }}"
                    "{% if not loop.last %}; {% endif %}{% endfor %}"),
            *row_if("case.prior_treatments", "Linee di terapia precedenti",
                    "{{ case.prior_treatments|length }} ({% for t in case.prior_treatments %}"
                    "{{ t.regimen|inline }}{% if not loop.last %}; {% endif %}{% endfor %})"),
            *row_if(f"{DX}.performance_status", "Performance status", IT_PS),
            *row_if(f"{DX}.disease_status", "Stato attuale di malattia",
                    "{{ case.diagnosis.disease_status }}"),
        ],
        ("Caratteristica", "Paziente"),
    )
    doc.ctl("{%p if case.product.trials %}")
    doc.h2("Studi clinici di riferimento")
    doc.ctl("{%p endif %}")
    doc.ctl("{%p for n in case.product.trials %}")
    doc.bullet(
        "{{ n }}{% for s in case.request.justification.trials_screened if s.nct == n %}"
        "{% if s.title %} ({{ s.title }}){% endif %}{% endfor %}"
    )
    doc.ctl("{%p endfor %}")
    doc.ctl("{%p if case.product.development_phase %}")
    doc.p(
        "Stato di sviluppo più avanzato per l'indicazione: "
        + phase_it("case.product.development_phase", where=True) + ".",
    )
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.diagnosis.rare_disease %}")
    doc.h2("Malattia rara o tumore raro")
    doc.p(
        "Trattandosi di malattia rara o tumore raro, la richiesta si fonda sulla sussistenza di "
        "un comune meccanismo d'azione che renda prevedibile un beneficio clinico sulla base "
        "delle evidenze disponibili per il medicinale"
        "{% if case.biomarkers %} (bersaglio molecolare: "
        "{% for b in case.biomarkers %}{{ b.marker }}{% if not loop.last %}, {% endif %}"
        "{% endfor %}){% endif %}; i dati a sostegno sono riportati alla lettera d).",
        align="justify",
    )
    doc.ctl("{%p endif %}")
    return doc


def it_d_dati() -> Doc:
    doc = Doc("d) Dati di sicurezza, tollerabilità ed efficacia")
    it_title(doc, "d", "Dati di sicurezza, tollerabilità ed efficacia")
    doc.ctl("{%p set pr = case.product %}")
    doc.ctl("{%p if pr.development_phase or pr.in_development_for_indication is not none or "
            "pr.trials or pr.approvals %}")
    doc.kv2(
        [
            *row_if("pr.development_phase", "Stato di sviluppo più avanzato",
                    phase_it("pr.development_phase")),
            *row_if("pr.in_development_for_indication is not none",
                    "Sviluppo clinico nell'indicazione",
                    "{% if pr.in_development_for_indication %}studi in corso o programmati"
                    "{% else %}nessuno studio in corso o programmato{% endif %}"),
            *row_if("pr.trials", "Studi clinici", "{{ pr.trials }}"),
            *row_if("pr.approvals", "Autorizzazioni all'immissione in commercio",
                    "{% for a in pr.approvals %}{{ a.jurisdiction|label('jurisdiction') }}"
                    "{% if a.brand_name %} ({{ a.brand_name }}){% endif %}"
                    "{% if a.status != 'approved' %}, {{ a.status|label('approval_status') }}"
                    "{% endif %}{% if a.approved_on %}, {{ a.approved_on }}{% endif %}"
                    "{% if a.indication %}: {{ a.indication|inline|clause }}{% endif %}"
                    "{% if not loop.last %}; {% endif %}{% endfor %}"),
        ],
        ("Voce", "Descrizione"),
    )
    doc.ctl("{%p endif %}")
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
    doc.ctl(SET_FEM)
    doc.ctl(SET_IT_ART)
    it_title(doc, "g", "Modalità di raccolta dei dati")
    doc.p(
        "I dati del trattamento saranno raccolti dal medico richiedente nella cartella clinica "
        + IT_OF_PATIENT + " presso " + IT_INST + ", in forma pseudonimizzata "
        "(iniziali {{ case.patient.initials }}, codice {{ case.case_id }}) per ogni "
        "comunicazione esterna.",
        align="justify",
    )
    doc.h2("Valutazioni e monitoraggio previsti")
    doc.p("{{ case.treatment_plan.monitoring }}")
    doc.h2("Sicurezza")
    doc.p(
        "Gli eventi avversi saranno registrati a ogni visita; le sospette reazioni avverse "
        "saranno segnalate secondo la normativa vigente di farmacovigilanza e comunicate a "
        "{{ case.product.manufacturer.name|sentence }}",
        align="justify",
    )
    return doc


def it_h_dichiarazione() -> Doc:
    doc = Doc("h) Dichiarazione di responsabilità del medico")
    doc.ctl(SET_ADDR)
    doc.ctl(SET_FEM)
    doc.ctl(SET_IT_ART)
    it_title(doc, "h", "Dichiarazione di responsabilità del medico")
    doc.p(
        PHYS + ", medico"
        "{% if case.physician.licence %} con iscrizione all'" + LICENCE + "{% endif %}"
        "{% if case.physician.specialty %}, specialista in {{ case.physician.specialty|inline }}"
        "{% endif %}, in servizio presso " + IT_INST + ",",
        align="justify",
    )
    doc.p("DICHIARA", bold=True, align="center")
    doc.bullet(
        "di assumersi la responsabilità del trattamento " + IT_OF_PATIENT + " "
        "{{ case.patient.initials }} con il medicinale " + DRUG + " secondo il protocollo "
        "descritto nella presente richiesta (lettere b e g);"
    )
    doc.bullet(
        "di informare " + IT_PATIENT + " sul trattamento mediante il modello di informazione "
        "allegato (lettera e) e di acquisirne il consenso informato scritto prima dell'inizio "
        "del trattamento;"
    )
    doc.kept_bullet("di raccogliere i dati del trattamento secondo le modalità indicate alla "
                    "lettera g).")
    doc.p("", after=12, keep=True)
    doc.p(PLACE_DATE, after=18, keep=True)
    doc.p("Firma: ________________________________", after=2, keep=True)
    doc.p(PHYS, after=0, keep=True)
    doc.p("{{ case.institution.name }}", after=0)
    return doc


# Spanish ------------------------------------------------------------------------------
# the value of an "Estadio" row: "IVA (cT3 cN2 cM1b, AJCC 8ª ed.)", not "estadio IVA (...)"
ES_STAGE = (
    "{% if case.diagnosis.stage.overall %}{{ case.diagnosis.stage.overall }}{% endif %}"
    "{% if case.diagnosis.stage.t or case.diagnosis.stage.n or case.diagnosis.stage.m %}"
    "{% if case.diagnosis.stage.overall %} ({% endif %}"
    + TNM
    + "{% if case.diagnosis.stage.ajcc_edition %}, AJCC {{ case.diagnosis.stage.ajcc_edition }}"
    "ª ed.{% endif %}{% if case.diagnosis.stage.overall %}){% endif %}{% endif %}"
)
ES_PS = (
    "{{ case.diagnosis.performance_status.scale }} "
    "{{ case.diagnosis.performance_status.value }}{% if case.diagnosis.performance_status"
    ".assessed_on %} (valorado el {{ case.diagnosis.performance_status.assessed_on }})"
    "{% endif %}"
)
ES_MGMT = "{%p set mg = case.institution.management %}"
# "centro hospitalario Clínica X", but not "centro hospitalario Hospital Universitario X"
ES_CENTRE = (
    "{% if not case.institution.name.startswith(('Hospital ', 'Complejo Hospitalario ')) %}"
    "centro hospitalario {% endif %}{{ case.institution.name }}"
)
ES_LICENCE = (
    "{% if case.physician.licence %}, n.º de colegiado {{ case.physician.licence.number }} "
    "({{ case.physician.licence.jurisdiction }}){% endif %}"
)
ES_PATIENT = "{{ 'la paciente' if fem else 'el paciente' }}"
ES_OF_PATIENT = "{{ 'de la paciente' if fem else 'del paciente' }}"
ES_TO_PATIENT = "{{ 'a la paciente' if fem else 'al paciente' }}"
ES_O = "{{ 'a' if fem else 'o' }}"  # diagnosticado / diagnosticada


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
    "El consentimiento informado por escrito " + ES_OF_PATIENT + ", conforme a la Ley 41/2002, "
    "se obtendrá antes de la administración del medicamento y se conservará en el centro; de "
    "acuerdo con el artículo 8.2 del Real Decreto 1015/2009, no forma parte de esta solicitud "
    "y no se adjunta."
)


def es_cover_letter() -> Doc:
    doc = Doc("Solicitud de acceso individualizado en uso compasivo")
    doc.ctl(SET_ADDR)
    doc.ctl(ES_MGMT)
    doc.ctl(SET_FEM)
    doc.letterhead_eu()
    doc.p(PLACE_DATE_ES_LETTER, align="right", after=12)
    doc.p("Agencia Española de Medicamentos y Productos Sanitarios (AEMPS)", after=0)
    doc.p("Medicamentos en situaciones especiales", after=0)
    doc.p("", after=6)
    doc.p(
        "Asunto: solicitud de autorización de acceso individualizado en uso compasivo al "
        "medicamento en investigación " + DRUG + " para " + ES_PATIENT + " "
        "{{ case.patient.initials }} (Real Decreto 1015/2009, artículo 8)",
        bold=True,
        after=10,
    )
    doc.p("Muy señores míos:")
    doc.p(
        "El " + ES_CENTRE + ", con el visto bueno de su "
        "Dirección{% if mg %} ({{ mg.name }}){% endif %}, solicita a la Agencia la autorización "
        "de acceso individualizado en uso compasivo al medicamento en investigación " + DRUG
        + ", del laboratorio {{ case.product.manufacturer.name }}, para el tratamiento "
        + ES_OF_PATIENT + " con iniciales {{ case.patient.initials }}, diagnosticad" + ES_O
        + " de " + INDICATION + ", a propuesta del médico responsable del tratamiento que "
        "suscribe.",
        align="justify",
    )
    doc.p("Se acompaña la documentación prevista en el artículo 8.1 del Real Decreto 1015/2009:",
          keep=True, after=2)
    doc.p(
        "a) Informe clínico del médico responsable, que justifica la necesidad del medicamento "
        "para " + ES_PATIENT + ": motivo por el que no puede tratarse de forma satisfactoria "
        "con las alternativas terapéuticas autorizadas, datos que apoyan su uso en "
        + ES_PATIENT + ", razones por las que no puede ser incluid" + ES_O + " en un ensayo "
        "clínico y duración prevista del tratamiento"
        "{% if " + ES_SUPPORT + " %}, con la documentación que lo apoya{% endif %}.",
        indent=0.3, after=2, align="justify",
    )
    doc.ctl("{%p if attachments.manufacturer_agreement %}")
    doc.p("b) Conformidad del promotor.", indent=0.3, after=2)
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.treatment_plan.quantity_requested %}")
    doc.p(
        "c) Número de envases requeridos: "
        "{{ case.treatment_plan.quantity_requested|sentence }}",
        indent=0.3, after=2,
    )
    doc.ctl("{%p endif %}")
    doc.p("Se adjunta asimismo el visto bueno de la Dirección del centro.", before=4)
    doc.p(ES_CONSENT, align="justify", before=6)
    doc.p(
        "Quedo a su disposición para cualquier aclaración"
        "{% if case.physician.phone %} en el teléfono {{ case.physician.phone }}{% endif %}"
        "{% if case.physician.email %}{% if case.physician.phone %} o{% endif %} en la "
        "dirección {{ case.physician.email }}{% endif %}.",
        align="justify",
        keep=True,
    )
    doc.signature_eu("Atentamente,", "Fdo.:")
    return doc


def es_informe_clinico() -> Doc:
    doc = Doc("Informe clínico del médico responsable")
    doc.ctl(SET_FEM)
    doc.p("Real Decreto 1015/2009, artículo 8.1.a) — uso compasivo de medicamentos en "
          "investigación", style="Small Text", after=2)
    doc.h1("Informe clínico del médico responsable")
    es_id_table(doc)
    doc.h2("Datos " + ES_OF_PATIENT)
    doc.kv2(
        [
            ("Iniciales", "{{ case.patient.initials }}"),
            *row_if("case.patient.age is not none", "Edad", "{{ case.patient.age }} años"),
            ("Sexo", "{{ case.patient.sex|label('sex') }}"),
            *row_if("case.patient.weight_kg", "Peso", "{{ case.patient.weight_kg }} kg"),
            *row_if("case.patient.allergies is not none", "Alergias",
                    "{% if case.patient.allergies %}" + listing("case.patient.allergies")
                    + "{% else %}no conocidas{% endif %}"),
        ],
        ("Dato", "Valor"),
    )
    doc.h2("Diagnóstico")
    doc.kv2(
        [
            ("Enfermedad", "{{ case.diagnosis.primary_cancer }}"),
            ("Código CIE-10", "{{ case.diagnosis.icd10 }}"),
            *row_if(f"{DX}.histology", "Histología", "{{ case.diagnosis.histology }}"),
            *row_if(f"{DX}.grade", "Grado", "{{ case.diagnosis.grade }}"),
            *row_if(f"{DX}.stage", "Estadio", ES_STAGE),
            ("Fecha del diagnóstico", "{{ case.diagnosis.diagnosed_on }}"),
            *row_if(f"{DX}.metastatic_sites", "Localizaciones metastásicas",
                    listing("case.diagnosis.metastatic_sites")),
            *row_if(f"{DX}.disease_status", "Situación actual",
                    "{{ case.diagnosis.disease_status }}"),
            *row_if(f"{DX}.performance_status", "Estado funcional", ES_PS),
        ],
        ("Dato", "Valor"),
    )
    doc.ctl("{%p if case.prior_treatments %}")
    doc.h2("Tratamientos previos")
    doc.opt_table("case.prior_treatments", "t", [
        Column("Línea", 0.5, "{{ t.line }}"),
        Column("Contexto", 0.9, "{{ t.setting|label('setting') }}"),
        Column("Esquema", 1.6, "{{ t.regimen }}"),
        Column("Periodo", 1.2, PERIOD_ES),
        Column("Mejor respuesta", 1.0, "{{ t.best_response|label('response') }}",
               "best_response"),
        Column("Motivo de suspensión", 1.5, "{{ t.reason_stopped }}", "reason_stopped"),
    ])
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.biomarkers %}")
    doc.h2("Biomarcadores")
    doc.opt_table("case.biomarkers", "b", [
        Column("Marcador", 0.8, "{{ b.marker }}"),
        Column("Resultado", 2.2, "{{ b.result }}"),
        Column("Método", 0.7, "{{ b.method|label('method') }}"),
        Column("Laboratorio", 1.6, "{{ b.laboratory }}", "laboratory"),
        Column("Fecha", 0.9, "{{ b.reported_on }}"),
    ])
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.comorbidities or case.current_medications %}")
    doc.h2("Comorbilidades y tratamiento concomitante")
    doc.ctl("{%p endif %}")
    doc.ctl("{%p for c in case.comorbidities + case.current_medications %}")
    doc.bullet("{{ c }}")
    doc.ctl("{%p endfor %}")
    doc.ctl("{%p if case.labs %}")
    doc.h2("Pruebas de laboratorio recientes")
    doc.opt_table("case.labs", "l", [
        Column("Prueba", 2.0, "{{ l.name }}"),
        Column("Valor", 0.9, "{{ l.value }}"),
        Column("Unidad", 1.1, "{{ l.unit }}", "unit"),
        Column("Intervalo de referencia", 1.4, "{{ l.reference_range }}", "reference_range"),
        Column("Fecha", 1.0, "{{ l.measured_on }}"),
    ])
    doc.ctl("{%p endif %}")
    doc.h2("Motivo por el que no puede tratarse de forma satisfactoria con las alternativas "
           "terapéuticas autorizadas")
    doc.p("{{ case.request.justification.no_satisfactory_alternative }}", align="justify")
    doc.h2("Datos que apoyan el uso del medicamento en " + ES_PATIENT)
    doc.ctl("{%p if case.request.justification.clinical_rationale %}")
    doc.p("{{ case.request.justification.clinical_rationale }}", align="justify")
    doc.ctl("{%p endif %}")
    doc.p("{{ case.request.justification.benefit_risk }}", align="justify")
    doc.ctl("{%p if case.product.development_phase %}")
    doc.p("Estado de desarrollo más avanzado: "
          + phase_es("case.product.development_phase") + ".")
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.product.trials %}")
    doc.p("Ensayos clínicos del medicamento: {{ case.product.trials }}.")
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if " + ES_SUPPORT + " %}")
    doc.label("Documentación de apoyo que se adjunta")
    doc.ctl("{%p for a in " + ES_SUPPORT + " %}")
    doc.bullet("{{ a.title }}{% if a.dated %} ({{ a.dated }}){% endif %}")
    doc.ctl("{%p endfor %}")
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.request.justification.trials_screened or "
            "case.request.trials_screened_note %}")
    doc.h2("Razones por las que " + ES_PATIENT + " no puede ser incluid" + ES_O
           + " en un ensayo clínico")
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.request.justification.trials_screened %}")
    doc.opt_table("case.request.justification.trials_screened", "s", [
        Column("Ensayo", 1.0, "{{ s.nct }}"),
        Column("Título", 2.4, "{{ s.title }}", "title"),
        Column("Motivo de no inclusión", 2.6, "{{ s.reason_not_eligible }}"),
    ])
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.request.trials_screened_note %}")
    doc.p("{{ case.request.trials_screened_note }}", align="justify", before=4)
    doc.ctl("{%p endif %}")
    doc.h2("Pauta y duración prevista del tratamiento")
    doc.kv2(
        [
            ("Medicamento", DRUG),
            *row_if("case.product.dosage_form or case.product.strength",
                    "Forma farmacéutica y concentración",
                    "{{ [case.product.dosage_form, case.product.strength]|select|join(', ') }}"),
            ("Dosis", "{{ case.treatment_plan.dose }}"),
            ("Vía de administración", "{{ case.treatment_plan.route }}"),
            ("Pauta", "{{ case.treatment_plan.schedule }}"),
            ("Duración prevista del tratamiento", "{{ case.treatment_plan.planned_duration }}"),
            *row_if("case.treatment_plan.premedication",
                    "Premedicación y tratamiento de soporte",
                    "{{ case.treatment_plan.premedication }}"),
            *row_if("case.treatment_plan.planned_start_on", "Inicio previsto",
                    "{{ case.treatment_plan.planned_start_on }}"),
            *row_if("case.treatment_plan.quantity_requested", "Número de envases requeridos",
                    "{{ case.treatment_plan.quantity_requested }}"),
        ],
        ("Concepto", "Descripción"),
    )
    doc.p("Seguimiento", bold=True, keep=True, before=8, after=2)
    doc.p("{{ case.treatment_plan.monitoring }}")
    doc.p("Modificaciones de dosis por toxicidad", bold=True, keep=True, before=8, after=2)
    doc.p("{{ case.treatment_plan.dose_modifications }}")
    doc.ctl("{%p if case.treatment_plan.stopping_rules %}")
    doc.p("Criterios de suspensión", bold=True, keep=True, before=8, after=2)
    doc.p("{{ case.treatment_plan.stopping_rules }}")
    doc.ctl("{%p endif %}")
    doc.h2("Consentimiento informado")
    doc.p(
        "Informaré " + ES_TO_PATIENT + ", en términos comprensibles, de la naturaleza del "
        "tratamiento, su importancia, implicaciones y riesgos, y obtendré su consentimiento "
        "informado por escrito antes de la administración del medicamento (artículo 11.1.b del "
        "Real Decreto 1015/2009). El consentimiento se conservará en el centro y no forma parte "
        "de la solicitud (artículo 8.2).",
        align="justify",
        keep=True,
    )
    doc.p("", after=12, keep=True)
    doc.p(PLACE_DATE_ES_LETTER, after=18, keep=True)
    doc.p("Fdo.: ________________________________", after=2, keep=True)
    doc.p(PHYS + ES_LICENCE, after=0, keep=True)
    doc.p("Médico responsable del tratamiento, {{ case.institution.name }}", after=0)
    return doc


def es_visto_bueno_direccion() -> Doc:
    doc = Doc("Visto bueno de la Dirección del centro")
    doc.ctl(ES_MGMT)
    doc.ctl(SET_FEM)
    doc.p("Real Decreto 1015/2009, artículo 8.1 — uso compasivo de medicamentos en "
          "investigación", style="Small Text", after=2)
    doc.h1("Visto bueno de la Dirección del centro")
    es_id_table(doc)
    doc.p(
        "{% if mg and mg.contact_name %}{{ mg.contact_name }}"
        "{% if mg.contact_title %}, {{ mg.contact_title }}{% endif %}, en representación de "
        "la Dirección del {% else %}La Dirección del {% endif %}" + ES_CENTRE
        + "{% if mg %} ({{ mg.name }}){% endif %},",
        align="justify",
        before=6,
    )
    doc.p("MANIFIESTA", bold=True, align="center")
    doc.p(
        "su visto bueno a la solicitud de autorización de acceso individualizado en uso "
        "compasivo al medicamento en investigación " + DRUG + ", del laboratorio "
        "{{ case.product.manufacturer.name }}, que el centro presenta a la Agencia Española de "
        "Medicamentos y Productos Sanitarios a propuesta del médico responsable, "
        + PHYS + "{% if case.physician.specialty %} ({{ case.physician.specialty }}){% endif %}, "
        "para el tratamiento " + ES_OF_PATIENT + " con iniciales {{ case.patient.initials }} "
        "en este centro{% if case.treatment_plan.quantity_requested %}, con el número de "
        "envases requeridos indicado en la solicitud: "
        "{{ case.treatment_plan.quantity_requested|clause }}{% endif %}.",
        align="justify",
    )
    doc.p(
        "El centro se asegurará de que se recabe el consentimiento informado por escrito "
        + ES_OF_PATIENT + " antes de la administración del medicamento (artículo 11.2 del Real "
        "Decreto 1015/2009); el consentimiento no forma parte de la solicitud (artículo 8.2).",
        align="justify",
    )
    doc.p(
        "Y para que así conste, a los efectos del artículo 8.1 del Real Decreto 1015/2009, firma "
        "la presente.",
        align="justify",
        keep=True,
    )
    doc.p("", after=12, keep=True)
    doc.p(PLACE_DATE_ES, after=18, keep=True)
    doc.p("Fdo.: ________________________________", after=2, keep=True)
    doc.ctl("{%p if mg and mg.contact_name %}")
    doc.p("{{ mg.contact_name }}", after=0, keep=True)
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if mg and mg.contact_title %}")
    doc.p("{{ mg.contact_title }}", after=0, keep=True)
    doc.ctl("{%p endif %}")
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
