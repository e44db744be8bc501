"""(Re)generate the Chinese (NMPA and pilot zones) Word templates in ``templates/nmpa/``.

Routes (all in ``templates/nmpa/``, facts in ``../shared/reference/regulators.md`` §4):

- ``nmpa/expanded-trial``: expanded clinical trial at the trial institution (拓展性临床试验,
  Drug Administration Law art. 23): the joint application of patient, institution and sponsor,
  the letter to the sponsor, the case summary and the treatment plan;
- ``nmpa/hainan-boao``: urgently needed imported drug in the Boao Lecheng pilot zone
  (国发〔2018〕43号, 琼府〔2023〕16号): application, use plan, expert information, commitment;
- ``nmpa/gba``: Hong Kong or Macau drug at a designated Greater Bay Area institution
  (港澳药械通): application, use plan, commitment;
- ``nmpa/temporary-import``: temporary import of an urgently needed drug (DAL art. 65,
  国卫药政发〔2022〕18号): application report, commitment, list of drugs.

No official form or annex was retrieved for any of them: these are free-form documents
built from the case. Where a sentence states a legal condition it says what the route file
says, no more: no sentence attributes free supply (免费) to DAL art. 23, which says nothing of
it (whether the sponsor supplies the drug free is the case's ``product.free_of_charge``).
Approvals: a withdrawn one is named as withdrawn, with its date; where only standing ones
matter (marketed in Hong Kong or Macau; the list of drugs) withdrawn ones are left out.
``clinical-summary.docx`` serves all four routes, ``use-plan.docx`` Hainan and the Greater Bay
Area, ``commitment-letter.docx`` the three import routes (its wording follows ``route.id``).

Like ``make_fda_templates.py`` (whose builder this script imports), the generated ``.docx``
files are the first version of templates a regulatory-affairs person then edits in Word:
running the script again OVERWRITES them.

    python scripts/make_nmpa_templates.py            # write all templates
    python scripts/make_nmpa_templates.py --out DIR  # write them elsewhere

Simplified Chinese throughout; Latin names appear only as data, beside the Chinese ones.
Dates print as 2026年11月24日 (the route's date format). The patient is identified by initials,
sex, date of birth and age (the full name and address are withheld). Page: A4, margins 2 cm,
body 12 pt (小四) in Noto Serif CJK SC with Times New Roman for Latin text, tables 10 pt,
headings and bold labels in Noto Sans CJK SC; no headers, footers or page numbers (the
collator stamps the packet).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import make_fda_templates as base
from a4_templates import A4Doc, widths
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

OUT_DIR = base.ROOT / "templates" / "nmpa"
LATIN = "Times New Roman"  # fontconfig maps it to Liberation Serif
SERIF = "Noto Serif CJK SC"  # body text
SANS = "Noto Sans CJK SC"  # headings and bold labels
STYLES_SERIF = ("Normal", "Table Text", "Small Text")
STYLES_SANS = ("Heading 1", "Heading 2")
# elements that follow w:lang in a w:rPr (schema order)
AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def _fonts(rpr: object, east_asia: str) -> None:
    """Latin text in LATIN, Chinese text in ``east_asia`` (theme fonts dropped)."""
    fonts = rpr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)  # type: ignore[attr-defined]
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), LATIN)
    fonts.set(qn("w:eastAsia"), east_asia)


def _lang(rpr: object) -> None:
    """``<w:lang w:val="en-US" w:eastAsia="zh-CN"/>`` in its schema position."""
    lang = rpr.find(qn("w:lang"))  # type: ignore[attr-defined]
    if lang is None:
        lang = OxmlElement("w:lang")
        later = [rpr.find(qn(tag)) for tag in AFTER_LANG]  # type: ignore[attr-defined]
        later = [el for el in later if el is not None]
        if later:
            later[0].addprevious(lang)
        else:
            rpr.append(lang)  # type: ignore[attr-defined]
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")


class Doc(A4Doc):
    """An A4 template in Simplified Chinese."""

    def _styles(self) -> None:
        super()._styles()
        styles = self.d.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _fonts(rpr, SERIF)
        _lang(rpr)
        for names, east_asia in ((STYLES_SERIF, SERIF), (STYLES_SANS, SANS)):
            for name in names:
                style_rpr = styles[name].element.get_or_add_rPr()
                _fonts(style_rpr, east_asia)
                _lang(style_rpr)
        styles["Heading 1"].font.size = Pt(16)  # 三号
        styles["Heading 2"].font.size = Pt(13)

    def body(self, text: str, **kw: object) -> Paragraph:
        """A justified body paragraph with the customary two-character first-line indent."""
        par = self.p(text, align="justify", **kw)  # type: ignore[arg-type]
        par.paragraph_format.first_line_indent = Pt(24)
        return par

    def title(self, text: str, sub: str | None = None) -> None:
        """The document's title, centred (and a centred line under it)."""
        self.h1(text, align="center")
        if sub:
            self.p(sub, align="center", after=10)

    def item(self, text: str, after: float = 2) -> Paragraph:
        """A numbered item (the number written in ``text``), wrapped lines hanging."""
        par = self.p(text, align="justify", after=after)
        fmt = par.paragraph_format
        fmt.left_indent, fmt.first_line_indent = Pt(42), Pt(-18)
        return par

    def kv2(self, rows: Sequence[base.Row], header: tuple[str, str] = ("项目", "内容"),
            parts: tuple[float, float] = (1, 2.6)) -> None:
        self.table(header, widths(*parts), rows, bold_first=True)

    def id_table(self, drug_label: str = "申请使用药物") -> None:
        """Patient, drug, physician and date under a document title."""
        self.table(
            ["患者", drug_label, "经治医师", "日期"],
            widths(1.3, 1.9, 2.05, 1.45),
            [[PATIENT_SHORT, DRUG, [PHYS_ZH, INST], "{{ prepared_on }}"]],
        )
        self.p("", after=2)


    def seal_block(self, signer: str = "法定代表人（或授权代表）签字：") -> None:
        """The institution's signature and seal, dated the day the packet is prepared."""
        self.keep_last()
        self.p("", after=18, keep=True)
        self.p(signer + "____________________", after=10, keep=True, align="right")
        self.p(INST_SHORT + "（盖章）", after=2, keep=True, align="right")
        self.p("{{ prepared_on }}", after=12, align="right")

    def physician_sign(self, role: str = "经治医师") -> None:
        """The physician's signature and date, kept with the text before it. The role is
        经治医师 (the physician treating the patient), not 主治医师, which in China is a
        professional rank (below 副主任医师 and 主任医师) and contradicts a 主任医师's title."""
        self.keep_last()
        self.p("", after=18, keep=True)
        self.p(role + "（签字）：____________________　　" + DATE_BLANK, after=2, keep=True)
        self.p(PHYS_ZH + "{% if case.physician.job_title %}，{{ case.physician.job_title }}"
               "{% endif %}", after=0, keep=True)
        self.p(INST, after=12)

    def save(self, path: Path) -> None:
        """Bold runs (labels, table headers) in the sans-serif Chinese face, then save."""
        for run in self.d.element.body.iter(qn("w:r")):
            rpr = run.find(qn("w:rPr"))
            bold = None if rpr is None else rpr.find(qn("w:b"))
            if bold is not None and bold.get(qn("w:val")) not in ("0", "false"):
                _fonts(rpr, SANS)
        super().save(path)


# --------------------------------------------------------------------------------------
# Jinja snippets (presentation only). No "{", "}" or "%" inside a {%p %} tag: dict(), not {}.
# --------------------------------------------------------------------------------------
SET_WORDS = (
    "{%p set w = dict(phase_1='Ⅰ期临床试验', phase_2='Ⅱ期临床试验', phase_3='Ⅲ期临床试验', "
    "submitted='已提交上市申请', approved='已获批上市') %}"
)
SET_DESIGNATIONS = (
    "{%p set dz = dict(drug_trial_institution='药物临床试验机构', "
    "hainan_lecheng='海南博鳌乐城国际医疗旅游先行区医疗机构', "
    "gba_designated='粤港澳大湾区“港澳药械通”指定医疗机构') %}"
)
SET_ALL = (SET_WORDS,)


