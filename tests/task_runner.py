"""Running queued tasks inside a test, the way ``manage.py db_worker`` runs them.

The worker command itself cannot run inside a test's transaction (it closes the
connection between tasks), so ``run_tasks`` claims and runs the ready rows with the
worker's own ``run_task``, in priority order, until none is ready. Tests that need the
real command run it as a subprocess (``tests/test_mail_worker.py``).
"""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from customers import task_queue, tasks


def worker() -> Worker:
    return Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


def run_tasks(limit: int = 1000) -> int:
    """Run every ready task (and those they enqueue, when ready); how many ran."""
    if not task_queue.joins_transactions(tasks.deliver_mail):
        return 0  # immediate: already ran at the commit
    runner = worker()
    ran = 0
    while ran < limit:
        row = DBTaskResult.objects.ready().first()
        if row is None:
            break
        row.claim(runner.worker_id)
        runner.run_task(row)
        ran += 1
    return ran
