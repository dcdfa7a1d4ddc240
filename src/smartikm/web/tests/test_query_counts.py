"""List pages pin their query counts, with enough rows that an N+1 would show."""

import pytest
from django.urls import reverse

from smartikm.catalog.tests.public_site import make_product
from smartikm.registry.choices import VerificationStatus
from smartikm.registry.models import SentraMember
from smartikm.registry.tests.factories import make_ikm

pytestmark = pytest.mark.django_db

ROWS = 25


@pytest.fixture
def many(public_data, personas):
    for n in range(ROWS):
        ikm = make_ikm(name=f"Batik Uji {n:03d}")
        make_product(ikm, name=f"Kain Uji {n:03d}")
        SentraMember.objects.create(sentra=public_data.sentra, ikm=ikm)
        make_ikm(personas.outsider, name=f"Menunggu {n:03d}", status=VerificationStatus.SUBMITTED)
    return public_data


def test_province_page_runs_a_fixed_number_of_queries(client, many, django_assert_num_queries):
    # province, figures (3), regency counts, sentra list, IKM page count + rows
    with django_assert_num_queries(8):
        assert client.get(reverse("web:province", args=["33"]), {"page": "2"}).status_code == 200


def test_sentra_page_runs_a_fixed_number_of_queries(client, many, django_assert_num_queries):
    # sentra, district, members count + rows, BPS checks (members), officials, product count
    with django_assert_num_queries(7):
        assert client.get(reverse("web:sentra", args=[many.sentra.pk])).status_code == 200


def test_officer_queue_runs_a_fixed_number_of_queries(client, many, personas, django_assert_num_queries):
    client.force_login(personas.officer_jateng)
    # session, user, memberships, queue count + rows, officer provinces
    with django_assert_num_queries(6):
        response = client.get(reverse("registry:queue"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == ROWS + 1


def test_home_page_runs_a_fixed_number_of_queries(client, many, django_assert_num_queries):
    with django_assert_num_queries(9):
        assert client.get("/").status_code == 200
