from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.read, name="read_all"),
    path("<int:pk>/read/", views.read, name="read"),
    path("preferences/", views.preferences, name="preferences"),
]
