"""Deterministic upload-like PDFs for the benchmarks.

:func:`make_pdfs` writes ``n_files`` reportlab PDFs whose page counts vary and sum to
``total_pages``: Letter and A4 mixed (one file in four has both), text pages of about 40
lines, and, in every third file, three pages that each carry a distinct JPEG of about
210 KB (random noise, so it does not compress). This is the shape of the measurement in
the environment notes (30 files, 600 pages, 8.6 MB); 300 files and 6,000 pages give
about 85 MB.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

from PIL import Image
from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

__all__ = ["make_pdfs", "page_counts"]

_JPEG_SIDE = 560  # 560 x 560 RGB noise at quality 80: about 210 KB
_JPEGS_PER_FILE = 3
_LINES = 40
_POOL = 97  # distinct text lines per file; pages show 40 of them from a random start


def page_counts(n_files: int, total_pages: int, rng: random.Random) -> list[int]:
    """``n_files`` page counts of at least 1, between about 0.5x and 1.6x the mean."""
    if n_files < 1 or total_pages < n_files:
        raise ValueError("need at least one file and one page per file")
    mean = total_pages / n_files
    counts = [max(1, round(mean * rng.uniform(0.5, 1.6))) for _ in range(n_files)]
    diff = total_pages - sum(counts)
    while diff:
        i = rng.randrange(n_files)
        if diff > 0:
            counts[i] += 1
            diff -= 1
        elif counts[i] > 1:
            counts[i] -= 1
            diff += 1
    return counts


def _jpeg(rng: random.Random) -> bytes:
    side = _JPEG_SIDE
    img = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=80)
    return buf.getvalue()


def _write(path: Path, index: int, pages: int, rng: random.Random) -> None:
    c = Canvas(str(path), invariant=1, pageCompression=1)
    sizes = [LETTER, A4] if index % 4 == 3 else [LETTER if index % 2 == 0 else A4]
    images = _JPEGS_PER_FILE if index % 3 == 0 else 0
    image_pages = set(rng.sample(range(pages), min(images, pages)))
    lines = [" ".join(f"w{rng.randrange(10_000)}" for _ in range(12)) for _ in range(_POOL)]
    for p in range(pages):
        width, height = sizes[p % len(sizes)]
        c.setPageSize((width, height))
        c.setFont("Helvetica-Bold", 13)
        c.drawString(72, height - 72, f"Upload {index:03d} - page {p + 1} of {pages}")
        if p in image_pages:
            c.drawImage(ImageReader(io.BytesIO(_jpeg(rng))), 72, height - 560,
                        width=width - 144, height=width - 144)
        else:
            text = c.beginText(72, height - 100)
            text.setFont("Helvetica", 10, 15)
            start = rng.randrange(len(lines))
            text.textLines([lines[(start + n) % len(lines)] for n in range(_LINES)])
            c.drawText(text)
        c.showPage()
    c.save()


def make_pdfs(dest: Path, n_files: int, total_pages: int, seed: int = 0) -> list[Path]:
    """Write ``n_files`` PDFs of ``total_pages`` pages in all into ``dest``; return them.

    The same arguments give the same files (byte for byte). ``dest`` is created.
    """
    dest.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths: list[Path] = []
    use_a85 = rl_config.useA85
    rl_config.useA85 = 0  # plain Flate like most producers (and pure-Python A85 is slow)
    try:
        for index, pages in enumerate(page_counts(n_files, total_pages, rng)):
            path = dest / f"upload-{index:03d}.pdf"
            _write(path, index, pages, random.Random(f"{seed}-{index}"))
            paths.append(path)
    finally:
        rl_config.useA85 = use_a85
    return paths
