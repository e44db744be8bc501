"""One build: a case on a route becomes a bundle folder, written all at once or not at all.

The bundle::

    <out>/
      <case_id>-<packet>.pdf      one packet per audience, parts in the route's order
      documents/<part>.docx       the generated documents, editable in Word
      attachments/NN-<id>.pdf     the uploads, normalised to PDF
      ledger.json, ledger.md      what is complete or missing, who acts, by when
      preflight.json              each packet checked against its regulator's profile
      manifest.json               every part with its page range and sha256; input hashes

Nothing is written under ``<out>`` until everything succeeded: the build happens in a
hidden sibling folder that is renamed into place at the end (under a lock on the parent
folder, swapping atomically with an older bundle). Files are readable by their owner only.

This module only orchestrates. :func:`build` computes the build plan once
(:func:`accesspack.buildplan.plan`), checks the case (:func:`validate`'s ledger, from the plan
and what :func:`accesspack.uploads.read_uploads` read, then the uploads' bounds), then
runs the stages of :mod:`accesspack.stages` on the plan in order in a staging folder from
:mod:`accesspack.publish`, adds the rows of :mod:`accesspack.findings` to the ledger
between them, and publishes. The manifest's model is
:mod:`accesspack.manifest`; the notebook views are :mod:`accesspack.views`.
"""

from __future__ import annotations

import logging
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import stages, upload_checks, views
from .buildplan import BuildPlan, form_context, plan, route_context, template_context
from .convert import Converter, default_converter
from .digests import case_digest, sha256_file
from .errors import IncompleteCaseError, NotEligibleError
from .findings import ocr_rows, preflight_rows, upload_change_rows, upload_check_rows
from .ledger import Ledger, compute_ledger, with_rows
from .manifest import Manifest
from .model import Case
from .publish import output_error, owner_only, publish, stage_for
from .routes.registry import Route
from .uploads import check_uploads, read_uploads

__all__ = ["Bundle", "build", "case_digest", "form_context", "route_context", "sha256_file",
           "template_context", "validate"]

log = logging.getLogger("accesspack")


@dataclass(frozen=True)
class Bundle:
    """What a build wrote. ``packets`` maps packet id to its PDF.

    ``manifest`` is the data of ``manifest.json`` (plain dicts and lists, as the file
    holds it: ``bundle.manifest["packets"]``); :attr:`manifest_model` is the same as a
    typed :class:`~accesspack.manifest.Manifest`.
    """

    path: Path
    route: str
    case_id: str
    draft: bool
    packets: dict[str, Path]
    documents: dict[str, Path]
    attachments: dict[str, Path]
    ledger: Ledger
    manifest: dict[str, Any] = field(repr=False)
    #: seconds per step: render, convert, normalise (LibreOffice converts while uploads are
    #: normalised, so convert+normalise is the wall time of both; ocr, the OCR of scanned
    #: pages, is part of normalise), check (uploads read against the case), collate,
    #: preflight, total.
    #: Not in the manifest, which must not change from one build of the same inputs to the
    #: next.
    timings: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    @property
    def manifest_model(self) -> Manifest:
        """:attr:`manifest` as a typed :class:`~accesspack.manifest.Manifest` (read from
        the dict each time, so the two never disagree; raises pydantic's
        ``ValidationError`` if the dict is not a manifest)."""
        return Manifest.model_validate(self.manifest)

    def _repr_html_(self) -> str:
        """Jupyter view (:func:`accesspack.views.html`). Never raises."""
        return views.html(self)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython's plain-text view (:func:`accesspack.views.pretty`): one line."""
        views.pretty(self, printer, cycle)


