"""Django's PostgreSQL backend, its ``CONN_HEALTH_CHECKS`` asking the socket before the server.

With health checks on, Django sends ``SELECT 1`` before the first query of every request
on a kept connection: a round trip and a statement of server CPU on every request (about
an eighth of a guest login's CPU, app and server together, measured). A connection that
the server ended while it sat idle has already said so on its socket: the server sends its
FATAL message and closes (a restart, a failover, ``pg_terminate_backend``,
``idle_session_timeout``, a pooler going away), and the socket turns readable. Between
requests the server has nothing else to say to a connection that listens for nothing (if
it ever does, a reloaded setting's new value say, the check below merely runs).

So the socket is polled first, without waiting: silent, the connection is used as it is;
anything to read (a message, the end of the stream, an error) and Django's own check runs
(``SELECT 1``; a failing connection is closed and the request opens a new one). What only
``SELECT 1`` would catch is a peer gone without a word (a network path lost with no reset);
a kept connection lives ``CONN_MAX_AGE`` seconds at most, and the query that finds such a
path fails the way any query that loses its server mid-request does. Django's check after
an error (``errors_occurred``) is unchanged, and pooled connections (``DATABASE_POOL``) are
left to psycopg's pool, as Django leaves them.
"""

import select

from django.db.backends.postgresql import base


def server_has_spoken(connection) -> bool:
    """Whether an idle connection's socket has anything to read: a message, the end of the
    stream or an error (``poll`` reports hang-ups and errors whatever is asked). Where
    there is no ``poll`` (Windows), it may always have: Django's check runs."""
    if not hasattr(select, "poll"):
        return True
    poller = select.poll()
    poller.register(connection.fileno(), select.POLLIN | select.POLLPRI)
    return bool(poller.poll(0))


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and not self.pool
            and not self.connection.closed
            and not server_has_spoken(self.connection)
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
