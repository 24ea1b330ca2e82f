"""Mail backends that misbehave the way real mail servers do, for the delivery tests.

Set one with ``settings.EMAIL_BACKEND = "tests.mail_backends.<Name>"``. Each records its
calls on the class (Django makes a new backend instance per message).
"""

import smtplib
import threading

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class RefusingBackend(BaseEmailBackend):
    """No server listening: the connection is refused, every time."""

    calls = 0

    def send_messages(self, email_messages):
        type(self).calls += 1
        raise ConnectionRefusedError(111, "Connection refused")


class RejectingBackend(BaseEmailBackend):
    """A server that answers 550: a permanent refusal, not worth retrying."""

    calls = 0

    def send_messages(self, email_messages):
        type(self).calls += 1
        raise smtplib.SMTPDataError(550, b"5.7.1 Message rejected")


class FlakyBackend(LocmemBackend):
    """Fails twice (a 421 "try again later", then a dropped connection), then delivers to
    ``mail.outbox`` like the test backend."""

    calls = 0

    def send_messages(self, email_messages):
        type(self).calls += 1
        if type(self).calls == 1:
            raise smtplib.SMTPDataError(421, b"4.3.2 Service not available, try again later")
        if type(self).calls == 2:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(email_messages)


class BlockingBackend(LocmemBackend):
    """A server that holds every message until ``release`` is set (at most ``timeout``
    seconds), then delivers it: a request that waited on it would take that long."""

    calls = 0
    release = threading.Event()
    timeout = 5.0

    def send_messages(self, email_messages):
        type(self).calls += 1
        type(self).release.wait(self.timeout)
        return super().send_messages(email_messages)


def reset(*backends):
    for backend in backends:
        backend.calls = 0
    BlockingBackend.release.clear()
    mail.outbox = []
