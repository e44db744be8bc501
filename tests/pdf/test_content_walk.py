"""The content walk (:class:`accesspack.pdf.content.ContentWalk`) reads a ``cm``'s operands
only when something is drawn after it, and finds the same places as applying each ``cm``
at once: runs of ``cm``, ``q``/``Q`` around them, a ``cm`` whose operands are not numbers,
and accesspack's own footer, which the walk of a packet leaves out."""

from __future__ import annotations

import pikepdf
import pytest

from accesspack.pdf.content import _PENDING, ContentWalk, Marks
from accesspack.pdf.stamp import concat

N = pikepdf.Name
IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def walk(content: bytes, *, skip_stamps: bool = True, clips: bool = False) -> Marks:
    """What a one-page PDF showing ``content`` paints (an image ``/Im0``, a form
    ``/Fm0`` showing text at its origin, a footer form ``/APStamp0``)."""
    pdf = pikepdf.new()
    image = pdf.make_stream(b"\x00", Type=N.XObject, Subtype=N.Image, Width=1, Height=1,
                            ColorSpace=N.DeviceGray, BitsPerComponent=8)
    form = pdf.make_stream(b"BT (f) Tj ET", Type=N.XObject, Subtype=N.Form,
                           BBox=[0, 0, 10, 10])
    stamp = pdf.make_stream(b"BT (s) Tj ET", Type=N.XObject, Subtype=N.Form,
                            BBox=[0, 0, 10, 10])
    page = pdf.add_blank_page(page_size=(612, 792)).obj
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(
        Im0=image, Fm0=form, APStamp0=stamp))
    page.Contents = pdf.make_stream(content)
    return ContentWalk(skip_stamps=skip_stamps, clips=clips).page(
        page, page.Resources, IDENTITY)


def test_a_run_of_cm_longer_than_the_ones_held_is_applied_in_order() -> None:
    pairs = _PENDING + 3  # more cm than are held unapplied
    marks = walk(b"1 0 0 1 1 0 cm 2 0 0 2 0 0 cm " * pairs + b"BT (x) Tj ET")
    ctm = IDENTITY
    for _ in range(pairs):  # each cm applied at once, as the PDF reference describes
        ctm = concat((1.0, 0.0, 0.0, 1.0, 1.0, 0.0), ctm)
        ctm = concat((2.0, 0.0, 0.0, 2.0, 0.0, 0.0), ctm)
    assert marks.points == [(ctm[4], ctm[5])]
    assert marks.points[0][0] == 2.0 ** pairs - 1  # 1 + 2 + 4 + ...


def test_q_and_Q_restore_the_cm_not_yet_applied() -> None:
    marks = walk(b"1 0 0 1 10 20 cm q 1 0 0 1 100 100 cm Q BT (x) Tj ET "
                 b"q 2 0 0 2 0 0 cm BT (y) Tj ET Q BT (z) ' ET")
    assert marks.points == [(10.0, 20.0), (10.0, 20.0), (10.0, 20.0)]


def test_a_cm_whose_operands_are_not_numbers_changes_nothing() -> None:
    marks = walk(b"1 0 0 1 5 5 cm /X 1 2 3 4 cm 1 0 0 1 5 5 cm BT (x) Tj ET")
    assert marks.points == [(10.0, 10.0)]


@pytest.mark.parametrize("skip_stamps", [True, False])
def test_the_footer_is_left_out_or_walked_after_its_cm(skip_stamps: bool) -> None:
    marks = walk(b"q 1 0 0 1 200 30 cm /APStamp0 Do 1 0 0 1 50 0 cm /APStamp0 Do Q",
                 skip_stamps=skip_stamps)
    assert marks.stamped
    assert marks.points == ([] if skip_stamps else [(200.0, 30.0), (250.0, 30.0)])


def test_images_forms_inline_images_and_clips_are_placed_after_the_held_cm() -> None:
    marks = walk(b"1 0 0 1 10 0 cm 100 0 0 50 0 0 cm /Im0 Do "
                 b"q 0.01 0 0 0.02 0 0 cm 1 0 0 1 3 4 cm /Fm0 Do Q "
                 b"q 0.01 0 0 0.02 0 0 cm 0 0 1 1 re W n 1 0 0 1 1 1 cm "
                 b"BI /W 1 /H 1 /CS /G /BPC 8 ID \x00 EI Q", clips=True)
    assert marks.image
    assert marks.quads[0] == (10.0, 0.0, 110.0, 0.0, 10.0, 50.0, 110.0, 50.0)
    assert marks.points == [(13.0, 4.0)]
    # the inline image's unit square at (11, 1)..(12, 2) in the form's frame, cut to the
    # clip (10, 0)..(11, 1): one corner point's box
    assert marks.quads[1] == (11.0, 1.0, 11.0, 1.0, 11.0, 1.0, 11.0, 1.0)


def test_the_leading_is_the_last_tl_with_a_number_as_q_and_Q_and_TD_leave_it() -> None:
    tls = b"5 TL " * (_PENDING + 1)  # more TL than are held unread
    marks = walk(b"BT 0 100 Td " + tls + b"20 TL /X TL T* (a) Tj "
                 b"q 7 TL Q T* (b) Tj 0 -3 TD 9 TL 0 0 Td T* (c) Tj 0 -4 TD (d) ' ET")
    assert marks.points == [(0.0, 80.0), (0.0, 60.0), (0.0, 48.0), (0.0, 40.0)]
