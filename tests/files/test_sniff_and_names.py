"""Content sniffing, name sanitizing, thumbnails and decompression bombs (no HTTP)."""

from __future__ import annotations

import io
import time

import pytest
from django.core.exceptions import ValidationError

from kanoon.files import services, sniff
from kanoon.files.responses import content_disposition

from .conftest import EXE, HTML, PDF, bomb_png, jpeg_bytes, office_bytes, png_bytes


def _sniff(data: bytes):
    return sniff.sniff(io.BytesIO(data), len(data))


@pytest.mark.parametrize(
    "data, expected",
    [
        (PDF, sniff.PDF),
        (png_bytes(), sniff.PNG),
        (jpeg_bytes(), sniff.JPEG),
        (png_bytes(fmt="GIF"), sniff.GIF),
        (png_bytes(fmt="WEBP"), sniff.WEBP),
        (office_bytes("word/document.xml"), sniff.DOCX),
        (office_bytes("xl/workbook.xml"), sniff.XLSX),
        ("گزارش جلسه\nبند ۱: آب آشامیدنی\n".encode(), sniff.TEXT),
    ],
)
def test_it_recognizes_accepted_types_by_content(data, expected):
    assert _sniff(data) == expected


@pytest.mark.parametrize(
    "data",
    [
        EXE,
        HTML,
        b"\x7fELF\x02\x01\x01" + b"\x00" * 50,
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"   <?xml version='1.0'?><html/>",
        office_bytes("other.xml"),  # a zip, but not Word or Excel
        office_bytes(
            "word/document.xml",
            b'<Types><Default ContentType="application/vnd.ms-word.document.macroEnabled.12"/></Types>',
        ),
        b"PK\x03\x04 not really a zip",
        "abc\u202etxt.exe".encode(),  # bidi override inside "text"
        b"\xff\xfe\x00\x00garbage",
        b"",
    ],
)
def test_it_refuses_everything_else(data):
    assert _sniff(data) is None


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32\\cmd.exe", "cmd.exe"),
        ("report\x00.pdf", "report.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),
        ("صورت‌جلسهٔ مجمع.pdf", "صورت‌جلسهٔ مجمع.pdf"),  # ZWNJ kept
        ("...hidden", "hidden"),
        ('a<b>:"c|d?*.txt', "a_b___c_d__.txt"),
        ("", "file"),
        ("\x00\u202e", "file"),
    ],
)
def test_it_sanitizes_hostile_names(raw, clean):
    assert services.sanitize_name(raw) == clean


def test_long_names_keep_their_extension():
    name = services.sanitize_name("ا" * 400 + ".pdf")
    assert len(name) == 150 and name.endswith(".pdf")


def test_content_disposition_carries_persian_names_per_rfc_5987():
    header = content_disposition("صورت جلسه.pdf")
    assert header.startswith("attachment; filename=")
    assert "filename*=UTF-8''%D8%B5%D9%88%D8%B1%D8%AA%20%D8%AC%D9%84%D8%B3%D9%87.pdf" in header
    assert '"' not in header.split("filename=")[1].strip('"').split('";')[0]


def test_thumbnails_are_small_and_carry_no_exif():
    from PIL import Image

    data = jpeg_bytes(size=(2000, 1000), exif=True)
    assert Image.open(io.BytesIO(data)).getexif()  # the source has EXIF (camera, GPS)
    thumb = services.make_thumbnail(io.BytesIO(data), sniff.JPEG)
    image = Image.open(io.BytesIO(thumb.read()))
    assert max(image.size) == 320 and image.size == (320, 160)
    assert not image.getexif() and "exif" not in image.info


def test_a_decompression_bomb_is_refused_from_its_header_fast():
    data = bomb_png()
    assert len(data) < 200
    started = time.monotonic()
    with pytest.raises(ValidationError) as info:
        services.make_thumbnail(io.BytesIO(data), sniff.PNG)
    assert time.monotonic() - started < 1
    assert "بمب" in info.value.message_dict["file"][0]


def test_an_image_just_over_the_configured_pixel_limit_is_refused(settings):
    settings.KANOON_MAX_IMAGE_PIXELS = 100 * 100
    with pytest.raises(ValidationError):
        services.make_thumbnail(io.BytesIO(png_bytes(size=(101, 100))), sniff.PNG)
    assert services.make_thumbnail(io.BytesIO(png_bytes(size=(100, 100))), sniff.PNG)


def test_a_truncated_image_is_refused_in_persian():
    data = png_bytes()[:100]
    with pytest.raises(ValidationError) as info:
        services.make_thumbnail(io.BytesIO(data), sniff.PNG)
    assert "خراب" in info.value.message_dict["file"][0]


def test_a_truncated_image_is_refused_even_after_weasyprint_relaxed_pillow():
    import weasyprint  # noqa: F401 — importing it sets ImageFile.LOAD_TRUNCATED_IMAGES = True
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    for data, mime in ((png_bytes()[:100], sniff.PNG), (jpeg_bytes()[:-200], sniff.JPEG)):
        with pytest.raises(ValidationError) as info:
            services.make_thumbnail(io.BytesIO(data), mime)
        assert "خراب" in info.value.message_dict["file"][0]
