#!/usr/bin/env python3
"""Write the SYNTHETIC clinical uploads used by the example cases.

Usage::

    python examples/uploads/make_uploads.py [OUT_DIR]

OUT_DIR defaults to this script's folder. The output is deterministic: fixed text, no clock,
no randomness (reportlab ``invariant=1``; "scan" noise comes from a fixed SHAKE-256 stream;
DOCX zip entries carry a fixed timestamp), so running it twice with the same library versions
gives byte-identical files. ``tests/examples/test_valid.py`` checks that.

Every page says "SYNTHETIC — for software testing only" (the Chinese documents add
"合成数据，仅供软件测试"). All people, institutions, companies, the drug zoferatinib
(ZX-2041), its brand name Zephyrix, IND, NDA, NCT and CTR numbers, approvals,
licence/CLIA/IRB/ethics numbers and results are invented. Patient identifiers are shown as
redaction bars (no hidden text under them): these documents are de-identified apart from age
and sex, as supporting documents sent to FDA are; the Chinese expanded-trial letters name the
patient by initials only.

Which example patient each file describes (the files are shared between the examples):

- patient of ``examples/fda-single-patient`` (65-year-old woman, RUL primary): pathology,
  NGS, CT (JPEG), PET-CT (TIFF), lab results (PNG), discharge summary (DOCX), IRB approval;
- patient of ``examples/fda-follow-up``: the suspected adverse reaction report;
- not patient-specific: letter of authorization, physician CV, consent form (blank template).

The China examples (``examples/nmpa-*``) add documents in Simplified Chinese, on A4, drawn in
WenQuanYi Micro Hei (embedded; no character may lack a glyph, the script checks it):

- ``ngs-report-zh.pdf``: the Chinese translation of ``ngs-report.pdf`` (same results, page for
  page; a translator's statement), attached by all four China examples;
- ``sponsor-agreement-zh.pdf`` (申办者同意函) and ``ethics-approval-zh.pdf`` (伦理委员会审查批件):
  the expanded use of zoferatinib for patient LXM at 华东滨江肿瘤医院 within trial CTR20251234,
  for ``examples/nmpa-expanded-trial``;
- ``consent-form-zh.pdf``: a blank consent template (the physician ticks the access route),
  for ``nmpa-expanded-trial``, ``nmpa-hainan-boao`` and ``nmpa-gba``;
- ``institution-licence-zh.pdf``: a generic copy of a 医疗机构执业许可证 (示例医疗机构, matching
  no example), and ``supply-letter-zh.pdf``: the Hong Kong affiliate's letter of supply, for
  ``nmpa-hainan-boao``, ``nmpa-gba`` and ``nmpa-temporary-import``;
- ``us-approval.pdf`` (English FDA approval letter, 14 April 2026) and its translation
  ``us-approval-zh.pdf``, for ``nmpa-hainan-boao`` and ``nmpa-temporary-import``
  (``us-approval.pdf`` also for ``cdsco-hospital-import`` and ``cdsco-personal-import``);
- ``hk-registration.pdf`` (English Hong Kong certificate of drug registration), for
  ``nmpa-gba``.

The India examples (``examples/cdsco-*``: patient AKR, a man born in 1964 with an EGFR exon 20
insertion p.(Asp770_Asn771insGly)) have their own English documents on A4:

- ``ngs-report-in.pdf``: his NGS report from the Department of Pathology of the Karnataka State
  Institute of Oncology (``cdsco-hospital-import``, ``cdsco-not-approved``), and
  ``ngs-report-in-lakeview.pdf``: the same result from Lakeview Cancer Hospital, the laboratory
  ``cdsco-personal-import`` names;
- ``iec-approval-in.pdf``: the Institute's Institutional Ethics Committee (ECR/0000/Inst/KA/2013)
  approves his treatment with imported zoferatinib and the consent form, 18/11/2026;
- ``consent-form-in.pdf``: that consent form, version 1.0, as signed on 19/11/2026.

Needs reportlab, Pillow and python-docx (all accesspack dependencies), and the fonts
Liberation Sans/Serif (fonts-liberation2) and WenQuanYi Micro Hei (fonts-wqy-microhei), which
fontconfig (``fc-match``) finds; ``scripts/setup-system.sh`` installs them.
"""

from __future__ import annotations

import functools
import hashlib
import html
import io
import re
import sys
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import docx
import reportlab
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps
from reportlab.lib import colors
from reportlab.lib import textsplit as _rl_textsplit
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import paragraph as _rl_paragraph

BANNER = "SYNTHETIC — for software testing only"
FICTION = "All names, numbers and results are fictional."
BANNER_ZH = "SYNTHETIC — for software testing only / 合成数据，仅供软件测试"
FICTION_ZH = "所有姓名、编号和结果均为虚构"

# The fictional cast (shared with the example case files).
PHYSICIAN = "Tobias Renner-Albright, MD, PhD"
CENTER = "Bramblewood University Cancer Center"
MEDCENTER = "Bramblewood University Medical Center"
CENTER_ADDR = "4100 Larkspur Avenue, Lakemont, OH 43299"
COMPANY = "Meridian Oncology Therapeutics, Inc."
DRUG = "zoferatinib (ZX-2041)"
SPONSOR_IND = "IND 161234"

# ---------------------------------------------------------------------------------------------
# PDF (reportlab platypus)
# ---------------------------------------------------------------------------------------------

PAGE_W, PAGE_H = letter
CJK = "WenQuanYiMicroHei"  # registered name of the Chinese font


@functools.cache
def cjk_font_file() -> Path:
    """WenQuanYi Micro Hei, as fontconfig finds it (a .ttc: face 0 is the proportional one)."""
    from accesspack.pdf.fonts import find_font

    return find_font("WenQuanYi Micro Hei")


def _register_fonts() -> None:
    """Embed TrueType fonts (Liberation, metric-compatible with Helvetica and Times, and
    WenQuanYi Micro Hei for Chinese), as a real report exported to PDF would; the standard-14
    fonts are never embedded. fontconfig finds the files (``fc-match``)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from accesspack.pdf.fonts import find_font

    for family, name in (("Liberation Sans", "LiberationSans"),
                         ("Liberation Serif", "LiberationSerif")):
        regular, bold = f"{name}", f"{name}-Bold"
        pdfmetrics.registerFont(TTFont(regular, str(find_font(family, "Regular"))))
        pdfmetrics.registerFont(TTFont(bold, str(find_font(family, "Bold"))))
        addMapping(regular, 0, 0, regular)
        addMapping(regular, 1, 0, bold)
        addMapping(regular, 0, 1, regular)
        addMapping(regular, 1, 1, bold)
    # Chinese: WenQuanYi Micro Hei, face 0 of a TrueType collection (reportlab embeds only
    # TrueType outlines, not the CFF of Noto CJK); it has no bold face, so bold maps to it too
    pdfmetrics.registerFont(TTFont(CJK, str(cjk_font_file()), subfontIndex=0))
    for weight in (0, 1):
        for italic in (0, 1):
            addMapping(CJK, weight, italic, CJK)
    # table cells holding plain strings default to the (never embedded) Helvetica
    from reportlab.platypus.tables import CellStyle

    CellStyle.fontname = "LiberationSans"


_register_fonts()
RED = colors.HexColor("#B00020")
GREY = colors.HexColor("#555555")
RULE = colors.HexColor("#9AA5B1")
SHADE = colors.HexColor("#E8EDF2")


def _style(name: str, **kw: object) -> ParagraphStyle:
    base: dict[str, object] = {
        "fontName": "LiberationSans", "bulletFontName": "LiberationSans",
        "fontSize": 9.5, "leading": 12.2,
    }
    base.update(kw)
    return ParagraphStyle(name, **base)  # type: ignore[arg-type]


S = {
    "body": _style("body", spaceAfter=4),
    "small": _style("small", fontSize=8, leading=10, textColor=GREY),
    "cell": _style("cell", fontSize=8.5, leading=10.4),
    "cellb": _style("cellb", fontName="LiberationSans-Bold", fontSize=8.5, leading=10.4),
    "h1": _style("h1", fontName="LiberationSans-Bold", fontSize=14, leading=17, spaceAfter=6),
    "h2": _style(
        "h2", fontName="LiberationSans-Bold", fontSize=10.5, leading=13, spaceBefore=7, spaceAfter=3
    ),
    "org": _style("org", fontName="LiberationSans-Bold", fontSize=13, leading=16),
    "orgsub": _style("orgsub", fontSize=8.5, leading=10.5, textColor=GREY),
    "serif": _style("serif", fontName="LiberationSerif", fontSize=11, leading=14.2, spaceAfter=7),
    "serifb": _style(
        "serifb", fontName="LiberationSerif-Bold", fontSize=11, leading=14.2, spaceAfter=7
    ),
    "center": _style(
        "center",
        alignment=TA_CENTER,
        fontName="LiberationSans-Bold",
        fontSize=12,
        leading=15,
        spaceAfter=6,
    ),
}

# Characters outside the standard PDF fonts' encoding, and their stand-ins.
_PDF_SUBST = {"≥": "&gt;=", "≤": "&lt;=", "→": "-&gt;", "⁹": "<super>9</super>"}


def _markup(text: str) -> str:
    for a, b in _PDF_SUBST.items():
        text = text.replace(a, b)
    return text


def P(text: str, style: str = "body") -> Paragraph:
    """A paragraph; ``text`` is reportlab mini-markup (escape a bare & as &amp;)."""
    return Paragraph(_markup(text), S[style])


def H(text: str) -> Paragraph:
    return P(text, "h2")


def bullets(items: Sequence[str], style: str = "body") -> list[Paragraph]:
    return [Paragraph(_markup(t), S[style], bulletText="•") for t in items]


class Redacted(Flowable):
    """A black redaction bar (nothing is written under it)."""

    def __init__(self, width: float = 1.6 * inch, height: float = 9) -> None:
        super().__init__()
        self.width, self.height = width, height

    def draw(self) -> None:
        self.canv.setFillColor(colors.black)
        self.canv.rect(0, -1, self.width, self.height, stroke=0, fill=1)


def grid(
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    header: bool = True,
    style: str = "cell",
    zebra: bool = True,
    para: Callable[[str, str], Paragraph] | None = None,
    font: str = "LiberationSans",
) -> Table:
    """A table of paragraphs; the first row is a header when ``header``. ``para`` makes the
    paragraphs (default :func:`P`); ``font`` is the font of any plain-string cell."""
    para = para or P
    data = []
    for r, row in enumerate(rows):
        cells: list[object] = []
        for cell in row:
            if isinstance(cell, str):
                cells.append(para(cell, "cellb" if header and r == 0 else style))
            else:
                cells.append(cell)
        data.append(cells)
    t = Table(data, colWidths=list(widths), repeatRows=1 if header else 0)
    cmds: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        cmds += [("BACKGROUND", (0, 0), (-1, 0), SHADE), ("LINEBELOW", (0, 0), (-1, 0), 0.8, GREY)]
    if zebra:
        for r in range(2 if header else 1, len(rows), 2):
            cmds.append(("BACKGROUND", (0, r), (-1, r), colors.HexColor("#F6F8FA")))
    t.setStyle(TableStyle(cmds))
    return t


def boxed(
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    para: Callable[[str, str], Paragraph] | None = None,
    font: str = "LiberationSans",
) -> Table:
    """A boxed key/value block (e.g. patient and specimen identifiers)."""
    t = grid(rows, widths, header=False, zebra=False, para=para, font=font)
    t.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, GREY),
                           ("FONTNAME", (0, 0), (-1, -1), font)]))
    return t


def letterhead(
    name: str,
    lines: Sequence[str],
    para: Callable[[str, str], Paragraph] | None = None,
    width: float = PAGE_W - 1.5 * inch,
    font: str = "LiberationSans",
) -> list[Flowable]:
    para = para or P
    out: list[Flowable] = [para(name, "org")]
    out += [para(line, "orgsub") for line in lines]
    rule = Table([[""]], colWidths=[width], rowHeights=[4])
    rule.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 1.2, colors.HexColor("#1F3A5F")),
                              ("FONTNAME", (0, 0), (-1, -1), font)]))
    return [*out, rule, Spacer(1, 6)]


def build_pdf(
    path: Path,
    story: list[Flowable],
    *,
    pages: int,
    title: str,
    author: str,
    subject: str,
    footer: str,
    pagesize: tuple[float, float] = letter,
    zh: bool = False,
) -> None:
    """Write ``story`` to ``path``; fail unless it makes exactly ``pages`` pages.

    ``zh``: a Chinese document, all in WenQuanYi Micro Hei, with bilingual banners and a
    Chinese page number."""
    page_w, page_h = pagesize
    font, bold = (CJK, CJK) if zh else ("LiberationSans", "LiberationSans-Bold")
    banner = BANNER_ZH if zh else BANNER
    bottom = f"{BANNER_ZH}。{FICTION_ZH}" if zh else f"{BANNER}. {FICTION}"
    for text in (banner, bottom, footer, title, subject) if zh else ():
        require_cjk_glyphs(text)
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=pagesize,
        leftMargin=0.75 * inch,
        rightMargin=0.75 * inch,
        topMargin=0.8 * inch,
        bottomMargin=0.85 * inch,
        title=title,
        author=author,
        subject=f"{subject} ({BANNER})",
        creator="accesspack examples/uploads/make_uploads.py",
        keywords=["synthetic", "test data"],
        invariant=1,
        pageCompression=1,
        initialFontName=font,
    )

    def decorate(c: Canvas, d: BaseDocTemplate) -> None:
        c.saveState()
        # faint diagonal watermark, under the page content
        c.setFillColor(colors.Color(0.93, 0.93, 0.93))
        c.setFont(bold, 64)
        c.translate(page_w / 2, page_h / 2)
        c.rotate(40)
        c.drawCentredString(0, -20, "SYNTHETIC")
        if zh:
            c.setFont(CJK, 30)
            c.drawCentredString(0, -62, "合成数据 · 仅供软件测试")
        c.restoreState()
        c.saveState()
        c.setFillColor(RED)
        c.setFont(bold, 9)
        c.drawCentredString(page_w / 2, page_h - 0.45 * inch, banner)
        if zh:
            c.setFont(bold, 8)
        c.drawCentredString(page_w / 2, 0.38 * inch, bottom)
        c.setFillColor(GREY)
        c.setFont(font, 7.5)
        c.drawString(0.75 * inch, 0.58 * inch, footer)
        number = f"第 {d.page} 页，共 {pages} 页" if zh else f"Page {d.page} of {pages}"
        c.drawRightString(page_w - 0.75 * inch, 0.58 * inch, number)
        c.restoreState()

    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=decorate)])
    doc.build(story)
    if doc.page != pages:
        raise RuntimeError(f"{path.name}: made {doc.page} pages, expected {pages}")
    path.write_bytes(buf.getvalue())


# ---------------------------------------------------------------------------------------------
# Chinese PDF documents (A4, WenQuanYi Micro Hei, CJK line breaking)
# ---------------------------------------------------------------------------------------------

A4_W, A4_H = A4
WZ = A4_W - 1.5 * inch  # usable width on A4

# reportlab's CJK line breaking knows the Japanese kinsoku rules only: add the Chinese
# full-width punctuation that must not start a line (it hangs at the end of the previous one)
_ZH_CANNOT_START = "，；：！？、。）》」』】"
_rl_paragraph.ALL_CANNOT_START += _ZH_CANNOT_START  # paragraphs of several fragments
_rl_textsplit.ALL_CANNOT_START += _ZH_CANNOT_START  # paragraphs of one


@functools.cache
def _inked(ch: str) -> bool:
    """The font's glyph for ``ch`` draws something (a mapped glyph can still be empty)."""
    face = ImageFont.truetype(str(cjk_font_file()), 40, index=0)
    return ch.isspace() or face.getmask(ch).getbbox() is not None


def require_cjk_glyphs(text: str) -> None:
    """Fail on a character WenQuanYi Micro Hei cannot draw (it would print as a box or a gap)."""
    plain = html.unescape(re.sub(r"<[^>]+>", "", text))
    face = pdfmetrics.getFont(CJK).face
    missing = sorted({ch for ch in plain if ch.isprintable()
                      and (ord(ch) not in face.charToGlyph or not _inked(ch))})
    if missing:
        raise RuntimeError(f"no glyph for {missing!r} in {CJK}: {plain[:60]!r}")


def _zstyle(name: str, **kw: object) -> ParagraphStyle:
    base: dict[str, object] = {
        "fontName": CJK, "bulletFontName": CJK, "fontSize": 9.5, "leading": 14.5,
        "wordWrap": "CJK",
    }
    base.update(kw)
    return ParagraphStyle(name, **base)


NAVY = colors.HexColor("#1F3A5F")
ZS = {
    "body": _zstyle("zbody", spaceAfter=4),
    "small": _zstyle("zsmall", fontSize=8, leading=11.5, textColor=GREY),
    "cell": _zstyle("zcell", fontSize=8.5, leading=12.2),
    "cellb": _zstyle("zcellb", fontSize=8.5, leading=12.2, textColor=NAVY),
    "h1": _zstyle("zh1", fontSize=15, leading=20, spaceAfter=6, alignment=TA_CENTER),
    "title": _zstyle("ztitle", fontSize=17, leading=22, spaceAfter=2),
    "h2": _zstyle("zh2", fontSize=11, leading=15, spaceBefore=6, spaceAfter=3, textColor=NAVY),
    "org": _zstyle("zorg", fontSize=13.5, leading=18),
    "orgsub": _zstyle("zorgsub", fontSize=8.5, leading=12, textColor=GREY),
    "letter": _zstyle("zletter", fontSize=10.5, leading=18, spaceAfter=6, firstLineIndent=21),
    "plain": _zstyle("zplain", fontSize=10.5, leading=18, spaceAfter=6),
    "right": _zstyle("zright", fontSize=10.5, leading=18, spaceAfter=2, alignment=2),
    "note": _zstyle("znote", fontSize=8.5, leading=12.5, textColor=NAVY),
}


def ZP(text: str, style: str = "body") -> Paragraph:
    """A Chinese paragraph (reportlab mini-markup); every character must have a glyph."""
    require_cjk_glyphs(text)
    return Paragraph(text, ZS[style])


def ZH(text: str) -> Paragraph:
    return ZP(text, "h2")


def zbullets(items: Sequence[str], style: str = "body") -> list[Paragraph]:
    out = []
    for t in items:
        require_cjk_glyphs(t)
        out.append(Paragraph(t, ZS[style], bulletText="•"))
    return out


def zgrid(rows: Sequence[Sequence[object]], widths: Sequence[float], **kw: object) -> Table:
    return grid(rows, widths, para=ZP, font=CJK, **kw)  # type: ignore[arg-type]


def zboxed(
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    span: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
) -> Table:
    t = boxed(rows, widths, para=ZP, font=CJK)
    if span:
        t.setStyle(TableStyle([("SPAN", a, b) for a, b in span]))
    return t


def zletterhead(name: str, lines: Sequence[str]) -> list[Flowable]:
    return letterhead(name, lines, para=ZP, width=WZ, font=CJK)


def note_box(text: str, width: float = WZ) -> Table:
    """A framed note (e.g. a translator's statement)."""
    t = Table([[ZP(text, "note")]], colWidths=[width])
    t.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, NAVY),
                           ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#EEF3F8")),
                           ("FONTNAME", (0, 0), (-1, -1), CJK),
                           ("TOPPADDING", (0, 0), (-1, -1), 4),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    return t


def seal_box(text: str, width: float = 1.9 * inch) -> Table:
    """Where a seal would be: a dashed frame saying so (a synthetic file carries no seal)."""
    t = Table([[ZP(text, "small")]], colWidths=[width], rowHeights=[0.75 * inch])
    t.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, RED, None, (3, 2)),
                           ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                           ("FONTNAME", (0, 0), (-1, -1), CJK)]))
    return t


def zsign_line(*labels: str, width: float = WZ) -> Table:
    """Blank signature fields: one line per label, then a date line (Chinese)."""
    date_w = 1.6 * inch
    each = (width - date_w) / len(labels)
    cells = [*labels, "日期"]
    t = Table(
        [["" for _ in cells], [ZP(label, "small") for label in cells]],
        colWidths=[*(each for _ in labels), date_w],
        rowHeights=[26, 14],
    )
    t.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                           ("LEFTPADDING", (0, 0), (-1, -1), 8),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                           ("FONTNAME", (0, 0), (-1, -1), CJK)]))
    return t


def build_zh(path: Path, story: list[Flowable], **kw: object) -> None:
    """:func:`build_pdf` for a Chinese A4 document."""
    build_pdf(path, story, pagesize=A4, zh=True, **kw)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Images (Pillow): a small text layout on a 200 dpi letter page, then a "scan" look
# ---------------------------------------------------------------------------------------------

FONT_DIR = Path(reportlab.__file__).parent / "fonts"  # Bitstream Vera ships with reportlab


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / ("VeraBd.ttf" if bold else "Vera.ttf")), size)


def stream(label: str, n: int) -> bytes:
    """``n`` fixed pseudo-random bytes named by ``label`` (SHAKE-256; no RNG state)."""
    return hashlib.shake_256(f"accesspack-uploads/{label}".encode()).digest(n)


class Sheet:
    """Draws text top-down on a white page (mode L) with simple wrapping and tables."""

    def __init__(self, width: int = 1700, height: int = 2200, margin: int = 150) -> None:
        self.img = Image.new("L", (width, height), 255)
        self.draw = ImageDraw.Draw(self.img)
        self.left, self.right, self.y = margin, width - margin, margin - 40
        self.f = {
            "body": font(27),
            "bold": font(27, True),
            "small": font(23),
            "title": font(40, True),
            "head": font(30, True),
            "banner": font(24, True),
        }

    def _wrap(self, text: str, fnt: ImageFont.FreeTypeFont, width: float) -> list[str]:
        out: list[str] = []
        for para in text.split("\n"):
            line = ""
            for word in para.split(" "):
                trial = f"{line} {word}".strip()
                if fnt.getlength(trial) <= width or not line:
                    line = trial
                else:
                    out.append(line)
                    line = word
            out.append(line)
        return out

    def text(
        self, text: str, style: str = "body", indent: int = 0, gap: int = 8, fill: int = 20
    ) -> None:
        fnt = self.f[style]
        asc, desc = fnt.getmetrics()
        for line in self._wrap(text, fnt, self.right - self.left - indent):
            self.draw.text((self.left + indent, self.y), line, font=fnt, fill=fill)
            self.y += asc + desc + 4
        self.y += gap

    def banner(self) -> None:
        fnt = self.f["banner"]
        w = fnt.getlength(BANNER)
        x = (self.img.width - w) / 2
        self.draw.rectangle((x - 14, self.y - 6, x + w + 14, self.y + 34), outline=60, width=3)
        self.draw.text((x, self.y), BANNER, font=fnt, fill=40)
        self.y += 56

    def rule(self, gap: int = 14, width: int = 2) -> None:
        self.draw.line((self.left, self.y, self.right, self.y), fill=60, width=width)
        self.y += gap

    def space(self, px: int) -> None:
        self.y += px

    def fields(self, pairs: Sequence[tuple[str, str | None]], cols: int = 2) -> None:
        """Label: value pairs in ``cols`` columns; a value of None is a redaction bar."""
        colw = (self.right - self.left) / cols
        lab, val = self.f["bold"], self.f["body"]
        for i in range(0, len(pairs), cols):
            for j, (k, v) in enumerate(pairs[i : i + cols]):
                x = self.left + j * colw
                self.draw.text((x, self.y), f"{k}:", font=lab, fill=20)
                vx = x + lab.getlength(f"{k}:") + 12
                if v is None:
                    self.draw.rectangle((vx, self.y + 2, vx + 260, self.y + 30), fill=0)
                else:
                    self.draw.text((vx, self.y), v, font=val, fill=20)
            self.y += 40
        self.y += 6

    def table(
        self, rows: Sequence[Sequence[str]], widths: Sequence[float], style: str = "small"
    ) -> None:
        fnt, bold = self.f[style], self.f["bold" if style == "body" else "small"]
        asc, desc = fnt.getmetrics()
        lh = asc + desc + 4
        total = self.right - self.left
        xs = [self.left]
        for w in widths:
            xs.append(xs[-1] + w * total)
        for r, row in enumerate(rows):
            wrapped = [self._wrap(c, fnt, (xs[k + 1] - xs[k]) - 14) for k, c in enumerate(row)]
            h = max(len(w) for w in wrapped) * lh + 10
            if r == 0:
                self.draw.rectangle((self.left, self.y - 4, self.right, self.y + h - 6), fill=225)
            for k, lines in enumerate(wrapped):
                for n, line in enumerate(lines):
                    self.draw.text(
                        (xs[k] + 6, self.y + n * lh), line, font=bold if r == 0 else fnt, fill=20
                    )
            self.y += h
            self.draw.line((self.left, self.y - 6, self.right, self.y - 6), fill=150, width=1)
        self.y += 12

    def footer(self, text: str) -> None:
        fnt = self.f["small"]
        y = self.img.height - 150
        self.draw.line((self.left, y - 12, self.right, y - 12), fill=120, width=1)
        self.draw.text((self.left, y), text, font=fnt, fill=60)
        w = fnt.getlength(BANNER)
        self.draw.text(((self.img.width - w) / 2, y + 40), BANNER, font=self.f["banner"], fill=40)
        if self.y > y - 20:
            raise RuntimeError(f"page overflows into the footer ({self.y} > {y - 20})")


