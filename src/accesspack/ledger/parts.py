"""Rows for what the packets hold: the case fields each active part needs, each part's
documents, free text missing in the packet's language, uploads whose fonts stay
unembedded in the packet (from :func:`accesspack.uploads.read_uploads`), uploads
without a translation, and documents the patient reads that are not yet in the patient's
language."""

from __future__ import annotations

from collections.abc import Sequence

from ..buildplan import BuildPlan, PlannedPart
from ..languages import cldr_locale, same_language
from ..model import Attachment
from ..render.context import MissingText
from ..render.worksheet import FilledWorksheet
from ..routes.conditions import answered, every_item_answers
from ..routes.spec import Need
from ..uploads import UploadReading
from .model import LedgerRow, Status
from .rows import Rows


def need_row(b: Rows, need: str | Need, packet: str) -> None:
    n = need if isinstance(need, Need) else Need(field=need)
    if not b.holds(n.when):
        return
    reg = b.route.fields.get(n.field)
    present = answered(b.case, n.field) and every_item_answers(b.case, n.field)
    blocking = n.blocking if n.blocking is not None else (reg.blocking if reg else True)
    b.add(LedgerRow(
        id=f"field:{n.field}", category="field", item=f"case field {n.field}",
        status="complete" if present else "missing", blocking=blocking,
        who=n.who or (reg.who if reg else "physician"),
        question=n.question or (reg.question if reg else None),
        packets=(packet,), **b.cite(n.citation or (reg.citation if reg else None)),
    ))


def part_rows(b: Rows, planned: PlannedPart, packet: str, active_elsewhere: bool = False) -> None:
    """An inactive part is not applicable (unless the same part is active in another
    packet: a draft kept on file that the IRB packet holds only without an upload); an
    active one's needs, and for an attachment slot with a minimum, whether the case has
    enough uploads."""
    part = planned.part
    if not planned.active and active_elsewhere:
        return
    if not planned.active:
        b.add(LedgerRow(
            id=f"part:{part.id}", category="document", item=part.title_in("en"),
            status="not_applicable", blocking=False, packets=(packet,),
            **b.cite(part.citation),
        ))
        return
    for need in part.needs:
        need_row(b, need, packet)
    if part.kind != "attachments" or part.min == 0:
        return
    kinds = part.attachments or []
    have = sum(1 for a in b.case.attachments if a.kind in kinds)
    status: Status = "complete" if have >= part.min else part.missing_status
    b.add(LedgerRow(
        id=f"part:{part.id}", category="document",
        item=f"{part.title_in('en')} ({', '.join(kinds)}: {have} of at least {part.min})",
        status=status, blocking=part.blocking, who=part.who,
        question=part.question or f"Attach {part.title_in('en').lower()}.",
        packets=(packet,), **b.cite(part.citation),
    ))


def packet_rows(b: Rows, plan: BuildPlan) -> list[Attachment]:
    """The rows of every part of every packet the plan builds; returns the uploads the
    packets collate (in order, once per slot that collates them)."""
    collated: list[Attachment] = []
    active = {p.part.id for packet in plan.packets for p in packet.all_parts if p.active}
    for packet in plan.packets:
        for part in packet.all_parts:
            part_rows(b, part, packet.id, part.part.id in active)
            if part.worksheet is not None:
                worksheet_rows(b, part.worksheet, packet.id)
            if part.kind == "attachments" and part.active:
                collated += plan.slot(part)
    return collated


def worksheet_rows(b: Rows, filled: FilledWorksheet, packet: str) -> None:
    """A row per portal field the case gives no value for (or no value the portal offers
    an option for): blocking when the field is required, citing the worksheet's source."""
    worksheet = filled.worksheet
    for f in filled.fields:
        if not f.missing:
            continue
        field = f.field
        reg = b.route.fields.get(field.value) if field.value else None
        where = f" ({f.source})" if f.source else ""
        question = field.question or (reg.question if reg else None) or (
            f"What is to be entered in the portal's field “{field.label}”? Record it in the "
            f"case{where}.")
        b.add(LedgerRow(
            id=f"worksheet:{filled.part_id}:{f.number}", category="field",
            item=f"{worksheet.portal}, field {f.number} “{field.label}”{where}: {f.problem}",
            status="missing", blocking=field.required, who=field.who, question=question,
            packets=(packet,), **b.cite(worksheet.citation),
        ))


