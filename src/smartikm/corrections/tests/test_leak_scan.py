"""Privacy by construction, checked from the outside: plant distinctive names, a NIK and artisan
codes, then fetch every public page, every public API GET route and every export, anonymously, and
find none of them in any body or header.

The scan is data-driven: pages come from the sitemap (when there is one), the home page and the URL
resolver (every route, path parameters filled with real ids and slugs); API routes come from
/api/openapi.json. A page or endpoint added later is scanned without touching this file.
"""

import ast
import datetime
import itertools
import json
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from smartikm.catalog.models import Category
from smartikm.catalog.tests.factories import make_ikm
from smartikm.core.models import AuditEntry
from smartikm.corrections import actions
from smartikm.corrections.tests.conftest import LAST_MONTH, SECRET_NAME, SECRET_NIK

pytestmark = pytest.mark.django_db

SKIP_PREFIXES = ("admin/", "api/", "i18n/", "static/", "media/")  # the API is scanned via OpenAPI
MAX_COMBINATIONS = 40
PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")
API_PARAM = re.compile(r"{(?P<name>[^}:]+)(?::[^}]*)?}")


@pytest.fixture
def planted(upt_a, officer_a, product_a, artisans_a, personas):
    """Everything a careless page could leak, plus ordinary public data so list pages have rows."""
    actions.set_restricted_name(artisans_a[0], SECRET_NAME, note=f"NIK {SECRET_NIK}", actor=officer_a)
    for artisan in artisans_a:
        actions.record_work(artisan, product_a, LAST_MONTH, pieces=3, actor=officer_a)
    sale = actions.record_manual_sale(upt_a, product_a, 123_457, datetime.date(2026, 1, 9), actor=officer_a)
    actions.reverse_sale(sale, reason="uji", actor=officer_a)
    actions.record_manual_sale(upt_a, product_a, 80_000, datetime.date(2026, 1, 12), actor=officer_a)
    actions.release_artisan(artisans_a[2], released_on=datetime.date(2026, 2, 1), actor=officer_a)
    ikm = make_ikm(personas.ikm_owner)
    markers = [SECRET_NAME, SECRET_NIK, *(a.code for a in artisans_a)]
    return {"markers": markers, "ikm": ikm, "product": product_a, "upt": upt_a}


def candidate_values(planted) -> dict[str, list[str]]:
    """Real values for path parameters, by converter."""
    ints = sorted({planted["product"].pk, planted["ikm"].pk, planted["upt"].pk, 1})
    slugs = list(Category.objects.filter(is_active=True).order_by("id").values_list("slug", flat=True)[:2])
    strs = [*slugs, "33", "33.74", str(planted["product"].pk)]
    return {"int": [str(i) for i in ints], "slug": slugs, "str": strs, "path": strs, "year": ["2026"]}


def _walk(patterns, prefix=""):
    for p in patterns:
        if not isinstance(p.pattern, RoutePattern):
            route = str(p.pattern).lstrip("^").rstrip("$")
            if "(" in route or "[" in route:
                continue  # regex groups: only django.conf.urls.i18n and admin use them
        else:
            route = str(p.pattern)
        full = prefix + route
        if full.startswith(SKIP_PREFIXES):
            continue
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, full)
        elif isinstance(p, URLPattern):
            yield full


def _fill(pattern: re.Pattern[str], text: str, values: tuple[str, ...]) -> str:
    """The text with each match of the parameter pattern replaced by the next value."""
    it = iter(values)
    return pattern.sub(lambda _m: next(it), text)


def page_urls(planted) -> list[str]:
    values = candidate_values(planted)
    urls: list[str] = ["/"]
    for route in _walk(get_resolver().url_patterns):
        params = PARAM.findall(route)
        choices = [values.get(conv or "str", values["str"]) for conv, _name in params]
        for combo in itertools.islice(itertools.product(*choices), MAX_COMBINATIONS):
            urls.append("/" + _fill(PARAM, route, combo))
    return list(dict.fromkeys(urls))


