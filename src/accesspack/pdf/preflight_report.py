"""A preflight report: its checks, the profiles that choose them, and their views.

:func:`accesspack.preflight` fills it (:mod:`.preflight`); ``preflight.json`` in a bundle
is its data.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from ..display import Html, badge, box, esc, md_cell, size_text, table
from .preflight_profiles import CHECK_IDS, CHECK_TITLES, DEFAULT_PROFILE, PROFILES, PreflightProfile

__all__ = ["CHECK_IDS", "DEFAULT_PROFILE", "PROFILES", "PreflightCheck", "PreflightProfile",
           "PreflightReport", "Status", "new_check", "pages_text", "size_label"]

_MAX_PAGES_LISTED = 50

Status = Literal["pass", "warn", "fail"]



class PreflightCheck(BaseModel):
    """One rule of the preflight and what it found."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    status: Status
    detail: str
    pages: tuple[int, ...] = ()  # 1-based; the first 50 when more are concerned


class PreflightReport(BaseModel):
    """Every check of one PDF, in a fixed order. ``ok`` when nothing fails."""

    model_config = ConfigDict(frozen=True)

    file: str  # basename only
    bytes: int
    pages: int
    pdf_version: str
    profile: str = DEFAULT_PROFILE
    checks: tuple[PreflightCheck, ...]

    @property
    def ok(self) -> bool:
        return not any(c.status == "fail" for c in self.checks)

    @property
    def failures(self) -> list[PreflightCheck]:
        return [c for c in self.checks if c.status == "fail"]

    @property
    def warnings(self) -> list[PreflightCheck]:
        return [c for c in self.checks if c.status == "warn"]

    def check(self, check_id: str) -> PreflightCheck:
        """The check with id ``check_id`` (``KeyError`` if there is none)."""
        for c in self.checks:
            if c.id == check_id:
                return c
        raise KeyError(check_id)

    def _summary(self) -> str:
        fails, warns = len(self.failures), len(self.warnings)
        state = "ok" if not fails else f"{fails} check(s) failed"
        return state + (f", {warns} warning(s)" if warns else "")

    def as_data(self) -> dict[str, Any]:
        """The report as JSON-ready data (fields in a fixed order, with ``ok``)."""
        data = self.model_dump(mode="json")
        data["ok"] = self.ok
        return data

    def to_json(self) -> str:
        """The report as JSON (see :meth:`as_data`)."""
        return json.dumps(self.as_data(), indent=2, ensure_ascii=False) + "\n"

    def to_markdown(self) -> str:
        """A Markdown view: a heading, a summary line and a table of the checks."""
        marks = {"pass": "pass", "warn": "**warn**", "fail": "**FAIL**"}
        out = [
            f"## Preflight: {md_cell(self.file)}",
            "",
            f"{self.pages} page(s), {size_label(self.bytes)}, PDF {self.pdf_version}, checked "
            f"against {PROFILES[self.profile].title}: {self._summary()}",
            "",
            "| Result | Check | Detail |",
            "|---|---|---|",
        ]
        out += [f"| {marks[c.status]} | {md_cell(c.title)} | {md_cell(c.detail)} |"
                for c in self.checks]
        return "\n".join(out) + "\n"

    def _repr_html_(self) -> str:
        tones = {"pass": "good", "warn": "warn", "fail": "bad"}
        state = badge(self._summary(), "bad" if not self.ok else "warn" if self.warnings
                      else "good")
        return str(box(
            Html(f"Preflight <code>{esc(self.file)}</code>"),
            Html(f"<div>{self.pages} page(s), {esc(size_label(self.bytes))}, "
                 f"PDF {esc(self.pdf_version)}, checked against "
                 f"{esc(PROFILES[self.profile].title)}: {state}</div>"),
            table(["Result", "Check", "Detail"],
                  ([badge(c.status, tones[c.status]), c.title, c.detail]
                   for c in self.checks))))


def size_label(n: int) -> str:
    """A size for a person and its exact byte count (a limit is near): ``1.2 MB (1,234,567
    bytes)``."""
    return f"{size_text(n)} ({n:,} bytes)"


def new_check(check_id: str, status: Status, detail: str,
              pages: Iterable[int] = ()) -> PreflightCheck:
    return PreflightCheck(id=check_id, title=CHECK_TITLES[check_id], status=status, detail=detail,
                          pages=tuple(sorted(set(pages)))[:_MAX_PAGES_LISTED])


def pages_text(pages: Iterable[int]) -> str:
    """``page 3`` / ``pages 1-4, 9`` (the first 50 pages, then ``and N more``)."""
    numbers = sorted(set(pages))
    shown, rest = numbers[:_MAX_PAGES_LISTED], len(numbers) - _MAX_PAGES_LISTED
    runs: list[str] = []
    start = prev = shown[0] if shown else 0
    for n in [*shown[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        runs.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    text = ("page " if len(numbers) == 1 else "pages ") + ", ".join(runs)
    return text + (f" and {rest} more" if rest > 0 else "")
