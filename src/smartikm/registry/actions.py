"""Changes to the registry: one function per change, atomic, audited, with
side effects (e-mail) deferred until the transaction commits. Higher apps hear of a changed IKM
through the `ikm_changed` hook (its producer row, the search index).

Errors are Django's own, so forms and the API map them without a translation table:
- `ValidationError` (with a field dict where a field is at fault) for bad data and for a status
  change that the verification workflow does not allow (`InvalidTransition`, a subclass);
- `PermissionDenied` with an Indonesian message when the actor may not do it.

`data` arguments are dicts of model field values, e.g. a form's `cleaned_data`; foreign keys may be
given as instances or as codes (village `"33.20.06.2012"`, KBLI `"13134"`). Unknown keys are ignored.
"""

import datetime
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from smartikm.core import hooks
from smartikm.core.audit import record, snapshot
from smartikm.core.mail import send_later
from smartikm.reference.models import CertificationKind
from smartikm.registry import validators
from smartikm.registry.choices import VERIFICATION_TRANSITIONS, VerificationStatus
from smartikm.registry.models import (
    CERTIFICATION_FIELDS,
    IKM_FIELDS,
    CertificateReminder,
    Certification,
    Ikm,
    Sentra,
    SentraMember,
    SentraOfficial,
)
from smartikm.registry.permissions import can_edit_for_others, can_edit_ikm, can_manage_sentra, can_verify_ikm
from smartikm.registry.scale import classify

log = logging.getLogger(__name__)

SENTRA_FIELDS = (
    "name",
    "village",
    "commodity",
    "kbli",
    "description",
    "established_year",
    "supervising_agency",
    "technical_unit",
    "publicly_known",
    "village_households",
    "similar_businesses",
    "is_active",
)
SENTRA_OFFICIAL_FIELDS = ("name", "role", "phone")


class InvalidTransition(ValidationError):
    """The verification workflow does not allow this status change (see VERIFICATION_TRANSITIONS)."""


def _require_edit(user, ikm: Ikm) -> None:
    if not can_edit_ikm(user, ikm):
        raise PermissionDenied(
            _(
                "Hanya pemilik IKM, petugas dinas provinsi setempat, atau staf kementerian "
                "yang dapat mengubah IKM ini."
            )
        )


def _require_verify(user, ikm: Ikm) -> None:
    if ikm.owner_id is not None and user is not None and ikm.owner_id == user.pk:
        raise PermissionDenied(_("Pemilik IKM tidak dapat memverifikasi atau menolak profilnya sendiri."))
    if not can_verify_ikm(user, ikm):
        raise PermissionDenied(
            _(
                "Verifikasi IKM ini hanya dapat dilakukan oleh petugas dinas provinsi %(province)s "
                "atau staf kementerian."
            )
            % {"province": ikm.province.name}
        )


def _require_sentra(user, sentra: Sentra) -> None:
    if not can_manage_sentra(user, sentra):
        raise PermissionDenied(
            _(
                "Hanya petugas dinas provinsi %(province)s atau staf kementerian "
                "yang dapat mengelola sentra ini."
            )
            % {"province": sentra.province.name}
        )


# Helpers -----------------------------------------------------------------------------------------


def _pick(data: Mapping[str, Any], allowed: Iterable[str]) -> dict[str, Any]:
    return {k: data[k] for k in allowed if k in data}


def _normalise(values: dict[str, Any], field_map: Mapping[str, Any]) -> None:
    """Run the normalisers over the given values in place, collecting errors per field."""
    errors: dict[str, list] = {}
    for name, fn in field_map.items():
        if name not in values:
            continue
        value = values[name]
        if value in (None, ""):
            values[name] = None if name == "nib" else ""
            continue
        try:
            values[name] = fn(value)
        except ValidationError as exc:
            errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)


def _resolve(values: dict[str, Any], name: str, resolver) -> None:
    if name in values:
        try:
            values[name] = resolver(values[name])
        except ValidationError as exc:
            raise ValidationError({name: exc.messages}) from exc


_IKM_NORMALISERS = {
    "npwp": validators.normalize_npwp,
    "nib": validators.normalize_nib,
    "phone": validators.normalize_phone,
    "owner_phone": validators.normalize_phone,
    "owner_nik": validators.normalize_nik,
}


