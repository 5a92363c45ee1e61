"""Requests on their way in and out: hostile input refused before anything
reads it, pages built for an editor kept private, and old addresses
redirected to where their objects are now."""

from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers

from wiki.api.views import error
from wiki.models.links import FormerName

NUL = "\x00"


class RefuseNulBytesMiddleware:
    """No text on this site can hold a NUL byte, and PostgreSQL refuses one
    in any query (``DataError``), so a request carrying one is answered here,
    first in the stack, the same on both engines: a NUL in the path is a 404,
    in the query string a 400; a cookie holding one is ignored (a forged
    session id is no session). Form fields keep their own checks: Django's
    text fields refuse NUL with a message on the field."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name in [name for name, value in request.COOKIES.items() if NUL in name + value]:
            del request.COOKIES[name]
        if NUL in request.path:
            return self.refuse(request, 404, Http404, "Not found.")
        if any(NUL in key + value for key, values in request.GET.lists() for value in values):
            return self.refuse(request, 400, BadRequest, "A NUL byte cannot be part of a query.")
        return self.get_response(request)

    def refuse(self, request, status, exception, message):
        """The API's JSON error under /api/, the site's error page elsewhere."""
        if request.path.startswith(reverse("api:index")):
            return error(status, message)
        raise exception(message)


class EditorPagesArePrivateMiddleware:
    """A reader page that showed an editor an "Edit" link (``wiki.pages.templating.edit_link``
    sets ``request.shows_editor_links``) is theirs alone: ``Cache-Control: private``,
    so neither the page cache (``config.pagecache``) nor a shared cache keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "shows_editor_links", False):
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ["Cookie"])
        return response


class FormerPathRedirectMiddleware:
    """A 404 on a path an object had before its slug changed becomes a
    permanent redirect to where the object is now."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        former = FormerName.objects.filter(path=request.path).exclude(path="").first()
        target = former.target if former else None
        if target is None or target.get_absolute_url() == request.path:
            return response
        return HttpResponsePermanentRedirect(target.get_absolute_url())
