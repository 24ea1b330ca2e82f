"""The work that leaves a request, as tasks of Django's tasks framework (django-tasks).

Each task is a thin wrapper: the work and its state live in the modules it names, so a
task run twice, late, or after a crash does no harm (``customers.outgoing_mail`` claims a
mail with a conditional UPDATE; the purges and the export are idempotent). Enqueue them
with ``customers.task_queue.enqueue`` so they commit with the work that asked for them;
priorities are given there, not here (the RQ backend has none and refuses a task that
declares one).
"""

from django.conf import settings
from django_tasks import task

from customers import outgoing_mail, purges
from customers.impex import export_jobs


@task()
def deliver_mail(mail_id: int) -> str:
    """One delivery attempt of an ``OutgoingMail`` (retries enqueue themselves)."""
    return outgoing_mail.deliver(mail_id)


@task()
def sweep_outgoing_mail() -> int:
    """Queue again the mails a dead worker or a lost enqueue left behind."""
    return outgoing_mail.sweep()


@task()
def purge_guests(days: int | None = None, batch_size: int = 1000) -> int:
    if days is None:
        days = settings.OCAPI["GUEST_RETENTION_DAYS"]
    return purges.purge_guests(days, batch_size)[0]


@task()
def purge_reset_tokens() -> int:
    return purges.purge_reset_tokens()


@task()
def export_customers(export_id: int) -> str:
    """Write a staff user's customer XML export (``customers.impex.export_jobs``)."""
    return export_jobs.run(export_id)
