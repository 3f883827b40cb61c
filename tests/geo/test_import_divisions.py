"""The whole official divisions import: counts, tree shape, idempotency, renames and moves."""

import pytest
from django.core.management import call_command

from kanoon.geo.models import Kind, Unit
from kanoon.geo.services import import_divisions

EXPECTED = {
    Kind.COUNTRY: 1,
    Kind.PROVINCE: 31,
    Kind.COUNTY: 448,
    Kind.DISTRICT: 1099,
    Kind.CITY: 1554,
    Kind.RURAL_DISTRICT: 2637,
    Kind.VILLAGE: 98100,
}


@pytest.mark.slow
def test_it_loads_the_whole_country_and_is_idempotent(db):
    call_command("import_divisions", "--quiet")
    counts = {kind: Unit.objects.filter(kind=kind).count() for kind in EXPECTED}
    assert counts == EXPECTED
    # every unit's path starts with its parent's and is one segment longer
    tehran = Unit.objects.get(kind=Kind.PROVINCE, name="تهران")
    counties = list(tehran.children.all())
    assert len(counties) > 10 and all(c.path.startswith(tehran.path) and c.depth == 2 for c in counties)
    village = Unit.objects.filter(kind=Kind.VILLAGE).select_related("parent__parent").first()
    assert village.parent.kind == Kind.RURAL_DISTRICT and village.parent.parent.kind == Kind.DISTRICT
    assert village.ancestor_of_kind(Kind.PROVINCE) is not None

    again = import_divisions()
    assert again.skipped
    forced = import_divisions(force=True)
    assert (forced.created, forced.updated) == (0, 0)
    assert Unit.objects.count() == sum(EXPECTED.values())

    # a renamed unit is renamed back, not duplicated
    isfahan = Unit.objects.get(kind=Kind.PROVINCE, name="اصفهان")
    Unit.objects.filter(pk=isfahan.pk).update(name="نام قدیمی")
    result = import_divisions(force=True)
    assert (result.created, result.updated) == (0, 1)
    assert Unit.objects.get(pk=isfahan.pk).name == "اصفهان"

    # a county found under the wrong province is moved back with its whole subtree
    county = tehran.children.order_by("path").first()
    below = county.descendants().count()
    Unit.objects.filter(pk=county.pk).update(parent=isfahan)
    result = import_divisions(force=True)
    assert result.updated == 1
    county.refresh_from_db()
    assert county.parent_id == tehran.pk and county.path.startswith(tehran.path)
    assert county.descendants().count() == below
    assert Unit.objects.filter(path__startswith=county.path).exclude(pk=county.pk).count() == below

    # user-made zones and neighborhoods survive a re-import
    city = Unit.objects.filter(kind=Kind.CITY, path__startswith=tehran.path).first()
    zone = Unit(kind=Kind.ZONE, name="منطقه ۱", parent=city)
    zone.save()
    import_divisions(force=True)
    assert Unit.objects.filter(pk=zone.pk, parent=city).exists()
