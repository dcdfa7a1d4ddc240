"""Sending e-mail without making a request wait for (or fail on) the mail server.

`send_later(subject, body, recipients)` enqueues `core.tasks.send_mail_task` once the current
transaction commits. The task tries to send; when the server cannot be reached it enqueues itself
again, waiting longer each time (settings.MAIL_RETRY_BASE_S doubled per attempt), up to
settings.MAIL_MAX_ATTEMPTS attempts, and then gives up with an error in the log. Nothing of this
reaches the request that asked for the mail: a mail server that is down costs a late e-mail, never
a 500.
"""

import logging

from django.conf import settings
from django.db import transaction

from smartikm.core.tasks import send_mail_task

logger = logging.getLogger(__name__)


def enqueue_mail(subject: str, body: str, recipients: list[str]) -> None:
    """Enqueue the mail now (outside any transaction). A queue that cannot take it is logged."""
    try:
        send_mail_task.using(backend=settings.MAIL_TASK_BACKEND).enqueue(str(subject), str(body), recipients)
    except Exception:
        logger.exception("Could not enqueue an e-mail to %d recipient(s): %s", len(recipients), subject)


def send_later(subject: str, body: str, recipients: list[str]) -> None:
    """Send the mail after the current transaction commits (nothing is sent if it rolls back)."""
    recipients = [r for r in recipients if r]
    if not recipients:
        return
    # Evaluated now: lazy translations must be rendered in the language of this request.
    subject, body = str(subject), str(body)
    transaction.on_commit(lambda: enqueue_mail(subject, body, recipients), robust=True)