def noise(size: tuple[int, int], label: str, amplitude: int) -> Image.Image:
    """Fixed grain in 0..2*amplitude (mode L)."""
    w, h = size
    grain = Image.frombytes("L", size, stream(label, w * h))
    return grain.point([(v * 2 * amplitude) // 255 for v in range(256)])


def dust(img: Image.Image, label: str, specks: int, value: int) -> None:
    """Small specks at fixed places, as on a dusty scanner glass."""
    d = ImageDraw.Draw(img)
    raw = stream(label, specks * 5)
    for i in range(specks):
        x = int.from_bytes(raw[5 * i : 5 * i + 2], "big") % img.width
        y = int.from_bytes(raw[5 * i + 2 : 5 * i + 4], "big") % img.height
        r = 1 + raw[5 * i + 4] % 2
        d.ellipse((x - r, y - r, x + r, y + r), fill=value)


def scanned_gray(page: Image.Image, angle: float, label: str, amplitude: int = 9) -> Image.Image:
    """A white page made to look scanned: skew, optical blur, grain and dust (mode L)."""
    img = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(0.7))
    img = ImageChops.add(img, noise(img.size, label, amplitude), scale=1.0, offset=-amplitude)
    dust(img, label + "/dust", 70, 140)
    return img


def paper_tint(gray: Image.Image) -> Image.Image:
    """Off-white paper with a darker edge where the page lifted from the glass (RGB)."""
    rgb = ImageOps.colorize(gray, black=(26, 24, 30), white=(245, 241, 230))
    w, h = rgb.size
    edge = Image.new("L", (w, 1))
    edge.putdata([int(255 - max(0, 70 - x) * 1.1) if x < 70 else 255 for x in range(w)])
    edge = edge.resize((w, h))
    shade = Image.merge("RGB", (edge, edge, edge))
    return ImageChops.multiply(rgb, shade)


# ---------------------------------------------------------------------------------------------
# The documents
# ---------------------------------------------------------------------------------------------

W = PAGE_W - 1.5 * inch  # usable width


def pathology_report(out: Path) -> None:
    story: list[Flowable] = letterhead(
        MEDCENTER,
        [
            "Department of Pathology and Laboratory Medicine — Surgical Pathology",
            f"{CENTER_ADDR} · Tel (614) 555-0160 · Fax (614) 555-0161 · "
            "CLIA 36D9990417 (fictional)",
        ],
    )
    story += [
        P("SURGICAL PATHOLOGY REPORT", "h1"),
        boxed(
            [
                ["<b>Patient name</b>", Redacted(), "<b>Accession</b>", "S24-01187"],
                ["<b>MRN</b>", Redacted(1.1 * inch), "<b>Collected</b>", "01/17/2024 10:42"],
                [
                    "<b>Date of birth</b>",
                    Redacted(1.1 * inch),
                    "<b>Received</b>",
                    "01/17/2024 13:05",
                ],
                ["<b>Age / sex</b>", "62 years / F", "<b>Reported</b>", "01/22/2024 16:31"],
                [
                    "<b>Ordering physician</b>",
                    PHYSICIAN,
                    "<b>Service</b>",
                    "Thoracic Oncology (outpatient)",
                ],
                [
                    "<b>Procedure</b>",
                    "CT-guided lung biopsy; US-guided liver biopsy",
                    "<b>Copy to</b>",
                    "Interventional Radiology",
                ],
            ],
            [1.25 * inch, 2.3 * inch, 1.0 * inch, W - 4.55 * inch],
        ),
        H("Clinical history"),
        P(
            "62-year-old never-smoker with a 4.3 cm right upper lobe mass, enlarged right "
            "lower paratracheal (4R) lymph node and multiple hypoattenuating liver lesions on "
            "CT of 01/09/2024. CT-guided core biopsy of the lung mass and ultrasound-guided core "
            "biopsy of the largest liver lesion (segment VI). Clinical question: primary lung "
            "carcinoma? Please reserve tissue for molecular testing."
        ),
        H("Final diagnosis"),
        P("<b>A. Lung, right upper lobe, CT-guided core needle biopsy (4 cores):</b>"),
        *bullets(
            [
                "<b>INVASIVE ADENOCARCINOMA</b>, non-mucinous, acinar (approximately 60%) and "
                "solid (approximately 30%) patterns, with a minor lepidic component (10%).",
                "IASLC grade 3 (poorly differentiated: high-grade pattern ≥20%).",
                "Tumor occupies approximately 70% of the core tissue; tumor cellularity "
                "approximately 40% of nucleated cells (block A2).",
                "Lymphovascular invasion: cannot be assessed on biopsy.",
            ]
        ),
        P("<b>B. Liver, segment VI lesion, ultrasound-guided core needle biopsy (2 cores):</b>"),
        *bullets(
            [
                "<b>METASTATIC ADENOCARCINOMA</b>, immunoprofile consistent with a lung primary "
                "(TTF-1 and Napsin A positive; CK7 positive; CK20, CDX2 and GATA3 negative).",
                "Background hepatic parenchyma with mild macrovesicular steatosis (about 10%).",
            ]
        ),
        H("Comment"),
        P(
            "The morphology and immunophenotype of A and B are similar and support metastatic "
            "lung adenocarcinoma. Biopsy specimens: pathologic TNM is not assigned; clinical "
            "staging is per the treating team. Block A2 (best tumor content) has been sent for "
            "comprehensive genomic profiling and PD-L1 (22C3) immunohistochemistry to Tessellate "
            "Genomics Laboratory (order TG-24-003318). Block B1 is retained for additional "
            "studies. The diagnosis was communicated to Dr. Renner-Albright by telephone on "
            "01/22/2024 at 16:10."
        ),
        PageBreak(),
        P("SURGICAL PATHOLOGY REPORT — S24-01187 (continued)", "h2"),
        H("Gross description"),
        P(
            "<b>A.</b> Received in formalin labeled with the patient's name and \"right upper "
            'lobe lung" are four tan-white cylindrical cores, 0.6 to 1.7 cm in length and 0.1 '
            "cm in diameter. Entirely submitted in cassettes A1–A2 (two cores each). Cold "
            "ischemia time under 10 minutes; formalin fixation 26 hours."
        ),
        P(
            "<b>B.</b> Received in formalin labeled with the patient's name and \"liver segment "
            '6" are two tan-yellow cores, 1.1 and 1.4 cm, 0.1 cm in diameter. Entirely submitted '
            "in cassette B1."
        ),
        H("Microscopic description"),
        P(
            "<b>A.</b> Lung parenchyma infiltrated by an adenocarcinoma forming irregular "
            "acinar glands and solid nests, with focal lepidic growth along alveolar walls at "
            "the edge of one core. Tumor cells have moderate to marked nuclear pleomorphism, "
            "vesicular chromatin and prominent nucleoli; mitoses up to 6 per 2 mm². Focal "
            "tumor necrosis. No squamous or neuroendocrine morphology. Mucin stain not required."
        ),
        P(
            "<b>B.</b> Liver cores with an infiltrating adenocarcinoma forming cribriform and "
            "solid nests with desmoplastic stroma, morphologically similar to A."
        ),
        H("Immunohistochemistry"),
        grid(
            [
                ["Stain (clone)", "Block", "Result", "Interpretation"],
                [
                    "TTF-1 (8G7G3/1)",
                    "A2, B1",
                    "Positive, diffuse nuclear (A 90%, B 80%)",
                    "Supports pulmonary origin",
                ],
                [
                    "Napsin A (polyclonal)",
                    "A2, B1",
                    "Positive, granular cytoplasmic",
                    "Supports adenocarcinoma, pulmonary",
                ],
                ["Cytokeratin 7 (OV-TL 12/30)", "A2, B1", "Positive, strong", "—"],
                ["Cytokeratin 20 (Ks20.8)", "B1", "Negative", "Argues against colorectal"],
                ["p40 (BC28)", "A2", "Negative", "No squamous differentiation"],
                ["CDX2 (EPR2764Y)", "B1", "Negative", "Argues against GI primary"],
                ["GATA3 (L50-823)", "B1", "Negative", "Argues against breast/urothelial"],
                ["Synaptophysin, INSM1", "A2", "Negative", "No neuroendocrine differentiation"],
                ["ALK (D5F3), screening", "A2", "Negative", "Confirmatory NGS requested"],
            ],
            [1.7 * inch, 0.65 * inch, 2.35 * inch, W - 4.7 * inch],
        ),
        Spacer(1, 4),
        P(
            "Appropriate positive and negative controls stained as expected. Some stains were "
            "developed and their performance characteristics determined by this laboratory; "
            "they have not been cleared or approved by the U.S. Food and Drug Administration, "
            "which has determined such clearance or approval is not necessary.",
            "small",
        ),
        H("Specimen adequacy for molecular testing"),
        grid(
            [
                ["Block", "Tumor area", "Tumor cellularity", "Sent to", "Date sent"],
                [
                    "A2",
                    "approx. 9 mm²",
                    "approx. 40%",
                    "Tessellate Genomics Laboratory (NGS + PD-L1 22C3)",
                    "01/23/2024",
                ],
                ["B1", "approx. 5 mm²", "approx. 30%", "Retained", "—"],
            ],
            [0.6 * inch, 1.0 * inch, 1.15 * inch, 2.9 * inch, W - 5.65 * inch],
        ),
        Spacer(1, 10),
        P(
            "<b>Electronically signed:</b> Ines Vollmar-Achebe, MD, Anatomic and Clinical "
            "Pathology — 01/22/2024 16:31. I have personally reviewed the slides and rendered "
            "the diagnosis above."
        ),
        P(
            "Grossed by: L. Okwuosa, PA(ASCP). Slides and blocks are retained per CAP "
            "guidelines (10 years).",
            "small",
        ),
    ]
    build_pdf(
        out / "pathology-report.pdf",
        story,
        pages=2,
        title="Surgical pathology report S24-01187 (synthetic)",
        author=f"{MEDCENTER} — Surgical Pathology (fictional)",
        subject="Lung adenocarcinoma, core biopsies",
        footer="Surgical Pathology Report · Accession S24-01187 · Final",
    )


def ngs_report(out: Path) -> None:
    lab = "Tessellate Genomics Laboratory"
    story: list[Flowable] = letterhead(
        lab,
        [
            "2200 Fennimore Parkway, Suite 400, Brightwater, CA 94999 · (408) 555-0190",
            "CLIA 05D9990210 · CAP 9990210 (fictional) · Medical Director: "
            "Rafael Okonkwo-Lindqvist, MD, PhD",
        ],
    )
    story += [
        P("TG OncoPanel 468 — Comprehensive Genomic Profiling Report", "h1"),
        boxed(
            [
                ["<b>Patient</b>", Redacted(), "<b>Report ID</b>", "TG-24-003318"],
                ["<b>Date of birth</b>", Redacted(1.1 * inch), "<b>Report date</b>", "02/05/2024"],
                ["<b>Sex</b>", "Female", "<b>Received</b>", "01/24/2024"],
                [
                    "<b>Diagnosis</b>",
                    "Lung adenocarcinoma, metastatic",
                    "<b>Specimen</b>",
                    "FFPE block A2 (S24-01187)",
                ],
                [
                    "<b>Ordering physician</b>",
                    PHYSICIAN,
                    "<b>Site / collected</b>",
                    "Lung, RUL core / 01/17/2024",
                ],
                ["<b>Institution</b>", CENTER, "<b>Tumor content</b>", "40% (pathologist)"],
            ],
            [1.25 * inch, 2.3 * inch, 1.15 * inch, W - 4.7 * inch],
        ),
        H("Results summary"),
        grid(
            [
                ["Biomarker", "Result", "Clinical significance"],
                [
                    "<b>EGFR</b>",
                    "<b>Exon 20 insertion p.(Ala767_Val769dup)</b>, VAF 38.2%",
                    "Tier I, level A (AMP/ASCO/CAP 2017)",
                ],
                ["TP53", "p.(Arg273His), VAF 41.0%", "Tier II (prognostic)"],
                ["Tumor mutational burden", "3.1 mutations/Mb", "TMB-low (&lt;10 mut/Mb)"],
                ["Microsatellite status", "MS-stable (MSS)", "Not MSI-high"],
                ["PD-L1 (22C3) IHC", "Tumor proportion score (TPS) 5%", "Low expression (1–49%)"],
                ["Gene fusions (RNA)", "None detected", "ALK, ROS1, RET, NTRK1/2/3, NRG1, MET"],
                ["MET exon 14 skipping", "Not detected", "—"],
                ["Copy number", "No reportable amplification", "EGFR, MET, ERBB2 not amplified"],
            ],
            [1.6 * inch, 2.9 * inch, W - 4.5 * inch],
        ),
        H("Therapeutic implications (as of the report date)"),
        grid(
            [
                ["Alteration", "FDA-approved therapy in this tumor type", "Potential resistance"],
                [
                    "EGFR exon 20 insertion",
                    "Amivantamab-vmjw, after platinum-based chemotherapy",
                    "Most exon 20 insertions are insensitive to gefitinib, erlotinib, afatinib "
                    "and osimertinib at approved doses",
                ],
                [
                    "PD-L1 TPS 5%",
                    "Immune checkpoint inhibitors are approved by PD-L1 level, but benefit in "
                    "EGFR-mutant NSCLC is limited",
                    "EGFR-mutant tumors respond poorly to PD-1/PD-L1 monotherapy",
                ],
            ],
            [1.45 * inch, 2.7 * inch, W - 4.15 * inch],
        ),
        Spacer(1, 4),
        P(
            "Therapy associations are provided for information and do not constitute a treatment "
            "recommendation; selection of therapy rests with the treating physician. Clinical "
            "trials possibly relevant to this patient are listed on page 3.",
            "small",
        ),
        PageBreak(),
        P("Report TG-24-003318 — Genomic findings in detail", "h2"),
        H("Variants of known or likely clinical significance"),
        grid(
            [
                ["Gene", "Transcript", "cDNA (HGVS)", "Protein (HGVS)", "Exon", "VAF", "Depth"],
                [
                    "EGFR",
                    "NM_005228.5",
                    "c.2300_2308dup",
                    "p.(Ala767_Val769dup)",
                    "20",
                    "38.2%",
                    "1,482×",
                ],
                ["TP53", "NM_000546.6", "c.818G&gt;A", "p.(Arg273His)", "8", "41.0%", "1,106×"],
            ],
            [
                0.6 * inch,
                1.1 * inch,
                1.25 * inch,
                1.55 * inch,
                0.5 * inch,
                0.6 * inch,
                W - 5.6 * inch,
            ],
        ),
        Spacer(1, 4),
        P(
            "<b>EGFR p.(Ala767_Val769dup)</b> (also written A767_V769dupASV) is an in-frame "
            "duplication of nine nucleotides in exon 20 near the C-helix, the most frequent EGFR "
            "exon 20 insertion in NSCLC (about 20–25% of such insertions). It activates the "
            "kinase while preserving affinity for ATP, which explains the reduced sensitivity to "
            "approved EGFR tyrosine kinase inhibitors designed for exon 19 deletions and L858R."
        ),
        P(
            "<b>TP53 p.(Arg273His)</b> is a hotspot DNA-contact missense variant; co-occurring "
            "TP53 alterations are associated with shorter progression-free survival on EGFR-"
            "directed therapy."
        ),
        H("Variants of uncertain significance"),
        grid(
            [
                ["Gene", "cDNA (HGVS)", "Protein (HGVS)", "VAF", "Note"],
                [
                    "ATM",
                    "NM_000051.4:c.2572T&gt;C",
                    "p.(Phe858Leu)",
                    "49.1%",
                    "VAF near 50%: germline origin possible; genetic counseling may be considered",
                ],
                ["ARID1A", "NM_006015.6:c.3998C&gt;T", "p.(Ala1333Val)", "17.6%", "—"],
            ],
            [0.7 * inch, 1.9 * inch, 1.2 * inch, 0.6 * inch, W - 4.4 * inch],
        ),
        H("Genomic signatures"),
        grid(
            [
                ["Signature", "Result", "Method"],
                [
                    "Tumor mutational burden",
                    "3.1 mut/Mb",
                    "Non-synonymous and synonymous somatic SNVs/indels in 1.31 Mb of coding "
                    "sequence; "
                    "germline and clonal-hematopoiesis variants filtered; reportable range 0–200",
                ],
                [
                    "Microsatellite instability",
                    "MSS (1.2% unstable loci)",
                    "130 homopolymer loci compared with a normal baseline; MSI-H at ≥20% unstable",
                ],
            ],
            [1.6 * inch, 1.4 * inch, W - 3.0 * inch],
        ),
        H("Pertinent negatives"),
        P(
            "No pathogenic variants detected in KRAS, NRAS, BRAF, ERBB2 (HER2), MET, PIK3CA, "
            "STK11, KEAP1, RET or ROS1. No EGFR exon 19 deletion, L858R, T790M or C797S. No "
            "fusions detected in ALK, ROS1, RET, NTRK1, NTRK2, NTRK3, NRG1, MET, FGFR1–3 or "
            "BRAF (RNA; 62 fusion drivers). No MET exon 14 skipping transcripts. No reportable "
            "copy-number gains (EGFR, MET, ERBB2, CCNE1) or losses (CDKN2A, PTEN)."
        ),
        H("Quality metrics"),
        grid(
            [
                ["Metric", "Value", "Acceptance"],
                ["DNA input / RNA input", "80 ng / 60 ng", "≥40 ng / ≥30 ng"],
                ["Median unique depth (DNA)", "1,240×", "≥500×"],
                ["Targets ≥250× unique depth", "97.8%", "≥95%"],
                ["RNA usable reads", "8.4 million", "≥3 million"],
                ["Limit of detection (SNV / indel)", "VAF 5% / 5%", "at ≥250× depth"],
            ],
            [2.6 * inch, 1.6 * inch, W - 4.2 * inch],
        ),
        PageBreak(),
        P("Report TG-24-003318 — PD-L1, clinical trials, methods and sign-out", "h2"),
        H("PD-L1 immunohistochemistry"),
        grid(
            [
                ["Assay", "Block", "Viable tumor cells", "TPS", "Controls"],
                [
                    "PD-L1 IHC 22C3 pharmDx on Autostainer Link 48",
                    "A2",
                    "approx. 350",
                    "5%",
                    "Cell-line and tonsil controls acceptable",
                ],
            ],
            [2.4 * inch, 0.55 * inch, 1.25 * inch, 0.5 * inch, W - 4.7 * inch],
        ),
        Spacer(1, 4),
        P(
            "TPS is the percentage of viable tumor cells with partial or complete membrane "
            "staining at any intensity. At least 100 viable tumor cells are required; this "
            "specimen is adequate. Interpreted by R. Okonkwo-Lindqvist, MD, PhD on 01/31/2024."
        ),
        H("Clinical trials possibly relevant to this patient (fictional listings)"),
        grid(
            [
                ["NCT number", "Phase", "Agent / design", "Matching biomarker"],
                [
                    "NCT05964812",
                    "1/2",
                    "ZEPHYR-1: zoferatinib (ZX-2041), oral EGFR exon 20-selective TKI; dose "
                    "escalation and expansion cohorts",
                    "EGFR exon 20 insertion",
                ],
                [
                    "NCT06112359",
                    "1b/2",
                    "TRX-318, EGFR/cMET bispecific antibody-drug conjugate",
                    "EGFR-mutant NSCLC",
                ],
                [
                    "NCT06390077",
                    "2",
                    "Pan-HER covalent TKI basket study",
                    "EGFR or HER2 exon 20 insertion",
                ],
            ],
            [1.05 * inch, 0.5 * inch, 3.35 * inch, W - 4.9 * inch],
        ),
        Spacer(1, 4),
        P(
            "Trial listings are matched on biomarkers only; eligibility depends on many other "
            "criteria and on enrollment status at the time of referral.",
            "small",
        ),
        H("Methods"),
        P(
            "DNA and RNA were extracted from macrodissected FFPE tissue. Hybrid-capture "
            "libraries covering all coding exons of 468 genes and selected introns were sequenced "
            "on a short-read platform (2 × 150 bp) with unique molecular identifiers. Reads were "
            "aligned to GRCh38; SNVs, indels, copy-number changes and fusions were called with "
            "the laboratory's validated pipeline (v6.2). Variants are described per HGVS "
            "nomenclature and classified according to the AMP/ASCO/CAP 2017 somatic guideline. "
            "No matched normal was sequenced; germline origin of variants cannot be established."
        ),
        H("Limitations"),
        P(
            "Variants below the limit of detection, large rearrangements outside targeted "
            "regions, and fusions with unusual partners may be missed. Tumor heterogeneity may "
            "cause results to differ between specimens. This test was developed and its "
            "performance characteristics determined by Tessellate Genomics Laboratory. It has not "
            "been cleared or approved by the U.S. Food and Drug Administration. The laboratory "
            "is certified under CLIA to perform high-complexity clinical testing."
        ),
        Spacer(1, 8),
        P(
            "<b>Electronically signed:</b> Rafael Okonkwo-Lindqvist, MD, PhD, Medical Director — "
            "02/05/2024 09:14 PT. <b>Variant review:</b> Chen Adeyemi-Nakamura, PhD, FACMG."
        ),
    ]
    build_pdf(
        out / "ngs-report.pdf",
        story,
        pages=3,
        title="Comprehensive genomic profiling report TG-24-003318 (synthetic)",
        author=f"{lab} (fictional)",
        subject="NGS: EGFR exon 20 insertion, TMB, MSI, PD-L1 22C3",
        footer=f"{lab} · TG OncoPanel 468 · Report TG-24-003318 · Final",
    )


def letter_of_authorization(out: Path) -> None:
    story: list[Flowable] = letterhead(
        COMPANY,
        [
            "75 Quayside Drive, Suite 1200, Harborton, MA 02199 · (617) 555-0140 · "
            "expanded.access@meridian-onc.example.com",
        ],
    )
    story += [
        Spacer(1, 4),
        P("November 13, 2026", "serif"),
        P(
            "Food and Drug Administration<br/>Center for Drug Evaluation and Research<br/>"
            "Office of Oncologic Diseases, Division of Oncology 2<br/>"
            "Central Document Room, 5901-B Ammendale Road<br/>Beltsville, MD 20705-1266",
            "serif",
        ),
        P(
            f"<b>Re: Letter of Authorization — right of reference to {SPONSOR_IND}, "
            f"{DRUG} film-coated tablets</b>",
            "serif",
        ),
        P("Dear Sir or Madam:", "serif"),
        P(
            f'{COMPANY} ("Meridian") is the sponsor of {SPONSOR_IND} for {DRUG}. Meridian '
            "hereby authorizes the Food and Drug Administration to refer to the information in "
            f"{SPONSOR_IND} — including chemistry, manufacturing and controls, nonclinical "
            "pharmacology and toxicology, and clinical information, as amended — in support of "
            f"the individual patient expanded access IND submitted by {PHYSICIAN}, "
            f"{CENTER}, {CENTER_ADDR}, for the treatment of one patient with metastatic "
            "non-small cell lung cancer harboring an EGFR exon 20 insertion mutation, in "
            "accordance with 21 CFR 312.310(b)(3).",
            "serif",
        ),
        P(
            "Meridian agrees to supply zoferatinib 40 mg and 80 mg tablets free of charge for "
            "this patient's treatment for as long as the treating physician judges that the "
            "patient is benefiting, subject to the terms of the IND and FDA's authorization. "
            "Meridian has provided Dr. Renner-Albright with the current Investigator's Brochure "
            "(Edition 4.0, March 1, 2026) and will provide new safety information as it "
            "becomes available.",
            "serif",
        ),
        P(
            "This authorization is limited to the use described above and does not extend to "
            "any other person, patient or product. Questions may be addressed to Dana Whitcombe, "
            "PharmD, Director, Medical Affairs — Expanded Access, at (617) 555-0142 or "
            "expanded.access@meridian-onc.example.com.",
            "serif",
        ),
        P("Sincerely,", "serif"),
        Spacer(1, 18),
        P("<i>/s/ Helena Marchetti-Boyd</i> (synthetic electronic signature)", "serif"),
        P(
            f"Helena Marchetti-Boyd, PhD<br/>Vice President, Regulatory Affairs<br/>{COMPANY}",
            "serif",
        ),
        P(f"cc: {PHYSICIAN}, {CENTER}", "small"),
    ]
    build_pdf(
        out / "letter-of-authorization.pdf",
        story,
        pages=1,
        title=f"Letter of authorization, {SPONSOR_IND} (synthetic)",
        author=f"{COMPANY} (fictional)",
        subject="Right of reference for an individual patient expanded access IND",
        footer=f"{COMPANY} · Letter of Authorization · {SPONSOR_IND}",
    )


def physician_cv(out: Path) -> None:
    def rows(items: Sequence[tuple[str, str]]) -> Table:
        t = grid(
            [[a, b] for a, b in items], [1.2 * inch, W - 1.2 * inch], header=False, zebra=False
        )
        t.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0, colors.white)]))
        return t

    story: list[Flowable] = [
        P("CURRICULUM VITAE", "center"),
        P(PHYSICIAN, "center"),
        P(
            f"{CENTER}, Thoracic Oncology Program, Suite 300 · {CENTER_ADDR}<br/>"
            "Tel (614) 555-0137 · Fax (614) 555-0139 · t.renner-albright@bramblewood.example.org",
            "orgsub",
        ),
        Spacer(1, 6),
        H("Current positions"),
        rows(
            [
                (
                    "2019–present",
                    "Associate Professor of Medicine (Medical Oncology), Bramblewood "
                    "University School of Medicine",
                ),
                ("2021–present", f"Director, Thoracic Oncology Program, {CENTER}"),
                (
                    "2020–present",
                    "Chair, Thoracic Disease-Oriented Team and weekly thoracic tumor board",
                ),
            ]
        ),
        H("Education and training"),
        rows(
            [
                ("1996", "BS, Biochemistry (summa cum laude), Calloway University"),
                (
                    "2002",
                    "PhD, Molecular Pharmacology, Calloway University Graduate School "
                    "(MD/PhD program); thesis on ligand-independent ErbB receptor signaling",
                ),
                ("2004", "MD, Calloway University School of Medicine"),
                ("2004–2007", "Residency, Internal Medicine, Ridgecrest University Hospital"),
                (
                    "2007–2010",
                    "Fellowship, Hematology and Medical Oncology, Ridgecrest University "
                    "Hospital (chief fellow 2009–2010)",
                ),
            ]
        ),
        H("Board certification and licensure"),
        rows(
            [
                ("2007", "American Board of Internal Medicine — Internal Medicine"),
                (
                    "2010",
                    "American Board of Internal Medicine — Medical Oncology (recertified 2020)",
                ),
                (
                    "Licence",
                    "State Medical Board of Ohio, licence 35.990417, active, expires "
                    "10/01/2027 (fictional number)",
                ),
                ("DEA", "Registration current (number on file)"),
            ]
        ),
        H("Previous appointments"),
        rows(
            [
                (
                    "2010–2014",
                    "Assistant Professor of Medicine, Ridgecrest University; attending "
                    "physician, thoracic oncology clinic",
                ),
                (
                    "2014–2019",
                    f"Assistant then Associate Member, {CENTER}; principal investigator "
                    "for early-phase thoracic trials",
                ),
            ]
        ),
        H("Clinical research experience"),
        P(
            "Principal investigator or site principal investigator for 31 interventional trials "
            "in non-small cell lung cancer since 2011, including 14 studies of EGFR-, HER2- and "
            "MET-directed agents (phase 1 to 3). Sponsor-investigator of 6 individual patient "
            "expanded access INDs (2017–2026). Member, Bramblewood Protocol Review and "
            "Monitoring Committee (2016–2022)."
        ),
        PageBreak(),
        P(f"{PHYSICIAN} — Curriculum vitae (continued)", "h2"),
        H("Training in human subjects protection"),
        rows(
            [
                (
                    "2025",
                    "CITI Program — Good Clinical Practice (FDA focus), refresher, completed "
                    "08/14/2025",
                ),
                ("2025", "CITI Program — Biomedical Human Subjects Research, refresher"),
                (
                    "2024",
                    "Bramblewood IRB workshop: single-patient expanded access and emergency use",
                ),
            ]
        ),
        H("Honors"),
        rows(
            [
                ("2022", "Bramblewood Department of Medicine Clinical Excellence Award"),
                (
                    "2015",
                    "Young Investigator Award, regional thoracic oncology society (fictional)",
                ),
            ]
        ),
        H("Professional memberships"),
        P(
            "American Society of Clinical Oncology; International Association for the Study of "
            "Lung Cancer; American Association for Cancer Research."
        ),
        H("Selected publications (fictional citations for testing)"),
        *bullets(
            [
                "Renner-Albright T, Osei-Mensah K, Lindgren P, et al. Activity of an exon 20-"
                "selective EGFR inhibitor after amivantamab: a multicenter cohort. "
                "<i>Lakemont Journal of Thoracic Oncology</i> (fictional). 2025;14:211-220.",
                "Farrow-Delacroix N, Renner-Albright T. Managing paronychia and acneiform rash "
                "with EGFR-directed agents: a practical algorithm. <i>Ridgecrest Clinical Oncology "
                "Review</i> (fictional). 2023;9:45-53.",
                "Renner-Albright T, Vollmar-Achebe I, Castellanos-Whitfield P. Tissue "
                "stewardship in lung cancer biopsies for comprehensive genomic profiling. "
                "<i>Bramblewood Medical Bulletin</i> (fictional). 2021;33:118-126.",
                "Renner-Albright T, et al. Single-patient expanded access at an academic cancer "
                "center: eight years of requests. <i>Lakemont Journal of Thoracic Oncology</i> "
                "(fictional). 2024;13:77-84.",
            ]
        ),
        H("Teaching"),
        P(
            "Course director, second-year oncology pathophysiology block (2016–present); "
            "mentor to 11 hematology/oncology fellows."
        ),
        Spacer(1, 12),
        P(
            "I certify that this curriculum vitae is current and accurate. "
            "<i>/s/ Tobias Renner-Albright</i> (synthetic) — 07/01/2026",
        ),
    ]
    build_pdf(
        out / "physician-cv.pdf",
        story,
        pages=2,
        title=f"Curriculum vitae — {PHYSICIAN} (synthetic)",
        author=f"{PHYSICIAN} (fictional)",
        subject="Physician qualification (Form FDA 3926 item 8)",
        footer=f"Curriculum vitae · {PHYSICIAN} · updated 07/01/2026",
    )


