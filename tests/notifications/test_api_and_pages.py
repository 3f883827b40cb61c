"""The inbox and preferences, as pages and under /api/v1/: a user only ever sees their own
notifications (another user's is 404, whoever asks: insider, read-only or outsider)."""

from __future__ import annotations

from kanoon.notifications import services
from kanoon.notifications.models import Notification, Preference


def seed(kind, *users):
    return {
        u.username: services.notify(user=u, kind=kind, title=f"برای {u.username}", url="/units/")[0]
        for u in users
    }


def test_api_lists_only_the_callers_own(api, kind, insider, readonly, outsider):
    notes = seed(kind, insider, readonly, outsider)
    for user in (insider, readonly, outsider):
        body = api(user).get("/api/v1/notifications/").json()
        assert [r["title"] for r in body["results"]] == [f"برای {user.username}"]
        assert body["results"][0]["kind_label"] == "اعلان آزمایشی"
        others = [n for name, n in notes.items() if name != user.username]
        for other in others:
            assert api(user).get(f"/api/v1/notifications/{other.pk}/").status_code == 404
            assert api(user).post(f"/api/v1/notifications/{other.pk}/read/").status_code == 404
    assert not Notification.objects.filter(read_at__isnull=False).exists()
    assert api(None).get("/api/v1/notifications/").status_code in (401, 403)


def test_api_marks_read_counts_and_filters_unread(api, kind, readonly, outsider):
    notes = seed(kind, readonly, outsider)
    services.notify(user=readonly, kind=kind, title="دومی")
    client = api(readonly)
    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 2}
    read = client.post(f"/api/v1/notifications/{notes['readonly'].pk}/read/").json()
    assert read["read_at"]
    assert client.get("/api/v1/notifications/", {"unread": "true"}).json()["count"] == 1
    assert client.post("/api/v1/notifications/read-all/").json() == {"marked": 1}
    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 0}
    assert api(outsider).get("/api/v1/notifications/unread-count/").json() == {"unread": 1}


def test_api_preferences_per_kind(api, kind, readonly, outsider):
    client = api(readonly)
    rows = {r["kind"]: r for r in client.get("/api/v1/notification-preferences/").json()}
    assert rows[kind] == {
        "kind": kind,
        "label": "اعلان آزمایشی",
        "in_app": True,
        "sms": True,
        "email": True,
        "digest": False,
    }
    changed = client.patch(
        f"/api/v1/notification-preferences/{kind}/", {"sms": False, "digest": True}, format="json"
    )
    assert changed.status_code == 200
    assert (changed.json()["sms"], changed.json()["email"], changed.json()["digest"]) == (False, True, True)
    assert Preference.objects.get(user=readonly, kind=kind).sms is False
    assert api(outsider).get(f"/api/v1/notification-preferences/{kind}/").json()["sms"] is True  # own only
    assert client.get("/api/v1/notification-preferences/nothing_here/").status_code == 404
    bad = client.put(f"/api/v1/notification-preferences/{kind}/", {"sms": "شاید"}, format="json")
    assert bad.status_code == 400 and bad.json()["message"]


def test_the_inbox_page_shows_only_ones_own_and_reads_them(web, kind, insider, readonly, outsider):
    notes = seed(kind, insider, readonly, outsider)
    for user in (insider, readonly, outsider):
        client = web(user)
        html = client.get("/notifications/").content.decode()
        assert f"برای {user.username}" in html and 'dir="rtl"' in html and "width=device-width" in html
        assert all(f"برای {name}" not in html for name in notes if name != user.username)
        for name, other in notes.items():
            if name != user.username:
                assert client.post(f"/notifications/{other.pk}/read/").status_code == 404
        response = client.post(f"/notifications/{notes[user.username].pk}/read/")
        assert response.status_code == 302 and response["Location"] == "/units/"
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_the_inbox_filters_unread_and_marks_all(web, kind, readonly):
    seed(kind, readonly)
    client = web(readonly)
    assert "برای readonly" in client.get("/notifications/?unread=1").content.decode()
    assert client.post("/notifications/read/").status_code == 302
    assert "برای readonly" not in client.get("/notifications/?unread=1").content.decode()


def test_a_notification_link_never_leaves_the_site(web, kind, readonly):
    note = services.notify(user=readonly, kind=kind, title="x", url="https://evil.example/")[0]
    assert web(readonly).post(f"/notifications/{note.pk}/read/")["Location"] == "/notifications/"


def test_the_preferences_page_saves_the_users_choices(web, kind, readonly):
    client = web(readonly)
    html = client.get("/notifications/preferences/").content.decode()
    assert "اعلان آزمایشی" in html and "خلاصهٔ روزانه" in html
    response = client.post("/notifications/preferences/", {f"{kind}-email": "on", f"{kind}-digest": "on"})
    assert response.status_code == 302
    pref = Preference.objects.get(user=readonly, kind=kind)
    assert (pref.sms, pref.email, pref.digest) == (False, True, True)


def test_the_home_page_card_counts_only_ones_own_unread(web, kind, insider, outsider):
    seed(kind, insider)
    assert "اعلان خوانده‌نشده" in web(insider).get("/").content.decode()
    assert "/notifications/?unread=1" in web(insider).get("/").content.decode()
    assert "اعلان خوانده‌نشده" not in web(outsider).get("/").content.decode()


def test_the_old_assemblies_addresses_serve_the_new_inbox(web, kind, readonly):
    seed(kind, readonly)
    assert "برای readonly" in web(readonly).get("/assemblies/notifications/").content.decode()