def _clean_ikm_values(data: Mapping[str, Any]) -> dict[str, Any]:
    values = _pick(data, IKM_FIELDS)
    _normalise(values, _IKM_NORMALISERS)
    _resolve(values, "village", validators.resolve_village)
    _resolve(values, "kbli", validators.resolve_kbli)
    return values


def _stored(ikm: Ikm) -> Ikm:
    """The row as stored (rights are judged on the stored province and owner, not on edits in memory)."""
    return Ikm.objects.select_related("province").get(pk=ikm.pk)


def _require_derivable(ikm: Ikm) -> None:
    """Raise the "required" errors before deriving from missing village, workers or investment."""
    if ikm.village_id is None or ikm.workers is None or ikm.investment is None:
        _full_clean(ikm, exclude=["province", "regency", "scale"])


def _derive_ikm(ikm: Ikm) -> None:
    """Province and regency from the village code; the scale class from workers and investment."""
    code = ikm.village_id
    ikm.province_id = code[:2]
    ikm.regency_id = code[:5]
    if not ikm.postal_code and ikm.village.postal_code:
        ikm.postal_code = ikm.village.postal_code
    ikm.scale = classify(ikm.workers, ikm.investment)


def _full_clean(obj, exclude: Iterable[str] = ()) -> None:
    obj.full_clean(exclude=list(exclude))


def _on_commit_mail(subject: str, body: str, recipients: list[str]) -> None:
    # Sent by a task after the commit, retried while the mail server is down; never fails the request.
    send_later(subject, body, recipients)


def _owner_recipients(ikm: Ikm) -> list[str]:
    owner = ikm.owner
    if owner is not None and owner.email:
        return [owner.email]
    return [ikm.email] if ikm.email else []


# IKM ---------------------------------------------------------------------------------------------


