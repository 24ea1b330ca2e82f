"""The customers app's models, one module per document family."""

from customers.models.auth import RevokedToken
from customers.models.customer import Customer
from customers.models.password_reset import PasswordResetToken

__all__ = ["Customer", "PasswordResetToken", "RevokedToken"]
