from django.urls import path

from . import views

# Named in the "recommendations" namespace by the project's urls.py, with the pages responses adds.
urlpatterns = [
    path("restated/", views.restated, name="restated"),
    path("awaiting-response/", views.awaiting_response, name="awaiting-response"),
]
