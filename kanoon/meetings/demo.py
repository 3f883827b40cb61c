"""Demo data of the meetings app, loaded by `kanoon demo` after the centers and assemblies demos.

In Tehran province (else the first province): the cross-sector working group on health and food security
(کارگروه سلامت و امنیت غذایی) and the implementers' weekly expert meeting (جلسهٔ کارشناسی
هفتگی مجریان), each with members, a held meeting (attendance, minutes, resolutions under
follow-up) and the next one. Idempotent: nothing is added when the working group exists.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from kanoon.core import demo as clock
from kanoon.core import jalali
from kanoon.geo.models import Kind, Unit
from kanoon.people.models import Person

from . import services
from .kinds import BodyKind
from .models import Body

WORKING_GROUP = "کارگروه سلامت و امنیت غذایی"
EXPERT_MEETING = "جلسهٔ کارشناسی هفتگی مجریان"


def load(command) -> None:  # type: ignore[no-untyped-def]
    """Load the demo (called by `kanoon demo`, which keeps every loader's SMS and e-mail in memory)."""
    _load(command)


def _body(start: dt.date, **fields) -> Body:  # type: ignore[no-untyped-def]
    with clock.on(start):
        return services.body_create(**fields)


def _people(province: Unit, count: int) -> list[Person]:
    """People registered in the province (the newest first)."""
    return list(
        Person.objects.filter(registered_unit__path__startswith=province.path).order_by("-pk")[:count]
    )


def _members(body: Body, people: list[Person], groups: list[str], start: dt.date) -> None:
    for person, group in zip(people, groups, strict=False):
        seat = services.seat_create(actor=None, body=body, group=group)
        services.seat_assign(actor=None, seat=seat, person=person, start_date=start)


def _held(body: Body, title: str, when: dt.datetime, agenda: list[str], resolutions: list[tuple]) -> None:
    """A meeting recorded on its day (through the services, with the clock at that day)."""
    with clock.on(when + dt.timedelta(hours=2)):
        _record(body, title, when, agenda, resolutions)


def _record(body: Body, title: str, when: dt.datetime, agenda: list[str], resolutions: list[tuple]) -> None:
    meeting = services.meeting_schedule(
        actor=None, body=body, title=title, starts_at=when, place="سالن جلسات معاونت بهداشت", agenda=agenda
    )
    holders = [t.person_id for t in services.selectors.current_terms(body, when.date())]
    services.meeting_record_attendance(
        actor=None, meeting=meeting, present=holders[: len(holders) * 3 // 4 + 1]
    )
    services.meeting_record_minutes(
        actor=None, meeting=meeting, minutes="گزارش اعضا شنیده شد و درباره‌ی بندهای دستور جلسه تصمیم گرفته شد."
    )
    for text, owner, days, status in resolutions:
        resolution = services.resolution_add(
            actor=None,
            meeting=meeting,
            text=text,
            owner=owner,
            due_date=jalali.today() + dt.timedelta(days=days),
        )
        if status != "open":
            services.resolution_set_status(
                actor=None, resolution=resolution, status=status, note="پیگیری دبیرخانه"
            )


def _load(command) -> None:  # type: ignore[no-untyped-def]
    provinces = Unit.objects.filter(kind=Kind.PROVINCE, is_active=True)
    province = provinces.filter(name="تهران").first() or provinces.order_by("path").first()
    if province is None:
        return
    if Body.objects.filter(unit=province, kind=BodyKind.WORKING_GROUP, name=WORKING_GROUP).exists():
        command.stdout.write("Meetings demo already loaded.")
        return
    people = _people(province, 14)
    if len(people) < 6:
        return
    start = jalali.today() - dt.timedelta(days=120)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    with transaction.atomic():
        group = _body(
            start,
            actor=None,
            kind=BodyKind.WORKING_GROUP,
            unit=province,
            name=WORKING_GROUP,
            description="کارگروه بین‌بخشی استان: پایش امنیت غذایی و تغذیهٔ خانوارهای آسیب‌پذیر.",
        )
        with clock.on(start):
            _members(
                group,
                people[:7],
                ["chair", "secretary", "member", "member", "member", "member", "member"],
                start,
            )
        _held(
            group,
            "نشست فصلی کارگروه",
            now - dt.timedelta(days=20, hours=3),
            ["گزارش سبد غذایی خانوارهای تحت پوشش", "برنامهٔ آموزش تغذیه در مدارس"],
            [
                ("تهیهٔ فهرست خانوارهای نیازمند سبد غذایی", "بهزیستی استان", 30, "in_progress"),
                ("برگزاری کارگاه تغذیهٔ سالم برای مربیان", "آموزش و پرورش", -5, "open"),
            ],
        )
        services.meeting_schedule(
            actor=None,
            body=group,
            title="نشست بعدی کارگروه",
            starts_at=now + dt.timedelta(days=25),
            place="سالن جلسات استانداری",
            agenda=["گزارش پیشرفت مصوبات"],
        )
        weekly = _body(
            start,
            actor=None,
            kind=BodyKind.EXPERT_MEETING,
            unit=province,
            name=EXPERT_MEETING,
            description="هماهنگی هفتگی کارشناسان مجری برنامه‌های سلامت محله.",
            quorum_count=3,
        )
        with clock.on(start):
            _members(
                weekly, people[7:12], ["chair", "secretary", "implementer", "implementer", "expert"], start
            )
        _held(
            weekly,
            "جلسهٔ کارشناسی هفتگی",
            now - dt.timedelta(days=7, hours=2),
            ["گزارش هفتگی مجریان", "هماهنگی پایش میدانی"],
            [("ارسال گزارش پایش میدانی کانون‌ها", "کارشناس مسئول", 7, "done")],
        )
        services.meeting_schedule(
            actor=None,
            body=weekly,
            title="جلسهٔ کارشناسی هفتگی",
            starts_at=now + dt.timedelta(days=1),
            online_link="https://meet.example.ir/weekly",
            agenda=["گزارش هفتگی مجریان"],
        )
    command.stdout.write("Meetings demo: a working group and a weekly expert meeting.")
