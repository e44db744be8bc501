"""Generators of hostile and broken uploads (issue 7).

Each function writes one bad upload into ``folder`` and returns its path. Nothing here is
committed as a binary file: every upload is made when a test asks for it, from reportlab,
pikepdf, Pillow or raw bytes, deterministically (the same call gives the same bytes,
encrypted PDFs aside: AES salts are random).
"""

from __future__ import annotations

import random
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pikepdf
from PIL import Image
from reportlab.pdfgen import canvas

#: The value a filled form field of :func:`scripted_pdf` holds: it must stay visible.
FIELD_VALUE = "FIELDVALUE-7731"
#: The text a FreeText annotation of :func:`scripted_pdf` shows: flattened, it stays visible.
NOTE_TEXT = "NOTETEXT-5150"
#: What the web link of :func:`scripted_pdf` points to: a plain link, kept.
LINK_URI = "https://example.org/report"


def _pdf(path: Path, pages: int, marker: str, *, filler: int = 0,
         symbol: bool = False) -> Path:
    """A plain reportlab PDF, in Helvetica (not embedded); ``filler`` lines of text per
    page make it bigger; ``symbol`` adds a line in Symbol (not embedded either, and with
    no substitute accesspack could embed)."""
    c = canvas.Canvas(str(path), invariant=1)
    for n in range(pages):
        if symbol:
            c.setFont("Symbol", 12)
            c.drawString(72, 740, "abg")
            c.setFont("Helvetica", 12)
        c.drawString(72, 720, f"{marker} page {n + 1}")
        for line in range(filler):
            c.drawString(72, 700 - 12 * (line % 50), f"{marker} filler line {line} " * 3)
        c.showPage()
    c.save()
    return path


def empty_file(folder: Path, name: str = "empty.pdf") -> Path:
    """A file of 0 bytes."""
    path = folder / name
    path.write_bytes(b"")
    return path


def truncated_pdf(folder: Path, name: str = "truncated.pdf") -> Path:
    """A 6-page PDF cut in half: its tail (xref table, trailer, ``%%EOF``) is gone."""
    path = _pdf(folder / name, 6, "TRUNCATED", filler=20)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def broken_xref_pdf(folder: Path, name: str = "broken-xref.pdf") -> Path:
    """A complete 3-page PDF whose ``startxref`` points to the wrong place.

    The file still ends with ``%%EOF``; qpdf rebuilds the cross-reference table by
    scanning the objects and finds every page.
    """
    return _break_startxref(_pdf(folder / name, 3, "REPAIRED"))


def _break_startxref(path: Path) -> Path:
    """Point ``startxref`` of the PDF ``path`` to the wrong place, in place (qpdf then
    rebuilds the cross-reference table by scanning the objects)."""
    data = path.read_bytes()
    found = re.search(rb"startxref\s+(\d+)", data)
    assert found is not None
    wrong = str(int(found.group(1)) // 2).encode().rjust(len(found.group(1)), b"0")
    path.write_bytes(data[: found.start(1)] + wrong + data[found.end(1):])
    return path


def encrypted_pdf(folder: Path, name: str = "locked.pdf", *, user: str = "s3cret-Pw",
                  owner: str = "owner-Pw") -> Path:
    """A 2-page AES-256 encrypted PDF, in Helvetica and Symbol (neither embedded);
    ``user=""`` makes it owner-password-only (it opens without a password, but printing,
    copying and editing are restricted)."""
    plain = _pdf(folder / f"plain-{name}", 2, "LOCKED", symbol=True)
    path = folder / name
    with pikepdf.Pdf.open(plain) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(
            user=user, owner=owner, R=6,
            allow=pikepdf.Permissions(extract=False, modify_other=False,
                                      print_highres=False, print_lowres=False)),
            static_id=True)
    plain.unlink()
    return path


