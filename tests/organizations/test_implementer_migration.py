"""`monitoring.Implementer` becoming an organization keeps every implementer, on SQLite and
PostgreSQL: migrate back to before the move, write implementers (and organizations already in the
registry) through the old models, migrate forward, and find each implementer as one organization
flagged `is_implementer`, with its kind, unit, active flag and creation time, and a history record
of the change; organizations' own history rows stay. Then back again: implementers come back."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from kanoon.core.text import search_key

BEFORE = [("monitoring", "0003_report_tally"), ("organizations", "0002_organization_is_implementer")]


def _old_org(Organization, Historical, **fields):
    """An organization (and its first history row) written through the old models."""
    org = Organization.objects.create(name_key=search_key(fields["name"]), **fields)
    values = {
        f.attname: getattr(org, f.attname)
        for f in Historical._meta.concrete_fields
        if hasattr(org, f.attname)
    }
    values.pop("history_id", None)
    Historical.objects.create(**values, history_date=org.created_at, history_type="+")
    return org


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # keeps the seeded catalogs for later tests
def test_it_turns_every_implementer_into_a_flagged_organization(territory):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Implementer = old.get_model("monitoring", "Implementer")
    OldOrganization = old.get_model("organizations", "Organization")
    OldHistorical = old.get_model("organizations", "HistoricalOrganization")

    # already in the registry: same unit and name; same unit and search key (ZWNJ / Arabic yeh)
    welfare_office = _old_org(
        OldOrganization,
        OldHistorical,
        unit_id=territory.tehran.pk,
        name="ادارهٔ کل بهزیستی استان تهران",
        kind="government",
        sector="welfare",
        national_id="10380100001",
    )
    isfahan_university = _old_org(
        OldOrganization,
        OldHistorical,
        unit_id=territory.isfahan.pk,
        name="معاونت اجتماعی دانشگاه علوم پزشکی اصفهان",
        kind="university",
    )
    bystander = _old_org(
        OldOrganization, OldHistorical, unit_id=territory.tehran.pk, name="سمن مهر", kind="ngo"
    )

    long_ago = timezone.now() - dt.timedelta(days=400)
    rows = [
        # new organizations
        ("معاونت اجتماعی دانشگاه علوم پزشکی تهران", "university", territory.tehran, True),
        ("سمن مهر", "other", territory.rey_county, False),  # the name of an organization of another unit
        ("مجری شهرستان اصفهان", "other", territory.isfahan_county, True),
        # organizations of the registry
        ("ادارهٔ کل بهزیستی استان تهران", "welfare", territory.tehran, True),
        ("معاونت اجتماعي دانشگاه علوم پزشكي اصفهان", "university", territory.isfahan, True),  # ي/ك
    ]
    implementers = []
    for n, (name, kind, unit, active) in enumerate(rows):
        imp = Implementer.objects.create(name=name, kind=kind, unit_id=unit.pk, is_active=active)
        Implementer.objects.filter(pk=imp.pk).update(
            created_at=long_ago + dt.timedelta(days=n), updated_at=long_ago + dt.timedelta(days=n, hours=1)
        )
        imp.refresh_from_db()
        implementers.append(imp)
    before_orgs = OldOrganization.objects.count()
    before_history = {h.pk: (h.id, h.history_type, h.name) for h in OldHistorical.objects.all()}

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from kanoon.organizations.models import Organization

    assert "monitoring_implementer" not in connection.introspection.table_names()
    assert Organization.objects.count() == before_orgs + 3
    flagged = Organization.objects.filter(is_implementer=True)
    assert flagged.count() == len(implementers)
    # the three new ones: the implementer's kind, unit, name, active flag and times, one "+" record
    for imp in implementers[:3]:
        org = Organization.objects.get(unit_id=imp.unit_id, name=imp.name)
        assert (org.kind, org.is_active, org.is_implementer) == (imp.kind, imp.is_active, True)
        assert (org.created_at, org.updated_at) == (imp.created_at, imp.updated_at)
        assert org.name_key == search_key(imp.name)
        [record] = org.history.all()
        assert (record.history_type, record.history_date, record.history_user_id) == (
            "+",
            imp.created_at,
            None,
        )
        assert (record.name, record.kind, record.unit_id, record.is_active, record.is_implementer) == (
            imp.name,
            imp.kind,
            imp.unit_id,
            imp.is_active,
            True,
        )
    # the registry's organizations are flagged, not copied; their details and history are kept
    for org_before in (welfare_office, isfahan_university):
        org = Organization.objects.get(pk=org_before.pk)
        assert org.is_implementer
        assert (org.name, org.kind, org.sector, org.national_id, org.is_active) == (
            org_before.name,
            org_before.kind,
            org_before.sector,
            org_before.national_id,
            org_before.is_active,
        )
        assert [(h.history_type, h.is_implementer) for h in org.history.all()] == [("~", True), ("+", False)]
    assert not Organization.objects.get(pk=bystander.pk).is_implementer
    assert list(Organization.objects.get(pk=bystander.pk).history.values_list("history_type", flat=True)) == [
        "+"
    ]
    # every history row written before the move is still there, unchanged
    HistoricalOrganization = Organization.history.model
    for pk, values in before_history.items():
        h = HistoricalOrganization.objects.get(pk=pk)
        assert (h.id, h.history_type, h.name) == values

    # and back: the implementers come back from the flagged organizations (which stay)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    back = executor.loader.project_state(BEFORE).apps.get_model("monitoring", "Implementer")
    assert sorted(back.objects.values_list("unit_id", "name")) == sorted(
        Organization.objects.filter(is_implementer=True).values_list("unit_id", "name")
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert Organization.objects.filter(is_implementer=True).count() == len(implementers)
    assert Organization.objects.count() == before_orgs + 3
