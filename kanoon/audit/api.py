"""/api/v1/read-audit/ — the read-audit log, read-only, for national admins only."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, viewsets

from kanoon.core.api import ErrorSerializer

from . import selectors
from .filters import ReadAuditFilter
from .serializers import ReadAuditSerializer


class NationalAdminOnly(permissions.BasePermission):
    message = selectors.DENIED

    def has_permission(self, request, view):  # type: ignore[no-untyped-def]
        return selectors.is_national_admin(request.user)


@extend_schema_view(
    list=extend_schema(
        summary="گزارش مشاهدهٔ داده‌های حساس (فقط مدیر ملی)",
        responses={200: ReadAuditSerializer(many=True), 401: ErrorSerializer, 403: ErrorSerializer},
    ),
    retrieve=extend_schema(
        summary="یک مشاهدهٔ دادهٔ حساس (فقط مدیر ملی)",
        responses={
            200: ReadAuditSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    ),
)
class ReadAuditViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ReadAuditSerializer
    filterset_class = ReadAuditFilter
    permission_classes = [permissions.IsAuthenticated, NationalAdminOnly]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.audit_log()
