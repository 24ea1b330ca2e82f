"""simplejwt authentication of shopsite's customer tokens: the customer the ``sub`` claim
names (a JSON string, as shopsite writes it), if enabled."""

import json

from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken

from bench.baseline.models import Customer


def customer_id_of(token) -> str:
    return json.loads(token["sub"])["customer_info"]["customer_id"]


class CustomerTokenAuthentication(JWTAuthentication):
    def get_user(self, validated_token):
        try:
            return Customer.objects.get(customer_id=customer_id_of(validated_token), enabled=True)
        except (KeyError, ValueError, Customer.DoesNotExist) as exc:
            raise InvalidToken() from exc
