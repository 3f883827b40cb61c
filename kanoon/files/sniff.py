"""What a file really is, from its first bytes (never from its name or the browser's word).

Accepted: PDF, PNG, JPEG, GIF, WebP, Word (.docx) and Excel (.xlsx) documents, and plain UTF-8
text. Everything else (executables, HTML, SVG, scripts, plain zips, macro-enabled Office files)
is refused.
"""

from __future__ import annotations

import re
import zipfile
from typing import IO

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
WEBP = "image/webp"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT = "text/plain"

IMAGES = frozenset({PNG, JPEG, GIF, WEBP})
EXTENSIONS = {
    PDF: "pdf",
    PNG: "png",
    JPEG: "jpg",
    GIF: "gif",
    WEBP: "webp",
    DOCX: "docx",
    XLSX: "xlsx",
    TEXT: "txt",
}
LABELS = {
    PDF: "PDF",
    PNG: "تصویر PNG",
    JPEG: "تصویر JPEG",
    GIF: "تصویر GIF",
    WEBP: "تصویر WebP",
    DOCX: "سند Word",
    XLSX: "کاربرگ Excel",
    TEXT: "متن",
}

MAX_TEXT_BYTES = 2 * 1024 * 1024  # larger "text" is not what people attach as a note
_MARKUP = re.compile(
    rb"<\s*(!doctype|html|head|body|script|iframe|svg|\?xml|object|embed|meta|style|form|a\s|img)", re.I
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def _office(file: IO[bytes]) -> str | None:
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                return None
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > 1024 * 1024:
                return None
            types = archive.read(info).lower()
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError, NotImplementedError, EOFError):
        return None
    if b"macroenabled" in types or any(n.lower().endswith("vbaproject.bin") for n in names):
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def _text(file: IO[bytes], size: int) -> str | None:
    if size > MAX_TEXT_BYTES or size == 0:
        return None
    file.seek(0)
    raw = file.read(MAX_TEXT_BYTES + 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if _CONTROL.search(text) or _MARKUP.search(raw):
        return None
    return TEXT


def sniff(file: IO[bytes], size: int) -> str | None:
    """The content type of an accepted file, or None when it is not one we accept."""
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        return _office(file)
    return _text(file, size)
