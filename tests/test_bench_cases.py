"""benchmarks.cases: the synthetic cases of the bench (no process started)."""

from __future__ import annotations

from pathlib import Path

import yaml
from benchmarks.cases import case_data, make_cases


def test_distinct_scans_give_each_case_its_own_bytes_and_the_same_picture(
        tmp_path: Path) -> None:
    """make_cases(distinct_scans=True): each case's scans differ in bytes (so OCR reads them
    in every case), the JPEG not in one pixel, the PNG and TIFF in one pixel each."""
    from PIL import Image, ImageChops

    cases = make_cases(tmp_path / "cases", 3, distinct_scans=True)
    shared = {Path(a["path"]).name: Path(a["path"]) for a in case_data()["attachments"]}
    seen: dict[str, set[bytes]] = {}
    for case in cases:
        for att in yaml.safe_load(case.read_text(encoding="utf-8"))["attachments"]:
            path = Path(att["path"])
            if path.suffix not in (".jpg", ".png", ".tiff"):
                assert path == shared[path.name], "other uploads stay shared"
                continue
            assert path.parent.parent == tmp_path / "cases" / "uploads"
            seen.setdefault(path.name, set()).add(path.read_bytes())
            with Image.open(shared[path.name]) as old, Image.open(path) as new:
                assert (new.mode, new.size, getattr(new, "n_frames", 1)) == (
                    old.mode, old.size, getattr(old, "n_frames", 1))
                box = ImageChops.difference(old.convert("RGBA"), new.convert("RGBA")).getbbox(
                    alpha_only=False)
                if path.suffix == ".jpg":
                    assert box is None
                else:
                    assert box is not None and (box[2] - box[0], box[3] - box[1]) == (1, 1)
    assert {name: len(copies) for name, copies in seen.items()} == {
        "ct-report.jpg": 3, "lab-results.png": 3, "imaging-multipage.tiff": 3}
    again = make_cases(tmp_path / "again", 1, distinct_scans=True)[0]
    first = yaml.safe_load(cases[0].read_text(encoding="utf-8"))["attachments"]
    for a, b in zip(first, yaml.safe_load(again.read_text(encoding="utf-8"))["attachments"],
                    strict=True):
        assert Path(a["path"]).read_bytes() == Path(b["path"]).read_bytes()