def jpeg_named_pdf(folder: Path, name: str = "scan.pdf") -> Path:
    """A JPEG scan (850 x 1100 pixels) whose name says PDF."""
    path = folder / name
    img = Image.new("RGB", (850, 1100), (255, 255, 255))
    img.paste((20, 40, 160), (100, 100, 750, 300))
    img.save(path, format="JPEG", quality=85, dpi=(100, 100))
    return path


def random_docx(folder: Path, name: str = "letter.docx") -> Path:
    """4 KiB of (seeded) random bytes named ``.docx``."""
    path = folder / name
    data = random.Random(7).randbytes(4096)
    assert not data.startswith((b"PK", b"%PDF", b"\xff\xd8", b"\x89PNG", b"II", b"MM"))
    path.write_bytes(data)
    return path


def zip_not_docx(folder: Path, name: str = "report.docx") -> Path:
    """A zip archive (a spreadsheet's parts) named ``.docx``."""
    path = folder / name
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    return path


def one_pixel_image(folder: Path, name: str = "dot.png") -> Path:
    """A 1 x 1 pixel PNG."""
    path = folder / name
    Image.new("L", (1, 1), 0).save(path, format="PNG")
    return path


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def huge_image(folder: Path, name: str = "huge.png", side: int = 16_000) -> Path:
    """A ``side`` x ``side`` pixel 1-bit (mode "1") white PNG, about 30 KiB on disk.

    Written chunk by chunk with zlib, so making it never holds the pixels in memory
    (Pillow would hold one byte per pixel: 256 MB).
    """
    path = folder / name
    row = b"\x00" + b"\xff" * ((side + 7) // 8)  # filter byte "none", then white pixels
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", body)
                     + _chunk(b"IEND", b""))
    return path


def multipage_tiff(folder: Path, name: str = "fax.tiff", pages: int = 50) -> Path:
    """A ``pages``-page greyscale TIFF (each 200 x 260 pixels, a different grey)."""
    path = folder / name
    frames = [Image.new("L", (200, 260), 40 + (n * 3) % 200) for n in range(pages)]
    frames[0].save(path, save_all=True, append_images=frames[1:], compression="tiff_lzw")
    return path


