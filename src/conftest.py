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


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashers cost seconds per persona; tests check permissions, not hash strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def personas(db):
    from smartikm.accounts.personas import make_personas

    return make_personas()


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres_only") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://… to run it")
