from django.core.cache import cache
from django.db import DatabaseError, connections
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views import csrf, defaults
from django.views.decorators.cache import never_cache

from config.cache import CacheUnavailable
from wiki.api.views import error as api_error
from wiki.api.views import read_only as api_read_only


def _cache_state():
    try:
        cache.get("healthz")
    except CacheUnavailable:
        return "down"
    return "ok"


@never_cache
def healthz(request):
    """For load balancers: 200 when every configured database answers, else 503.

    The cache's state is reported (``"cache": "ok"`` or ``"down"``) but does
    not change the status: without it every page is still served, only
    slower, and every app server shares the one cache, so a 503 would take
    them all out of rotation at once and turn a slow site into no site.
    """
    status = {}
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
            status[alias] = "ok"
        except DatabaseError as exc:
            status[alias] = f"error: {exc.__class__.__name__}"
    healthy = all(value == "ok" for value in status.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "databases": status, "cache": _cache_state()},
        status=200 if healthy else 503,
    )


def robots_txt(request):
    """Keep crawlers out of the editors' side and of search results; point them at the sitemap."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /editors/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap_index'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def _json_under_api(status, message, page):
    """An error handler: under /api/ the API's JSON error, like its views' own; else ``page``.
    It catches what no API view answers: a 500 (the database down), a path no pattern takes."""

    def handler(request, *args, **kwargs):
        if request.path.startswith("/api/"):
            return api_error(status, message)
        return page(request, *args, **kwargs)

    return handler


bad_request = _json_under_api(400, "Bad request.", defaults.bad_request)
permission_denied = _json_under_api(403, "Forbidden.", defaults.permission_denied)
page_not_found = _json_under_api(404, "Not found.", defaults.page_not_found)
server_error = _json_under_api(
    500, "Something went wrong on our side; try again in a moment.", defaults.server_error
)


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``. Under /api/ nothing writes, so a write refused for its
    missing token gets the read-only API's JSON 405, as from every API view (those are
    CSRF-exempt; this covers any that is not); elsewhere Django's HTML 403."""
    if request.path.startswith("/api/"):
        return api_read_only()
    return csrf.csrf_failure(request, reason)
