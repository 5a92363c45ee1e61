"""Old addresses keep working: a 404 on a path an object had before its slug
changed becomes a permanent redirect to where the object is now."""

from django.http import HttpResponsePermanentRedirect

from .crosslinks import FormerName


class FormerPathRedirectMiddleware:
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
