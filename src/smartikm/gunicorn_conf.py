"""gunicorn's configuration for e-Smart IKM (`gunicorn -c python:smartikm.gunicorn_conf smartikm.wsgi`;
`smartikm serve` uses it). Threaded workers: each process serves SMARTIKM_WEB_THREADS requests at a
time from a fixed set of threads, so database connections are bounded by processes x threads.
Any other gunicorn setting can be given in GUNICORN_CMD_ARGS."""

import logging
import os

from smartikm.env import env_bool, env_int, env_list, env_str

bind = env_list("SMARTIKM_BIND", ["127.0.0.1:8000"])
workers = env_int("SMARTIKM_WEB_PROCESSES", 2, minimum=1)
worker_class = "gthread"
threads = env_int("SMARTIKM_WEB_THREADS", 4, minimum=1)
timeout = env_int("SMARTIKM_WEB_TIMEOUT", 30, minimum=1)
graceful_timeout = env_int("SMARTIKM_WEB_GRACEFUL_TIMEOUT", 20, minimum=1)
keepalive = 5
# The proxies whose X-Forwarded-Proto/-For gunicorn believes (a TLS proxy on this machine by default).
forwarded_allow_ips = env_str("SMARTIKM_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = "-" if env_bool("SMARTIKM_ACCESS_LOG", False) else None
errorlog = "-"
loglevel = env_str("SMARTIKM_SERVER_LOG_LEVEL", "info")
proc_name = "smartikm-web"


def on_starting(server):
    # Each web process gets a database pool as large as its thread count (used on PostgreSQL), unless
    # SMARTIKM_DB_POOL_SIZE says otherwise. Set here, in the arbiter, so that every forked process
    # reads the same value and command-line --threads is taken into account.
    os.environ.setdefault("SMARTIKM_DB_POOL_SIZE", str(server.cfg.threads))


def post_worker_init(worker):
    # Open the pool (or check the database) when the process starts, not in its first request, so a
    # process's connections are there from the start and a burst adds none.
    from django.db import connections

    try:
        for connection in connections.all(initialized_only=False):
            connection.ensure_connection()
            connection.close()
    except Exception:  # noqa: BLE001 - the database may come up later; requests will retry
        logging.getLogger("smartikm").exception("database not reachable when the web process started")
