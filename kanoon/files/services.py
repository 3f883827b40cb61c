"""Writes for attachments: add (content checked, thumbnail made) and remove (deactivate)."""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import warnings
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from kanoon.core.formats import number

from . import registry, sniff
from .models import Attachment

DENIED = "شما اجازهٔ این کار را ندارید."
THUMB_SIZE = 320
REFUSED_TYPE = (
    "نوع این فایل پذیرفته نیست؛ فقط PDF، تصویر (PNG، JPEG، GIF، WebP)، سند Word (docx)، "
    "کاربرگ Excel (xlsx) یا متن سادهٔ UTF-8. نوع فایل از محتوای آن تشخیص داده می‌شود، نه از نامش."
)
_BAD_CHARS = re.compile(r'[<>:"/\\|?*]')
_SPACES = re.compile(r"\s+")
_KEEP_FORMAT = {"\u200c", "\u200d"}  # ZWNJ / ZWJ are part of Persian spelling


def max_upload_bytes() -> int:
    return int(getattr(settings, "KANOON_MAX_UPLOAD_MB", 10)) * 1024 * 1024


def max_image_pixels() -> int:
    return int(getattr(settings, "KANOON_MAX_IMAGE_PIXELS", 50_000_000))


def sanitize_name(name: str, *, limit: int = 150) -> str:
    """A display name safe anywhere: no directories, no control or bidi-override characters
    (U+202E would turn "gpj.exe" into "exe.jpg" on screen), no NUL, no leading dots."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(
        ch
        for ch in name
        if ch in _KEEP_FORMAT or unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co", "Cn"}
    )
    name = _BAD_CHARS.sub("_", name)
    name = _SPACES.sub(" ", name).strip().lstrip(". ").strip()
    if len(name) > limit:
        stem, dot, ext = name.rpartition(".")
        ext = ext[:10] if dot and stem else ""
        name = (stem if ext else name)[: limit - len(ext) - 1].rstrip() + (f".{ext}" if ext else "")
    return name or "file"


def _digest(file: Any) -> str:
    sha = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        sha.update(chunk)
    file.seek(0)
    return sha.hexdigest()


def _check_complete(image: Any, file: Any, fmt: str) -> None:
    """Raise OSError for a cut-off image. WeasyPrint sets Pillow's global LOAD_TRUNCATED_IMAGES
    when it is imported, so decoding alone would quietly pad a truncated file with grey."""
    if fmt == "JPEG":
        # A JPEG ends with its EOI marker; some cameras pad or append a little after it. Inside
        # the compressed data an FF byte is always stuffed, so FF D9 there means the real end.
        file.seek(0, io.SEEK_END)
        file.seek(max(0, file.tell() - 4096))
        if b"\xff\xd9" not in file.read():
            raise OSError("truncated JPEG")
        return
    image.verify()  # PNG: every chunk and its CRC up to IEND; GIF/WebP: the structure


def make_thumbnail(file: Any, mime: str) -> ContentFile:
    """A ≤320 px thumbnail without EXIF (JPEG, or PNG when the image has transparency).
    Refuses decompression bombs from the header alone, before decoding any pixel."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    bomb = ValidationError({"file": "ابعاد این تصویر بیش از حد بزرگ است (بمب فشرده‌سازی)؛ پذیرفته نشد."})
    broken = ValidationError({"file": "این تصویر خراب است یا خوانده نمی‌شود."})
    fmt = {sniff.PNG: "PNG", sniff.JPEG: "JPEG", sniff.GIF: "GIF", sniff.WEBP: "WEBP"}[mime]
    file.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(file, formats=[fmt]) as image:
                width, height = image.size
                if width * height > max_image_pixels():
                    raise bomb
                _check_complete(image, file, fmt)
            file.seek(0)
            with Image.open(file, formats=[fmt]) as image:
                image.seek(0)
                picture = ImageOps.exif_transpose(image)
                picture.thumbnail((THUMB_SIZE, THUMB_SIZE))
                alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
                out = io.BytesIO()
                if alpha:
                    picture.convert("RGBA").save(out, "PNG", optimize=True)
                else:
                    picture.convert("RGB").save(out, "JPEG", quality=80, optimize=True)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise bomb from None
        except ValidationError:
            raise
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, MemoryError):
            raise broken from None
    file.seek(0)
    return ContentFile(out.getvalue())


