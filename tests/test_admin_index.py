"""The admin's index lists the catalogue first, grouped the way editors think,
with accounts and lockouts last; the sidebar follows the same grouping."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User

SECTIONS = [
    "Shows and episodes",
    "Characters and cast",
    "Music",
    "Recaps",
    "Comments",
    "Accounts and lockouts",
]


class _Sections(HTMLParser):
    """``[(heading, [row names])]`` of the admin's app list (captions and row headers),
    within the element whose id is ``within``."""

    def __init__(self, within):
        super().__init__(convert_charrefs=True)
        self.within, self.depth, self.sections, self._in = within, 0, [], None

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += 1
        elif dict(attrs).get("id") == self.within:
            self.depth = 1
        row_header = tag == "th" and dict(attrs).get("scope") == "row"
        if self.depth and (tag == "caption" or row_header):
            self._in = tag
            if tag == "caption":
                self.sections.append(["", []])
            else:
                self.sections[-1][1].append("")

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "caption":
            self.sections[-1][0] += data.strip()
        elif self._in == "th":
            self.sections[-1][1][-1] += data.strip()


def sections(page, within):
    parser = _Sections(within)
    parser.feed(page)
    return [(heading, rows) for heading, rows in parser.sections if heading != "Editors' tools"]


@pytest.fixture
def superuser_client(client, db):
    client.force_login(User.objects.create_superuser("root", password="pw"))
    return client


@pytest.mark.django_db
def test_index_lists_the_catalogue_first_and_accounts_last(superuser_client):
    page = superuser_client.get("/admin/").content.decode()
    found = sections(page, "content-main")
    assert [heading for heading, _rows in found] == SECTIONS
    rows = dict(found)
    assert rows["Shows and episodes"] == ["Shows", "Seasons", "Episodes", "Scenes"]
    assert rows["Characters and cast"] == ["Characters", "People"]
    assert rows["Music"] == ["Songs", "Artists", "Cues"]
    assert rows["Recaps"] == ["Recaps", "Recent changes"]
    assert rows["Comments"] == ["Comments", "Trusted commenters"]
    assert rows["Accounts and lockouts"][:2] == ["Users", "Groups"]
    assert {"Access attempts", "Access logs", "Access failures"} <= set(rows["Accounts and lockouts"])
    assert '<a href="/editors/changes/"' in page


@pytest.mark.django_db
def test_sidebar_follows_the_same_grouping(superuser_client):
    show = superuser_client.get("/admin/wiki/show/add/").content.decode()
    found = sections(show, "nav-sidebar")
    assert [heading for heading, _rows in found] == SECTIONS
    assert 'class="app-shows module"' in show and "current-app" not in show  # no section is an app page


@pytest.mark.django_db
def test_editors_see_the_catalogue_sections_without_accounts(editor_client):
    found = sections(editor_client.get("/admin/").content.decode(), "content-main")
    assert [heading for heading, _rows in found] == SECTIONS[:-1]


@pytest.mark.django_db
def test_an_apps_own_page_stays_djangos(superuser_client):
    page = superuser_client.get("/admin/wiki/").content.decode()
    assert [heading for heading, _rows in sections(page, "content-main")] == ["Catalogue"]