def irb_approval(out: Path) -> None:
    story: list[Flowable] = letterhead(
        "Bramblewood University Institutional Review Board",
        [
            "Office of Research Protections · 4100 Larkspur Avenue, Research Administration "
            "Building, Room 210, Lakemont, OH 43299",
            "IRB registration IRB00098765 · FWA00099917 (fictional) · (614) 555-0150 · "
            "irb@bramblewood.example.org",
        ],
    )
    story += [
        P("NOTICE OF IRB CHAIR CONCURRENCE — SINGLE-PATIENT EXPANDED ACCESS", "h1"),
        boxed(
            [
                ["<b>Date</b>", "11/18/2026", "<b>IRB number</b>", "IRB-2026-1187-EA"],
                [
                    "<b>To</b>",
                    PHYSICIAN,
                    "<b>Review type</b>",
                    "Chair concurrence (21 CFR 56.105 waiver requested)",
                ],
                ["<b>Drug</b>", f"{DRUG}", "<b>Holder's IND</b>", f"{SPONSOR_IND} (Meridian)"],
                [
                    "<b>Patient</b>",
                    "One adult patient (initials on file)",
                    "<b>Consent</b>",
                    "Version 1.0 dated 11/16/2026",
                ],
            ],
            [0.85 * inch, 2.6 * inch, 1.1 * inch, W - 4.55 * inch],
        ),
        H("Determination"),
        P(
            "The IRB Chair has reviewed the request for non-emergency single-patient expanded "
            f"access to {DRUG} for a patient with metastatic EGFR exon 20 insertion non-small "
            "cell lung cancer, including the treatment plan, the Letter of Authorization from "
            f"{COMPANY}, the Investigator's Brochure (Edition 4.0) and the consent document. "
            "The Chair concurs that the use may proceed, and approves consent version 1.0, "
            "under 21 CFR 56.105, contingent on FDA granting the waiver of 21 CFR 56.108(c) "
            "requested in item 10.b of Form FDA 3926. If FDA does not grant the waiver, the "
            "request will be reviewed at the convened IRB meeting of 12/03/2026."
        ),
        H("Approval period"),
        P(
            "11/18/2026 to 11/17/2027. Continuing review is required if treatment extends beyond "
            "the approval period."
        ),
        H("Conditions"),
        *bullets(
            [
                "Treatment may not begin until the IND is in effect (30 days after FDA receipt, "
                "or earlier if FDA so notifies); send the IRB the FDA acknowledgment and the "
                "physician IND number when received.",
                "Obtain and document written informed consent using the approved version before "
                "the first dose; provide the patient a signed copy.",
                "Report unanticipated problems and serious adverse events to the IRB within 5 "
                "business days, and copy the IRB on IND safety reports sent to FDA.",
                "Submit changes to the treatment plan for IRB review before implementation, "
                "except where necessary to eliminate immediate hazards to the patient.",
                "Send the IRB the summary of expanded access use when treatment ends.",
            ]
        ),
        Spacer(1, 10),
        P("<i>/s/ Margaret Iwasaki-Lund</i> (synthetic electronic signature)"),
        P("Margaret Iwasaki-Lund, MD, MPH — Chair, Bramblewood University IRB #1"),
        P(
            "This notice was generated by the IRB electronic system; no handwritten signature is "
            "required.",
            "small",
        ),
    ]
    build_pdf(
        out / "irb-approval.pdf",
        story,
        pages=1,
        title="IRB chair concurrence IRB-2026-1187-EA (synthetic)",
        author="Bramblewood University IRB (fictional)",
        subject="IRB approval of single-patient expanded access",
        footer="Bramblewood University IRB · IRB-2026-1187-EA · Chair concurrence",
    )


def consent_form(out: Path) -> None:
    stamp = Table(
        [
            [
                P(
                    "<b>Bramblewood University IRB</b><br/>APPROVED 11/18/2026<br/>"
                    "IRB-2026-1187-EA<br/>"
                    "Expires 11/17/2027",
                    "cell",
                )
            ]
        ],
        colWidths=[1.9 * inch],
    )
    stamp.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, colors.HexColor("#1F6F3F")),
                ("TEXTCOLOR", (0, 0), (-1, -1), colors.HexColor("#1F6F3F")),
            ]
        )
    )
    head = Table(
        [
            [
                P(
                    f"<b>{CENTER}</b><br/>Consent to receive an investigational drug through "
                    "single-patient expanded access",
                    "body",
                ),
                stamp,
            ]
        ],
        colWidths=[W - 2.0 * inch, 2.0 * inch],
    )
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))

    def sign_line(label: str) -> Table:
        t = Table(
            [["", ""], [P(label, "small"), P("Date", "small")]],
            colWidths=[W - 1.7 * inch, 1.5 * inch],
            rowHeights=[22, 12],
        )
        t.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (0, 0), 0.6, colors.black),
                    ("LINEBELOW", (1, 0), (1, 0), 0.6, colors.black),
                ]
            )
        )
        return t

    story: list[Flowable] = [
        head,
        Spacer(1, 6),
        P(
            f"<b>Drug:</b> {DRUG}, oral tablets, supplied by {COMPANY}<br/>"
            f"<b>Treating physician:</b> {PHYSICIAN}, (614) 555-0137<br/>"
            "<b>24-hour contact:</b> thoracic oncology physician on call, (614) 555-0100<br/>"
            "<b>Consent version:</b> 1.0, dated 11/16/2026"
        ),
        H("1. Why am I being asked to sign this form?"),
        P(
            "Your doctor has asked the U.S. Food and Drug Administration (FDA) and the company "
            "that makes zoferatinib for permission to treat you with it. Zoferatinib is "
            "<b>investigational</b>: it is not approved by the FDA for any use. This kind of "
            'request is called <b>expanded access</b> (sometimes "compassionate use"). It is '
            "treatment, not a research study, but the FDA rules for investigational drugs "
            "apply. You can decide not to take part and still receive all other care."
        ),
        H("2. Why is this drug being offered to me?"),
        P(
            "Your lung cancer has an EGFR exon 20 insertion and has grown despite the approved "
            "treatments for this kind of cancer. You cannot join a clinical study of "
            "zoferatinib because none is open to you. Your doctor believes the possible benefit "
            "of zoferatinib is greater than its possible risks for you."
        ),
        H("3. What will happen if I agree?"),
        *bullets(
            [
                "You will take zoferatinib tablets by mouth once a day, with food, every day. "
                "Your doctor will tell you the dose; it may be lowered if you have side effects.",
                "Before you start you will have blood tests, an ECG (heart tracing), an "
                "echocardiogram (heart ultrasound) and scans if recent ones are not available.",
                "You will be seen in clinic every 2 weeks for the first 2 months, then every 4 "
                "weeks, with blood tests. ECGs are repeated at 2 weeks and then monthly for 3 "
                "months. CT scans are repeated about every 8 weeks.",
                "You will keep a diary of doses and side effects and bring your tablet bottles "
                "to each visit.",
                "Treatment continues while your doctor thinks it helps you and the side effects "
                "are acceptable.",
            ]
        ),
        H("4. What are the possible risks and discomforts?"),
        P(
            "About 300 people had received zoferatinib in studies by March 2026. Side effects "
            "seen in those studies (Investigator's Brochure, Edition 4.0) include:"
        ),
        grid(
            [
                ["How often", "Side effects"],
                [
                    "Very common (more than 1 in 5 people)",
                    "Diarrhea (62%), acne-like rash (48%), dry skin, nail-fold infection "
                    "(paronychia, 25%), mouth sores (21%), nausea, tiredness, decreased appetite",
                ],
                [
                    "Common (1 to 20 in 100)",
                    "Vomiting, low red blood cell count, raised liver tests, raised pancreas "
                    "enzymes in the blood without symptoms (lipase or amylase, 9%), changes in "
                    "heart rhythm on ECG (QTc prolongation, 4%), eye irritation, weight loss",
                ],
                [
                    "Uncommon but serious (fewer than 2 in 100)",
                    "Inflammation of the lungs (pneumonitis or interstitial lung disease, 2%) "
                    "which "
                    "can be life-threatening; reduced heart pumping function; severe diarrhea "
                    "causing dehydration and kidney injury",
                ],
            ],
            [1.9 * inch, W - 1.9 * inch],
        ),
        Spacer(1, 4),
        P(
            "There may be risks that are not yet known. Tell your doctor right away about new "
            "or worse cough or shortness of breath, diarrhea of 4 or more stools a day above "
            "your usual, fainting or a racing heartbeat, severe belly pain, or yellowing of the "
            "skin or eyes."
        ),
        P(
            "<b>Pregnancy.</b> Zoferatinib may harm an unborn baby. If you or your partner can "
            "become pregnant, you must use effective birth control during treatment and for 6 "
            "weeks after the last dose."
        ),
        H("5. Could this help me?"),
        P(
            "Zoferatinib may shrink or slow the growth of your cancer, but it may not. In an "
            "early study, tumors shrank in about 4 of 10 people whose cancer had grown after "
            "amivantamab. Any benefit to you cannot be promised."
        ),
        H("6. What other choices do I have?"),
        P(
            "You may choose chemotherapy such as docetaxel (with or without ramucirumab), "
            "treatment in another clinical study if one becomes available, radiation to "
            "painful areas, or care focused on comfort (hospice or palliative care) without "
            "cancer treatment. Your doctor will discuss these with you."
        ),
        H("7. Costs"),
        P(
            f"{COMPANY} will provide zoferatinib at no cost. Office visits, tests and treatment "
            "of side effects are part of your usual care and will be billed to you or your "
            "insurance in the usual way; some insurers may not pay for care related to an "
            "investigational drug."
        ),
        H("8. Who will see my information?"),
        P(
            "Your medical records may be reviewed by the FDA, the Bramblewood University IRB and "
            f"{COMPANY} (and people working for them) to check the safety of the drug and that "
            "the rules are followed. Reports sent to the FDA and the company identify you by "
            "your initials and age, not your name."
        ),
        H("9. What if I am harmed?"),
        P(
            "If you are injured as a result of taking zoferatinib, you will get medical care, "
            "but it will be billed to you or your insurer. No money has been set aside to pay "
            "you for such an injury. You do not give up any legal rights by signing this form."
        ),
        H("10. Taking part is your choice"),
        P(
            "You may refuse or stop zoferatinib at any time without losing any benefits or "
            "care you are otherwise entitled to. Your doctor may also stop the drug if it is "
            "not helping, if side effects are too severe, if the drug becomes available to you "
            "in a study or as an approved drug, or if the FDA or the company stops the program."
        ),
        H("11. Whom do I call with questions?"),
        P(
            "About treatment or side effects: Dr. Renner-Albright, (614) 555-0137, or the "
            "on-call oncologist, (614) 555-0100, any time. About your rights: the Bramblewood "
            "University IRB, (614) 555-0150, irb@bramblewood.example.org."
        ),
        PageBreak(),
        P(
            "Consent to receive zoferatinib (ZX-2041) through single-patient expanded access — "
            "signature page",
            "h2",
        ),
        H("12. Permission to use and share your health information"),
        P(
            "By signing, you allow Bramblewood University Cancer Center to share the health "
            "information in your medical record that is related to this treatment — diagnosis, "
            "test and scan results, treatment and side effects — with the FDA, "
            f"{COMPANY} and the Bramblewood University IRB, for the purposes described in "
            "section 8. This permission does not expire unless you cancel it in writing to Dr. "
            "Renner-Albright; cancelling it will stop treatment with zoferatinib but will not "
            "affect your other care. Information already shared cannot be taken back."
        ),
        H("13. Statement of consent"),
        P(
            "I have read this form or had it read to me. I have had the chance to ask "
            "questions and my questions have been answered. I agree to receive zoferatinib. I "
            "will receive a signed copy of this form."
        ),
        Spacer(1, 6),
        P("Patient's printed name: ______________________________________________"),
        sign_line("Signature of patient (or legally authorized representative)"),
        Spacer(1, 6),
        P(
            "If signed by a legally authorized representative, name and relationship: "
            "____________________________"
        ),
        Spacer(1, 6),
        P("Printed name of person obtaining consent: ____________________________________"),
        sign_line("Signature of person obtaining consent"),
        Spacer(1, 6),
        P(
            "<b>Interpreter / witness</b> (when the patient does not read English or cannot "
            "read): ____________________________________"
        ),
        sign_line("Signature of interpreter or witness"),
    ]
    build_pdf(
        out / "consent-form.pdf",
        story,
        pages=3,
        title="Consent for single-patient expanded access, zoferatinib, v1.0 (synthetic)",
        author=f"{CENTER} (fictional)",
        subject="Informed consent document (21 CFR Part 50)",
        footer="Expanded access consent · zoferatinib (ZX-2041) · v1.0 11/16/2026 · "
        "IRB-2026-1187-EA",
    )


def safety_report(out: Path) -> None:
    story: list[Flowable] = letterhead(
        CENTER,
        [f"Thoracic Oncology Program · {CENTER_ADDR} · (614) 555-0137 · Fax (614) 555-0139"],
    )
    story += [
        P("Suspected adverse reaction report (prepared for Form FDA 3500A)", "h1"),
        P(
            "Working document with the information to be transcribed onto Form FDA 3500A and "
            "sent with Form FDA 3926 (item 9: initial written IND safety report). It is not the "
            "official FDA form.",
            "small",
        ),
        boxed(
            [
                [
                    "<b>Report type</b>",
                    "Initial IND safety report, 15-day (21 CFR 312.32(c)(1)(i))",
                    "<b>Physician IND</b>",
                    "IND 168457",
                ],
                ["<b>Drug</b>", DRUG, "<b>Holder's IND</b>", f"{SPONSOR_IND} (Meridian)"],
                ["<b>Aware date</b>", "11/11/2026", "<b>Report date</b>", "11/19/2026"],
                [
                    "<b>Local ref.</b>",
                    "BUCC-EA-2026-014-SAE1",
                    "<b>Manufacturer ref.</b>",
                    "MOT-ZX-2026-00871",
                ],
            ],
            [1.0 * inch, 2.95 * inch, 1.2 * inch, W - 5.15 * inch],
        ),
        H("A. Patient information"),
        grid(
            [
                ["Identifier", "Age at event", "Sex", "Weight", "Ethnicity / race"],
                ["MHT", "57 years", "Female", "58.2 kg", "Not Hispanic or Latino / Asian, White"],
            ],
            [1.0 * inch, 1.1 * inch, 0.8 * inch, 0.9 * inch, W - 3.8 * inch],
        ),
        H("B. Adverse event"),
        P(
            "<b>Outcome attributed to the event:</b> hospitalization (initial), 11/11/2026 to "
            "11/15/2026. Not life-threatening; no disability. <b>Event:</b> acute pancreatitis "
            "(MedDRA PT Pancreatitis acute), CTCAE v5.0 grade 3. <b>Onset:</b> 11/10/2026 "
            "(day 79 of zoferatinib)."
        ),
        P(
            "<b>Narrative.</b> A 57-year-old woman with recurrent metastatic lung adenocarcinoma "
            "(EGFR exon 20 insertion p.(Asp770_Asn771insGly)) started zoferatinib 160 mg orally "
            "once daily on 08/24/2026 under the physician's individual patient expanded access "
            "IND. Restaging CT on 10/19/2026 showed a partial response. On the evening of "
            "11/10/2026 she developed constant epigastric pain radiating to the back with "
            "nausea and three episodes of vomiting. She presented to the emergency department "
            "on 11/11/2026: afebrile, heart rate 108/min, blood pressure 112/70 mmHg, epigastric "
            "tenderness without peritonism. Serum lipase was 1,142 U/L (19 × ULN). Contrast CT "
            "showed diffuse pancreatic enlargement with peripancreatic fat stranding and a "
            "small amount of fluid, without necrosis (acute interstitial edematous "
            "pancreatitis). Abdominal ultrasound showed no gallstones and a normal common bile "
            "duct. Triglycerides 142 mg/dL and calcium 9.0 mg/dL were normal; she does not "
            "drink alcohol; no new medicines had been started in the previous 3 months. "
            "Zoferatinib was held from 11/11/2026 (last dose 11/10/2026). She received IV "
            "crystalloid, IV hydromorphone and antiemetics, resumed a low-fat diet on day 3, and "
            "was discharged on 11/15/2026. At clinic review on 11/18/2026 she was pain-free and "
            "lipase was 96 U/L."
        ),
        H("Relevant tests and laboratory data"),
        grid(
            [
                [
                    "Test (units)",
                    "Reference",
                    "11/11/2026",
                    "11/12/2026",
                    "11/14/2026",
                    "11/18/2026",
                ],
                ["Lipase (U/L)", "13–60", "1,142", "804", "388", "96"],
                ["Amylase (U/L)", "28–100", "612", "455", "201", "88"],
                ["ALT (U/L)", "7–33", "41", "38", "29", "24"],
                ["Total bilirubin (mg/dL)", "0.2–1.2", "0.9", "0.8", "0.6", "0.5"],
                ["Triglycerides (mg/dL)", "&lt;150", "142", "—", "—", "—"],
                ["Calcium (mg/dL)", "8.6–10.3", "9.0", "8.7", "8.9", "9.2"],
                ["WBC (× 10<super>9</super>/L)", "4.0–11.0", "12.4", "10.9", "8.1", "6.6"],
                ["C-reactive protein (mg/L)", "&lt;5", "38", "71", "29", "6"],
                ["Creatinine (mg/dL)", "0.57–1.00", "1.08", "0.92", "0.81", "0.78"],
            ],
            [1.75 * inch, 0.85 * inch, 0.95 * inch, 0.95 * inch, 0.95 * inch, W - 5.45 * inch],
        ),
        PageBreak(),
        P("Suspected adverse reaction report — BUCC-EA-2026-014-SAE1 (continued)", "h2"),
        H("Other relevant history"),
        P(
            "No history of pancreatitis, gallstones, hypertriglyceridemia or alcohol use. "
            "Prior therapy: adjuvant cisplatin/pemetrexed (2022); amivantamab + carboplatin + "
            "pemetrexed (2024–2025); docetaxel + ramucirumab (2025); sunvozertinib (2025–2026). "
            "Hypothyroidism on levothyroxine. No known drug allergies."
        ),
        H("C/D. Suspect product"),
        grid(
            [
                ["Field", "Details"],
                [
                    "Name, strength, manufacturer",
                    f"Zoferatinib (ZX-2041) 80 mg film-coated tablets; {COMPANY}",
                ],
                ["Lot / expiry", "ZX80-26-0317 / 03/2028"],
                ["Dose, frequency, route", "160 mg (2 × 80 mg) once daily with food; oral"],
                ["Therapy dates", "08/24/2026 to 11/10/2026 (held since 11/11/2026)"],
                ["Indication", "Metastatic NSCLC with EGFR exon 20 insertion (expanded access)"],
                ["Dechallenge", "Yes — event abated after the drug was stopped"],
                ["Rechallenge", "Not done (planned at 120 mg after full recovery; see below)"],
            ],
            [1.9 * inch, W - 1.9 * inch],
        ),
        H("E. Suspect medical device"),
        P("Not applicable."),
        H("F. Concomitant medical products (with dates)"),
        grid(
            [
                ["Product", "Dose", "Since"],
                ["Levothyroxine", "88 mcg orally daily", "2019"],
                ["Loperamide", "2 mg orally as needed for diarrhea", "08/2026"],
                ["Clindamycin 1% gel", "topically twice daily (rash)", "09/2026"],
                ["Denosumab", "120 mg subcutaneously every 4 weeks", "04/2024"],
                ["Calcium carbonate / vitamin D3", "600 mg / 400 IU orally twice daily", "04/2024"],
            ],
            [2.2 * inch, 3.0 * inch, W - 5.2 * inch],
        ),
        H("Assessment"),
        *bullets(
            [
                "<b>Serious:</b> yes — required inpatient hospitalization (21 CFR 312.32(a)).",
                "<b>Unexpected:</b> yes — Investigator's Brochure Edition 4.0 lists asymptomatic "
                "increases of lipase and amylase, but not clinical pancreatitis; the event is "
                "more severe and specific than the listed reactions.",
                "<b>Suspected adverse reaction:</b> yes — temporal relationship, positive "
                "dechallenge, no alternative cause identified (no gallstones, alcohol, "
                "hypertriglyceridemia, hypercalcemia or new drugs); biologically plausible "
                "given the listed enzyme increases.",
                "<b>Fatal or life-threatening:</b> no — 15-calendar-day report (not 7-day).",
            ]
        ),
        H("Actions and plan"),
        P(
            "Meridian Drug Safety was notified on 11/12/2026 and the Bramblewood IRB on "
            "11/13/2026. Per the treatment plan's dose-modification rules for grade 3 "
            "non-hematologic toxicity, zoferatinib remains on hold; if lipase is ≤ grade 1 and "
            "symptoms have resolved, it will be restarted at 120 mg daily with weekly lipase "
            "for 4 weeks, and permanently discontinued if pancreatitis recurs. A follow-up "
            "report will be sent with the rechallenge outcome."
        ),
        H("G. Reporter"),
        P(
            f"{PHYSICIAN}, sponsor-investigator, {CENTER}, {CENTER_ADDR}; (614) 555-0137; "
            "t.renner-albright@bramblewood.example.org. Health professional: yes. Also "
            "reported to the manufacturer: yes."
        ),
    ]
    build_pdf(
        out / "safety-report-3500a.pdf",
        story,
        pages=2,
        title="Suspected adverse reaction report, prepared for Form FDA 3500A (synthetic)",
        author=f"{PHYSICIAN} (fictional)",
        subject="Serious unexpected suspected adverse reaction: acute pancreatitis",
        footer="Suspected adverse reaction report · BUCC-EA-2026-014-SAE1 · IND 168457",
    )


