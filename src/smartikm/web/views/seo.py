"""robots.txt and the sitemap sections (django.contrib.sitemaps)."""

from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse

from smartikm.catalog.queries import public_products
from smartikm.reference.models import Region
from smartikm.registry.models import Ikm, Sentra

# Pages behind a login or for machines: not for search engines.
DISALLOWED = (
    "/admin/",
    "/akun/",
    "/ikm-saya/",
    "/produk-saya/",
    "/petugas/",
    "/wilayah/",
    "/api/",
    "/i18n/",
    "/jadwal/",
)


def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('web:sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


class StaticSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["web:home", "web:search", "web:curation-results", "web:graduation"]

    def location(self, item):
        return reverse(item)


class IkmSitemap(Sitemap):
    """Verified IKM only: drafts, pending and rejected profiles are not public."""

    changefreq = "weekly"

    def items(self):
        return Ikm.objects.public().only("id", "updated_at").order_by("id")

    def location(self, item):
        return reverse("web:ikm", args=[item.pk])

    def lastmod(self, item):
        return item.updated_at


class ProductSitemap(Sitemap):
    """Public products only (catalog.queries.public_products: active, of a verified IKM or active UPT)."""

    changefreq = "weekly"

    def items(self):
        # Same rule as the pages, without the joins and images they need.
        return (
            public_products()
            .select_related(None)
            .prefetch_related(None)
            .only("id", "updated_at")
            .order_by("id")
        )

    def location(self, item):
        return reverse("web:product", args=[item.pk])

    def lastmod(self, item):
        return item.updated_at


class SentraSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Sentra.objects.filter(is_active=True).only("id", "updated_at").order_by("id")

    def location(self, item):
        return reverse("web:sentra", args=[item.pk])

    def lastmod(self, item):
        return item.updated_at


class ProvinceSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Region.objects.filter(level=1, is_active=True).only("code").order_by("code")

    def location(self, item):
        return reverse("web:province", args=[item.code])


SITEMAPS = {
    "halaman": StaticSitemap,
    "ikm": IkmSitemap,
    "produk": ProductSitemap,
    "sentra": SentraSitemap,
    "provinsi": ProvinceSitemap,
}
