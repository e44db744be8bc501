"""(Re)generate the FDA Word templates in ``templates/fda/``.

The generated ``.docx`` files are committed. They are the source a regulatory-affairs person
edits in Word afterwards; this script only made the first version of them. Running it again
OVERWRITES every template it writes (edits made in Word are lost), so after the first hand
edit, change the template in Word, or port the change here before regenerating.

    python scripts/make_fda_templates.py            # write all templates
    python scripts/make_fda_templates.py --out DIR  # write them elsewhere (to compare)

How the templates are written (so they survive docxtpl and Word):

- Every Jinja tag sits in ONE run: each paragraph's text is written with a single
  ``add_run``. Word may split runs when the text is edited; retype a broken tag whole.
- ``{%p ... %}`` paragraphs show or hide whole paragraphs (and the tables between them),
  ``{%tr ... %}`` rows repeat or hide table rows; both vanish from the rendered document.
  Inside those two tags write no ``{``, ``}`` or ``%`` (docxtpl's pattern stops there): use
  ``dict(a=1)``, not ``{'a': 1}``.
- Templates only present the case: loops, show/hide and formatting. Regulatory decisions
  (which documents a packet holds, deadlines, eligibility) live in the route files.
- Item numbers and labels of Form FDA 3926 come from ``form-fda-3926.yaml`` through the
  ``form`` context (written ``form['items']`` because ``form.items`` is the dict method).
- The FDA packet shows the patient's initials only: the full name, date of birth and
  address are withheld from FDA templates, and naming them is a render error.

Page: US Letter; margins left 1.0 in, right 0.75 in, top 0.75 in, bottom 1.0 in; no headers,
footers or page numbers (the collator stamps the packet). Times New Roman 12 pt for
narrative and 10 pt in tables, black text, Word Heading 1/2 styles, "Table Grid" tables
with repeated header rows. The output is byte-for-byte reproducible.
"""

from __future__ import annotations

import argparse
import io
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "templates" / "fda"
FONT = "Times New Roman"
BLACK = RGBColor(0, 0, 0)
TEXT_WIDTH = 6.75  # inches: 8.5 - 1.0 - 0.75
FIXED_TIME = datetime(2025, 1, 1, 0, 0, 0)
HEADER_FILL = "D9D9D9"

Cell = str | Sequence[str]  # one paragraph, or several
Row = Sequence[Cell] | str  # a plain str is a docxtpl control row ("{%tr ... %}")

# --------------------------------------------------------------------------------------
# Jinja snippets shared by the templates (presentation only)
# --------------------------------------------------------------------------------------
PHYS = (
    "{{ case.physician.name }}"
    "{% if case.physician.degrees %}, {{ case.physician.degrees }}{% endif %}"
)
DRUG = "{{ case.product.name }}{% if case.product.code %} ({{ case.product.code }}){% endif %}"
INDICATION = "{{ case.request.indication or case.diagnosis.primary_cancer }}"
SUPPLIER = "{{ (case.product.supplier or case.product.manufacturer).name }}"
SET_ADDR = "{%p set addr = case.physician.address or case.institution.address %}"
SET_EA = "{%p set ea = case.request.emergency_authorization %}"
SET_FU = "{%p set fu = case.request.follow_up %}"
SET_IND = (
    "{%p set ind = case.request.physician_ind_number or (case.request.emergency_authorization"
    ".ind_number if case.request.emergency_authorization else none) %}"
)
SET_ITEMS = "{%p set items = form['items'] %}"
# the mailing address of the FDA centre that reviews the product (regulator.yaml contacts)
SET_MAIL = (
    "{%p set mail = regulator.contacts.cber_mail if case.product.review_centre == 'CBER' "
    "else regulator.contacts.cder_mail %}"
)
# no "{", "}" or "%" inside a {%p %} tag (docxtpl's pattern stops there): dict(), not {...}
SET_RESPONSES = (
    "{%p set responses = dict(CR='complete response', PR='partial response', "
    "SD='stable disease', PD='progressive disease', NE='not evaluable') %}"
)
CITY_LINE = (
    "{{ addr.city }}{% if addr.region %}, {{ addr.region }}{% endif %}"
    "{% if addr.postal_code %} {{ addr.postal_code }}{% endif %}"
    "{% if addr.country != 'US' %}, {{ addr.country }}{% endif %}"
)
CONTACT_LINE = (
    "{{ [('Tel. ' ~ case.physician.phone) if case.physician.phone else '', "
    "('Fax ' ~ case.physician.fax) if case.physician.fax else '', "
    "case.physician.email or '']|select|join('   |   ') }}"
)
WEIGHT = (
    "{% if case.patient.weight_kg %}{{ case.patient.weight_kg }} kg"
    "{% else %}not recorded{% endif %}"
)
HEIGHT = (
    "{% if case.patient.height_cm %}{{ case.patient.height_cm }} cm"
    "{% else %}not recorded{% endif %}"
)
ALLERGIES = (
    "{% if case.patient.allergies is none %}not recorded{% elif case.patient.allergies %}"
    "{{ case.patient.allergies }}{% else %}none known{% endif %}"
)
TNM = (
    "{% if case.diagnosis.stage %}{{ [case.diagnosis.stage.t, case.diagnosis.stage.n, "
    "case.diagnosis.stage.m]|select|join(' ') }}{% endif %}"
)
#: "AJCC 8th edition", as a US staging report writes it
AJCC_EDITION = (
    "AJCC {% set ed = case.diagnosis.stage.ajcc_edition %}{{ ed }}"
    "{{ 'st' if ed == 1 else 'nd' if ed == 2 else 'rd' if ed == 3 else 'th' }} edition"
)
STAGE_SHORT = (
    "{% if case.diagnosis.stage %}{% if case.diagnosis.stage.overall %}stage "
    "{{ case.diagnosis.stage.overall }}{% endif %}"
    "{% if case.diagnosis.stage.t or case.diagnosis.stage.n or case.diagnosis.stage.m %} ("
    + TNM
    + "{% if case.diagnosis.stage.ajcc_edition %}, " + AJCC_EDITION + "{% endif %})"
    "{% endif %}{% endif %}"
)
PERFORMANCE = (
    "{% if case.diagnosis.performance_status %}{{ case.diagnosis.performance_status.scale }} "
    "{{ case.diagnosis.performance_status.value }}{% if case.diagnosis.performance_status"
    ".assessed_on %} (assessed {{ case.diagnosis.performance_status.assessed_on }}){% endif %}"
    "{% else %}not recorded{% endif %}"
)
DIAGNOSIS_LINE = (
    "{{ case.diagnosis.primary_cancer }}{% if case.diagnosis.histology %}, "
    "{{ case.diagnosis.histology }}{% endif %}{% if case.diagnosis.stage %}, "
    + STAGE_SHORT
    + "{% endif %}"
)


# -- Case text as the FDA templates set it (issue 16). The constants above stay as they are:
# the other regulators' scripts import them. Here case text set inside a sentence goes
# through `clause` (its closing stop dropped before the template's own punctuation),
# `sentence` (closed by one full stop) and `inline` (an ordinary first word lowercased);
# what the case does not give is left out, never replaced by a filler ("not recorded").
#: the indication inside a sentence ("… for metastatic non-small cell lung cancer …")
INDICATION_MID = "{{ (case.request.indication or case.diagnosis.primary_cancer)|clause|inline }}"
#: the histology unless its first words repeat the primary cancer's ("…adenocarcinoma,
#: Adenocarcinoma, moderately differentiated"): then only what it adds
SET_HISTOLOGY = (
    "{% set histo = (case.diagnosis.histology or '')|clause %}"
    "{% set head = histo.split(',')[0].split(';')[0].strip() %}"
    "{% if head and head.lower() in case.diagnosis.primary_cancer.lower() %}"
    "{% set histo = histo[head|length:].lstrip(',; ') %}{% endif %}"
)
#: primary cancer (histology), stage: each fact once
DIAGNOSIS_FDA = (
    SET_HISTOLOGY
    + "{{ case.diagnosis.primary_cancer|clause }}{% if histo %} ({{ histo|inline }}){% endif %}"
    "{% if case.diagnosis.stage and (case.diagnosis.stage.overall or case.diagnosis.stage.t "
    "or case.diagnosis.stage.n or case.diagnosis.stage.m) %}, " + STAGE_SHORT + "{% endif %}"
)
#: "ECOG 1 (assessed 11/12/2026)"; only where the case gives it
PERFORMANCE_FDA = (
    "{{ case.diagnosis.performance_status.scale }} {{ case.diagnosis.performance_status.value }}"
    "{% if case.diagnosis.performance_status.assessed_on %} (assessed "
    "{{ case.diagnosis.performance_status.assessed_on }}){% endif %}"
)
#: "female", "male"; an intersex or unknown sex reads "patient (sex: …)"
SEX_NOUN = (
    "{% if case.patient.sex in ['female', 'male'] %}{{ case.patient.sex|label('sex') }}"
    "{% else %}patient (sex: {{ case.patient.sex|label('sex') }}){% endif %}"
)
#: allergies as the case records them: a list, or [] for none known (None: not recorded,
#: left out; the route asks for it)
ALLERGY_LIST = "{{ case.patient.allergies|map('clause')|join('; ') }}"
#: a prior line's regimen opening a table cell: its first letter a capital (an imported
#: "amivantamab-vmjw 1050 mg…" reads "Amivantamab-vmjw 1050 mg…" like the lines above it)
REGIMEN_CELL = "{% set rg = t.regimen|clause %}{{ rg[:1]|upper }}{{ rg[1:] }}"
#: a prior line's agents that its regimen does not already name
AGENTS_EXTRA = (
    "{% set extra = t.agents|map('lower')|reject('in', t.regimen.lower())|list %}"
    "{% if extra %} ({{ extra|join(', ') }}){% endif %}"
)
#: whether the physician can be reached by telephone or email (a letter's closing offer)
REACHABLE = "case.physician.phone or case.physician.email"
#: how FDA authorized an emergency use (request.emergency_authorization.means)
MEANS = (
    "{% if ea.means == 'phone' %}Telephone{% elif ea.means == 'email' %}Email"
    "{% else %}Other rapid means{% endif %}"
)
#: a prior line's outcome as sentences, each only when the case gives it: "Best response: PR
#: (partial response). Stopped: progressive disease (…). Toxicities: grade 2 rash."
#: One cell, so no column stays empty for a case without one of them
OUTCOME = (
    "{% set parts = [('Best response: ' ~ t.best_response ~ ' ('"
    " ~ t.best_response|label('response') ~ ')') if t.best_response else '', "
    "('Stopped: ' ~ t.reason_stopped|clause|inline) if t.reason_stopped else '', "
    "('Toxicities: ' ~ t.toxicities|map('clause')|map('inline')|join('; ')) "
    "if t.toxicities else '']|select|list %}{% if parts %}{{ parts|join('. ') }}.{% endif %}"
)


def source_of(var: str) -> str:
    """An expression: the title of the uploaded report an entry's ``source`` id names, or
    an empty string."""
    return (
        "(case.attachments|selectattr('id', 'equalto', " + var + ".source)"
        "|map(attribute='title')|join if " + var + ".source else '')"
    )


def source_title(var: str) -> str:
    """The title of the uploaded report an entry's ``source`` id names."""
    return "{% for a in case.attachments if a.id == " + var + ".source %}{{ a.title }}{% endfor %}"


# --------------------------------------------------------------------------------------
# A small builder over python-docx
# --------------------------------------------------------------------------------------
def _clear_theme_fonts(rpr_parent: object) -> None:
    rpr = rpr_parent.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    color = rpr.find(qn("w:color"))
    if color is not None:
        rpr.remove(color)


