"""Admin forms of publishable items: the workflow check and the edit lock."""

import json
from datetime import datetime

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator

from milidip_site import security_log

from . import drafts, workflow

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
    pending_draft = None  # the published item's pending changes, shown in the form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._offer_allowed_statuses()
        if self.pending_draft is not None and not self.is_bound:
            initial = drafts.form_initial(type(self.instance), self.pending_draft.data)
            self.initial.update(
                {name: value for name, value in initial.items() if name in self.fields}
            )
        if self.instance.pk is not None and not self.is_bound:
            self.initial["loaded_updated_at"] = self._edit_stamp(
                self.instance
            ).isoformat()
            self.initial["loaded_state"] = json.dumps(
                _snapshot(self.instance, self._model_field_names())
            )

    def _offer_allowed_statuses(self):
        """Editors choose only the statuses they may set: draft or in review."""
        field = self.fields.get("status")
        if field is None or self.current_user is None or self.live_state:
            # A revert or recover shows the old version's status; the workflow
            # check then says why it cannot be saved as it is.
            return
        if workflow.may_publish(self.current_user, type(self.instance)):
            return
        allowed = {workflow.Status.DRAFT, workflow.Status.IN_REVIEW}
        allowed.add(workflow.stored_state(self.instance)[0])
        # Offered: only these. A forged value still reaches the workflow check,
        # which refuses it with its reason and logs the attempt.
        field.widget.choices = [
            (v, label) for v, label in field.choices if v in allowed
        ]

    def _edit_stamp(self, row):
        """When the content shown was last saved: its pending changes, or the row."""
        draft = self.pending_draft
        if draft is not None and draft.object_id == row.pk:
            current = type(draft)._base_manager.filter(pk=draft.pk).first()
            if current is not None:
                return current.updated_at
        return row.updated_at

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
        if loaded_at == self._edit_stamp(current):
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


class ReturnForm(forms.Form):
    note = forms.CharField(
        label="Why are you returning it?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=300,
        required=False,
        help_text=(
            "The author sees this on the item's page and in its history. Required "
            "when you return someone else's submission."
        ),
    )


class PublishChecklistForm(forms.Form):
    """Publishing an item with open problems takes an explicit confirmation."""

    confirm = forms.BooleanField(
        label="I have read these problems and publish anyway.",
        required=True,
    )


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
