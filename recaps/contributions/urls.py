"""The contribution pages: each side's views keep their own ``urlpatterns``."""

from . import fan_views, review_views, suggest_views

app_name = "contrib"
urlpatterns = [*suggest_views.urlpatterns, *fan_views.urlpatterns, *review_views.urlpatterns]
