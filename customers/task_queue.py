"""Handing a task to the configured queue so that it commits with the caller's work.

With the database backend (the default) the task is a row written in the current
transaction: the work and its task commit together or not at all, and a process dying
right after the commit loses nothing. Other backends (RQ on Redis, the demo's immediate
one) cannot join a database transaction; their task is enqueued when the transaction
commits, and what it acts on keeps its own state in the database, so a task lost between
the commit and the enqueue is found and queued again (``sweep_outgoing_mail``).
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks.base import Task, TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks_db import DatabaseBackend


def joins_transactions(task: Task) -> bool:
    """Whether ``task``'s backend stores tasks in the database, in the caller's transaction."""
    return isinstance(task.get_backend(), DatabaseBackend)


def enqueue(
    task: Task,
    *args,
    priority: int | None = None,
    run_after: datetime | None = None,
    on_enqueued=None,
):
    """Enqueue ``task(*args)`` with the caller's transaction; the task's id, or ``None`` when
    it is enqueued only at the commit (``on_enqueued(result)`` is then called with it).

    ``run_after`` is dropped when it is already due (RQ would otherwise wait for its
    scheduler) or the backend cannot defer (immediate): the task is then ready at once.
    """
    backend = task.get_backend()
    options = {}
    if priority is not None and backend.supports_priority:
        options["priority"] = priority
    if run_after is not None and run_after > timezone.now() and backend.supports_defer:
        options["run_after"] = run_after
    configured = task.using(**options) if options else task
    if joins_transactions(task):
        return configured.enqueue(*args).id

    def at_commit():
        result = configured.enqueue(*args)
        if on_enqueued is not None:
            on_enqueued(result)

    # Robust: a queue that is down must not fail work that has committed; its state row
    # stays "queued" and the sweeper enqueues it again.
    transaction.on_commit(at_commit, robust=True)
    return None


def is_waiting(task: Task, task_id: str) -> bool:
    """Whether the task ``task_id`` (enqueued as ``task``) will still be run by a worker.

    The backend's word (``READY``) is enough for the database backend, whose rows are the
    queue. RQ keeps a job's status apart from its place in the queue: a worker killed
    between taking a job off the queue and marking it started leaves a job that says
    "queued" and is in no queue, so for RQ the job must also stand in its queue or be
    scheduled, or it is lost.
    """
    backend = task.get_backend()
    if not task_id or not backend.supports_get_result:
        return False
    try:
        result = backend.get_result(task_id)
    except TaskResultDoesNotExist:
        return False
    if result.status != TaskResultStatus.READY:
        return False
    if type(backend).__module__.startswith("django_tasks_rq"):
        job = backend._get_job(task_id)  # the backend's own lookup of its rq Job
        return job is not None and (job.is_scheduled or job.get_position() is not None)
    return True
