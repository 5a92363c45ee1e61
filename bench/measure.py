"""The page bench's requests: single fetches, the captured page, a shielded reader's
cookies, and wrk runs parsed into figures."""

import os
import re
import subprocess
import urllib.error
import urllib.request
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from servers import write_captured

DURATION = os.environ.get("BENCH_SECONDS", "10")
CONNECTIONS = 16
HOP_BY_HOP = {"date", "server", "connection", "keep-alive", "transfer-encoding"}  # Gunicorn's own


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url, cookie=None, data=None, headers=None):
    """(status, headers, body) of one request, redirects not followed."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def capture(url, path):
    """Save the page at ``url`` as the page cache answers a hit (status, headers, bytes)
    for bench/bare_wsgi.py; Gunicorn's own headers are left for the bare server to add."""
    fetch(url)  # fills the cache
    status, headers, body = fetch(url)
    assert status == 200 and headers.get("X-Cache") == "hit", (url, status, headers.get("X-Cache"))
    kept = [[name, value] for name, value in headers.items() if name.lower() not in HOP_BY_HOP]
    write_captured(path, "200 OK", kept, body)


def shield_cookie(base, episode_pk, show="soundtrack"):
    """The Cookie header of an anonymous reader who set a spoiler shield at ``episode_pk``:
    every cookie the shield form's answer sets, except ``messages``."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
    status, headers, _ = fetch(
        f"{base}/shows/{show}/shield/",
        data=urlencode({"action": "set", "episode": episode_pk}).encode(),
        headers={"Origin": origin, "Referer": origin + "/"},
    )
    cookies = SimpleCookie()
    for line in headers.get_all("Set-Cookie") or []:
        cookies.load(line)
    kept = [f"{name}={morsel.value}" for name, morsel in cookies.items() if name != "messages"]
    assert status in (302, 303) and kept, (status, headers.get_all("Set-Cookie"))
    return "; ".join(kept)


def wrk(url, cookie=None):
    fetch(url, cookie)  # warm up, and fill the cache
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", url]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _milliseconds(re.search(r"50%\s+([\d.]+\w+)", out).group(1)),
        "p99": _milliseconds(re.search(r"99%\s+([\d.]+\w+)", out).group(1)),
        "errors": errors + (int(non2xx.group(1)) if non2xx else 0),
    }


def _milliseconds(figure):
    value, unit = re.fullmatch(r"([\d.]+)(\w+)", figure).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def ms(value):
    return f"{value * 1000:.0f}us" if value < 1 else f"{value:.2f}ms"


def line(result):
    return (
        f"{result['rps']:8.0f} req/s  p50 {ms(result['p50']):>8}  p99 {ms(result['p99']):>8}  "
        f"errors {result['errors']}"
    )
