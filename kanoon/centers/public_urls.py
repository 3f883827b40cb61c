"""Public pages (no login): find your neighborhood health center, a center's page and sign-up."""

from django.urls import path

from . import views

app_name = "centers_public"
urlpatterns = [
    path("", views.public_finder, name="finder"),
    path("<int:pk>/", views.public_center, name="center"),
]