class Doc:
    """One template under construction."""

    def __init__(self, title: str) -> None:
        self.d = Document()
        self._page()
        self._styles()
        props = self.d.core_properties
        props.title = title
        props.author = "accesspack"
        props.last_modified_by = "accesspack"
        props.comments = ""
        props.subject = ""
        props.keywords = ""
        props.revision = 1
        props.created = props.modified = props.last_printed = FIXED_TIME
        # python-docx's default package carries a thumbnail of another document: drop it
        rels = self.d.part.package.rels
        for rid, rel in list(rels.items()):
            if rel.reltype.endswith("/thumbnail"):
                del rels[rid]

    # -- setup ---------------------------------------------------------------------------
    def _page(self) -> None:
        sec = self.d.sections[0]
        sec.page_width, sec.page_height = Inches(8.5), Inches(11)
        sec.left_margin, sec.right_margin = Inches(1.0), Inches(0.75)
        sec.top_margin, sec.bottom_margin = Inches(0.75), Inches(1.0)
        sec.header_distance = sec.footer_distance = Inches(0.5)

    def _styles(self) -> None:
        styles = self.d.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        rpr_default = defaults.find(qn("w:rPrDefault"))
        fonts = rpr_default.find(qn("w:rPr")).find(qn("w:rFonts"))
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), FONT)

        normal = styles["Normal"]
        _clear_theme_fonts(normal.element)
        normal.font.size = Pt(12)
        normal.font.color.rgb = BLACK
        fmt = normal.paragraph_format
        fmt.space_before, fmt.space_after = Pt(0), Pt(6)
        fmt.line_spacing = 1.0
        fmt.widow_control = True

        for name, size, before, after in (("Heading 1", 14, 0, 10), ("Heading 2", 13, 12, 4)):
            st = styles[name]
            _clear_theme_fonts(st.element)
            st.font.size = Pt(size)
            st.font.bold = True
            st.font.color.rgb = BLACK
            st.paragraph_format.space_before = Pt(before)
            st.paragraph_format.space_after = Pt(after)
            st.paragraph_format.keep_with_next = True

        for name in ("List Bullet", "List Number"):
            st = styles[name]
            st.paragraph_format.space_after = Pt(2)

        from docx.enum.style import WD_STYLE_TYPE

        cell = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
        cell.base_style = normal
        cell.font.size = Pt(10)
        cell.paragraph_format.space_before = Pt(1)
        cell.paragraph_format.space_after = Pt(1)
        cell.quick_style = True

        small = styles.add_style("Small Text", WD_STYLE_TYPE.PARAGRAPH)
        small.base_style = normal
        small.font.size = Pt(10)
        small.quick_style = True

    # -- paragraphs ----------------------------------------------------------------------
    def p(
        self,
        text: str = "",
        *,
        lead: str | None = None,
        style: str | None = None,
        bold: bool = False,
        italic: bool = False,
        size: float | None = None,
        align: str | None = None,
        before: float | None = None,
        after: float | None = None,
        indent: float | None = None,
        keep: bool = False,
        rule: bool = False,
    ) -> Paragraph:
        """A paragraph whose whole text (tags included) is ONE run.

        ``lead`` is a bold lead-in (plain words, no tags) written as a run of its own.
        """
        par = self.d.add_paragraph(style=style)
        if lead:
            assert "{" not in lead, lead
            _fill(par, lead + " ", bold=True, size=size)
        _fill(par, text, bold=bold, italic=italic, size=size)
        fmt = par.paragraph_format
        if align:
            fmt.alignment = {
                "center": WD_ALIGN_PARAGRAPH.CENTER,
                "right": WD_ALIGN_PARAGRAPH.RIGHT,
                "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
            }[align]
        if before is not None:
            fmt.space_before = Pt(before)
        if after is not None:
            fmt.space_after = Pt(after)
        if indent is not None:
            fmt.left_indent = Inches(indent)
        if keep:
            fmt.keep_with_next = True
        if rule:
            _bottom_rule(par)
        return par

    def ctl(self, tag: str) -> None:
        """A docxtpl control paragraph (``{%p ... %}``); it vanishes when rendered."""
        assert tag.startswith("{%p "), tag
        self.p(tag, after=0)

    def h1(self, text: str, *, align: str | None = None) -> None:
        self.p(text, style="Heading 1", align=align)

    def h2(self, text: str) -> None:
        self.p(text, style="Heading 2")

    def bullet(self, text: str, *, keep: bool = False) -> None:
        self.p(text, style="List Bullet", keep=keep)

    def numbered(self, text: str, *, keep: bool = False) -> None:
        self.p(text, style="List Number", keep=keep)

    def label(self, text: str) -> None:
        """A bold run-in label paragraph kept with what follows."""
        self.p(text, bold=True, keep=True, after=2)

    # -- tables --------------------------------------------------------------------------
    def table(
        self,
        header: Sequence[str],
        widths: Sequence[float],
        rows: Sequence[Row],
        *,
        bold_first: bool = False,
        keep: bool = False,
    ) -> None:
        """A "Table Grid" table with a repeated, shaded header row (``keep``: every row kept
        with the next, so the table stays on the page of what follows it)."""
        assert len(header) == len(widths), header
        assert abs(sum(widths) - TEXT_WIDTH) < 0.01, (header, sum(widths))
        tbl = self.d.add_table(rows=0, cols=len(widths))
        tbl.style = self.d.styles["Table Grid"]
        tbl.alignment = WD_TABLE_ALIGNMENT.LEFT
        tbl.autofit = False
        _indent(tbl, 108)  # twips = the style's left cell margin: borders on the margin
        for col, width in zip(tbl.columns, widths, strict=True):
            col.width = Inches(width)
        head = tbl.add_row()
        _repeat_header(head)
        for cell, text, width in zip(head.cells, header, widths, strict=True):
            _cell(cell, text, width, bold=True)
            _shade(cell, HEADER_FILL)
            cell.paragraphs[0].paragraph_format.keep_with_next = True  # not alone at a page end
        for row in rows:
            added = tbl.add_row()
            cells = added.cells
            if isinstance(row, str):  # a {%tr %} control row
                assert row.startswith("{%tr "), row
                for i, (cell, width) in enumerate(zip(cells, widths, strict=True)):
                    _cell(cell, row if i == 0 else "", width)
                continue
            assert len(row) == len(widths), row
            _row_flags(added, "w:cantSplit")  # a row moves to the next page whole
            for i, (cell, text, width) in enumerate(zip(cells, row, widths, strict=True)):
                _cell(cell, text, width, bold=bold_first and i == 0)
                if keep:
                    for par in cell.paragraphs:
                        par.paragraph_format.keep_with_next = True

    def kv(
        self,
        rows: Sequence[Row],
        header: tuple[str, str] = ("Field", "Entry"),
        widths: tuple[float, float] = (2.25, 4.5),
    ) -> None:
        """A two-column field / value table, the field names in bold."""
        self.table(header, widths, rows, bold_first=True)

    # -- letter parts --------------------------------------------------------------------
    def letterhead(self) -> None:
        """The physician's letterhead (needs ``addr`` set first)."""
        self.p("{{ case.institution.name }}", bold=True, size=14, after=0)
        self.p(
            PHYS + "{% if case.physician.job_title %}, {{ case.physician.job_title }}{% endif %}",
            size=11,
            after=0,
        )
        self.ctl("{%p if addr %}")
        self.p("{{ addr.line1 }}{% if addr.line2 %}, {{ addr.line2 }}{% endif %}", size=11, after=0)
        self.p(CITY_LINE, size=11, after=0)
        self.ctl("{%p endif %}")
        self.p(CONTACT_LINE, size=11, after=12, rule=True)

    def date_line(self) -> None:
        self.p("{{ prepared_on }}", after=12)

    def fda_address(self) -> None:
        """FDA's mailing address for Form FDA 3926 submissions, as FDA's expanded-access
        contact page lays it out: CDER's or CBER's, by the product's review centre."""
        self.ctl(SET_MAIL)
        self.ctl("{%p for line in mail.recipient %}")
        self.p("{{ line }}", after=0)
        self.ctl("{%p endfor %}")
        self.ctl("{%p if mail.attention %}")
        self.p(
            "ATTN: {% if case.request.regulator_division %}"
            "{{ case.request.regulator_division }} — {% endif %}{{ mail.attention }}",
            bold=True,
            after=0,
        )
        self.ctl("{%p endif %}")
        self.ctl("{%p for line in mail.lines %}")
        self.p("{{ line }}", after=0)
        self.ctl("{%p endfor %}")
        self.p("", after=6)

    def irb_address(self) -> None:
        self.ctl("{%p set irb = case.institution.irb %}")
        self.ctl("{%p if irb %}")
        self.ctl("{%p if irb.chair %}")
        self.p("{{ irb.chair }}, Chair", after=0)
        self.ctl("{%p endif %}")
        self.p("{{ irb.name }}", after=0)
        self.ctl("{%p if irb.registration %}")
        self.p("IRB registration: {{ irb.registration }}", after=0)
        self.ctl("{%p endif %}")
        self.ctl("{%p if irb.address %}")
        self.p(
            "{{ irb.address.line1 }}{% if irb.address.line2 %}, {{ irb.address.line2 }}{% endif %}",
            after=0,
        )
        self.p(
            "{{ irb.address.city }}{% if irb.address.region %}, {{ irb.address.region }}"
            "{% endif %}{% if irb.address.postal_code %} {{ irb.address.postal_code }}{% endif %}",
            after=0,
        )
        self.ctl("{%p endif %}")
        self.ctl("{%p else %}")
        self.p("Institutional Review Board", after=0)
        self.p("{{ case.institution.name }}", after=0)
        self.ctl("{%p endif %}")
        self.p("", after=6)

    def subject(self, title: str, lines: Sequence[str]) -> None:
        """The RE: block: a bold subject and indented detail lines (control lines allowed)."""
        self.p("RE: " + title, bold=True, after=2, keep=True)
        for line in lines:
            if line.startswith("{%p "):
                self.ctl(line)
            else:
                self.p(line, indent=0.4, after=0, keep=True)
        self.p("", after=6)

    def block(
        self,
        lines: Sequence[str | tuple[str, ...]],
        *,
        keep: bool = False,
        before: float | None = None,
        after: float | None = None,
        indent: float | None = None,
    ) -> Paragraph:
        """ONE paragraph of lines, each after a line break, that LibreOffice and Word never
        split across pages: a signature block or a list written this way moves to the next
        page whole (with the paragraphs kept with it), never line by line.

        A line is a string; ``("if", condition, text)`` prints it only when the Jinja
        condition holds; ``("tag", "{% ... %}")`` is a bare Jinja tag (a ``for`` before
        lines repeats them with their breaks; ``("bold", text)`` is a bold line. Each tag
        sits in one run; a line's break is in the run after the tags that open it, so a
        line left out takes its break with it. ``keep``: kept with the next paragraph;
        ``indent``: lines after the first start there (a list under its heading)."""
        par = self.d.add_paragraph()
        pre = ""
        first = True

        def line(text: str, bold: bool = False) -> None:
            nonlocal pre, first
            assert "\n" not in text and "\t" not in text, text
            run = par.add_run()
            if pre:
                run.add_text(pre)
            if not first:
                run.add_break()
            run.add_text(text)
            run.bold = bold or None
            pre, first = "", False

        for item in lines:
            if isinstance(item, str):
                line(item)
            elif item[0] == "if":
                pre += "{% if " + item[1] + " %}"
                line(item[2])
                pre += "{% endif %}"
            elif item[0] == "bold":
                line(item[1], bold=True)
            else:
                assert item[0] == "tag" and item[1].startswith("{% "), item
                pre += item[1]
        if pre:
            par.add_run(pre)
        fmt = par.paragraph_format
        fmt.keep_together = True
        if keep:
            fmt.keep_with_next = True
        if before is not None:
            fmt.space_before = Pt(before)
        if after is not None:
            fmt.space_after = Pt(after)
        if indent:
            fmt.left_indent = Inches(indent)
            fmt.first_line_indent = Inches(-indent)
        return par

    def signature(
        self, closing: str = "Sincerely,", *, sponsor: bool = False, keep_last: bool = False
    ) -> None:
        """The closing and the signature block as one paragraph that is never split
        (``keep_last``: kept with what follows too, e.g. the list of enclosures)."""
        lines: list[str | tuple[str, ...]] = [
            closing, "", "", "______________________________________", PHYS,
            ("if", "case.physician.job_title", "{{ case.physician.job_title }}"),
        ]
        if sponsor:
            lines.append("Sponsor-investigator, individual patient expanded access IND")
        lines.append("{{ case.institution.name }}")
        self.block(lines, keep=keep_last, before=6, after=12)

    def closing_line(self, text: str, when: str | None = None) -> None:
        """The letter's last paragraph, kept with the closing and signature that follow;
        ``when``: a condition (Jinja expression) for printing it at all."""
        if when:
            self.ctl("{%p if " + when + " %}")
        self.p(text, keep=True)
        if when:
            self.ctl("{%p endif %}")

    def dated_signature(self, who: str = PHYS) -> None:
        """Signature and date lines for a statement, one paragraph never split. Whatever
        precedes it must be kept with it (``keep=True``), so it never stands alone on a
        page."""
        self.block(
            [
                "Signature: ________________________________     Date: ________________",
                who,
                "{{ case.institution.name }}",
            ],
            before=18,
            after=0,
        )

    def id_table(self, extra: Sequence[tuple[str, str]] = ()) -> None:
        """The identification table under a document title."""
        header = ["Patient", "Investigational drug", "Treating physician", "Date"]
        widths = [1.0, 2.0, 2.6, 1.15]
        row = [
            "{{ case.patient.initials }}",
            DRUG,
            PHYS + ", {{ case.institution.name }}",
            "{{ prepared_on }}",
        ]
        for head, value in extra:
            header.insert(-1, head)
            row.insert(-1, value)
            widths = [1.0, 1.6, 2.0, 1.0, 1.15]
        self.table(header, widths, [row])
        self.p("", after=2)

    # -- output --------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        buf = io.BytesIO()
        self.d.save(buf)
        path.write_bytes(_fixed_zip(buf.getvalue()))


