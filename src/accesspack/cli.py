"""The command line: a thin face over the library's API.

Exit status: 0 success; 1 the case is not ready (validate), the build stopped on
blocking gaps, or a case of a batch failed; 2 bad input or another accesspack error
(message on stderr).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from ._version import __version__
from .errors import AccesspackError, IncompleteCaseError, NotEligibleError
from .pdf.preflight_profiles import DEFAULT_PROFILE, PROFILES

# Each command imports what it uses when it runs: `accesspack routes` or `--version` do not
# load the PDF stack, and only `batch` loads the process pool (tests/test_cli_imports.py).


def _options(pairs: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise AccesspackError(f"--option takes NAME=VALUE, got {pair!r}")
        out[key.strip()] = value.strip()
    return out


def _cmd_build(args: argparse.Namespace) -> int:
    from .convert import BackgroundConverter
    from .model import load_case

    case = load_case(args.case, confine_uploads=args.confine_uploads)
    # LibreOffice starts now, on a thread: its start overlaps the build's imports and other
    # work. One instance: a second start costs ~0.75 CPU-s, more than it saves on one build
    with BackgroundConverter(instances=1) as converter:
        from .bundle import build

        bundle = build(case, args.route, Path(args.out), draft=args.draft,
                       options=_options(args.option), converter=converter)
    print(f"built {'draft ' if bundle.draft else ''}bundle for case {case.case_id} "
          f"on {bundle.route} in {bundle.path}")
    for pid, path in bundle.packets.items():
        print(f"  {pid}: {path.name}")
    gaps = bundle.ledger.gaps
    print(f"ledger: {'ready' if not gaps else f'{len(gaps)} blocking gap(s)'} "
          f"(see {bundle.path / 'ledger.md'})")
    return 0


def _executor(address: str | None) -> tuple[object | None, object | None]:
    """(executor, client) for ``--scheduler``; (None, None) for the local process pool."""
    if not address:
        return None, None
    try:
        from distributed import Client
    except ImportError:
        raise AccesspackError(
            "--scheduler needs Dask's distributed package; install it with "
            "pip install 'accesspack[dask]'") from None
    try:
        client = Client(address, timeout=30)  # type: ignore[no-untyped-call]
    except OSError as exc:
        raise AccesspackError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    return client.get_executor(pure=False), client  # type: ignore[no-untyped-call]


def _cmd_batch(args: argparse.Namespace) -> int:
    from .batch import build_many

    executor, client = _executor(args.scheduler)
    try:
        result = build_many(args.cases, args.route, Path(args.out), executor,  # type: ignore[arg-type]
                            workers=args.workers, draft=args.draft,
                            options=_options(args.option), force=args.force,
                            progress=args.progress, confine_uploads=args.confine_uploads)
    finally:
        if client is not None:
            client.close()  # type: ignore[attr-defined]
    if args.json:
        sys.stdout.write(result.to_json())
    else:
        sys.stdout.write(result.summary())
    return 0 if result.ok else 1


def _cmd_validate(args: argparse.Namespace) -> int:
    from .bundle import validate
    from .model import load_case

    case = load_case(args.case, confine_uploads=args.confine_uploads)
    ledger = validate(case, args.route, options=_options(args.option))
    views = {"text": ledger.to_text, "json": ledger.to_json, "markdown": ledger.to_markdown}
    sys.stdout.write(views[args.format]())
    return 0 if ledger.ready else 1


def _cmd_routes(args: argparse.Namespace) -> int:
    if args.case:
        return _cmd_verdicts(args)
    from .routes import list_routes

    routes = list_routes()
    if args.json:
        print(json.dumps([{"id": r.id, "title": r.title, "language": r.language,
                           "packets": [p.id for p in r.spec.packets],
                           "options": {k: o.choices for k, o in r.spec.options.items()}}
                          for r in routes], indent=2))
        return 0
    width = max(len(r.id) for r in routes) if routes else 0
    for r in routes:
        print(f"{r.id:<{width}}  {r.title}")
    return 0


def _cmd_verdicts(args: argparse.Namespace) -> int:
    from .model import load_case
    from .verdicts import find_pathways

    found = find_pathways(load_case(args.case))
    sys.stdout.write(found.to_json() if args.json else found.to_text())
    return 0


def _cmd_import_fhir(args: argparse.Namespace) -> int:
    from .fhir import from_fhir

    out = Path(args.out) if args.out else None
    imported = from_fhir(args.bundle, base=args.base, route=args.route,
                         options=_options(args.option),
                         base_dir=out.parent if out else None, strict=args.strict)
    report = imported.report_json() if args.json else imported.to_markdown()
    if out is not None:
        imported.write(out)
        sys.stdout.write(report)
    else:
        sys.stdout.write(imported.to_yaml())
        sys.stderr.write(report)
    return 0 if imported.ready else 1


def _cmd_schema(args: argparse.Namespace) -> int:
    from .model import Case

    print(json.dumps(Case.model_json_schema(), indent=2))
    return 0


def _cmd_preflight(args: argparse.Namespace) -> int:
    from .pdf.preflight import preflight

    max_bytes = None if args.max_mb is None else round(args.max_mb * 1_000_000)
    reports, unreadable = [], False
    for pdf in args.pdfs:
        try:
            page_size: Literal["letter", "a4"] = args.page_size or (
                "letter" if args.profile == DEFAULT_PROFILE else "a4")
            reports.append(preflight(pdf, page_size=page_size, max_bytes=max_bytes,
                                     profile=args.profile))
        except AccesspackError as exc:  # the others are still checked
            print(f"accesspack: error: {exc}", file=sys.stderr)
            unreadable = True
    if args.json:
        print(json.dumps([r.as_data() for r in reports], indent=2,
                         ensure_ascii=False))
    else:
        sys.stdout.write("\n".join(r.to_markdown() for r in reports))
    return 2 if unreadable else 0 if all(r.ok for r in reports) else 1


def _cmd_templates_check(args: argparse.Namespace) -> int:
    from .authoring import check_templates

    result = check_templates(args.routes or None)
    sys.stdout.write(result.to_json() if args.json else result.to_text())
    return 0 if result.ok else 1


def _cmd_new_route(args: argparse.Namespace) -> int:
    from .authoring.newroute import new_route
    from .routes import templates_root

    root = templates_root().absolute()
    dest = Path(args.templates).absolute() if args.templates else root
    made = new_route(args.source, args.new_id, dest)
    if made.copied_from is not None:
        print(f"copied every route of {made.copied_from.absolute()} into {dest}")
    print(f"created route {args.new_id}: {made.path} (a DRAFT: read the comment at its top)")
    if dest != root:
        print(f"use it with: export ACCESSPACK_TEMPLATES={dest}")
    print(f"then check its templates: accesspack templates check {args.new_id}")
    return 0


_CONFINE_HELP = ("refuse uploads outside the case file's folder (through '..', a symbolic "
                 "link or an absolute path)")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="accesspack",
        description="Build expanded-access / compassionate-use packets from a structured case.",
    )
    p.add_argument("--version", action="version", version=f"accesspack {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build the bundle of a case on a route")
    b.add_argument("case", help="case file (.yaml, .yml or .json)")
    b.add_argument("--route", required=True, help="route id, e.g. fda/single-patient")
    b.add_argument("--out", required=True, help="output folder (replaced if it is a bundle)")
    b.add_argument("--draft", action="store_true",
                   help="build even with blocking gaps; every page is marked DRAFT")
    b.add_argument("--option", action="append", default=[], metavar="NAME=VALUE",
                   help="route option, e.g. form_edition=2019-06")
    b.add_argument("--confine-uploads", action="store_true", help=_CONFINE_HELP)
    b.set_defaults(func=_cmd_build)

    m = sub.add_parser("batch", help="build many cases on one route, in parallel",
                       description="Build every case into OUT/<case_id>/. Cases whose inputs, "
                       "templates and options are unchanged since their last build are "
                       "skipped. Exit status 1 when any case failed.")
    m.add_argument("cases", nargs="+", metavar="CASE", help="case files (.yaml, .yml or .json)")
    m.add_argument("--route", required=True, help="route id, e.g. fda/single-patient")
    m.add_argument("--out", required=True, help="folder that receives one bundle per case")
    m.add_argument("--workers", type=int, default=None,
                   help="worker processes (default: one per core; ignored with --scheduler)")
    m.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on a Dask cluster, e.g. tcp://10.0.0.5:8786 (needs accesspack[dask])")
    m.add_argument("--force", action="store_true", help="rebuild unchanged cases too")
    m.add_argument("--draft", action="store_true",
                   help="build cases with blocking gaps as drafts instead of failing them")
    m.add_argument("--option", action="append", default=[], metavar="NAME=VALUE")
    m.add_argument("--json", action="store_true", help="print the results as JSON")
    m.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show a progress bar (default: when stderr is a terminal)")
    m.add_argument("--confine-uploads", action="store_true", help=_CONFINE_HELP)
    m.set_defaults(func=_cmd_batch)

    v = sub.add_parser("validate", help="print the ledger without building")
    v.add_argument("case")
    v.add_argument("--route", required=True)
    v.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    v.add_argument("--option", action="append", default=[], metavar="NAME=VALUE")
    v.add_argument("--confine-uploads", action="store_true", help=_CONFINE_HELP)
    v.set_defaults(func=_cmd_validate)

    r = sub.add_parser("routes", help="list every route, or say which ones a case qualifies for")
    r.add_argument("case", nargs="?", help="a case file: show each route's verdict on it")
    r.add_argument("--json", action="store_true",
                   help="JSON: every route (no case), or the verdicts on the case")
    r.set_defaults(func=_cmd_routes)

    i = sub.add_parser("import-fhir", help="make a case from a FHIR R4 (mCODE) bundle",
                       description="Write the case YAML (to --out, else stdout) and a report of "
                       "what came from which resource and what is missing (to stdout with "
                       "--out, else stderr). Inline documents go to uploads/ beside the case. "
                       "Invalid resources are skipped and listed (--strict refuses instead). "
                       "Exit status 0 when the case is valid (and ready for --route), 1 when "
                       "fields or gaps remain (the YAML is still written), 2 on error.")
    i.add_argument("bundle", help="FHIR Bundle (.json), or a folder of FHIR resources "
                   "(one .json file each)")
    i.add_argument("--base", metavar="CASE_FRAGMENT",
                   help="YAML/JSON case data FHIR does not carry (request, product, ...); "
                   "its values win over the bundle's")
    i.add_argument("--route", help="also list the blocking gaps of this route")
    i.add_argument("--option", action="append", default=[], metavar="NAME=VALUE")
    i.add_argument("--out", metavar="CASE.yaml", help="case file to write (default: stdout)")
    i.add_argument("--json", action="store_true", help="print the report as JSON")
    i.add_argument("--strict", action="store_true",
                   help="refuse the whole bundle when any resource is invalid (default: skip "
                   "each invalid resource, named in the report's Skipped section)")
    i.set_defaults(func=_cmd_import_fhir)

    s = sub.add_parser("schema", help="print the case model's JSON Schema")
    s.set_defaults(func=_cmd_schema)

    f = sub.add_parser("preflight", help="check PDFs against a regulator's PDF rules",
                       description="Check each PDF (version, security, fonts, page size, "
                       "footer band, bookmarks, links, scripts, attachments, annotations, "
                       "text layer, size) against a profile: the FDA's PDF specifications "
                       "(default) or the generic packet checks. Exit status 1 when a check "
                       "fails, 2 when a file cannot be read.")
    f.add_argument("pdfs", nargs="+", metavar="PDF", help="PDF files")
    f.add_argument("--page-size", choices=["letter", "a4"], default=None,
                   help="paper every page must fit (a4: A4 or US Letter; default: letter for "
                   "the FDA's profile, a4 for the generic one)")
    f.add_argument("--max-mb", type=float, metavar="N",
                   help="size limit in MB (1 MB = 1,000,000 bytes)")
    f.add_argument("--profile", choices=sorted(PROFILES), default=DEFAULT_PROFILE,
                   help="the checks: the FDA's PDF specifications (default) or generic "
                   "packet checks that name no authority")
    f.add_argument("--json", action="store_true", help="print a JSON list of the reports")
    f.set_defaults(func=_cmd_preflight)

    t = sub.add_parser("templates", help="check templates; start a new route from a copy")
    tsub = t.add_subparsers(dest="templates_command", required=True)
    tc = tsub.add_parser("check", help="list every variable each template uses and check it",
                         description="For each route (default: all), list the variables each "
                         "template uses and check them against the case model and the rest "
                         "of the template context. Exit status 1 when a template has a "
                         "problem.")
    tc.add_argument("routes", nargs="*", metavar="ROUTE", help="route ids (default: every route)")
    tc.add_argument("--json", action="store_true", help="print the result as JSON")
    tc.set_defaults(func=_cmd_templates_check)
    tn = tsub.add_parser("new-route", help="start a new route (or country) from a copy",
                         description="Copy route SOURCE_ROUTE and its templates to "
                         "NEW_ROUTE_ID (regulator/name). A new regulator gets a copy of the "
                         "source's regulator.yaml with every citation and contact marked "
                         "unverified.")
    tn.add_argument("source", metavar="SOURCE_ROUTE", help="route to copy, e.g. fda/single-patient")
    tn.add_argument("new_id", metavar="NEW_ROUTE_ID", help="id of the new route, e.g. xx/pilot")
    tn.add_argument("--templates", metavar="DIR",
                    help="templates folder to write into (default: the current one); a new "
                    "or empty folder first receives a copy of every route")
    tn.set_defaults(func=_cmd_new_route)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="accesspack: %(message)s")
    # a library's Python warnings (Pillow on an odd image) are for the log, not the user
    logging.captureWarnings(True)
    logging.getLogger("py.warnings").setLevel(logging.INFO if args.verbose else logging.ERROR)
    try:
        code: int = args.func(args)
        return code
    except (IncompleteCaseError, NotEligibleError) as exc:
        print(f"accesspack: {exc}", file=sys.stderr)
        return 1
    except AccesspackError as exc:
        print(f"accesspack: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("accesspack: interrupted; nothing was published", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: bad input always raises an AccesspackError
        logging.getLogger("accesspack").info("internal error", exc_info=True)
        print(f"accesspack: internal error ({exc.__class__.__name__}); this is a bug in "
              "accesspack: please report it with the command you ran (run again with -v to "
              "see where it happened)", file=sys.stderr)
        return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
