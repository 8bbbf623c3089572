"""Errors get a clear GOV.UK-style page that leaks nothing."""

import pytest
from django.test import Client
from django.urls import path

from icibi_tracker.urls import urlpatterns


def broken_view(request):
    raise RuntimeError("secret detail: database password is hunter2")


urlpatterns = [*urlpatterns, path("broken/", broken_view)]


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]


@pytest.mark.usefixtures("production")
def test_a_missing_page_says_page_not_found(client, policy_user):
    client.force_login(policy_user)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "/no/such/page/" not in response.content.decode()


@pytest.mark.usefixtures("production")
def test_a_refused_page_says_so_without_detail(client, policy_user):
    policy_user.is_staff = True
    policy_user.save()
    client.force_login(policy_user)
    response = client.post("/admin/inspections/inspection/add/", {"title": "x"})
    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()


@pytest.mark.urls("tests.test_error_pages")
@pytest.mark.usefixtures("production")
def test_a_server_error_page_leaks_nothing(db, policy_user):
    client = Client(raise_request_exception=False)
    client.force_login(policy_user)
    response = client.get("/broken/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    assert "hunter2" not in html and "Traceback" not in html
