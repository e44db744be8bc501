"""Opening a PDF with the password the case gives, as PDF 2.0 requires.

An AES-256 (revision 6) PDF's password is prepared with SASLprep (RFC 4013) and encoded
as UTF-8 before use (ISO 32000-2, 7.6.4.3.3). qpdf uses the bytes it is given, so a
password typed in another form (a soft hyphen, a ligature, a non-breaking space) would be
refused where Acrobat opens the file: :func:`open_pdf` tries the password as given, then
its prepared form. Every reader of an upload opens it here.
"""

from __future__ import annotations

import contextlib
import stringprep
import unicodedata
from pathlib import Path

import pikepdf

__all__ = ["open_pdf", "saslprep"]

_PROHIBITED = (stringprep.in_table_c12, stringprep.in_table_c21, stringprep.in_table_c22,
               stringprep.in_table_c3, stringprep.in_table_c4, stringprep.in_table_c5,
               stringprep.in_table_c6, stringprep.in_table_c7, stringprep.in_table_c8,
               stringprep.in_table_c9)
#: The longest password an AES-256 (revision 6) PDF uses, in UTF-8 bytes (ISO 32000-2, 7.6.4.3.3).
_R6_PASSWORD_BYTES = 127


def saslprep(text: str) -> str:
    """``text`` prepared with SASLprep (RFC 4013, a profile of stringprep, RFC 3454).

    PDF 2.0 prepares the password of an AES-256 (revision 6) PDF so before it encodes it
    as UTF-8: non-ASCII spaces (table C.1.2) become a space, characters commonly mapped
    to nothing (B.1, e.g. the soft hyphen) are dropped, the result is NFKC-normalised
    (Unicode 3.2, as stringprep is; "\ufb01" becomes "fi"). Prohibited characters
    (C.1.2, C.2.1, C.2.2, C.3 to C.9) and text breaking the bidirectional rule raise
    ``ValueError``. Unassigned code points are let through (a query, not a stored string).
    """
    mapped = "".join(" " if stringprep.in_table_c12(ch) else ch
                     for ch in text if not stringprep.in_table_b1(ch))
    prepared = unicodedata.ucd_3_2_0.normalize("NFKC", mapped)
    for ch in prepared:
        if any(table(ch) for table in _PROHIBITED):
            raise ValueError(f"prohibited character U+{ord(ch):04X}")
    if any(stringprep.in_table_d1(ch) for ch in prepared):
        if any(stringprep.in_table_d2(ch) for ch in prepared):
            raise ValueError("right-to-left and left-to-right characters mixed")
        if not (stringprep.in_table_d1(prepared[0]) and stringprep.in_table_d1(prepared[-1])):
            raise ValueError("right-to-left text must start and end right-to-left")
    return prepared


def _password_forms(password: str) -> list[str | bytes]:
    """The password as given, then SASLprep-normalised and cut to 127 UTF-8 bytes (if
    that differs): what PDF 2.0 readers use for an AES-256 file. qpdf uses the bytes it is
    given, so an unnormalised form (a soft hyphen, a ligature, a non-breaking space) fails
    where Acrobat succeeds."""
    forms: list[str | bytes] = [password]
    try:
        prepared = saslprep(password).encode("utf-8")[:_R6_PASSWORD_BYTES]
    except ValueError:  # prohibited characters: the password can only be as given
        return forms
    if prepared != password.encode("utf-8", "surrogatepass")[:_R6_PASSWORD_BYTES]:
        forms.append(prepared)
    return forms


def open_pdf(path: Path, password: str | None = None) -> pikepdf.Pdf:
    """Open the PDF ``path`` (lazily: pages and streams are read when used).

    An encrypted PDF is opened with ``password`` as given, then with its SASLprep form
    (see :func:`saslprep`); ``pikepdf.PasswordError`` if neither opens it. No password
    opens a PDF that has none, or only an owner password. The caller closes the result.
    """
    if not password:
        return pikepdf.Pdf.open(path, password="")
    forms = _password_forms(password)
    for form in forms[:-1]:
        with contextlib.suppress(pikepdf.PasswordError):
            return pikepdf.Pdf.open(path, password=form)
    return pikepdf.Pdf.open(path, password=forms[-1])
