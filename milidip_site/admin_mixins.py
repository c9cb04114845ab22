"""Admin behaviour shared by the topic and case-study admins."""

import json
from datetime import datetime

import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.forms.models import model_to_dict
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator
from reversion_compare.admin import CompareVersionAdmin

from topics.models import Citation, VerificationStatus

from . import security_log, workflow
from .publishing import PublicationStatus

EDIT_TOKEN_FIELDS = ("loaded_updated_at", "loaded_state")


def _snapshot(instance: models.Model, field_names) -> dict:
    """The form-editable values of `instance`, as JSON-comparable data."""
    data = model_to_dict(instance, fields=field_names)
    for name, value in data.items():
        if isinstance(value, list):  # many-to-many: compare by primary key
            data[name] = sorted(getattr(item, "pk", item) for item in value)
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _display_value(instance: models.Model, name: str) -> str:
    field = instance._meta.get_field(name)
    if field.many_to_many:
        value = ", ".join(str(item) for item in getattr(instance, name).all())
    elif field.choices:
        value = getattr(instance, f"get_{name}_display")()
    else:
        value = getattr(instance, name)
    text = "" if value is None else str(value)
    return Truncator(text).chars(160) or "(empty)"


class PublishableAdminForm(forms.ModelForm):
    """Refuses publication steps the user may not take, and stale saves.

    Optimistic locking: the form carries the `updated_at` it was loaded with
    and a snapshot of the values shown. If the row was saved since, the save
    is refused and the fields changed meanwhile are listed with their current
    values, so nothing either editor wrote is silently overwritten.
    """

    loaded_updated_at = forms.CharField(widget=forms.HiddenInput, required=False)
    loaded_state = forms.CharField(widget=forms.HiddenInput, required=False)

    current_user = None  # set by PublishableAdmin.get_form
    live_state = None  # (status, publish_at) readers saw, when a revert ran first

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            self.initial["loaded_updated_at"] = self.instance.updated_at.isoformat()
            self.initial["loaded_state"] = json.dumps(
                _snapshot(self.instance, self._model_field_names())
            )

    @cached_property
    def changed_data(self):
        # The version stamp is bookkeeping, not an edit (and not in the history).
        return [
            name
            for name, bound_field in self._bound_items()
            if name not in EDIT_TOKEN_FIELDS and bound_field._has_changed()
        ]

    def _model_field_names(self) -> list[str]:
        return [name for name in self.fields if name not in EDIT_TOKEN_FIELDS]

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None:
            self._refuse_stale_save()
        self._check_workflow(cleaned_data)
        return cleaned_data

    def _check_workflow(self, cleaned_data):
        if "status" not in self.fields or "status" not in cleaned_data:
            return
        stored = self.live_state or workflow.stored_state(self.instance)
        publish_at = (
            cleaned_data.get("publish_at")
            if "publish_at" in self.changed_data or self.live_state
            else stored[1]
        )
        try:
            workflow.check_status_change(
                user=self.current_user,
                instance=self.instance,
                status=cleaned_data["status"],
                publish_at=publish_at,
                stored=stored,
            )
        except PermissionDenied as refusal:
            security_log.log_refused(self.current_user, self.instance, str(refusal))
            field = next(
                (f for f in ("status", "publish_at") if f in self.changed_data), None
            )
            self.add_error(field, str(refusal))
        except ValidationError as error:
            self.add_error(None, error)

    def _refuse_stale_save(self):
        model = type(self.instance)
        current = (
            model._base_manager.select_for_update(of=("self",))
            .select_related("last_edited_by")
            .filter(pk=self.instance.pk)
            .first()
        )
        if current is None:
            raise ValidationError(
                f"This {model._meta.verbose_name} was deleted while you were "
                "editing it. Copy your text elsewhere; it can be recovered from "
                "the deleted items."
            )
        token = self.data.get(self.add_prefix("loaded_updated_at"), "")
        try:
            loaded_at = datetime.fromisoformat(token)
        except ValueError:
            raise ValidationError(
                "This form is missing its version stamp; reload the page and "
                "apply your changes again."
            ) from None
        if loaded_at == current.updated_at:
            return
        try:
            loaded_state = json.loads(self.data.get(self.add_prefix("loaded_state")))
        except (TypeError, ValueError):
            loaded_state = {}
        if not isinstance(loaded_state, dict):
            loaded_state = {}
        names = self._model_field_names()
        current_state = _snapshot(current, names)
        changed = [n for n in names if loaded_state.get(n) != current_state.get(n)]
        who = current.last_edited_by or "someone else"
        when = timezone.localtime(current.updated_at).strftime("%Y-%m-%d %H:%M:%S")
        problems = [
            ValidationError(
                f"Not saved: {who} saved this {model._meta.verbose_name} at {when}, "
                "after you opened it. Your changes are still in the form below; "
                "compare them with the current values, reload the page and "
                "apply them again."
            )
        ]
        if changed:
            for name in changed:
                label = self.fields[name].label or name
                problems.append(
                    ValidationError(
                        f"Changed meanwhile: {label} is now "
                        f"“{_display_value(current, name)}”."
                    )
                )
        else:
            problems.append(
                ValidationError(
                    "No field of this form changed meanwhile; its citations or "
                    "other related rows may have."
                )
            )
        raise ValidationError(problems)


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label="Publish at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        help_text="Readers see the item from this time on (server time zone).",
    )

    def clean_publish_at(self):
        value = self.cleaned_data["publish_at"]
        if value <= timezone.now():
            raise ValidationError("Pick a time in the future.")
        return value


