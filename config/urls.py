from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Cuesheet editors"
admin.site.site_title = "Cuesheet editors"
admin.site.index_title = "Catalogue and recaps"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("recaps.urls")),
    path("", include("wiki.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