def zh_name(var: str) -> str:
    """The Chinese name, with the Latin one beside it where both exist and differ."""
    return (
        "{{ " + var + ".name_zh or " + var + ".name }}{% if " + var + ".name_zh and " + var
        + ".name_zh != " + var + ".name %}（{{ " + var + ".name }}）{% endif %}"
    )


def zh_only(var: str) -> str:
    """The Chinese name alone, else the Latin one (where the name is repeated in a sentence)."""
    return "{{ " + var + ".name_zh or " + var + ".name }}"


def address(var: str) -> str:
    """An address: Chinese order in China (a municipality's name once: 北京市, not
    北京市北京市), Latin order with the country name elsewhere."""
    v = var
    return (
        "{% if " + v + ".country == 'CN' %}{% if " + v + ".region != " + v + ".city %}{{ " + v
        + ".region }}{% endif %}{{ " + v + ".city }}{{ " + v + ".line1 }}{{ " + v
        + ".line2 }}{% if " + v + ".postal_code %}（邮编 {{ " + v
        + ".postal_code }}）{% endif %}{% else %}{{ " + v + ".line1 }}{% if " + v
        + ".line2 %}, {{ " + v + ".line2 }}{% endif %}, {{ " + v + ".city }}{% if " + v
        + ".region %}, {{ " + v + ".region }}{% endif %}{% if " + v + ".postal_code %} {{ " + v
        + ".postal_code }}{% endif %}{% if " + v + ".country %}（{{ " + v
        + ".country|label('jurisdiction') }}）{% endif %}{% endif %}"
    )


def or_none(expr: str, missing: str) -> str:
    """A table cell: the value, else ``missing`` (a dash, never a filler word)."""
    return "{{ " + expr + " or '" + missing + "' }}"


def if_row(cond: str, row: base.Row) -> list[base.Row]:
    """A table row printed only when ``cond`` holds (an absent optional value: no row)."""
    return ["{%tr if " + cond + " %}", row, "{%tr endif %}"]


def status_sentence(lead: str = "") -> str:
    """The disease status as a sentence, when the case gives it (its own 。 not doubled)."""
    return ("{% if case.diagnosis.disease_status %}" + lead + "目前疾病状态："
            "{{ case.diagnosis.disease_status|clause }}。{% endif %}")


def yes_no(expr: str) -> str:
    """A yes/no field (its row is printed only when the value is known)."""
    return "{% if " + expr + " %}是{% else %}否{% endif %}"


DATE_BLANK = "日期：　　　　年　　月　　日"
# DAL art. 23 (2019 revision), as the statute reads: it says nothing of free supply, so no
# sentence here ties 免费 to it (whether the sponsor supplies free is product.free_of_charge)
ART_23 = (
    "根据《中华人民共和国药品管理法》第二十三条，正在开展临床试验的、用于治疗严重危及生命且尚无"
    "有效治疗手段的疾病的药物，经医学观察可能获益并且符合伦理原则的，经审查、知情同意后，可以在"
    "开展临床试验的机构内用于其他病情相同的患者。"
)
INST = zh_name("case.institution")
INST_SHORT = zh_only("case.institution")
# the ethics committee by the name the case gives it, the same in every sentence
IRB_NAME = ("{% if case.institution.irb %}" + zh_only("case.institution.irb") + "{% else %}"
            + INST_SHORT + "伦理委员会{% endif %}")
PHYS_ZH = zh_name("case.physician")
PHYS_SHORT = zh_only("case.physician")
MAKER = zh_name("case.product.manufacturer")
PHARMACY = (
    "{% if case.institution.pharmacy %}" + zh_only("case.institution.pharmacy")
    + "{% else %}本院药学部门{% endif %}"
)
DRUG = (
    "{% if case.product.name_zh and case.product.name_zh != case.product.name %}"
    "{{ case.product.name_zh }}（{{ [case.product.name, case.product.code]|select|join('，') }}）"
    "{% else %}{{ case.product.name }}{% if case.product.code %}（{{ case.product.code }}）"
    "{% endif %}{% endif %}"
)
DRUG_SHORT = "{{ case.product.name_zh or case.product.name }}"
FORM_STRENGTH = "{{ [case.product.dosage_form, case.product.strength]|select|join('，') }}"
HAS_FORM_STRENGTH = "case.product.dosage_form or case.product.strength"
INDICATION = "{{ (case.request.indication or case.diagnosis.primary_cancer)|clause }}"
QUANTITY = "{{ case.treatment_plan.quantity_requested or '' }}"
HAS_QUANTITY = "case.treatment_plan.quantity_requested"
# "，申请数量为…" in a sentence, when the case gives the quantity (else a ledger gap)
# "，数量为…" after a sentence that already says 申请 (else a ledger gap)
QUANTITY_AMOUNT = ("{% if " + HAS_QUANTITY + " %}，数量为{{ case.treatment_plan"
                   ".quantity_requested|clause }}{% endif %}")
QUANTITY_CLAUSE = ("{% if " + HAS_QUANTITY + " %}，申请数量为{{ case.treatment_plan"
                   ".quantity_requested|clause }}{% endif %}")
PATIENT_SHORT = (
    "{{ case.patient.initials }}（{{ case.patient.sex|label('sex') }}"
    "{% if case.patient.age is not none %}，{{ case.patient.age }}岁{% endif %}）"
)
SEX = "{{ case.patient.sex|label('sex') }}"
BIRTH = "{{ case.patient.date_of_birth }}"
AGE = "{{ case.patient.age }}岁"
WEIGHT = "{{ case.patient.weight_kg }} kg"
HEIGHT = "{{ case.patient.height_cm }} cm"
ALLERGIES = (
    "{% if case.patient.allergies %}{{ case.patient.allergies|join('；') }}"
    "{% else %}无已知过敏{% endif %}"
)
TNM = base.TNM
STAGE = (
    "{% if case.diagnosis.stage %}{% if case.diagnosis.stage.overall %}"
    "{{ case.diagnosis.stage.overall }}期{% endif %}"
    "{% if case.diagnosis.stage.t or case.diagnosis.stage.n or case.diagnosis.stage.m %}（"
    + TNM
    + "{% if case.diagnosis.stage.ajcc_edition %}，AJCC 第{{ case.diagnosis.stage.ajcc_edition }}版"
    "{% endif %}）{% endif %}{% endif %}"
)
DIAGNOSIS = (
    "{{ case.diagnosis.primary_cancer }}（ICD-10：{{ case.diagnosis.icd10 }}）"
    "{% if case.diagnosis.stage and case.diagnosis.stage.overall %}，"
    "{{ case.diagnosis.stage.overall }}期{% endif %}"
)
PERFORMANCE = (
    "{% if case.diagnosis.performance_status %}"
    "{{ 'ECOG' if case.diagnosis.performance_status.scale == 'ECOG' else 'KPS' }} 评分 "
    "{{ case.diagnosis.performance_status.value }} 分"
    "{% if case.diagnosis.performance_status.assessed_on %}（"
    "{{ case.diagnosis.performance_status.assessed_on }}评估）{% endif %}"
    "{% endif %}"
)
METASTASES = "{{ case.diagnosis.metastatic_sites|join('；') }}"
SETTING = "{{ t.setting|label('setting') if t.setting else '—' }}"
LICENCE = (
    "{% if case.physician.licence %}{{ case.physician.licence.number }}（发证机关："
    "{{ case.physician.licence.jurisdiction }}）{% endif %}"
)
INST_ADDR = (
    "{% if case.institution.address %}" + address("case.institution.address") + "{% endif %}"
)
PHYS_CONTACT = (
    "{{ [('电话：' ~ case.physician.phone) if case.physician.phone else '', "
    "('电子邮箱：' ~ case.physician.email) if case.physician.email else '']|select"
    "|join('　') }}"
)
HAS_PHYS_CONTACT = "case.physician.phone or case.physician.email"
# a contact of an organisation: the department, the person's name and title, the phone
MGMT = (
    zh_only("case.institution.management")
    + "{% if case.institution.management.contact_name %}，"
    "{{ case.institution.management.contact_name }}"
    "{% if case.institution.management.contact_title %}（"
    "{{ case.institution.management.contact_title }}）{% endif %}{% endif %}"
    "{% if case.institution.management.phone %}，电话：{{ case.institution.management.phone }}"
    "{% endif %}"
)


