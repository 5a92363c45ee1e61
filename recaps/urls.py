from django.urls import path

from . import editor_views, feeds, import_views, views

app_name = "recaps"

urlpatterns = [
    path("recaps/", views.recap_list, name="list"),
    path("recaps/feed/rss/", feeds.LatestRecapsFeed(), name="feed_rss"),
    path("recaps/feed/atom/", feeds.LatestRecapsAtomFeed(), name="feed_atom"),
    path("recaps/<slug:show>/", views.show_recaps, name="show"),
    path("recaps/<slug:show>/feed/rss/", feeds.LatestRecapsFeed(), name="show_feed_rss"),
    path("recaps/<slug:show>/feed/atom/", feeds.LatestRecapsAtomFeed(), name="show_feed_atom"),
    path("recaps/<slug:show>/<slug:slug>/", views.recap_detail, name="recap"),
    path("recaps/<slug:show>/<slug:slug>/comments/", views.comment_create, name="comment"),
    path("recaps/<slug:show>/<slug:slug>/comments/token/", views.comment_token, name="comment_token"),
    path("editors/changes/", editor_views.recent_changes, name="recent_changes"),
    path("editors/versions/<int:pk>/", editor_views.version_diff, name="version_diff"),
    path("editors/versions/<int:pk>/revert/", editor_views.version_revert_view, name="version_revert"),
    path("editors/import/", import_views.import_index, name="import_index"),
    path("editors/import/<slug:name>/", import_views.import_upload, name="import_upload"),
    path("editors/import/<slug:name>/apply/", import_views.import_apply, name="import_apply"),
    path("editors/markdownx/markdownify/", editor_views.markdownify, name="markdownify"),
    path("editors/markdownx/upload/", editor_views.upload, name="upload"),
]
