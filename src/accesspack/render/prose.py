"""Case text set into a template's sentences: punctuation and capitals at the joins.

A case's free text is written to stand alone (``"Progressive disease in bone and liver."``,
``"Metastatic non-small cell lung cancer"``); a template sets it inside its own sentence.
These functions, the template filters ``clause``, ``sentence`` and ``inline``, make the
join read as one sentence:

- ``clause``: the text without its closing full stop, semicolon, comma or colon (ASCII or
  Chinese full-width: 。；，：), so the template's own punctuation follows
  (``…no metastases; performance status…``, ``…新发肝转移灶。``). A full stop that closes an
  abbreviation (``S.r.l.``, ``Inc.``, ``etc.``) stays.
- ``sentence``: the text closed by exactly one full stop (none added after ``?``, ``!``,
  ``。`` or an abbreviation's own stop).
- ``inline``: the text as it reads mid-sentence: a first word that is an ordinary
  capitalised word (no other capital, no digit, not a proper noun on the allow-list such
  as Hodgkin) is lowercased; acronyms and gene names (``EGFR``, ``HER2-positive``,
  ``pT2``) are kept. German capitalises nouns and Chinese has no case: there it changes
  nothing.
"""

from __future__ import annotations

import re

__all__ = ["PROPER_NOUNS", "clause", "inline", "is_abbreviation", "sentence"]

#: First words of a diagnosis that keep their capital mid-sentence (eponyms, places).
PROPER_NOUNS = frozenset({
    "Hodgkin", "Hodgkin's", "Burkitt", "Burkitt's", "Ewing", "Ewing's", "Kaposi",
    "Kaposi's", "Merkel", "Wilms", "Wilms'", "Waldenström", "Waldenström's", "Paget",
    "Paget's", "Langerhans", "Castleman", "Bowen", "Bowen's", "Sézary", "Richter",
    "Richter's", "Lynch", "Li-Fraumeni", "Krukenberg", "Pancoast", "Klatskin", "Askin",
    "Erdheim-Chester", "Masaoka", "Gleason", "Breslow", "Clark", "Fuhrman", "Hürthle",
})

#: Words that end with a full stop of their own.
_ABBREVIATIONS = frozenset({
    "inc.", "ltd.", "co.", "corp.", "llc.", "plc.", "bros.", "etc.", "e.g.", "i.e.", "vs.",
    "approx.", "dr.", "prof.", "no.", "nr.", "st.", "jr.", "sr.", "mg.", "cf.", "al.",
    "s.a.", "s.l.", "s.p.a.", "s.r.l.", "s.a.s.", "s.a.r.l.", "b.v.", "n.v.", "e.v.",
    "ag.", "kg.", "z.b.", "bzw.", "ggf.", "u.a.", "dott.", "dott.ssa", "sig.", "sig.ra",
})
_INITIALISM = re.compile(r"^(?:[A-Za-z]{1,3}\.){2,}$")  # S.r.l., U.S.A., e.V.
_CLOSING = ".;,:。；，："
_TERMINAL = ".?!。？！…"
_ORDINARY = re.compile(r"^[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:[-’'][a-zß-öø-ÿ]+)*$")


def is_abbreviation(word: str) -> bool:
    """Whether ``word`` (ending with ``.``) is an abbreviation whose stop is its own."""
    bare = word.strip("()[]\"'“”‘’«»")
    return bare.lower() in _ABBREVIATIONS or bool(_INITIALISM.match(bare))


def _last_word(text: str) -> str:
    return text.rsplit(None, 1)[-1] if text.strip() else ""


def clause(value: object) -> str:
    """``value`` without a closing ``.``, ``;``, ``,`` or ``:`` (or ``。；，：``; an
    abbreviation's stop stays)."""
    if value is None:
        return ""
    text = str(value).rstrip()
    while text and text[-1] in _CLOSING:
        if text[-1] == "." and (text.endswith("...") or is_abbreviation(_last_word(text))):
            break
        text = text[:-1].rstrip()
    return text


def sentence(value: object, mark: str = ".") -> str:
    """``value`` closed by one ``mark``: none added after a terminal mark of its own."""
    if value is None:
        return ""
    text = str(value).rstrip()
    if not text:
        return ""
    if text[-1] in _TERMINAL and (text[-1] != "." or mark == "."):
        return text
    text = clause(text)
    if text.endswith(".") and mark == ".":
        return text  # an abbreviation's stop closes the sentence too
    return text + mark


def inline(value: object, language: str = "en") -> str:
    """``value`` as it reads mid-sentence: an ordinary capitalised first word lowercased."""
    if value is None:
        return ""
    text = str(value)
    if language.split("-")[0] in {"de", "zh", "ja"}:
        return text
    head, sep, rest = text.partition(" ")
    word = head.rstrip(",;:")
    if word in PROPER_NOUNS or not _ORDINARY.match(word):
        return text
    return head[:1].lower() + head[1:] + sep + rest