def ct_report(out: Path) -> None:
    sh = Sheet()
    sh.banner()
    sh.text(f"{MEDCENTER.upper()} — DEPARTMENT OF RADIOLOGY", "head", gap=2)
    sh.text(f"{CENTER_ADDR}  ·  Reading room (614) 555-0170", "small", gap=10)
    sh.rule()
    sh.text("CT CHEST, ABDOMEN AND PELVIS WITH IV CONTRAST", "title", gap=12)
    sh.fields(
        [
            ("Patient", None),
            ("Accession", "CT26-884120"),
            ("MRN", None),
            ("Exam date", "09/10/2026 08:14"),
            ("DOB", None),
            ("Sex", "F"),
            ("Ordering", "T. Renner-Albright, MD, PhD"),
            ("Status", "FINAL"),
        ]
    )
    sh.rule()
    sh.text(
        "INDICATION: Metastatic lung adenocarcinoma, EGFR exon 20 insertion, on "
        "sunvozertinib since 09/2025. Restaging.",
        gap=6,
    )
    sh.text("COMPARISON: CT chest/abdomen/pelvis 06/11/2026; nadir CT 12/09/2025.", gap=6)
    sh.text(
        "TECHNIQUE: Helical CT from the thoracic inlet to the pubic symphysis after 100 mL "
        "iohexol 350 IV, portal venous phase; 2.5 mm reconstructions. DLP 812 mGy·cm.",
        gap=10,
    )
    sh.text("FINDINGS", "head", gap=4)
    sh.text(
        "Chest: Right upper lobe mass 3.1 x 2.6 cm (06/11/2026: 2.4 x 2.0 cm; nadir 2.2 cm). "
        "Right lower paratracheal (4R) node 1.6 cm short axis (previously 1.1 cm). New "
        "moderate right pleural effusion with smooth pleural thickening. No pulmonary "
        "embolism. No new lung nodules. No ground-glass opacity to suggest pneumonitis.",
        gap=6,
    )
    sh.text(
        "Abdomen/pelvis: Hepatic metastases enlarged: segment VI 2.9 cm (06/11/2026: 2.0 cm; "
        "nadir 1.8 cm) and segment VIII 2.2 cm (1.6 cm; nadir 1.5 cm). NEW 1.1 cm "
        "hypoattenuating lesion in segment IVa. No biliary dilatation. Adrenal glands, "
        "pancreas, kidneys and bowel unremarkable. No ascites.",
        gap=6,
    )
    sh.text(
        "Bones: Sclerotic metastases in T10, L2 and the right iliac wing, unchanged. No "
        "pathological fracture.",
        gap=10,
    )
    sh.text("RECIST 1.1 MEASUREMENTS (mm)", "head", gap=4)
    sh.table(
        [
            ["Target lesion", "Baseline 08/12/2025", "Nadir 12/09/2025", "Today"],
            ["1. RUL mass (long axis)", "34", "22", "31"],
            ["2. 4R lymph node (short axis)", "15", "10", "16"],
            ["3. Liver segment VI", "27", "18", "29"],
            ["4. Liver segment VIII", "22", "15", "22"],
            ["Sum of diameters", "98", "65", "98 (+51% vs nadir)"],
        ],
        [0.42, 0.2, 0.18, 0.2],
    )
    sh.text(
        "New lesions: yes (liver segment IVa). Non-target: new right pleural effusion. "
        "Overall response: PROGRESSIVE DISEASE.",
        gap=10,
    )
    sh.text("IMPRESSION", "head", gap=4)
    sh.text(
        "1. Progressive disease by RECIST 1.1: sum of target diameters +51% from nadir "
        "(65 to 98 mm) and a new hepatic metastasis in segment IVa.",
        indent=10,
        gap=2,
    )
    sh.text(
        "2. New moderate right pleural effusion, suspicious for malignant effusion.",
        indent=10,
        gap=2,
    )
    sh.text("3. Stable sclerotic osseous metastases.", indent=10, gap=10)
    sh.text(
        "Electronically signed by Priya Castellanos-Whitfield, MD, 09/10/2026 11:52. "
        "Findings discussed with Dr. Renner-Albright at 11:45.",
        "small",
    )
    sh.footer(
        "Radiology report CT26-884120 · page 1 of 1 · fax copy received 09/10/2026 "
        "12:30. All names and numbers fictional."
    )
    gray = scanned_gray(sh.img, 0.65, "ct-report")
    rgb = paper_tint(gray)
    rgb.save(
        out / "ct-report.jpg",
        "JPEG",
        quality=80,
        dpi=(200, 200),
        optimize=False,
        progressive=False,
        subsampling="4:2:0",
    )


def _petct_page(n: int) -> Image.Image:
    sh = Sheet()
    sh.banner()
    sh.text(f"{MEDCENTER.upper()} — NUCLEAR MEDICINE / PET-CT", "head", gap=2)
    sh.text(f"{CENTER_ADDR}  ·  (614) 555-0175", "small", gap=10)
    sh.rule()
    if n == 1:
        sh.text("F-18 FDG PET/CT, SKULL BASE TO MID-THIGH", "title", gap=12)
        sh.fields(
            [
                ("Patient", None),
                ("Accession", "PT26-120577"),
                ("MRN", None),
                ("Exam date", "10/20/2026 09:40"),
                ("DOB", None),
                ("Sex", "F"),
                ("Ordering", "T. Renner-Albright, MD, PhD"),
                ("Status", "FINAL"),
            ]
        )
        sh.rule()
        sh.text(
            "INDICATION: Metastatic lung adenocarcinoma (EGFR exon 20 insertion), "
            "progression on sunvozertinib; restaging before further therapy.",
            gap=6,
        )
        sh.text(
            "COMPARISON: PET/CT 01/12/2024 (baseline); CT chest/abdomen/pelvis "
            "09/10/2026. Brain MRI 10/15/2026 reported separately (no metastases).",
            gap=6,
        )
        sh.text(
            "TECHNIQUE: 7.1 mCi (263 MBq) F-18 FDG IV; fasting glucose 104 mg/dL; uptake "
            "time 62 minutes. Low-dose CT for attenuation correction and localization, "
            "without IV contrast. Reference: mediastinal blood pool SUVmax 2.1.",
            gap=10,
        )
        sh.text("FINDINGS", "head", gap=4)
        sh.text("Head and neck: Physiologic uptake. No hypermetabolic cervical lymph nodes.", gap=6)
        sh.text(
            "Chest: Right upper lobe mass 3.3 cm, SUVmax 11.8 (01/12/2024: 4.3 cm, SUVmax "
            "14.2). Right lower paratracheal (4R) node 1.7 cm, SUVmax 8.2. Nodular right "
            "pleural thickening with uptake, SUVmax 6.1; small residual effusion with a "
            "tunneled pleural catheter in place. No new pulmonary nodules. No FDG-avid "
            "left hilar or supraclavicular nodes.",
            gap=6,
        )
        sh.table(
            [
                ["Lesion", "Size (cm)", "SUVmax", "Change"],
                ["RUL primary", "3.3", "11.8", "larger than CT 09/10/2026 (3.1)"],
                ["4R lymph node", "1.7", "8.2", "larger (1.6)"],
                ["Right pleura", "nodular", "6.1", "new since 2024"],
            ],
            [0.3, 0.18, 0.16, 0.36],
        )
    else:
        sh.text("F-18 FDG PET/CT — PT26-120577 (continued)", "title", gap=12)
        sh.fields([("Patient", None), ("Exam date", "10/20/2026")])
        sh.rule()
        sh.text(
            "Abdomen and pelvis: Multiple FDG-avid hepatic metastases: segment VI 3.1 cm "
            "(SUVmax 9.6), segment VIII 2.4 cm (SUVmax 7.9), segment IVa 1.4 cm (SUVmax "
            "5.8) and a NEW 0.9 cm focus in segment II (SUVmax 4.4). Adrenal glands without "
            "abnormal uptake. No FDG-avid abdominal or pelvic lymph nodes. Physiologic "
            "bowel and urinary activity.",
            gap=6,
        )
        sh.text(
            "Musculoskeletal: FDG-avid sclerotic metastases in T10 (SUVmax 5.2), L2 (SUVmax "
            "4.8) and the right iliac wing (SUVmax 6.3). NEW focus in the posterior left "
            "6th rib without a CT correlate (SUVmax 3.9). No pathological fracture.",
            gap=10,
        )
        sh.table(
            [
                ["Lesion", "Size (cm)", "SUVmax", "Change"],
                ["Liver segment VI", "3.1", "9.6", "larger (2.9 on 09/10/2026)"],
                ["Liver segment VIII", "2.4", "7.9", "larger (2.2)"],
                ["Liver segment IVa", "1.4", "5.8", "larger (1.1)"],
                ["Liver segment II", "0.9", "4.4", "new"],
                ["Left 6th rib", "—", "3.9", "new"],
            ],
            [0.3, 0.18, 0.16, 0.36],
        )
        sh.text("IMPRESSION", "head", gap=4)
        sh.text(
            "1. Progressive FDG-avid metastatic disease compared with CT of 09/10/2026: "
            "enlarging hepatic metastases with a new segment II lesion, and a new left 6th "
            "rib lesion (progressive metabolic disease by PERCIST).",
            indent=10,
            gap=2,
        )
        sh.text(
            "2. FDG-avid right pleural disease with a tunneled pleural catheter in place.",
            indent=10,
            gap=2,
        )
        sh.text(
            "3. No evidence of intracranial disease on the separate MRI of 10/15/2026.",
            indent=10,
            gap=10,
        )
        sh.text(
            "Electronically signed by Samuel Achterberg-Ruiz, MD, Nuclear Medicine, "
            "10/20/2026 15:07.",
            "small",
        )
    sh.footer(
        f"PET/CT report PT26-120577 · page {n} of 2 · scanned from paper copy. "
        "All names and numbers fictional."
    )
    return sh.img


def petct_tiff(out: Path) -> None:
    pages = []
    for n, angle in ((1, -0.55), (2, 0.4)):
        gray = scanned_gray(_petct_page(n), angle, f"petct-{n}", amplitude=14)
        pages.append(gray.point(lambda v: 255 if v > 150 else 0).convert("1", dither=None))
    pages[0].save(
        out / "imaging-multipage.tiff",
        "TIFF",
        save_all=True,
        append_images=pages[1:],
        compression="group4",
        dpi=(200, 200),
    )


def lab_results(out: Path) -> None:
    w, h = 1500, 1180
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))  # transparent around the card
    # soft drop shadow
    shadow = Image.new("L", (w, h), 0)
    ImageDraw.Draw(shadow).rounded_rectangle((38, 44, w - 30, h - 26), radius=26, fill=110)
    shadow = shadow.filter(ImageFilter.GaussianBlur(12))
    img.putalpha(shadow)
    card = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(card)
    d.rounded_rectangle(
        (30, 30, w - 40, h - 40),
        radius=26,
        fill=(255, 255, 255, 255),
        outline=(200, 207, 215, 255),
        width=2,
    )
    d.rounded_rectangle((30, 30, w - 40, 128), radius=26, fill=(31, 58, 95, 255))
    d.rectangle((30, 100, w - 40, 128), fill=(31, 58, 95, 255))
    img = Image.alpha_composite(img, card)
    d = ImageDraw.Draw(img)
    f_title, f_b, f, f_s = font(34, True), font(22, True), font(22), font(19)
    d.text(
        (64, 52),
        "Bramblewood MyHealth patient portal · Test results",
        font=f_title,
        fill=(255, 255, 255, 255),
    )
    d.text((64, 146), "Patient:", font=f_b, fill=(30, 30, 30, 255))
    d.rectangle((170, 146, 430, 172), fill=(0, 0, 0, 255))
    d.text(
        (470, 146),
        "Collected 11/10/2026 07:55 · Resulted 11/10/2026 11:20",
        font=f,
        fill=(30, 30, 30, 255),
    )
    d.text((1060, 182), "Ordering: T. Renner-Albright, MD", font=f, fill=(30, 30, 30, 255))
    d.text((64, 182), BANNER, font=f_b, fill=(176, 0, 32, 255))
    rows = [
        ("Test", "Result", "Flag", "Units", "Reference range"),
        ("WBC", "6.8", "", "×10^9/L", "4.0–11.0"),
        ("Absolute neutrophils", "4.6", "", "×10^9/L", "1.8–7.7"),
        ("Hemoglobin", "10.9", "L", "g/dL", "12.0–15.5"),
        ("Platelets", "238", "", "×10^9/L", "150–400"),
        ("Sodium", "137", "", "mmol/L", "135–145"),
        ("Potassium", "4.1", "", "mmol/L", "3.5–5.1"),
        ("Creatinine", "0.86", "", "mg/dL", "0.57–1.00"),
        ("eGFR (CKD-EPI 2021)", "74", "", "mL/min/1.73 m²", "≥60"),
        ("AST", "38", "H", "U/L", "10–35"),
        ("ALT", "41", "H", "U/L", "7–33"),
        ("Alkaline phosphatase", "162", "H", "U/L", "35–104"),
        ("Total bilirubin", "0.6", "", "mg/dL", "0.2–1.2"),
        ("Albumin", "3.4", "L", "g/dL", "3.5–5.2"),
        ("Lipase", "34", "", "U/L", "13–60"),
        ("Magnesium", "1.9", "", "mg/dL", "1.6–2.6"),
        ("Creatine kinase", "142", "", "U/L", "26–192"),
        ("TSH", "2.4", "", "mIU/L", "0.4–4.5"),
        ("CEA", "48.2", "H", "ng/mL", "≤3.0"),
    ]
    xs = [64, 470, 650, 760, 1030]
    y = 232
    for r, row in enumerate(rows):
        if r == 0:
            d.rectangle((50, y - 8, w - 60, y + 34), fill=(232, 237, 242, 255))
        elif r % 2 == 0:
            d.rectangle((50, y - 8, w - 60, y + 34), fill=(247, 249, 251, 255))
        for k, cell in enumerate(row):
            bold = r == 0 or (k in (1, 2) and row[2] in ("H", "L"))
            color = (176, 0, 32, 255) if r and k in (1, 2) and row[2] else (30, 30, 30, 255)
            d.text((xs[k], y), cell, font=f_b if bold else f, fill=color)
        y += 44
    d.text(
        (64, y + 10),
        "H = above, L = below the reference range. Screenshot exported "
        "11/10/2026 from the patient portal. All names and values fictional.",
        font=f_s,
        fill=(90, 90, 90, 255),
    )
    img.save(out / "lab-results.png", "PNG", optimize=True, dpi=(144, 144))


# ----- DOCX -----------------------------------------------------------------------------------


def _field(paragraph: object, instr: str) -> None:
    """Append a simple field (e.g. PAGE) to a python-docx paragraph."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    run.append(t)
    fld.append(run)
    paragraph._p.append(fld)  # type: ignore[attr-defined]


def fixed_zip(data: bytes, when: tuple[int, int, int, int, int, int]) -> bytes:
    """Re-pack a zip with fixed timestamps and attributes (python-docx stamps the clock)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=when)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 3
            zi.external_attr = 0o644 << 16
            z.writestr(zi, src.read(info.filename), compresslevel=9)
    return out.getvalue()


def discharge_summary(out: Path) -> None:
    doc = docx.Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Inches(8.5), Inches(11)
    sec.left_margin = sec.right_margin = Inches(1)
    sec.top_margin = sec.bottom_margin = Inches(0.9)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(4)

    hp = sec.header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = hp.add_run(BANNER)
    r.bold = True
    r.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
    hp2 = sec.header.add_paragraph(f"{MEDCENTER} · Discharge summary · Account BU-26-0922-4471")
    hp2.alignment = WD_ALIGN_PARAGRAPH.CENTER
    hp2.runs[0].font.size = Pt(8)
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fr = fp.add_run(f"{BANNER}. {FICTION}  ·  Page ")
    fr.font.size = Pt(8)
    _field(fp, "PAGE")

    def heading(text: str) -> None:
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(8)
        run = p.add_run(text.upper())
        run.bold = True
        run.font.size = Pt(11)
        run.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)

    def para(text: str, bold_lead: str | None = None) -> None:
        p = doc.add_paragraph()
        if bold_lead:
            p.add_run(bold_lead).bold = True
        p.add_run(text)

    def table(rows: Sequence[Sequence[str]], widths: Sequence[float]) -> None:
        t = doc.add_table(rows=len(rows), cols=len(rows[0]))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        for i, row in enumerate(rows):
            for j, cell in enumerate(row):
                c = t.cell(i, j)
                c.width = Inches(widths[j])
                c.text = ""
                run = c.paragraphs[0].add_run(cell)
                run.font.size = Pt(9.5)
                run.bold = i == 0
                c.paragraphs[0].paragraph_format.space_after = Pt(0)

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tr = title.add_run("DISCHARGE SUMMARY")
    tr.bold = True
    tr.font.size = Pt(16)
    sub = doc.add_paragraph(f"{MEDCENTER} — Inpatient Oncology (7 West)")
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER

    table(
        [
            ["Patient", "[REDACTED]", "Admitted", "09/22/2026 15:40"],
            ["MRN / DOB", "[REDACTED] / [REDACTED]", "Discharged", "09/27/2026 11:05"],
            ["Age / sex", "65 years / female", "Length of stay", "5 days"],
            [
                "Attending",
                PHYSICIAN + " (Oncology)",
                "Discharging physician",
                "Naomi Farrow-Delacroix, MD (Hospital Medicine)",
            ],
        ],
        [1.1, 2.1, 1.3, 2.0],
    )

    heading("Diagnoses")
    para(
        "Malignant right pleural effusion (J91.0) due to metastatic lung adenocarcinoma of "
        "the right upper lobe (C34.11), EGFR exon 20 insertion p.(Ala767_Val769dup).",
        "Principal: ",
    )
    para(
        "Hepatic metastases (C78.7); bone metastases (C79.51); cancer-related pain; "
        "hypertension; hypothyroidism; history of grade 3 anaphylaxis to fosaprepitant "
        "(polysorbate 80-containing).",
        "Secondary: ",
    )
    heading("Procedures")
    para("09/22/2026 — Ultrasound-guided right thoracentesis, 1,400 mL serosanguineous fluid.")
    para(
        "09/24/2026 — Right tunneled indwelling pleural catheter placement (Interventional "
        "Pulmonology, Dr. A. Sørensen-Mbeki). No pneumothorax on post-procedure radiograph."
    )

    heading("History of present illness")
    para(
        "65-year-old never-smoker with stage IVB lung adenocarcinoma (cT2b cN2 cM1c, liver and "
        "bone) diagnosed 01/2024, EGFR exon 20 insertion, treated with carboplatin/pemetrexed "
        "then pemetrexed maintenance (02/2024–10/2024, partial response), amivantamab "
        "(11/2024–08/2025, partial response) and sunvozertinib 200 mg daily (09/2025–09/2026, "
        "partial response). Restaging CT on 09/10/2026 showed progression (RECIST 1.1) with a "
        "new moderate right pleural effusion; sunvozertinib was stopped on 09/14/2026. She "
        "presented to clinic on 09/22/2026 with five days of progressive exertional dyspnea "
        "and dry cough; SpO2 89% on room air, and was admitted."
    )

    heading("Hospital course by problem")
    para(
        "Ultrasound-guided thoracentesis on admission removed 1,400 mL with prompt relief of "
        "dyspnea. Pleural fluid: LDH 612 U/L (serum 298 U/L), protein 4.6 g/dL (serum 6.4 "
        "g/dL) — exudate by Light's criteria; glucose 88 mg/dL; pH 7.38. Cytology "
        "(C26-3318, 09/23/2026): POSITIVE for malignant cells, adenocarcinoma, consistent with "
        "the known lung primary. Because of rapid reaccumulation on the radiograph of "
        "09/23/2026 and good lung re-expansion, a tunneled pleural catheter was placed on "
        "09/24/2026 rather than talc pleurodesis. Drainage 350 mL on 09/25 and 220 mL on "
        "09/26. At discharge SpO2 95% on room air at rest and 92% walking.",
        "1. Malignant right pleural effusion. ",
    )
    para(
        "The patient has received all FDA-approved therapies for EGFR exon 20 insertion NSCLC "
        "(platinum-based chemotherapy, amivantamab, sunvozertinib). Docetaxel with or without "
        "ramucirumab was discussed; docetaxel contains polysorbate 80 and she had grade 3 "
        "anaphylaxis to fosaprepitant (also polysorbate 80-containing) in 03/2024, so it is "
        "relatively contraindicated. Plans: PET-CT and brain MRI as an outpatient; screening "
        "for clinical trials; if none is open to her, a request for single-patient expanded "
        f"access to {DRUG} from {COMPANY}. Goals of care were discussed with the patient and "
        "her daughter; she wishes to pursue further treatment; code status full.",
        "2. Metastatic lung adenocarcinoma, progressive. ",
    )
    para(
        "Right-sided chest wall pain after catheter placement controlled with acetaminophen and "
        "oxycodone 5 mg as needed (used twice daily on average). Bowel regimen started.",
        "3. Pain. ",
    )
    para(
        "Blood pressure 118–134/70–82 mmHg on amlodipine; TSH 2.1 mIU/L on levothyroxine. "
        "Denosumab last given 09/08/2026; continue every 4 weeks with calcium/vitamin D.",
        "4. Chronic problems. ",
    )

    heading("Pertinent results")
    table(
        [
            ["Test", "09/22/2026", "09/27/2026", "Reference"],
            ["Hemoglobin (g/dL)", "10.6", "10.4", "12.0–15.5"],
            ["WBC (×10^9/L)", "7.9", "7.1", "4.0–11.0"],
            ["Platelets (×10^9/L)", "251", "244", "150–400"],
            ["Creatinine (mg/dL)", "0.91", "0.84", "0.57–1.00"],
            ["AST / ALT (U/L)", "44 / 47", "39 / 42", "10–35 / 7–33"],
            ["Alkaline phosphatase (U/L)", "171", "165", "35–104"],
            ["Total bilirubin (mg/dL)", "0.7", "0.6", "0.2–1.2"],
            ["Albumin (g/dL)", "3.2", "3.3", "3.5–5.2"],
        ],
        [2.3, 1.2, 1.2, 1.8],
    )

    heading("Condition at discharge")
    para(
        "Stable. Alert and oriented, ambulating independently, tolerating a regular diet. "
        "ECOG performance status 1."
    )
    heading("Discharge medications")
    for med in [
        "Amlodipine 5 mg orally once daily (unchanged)",
        "Levothyroxine 75 mcg orally once daily (unchanged)",
        "Oxycodone 5 mg orally every 6 hours as needed for pain (new; 20 tablets)",
        "Senna 8.6 mg two tablets at bedtime; polyethylene glycol 17 g daily as needed (new)",
        "Ondansetron 8 mg orally every 8 hours as needed for nausea (unchanged)",
        "Calcium carbonate 600 mg / vitamin D3 400 IU orally twice daily (unchanged)",
        "Denosumab 120 mg subcutaneously every 4 weeks — next dose 10/06/2026 in clinic",
        "STOPPED: sunvozertinib (disease progression)",
    ]:
        doc.add_paragraph(med, style="List Bullet")
    heading("Follow-up")
    for item in [
        "Home health nursing: drain the pleural catheter every other day (maximum 1,000 mL), "
        "record volumes.",
        "Interventional pulmonology clinic 10/01/2026.",
        "Thoracic oncology clinic (Dr. Renner-Albright) 10/06/2026 with labs; FDG PET-CT and "
        "brain MRI with contrast to be scheduled before 10/21/2026.",
        "Return to the emergency department for fever over 38.0 °C, worsening shortness of "
        "breath, chest pain, or catheter site redness or leakage.",
    ]:
        doc.add_paragraph(item, style="List Bullet")
    para(
        "Electronically signed: Naomi Farrow-Delacroix, MD, 09/27/2026 13:22. Co-signed: "
        f"{PHYSICIAN}, 09/27/2026 17:05."
    )

    when = datetime(2026, 9, 27, 13, 22, 0)
    cp = doc.core_properties
    cp.author = "Naomi Farrow-Delacroix, MD (fictional)"
    cp.last_modified_by = "Bramblewood EHR export (fictional)"
    cp.title = "Discharge summary (synthetic)"
    cp.subject = "Malignant pleural effusion; metastatic lung adenocarcinoma"
    cp.comments = f"{BANNER}. {FICTION}"
    cp.keywords = "synthetic; test data"
    cp.created = when
    cp.modified = when
    cp.last_printed = when
    cp.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    data = fixed_zip(buf.getvalue(), (2026, 9, 27, 13, 22, 0))
    (out / "discharge-summary.docx").write_bytes(data)


