"""The admin site staff log into: throttled per client address, and behind a second
factor (``agents.mfa``) once the password is right.

Django's login form checks the password (through ``agents.backends``, the lockout both
staff doors share). Then every admin page but logout asks for the second factor: a user
with an authenticator is sent to enter a code (``security/verify/``), one without, when
MFA is required, to enrol one (``security/mfa/``). Until then the session reaches nothing
else of the admin. The setting is ``django.contrib.admin``'s ``default_site``
(``agents.apps.StaffAdminConfig``), so ``admin.site`` everywhere is this site.
"""

from functools import update_wrapper
from types import SimpleNamespace
from urllib.parse import urlencode

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from agents import mfa
from shopsite.api.throttling import OcapiScopedRateThrottle

THROTTLE_SCOPE = "admin_login"


def throttled(request, site):
    """A 429 page when the client address has posted too many login attempts, else None.
    The API's atomic throttle, per client address even once logged in: the second factor
    is guessed from one address as the password is."""
    throttle = OcapiScopedRateThrottle()
    if throttle.allow_request(request, SimpleNamespace(throttle_scope=THROTTLE_SCOPE)):
        return None
    context = {
        **site.each_context(request),
        "title": "Too many attempts",
        "message": f"Too many login attempts from your address. Try again in "
        f"{int(throttle.wait())} seconds.",
    }
    response = TemplateResponse(request, "admin/staff_security/message.html", context, status=429)
    response["Retry-After"] = str(int(throttle.wait()))
    return response


def needs_second_factor(request) -> bool:
    user = request.user
    return (
        user.is_active and user.is_staff and not user.is_verified() and mfa.asks_admin_login(user)
    )


class StaffAdminSite(admin.AdminSite):
    #: Views wrapped by ``admin_view`` that a session without its second factor may use.
    open_before_second_factor = {"logout", "i18n_javascript"}

    def login(self, request, extra_context=None):
        if request.method == "POST":
            refusal = throttled(request, self)
            if refusal is not None:
                return refusal
        return super().login(request, extra_context)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)
        if getattr(view, "__name__", "") in self.open_before_second_factor:
            return inner

        def gated(request, *args, **kwargs):
            if request.user.is_authenticated and needs_second_factor(request):
                return self.second_factor_redirect(request)
            return inner(request, *args, **kwargs)

        return update_wrapper(gated, inner)

    def second_factor_redirect(self, request):
        name = "staff_mfa_verify" if mfa.is_enrolled(request.user) else "staff_mfa"
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse(f'{self.name}:{name}')}?{query}")

    def get_urls(self):
        from agents import admin_views

        def view(function):
            def wrapper(request, *args, **kwargs):
                return function(request, self, *args, **kwargs)

            return update_wrapper(wrapper, function)

        return [
            path("security/verify/", view(admin_views.verify), name="staff_mfa_verify"),
            path("security/mfa/", view(admin_views.enrol), name="staff_mfa"),
            *super().get_urls(),
        ]
