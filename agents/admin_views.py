"""The admin's second-factor pages (``agents.admin_site``): entering a code after the
password, and enrolling an authenticator app with its recovery codes.

Every code posted is an attempt on the staff user's one lockout (``agents.staff_login``),
counted before it is checked, and on the client address's login throttle; reaching the
lockout ends the session. Enrolling, and using a recovery code, are audited.
"""

import django_otp
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp.plugins.otp_static.models import StaticDevice

from agents import mfa, staff_login
from agents.admin_site import needs_second_factor, throttled
from shopsite.accounts import audit


def next_url(request, site) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(f"{site.name}:index")


def page(request, site, template, status=200, **context):
    context = {**site.each_context(request), "next": next_url(request, site), **context}
    return TemplateResponse(request, f"admin/staff_security/{template}", context, status=status)


def staff_only(view):
    """Logged-in active staff only (the password step passed); others go to the login."""

    def wrapper(request, site, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return redirect_to_login(request.get_full_path(), reverse(f"{site.name}:login"))
        return view(request, site, *args, **kwargs)

    return csrf_protect(never_cache(wrapper))


def attempt(request, site, check):
    """Count one attempt with the posted code, then ``check(code)``: (its result, None),
    or (None, the answer to give instead): the throttle's 429, or a redirect to the login
    when the user is (or now becomes) locked out, which ends the session."""
    refusal = throttled(request, site)
    if refusal is not None:
        return None, refusal
    user = request.user
    code = request.POST.get("code", "")
    result = check(code) if staff_login.claim_attempt(user) else None
    if result:
        staff_login.succeeded(user)
        return result, None
    if staff_login.is_locked(user):
        logout(request)
        messages.error(request, "Too many failed attempts: the account is locked for now.")
        return None, HttpResponseRedirect(reverse(f"{site.name}:login"))
    return None, None


@staff_only
def verify(request, site):
    user = request.user
    if not needs_second_factor(request):
        return HttpResponseRedirect(next_url(request, site))
    if not mfa.is_enrolled(user):
        return site.second_factor_redirect(request)
    error = ""
    if request.method == "POST":
        device, refusal = attempt(request, site, lambda code: mfa.verify_code(user, code))
        if refusal is not None:
            return refusal
        if device is not None:
            django_otp.login(request, device)
            if isinstance(device, StaticDevice):
                audit.record_staff_security(request, user, "signed in with a recovery code")
            return HttpResponseRedirect(next_url(request, site))
        error = "The code is not valid."
    return page(request, site, "verify.html", title="Two-factor authentication", error=error)


@staff_only
def enrol(request, site):
    user = request.user
    if mfa.is_enrolled(user):
        return enrolled(request, site)
    device = mfa.pending_authenticator(user)
    error = ""
    if request.method == "POST":
        codes, refusal = attempt(request, site, lambda code: mfa.confirm(device, code))
        if refusal is not None:
            return refusal
        if codes:
            django_otp.login(request, device)
            audit.record_staff_security(request, user, "enrolled an authenticator app (MFA)")
            return page(request, site, "recovery_codes.html", title="Recovery codes", codes=codes)
        error = "The code is not valid: check the time on your phone and try the next code."
    return page(
        request,
        site,
        "enrol.html",
        title="Set up two-factor authentication",
        qr_svg=mfa.qr_svg(device),
        secret=mfa.secret_text(device),
        error=error,
        required=mfa.required_for_admin(),
    )


def enrolled(request, site):
    """The status page of an enrolled user; it may make new recovery codes (the old ones
    stop working)."""
    user = request.user
    if needs_second_factor(request):
        return site.second_factor_redirect(request)
    if request.method == "POST" and request.POST.get("action") == "recovery_codes":
        codes = mfa.new_recovery_codes(user)
        audit.record_staff_security(request, user, "made new recovery codes")
        return page(request, site, "recovery_codes.html", title="Recovery codes", codes=codes)
    return page(
        request,
        site,
        "enrolled.html",
        title="Two-factor authentication",
        codes_left=mfa.recovery_codes_left(user),
    )
