"""The reference admin: ministry staff can browse and switch rows off, never add, edit or delete."""

import pytest
from django.urls import reverse

from smartikm.core.models import AuditEntry
from smartikm.reference.models import CertificationKind, Country, Dataset, HsCode, Kbli, Region, ScaleRule

MODELS = [Region, Kbli, HsCode, Country, CertificationKind, ScaleRule, Dataset]


def _url(model, view, *args):
    return reverse(f"admin:reference_{model._meta.model_name}_{view}", args=args)


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_reference_changelist_opens_for_staff(admin_client, model):
    response = admin_client.get(_url(model, "changelist"))
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_reference_rows_cannot_be_added_or_deleted_in_the_admin(admin_client, model):
    assert admin_client.get(_url(model, "add")).status_code == 403
    row = model.objects.first()
    assert admin_client.get(_url(model, "delete", row.pk)).status_code == 403


@pytest.mark.django_db
def test_region_changelist_searches_by_code_prefix_and_pages_by_fifty(admin_client):
    response = admin_client.get(_url(Region, "changelist"), {"q": "33.20"})
    rows = response.context["cl"].result_list
    assert len(rows) == 50
    assert all(r.code.startswith("33.20") for r in rows)


@pytest.mark.django_db
def test_region_changelist_filters_by_level_and_searches_by_name(admin_client):
    response = admin_client.get(_url(Region, "changelist"), {"level__exact": "2", "q": "Jepara"})
    assert [r.code for r in response.context["cl"].result_list] == ["33.20"]


@pytest.mark.django_db
def test_region_changelist_query_count_does_not_grow_with_parents(
    admin_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        admin_client.get(_url(Region, "changelist"), {"level__exact": "4"})


@pytest.mark.django_db
def test_hs_code_search_accepts_btki_dotted_notation(admin_client):
    response = admin_client.get(_url(HsCode, "changelist"), {"q": "0101.30"})
    codes = [r.code for r in response.context["cl"].result_list]
    assert codes and all(c.startswith("010130") for c in codes)


@pytest.mark.django_db
def test_reference_fields_are_read_only_except_the_active_flag(admin_client):
    response = admin_client.get(_url(Kbli, "change", "13134"))
    form = response.context["adminform"].form
    assert list(form.fields) == ["is_active"]


@pytest.mark.django_db
def test_disabling_a_region_in_the_change_form_is_audited(admin_client):
    admin_client.post(_url(Region, "change", "33.20"), {"_save": "1"})  # is_active unchecked
    assert Region.objects.get(code="33.20").is_active is False
    entry = AuditEntry.objects.get(object_type="reference.region", object_id="33.20")
    assert (entry.action, entry.before, entry.after) == (
        "reference.disable",
        {"is_active": True},
        {"is_active": False},
    )


@pytest.mark.django_db
def test_bulk_disable_and_enable_actions_switch_rows_and_audit_each(admin_client):
    url = _url(Country, "changelist")
    admin_client.post(url, {"action": "disable_rows", "_selected_action": ["ID", "MY"]})
    assert set(Country.objects.filter(is_active=False).values_list("code", flat=True)) == {"ID", "MY"}
    admin_client.post(url, {"action": "enable_rows", "_selected_action": ["ID", "MY", "SG"]})
    assert not Country.objects.filter(is_active=False).exists()
    # SG was already active: nothing changed, nothing recorded.
    assert AuditEntry.objects.filter(object_type="reference.country").count() == 4


@pytest.mark.django_db
def test_dataset_records_cannot_be_changed(admin_client):
    dataset = Dataset.objects.get(name="regions")
    response = admin_client.post(_url(Dataset, "change", dataset.pk), {"name": "x"})
    assert response.status_code in (200, 403)
    assert Dataset.objects.get(pk=dataset.pk).name == "regions"