def withdrawal(var: str = "a") -> str:
    """A Jinja expression: how a withdrawn approval says so (its date, or only that)."""
    return (
        "(" + var + ".withdrawn_on|date ~ '撤回上市许可') if " + var + ".withdrawn_on "
        "else '上市许可已撤回'"
    )


def approval_line(var: str = "a") -> str:
    """One approval: country or region, date and brand name; a withdrawn one says so."""
    return (
        "{{ " + var + ".jurisdiction|label('jurisdiction') }}"
        "{% if " + var + ".approved_on or " + var + ".brand_name or " + var + ".status == "
        "'withdrawn' %}（"
        "{{ [(" + var + ".approved_on|date ~ '批准') if " + var + ".approved_on else '', "
        "('商品名 ' ~ " + var + ".brand_name) if " + var + ".brand_name else '', "
        "(" + withdrawal(var) + ") if " + var + ".status == 'withdrawn' else '']|select"
        "|join('，') }}）{% endif %}"
    )


REGISTRATION = (
    "{% if case.institution.registration %}，医疗机构执业许可证登记号："
    "{{ case.institution.registration }}{% endif %}"
)
APPROVALS = (
    "{% for a in case.product.approvals %}" + approval_line() + "{% if not loop.last %}；"
    "{% endif %}{% endfor %}"
)
# marketed abroad (China apart); and whether a standing Chinese registration exists
APPROVALS_ABROAD = (
    "{% for a in case.product.approvals if a.jurisdiction != 'CN' %}" + approval_line()
    + "{% if not loop.last %}；{% endif %}{% endfor %}"
)
APPROVAL_DETAILS = (
    "case.product.approvals|selectattr('approved_on')|list or case.product.approvals"
    "|selectattr('brand_name')|list or case.product.approvals|selectattr('indication')|list"
)
HAS_ABROAD = "case.product.approvals|rejectattr('jurisdiction', 'equalto', 'CN')|list"
REGISTERED_CN = (
    "case.product.approvals|selectattr('status', 'equalto', 'approved')"
    "|selectattr('jurisdiction', 'equalto', 'CN')|list"
)
HK_MO = "['HK', 'MO']"
# marketed in Hong Kong or Macau: standing approvals only
APPROVALS_HK_MO = (
    "{% for a in case.product.approvals if a.jurisdiction in " + HK_MO + " and a.status == "
    "'approved' %}" + approval_line() + "{% if not loop.last %}；{% endif %}"
    "{% endfor %}"
)
HAS_HK_MO = (
    "case.product.approvals|selectattr('status', 'equalto', 'approved')"
    "|selectattr('jurisdiction', 'in', " + HK_MO + ")|list"
)
APPROVALS_ELSEWHERE = (
    "{% for a in case.product.approvals if a.jurisdiction not in " + HK_MO + " %}" + approval_line()
    + "{% if not loop.last %}；{% endif %}{% endfor %}"
)
HK_MO_PLACES = (
    "{{ case.product.approvals|selectattr('status', 'equalto', 'approved')"
    "|map(attribute='jurisdiction')|select('in', " + HK_MO + ")|unique"
    "|map('replace', 'HK', '香港')|map('replace', 'MO', '澳门')|join('或') or '港澳' }}"
)
TRIALS = "{{ (case.product.trial_registrations + case.product.trials)|join('；') }}"
HAS_TRIALS = "case.product.trial_registrations or case.product.trials"
# the quotation marks of “港澳药械通” outside a tag (inside one Word's quotes become ASCII)
DESIGNATIONS = (
    "{% for d in case.institution.designations %}{% if d == 'gba_designated' %}"
    "粤港澳大湾区“港澳药械通”指定医疗机构{% else %}{{ dz[d] }}{% endif %}"
    "{% if not loop.last %}；{% endif %}{% endfor %}"
)


def approvals_table(doc: Doc, only: str | None = None) -> None:
    """Where the drug is approved: one row per approval (``only``: a Jinja filter test)."""
    cond = (" if a.jurisdiction " + only) if only else ""
    doc.table(
        ["国家/地区", "批准日期", "商品名", "批准的适应症"],
        widths(1.2, 1.2, 1.3, 3.0),
        [
            "{%tr for a in case.product.approvals" + cond + " %}",
            ["{{ a.jurisdiction|label('jurisdiction') }}",
             or_none("a.approved_on|date", "—")
             + "{% if a.status == 'withdrawn' %}（{{ " + withdrawal() + " }}）{% endif %}",
             or_none("a.brand_name", "—"), or_none("a.indication", "—")],
            "{%tr endfor %}",
        ],
    )


def drug_rows() -> list[base.Row]:
    return [
        ["药品名称", DRUG],
        *if_row("case.product.dosage_form", ["剂型", "{{ case.product.dosage_form }}"]),
        *if_row("case.product.strength", ["规格", "{{ case.product.strength }}"]),
        ["生产企业", [MAKER, "{%p if case.product.manufacturer.address %}",
                      "地址：" + address("case.product.manufacturer.address"), "{%p endif %}"]],
        "{%tr if case.product.supplier %}",
        ["供货方", zh_name("case.product.supplier")],
        "{%tr endif %}",
    ]


def patient_rows() -> list[base.Row]:
    return [
        ["患者姓名缩写", "{{ case.patient.initials }}"],
        ["性别", SEX],
        *if_row("case.patient.date_of_birth", ["出生日期", BIRTH]),
        *if_row("case.patient.age is not none", ["年龄", AGE]),
    ]


def diagnosis_rows() -> list[base.Row]:
    return [
        ["原发肿瘤", "{{ case.diagnosis.primary_cancer }}"],
        ["ICD-10 编码", "{{ case.diagnosis.icd10 }}"],
        *if_row("case.diagnosis.histology", ["组织学类型", "{{ case.diagnosis.histology }}"]),
        "{%tr if case.diagnosis.grade %}",
        ["组织学分级", "{{ case.diagnosis.grade }}"],
        "{%tr endif %}",
        *if_row("case.diagnosis.stage", ["分期", STAGE]),
        ["确诊日期", "{{ case.diagnosis.diagnosed_on }}"],
        *if_row("case.diagnosis.metastatic_sites", ["转移部位", METASTASES]),
        *if_row("case.diagnosis.disease_status",
                ["目前疾病状态", "{{ case.diagnosis.disease_status }}"]),
        *if_row("case.diagnosis.performance_status", ["体能状态", PERFORMANCE]),
    ]


def institution_rows() -> list[base.Row]:
    return [
        ["申请单位", INST],
        *if_row("case.institution.registration",
                ["医疗机构执业许可证登记号", "{{ case.institution.registration }}"]),
        *if_row("case.institution.address", ["地址", INST_ADDR]),
    ]


def plan_rows() -> list[base.Row]:
    return [
        ["剂量", "{{ case.treatment_plan.dose }}"],
        ["给药途径", "{{ case.treatment_plan.route }}"],
        ["给药方案", "{{ case.treatment_plan.schedule }}"],
        ["疗程", "{{ case.treatment_plan.planned_duration }}"],
        "{%tr if case.treatment_plan.premedication %}",
        ["预处理及合并用药", "{{ case.treatment_plan.premedication }}"],
        "{%tr endif %}",
        *if_row(HAS_QUANTITY, ["申请数量", QUANTITY]),
        *if_row("case.treatment_plan.planned_start_on",
                ["计划开始日期", "{{ case.treatment_plan.planned_start_on|date }}"]),
    ]


def urgent_need(doc: Doc, alternative: str = "无满意替代治疗的说明") -> None:
    """The clinical need, from the case (used by the import routes' applications);
    ``alternative`` heads the statement on alternatives."""
    doc.body(
        "患者 " + PATIENT_SHORT + "，诊断为" + DIAGNOSIS + "。" + status_sentence()
        + "详见《患者病历摘要》。"
    )
    doc.label(alternative)
    doc.body("{{ case.request.justification.no_satisfactory_alternative }}")
    doc.label("预期获益与风险")
    doc.body("{{ case.request.justification.benefit_risk }}")


