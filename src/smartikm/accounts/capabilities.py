"""Who may do what, written once as data: the named roles, how a membership becomes one, and the
role × capability matrix.

A role is the pair (organisation kind, membership role) of a `Membership` row, named by
`ROLE_OF_MEMBERSHIP`; the IKM owner is implicit (the owner account of an `Ikm`). Every permission
question in the apps is answered from `CAPABILITIES_OF_ROLE` through
`smartikm.accounts.permissions.has_capability`; `smartikm permissions_doc` renders this module into
docs/permissions.md, and a test fails when that file is stale.

Capabilities named "own …" or "… in own province" are scoped: holding them is necessary, and the
domain app's `permissions.py` also checks that the object is the user's (their IKM, their UPT, a
province of their office, an entry they are assigned to).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from smartikm.accounts.choices import OrganisationKind, Role


class RoleName(models.TextChoices):
    MINISTRY_ADMIN = "ministry_admin", _("Administrator kementerian")
    ANALYST = "analyst", _("Analis / petugas program kementerian")
    CURATOR = "curator", _("Kurator")
    PROVINCIAL_OFFICER = "provincial_officer", _("Petugas dinas provinsi")
    UPT_OFFICER = "upt_officer", _("Petugas UPT Pemasyarakatan")
    MENTOR = "mentor", _("Mentor")
    LARGE_INDUSTRY_PARTNER = "large_industry_partner", _("Mitra industri besar")
    BUYER = "buyer", _("Pembeli")
    PARTNER_SYSTEM = "partner_system", _("Sistem mitra (hanya API)")
    IKM_OWNER = "ikm_owner", _("Pemilik IKM")


# Roles a curator or mentor holds whatever kind of organisation sent them (a ministry unit, a
# design association, a large industry).
_ANY_KIND = {Role.CURATOR: RoleName.CURATOR, Role.MENTOR: RoleName.MENTOR}

# (organisation kind, membership role) -> named role. Pairs not listed give no role at all, and
# `grant_role` refuses them.
ROLE_OF_MEMBERSHIP: dict[tuple[str, str], RoleName] = {
    (OrganisationKind.MINISTRY_UNIT, Role.ADMIN): RoleName.MINISTRY_ADMIN,
    (OrganisationKind.MINISTRY_UNIT, Role.ANALYST): RoleName.ANALYST,
    (OrganisationKind.MINISTRY_UNIT, Role.OFFICER): RoleName.ANALYST,
    (OrganisationKind.PROVINCIAL_OFFICE, Role.ADMIN): RoleName.PROVINCIAL_OFFICER,
    (OrganisationKind.PROVINCIAL_OFFICE, Role.OFFICER): RoleName.PROVINCIAL_OFFICER,
    (OrganisationKind.UPT, Role.ADMIN): RoleName.UPT_OFFICER,
    (OrganisationKind.UPT, Role.OFFICER): RoleName.UPT_OFFICER,
    (OrganisationKind.LARGE_INDUSTRY, Role.ADMIN): RoleName.LARGE_INDUSTRY_PARTNER,
    (OrganisationKind.LARGE_INDUSTRY, Role.MEMBER): RoleName.LARGE_INDUSTRY_PARTNER,
    (OrganisationKind.BUYER, Role.ADMIN): RoleName.BUYER,
    (OrganisationKind.BUYER, Role.MEMBER): RoleName.BUYER,
    (OrganisationKind.MARKETPLACE_PARTNER, Role.ADMIN): RoleName.PARTNER_SYSTEM,
    (OrganisationKind.MARKETPLACE_PARTNER, Role.MEMBER): RoleName.PARTNER_SYSTEM,
    **{(kind, role): name for kind in OrganisationKind.values for role, name in _ANY_KIND.items()},
}


def role_of(organisation_kind: str, membership_role: str) -> RoleName | None:
    """The named role a membership gives, or None when the pair means nothing."""
    return ROLE_OF_MEMBERSHIP.get((organisation_kind, membership_role))


class Capability(models.TextChoices):
    # Registry
    VERIFY_ANY_PROVINCE = (
        "verify_any_province",
        _("Memverifikasi atau menolak pendaftaran IKM di provinsi mana pun"),
    )
    VERIFY_OWN_PROVINCE = (
        "verify_own_province",
        _("Memverifikasi atau menolak pendaftaran IKM di provinsi wilayah kerjanya"),
    )
    SEE_NATIONAL_QUEUE = "see_national_queue", _("Melihat antrean verifikasi seluruh provinsi")
    EDIT_ANY_IKM = (
        "edit_any_ikm",
        _("Mengubah profil IKM mana pun, mendaftarkan IKM atas nama orang lain, mengganti akun pemilik"),
    )
    EDIT_PROVINCE_IKM = "edit_province_ikm", _("Mengubah profil IKM di provinsi wilayah kerjanya")
    EDIT_OWN_IKM = "edit_own_ikm", _("Mendaftarkan dan mengubah profil IKM miliknya sendiri")
    READ_ANY_PRIVATE_PROFILE = (
        "read_any_private_profile",
        _("Membaca profil lengkap (data pribadi) IKM mana pun"),
    )
    READ_PROVINCE_PRIVATE_PROFILE = (
        "read_province_private_profile",
        _("Membaca profil lengkap IKM di provinsi wilayah kerjanya"),
    )
    SEE_ALL_PROFILES = (
        "see_all_profiles",
        _("Melihat data publik semua profil IKM, produk dan sentra apa pun statusnya (draf, menunggu)"),
    )
    MANAGE_ANY_SENTRA = "manage_any_sentra", _("Mengelola sentra di provinsi mana pun")
    MANAGE_PROVINCE_SENTRA = "manage_province_sentra", _("Mengelola sentra di provinsi wilayah kerjanya")
    # Catalogue and channels
    MANAGE_ANY_PRODUCT = "manage_any_product", _("Mengelola produk dan toko IKM atau UPT mana pun")
    MANAGE_OWN_PRODUCTS = "manage_own_products", _("Mengelola produk dan toko milik IKM atau UPT sendiri")
    SEE_CHANNEL_HEALTH = "see_channel_health", _("Melihat kesehatan kanal marketplace")
    # Corrections (warga binaan)
    MANAGE_OWN_UPT = "manage_own_upt", _("Mengelola data warga binaan dan premi UPT sendiri")
    MANAGE_ANY_UPT_PROFILE = (
        "manage_any_upt_profile",
        _("Mengubah profil publik dan aturan pembagian hasil UPT mana pun (tanpa data warga binaan)"),
    )
    SEE_NATIONAL_COUNTS = "see_national_counts", _("Melihat rekap nasional UPT (jumlah saja, tanpa nama)")
    # Curation
    MANAGE_CURATION_ROUNDS = (
        "manage_curation_rounds",
        _("Mengelola seleksi produk: membuka putaran, menugaskan kurator, memutuskan, mengumumkan"),
    )
    REVIEW_ASSIGNED_ENTRIES = (
        "review_assigned_entries",
        _("Menilai peserta seleksi yang ditugaskan kepadanya"),
    )
    NOMINATE_PROVINCE_PRODUCTS = (
        "nominate_province_products",
        _("Mengusulkan produk dari provinsi wilayah kerjanya ke seleksi"),
    )
    # Accounts and back office
    MANAGE_MEMBERSHIPS = "manage_memberships", _("Memberi dan mencabut peran pengguna")
    MANAGE_ANY_API_TOKEN = "manage_any_api_token", _("Melihat dan mencabut token API siapa pun")
    USE_BACK_OFFICE = "use_back_office", _("Memakai halaman admin (back office) registri dan kurasi")
    SEE_SCHEDULED_JOBS = (
        "see_scheduled_jobs",
        _("Melihat pekerjaan terjadwal (jalan terakhir, berikutnya, hasil) dan menerima peringatan antrean"),
    )


C = Capability

# The matrix. Ministry administrators run the whole back office; analysts read national data and
# edit nothing; curators only review entries they are assigned to; the other roles act on what is
# theirs. Mentors, large-industry partners, buyers and partner systems have no back-office
# capability today: they use the public pages and the API like anybody with an account.
CAPABILITIES_OF_ROLE: dict[RoleName, frozenset[Capability]] = {
    RoleName.MINISTRY_ADMIN: frozenset(
        {
            C.VERIFY_ANY_PROVINCE,
            C.SEE_NATIONAL_QUEUE,
            C.EDIT_ANY_IKM,
            C.READ_ANY_PRIVATE_PROFILE,
            C.SEE_ALL_PROFILES,
            C.MANAGE_ANY_SENTRA,
            C.MANAGE_ANY_PRODUCT,
            C.SEE_CHANNEL_HEALTH,
            C.MANAGE_ANY_UPT_PROFILE,
            C.SEE_NATIONAL_COUNTS,
            C.MANAGE_CURATION_ROUNDS,
            C.REVIEW_ASSIGNED_ENTRIES,
            C.MANAGE_MEMBERSHIPS,
            C.MANAGE_ANY_API_TOKEN,
            C.USE_BACK_OFFICE,
            C.SEE_SCHEDULED_JOBS,
        }
    ),
    RoleName.ANALYST: frozenset({C.SEE_ALL_PROFILES, C.SEE_CHANNEL_HEALTH, C.SEE_NATIONAL_COUNTS}),
    RoleName.CURATOR: frozenset({C.REVIEW_ASSIGNED_ENTRIES}),
    RoleName.PROVINCIAL_OFFICER: frozenset(
        {
            C.VERIFY_OWN_PROVINCE,
            C.EDIT_PROVINCE_IKM,
            C.READ_PROVINCE_PRIVATE_PROFILE,
            C.MANAGE_PROVINCE_SENTRA,
            C.NOMINATE_PROVINCE_PRODUCTS,
        }
    ),
    RoleName.UPT_OFFICER: frozenset({C.MANAGE_OWN_UPT, C.MANAGE_OWN_PRODUCTS}),
    RoleName.MENTOR: frozenset(),
    RoleName.LARGE_INDUSTRY_PARTNER: frozenset(),
    RoleName.BUYER: frozenset(),
    RoleName.PARTNER_SYSTEM: frozenset(),
    RoleName.IKM_OWNER: frozenset({C.EDIT_OWN_IKM, C.MANAGE_OWN_PRODUCTS}),
}
