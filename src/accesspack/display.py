"""HTML views for Jupyter: the one place that escapes, draws tables, badges and thumbnails.

Every ``_repr_html_`` of accesspack (case, ledger, bundle, batch, preflight) is built from
these helpers, so escaping happens here and only here: a plain ``str`` given to
:func:`table`, :func:`badge`, :func:`field_list` or :func:`box` is always escaped; only a
:class:`Html` value (something a helper already built) passes through as markup.

The styling is inline and minimal: borders and washes use semi-transparent grey and
colours are mid-tones, so a view reads on a light and on a dark Jupyter theme alike.

Packet thumbnails are rendered by poppler's ``pdftoppm`` (the first pages, a fixed
width, PNG) into a temporary folder and kept in memory per (file, mtime, size), so showing
a bundle again costs nothing. Without ``pdftoppm`` a view has no thumbnails, and says so.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from markupsafe import Markup, escape

__all__ = ["THUMB_PAGES", "THUMB_WIDTH", "TONES", "Cell", "Html", "ThumbnailError", "badge",
           "box", "details", "esc", "field_list", "heading", "md_cell", "note", "size_text",
           "table", "thumbnail_strip", "thumbnails"]


class Html(Markup):
    """Markup that is already safe (built by a helper here): inserted as is.

    A :class:`markupsafe.Markup`: a plain ``str`` joined to it with ``+`` or ``%`` is
    escaped, as in Jinja.
    """

    __slots__ = ()


Cell = str | int | float | date | Html | None

#: Status colours: mid-tones that read on white and on a dark background.
TONES = {
    "good": "#2da44e",
    "bad": "#e5534b",
    "warn": "#c69026",
    "info": "#4493f8",
    "muted": "#8c959f",
}
_BORDER = "1px solid rgba(127,127,127,0.35)"
_TABLE = ("border-collapse:collapse;margin:0.3em 0 0.8em 0;font-size:0.92em;"
          "text-align:left")
_CELL = f"border:{_BORDER};padding:2px 6px;vertical-align:top;text-align:left"
_HEAD = f"{_CELL};background:rgba(127,127,127,0.12);font-weight:600"


def esc(value: Cell) -> str:
    """``value`` as HTML text: :class:`Html` as is, ``None`` as empty, the rest escaped."""
    if value is None:
        return ""
    if isinstance(value, Html):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(escape(str(value)))


def badge(text: str, tone: str = "muted") -> Html:
    """A small coloured label, e.g. a status (``tone``: good, bad, warn, info, muted)."""
    colour = TONES.get(tone, TONES["muted"])
    return Html(
        f'<span style="color:{colour};border:1px solid {colour};border-radius:0.6em;'
        f'padding:0 0.45em;white-space:nowrap;font-size:0.9em">{esc(text)}</span>')


def heading(text: Cell, level: int = 4) -> Html:
    """A small heading inside a view."""
    return Html(f'<h{level} style="margin:0.6em 0 0.2em 0">{esc(text)}</h{level}>')


def note(text: Cell) -> Html:
    """A muted line of explanation."""
    return Html(f'<p style="margin:0.2em 0;opacity:0.75;font-size:0.9em">{esc(text)}</p>')


def table(head: Sequence[str], rows: Iterable[Sequence[Cell]], *,
          empty: str = "(none)") -> Html:
    """A bordered table; every cell escaped unless it is :class:`Html`."""
    body = "".join(
        "<tr>" + "".join(f'<td style="{_CELL}">{esc(c)}</td>' for c in row) + "</tr>"
        for row in rows)
    if not body:
        return note(empty)
    header = "".join(f'<th style="{_HEAD}">{esc(h)}</th>' for h in head)
    return Html(f'<table style="{_TABLE}"><thead><tr>{header}</tr></thead>'
                f"<tbody>{body}</tbody></table>")


def field_list(pairs: Iterable[tuple[str, Cell]]) -> Html:
    """Label: value lines as a two-column table without a header (empty values left out)."""
    rows = "".join(
        f'<tr><th style="{_CELL};font-weight:600;opacity:0.8">{esc(k)}</th>'
        f'<td style="{_CELL}">{esc(v)}</td></tr>'
        for k, v in pairs if v not in (None, ""))
    return Html(f'<table style="{_TABLE}">{rows}</table>') if rows else Html("")


def box(title: Cell, *parts: Cell) -> Html:
    """The frame of one view: a bold title line, then ``parts`` one after the other."""
    inner = "".join(esc(p) for p in parts)
    return Html(f'<div class="accesspack" style="line-height:1.4"><div style="font-size:1.05em">'
                f"<b>{esc(title)}</b></div>{inner}</div>")


def details(summary: Cell, body: Cell, *, open_: bool = False) -> Html:
    """A collapsible block (``<details>``)."""
    flag = " open" if open_ else ""
    return Html(f'<details{flag}><summary style="cursor:pointer">{esc(summary)}</summary>'
                f"{esc(body)}</details>")


# -- thumbnails ---------------------------------------------------------------------------

THUMB_PAGES = 3
THUMB_WIDTH = 120  # px
_CACHE_SIZE = 64
_cache: OrderedDict[tuple[str, int, int, int, int], tuple[bytes, ...]] = OrderedDict()
_lock = threading.Lock()


class ThumbnailError(Exception):
    """Why a packet has no thumbnails (pdftoppm absent, failing or too slow)."""


def thumbnails(pdf: Path, pages: int = THUMB_PAGES, width: int = THUMB_WIDTH,
               *, timeout: float = 30.0) -> tuple[bytes, ...]:
    """PNG images of the first ``pages`` pages of ``pdf``, each ``width`` pixels wide.

    Rendered by poppler's ``pdftoppm`` and cached per (path, mtime, size, pages, width):
    a file that changes is rendered again. Raises :class:`ThumbnailError` (never caches a
    failure, so installing poppler later works).
    """
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise ThumbnailError("pdftoppm (poppler-utils) is not installed")
    try:
        st = pdf.stat()
    except OSError as exc:
        raise ThumbnailError(f"{pdf.name} cannot be read ({exc.strerror or exc})") from None
    key = (str(pdf.absolute()), st.st_mtime_ns, st.st_size, pages, width)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    with tempfile.TemporaryDirectory(prefix="accesspack-thumbs-") as tmp:
        cmd = [exe, "-png", "-f", "1", "-l", str(pages), "-scale-to-x", str(width),
               "-scale-to-y", "-1", str(pdf), os.path.join(tmp, "p")]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise ThumbnailError(f"pdftoppm took over {timeout:.0f} s") from None
        except (subprocess.CalledProcessError, OSError) as exc:
            raise ThumbnailError(f"pdftoppm failed on {pdf.name} "
                                 f"({exc.__class__.__name__})") from None
        images = tuple(p.read_bytes() for p in sorted(Path(tmp).glob("p-*.png")))
    if not images:
        raise ThumbnailError(f"pdftoppm rendered no page of {pdf.name}")
    with _lock:
        _cache[key] = images
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return images


def thumbnail_strip(images: Sequence[bytes], alt: str) -> Html:
    """The images side by side, as inline base64 PNG ``<img>`` elements."""
    imgs = "".join(
        f'<img src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}" '
        f'alt="{esc(alt)} page {n}" title="page {n}" '
        f'style="width:{THUMB_WIDTH}px;margin:0 4px 0 0;border:{_BORDER};'
        f'background:#fff;display:inline-block">'
        for n, png in enumerate(images, start=1))
    return Html(f'<div style="white-space:nowrap">{imgs}</div>')


def size_text(n: int) -> str:
    """A file size for people: ``812 KB``, ``1.2 MB``."""
    if n < 1_000_000:
        return f"{max(1, round(n / 1000))} KB" if n else "0 KB"
    return f"{n / 1e6:.1f} MB"


def md_cell(text: str) -> str:
    """``text`` as one cell of a Markdown table: ``|`` escaped, line breaks as spaces."""
    return text.replace("|", "\\|").replace("\n", " ")