def enclosure(doc: Doc, kinds: str, after: int | None = None) -> None:
    """One line per uploaded document of ``kinds``: numbered on from item ``after``, or as
    sub-items (（1）, （2）...) of the item above when ``after`` is None."""
    num = "（{{ loop.index }}）" if after is None else "{{ loop.index + " + str(after) + " }}. "
    doc.ctl("{%p for a in " + kinds + " %}")
    par = doc.item(num + "{{ a.title }}{% if a.dated %}（{{ a.dated }}）{% endif %}", after=0)
    if after is None:
        par.paragraph_format.left_indent = Pt(66)
    doc.ctl("{%p endfor %}")


# --------------------------------------------------------------------------------------
# Shared: 病历摘要
# --------------------------------------------------------------------------------------
def clinical_summary() -> Doc:
    doc = Doc("病历摘要")
    for tag in SET_ALL:
        doc.ctl(tag)
    doc.title("病历摘要")
    doc.id_table()
    doc.h2("一、患者基本情况")
    doc.kv2([
        *patient_rows(),
        *if_row("case.patient.weight_kg", ["体重", WEIGHT]),
        *if_row("case.patient.height_cm", ["身高", HEIGHT]),
        *if_row("case.patient.allergies is not none", ["过敏史", ALLERGIES]),
        *if_row("case.comorbidities", ["合并疾病", "{{ case.comorbidities|join('；') }}"]),
        *if_row("case.current_medications",
                ["目前用药", "{{ case.current_medications|join('；') }}"]),
    ])
    doc.h2("二、诊断")
    doc.kv2(diagnosis_rows())
    doc.ctl("{%p if case.pathology %}")
    doc.label("病理检查")
    doc.table(
        ["标本", "部位", "报告日期", "检测机构", "结果"],
        widths(1.0, 0.9, 1.1, 1.3, 2.4),
        [
            "{%tr for r in case.pathology %}",
            ["{{ r.specimen }}", or_none("r.site", "—"), "{{ r.reported_on }}",
             or_none("r.laboratory", "—"), "{{ r.finding }}"],
            "{%tr endfor %}",
        ],
    )
    doc.ctl("{%p endif %}")
    # sections 三 and 四 only when the case has their data; the numbers follow on
    doc.ctl("{%p if case.biomarkers or case.labs %}")
    doc.h2("三、{% if case.biomarkers %}生物标志物检测{% else %}实验室检查{% endif %}")
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.biomarkers %}")
    doc.table(
        ["标志物", "检测结果", "检测方法", "检测机构", "报告日期"],
        widths(0.8, 2.3, 1.1, 1.5, 1.1),
        [
            "{%tr for b in case.biomarkers %}",
            ["{{ b.marker }}", "{{ b.result }}{% if b.specimen %}（标本：{{ b.specimen }}）"
             "{% endif %}", "{{ b.method|label('method') if b.method else '—' }}",
             or_none("b.laboratory", "—"),
             "{{ b.reported_on }}"],
            "{%tr endfor %}",
        ],
    )
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.labs and case.biomarkers %}")
    doc.label("相关实验室检查")
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.labs %}")
    doc.table(
        ["项目", "结果", "参考范围", "检测日期"],
        widths(2.0, 1.6, 1.6, 1.3),
        [
            "{%tr for x in case.labs %}",
            ["{{ x.name }}", "{{ x.value }}{% if x.unit %} {{ x.unit }}{% endif %}",
             or_none("x.reference_range", "—"), "{{ x.measured_on }}"],
            "{%tr endfor %}",
        ],
    )
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.prior_treatments %}")
    doc.h2("{{ '三四'[1 if (case.biomarkers or case.labs) else 0] }}、既往抗肿瘤治疗")
    doc.table(
        ["线数", "治疗阶段", "治疗方案", "起止日期", "最佳疗效", "停药原因"],
        widths(0.45, 0.8, 1.95, 1.6, 1.0, 1.1),
        [
            "{%tr for t in case.prior_treatments %}",
            ["{{ t.line }}", SETTING, "{{ t.regimen }}",
             ["{{ t.started_on }} 至", "{{ t.ended_on or '今' }}"],
             "{{ t.best_response|label('response') if t.best_response else '—' }}",
             or_none("t.reason_stopped", "—")],
            "{%tr endfor %}",
        ],
    )
    doc.ctl("{%p endif %}")
    doc.h2("{{ '三四五'[(1 if (case.biomarkers or case.labs) else 0) + (1 if case.prior_treatments "
           "else 0)] }}、申请理由")
    doc.label("无满意替代治疗的说明")
    doc.body("{{ case.request.justification.no_satisfactory_alternative }}")
    doc.ctl("{%p if case.request.justification.trials_screened %}")
    doc.label("已筛查的临床试验")
    doc.ctl("{%p for t in case.request.justification.trials_screened %}")
    doc.item("{{ loop.index }}. {{ t.nct }}{% if t.title %}（{{ t.title }}）{% endif %}："
             "{{ t.reason_not_eligible }}")
    doc.ctl("{%p endfor %}")
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.request.trials_screened_note %}")
    doc.body("{{ case.request.trials_screened_note }}")
    doc.ctl("{%p endif %}")
    doc.label("获益与风险评估")
    doc.body("{{ case.request.justification.benefit_risk }}")
    doc.physician_sign()
    return doc


