from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from smartikm.accounts.capabilities import CAPABILITIES_OF_ROLE, Capability, RoleName
from smartikm.accounts.models import ApiToken, hash_token
from smartikm.accounts.permissions import (
    can_verify_in_province,
    capabilities_of,
    officer_province_codes,
    roles_of,
)


@pytest.mark.django_db
def test_personas_cover_every_kind_of_user(personas):
    assert capabilities_of(personas.ministry_admin) == set(Capability)
    assert capabilities_of(personas.analyst) == CAPABILITIES_OF_ROLE[RoleName.ANALYST]
    assert capabilities_of(personas.curator) == CAPABILITIES_OF_ROLE[RoleName.CURATOR]
    assert officer_province_codes(personas.officer_jateng) == {"33"}
    assert officer_province_codes(personas.officer_jatim) == {"35"}
    for user in (
        personas.ikm_owner,
        personas.buyer,
        personas.outsider,
        personas.upt_officer,
        personas.curator,
    ):
        assert Capability.VERIFY_ANY_PROVINCE not in capabilities_of(user)
        assert officer_province_codes(user) == set()


@pytest.mark.django_db
def test_only_own_province_officers_and_ministry_staff_may_verify(personas):
    assert can_verify_in_province(personas.officer_jateng, "33")
    assert not can_verify_in_province(personas.officer_jatim, "33")
    assert can_verify_in_province(personas.ministry_admin, "33")
    assert not can_verify_in_province(personas.ikm_owner, "33")
    assert not can_verify_in_province(personas.upt_officer, "33")


@pytest.mark.django_db
def test_issue_token_prints_the_raw_key_once_and_stores_only_its_hash(personas):
    out = StringIO()
    call_command("issue_token", personas.buyer.username, "uji", stdout=out)
    raw = out.getvalue().strip()
    token = ApiToken.objects.get(user=personas.buyer)
    assert raw.startswith("sik_") and token.key_hash == hash_token(raw) and raw not in token.key_hash


@pytest.mark.django_db
def test_issue_token_for_unknown_user_is_a_clear_error():
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("issue_token", "tidak-ada", "uji")


@pytest.mark.django_db
def test_every_demo_and_test_persona_has_the_role_its_login_promises(personas):
    assert roles_of(personas.curator) == {RoleName.CURATOR}  # the demo "kurator" is no administrator
    assert roles_of(personas.ministry_admin) == {RoleName.MINISTRY_ADMIN}
    assert roles_of(personas.analyst) == {RoleName.ANALYST}
    assert (
        roles_of(personas.officer_jateng) == roles_of(personas.officer_jatim) == {RoleName.PROVINCIAL_OFFICER}
    )
    assert roles_of(personas.upt_officer) == {RoleName.UPT_OFFICER}
    assert roles_of(personas.mentor) == {RoleName.MENTOR}
    assert roles_of(personas.industry_partner) == {RoleName.LARGE_INDUSTRY_PARTNER}
    assert roles_of(personas.buyer) == {RoleName.BUYER}
    assert roles_of(personas.partner_system) == {RoleName.PARTNER_SYSTEM}
    assert roles_of(personas.outsider) == set() and capabilities_of(personas.outsider) == set()
