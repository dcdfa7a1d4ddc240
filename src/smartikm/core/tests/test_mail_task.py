"""Mail through a task: retried later while the server is down, never raising into the caller."""

import logging
import socket

import pytest
from django_tasks_db.models import DBTaskResult

from smartikm.core.mail import send_later
from smartikm.core.tasks import send_mail_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def mail_server_down(settings):
    """SMTP pointed at a local port nobody listens on (refused at once, no waiting)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }
    return port


def test_mail_is_sent_by_the_task_after_the_commit(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        send_later("Halo", "Isi", ["a@contoh.id"])
        assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert [m.to for m in mailoutbox] == [["a@contoh.id"]]


def test_a_failed_send_is_enqueued_again_for_later_on_the_database_queue(mail_server_down, settings):
    settings.MAIL_TASK_BACKEND = "default"  # the database queue, as in production
    assert send_mail_task.call("Halo", "Isi", ["a@contoh.id"]) is False
    retry = DBTaskResult.objects.get(task_path="smartikm.core.tasks.send_mail_task")
    assert retry.args_kwargs["args"][-1] == 2 and retry.run_after is not None


def test_the_last_attempt_gives_up_with_an_error_in_the_log(mail_server_down, settings, caplog):
    settings.MAIL_TASK_BACKEND = "default"
    with caplog.at_level(logging.ERROR, logger="smartikm.core.tasks"):
        assert send_mail_task.call("Halo", "Isi", ["a@contoh.id"], settings.MAIL_MAX_ATTEMPTS) is False
    assert not DBTaskResult.objects.exists()
    assert "not sent after" in caplog.text


def test_with_an_inline_queue_every_attempt_runs_and_nothing_raises(mail_server_down, mailoutbox):
    send_mail_task.using(backend="inline").enqueue("Halo", "Isi", ["a@contoh.id"])
    assert mailoutbox == []