def scripted_pdf(folder: Path, name: str = "scripted.pdf") -> Path:
    """A 2-page PDF full of active content, with two filled form fields.

    - JavaScript: an ``/OpenAction``, a document-level script (``/Names /JavaScript``),
      a page ``/AA`` (on open), a link whose action is a script, a field keystroke
      script (widget ``/AA``): 5 scripts;
    - embedded files: one in ``/Names /EmbeddedFiles``, one in a FileAttachment
      annotation: 2;
    - form: ``/AcroForm`` with two filled text fields, one without an appearance stream
      (``/NeedAppearances``), whose value :data:`FIELD_VALUE` must stay visible;
    - annotations: a Text note (no appearance: removed), the FileAttachment, a FreeText
      note with an appearance showing :data:`NOTE_TEXT` (flattened into the page), a
      plain web link (:data:`LINK_URI`) and a link to page 2, which are kept.
    """
    path = folder / name
    c = canvas.Canvas(str(path), invariant=1)
    c.drawString(72, 720, "SCRIPTED page 1")
    c.acroForm.textfield(name="diagnosis", value=FIELD_VALUE, x=72, y=600, width=260,
                         height=22)
    c.acroForm.textfield(name="initials", value="QX", x=72, y=560, width=80, height=22)
    c.linkURL(LINK_URI, (72, 480, 260, 500))
    c.showPage()
    c.drawString(72, 720, "SCRIPTED page 2")
    c.showPage()
    c.save()
    with pikepdf.Pdf.open(path, allow_overwriting_input=True) as pdf:
        js = pikepdf.Name.JavaScript
        page1, page2 = pdf.pages[0].obj, pdf.pages[1].obj
        pdf.Root.OpenAction = pikepdf.Dictionary(S=js, JS="app.alert('open')")
        scripts = pikepdf.NameTree.new(pdf)
        scripts["init"] = pikepdf.Dictionary(S=js, JS="app.alert('doc')")
        pdf.Root.Names = pikepdf.Dictionary(JavaScript=scripts.obj)
        pdf.attachments["notes.txt"] = pikepdf.AttachedFileSpec(
            pdf, b"hidden payload", filename="notes.txt")
        page1.AA = pikepdf.Dictionary(O=pikepdf.Dictionary(S=js, JS="app.alert('page')"))
        widgets = [a for a in page1.Annots if a.Subtype == "/Widget"]
        widgets[0].AA = pikepdf.Dictionary(K=pikepdf.Dictionary(S=js, JS="event.rc=true"))
        del widgets[1]["/AP"]  # a filled field that needs its appearance generated
        pdf.Root.AcroForm.NeedAppearances = True
        spec = pikepdf.AttachedFileSpec(pdf, b"another payload", filename="payload.bin")
        new = [
            pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
                               Rect=[72, 440, 260, 460], Border=[0, 0, 0],
                               A=pikepdf.Dictionary(S=js, JS="app.alert('link')")),
            pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
                               Rect=[72, 400, 260, 420], Border=[0, 0, 0],
                               Dest=pikepdf.Array([page2, pikepdf.Name.Fit])),
            pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text,
                               Rect=[300, 700, 320, 720], Contents="a sticky note"),
            pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.FileAttachment,
                               Rect=[300, 650, 320, 670], FS=spec.obj,
                               Contents="attached file"),
        ]
        font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                  BaseFont=pikepdf.Name.Helvetica)
        look = pdf.make_stream(f"BT /Helv 12 Tf 4 6 Td ({NOTE_TEXT}) Tj ET".encode(),
                               Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                               BBox=[0, 0, 160, 24],
                               Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(
                                   Helv=font)))
        new.append(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.FreeText,
                                      Rect=[300, 500, 460, 524], Contents=NOTE_TEXT,
                                      DA="/Helv 12 Tf 0 g", F=4,
                                      AP=pikepdf.Dictionary(N=look)))
        for annot in new:
            page1.Annots.append(pdf.make_indirect(annot))
        pdf.save(path, deterministic_id=True)
    return path


def cyclic_pdf(folder: Path, name: str = "cyclic.pdf") -> Path:
    """A 1-page PDF whose active content loops: its ``/OpenAction`` script's ``/Next`` is
    an array that holds only itself, and a form field is its own kid. A walk that expands
    arrays without counting them, or follows links without a visited set, never ends."""
    path = _pdf(folder / name, 1, "CYCLIC")
    with pikepdf.Pdf.open(path, allow_overwriting_input=True) as pdf:
        action = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript,
                                                      JS="app.alert('loop')"))
        loop = pdf.make_indirect(pikepdf.Array())
        loop.append(loop)
        action.Next = loop
        pdf.Root.OpenAction = action
        field = pdf.make_indirect(pikepdf.Dictionary(FT=pikepdf.Name.Tx, T="loop", V="x"))
        field.Kids = pikepdf.Array([field])
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([field]))
        pdf.save(path, deterministic_id=True)
    return path


def many_pages_pdf(folder: Path, name: str = "long.pdf", pages: int = 2000) -> Path:
    """A ``pages``-page PDF: one reportlab page repeated with pikepdf (fast)."""
    one = _pdf(folder / f"one-{name}", 1, "LONG")
    path = folder / name
    with pikepdf.Pdf.open(one) as src, pikepdf.Pdf.new() as pdf:
        page = pdf.copy_foreign(src.pages[0].obj)
        for _ in range(pages):
            pdf.pages.append(pikepdf.Page(page))
        pdf.save(path, deterministic_id=True)
    one.unlink()
    return path


# -- issue 17: uploads that decode to nothing, animate, or make libraries talk ----------------

def _drawing(size: tuple[int, int] = (850, 1100), mode: str = "RGB") -> Image.Image:
    """A page with lines over all of it, so that a cut in its data shows (and compresses
    too well to hide)."""
    from PIL import ImageDraw

    img = Image.new(mode, size, "white")
    draw = ImageDraw.Draw(img)
    for y in range(0, size[1], 9):
        draw.line((0, y, size[0], size[1] - y), fill="black" if mode != "RGB" else
                  (y % 256, 60, 160), width=3)
    return img


