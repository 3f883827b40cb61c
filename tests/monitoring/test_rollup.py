from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kanoon.core.jalali import Quarter
from kanoon.monitoring import selectors, services
from kanoon.monitoring.models import Aggregate, DataValue, ReportEvent, ReportStatus
from kanoon.monitoring.periods import Year

from .conftest import QUARTER


def total(md, unit, period=QUARTER):
    return selectors.element_totals([md.trainings.pk], [unit], [Quarter.parse(period)]).get(
        (md.trainings.pk, unit.pk, period)
    )


def test_it_rolls_an_approved_county_value_up_to_province_and_country_at_once(
    md, territory, insider, national, approved
):
    approved(territory.rey_county, insider, national, {md.trainings.pk: "12", md.people.pk: "300"})
    assert total(md, territory.rey_county) == 12
    assert total(md, territory.tehran) == 12
    assert total(md, territory.country) == 12
    assert total(md, territory.isfahan) is None


def test_it_sums_neighborhood_and_county_values_in_every_ancestor(md, territory, insider, national, approved):
    approved(territory.yousefabad, insider, insider, {md.trainings.pk: "5", md.people.pk: "50"})
    approved(territory.rey_county, insider, national, {md.trainings.pk: "7", md.people.pk: "70"})
    assert total(md, territory.yousefabad) == 5
    assert total(md, territory.zone6) == 5
    assert total(md, territory.tehran_county) == 5
    assert total(md, territory.tehran) == 12
    assert total(md, territory.country) == 12
    assert Aggregate.objects.filter(unit=territory.yousefabad).count() == 0  # leaves read their own value


def test_it_counts_only_approved_values(md, territory, insider):
    report = services.report_get_or_create(
        data_set=md.data_set, unit=territory.rey_county, period=QUARTER, user=insider
    )
    services.report_save_values(report=report, values={md.trainings.pk: "9", md.people.pk: "1"}, user=insider)
    services.report_submit(report=report, user=insider)
    assert total(md, territory.tehran) is None


def test_it_subtracts_on_unapproval_and_needs_a_reason(md, territory, insider, national, approved):
    report = approved(territory.rey_county, insider, national, {md.trainings.pk: "12", md.people.pk: "300"})
    with pytest.raises(ValidationError) as exc:
        services.report_unapprove(report=report, user=national, reason="  ")
    assert "دلیل" in exc.value.message_dict["reason"][0]
    services.report_unapprove(report=report, user=national, reason="عدد جلسات اشتباه است")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert total(md, territory.country) == 0
    assert ReportEvent.objects.filter(
        report=report, action="unapprove", reason="عدد جلسات اشتباه است"
    ).exists()
    assert not DataValue.objects.filter(report=report, approved=True).exists()


def test_it_locks_approved_data(md, territory, insider, national, approved):
    report = approved(territory.rey_county, insider, national, {md.trainings.pk: "12", md.people.pk: "300"})
    with pytest.raises(ValidationError) as exc:
        services.report_save_values(report=report, values={md.trainings.pk: "13"}, user=insider)
    assert "قفل" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        services.data_value_set(
            user=insider, element=md.trainings, unit=territory.rey_county, period=QUARTER, value=1
        )
    assert DataValue.objects.get(report=report, element=md.trainings).value == 12


def test_it_lets_a_county_approve_its_units_but_not_itself(md, territory, county_expert, insider):
    village_set = md.data_set
    village_set.unit_kinds = ["county", "neighborhood", "village"]
    village_set.save()
    report = services.report_get_or_create(
        data_set=village_set, unit=territory.village, period=QUARTER, user=county_expert
    )
    services.report_save_values(
        report=report, values={md.trainings.pk: 1, md.people.pk: 2}, user=county_expert
    )
    services.report_submit(report=report, user=county_expert)
    services.report_approve(report=report, user=county_expert)
    own = services.report_get_or_create(
        data_set=village_set, unit=territory.rey_county, period=QUARTER, user=county_expert
    )
    services.report_save_values(report=own, values={md.trainings.pk: 1, md.people.pk: 2}, user=county_expert)
    services.report_submit(report=own, user=county_expert)
    with pytest.raises(PermissionDenied):
        services.report_approve(report=own, user=county_expert)
    services.report_approve(report=own, user=insider)  # the province approves its counties
    assert total(md, territory.tehran) == 2


