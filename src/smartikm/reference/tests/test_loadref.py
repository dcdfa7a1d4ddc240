from io import StringIO

import pytest
from django.core.management import call_command

from smartikm.reference.models import Dataset, HsCode, Kbli, Region


@pytest.mark.django_db
def test_loadref_holds_every_region_level_with_postal_codes():
    counts = [Region.objects.filter(level=lvl, is_active=True).count() for lvl in (1, 2, 3, 4)]
    assert counts == [38, 514, 7285, 83762]
    assert not Region.objects.filter(level=4, postal_code="").exists()


@pytest.mark.django_db
def test_loadref_holds_kbli_kelompok_and_btki_tariff_lines():
    assert Kbli.objects.filter(level="kelompok").count() == 1789
    assert HsCode.objects.filter(level=8).count() == 11552
    assert Kbli.objects.get(code="13134").title == "Industri Batik"


@pytest.mark.django_db
def test_second_loadref_changes_nothing():
    before = {d.name: (d.checksum, d.loaded_at) for d in Dataset.objects.all()}
    out = StringIO()
    call_command("loadref", stdout=out)
    assert "created" not in out.getvalue().replace("0 created", "")
    assert {d.name: (d.checksum, d.loaded_at) for d in Dataset.objects.all()} == before


@pytest.mark.django_db
def test_forced_loadref_compares_rows_and_finds_nothing_to_change():
    out = StringIO()
    call_command("loadref", "--force", "--only", "kbli", "btki", stdout=out)
    assert "2710 rows, 0 created, 0 updated, 0 disabled" in out.getvalue()
    assert "14631 rows, 0 created, 0 updated, 0 disabled" in out.getvalue()


@pytest.mark.django_db
def test_vanished_reference_row_is_disabled_not_deleted():
    Kbli.objects.create(code="99999", title="Kode usang", level="kelompok", category="U", version="old")
    call_command("loadref", "--force", "--only", "kbli", stdout=StringIO())
    row = Kbli.objects.get(code="99999")
    assert row.is_active is False
