"""Curation test data: an IKM product and a UPT product in Jawa Tengah, a second curator from outside
the ministry, rounds created through the actions, and a helper that fills in score sheets."""

import datetime

import pytest

from smartikm.accounts.choices import OrganisationKind, Role
from smartikm.accounts.models import Membership, Organisation, User
from smartikm.catalog.choices import ProductStatus
from smartikm.catalog.models import Category, Product
from smartikm.curation import actions
from smartikm.curation.choices import RoundState
from smartikm.curation.models import Criterion
from smartikm.producers.actions import producer_for
from smartikm.reference.models import Region
from smartikm.registry.choices import VerificationStatus
from smartikm.registry.models import Ikm

VILLAGE = "33.20.06.2012"  # Mulyoharjo, Kabupaten Jepara, Jawa Tengah


def make_ikm(owner, name="Batik Tulis Sekar Jagad", status=VerificationStatus.VERIFIED) -> Ikm:
    village = Region.objects.get(code=VILLAGE)
    return Ikm.objects.create(
        name=name,
        owner=owner,
        kbli_id="13134",
        workers=8,
        investment=150_000_000,
        scale="kecil",
        village=village,
        province_id="33",
        regency_id="33.20",
        address="Jl. Pemuda No. 12",
        owner_name="Siti Aminah Rahayu",
        status=status,
    )


@pytest.fixture
def batik(db) -> Category:
    return Category.objects.get(slug="batik")


@pytest.fixture
def ikm(personas) -> Ikm:
    return make_ikm(personas.ikm_owner)


@pytest.fixture
def make_product(batik):
    counter = iter(range(1, 1000))

    def make(*, ikm=None, upt=None, name=None, **fields) -> Product:
        values = {
            "producer": producer_for(ikm or upt),
            "name_id": name or f"Kain Batik Tulis {next(counter):03d}",
            "description_id": "Batik tulis pewarna alam.",
            "category": batik,
            "price": 450_000,
            "status": ProductStatus.ACTIVE,
        }
        values.update(fields)
        return Product.objects.create(**values)

    return make


@pytest.fixture
def product(ikm, make_product) -> Product:
    return make_product(ikm=ikm, name="Kain Batik Tulis Parang")


@pytest.fixture
def upt_product(personas, make_product) -> Product:
    return make_product(upt=personas.upt, name="Keset Sabut Kelapa")


@pytest.fixture
def curator2(personas) -> User:
    """A curator from a partner organisation (not ministry staff): holds only the curator role."""
    org, _ = Organisation.objects.get_or_create(
        name="Asosiasi Desainer Produk Indonesia", kind=OrganisationKind.MARKETPLACE_PARTNER
    )
    user = User.objects.create_user(
        "kurator.mitra", password="rahasia-uji-123", email="kurator.mitra@contoh.id"
    )
    Membership.objects.create(user=user, organisation=org, role=Role.CURATOR)
    return user


@pytest.fixture
def manager(personas) -> User:
    """A ministry administrator by role only (not a Django superuser): runs rounds through the matrix."""
    user = User.objects.create_user(
        "admin.kurasi", password="rahasia-uji-123", email="admin.kurasi@contoh.id"
    )
    Membership.objects.create(user=user, organisation=personas.ministry, role=Role.ADMIN)
    return user


ROUND_DATA = {
    "name": "Kurasi Program Marketplace 2026 Tahap I",
    "purpose": "marketplace",
    "opens_on": datetime.date(2026, 2, 1),
    "closes_on": datetime.date(2026, 2, 28),
    "results_on": datetime.date(2026, 3, 15),
    "for_ikm": True,
    "for_upt": True,
}


@pytest.fixture
def make_round(personas):
    def make(state=RoundState.OPEN, **overrides):
        round_ = actions.create_round({**ROUND_DATA, **overrides}, actor=personas.ministry_admin)
        path = [RoundState.OPEN, RoundState.REVIEWING, RoundState.DECIDED, RoundState.PUBLISHED]
        for target in path[: path.index(state) + 1] if state != RoundState.DRAFT else []:
            actions.change_round_state(round_, target, actor=personas.ministry_admin)
        return round_

    return make


@pytest.fixture
def open_round(make_round):
    return make_round()


def sheet(round_, levels, comment="") -> list[dict]:
    """A score sheet giving `levels` (in criterion order) to the round's criteria."""
    criteria = list(Criterion.objects.filter(round=round_).order_by("position", "id"))
    assert len(criteria) == len(levels)
    return [
        {"criterion": c.pk, "value": v, "comment": comment} for c, v in zip(criteria, levels, strict=True)
    ]


LEVELS_A = [4, 3, 3, 2, 4, 5, 3]  # 240 weighted steps with the default weights
LEVELS_B = [5, 4, 3, 3, 4, 4, 4]  # 290 weighted steps


@pytest.fixture
def scored_entry(personas, curator2, open_round, product):
    """An entry with two reviewers who have both submitted (aggregate 66.25), round under review."""
    entry = actions.nominate(open_round, product, actor=personas.ikm_owner)
    a, b = actions.assign_reviewers(entry, [personas.curator, curator2], actor=personas.ministry_admin)
    actions.change_round_state(open_round, RoundState.REVIEWING, actor=personas.ministry_admin)
    actions.submit_scores(a, sheet(open_round, LEVELS_A), actor=personas.curator)
    actions.submit_scores(b, sheet(open_round, LEVELS_B), actor=curator2)
    entry.refresh_from_db()
    return entry
