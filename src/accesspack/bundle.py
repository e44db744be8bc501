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
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import functools
import hashlib
import json
import logging
import os
import re
import shutil
import socket
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._version import __version__
from .convert import Converter, default_converter
from .display import (
    THUMB_PAGES,
    Cell,
    Html,
    ThumbnailError,
    badge,
    box,
    esc,
    field_list,
    heading,
    note,
    size_text,
    table,
    thumbnail_strip,
    thumbnails,
)
from .errors import (
    AccesspackError,
    AttachmentError,
    IncompleteCaseError,
    NotEligibleError,
    OutputError,
)
from .ledger import Ledger, LedgerRow, citing, compute_ledger, with_rows
from .locale import labels_for
from .model import Attachment, Case
from .pdf.collate import Document, PageRange, Section, collate
from .pdf.normalize import Normalised, image_to_pdf, pdf_copy
from .pdf.preflight import PreflightReport, preflight
from .render.context import Namespace, attachment_title, attachments_by_kind, case_context
from .render.docx import make_environment, render_docx
from .routes.conditions import holds, slot_attachments
from .routes.registry import Route, load_route
from .routes.spec import Packet, Part
from .uploads import CheckedUpload, check_uploads

log = logging.getLogger("accesspack")

PAGE_SIZES = {"letter": (612.0, 792.0), "a4": (595.2756, 841.8898)}


