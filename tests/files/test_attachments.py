"""Attachments through the API and the pages: scope (insider, read-only, outsider), content
checks, size limit, thumbnails, scoped download, removal kept in history."""

from __future__ import annotations

import hashlib

import pytest

from kanoon.files import registry
from kanoon.files.models import Attachment
from kanoon.organizations.models import Organization
from tests.openapi import assert_conforms
from tests.scoped import ids, is_persian

from .conftest import EXE, HTML, PDF, bomb_png, jpeg_bytes, png_bytes, upload

URL = "/api/v1/attachments/"
CT = "organizations.organization"


def _post(client, org, name, content, **extra):
    data = {
        "content_type": CT,
        "object_id": org.pk,
        "kind": "license",
        "file": upload(name, content),
        **extra,
    }
    return client.post(URL, data, format="multipart")


def test_an_insider_uploads_a_pdf_and_everyone_in_scope_lists_it(
    api, org_inside, insider, readonly, outsider
):
    response = _post(api(insider), org_inside, "مجوز فعالیت.pdf", PDF, label="مجوز ۱۴۰۳")
    assert response.status_code == 201, response.content
    assert_conforms(response, "POST")
    body = response.json()
    assert body["mime"] == "application/pdf" and body["size"] == len(PDF)
    assert body["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert body["original_name"] == "مجوز فعالیت.pdf" and body["thumbnail_url"] is None
    attachment = Attachment.objects.get()
    assert attachment.uploaded_by == insider and attachment.parent == org_inside
    # stored under a non-guessable private path, not under MEDIA_ROOT
    assert attachment.file.name == f"attachments/{attachment.uid.hex}"
    for user in (insider, readonly):
        listed = api(user).get(URL, {"content_type": CT, "object_id": org_inside.pk})
        assert listed.status_code == 200 and ids(listed) == {attachment.pk}
        assert_conforms(listed, "GET")
    assert ids(api(outsider).get(URL)) == set()
    assert api(outsider).get(f"{URL}{attachment.pk}/").status_code == 404


def test_a_read_only_user_cannot_upload_and_an_outsider_gets_404(api, org_inside, readonly, outsider):
    response = _post(api(readonly), org_inside, "a.pdf", PDF)
    assert response.status_code == 403 and is_persian(response.json()["message"])
    response = _post(api(outsider), org_inside, "a.pdf", PDF)
    assert response.status_code == 404 and is_persian(response.json()["message"])
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("content", [EXE, HTML], ids=["exe", "html"])
def test_a_pdf_that_is_really_something_else_is_refused_in_persian(
    api, org_inside, insider, content, private_root
):
    response = _post(api(insider), org_inside, "invoice.pdf", content)
    assert response.status_code == 400
    assert "نوع این فایل پذیرفته نیست" in response.json()["errors"]["file"][0]
    assert not Attachment.objects.exists()
    assert not list(private_root.rglob("*")) or not any(p.is_file() for p in private_root.rglob("*"))


def test_a_png_named_pdf_is_stored_as_png_with_a_thumbnail(api, web, org_inside, insider):
    response = _post(api(insider), org_inside, "scan.pdf", png_bytes(size=(1200, 900)))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["mime"] == "image/png" and body["thumbnail_url"]
    attachment = Attachment.objects.get()
    assert attachment.thumbnail and attachment.download_name == "scan.png"
    thumb = api(insider).get(body["thumbnail_url"])
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    import io

    from PIL import Image

    assert max(Image.open(io.BytesIO(b"".join(thumb.streaming_content))).size) == 320


def test_the_size_limit_comes_from_settings(api, org_inside, insider, settings):
    settings.KANOON_MAX_UPLOAD_MB = 1
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024)
    response = _post(api(insider), org_inside, "big.pdf", big)
    assert response.status_code == 400 and response.json()["errors"]["file"] == [
        "حجم فایل بیش از ۱ مگابایت است."
    ]
    assert _post(api(insider), org_inside, "ok.pdf", PDF).status_code == 201


