from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "meetings"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="meetings:body_list"), name="index"),
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/new/", views.body_create, name="body_create"),
    path("bodies/<int:pk>/", views.body_detail, name="body_detail"),
    path("bodies/<int:pk>/edit/", views.body_edit, name="body_edit"),
    path("bodies/<int:pk>/active/", views.body_active, name="body_active"),
    path("bodies/<int:pk>/seats/new/", views.seat_add, name="seat_add"),
    path("bodies/<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("seats/<int:pk>/assign/", views.seat_assign, name="seat_assign"),
    path("terms/<int:pk>/end/", views.term_end, name="term_end"),
    path("calendar/", views.calendar, name="calendar"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/minutes.pdf", views.meeting_pdf, name="meeting_pdf"),
    path("<int:pk>/<slug:action>/", views.meeting_action, name="meeting_action"),
]
