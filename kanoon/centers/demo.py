"""Demo data for the centers app, loaded by `kanoon demo` (idempotent: an existing center is
left as it is, so a second run only checks and returns).

Each center lives through the demo's five closed quarters (`kanoon.core.demo`): founded, moved
to «در حال استقرار», opened (the opening ceremony makes it active), joined by members in waves,
its secretary elected, thematic groups formed and establishment actions ticked — every step
through the services, on the day it happened. Active at the end of the last closed quarter:
5 centers in Tehran province (two opened during that quarter) and 3 in Isfahan; one suspended,
a few still establishing or proposed; a few public sign-ups wait for the secretaries today.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass

from django.db import transaction

from kanoon.accounts.models import User
from kanoon.core import demo as clock
from kanoon.core import scope
from kanoon.geo.models import Kind, Unit

from . import services
from .models import AutoRule, Center, CenterStatus, EstablishmentAction, Membership, Person

FIRST_F = [
    "مریم",
    "فاطمه",
    "زهرا",
    "سکینه",
    "لیلا",
    "نرگس",
    "معصومه",
    "الهام",
    "سمیه",
    "شیرین",
    "طاهره",
    "رقیه",
    "منیژه",
    "پروین",
    "کبری",
    "اعظم",
]
FIRST_M = [
    "علی",
    "حسین",
    "محمد",
    "رضا",
    "مهدی",
    "حمید",
    "مجید",
    "سعید",
    "جواد",
    "کاظم",
    "امیر",
    "یوسف",
    "ابراهیم",
    "اکبر",
]
LAST = [
    "احمدی",
    "رضایی",
    "موسوی",
    "کریمی",
    "حسینی",
    "محمدی",
    "صادقی",
    "جعفری",
    "نوری",
    "قاسمی",
    "کاظمی",
    "رحیمی",
    "طاهری",
    "شریفی",
    "اکبری",
    "یزدانی",
]
OCCUPATIONS = [
    "خانه‌دار",
    "معلم",
    "بازنشسته",
    "دانشجو",
    "کارمند",
    "پرستار",
    "کاسب",
    "کشاورز",
    "راننده",
    "آرایشگر",
]
SKILLS = [
    "کمک‌های اولیه",
    "آشپزی",
    "خیاطی",
    "عکاسی",
    "ورزش صبحگاهی",
    "مشاوره",
    "طراحی",
    "رایانه",
    "قرآن",
    "باغبانی",
]
GROUPS = [
    ("گروه تغذیهٔ سالم", "nutrition"),
    ("گروه ورزش صبحگاهی", "activity"),
    ("گروه سالمندان", "elderly"),
    ("گروه سلامت روان", "mental"),
    ("گروه محیط زیست", "environment"),
]
VENUES = [
    ("mosque", "مسجد جامع"),
    ("school", "دبستان شهید بهشتی"),
    ("municipal", "فرهنگسرای محله"),
    ("health_house", "خانهٔ بهداشت"),
    ("mosque", "حسینیهٔ محله"),
]


@dataclass(frozen=True)
class Plan:
    """A center's life in the demo; dates are (quarter offset, day of that quarter), offset 0
    being the last closed quarter and 1 the current one (see `kanoon.core.demo.day`)."""

    status: str
    founded: tuple[int, int]
    members: int = 0
    actions: int = 0  # hand-ticked establishment actions (the automatic ones follow the facts)
    establishing: tuple[int, int] | None = None
    opened: tuple[int, int] | None = None
    suspended: tuple[int, int] | None = None
    action_plan: tuple[int, int] | None = None  # the action plan approved (strategy 8.3)
    signups: int = 0  # public sign-ups waiting for the secretary today


A, E, P, S = CenterStatus.ACTIVE, CenterStatus.ESTABLISHING, CenterStatus.PROPOSED, CenterStatus.SUSPENDED
# neighborhood name → its plan
PLAN = {
    # Tehran: the flagship (phase 4, the secretary's center), an older one, two opened last quarter
    "یوسف‌آباد": Plan(A, (-4, 8), 34, 21, (-4, 25), (-3, 12), action_plan=(-2, 40), signups=2),
    "تجریش": Plan(A, (-4, 35), 26, 16, (-4, 60), (-2, 20), signups=1),
    "نیاوران": Plan(A, (-2, 10), 15, 10, (-2, 30), (0, 25), signups=1),
    "امیرآباد": Plan(A, (-1, 15), 12, 8, (-1, 40), (0, 70), signups=1),
    "سعادت‌آباد": Plan(P, (1, 10)),
    "دزاشیب": Plan(S, (-3, 5), 7, 5, (-3, 30), suspended=(-1, 50)),
    # Isfahan
    "جلفا": Plan(A, (-4, 20), 24, 15, (-4, 45), (-3, 40), signups=1),
    "نظر": Plan(A, (-3, 20), 17, 11, (-3, 50), (-1, 30)),
    "باغ زرشک": Plan(E, (-1, 5), 11, 6, (-1, 35), signups=1),
}
# per province: villages of its capital county (by name; else the province's first villages)
VILLAGES = {
    "تهران": [
        ("سولقان", Plan(A, (-3, 10), 20, 12, (-3, 35), (-2, 50))),
        ("کیگاه", Plan(E, (0, 20), 7, 3, (0, 45))),
    ],
    "اصفهان": [("اشکهران", Plan(A, (-3, 25), 16, 10, (-3, 55), (-1, 60))), ("قورتان", Plan(P, (1, 5)))],
}
EXTRA_FACILITATORS = {
    # county (province, county) → (first, last, mobile) of a facilitator without a demo login
    ("اصفهان", "اصفهان"): ("فاطمه", "نوری", "09130000007"),
}


def code_for(n: int) -> str:
    body = f"{(500_000_000 + n) % 10**9:09d}"
    total = sum(int(body[i]) * (10 - i) for i in range(9)) % 11
    return body + str(total if total < 2 else 11 - total)


def _places() -> list[tuple[Unit, Plan]]:
    """(unit, plan) for the demo neighborhoods and a few villages."""
    out = []
    for unit in Unit.objects.filter(kind=Kind.NEIGHBORHOOD, name__in=list(PLAN)).order_by("path"):
        out.append((unit, PLAN[unit.name]))
    for province_name, wanted in VILLAGES.items():
        province = Unit.objects.filter(kind=Kind.PROVINCE, name=province_name).first()
        if province is None:
            continue
        county = Unit.objects.filter(parent=province, kind=Kind.COUNTY, name=province_name).first()
        area = county or province
        villages = Unit.objects.filter(kind=Kind.VILLAGE, path__startswith=area.path)
        named = {v.name: v for v in villages.filter(name__in=[name for name, _ in wanted])}
        if len(named) == len(wanted):
            out.extend((named[name], plan) for name, plan in wanted)
        else:  # a small territory (tests): the province's first villages
            first = Unit.objects.filter(kind=Kind.VILLAGE, path__startswith=province.path).order_by("path")
            out.extend(zip(first[: len(wanted)], [plan for _, plan in wanted], strict=False))
    return out


def _facilitators(unit: Unit) -> list[User]:
    """The facilitators who work for the center's county (the demo's own, or one made here)."""
    county = unit.ancestor_of_kind(Kind.COUNTY)
    if county is None:
        return []
    found = list(
        User.objects.filter(
            assignments__role=scope.FACILITATOR, assignments__unit=county, assignments__is_active=True
        ).distinct()
    )
    province = county.ancestor_of_kind(Kind.PROVINCE)
    extra = EXTRA_FACILITATORS.get((province.name if province else "", county.name))
    if found or extra is None:
        return found
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None:
        return []
    from kanoon.accounts.services import user_create

    first, last, mobile = extra
    return [
        user_create(
            actor=admin,
            username=f"facilitator-{county.pk}",
            password=secrets.token_urlsafe(16),  # no demo login: a colleague in the field
            role=scope.FACILITATOR,
            unit=county,
            first_name=first,
            last_name=last,
            mobile=mobile,
        )
    ]


def _spread(start: dt.date, end: dt.date, k: int, n: int) -> dt.date:
    """The k-th of n dates spread evenly after `start`, up to `end`."""
    if end <= start:
        return start
    return start + dt.timedelta(days=(end - start).days * (k + 1) // (n + 1))


def _join_dates(plan: Plan, rng: random.Random) -> list[dt.date]:
    """Members join in waves: founders while it is being set up, more around the opening, a
    steady trickle after it (a few in the current quarter)."""
    founded = clock.day(*plan.founded)
    setup_end = clock.day(*(plan.opened or plan.establishing or plan.founded))
    last = clock.real_today() - dt.timedelta(days=1)
    if plan.suspended:
        last = clock.day(*plan.suspended)
    dates = []
    for i in range(plan.members):
        share = i / max(plan.members, 1)
        if share < 0.4:
            lo, hi = founded, max(founded, setup_end - dt.timedelta(days=7))
        elif share < 0.9 or not plan.opened:
            lo, hi = setup_end - dt.timedelta(days=7), clock.quarter(0).end
        else:
            lo, hi = clock.quarter(1).start, last
        lo, hi = max(lo, founded), min(max(hi, lo), last)
        dates.append(lo + dt.timedelta(days=rng.randint(0, max(0, (hi - lo).days))))
    return sorted(dates)


def _make_person(seq: int, unit: Unit, rng: random.Random, consent_on: dt.date, who=None) -> Person:
    code = code_for(seq)
    person = Person.objects.filter(national_code=code).first()
    if person is not None:
        return person
    female = rng.random() < 0.6 if who is None else who[2] == "female"
    first, last = (who[0], who[1]) if who else (rng.choice(FIRST_F if female else FIRST_M), rng.choice(LAST))
    return services.person_create(
        actor=None,
        national_code=code,
        first_name=first,
        last_name=last,
        gender="female" if female else "male",
        birth_date=clock.real_today() - dt.timedelta(days=rng.randint(18 * 365, 72 * 365)),
        mobile=f"0912{rng.randint(1000000, 9999999)}",
        occupation=rng.choice(OCCUPATIONS),
        skills=rng.sample(SKILLS, 2),
        consent_on=consent_on,
        registered_unit=unit,
    )


def _center(index: int, unit: Unit, plan: Plan, name: str, seq: int, rng: random.Random) -> int:
    """Live one center's story, event by event, each on its own day. Returns the next `seq`."""
    founded = clock.day(*plan.founded)
    venue_kind, venue_name = VENUES[index % len(VENUES)]
    village = unit.kind == Kind.VILLAGE
    with clock.on(founded):
        center = services.center_create(
            actor=None,
            name=name,
            unit=unit,
            founded_on=founded,
            venue_kind=venue_kind,
            venue_name=venue_name if not village else "خانهٔ بهداشت روستا",
            address=f"{unit.name}، خیابان اصلی",
            public_description=(
                f"کانون سلامت {unit.name} با مشارکت مردم {'روستا' if village else 'محله'} برای سلامت "
                "خانواده‌ها کار می‌کند: پیاده‌روی صبحگاهی، کلاس تغذیهٔ سالم، غربالگری فشار خون و پاکسازی محله."
            ),
            how_to_join="هر هفته پنجشنبه‌ها ساعت ۱۷ در محل کانون، یا با فرم همین صفحه.",
            facilitators=_facilitators(unit),
        )
    if plan.establishing:
        when = clock.day(*plan.establishing)
        with clock.on(when):
            services.center_set_status(actor=None, center=center, status=CenterStatus.ESTABLISHING, on=when)
            # the venue is secured and equipped: the center has an identity (strategy 4)
            services.center_update(
                actor=None, center=center, phone="021" + f"{rng.randint(22000000, 88999999)}"
            )

    people: list[tuple[Person, dt.date]] = []
    for i, joined in enumerate(_join_dates(plan, rng)):
        # the Yousefabad secretary is the demo's «secretary» user (حسین موسوی)
        who = ("حسین", "موسوی", "male") if (i == 0 and unit.name == "یوسف‌آباد") else None
        with clock.on(joined):
            person = _make_person(seq, unit, rng, joined, who)
            seq += 1
            services.membership_add(
                actor=None,
                center=center,
                person=person,
                kind="volunteer" if i % 4 == 3 else "member",
                joined_on=joined,
            )
        people.append((person, joined))

    ready = clock.day(*(plan.opened or plan.establishing or plan.founded))
    if plan.opened and len(people) >= 4:
        held_on = max(ready - dt.timedelta(days=20), people[3][1])
        present = max(len([p for p, joined in people if joined <= held_on]), 9)
        with clock.on(held_on, hour=17):
            services.election_record(
                actor=None,
                center=center,
                held_on=held_on,
                voters=present,
                observers="نمایندهٔ شبکهٔ بهداشت، نمایندهٔ شهرداری، معتمد محله",
                candidates=[
                    {"person": people[0][0], "office": "secretary", "votes": present - 2},
                    {"person": people[1][0], "office": "secretary", "votes": 2},
                    {"person": people[2][0], "office": "deputy", "votes": present - 4},
                    {"person": people[3][0], "office": "deputy", "votes": 3},
                ],
            )
    if len(people) >= 6:
        for g, (group_name, topic) in enumerate(GROUPS[: 1 + len(people) // 12]):
            formed = min(ready + dt.timedelta(days=15 + 25 * g), clock.real_today() - dt.timedelta(days=1))
            pool = [p for p, joined in people if joined <= formed]
            members = pool[g * 3 : g * 3 + 5] or pool[:5]
            if len(members) < 3:
                continue
            with clock.on(formed, hour=16):
                services.group_create(
                    actor=None,
                    center=center,
                    name=group_name,
                    topic=topic,
                    head=members[0],
                    members=members,
                    formed_on=formed,
                )
    if plan.opened:
        opened = clock.day(*plan.opened)
        with clock.on(opened, hour=17):
            services.center_set_status(actor=None, center=center, status=CenterStatus.ACTIVE, on=opened)
            services.center_update(actor=None, center=center, opening_date=opened)
    if plan.action_plan:
        approved = clock.day(*plan.action_plan)
        with clock.on(approved):
            services.establishment_record_fact(center=center, rule=AutoRule.ACTION_PLAN, on=approved)

    catalog = [
        a
        for a in EstablishmentAction.objects.filter(is_active=True).order_by("strategy__number", "order")
        if not a.auto_rule
    ]
    done = set(center.actions_done.values_list("action_id", flat=True))
    todo = [a for a in catalog if a.pk not in done][: plan.actions]
    last = clock.day(*plan.suspended) if plan.suspended else clock.real_today() - dt.timedelta(days=1)
    for k, action in enumerate(todo):
        when = _spread(founded, last, k, len(todo))
        with clock.on(when):
            services.action_mark_done(
                actor=None, center=center, action=action, done_on=when, note="ثبت تسهیلگر"
            )

    if plan.suspended:
        when = clock.day(*plan.suspended)
        with clock.on(when):
            services.center_set_status(
                actor=None,
                center=center,
                status=CenterStatus.SUSPENDED,
                on=when,
                reason="تعطیلی موقت محل استقرار (تعمیر ساختمان)",
            )
    for j in range(plan.signups):
        with clock.on(clock.real_today() - dt.timedelta(days=2 + 3 * j), hour=20):
            services.volunteer_signup(
                center=center,
                national_code=code_for(900_000 + index * 10 + j),
                first_name=FIRST_F[(index + j) % len(FIRST_F)],
                last_name=LAST[(index + 3 * j) % len(LAST)],
                gender="female",
                mobile=f"0935{1000000 + index * 10 + j}",
                consent=True,
                note="علاقه‌مند به کار داوطلبانه در گروه تغذیه",
            )
    return seq


def load(command) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(1403)
    made = 0
    seq = Person.objects.filter(national_code__startswith="5").count() + 1
    for index, (unit, plan) in enumerate(_places()):
        name = f"کانون سلامت {'روستای ' if unit.kind == Kind.VILLAGE else 'محلهٔ '}{unit.name}"
        if Center.objects.filter(unit=unit, name=name).exists():
            continue
        with transaction.atomic():
            seq = _center(index, unit, plan, name, seq, rng)
        made += 1
    total = Center.objects.count()
    members = Membership.objects.filter(status="active").count()
    command.stdout.write(f"Centers: {made} demo centers added ({total} centers, {members} active members).")
