"""Background work of the centers app (Celery; inline without REDIS_URL)."""

from __future__ import annotations

from celery import shared_task

from kanoon.accounts.models import User

from . import importer, services
from .models import MemberImport


@shared_task(name="centers.run_member_import")
def run_member_import(import_id: int, user_id: int | None = None) -> dict:
    """Run one member import; its progress is stored on the MemberImport row as it goes."""
    mi = MemberImport.objects.select_related("center__unit").get(pk=import_id)
    user = User.objects.filter(pk=user_id).first() if user_id else None
    mi = importer.run_import(mi, actor=user)
    return {"status": mi.status, "saved": mi.created_memberships, "rejected": mi.rejected_rows}


@shared_task(name="centers.refresh_progress")
def refresh_progress() -> int:
    """Recompute every center's phase and percentage (after the catalog changes)."""
    return services.refresh_all_progress()
