from kanoon.centers import services
from tests.scoped import ScopedAPICase

from .conftest import make_center, make_member, make_person


class TestGroupAPI(ScopedAPICase):
    url = "/api/v1/groups/"

    def make_inside(self, t):
        center = make_center(t.yousefabad)
        head = make_member(center)
        return services.group_create(
            actor=None, center=center, name="گروه تغذیه", topic="nutrition", head=head
        )

    def make_outside(self, t):
        center = make_center(t.jolfa)
        return services.group_create(actor=None, center=center, name="گروه سالمندی", topic="elderly")

    def create_payload(self, t):
        center = make_center(t.yousefabad)
        a, b = make_member(center), make_member(center)
        return {
            "center": center.pk,
            "name": "گروه ورزش صبحگاهی",
            "topic": "activity",
            "head": a.pk,
            "members": [a.pk, b.pk],
        }

    def create_outside_payload(self, t):
        return {"center": make_center(t.jolfa).pk, "name": "گروه", "topic": "other"}

    def invalid_payload(self, t):
        return {"center": make_center(t.yousefabad).pk, "name": "گروه", "topic": "astrology"}, "topic"

    def update_payload(self, t, obj):
        return {"name": "گروه تغذیهٔ سالم"}


def test_members_of_a_group_must_be_members_of_the_center(api, territory, insider):
    center = make_center(territory.yousefabad)
    stranger = make_person(territory.yousefabad)
    response = api(insider).post(
        "/api/v1/groups/",
        {"center": center.pk, "name": "گروه", "topic": "other", "members": [stranger.pk]},
        format="json",
    )
    assert response.status_code == 400 and "members" in response.json()["errors"]


def test_the_head_is_a_member_and_the_name_is_unique(api, territory, insider):
    center = make_center(territory.yousefabad)
    head = make_member(center)
    client = api(insider)
    body = client.post(
        "/api/v1/groups/",
        {"center": center.pk, "name": "گروه محیط زیست", "topic": "environment", "head": head.pk},
    ).json()
    assert body["members"] == [head.pk] and body["topic_label"]
    again = client.post(
        "/api/v1/groups/", {"center": center.pk, "name": "گروه محیط زیست", "topic": "environment"}
    )
    assert again.status_code == 400 and "name" in again.json()["errors"]
