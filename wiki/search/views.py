"""The search page and the header box's suggestions (``wiki.search.queries`` does the work)."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.functional import cached_property

from wiki.search import pools
from wiki.search import queries as search
from wiki.search.forms import SearchForm

RESULTS_PER_PAGE = 20


class CappedPaginator(Paginator):
    """Pages of the first ``pools.cap()`` results at most: past the cap the count
    reads "1,000+" (``more``) and the last page is the one that reaches it."""

    @cached_property
    def count(self):
        found = Paginator.count.func(self)
        self.more = found > pools.cap()
        return min(found, pools.cap())

    @property
    def shown_count(self):
        return pools.capped(self.count + self.more)


def search_page(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "wiki/search.html", {"form": form}, status=400)
    query = search.parse(form.cleaned_data["q"])
    kind, show = form.cleaned_data["kind"], form.cleaned_data["show"]
    episode = search.episode_for_code(query, show)
    if episode is not None:
        return redirect(episode)
    context = {"form": form, "query": query, "kind": kind, "show": show}
    if query and kind:
        query, rows = search.search_kind(query, request.progress, kind=kind, show=show)
        paginator = CappedPaginator(rows, RESULTS_PER_PAGE, orphans=3)
        context["page_obj"] = paginator.get_page(request.GET.get("page"))
    elif query:
        results = search.search(query, request.progress, show=show)
        query, context["best"], context["groups"] = results.query, results.best, results.groups
    context["query"] = query
    context["page_query"] = form.page_query()
    return render(request, "wiki/search.html", context)


def search_suggestions(request):
    entries = search.suggestions(request.GET.get("q", ""), request.progress)
    results = [
        {
            "title": entry.title,
            "kind": entry.kind.capitalize(),
            "show": entry.show.title if entry.show else "",
            "detail": entry.subtitle,
            "url": entry.url,
        }
        for entry in entries
    ]
    return JsonResponse({"results": results})
