"""Demo data for the assemblies app, loaded by `kanoon demo` after the centers demo.

Assemblies above every demo center at every level (neighborhood, county, province, national),
seats filled from the centers' members. Over the demo's quarters (`kanoon.core.demo`) each
active center's assembly meets once a season: attendance, minutes, problems raised from the
priority matrix and, from its second meeting on, one earlier problem solved — so in every
quarter and every area no more problems are solved than raised. Problems that a neighborhood
cannot solve go up: Yousefabad's drinking water is solved by the county; its uncontrolled blood
pressure in the elderly reaches the province, which answers with a policy that comes back down
to every assembly (some have acknowledged it) and closes the problem; Tajrish's traffic noise waits at the province,
Niavaran's lack of green space at the county (the facilitator) and Jolfa's welding fumes at
Isfahan county. Every write goes through the services on the day it happened.
Idempotent: structure is looked up before it is created; the story is told once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from kanoon.accounts.models import User
from kanoon.centers.models import Center, CenterStatus, Membership, Person
from kanoon.core import demo as clock
from kanoon.geo.models import Kind, Unit

from . import selectors, services
from .models import Assembly, Level, Meeting, Problem, SeatGroup, Topic

# title, topic, affected population, evidence, scores (magnitude, severity, concern, feasibility, cost)
BANK: dict[str, list[tuple]] = {
    "یوسف‌آباد": [
        (
            "انباشت پسماند در کوچه‌های شرقی",
            Topic.ENVIRONMENT,
            3500,
            "گزارش داوطلبان و عکس ۱۲ نقطه",
            (4, 3, 5, 4, 2),
        ),
        ("کمبود فضای امن بازی کودکان", Topic.LIFESTYLE, 1200, "نیازسنجی محله", (3, 2, 4, 2, 4)),
        (
            "مصرف دخانیات نوجوانان در پارک",
            Topic.ADDICTION,
            400,
            "گزارش مدرسه و پایگاه سلامت",
            (2, 4, 4, 3, 2),
        ),
        (
            "فروش تنقلات ناسالم کنار دبستان",
            Topic.NUTRITION,
            650,
            "بازدید گروه تغذیه از ۴ مغازه",
            (3, 3, 4, 4, 1),
        ),
        (
            "تنهایی و افسردگی سالمندان تنها",
            Topic.MENTAL,
            300,
            "فهرست پایگاه سلامت از سالمندان تنها",
            (3, 4, 3, 3, 2),
        ),
    ],
    "تجریش": [
        (
            "نبود پیاده‌رو مناسب برای سالمندان و ویلچر",
            Topic.SAFETY,
            2200,
            "بازدید میدانی گروه سالمندان",
            (3, 4, 4, 2, 4),
        ),
        ("روشنایی ناکافی کوچه‌ها در شب", Topic.SAFETY, 1800, "نقشهٔ ۹ کوچهٔ تاریک", (3, 3, 4, 5, 2)),
        ("کمبود کلاس ورزش بانوان", Topic.LIFESTYLE, 900, "پرسشنامهٔ ۱۲۰ خانوار", (3, 2, 5, 4, 2)),
        (
            "دیابت کنترل‌نشده در میانسالان",
            Topic.CHRONIC,
            700,
            "غربالگری قند خون پایگاه سلامت",
            (4, 4, 3, 3, 3),
        ),
    ],
    "نیاوران": [
        (
            "سگ‌های بلاصاحب در حاشیهٔ پارک جمشیدیه",
            Topic.SAFETY,
            1500,
            "۷ گزارش گازگرفتگی در سال",
            (3, 4, 4, 3, 3),
        ),
        (
            "نبود سرویس بهداشتی عمومی در بوستان",
            Topic.ENVIRONMENT,
            5000,
            "شکایت نمازگزاران و ورزشکاران",
            (3, 2, 4, 3, 4),
        ),
    ],
    "جلفا": [
        (
            "ترافیک و آلودگی هوا در کوچه‌های تاریخی",
            Topic.ENVIRONMENT,
            4200,
            "اندازه‌گیری شهرداری منطقه",
            (4, 3, 4, 2, 4),
        ),
        ("چاقی کودکان دبستانی", Topic.NUTRITION, 800, "سنجش قد و وزن مدارس", (3, 4, 3, 4, 2)),
        ("کمبود مراقبت در منزل برای سالمندان", Topic.ELDERLY, 350, "فهرست مراقبان سلامت", (2, 4, 4, 3, 3)),
        ("مصرف بالای نمک در غذای خانوار", Topic.NUTRITION, 6000, "پرسشگری ۲۰۰ خانوار", (4, 3, 3, 4, 1)),
        ("نبود فضای ورزشی سرپوشیده", Topic.LIFESTYLE, 1500, "نیازسنجی محله", (3, 2, 4, 2, 5)),
    ],
    "امیرآباد": [
        ("آلودگی صوتی شبانه در خیابان کارگر", Topic.ENVIRONMENT, 3000, "شکایت ۶۰ خانوار", (3, 3, 5, 2, 4)),
        ("مصرف بالای فست‌فود در جوانان محله", Topic.NUTRITION, 1400, "پرسشگری گروه تغذیه", (3, 3, 3, 4, 1)),
        (
            "نبود ایستگاه سنجش فشار خون برای سالمندان",
            Topic.ELDERLY,
            600,
            "فهرست پایگاه سلامت",
            (3, 4, 4, 5, 1),
        ),
    ],
    "سولقان": [
        (
            "سرریز فاضلاب خانگی به رودخانهٔ کن",
            Topic.ENVIRONMENT,
            1100,
            "بازدید بهورز و عکس داوطلبان",
            (4, 4, 5, 2, 4),
        ),
        ("نبود برنامهٔ ورزشی برای زنان روستا", Topic.LIFESTYLE, 400, "نیازسنجی خانه‌به‌خانه", (3, 2, 4, 4, 1)),
        ("دسترسی دشوار به پزشک در شب", Topic.ACCESS, 1500, "گزارش خانهٔ بهداشت", (3, 4, 4, 2, 4)),
        ("مصرف سم بدون محافظ در باغ‌ها", Topic.SAFETY, 300, "گزارش خانهٔ بهداشت", (3, 4, 3, 4, 2)),
    ],
    "نظر": [
        ("آب‌گرفتگی معابر پس از بارندگی", Topic.ENVIRONMENT, 2600, "عکس‌های داوطلبان", (3, 3, 4, 3, 3)),
        ("کمبود آگاهی دربارهٔ غربالگری سرطان", Topic.CHRONIC, 1100, "پرسشگری بانوان", (3, 4, 3, 5, 1)),
        ("مصرف قلیان در پارک محله", Topic.ADDICTION, 500, "گزارش گروه جوانان", (2, 3, 4, 3, 2)),
    ],
}
GENERIC = [
    ("دفع غیربهداشتی فاضلاب خانگی", Topic.ENVIRONMENT, 900, "بازدید بهورز", (4, 4, 4, 3, 3)),
    ("کمبود آب آشامیدنی سالم در تابستان", Topic.ENVIRONMENT, 1200, "گزارش دهیاری", (4, 5, 5, 2, 4)),
    ("نبود برنامهٔ ورزشی برای زنان روستا", Topic.LIFESTYLE, 400, "نیازسنجی خانه‌به‌خانه", (3, 2, 4, 4, 1)),
    ("مصرف سم بدون محافظ در باغ‌ها", Topic.SAFETY, 300, "گزارش خانهٔ بهداشت", (3, 4, 3, 4, 2)),
]
SCORE_KEYS = ["magnitude", "severity", "concern", "feasibility", "cost"]


@dataclass
class Story:
    """The demo's state while events run (each event on its own day)."""

    users: dict[str, User | None]
    held: dict[tuple[int, int], Meeting] = field(default_factory=dict)  # (assembly, offset) → meeting
    problems: dict[str, Problem] = field(default_factory=dict)
    opened: dict[int, list[Problem]] = field(default_factory=dict)  # assembly → problems to solve
    meetings: int = 0


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _ensure(level: str, unit: Unit, center: Center | None = None) -> Assembly:
    found = (
        Assembly.objects.filter(center=center).first()
        if center
        else Assembly.objects.filter(unit=unit, level=level).first()
    )
    return found or services.assembly_create(actor=None, level=level, unit=unit, center=center)


