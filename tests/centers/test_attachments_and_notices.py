"""Centers on the shared apps: the tracker's evidence and a center's photos and licenses are
`kanoon.files` attachments (scoped, type checked by content), and sign-ups and their decisions go
through `kanoon.notifications.notify` with the centers' own kinds."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kanoon.centers import services
from kanoon.centers.models import CenterAction, EstablishmentAction, MembershipStatus
from kanoon.core import jalali, scope
from kanoon.core.notify import MemorySMSBackend
from kanoon.files.models import Attachment
from kanoon.files.selectors import attachments_of
from kanoon.notifications.models import Notification
from tests.conftest import make_user
from tests.scoped import is_persian

from .conftest import make_center, make_person, national_code

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.KANOON_PRIVATE_ROOT = str(tmp_path / "private")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "private"


def _tick(client, center, action, content=PDF, name="گزارش جلسه.pdf"):
    return client.post(
        f"/centers/{center.pk}/establishment/{action.pk}/done/",
        {"done_on": "1403/01/20", "note": "", "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


@pytest.fixture
def action(db):
    return EstablishmentAction.objects.get(code="1.1")


def test_it_keeps_a_ticks_evidence_as_an_attachment_seen_in_scope_only(
    web, territory, insider, readonly, outsider, action, private_root
):
    center = make_center(territory.yousefabad)
    assert _tick(web(insider), center, action).status_code == 200
    record = CenterAction.objects.get(center=center, action=action)
    (evidence,) = attachments_of(record)
    assert (evidence.kind, evidence.mime, evidence.uploaded_by) == ("evidence", "application/pdf", insider)
    assert evidence.original_name == "گزارش جلسه.pdf" and evidence.sha256 == hashlib.sha256(PDF).hexdigest()
    # stored privately under a name that says nothing, not under MEDIA_ROOT
    assert (private_root / evidence.file.name).read_bytes() == PDF
    assert evidence.file.name == f"attachments/{evidence.uid.hex}"

    page = web(readonly).get(f"/centers/{center.pk}/establishment/").content.decode()
    assert f'id="attachments-centers-centeraction-{record.pk}"' in page
    assert f"/files/{evidence.uid}/" in page and "بارگذاری" not in page  # no upload form
    assert web(readonly).get(f"/files/{evidence.uid}/").status_code == 200
    assert web(outsider).get(f"/files/{evidence.uid}/").status_code == 404
    assert web(outsider).get(f"/centers/{center.pk}/establishment/").status_code == 404

    page = web(insider).get(f"/centers/{center.pk}/establishment/").content.decode()
    assert f'action="/files/upload/centers.centeraction/{record.pk}/"' in page
    assert "برداشتن" not in page  # a tick with evidence cannot be undone


def test_it_lets_an_insider_add_evidence_later_and_refuses_readonly_and_outsider(
    web, territory, insider, readonly, outsider, action
):
    center = make_center(territory.yousefabad)
    record = services.action_mark_done(actor=insider, center=center, action=action, done_on=jalali.today())
    url = f"/files/upload/centers.centeraction/{record.pk}/"
    page = f"/centers/{center.pk}/establishment/"

    def post(client, name="عکس.pdf", content=PDF):
        return client.post(url, {"file": SimpleUploadedFile(name, content), "kind": "evidence", "next": page})

    response = post(web(insider))
    assert response.status_code == 302 and response["Location"] == page
    assert attachments_of(record).count() == 1
    response = post(web(readonly))
    assert response.status_code == 403
    assert post(web(outsider)).status_code == 404
    assert attachments_of(record).count() == 1


@pytest.mark.parametrize("content", [EXE, HTML], ids=["exe", "html"])
def test_it_refuses_a_hostile_file_and_the_whole_tick_with_it(web, territory, insider, action, content):
    center = make_center(territory.yousefabad)
    response = _tick(web(insider), center, action, content=content, name="report.pdf")
    assert "نوع این فایل پذیرفته نیست" in response.content.decode()
    assert not CenterAction.objects.filter(center=center, action=action).exists()
    assert not Attachment.objects.exists()


def test_it_undoes_a_tick_only_once_its_evidence_is_removed(territory, insider, action):
    center = make_center(territory.yousefabad)
    record = services.action_mark_done(
        actor=insider,
        center=center,
        action=action,
        done_on=jalali.today(),
        files=[SimpleUploadedFile("a.pdf", PDF)],
    )
    with pytest.raises(Exception) as refused:
        services.action_undo(actor=insider, record=record)
    assert "مستند" in str(refused.value)
    from kanoon.files.services import attachment_remove

    attachment_remove(actor=insider, attachment=attachments_of(record).get(), reason="اشتباه بود")
    services.action_undo(actor=insider, record=record)
    assert not CenterAction.objects.filter(pk=record.pk).exists()


def test_it_takes_photos_and_licenses_on_the_center_page(web, territory, insider, readonly, outsider):
    center = make_center(territory.yousefabad)
    url = f"/files/upload/centers.center/{center.pk}/"
    client = web(insider)
    assert f'action="{url}"' in client.get(f"/centers/{center.pk}/").content.decode()
    response = client.post(url, {"file": SimpleUploadedFile("مجوز.pdf", PDF), "kind": "license"})
    assert response.status_code == 302
    (license_,) = attachments_of(center)
    assert license_.kind == "license"
    refused = client.post(url, {"file": SimpleUploadedFile("x.pdf", PDF), "kind": "receipt"}, follow=True)
    assert refused.status_code == 200 and 'role="alert"' in refused.content.decode()
    assert attachments_of(center).count() == 1
    page = web(readonly).get(f"/centers/{center.pk}/").content.decode()
    assert f"/files/{license_.uid}/" in page and f'action="{url}"' not in page
    assert (
        web(readonly).post(url, {"file": SimpleUploadedFile("b.pdf", PDF), "kind": "photo"}).status_code
        == 403
    )
    assert web(outsider).get(f"/files/{license_.uid}/").status_code == 404
    assert (
        web(outsider).post(url, {"file": SimpleUploadedFile("b.pdf", PDF), "kind": "photo"}).status_code
        == 404
    )


def test_it_lists_a_tracker_of_many_ticks_in_a_bounded_number_of_queries(web, territory, insider):
    center = make_center(territory.yousefabad)
    actions = list(EstablishmentAction.objects.filter(is_active=True, auto_rule=""))
    client = web(insider)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/centers/{center.pk}/establishment/").status_code == 200
        return len(ctx)

    for a in actions[:3]:
        services.action_mark_done(actor=insider, center=center, action=a, done_on=jalali.today())
    few = count()
    for a in actions[3:9]:
        services.action_mark_done(actor=insider, center=center, action=a, done_on=jalali.today())
    # the attachments boxes of all ticked actions are read at once: more ticks, no more queries
    assert count() <= few


# ---- notifications ------------------------------------------------------------------------------


def _sign_up(client, center, mobile="09351234567"):
    return client.post(
        f"/c/{center.pk}/",
        {
            "national_code": national_code(),
            "first_name": "نرگس",
            "last_name": "نوری",
            "gender": "female",
            "mobile": mobile,
            "consent": "on",
        },
    )


def test_it_tells_the_secretaries_of_a_sign_up_through_notify(
    client, territory, django_capture_on_commit_callbacks
):
    center = make_center(territory.yousefabad, status="active")
    sec = make_user("sec", scope.CENTER_SECRETARY, territory.yousefabad, mobile="09127777777")
    quiet = make_user("sec-no-mobile", scope.CENTER_SECRETARY, territory.yousefabad)
    make_user("other-sec", scope.CENTER_SECRETARY, territory.village, mobile="09128888888")
    gone = make_user("old-sec", scope.CENTER_SECRETARY, territory.yousefabad, mobile="09129999999")
    gone.assignments.update(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client, center)
    notes = Notification.objects.filter(kind="membership_request")
    assert {n.user for n in notes} == {sec, quiet}
    assert all(center.name in n.title and is_persian(n.title) for n in notes)
    assert [m for m, _ in MemorySMSBackend.outbox] == ["09127777777"]
    assert sec.notifications.get().deliveries.get().status == "sent"


def test_it_honours_a_secretarys_preference_for_sign_up_texts(
    client, territory, django_capture_on_commit_callbacks
):
    from kanoon.notifications.services import preference_set

    center = make_center(territory.yousefabad, status="active")
    sec = make_user("sec", scope.CENTER_SECRETARY, territory.yousefabad, mobile="09127777777")
    preference_set(user=sec, kind="membership_request", sms=False, email=False, digest=False)
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client, center)
    assert sec.notifications.filter(kind="membership_request").count() == 1
    assert MemorySMSBackend.outbox == []


@pytest.mark.parametrize("accept", [True, False], ids=["accepted", "declined"])
def test_it_tells_the_person_with_an_account_the_decision(
    territory, insider, accept, django_capture_on_commit_callbacks
):
    center = make_center(territory.yousefabad, status="active")
    person = make_person(territory.yousefabad, mobile="09351234567")
    membership = services.membership_add(
        actor=None, center=center, person=person, status=MembershipStatus.PENDING
    )
    account = make_user("narges", mobile="09351234567")
    stranger = make_person(territory.yousefabad, mobile="09350000000")
    other = services.membership_add(
        actor=None, center=center, person=stranger, status=MembershipStatus.PENDING
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_decide(actor=insider, membership=membership, accept=accept)
        services.membership_decide(actor=insider, membership=other, accept=accept)
    (note,) = Notification.objects.filter(kind="membership_decision")
    assert note.user == account and center.name in note.title
    assert ("پذیرفته شد" in note.title) is accept
    assert [m for m, _ in MemorySMSBackend.outbox] == ["09351234567"]