class Lines:
    """The lines of a numbered list written as ONE paragraph (:meth:`Doc.block`), with the
    calls of a list of paragraphs (``ctl`` for ``{%p %}`` tags, ``numbered`` for items)."""

    def __init__(self, heading: str) -> None:
        self.items: list[str | tuple[str, ...]] = [
            ("bold", heading), ("tag", "{% set enc = namespace(n=0) %}")
        ]

    def ctl(self, tag: str) -> None:
        assert tag.startswith("{%p "), tag
        self.items.append(("tag", "{% " + tag[4:]))

    def numbered(self, text: str, *, keep: bool = False) -> None:
        self.items.append("{% set enc.n = enc.n + 1 %}{{ enc.n }}.  " + text)

    def write(self, doc: Doc, *, before: float = 6) -> None:
        doc.block(self.items, before=before, after=6, indent=0.3)


def _fill(
    par: Paragraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
) -> None:
    assert "\n" not in text and "\t" not in text, "one run, no breaks: " + text
    if not text:
        return
    run = par.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    if size is not None:
        run.font.size = Pt(size)


def _cell(cell: _Cell, text: Cell, width: float, *, bold: bool = False) -> None:
    cell.width = Inches(width)
    texts = [text] if isinstance(text, str) else list(text)
    first = cell.paragraphs[0]
    first.style = "Table Text"
    _fill(first, texts[0] if texts else "", bold=bold)
    for more in texts[1:]:
        par = cell.add_paragraph(style="Table Text")
        _fill(par, more, bold=bold)


def _indent(tbl: object, twips: int) -> None:
    tblpr = tbl._tbl.tblPr  # type: ignore[attr-defined]
    ind = OxmlElement("w:tblInd")
    ind.set(qn("w:w"), str(twips))
    ind.set(qn("w:type"), "dxa")
    tblpr.insert_element_before(
        ind,
        "w:tblBorders",
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
        "w:tblCaption",
        "w:tblDescription",
        "w:tblPrChange",
    )


def _shade(cell: _Cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.insert_element_before(
        shd, "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"
    )


def _repeat_header(row: object) -> None:
    _row_flags(row, "w:cantSplit", "w:tblHeader")


def _row_flags(row: object, *tags: str) -> None:
    trpr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    for tag in tags:
        el = OxmlElement(tag)
        el.set(qn("w:val"), "true")
        trpr.append(el)


def _bottom_rule(par: Paragraph) -> None:
    ppr = par._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, val in (("w:val", "single"), ("w:sz", "6"), ("w:space", "4"), ("w:color", "000000")):
        bottom.set(qn(key), val)
    bdr.append(bottom)
    ppr.insert_element_before(
        bdr,
        "w:shd",
        "w:tabs",
        "w:suppressAutoHyphens",
        "w:kinsoku",
        "w:wordWrap",
        "w:overflowPunct",
        "w:topLinePunct",
        "w:autoSpaceDE",
        "w:autoSpaceDN",
        "w:bidi",
        "w:adjustRightInd",
        "w:snapToGrid",
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:mirrorIndents",
        "w:suppressOverlap",
        "w:jc",
        "w:textDirection",
        "w:textAlignment",
        "w:textboxTightWrap",
        "w:outlineLvl",
        "w:divId",
        "w:cnfStyle",
        "w:rPr",
        "w:sectPr",
        "w:pPrChange",
    )


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite the DOCX zip with fixed entry dates, so regenerating gives the same bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------------------
# Cover letters to FDA
# --------------------------------------------------------------------------------------
def titled(kind: str, var: str = "a", also: Sequence[str] = ()) -> str:
    """An upload's entry in a list: ``kind: title``, or the title alone when it already
    names the kind (or one of ``also``) anywhere: no "Curriculum vitae: Curriculum vitae,
    ..." nor "Letter of Authorization: Signed Letter of Authorization"."""
    words = [kind.lower(), *(w.lower() for w in also)]
    test = " or ".join(f"'{w}' in {var}.title.lower()" for w in words)
    return (
        "{% if " + test + " %}{{ " + var + ".title }}{% else %}" + kind + ": {{ " + var
        + ".title }}{% endif %}"
    )


LOA_WORDS = ("LOA", "authorization", "authorisation")
CV_WORDS = ("CV", "résumé", "resume")
CONSENT_WORDS = ("consent",)


#: ", dated 11/13/2026" unless the title already gives that date
DATED = "{% if a.dated and (a.dated|date) not in a.title %}, dated {{ a.dated }}{% endif %}"


def _enclosures_fda(out: Doc, *, follow_up: bool = False) -> None:
    """What follows the cover letter in the FDA submission, as one paragraph never split
    (kept with the signature before it). Form FDA 3926 and the table of contents come
    before the letter, so they are not listed."""
    doc = Lines("Enclosures (after this letter):")
    if follow_up:
        doc.numbered("Follow-up report", keep=True)
        doc.ctl("{%p for a in attachments.safety_report %}")
        doc.numbered("{{ a.title }}" + DATED, keep=True)
        _translations(doc)
        doc.ctl("{%p endfor %}")
        doc.ctl("{%p if fu and 'change_in_treatment_plan' in fu.kinds %}")
        doc.numbered("Changed treatment plan", keep=True)
        doc.ctl("{%p endif %}")
    else:
        doc.ctl("{%p for a in attachments.letter_of_authorization %}")
        doc.numbered(titled("Letter of Authorization", also=LOA_WORDS) + DATED, keep=True)
        _translations(doc)
        doc.ctl("{%p endfor %}")
        doc.numbered("Physician's qualification statement", keep=True)
        doc.ctl("{%p for a in attachments.cv %}")
        doc.numbered(titled("Curriculum vitae", also=CV_WORDS), keep=True)
        _translations(doc)
        doc.ctl("{%p endfor %}")
        doc.numbered("Treatment plan", keep=True)
        doc.numbered("Clinical summary", keep=True)
    # the supporting reports as the packet collates them (the route's `order: date`):
    # dated ones by date, then the undated ones, each in the case's order
    doc.ctl(
        "{%p set reports = case.attachments|selectattr('kind', 'in', "
        "['pathology_report', 'biomarker_report', 'imaging_report', 'lab_report', "
        "'discharge_summary'])|list %}"
    )
    doc.ctl(
        "{%p for a in (reports|selectattr('dated')|sort(attribute='dated')|list) + "
        "(reports|rejectattr('dated')|list) %}"
    )
    doc.numbered("{{ a.title }}" + DATED, keep=True)
    _translations(doc)
    doc.ctl("{%p endfor %}")
    doc.write(out)


def _translations(doc: Lines) -> None:
    """The translations of upload ``a``: the packet collates each right after it."""
    doc.ctl(
        "{%p for t in case.attachments|selectattr('kind', 'equalto', 'translation')"
        "|selectattr('translates', 'equalto', a.id) %}"
    )
    doc.numbered("{{ t.title }}" + DATED.replace("a.", "t."), keep=True)
    doc.ctl("{%p endfor %}")


#: Where the cover letter stands in the FDA submission: after the form and the contents.
FORM_FIRST = (
    "The form opens this submission; the documents listed at the end of this letter follow it."
)


def cover_letter_initial() -> Doc:
    doc = Doc("Cover letter — individual patient expanded access, initial submission")
    doc.ctl(SET_ADDR)
    doc.letterhead()
    doc.date_line()
    doc.fda_address()
    doc.subject(
        "INDIVIDUAL PATIENT EXPANDED ACCESS — INITIAL SUBMISSION",
        [
            "Patient's initials: {{ case.patient.initials }}",
            "Investigational drug: " + DRUG,
            "Manufacturer: {{ case.product.manufacturer.name }}",
            "{%p if case.product.reference_application %}",
            "Reference application: {{ case.product.reference_application }}",
            "{%p endif %}",
            "{%p if case.request.physician_ind_number %}",
            "Physician's IND number: {{ case.request.physician_ind_number }}",
            "{%p endif %}",
        ],
    )
    doc.p("Dear Sir or Madam:")
    doc.p(
        "This submission is an individual patient expanded access Investigational New Drug "
        "Application (IND) on Form FDA 3926 (21 CFR 312.310) for the treatment of my patient, "
        "{{ case.patient.initials }}, with "
        + DRUG
        + " for "
        + INDICATION_MID
        + ". "
        + FORM_FIRST
        + " I am the treating physician and the sponsor-investigator of this IND.",
    )
    doc.ctl("{%p if attachments.letter_of_authorization %}")
    doc.p(
        "The enclosed Letter of Authorization from {{ case.product.manufacturer.name }} grants "
        "FDA a right of reference to {{ case.product.reference_application or 'its application' }}"
        " (21 CFR 312.310(b)(3)).",
    )
    doc.ctl("{%p else %}")
    doc.p(
        "The Letter of Authorization from {{ case.product.manufacturer.name }}, granting FDA a "
        "right of reference to {{ case.product.reference_application or 'its IND or Drug Master "
        "File' }} (21 CFR 312.310(b)(3)), is not yet enclosed; I will forward it on receipt.",
    )
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.request.request_form_waiver %}")
    doc.p(
        "In item {{ form['items'].form_waiver.number }} of the form I request authorization to "
        "use Form FDA 3926 for this IND.",
    )
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.request.request_alternative_irb_review %}")
    doc.p(
        "In item {{ form['items'].alternative_irb.number }} I request authorization to use "
        "alternative IRB review procedures: review and concurrence by the IRB chair or a "
        "designated IRB member before treatment begins, instead of review at a convened IRB "
        "meeting.",
    )
    doc.ctl("{%p endif %}")
    doc.closing_line(
        "Please direct any questions about this submission to me"
        "{% if case.physician.phone %} at {{ case.physician.phone }}{% endif %}"
        "{% if case.physician.email %}{% if case.physician.phone %} or{% endif %} by email to "
        "{{ case.physician.email }}{% endif %}.",
        when=REACHABLE,
    )
    doc.signature(sponsor=True, keep_last=True)
    _enclosures_fda(doc)
    return doc


def cover_letter_emergency() -> Doc:
    doc = Doc("Cover letter — written submission after emergency authorization")
    doc.ctl(SET_ADDR)
    doc.ctl(SET_EA)
    doc.ctl(SET_IND)
    doc.letterhead()
    doc.date_line()
    doc.fda_address()
    doc.subject(
        "INDIVIDUAL PATIENT EXPANDED ACCESS — EMERGENCY USE",
        [
            "Written submission after emergency authorization (21 CFR 312.310(d))",
            "{%p if ind %}",
            "IND number: {{ ind }}",
            "{%p endif %}",
            "Patient's initials: {{ case.patient.initials }}",
            "Investigational drug: " + DRUG,
            "Manufacturer: {{ case.product.manufacturer.name }}",
        ],
    )
    doc.p("Dear Sir or Madam:")
    doc.ctl("{%p if ea %}")
    doc.p(
        # when, how and by whom, the IND number and the first dose are in the table below:
        # each fact once
        "FDA has authorized the emergency use of "
        + DRUG
        + " for my patient, {{ case.patient.initials }}, for "
        + INDICATION_MID
        + ". The authorization is summarized below.",
    )
    doc.ctl("{%p endif %}")
    doc.p(
        "As required by 21 CFR 312.310(d), I submit the written Form FDA 3926 for this "
        "emergency use. " + FORM_FIRST + " I am the treating physician and the "
        "sponsor-investigator of this IND.",
    )
    doc.ctl("{%p if ea %}")
    doc.label("Emergency authorization")
    doc.kv(
        [
            ("Date of authorization", "{{ ea.authorized_on }}"),
            ("Means of authorization", MEANS),
            "{%tr if ea.authorized_by %}",
            ("FDA official", "{{ ea.authorized_by }}"),
            "{%tr endif %}",
            "{%tr if ind %}",
            ("IND number assigned", "{{ ind }}"),
            "{%tr endif %}",
            "{%tr if ea.first_dose_on %}",
            ("Date of first dose", "{{ ea.first_dose_on }}"),
            "{%tr endif %}",
        ],
        header=("Authorization", "Details"),
    )
    doc.ctl("{%p endif %}")
    doc.p("", after=0)
    doc.ctl("{%p if attachments.letter_of_authorization %}")
    doc.p(
        "The enclosed Letter of Authorization from {{ case.product.manufacturer.name }} grants "
        "FDA a right of reference to {{ case.product.reference_application or 'its application' }}"
        " (21 CFR 312.310(b)(3)).",
    )
    doc.ctl("{%p endif %}")
    doc.closing_line(
        "Please direct any questions about this submission to me"
        "{% if case.physician.phone %} at {{ case.physician.phone }}{% endif %}"
        "{% if case.physician.email %}{% if case.physician.phone %} or{% endif %} by email to "
        "{{ case.physician.email }}{% endif %}.",
        when=REACHABLE,
    )
    doc.signature(sponsor=True, keep_last=True)
    _enclosures_fda(doc)
    return doc


