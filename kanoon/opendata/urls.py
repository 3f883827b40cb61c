"""Public transparency pages and open data, beside the center finder (/c/open/)."""

from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("", views.transparency, name="national"),
    path("data.csv", views.download_csv, name="national_csv"),
    path("data.json", views.download_json, name="national_json"),
    path("<int:pk>/", views.transparency, name="province"),
    path("<int:pk>/data.csv", views.download_csv, name="province_csv"),
    path("<int:pk>/data.json", views.download_json, name="province_json"),
]
