"""A small builder over python-docx for a BRAND-NEW Word template (one that does not exist yet).

The DOCX files under ``templates/`` are the only truth of the templates' wording: a
regulatory-affairs person edits them in Word, and ``accesspack templates check`` and the
prose lint (``python -m tests.prose_lint``) guard them. The scripts that wrote their first
versions are gone (they are in the project's history); this builder is what is left of
them, for starting a template that does not exist yet. :meth:`Doc.save` refuses to write
over an existing file.

    python scripts/template_builder.py templates/xx/new-letter.docx --title "Letter"
    python scripts/template_builder.py templates/xx/new-letter.docx --title "Lettre" --a4

writes a starter (a heading, an addressee, a paragraph and a signature block) to edit in
Word. In Python, ``Doc`` (US Letter) and ``A4Doc`` (A4, 2 cm margins) give headings,
paragraphs, tables with repeated header rows, docxtpl control paragraphs and rows, and
``keep_last`` (a signature block never opens a page alone).

How a template must be written (so it survives docxtpl and Word):

- Every Jinja tag sits in ONE run: each paragraph's text is written with a single
  ``add_run``. Word may split runs when the text is edited; retype a broken tag whole.
- ``{%p ... %}`` paragraphs show or hide whole paragraphs (and the tables between them),
  ``{%tr ... %}`` rows repeat or hide table rows; both vanish from the rendered document.
  Inside those two tags write no ``{``, ``}`` or ``%`` (docxtpl's pattern stops there).
- Templates only present the case: loops, show/hide and formatting. Regulatory decisions
  (which documents a packet holds, deadlines, eligibility) live in the route files.
- Case text set inside a sentence goes through the filters ``clause``, ``sentence`` and
  ``inline``; coded values through ``label(domain)``; what the case does not give is left
  out, never replaced by a filler.

Page (``Doc``): US Letter; margins left 1.0 in, right 0.75 in, top 0.75 in, bottom 1.0
in; no headers, footers or page numbers (the collator stamps the packet). Times New Roman
12 pt for narrative and 10 pt in tables. The output is byte-for-byte reproducible.
"""

from __future__ import annotations

import argparse
import io
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Inches, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from accesspack.render.fixedzip import deflate, fixed_zip

FONT = "Times New Roman"
BLACK = RGBColor(0, 0, 0)
TEXT_WIDTH = 6.75  # inches: 8.5 - 1.0 - 0.75
FIXED_TIME = datetime(2025, 1, 1, 0, 0, 0)
HEADER_FILL = "D9D9D9"
A4_TEXT_WIDTH = (21.0 - 2 * 2.0) / 2.54  # inches: A4 width less two 2 cm margins

# Jinja snippets the builder's letterhead and signature blocks print
PHYS = (
    "{{ case.physician.name }}"
    "{% if case.physician.degrees %}, {{ case.physician.degrees }}{% endif %}"
)
DRUG = "{{ case.product.name }}{% if case.product.code %} ({{ case.product.code }}){% endif %}"
SET_MAIL = (
    "{%p set mail = regulator.contacts.cber_mail if case.product.review_centre == 'CBER' "
    "else regulator.contacts.cder_mail %}"
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

Cell = str | Sequence[str]  # one paragraph, or several
Row = Sequence[Cell] | str  # a plain str is a docxtpl control row ("{%tr ... %}")


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
    """One template under construction (US Letter)."""

    text_width = TEXT_WIDTH  # inches between the margins: tables fill it exactly

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
        assert abs(sum(widths) - self.text_width) < 0.01, (header, sum(widths))
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

    def keep_last(self, count: int = 1) -> None:
        """Keep the last ``count`` paragraphs written so far (control tags apart; a table's
        last row) with what follows: a signature block never opens a page alone."""
        for el in reversed(list(self.d.element.body)):
            if count <= 0:
                return
            if el.tag == qn("w:tbl"):
                pars = list(el.findall(qn("w:tr"))[-1].iter(qn("w:p")))
            elif el.tag == qn("w:p"):
                text = "".join(t.text or "" for t in el.iter(qn("w:t")))
                if text.startswith("{%p "):
                    continue
                pars = [el]
            else:
                continue
            for par in pars:
                Paragraph(par, None).paragraph_format.keep_with_next = True
            count -= 1

    # -- output --------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write the template to ``path``, which must not exist: the DOCX files are the
        templates' only truth, and an edit made in Word must never be overwritten."""
        if path.exists():
            raise FileExistsError(
                f"{path} exists; this builder only starts new templates: edit that one in "
                "Word (see docs/guides/edit-a-template-in-word.md)")
        buf = io.BytesIO()
        self.d.save(buf)
        with path.open("xb") as fh:  # "x": refuse, even if it appeared meanwhile
            fh.write(_fixed_zip(buf.getvalue()))


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
    """Rewrite the DOCX zip with fixed entry dates, so regenerating gives the same bytes
    (the zip a build writes: :func:`accesspack.render.fixedzip.fixed_zip`)."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        return fixed_zip((deflate(info.filename, src.read(info.filename))
                          for info in src.infolist()), FIXED_TIME.date())


class A4Doc(Doc):
    """An A4 template with 2 cm margins (the regulators outside the US)."""

    text_width = A4_TEXT_WIDTH

    def _page(self) -> None:
        sec = self.d.sections[0]
        sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
        sec.left_margin = sec.right_margin = Cm(2.0)
        sec.top_margin = sec.bottom_margin = Cm(2.0)
        sec.header_distance = sec.footer_distance = Cm(1.0)


def widths(*parts: float, total: float = A4_TEXT_WIDTH) -> list[float]:
    """Column widths in inches, proportional to ``parts``, filling ``total`` (the A4 text
    width by default)."""
    whole = sum(parts)
    out = [round(total * p / whole, 3) for p in parts]
    out[-1] = round(total - sum(out[:-1]), 4)
    return out


def starter(title: str, *, a4: bool = False) -> Doc:
    """A new template to finish in Word: a heading, an addressee, one paragraph, a
    signature block."""
    doc = (A4Doc if a4 else Doc)(title)
    doc.h1(title)
    doc.p("{{ prepared_on }}", after=12)
    doc.p("{{ case.product.name }}: {{ case.request.indication|clause }}.", after=12)
    doc.keep_last()
    doc.p("{{ case.physician.name }}", after=0)
    doc.p("{{ case.institution.name }}", after=0)
    return doc


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("path", type=Path, help="the new template's .docx path (must not exist)")
    parser.add_argument("--title", required=True, help="the document's title")
    parser.add_argument("--a4", action="store_true",
                        help="A4 with 2 cm margins (default: US Letter)")
    args = parser.parse_args(argv)
    try:
        starter(args.title, a4=args.a4).save(args.path)
    except FileExistsError as exc:
        parser.exit(2, f"{exc}\n")
    print(f"wrote {args.path}; finish it in Word, then run accesspack templates check")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
