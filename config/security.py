"""The Content-Security-Policy header: our pages load scripts, styles and
fonts only from our own origin, and are never framed.

The policy is ``SECURE_CSP`` in the settings, Django's own setting. Django 6.0
and later send the header themselves (``django.middleware.csp``); Django 5.2
has no such middleware, so ours below sends the same header from the same
setting. ``MIDDLEWARE`` in the settings picks one of the two.
"""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Django 5.2's stand-in for ``django.middleware.csp.ContentSecurityPolicyMiddleware``.

    The header is built as Django's is (directives joined by "; "); the policy's
    values are plain strings and it asks for no nonce, so both send the same bytes."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = "; ".join(f"{name} {value}" for name, value in settings.SECURE_CSP.items())

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