def build(
    case: Case,
    route: str | Route,
    out_dir: str | Path,
    *,
    draft: bool = False,
    options: dict[str, str] | None = None,
    converter: Converter | None = None,
) -> Bundle:
    """Build the bundle of ``case`` on ``route`` into ``out_dir``.

    Raises :class:`~accesspack.errors.IncompleteCaseError` when blocking items are missing,
    unless ``draft`` is true, in which case every page is marked DRAFT. ``options`` are the
    route's build options (e.g. ``{"form_edition": "2019-06"}``). On any error nothing is
    left under ``out_dir``. The uploads the packets use are checked against their bounds
    (:func:`accesspack.uploads.check_uploads`) before the staging folder is made, so an
    upload refused for its size, pages, type or password leaves no folder at all and
    starts no conversion.
    """
    started = time.perf_counter()
    the_plan = plan(case, route, options)
    rt = the_plan.route
    ledger = _ledger(the_plan)
    _refuse(case, rt, ledger, draft)
    checked = check_uploads(the_plan)  # bounds: refused before anything is written
    out = Path(out_dir)
    stage = stage_for(out)
    log.info("building case %s on route %s%s", case.case_id, rt.id, " (draft)" if draft else "")
    try:
        laps = stages.Laps()
        job = stages.Job.create(stage, the_plan, draft)
        # LibreOffice numbers the CJK fonts it writes per process: one process per build
        split = not job.locale.language.startswith(("zh", "ja", "ko"))
        with (converter or default_converter()).begin(job.work / "pdf",
                                                      split=split) as conversion:
            rendered = stages.render_documents(job, conversion)  # each converted as written
            laps.lap("render")
            converted = stages.convert_and_normalise(job, rendered, checked, conversion)
        laps.record("normalise", converted.normalise_seconds)
        laps.record("convert", converted.convert_seconds)
        laps.record("ocr", converted.ocr_seconds)
        laps.lap("convert+normalise")  # wall time of both; "convert" and "normalise" are their own
        # the uploads read against the case first: validate()'s ledger ends with the same
        # rows for the uploads it could read, so it stays the start of the build's
        ledger = with_rows(ledger, upload_check_rows(the_plan, upload_checks.check_copies(
            the_plan, converted.attachments,
            {aid: result.added for aid, result in converted.ocr.items() if result.added},
            job.digest)))
        used = {aid: c.attachment for aid, c in checked.items()}
        ledger = with_rows(ledger, [*upload_change_rows(used, converted.normalised),
                                    *ocr_rows(rt, used, converted.ocr)])
        laps.lap("check")
        collated = stages.collate_packets(job, rendered, converted)
        laps.lap("collate")
        preflighted = stages.preflight_packets(job, collated)
        ledger = with_rows(ledger, preflight_rows(rt, preflighted.reports))
        laps.lap("preflight")
        manifest = stages.write_manifest(job, ledger, rendered, converted, collated, preflighted)
        stages.discard_work(job)
        owner_only(stage)
        publish(stage, out)
    except BaseException as exc:
        better = output_error(exc, out, stage)  # before the clean-up frees the space
        shutil.rmtree(stage, ignore_errors=True)
        if better is not None:
            raise better from exc
        raise
    final = out.absolute()

    def moved(paths: dict[str, Path]) -> dict[str, Path]:
        return {k: final / p.relative_to(stage) for k, p in paths.items()}

    return Bundle(
        path=final, route=rt.id, case_id=case.case_id, draft=draft,
        packets=moved(collated.packets), documents=moved(rendered.documents),
        attachments=moved(converted.attachments), ledger=ledger, manifest=manifest.as_data(),
        timings={**laps.timings, "total": time.perf_counter() - started})


def _refuse(case: Case, route: Route, ledger: Ledger, draft: bool) -> None:
    """Raise when ``case`` cannot be built on ``route``: a blocking eligibility or
    applicability rule fails (never built), or blocking items are missing (unless
    ``draft``)."""
    failing = [r for r in ledger.rows  # a non-blocking rule (a practice) never refuses
               if r.category in ("applicability", "eligibility") and r.status == "not_met"
               and r.blocking]
    if failing:
        listing = "\n".join(f"  - {r.item}" for r in failing)
        raise NotEligibleError(
            f"case {case.case_id} does not qualify for route {route.id}, so no packet is built "
            f"(not even a draft):\n{listing}\n`accesspack routes CASE` shows the routes it fits",
            failing,
        )
    if ledger.gaps and not draft:
        listing = "\n".join(f"  - {g.item} [{g.who}]: {g.question}" for g in ledger.gaps)
        raise IncompleteCaseError(
            f"case {case.case_id} lacks {len(ledger.gaps)} blocking item(s) for route {route.id}; "
            f"supply them, or build with --draft:\n{listing}",
            ledger.gaps,
        )


def _ledger(the_plan: BuildPlan) -> Ledger:
    """The ledger of a plan, with what is read of its uploads: ``validate()``'s, and a
    build's before its own findings."""
    return compute_ledger(the_plan, read_uploads(the_plan))


def validate(case: Case, route: str | Route, *, options: dict[str, str] | None = None) -> Ledger:
    """The ledger of ``case`` on ``route``, without building anything.

    It includes the checks of the uploads against the case
    (:func:`accesspack.findings.upload_check_rows`) for the uploads that can be read
    without building: PDFs with text on every page. A build checks every upload, from its
    packet copy (a scan once OCR has read it), and so may add rows this ledger lacks.
    """
    the_plan = plan(case, route, options)
    return with_rows(_ledger(the_plan), upload_check_rows(the_plan, upload_checks.check_texts(
        the_plan, upload_checks.original_texts(the_plan))))
