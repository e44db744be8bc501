"""The demo's bundles, by hash: what ``tests/examples/demo-hashes.json`` records and how a
build is compared with it (tests/examples/test_demo.py).

Every ``accesspack build`` line of the Makefile's ``demo`` target on an example
(tests/examples/test_ready.py reads the list) is built in this process with one warm
LibreOffice, as ``make demo`` would build it into ``out/<name>``. The JSON records:

- ``libreoffice``: the version of the LibreOffice that made the PDFs (``soffice --version``);
- per bundle (``out/`` name), ``files``: the sha256 of every file, by path in the bundle;
- ``pdf_text``: per PDF, the sha256 of each page's text (pdftotext, white space squashed);
- ``manifest``: the sha256 of manifest.json without its ``sha256`` and ``bytes`` fields;
- ``preflight``: the sha256 of preflight.json's check statuses (packet -> check -> status).

With the recorded LibreOffice, every file must have its recorded bytes. With another
version (whose PDFs may differ in bytes), the files LibreOffice has no hand in (the DOCX
documents, the ledgers) must have their bytes, each PDF its page texts, manifest.json its
content without hashes and sizes, and preflight.json its statuses.

Regenerate the JSON on purpose (a change meant to change the bundles), from the project's
folder: ``python -m tests.examples.demo_hashes --write``; say in the CHANGELOG when and why.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from accesspack.convert import find_soffice
from tests.conftest import ROOT, BuildCache, close_warm_converter
from tests.examples.test_ready import DEMO, DEMO_OUT

HASHES = Path(__file__).with_name("demo-hashes.json")

#: files whose bytes depend on LibreOffice's output beyond the PDFs themselves
_LIBREOFFICE_DEPENDENT = ("manifest.json", "preflight.json")


def demo_builds() -> list[tuple[str, Path, str, tuple[str, ...]]]:
    """(out/ name, case file, route, command-line flags) of each demo build."""
    return [(out.removeprefix("out/"), ROOT / case, route,
             tuple(f for o in options for f in ("--option", o)))
            for (case, route, options), out in zip(DEMO, DEMO_OUT, strict=True)]


def build_demo(cache: BuildCache) -> dict[str, Path]:
    """out/ name -> the bundle ``make demo`` builds there, from ``cache``."""
    return {name: cache(case, route, *flags, name=name)
            for name, case, route, flags in demo_builds()}


def libreoffice_version() -> str:
    """``soffice --version``'s line (e.g. ``LibreOffice 7.4.7.2 40(Build:2)``)."""
    out = subprocess.run([str(find_soffice()), "--version"], capture_output=True, text=True,
                         check=True, timeout=120).stdout
    return out.strip()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False).encode()


def _without_hashes(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _without_hashes(v) for k, v in data.items()
                if "sha256" not in k and k != "bytes"}
    if isinstance(data, list):
        return [_without_hashes(v) for v in data]
    return data


def page_texts(pdf: Path) -> list[str]:
    """sha256 of each page's text (pdftotext, UTF-8, white space squashed)."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          check=True, timeout=120).stdout.decode("utf-8")
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return [sha256(" ".join(page.split()).encode()) for page in pages]


def file_hashes(bundle: Path) -> dict[str, str]:
    return {p.relative_to(bundle).as_posix(): sha256(p.read_bytes())
            for p in sorted(bundle.rglob("*")) if p.is_file()}


def portable(bundle: Path) -> dict[str, Any]:
    """What must not change with another LibreOffice version (see the module)."""
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    preflight = json.loads((bundle / "preflight.json").read_text(encoding="utf-8"))
    statuses = {packet: {c["id"]: c["status"] for c in report["checks"]}
                for packet, report in preflight.items()}
    return {
        "pdf_text": {p.relative_to(bundle).as_posix(): page_texts(p)
                     for p in sorted(bundle.rglob("*.pdf"))},
        "manifest": sha256(_canonical(_without_hashes(manifest))),
        "preflight": sha256(_canonical(statuses)),
    }


def record(bundles: dict[str, Path], version: str) -> dict[str, Any]:
    return {"libreoffice": version,
            "bundles": {name: {"files": file_hashes(path), **portable(path)}
                        for name, path in sorted(bundles.items())}}


def differences(bundles: dict[str, Path], recorded: dict[str, Any],
                version: str) -> tuple[str, list[str]]:
    """(how the bundles were compared, what differs) against ``recorded``."""
    same_office = version == recorded["libreoffice"]
    how = (f"every file's bytes ({version}, as recorded)" if same_office else
           f"LibreOffice is {version!r}, the hashes were recorded with "
           f"{recorded['libreoffice']!r}: bytes of the files LibreOffice has no hand in, "
           "page texts of the PDFs, manifest.json without hashes and sizes, "
           "preflight.json's statuses")
    found: list[str] = []
    want_names, have_names = set(recorded["bundles"]), set(bundles)
    found += [f"{n}: not built" for n in sorted(want_names - have_names)]
    found += [f"{n}: built, not recorded" for n in sorted(have_names - want_names)]
    for name in sorted(want_names & have_names):
        want, bundle = recorded["bundles"][name], bundles[name]
        have = file_hashes(bundle)
        found += [f"{name}/{f}: missing" for f in sorted(set(want["files"]) - set(have))]
        found += [f"{name}/{f}: unexpected" for f in sorted(set(have) - set(want["files"]))]
        common = sorted(set(want["files"]) & set(have))
        if same_office:
            found += [f"{name}/{f}: bytes differ" for f in common
                      if have[f] != want["files"][f]]
            continue
        found += [f"{name}/{f}: bytes differ" for f in common
                  if not f.endswith(".pdf") and f not in _LIBREOFFICE_DEPENDENT
                  and have[f] != want["files"][f]]
        now = portable(bundle)
        found += [f"{name}/{f}: page text differs" for f in common
                  if f.endswith(".pdf") and now["pdf_text"].get(f) != want["pdf_text"].get(f)]
        found += [f"{name}/{key}.json: content differs" for key in ("manifest", "preflight")
                  if now[key] != want[key]]
    return how, found


def main(argv: list[str] | None = None,
         build: Callable[[BuildCache], dict[str, Path]] = build_demo) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.examples.demo_hashes",
                                     description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--write", action="store_true",
                        help=f"build the demo and write {HASHES.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="demo-hashes-") as tmp:
        try:
            bundles = build(BuildCache(Path(tmp)))
        finally:
            close_warm_converter()
        version = libreoffice_version()
        if args.write:
            HASHES.write_text(json.dumps(record(bundles, version), indent=1, sort_keys=True)
                              + "\n", encoding="utf-8")
            print(f"wrote {HASHES.relative_to(ROOT)}: {len(bundles)} bundles, {version}")
            return 0
        how, found = differences(bundles, json.loads(HASHES.read_text(encoding="utf-8")),
                                 version)
        print(f"compared {how}")
        print("\n".join(found) if found else "the demo's bundles are as recorded")
        return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
