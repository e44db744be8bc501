"""A build as stages, each a short function with a typed result, called in this order by
:func:`accesspack.build`:

1. :func:`render_documents`: each generated document rendered once from its DOCX template
   (a part several packets share is rendered once) into ``documents/``, a portal
   worksheet from the built-in worksheet template; each is handed to the build's
   :class:`~accesspack.convert.Conversion` as soon as it is written, so a converter that
   keeps LibreOffice running converts it while the next is rendered;
2. (the uploads were checked by :func:`accesspack.uploads.check_uploads` before the staging
   folder was made);
3. :func:`convert_and_normalise`: the uploaded DOCX handed to the conversion too, then the
   PDF and image uploads become clean PDFs in ``attachments/`` while the converter
   finishes; uploaded DOCX are normalised after the conversion; each copy's scanned pages
   get an invisible OCR text layer, all of a build's scanned pages in one OCR run
   (:func:`accesspack.pdf.ocr.add_text_layers`); then each copy's text is checked against
   the case (:func:`accesspack.upload_checks.check_copies`: the copy as written, read
   only as far as the check needs, not from what normalising measured);
4. :func:`collate_packets`: each packet's PDF, parts in the route's order;
5. :func:`preflight_packets`: each packet checked as a publishing tool would, written to
   ``preflight.json``;
6. :func:`write_manifest`: ``ledger.json``, ``ledger.md`` and ``manifest.json``.

Every stage reads the build plan (:func:`accesspack.buildplan.plan`: the active packets and
parts, templates, attachment slots, template contexts) and writes under the staging
folder only (:class:`Job`); publishing it is
:mod:`accesspack.publish`'s. The ledger rows a build adds between stages come from
:mod:`accesspack.findings`. :class:`Laps` keeps the seconds per step that
:attr:`accesspack.Bundle.timings` reports.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import shutil
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ._version import __version__
from .buildplan import BuildPlan, PlannedPart
from .convert import Conversion
from .digests import case_digest, sha256_file
from .errors import AttachmentError, mapped
from .findings import preflight_packet
from .languages import labels_for
from .ledger import Ledger
from .manifest import (
    FileHash,
    InputFile,
    Inputs,
    Manifest,
    PacketEntry,
    PartDocument,
    PartEntry,
    PreflightEntry,
    TemplateHash,
)
from .model import Case
from .pdf.collate import Document, PageRange, Section, collate
from .pdf.normalize import Normalised, image_to_pdf, pdf_copy
from .pdf.ocr import OcrFile, OcrResult, add_text_layers
from .pdf.preflight import PreflightReport
from .pdf.units import PAGE_SIZES
from .render.context import attachment_title
from .render.docx import make_environment, render_docx
from .routes.registry import Locale, Route
from .routes.spec import Packet
from .uploads import CheckedUpload


class Laps:
    """Seconds per step (``timings``): each :meth:`lap` is the time since the last one."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._clock = time.perf_counter()

    def lap(self, step: str) -> None:
        """Add the time since the previous lap (or the start) to ``step``."""
        now = time.perf_counter()
        self.timings[step] = self.timings.get(step, 0.0) + now - self._clock
        self._clock = now

    def record(self, step: str, seconds: float) -> None:
        """Set ``step`` to a time measured inside a stage (it does not end a lap)."""
        self.timings[step] = seconds


@dataclass(frozen=True)
class Job:
    """What every stage reads: the build plan (the case on its route with the build
    options, the active packets and parts, the route's locale, the template contexts), and
    the staging folder they write in."""

    stage: Path
    plan: BuildPlan
    draft: bool
    #: the sha256 of a bundle file, computed once however often it is listed
    digest: Callable[[Path], str] = field(
        default_factory=lambda: functools.cache(sha256_file), repr=False, compare=False)

    @classmethod
    def create(cls, stage: Path, plan: BuildPlan, draft: bool) -> Job:
        """The job, with the staging folder's ``documents/``, ``attachments/`` and the
        scratch ``.work/`` (removed by :func:`discard_work`) made."""
        job = cls(stage, plan, draft)
        job.documents.mkdir()
        job.attachments.mkdir()
        (job.work / "docx").mkdir(parents=True)
        (job.work / "pdf").mkdir()
        return job

    @property
    def case(self) -> Case:
        return self.plan.case

    @property
    def route(self) -> Route:
        return self.plan.route

    @property
    def options(self) -> dict[str, str]:
        return self.plan.options

    @property
    def locale(self) -> Locale:
        return self.plan.locale

    @property
    def documents(self) -> Path:
        return self.stage / "documents"

    @property
    def attachments(self) -> Path:
        return self.stage / "attachments"

    @property
    def work(self) -> Path:
        return self.stage / ".work"

    @property
    def page_size(self) -> tuple[float, float]:
        return PAGE_SIZES[self.locale.page_size]


