"""Curation in the admin, for ministry staff: rounds with their criteria, entries with reviewers,
decisions and development plans. Every save goes through curation.actions, so the admin writes the
same audit trail and obeys the same rules (state machine, reviewer rules, score hiding) as the API.
"""

from collections.abc import Callable

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from smartikm.core.admin import AuditedAdmin
from smartikm.curation import actions
from smartikm.curation.choices import EntryStatus, PlanItemStatus, RoundState
from smartikm.curation.forms import DecisionAdminForm, NominationForm, RoundForm
from smartikm.curation.models import (
    CRITERION_FIELDS,
    Assignment,
    Criterion,
    DevelopmentPlanItem,
    Entry,
    Round,
    Rubric,
    RubricCriterion,
)
from smartikm.curation.queries import product_relations, revealed_scores, scores_revealed
from smartikm.registry.permissions import can_use_back_office


class MinistryOnly:
    """Curation admin is for ministry staff (and superusers), on top of Django's model permissions."""

    def has_module_permission(self, request):
        return can_use_back_office(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return can_use_back_office(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return can_use_back_office(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return can_use_back_office(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # rounds, entries and plans are history: withdrawn or closed, never deleted


def _copy_saved(target, saved) -> None:
    """Make the admin's unsaved instance the row an action created, so redirects and inlines work."""
    for field in saved._meta.concrete_fields:
        setattr(target, field.attname, getattr(saved, field.attname))
    target._state.adding = False
    target._state.db = saved._state.db


def _values(form, names) -> dict:
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}


def _report(admin_obj, request, fn, items, done_message: Callable[[int], str]) -> None:
    """Run an action per selected row; refusals become error messages, not a 500."""
    done = 0
    for item in items:
        try:
            fn(item)
            done += 1
        except (PermissionDenied, ValidationError) as exc:
            admin_obj.message_user(
                request, f"{item}: {' '.join(getattr(exc, 'messages', [str(exc)]))}", messages.ERROR
            )
    if done:
        admin_obj.message_user(request, done_message(done), messages.SUCCESS)


# Rubrics: read-only reference for staff; the seeded default is data (migration 0002_default_rubric).


class RubricCriterionInline(admin.TabularInline):
    model = RubricCriterion
    extra = 0
    fields = CRITERION_FIELDS
    readonly_fields = CRITERION_FIELDS
    can_delete = False


@admin.register(Rubric)
class RubricAdmin(MinistryOnly, admin.ModelAdmin):
    list_display = ["name", "is_default", "is_active", "source"]
    readonly_fields = ["name", "description", "source", "is_default", "is_active"]
    inlines = [RubricCriterionInline]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# Rounds


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = CRITERION_FIELDS


@admin.register(Round)
class RoundAdmin(MinistryOnly, AuditedAdmin):
    form = RoundForm
    list_display = ["name", "purpose", "opens_on", "closes_on", "results_on", "state", "published_at"]
    list_filter = ["purpose", "state"]
    search_fields = ["name"]
    filter_horizontal = ["categories", "provinces"]
    readonly_fields = ["state", "published_at", "created_by"]
    inlines = [CriterionInline]
    actions = ["open_rounds", "start_review", "mark_decided", "publish"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "rubric"] if obj is not None else fields

    def save_model(self, request, obj, form, change):
        data = {**_values(form, RoundForm.Meta.fields)}
        if change:
            actions.update_round(obj, data, actor=request.user)
        else:
            _copy_saved(
                obj, actions.create_round(data, actor=request.user, rubric=form.cleaned_data.get("rubric"))
            )

    def save_related(self, request, form, formsets, change):
        # Scope (M2M) is saved by the action; only the criteria formset is left.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)
        for criterion in formset.deleted_objects:
            actions.remove_criterion(criterion, actor=request.user)
        for sub in formset.forms:
            if sub in formset.deleted_forms or not sub.has_changed() or not hasattr(sub, "cleaned_data"):
                continue
            data = _values(sub, CRITERION_FIELDS)
            if sub.instance.pk:
                actions.update_criterion(sub.instance, data, actor=request.user)
            else:
                _copy_saved(sub.instance, actions.add_criterion(form.instance, data, actor=request.user))

    def _move(self, request, queryset, target):
        _report(
            self,
            request,
            lambda round_: actions.change_round_state(round_, target, actor=request.user),
            queryset,
            lambda n: (
                _("%(n)d seleksi dipindahkan ke status \u201c%(state)s\u201d.")
                % {"n": n, "state": RoundState(target).label}
            ),
        )

    @admin.action(description=_lazy("Buka seleksi terpilih (menerima usulan)"))
    def open_rounds(self, request, queryset):
        self._move(request, queryset, RoundState.OPEN)

    @admin.action(description=_lazy("Tutup usulan dan mulai penilaian"))
    def start_review(self, request, queryset):
        self._move(request, queryset, RoundState.REVIEWING)

    @admin.action(description=_lazy("Tandai seleksi terpilih sudah diputuskan"))
    def mark_decided(self, request, queryset):
        self._move(request, queryset, RoundState.DECIDED)

    @admin.action(description=_lazy("Umumkan hasil seleksi terpilih"))
    def publish(self, request, queryset):
        self._move(request, queryset, RoundState.PUBLISHED)


# Entries, reviewers, decisions, development plans


class AssignmentInline(admin.TabularInline):
    """Reviewers of an entry. Adding calls assign_reviewers (curator role, not the producer's own
    organisation); removing calls unassign_reviewer (only before they submit)."""

    model = Assignment
    fk_name = "entry"
    extra = 0
    fields = ["reviewer", "submitted_at"]
    readonly_fields = ["submitted_at"]
    raw_id_fields = ["reviewer"]

    def has_change_permission(self, request, obj=None):
        return False  # a reviewer is removed and another added, never swapped in place


class PlanItemInline(admin.TabularInline):
    """Development-plan items. New rows are handed to `decide` (a *perbaikan* decision needs them)
    or, after the decision, to `add_plan_item`; the status changes through the list actions."""

    model = DevelopmentPlanItem
    extra = 0
    fields = ["kind", "description", "owner", "due_on", "status", "done_at"]
    readonly_fields = ["status", "done_at"]
    raw_id_fields = ["owner"]
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return True  # needed to add rows; existing rows are shown read-only below

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields


@admin.register(Entry)
class EntryAdmin(MinistryOnly, AuditedAdmin):
    list_display = ["product", "round", "producer_kind", "status", "aggregate", "decision", "decided_at"]
    list_filter = ["status", "decision", "producer_kind", "round"]
    search_fields = ["product__name_id", "round__name"]
    list_select_related = ["round", *product_relations()]
    inlines = [AssignmentInline, PlanItemInline]
    actions = ["withdraw"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = DecisionAdminForm if obj is not None else NominationForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["round", "product", "note"]
        return [
            "round",
            "product",
            "producer_kind",
            "nominated_by",
            "note",
            "status",
            "scores_display",
            "aggregate",
            "decision",
            "feedback",
            "decided_at",
            "decided_by",
            "audit_history",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        fixed = ["round", "product", "producer_kind", "nominated_by", "note", "status", "aggregate"]
        fixed += ["scores_display", "decided_at", "decided_by", "audit_history"]
        if obj.status != EntryStatus.SCORED:
            fixed += ["decision", "feedback"]
        return fixed

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    @admin.display(description=_lazy("Nilai kurator"))
    def scores_display(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        if not scores_revealed(obj):
            total = obj.assignments.count()
            sent = obj.assignments.filter(submitted_at__isnull=False).count()
            return _("Disembunyikan sampai semua kurator mengirim nilai (%(sent)d dari %(total)d).") % {
                "sent": sent,
                "total": total,
            }
        # Revealed: every manager may read them, and the admin is for ministry staff only.
        rows = revealed_scores(obj)
        numbers = {a: n for n, a in enumerate(obj.assignments.order_by("id").values_list("id", flat=True), 1)}
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} {}: {} — {}</li>",
                (
                    (_("Lembar %d") % numbers[s.assignment_id], s.criterion.name, s.value, s.comment)
                    for s in rows
                ),
            ),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            saved = actions.nominate(
                form.cleaned_data["round"],
                form.cleaned_data["product"],
                actor=request.user,
                note=form.cleaned_data.get("note", ""),
            )
            _copy_saved(obj, saved)
        # A decision is taken in save_related, together with the plan items entered below it.

    def save_related(self, request, form, formsets, change):
        if not change:
            return
        entry = form.instance
        for formset in formsets:
            formset.save(commit=False)
            new_rows = [
                sub
                for sub in formset.forms
                if sub.has_changed() and hasattr(sub, "cleaned_data") and not sub.instance.pk
            ]
            if formset.model is Assignment:
                for assignment in formset.deleted_objects:
                    actions.unassign_reviewer(assignment, actor=request.user)
                reviewers = [sub.cleaned_data["reviewer"] for sub in new_rows]
                if reviewers:
                    actions.assign_reviewers(entry, reviewers, actor=request.user)
            else:
                items = [_values(sub, ["kind", "description", "owner", "due_on"]) for sub in new_rows]
                decision = form.cleaned_data.get("decision")
                if decision and Entry.objects.filter(pk=entry.pk, status=EntryStatus.SCORED).exists():
                    actions.decide(
                        entry,
                        actor=request.user,
                        decision=decision,
                        feedback=form.cleaned_data.get("feedback", ""),
                        plan_items=items,
                    )
                else:
                    for data in items:
                        actions.add_plan_item(entry, data, actor=request.user)

    @admin.action(description=_lazy("Tarik peserta terpilih"))
    def withdraw(self, request, queryset):
        _report(
            self,
            request,
            lambda entry: actions.withdraw_entry(entry, actor=request.user),
            queryset.select_related("round", "product"),
            lambda n: _("%(n)d peserta ditarik.") % {"n": n},
        )


@admin.register(DevelopmentPlanItem)
class DevelopmentPlanItemAdmin(MinistryOnly, AuditedAdmin):
    list_display = ["description", "kind", "entry", "owner", "due_on", "status", "done_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["owner", "entry", "entry__product"]
    search_fields = ["description", "entry__product__name_id", "owner__username"]
    readonly_fields = ["entry", "kind", "description", "owner", "due_on", "status", "done_at"]
    actions = ["mark_done", "reopen"]

    def has_add_permission(self, request, *args):
        return False  # items come from decisions (or the entry page), never on their own

    @admin.action(description=_lazy("Tandai selesai"))
    def mark_done(self, request, queryset):
        _report(
            self,
            request,
            lambda item: actions.set_plan_item_status(item, PlanItemStatus.DONE, actor=request.user),
            queryset,
            lambda n: _("%(n)d butir ditandai selesai.") % {"n": n},
        )

    @admin.action(description=_lazy("Buka kembali"))
    def reopen(self, request, queryset):
        _report(
            self,
            request,
            lambda item: actions.set_plan_item_status(item, PlanItemStatus.OPEN, actor=request.user),
            queryset,
            lambda n: _("%(n)d butir dibuka kembali.") % {"n": n},
        )