# ---------------------------------------------------------------------------------------------
# Chinese documents (and the English approvals the Chinese examples need)
# ---------------------------------------------------------------------------------------------

CN_HOSPITAL = "华东滨江肿瘤医院"
CN_EC = "华东滨江肿瘤医院医学伦理委员会"
CN_SPONSOR = "默里迪安肿瘤医药（上海）有限公司"
CN_SPONSOR_EN = "Meridian Oncology Therapeutics (Shanghai) Co., Ltd."
HK_HOLDER = "Meridian Oncology Therapeutics (Hong Kong) Limited"
CN_DRUG = "佐非替尼（zoferatinib，ZX-2041）"
CN_TRIAL = "CTR20251234"
BRAND = "Zephyrix"
NDA = "NDA 219876"
HK_REG = "HK-66817"


def ngs_report_zh(out: Path) -> None:
    """A Chinese translation of ngs-report.pdf: the same results, page for page."""
    lab = "Tessellate Genomics Laboratory"
    story: list[Flowable] = zletterhead(
        f"{lab}（基因检测实验室）",
        [
            "美国加利福尼亚州 Brightwater 市 Fennimore Parkway 2200 号 400 室 · 电话 (408) 555-019"
            "0",
            "CLIA 05D9990210 · CAP 9990210（虚构）· 医学主任：Rafael Okonkwo-Lindqvist, MD, PhD",
        ],
    )
    story += [
        note_box(
            "<b>译文说明：</b>本文件是 Tessellate Genomics Laboratory 英文报告（报告编号 "
            "TG-24-003318，报告日期 2024年2月5日，共 3 页）的中文译文，逐页对应，检测结果与英文"
            "原件一致。英文原件中已遮盖的患者身份信息在译文中同样遮盖。如有歧义，以英文原件为准。"
        ),
        Spacer(1, 6),
        ZP("TG OncoPanel 468 — 综合基因组分析报告（中文译文）", "h1"),
        zboxed(
            [
                ["<b>患者</b>", Redacted(), "<b>报告编号</b>", "TG-24-003318"],
                ["<b>出生日期</b>", Redacted(1.1 * inch), "<b>报告日期</b>", "2024年2月5日"],
                ["<b>性别</b>", "女", "<b>收样日期</b>", "2024年1月24日"],
                ["<b>诊断</b>", "肺腺癌，转移性", "<b>标本</b>", "FFPE 蜡块 A2（S24-01187）"],
                ["<b>申请医生</b>", PHYSICIAN, "<b>取材部位 / 日期</b>",
                 "右肺上叶穿刺组织 / 2024年1月17日"],
                ["<b>医疗机构</b>", CENTER, "<b>肿瘤细胞含量</b>", "40%（病理医生评估）"],
            ],
            [1.0 * inch, 2.3 * inch, 1.2 * inch, WZ - 4.5 * inch],
        ),
        ZH("结果摘要"),
        zgrid(
            [
                ["生物标志物", "结果", "临床意义"],
                ["<b>EGFR</b>", "<b>20 号外显子插入突变 p.(Ala767_Val769dup)</b>，VAF 38.2%",
                 "Ⅰ类变异，A 级证据（AMP/ASCO/CAP 2017）"],
                ["TP53", "p.(Arg273His)，VAF 41.0%", "Ⅱ类变异（预后意义）"],
                ["肿瘤突变负荷（TMB）", "3.1 个突变/Mb", "TMB 低（&lt;10 个突变/Mb）"],
                ["微卫星状态", "微卫星稳定（MSS）", "非 MSI-H"],
                ["PD-L1（22C3）免疫组化", "肿瘤细胞阳性比例分数（TPS）5%", "低表达（1%–49%）"],
                ["基因融合（RNA）", "未检出", "ALK、ROS1、RET、NTRK1/2/3、NRG1、MET"],
                ["MET 14 号外显子跳跃", "未检出", "—"],
                ["拷贝数变异", "未见可报告的扩增", "EGFR、MET、ERBB2 无扩增"],
            ],
            [1.55 * inch, 2.75 * inch, WZ - 4.3 * inch],
        ),
        ZH("治疗提示（截至报告日期）"),
        zgrid(
            [
                ["变异", "该瘤种中 FDA 批准的治疗", "潜在耐药"],
                ["EGFR 20 号外显子插入", "含铂化疗后使用 amivantamab-vmjw（埃万妥单抗）",
                 "大多数 20 号外显子插入突变对批准剂量的吉非替尼、厄洛替尼、阿法替尼和奥希替尼"
                 "不敏感"],
                ["PD-L1 TPS 5%", "免疫检查点抑制剂按 PD-L1 表达水平获批，但在 EGFR 突变 NSCLC 中"
                 "获益有限", "EGFR 突变肿瘤对 PD-1/PD-L1 单药治疗反应差"],
            ],
            [1.45 * inch, 2.6 * inch, WZ - 4.05 * inch],
        ),
        Spacer(1, 4),
        ZP(
            "治疗关联信息仅供参考，不构成治疗建议；治疗方案由主治医生决定。可能与该患者相关的"
            "临床试验列于第 3 页。",
            "small",
        ),
        PageBreak(),
        ZP("报告 TG-24-003318 — 基因组检测结果详述", "h2"),
        ZH("已知或可能具有临床意义的变异"),
        zgrid(
            [
                ["基因", "转录本", "cDNA（HGVS）", "蛋白（HGVS）", "外显子", "VAF", "测序深度"],
                ["EGFR", "NM_005228.5", "c.2300_2308dup", "p.(Ala767_Val769dup)", "20", "38.2%",
                 "1,482×"],
                ["TP53", "NM_000546.6", "c.818G&gt;A", "p.(Arg273His)", "8", "41.0%", "1,106×"],
            ],
            [0.6 * inch, 1.05 * inch, 1.2 * inch, 1.55 * inch, 0.55 * inch, 0.6 * inch,
             WZ - 5.55 * inch],
        ),
        Spacer(1, 4),
        ZP(
            "<b>EGFR p.(Ala767_Val769dup)</b>（亦写作 A767_V769dupASV）是 20 号外显子 C-螺旋附近 "
            "9 个核苷酸的框内重复，是非小细胞肺癌（NSCLC）中最常见的 EGFR 20 号外显子插入突变"
            "（约占此类插入的 20%–25%）。该变异在激活激酶的同时保留了对 ATP 的亲和力，因此对针对 "
            "19 号外显子缺失和 L858R 设计的已获批 EGFR 酪氨酸激酶抑制剂敏感性降低。"
        ),
        ZP(
            "<b>TP53 p.(Arg273His)</b> 为 DNA 结合区热点错义变异；合并 TP53 变异与 EGFR 靶向"
            "治疗的无进展生存期缩短相关。"
        ),
        ZH("意义未明的变异"),
        zgrid(
            [
                ["基因", "cDNA（HGVS）", "蛋白（HGVS）", "VAF", "备注"],
                ["ATM", "NM_000051.4:c.2572T&gt;C", "p.(Phe858Leu)", "49.1%",
                 "VAF 接近 50%：可能为胚系来源，可考虑遗传咨询"],
                ["ARID1A", "NM_006015.6:c.3998C&gt;T", "p.(Ala1333Val)", "17.6%", "—"],
            ],
            [0.7 * inch, 1.9 * inch, 1.2 * inch, 0.6 * inch, WZ - 4.4 * inch],
        ),
        ZH("基因组特征"),
        zgrid(
            [
                ["特征", "结果", "方法"],
                ["肿瘤突变负荷", "3.1 个突变/Mb",
                 "统计 1.31 Mb 编码区内的非同义及同义体细胞 SNV/插入缺失；已过滤胚系变异及克隆性"
                 "造血相关变异；可报告范围 0–200"],
                ["微卫星不稳定", "MSS（不稳定位点 1.2%）",
                 "130 个单核苷酸重复位点与正常基线比较；不稳定位点 ≥20% 判定为 MSI-H"],
            ],
            [1.3 * inch, 1.5 * inch, WZ - 2.8 * inch],
        ),
        ZH("重要阴性结果"),
        ZP(
            "KRAS、NRAS、BRAF、ERBB2（HER2）、MET、PIK3CA、STK11、KEAP1、RET 及 ROS1 未检出致病性"
            "变异。未检出 EGFR 19 号外显子缺失、L858R、T790M 或 C797S。ALK、ROS1、RET、NTRK1、"
            "NTRK2、NTRK3、NRG1、MET、FGFR1–3 及 BRAF 未检出融合（RNA；62 个融合驱动基因）。未检出 "
            "MET 14 号外显子跳跃转录本。未见可报告的拷贝数增加（EGFR、MET、ERBB2、CCNE1）或缺失"
            "（CDKN2A、PTEN）。"
        ),
        ZH("质量指标"),
        zgrid(
            [
                ["指标", "数值", "合格标准"],
                ["DNA 投入量 / RNA 投入量", "80 ng / 60 ng", "≥40 ng / ≥30 ng"],
                ["DNA 唯一分子中位深度", "1,240×", "≥500×"],
                ["唯一分子深度 ≥250× 的目标区域", "97.8%", "≥95%"],
                ["RNA 有效读段", "840 万", "≥300 万"],
                ["检测下限（SNV / 插入缺失）", "VAF 5% / 5%", "深度 ≥250× 时"],
            ],
            [2.6 * inch, 1.6 * inch, WZ - 4.2 * inch],
        ),
        PageBreak(),
        ZP("报告 TG-24-003318 — PD-L1、临床试验、方法及签发", "h2"),
        ZH("PD-L1 免疫组化"),
        zgrid(
            [
                ["检测", "蜡块", "有效肿瘤细胞数", "TPS", "对照"],
                ["PD-L1 IHC 22C3 pharmDx（Autostainer Link 48 平台）", "A2", "约 350 个", "5%",
                 "细胞系及扁桃体对照合格"],
            ],
            [2.3 * inch, 0.55 * inch, 1.2 * inch, 0.5 * inch, WZ - 4.55 * inch],
        ),
        Spacer(1, 4),
        ZP(
            "TPS 指任何强度的部分或完整细胞膜染色的有效肿瘤细胞所占百分比。判读至少需要 100 个"
            "有效肿瘤细胞；本标本满足要求。由 R. Okonkwo-Lindqvist, MD, PhD 于 2024年1月31日判读。"
        ),
        ZH("可能与该患者相关的临床试验（虚构条目）"),
        zgrid(
            [
                ["NCT 编号", "分期", "药物 / 设计", "匹配的生物标志物"],
                ["NCT05964812", "1/2",
                 "ZEPHYR-1：zoferatinib（佐非替尼，ZX-2041），口服 EGFR 20 号外显子选择性 TKI；"
                 "剂量递增及扩展队列", "EGFR 20 号外显子插入"],
                ["NCT06112359", "1b/2", "TRX-318，EGFR/cMET 双特异性抗体偶联药物",
                 "EGFR 突变 NSCLC"],
                ["NCT06390077", "2", "泛 HER 共价 TKI 篮式研究", "EGFR 或 HER2 20 号外显子插入"],
            ],
            [1.05 * inch, 0.5 * inch, 3.2 * inch, WZ - 4.75 * inch],
        ),
        Spacer(1, 4),
        ZP(
            "试验仅按生物标志物匹配；能否入组取决于许多其他标准以及转诊时的入组状态。",
            "small",
        ),
        ZH("方法"),
        ZP(
            "从显微切割的 FFPE 组织中提取 DNA 和 RNA。杂交捕获文库覆盖 468 个基因的全部编码外显子"
            "及部分内含子，在短读长平台（2 × 150 bp）上测序，并使用唯一分子标识符。读段比对至 "
            "GRCh38；SNV、插入缺失、拷贝数变化及融合由本实验室经验证的分析流程（v6.2）检出。变异按 "
            "HGVS 命名规则描述，并依据 AMP/ASCO/CAP 2017 体细胞变异指南分类。未对配对正常样本测序，"
            "无法确定变异是否为胚系来源。"
        ),
        ZH("局限性"),
        ZP(
            "低于检测下限的变异、靶向区域以外的大片段重排以及伴侣基因罕见的融合可能漏检。肿瘤异质性"
            "可能导致不同标本的结果不同。本检测由 Tessellate Genomics Laboratory 开发并确定其性能"
            "特征，未经美国食品药品监督管理局（FDA）批准或许可。本实验室经 CLIA 认证，可开展高复杂"
            "度"
            "临床检测。"
        ),
        Spacer(1, 6),
        ZP(
            "<b>电子签名：</b>Rafael Okonkwo-Lindqvist, MD, PhD，医学主任 — 2024年2月5日 09:14"
            "（美国太平洋时间）。<b>变异审核：</b>Chen Adeyemi-Nakamura, PhD, FACMG。"
        ),
        Spacer(1, 8),
        note_box(
            "<b>译者声明：</b>本人确认，本译文是上述英文报告的完整、准确的中文翻译。"
            "译者：许文静（虚构），示例语言服务有限公司（虚构）；翻译日期：2026年11月20日。"
        ),
    ]
    build_zh(
        out / "ngs-report-zh.pdf",
        story,
        pages=3,
        title="基因检测报告（中文译文）TG-24-003318（合成）",
        author=f"{lab}（虚构）— 中文译文",
        subject="NGS 报告译文：EGFR 20 号外显子插入、TMB、MSI、PD-L1 22C3",
        footer=f"{lab} · TG OncoPanel 468 · 报告 TG-24-003318 · 中文译文",
    )


def sponsor_agreement_zh(out: Path) -> None:
    story: list[Flowable] = zletterhead(
        f"{CN_SPONSOR}",
        [
            f"{CN_SPONSOR_EN} · 上海市浦东新区示范路 288 号 15 楼（虚构）· 邮编 201203",
            "电话 +86 21 5550 7700 · expanded.access.cn@meridian-onc.example.com",
        ],
    )
    story += [
        ZP("申办者同意函", "h1"),
        ZP("编号：MOT-SH-EAP-2026-009", "right"),
        ZP(
            f"致：{CN_HOSPITAL}（Huadong Binjiang Cancer Hospital）<br/>"
            f"　　药物临床试验机构办公室、{CN_EC}、肿瘤内科王建国主任医师",
            "plain",
        ),
        ZP(f"事由：关于同意在临床试验 {CN_TRIAL} 所在机构拓展性使用{CN_DRUG}的函", "plain"),
        ZP(
            f"贵院肿瘤内科王建国主任医师来函，申请为一名患者（姓名缩写 LXM，女）拓展性使用我公司"
            f"在研药物{CN_DRUG}。该患者患转移性肺腺癌，携带 EGFR 20 号外显子插入突变，经含铂化疗、"
            f"埃万妥单抗及多西他赛治疗后疾病进展，目前无有效的标准治疗；因既往接受过埃万妥单抗，"
            f"不符合贵院正在开展的 ZX-2041 Ⅱ期临床试验（登记号 {CN_TRIAL}）的入组标准。",
            "letter",
        ),
        ZP(
            "经审阅贵院提交的病历摘要及治疗方案，我公司作为上述临床试验的申办者，同意如下：",
            "letter",
        ),
        *zbullets(
            [
                f"同意依照《中华人民共和国药品管理法》第二十三条，在贵院（{CN_TRIAL} 的临床试验"
                "机构）内，经贵院医学伦理委员会审查同意并取得患者书面知情同意后，将佐非替尼拓展性"
                "使用于该患者。",
                "我公司自愿<b>免费</b>提供佐非替尼 80 mg 薄膜衣片：首批 168 片"
                "（按每日 160 mg 计 12 周用量）；"
                "经主治医生评估患者持续获益的，继续免费供药至疾病进展或出现不可耐受的毒性。",
                "药品按临床试验用药品管理要求运送至贵院药学部，附检验报告；贵院负责接收、储存、"
                "发放及回收记录，药品仅用于该患者，不得转用或收费。",
                "我公司向贵院提供最新版研究者手册（第 4.0 版）及新的安全性信息；严重不良事件请于"
                "获知后 24 小时内报告我公司药物警戒部，我公司按规定向国家药品监督管理局药品审评中心"
                "报告。",
                "该药品在中国获批上市或临床试验终止时，双方另行商定后续供药安排，以保障患者治疗不"
                "中断。",
            ],
            "plain",
        ),
        ZP(
            "联系人：孙悦，医学事务部（拓展性使用项目），电话 +86 21 5550 7700，"
            "邮箱 expanded.access.cn@meridian-onc.example.com。",
            "letter",
        ),
        Spacer(1, 10),
        Table(
            [[ZP(f"{CN_SPONSOR}<br/>授权代表：程立新（虚构），医学事务副总裁<br/>"
                 "签字：<i>（合成文件，无手写签名）</i><br/>日期：2026年11月21日", "plain"),
              seal_box("公司印章位置<br/>（合成文件，无印章）")]],
            colWidths=[WZ - 2.1 * inch, 2.1 * inch],
            style=TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                              ("FONTNAME", (0, 0), (-1, -1), CJK)]),
        ),
    ]
    build_zh(
        out / "sponsor-agreement-zh.pdf",
        story,
        pages=1,
        title="申办者同意函 MOT-SH-EAP-2026-009（合成）",
        author=f"{CN_SPONSOR}（虚构）",
        subject=f"同意拓展性使用佐非替尼（{CN_TRIAL}）",
        footer=f"{CN_SPONSOR} · 申办者同意函 · MOT-SH-EAP-2026-009",
    )


def ethics_approval_zh(out: Path) -> None:
    story: list[Flowable] = zletterhead(
        CN_EC,
        [
            "Medical Ethics Committee, Huadong Binjiang Cancer Hospital · 登记号 ZJ-EC-2019-027（虚"
            "构）",
            "浙江省杭州市滨江区江南大道 1888 号 · 电话 +86 571 5550 1099 · "
            "ethics@binjiang-cancer.example.cn",
        ],
    )
    story += [
        ZP("医学伦理委员会审查批件", "h1"),
        ZP("批件号：BJZL-EC-2026-KZ-017", "right"),
        zboxed(
            [
                ["<b>项目名称</b>", f"{CN_DRUG}拓展性临床试验（单例患者）"],
                ["<b>临床试验登记号</b>", f"{CN_TRIAL}（ZX-2041 Ⅱ期临床试验，本院为试验机构）"],
                ["<b>申办者</b>", f"{CN_SPONSOR}"],
                ["<b>申请人 / 科室</b>", "王建国，主任医师 / 肿瘤内科"],
                ["<b>患者</b>", "1 例（姓名缩写 LXM，女）；身份信息由申请科室保存"],
                ["<b>审查类别 / 方式</b>", "初始审查 / 会议审查（2026年第 22 次会议）"],
                ["<b>审查日期</b>", "2026年11月23日"],
            ],
            [1.45 * inch, WZ - 1.45 * inch],
        ),
        ZH("审查文件"),
        zgrid(
            [
                ["文件", "版本号 / 日期"],
                ["拓展性临床试验申请书（患者、医疗机构、申办者联合申请）", "2026年11月20日"],
                ["病历摘要、治疗方案", "2026年11月20日"],
                ["申办者同意函（MOT-SH-EAP-2026-009）", "2026年11月21日"],
                ["知情同意书", "第 1.0 版，2026年11月22日"],
                ["研究者手册", "第 4.0 版，2026年3月1日"],
            ],
            [WZ - 2.2 * inch, 2.2 * inch],
        ),
        ZH("审查意见"),
        ZP(
            "经本委员会会议审查（应到委员 9 人，实到 7 人，符合法定人数；与本项目存在利益冲突的委员"
            "已回避），依据《中华人民共和国药品管理法》第二十三条、《药物临床试验质量管理规范》及"
            "《涉及人的生命科学和医学研究伦理审查办法》，认为：患者所患疾病严重危及生命且目前无"
            "有效治疗手段，根据已有研究数据可能获益，风险可控，知情同意过程及文件符合要求。"
            "申办者已书面承诺免费提供药品。"
        ),
        ZP("<b>审查决定：同意</b>（同意 7 票，作必要修改后同意 0 票，不同意 0 票）。"),
        ZH("要求"),
        *zbullets(
            [
                "首次给药前取得患者（或其法定代理人）签署的本次批准版本的知情同意书。",
                "严重不良事件于获知后 24 小时内报告本委员会及申办者。",
                "治疗方案的任何修改须经本委员会审查同意后方可实施（为消除对患者的紧急危害者除外）。",
                "跟踪审查频率：每 6 个月；治疗结束后 30 日内提交总结报告。",
                "本批件有效期：2026年11月23日至2027年11月22日。",
            ]
        ),
        Spacer(1, 8),
        Table(
            [[ZP("主任委员：刘志华<br/>签字：<i>（合成文件，无手写签名）</i><br/>"
                 "日期：2026年11月23日", "plain"),
              seal_box("伦理委员会印章位置<br/>（合成文件，无印章）")]],
            colWidths=[WZ - 2.1 * inch, 2.1 * inch],
            style=TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                              ("FONTNAME", (0, 0), (-1, -1), CJK)]),
        ),
    ]
    build_zh(
        out / "ethics-approval-zh.pdf",
        story,
        pages=1,
        title="医学伦理委员会审查批件 BJZL-EC-2026-KZ-017（合成）",
        author=f"{CN_EC}（虚构）",
        subject="拓展性临床试验伦理审查批件",
        footer=f"{CN_EC} · 审查批件 BJZL-EC-2026-KZ-017",
    )


# two options under one box: indented by non-breaking spaces (reportlab keeps them)
INDENT = "&nbsp;" * 6


