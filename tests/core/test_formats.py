"""core.formats: the one Persian number formatter, number parsing in any digit set, Persian
collation (in memory and in the database), the template filters and the number inputs."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django import forms
from django.db import connection
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from kanoon.core import formats
from kanoon.core.collation import persian
from kanoon.core.fields import NumberInput, PersianDecimalField, PersianIntegerField, input_number
from kanoon.core.forms import BootstrapFormMixin

LATIN = re.compile("[0-9]")


# --- number / percent / digits -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (202038, None, "۲۰۲٬۰۳۸"),
        (0, None, "۰"),
        (-3423, None, "\u200e\u2212۳٬۴۲۳"),
        (Decimal("12.50"), None, "۱۲٫۵"),
        (Decimal("1234567.891"), 2, "۱٬۲۳۴٬۵۶۷٫۸۹"),
        (2.25, 1, "۲٫۳"),  # half up, not Python's half-to-even «۲٫۲»
        (0.125, 2, "۰٫۱۳"),
        (Decimal("2.5"), 0, "۳"),
        (Decimal("-0.04"), 1, "۰٫۰"),  # never «−۰٫۰»
        (45, 1, "۴۵٫۰"),
        ("1,234", None, "۱٬۲۳۴"),
        ("کد 12a", None, "کد ۱۲a"),
        (None, None, ""),
        ("", None, ""),
    ],
)
def test_it_writes_numbers_the_persian_way(value, decimals, expected):
    assert formats.number(value, decimals) == expected


def test_it_puts_the_minus_where_a_right_to_left_line_shows_it_first():
    text = formats.number(-3423)
    assert text.startswith("\u200e\u2212") and not text.endswith("-")
    assert "-" not in text


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (45.25, 1, "۴۵٫۳٪"),  # round() would give ۴۵٫۲
        (Decimal("0.05"), 1, "۰٫۱٪"),
        (Decimal("12.345"), 2, "۱۲٫۳۵٪"),
        (99.95, 1, "۱۰۰٫۰٪"),
        (50, 0, "۵۰٪"),
        ("۴۵٫۲۵", 1, "۴۵٫۳٪"),
        (None, 1, ""),
    ],
)
def test_percent_rounds_half_up(value, decimals, expected):
    assert formats.percent(value, decimals) == expected


def test_digits_makes_any_text_persian():
    assert formats.digits("سطر 2 از 8") == "سطر ۲ از ۸"
    assert formats.digits(15) == "۱۵"
    assert formats.digits(12000) == "۱۲٬۰۰۰"
    assert formats.digits(None) == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۱۲٬۳۴۵٫۶", Decimal("12345.6")),
        ("١٢٣", 123),
        ("1,234.5", Decimal("1234.5")),
        ("\u200e\u2212۳", -3),
        ("۱۲/۵", Decimal("12.5")),
        (" ۴۲ ", 42),
        ("abc", None),
        ("۱۲a", None),
        ("١٢³", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_number_reads_any_digit_set(text, expected):
    assert formats.parse_number(text) == expected


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_an_integer_reads_back_as_itself(value):
    text = formats.number(value)
    assert not LATIN.search(text)
    assert formats.parse_number(text) == value


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=4, allow_nan=False, allow_infinity=False))
def test_a_decimal_reads_back_as_itself(value):
    text = formats.number(value)
    assert not LATIN.search(text)
    assert "." not in text and "," not in text
    assert formats.parse_number(text) == value


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False, allow_infinity=False))
def test_fixed_decimals_round_half_up(value):
    text = formats.number(value, 2)
    expected = value.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    assert formats.parse_number(text) == expected
    assert text.count("٫") == 1 and len(text.split("٫")[1]) == 2


@given(st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False))
def test_a_percentage_ends_with_the_persian_percent_sign(value):
    text = formats.percent(value)
    assert text.endswith("٪") and not LATIN.search(text)


# --- collation -----------------------------------------------------------------------------

ALPHABET_ORDER = ["آرش", "احمد", "بهار", "پروین", "چمران", "حسن", "کاوه", "گلاره", "مهدی", "هادی", "یاسمن"]


def test_it_sorts_by_the_persian_alphabet():
    shuffled = list(reversed(ALPHABET_ORDER))
    assert formats.persian_sorted(shuffled) == ALPHABET_ORDER
    # code-point order is what people complained about: چ ک گ ی after ه
    assert sorted(shuffled) != ALPHABET_ORDER


def test_it_sorts_numbers_by_value_in_either_digit_set():
    names = ["تهران 11", "تهران ۲", "تهران 10", "تهران ۱"]
    assert formats.persian_sorted(names) == ["تهران ۱", "تهران ۲", "تهران 10", "تهران 11"]


def test_arabic_letters_sort_as_their_persian_twins():
    assert formats.sort_key("علي") == formats.sort_key("علی")
    assert formats.sort_key("كرج") == formats.sort_key("کرج")
    assert formats.persian_sorted(["يزد", "كرج", "بم"]) == ["بم", "كرج", "يزد"]


def test_persian_sorted_takes_a_key_and_reverse():
    rows = [{"n": "یزد"}, {"n": "چابهار"}, {"n": "کرج"}]
    assert [r["n"] for r in formats.persian_sorted(rows, key=lambda r: r["n"])] == ["چابهار", "کرج", "یزد"]
    assert [r["n"] for r in formats.persian_sorted(rows, key=lambda r: r["n"], reverse=True)][0] == "یزد"


persian_words = st.text(alphabet="آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی ۰۱۲۳۴۵۶۷۸۹", min_size=1, max_size=8)


@given(st.lists(persian_words, max_size=12))
def test_sorting_is_a_total_order(names):
    once = formats.persian_sorted(names)
    assert formats.persian_sorted(once) == once
    assert formats.persian_sorted(list(reversed(names))) == once or [formats.sort_key(n) for n in once] == [
        formats.sort_key(n) for n in formats.persian_sorted(list(reversed(names)))
    ]


@pytest.mark.django_db
def test_the_database_sorts_unit_names_in_persian_order(territory):
    from kanoon.geo.models import Kind, Unit

    names = ["یوسف‌آباد ۲", "گیشا", "چیذر", "کوی نصر", "هفت حوض", "آرژانتین", "تهران 10", "تهران 2"]
    for name in names:
        Unit(kind=Kind.NEIGHBORHOOD, name=name, parent=territory.zone6).save()
    got = list(
        Unit.objects.filter(parent=territory.zone6)
        .exclude(pk=territory.yousefabad.pk)
        .order_by(persian("name"), "pk")
        .values_list("name", flat=True)
    )
    expected = ["آرژانتین", "تهران 2", "تهران 10", "چیذر", "کوی نصر", "گیشا", "هفت حوض", "یوسف‌آباد ۲"]
    assert got == expected, connection.vendor
    assert formats.persian_sorted(names) == expected


@pytest.mark.django_db
def test_the_unit_page_lists_children_in_persian_order(territory, web, national):
    from kanoon.geo.models import Kind, Unit

    for name in ["یاسر", "هاشمی", "گلستان", "کاج", "چهارباغ"]:
        Unit(kind=Kind.NEIGHBORHOOD, name=name, parent=territory.zone6).save()
    html = web(national).get(f"/units/{territory.zone6.pk}/").content.decode()
    positions = [html.index(n) for n in ["چهارباغ", "کاج", "گلستان", "هاشمی", "یاسر"]]
    assert positions == sorted(positions)


# --- template filters ----------------------------------------------------------------------


def render(source: str, **context) -> str:
    return Template("{% load kanoon %}" + source).render(Context(context))


def test_the_fa_filter_uses_the_one_formatter():
    assert render("{{ n|fa }}", n=202038) == "۲۰۲٬۰۳۸"
    assert render("{{ n|fa }}", n=-3423) == "\u200e\u2212۳٬۴۲۳"
    assert render("{{ n|fa }}", n=Decimal("12.50")) == "۱۲٫۵"
    assert render("{{ n|fa }}", n=33.333) == "۳۳٫۳"
    assert render("{{ n|fa:2 }}", n=Decimal("1.005")) == "۱٫۰۱"
    assert render("{{ s|fa }}", s="سطر 2") == "سطر ۲"


def test_the_pct_filter():
    assert render("{{ n|pct }}", n=45.25) == "۴۵٫۳٪"
    assert render("{{ n|pct }}", n=45) == "۴۵٪"
    assert render("{{ n|pct }}", n=Decimal("66.6667")) == "۶۶٫۷٪"
    assert render("{{ n|pct:0 }}", n=Decimal("99.5")) == "۱۰۰٪"
    assert render("{{ a|ratio_pct:b }}", a=1, b=4) == "۲۵٫۰٪"
    assert render("{{ a|ratio_pct:b }}", a=1, b=0) == "—"


def test_jinput_writes_persian_digits():
    import datetime as dt

    assert render("{{ d|jinput }}", d=dt.date(2024, 8, 2)) == "۱۴۰۳/۰۵/۱۲"
    assert render("{{ d|jinput }}", d=None) == ""


# --- number inputs ---------------------------------------------------------------------------


class _NumbersForm(BootstrapFormMixin, forms.Form):
    count = forms.IntegerField(min_value=0, max_value=500)
    share = forms.DecimalField(max_digits=6, decimal_places=2, required=False)


@pytest.mark.parametrize(
    ("count", "share", "expected_count", "expected_share"),
    [
        ("۱۲۳", "۱۲٫۵", 123, Decimal("12.5")),
        ("١٢٣", "١٢٫٥", 123, Decimal("12.5")),
        ("123", "12.5", 123, Decimal("12.5")),
        ("۴۰۰", "۱٬۰۰۰", 400, Decimal("1000")),
    ],
)
def test_number_fields_accept_every_digit_set(count, share, expected_count, expected_share):
    form = _NumbersForm(data={"count": count, "share": share})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"count": expected_count, "share": expected_share}


def test_number_fields_are_text_inputs_with_a_numeric_keyboard():
    html = str(_NumbersForm(initial={"count": 1234, "share": Decimal("-2.50")}))
    assert 'type="number"' not in html
    assert 'inputmode="numeric"' in html and 'inputmode="decimal"' in html
    assert 'value="۱۲۳۴"' in html
    assert 'value="-۲٫۵۰"' in html


def test_limit_messages_show_persian_digits():
    form = _NumbersForm(data={"count": "۶۰۰"})
    assert not form.is_valid()
    message = form.errors["count"][0]
    assert "۵۰۰" in message and not LATIN.search(message)


def test_a_typed_value_that_is_not_a_number_is_refused_and_shown_back():
    form = _NumbersForm(data={"count": "۱۲الف"})
    assert not form.is_valid()
    assert 'value="۱۲الف"' in str(form["count"])


def test_input_number_never_groups_or_uses_latin_digits():
    assert input_number(1234567) == "۱۲۳۴۵۶۷"
    assert input_number(Decimal("3.50")) == "۳٫۵۰"
    assert input_number(0.1) == "۰٫۱"
    assert input_number(None) is None
    assert isinstance(NumberInput().format_value(5), str)


def test_every_project_form_with_a_number_field_takes_persian_digits():
    """Each form class in the project that declares an Integer/Decimal/Float field gets the
    Persian number input (through BootstrapFormMixin, or a module that calls
    localize_number_fields itself) or declares NumberInput."""
    import importlib
    import inspect
    import pkgutil

    import kanoon

    offenders = []
    for module_info in pkgutil.walk_packages(kanoon.__path__, "kanoon."):
        if not module_info.name.endswith(".forms"):
            continue
        module = importlib.import_module(module_info.name)
        if "localize_number_fields(" in inspect.getsource(module):
            continue
        for obj in vars(module).values():
            if not (
                isinstance(obj, type)
                and issubclass(obj, forms.BaseForm)
                and obj.__module__ == module.__name__
            ):
                continue
            for name, field in getattr(obj, "base_fields", {}).items():
                numeric = isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField)
                if (
                    numeric
                    and not issubclass(obj, BootstrapFormMixin)
                    and not isinstance(field.widget, NumberInput)
                ):
                    offenders.append(f"{obj.__module__}.{obj.__name__}.{name}")
    assert offenders == []


@pytest.mark.django_db
def test_monitoring_definition_forms_take_persian_digits():
    from kanoon.monitoring.forms import DataElementForm

    form = DataElementForm(
        data={
            "code": "E_X",
            "name": "عنصر",
            "value_type": "integer",
            "minimum": "۱۰",
            "maximum": "۱٬۰۰۰",
            "time_aggregation": "sum",
        }
    )
    assert isinstance(form.fields["minimum"].widget, NumberInput)
    form.is_valid()
    assert "minimum" not in form.errors and "maximum" not in form.errors, form.errors
    assert form.cleaned_data["minimum"] == 10 and form.cleaned_data["maximum"] == 1000


def test_no_template_has_a_number_input():
    from pathlib import Path

    import kanoon

    root = Path(kanoon.__file__).parent / "templates"
    hits = [str(p.relative_to(root)) for p in root.rglob("*.html") if 'type="number"' in p.read_text()]
    assert hits == []


# --- the API -----------------------------------------------------------------------------------


def test_api_number_fields_read_persian_digits():
    assert PersianIntegerField().to_internal_value("۱٬۲۳۴") == 1234
    assert PersianDecimalField(max_digits=8, decimal_places=2).to_internal_value("١٢٫٥") == Decimal("12.50")


def test_model_serializers_map_number_fields_to_the_persian_ones():
    from django.db import models
    from rest_framework import serializers

    mapping = serializers.ModelSerializer.serializer_field_mapping
    assert mapping[models.IntegerField] is PersianIntegerField
    assert mapping[models.PositiveIntegerField] is PersianIntegerField
    assert mapping[models.DecimalField] is PersianDecimalField


@pytest.mark.django_db
def test_a_select_lists_provinces_in_persian_order(territory):
    from kanoon.centers.forms import FinderForm
    from kanoon.geo.models import Kind, Unit

    for name in ["یزد", "هرمزگان", "گیلان", "کرمان", "چهارمحال و بختیاری"]:
        Unit(kind=Kind.PROVINCE, name=name, parent=territory.country).save()
    labels = [label for value, label in FinderForm().fields["province"].choices if value]
    assert labels == ["اصفهان", "تهران", "چهارمحال و بختیاری", "کرمان", "گیلان", "هرمزگان", "یزد"]


def test_the_fa_filter_never_leaves_a_latin_decimal_point():
    assert render("{{ s|fa }}", s="1.5\xa0MB") == "۱٫۵\xa0MB"
    assert render("{{ s|fa }}", s="12.50") == "۱۲٫۵"
    assert render("{{ s|fa }}", s="1403/05/12") == "۱۴۰۳/۰۵/۱۲"
    assert render("{{ s|fa }}", s="2301011") == "۲۳۰۱۰۱۱"  # a code: no grouping
