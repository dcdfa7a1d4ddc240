"""The whole journey in a real browser (Debian's chromium through Playwright), with screenshots.

A new user signs up, confirms the e-mail, registers an IKM in Jawa Tengah with a product and submits
it; the Jawa Timur officer does not see it, the Jawa Tengah officer approves it; it is then public.
No page may log a console error. Screenshots of the main pages go to docs/screenshots/.

The live server needs committed data, so this test runs in a transactional database that Django
flushes afterwards. The flush also removes the reference data and rows created by data migrations
that the rest of the suite relies on: the module fixture from smartikm.core.testing snapshots those
rows first and puts them back (reference data through the idempotent `loadref`).
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.db import connections
from PIL import Image

from smartikm.core.testing import restore_database_after  # noqa: F401 - fixture

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[4] / "docs" / "screenshots"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 860}
PASSWORD = "rahasia-uji-123"

if not Path(CHROMIUM).exists():
    if os.environ.get("CI") == "true":
        raise RuntimeError(
            f"{CHROMIUM} is missing: in CI the browser tests must run (make install-dev installs it)"
        )
    pytest.skip(
        f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium, or `make test`)",
        allow_module_level=True,
    )

from playwright.sync_api import expect, sync_playwright  # noqa: E402


@pytest.fixture
def browser_page(live_server, monkeypatch, restore_database_after):  # noqa: F811
    # Playwright's sync API runs an event loop in this thread; the ORM calls in between are ordinary
    # synchronous code, so Django's async-safety guard is switched off for this test only.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # The browser keeps connections alive; server threads must not keep database sessions open
    # past each request, or PostgreSQL refuses to drop the test database at the end.
    monkeypatch.setitem(connections["default"].settings_dict, "CONN_MAX_AGE", 0)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=DESKTOP, locale="id-ID")
        page = context.new_page()
        page.console_errors = []
        page.on(
            "console", lambda m: m.type == "error" and page.console_errors.append(f"{page.url}: {m.text}")
        )
        page.on("pageerror", lambda e: page.console_errors.append(f"{page.url}: {e}"))
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()
        # ORM calls made inside Playwright's event loop got connections of their own (asgiref's
        # Local follows the context); close them here or PostgreSQL keeps the test database busy.
        connections.close_all()


def shot(page, name: str, *, phone: bool = False, desktop: bool = True) -> None:
    if phone:
        page.set_viewport_size(PHONE)
        fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert fits, f"{page.url} scrolls sideways at 360 px"
        page.screenshot(path=SCREENSHOTS / f"{name}-360.png", full_page=True)
        page.set_viewport_size(DESKTOP)
    if desktop:
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def jpeg_file(tmp_path) -> Path:
    path = tmp_path / "keranjang.jpg"
    img = Image.new("RGB", (800, 600), (181, 134, 72))
    for x in range(0, 800, 40):  # a woven look, so the screenshot shows a photo, not a blank
        for y in range(0, 600, 40):
            if (x + y) // 40 % 2:
                img.paste((140, 96, 44), (x, y, x + 40, y + 40))
    img.save(path, "JPEG")
    return path


def log_in(page, base, username):
    page.goto(f"{base}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def log_out(page):
    page.get_by_role("button", name=re.compile("Keluar|Log out")).click()
    page.wait_for_load_state()


def public_seed(personas):
    """A verified IKM with a product and a sentra, so the public pages have something to show."""
    from smartikm.catalog.tests.public_site import make_product
    from smartikm.registry.models import Sentra, SentraMember
    from smartikm.registry.tests.factories import make_ikm

    ikm = make_ikm(personas.outsider, name="Batik Tulis Kartini")
    make_product(ikm)
    sentra = Sentra.objects.create(
        name="Sentra Anyaman Mulyoharjo",
        village_id="33.20.06.2012",
        province_id="33",
        regency_id="33.20",
        commodity="Anyaman rotan",
        kbli_id="16291",
        supervising_agency="Disperindag Kabupaten Jepara",
        established_year=1998,
    )
    SentraMember.objects.create(sentra=sentra, ikm=ikm)
    return sentra


@pytest.mark.django_db(transaction=True)
def test_new_owner_registers_an_ikm_that_the_jawa_tengah_officer_approves(
    browser_page, live_server, mailoutbox, tmp_path, settings
):
    from smartikm.accounts.personas import make_personas
    from smartikm.catalog.models import Product
    from smartikm.registry.models import Ikm

    page, base = browser_page, live_server.url
    settings.MEDIA_ROOT = tmp_path / "media"
    personas = make_personas()
    sentra = public_seed(personas)

    # Home, keyboard first: the first Tab reaches the skip link.
    page.goto(base + "/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    shot(page, "home", phone=True)

    # Sign up and confirm the e-mail.
    page.get_by_role("link", name="Daftar", exact=True).click()
    page.fill("#id_username", "rina.rotan")
    page.fill("#id_first_name", "Rina Wati")
    page.fill("#id_email", "rina@contoh.id")
    page.fill("#id_password1", "kata-sandi-panjang-7")
    page.fill("#id_password2", "kata-sandi-panjang-7")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Periksa e-mail Anda")
    link = re.search(r"https?://\S+/akun/konfirmasi/\S+/", mailoutbox[-1].body).group(0)
    page.goto(link)
    expect(page.locator("h1")).to_have_text("IKM saya")

    # Register the IKM in steps.
    page.get_by_role("link", name="Daftarkan IKM baru").click()
    page.fill("#id_name", "Anyaman Rotan Lestari")
    page.fill("#id_phone", "0291 591234")
    page.fill("#id_founded_on", "2015-02-01")
    page.fill("#id_workers", "6")
    page.fill("#id_investment", "120000000")
    page.fill("#id_description", "Kerajinan anyaman rotan dari Jepara.")
    shot(page, "registration-step", phone=True, desktop=False)
    page.get_by_role("button", name="Simpan dan lanjut").click()
    page.get_by_label("Belum ada").check()
    page.fill("#id_kbli", "16291")
    page.get_by_role("button", name="Simpan dan lanjut").click()
    page.wait_for_load_state()
    page.wait_for_function("() => window.htmx !== undefined")
    page.fill("#village-q", "Mulyoharjo, Jepara")  # htmx asks the picker endpoint as one types
    pick = page.locator("input[name=village_pick][value='33.20.06.2012']")
    expect(pick).to_be_visible(timeout=30_000)
    pick.check()
    page.fill("#id_address", "Jl. Pemuda No. 3")
    shot(page, "registration-location", phone=True, desktop=False)
    page.get_by_role("button", name="Simpan dan lanjut").click()
    page.fill("#id_owner_name", "Rina Wati")
    page.fill("#id_owner_nik", "3320065203850001")
    page.fill("#id_owner_birth_date", "1985-03-12")
    page.get_by_role("button", name="Simpan dan lanjut").click()
    page.fill("#id_store_instagram", "@rotanlestari")
    page.select_option("#id_marketing_reach", "national")
    page.get_by_role("button", name="Simpan dan lanjut").click()
    page.get_by_label("Pemasaran").first.check()
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.locator("h1")).to_have_text("Anyaman Rotan Lestari")

    # A product with a photo, shown publicly once the IKM is verified.
    page.get_by_role("link", name="Tambah produk").click()
    page.fill("#id_name_id", "Kerajinan Anyaman Rotan")
    page.fill("#id_name_en", "Woven Rattan Craft")
    page.fill("#id_description_id", "Keranjang anyaman rotan buatan tangan pengrajin Jepara.")
    page.select_option("#id_category", label="Anyaman rotan dan bambu")
    page.fill("#id_price", "Rp 85.000")
    page.fill("#id_stock", "20")
    page.get_by_role("button", name="Simpan produk").click()
    page.set_input_files("#id_image", jpeg_file(tmp_path))
    page.fill("#id_alt_text", "Keranjang rotan bundar berwarna cokelat")
    page.get_by_role("button", name="Unggah foto").click()
    page.get_by_role("button", name="Aktifkan (tampilkan)").click()
    expect(page.locator(".badge.ok")).to_have_text("Aktif")
    page.get_by_role("link", name="Anyaman Rotan Lestari").click()
    page.get_by_role("button", name="Ajukan verifikasi").click()
    expect(page.locator(".badge.wait")).to_have_text("Diajukan")
    ikm = Ikm.objects.get(name="Anyaman Rotan Lestari")
    product = Product.objects.get(name_id="Kerajinan Anyaman Rotan")
    log_out(page)

    # The Jawa Timur officer does not see it; the Jawa Tengah officer approves it.
    log_in(page, base, "petugas.jatim")
    page.goto(f"{base}/petugas/antrean/")
    expect(page.locator("main")).not_to_contain_text("Anyaman Rotan Lestari")
    # Asked outside the page: a navigation to an error page would itself log a console error.
    assert page.context.request.get(f"{base}/petugas/ikm/{ikm.pk}/").status == 404
    log_out(page)
    log_in(page, base, "petugas.jateng")
    page.goto(f"{base}/petugas/antrean/")
    shot(page, "officer-queue", phone=True)
    page.get_by_role("link", name="Anyaman Rotan Lestari").click()
    shot(page, "officer-review")
    page.get_by_role("button", name="Setujui (verifikasi)").click()
    expect(page.locator(".messages")).to_contain_text("terverifikasi")
    log_out(page)

    # Public pages.
    page.goto(f"{base}/produk/{product.pk}/")
    expect(page.locator("h1")).to_have_text("Kerajinan Anyaman Rotan")
    expect(page.locator(".gallery img").first).to_have_attribute(
        "alt", "Keranjang rotan bundar berwarna cokelat"
    )
    assert page.evaluate("document.querySelector('.gallery img').naturalWidth") > 0
    shot(page, "product", phone=True)
    page.goto(f"{base}/ikm/{ikm.pk}/")
    expect(page.locator("main")).not_to_contain_text("3320065203850001")
    shot(page, "ikm-profile", phone=True)
    page.goto(f"{base}/sentra/{sentra.pk}/")
    shot(page, "sentra", phone=True)
    page.goto(f"{base}/provinsi/33/")
    shot(page, "province")

    page.goto(f"{base}/cari/?q=pengrajin+anyam")
    shot(page, "search", phone=True)
    if search_is_available():
        expect(page.locator("main")).to_contain_text("Kerajinan Anyaman Rotan")

    # The language switch: the same page in English, then back.
    page.goto(f"{base}/produk/{product.pk}/")
    page.select_option("#lang-select", "en")
    page.get_by_role("button", name="Ganti").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Woven Rattan Craft")
    expect(page.locator("header nav")).to_contain_text("Search products")
    page.select_option("#lang-select", "id")
    page.locator("form.lang button").click()
    expect(page.locator("html")).to_have_attribute("lang", "id")

    assert page.console_errors == []


def search_is_available() -> bool:
    try:
        from smartikm.catalog.search import search  # noqa: F401
    except ImportError:
        return False
    return True


def test_browser_tests_leave_reference_data_for_the_rest_of_the_suite(db):
    # Runs after the journey above (same module, file order): the flush must have been undone.
    from smartikm.reference.models import Kbli, Region

    assert Region.objects.filter(level=4).count() == 83_762
    assert Kbli.objects.filter(code="16291").exists()


def test_chromium_is_debians_not_a_downloaded_build():
    assert shutil.which("chromium") == CHROMIUM or Path(CHROMIUM).exists()
