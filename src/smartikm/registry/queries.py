"""Reusable reads of the registry: public profiles, duplicate detection, the verification queue,
sentra criteria."""

import re
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from smartikm.accounts.permissions import officer_province_codes
from smartikm.registry.choices import PENDING_STATUSES, VerificationStatus
from smartikm.registry.models import Ikm, Sentra, SentraMember
from smartikm.registry.permissions import sees_national_queue

# Public profiles ---------------------------------------------------------------------------------
# Only verified IKM and active sentra are public, and only their public fields are ever put in a
# template (never owner NIK/phone/birth date, NPWP, needs or a rejection reason).

VERIFIED = VerificationStatus.VERIFIED
# Fields a public page may read from an IKM row; `.only()` keeps private columns out of memory too.
PUBLIC_IKM_FIELDS = (
    "id",
    "name",
    "business_type",
    "phone",
    "email",
    "kbli",
    "scale",
    "village",
    "province",
    "regency",
    "address",
    "postal_code",
    "description",
    "founded_on",
    "store_links",
    "has_trademark",
    "consumers",
    "marketing_reach",
    "has_export_experience",
    "status",
    "verified_at",
    "updated_at",
)


def public_ikm() -> QuerySet[Ikm]:
    return (
        Ikm.objects.public().only(*PUBLIC_IKM_FIELDS).select_related("province", "regency", "village", "kbli")
    )


def public_sentra() -> QuerySet[Sentra]:
    return Sentra.objects.public().select_related("province", "regency", "village", "kbli")


def members_of(sentra: Sentra) -> QuerySet[Ikm]:
    ids = SentraMember.objects.filter(sentra=sentra).values("ikm_id")
    return public_ikm().filter(pk__in=ids).order_by("name", "id")


# Duplicates --------------------------------------------------------------------------------------

# Legal-form and programme words that say nothing about which business it is.
LEGAL_FORM_WORDS = frozenset(
    {
        "cv",
        "pt",
        "ud",
        "pd",
        "fa",
        "firma",
        "tbk",
        "persero",
        "koperasi",
        "kub",
        "umkm",
        "ukm",
        "ikm",
        "usaha",
    }
)
NAME_SIMILARITY_THRESHOLD = 85
_NON_WORD = re.compile(r"[^0-9a-z]+")


def business_name_key(name: str) -> str:
    """Lower-case words of a business name without punctuation and legal-form words."""
    words = _NON_WORD.sub(" ", (name or "").lower()).split()
    return " ".join(w for w in words if w not in LEGAL_FORM_WORDS)


@dataclass(frozen=True)
class DuplicateCandidate:
    """Another IKM that may be the same business, with why it was matched."""

    ikm: Ikm
    reason: str  # "npwp" or "name"
    score: int  # 100 for the same NPWP; rapidfuzz token_set_ratio for names


def possible_duplicates(ikm: Ikm, *, threshold: int = NAME_SIMILARITY_THRESHOLD) -> list[DuplicateCandidate]:
    """Other IKM with the same NPWP (anywhere), or a similar name in the same village.

    Works for unsaved profiles too (to warn before registering). Best matches first.
    """
    others = Ikm.objects.select_related("village", "regency")
    if ikm.pk is not None:
        others = others.exclude(pk=ikm.pk)
    found: dict[int, DuplicateCandidate] = {}
    if ikm.npwp:
        for other in others.filter(npwp=ikm.npwp):
            found[other.pk] = DuplicateCandidate(other, "npwp", 100)
    key = business_name_key(ikm.name)
    if key and ikm.village_id:
        for other in others.filter(village_id=ikm.village_id).exclude(pk__in=list(found)):
            other_key = business_name_key(other.name)
            if not other_key:
                continue
            score = round(fuzz.token_set_ratio(key, other_key))
            if score >= threshold:
                found[other.pk] = DuplicateCandidate(other, "name", score)
    return sorted(found.values(), key=lambda c: (-c.score, c.ikm.name, c.ikm.pk))