def cover_letter_follow_up() -> Doc:
    doc = Doc("Cover letter — individual patient expanded access, follow-up submission")
    doc.ctl(SET_ADDR)
    doc.ctl(SET_FU)
    doc.ctl(SET_IND)
    doc.letterhead()
    doc.date_line()
    doc.fda_address()
    doc.subject(
        "INDIVIDUAL PATIENT EXPANDED ACCESS — FOLLOW-UP SUBMISSION",
        [
            "{%p if ind %}",
            "Physician's IND number: {{ ind }}",
            "{%p endif %}",
            "Patient's initials: {{ case.patient.initials }}",
            "Investigational drug: " + DRUG,
        ],
    )
    doc.p("Dear Sir or Madam:")
    doc.p(
        "This is a follow-up submission on Form FDA 3926 to my individual patient expanded "
        "access IND{% if ind %} ({% if not ind.upper().startswith('IND') %}IND {% endif %}"
        "{{ ind }}){% endif %} for the treatment of my "
        "patient, {{ case.patient.initials }}, with " + DRUG + ". " + FORM_FIRST,
    )
    doc.ctl("{%p if fu %}")
    doc.p(
        "This submission contains (Form FDA 3926 item {{ form['items'].follow_up_contents.number "
        "}}):",
        keep=True,
        after=2,
    )
    doc.ctl("{%p for k in fu.kinds %}")
    doc.bullet(
        "{{ form.follow_up_options[k].label }}{{ form.follow_up_options[k].mark }}"
        "{% if k == 'other' and fu.other_description %}: "
        "{{ fu.other_description|clause }}{% endif %}"
    )
    doc.ctl("{%p endfor %}")
    doc.ctl("{%p endif %}")
    doc.p("", after=0)
    doc.closing_line(
        "Please direct any questions about this submission to me"
        "{% if case.physician.phone %} at {{ case.physician.phone }}{% endif %}"
        "{% if case.physician.email %}{% if case.physician.phone %} or{% endif %} by email to "
        "{{ case.physician.email }}{% endif %}.",
        when=REACHABLE,
    )
    doc.signature(sponsor=True, keep_last=True)
    _enclosures_fda(doc, follow_up=True)
    # the footnote only when a box listed above carries the dagger
    doc.ctl(
        "{%p if fu and form.follow_up_options|dictsort|selectattr('1.mark')"
        "|map(attribute='0')|select('in', fu.kinds)|list %}"
    )
    doc.p("{{ form.unverified_note }}", style="Small Text", before=12)
    doc.ctl("{%p endif %}")
    return doc


# --------------------------------------------------------------------------------------
# Form FDA 3926, item by item
# --------------------------------------------------------------------------------------
def item(key: str) -> str:
    return f"{{{{ items.{key}.number }}}}. {{{{ items.{key}.label }}}}{{{{ items.{key}.mark }}}}"


#: a box of the official form the case leaves empty: it stays, as a line to fill in by hand
#: (the ledger asks for the value), never a filler word
FILL_IN = "______________________________"


def _box(expr: str, when: str | None = None) -> str:
    """A form box's value, or the fill-in line when the case does not give it."""
    return f"{{% if {when or expr} %}}{{{{ {expr} }}}}{{% else %}}{FILL_IN}{{% endif %}}"


def _item_physician(doc: Doc) -> None:
    # every box of the official item stays; one the case cannot fill yet is a line to
    # complete by hand (the ledger asks for it)
    doc.h2(item("physician"))
    doc.kv(
        [
            ("Physician name (sponsor)", PHYS),
            ("Name of institution or clinical practice", "{{ case.institution.name }}"),
            ("Address 1 (street address, no P.O. boxes)", _box("addr.line1", "addr")),
            ("Address 2", _box("addr.line2", "addr and addr.line2")),
            ("City", _box("addr.city", "addr")),
            ("State", _box("addr.region", "addr and addr.region")),
            (
                "ZIP code",
                "{% if addr and addr.postal_code %}{{ addr.postal_code }}"
                "{% if addr.country and addr.country != 'US' %} ({{ addr.country }}){% endif %}"
                "{% else %}" + FILL_IN + "{% endif %}",
            ),
            ("Email", _box("case.physician.email")),
            ("Telephone", _box("case.physician.phone")),
            ("Fax", _box("case.physician.fax")),
        ]
    )


def _item_initials(doc: Doc) -> None:
    doc.h2(item("patient_initials"))
    doc.p("{{ case.patient.initials }}")


def _item_date(doc: Doc) -> None:
    doc.h2(item("submission_date"))
    doc.p("{{ prepared_on }}")


def _item_type(doc: Doc) -> None:
    doc.h2(item("submission_type"))
    doc.table(
        ["Box", "Type", "Details"],
        [0.55, 2.2, 4.0],
        [
            [
                "{{ (case.request.submission == 'initial')|check }}",
                item("initial"),
                "Physician's IND Number (if known): "
                "{% if case.request.submission == 'initial' and ind %}{{ ind }}{% endif %}",
            ],
            [
                "{{ (case.request.submission == 'follow_up')|check }}",
                item("follow_up"),
                [
                    "Investigational Drug Name: "
                    "{% if case.request.submission == 'follow_up' %}" + DRUG + "{% endif %}",
                    "Physician's IND Number: "
                    "{% if case.request.submission == 'follow_up' %}{{ ind }}{% endif %}",
                ],
            ],
        ],
    )


def _item_clinical(doc: Doc, *, race: bool) -> None:
    doc.h2(item("clinical"))
    rows: list[Row] = [("Indication", INDICATION)]
    if race:
        rows += [
            (
                "Ethnicity (check one)",
                [
                    "{{ (case.patient.ethnicity == 'hispanic_or_latino')|check }} "
                    "Hispanic/Latino",
                    "{{ (case.patient.ethnicity == 'not_hispanic_or_latino')|check }} "
                    "Not Hispanic/Latino",
                ],
            ),
            (
                "Race (check all that apply)",
                [
                    "{{ ('american_indian_or_alaska_native' in case.patient.race)|check }} "
                    "American Indian/Alaska Native",
                    "{{ ('asian' in case.patient.race)|check }} Asian",
                    "{{ ('black_or_african_american' in case.patient.race)|check }} "
                    "Black or African American",
                    "{{ ('native_hawaiian_or_other_pacific_islander' in case.patient.race)"
                    "|check }} "
                    "Native Hawaiian/Other Pacific Islander",
                    "{{ ('white' in case.patient.race)|check }} White",
                ],
            ),
        ]
    doc.kv(rows)
    doc.p("Brief clinical history", bold=True, before=8, after=3, keep=True)
    doc.p(
        "{% if case.patient.age is not none %}{{ case.patient.age }}-year-old {% endif %}"
        + SEX_NOUN
        + "{% if case.patient.weight_kg %}, weight {{ case.patient.weight_kg }} kg{% endif %}"
        "{% if case.patient.allergies is not none and not case.patient.allergies %}; no known "
        "allergies or sensitivities{% endif %}.",
        lead="Patient:",
    )
    # one sentence per allergy: an entry's own ";" does not run into the next one
    doc.ctl("{%p if case.patient.allergies %}")
    doc.p("{{ case.patient.allergies|map('sentence')|join(' ') }}",
          lead="Allergies and sensitivities:")
    doc.ctl("{%p endif %}")
    doc.p(
        DIAGNOSIS_FDA + "; ICD-10 {{ case.diagnosis.icd10 }}; diagnosed on "
        "{{ case.diagnosis.diagnosed_on }}"
        "{% if case.diagnosis.metastatic_sites %}; metastatic sites: "
        "{{ case.diagnosis.metastatic_sites|map('clause')|map('inline')|join(', ') }}"
        "{% endif %}.",
        lead="Diagnosis:",
    )
    doc.ctl("{%p if case.diagnosis.disease_status %}")
    doc.p("{{ case.diagnosis.disease_status|sentence }}", lead="Current disease status:")
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.diagnosis.performance_status %}")
    doc.p(PERFORMANCE_FDA + ".", lead="Performance status:")
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.biomarkers %}")
    doc.p(
        # one sentence per marker: a result's own ";" does not run into the next marker
        "{% for b in case.biomarkers %}{{ b.marker }}: {{ b.result|clause }} "
        "({{ b.method|label('method') }}, {{ b.reported_on }}).{% if not loop.last %} "
        "{% endif %}{% endfor %}",
        lead="Biomarkers:",
    )
    doc.ctl("{%p endif %}")
    # prior therapy and the response to it are part of the clinical history (a line without
    # its best response is a ledger gap, not a word in the form)
    doc.ctl("{%p if case.prior_treatments %}")
    doc.p("", lead="Prior therapy and response to prior therapy:", after=3, keep=True)
    doc.table(
        ["Line", "Regimen", "Dates", "Best response, reason stopped, toxicities"],
        [0.9, 2.0, 1.0, 2.85],
        [
            "{%tr for t in case.prior_treatments %}",
            [
                "{{ t.line }}{% if t.setting %} ({{ t.setting|label('setting') }}){% endif %}",
                REGIMEN_CELL + AGENTS_EXTRA,
                "{{ t.started_on }} – {{ t.ended_on or 'ongoing' }}",
                OUTCOME,
            ],
            "{%tr endfor %}",
        ],
    )
    doc.ctl("{%p endif %}")
    # "reason for request, including an explanation of why the patient lacks other
    # therapeutic options" (the form's own words): the clinical rationale when the case
    # gives it, then why no alternative is satisfactory
    doc.ctl("{%p if case.request.justification.clinical_rationale %}")
    doc.p(
        "{{ case.request.justification.clinical_rationale|sentence }}",
        lead="Reason for the request:",
        before=4,
    )
    doc.p(
        "{{ case.request.justification.no_satisfactory_alternative|sentence }}",
        lead="Why no satisfactory alternative therapy is available:",
    )
    doc.ctl("{%p else %}")
    doc.p(
        "{{ case.request.justification.no_satisfactory_alternative|sentence }}",
        lead="Reason for the request; why no satisfactory alternative therapy is available:",
        before=4,
    )
    doc.ctl("{%p endif %}")
    doc.p(
        "{{ case.request.justification.benefit_risk|sentence }}",
        lead="Expected benefit and risk:",
    )
    doc.ctl("{%p if case.request.justification.trials_screened %}")
    doc.p(
        "{% for tr in case.request.justification.trials_screened %}"
        "{{ tr.nct }} (not eligible: {{ tr.reason_not_eligible|clause|inline }})"
        "{% if not loop.last %}; {% endif %}{% endfor %}.",
        lead="Clinical trials considered:",
    )
    doc.ctl("{%p endif %}")


