from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from smartikm.web.views import home, products, profiles, programme, search, seo

app_name = "web"
urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", home.healthz, name="healthz"),
    path("cari/", search.search, name="search"),
    path("produk/<int:pk>/", products.product, name="product"),
    path("ikm/<int:pk>/", profiles.ikm, name="ikm"),
    path("sentra/<int:pk>/", profiles.sentra, name="sentra"),
    path("provinsi/<str:code>/", profiles.province, name="province"),
    path("kurasi/hasil/", programme.curation_results, name="curation-results"),
    path("program/graduasi/", programme.graduation, name="graduation"),
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
