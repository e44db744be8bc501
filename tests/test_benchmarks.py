"""The bench's own pure parts: its table, the README's copy, verdicts, the quiet watch.

Nothing here times anything or starts a process.
"""

from __future__ import annotations

import pytest
from benchmarks.batching import Batch, BatchRun
from benchmarks.quiet import Activity, Proc, descendants, other_cpu
from benchmarks.report import HEAD, Row, median_spread, replace_table, table_lines
from benchmarks.single import CliBuild, Reference, Single, WarmBuild

README = """# accesspack

`make bench` measures:

| Goal | Measured | Reference (same run) | Ratio | Target | Met |
|---|---|---|---|---|---|
| Old | 1 s | | | | yes |
| Older | 2 s | | | | no |

Measured on a machine (notes by hand).
"""


def test_replace_table_swaps_only_the_table() -> None:
    table = table_lines([Row("New", "3 s", "qpdf 1 s", "3.00x", "≤ 2x", False)])
    out = replace_table(README, table)
    assert "| Old |" not in out and "| Older |" not in out
    assert "| New | 3 s | qpdf 1 s | 3.00x | ≤ 2x | **no** |" in out
    assert out.startswith("# accesspack\n\n`make bench` measures:\n\n| Goal |")
    assert out.endswith("|\n\nMeasured on a machine (notes by hand).\n")


def test_replace_table_refuses_a_readme_without_one_table() -> None:
    table = table_lines([])
    with pytest.raises(ValueError, match="found 0"):
        replace_table("# no table here\n", table)
    with pytest.raises(ValueError, match="found 2"):
        replace_table(README + "\n" + README, table)


def test_table_lines_head_and_cells() -> None:
    lines = table_lines([Row("a|b", "1 s"), Row("c", "2 s", met=True)])
    assert lines[0] == "| " + " | ".join(HEAD) + " |"
    assert lines[1] == "|---|---|---|---|---|---|"
    assert lines[2] == "| a\\|b | 1 s |  |  | measured, no target | n/a |"
    assert lines[3].endswith("| yes |")


def test_median_spread() -> None:
    assert median_spread([3.0, 1.0, 2.0]) == (2.0, 1.0, 3.0)
    assert median_spread([5.0]) == (5.0, 5.0, 5.0)


def _proc(pid: int, ppid: int, cpu: int, start: int = 10, name: str = "p") -> Proc:
    return Proc(pid, ppid, start, name, cpu)


def test_descendants_follow_parents_and_ignore_others() -> None:
    snap = {(p.pid, p.start): p for p in (_proc(100, 1, 0), _proc(200, 100, 0),
                                          _proc(300, 200, 0), _proc(400, 1, 0))}
    assert descendants(snap, {(100, 10)}) == {(100, 10), (200, 10), (300, 10)}


def test_other_cpu_counts_only_others_and_new_processes_from_zero() -> None:
    first = {(1, 10): _proc(1, 0, 50, name="init"), (100, 10): _proc(100, 1, 500)}
    last = {(1, 10): _proc(1, 0, 80, name="init"), (100, 10): _proc(100, 1, 900),
            (500, 2000): _proc(500, 1, 40, start=2000, name="pytest"),
            (600, 5): _proc(600, 1, 70, start=5, name="missed")}
    used = other_cpu(first, last, ours={(100, 10)}, since=1000)
    # init: 30 ticks in the window; pytest started in it: all 40; a process missed by the
    # first snapshot that started before the window counts nothing (a floor)
    assert used == {"init": 30, "pytest": 40}


def test_activity_quiet_threshold() -> None:
    assert Activity(100.0, 5.0, (), 0.1, 0.2).quiet
    busy = Activity(100.0, 60.0, (("pytest", 55.0),), 2.0, 2.1)
    assert not busy.quiet
    assert busy.describe().startswith("NOT quiet: other processes used 60.0 CPU s")


def test_activity_counts_the_hosts_steal_as_others() -> None:
    stolen = Activity(100.0, 2.0, (), 0.1, 0.2, steal_seconds=9.0)
    assert not stolen.quiet  # 11% of one core: 2 s of other processes and 9 s taken
    assert "the host took 9.0 CPU s (11% of one core in all" in stolen.describe()


def test_busy_and_steal_seconds_read_the_machine() -> None:
    from benchmarks.quiet import busy_seconds, steal_seconds

    before = busy_seconds()
    sum(i * i for i in range(300_000))  # some work of this process
    assert busy_seconds() > before > 0
    assert steal_seconds() >= 0


def test_single_rows_ratios_and_verdicts() -> None:
    single = Single(Reference("clinical-summary.docx", 2.0, (1.0, 1.2, 1.1)),
                    WarmBuild(0.6, 0.5, {"render": 0.1}), CliBuild((1.7, 1.5, 1.6), 0.4))
    warm, cli = single.rows()
    assert (warm.ratio, warm.met) == ("0.55x", True)
    assert "1.10 s (median of 3" in warm.reference
    assert (cli.ratio, cli.met) == ("1.45x", True)
    slow = Single(single.reference, WarmBuild(0.7, 0.5, {}), CliBuild((1.7,), 0.4))
    assert [row.met for row in slow.rows()] == [False, False]


