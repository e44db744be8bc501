"""Was the machine running anything else while a measurement ran?

:class:`Watch` samples ``/proc`` every half second in a thread while a measurement runs:
the processes of the bench (this process and every descendant it saw, kept once seen, so
a LibreOffice orphaned when its worker exits stays ours) and the others. It reports the
CPU seconds the OTHER processes used in that window and the load average before and
after. A process of another user that starts and ends between two samples is missed,
so the figure is a floor; the kernel's own threads count as others.

The machine is called quiet when the others used under :data:`QUIET_SHARE` of one core
on average (a background of kernel threads stays well under it). On a virtual machine
the host can also take the CPUs away (``steal`` in ``/proc/stat``): that time is
reported too, and counts as the others'.

:func:`busy_seconds` is the CPU time the whole machine spent working (not idle, not
waiting for the disk) since boot: the difference over a window, divided by the window,
is how many cores were kept busy.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import NamedTuple

__all__ = ["QUIET_SHARE", "Activity", "Proc", "Watch", "busy_seconds", "descendants",
           "other_cpu", "snapshot", "steal_seconds"]

#: Others' CPU, as a share of one core over the window, under which the machine is quiet.
QUIET_SHARE = 0.10
_INTERVAL = 0.5
_HZ = os.sysconf("SC_CLK_TCK")


def _cpu_line() -> list[int]:
    # /proc/stat "cpu" line: user nice system idle iowait irq softirq steal guest guest_nice
    return [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]


def busy_seconds() -> float:
    """CPU seconds the machine's cores worked since boot (user, nice, system, irq,
    softirq; not idle, iowait or steal)."""
    v = _cpu_line()
    return (v[0] + v[1] + v[2] + v[5] + v[6]) / _HZ


def steal_seconds() -> float:
    """CPU seconds the host took from this virtual machine since boot (0 on bare metal)."""
    v = _cpu_line()
    return v[7] / _HZ if len(v) > 7 else 0.0


class Proc(NamedTuple):
    """One process as ``/proc/<pid>/stat`` shows it (CPU and start in clock ticks)."""

    pid: int
    ppid: int
    start: int
    name: str
    cpu: int


Key = tuple[int, int]  # (pid, start): a pid is reused, the pair is not
Snapshot = Mapping[Key, Proc]


def _read(entry: str) -> Proc | None:
    try:
        text = Path("/proc", entry, "stat").read_text()
    except OSError:
        return None
    name = text[text.index("(") + 1:text.rindex(")")]
    rest = text[text.rindex(")") + 2:].split()
    # rest[0] is field 3 (state): ppid is field 4, utime 14, stime 15, starttime 22
    return Proc(int(entry), int(rest[1]), int(rest[19]), name, int(rest[11]) + int(rest[12]))


def snapshot() -> dict[Key, Proc]:
    """Every process now running."""
    procs = (_read(e) for e in os.listdir("/proc") if e.isdigit())
    return {(p.pid, p.start): p for p in procs if p is not None}


def descendants(snap: Snapshot, roots: Iterable[Key]) -> set[Key]:
    """``roots`` and every process of ``snap`` below one of them."""
    children: dict[int, list[Proc]] = {}
    for proc in snap.values():
        children.setdefault(proc.ppid, []).append(proc)
    found = set(roots)
    todo = [pid for pid, _ in found]
    while todo:
        for child in children.get(todo.pop(), []):
            key = (child.pid, child.start)
            if key not in found:
                found.add(key)
                todo.append(child.pid)
    return found


def other_cpu(first: Snapshot, last: Snapshot, ours: set[Key],
              since: int) -> dict[str, int]:
    """Clock ticks used between ``first`` and ``last`` by the processes not in ``ours``,
    summed by name. A process absent from ``first`` counts from zero if it started after
    ``since`` (ticks after boot), else from its CPU when first seen in ``last`` (nothing)."""
    used: dict[str, int] = {}
    for key, proc in last.items():
        if key in ours:
            continue
        before = first.get(key)
        base = before.cpu if before else (0 if proc.start >= since else proc.cpu)
        if proc.cpu > base:
            used[proc.name] = used.get(proc.name, 0) + proc.cpu - base
    return used


@dataclass(frozen=True)
class Activity:
    """What else ran during one measurement."""

    seconds: float
    other_cpu_seconds: float
    top: tuple[tuple[str, float], ...]  #: the others that used the most, CPU seconds
    load_before: float
    load_after: float
    steal_seconds: float = 0.0  #: CPU time the host took from this machine meanwhile

    @property
    def share(self) -> float:
        """The others' CPU (the host's steal included) as a share of one core over the
        window."""
        used = self.other_cpu_seconds + self.steal_seconds
        return used / self.seconds if self.seconds else 0.0

    @property
    def quiet(self) -> bool:
        return self.share < QUIET_SHARE

    def describe(self) -> str:
        tops = ", ".join(f"{name} {sec:.1f} s" for name, sec in self.top) or "none"
        verdict = "quiet" if self.quiet else "NOT quiet"
        return (f"{verdict}: other processes used {self.other_cpu_seconds:.1f} CPU s in "
                f"{self.seconds:.0f} s, the host took {self.steal_seconds:.1f} CPU s "
                f"({self.share:.0%} of one core in all; most: {tops}); "
                f"load average {self.load_before:.2f} before, {self.load_after:.2f} after")


class Watch:
    """``with Watch() as w: ...`` then ``w.activity``."""

    def __init__(self) -> None:
        self.activity: Activity | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._ours: set[Key] = set()
        self._first: dict[Key, Proc] = {}
        self._last: dict[Key, Proc] = {}

    def _look(self) -> None:
        snap = snapshot()
        me = next(k for k in snap if k[0] == os.getpid())
        self._ours |= descendants(snap, self._ours | {me})
        self._last.update(snap)  # a process that ended keeps its last sample

    def _sample(self) -> None:
        while not self._stop.wait(_INTERVAL):
            self._look()

    def __enter__(self) -> Watch:
        self._load = os.getloadavg()[0]
        self._since = int(float(Path("/proc/uptime").read_text().split()[0]) * _HZ)
        self._started = time.perf_counter()
        self._steal = steal_seconds()
        self._first = snapshot()
        self._look()
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._stop.set()
        self._thread.join()
        self._look()
        used = other_cpu(self._first, self._last, self._ours, self._since)
        top = sorted(used.items(), key=lambda item: -item[1])[:3]
        self.activity = Activity(
            seconds=time.perf_counter() - self._started,
            other_cpu_seconds=sum(used.values()) / _HZ,
            top=tuple((name, ticks / _HZ) for name, ticks in top),
            load_before=self._load, load_after=os.getloadavg()[0],
            steal_seconds=steal_seconds() - self._steal)
