"""Indonesian identifiers of an IKM and its owner: NIB, NPWP, NIK and phone numbers.

Each `normalize_*` function returns the stored form (digits only, or E.164 for phone numbers) or
raises a Django ValidationError naming the problem in Bahasa Indonesia. The `validate_*` wrappers
only check, for use as field validators. All normalisers are idempotent: passing a stored value
back in returns it unchanged, so actions may normalise again whatever the form already did.
"""

import datetime
import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from lokal.nik import parse_nik
from stdnum import exceptions as stdnum_errors
from stdnum.id import npwp as stdnum_npwp

from smartikm.reference.choices import KbliLevel, RegionLevel
from smartikm.reference.models import Kbli, Region

_SEPARATORS = re.compile(r"[\s.\-/]")
_DIGITS = re.compile(r"[0-9]+")

# NIK province prefixes no longer in the Kemendagri table but still found on identity cards issued
# under them. A NIK keeps the region code of the place and time it was issued (the card is not
# re-issued when a province is split or renamed). Every province code ever loaded
# into reference.Region (active or disabled) is accepted as well, so codes disabled by a future
# Kemendagri decree stay valid without touching this list.
LEGACY_NIK_PROVINCE_CODES: dict[str, str] = {
    "54": "Timor Timur (kode Kemendagri hingga 1999)",
}


def _strip(value) -> str:
    return _SEPARATORS.sub("", str(value or "")).strip()


# NIB ---------------------------------------------------------------------------------------------


def normalize_nib(value: str) -> str:
    """NIB (Nomor Induk Berusaha, OSS): exactly 13 digits; there is no public check digit."""
    digits = _strip(value)
    if not _DIGITS.fullmatch(digits or "x"):
        raise ValidationError(_("NIB hanya boleh berisi angka."), code="nib_format")
    if len(digits) != 13:
        raise ValidationError(
            _("NIB harus 13 digit (yang dimasukkan %(count)d digit).") % {"count": len(digits)},
            code="nib_length",
        )
    return digits


def validate_nib(value: str) -> None:
    normalize_nib(value)


# NIK ---------------------------------------------------------------------------------------------


def nik_province_codes() -> set[str]:
    """Province codes a NIK may start with: every province in the Region table plus legacy codes."""
    return set(Region.objects.filter(level=RegionLevel.PROVINCE).values_list("code", flat=True)) | set(
        LEGACY_NIK_PROVINCE_CODES
    )


def normalize_nik(value: str, *, reference_date: datetime.date | None = None) -> str:
    """NIK: 16 digits = province, regency, district codes, birth date (day + 40 for women), serial.

    Structure and date are checked with lokal-id's `parse_nik`; the province prefix is checked
    against our Region table and legacy codes (not stdnum's outdated list, which rejects 65, 92–96).
    A structurally valid NIK may still not be registered at Dukcapil; that cannot be checked here.
    """
    digits = _strip(value)
    if not _DIGITS.fullmatch(digits or "x"):
        raise ValidationError(_("NIK hanya boleh berisi angka."), code="nik_format")
    if len(digits) != 16:
        raise ValidationError(
            _("NIK harus 16 digit (yang dimasukkan %(count)d digit).") % {"count": len(digits)},
            code="nik_length",
        )
    if digits[:2] not in nik_province_codes():
        raise ValidationError(
            _("Kode provinsi NIK (%(code)s) tidak dikenal.") % {"code": digits[:2]}, code="nik_province"
        )
    info = parse_nik(digits, reference_date=reference_date)
    codes = {issue.code for issue in info.errors}
    if "wilayah" in codes:
        raise ValidationError(
            _("Kode kabupaten/kota dan kecamatan di NIK tidak boleh 00."), code="nik_region"
        )
    if "birth_date" in codes:
        raise ValidationError(
            _("Tanggal lahir di NIK (digit 7–12) tidak valid; untuk perempuan tanggal ditambah 40."),
            code="nik_birth_date",
        )
    if "serial" in codes:
        raise ValidationError(_("Nomor urut NIK (4 digit terakhir) tidak boleh 0000."), code="nik_serial")
    return digits


def nik_birth_date(nik: str, *, reference_date: datetime.date | None = None) -> datetime.date | None:
    """The birth date encoded in a (valid) NIK; the century is inferred from the reference date."""
    info = parse_nik(_strip(nik), reference_date=reference_date)
    return datetime.date.fromisoformat(info.birth_date) if info.birth_date else None


def validate_nik(value: str) -> None:
    normalize_nik(value)


# NPWP --------------------------------------------------------------------------------------------