def api_urls(client, planted) -> list[str]:
    schema = client.get("/api/openapi.json").json()
    values = candidate_values(planted)["int"]
    urls = []
    for path, ops in schema["paths"].items():
        if "get" not in ops:
            continue
        names = API_PARAM.findall(path)
        if not names:
            urls.append(path)
            continue
        fill = {"year": ["2026"], "month": ["1"]}
        for combo in itertools.islice(
            itertools.product(*(fill.get(n, values) for n in names)), MAX_COMBINATIONS
        ):
            urls.append(_fill(API_PARAM, path, combo))
    return urls


def assert_clean(response, url: str, markers: list[str]) -> None:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    headers = json.dumps(dict(response.headers))
    for marker in markers:
        assert marker not in text, f"{marker!r} leaked in the body of {url}"
        assert marker not in headers, f"{marker!r} leaked in the headers of {url}"
        assert marker.encode() not in body, f"{marker!r} leaked in the bytes of {url}"


def test_no_public_page_shows_a_name_nik_or_artisan_code(planted):
    client = Client()
    urls = page_urls(planted)
    sitemap = client.get("/sitemap.xml")
    if sitemap.status_code == 200:
        # <loc> elements by pattern: no XML parser needed for our own, well-formed sitemap
        locs = re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", sitemap.content.decode())
        urls += [re.sub(r"^https?://[^/]+", "", loc) for loc in locs]
    fetched = 0
    for url in dict.fromkeys(urls):
        response = client.get(url)
        assert response.status_code < 500, url
        assert_clean(response, url, planted["markers"])
        fetched += response.status_code == 200
    assert fetched >= 1  # at least the home page answered


def test_no_public_api_route_or_export_returns_a_name_nik_or_artisan_code(planted):
    client = Client()
    urls = api_urls(client, planted)
    assert "/api/catalog/products" in urls and "/api/corrections/programme" in urls
    ok = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        assert_clean(response, url, planted["markers"])
        ok += response.status_code == 200
    detail = client.get(f"/api/catalog/products/{planted['product'].pk}")
    assert detail.status_code == 200 and "Karya warga binaan" in detail.content.decode()
    assert ok >= 3


def test_the_restricted_name_never_enters_the_audit_trail(planted):
    dumped = json.dumps([[e.before, e.after, e.note, e.object_repr] for e in AuditEntry.objects.all()])
    assert SECRET_NAME not in dumped and SECRET_NIK not in dumped


def _reaches_restricted(source: str) -> bool:
    """Imports the restricted module or names the ArtisanRestricted class in code (not in prose)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = {a.name for a in node.names}
            if node.module == "smartikm.corrections.restricted" or (
                node.module == "smartikm.corrections" and "restricted" in names
            ):
                return True
        elif (
            isinstance(node, ast.Import)
            and any(a.name == "smartikm.corrections.restricted" for a in node.names)
            or (
                (isinstance(node, ast.Name) and node.id == "ArtisanRestricted")
                or (isinstance(node, ast.Attribute) and node.attr == "ArtisanRestricted")
                or (isinstance(node, ast.alias) and node.name == "ArtisanRestricted")
            )
        ):
            return True
    return False


def test_no_module_outside_the_corrections_core_reaches_the_restricted_model():
    """Only models, actions and restricted.py (and tests) may import or name ArtisanRestricted."""
    root = Path(__file__).resolve().parents[2]
    allowed = {"corrections/models.py", "corrections/actions.py", "corrections/restricted.py"}
    offenders = [
        path.relative_to(root).as_posix()
        for path in root.rglob("*.py")
        if path.relative_to(root).as_posix() not in allowed
        and "/tests/" not in path.as_posix()
        and "/migrations/" not in path.as_posix()
        and _reaches_restricted(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert offenders == []


def test_the_import_check_would_catch_an_offender():
    assert _reaches_restricted("from smartikm.corrections.models import Artisan, ArtisanRestricted")
    assert _reaches_restricted("from smartikm.corrections import restricted")
    assert not _reaches_restricted('"""ArtisanRestricted is not imported here."""')
