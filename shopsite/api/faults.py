"""OCAPI faults: every error a client can see, each with its type and HTTP status.

Modelled on ``rest_framework.exceptions``: one base class carries the status code and the
default message, and every fault the Shop API documents is one small subclass. The
exception handler (``shopsite.api.exceptions``) renders any of them as the OCAPI fault
document::

    {"_v": "19.5", "_type": "fault",
     "fault": {"type": "CustomerNotFoundException", "message": "...", "arguments": {...}}}

Raise them from anywhere below a view: ``raise CustomerNotFound(customerId=customer_id)``.
"""

from rest_framework.exceptions import APIException


class _Blank(dict):
    """Formats a message whose placeholders were not all given: missing ones stay blank."""

    def __missing__(self, key):
        return ""


class OcapiFault(APIException):
    """Base of every OCAPI fault.

    ``fault_type`` is the document's ``type``; keyword arguments become its ``arguments``
    map (omitted when empty, as in the documentation's samples).
    """

    status_code = 400
    fault_type = "BadRequestException"
    default_message = "The request is invalid."

    def __init__(self, message: str | None = None, **arguments):
        self.message = message or self.default_message.format_map(_Blank(arguments))
        self.arguments = {key: value for key, value in arguments.items() if value is not None}
        super().__init__(detail=self.message, code=self.fault_type)

    def as_document(self) -> dict:
        fault = {"type": self.fault_type, "message": self.message}
        if self.arguments:
            fault["arguments"] = self.arguments
        return fault


def fault(name: str, status: int, message: str) -> type[OcapiFault]:
    """Declare a fault class in one line: ``Foo = fault("FooException", 400, "...")``."""
    return type(
        name.removesuffix("Exception") if name.endswith("Exception") else name,
        (OcapiFault,),
        {"fault_type": name, "status_code": status, "default_message": message},
    )


# --- Global faults (OCAPI "Global Exceptions"): request shape, client, site, token ---------
BadRequest = fault("BadRequestException", 400, "The request is invalid: {reason}")
MalformedDocument = fault(
    "MalformedDocumentException", 400, "The request document is malformed: {reason}"
)
MalformedParameter = fault(
    "MalformedParameterException",
    400,
    "The value '{value}' of parameter '{parameter}' is malformed.",
)
PropertyConstraintViolation = fault(
    "PropertyConstraintViolationException", 400, "The property '{property}' is invalid: {reason}"
)
UnknownProperty = fault(
    "UnknownPropertyException",
    400,
    "The property '{property}' is unknown for document '{document}'.",
)
MalformedSelector = fault(
    "MalformedSelectorException", 400, "The property selector '{selector}' is malformed."
)
ResourceStateConflict = fault(
    "ResourceStateConflictException",
    409,
    "The resource state '{resourceState}' does not match the current state of the resource: "
    "it was changed meanwhile. Read it again.",
)
InvalidExpandValue = fault(
    "InvalidExpandValueException", 400, "The expand value '{expandValue}' is not allowed."
)
IllegalHttpMethodOverride = fault(
    "IllegalHttpMethodOverrideException",
    400,
    "The HTTP method '{method}' is not allowed as an override method.",
)
MissingClientId = fault(
    "MissingClientIdException",
    400,
    "The client id is missing: send the x-dw-client-id header or the client_id parameter.",
)
InvalidClientId = fault(
    "InvalidClientIdException", 400, "The client id '{clientId}' is not the expected one."
)
ClientAccessForbidden = fault(
    "ClientAccessForbiddenException", 403, "Access is forbidden for client id '{clientId}'."
)
SiteNotFound = fault("SiteNotFoundException", 404, "The site '{siteId}' could not be found.")
SiteOffline = fault("SiteOfflineException", 503, "The site '{siteId}' is offline.")
InvalidAccessToken = fault(
    "InvalidAccessTokenException", 401, "The request is unauthorized: the access token is invalid."
)
ExpiredToken = fault("ExpiredTokenException", 401, "The provided token has expired.")
Unauthorized = fault(
    "UnauthorizedException", 401, "The request is unauthorized: authentication is required."
)
Forbidden = fault("ForbiddenException", 403, "The request is not allowed for this customer.")
NotFound = fault("NotFoundException", 404, "The requested resource could not be found.")
ResourcePathNotFound = fault(
    "ResourcePathNotFoundException", 404, "Unknown resource path '{path}'."
)
MethodNotAllowed = fault(
    "MethodNotAllowedException", 405, "The HTTP method '{method}' is not allowed for this resource."
)
NotAcceptable = fault("NotAcceptableException", 406, "The requested format is not supported.")
RequestEntityTooLarge = fault(
    "RequestEntityTooLargeException",
    413,
    "The request is too large: at most {maximum} bytes are accepted.",
)
UnsupportedMediaType = fault(
    "UnsupportedMediaTypeException", 415, "The media type '{mediaType}' is not supported."
)
QuotaExceeded = fault(
    "QuotaExceededException", 429, "Too many requests: retry in {retryAfter} seconds."
)
InternalServerError = fault(
    "InternalServerErrorException",
    500,
    "The request could not be processed: an internal error occurred.",
)
HookStatus = fault("HookStatusException", 400, "Error in ExtensionPoint '{extensionPoint}'!")

