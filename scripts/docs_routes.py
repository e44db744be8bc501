"""Write one documentation page per route, and an index, from the route files themselves.

mkdocs-gen-files runs this script at every ``mkdocs build`` (see ``mkdocs.yml``), so the
pages never drift from ``templates/<regulator>/*.yaml``: it loads the routes with
accesspack's own loaders (``list_routes()``, ``Route.spec``, ``Route.regulator``), which
honour ``$ACCESSPACK_TEMPLATES``. It writes ``routes/index.md`` and
``routes/<regulator>/<name>.md`` and adds the pages to the "Routes" section of the nav.

Run it alone to print the pages instead: ``python scripts/docs_routes.py``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from accesspack import list_routes
from accesspack.routes import Route, templates_root
from accesspack.routes.spec import (
    Citation,
    Condition,
    FormMap,
    Need,
    Part,
    Rule,
    Title,
    title_in,
)
from accesspack.routes.worksheet import Worksheet
from accesspack.verdicts import ACTIONS, FILERS

NAV_SECTION = "Routes"
UNVERIFIED_HEADING = "Unverified facts"


# -- Markdown helpers --------------------------------------------------------------------


def cell(text: object) -> str:
    """``text`` made safe for one Markdown table cell."""
    s = "" if text is None else str(text)
    s = " ".join(s.split())
    s = s.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")
    for ch in "*[]`":
        s = s.replace(ch, "\\" + ch)
    return s


def code(text: object) -> str:
    """``text`` as inline code inside a table cell (a ``|`` in it is escaped)."""
    return "`" + str(text).replace("|", "\\|") + "`" if text not in (None, "") else ""


def table(head: list[str], rows: Iterable[list[str]]) -> list[str]:
    rows = list(rows)
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return [*out, ""]


def title_text(title: Title, language: str) -> str:
    """A title in the route's language, with its other variants after it."""
    main = title_in(title, language)
    if isinstance(title, str):
        return cell(main)
    others = [f"{lang}: {text}" for lang, text in title.items() if text != main]
    return cell(main) + (" (" + cell("; ".join(others)) + ")" if others else "")


def condition_text(cond: Condition | None) -> str:
    """A condition in words, e.g. ``request.emergency`` equals ``true``."""
    if cond is None:
        return ""
    if cond.all is not None:
        return "all of: " + "; ".join(f"({condition_text(c)})" for c in cond.all)
    if cond.any is not None:
        return "any of: " + "; ".join(f"({condition_text(c)})" for c in cond.any)
    if cond.not_ is not None:
        return f"not ({condition_text(cond.not_)})"
    if cond.attachment is not None:
        return f"the case has an upload of kind {code(cond.attachment)}"
    if cond.option is not None:
        if cond.in_ is not None:
            return f"option {code(cond.option)} is one of " + ", ".join(
                code(_yaml(v)) for v in cond.in_)
        return f"option {code(cond.option)} is {code(_yaml(cond.equals))}"
    field = code(cond.field)
    if cond.in_ is not None:
        return f"{field} is one of " + ", ".join(code(_yaml(v)) for v in cond.in_)
    if "contains" in cond.model_fields_set:
        return f"{field} contains {code(_yaml(cond.contains))}"
    if cond.present is not None:
        return f"{field} is {'present' if cond.present else 'absent'}"
    return f"{field} equals {code(_yaml(cond.equals))}"


def _yaml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)


# -- what a route uses ---------------------------------------------------------------------


def needs(route: Route) -> list[Need]:
    """Every case field the route's parts need, once each, in route order."""
    seen: dict[str, Need] = {}
    for packet in route.spec.packets:
        for part in packet.parts:
            for need in part.needs:
                n = need if isinstance(need, Need) else Need(field=need)
                seen.setdefault(n.field, n)
    return list(seen.values())


