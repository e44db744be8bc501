"""The prose lint: sentences of a built bundle that a physician would correct before signing.

Run it over built bundle folders::

    python -m tests.prose_lint out/fda-single-patient [out/ema-fr-aac ...]

It prints one line per finding and exits 1 if there is any. A finding names the
document, where in it (``p.3`` of a packet PDF, ``¶12`` or ``table 2 r3c2`` of a DOCX),
the rule and a short excerpt::

    treatment-plan.docx table 1 r4c2: P1 doubled punctuation: "…metastases.; performance…"

Rules on the text of the generated documents (``documents/*.docx``; no LibreOffice
needed):

- P1 doubled punctuation (``..``, ``.;``, ``,.``, `` .``; not ``...`` nor an
  abbreviation's own stop, ``Inc.,``).
- P2 ``None``, ``null``, ``nan``, ``True``, ``False``, ``[]``, ``{}`` printed as words.
- P3 template syntax left over (``{{``, ``}}``, ``{%``, ``%}``).
- P4 raw enum or field names in prose (``best_response``, ``case.patient``).
- P5 fillers for absent optional fields (``not recorded``, ``Premedication: none``, an
  empty value row of a table, a table column empty in every body row).
- P6 an ordinary capitalised word mid-sentence after "for"/"with" (and their French,
  Italian and Spanish counterparts): ``for Metastatic non-small cell…``.
- P7 our English fixed words and enum labels in a non-English document.
- P10 words repeated across a join: ``Letter of Authorization: Letter of Authorization``,
  ``…adenocarcinoma, Adenocarcinoma, moderately…``.
- P11 a slash form where the case says who is meant (``Patient/in``, ``Estimado/a``,
  ``Dott./Dott.ssa``, ``il/la``): documents agree with the patient's recorded sex and
  address a contact by name.
- P12 our software named in a document (a route id such as ``ema/cup-enrolment``,
  ``--option``, ``accesspack``): a regulator's reader does not know it.

Rules on the pages of the packet PDFs that come from generated documents (never the
pages of uploaded attachments; the collator's stamp lines are removed first):

- P8 a page whose only content is a signature block.
- P9 a document's last page carrying only a few lines spilled from the page before.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.table import Table

from accesspack.languages import LABELS
from accesspack.model import Case
from accesspack.render.prose import PROPER_NOUNS, is_abbreviation
from accesspack.render.worksheet import WORDS as WORKSHEET_WORDS
from accesspack.vocabulary import english_labels

__all__ = ["RULES", "Finding", "case_names", "lint_bundle", "lint_docx", "lint_pages", "main"]

#: Rule id -> what it reports.
RULES: dict[str, str] = {
    "P1": "doubled punctuation",
    "P2": "null value printed",
    "P3": "template syntax left over",
    "P4": "raw field or enum name",
    "P5": "filler for an absent value",
    "P6": "capitalised word mid-sentence",
    "P7": "English word in a non-English document",
    "P8": "signature block alone on a page",
    "P9": "a few lines spilled onto the last page",
    "P10": "repeated words",
    "P11": "slash form for who is meant",
    "P12": "our software named in a document",
}

#: The marker a case text missing in the document's language carries (render/context.py).
TRANSLATION_MISSING = "translation missing"
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


@dataclass(frozen=True)
class Finding:
    """One defect: the document, where in it, the rule and a short excerpt."""

    document: str
    where: str
    rule: str
    excerpt: str

    def __str__(self) -> str:
        return f'{self.document} {self.where}: {self.rule} {RULES[self.rule]}: "{self.excerpt}"'


def _excerpt(text: str, start: int, end: int, width: int = 30) -> str:
    a, b = max(0, start - width), min(len(text), end + width)
    out = " ".join(text[a:b].split())
    return ("…" if a > 0 else "") + out + ("…" if b < len(text) else "")


# ---------------------------------------------------------------- P1 doubled punctuation

_RUN = re.compile(r"[.;,:!?。，；：、]{2,}")
_SPACE_BEFORE = re.compile(r"(?<=\S)[ \t]+([.,;:])(?=\s|$)")
#: Languages that set a (thin) space before ``;`` and ``:``.
_SPACED_COLON = {"fr"}
#: Abbreviations our templates and cases write that accesspack.render.prose does not list.
_MORE_ABBREVIATIONS = frozenset({"tel.", "tél.", "fax.", "str.", "nr.", "n.", "no.", "ref.",
                                 "art.", "abs.", "ca.", "u.", "dr.", "dra.", "dres.", "fdo.",
                                 "fto.", "sig.na", "gez."})


def _abbreviation(word: str) -> bool:
    return is_abbreviation(word) or word.lower().lstrip("(") in _MORE_ABBREVIATIONS


def _doubled_punctuation(text: str, lang: str) -> Iterator[tuple[int, int]]:
    for m in _RUN.finditer(text):
        run = m.group()
        if set(run) == {"."} and len(run) == 3:
            continue  # an ellipsis
        if run == "::" and text[m.start() - 1:m.start()].isalnum() \
                and text[m.end():m.end() + 1].isalnum():
            continue  # a gene fusion, HGVS/ISCN notation: CD74::NRG1
        if run[0] == ".":
            before = text[:m.start()].rsplit(None, 1)
            word = (before[-1] if before and not text[m.start() - 1].isspace() else "") + "."
            if _abbreviation(word):
                run = run[1:]  # the abbreviation's own stop; a second full stop is not
                if run == ".":
                    run = ".."
            elif run.startswith("...") and len(run) == 4 and run[3] in ",;:":
                run = ""
        if len(run) >= 2:
            yield m.start(), m.end()
    for m in _SPACE_BEFORE.finditer(text):
        if m.group(1) in ";:" and lang in _SPACED_COLON:
            continue
        yield m.start(), m.end()


# ---------------------------------------------------------------- P2 null values

_NULL_ALWAYS = re.compile(r"(?<![\w.])(null|nan|NaN|\[\]|\{\})(?![\w])")
# Python's None/True/False: the bare word, not an English "None required", "True to …"
_NULL_PY = re.compile(r"(?<![\w])(None|True|False)(?![\w])(?! +[a-z])")


# ---------------------------------------------------------------- P3 template syntax

_TEMPLATE = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")


# ---------------------------------------------------------------- P4 raw names

_SNAKE = re.compile(r"(?<![\w@./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@/-])")
_CASE_PATH = re.compile(r"(?<![\w@/])(?:case|patient|request|product)\.[a-z_]+[a-z]")
_URL_LIKE = re.compile(r"\S*(?:@|://|www\.|\\)\S*|\S+\.(?:pdf|docx?|ya?ml|json|txt|png|"
                       r"jpe?g|tiff?|xml|csv|html?|zip)\b", re.IGNORECASE)


def _raw_names(text: str) -> Iterator[tuple[int, int]]:
    masked = _URL_LIKE.sub(lambda m: " " * len(m.group()), text)
    for rx in (_SNAKE, _CASE_PATH):
        for m in rx.finditer(masked):
            yield m.start(), m.end()


# ---------------------------------------------------------------- P5 fillers

#: Words a template prints for an absent value, per language (``*``: every language).
FILLERS: dict[str, tuple[str, ...]] = {
    "*": ("not recorded", "none recorded", "not provided"),
    "en": (),
    "fr": ("non renseigné", "non renseignée", "non indiqué", "non indiquée",
           "non communiqué", "non précisé", "non précisée", "non fourni", "non fournie"),
    "it": ("non indicato", "non indicata", "non registrato", "non registrata",
           "non fornito", "non fornita", "non specificato", "non specificata"),
    "es": ("no consta", "no registrado", "no registrada", "no indicado", "no indicada",
           "no facilitado", "no especificado"),
    "de": ("nicht angegeben", "nicht erfasst", "nicht dokumentiert", "keine Angabe",
           "keine Angaben"),
    "zh": ("未记录", "未提供", "未填写", "未注明"),
}
#: The word for "none" after a label (``Premedication: none``), per language.
NONE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("none", "n/a"),
    "fr": ("aucun", "aucune", "néant", "none", "n/a"),
    "it": ("nessuno", "nessuna", "none", "n/a"),
    "es": ("ninguno", "ninguna", "none", "n/a"),
    "de": ("keine", "keiner", "none", "n/a"),
    "zh": ("无", "none", "n/a"),
}
#: Words of a row or column label meant to be completed by hand, per language.
BY_HAND: dict[str, tuple[str, ...]] = {
    "en": ("signature", "signed", "date", "official use", "stamp", "seal", "initials"),
    "fr": ("signature", "signé", "date", "cachet", "réservé", "visa"),
    "it": ("firma", "data", "timbro", "riservato"),
    "es": ("firma", "fecha", "sello", "reservado"),
    "de": ("unterschrift", "datum", "stempel", "amtlich", "vermerk"),
    "zh": ("签字", "签名", "日期", "盖章", "公章", "签章"),
}


def _lang(language: str) -> str:
    return language.split("-")[0].lower()


def _fillers(language: str) -> list[str]:
    return [*FILLERS["*"], *FILLERS.get(_lang(language), ())]


def _filler_spans(text: str, language: str) -> Iterator[tuple[int, int]]:
    for word in _fillers(language):
        pattern = re.escape(word) if _CJK.search(word) \
            else r"(?<!\w)" + re.escape(word) + r"(?!\w)"
        for m in re.finditer(pattern, text, re.IGNORECASE):
            yield m.start(), m.end()
    nones = "|".join(re.escape(w) for w in NONE_WORDS.get(_lang(language), NONE_WORDS["en"]))
    for m in re.finditer(r"[:：]\s*(?:" + nones + r")\s*[.;,。]?\s*(?=$|\n|[;,])",
                         text, re.IGNORECASE):
        yield m.start(), m.end()


_BY_HAND_WORDS = tuple(sorted({w for words in BY_HAND.values() for w in words}))


def _has_word(text: str, words: Iterable[str]) -> bool:
    """Whether ``text`` holds one of ``words``: whole words, or anywhere for Chinese ones."""
    low = text.lower()
    for w in words:
        if _CJK.search(w):
            if w in low:
                return True
        elif re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", low):
            return True
    return False


def _by_hand(text: str, language: str) -> bool:
    """Whether a label says its row or column is completed by hand (any language's words:
    a signature block is often bilingual)."""
    return _has_word(text, _BY_HAND_WORDS) or "__" in text or "……" in text


# ---------------------------------------------------------------- P6 capital mid-sentence

#: Prepositions after which an indication is set mid-sentence, per language.
PREPOSITIONS: dict[str, tuple[str, ...]] = {
    "en": ("for", "with"),
    "fr": ("pour", "avec"),
    "it": ("per", "con"),
    "es": ("para", "con"),
}
_ORDINARY = r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+"
_LOWER = r"[a-zß-öø-ÿ]"
#: Short words a title in Title Case leaves in lowercase between its capitalised words.
_TITLE_CASE_LINKS = frozenset({
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or",
    "the", "to", "via", "with", "de", "du", "des", "la", "le", "les", "et", "di", "del",
    "della", "e", "el", "y", "en",
})


def _capital_after(text: str, language: str,
                   names: frozenset[str] = frozenset()) -> Iterator[tuple[int, int]]:
    preps = PREPOSITIONS.get(_lang(language))
    if not preps:
        return
    rx = re.compile(r"(?<![\w])(?:" + "|".join(preps) + r") +(" + _ORDINARY + r") +("
                    + _LOWER + r"[\w-]*)(?: +(\S+))?")
    for m in rx.finditer(text):
        word, following, after = m.group(1), m.group(2), m.group(3) or ""
        if word in PROPER_NOUNS or word in names:
            continue
        if following in _TITLE_CASE_LINKS and after[:1].isupper():
            continue  # a title in Title Case: "Request for Authorization to Use Form…"
        yield m.start(), m.start(2) + len(following)


# ---------------------------------------------------------------- P7 English fixed words

#: English words of our templates that have no place in a document in another language.
#: Single words match as written (case-sensitive); phrases of several words ignore case.
ENGLISH_WORDS: tuple[str, ...] = (
    "Page", "Date", "Signature", "Yes", "No", "Name", "Title", "Address", "Phone",
    "Enclosures", "Enclosure", "Attachments", "Attachment", "Dear", "Sincerely", "Field",
    "Entry", "Manufacturer", "Indication", "Diagnosis", "Dose", "Schedule", "Route",
    "Unknown", "Other", "Response", "Sponsor", "Physician", "Drug",
    "not recorded", "none recorded", "not provided", "Table of contents", "continued",
    "DRAFT", "Treatment plan", "Clinical summary", "Cover letter", "Letter of authorization",
    "Supporting clinical reports", "Physician's qualification statement",
    "Informed consent", "Prior treatments", "Performance status", "Date of birth",
)
#: Words in ENGLISH_WORDS that are also ordinary words of a language.
NATIVE_WORDS: dict[str, frozenset[str]] = {
    "fr": frozenset({"Page", "Date", "Signature", "Indication", "Route", "Dose", "Sponsor"}),
    # "performance status" is the term Italian oncology writes
    "it": frozenset({"No", "Dose", "Sponsor", "Performance status"}),
    "es": frozenset({"No", "Sponsor"}),
    "de": frozenset({"Name", "Route", "Sponsor"}),
    "zh": frozenset(),
}


def _english_vocabulary(language: str) -> list[str]:
    lang = _lang(language)
    native = LABELS.get(lang, LABELS["en"])
    own = {str(v) for v in vars(native).values()}
    words: set[str] = set(english_labels(lang))
    en = LABELS["en"]
    for name in ("toc_title", "continued", "draft", "yes", "no"):
        words.add(str(getattr(en, name)).strip("()"))
    words.add("Page")
    words.update(ENGLISH_WORDS)
    return sorted(w for w in words
                  if w not in own and w.strip("()") not in {o.strip("()") for o in own}
                  and w not in NATIVE_WORDS.get(lang, frozenset()) and len(w) > 1)


def _english_spans(text: str, words: Sequence[str]) -> Iterator[tuple[int, int]]:
    if TRANSLATION_MISSING in text:
        return
    for word in words:
        flags = re.IGNORECASE if " " in word else 0
        for m in re.finditer(r"(?<![\w’'-])" + re.escape(word) + r"(?![\w’'-])", text, flags):
            yield m.start(), m.end()


# ---------------------------------------------------------------- P10 repeated words

# two words or more repeated after a colon, comma or semicolon; or one word of five letters
# or more repeated after a comma ("réponse : réponse partielle" is French, not a repeat)
_REPEAT_PHRASE = re.compile(r"(?<![\w-])(\w[\w'-]*(?:\s+[\w'-]+)+)\s*[:,;]\s+\1(?![\w-])",
                            re.IGNORECASE)
_REPEAT_WORD = re.compile(r"(?<![\w-])(\w{5,}),\s+\1(?![\w-])", re.IGNORECASE)


def _repeats(text: str) -> Iterator[tuple[int, int]]:
    masked = _URL_LIKE.sub(lambda m: " " * len(m.group()), text)
    for rx in (_REPEAT_PHRASE, _REPEAT_WORD):
        for m in rx.finditer(masked):
            if not m.group(1).isdigit():
                yield m.start(), m.end()


# ---------------------------------------------------------------- text rules together

def lint_text(text: str, language: str, document: str, where: str,
              english: Sequence[str] | None = None,
              case_text: Sequence[str] = (),
              names: frozenset[str] = frozenset()) -> list[Finding]:
    """Findings of rules P1–P7 and P10 in one paragraph or cell ``text``.

    ``case_text``: strings known to come from the case (attachment titles), which rule P7
    leaves alone: English there is the case's, not our fixed words. ``names``: the case's
    proper names (a product's or a company's), which keep their capital after "with".
    """
    out: list[Finding] = []
    lang = _lang(language)
    text = text.replace("\u00ad", "")  # soft hyphens (German table headers)

    def add(rule: str, spans: Iterable[tuple[int, int]]) -> None:
        seen: set[int] = set()
        for a, b in spans:
            if a in seen:
                continue
            seen.add(a)
            out.append(Finding(document, where, rule, _excerpt(text, a, b)))

    add("P1", _doubled_punctuation(text, lang))
    add("P2", ((m.start(), m.end()) for rx in (_NULL_ALWAYS, _NULL_PY)
               for m in rx.finditer(text)))
    add("P3", ((m.start(), m.end()) for m in _TEMPLATE.finditer(text)))
    add("P4", _raw_names(text))
    add("P5", _filler_spans(text, lang))
    add("P6", _capital_after(text, lang, names))
    add("P10", _repeats(text))
    add("P11", _slash_forms(text))
    add("P12", ((m.start(), m.end()) for m in _SOFTWARE.finditer(text)))
    if lang != "en":
        masked = text
        for known in case_text:
            if known:
                masked = masked.replace(known, " " * len(known))
        add("P7", _english_spans(masked, english if english is not None
                                 else _english_vocabulary(lang)))
    return out


# ---------------------------------------------------------------- P11 slash forms

#: Slash forms that pick no one: "Patient/in", "Estimado/a", "il/la", "Dott./Dott.ssa".
_SLASH_FORM = re.compile(
    r"(?<![\w/])(?:\w+/(?:in|innen|r|a|o|e|ssa|ª|º)|[Ii]l/[Ll]a|[Ll]a/[Ii]l|[Ee]l/[Ll]a"
    r"|[Dd]ott\./[Dd]ott\.ssa|Dr\./Dra\.|D\./D\.ª|Ärztin/Arzt|Arzt/Ärztin|[Ll]e/[Ll]a"
    r"|[Dd]er/[Dd]ie|[Dd]ie/[Dd]er)(?![\w/])")
#: Slash pairs that are words of their own: Spanish "y/o" and Italian "e/o" (and/or), and
#: English "c/o" (care of: Health Canada's Form A, "Send drug c/o").
_SLASH_WORDS = frozenset({"y/o", "e/o", "c/o"})


def _slash_forms(text: str) -> Iterator[tuple[int, int]]:
    for m in _SLASH_FORM.finditer(text):
        if m.group().lower() not in _SLASH_WORDS:
            yield m.start(), m.end()


# ---------------------------------------------------------------- P12 our software named

_SOFTWARE = re.compile(
    r"(?<![\w./-])(?:fda|ema|cdsco|nmpa)/[a-z][a-z-]+(?![\w/.])|--option\b|\baccesspack\b")


# ---------------------------------------------------------------- DOCX

def _cell_text(cell: Any) -> str:
    return "\n".join(p.text for p in cell.paragraphs)


def _tables(doc: DocxDocument) -> Iterator[Table]:
    stack = list(doc.tables)
    while stack:
        table = stack.pop(0)
        yield table
        for row in table.rows:
            for cell in row.cells:
                stack.extend(cell.tables)


def _unique_cells(row: Any) -> list[Any]:
    cells, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        cells.append(cell)
    return cells


#: The header row of a portal worksheet's tables, in every language it is written in.
_WORKSHEET_HEADERS = {(w.number, w.label, w.enter, w.source) for w in WORKSHEET_WORDS.values()}


def _worksheet_table(table: Table) -> bool:
    """Whether ``table`` is a portal worksheet's (No. | Field on the portal | Enter | From),
    whose last column names the case field each value comes from."""
    if not table.rows:
        return False
    head = tuple(_cell_text(c).strip() for c in _unique_cells(table.rows[0]))
    return head in _WORKSHEET_HEADERS


def _table_findings(table: Table, t: int, language: str, name: str) -> list[Finding]:
    out: list[Finding] = []
    rows = [_unique_cells(r) for r in table.rows]
    texts = [[_cell_text(c).replace("\u00ad", "").strip() for c in r] for r in rows]
    nones = {w.lower() for w in NONE_WORDS.get(_lang(language), NONE_WORDS["en"])}
    for i, row in enumerate(texts):
        for j, cell in enumerate(row[1:], 2):
            if i > 0 and cell.lower().rstrip(".。") in nones:
                out.append(Finding(name, f"table {t} r{i + 1}c{j}", "P5",
                                   f"{row[0][:60]}: {cell}"))
    empty_rows = set()
    for i, row in enumerate(texts):
        if i == 0 or len(row) < 2:
            continue
        label, rest = row[0], row[1:]
        if label and all(not c for c in rest) and not _by_hand(label, language):
            empty_rows.add(i)
            out.append(Finding(name, f"table {t} r{i + 1}", "P5",
                               f"{label[:60]}: (empty)"))
    if len(texts) >= 2:
        header = texts[0]
        width = len(header)
        if all(len(r) == width for r in texts[1:]):
            # rows completed by hand (signature, date) do not make a column empty
            body = [i for i in range(1, len(texts)) if not _by_hand(texts[i][0], language)]
            if body and not set(body) <= empty_rows:
                for j in range(1, width):
                    head = header[j]
                    if (head and not _by_hand(head, language)
                            and all(not texts[i][j] for i in body)):
                        out.append(Finding(name, f"table {t} c{j + 1}", "P5",
                                           f"column “{head[:40]}” empty in every row"))
    return out


def lint_docx(path: Path | str, language: str, name: str | None = None,
              case_text: Sequence[str] = (),
              names: frozenset[str] = frozenset()) -> list[Finding]:
    """Findings of the text rules in a generated DOCX (body, tables, headers, footers)."""
    path = Path(path)
    name = name or path.name
    doc = docx.Document(str(path))
    english = _english_vocabulary(language)
    out: list[Finding] = []
    for i, para in enumerate(doc.paragraphs, 1):
        out += lint_text(para.text, language, name, f"¶{i}", english, case_text, names)
    for t, table in enumerate(_tables(doc), 1):
        # a portal worksheet's From column names the case fields on purpose
        paths = _worksheet_table(table)
        for r, row in enumerate(table.rows, 1):
            cells = _unique_cells(row)
            for c, cell in enumerate(cells, 1):
                found = lint_text(_cell_text(cell), language, name, f"table {t} r{r}c{c}",
                                  english, case_text, names)
                if paths and c == len(cells):
                    found = [f for f in found if f.rule != "P4"]
                out += found
        out += _table_findings(table, t, language, name)
    for s, section in enumerate(doc.sections, 1):
        for kind, part in (("header", section.header), ("footer", section.footer)):
            if part.is_linked_to_previous and s > 1:
                continue
            for para in part.paragraphs:
                out += lint_text(para.text, language, name, kind, english, case_text, names)
    return out


# ---------------------------------------------------------------- pages

#: Words of a signature block, any language.
SIGNATURE_WORDS = ("signature", "signed", "date", "firma", "unterschrift", "datum", "signé",
                   "fecha", "data", "签字", "签名", "日期", "盖章", "签章", "sincerely",
                   "cordialement", "distinti saluti", "atentamente", "mit freundlichen",
                   "name", "nom", "nome", "nombre", "姓名", "stamp", "cachet", "timbro",
                   "sello", "stempel")
_DATE_LINE = re.compile(r"^[\d./\- 年月日]+$")


def _signature_line(line: str) -> bool:
    return ("__" in line or "……" in line or "..." * 2 in line
            or _has_word(line, SIGNATURE_WORDS) or bool(_DATE_LINE.match(line.strip())))


def _stamp_patterns(case_id: str) -> list[re.Pattern[str]]:
    pats = []
    for lab in LABELS.values():
        page = re.escape(lab.page).replace(r"\{n\}", r"\d+").replace(r"\{total\}", r"\d+")
        pats.append(re.compile(page.replace(r"\ ", r"\s*")))
    pats.append(re.compile(re.escape(case_id) + r"\s*·"))
    return pats


def _content_lines(page: str, case_id: str, draft_words: set[str]) -> list[str]:
    stamps = _stamp_patterns(case_id)
    lines = []
    for line in page.splitlines():
        bare = line.strip()
        if not bare or len(bare) == 1:
            continue
        if any(all(tok in word for tok in bare.split()) for word in draft_words):
            continue  # the DRAFT watermark, or the pieces pdftotext cuts it into
        if any(p.search(bare) for p in stamps):
            continue
        lines.append(bare)
    return lines


def _lines_excerpt(lines: Sequence[str]) -> str:
    short = [ln if len(ln) <= 48 else ln[:47] + "…" for ln in lines[:4]]
    return " / ".join(short) + (" / …" if len(lines) > 4 else "")


def lint_pages(pages: Sequence[str], document: str, first_page: int, case_id: str,
               language: str) -> list[Finding]:
    """Rules P8 and P9 on the pages (text) of one generated document in a packet.

    ``first_page`` is the packet page number of ``pages[0]``.
    """
    if len(pages) < 2:
        return []
    draft_words = {lab.draft for lab in LABELS.values()}
    out: list[Finding] = []
    for k, page in enumerate(pages):
        lines = _content_lines(page, case_id, draft_words)
        if not lines:
            continue
        where = f"p.{first_page + k}"
        signature = [ln for ln in lines if _signature_line(ln)]
        others = [ln for ln in lines if not _signature_line(ln)]
        # a signature block: signature lines, and at most three short lines besides (the
        # signatory's name and title, the institution, the place and date)
        if signature and len(others) <= 3 and all(len(o.split()) <= 16 for o in others):
            out.append(Finding(document, where, "P8", _lines_excerpt(lines)))
        elif k == len(pages) - 1 and len(lines) <= 4:
            out.append(Finding(document, where, "P9", _lines_excerpt(lines)))
    return out


def _pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
                          check=True, capture_output=True).stdout.decode("utf-8")
    return text.split("\f")


# ---------------------------------------------------------------- bundles

def bundle_language(manifest: dict[str, Any]) -> str:
    """The language of a bundle's documents (the route's, or the ``language`` option)."""
    options = manifest.get("options") or {}
    if options.get("language"):
        return str(options["language"])
    from accesspack.routes import load_route
    return load_route(manifest["route"]).locale(options).language


def case_names(case: Case) -> list[str]:
    """The proper names of a case that a document may set after "with" or "for": the
    product's name, code and brand names, the agents of prior lines, the companies'."""
    product = case.product
    names = [product.name, product.code or ""]
    names += [a.brand_name or "" for a in product.approvals]
    names += [agent for line in case.prior_treatments for agent in line.agents]
    names += [org.name for org in (product.manufacturer, product.supplier) if org]
    return [n for n in names if n]


def lint_bundle(folder: Path | str, *, pages: bool = True,
                names: Iterable[str] = ()) -> list[Finding]:
    """Every finding in a built bundle: its documents' text and its packets' pages.

    ``names``: the case's proper names (see :func:`case_names`).
    """
    known = frozenset(w for n in names for w in n.split())
    folder = Path(folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    language = bundle_language(manifest)
    case_id = str(manifest.get("case_id", ""))
    titles = sorted({str(d.get("title", "")) for p in manifest.get("packets", [])
                     for part in p.get("parts", []) for d in part.get("documents", [])
                     if str(d.get("source", "")).startswith("attachment:")},
                    key=len, reverse=True)
    out: list[Finding] = []
    for path in sorted((folder / "documents").glob("*.docx")):
        out += lint_docx(path, language, case_text=titles, names=known)
    if not pages:
        return out
    english = _english_vocabulary(language)
    draft_words = {lab.draft for lab in LABELS.values()}
    for packet in manifest.get("packets", []):
        pdf = folder / packet["file"]
        if not pdf.exists():
            continue
        texts = _pdf_pages(pdf)
        for part in packet.get("parts", []):
            for doc in part.get("documents", []):
                source = str(doc.get("source", ""))
                first, last = doc["pages"]
                chunk = texts[first - 1:last]
                if source.startswith("template:"):
                    name = Path(doc.get("document", source)).name
                    out += lint_pages(chunk, f"{pdf.name} ({name})", first, case_id, language)
                elif source.startswith("generated:"):
                    # the collator's own pages (table of contents): its words are ours
                    for k, page in enumerate(chunk):
                        text = "\n".join(_content_lines(page, case_id, draft_words))
                        for line in text.splitlines():
                            out += [f for f in lint_text(line, language, pdf.name,
                                                         f"p.{first + k}", english, titles)
                                    if f.rule in {"P2", "P3", "P4", "P7"}]
    return out


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"}:
        print(__doc__)
        return 2
    total, bad = 0, 0
    for arg in args:
        if not (Path(arg) / "manifest.json").is_file():
            print(f"prose_lint: {arg} is not a built bundle (no manifest.json)", file=sys.stderr)
            bad += 1
            continue
        findings = lint_bundle(arg)
        for f in findings:
            print(f"{arg.rstrip('/')}/{f}")
        total += len(findings)
    print(f"{total} finding(s)", file=sys.stderr)
    return 2 if bad else 1 if total else 0


if __name__ == "__main__":
    raise SystemExit(main())
