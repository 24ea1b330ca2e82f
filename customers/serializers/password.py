"""The password documents: change, reset request, reset token, reset, trusted-system auth.

Required properties are declared optional here and checked by the views with
``required()``, because the documentation answers a missing login or password with its
own fault types (``MissingLoginException``...) rather than a generic property fault. Types
are still strict: a number where a string belongs is ``PropertyConstraintViolation``.
"""

from rest_framework import serializers

from shopsite.api import faults
from shopsite.api.serializers import (
    OcapiDocumentMixin,
    OcapiRequestSerializer,
    StrictCharField,
    StrictChoiceField,
)

#: How ``password_reset`` identifies the customer.
PASSWORD_RESET_TYPES = ("email", "login")


def optional_string(max_length: int | None = None) -> StrictCharField:
    """A string property that may be absent, null or empty; passwords keep their spaces."""
    return StrictCharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        trim_whitespace=False,
        max_length=max_length,
    )


def required(value: str | None, fault: faults.OcapiFault) -> str:
    """``value`` if it has content, else raise ``fault`` (an absent or blank property)."""
    if value is None or not value.strip():
        raise fault
    return value


class PasswordChangeRequestSerializer(OcapiRequestSerializer):
    """``PUT /customers/{id}/password``. Emptiness is the ``putPassword`` hook's to judge,
    as the documentation's sample shows (an empty new password is a hook status)."""

    document_type = "password_change_request"

    current_password = optional_string(4096)
    password = optional_string(4096)


class PasswordResetSerializer(OcapiRequestSerializer):
    """``POST /customers/password_reset``: who forgot their password, by login or email."""

    document_type = "password_reset"

    identification = StrictCharField(max_length=256)
    type = StrictChoiceField(choices=PASSWORD_RESET_TYPES)


class ResetPasswordTokenRequestSerializer(OcapiRequestSerializer):
    document_type = "reset_password_token_request"

    login = optional_string(256)


class ResetPasswordTokenResultSerializer(OcapiDocumentMixin, serializers.Serializer):
    """``reset_password_token_result``: built from ``{"customer": ..., "issued": ...}``."""

    document_type = "reset_password_token_result"
    include_resource_state = False

    email = serializers.CharField(source="customer.email")
    expires_in_minutes = serializers.IntegerField(source="issued.lifetime_minutes")
    login = serializers.CharField(source="customer.login")
    reset_token = serializers.CharField(source="issued.token")


class ResetPasswordRequestSerializer(OcapiRequestSerializer):
    document_type = "reset_password_request"

    login = optional_string(256)
    new_password = optional_string(4096)
    reset_token = optional_string(256)


class TrustedSystemAuthRequestSerializer(OcapiRequestSerializer):
    document_type = "trusted_system_auth_request"

    client_id = optional_string(64)
    login = optional_string(256)