def can_attach(user: Any, parent: models.Model) -> bool:
    reg = registry.get(type(parent))
    if reg is None:
        return False
    return reg.model._default_manager.restrict(user, reg.change_action).filter(pk=parent.pk).exists()


@transaction.atomic
def attachment_add(
    *, actor: Any, parent: models.Model, file: Any, kind: str = "other", label: str = ""
) -> Attachment:
    """Attach `file` to `parent` (a registered model the actor may change)."""
    reg = registry.get(type(parent))
    if reg is None:
        raise ValidationError({"content_type": "این نوع رکورد پیوست نمی‌پذیرد."})
    if not can_attach(actor, parent):
        raise PermissionDenied(DENIED)
    if kind not in reg.kinds:
        allowed = "، ".join(str(Attachment.Kind(k).label) for k in reg.kinds)
        raise ValidationError({"kind": f"این نوع پیوست برای این رکورد پذیرفته نیست؛ یکی از: {allowed}."})
    size = int(getattr(file, "size", 0) or 0)
    if size <= 0:
        raise ValidationError({"file": "فایل خالی است."})
    if size > max_upload_bytes():
        limit = number(max_upload_bytes() // (1024 * 1024))
        raise ValidationError({"file": f"حجم فایل بیش از {limit} مگابایت است."})
    mime = sniff.sniff(file, size)
    if mime is None:
        raise ValidationError({"file": REFUSED_TYPE})
    label = (label or "").replace("\x00", "").strip()
    if len(label) > 200:
        raise ValidationError({"label": "عنوان حداکثر ۲۰۰ نویسه است."})
    thumbnail = make_thumbnail(file, mime) if mime in sniff.IMAGES else None
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(reg.model),
        object_id=parent.pk,
        original_name=sanitize_name(getattr(file, "name", "") or ""),
        size=size,
        mime=mime,
        sha256=_digest(file),
        kind=kind,
        label=sanitize_name(label, limit=200) if label else "",
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    stored: list[Any] = []
    try:
        file.seek(0)
        attachment.file.save("file", file, save=False)
        stored.append(attachment.file)
        if thumbnail is not None:
            attachment.thumbnail.save("thumb", thumbnail, save=False)
            stored.append(attachment.thumbnail)
        attachment.full_clean(exclude=["file", "thumbnail"])
        if attachment.uploaded_by is not None:
            attachment._history_user = attachment.uploaded_by
        attachment.save()
    except Exception:
        for field in stored:
            field.storage.delete(field.name)
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, actor: Any, attachment: Attachment, reason: str) -> Attachment:
    """Take an attachment off its record (kept in storage and history; never hard-deleted)."""
    reason = (reason or "").replace("\x00", "").strip()
    if not reason:
        raise ValidationError({"reason": "دلیل حذف پیوست را بنویسید."})
    if len(reason) > 500:
        raise ValidationError({"reason": "دلیل حذف حداکثر ۵۰۰ نویسه است."})
    attachment = Attachment.objects.select_for_update().get(pk=attachment.pk)
    if not Attachment.objects.restrict(actor, "change").filter(pk=attachment.pk).exists():
        raise PermissionDenied(DENIED)
    if not attachment.is_active:
        return attachment
    attachment.is_active = False
    attachment.removed_reason = reason
    attachment.removed_by = actor if getattr(actor, "is_authenticated", False) else None
    attachment.removed_at = timezone.now()
    if attachment.removed_by is not None:
        attachment._history_user = attachment.removed_by
    attachment.save()
    return attachment
