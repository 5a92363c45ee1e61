"""Gunicorn settings for `make serve`; each can be overridden from the environment."""

import gc
import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Sync workers: 2 per core + 1 is gunicorn's advice for I/O-light Django pages.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
wsgi_app = "config.wsgi:application"


def post_worker_init(worker):
    """Once the worker has loaded Django: the objects made so far (settings,
    URLs, models, templates) live as long as the worker, so freeze them out of
    the garbage collector's passes, and collect the young generation less
    often. A page makes tens of thousands of short-lived objects; with the
    default threshold (700) the collector runs dozens of times per request."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
