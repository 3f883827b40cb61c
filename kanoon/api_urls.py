"""/api/v1/ — every app registers its viewsets here."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from kanoon.accounts import api as accounts_api
from kanoon.assemblies import api as assemblies_api
from kanoon.audit import api as audit_api
from kanoon.centers import api as centers_api
from kanoon.files import api as files_api
from kanoon.geo import api as geo_api
from kanoon.meetings import api as meetings_api
from kanoon.monitoring import api as monitoring_api
from kanoon.notifications import api as notifications_api
from kanoon.organizations import api as organizations_api
from kanoon.people import api as people_api

router = DefaultRouter()
router.register("units", geo_api.UnitViewSet, basename="unit")
router.register("users", accounts_api.UserViewSet, basename="user")
router.register("role-assignments", accounts_api.AssignmentViewSet, basename="roleassignment")
router.register("indicators", monitoring_api.IndicatorViewSet, basename="indicator")
router.register("data-elements", monitoring_api.DataElementViewSet, basename="dataelement")
router.register("data-sets", monitoring_api.DataSetViewSet, basename="dataset")
router.register("data-values", monitoring_api.DataValueViewSet, basename="datavalue")
router.register("targets", monitoring_api.TargetViewSet, basename="target")
router.register("centers", centers_api.CenterViewSet, basename="center")
router.register("people", people_api.PersonViewSet, basename="person")
router.register("memberships", centers_api.MembershipViewSet, basename="membership")
router.register("groups", centers_api.GroupViewSet, basename="thematicgroup")
router.register("elections", centers_api.ElectionViewSet, basename="election")
router.register("assemblies", assemblies_api.AssemblyViewSet, basename="assembly")
router.register("bodies", meetings_api.BodyViewSet, basename="body")
router.register("seats", meetings_api.SeatViewSet, basename="seat")
router.register("meetings", meetings_api.MeetingViewSet, basename="meeting")
router.register("problems", assemblies_api.ProblemViewSet, basename="problem")
router.register("policies", assemblies_api.PolicyViewSet, basename="policy")
router.register("notifications", notifications_api.NotificationViewSet, basename="notification")
router.register(
    "notification-preferences", notifications_api.PreferenceViewSet, basename="notification-preference"
)
router.register("organizations", organizations_api.OrganizationViewSet, basename="organization")
router.register("attachments", files_api.AttachmentViewSet, basename="attachment")
router.register("read-audit", audit_api.ReadAuditViewSet, basename="readaudit")

urlpatterns = [
    path("auth/token/", accounts_api.obtain_token, name="api-token"),
    path("me/", accounts_api.me, name="api-me"),
    path("analytics/", monitoring_api.analytics, name="api-analytics"),
    path("dataValueSets/", monitoring_api.data_value_sets, name="api-datavaluesets"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]
