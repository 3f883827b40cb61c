"""Overdue quarterly reports: the daily job tells the reporters at each missing unit and one
summary to each approver above, once per data set and quarter, and is on the beat schedule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings

from kanoon.core import scope
from kanoon.core.jalali import Quarter
from kanoon.monitoring import reminders, services, tasks
from kanoon.monitoring.models import OverdueNotice
from kanoon.notifications.models import Notification
from tests.conftest import make_user

from .conftest import QUARTER

Q = Quarter.parse(QUARTER)
AFTER_DUE = Q.end + dt.timedelta(days=16)  # the fixture data set is due 15 days after the quarter


@pytest.fixture
def people(territory):
    return {
        "secretary": make_user("sec_y", scope.CENTER_SECRETARY, territory.yousefabad, mobile="09120000011"),
        "jolfa_secretary": make_user("sec_j", scope.CENTER_SECRETARY, territory.jolfa),
        "county": make_user("exp_rey", scope.COUNTY_EXPERT, territory.rey_county),
        "province": make_user("exp_teh", scope.PROVINCE_EXPERT, territory.tehran),
        "observer": make_user("obs", scope.OBSERVER, territory.tehran),
        "gone": make_user("gone", scope.CENTER_SECRETARY, territory.yousefabad, is_active=False),
    }


def titles(user) -> list[str]:
    return list(Notification.objects.filter(user=user, kind=reminders.KIND).values_list("title", flat=True))


def test_the_job_is_on_the_beat_schedule_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["monitoring-overdue-reports"]
    assert entry["task"] == tasks.overdue_reports.name == "monitoring.overdue_reports"
    assert "monitoring.overdue_reports" in tasks.overdue_reports.app.tasks


def test_overdue_quarter_is_the_latest_past_its_due_date(md):
    assert reminders.overdue_quarter(md.data_set, AFTER_DUE) == Q
    # on the due date itself the quarter is not late yet: the one before it is
    assert reminders.overdue_quarter(md.data_set, Q.end + dt.timedelta(days=15)) == Q.previous()


def test_reporters_and_approvers_are_told_once(md, territory, people, approved):
    # Jolfa sent and had it approved; Yousefabad and both counties did not
    isfahan_expert = make_user("exp_isf", scope.COUNTY_EXPERT, territory.isfahan_county)
    approved(
        territory.jolfa,
        people["jolfa_secretary"],
        isfahan_expert,
        {md.trainings.pk: "1", md.people.pk: "2"},
        QUARTER,
    )

    result = reminders.notify_overdue(today=AFTER_DUE)
    # county × 3 (تهران, ری, اصفهان) + neighborhood Yousefabad; Jolfa reported
    assert result == {"Q": 4}

    [mine] = titles(people["secretary"])
    assert "یوسف‌آباد" in mine and "گزارش فصلی" in mine and Q.label in mine
    note = Notification.objects.get(user=people["secretary"], kind=reminders.KIND)
    assert note.url.startswith(f"/monitoring/entry/{md.data_set.pk}/{territory.yousefabad.pk}/{QUARTER}/")
    assert titles(people["jolfa_secretary"]) == []  # reported
    assert titles(people["gone"]) == []  # inactive account
    assert titles(people["observer"]) == []  # not a reporter nor an approver

    # Rey county's own report is missing and its expert reports for it (told as a reporter, with
    # the entry link); nothing below Rey reports this data set, so no summary on top
    [county] = titles(people["county"])
    assert county.startswith("گزارش «گزارش فصلی»") and "برای ری" in county
    [province] = titles(people["province"])
    assert province.startswith("۳ واحد")  # Tehran county, Rey county, Yousefabad
    [isfahan] = titles(isfahan_expert)  # a reporter for its own county (Jolfa below it reported)
    assert "برای اصفهان" in isfahan
    summary = Notification.objects.get(user=people["province"], kind=reminders.KIND)
    assert "status=missing" in summary.url and f"period={QUARTER}" in summary.url

    before = Notification.objects.count()
    assert reminders.notify_overdue(today=AFTER_DUE) == {"Q": 4}  # the second run tells no one again
    assert Notification.objects.count() == before
    assert OverdueNotice.objects.filter(period=QUARTER).count() == 4


def test_nothing_when_everyone_reported_or_not_yet_due(md, territory, people):
    # before the due date the quarter is not late: the job looks at the quarter before it
    assert reminders.overdue_quarter(md.data_set, Q.end + dt.timedelta(days=3)) == Q.previous()
    md.data_set.unit_kinds = ["neighborhood"]
    md.data_set.save()
    for unit, user in (
        (territory.yousefabad, people["secretary"]),
        (territory.jolfa, people["jolfa_secretary"]),
    ):
        report = services.report_get_or_create(data_set=md.data_set, unit=unit, period=QUARTER, user=user)
        services.report_save_values(
            report=report, values={md.trainings.pk: "1", md.people.pk: "1"}, user=user
        )
        services.report_submit(report=report, user=user)
    assert reminders.notify_overdue(today=AFTER_DUE) == {"Q": 0}
    assert not Notification.objects.filter(kind=reminders.KIND, title__contains=Q.label).exists()


def test_a_draft_does_not_count_as_sent(md, territory, people):
    md.data_set.unit_kinds = ["neighborhood"]
    md.data_set.save()
    services.report_get_or_create(
        data_set=md.data_set, unit=territory.yousefabad, period=QUARTER, user=people["secretary"]
    )
    assert reminders.notify_overdue(today=AFTER_DUE) == {"Q": 2}
    assert titles(people["secretary"])


def test_the_celery_task_runs_the_job(md, territory, people):
    md.data_set.unit_kinds = ["neighborhood"]
    md.data_set.save()
    result = tasks.overdue_reports.apply().get()
    quarter = reminders.overdue_quarter(md.data_set, dt.date.today())
    assert result == {"Q": 2}  # no neighborhood has reported any quarter
    assert Notification.objects.filter(user=people["secretary"], title__contains=quarter.label).exists()
