"""Revoked customer tokens (``DELETE /customers/auth``), kept until they would expire."""

from django.db import models


class RevokedToken(models.Model):
    """A denylisted JWT, by its ``jti``.

    Lives in the database so every app server sees a logout at once; rows past
    ``expires_at`` are useless (the token is refused as expired anyway) and are purged.
    When ``REDIS_URL`` is set the denylist lives in Redis instead (customers.tokens).
    """

    jti = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.jti
