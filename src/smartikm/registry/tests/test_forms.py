import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from smartikm.registry.actions import add_certification, create_ikm
from smartikm.registry.forms import CertificationForm, IkmForm, RejectForm, SentraForm
from smartikm.registry.tests.conftest import MULYOHARJO, ikm_data

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def form_data(**overrides):
    data = ikm_data(**overrides)
    return {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in data.items()}


def test_ikm_form_accepts_plain_dict_data_and_normalises_identifiers():
    form = IkmForm(data=form_data(npwp="01.312.166.0-091.000", nib="9120 0012 34567"))
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert data["npwp"] == "013121660091000"
    assert data["nib"] == "9120001234567"
    assert data["phone"] == "+6281234567890"
    assert data["village"].code == MULYOHARJO
    assert data["kbli"].code == "13134"
    assert data["postal_code"] == "59431"


def test_ikm_form_cleaned_data_can_be_passed_to_the_action(personas):
    form = IkmForm(data=form_data())
    assert form.is_valid(), form.errors
    ikm = create_ikm(form.cleaned_data, actor=personas.ikm_owner)
    assert ikm.pk and ikm.scale == "kecil"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("npwp", "01.312.166.1-091.000", "Digit pemeriksa NPWP tidak cocok."),
        ("npwp", "0131216", "NPWP harus 15 atau 16 digit."),
        ("nib", "12345", "NIB harus 13 digit"),
        ("phone", "12345", "tidak valid"),
        ("owner_nik", "9920065203850001", "Kode provinsi NIK (99) tidak dikenal."),
        ("village", "33.20.06", "bukan kelurahan/desa"),
        ("village", "99.99.99.9999", "tidak ditemukan"),
        ("kbli", "13", "bukan kode kelompok"),
        ("kbli", "47111", "bukan kategori C"),
        ("workers", -1, ""),
        ("name", "", "Wajib diisi."),
    ],
)
def test_ikm_form_reports_invalid_fields_in_indonesian(field, value, message):
    form = IkmForm(data=form_data(**{field: value}))
    assert not form.is_valid()
    assert field in form.errors
    assert message in " ".join(form.errors[field])


def test_ikm_form_cross_checks_birth_date_against_the_nik():
    form = IkmForm(data=form_data(owner_birth_date="1985-03-13"))
    assert not form.is_valid()
    assert "NIK menyebut 12-03-1985" in form.errors["owner_birth_date"][0]


def test_ikm_form_cross_checks_postal_code_against_the_village():
    form = IkmForm(data=form_data(postal_code="59400"))
    assert not form.is_valid()
    assert "59431" in form.errors["postal_code"][0]


def test_ikm_form_refuses_export_reach_without_export_experience_and_none_with_licences():
    form = IkmForm(data=form_data(marketing_reach="export", licences=["none", "iumk"]))
    assert not form.is_valid()
    assert "has_export_experience" in form.errors and "licences" in form.errors


def test_ikm_form_refuses_a_nib_already_registered(make_ikm):
    make_ikm()
    form = IkmForm(data=form_data(name="Batik Lain"))
    assert not form.is_valid()
    assert form.errors["nib"] == ["NIB ini sudah terdaftar untuk IKM lain."]


def test_ikm_form_keeps_the_stored_nik_when_the_field_is_left_empty(make_ikm):
    ikm = make_ikm()
    form = IkmForm(data=form_data(owner_nik=""), instance=ikm)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["owner_nik"] == ikm.owner_nik


def test_certification_form_checks_dates_and_file_type(make_ikm, settings):
    ikm = make_ikm()
    data = {"kind": "HALAL", "number": "ID33110000123450222", "issuer": "BPJPH", "valid_from": "2024-01-10"}
    bad = CertificationForm(
        data={**data, "valid_until": "2023-12-31"},
        files={"file": SimpleUploadedFile("halal.exe", b"MZ\x90\x00", content_type="application/pdf")},
        ikm=ikm,
    )
    assert not bad.is_valid()
    assert "valid_until" in bad.errors
    assert bad.errors["file"] == ["Berkas harus berupa PDF, JPEG, atau PNG."]
    settings.MAX_UPLOAD_BYTES = 10
    big = CertificationForm(data=data, files={"file": SimpleUploadedFile("halal.png", PNG)}, ikm=ikm)
    assert not big.is_valid() and "terlalu besar" in big.errors["file"][0]
    settings.MAX_UPLOAD_BYTES = 10 * 1024 * 1024
    good = CertificationForm(data=data, files={"file": SimpleUploadedFile("halal.pdf", PDF)}, ikm=ikm)
    assert good.is_valid(), good.errors


def test_certification_form_refuses_the_same_number_twice_for_an_ikm(make_ikm, personas):
    ikm = make_ikm()
    form = CertificationForm(
        data={"kind": "SNI", "number": "SNI-8124-001", "issuer": "LSPro", "valid_from": "2024-01-01"}, ikm=ikm
    )
    assert form.is_valid(), form.errors
    add_certification(ikm, form.cleaned_data, actor=personas.ikm_owner)
    again = CertificationForm(
        data={"kind": "SNI", "number": "SNI-8124-001", "issuer": "LSPro", "valid_from": "2024-02-01"}, ikm=ikm
    )
    assert not again.is_valid() and "number" in again.errors


def test_certification_action_refuses_other_users(make_ikm, personas):
    from django.core.exceptions import PermissionDenied

    ikm = make_ikm()
    data = {"kind": "PIRT", "number": "P-IRT 2063320010123-28", "issuer": "Pemkab Jepara"}
    with pytest.raises(PermissionDenied):
        add_certification(ikm, {**data, "valid_from": datetime.date(2024, 1, 1)}, actor=personas.outsider)
    cert = add_certification(ikm, {**data, "valid_from": datetime.date(2024, 1, 1)}, actor=personas.ikm_owner)
    assert cert.kind_id == "PIRT"


def test_sentra_form_validates_village_and_kbli_codes():
    form = SentraForm(
        data={
            "name": "Sentra Ukir",
            "village": "33.20",
            "commodity": "Ukir",
            "kbli": "16299",
            "is_active": True,
        }
    )
    assert not form.is_valid()
    assert "bukan kelurahan/desa" in form.errors["village"][0]
    form = SentraForm(
        data={
            "name": "Sentra Ukir",
            "village": MULYOHARJO,
            "commodity": "Ukir",
            "kbli": "16299",
            "is_active": True,
        }
    )
    assert form.is_valid(), form.errors


def test_reject_form_requires_a_reason():
    form = RejectForm(data={"reason": "   "})
    assert not form.is_valid()
    assert form.errors["reason"] == ["Alasan penolakan wajib diisi."]
    assert RejectForm(data={"reason": "Foto KTP buram."}).is_valid()


def test_certificate_file_is_stored_and_named_in_the_audit_trail(make_ikm, personas, settings, tmp_path):
    from smartikm.core.audit import history

    settings.MEDIA_ROOT = tmp_path
    ikm = make_ikm()
    form = CertificationForm(
        data={
            "kind": "HALAL",
            "number": "ID33110000123450222",
            "issuer": "BPJPH",
            "valid_from": "2024-01-10",
        },
        files={"file": SimpleUploadedFile("halal.pdf", PDF, content_type="application/pdf")},
        ikm=ikm,
    )
    assert form.is_valid(), form.errors
    cert = add_certification(ikm, form.cleaned_data, actor=personas.ikm_owner)
    assert cert.file.name.startswith("certifications/") and cert.file.read() == PDF
    assert history(cert).get().after["file"] == cert.file.name
