"""/api/v1/assemblies/, /problems/, /policies/ — thin: parse, call a service. An assembly's seats and
meetings are served by the meetings app (/api/v1/seats/, /api/v1/meetings/, with `assembly`)."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from kanoon.core import jalali, scope
from kanoon.core.api import ScopedModelViewSet, ScopedViewSetMixin
from kanoon.core.drf import MESSAGES
from kanoon.core.history import HistoryMixin

from . import selectors, services
from .filters import AssemblyFilter, PolicyFilter, ProblemFilter
from .models import Policy, PolicyDelivery, Problem, ProblemStep
from .serializers import (
    AcceptSerializer,
    AcknowledgeSerializer,
    AssemblySerializer,
    AssemblyUpdateSerializer,
    DeliverySerializer,
    PolicySerializer,
    ProblemSerializer,
    ProblemUpdateSerializer,
    ReferSerializer,
    ResolveSerializer,
    ReturnSerializer,
    ScoreSerializer,
    VoteSerializer,
)


def _denied() -> exceptions.PermissionDenied:
    return exceptions.PermissionDenied(MESSAGES["permission_denied"])


@extend_schema_view(
    list=extend_schema(summary="مجامع سلامت (در محدودهٔ کاربر)"),
    create=extend_schema(summary="تشکیل مجمع (محله: با کانون؛ شهرستان، استان، ملی: با واحد)"),
)
class AssemblyViewSet(HistoryMixin, ScopedModelViewSet):
    queryset = selectors.Assembly.objects.all()
    serializer_class = AssemblySerializer
    filterset_class = AssemblyFilter

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.assembly_list(self.request.user).order_by("unit__path", "pk")

    def get_serializer_class(self):  # type: ignore[no-untyped-def]
        if self.action in {"update", "partial_update"}:
            return AssemblyUpdateSerializer
        return AssemblySerializer

    def create(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        serializer = AssemblySerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        assembly = services.assembly_create(
            actor=request.user,
            level=data["level"],
            unit=data["unit"],
            center=data.get("center"),
            name=data.get("name", ""),
            quorum_percent=data.get("quorum_percent", 50),
            time_limit_days=data.get("time_limit_days"),
        )
        assembly = self.get_queryset().get(pk=assembly.pk)
        return Response(AssemblySerializer(assembly).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):  # type: ignore[no-untyped-def]
        services.assembly_update(
            actor=self.request.user, assembly=serializer.instance, **serializer.validated_data
        )

    def update(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().update(request, *args, **kwargs)
        return Response(AssemblySerializer(self.get_queryset().get(pk=kwargs["pk"])).data)


@extend_schema_view(
    list=extend_schema(summary="مسائل: آنچه اکنون در مجامع محدوده است و آنچه از آن‌ها برخاسته"),
    create=extend_schema(summary="ثبت مسئله در یک مجمع"),
)
class ProblemViewSet(
    HistoryMixin,
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """`assembly` is where the problem sits now; `trail` is every step. The users of the origin
    follow it everywhere; only the holder's users act (refer, accept, return, resolve)."""

    queryset = Problem.objects.all()
    serializer_class = ProblemSerializer
    filterset_class = ProblemFilter

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return (
            Problem.objects.restrict(self.request.user, "view")
            .select_related("assembly", "origin")
            .prefetch_related(Prefetch("steps", queryset=ProblemStep.objects.select_related("actor")))
            .order_by("-created_at", "-pk")
        )

    def get_object(self):  # type: ignore[no-untyped-def]
        queryset = (
            self.filter_queryset(self.get_queryset()) if self.action == "retrieve" else self.get_queryset()
        )
        try:
            problem = queryset.get(pk=int(self.kwargs["pk"]))
        except (Problem.DoesNotExist, ValueError, TypeError):
            raise exceptions.NotFound(MESSAGES["not_found"])
        if self.action not in ("retrieve", "history") and not scope.path_in_scope(
            self.request.user, Problem, "change", problem.assembly.unit.path
        ):
            raise _denied()
        return problem

    def get_serializer_class(self):  # type: ignore[no-untyped-def]
        if self.action in {"update", "partial_update"}:
            return ProblemUpdateSerializer
        return ProblemSerializer

    def _out(self, problem: Problem, code: int = status.HTTP_200_OK) -> Response:
        return Response(ProblemSerializer(self.get_queryset().get(pk=problem.pk)).data, status=code)

    def create(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        serializer = ProblemSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        problem = services.problem_register(actor=request.user, **serializer.validated_data)
        return self._out(problem, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        problem = self.get_object()
        body = ProblemUpdateSerializer(problem, data=request.data, partial=kwargs.get("partial", False))
        body.is_valid(raise_exception=True)
        services.problem_update(actor=request.user, problem=problem, **body.validated_data)
        return self._out(problem)

    @extend_schema(
        request=ReferSerializer,
        responses=ProblemSerializer,
        summary="ارجاع به مجمع بالادست (در سطح ملی: به شورای عالی)",
    )
    @action(detail=True, methods=["post"])
    def refer(self, request, pk=None):  # type: ignore[no-untyped-def]
        problem = self.get_object()
        body = ReferSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._out(services.problem_refer(actor=request.user, problem=problem, **body.validated_data))

    @extend_schema(request=AcceptSerializer, responses=ProblemSerializer, summary="پذیرش مسئلهٔ ارجاع‌شده")
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):  # type: ignore[no-untyped-def]
        problem = self.get_object()
        body = AcceptSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._out(services.problem_accept(actor=request.user, problem=problem, **body.validated_data))

    @extend_schema(request=ReturnSerializer, responses=ProblemSerializer, summary="بازگرداندن با راهنمایی")
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):  # type: ignore[no-untyped-def]
        problem = self.get_object()
        body = ReturnSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._out(services.problem_return(actor=request.user, problem=problem, **body.validated_data))

    @extend_schema(request=ResolveSerializer, responses=ProblemSerializer, summary="حل مسئله در همین سطح")
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):  # type: ignore[no-untyped-def]
        problem = self.get_object()
        body = ResolveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._out(services.problem_resolve(actor=request.user, problem=problem, **body.validated_data))

    @extend_schema(
        request=ScoreSerializer, responses=ProblemSerializer, summary="امتیاز ماتریس اولویت‌بندی (۱ تا ۵)"
    )
    @action(detail=True, methods=["post"])
    def score(self, request, pk=None):  # type: ignore[no-untyped-def]
        problem = self.get_object()
        body = ScoreSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._out(services.problem_score(actor=request.user, problem=problem, **body.validated_data))

    @extend_schema(
        request=VoteSerializer,
        responses={
            201: inline_serializer(
                "VoteRecorded", {"id": drf_serializers.IntegerField(), "period": drf_serializers.CharField()}
            )
        },
        summary="رأی یک عضو دارای کرسی به مسئله در این فصل",
    )
    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):  # type: ignore[no-untyped-def]
        problem = self.get_object()
        body = VoteSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            vote = services.problem_vote(
                actor=request.user, problem=problem, person=data["person"], period=data["period"] or None
            )
        except jalali.JalaliError as exc:
            raise exceptions.ValidationError({"period": [str(exc)]})
        return Response({"id": vote.pk, "period": vote.period}, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="سیاست‌های ابلاغی (صادرشده در محدوده یا رسیده به مجامع آن)"),
    create=extend_schema(summary="تصویب و ابلاغ سیاست به همهٔ مجامع پایین‌دست"),
)
class PolicyViewSet(
    HistoryMixin,
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Policy.objects.all()
    serializer_class = PolicySerializer
    filterset_class = PolicyFilter

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if self.action == "list":
            return selectors.policy_list(self.request.user).order_by("-issued_at", "-pk")
        return Policy.objects.restrict(self.request.user, "view").select_related("issuer__unit")

    def create(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        serializer = PolicySerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        policy = services.policy_issue(actor=request.user, **serializer.validated_data)
        return Response(
            PolicySerializer(policy, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(responses=DeliverySerializer(many=True), summary="مجامع گیرنده و وضعیت وصول")
    @action(detail=True, methods=["get"])
    def deliveries(self, request, pk=None):  # type: ignore[no-untyped-def]
        policy = self.get_object()
        rows = policy.deliveries.restrict(request.user, "view").select_related("assembly")
        return Response(DeliverySerializer(rows, many=True).data)

    @extend_schema(
        request=AcknowledgeSerializer, responses=DeliverySerializer, summary="تأیید وصول و ثبت تطبیق محلی"
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):  # type: ignore[no-untyped-def]
        policy = self.get_object()
        body = AcknowledgeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        visible = (
            PolicyDelivery.objects.restrict(request.user, "view")
            .filter(policy=policy)
            .select_related("assembly__unit")
        )
        assembly_id = body.validated_data.get("assembly")
        if assembly_id is not None:
            delivery = visible.filter(assembly_id=assembly_id).first()
            if delivery is None:
                raise exceptions.ValidationError({"assembly": ["این سیاست به این مجمع ابلاغ نشده است."]})
        else:
            mine = services.deliveries_for_actor(request.user, policy)
            if len(mine) != 1:
                if not mine:
                    raise _denied()
                raise exceptions.ValidationError({"assembly": ["مجمع دریافت‌کننده را مشخص کنید."]})
            delivery = mine[0]
        delivery = services.policy_acknowledge(
            actor=request.user, delivery=delivery, adaptation=body.validated_data["adaptation"]
        )
        return Response(DeliverySerializer(delivery).data)