@transaction.atomic
def create_ikm(data: Mapping[str, Any], *, actor) -> Ikm:
    """Register a new IKM as a draft. The owner account is the actor unless staff pass `owner`."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("Masuk terlebih dahulu untuk mendaftarkan IKM."))
    values = _clean_ikm_values(data)
    ikm = Ikm(**values)
    # Staff may register an IKM for another account, or for none (`owner=None`, from a paper form).
    ikm.owner = data.get("owner", actor)
    _require_derivable(ikm)
    _derive_ikm(ikm)
    if ikm.owner != actor and not can_edit_for_others(actor, ikm.province_id):
        raise PermissionDenied(
            _(
                "Hanya petugas dinas provinsi setempat atau staf kementerian yang dapat mendaftarkan IKM "
                "atas nama orang lain."
            )
        )
    _full_clean(ikm)
    ikm.save()
    record("registry.ikm.create", ikm, actor=actor, after=snapshot(ikm))
    hooks.fire("ikm_changed", ikm)
    return ikm


@transaction.atomic
def update_ikm(ikm: Ikm, data: Mapping[str, Any], *, actor) -> Ikm:
    """Change an IKM's registration fields; province, regency and scale are derived again.

    The audit `before` is read from the database, so callers (like the admin) may pass an instance
    already modified in memory. Verification status is not changed by edits.
    """
    current = Ikm.objects.select_for_update().get(pk=ikm.pk)
    _require_edit(actor, current)
    before = snapshot(current)
    values = _clean_ikm_values(data)
    for name, value in values.items():
        setattr(ikm, name, value)
    # Workflow fields only change through the workflow actions, even if modified in memory.
    for name in ("status", "submitted_at", "verified_at", "verified_by_id", "rejection_reason", "owner_id"):
        setattr(ikm, name, getattr(current, name))
    new_owner = data.get("owner", current.owner)
    if new_owner != current.owner:
        if not can_edit_for_others(actor, current.province_id):
            raise PermissionDenied(
                _(
                    "Hanya petugas dinas provinsi setempat atau staf kementerian "
                    "yang dapat mengganti akun pemilik."
                )
            )
        ikm.owner = new_owner
    _require_derivable(ikm)
    _derive_ikm(ikm)
    _full_clean(ikm)
    ikm.save()
    after = snapshot(ikm)
    record("registry.ikm.update", ikm, actor=actor, before=before, after=after)
    hooks.fire("ikm_changed", ikm)
    return ikm


def _transition(ikm: Ikm, target: str, *, actor, action: str, note: str = "", **changes) -> Ikm:
    """Move `ikm` to `target` if the workflow allows it; lock the row so two officers cannot both act."""
    current = Ikm.objects.select_for_update().get(pk=ikm.pk)
    if target not in VERIFICATION_TRANSITIONS.get(current.status, set()):
        raise InvalidTransition(
            _("Status IKM tidak dapat diubah dari \u201c%(from)s\u201d menjadi \u201c%(to)s\u201d.")
            % {"from": current.get_status_display(), "to": VerificationStatus(target).label},
            code="invalid_transition",
        )
    before = snapshot(current)
    current.status = target
    for name, value in changes.items():
        setattr(current, name, value)
    current.save(update_fields=["status", "updated_at", *changes])
    record(action, current, actor=actor, before=before, after=snapshot(current), note=note)
    # Keep the caller's instance in step with the database.
    for name in ("status", "updated_at", *changes):
        setattr(ikm, name, getattr(current, name))
    return ikm


@transaction.atomic
def submit_for_verification(ikm: Ikm, *, actor) -> Ikm:
    """Draft → submitted, rejected → resubmitted: by the owner, officers of its province or ministry staff."""
    _require_edit(actor, _stored(ikm))
    current_status = Ikm.objects.select_for_update().values_list("status", flat=True).get(pk=ikm.pk)
    rejected = current_status == VerificationStatus.REJECTED
    target = VerificationStatus.RESUBMITTED if rejected else VerificationStatus.SUBMITTED
    return _transition(ikm, target, actor=actor, action="registry.ikm.submit", submitted_at=timezone.now())


@transaction.atomic
def verify_ikm(ikm: Ikm, *, actor) -> Ikm:
    """Pending → verified, by an officer of the IKM's province or ministry staff; e-mails the owner."""
    _require_verify(actor, _stored(ikm))
    _transition(
        ikm,
        VerificationStatus.VERIFIED,
        actor=actor,
        action="registry.ikm.verify",
        verified_at=timezone.now(),
        verified_by=actor,
        rejection_reason="",
    )
    hooks.fire("ikm_changed", ikm)
    _on_commit_mail(
        _("Profil IKM %(name)s telah diverifikasi") % {"name": ikm.name},
        _(
            "Yth. %(owner)s,\n\nProfil IKM %(name)s telah diverifikasi oleh petugas e-Smart IKM dan kini "
            "tampil sebagai IKM terverifikasi.\n\nSalam,\ne-Smart IKM"
        )
        % {"owner": ikm.owner_name, "name": ikm.name},
        _owner_recipients(ikm),
    )
    return ikm