def used_citation_keys(route: Route) -> list[str]:
    """Every citation key the route relies on, in the order the page meets them."""
    spec, reg = route.spec, route.regulator
    keys: list[str | None] = [spec.citation]
    keys += [r.citation for r in spec.applies_when + spec.eligibility]
    for packet in spec.packets:
        for part in packet.parts:
            keys.append(part.citation)
    keys += [w.citation for _, w in worksheets(route)]
    keys += [d.citation for d in spec.deadlines]
    keys += [a.citation for a in spec.actions]
    keys += [n.citation for n in spec.notices]
    keys += [f.citation for f in spec.facts]
    fields = route.fields
    for need in needs(route):
        rule = fields.get(need.field)
        keys.append(need.citation or (rule.citation if rule else None))
    keys += [reg.embedded_fonts, reg.translations, reg.preflight.citation]
    if reg.preflight.max_packet_size is not None:
        keys.append(reg.preflight.max_packet_size.citation)
    return [k for k in dict.fromkeys(keys) if k is not None]


def worksheets(route: Route) -> list[tuple[Part, Worksheet]]:
    """Every portal worksheet part of the route, once each, in route order."""
    seen: dict[str, tuple[Part, Worksheet]] = {}
    for packet in route.spec.packets:
        for part in packet.parts:
            if part.worksheet is not None and part.id not in seen:
                seen[part.id] = (part, route.worksheet(part))
    return list(seen.values())


def _worksheet_section(route: Route) -> list[str]:
    """Each portal worksheet: the portal, where its field list was read, every field."""
    found = worksheets(route)
    if not found:
        return []
    out = ["## Portal worksheets", "",
           "The application is made in the authority's online portal: the packet holds a "
           "worksheet with what to enter in each field, in the portal's order. A field the "
           "case lacks is a blank in the worksheet and a ledger row (blocking when the field "
           "is required); a field with status P or U is marked † and listed under "
           f"[{UNVERIFIED_HEADING}](#unverified-facts).", ""]
    for part, ws in found:
        out += [f"### {cell(ws.portal)}", "",
                f"Part `{part.id}`, file `{part.worksheet}`"
                + (f", portal {cell(ws.url)}" if ws.url else "")
                + f". Field list read in: {cite(route, ws.citation)}; status {ws.status}.", ""]
        rows = []
        for number, section, f in ws.numbered():
            if f.value is not None:
                enter = code(f.value) + (" → " + ", ".join(
                    f"{code(k)}: {cell(v)}" for k, v in f.choices.items()) if f.choices else "")
            elif f.template is not None:
                enter = code(f.template)
            else:
                enter = f"fixed: {cell(f.entry)}"
            asked = f"{cell(f.who)}: {cell(f.question)}" if f.question else cell(f.who)
            rows.append([number, cell(section.title), cell(f.label), enter,
                         ws.status_of(f), "yes" if f.required else "no",
                         "" if f.entry is not None else asked, cell(f.note or "")])
        out += table(["No.", "Section", "Field on the portal", "Enter", "Status", "Required",
                      "Who (question when missing)", "Note"], rows)
    return out


def cite(route: Route, key: str | None) -> str:
    """A citation key rendered for a cell: its text (and date), flagged when unverified."""
    if key is None:
        return ""
    c: Citation = route.citations[key]
    flag = " **(not confirmed against the official text)**" if not c.verified else ""
    return f"{cell(c.shown)}{flag}"


def page_path(route: Route) -> str:
    regulator, name = route.id.split("/", 1)
    return f"routes/{regulator}/{name}.md"


# -- one route page ------------------------------------------------------------------------


