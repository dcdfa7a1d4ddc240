import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from smartikm.core.audit import history
from smartikm.registry.actions import (
    InvalidTransition,
    reject_ikm,
    submit_for_verification,
    update_ikm,
    verify_ikm,
)
from smartikm.registry.queries import verification_queue

pytestmark = pytest.mark.django_db


def test_new_ikm_is_a_draft_with_province_and_regency_from_its_village(make_ikm, personas):
    ikm = make_ikm()
    assert ikm.status == "draft"
    assert (ikm.province_id, ikm.regency_id) == ("33", "33.20")
    assert ikm.owner == personas.ikm_owner
    assert ikm.postal_code == "59431"
    assert ikm.phone == "+6281234567890"
    assert ikm.npwp == "013121660091000"


def test_officer_of_another_province_cannot_verify_a_jawa_tengah_ikm(submitted_ikm, personas):
    with pytest.raises(PermissionDenied) as exc:
        verify_ikm(submitted_ikm, actor=personas.officer_jatim)
    assert "Jawa Tengah" in str(exc.value)
    submitted_ikm.refresh_from_db()
    assert submitted_ikm.status == "submitted"


def test_owner_cannot_verify_their_own_ikm(submitted_ikm, personas):
    with pytest.raises(PermissionDenied) as exc:
        verify_ikm(submitted_ikm, actor=personas.ikm_owner)
    assert "Pemilik IKM" in str(exc.value)


def test_ministry_staff_who_owns_an_ikm_cannot_verify_it(make_ikm, personas):
    ikm = make_ikm(actor=personas.ministry_admin)
    submit_for_verification(ikm, actor=personas.ministry_admin)
    with pytest.raises(PermissionDenied):
        verify_ikm(ikm, actor=personas.ministry_admin)


def test_outsider_upt_officer_curator_analyst_and_buyer_cannot_verify(submitted_ikm, personas):
    for user in (
        personas.outsider,
        personas.upt_officer,
        personas.curator,
        personas.analyst,
        personas.mentor,
        personas.buyer,
    ):
        with pytest.raises(PermissionDenied):
            verify_ikm(submitted_ikm, actor=user)
    submitted_ikm.refresh_from_db()
    assert submitted_ikm.status == "submitted"


