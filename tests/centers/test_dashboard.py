import datetime as dt

from kanoon.centers import selectors, services
from kanoon.core import jalali

from .conftest import make_center, make_member


def test_the_dashboard_counts_centers_members_groups_and_the_trend(territory):
    today = jalali.today()
    this_q = jalali.Quarter.current()
    old = this_q.previous().previous()
    a = make_center(territory.yousefabad, "الف", founded_on=old.start, status="active")
    b = make_center(territory.village, "ب", founded_on=today)
    make_center(territory.jolfa, "اصفهان", status="active")  # another province: not counted
    young = make_member(a, gender="female", birth_date=today - dt.timedelta(days=365 * 10))
    make_member(a, gender="male", birth_date=today - dt.timedelta(days=365 * 35))
    make_member(b, gender="female")  # no birth date
    services.membership_leave(actor=None, membership=young.memberships.get())
    services.group_create(actor=None, center=a, name="گروه", topic="other", formed_on=old.start)
    services.establishment_record_fact(center=a, rule="identity", on=today)
    d = selectors.unit_dashboard(unit=territory.tehran, stalled_days=30)
    assert d.centers_total == 2 and d.by_status == {"active": 1, "proposed": 1}
    assert d.members_total == 2 and d.by_gender == {"female": 1, "male": 1}
    ages = {key: n for key, _label, n in d.by_age}
    assert ages["30_44"] == 1 and ages["unknown"] == 1 and ages["under18"] == 0
    assert d.groups_total == 1
    trend = {t["quarter"]: t for t in d.trend}
    assert trend[old]["centers"] == 1 and trend[this_q]["centers"] == 2
    assert trend[old]["groups"] == 1
    assert trend[this_q]["members"] == 2  # the one who left today is no longer counted
    assert d.places_total == 2 and d.places_covered == 2 and d.coverage_percent == 100.0
    children = {r["unit"].pk: r["total"] for r in d.children}
    assert children == {territory.tehran_county.pk: 1, territory.rey_county.pk: 1}


def test_stalled_centers_are_open_ones_without_recent_progress(territory):
    long_ago = jalali.today() - dt.timedelta(days=200)
    stalled = make_center(territory.yousefabad, "کند", founded_on=long_ago)
    moving = make_center(territory.village, "پویا", founded_on=long_ago)
    closed = make_center(territory.jolfa, "بسته", founded_on=long_ago)
    services.center_set_status(actor=None, center=closed, status="closed", reason="انحلال")
    from kanoon.centers.models import EstablishmentAction

    services.action_mark_done(
        actor=None, center=moving, action=EstablishmentAction.objects.get(code="1.1"), done_on=jalali.today()
    )
    d = selectors.unit_dashboard(unit=territory.country, stalled_days=60)
    assert [c.pk for c in d.stalled] == [stalled.pk] and d.stalled_count == 1
    assert selectors.unit_dashboard(unit=territory.country, stalled_days=400).stalled_count == 0
    stalled.refresh_from_db()
    assert stalled.is_stalled(60) and not moving.is_stalled(60)


def test_progress_follows_the_catalog(territory):
    from kanoon.centers.models import EstablishmentAction

    center = make_center(territory.yousefabad)
    phase1 = EstablishmentAction.objects.filter(strategy__phase__number=1)
    for action in phase1:
        services.action_mark_done(actor=None, center=center, action=action, done_on=jalali.today())
    center.refresh_from_db()
    total = EstablishmentAction.objects.filter(is_active=True).count()
    assert center.phase == 2 and center.progress == round(100 * phase1.count() / total)
    EstablishmentAction.objects.exclude(strategy__phase__number=1).update(is_active=False)
    services.refresh_all_progress()
    center.refresh_from_db()
    assert center.progress == 100 and center.phase == 1


def test_country_and_province_dashboards_are_live(territory, django_assert_max_num_queries):
    make_center(territory.yousefabad, "الف")
    assert selectors.unit_dashboard(unit=territory.tehran).centers_total == 1
    make_center(territory.village, "ب")
    # no cache: the next read already sees the new center, at every level
    assert selectors.unit_dashboard(unit=territory.tehran).centers_total == 2
    assert selectors.unit_dashboard(unit=territory.country).centers_total == 2
    assert selectors.unit_dashboard(unit=territory.rey_county).centers_total == 1
    assert selectors.unit_dashboard(unit=territory.village).centers_total == 1