def route_page(route: Route) -> str:
    spec, reg = route.spec, route.regulator
    loc = route.locale()
    root = templates_root()
    try:
        source = route.source.relative_to(root.parent)
    except ValueError:
        source = Path(route.source.name)
    out = [
        f"# {spec.title}",
        "",
        f"Route id: `{spec.id}`. Generated from `{source}` and `{reg.id}/regulator.yaml`; "
        "edit those files, not this page.",
        "",
        " ".join(spec.summary.split()),
        "",
        "!!! warning \"Check before you rely on it\"",
        "    accesspack prepares documents. It does not sign, submit or give medical or legal",
        "    advice. Facts, citations and contacts not confirmed against the official source",
        f"    are listed under [{UNVERIFIED_HEADING}](#unverified-facts) below.",
        "",
        "## At a glance",
        "",
    ]
    glance = [
        ["Route id", code(spec.id)],
        ["Regulator", f"{cell(reg.name)} ({code(reg.id)})"],
        ["Country", code(spec.country or reg.country) + (
            "" if spec.country else " (the route sets no country: it serves an institution "
            "in any country where its rules apply)")],
        ["Who files", cell(FILERS[spec.filer]) if spec.filer else "not stated"],
        ["What the authority does", cell(ACTIONS[spec.regulator_action])
         if spec.regulator_action else "not stated"],
        ["Legal basis", cite(route, spec.citation)],
        ["Language", code(route.language)],
        ["Date format", code(loc.date_format)],
        ["Page size", code(loc.page_size)],
        ["Working-day calendar", code(loc.working_days)],
        ["Patient identity in packets", code(loc.identity)],
        ["Packets", ", ".join(code(p.id) for p in spec.packets)],
    ]
    if spec.form:
        glance.append(["Form item map", code(spec.form)])
    limit = reg.preflight.max_packet_size
    if limit is not None:
        glance.append(["Largest packet accepted",
                       f"{limit.megabytes:g} MB; {cite(route, limit.citation)}"])
    if reg.embedded_fonts:
        glance.append(["Embedded fonts required", cite(route, reg.embedded_fonts)])
    glance.append(["Preflight profile", code(reg.preflight.profile) + (
        f"; {cite(route, reg.preflight.citation)}" if reg.preflight.citation else
        " (packet soundness checks; no regulator PDF rules)")])
    if reg.translations:
        glance.append(["Translations of uploads", cite(route, reg.translations)])
    out += table(["", ""], glance)

    out += ["## Options", ""]
    if spec.options:
        out += table(["Option", "Choices", "Default", "What it changes"], (
            [code(name), ", ".join(code(c) for c in opt.choices), code(opt.default),
             cell(opt.help)] for name, opt in spec.options.items()))
        first = next(iter(spec.options.items()))
        out += [f"Choose one with `--option {first[0]}={first[1].choices[-1]}` on "
                "`accesspack build` or `validate`.", ""]
    else:
        out += ["This route has no build options.", ""]

    out += _rules("When it applies", spec.applies_when, route,
                  "The route applies to every case (no applicability rules).")
    if spec.country:
        out += [f"A national route: it applies only when `institution.address.country` is "
                f"`{spec.country}` (when the address is known).", ""]
    out += _rules("Eligibility", spec.eligibility, route, "This route has no eligibility rules.")

    out += ["## Packets", "",
            "Each packet is one PDF for one audience; its parts are collated in this order.", ""]
    for packet in spec.packets:
        out += [f"### {title_text(packet.title, route.language)}", "",
                f"Packet id `{packet.id}`. Audience: {cell(packet.audience)}."]
        if packet.when is not None:
            out.append(f"Built only when {condition_text(packet.when)}.")
        if packet.patient_identity is not None:
            out.append(f"Its documents name the patient by the policy "
                       f"`{packet.patient_identity}` (the route's is `{loc.identity}`).")
        out.append("")
        out += table(["#", "Part", "Kind", "Template or upload kinds", "Min", "Who must act",
                      "Included when", "Case fields needed", "Citation"],
                     (_part_row(i, part, route) for i, part in enumerate(packet.parts, 1)))

    out += _worksheet_section(route)

    fields = route.fields
    wanted = needs(route)
    if wanted:
        out += ["## Case fields the route asks for", "",
                "When one of these is empty, the ledger asks this question of this person.", ""]
        rows = []
        for n in wanted:
            rule = fields.get(n.field)
            blocking = n.blocking if n.blocking is not None else (rule.blocking if rule else True)
            rows.append([code(n.field), cell(n.question or (rule.question if rule else "")),
                         cell(n.who or (rule.who if rule else "physician")),
                         "yes" if blocking else "no", condition_text(n.when),
                         cite(route, n.citation or (rule.citation if rule else None))])
        out += table(["Field", "Question", "Who", "Blocking", "When", "Citation"], rows)

    out += ["## Deadlines", ""]
    if spec.deadlines:
        rows = []
        for d in spec.deadlines:
            span = ", ".join(x for x in (f"{d.months} months" if d.months else "",
                                         f"{d.days} {d.calendar} days" if d.days else "") if x)
            if d.anniversary:
                span += " from the anniversary"
            if d.calendar == "working":
                span += f" (public holidays of `{loc.working_days}` skipped)"
            rows.append([cell(d.title), code(d.trigger), span or "0 days",
                         cell(d.who), condition_text(d.when), cite(route, d.citation)])
        out += table(["Deadline", "Counted from", "Span", "Who must act", "When", "Citation"],
                     rows)
    else:
        out += ["This route sets no deadlines.", ""]

    out += ["## Actions", ""]
    if spec.actions:
        out += table(["Action", "Who must act", "What to do", "Done when", "When", "Citation"], (
            [cell(a.title), cell(a.who), cell(a.question),
             condition_text(a.done_when) or "stays awaiting until done", condition_text(a.when),
             cite(route, a.citation)] for a in spec.actions))
    else:
        out += ["This route lists no actions.", ""]

    if spec.notices:
        out += ["## Notices", ""]
        out += table(["Notice", "Shown when", "Citation"],
                     ([cell(n.text), condition_text(n.when) or "always", cite(route, n.citation)]
                      for n in spec.notices))

    out += ["## Contacts", ""]
    if reg.contacts:
        out += table(["Contact", "Details", "Verified", "Source"], (
            [f"{cell(c.name)} ({code(key)})", _contact_details(c.model_extra or {}),
             "yes" if c.verified else "**no**", cell(c.source)]
            for key, c in reg.contacts.items()))
    else:
        out += [f"`{reg.id}/regulator.yaml` lists no contacts.", ""]

    keys = used_citation_keys(route)
    out += ["## Sources", "",
            "Every official source this route cites, with its date or edition. Packets, "
            "ledgers and errors show the source as written here; the research-note key "
            "(the source list of the project's regulatory reference) is kept for "
            "traceability and shown on this page only.", ""]
    out += table(["Key", "Official source", "Date or edition", "Research note", "Verified"], (
        [code(k), cell(route.citations[k].text), cell(route.citations[k].date or ""),
         cell(route.citations[k].source),
         "yes" if route.citations[k].verified else "**no**"] for k in keys))

    out += ["## Facts the route relies on", ""]
    if spec.facts:
        out += ["Status: C confirmed in a retrieved source, P partly confirmed or from a "
                "secondary source, U unconfirmed.", ""]
        out += table(["Status", "Fact", "Official source", "Research note"],
                     ([f.status, cell(f.text), cite(route, f.citation), cell(f.source)]
                      for f in spec.facts))
    else:
        out += ["The route file lists no facts.", ""]

    out += _unverified(route, keys)
    return "\n".join(out).rstrip() + "\n"


