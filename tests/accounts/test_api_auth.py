from kanoon.core import scope
from tests.conftest import make_user


def test_it_issues_a_token_for_username_and_password(api, territory):
    make_user("maryam", scope.PROVINCE_EXPERT, territory.tehran, password="s3cret-pass")
    response = api().post(
        "/api/v1/auth/token/", {"username": "maryam", "password": "s3cret-pass"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get("/api/v1/me/").json()
    assert me["username"] == "maryam"
    assert me["assignments"][0]["role"] == "province_expert"
    assert client.get("/api/v1/units/").status_code == 200


def test_it_refuses_bad_credentials_with_a_persian_error(api, territory):
    make_user("maryam", password="s3cret-pass")
    response = api().post("/api/v1/auth/token/", {"username": "maryam", "password": "bad"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and "نادرست" in body["message"]
    missing = api().post("/api/v1/auth/token/", {}, format="json")
    assert missing.status_code == 400 and set(missing.json()["errors"]) == {"username", "password"}


def test_token_endpoint_locks_out_too(api, territory, settings):
    make_user("maryam", password="s3cret-pass")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api().post("/api/v1/auth/token/", {"username": "maryam", "password": "bad"}, format="json")
    response = api().post(
        "/api/v1/auth/token/", {"username": "maryam", "password": "s3cret-pass"}, format="json"
    )
    assert response.status_code == 429
    assert response.json()["code"] == "locked"


def test_a_bad_token_is_401_in_persian(api, territory):
    client = api()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = client.get("/api/v1/units/")
    assert response.status_code == 401
    assert any("\u0600" <= ch <= "\u06ff" for ch in response.json()["message"])
