import pytest
from django.db import connection


@pytest.mark.django_db
def test_home_page_shows_programme_figures_in_indonesian(client):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="id">' in body
    assert "IKM terverifikasi" in body


@pytest.mark.django_db
def test_home_page_says_so_when_there_is_no_verified_ikm_yet(client):
    assert "Belum ada IKM terverifikasi." in client.get("/").content.decode()


@pytest.mark.django_db
def test_health_check_reports_the_database_engine(client):
    data = client.get("/healthz").json()
    assert data == {"status": "ok", "database": connection.vendor}


@pytest.mark.django_db
def test_api_docs_are_served(client):
    assert client.get("/api/docs").status_code == 200
    assert client.get("/api/openapi.json").json()["info"]["title"] == "e-Smart IKM API"


@pytest.mark.django_db
def test_language_switch_to_english_sets_the_page_language(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()
