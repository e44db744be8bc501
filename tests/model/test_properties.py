"""Property-based tests (hypothesis) of the case model and of rendering (issue 7).

- Any case made from the synthetic one by changing text, numbers and dates to values drawn
  from a broad alphabet (right-to-left scripts, CJK, emoji, XML and Jinja characters,
  control characters, lone surrogates) or outside their constraints either validates or is
  refused with an :class:`~accesspack.errors.AccesspackError`, never another exception.
- Every FDA single-patient template renders any valid drawn case, and each drawn text value
  appears in the documents exactly as the case holds it. The fields checked are the ones
  the templates really print, found by rendering the base case with a marker in each.

The examples are derandomised and no example database is kept, so CI runs the same ones.
"""

from __future__ import annotations

import copy
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import accesspack
from accesspack import AccesspackError, Case, load_route, parse_case
from accesspack.buildplan import plan
from accesspack.bundle import template_context
from accesspack.render.context import case_context, line_feeds
from accesspack.render.docx import make_environment, render_docx
from tests.conftest import BASE
from tests.corpus import cases as case_corpus
from tests.model.test_casefile_corpus import docx_text

ROUTE = "fda/single-patient"
#: Validation is cheap: many examples. Rendering nine documents takes about 0.6 s each.
MODEL_PROPERTY = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
RENDER_PROPERTY = settings(max_examples=50, deadline=None, derandomize=True, database=None,
                           suppress_health_check=[HealthCheck.too_slow])

#: The synthetic case without uploads (the model property needs no files).
PLAIN: dict[str, Any] = copy.deepcopy(BASE)
PLAIN["attachments"] = []
PLAIN["biomarkers"][0].pop("source")

#: Free-text (LocalizedText) fields, as paths into the case data.
FREE_TEXT: list[tuple[str | int, ...]] = [
    ("diagnosis", "primary_cancer"), ("diagnosis", "histology"),
    ("diagnosis", "disease_status"), ("diagnosis", "metastatic_sites", 0),
    ("request", "justification", "no_satisfactory_alternative"),
    ("request", "justification", "benefit_risk"),
    ("request", "justification", "trials_screened", 0, "reason_not_eligible"),
    ("treatment_plan", "dose"), ("treatment_plan", "route"), ("treatment_plan", "schedule"),
    ("treatment_plan", "planned_duration"), ("treatment_plan", "monitoring"),
    ("treatment_plan", "dose_modifications"), ("treatment_plan", "stopping_rules"),
    ("prior_treatments", 0, "regimen"), ("prior_treatments", 0, "reason_stopped"),
    ("patient", "allergies", 0),
]
#: Short-text (ShortText) fields.
SHORT_TEXT: list[tuple[str | int, ...]] = [
    ("patient", "full_name"), ("diagnosis", "grade"), ("diagnosis", "stage", "overall"),
    ("physician", "name"), ("physician", "specialty"), ("physician", "medical_school"),
    ("physician", "job_title"), ("physician", "phone"), ("physician", "degrees", 0),
    ("physician", "licence", "number"), ("institution", "name"),
    ("institution", "irb", "name"), ("product", "name"), ("product", "code"),
    ("product", "manufacturer", "name"), ("product", "reference_application"),
    ("treatment_plan", "quantity_requested"), ("biomarkers", 0, "result"),
    ("biomarkers", 0, "marker"),
]
#: Numeric fields, with the strategy of values within their constraints.
NUMBERS: dict[tuple[str | int, ...], st.SearchStrategy[Any]] = {
    ("patient", "weight_kg"): st.floats(0.5, 500),
    ("patient", "height_cm"): st.floats(1, 272),
    ("diagnosis", "stage", "ajcc_edition"): st.integers(1, 12),
    ("diagnosis", "performance_status", "value"): st.integers(0, 5),
    ("physician", "graduation_year"): st.integers(1930, 2026),
    ("prior_treatments", 0, "line"): st.integers(1, 30),
}
DATES: list[tuple[str | int, ...]] = [
    ("prepared_on",), ("patient", "date_of_birth"), ("diagnosis", "diagnosed_on"),
    ("prior_treatments", 0, "started_on"), ("prior_treatments", 0, "ended_on"),
    ("diagnosis", "performance_status", "assessed_on"), ("biomarkers", 0, "reported_on"),
]

