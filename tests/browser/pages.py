"""The page catalogue of `test_every_page`: one instance of every object a URL pattern needs, and
for every named URL pattern outside the API and the admin site how to fill it and what it is.

- PAGES: HTML pages a browser opens with GET; each is visited by every role at every width.
- FILES: GET answers that are not HTML pages (spreadsheets, PDFs, JSON, redirects): they must not
  fail with a server error (checked once per role with a plain request).
- ACTIONS: endpoints a form POSTs to; a GET must not fail with a server error either.
- SKIPPED: patterns not visited at all, each with the reason.

A new URL pattern that is in none of these makes the test fail: add it where it belongs.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from kanoon.core import jalali, scope
from tests.conftest import make_user

# prefixes that are not pages of the site people use
OUT_OF_SCOPE = ("api/v1/", "admin/", "static/", "media/")

ROLES = ["national", "province", "county", "secretary", "observer", "anonymous"]


def patterns() -> set[str]:
    """Every named URL pattern ('namespace:name') outside the API and the admin site."""
    out: set[str] = set()

    def walk(items, prefix: str, namespace: str | None) -> None:
        for p in items:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                ns = namespace if p.namespace is None else p.namespace
                walk(p.url_patterns, route, ns)
            elif isinstance(p, URLPattern) and not route.startswith(OUT_OF_SCOPE):
                out.add(f"{namespace}:{p.name}" if namespace else str(p.name))

    walk(get_resolver().url_patterns, "", None)
    return out


def build_world(t: SimpleNamespace, private_root: str) -> SimpleNamespace:
    """One of each kind of record on the shared territory (tests.conftest `territory`), and the
    users of each role (password: the username)."""
    from kanoon.assemblies import services as assemblies
    from kanoon.centers import catalog
    from kanoon.centers.models import EstablishmentAction, Phase, Strategy

    catalog.seed(Phase, Strategy, EstablishmentAction)  # a flush by an earlier test may have emptied it
    from kanoon.centers import importer
    from kanoon.centers import services as centers
    from kanoon.centers.models import CenterAction, MemberImport, Membership
    from kanoon.files import services as files
    from kanoon.meetings import services as meetings
    from kanoon.meetings.kinds import BodyKind
    from kanoon.meetings.models import SeatTerm
    from kanoon.monitoring import services as monitoring
    from kanoon.monitoring.models import DataElement, DataSet, DataSetElement, Indicator
    from kanoon.notifications import services as notifications
    from tests.assemblies.conftest import build_chain
    from tests.centers.conftest import make_member, make_person
    from tests.files.conftest import png_bytes
    from tests.monitoring.conftest import make_implementer
    from tests.organizations.conftest import make_org

    w = SimpleNamespace(t=t)
    w.users = {
        "national": make_user(
            "national",
            scope.NATIONAL_ADMIN,
            t.country,
            password="national",
            first_name="مدیر",
            last_name="ملی",
        ),
        "province": make_user(
            "province",
            scope.PROVINCE_EXPERT,
            t.tehran,
            password="province",
            first_name="مریم",
            last_name="احمدی",
        ),
        "county": make_user(
            "county",
            scope.COUNTY_EXPERT,
            t.tehran_county,
            password="county",
            first_name="زهرا",
            last_name="کریمی",
            mobile="09125550002",
        ),
        "secretary": make_user(
            "secretary",
            scope.CENTER_SECRETARY,
            t.yousefabad,
            password="secretary",
            first_name="حسین",
            last_name="موسوی",
            mobile="09125550001",
        ),
        "observer": make_user(
            "observer", scope.OBSERVER, t.tehran, password="observer", first_name="ناظر", last_name="استان"
        ),
    }
    national = w.users["national"]
    w.assignment = w.users["county"].assignments.get()

    # centers: a center with members (one pending), a group, an election, a tick, an import
    w.chain = build_chain(t)
    w.center = w.chain.center
    centers.center_set_status(actor=None, center=w.center, status="establishing", reason="شروع راه‌اندازی")
    w.person = make_member(w.center, first_name="فاطمه", last_name="حسینی")
    members = [
        make_member(w.center, first_name=first, last_name=last, gender=gender)
        for first, last, gender in [
            ("مهدی", "صادقی", "male"),
            ("نرگس", "جعفری", "female"),
            ("علی", "محمدی", "male"),
            ("لیلا", "کاظمی", "female"),
        ]
    ]
    pending = make_person(t.yousefabad, first_name="سارا", last_name="رحیمی")
    w.pending = Membership.objects.create(center=w.center, person=pending, status="pending", source="public")
    w.group = centers.group_create(
        actor=None, center=w.center, name="گروه تغذیه", topic="nutrition", head=w.person, members=members[:2]
    )
    centers.election_record(
        actor=None,
        center=w.center,
        held_on=jalali.today() - dt.timedelta(days=60),
        voters=45,
        candidates=[
            {"person": members[0], "office": "secretary", "votes": 30},
            {"person": members[1], "office": "secretary", "votes": 12},
            {"person": members[2], "office": "deputy", "votes": 25},
        ],
    )
    action = centers.active_catalog()[0]
    w.action = action
    centers.action_mark_done(actor=None, center=w.center, action=action, done_on=jalali.today())
    w.center_action = CenterAction.objects.filter(center=w.center).first()
    w.member_import = importer.run_import(
        MemberImport.objects.create(
            center=w.center,
            file=SimpleUploadedFile("members.xlsx", importer.template_workbook()),
            original_name="members.xlsx",
            created_by=national,
        )
    )

    # assemblies: seats held, a meeting, a problem, a policy delivered below
    start = jalali.today() - dt.timedelta(days=30)
    for seat, person in zip(w.chain.yousefabad.body.seats.order_by("pk"), members[:2], strict=False):
        assemblies.seat_assign(actor=None, seat=seat, person=person, start_date=start)
    w.seat = w.chain.yousefabad.body.seats.order_by("pk").first()
    w.term = SeatTerm.objects.filter(seat=w.seat).first()
    # a meeting held two hours ago: invitations, attendance, minutes and a resolution
    w.meeting = assemblies.meeting_schedule(
        actor=None,
        assembly=w.chain.yousefabad,
        title="نشست فصلی مجمع محله",
        starts_at=timezone.now() - dt.timedelta(hours=2),
        place="سرای محله یوسف‌آباد",
        agenda=["گزارش دبیر", "اولویت‌بندی مسائل"],
    )
    assemblies.meeting_invite(actor=None, meeting=w.meeting)
    assemblies.meeting_record_attendance(
        actor=None, meeting=w.meeting, present=[members[0].pk, members[1].pk]
    )
    assemblies.meeting_record_minutes(
        actor=None, meeting=w.meeting, minutes="گزارش دبیر خوانده شد و مسائل محله اولویت‌بندی شد."
    )
    assemblies.resolution_add(
        actor=None,
        meeting=w.meeting,
        text="پیگیری کیفیت آب با شرکت آب و فاضلاب",
        owner="دبیر کانون",
        due_date=jalali.today() + dt.timedelta(days=30),
    )
    # a problem referred up to the county (the neighborhood follows it), one still at home
    w.problem = assemblies.problem_register(
        actor=None,
        assembly=w.chain.yousefabad,
        title="آب آشامیدنی با بوی نامطبوع",
        description="شکایت خانوارها از بو و رنگ آب لوله‌کشی",
        affected_population=6000,
    )
    assemblies.problem_refer(
        actor=None, problem=w.problem, justification="منشأ مشکل در شبکهٔ آب شهری است و از توان محله خارج است."
    )
    assemblies.problem_register(
        actor=None,
        assembly=w.chain.yousefabad,
        title="کمبود فضای ورزشی بانوان",
        description="پارک محله فضای ورزشی ندارد.",
    )
    w.policy = assemblies.policy_issue(
        actor=None, issuer=w.chain.tehran, title="غربالگری فشار خون", body="همهٔ مجامع شهرستان‌ها…"
    )
    w.delivery = w.policy.deliveries.order_by("pk").first()

    # other bodies: a working group with a member and a meeting
    w.body = meetings.body_create(
        actor=None, kind=BodyKind.WORKING_GROUP, unit=t.tehran, name="کارگروه سلامت و امنیت غذایی"
    )
    w.body_seat = meetings.seat_create(actor=None, body=w.body, group=_first_group(w.body))
    meetings.seat_assign(
        actor=None,
        seat=w.body_seat,
        person=make_person(t.tehran_county, first_name="رضا", last_name="نادری"),
        start_date=jalali.today() - dt.timedelta(days=30),
    )
    w.body_term = SeatTerm.objects.filter(seat=w.body_seat).first()
    w.body_meeting = meetings.meeting_schedule(
        actor=None,
        body=w.body,
        title="جلسهٔ کارگروه",
        starts_at=timezone.now() + dt.timedelta(days=5),
        place="استانداری",
        agenda=["امنیت غذایی"],
    )

    # organizations and a file attached to one
    w.organization = make_org(t.tehran_county, "سمن مهر")
    os.makedirs(private_root, exist_ok=True)
    w.attachment = files.attachment_add(
        actor=national,
        parent=w.organization,
        file=SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png"),
    )

    # monitoring: an element, a data set, an indicator, a target, an implementer, a report
    w.element = DataElement.objects.create(code="TRAININGS", name="جلسات آموزشی", minimum=0, maximum=500)
    w.data_set = DataSet.objects.create(
        code="Q", name="گزارش فصلی", unit_kinds=["county", "neighborhood"], due_days=15
    )
    DataSetElement.objects.create(data_set=w.data_set, element=w.element, position=1, required=True)
    w.indicator = Indicator.objects.create(
        code="TRAININGS", name="جلسات آموزشی", unit_of_measure="جلسه", numerator="E:TRAININGS", position=1
    )
    w.quarter = _last_quarter()
    w.target = monitoring.target_save(
        user=national, indicator=w.indicator, unit=t.tehran_county, period=w.quarter[:4], value=40
    )
    w.implementer = make_implementer(t.tehran, "معاونت اجتماعی دانشگاه علوم پزشکی تهران")
    w.report = monitoring.report_get_or_create(
        data_set=w.data_set, unit=t.tehran_county, period=w.quarter, user=national
    )
    monitoring.report_save_values(report=w.report, values={w.element.pk: 12}, user=national)
    monitoring.report_submit(report=w.report, user=national)
    # a neighborhood's draft with a saved value: the entry form shows it
    w.draft = monitoring.report_get_or_create(
        data_set=w.data_set, unit=t.yousefabad, period=w.quarter, user=national
    )
    monitoring.report_save_values(report=w.draft, values={w.element.pk: 7}, user=national)

    # a notification for every signed-in role
    w.notifications = {
        role: notifications.notify(
            user=user,
            kind="referral",
            title="ارجاع مسئله از مجمع محله یوسف‌آباد",
            url=f"/assemblies/problems/{w.problem.pk}/",
        )[0]
        for role, user in w.users.items()
    }
    return w


def _first_group(body) -> str:
    from kanoon.meetings.kinds import body_kinds

    groups = body_kinds.get(body.kind).groups
    return groups[0][0] if groups else ""


def _last_quarter() -> str:
    from kanoon.monitoring import periods

    return periods.last_closed_quarter().code


# ---- the catalogue ------------------------------------------------------------------------

Fill = Callable[[SimpleNamespace], dict[str, Any]]


def _none(w) -> dict[str, Any]:
    return {}


PAGES: dict[str, Fill] = {
    "core:home": _none,
    "accounts:login": _none,
    "accounts:password_reset": _none,
    "accounts:password_reset_confirm": _none,
    "accounts:password_change": _none,
    "accounts:profile": _none,
    "accounts:user_list": _none,
    "accounts:user_create": _none,
    "accounts:user_detail": lambda w: {"pk": w.users["county"].pk},
    "geo:unit_index": _none,
    "geo:unit_search": _none,
    "geo:unit_detail": lambda w: {"pk": w.t.yousefabad.pk},
    "geo:unit_add_child": lambda w: {"pk": w.t.zone6.pk},
    "geo:unit_edit": lambda w: {"pk": w.t.yousefabad.pk},
    "people:list": _none,
    "people:detail": lambda w: {"pk": w.person.pk},
    "people:edit": lambda w: {"pk": w.person.pk},
    "centers:center_list": _none,
    "centers:center_create": _none,
    "centers:center_detail": lambda w: {"pk": w.center.pk},
    "centers:center_edit": lambda w: {"pk": w.center.pk},
    "centers:establishment": lambda w: {"pk": w.center.pk},
    "centers:member_list": lambda w: {"pk": w.center.pk},
    "centers:member_add": lambda w: {"pk": w.center.pk},
    "centers:member_import": lambda w: {"pk": w.center.pk},
    "centers:group_create": lambda w: {"pk": w.center.pk},
    "centers:election_list": lambda w: {"pk": w.center.pk},
    "centers:election_create": lambda w: {"pk": w.center.pk},
    "centers:group_edit": lambda w: {"group_pk": w.group.pk},
    "centers:import_detail": lambda w: {"pk": w.member_import.pk},
    "centers:membership_list": _none,
    "centers:catalog": _none,
    "centers:dashboard_home": _none,
    "centers:dashboard": lambda w: {"unit_pk": w.t.tehran.pk},
    "centers_public:finder": _none,
    "centers_public:center": lambda w: {"pk": w.center.pk},
    "opendata:national": _none,
    "opendata:province": lambda w: {"pk": w.t.tehran.pk},
    "monitoring:index": _none,
    "monitoring:definitions": _none,
    "monitoring:definition_new": lambda w: {"kind": "indicator"},
    "monitoring:definition_edit": lambda w: {"kind": "element", "pk": w.element.pk},
    "monitoring:data_sets": _none,
    "monitoring:data_set_new": _none,
    "monitoring:data_set_edit": lambda w: {"pk": w.data_set.pk},
    "monitoring:targets": _none,
    "monitoring:target_new": _none,
    "monitoring:target_edit": lambda w: {"pk": w.target.pk},
    "monitoring:implementers": _none,
    "monitoring:implementer_new": _none,
    "monitoring:implementer_edit": lambda w: {"pk": w.implementer.pk},
    "monitoring:dashboard": lambda w: {"pk": w.t.tehran.pk},
    "monitoring:reports": lambda w: {"pk": w.t.tehran.pk},
    "monitoring:dhis2_import": _none,
    "monitoring:entry": lambda w: {"data_set": w.data_set.pk, "unit": w.t.yousefabad.pk, "period": w.quarter},
    "assemblies:assembly_list": _none,
    "assemblies:assembly_create": _none,
    "assemblies:calendar": _none,
    "assemblies:assembly_detail": lambda w: {"pk": w.chain.yousefabad.pk},
    "assemblies:assembly_edit": lambda w: {"pk": w.chain.yousefabad.pk},
    "assemblies:seat_add": lambda w: {"pk": w.chain.yousefabad.pk},
    "assemblies:meeting_create": lambda w: {"pk": w.chain.yousefabad.pk},
    "assemblies:problem_create": lambda w: {"pk": w.chain.yousefabad.pk},
    "assemblies:priorities": lambda w: {"pk": w.chain.yousefabad.pk},
    "assemblies:criteria": lambda w: {"pk": w.chain.yousefabad.pk},
    "assemblies:policy_create": lambda w: {"pk": w.chain.tehran.pk},
    "assemblies:seat_assign": lambda w: {"pk": w.seat.pk},
    "assemblies:term_end": lambda w: {"pk": w.term.pk},
    "assemblies:meeting_detail": lambda w: {"pk": w.meeting.pk},
    "assemblies:problem_list": _none,
    "assemblies:problem_detail": lambda w: {"pk": w.problem.pk},
    "assemblies:policy_list": _none,
    "assemblies:policy_detail": lambda w: {"pk": w.policy.pk},
    "assemblies:notifications": _none,
    "notifications:inbox": _none,
    "notifications:preferences": _none,
    "organizations:list": _none,
    "organizations:create": _none,
    "organizations:detail": lambda w: {"pk": w.organization.pk},
    "organizations:edit": lambda w: {"pk": w.organization.pk},
    "meetings:body_list": _none,
    "meetings:body_create": _none,
    "meetings:body_detail": lambda w: {"pk": w.body.pk},
    "meetings:body_edit": lambda w: {"pk": w.body.pk},
    "meetings:seat_add": lambda w: {"pk": w.body.pk},
    "meetings:meeting_create": lambda w: {"pk": w.body.pk},
    "meetings:seat_assign": lambda w: {"pk": w.body_seat.pk},
    "meetings:term_end": lambda w: {"pk": w.body_term.pk},
    "meetings:calendar": _none,
    "meetings:meeting_detail": lambda w: {"pk": w.body_meeting.pk},
    "audit:reads": _none,
}

FILES: dict[str, Fill] = {
    "core:healthz": _none,
    "centers:group_export": lambda w: {"pk": w.center.pk},
    "centers:import_template": _none,
    "centers:import_rejected": lambda w: {"pk": w.member_import.pk},
    "centers:person_list": _none,  # old address, redirects to people:list
    "centers:person_detail": lambda w: {"pk": w.person.pk},
    "centers:person_edit": lambda w: {"pk": w.person.pk},
    "meetings:index": _none,  # redirects to the bodies
    "monitoring:dashboard_export": lambda w: {"pk": w.t.tehran.pk, "table": "ranking"},
    "monitoring:unit_report_pdf": lambda w: {"pk": w.t.tehran.pk},
    "monitoring:dhis2_export": lambda w: {"pk": w.t.tehran.pk},
    "assemblies:meeting_pdf": lambda w: {"pk": w.meeting.pk},
    "meetings:meeting_pdf": lambda w: {"pk": w.body_meeting.pk},
    "opendata:national_csv": _none,
    "opendata:national_json": _none,
    "opendata:province_csv": lambda w: {"pk": w.t.tehran.pk},
    "opendata:province_json": lambda w: {"pk": w.t.tehran.pk},
    "files:download": lambda w: {"uid": w.attachment.uid},
    "files:thumbnail": lambda w: {"uid": w.attachment.uid},
}

ACTIONS: dict[str, Fill] = {
    "accounts:assignment_revoke": lambda w: {"pk": w.assignment.pk},
    "centers:center_status": lambda w: {"pk": w.center.pk},
    "centers:action_done": lambda w: {"pk": w.center.pk, "action_pk": w.action.pk},
    "centers:action_undo": lambda w: {"pk": w.center.pk, "action_pk": w.action.pk},
    "centers:import_dismiss": lambda w: {"pk": w.member_import.pk},
    "centers:membership_action": lambda w: {"membership_pk": w.pending.pk, "verb": "accept"},
    "monitoring:report_submit": lambda w: {"pk": w.report.pk},
    "monitoring:report_approve": lambda w: {"pk": w.report.pk},
    "monitoring:report_unapprove": lambda w: {"pk": w.report.pk},
    "assemblies:meeting_action": lambda w: {"pk": w.meeting.pk, "action": "cancel"},
    "assemblies:problem_action": lambda w: {"pk": w.problem.pk, "action": "refer"},
    "assemblies:policy_withdraw": lambda w: {"pk": w.policy.pk},
    "assemblies:policy_acknowledge": lambda w: {"pk": w.policy.pk, "delivery_pk": w.delivery.pk},
    "assemblies:notifications_read_all": _none,
    "assemblies:notification_read": lambda w: {"pk": w.notifications["secretary"].pk},
    "notifications:read_all": _none,
    "notifications:read": lambda w: {"pk": w.notifications["secretary"].pk},
    "organizations:set_active": lambda w: {"pk": w.organization.pk},
    "files:remove": lambda w: {"uid": w.attachment.uid},
    "files:upload": lambda w: {"label": "organizations.organization", "object_id": w.organization.pk},
    "meetings:body_active": lambda w: {"pk": w.body.pk},
    "meetings:meeting_action": lambda w: {"pk": w.body_meeting.pk, "action": "cancel"},
}

SKIPPED: dict[str, str] = {
    "accounts:logout": "ends the session the rest of the visit needs (POST only)",
}


def urls(table: dict[str, Fill], w: SimpleNamespace) -> dict[str, str]:
    return {name: reverse(name, kwargs=fill(w)) for name, fill in sorted(table.items())}


def unknown_patterns() -> set[str]:
    return patterns() - set(PAGES) - set(FILES) - set(ACTIONS) - set(SKIPPED)
