from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from smartikm.web.views import home, operations, province, seo

# The other public pages live in their apps' `public_urlpatterns`; smartikm/urls.py puts these and
# those together in the "web" namespace (so "web:home", "web:sitemap-section" resolve).
urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", home.healthz, name="healthz"),
    path("provinsi/<str:code>/", province.province, name="province"),
    path("jadwal/", operations.scheduled_jobs, name="scheduled-jobs"),
    path("robots.txt", seo.robots_txt, name="robots"),
    # An index with one file per section: at national scale a single file would pass the
    # 50,000-URL limit, and the index paginates each section by itself.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": seo.SITEMAPS, "sitemap_url_name": "web:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": seo.SITEMAPS},
        name="sitemap-section",
    ),
]
