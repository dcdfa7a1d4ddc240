"""Self-service: sign up and confirm, register an IKM in steps, products, submit; the officer desk."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from smartikm.accounts.models import User
from smartikm.catalog.choices import ProductStatus
from smartikm.catalog.models import Category, Product
from smartikm.catalog.tests.factories import image_bytes
from smartikm.registry.choices import VerificationStatus
from smartikm.registry.models import Ikm
from smartikm.web.tests.conftest import MULYOHARJO, WIDORO, make_ikm

pytestmark = pytest.mark.django_db

STEP_DATA = {
    "usaha": {
        "name": "Anyaman Rotan Lestari",
        "business_type": "own_production",
        "phone": "0291 591234",
        "email": "rotan@contoh.id",
        "founded_on": "2015-02-01",
        "workers": "6",
        "investment": "120000000",
        "description": "Kerajinan anyaman rotan.",
    },
    "izin": {"npwp": "", "nib": "", "licences": ["none"], "kbli": "16291"},
    "lokasi": {"village": MULYOHARJO, "address": "Jl. Pemuda 3", "postal_code": ""},
    "pemilik": {
        "owner_name": "Rina Wati",
        "owner_phone": "0813 2500 9988",
        "owner_birth_date": "1985-03-12",
        "owner_nik": "3320065203850001",
        "owner_education": "sma",
    },
    "pasar": {
        "store_instagram": "@rotanlestari",
        "store_shopee": "https://shopee.co.id/rotanlestari",
        "consumers": ["individuals", "companies"],
        "marketing_reach": "national",
        "has_trademark": "on",
    },
    "kebutuhan": {
        "online_admin": "ya",
        "bookkeeping": "tidak",
        "problems": ["pemasaran"],
        "programmes_wanted": ["pameran_luar_negeri"],
        "trainings_wanted": ["kemasan", "desain"],
    },
}


def register_ikm(client) -> Ikm:
    for step in ("usaha", "izin", "lokasi"):
        response = client.post(reverse("registry:new", args=[step]), STEP_DATA[step])
        assert response.status_code == 302, response.content.decode()[:3000]
    response = client.post(reverse("registry:new", args=["pemilik"]), STEP_DATA["pemilik"])
    assert response.status_code == 302, response.content.decode()[:3000]
    ikm = Ikm.objects.get(name="Anyaman Rotan Lestari")
    assert response["Location"] == reverse("registry:edit", args=[ikm.pk, "pasar"])
    for step in ("pasar", "kebutuhan"):
        response = client.post(reverse("registry:edit", args=[ikm.pk, step]), STEP_DATA[step])
        assert response.status_code == 302, response.content.decode()[:3000]
    ikm.refresh_from_db()
    return ikm


def test_sign_up_sends_a_confirmation_link_and_the_account_works_only_after_it(client, mailoutbox):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "rina",
            "email": "Rina@Contoh.id",
            "password1": "kata-sandi-panjang-7",
            "password2": "kata-sandi-panjang-7",
        },
    )
    assert response.status_code == 200 and "rina@contoh.id" in response.content.decode()
    user = User.objects.get(username="rina")
    assert not user.is_active
    assert not client.login(username="rina", password="kata-sandi-panjang-7")
    link = re.search(r"http://testserver(/akun/konfirmasi/\S+/)", mailoutbox[0].body).group(1)
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == reverse("registry:dashboard")
    user.refresh_from_db()
    assert user.is_active
    assert client.get(reverse("registry:dashboard")).status_code == 200


def test_a_tampered_confirmation_link_is_refused(client):
    assert client.get(reverse("accounts:confirm", args=["bukan-token"])).status_code == 400


def test_sign_up_refuses_an_address_already_in_use(client, personas):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "lain",
            "email": personas.ikm_owner.email.upper(),
            "password1": "kata-sandi-panjang-7",
            "password2": "kata-sandi-panjang-7",
        },
    )
    assert "sudah dipakai" in response.content.decode()


def test_login_page_is_the_login_url_and_logs_in(client, personas):
    response = client.get(reverse("registry:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    response = client.post(
        reverse("accounts:login"), {"username": "pemilik.ikm", "password": "rahasia-uji-123"}
    )
    assert response.status_code == 302


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


def test_owner_adds_a_product_with_a_photo_activates_it_and_submits(client, personas):
    client.force_login(personas.ikm_owner)
    ikm = register_ikm(client)
    response = client.post(
        reverse("catalog:new", args=[ikm.pk]),
        {
            "name_id": "Kerajinan Anyaman Rotan",
            "description_id": "Keranjang rotan anyaman tangan.",
            "category": Category.objects.filter(parent__isnull=False, is_active=True).first().pk,
            "price": "Rp 85.000",
            "moq": "1",
            "unit": "pcs",
            "stock": "20",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    product = Product.objects.get(name_id="Kerajinan Anyaman Rotan")
    upload = SimpleUploadedFile("foto.jpg", image_bytes(), content_type="image/jpeg")
    response = client.post(
        reverse("catalog:add_image", args=[product.pk]),
        {"image": upload, "alt_text": "Keranjang rotan bundar"},
    )
    assert response.status_code == 302
    assert product.images.get().alt_text == "Keranjang rotan bundar"
    client.post(reverse("catalog:status", args=[product.pk]), {"status": "active"})
    product.refresh_from_db()
    assert product.status == ProductStatus.ACTIVE
    client.post(reverse("registry:submit", args=[ikm.pk]))
    ikm.refresh_from_db()
    assert ikm.status == VerificationStatus.SUBMITTED
    # Not public until an officer verifies it.
    assert client.get(reverse("web:product", args=[product.pk])).status_code == 404


def test_owner_cannot_open_someone_elses_ikm_or_product(client, personas):
    other = make_ikm(personas.outsider, name="Milik Orang Lain", status=VerificationStatus.DRAFT)
    client.force_login(personas.ikm_owner)
    assert client.get(reverse("registry:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("registry:edit", args=[other.pk, "usaha"])).status_code == 404
    assert client.post(reverse("registry:submit", args=[other.pk])).status_code == 404
    assert client.get(reverse("catalog:new", args=[other.pk])).status_code == 404


def test_officer_approves_a_pending_ikm_of_their_province_and_the_owner_is_emailed(
    client, personas, mailoutbox, django_capture_on_commit_callbacks
):
    ikm = make_ikm(personas.ikm_owner, name="Ukir Jepara Jaya", status=VerificationStatus.SUBMITTED)
    client.force_login(personas.officer_jateng)
    assert "Ukir Jepara Jaya" in client.get(reverse("registry:queue")).content.decode()
    assert client.get(reverse("registry:review", args=[ikm.pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry:approve", args=[ikm.pk]))
    assert response.status_code == 302
    ikm.refresh_from_db()
    assert ikm.status == VerificationStatus.VERIFIED and ikm.verified_by == personas.officer_jateng
    assert mailoutbox[-1].to == [personas.ikm_owner.email]


def test_officer_rejects_with_a_reason_the_owner_sees_and_can_correct_and_resubmit(
    client, personas, mailoutbox, django_capture_on_commit_callbacks
):
    ikm = make_ikm(personas.ikm_owner, name="Ukir Jepara Jaya", status=VerificationStatus.SUBMITTED)
    client.force_login(personas.officer_jateng)
    response = client.post(reverse("registry:reject", args=[ikm.pk]), {"reason": "  "})
    assert response.status_code == 422 and "Alasan penolakan wajib diisi." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:reject", args=[ikm.pk]), {"reason": "Alamat tidak lengkap."})
    assert "Alamat tidak lengkap." in mailoutbox[-1].body
    client.force_login(personas.ikm_owner)
    body = client.get(reverse("registry:detail", args=[ikm.pk])).content.decode()
    assert "Alamat tidak lengkap." in body
    response = client.post(
        reverse("registry:edit", args=[ikm.pk, "lokasi"]),
        {"village": MULYOHARJO, "address": "Jl. Sultan Hadlirin No. 12 RT 02 RW 03", "postal_code": "59431"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    client.post(reverse("registry:submit", args=[ikm.pk]))
    ikm.refresh_from_db()
    assert ikm.status == VerificationStatus.RESUBMITTED
    assert ikm.address.endswith("RW 03")


def test_review_page_shows_possible_duplicates_side_by_side(client, personas):
    ikm = make_ikm(personas.ikm_owner, name="CV Batik Kartini", status=VerificationStatus.SUBMITTED)
    make_ikm(name="Batik Kartini", npwp="")
    client.force_login(personas.officer_jateng)
    body = client.get(reverse("registry:review", args=[ikm.pk])).content.decode()
    assert "Kemungkinan duplikat" in body
    assert body.count('<th scope="col">') >= 3
    assert 'class="diff"' in body


def test_officer_of_another_province_is_refused_a_foreign_ikm(client, personas):
    ikm = make_ikm(personas.ikm_owner, name="Ukir Jepara Jaya", status=VerificationStatus.SUBMITTED)
    client.force_login(personas.officer_jatim)
    assert "Ukir Jepara Jaya" not in client.get(reverse("registry:queue")).content.decode()
    assert client.get(reverse("registry:review", args=[ikm.pk])).status_code == 404
    assert client.post(reverse("registry:approve", args=[ikm.pk])).status_code == 404
    assert client.post(reverse("registry:reject", args=[ikm.pk]), {"reason": "x"}).status_code == 404
    ikm.refresh_from_db()
    assert ikm.status == VerificationStatus.SUBMITTED


def test_people_without_an_officer_role_get_403_at_the_desk(client, personas):
    client.force_login(personas.ikm_owner)
    assert client.get(reverse("registry:queue")).status_code == 403
    client.force_login(personas.outsider)
    ikm = make_ikm(name="Ukir", village=WIDORO, status=VerificationStatus.SUBMITTED)
    assert client.get(reverse("registry:review", args=[ikm.pk])).status_code == 403