# --------------------------------------------------------------------------------------
# nmpa/expanded-trial
# --------------------------------------------------------------------------------------
def expanded_trial_application() -> Doc:
    doc = Doc("拓展性临床试验申请书")
    for tag in SET_ALL:
        doc.ctl(tag)
    doc.title("拓展性临床试验申请书", "（患者、医疗机构、申办者联合申请）")
    doc.p(
        "致：" + IRB_NAME + "、" + INST_SHORT
        + "药物临床试验机构办公室",
        after=10,
    )
    doc.body(
        ART_23 + "患者（或其法定代理人）、" + INST_SHORT
        + "及申办者" + zh_only("case.product.manufacturer") + "现联合申请，在本机构开展的"
        + DRUG_SHORT + "临床试验范围内，以拓展性临床试验的方式将该药物用于下述患者，"
        "请予审查。"
    )
    doc.h2("一、申请各方")
    doc.kv2([
        ["患者", "{{ case.patient.initials }}（姓名缩写），" + SEX
         + "{% if case.patient.date_of_birth %}，{{ case.patient.date_of_birth }}出生{% endif %}"
         + "{% if case.patient.age is not none %}，" + AGE + "{% endif %}"],
        ["医疗机构", INST],
        ["经治医师", PHYS_ZH + "{% if case.physician.job_title %}，{{ case.physician.job_title }}"
                     "{% endif %}"],
        ["申办者", [MAKER, "{%p if case.product.manufacturer.contact_name %}",
                    "联系人：{{ case.product.manufacturer.contact_name }}"
                    "{% if case.product.manufacturer.contact_title %}，"
                    "{{ case.product.manufacturer.contact_title }}{% endif %}",
                    "{%p endif %}"]],
    ])
    doc.h2("二、诊断")
    doc.kv2([
        # the stage has its own row below: not printed twice
        ["诊断", "{{ case.diagnosis.primary_cancer }}（ICD-10：{{ case.diagnosis.icd10 }}）"],
        *if_row("case.diagnosis.histology", ["组织学类型", "{{ case.diagnosis.histology }}"]),
        *if_row("case.diagnosis.stage", ["分期", STAGE]),
        ["确诊日期", "{{ case.diagnosis.diagnosed_on }}"],
        *if_row("case.diagnosis.disease_status",
                ["目前疾病状态", "{{ case.diagnosis.disease_status }}"]),
        *if_row("case.diagnosis.performance_status", ["体能状态", PERFORMANCE]),
    ])
    doc.h2("三、病情严重危及生命且尚无有效治疗手段的说明")
    doc.ctl("{%p if case.prior_treatments %}")
    doc.p("既往抗肿瘤治疗：", bold=True, after=2, keep=True)
    doc.ctl("{%p for t in case.prior_treatments %}")
    doc.p("第{{ t.line }}线：{{ t.regimen|clause }}；{{ t.started_on }}至{{ t.ended_on or '今' }}"
          "{% if t.best_response %}；最佳疗效：{{ t.best_response|label('response') }}"
          "{% endif %}{% if t.reason_stopped %}；停药原因：{{ t.reason_stopped|clause }}"
          "{% endif %}。",
          indent=0.3, after=2, align="justify")
    doc.ctl("{%p endfor %}")
    doc.ctl("{%p endif %}")
    doc.body("{{ case.request.justification.no_satisfactory_alternative }}", before=4)
    doc.ctl("{%p if case.request.justification.trials_screened %}")
    doc.p("已筛查的临床试验：", bold=True, after=2, keep=True)
    doc.ctl("{%p for t in case.request.justification.trials_screened %}")
    doc.p("{{ t.nct }}{% if t.title %}（{{ t.title }}）{% endif %}：{{ t.reason_not_eligible }}",
          indent=0.3, after=2, align="justify")
    doc.ctl("{%p endfor %}")
    doc.ctl("{%p endif %}")
    doc.h2("四、申请使用的药物及其临床试验")
    doc.kv2([
        ["药物名称", DRUG],
        *if_row(HAS_FORM_STRENGTH, ["剂型、规格", FORM_STRENGTH]),
        ["申办者", MAKER],
        *if_row("case.product.development_phase",
                ["研发阶段", "{{ w.get(case.product.development_phase, "
                             "case.product.development_phase|label('phase')) }}"]),
        *if_row(HAS_TRIALS, ["临床试验登记号", TRIALS]),
        *if_row("case.product.trial_at_institution is not none",
                ["本机构是否开展该药物的临床试验", yes_no("case.product.trial_at_institution")]),
        ["申办者是否免费提供药物", "{% if case.product.free_of_charge is none %}"
         "待申办者书面确认{% else %}" + yes_no("case.product.free_of_charge") + "{% endif %}"],
    ])
    doc.ctl("{%p if case.product.free_of_charge %}")
    doc.body(
        "本次使用在开展该药物临床试验的" + INST_SHORT + "内进行，药物由申办者免费提供，"
        "不向患者收取药物费用。", before=4,
    )
    doc.ctl("{%p elif case.product.free_of_charge is sameas false %}")
    doc.body(
        "本次使用在开展该药物临床试验的" + INST_SHORT + "内进行。申办者不免费提供药物；"
        "药物费用及其承担方式由申办者与患者、医疗机构约定，并在知情同意时如实告知患者。",
        before=4,
    )
    doc.ctl("{%p endif %}")
    doc.h2("五、申请的治疗")
    doc.kv2(plan_rows())
    doc.p("给药、监测、剂量调整及停药标准详见《治疗方案》。", before=4)
    doc.h2("六、预期获益与风险")
    doc.body("{{ case.request.justification.benefit_risk }}")
    doc.h2("七、申请各方声明")
    for n, text in enumerate((
        "患者（或其法定代理人）已被告知该药物尚处于临床试验阶段、可能的获益与风险及其他可选择的"
        "治疗，自愿申请使用，并将在用药前签署书面知情同意书；",
        "本申请经" + IRB_NAME + "审查同意后方可实施；药物仅在本机构内用于上述患者，"
        "由经治医师" + PHYS_SHORT + "负责给药、随访和安全性监测；",
        "申办者同意按照本申请提供药物及最新的安全性信息；",
        "用药期间发生的不良事件将按照本机构及该临床试验的相关规定记录和报告。",
    ), start=1):
        doc.item(f"{n}. {text}")
    doc.h2("八、签字")
    doc.p("", after=2)
    space = ["", ""]
    doc.table(
        ["申请方", "签字（盖章）及日期"],
        widths(1, 1.6),
        [
            [["患者（或法定代理人）", "患者姓名缩写：{{ case.patient.initials }}"],
             ["签字：", *space, "法定代理人与患者关系：", DATE_BLANK]],
            [["经治医师", PHYS_ZH],
             ["签字：", *space, DATE_BLANK]],
            [["医疗机构", INST],
             ["负责人签字：", *space, "（盖章）", DATE_BLANK]],
            [["申办者", MAKER],
             ["授权代表签字：", *space, "（盖章）", DATE_BLANK]],
        ],
        bold_first=True,
    )
    doc.p("申请日期：{{ prepared_on }}", before=6)
    return doc


def sponsor_request() -> Doc:
    doc = Doc("致申办者的函")
    for tag in SET_ALL:
        doc.ctl(tag)
    doc.p(INST_SHORT, bold=True, size=15, align="center", after=0)
    doc.ctl("{%p if case.institution.name_zh and case.institution.name_zh != "
            "case.institution.name %}")
    doc.p("{{ case.institution.name }}", size=10, align="center", after=0)
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.institution.address %}")
    doc.p(address("case.institution.address"), size=10, align="center", after=0)
    doc.ctl("{%p endif %}")
    doc.p("", after=10, rule=True)
    doc.p("{{ prepared_on }}", align="right", after=8)
    # the inside address (no colon: the salutation below is the letter's only one); with no
    # contact at all, the salutation alone names the company (公函: 主送单位)
    doc.ctl("{%p if case.product.manufacturer.contact_name or case.product.manufacturer.email "
            "or case.product.manufacturer.phone %}")
    doc.p(MAKER, after=0)
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.product.manufacturer.contact_name %}")
    doc.p("{% if case.product.manufacturer.contact_title %}"
          "{{ case.product.manufacturer.contact_title }}　{% endif %}"
          "{{ case.product.manufacturer.contact_name }}（收）", after=0)
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.product.manufacturer.email or case.product.manufacturer.phone %}")
    doc.p("{{ [('电话：' ~ case.product.manufacturer.phone) if case.product.manufacturer.phone "
          "else '', ('电子邮箱：' ~ case.product.manufacturer.email) if "
          "case.product.manufacturer.email else '']|select|join('　') }}", size=10, after=0)
    doc.ctl("{%p endif %}")
    doc.p("", after=4)
    doc.h1("关于商请同意以拓展性临床试验方式将" + DRUG_SHORT + "用于一例患者的函",
           align="center")
    doc.p("{% if case.product.manufacturer.contact_name %}尊敬的"
          "{{ case.product.manufacturer.contact_name }}：{% else %}"
          + zh_only("case.product.manufacturer") + "：{% endif %}",
          after=6)
    doc.body("我院患者 " + PATIENT_SHORT + "，诊断为" + DIAGNOSIS + "。" + status_sentence())
    doc.body("{{ case.request.justification.no_satisfactory_alternative }}")
    doc.body(
        "贵公司的" + DRUG + "正在{% if case.product.trial_at_institution %}我院{% endif %}"
        "开展临床试验{% if " + HAS_TRIALS + " %}（登记号：" + TRIALS + "）{% endif %}。"
        + ART_23 + "经评估，该患者可能从该药物中获益，"
        "获益与风险评估如下："
    )
    doc.body("{{ case.request.justification.benefit_risk }}")
    doc.p("为此，恳请贵公司：", after=2, keep=True)
    for n, text in enumerate((
        "书面同意以拓展性临床试验的方式在我院将" + DRUG_SHORT + "用于该患者；",
        "在治疗期间提供所需药物" + QUANTITY_CLAUSE + "{% if case.product.free_of_charge %}"
        "，并按贵公司已表示的意向免费提供{% elif case.product.free_of_charge is sameas false %}"
        "，并在同意函中写明药物费用及其承担方式{% else %}；如能免费提供，请在同意函中写明"
        "{% endif %}；",
        "提供最新的研究者手册及安全性信息，并告知不良事件的报告途径；",
        "作为申办者在《拓展性临床试验申请书》上签字盖章。",
    ), start=1):
        doc.item(f"{n}. {text}")
    doc.body(
        "拟定的用药方案为：{{ case.treatment_plan.dose|clause }}，"
        "{{ case.treatment_plan.route|clause }}，{{ case.treatment_plan.schedule|clause }}；"
        "疗程：{{ case.treatment_plan.planned_duration|clause }}"
        "{% if case.treatment_plan.planned_start_on %}；计划于{{ case.treatment_plan"
        ".planned_start_on }}开始用药{% endif %}。患者的知情同意及我院伦理委员会的审查将在用药前"
        "完成。随函附病历摘要。", before=4,
    )
    doc.body("如蒙同意，请将贵公司的书面同意函寄回我院。感谢贵公司的支持。", keep=True)
    doc.p("此致", before=6, after=0, keep=True)
    doc.p("敬礼！", after=18, keep=True)
    doc.p("经治医师（签字）：____________________", align="right", after=4, keep=True)
    doc.p(PHYS_ZH, align="right", after=0, keep=True)
    doc.ctl("{%p if case.physician.job_title %}")
    doc.p("{{ case.physician.job_title }}", align="right", after=0, keep=True)
    doc.ctl("{%p endif %}")
    doc.p(INST_SHORT, align="right", after=0, keep=True)
    doc.ctl("{%p if case.physician.phone or case.physician.email %}")
    doc.p(PHYS_CONTACT, align="right", size=10, after=0)
    doc.ctl("{%p endif %}")
    return doc


