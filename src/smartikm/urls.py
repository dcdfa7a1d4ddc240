"""Top-level routes: the public site, the back-office admin, the REST API and uploaded files.

Each app owns its pages and its `urls.py`. The public pages of all apps share one namespace, "web",
because that is where they were named when the `web` app held them all: templates, partners' links
and bookmarks reverse "web:product", "web:ikm", ... and keep working. An app's `public_urlpatterns`
lists its public pages; its `urlpatterns` (own namespace) its signed-in pages.
"""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from smartikm.api import api
from smartikm.catalog import urls as catalog_urls
from smartikm.corrections import urls as corrections_urls
from smartikm.curation import urls as curation_urls
from smartikm.registry import urls as registry_urls
from smartikm.web import urls as web_urls

public_pages = [
    *web_urls.urlpatterns,
    *registry_urls.public_urlpatterns,
    *catalog_urls.public_urlpatterns,
    *curation_urls.public_urlpatterns,
    *corrections_urls.public_urlpatterns,
]

urlpatterns: list[URLPattern | URLResolver] = [
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
    path("", include((public_pages, "web"))),
]
