"""/api/v1/: indicators, data elements and data sets (national definitions), data values
(write, submit, approve, un-approve), analytics and DHIS2 dataValueSets."""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.response import Response

from kanoon.core import scope
from kanoon.core.api import MESSAGES, ErrorSerializer, ScopedModelViewSet, ScopedViewSetMixin
from kanoon.core.filters import MAX_ID
from kanoon.core.jalali import JalaliError
from kanoon.geo.models import Unit

from . import exports, periods, selectors, services
from .filters import DataValueFilter, IndicatorFilter
from .models import DataElement, DataSet, DataValue, Indicator, Report, Target
from .serializers import (
    DataElementSerializer,
    DataSetSerializer,
    DataValueSerializer,
    DataValueUpdateSerializer,
    IndicatorSerializer,
    ReportActionSerializer,
    ReportSerializer,
    TargetSerializer,
)

IMPORT_REFUSED = "هیچ ردیفی ذخیره نشد: ردیف‌های نادرست را در conflicts ببینید، درست کنید و دوباره بفرستید."


def is_national_admin(user) -> bool:
    return bool(user and user.is_authenticated and scope.scope_paths(user, Indicator, "define") is None)


class NationalDefinitions(permissions.BasePermission):
    """Anyone signed in reads definitions; only national admins write them."""

    message = "تعریف شاخص‌ها، عناصر داده و فرم‌ها با مدیر ملی است."

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return bool(request.user and request.user.is_authenticated)
        return is_national_admin(request.user)


class DefinitionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [permissions.IsAuthenticated, NationalDefinitions]

    def perform_create(self, serializer):
        with transaction.atomic():
            serializer.save()


@extend_schema_view(list=extend_schema(summary="شاخص‌ها (فیلتر با code)"))
class IndicatorViewSet(DefinitionViewSet):
    queryset = Indicator.objects.all()
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter


class DataElementViewSet(DefinitionViewSet):
    queryset = DataElement.objects.all()
    serializer_class = DataElementSerializer
    filterset_fields = ["code", "is_active"]


class DataSetViewSet(DefinitionViewSet):
    queryset = DataSet.objects.prefetch_related("members__element")
    serializer_class = DataSetSerializer
    filterset_fields = ["code", "is_active"]


@extend_schema_view(
    list=extend_schema(summary="مقادیر داده در محدودهٔ کاربر"),
    create=extend_schema(summary="ثبت یا به‌روزرسانی یک مقدار (element, unit, period)"),
)
class DataValueViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = DataValue.objects.select_related("element", "report")
    serializer_class = DataValueSerializer
    filterset_class = DataValueFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self):
        if self.action == "partial_update":
            return DataValueUpdateSerializer
        if self.action in {"approve", "unapprove", "submit"}:
            return ReportActionSerializer
        return DataValueSerializer

    def create(self, request, *args, **kwargs):
        serializer = DataValueSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        unit = data["unit"]
        if not services.can_enter(request.user, unit):
            raise exceptions.PermissionDenied(MESSAGES["permission_denied"])
        value = services.data_value_set(
            user=request.user,
            element=data["element"],
            unit=unit,
            period=data["period"],
            value=data["value"],
            comment=data.get("comment", ""),
        )
        return Response(DataValueSerializer(value, context=self.get_serializer_context()).data, status=201)

    def partial_update(self, request, *args, **kwargs):
        instance = self.get_object()
        serializer = DataValueUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        value = services.data_value_set(
            user=request.user,
            element=instance.element,
            unit=instance.unit,
            period=instance.period,
            value=serializer.validated_data["value"],
            comment=serializer.validated_data.get("comment", instance.comment),
            data_set=instance.report.data_set,
        )
        return Response(DataValueSerializer(value, context=self.get_serializer_context()).data)

    def _report(self, request) -> tuple[Report, dict]:
        serializer = ReportActionSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        quarter = services.parse_quarter(data["period"])
        report = Report.objects.filter(
            data_set=data["data_set"], unit=data["unit"], period=quarter.code
        ).first()
        if report is None:
            raise exceptions.NotFound("برای این واحد و فصل گزارشی ثبت نشده است.")
        return report, data

    @extend_schema(
        request=ReportActionSerializer, responses=ReportSerializer, summary="ارسال گزارش برای تأیید"
    )
    @action(detail=False, methods=["post"])
    def submit(self, request):
        report, _ = self._report(request)
        return Response(ReportSerializer(services.report_submit(report=report, user=request.user)).data)

    @extend_schema(
        request=ReportActionSerializer, responses=ReportSerializer, summary="تأیید گزارش (سطح بالاتر)"
    )
    @action(detail=False, methods=["post"])
    def approve(self, request):
        report, _ = self._report(request)
        return Response(ReportSerializer(services.report_approve(report=report, user=request.user)).data)

    @extend_schema(
        request=ReportActionSerializer, responses=ReportSerializer, summary="لغو تأیید با ذکر دلیل"
    )
    @action(detail=False, methods=["post"])
    def unapprove(self, request):
        report, data = self._report(request)
        report = services.report_unapprove(report=report, user=request.user, reason=data.get("reason", ""))
        return Response(ReportSerializer(report).data)