# Verification ------------------------------------------------------------------------------------


def verification_queue(user) -> QuerySet[Ikm]:
    """Pending (submitted or resubmitted) IKM this user may verify, oldest submission first.

    Ministry administrators see all provinces, provincial officers their own; an IKM owned by the
    user is never in their queue.
    """
    pending = Ikm.objects.filter(status__in=PENDING_STATUSES).select_related(
        "province", "regency", "village", "kbli"
    )
    if not sees_national_queue(user):
        provinces = officer_province_codes(user)
        if not provinces:
            return pending.none()
        pending = pending.filter(province_id__in=provinces)
    return pending.exclude(owner_id=user.pk).order_by("submitted_at", "id")


# Sentra criteria (BPS) ---------------------------------------------------------------------------

PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"
# BPS: similar businesses are at least 20 % of the village's households.
SENTRA_MIN_SHARE_PERCENT = 20


@dataclass(frozen=True)
class SentraCheck:
    """One BPS sentra criterion and whether this sentra meets it, as far as the data says."""

    code: str
    label: str
    status: str  # PASS, FAIL or UNKNOWN
    detail: str = ""

    @property
    def passed(self) -> bool:
        return self.status == PASS


def sentra_checks(sentra: Sentra) -> list[SentraCheck]:
    """The four BPS criteria of a sentra: one village, supervised by an agency, publicly known, and
    similar businesses ≥ 20 % of the village's households."""
    members = list(sentra.members.values_list("ikm__village_id", flat=True)) if sentra.pk else []
    outside = sum(1 for village in members if village != sentra.village_id)
    detail = _("%(count)d anggota terdaftar") % {"count": len(members)}
    if outside:
        detail += "; " + _("%(count)d anggota berada di desa lain di kabupaten/kota yang sama") % {
            "count": outside
        }
    checks = [
        SentraCheck("one_village", _("Berada dalam satu kelurahan/desa"), PASS, detail),
    ]
    agency = (sentra.supervising_agency or "").strip()
    checks.append(
        SentraCheck(
            "supervised",
            _("Dibina atau diorganisasi oleh suatu instansi"),
            PASS if agency else FAIL,
            agency or _("Instansi pembina belum diisi."),
        )
    )
    known = sentra.publicly_known
    checks.append(
        SentraCheck(
            "publicly_known",
            _("Dikenal oleh masyarakat"),
            UNKNOWN if known is None else (PASS if known else FAIL),
            _("Belum dinilai.") if known is None else "",
        )
    )
    checks.append(_share_check(sentra, len(members)))
    return checks


def _share_check(sentra: Sentra, member_count: int) -> SentraCheck:
    label = _("Usaha sejenis minimal %(percent)d%% dari rumah tangga desa") % {
        "percent": SENTRA_MIN_SHARE_PERCENT
    }
    households = sentra.village_households
    if not households:
        return SentraCheck("share", label, UNKNOWN, _("Jumlah rumah tangga desa belum diisi."))
    similar = sentra.similar_businesses
    if similar is None:
        # Registered members are a lower bound of the similar businesses in the village.
        if member_count * 100 >= SENTRA_MIN_SHARE_PERCENT * households:
            return SentraCheck(
                "share",
                label,
                PASS,
                _("Anggota terdaftar saja sudah %(n)d dari %(h)d rumah tangga.")
                % {"n": member_count, "h": households},
            )
        return SentraCheck("share", label, UNKNOWN, _("Jumlah usaha sejenis di desa belum diisi."))
    share = similar * 100 / households
    return SentraCheck(
        "share",
        label,
        PASS if similar * 100 >= SENTRA_MIN_SHARE_PERCENT * households else FAIL,
        _("%(n)d usaha dari %(h)d rumah tangga (%(share).1f%%)")
        % {"n": similar, "h": households, "share": share},
    )
