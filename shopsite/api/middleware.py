"""``x-dw-http-method-override``: OCAPI clients tunnel PUT/PATCH/DELETE through POST."""

ALLOWED_OVERRIDES = frozenset({"PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})


class HttpMethodOverrideMiddleware:
    """Honour the override header (or ``method`` query parameter) on POST requests.

    Runs before URL resolution so the override reaches the view as the real method. An
    override OCAPI does not allow is remembered on the request; the API view answers it
    with ``IllegalHttpMethodOverrideException`` (a middleware cannot render faults).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        override = request.headers.get("x-dw-http-method-override") or request.GET.get("method")
        if request.method == "POST" and override:
            override = override.strip().upper()
            if override in ALLOWED_OVERRIDES:
                request.method = override
            else:
                request.illegal_method_override = override
        return self.get_response(request)
