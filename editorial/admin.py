"""Admin behaviour shared by every publishable model's admin."""

import reversion
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.forms.models import _get_foreign_key
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin

from . import drafts, workflow
from .forms import (
    EDIT_TOKEN_FIELDS,
    PublishableAdminForm,
    PublishChecklistForm,
    ReturnForm,
    ScheduleForm,
)
from .history import HistoryPermissionMixin
from .models import (
    DraftStatus,
    NotificationPreference,
    PendingDraft,
    PublicationStatus,
)
from .paginator import EstimatedCountPaginator
from .permissions import may_publish


class EditorStampMixin:
    """Record who last edited a publishable item."""

    def save_model(self, request, obj, form, change):
        obj.last_edited_by = request.user
        super().save_model(request, obj, form, change)


# The last fieldsets of every publishable item's change form.
PUBLICATION_FIELDSETS = [
    ("Publication", {"fields": ["status", "publish_at", "review_by"]}),
    (
        "Record",
        {
            "fields": ["created_at", "updated_at", "last_edited_by"],
            "classes": ["collapse"],
        },
    ),
]


class PublicationStateFilter(admin.SimpleListFilter):
    """Filter the change list by publication state, pending changes included."""

    title = "publication state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("pending_changes", "Published, with unpublished changes"),
            ("changes_in_review", "Published, with changes in review"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "pending_changes":
            return queryset.filter(
                status=PublicationStatus.PUBLISHED, pending_changes__isnull=False
            )
        if self.value() == "changes_in_review":
            return queryset.filter(
                status=PublicationStatus.PUBLISHED,
                pending_changes=DraftStatus.IN_REVIEW,
            )
        return queryset


class DraftInitialFormSetMixin:
    """An inline formset whose existing forms start from a draft's values."""

    def __init__(self, *args, draft_initial=None, **kwargs):
        self.draft_initial = draft_initial or []
        super().__init__(*args, **kwargs)

    def _construct_form(self, i, **kwargs):
        if not self.is_bound and i < len(self.draft_initial):
            kwargs["initial"] = self.draft_initial[i]
        return super()._construct_form(i, **kwargs)


class HistoryAdmin(HistoryPermissionMixin, CompareVersionAdmin):
    """Revision history with diffs, each page behind the permission on the object.

    Change lists stay quick on big tables: no count of the unfiltered table
    beside the filtered one, and an estimated or capped count (paginator.py).
    """

    show_full_result_count = False
    paginator = EstimatedCountPaginator

    class Media:
        # After Django's urlify.js: proposed slugs match editorial/slugs.py.
        js = ["admin/js/urlify.js", "js/admin-slugs.js"]

    # Recovering a deleted item says so, in the message and in the history
    # (django-reversion calls it a change and a revert).
    def recover_view(self, request, version_id, extra_context=None):
        request.milidip_recovering = True
        response = super().recover_view(request, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            deleted = Version.objects.filter(pk=version_id).first()
            latest = deleted and (
                Version.objects.get_for_object_reference(
                    self.model, deleted.object_id
                ).first()
            )
            if latest is not None and latest.revision_id != deleted.revision_id:
                saved = timezone.localtime(deleted.revision.date_created)
                latest.revision.comment = f"Recovered after deletion (version saved on {saved:%Y-%m-%d %H:%M})"
                latest.revision.save(update_fields=["comment"])
        return response

    def response_change(self, request, obj):
        if not getattr(request, "milidip_recovering", False):
            return super().response_change(request, obj)
        opts = obj._meta
        self.message_user(
            request,
            f"The {opts.verbose_name} “{obj}” was recovered. You may edit it again below.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change",
                args=[obj.pk],
                current_app=self.admin_site.name,
            )
        )


class PublishableAdmin(EditorStampMixin, HistoryAdmin):
    """Revision history with diffs, the publication workflow, and edit conflicts."""

    form = PublishableAdminForm
    change_form_template = "admin/publishable_change_form.html"
    list_select_related = ["last_edited_by"]
    readonly_fields = ["created_at", "updated_at", "last_edited_by"]
    date_hierarchy = "updated_at"
    actions = ["submit_for_review", "return_to_draft", "publish", "unpublish"]

    def get_queryset(self, request):
        # The status of the pending changes of each row, if any, in the same query.
        pending = PendingDraft.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model),
            object_id=OuterRef("pk"),
        ).values("status")[:1]
        return super().get_queryset(request).annotate(pending_changes=Subquery(pending))

    def get_list_display(self, request):
        display = list(super().get_list_display(request))
        if "status" in display:
            display[display.index("status")] = "publication_state"
        return display

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), PublicationStateFilter]

    @admin.display(description="status", ordering="status")
    def publication_state(self, obj):
        label = obj.get_status_display()
        if obj.status == PublicationStatus.PUBLISHED and not obj.is_published():
            label = "Scheduled"
        pending = getattr(obj, "pending_changes", None)
        if obj.status != PublicationStatus.PUBLISHED or pending is None:
            return label
        if pending == DraftStatus.IN_REVIEW:
            return f"{label}, with changes in review"
        return f"{label}, with unpublished changes"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(
            form.__name__,
            (form,),
            {
                "current_user": request.user,
                "live_state": getattr(request, "milidip_live_state", None),
                "pending_draft": self._overlay(request, obj),
            },
        )

    # Live and draft versions (editorial/drafts.py). A published item's form
    # shows its pending changes; saving it stores them as pending changes again
    # (the normal save runs in a savepoint that is rolled back after capture).
    def _draft_mode(self, request, obj) -> bool:
        """Whether saving `obj` stores pending changes instead of the live rows."""
        if obj is None or obj.pk is None:
            return False
        live = getattr(request, "milidip_live_state", None) or workflow.stored_state(
            obj
        )
        return live[0] == PublicationStatus.PUBLISHED

    def _overlay(self, request, obj) -> PendingDraft | None:
        """The pending changes the form shows, or None (new item, or a revert)."""
        if obj is None or obj.pk is None or hasattr(request, "milidip_live_state"):
            return None
        cache = request.__dict__.setdefault("_milidip_overlay", {})
        key = (type(obj), obj.pk)
        if key not in cache:
            cache[key] = PendingDraft.objects.for_object(obj)
        return cache[key]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self._draft_mode(request, obj):
            # Publication moves with the buttons; an edit here is content only.
            readonly += [f for f in ("status", "publish_at") if f not in readonly]
        return readonly

    def _child_relation(self, inline) -> str:
        fk = _get_foreign_key(self.model, inline.model, fk_name=inline.fk_name)
        return fk.remote_field.get_accessor_name()

    def get_formsets_with_inlines(self, request, obj=None):
        draft = self._overlay(request, obj)
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if draft is not None and request.method != "POST":
                rows = draft.data.get("children", {}).get(
                    self._child_relation(inline), []
                )
                new = sum(1 for row in rows if row.get("pk") is None)
                formset = type(
                    formset.__name__,
                    (DraftInitialFormSetMixin, formset),
                    {"extra": formset.extra + new},
                )
            yield formset, inline

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        draft = self._overlay(request, obj)
        name = self._child_relation(inline)
        if draft is None or name not in draft.data.get("children", {}):
            return kwargs
        rows = draft.data["children"][name]
        removed = drafts.deleted_child_pks(obj, draft.data).get(name, set())
        kwargs["queryset"] = kwargs["queryset"].exclude(pk__in=removed)
        if request.method != "POST":
            # Unbound: existing forms start from the draft's values, new
            # children are extra forms. Bound forms compare with the live rows,
            # so whatever differs from them is saved again.
            fk = _get_foreign_key(self.model, inline.model, fk_name=inline.fk_name)
            by_pk = {row["pk"]: row for row in rows if row.get("pk") is not None}
            live = kwargs["queryset"].filter(**{fk.name: obj})
            kwargs["draft_initial"] = [
                drafts.child_initial(fk, by_pk.get(child.pk, {})) for child in live
            ]
            # A model formset's `initial` is that of its extra forms.
            kwargs["initial"] = [
                drafts.child_initial(fk, row) for row in rows if row.get("pk") is None
            ]
        return kwargs

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
        if request.method != "POST" or live is None:
            return super()._reversion_revisionform_view(
                request, version, template_name, extra_context
            )
        obj = version._model._base_manager.get(pk=version.object_id)
        if not self._draft_mode(request, obj):
            return super()._reversion_revisionform_view(
                request, version, template_name, extra_context
            )
        # A published item: the reverted content becomes its pending changes.
        # Reversion writes the old version before the form runs; all of that is
        # rolled back, and only the captured result is kept, as a draft.
        request.milidip_live_child_pks = drafts.live_child_pks(obj)
        with transaction.atomic():
            savepoint = transaction.savepoint()
            response = super()._reversion_revisionform_view(
                request, version, template_name, extra_context
            )
            transaction.savepoint_rollback(savepoint)
            data = getattr(request, "milidip_draft_data", None)
            if data is not None:
                obj = version._model._base_manager.get(pk=version.object_id)
                when = timezone.localtime(version.revision.date_created)
                workflow.save_draft(
                    user=request.user,
                    instance=obj,
                    data=data,
                    comment=f"Reverted to the version of {when:%Y-%m-%d %H:%M}, "
                    "as a draft of changes",
                )
        return response

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
        draft = self._overlay(request, obj)
        if change and self._draft_mode(request, obj):
            live_pks = getattr(request, "milidip_live_child_pks", None)
            request.milidip_draft_save = (
                live_pks if live_pks is not None else drafts.live_child_pks(obj),
                transaction.savepoint(),
            )
            if draft is not None:
                drafts.apply_deletions(obj, draft.data)
            super().save_model(request, obj, form, change)
            return
        if draft is not None:
            # The form showed the pending changes: saved now, they are no longer pending.
            drafts.apply_deletions(obj, draft.data)
            draft.delete()
        super().save_model(request, obj, form, change)
        workflow.record_transition(
            user=request.user,
            instance=obj,
            from_status=from_status,
            from_publish_at=from_publish_at,
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        pending = getattr(request, "milidip_draft_save", None)
        if pending is None:
            return
        live_pks, savepoint = pending
        obj = form.instance
        data = drafts.capture(obj, live_pks)
        transaction.savepoint_rollback(savepoint)
        drafts.restore(obj)
        del request.milidip_draft_save
        if hasattr(request, "milidip_live_child_pks"):
            # A revert: the old version is in the database until the view ends.
            request.milidip_draft_data = data
        else:
            workflow.save_draft(user=request.user, instance=obj, data=data)

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
            history = list(workflow.transitions_for(obj)[:20])
            extra_context["workflow_history"] = history
            latest = history[0] if history else None
            if (
                latest is not None
                and obj.status == PublicationStatus.DRAFT
                and latest.from_status == PublicationStatus.IN_REVIEW
                and latest.to_status == PublicationStatus.DRAFT
                and latest.note
            ):
                extra_context["returned"] = latest
            opts = self.model._meta
            extra_context["preview_url"] = reverse(
                f"preview:{opts.model_name}", kwargs={"slug": obj.slug}
            )
            extra_context["pending_draft"] = self._overlay(request, obj)
            extra_context["edits_are_drafts"] = self._draft_mode(request, obj)
            extra_context["save_buttons"] = self._save_buttons(request, obj)
            extra_context["show_save"] = False
        return super().change_view(request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "save_buttons": self._save_buttons(request, None),
            "show_save": False,
        }
        return super().add_view(request, form_url, extra_context)

    def _save_buttons(self, request, obj) -> list[tuple[str, str]]:
        """(step, label) of the "Save and …" buttons of the change form."""
        if obj is None:
            steps = [("submit_for_review", "Submit for review")]
            if may_publish(request.user, self.model):
                steps += [("publish", "Publish now"), ("schedule", "Schedule…")]
        elif self._draft_mode(request, obj) and workflow.changes_of(obj) is None:
            # Saving makes the pending changes these buttons then move.
            steps = [("submit_for_review", "Submit changes for review")]
            if may_publish(request.user, obj):
                steps += [
                    ("publish", "Publish changes now"),
                    ("schedule", "Schedule changes…"),
                    ("unpublish", "Unpublish"),
                ]
        else:
            steps = workflow.available_transitions(request.user, obj)
        return [
            (step, "Save and " + label[0].lower() + label[1:]) for step, label in steps
        ]

    def response_add(self, request, obj, post_url_continue=None):
        if request.POST.get("_workflow"):
            return self._after_save(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if request.POST.get("_workflow"):
            return self._after_save(request, obj)
        response = super().response_change(request, obj)
        if self._draft_mode(request, obj):
            self.message_user(
                request,
                "Saved as unpublished changes: readers still see the published "
                "version until a reviewer publishes them.",
                messages.INFO,
            )
        return response

    def _after_save(self, request, obj):
        """The edit is saved (in this transaction): now take the button's step."""
        opts = self.model._meta
        step = request.POST["_workflow"]
        change_url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
        )
        obj.refresh_from_db()
        offered = dict(workflow.available_transitions(request.user, obj))
        if step not in offered:
            self.message_user(
                request,
                "Your changes are saved, but that step is not available now.",
                messages.WARNING,
            )
            return HttpResponseRedirect(change_url)
        step_url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_workflow", args=[obj.pk, step]
        )
        needs_page = step in ("schedule", "return_to_draft") or (
            step == "publish" and self._checklist(obj)
        )
        if needs_page:
            self.message_user(
                request,
                "Your changes are saved. Confirm the next step below.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(step_url)
        return self._take_step(request, obj, change_url, step)

    def _take_step(self, request, obj, change_url, step):
        """Run workflow `step` on `obj`; a refusal shows on the change page."""
        transition = workflow.TRANSITIONS[step]

        def take_step():
            try:
                transition(user=request.user, instance=obj)
            except PermissionDenied as refusal:
                raise ValidationError(
                    f"Your changes are saved, but: {refusal}"
                ) from refusal

        return self._run_step(request, obj, change_url, take_step)

    def _checklist(self, obj) -> list[str]:
        """The publish checklist of what would go live: the pending changes if any."""
        with drafts.materialized(obj):
            return self.publish_checklist(obj)

    def publish_checklist(self, obj) -> list[str]:
        """What a reviewer should know before publishing `obj`; empty when nothing."""
        problems = []
        if obj.review_by is not None and obj.review_by < timezone.localdate():
            problems.append(
                f"It is past its review-by date ({obj.review_by:%Y-%m-%d})."
            )
        return problems

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
        page = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "object": obj,
            "change_url": change_url,
        }
        if step in ("publish", "schedule"):
            if not may_publish(request.user, obj):
                raise PermissionDenied
            return self._publish_step(request, obj, step, change_url, page)
        if step == "return_to_draft":
            form = ReturnForm(request.POST or None)
            if request.method == "POST" and form.is_valid():
                return self._run_step(
                    request,
                    obj,
                    change_url,
                    lambda: workflow.return_to_draft(
                        user=request.user, instance=obj, note=form.cleaned_data["note"]
                    ),
                )
            page.update(title=f"Return “{obj}” to draft", form=form)
            return TemplateResponse(request, "admin/workflow_return.html", page)
        if step not in workflow.TRANSITIONS:
            raise Http404(f"Unknown workflow step “{step}”.")
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return self._take_step(request, obj, change_url, step)

    def _publish_step(self, request, obj, step, change_url, page):
        """Publish now or schedule, once the reviewer has seen the checklist.

        With nothing on the checklist, the change page's "Publish now" button
        publishes at once; otherwise this page lists the problems and publishing
        needs an explicit confirmation, recorded in the transition's note.
        """
        problems = self._checklist(obj)
        data = request.POST if request.method == "POST" else None
        # The schedule form only exists on this page; "Publish now" is also a
        # button on the change page, which posts no checklist_seen.
        from_this_page = data is not None and (
            step == "schedule" or "checklist_seen" in data
        )
        form = (
            ScheduleForm(data if from_this_page else None)
            if step == "schedule"
            else None
        )
        confirm = PublishChecklistForm(data if from_this_page else None)
        ready = (step == "publish" and data is not None and not problems) or (
            from_this_page
            and (form is None or form.is_valid())
            and (not problems or confirm.is_valid())
        )
        if ready:
            note = "Published despite: " + " ".join(problems) if problems else ""
            if step == "schedule":
                publish_at = form.cleaned_data["publish_at"]
                return self._run_step(
                    request,
                    obj,
                    change_url,
                    lambda: workflow.schedule(
                        user=request.user,
                        instance=obj,
                        publish_at=publish_at,
                        note=note,
                    ),
                )
            return self._run_step(
                request,
                obj,
                change_url,
                lambda: workflow.publish(user=request.user, instance=obj, note=note),
            )
        verb = "Schedule publication of" if step == "schedule" else "Publish"
        page.update(
            title=f"{verb} “{obj}”",
            step=step,
            form=form,
            problems=problems,
            confirm=confirm,
        )
        return TemplateResponse(request, "admin/workflow_publish.html", page)

    def _run_step(self, request, obj, redirect_to, step):
        try:
            step()
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, self._state_message(obj), messages.SUCCESS)
        return HttpResponseRedirect(redirect_to)

    @staticmethod
    def _state_message(obj) -> str:
        message = f"“{obj}” is now {obj.get_status_display().lower()}" + (
            f", visible to readers from {obj.publish_at:%Y-%m-%d %H:%M}"
            if obj.status == PublicationStatus.PUBLISHED
            else ""
        )
        changes = workflow.changes_of(obj)
        if changes is not None:
            message += (
                f"; its unpublished changes are {changes.get_status_display().lower()}"
            )
            if changes.publish_at is not None:
                when = timezone.localtime(changes.publish_at)
                message += f", to be published at {when:%Y-%m-%d %H:%M}"
        return message + "."

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
        def publish_if_nothing_to_confirm(*, user, instance):
            if self.publish_checklist(instance):
                raise ValidationError(
                    "its publish checklist has open problems; publish it from its "
                    "page, where you can confirm."
                )
            return workflow.publish(user=user, instance=instance)

        self._run_action(request, queryset, publish_if_nothing_to_confirm, "published")

    @admin.action(description="Unpublish selected")
    def unpublish(self, request, queryset):
        self._run_action(request, queryset, workflow.unpublish, "unpublished")

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not may_publish(request.user, self.model):
            actions.pop("publish", None)
            actions.pop("unpublish", None)
        return actions


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    """Everyone's workflow-email preference, for those with the model permissions.

    Staff members change their own on the Notification settings page.
    """

    list_display = ["user", "email_notifications"]
    list_editable = ["email_notifications"]
    list_filter = ["email_notifications"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]
