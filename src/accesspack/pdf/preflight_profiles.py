"""The preflight's checks and the profiles that choose them (which checks a regulator's
packets get, and who sets their rules).

Kept apart from :mod:`.preflight_report` (the report's pydantic models and views) so that
the command line can offer ``--profile`` without loading pydantic; that module re-exports
every name here.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CHECK_IDS", "CHECK_TITLES", "DEFAULT_PROFILE", "PROFILES", "PreflightProfile"]

CHECK_TITLES = {
    "version": "PDF version 1.4-1.7",
    "encryption": "No security or passwords",
    "fonts": "Fonts embedded",
    "page_size": "Page size",
    "footer_margin": "Footer band clear",
    "bookmarks": "Bookmarks",
    "links": "Links resolve",
    "javascript": "No JavaScript",
    "embedded_files": "No file attachments",
    "annotations": "No annotations",
    "searchable_text": "Text-searchable",
    "file_size": "File size",
}
CHECK_IDS = tuple(CHECK_TITLES)


@dataclass(frozen=True)
class PreflightProfile:
    """Which checks a regulator's packets get, and who sets their rules.

    ``authority`` is how findings name the rule's author ("the FDA"), or None when the
    checks are packet soundness, no regulator's rule; ``warn_only`` lists checks whose
    failures are only warnings under this profile.
    """

    id: str
    title: str
    authority: str | None
    checks: tuple[str, ...]
    warn_only: frozenset[str] = frozenset()


#: The profiles a ``regulator.yaml`` can name (``preflight: {profile: ...}``).
PROFILES: dict[str, PreflightProfile] = {
    "fda-pdf-specifications": PreflightProfile(
        "fda-pdf-specifications", "FDA Portable Document Format (PDF) Specifications",
        "the FDA", CHECK_IDS),
    "generic": PreflightProfile(
        "generic", "packet soundness (no regulator PDF rules known)", None,
        tuple(c for c in CHECK_IDS if c != "version"),
        warn_only=frozenset({"fonts", "embedded_files", "annotations"})),
}
DEFAULT_PROFILE = "fda-pdf-specifications"
