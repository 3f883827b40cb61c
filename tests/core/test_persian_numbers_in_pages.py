"""Numbers people read in pages, flash messages and error messages are Persian (core.formats):
Persian digits, «٬» thousands, «٫» decimals; saved numbers come back into inputs in Persian."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages

from kanoon.centers import importer
from tests.centers.conftest import make_center, national_code
from tests.meetings.conftest import future, members, working_group

LATIN_DIGITS = re.compile("[0-9]")


def flashes(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_the_invitations_flash_counts_in_persian(web, territory, insider):
    from kanoon.meetings import services

    body = working_group(territory.tehran)
    members(body, ["member"] * 12)
    meeting = services.meeting_schedule(
        actor=None, body=body, title="نشست", starts_at=future(), place="استانداری"
    )
    response = web(insider).post(f"/meetings/{meeting.pk}/invite/")
    assert response.status_code == 302
    said = " ".join(flashes(response))
    assert "۱۲ دعوت‌نامه فرستاده شد" in said
    assert not LATIN_DIGITS.search(said)


@pytest.mark.django_db
def test_import_errors_name_rows_in_persian(territory):
    center = make_center(territory.yousefabad)
    code = national_code()
    row = [code, "مریم", "احمدی", "زن", "1370/05/12", "09121234567", "", "", "", "عضو", ""]
    header = [h for h, _, _ in importer.COLUMNS]
    content = ("\n".join([",".join(header), ",".join(row), ",".join(row)])).encode("utf-8-sig")
    report = importer.import_members(center=center, content=content, filename="members.csv")
    reasons = " ".join(" ".join(r.errors) for r in report.rejected)
    assert "همان سطر ۲" in reasons, reasons
    assert not LATIN_DIGITS.search(reasons)


def test_import_limits_are_written_in_persian():
    message = str(importer._too_big())
    assert not LATIN_DIGITS.search(message) and "٬" in message


@pytest.mark.django_db
def test_an_element_limit_message_uses_the_persian_decimal_separator():
    from kanoon.monitoring.models import DataElement

    element = DataElement(
        code="E_T", name="آزمون", value_type="number", minimum=Decimal("2.5"), maximum=Decimal("12000")
    )
    low = element.check_value(Decimal("1"), required=True)
    assert "۲٫۵" in low and "۲.۵" not in low
    high = element.check_value(Decimal("20000"), required=True)
    assert "۱۲٬۰۰۰" in high


@pytest.mark.django_db
def test_a_saved_data_entry_value_comes_back_in_persian_digits():
    from kanoon.monitoring.forms import _plain

    assert _plain(Decimal("1234.5000")) == "۱۲۳۴٫۵"
    assert _plain(Decimal("-3")) == "-۳"


def test_the_data_entry_service_reads_what_the_formatter_writes():
    from kanoon.core import formats
    from kanoon.monitoring.services import to_decimal

    for value in (Decimal("202038"), Decimal("-3423"), Decimal("12.75")):
        assert to_decimal(formats.number(value)) == value


@pytest.mark.django_db
def test_the_tracker_prefills_dates_in_persian_and_takes_either_digit_set(web, territory, insider):
    from kanoon.centers.models import CenterAction, EstablishmentAction

    center = make_center(territory.yousefabad)
    action = EstablishmentAction.objects.filter(is_active=True).order_by("pk").first()
    if action is None:
        pytest.skip("no establishment catalog in this database")
    client = web(insider)
    html = client.get(f"/centers/{center.pk}/establishment/").content.decode()
    values = re.findall(r'name="done_on"[^>]*value="([^"]*)"', html)
    assert values and all(v and not LATIN_DIGITS.search(v) for v in values), values[:3]
    response = client.post(f"/centers/{center.pk}/establishment/{action.pk}/done/", {"done_on": values[0]})
    assert response.status_code == 302
    assert CenterAction.objects.filter(center=center, action=action).exists()


def test_digit_strings_show_persian_digits_in_their_inputs_and_are_stored_latin():
    from django import forms as django_forms

    from kanoon.core.forms import PersianDigitsCharField

    class PhoneForm(django_forms.Form):
        mobile = PersianDigitsCharField(max_length=20)

    assert 'value="۰۹۱۲۵۵۵۰۰۰۲"' in str(PhoneForm(initial={"mobile": "09125550002"})["mobile"])
    form = PhoneForm(data={"mobile": "۰۹۱۲۵۵۵۰۰۰۲"})
    assert form.is_valid() and form.cleaned_data["mobile"] == "09125550002"


def test_a_resolution_is_named_with_persian_digits():
    from kanoon.meetings.models import Resolution

    assert str(Resolution(number=12)) == "مصوبهٔ ۱۲"


@pytest.mark.django_db
def test_the_invitation_notice_counts_in_persian(territory, insider, django_capture_on_commit_callbacks):
    from kanoon.meetings import services
    from kanoon.notifications.models import Notification

    body = working_group(territory.tehran)
    members(body, ["member"] * 3)
    meeting = services.meeting_schedule(actor=None, body=body, title="نشست", starts_at=future(), place="سرا")
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_invite(actor=None, meeting=meeting)
    bodies = list(Notification.objects.values_list("body", flat=True))
    assert bodies and all("۳ دعوت‌نامه" in b and not LATIN_DIGITS.search(b) for b in bodies), bodies
