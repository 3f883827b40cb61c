"""A permission test generated for every operation of the OpenAPI document.

Every operation is classified from its path (`/api/v1/<resource>/`, `/<resource>/{id}/`,
`/<resource>/{id}/<action>/`, `/<resource>/<action>/`) and checked with the users of
tests/conftest.py: anonymous → 401; a list never shows an object outside the caller's scope;
the outsider (Isfahan) gets 404 on a Tehran object, whatever the method (no leak of existence);
the read-only observer gets 403 on every write; nothing can be hard-deleted.

The objects come from a registry keyed by resource: mostly the ScopedAPICase classes of the app
tests (make_inside = in Tehran, make_outside = in Isfahan, create_payload, update_payload).
An operation whose resource is not in RESOURCES, SPECIAL or PUBLIC makes
`test_it_covers_every_operation` fail: a new endpoint must be added here with its factories
or exempted with a reason. Rank and subtree rules for managing users are in tests/accounts.
"""

from __future__ import annotations

import importlib
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import resolve

from kanoon.accounts.models import RoleAssignment
from kanoon.core import scope
from kanoon.monitoring.models import DataElement, DataSet, Indicator
from tests.assemblies import test_api as assemblies_cases
from tests.assemblies.conftest import build_chain
from tests.centers import (
    test_api_centers,
    test_api_elections,
    test_api_groups,
    test_api_memberships,
    test_api_people,
)
from tests.conftest import make_user
from tests.geo import test_api_units
from tests.monitoring import test_api as monitoring_cases
from tests.openapi import document

_seq = itertools.count(1)
PREFIX = "/api/v1/"


# ---- factories for resources without a ScopedAPICase ------------------------------------
class UserCase:
    def make_inside(self, t):
        return make_user(f"tehran-{next(_seq)}", scope.COUNTY_EXPERT, t.rey_county)

    def make_outside(self, t):
        return make_user(f"isfahan-{next(_seq)}", scope.COUNTY_EXPERT, t.isfahan_county)

    def create_payload(self, t):
        n = next(_seq)
        return {
            "username": f"new-{n}",
            "password": "Kanoon-1403-pass",
            "role": "observer",
            "unit": t.tehran.pk,
        }

    def update_payload(self, t, obj):
        return {"first_name": "مریم"}


class AssignmentCase:
    def make_inside(self, t):
        return RoleAssignment.objects.get(user=UserCase().make_inside(t))

    def make_outside(self, t):
        return RoleAssignment.objects.get(user=UserCase().make_outside(t))

    def create_payload(self, t):
        user = make_user(f"plain-{next(_seq)}")
        return {"user": user.pk, "role": "observer", "unit": t.rey_county.pk}


class IndicatorCase:
    def make_inside(self, t):
        n = next(_seq)
        return Indicator.objects.create(code=f"IND{n}", name="شاخص", numerator="S:active_centers")

    make_outside = make_inside

    def create_payload(self, t):
        return {"code": f"IND{next(_seq)}", "name": "شاخص", "numerator": "S:active_centers"}

    def update_payload(self, t, obj):
        return {"name": "شاخص تازه"}


class DataElementCase(IndicatorCase):
    def make_inside(self, t):
        return DataElement.objects.create(code=f"DE{next(_seq)}", name="عنصر")

    make_outside = make_inside

    def create_payload(self, t):
        return {"code": f"DE{next(_seq)}", "name": "عنصر"}


class DataSetCase(IndicatorCase):
    def make_inside(self, t):
        return DataSet.objects.create(code=f"DS{next(_seq)}", name="فرم", unit_kinds=["county"])

    make_outside = make_inside

    def create_payload(self, t):
        return {"code": f"DS{next(_seq)}", "name": "فرم", "unit_kinds": ["county"]}


class NotificationCase:
    """Notifications are personal: the insider's own and the outsider's own."""

    def _make(self, username):
        from kanoon.accounts.models import User

        model = resolve(f"{PREFIX}notifications/").func.cls.serializer_class.Meta.model
        return model.objects.create(
            user=User.objects.get(username=username), kind="invitation", title="دعوت به جلسه"
        )

    def make_inside(self, t):
        return self._make("insider")

    def make_outside(self, t):
        return self._make("outsider")


