"""Templates look uploads up in time linear in the uploads, never uploads x uploads.

A case may list hundreds of uploads (the bench's scale case: 300 laboratory records).
A template that, for each upload it lists, filters every upload of the case again (an
enclosure's translations found in ``case.attachments``) renders in quadratic time; the
context already holds each kind's list (``attachments.translation``), so a template
filters that instead. Checked on the syntax tree of every template, as a build reads it,
and by counting the items Jinja's select/reject filters examine while the FDA cover
letters render.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import jinja2.filters
import pytest
import yaml
from jinja2 import nodes

from accesspack import plan
from accesspack.authoring.variables import _sources
from accesspack.model import parse_case
from accesspack.render.docx import make_environment, render_docx
from tests.conftest import ROOT

TEMPLATES = sorted((ROOT / "templates").rglob("*.docx"))
#: Filters that examine every item of their input.
_SCANS = frozenset({"select", "reject", "selectattr", "rejectattr", "groupby", "sort",
                    "map", "unique"})


def _path(node: nodes.Node) -> str | None:
    """``case.attachments`` for ``case.attachments``, through filters; else None."""
    parts: list[str] = []
    while isinstance(node, nodes.Getattr | nodes.Filter):
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
        assert node.node is not None
        node = node.node
    return ".".join([node.name, *reversed(parts)]) if isinstance(node, nodes.Name) else None


def _is_uploads(node: nodes.Node, upload_lists: set[str]) -> bool:
    """Whether ``node`` is a list of uploads: ``case.attachments``, ``attachments.<kind>``,
    a name set from one, or those filtered, concatenated or made a list."""
    if isinstance(node, nodes.Add):
        return _is_uploads(node.left, upload_lists) or _is_uploads(node.right, upload_lists)
    path = _path(node)
    return path is not None and (path == "case.attachments" or path in upload_lists
                                 or path.startswith("attachments."))


def _quadratic_lookups(tree: nodes.Node) -> Iterator[int]:
    """Lines where, inside a loop over uploads, a filter scans every upload of the case."""
    upload_lists: set[str] = set()
    for assign in tree.find_all(nodes.Assign):  # in document order: a name set from one
        if isinstance(assign.target, nodes.Name) and _is_uploads(assign.node, upload_lists):
            upload_lists.add(assign.target.name)
    for loop in tree.find_all(nodes.For):
        if not _is_uploads(loop.iter, upload_lists):
            continue
        for body in loop.body:
            for node in body.find_all(nodes.Filter):
                if node.name in _SCANS and isinstance(node.node, nodes.Getattr) \
                        and _path(node.node) == "case.attachments":
                    yield node.lineno
            inners = [body] if isinstance(body, nodes.For) else []
            for inner in [*inners, *body.find_all(nodes.For)]:  # {% for t in case.attachments %}
                if isinstance(inner.iter, nodes.Getattr) \
                        and _path(inner.iter) == "case.attachments":
                    yield inner.lineno


@pytest.mark.parametrize("template", TEMPLATES,
                         ids=[str(t.relative_to(ROOT / "templates")) for t in TEMPLATES])
def test_no_template_scans_every_upload_once_per_upload(template: Path) -> None:
    env = make_environment("yyyy-MM-dd")
    for source, places in _sources(template):
        lines = list(_quadratic_lookups(env.parse(source)))
        assert not lines, (f"{template.name}, {[places[n - 1] for n in lines]}: inside a loop "
                           "over uploads, a filter over case.attachments (every upload, once "
                           "per upload); filter the context's attachments.<kind> list")


def test_the_check_finds_the_old_pattern() -> None:
    source = ("{% for a in attachments.cv %}{% for t in case.attachments|selectattr('kind', "
              "'equalto', 'translation')|selectattr('translates', 'equalto', a.id) %}"
              "{{ t.title }}{% endfor %}{% endfor %}"
              "{% set reports = case.attachments|selectattr('kind', 'in', ['lab_report'])|list %}"
              "{% for a in (reports|sort(attribute='dated')|list) + [] %}{{ (case.attachments|"
              "selectattr('translates', 'equalto', a.id)|list)|length }}{% endfor %}"
              "{% for a in attachments.cv %}{% for t in case.attachments if t.translates == a.id %}"
              "{{ t.title }}{% endfor %}{% endfor %}")
    assert list(_quadratic_lookups(make_environment("yyyy-MM-dd").parse(source))) == [1, 1, 1]
    fixed = source.replace("case.attachments|selectattr('kind', 'equalto', 'translation')",
                           "attachments.translation").replace(
        "(case.attachments|selectattr('translates'", "(attachments.translation|selectattr("
        "'translates'").replace("case.attachments if", "attachments.translation if")
    assert list(_quadratic_lookups(make_environment("yyyy-MM-dd").parse(fixed))) == []


# -- counted: the items the select/reject filters examine while a cover letter renders --

EXAMPLES = {"fda/single-patient": "fda-single-patient", "fda/follow-up": "fda-follow-up",
            "fda/emergency": "fda-emergency"}


def _case_data(route: str, extra: int, folder: Path) -> dict[str, Any]:
    """The route's example with ``extra`` more laboratory records and two translations."""
    case_file = ROOT / "examples" / EXAMPLES[route] / "case.yaml"
    data: dict[str, Any] = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    for att in data["attachments"]:
        att["path"] = str((case_file.parent / att["path"]).resolve())
    upload = folder / "record.pdf"
    upload.write_bytes(b"%PDF-1.4\n%%EOF\n")
    data["attachments"] += [{"id": f"rec{i:03d}", "kind": "lab_report", "path": str(upload),
                             "title": f"Laboratory record {i + 1}"} for i in range(extra)]
    data["attachments"] += [{"id": f"tr{i}", "kind": "translation", "path": str(upload),
                             "language": "es", "translates": target,
                             "title": f"Translation {i}"}
                            for i, target in enumerate(["rec000", "rec001"][:extra])]
    return data


def _examined(route: str, extra: int, tmp_path: Path,
              monkeypatch: pytest.MonkeyPatch) -> int:
    folder = tmp_path / f"{route.replace('/', '-')}-{extra}"
    folder.mkdir()
    case = parse_case(_case_data(route, extra, folder), base_dir=folder)
    packet, part = next((pk, pt) for pk, pt in plan(case, route).active_parts()
                        if pt.id == "cover-letter")
    assert part.template is not None
    count = 0
    real = jinja2.filters.select_or_reject

    def counted(context: Any, value: Iterable[Any], *args: Any) -> Iterator[Any]:
        def each() -> Iterator[Any]:
            nonlocal count
            for item in value:
                count += 1
                yield item
        return real(context, each(), *args)

    with monkeypatch.context() as patch:
        patch.setattr(jinja2.filters, "select_or_reject", counted)
        render_docx(part.template, dict(packet.context), folder / "cover-letter.docx",
                    env=make_environment("MM/dd/yyyy"), stamp=case.prepared_on)
    return count


@pytest.mark.parametrize("route", sorted(EXAMPLES))
def test_cover_letter_lookups_grow_linearly_with_the_uploads(
    route: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """40 more uploads cost as many more filtered items as the first 40 did (give or take
    the two translations): quadratic lookups would cost three times as many."""
    c0, c1, c2 = (_examined(route, n, tmp_path, monkeypatch) for n in (0, 40, 80))
    assert c1 > c0  # the counter sees the filters
    assert c2 - c1 <= (c1 - c0) + 10, (c0, c1, c2)
