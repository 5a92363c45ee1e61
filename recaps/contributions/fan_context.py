"""What every reader page's header and cue lines need from the fans' side
(a context processor of the Jinja2 templates, ``config/settings.py``).

Both are lazy: nothing is read until a template asks, and anonymous pages
(cached and shared, ``config.pagecache``) never ask for a CSRF token.
"""

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from django.template.backends.utils import csrf_input_lazy
from django.urls import reverse

from .services import unread_count, unread_warm


@dataclass
class Voter:
    """The reader who may vote on the cues of this page: a signed-in one gets
    the form (``csrf_input``), anyone else a link to log in and come back."""

    request: object

    @property
    def signed_in(self):
        return self.request.user.is_authenticated

    @cached_property
    def csrf_input(self):
        return csrf_input_lazy(self.request)

    @cached_property
    def vote_path(self):
        return reverse("contrib:vote", kwargs={"cue": 0}).replace("/0/", "/{}/")

    def vote_url(self, cue):
        return self.vote_path.format(cue.pk)

    def back(self, anchor):
        """Where the vote comes back to: this page, at the cue."""
        return f"{self.request.get_full_path()}#{anchor}"

    @cached_property
    def login_url(self):
        return f"{reverse('login')}?{urlencode({'next': self.request.get_full_path()})}"


def fans(request):
    def unread_notifications():
        user = request.user
        return unread_count(user) if user.is_authenticated else 0

    return {"voter": Voter(request), "unread_notifications": unread_notifications}


def warm_on_login(sender, user, **kwargs):
    """Signing in counts the fan's unread notifications into the cache, so the
    pages they open next read the header's count from there (``user_logged_in``)."""
    unread_warm(user_ids=[user.pk])
