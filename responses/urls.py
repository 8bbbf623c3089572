from django.urls import path

from . import views

# Named in the "recommendations" namespace by the project's urls.py: these are the tracker's lists of
# recommendations' due dates, the overview of them, and a recommendation's own page.
urlpatterns = [
    path("", views.overview, name="overview"),
    path("overdue/", views.overdue, name="overdue"),
    path("due/", views.due, name="due"),
    path("due/export.csv", views.due_export, name="due-export"),
    path("due/calendar.ics", views.due_calendar, name="due-calendar"),
    path("due/calendar/", views.calendar_subscription, name="calendar-subscription"),
    path("due/calendar/<str:secret>.ics", views.due_calendar_feed, name="due-calendar-feed"),
    path("due/calendar/<int:feed_id>/revoke/", views.revoke_calendar_feed, name="revoke-calendar-feed"),
    path("recommendations/<int:pk>/", views.detail, name="detail"),
]

# An inspection's page lists its recommendations with their responses: in the "inspections" namespace.
inspection_urlpatterns = [
    path("<slug:slug>/", views.inspection_detail, name="detail"),
]