class AttachmentCase:
    """Images (so that the thumbnail exists too) attached to an organization in Rey (Tehran) and one in
    Isfahan."""

    def _make(self, unit):
        from kanoon.accounts.models import User
        from kanoon.files import services
        from kanoon.geo.models import Unit
        from tests.conftest import make_user
        from tests.files.conftest import png_bytes, upload
        from tests.organizations.conftest import make_org

        uploader = User.objects.filter(username="probe-uploader").first() or make_user(
            "probe-uploader", scope.NATIONAL_ADMIN, Unit.objects.get(depth=0)
        )
        return services.attachment_add(
            actor=uploader, parent=make_org(unit), file=upload("a.png", png_bytes())
        )

    def make_inside(self, t):
        return self._make(t.rey_county)

    def make_outside(self, t):
        return self._make(t.isfahan_county)


# ---- the registry -----------------------------------------------------------------------
SCOPED, NATIONAL, OWN, MANAGED = "scoped", "national", "own", "managed"


@dataclass
class Resource:
    case: Any
    # scoped: by unit; national: definitions everyone reads; own: the user's own;
    # managed: by unit, for user managers only (the observer sees none of it)
    kind: str = SCOPED
    # writes the read-only user may not even reach (the body is checked first): {op: reason}
    payloads: dict[str, Any] = field(default_factory=dict)


def _report_payload(t, obj):
    return {"data_set": obj.report.data_set.code, "unit": obj.unit_id, "period": obj.period}


RESOURCES: dict[str, Resource] = {
    "units": Resource(test_api_units.TestUnitAPI),
    "users": Resource(UserCase, MANAGED),
    "role-assignments": Resource(AssignmentCase, MANAGED),
    "indicators": Resource(IndicatorCase, NATIONAL),
    "data-elements": Resource(DataElementCase, NATIONAL),
    "data-sets": Resource(DataSetCase, NATIONAL),
    "data-values": Resource(
        monitoring_cases.TestDataValueAPI,
        payloads={
            "POST submit": _report_payload,
            "POST approve": _report_payload,
            "POST unapprove": _report_payload,
        },
    ),
    "targets": Resource(monitoring_cases.TestTargetAPI),
    "centers": Resource(test_api_centers.TestCenterAPI),
    "people": Resource(test_api_people.TestPersonAPI),
    "memberships": Resource(test_api_memberships.TestMembershipAPI),
    "groups": Resource(test_api_groups.TestGroupAPI),
    "elections": Resource(test_api_elections.TestElectionAPI),
    "assemblies": Resource(assemblies_cases.TestAssemblyAPI),
    "seats": Resource(assemblies_cases.TestSeatAPI),
    "meetings": Resource(assemblies_cases.TestMeetingAPI),
    "problems": Resource(assemblies_cases.TestProblemAPI),
    "policies": Resource(assemblies_cases.TestPolicyAPI),
    "notifications": Resource(NotificationCase, OWN),
    "organizations": Resource("tests.organizations.test_api.TestOrganizationAPI"),
    "bodies": Resource("tests.meetings.test_api.TestBodyAPI"),
    "attachments": Resource(
        AttachmentCase, payloads={"POST deactivate": lambda t, obj: {"reason": "اشتباه"}}
    ),
}

# Generated checks that do not apply to one operation: {"METHOD /path": reason}
EXEMPT = {
    "POST /api/v1/attachments/": "a multipart upload to a parent record: read-only and outsider "
    "refusals are in tests/files/test_attachments.py",
}

# Operations answered to anyone: {"METHOD /path": reason}
PUBLIC = {"POST /api/v1/auth/token/": "the sign-in itself (throttled, see tests/accounts)"}

# Operations outside the resource pattern, each with its own scope probe below.
SPECIAL = {
    "GET /api/v1/me/": "the caller's own account",
    "GET /api/v1/analytics/": "a unit's indicator: the unit is looked up through the scope",
    "GET /api/v1/dataValueSets/": "DHIS2 export: the orgUnit is looked up through the scope",
    "POST /api/v1/dataValueSets/": "DHIS2 import: every row's unit is checked by the service",
    "GET /api/v1/read-audit/": "the read audit: national admins only (403 to everyone else)",
    "GET /api/v1/read-audit/{id}/": "the read audit: national admins only (403 to everyone else)",
    "GET /api/v1/notification-preferences/": "the caller's own preferences",
    "GET /api/v1/notification-preferences/{kind}/": "the caller's own preference for one kind",
    "PUT /api/v1/notification-preferences/{kind}/": "the caller's own preference for one kind",
    "PATCH /api/v1/notification-preferences/{kind}/": "the caller's own preference for one kind",
}

