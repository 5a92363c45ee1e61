"""The editors' side of fans' contributions: the review queue and its actions.

The queue (``contrib:queue``) has two tabs: "Waiting" (song suggestions,
unidentified songs, corrections and disputes not yet reviewed) and
"Unreviewed" (published at once by trusted fans, not yet seen), oldest first,
by show, a page at a time in a fixed number of queries. Each item is reviewed
on its own page too (``contrib:review``), where the editor edits then accepts.
Editors see every contribution, whatever their own spoiler shield.

Every action is a POST by staff with ``recaps.review_contribution``. A stale
proposal meeting a newer edit (``ProposalConflict``) is never applied
silently: the contribution's page shows what is there now beside what was
proposed, with the form to edit then accept; what the editor typed stays in it.
"""

from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from recaps.models import Contribution
from wiki.links import url_for
from wiki.models import Show

from .diffs import Names, ProposedChange, proposed_changes
from .review_forms import CorrectionAcceptForm, DeclineForm, SongAcceptForm, snapshot
from .services import (
    ProposalConflict,
    contribution_accept,
    contribution_decline,
    contribution_patrol,
)

Kind, Status = Contribution.Kind, Contribution.Status
TABS = {"waiting": "Waiting", "unreviewed": "Unreviewed"}
PER_PAGE = 20


def reviewers_only(view):
    """Staff (else the admin's login) with the review permission (else 403)."""
    return staff_member_required(
        never_cache(permission_required("recaps.review_contribution", raise_exception=True)(view))
    )


def _place(request):
    """The queue's tab, show filter and page, as sent with a GET or a POST."""
    values = request.POST if request.method == "POST" else request.GET
    tab = values.get("tab", "")
    return {
        "tab": tab if tab in TABS else "waiting",
        "show": values.get("show", "")[:200],
        "page": values.get("page", "")[:6],
    }


def _back(place):
    query = urlencode({k: v for k, v in place.items() if v and not (k == "tab" and v == "waiting")})
    return reverse("contrib:queue") + (f"?{query}" if query else "")


@reviewers_only
def queue(request):
    place = _place(request)
    everything = Contribution.objects.all()
    if place["show"]:
        everything = everything.filter(show__slug=place["show"])
    counts = everything.review_counts()
    items = everything.open() if place["tab"] == "waiting" else everything.unreviewed()
    page = Paginator(items.for_review(), PER_PAGE, orphans=3).get_page(place["page"])
    context = {
        "page_obj": page,
        "items": with_diffs(page.object_list),
        "counts": counts,
        "place": place,
        "tabs": TABS,
        "shows": Show.objects.order_by("title").only("title", "slug"),
        "page_query": urlencode({k: place[k] for k in ("tab", "show") if place[k]}),
        "trust_after": settings.CONTRIBUTION_TRUST_AFTER,
    }
    return render(request, "recaps/contributions/review_queue.html", context)


def with_diffs(contributions):
    """The contributions with ``diff``: a correction's rows (against what is
    there now while it waits; what it changed once published). Related names
    are read in one query per model for the whole page (``diffs.Names``)."""
    contributions = list(contributions)
    corrections = [c for c in contributions if c.kind == Kind.CORRECTION and c.target is not None]
    names = Names(corrections, {c.pk: c.target for c in corrections})
    for contribution in contributions:
        target = contribution.target
        opts = target._meta if target is not None else None
        contribution.admin_url = opts and url_for(
            f"admin:{opts.app_label}_{opts.model_name}_change", object_id=target.pk
        )
        contribution.diff = []
        if contribution in corrections:
            changes = applied_changes if contribution.status == Status.PUBLISHED else proposed_changes
            contribution.diff = changes(contribution, contribution.target, names)
    return contributions


def applied_changes(contribution, target, names):
    """What a published correction changed: before is what the fan saw;
    ``stale`` when someone changed the field since (undoing leaves it)."""
    rows = []
    for row in proposed_changes(contribution, target, names):
        field = target._meta.get_field(row.name)
        before = names.readable(field, contribution.base.get(row.name, ""))
        rows.append(
            ProposedChange(
                label=row.label, before=before, after=row.after, name=row.name, stale=row.before != row.after
            )
        )
    return rows


@dataclass(frozen=True)
class ConflictRow:
    label: str
    now: str
    proposed: str


def conflict_rows(contribution, conflict):
    """A ``ProposalConflict``'s fields, readable: what is there now, what would be saved."""
    target = contribution.target
    mine = SimpleNamespace(pk=0, changes={n: p for n, (_now, p) in conflict.fields.items()}, base={})
    names = Names([contribution, mine], {contribution.pk: target, 0: target})
    rows = []
    for name, (now, proposed) in conflict.fields.items():
        field = target._meta.get_field(name)
        label = str(field.verbose_name).capitalize()
        rows.append(ConflictRow(label, names.readable(field, now), names.readable(field, proposed)))
    return rows


