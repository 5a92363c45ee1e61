from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from config.views import healthz

admin.site.site_header = "Cuesheet editors"
admin.site.site_title = "Cuesheet editors"
admin.site.index_title = "Catalogue and recaps"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", include("wiki.urls")),
]

if settings.SERVE_MEDIA:
    media = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(re_path(rf"^{media}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}))