#: Right-to-left, CJK, emoji (a ZWJ sequence and a flag), XML and Jinja characters.
SCRIPTS = [
    *"שלום עולם مرحبا بالعالم 中文病例漢字 한국어",
    "😀", "👩\u200d⚕️", "👨\u200d👩\u200d👧", "🇫🇷", "\u200f", "\u200e", "\u0301",
    *"<>&'\"{}%#]![/:;=|~", "{{", "}}", "{%", "%}", "{#", "]]>", "&amp;", "<w:t>",
]
#: Characters no case may hold (each must be refused, not crash anything).
FORBIDDEN = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\ud800", "\udfff", "\ufffe", "\uffff"]
#: Whole values that look like code or break limits.
SPECIAL = ["{{ case.patient.full_name }}", "{% for x in y %}", "{#", "<w:t>", "&amp;", "]]>",
           "-160 mg", "\u2212 5 mg/kg", "", " ", "\t\n", "x" * 20_001, "y" * 2_001]



def joined(piece: st.SearchStrategy[str], min_size: int = 0,
           max_size: int = 40) -> st.SearchStrategy[str]:
    """Text made of drawn pieces (characters, or tokens such as a ZWJ emoji or ``{{``)."""
    return st.lists(piece, min_size=min_size, max_size=max_size).map("".join)


printable = st.characters(blacklist_categories=("Cs", "Cc"))  # valid in any text field
valid_text = joined(st.one_of(printable, st.sampled_from(SCRIPTS),
                              st.sampled_from(["\t", "\n", "\r\n", "\r"])),
                    min_size=1).filter(lambda t: t.strip() != "")
any_text = st.one_of(
    joined(st.one_of(st.characters(), st.sampled_from(SCRIPTS), st.sampled_from(FORBIDDEN))),
    st.sampled_from(SPECIAL),
)
localized = st.one_of(
    any_text,
    st.dictionaries(st.sampled_from(["en", "fr", "zh-Hans", "EN", "x"]), any_text, max_size=3),
)
wrong_number = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**12, 10**12),
    st.text(max_size=6), st.none(), st.booleans(),
)
date_value = st.one_of(
    st.dates().map(lambda d: d.isoformat()), st.text(max_size=12),
    st.integers(-10**10, 10**10), st.sampled_from(["2026-02-30", "1961-13-01", "0000-01-01"]),
)


