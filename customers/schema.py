"""The Customers resource in the OpenAPI schema: what its views read and answer where that
is not their ``serializer_class`` (see ``shopsite.api.schema``)."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers

from customers import order_documents
from customers.models import Order
from customers.serializers.auth import AuthRequestSerializer
from customers.serializers.customer import CustomerSerializer
from customers.serializers.orders import BasketSerializer
from customers.serializers.password import (
    PasswordChangeRequestSerializer,
    PasswordResetSerializer,
    ResetPasswordRequestSerializer,
    ResetPasswordTokenRequestSerializer,
    ResetPasswordTokenResultSerializer,
    TrustedSystemAuthRequestSerializer,
)
from customers.serializers.payment_instrument import (
    CustomerPaymentInstrumentRequestSerializer,
    CustomerPaymentInstrumentSerializer,
)
from customers.views.customer import EXPAND_VALUES
from shopsite.api.schema import (
    BASIC,
    CLIENT_ID,
    CUSTOM_ATTRIBUTES,
    CUSTOMER_JWT,
    annotate_view,
    expand_parameter,
    no_content,
    result_document,
    security,
)
from shopsite.api.serializers import StrictCharField

VIEWS = "customers.views"

TOKEN_HEADER = OpenApiParameter(
    "Authorization",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200],
    description="Bearer <the customer's JWT>",
)


def order_document_component(definition: str) -> str:
    """The component name of a vendored order definition: the spec's name, under
    ``order_`` where the spec's is not already, so that the spec's ``payment_card`` or
    ``status`` do not meet shopsite's own ``PaymentCard`` in a generated client."""
    return definition if definition.startswith("order_") else f"order_{definition}"


def order_document_schema(definition: str) -> dict:
    """The OpenAPI 3.0 schema of a stored order document, from its vendored JSON Schema
    definition (``customers/schemas/order_documents.json``): as the order answers it, with
    its ``_type``, nothing required (empty properties are left out), ``c_*`` attributes
    open (OpenAPI 3.0 has no ``patternProperties``)."""

    def converted(schema):
        if isinstance(schema, list):
            return [converted(item) for item in schema]
        if not isinstance(schema, dict):
            return schema
        out = {}
        for key, value in schema.items():
            if key == "$ref":
                name = value.rsplit("/", 1)[-1]
                out[key] = f"#/components/schemas/{order_document_component(name)}"
            elif key == "properties":
                out[key] = {prop: converted(item) for prop, item in value.items()}
            elif key not in ("patternProperties", "required", "additionalProperties"):
                out[key] = converted(value)
        return out

    schema = converted(order_documents.definitions()[definition])
    schema["properties"] = {
        "_type": {"type": "string", "enum": [definition]},
        **schema.get("properties", {}),
    }
    schema["additionalProperties"] = CUSTOM_ATTRIBUTES
    return schema


class OrderDocumentsFieldExtension(OpenApiSerializerFieldExtension):
    """An order's stored documents (``OrderDocumentsField``) as references to components
    made from the same vendored definitions that check them when stored: the schema
    cannot drift from what the order accepts, and nothing is copied by hand."""

    target_class = "customers.serializers.orders.OrderDocumentsField"

    def map_serializer_field(self, auto_schema, direction):
        definition = self.target.definition
        for name in order_documents.reachable(order_documents.definitions(), [definition]):
            component = ResolvedComponent(
                name=order_document_component(name),
                type=ResolvedComponent.SCHEMA,
                object=f"order_documents.{name}",
                schema=order_document_schema(name),
            )
            auto_schema.registry.register_on_missing(component)
        ref = {"$ref": f"#/components/schemas/{order_document_component(definition)}"}
        return {"type": "array", "items": ref} if self.target.many else ref


class CustomerRegistrationDocument(serializers.Serializer):
    """``customer_registration`` as the schema shows it: the customer document inside."""

    password = StrictCharField(required=False)
    customer = CustomerSerializer()


annotate_view(
    f"{VIEWS}.customer.CustomerViewSet",
    create=extend_schema(
        summary="Register a customer (guest token; an agent registers without a password)",
        request=CustomerRegistrationDocument,
        responses={200: CustomerSerializer},
    ),
    retrieve=extend_schema(
        summary="Get a customer",
        parameters=[expand_parameter(*sorted(EXPAND_VALUES))],
    ),
    partial_update=extend_schema(summary="Update a customer"),
)

annotate_view(
    f"{VIEWS}.auth.CustomerAuthViewSet",
    create=extend_schema(
        summary="Obtain a customer token: guest, credentials (Basic), refresh (Bearer), "
        "session (cookies)",
        request=AuthRequestSerializer,
        responses={200: CustomerSerializer},
        parameters=[TOKEN_HEADER],
        auth=security((CLIENT_ID,), (CLIENT_ID, BASIC), (CLIENT_ID, CUSTOMER_JWT)),
    ),
    destroy=extend_schema(
        summary="Invalidate the presented customer token",
        responses=no_content("The token is revoked."),
        auth=security((CUSTOMER_JWT,), (CLIENT_ID, CUSTOMER_JWT)),
    ),
)

