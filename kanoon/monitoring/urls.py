from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.index, name="index"),
    path("definitions/", views.definitions, name="definitions"),
    path("definitions/<str:kind>/new/", views.definition_form, name="definition_new"),
    path("definitions/<str:kind>/<int:pk>/", views.definition_form, name="definition_edit"),
    path("data-sets/", views.data_sets, name="data_sets"),
    path("data-sets/new/", views.data_set_form, name="data_set_new"),
    path("data-sets/<int:pk>/", views.data_set_form, name="data_set_edit"),
    path("targets/", views.targets, name="targets"),
    path("targets/new/", views.target_form, name="target_new"),
    path("targets/<int:pk>/", views.target_form, name="target_edit"),
    path("implementers/", views.implementers, name="implementers"),
    path("implementers/new/", views.implementer_form, name="implementer_new"),
    path("implementers/<int:pk>/", views.implementer_form, name="implementer_edit"),
    path("units/<int:pk>/", views.dashboard, name="dashboard"),
    path("units/<int:pk>/export/<str:table>.xlsx", views.dashboard_export, name="dashboard_export"),
    path("units/<int:pk>/report.pdf", views.unit_report_pdf, name="unit_report_pdf"),
    path("units/<int:pk>/reports/", views.reports, name="reports"),
    path("units/<int:pk>/dataValueSets.json", views.dhis2_export, name="dhis2_export"),
    path("dhis2/import/", views.dhis2_import, name="dhis2_import"),
    path("entry/<int:data_set>/<int:unit>/<str:period>/", views.entry, name="entry"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("reports/<int:pk>/approve/", views.report_approve, name="report_approve"),
    path("reports/<int:pk>/unapprove/", views.report_unapprove, name="report_unapprove"),
]