def normalize_npwp(value: str) -> str:
    """NPWP: 15 digits (Luhn over the first 9) or 16 digits (`0` + the 15 digits, or a NIK).

    Dotted input (`99.999.999.9-999.999`) is accepted; digits only are stored. python-stdnum checks
    the 15-digit and `0…` forms; a 16-digit NPWP that is a NIK is checked by our own NIK rules.
    """
    digits = stdnum_npwp.compact(str(value or ""))
    digits = _strip(digits)
    if not _DIGITS.fullmatch(digits or "x"):
        raise ValidationError(
            _("NPWP hanya boleh berisi angka, titik, dan tanda hubung."), code="npwp_format"
        )
    if len(digits) not in (15, 16):
        raise ValidationError(_("NPWP harus 15 atau 16 digit."), code="npwp_length")
    if len(digits) == 16 and not digits.startswith("0"):
        try:
            return normalize_nik(digits)
        except ValidationError as exc:
            raise ValidationError(
                _("NPWP 16 digit yang tidak diawali 0 harus berupa NIK yang sah: %(problem)s")
                % {"problem": " ".join(exc.messages)},
                code="npwp_nik",
            ) from exc
    try:
        stdnum_npwp.validate(digits)
    except (stdnum_errors.InvalidChecksum, stdnum_errors.InvalidComponent) as exc:
        raise ValidationError(_("Digit pemeriksa NPWP tidak cocok."), code="npwp_checksum") from exc
    except stdnum_errors.ValidationError as exc:
        raise ValidationError(_("NPWP tidak valid."), code="npwp_invalid") from exc
    return digits


def validate_npwp(value: str) -> None:
    normalize_npwp(value)


def format_npwp(digits: str) -> str:
    """Display form of a 15-digit NPWP (`01.312.166.0-091.000`); 16-digit numbers are shown as is."""
    if len(digits) == 15:
        return stdnum_npwp.format(digits)
    return digits


# Phone -------------------------------------------------------------------------------------------


def normalize_phone(value: str, *, region: str = "ID") -> str:
    """A phone number in E.164 (`0812 3456 7890` → `+6281234567890`); numbers without a country
    code are read as Indonesian."""
    text = str(value or "").strip()
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("Nomor telepon tidak dapat dibaca: gunakan angka, misalnya 0812 3456 7890."),
            code="phone_format",
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Nomor telepon %(value)s tidak valid.") % {"value": text}, code="phone_invalid"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_phone(value: str) -> None:
    normalize_phone(value)


# Reference lookups -------------------------------------------------------------------------------


def resolve_village(value) -> Region:
    """The active village (level 4) for a Region or a dotted Kemendagri code like `33.20.06.2012`."""
    code = value.code if isinstance(value, Region) else str(value or "").strip()
    region = value if isinstance(value, Region) else Region.objects.filter(code=code).first()
    if region is None:
        raise ValidationError(
            _("Kode wilayah %(code)s tidak ditemukan.") % {"code": code}, code="village_unknown"
        )
    if region.level != RegionLevel.VILLAGE:
        raise ValidationError(
            _("%(name)s (%(code)s) bukan kelurahan/desa; pilih kelurahan/desa.")
            % {"name": region.name, "code": region.code},
            code="village_level",
        )
    if not region.is_active:
        raise ValidationError(
            _("Kelurahan/desa %(name)s (%(code)s) sudah tidak aktif dalam data Kemendagri terbaru.")
            % {"name": region.name, "code": region.code},
            code="village_inactive",
        )
    return region


def resolve_kbli(value) -> Kbli:
    """The active five-digit KBLI kelompok in category C (industri pengolahan) for a Kbli or a code."""
    code = value.code if isinstance(value, Kbli) else _strip(value)
    kbli = value if isinstance(value, Kbli) else Kbli.objects.filter(code=code).first()
    if kbli is None:
        raise ValidationError(_("Kode KBLI %(code)s tidak ditemukan.") % {"code": code}, code="kbli_unknown")
    if kbli.level != KbliLevel.KELOMPOK:
        raise ValidationError(
            _("KBLI %(code)s bukan kode kelompok (5 digit).") % {"code": kbli.code}, code="kbli_level"
        )
    if not kbli.is_active:
        raise ValidationError(
            _("KBLI %(code)s sudah tidak aktif.") % {"code": kbli.code}, code="kbli_inactive"
        )
    if kbli.category != "C":
        raise ValidationError(
            _("KBLI %(code)s bukan kategori C (Industri Pengolahan); IKM harus berusaha di bidang industri.")
            % {"code": kbli.code},
            code="kbli_category",
        )
    return kbli
