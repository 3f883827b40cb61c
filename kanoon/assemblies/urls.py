from django.urls import path

from . import views

app_name = "assemblies"
urlpatterns = [
    path("", views.assembly_list, name="assembly_list"),
    path("new/", views.assembly_create, name="assembly_create"),
    path("calendar/", views.calendar, name="calendar"),
    path("<int:pk>/", views.assembly_detail, name="assembly_detail"),
    path("<int:pk>/edit/", views.assembly_edit, name="assembly_edit"),
    path("<int:pk>/seats/new/", views.seat_add, name="seat_add"),
    path("<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("<int:pk>/problems/new/", views.problem_create, name="problem_create"),
    path("<int:pk>/priorities/", views.priorities, name="priorities"),
    path("<int:pk>/criteria/", views.criteria, name="criteria"),
    path("<int:pk>/policies/new/", views.policy_create, name="policy_create"),
    path("seats/<int:pk>/assign/", views.seat_assign, name="seat_assign"),
    path("terms/<int:pk>/end/", views.term_end, name="term_end"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/minutes.pdf", views.meeting_pdf, name="meeting_pdf"),
    path("meetings/<int:pk>/<slug:action>/", views.meeting_action, name="meeting_action"),
    path("problems/", views.problem_list, name="problem_list"),
    path("problems/<int:pk>/", views.problem_detail, name="problem_detail"),
    path("problems/<int:pk>/<slug:action>/", views.problem_action, name="problem_action"),
    path("policies/", views.policy_list, name="policy_list"),
    path("policies/<int:pk>/", views.policy_detail, name="policy_detail"),
    path("policies/<int:pk>/withdraw/", views.policy_withdraw, name="policy_withdraw"),
    path("policies/<int:pk>/ack/<int:delivery_pk>/", views.policy_acknowledge, name="policy_acknowledge"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notification_read, name="notifications_read_all"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
]
