"""Background work of core: one task runs every scheduled job (see core.schedule)."""

from django.tasks import task

from smartikm.core import schedule


@task()
def run_scheduled_job(name: str):
    """Queued by the scheduler process at each scheduled time of job `name`; runs and records it."""
    return schedule.run(name)
