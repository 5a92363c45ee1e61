"""url_for gives exactly what reverse() gives, only faster."""

import pytest
from django.urls import reverse

from wiki.links import url_for


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("wiki:show", {"show": "soundtrack"}),
        ("wiki:season", {"show": "soundtrack", "season": 1}),
        ("wiki:episode", {"show": "soundtrack", "season": 1, "episode": 2}),
        ("wiki:episode", {"show": "show-8001", "season": 8002, "episode": 1}),
        ("wiki:character", {"show": "soundtrack", "slug": "nellie"}),
        ("wiki:character", {"show": "a_b", "slug": "8001-8002"}),
        ("wiki:song", {"slug": "heat"}),
        ("wiki:artist", {"slug": "robyn"}),
        ("wiki:person", {"slug": "paul-james"}),
        ("wiki:home", {}),
        ("login", {}),
        ("wiki:accent", {"colour": "c2410c"}),
        ("recaps:comment", {"show": "soundtrack", "slug": "a-recap"}),
        ("recaps:comment", {"slug": "a-recap", "show": "soundtrack"}),
    ],
)
def test_url_for_matches_reverse(name, kwargs):
    assert url_for(name, **kwargs) == reverse(name, kwargs=kwargs)


def test_url_for_refuses_what_reverse_refuses():
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        url_for("wiki:song", slug="not a slug")
    with pytest.raises(NoReverseMatch):
        url_for("wiki:song", slug="")
    with pytest.raises(NoReverseMatch):
        url_for("wiki:accent", colour="not-a-colour")
