from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.response import Response

from kanoon.core.api import ScopedModelViewSet
from kanoon.core.history import HistoryMixin

from . import services
from .filters import UnitFilter
from .models import Unit
from .serializers import UnitSerializer, UnitUpdateSerializer


@extend_schema_view(
    list=extend_schema(summary="واحدهای تقسیمات (در محدودهٔ کاربر)"),
    create=extend_schema(summary="ساخت منطقهٔ شهرداری یا محله"),
    update=extend_schema(summary="ویرایش منطقهٔ شهرداری یا محله (واحدهای رسمی فقط با ورود تقسیمات)"),
    partial_update=extend_schema(summary="ویرایش منطقهٔ شهرداری یا محله (واحدهای رسمی فقط با ورود تقسیمات)"),
)
class UnitViewSet(HistoryMixin, ScopedModelViewSet):
    queryset = Unit.objects.all()
    serializer_class = UnitSerializer
    filterset_class = UnitFilter

    def get_serializer_class(self):
        if self.action in {"update", "partial_update"}:
            return UnitUpdateSerializer
        return UnitSerializer

    def scope_path_of_new(self, serializer):
        return serializer.validated_data["parent"].path

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            self.check_create(serializer)
            data = serializer.validated_data
            unit = services.unit_create(parent=data["parent"], kind=data["kind"], name=data["name"])
        return Response(
            UnitSerializer(unit, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )

    def perform_update(self, serializer):
        unit = serializer.instance
        serializer.instance = services.unit_update(
            actor=self.request.user, unit=unit, **serializer.validated_data
        )