@transaction.atomic
def reject_ikm(ikm: Ikm, *, actor, reason: str) -> Ikm:
    """Pending → rejected with a reason the owner can act on; e-mails the owner with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Alasan penolakan wajib diisi.")]}, code="required")
    _require_verify(actor, _stored(ikm))
    _transition(
        ikm,
        VerificationStatus.REJECTED,
        actor=actor,
        action="registry.ikm.reject",
        note=reason,
        rejection_reason=reason,
        verified_at=None,
        verified_by=None,
    )
    hooks.fire("ikm_changed", ikm)
    _on_commit_mail(
        _("Profil IKM %(name)s perlu diperbaiki") % {"name": ikm.name},
        _(
            "Yth. %(owner)s,\n\nProfil IKM %(name)s belum dapat diverifikasi dengan alasan berikut:\n\n"
            "%(reason)s\n\nSilakan perbaiki data lalu ajukan kembali.\n\nSalam,\ne-Smart IKM"
        )
        % {"owner": ikm.owner_name, "name": ikm.name, "reason": reason},
        _owner_recipients(ikm),
    )
    return ikm


# Certifications ----------------------------------------------------------------------------------


def _clean_certification(cert: Certification) -> None:
    if cert.valid_until and cert.valid_from and cert.valid_until < cert.valid_from:
        raise ValidationError(
            {"valid_until": [_("Tanggal berlaku sampai tidak boleh sebelum tanggal berlaku sejak.")]}
        )
    _full_clean(cert)


@transaction.atomic
def add_certification(ikm: Ikm, data: Mapping[str, Any], *, actor) -> Certification:
    """Attach a certificate (Halal, SNI, BPOM, …) to an IKM."""
    _require_edit(actor, ikm)
    values = _pick(data, CERTIFICATION_FIELDS)
    if isinstance(values.get("kind"), str):
        values["kind"] = CertificationKind.objects.filter(code=values["kind"], is_active=True).first()
        if values["kind"] is None:
            raise ValidationError({"kind": [_("Jenis sertifikasi tidak dikenal atau tidak aktif.")]})
    cert = Certification(ikm=ikm, **values)
    _clean_certification(cert)
    cert.save()
    record("registry.certification.add", cert, actor=actor, after=snapshot(cert), note=f"IKM #{ikm.pk}")
    return cert


@transaction.atomic
def update_certification(cert: Certification, data: Mapping[str, Any], *, actor) -> Certification:
    _require_edit(actor, cert.ikm)
    before = snapshot(Certification.objects.select_for_update().get(pk=cert.pk))
    for name, value in _pick(data, CERTIFICATION_FIELDS).items():
        setattr(cert, name, value)
    _clean_certification(cert)
    cert.save()
    record("registry.certification.update", cert, actor=actor, before=before, after=snapshot(cert))
    return cert


@transaction.atomic
def remove_certification(cert: Certification, *, actor) -> None:
    _require_edit(actor, cert.ikm)
    record(
        "registry.certification.remove", cert, actor=actor, before=snapshot(cert), note=f"IKM #{cert.ikm_id}"
    )
    cert.delete()


# Certificate expiry reminders ---------------------------------------------------------------------

# Days before a certificate's `valid_until` when its owner is reminded, largest first. A certificate
# that enters a band late (added 20 days before expiry, or the job did not run that day) still gets
# that band's reminder; one that is already in the 7-day band gets only that one.
REMINDER_DAYS = (30, 7)
REMINDER_MAX_ATTEMPTS = 3


def _reminder_bands(today: datetime.date) -> list[tuple[int, datetime.date, datetime.date]]:
    """(threshold, first expiry date, last expiry date) of each band, e.g. 7: today … today+7."""
    bands, lower = [], today
    for days in sorted(REMINDER_DAYS):
        upper = today + datetime.timedelta(days=days)
        bands.append((days, lower, upper))
        lower = upper + datetime.timedelta(days=1)
    return bands


def _reminder_mail(reminder: CertificateReminder, today: datetime.date) -> tuple[str, str]:
    cert = reminder.certification
    ikm = cert.ikm
    owner = ikm.owner.get_full_name() if ikm.owner is not None else ""
    days_left = (reminder.valid_until - today).days
    # In Bahasa Indonesia whatever the worker's language: the owners' language on the platform.
    with translation.override("id"):
        values = {
            "kind": cert.kind.name,
            "number": cert.number,
            "ikm": ikm.name,
            "issuer": cert.issuer,
            "date": formats.date_format(reminder.valid_until, "j F Y"),
            "days": days_left,
            "greeting": owner or ikm.name,
        }
        if days_left > 0:
            subject = _("%(kind)s milik %(ikm)s berakhir dalam %(days)s hari") % values
            when = _("berlaku sampai %(date)s, %(days)s hari lagi") % values
        else:
            subject = _("%(kind)s milik %(ikm)s berakhir hari ini") % values
            when = _("berlaku sampai hari ini, %(date)s") % values
        body = "\n\n".join(
            [
                _("Yth. %(greeting)s,") % values,
                _("%(kind)s nomor %(number)s milik %(ikm)s %(when)s.") % {**values, "when": when},
                _(
                    "Segera ajukan perpanjangan kepada %(issuer)s. Setelah sertifikat baru terbit, "
                    'perbarui datanya di e-Smart IKM (menu "IKM saya") agar profil dan produk Anda '
                    "tetap menampilkan sertifikat yang berlaku."
                )
                % values,
                _("Pesan ini dikirim otomatis oleh e-Smart IKM; tidak perlu dibalas."),
            ]
        )
    return subject, body


@transaction.atomic
def queue_certificate_reminders(*, today: datetime.date | None = None) -> dict[str, int]:
    """Write one reminder row (audited) for each certificate in a reminder band that has none yet."""
    today = today or timezone.localdate()
    counts = {"queued": 0, "no_recipient": 0}
    for days, first, last in _reminder_bands(today):
        already = CertificateReminder.objects.filter(
            certification=OuterRef("pk"), valid_until=OuterRef("valid_until"), days_before=days
        )
        due = (
            Certification.objects.filter(valid_until__gte=first, valid_until__lte=last)
            .exclude(Exists(already))
            .select_related("ikm__owner")
            .order_by("valid_until", "pk")
        )
        for cert in due:
            assert cert.valid_until is not None  # filtered on valid_until above
            recipients = _owner_recipients(cert.ikm)
            if not recipients:
                counts["no_recipient"] += 1
                continue
            reminder, created = CertificateReminder.objects.get_or_create(
                certification=cert,
                valid_until=cert.valid_until,
                days_before=days,
                defaults={"recipient": recipients[0]},
            )
            if created:
                counts["queued"] += 1
                record(
                    "registry.certification.reminder",
                    cert,
                    note=f"H-{days}: berlaku sampai {cert.valid_until.isoformat()}",
                )
    return counts


def deliver_certificate_reminders(*, today: datetime.date | None = None) -> dict[str, int]:
    """E-mail every reminder not sent yet (whose certificate still has that expiry date), one at a
    time: each is claimed by counting the attempt first, so two runs never send the same one."""
    today = today or timezone.localdate()
    counts = {"sent": 0, "failed": 0}
    pending = (
        CertificateReminder.objects.filter(
            sent_at__isnull=True,
            attempts__lt=REMINDER_MAX_ATTEMPTS,
            valid_until__gte=today,
            certification__valid_until=F("valid_until"),
        )
        .select_related("certification__ikm__owner", "certification__kind")
        .order_by("pk")
    )
    for reminder in pending:
        claimed = CertificateReminder.objects.filter(
            pk=reminder.pk, sent_at__isnull=True, attempts=reminder.attempts
        ).update(attempts=F("attempts") + 1)
        if not claimed:
            continue
        subject, body = _reminder_mail(reminder, today)
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reminder.recipient])
        except Exception as exc:  # any mail failure: kept on the row, tried again by the next run
            log.warning("certificate reminder %s not sent: %s", reminder.pk, exc)
            CertificateReminder.objects.filter(pk=reminder.pk).update(last_error=str(exc)[:1000])
            counts["failed"] += 1
            continue
        CertificateReminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now(), last_error="")
        counts["sent"] += 1
    return counts


def send_certificate_expiry_reminders(*, today: datetime.date | None = None) -> dict[str, int]:
    """The daily job: owners of certificates expiring in 30 and in 7 days get one e-mail each, in
    Bahasa Indonesia. Idempotent: a second run the same day sends nothing new."""
    today = today or timezone.localdate()
    result = {**queue_certificate_reminders(today=today), "sent": 0, "failed": 0}
    # The e-mails leave once the reminder rows are committed: at once in the task worker, at the end
    # of the caller's transaction when there is one (the dict returned is then filled in later).
    transaction.on_commit(lambda: result.update(deliver_certificate_reminders(today=today)))
    return result


# Sentra ------------------------------------------------------------------------------------------


def _clean_sentra_values(data: Mapping[str, Any]) -> dict[str, Any]:
    values = _pick(data, SENTRA_FIELDS)
    _resolve(values, "village", validators.resolve_village)
    _resolve(values, "kbli", validators.resolve_kbli)
    return values


def _derive_sentra(sentra: Sentra) -> None:
    sentra.province_id = sentra.village_id[:2]
    sentra.regency_id = sentra.village_id[:5]


@transaction.atomic
def create_sentra(data: Mapping[str, Any], *, actor) -> Sentra:
    """Record a sentra (industrial centre) in one village. Officers of that province or ministry staff."""
    values = _clean_sentra_values(data)
    sentra = Sentra(**values)
    if sentra.village_id is None:
        _full_clean(sentra, exclude=["province", "regency"])
    _derive_sentra(sentra)
    _require_sentra(actor, sentra)
    _full_clean(sentra)
    sentra.save()
    record("registry.sentra.create", sentra, actor=actor, after=snapshot(sentra))
    return sentra


@transaction.atomic
def update_sentra(sentra: Sentra, data: Mapping[str, Any], *, actor) -> Sentra:
    current = Sentra.objects.select_for_update().get(pk=sentra.pk)
    _require_sentra(actor, current)
    before = snapshot(current)
    for name, value in _clean_sentra_values(data).items():
        setattr(sentra, name, value)
    _derive_sentra(sentra)
    _require_sentra(actor, sentra)  # moving a sentra to another province needs rights there too
    _full_clean(sentra)
    sentra.save()
    record("registry.sentra.update", sentra, actor=actor, before=before, after=snapshot(sentra))
    return sentra


@transaction.atomic
def add_sentra_member(sentra: Sentra, ikm: Ikm, *, actor, joined_on=None) -> SentraMember:
    """Make an IKM a member of a sentra.

    Rule: the IKM must be in the same regency as the sentra's village. BPS counts a sentra inside one
    village, but in practice members of a centre (e.g. Jepara wood carving) also sit in neighbouring
    villages; those are accepted and shown by the sentra's "one village" check. An IKM belongs to at
    most one sentra.
    """
    _require_sentra(actor, sentra)
    if ikm.regency_id != sentra.regency_id:
        raise ValidationError(
            {
                "ikm": [
                    _(
                        "IKM %(ikm)s berada di %(regency)s, "
                        "bukan di kabupaten/kota sentra ini (%(sentra_regency)s)."
                    )
                    % {"ikm": ikm.name, "regency": ikm.regency.name, "sentra_regency": sentra.regency.name}
                ]
            }
        )
    existing = SentraMember.objects.select_related("sentra").filter(ikm=ikm).first()
    if existing is not None:
        raise ValidationError(
            {
                "ikm": [
                    _("IKM %(ikm)s sudah menjadi anggota sentra %(sentra)s.")
                    % {"ikm": ikm.name, "sentra": existing.sentra.name}
                ]
            }
        )
    member = SentraMember.objects.create(sentra=sentra, ikm=ikm, joined_on=joined_on)
    record(
        "registry.sentra.add_member",
        sentra,
        actor=actor,
        after={"ikm": ikm.pk, "joined_on": joined_on and joined_on.isoformat()},
    )
    return member


@transaction.atomic
def remove_sentra_member(member: SentraMember, *, actor) -> None:
    _require_sentra(actor, member.sentra)
    record("registry.sentra.remove_member", member.sentra, actor=actor, before={"ikm": member.ikm_id})
    member.delete()


def _clean_official_values(data: Mapping[str, Any]) -> dict[str, Any]:
    values = _pick(data, SENTRA_OFFICIAL_FIELDS)
    _normalise(values, {"phone": validators.normalize_phone})
    return values


@transaction.atomic
def add_sentra_official(sentra: Sentra, data: Mapping[str, Any], *, actor) -> SentraOfficial:
    """Add a board member (pengurus) or manager (pengelola) to a sentra (PP 29/2018)."""
    _require_sentra(actor, sentra)
    official = SentraOfficial(sentra=sentra, **_clean_official_values(data))
    _full_clean(official)
    official.save()
    record(
        "registry.sentra.add_official",
        official,
        actor=actor,
        after=snapshot(official),
        note=f"sentra #{sentra.pk}",
    )
    return official


@transaction.atomic
def update_sentra_official(official: SentraOfficial, data: Mapping[str, Any], *, actor) -> SentraOfficial:
    _require_sentra(actor, official.sentra)
    before = snapshot(SentraOfficial.objects.select_for_update().get(pk=official.pk))
    for name, value in _clean_official_values(data).items():
        setattr(official, name, value)
    _full_clean(official)
    official.save()
    record("registry.sentra.update_official", official, actor=actor, before=before, after=snapshot(official))
    return official


@transaction.atomic
def remove_sentra_official(official: SentraOfficial, *, actor) -> None:
    _require_sentra(actor, official.sentra)
    record("registry.sentra.remove_official", official, actor=actor, before=snapshot(official))
    official.delete()
