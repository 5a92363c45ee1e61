"""Reader accounts (sign up; Django's auth views do the rest) and the
spoiler-shield form that every show and episode page posts to."""

import functools
from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.views import LoginView
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from wiki.models import Episode, Show
from wiki.spoilers import progress_move_to_account, shield_clear, shield_set


class SignupForm(UserCreationForm):
    email = forms.EmailField(required=False, help_text="Optional; only used to reset your password.")

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")


def signup(request):
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        progress_move_to_account(request=request, user=user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome, {user.username}! Your account is ready.")
        return redirect(_next_url(request))
    return render(request, "registration/signup.html", {"form": form, "next": request.GET.get("next", "")})


class ReaderLoginView(LoginView):
    """Django's login, which also moves the reader's spoiler shields to the account."""

    def form_valid(self, form):
        progress_move_to_account(request=self.request, user=form.get_user())
        return super().form_valid(form)


def _next_url(request, default="/"):
    target = request.POST.get("next") or request.GET.get("next") or default
    if "\x00" not in target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _same_origin(request):
    """The form is posted from our own pages: the Origin (or Referer) header,
    which browsers set on every POST, names this site, scheme and host
    (``http://`` is another origin than ``https://``, as for Django's CSRF check)."""
    source = urlsplit(request.headers.get("Origin") or request.headers.get("Referer") or "")
    return (source.scheme, source.netloc) == (request.scheme, request.get_host())


def same_origin_post(view):
    """For forms on pages the page cache serves to everyone (the spoiler
    shield, comments on recaps): such pages carry no CSRF token and the
    reader may have no session yet, so instead of Django's CSRF check the
    POST must come from our own pages, which a forged cross-site form cannot.
    """

    @csrf_exempt
    @require_POST
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _same_origin(request):
            return HttpResponseForbidden("This form only works from Cuesheet's own pages.")
        return view(request, *args, **kwargs)

    return wrapper


@same_origin_post
def shield_update(request, show):
    show = get_object_or_404(Show, slug=show)
    episode_id = request.POST.get("episode", "")
    if request.POST.get("action") == "off" or not episode_id:
        shield_clear(request=request, show=show)
        messages.info(request, f"Spoiler shield off for {show.title}: you see everything.")
    elif not episode_id.isdigit() or len(episode_id) > 18:
        messages.error(request, "Choose an episode from the list.")
    else:
        episode = get_object_or_404(Episode, pk=int(episode_id), show=show)
        shield_set(request=request, show=show, episode=episode)
        messages.success(
            request, f"Spoiler shield on: {show.title} up to {episode.code}.", extra_tags="shield"
        )
    return redirect(_next_url(request, default=show.get_absolute_url()))