annotate_view(
    f"{VIEWS}.on_behalf.CustomerOnBehalfAuthViewSet",
    create=extend_schema(
        summary="An agent obtains a token on behalf of the customer",
        request=None,
        responses={200: CustomerSerializer},
        parameters=[TOKEN_HEADER],
    ),
)

annotate_view(
    f"{VIEWS}.trusted_system.TrustedSystemAuthViewSet",
    create=extend_schema(
        summary="A trusted system obtains a customer token for a login",
        request=TrustedSystemAuthRequestSerializer,
        responses={200: CustomerSerializer},
        parameters=[TOKEN_HEADER],
    ),
)

annotate_view(
    f"{VIEWS}.password.PasswordViewSet",
    update=extend_schema(
        summary="Change the customer's password",
        request=PasswordChangeRequestSerializer,
        responses=no_content("The password is changed."),
    ),
)

annotate_view(
    f"{VIEWS}.password_reset.PasswordResetViewSet",
    create=extend_schema(
        summary="Start a password reset by login or email",
        request=PasswordResetSerializer,
        responses=no_content("Accepted, whether or not a customer was found."),
    ),
)

annotate_view(
    f"{VIEWS}.password_reset.CustomerPasswordResetViewSet",
    create=extend_schema(
        summary="Start a password reset for the customer",
        request=None,
        responses=no_content("The reset is started."),
    ),
)

annotate_view(
    f"{VIEWS}.password_actions.CreateResetTokenViewSet",
    create=extend_schema(
        summary="A trusted system obtains a password reset token for a login",
        request=ResetPasswordTokenRequestSerializer,
        responses={200: ResetPasswordTokenResultSerializer},
    ),
)

annotate_view(
    f"{VIEWS}.password_actions.ResetPasswordViewSet",
    create=extend_schema(
        summary="Reset the password with a reset token",
        request=ResetPasswordRequestSerializer,
        responses=no_content("The password is reset."),
    ),
)

annotate_view(
    f"{VIEWS}.sessions.SessionView",
    post=extend_schema(
        summary="Exchange the customer token for storefront session cookies",
        request=None,
        responses=no_content("The session cookies are set (Set-Cookie)."),
        auth=security((CUSTOMER_JWT,), (CLIENT_ID, CUSTOMER_JWT)),
    ),
)

annotate_view(
    f"{VIEWS}.addresses.CustomerAddressViewSet",
    list=extend_schema(summary="Get the customer's addresses"),
    create=extend_schema(summary="Create an address"),
    retrieve=extend_schema(summary="Get an address"),
    partial_update=extend_schema(
        summary="Update an address (a changed address_id renames it: 301)",
        responses={
            200: OpenApiResponse(description="The address."),
            301: OpenApiResponse(description="Renamed: the new URL is in Location."),
        },
    ),
    destroy=extend_schema(summary="Delete an address"),
)

annotate_view(
    f"{VIEWS}.payment_instruments.CustomerPaymentInstrumentViewSet",
    attributes={"pagination_class": None},
    list=extend_schema(
        summary="Get the customer's payment instruments",
        parameters=[
            OpenApiParameter(
                "payment_method_id",
                OpenApiTypes.STR,
                description="Only the instruments of this payment method.",
            )
        ],
        responses={
            200: result_document(
                "customer_payment_instrument_result", CustomerPaymentInstrumentSerializer
            )
        },
    ),
    create=extend_schema(
        summary="Save a payment instrument",
        request=CustomerPaymentInstrumentRequestSerializer,
        responses={200: CustomerPaymentInstrumentSerializer},
    ),
    retrieve=extend_schema(summary="Get a payment instrument"),
    destroy=extend_schema(summary="Delete a payment instrument"),
)

annotate_view(
    f"{VIEWS}.orders.CustomerBasketsViewSet",
    attributes={"pagination_class": None},
    list=extend_schema(
        summary="Get the customer's baskets",
        responses={
            200: inline_serializer(
                "baskets_result",
                {
                    "_v": serializers.CharField(required=False),
                    "_type": serializers.ChoiceField(choices=["baskets_result"]),
                    "baskets": BasketSerializer(many=True, required=False),
                    "total": serializers.IntegerField(),
                },
            )
        },
    ),
)

annotate_view(
    f"{VIEWS}.orders.CustomerOrdersViewSet",
    list=extend_schema(
        summary="Get the customer's orders",
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=list(Order.Status.values)),
            OpenApiParameter(
                "from",
                OpenApiTypes.STR,
                description="Orders created at or after (ISO 8601, yyyy-MM-dd'T'HH:mmZ).",
            ),
            OpenApiParameter(
                "until",
                OpenApiTypes.STR,
                description="Orders created at or before (ISO 8601, yyyy-MM-dd'T'HH:mmZ).",
            ),
            OpenApiParameter(
                "cross-sites",
                OpenApiTypes.BOOL,
                description="Orders of every site (agents only; ignored for customer tokens).",
            ),
        ],
    ),
)

# SLAS's endpoints describe themselves there.
from customers.slas import schema as slas_schema  # noqa: E402, F401
