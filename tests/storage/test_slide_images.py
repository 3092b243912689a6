"""Cropping a rectangle of a real slide, and checking picture files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from storage.slide_images import (
    ImageError,
    crop_slide,
    load_image_file,
    page_size,
    unique_name,
)
from tests.conftest import FIXTURES

PDF = FIXTURES / "yandex-nlp-lecture-efficiency.pdf"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG")
    with Image.open(io.BytesIO(data)) as img:
        return img.size


def test_crop_has_the_size_of_the_rectangle_at_the_dpi() -> None:
    width, height = page_size(PDF, 2)
    assert width > 100 and height > 100
    rect = (10.0, 20.0, 10.0 + width / 2, 20.0 + height / 3)
    data = crop_slide(PDF, 2, rect, dpi=144)  # 2 pixels per point
    w, h = _png_size(data)
    assert abs(w - width) <= 2 and abs(h - height * 2 / 3) <= 2


def test_crop_is_clipped_to_the_page_and_corners_may_come_in_any_order() -> None:
    width, height = page_size(PDF, 1)
    data = crop_slide(PDF, 1, (width + 500, height + 500, width - 72, height - 36), dpi=72)
    w, h = _png_size(data)
    assert abs(w - 72) <= 1 and abs(h - 36) <= 1  # page edges fall between pixels


def test_crop_that_is_not_there_gets_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="too small or outside page 1"):
        crop_slide(PDF, 1, (5000, 5000, 6000, 6000))
    with pytest.raises(ImageError, match="has no page 999"):
        crop_slide(PDF, 999, (0, 0, 50, 50))
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(ImageError, match=r"broken\.pdf: cannot open the slides"):
        crop_slide(bad, 1, (0, 0, 50, 50))


def test_image_files_are_checked(tmp_path: Path) -> None:
    good = tmp_path / "My Figure (1).png"
    Image.new("RGB", (40, 30), "red").save(good)
    image = load_image_file(good)
    assert image.name == "My_Figure_1.png" and image.data == good.read_bytes()
    jpg = tmp_path / "photo.jpeg"
    Image.new("RGB", (10, 10)).save(jpg, "JPEG")
    assert load_image_file(jpg).name == "photo.jpg"

    text = tmp_path / "notes.png"
    text.write_text("not a picture")
    with pytest.raises(ImageError, match=r"notes\.png: not a PNG or JPEG image"):
        load_image_file(text)
    truncated = tmp_path / "cut.png"
    truncated.write_bytes(good.read_bytes()[:60])
    with pytest.raises(ImageError, match=r"cut\.png: the image is damaged"):
        load_image_file(truncated)
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    with pytest.raises(ImageError, match="the file is empty"):
        load_image_file(empty)
    with pytest.raises(ImageError, match="cannot read the file"):
        load_image_file(tmp_path / "missing.png")


def test_unique_name() -> None:
    assert unique_name("a.png", set()) == "a.png"
    assert unique_name("a.png", {"a.png", "a-2.png"}) == "a-3.png"
