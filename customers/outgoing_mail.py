"""Outgoing mail: promised in a transaction, delivered by a worker, never lost, never twice.

The life of an ``OutgoingMail`` row::

    queued --(a worker claims it)--> sending --> delivered
       ^                               |   \\--> failed      (a permanent error, or the last
       |                               |                     of OUTGOING_MAIL["MAX_ATTEMPTS"])
       +--(transient error: backoff)---+   \\--> superseded  (its reset token is no longer
       +--(sweeper: the worker died)---+                      usable: a newer one replaced it)
    queued/failed --(staff)--> discarded

* **Promised with the work.** ``queue_reset_mail`` writes the row (and, with the database
  task backend, its task) in the transaction that made the reset token: a rolled-back
  request queues nothing, a committed one always has its mail queued.
* **Claimed once.** A worker moves a row from ``queued`` to ``sending`` with a conditional
  UPDATE; a second task for the same row (a sweeper's, a duplicate delivery by the queue)
  finds nothing to claim and stops. Every later move is conditional on ``sending`` too.
* **Retried with backoff** on transient failures (connection refused or reset, timeouts,
  4xx SMTP answers): ``RETRY_DELAY_SECONDS`` doubled at each attempt, up to
  ``RETRY_MAX_SECONDS``, at most ``MAX_ATTEMPTS`` attempts; a permanent failure (5xx, a
  malformed message) fails at once. The last error is kept for staff, never the link.
* **Recovered after a crash.** A worker killed while sending leaves the row ``sending``;
  one killed before claiming leaves a ``queued`` row whose task will never run. The sweeper
  (``manage.py sweep_outgoing_mail``, or the ``sweep_outgoing_mail`` task, every few
  minutes) queues both again after ``STALE_SECONDS``. The one case that can then deliver
  twice, a worker killed after the SMTP server accepted the message and before its commit,
  sends the same ``Message-ID`` (the row's id) again: receivers drop it as a duplicate.
* **Superseded, never a dead link.** A new reset token makes the older ones unusable
  (``customers.password_reset``): queueing its mail marks the customer's queued reset
  mails ``superseded``, and a worker checks the token again right before sending, so a
  customer gets only the newest link. (One already handed to the SMTP server when the new
  request arrives cannot be called back.)

The raw reset token exists only when issued; the row keeps it encrypted
(``OutgoingMail.secret``) until a final state wipes it.
"""

import logging
import smtplib
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from customers import task_queue
from customers.models import Customer, OutgoingMail, PasswordResetToken
from customers.reset_mail import password_reset_mail
from shopsite.accounts import audit
from shopsite.api.faults import OcapiFault

logger = logging.getLogger("shopsite.customers.mail")

Status = OutgoingMail.Status

#: Task priorities: a customer waiting for a link goes before a bulk mailing.
INTERACTIVE_PRIORITY = 10
BULK_PRIORITY = 0


def mail_settings() -> dict:
    return settings.OUTGOING_MAIL


@dataclass
class MailRequest:
    """Who asks for the mails queued in a ``requested()`` block, and how urgently; the
    block's caller reads back what was queued (``queued``)."""

    requested_by: object = None
    priority: int = INTERACTIVE_PRIORITY
    queued: list = field(default_factory=list)


_current_request: ContextVar[MailRequest | None] = ContextVar("outgoing_mail_request", default=None)


@contextmanager
def requested(*, by=None, priority: int = INTERACTIVE_PRIORITY):
    """Mails queued inside the block (by the ``password_reset.afterPOST`` hook, whose OCAPI
    signature has no room for it) are attributed to staff user ``by`` and given
    ``priority``; the yielded ``MailRequest.queued`` lists them."""
    mail_request = MailRequest(requested_by=by, priority=priority)
    reset = _current_request.set(mail_request)
    try:
        yield mail_request
    finally:
        _current_request.reset(reset)


def queue_reset_mail(customer: Customer, reset_token: str) -> OutgoingMail:
    """Promise ``customer`` a mail with the reset link of ``reset_token`` (just issued).

    Call it in the transaction that issued the token. The customer's reset mails still
    queued are superseded: their tokens no longer work.
    """
    from customers.tasks import deliver_mail

    mail_request = _current_request.get() or MailRequest()
    now = timezone.now()
    token_row = PasswordResetToken.objects.get(token_hash=PasswordResetToken.digest(reset_token))
    OutgoingMail.objects.filter(
        customer=customer, kind=OutgoingMail.Kind.PASSWORD_RESET, status=Status.QUEUED
    ).update(status=Status.SUPERSEDED, secret="", updated=now)
    mail = OutgoingMail.objects.create(
        kind=OutgoingMail.Kind.PASSWORD_RESET,
        customer=customer,
        recipient=customer.email,
        reset_token=token_row,
        secret=reset_token,
        requested_by=mail_request.requested_by,
        priority=mail_request.priority,
        next_attempt_at=now,
    )
    _enqueue_delivery(deliver_mail, mail)
    mail_request.queued.append(mail)
    return mail