def accept_form(contribution, data=None):
    """The edit-then-accept form of an open song suggestion or correction; None for the others."""
    if contribution.status != Status.PENDING:
        return None
    if contribution.kind == Kind.SONG:
        return SongAcceptForm(data, contribution=contribution)
    if contribution.kind == Kind.CORRECTION and contribution.target is not None:
        return CorrectionAcceptForm(data, contribution=contribution, target=contribution.target)
    return None


def review_page(request, contribution, *, form=None, decline_form=None, conflict=None, status=200):
    """One contribution, with what accepting or declining it needs, and any refusal."""
    context = {
        "item": with_diffs([contribution])[0],
        "form": form if form is not None else accept_form(contribution),
        "decline_form": decline_form or DeclineForm(),
        "conflict": conflict,
        "conflict_rows": conflict_rows(contribution, conflict) if conflict and conflict.fields else [],
        "place": _place(request),
        "back_url": _back(_place(request)),
        "trust_after": settings.CONTRIBUTION_TRUST_AFTER,
    }
    return render(request, "recaps/contributions/review_detail.html", context, status=status)


def _loaded(pk):
    return get_object_or_404(Contribution.objects.for_review(), pk=pk)


@reviewers_only
def review(request, pk):
    """GET: the contribution; POST: edit then accept it (its form prefilled with the proposal)."""
    contribution = _loaded(pk)
    if request.method != "POST":
        return review_page(request, contribution)
    form = accept_form(contribution, request.POST)
    if form is None:
        messages.error(request, f"This contribution is {contribution.get_status_display().lower()}.")
        return redirect(_back(_place(request)))
    if not form.is_valid():
        return review_page(request, contribution, form=form, status=400)
    try:
        contribution_accept(
            contribution=contribution, reviewer=request.user, edits=form.edits(), seen=form.seen()
        )
    except ProposalConflict as conflict:
        return _refused(request, pk, conflict, data=request.POST)
    except ValidationError as error:
        form.add_error(None, error.messages)
        return review_page(request, contribution, form=form, status=400)
    messages.success(request, f"Accepted, with your changes: {contribution}.")
    return redirect(_back(_place(request)))


def _refused(request, pk, conflict, data=None):
    """A refused acceptance: on the contribution's page if it is still open, with
    the editor's input and a fresh snapshot (accepting again overwrites what they
    now saw); a message on the queue if it was reviewed meanwhile."""
    contribution = _loaded(pk)
    if contribution.status != Status.PENDING or contribution.kind in (Kind.UNKNOWN, Kind.DISPUTE):
        messages.error(request, conflict.message)
        return redirect(_back(_place(request)))
    if data is not None and contribution.kind == Kind.CORRECTION:
        data = data.copy()
        data["seen_token"] = snapshot(contribution.target)
    form = accept_form(contribution, data)
    return review_page(request, contribution, form=form, conflict=conflict, status=409)


@reviewers_only
@require_POST
def accept(request, pk):
    """Accept as proposed (a song, a correction, a dispute: its cue removed)."""
    contribution = get_object_or_404(Contribution, pk=pk)
    try:
        contribution_accept(contribution=contribution, reviewer=request.user)
    except ProposalConflict as conflict:
        return _refused(request, pk, conflict)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return review_page(request, _loaded(pk), status=400)
    messages.success(request, f"Accepted: {contribution}.")
    return redirect(_back(_place(request)))


@reviewers_only
@require_POST
def decline(request, pk):
    """Decline with a reason the fan reads; a published one is undone."""
    contribution = get_object_or_404(Contribution, pk=pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            contribution_decline(
                contribution=contribution, reviewer=request.user, reason=form.cleaned_data["reason"]
            )
        except ProposalConflict as conflict:
            messages.error(request, conflict.message)
            return redirect(_back(_place(request)))
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"Declined: {contribution}. The contributor has been told why.")
            return redirect(_back(_place(request)))
    return review_page(request, _loaded(pk), decline_form=form, status=400)


@reviewers_only
@require_POST
def mark_seen(request, pk):
    """A trusted fan's published contribution, seen: it stays as it is."""
    contribution = get_object_or_404(Contribution, pk=pk)
    try:
        contribution_patrol(contribution=contribution, reviewer=request.user)
    except ProposalConflict as conflict:
        messages.error(request, conflict.message)
    else:
        messages.success(request, f"Marked seen: {contribution}.")
    return redirect(_back(_place(request)))


urlpatterns = [
    path("editors/contributions/", queue, name="queue"),
    path("editors/contributions/<int:pk>/", review, name="review"),
    path("editors/contributions/<int:pk>/accept/", accept, name="review_accept"),
    path("editors/contributions/<int:pk>/decline/", decline, name="review_decline"),
    path("editors/contributions/<int:pk>/seen/", mark_seen, name="review_seen"),
]
