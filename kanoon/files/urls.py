from django.urls import path

from . import views

app_name = "files"

urlpatterns = [
    path("<uuid:uid>/", views.download, name="download"),
    path("<uuid:uid>/thumbnail/", views.thumbnail, name="thumbnail"),
    path("<uuid:uid>/remove/", views.remove, name="remove"),
    path("upload/<str:label>/<int:object_id>/", views.upload, name="upload"),
]
