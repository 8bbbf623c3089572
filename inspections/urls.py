from django.urls import path

from . import views

# Named in the "inspections" namespace by the project's urls.py, with the pages other apps add.
urlpatterns = [
    path("", views.inspection_list, name="list"),
]
