"""What the A4 template generators (EU and India) share: the page and column widths.

The regulators outside the US print on A4 with 2 cm margins; the builder in
make_fda_templates.py is for US Letter, so this sets its width check to A4 on import.
"""

from __future__ import annotations

import make_fda_templates as base
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph

A4_TEXT_WIDTH = (21.0 - 2 * 2.0) / 2.54  # inches: A4 width less two 2 cm margins
base.TEXT_WIDTH = A4_TEXT_WIDTH  # the builder's tables check their widths against this


def widths(*parts: float) -> list[float]:
    """Column widths in inches, proportional to ``parts``, filling the A4 text width."""
    total = sum(parts)
    out = [round(A4_TEXT_WIDTH * p / total, 3) for p in parts]
    out[-1] = round(A4_TEXT_WIDTH - sum(out[:-1]), 4)
    return out


class A4Doc(base.Doc):
    """An A4 template with 2 cm margins."""

    def _page(self) -> None:
        sec = self.d.sections[0]
        sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
        sec.left_margin = sec.right_margin = Cm(2.0)
        sec.top_margin = sec.bottom_margin = Cm(2.0)
        sec.header_distance = sec.footer_distance = Cm(1.0)

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
