"""Case text inside a template's sentence: the filters clause, sentence, inline and label,
and attachment titles in the packet's language (no LibreOffice needed)."""

from __future__ import annotations

from typing import Any

import pytest

from accesspack.model import Case, parse_case
from accesspack.render.context import attachment_title, case_context
from accesspack.render.docx import make_environment
from accesspack.render.prose import clause, inline, sentence
from accesspack.vocabulary import CATALOGUE, LANGUAGES, english_labels, label


@pytest.mark.parametrize(("text", "expected"), [
    ("no metastases.", "no metastases"),
    ("progressive disease;", "progressive disease"),
    ("Meridian Italia S.r.l.", "Meridian Italia S.r.l."),
    ("Testco Oncology, Inc.", "Testco Oncology, Inc."),
    ("and so on...", "and so on..."),
    ("two stops..  ", "two stops"),
    (None, ""),
])
def test_clause_drops_the_closing_mark_but_not_an_abbreviation(text: Any, expected: str) -> None:
    assert clause(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Meridian Italia S.r.l.", "Meridian Italia S.r.l."),
    ("No metastases", "No metastases."),
    ("No metastases;", "No metastases."),
    ("Is it?", "Is it?"),
    ("已进展。", "已进展。"),
    ("", ""),
])
def test_sentence_ends_with_exactly_one_stop(text: str, expected: str) -> None:
    assert sentence(text) == expected


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Metastatic non-small cell lung cancer", "en", "metastatic non-small cell lung cancer"),
    ("EGFR-mutant NSCLC", "en", "EGFR-mutant NSCLC"),
    ("HER2-positive breast cancer", "en", "HER2-positive breast cancer"),
    ("Hodgkin lymphoma", "en", "Hodgkin lymphoma"),
    ("Cancer bronchique non à petites cellules", "fr", "cancer bronchique non à petites cellules"),
    ("Nicht-kleinzelliges Lungenkarzinom", "de", "Nicht-kleinzelliges Lungenkarzinom"),
    ("McArdle disease", "en", "McArdle disease"),
])
def test_inline_lowercases_only_an_ordinary_first_word(
    text: str, language: str, expected: str
) -> None:
    assert inline(text, language) == expected


def test_every_label_is_written_in_every_language() -> None:
    for domain, rows in CATALOGUE.items():
        for value, by_lang in rows.items():
            assert set(by_lang) == set(LANGUAGES), (domain, value)
            assert all(word.strip() for word in by_lang.values()), (domain, value)


def test_label_prints_the_value_in_the_document_language() -> None:
    assert label("metastatic", "setting", "fr") == "métastatique"
    assert label("PR", "response", "de-DE") == "partielle Remission"
    assert label("PR", "response", "pt") == "partial response"  # no Portuguese: English
    assert label("novel_value", "setting", "it") == "novel_value"
    with pytest.raises(KeyError, match="no label domain"):
        label("PR", "responses", "en")
    assert "metastatic" in english_labels("it")
    assert "NGS" not in english_labels("it")  # the same word in Italian


def test_filters_in_a_template() -> None:
    env = make_environment("dd/MM/yyyy", "it")
    out = env.from_string(
        "{{ s|clause }}; ECOG 1 — per {{ d|inline }} ({{ t|label('setting') }}). "
        "{{ name|sentence }}"
    ).render(s="senza metastasi.", d="Carcinoma polmonare", t="metastatic",
             name="Meridian Italia S.r.l.")
    assert out == ("senza metastasi; ECOG 1 — per carcinoma polmonare (metastatico). "
                   "Meridian Italia S.r.l.")


def test_attachment_titles_follow_the_packet_language(case_data: dict[str, Any],
                                                      case_dir: Any) -> None:
    case_data["attachments"][2]["titles"] = {"fr": "Compte rendu NGS TG-24"}
    case: Case = parse_case(case_data, base_dir=case_dir)
    loa, _cv, ngs, _consent = case.attachments
    assert attachment_title(ngs, "en", case) == "NGS report"
    assert attachment_title(ngs, "fr", case) == "Compte rendu NGS TG-24"
    assert attachment_title(ngs, "it", case, "dd/MM/yyyy") == "Referto dei biomarcatori, 01/03/2024"
    assert attachment_title(loa, "de", case) == "Autorisierungsschreiben"
    view, missing = case_context(case, "it")
    assert [a["title"] for a in view["attachments"]][:3] == [
        "Lettera di autorizzazione", "Curriculum vitae", "Referto dei biomarcatori"]
    assert "titles" not in view["attachments"][0]
    assert not [m for m in missing if "attachments" in m.field]
