"""accesspack.malloc: a batch worker's C heap kept small, and where the batch uses it."""

from __future__ import annotations

import concurrent.futures as cf
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from accesspack import batch, malloc
from accesspack.convert.fake import FakeConverter
from accesspack.model import load_case
from tests.conftest import ROOT

CASE = ROOT / "examples" / "fda-single-patient" / "case.yaml"


def test_give_back_returns_memory_on_glibc() -> None:
    if malloc._glibc() is None:
        assert malloc.give_back() is False  # not glibc: nothing to do, and no error
        return
    held = [bytearray(100_000) for _ in range(200)]  # under the mmap threshold: heap
    del held[1:]  # freed but kept by malloc
    assert malloc.give_back() is True


def test_every_case_gives_back_what_it_freed_even_when_it_fails(tmp_path: Path) -> None:
    job = batch._Job("run", str(CASE), load_case(CASE), "nowhere/no-route",
                     tmp_path / "out", False, {})
    # no LibreOffice: the route fails before anything is converted
    with mock.patch.object(batch, "give_back") as give_back, \
            mock.patch.object(batch, "worker_converter", return_value=FakeConverter()):
        result = batch._build_one(job)
    assert result.status == "failed" and result.error_type == "RouteError"
    give_back.assert_called_once_with()


@pytest.mark.parametrize("own", [True, False])
def test_only_the_pool_build_many_starts_gets_one_arena(tmp_path: Path, own: bool) -> None:
    made: list[dict[str, Any]] = []

    class Pool(cf.ThreadPoolExecutor):
        def __init__(self, max_workers: int, **kwargs: Any) -> None:
            made.append(kwargs)
            super().__init__(1)

    caller = None if own else cf.ThreadPoolExecutor(1)
    with mock.patch.object(batch.cf, "ProcessPoolExecutor", Pool), \
            mock.patch.object(batch, "_build_one", lambda job, ocr_jobs=1: batch._failed(
                job.source, batch.AccesspackError("not built here"))):
        batch.build_many([CASE], "fda/single-patient", tmp_path / "out", caller,
                         progress=False)
    if caller is not None:
        caller.shutdown()
    assert [m.get("initializer") for m in made] == ([batch.init_worker] if own else [])