def test_single_rows_state_each_goals_floor() -> None:
    warm = WarmBuild(5.0, 1.2, {}, children_cpu=3.9, documents=10, convert_alone=0.7,
                     instances=2)
    single = Single(Reference("clinical-summary.docx", 1.3, (1.0,)), warm,
                    CliBuild((6.0,), 0.05, floor=(2.1, 2.0, 2.3)))
    warm_row, cli_row = single.rows()
    assert ("the conversion alone of its 10 DOCX through the same 2 warm LibreOffices "
            "0.70 s (0.70x), and the OCR's Tesseract 3.90 CPU s") in warm_row.measured
    assert "against the goal's 0.60 s" in warm_row.measured
    assert ("a new process starting one LibreOffice on a new profile and converting those "
            "10 DOCX, 2.10 s (2.10x)") in cli_row.measured


def _run(workers: int, seconds: float, mb: float = 300.0,
         sampled: float | None = None, busy: float = 0.0) -> BatchRun:
    return BatchRun(workers, seconds, python_mb=mb - 150, office_mb=100,
                    sampled_mb=mb if sampled is None else sampled,
                    sampled_parts="python3 200 MB, soffice.bin 100 MB",
                    sampled_per_worker=(mb,), busy=busy)


def test_batch_rows_say_how_many_cores_one_worker_kept_busy() -> None:
    import os

    cores = os.cpu_count() or 1
    batch = Batch(100, ((_run(1, 200, busy=260), _run(2, 140, busy=270)),))
    speed = batch.rows()[0]
    assert speed.met is False  # 1.43x
    assert (f"1 worker kept 1.30 of the {cores} cores busy (its LibreOffice converts while "
            f"its Python works), 2 workers 1.93, using 2.60 and 2.70 CPU s a case: 2 workers "
            f"cannot gain more than about {cores / 1.3:.2f}x") in speed.measured


def test_batch_rows_median_of_runs_and_memory_goal() -> None:
    batch = Batch(100, ((_run(1, 200), _run(2, 100)), (_run(1, 180), _run(2, 120)),
                        (_run(1, 210), _run(2, 110, mb=410))))
    speed, memory = batch.rows()
    assert speed.ratio == "1.91x (spread 1.50-2.00x)"
    assert speed.met is True
    assert (memory.met, memory.measured.split(" (")[0]) == (False, "410 MB with 2 workers")


def test_batch_memory_goal_is_the_sampled_peak_of_the_sum_beside_each_ones_peak() -> None:
    batch = Batch(4, ((_run(1, 20, mb=520, sampled=380), _run(2, 11, mb=450, sampled=360)),))
    memory = batch.rows()[1]
    assert memory.met is True  # 380 MB sampled; Python's and LibreOffice's peaks: 470 MB
    assert memory.measured.startswith("380 MB with 1 worker (peak of the sum, sampled every 50 ms: "
                                      "python3 200 MB, soffice.bin 100 MB; ")
    assert "each one's own peak in any run: Python 370 MB, LibreOffice 100 MB)" \
        in memory.measured
    over = Batch(4, ((_run(1, 20, mb=520, sampled=401), _run(2, 11)),))
    assert over.rows()[1].met is False


def test_scale_build_rows_state_the_budget_and_tesseracts_cpu() -> None:
    import os

    from benchmarks.batching import scale_build_rows

    full = {"timings": {"render": 1.0, "convert": 1.4, "ocr": 3.3}, "packets": [6047, 22],
            "documents": 10, "seconds": 11.3, "peak_mb": 426.0, "qpdf_seconds": 1.64,
            "ratio": 6.9, "ocr": {"seconds": 3.3, "scanned_pages": 4, "tesseract_cpu": 3.9}}
    goal, ocr = scale_build_rows(full)
    cores = os.cpu_count() or 1
    assert goal.met is False
    assert (f"the goal's budget, 2x qpdf, is 3.28 s, and the OCR's Tesseract alone used "
            f"3.90 CPU s (at least {3.9 / cores:.2f} s on {cores} cores)") in goal.measured
    assert ocr.measured.startswith("0.82 s per scanned page")


def test_batch_memory_goal_takes_the_worse_of_shared_and_own_scans() -> None:
    own = _run(2, 30, mb=500, sampled=416)
    batch = Batch(4, ((_run(1, 20, sampled=391), _run(2, 11, sampled=380)),), own, 8)
    memory = batch.rows()[1]
    assert memory.met is False
    assert memory.measured.startswith(
        "416 MB: with each case's own scans (8 cases, 2 workers, OCR in every case, as in a "
        "real batch) 416 MB (python3 200 MB, soffice.bin 100 MB); in the speed runs, whose "
        "cases share the example's scans (OCR in a worker's first case only), 391 MB with 1 "
        "worker")
    fine = Batch(4, ((_run(1, 20, sampled=391), _run(2, 11, sampled=380)),),
                 _run(2, 30, sampled=398), 8)
    assert fine.rows()[1].met is True


@pytest.mark.slow
def test_pool_workers_finds_spawned_workers_only() -> None:
    import concurrent.futures as cf
    import multiprocessing
    import os

    from benchmarks.batching import pool_workers

    assert pool_workers() == []
    with cf.ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        pids = set(pool.map(_pid, range(8)))
        assert pids <= set(pool_workers())
        assert os.getpid() not in pool_workers()


def _pid(_: int) -> int:
    import os

    return os.getpid()
