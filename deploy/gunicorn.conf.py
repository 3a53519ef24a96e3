"""gunicorn's settings for clipcontest behind nginx (DEPLOY.md).

Run: ``gunicorn -c deploy/gunicorn.conf.py clipcontest.wsgi:application``. Every value can be
changed without editing this file: a command-line option wins over it, and the few that differ
between machines are read from the environment (``CLIPCONTEST_GUNICORN_*``).
"""

import multiprocessing
import os

# nginx on the same machine talks to this address; on several web nodes, bind the node's
# private address and list every node in nginx's upstream.
bind = os.environ.get("CLIPCONTEST_GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers: nginx buffers whole requests (uploads included) and responses, so a slow phone
# never holds a worker; a request is CPU and database work. Two per core plus one is gunicorn's
# rule of thumb; each worker keeps one PostgreSQL connection (CLIPCONTEST_DB_CONN_MAX_AGE).
workers = int(os.environ.get("CLIPCONTEST_GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"

# Longer than any page takes, shorter than nginx's proxy_read_timeout (120 s), so nginx reports
# a stuck request as 504 after gunicorn has already replaced the worker. Documents and post
# fetching run in the RQ workers, not here.
timeout = int(os.environ.get("CLIPCONTEST_GUNICORN_TIMEOUT", "90"))
graceful_timeout = 30
keepalive = 5

# A worker is replaced after this many requests (with jitter, so not all at once): bounds the
# growth of any slow leak in a long contest month.
max_requests = 2000
max_requests_jitter = 200

# Only nginx talks to gunicorn: trust its X-Forwarded-* headers from these addresses.
forwarded_allow_ips = os.environ.get("CLIPCONTEST_GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Access log in nginx already; gunicorn logs errors to stderr (journald under systemd).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("CLIPCONTEST_GUNICORN_LOG_LEVEL", "info")

# Import the project once in the master: workers fork with the code loaded (faster start,
# shared memory). Database connections are opened by each worker, never before the fork.
preload_app = False