PATH = re.compile(r"^/api/v1/(?P<resource>[^/{]+)/(?P<detail>\{id\}/)?(?:(?P<action>[^/{]+)/)?$")


@dataclass(frozen=True)
class Op:
    method: str
    path: str
    resource: str
    detail: bool
    action: str | None

    def __str__(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def is_write(self) -> bool:
        return self.method != "GET"

    def url(self, obj=None) -> str:
        url = f"{PREFIX}{self.resource}/"
        if self.detail:
            url += f"{obj.pk if obj is not None else 1}/"
        if self.action:
            url += f"{self.action}/"
        return url


def operations() -> list[str]:
    return sorted(
        f"{method.upper()} {path}"
        for path, item in document()["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    )


def classify(operation: str) -> Op | None:
    method, path = operation.split(" ", 1)
    match = PATH.match(path)
    if match is None:
        return None
    return Op(method, path, match["resource"], bool(match["detail"]), match["action"])


def resource_ops() -> list[Op]:
    ops = [classify(o) for o in operations() if o not in PUBLIC and o not in SPECIAL]
    return [op for op in ops if op is not None and op.resource in RESOURCES]


def ops_where(predicate) -> list[Op]:
    return [op for op in resource_ops() if str(op) not in EXEMPT and predicate(op)]


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Attachments made by the probes go to a scratch folder, not var/private."""
    settings.KANOON_PRIVATE_ROOT = str(tmp_path / "private")


@pytest.fixture
def world(territory, insider, readonly, outsider, settings, tmp_path):
    """The territory with its assemblies (the assembly factories hang on them)."""
    settings.KANOON_PRIVATE_ROOT = str(tmp_path / "private")
    build_chain(territory)
    return territory


def case_of(op: Op):
    case = RESOURCES[op.resource].case
    if isinstance(case, str):  # "module.Class" of an app's test module, imported when needed
        module, name = case.rsplit(".", 1)
        case = getattr(importlib.import_module(module), name)
    return case()


def body_for(op: Op, t, obj) -> dict:
    resource = RESOURCES[op.resource]
    custom = resource.payloads.get(f"{op.method} {op.action}") if op.action else None
    if custom:
        return custom(t, obj)
    case = case_of(op)
    if op.method in {"PUT", "PATCH"} and hasattr(case, "update_payload"):
        return case.update_payload(t, obj)
    if op.method == "POST" and not op.detail and not op.action:
        return case.create_payload(t)
    return {}


# ---- the table is complete --------------------------------------------------------------
def test_it_covers_every_operation():
    missing = [
        o
        for o in operations()
        if o not in PUBLIC
        and o not in SPECIAL
        and ((op := classify(o)) is None or op.resource not in RESOURCES)
    ]
    assert not missing, f"operations with no permission probe (add them to RESOURCES or SPECIAL): {missing}"


def test_no_operation_deletes():
    deletes = [o for o in operations() if o.startswith("DELETE ")]
    assert not deletes, f"records are deactivated by services, never deleted: {deletes}"


# ---- generated probes -------------------------------------------------------------------
@pytest.mark.parametrize("operation", [o for o in operations() if o not in PUBLIC])
def test_anonymous_is_refused(operation, api, territory):
    method, path = operation.split(" ", 1)
    url = re.sub(r"\{[^}]+\}", "1", path)
    response = getattr(api(), method.lower())(url, {}, format="json")
    assert response.status_code == 401, (operation, response.status_code)
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize(
    "op", ops_where(lambda op: op.method == "GET" and not op.detail and not op.action), ids=str
)
def test_lists_stay_inside_the_scope(op, api, world, insider, readonly, outsider):
    case = case_of(op)
    inside, outside = case.make_inside(world), case.make_outside(world)
    kind = RESOURCES[op.resource].kind

    def listed(user) -> set[int]:
        response = api(user).get(op.url(), {"page_size": 1000})
        assert response.status_code == 200, (user.username, response.content[:300])
        return {row["id"] for row in response.json()["results"]}

    if kind == NATIONAL:  # definitions: every signed-in user reads all of them
        for user in (insider, readonly, outsider):
            assert {inside.pk, outside.pk} <= listed(user)
        return
    seen = listed(insider)
    assert inside.pk in seen and outside.pk not in seen
    if kind == SCOPED:
        seen = listed(readonly)
        assert inside.pk in seen and outside.pk not in seen
    else:
        assert not {inside.pk, outside.pk} & listed(readonly)
    seen = listed(outsider)
    assert outside.pk in seen and inside.pk not in seen


@pytest.mark.parametrize("op", ops_where(lambda op: op.detail), ids=str)
def test_outsider_gets_404_on_every_object_operation(op, api, world, insider, readonly, outsider):
    if RESOURCES[op.resource].kind == NATIONAL:
        pytest.skip("definitions are national: everyone reads them, only the national admin writes")
    obj = case_of(op).make_inside(world)
    body = body_for(op, world, obj)
    response = getattr(api(outsider), op.method.lower())(op.url(obj), body, format="json")
    assert response.status_code == 404, (str(op), response.status_code, response.content[:300])
    if op.method == "GET":
        assert api(insider).get(op.url(obj)).status_code == 200
        expected = 404 if RESOURCES[op.resource].kind in (OWN, MANAGED) else 200
        assert api(readonly).get(op.url(obj)).status_code == expected


@pytest.mark.parametrize("op", ops_where(lambda op: op.is_write), ids=str)
def test_read_only_user_cannot_write(op, api, world, readonly, outsider):
    resource = RESOURCES[op.resource]
    case = case_of(op)
    obj = case.make_inside(world)
    model = obj.__class__
    before = model._default_manager.count()
    body = body_for(op, world, obj)
    response = getattr(api(readonly), op.method.lower())(op.url(obj), body, format="json")
    if resource.kind == OWN:
        # the observer's own notifications only: someone else's is not found
        assert response.status_code in (200, 404), (str(op), response.status_code)
        return
    if resource.kind == MANAGED:
        # the observer sees no users at all: not found, or a reference that does not exist for them
        assert response.status_code in (400, 403, 404), (str(op), response.status_code)
        assert model._default_manager.count() == before
        return
    assert response.status_code == 403, (str(op), response.status_code, response.content[:300])
    assert model._default_manager.count() == before
    if resource.kind == NATIONAL:
        response = getattr(api(outsider), op.method.lower())(op.url(obj), body, format="json")
        assert response.status_code == 403, (str(op), response.status_code)


@pytest.mark.parametrize(
    "op", ops_where(lambda op: op.detail and not op.action and op.method == "GET"), ids=str
)
def test_nothing_is_hard_deleted(op, api, world, insider, national):
    obj = case_of(op).make_inside(world)
    for user in (insider, national):
        response = api(user).delete(op.url(obj))
        assert response.status_code in (403, 405), (user.username, response.status_code)
    assert obj.__class__._default_manager.filter(pk=obj.pk).exists()


# ---- the operations outside the resource pattern ----------------------------------------
def test_me_shows_only_the_caller(api, world, insider, outsider):
    assert api(insider).get("/api/v1/me/").json()["username"] == "insider"
    assert api(outsider).get("/api/v1/me/").json()["username"] == "outsider"


def test_analytics_and_dhis2_export_hide_other_scopes(api, world, insider, outsider):
    indicator = IndicatorCase().make_inside(world)
    query = {"indicator": indicator.code, "unit": world.tehran_county.pk, "period": "1403Q1"}
    assert api(insider).get("/api/v1/analytics/", query).status_code == 200
    assert api(outsider).get("/api/v1/analytics/", query).status_code == 404
    query = {"orgUnit": world.tehran_county.pk, "period": "2024Q2"}
    assert api(insider).get("/api/v1/dataValueSets/", query).status_code == 200
    assert api(outsider).get("/api/v1/dataValueSets/", query).status_code == 404


def test_dhis2_import_writes_nothing_outside_the_scope(api, world, readonly, outsider):
    from kanoon.monitoring.models import DataValue

    case = monitoring_cases.TestDataValueAPI()
    _, element = case._element()
    payload = {
        "dataValues": [
            {"dataElement": element.code, "orgUnit": world.tehran_county.pk, "period": "2024Q2", "value": "3"}
        ]
    }
    for user in (readonly, outsider):
        api(user).post("/api/v1/dataValueSets/", payload, format="json")
    assert not DataValue.objects.filter(element=element).exists()


def test_read_audit_is_for_national_admins_only(api, world, insider, readonly, outsider, national):
    if "GET /api/v1/read-audit/" not in operations():
        pytest.skip("no read audit in this build")
    for user in (insider, readonly, outsider):
        assert api(user).get("/api/v1/read-audit/").status_code == 403
        assert api(user).get("/api/v1/read-audit/1/").status_code == 403
    assert api(national).get("/api/v1/read-audit/").status_code == 200
