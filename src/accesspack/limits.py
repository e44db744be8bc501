"""Every bound accesspack puts on its input, in one place.

A case file or an upload beyond a bound is refused before any rendering or conversion
starts, so nothing is written: a :class:`~accesspack.errors.CaseFileError` or
:class:`~accesspack.errors.CaseValidationError` names the file or field, an
:class:`~accesspack.errors.AttachmentError` names the attachment, and each says the limit.
``docs/reliability.md`` lists them; a test checks that page against these values.

The bounds are generous for a real case: the benchmark's packet of 300 uploads and 6,045
pages is well inside them.
"""

from __future__ import annotations

from datetime import date

__all__ = [
    "EARLIEST_DATE",
    "FREE_TEXT_LIMIT",
    "LATEST_DATE",
    "MAX_ATTACHMENTS",
    "MAX_CASE_FILE_BYTES",
    "MAX_CHECK_CHARS",
    "MAX_CHECK_PAGES",
    "MAX_IMAGE_PIXELS",
    "MAX_LIST_ITEMS",
    "MAX_NESTING",
    "MAX_PACKET_PAGES",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_PAGES",
    "MIN_IMAGE_SIDE",
    "SHORT_TEXT_LIMIT",
]

#: Largest case file (YAML or JSON), checked before it is read. A full case with long
#: free text is under 100 KB; longer material belongs in an attached document.
MAX_CASE_FILE_BYTES = 2 * 1024 * 1024
#: Deepest nesting of mappings and lists in a case file, its top mapping being level 1.
#: The fullest case needs six levels.
MAX_NESTING = 16
#: Most items in any list (or languages in a mapping) of a case, attachments excepted.
MAX_LIST_ITEMS = 200
#: Most attachments in a case.
MAX_ATTACHMENTS = 1_000
#: Most characters of a free-text field (each language variant).
FREE_TEXT_LIMIT = 20_000
#: Most characters of a short field (names, codes, short answers).
SHORT_TEXT_LIMIT = 2_000
#: Earliest date a case may hold (a birth date, a diagnosis).
EARLIEST_DATE = date(1900, 1, 1)
#: Latest date a case may hold (a planned start, a deadline).
LATEST_DATE = date(2100, 12, 31)
#: Largest uploaded file.
MAX_UPLOAD_BYTES = 512 * 1024 * 1024
#: Most pages of one uploaded PDF, or frames of one multi-page TIFF.
MAX_UPLOAD_PAGES = 5_000
#: Most pages the uploads of one packet may add up to.
MAX_PACKET_PAGES = 20_000
#: The shortest side, in pixels, of an image (or TIFF page) that can still be read: a
#: letter page scanned at 150 dpi is 1275 x 1650 pixels; under 100 pixels is a thumbnail.
MIN_IMAGE_SIDE = 100
#: The most pixels an image (or TIFF page) may have: 100 megapixels is a letter page at
#: about 1100 dpi. Larger images are refused from their header, before any decoding.
MAX_IMAGE_PIXELS = 100_000_000

# What is read of an upload to check it against the case (accesspack.upload_checks): not a
# bound that refuses anything, a cap on the reading. An accession number, a report's date
# and what a letter of authorization names are on its first pages.
#: Most pages of one upload whose text is read.
MAX_CHECK_PAGES = 20
#: Most characters of one upload's text that are read (about 60 dense pages).
MAX_CHECK_CHARS = 200_000
