"""The role × capability matrix, tested as a table against the real pages and API endpoints.

Every named role (one user each, holding only that role) tries the page or endpoint behind every
capability. It must succeed exactly when the matrix (accounts.capabilities) gives the role that
capability, or one that includes it (a ministry administrator who may verify anywhere may verify in
Jawa Tengah too). Every refusal must leave the data as it was. Explicit rows below pin the sensitive
roles by hand, so an accidental edit of the matrix data cannot make this test agree with itself.
"""

import datetime
from collections.abc import Callable

import pytest
from django.contrib.admin import site
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse

from smartikm.accounts.admin import ApiTokenAdmin
from smartikm.accounts.capabilities import CAPABILITIES_OF_ROLE, Capability, RoleName
from smartikm.accounts.choices import OrganisationKind, Role
from smartikm.accounts.models import ApiToken, Membership, Organisation, User
from smartikm.accounts.permissions import capabilities_of
from smartikm.catalog.choices import ProductStatus
from smartikm.catalog.models import Category, Product
from smartikm.core.models import AuditEntry
from smartikm.corrections import actions as corrections_actions
from smartikm.corrections.models import UptProfile
from smartikm.curation import actions as curation_actions
from smartikm.curation.choices import RoundState
from smartikm.curation.models import Assignment, Criterion, Entry, Round
from smartikm.producers.actions import producer_for
from smartikm.reference.models import Region
from smartikm.registry.choices import VerificationStatus
from smartikm.registry.models import Ikm, Sentra
from smartikm.registry.permissions import can_manage_sentra, can_use_back_office

pytestmark = pytest.mark.django_db

C = Capability
JATENG_VILLAGE = "33.20.06.2012"  # Mulyoharjo, Jepara
JATIM_VILLAGE = "35.01.01.2001"  # Widoro, Pacitan
ROUND = {
    "name": "Kurasi Uji Peran",
    "purpose": "marketplace",
    "opens_on": datetime.date(2026, 2, 1),
    "closes_on": datetime.date(2026, 2, 28),
    "results_on": datetime.date(2026, 3, 15),
    "for_ikm": True,
    "for_upt": True,
}

# A capability about any province includes the same one about the user's own province.
INCLUDED_IN = {
    C.VERIFY_OWN_PROVINCE: C.VERIFY_ANY_PROVINCE,
    C.EDIT_PROVINCE_IKM: C.EDIT_ANY_IKM,
    C.READ_PROVINCE_PRIVATE_PROFILE: C.READ_ANY_PRIVATE_PROFILE,
    C.MANAGE_PROVINCE_SENTRA: C.MANAGE_ANY_SENTRA,
    C.NOMINATE_PROVINCE_PRODUCTS: C.MANAGE_CURATION_ROUNDS,
}

# Ownership capabilities need an object the user owns, which only the owner has; they are tested
# on their own below rather than across roles.
NOT_PROBED_ACROSS_ROLES = {C.EDIT_OWN_IKM, C.MANAGE_OWN_PRODUCTS}
PROBED = [c for c in Capability if c not in NOT_PROBED_ACROSS_ROLES]

MINISTRY_ADMIN_ACTIONS = {
    C.VERIFY_ANY_PROVINCE,
    C.SEE_NATIONAL_QUEUE,
    C.EDIT_ANY_IKM,
    C.READ_ANY_PRIVATE_PROFILE,
    C.MANAGE_ANY_PRODUCT,
    C.SEE_CHANNEL_HEALTH,
    C.SEE_NATIONAL_COUNTS,
    C.MANAGE_CURATION_ROUNDS,
    C.MANAGE_MEMBERSHIPS,
    C.SEE_SCHEDULED_JOBS,
}

