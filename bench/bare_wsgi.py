"""The bench's baseline: a bare WSGI callable, no Django, answering every request with one
captured response (the episode page's exact bytes and headers) from memory.

``BENCH_BARE_PAGE`` names the file `bench/pages.py` wrote: a first line of JSON
(``{"status": "200 OK", "headers": [[name, value], ...]}``), then the body's bytes.
Served by Gunicorn with config/gunicorn.conf.py like the site, so the ratio of a page's
req/s to this one's is what Django and the page cost on top of Gunicorn and the socket.
"""

import json
import os

with open(os.environ["BENCH_BARE_PAGE"], "rb") as captured:
    head, BODY = captured.read().split(b"\n", 1)
_meta = json.loads(head)
STATUS = _meta["status"]
HEADERS = [(name, value) for name, value in _meta["headers"]]


def application(environ, start_response):
    start_response(STATUS, HEADERS)
    return [] if environ.get("REQUEST_METHOD") == "HEAD" else [BODY]
