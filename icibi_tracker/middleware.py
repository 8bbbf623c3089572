"""Checks every request passes before it reaches a view."""

from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

from icibi_tracker.roles import ROLES

# Addresses with permissions of their own: the admin checks each model's, and an account with no role
# must still be able to sign out and change its password.
OWN_CHECKS = ("/admin/", "/accounts/")


def reject_nul_in_query(get_response):
    """No value the tracker stores holds a NUL, and PostgreSQL refuses one in a query: say so plainly."""

    def middleware(request):
        if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()):
            return HttpResponseBadRequest(render_to_string("400.html", request=request))
        return get_response(request)

    return middleware


def private_pages(get_response):
    """Pages and exports hold the record: no shared cache or browser history keeps a copy."""

    def middleware(request):
        response = get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware


class RoleRequiredMiddleware:
    """Signed in is not enough: every page needs one of the tracker's roles (superusers hold them all)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_superuser or not getattr(view_func, "login_required", True):
            return None
        if request.path.startswith(OWN_CHECKS) or user.groups.filter(name__in=ROLES).exists():
            return None
        return render(request, "no_role.html", status=403)
