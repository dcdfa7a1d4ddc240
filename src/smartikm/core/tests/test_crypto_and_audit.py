import pytest
from cryptography.fernet import Fernet
from django.db import connection
from django.test import override_settings

from smartikm.core import crypto
from smartikm.core.audit import SECRET_MARK, changed, history, record, snapshot
from smartikm.reference.models import Kbli, Region
from smartikm.registry.models import Ikm


def _ikm(**extra) -> Ikm:
    village = Region.objects.get(code="33.20.01.2001")
    return Ikm.objects.create(
        name="Ukir Jati Makmur",
        kbli=Kbli.objects.get(code="16291"),
        workers=5,
        investment=50_000_000,
        village=village,
        province_id="33",
        regency_id="33.20",
        address="Jl. Raya Tahunan 1",
        owner_name="Slamet Riyadi",
        **extra,
    )


def test_encrypt_round_trips_and_does_not_store_plain_text():
    token = crypto.encrypt("3320015508950001")
    assert "3320015508950001" not in token
    assert crypto.decrypt(token) == "3320015508950001"


def test_rotated_keys_still_decrypt_old_values():
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(FIELD_ENCRYPTION_KEYS=[old]):
        token = crypto.encrypt("rahasia")
    with override_settings(FIELD_ENCRYPTION_KEYS=[new, old]):
        assert crypto.decrypt(token) == "rahasia"


def test_value_encrypted_with_an_unknown_key_fails_loudly():
    with override_settings(FIELD_ENCRYPTION_KEYS=[Fernet.generate_key().decode()]):
        token = crypto.encrypt("rahasia")
    with override_settings(FIELD_ENCRYPTION_KEYS=[Fernet.generate_key().decode()]), pytest.raises(ValueError):
        crypto.decrypt(token)


@pytest.mark.django_db
def test_encrypted_field_is_unreadable_in_the_database_and_plain_in_python():
    ikm = _ikm(owner_nik="3320015508950001")
    with connection.cursor() as cur:
        cur.execute("SELECT owner_nik FROM registry_ikm WHERE id = %s", [ikm.pk])
        raw = cur.fetchone()[0]
    assert raw and "3320015508950001" not in raw
    assert Ikm.objects.get(pk=ikm.pk).owner_nik == "3320015508950001"
    assert ikm.owner_nik_masked == "3320********0001"


@pytest.mark.django_db
def test_snapshot_masks_secret_fields():
    ikm = _ikm(owner_nik="3320015508950001")
    snap = snapshot(ikm)
    assert snap["owner_nik"] == SECRET_MARK
    assert snap["name"] == "Ukir Jati Makmur"


def test_changed_keeps_only_differing_keys():
    before, after = changed({"a": 1, "b": 2, "updated_at": "x"}, {"a": 1, "b": 3, "updated_at": "y"})
    assert before == {"b": 2} and after == {"b": 3}


@pytest.mark.django_db
def test_record_writes_an_entry_found_in_the_objects_history(personas):
    ikm = _ikm()
    before = snapshot(ikm)
    ikm.workers = 25
    ikm.save()
    record("ikm.update", ikm, actor=personas.ministry_admin, before=before, after=snapshot(ikm))
    entry = history(ikm).get()
    assert entry.actor == personas.ministry_admin
    assert entry.before == {"workers": 5} and entry.after == {"workers": 25}
