"""Demo data for the assemblies app, loaded by `kanoon demo` after the centers demo.

Assemblies above every demo center at every level (neighborhood, county, province, national),
seats filled from the centers' members, a held meeting with minutes and resolutions and an
upcoming one, ranked problems, one referral in progress and a policy partly acknowledged.
Idempotent: structure is looked up before it is created; the content is made once.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from kanoon.accounts.models import User
from kanoon.centers.models import Center, CenterStatus, Membership, Person
from kanoon.core import jalali
from kanoon.geo.models import Kind, Unit

from . import selectors, services
from .models import Assembly, Level, Problem, SeatGroup, Topic

PROBLEMS = [
    # title, topic, population, evidence, scores (magnitude, severity, concern, feasibility, cost)
    (
        "انباشت پسماند در کوچه‌های شرقی",
        Topic.ENVIRONMENT,
        3500,
        "گزارش داوطلبان و عکس‌های ۱۲ نقطه",
        (4, 3, 5, 4, 2),
    ),
    (
        "فشار خون کنترل‌نشده در سالمندان",
        Topic.CHRONIC,
        900,
        "غربالگری پایگاه سلامت: ۳۱٪ بالای ۶۰ سال",
        (4, 5, 3, 4, 2),
    ),
    ("کمبود فضای امن بازی کودکان", Topic.LIFESTYLE, 1200, "نیازسنجی محله", (3, 2, 4, 2, 4)),
    ("مصرف دخانیات نوجوانان در پارک", Topic.ADDICTION, 400, "گزارش مدرسه و پلیس", (2, 4, 4, 3, 2)),
    (
        "آب آشامیدنی با طعم و بوی نامطبوع",
        Topic.ENVIRONMENT,
        6000,
        "شکایت ۸۰ خانوار، آزمایش آب",
        (5, 4, 5, 2, 5),
    ),
]


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _ensure(level: str, unit: Unit, center: Center | None = None) -> Assembly:
    found = (
        Assembly.objects.filter(center=center).first()
        if center
        else Assembly.objects.filter(unit=unit).first()
    )
    return found or services.assembly_create(actor=None, level=level, unit=unit, center=center)


def _fill(assembly: Assembly, people: list[Person], start: dt.date, skip_group: str | None = None) -> None:
    """Give the seats to people (leaving a few vacant, and optionally one whole group empty)."""
    if assembly.seats.filter(terms__isnull=False).exists():
        return
    seats = [s for s in assembly.seats.order_by("group", "kind", "pk") if s.group != skip_group]
    for seat, person in zip(seats[:-2], people, strict=False):
        if person.seat_terms.filter(seat__body=assembly.body_id).exists():
            continue
        services.seat_assign(
            actor=None, seat=seat, person=person, start_date=start, end_date=start + dt.timedelta(days=730)
        )


def _people_of(units: list[Unit], limit: int) -> list[Person]:
    ids = Membership.objects.filter(center__unit__in=units, status="active").values_list(
        "person_id", flat=True
    )
    return list(Person.objects.filter(pk__in=ids).order_by("pk")[:limit])


def load(command) -> None:  # type: ignore[no-untyped-def]
    """Load the demo; the notifications it raises stay in the app (no console SMS flood)."""
    from django.test.utils import override_settings

    from kanoon.core.notify import MemorySMSBackend

    with override_settings(
        KANOON_SMS_BACKEND="kanoon.core.notify.MemorySMSBackend",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    ):
        _load(command)
    MemorySMSBackend.outbox.clear()


def _load(command) -> None:  # type: ignore[no-untyped-def]
    today = jalali.today()
    with transaction.atomic():
        centers = list(
            Center.objects.filter(
                kind="neighborhood", status__in=[CenterStatus.ACTIVE, CenterStatus.ESTABLISHING]
            )
            .select_related("unit")
            .order_by("pk")
        )
        country = Unit.objects.filter(depth=0).first()
        if country is None or not centers:
            return
        _ensure(Level.NATIONAL, country)
        neighborhood_assemblies = []
        for center in centers:
            county = center.unit.ancestor_of_kind(Kind.COUNTY)
            province = center.unit.ancestor_of_kind(Kind.PROVINCE)
            _ensure(Level.PROVINCE, province)
            _ensure(Level.COUNTY, county)
            neighborhood_assemblies.append(_ensure(Level.NEIGHBORHOOD, center.unit, center))
        if Problem.objects.exists():
            command.stdout.write("Assemblies demo already loaded.")
            return

        start = today - dt.timedelta(days=200)
        for i, assembly in enumerate(neighborhood_assemblies):
            # one assembly shows the empty-group warning: no trustees yet
            _fill(assembly, _people_of([assembly.unit], 20), start, SeatGroup.TRUSTEES if i == 1 else None)
        for assembly in Assembly.objects.exclude(level=Level.NEIGHBORHOOD).exclude(level=Level.NATIONAL):
            below = list(
                Unit.objects.filter(
                    path__startswith=assembly.unit.path, kind__in=[Kind.NEIGHBORHOOD, Kind.VILLAGE]
                )
            )
            pool = _people_of(below, 60)
            _fill(assembly, pool[20:] if len(pool) > 30 else pool, start)

        tehran_centers = [a for a in neighborhood_assemblies if a.unit.name == "یوسف‌آباد"]
        home = tehran_centers[0] if tehran_centers else neighborhood_assemblies[0]
        secretary = _user("secretary")
        facilitator = _user("facilitator")
        province_expert = _user("tehran")

        # a held meeting with minutes, attendance and resolutions; and the next one
        held = services.meeting_schedule(
            actor=None,
            assembly=home,
            title="جلسهٔ فصلی مجمع سلامت محله",
            starts_at=timezone.now() - dt.timedelta(days=20, hours=3),
            place=f"{home.center.venue_name or 'مسجد محله'}",
            agenda=["گزارش دبیر کانون", "اولویت‌بندی مسائل سلامت محله", "تعیین مسئول پیگیری"],
        )
        holders = [t.person_id for t in selectors.current_terms(home, held.starts_at.date())]
        services.meeting_record_attendance(
            actor=None, meeting=held, present=holders[: len(holders) * 2 // 3 + 1]
        )
        services.meeting_record_minutes(
            actor=None,
            meeting=held,
            minutes="جلسه با حضور اکثریت اعضا برگزار شد. دبیر کانون گزارش فعالیت‌های فصل را ارائه کرد. "
            "مسائل محله با ماتریس اولویت‌بندی امتیاز داده شد و مقرر شد مسئلهٔ آب آشامیدنی به مجمع شهرستان ارجاع شود.",
        )
        services.resolution_add(
            actor=None,
            meeting=held,
            text="پاکسازی کوچه‌های شرقی با مشارکت داوطلبان و شهرداری منطقه",
            owner="شهرداری منطقه ۶ و گروه محیط زیست کانون",
            due_date=today + dt.timedelta(days=30),
        )
        services.resolution_add(
            actor=None,
            meeting=held,
            text="برگزاری دو جلسهٔ غربالگری فشار خون در مسجد",
            owner="پایگاه سلامت محله",
            due_date=today - dt.timedelta(days=2),
        )
        services.meeting_schedule(
            actor=None,
            assembly=home,
            title="جلسهٔ فصل بعد",
            starts_at=timezone.now() + dt.timedelta(days=9),
            place="فرهنگسرای محله",
            online_link="https://meet.example.ir/kanoon-yousefabad",
            agenda=["پیگیری مصوبات", "گزارش ارجاع به شهرستان"],
        )

        # ranked problems, votes, one referral in progress and one resolved
        voters = [p for p in Person.objects.filter(pk__in=holders)][:6]
        made = []
        for k, (title, topic, population, evidence, values) in enumerate(PROBLEMS):
            problem = services.problem_register(
                actor=secretary,
                assembly=home,
                title=title,
                description=f"{title} — مطرح‌شده در نیازسنجی و جلسهٔ مجمع.",
                topic=topic,
                affected_population=population,
                evidence=evidence,
                source="meeting" if k % 2 else "needs_assessment",
                source_meeting=held if k % 2 else None,
            )
            keys = ["magnitude", "severity", "concern", "feasibility", "cost"]
            services.problem_score(actor=None, problem=problem, values=dict(zip(keys, values, strict=True)))
            for person in voters[: 6 - k]:
                services.problem_vote(actor=None, problem=problem, person=person)
            made.append(problem)
        water = made[4]
        services.problem_refer(
            actor=secretary,
            problem=water,
            justification="منشأ مشکل در شبکهٔ آب شهری است و از توان محله خارج است.",
        )
        services.problem_resolve(
            actor=secretary,
            problem=made[0],
            actions="دو نوبت پاکسازی با ۴۰ داوطلب و هماهنگی با شهرداری منطقه",
            outcome="۱۲ نقطهٔ انباشت پسماند پاک شد و سطل‌های جدید نصب شد.",
        )
        # a problem that went up two levels and was accepted by the province
        tehran = Assembly.objects.filter(level=Level.PROVINCE, unit__name="تهران").first()
        if home.parent and home.parent.parent == tehran:
            transport = services.problem_register(
                actor=secretary,
                assembly=home,
                title="نبود دسترسی سالمندان به مراکز درمانی",
                description="حمل‌ونقل عمومی مناسب سالمندان در محله نیست.",
                topic=Topic.ELDERLY,
                affected_population=1500,
            )
            services.problem_refer(
                actor=secretary, problem=transport, justification="نیاز به هماهنگی بین‌بخشی"
            )
            services.problem_refer(
                actor=facilitator, problem=transport, justification="اعتبار استانی لازم است"
            )
            services.problem_accept(
                actor=province_expert, problem=transport, note="در دستور کار شورای سلامت استان"
            )

        # policies: one from the province, partly acknowledged; one national
        if tehran is not None:
            policy = services.policy_issue(
                actor=province_expert,
                issuer=tehran,
                title="غربالگری فشار خون در همهٔ مجامع محله",
                body="همهٔ مجامع سلامت محله در فصل جاری دست‌کم یک نوبت غربالگری فشار خون با همکاری پایگاه سلامت برگزار کنند.",
                number="۱۴۰۴/۲۳/۱۰۲",
            )
            for delivery in policy.deliveries.select_related("assembly")[:2]:
                services.policy_acknowledge(
                    actor=None,
                    delivery=delivery,
                    adaptation="در مسجد محله، جمعه‌ها پس از نماز، با پزشک داوطلب.",
                )
        national = Assembly.objects.filter(level=Level.NATIONAL).first()
        services.policy_issue(
            actor=None,
            issuer=national,
            title="کاهش مصرف نمک، قند و چربی",
            body="برنامهٔ ملی آموزش خانوار برای کاهش مصرف نمک، قند و چربی در همهٔ سطوح مجامع اجرا شود.",
        )
    command.stdout.write(
        f"Assemblies demo: {Assembly.objects.count()} assemblies, {Problem.objects.count()} problems."
    )