def _item_treatment(doc: Doc) -> None:
    doc.h2(item("treatment"))
    doc.kv(
        [
            ("Investigational drug name", DRUG),
            ("Entity supplying the drug", SUPPLIER),
            # a division the case names that is CDER's is not printed when CBER reviews
            # the product (the route's notice asks the physician to check it)
            (
                "FDA review division (if known)",
                "{% set division = case.request.regulator_division %}"
                "{% if division and not (case.product.review_centre == 'CBER' and 'CDER' in "
                "division) %}{{ division }}{% else %}Not known{% endif %}",
            ),
            ("Dose", "{{ case.treatment_plan.dose }}"),
            ("Route of administration", "{{ case.treatment_plan.route }}"),
            ("Schedule", "{{ case.treatment_plan.schedule }}"),
            ("Planned duration", "{{ case.treatment_plan.planned_duration }}"),
            ("Monitoring", "{{ case.treatment_plan.monitoring }}"),
            ("Modifications for toxicity", "{{ case.treatment_plan.dose_modifications }}"),
        ]
    )


def _item_loa(doc: Doc) -> None:
    # the official item is one box to check; who grants the right of reference to what is
    # the LOA's own content (and the cover letter's), not a box of the form
    doc.h2(item("loa"))
    doc.kv(
        [
            (
                "Letter of Authorization",
                "{{ attachments.letter_of_authorization|check }} I have attached the LOA",
            ),
        ]
    )


def _item_qualification(doc: Doc) -> None:
    # the four elements the official item asks for stay, a line to fill in when the case
    # does not give one (the ledger asks for it)
    doc.h2(item("qualification"))
    doc.kv(
        [
            ("Medical school", _box("case.physician.medical_school")),
            ("Year of graduation", _box("case.physician.graduation_year")),
            ("Specialty", _box("case.physician.specialty")),
            (
                "State medical license number",
                "{% if case.physician.licence %}{{ case.physician.licence.number }} "
                "({{ case.physician.licence.jurisdiction }}){% else %}" + FILL_IN
                + "{% endif %}",
            ),
            (
                "Current employment and job title",
                "{{ case.institution.name }}{% if case.physician.job_title %}; "
                "{{ case.physician.job_title }}{% endif %}",
            ),
            ("Curriculum vitae", "{{ attachments.cv|check }} CV attached"),
        ]
    )


def _item_follow_up(doc: Doc) -> None:
    doc.h2(item("follow_up_contents"))
    doc.ctl("{%p if case.request.submission == 'follow_up' and fu %}")
    doc.table(
        ["Box", "Content of the follow-up submission"],
        [0.55, 6.2],
        [
            "{%tr for k, opt in form.follow_up_options.items() %}",
            [
                "{{ (k in fu.kinds)|check }}",
                "{{ opt.label }}{{ opt.mark }}{% if k == 'other' and k in fu.kinds and "
                "fu.other_description %}: {{ fu.other_description|clause }}{% endif %}",
            ],
            "{%tr endfor %}",
        ],
    )
    doc.ctl("{%p else %}")
    # the form's item 4.a has an initial submission complete other fields: the boxes of
    # item 9 stay unchecked
    doc.p("Not completed for an initial submission (item {{ items.initial.number }}).",
          italic=True)
    doc.ctl("{%p endif %}")


def _item_authorization(doc: Doc) -> None:
    doc.h2(item("authorization"))
    doc.table(
        ["Box", "Request"],
        [0.55, 6.2],
        [
            ["{{ case.request.request_form_waiver|check }}", item("form_waiver")],
            ["{{ case.request.request_alternative_irb_review|check }}", item("alternative_irb")],
        ],
        keep=True,  # with item 11: the signature lines never open a page alone
    )


def _item_certification(doc: Doc) -> None:
    doc.h2(item("certification"))
    doc.p(
        "The certification statements of item {{ items.certification.number }} must be read and "
        "signed on the official Form FDA 3926.",
        italic=True,
        keep=True,
    )
    doc.block(
        [
            "Signature of physician: ________________________________", "",
            "Printed name: " + PHYS, "",
            "Date: ____________________",
        ],
        keep=True,
        before=16,
        after=6,
    )


def _initial_only(key: str, section: Callable[[Doc], None], edition: str
                  ) -> Callable[[Doc], None]:
    """An item only an initial submission completes (08/22 items 5-8, 6/19 items 4-7): a
    follow-up completes fields 9-11 (08/22 item 4.b), so there the item says it is not
    completed. The 6/19 edition keeps the physician's contact as item 8, so its note does
    not name the field range."""
    why = (
        "item {{ items.follow_up.number }}: a follow-up submission completes fields "
        "{{ items.follow_up_contents.number }} through {{ items.certification.number }}"
        if edition == "2022-08"
        else "item {{ items.follow_up.number }}"
    )

    def write(doc: Doc) -> None:
        doc.ctl("{%p if case.request.submission == 'follow_up' %}")
        doc.h2(item(key))
        doc.p(f"Not completed for a follow-up submission ({why}).", italic=True)
        doc.ctl("{%p else %}")
        section(doc)
        doc.ctl("{%p endif %}")

    return write


def form_3926(edition: str) -> Doc:
    doc = Doc("Form FDA 3926 — transcription of the case (" + edition + " edition)")
    for tag in (SET_ITEMS, SET_ADDR, SET_FU, SET_IND, SET_RESPONSES):
        doc.ctl(tag)
    doc.p("{{ form.label }}", bold=True, size=10, after=2)
    doc.h1("{{ form.title }}", align="center")
    doc.p("{{ form.omb }}", align="center", size=10, after=4)
    doc.p(
        "A transcription of the case into the items of the official form; the physician "
        "signs the official form.",
        italic=True,
        size=9.5,
        align="center",
        after=10,
        rule=True,
    )
    sections: dict[str, Callable[[Doc], None]] = {
        "physician": _item_physician,
        "initials": _item_initials,
        "date": _item_date,
        "type": _item_type,
        "clinical": _initial_only(
            "clinical", lambda d: _item_clinical(d, race=edition == "2022-08"), edition
        ),
        "treatment": _initial_only("treatment", _item_treatment, edition),
        "loa": _initial_only("loa", _item_loa, edition),
        "qualification": _initial_only("qualification", _item_qualification, edition),
        "follow_up": _item_follow_up,
        "authorization": _item_authorization,
        "certification": _item_certification,
    }
    order = {
        # 08/22: physician contact first (item 1)
        "2022-08": [
            "physician",
            "initials",
            "date",
            "type",
            "clinical",
            "treatment",
            "loa",
            "qualification",
            "follow_up",
            "authorization",
            "certification",
        ],
        # 6/19: initials first, physician contact item 8
        "2019-06": [
            "initials",
            "date",
            "type",
            "clinical",
            "treatment",
            "loa",
            "qualification",
            "physician",
            "follow_up",
            "authorization",
            "certification",
        ],
    }[edition]
    for key in order:
        sections[key](doc)
    doc.p("{{ form.unverified_note }}", style="Small Text", before=14, rule=False)
    return doc


# --------------------------------------------------------------------------------------
# Supporting documents
# --------------------------------------------------------------------------------------
def _numbered_h2(doc: Doc, title: str) -> None:
    """A section heading numbered in the order the sections print (``sec``, set first):
    a section left out for want of data leaves no gap in the numbers."""
    doc.h2("{% set sec.n = sec.n + 1 %}{{ sec.n }}. " + title)


def clinical_summary() -> Doc:
    doc = Doc("Clinical summary")
    doc.ctl("{%p set sec = namespace(n=0) %}")
    doc.h1("Clinical Summary")
    doc.id_table()

    _numbered_h2(doc, "Patient")
    doc.kv(
        [
            ("Initials", "{{ case.patient.initials }}"),
            "{%tr if case.patient.age is not none %}",
            ("Age", "{{ case.patient.age }} years"),
            "{%tr endif %}",
            ("Sex", "{{ case.patient.sex|label('sex')|capitalize }}"),
            "{%tr if case.patient.weight_kg %}",
            ("Weight", "{{ case.patient.weight_kg }} kg"),
            "{%tr endif %}",
            "{%tr if case.patient.height_cm %}",
            ("Height", "{{ case.patient.height_cm }} cm"),
            "{%tr endif %}",
            "{%tr if case.patient.allergies is not none %}",
            (
                "Allergies and sensitivities",
                # one sentence per allergy: an entry's own ";" does not run into the next
                "{% if case.patient.allergies %}"
                "{{ case.patient.allergies|map('sentence')|join(' ') }}{% else %}None known"
                "{% endif %}",
            ),
            "{%tr endif %}",
        ]
    )

    _numbered_h2(doc, "Diagnosis")
    doc.kv(
        [
            ("Primary cancer", "{{ case.diagnosis.primary_cancer }}"),
            ("ICD-10 code", "{{ case.diagnosis.icd10 }}"),
            "{%tr if case.diagnosis.histology %}",
            ("Histology", "{{ case.diagnosis.histology }}"),
            "{%tr endif %}",
            "{%tr if case.diagnosis.grade %}",
            ("Grade", "{{ case.diagnosis.grade }}"),
            "{%tr endif %}",
            "{%tr if case.diagnosis.stage and (case.diagnosis.stage.t or case.diagnosis.stage.n "
            "or case.diagnosis.stage.m) %}",
            (
                "TNM",
                TNM + "{% if case.diagnosis.stage.ajcc_edition %} (" + AJCC_EDITION
                + "){% endif %}",
            ),
            "{%tr endif %}",
            "{%tr if case.diagnosis.stage and case.diagnosis.stage.overall %}",
            ("Overall stage", "{{ case.diagnosis.stage.overall }}"),
            "{%tr endif %}",
            ("Date of diagnosis", "{{ case.diagnosis.diagnosed_on }}"),
            "{%tr if case.diagnosis.metastatic_sites %}",
            ("Metastatic sites", "{{ case.diagnosis.metastatic_sites|join('; ') }}"),
            "{%tr endif %}",
            "{%tr if case.diagnosis.disease_status %}",
            ("Current disease status", "{{ case.diagnosis.disease_status }}"),
            "{%tr endif %}",
            "{%tr if case.diagnosis.performance_status %}",
            ("Performance status", PERFORMANCE_FDA),
            "{%tr endif %}",
        ]
    )

    doc.ctl("{%p if case.comorbidities or case.current_medications %}")
    _numbered_h2(
        doc,
        "{% if case.comorbidities and case.current_medications %}Comorbidities and current "
        "medications{% elif case.comorbidities %}Comorbidities{% else %}Current medications"
        "{% endif %}",
    )
    doc.ctl("{%p if case.comorbidities %}")
    doc.ctl("{%p if case.current_medications %}")
    doc.label("Comorbidities")
    doc.ctl("{%p endif %}")
    doc.ctl("{%p for c in case.comorbidities %}")
    doc.bullet("{{ c }}")
    doc.ctl("{%p endfor %}")
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.current_medications %}")
    doc.ctl("{%p if case.comorbidities %}")
    doc.label("Current medications")
    doc.ctl("{%p endif %}")
    doc.ctl("{%p for m in case.current_medications %}")
    doc.bullet("{{ m }}")
    doc.ctl("{%p endfor %}")
    doc.ctl("{%p endif %}")
    doc.ctl("{%p endif %}")

    doc.ctl("{%p if case.labs %}")
    _numbered_h2(doc, "Laboratory values")
    doc.table(
        ["Test", "Result", "Unit", "Reference range", "Date"],
        [2.05, 1.2, 1.0, 1.4, 1.1],
        [
            "{%tr for l in case.labs %}",
            [
                "{{ l.name }}",
                "{{ l.value }}",
                "{{ l.unit }}",
                "{{ l.reference_range }}",
                "{{ l.measured_on }}",
            ],
            "{%tr endfor %}",
        ],
    )
    doc.ctl("{%p endif %}")

    # optional facts of a finding (collection date, laboratory, source report) go into the
    # cells of the facts they qualify, so no column stays empty for a case without them
    doc.ctl("{%p if case.pathology %}")
    _numbered_h2(doc, "Pathology")
    doc.table(
        ["Specimen / site", "Reported", "Finding", "Laboratory / source report"],
        [1.6, 0.95, 2.4, 1.8],
        [
            "{%tr for p in case.pathology %}",
            [
                "{{ p.specimen }}{% if p.site %} / {{ p.site }}{% endif %}"
                "{% if p.collected_on %} (collected {{ p.collected_on }}){% endif %}",
                "{{ p.reported_on }}",
                "{{ p.finding }}",
                "{{ [p.laboratory, " + source_of("p") + "]|select|join('; ') }}",
            ],
            "{%tr endfor %}",
        ],
    )
    doc.ctl("{%p endif %}")

    doc.ctl("{%p if case.biomarkers %}")
    _numbered_h2(doc, "Biomarkers")
    doc.table(
        ["Marker", "Result", "Method", "Date", "Specimen / laboratory / source report"],
        [0.9, 2.0, 0.75, 0.9, 2.2],
        [
            "{%tr for b in case.biomarkers %}",
            [
                "{{ b.marker }}",
                "{{ b.result }}",
                "{{ b.method|label('method') }}",
                "{{ b.reported_on }}",
                "{{ [b.specimen, b.laboratory, " + source_of("b") + "]|select|join('; ') }}",
            ],
            "{%tr endfor %}",
        ],
    )
    doc.ctl("{%p endif %}")

    doc.ctl("{%p if case.prior_treatments %}")
    _numbered_h2(doc, "Prior anticancer treatment")
    doc.table(
        [
            "Line",
            "Setting",
            "Regimen / agents",
            "Start – end",
            "Best response, reason stopped, toxicities",
        ],
        [0.45, 0.9, 1.75, 0.95, 2.7],
        [
            "{%tr for t in case.prior_treatments %}",
            [
                "{{ t.line }}",
                # a table cell opens with a capital ("Metastatic")
                "{% if t.setting %}{% set st = t.setting|label('setting') %}"
                "{{ st[:1]|upper }}{{ st[1:] }}{% endif %}",
                REGIMEN_CELL + AGENTS_EXTRA,
                "{{ t.started_on }} – {{ t.ended_on or 'ongoing' }}",
                OUTCOME,
            ],
            "{%tr endfor %}",
        ],
    )
    doc.ctl("{%p endif %}")

    _numbered_h2(doc, "Justification for expanded access")
    doc.ctl("{%p if case.request.justification.clinical_rationale %}")
    doc.label("Clinical rationale")
    doc.p("{{ case.request.justification.clinical_rationale }}")
    doc.ctl("{%p endif %}")
    doc.label("No satisfactory alternative therapy")
    doc.p("{{ case.request.justification.no_satisfactory_alternative }}")
    doc.label("Expected benefit and risk")
    # kept with what follows, down to the signature (never alone on a page)
    doc.p("{{ case.request.justification.benefit_risk }}", keep=True)
    doc.ctl("{%p if case.request.justification.non_interference %}")
    doc.label("No interference with the clinical development of the drug "
              "(21 CFR 312.305(a)(3))")
    doc.p("{{ case.request.justification.non_interference }}", keep=True)
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.request.justification.trials_screened %}")
    doc.label("Clinical trials screened")
    doc.table(
        ["Trial", "Why the patient is not eligible"],
        [3.35, 3.4],
        [
            "{%tr for tr in case.request.justification.trials_screened %}",
            [
                ["{{ tr.nct }}", "{%p if tr.title %}", "{{ tr.title }}", "{%p endif %}"],
                "{{ tr.reason_not_eligible }}",
            ],
            "{%tr endfor %}",
        ],
        keep=True,
    )
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if case.request.trials_screened_note %}")
    doc.p("{{ case.request.trials_screened_note }}", before=6, keep=True)
    doc.ctl("{%p endif %}")

    doc.ctl("{%p if case.request.justification.physician_risk_determination is not none %}")
    _numbered_h2(doc, "Physician's risk determination")
    # the physician's own words beside the yes/no, when the case gives them
    doc.ctl("{%p if case.request.justification.physician_risk_determination and "
            "case.request.justification.risk_determination %}")
    # the determination in the physician's voice, then its basis as the case gives it
    # (not "…: yes." as on a form)
    doc.p(
        "I have determined that the probable risk to the patient from " + DRUG + " is not "
        "greater than the probable risk from the disease (21 CFR 312.310(a)(1)). The basis "
        "for this determination:",
        keep=True,
    )
    doc.p("{{ case.request.justification.risk_determination }}", keep=True)
    doc.ctl("{%p elif case.request.justification.physician_risk_determination %}")
    doc.p(
        "I have determined that the probable risk to the patient from " + DRUG + " is not "
        "greater than the probable risk from the disease (21 CFR 312.310(a)(1)).",
        keep=True,
    )
    doc.ctl("{%p else %}")
    doc.p(
        "The treating physician has not determined that the probable risk to the patient from "
        "the drug is not greater than the probable risk from the disease (21 CFR 312.310(a)(1)).",
        keep=True,
    )
    doc.ctl("{%p endif %}")
    doc.ctl("{%p endif %}")
    doc.dated_signature()
    return doc


