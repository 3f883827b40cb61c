"""/api/v1/attachments/ — list a record's files, upload one, take one off (never delete)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from kanoon.core.api import ErrorSerializer
from kanoon.core.filters import IdField

from . import selectors, services
from .models import Attachment
from .responses import file_response, thumbnail_response
from .serializers import AttachmentRemoveSerializer, AttachmentSerializer, AttachmentUploadSerializer

LIST_PARAMETERS = [
    OpenApiParameter("content_type", str, description="app_label.model of the parent record"),
    OpenApiParameter("object_id", int, description="id of the parent record (with content_type)"),
    OpenApiParameter("include_inactive", bool, description="also the removed ones (default false)"),
]
BINARY = OpenApiResponse(response=OpenApiTypes.BINARY, description="the file")


@extend_schema_view(
    list=extend_schema(
        summary="پیوست‌های قابل مشاهده (یا پیوست‌های یک رکورد)",
        parameters=LIST_PARAMETERS,
        responses={200: AttachmentSerializer(many=True), 400: ErrorSerializer},
    ),
    retrieve=extend_schema(summary="یک پیوست", responses={200: AttachmentSerializer, 404: ErrorSerializer}),
)
class AttachmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = AttachmentSerializer
    queryset = Attachment.objects.all()
    filter_backends: list = []
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        qs = Attachment.objects.restrict(self.request.user, "view").select_related(
            "content_type", "uploaded_by"
        )
        if self.action != "list":
            return qs
        params = self.request.query_params
        label, object_id = params.get("content_type"), params.get("object_id")
        if object_id is not None and not label:
            raise exceptions.ValidationError({"content_type": ["همراه object_id، content_type را هم بدهید."]})
        if label:
            try:
                reg = selectors.registration_for_label(label)
            except selectors.UnknownParent:
                raise exceptions.ValidationError({"content_type": ["این نوع رکورد پیوست نمی‌پذیرد."]})
            qs = qs.filter(content_type=ContentType.objects.get_for_model(reg.model))
            if object_id is not None:
                try:
                    qs = qs.filter(object_id=IdField().clean(object_id))
                except Exception:
                    raise exceptions.ValidationError({"object_id": ["شناسه باید یک عدد صحیح مثبت باشد."]})
        if params.get("include_inactive", "").lower() in ("true", "1"):
            # removed files (name, reason, who removed them) only for those who may change the record
            changeable = Attachment.objects.restrict(self.request.user, "change").values("pk")
            qs = qs.filter(Q(is_active=True) | Q(pk__in=changeable))
        else:
            qs = qs.filter(is_active=True)
        return qs.order_by("-uploaded_at", "-pk")

    def get_object(self):  # type: ignore[no-untyped-def]
        if self.action == "retrieve":
            return self._downloadable(self.kwargs["pk"])  # a removed file: 404 unless one may change it
        return selectors.attachment_for(self.request.user, "view", pk=self.kwargs["pk"])

    @extend_schema(
        summary="بارگذاری پیوست برای یک رکورد (نوع فایل از محتوا تشخیص داده می‌شود)",
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={
            201: AttachmentSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def create(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        body = AttachmentUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            parent = selectors.parent_for(request.user, data["content_type"], data["object_id"])
        except selectors.UnknownParent:
            raise exceptions.ValidationError({"content_type": ["این نوع رکورد پیوست نمی‌پذیرد."]})
        attachment = services.attachment_add(
            actor=request.user, parent=parent, file=data["file"], kind=data["kind"], label=data["label"]
        )
        return Response(self.get_serializer(attachment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="حذف پیوست (غیرفعال‌سازی با دلیل؛ در سابقه می‌ماند)",
        request=AttachmentRemoveSerializer,
        responses={
            200: AttachmentSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser, MultiPartParser])
    def deactivate(self, request, pk=None):  # type: ignore[no-untyped-def]
        attachment = selectors.attachment_for(request.user, "change", pk=pk)
        body = AttachmentRemoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        attachment = services.attachment_remove(
            actor=request.user, attachment=attachment, reason=body.validated_data["reason"]
        )
        return Response(self.get_serializer(attachment).data)

    @extend_schema(summary="دریافت فایل پیوست", responses={200: BINARY, 404: ErrorSerializer})
    @action(detail=True, methods=["get"], url_path="download", url_name="download")
    def download(self, request, pk=None):  # type: ignore[no-untyped-def]
        return file_response(self._downloadable(pk))

    @extend_schema(
        summary="تصویر کوچک پیوست (فقط برای تصاویر)", responses={200: BINARY, 404: ErrorSerializer}
    )
    @action(detail=True, methods=["get"], url_path="thumbnail", url_name="thumbnail")
    def thumbnail(self, request, pk=None):  # type: ignore[no-untyped-def]
        return thumbnail_response(self._downloadable(pk))

    def _downloadable(self, pk):  # type: ignore[no-untyped-def]
        from django.http import Http404

        attachment = selectors.attachment_for(self.request.user, "view", pk=pk)
        if (
            not attachment.is_active
            and not Attachment.objects.restrict(self.request.user, "change").filter(pk=attachment.pk).exists()
        ):
            raise Http404("پیدا نشد.")
        return attachment
