"""``manage.py sweep_outgoing_mail``: queue again the mails a crash left behind."""

from django.core.management.base import BaseCommand

from customers import outgoing_mail, tasks
from customers.management.base import at_least


class Command(BaseCommand):
    help = (
        "Queue again the outgoing mails a dead worker left 'sending', and the 'queued' ones "
        "whose task was lost, once they are older than --stale-seconds (default "
        "OUTGOING_MAIL['STALE_SECONDS']). Run it every few minutes (cron), or queue it as a "
        "task with --enqueue. A mail is never sent twice by it: a worker claims a mail with a "
        "conditional update, and a resend after a crash keeps its Message-ID."
    )

    def add_arguments(self, parser):
        parser.add_argument("--stale-seconds", type=at_least(0), default=None)
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the sweep as a task and return."
        )

    def handle(self, *args, stale_seconds, enqueue, **options):
        if enqueue:
            result = tasks.sweep_outgoing_mail.enqueue()
            self.stdout.write(f"Queued the outgoing mail sweep (task {result.id}).")
            return
        requeued = outgoing_mail.sweep(stale_seconds=stale_seconds)
        self.stdout.write(f"Queued {requeued} stalled mail(s) again.")