def consent_form_zh(out: Path) -> None:
    """A blank Chinese consent template: no patient, the access route ticked by the physician."""
    story: list[Flowable] = [
        Table(
            [[[ZP("知情同意书", "title"),
               ZP("使用境内未注册上市的抗肿瘤药品 — 佐非替尼（zoferatinib，ZX-2041）", "h2")],
              ZP("模板第 1.0 版<br/>2026年11月22日<br/>经医疗机构伦理委员会审查同意后使用",
                 "small")]],
            colWidths=[WZ - 1.9 * inch, 1.9 * inch],
            style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("BOX", (1, 0), (1, 0), 0.8, colors.HexColor("#1F6F3F")),
                              ("FONTNAME", (0, 0), (-1, -1), CJK)]),
        ),
        Spacer(1, 6),
        ZP("<b>第一部分　知情告知页</b>", "plain"),
        zboxed(
            [
                ["<b>医疗机构</b>", "", "<b>科室</b>", ""],
                ["<b>主治医生</b>", "", "<b>24 小时联系电话</b>", ""],
                ["<b>获得途径</b><br/>（医生勾选）",
                 "□ 拓展性临床试验（药品管理法第二十三条，在开展临床试验的机构内使用）<br/>"
                 "□ 海南博鳌乐城先行区临床急需进口药品<br/>"
                 "□ 粤港澳大湾区港澳药械通<br/>"
                 "□ 临床急需药品临时进口（药品管理法第六十五条）", "", ""],
            ],
            [1.1 * inch, 2.4 * inch, 1.3 * inch, WZ - 4.8 * inch],
            span=[((1, 2), (3, 2))],
        ),
        ZH("一、为什么给您这份文件"),
        ZP(
            "您的医生建议您使用佐非替尼治疗。佐非替尼<b>尚未在中国境内注册上市</b>。按照您的医生在"
            "上表中勾选的途径，使用前须经医疗机构伦理委员会审查和／或药品监督管理部门批准，并取得"
            "您的书面同意。请仔细阅读本文件，有任何疑问请向医生提出。您可以拒绝，拒绝不会影响您"
            "获得其他治疗。"
        ),
        ZH("二、佐非替尼是什么"),
        ZP(
            "佐非替尼是一种口服的 EGFR 20 号外显子插入选择性酪氨酸激酶抑制剂。若通过拓展性临床"
            "试验使用，它仍在临床试验中；若通过进口途径使用，它已在境外上市（美国商品名 Zephyrix）"
            "，"
            "但尚未在中国注册。"
        ),
        ZH("三、如果您同意，将会怎样"),
        *zbullets(
            [
                "每日口服一次，随餐服用；剂量由医生决定，出现不良反应时可能减量或暂停。",
                "用药前进行血液检查、心电图、超声心动图，必要时进行影像学检查。",
                "前 2 个月每 2 周门诊随访并抽血检查，此后每 4 周一次；用药第 2 周及此后每月复查心电"
                "图，"
                "共 3 个月；约每 8 周复查 CT。",
                "请记录服药情况及不适，每次就诊时带回药瓶和剩余药片。",
                "只要医生认为治疗对您有益且不良反应可以接受，治疗将持续进行。",
            ]
        ),
        ZH("四、可能的风险和不适"),
        ZP("截至 2026年3月，约 300 人在研究中使用过佐非替尼。研究中观察到的不良反应（研究者手册"
           "第 4.0 版）包括："),
        zgrid(
            [
                ["发生频率", "不良反应"],
                ["十分常见（超过 1/5）",
                 "腹泻（62%）、痤疮样皮疹（48%）、皮肤干燥、甲沟炎（25%）、口腔溃疡（21%）、恶心、"
                 "乏力、食欲下降"],
                ["常见（1/100 至 20/100）",
                 "呕吐、贫血、肝功能指标升高、无症状的血脂肪酶或淀粉酶升高（9%）、心电图 QTc 间期"
                 "延长（4%）、眼部刺激、体重下降"],
                ["少见但严重（低于 2/100）",
                 "间质性肺病或肺炎（2%），可危及生命；心脏泵血功能下降；严重腹泻导致脱水和肾损伤"],
            ],
            [1.7 * inch, WZ - 1.7 * inch],
        ),
        Spacer(1, 4),
        ZP(
            "可能存在尚未发现的风险。如出现新发或加重的咳嗽、气促，每日腹泻比平时多 4 次及以上，"
            "晕厥或心慌，剧烈腹痛，或皮肤、眼睛发黄，请立即告知医生。"
        ),
        ZP(
            "<b>妊娠：</b>佐非替尼可能伤害胎儿。如您或您的伴侣有可能怀孕，治疗期间及末次用药后 "
            "6 周内必须采取有效避孕措施。"
        ),
        PageBreak(),
        ZH("五、可能的获益"),
        ZP(
            "佐非替尼可能使肿瘤缩小或生长减慢，但也可能无效。在一项早期研究中，既往使用过埃万妥单抗"
            "后疾病进展的患者中约 4/10 肿瘤缩小。无法保证您一定获益。"
        ),
        ZH("六、其他选择"),
        ZP(
            "您可以选择多西他赛等化疗、在有条件时参加其他临床试验、对疼痛部位进行放疗，或不进行"
            "抗肿瘤治疗而以缓解症状为主的姑息治疗。医生会与您讨论这些选择。"
        ),
        ZH("七、费用"),
        ZP(
            "□ <b>拓展性临床试验</b>（医生按申办者同意函勾选一项）：<br/>"
            + INDENT + "□ 佐非替尼由申办者免费提供，不向您收取药品费用。<br/>"
            + INDENT + "□ 佐非替尼的费用及其承担方式由申办者与您、医疗机构约定；用药前医生"
            "会告知费用金额及由谁承担。<br/>"
            + "□ <b>进口途径：</b>佐非替尼按医疗机构公示的进口药品价格收费，由您自付，一般不纳入"
            "基本医疗保险报销；用药前医生会告知预计费用。<br/>"
            "门诊、检查及不良反应的治疗按常规收费。"
        ),
        ZH("八、个人信息的保护"),
        ZP(
            "您的病历可能由药品监督管理部门、伦理委员会及药品的申办者或上市许可持有人（及其工作"
            "人员）查阅，以核查用药安全和合规情况。提交给监管部门、申办者或上市许可持有人的资料以您"
            "的姓名缩写和出生日期标识，不使用您的姓名。"
        ),
        ZH("九、如果发生损害"),
        ZP(
            "如发生与佐非替尼相关的损害，您将得到及时治疗。拓展性临床试验中，申办者承担相应的"
            "治疗费用及经济补偿；进口途径中，按医疗机构的承诺及相关规定处理。签署本文件不会使您"
            "放弃任何合法权利。"
        ),
        ZH("十、自愿参加和退出"),
        ZP(
            "是否使用佐非替尼完全由您决定。您可以随时拒绝或停止用药，不会因此失去您本应获得的任何"
            "医疗待遇。如药物无效、不良反应过重、您可以通过临床试验或已上市药品获得该药，或审批被"
            "撤销，医生也可能停止用药。"
        ),
        ZH("十一、联系方式"),
        ZP(
            "有关治疗或不良反应的问题，请联系上表中的主治医生或 24 小时联系电话。有关您的权益，"
            "请联系本医疗机构伦理委员会办公室：电话＿＿＿＿＿＿＿＿。"
        ),
        PageBreak(),
        ZP("<b>第二部分　知情同意签字页</b>", "plain"),
        ZP("使用境内未注册上市的抗肿瘤药品 — 佐非替尼（zoferatinib，ZX-2041）　模板第 1.0 版，"
           "2026年11月22日", "small"),
        ZH("患者声明"),
        ZP(
            "我已阅读本知情同意书（或由他人向我宣读），医生已向我说明佐非替尼的性质、获得途径、"
            "可能的获益和风险、其他治疗选择及费用。我有机会提问，所有问题均已得到满意答复。我自愿"
            "同意使用佐非替尼治疗，并将获得一份已签署的知情同意书副本。"
        ),
        Spacer(1, 6),
        zsign_line("患者签名", "联系电话"),
        Spacer(1, 8),
        ZP("如患者无行为能力或不能亲自签署，由法定代理人签署：", "small"),
        zsign_line("法定代理人签名", "与患者关系"),
        Spacer(1, 8),
        ZP("如患者或法定代理人不能阅读，由见证人签署（见证人独立于医疗团队，见证了完整的知情同意"
           "过程）：", "small"),
        zsign_line("见证人签名"),
        ZH("医生声明"),
        ZP(
            "我已向患者（或其法定代理人）如实说明本知情同意书的全部内容，回答了其提出的问题，患者"
            "系自愿同意。"
        ),
        Spacer(1, 6),
        zsign_line("医生签名", "联系电话"),
        Spacer(1, 14),
        ZP("本知情同意书一式两份，患者和医疗机构各执一份。", "small"),
    ]
    build_zh(
        out / "consent-form-zh.pdf",
        story,
        pages=3,
        title="知情同意书（模板第 1.0 版）— 佐非替尼（合成）",
        author="accesspack 示例（虚构）",
        subject="知情同意书模板：拓展性临床试验或临床急需进口",
        footer="知情同意书 · 佐非替尼（ZX-2041）· 模板第 1.0 版，2026年11月22日",
    )


def institution_licence_zh(out: Path) -> None:
    """A generic copy of a medical institution's practising licence (副本)."""
    story: list[Flowable] = [
        Spacer(1, 6),
        ZP("医疗机构执业许可证", "h1"),
        ZP("（副本）", "h1"),
        ZP("登记号：PDY00000-000000000A0000（示例）", "right"),
        Spacer(1, 4),
        zboxed(
            [
                ["<b>机构名称</b>", "示例医疗机构"],
                ["<b>地址</b>", "示例省示例市示例区示例路 1 号"],
                ["<b>法定代表人</b>", "（示例）"],
                ["<b>主要负责人</b>", "（示例）"],
                ["<b>所有制形式</b>", "全民所有制"],
                ["<b>医疗机构类别</b>", "综合医院（三级甲等）"],
                ["<b>经营性质</b>", "非营利性（政府办）"],
                ["<b>服务对象</b>", "社会"],
                ["<b>诊疗科目</b>",
                 "预防保健科；内科：呼吸内科专业、心血管内科专业、消化内科专业；外科：普通外科专业、"
                 "胸外科专业；妇产科；儿科；肿瘤科；急诊医学科；麻醉科；医学检验科；病理科；医学影像"
                 "科：X 线诊断专业、CT 诊断专业、磁共振成像诊断专业、核医学专业、放射治疗专业；"
                 "中医科"],
                ["<b>床位</b>", "1,200 张"],
                ["<b>有效期限</b>", "自 2024年1月1日 至 2028年12月31日"],
            ],
            [1.4 * inch, WZ - 1.4 * inch],
        ),
        Spacer(1, 10),
        Table(
            [[ZP("发证机关：示例市卫生健康委员会<br/>发证日期：2024年1月1日", "plain"),
              seal_box("发证机关印章位置<br/>（合成文件，无印章）")]],
            colWidths=[WZ - 2.1 * inch, 2.1 * inch],
            style=TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                              ("FONTNAME", (0, 0), (-1, -1), CJK)]),
        ),
        Spacer(1, 12),
        Table(
            [[ZP("复印件与原件一致<br/>（医疗机构盖章）", "plain"),
              seal_box("医疗机构印章位置<br/>（合成文件，无印章）")]],
            colWidths=[WZ - 2.1 * inch, 2.1 * inch],
            style=TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                              ("FONTNAME", (0, 0), (-1, -1), CJK)]),
        ),
        Spacer(1, 12),
        note_box(
            "本页为通用的合成样张：机构名称、登记号及其他事项均为示例，不对应任何真实机构，也不对应"
            "示例病例中的医疗机构（病例中的机构以病例文件中的名称和登记号为准）。"
        ),
    ]
    build_zh(
        out / "institution-licence-zh.pdf",
        story,
        pages=1,
        title="医疗机构执业许可证（副本）复印件 — 示例医疗机构（合成）",
        author="示例市卫生健康委员会（虚构）",
        subject="医疗机构合法登记证明文件（通用样张）",
        footer="医疗机构执业许可证（副本）复印件 · 示例医疗机构 · 通用样张",
    )


def supply_letter_zh(out: Path) -> None:
    """The marketing authorisation holder's letter of supply for the import routes."""
    story: list[Flowable] = zletterhead(
        f"{HK_HOLDER}",
        [
            "默里迪安肿瘤医药（香港）有限公司 · 香港湾仔示范道 18 号示范中心 21 楼 2106 室（虚构）",
            f"电话 +852 5550 3318 · 代表 {COMPANY}（上市许可持有人）",
        ],
    )
    story += [
        ZP("供货证明函", "h1"),
        ZP("编号：MOT-HK-SUP-2026-031", "right"),
        ZP("致：拟申请临床急需进口 Zephyrix（佐非替尼）的境内医疗机构", "plain"),
        ZP(
            f"{BRAND}（zoferatinib 佐非替尼）80 mg 薄膜衣片的上市许可持有人为 {COMPANY}（美国）。"
            f"本品于 2026年4月14日获美国食品药品监督管理局批准上市，批准文号 {NDA}；"
            f"于 2026年8月27日获香港特别行政区卫生署注册，注册编号 {HK_REG}，持证人为本公司；"
            "于 2026年9月18日经欧盟集中审批程序获批。本品<b>尚未在中国境内注册上市</b>。",
            "letter",
        ),
        ZP("本公司受上市许可持有人授权，作如下证明和承诺：", "letter"),
        *zbullets(
            [
                "医疗机构依法取得海南博鳌乐城国际医疗旅游先行区临床急需进口药品批准、粤港澳大湾区"
                "港澳药械通批准或国家临床急需药品临时进口批准后，本公司按批准的品种、规格和数量，"
                "通过其指定的进口企业向该医疗机构供应本品。",
                "本品储存温度为 15–30 °C；每批药品附批检验报告（COA）、境外上市证明文件、"
                "中文说明书译文及储运条件说明。",
                "配合医疗机构建立药品进口、储存、发放的全程追溯记录，并配合开展药品不良反应监测。",
                "本函不构成对任何特定患者的供药义务，具体数量以批准文件和订单为准。",
            ],
            "plain",
        ),
        ZP("联系人：郭咏恩（虚构），供应链及注册事务部，电话 +852 5550 3318。", "letter"),
        Spacer(1, 10),
        Table(
            [[ZP(f"{HK_HOLDER}<br/>默里迪安肿瘤医药（香港）有限公司<br/>授权代表：陈家明（虚构），"
                 "总经理<br/>签字：<i>（合成文件，无手写签名）</i><br/>日期：2026年11月16日",
                 "plain"),
              seal_box("公司印章位置<br/>（合成文件，无印章）")]],
            colWidths=[WZ - 2.1 * inch, 2.1 * inch],
            style=TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                              ("FONTNAME", (0, 0), (-1, -1), CJK)]),
        ),
    ]
    build_zh(
        out / "supply-letter-zh.pdf",
        story,
        pages=1,
        title="供货证明函 MOT-HK-SUP-2026-031（合成）",
        author=f"{HK_HOLDER}（虚构）",
        subject="Zephyrix（佐非替尼）临床急需进口供货证明",
        footer=f"{HK_HOLDER} · 供货证明函 · MOT-HK-SUP-2026-031",
    )


def hk_registration(out: Path) -> None:
    """A synthetic Hong Kong certificate of drug/product registration (English, A4)."""
    wa = A4_W - 1.5 * inch
    story: list[Flowable] = letterhead(
        "Department of Health — The Government of the Hong Kong Special Administrative Region",
        [
            "Drug Office · Pharmacy and Poisons Board of Hong Kong (fictional rendering; not an "
            "official form)",
        ],
        width=wa,
    )
    story += [
        Spacer(1, 8),
        P("CERTIFICATE OF DRUG/PRODUCT REGISTRATION", "center"),
        P(
            "This is to certify that the pharmaceutical product described below has been "
            "registered by the Pharmacy and Poisons Board of Hong Kong under the Pharmacy and "
            "Poisons Ordinance (Cap. 138) and its subsidiary legislation, subject to the "
            "conditions stated in this certificate.",
            "serif",
        ),
        boxed(
            [
                ["<b>Registration No.</b>", HK_REG],
                ["<b>Name of product</b>", "ZEPHYRIX FILM-COATED TABLETS 80MG"],
                ["<b>Active ingredient(s)</b>", "Zoferatinib 80 mg per tablet"],
                ["<b>Dosage form / route</b>", "Film-coated tablet / oral"],
                ["<b>Pack size(s)</b>", "Blister packs of 28 tablets"],
                ["<b>Legal classification</b>", "Part 1 Poison; prescription-only medicine"],
                [
                    "<b>Certificate holder</b>",
                    f"{HK_HOLDER}, Unit 2106, 21/F, Example Centre, 18 Example Road, Wan Chai, "
                    "Hong Kong (fictional)",
                ],
                ["<b>Manufacturer</b>", f"{COMPANY}, Harborton, MA, United States (fictional)"],
                ["<b>Reference approval</b>", f"United States FDA, 14 April 2026 ({NDA})"],
                ["<b>Date of registration</b>", "27 August 2026"],
                ["<b>Valid until</b>", "26 August 2031"],
            ],
            [1.7 * inch, wa - 1.7 * inch],
        ),
        Spacer(1, 6),
        P("<b>Conditions of registration</b>", "body"),
        *bullets(
            [
                "The product shall be sold, supplied and labelled only in accordance with the "
                "particulars registered, including the approved package insert.",
                "Any change to the registered particulars requires prior approval.",
                "The certificate holder shall report adverse drug reactions, and any safety "
                "action taken in another jurisdiction, to the Drug Office.",
                "The certificate holder shall keep distribution records that allow a recall of "
                "any batch.",
            ]
        ),
        Spacer(1, 14),
        P("<i>(synthetic signature)</i>", "serif"),
        P(
            "Cheung Ka-man (fictional)<br/>for Secretary, Pharmacy and Poisons Board of Hong Kong"
            "<br/>Date of issue: 27 August 2026",
            "serif",
        ),
    ]
    build_pdf(
        out / "hk-registration.pdf",
        story,
        pages=1,
        title=f"Certificate of drug/product registration {HK_REG} (synthetic)",
        author="Department of Health, Hong Kong SAR — Drug Office (fictional rendering)",
        subject="Registration of Zephyrix (zoferatinib) film-coated tablets 80 mg",
        footer=f"Certificate of Drug/Product Registration · {HK_REG} · Zephyrix 80 mg",
        pagesize=A4,
    )


def us_approval(out: Path) -> None:
    """A synthetic FDA approval letter for Zephyrix (zoferatinib), 14 April 2026."""
    story: list[Flowable] = letterhead(
        "Department of Health and Human Services — Food and Drug Administration",
        [
            "Center for Drug Evaluation and Research · Silver Spring, MD 20993 (fictional "
            "rendering; not an FDA document)",
        ],
    )
    story += [
        P(f"<b>{NDA}</b> (fictional)<br/><b>ACCELERATED APPROVAL</b>", "serif"),
        P(
            f"{COMPANY}<br/>Attention: Helena Marchetti-Boyd, PhD<br/>Vice President, "
            "Regulatory Affairs<br/>75 Quayside Drive, Suite 1200<br/>Harborton, MA 02199",
            "serif",
        ),
        P("April 14, 2026", "serif"),
        P("Dear Dr. Marchetti-Boyd:", "serif"),
        P(
            "Please refer to your new drug application (NDA) dated and received June 16, 2025, "
            "and your amendments, submitted under section 505(b) of the Federal Food, Drug, and "
            f"Cosmetic Act (FDCA) for {BRAND} (zoferatinib) tablets, 80 mg.",
            "serif",
        ),
        P(
            f"This new drug application provides for the use of {BRAND} (zoferatinib) tablets "
            "for the treatment of adult patients with locally advanced or metastatic non-small "
            "cell lung cancer (NSCLC) with epidermal growth factor receptor (EGFR) exon 20 "
            "insertion mutations, as detected by an FDA-approved test, whose disease has "
            "progressed on or after platinum-based chemotherapy.",
            "serif",
        ),
        P("<b>APPROVAL &amp; LABELING</b>", "serif"),
        P(
            "We have completed our review of this application, as amended. It is approved, "
            "effective on the date of this letter, for use as recommended in the enclosed "
            "agreed-upon labeling. This indication is approved under accelerated approval based "
            "on overall response rate and duration of response. Continued approval for this "
            "indication may be contingent upon verification and description of clinical benefit "
            "in a confirmatory trial.",
            "serif",
        ),
        P("<b>ACCELERATED APPROVAL REQUIREMENTS</b>", "serif"),
        P(
            "Products approved under the accelerated approval regulations (21 CFR 314.510) "
            "require further adequate and well-controlled clinical trials to verify and describe "
            "clinical benefit. The confirmatory trial must be underway on the date of this "
            "letter. You are required to conduct the following:",
            "serif",
        ),
        *bullets(
            [
                "4821-1: Complete the randomized phase 3 trial ZEPHYR-3 (NCT06577120, "
                "fictional) of zoferatinib versus platinum-based chemotherapy as first-line "
                "treatment of EGFR exon 20 insertion NSCLC, with progression-free survival by "
                "blinded independent central review as the primary endpoint. "
                "Final report submission: 06/2029.",
            ],
            "serif",
        ),
        PageBreak(),
        P(f"{NDA} — page 2", "h2"),
        P("<b>POSTMARKETING REQUIREMENTS UNDER 505(o)</b>", "serif"),
        *bullets(
            [
                "4821-2: Conduct a clinical pharmacokinetic trial of repeat doses of a strong "
                "CYP3A inhibitor on the exposure of zoferatinib. Final report: 03/2027.",
                "4821-3: Conduct a pharmacokinetic trial in patients with moderate and severe "
                "hepatic impairment. Final report: 09/2027.",
            ],
            "serif",
        ),
        P("<b>COMPANION DIAGNOSTIC</b>", "serif"),
        P(
            "The companion diagnostic for this indication, a tissue-based next-generation "
            "sequencing test (PMA P250017, fictional), is approved concurrently.",
            "serif",
        ),
        P("<b>REPORTING REQUIREMENTS</b>", "serif"),
        P(
            "You must submit postmarketing adverse experience reports and periodic reports "
            "under 21 CFR 314.80 and 314.81, and submit final printed labeling and promotional "
            "materials as required.",
            "serif",
        ),
        P(
            "If you have any questions, call the Regulatory Project Manager at (301) 555-0142.",
            "serif",
        ),
        P("Sincerely,", "serif"),
        Spacer(1, 12),
        P("<i>/s/ Rowena Abernathy-Sato</i> (synthetic electronic signature)", "serif"),
        P(
            "Rowena Abernathy-Sato, MD (fictional)<br/>Director, Division of Oncology 2<br/>"
            "Office of Oncologic Diseases<br/>Center for Drug Evaluation and Research",
            "serif",
        ),
        P(
            "ENCLOSURES: Content of Labeling — Prescribing Information, Patient Information "
            "(not included in this synthetic file).",
            "small",
        ),
    ]
    build_pdf(
        out / "us-approval.pdf",
        story,
        pages=2,
        title=f"FDA approval letter {NDA}, {BRAND} (zoferatinib) (synthetic)",
        author="U.S. Food and Drug Administration (fictional rendering)",
        subject=f"Accelerated approval of {BRAND} (zoferatinib) tablets, 80 mg",
        footer=f"{NDA} · {BRAND} (zoferatinib) · Approval letter · April 14, 2026",
    )