def _rules(heading: str, rules: list[Rule], route: Route, empty: str) -> list[str]:
    out = [f"## {heading}", ""]
    if not rules:
        return [*out, empty, ""]
    return out + table(["Rule", "Met when", "Message when not met", "What to do instead",
                        "Who", "Blocking", "Citation"], (
        [code(r.id), condition_text(r.when), cell(r.message), cell(r.instead or ""),
         cell(r.who),
         "yes" if r.blocking else "no (advice: the case still qualifies)",
         cite(route, r.citation)] for r in rules))


def _part_row(i: int, part: Part, route: Route) -> list[str]:
    if part.kind == "document":
        kind, what = "document", code(part.template)
    elif part.kind == "worksheet":
        kind, what = "portal worksheet", code(part.worksheet)
    elif part.kind == "toc":
        kind, what = "table of contents", ""
    else:
        kind = "uploads" + (" (by date)" if part.order == "date" else "")
        what = ", ".join(code(k) for k in part.attachments or [])
    fields = [n if isinstance(n, str) else n.field for n in part.needs]
    minimum = str(part.min) if part.kind == "attachments" else ""
    if part.kind == "attachments" and part.min and not part.blocking:
        minimum += " (not blocking)"
    who = "" if part.kind == "toc" else cell(part.who)
    if part.kind == "attachments" and part.missing_status == "awaiting":
        who += " (awaiting)"
    return [str(i), title_text(part.title, route.language), kind, what, minimum, who,
            condition_text(part.when), ", ".join(code(f) for f in fields),
            cite(route, part.citation)]