def put(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    """Set ``path`` to ``value``; nothing when an earlier change replaced a section."""
    node: Any = data
    for key in path[:-1]:
        if (isinstance(node, dict) and key in node) or (
                isinstance(node, list) and isinstance(key, int) and key < len(node)):
            node = node[key]
        else:
            return
    if isinstance(node, dict) or (isinstance(node, list) and isinstance(path[-1], int)
                                  and path[-1] < len(node)):
        node[path[-1]] = value


def get(data: dict[str, Any], path: tuple[str | int, ...]) -> Any:
    node: Any = data
    for key in path:
        node = node[key]
    return node


mutation = st.one_of(
    st.tuples(st.sampled_from(FREE_TEXT), localized),
    st.tuples(st.sampled_from(SHORT_TEXT), any_text),
    st.tuples(st.sampled_from(list(NUMBERS)), st.one_of(wrong_number, *NUMBERS.values())),
    st.tuples(st.sampled_from(DATES), date_value),
    st.tuples(st.sampled_from([("physician",), ("patient",), ("request", "justification"),
                               ("treatment_plan",), ("diagnosis", "stage")]),
              st.one_of(st.none(), st.just([]), st.just("text"), st.just({}))),
)


@MODEL_PROPERTY
@given(st.lists(mutation, min_size=1, max_size=8))
def test_any_case_validates_or_is_refused_cleanly(changes: list[tuple[Any, Any]]) -> None:
    data = copy.deepcopy(PLAIN)
    for path, value in changes:
        put(data, path, value)
    try:
        case = parse_case(data)
    except AccesspackError as exc:
        assert isinstance(exc, accesspack.CaseValidationError)
        assert exc.problems and all(field for field, _ in exc.problems)
        return
    assert isinstance(case, Case)


# -- rendering ---------------------------------------------------------------------------


def render_all(case: Case, folder: Path) -> dict[str, str]:
    """Render every FDA single-patient template (both form editions) into ``folder``, as
    a build does (bundle.template_context), and return each document's text."""
    route = load_route(ROUTE)
    texts: dict[str, str] = {}
    for edition in route.spec.options["form_edition"].choices:
        opts = route.options({"form_edition": edition})
        locale = route.locale(opts)
        case_ns, _ = case_context(case, locale.language, locale.identity)
        env = make_environment(locale.date_format, locale.language)
        for packet, parts in plan(case, route, opts).active:
            ctx = template_context(case, route, packet, opts, case_ns)
            for part in parts:
                if part.kind != "document" or part.template is None:
                    continue
                tpl = route.template_path(part.template, opts)
                if tpl.name in texts:
                    continue
                dest = folder / tpl.name
                render_docx(tpl, ctx, dest, env=env, stamp=case.prepared_on)
                texts[tpl.name] = docx_text(dest)
    return texts


@cache
def shown_fields() -> dict[tuple[str | int, ...], tuple[str, ...]]:
    """Text field -> the templates that print it as it is (a marker in it shows)."""
    data = copy.deepcopy(PLAIN)
    markers = {path: f"QZX{i:02d}XZQ" for i, path in enumerate(FREE_TEXT + SHORT_TEXT)}
    for path, marker in markers.items():
        put(data, path, marker)
    with tempfile.TemporaryDirectory() as tmp:
        texts = render_all(parse_case(data), Path(tmp))
    shown = {path: tuple(name for name, text in texts.items() if marker in text)
             for path, marker in markers.items()}
    return {path: names for path, names in shown.items() if names}


def test_the_templates_print_the_main_text_fields() -> None:
    shown = shown_fields()
    for path in [("diagnosis", "disease_status"), ("request", "justification", "benefit_risk"),
                 ("treatment_plan", "monitoring"), ("treatment_plan", "dose"),
                 ("physician", "name"), ("product", "name")]:
        assert path in shown, path
    assert ("patient", "full_name") not in shown  # initials only on FDA routes


@pytest.mark.slow  # no process, but about 30 s: 50 drawn cases through every template
@RENDER_PROPERTY
@given(st.lists(st.tuples(st.sampled_from(FREE_TEXT + SHORT_TEXT), valid_text),
                min_size=1, max_size=10))
def test_every_template_renders_drawn_text_exactly(changes: list[tuple[Any, str]]) -> None:
    data = copy.deepcopy(PLAIN)
    for path, value in changes:
        put(data, path, value)
    try:
        case = parse_case(data)
    except accesspack.CaseValidationError:
        assume(False)  # e.g. a drawn dose reading "-5 mg": the model property covers it
        raise
    as_held = case.model_dump(mode="python")
    with tempfile.TemporaryDirectory() as tmp:
        texts = render_all(case, Path(tmp))  # a valid case always renders: no refusal
    for path, names in shown_fields().items():
        if not any(path == p for p, _ in changes):
            continue
        value = get(as_held, path)
        value = value["root"] if isinstance(value, dict) and "root" in value else value
        if isinstance(value, dict):  # a LocalizedText dumped as its root
            continue
        for name in names:  # exactly, a CR aside: documents hold line feeds
            assert line_feeds(str(value)) in texts[name], (path, name, value)


@pytest.mark.slow
@settings(max_examples=3, deadline=None, derandomize=True, database=None)
@given(st.lists(st.tuples(st.sampled_from(FREE_TEXT + SHORT_TEXT), valid_text),
                min_size=3, max_size=6))
def test_full_builds_of_drawn_cases(changes: list[tuple[Any, str]]) -> None:
    """A few whole builds (LibreOffice included) of drawn valid cases: each one builds, with
    its four packets (a build that refused them would fail here)."""
    data = case_corpus.base()
    for path, value in changes:
        put(data, path, value)
    with tempfile.TemporaryDirectory() as tmp:
        folder = case_corpus.uploads(Path(tmp) / "case")
        try:
            case = parse_case(data, base_dir=folder)
        except accesspack.CaseValidationError:
            assume(False)  # only valid cases: the model property covers the others
            raise
        bundle = accesspack.build(case, ROUTE, Path(tmp) / "out", draft=True)
        assert len(bundle.packets) == 4
        assert all(p.stat().st_size > 0 for p in bundle.packets.values())


@pytest.mark.parametrize("value", ["{{ case.patient.full_name }}", "<w:t>&amp;</w:t> ]]>",
                                   "שלום مرحبا 👨\u200d👩\u200d👧 🇫🇷"])
def test_render_examples(value: str, tmp_path: Path) -> None:
    """The same property on fixed values, to read when a drawn example fails."""
    data = copy.deepcopy(PLAIN)
    put(data, ("diagnosis", "disease_status"), value)
    texts = render_all(parse_case(data), tmp_path)
    for name in shown_fields()[("diagnosis", "disease_status")]:
        assert value in texts[name]
