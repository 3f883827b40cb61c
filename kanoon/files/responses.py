"""The one way an attachment's bytes leave the server."""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from django.http import FileResponse, Http404

from .models import Attachment


def content_disposition(name: str, *, inline: bool = False) -> str:
    """RFC 6266 / RFC 5987: an ASCII fallback plus `filename*=UTF-8''…` for Persian names."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = "".join(ch for ch in ascii_name if ch.isprintable() and ch not in '"\\;').strip(" .")
    if not ascii_name or ascii_name.startswith("."):
        ascii_name = (
            "file." + name.rsplit(".", 1)[-1].encode("ascii", "ignore").decode() if "." in name else "file"
        )
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def _secure(response: FileResponse) -> FileResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def file_response(attachment: Attachment) -> FileResponse:
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("فایل پیدا نشد.")
    response = FileResponse(handle, content_type=attachment.mime)
    response["Content-Disposition"] = content_disposition(attachment.download_name)
    response["Content-Length"] = str(attachment.size)
    return _secure(response)


def thumbnail_response(attachment: Attachment) -> FileResponse:
    if not attachment.thumbnail:
        raise Http404("پیدا نشد.")
    try:
        handle = attachment.thumbnail.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("پیدا نشد.")
    head = handle.read(8)
    handle.seek(0)
    mime = "image/png" if head.startswith(b"\x89PNG") else "image/jpeg"
    response = FileResponse(handle, content_type=mime)
    response["Content-Disposition"] = content_disposition("thumbnail." + mime.split("/")[1], inline=True)
    return _secure(response)
