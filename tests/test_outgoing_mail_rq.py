"""Reset mail through RQ on Redis (``TASKS_BACKEND=rq``): the same promises as the database
queue, where the enqueue cannot join the database transaction.

Runs when ``REDIS_URL`` is set (``.ci/run`` sets it to a database of its own, flushed
here); the jobs run in this process with RQ's ``SimpleWorker`` in burst mode, as
``manage.py rqworker --burst`` would run them.
"""

import os

import pytest
import redis
from django.core import mail
from django.db import transaction
from django_tasks_rq.backend import Job
from rq import Queue, SimpleWorker

from customers import outgoing_mail
from customers.models import OutgoingMail
from tests import mail_backends
from tests.mail_backends import BlockingBackend, FlakyBackend

pytest_plugins = ["tests.fixtures_tasks"]
REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set")
Status = OutgoingMail.Status


@pytest.fixture(autouse=True)
def rq_queue(settings):
    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()  # this test's own database (REDIS_URL names it)
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 60}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.OUTGOING_MAIL = {**settings.OUTGOING_MAIL, "RETRY_DELAY_SECONDS": 0}
    mail_backends.reset(FlakyBackend, BlockingBackend)
    yield Queue("default", connection=connection, job_class=Job)
    BlockingBackend.release.set()
    connection.flushdb()


def work(queue) -> None:
    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)


def request_reset(client, identification="jsmith"):
    return client.call(
        "POST", "customers/password_reset", {"identification": identification, "type": "login"}
    )


def test_a_committed_reset_is_enqueued_at_the_commit_and_delivered(
    client, customer, committed, rq_queue
):
    assert committed(request_reset, client).status_code == 204
    queued = OutgoingMail.objects.get()
    assert rq_queue.count == 1
    assert queued.status == Status.QUEUED and queued.task_id  # the job's id, for the sweeper
    work(rq_queue)
    queued.refresh_from_db()
    assert queued.status == Status.DELIVERED
    assert len(mail.outbox) == 1


def test_a_rolled_back_reset_enqueues_nothing(
    customer, django_capture_on_commit_callbacks, rq_queue
):
    from customers.hooks import send_reset_link

    with (
        django_capture_on_commit_callbacks(execute=True) as at_commit,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send_reset_link(customer)
        assert OutgoingMail.objects.exists()
        raise RuntimeError("a later step failed")
    assert at_commit == []
    assert rq_queue.count == 0
    assert not OutgoingMail.objects.exists()


def test_retries_go_through_redis_until_delivered(client, customer, committed, rq_queue, settings):
    settings.EMAIL_BACKEND = "tests.mail_backends.FlakyBackend"
    committed(request_reset, client)
    for _ in range(3):  # each failed attempt enqueues the next when its state commits
        committed(work, rq_queue)
    delivered = OutgoingMail.objects.get()
    assert (delivered.status, delivered.attempts, FlakyBackend.calls) == (Status.DELIVERED, 3, 3)
    assert len(mail.outbox) == 1


def test_an_enqueue_lost_at_the_commit_is_found_by_the_sweeper(
    client, customer, committed, rq_queue, monkeypatch
):
    def redis_down(*args, **kwargs):
        raise redis.ConnectionError("Redis is down")

    with monkeypatch.context() as patch:
        patch.setattr(Queue, "enqueue_job", redis_down)
        assert committed(request_reset, client).status_code == 204  # committed all the same
    assert rq_queue.count == 0
    lost = OutgoingMail.objects.get()
    assert (lost.status, lost.task_id) == (Status.QUEUED, "")

    assert committed(outgoing_mail.sweep, stale_seconds=0) == 1
    assert committed(outgoing_mail.sweep, stale_seconds=0) == 0  # its job now waits in Redis
    work(rq_queue)
    lost.refresh_from_db()
    assert lost.status == Status.DELIVERED
    assert len(mail.outbox) == 1


def test_a_job_taken_off_the_queue_by_a_worker_killed_at_once_is_found_by_the_sweeper(
    client, customer, committed, rq_queue
):
    """A worker killed between taking the job off the queue and marking it started leaves
    a job that still says "queued" and stands in no queue: the sweeper must not trust the
    status alone."""
    committed(request_reset, client)
    taken = OutgoingMail.objects.get()
    rq_queue.connection.lpop(rq_queue.key)  # what the dead worker took; its status unchanged
    assert rq_queue.count == 0
    assert Job.fetch(taken.task_id, connection=rq_queue.connection).get_status() == "queued"

    assert committed(outgoing_mail.sweep, stale_seconds=0) == 1
    work(rq_queue)
    taken.refresh_from_db()
    assert taken.status == Status.DELIVERED
    assert len(mail.outbox) == 1


def test_two_jobs_for_one_mail_deliver_it_once(client, customer, committed, rq_queue):
    from customers.tasks import deliver_mail

    committed(request_reset, client)
    deliver_mail.enqueue(OutgoingMail.objects.get().pk)  # a duplicate, as after a sweep
    assert rq_queue.count == 2
    work(rq_queue)
    assert len(mail.outbox) == 1


def test_the_request_does_not_wait_on_a_blocking_mail_server(
    client, customer, committed, rq_queue, settings
):
    settings.EMAIL_BACKEND = "tests.mail_backends.BlockingBackend"
    assert committed(request_reset, client).status_code == 204
    assert BlockingBackend.calls == 0
    BlockingBackend.release.set()
    work(rq_queue)
    assert BlockingBackend.calls == 1
