"""Gunicorn settings for production-like serving: `make serve` or `gunicorn -c gunicorn.conf.py wsgi:app`.

Every value can be overridden from the environment:
  KAKEHASHI_BIND       where to listen (default 127.0.0.1:8000; nginx proxies to it)
  WEB_CONCURRENCY      worker processes (default 2 × CPU cores + 1)
  GUNICORN_THREADS     threads per worker (default 1: on few cores, more processes beat threads
                       sharing one GIL; raise it only when requests wait mostly on I/O)
  GUNICORN_WORKER_CLASS  gthread (default) or sync (one request at a time per process)
  KAKEHASHI_ENVIRONMENT  defaults to "production" here (needs KAKEHASHI_SECRET_KEY)
The app's own logs and gunicorn's access and error logs are JSON lines on stderr; each access
line carries the request id the app echoed in X-Request-ID.
"""

import gc
import multiprocessing
import os
import time

from gunicorn.glogging import Logger

bind = os.environ.get("KAKEHASHI_BIND") or os.environ.get("BIND") or "127.0.0.1:8000"
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
worker_class = os.environ.get("GUNICORN_WORKER_CLASS") or "gthread"
threads = int(os.environ.get("GUNICORN_THREADS") or 1)
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
graceful_timeout = 30
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
# Load the app once in the master and fit the matcher's index there (when_ready, below), so
# every worker — including those recycled by max_requests — starts with it, shared copy-on-write.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
# gunicorn >= 25 runs a control socket (an asyncio thread in the master) for `gunicornc`; we do
# not use it, and a master with threads forks workers less safely.
control_socket_disable = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
raw_env = [f"KAKEHASHI_ENVIRONMENT={os.environ.get('KAKEHASHI_ENVIRONMENT', 'production')}"]
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "app.logs.JsonFormatter"}},
    "handlers": {
        "error_console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
        "console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"},
    },
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
    },
}


def when_ready(server):
    """With preload_app, warm the master before the workers are forked: fit the matcher's index,
    compile every template, then freeze what exists so the workers' garbage collector never
    walks it (a full collection over the index and the libraries stalled a request 100-300 ms)."""
    if not preload_app:
        return
    from app.extensions import db
    from wsgi import app

    started = time.monotonic()
    with app.app_context():
        try:
            from app.matching.index import current_index

            current_index()
        except Exception:  # a cold index only makes the first pages slower; never block startup
            server.log.exception("could not warm the matcher's index")
        finally:
            db.session.remove()
            db.engine.dispose()  # no pooled connection may cross the fork
    for name in app.jinja_env.list_templates(filter_func=lambda n: n.endswith((".html", ".txt"))):
        try:
            app.jinja_env.get_template(name)
        except Exception:  # compiled on first use instead, where its error shows
            server.log.exception("could not compile template %s", name)
    gc.collect()
    gc.freeze()
    server.log.info("matcher index and templates ready in %.1f s", time.monotonic() - started)


class JsonAccessLogger(Logger):
    """Access log as JSON lines, request id included, safely escaped whatever the client sent."""

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        request_id = next((v for k, v in resp.headers if k.lower() == "x-request-id"), "-")
        method, path = environ.get("REQUEST_METHOD"), environ.get("PATH_INFO")
        status = int(str(resp.status).split()[0]) if resp.status else 0
        fields = {
            "request_id": request_id,
            "remote": environ.get("HTTP_X_FORWARDED_FOR") or environ.get("REMOTE_ADDR", "-"),
            "method": method,
            "path": path,
            "query": environ.get("QUERY_STRING", ""),
            "status": status,
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 2),
            "agent": environ.get("HTTP_USER_AGENT", ""),
        }
        try:
            self.access_log.info("%s %s %s", method, path, status, extra=fields)
        except Exception:
            self.exception("failed to write the access log line")


logger_class = JsonAccessLogger