# --- Customers resource -------------------------------------------------------------------
AuthorizationBasicMissing = fault(
    "AuthorizationBasicMissingException",
    400,
    "Missing credentials: Add an Authorization:Basic header with base64 encoded username:password.",
)
AuthenticationFailed = fault(
    "AuthenticationFailedException",
    401,
    "Customer authentication based on {credentialType} failed.",
)
InvalidCustomer = fault("InvalidCustomerException", 400, "Invalid customer.")
CustomerNotFound = fault(
    "CustomerNotFoundException", 404, "No customer with ID '{customerId}' was found."
)
CustomerAlreadyRegistered = fault(
    "CustomerAlreadyRegisteredException", 400, "The customer is already registered."
)
MissingEmail = fault("MissingEmailException", 400, "The customer's email is missing.")
MissingLastName = fault("MissingLastNameException", 400, "The customer's last name is missing.")
MissingLogin = fault("MissingLoginException", 400, "The customer's login is missing.")
MissingPassword = fault("MissingPasswordException", 400, "The password is missing.")
LoginAlreadyInUse = fault("LoginAlreadyInUseException", 400, "The login is already in use.")
InvalidLogin = fault(
    "InvalidLoginException", 400, "The login doesn't match the acceptance criteria: {reason}"
)
InvalidPassword = fault(
    "InvalidPasswordException", 400, "The password doesn't match the acceptance criteria: {reason}"
)
InvalidEmail = fault("InvalidEmailException", 400, "The email '{email}' is not valid.")

# --- Customers resource: address book, payment instruments, orders --------------------------
CustomerAddressNotFound = fault(
    "CustomerAddressNotFoundException",
    404,
    "The customer address '{addressId}' could not be found.",
)
InvalidCustomerAddressId = fault(
    "InvalidCustomerAddressIdException",
    400,
    "The customer address id '{addressId}' is invalid: it must be 1 to 256 characters, "
    "not blank and without '/'.",
)
AddressIdAlreadyInUse = fault(
    "AddressIdAlreadyInUseException", 400, "The customer address name is already in use."
)
PaymentInstrumentNotFound = fault(
    "PaymentInstrumentNotFoundException",
    404,
    "The payment instrument with uuid '{paymentInstrumentId}' was not found.",
)
InvalidPaymentMethod = fault(
    "InvalidPaymentMethodException", 400, "The payment method '{paymentMethodId}' is unknown."
)
InvalidPaymentCard = fault(
    "InvalidPaymentCardException", 400, "The payment card is invalid: {reason}"
)
InvalidPaymentInstrument = fault(
    "InvalidPaymentInstrumentException", 400, "The payment instrument is invalid: {reason}"
)
InvalidOrderStatus = fault(
    "InvalidOrderStatusException", 400, "The order status '{status}' is unknown."
)

# --- Customers resource: product lists, their items and purchases ------------------------
InvalidProductListType = fault(
    "InvalidProductListTypeException",
    400,
    "The product list type is missing or invalid: it must be one of {types}.",
)
InvalidAddressLink = fault(
    "InvalidAddressLinkException",
    400,
    "The address '{addressId}' is not an address of customer '{customerNo}'.",
)
ProductListNotFound = fault(
    "ProductListNotFoundException", 404, "The product list with ID '{productListId}' was not found."
)
ProductListItemNotFound = fault(
    "ProductListItemNotFoundException",
    404,
    "The product list item with ID '{itemId}' was not found.",
)
ProductListItemPurchaseNotFound = fault(
    "ProductListItemPurchaseNotFoundException",
    404,
    "The product list item purchase with ID '{purchaseId}' was not found.",
)
ProductListItemTypeMissing = fault(
    "ProductListItemTypeMissingException", 400, "The product list item's type is missing."
)
ProductListProductIdMissing = fault(
    "ProductListProductIdMissingException",
    400,
    "A product list item of type 'product' needs a product_id.",
)
ProductNotFound = fault(
    "ProductNotFoundException", 404, "No product with ID '{productId}' could be found."
)
ProductListProductNotFound = fault(
    "ProductListProductNotFoundException", 400, "The product '{productId}' is unknown."
)
ProductListDuplicateGiftCertificate = fault(
    "ProductListDuplicateGiftCertificateException",
    400,
    "The product list already has a gift certificate item.",
)

# --- Password reset (customers/password/actions/*) ------------------------------------------
LoginNotFound = fault("LoginNotFoundException", 400, "No customer with login '{login}' was found.")
InvalidResetToken = fault(
    "InvalidResetTokenException", 400, "The password reset token is not valid for this login."
)
ExpiredResetToken = fault(
    "ExpiredResetTokenException", 400, "The password reset token has expired."
)
