"""OCAPI resource states: optimistic locking for PATCH, PUT and DELETE.

Every top-level document carries ``_resource_state``, a fingerprint of its content
(``shopsite.api.serializers.resource_state``). A client that wants to be sure it does not
overwrite a change it has not seen sends the state it last read, as ``_resource_state``
in the request document or, for a request without one (DELETE), in the
``x-dw-resource-state`` header. The state is compared with the stored document's *after*
the row is locked (``select_for_update``), in the request's transaction, so of two
requests sent with the same state exactly one wins and the other gets 409
``ResourceStateConflictException``: no lost update even under a race. Without a state
the write proceeds, as in OCAPI ("an OPTIONAL mechanism").

Responses name the state in an ``ETag`` too, and a GET whose ``If-None-Match`` names the
current state is answered ``304 Not Modified`` without a body.
"""

from shopsite.api.faults import PropertyConstraintViolation, ResourceStateConflict

HEADER = "HTTP_X_DW_RESOURCE_STATE"
CHECKED_METHODS = frozenset({"PATCH", "PUT", "DELETE"})
MAX_STATE_LENGTH = 128


def requested_state(request) -> str | None:
    """The state the client expects, body first (OCAPI: "always prefer the body"), or
    ``None`` when it sent none."""
    data = request.data if request.method != "DELETE" else None
    if isinstance(data, dict) and "_resource_state" in data:
        state = data["_resource_state"]
        if not isinstance(state, str) or len(state) > MAX_STATE_LENGTH:
            raise PropertyConstraintViolation(
                property="_resource_state", reason="a resource state string is required"
            )
        return state
    header = request.META.get(HEADER)
    return header.strip() if header else None


def check(expected: str, current: str) -> None:
    """409 unless the state the client expects (``requested_state``) is the current one."""
    if expected != current:
        raise ResourceStateConflict(resourceState=expected[:MAX_STATE_LENGTH])


def etag(state: str) -> str:
    return f'"{state}"'


def matches_if_none_match(header: str, state: str) -> bool:
    """Whether an ``If-None-Match`` value (``"a", W/"b"``, ``*``, a bare state) names
    ``state``."""
    for candidate in header.split(","):
        candidate = candidate.strip().removeprefix("W/").strip('"')
        if candidate == "*" or candidate == state:
            return True
    return False
