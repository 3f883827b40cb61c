from django.contrib import admin

from .models import Delivery, Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "kind", "created_at", "read_at", "in_digest"]
    list_filter = ["kind", "in_digest"]
    raw_id_fields = ["user"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["channel", "address", "status", "attempts", "is_digest", "created_at", "sent_at"]
    list_filter = ["channel", "status", "is_digest"]
    raw_id_fields = ["user", "notification"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "sms", "email", "digest"]
    raw_id_fields = ["user"]
