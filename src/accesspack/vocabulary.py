"""The label catalogue: the words a packet prints for each coded value, per language.

A case records coded values (``setting: metastatic``, ``best_response: PR``, an
attachment's ``kind``); a document prints their label in its own language, through the
template filter ``label`` (``{{ t.setting|label('setting') }}``). These are language facts,
not regulatory ones. A value without a label in a language prints its English label (and
the prose lint reports the English word in a non-English document); a value the catalogue
does not know prints as written.

The fixed words of the collator (table of contents, page numbers) are in
:mod:`accesspack.languages`.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["CATALOGUE", "LANGUAGES", "english_labels", "label"]

#: The languages every label is written in.
LANGUAGES = ("en", "fr", "it", "es", "de", "zh")

# domain -> value -> (en, fr, it, es, de, zh)
_ROWS: dict[str, dict[str, tuple[str, str, str, str, str, str]]] = {
    "setting": {
        "neoadjuvant": ("neoadjuvant", "néoadjuvant", "neoadiuvante", "neoadyuvante",
                        "neoadjuvant", "新辅助"),
        "adjuvant": ("adjuvant", "adjuvant", "adiuvante", "adyuvante", "adjuvant", "辅助"),
        "perioperative": ("perioperative", "périopératoire", "perioperatorio",
                          "perioperatorio", "perioperativ", "围手术期"),
        "definitive": ("definitive", "à visée curative", "definitivo", "definitivo",
                       "definitiv", "根治性"),
        "locally_advanced": ("locally advanced", "localement avancé", "localmente avanzato",
                             "localmente avanzado", "lokal fortgeschritten", "局部晚期"),
        "metastatic": ("metastatic", "métastatique", "metastatico", "metastásico",
                       "metastasiert", "转移性"),
        "maintenance": ("maintenance", "maintenance", "mantenimento", "mantenimiento",
                        "Erhaltung", "维持"),
        "other": ("other", "autre", "altro", "otro", "sonstige", "其他"),
    },
    "response": {
        "CR": ("complete response", "réponse complète", "risposta completa",
               "respuesta completa", "komplette Remission", "完全缓解"),
        "PR": ("partial response", "réponse partielle", "risposta parziale",
               "respuesta parcial", "partielle Remission", "部分缓解"),
        "SD": ("stable disease", "maladie stable", "malattia stabile", "enfermedad estable",
               "stabile Erkrankung", "疾病稳定"),
        "PD": ("progressive disease", "progression", "progressione di malattia",
               "progresión de la enfermedad", "progrediente Erkrankung", "疾病进展"),
        "NE": ("not evaluable", "non évaluable", "non valutabile", "no evaluable",
               "nicht beurteilbar", "无法评估"),
    },
    "sex": {
        "female": ("female", "féminin", "femminile", "mujer", "weiblich", "女"),
        "male": ("male", "masculin", "maschile", "hombre", "männlich", "男"),
        "intersex": ("intersex", "intersexe", "intersex", "intersexual", "divers", "间性"),
        "unknown": ("unknown", "inconnu", "non noto", "desconocido", "unbekannt", "未知"),
    },
    "ship_to": {
        "hospital_pharmacy": ("in-patient hospital pharmacy", "pharmacie d'hôpital",
                              "farmacia ospedaliera", "farmacia hospitalaria",
                              "Krankenhausapotheke", "医院药房"),
        "practitioner_office": ("practitioner's office", "cabinet du praticien",
                                "studio del medico", "consulta del médico", "Arztpraxis",
                                "医生诊所"),
        "nuclear_medicine": ("nuclear medicine", "médecine nucléaire", "medicina nucleare",
                             "medicina nuclear", "Nuklearmedizin", "核医学科"),
        "blood_bank": ("blood bank", "banque de sang", "banca del sangue", "banco de sangre",
                       "Blutbank", "血库"),
        "government_depot": ("government agency depot", "dépôt d'un organisme public",
                             "deposito di un ente pubblico", "depósito de un organismo público",
                             "Depot einer Behörde", "政府机构仓库"),
        "community_pharmacy": ("community pharmacy", "pharmacie communautaire",
                               "farmacia territoriale", "farmacia comunitaria",
                               "öffentliche Apotheke", "社会药房"),
    },
    "profession": {
        "medical_practitioner": ("medical practitioner", "médecin", "medico", "médico",
                                 "Arzt", "医师"),
        "dentist": ("dentist", "chirurgien-dentiste", "odontoiatra", "odontólogo",
                    "Zahnarzt", "牙医"),
        "nurse_practitioner": ("nurse practitioner", "infirmier praticien",
                               "infermiere di pratica avanzata", "enfermero de práctica avanzada",
                               "Pflegeexperte APN", "执业护士"),
        "pharmacist": ("pharmacist", "pharmacien", "farmacista", "farmacéutico", "Apotheker",
                       "药师"),
        "other": ("other", "autre", "altro", "otro", "sonstige", "其他"),
    },
    "method": {
        "NGS": ("NGS", "NGS", "NGS", "NGS", "NGS", "NGS"),
        "IHC": ("IHC", "IHC", "IHC", "IHQ", "IHC", "IHC"),
        "FISH": ("FISH", "FISH", "FISH", "FISH", "FISH", "FISH"),
        "PCR": ("PCR", "PCR", "PCR", "PCR", "PCR", "PCR"),
        "ctDNA": ("ctDNA", "ADNtc", "ctDNA", "ADNtc", "ctDNA", "ctDNA"),
        "other": ("other method", "autre méthode", "altro metodo", "otro método",
                  "andere Methode", "其他方法"),
    },
    "approval_status": {
        "approved": ("approved", "autorisé", "autorizzato", "autorizado", "zugelassen",
                     "已批准"),
        "marketing_discontinued": ("marketing discontinued", "commercialisation arrêtée",
                                   "commercializzazione cessata", "comercialización cesada",
                                   "Vertrieb eingestellt", "已停止销售"),
        "withdrawn": ("withdrawn", "retiré", "revocato", "retirado", "widerrufen", "已撤销"),
    },
    "phase": {
        "phase_1": ("phase 1", "phase 1", "fase 1", "fase 1", "Phase 1", "I期"),
        "phase_2": ("phase 2", "phase 2", "fase 2", "fase 2", "Phase 2", "II期"),
        "phase_3": ("phase 3", "phase 3", "fase 3", "fase 3", "Phase 3", "III期"),
        "submitted": ("marketing application submitted", "demande d'AMM déposée",
                      "domanda di AIC presentata", "solicitud de autorización presentada",
                      "Zulassungsantrag gestellt", "已提交上市申请"),
        "approved": ("approved", "autorisé", "autorizzato", "autorizado", "zugelassen",
                     "已批准"),
    },
    "insurance": {
        "statutory": ("statutory health insurance", "assurance maladie obligatoire",
                      "assicurazione sanitaria obbligatoria", "seguro de salud obligatorio",
                      "gesetzliche Krankenversicherung", "法定医疗保险"),
        "private": ("private health insurance", "assurance maladie privée",
                    "assicurazione sanitaria privata", "seguro de salud privado",
                    "private Krankenversicherung", "商业医疗保险"),
        "other": ("other cover", "autre couverture", "altra copertura", "otra cobertura",
                  "sonstige Kostenträger", "其他保障"),
    },
    "jurisdiction": {
        "AT": ("Austria", "Autriche", "Austria", "Austria", "Österreich", "奥地利"),
        "AU": ("Australia", "Australie", "Australia", "Australia", "Australien", "澳大利亚"),
        "BE": ("Belgium", "Belgique", "Belgio", "Bélgica", "Belgien", "比利时"),
        "BR": ("Brazil", "Brésil", "Brasile", "Brasil", "Brasilien", "巴西"),
        "CA": ("Canada", "Canada", "Canada", "Canadá", "Kanada", "加拿大"),
        "CH": ("Switzerland", "Suisse", "Svizzera", "Suiza", "Schweiz", "瑞士"),
        "CN": ("China", "Chine", "Cina", "China", "China", "中国"),
        "DE": ("Germany", "Allemagne", "Germania", "Alemania", "Deutschland", "德国"),
        "DK": ("Denmark", "Danemark", "Danimarca", "Dinamarca", "Dänemark", "丹麦"),
        "ES": ("Spain", "Espagne", "Spagna", "España", "Spanien", "西班牙"),
        "EU": ("European Union", "Union européenne", "Unione europea", "Unión Europea",
               "Europäische Union", "欧盟"),
        "FI": ("Finland", "Finlande", "Finlandia", "Finlandia", "Finnland", "芬兰"),
        "FR": ("France", "France", "Francia", "Francia", "Frankreich", "法国"),
        "GB": ("United Kingdom", "Royaume-Uni", "Regno Unito", "Reino Unido",
               "Vereinigtes Königreich", "英国"),
        "HK": ("Hong Kong", "Hong Kong", "Hong Kong", "Hong Kong", "Hongkong", "中国香港"),
        "IE": ("Ireland", "Irlande", "Irlanda", "Irlanda", "Irland", "爱尔兰"),
        "IL": ("Israel", "Israël", "Israele", "Israel", "Israel", "以色列"),
        "IN": ("India", "Inde", "India", "India", "Indien", "印度"),
        "IT": ("Italy", "Italie", "Italia", "Italia", "Italien", "意大利"),
        "JP": ("Japan", "Japon", "Giappone", "Japón", "Japan", "日本"),
        "KR": ("South Korea", "Corée du Sud", "Corea del Sud", "Corea del Sur", "Südkorea", "韩国"),
        "MO": ("Macao", "Macao", "Macao", "Macao", "Macau", "中国澳门"),
        "NL": ("Netherlands", "Pays-Bas", "Paesi Bassi", "Países Bajos", "Niederlande", "荷兰"),
        "NO": ("Norway", "Norvège", "Norvegia", "Noruega", "Norwegen", "挪威"),
        "NZ": ("New Zealand", "Nouvelle-Zélande", "Nuova Zelanda", "Nueva Zelanda",
               "Neuseeland", "新西兰"),
        "PL": ("Poland", "Pologne", "Polonia", "Polonia", "Polen", "波兰"),
        "PT": ("Portugal", "Portugal", "Portogallo", "Portugal", "Portugal", "葡萄牙"),
        "SE": ("Sweden", "Suède", "Svezia", "Suecia", "Schweden", "瑞典"),
        "SG": ("Singapore", "Singapour", "Singapore", "Singapur", "Singapur", "新加坡"),
        "TW": ("Taiwan", "Taïwan", "Taiwan", "Taiwán", "Taiwan", "中国台湾"),
        "US": ("United States", "États-Unis", "Stati Uniti", "Estados Unidos",
               "Vereinigte Staaten", "美国"),
    },
    "programme": {
        "art83_cup": ("compassionate use programme under Article 83 of Regulation (EC) "
                      "No 726/2004",
                      "programme d'usage compassionnel au titre de l'article 83 du règlement "
                      "(CE) n° 726/2004",
                      "programma di uso compassionevole ai sensi dell'articolo 83 del "
                      "regolamento (CE) n. 726/2004",
                      "programa de uso compasivo del artículo 83 del Reglamento (CE) "
                      "n.º 726/2004",
                      "Compassionate-Use-Programm nach Artikel 83 der Verordnung (EG) "
                      "Nr. 726/2004",
                      "依据第726/2004号条例（EC）第83条的同情用药项目"),
        "expanded_access_protocol": ("expanded access protocol", "protocole d'accès élargi",
                                     "protocollo di accesso allargato",
                                     "protocolo de acceso ampliado",
                                     "Expanded-Access-Protokoll", "扩大使用方案"),
        "haertefallprogramm": ("German hardship programme (Härtefallprogramm, AMHV)",
                               "programme allemand d'usage compassionnel "
                               "(Härtefallprogramm, AMHV)",
                               "programma tedesco di uso compassionevole "
                               "(Härtefallprogramm, AMHV)",
                               "programa alemán de uso compasivo (Härtefallprogramm, AMHV)",
                               "Härtefallprogramm nach der AMHV",
                               "德国同情用药项目（Härtefallprogramm，AMHV）"),
        "national_cup": ("national compassionate use programme",
                         "programme national d'usage compassionnel",
                         "programma nazionale di uso compassionevole",
                         "programa nacional de uso compasivo",
                         "nationales Compassionate-Use-Programm", "国家同情用药项目"),
    },
    "attachment": {
        "letter_of_authorization": ("Letter of authorization", "Lettre d'autorisation",
                                    "Lettera di autorizzazione", "Carta de autorización",
                                    "Autorisierungsschreiben", "授权书"),
        "cv": ("Curriculum vitae", "Curriculum vitae", "Curriculum vitae",
               "Currículum vítae", "Lebenslauf", "简历"),
        "pathology_report": ("Pathology report", "Compte rendu anatomopathologique",
                             "Referto anatomopatologico", "Informe anatomopatológico",
                             "Pathologiebefund", "病理报告"),
        "biomarker_report": ("Biomarker report", "Compte rendu de biologie moléculaire",
                             "Referto dei biomarcatori", "Informe de biomarcadores",
                             "Biomarkerbefund", "生物标志物检测报告"),
        "imaging_report": ("Imaging report", "Compte rendu d'imagerie",
                           "Referto di diagnostica per immagini",
                           "Informe de pruebas de imagen", "Bildgebungsbefund", "影像学报告"),
        "lab_report": ("Laboratory report", "Résultats de laboratoire",
                       "Referto di laboratorio", "Informe de laboratorio", "Laborbefund",
                       "实验室检查报告"),
        "discharge_summary": ("Discharge summary", "Compte rendu d'hospitalisation",
                              "Lettera di dimissione", "Informe de alta", "Entlassungsbrief",
                              "出院小结"),
        "irb_approval": ("Ethics committee approval", "Avis du comité d'éthique",
                         "Parere del comitato etico", "Dictamen del comité de ética",
                         "Votum der Ethikkommission", "伦理委员会批件"),
        "consent_form": ("Informed consent form", "Formulaire de consentement éclairé",
                         "Modulo di consenso informato", "Formulario de consentimiento informado",
                         "Einwilligungserklärung", "知情同意书"),
        "prescription": ("Prescription", "Ordonnance", "Prescrizione", "Receta",
                         "Verordnung", "处方"),
        "manufacturer_agreement": ("Manufacturer's agreement to supply",
                                   "Accord du fabricant pour la fourniture",
                                   "Disponibilità del produttore alla fornitura",
                                   "Conformidad del fabricante con el suministro",
                                   "Lieferzusage des Herstellers", "生产企业供药同意函"),
        "marketing_authorization": ("Marketing authorisation",
                                    "Autorisation de mise sur le marché",
                                    "Autorizzazione all'immissione in commercio",
                                    "Autorización de comercialización", "Zulassung",
                                    "上市许可证明"),
        "institution_commitment": ("Institution's commitment", "Engagement de l'établissement",
                                   "Impegno della struttura", "Compromiso del centro",
                                   "Verpflichtungserklärung der Einrichtung", "医疗机构承诺书"),
        "institution_licence": ("Institution's licence", "Autorisation de l'établissement",
                                "Autorizzazione della struttura", "Autorización del centro",
                                "Erlaubnis der Einrichtung", "医疗机构执业许可证"),
        "safety_report": ("Safety report", "Rapport de sécurité", "Rapporto di sicurezza",
                          "Informe de seguridad", "Sicherheitsbericht", "安全性报告"),
        "investigator_brochure": ("Investigator's brochure", "Brochure pour l'investigateur",
                                  "Dossier per lo sperimentatore",
                                  "Manual del investigador", "Prüferinformation", "研究者手册"),
        "publication": ("Published evidence", "Données publiées", "Letteratura pubblicata",
                        "Publicaciones", "Publikation", "已发表文献"),
        "regulator_correspondence": ("Correspondence with the regulator",
                                     "Correspondance avec l'autorité",
                                     "Corrispondenza con l'autorità",
                                     "Correspondencia con la autoridad",
                                     "Schriftwechsel mit der Behörde", "与监管部门的往来函件"),
        "translation": ("Translation", "Traduction", "Traduzione", "Traducción",
                        "Übersetzung", "译文"),
        "other": ("Other document", "Autre document", "Altro documento", "Otro documento",
                  "Sonstiges Dokument", "其他文件"),
    },
}

#: domain -> value -> language -> label.
CATALOGUE: Mapping[str, Mapping[str, Mapping[str, str]]] = {
    domain: {value: dict(zip(LANGUAGES, words, strict=True)) for value, words in rows.items()}
    for domain, rows in _ROWS.items()
}


def label(value: object, domain: str, language: str) -> str:
    """The label of coded ``value`` of ``domain`` in ``language`` (``fr`` or ``fr-FR``).

    English when the language has none; the value as written when the catalogue does not
    know it. ``domain`` must be one of the catalogue's domains (a misspelt domain is a bug
    in a template, not in a case).
    """
    if domain not in CATALOGUE:
        raise KeyError(f"no label domain {domain!r}; known: {', '.join(sorted(CATALOGUE))}")
    labels = CATALOGUE[domain].get(str(value))
    if labels is None:
        return str(value)
    return labels.get(language.split("-")[0], labels["en"])


#: Domains whose labels are proper names (countries): the same names occur in case text
#: (a company's or a programme's name, an address), so they are no sign of an untranslated
#: label.
PROPER_NAME_DOMAINS = frozenset({"jurisdiction"})


def english_labels(language: str) -> frozenset[str]:
    """Every English label that reads differently in ``language`` (not merely in its
    capitals: German "Phase 2" is English "phase 2"), proper names left out.

    The prose lint looks for these in a document written in ``language``: such a word
    there is a label a template printed without translating it.
    """
    lang = language.split("-")[0]
    return frozenset(
        by_lang["en"]
        for domain, rows in CATALOGUE.items()
        if domain not in PROPER_NAME_DOMAINS
        for by_lang in rows.values()
        if by_lang.get(lang, by_lang["en"]).casefold() != by_lang["en"].casefold()
    )
