from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .accounts import PasswordResetView, SignInForm, slowed_down_answers_429

sign_in = auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=SignInForm)

urlpatterns = [
    path("", include("recommendations.urls")),
    path("inspections/", include("inspections.urls")),
    path("reports/", include("reports.urls")),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("cookies/", views.cookies, name="cookies"),
    path("accounts/login/", slowed_down_answers_429(sign_in), name="login"),
    path("accounts/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
