from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from config.views import healthz, robots_txt
from wiki.pages import accounts, sitemaps

# Errors under /api/ are JSON wherever they arise (config.views); pages keep their HTML.
handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemaps.index, name="sitemap_index"),
    path("sitemap-<section>.xml", sitemaps.section, name="django.contrib.sitemaps.views.sitemap"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", accounts.ReaderLoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("wiki.api.urls")),
    path("", include("recaps.contributions.urls")),
    path("", include("recaps.urls")),
    path("", include("wiki.urls")),
]

if settings.SERVE_MEDIA:
    media = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(re_path(rf"^{media}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}))