def _contact_details(extra: dict[str, Any]) -> str:
    parts = []
    for key, value in extra.items():
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        parts.append(f"{cell(key)}: {cell(value)}")
    return "; ".join(parts)


#: One table of the "Unverified facts" section: heading, columns, rows, text when empty.
_Table = tuple[str, list[str], list[list[str]], str]


def _unverified(route: Route, keys: list[str]) -> list[str]:
    out = [f"## {UNVERIFIED_HEADING}", "",
           "Nothing below is confirmed against the official source. Check each item before "
           "you send a packet. Facts with status U or P, and the form items below, also "
           "reach every ledger of this route as rows with status `to_verify` (category "
           "`fact`); a ledger row whose citation is not verified says \"not confirmed "
           "against the official text; check it before signing\".", ""]
    for heading, head, rows, empty in _unverified_tables(route, keys):
        out += [heading, ""]
        out += table(head, rows) if rows else [empty, ""]
    return out


def _unverified_tables(route: Route, keys: list[str]) -> list[_Table]:
    """The tables of the "Unverified facts" section (one row per unverified item)."""
    spec, reg = route.spec, route.regulator
    cites = [k for k in keys if not route.citations[k].verified]
    contacts = [(k, c) for k, c in reg.contacts.items() if not c.verified]
    facts = [f for f in spec.facts if f.status != "C"]
    tables: list[_Table] = [
        ("### Citations not verified", ["Key", "Official source", "Research note"],
         [[code(k), cell(route.citations[k].shown), cell(route.citations[k].source)]
          for k in cites], "None: every citation this route uses is verified."),
        ("### Contacts not verified", ["Contact", "Details", "Source"],
         [[f"{cell(c.name)} ({code(k)})", _contact_details(c.model_extra or {}),
           cell(c.source)] for k, c in contacts], "None."),
        ("### Facts with status U or P", ["Status", "Fact", "Official source", "Research note"],
         [[f.status, cell(f.text), cite(route, f.citation), cell(f.source)] for f in facts],
         "None."),
    ]
    form = route.form_data()
    if form is not None:
        tables.append(_form_items(form))
    for _, ws in worksheets(route):
        tables.append((f"### {cell(ws.portal)}: fields not confirmed",
                       ["No.", "Field on the portal", "Status", "Official source"],
                       [[number, cell(f.label), ws.status_of(f), cite(route, ws.citation)]
                        for number, _, f in ws.numbered() if ws.status_of(f) != "C"],
                       "None: every field of the worksheet is confirmed."))
    return tables


def _form_items(form: FormMap) -> _Table:
    rows = [[code(key), cell(ed.label), "", ed.status, cell(ed.source)]
            for key, ed in form.editions.items() if ed.status != "C"]
    for key, item in form.items.items():
        if item.status != "C":
            numbers = "; ".join(f"{ed}: {n}" for ed, n in item.numbers.items())
            rows.append([code(key), cell(item.label), cell(numbers), item.status,
                         cell(item.source)])
    return (f"### {cell(form.form)}: editions and items not confirmed",
            ["Item", "Label", "Number per edition", "Status", "Source"], rows,
            "None: every edition and item of the form map is confirmed.")