def test_it_refuses_entry_and_approval_to_observers_and_outsiders(md, territory, insider, readonly, outsider):
    with pytest.raises(PermissionDenied):
        services.report_get_or_create(
            data_set=md.data_set, unit=territory.rey_county, period=QUARTER, user=readonly
        )
    report = services.report_get_or_create(
        data_set=md.data_set, unit=territory.rey_county, period=QUARTER, user=insider
    )
    with pytest.raises(PermissionDenied):
        services.report_save_values(report=report, values={md.trainings.pk: 1}, user=outsider)
    services.report_save_values(report=report, values={md.trainings.pk: 1, md.people.pk: 1}, user=insider)
    services.report_submit(report=report, user=insider)
    for user in (readonly, outsider):
        with pytest.raises(PermissionDenied):
            services.report_approve(report=report, user=user)


def test_it_explains_each_invalid_value_in_persian_and_saves_nothing(md, territory, insider):
    report = services.report_get_or_create(
        data_set=md.data_set, unit=territory.rey_county, period=QUARTER, user=insider
    )
    with pytest.raises(ValidationError) as exc:
        services.report_save_values(
            report=report,
            values={md.trainings.pk: "۱۰۱", md.people.pk: "2.5", md.solved.pk: "abc"},
            user=insider,
        )
    errors = exc.value.message_dict
    assert errors["TRAININGS"] == ["مقدار نمی‌تواند بیشتر از ۱۰۰ باشد."]
    assert errors["PEOPLE"] == ["این مقدار باید عدد صحیح باشد."]
    assert errors["SOLVED"] == ["یک عدد وارد کنید."]
    assert not DataValue.objects.exists()
    with pytest.raises(ValidationError) as exc:
        services.report_save_values(report=report, values={md.trainings.pk: "-1"}, user=insider)
    assert exc.value.message_dict["TRAININGS"] == ["مقدار نمی‌تواند کمتر از ۰ باشد."]


def test_it_accepts_persian_digits_and_requires_required_elements_on_submit(md, territory, insider):
    report = services.report_get_or_create(
        data_set=md.data_set, unit=territory.rey_county, period=QUARTER, user=insider
    )
    services.report_save_values(report=report, values={md.trainings.pk: "۴۲"}, user=insider)
    assert DataValue.objects.get(report=report).value == 42
    with pytest.raises(ValidationError) as exc:
        services.report_submit(report=report, user=insider)
    assert exc.value.message_dict == {"PEOPLE": ["این مقدار الزامی است."]}


def test_it_refuses_future_quarters_and_wrong_levels(md, territory, insider):
    future = Quarter.current().next().code
    with pytest.raises(ValidationError) as exc:
        services.report_get_or_create(
            data_set=md.data_set, unit=territory.rey_county, period=future, user=insider
        )
    assert "period" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.report_get_or_create(
            data_set=md.data_set, unit=territory.tehran, period=QUARTER, user=insider
        )
    assert "unit" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.report_get_or_create(
            data_set=md.data_set, unit=territory.rey_county, period="1403", user=insider
        )


def test_it_cannot_approve_twice_or_approve_a_draft(md, territory, insider, national, approved):
    report = services.report_get_or_create(
        data_set=md.data_set, unit=territory.rey_county, period=QUARTER, user=insider
    )
    with pytest.raises(ValidationError):
        services.report_approve(report=report, user=national)
    report = approved(territory.tehran_county, insider, national, {md.trainings.pk: 1, md.people.pk: 1})
    with pytest.raises(ValidationError):
        services.report_approve(report=report, user=national)
    assert total(md, territory.country) == 1