def us_approval_zh(out: Path) -> None:
    """A Chinese translation of us-approval.pdf."""
    story: list[Flowable] = zletterhead(
        "美国卫生与公众服务部 — 食品药品监督管理局（FDA）",
        ["药品审评与研究中心 · 马里兰州银泉市 20993（中文译文；合成文件，非 FDA 文件）"],
    )
    story += [
        note_box(
            f"<b>译文说明：</b>本文件是美国 FDA 于 2026年4月14日就 {BRAND}（zoferatinib 佐非替尼）"
            f"签发的批准函（{NDA}，英文，共 2 页）的中文译文。如有歧义，以英文原件为准。"
        ),
        Spacer(1, 6),
        ZP("美国食品药品监督管理局批准函（中文译文）", "h1"),
        ZP(f"<b>{NDA}</b>（虚构）　<b>加速批准</b>", "plain"),
        ZP(
            f"{COMPANY}<br/>收件人：Helena Marchetti-Boyd 博士，注册事务副总裁<br/>"
            "地址：75 Quayside Drive, Suite 1200, Harborton, MA 02199",
            "plain",
        ),
        ZP("2026年4月14日", "plain"),
        ZP("尊敬的 Marchetti-Boyd 博士：", "plain"),
        ZP(
            "贵公司于 2025年6月16日提交并由我局于同日收到的新药上市申请（NDA）及其补充资料，系依据"
            f"《联邦食品、药品和化妆品法》第 505(b) 条就 {BRAND}（zoferatinib）片 80 mg 提出。",
            "letter",
        ),
        ZP(
            f"该申请的适应症为：{BRAND}（zoferatinib）片用于治疗经 FDA 批准的检测方法确认携带表皮"
            "生长因子受体（EGFR）20 号外显子插入突变、在含铂化疗期间或之后疾病进展的局部晚期或转移"
            "性"
            "非小细胞肺癌（NSCLC）成人患者。",
            "letter",
        ),
        ZH("批准及说明书"),
        ZP(
            "我局已完成对该申请（含修订）的审评。该申请自本函签发之日起获得批准，按随附的已商定说明书"
            "使用。本适应症基于客观缓解率和缓解持续时间获得加速批准；该适应症的持续批准可能取决于"
            "确证性试验对临床获益的验证和描述。",
            "letter",
        ),
        ZH("加速批准要求"),
        ZP(
            "依据加速批准法规（21 CFR 314.510）批准的药品，须开展充分且良好对照的临床试验以验证和"
            "描述临床获益。确证性试验须在本函签发之日已在进行中。贵公司须完成："
        ),
        *zbullets(
            [
                "4821-1：完成随机 Ⅲ 期试验 ZEPHYR-3（NCT06577120，虚构），在 EGFR 20 号外显子插入"
                "突变 NSCLC 一线治疗中比较 zoferatinib 与含铂化疗，主要终点为盲态独立中心评估的无进"
                "展"
                "生存期。最终报告提交：2029年6月。",
            ]
        ),
        PageBreak(),
        ZP(f"{NDA} — 第 2 页", "h2"),
        ZH("依据第 505(o) 条的上市后要求"),
        *zbullets(
            [
                "4821-2：开展强效 CYP3A 抑制剂多次给药对 zoferatinib 暴露量影响的临床药代动力学"
                "试验。最终报告：2027年3月。",
                "4821-3：开展中度及重度肝功能损害患者的药代动力学试验。最终报告：2027年9月。",
            ]
        ),
        ZH("伴随诊断"),
        ZP("本适应症的伴随诊断（基于组织的二代测序检测，PMA P250017，虚构）同时获得批准。"),
        ZH("报告要求"),
        ZP(
            "贵公司须按 21 CFR 314.80 及 314.81 提交上市后不良反应报告和定期报告，并按规定提交最终"
            "印制的说明书和推广材料。"
        ),
        ZP("如有疑问，请致电注册项目经理：(301) 555-0142。"),
        ZP("此致", "plain"),
        ZP(
            "<i>/s/ Rowena Abernathy-Sato</i>（合成电子签名）<br/>Rowena Abernathy-Sato, MD"
            "（虚构），肿瘤学第二处处长<br/>肿瘤疾病办公室，药品审评与研究中心",
            "plain",
        ),
        ZP("附件：说明书内容 — 处方信息、患者须知（本合成文件未包含）。", "small"),
        Spacer(1, 10),
        note_box(
            "<b>译者声明：</b>本人确认，本译文是上述英文批准函的完整、准确的中文翻译。"
            "译者：许文静（虚构），示例语言服务有限公司（虚构）；翻译日期：2026年11月18日。"
        ),
    ]
    build_zh(
        out / "us-approval-zh.pdf",
        story,
        pages=2,
        title=f"美国 FDA 批准函（中文译文）{NDA}（合成）",
        author="示例语言服务有限公司（虚构）— 译文",
        subject=f"{BRAND}（佐非替尼）片 80 mg 加速批准函译文",
        footer=f"{NDA} · {BRAND}（zoferatinib）· 批准函中文译文",
    )


# ---------------------------------------------------------------------------------------------
# EU documents (A4, in the country's language): the local affiliate's supply declaration,
# the patient information and consent, the Spanish hospital's NGS report
# ---------------------------------------------------------------------------------------------
EU_SIGN = "(documento sintetico, nessuna firma autografa)"

# The supply declaration of Meridian's local affiliate, per language: Italy (part f of the
# DM 7/9/2017 art. 4 dossier), Germany (the Herstellerzusage of the individueller
# Heilversuch), Spain (the sponsor's conformity, RD 1015/2009 arts. 7.1 and 8.1.b).
SUPPLY: dict[str, dict[str, object]] = {
    "it": {
        "company": "Meridian Oncology Therapeutics Italia S.r.l.",
        "lines": ["Via dei Platani 8, 20121 Milano (fittizio) · Tel. +39 02 5550 7700 · "
                  "accesso.precoce@meridian-onc.example.com",
                  f"Affiliata italiana di {COMPANY}, promotore degli studi di zoferatinib"],
        "date": "Milano, 13/11/2026",
        "to": "Alla cortese attenzione della Dott.ssa Giulia Ferraris, S.C. Oncologia Medica, "
              "Ospedale Universitario San Rocco, Via delle Betulle 14, 20133 Milano<br/>"
              "e del Comitato Etico Territoriale Lombardia 9",
        "title": "Dichiarazione di disponibilità alla fornitura gratuita del medicinale",
        "ref": "Rif.: D.M. 7 settembre 2017, art. 4, comma 1, lettera f) — uso nominale di "
               "zoferatinib (ZX-2041) per la paziente MRB",
        "body": [
            "Meridian Oncology Therapeutics Italia S.r.l., per conto di Meridian Oncology "
            "Therapeutics, Inc., produttore di zoferatinib (ZX-2041) compresse rivestite con "
            "film da 40 mg e 80 mg, dichiara la propria disponibilità a fornire "
            "<b>gratuitamente</b> il medicinale per l'uso nominale richiesto dalla "
            "Dott.ssa Giulia Ferraris per la paziente identificata dalle iniziali MRB, "
            "affetta da adenocarcinoma polmonare metastatico con inserzione dell'esone 20 di "
            "EGFR.",
            "La fornitura gratuita è garantita per la durata del trattamento stabilita nel "
            "protocollo, fino a progressione di malattia o tossicità inaccettabile, previo "
            "parere favorevole del Comitato Etico. Il medicinale sarà consegnato alla "
            "farmacia ospedaliera del centro richiedente.",
            "L'azienda ha messo a disposizione del medico richiedente l'Investigator's "
            "Brochure (edizione 4.0, 1 marzo 2026) e comunicherà ogni nuova informazione "
            "rilevante per la sicurezza.",
        ],
        "contact": "Referente: Dott.ssa Chiara Valsecchi (fittizia), Direzione Medica, "
                   "tel. +39 02 5550 7712.",
        "signer": "Dott. Marco Ferrante (fittizio)<br/>Direttore Medico<br/>"
                  "Meridian Oncology Therapeutics Italia S.r.l.",
        "unsigned": EU_SIGN,
        "footer": "Meridian Oncology Therapeutics Italia S.r.l. · Dichiarazione di fornitura "
                  "gratuita · MOT-IT-UN-2026-014",
        "subject": "Dichiarazione di fornitura gratuita (D.M. 7/9/2017, art. 4, lett. f)",
    },
    "de": {
        "company": "Meridian Oncology Therapeutics GmbH",
        "lines": ["Beispielallee 21, 80331 München (fiktiv) · Tel. 089 000000-0 · "
                  "heilversuch@meridian-onc.example.com",
                  f"Deutsche Tochtergesellschaft der {COMPANY}"],
        "date": "München, 13.11.2026",
        "to": "Herrn Dr. med. Matthias Lorenz, Klinik für Thorakale Onkologie<br/>"
              "Universitätsklinikum Köln-Beispiel, Universitätsstraße 12, 50937 Köln",
        "title": "Lieferzusage für einen individuellen Heilversuch",
        "ref": "Betreff: zoferatinib (ZX-2041) Filmtabletten 40 mg und 80 mg — Patientin KBW",
        "body": [
            "Die Meridian Oncology Therapeutics GmbH sagt zu, das Arzneimittel zoferatinib "
            "(ZX-2041) für die Behandlung Ihrer Patientin mit den Initialen KBW im Rahmen "
            "eines individuellen Heilversuchs unter Ihrer ärztlichen Verantwortung "
            "<b>kostenfrei</b> zur Verfügung zu stellen.",
            "Die Lieferung erfolgt an die Apotheke des Universitätsklinikums Köln-Beispiel "
            "nach deren Anforderung, zunächst für 12 Wochen (3 Flaschen à 60 Tabletten zu "
            "80 mg und 1 Flasche à 30 Tabletten zu 40 mg), danach für die Dauer der "
            "Behandlung, solange Sie einen Nutzen für die Patientin sehen.",
            "Die Verantwortung für die Indikationsstellung, die Aufklärung und die "
            "Behandlung liegt bei Ihnen. Die aktuelle Prüferinformation (Investigator's "
            "Brochure, Version 4.0 vom 01.03.2026) liegt Ihnen vor; neue "
            "Sicherheitsinformationen teilen wir Ihnen unverzüglich mit. Verdachtsfälle "
            "von Nebenwirkungen melden Sie bitte auch an uns.",
        ],
        "contact": "Ansprechpartnerin: Dr. Anna Weidinger (fiktiv), Medical Affairs, "
                   "Tel. 089 000000-12.",
        "signer": "Dr. Jonas Reuther (fiktiv)<br/>Leiter Medical Affairs<br/>"
                  "Meridian Oncology Therapeutics GmbH",
        "unsigned": "(synthetisches Dokument, keine eigenhändige Unterschrift)",
        "footer": "Meridian Oncology Therapeutics GmbH · Lieferzusage · MOT-DE-HV-2026-022",
        "subject": "Lieferzusage für einen individuellen Heilversuch",
    },
    "es": {
        "company": "Meridian Oncology Therapeutics España, S.L.",
        "lines": ["Calle de los Almendros 40, 28046 Madrid (ficticio) · Tel. +34 91 555 0300 · "
                  "acceso.expandido@meridian-onc.example.com",
                  f"Filial española de {COMPANY}, promotor del ensayo ZEPHYR-1 "
                  "(NCT05964812)"],
        "date": "Madrid, 13/11/2026",
        "to": "Dra. Lucía Martín Aranda, Servicio de Oncología Médica<br/>"
              "Hospital Universitario Río Henares, Avenida de los Tilos 27, 28040 Madrid",
        "title": "Conformidad del promotor para el uso compasivo",
        "ref": "Ref.: zoferatinib (ZX-2041) comprimidos recubiertos con película de 40 mg y "
               "80 mg — paciente JLM — Real Decreto 1015/2009, arts. 7.1 y 8.1.b)",
        "body": [
            "Meridian Oncology Therapeutics España, S.L., en nombre del promotor de los "
            "ensayos clínicos de zoferatinib, Meridian Oncology Therapeutics, Inc., manifiesta "
            "su <b>conformidad</b> con la solicitud de acceso individualizado en uso "
            "compasivo de zoferatinib (ZX-2041) para el paciente identificado con las "
            "iniciales JLM, tratado por la Dra. Lucía Martín Aranda en el Hospital "
            "Universitario Río Henares, y su disposición a suministrar el medicamento.",
            "El suministro será gratuito y se realizará al Servicio de Farmacia Hospitalaria "
            "del centro una vez autorizado el acceso por la Agencia Española de Medicamentos "
            "y Productos Sanitarios, en la cantidad que esta autorice, y continuará mientras "
            "el médico responsable considere que el paciente obtiene beneficio.",
            "El promotor ha facilitado a la médica responsable el Manual del Investigador "
            "(edición 4.0, 1 de marzo de 2026) y le comunicará cualquier información nueva "
            "relevante para la seguridad.",
        ],
        "contact": "Persona de contacto: Dra. Elena Soler Arrieta (ficticia), Departamento "
                   "Médico, tel. +34 91 555 0312.",
        "signer": "Dr. Álvaro Medina Cruz (ficticio)<br/>Director Médico<br/>"
                  "Meridian Oncology Therapeutics España, S.L.",
        "unsigned": "(documento sintético, sin firma manuscrita)",
        "footer": "Meridian Oncology Therapeutics España, S.L. · Conformidad del promotor · "
                  "MOT-ES-UC-2026-009",
        "subject": "Conformidad del promotor (RD 1015/2009, arts. 7.1 y 8.1.b)",
    },
    "en": {
        "company": COMPANY,
        "lines": ["75 Quayside Drive, Suite 1200, Harborton, MA 02199 · (617) 555-0140 · "
                  "expanded.access@meridian-onc.example.com"],
        "date": "November 16, 2026",
        "to": "Dr. Meera Krishnan, Department of Medical Oncology<br/>"
              "Karnataka State Institute of Oncology, Dr. M. H. Marigowda Road, "
              "Bengaluru 560029, India",
        "title": "Agreement to supply zoferatinib for a named patient",
        "ref": "Re: zoferatinib (ZX-2041) 40 mg and 80 mg film-coated tablets — patient AKR — "
               "import by the Institute for this patient's treatment",
        "body": [
            f"{COMPANY}, the manufacturer of zoferatinib (ZX-2041), agrees to supply the "
            "drug <b>free of charge</b> to the Karnataka State Institute of Oncology for the "
            "treatment of the patient identified by the initials AKR under your "
            "responsibility.",
            "Shipment will be made to the Institute's hospital pharmacy once the import "
            "licence has been granted, in the quantity the licence allows, and will continue "
            "for as long as you judge the patient to benefit, within that licence.",
            "We have given you the Investigator's Brochure (edition 4.0, March 1, 2026) and "
            "will send you any new information relevant to safety. Please report suspected "
            "adverse reactions to us as well.",
        ],
        "contact": "Contact: Dana Whitcombe, PharmD (fictitious), Director, Expanded Access "
                   "Program.",
        "signer": "Dr. Owen Hartley (fictitious)<br/>Chief Medical Officer<br/>" + COMPANY,
        "unsigned": "(synthetic document, no handwritten signature)",
        "footer": f"{COMPANY} · Agreement to supply · MOT-IN-NP-2026-031",
        "subject": "Agreement to supply zoferatinib for a named patient (India)",
    },
    "ca": {
        "company": COMPANY,
        "lines": ["75 Quayside Drive, Suite 1200, Harborton, MA 02199 · (617) 555-0140 · "
                  "expanded.access@meridian-onc.example.com"],
        "date": "November 19, 2026",
        "to": "Dr. Élise Tremblay, Division of Medical Oncology<br/>"
              "Lakeshore Regional Cancer Centre, 2250 Harbourfront Avenue, Toronto, ON, Canada",
        "title": "Agreement to supply zoferatinib through Health Canada's Special Access "
                 "Program",
        "ref": "Re: zoferatinib (ZX-2041) 80 mg film-coated tablets — patient N.B — "
               "Special Access Program request",
        "body": [
            f"{COMPANY}, the manufacturer of zoferatinib (ZX-2041), agrees to supply the "
            "drug <b>free of charge</b> for the treatment of the patient identified by the "
            "initials N.B under your care, once Health Canada has issued the letter of "
            "authorization for the sale.",
            "We will ship to the in-patient pharmacy of the Lakeshore Regional Cancer Centre "
            "the quantity the letter of authorization specifies. Please quote the Centre's "
            "purchase order number on the request.",
            "We have given you the Investigator's Brochure (edition 4.0, March 1, 2026) and "
            "will send you any new information relevant to safety. Please report the results "
            "of the treatment and any adverse drug reactions to us as well.",
        ],
        "contact": "Contact: Dana Whitcombe, PharmD (fictitious), Director, Expanded Access "
                   "Program.",
        "signer": "Dr. Owen Hartley (fictitious)<br/>Chief Medical Officer<br/>" + COMPANY,
        "unsigned": "(synthetic document, no handwritten signature)",
        "footer": f"{COMPANY} · Agreement to supply · MOT-CA-SAP-2026-014",
        "subject": "Agreement to supply zoferatinib for a named patient (Canada)",
    },
}


def supply_declaration(out: Path, lang: str) -> None:
    """The written supply declaration of Meridian (its local affiliate in the EU), in
    ``lang`` (it, de, es; en for India; ca: English, for Canada), A4 (Canada: US Letter)."""
    t = SUPPLY[lang]
    company, footer = str(t["company"]), str(t["footer"])
    story: list[Flowable] = letterhead(company, list(t["lines"]),  # type: ignore[call-overload]
                                       width=WZ)
    story += [
        P(str(t["date"]), "serif"),
        P(str(t["to"]), "serif"),
        P(f"<b>{t['title']}</b>", "serif"),
        P(str(t["ref"]), "serif"),
        *[P(text, "serif") for text in t["body"]],  # type: ignore[attr-defined]
        P(str(t["contact"]), "serif"),
        Spacer(1, 14),
        P(f"{t['signer']}<br/><i>{t['unsigned']}</i>", "serif"),
    ]
    build_pdf(out / f"supply-declaration-{lang}.pdf", story, pages=1,
              pagesize=letter if lang == "ca" else A4,
              title=f"{t['title']} (synthetic)", author=f"{company} (fictional)",
              subject=str(t["subject"]), footer=footer)


def publication_zephyr1(out: Path) -> None:
    """A synthetic journal article on the ZEPHYR-1 trial of zoferatinib (not patient
    specific): published evidence on the drug's use, safety and efficacy."""
    story: list[Flowable] = [
        P("<i>Journal of Synthetic Thoracic Oncology</i> 2026; 14(6): 812-824 (fictional "
          "journal)", "small"),
        H("Zoferatinib in EGFR exon 20 insertion non-small cell lung cancer after "
          "amivantamab: the ZEPHYR-1 phase 1/2 study"),
        P("A. Lindqvist-Moreau, R. Okonkwo, P. Szabadi, M. Desrosiers, on behalf of the "
          "ZEPHYR-1 investigators (fictitious authors)"),
        P("<b>Background.</b> Zoferatinib (ZX-2041) is an irreversible EGFR tyrosine kinase "
          "inhibitor selective for exon 20 insertions. ZEPHYR-1 (NCT05964812) studied it in "
          "patients with advanced non-small cell lung cancer (NSCLC) whose disease had "
          "progressed on platinum-based chemotherapy."),
        P("<b>Methods.</b> Open-label, multicentre phase 1/2 study. The phase 2 dose was 160 mg "
          "once daily. The post-amivantamab cohort enrolled patients previously treated with "
          "amivantamab. The primary end point was the objective response rate (ORR) by "
          "blinded independent central review (RECIST 1.1)."),
        P("<b>Results.</b> In the post-amivantamab cohort (n = 58) the ORR was 41% (95% CI "
          "28-55%), the median duration of response 7.9 months and the median "
          "progression-free survival 6.4 months. Treatment-related adverse events of grade 3 "
          "or higher occurred in 34% of patients (diarrhoea 9%, rash 5%); interstitial lung "
          "disease occurred in 2%. No treatment-related deaths occurred."),
        P("<b>Conclusions.</b> Zoferatinib showed clinically meaningful activity with a "
          "manageable safety profile in EGFR exon 20 insertion NSCLC after amivantamab."),
        P("Received March 2, 2026; accepted May 18, 2026; published June 9, 2026.", "small"),
    ]
    build_pdf(
        out / "publication-zephyr-1.pdf",
        story,
        pages=1,
        title="ZEPHYR-1: zoferatinib after amivantamab (synthetic publication)",
        author="Journal of Synthetic Thoracic Oncology (fictional)",
        subject="Published evidence on zoferatinib (ZEPHYR-1)",
        footer="J Synth Thorac Oncol 2026;14(6):812-824 (fictional)",
    )


# The patient information and consent for zoferatinib, Italian (part e of the DM 7/9/2017
# dossier, Ospedale Universitario San Rocco) and German (individueller Heilversuch,
# Universitätsklinikum Köln-Beispiel): blank templates, version 1.0 of 16 November 2026.
CONSENT: dict[str, dict[str, object]] = {
    "it": {
        "org": "Ospedale Universitario San Rocco",
        "lines": ["S.C. Oncologia Medica · Via delle Betulle 14, 20133 Milano (fittizio)"],
        "title": "Scheda informativa per la paziente e modulo di consenso informato",
        "sub": "Uso nominale di zoferatinib (ZX-2041) al di fuori di una sperimentazione "
               "clinica (D.M. 7 settembre 2017) · Versione 1.0 del 16/11/2026",
        "sections": [
            ("Perché riceve questa scheda",
             "Il suo medico propone di trattarla con zoferatinib, un medicinale in fase di "
             "sperimentazione clinica, non autorizzato in Italia. Può riceverlo per uso "
             "nominale, fuori da uno studio clinico: la richiesta è sottoposta al parere del "
             "Comitato Etico e l'azienda fornisce il medicinale gratuitamente. La sua "
             "partecipazione è volontaria."),
            ("Perché le viene proposto",
             "Il suo tumore del polmone presenta un'inserzione dell'esone 20 di EGFR ed è "
             "progredito dopo i trattamenti disponibili. Non può partecipare a uno studio "
             "clinico di zoferatinib perché nessuno è aperto per lei."),
            ("Come si svolge il trattamento",
             "Prenderà le compresse per bocca una volta al giorno, durante il pasto. Sarà "
             "visitata ogni 2 settimane nei primi 2 mesi, poi ogni 4 settimane, con esami "
             "del sangue ed ECG; la TC è ripetuta circa ogni 8 settimane. Il trattamento "
             "continua finché il medico ritiene che le sia utile e gli effetti indesiderati "
             "sono accettabili."),
            ("Rischi e disturbi possibili",
             "Negli studi (circa 300 persone trattate) gli effetti più frequenti sono stati "
             "diarrea (62%), eruzione cutanea simile all'acne (48%), pelle secca, infezione "
             "intorno alle unghie, afte. Meno frequenti: alterazioni degli esami del fegato e "
             "del pancreas, alterazioni del ritmo cardiaco all'ECG (4%). Raro ma grave: "
             "infiammazione dei polmoni (2%); segnali subito tosse nuova o mancanza di "
             "respiro. Possono esserci rischi ancora non noti."),
            ("Alternative",
             "Può rifiutare il trattamento e ricevere le altre cure disponibili, tra cui la "
             "chemioterapia con docetaxel o le sole cure di supporto."),
            ("Dati personali e contatti",
             "I suoi dati sanitari sono trattati per il trattamento e per le segnalazioni "
             "richieste, nel rispetto della normativa sulla protezione dei dati. Per "
             "domande: Dott.ssa Giulia Ferraris, tel. +39 02 5550 1234; reperibilità "
             "oncologica 24 ore su 24: +39 02 5550 1000."),
        ],
        "consent_head": "Consenso informato",
        "consent": "Dichiaro di aver letto questa scheda, di aver ricevuto risposta alle mie "
                   "domande e di acconsentire liberamente al trattamento con zoferatinib. So "
                   "che posso ritirare il consenso in qualsiasi momento senza conseguenze "
                   "sulle mie cure. Ricevo una copia di questo modulo.",
        "sign": ["Nome e cognome della paziente", "Firma", "Data",
                 "Nome del medico che ha fornito le informazioni", "Firma del medico", "Data"],
        "footer": "Ospedale Universitario San Rocco · Scheda informativa e consenso · "
                  "zoferatinib · v1.0",
    },
    "de": {
        "org": "Universitätsklinikum Köln-Beispiel",
        "lines": ["Klinik für Thorakale Onkologie · Universitätsstraße 12, 50937 Köln (fiktiv)"],
        "title": "Patienteninformation und Einwilligungserklärung",
        "sub": "Behandlung mit zoferatinib (ZX-2041) als individueller Heilversuch · "
               "Version 1.0 vom 16.11.2026",
        "sections": [
            ("Worum es geht",
             "Ihre Ärztin bzw. Ihr Arzt schlägt Ihnen eine Behandlung mit zoferatinib vor. "
             "Das Arzneimittel wird in klinischen Studien geprüft und ist in Deutschland "
             "nicht zugelassen. Die Behandlung erfolgt als individueller Heilversuch unter "
             "ärztlicher Verantwortung, nicht im Rahmen einer Studie. Der Hersteller stellt "
             "das Arzneimittel kostenfrei zur Verfügung. Ihre Teilnahme ist freiwillig."),
            ("Warum Ihnen die Behandlung angeboten wird",
             "Ihr Lungenkrebs hat eine Exon-20-Insertion im EGFR-Gen und ist trotz der "
             "verfügbaren Therapien fortgeschritten. Eine für Sie offene Studie mit "
             "zoferatinib gibt es nicht."),
            ("Ablauf",
             "Sie nehmen die Tabletten einmal täglich zu einer Mahlzeit ein. In den ersten "
             "2 Monaten werden Sie alle 2 Wochen untersucht, danach alle 4 Wochen, mit "
             "Blutuntersuchungen und EKG; eine CT erfolgt etwa alle 8 Wochen. Die "
             "Behandlung wird fortgesetzt, solange sie Ihnen nützt und die Nebenwirkungen "
             "vertretbar sind."),
            ("Mögliche Risiken und Nebenwirkungen",
             "In Studien (etwa 300 behandelte Personen) waren am häufigsten Durchfall (62 %), "
             "akneartiger Hautausschlag (48 %), trockene Haut, Nagelbettentzündung und "
             "Mundschleimhautentzündung. Seltener: veränderte Leber- und "
             "Bauchspeicheldrüsenwerte, Veränderungen im EKG (4 %). Selten, aber schwer: "
             "Entzündung der Lunge (2 %); melden Sie neuen Husten oder Atemnot sofort. "
             "Bisher unbekannte Risiken sind möglich."),
            ("Alternativen",
             "Sie können die Behandlung ablehnen und andere verfügbare Behandlungen erhalten, "
             "zum Beispiel eine Chemotherapie mit Docetaxel oder eine rein unterstützende "
             "Behandlung."),
            ("Datenschutz und Kontakt",
             "Ihre Gesundheitsdaten werden für Ihre Behandlung und für vorgeschriebene "
             "Meldungen verarbeitet, unter Beachtung des Datenschutzrechts. Fragen: Dr. med. "
             "Matthias Lorenz, Tel. 0221 000000-0; onkologischer Bereitschaftsdienst rund um "
             "die Uhr: 0221 000000-99."),
        ],
        "consent_head": "Einwilligungserklärung",
        "consent": "Ich wurde im Gespräch mündlich aufgeklärt, habe diese Information gelesen "
                   "und konnte alle meine Fragen stellen. Ich willige freiwillig in die "
                   "Behandlung mit zoferatinib ein. Ich kann meine Einwilligung jederzeit ohne "
                   "Nachteile für meine weitere Behandlung widerrufen. Eine Kopie dieser "
                   "Erklärung habe ich erhalten.",
        "sign": ["Name der Patientin / des Patienten", "Unterschrift", "Datum",
                 "Name der aufklärenden Ärztin / des aufklärenden Arztes", "Unterschrift",
                 "Datum"],
        "footer": "Universitätsklinikum Köln-Beispiel · Patienteninformation und "
                  "Einwilligung · zoferatinib · Version 1.0",
    },
}


