"""Signing in and resetting a password, with limits an attacker cannot turn into a weapon.

django-axes locks one username at one client address after five wrong passwords. Someone
trying one username from many addresses is slowed down here instead: after a few failures
from anywhere, each further try for that username must wait, longer each time, up to a
minute. Nobody is locked out by it, so the real person still signs in after the wait.
"""

import functools
import logging
import math

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.template.defaultfilters import pluralize

from . import throttle
from .proxies import client_address

logger = logging.getLogger(__name__)


class SlowDownMixin:
    """Refuses a sign-in that comes too soon after the username's last failures, before the
    password is checked: django-axes never sees the refusal, so it cannot become a lock-out."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if not username:
            return super().clean()
        wait = throttle.wait_after_failures(
            "sign-in",
            username,
            free=settings.SIGN_IN_SLOW_DOWN_AFTER,
            first=settings.SIGN_IN_SLOW_DOWN_FIRST,
            longest=settings.SIGN_IN_SLOW_DOWN_LONGEST,
        )
        if wait:
            # The view answers 429 with this (slowed_down_answers_429).
            self.request.sign_in_wait = wait
            raise ValidationError(
                f"Too many attempts to sign in as this user. Wait {wait} second{pluralize(wait)} and try again.",
                code="slowed_down",
            )
        try:
            return super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":
                throttle.record_failure("sign-in", username, window=settings.SIGN_IN_SLOW_DOWN_WINDOW)
            raise


class SignInForm(SlowDownMixin, AuthenticationForm):
    pass


class AdminSignInForm(SlowDownMixin, AdminAuthenticationForm):
    pass


def slowed_down_answers_429(view):
    """A sign-in page that refused to try yet says so with 429 Too Many Requests and Retry-After."""

    @functools.wraps(view)
    def answer(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        wait = getattr(request, "sign_in_wait", 0)
        if wait:
            response.status_code = 429
            response["Retry-After"] = str(wait)
        return response

    return answer


class DeferredPasswordResetForm(PasswordResetForm):
    """save() only notes what to send; send() sends it, once the answer has gone."""

    def save(self, **options):
        self.options = options

    def send(self):
        try:
            super().save(**self.options)
        except Exception:
            # Nobody is waiting for the answer any more: the log is the only place to say so.
            logger.exception("The password reset email could not be sent")


class SendWhenClosed(HttpResponseRedirect):
    """A redirect that calls `send` once the server has sent it and closes it (as WSGI servers
    and Django's test client do), so looking up the account and talking to the mail server
    add nothing to the time the answer takes: an unknown address answers as fast as a known one."""

    def __init__(self, url, send):
        super().__init__(url)
        self.send = send

    def close(self):
        try:
            if self.send:
                self.send()
        finally:
            super().close()


class PasswordResetView(auth_views.PasswordResetView):
    """Django's, with limits: too many requests from one client address are refused (429);
    too many for one email address get the usual "check your email" page but no more email,
    so the page never tells whether the address has an account."""

    form_class = DeferredPasswordResetForm

    def form_valid(self, form):
        window = settings.PASSWORD_RESET_WINDOW
        wait = throttle.use("reset-client", client_address(self.request), settings.PASSWORD_RESET_PER_CLIENT, window)
        if wait:
            minutes = math.ceil(wait / 60)
            response = render(
                self.request, "registration/password_reset_throttled.html", {"minutes": minutes}, status=429
            )
            response["Retry-After"] = str(wait)
            return response
        super().form_valid(form)  # the form notes what to send
        email = form.cleaned_data["email"].strip().lower()
        allowed = not throttle.use("reset-email", email, settings.PASSWORD_RESET_PER_EMAIL, window)
        return SendWhenClosed(self.get_success_url(), form.send if allowed else None)
