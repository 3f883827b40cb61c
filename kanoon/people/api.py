"""/api/v1/people/ — one record per national code; two tiers (full record / card); facets."""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from kanoon.core import scope
from kanoon.core.api import ScopedModelViewSet
from kanoon.core.collation import persian
from kanoon.core.drf import MESSAGES
from kanoon.core.history import HistoryMixin
from kanoon.geo.models import Unit

from . import selectors, services
from .filters import PersonFilter
from .models import Person
from .serializers import FacetSerializer, PersonSerializer

CREATE_THROUGH_MEMBERSHIP = (
    "ثبت فرد تنها از راه عضویت انجام می‌شود: او را با کد ملی در یک کانون محدودهٔ خود عضو کنید "
    "(POST /api/v1/memberships/). ثبت مستقیم فقط برای کاربری است که همهٔ پرونده‌های کشور را می‌بیند."
)
CARD_ONLY = "این فرد را فقط از راه عضویتی در محدودهٔ شما می‌بینید؛ پروندهٔ کامل او در دسترس شما نیست."


@extend_schema_view(
    list=extend_schema(
        summary="افراد (ثبت‌شده در محدوده یا عضو کانون‌های محدوده)",
        description="record=full: پروندهٔ کامل؛ record=card: فقط کد ملی، نام و جنسیت (فردی که فقط از راه "
        "عضویتی در محدودهٔ شما دیده می‌شود).",
    ),
    retrieve=extend_schema(summary="پروندهٔ فرد (کامل یا کارت)"),
    create=extend_schema(
        summary="ثبت مستقیم فرد (فقط کاربر ملی)",
        description="دیگر کاربران فرد را از راه عضویت ثبت می‌کنند (POST /api/v1/memberships/ با کد ملی)؛ "
        "پاسخ آن برای کد تازه و کد ثبت‌شده یکسان است.",
    ),
)
class PersonViewSet(HistoryMixin, ScopedModelViewSet):
    queryset = Person.objects.select_related("registered_unit").order_by(
        persian("last_name"), persian("first_name"), "pk"
    )
    serializer_class = PersonSerializer
    filterset_class = PersonFilter

    def get_serializer_context(self):  # type: ignore[no-untyped-def]
        return {**super().get_serializer_context(), "full_ids": getattr(self, "_full_ids", set())}

    def paginate_queryset(self, queryset):  # type: ignore[no-untyped-def]
        page = super().paginate_queryset(queryset)
        rows = page if page is not None else list(queryset)
        self._full_ids = selectors.full_record_ids(self.request.user, [p.pk for p in rows])
        return page

    def get_object(self):  # type: ignore[no-untyped-def]
        obj = super().get_object()
        self._full_ids = {obj.pk} if selectors.sees_full_record(self.request.user, obj) else set()
        if self.action in ("update", "partial_update", "history") and not self._full_ids:
            raise exceptions.PermissionDenied(CARD_ONLY)
        return obj

    def default_unit(self) -> Unit:
        """The unit a new person is registered at when none is given: the caller's role unit."""
        paths = scope.scope_paths(self.request.user, Person, "add")
        if paths is None:
            unit = Unit.objects.filter(depth=0).first()
        elif paths:
            unit = Unit.objects.filter(path=max(paths, key=len)).first()
        else:
            unit = None
        if unit is None:
            raise exceptions.PermissionDenied(MESSAGES["permission_denied"])
        return unit

    def scope_path_of_new(self, serializer):  # type: ignore[no-untyped-def]
        unit = serializer.validated_data.get("registered_unit") or self.default_unit()
        serializer.validated_data["registered_unit"] = unit
        return unit.path

    def create(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        # Decided on the caller alone, before the code is looked at: an answer that differed for
        # a code on file elsewhere would tell a caller that a record they cannot see exists.
        if not services.sees_every_person(request.user):
            raise exceptions.PermissionDenied(CREATE_THROUGH_MEMBERSHIP)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k != "record"}
        with transaction.atomic():
            self.check_create(serializer)
            data["registered_unit"] = serializer.validated_data["registered_unit"]
            person = services.person_create(actor=request.user, **data)
        self._full_ids = {person.pk}
        return Response(self.get_serializer(person).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):  # type: ignore[no-untyped-def]
        data = dict(serializer.validated_data)
        if "registered_unit" in data:
            raise exceptions.ValidationError({"unit": ["واحد ثبت فرد تغییر نمی‌کند."]})
        from kanoon.audit import sensitive

        for name in ("has_disability", "disability"):
            if name in data and not sensitive.can_see(self.request.user, serializer.instance, name):
                data.pop(name)
        services.person_update(actor=self.request.user, person=serializer.instance, **data)

    @extend_schema(
        summary="همهٔ آنچه فرد در سامانه است (عضویت‌ها، سمت‌ها، کرسی‌ها، حضور و ...) در محدودهٔ شما",
        responses={200: FacetSerializer(many=True)},
        filters=False,
    )
    @action(detail=True, methods=["get"], url_path="facets", pagination_class=None)
    def facets(self, request, pk=None):  # type: ignore[no-untyped-def]
        person = self.get_object()
        return Response(FacetSerializer(selectors.person_facets(request.user, person), many=True).data)