# Written by hand, not derived from the matrix: what each sensitive role may do among PROBED.
EXPLICIT = {
    RoleName.CURATOR: {C.REVIEW_ASSIGNED_ENTRIES},
    RoleName.ANALYST: {C.SEE_ALL_PROFILES, C.SEE_CHANNEL_HEALTH, C.SEE_NATIONAL_COUNTS},
    RoleName.PROVINCIAL_OFFICER: {
        C.VERIFY_OWN_PROVINCE,
        C.EDIT_PROVINCE_IKM,
        C.READ_PROVINCE_PRIVATE_PROFILE,
        C.MANAGE_PROVINCE_SENTRA,
        C.NOMINATE_PROVINCE_PRODUCTS,
    },
    RoleName.UPT_OFFICER: {C.MANAGE_OWN_UPT},
    RoleName.MENTOR: set(),
    RoleName.LARGE_INDUSTRY_PARTNER: set(),
    RoleName.BUYER: set(),
    RoleName.PARTNER_SYSTEM: set(),
    RoleName.IKM_OWNER: set(),
    RoleName.MINISTRY_ADMIN: set(PROBED) - {C.MANAGE_OWN_UPT},
}


def expected(role: RoleName, capability: Capability) -> bool:
    held = CAPABILITIES_OF_ROLE[role]
    return capability in held or INCLUDED_IN.get(capability) in held


# --------------------------------------------------------------------------- the world


def make_ikm(owner, name: str, village_code: str, status=VerificationStatus.SUBMITTED) -> Ikm:
    village = Region.objects.get(code=village_code)
    return Ikm.objects.create(
        name=name,
        owner=owner,
        kbli_id="13134",
        workers=8,
        investment=150_000_000,
        scale="kecil",
        village=village,
        province_id=village_code[:2],
        regency_id=village_code[:5],
        address="Jl. Pemuda No. 12",
        owner_name="Siti Aminah Rahayu",
        owner_nik="3320065203850001",
        status=status,
        submitted_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC),
    )


class World:
    def __init__(self, personas):
        self.p = personas
        self.other_owner = User.objects.create_user("pemilik.lain", password="x", email="lain@contoh.id")
        self.plain_admin = User.objects.create_user(
            "admin.peran", password="x", email="admin.peran@contoh.id"
        )
        Membership.objects.create(user=self.plain_admin, organisation=personas.ministry, role=Role.ADMIN)
        self.own_ikm = make_ikm(
            personas.ikm_owner, "Tenun Milik Sendiri", JATENG_VILLAGE, VerificationStatus.VERIFIED
        )
        self.reviewer2 = User.objects.create_user("kurator.dua", password="x", email="k2@contoh.id")
        Membership.objects.create(user=self.reviewer2, organisation=personas.ministry, role=Role.CURATOR)

    def user(self, role: RoleName) -> User:
        return {
            RoleName.MINISTRY_ADMIN: self.plain_admin,
            RoleName.ANALYST: self.p.analyst,
            RoleName.CURATOR: self.p.curator,
            RoleName.PROVINCIAL_OFFICER: self.p.officer_jateng,
            RoleName.UPT_OFFICER: self.p.upt_officer,
            RoleName.MENTOR: self.p.mentor,
            RoleName.LARGE_INDUSTRY_PARTNER: self.p.industry_partner,
            RoleName.BUYER: self.p.buyer,
            RoleName.PARTNER_SYSTEM: self.p.partner_system,
            RoleName.IKM_OWNER: self.p.ikm_owner,
        }[role]

    def ikm(self, province: str, status=VerificationStatus.SUBMITTED) -> Ikm:
        village = JATENG_VILLAGE if province == "33" else JATIM_VILLAGE
        return make_ikm(self.other_owner, f"Kerajinan Uji {province} {status}", village, status)

    def product(self, province: str) -> Product:
        ikm = self.ikm(province, VerificationStatus.VERIFIED)
        return Product.objects.create(
            producer=producer_for(ikm),
            name_id=f"Kain Uji {province}",
            description_id="Kain tenun.",
            category=Category.objects.get(slug="batik"),
            price=300_000,
            status=ProductStatus.ACTIVE,
        )

    def open_round(self) -> Round:
        round_ = curation_actions.create_round(ROUND, actor=self.p.ministry_admin)
        curation_actions.change_round_state(round_, RoundState.OPEN, actor=self.p.ministry_admin)
        return round_


@pytest.fixture
def world(personas) -> World:
    return World(personas)