def treatment_plan() -> Doc:
    doc = Doc("治疗方案")
    for tag in SET_ALL:
        doc.ctl(tag)
    doc.title("治疗方案")
    doc.id_table()
    doc.h2("一、药物")
    doc.kv2([
        ["药物名称", DRUG],
        *if_row(HAS_FORM_STRENGTH, ["剂型、规格", FORM_STRENGTH]),
        ["申办者", MAKER],
        *if_row(HAS_TRIALS, ["临床试验登记号", TRIALS]),
    ])
    doc.h2("二、用法用量")
    doc.kv2(plan_rows())
    doc.h2("三、安全性监测")
    doc.body("{{ case.treatment_plan.monitoring }}")
    doc.h2("四、剂量调整{% if case.treatment_plan.stopping_rules %}与停药标准{% endif %}")
    doc.body("{{ case.treatment_plan.dose_modifications }}")
    doc.ctl("{%p if case.treatment_plan.stopping_rules %}")
    doc.p("停药标准：", bold=True, after=2, keep=True)
    doc.body("{{ case.treatment_plan.stopping_rules }}")
    doc.ctl("{%p endif %}")
    doc.h2("五、药物管理与不良事件报告")
    doc.body(
        "药物由申办者{% if case.product.free_of_charge %}免费{% endif %}提供，在" + INST_SHORT
        + "内由" + PHARMACY + "按临床试验用药物的管理要求接收、储存、发放和回收，并记录每次"
        "发放的数量和批号。"
    )
    doc.body(
        "用药期间发生的不良事件由经治医师记录、评估，并按照本机构及该临床试验的相关规定报告"
        "申办者和伦理委员会。"
    )
    doc.physician_sign()
    return doc


# --------------------------------------------------------------------------------------
# nmpa/hainan-boao and nmpa/gba: 使用计划
# --------------------------------------------------------------------------------------
def use_plan() -> Doc:
    doc = Doc("使用计划")
    for tag in SET_ALL:
        doc.ctl(tag)
    doc.title("使用计划")
    doc.p("（{{ packet.title }}）", align="center", size=10, after=8)
    doc.id_table("申请进口药品")
    doc.h2("一、药品信息")
    doc.kv2([
        ["药品名称", DRUG],
        *if_row("case.product.dosage_form", ["剂型", "{{ case.product.dosage_form }}"]),
        *if_row("case.product.strength", ["规格", "{{ case.product.strength }}"]),
        ["生产企业", MAKER],
        "{%tr if case.product.supplier %}",
        ["供货方", zh_name("case.product.supplier")],
        "{%tr endif %}",
    ])
    doc.ctl("{%p if case.product.approvals %}")
    doc.p("境外上市情况", bold=True, keep=True, before=8, after=2)
    doc.ctl("{%p endif %}")
    # a table when an approval has a date, a brand name or an indication; else one line
    doc.ctl("{%p if " + APPROVAL_DETAILS + " %}")
    approvals_table(doc)
    doc.ctl("{%p elif case.product.approvals %}")
    doc.p("已在" + APPROVALS + "上市。", after=6)
    doc.ctl("{%p endif %}")
    doc.h2("二、使用对象与用途")
    doc.body(
        "本药品仅用于" + INST_SHORT + "患者 " + PATIENT_SHORT + "的治疗。患者诊断为" + DIAGNOSIS
        + "{% if case.request.indication %}；本药品用于其{{ case.request.indication|clause }}"
        "的治疗{% endif %}。患者病情及用药理由详见《患者病历摘要》。"
    )
    doc.h2("三、用法用量与使用期限")
    doc.kv2([
        ["剂量", "{{ case.treatment_plan.dose }}"],
        ["给药途径", "{{ case.treatment_plan.route }}"],
        ["给药方案", "{{ case.treatment_plan.schedule }}"],
        ["使用期限（疗程）", "{{ case.treatment_plan.planned_duration }}"],
        "{%tr if case.treatment_plan.premedication %}",
        ["预处理及合并用药", "{{ case.treatment_plan.premedication }}"],
        "{%tr endif %}",
        *if_row(HAS_QUANTITY, ["申请数量", QUANTITY]),
        *if_row("case.treatment_plan.planned_start_on",
                ["计划开始日期", "{{ case.treatment_plan.planned_start_on|date }}"]),
    ])
    doc.h2("四、储存与调配")
    doc.body(
        "药品到货后由" + PHARMACY + "负责验收、入库，按药品说明书规定的条件储存，"
        "凭经治医师处方调配，仅用于本计划所述患者。"
        "{% if case.institution.pharmacy and case.institution.pharmacy.contact_name %}"
        "药学部门联系人：{{ case.institution.pharmacy.contact_name }}"
        "{% if case.institution.pharmacy.contact_title %}（"
        "{{ case.institution.pharmacy.contact_title }}）{% endif %}"
        "{% if case.institution.pharmacy.phone %}，电话：{{ case.institution.pharmacy.phone }}"
        "{% endif %}。{% endif %}"
    )
    doc.h2("五、追溯管理")
    doc.body(
        "建立药品进口、验收、储存、调配和使用的全过程记录，包括批号、有效期、数量、使用患者、"
        "用药日期和剩余数量，确保每一单位药品来源可查、去向可追。"
    )
    doc.h2("六、疗效评估与不良反应监测")
    doc.body("{{ case.treatment_plan.monitoring }}")
    doc.p("剂量调整：", bold=True, after=2, keep=True)
    doc.body("{{ case.treatment_plan.dose_modifications }}")
    doc.ctl("{%p if case.treatment_plan.stopping_rules %}")
    doc.p("停药标准：", bold=True, after=2, keep=True)
    doc.body("{{ case.treatment_plan.stopping_rules }}")
    doc.ctl("{%p endif %}")
    doc.body(
        "用药期间发生的可疑不良反应，由经治医师记录、评估，并按照药品不良反应监测的有关规定"
        "及时报告。"
    )
    doc.h2("七、责任人")
    doc.kv2([
        ["负责医师", PHYS_ZH + "{% if case.physician.job_title %}，{{ case.physician.job_title }}"
                     "{% endif %}"],
        ["药学部门", PHARMACY],
        ["医疗机构", INST],
    ])
    doc.physician_sign("负责医师")  # as 七、责任人 and the application name the role
    return doc


