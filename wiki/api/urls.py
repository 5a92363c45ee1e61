from django.urls import path, re_path, register_converter

from wiki.api import docs as api_docs
from wiki.api import views as api
from wiki.converters import IdConverter

register_converter(IdConverter, "id")

app_name = "api"

urlpatterns = [
    path("", api.index, name="index"),
    path("shows/", api.show_list, name="shows"),
    path("shows/<id:pk>/", api.show_detail, name="show"),
    path("seasons/<id:pk>/", api.season_detail, name="season"),
    path("episodes/<id:pk>/", api.episode_detail, name="episode"),
    path("characters/", api.character_list, name="characters"),
    path("characters/<id:pk>/", api.character_detail, name="character"),
    path("songs/", api.song_list, name="songs"),
    path("songs/<id:pk>/", api.song_detail, name="song"),
    path("artists/", api.artist_list, name="artists"),
    path("artists/<id:pk>/", api.artist_detail, name="artist"),
    path("schema/", api_docs.schema, name="schema"),
    path("docs/", api_docs.docs, name="docs"),
    re_path(r"^.*$", api.not_found),
]
