"""Changes in the corrections app: one function per change, atomic, audited.

Errors are Django's own: `ValidationError` (with a field dict where a field is at fault; an
`InvalidTransition` subclass for a status change ARTISAN_TRANSITIONS does not allow) and
`PermissionDenied` with an Indonesian message. Every function here checks that the actor is an
officer of the UPT concerned (`corrections.permissions`); ministry staff get aggregates elsewhere,
never these rows.

Money (integer rupiah) and the remainder rules are in `corrections.split`; how a sale becomes
ledger entries is `_book_sale` below:

1. the SplitRule in force for the UPT on the sale date splits the amount into premi / PNBP /
   production capital (largest remainder, tie order premi -> PNBP -> capital);
2. the premi part is split among artisans pro rata to their work records of the sale's product in
   the sale's month: by pieces when any piece was recorded for that product and month, otherwise by
   hours (largest remainder, tie order artisan code ascending);
3. with no work records the premi is booked on the account "premi belum teralokasi" (unallocated)
   of that UPT, product and month; `allocate_unallocated_premi` moves it to artisans later, once the
   work records are in, with entries linked to the same sale.

Ledger rows are never changed (models.AppendOnly); `reverse_entry` / `reverse_sale` (and, for the
marketplace hub, `reverse_recorded_sale`) add entries with the opposite amount that point at what
they cancel.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from smartikm.accounts.choices import OrganisationKind
from smartikm.catalog.models import Product
from smartikm.core.audit import record, snapshot
from smartikm.corrections import split as splitting
from smartikm.corrections.choices import (
    ARTISAN_TRANSITIONS,
    FOLLOW_UP_MONTHS,
    ArtisanStatus,
    EntryKind,
    LedgerAccount,
    Outcome,
    SaleSource,
    Skill,
)
from smartikm.corrections.models import (
    BASIS_POINTS,
    Artisan,
    ArtisanRestricted,
    FollowUp,
    GraduationCase,
    LedgerEntry,
    Sale,
    SplitRule,
    UptProfile,
    WorkRecord,
    Workshop,
)
from smartikm.corrections.permissions import can_manage_upt_profile, require_upt_officer
from smartikm.reference.models import Region
from smartikm.registry.choices import VerificationStatus

MAX_SALE = 1_000_000_000_000  # Rp 1 triliun: a guard against typos, as for product prices
MAX_SOURCE = 40
MAX_EXTERNAL_REF = 120


class InvalidTransition(ValidationError):
    """ARTISAN_TRANSITIONS does not allow this status change."""


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clipped to the month's last day (31 Aug + 6 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _require_upt(upt) -> None:
    if getattr(upt, "kind", None) != OrganisationKind.UPT:
        raise ValidationError({"upt": [_("Organisasi ini bukan UPT Pemasyarakatan.")]})


def _require_upt_product(upt, product: Product) -> None:
    if product.producer.organisation_id != upt.pk:
        raise ValidationError({"product": [_("Produk ini bukan produk UPT ini.")]})


# UPT profile and workshops -----------------------------------------------------------------------


def save_upt_profile(
    upt, *, unit_type: str, regency, unit_class: str = "", story: str = "", actor
) -> UptProfile:
    """Create or change the public profile of a UPT. `regency` is a Region (level 2) or its code."""
    _require_upt(upt)
    if not can_manage_upt_profile(actor, upt):
        raise PermissionDenied(
            _("Hanya petugas UPT ini atau staf kementerian yang dapat mengubah profil UPT.")
        )
    if not isinstance(regency, Region):
        regency = Region.objects.filter(code=str(regency), level=2).first()
        if regency is None:
            raise ValidationError({"regency": [_("Kabupaten/kota tidak dikenal.")]})
    with transaction.atomic():
        profile = UptProfile.objects.select_for_update().filter(organisation=upt).first()
        before = snapshot(profile) if profile else None
        profile = profile or UptProfile(organisation=upt)
        profile.unit_type, profile.unit_class, profile.regency = unit_type, unit_class, regency
        profile.story = (story or "").strip()
        profile.full_clean()
        profile.save()
        record("corrections.upt_profile.save", profile, actor=actor, before=before, after=snapshot(profile))
    return profile


def create_workshop(upt, *, name: str, description: str = "", actor) -> Workshop:
    _require_upt(upt)
    require_upt_officer(actor, upt)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("Nama bengkel kerja wajib diisi.")]})
    with transaction.atomic():
        if Workshop.objects.filter(upt=upt, name=name).exists():
            raise ValidationError({"name": [_("Bengkel kerja dengan nama ini sudah ada.")]})
        workshop = Workshop.objects.create(upt=upt, name=name[:120], description=description)
        record("corrections.workshop.create", workshop, actor=actor, after=snapshot(workshop))
    return workshop


# Artisans -------------------------------------------------------------------------------------------


def _clean_skills(skills: Iterable[str]) -> list[str]:
    skills = list(dict.fromkeys(skills or ()))
    unknown = [s for s in skills if s not in Skill.values]
    if unknown:
        raise ValidationError(
            {"skills": [_("Keterampilan tidak dikenal: %(s)s.") % {"s": ", ".join(map(str, unknown))}]}
        )
    return skills


def _clean_workshop(upt, workshop) -> Workshop | None:
    if workshop is None:
        return None
    if workshop.upt_id != upt.pk:
        raise ValidationError({"workshop": [_("Bengkel kerja ini bukan milik UPT ini.")]})
    return workshop


def register_artisan(
    upt, *, skills: Iterable[str] = (), workshop: Workshop | None = None, joined_on=None, actor
) -> Artisan:
    """A new artisan with a fresh random code. Nothing personal is asked for."""
    _require_upt(upt)
    require_upt_officer(actor, upt)
    artisan = Artisan(
        upt=upt, skills=_clean_skills(skills), workshop=_clean_workshop(upt, workshop), joined_on=joined_on
    )
    for _attempt in range(5):  # 40 random bits: a collision is rare, but the code is unique
        try:
            with transaction.atomic():
                artisan.save()
                record("corrections.artisan.register", artisan, actor=actor, after=snapshot(artisan))
            return artisan
        except IntegrityError:
            artisan.pk = None
            artisan._state.adding = True
            artisan.code = Artisan._meta.get_field("code").get_default()
    raise RuntimeError("could not draw a unique artisan code")


_UNSET = object()


def update_artisan(artisan: Artisan, *, skills=None, workshop=_UNSET, actor) -> Artisan:
    require_upt_officer(actor, artisan.upt_id)
    with transaction.atomic():
        current = Artisan.objects.select_for_update().get(pk=artisan.pk)
        before = snapshot(current)
        if skills is not None:
            current.skills = _clean_skills(skills)
        if workshop is not _UNSET:
            current.workshop = _clean_workshop(current.upt, workshop)
        current.save()
        record("corrections.artisan.update", current, actor=actor, before=before, after=snapshot(current))
    return current


def _transition(current: Artisan, target: str) -> None:
    if target not in ARTISAN_TRANSITIONS[current.status]:
        raise InvalidTransition(
            {
                "status": [
                    _("Status tidak dapat diubah dari %(from)s menjadi %(to)s.")
                    % {"from": ArtisanStatus(current.status).label, "to": ArtisanStatus(target).label}
                ]
            }
        )


def change_artisan_status(artisan: Artisan, status: str, *, actor) -> Artisan:
    """Transfer out or back. Release goes through `release_artisan` (it opens a graduation case)."""
    require_upt_officer(actor, artisan.upt_id)
    if status not in ArtisanStatus.values:
        raise ValidationError({"status": [_("Status tidak dikenal.")]})
    if status == ArtisanStatus.RELEASED:
        raise ValidationError({"status": [_("Gunakan pencatatan bebas untuk warga binaan yang bebas.")]})
    with transaction.atomic():
        current = Artisan.objects.select_for_update().get(pk=artisan.pk)
        _transition(current, status)
        before = snapshot(current)
        current.status = status
        current.save(update_fields=["status", "updated_at"])
        record("corrections.artisan.status", current, actor=actor, before=before, after=snapshot(current))
    artisan.status = current.status
    return current


def release_artisan(artisan: Artisan, *, released_on: datetime.date, actor) -> GraduationCase:
    """Status -> released (only the month is kept) and a graduation case with follow-ups due 3, 6
    and 12 months after release."""
    require_upt_officer(actor, artisan.upt_id)
    with transaction.atomic():
        current = Artisan.objects.select_for_update().get(pk=artisan.pk)
        _transition(current, ArtisanStatus.RELEASED)
        before = snapshot(current)
        current.status = ArtisanStatus.RELEASED
        current.release_month = month_start(released_on)
        current.save(update_fields=["status", "release_month", "updated_at"])
        record("corrections.artisan.release", current, actor=actor, before=before, after=snapshot(current))
        case = GraduationCase.objects.create(
            artisan=current, upt_id=current.upt_id, released_on=current.release_month
        )
        FollowUp.objects.bulk_create(
            FollowUp(case=case, months=m, due_on=add_months(current.release_month, m))
            for m in FOLLOW_UP_MONTHS
        )
        record("corrections.graduation.open", case, actor=actor, after=snapshot(case))
    artisan.status, artisan.release_month = current.status, current.release_month
    return case


def set_restricted_name(artisan: Artisan, name: str, *, note: str = "", actor) -> None:
    """Keep (or replace) the name a UPT chose to record; encrypted, masked in the audit trail.
    An empty name removes the record."""
    require_upt_officer(actor, artisan.upt_id)
    name = (name or "").strip()
    with transaction.atomic():
        row = ArtisanRestricted.objects.select_for_update().filter(artisan=artisan).first()
        before = snapshot(row) if row else None
        if not name:
            if row is not None:
                record("corrections.artisan_restricted.remove", row, actor=actor, before=before)
                row.delete()
            return
        row = row or ArtisanRestricted(artisan=artisan)
        row.name, row.note = name[:200], note
        row.save()
        record("corrections.artisan_restricted.save", row, actor=actor, before=before, after=snapshot(row))


# Work records ------------------------------------------------------------------------------------


def record_work(
    artisan: Artisan, product: Product, period: datetime.date, *, pieces: int = 0, hours: int = 0, actor
) -> WorkRecord:
    """Set the pieces and hours of one artisan on one UPT product in one month (replaces earlier
    figures of that month). Premi already booked is not recomputed; see allocate_unallocated_premi."""
    require_upt_officer(actor, artisan.upt_id)
    _require_upt_product(artisan.upt, product)
    errors = {}
    for name, value in (("pieces", pieces), ("hours", hours)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0 or value > 2**31 - 1:
            errors[name] = [_("Harus bilangan bulat tidak negatif.")]
    if not errors and pieces == 0 and hours == 0:
        errors["pieces"] = [_("Isi jumlah buah atau jumlah jam.")]
    if errors:
        raise ValidationError(errors)
    period = month_start(period)
    for attempt in range(2):
        try:
            with transaction.atomic():
                row = (
                    WorkRecord.objects.select_for_update()
                    .filter(artisan=artisan, product=product, period=period)
                    .first()
                )
                before = snapshot(row) if row else None
                row = row or WorkRecord(artisan=artisan, product=product, period=period)
                row.pieces, row.hours = pieces, hours
                row.save()
                record("corrections.work_record.save", row, actor=actor, before=before, after=snapshot(row))
            return row
        except IntegrityError:
            # A parallel request created the month's row after our lookup: the second try finds
            # and replaces it, as a sequential call would have.
            if attempt:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


# Split rules ---------------------------------------------------------------------------------------


def rule_in_force(upt, on: datetime.date) -> SplitRule:
    """The UPT's own active rule covering `on`, else the national default covering it."""
    covering = Q(is_active=True, valid_from__lte=on) & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))
    rule = SplitRule.objects.filter(covering, upt=upt).order_by("-valid_from", "-id").first()
    rule = rule or SplitRule.objects.filter(covering, upt__isnull=True).order_by("-valid_from", "-id").first()
    if rule is None:
        raise ValidationError(
            {"sold_on": [_("Tidak ada aturan pembagian hasil yang berlaku pada tanggal ini.")]}
        )
    return rule