def api(user) -> Client:
    _token, raw = ApiToken.issue(user, "uji peran", scope="write")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def refused(status: int) -> bool:
    assert status in (302, 401, 403, 404), status
    return False


# --------------------------------------------------------------------------- one probe per capability


def verify_in(province: str) -> Callable[[World, User], bool]:
    def probe(w: World, user: User) -> bool:
        ikm = w.ikm(province)
        response = api(user).post(f"/api/registry/ikm/{ikm.pk}/verify")
        ikm.refresh_from_db()
        if response.status_code == 200:
            return ikm.status == VerificationStatus.VERIFIED
        assert ikm.status == VerificationStatus.SUBMITTED and ikm.verified_by_id is None
        return refused(response.status_code)

    return probe


def national_queue(w: World, user: User) -> bool:
    jatim = w.ikm("35")
    response = web(user).get(reverse("registry:queue"))
    if response.status_code != 200:
        return refused(response.status_code)
    return jatim.name in response.content.decode()


def edit_in(province: str) -> Callable[[World, User], bool]:
    def probe(w: World, user: User) -> bool:
        ikm = w.ikm(province)
        response = api(user).patch(
            f"/api/registry/ikm/{ikm.pk}", {"name": "Nama Diubah"}, content_type="application/json"
        )
        ikm.refresh_from_db()
        if response.status_code == 200:
            return ikm.name == "Nama Diubah"
        assert ikm.name != "Nama Diubah"
        return refused(response.status_code)

    return probe


def full_profile_in(province: str) -> Callable[[World, User], bool]:
    def probe(w: World, user: User) -> bool:
        ikm = w.ikm(province)
        response = api(user).get(f"/api/registry/ikm/{ikm.pk}/full")
        if response.status_code == 200:
            return True
        assert "Siti Aminah" not in response.content.decode()
        return refused(response.status_code)

    return probe


def all_profiles(w: World, user: User) -> bool:
    pending = w.ikm("35", VerificationStatus.DRAFT)
    response = api(user).get(f"/api/registry/ikm/{pending.pk}")
    return True if response.status_code == 200 else refused(response.status_code)


def sentra_in(province: str) -> Callable[[World, User], bool]:
    # No page or endpoint writes sentra outside the admin (which needs the back office); the
    # registry actions ask this predicate before any sentra write.
    def probe(w: World, user: User) -> bool:
        return can_manage_sentra(user, Sentra(province_id=province))

    return probe


def any_product(w: World, user: User) -> bool:
    product = w.product("35")
    response = api(user).patch(
        f"/api/catalog/products/{product.pk}", {"name_id": "Nama Diubah"}, content_type="application/json"
    )
    product.refresh_from_db()
    if response.status_code == 200:
        return product.name_id == "Nama Diubah"
    assert product.name_id == "Kain Uji 35"
    return refused(response.status_code)


def channel_health(w: World, user: User) -> bool:
    response = web(user).get(reverse("channels:health"))
    return True if response.status_code == 200 else refused(response.status_code)


def scheduled_jobs(w: World, user: User) -> bool:
    response = web(user).get(reverse("web:scheduled-jobs"))
    return True if response.status_code == 200 else refused(response.status_code)


def own_upt(w: World, user: User) -> bool:
    response = web(user).get(reverse("corrections:artisans", args=[w.p.upt.pk]))
    return True if response.status_code == 200 else refused(response.status_code)


def any_upt_profile(w: World, user: User) -> bool:
    other = Organisation.objects.create(name="Rutan Kelas I Surabaya", kind=OrganisationKind.UPT)
    try:
        corrections_actions.save_upt_profile(other, unit_type="rutan", regency="35.01", actor=user)
    except PermissionDenied:
        assert not UptProfile.objects.filter(organisation=other).exists()
        return False
    return UptProfile.objects.filter(organisation=other).exists()


def national_counts(w: World, user: User) -> bool:
    response = web(user).get(reverse("corrections:aggregates"))
    return True if response.status_code == 200 else refused(response.status_code)


