"""/api/v1/centers/, /people/, /memberships/, /groups/, /elections/ — thin: parse, call a service."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kanoon.core import jalali
from kanoon.core.api import ScopedModelViewSet, ScopedViewSetMixin
from kanoon.core.collation import persian
from kanoon.core.history import HistoryMixin

from . import services
from .filters import CenterFilter, ElectionFilter, GroupFilter, MembershipFilter
from .models import (
    Candidate,
    Center,
    CenterAction,
    Election,
    Membership,
    OfficeHolder,
    Person,
    ThematicGroup,
)
from .serializers import (
    ActionDoneSerializer,
    CenterSerializer,
    CenterStatusSerializer,
    ElectionSerializer,
    GroupSerializer,
    MembershipDecisionSerializer,
    MembershipLeaveSerializer,
    MembershipSerializer,
    OfficeHolderSerializer,
    StatusChangeSerializer,
)


def progress_payload(center: Center) -> dict:
    """The establishment tracker of one center: phase, percentage, every action and its state."""
    done = {r.action_id: r for r in CenterAction.objects.filter(center=center)}
    phases = []
    for phase in services.catalog_phases():
        strategies = []
        for strategy in phase.strategies.all():
            actions = []
            for a in strategy.actions.all():
                if not a.is_active:
                    continue
                r = done.get(a.pk)
                actions.append(
                    {
                        "code": a.code,
                        "title": a.title,
                        "auto_rule": a.auto_rule,
                        "done": r is not None,
                        "done_on": r.done_on.isoformat() if r else None,
                        "done_on_jalali": jalali.format_date(r.done_on, persian_digits=False) if r else None,
                        "automatic": r.automatic if r else False,
                        "note": r.note if r else "",
                    }
                )
            strategies.append({"number": strategy.number, "title": strategy.title, "actions": actions})
        phases.append({"number": phase.number, "title": phase.title, "strategies": strategies})
    return {
        "center": center.pk,
        "phase": center.phase,
        "progress": center.progress,
        "last_progress_on": center.last_progress_on.isoformat() if center.last_progress_on else None,
        "phases": phases,
    }


@extend_schema_view(
    list=extend_schema(summary="کانون‌های سلامت (در محدودهٔ کاربر)"),
    create=extend_schema(summary="ثبت کانون (فقط نام و محله/روستا لازم است)"),
)
class CenterViewSet(HistoryMixin, ScopedModelViewSet):
    queryset = (
        Center.objects.select_related("unit").prefetch_related("facilitators").order_by(persian("name"), "pk")
    )
    serializer_class = CenterSerializer
    filterset_class = CenterFilter
    object_actions = {"set_status": "change", "tick": "change"}

    def create(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            self.check_create(serializer)
            data = dict(serializer.validated_data)
            center = services.center_create(
                actor=request.user, name=data.pop("name"), unit=data.pop("unit"), **data
            )
        return Response(self.get_serializer(center).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):  # type: ignore[no-untyped-def]
        services.center_update(
            actor=self.request.user, center=serializer.instance, **serializer.validated_data
        )

    @extend_schema(
        request=CenterStatusSerializer, responses=StatusChangeSerializer, summary="تغییر وضعیت کانون"
    )
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, pk=None):  # type: ignore[no-untyped-def]
        center = self.get_object()
        body = CenterStatusSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        change = services.center_set_status(actor=request.user, center=center, **body.validated_data)
        return Response(StatusChangeSerializer(change).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=StatusChangeSerializer(many=True), summary="تاریخچهٔ وضعیت کانون")
    @action(detail=True, methods=["get"], url_path="status-history")
    def status_history(self, request, pk=None):  # type: ignore[no-untyped-def]
        center = self.get_object()
        changes = center.status_changes.select_related("changed_by")
        return Response(StatusChangeSerializer(changes, many=True).data)

    @extend_schema(responses=OfficeHolderSerializer(many=True), summary="تاریخچهٔ دبیران و جانشینان کانون")
    @action(detail=True, methods=["get"], url_path="office-holders")
    def office_holders(self, request, pk=None):  # type: ignore[no-untyped-def]
        center = self.get_object()
        holders = (
            OfficeHolder.objects.filter(center=center)
            .select_related("person")
            .order_by("-started_on", "office")
        )
        return Response(OfficeHolderSerializer(holders, many=True).data)

    @extend_schema(responses=OpenApiTypes.OBJECT, summary="پیشرفت استقرار کانون (۴ مرحله، ۱۲ راهبرد)")
    @action(detail=True, methods=["get"])
    def progress(self, request, pk=None):  # type: ignore[no-untyped-def]
        return Response(progress_payload(self.get_object()))

    @extend_schema(
        request=ActionDoneSerializer,
        responses={201: OpenApiTypes.OBJECT},
        summary="ثبت انجام یک اقدام استقرار",
    )
    @action(detail=True, methods=["post"], url_path="actions")
    def tick(self, request, pk=None):  # type: ignore[no-untyped-def]
        center = self.get_object()
        body = ActionDoneSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        files = request.FILES.getlist("files")
        services.action_mark_done(actor=request.user, center=center, files=files, **body.validated_data)
        center.refresh_from_db()
        return Response(progress_payload(center), status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="عضویت‌ها"), create=extend_schema(summary="افزودن عضو به کانون")
)
class MembershipViewSet(HistoryMixin, ScopedModelViewSet):
    queryset = Membership.objects.select_related("person", "center").order_by("-joined_on", "-pk")
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter
    object_actions = {"accept": "change", "decline": "change", "leave": "change"}

    def scope_path_of_new(self, serializer):  # type: ignore[no-untyped-def]
        return serializer.validated_data["center"].unit.path

    def create(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            self.check_create(serializer)
            data = serializer.validated_data
            new_person = data.get("new_person")
            if new_person is None:
                membership = services.membership_add(
                    actor=request.user,
                    center=data["center"],
                    person=data["person"],
                    kind=data.get("kind", "member"),
                    joined_on=data.get("joined_on"),
                    note=data.get("note", ""),
                )
            else:
                # A code the caller cannot see: linked or created, answered the same way, showing
                # only what the caller sent (never the record on file elsewhere).
                fields = {k: v for k, v in new_person.items() if v not in (None, "")}
                membership, _ = services.member_register(
                    actor=request.user,
                    center=data["center"],
                    kind=data.get("kind", "member"),
                    joined_on=data.get("joined_on"),
                    **fields,
                )
                if data.get("note"):
                    membership = services.membership_update(
                        actor=request.user, membership=membership, note=data["note"]
                    )
                shown = f"{new_person['first_name']} {new_person['last_name']}".strip()
                context = {**self.get_serializer_context(), "person_name_shown": shown}
                return Response(
                    self.get_serializer(membership, context=context).data, status=status.HTTP_201_CREATED
                )
        return Response(self.get_serializer(membership).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):  # type: ignore[no-untyped-def]
        services.membership_update(
            actor=self.request.user, membership=serializer.instance, **serializer.validated_data
        )

    @extend_schema(
        request=MembershipDecisionSerializer, responses=MembershipSerializer, summary="پذیرش درخواست عضویت"
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):  # type: ignore[no-untyped-def]
        return self._decide(request, True)

    @extend_schema(
        request=MembershipDecisionSerializer, responses=MembershipSerializer, summary="رد درخواست عضویت"
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):  # type: ignore[no-untyped-def]
        return self._decide(request, False)

    def _decide(self, request, accept: bool):  # type: ignore[no-untyped-def]
        membership = self.get_object()
        body = MembershipDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        membership = services.membership_decide(
            actor=request.user, membership=membership, accept=accept, note=body.validated_data["note"]
        )
        return Response(self.get_serializer(membership).data)

    @extend_schema(request=MembershipLeaveSerializer, responses=MembershipSerializer, summary="پایان عضویت")
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):  # type: ignore[no-untyped-def]
        membership = self.get_object()
        body = MembershipLeaveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        membership = services.membership_leave(
            actor=request.user, membership=membership, **body.validated_data
        )
        return Response(self.get_serializer(membership).data)


@extend_schema_view(
    list=extend_schema(summary="گروه‌های موضوعی"), create=extend_schema(summary="تشکیل گروه موضوعی")
)
class GroupViewSet(ScopedModelViewSet):
    queryset = (
        ThematicGroup.objects.select_related("center")
        .prefetch_related(Prefetch("members", queryset=Person.objects.only("pk")))
        .order_by(persian("name"), "pk")
    )
    serializer_class = GroupSerializer
    filterset_class = GroupFilter

    def scope_path_of_new(self, serializer):  # type: ignore[no-untyped-def]
        return serializer.validated_data["center"].unit.path

    def create(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            self.check_create(serializer)
            data = dict(serializer.validated_data)
            data.pop("is_active", None)
            group = services.group_create(actor=request.user, **data)
        return Response(self.get_serializer(group).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):  # type: ignore[no-untyped-def]
        services.group_update(actor=self.request.user, group=serializer.instance, **serializer.validated_data)


@extend_schema_view(
    list=extend_schema(summary="انتخابات دبیر و جانشین"),
    create=extend_schema(summary="ثبت انتخابات و نتیجهٔ آن"),
)
class ElectionViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Elections are recorded once (with their result) and not edited afterwards."""

    queryset = Election.objects.prefetch_related(
        Prefetch("candidates", queryset=Candidate.objects.select_related("person"))
    ).order_by("-held_on", "-pk")
    serializer_class = ElectionSerializer
    filterset_class = ElectionFilter

    def scope_path_of_new(self, serializer):  # type: ignore[no-untyped-def]
        return serializer.validated_data["center"].unit.path

    def create(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            self.check_create(serializer)
            data = dict(serializer.validated_data)
            election = services.election_record(actor=request.user, **data)
        election = self.get_queryset().get(pk=election.pk)
        return Response(self.get_serializer(election).data, status=status.HTTP_201_CREATED)
