"""The resident memory of a process and every process below it, summed at one moment.

A batch worker's memory is its Python, the LibreOffice it keeps and the processes it runs
for a case (Tesseract under OCR). Each one's own peak (``VmHWM``, ``ru_maxrss``) comes
at a different moment, so their sum is an upper bound. :class:`TreePeaks` samples, every
:data:`INTERVAL` seconds in a thread, the resident memory of each root process and all its
descendants (``/proc/<pid>/task/*/children``, followed down) at the same moment, and keeps
the largest sum per root, with what it was made of. A peak shorter than the interval can
be missed: the sampled peak is a floor, the sum of the peaks a ceiling.

A descendant that has not yet called exec (``PF_FORKNOEXEC``: Python's subprocess between
its fork or vfork and the exec of Tesseract or LibreOffice) is its parent's memory seen a
second time (a vfork child shares it), so it is not counted; the largest sum, picked among
many samples, would otherwise be one that caught such a moment. A child forked to work
without exec (a fork-started multiprocessing pool) would be left out too: none runs in a
batch worker.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

__all__ = ["INTERVAL", "TreePeak", "TreePeaks", "tree", "tree_rss_kb"]

INTERVAL = 0.05  #: seconds between two samples
_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
_PF_FORKNOEXEC = 0x40  # include/linux/sched.h: forked but did not exec


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            found += map(int, Path(f"/proc/{pid}/task/{task}/children").read_text().split())
        except OSError:
            continue
    return found


def tree(pid: int) -> list[int]:
    """``pid`` and every process below it, parents first."""
    found, todo = [pid], [pid]
    while todo:
        for child in _children(todo.pop()):
            if child not in found:
                found.append(child)
                todo.append(child)
    return found


def _rss_kb(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE_KB
    except (OSError, IndexError, ValueError):  # ended between the look and the read
        return 0


def _not_exec(pid: int) -> bool:
    """Whether ``pid`` is a fork that has not called exec yet (``/proc/<pid>/stat``'s
    flags, its 9th field)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
        return bool(int(text[text.rindex(")") + 2:].split()[6]) & _PF_FORKNOEXEC)
    except (OSError, IndexError, ValueError):
        return False


def _name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "?"


def tree_rss_kb(pid: int) -> dict[int, int]:
    """Resident memory (kB) of ``pid`` and of each process below it, read now, but for
    a descendant that has not called exec yet (its parent's memory: see above)."""
    return {p: _rss_kb(p) for p in tree(pid) if p == pid or not _not_exec(p)}


@dataclass
class TreePeak:
    """The largest sum sampled for one root: its MB and, at that moment, each process's
    name and MB (largest first)."""

    mb: float = 0.0
    parts: tuple[tuple[str, float], ...] = ()
    samples: int = 0

    def describe(self) -> str:
        return ", ".join(f"{name} {mb:.0f} MB" for name, mb in self.parts)


@dataclass
class TreePeaks:
    """``with TreePeaks(roots) as peaks: ...`` then ``peaks.peaks[pid]``.

    ``roots`` is called at each sample (a pool starts its workers when work comes), and
    returns the pids whose trees are summed, each on its own.
    """

    roots: Callable[[], Iterable[int]]
    interval: float = INTERVAL
    peaks: dict[int, TreePeak] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def sample(self) -> None:
        """Read every root's tree once, and keep each root's sum if it is its largest."""
        for root in list(self.roots()):
            rss = tree_rss_kb(root)
            if not rss.get(root):  # the root itself has ended
                continue
            peak = self.peaks.setdefault(root, TreePeak())
            peak.samples += 1
            total = sum(rss.values()) / 1024
            if total > peak.mb:
                parts = sorted(((_name(p), kb / 1024) for p, kb in rss.items() if kb),
                               key=lambda part: -part[1])
                peak.mb, peak.parts = total, tuple(parts)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def largest(self) -> TreePeak:
        """The root whose sampled sum was the largest (an empty peak when none was seen)."""
        return max(self.peaks.values(), key=lambda p: p.mb, default=TreePeak())

    def __enter__(self) -> TreePeaks:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
