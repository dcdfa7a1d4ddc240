"""Registry test data: real places and codes, created through the actions."""

import datetime

import pytest

from smartikm.registry.actions import create_ikm

MULYOHARJO = "33.20.06.2012"  # Mulyoharjo, Kec. Jepara, Kab. Jepara (Jawa Tengah), kode pos 59431
SENENAN = "33.20.11.2014"  # Senenan, Kec. Tahunan, Kab. Jepara
WIDORO = "35.01.01.2001"  # Widoro, Kab. Pacitan (Jawa Timur)
BATIK = "13134"  # Industri Batik
OWNER_NIK = "3320065203850001"  # Jepara, perempuan, lahir 12-03-1985
OWNER_BIRTH = datetime.date(1985, 3, 12)
NPWP = "01.312.166.0-091.000"


def ikm_data(**overrides) -> dict:
    data = {
        "name": "Batik Tulis Kartini",
        "business_type": "own_production",
        "phone": "0812 3456 7890",
        "email": "batik.kartini@contoh.id",
        "npwp": NPWP,
        "nib": "9120001234567",
        "licences": ["nib"],
        "kbli": BATIK,
        "founded_on": datetime.date(2012, 5, 1),
        "workers": 8,
        "investment": 250_000_000,
        "village": MULYOHARJO,
        "address": "Jl. Sultan Hadlirin No. 12",
        "owner_name": "Siti Aminah",
        "owner_phone": "+62 813-2500-1122",
        "owner_birth_date": OWNER_BIRTH,
        "owner_nik": OWNER_NIK,
        "owner_education": "sma",
        "store_links": {"instagram": "@batikkartini"},
        "consumers": ["individuals"],
        "marketing_reach": "national",
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_ikm(personas):
    def make(actor=None, **overrides):
        return create_ikm(ikm_data(**overrides), actor=actor or personas.ikm_owner)

    return make


@pytest.fixture
def submitted_ikm(make_ikm, personas):
    from smartikm.registry.actions import submit_for_verification

    ikm = make_ikm()
    return submit_for_verification(ikm, actor=personas.ikm_owner)