def treatment_plan() -> Doc:
    doc = Doc("Treatment plan")
    doc.ctl("{%p set sec = namespace(n=0) %}")
    doc.h1(
        "{% if case.request.submission == 'follow_up' %}Changed Treatment Plan"
        "{% else %}Treatment Plan{% endif %}"
    )
    doc.id_table()
    _numbered_h2(doc, "Investigational drug")
    doc.kv(
        [
            ("Drug name", DRUG),
            ("Manufacturer", "{{ case.product.manufacturer.name }}"),
            "{%tr if case.product.supplier %}",
            ("Supplied by", "{{ case.product.supplier.name }}"),
            "{%tr endif %}",
            "{%tr if case.product.dosage_form %}",
            ("Dosage form", "{{ case.product.dosage_form }}"),
            "{%tr endif %}",
            "{%tr if case.product.strength %}",
            ("Strength", "{{ case.product.strength }}"),
            "{%tr endif %}",
            "{%tr if case.product.reference_application %}",
            ("Reference application", "{{ case.product.reference_application }}"),
            "{%tr endif %}",
        ]
    )
    _numbered_h2(doc, "Administration")
    doc.kv(
        [
            ("Indication", INDICATION),
            ("Dose", "{{ case.treatment_plan.dose }}"),
            ("Route", "{{ case.treatment_plan.route }}"),
            ("Schedule", "{{ case.treatment_plan.schedule }}"),
            ("Planned duration", "{{ case.treatment_plan.planned_duration }}"),
            "{%tr if case.treatment_plan.premedication %}",
            ("Premedication and supportive care", "{{ case.treatment_plan.premedication }}"),
            "{%tr endif %}",
            # the written submission after an emergency authorization: the drug was given
            "{%tr if case.request.submission == 'initial' and case.request.emergency and "
            "case.request.emergency_authorization and "
            "case.request.emergency_authorization.first_dose_on %}",
            ("First dose", "{{ case.request.emergency_authorization.first_dose_on }}"),
            "{%tr elif case.treatment_plan.planned_start_on %}",
            ("Planned start", "{{ case.treatment_plan.planned_start_on }}"),
            "{%tr endif %}",
        ]
    )
    _numbered_h2(doc, "Monitoring")
    doc.p("{{ case.treatment_plan.monitoring }}")
    _numbered_h2(doc, "Dose modifications for toxicity")
    doc.p("{{ case.treatment_plan.dose_modifications }}")
    doc.ctl("{%p if case.treatment_plan.stopping_rules %}")
    _numbered_h2(doc, "Stopping rules")
    doc.p("{{ case.treatment_plan.stopping_rules }}")
    doc.ctl("{%p endif %}")
    # the supply as run-in paragraphs kept with the signature, so the signature block never
    # stands alone on the last page
    _numbered_h2(doc, "Drug supply")
    doc.ctl("{%p if case.treatment_plan.quantity_requested %}")
    doc.p("{{ case.treatment_plan.quantity_requested|sentence }}", lead="Quantity requested:",
          keep=True)
    doc.ctl("{%p endif %}")
    doc.p(
        "{{ (case.product.supplier or case.product.manufacturer).name|sentence }}",
        lead="Entity supplying the drug:",
        keep=True,
    )
    doc.dated_signature()
    return doc


def physician_qualification() -> Doc:
    doc = Doc("Physician's qualification statement")
    doc.ctl(SET_ADDR)
    doc.h1("Physician's Qualification Statement")
    doc.p(
        "Form FDA 3926, item {{ form['items'].qualification.number }}: "
        "{{ form['items'].qualification.label }}{{ form['items'].qualification.mark }}",
        style="Small Text",
        after=8,
    )
    doc.id_table()
    doc.h2("Qualifications")
    doc.kv(
        [
            ("Name and degrees", PHYS),
            "{%tr if case.physician.specialty %}",
            ("Specialty", "{{ case.physician.specialty }}"),
            "{%tr endif %}",
            "{%tr if case.physician.medical_school %}",
            ("Medical school", "{{ case.physician.medical_school }}"),
            "{%tr endif %}",
            "{%tr if case.physician.graduation_year %}",
            ("Year of graduation", "{{ case.physician.graduation_year }}"),
            "{%tr endif %}",
            "{%tr if case.physician.licence %}",
            (
                "State medical license",
                "{{ case.physician.licence.number }} ({{ case.physician.licence.jurisdiction }})",
            ),
            "{%tr endif %}",
            ("Current employment", "{{ case.institution.name }}"),
            "{%tr if case.physician.job_title %}",
            ("Job title", "{{ case.physician.job_title }}"),
            "{%tr endif %}",
            ("Curriculum vitae", "{{ attachments.cv|check }} CV attached"),
        ]
    )
    doc.ctl("{%p if addr or case.physician.email or case.physician.phone or case.physician.fax %}")
    doc.h2("Contact information")
    doc.kv(
        [
            "{%tr if addr %}",
            (
                "Address",
                "{{ addr.line1 }}{% if addr.line2 %}, {{ addr.line2 }}{% endif %}, " + CITY_LINE,
            ),
            "{%tr endif %}",
            "{%tr if case.physician.email %}",
            ("Email", "{{ case.physician.email }}"),
            "{%tr endif %}",
            "{%tr if case.physician.phone %}",
            ("Telephone", "{{ case.physician.phone }}"),
            "{%tr endif %}",
            "{%tr if case.physician.fax %}",
            ("Fax", "{{ case.physician.fax }}"),
            "{%tr endif %}",
        ]
    )
    doc.ctl("{%p endif %}")
    doc.h2("Statement")
    doc.p(
        "I, " + PHYS + ", am a physician licensed to practice medicine"
        "{% if case.physician.licence %} ({{ case.physician.licence.jurisdiction }} license "
        "{{ case.physician.licence.number }}){% endif %}"
        "{% if case.physician.specialty %}, specializing in "
        "{{ case.physician.specialty|clause|inline }}"
        "{% endif %}. As the treating physician and sponsor-investigator of this individual "
        "patient expanded access IND, I will supervise the treatment of patient "
        "{{ case.patient.initials }} with " + DRUG + " at {{ case.institution.name|sentence }}"
        "{% if attachments.cv %} My curriculum vitae is attached.{% endif %}",
        keep=True,
    )
    # the note on the daggered labels before the signature: the signature block ends the
    # document, kept with the text before it
    doc.p("{{ form.unverified_note }}", style="Small Text", before=10, keep=True)
    doc.dated_signature()
    return doc


# --------------------------------------------------------------------------------------
# IRB letters
# --------------------------------------------------------------------------------------
FORM_COPY = "{{ form.label }}: transcription of the case into the items of the form (copy)"

def _irb_enclosures(out: Doc) -> None:
    doc = Lines("Enclosures:")
    doc.ctl("{%p if case.request.request_alternative_irb_review %}")
    doc.numbered("Request for review by the IRB chair or a designated IRB member", keep=True)
    doc.ctl("{%p endif %}")
    doc.numbered(FORM_COPY, keep=True)
    doc.ctl("{%p for a in attachments.letter_of_authorization %}")
    doc.numbered(titled("Letter of Authorization", also=LOA_WORDS), keep=True)
    doc.ctl("{%p endfor %}")
    doc.numbered("Treatment plan", keep=True)
    doc.ctl("{%p for a in attachments.consent_form %}")
    doc.numbered(titled("Informed consent document", also=CONSENT_WORDS), keep=True)
    doc.ctl("{%p endfor %}")
    doc.ctl("{%p for a in attachments.investigator_brochure %}")
    doc.numbered("Investigator's brochure or drug information: {{ a.title }}", keep=True)
    doc.ctl("{%p endfor %}")
    doc.ctl("{%p for a in attachments.regulator_correspondence %}")
    doc.numbered("FDA correspondence: {{ a.title }}" + DATED, keep=True)
    doc.ctl("{%p endfor %}")
    doc.numbered("Clinical summary", keep=True)
    doc.write(out)


