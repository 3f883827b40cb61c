"""Every important assemblies record shows its history (who, when, which field, old and new value) on
its page and in the API, through the shared partial and HistoryMixin; outsiders get 404."""

from __future__ import annotations

from kanoon.assemblies import services
from tests.assemblies.conftest import future


def _records(chain, people):
    meeting = services.meeting_schedule(
        actor=None,
        assembly=chain.yousefabad,
        title="جلسهٔ آب",
        starts_at=future(),
        place="مسجد",
        agenda=["آب"],
    )
    problem = services.problem_register(
        actor=None, assembly=chain.yousefabad, title="آب ناسالم", description="شرح"
    )
    services.problem_update(actor=people.secretary, problem=problem, title="آب آشامیدنی ناسالم")
    policy = services.policy_issue(actor=None, issuer=chain.tehran, title="غربالگری فشار خون", body="متن")
    return meeting, problem, policy


def test_it_shows_each_records_history_on_its_page(web, chain, people):
    meeting, problem, policy = _records(chain, people)
    client = web(people.province)
    html = client.get(f"/assemblies/problems/{problem.pk}/").content.decode()
    assert 'id="history"' in html and "آب ناسالم" in html and "آب آشامیدنی ناسالم" in html
    for url in (
        f"/assemblies/{chain.yousefabad.pk}/",
        f"/assemblies/meetings/{meeting.pk}/",
        f"/assemblies/policies/{policy.pk}/",
    ):
        assert 'id="history"' in client.get(url).content.decode(), url


def test_it_serves_history_in_the_api_and_hides_it_from_outsiders(api, chain, people, outsider):
    meeting, problem, policy = _records(chain, people)
    urls = [
        f"/api/v1/problems/{problem.pk}/history/",
        f"/api/v1/policies/{policy.pk}/history/",
        f"/api/v1/assemblies/{chain.yousefabad.pk}/history/",
        f"/api/v1/meetings/{meeting.pk}/history/",
        f"/api/v1/bodies/{chain.yousefabad.body_id}/history/",
    ]
    for url in urls:
        assert api(people.province).get(url).status_code == 200, url
        assert api(outsider).get(url).status_code == 404, url
    changes = api(people.province).get(urls[0]).json()["results"][0]["changes"]
    assert {"field": "title", "old": "آب ناسالم", "new": "آب آشامیدنی ناسالم"}.items() <= changes[0].items()


def test_a_meeting_action_with_a_malformed_resolution_id_is_a_persian_message(web, chain, people):
    """The assemblies' meeting page posts to the one shared dispatcher: a resolution id that is not
    a number is refused in Persian (it was a server error on the assemblies page)."""
    meeting = services.meeting_schedule(
        actor=None,
        assembly=chain.yousefabad,
        title="جلسهٔ آب",
        starts_at=future(),
        place="مسجد",
        agenda=["آب"],
    )
    client = web(people.province)
    url = f"/assemblies/meetings/{meeting.pk}/resolution-status/"
    response = client.post(url, {"resolution": "abc", "status": "done"}, follow=True)
    assert response.status_code == 200
    assert "مصوبه یا وضعیت نامعتبر است." in response.content.decode()
