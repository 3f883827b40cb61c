"""/api/v1/organizations/ — list, read, create, change; never delete (PATCH is_active=false)."""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.response import Response

from kanoon.core.api import ErrorSerializer, ScopedModelViewSet
from kanoon.core.collation import persian
from kanoon.core.history import HistoryMixin

from . import services
from .filters import OrganizationFilter
from .models import Organization
from .serializers import OrganizationSerializer


@extend_schema_view(
    list=extend_schema(
        summary="سازمان‌ها (در محدودهٔ کاربر)",
        responses={200: OrganizationSerializer(many=True), 400: ErrorSerializer},
    ),
    retrieve=extend_schema(summary="یک سازمان"),
    create=extend_schema(summary="ثبت سازمان (شناسهٔ ملی با رقم کنترل بررسی می‌شود)"),
    update=extend_schema(summary="ویرایش سازمان"),
    partial_update=extend_schema(summary="ویرایش بخشی از سازمان؛ is_active=false یعنی غیرفعال‌سازی"),
)
class OrganizationViewSet(HistoryMixin, ScopedModelViewSet):
    queryset = Organization.objects.select_related("unit").order_by(persian("name"), "pk")
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter

    def create(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            self.check_create(serializer)
            data = dict(serializer.validated_data)
            active = data.pop("is_active", True)
            org = services.organization_create(
                actor=request.user,
                name=data.pop("name"),
                kind=data.pop("kind", "other"),
                unit=data.pop("unit"),
                **data,
            )
            if not active:
                org = services.organization_set_active(actor=request.user, organization=org, active=False)
        return Response(self.get_serializer(org).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):  # type: ignore[no-untyped-def]
        data = dict(serializer.validated_data)
        active = data.pop("is_active", None)
        with transaction.atomic():
            org = serializer.instance
            if data:
                org = services.organization_update(actor=self.request.user, organization=org, **data)
            if active is not None:
                org = services.organization_set_active(
                    actor=self.request.user, organization=org, active=active
                )
        serializer.instance = org
