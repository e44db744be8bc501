"""Numbers, percentages and dates by CLDR (Babel); working days by the ``holidays`` library.

Every expectation here is what CLDR (or the holidays package) says, not our own convention:
the French group separator is a narrow no-break space (U+202F) and French, German and
Spanish put a no-break space (U+00A0) before the percent sign.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from accesspack.errors import RouteError
from accesspack.languages import (
    check_date_pattern,
    format_date,
    format_number,
    format_percent,
    month_pattern,
)
from accesspack.ledger import add_working_days
from accesspack.model.dates import Month
from accesspack.render.docx import make_environment
from accesspack.routes.registry import (
    REGULATOR_FILE,
    load_route,
    parse_route_file,
    route_ids,
    templates_root,
)

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(("language", "grouped", "fixed", "percent", "percent_fixed"), [
    ("en", "1,234,567.25", "61.50", "80%", "12.5%"),
    ("fr", f"1{NNBSP}234{NNBSP}567,25", "61,50", f"80{NBSP}%", f"12,5{NBSP}%"),
    ("it", "1.234.567,25", "61,50", "80%", "12,5%"),
    ("es", "1.234.567,25", "61,50", f"80{NBSP}%", f"12,5{NBSP}%"),
    ("de", "1.234.567,25", "61,50", f"80{NBSP}%", f"12,5{NBSP}%"),
    ("zh", "1,234,567.25", "61.50", "80%", "12.5%"),
    ("fr-FR", f"1{NNBSP}234{NNBSP}567,25", "61,50", f"80{NBSP}%", f"12,5{NBSP}%"),
    ("xx", "1,234,567.25", "61.50", "80%", "12.5%"),  # unknown: English
])
def test_numbers_and_percentages_follow_cldr(language: str, grouped: str, fixed: str,
                                             percent: str, percent_fixed: str) -> None:
    assert format_number(1234567.25, language) == grouped
    assert format_number(61.5, language, 2) == fixed
    assert format_percent(80, language) == percent  # 80 means 80 %
    assert format_percent(12.5, language, 1) == percent_fixed


def test_numbers_keep_every_decimal_unless_told() -> None:
    assert format_number(3.0, "fr") == "3"  # a whole number has no decimals
    assert format_number(61.25, "de") == "61,25"
    assert format_number(0.1 + 0.2, "en") == "0.30000000000000004"  # nothing is rounded
    assert format_number(2.675, "en", 2) == "2.68"  # the value written, half to even
    assert format_number(-2.5, "fr", 0) == "-2"
    assert format_percent(7, "en", 1) == "7.0%"


def test_number_and_percent_filters() -> None:
    env = make_environment("dd/MM/yyyy", "fr")
    out = env.from_string("{{ w }} {{ w|number(2) }} {{ p|percent }} {{ n|percent }}").render(
        w=1234.5, p=80, n=None)
    assert out == f"1{NNBSP}234,5 1{NNBSP}234,50 80{NBSP}% "


#: what each route's pattern prints for 4 March 2026, and for March 2026 known to the month
PRINTS = {
    "MM/dd/yyyy": ("03/04/2026", "03/2026"),
    "dd/MM/yyyy": ("04/03/2026", "03/2026"),
    "dd.MM.yyyy": ("04.03.2026", "03.2026"),
    "y年M月d日": ("2026年3月4日", "2026年3月"),
    "MMMM d, y": ("March 4, 2026", "March 2026"),
}
PATTERN = {"fda": "MM/dd/yyyy", "ema": "dd/MM/yyyy", "cdsco": "dd/MM/yyyy", "nmpa": "y年M月d日",
           "ema/de-heilversuch": "dd.MM.yyyy",
           "hc": "MMMM d, y", "mhra": "dd/MM/yyyy", "swissmedic": "dd.MM.yyyy",
           "tga": "dd/MM/yyyy"}


@pytest.mark.parametrize("route_id", sorted(route_ids()))
def test_every_route_pattern_prints_a_day_and_a_month(route_id: str) -> None:
    locale = load_route(route_id).locale()
    assert locale.date_format == PATTERN.get(route_id, PATTERN[route_id.split("/")[0]])
    day, month = PRINTS[locale.date_format]
    assert format_date(date(2026, 3, 4), locale.date_format, locale.language) == day
    assert format_date(datetime(2026, 3, 4, 23, 59), locale.date_format) == day
    assert format_date(Month(2026, 3), locale.date_format, locale.language) == month


@pytest.mark.parametrize(("pattern", "without_day", "shown"), [
    ("MM/dd/yyyy", "MM/yyyy", "01/2025"),
    ("dd/MM/yyyy", "MM/yyyy", "01/2025"),
    ("dd.MM.yyyy", "MM.yyyy", "01.2025"),
    ("y年M月d日", "y年M月", "2025年1月"),
    ("yyyy-MM-dd", "yyyy-MM", "2025-01"),
    ("MMMM d, y", "MMMM y", "January 2025"),
    ("d MMMM y", "MMMM y", "January 2025"),
])
def test_a_month_prints_without_its_day(pattern: str, without_day: str, shown: str) -> None:
    assert month_pattern(pattern) == without_day
    assert format_date(Month(2025, 1), pattern, "en") == shown  # never as the 1st


@pytest.mark.parametrize(("pattern", "language", "shown"), [
    ("d 'de' MMMM 'de' y", "es", "enero de 2025"),  # the day's own word goes with it
    ("d. MMMM y", "de", "Januar 2025"),  # and so does all that follows it
    ("d MMMM y", "fr", "janvier 2025"),
])
def test_a_month_leaves_no_word_or_space_of_its_day(pattern: str, language: str,
                                                    shown: str) -> None:
    assert format_date(Month(2025, 1), pattern, language) == shown


def test_month_in_a_template_never_prints_the_first() -> None:
    env = make_environment("y年M月d日", "zh")
    out = env.from_string("{{ m }} {{ m|date }} {{ d|date('d.M.') }} {{ d|date('MMMM y') }}")
    assert out.render(m=Month(2025, 1), d=date(2026, 1, 5)) == "2025年1月 2025年1月 5.1. 一月 2026"
    env = make_environment("dd.MM.yyyy", "de")
    assert env.from_string("{{ d|date('d. MMMM y') }}").render(d=date(2026, 3, 4)) == \
        "4. März 2026"


@pytest.mark.parametrize(("pattern", "says"), [
    ("%d/%m/%Y", "dd/MM/yyyy"),  # strftime: told the CLDR pattern to write
    ("%Y年%-m月%-d日", "y年M月d日"),
    ("dd/MM", "prints no year"),
    ("dd/MM/yyyy HH:mm", "'H', which is not a date field"),
    ("dd/MM/yyyy J", "'J', which is not a date field"),
    ("ddd/MM/yyyy", "'ddd'"),
    ("dd/MM/yyyy 'x", "not closed"),
    ("EEEE dd/MM/yyyy", "prints a day even without its day"),
])
def test_bad_patterns_are_refused(pattern: str, says: str) -> None:
    with pytest.raises(ValueError) as caught:
        check_date_pattern(pattern)
    assert says in str(caught.value)


def test_a_template_pattern_need_not_print_a_year() -> None:
    assert check_date_pattern("d. MMMM", year=False) == "d. MMMM"
    with pytest.raises(ValueError, match="strftime"):
        format_date(date(2026, 3, 4), "%d.%m.")


def _copy_regulator(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(templates_root() / name, folder)
    return folder


@pytest.mark.parametrize(("old", "new"), [
    ('date_format: "dd/MM/yyyy"', 'date_format: "%d/%m/%Y"'),
    ('date_format: "dd/MM/yyyy"', 'date_format: "dd/MM"'),
])
def test_a_route_file_with_a_bad_pattern_is_refused_naming_the_file(
        tmp_path: Path, old: str, new: str) -> None:
    folder = _copy_regulator(tmp_path, "ema")
    path = folder / "fr-aac.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(RouteError) as caught:
        parse_route_file(path)
    message = str(caught.value)
    assert str(path) in message and "date_format" in message
    assert ("dd/MM/yyyy" in message) if "%" in new else ("prints no year" in message)


def test_a_regulator_file_with_a_strftime_pattern_is_refused_naming_the_file(
        tmp_path: Path) -> None:
    folder = _copy_regulator(tmp_path, "nmpa")
    path = folder / REGULATOR_FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('date_format: "y年M月d日"', 'date_format: "%Y年%-m月%-d日"'),
                    encoding="utf-8")
    route = next(p for p in sorted(folder.glob("*.yaml")) if p.name != REGULATOR_FILE)
    with pytest.raises(RouteError) as caught:
        parse_route_file(route)
    message = str(caught.value)
    assert str(path) in message and "y年M月d日" in message


def test_working_days_count_a_chinese_make_up_saturday() -> None:
    # Friday 2026-02-13, then the Spring Festival: Saturday 2026-02-14 is worked (the
    # day off of 2026-02-20 is moved from it), so one working day later is that Saturday
    assert add_working_days(date(2026, 2, 13), 1, "CN") == date(2026, 2, 14)
    # across the National Day week: 8 and 9 October, then Saturday 10 October (worked)
    assert add_working_days(date(2026, 9, 30), 3, "CN") == date(2026, 10, 10)
    # a make-up Sunday: 2026-09-20 counts
    assert add_working_days(date(2026, 9, 14), 10, "CN") == date(2026, 9, 28)


def test_working_days_skip_a_us_federal_holiday_and_the_weekend() -> None:
    # Independence Day 2026 is a Saturday, observed on Friday 3 July
    assert add_working_days(date(2026, 7, 2), 1, "US") == date(2026, 7, 6)
    # Thanksgiving, Thursday 26 November 2026
    assert add_working_days(date(2026, 11, 25), 1, "US") == date(2026, 11, 27)
    assert add_working_days(date(2026, 11, 25), 0, "US") == date(2026, 11, 25)


def test_working_days_of_a_subdivision_use_its_holidays() -> None:
    # Thursday 2 April 2026: Good Friday (3 April) and Easter Monday (6 April) are bank
    # holidays in England and Wales; Easter Monday is not one in Scotland, so the holidays
    # of GB without a subdivision leave it out
    assert add_working_days(date(2026, 4, 2), 2, "GB-ENG") == date(2026, 4, 8)
    assert add_working_days(date(2026, 4, 2), 2, "GB") == date(2026, 4, 7)
    # the summer bank holiday: Monday 31 August 2026 in England, not in Scotland
    assert add_working_days(date(2026, 8, 28), 1, "GB-ENG") == date(2026, 9, 1)
    assert add_working_days(date(2026, 8, 28), 1, "GB-SCT") == date(2026, 8, 31)


def test_templates_check_refuses_a_strftime_date_filter(tmp_path: Path) -> None:
    from docx import Document

    from accesspack.authoring.check import check_route

    folder = _copy_regulator(tmp_path, "ema")
    doc = Document()
    doc.add_paragraph().add_run("Le {{ prepared_on|date('%d/%m/%Y') }}, "
                                "{{ prepared_on|date('d MMMM y') }}")
    doc.save(str(folder / "cup-enrolment-letter-fr.docx"))
    report = check_route(parse_route_file(folder / "cup-enrolment.yaml"), tmp_path)
    problems = [str(p) for p in report.all_problems]
    assert len(problems) == 1, problems
    assert "cup-enrolment-letter-fr.docx" in problems[0]
    assert "date('%d/%m/%Y')" in problems[0] and "dd/MM/yyyy" in problems[0]


def test_same_language_compares_base_codes() -> None:
    from accesspack.languages import same_language
    assert same_language("es", "es-MX") and same_language("es_MX", "ES")
    assert same_language("zh-Hans", "zh") and same_language("en", "en")
    assert not same_language("es", "en") and not same_language("pt-BR", "es-BR")
