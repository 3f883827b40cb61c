"""Demo data for the centers app, loaded by `kanoon demo` (idempotent: an existing center is
left as it is, so a second run only checks and returns)."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from kanoon.accounts.models import User
from kanoon.core import jalali
from kanoon.geo.models import Kind, Unit

from . import services
from .models import Center, CenterStatus, EstablishmentAction, Membership, Person

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
]
FIRST_M = ["علی", "حسین", "محمد", "رضا", "مهدی", "حمید", "مجید", "سعید", "جواد", "کاظم", "امیر", "یوسف"]
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
# neighborhood name → (status, progress target: number of catalog actions done, members)
PLAN = {
    "یوسف‌آباد": (CenterStatus.ACTIVE, 24, 36),
    "تجریش": (CenterStatus.ACTIVE, 18, 28),
    "نیاوران": (CenterStatus.ESTABLISHING, 8, 14),
    "امیرآباد": (CenterStatus.ESTABLISHING, 4, 9),
    "سعادت‌آباد": (CenterStatus.PROPOSED, 1, 0),
    "دزاشیب": (CenterStatus.SUSPENDED, 6, 7),
    "جلفا": (CenterStatus.ACTIVE, 15, 25),
    "باغ زرشک": (CenterStatus.ESTABLISHING, 7, 12),
    "نظر": (CenterStatus.ACTIVE, 12, 18),
}
STATUS_PATH = {
    CenterStatus.PROPOSED: [],
    CenterStatus.ESTABLISHING: [CenterStatus.ESTABLISHING],
    CenterStatus.ACTIVE: [CenterStatus.ESTABLISHING, CenterStatus.ACTIVE],
    CenterStatus.SUSPENDED: [CenterStatus.ESTABLISHING, CenterStatus.SUSPENDED],
}


def code_for(n: int) -> str:
    body = f"{(500_000_000 + n) % 10**9:09d}"
    total = sum(int(body[i]) * (10 - i) for i in range(9)) % 11
    return body + str(total if total < 2 else 11 - total)


def _places() -> list[tuple[Unit, str, int, int]]:
    """(unit, status, actions done, members) for the demo neighborhoods and a few villages."""
    out = []
    for unit in Unit.objects.filter(kind=Kind.NEIGHBORHOOD, name__in=list(PLAN)).order_by("path"):
        status, done, members = PLAN[unit.name]
        out.append((unit, status, done, members))
    for province, plans in (
        ("تهران", [(CenterStatus.ACTIVE, 20, 22), (CenterStatus.ESTABLISHING, 5, 8)]),
        ("اصفهان", [(CenterStatus.ACTIVE, 10, 16), (CenterStatus.PROPOSED, 0, 0)]),
    ):
        p = Unit.objects.filter(kind=Kind.PROVINCE, name=province).first()
        if p is None:
            continue
        villages = Unit.objects.filter(kind=Kind.VILLAGE, path__startswith=p.path).order_by("path")[
            : len(plans)
        ]
        for village, (status, done, members) in zip(villages, plans, strict=False):
            out.append((village, status, done, members))
    return out


def load(command) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(1403)
    today = jalali.today()
    facilitator = User.objects.filter(username="facilitator").first()
    catalog = list(EstablishmentAction.objects.filter(is_active=True).order_by("strategy__number", "order"))
    made = 0
    seq = Person.objects.filter(national_code__startswith="5").count() + 1
    for index, (unit, status, done, n_members) in enumerate(_places()):
        name = f"کانون سلامت {'روستای ' if unit.kind == Kind.VILLAGE else 'محلهٔ '}{unit.name}"
        if Center.objects.filter(unit=unit, name=name).exists():
            continue
        with transaction.atomic():
            founded = today - dt.timedelta(days=90 + 70 * (index % 7))
            venue_kind, venue_name = VENUES[index % len(VENUES)]
            center = services.center_create(
                actor=None,
                name=name,
                unit=unit,
                founded_on=founded,
                venue_kind=venue_kind,
                venue_name=venue_name if unit.kind != Kind.VILLAGE else "خانهٔ بهداشت روستا",
                address=f"{unit.name}، خیابان اصلی",
                public_description=(
                    f"کانون سلامت {unit.name} با مشارکت مردم محله برای سلامت خانواده‌ها و محله کار می‌کند: "
                    "پیاده‌روی صبحگاهی، کلاس تغذیهٔ سالم، غربالگری فشار خون و پاکسازی محله."
                ),
                how_to_join="هر هفته پنجشنبه‌ها ساعت ۱۷ در محل کانون، یا با فرم همین صفحه.",
            )
            if facilitator and unit.path.startswith(
                Unit.objects.filter(kind=Kind.PROVINCE, name="تهران").values_list("path", flat=True).first()
                or "-"
            ):
                center.facilitators.add(facilitator)
            on = founded
            for step in STATUS_PATH.get(status, []):
                on = min(on + dt.timedelta(days=30), today)
                services.center_set_status(
                    actor=None,
                    center=center,
                    status=step,
                    on=on,
                    reason="تعطیلی موقت محل استقرار" if step == CenterStatus.SUSPENDED else "",
                )
            people = []
            for i in range(n_members):
                female = rng.random() < 0.6
                person = Person.objects.filter(national_code=code_for(seq)).first()
                if person is None:
                    person = services.person_create(
                        actor=None,
                        national_code=code_for(seq),
                        first_name=rng.choice(FIRST_F if female else FIRST_M),
                        last_name=rng.choice(LAST),
                        gender="female" if female else "male",
                        birth_date=today - dt.timedelta(days=rng.randint(15 * 365, 75 * 365)),
                        mobile=f"0912{rng.randint(1000000, 9999999)}",
                        occupation=rng.choice(OCCUPATIONS),
                        skills=rng.sample(SKILLS, 2),
                        consent_on=founded,
                        registered_unit=unit,
                    )
                seq += 1
                joined = founded + dt.timedelta(days=rng.randint(0, max(1, (today - founded).days)))
                services.membership_add(
                    actor=None,
                    center=center,
                    person=person,
                    kind="volunteer" if i % 4 == 0 else "member",
                    joined_on=min(joined, today),
                )
                people.append(person)
            if len(people) >= 6:
                for g, (group_name, topic) in enumerate(GROUPS[: 1 + len(people) // 12]):
                    members = people[g * 3 : g * 3 + 5]
                    services.group_create(
                        actor=None,
                        center=center,
                        name=group_name,
                        topic=topic,
                        head=members[0],
                        members=members,
                        formed_on=min(founded + dt.timedelta(days=60 + 20 * g), today),
                    )
            if status == CenterStatus.ACTIVE and len(people) >= 4:
                voters = max(10, len(people) - 2)
                services.election_record(
                    actor=None,
                    center=center,
                    held_on=min(founded + dt.timedelta(days=45), today),
                    voters=voters,
                    observers="نمایندهٔ شبکهٔ بهداشت، نمایندهٔ شهرداری، معتمد محله",
                    candidates=[
                        {"person": people[0], "office": "secretary", "votes": voters - 3},
                        {"person": people[1], "office": "secretary", "votes": 2},
                        {"person": people[2], "office": "deputy", "votes": voters - 4},
                        {"person": people[3], "office": "deputy", "votes": 3},
                    ],
                )
            ticked = {r for r in center.actions_done.values_list("action_id", flat=True)}
            remaining = [a for a in catalog if a.pk not in ticked and not a.auto_rule]
            for k, action in enumerate(remaining[: max(0, done - len(ticked))]):
                services.action_mark_done(
                    actor=None,
                    center=center,
                    action=action,
                    done_on=min(founded + dt.timedelta(days=7 * (k + 1)), today),
                    note="ثبت در دادهٔ نمونه",
                )
            if status in (CenterStatus.ACTIVE, CenterStatus.ESTABLISHING) and people:
                for j in range(2):
                    services.volunteer_signup(
                        center=center,
                        national_code=code_for(900_000 + index * 10 + j),
                        first_name=FIRST_F[j],
                        last_name=LAST[(index + j) % len(LAST)],
                        gender="female",
                        mobile=f"0935{1000000 + index * 10 + j}",
                        consent=True,
                        note="علاقه‌مند به کار داوطلبانه در گروه تغذیه",
                    )
            made += 1
    total = Center.objects.count()
    members = Membership.objects.filter(status="active").count()
    command.stdout.write(f"Centers: {made} demo centers added ({total} centers, {members} active members).")
