from django.urls import path

from . import views

app_name = "submissions"
urlpatterns = [
    path("", views.team, name="team"),
    path("recommendations/<int:pk>/new/", views.start, name="start"),
    path("recommendations/<int:pk>/new/<str:kind>/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/change/", views.change, name="change"),
    path("<int:pk>/check/", views.check, name="check"),
    path("<int:pk>/sent/", views.sent, name="sent"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/evidence/<int:evidence_pk>/", views.evidence_file, name="evidence"),
    path("<int:pk>/record/", views.record, name="record"),
    path("<int:pk>/return/", views.send_back, name="return"),
    path("review/", views.queue, name="queue"),
    path("closure-claimed/", views.closure_claimed_list, name="closure-claimed"),
    path("rounds/", views.rounds, name="rounds"),
    path("rounds/new/", views.open_round, name="open-round"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/close/", views.close_round, name="close-round"),
]
