"""Background work of the core app (Django Tasks): sending e-mail with retries (see core.mail), and
running every scheduled job (see core.schedule)."""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task, task_backends
from django.utils import timezone

from smartikm.core import schedule

logger = logging.getLogger(__name__)

# Errors after which trying again later can help: the server unreachable, refusing for now, a
# timeout. Anything else (a bad address, a programming error) is not retried.
RETRYABLE = (OSError, smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, smtplib.SMTPResponseException)


def retry_delay(attempt: int) -> datetime.timedelta:
    """Wait before attempt `attempt + 1`: the base delay doubled per attempt, at most a day."""
    return datetime.timedelta(seconds=min(settings.MAIL_RETRY_BASE_S * 2 ** (attempt - 1), 24 * 3600))


@task()
def send_mail_task(subject: str, body: str, recipients: list[str], attempt: int = 1) -> bool:
    """Send one e-mail. On a retryable failure enqueue the next attempt (later, where the task backend
    can defer) until settings.MAIL_MAX_ATTEMPTS; returns whether this attempt sent it."""
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except RETRYABLE as exc:
        if attempt >= settings.MAIL_MAX_ATTEMPTS:
            logger.error(
                "E-mail %r to %d recipient(s) not sent after %d attempts: %s",
                subject,
                len(recipients),
                attempt,
                exc,
            )
            return False
        logger.warning("E-mail %r not sent (attempt %d), will retry: %s", subject, attempt, exc)
        alias = settings.MAIL_TASK_BACKEND
        retry = send_mail_task.using(backend=alias)
        if task_backends[alias].supports_defer:
            retry = retry.using(run_after=timezone.now() + retry_delay(attempt))
        retry.enqueue(subject, body, recipients, attempt + 1)
        return False
    return True


@task()
def run_scheduled_job(name: str):
    """Queued by the scheduler process at each scheduled time of job `name`; runs and records it."""
    return schedule.run(name)
