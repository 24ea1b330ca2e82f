"""A local SMTP server that accepts every message and counts them by Message-ID.

Used by ``bench/mail_queue.py`` and ``tests/test_mail_worker.py`` to prove that each
queued mail arrived exactly once: ``received`` counts every message the server accepted,
``by_message_id`` how often each Message-ID came. ``delay`` slows each message down (a
sluggish provider), so a worker can be caught mid-batch.
"""

import threading
import time
from collections import Counter
from email.parser import BytesHeaderParser

from aiosmtpd.controller import Controller


class CountingHandler:
    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.lock = threading.Lock()
        self.by_message_id: Counter = Counter()
        self.received = 0
        self.last_at = 0.0

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            time.sleep(self.delay)  # holds the SMTP session, as a slow server would
        headers = BytesHeaderParser().parsebytes(envelope.original_content or envelope.content)
        with self.lock:
            self.by_message_id[headers.get("Message-ID", "")] += 1
            self.received += 1
            self.last_at = time.monotonic()
        return "250 Message accepted for delivery"


class SmtpSink:
    """``with SmtpSink(port) as sink:`` a counting SMTP server on 127.0.0.1:port."""

    def __init__(self, port: int, delay: float = 0.0):
        self.handler = CountingHandler(delay)
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=port)

    def __enter__(self):
        self.controller.start()
        return self.handler

    def __exit__(self, *exc_info):
        self.controller.stop()
