"""Top-level routes: the public site, the back-office admin and the REST API."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from smartikm.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("akun/", include("smartikm.accounts.urls")),
    path("kanal/", include("smartikm.channels.urls")),
    path("lapas/", include("smartikm.corrections.urls")),
    path("", include("smartikm.registry.urls")),
    path("", include("smartikm.catalog.urls")),
    path("", include("smartikm.web.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
