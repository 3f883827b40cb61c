"""The Kavenegar SMS backend against a local stand-in that speaks Kavenegar's REST protocol:
POST /v1/{API-KEY}/sms/send.json (receptor, message, sender) answering
{"return": {"status", "message"}, "entries": [...]}, with the operator's error answers."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kanoon.core.notify import DeliveryRejected, KavenegarSMSBackend, TransportError
from kanoon.notifications import services
from kanoon.notifications.models import Delivery, DeliveryStatus

GOOD_KEY = "4A6F-good"
ERRORS = {  # api key -> (HTTP status, Kavenegar status, message); Kavenegar mirrors its code in HTTP
    "disabled": (401, 401, "حساب کاربری غیرفعال شده است"),
    "badkey": (403, 403, "کد شناسائی API-Key معتبر نمی‌باشد"),
    "nocredit": (418, 418, "اعتبار حساب شما کافی نیست"),
    "busy": (409, 409, "سرور قادر به پاسخگوئی نیست بعدا تلاش کنید"),
}


class StandIn(BaseHTTPRequestHandler):
    requests: list[dict] = []
    script: list[str] = []  # per request: "ok", "502", "slow"

    def log_message(self, *args):  # type: ignore[no-untyped-def]
        pass

    def answer(self, http_status: int, body: dict | str) -> None:
        raw = (json.dumps(body, ensure_ascii=False) if isinstance(body, dict) else body).encode("utf-8")
        self.send_response(http_status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        try:
            self.wfile.write(raw)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (the timeout test)
            pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8"))
        parts = self.path.strip("/").split("/")  # v1, key, sms, send.json
        StandIn.requests.append({"path": self.path, "form": {k: v[0] for k, v in form.items()}})
        step = StandIn.script.pop(0) if StandIn.script else "ok"
        if step == "502":
            return self.answer(502, "<html>Bad Gateway</html>")
        if step == "slow":
            time.sleep(1.5)
        if len(parts) != 4 or parts[0] != "v1" or parts[2:] != ["sms", "send.json"]:
            return self.answer(404, {"return": {"status": 404, "message": "متد یافت نشد"}, "entries": None})
        key = parts[1]
        if key in ERRORS:
            http_status, status, message = ERRORS[key]
            return self.answer(
                http_status, {"return": {"status": status, "message": message}, "entries": None}
            )
        if key != GOOD_KEY:
            return self.answer(
                403, {"return": {"status": 403, "message": "کد شناسائی API-Key معتبر نمی‌باشد"}}
            )
        if "receptor" not in form or "message" not in form:
            return self.answer(
                400, {"return": {"status": 400, "message": "پارامترها ناقص هستند"}, "entries": None}
            )
        receptor = form["receptor"][0]
        if not (receptor.startswith("09") and len(receptor) == 11):
            return self.answer(
                411, {"return": {"status": 411, "message": "دریافت کننده نامعتبر است"}, "entries": None}
            )
        entry = {
            "messageid": 8792343 + len(StandIn.requests),
            "message": form["message"][0],
            "status": 1,
            "statustext": "در صف ارسال",
            "sender": form.get("sender", ["10004346"])[0],
            "receptor": receptor,
            "date": 1356619709,
            "cost": 120,
        }
        self.answer(200, {"return": {"status": 200, "message": "تایید شد"}, "entries": [entry]})


@pytest.fixture
def operator():
    StandIn.requests, StandIn.script = [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def backend(url: str, key: str = GOOD_KEY, **kw) -> KavenegarSMSBackend:
    return KavenegarSMSBackend(api_key=key, sender="10004346", base_url=url, **kw)


def test_it_posts_receptor_message_and_sender_and_reads_the_entries(operator):
    answer = backend(operator).send("09121111111", "کانون: جلسهٔ فردا")
    assert answer["entries"][0]["receptor"] == "09121111111"
    request = StandIn.requests[0]
    assert request["path"] == f"/v1/{GOOD_KEY}/sms/send.json"
    assert request["form"] == {"receptor": "09121111111", "message": "کانون: جلسهٔ فردا", "sender": "10004346"}


@pytest.mark.parametrize(
    "key, mobile, status",
    [
        ("disabled", "09121111111", 401),
        ("badkey", "09121111111", 403),
        ("nocredit", "09121111111", 418),
        (GOOD_KEY, "12345", 411),
    ],
)
def test_the_operators_refusals_are_final(operator, key, mobile, status):
    with pytest.raises(DeliveryRejected) as caught:
        backend(operator, key).send(mobile, "x")
    assert caught.value.status == status and not caught.value.retryable


def test_5xx_busy_timeouts_and_refused_connections_are_worth_retrying(operator):
    StandIn.script = ["502"]
    with pytest.raises(TransportError) as caught:
        backend(operator).send("09121111111", "x")
    assert caught.value.status == 502 and caught.value.retryable
    with pytest.raises(TransportError) as caught:
        backend(operator, "busy").send("09121111111", "x")
    assert caught.value.status == 409
    StandIn.script = ["slow"]
    with pytest.raises(TransportError):
        backend(operator, timeout=0.3).send("09121111111", "x")
    closed = operator.replace(operator.split(":")[2].split("/")[0], "1")  # port 1: nothing listens
    with pytest.raises(TransportError):
        backend(closed).send("09121111111", "x")


def test_it_is_configured_from_the_environment(operator, monkeypatch, settings):
    for name in ("KANOON_KAVENEGAR_API_KEY", "KANOON_KAVENEGAR_SENDER", "KANOON_KAVENEGAR_URL"):
        if hasattr(settings, name):
            delattr(settings, name)
    monkeypatch.setenv("KANOON_KAVENEGAR_API_KEY", GOOD_KEY)
    monkeypatch.setenv("KANOON_KAVENEGAR_SENDER", "2000500666")
    monkeypatch.setenv("KANOON_KAVENEGAR_URL", operator)
    KavenegarSMSBackend().send("09121111111", "x")
    assert StandIn.requests[0]["form"]["sender"] == "2000500666"
    assert GOOD_KEY not in repr(KavenegarSMSBackend())
    monkeypatch.delenv("KANOON_KAVENEGAR_API_KEY")
    with pytest.raises(DeliveryRejected):
        KavenegarSMSBackend().send("09121111111", "x")


@pytest.fixture
def kavenegar(settings, operator):
    settings.KANOON_SMS_BACKEND = "kanoon.core.notify.KavenegarSMSBackend"
    settings.KANOON_KAVENEGAR_API_KEY = GOOD_KEY
    settings.KANOON_KAVENEGAR_SENDER = "10004346"
    settings.KANOON_KAVENEGAR_URL = operator
    return settings


def send_one(kind, user, capture) -> Delivery:
    with capture(execute=True):
        services.notify(user=user, kind=kind, title="دعوت", channels=["sms"])
    return Delivery.objects.get()


def test_notify_delivers_through_kavenegar_and_retries_its_5xx(
    kind, insider, kavenegar, django_capture_on_commit_callbacks
):
    StandIn.script = ["502", "502", "ok"]
    delivery = send_one(kind, insider, django_capture_on_commit_callbacks)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 3)
    assert [r["form"]["message"] for r in StandIn.requests] == ["کانون: دعوت"] * 3


def test_a_bad_receptor_fails_without_retry(kind, insider, kavenegar, django_capture_on_commit_callbacks):
    insider.mobile = "0912"
    insider.save(update_fields=["mobile"])
    delivery = send_one(kind, insider, django_capture_on_commit_callbacks)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 1)
    assert "411" in delivery.last_error and len(StandIn.requests) == 1


def test_no_credit_fails_without_retry(kind, insider, kavenegar, django_capture_on_commit_callbacks):
    kavenegar.KANOON_KAVENEGAR_API_KEY = "nocredit"
    delivery = send_one(kind, insider, django_capture_on_commit_callbacks)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 1)
    assert "418" in delivery.last_error


def test_password_reset_codes_still_go_through_the_low_level_transport(kavenegar):
    from kanoon.core import notify

    notify.send_sms("09121111111", "کد بازیابی: 123456")
    assert StandIn.requests[0]["form"]["message"] == "کد بازیابی: 123456"
