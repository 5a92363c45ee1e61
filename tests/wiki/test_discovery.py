"""Search engines and link previews: sitemap, robots.txt, Open Graph, JSON-LD."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def json_ld(page):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.mark.django_db
def test_every_sitemap_url_answers_200(client, demo):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]
    assert len(sections) == 7
    urls = []
    for section in sections:
        urlset = ET.fromstring(client.get(section.removeprefix("http://testserver")).content)
        urls += [loc.text for loc in urlset.findall("s:url/s:loc", NS)]
    assert "http://testserver/shows/soundtrack/season-1/episode-2/" in urls
    assert "http://testserver/shows/soundtrack/characters/nellie/" in urls
    assert len(urls) == 1 + 1 + 3 + 7 + 5 + 5 + 4
    for url in urls:
        assert client.get(url.removeprefix("http://testserver")).status_code == 200, url


@pytest.mark.django_db
def test_robots_txt_keeps_crawlers_out_of_admin_and_search(client):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body and "Disallow: /search/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


@pytest.mark.django_db
def test_pages_have_canonical_url_and_open_graph_tags(client, demo):
    page = client.get("/shows/soundtrack/season-1/episode-2/").content.decode()
    assert '<link rel="canonical" href="http://testserver/shows/soundtrack/season-1/episode-2/">' in page
    assert '<meta property="og:title" content="S1E2 “Track 2: Joanna and Nellie” – Soundtrack">' in page
    assert '<meta property="og:type" content="video.episode">' in page
    assert 'name="twitter:card" content="summary"' in page
    description = re.search(r'<meta name="description" content="([^"]+)"', page).group(1)
    assert f'<meta property="og:description" content="{description}">' in page


@pytest.mark.django_db
def test_paginated_pages_keep_their_page_in_the_canonical_url(client, demo):
    page = client.get("/shows/soundtrack/songs/?page=1").content.decode()
    assert '<link rel="canonical" href="http://testserver/shows/soundtrack/songs/">' in page


@pytest.mark.django_db
def test_episode_json_ld_is_a_tv_episode_with_series_characters_and_actors(client, demo):
    data = json_ld(client.get("/shows/soundtrack/season-1/episode-2/").content.decode())
    assert data["@type"] == "TVEpisode" and data["episodeNumber"] == 2
    assert data["partOfSeries"]["@type"] == "TVSeries" and data["partOfSeries"]["name"] == "Soundtrack"
    assert "Nellie" in [c["name"] for c in data["character"]]
    assert "Callie Hernandez" in [a["name"] for a in data["actor"]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, kind",
    [
        ("/shows/soundtrack/", "TVSeries"),
        ("/shows/soundtrack/season-1/", "TVSeason"),
        ("/people/paul-james/", "Person"),
        ("/shows/soundtrack/characters/sam/", "Person"),
        ("/songs/heat/", "MusicRecording"),
        ("/artists/duffy/", "MusicGroup"),
    ],
)
def test_each_page_type_has_its_schema_org_type(client, demo, url, kind):
    data = json_ld(client.get(url).content.decode())
    assert data["@context"] == "https://schema.org" and data["@type"] == kind


@pytest.mark.django_db
def test_song_json_ld_names_its_artist(client, demo):
    data = json_ld(client.get("/songs/heat/").content.decode())
    assert data["byArtist"] == {
        "@type": "MusicGroup",
        "name": "Kelly Clarkson",
        "url": "http://testserver/artists/kelly-clarkson/",
    }


@pytest.mark.django_db
def test_json_ld_cannot_break_out_of_its_script(client):
    from tests import factories as f

    show = f.make_show(title="</script><script>alert(1)</script>", slug="evil")
    page = client.get(show.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in page
    assert json_ld(page)["name"] == "</script><script>alert(1)</script>"