# -- 1. render ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Rendered:
    """The generated documents: part id to its DOCX in ``documents/`` (render order), and
    each template used (file name) with its sha256."""

    documents: dict[str, Path]
    templates: dict[str, str]


def render_documents(job: Job, conversion: Conversion) -> Rendered:
    """Render each generated document once, with the template context of the first
    packet that lists it (the plan's); hand each to ``conversion`` once written (a copy
    in ``.work/docx`` named ``doc-<part id>``)."""
    env = make_environment(job.locale.date_format, job.locale.language)
    documents: dict[str, Path] = {}
    templates: dict[str, str] = {}
    for packet, part in job.plan.active_parts():
        if part.kind not in ("document", "worksheet") or part.id in documents:
            continue
        assert part.template is not None
        tpl = part.template
        dest = job.documents / f"{part.id}.docx"
        context = dict(packet.context)
        page_size = None
        if part.worksheet is not None:  # the built-in template, on the route's paper
            context["worksheet"] = part.worksheet.context(
                job.locale.language, job.route.citation(part.worksheet.worksheet.citation))
            page_size = job.locale.page_size
        render_docx(tpl, context, dest, env=env, stamp=job.case.prepared_on,
                    page_size=page_size)
        documents[part.id] = dest
        templates[tpl.name] = sha256_file(tpl)
        copy = job.work / "docx" / f"doc-{part.id}.docx"
        shutil.copyfile(dest, copy)
        conversion.submit(copy)
    return Rendered(documents, templates)


# -- 3. convert and normalise ---------------------------------------------------------

@dataclass(frozen=True)
class Converted:
    """The converter's PDFs (``doc-<part id>`` and ``upload-<attachment id>``, in
    ``.work/pdf``), each used upload's PDF in ``attachments/`` (first-use order) with what
    normalising wrote and what OCR did to it, the uploads' manifest entries, and the
    seconds each side took (OCR's are inside ``normalise_seconds``)."""

    pdfs: dict[str, Path]
    attachments: dict[str, Path]
    normalised: dict[str, Normalised]
    inputs: tuple[InputFile, ...]
    convert_seconds: float
    normalise_seconds: float
    ocr: dict[str, OcrResult] = field(default_factory=dict)

    @property
    def ocr_seconds(self) -> float:
        """The seconds OCR took, all uploads together."""
        return sum(r.seconds for r in self.ocr.values())


def convert_and_normalise(job: Job, rendered: Rendered, checked: dict[str, CheckedUpload],
                          conversion: Conversion) -> Converted:
    """Hand the uploaded DOCX to ``conversion`` (after the generated documents
    :func:`render_documents` handed over) and end it; normalise the PDF and image uploads
    while the converter works (it runs in its own processes); then normalise the uploaded
    DOCX from their PDFs."""
    for aid, upload in checked.items():
        if upload.type == "docx":
            copy = job.work / "docx" / f"upload-{aid}.docx"
            shutil.copyfile(upload.attachment.path, copy)
            conversion.submit(copy)
    conversion.end()
    attachments: dict[str, Path] = {
        aid: job.attachments / f"{n:02d}-{aid}.pdf" for n, aid in enumerate(checked, start=1)}
    normalised: dict[str, Normalised] = {}
    ocr: dict[str, OcrResult] = {}
    normalise_seconds = 0.0

    def normalise(uploads: list[tuple[str, Path]]) -> None:
        nonlocal normalise_seconds
        started = time.perf_counter()
        try:
            for aid, source in uploads:
                normalised[aid] = _normalise_one(job, checked[aid], source, attachments[aid])
            ocr.update(_add_text_layers(job, {aid: checked[aid] for aid, _ in uploads},
                                        attachments, normalised))
        finally:
            normalise_seconds += time.perf_counter() - started

    normalise([(aid, upload.attachment.path) for aid, upload in checked.items()
               if upload.type != "docx"])
    converted = {pdf.stem: pdf for pdf in conversion.finish()}
    normalise([(aid, converted[f"upload-{aid}"]) for aid, upload in checked.items()
               if upload.type == "docx"])
    inputs = tuple(
        InputFile(id=aid, kind=upload.attachment.kind, type=upload.type,
                  pages=normalised[aid].pages, sha256=sha256_file(upload.attachment.path),
                  changes=tuple(normalised[aid].changes))
        for aid, upload in checked.items())
    return Converted(converted, attachments, normalised, inputs, conversion.seconds,
                     normalise_seconds, {aid: ocr[aid] for aid in checked})


