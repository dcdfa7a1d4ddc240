"""The cast of people used by tests and the demo: one of each kind of user the platform serves.

`make_personas()` is idempotent and needs the reference regions loaded (provinces 33 Jawa Tengah
and 35 Jawa Timur).
"""

from dataclasses import dataclass

from smartikm.accounts.choices import OrganisationKind, Role
from smartikm.accounts.models import Membership, Organisation, User
from smartikm.reference.models import Region

PASSWORD = "rahasia-uji-123"  # noqa: S105 (test and demo persona password, documented in README)


@dataclass
class Personas:
    """One user per named role (see accounts.capabilities.RoleName), plus an outsider with none.

    The ministry administrator is also a Django superuser (the admin site needs model permissions);
    the role matrix tests build plain role holders from `ROLE_OF_MEMBERSHIP` where that matters."""

    ministry_admin: User
    analyst: User
    officer_jateng: User
    officer_jatim: User
    upt_officer: User
    curator: User
    mentor: User
    industry_partner: User
    partner_system: User
    ikm_owner: User
    buyer: User
    outsider: User
    ministry: Organisation
    office_jateng: Organisation
    office_jatim: Organisation
    upt: Organisation
    buyer_org: Organisation
    industry: Organisation
    marketplace: Organisation


def _org(name: str, kind: str, **extra) -> Organisation:
    org, _ = Organisation.objects.get_or_create(name=name, kind=kind, defaults=extra)
    return org


def _user(
    username: str, first: str, last: str, org: Organisation | None = None, role: str | None = None
) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username,
            password=PASSWORD,
            first_name=first,
            last_name=last,
            email=f"{username}@contoh.id",
        )
    if org is not None and role is not None:
        Membership.objects.get_or_create(user=user, organisation=org, role=role)
    return user


def make_personas() -> Personas:
    jateng = Region.objects.get(code="33")
    jatim = Region.objects.get(code="35")
    ministry = _org("Direktorat Jenderal IKMA, Kementerian Perindustrian", OrganisationKind.MINISTRY_UNIT)
    office_jateng = _org(
        "Dinas Perindustrian dan Perdagangan Provinsi Jawa Tengah",
        OrganisationKind.PROVINCIAL_OFFICE,
        province=jateng,
        region=jateng,
    )
    office_jatim = _org(
        "Dinas Perindustrian dan Perdagangan Provinsi Jawa Timur",
        OrganisationKind.PROVINCIAL_OFFICE,
        province=jatim,
        region=jatim,
    )
    upt = _org(
        "Lapas Kelas I Semarang",
        OrganisationKind.UPT,
        region=Region.objects.get(code="33.74"),
        province=jateng,
    )
    buyer_org = _org("PT Nusantara Ekspor Mandiri", OrganisationKind.BUYER)
    industry = _org("PT Tekstil Raya Indonesia", OrganisationKind.LARGE_INDUSTRY)
    marketplace = _org("Sistem Mitra Pasar Digital", OrganisationKind.MARKETPLACE_PARTNER)
    ministry_admin = _user("admin.kemenperin", "Ratna", "Wulandari", ministry, Role.ADMIN)
    if not ministry_admin.is_superuser:
        # The ministry admin runs the back office (Django admin) with every permission.
        ministry_admin.is_staff = ministry_admin.is_superuser = True
        ministry_admin.save(update_fields=["is_staff", "is_superuser"])
    return Personas(
        ministry_admin=ministry_admin,
        analyst=_user("analis.kemenperin", "Yudi", "Hartono", ministry, Role.ANALYST),
        officer_jateng=_user("petugas.jateng", "Agus", "Santoso", office_jateng, Role.OFFICER),
        officer_jatim=_user("petugas.jatim", "Dewi", "Lestari", office_jatim, Role.OFFICER),
        upt_officer=_user("petugas.lapas", "Bambang", "Prasetyo", upt, Role.OFFICER),
        curator=_user("kurator", "Sri", "Handayani", ministry, Role.CURATOR),
        mentor=_user("mentor", "Rudi", "Hermawan", ministry, Role.MENTOR),
        industry_partner=_user("mitra.industri", "Linda", "Kusuma", industry, Role.MEMBER),
        partner_system=_user("sistem.mitra", "Sistem", "Mitra", marketplace, Role.MEMBER),
        ikm_owner=_user("pemilik.ikm", "Siti", "Aminah"),
        buyer=_user("pembeli", "Hendra", "Gunawan", buyer_org, Role.MEMBER),
        outsider=_user("orang.luar", "Joko", "Susilo"),
        ministry=ministry,
        office_jateng=office_jateng,
        office_jatim=office_jatim,
        upt=upt,
        buyer_org=buyer_org,
        industry=industry,
        marketplace=marketplace,
    )
