"""Helpers for tests that need committed data (transactional tests: a live server, worker processes).

Django flushes the test database after such a test. The flush also removes the reference data and
the rows created by data migrations that the rest of the suite relies on: `restore_database_after`
(a module fixture; import it into the test module) snapshots those rows first and puts them back
afterwards (reference data through the idempotent `loadref`). Only imported by tests.
"""

import io
from urllib.parse import quote

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Model

# Apps whose rows the flush would lose but the suite needs: reference data is reloaded by loadref,
# content types and permissions are recreated by Django's post_migrate.
# Categories are loaded by loadref too.
SKIP_SNAPSHOT = {"reference", "contenttypes", "auth", "sessions", "admin"}
SKIP_MODELS = {"catalog.category"}


def snapshot_rows() -> str:
    tables = set(connection.introspection.table_names())
    models = [
        m
        for m in apps.get_models()
        if m._meta.db_table in tables
        and m._meta.app_label not in SKIP_SNAPSHOT
        and m._meta.label_lower not in SKIP_MODELS
        and m._meta.managed
        and not m._meta.proxy
    ]
    objects: list[Model] = []
    for model in serializers.sort_dependencies([(None, models)], allow_cycles=True):
        objects.extend(model._default_manager.order_by("pk"))
    return serializers.serialize("json", objects)


def restore_rows(rows: str) -> None:
    call_command("loadref", verbosity=0, stdout=io.StringIO())
    with transaction.atomic():
        for obj in serializers.deserialize("json", rows, handle_forward_references=True):
            obj.save()
    if connection.vendor == "postgresql":
        # Sequences restart after the flush; move them past the restored rows.
        labels = [a.label for a in apps.get_app_configs() if list(a.get_models())]
        sql = io.StringIO()
        call_command("sqlsequencereset", *labels, stdout=sql, no_color=True)
        with connection.cursor() as cursor:
            cursor.execute(sql.getvalue())


@pytest.fixture(scope="module")
def restore_database_after(django_db_setup, django_db_blocker):
    # django_db_setup first: the snapshot must be taken in the test database, even when this is the
    # first test of the run.
    with django_db_blocker.unblock():
        rows = snapshot_rows()
    yield
    with django_db_blocker.unblock():
        restore_rows(rows)


def database_url() -> str:
    """DATABASE_URL of the database this test process uses (the test database), for child processes."""
    s = connection.settings_dict
    if connection.vendor != "postgresql":
        raise RuntimeError("child processes can share only a PostgreSQL test database")
    auth = quote(s["USER"] or "", safe="")
    if s["PASSWORD"]:
        auth += ":" + quote(s["PASSWORD"], safe="")
    host = s["HOST"] or "localhost"
    port = f":{s['PORT']}" if s["PORT"] else ""
    return f"postgres://{auth}@{host}{port}/{quote(s['NAME'], safe='')}"
