"""The customers app's models, one module per document family."""

from customers.models.address import CustomerAddress
from customers.models.auth import RevokedToken
from customers.models.customer import Customer
from customers.models.customer_export import CustomerExport
from customers.models.notes import CustomerNote
from customers.models.orders import Basket, Order
from customers.models.outgoing_mail import OutgoingMail
from customers.models.password_reset import PasswordResetToken
from customers.models.payment_instrument import CustomerPaymentInstrument
from customers.models.slas import SlasAuthorizationCode, SlasRefreshToken, SlasSigningKey

__all__ = [
    "Basket",
    "Customer",
    "CustomerAddress",
    "CustomerExport",
    "CustomerNote",
    "CustomerPaymentInstrument",
    "Order",
    "OutgoingMail",
    "PasswordResetToken",
    "RevokedToken",
    "SlasAuthorizationCode",
    "SlasRefreshToken",
    "SlasSigningKey",
]