def _enqueue_delivery(deliver_mail, mail: OutgoingMail, run_after: datetime | None = None):
    """Enqueue ``deliver_mail(mail.pk)`` with the current transaction; note the task id."""

    def remember(result):
        OutgoingMail.objects.filter(pk=mail.pk).update(task_id=str(result.id))

    task_id = task_queue.enqueue(
        deliver_mail,
        mail.pk,
        priority=mail.priority,
        run_after=run_after,
        on_enqueued=remember,
    )
    if task_id is not None:
        OutgoingMail.objects.filter(pk=mail.pk).update(task_id=str(task_id))


# --- delivery (the worker) -------------------------------------------------------------------


def deliver(mail_id: int) -> str:
    """One delivery attempt of mail ``mail_id``, if it is still queued; its new status.

    Runs in the worker, outside any transaction: the claim, the send and the outcome are
    separate commits, so a crash at any point leaves a state the sweeper understands.
    """
    now = timezone.now()
    claimed = OutgoingMail.objects.filter(pk=mail_id, status=Status.QUEUED).update(
        status=Status.SENDING, attempts=F("attempts") + 1, updated=now
    )
    if not claimed:
        return "not queued"  # delivered, superseded or discarded meanwhile, or claimed twice
    mail = OutgoingMail.objects.select_related("customer__site", "reset_token").get(pk=mail_id)
    token_row = mail.reset_token
    if token_row is None or token_row.used_at is not None:
        return _finish(mail, Status.SUPERSEDED, "A newer reset token replaced this one.")
    if token_row.expires_at <= now:
        return _finish(mail, Status.FAILED, "The reset token expired before delivery.")
    try:  # a mail that cannot even be built (a template error, a lost key) fails visibly too
        message = password_reset_mail(mail.customer, mail.secret.reveal(), to=mail.recipient)
        message.extra_headers["Message-ID"] = mail.message_id
        message.send()
    except Exception as exc:
        error = describe(exc)
        if is_transient(exc) and mail.attempts < mail_settings()["MAX_ATTEMPTS"]:
            return _retry_later(mail, error)
        return _finish(mail, Status.FAILED, error)
    return _finish(mail, Status.DELIVERED)


def describe(exc: BaseException) -> str:
    """What staff see of a failure: the exception's class and message, no traceback."""
    return f"{type(exc).__name__}: {exc}"[:1000]


