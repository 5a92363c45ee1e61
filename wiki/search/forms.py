"""What a reader types into search: the search page's filters."""

from urllib.parse import urlencode

from django import forms

from wiki.models import SearchEntry, Show
from wiki.search import queries as search


class SearchForm(forms.Form):
    """The search page's filters; what is typed is free text (``wiki.search.queries.parse``)."""

    q = forms.CharField(label="Search", required=False, strip=True)
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Everything"), *SearchEntry.Kind.choices]
    )
    show = forms.ModelChoiceField(
        label="Show",
        required=False,
        queryset=Show.objects.order_by("title"),
        to_field_name="slug",
        empty_label="All shows",
    )

    def clean_q(self):
        return self.cleaned_data["q"][: search.MAX_QUERY_CHARS * 2]

    def kind_options(self):
        """The kind filter's options as ``(value, label, selected)``: written in the page's
        own template (Django's widget templates cost 0.4 ms a page)."""
        chosen = self.data.get("kind", "")
        return [(value, label, value == chosen) for value, label in self.fields["kind"].choices]

    def show_options(self):
        """The show filter's options as ``(slug, title, selected)``: one query of
        two columns. Django's widget renders an option in a template of its
        own, which for the 200 shows of a large catalogue costs more than the
        whole search."""
        chosen = self.data.get("show", "")
        shows = self.fields["show"].queryset.values_list("slug", "title")
        return [(slug, title, slug == chosen) for slug, title in shows]

    def page_query(self):
        """The filters as a query string, for pagination links."""
        data = {name: self.data.get(name, "") for name in ("q", "kind", "show") if self.data.get(name)}
        return urlencode(data)