def irb_cover_letter() -> Doc:
    doc = Doc("Cover letter to the IRB")
    doc.ctl(SET_ADDR)
    doc.letterhead()
    doc.date_line()
    doc.irb_address()
    doc.subject(
        "Request for IRB review of single-patient expanded access use",
        [
            "Patient's initials: {{ case.patient.initials }}",
            "Investigational drug: " + DRUG + ", {{ case.product.manufacturer.name }}",
            "Treating physician: " + PHYS,
        ],
    )
    doc.p("Dear Chair and Members of the IRB:")
    doc.p(
        "I request the IRB's review of the planned single-patient expanded access use of "
        + DRUG
        + " for my patient, {{ case.patient.initials }}{% if case.patient.age is not none %}, "
        "{{ case.patient.age }} years old{% endif %}, for " + INDICATION_MID + ". In parallel, "
        "I am submitting an individual patient expanded access IND to FDA on Form FDA 3926 "
        "(21 CFR 312.310), a copy of which is enclosed.",
    )
    doc.p(
        "I ask the IRB to review this use under 21 CFR Part 56. Treatment will not begin before "
        "the IRB has approved it{% if case.request.request_alternative_irb_review %} or, as "
        "requested in Form FDA 3926 item {{ form['items'].alternative_irb.number }} and in the "
        "enclosed request, the IRB chair or a designated IRB member has concurred{% endif %}. "
        "Written informed consent will be obtained from the patient, or the patient's legally "
        "authorized representative, under 21 CFR Part 50 before treatment"
        "{% if attachments.consent_form %}, using the enclosed consent document{% endif %}.",
    )
    doc.closing_line(
        "Please contact me{% if case.physician.phone %} at {{ case.physician.phone }}{% endif %}"
        "{% if case.physician.email %}{% if case.physician.phone %} or{% endif %} by email to "
        "{{ case.physician.email }}{% endif %} with any questions.",
        when=REACHABLE,
    )
    doc.signature(keep_last=True)
    _irb_enclosures(doc)
    return doc


def irb_chair_review_request() -> Doc:
    doc = Doc("Request for IRB chair review")
    doc.ctl(SET_ADDR)
    doc.letterhead()
    doc.date_line()
    doc.irb_address()
    doc.subject(
        "Request for review by the IRB chair or a designated IRB member — single-patient "
        "expanded access",
        [
            "Patient's initials: {{ case.patient.initials }}",
            "Investigational drug: " + DRUG + ", {{ case.product.manufacturer.name }}",
            "Form FDA 3926 item {{ form['items'].alternative_irb.number }}: "
            "{{ form['items'].alternative_irb.label }}{{ form['items'].alternative_irb.mark }}",
        ],
    )
    doc.p("Dear IRB Chair:")
    doc.p(
        # the IND first: an indication's own trailing clause ("…progressing after X and Y")
        # would otherwise run into "under an … IND"
        "Under an individual patient expanded access IND (21 CFR 312.310), I plan to treat my "
        "patient, {{ case.patient.initials }}, with "
        + DRUG
        + " for "
        + INDICATION_MID
        + ". "
        "In item {{ form['items'].alternative_irb.number }} of Form FDA 3926 I have asked FDA "
        "for authorization to use alternative IRB review procedures, that is, a waiver under "
        "21 CFR 56.105 of the requirement of 21 CFR 56.108(c) for review at a convened IRB "
        "meeting.",
    )
    doc.p(
        "I therefore ask that you, as chair of the IRB, or an IRB member you designate, review "
        "this single-patient use and, if you agree with it, document your concurrence before "
        "treatment begins. The materials for the review are enclosed.",
    )
    doc.label("Summary of the proposed use")
    doc.kv(
        [
            (
                "Patient",
                "{{ case.patient.initials }}{% if case.patient.age is not none %}, "
                "{{ case.patient.age }} years{% endif %}, {{ case.patient.sex|label('sex') }}",
            ),
            ("Diagnosis", DIAGNOSIS_FDA),
            ("Prior lines of therapy", "{{ case.prior_treatments|length }}"),
            ("Investigational drug", DRUG + ", {{ case.product.manufacturer.name }}"),
            ("Dose", "{{ case.treatment_plan.dose }}"),
            ("Route", "{{ case.treatment_plan.route }}"),
            ("Schedule", "{{ case.treatment_plan.schedule }}"),
            ("Planned duration", "{{ case.treatment_plan.planned_duration }}"),
            (
                "Why no satisfactory alternative",
                "{{ case.request.justification.no_satisfactory_alternative }}",
            ),
        ],
        header=("Item", "Details"),
    )
    doc.p("", after=0)
    doc.closing_line(
        "Written informed consent will be obtained under 21 CFR Part 50 before treatment."
        "{% if " + REACHABLE + " %} Please contact me"
        "{% if case.physician.phone %} at {{ case.physician.phone }}{% endif %}"
        "{% if case.physician.email %}{% if case.physician.phone %} or{% endif %} by email to "
        "{{ case.physician.email }}{% endif %} with any questions.{% endif %}",
    )
    doc.signature()
    # the letter's enclosures follow its signature; the chair's concurrence closes the
    # document, after them
    enc = Lines("Enclosures:")
    enc.numbered(FORM_COPY)
    enc.numbered("Treatment plan")
    enc.ctl("{%p for a in attachments.consent_form %}")
    enc.numbered(titled("Informed consent document", also=CONSENT_WORDS))
    enc.ctl("{%p endfor %}")
    enc.ctl("{%p for a in attachments.investigator_brochure %}")
    enc.numbered("Investigator's brochure or drug information: {{ a.title }}")
    enc.ctl("{%p endfor %}")
    enc.numbered("Clinical summary")
    enc.write(doc, before=10)
    doc.p("Concurrence of the IRB chair or designated IRB member", bold=True, before=16,
          keep=True)
    doc.p(
        "I concur with the single-patient expanded access use described above.",
        keep=True,
        after=18,
    )
    doc.block(
        [
            "Signature: ________________________________     Date: ________________", "",
            "Name and IRB role: ________________________________",
        ],
        after=6,
    )
    return doc


def irb_emergency_notice() -> Doc:
    doc = Doc("Report of emergency use to the IRB")
    doc.ctl(SET_ADDR)
    doc.ctl(SET_EA)
    doc.ctl(SET_IND)
    doc.letterhead()
    doc.date_line()
    doc.irb_address()
    doc.subject(
        "Report of emergency use of an investigational drug (21 CFR 56.104(c))",
        [
            "Patient's initials: {{ case.patient.initials }}",
            "Investigational drug: " + DRUG + ", {{ case.product.manufacturer.name }}",
        ],
    )
    doc.p("Dear Chair and Members of the IRB:")
    doc.p(
        "I am reporting the emergency use of " + DRUG + " for my patient, "
        "{{ case.patient.initials }}"
        "{% if case.patient.age is not none %}, {{ case.patient.age }} years old{% endif %}, for "
        + INDICATION_MID
        + ". Emergency use must be reported to the IRB within 5 working days (21 CFR "
        "56.104(c)). FDA authorized the use under an individual patient expanded "
        "access IND (21 CFR 312.310(d)){% if ea %}; the details are below{% endif %}.",
    )
    doc.ctl("{%p if ea %}")
    doc.kv(
        [
            # the patient's initials, the drug and its manufacturer are in the subject
            # lines above, the treating physician signs the letter: each fact once
            ("Date of FDA authorization", "{{ ea.authorized_on }}"),
            ("Means of authorization", MEANS),
            "{%tr if ea.authorized_by %}",
            ("FDA official", "{{ ea.authorized_by }}"),
            "{%tr endif %}",
            "{%tr if ind %}",
            ("FDA IND number", "{{ ind }}"),
            "{%tr endif %}",
            "{%tr if ea.first_dose_on %}",
            ("Date of first dose", "{{ ea.first_dose_on }}"),
            "{%tr endif %}",
        ],
        header=("Item", "Details"),
    )
    doc.ctl("{%p endif %}")
    doc.p("", after=0)
    doc.p(
        "Under 21 CFR 56.104(c), any subsequent use of " + DRUG + " at "
        "{{ case.institution.name }} is subject to IRB review: I will submit any further use "
        "of the drug to the IRB for review before it begins.",
    )
    doc.closing_line(
        "{% if attachments.consent_form %}The informed consent document used is enclosed. "
        "{% endif %}{% if " + REACHABLE + " %}Please contact me"
        "{% if case.physician.phone %} at {{ case.physician.phone }}"
        "{% endif %}{% if case.physician.email %}{% if case.physician.phone %} or{% endif %} by "
        "email to {{ case.physician.email }}{% endif %} with any questions.{% endif %}",
        when="attachments.consent_form or " + REACHABLE,
    )
    doc.signature(keep_last=True)
    enc = Lines("Enclosures:")
    enc.numbered(FORM_COPY)
    enc.numbered("Treatment plan")
    enc.ctl("{%p for a in attachments.consent_form %}")
    enc.numbered(titled("Informed consent document", also=CONSENT_WORDS))
    enc.ctl("{%p endfor %}")
    enc.ctl("{%p for a in attachments.letter_of_authorization %}")
    enc.numbered(titled("Letter of Authorization", also=LOA_WORDS))
    enc.ctl("{%p endfor %}")
    enc.numbered("Clinical summary")
    enc.write(doc)
    return doc


# --------------------------------------------------------------------------------------
# Manufacturer and follow-up
# --------------------------------------------------------------------------------------
def _manufacturer_address(doc: Doc) -> None:
    """The letterhead, the date and the manufacturer's expanded-access contact: the name,
    then the job title on its own line."""
    doc.ctl(SET_ADDR)
    doc.ctl("{%p set mfr = case.product.manufacturer %}")
    doc.letterhead()
    doc.date_line()
    doc.ctl("{%p if mfr.contact_name %}")
    doc.p("{{ mfr.contact_name }}", after=0)
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if mfr.contact_title %}")
    doc.p("{{ mfr.contact_title }}", after=0)
    doc.ctl("{%p endif %}")
    doc.p("{{ mfr.name }}", after=0)
    doc.ctl("{%p if mfr.address %}")
    doc.p(
        "{{ mfr.address.line1 }}{% if mfr.address.line2 %}, {{ mfr.address.line2 }}{% endif %}",
        after=0,
    )
    doc.p(
        "{{ mfr.address.city }}{% if mfr.address.region %}, {{ mfr.address.region }}{% endif %}"
        "{% if mfr.address.postal_code %} {{ mfr.address.postal_code }}{% endif %}"
        "{% if mfr.address.country and mfr.address.country != 'US' %}, "
        "{{ mfr.address.country }}{% endif %}",
        after=0,
    )
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if mfr.email %}")
    doc.p("{{ mfr.email }}", after=0)
    doc.ctl("{%p endif %}")
    doc.p("", after=6)


#: "Dear Dana Whitcombe:" (the contact's name without the degrees after it)
SALUTATION = (
    "Dear {% if mfr.contact_name %}{{ mfr.contact_name.split(',')[0].strip() }}"
    "{% else %}Expanded Access Team{% endif %}:"
)

#: The supply rows of a letter to the manufacturer, before the "Planned start" row.
SUPPLY_ROWS: list[Row] = [
    "{%tr if case.treatment_plan.quantity_requested %}",
    ("Quantity requested", "{{ case.treatment_plan.quantity_requested }}"),
    "{%tr endif %}",
    ("Dose", "{{ case.treatment_plan.dose }}"),
    ("Route", "{{ case.treatment_plan.route }}"),
    ("Schedule", "{{ case.treatment_plan.schedule }}"),
    ("Planned duration", "{{ case.treatment_plan.planned_duration }}"),
]

#: Where the drug ships: the institution, its pharmacy (with its contact) and the address
#: (the pharmacy's, else the institution's)
SHIP_TO: Row = (
    "Ship to",
    [
        "{%p set pharm = case.institution.pharmacy %}",
        "{%p set ship = (pharm.address if pharm and pharm.address else none) or "
        "case.institution.address %}",
        "{{ case.institution.name }}",
        "{%p if pharm and pharm.name != case.institution.name %}",
        "{{ pharm.name }}",
        "{%p endif %}",
        "{%p if pharm and pharm.contact_name %}",
        "Attn: {{ pharm.contact_name }}{% if pharm.contact_title %}, "
        "{{ pharm.contact_title }}{% endif %}",
        "{%p endif %}",
        "{%p if ship %}",
        "{{ ship.line1 }}{% if ship.line2 %}, {{ ship.line2 }}{% endif %}",
        "{{ ship.city }}{% if ship.region %}, {{ ship.region }}{% endif %}"
        "{% if ship.postal_code %} {{ ship.postal_code }}{% endif %}"
        "{% if ship.country and ship.country != 'US' %}, {{ ship.country }}{% endif %}",
        "{%p endif %}",
        "{%p if pharm and (pharm.phone or pharm.email) %}",
        "{{ [pharm.phone, pharm.email]|select|join(' | ') }}",
        "{%p endif %}",
    ],
)

