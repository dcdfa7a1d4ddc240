import pytest
from django.urls import reverse

from smartikm.core.audit import history
from smartikm.registry.actions import create_sentra, submit_for_verification
from smartikm.registry.models import Ikm
from smartikm.registry.tests.conftest import MULYOHARJO, OWNER_NIK

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_ministry(client, personas):
    user = personas.ministry_admin
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


def test_ministry_staff_sees_the_ikm_list_with_province_and_kbli_filters(admin_client_ministry, make_ikm):
    make_ikm()
    response = admin_client_ministry.get(reverse("admin:registry_ikm_changelist"), {"provinsi": "33"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Batik Tulis Kartini" in html
    assert "Jawa Tengah" in html and "Papua Barat Daya" in html  # province filter lists the 38 provinces
    assert "Mulyoharjo" not in html.split("changelist-filter")[-1]  # no village list in the filters
    assert "13 Industri tekstil" in html
    response = admin_client_ministry.get(reverse("admin:registry_ikm_changelist"), {"provinsi": "35"})
    assert "Batik Tulis Kartini" not in response.content.decode()


def test_admin_search_finds_an_ikm_by_dotted_npwp(admin_client_ministry, make_ikm):
    make_ikm()
    response = admin_client_ministry.get(
        reverse("admin:registry_ikm_changelist"), {"q": "01.312.166.0-091.000"}
    )
    assert "Batik Tulis Kartini" in response.content.decode()


def test_admin_change_page_shows_the_nik_masked_never_plain(admin_client_ministry, make_ikm):
    ikm = make_ikm()
    response = admin_client_ministry.get(reverse("admin:registry_ikm_change", args=[ikm.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert OWNER_NIK not in html
    assert "3320********0001" in html
    assert "registry.ikm.create" in html  # the audit history


def test_admin_change_page_shows_possible_duplicates_to_the_officer(admin_client_ministry, make_ikm):
    first = make_ikm()
    second = make_ikm(name="CV Batik Tulis Kartini", nib="9120000000002", npwp="")
    html = admin_client_ministry.get(reverse("admin:registry_ikm_change", args=[second.pk])).content.decode()
    assert "Kemungkinan duplikat" in html
    assert f"../../{first.pk}/change/" in html and "nama mirip di desa yang sama" in html


def test_admin_list_is_refused_to_staff_users_outside_the_ministry(client, personas):
    user = personas.officer_jateng
    user.is_staff = True
    user.save()
    client.force_login(user)
    response = client.get(reverse("admin:registry_ikm_changelist"))
    assert response.status_code == 403


def test_admin_verify_action_verifies_through_the_action(admin_client_ministry, make_ikm, personas):
    ikm = submit_for_verification(make_ikm(), actor=personas.ikm_owner)
    response = admin_client_ministry.post(
        reverse("admin:registry_ikm_changelist"), {"action": "verifikasi", "_selected_action": [ikm.pk]}
    )
    assert response.status_code == 302
    ikm.refresh_from_db()
    assert ikm.status == "verified"
    assert history(ikm).first().actor == personas.ministry_admin


def test_admin_reject_action_asks_for_a_reason_first(admin_client_ministry, make_ikm, personas):
    ikm = submit_for_verification(make_ikm(), actor=personas.ikm_owner)
    url = reverse("admin:registry_ikm_changelist")
    page = admin_client_ministry.post(url, {"action": "tolak", "_selected_action": [ikm.pk]})
    assert page.status_code == 200 and "Alasan penolakan" in page.content.decode()
    blank = admin_client_ministry.post(
        url, {"action": "tolak", "_selected_action": [ikm.pk], "apply": "1", "reason": ""}
    )
    assert "Alasan penolakan wajib diisi." in blank.content.decode()
    ikm.refresh_from_db()
    assert ikm.status == "submitted"
    done = admin_client_ministry.post(
        url, {"action": "tolak", "_selected_action": [ikm.pk], "apply": "1", "reason": "NIB tidak terdaftar."}
    )
    assert done.status_code == 302
    ikm.refresh_from_db()
    assert ikm.status == "rejected" and ikm.rejection_reason == "NIB tidak terdaftar."


def test_admin_add_page_creates_an_ikm_through_the_action(admin_client_ministry, personas):
    from smartikm.registry.tests.test_forms import form_data

    data = form_data()
    data.update(
        {
            "store_links": '{"instagram": "@batikkartini"}',
            "needs": "{}",
            "owner": personas.ikm_owner.pk,
            "certifications-TOTAL_FORMS": "0",
            "certifications-INITIAL_FORMS": "0",
        }
    )
    response = admin_client_ministry.post(reverse("admin:registry_ikm_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    ikm = Ikm.objects.get(nib="9120001234567")
    assert ikm.owner == personas.ikm_owner and ikm.province_id == "33"
    assert history(ikm).get().action == "registry.ikm.create"


def test_sentra_admin_shows_the_bps_checks(admin_client_ministry, personas):
    sentra = create_sentra(
        {"name": "Sentra Ukir Mulyoharjo", "village": MULYOHARJO, "commodity": "Ukir", "kbli": "16299"},
        actor=personas.ministry_admin,
    )
    response = admin_client_ministry.get(reverse("admin:registry_sentra_change", args=[sentra.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kriteria sentra (BPS)" in html and "Instansi pembina belum diisi." in html
