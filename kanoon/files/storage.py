"""Private storage for attachments: outside MEDIA_ROOT, never served by URL.

Files live under `KANOON_PRIVATE_ROOT` (default `var/private/`) as `attachments/<uuid>` — the
name on disk carries neither the original name nor an extension. They reach a user only through
the scoped download view.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


def private_root() -> Path:
    configured = getattr(settings, "KANOON_PRIVATE_ROOT", None)
    return Path(configured) if configured else Path(settings.MEDIA_ROOT).parent / "private"


@deconstructible
class PrivateStorage(FileSystemStorage):
    def __init__(self) -> None:
        super().__init__(base_url=None)

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(private_root())

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("attachments are served only through the scoped download view")


private_storage = PrivateStorage()
