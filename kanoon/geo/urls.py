from django.urls import path

from . import views

app_name = "geo"
urlpatterns = [
    path("", views.unit_index, name="unit_index"),
    path("search/", views.unit_search, name="unit_search"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
    path("<int:pk>/add/", views.unit_add_child, name="unit_add_child"),
    path("<int:pk>/edit/", views.unit_edit, name="unit_edit"),
]