# -- the index -----------------------------------------------------------------------------


def index_page(routes: list[Route]) -> str:
    out = [
        "# Routes",
        "",
        "One page per route, generated at build time from the route files under",
        f"`{templates_root().name}/<regulator>/` (or `$ACCESSPACK_TEMPLATES`). Each page ends",
        f"with an \"{UNVERIFIED_HEADING}\" section: the citations, contacts and facts not",
        "confirmed against the official source.",
        "",
    ]
    out += table(["Route id", "Title", "Regulator", "Country", "Filed by", "Authority",
                  "Unverified items"], (
        [f"[`{r.id}`]({page_path(r).removeprefix('routes/')})", cell(r.title),
         cell(r.regulator.name), code(r.spec.country or r.regulator.country),
         cell(r.spec.filer or ""), cell(r.spec.regulator_action or ""),
         str(_unverified_count(r))] for r in routes))
    out += ["`accesspack routes` prints the same list; `accesspack routes CASE` says which "
            "routes a case qualifies for, why not and what to do instead. *Filed by*: who "
            "files with the authority; *Authority*: `approval` (it approves before supply), "
            "`notification` (it is notified and may object) or `none` (no authority approves "
            "or is notified: the route addresses others).", ""]
    return "\n".join(out)


def _unverified_count(route: Route) -> int:
    """The rows of the route page's "Unverified facts" section."""
    tables = _unverified_tables(route, used_citation_keys(route))
    return sum(len(rows) for _, _, rows, _ in tables)


def pages() -> Iterator[tuple[str, str, str]]:
    """(path under docs, nav title, Markdown) for the index and every route."""
    routes = list_routes()
    yield "routes/index.md", "All routes", index_page(routes)
    for route in routes:
        yield page_path(route), route.id, route_page(route)


# -- mkdocs-gen-files entry point ----------------------------------------------------------


def _add_to_nav(config: Any, entries: list[tuple[str, str]]) -> None:
    """Put the generated pages in the nav's "Routes" section, grouped by regulator."""
    nav = config.nav
    if nav is None:
        return
    section: list[Any] | None = None
    for item in nav:
        if isinstance(item, dict) and NAV_SECTION in item:
            section = item[NAV_SECTION]
    if section is None:
        section = []
        nav.append({NAV_SECTION: section})
    section[:] = [e for e in section if not _generated(e)]
    groups: dict[str, list[dict[str, str]]] = {}
    for title, path in entries:
        if path == "routes/index.md":
            section.insert(0, {title: path})
        else:
            groups.setdefault(path.split("/")[1].upper(), []).append({title: path})
    section += [{name: items} for name, items in groups.items()]


def _generated(entry: Any) -> bool:
    value = next(iter(entry.values())) if isinstance(entry, dict) else entry
    if isinstance(value, list):
        return True
    return isinstance(value, str) and value.startswith("routes/")


@contextmanager
def _gen_files() -> Iterator[Any]:
    import mkdocs_gen_files

    yield mkdocs_gen_files


def main(stream: IO[str] | None = None) -> None:
    if stream is not None:
        for path, _, text in pages():
            stream.write(f"<!-- {path} -->\n{text}\n")
        return
    with _gen_files() as gen:
        entries = []
        for path, title, text in pages():
            with gen.open(path, "w") as f:
                f.write(text)
            gen.set_edit_path(path, "scripts/docs_routes.py")
            entries.append((title, path))
        _add_to_nav(gen.FilesEditor.current().config, entries)


if __name__ == "__main__":
    main(sys.stdout)
elif __name__ == "<run_path>":  # mkdocs-gen-files runs scripts with runpy.run_path
    main()