def is_transient(exc: BaseException) -> bool:
    """Whether trying again later may succeed: the server was unreachable, slow, or
    answered 4xx ("try again later"). A 5xx answer or any other error is permanent."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in exc.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    # SMTPServerDisconnected, ConnectionRefusedError, TimeoutError, socket errors.
    return isinstance(exc, (smtplib.SMTPServerDisconnected, OSError))


def retry_delay(attempts: int) -> timedelta:
    options = mail_settings()
    seconds = options["RETRY_DELAY_SECONDS"] * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, options["RETRY_MAX_SECONDS"]))


def _retry_later(mail: OutgoingMail, error: str) -> str:
    from customers.tasks import deliver_mail

    now = timezone.now()
    run_after = now + retry_delay(mail.attempts)
    with transaction.atomic():
        moved = OutgoingMail.objects.filter(pk=mail.pk, status=Status.SENDING).update(
            status=Status.QUEUED, last_error=error, next_attempt_at=run_after, updated=now
        )
        if moved:
            _enqueue_delivery(deliver_mail, mail, run_after=run_after)
    logger.warning(
        "Mail %s to customer %s: attempt %s failed, retrying at %s: %s",
        mail.pk,
        mail.customer.customer_no,
        mail.attempts,
        run_after.isoformat(),
        error,
    )
    return Status.QUEUED


def _finish(mail: OutgoingMail, status: str, error: str = "") -> str:
    """Move ``mail`` from ``sending`` to a final ``status``; wipe its secret; audit it when
    staff asked for it."""
    now = timezone.now()
    with transaction.atomic():
        moved = OutgoingMail.objects.filter(pk=mail.pk, status=Status.SENDING).update(
            status=status,
            last_error=error,
            secret="",
            delivered_at=now if status == Status.DELIVERED else None,
            updated=now,
        )
        if moved and mail.requested_by is not None and status != Status.SUPERSEDED:
            audit.record(
                user=mail.requested_by,
                customer=mail.customer,
                action=audit.ADMIN,
                via=audit.Via.ADMIN,
                site_id=mail.customer.site.site_id,
                description=f"{mail.get_kind_display()} email {status} (mail #{mail.pk})",
            )
    log = logger.info if status == Status.DELIVERED else logger.warning
    log(
        "Mail %s to customer %s: %s%s",
        mail.pk,
        mail.customer.customer_no,
        status,
        f" ({error})" if error else "",
    )
    return status


# --- recovery (the sweeper) and staff's actions --------------------------------------------


def _task_waiting(mail: OutgoingMail) -> bool:
    """Whether the task last enqueued for ``mail`` is still waiting to run."""
    from customers.tasks import deliver_mail

    return task_queue.is_waiting(deliver_mail, mail.task_id)


def sweep(*, now: datetime | None = None, stale_seconds: int | None = None) -> int:
    """Queue again the mails a dead worker or a lost enqueue left behind; how many.

    ``sending`` for longer than ``STALE_SECONDS``: the worker died mid-attempt (a live one
    gives up within ``EMAIL_TIMEOUT``). ``queued`` and due for longer than that, with no
    task waiting for it: its task was lost (RQ: the process died between the commit and
    the enqueue) or claimed by a worker that died before claiming the mail.
    """
    from customers.tasks import deliver_mail

    now = now or timezone.now()
    if stale_seconds is None:
        stale_seconds = mail_settings()["STALE_SECONDS"]
    cutoff = now - timedelta(seconds=stale_seconds)
    candidates = OutgoingMail.objects.filter(
        Q(status=Status.SENDING, updated__lte=cutoff)
        | Q(status=Status.QUEUED, next_attempt_at__lte=cutoff)
    ).order_by("pk")
    requeued = 0
    for mail in candidates.iterator(chunk_size=500):
        if mail.status == Status.QUEUED and _task_waiting(mail):
            continue
        with transaction.atomic():
            moved = OutgoingMail.objects.filter(pk=mail.pk, status=mail.status).update(
                status=Status.QUEUED, next_attempt_at=now, updated=now
            )
            if moved:
                _enqueue_delivery(deliver_mail, mail)
                requeued += moved
    if requeued:
        logger.warning("Queued %s stalled mail(s) again", requeued)
    return requeued


def discard(request, mail: OutgoingMail) -> bool:
    """Staff give up on a queued or failed mail; whether it was discarded (audited)."""
    with transaction.atomic():
        moved = OutgoingMail.objects.filter(
            pk=mail.pk, status__in=[Status.QUEUED, Status.FAILED]
        ).update(status=Status.DISCARDED, secret="", updated=timezone.now())
        if moved:
            audit.record_admin_action(
                request,
                mail.customer,
                f"{mail.get_kind_display()} email discarded (mail #{mail.pk})",
            )
    return bool(moved)


def retry(request, mail: OutgoingMail) -> OutgoingMail | None:
    """Staff try a failed or discarded reset mail again: the customer is sent a new link
    (its old token is wiped with the mail, and has likely expired), and the old mail is
    marked superseded. The new mail, or ``None`` when ``mail`` was not failed/discarded."""
    from customers.hooks import send_reset_link

    if mail.customer.is_guest or not mail.customer.email:
        raise ValueError(f"{mail.customer} has no login or no email address.")
    with transaction.atomic():
        locked = (
            OutgoingMail.objects.select_for_update()
            .filter(pk=mail.pk, status__in=[Status.FAILED, Status.DISCARDED])
            .first()
        )
        if locked is None:
            return None
        try:
            with requested(by=request.user) as mail_request:
                send_reset_link(mail.customer)
        except OcapiFault as fault:  # the reset hook refused
            raise ValueError(fault.message) from None
        OutgoingMail.objects.filter(pk=mail.pk).update(
            status=Status.SUPERSEDED, updated=timezone.now()
        )
        new = mail_request.queued[-1] if mail_request.queued else None
        audit.record_admin_action(
            request,
            mail.customer,
            f"{mail.get_kind_display()} email retried (mail #{mail.pk}"
            + (f", queued again as #{new.pk})" if new else ", the hook queued no mail)"),
        )
    return new
