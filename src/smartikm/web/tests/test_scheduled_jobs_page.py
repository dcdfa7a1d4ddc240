"""The page of scheduled jobs: ministry administrators see each job's schedule, last run, result and
next run; everybody else is refused."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from smartikm.core.choices import RunStatus
from smartikm.core.models import ScheduledJob

pytestmark = pytest.mark.django_db

URL = reverse("web:scheduled-jobs")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_ministry_administrator_sees_every_job_with_its_schedule_in_words(personas):
    response = signed_in(personas.ministry_admin).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    for title in (
        "Impor pesanan dari toko marketplace yang tersambung",
        "Perbarui token toko sebelum kedaluwarsa",
        "Cocokkan status listing dengan marketplace",
        "Pengingat sertifikat yang akan berakhir (30 dan 7 hari)",
        "Peringatan kesehatan antrean sinkron marketplace",
    ):
        assert title in body
    assert "setiap 5 menit" in body and "setiap 10 menit" in body and "setiap 15 menit" in body
    assert "setiap hari pukul 02.30" in body and "setiap hari pukul 07.00" in body
    assert body.count("Belum pernah jalan") == 5
    assert "penjadwal tampaknya tidak berjalan" not in body


def test_the_page_shows_the_last_run_its_result_its_error_and_the_next_run(personas):
    now = timezone.now()
    ScheduledJob.objects.create(
        name="order-import",
        last_started_at=now - datetime.timedelta(minutes=2),
        last_finished_at=now - datetime.timedelta(minutes=2),
        last_status=RunStatus.SUCCEEDED,
        last_result={"queued": 4, "still_running": 1},
        last_duration_ms=37,
        next_run_at=now + datetime.timedelta(minutes=3),
        last_enqueued_at=now - datetime.timedelta(minutes=2),
        runs=12,
        skipped=1,
    )
    ScheduledJob.objects.create(
        name="queue-health",
        last_started_at=now - datetime.timedelta(minutes=5),
        last_status=RunStatus.FAILED,
        last_error="OperationalError: database is locked",
        next_run_at=now + datetime.timedelta(minutes=10),
        runs=3,
        failures=1,
    )
    body = signed_in(personas.ministry_admin).get(URL).content.decode()
    local = timezone.localtime
    assert local(now - datetime.timedelta(minutes=2)).strftime("%d-%m-%Y %H:%M") in body
    assert "37 md" in body
    assert "Berhasil" in body and "diantrekan: 4" in body and "masih berjalan: 1" in body
    assert local(now + datetime.timedelta(minutes=3)).strftime("%d-%m-%Y %H:%M") in body
    assert "12 jalan, 0 gagal, 1 dilewati" in body
    assert "Gagal" in body and "OperationalError: database is locked" in body
    assert body.count("Belum pernah jalan") == 3


def test_a_job_not_queued_on_time_warns_that_the_scheduler_is_not_running(personas):
    ScheduledJob.objects.create(
        name="token-refresh", next_run_at=timezone.now() - datetime.timedelta(hours=1)
    )
    body = signed_in(personas.ministry_admin).get(URL).content.decode()
    assert "penjadwal tampaknya tidak berjalan" in body and "terlambat" in body


@pytest.mark.parametrize(
    "persona",
    [
        "analyst",
        "officer_jateng",
        "upt_officer",
        "curator",
        "mentor",
        "industry_partner",
        "partner_system",
        "ikm_owner",
        "buyer",
        "outsider",
    ],
)
def test_everybody_but_a_ministry_administrator_is_refused(personas, persona):
    response = signed_in(getattr(personas, persona)).get(URL)
    assert response.status_code == 403
    assert "Pekerjaan terjadwal" not in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_sign_in():
    response = Client().get(URL)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_menu_links_the_page_for_ministry_administrators_only(personas):
    link = f'href="{URL}"'
    assert link in signed_in(personas.ministry_admin).get("/").content.decode()
    assert link not in signed_in(personas.analyst).get("/").content.decode()
    assert link not in Client().get("/").content.decode()