def curation_rounds(w: World, user: User) -> bool:
    before = Round.objects.count()
    payload = {**ROUND, **{k: str(v) for k, v in ROUND.items() if isinstance(v, datetime.date)}}
    response = api(user).post("/api/curation/rounds", payload, content_type="application/json")
    if response.status_code in (200, 201):
        return Round.objects.count() == before + 1
    assert Round.objects.count() == before
    return refused(response.status_code)


def review_assigned(w: World, user: User) -> bool:
    round_ = w.open_round()
    entry = curation_actions.nominate(round_, w.product("33"), actor=w.p.ministry_admin)
    try:
        (assignment, _second) = curation_actions.assign_reviewers(
            entry, [user, w.reviewer2], actor=w.p.ministry_admin
        )
    except ValidationError as exc:  # the reviewer is named: not a curator
        assert user.username in str(exc)
        assert not Assignment.objects.filter(entry=entry).exists()
        return False
    curation_actions.change_round_state(round_, RoundState.REVIEWING, actor=w.p.ministry_admin)
    criteria = Criterion.objects.filter(round=round_).order_by("position", "id")
    sheet = [{"criterion": c.pk, "value": 3, "comment": ""} for c in criteria]
    client = api(user)
    assert client.get("/api/curation/assignments").json()["count"] == 1
    response = client.post(
        f"/api/curation/assignments/{assignment.pk}/scores",
        {"scores": sheet},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return True


def nominate_in_province(w: World, user: User) -> bool:
    round_ = w.open_round()
    product = w.product("33")
    response = api(user).post(
        f"/api/curation/rounds/{round_.pk}/entries", {"product": product.pk}, content_type="application/json"
    )
    if response.status_code in (200, 201):
        return Entry.objects.filter(round=round_, product=product).exists()
    assert not Entry.objects.filter(round=round_).exists()
    return refused(response.status_code)


def memberships(w: World, user: User) -> bool:
    before = Membership.objects.count(), AuditEntry.objects.count()
    response = web(user).post(
        reverse("accounts:roles"),
        {"username": w.p.outsider.username, "organisation": w.p.ministry.pk, "role": Role.ADMIN},
    )
    if response.status_code == 302:
        return Membership.objects.filter(user=w.p.outsider, role=Role.ADMIN).exists()
    assert (Membership.objects.count(), AuditEntry.objects.count()) == before
    return refused(response.status_code)


def api_tokens(w: World, user: User) -> bool:
    request = RequestFactory().get("/admin/accounts/apitoken/")
    request.user = user
    return ApiTokenAdmin(ApiToken, site)._allowed(request)


def back_office(w: World, user: User) -> bool:
    return can_use_back_office(user)


PROBES: dict[Capability, Callable[[World, User], bool]] = {
    C.VERIFY_ANY_PROVINCE: verify_in("35"),
    C.VERIFY_OWN_PROVINCE: verify_in("33"),
    C.SEE_NATIONAL_QUEUE: national_queue,
    C.EDIT_ANY_IKM: edit_in("35"),
    C.EDIT_PROVINCE_IKM: edit_in("33"),
    C.READ_ANY_PRIVATE_PROFILE: full_profile_in("35"),
    C.READ_PROVINCE_PRIVATE_PROFILE: full_profile_in("33"),
    C.SEE_ALL_PROFILES: all_profiles,
    C.MANAGE_ANY_SENTRA: sentra_in("35"),
    C.MANAGE_PROVINCE_SENTRA: sentra_in("33"),
    C.MANAGE_ANY_PRODUCT: any_product,
    C.SEE_CHANNEL_HEALTH: channel_health,
    C.MANAGE_OWN_UPT: own_upt,
    C.MANAGE_ANY_UPT_PROFILE: any_upt_profile,
    C.SEE_NATIONAL_COUNTS: national_counts,
    C.MANAGE_CURATION_ROUNDS: curation_rounds,
    C.REVIEW_ASSIGNED_ENTRIES: review_assigned,
    C.NOMINATE_PROVINCE_PRODUCTS: nominate_in_province,
    C.MANAGE_MEMBERSHIPS: memberships,
    C.MANAGE_ANY_API_TOKEN: api_tokens,
    C.USE_BACK_OFFICE: back_office,
    C.SEE_SCHEDULED_JOBS: scheduled_jobs,
}


def test_every_capability_has_a_probe_or_a_reason():
    assert set(PROBES) | NOT_PROBED_ACROSS_ROLES == set(Capability)


def test_the_explicit_rows_agree_with_the_matrix():
    for role, allowed in EXPLICIT.items():
        assert {c for c in PROBED if expected(role, c)} == allowed, role


@pytest.mark.parametrize("role", list(RoleName))
def test_each_role_holder_holds_exactly_the_capabilities_of_its_role(world, role):
    assert capabilities_of(world.user(role)) == CAPABILITIES_OF_ROLE[role]


@pytest.mark.parametrize("capability", PROBED)
@pytest.mark.parametrize("role", list(RoleName))
def test_a_role_may_use_a_capability_exactly_when_the_matrix_says_so(world, role, capability):
    allowed = PROBES[capability](world, world.user(role))
    assert allowed is expected(role, capability)
    assert allowed is (capability in EXPLICIT[role])


def test_the_owner_edits_its_own_ikm_and_products_and_nobody_else_gains_that(world):
    owner = world.p.ikm_owner
    response = api(owner).patch(
        f"/api/registry/ikm/{world.own_ikm.pk}", {"name": "Tenun Baru"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert {C.EDIT_OWN_IKM, C.MANAGE_OWN_PRODUCTS} <= capabilities_of(owner)
    for role in (
        RoleName.CURATOR,
        RoleName.ANALYST,
        RoleName.BUYER,
        RoleName.PARTNER_SYSTEM,
        RoleName.MENTOR,
    ):
        response = api(world.user(role)).patch(
            f"/api/registry/ikm/{world.own_ikm.pk}",
            {"name": "Bukan Milikku"},
            content_type="application/json",
        )
        assert response.status_code in (403, 404)
    world.own_ikm.refresh_from_db()
    assert world.own_ikm.name == "Tenun Baru"


# --------------------------------------------------------------------------- the curator, by name


def test_the_curator_is_refused_every_ministry_administrator_action_and_the_data_is_unchanged(world):
    curator = world.p.curator
    jatim = world.ikm("35")
    product = world.product("35")
    counts = (Ikm.objects.count(), Product.objects.count(), Round.objects.count(), Membership.objects.count())
    client = api(curator)
    assert client.post(f"/api/registry/ikm/{jatim.pk}/verify").status_code in (403, 404)
    assert client.post(
        f"/api/registry/ikm/{jatim.pk}/reject", {"reason": "Tidak lengkap"}, content_type="application/json"
    ).status_code in (403, 404)
    patch = client.patch(f"/api/registry/ikm/{jatim.pk}", {"name": "X"}, content_type="application/json")
    assert patch.status_code in (403, 404)
    patch = client.patch(
        f"/api/catalog/products/{product.pk}", {"name_id": "X"}, content_type="application/json"
    )
    assert patch.status_code in (403, 404)
    assert client.get(f"/api/registry/ikm/{jatim.pk}/full").status_code in (403, 404)
    page = web(curator)
    assert page.get(reverse("registry:queue")).status_code == 403
    assert page.get(reverse("registry:review", args=[jatim.pk])).status_code in (403, 404)
    assert page.get(reverse("channels:health")).status_code == 403
    assert page.get(reverse("corrections:aggregates")).status_code == 403
    assert page.get(reverse("accounts:roles")).status_code == 403
    assert all(not PROBES[c](world, curator) for c in MINISTRY_ADMIN_ACTIONS)
    jatim.refresh_from_db()
    product.refresh_from_db()
    assert jatim.status == VerificationStatus.SUBMITTED and jatim.name == "Kerajinan Uji 35 submitted"
    assert product.name_id == "Kain Uji 35"
    # The probes above add their own rows (IKMs, products, one UPT); none came from the curator.
    assert Round.objects.count() == counts[2] and Membership.objects.count() == counts[3]
    assert not AuditEntry.objects.filter(actor=curator).exists()


def test_the_curator_still_reviews_what_it_is_assigned(world):
    assert review_assigned(world, world.p.curator)
    assert AuditEntry.objects.filter(actor=world.p.curator, action__startswith="curation.").exists()