# --------------------------------------------------------------------------------------
# nmpa/hainan-boao
# --------------------------------------------------------------------------------------
def hainan_application() -> Doc:
    doc = Doc("申请书")
    for tag in (*SET_ALL, SET_DESIGNATIONS):
        doc.ctl(tag)
    doc.title("申请书", "关于进口使用临床急需药品" + DRUG_SHORT + "的申请")
    doc.p("海南省人民政府授权的审批部门：", after=6)
    doc.body(
        # the State Council decision by its title (regulator.yaml gf-2018-43, verified); the
        # provincial rule by its number (its exact title is not confirmed)
        "根据《国务院关于在海南博鳌乐城国际医疗旅游先行区暂时调整实施〈中华人民共和国药品管理法"
        "实施条例〉有关规定的决定》（国发〔2018〕43号）和海南省人民政府琼府〔2023〕16号文件的规定，"
        + INST_SHORT
        + "{% if 'hainan_lecheng' in case.institution.designations %}为海南博鳌乐城国际医疗旅游"
        "先行区指定医疗机构{% else %}（先行区指定医疗机构资质待确认）{% endif %}。"
        "因临床急需，现申请进口少量" + DRUG + "，用于本院患者 {{ case.patient.initials }}"
        " 的治疗，仅限于特定医疗目的。该药品已在境外上市，未在我国境内注册，国内无可替代药品。"
    )
    doc.h2("一、申请单位")
    doc.kv2([
        *institution_rows(),
        *if_row("case.institution.designations", ["机构资质", DESIGNATIONS]),
        *if_row("case.institution.management", ["联系部门及联系人", MGMT]),
    ])
    doc.h2("二、申请进口的药品")
    doc.kv2([
        *drug_rows(),
        *if_row("case.product.approvals", ["境外上市情况", APPROVALS]),
        ["境内注册情况", "未在中国境内注册"],
        *if_row(HAS_QUANTITY, ["申请数量", QUANTITY]),
        ["用途", "用于治疗患者 {{ case.patient.initials }} 的" + INDICATION],
    ])
    doc.h2("三、临床急需理由")
    urgent_need(doc)
    doc.h2("四、负责医师")
    doc.kv2([
        ["姓名", PHYS_ZH],
        *if_row("case.physician.job_title", ["职务/职称", "{{ case.physician.job_title }}"]),
        *if_row("case.physician.licence", ["执业证书编号", LICENCE]),
        *if_row(HAS_PHYS_CONTACT, ["联系方式", PHYS_CONTACT]),
    ])
    doc.p("负责医师的详细信息见《专家信息》。", before=4)
    doc.h2("五、承诺")
    doc.body(
        "本院承诺所申请进口的药品仅用于上述患者的特定医疗目的，做好药品追溯管理和不良反应监测，"
        "具体见《承诺书》。本院对申请材料的真实性负责。"
    )
    doc.h2("六、申请材料")
    for n, item in enumerate(
        ("申请书", "资质证明文件", "使用计划", "专家信息", "患者病历摘要", "境外上市证明文件",
         "承诺书"), start=1,
    ):
        doc.item(f"{n}. {item}", after=0)
    enclosure(doc, "attachments.manufacturer_agreement + attachments.consent_form", 7)
    doc.seal_block()
    return doc


def expert_information() -> Doc:
    doc = Doc("专家信息")
    for tag in SET_ALL:
        doc.ctl(tag)
    doc.title("专家信息")
    doc.body(
        "以下医师为本次申请进口使用" + DRUG + "的负责专家，负责评估患者用药的必要性，制定并实施"
        "使用计划，观察疗效和不良反应并按规定报告。"
    )
    doc.kv2([
        ["姓名", PHYS_ZH],
        *if_row("case.physician.degrees", ["学位", "{{ case.physician.degrees|join('，') }}"]),
        *if_row("case.physician.specialty", ["专业", "{{ case.physician.specialty }}"]),
        *if_row("case.physician.job_title", ["职务/职称", "{{ case.physician.job_title }}"]),
        ["所在医疗机构", INST],
        *if_row("case.physician.licence",
                ["执业证书编号", "{{ case.physician.licence.number }}"]),
        *if_row("case.physician.licence",
                ["发证机关", "{{ case.physician.licence.jurisdiction }}"]),
        "{%tr if case.physician.medical_school %}",
        ["毕业院校", "{{ case.physician.medical_school }}{% if case.physician.graduation_year %}"
                     "（{{ case.physician.graduation_year }}年毕业）{% endif %}"],
        "{%tr endif %}",
        *if_row("case.physician.phone", ["联系电话", "{{ case.physician.phone }}"]),
        *if_row("case.physician.email", ["电子邮箱", "{{ case.physician.email }}"]),
        *if_row("case.physician.address or case.institution.address",
                ["通讯地址", "{% if case.physician.address %}" + address("case.physician.address")
                 + "{% else %}" + INST_ADDR + "{% endif %}"]),
    ])
    doc.p("", after=4)
    doc.body("本人确认以上信息真实、准确，并同意作为负责专家承担上述职责。")
    doc.physician_sign("负责专家")
    return doc


# --------------------------------------------------------------------------------------
# nmpa/hainan-boao, nmpa/gba, nmpa/temporary-import: 承诺书
# --------------------------------------------------------------------------------------
def commitment_letter() -> Doc:
    doc = Doc("承诺书")
    for tag in SET_ALL:
        doc.ctl(tag)
    doc.title("承诺书")
    doc.ctl("{%p if route.id == 'nmpa/hainan-boao' %}")
    doc.body(
        INST + REGISTRATION
        + "，申请在海南博鳌乐城国际医疗旅游先行区进口使用临床急需药品" + DRUG
        + QUANTITY_AMOUNT + "。现就此郑重承诺如下："
    )
    doc.ctl("{%p elif route.id == 'nmpa/gba' %}")
    doc.body(
        INST + REGISTRATION
        + "，申请按照“港澳药械通”政策在本院使用已在" + HK_MO_PLACES + "上市的临床急需药品" + DRUG
        + QUANTITY_AMOUNT + "。现就此郑重承诺如下："
    )
    doc.ctl("{%p else %}")
    doc.body(
        INST + REGISTRATION
        + "，申请临时进口临床急需药品" + DRUG + QUANTITY_AMOUNT + "。现就此郑重承诺如下："
    )
    doc.ctl("{%p endif %}")
    items = (
        "该药品仅用于本院患者 {{ case.patient.initials }}"
        "（诊断：{{ case.diagnosis.primary_cancer|clause }}）的治疗，不用于其他患者或其他用途；",
        "在用药前向患者（或其法定代理人）充分告知用药的获益与风险，并取得书面知情同意；",
        "严格按照{% if route.id == 'nmpa/temporary-import' %}申请报告{% else %}使用计划"
        "{% endif %}使用，由" + PHARMACY + "统一管理，建立并保存药品进口、验收、储存、调配和使用"
        "的完整记录，确保全程可追溯；",
        "加强用药监测，发现可疑不良反应及时处置，并按照有关规定报告；",
        "不销售、不转让该药品，不将其用于商业目的；",
        "对所提交申请材料的真实性负责，并承担该药品使用的相应责任。",
    )
    for n, text in enumerate(items, start=1):
        doc.item(f"{n}. {text}")
    doc.ctl("{%p if case.institution.management %}")
    doc.p("联系部门及联系人：" + MGMT, before=8)
    doc.ctl("{%p endif %}")
    doc.seal_block()
    return doc


