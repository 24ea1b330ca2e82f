"""Every API route of the URL configuration, as (method, path template) pairs.

Read from the URLconf itself, so a test iterating ``api_routes()`` covers an endpoint the
day it is added, without anyone listing it. Path parameters become ``{name}`` placeholders.
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

API_PREFIX = "s/"
BODY_METHODS = ("POST", "PUT", "PATCH")


@dataclass(frozen=True)
class Route:
    method: str
    template: str  # "s/{site_id}/dw/shop/{version}/customers/{customer_id}"

    @property
    def parameters(self) -> list[str]:
        return re.findall(r"{(\w+)}", self.template)

    def path(self, values: dict) -> str:
        return "/" + self.template.format_map({name: values[name] for name in self.parameters})

    def __str__(self):
        return f"{self.method} /{self.template}"


def _template(pattern) -> str:
    text = str(pattern.pattern)
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", text)  # named regex groups
    text = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", text)  # path() converters
    return text.removeprefix("^").removesuffix("$").replace(".*", "no/such/resource")


def _methods(callback) -> list[str]:
    actions = getattr(callback, "actions", None)  # a viewset bound with as_view({...})
    if actions:
        return [method.upper() for method in actions if method != "head"]
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    methods = [
        method.upper()
        for method in ("get", "post", "put", "patch", "delete")
        if view_class is not None and method in vars(view_class)
    ]
    return methods or ["GET", "POST"]  # a catch-all answers every method alike


def _walk(patterns, prefix=""):
    for pattern in patterns:
        template = prefix + _template(pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, template)
        elif isinstance(pattern, URLPattern):
            yield template, pattern.callback


def api_routes() -> list[Route]:
    routes = []
    for template, callback in _walk(get_resolver().url_patterns):
        if template.startswith(API_PREFIX):
            routes += [Route(method, template) for method in _methods(callback)]
    return list(dict.fromkeys(routes))