def _normalise_one(job: Job, checked: CheckedUpload, source: Path, dest: Path) -> Normalised:
    """One upload (``source``: the file, or its PDF for a DOCX) as a clean PDF at ``dest``;
    a library failing on a broken file is an :class:`AttachmentError` naming it."""
    label, kind = checked.label, checked.type
    with mapped(lambda why: AttachmentError(
            f"{label} could not be read as {kind} ({why}); check the file or replace it",
            attachment=label)):
        return (image_to_pdf(source, dest, job.page_size, label)
                if kind in ("jpeg", "png", "tiff")
                else pdf_copy(source, dest, label, password=checked.password,
                              field=checked.password_field))


def _add_text_layers(job: Job, checked: Mapping[str, CheckedUpload],
                     attachments: Mapping[str, Path], normalised: dict[str, Normalised]
                     ) -> dict[str, OcrResult]:
    """The scanned pages of the uploads ``checked`` (normalised to ``attachments``) given
    a text layer, each in the upload's language, then the route's; all of them in one
    OCR run reading several pages at a time (:func:`accesspack.pdf.ocr.add_text_layers`).
    Each upload's :class:`Normalised` gets the change OCR made."""
    if not checked:
        return {}
    # its temporary files (the scans' pages, page images) in the build's hidden .work;
    # the scanned pages pdf_copy found from the parse it shares (None: OCR looks)
    results = add_text_layers(
        [OcrFile(attachments[aid], (upload.attachment.language, job.locale.language),
                 normalised[aid].scans) for aid, upload in checked.items()], job.work)
    for aid, result in zip(checked, results, strict=True):
        if result.change is not None:
            normalised[aid] = dataclasses.replace(
                normalised[aid], changes=(*normalised[aid].changes, result.change))
    return dict(zip(checked, results, strict=True))


# -- 4. collate ------------------------------------------------------------------------

@dataclass(frozen=True)
class Collated:
    """Each packet's PDF (by packet id, in the route's order) and its manifest entry."""

    packets: dict[str, Path]
    entries: tuple[PacketEntry, ...]


@dataclass(frozen=True)
class _Source:
    """Where one document of a part comes from, as its manifest entry records it."""

    source: str
    document: str | None = None
    file: str | None = None
    sha256: str | None = None


def collate_packets(job: Job, rendered: Rendered, converted: Converted) -> Collated:
    """Collate each packet in the route's order; a slot without uploads is left out."""
    packets: dict[str, Path] = {}
    entries: list[PacketEntry] = []
    lang = job.locale.language
    for planned in job.plan.packets:
        packet = planned.packet
        sections: list[Section] = []
        part_ids: list[str] = []
        sources: list[list[_Source]] = []
        for part in planned.parts:
            section = _section(job, part, rendered, converted)
            if section is None:
                continue
            sections.append(section[0])
            part_ids.append(part.id)
            sources.append(section[1])
        dest = job.stage / f"{job.case.case_id}-{packet.id}.pdf"
        ranges = collate(sections, dest, case_id=job.case.case_id,
                         packet_title=packet.title_in(lang), draft=job.draft,
                         toc_page_size=job.page_size, labels=labels_for(lang))
        packets[packet.id] = dest
        entries.append(_packet_entry(packet, lang, part_ids, ranges, sources, dest))
    return Collated(packets, tuple(entries))


