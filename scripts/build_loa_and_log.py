"""First versions of two FDA templates (issue 20): the draft Letter of Authorization the
manufacturer request encloses, and the drug accountability log kept on file.

    python scripts/build_loa_and_log.py

writes ``templates/fda/loa-draft.docx`` and ``templates/fda/accountability-log.docx`` and
refuses to write over either (:meth:`template_builder.Doc.save`): once written, the DOCX
files are the truth; edit them in Word.

- The LOA draft follows FDA's "Example of Wording for Letter of Authorization (LOA) For
  Individual Patient Expanded Access IND" paragraph by paragraph, filled from the case
  (company, drug, the company's IND/NDA/DMF, the physician sponsor, the physician's IND
  described without the patient); the company's letterhead, the date and the signatory's
  name, title and contacts are labelled blanks in square brackets.
- The accountability log is a landscape table with empty rows to print: receipt, use by
  the patient, unused supply returned or destroyed, and the balance, each column tied to
  the words of 21 CFR 312.62(a) and 312.59.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

sys.path.insert(0, str(Path(__file__).resolve().parent))
from template_builder import (
    DRUG,
    HEADER_FILL,
    PHYS,
    Doc,
    _cell,
    _indent,
    _repeat_header,
    _row_flags,
    _shade,
)

ROOT = Path(__file__).resolve().parents[1]
FDA = ROOT / "templates" / "fda"

#: The physician's own IND: the number FDA issued, or the one it gave an emergency use.
SET_IND = (
    "{%p set ind = case.request.physician_ind_number or (case.request.emergency_authorization"
    ".ind_number if case.request.emergency_authorization else none) %}"
)
#: "IND 170001" whether the case wrote "IND 170001" or "170001".
IND_TEXT = "{{ ind if ind.upper().startswith('IND') else 'IND ' ~ ind }}"
#: The physician's name and degrees inside a sentence: a comma closes the degrees.
PHYS_IN = PHYS + "{% if case.physician.degrees %},{% endif %}"
#: The company's application (IND, NDA or DMF) as the case gives it, else a labelled blank.
REF = "{{ case.product.reference_application or '[IND, NDA or DMF number]' }}"


def loa_draft() -> Doc:
    doc = Doc("Draft Letter of Authorization (for the manufacturer)")
    doc.ctl("{%p set mfr = case.product.manufacturer %}")
    doc.ctl("{%p set ea = case.request.emergency_authorization %}")
    doc.ctl(SET_IND)
    # the draft notice: what this is and what the company does with it
    doc.p(
        "DRAFT for {{ mfr.name }} to put on its letterhead, complete and sign",
        bold=True, size=13, align="center", after=4,
    )
    doc.p(
        PHYS + " prepared this draft on {{ prepared_on }} in the wording of FDA's example "
        "letter of authorization for an individual patient expanded access IND. It becomes "
        "a letter of authorization only when {{ mfr.name }} puts it on its letterhead, fills "
        "in the fields in square brackets and signs it. Please send the signed letter to "
        + PHYS + ", who attaches it to Form FDA 3926 (21 CFR 312.310(b)(3)). Wording: FDA, "
        "“Example of Wording for Letter of Authorization (LOA) For Individual Patient "
        "Expanded Access IND” (fda.gov, Expanded Access).",
        size=9, after=10, rule=True,
    )
    # FDA's example, paragraph by paragraph
    doc.p("[Company letterhead: company name, address and telephone number]", after=12)
    doc.p("[Date]", after=12)
    doc.fda_address()
    doc.p(
        "Re: Letter of Authorization to Cross Reference to " + REF
        + " ({{ case.product.name }}{% if case.product.code %}, {{ case.product.code }}"
        "{% endif %})",
        bold=True, after=12,
    )
    doc.p("Dear Sir or Madam:")
    doc.p(
        "This letter of authorization (LOA) authorizes " + PHYS_IN + " to reference and rely "
        "on {{ mfr.name }} " + REF + " in connection with the individual patient expanded "
        "access IND{% if ind %} (" + IND_TEXT + "){% endif %} of " + PHYS + ", submitted to "
        "FDA on Form FDA 3926 for the treatment of one patient with " + DRUG + " for "
        "{{ (case.request.indication or case.diagnosis.primary_cancer)|clause|inline }}"
        "{% if ea %} (emergency use authorized by FDA on {{ ea.authorized_on }}){% endif %}."
    )
    doc.p(
        "FDA is authorized to refer to {{ mfr.name }} " + REF + " for the purpose of "
        "FDA's review of the IND submitted by " + PHYS_IN + " and described above."
    )
    doc.p(
        "As indicated by my signature below, I am authorized to provide this LOA on behalf "
        "of {{ mfr.name }}, and my full name, title, address, email address, telephone "
        "number, and facsimile number are set out below for verification."
    )
    doc.p("If you have any questions, please contact me at [telephone number].", keep=True)
    doc.block(
        [
            "Sincerely,", "", "",
            "[Signature of the responsible official]",
            "[Full name of the responsible official]",
            "[Title]",
            "[Address]",
            "[Telephone number]   [Fax number]   [Email address]",
        ],
        before=6, after=0,
    )
    return doc


class LandscapeDoc(Doc):
    """A US Letter template turned landscape (a wide table to print)."""

    text_width = 11.0 - 1.0 - 0.75

    def _page(self) -> None:
        super()._page()
        sec = self.d.sections[0]
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Inches(11), Inches(8.5)


#: The log's columns: (group, heading, width in inches); the groups are the header's
#: first row, each with the words of the regulation it records.
GROUPS = [
    ("Receipt of the drug: dates and quantity (21 CFR 312.62(a))", [
        ("Date received", 0.7), ("Quantity received", 0.75), ("Lot number", 0.75),
        ("Expiry date", 0.65), ("Received by", 0.75)]),
    ("Use by the patient (21 CFR 312.62(a))", [
        ("Date dispensed or given", 0.75), ("Dose or quantity", 0.8),
        ("Dispensed or given by", 0.75)]),
    ("Unused supply returned or otherwise disposed of (21 CFR 312.62(a), 312.59)", [
        ("Date", 0.65), ("Quantity", 0.65), ("Returned to the supplier, or destroyed as "
                                             "authorized", 0.9), ("By", 0.45)]),
    ("Balance", [("Quantity on hand", 0.7)]),
]
ROWS = 30
ROW_HEIGHT = 0.3  # inches: room to write by hand


def _row_height(row: object, inches: float) -> None:
    trpr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), str(round(inches * 1440)))
    height.set(qn("w:hRule"), "atLeast")
    trpr.append(height)


def accountability_log() -> Doc:
    doc = LandscapeDoc("Drug accountability log")
    doc.ctl(SET_IND)
    doc.ctl("{%p set supplier = case.product.supplier or case.product.manufacturer %}")
    doc.p("Investigational drug accountability log", style="Heading 1", after=2)
    doc.p(
        "Kept on file by the physician (sponsor-investigator) or the institution's "
        "pharmacy; not sent to FDA. Records of the disposition of the drug: 21 CFR "
        "312.62(a).",
        size=10, after=6,
    )
    widths = (1.9, 2.75, 1.9, 2.7)
    doc.table(
        ["Field", "Entry", "Field", "Entry"], widths,
        [
            ["Drug", DRUG + "{% if case.product.dosage_form %}, {{ case.product.dosage_form|"
             "clause|inline }}{% endif %}{% if case.product.strength %}, {{ case.product."
             "strength }}{% endif %}",
             "Physician (sponsor-investigator)", PHYS + ", {{ case.institution.name }}"],
            ["Supplier", "{{ supplier.name }}",
             "Physician's IND number",
             "{% if ind %}" + IND_TEXT + "{% else %}Not yet issued: ____________{% endif %}"],
            ["Patient", "{{ case.patient.initials }} (case {{ case.case_id }})",
             "Log opened", "____________"],
        ],
        bold_first=False,
    )
    # the field names of a four-column key/value table in bold
    tbl = doc.d.tables[-1]
    for row in tbl.rows[1:]:
        for i in (0, 2):
            for run in row.cells[i].paragraphs[0].runs:
                run.bold = True
    doc.p(
        "21 CFR 312.62(a) asks for “adequate records of the disposition of the drug, "
        "including dates, quantity, and use by subjects”; when the use ends, the unused "
        "supplies are returned to the sponsor or otherwise disposed of under 21 CFR 312.59, "
        "which lets the sponsor authorize another disposition that does not expose humans "
        "to risks from the drug. Lot number, expiry date and the names of who received, "
        "gave or disposed of the drug are not named in the regulation: they identify each "
        "supply and who handled it. Keep this log for 2 years after a marketing application "
        "for this indication is approved or, if none is filed or approved, until 2 years "
        "after the use is discontinued and FDA is notified (21 CFR 312.62(c)).",
        size=9, before=6, after=6,
    )
    _log_table(doc)
    doc.p(
        "Reviewed by the physician: signature ______________________________   "
        "date ______________",
        size=10, before=12, after=0,
    )
    return doc


def _log_table(doc: Doc) -> None:
    columns = [c for _, cols in GROUPS for c in cols]
    widths = [w for _, w in columns]
    assert abs(sum(widths) - doc.text_width) < 0.01, sum(widths)
    tbl = doc.d.add_table(rows=0, cols=len(columns))
    tbl.style = doc.d.styles["Table Grid"]
    tbl.alignment = WD_TABLE_ALIGNMENT.LEFT
    tbl.autofit = False
    _indent(tbl, 108)
    for col, width in zip(tbl.columns, widths, strict=True):
        col.width = Inches(width)
    groups = tbl.add_row()
    _repeat_header(groups)
    start = 0
    for title, cols in GROUPS:
        first = groups.cells[start]
        if len(cols) > 1:
            first = first.merge(groups.cells[start + len(cols) - 1])
        _cell(first, title, sum(w for _, w in cols), bold=True)
        _shade(first, HEADER_FILL)
        start += len(cols)
    heads = tbl.add_row()
    _repeat_header(heads)
    for cell, (text, width) in zip(heads.cells, columns, strict=True):
        _cell(cell, text, width, bold=True)
        _shade(cell, HEADER_FILL)
    for row in (groups, heads):
        for cell in row.cells:
            for par in cell.paragraphs:
                par.paragraph_format.keep_with_next = True
                for run in par.runs:
                    run.font.size = Pt(8)
    for _ in range(ROWS):
        row = tbl.add_row()
        _row_flags(row, "w:cantSplit")
        _row_height(row, ROW_HEIGHT)
        for cell, width in zip(row.cells, widths, strict=True):
            _cell(cell, "", width)


def main() -> None:
    loa_draft().save(FDA / "loa-draft.docx")
    accountability_log().save(FDA / "accountability-log.docx")


if __name__ == "__main__":
    main()
