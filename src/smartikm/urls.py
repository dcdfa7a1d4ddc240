"""Top-level routes: the public site, the back-office admin, the REST API and uploaded files."""

from django.contrib import admin
from django.urls import include, path

from smartikm.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Uploads are served by the app in every set-up, with safe headers (see core.files).
    path("", include("smartikm.core.urls")),
    path("akun/", include("smartikm.accounts.urls")),
    path("kanal/", include("smartikm.channels.urls")),
    path("lapas/", include("smartikm.corrections.urls")),
    path("", include("smartikm.registry.urls")),
    path("", include("smartikm.catalog.urls")),
    path("", include("smartikm.web.urls")),
]