def missing_text_rows(b: Rows, missing: Sequence[MissingText]) -> None:
    for miss in missing:
        b.add(LedgerRow(
            id=f"translation:{miss.field}:{miss.language}", category="translation",
            item=f"{miss.field} has no {miss.language} text", status="missing", blocking=True,
            who="physician", question=f"Add the {miss.language} variant of {miss.field}.",
        ))


def font_rows(b: Rows, readings: Sequence[UploadReading]) -> None:
    """Flag uploaded PDFs with fonts the packet copy cannot embed (no metric-compatible
    font for them), where the regulator needs fonts embedded. Fonts the copy embeds are
    not flagged: the build records that change as a notice."""
    key = b.route.regulator.embedded_fonts
    if key is None:
        return
    for upload in readings:
        missing = upload.fonts_not_embedded
        if missing:
            b.add(LedgerRow(
                id=f"upload:{upload.id}:fonts", category="document",
                item=f"attachment {upload.id}: fonts not embedded ({', '.join(missing[:5])})",
                status="missing", blocking=False, who="physician",
                question="Replace it with a copy whose fonts are embedded (export or print "
                         "to PDF/A); accesspack has no metric-compatible font to embed for "
                         "these, so the packet carries them unembedded.",
                **b.cite(key),
            ))


def translation_rows(b: Rows, collated: list[Attachment], language: str) -> None:
    """Flag collated uploads in another language that no translation accompanies."""
    key = b.route.regulator.translations
    if key is None:
        return
    for att in collated:
        if att.kind == "translation" or att.language == language:
            continue
        if any(t.kind == "translation" and t.translates == att.id and t.language == language
               for t in b.case.attachments):
            continue
        b.add(LedgerRow(
            id=f"upload:{att.id}:translation", category="translation",
            item=f"attachment {att.id} ({att.kind}) is in {att.language}, with no "
                 f"{language} translation",
            status="missing", blocking=False, who="physician",
            question=f"Attach a {language} translation of {att.id}: kind translation, "
                     f"language {language}, translates {att.id} (it is collated right "
                     "after the original).",
            **b.cite(key),
        ))


def patient_language_rows(b: Rows, plan: BuildPlan) -> None:
    """Ask for each active document the patient reads (a part with ``patient_copy``) in
    the patient's language, where that is not the packet's: until the case has an upload
    of one of the part's kinds in that language, or a translation into it of one.
    Languages match by base code (:func:`same_language`): a consent document in ``es-MX``
    serves a patient who reads ``es``."""
    wanted = b.case.patient.language
    if same_language(wanted, plan.locale.language):
        return
    uploads = b.case.attachments
    written, reads = language_name(plan.locale.language), language_name(wanted)
    for packet in plan.packets:
        for planned in packet.all_parts:
            part, copy = planned.part, planned.part.patient_copy
            if copy is None or not planned.active:
                continue
            originals = {a.id for a in uploads if a.kind in copy.kinds}
            if any(same_language(a.language, wanted) and (a.kind in copy.kinds or (
                    a.kind == "translation" and a.translates in originals)) for a in uploads):
                continue
            kinds = " or ".join(copy.kinds)
            b.add(LedgerRow(
                id=f"translation:{part.id}:{wanted}", category="translation",
                item=f"{part.title_in('en')}: written in {written}; the patient reads "
                     f"{reads} (patient.language)",
                status="missing", blocking=False, who="physician",
                question=f"Have its final text translated into {reads} and attach the "
                         f"translation: kind {kinds} with language {wanted}, or kind "
                         f"translation, language {wanted}, translating the uploaded {kinds}."
                         + (f" {copy.note}" if copy.note else ""),
                packets=(packet.id,), **b.cite(copy.citation),
            ))


def language_name(code: str) -> str:
    """``es`` as "Spanish (es)": the language's English name (CLDR) and its code."""
    name = cldr_locale("en").languages.get(code.replace("-", "_")) or cldr_locale(
        "en").languages.get(code.split("-")[0])
    return f"{name} ({code})" if name else code
