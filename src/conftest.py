"""Shared test set-up: reference data loaded once per test database, personas, engine markers."""

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Reference tables are loaded once into the test database; tests run in transactions that roll
    # back, so they all see the same regions, KBLI, BTKI, categories and rules.
    with django_db_blocker.unblock():
        call_command("loadref", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(scope="session", autouse=True)
def _static_files_without_collectstatic(tmp_path_factory):
    # The site's storage serves hashed names from the manifest that `collectstatic` writes (the
    # production-profile test runs it); the suite renders templates without collecting first.
    from django.conf import settings
    from django.test import override_settings

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # WhiteNoise warns about a STATIC_ROOT that does not exist yet; give it an empty one.
    with override_settings(STORAGES=storages, STATIC_ROOT=tmp_path_factory.mktemp("static")):
        yield


@pytest.fixture(autouse=True)
def _private_files_in_tmp(settings, tmp_path):
    # Private uploads (certificate scans) of a test never land in the working copy's var/.
    settings.PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _empty_caches():
    # Pages keep aggregates in the cache (home page figures, search facets); each test starts without
    # what an earlier test's data left there.
    from django.core.cache import caches

    for c in caches.all():
        c.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashers cost seconds per persona; tests check permissions, not hash strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _mail_tasks_run_inline(settings):
    # Mail goes through a task (core.mail). The suite runs that task as soon as it is enqueued, so a
    # test sees the mail in mailoutbox once the transaction's on_commit callbacks ran; other tasks
    # stay on the database queue as configured.
    settings.TASKS = {
        **settings.TASKS,
        "inline": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]},
    }
    settings.MAIL_TASK_BACKEND = "inline"


@pytest.fixture
def personas(db):
    from smartikm.accounts.personas import make_personas

    return make_personas()


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres_only") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://… to run it")
