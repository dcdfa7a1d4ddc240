"""Certificate scans are private: stored outside the public media folder, served through /berkas/ only
to the IKM's owner, its province's officers and ministry staff; uploads under /media/ are served with
headers that keep them from running in the site's origin."""

import datetime

import pytest
from django.core.files.base import ContentFile

from smartikm.registry.models import Certification

SCAN = b"%PDF-1.4 sertifikat halal"


@pytest.fixture
def scanned_certificate(make_ikm, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    ikm = make_ikm()  # Jawa Tengah, owned by the ikm_owner persona
    cert = Certification.objects.create(
        ikm=ikm, kind_id="HALAL", number="ID33110000123", issuer="BPJPH", valid_from=datetime.date(2024, 1, 1)
    )
    cert.file.save("halal.pdf", ContentFile(SCAN))
    return cert


def test_a_certificate_scan_is_kept_outside_the_public_media_folder(scanned_certificate, settings):
    assert (settings.PRIVATE_ROOT / scanned_certificate.file.name).read_bytes() == SCAN
    assert not (settings.MEDIA_ROOT / scanned_certificate.file.name).exists()
    assert scanned_certificate.file.url.startswith("/berkas/certifications/")


@pytest.mark.parametrize("who", ["ikm_owner", "officer_jateng", "ministry_admin"])
def test_the_owner_the_provinces_officer_and_ministry_staff_download_the_scan(
    who, scanned_certificate, personas, client
):
    client.force_login(getattr(personas, who))
    response = client.get(scanned_certificate.file.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SCAN
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize("who", [None, "officer_jatim", "buyer", "outsider"])
def test_anyone_else_gets_the_same_404_as_for_a_missing_file(who, scanned_certificate, personas, client):
    if who:
        client.force_login(getattr(personas, who))
    assert client.get(scanned_certificate.file.url).status_code == 404
    assert client.get("/media/" + scanned_certificate.file.name).status_code == 404
    assert client.get("/berkas/certifications/tidak-ada.pdf").status_code == 404


def test_the_owner_page_links_the_scan_through_the_checked_view(scanned_certificate, personas, client):
    client.force_login(personas.ikm_owner)
    page = client.get(f"/ikm-saya/{scanned_certificate.ikm.pk}/").content.decode()
    assert f'href="{scanned_certificate.file.url}"' in page


def test_public_uploads_are_never_run_as_html_and_only_images_show_inline(settings, tmp_path, client, db):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "products").mkdir()
    (tmp_path / "products" / "foto.jpg").write_bytes(b"\xff\xd8\xff\xe0jpeg")
    (tmp_path / "products" / "jahat.html").write_bytes(b"<script>alert(1)</script>")
    (tmp_path / "products" / "gambar.svg").write_bytes(b"<svg onload='alert(1)'/>")

    photo = client.get("/media/products/foto.jpg")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    assert "attachment" not in photo.get("Content-Disposition", "")
    for name in ("jahat.html", "gambar.svg"):
        response = client.get(f"/media/products/{name}")
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
    assert client.get("/media/../settings.py").status_code == 404
    assert client.get("/media/products/").status_code == 404
    again = client.get("/media/products/foto.jpg", HTTP_IF_MODIFIED_SINCE=photo["Last-Modified"])
    assert again.status_code == 304
