"""`monitoring.Implementer` becomes an organization with `is_implementer=True`.

For each implementer: the organization of the same unit and name (or, failing that, the only one
of the same unit whose search key is the same) is flagged; otherwise one is created with the
implementer's kind, unit, name, active flag and creation time. Implementers had no history table,
so each organization gets one history record for the change: "+" at the implementer's creation
time for a new one, "~" now for a flagged one. Nothing points at implementers, so no key moves.
The organization registry is the authority on whether a matched organization is active.

Backwards: implementers are made again from the flagged organizations (organizations stay)."""

from django.db import migrations
from django.utils import timezone

from kanoon.core.text import search_key

REASON = "مجری برنامه (از monitoring.Implementer)"


def _history(Historical, org, *, history_type, history_date):
    row = Historical(
        history_type=history_type,
        history_date=history_date,
        history_change_reason=REASON,
        history_user=None,
    )
    for field in Historical._meta.concrete_fields:
        if field.attname.startswith("history_"):
            continue
        if hasattr(org, field.attname):
            setattr(row, field.attname, getattr(org, field.attname))
    row.save()


def forwards(apps, schema_editor):
    Implementer = apps.get_model("monitoring", "Implementer")
    Organization = apps.get_model("organizations", "Organization")
    Historical = apps.get_model("organizations", "HistoricalOrganization")
    now = timezone.now()
    for imp in Implementer.objects.order_by("pk").iterator():
        key = search_key(imp.name)
        org = Organization.objects.filter(unit_id=imp.unit_id, name=imp.name).first()
        if org is None:
            same = list(Organization.objects.filter(unit_id=imp.unit_id, name_key=key)[:2])
            org = same[0] if len(same) == 1 else None
        if org is not None:
            if not org.is_implementer:
                org.is_implementer = True
                Organization.objects.filter(pk=org.pk).update(is_implementer=True, updated_at=now)
                _history(Historical, org, history_type="~", history_date=now)
            continue
        org = Organization.objects.create(
            kind=imp.kind,
            name=imp.name,
            name_key=key,
            unit_id=imp.unit_id,
            is_active=imp.is_active,
            is_implementer=True,
        )
        # created_at is auto_now_add: keep the implementer's times with an update
        Organization.objects.filter(pk=org.pk).update(created_at=imp.created_at, updated_at=imp.updated_at)
        _history(Historical, org, history_type="+", history_date=imp.created_at)


def backwards(apps, schema_editor):
    Implementer = apps.get_model("monitoring", "Implementer")
    Organization = apps.get_model("organizations", "Organization")
    kinds = {"university", "welfare", "other"}
    for org in Organization.objects.filter(is_implementer=True).order_by("pk").iterator():
        Implementer.objects.get_or_create(
            unit_id=org.unit_id,
            name=org.name,
            defaults={"kind": org.kind if org.kind in kinds else "other", "is_active": org.is_active},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0002_organization_is_implementer"),
        ("monitoring", "0003_report_tally"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