def animated_png(folder: Path, name: str = "animated.png", frames: int = 41) -> Path:
    """An animated PNG (APNG) of ``frames`` frames of 300 x 400 pixels with transparency,
    each a different colour: the first is the one page it should give. (Transparency sends
    it through Pillow's frame iterator, where it gave a page per frame.)"""
    path = folder / name
    images = [Image.new("RGBA", (300, 400), (30 + (n * 5) % 200, 90, 160, 200))
              for n in range(frames)]
    images[0].save(path, format="PNG", save_all=True, append_images=images[1:],
                   duration=100, loop=0)
    return path


def truncated_jpeg(folder: Path, name: str = "cut.jpg") -> Path:
    """A baseline JPEG scan (850 x 1100) cut in half: its header is whole, its data is not."""
    path = folder / name
    _drawing().save(path, format="JPEG", quality=90, dpi=(100, 100))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def truncated_png(folder: Path, name: str = "cut.png") -> Path:
    """A PNG (850 x 1100) cut in half: its IDAT data stops short and there is no IEND."""
    path = folder / name
    _drawing().save(path, format="PNG")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _tiff(width: int, height: int, strip: bytes, *, declared: int | None = None,
          odd_tags: bool = False) -> bytes:
    """A little-endian 8-bit grey TIFF, Deflate-compressed in one strip, its directory
    first (so a file cut short keeps it). ``declared`` is the strip's byte count as the
    directory says it; ``odd_tags`` adds a private tag no reader knows and an Exif
    directory pointer past the end of the file."""
    # tag, type (3 short, 4 long), count, value
    entries: list[tuple[int, int, int, int]] = [
        (256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, 8), (259, 3, 1, 8),
        (262, 3, 1, 1), (273, 4, 1, 0), (277, 3, 1, 1), (278, 4, 1, height),
        (279, 4, 1, declared if declared is not None else len(strip)),
    ]
    if odd_tags:
        entries += [(34665, 4, 1, 0x7FFF0000), (65000, 4, 1, 1234)]
    entries.sort()
    ifd_size = 2 + 12 * len(entries) + 4
    data_at = 8 + ifd_size
    ifd = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        value = data_at if tag == 273 else value
        packed = struct.pack("<H", value) + b"\0\0" if kind == 3 else struct.pack("<I", value)
        ifd += struct.pack("<HHI", tag, kind, count) + packed
    ifd += struct.pack("<I", 0)
    return b"II*\x00" + struct.pack("<I", 8) + ifd + strip


def _grey_rows(width: int, height: int) -> bytes:
    return _drawing((width, height), "L").tobytes()


def noisy_tiff(folder: Path, name: str = "noisy.tiff") -> Path:
    """A sound 600 x 800 grey TIFF with a private tag no reader knows and an Exif pointer
    past the end of the file: Pillow warns ("Corrupt EXIF data"), but the page is whole."""
    path = folder / name
    path.write_bytes(_tiff(600, 800, zlib.compress(_grey_rows(600, 800)), odd_tags=True))
    return path