#: the LOA the case already holds: thanked for, not asked for
LOA_THANKS = (
    "Thank you for the Letter of Authorization"
    "{% for a in attachments.letter_of_authorization %}{% if loop.first and a.dated %} "
    "dated {{ a.dated }}{% endif %}{% endfor %}, granting FDA a right of reference to "
    "{{ case.product.reference_application or 'your IND or Drug Master File for the drug' }}"
    " (21 CFR 312.310(b)(3)); "
)


#: how the letter asks for the LOA (when the case does not hold it) and for questions
ASK_BACK = (
    "{% if attachments.letter_of_authorization %}Please direct any questions"
    "{% else %}Please send the LOA and any questions{% endif %}"
)


def _manufacturer_summary(doc: Doc, closing: str) -> None:
    """The de-identified clinical summary, the closing paragraph and the signature."""
    doc.label("De-identified clinical summary")
    doc.kv(
        [
            (
                "Patient",
                "{{ case.patient.initials }}{% if case.patient.age is not none %}, "
                "{{ case.patient.age }} years{% endif %}, {{ case.patient.sex|label('sex') }}",
            ),
            ("Diagnosis", DIAGNOSIS_FDA),
            "{%tr if case.diagnosis.disease_status %}",
            ("Current disease status", "{{ case.diagnosis.disease_status }}"),
            "{%tr endif %}",
            "{%tr if case.diagnosis.performance_status %}",
            ("Performance status", PERFORMANCE_FDA),
            "{%tr endif %}",
            "{%tr if case.prior_treatments %}",
            (
                "Prior lines of therapy",
                "{% for t in case.prior_treatments %}{{ t.line }}. {{ t.regimen|clause }} "
                "({{ t.setting|label('setting') }}{% if t.best_response %}; best response: "
                "{{ t.best_response|label('response') }}{% endif %})"
                "{% if not loop.last %}; {% endif %}{% endfor %}",
            ),
            "{%tr endif %}",
            (
                "Why no satisfactory alternative",
                "{{ case.request.justification.no_satisfactory_alternative }}",
            ),
        ],
        header=("Item", "Details"),
    )
    doc.p("", after=0)
    doc.closing_line(
        "The enclosed clinical summary and treatment plan give the details. " + closing
        + " to me{% set ways = [('at the address above' if addr else ''), "
        "('by email to ' ~ case.physician.email) if case.physician.email else '', "
        "('by telephone at ' ~ case.physician.phone) if case.physician.phone else '']"
        "|select|list %}{% if ways %} {{ ways[:-1]|join(', ') }}"
        "{% if ways|length > 2 %},{% endif %}{% if ways|length > 1 %} or {% endif %}"
        "{{ ways[-1] }}{% endif %}.",
    )
    doc.signature()


def manufacturer_request() -> Doc:
    doc = Doc("Request to the manufacturer")
    _manufacturer_address(doc)
    doc.subject(
        "Request for " + DRUG + " for single-patient expanded access"
        "{% if not attachments.letter_of_authorization %} and for a Letter of Authorization"
        "{% endif %}",
        ["Patient's initials: {{ case.patient.initials }}", "Treating physician: " + PHYS],
    )
    doc.p(SALUTATION)
    doc.p(
        # the disease the drug is asked for is named in the letter, not only in its summary
        "I am writing to ask {{ mfr.name|clause }} to supply " + DRUG + " for my patient, "
        "{{ case.patient.initials }}, for " + INDICATION_MID + ". I will submit an individual "
        "patient expanded access IND to the U.S. Food and Drug Administration on Form FDA 3926 "
        "(21 CFR 312.310).",
        keep=True,
    )
    doc.kv(
        [
            *SUPPLY_ROWS,
            (
                "Planned start",
                "{{ case.treatment_plan.planned_start_on or 'As soon as FDA authorizes it' }}",
            ),
            SHIP_TO,
        ],
        header=("Supply", "Details"),
    )
    doc.p("", after=0)
    doc.ctl("{%p if attachments.letter_of_authorization %}")
    doc.p(LOA_THANKS + "I will attach it to Form FDA 3926.")
    doc.ctl("{%p else %}")
    doc.p(
        "I also ask for a Letter of Authorization (LOA) granting FDA a right of reference to "
        "{{ case.product.reference_application or 'your IND or Drug Master File for the drug' }}"
        " in support of my application (21 CFR 312.310(b)(3)). Please address the letter to "
        "FDA and send it to me so that I can attach it to Form FDA 3926.",
    )
    doc.ctl("{%p endif %}")
    _manufacturer_summary(doc, ASK_BACK)
    return doc


def manufacturer_request_emergency() -> Doc:
    """The letter to the manufacturer after FDA authorized the emergency use: it says what
    happened (authorization, IND number, first dose) and asks for the supply and the LOA
    the written Form FDA 3926 needs, unless the case already holds the LOA."""
    doc = Doc("Letter to the manufacturer after the emergency authorization")
    doc.ctl(SET_EA)
    doc.ctl(SET_IND)
    _manufacturer_address(doc)
    doc.subject(
        "Emergency use of " + DRUG + " authorized by FDA: supply"
        "{% if not attachments.letter_of_authorization %} and Letter of Authorization"
        "{% endif %}",
        [
            "Patient's initials: {{ case.patient.initials }}",
            "Treating physician: " + PHYS,
            "{%p if ind %}",
            "Physician's IND number: {{ ind }}",
            "{%p endif %}",
        ],
    )
    doc.p(SALUTATION)
    doc.ctl("{%p if ea %}")
    doc.p(
        "On {{ ea.authorized_on }}, the U.S. Food and Drug Administration authorized "
        "{% if ea.means == 'phone' %}by telephone{% elif ea.means == 'email' %}by email"
        "{% else %}by other rapid means{% endif %} the emergency use of " + DRUG + " for my "
        "patient, {{ case.patient.initials }}, under {% if ind %}individual patient expanded "
        "access {{ ind }}{% else %}an individual patient expanded access IND{% endif %} (21 CFR "
        "312.310(d))."
        "{% if ea.first_dose_on %} The first dose was given on {{ ea.first_dose_on }}."
        "{% endif %} As 21 CFR 312.310(d) requires, I am submitting the written Form FDA 3926 "
        "to FDA within 15 working days of the authorization.",
    )
    doc.ctl("{%p endif %}")
    doc.p(
        "{% if ea and ea.first_dose_on %}I ask {{ mfr.name }} to continue supplying " + DRUG
        + " for this patient's treatment:{% else %}I ask {{ mfr.name }} to supply " + DRUG
        + " for this emergency use:{% endif %}",
        keep=True,
    )
    doc.kv(
        [
            *SUPPLY_ROWS,
            # a first dose already given is in the letter's opening paragraph
            "{%tr if not (ea and ea.first_dose_on) %}",
            (
                "Planned start",
                "{{ case.treatment_plan.planned_start_on or 'As soon as the drug arrives' }}",
            ),
            "{%tr endif %}",
            SHIP_TO,
        ],
        header=("Supply", "Details"),
    )
    doc.p("", after=0)
    doc.ctl("{%p if attachments.letter_of_authorization %}")
    doc.p(LOA_THANKS + "I am attaching it to the written Form FDA 3926.")
    doc.ctl("{%p else %}")
    doc.p(
        "I also ask for a Letter of Authorization (LOA) granting FDA a right of reference to "
        "{{ case.product.reference_application or 'your IND or Drug Master File for the drug' }}"
        " (21 CFR 312.310(b)(3)). Please address the letter to FDA and send it to me so that I "
        "can attach it to the written Form FDA 3926.",
    )
    doc.ctl("{%p endif %}")
    _manufacturer_summary(doc, ASK_BACK)
    return doc


def follow_up_report() -> Doc:
    doc = Doc("Follow-up report")
    doc.ctl(SET_FU)
    doc.ctl(SET_IND)
    doc.h1("Follow-Up Report")
    doc.id_table()
    doc.ctl("{%p if ind %}")
    doc.p("Physician's IND number: {{ ind }}", after=8)
    doc.ctl("{%p endif %}")
    doc.h2("1. Contents of this follow-up submission")
    doc.ctl("{%p if fu %}")
    doc.p("Form FDA 3926 item {{ form['items'].follow_up_contents.number }}:", after=2, keep=True)
    doc.ctl("{%p for k in fu.kinds %}")
    doc.bullet(
        "{{ form.follow_up_options[k].label }}{{ form.follow_up_options[k].mark }}"
        "{% if k == 'other' and fu.other_description %}: "
        "{{ fu.other_description|clause }}{% endif %}",
        keep=True,
    )
    doc.ctl("{%p endfor %}")
    doc.ctl("{%p if fu.safety_event %}")
    doc.h2("2. Suspected adverse reaction")
    doc.kv(
        [
            ("Description", "{{ fu.safety_event.description }}"),
            ("Date the physician became aware", "{{ fu.safety_event.aware_on }}"),
            ("Serious", "{{ fu.safety_event.serious }}"),
            ("Unexpected", "{{ fu.safety_event.unexpected }}"),
            ("Fatal or life-threatening", "{{ fu.safety_event.fatal_or_life_threatening }}"),
        ]
    )
    doc.ctl("{%p for a in attachments.safety_report %}")
    doc.p("Attached report: {{ a.title }}" + DATED, before=4, keep=True)
    doc.ctl("{%p endfor %}")
    doc.ctl("{%p endif %}")
    # the last paragraph before the signature is kept with it (never alone on a page)
    doc.ctl("{%p if fu.summary or fu.treatment_completed_on or fu.ind_effective_on %}")
    doc.h2("{% if fu.safety_event %}3{% else %}2{% endif %}. Summary")
    doc.ctl("{%p if fu.summary %}")
    doc.p("{{ fu.summary }}", keep=True)
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if fu.treatment_completed_on %}")
    doc.p("Treatment completed on: {{ fu.treatment_completed_on }}", keep=True)
    doc.ctl("{%p endif %}")
    doc.ctl("{%p if fu.ind_effective_on %}")
    doc.p("IND in effect since: {{ fu.ind_effective_on }}", keep=True)
    doc.ctl("{%p endif %}")
    doc.ctl("{%p endif %}")
    doc.ctl("{%p else %}")
    doc.p("Not applicable: this case is not a follow-up submission.", italic=True, keep=True)
    doc.ctl("{%p endif %}")
    # the note on the daggered labels before the signature (the signature block ends the
    # document, kept with the text before it), only when a listed box carries the dagger
    doc.ctl(
        "{%p set marked = form.follow_up_options.items()|selectattr('1.mark')"
        "|map(attribute='0')|list %}"
    )
    doc.ctl("{%p if fu and fu.kinds|select('in', marked)|list %}")
    doc.p("{{ form.unverified_note }}", style="Small Text", before=10, keep=True)
    doc.ctl("{%p endif %}")
    doc.dated_signature()
    return doc


TEMPLATES: dict[str, Callable[[], Doc]] = {
    "cover-letter-initial.docx": cover_letter_initial,
    "cover-letter-emergency.docx": cover_letter_emergency,
    "cover-letter-follow-up.docx": cover_letter_follow_up,
    "form-fda-3926-2022-08.docx": lambda: form_3926("2022-08"),
    "form-fda-3926-2019-06.docx": lambda: form_3926("2019-06"),
    "clinical-summary.docx": clinical_summary,
    "treatment-plan.docx": treatment_plan,
    "physician-qualification.docx": physician_qualification,
    "irb-cover-letter.docx": irb_cover_letter,
    "irb-chair-review-request.docx": irb_chair_review_request,
    "irb-emergency-notice.docx": irb_emergency_notice,
    "manufacturer-request.docx": manufacturer_request,
    "manufacturer-request-emergency.docx": manufacturer_request_emergency,
    "follow-up-report.docx": follow_up_report,
}


def run(templates: dict[str, Callable[[], Doc]], out_dir: Path, description: str,
        argv: Sequence[str] | None = None) -> int:
    """The command line of every template generator: write ``templates`` into a folder."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", type=Path, default=out_dir, help="output folder")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, build in templates.items():
        build().save(args.out / name)
        print(f"wrote {args.out / name}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return run(TEMPLATES, OUT_DIR, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    raise SystemExit(main())
