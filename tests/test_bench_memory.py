"""benchmarks/memory.py: the peak of a process tree's summed memory, sampled.

These tests start processes that hold memory for a moment (slow); the bench's tables are
tested in tests/test_benchmarks.py.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from benchmarks.memory import TreePeaks, tree, tree_rss_kb

# A child holds `first` MB while a grandchild it starts holds `second` MB (together), or
# frees them before the grandchild starts (one after the other).
_CHILD = r"""
import subprocess, sys, time
first, second, together = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1"
held = bytearray(first * 1024 * 1024)
held[::4096] = b"x" * len(held[::4096])  # touch every page: resident
time.sleep(0.4)
if not together:
    del held
    time.sleep(0.3)
subprocess.run([sys.executable, "-c", (
    "import time\n"
    f"held = bytearray({second} * 1024 * 1024)\n"
    "held[::4096] = b'x' * len(held[::4096])\n"
    "print('ready', flush=True)\n"
    "time.sleep(0.6)\n")], check=True, stdout=subprocess.DEVNULL)
"""


def _sampled(first: int, second: int, together: bool) -> tuple[float, int, list[str]]:
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(first), str(second),
                              "1" if together else "0"])
    with TreePeaks(lambda: [child.pid]) as peaks:
        assert child.wait(timeout=60) == 0
    peak = peaks.peaks[child.pid]
    return peak.mb, peak.samples, [name for name, _ in peak.parts]


@pytest.mark.slow
def test_the_sum_of_a_tree_is_sampled_at_one_moment() -> None:
    mb, samples, names = _sampled(80, 60, together=True)
    assert samples >= 10  # every 50 ms over more than a second
    assert mb >= 140  # both held at once: the child's 80 MB and the grandchild's 60 MB
    assert len(names) == 2


@pytest.mark.slow
def test_peaks_at_different_moments_are_not_summed() -> None:
    # each one's own peak sums to 160 MB and more; never more than ~80 MB plus two
    # interpreters were resident at one moment
    mb, _, _ = _sampled(80, 80, together=False)
    assert 80 <= mb < 135


@pytest.mark.slow
def test_a_tree_is_the_process_and_everything_below_it() -> None:
    with subprocess.Popen([sys.executable, "-c",
                           "import subprocess, sys; subprocess.run(['sleep', '2'])"]) as child:
        for _ in range(100):
            found = tree(child.pid)
            if len(found) == 2:
                break
            subprocess.run(["sleep", "0.05"], check=True)
        assert found[0] == child.pid and len(found) == 2
        rss = tree_rss_kb(child.pid)
        assert set(rss) == set(found) and all(kb > 0 for kb in rss.values())
        child.kill()
    assert tree_rss_kb(child.pid) == {child.pid: 0}  # gone: nothing resident, no error


@pytest.mark.slow
def test_a_fork_that_has_not_called_exec_is_its_parents_memory() -> None:
    # the forked copy would double the parent's resident memory in the sum
    code = ("import os, time\nheld = bytearray(50 * 1024 * 1024)\nheld[::4096] = b'x' * "
            "len(held[::4096])\nif os.fork() == 0:\n    time.sleep(3)\n    os._exit(0)\n"
            "os.wait()\n")
    with subprocess.Popen([sys.executable, "-c", code]) as child:
        for _ in range(100):
            if len(tree(child.pid)) == 2:
                break
            subprocess.run(["sleep", "0.05"], check=True)
        found = tree(child.pid)
        rss = tree_rss_kb(child.pid)
        child.kill()
        for pid in found[1:]:
            os.kill(pid, signal.SIGKILL)
    assert len(found) == 2
    assert list(rss) == [child.pid] and rss[child.pid] > 50 * 1024
