"""Image uploads decoded with fewer full-size copies alive (:mod:`accesspack.pdf.images`)
give the very same PNG pages as the plain steps did."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageOps, ImageSequence

from accesspack.pdf.images import _flatten, _frames_as_png


def _plain_steps(src: Path, pages: int) -> list[bytes]:
    """_frames_as_png as it was written before the copies were cut: every step a copy."""
    pngs: list[bytes] = []
    with Image.open(src) as img:
        for n, frame in enumerate(ImageSequence.Iterator(img)):
            if n == pages:
                break
            upright = ImageOps.exif_transpose(frame)
            assert upright is not None
            if upright.mode in ("RGBA", "LA") or "transparency" in upright.info:
                rgba = upright.convert("RGBA")
                white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
                flat = Image.alpha_composite(white, rgba).convert("RGB")
                flat = flat.convert("L") if upright.mode == "LA" else flat
            else:
                flat = upright if upright.mode in ("1", "L", "RGB") else upright.convert("RGB")
            icc = upright.info.get("icc_profile") if flat.mode == upright.mode else None
            params: dict[str, object] = {"optimize": False}
            dpi = upright.info.get("dpi")
            if dpi:
                params["dpi"] = tuple(round(float(d)) or 72 for d in dpi)
            if icc:
                params["icc_profile"] = icc
            buf = io.BytesIO()
            flat.save(buf, format="PNG", **params)
            pngs.append(buf.getvalue())
    return pngs


def _rgba(size: tuple[int, int]) -> Image.Image:
    img = Image.new("RGBA", size, (0, 0, 255, 255))
    img.paste((200, 30, 0, 0), (0, 0, size[0] // 2, size[1]))  # half transparent
    img.paste((10, 200, 40, 128), (0, 0, size[0], size[1] // 3))  # a third half-opaque
    return img


def _turned(img: Image.Image, path: Path, orientation: int) -> Path:
    exif = Image.Exif()
    exif[0x0112] = orientation
    img.save(path, exif=exif.tobytes(), dpi=(150, 150))
    return path


@pytest.mark.parametrize("name", ["rgba", "rgba-turned", "la", "rgb", "rgb-turned",
                                  "palette", "tiff-frames", "cmyk"])
def test_pages_are_the_bytes_the_plain_steps_gave(name: str, tmp_path: Path) -> None:
    src = tmp_path / f"{name}.png"
    pages = 1
    if name == "rgba":
        _rgba((320, 200)).save(src, dpi=(300, 300))
    elif name == "rgba-turned":
        _turned(_rgba((320, 200)), src, 6)
    elif name == "la":
        _rgba((320, 200)).convert("LA").save(src)
    elif name == "rgb":
        _rgba((320, 200)).convert("RGB").save(src)
    elif name == "rgb-turned":
        src = _turned(_rgba((320, 200)).convert("RGB"), tmp_path / "rgb.jpg", 8)
    elif name == "palette":
        img = _rgba((320, 200)).convert("RGB").convert("P")
        img.save(src, transparency=0)
    elif name == "cmyk":
        src = tmp_path / "cmyk.jpg"
        _rgba((320, 200)).convert("CMYK").save(src)
    else:
        src, pages = tmp_path / "fax.tif", 2
        frames = [_rgba((300, 400)).convert(mode) for mode in ("L", "RGB", "1")]
        frames[0].save(src, save_all=True, append_images=frames[1:], dpi=(200, 200))
    got = _frames_as_png(src, pages)
    assert len(got) == pages
    assert got == _plain_steps(src, pages)


def test_flattening_leaves_the_frame_as_it_was() -> None:
    frame = _rgba((64, 48))
    before = frame.tobytes()
    flat = _flatten(frame)
    assert flat.mode == "RGB" and flat is not frame
    assert frame.mode == "RGBA" and frame.tobytes() == before
    assert flat.getpixel((63, 47)) == (0, 0, 255)
    assert flat.getpixel((0, 47)) == (255, 255, 255)  # was fully transparent: white