# --------------------------------------------------------------------------------------
# nmpa/gba
# --------------------------------------------------------------------------------------
def gba_application() -> Doc:
    doc = Doc("申请书")
    for tag in (*SET_ALL, SET_DESIGNATIONS):
        doc.ctl(tag)
    doc.title("申请书", "关于使用港澳上市临床急需药品" + DRUG_SHORT + "的申请")
    doc.p("广东省药品监督管理局：", after=6)
    doc.body(
        "根据《广东省粤港澳大湾区内地九市进口港澳药品医疗器械管理条例》和《广东省粤港澳大湾区"
        "内地九市进口港澳药品申报指南》，" + INST_SHORT
        + "{% if 'gba_designated' in case.institution.designations %}作为粤港澳大湾区内地"
        "“港澳药械通”指定医疗机构，{% endif %}现申请使用已在" + HK_MO_PLACES + "上市的临床急需"
        "药品" + DRUG + "，用于本院患者 {{ case.patient.initials }} 的治疗。"
    )
    doc.h2("一、申请单位")
    doc.kv2([
        *institution_rows(),
        *if_row("case.institution.designations", ["机构资质", DESIGNATIONS]),
    ])
    doc.h2("二、申请使用的药品")
    doc.kv2([
        *drug_rows(),
        *if_row(HAS_HK_MO, ["港澳上市情况", APPROVALS_HK_MO]),
        *if_row("case.product.approvals|rejectattr('jurisdiction', 'in', " + HK_MO + ")|list",
                ["其他国家/地区上市情况", APPROVALS_ELSEWHERE]),
        *if_row("case.product.gba_catalogue is not none",
                ["是否列入大湾区“港澳药械通”药品目录", yes_no("case.product.gba_catalogue")]),
        *if_row(HAS_QUANTITY, ["申请数量", QUANTITY]),
        ["用途", "用于治疗患者 {{ case.patient.initials }} 的" + INDICATION],
    ])
    doc.h2("三、临床急需理由")
    urgent_need(doc, "内地已注册上市药品品种无法替代的说明")
    doc.h2("四、使用安排")
    doc.body(
        "用法用量：{{ case.treatment_plan.dose|clause }}，{{ case.treatment_plan.route|clause }}，"
        "{{ case.treatment_plan.schedule|clause }}；疗程："
        "{{ case.treatment_plan.planned_duration|clause }}。"
        "药品由" + PHARMACY + "统一管理，详见《使用计划》。"
    )
    doc.kv2([
        ["负责医师", PHYS_ZH + "{% if case.physician.job_title %}，{{ case.physician.job_title }}"
                     "{% endif %}"],
        *if_row("case.physician.licence", ["执业证书编号", LICENCE]),
        *if_row(HAS_PHYS_CONTACT, ["联系方式", PHYS_CONTACT]),
    ])
    doc.h2("五、承诺")
    doc.body(
        "本院承诺该药品仅用于上述患者，做好药品追溯管理和不良反应监测，具体见《承诺书》。"
        "本院对申请材料的真实性负责。"
    )
    doc.h2("六、申请材料")
    for n, item in enumerate(
        ("申请书", "患者病历摘要", "使用计划", "港澳上市证明文件", "承诺书"), start=1
    ):
        doc.item(f"{n}. {item}", after=0)
    enclosure(doc, "attachments.institution_licence + attachments.manufacturer_agreement + "
              "attachments.consent_form", 5)
    doc.seal_block()
    return doc


# --------------------------------------------------------------------------------------
# nmpa/temporary-import
# --------------------------------------------------------------------------------------
def temporary_import_report() -> Doc:
    doc = Doc("申请报告")
    for tag in SET_ALL:
        doc.ctl(tag)
    doc.title("申请报告", "关于临时进口临床急需药品" + DRUG_SHORT + "的申请报告")
    doc.p("国家药品监督管理局：", after=6)
    doc.body(
        "根据《中华人民共和国药品管理法》第六十五条和《临床急需药品临时进口工作方案》"
        "（国卫药政发〔2022〕18号），" + INST_SHORT + "申请临时进口境外已上市、境内"
        + "{% if " + REGISTERED_CN + " %}未生产{% else %}未注册{% endif %}的"
        "药品" + DRUG + "，用于本院一例患者的治疗。现将有关情况报告如下。"
    )
    doc.h2("一、申请单位基本情况")
    doc.kv2([
        *institution_rows(),
        *if_row("case.institution.management", ["联系部门及联系人", MGMT]),
    ])
    doc.h2("二、药品基本情况")
    doc.kv2([
        *drug_rows(),
        *if_row(HAS_ABROAD, ["境外上市情况", APPROVALS_ABROAD]),
        ["境内注册情况", "{% if " + REGISTERED_CN + " %}已在中国境内注册；境内生产情况："
         "________（临时进口仅适用于境内未生产的已注册药品）{% else %}未在中国境内注册"
         "{% endif %}"],
    ])
    doc.h2("三、临床急需情况")
    doc.body(
        "患者 " + PATIENT_SHORT + "，诊断为" + DIAGNOSIS + "。" + status_sentence()
        + "{% if attachments.pathology_report or attachments.biomarker_report or "
        "attachments.imaging_report or attachments.discharge_summary %}相关检查报告见随附材料。"
        "{% endif %}"
    )
    doc.p("该药品用于（由经治医师勾选）：", bold=True, after=2, keep=True)
    doc.p("{{ '☑' if case.diagnosis.rare_disease else '□' }} 罕见病", indent=0.3, after=0)
    doc.p("□ 严重危及生命且尚无有效治疗手段的疾病", indent=0.3, after=0)
    doc.p("□ 严重危及生命、该药品具有明显临床优势的疾病", indent=0.3, after=6)
    doc.label("无满意替代治疗的说明")
    doc.body("{{ case.request.justification.no_satisfactory_alternative }}")
    doc.label("预期获益与风险")
    doc.body("{{ case.request.justification.benefit_risk }}")
    doc.h2("四、申请进口数量及使用安排")
    doc.kv2([
        *if_row(HAS_QUANTITY, ["申请数量", QUANTITY]),
        ["剂量及给药途径", "{{ case.treatment_plan.dose|clause }}；"
                           "{{ case.treatment_plan.route }}"],
        ["给药方案", "{{ case.treatment_plan.schedule }}"],
        ["疗程", "{{ case.treatment_plan.planned_duration }}"],
        *if_row("case.treatment_plan.planned_start_on",
                ["计划开始日期", "{{ case.treatment_plan.planned_start_on|date }}"]),
        ["负责医师", PHYS_ZH + "{% if case.physician.licence %}，执业证书编号：" + LICENCE
         + "{% endif %}"],
        ["药品管理", PHARMACY],
    ])
    doc.h2("五、随附材料")
    for n, item in enumerate(
        ("医疗机构合法登记证明文件（复印件）", "承诺书", "药品清单", "其他支持性资料"), start=1
    ):
        doc.item(f"{n}. {item}", after=0)
    enclosure(
        doc,
        "attachments.marketing_authorization + attachments.manufacturer_agreement + "
        "attachments.pathology_report + attachments.biomarker_report + "
        "attachments.imaging_report + attachments.discharge_summary",
    )
    doc.p("特此申请，请予审批。", before=8)
    doc.seal_block()
    return doc


def drug_list() -> Doc:
    doc = Doc("药品清单")
    for tag in SET_ALL:
        doc.ctl(tag)
    doc.title("药品清单")
    doc.p("申请单位：" + INST, after=2)
    doc.p("日期：{{ prepared_on }}", after=8)
    doc.table(
        ["序号", "药品名称（中文/英文）", "代号", "剂型", "规格", "数量", "生产企业",
         "上市国家/地区", "用途"],
        widths(0.4, 1.3, 0.7, 0.8, 0.7, 1.0, 1.4, 0.9, 1.1),
        [[
            "1",
            ["{{ case.product.name_zh or '—' }}", "{{ case.product.name }}"],
            or_none("case.product.code", "—"),
            or_none("case.product.dosage_form", "—"),
            or_none("case.product.strength", "—"),
            "{{ case.treatment_plan.quantity_requested or '________' }}",
            MAKER,
            "{% for a in case.product.approvals if a.status == 'approved' %}"
            "{{ a.jurisdiction|label('jurisdiction') }}"
            "{% if not loop.last %}、{% endif %}{% else %}—{% endfor %}",
            "{{ case.diagnosis.primary_cancer|clause }}的治疗（患者 {{ case.patient.initials }}）",
        ]],
    )
    doc.ctl("{%p if case.product.supplier %}")
    doc.p("供货方：" + zh_name("case.product.supplier"), before=6)
    doc.ctl("{%p endif %}")
    doc.seal_block()
    return doc


TEMPLATES: dict[str, Callable[[], Doc]] = {
    "expanded-trial-application.docx": expanded_trial_application,
    "sponsor-request.docx": sponsor_request,
    "clinical-summary.docx": clinical_summary,
    "treatment-plan.docx": treatment_plan,
    "use-plan.docx": use_plan,
    "hainan-application.docx": hainan_application,
    "expert-information.docx": expert_information,
    "commitment-letter.docx": commitment_letter,
    "gba-application.docx": gba_application,
    "temporary-import-report.docx": temporary_import_report,
    "drug-list.docx": drug_list,
}


def main(argv: Sequence[str] | None = None) -> int:
    return base.run(TEMPLATES, OUT_DIR, (__doc__ or "").splitlines()[0], argv)


if __name__ == "__main__":
    raise SystemExit(main())
