from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

import inspections.urls
import recommendations.urls
import responses.urls

from . import views
from .accounts import PasswordResetView, SignInForm, slowed_down_answers_429

# The one module that wires the apps together (with settings): a page's address name says what it shows,
# whichever app serves it, so the namespaces join the pages of several apps.
sign_in = auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=SignInForm)

urlpatterns = [
    path("", include((recommendations.urls.urlpatterns + responses.urls.urlpatterns, "recommendations"))),
    path(
        "inspections/",
        include((inspections.urls.urlpatterns + responses.urls.inspection_urlpatterns, "inspections")),
    ),
    path("account/", include("notifications.urls")),
    path("submissions/", include("submissions.urls")),
    path("reports/", include("reports.urls")),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("cookies/", views.cookies, name="cookies"),
    path("accounts/login/", slowed_down_answers_429(sign_in), name="login"),
    path("accounts/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
