"""Property-based check of the whole REST API against its own OpenAPI document (schemathesis).

Every operation in /api/openapi.json is called with generated input, anonymously and with the
tokens of several roles, against a small world (personas, IKM, products, a UPT with an
artisan and a sale). Whatever the input: no server error, and every answer matches the status
codes, content types and schemas the document declares. The number of examples per operation is
bounded so the module runs in about a minute.
"""

import datetime
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from smartikm.accounts.models import ApiToken
from smartikm.accounts.personas import make_personas
from smartikm.catalog.choices import ProductStatus
from smartikm.catalog.models import Category, Product
from smartikm.core.tests.conftest import OWNER_NAME, OWNER_NIK
from smartikm.corrections import actions as corrections_actions
from smartikm.producers.actions import producer_for
from smartikm.reference.models import Region
from smartikm.registry.choices import VerificationStatus
from smartikm.registry.models import Ikm

EXAMPLES_PER_OPERATION = 12
ROLES = (None, "ikm_owner", "officer_jateng", "upt_officer", "curator", "ministry_admin", "outsider")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _world() -> dict[str, str]:
    """Rows every generated request can find (rolled back with the test); the tokens by role."""
    personas = make_personas()
    village = Region.objects.filter(level=4, code__startswith="33.20.", is_active=True).order_by("code")[0]
    category = Category.objects.filter(parent__isnull=False, is_active=True).order_by("id")[0]
    ikm = Ikm.objects.create(
        name="Batik Skema",
        kbli_id="13134",
        workers=5,
        investment=150_000_000,
        scale="kecil",
        village=village,
        province_id=village.code[:2],
        regency_id=village.code[:5],
        address="Jl. Skema No. 1",
        owner=personas.ikm_owner,
        owner_name=OWNER_NAME,
        owner_nik=OWNER_NIK,
        status=VerificationStatus.VERIFIED,
        verified_at=timezone.now(),
    )
    for n in range(3):
        Product.objects.create(
            producer=producer_for(ikm),
            name_id=f"Kain skema {n}",
            description_id="Kain batik tulis.",
            category=category,
            kbli_id="13134",
            price=100_000 + n,
            status=ProductStatus.ACTIVE,
        )
    upt = personas.upt
    corrections_actions.save_upt_profile(
        upt, unit_type="lapas", unit_class="I", regency="33.74", story="", actor=personas.upt_officer
    )
    upt_product = Product.objects.create(
        producer=producer_for(upt),
        name_id="Keset skema",
        description_id="Keset sabut kelapa.",
        category=category,
        price=75_000,
        status=ProductStatus.ACTIVE,
    )
    corrections_actions.register_artisan(upt, skills=["coconut"], actor=personas.upt_officer)
    corrections_actions.record_manual_sale(
        upt, upt_product, 150_000, datetime.date(2026, 1, 15), actor=personas.upt_officer
    )
    return {
        role: ApiToken.issue(getattr(personas, role), "skema", scope="write")[1] for role in ROLES if role
    }


@pytest.fixture
def api_schema(db, settings):
    settings.ALLOWED_HOSTS = ["*"]
    # Requests go through Django's WSGI handler, which closes the database connection when a request
    # starts and finishes (on PostgreSQL it would close the test's open transaction); the test client
    # disables both, so the test's transaction survives, and so do we.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _check_operation(operation, tokens: dict[str, str], statuses: Counter) -> None:
    @given(case=operation.as_strategy(), role=st.sampled_from(ROLES))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case, role):
        if case.headers:
            case.headers.pop("Authorization", None)
        headers = {"Authorization": f"Bearer {tokens[role]}"} if role else {}
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        statuses[response.status_code] += 1

    run()


def test_every_operation_answers_as_documented_for_anyone(api_schema):
    tokens = _world()
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 40
    failures = []
    statuses: Counter = Counter()
    for operation in operations:
        try:
            _check_operation(operation, tokens, statuses)
        except Exception as exc:  # noqa: BLE001 - every operation is checked, all failures reported
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert not failures, "\n\n".join(failures)
    # The run reached the endpoints' logic, not only the authentication in front of it.
    assert sum(statuses.values()) >= 5 * len(operations)
    assert statuses[200] and statuses[201] and statuses[422] and statuses[401] and statuses[403], statuses
    print("schemathesis answers by status:", dict(sorted(statuses.items())))