def set_split_rule(
    upt,
    *,
    premi_bp: int,
    pnbp_bp: int,
    capital_bp: int,
    valid_from: datetime.date,
    valid_until: datetime.date | None = None,
    source: str,
    actor,
) -> SplitRule:
    """A UPT's own split (basis points, summing to 10 000) for a period; periods may not overlap."""
    _require_upt(upt)
    if not can_manage_upt_profile(actor, upt):
        raise PermissionDenied(
            _("Hanya petugas UPT ini atau staf kementerian yang dapat mengatur pembagian hasil.")
        )
    parts = {"premi_bp": premi_bp, "pnbp_bp": pnbp_bp, "capital_bp": capital_bp}
    errors = {
        k: [_("Harus bilangan bulat 0–10000.")]
        for k, v in parts.items()
        if not isinstance(v, int) or not 0 <= v <= BASIS_POINTS
    }
    if not errors and sum(parts.values()) != BASIS_POINTS:
        errors["__all__"] = [_("Premi, PNBP, dan modal produksi harus berjumlah 100%.")]
    if valid_until is not None and valid_until < valid_from:
        errors["valid_until"] = [_("Tanggal akhir tidak boleh sebelum tanggal mulai.")]
    if not (source or "").strip():
        errors["source"] = [_("Sebutkan dasar atau sumber aturan ini.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        overlapping = (
            SplitRule.objects.select_for_update()
            .filter(upt=upt, is_active=True, valid_from__lte=valid_until or datetime.date.max)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=valid_from))
        )
        if overlapping.exists():
            raise ValidationError(
                {"valid_from": [_("Periode ini tumpang tindih dengan aturan lain UPT ini.")]}
            )
        rule = SplitRule.objects.create(
            upt=upt, valid_from=valid_from, valid_until=valid_until, source=source.strip()[:200], **parts
        )
        record("corrections.split_rule.create", rule, actor=actor, after=snapshot(rule))
    return rule


