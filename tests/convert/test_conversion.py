"""The streaming form of the converter interface (Converter.begin) without LibreOffice."""

from __future__ import annotations

from pathlib import Path

import pytest

from accesspack.convert import FakeConverter, default_instances
from accesspack.errors import ConversionError
from tests.convert.test_libreoffice import make_docx


def test_a_converter_that_converts_at_once_gets_every_source_in_one_call(
        tmp_path: Path) -> None:
    docs = [make_docx(tmp_path / f"d{i}.docx", f"Doc {i}") for i in range(3)]
    fake = FakeConverter()
    with fake.begin(tmp_path / "out") as conversion:
        for doc in docs:
            conversion.submit(doc)
        assert fake.calls == [], "nothing is converted before end()"
        conversion.end()
        pdfs = conversion.finish()
    assert fake.calls == [["d0.docx", "d1.docx", "d2.docx"]]
    assert pdfs == [tmp_path / "out" / f"d{i}.pdf" for i in range(3)]
    assert all(p.is_file() for p in pdfs) and conversion.seconds > 0
    with pytest.raises(RuntimeError, match="after end"):
        conversion.submit(docs[0])


def test_no_source_no_call_and_a_failure_is_raised_by_finish(tmp_path: Path) -> None:
    fake = FakeConverter()
    with fake.begin(tmp_path / "empty") as conversion:
        assert conversion.finish() == []
    assert fake.calls == []
    broken = FakeConverter(fail=ConversionError("soffice crashed"))
    conversion = broken.begin(tmp_path / "out")
    conversion.submit(make_docx(tmp_path / "d.docx", "Doc"))
    conversion.end()
    with pytest.raises(ConversionError, match="soffice crashed"):
        conversion.finish()
    assert len(broken.calls) == 1


def test_leaving_a_conversion_on_an_error_cancels_it(tmp_path: Path) -> None:
    fake = FakeConverter()
    with pytest.raises(KeyError), fake.begin(tmp_path / "out") as conversion:
        conversion.submit(make_docx(tmp_path / "d.docx", "Doc"))
        raise KeyError("a render failed")
    assert fake.calls == [], "a cancelled conversion converts nothing"


@pytest.mark.parametrize(("cpus", "expected"), [({0}, 1), ({0, 1}, 2), (set(range(8)), 2)])
def test_two_libreoffices_only_when_a_second_cpu_is_free(
        cpus: set[int], expected: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: cpus)
    assert default_instances() == expected
