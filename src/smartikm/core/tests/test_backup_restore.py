"""`smartikm backup` / `smartikm restore` round trip on the engine the suite runs on (SQLite, and
PostgreSQL with pg_dump/pg_restore when DATABASE_URL points at one).

The data is committed (the commands work on the real database, and on PostgreSQL pg_dump is another
process), so the round trip runs transactionally and puts the suite's shared rows back afterwards;
one such test per module, because the shared rows come back only when the module ends.
Models are looked up by label so this core test imports no app above core.
"""

import io
import json
import tarfile

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from smartikm.core.backup import row_counts
from smartikm.core.testing import restore_database_after  # noqa: F401 - fixture

NIK = "3320065203850001"
TOKEN = "akses-rahasia-toko-123"
PHOTO = b"\xff\xd8\xff\xe0 not really a jpeg, only bytes to compare"
SCAN = b"%PDF-1.4 sertifikat halal"


@pytest.fixture
def site_data(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"
    quiet = io.StringIO()
    call_command("seed_channels", stdout=quiet)
    call_command("demo", ikm=4, seed=7, quiet=True, stdout=quiet)
    Ikm = apps.get_model("registry", "Ikm")
    ikm = Ikm.objects.order_by("pk").first()
    ikm.owner_nik = NIK
    ikm.save()
    connection = apps.get_model("channels", "ShopConnection").objects.create(
        channel=apps.get_model("channels", "Channel").objects.order_by("code").first(),
        producer=apps.get_model("producers", "Producer").objects.get(ikm=ikm),
        state="connected",
        shop_id="42",
        access_token=TOKEN,
        refresh_token=TOKEN + "-refresh",
    )
    photo = default_storage.save("products/foto-uji.jpg", ContentFile(PHOTO))
    cert = apps.get_model("registry", "Certification").objects.create(
        ikm=ikm, kind_id="HALAL", number="ID-UJI-1", issuer="BPJPH", valid_from="2024-01-01"
    )
    cert.file.save("halal.pdf", ContentFile(SCAN))
    return ikm, connection, photo, cert


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_has_the_same_row_counts_files_and_readable_encrypted_fields(
    restore_database_after,  # noqa: F811
    site_data,
    settings,
    tmp_path,
):
    ikm, connection, photo, cert = site_data
    before = row_counts()
    archive = tmp_path / "cadangan.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())

    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        names = tar.getnames()
    assert manifest["rows"] == before
    assert manifest["media"]["files"] == 1 and manifest["private"]["files"] == 1
    assert f"media/{photo}" in names and f"private/{cert.file.name}" in names
    assert NIK.encode() not in archive.read_bytes()  # encrypted in the dump, and no key in the archive

    # Everything changes after the backup: rows deleted and added, secrets and files altered.
    connection_pk = connection.pk
    connection.delete()
    ikm.owner_nik = "3201010101010001"
    ikm.save()
    apps.get_model("catalog", "Product").objects.filter(producer__ikm=ikm).delete()
    call_command("demo", ikm=2, seed=8, quiet=True, stdout=io.StringIO())
    default_storage.delete(photo)
    (settings.PRIVATE_ROOT / cert.file.name).write_bytes(b"diganti")
    assert row_counts() != before
    Ikm = apps.get_model("registry", "Ikm")

    # A process with other field keys could not read the restored NIK and tokens: refused, untouched.
    keys = settings.FIELD_ENCRYPTION_KEYS
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CommandError, match="Kunci enkripsi kolom"):
        call_command("restore", str(archive), noinput=True, stdout=io.StringIO())
    settings.FIELD_ENCRYPTION_KEYS = keys
    assert Ikm.objects.get(pk=ikm.pk).owner_nik == "3201010101010001"

    out = io.StringIO()
    call_command("restore", str(archive), noinput=True, stdout=out)

    assert row_counts() == before
    assert Ikm.objects.get(pk=ikm.pk).owner_nik == NIK
    restored = apps.get_model("channels", "ShopConnection").objects.get(pk=connection_pk)
    assert (restored.access_token, restored.refresh_token) == (TOKEN, TOKEN + "-refresh")
    assert (settings.MEDIA_ROOT / photo).read_bytes() == PHOTO
    assert (settings.PRIVATE_ROOT / cert.file.name).read_bytes() == SCAN
    assert "nilai terenkripsi terbaca" in out.getvalue()


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, db):
    bogus = tmp_path / "bukan.tar.gz"
    bogus.write_bytes(b"hello")
    with pytest.raises(CommandError, match="bukan arsip cadangan"):
        call_command("restore", str(bogus), noinput=True, stdout=io.StringIO())