def test_a_decompression_bomb_upload_is_refused(api, org_inside, insider):
    response = _post(api(insider), org_inside, "bomb.png", bomb_png())
    assert response.status_code == 400 and "بمب" in response.json()["errors"]["file"][0]
    assert not Attachment.objects.exists()


def test_hostile_names_are_sanitized(api, org_inside, insider):
    for raw, clean in [("../../etc/passwd", "passwd"), ("x\u202etxt.pdf", "xtxt.pdf")]:
        response = _post(api(insider), org_inside, raw, "متن ساده".encode())
        assert response.status_code == 201, response.content
        assert response.json()["original_name"] == clean


def test_a_kind_the_model_does_not_take_is_refused(api, org_inside, insider):
    response = _post(api(insider), org_inside, "a.pdf", PDF, kind="minutes")
    assert response.status_code == 400 and "kind" in response.json()["errors"]


def test_only_registered_models_accept_attachments(api, territory, insider):
    response = api(insider).post(
        URL,
        {"content_type": "geo.unit", "object_id": territory.tehran.pk, "file": upload("a.pdf", PDF)},
        format="multipart",
    )
    assert response.status_code == 400 and "content_type" in response.json()["errors"]
    assert api(insider).get(URL, {"content_type": "auth.user"}).status_code == 400
    assert api(insider).get(URL, {"content_type": CT, "object_id": "x"}).status_code == 400
    assert api(insider).get(URL, {"object_id": "1"}).status_code == 400


