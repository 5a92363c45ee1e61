from django.urls import include, path, re_path, register_converter

from wiki.converters import NumberConverter
from wiki.pages import accounts, views
from wiki.search import views as search_views

register_converter(NumberConverter, "num")

app_name = "wiki"

show = "shows/<slug:show>/"
season = show + "season-<num:season>/"

urlpatterns = [
    path("", views.home, name="home"),
    path("shows/", views.show_list, name="show_list"),
    path("search/", search_views.search_page, name="search"),
    path("search/suggest/", search_views.search_suggestions, name="search_suggest"),
    path(show, views.show_detail, name="show"),
    path(show + "characters/", views.character_list, name="character_list"),
    path(show + "characters/<slug:slug>/", views.character_detail, name="character"),
    path(show + "songs/", views.show_songs, name="show_songs"),
    path(show + "shield/", accounts.shield_update, name="shield"),
    path(season, views.season_detail, name="season"),
    path(season + "episode-<num:episode>/", views.episode_detail, name="episode"),
    path("songs/", views.song_index, name="song_index"),
    path("shields/", views.shield_list, name="shields"),
    path("songs/<slug:slug>/", views.song_detail, name="song"),
    path("artists/<slug:slug>/", views.artist_detail, name="artist"),
    path("people/<slug:slug>/", views.person_detail, name="person"),
    path("", include("wiki.exports.views")),
    re_path(r"^accents/(?P<colour>[0-9a-f]{6})\.css$", views.accent_stylesheet, name="accent"),
]