def test_it_keeps_every_change_in_history(md, territory, insider):
    report = services.report_get_or_create(
        data_set=md.data_set, unit=territory.rey_county, period=QUARTER, user=insider
    )
    services.report_save_values(report=report, values={md.trainings.pk: 1}, user=insider)
    services.report_save_values(report=report, values={md.trainings.pk: 2}, user=insider)
    value = DataValue.objects.get(report=report)
    assert [h.value for h in value.history.order_by("history_date")] == [1, 2]


def test_it_rebuilds_the_same_aggregates_as_the_live_roll_up(md, territory, insider, national, approved):
    approved(territory.yousefabad, insider, insider, {md.trainings.pk: 5, md.people.pk: 50})
    approved(territory.rey_county, insider, national, {md.trainings.pk: 7, md.people.pk: 70})
    approved(
        territory.isfahan_county, national, national, {md.trainings.pk: 3, md.people.pk: 30}, period="1403Q3"
    )
    live = set(Aggregate.objects.values_list("unit_id", "period", "element_id", "value"))
    services.rollup_rebuild()
    assert set(Aggregate.objects.values_list("unit_id", "period", "element_id", "value")) == live


def test_it_computes_ratios_and_years(md, territory, insider, national, approved):
    approved(territory.rey_county, insider, national, {md.trainings.pk: 4, md.people.pk: 10})
    approved(territory.rey_county, insider, national, {md.trainings.pk: 6, md.people.pk: 40}, period="1403Q3")
    year = Year(1403)
    table = selectors.indicator_table(
        [md.ind_trainings, md.ind_per_session], [territory.tehran], [Quarter(1403, 2), year]
    )
    assert table[(md.ind_per_session.pk, territory.tehran.pk, "1403Q2")].value == Decimal("2.5")
    assert table[(md.ind_trainings.pk, territory.tehran.pk, "1403")].value == 10
    assert table[(md.ind_per_session.pk, territory.tehran.pk, "1403")].value == Decimal("5.0")


def test_it_keeps_completeness_tallies_live_at_every_level(md, territory, insider, national, approved):
    from kanoon.monitoring.models import ReportTally

    approved(territory.yousefabad, insider, insider, {md.trainings.pk: 5, md.people.pk: 50})
    report = services.report_get_or_create(
        data_set=md.data_set, unit=territory.rey_county, period=QUARTER, user=insider
    )
    services.report_save_values(report=report, values={md.trainings.pk: 1, md.people.pk: 1}, user=insider)
    services.report_submit(report=report, user=insider)
    quarter = Quarter.parse(QUARTER)
    tehran = selectors.completeness(md.data_set, territory.tehran, quarter)
    assert (tehran.expected, tehran.submitted, tehran.approved) == (3, 2, 1)
    country = selectors.completeness(md.data_set, territory.country, quarter)
    assert (country.expected, country.submitted, country.approved) == (5, 2, 1)
    leaf = selectors.completeness(md.data_set, territory.yousefabad, quarter)
    assert (leaf.expected, leaf.submitted, leaf.approved) == (1, 1, 1)
    services.report_approve(report=report, user=national)
    assert selectors.completeness(md.data_set, territory.country, quarter).approved == 2
    services.report_unapprove(report=report, user=national, reason="بازبینی")
    assert selectors.completeness(md.data_set, territory.tehran, quarter).approved == 1
    live = set(
        ReportTally.objects.values_list(
            "unit_id", "period", "data_set_id", "submitted", "on_time", "approved"
        )
    )
    services.tally_rebuild()
    assert (
        set(
            ReportTally.objects.values_list(
                "unit_id", "period", "data_set_id", "submitted", "on_time", "approved"
            )
        )
        == live
    )
