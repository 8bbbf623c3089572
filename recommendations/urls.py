from django.urls import path

from . import views

app_name = "recommendations"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("overdue/", views.overdue, name="overdue"),
    path("due/", views.due, name="due"),
    path("due/export.csv", views.due_export, name="due-export"),
    path("due/calendar.ics", views.due_calendar, name="due-calendar"),
    path("due/calendar/", views.calendar_subscription, name="calendar-subscription"),
    path("due/calendar/<str:secret>.ics", views.due_calendar_feed, name="due-calendar-feed"),
    path("due/calendar/<int:feed_id>/revoke/", views.revoke_calendar_feed, name="revoke-calendar-feed"),
    path("restated/", views.restated, name="restated"),
    path("awaiting-response/", views.awaiting_response, name="awaiting-response"),
    path("recommendations/<int:pk>/", views.detail, name="detail"),
]
