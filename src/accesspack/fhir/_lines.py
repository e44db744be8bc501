"""Cancer-related medications grouped into treatment lines, each saying how it was formed.

The rules, in order (each line's report rows name the rule and the resources):

1. **One regimen, one start.** Medications started on the same day (or in the same month when
   only the month is known) are one regimen; when requests carry a ``groupIdentifier`` (or a
   ``basedOn`` plan), only those of the same group are. Two records of one drug with the same
   start are one episode recorded twice (e.g. an ``active`` and a later ``stopped``
   statement).
2. **Cycles of one regimen.** A regimen repeated with the same drugs, each repetition a
   record without an end (one request per cycle, as Synthea writes them) and starting at
   most :data:`CYCLE_GAP_DAYS` days after the one before, continues the same line; so do
   the records of one ``groupIdentifier`` or plan.
3. **Anything else is another line.** The same drug at another time (another start, an
   episode with its own end, or after a record that gives a stop reason) starts a new line,
   never merged into the earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ..model.dates import Month, history_key
from ._read import as_data

if TYPE_CHECKING:
    from ._out import Out
    from ._read import Entry

#: The most days between two cycles of one regimen written as one record per cycle (a
#: 6-weekly schedule is the longest common one).
CYCLE_GAP_DAYS = 42


@dataclass
class Med:
    """One cancer-related medication, before medications are grouped into lines."""

    entry: Entry
    name: str
    dose: str | None
    start: date | Month
    end: date | Month | None
    reasons: list[str] = field(default_factory=list)
    intent: str | None = None
    drug: str = ""  # the drug's identity: its RxNorm code, else its name in lower case
    active: bool = False
    group: str | None = None  # groupIdentifier or basedOn: one regimen

    def __post_init__(self) -> None:
        self.drug = self.drug or self.name.lower()


@dataclass
class _Line:
    sets: list[list[Med]]
    rule: str = ""

    @property
    def meds(self) -> list[Med]:
        return [m for s in self.sets for m in s]

    @property
    def drugs(self) -> frozenset[str]:
        return frozenset(m.drug for m in self.sets[0])


def _gap(a: date | Month, b: date | Month) -> int | None:
    if isinstance(a, date) and isinstance(b, date):
        return (b - a).days
    return None


def _continues(line: _Line, regimen: list[Med]) -> bool:
    """Whether ``regimen`` is a further cycle of ``line`` (rule 2)."""
    last = line.sets[-1]
    group = regimen[0].group
    if group is not None and group == last[0].group:
        return True
    if group is not None or last[0].group is not None:
        return False
    if frozenset(m.drug for m in regimen) != line.drugs:
        return False
    if any(m.end is not None or m.reasons for m in [*last, *regimen]):
        return False
    gap = _gap(last[0].start, regimen[0].start)
    return gap is not None and 0 < gap <= CYCLE_GAP_DAYS


def _regimens(meds: list[Med]) -> list[list[Med]]:
    """Rule 1: the medications grouped by start (and group), in date order."""
    out: dict[tuple[tuple[int, int, int], str], list[Med]] = {}
    for m in sorted(meds, key=lambda m: history_key(m.start)):
        out.setdefault((history_key(m.start), m.group or ""), []).append(m)
    return list(out.values())


def _rule(line: _Line, earlier: dict[str, int], number: int) -> str:
    first = line.sets[0]
    when = as_data(first[0].start)
    n = len(line.meds)
    if len(line.sets) > 1:
        how = ("one groupIdentifier or basedOn" if first[0].group else
               f"one record per cycle, each within {CYCLE_GAP_DAYS} days of the one before")
        text = (f"line {number}: {len(line.sets)} cycles of one regimen from {when} to "
                f"{as_data(line.sets[-1][0].start)} ({how})")
    elif n > 1:
        twice = " (a drug recorded twice: one episode)" if len({m.drug for m in first}) < n \
            else ""
        text = f"line {number}: {n} records started together on {when}, one regimen{twice}"
    else:
        text = f"line {number}: one record started on {when}"
    again = sorted({earlier[m.drug] for m in first if m.drug in earlier})
    if again:
        text += (f"; the same drug as line {', '.join(map(str, again))} at another time: "
                 "another episode, not merged")
    return text


def group_lines(meds: list[Med]) -> list[_Line]:
    """The lines, numbered by their first start (a month before the days in it)."""
    lines: list[_Line] = []
    for regimen in _regimens(meds):
        line = next((x for x in reversed(lines) if _continues(x, regimen)), None)
        if line is None:
            lines.append(_Line([regimen]))
        else:
            line.sets.append(regimen)
    earlier: dict[str, int] = {}
    for number, line in enumerate(lines, 1):
        line.rule = _rule(line, earlier, number)
        for m in line.meds:
            earlier.setdefault(m.drug, number)
    return lines


def add_lines(out: Out, meds: list[Med], intents: dict[str, str]) -> None:
    """Add ``meds`` to ``out`` as ``prior_treatments``; ``intents`` maps an intent as FHIR
    gives it (a SNOMED code, a display) to the case's intent."""
    for number, line in enumerate(group_lines(meds), 1):
        group = line.meds
        agents: list[str] = []
        parts: list[str] = []
        for m in group:
            if m.name.lower() not in (a.lower() for a in agents):
                agents.append(m.name)
                parts.append(f"{m.name} {m.dose}" if m.dose else m.name)
        item: dict[str, Any] = {"line": number}
        given = next((m for m in group if m.intent), None)
        if given is not None and given.intent is not None:
            intent = intents.get(given.intent)
            if intent is not None:
                item["intent"] = intent
            else:
                out.warn(f"not imported: {given.entry.ref} treatment intent {given.intent!r} "
                         f"(not one of mCODE's: {', '.join(sorted(set(intents.values())))})")
        item |= {"regimen": " + ".join(parts), "agents": agents,
                 "started_on": as_data(line.sets[0][0].start)}
        ends = [m.end for m in group]
        ended = "effectivePeriod.end / dispenseRequest.validityPeriod.end"
        if all(e is not None for e in ends):
            item["ended_on"] = as_data(max((e for e in ends if e is not None), key=history_key))
        elif len(line.sets) > 1 and not any(m.active for m in group):
            item["ended_on"] = as_data(line.sets[-1][0].start)
            ended = "(the last cycle's start: every record stopped or completed)"
        reasons = list(dict.fromkeys(r for m in group for r in m.reasons))
        if reasons:
            item["reason_stopped"] = "; ".join(reasons)
        i = out.add("prior_treatments", item, group[0].entry, {
            "intent": "extension(mcode-treatment-intent / mcode-procedure-intent)",
            "started_on": "effective[x] / dosage.timing.repeat.boundsPeriod / "
                          "dispenseRequest / authoredOn",
            "ended_on": ended,
            "reason_stopped": "statusReason / extension(termination reason)"})
        for m in group:
            out.cite(f"prior_treatments[{i}].line", m.entry, f"(grouped into {line.rule})", number)
            out.cite(f"prior_treatments[{i}].agents", m.entry, "medication[x]", m.name)
            out.cite(f"prior_treatments[{i}].regimen", m.entry, "medication[x], dosage.text",
                     f"{m.name} {m.dose or ''}".strip())
