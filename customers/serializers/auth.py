"""``auth_request``: which of the four ways to authenticate."""

from shopsite.api.serializers import OcapiRequestSerializer, StrictChoiceField

AUTH_TYPES = ("guest", "credentials", "refresh", "session")


class AuthRequestSerializer(OcapiRequestSerializer):
    document_type = "auth_request"

    type = StrictChoiceField(choices=AUTH_TYPES)