@extend_schema_view(list=extend_schema(summary="اهداف شاخص‌ها برای واحدها و دوره‌ها (در محدودهٔ کاربر)"))
class TargetViewSet(ScopedModelViewSet):
    """Targets: staff set them within their scope (a province for its counties and itself)."""

    queryset = Target.objects.select_related("indicator")
    serializer_class = TargetSerializer
    filterset_fields = ["unit", "period", "indicator__code"]

    def perform_update(self, serializer):
        with transaction.atomic():
            serializer.save()


@extend_schema(
    summary="مقدار شاخص برای یک واحد و زیرمجموعه‌های مستقیمش",
    parameters=[
        OpenApiParameter("indicator", str, required=True, description="کد شاخص"),
        OpenApiParameter("unit", int, required=True, description="شناسهٔ واحد"),
        OpenApiParameter("period", str, required=True, description="فصل (1403Q2) یا سال (1403)"),
    ],
    responses={200: OpenApiTypes.OBJECT, 404: ErrorSerializer},
)
@api_view(["GET"])
def analytics(request):
    errors = {}
    for name in ("indicator", "unit", "period"):
        if not request.query_params.get(name):
            errors[name] = ["این پارامتر الزامی است."]
    if errors:
        raise exceptions.ValidationError(errors)
    try:
        period = periods.parse(request.query_params["period"])
    except JalaliError as exc:
        raise exceptions.ValidationError({"period": [str(exc)]})
    indicator = Indicator.objects.filter(code__iexact=request.query_params["indicator"]).first()
    if indicator is None:
        raise exceptions.ValidationError({"indicator": ["شاخصی با این کد وجود ندارد."]})
    try:
        unit_id = int(request.query_params["unit"])
    except ValueError:
        raise exceptions.ValidationError({"unit": ["شناسهٔ واحد باید عدد باشد."]})
    unit = scope.get_for_action(request.user, Unit.objects.all(), "view", pk=unit_id)
    return Response(selectors.analytics(indicator, unit, period))


@extend_schema(
    methods=["GET"],
    summary="خروجی dataValueSets سازگار با DHIS2",
    parameters=[
        OpenApiParameter("orgUnit", str, required=True, description="K0000000123 یا شناسهٔ عددی واحد"),
        OpenApiParameter("period", str, required=True, description="2024Q2 (DHIS2) یا 1403Q1"),
        OpenApiParameter("approved", bool, required=False),
    ],
    responses={200: OpenApiTypes.OBJECT, 404: ErrorSerializer},
)
@extend_schema(
    methods=["POST"],
    summary="ورود dataValueSets سازگار با DHIS2",
    request=OpenApiTypes.OBJECT,
    responses=OpenApiTypes.OBJECT,
    parameters=[OpenApiParameter("dryRun", bool, required=False)],
)
@api_view(["GET", "POST"])
def data_value_sets(request):
    if request.method == "POST":
        dry_run = request.query_params.get("dryRun") in {"true", "1"}
        summary = exports.import_data_value_set(request.user, request.data, dry_run=dry_run)
        if summary["status"] == "ERROR":
            # all or nothing: nothing was saved; each refused row is in `conflicts` (and `errors`)
            errors = {
                f"dataValues[{c['row']}]" if "row" in c else str(c["object"]): [c["value"]]
                for c in summary["conflicts"]
            }
            body = {"code": "invalid", "message": IMPORT_REFUSED, "errors": errors, **summary}
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        return Response(summary)
    ref = request.query_params.get("orgUnit", "")
    if ref.isascii() and ref.isdigit():
        unit = Unit.objects.filter(pk=int(ref)).first() if int(ref) <= MAX_ID else None
    else:
        unit = exports.resolve_org_unit(ref)
    if unit is None:
        raise exceptions.ValidationError({"orgUnit": ["واحدی با این شناسه وجود ندارد."]})
    unit = scope.get_for_action(request.user, Unit.objects.all(), "view", pk=unit.pk)
    try:
        period = periods.from_dhis2(request.query_params.get("period", ""))
    except JalaliError as exc:
        raise exceptions.ValidationError({"period": [str(exc)]})
    values = exports.export_values(
        request.user, unit, [period], approved_only=request.query_params.get("approved") in {"true", "1"}
    )
    return Response(exports.data_value_set(values))