# Sales and the ledger ---------------------------------------------------------------------------------


def premi_shares(upt, product: Product, period: datetime.date, premi: int) -> dict[Artisan | None, int]:
    """The premi of a sale per artisan (pro rata to work records; key None: unallocated)."""
    records = list(
        WorkRecord.objects.filter(
            artisan__upt=upt, product=product, period=month_start(period)
        ).select_related("artisan")
    )
    basis = "pieces" if any(r.pieces for r in records) else "hours"
    weights = sorted(
        ((r.artisan, getattr(r, basis)) for r in records if getattr(r, basis) > 0), key=lambda p: p[0].code
    )
    if premi == 0 or not weights:
        return {None: premi}
    return splitting.split(premi, weights)


def _entry(
    sale: Sale, account: str, amount: int, *, kind: str, booked_on, actor, artisan=None, memo=""
) -> LedgerEntry:
    return LedgerEntry(
        upt_id=sale.upt_id,
        account=account,
        amount=amount,
        artisan=artisan,
        sale=sale,
        product_id=sale.product_id,
        period=month_start(sale.sold_on),
        booked_on=booked_on,
        kind=kind,
        memo=memo,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _book_sale(sale: Sale, *, actor) -> list[LedgerEntry]:
    parts = splitting.split(sale.amount, sale.rule.parts)
    premi = parts.pop(LedgerAccount.PREMI_UNALLOCATED)
    entries = []
    for artisan, amount in premi_shares(sale.upt, sale.product, sale.sold_on, premi).items():
        account: str = LedgerAccount.PREMI_UNALLOCATED if artisan is None else LedgerAccount.PREMI_ARTISAN
        entries.append(
            _entry(
                sale,
                account,
                amount,
                kind=EntryKind.SPLIT,
                booked_on=sale.sold_on,
                actor=actor,
                artisan=artisan,
            )
        )
    for account, amount in parts.items():
        entries.append(
            _entry(sale, account, amount, kind=EntryKind.SPLIT, booked_on=sale.sold_on, actor=actor)
        )
    return LedgerEntry.objects.bulk_create(entries)


def _validate_sale(upt, product: Product, amount, sold_on, source: str, external_ref: str) -> None:
    errors = {}
    if not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount <= MAX_SALE:
        errors["amount"] = [_("Nilai penjualan harus bilangan bulat rupiah lebih dari 0.")]
    if not isinstance(sold_on, datetime.date):
        errors["sold_on"] = [_("Harus berupa tanggal (YYYY-MM-DD).")]
    elif sold_on > timezone.localdate():
        errors["sold_on"] = [_("Tanggal penjualan tidak boleh di masa depan.")]
    if not source or len(source) > MAX_SOURCE:
        errors["source"] = [_("Sumber wajib diisi, paling banyak 40 karakter.")]
    if len(external_ref) > MAX_EXTERNAL_REF:
        errors["external_ref"] = [_("Referensi paling banyak 120 karakter.")]
    if product.producer.organisation_id != upt.pk:
        errors["product"] = [_("Produk ini bukan produk UPT ini.")]
    if errors:
        raise ValidationError(errors)


def _create_sale(
    upt, product, amount, sold_on, *, source, external_ref, actor, quantity=None, note=""
) -> Sale:
    sale = Sale.objects.create(
        upt=upt,
        product=product,
        amount=amount,
        quantity=quantity,
        sold_on=sold_on,
        source=source,
        external_ref=external_ref,
        rule=rule_in_force(upt, sold_on),
        note=(note or "")[:300],
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _book_sale(sale, actor=actor)
    record(
        "corrections.sale.record",
        sale,
        actor=actor,
        after=snapshot(sale),
        note=f"{source} {external_ref}".strip(),
    )
    return sale


def record_manual_sale(
    upt,
    product: Product,
    amount: int,
    sold_on: datetime.date,
    *,
    actor,
    quantity=None,
    note="",
    external_ref="",
) -> Sale:
    """A sale entered by an officer (source "manual"), split and booked at once."""
    _require_upt(upt)
    require_upt_officer(actor, upt)
    external_ref = (external_ref or "").strip()
    _validate_sale(upt, product, amount, sold_on, SaleSource.MANUAL, external_ref)
    duplicate = ValidationError({"external_ref": [_("Nomor nota ini sudah pernah dicatat.")]})
    try:
        with transaction.atomic():
            if (
                external_ref
                and Sale.objects.filter(source=SaleSource.MANUAL, external_ref=external_ref).exists()
            ):
                raise duplicate
            return _create_sale(
                upt,
                product,
                amount,
                sold_on,
                source=SaleSource.MANUAL,
                external_ref=external_ref,
                actor=actor,
                quantity=quantity,
                note=note,
            )
    except IntegrityError as exc:
        # A parallel request booked the same receipt number between the check and the insert.
        if external_ref:
            raise duplicate from exc
        raise


def record_sale(
    upt,
    product: Product,
    amount: int,
    sold_on: datetime.date,
    source: str,
    external_ref: str,
    *,
    actor=None,
    quantity=None,
) -> Sale:
    """For the marketplace hub: book an imported channel order once. Calling it again with the same
    (source, external_ref) returns the sale already booked and books nothing.

    Without `actor` the call is the system's own (the hub runs it from its sync queue); with one,
    the actor must be an officer of the UPT.
    """
    _require_upt(upt)
    if actor is not None:
        require_upt_officer(actor, upt)
    source, external_ref = (source or "").strip(), (external_ref or "").strip()
    if not external_ref:
        raise ValidationError({"external_ref": [_("Referensi pesanan kanal wajib diisi.")]})
    existing = Sale.objects.filter(source=source, external_ref=external_ref).first()
    if existing is not None:
        return existing
    _validate_sale(upt, product, amount, sold_on, source, external_ref)
    try:
        with transaction.atomic():
            return _create_sale(
                upt,
                product,
                amount,
                sold_on,
                source=source,
                external_ref=external_ref,
                actor=actor,
                quantity=quantity,
            )
    except IntegrityError:
        # A concurrent import of the same order won the race (unique source + external_ref).
        return Sale.objects.get(source=source, external_ref=external_ref)


def allocate_unallocated_premi(upt, product: Product, period: datetime.date, *, actor) -> list[LedgerEntry]:
    """Move premi booked as unallocated (no work records at the time) to artisans, now that work
    records for that product and month exist. Per sale, so reversing a sale cancels its allocation
    too. Returns the new entries (none when there is nothing to allocate or still no records)."""
    require_upt_officer(actor, upt)
    period = month_start(period)
    created: list[LedgerEntry] = []
    today = timezone.localdate()
    with transaction.atomic():
        balances = (
            LedgerEntry.objects.filter(
                upt=upt,
                product=product,
                period=period,
                account=LedgerAccount.PREMI_UNALLOCATED,
                sale__isnull=False,
            )
            .values("sale_id")
            .annotate(balance=Sum("amount"))
            .order_by("sale_id")
        )
        sales = Sale.objects.in_bulk([b["sale_id"] for b in balances if b["balance"] > 0])
        for b in balances:
            if b["balance"] <= 0:
                continue
            sale = sales[b["sale_id"]]
            shares = premi_shares(upt, product, period, b["balance"])
            if None in shares:
                continue  # still no work records
            entries = [
                _entry(
                    sale,
                    LedgerAccount.PREMI_UNALLOCATED,
                    -b["balance"],
                    kind=EntryKind.ALLOCATION,
                    booked_on=today,
                    actor=actor,
                )
            ]
            entries += [
                _entry(
                    sale,
                    LedgerAccount.PREMI_ARTISAN,
                    amount,
                    kind=EntryKind.ALLOCATION,
                    booked_on=today,
                    actor=actor,
                    artisan=artisan,
                )
                for artisan, amount in shares.items()
            ]
            created += LedgerEntry.objects.bulk_create(entries)
            record("corrections.premi.allocate", sale, actor=actor, note=f"Rp{b['balance']}")
    return created


def _reversal(entry: LedgerEntry, *, actor, reason: str, booked_on) -> LedgerEntry:
    return LedgerEntry(
        upt_id=entry.upt_id,
        account=entry.account,
        amount=-entry.amount,
        artisan_id=entry.artisan_id,
        sale_id=entry.sale_id,
        product_id=entry.product_id,
        period=entry.period,
        booked_on=booked_on,
        kind=EntryKind.REVERSAL,
        reverses=entry,
        memo=reason[:300],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Alasan koreksi wajib diisi.")]})
    return reason


def reverse_entry(
    entry: LedgerEntry, *, reason: str, actor, booked_on: datetime.date | None = None
) -> LedgerEntry:
    """Cancel one entry with an opposite one. An entry is reversed at most once; a reversal itself
    cannot be reversed (book the correct figure again instead)."""
    require_upt_officer(actor, entry.upt_id)
    reason = _reason(reason)
    with transaction.atomic():
        current = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
        if current.kind == EntryKind.REVERSAL:
            raise ValidationError({"entry": [_("Entri pembalikan tidak dapat dibalik lagi.")]})
        if LedgerEntry.objects.filter(reverses=current).exists():
            raise ValidationError({"entry": [_("Entri ini sudah dibalik.")]})
        reversal = _reversal(current, actor=actor, reason=reason, booked_on=booked_on or timezone.localdate())
        reversal.save()
        record("corrections.ledger.reverse", reversal, actor=actor, after=snapshot(reversal), note=reason)
    return reversal


def _reverse_open_entries(sale: Sale, *, actor, reason: str, booked_on) -> list[LedgerEntry]:
    """Opposite entries for every entry of the (locked) sale not yet reversed; [] when none is open."""
    Sale.objects.select_for_update().filter(pk=sale.pk).first()
    open_entries = list(
        LedgerEntry.objects.filter(sale=sale)
        .exclude(kind=EntryKind.REVERSAL)
        .filter(reversed_by__isnull=True)
        .order_by("id")
    )
    if not open_entries:
        return []
    day = booked_on or timezone.localdate()
    created = LedgerEntry.objects.bulk_create(
        _reversal(e, actor=actor, reason=reason, booked_on=day) for e in open_entries
    )
    record("corrections.sale.reverse", sale, actor=actor, note=reason)
    return created


def reverse_sale(
    sale: Sale, *, reason: str, actor, booked_on: datetime.date | None = None
) -> list[LedgerEntry]:
    """Cancel a sale (an officer of the UPT): every entry of it not yet reversed gets its opposite,
    so the sale nets to 0. A sale with nothing left to reverse is refused. The marketplace hub
    cancels the sales it booked with `reverse_recorded_sale`."""
    require_upt_officer(actor, sale.upt_id)
    reason = _reason(reason)
    with transaction.atomic():
        created = _reverse_open_entries(sale, actor=actor, reason=reason, booked_on=booked_on)
        if not created:
            raise ValidationError({"sale": [_("Penjualan ini sudah dibatalkan.")]})
    return created


def reverse_recorded_sale(
    source: str, external_ref: str, *, reason: str, booked_on: datetime.date | None = None
) -> list[LedgerEntry]:
    """For the marketplace hub: the counterpart of `record_sale` when a channel order is cancelled.

    Reverses what is still open of the sale booked for (source, external_ref), as the system (no
    actor). Idempotent: with no such sale, or one already reversed (by an earlier cancellation or by
    an officer), it returns [] and writes nothing."""
    source, external_ref = (source or "").strip(), (external_ref or "").strip()
    reason = _reason(reason)
    with transaction.atomic():
        sale = Sale.objects.filter(source=source, external_ref=external_ref).first()
        if sale is None:
            return []
        return _reverse_open_entries(sale, actor=None, reason=reason, booked_on=booked_on)


# Graduation -----------------------------------------------------------------------------------------


def record_follow_up(follow_up: FollowUp, *, outcome: str, done_on: datetime.date, actor) -> FollowUp:
    require_upt_officer(actor, follow_up.case.upt_id)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": [_("Hasil tindak lanjut tidak dikenal.")]})
    if done_on < follow_up.case.released_on:
        raise ValidationError({"done_on": [_("Tanggal tindak lanjut tidak boleh sebelum bebas.")]})
    with transaction.atomic():
        current = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        before = snapshot(current)
        current.outcome, current.done_on = outcome, done_on
        current.save(update_fields=["outcome", "done_on", "updated_at"])
        record("corrections.follow_up.record", current, actor=actor, before=before, after=snapshot(current))
    return current


def record_consent(case: GraduationCase, *, given_on: datetime.date, actor) -> GraduationCase:
    """The released person agreed that their case may be linked to the IKM they register."""
    require_upt_officer(actor, case.upt_id)
    with transaction.atomic():
        current = GraduationCase.objects.select_for_update().get(pk=case.pk)
        before = snapshot(current)
        current.consent_on = given_on
        current.save(update_fields=["consent_on", "updated_at"])
        record("corrections.graduation.consent", current, actor=actor, before=before, after=snapshot(current))
    return current


def link_business(case: GraduationCase, ikm, *, actor) -> GraduationCase:
    """Link the case to a registered (submitted or verified) IKM; needs recorded consent."""
    require_upt_officer(actor, case.upt_id)
    with transaction.atomic():
        current = GraduationCase.objects.select_for_update().get(pk=case.pk)
        if current.consent_on is None:
            raise ValidationError({"ikm": [_("Catat dulu persetujuan yang bersangkutan.")]})
        if ikm.status == VerificationStatus.DRAFT:
            raise ValidationError({"ikm": [_("IKM ini belum didaftarkan (masih draf).")]})
        before = snapshot(current)
        current.ikm = ikm
        current.save(update_fields=["ikm", "updated_at"])
        record(
            "corrections.graduation.link_ikm", current, actor=actor, before=before, after=snapshot(current)
        )
    return current
