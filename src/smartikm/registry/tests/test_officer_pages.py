"""The officer desk: approve or reject a pending IKM of one's own province, duplicates side by side,
and nobody else gets in."""

import pytest
from django.urls import reverse

from smartikm.registry.choices import VerificationStatus
from smartikm.registry.tests.factories import MULYOHARJO, WIDORO, make_ikm

pytestmark = pytest.mark.django_db


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
