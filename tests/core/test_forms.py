import datetime as dt

from django import forms

from kanoon.core.forms import JalaliDateField


class EventForm(forms.Form):
    day = JalaliDateField(label="تاریخ")


def test_it_takes_jalali_dates_in_either_digit_set():
    for text in ["1403/12/30", "۱۴۰۳/۱۲/۳۰", "١٤٠٣/١٢/٣٠"]:
        form = EventForm({"day": text})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == dt.date(2025, 3, 20)


def test_it_explains_an_impossible_date_in_persian():
    form = EventForm({"day": "1404/12/30"})
    assert not form.is_valid()
    assert "اسفند" in form.errors["day"][0]


def test_the_widget_shows_jalali_and_carries_the_picker():
    html = str(EventForm(initial={"day": dt.date(2025, 3, 20)})["day"])
    assert 'value="۱۴۰۳/۱۲/۳۰"' in html and "data-jdp" in html  # Persian digits; either set is read back