def test_jawa_tengah_officer_can_verify_a_jawa_tengah_ikm(
    submitted_ikm, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        verify_ikm(submitted_ikm, actor=personas.officer_jateng)
    submitted_ikm.refresh_from_db()
    assert submitted_ikm.status == "verified"
    assert submitted_ikm.verified_by == personas.officer_jateng
    assert submitted_ikm.verified_at is not None


def test_ministry_admin_can_verify_any_province(submitted_ikm, personas):
    verify_ikm(submitted_ikm, actor=personas.ministry_admin)
    submitted_ikm.refresh_from_db()
    assert submitted_ikm.status == "verified"


def test_reject_without_a_reason_is_refused(submitted_ikm, personas):
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as exc:
            reject_ikm(submitted_ikm, actor=personas.officer_jateng, reason=reason)
        assert exc.value.message_dict == {"reason": ["Alasan penolakan wajib diisi."]}
    submitted_ikm.refresh_from_db()
    assert submitted_ikm.status == "submitted"


def test_a_draft_cannot_be_verified_before_it_is_submitted(make_ikm, personas):
    ikm = make_ikm()
    with pytest.raises(InvalidTransition) as exc:
        verify_ikm(ikm, actor=personas.officer_jateng)
    assert "Draf" in exc.value.messages[0] and "Terverifikasi" in exc.value.messages[0]


def test_a_verified_ikm_cannot_be_submitted_or_rejected_again(submitted_ikm, personas):
    verify_ikm(submitted_ikm, actor=personas.officer_jateng)
    with pytest.raises(InvalidTransition):
        submit_for_verification(submitted_ikm, actor=personas.ikm_owner)
    with pytest.raises(InvalidTransition):
        reject_ikm(submitted_ikm, actor=personas.officer_jateng, reason="Data ganda")


def test_only_the_owner_or_staff_can_submit(make_ikm, personas):
    ikm = make_ikm()
    with pytest.raises(PermissionDenied):
        submit_for_verification(ikm, actor=personas.outsider)
    with pytest.raises(PermissionDenied):
        submit_for_verification(ikm, actor=personas.officer_jatim)
    submit_for_verification(ikm, actor=personas.officer_jateng)
    assert ikm.status == "submitted"


def test_rejected_ikm_is_corrected_resubmitted_and_then_verified(submitted_ikm, personas):
    reject_ikm(submitted_ikm, actor=personas.officer_jateng, reason="Foto KTP tidak terbaca.")
    assert submitted_ikm.status == "rejected"
    assert submitted_ikm.rejection_reason == "Foto KTP tidak terbaca."
    update_ikm(submitted_ikm, {"address": "Jl. Sultan Hadlirin No. 14"}, actor=personas.ikm_owner)
    submit_for_verification(submitted_ikm, actor=personas.ikm_owner)
    submitted_ikm.refresh_from_db()
    assert submitted_ikm.status == "resubmitted"
    verify_ikm(submitted_ikm, actor=personas.officer_jateng)
    submitted_ikm.refresh_from_db()
    assert submitted_ikm.status == "verified"
    assert submitted_ikm.rejection_reason == ""


def test_every_step_writes_an_audit_entry_with_before_and_after(submitted_ikm, personas):
    reject_ikm(submitted_ikm, actor=personas.officer_jateng, reason="NIB tidak sesuai OSS.")
    entries = list(history(submitted_ikm).order_by("at", "id"))
    assert [e.action for e in entries] == [
        "registry.ikm.create",
        "registry.ikm.submit",
        "registry.ikm.reject",
    ]
    create, submit, reject = entries
    assert create.actor == personas.ikm_owner and create.after["name"] == "Batik Tulis Kartini"
    assert submit.before["status"] == "draft" and submit.after["status"] == "submitted"
    assert reject.actor == personas.officer_jateng
    assert reject.before["status"] == "submitted" and reject.after["status"] == "rejected"
    assert reject.after["rejection_reason"] == "NIB tidak sesuai OSS."
    assert reject.note == "NIB tidak sesuai OSS."


def test_update_audit_entry_holds_only_the_changed_fields(make_ikm, personas):
    ikm = make_ikm()
    ikm.workers = 99  # an in-memory change the caller did not ask to save
    update_ikm(ikm, {"workers": 25}, actor=personas.ikm_owner)
    entry = history(ikm).first()
    assert entry.action == "registry.ikm.update"
    assert entry.before == {"scale": "kecil", "workers": 8}
    assert entry.after == {"scale": "menengah", "workers": 25}


def test_owner_is_emailed_with_the_reason_when_rejected(
    submitted_ikm, personas, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reject_ikm(submitted_ikm, actor=personas.officer_jateng, reason="Foto KTP tidak terbaca.")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [personas.ikm_owner.email]
    assert "Batik Tulis Kartini" in mail.subject
    assert "Foto KTP tidak terbaca." in mail.body


def test_owner_is_emailed_when_verified_but_only_after_commit(
    submitted_ikm, personas, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        verify_ikm(submitted_ikm, actor=personas.officer_jateng)
        assert mailoutbox == []
    assert callbacks, "the e-mail must be deferred to on_commit"
    for callback in callbacks:  # the e-mail and the search reindex of the IKM's products
        callback()
    assert len(mailoutbox) == 1 and "diverifikasi" in mailoutbox[0].subject


def test_no_email_when_the_action_is_refused(
    submitted_ikm, personas, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        reject_ikm(submitted_ikm, actor=personas.officer_jatim, reason="Tidak lengkap")
    assert mailoutbox == []


def test_verification_queue_holds_pending_ikm_of_the_officers_province_oldest_first(make_ikm, personas):
    first = make_ikm(name="Ukir Jati Mulyo", nib="9120001234501", npwp="")
    second = make_ikm(name="Tenun Troso Lestari", nib="9120001234502", npwp="")
    draft = make_ikm(name="Mebel Senenan", nib="9120001234503", npwp="")
    jatim = make_ikm(name="Batik Pacitan", nib="9120001234504", npwp="", village="35.01.01.2001")
    for ikm in (first, second, jatim):
        submit_for_verification(ikm, actor=personas.ikm_owner)
    assert list(verification_queue(personas.officer_jateng)) == [first, second]
    assert list(verification_queue(personas.officer_jatim)) == [jatim]
    assert list(verification_queue(personas.ministry_admin)) == [first, second, jatim]
    assert list(verification_queue(personas.outsider)) == []
    assert draft not in verification_queue(personas.ministry_admin)


def test_invalid_data_is_refused_by_the_action_with_field_errors(personas):
    from smartikm.registry.actions import create_ikm
    from smartikm.registry.tests.conftest import ikm_data

    with pytest.raises(ValidationError) as exc:
        create_ikm(ikm_data(npwp="01.312.166.1-091.000", village="33.20.06"), actor=personas.ikm_owner)
    errors = exc.value.message_dict
    assert errors == {"npwp": ["Digit pemeriksa NPWP tidak cocok."]} or "village" in errors
