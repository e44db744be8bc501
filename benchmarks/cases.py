"""Generate many synthetic cases from an example, for batch tests, benchmarks and the demo.

    python -m benchmarks.cases OUT_DIR [COUNT] [EXAMPLE]

writes ``OUT_DIR/case-000.yaml`` ... : copies of the example case (default: the FDA
single-patient example) with their own case id, initials, date of birth and weight, and
absolute paths to the example's uploads (which are shared, not copied).
"""

from __future__ import annotations

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


def make_cases(dest: Path, count: int, example: Path = FDA_EXAMPLE,
               prefix: str = "GEN") -> list[Path]:
    """Write ``count`` variants of ``example`` into ``dest``; return their paths."""
    dest.mkdir(parents=True, exist_ok=True)
    base = case_data(example)
    paths = []
    for i in range(count):
        data = yaml.safe_load(yaml.safe_dump(base))  # a deep copy
        data["case_id"] = f"{prefix}-{i:04d}"
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
    out = Path(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    ex = Path(sys.argv[3]) if len(sys.argv) > 3 else FDA_EXAMPLE
    print(f"wrote {len(make_cases(out, n, ex))} cases into {out}")