def _people_of(units: list[Unit], limit: int, by: dt.date | None = None) -> list[Person]:
    memberships = Membership.objects.filter(center__unit__in=units, status="active")
    if by is not None:
        memberships = memberships.filter(joined_on__lte=by)
    ids = memberships.values_list("person_id", flat=True)
    return list(Person.objects.filter(pk__in=ids).order_by("pk")[:limit])


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


def _actor(story: Story, assembly: Assembly) -> User | None:
    """Who acts for an assembly in the story (history shows them): the demo user of its unit."""
    if assembly.level == Level.NEIGHBORHOOD and assembly.unit.name == "یوسف‌آباد":
        return story.users["secretary"]
    if assembly.level == Level.COUNTY:
        return story.users["facilitator" if assembly.unit.name == "تهران" else "isfahan"]
    if assembly.level == Level.PROVINCE and assembly.unit.name == "تهران":
        return story.users["tehran"]
    return None


def _register(story: Story, assembly: Assembly, entry: tuple, meeting: Meeting | None) -> Problem:
    title, topic, population, evidence, values = entry
    actor = _actor(story, assembly)
    problem = services.problem_register(
        actor=actor,
        assembly=assembly,
        title=title,
        description=f"{title} — مطرح‌شده در {'جلسهٔ مجمع' if meeting else 'نیازسنجی محله'} و بررسی‌شده با ماتریس اولویت‌بندی.",
        topic=topic,
        affected_population=population,
        evidence=evidence,
        source="meeting" if meeting else "needs_assessment",
        source_meeting=meeting,
    )
    services.problem_score(actor=actor, problem=problem, values=dict(zip(SCORE_KEYS, values, strict=True)))
    if meeting is not None:
        present = list(meeting.attendance.filter(present=True).values_list("person_id", flat=True))
        for person in Person.objects.filter(pk__in=present).order_by("pk")[: 2 + sum(values) % 3]:
            services.problem_vote(actor=actor, problem=problem, person=person)
    story.problems[title] = problem
    return problem


