"""OCAPI hooks: server-side extension points, under OCAPI's own names.

Commerce Cloud lets a project customise a resource without touching the platform by
implementing extension points such as ``dw.ocapi.shop.customer.beforePOST``. shopsite keeps
the names and the contract, so a project adds behaviour without editing shopsite:

* register a callable with the decorator::

      from shopsite.api.hooks import Status, hook

      @hook("dw.ocapi.shop.customer.afterPOST")
      def welcome(customer, registration):
          send_welcome_mail(customer)

* or list dotted paths in settings::

      OCAPI = {"HOOKS": {"dw.ocapi.shop.customer.afterPOST": ["myshop.hooks.welcome"]}}

The arguments are those the resource documentation lists for the extension point.
Implementations run in registration order (settings first, then decorators). Returning
``None`` lets the next one run; returning a ``Status`` ends the chain, as OCAPI's "a
non-null Status ends the hook execution". An error status aborts the request: everything
it wrote is rolled back and the client gets ``HookStatusException`` naming the extension
point, the status code and message. ``before*``/``after*`` hooks run inside the request's
transaction; ``modify*Response`` hooks receive the response document (a dict) and may
change it in place.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from shopsite.api.faults import HookStatus

EXTENSION_POINT_PREFIX = "dw.ocapi.shop."


@dataclass(frozen=True)
class Status:
    """What a hook returns to end the chain: OK, or an error that aborts the request."""

    is_error: bool
    code: str = ""
    message: str = ""

    @classmethod
    def ok(cls) -> "Status":
        return cls(is_error=False, code="OK")

    @classmethod
    def error(cls, code: str, message: str = "") -> "Status":
        return cls(is_error=True, code=code, message=message or code)


class HookRegistry:
    """Maps extension point names to the callables that implement them."""

    def __init__(self):
        self._registered: dict[str, list[Callable]] = defaultdict(list)

    @staticmethod
    def _check_name(extension_point: str) -> None:
        if not extension_point.startswith(EXTENSION_POINT_PREFIX):
            raise ImproperlyConfigured(
                f"{extension_point!r} is not an OCAPI extension point "
                f"(names start with {EXTENSION_POINT_PREFIX!r})"
            )

    def register(self, extension_point: str, func: Callable | None = None):
        """Register ``func`` for ``extension_point``; usable as a decorator."""
        self._check_name(extension_point)

        def decorator(f: Callable) -> Callable:
            if f not in self._registered[extension_point]:
                self._registered[extension_point].append(f)
            return f

        return decorator(func) if func is not None else decorator

    def unregister(self, extension_point: str, func: Callable) -> None:
        if func in self._registered.get(extension_point, []):
            self._registered[extension_point].remove(func)

    def implementations(self, extension_point: str) -> list[Callable]:
        # Settings are read on each call so that tests (and `override_settings`) see changes.
        configured = settings.OCAPI.get("HOOKS", {}).get(extension_point, [])
        if isinstance(configured, str):
            configured = [configured]
        for name in settings.OCAPI.get("HOOKS", {}):
            self._check_name(name)
        return [import_string(path) for path in configured] + list(
            self._registered.get(extension_point, [])
        )

    def call(self, extension_point: str, *args) -> Status | None:
        """Run the implementations of ``extension_point``; raise on an error status."""
        for implementation in self.implementations(extension_point):
            status = implementation(*args)
            if status is None:
                continue
            if not isinstance(status, Status):
                raise ImproperlyConfigured(
                    f"Hook {implementation!r} for {extension_point} returned {status!r}; "
                    "return None or a shopsite.api.hooks.Status"
                )
            if status.is_error:
                raise HookStatus(
                    extensionPoint=extension_point,
                    statusCode=status.code,
                    statusMessage=status.message,
                )
            return status
        return None


registry = HookRegistry()
hook = registry.register
call_hook = registry.call