def _section(job: Job, planned: PlannedPart, rendered: Rendered,
             converted: Converted) -> tuple[Section, list[_Source]] | None:
    """A part as a section of the packet with its documents' sources; None for a slot
    the case has no upload for."""
    lang = job.locale.language
    part = planned.part
    if part.kind == "toc":
        return (Section(part.title_in(lang), (), is_toc=True),
                [_Source("generated:table-of-contents")])
    if part.kind in ("document", "worksheet"):
        pdf = converted.pdfs[f"doc-{part.id}"]
        title = part.title_in(lang)
        assert planned.template is not None
        tpl_name = planned.template.name
        return (Section(title, (Document(title, pdf),)),
                [_Source(f"template:{tpl_name}", document=f"documents/{part.id}.docx",
                         sha256=job.digest(rendered.documents[part.id]))])
    atts = job.plan.slot(planned)
    if not atts:
        return None
    files = [converted.attachments[a.id or ""] for a in atts]
    return (Section(part.title_in(lang), tuple(
                Document(attachment_title(a, lang, job.case, job.locale.date_format), f)
                for a, f in zip(atts, files, strict=True))),
            [_Source(f"attachment:{a.id}", file=f"attachments/{f.name}", sha256=job.digest(f))
             for a, f in zip(atts, files, strict=True)])


def _packet_entry(packet: Packet, lang: str, part_ids: list[str], ranges: list[PageRange],
                  sources: list[list[_Source]], dest: Path) -> PacketEntry:
    parts = []
    for pid, rng, src in zip(part_ids, ranges, sources, strict=True):
        docs = rng.children or (rng,)
        parts.append(PartEntry(
            id=pid, title=rng.title, pages=(rng.first, rng.last),
            documents=tuple(
                PartDocument(title=d.title, pages=(d.first, d.last), source=s.source,
                             document=s.document, file=s.file, sha256=s.sha256)
                for d, s in zip(docs, src, strict=True))))
    return PacketEntry(id=packet.id, title=packet.title_in(lang), audience=packet.audience,
                       file=dest.name, sha256=sha256_file(dest),
                       pages=ranges[-1].last if ranges else 0, parts=tuple(parts))


# -- 5. preflight ----------------------------------------------------------------------

@dataclass(frozen=True)
class Preflighted:
    """Each packet's preflight report, by packet id."""

    reports: dict[str, PreflightReport]


def preflight_packets(job: Job, collated: Collated) -> Preflighted:
    """Preflight every packet against its regulator's profile; write ``preflight.json``."""
    reports = {pid: preflight_packet(job.route, job.locale.page_size, path, entry)
               for (pid, path), entry in zip(collated.packets.items(), collated.entries,
                                             strict=True)}
    (job.stage / "preflight.json").write_text(json.dumps(
        {pid: r.as_data() for pid, r in reports.items()},
        indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return Preflighted(reports)


# -- 6. ledger and manifest ------------------------------------------------------------

def write_manifest(job: Job, ledger: Ledger, rendered: Rendered, converted: Converted,
                   collated: Collated, preflighted: Preflighted) -> Manifest:
    """Write ``ledger.json`` and ``ledger.md`` (the final ledger: ``validate()``'s and the
    build's findings), then ``manifest.json`` with every file's sha256."""
    stage, digest = job.stage, job.digest
    (stage / "ledger.json").write_text(ledger.to_json(), encoding="utf-8")
    (stage / "ledger.md").write_text(ledger.to_markdown(), encoding="utf-8")
    manifest = Manifest(
        accesspack=__version__,
        case_id=job.case.case_id,
        prepared_on=job.case.prepared_on,
        route=job.route.id,
        route_files_sha256=job.route.files_digest(),
        options=job.options,
        draft=job.draft,
        ready=ledger.ready,
        inputs=Inputs(case_sha256=case_digest(job.case), attachments=converted.inputs),
        templates=tuple(TemplateHash(name=k, sha256=v)
                        for k, v in sorted(rendered.templates.items())),
        packets=collated.entries,
        documents=tuple(FileHash(file=f"documents/{p.name}", sha256=digest(p))
                        for p in rendered.documents.values()),
        attachments=tuple(FileHash(file=f"attachments/{p.name}", sha256=digest(p))
                          for p in converted.attachments.values()),
        ledger=tuple(FileHash(file=name, sha256=sha256_file(stage / name))
                     for name in ("ledger.json", "ledger.md")),
        preflight=PreflightEntry(
            file="preflight.json", sha256=sha256_file(stage / "preflight.json"),
            ok={pid: r.ok for pid, r in preflighted.reports.items()}),
    )
    manifest.write(stage / "manifest.json")
    return manifest


def discard_work(job: Job) -> None:
    """Remove the scratch folder (``.work``: copies for the converter and its PDFs)."""
    shutil.rmtree(job.work)