def _hold(story: Story, assembly: Assembly, offset: int, when: dt.datetime, new: list[tuple]) -> None:
    """A seasonal meeting of a neighborhood assembly: scheduled ten days ahead, then held:
    attendance, minutes, the season's new problems, and one earlier problem solved."""
    title = "جلسهٔ فصلی مجمع سلامت محله"
    place = assembly.center.venue_name if assembly.center_id and assembly.center.venue_name else "مسجد محله"
    with clock.on(when - dt.timedelta(days=10)):
        meeting = services.meeting_schedule(
            actor=None,
            assembly=assembly,
            title=title,
            starts_at=when,
            place=place,
            agenda=["گزارش دبیر کانون", "اولویت‌بندی مسائل سلامت محله", "پیگیری مسائل فصل گذشته"],
        )
    with clock.on(when + dt.timedelta(hours=2)):
        holders = [t.person_id for t in selectors.current_terms(assembly, when.date())]
        services.meeting_record_attendance(
            actor=None, meeting=meeting, present=holders[: len(holders) * 2 // 3 + 1]
        )
        waiting = story.opened.get(assembly.pk, [])
        met_before = any(a == assembly.pk for (a, _) in story.held)
        solved = waiting.pop(0) if waiting and met_before else None
        services.meeting_record_minutes(
            actor=None,
            meeting=meeting,
            minutes="جلسه با حضور اکثریت اعضا برگزار شد. دبیر کانون گزارش فعالیت‌های فصل را ارائه کرد و "
            "مسائل تازهٔ محله با ماتریس اولویت‌بندی امتیاز گرفت."
            + (f" مسئلهٔ «{solved.title}» با اقدامات انجام‌شده حل‌شده اعلام شد." if solved else ""),
        )
        story.held[(assembly.pk, offset)] = meeting
        story.meetings += 1
        for entry in new:
            story.opened.setdefault(assembly.pk, []).append(_register(story, assembly, entry, meeting))
        if solved is not None and solved.is_active:
            services.problem_resolve(
                actor=_actor(story, assembly),
                problem=solved,
                actions="پیگیری گروه موضوعی کانون با همکاری شهرداری ناحیه و پایگاه سلامت",
                outcome="مسئله با اقدام مشترک داوطلبان و دستگاه‌ها برطرف شد و گزارش آن در جلسه خوانده شد.",
                resolved_on=when.date(),
            )


def _meeting_day(assembly_start: dt.date, offset: int, nth: int) -> dt.datetime | None:
    day = clock.day(offset, nth)
    day = max(day, assembly_start + dt.timedelta(days=12))
    if day > clock.quarter(offset).end or day >= clock.real_today():
        return None
    return clock.moment(day, hour=17)


def _load(command) -> None:  # type: ignore[no-untyped-def]
    centers = list(
        Center.objects.filter(status__in=[CenterStatus.ACTIVE, CenterStatus.ESTABLISHING])
        .select_related("unit")
        .order_by("pk")
    )
    country = Unit.objects.filter(depth=0).first()
    if country is None or not centers:
        return
    if Problem.objects.exists():
        command.stdout.write("Assemblies demo already loaded.")
        return
    story = Story(users={name: _user(name) for name in ("secretary", "facilitator", "tehran", "isfahan")})
    events: list[tuple[dt.datetime, int, Callable[[], Any]]] = []

    def at(when: dt.date | dt.datetime, func: Callable[[], Any], hour: int = 10) -> None:
        events.append((clock.moment(when, hour), len(events), func))

    with transaction.atomic():
        start = clock.day(-4, 3)
        with clock.on(start):
            national = _ensure(Level.NATIONAL, country)
            uppers = {}
            for center in centers:
                for kind, level in ((Kind.PROVINCE, Level.PROVINCE), (Kind.COUNTY, Level.COUNTY)):
                    unit = center.unit.ancestor_of_kind(kind)
                    if unit.pk not in uppers:
                        uppers[unit.pk] = _ensure(level, unit)
        neighborhood = []
        for i, center in enumerate(centers):
            opened = center.opening_date
            made_on = (
                (opened - dt.timedelta(days=20))
                if opened
                else center.status_changed_on + dt.timedelta(days=20)
            )
            made_on = min(max(made_on, center.founded_on), clock.real_today() - dt.timedelta(days=1))
            with clock.on(made_on):
                assembly = _ensure(Level.NEIGHBORHOOD, center.unit, center)
                # one assembly shows the empty-group warning: no trustees yet
                _fill(
                    assembly,
                    _people_of([center.unit], 20, made_on),
                    made_on,
                    SeatGroup.TRUSTEES if i == 1 else None,
                )
            neighborhood.append((assembly, center, made_on))
        with clock.on(clock.day(-3, 5)):
            for upper in uppers.values():
                below = list(
                    Unit.objects.filter(
                        path__startswith=upper.unit.path,
                        kind__in=[Kind.NEIGHBORHOOD, Kind.VILLAGE],
                        centers__isnull=False,
                    )
                )
                pool = _people_of(below, 60)
                _fill(upper, pool[20:] if len(pool) > 30 else pool, clock.day(-3, 5))

        # the seasons: each active center's assembly meets once a quarter from its opening
        for assembly, center, made_on in neighborhood:
            if center.status != CenterStatus.ACTIVE:
                continue
            bank = list(BANK.get(center.unit.name, GENERIC))
            first = True
            for offset in range(-4, 1):
                when = _meeting_day(made_on, offset, 20 + (assembly.pk * 7) % 45)
                if when is None:
                    continue
                new, bank = (bank[:2], bank[2:]) if first else (bank[:1], bank[1:])
                first = False
                at(when, lambda a=assembly, o=offset, w=when, n=new: _hold(story, a, o, w, n))
        for upper in uppers.values():
            if upper.level != Level.COUNTY:
                continue
            for offset in (-2, -1, 0):
                when = clock.moment(clock.day(offset, 80), hour=10)
                at(when, lambda a=upper, w=when: _hold_upper(story, a, w))

        _referrals(story, at)
        _policies(story, at, national)
        for when, _, func in sorted(events, key=lambda e: (e[0], e[1])):
            with clock.on(when):
                func()
        _upcoming(story, neighborhood)
    command.stdout.write(
        f"Assemblies demo: {Assembly.objects.count()} assemblies, {story.meetings} meetings held, "
        f"{Problem.objects.count()} problems."
    )


def _hold_upper(story: Story, assembly: Assembly, when: dt.datetime) -> None:
    meeting = services.meeting_schedule(
        actor=None,
        assembly=assembly,
        title=f"نشست فصلی {assembly.name}",
        starts_at=when,
        place="سالن جلسات شبکهٔ بهداشت و درمان",
        agenda=["گزارش مجامع محله", "بررسی مسائل ارجاع‌شده", "تطبیق سیاست‌های ابلاغی"],
    )
    with clock.on(when + dt.timedelta(hours=2)):
        holders = [t.person_id for t in selectors.current_terms(assembly, when.date())]
        services.meeting_record_attendance(
            actor=None, meeting=meeting, present=holders[: len(holders) * 3 // 4 + 1]
        )
        services.meeting_record_minutes(
            actor=None,
            meeting=meeting,
            minutes="گزارش مجامع محله شنیده شد و مسائل ارجاع‌شده یک‌به‌یک بررسی شد.",
        )
    story.meetings += 1


def _referrals(story: Story, at) -> None:  # type: ignore[no-untyped-def]
    """Problems that go up the levels (registered at the neighborhood's meeting of a season)."""
    today = clock.real_today()
    u = story.users

    def register(neighborhood: str, offset: int, entry: tuple) -> Callable[[], Any]:
        def run() -> None:
            assembly = Assembly.objects.filter(level=Level.NEIGHBORHOOD, unit__name=neighborhood).first()
            if assembly is None:
                return
            meeting = next((m for (a, o), m in story.held.items() if a == assembly.pk and o == offset), None)
            _register(story, assembly, entry, meeting)

        return run

    def step(title: str, action: str, user: str | None, text: str, outcome: str = "") -> Callable[[], Any]:
        def run() -> None:
            problem = story.problems.get(title)
            if problem is None:
                return
            problem.refresh_from_db()
            actor = u.get(user) if user else None
            if action == "refer":
                services.problem_refer(actor=actor, problem=problem, justification=text)
            elif action == "accept":
                services.problem_accept(actor=actor, problem=problem, note=text)
            elif action == "resolve":
                services.problem_resolve(actor=actor, problem=problem, actions=text, outcome=outcome)

        return run

    water = (
        "آب آشامیدنی با طعم و بوی نامطبوع",
        Topic.ENVIRONMENT,
        6000,
        "شکایت ۸۰ خانوار، آزمایش آب",
        (5, 4, 5, 2, 5),
    )
    pressure = (
        "فشار خون کنترل‌نشده در سالمندان",
        Topic.CHRONIC,
        900,
        "غربالگری پایگاه سلامت: ۳۱٪ بالای ۶۰ سال",
        (4, 5, 3, 4, 2),
    )
    noise = (
        "آلودگی صوتی ناشی از ترافیک خیابان شریعتی",
        Topic.ENVIRONMENT,
        8000,
        "اندازه‌گیری ۷۸ دسی‌بل در ساعت اوج",
        (4, 3, 5, 2, 5),
    )
    green = (
        "کمبود فضای سبز و پارک محله‌ای",
        Topic.LIFESTYLE,
        4500,
        "سرانهٔ فضای سبز ۲ مترمربع",
        (4, 2, 5, 2, 5),
    )
    fumes = (
        "دود و صدای کارگاه‌های جوشکاری در محله",
        Topic.ENVIRONMENT,
        2000,
        "شکایت ۴۵ خانوار و بازدید بهداشت محیط",
        (3, 4, 5, 3, 3),
    )

    # Yousefabad's water: up to the county, solved there with the water company
    at(clock.day(-3, 84), register("یوسف‌آباد", -3, water), hour=20)
    at(
        clock.day(-3, 85),
        step(water[0], "refer", "secretary", "منشأ مشکل در شبکهٔ آب شهری است و از توان محله خارج است."),
    )
    at(clock.day(-3, 88), step(water[0], "accept", "facilitator", "با شرکت آب و فاضلاب استان پیگیری می‌شود."))
    at(
        clock.day(-2, 40),
        step(
            water[0],
            "resolve",
            "facilitator",
            "تعویض ۳۰۰ متر لولهٔ فرسوده و شست‌وشوی مخزن با همکاری شرکت آب و فاضلاب",
            "کیفیت آب در سه نوبت نمونه‌برداری مطلوب بود.",
        ),
    )
    # Yousefabad's blood pressure: up to the province, which answers with a policy (see _policies)
    at(clock.day(-2, 84), register("یوسف‌آباد", -2, pressure), hour=20)
    at(
        clock.day(-2, 86),
        step(pressure[0], "refer", "secretary", "غربالگری منظم به نیروی پایگاه‌های سلامت نیاز دارد."),
    )
    at(clock.day(-1, 6), step(pressure[0], "refer", "facilitator", "نیازمند برنامهٔ استانی و اعتبار است."))
    at(
        clock.day(-1, 12),
        step(pressure[0], "accept", "tehran", "در دستور کار شورای سلامت استان؛ سیاست استانی تدوین می‌شود."),
    )
    at(  # after the province's policy (see _policies)
        clock.day(0, 25),
        step(
            pressure[0],
            "resolve",
            "tehran",
            "سیاست استانی «غربالگری فشار خون در همهٔ مجامع محله» ابلاغ شد و پایگاه‌های سلامت نوبت‌های آن را "
            "در برنامهٔ فصلی گذاشتند.",
            "غربالگری فشار خون در همهٔ مجامع محلهٔ استان به برنامهٔ فصلی تبدیل شد.",
        ),
    )
    # Tajrish's traffic noise: waits at the province today
    at(clock.day(0, 84), register("تجریش", 0, noise), hour=20)
    at(clock.day(0, 86), step(noise[0], "refer", None, "کاهش ترافیک از اختیار محله خارج است."))
    at(
        today - dt.timedelta(days=30),
        step(noise[0], "accept", "facilitator", "با پلیس راهور و شهرداری منطقه ۱ مکاتبه شد."),
    )
    at(
        today - dt.timedelta(days=12),
        step(noise[0], "refer", "facilitator", "نیاز به طرح ترافیکی استانی دارد."),
    )
    # Niavaran's green space: waits at the county (the facilitator) today
    at(clock.day(0, 85), register("نیاوران", 0, green), hour=20)
    at(today - dt.timedelta(days=6), step(green[0], "refer", None, "تملک زمین برای پارک با شهرداری است."))
    # Jolfa's welding fumes: waits at Isfahan county today
    at(clock.day(0, 83), register("جلفا", 0, fumes), hour=20)
    at(
        today - dt.timedelta(days=8),
        step(fumes[0], "refer", None, "جابه‌جایی کارگاه‌ها به شهرک صنعتی با فرمانداری است."),
    )


def _policies(story: Story, at, national: Assembly) -> None:  # type: ignore[no-untyped-def]
    """A province policy answering the blood-pressure referral and a national one, acknowledged
    by some of the assemblies below."""

    def province_policy() -> None:
        tehran = Assembly.objects.filter(level=Level.PROVINCE, unit__name="تهران").first()
        if tehran is None:
            return
        policy = services.policy_issue(
            actor=story.users["tehran"],
            issuer=tehran,
            title="غربالگری فشار خون در همهٔ مجامع محله",
            body="همهٔ مجامع سلامت محله در هر فصل دست‌کم یک نوبت غربالگری فشار خون با همکاری پایگاه سلامت برگزار کنند.",
            number="۱۴۰۵/۲۳/۱۰۲",
        )
        story.problems["policy:province"] = policy  # type: ignore[assignment]

    def national_policy() -> None:
        policy = services.policy_issue(
            actor=None,
            issuer=national,
            title="کاهش مصرف نمک، قند و چربی",
            body="برنامهٔ ملی آموزش خانوار برای کاهش مصرف نمک، قند و چربی در همهٔ سطوح مجامع اجرا شود.",
        )
        story.problems["policy:national"] = policy  # type: ignore[assignment]

    def acknowledge(key: str, neighborhood: str, adaptation: str) -> Callable[[], Any]:
        def run() -> None:
            policy = story.problems.get(key)
            if policy is None:
                return
            delivery = policy.deliveries.filter(
                assembly__unit__name=neighborhood, acknowledged_at=None
            ).first()
            if delivery is not None:
                actor = story.users["secretary"] if neighborhood == "یوسف‌آباد" else None
                services.policy_acknowledge(actor=actor, delivery=delivery, adaptation=adaptation)

        return run

    at(clock.day(-1, 30), national_policy)
    at(
        clock.day(-1, 55),
        acknowledge("policy:national", "یوسف‌آباد", "کارگاه آشپزی کم‌نمک در فرهنگسرا، ماهی یک بار."),
    )
    at(clock.day(-1, 60), acknowledge("policy:national", "جلفا", "آموزش نانوایی‌های محله برای نان کم‌نمک."))
    at(clock.day(0, 15), acknowledge("policy:national", "تجریش", "غرفهٔ آموزشی در بازارچهٔ محله."))
    at(clock.day(0, 20), province_policy)
    at(
        clock.day(0, 40),
        acknowledge("policy:province", "یوسف‌آباد", "در مسجد محله، جمعه‌ها پس از نماز، با پزشک داوطلب."),
    )
    at(clock.day(0, 50), acknowledge("policy:province", "تجریش", "در ایستگاه سلامت بازار تجریش، دوشنبه‌ها."))


def _upcoming(story: Story, neighborhood: list[tuple[Assembly, Center, dt.date]]) -> None:
    """The next meeting of each neighborhood assembly, in the coming weeks."""
    now = clock.real_now()
    for assembly, center, _ in neighborhood:
        days = 5 + (assembly.pk * 11) % 25
        first = center.status != CenterStatus.ACTIVE
        services.meeting_schedule(
            actor=None,
            assembly=assembly,
            title="نخستین جلسهٔ مجمع سلامت محله" if first else "جلسهٔ فصلی مجمع سلامت محله",
            starts_at=(now + dt.timedelta(days=days)).replace(hour=14, minute=0, second=0, microsecond=0),
            place=center.venue_name or "مسجد محله",
            online_link="https://meet.example.ir/kanoon-yousefabad" if center.unit.name == "یوسف‌آباد" else "",
            agenda=["معرفی اعضای مجمع", "نیازسنجی محله"]
            if first
            else ["پیگیری مصوبات", "گزارش مسائل ارجاع‌شده"],
        )
    yousefabad = next((a for a, c, _ in neighborhood if c.unit.name == "یوسف‌آباد"), None)
    if yousefabad is not None:
        last = max((o for (a, o) in story.held if a == yousefabad.pk), default=None)
        meeting = story.held.get((yousefabad.pk, last)) if last is not None else None
        if meeting is not None:
            today = clock.real_today()
            services.resolution_add(
                actor=None,
                meeting=meeting,
                text="پاکسازی کوچه‌های شرقی با مشارکت داوطلبان و شهرداری منطقه",
                owner="شهرداری منطقه ۶ و گروه محیط زیست کانون",
                due_date=today + dt.timedelta(days=30),
            )
            services.resolution_add(
                actor=None,
                meeting=meeting,
                text="برگزاری دو جلسهٔ غربالگری فشار خون در مسجد",
                owner="پایگاه سلامت محله",
                due_date=today - dt.timedelta(days=2),
            )


def load(command) -> None:  # type: ignore[no-untyped-def]
    """Load the demo (called by `kanoon demo`, which keeps every loader's SMS and e-mail in memory)."""
    _load(command)
