"""The RQ queue class: one Redis client per process and server, instead of one per task queued.

django-rq builds a new Redis client, with a new connection pool, for every queue it hands out
(rq/django-rq#210), and django-tasks-rq asks for a queue for every task it queues: each clip
entered through the portal opened a TCP connection to Redis and greeted the server again
(about 1 ms of CPU and 1.5 ms of wall time a submission, in the deadline burst). This class
keeps the first client built for a server and hands it to every later queue of that server, so
its pool keeps connections open across requests. redis-py pools are thread-safe and start
afresh in a forked child (gunicorn workers, RQ's work horses). Named by ``RQ["QUEUE_CLASS"]``
in the settings.
"""

from __future__ import annotations

from typing import Any

from django_rq.queues import DjangoRQ
from redis import Redis

_clients: dict[tuple[Any, ...], Redis] = {}


def _server(client: Redis) -> tuple[Any, ...]:
    """What tells two Redis servers (and databases, and accounts) apart."""
    pool = client.connection_pool
    kwargs = pool.connection_kwargs
    return (
        pool.connection_class,
        *(kwargs.get(key) for key in ("host", "port", "path", "db", "username", "password")),
    )


def shared_client(client: Redis) -> Redis:
    """The process's client for ``client``'s server: the first one seen for it."""
    return _clients.setdefault(_server(client), client)


class SharedConnectionQueue(DjangoRQ):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("connection") is not None:
            kwargs["connection"] = shared_client(kwargs["connection"])
        super().__init__(*args, **kwargs)
