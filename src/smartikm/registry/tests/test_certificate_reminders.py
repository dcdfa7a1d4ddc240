"""Certificate expiry reminders: the owner gets one e-mail in Bahasa Indonesia 30 days and one 7 days
before a certificate ends, however often the daily job runs. Days are passed in, never waited for."""

import datetime

import pytest
from django.core import mail

from smartikm.core.models import AuditEntry
from smartikm.reference.models import CertificationKind
from smartikm.registry import actions
from smartikm.registry.actions import send_certificate_expiry_reminders
from smartikm.registry.models import CertificateReminder, Certification

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 1)


@pytest.fixture
def ikm(make_ikm):
    return make_ikm()


@pytest.fixture
def certificate(ikm):
    def make(days_left: int, *, number="ID33110000123450325") -> Certification:
        return Certification.objects.create(
            ikm=ikm,
            kind=CertificationKind.objects.get(code="HALAL"),
            number=number,
            issuer="BPJPH",
            valid_from=datetime.date(2023, 3, 1),
            valid_until=TODAY + datetime.timedelta(days=days_left),
        )

    return make


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """One run of the daily job on `today`, with the e-mails it sends after its commit."""

    def run_on(today: datetime.date) -> dict:
        with django_capture_on_commit_callbacks(execute=True):
            result = send_certificate_expiry_reminders(today=today)
        return result

    return run_on


def test_the_owner_is_reminded_once_30_days_and_once_7_days_before_in_indonesian(certificate, run, personas):
    cert = certificate(days_left=40)
    sent_on = []
    for day in range(0, 45):
        today = TODAY + datetime.timedelta(days=day)
        before = len(mail.outbox)
        run(today)
        run(today)  # the job may run twice a day: nothing more is sent
        sent_on += [(today, m) for m in mail.outbox[before:]]
    assert [(cert.valid_until - today).days for today, _ in sent_on] == [30, 7]
    thirty, seven = (m for _, m in sent_on)
    assert thirty.to == [personas.ikm_owner.email]
    assert thirty.subject == "Sertifikat Halal milik Batik Tulis Kartini berakhir dalam 30 hari"
    assert "Sertifikat Halal nomor ID33110000123450325 milik Batik Tulis Kartini" in thirty.body
    assert "berlaku sampai 10 April 2027, 30 hari lagi" in thirty.body
    assert "Segera ajukan perpanjangan kepada BPJPH" in thirty.body
    assert "7 hari" in seven.subject and "berlaku sampai 10 April 2027, 7 hari lagi" in seven.body
    assert list(
        CertificateReminder.objects.filter(certification=cert).values_list("days_before", flat=True)
    ) == [7, 30]
    assert AuditEntry.objects.filter(action="registry.certification.reminder").count() == 2


def test_running_the_job_twice_the_same_day_sends_one_reminder(certificate, run):
    certificate(days_left=30)
    first, second = run(TODAY), run(TODAY)
    assert len(mail.outbox) == 1
    assert (first["queued"], first["sent"]) == (1, 1)
    assert (second["queued"], second["sent"]) == (0, 0)


def test_a_certificate_entering_a_band_late_still_gets_that_bands_reminder_only(certificate, run):
    certificate(days_left=20, number="A-1")
    certificate(days_left=5, number="A-2")
    result = run(TODAY)
    assert result["sent"] == 2
    assert set(CertificateReminder.objects.values_list("certification__number", "days_before")) == {
        ("A-1", 30),
        ("A-2", 7),
    }


def test_certificates_far_from_expiry_already_expired_or_open_ended_get_nothing(certificate, run):
    certificate(days_left=31, number="B-1")
    certificate(days_left=-1, number="B-2")
    cert = certificate(days_left=10, number="B-3")
    cert.valid_until = None
    cert.save()
    assert run(TODAY) == {"queued": 0, "no_recipient": 0, "sent": 0, "failed": 0}
    assert mail.outbox == []


def test_the_last_day_is_still_reminded_when_the_job_missed_the_others(certificate, run):
    certificate(days_left=0)
    run(TODAY)
    assert mail.outbox[0].subject.endswith("berakhir hari ini")
    assert "berlaku sampai hari ini, 1 Maret 2027" in mail.outbox[0].body


def test_a_renewed_certificate_is_reminded_again_before_its_new_expiry(certificate, run):
    cert = certificate(days_left=7)
    run(TODAY)
    cert.valid_until = TODAY + datetime.timedelta(days=365)
    cert.save()
    run(TODAY + datetime.timedelta(days=365 - 31))
    assert len(mail.outbox) == 1  # the old expiry's reminders are not repeated
    run(TODAY + datetime.timedelta(days=365 - 30))
    assert len(mail.outbox) == 2
    assert "berlaku sampai 29 Februari 2028, 30 hari lagi" in mail.outbox[1].body


def test_without_an_owner_account_the_ikm_address_is_used_and_without_any_nothing_is_written(
    certificate, run, ikm
):
    ikm.owner = None
    ikm.save()
    certificate(days_left=30, number="C-1")
    run(TODAY)
    assert mail.outbox[0].to == ["batik.kartini@contoh.id"]
    ikm.email = ""
    ikm.save()
    certificate(days_left=7, number="C-2")
    result = run(TODAY)
    assert result["no_recipient"] == 1 and len(mail.outbox) == 1
    assert not CertificateReminder.objects.filter(certification__number="C-2").exists()


def test_a_reminder_the_mail_server_refused_is_sent_by_the_next_run_and_only_then(
    certificate, run, monkeypatch
):
    certificate(days_left=30)

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(actions, "send_mail", refuse)
    first = run(TODAY)
    assert (first["queued"], first["sent"], first["failed"]) == (1, 0, 1)
    reminder = CertificateReminder.objects.get()
    assert reminder.sent_at is None and reminder.attempts == 1 and "smtp down" in reminder.last_error
    monkeypatch.undo()
    second = run(TODAY + datetime.timedelta(days=1))
    third = run(TODAY + datetime.timedelta(days=1))
    assert (second["sent"], third["sent"]) == (1, 0)
    assert len(mail.outbox) == 1
    reminder.refresh_from_db()
    assert reminder.sent_at is not None and reminder.attempts == 2 and reminder.last_error == ""
