"""The curation admin: every save goes through the actions (audit, rules), scores stay hidden."""

import pytest
from django.urls import reverse

from smartikm.core.audit import history
from smartikm.core.models import AuditEntry
from smartikm.curation import actions
from smartikm.curation.choices import EntryStatus, RoundState
from smartikm.curation.models import DevelopmentPlanItem, Round
from smartikm.curation.tests.conftest import LEVELS_A, ROUND_DATA, sheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, personas):
    client.force_login(personas.ministry_admin)
    return client


def form_data(response, **changes) -> dict:
    """The POST body of an admin change form as rendered, with `changes` applied."""
    data: dict = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if hasattr(value, "pk"):
            value = value.pk
        data[name] = [v.pk if hasattr(v, "pk") else v for v in value] if isinstance(value, list) else value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for sub in formset.initial_forms:
            data[f"{sub.prefix}-id"] = sub.instance.pk
            data[f"{sub.prefix}-{formset.fk.name}"] = sub.instance.pk and getattr(
                sub.instance, formset.fk.attname
            )
    data.update(changes)
    return data


def test_adding_a_round_in_the_admin_goes_through_create_round(staff, personas):
    response = staff.get(reverse("admin:curation_round_add"))
    assert response.status_code == 200
    data = form_data(
        response, **{k: str(v) for k, v in ROUND_DATA.items() if k not in ("for_ikm", "for_upt")}
    )
    data.update(
        {"for_ikm": "on", "provinces": ["33"], "criteria-TOTAL_FORMS": 0, "criteria-INITIAL_FORMS": 0}
    )
    response = staff.post(reverse("admin:curation_round_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    round_ = Round.objects.get(name=ROUND_DATA["name"])
    assert round_.criteria.count() == 7 and list(round_.provinces.values_list("code", flat=True)) == ["33"]
    assert [e.action for e in history(round_)] == ["curation.round.create"]
    assert round_.created_by == personas.ministry_admin


def test_round_list_actions_move_the_state_and_report_refusals(staff, make_round):
    draft = make_round(RoundState.DRAFT)
    url = reverse("admin:curation_round_changelist")
    staff.post(url, {"action": "open_rounds", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.state == RoundState.OPEN
    response = staff.post(url, {"action": "publish", "_selected_action": [draft.pk]}, follow=True)
    assert "tidak dapat diubah" in response.content.decode()
    assert Round.objects.get(pk=draft.pk).state == RoundState.OPEN


def test_entry_page_hides_scores_until_all_reviewers_submit(staff, personas, curator2, open_round, product):
    entry = actions.nominate(open_round, product, actor=personas.ikm_owner)
    a, b = actions.assign_reviewers(entry, [personas.curator, curator2], actor=personas.ministry_admin)
    actions.change_round_state(open_round, RoundState.REVIEWING, actor=personas.ministry_admin)
    actions.submit_scores(a, sheet(open_round, LEVELS_A, "komentar-rahasia"), actor=personas.curator)
    html = staff.get(reverse("admin:curation_entry_change", args=[entry.pk])).content.decode()
    assert "Disembunyikan sampai semua kurator mengirim nilai (1 dari 2)" in html
    assert "komentar-rahasia" not in html
    actions.submit_scores(b, sheet(open_round, LEVELS_A), actor=curator2)
    html = staff.get(reverse("admin:curation_entry_change", args=[entry.pk])).content.decode()
    assert "komentar-rahasia" in html and "Lembar 2" in html


def test_deciding_perbaikan_in_the_admin_creates_plan_items_through_decide(staff, personas, scored_entry):
    url = reverse("admin:curation_entry_change", args=[scored_entry.pk])
    data = form_data(staff.get(url), decision="perbaikan", feedback="Perbaiki label kemasan.")
    data.update(
        {
            "plan_items-TOTAL_FORMS": 1,
            "plan_items-0-kind": "packaging",
            "plan_items-0-description": "Cantumkan berat bersih.",
            "plan_items-0-owner": personas.ikm_owner.pk,
            "plan_items-0-due_on": "2026-06-30",
            "plan_items-0-entry": scored_entry.pk,
        }
    )
    response = staff.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    scored_entry.refresh_from_db()
    assert (scored_entry.status, scored_entry.decision) == (EntryStatus.DECIDED, "perbaikan")
    item = DevelopmentPlanItem.objects.get(entry=scored_entry)
    assert item.owner == personas.ikm_owner
    assert AuditEntry.objects.filter(action="curation.plan_item.add", object_id=str(item.pk)).exists()
    changelist = reverse("admin:curation_developmentplanitem_changelist")
    staff.post(changelist, {"action": "mark_done", "_selected_action": [item.pk]})
    assert DevelopmentPlanItem.objects.get(pk=item.pk).status == "done"


def test_curation_admin_is_refused_to_staff_outside_the_ministry(client, personas):
    personas.officer_jateng.is_staff = True
    personas.officer_jateng.save()
    client.force_login(personas.officer_jateng)
    assert client.get(reverse("admin:curation_round_changelist")).status_code == 403