@dataclass(frozen=True)
class Bundle:
    """What a build wrote. ``packets`` maps packet id to its PDF."""

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
    #: normalised, so convert+normalise is the wall time of both), collate, total. Not in
    #: the manifest, which must not change from one build of the same inputs to the next.
    timings: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    def _repr_html_(self) -> str:
        """Jupyter view: route, draft flag, folder; each packet with its pages, size and
        thumbnails of its first pages; the preflight result per packet; the ledger. Never
        raises."""
        try:
            return _bundle_html(self)
        except Exception as exc:  # a display must not fail: show what is certain
            log.debug("bundle view failed", exc_info=True)
            return str(box(f"accesspack bundle {self.case_id}",
                           note(f"(view incomplete: {exc.__class__.__name__})"),
                           table(["Packet", "File"],
                                 ([pid, p.name] for pid, p in self.packets.items()))))

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython's plain-text view (stored in notebooks beside the HTML one): one line,
        not the dataclass repr with the whole ledger."""
        state = ("ready" if self.ledger.ready
                 else f"not ready: {len(self.ledger.gaps)} blocking gap(s)")
        printer.text(f"<accesspack {'draft ' if self.draft else ''}Bundle {self.case_id} on "
                     f"{self.route}: {len(self.packets)} packet(s), {state}; in {self.path}>")


def _bundle_html(bundle: Bundle) -> str:
    pages = {str(p.get("file")): p.get("pages")
             for p in bundle.manifest.get("packets", []) if isinstance(p, dict)}
    rows: list[list[Cell]] = []
    problems: list[str] = []
    for pid, path in bundle.packets.items():
        try:
            size: str | None = size_text(path.stat().st_size)
        except OSError:
            size = "(file missing)"
        try:
            strip: Cell = thumbnail_strip(thumbnails(path), path.name)
        except ThumbnailError as exc:
            strip = None
            if str(exc) not in problems:
                problems.append(str(exc))
        rows.append([pid, Html(f"<code>{esc(path.name)}</code>"), pages.get(path.name), size,
                     strip])
    parts: list[Cell] = [
        field_list([
            ("Case", bundle.case_id), ("Route", Html(f"<code>{esc(bundle.route)}</code>")),
            ("Draft", badge("draft: DRAFT on every page", "warn") if bundle.draft else "no"),
            ("Folder", Html(f"<code>{esc(str(bundle.path))}</code>")),
            ("Ledger", badge("ready", "good") if bundle.ledger.ready
             else badge(f"{len(bundle.ledger.gaps)} blocking gap(s)", "bad")),
        ]),
        heading(f"Packets ({len(rows)})"),
        table(["Packet", "File", "Pages", "Size", f"First {THUMB_PAGES} pages"], rows),
    ]
    if problems:
        parts.append(note("No thumbnails: " + "; ".join(problems) + "."))
    parts += [heading("Preflight"), _preflight_summary(bundle)]
    return str(box("accesspack " + ("draft " if bundle.draft else "") + "bundle", *parts)
               ) + bundle.ledger._repr_html_()


def _preflight_summary(bundle: Bundle) -> Html:
    """One row per packet: the preflight result this build recorded in its manifest and
    how many of its ledger rows are preflight findings (shown in the ledger below).

    Only what the :class:`Bundle` holds: never ``preflight.json`` from the folder, which a
    later build into the same folder may have replaced.
    """
    entry = bundle.manifest.get("preflight")
    ok = entry.get("ok") if isinstance(entry, dict) else None
    if not isinstance(ok, dict):
        return note("preflight.json could not be read: this bundle's manifest records no "
                    "preflight result")
    rows: list[list[Cell]] = []
    for pid in bundle.packets:
        findings = [r for r in bundle.ledger.rows
                    if r.category == "preflight" and pid in r.packets and r.status != "complete"]
        passed = ok.get(pid)
        result = (badge("not recorded") if passed is None
                  else badge("failed", "bad") if not passed
                  else badge("ok", "good") if not findings else badge("warnings", "warn"))
        rows.append([pid, result, f"{len(findings)} finding(s): see the ledger's preflight "
                                  "rows" if findings else None])
    return table(["Packet", "Result", "To look at"], rows)


def sha256_file(path: Path) -> str:
    """The sha256 of a file's bytes, as the manifest records it."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def form_context(route: Route, edition: str | None) -> dict[str, Any] | None:
    """The form item map for one edition, as templates read it (``form.items.X.number``)."""
    data = route.form_data()
    if data is None:
        return None
    edition = edition or data["default_edition"]

    def mark(status: str) -> str:
        return "" if status == "C" else "†"

    return {
        "form": data["form"],
        "title": data["title"],
        "omb": data.get("omb", ""),
        "edition": edition,
        "label": data["editions"][edition]["label"],
        "items": {
            key: {"number": item["numbers"][edition], "label": item["label"],
                  "status": item["status"], "mark": mark(item["status"])}
            for key, item in data["items"].items()
        },
        "follow_up_options": {
            key: {"label": opt["label"], "status": opt["status"], "mark": mark(opt["status"])}
            for key, opt in data.get("follow_up_options", {}).items()
        },
        "unverified_note": "† Not confirmed against the official form; check the wording "
        "on the official " + data["editions"][edition]["label"] + " before signing.",
    }


def template_context(case: Case, route: Route, packet: Packet, options: dict[str, str],
                     case_ns: Namespace) -> dict[str, Any]:
    """Everything a template of ``packet`` can name."""
    return {
        "case": case_ns,
        "attachments": attachments_by_kind(case_ns),
        **route_context(route, packet, options),
        "prepared_on": case.prepared_on,
    }


def route_context(route: Route, packet: Packet, options: dict[str, str]) -> dict[str, Any]:
    """What a template of ``packet`` gets from its route, whatever the case: ``route``,
    ``packet``, ``regulator``, ``form`` and ``options``."""
    language = route.locale(options).language
    return {
        "route": {"id": route.id, "title": route.title, "regulator": route.regulator.id,
                  "language": language, "country": route.spec.country},
        "packet": {"id": packet.id, "title": packet.title_in(language)},
        "regulator": route.regulator.model_dump(mode="json"),
        "form": form_context(route, options.get("form_edition")),
        "options": dict(options),
    }


def _active(case: Case, route: Route, opts: dict[str, str]) -> list[tuple[Packet, list[Part]]]:
    return [
        (packet, [p for p in packet.parts if holds(p.when, case, opts)])
        for packet in route.spec.packets
        if holds(packet.when, case, opts)
    ]


