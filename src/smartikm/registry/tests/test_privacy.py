import json

import pytest
from django.db import connection

from smartikm.core.models import AuditEntry
from smartikm.registry.actions import update_ikm
from smartikm.registry.models import Ikm
from smartikm.registry.tests.conftest import OWNER_NIK

pytestmark = pytest.mark.django_db


def test_owner_nik_is_encrypted_at_rest(make_ikm):
    ikm = make_ikm()
    with connection.cursor() as cursor:
        cursor.execute("SELECT owner_nik FROM registry_ikm WHERE id = %s", [ikm.pk])
        (raw,) = cursor.fetchone()
    assert raw and OWNER_NIK not in raw
    assert Ikm.objects.get(pk=ikm.pk).owner_nik == OWNER_NIK


def test_owner_nik_is_shown_masked(make_ikm):
    ikm = make_ikm()
    assert ikm.owner_nik_masked == "3320********0001"


def test_owner_nik_never_enters_the_audit_trail(make_ikm, personas):
    ikm = make_ikm()
    update_ikm(ikm, {"owner_nik": "3320061203850002"}, actor=personas.ikm_owner)
    entries = AuditEntry.objects.filter(object_type="registry.ikm", object_id=str(ikm.pk))
    assert entries.count() == 2
    dumped = json.dumps([[e.before, e.after, e.note] for e in entries])
    assert OWNER_NIK not in dumped and "3320061203850002" not in dumped
    assert "3320" not in dumped.replace('"33.20', "")
    create = entries.get(action="registry.ikm.create")
    assert create.after["owner_nik"] == "***"


def test_ikm_form_never_puts_the_stored_nik_back_into_the_page(make_ikm):
    from smartikm.registry.forms import IkmForm

    ikm = make_ikm()
    html = str(IkmForm(instance=ikm))
    assert OWNER_NIK not in html
    assert "3320********0001" in html
