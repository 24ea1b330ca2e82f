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
Implementations run in registration order (settings first, then decorators, then the
default implementation shopsite itself ships for a few points, such as the reset mail of
``dw.ocapi.shop.customers.password_reset.afterPOST``; ``OCAPI["DEFAULT_HOOKS"]`` replaces
or, with ``None``, removes a default). Returning
``None`` lets the next one run; returning a ``Status`` ends the chain, as OCAPI's "a
non-null Status ends the hook execution". An error status aborts the request: everything
it wrote is rolled back and the client gets ``HookStatusException`` naming the extension
point, the status code and message. ``before*``/``after*`` hooks run inside the request's
transaction; ``modify*Response`` hooks receive the response document (a dict) and may
change it in place.

``registry.registered(name, func)`` registers a hook for the length of a ``with`` block
(tests), and the ``ocapi.E001`` system check reports a dotted path that does not import.

What the registry answers depends only on the settings and on what was registered, so each
process works it out once per extension point (``implementations``) and per prefix and
method (``has_implementations_for``, asked by every GET) and keeps it until a registration
changes or, in tests, ``OCAPI`` is overridden (``setting_changed``).
"""

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
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
    """Maps extension point names to the callables that implement them.

    Three sources, run in this order: dotted paths in ``OCAPI["HOOKS"]``, callables
    registered with ``hook()``, then the extension point's *default implementation*, if
    shopsite ships one (the password change, the reset mail). Defaults run last so that a
    project hook returning ``Status.ok()`` replaces them, the way a Commerce Cloud cartridge
    replaces the platform's behaviour; ``OCAPI["DEFAULT_HOOKS"]`` swaps a default for another
    dotted path or turns it off with ``None``.
    """

    def __init__(self):
        self._registered: dict[str, list[Callable]] = defaultdict(list)
        self._defaults: dict[str, Callable] = {}
        # Answers worked out from settings and registrations, until either changes.
        self._answers: dict[tuple, object] = {}

    def forget_answers(self, **kwargs) -> None:
        """Drop what was worked out (a registration changed, or the settings did)."""
        self._answers.clear()

    def _answer(self, key: tuple, work: Callable):
        try:
            return self._answers[key]
        except KeyError:
            value = self._answers[key] = work()
            return value

    @staticmethod
    def _check_name(extension_point: str) -> None:
        if not isinstance(extension_point, str) or not extension_point.startswith(
            EXTENSION_POINT_PREFIX
        ):
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
                self.forget_answers()
            return f

        return decorator(func) if func is not None else decorator

    def unregister(self, extension_point: str, func: Callable) -> None:
        if func in self._registered.get(extension_point, []):
            self._registered[extension_point].remove(func)
            self.forget_answers()

    @contextmanager
    def registered(self, extension_point: str, *funcs: Callable) -> Iterator[None]:
        """Register ``funcs`` for the duration of a ``with`` block (tests, scripts).

        Only what this block added is removed again, so a hook the project registered at
        import time survives a test that registers the same function temporarily.
        """
        added = [f for f in funcs if f not in self._registered.get(extension_point, [])]
        for f in added:
            self.register(extension_point, f)
        try:
            yield
        finally:
            for f in added:
                self.unregister(extension_point, f)

    def set_default(self, extension_point: str, func: Callable) -> None:
        """Declare shopsite's own implementation of ``extension_point`` (apps' ``ready()``)."""
        self._check_name(extension_point)
        self._defaults[extension_point] = func
        self.forget_answers()

    def default(self, extension_point: str) -> Callable | None:
        """The default implementation in effect: ``OCAPI["DEFAULT_HOOKS"]`` wins over code."""
        overrides = _ocapi_setting("DEFAULT_HOOKS")
        if extension_point in overrides:
            path = overrides[extension_point]
            if not path:
                return None
            return _load(path, f'OCAPI["DEFAULT_HOOKS"][{extension_point!r}]')
        return self._defaults.get(extension_point)

    def implementations(self, extension_point: str) -> list[Callable]:
        return list(
            self._answer(("implementations", extension_point), lambda: self._find(extension_point))
        )

    def _find(self, extension_point: str) -> list[Callable]:
        configured = _configured_paths(extension_point)
        found = [_load(path, f'OCAPI["HOOKS"][{extension_point!r}]') for path in configured]
        found += self._registered.get(extension_point, [])
        default = self.default(extension_point)
        if default is not None and default not in found:
            found.append(default)
        return found

    def has_implementations_for(self, prefix: str, method: str) -> bool:
        """Whether an extension point of ``prefix`` for ``method`` has an implementation:
        ``{prefix}.beforeGET``, ``{prefix}.modifyGETResponse_v2``... for ``GET``.

        Lets a read skip its transaction when no hook could write anything (see
        ``OcapiViewMixin.needs_transaction``).
        """
        return self._answer(
            ("has", prefix, method), lambda: self._has_implementations_for(prefix, method)
        )

    def _has_implementations_for(self, prefix: str, method: str) -> bool:
        def concerned(name: str) -> bool:
            head, _, suffix = name.partition(f"{prefix}.")
            return not head and bool(suffix) and "." not in suffix and method in suffix

        if any(concerned(name) for name in _ocapi_setting("HOOKS")):
            return True
        if any(concerned(name) and funcs for name, funcs in self._registered.items()):
            return True
        return any(
            concerned(name) and self.default(name) is not None
            for name in {*self._defaults, *_ocapi_setting("DEFAULT_HOOKS")}
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


def _ocapi_setting(name: str) -> dict:
    value = getattr(settings, "OCAPI", {}).get(name) or {}
    if not isinstance(value, dict):
        raise ImproperlyConfigured(f'OCAPI["{name}"] must be a dict of extension point names')
    for extension_point in value:
        HookRegistry._check_name(extension_point)
    return value


def _configured_paths(extension_point: str) -> list[str]:
    configured = _ocapi_setting("HOOKS").get(extension_point, [])
    if isinstance(configured, str):
        return [configured]
    if not isinstance(configured, list | tuple):
        raise ImproperlyConfigured(
            f'OCAPI["HOOKS"][{extension_point!r}] must be a dotted path or a list of them'
        )
    return list(configured)


def _load(path, where: str) -> Callable:
    """Import the hook a setting names, failing with a message that says which setting."""
    if not isinstance(path, str):
        raise ImproperlyConfigured(f"{where} must be a dotted path string, not {path!r}")
    try:
        func = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"{where} names {path!r}, which cannot be imported: {exc}"
        ) from exc
    if not callable(func):
        raise ImproperlyConfigured(f"{where} names {path!r}, which is not callable")
    return func


def check_hook_settings(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """System check: every hook the settings name can be imported (``manage.py check``).

    A typo in a dotted path would otherwise only surface as a 500 on the first request
    that reaches the extension point.
    """
    errors = []
    try:
        points = set(_ocapi_setting("HOOKS")) | set(_ocapi_setting("DEFAULT_HOOKS"))
        for extension_point in sorted(points):
            registry.implementations(extension_point)
    except ImproperlyConfigured as exc:
        errors.append(checks.Error(str(exc), id="ocapi.E001"))
    return errors


registry = HookRegistry()
setting_changed.connect(registry.forget_answers, dispatch_uid="shopsite.api.hooks")
hook = registry.register
call_hook = registry.call