def _prepare_out(out_dir: Path) -> Path:
    """Check ``out_dir`` may be (re)placed; return a fresh hidden staging folder beside it.

    The staging folder is created readable by its owner only (``mkdtemp``), and its name
    carries this host and process, so a later build can tell a folder left by a killed
    build (its process is gone) from one another build is writing right now.
    """
    out_dir = out_dir.absolute()
    if out_dir.exists():
        if not out_dir.is_dir():
            raise OutputError(f"output path {out_dir} exists and is not a folder")
        _check_replaceable(out_dir)
    blocker = next((p for p in out_dir.parents if p.exists()), None)
    if blocker is not None and not blocker.is_dir():
        raise OutputError(f"cannot write in {out_dir.parent}: {blocker} is a file, not a "
                          "folder; choose a folder you can write to")
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        with _locked(out_dir.parent):
            _sweep_stale(out_dir)
        return Path(tempfile.mkdtemp(prefix=_stage_prefix(out_dir, "partial"),
                                     dir=out_dir.parent))
    except OSError as exc:
        raise OutputError(
            f"cannot write in {out_dir.parent}: {exc.strerror or exc}; choose a folder you "
            "can write to") from None


def _check_replaceable(out_dir: Path) -> None:
    if any(out_dir.iterdir()) and not (out_dir / "manifest.json").is_file():
        raise OutputError(
            f"output folder {out_dir} is not empty and is not an accesspack bundle; "
            "choose a new or empty folder"
        )


def _host_tag() -> str:
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


def _stage_prefix(out_dir: Path, what: str) -> str:
    return f".{out_dir.name}.{what}-{_host_tag()}-{os.getpid()}-"


