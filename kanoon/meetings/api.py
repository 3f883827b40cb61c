"""/api/v1/bodies/, /seats/, /meetings/ — for every kind of body (a health assembly's seats and
meetings included). Thin: parse, call a service."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import exceptions, status
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from kanoon.core import jalali
from kanoon.core.api import ScopedModelViewSet
from kanoon.core.drf import MESSAGES
from kanoon.core.history import HistoryMixin

from . import selectors, services
from .filters import BodyFilter, MeetingFilter, SeatFilter
from .models import Body, Meeting, Seat, SeatTerm
from .serializers import (
    AttendanceSerializer,
    BodySerializer,
    BodyUpdateSerializer,
    MeetingSerializer,
    MeetingUpdateSerializer,
    MinutesSerializer,
    ResolutionSerializer,
    ResolutionStatusSerializer,
    SeatAssignSerializer,
    SeatSerializer,
    SeatUpdateSerializer,
    TermEndSerializer,
    TermSerializer,
)


@extend_schema_view(
    list=extend_schema(
        summary="نهادها: مجامع، کارگروه‌ها، شوراها، کمیته‌ها و جلسه‌های کارشناسی (در محدودهٔ کاربر)"
    ),
    create=extend_schema(summary="تشکیل کارگروه، شورا، کمیته یا جلسهٔ کارشناسی (مجمع سلامت از /assemblies/)"),
)
class BodyViewSet(HistoryMixin, ScopedModelViewSet):
    queryset = Body.objects.all()
    serializer_class = BodySerializer
    filterset_class = BodyFilter

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.body_list(self.request.user).select_related("assembly").order_by("unit__path", "pk")

    def get_serializer_class(self):  # type: ignore[no-untyped-def]
        if self.action in {"update", "partial_update"}:
            return BodyUpdateSerializer
        return BodySerializer

    def _out(self, body: Body, code: int = status.HTTP_200_OK) -> Response:
        return Response(BodySerializer(self.get_queryset().get(pk=body.pk)).data, status=code)

    def create(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        serializer = BodySerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        body = services.body_create(
            actor=request.user,
            kind=data["kind"],
            unit=data["unit"],
            name=data["name"],
            description=data.get("description", ""),
            quorum_percent=data.get("quorum_percent"),
            quorum_count=data.get("quorum_count"),
        )
        return self._out(body, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        body = self.get_object()
        serializer = BodyUpdateSerializer(body, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        services.body_update(actor=request.user, body=body, **serializer.validated_data)
        return self._out(body)

    @extend_schema(responses=ResolutionSerializer(many=True), summary="مصوبات در انتظار اجرا (پیگیری)")
    @action(detail=True, methods=["get"])
    def followup(self, request, pk=None):  # type: ignore[no-untyped-def]
        body = self.get_object()
        return Response(ResolutionSerializer(selectors.resolutions_followup(body), many=True).data)


def _seat_queryset(user):  # type: ignore[no-untyped-def]
    current = Prefetch(
        "terms",
        queryset=SeatTerm.objects.filter(SeatTerm.current_q(jalali.today())).select_related(
            "person", "organization"
        ),
        to_attr="now",
    )
    return Seat.objects.restrict(user, "view").select_related("body__assembly").prefetch_related(current)


@extend_schema_view(list=extend_schema(summary="کرسی‌ها و جایگاه‌های اعضای نهادها، با دارندهٔ فعلی"))
class SeatViewSet(ScopedModelViewSet):
    queryset = Seat.objects.all()
    serializer_class = SeatSerializer
    filterset_class = SeatFilter
    object_actions = {"assign": "change", "end_term": "change"}

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return _seat_queryset(self.request.user).order_by("body_id", "group", "kind", "pk")

    def get_serializer_class(self):  # type: ignore[no-untyped-def]
        if self.action in {"update", "partial_update"}:
            return SeatUpdateSerializer
        return SeatSerializer

    def create(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        serializer = SeatSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        seat = services.seat_create(
            actor=request.user,
            body=data["body"],
            kind=data.get("kind", ""),
            group=data.get("group", ""),
            title=data.get("title", ""),
        )
        return Response(
            SeatSerializer(self.get_queryset().get(pk=seat.pk)).data, status=status.HTTP_201_CREATED
        )

    def perform_update(self, serializer):  # type: ignore[no-untyped-def]
        services.seat_update(actor=self.request.user, seat=serializer.instance, **serializer.validated_data)

    @extend_schema(
        request=SeatAssignSerializer,
        responses=TermSerializer,
        summary="سپردن کرسی به یک فرد برای یک دوره (در صورت نیاز به نمایندگی از یک سازمان)",
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):  # type: ignore[no-untyped-def]
        seat = self.get_object()
        body = SeatAssignSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        term = services.seat_assign(actor=request.user, seat=seat, **body.validated_data)
        return Response(TermSerializer(term).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TermEndSerializer, responses=TermSerializer, summary="پایان دورهٔ دارندهٔ فعلی کرسی")
    @action(detail=True, methods=["post"], url_path="end-term")
    def end_term(self, request, pk=None):  # type: ignore[no-untyped-def]
        seat = self.get_object()
        body = TermEndSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        term = next(iter(seat.now), None)
        if term is None:
            raise exceptions.ValidationError({"seat": ["این کرسی دارندهٔ فعلی ندارد."]})
        term = services.term_end(
            actor=request.user,
            term=term,
            ended_on=body.validated_data["ended_on"],
            reason=body.validated_data["reason"],
        )
        return Response(TermSerializer(term).data)


@extend_schema_view(list=extend_schema(summary="جلسه‌های نهادها"))
class MeetingViewSet(HistoryMixin, ScopedModelViewSet):
    queryset = Meeting.objects.all()
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    object_actions = {
        "invite": "change",
        "attendance": "change",
        "minutes": "change",
        "resolutions": "change",
        "resolution_status": "change",
        "cancel": "change",
    }

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return (
            Meeting.objects.restrict(self.request.user, "view")
            .select_related("body__assembly")
            .prefetch_related("agenda", "resolutions")
            .order_by("-starts_at", "pk")
        )

    def get_serializer_context(self):  # type: ignore[no-untyped-def]
        return {**super().get_serializer_context(), "with_quorum": self.action != "list"}

    def get_serializer_class(self):  # type: ignore[no-untyped-def]
        if self.action in {"update", "partial_update"}:
            return MeetingUpdateSerializer
        return MeetingSerializer

    def _out(self, meeting: Meeting, code: int = status.HTTP_200_OK) -> Response:
        meeting = self.get_queryset().get(pk=meeting.pk)
        return Response(MeetingSerializer(meeting, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        serializer = MeetingSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("record_past", None)  # checked by the serializer
        body = data.pop("body")
        assembly = getattr(body, "assembly", None)
        if data.get("quorum_percent") is None and assembly is not None:
            data["quorum_percent"] = assembly.quorum_percent
        meeting = services.meeting_schedule(actor=request.user, body=body, **data)
        return self._out(meeting, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        meeting = self.get_object()
        body = MeetingUpdateSerializer(meeting, data=request.data, partial=kwargs.get("partial", False))
        body.is_valid(raise_exception=True)
        services.meeting_update(actor=request.user, meeting=meeting, **body.validated_data)
        return self._out(meeting)

    @extend_schema(
        request=None,
        responses=inline_serializer("InvitationsSent", {"invited": drf_serializers.IntegerField()}),
        summary="فرستادن دعوت‌نامه به دارندگان کرسی",
    )
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):  # type: ignore[no-untyped-def]
        meeting = self.get_object()
        invited = services.meeting_invite(actor=request.user, meeting=meeting)
        return Response({"invited": len(invited)})

    @extend_schema(
        request=AttendanceSerializer,
        responses=inline_serializer(
            "Quorum",
            {
                "members": drf_serializers.IntegerField(),
                "present": drf_serializers.IntegerField(),
                "required": drf_serializers.IntegerField(),
                "met": drf_serializers.BooleanField(),
            },
        ),
        summary="ثبت حضور و غیاب (شناسهٔ افراد حاضر)",
    )
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):  # type: ignore[no-untyped-def]
        meeting = self.get_object()
        body = AttendanceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        q = services.meeting_record_attendance(actor=request.user, meeting=meeting, **body.validated_data)
        return Response({"members": q.members, "present": q.present, "required": q.required, "met": q.met})

    @extend_schema(request=MinutesSerializer, summary="ثبت صورت‌جلسه (جلسه برگزارشده می‌شود)")
    @action(detail=True, methods=["post"])
    def minutes(self, request, pk=None):  # type: ignore[no-untyped-def]
        meeting = self.get_object()
        body = MinutesSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.meeting_record_minutes(actor=request.user, meeting=meeting, **body.validated_data)
        return self._out(meeting)

    @extend_schema(request=ResolutionSerializer, responses=ResolutionSerializer, summary="ثبت مصوبه")
    @action(detail=True, methods=["post"])
    def resolutions(self, request, pk=None):  # type: ignore[no-untyped-def]
        meeting = self.get_object()
        body = ResolutionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        resolution = services.resolution_add(actor=request.user, meeting=meeting, **body.validated_data)
        return Response(ResolutionSerializer(resolution).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ResolutionStatusSerializer,
        responses=ResolutionSerializer,
        summary="پیگیری مصوبه: تغییر وضعیت",
    )
    @action(detail=True, methods=["post"], url_path="resolution-status")
    def resolution_status(self, request, pk=None):  # type: ignore[no-untyped-def]
        meeting = self.get_object()
        body = ResolutionStatusSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        resolution = meeting.resolutions.filter(pk=body.validated_data["resolution"]).first()
        if resolution is None:
            raise exceptions.NotFound(MESSAGES["not_found"])
        resolution = services.resolution_set_status(
            actor=request.user,
            resolution=resolution,
            status=body.validated_data["status"],
            note=body.validated_data["note"],
        )
        return Response(ResolutionSerializer(resolution).data)

    @extend_schema(request=None, summary="لغو جلسه")
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):  # type: ignore[no-untyped-def]
        meeting = self.get_object()
        services.meeting_cancel(
            actor=request.user, meeting=meeting, reason=str(request.data.get("reason", ""))
        )
        return self._out(meeting)
