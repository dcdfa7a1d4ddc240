"""Owner pages: register an IKM in steps, pick a village, and nobody else's IKM is even acknowledged."""

import pytest
from django.urls import reverse

from smartikm.registry.choices import VerificationStatus
from smartikm.registry.models import Ikm
from smartikm.registry.tests.factories import STEP_DATA, make_ikm, register_ikm

pytestmark = pytest.mark.django_db


def test_owner_registers_an_ikm_in_steps_and_the_nik_never_sits_in_the_session(client, personas):
    client.force_login(personas.ikm_owner)
    for step in ("usaha", "izin", "lokasi"):
        client.post(reverse("registry:new", args=[step]), STEP_DATA[step])
        assert "3320065203850001" not in str(dict(client.session))
    ikm = register_ikm(client)
    assert ikm.owner == personas.ikm_owner
    assert ikm.status == VerificationStatus.DRAFT
    assert ikm.province_id == "33" and ikm.postal_code == "59431"
    assert ikm.owner_nik == "3320065203850001"
    assert ikm.store_links == {"instagram": "@rotanlestari", "shopee": "https://shopee.co.id/rotanlestari"}
    assert ikm.needs["online_admin"] is True and ikm.needs["bookkeeping"] is False
    assert ikm.needs["trainings_wanted"] == ["kemasan", "desain"]
    assert ikm.has_trademark and ikm.consumers == ["individuals", "companies"]
    assert "registry.new_ikm" not in client.session


def test_a_step_with_errors_is_shown_again_with_the_messages(client, personas):
    client.force_login(personas.ikm_owner)
    response = client.post(
        reverse("registry:new", args=["usaha"]), {**STEP_DATA["usaha"], "name": "", "workers": "-3"}
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Wajib diisi." in body
    assert 'aria-invalid="true"' in body


def test_skipping_to_the_owner_step_sends_the_owner_back_to_the_first_incomplete_step(client, personas):
    client.force_login(personas.ikm_owner)
    response = client.post(reverse("registry:new", args=["pemilik"]), STEP_DATA["pemilik"])
    assert response.status_code == 302 and "/usaha/" in response["Location"]
    assert not Ikm.objects.exists()


def test_village_picker_searches_names_without_listing_every_village(client, personas):
    client.force_login(personas.ikm_owner)
    response = client.get(
        reverse("registry:village_search"), {"q": "Mulyoharjo, Jepara"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert 'value="33.20.06.2012"' in body and "<html" not in body
    assert body.count('type="radio"') <= 10
    page = client.get(reverse("registry:village_search"), {"q": "mulyoharjo"}).content.decode()
    assert "<html" in page and "33.20.06.2012" in page
    assert client.get(reverse("registry:village_search"), {"q": "\x00" * 500}).status_code == 200


def test_village_search_works_without_javascript_inside_the_location_step(client, personas):
    client.force_login(personas.ikm_owner)
    client.post(reverse("registry:new", args=["usaha"]), STEP_DATA["usaha"])
    client.post(reverse("registry:new", args=["izin"]), STEP_DATA["izin"])
    response = client.post(
        reverse("registry:new", args=["lokasi"]),
        {"village_q": "Senenan", "cari_desa": "1", "address": "Jl. Pemuda 3"},
    )
    body = response.content.decode()
    assert 'name="village_pick" value="33.20.11.2014"' in body
    assert 'value="Jl. Pemuda 3"' in body
    response = client.post(
        reverse("registry:new", args=["lokasi"]), {"village_pick": "33.20.11.2014", "address": "Jl. Pemuda 3"}
    )
    assert response.status_code == 302
    assert client.session["registry.new_ikm"]["village"] == "33.20.11.2014"


def test_owner_cannot_open_someone_elses_ikm_or_product(client, personas):
    other = make_ikm(personas.outsider, name="Milik Orang Lain", status=VerificationStatus.DRAFT)
    client.force_login(personas.ikm_owner)
    assert client.get(reverse("registry:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("registry:edit", args=[other.pk, "usaha"])).status_code == 404
    assert client.post(reverse("registry:submit", args=[other.pk])).status_code == 404
    assert client.get(reverse("catalog:new", args=[other.pk])).status_code == 404


def test_a_store_link_that_is_not_an_http_address_is_refused_on_the_market_step(client, personas):
    client.force_login(personas.ikm_owner)
    ikm = register_ikm(client)
    data = {**STEP_DATA["pasar"], "store_website": "javascript:alert(1)"}
    response = client.post(reverse("registry:edit", args=[ikm.pk, "pasar"]), data)
    assert response.status_code == 422
    assert "http://" in response.content.decode()
    ikm.refresh_from_db()
    assert "website" not in ikm.store_links
