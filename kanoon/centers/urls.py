from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "centers"
urlpatterns = [
    path("", views.center_list, name="center_list"),
    path("new/", views.center_create, name="center_create"),
    path("<int:pk>/", views.center_detail, name="center_detail"),
    path("<int:pk>/edit/", views.center_edit, name="center_edit"),
    path("<int:pk>/status/", views.center_status, name="center_status"),
    path("<int:pk>/establishment/", views.establishment, name="establishment"),
    path("<int:pk>/establishment/<int:action_pk>/done/", views.action_done, name="action_done"),
    path("<int:pk>/establishment/<int:action_pk>/undo/", views.action_undo, name="action_undo"),
    path("<int:pk>/members/", views.member_list, name="member_list"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("<int:pk>/members/import/", views.member_import, name="member_import"),
    path("<int:pk>/groups/new/", views.group_create, name="group_create"),
    path("<int:pk>/groups.xlsx", views.group_list, name="group_export"),
    path("<int:pk>/elections/", views.election_list, name="election_list"),
    path("<int:pk>/elections/new/", views.election_create, name="election_create"),
    path("groups/<int:group_pk>/edit/", views.group_edit, name="group_edit"),
    path("memberships/", views.membership_list, name="membership_list"),
    path("memberships/<int:membership_pk>/<str:verb>/", views.membership_action, name="membership_action"),
    path("imports/template.xlsx", views.import_template, name="import_template"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/dismiss/", views.import_dismiss, name="import_dismiss"),
    path("imports/<int:pk>/rejected.xlsx", views.import_rejected, name="import_rejected"),
    # People moved to /people/ (kanoon.people); the old addresses and names keep working.
    path("people/", RedirectView.as_view(pattern_name="people:list", query_string=True), name="person_list"),
    path("people/<int:pk>/", RedirectView.as_view(pattern_name="people:detail"), name="person_detail"),
    path("people/<int:pk>/edit/", RedirectView.as_view(pattern_name="people:edit"), name="person_edit"),
    path("catalog/", views.catalog, name="catalog"),
    path("dashboard/", views.dashboard_home, name="dashboard_home"),
    path("dashboard/<int:unit_pk>/", views.dashboard, name="dashboard"),
]
