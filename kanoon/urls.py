from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("kanoon.core.urls")),
    path("accounts/", include("kanoon.accounts.urls")),
    path("units/", include("kanoon.geo.urls")),
    path("people/", include("kanoon.people.urls")),
    path("centers/", include("kanoon.centers.urls")),
    path("c/open/", include("kanoon.opendata.urls")),
    path("c/", include("kanoon.centers.public_urls")),
    path("monitoring/", include("kanoon.monitoring.urls")),
    path("assemblies/", include("kanoon.assemblies.urls")),
    path("notifications/", include("kanoon.notifications.urls")),
    path("organizations/", include("kanoon.organizations.urls")),
    path("files/", include("kanoon.files.urls")),
    path("meetings/", include("kanoon.meetings.urls")),
    path("audit/", include("kanoon.audit.urls")),
    path("api/v1/", include("kanoon.api_urls")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "مدیریت فنی کانون"
admin.site.site_title = "کانون"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "kanoon.core.views.bad_request"
handler404 = "kanoon.core.views.not_found"
handler500 = "kanoon.core.views.server_error"
handler403 = "kanoon.core.views.forbidden"
