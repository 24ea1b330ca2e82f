"""Middleware of the API paths: the method override, and the lean path API requests take.

**The lean path.** ``/s/…`` (the Shop API) and ``/dw/…`` (OAuth) are stateless: a request
names its client and carries its token, and nothing there reads a Django session, a CSRF
cookie, ``request.user`` from a session or a flash message (the storefront session cookies
of ``type: session`` are read by ``customers.sessions`` itself). The admin needs all four.
So the middleware that serve only browser pages are listed in ``MIDDLEWARE`` as the
subclasses below, which let API requests through untouched: no session store, no lazy
user, no message storage, no Content-Security-Policy built for a JSON answer. Django's
own ``CsrfViewMiddleware`` stays as it is: ``check --deploy`` looks for it by name, and
on API paths it only looks for a CSRF cookie (every API view is ``csrf_exempt``, as
DRF's views are), so skipping it would save nothing worth a warning.

Why subclasses in the one ``MIDDLEWARE`` list rather than a dispatcher running a second,
slimmer chain for the API: Django's handler collects ``process_view`` (the CSRF check),
``process_exception`` and ``process_template_response`` hooks only from the entries of
``MIDDLEWARE``; a chain built inside a dispatcher would have to re-implement that or
silently lose the admin's CSRF protection. Here the list still reads top to bottom as what
runs, Django's system checks still find the session, auth and message middleware the admin
requires, and the API's skip is one predicate, ``is_api_path``.
"""

from csp.middleware import CSPMiddleware as DjangoCSP
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthentication
from django.contrib.messages.middleware import MessageMiddleware as DjangoMessages
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessions
from django_otp.middleware import OTPMiddleware as DjangoOTP

ALLOWED_OVERRIDES = frozenset({"PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})

#: Where the APIs live: the Shop API under ``/s/{site_id}/dw/shop/...`` and ``/s/``'s
#: faults, OAuth under ``/dw/oauth2/``, SCAPI's Shopper Customers and SLAS.
API_PATH_PREFIXES = ("/s/", "/dw/", "/customer/shopper-customers/", "/shopper/auth/")


def is_api_path(path_info: str) -> bool:
    return path_info.startswith(API_PATH_PREFIXES)


def browser_pages_only(middleware_class: type) -> type:
    """``middleware_class``, passing API requests straight on (see the module docstring)."""

    class BrowserPagesOnly(middleware_class):
        # Django adapts a sync-only middleware for ASGI itself; the override below is sync.
        async_capable = False

        def __call__(self, request):
            if is_api_path(request.path_info):
                return self.get_response(request)
            return super().__call__(request)

        def process_view(self, request, view_func, view_args, view_kwargs):
            if is_api_path(request.path_info) or not hasattr(super(), "process_view"):
                return None
            return super().process_view(request, view_func, view_args, view_kwargs)

    BrowserPagesOnly.__name__ = BrowserPagesOnly.__qualname__ = middleware_class.__name__
    BrowserPagesOnly.__module__ = __name__
    BrowserPagesOnly.__doc__ = f"{middleware_class.__name__} for browser pages, not API paths."
    return BrowserPagesOnly


SessionMiddleware = browser_pages_only(DjangoSessions)
AuthenticationMiddleware = browser_pages_only(DjangoAuthentication)
MessageMiddleware = browser_pages_only(DjangoMessages)
#: django-otp's: which second factor verified the admin user (staff MFA).
OTPMiddleware = browser_pages_only(DjangoOTP)
#: django-csp's: API answers are JSON and carry no policy (its ``EXCLUDE_URL_PREFIXES``),
#: but the package builds both policies for every response before it looks at the path.
CSPMiddleware = browser_pages_only(DjangoCSP)


class HttpMethodOverrideMiddleware:
    """``x-dw-http-method-override``: OCAPI clients tunnel PUT/PATCH/DELETE through POST.

    Honours the override header (or ``method`` query parameter) on POST requests. Runs
    before URL resolution so the override reaches the view as the real method. An
    override OCAPI does not allow is remembered on the request; the API view answers it
    with ``IllegalHttpMethodOverrideException`` (a middleware cannot render faults).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            override = request.headers.get("x-dw-http-method-override") or request.GET.get("method")
            if override:
                override = override.strip().upper()
                if override in ALLOWED_OVERRIDES:
                    request.method = override
                else:
                    request.illegal_method_override = override
        return self.get_response(request)