class EditorStampMixin:
    """Record who last edited a publishable item."""

    def save_model(self, request, obj, form, change):
        obj.last_edited_by = request.user
        super().save_model(request, obj, form, change)


class ProvenanceFilter(admin.SimpleListFilter):
    title = "provenance"
    parameter_name = "provenance"

    def lookups(self, request, model_admin):
        return [
            ("without_citations", "Cites no source"),
            ("backed_only_by_ai", "Backed only by AI-generated sources"),
            ("past_review_by", "Stale (past its review-by date)"),
        ]

    def queryset(self, request, queryset):
        if self.value() in dict(self.lookups(request, None)):
            return getattr(queryset, self.value())()
        return queryset


class PublishableAdmin(EditorStampMixin, CompareVersionAdmin):
    """Revision history with diffs, the publication workflow, and edit conflicts."""

    form = PublishableAdminForm
    change_form_template = "admin/publishable_change_form.html"
    list_select_related = ["last_edited_by"]
    readonly_fields = ["created_at", "updated_at", "last_edited_by"]
    date_hierarchy = "updated_at"
    actions = ["submit_for_review", "return_to_draft", "publish", "unpublish"]

    @admin.display(description="citations", ordering="citation_count")
    def citation_count(self, obj):
        return obj.citation_count

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(
            form.__name__,
            (form,),
            {
                "current_user": request.user,
                "live_state": getattr(request, "milidip_live_state", None),
            },
        )

    def _date_hierarchy_params_are_sane(self, request) -> bool:
        limits = {"year": 9999, "month": 12, "day": 31}
        for part, limit in limits.items():
            value = request.GET.get(f"{self.date_hierarchy}__{part}")
            if value is not None and not (
                value.isdigit() and len(value) <= 4 and int(value) <= limit
            ):
                return False
        return True

    def _reversion_revisionform_view(
        self, request, version, template_name, extra_context=None
    ):
        # Reverting (or recovering) writes the old version before the form runs,
        # so remember what readers saw until now: the workflow check and the
        # recorded transition compare against that, not against the old version.
        live = (
            version._model._base_manager.filter(pk=version.object_id)
            .values_list("status", "publish_at")
            .first()
        )
        request.milidip_live_state = live or (PublicationStatus.DRAFT, None)
        return super()._reversion_revisionform_view(
            request, version, template_name, extra_context
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        # Hidden, so the version stamp is posted by every form that shows this
        # object, including reversion's revert and recover pages.
        return [
            *fieldsets,
            (None, {"fields": [EDIT_TOKEN_FIELDS], "classes": ["hidden"]}),
        ]

    def save_model(self, request, obj, form, change):
        from_status, from_publish_at = getattr(
            request, "milidip_live_state", None
        ) or workflow.stored_state(obj)
        super().save_model(request, obj, form, change)
        workflow.record_transition(
            user=request.user,
            instance=obj,
            from_status=from_status,
            from_publish_at=from_publish_at,
        )

    # Deleting saves a last revision first, so the item and its inlines can be
    # recovered. Reversion only stores rows that still exist when the revision
    # closes, so that revision must close before the rows go.
    def _save_recoverable_revision(self, request, objs):
        if reversion.is_active():
            raise RuntimeError("Delete outside an open revision, or it is lost.")
        with workflow.revision_by(request.user, "Deleted"):
            for obj in objs:
                reversion.add_to_revision(obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None:
            try:
                workflow.check_delete(user=request.user, instance=obj)
            except PermissionDenied:
                return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        self._save_recoverable_revision(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._save_recoverable_revision(request, queryset)
        super().delete_queryset(request, queryset)

    def changelist_view(self, request, extra_context=None):
        if not self._date_hierarchy_params_are_sane(request):
            # Django turns other bad lookups into "?e=1"; huge years overflow first.
            return HttpResponseRedirect(f"{request.path}?e=1")
        if request.POST.get("action") == "delete_selected":
            selected = self.get_queryset(request).filter(
                pk__in=request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME)
            )
            refused = [
                o for o in selected if not self.has_delete_permission(request, o)
            ]
            if refused:
                self.message_user(
                    request,
                    "Nothing deleted: only reviewers can delete published items ("
                    + ", ".join(str(o) for o in refused)
                    + ").",
                    messages.ERROR,
                )
                return HttpResponseRedirect(request.get_full_path())
            # Skip VersionAdmin's enclosing revision: see delete_queryset.
            return admin.ModelAdmin.changelist_view(self, request, extra_context)
        return super().changelist_view(request, extra_context)

    # Workflow steps: buttons on the change form and changelist actions.
    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/workflow/<slug:step>/",
                self.admin_site.admin_view(self.workflow_view),
                name=f"{opts.app_label}_{opts.model_name}_workflow",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if obj is not None:
            extra_context["workflow_steps"] = workflow.available_transitions(
                request.user, obj
            )
            extra_context["workflow_history"] = workflow.transitions_for(obj)[:20]
            opts = self.model._meta
            extra_context["preview_url"] = reverse(
                f"preview:{opts.model_name}", kwargs={"slug": obj.slug}
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def workflow_view(self, request, object_id, step):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404(f"No {self.model._meta.verbose_name} with id “{object_id}”.")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        opts = self.model._meta
        change_url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
        )
        if step == "schedule":
            if not workflow.can_publish(request.user, obj):
                raise PermissionDenied
            form = ScheduleForm(request.POST or None)
            if request.method == "POST" and form.is_valid():
                return self._run_step(
                    request,
                    obj,
                    change_url,
                    lambda: workflow.schedule(
                        user=request.user,
                        instance=obj,
                        publish_at=form.cleaned_data["publish_at"],
                    ),
                )
            context = {
                **self.admin_site.each_context(request),
                "title": f"Schedule publication of “{obj}”",
                "opts": opts,
                "object": obj,
                "form": form,
                "change_url": change_url,
            }
            return TemplateResponse(request, "admin/workflow_schedule.html", context)
        if step not in workflow.TRANSITIONS:
            raise Http404(f"Unknown workflow step “{step}”.")
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        transition = workflow.TRANSITIONS[step]
        return self._run_step(
            request,
            obj,
            change_url,
            lambda: transition(user=request.user, instance=obj),
        )

    def _run_step(self, request, obj, redirect_to, step):
        try:
            step()
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(
                request,
                f"“{obj}” is now {obj.get_status_display().lower()}"
                + (
                    f", visible to readers from {obj.publish_at:%Y-%m-%d %H:%M}."
                    if obj.status == PublicationStatus.PUBLISHED
                    else "."
                ),
                messages.SUCCESS,
            )
        return HttpResponseRedirect(redirect_to)

    def _run_action(self, request, queryset, step, done: str):
        succeeded, failures = 0, []
        for obj in queryset:
            try:
                step(user=request.user, instance=obj)
            except (PermissionDenied, ValidationError) as error:
                reason = (
                    " ".join(error.messages)
                    if isinstance(error, ValidationError)
                    else str(error)
                )
                failures.append(f"“{obj}”: {reason}")
            else:
                succeeded += 1
        if succeeded:
            self.message_user(request, f"{succeeded} {done}.", messages.SUCCESS)
        for failure in failures[:10]:
            self.message_user(request, failure, messages.ERROR)

    @admin.action(description="Submit selected for review")
    def submit_for_review(self, request, queryset):
        self._run_action(
            request, queryset, workflow.submit_for_review, "submitted for review"
        )

    @admin.action(description="Return selected to draft")
    def return_to_draft(self, request, queryset):
        self._run_action(
            request, queryset, workflow.return_to_draft, "returned to draft"
        )

    @admin.action(description="Publish selected now")
    def publish(self, request, queryset):
        self._run_action(request, queryset, workflow.publish, "published")

    @admin.action(description="Unpublish selected")
    def unpublish(self, request, queryset):
        self._run_action(request, queryset, workflow.unpublish, "unpublished")

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not workflow.can_publish(request.user, self.model):
            actions.pop("publish", None)
            actions.pop("unpublish", None)
        return actions


def stamp_verification(citation: Citation, user, previous_status: str | None) -> None:
    """Record who verified or disputed a citation, and when, when its status changes."""
    if citation.verification == previous_status:
        return
    if citation.verification == VerificationStatus.UNVERIFIED:
        citation.verified_by, citation.verified_at = None, None
    else:
        citation.verified_by, citation.verified_at = user, timezone.now()


VERIFICATION_FIELDS = ["verification", "verification_note"]


class CitationInlineBase(admin.StackedInline):
    model = Citation
    extra = 0
    autocomplete_fields = ["source"]
    fields = [
        ("source", "locator", "position"),
        "claim",
        "quote",
        ("verification", "verification_note"),
        ("verified_by", "verified_at"),
    ]
    readonly_fields = ["verified_by", "verified_at"]
    classes = ["collapse"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", "verified_by")

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if not workflow.can_verify(request.user):
            return [*VERIFICATION_FIELDS, *readonly]
        return readonly


class CitationStampingAdminMixin:
    """Stamp verification on citations saved through an inline."""

    def save_formset(self, request, form, formset, change):
        if formset.model is Citation:
            for inline_form in formset.forms:
                if (
                    inline_form.has_changed()
                    and "verification" in inline_form.changed_data
                ):
                    citation = inline_form.instance
                    stamp_verification(
                        citation, request.user, inline_form.initial.get("verification")
                    )
        super().save_formset(request, form, formset, change)