def test_download_streams_with_safe_headers_and_answers_404_to_outsiders(
    api, web, org_inside, insider, readonly, outsider
):
    _post(api(insider), org_inside, "صورت جلسه.pdf", PDF)
    attachment = Attachment.objects.get()
    for user in (insider, readonly):
        response = web(user).get(f"/files/{attachment.uid}/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert (
            "filename*=UTF-8''%D8%B5%D9%88%D8%B1%D8%AA%20%D8%AC%D9%84%D8%B3%D9%87.pdf"
            in response["Content-Disposition"]
        )
        assert response["Content-Disposition"].startswith("attachment;")
    assert web(outsider).get(f"/files/{attachment.uid}/").status_code == 404
    assert web(None).get(f"/files/{attachment.uid}/").status_code == 302  # to the login page
    assert api(outsider).get(f"{URL}{attachment.pk}/download/").status_code == 404
    response = api(readonly).get(f"{URL}{attachment.pk}/download/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    # nothing is reachable under /media/
    assert web(insider).get(f"/media/{attachment.file.name}").status_code == 404


def test_removal_needs_a_reason_hides_the_file_and_keeps_history(
    api, web, org_inside, insider, readonly, outsider
):
    _post(api(insider), org_inside, "a.pdf", PDF)
    attachment = Attachment.objects.get()
    url = f"{URL}{attachment.pk}/deactivate/"
    assert api(outsider).post(url, {"reason": "x"}, format="json").status_code == 404
    assert api(readonly).post(url, {"reason": "x"}, format="json").status_code == 403
    missing = api(insider).post(url, {"reason": "  "}, format="json")
    assert missing.status_code == 400 and is_persian(missing.json()["errors"]["reason"][0])
    response = api(insider).post(url, {"reason": "اشتباه بارگذاری شد"}, format="json")
    assert response.status_code == 200, response.content
    assert_conforms(response, "POST")
    assert ids(api(insider).get(URL, {"content_type": CT, "object_id": org_inside.pk})) == set()
    assert ids(
        api(insider).get(URL, {"content_type": CT, "object_id": org_inside.pk, "include_inactive": "true"})
    ) == {attachment.pk}
    history = list(attachment.history.order_by("history_date").values_list("is_active", "removed_reason"))
    assert history == [(True, ""), (False, "اشتباه بارگذاری شد")]
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert attachment.file.storage.exists(attachment.file.name)  # the bytes are kept
    assert web(readonly).get(f"/files/{attachment.uid}/").status_code == 404
    assert web(insider).get(f"/files/{attachment.uid}/").status_code == 200
    # a read-only user learns nothing of a removed file: not its name, nor why it was removed
    removed = {"content_type": CT, "object_id": org_inside.pk, "include_inactive": "true"}
    assert ids(api(readonly).get(URL, removed)) == set()
    assert api(readonly).get(f"{URL}{attachment.pk}/").status_code == 404
    assert api(insider).get(f"{URL}{attachment.pk}/").status_code == 200


def test_nothing_is_hard_deleted_or_edited(api, org_inside, insider):
    _post(api(insider), org_inside, "a.pdf", PDF)
    attachment = Attachment.objects.get()
    assert api(insider).delete(f"{URL}{attachment.pk}/").status_code == 405
    assert api(insider).patch(f"{URL}{attachment.pk}/", {"label": "x"}, format="json").status_code == 405


def test_list_queries_do_not_grow_with_rows(api, org_inside, insider):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api(insider)
    _post(client, org_inside, "a.pdf", PDF)
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        client.get(URL, {"page_size": 1000})
    for i in range(5):
        _post(client, org_inside, f"{i}.jpg", jpeg_bytes(size=(40, 40)))
    with CaptureQueriesContext(connection) as large:
        assert len(client.get(URL, {"page_size": 1000}).json()["results"]) == 6
    assert len(large) == len(small)


def test_the_partial_uploads_and_removes_over_htmx(web, org_inside, insider, readonly):
    client = web(insider)
    page = client.get(f"/organizations/{org_inside.pk}/").content.decode()
    assert f'hx-post="/files/upload/{CT}/{org_inside.pk}/"' in page
    response = client.post(
        f"/files/upload/{CT}/{org_inside.pk}/",
        {"file": upload("عکس.jpg", jpeg_bytes()), "kind": "evidence", "label": "تابلو"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    attachment = Attachment.objects.get()
    assert "تابلو" in html and f"/files/{attachment.uid}/thumbnail/" in html
    bad = client.post(
        f"/files/upload/{CT}/{org_inside.pk}/",
        {"file": upload("x.pdf", EXE), "kind": "evidence"},
        HTTP_HX_REQUEST="true",
    )
    assert bad.status_code == 400 and "نوع این فایل پذیرفته نیست" in bad.content.decode()
    denied = web(readonly).post(
        f"/files/upload/{CT}/{org_inside.pk}/", {"file": upload("x.pdf", PDF), "kind": "evidence"}
    )
    assert denied.status_code == 403
    client = web(insider)
    removed = client.post(f"/files/{attachment.uid}/remove/", {"reason": "تکراری"}, HTTP_HX_REQUEST="true")
    assert removed.status_code == 200 and "پیوستی ندارد." in removed.content.decode()
    # a plain (non-HTMX) upload redirects back to the page
    response = client.post(
        f"/files/upload/{CT}/{org_inside.pk}/",
        {"file": upload("b.pdf", PDF), "kind": "license", "next": f"/organizations/{org_inside.pk}/"},
    )
    assert response.status_code == 302 and response["Location"] == f"/organizations/{org_inside.pk}/"
    response = client.post(
        f"/files/upload/{CT}/{org_inside.pk}/",
        {"file": upload("c.pdf", PDF), "kind": "license", "next": "https://evil.example/"},
    )
    assert response["Location"] == f"/organizations/{org_inside.pk}/"


def test_the_registry_refuses_unscoped_models_and_unknown_kinds():
    from django.contrib.contenttypes.models import ContentType

    with pytest.raises(TypeError):
        registry.register(ContentType)
    with pytest.raises(ValueError):
        registry.register(Organization, kinds=["bank-statement"])
    assert registry.get("organizations.organization").kinds == ("license", "evidence", "receipt", "other")