def truncated_tiff(folder: Path, name: str = "cut.tiff") -> Path:
    """A 600 x 800 grey TIFF whose Deflate strip is cut short (the directory, first in the
    file, still promises the whole strip): libtiff reports a read error on the standard
    error, and Pillow fails to decode it."""
    path = folder / name
    strip = zlib.compress(_grey_rows(600, 800))
    path.write_bytes(_tiff(600, 800, strip[: len(strip) // 2], declared=len(strip)))
    return path


def exif_jpeg(folder: Path, name: str = "exif.jpg") -> Path:
    """A sound 850 x 1100 JPEG whose Exif block is damaged (its first directory points past
    the block's end): Pillow warns when it reads the orientation."""
    path = folder / name
    buf = _drawing()
    tiff_header = b"MM\x00*" + struct.pack(">I", 8) + struct.pack(">H", 3)  # 3 entries...
    tiff_header += struct.pack(">HHII", 0x0112, 3, 1, 1 << 16)  # orientation 1
    tiff_header += struct.pack(">HHII", 0x8769, 4, 1, 0x00FFFFF0)  # Exif IFD far away
    # ... and the third is missing: the directory runs past the end of the block
    buf.save(path, format="JPEG", quality=85, dpi=(100, 100), exif=b"Exif\x00\x00" + tiff_header)
    return path


def broken_lzw_pdf(folder: Path, name: str = "lzw.pdf") -> Path:
    """A 2-page PDF whose first page's content is ``/Filter /LZWDecode`` over bytes that are
    no LZW data. qpdf "repairs" it by keeping the raw bytes, and the page prints blank."""
    path = _pdf(folder / name, 2, "LZW")
    with pikepdf.Pdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[0].obj.Contents.write(bytes(range(256)) * 4, filter=pikepdf.Name.LZWDecode)
        pdf.save(path, deterministic_id=True)
    return path


def truncated_flate_pdf(folder: Path, name: str = "flate.pdf") -> Path:
    """A 2-page PDF whose first page's content is a Flate stream cut in half: it decodes
    in part (qpdf warns), and the page would print incomplete."""
    path = _pdf(folder / name, 2, "FLATE")
    with pikepdf.Pdf.open(path, allow_overwriting_input=True) as pdf:
        content = b"BT /F1 12 Tf 72 720 Td (FLATE page 1, a line of text) Tj ET\n" * 40
        packed = zlib.compress(content)
        pdf.pages[0].obj.Contents.write(packed[: len(packed) // 2],
                                        filter=pikepdf.Name.FlateDecode)
        pdf.save(path, deterministic_id=True)
    return path


def repaired_broken_image_pdf(folder: Path, name: str = "repaired-image.pdf") -> Path:
    """A 2-page PDF with a damaged cross-reference table (qpdf repairs it) and, on page 2,
    an image whose Flate data is garbage: the page content is sound, but a check of the
    repaired copy, which decodes every stream, fails."""
    path = _pdf(folder / name, 2, "REPAIRIMG")
    with pikepdf.Pdf.open(path, allow_overwriting_input=True) as pdf:
        page = pdf.pages[1]
        image = pdf.make_stream(b"\x78\x9c this is not deflate data" * 20,
                                Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                                Width=100, Height=100, ColorSpace=pikepdf.Name.DeviceGray,
                                BitsPerComponent=8, Filter=pikepdf.Name.FlateDecode)
        page.add_resource(image, pikepdf.Name.XObject, pikepdf.Name("/Im0"))
        page.contents_add(pdf.make_stream(b"q 100 0 0 100 72 400 cm /Im0 Do Q"))
        pdf.save(path, deterministic_id=True)
    return _break_startxref(path)


#: The password :func:`r6_encrypted_pdf` is encrypted with (already SASLprep-normalised),
#: and forms of it a user may type that SASLprep maps to it.
R6_PASSWORD = "fine pass-word"
R6_UNNORMALISED = (
    "\ufb01ne pass-word",         # the "fi" ligature: NFKC makes it "fi"
    "fine\u00a0pass-word",        # a no-break space: mapped to a space (C.1.2)
    "fi\u00adne pass-word",       # a soft hyphen: mapped to nothing (B.1)
)


def r6_encrypted_pdf(folder: Path, name: str = "aes256.pdf",
                     password: str = R6_PASSWORD) -> Path:
    """A 2-page AES-256 (revision 6, PDF 2.0) PDF whose user password is ``password``
    (give it normalised, as a PDF 2.0 writer stores it)."""
    plain = _pdf(folder / f"plain-{name}", 2, "AES256")
    path = folder / name
    with pikepdf.Pdf.open(plain) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(user=password, owner="owner-" + password,
                                                     R=6), static_id=True)
    plain.unlink()
    return path
