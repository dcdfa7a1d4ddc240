"""Registry test data made with the ORM, for page tests: an IKM in any state with private values
planted (so tests can look for them in public output), and the registration wizard's steps as an
owner fills them in."""

import datetime

from django.urls import reverse
from django.utils import timezone

from smartikm.registry.choices import VerificationStatus
from smartikm.registry.models import Ikm

MULYOHARJO = "33.20.06.2012"  # Mulyoharjo, Kab. Jepara, Jawa Tengah
WIDORO = "35.01.01.2001"  # Widoro, Kab. Pacitan, Jawa Timur
OWNER_NIK = "3320065203850001"
OWNER_PHONE = "+6281325001122"
OWNER_BIRTH = datetime.date(1985, 3, 12)
NPWP = "013121660091000"
NEEDS_MARKER = "butuh-modal-rahasia"
REJECTION_MARKER = "foto-ktp-buram-rahasia"
PRIVATE_MARKERS = (
    OWNER_NIK,
    OWNER_NIK[4:12],
    OWNER_PHONE,
    "81325001122",
    NPWP,
    "01.312.166.0-091.000",
    NEEDS_MARKER,
    REJECTION_MARKER,
    "1985-03-12",
    "12-03-1985",
)


def make_ikm(owner=None, *, name, village=MULYOHARJO, status=VerificationStatus.VERIFIED, **fields) -> Ikm:
    values = {
        "name": name,
        "owner": owner,
        "kbli_id": "13134",
        "workers": 8,
        "investment": 150_000_000,
        "scale": "kecil",
        "village_id": village,
        "province_id": village[:2],
        "regency_id": village[:5],
        "address": "Jl. Sultan Hadlirin No. 12",
        "postal_code": "59431",
        "owner_name": "Siti Aminah",
        "owner_nik": OWNER_NIK,
        "owner_phone": OWNER_PHONE,
        "owner_birth_date": OWNER_BIRTH,
        "npwp": NPWP,
        "needs": {"problems": [NEEDS_MARKER]},
        "phone": "+62291591234",
        "store_links": {"instagram": "@batikkartini", "website": "https://batik.contoh.id"},
        "status": status,
    }
    if status == VerificationStatus.VERIFIED:
        values["verified_at"] = timezone.now()
    if status == VerificationStatus.REJECTED:
        values["rejection_reason"] = REJECTION_MARKER
    if status in (VerificationStatus.SUBMITTED, VerificationStatus.RESUBMITTED):
        values["submitted_at"] = timezone.now()
    values.update(fields)
    return Ikm.objects.create(**values)


STEP_DATA = {
    "usaha": {
        "name": "Anyaman Rotan Lestari",
        "business_type": "own_production",
        "phone": "0291 591234",
        "email": "rotan@contoh.id",
        "founded_on": "2015-02-01",
        "workers": "6",
        "investment": "120000000",
        "description": "Kerajinan anyaman rotan.",
    },
    "izin": {"npwp": "", "nib": "", "licences": ["none"], "kbli": "16291"},
    "lokasi": {"village": MULYOHARJO, "address": "Jl. Pemuda 3", "postal_code": ""},
    "pemilik": {
        "owner_name": "Rina Wati",
        "owner_phone": "0813 2500 9988",
        "owner_birth_date": "1985-03-12",
        "owner_nik": "3320065203850001",
        "owner_education": "sma",
    },
    "pasar": {
        "store_instagram": "@rotanlestari",
        "store_shopee": "https://shopee.co.id/rotanlestari",
        "consumers": ["individuals", "companies"],
        "marketing_reach": "national",
        "has_trademark": "on",
    },
    "kebutuhan": {
        "online_admin": "ya",
        "bookkeeping": "tidak",
        "problems": ["pemasaran"],
        "programmes_wanted": ["pameran_luar_negeri"],
        "trainings_wanted": ["kemasan", "desain"],
    },
}


def register_ikm(client) -> Ikm:
    for step in ("usaha", "izin", "lokasi"):
        response = client.post(reverse("registry:new", args=[step]), STEP_DATA[step])
        assert response.status_code == 302, response.content.decode()[:3000]
    response = client.post(reverse("registry:new", args=["pemilik"]), STEP_DATA["pemilik"])
    assert response.status_code == 302, response.content.decode()[:3000]
    ikm = Ikm.objects.get(name="Anyaman Rotan Lestari")
    assert response["Location"] == reverse("registry:edit", args=[ikm.pk, "pasar"])
    for step in ("pasar", "kebutuhan"):
        response = client.post(reverse("registry:edit", args=[ikm.pk, step]), STEP_DATA[step])
        assert response.status_code == 302, response.content.decode()[:3000]
    ikm.refresh_from_db()
    return ikm