def _sweep_stale(out_dir: Path) -> None:
    """Remove staging folders of ``out_dir`` left by builds on this host that were killed."""
    mine = re.compile(rf"^\.{re.escape(out_dir.name)}\.(partial|old)-{_host_tag()}-(\d+)-")
    for entry in os.scandir(out_dir.parent):
        m = mine.match(entry.name)
        if m and not _alive(int(m.group(2))):
            log.info("removing %s, left by a build that was stopped", entry.name)
            shutil.rmtree(entry.path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (flock on the folder itself: no lock file)."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    try:
        fn: Callable[..., int] = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    return fn


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False if unsupported."""
    fn = _renameat2()
    if fn is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _owner_only(stage: Path) -> None:
    """Make every file of the bundle readable and writable by its owner only."""
    for root, dirs, files in os.walk(stage):
        for d in dirs:
            os.chmod(os.path.join(root, d), 0o700)
        for f in files:
            os.chmod(os.path.join(root, f), 0o600)
    os.chmod(stage, 0o700)


def _publish(stage: Path, out_dir: Path) -> None:
    """Move the finished staging folder to ``out_dir`` (replacing an older bundle).

    Publishing holds a lock on the parent folder, so two builds into the same folder
    publish one after the other: the last one wins and neither is mixed with the other.
    An older bundle is swapped out in one atomic step where the system allows it, so
    ``out_dir`` always holds one complete bundle; elsewhere there is a moment when it is
    absent, never one when it is half written.
    """
    out_dir = out_dir.absolute()
    with _locked(out_dir.parent):
        if not out_dir.exists():
            os.replace(stage, out_dir)
            return
        _check_replaceable(out_dir)
        if _exchange(stage, out_dir):
            shutil.rmtree(stage, ignore_errors=True)  # it now holds the older bundle
            return
        old = Path(tempfile.mkdtemp(prefix=_stage_prefix(out_dir, "old"), dir=out_dir.parent))
        os.replace(out_dir, old / "bundle")
        os.replace(stage, out_dir)
        shutil.rmtree(old, ignore_errors=True)


#: errno values that mean "the output cannot be written", whatever file hit them
_WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG,
                           errno.EACCES, errno.EPERM})
_LOW_SPACE = 1 << 20


def _output_error(exc: BaseException, out: Path, stage: Path) -> OutputError | None:
    """The :class:`OutputError` that ``exc``, raised while building in ``stage``, amounts to.

    Writing fails with an ``OSError`` (disk full, read-only or unwritable folder). A full
    disk can also surface as a LibreOffice or PDF failure (a truncated file); then the
    disk's free space tells. ``None`` when ``exc`` is not about the output.
    """
    where = out.absolute().parent
    if isinstance(exc, OSError) and (
        exc.errno in _WRITE_ERRNOS
        or (exc.filename and str(exc.filename).startswith(str(stage)))
    ):
        return OutputError(
            f"cannot write the bundle in {where}: {exc.strerror or exc}; free some disk "
            "space or choose a folder you can write to (nothing was written)")
    if isinstance(exc, AccesspackError | OSError):
        with contextlib.suppress(OSError):
            free = shutil.disk_usage(where).free
            if free < _LOW_SPACE:
                return OutputError(
                    f"cannot write the bundle in {where}: the disk is full ({free // 1024} KB "
                    f"free) and the build stopped ({exc.__class__.__name__}); free some disk "
                    "space and build again (nothing was written)")
    return None


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
    rt = load_route(route)
    opts = rt.options(options)
    ledger = compute_ledger(case, rt, opts)
    failing = [r for r in ledger.rows  # a non-blocking rule (a practice) never refuses
               if r.category in ("applicability", "eligibility") and r.status == "not_met"
               and r.blocking]
    if failing:
        listing = "\n".join(f"  - {r.item}" for r in failing)
        raise NotEligibleError(
            f"case {case.case_id} does not qualify for route {rt.id}, so no packet is built "
            f"(not even a draft):\n{listing}\n`accesspack routes CASE` shows the routes it fits",
            failing,
        )
    if ledger.gaps and not draft:
        listing = "\n".join(f"  - {g.item} [{g.who}]: {g.question}" for g in ledger.gaps)
        raise IncompleteCaseError(
            f"case {case.case_id} lacks {len(ledger.gaps)} blocking item(s) for route {rt.id}; "
            f"supply them, or build with --draft:\n{listing}",
            ledger.gaps,
        )
    active = _active(case, rt, opts)
    checked = check_uploads(case, active)  # bounds: refused before anything is written
    out = Path(out_dir)
    stage = _prepare_out(out)
    log.info("building case %s on route %s%s", case.case_id, rt.id, " (draft)" if draft else "")
    try:
        bundle = _build_into(stage, case, rt, opts, ledger, draft, converter or default_converter(),
                             active, checked)
        _owner_only(stage)
        _publish(stage, out)
    except BaseException as exc:
        better = _output_error(exc, out, stage)  # before the clean-up frees the space
        shutil.rmtree(stage, ignore_errors=True)
        if better is not None:
            raise better from exc
        raise
    bundle.timings["total"] = time.perf_counter() - started
    return _relocate(bundle, stage, out.absolute())


def _relocate(bundle: Bundle, stage: Path, final: Path) -> Bundle:
    def move(p: Path) -> Path:
        return final / p.relative_to(stage)

    return Bundle(
        path=final, route=bundle.route, case_id=bundle.case_id, draft=bundle.draft,
        packets={k: move(v) for k, v in bundle.packets.items()},
        documents={k: move(v) for k, v in bundle.documents.items()},
        attachments={k: move(v) for k, v in bundle.attachments.items()},
        ledger=bundle.ledger, manifest=bundle.manifest, timings=bundle.timings,
    )


def _build_into(
    stage: Path, case: Case, route: Route, opts: dict[str, str], ledger: Ledger, draft: bool,
    converter: Converter, active: list[tuple[Packet, list[Part]]],
    checked: dict[str, CheckedUpload],
) -> Bundle:
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = timings.get(step, 0.0) + now - clock
        clock = now

    locale = route.locale(opts)
    # the case as templates see it, once per identity policy (a packet may set its own)
    views: dict[str, Namespace] = {}

    def case_view(packet: Packet) -> Namespace:
        identity = route.identity(packet)
        if identity not in views:
            views[identity] = case_context(case, locale.language, identity)[0]
        return views[identity]

    env = make_environment(locale.date_format, locale.language)
    page_size = PAGE_SIZES[locale.page_size]
    labels = labels_for(locale.language)
    lang = locale.language
    work = stage / ".work"
    (stage / "documents").mkdir()
    (stage / "attachments").mkdir()
    (work / "docx").mkdir(parents=True)
    (work / "pdf").mkdir()

    # 1. render each generated document once (a part shared by packets is rendered once)
    documents: dict[str, Path] = {}
    templates: dict[str, str] = {}
    for packet, parts in active:
        ctx = template_context(case, route, packet, opts, case_view(packet))
        for part in parts:
            if part.kind != "document" or part.id in documents:
                continue
            assert part.template is not None
            tpl = route.template_path(part.template, opts)
            dest = stage / "documents" / f"{part.id}.docx"
            render_docx(tpl, ctx, dest, env=env, stamp=case.prepared_on)
            documents[part.id] = dest
            templates[tpl.name] = sha256_file(tpl)

    lap("render")

    # 2. the uploads used by the active parts, in first-use order (checked by build())
    used: dict[str, Attachment] = {aid: c.attachment for aid, c in checked.items()}
    kinds = {aid: c.type for aid, c in checked.items()}

    # 3. one LibreOffice run for every DOCX: generated documents and uploaded ones
    to_convert: list[Path] = []
    for pid, docx in documents.items():
        copy = work / "docx" / f"doc-{pid}.docx"
        shutil.copyfile(docx, copy)
        to_convert.append(copy)
    for aid, kind in kinds.items():
        if kind == "docx":
            copy = work / "docx" / f"upload-{aid}.docx"
            shutil.copyfile(used[aid].path, copy)
            to_convert.append(copy)

    # 4. every upload becomes a clean PDF in attachments/; PDFs and images while
    # LibreOffice converts (it runs in its own process), uploaded DOCX after it
    attachments: dict[str, Path] = {
        aid: stage / "attachments" / f"{n:02d}-{aid}.pdf"
        for n, aid in enumerate(used, start=1)}
    normalised: dict[str, Normalised] = {}
    timings["normalise"] = 0.0

    def normalise(aid: str, source: Path) -> None:
        att, kind, dest = used[aid], kinds[aid], attachments[aid]
        label = checked[aid].label
        index = next((i for i, a in enumerate(case.attachments) if a is att), None)
        password = att.password.get_secret_value() if att.password is not None else None
        started = time.perf_counter()
        try:
            normalised[aid] = (
                image_to_pdf(source, dest, page_size, label) if kind in ("jpeg", "png", "tiff")
                else pdf_copy(source, dest, label, password=password,
                              field=None if index is None else f"attachments[{index}]"))
        except AttachmentError:
            raise
        except Exception as exc:  # a library failing on a broken file: name the attachment
            raise AttachmentError(
                f"{label} could not be read as {kind}: {exc.__class__.__name__}; "
                "check the file or replace it", attachment=aid,
            ) from None
        finally:
            timings["normalise"] += time.perf_counter() - started

    def convert() -> tuple[dict[str, Path], float]:
        started = time.perf_counter()
        pdfs = converter.convert(to_convert, work / "pdf") if to_convert else []
        return (dict(zip([p.stem for p in to_convert], pdfs, strict=True)),
                time.perf_counter() - started)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="accesspack-convert") as pool:
        conversion = pool.submit(convert)
        for aid, att in used.items():
            if kinds[aid] != "docx":
                normalise(aid, att.path)
        converted, timings["convert"] = conversion.result()
    for aid in used:
        if kinds[aid] == "docx":
            normalise(aid, converted[f"upload-{aid}"])
    inputs: list[dict[str, Any]] = [
        {"id": aid, "kind": att.kind, "type": kinds[aid], "pages": normalised[aid].pages,
         "sha256": sha256_file(att.path),
         **({"changes": list(normalised[aid].changes)} if normalised[aid].changes else {})}
        for aid, att in used.items()]
    ledger = with_rows(ledger, upload_change_rows(used, normalised))
    lap("convert+normalise")  # wall time of both; "convert" and "normalise" are their own

    # 5. collate each packet in the route's order
    # a generated document or an attachment is hashed once, however often it is listed
    digest = functools.cache(sha256_file)
    packets: dict[str, Path] = {}
    packet_entries: list[dict[str, Any]] = []
    for packet, parts in active:
        sections: list[Section] = []
        part_ids: list[str] = []
        sources: list[list[dict[str, Any]]] = []
        for part in parts:
            if part.kind == "toc":
                sections.append(Section(part.title_in(lang), (), is_toc=True))
                part_ids.append(part.id)
                sources.append([{"source": "generated:table-of-contents"}])
            elif part.kind == "document":
                pdf = converted[f"doc-{part.id}"]
                title = part.title_in(lang)
                sections.append(Section(title, (Document(title, pdf),)))
                part_ids.append(part.id)
                tpl_name = route.template_path(part.template or "", opts).name
                sources.append([{"source": f"template:{tpl_name}",
                                 "document": f"documents/{part.id}.docx",
                                 "sha256": digest(documents[part.id])}])
            else:
                atts = slot_attachments(case, part)
                if not atts:
                    continue
                sections.append(Section(part.title_in(lang), tuple(
                    Document(attachment_title(a, lang, case, locale.date_format),
                             attachments[a.id or ""]) for a in atts)))
                part_ids.append(part.id)
                sources.append([{"source": f"attachment:{a.id}",
                                 "file": f"attachments/{attachments[a.id or ''].name}",
                                 "sha256": digest(attachments[a.id or ""])} for a in atts])
        dest = stage / f"{case.case_id}-{packet.id}.pdf"
        ranges = collate(sections, dest, case_id=case.case_id, packet_title=packet.title_in(lang),
                         draft=draft, toc_page_size=page_size, labels=labels)
        packets[packet.id] = dest
        packet_entries.append(_packet_manifest(packet, lang, part_ids, ranges, sources, dest))

    lap("collate")

    # 6. preflight every packet as a publishing tool would; findings go to the ledger
    reports = {pid: preflight_packet(route, locale.page_size, path, entry)
               for (pid, path), entry in zip(packets.items(), packet_entries, strict=True)}
    ledger = with_rows(ledger, preflight_rows(route, reports))
    (stage / "preflight.json").write_text(json.dumps(
        {pid: r.as_data() for pid, r in reports.items()},
        indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    lap("preflight")

    # 7. the ledger and the manifest
    (stage / "ledger.json").write_text(ledger.to_json(), encoding="utf-8")
    (stage / "ledger.md").write_text(ledger.to_markdown(), encoding="utf-8")
    manifest = {
        "accesspack": __version__,
        "case_id": case.case_id,
        "prepared_on": case.prepared_on.isoformat(),
        "route": route.id,
        "route_files_sha256": route.files_digest(),
        "options": opts,
        "draft": draft,
        "ready": ledger.ready,
        "inputs": {
            "case_sha256": case_digest(case),
            "attachments": inputs,
        },
        "templates": [{"name": k, "sha256": v} for k, v in sorted(templates.items())],
        "packets": packet_entries,
        "documents": [{"file": f"documents/{p.name}", "sha256": digest(p)}
                      for p in documents.values()],
        "attachments": [{"file": f"attachments/{p.name}", "sha256": digest(p)}
                        for p in attachments.values()],
        "ledger": [{"file": name, "sha256": sha256_file(stage / name)}
                   for name in ("ledger.json", "ledger.md")],
        "preflight": {"file": "preflight.json", "sha256": sha256_file(stage / "preflight.json"),
                      "ok": {pid: r.ok for pid, r in reports.items()}},
    }
    (stage / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    shutil.rmtree(work)
    return Bundle(path=stage, route=route.id, case_id=case.case_id, draft=draft,
                  packets=packets, documents=documents, attachments=attachments,
                  ledger=ledger, manifest=manifest, timings=timings)


def _packet_manifest(packet: Packet, lang: str, part_ids: list[str], ranges: list[PageRange],
                     sources: list[list[dict[str, Any]]], dest: Path) -> dict[str, Any]:
    entries = []
    for pid, rng, src in zip(part_ids, ranges, sources, strict=True):
        docs = rng.children or (rng,)
        entries.append({
            "id": pid, "title": rng.title, "pages": [rng.first, rng.last],
            "documents": [{"title": d.title, "pages": [d.first, d.last], **s}
                          for d, s in zip(docs, src, strict=True)],
        })
    return {"id": packet.id, "title": packet.title_in(lang), "audience": packet.audience,
            "file": dest.name, "sha256": sha256_file(dest),
            "pages": ranges[-1].last if ranges else 0, "parts": entries}


def upload_change_rows(used: dict[str, Attachment],
                       normalised: dict[str, Normalised]) -> list[LedgerRow]:
    """One ledger notice per upload whose packet copy differs from it (repaired, decrypted,
    scripts removed, fields flattened): the physician checks the copy shows the same."""
    return [
        LedgerRow(id=f"upload-{aid}-changed", category="notice",
                  item=f"attachment {aid} ({att.kind}): " + "; ".join(normalised[aid].changes),
                  status="info", blocking=False, who="physician",
                  question="Check the packet copy still shows what the original does")
        for aid, att in used.items() if normalised[aid].changes
    ]


def preflight_packet(route: Route, page_size: str, path: Path,
                     entry: dict[str, Any]) -> PreflightReport:
    """Preflight one packet against its regulator's profile: the route's paper size, the
    regulator's size limit, a bookmark per part."""
    spec = route.regulator.preflight
    limit = spec.max_packet_size
    cite = route.citation(limit.citation) if limit else None
    return preflight(
        path, page_size="a4" if page_size == "a4" else "letter",
        max_bytes=int(limit.megabytes * 1_000_000) if limit else None,
        size_limit_verified=bool(cite and cite.verified),
        bookmarks=[part["title"] for part in entry["parts"]], profile=spec.profile)


def preflight_rows(route: Route, reports: dict[str, PreflightReport]) -> list[LedgerRow]:
    """One ledger row per packet that passes, and one per check that warns or fails.

    Failures are ``not_met`` and warnings ``to_verify``; neither blocks the build (the
    packet exists; the row says what to fix before sending it). Rows cite the regulator's
    PDF rules, where its profile has them (the generic profile cites nothing).
    """
    spec = route.regulator.preflight
    rules = route.citation(spec.citation)
    rows: list[LedgerRow] = []
    for pid, report in reports.items():
        flagged = [c for c in report.checks if c.status != "pass"]
        if not flagged:
            rows.append(LedgerRow(
                id=f"preflight-{pid}", category="preflight", status="complete",
                blocking=False, packets=(pid,),
                item=f"packet {report.file} passes preflight ({len(report.checks)} checks)",
                **citing(rules)))
        for check in flagged:
            size = check.id == "file_size"
            cite = (route.citation(spec.max_packet_size.citation)
                    if size and spec.max_packet_size else rules)
            rows.append(LedgerRow(
                id=f"preflight-{pid}-{check.id}", category="preflight",
                status="not_met" if check.status == "fail" else "to_verify",
                blocking=False, packets=(pid,), who="physician",
                item=f"preflight of {report.file}: {check.title}", question=check.detail,
                **citing(cite)))
    return rows


def case_digest(case: Case) -> str:
    """sha256 of the case's content (attachment paths left out: they are machine-specific)."""
    data = case.model_dump(mode="json", exclude={"attachments": {"__all__": {"path"}}})
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def validate(case: Case, route: str | Route, *, options: dict[str, str] | None = None) -> Ledger:
    """The ledger of ``case`` on ``route``, without building anything."""
    return compute_ledger(case, load_route(route), options)
