"""Generate many synthetic cases from an example, for batch tests, benchmarks and the demo.

    python -m benchmarks.cases OUT_DIR [COUNT] [EXAMPLE] [--distinct-scans]

writes ``OUT_DIR/case-000.yaml`` ... : copies of the example case (default: the FDA
single-patient example) with their own case id, initials, date of birth and weight, and
absolute paths to the example's uploads (which are shared, not copied).

With ``distinct_scans`` (``--distinct-scans``) each case gets its own copy of the
example's scanned images (JPEG, PNG, TIFF) in ``OUT_DIR/uploads/<case>/``, as in a real
batch where every patient has their own scans: their bytes differ from case to case, so
OCR reads them in every case (a process keeps what it read by the file's bytes, which
shared uploads hit after the first case). A copy shows what the example shows: the JPEG
gets a comment segment (its pixels are the same bytes), the PNG one near-white pixel on
its transparent top edge, the TIFF one black pixel on the white top edge of its first
page; each at a place of its own per case.
"""

from __future__ import annotations

import io
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
FDA_EXAMPLE = ROOT / "examples" / "fda-single-patient" / "case.yaml"
_LETTERS = "ABCDEFGHJKLMNPRSTVWZ"


def case_data(example: Path = FDA_EXAMPLE) -> dict[str, Any]:
    """The example's data with attachment paths made absolute."""
    data: dict[str, Any] = yaml.safe_load(example.read_text(encoding="utf-8"))
    for att in data.get("attachments", []):
        att["path"] = str((example.parent / att["path"]).resolve())
    return data


_SCANS = (".jpg", ".jpeg", ".png", ".tif", ".tiff")


def distinct_scan(src: Path, dest: Path, n: int) -> Path:
    """Write to ``dest`` a copy of the scanned image ``src`` whose bytes are its own for
    every ``n`` (see the module's docstring); the same ``n`` gives the same bytes."""
    from PIL import Image

    data = src.read_bytes()
    if src.suffix.lower() in (".jpg", ".jpeg"):
        note = f"accesspack benchmark case {n}".encode()
        dest.write_bytes(data[:2] + b"\xff\xfe" + (len(note) + 2).to_bytes(2, "big") + note
                         + data[2:])  # a COM segment right after SOI
        return dest
    with Image.open(io.BytesIO(data)) as img:
        frames = []
        for index in range(getattr(img, "n_frames", 1)):
            img.seek(index)
            frames.append(img.copy())
        info = dict(img.info)
    first = frames[0]
    spot = (n % first.width, 0)
    ink: dict[str, int | tuple[int, ...]] = {"1": 0, "L": 254, "RGB": (254, 254, 254),
                                             "RGBA": (254, 254, 254, 255)}
    first.putpixel(spot, ink[first.mode])
    options = {key: info[key] for key in ("dpi", "compression") if key in info}
    first.save(dest, save_all=len(frames) > 1, append_images=frames[1:], **options)
    return dest


def make_cases(dest: Path, count: int, example: Path = FDA_EXAMPLE,
               prefix: str = "GEN", distinct_scans: bool = False) -> list[Path]:
    """Write ``count`` variants of ``example`` into ``dest``; return their paths.
    ``distinct_scans``: each case with its own copies of the scanned images."""
    dest.mkdir(parents=True, exist_ok=True)
    base = case_data(example)
    paths = []
    for i in range(count):
        data = yaml.safe_load(yaml.safe_dump(base))  # a deep copy
        data["case_id"] = f"{prefix}-{i:04d}"
        if distinct_scans:
            folder = dest / "uploads" / f"case-{i:03d}"
            folder.mkdir(parents=True, exist_ok=True)
            for att in data.get("attachments", []):
                src = Path(att["path"])
                if src.suffix.lower() in _SCANS:
                    att["path"] = str(distinct_scan(src, folder / src.name, i))
        patient = data["patient"]
        patient["initials"] = "".join(_LETTERS[(i // 20 ** k) % 20] for k in range(3))
        if "full_name" in patient:
            patient["full_name"] = f"Synthetic Patient {i}"
        if "date_of_birth" in patient:
            patient["date_of_birth"] = date(1950, 1, 1) + timedelta(days=97 * i)
        if "weight_kg" in patient:
            patient["weight_kg"] = round(50 + (i * 7) % 40 + 0.5, 1)
        path = dest / f"case-{i:03d}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--distinct-scans"]
    out = Path(args[0])
    n = int(args[1]) if len(args) > 1 else 10
    ex = Path(args[2]) if len(args) > 2 else FDA_EXAMPLE
    made = make_cases(out, n, ex, distinct_scans="--distinct-scans" in sys.argv)
    print(f"wrote {len(made)} cases into {out}")