def patient_consent(out: Path, lang: str) -> None:
    """A blank patient information and consent form for zoferatinib, in ``lang`` (it, de)."""
    t = CONSENT[lang]
    story: list[Flowable] = letterhead(str(t["org"]), list(t["lines"]),  # type: ignore[call-overload]
                                       width=WZ)
    story += [P(f"<b>{t['title']}</b>", "h1"), P(str(t["sub"]), "small")]
    for head, text in t["sections"]:  # type: ignore[attr-defined]
        story += [H(head), P(text)]
    labels: list[str] = list(t["sign"])  # type: ignore[call-overload]
    # per signatory (patient, physician): a blank line to write on, its labels under it
    rows: list[list[str]] = []
    for party in (labels[:3], labels[3:]):
        rows += [["", "", ""], [f"<b>{label}</b>" for label in party]]
    signatures = grid(rows, [WZ * 0.45, WZ * 0.33, WZ * 0.22], header=False, zebra=False,
                      style="small")
    signatures.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0, colors.white),
                                    ("TOPPADDING", (0, 0), (-1, 0), 22),
                                    ("TOPPADDING", (0, 2), (-1, 2), 22),
                                    ("LINEBELOW", (0, 0), (-1, 0), 0.6, GREY),
                                    ("LINEBELOW", (0, 2), (-1, 2), 0.6, GREY)]))
    story += [H(str(t["consent_head"])), P(str(t["consent"])), Spacer(1, 4), signatures]
    build_pdf(out / f"consent-form-{lang}.pdf", story, pages=1, pagesize=A4,
              title=f"{t['title']} (synthetic)", author=f"{t['org']} (fictional)",
              subject=str(t["sub"]), footer=str(t["footer"]))


def ngs_report_es(out: Path) -> None:
    """The Spanish example's NGS report (Hospital Universitario Río Henares), in Spanish."""
    hospital = "Hospital Universitario Río Henares"
    story: list[Flowable] = letterhead(
        f"{hospital} — Servicio de Anatomía Patológica",
        ["Unidad de Patología Molecular · Avenida de los Tilos 27, 28040 Madrid (ficticio) · "
         "Tel. +34 91 555 0190"],
        width=WZ,
    )
    story += [
        P("Informe de secuenciación masiva (NGS) — panel de tumores sólidos", "h1"),
        boxed(
            [
                ["<b>Paciente</b>", Redacted(), "<b>N.º de informe</b>", "PM-24-00871"],
                ["<b>NHC</b>", Redacted(1.1 * inch), "<b>Fecha del informe</b>", "20/06/2024"],
                ["<b>Sexo / edad</b>", "Varón / 65 años", "<b>Recepción</b>", "11/06/2024"],
                ["<b>Diagnóstico</b>", "Adenocarcinoma de pulmón", "<b>Muestra</b>",
                 "B24-05512, bloque A1"],
                ["<b>Solicitante</b>", "Dra. Lucía Martín Aranda, Oncología Médica",
                 "<b>Localización</b>", "Pulmón, lóbulo inferior izquierdo (BAG 05/06/2024)"],
                ["<b>Contenido tumoral</b>", "35 % (patóloga)", "<b>Ácidos nucleicos</b>",
                 "ADN y ARN de tejido FFPE"],
            ],
            [1.25 * inch, 2.0 * inch, 1.3 * inch, WZ - 4.55 * inch],
        ),
        H("Resultados"),
        grid(
            [
                ["Biomarcador", "Resultado", "Significado clínico"],
                ["<b>EGFR</b>", "<b>Inserción en el exón 20 p.(Asp770_Asn771insGly)</b>, "
                 "c.2310_2311insGGT, VAF 29,5 % (profundidad 1.236×)",
                 "Nivel I (AMP/ASCO/CAP 2017)"],
                ["TP53", "p.(Arg248Gln), VAF 31,2 %", "Nivel II (pronóstico)"],
                ["Fusiones (ARN)", "No detectadas", "ALK, ROS1, RET, NTRK1/2/3, NRG1, MET"],
                ["Salto del exón 14 de MET", "No detectado", "—"],
                ["Número de copias", "Sin amplificaciones", "EGFR, MET, ERBB2"],
            ],
            [1.5 * inch, 3.0 * inch, WZ - 4.5 * inch],
        ),
        H("Comentario"),
        P("Se detecta una inserción en el exón 20 de EGFR. Las inserciones del exón 20 suelen "
          "ser poco sensibles a los inhibidores de tirosina cinasa de EGFR de primera a tercera "
          "generación a las dosis autorizadas. La selección del tratamiento corresponde al "
          "médico responsable."),
        H("Método"),
        P("Secuenciación masiva de un panel de 52 genes (ADN: variantes puntuales, pequeñas "
          "inserciones y deleciones, número de copias; ARN: fusiones). Sensibilidad analítica: "
          "VAF del 5 % con al menos 500× de profundidad. Referencia GRCh37; nomenclatura HGVS."),
        Spacer(1, 10),
        P("Dra. Inés Carvajal Ruiz (ficticia), FEA de Anatomía Patológica — validado "
          "electrónicamente el 20/06/2024", "body"),
    ]
    build_pdf(out / "ngs-report-es.pdf", story, pages=1, pagesize=A4,
              title="Informe NGS PM-24-00871 (synthetic)",
              author=f"{hospital} (fictional)",
              subject="Informe de secuenciación masiva (NGS), EGFR exón 20",
              footer=f"{hospital} · Patología Molecular · Informe PM-24-00871")


# ---------------------------------------------------------------------------------------------
# India (examples/cdsco-*): patient AKR, a 62-year-old man (60 at diagnosis) with an EGFR exon 20
# insertion p.(Asp770_Asn771insGly); the Karnataka State Institute of Oncology (KSIO), its
# Institutional Ethics Committee ECR/0000/Inst/KA/2013, Dr. Meera Krishnan. English, A4, dates
# DD/MM/YYYY as Indian documents print them.
# ---------------------------------------------------------------------------------------------

KSIO = "Karnataka State Institute of Oncology"
KSIO_ADDR = "Dr. M. H. Marigowda Road, Bengaluru 560029, Karnataka"
KSIO_IEC = f"Institutional Ethics Committee, {KSIO}"
KSIO_IEC_REG = "ECR/0000/Inst/KA/2013"
IN_PHYSICIAN = "Dr. Meera Krishnan, MD, DM"
IN_VARIANT = "p.(Asp770_Asn771insGly)"
IN_SIGN = "(synthetic document, no handwritten signature)"

# The laboratory that reported the patient's NGS, per example: the case's biomarker entry names
# it (Karnataka State Institute of Oncology for hospital import and the not-approved case,
# Lakeview Cancer Hospital for personal import).
NGS_IN: dict[str, dict[str, str]] = {
    "ngs-report-in.pdf": {
        "hospital": KSIO,
        "address": f"{KSIO_ADDR} (fictitious) · Tel. +91 80 5550 1190",
        "report": "KSIO/MP/24/0412",
        "specimen": "H/24/3307, block A1",
        "requester": f"{IN_PHYSICIAN}, Medical Oncology, {KSIO}",
        "signer": "Dr. Kavitha Ramaswamy, MD (fictitious), Consultant Pathologist",
    },
    "ngs-report-in-lakeview.pdf": {
        "hospital": "Lakeview Cancer Hospital",
        "address": "22 Old Airport Road, Bengaluru 560017, Karnataka (fictitious) · "
                   "Tel. +91 80 5550 2290",
        "report": "LCH/MP/24/0388",
        "specimen": "LCH-H-24-2961, block A1",
        "requester": f"{IN_PHYSICIAN}, Medical Oncology, Lakeview Cancer Hospital",
        "signer": "Dr. Arjun Shetty, MD (fictitious), Consultant Histopathologist",
    },
}


def ngs_report_in(out: Path, name: str) -> None:
    """The Indian patient's NGS report (EGFR exon 20 p.(Asp770_Asn771insGly), VAF 27.5%, male,
    21/05/2024), from the Department of Pathology the example case names."""
    t = NGS_IN[name]
    hospital, report = t["hospital"], t["report"]
    story: list[Flowable] = letterhead(
        f"{hospital} — Department of Pathology",
        [f"Molecular Pathology Laboratory · {t['address']}",
         "NABL accreditation MC-0000 (fictitious)"],
        width=WZ,
    )
    story += [
        P("Next-generation sequencing report — solid tumour panel (DNA and RNA)", "h1"),
        boxed(
            [
                ["<b>Patient</b>", Redacted(), "<b>Report no.</b>", report],
                ["<b>UHID</b>", Redacted(1.1 * inch), "<b>Report date</b>", "21/05/2024"],
                ["<b>Age / sex</b>", "60 years / Male", "<b>Received</b>", "09/05/2024"],
                ["<b>Diagnosis</b>", "Adenocarcinoma of the lung", "<b>Specimen</b>",
                 t["specimen"]],
                ["<b>Referred by</b>", t["requester"], "<b>Site / collected</b>",
                 "Lung, left lower lobe, CT-guided core biopsy / 06/05/2024"],
                ["<b>Tumour content</b>", "30% (pathologist)", "<b>Nucleic acids</b>",
                 "DNA and RNA from FFPE tissue"],
            ],
            [1.2 * inch, 2.2 * inch, 1.25 * inch, WZ - 4.65 * inch],
        ),
        H("Results"),
        grid(
            [
                ["Biomarker", "Result", "Clinical significance"],
                ["<b>EGFR</b>", f"<b>Exon 20 insertion {IN_VARIANT}</b>, "
                 "NM_005228.5:c.2310_2311insGGT, VAF 27.5% (depth 1,318×)",
                 "Tier I (AMP/ASCO/CAP 2017)"],
                ["TP53", "p.(Arg248Gln), VAF 24.9%", "Tier II (prognostic)"],
                ["Gene fusions (RNA)", "None detected", "ALK, ROS1, RET, NTRK1/2/3, NRG1, MET"],
                ["MET exon 14 skipping", "Not detected", "—"],
                ["Copy number", "No reportable amplification", "EGFR, MET, ERBB2"],
            ],
            [1.5 * inch, 3.0 * inch, WZ - 4.5 * inch],
        ),
        H("Pertinent negatives"),
        P("No EGFR exon 19 deletion, L858R, T790M or C797S. No pathogenic variant in KRAS, "
          "NRAS, BRAF, ERBB2 (HER2), MET, PIK3CA or RET."),
        H("Interpretation"),
        P(f"An EGFR exon 20 insertion, {IN_VARIANT}, is detected. Exon 20 insertions are "
          "generally insensitive to first- to third-generation EGFR tyrosine kinase inhibitors "
          "at approved doses. Selection of therapy rests with the treating physician."),
        H("Method"),
        P("Hybrid-capture next-generation sequencing of a 52-gene panel (DNA: single-nucleotide "
          "variants, small insertions and deletions, copy number; RNA: fusions). Analytical "
          "sensitivity: VAF 5% at a depth of at least 500×. Reference genome GRCh37; HGVS "
          "nomenclature."),
        Spacer(1, 10),
        P(f"{t['signer']} — electronically verified on 21/05/2024"),
    ]
    build_pdf(out / name, story, pages=1, pagesize=A4,
              title=f"NGS report {report} (synthetic)", author=f"{hospital} (fictional)",
              subject=f"NGS report: EGFR exon 20 insertion {IN_VARIANT}",
              footer=f"{hospital} · Department of Pathology · Report {report} · Final")


def iec_approval_in(out: Path) -> None:
    """The approval by KSIO's Institutional Ethics Committee of the treatment of patient AKR
    with imported zoferatinib (meeting of 18/11/2026), and of the consent form v1.0."""
    story: list[Flowable] = letterhead(
        KSIO_IEC,
        [f"{KSIO_ADDR} (fictitious) · Tel. +91 80 5550 1090 · iec@ksio.example.in",
         f"Registration No. {KSIO_IEC_REG} (Central Drugs Standard Control Organisation; "
         "fictitious)"],
        width=WZ,
    )
    story += [
        boxed(
            [
                ["<b>Ref. no.</b>", "KSIO/IEC/2026/187", "<b>Date</b>", "18/11/2026"],
                ["<b>To</b>", f"{IN_PHYSICIAN}, Associate Professor, Department of Medical "
                 f"Oncology, {KSIO}", "<b>Meeting</b>", "18/11/2026"],
            ],
            [0.9 * inch, 3.3 * inch, 0.9 * inch, WZ - 5.1 * inch],
        ),
        Spacer(1, 6),
        P("Approval of the treatment of a patient with zoferatinib (ZX-2041), a new drug not "
          "approved in India, imported for the patient's treatment", "h1"),
        P(f"The {KSIO_IEC} (registration no. {KSIO_IEC_REG}) reviewed your application of "
          "16/11/2026 at its meeting of 18/11/2026. Eight of its eleven members were present, "
          "including the Chairperson (not affiliated with the Institute), a legal expert, a "
          "social scientist and a lay person; you did not take part in the decision."),
        H("Patient and proposed treatment"),
        boxed(
            [
                ["<b>Patient</b>", "Initials AKR, male, 62 years (identity on file with the "
                 "Committee)"],
                ["<b>Diagnosis</b>", "Metastatic adenocarcinoma of the left lower lobe of the "
                 f"lung (stage IVA) with an EGFR exon 20 insertion {IN_VARIANT}, progressing "
                 "after platinum-based chemotherapy, amivantamab and docetaxel; ECOG 1"],
                ["<b>Drug</b>", "Zoferatinib (ZX-2041) 80 mg film-coated tablets, "
                 f"{COMPANY}, supplied free of charge"],
                ["<b>Treatment plan</b>", "160 mg once daily with food in 28-day cycles for 12 "
                 "weeks, then reassessment; 168 tablets of 80 mg"],
            ],
            [1.25 * inch, WZ - 1.25 * inch],
        ),
        H("Documents reviewed"),
        *bullets([
            "Application of Dr. Meera Krishnan to the Committee, with the treatment plan, "
            "16/11/2026",
            f"NGS report KSIO/MP/24/0412, Department of Pathology, 21/05/2024 (EGFR {IN_VARIANT})",
            "Manufacturer's letter agreeing to supply zoferatinib, 16/11/2026",
            "Investigator's Brochure of zoferatinib, edition 4.0, 01/03/2026",
            "Patient information sheet and informed consent form (English), version 1.0 of "
            "17/11/2026",
        ]),
        H("Decision"),
        P("<b>Approved.</b> The Committee approves the treatment of this patient with "
          "zoferatinib under your supervision at the Institute, subject to the import being "
          "permitted by the Central Drugs Standard Control Organisation, and approves the "
          "patient information sheet and informed consent form, version 1.0 of 17/11/2026. "
          "The approval is valid until 17/11/2027."),
        H("Conditions"),
        *bullets([
            "Obtain the patient's written informed consent on the approved form, in a language "
            "the patient understands, before the first dose; give the patient a signed copy.",
            "Report any serious adverse event to the Committee within 24 hours of learning of "
            "it, and send a written report within 14 days.",
            "Submit any change to the treatment plan to the Committee before it is made, unless "
            "it is needed to remove an immediate hazard to the patient.",
            "Send a progress report every six months and a final report when treatment ends.",
        ]),
        Spacer(1, 10),
        grid(
            [
                ["Dr. Lakshmi Narayanan (fictitious)<br/>Member Secretary",
                 "Prof. H. S. Venkatesh (fictitious)<br/>Chairperson"],
                [f"<i>{IN_SIGN}</i>", f"<i>{IN_SIGN}</i>"],
            ],
            [WZ / 2, WZ / 2], header=False, zebra=False,
        ),
    ]
    build_pdf(out / "iec-approval-in.pdf", story, pages=1, pagesize=A4,
              title="Institutional Ethics Committee approval KSIO/IEC/2026/187 (synthetic)",
              author=f"{KSIO_IEC} (fictional)",
              subject="Ethics committee approval of the treatment of a named patient with an "
                      "imported unapproved new drug (India)",
              footer=f"{KSIO_IEC} · {KSIO_IEC_REG} · KSIO/IEC/2026/187")


def consent_form_in(out: Path) -> None:
    """KSIO's patient information sheet and informed consent form for zoferatinib, version 1.0
    of 17/11/2026, approved by its IEC on 18/11/2026, as signed on 19/11/2026 (the patient's
    name a redaction bar)."""
    story: list[Flowable] = letterhead(
        KSIO,
        [f"Department of Medical Oncology · {KSIO_ADDR} (fictitious)"],
        width=WZ,
    )
    story += [
        P("<b>Patient information sheet and informed consent form</b>", "h1"),
        P("Treatment with zoferatinib (ZX-2041), a new drug not approved in India, imported for "
          "your treatment · Version 1.0 of 17/11/2026 · Approved by the "
          f"{KSIO_IEC} ({KSIO_IEC_REG}) on 18/11/2026", "small"),
    ]
    for head, text in (
        ("Why you are receiving this sheet",
         "Your doctor proposes to treat you with zoferatinib. This medicine is not approved for "
         "sale in India; it can be imported for your treatment only with the permission of the "
         "Central Drugs Standard Control Organisation. The manufacturer, "
         f"{COMPANY}, supplies it free of charge. This is treatment, not a research study. "
         "Taking it is your choice."),
        ("Why it is offered to you",
         "Your lung cancer has a change in the EGFR gene called an exon 20 insertion, and it "
         "has grown despite chemotherapy, amivantamab and docetaxel. No other approved "
         "treatment for this kind of cancer remains, and no study of zoferatinib is open to "
         "you in India."),
        ("What will happen",
         "You will take two 80 mg tablets (160 mg) by mouth once a day, with food. You will be "
         "seen every 2 weeks for the first 2 months, then every 4 weeks, with blood tests. An "
         "ECG (heart tracing) is done before you start, after 15 days and then every month, "
         "and a CT scan about every 8 weeks. Treatment continues while your doctor judges that "
         "it helps you and the side effects are acceptable."),
        ("Possible risks and discomforts",
         "In studies (about 300 people treated) the most frequent side effects were diarrhoea "
         "(62%), acne-like rash (48%), dry skin, infection around the nails and mouth sores. "
         "Less frequent: changes in liver and pancreas blood tests, changes in heart rhythm on "
         "the ECG (4%). Rare but serious: inflammation of the lungs (2%); tell your doctor at "
         "once about a new cough or breathlessness. There may be risks that are not yet "
         "known."),
        ("Possible benefit",
         "In a study of people whose cancer had grown after amivantamab, the tumour shrank in "
         "about 4 in 10. Benefit to you cannot be promised."),
        ("Other choices",
         "You may refuse this treatment and still receive all other care, including "
         "radiotherapy to painful areas and palliative care focused on comfort."),
        ("Costs, confidentiality and contacts",
         "Zoferatinib is free of charge; visits and tests follow the Institute's usual rules. "
         "Your records may be seen by the Institutional Ethics Committee, the Central Drugs "
         "Standard Control Organisation and the manufacturer, to check safety; reports name "
         "you by your initials only. Questions about treatment: Dr. Meera Krishnan, "
         "+91 80 5550 1422. Questions about your rights: Member Secretary of the Institutional "
         "Ethics Committee, +91 80 5550 1090."),
    ):
        story += [H(head), P(text)]
    signatures = grid(
        [
            ["", "Name", "Signature", "Date"],
            ["Patient", Redacted(1.3 * inch), "signed (see note)", "19/11/2026"],
            ["Person obtaining consent", IN_PHYSICIAN, "signed (see note)", "19/11/2026"],
        ],
        [1.6 * inch, 2.1 * inch, 1.5 * inch, WZ - 5.2 * inch],
    )
    story += [
        H("Consent"),
        P("I have read this sheet (or it has been read to me in a language I understand), I "
          "have been able to ask questions and they have been answered. I agree freely to be "
          "treated with zoferatinib. I know that I can withdraw my consent at any time without "
          "any effect on my other care. I have received a copy of this form."),
        signatures,
        Spacer(1, 4),
        P(f"Note: {IN_SIGN}. The patient reads English; no impartial witness was required.",
          "small"),
    ]
    build_pdf(out / "consent-form-in.pdf", story, pages=1, pagesize=A4,
              title="Patient information sheet and informed consent form, zoferatinib, v1.0 "
                    "(synthetic)",
              author=f"{KSIO} (fictional)",
              subject="Informed consent for treatment with an imported unapproved new drug "
                      "(India)",
              footer=f"{KSIO} · Informed consent · zoferatinib · v1.0 of 17/11/2026")


# ---------------------------------------------------------------------------------------------

WRITERS: dict[str, Callable[[Path], None]] = {
    "pathology-report.pdf": pathology_report,
    "ngs-report.pdf": ngs_report,
    "ct-report.jpg": ct_report,
    "discharge-summary.docx": discharge_summary,
    "letter-of-authorization.pdf": letter_of_authorization,
    "physician-cv.pdf": physician_cv,
    "lab-results.png": lab_results,
    "irb-approval.pdf": irb_approval,
    "consent-form.pdf": consent_form,
    "safety-report-3500a.pdf": safety_report,
    "imaging-multipage.tiff": petct_tiff,
    "ngs-report-zh.pdf": ngs_report_zh,
    "sponsor-agreement-zh.pdf": sponsor_agreement_zh,
    "ethics-approval-zh.pdf": ethics_approval_zh,
    "consent-form-zh.pdf": consent_form_zh,
    "institution-licence-zh.pdf": institution_licence_zh,
    "supply-letter-zh.pdf": supply_letter_zh,
    "hk-registration.pdf": hk_registration,
    "us-approval.pdf": us_approval,
    "us-approval-zh.pdf": us_approval_zh,
    "supply-declaration-it.pdf": functools.partial(supply_declaration, lang="it"),
    "supply-declaration-de.pdf": functools.partial(supply_declaration, lang="de"),
    "supply-declaration-es.pdf": functools.partial(supply_declaration, lang="es"),
    "supply-declaration-en.pdf": functools.partial(supply_declaration, lang="en"),
    "consent-form-it.pdf": functools.partial(patient_consent, lang="it"),
    "consent-form-de.pdf": functools.partial(patient_consent, lang="de"),
    "ngs-report-es.pdf": ngs_report_es,
    "ngs-report-in.pdf": functools.partial(ngs_report_in, name="ngs-report-in.pdf"),
    "ngs-report-in-lakeview.pdf": functools.partial(ngs_report_in,
                                                    name="ngs-report-in-lakeview.pdf"),
    "iec-approval-in.pdf": iec_approval_in,
    "consent-form-in.pdf": consent_form_in,
    "supply-declaration-ca.pdf": functools.partial(supply_declaration, lang="ca"),
    "publication-zephyr-1.pdf": publication_zephyr1,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1 or (args and args[0].startswith("-")):
        print("usage: make_uploads.py [OUT_DIR]   (default: the script's own folder)")
        return 0 if args and args[0] in ("-h", "--help") else 2
    out = Path(args[0]) if args else Path(__file__).resolve().parent
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for name, write in WRITERS.items():
        write(out)
        size = (out / name).stat().st_size
        total += size
        print(f"{name:32} {size:>9,} bytes")
    print(f"{'total':32} {total:>9,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
