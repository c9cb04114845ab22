from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse

from editorial.admin import PUBLICATION_FIELDSETS, HistoryAdmin, PublishableAdmin
from editorial.forms import PublishableAdminForm

from .footnotes import check_references
from .models import Citation, Source, Topic, VerificationStatus
from .provenance import Provenance, assess
from .verification import may_verify, stamp_verification


class ProvenanceFilter(admin.SimpleListFilter):
    """The verification queue's problem lists, as a change-list filter."""

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


class VerificationFieldsMixin:
    """Only reviewers may change a citation's verification status and note."""

    verification_fields = ["verification", "verification_note"]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if not may_verify(request.user):
            return [*self.verification_fields, *readonly]
        return readonly


class CitationFormSet(BaseInlineFormSet):
    """An item's citations checked together with its text.

    Every ``[^key]`` in the text must name one of the citations kept here, and
    no two of them share a key. The text's own form shows the error too (it
    registers itself on the instance: see `FootnotedBodyFormMixin`).
    """

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if hasattr(form, "cleaned_data")
            and form.cleaned_data
            and not self._should_delete_form(form)
        ]
        seen = {}
        for form in kept:
            key = form.cleaned_data.get("key")
            if key and key in seen:
                form.add_error("key", "Another citation of this item has this key.")
            seen.setdefault(key, form)
        try:
            check_references(self.instance.body, [key for key in seen if key])
        except ValidationError as error:
            body_form = getattr(self.instance, "_body_form", None)
            if body_form is not None and "body" in body_form.fields:
                body_form.add_error("body", error)
            raise


class FootnotedBodyFormMixin:
    """Lets the citation formset put a reference error on the text's field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance._body_form = self


class CitationInlineBase(VerificationFieldsMixin, admin.StackedInline):
    model = Citation
    formset = CitationFormSet
    extra = 0
    autocomplete_fields = ["source"]
    fields = [
        ("source", "key", "locator", "position"),
        "claim",
        "quote",
        ("verification", "verification_note"),
        ("verified_by", "verified_at"),
    ]
    readonly_fields = ["verified_by", "verified_at"]
    classes = ["collapse"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", "verified_by")


class CitedItemAdmin(PublishableAdmin):
    """A publishable item with citations: their count, checklist and verification stamps."""

    def publish_checklist(self, obj) -> list[str]:
        """The item's provenance, as the publish checklist shows it."""
        problems = super().publish_checklist(obj)
        citations = list(obj.citations.with_sources())
        provenance = assess(citations)
        if provenance == Provenance.UNSOURCED:
            problems.append("It cites no source at all.")
        elif provenance == Provenance.AI_ONLY:
            problems.append(
                "Every claim rests only on AI-generated, unverified sources."
            )
        counts = Counter(c.verification for c in citations)
        for status, label in [
            (VerificationStatus.DISPUTED, "disputed"),
            (VerificationStatus.UNVERIFIED, "unverified"),
        ]:
            if counts[status]:
                problems.append(
                    f"{counts[status]} of {len(citations)} citations are {label}."
                )
        return problems

    @admin.display(description="citations", ordering="citation_count")
    def citation_count(self, obj):
        return obj.citation_count

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_count=Count("citations"))

    def save_formset(self, request, form, formset, change):
        if formset.model is Citation:
            for inline_form in formset.forms:
                if (
                    inline_form.has_changed()
                    and "verification" in inline_form.changed_data
                ):
                    stamp_verification(
                        inline_form.instance,
                        request.user,
                        inline_form.initial.get("verification"),
                    )
        super().save_formset(request, form, formset, change)


class TopicCitationInline(CitationInlineBase):
    fk_name = "topic"
    exclude = ["case_study"]


class TopicAdminForm(FootnotedBodyFormMixin, PublishableAdminForm):
    def clean_related(self):
        related = self.cleaned_data["related"]
        try:
            self.instance.check_related(related)
        except ValidationError as error:
            raise ValidationError(error.message_dict["related"]) from error
        return related


@admin.register(Topic)
class TopicAdmin(CitedItemAdmin):
    form = TopicAdminForm
    list_display = [
        "title",
        "parent",
        "position",
        "status",
        "publish_at",
        "is_published",
        "citation_count",
        "updated_at",
    ]
    list_filter = [
        "status",
        ProvenanceFilter,
        ("parent", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["parent", "last_edited_by"]
    search_fields = ["title", "summary", "body", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["parent", "related"]
    inlines = [TopicCitationInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        ("Place in the tree", {"fields": ["parent", "position", "related"]}),
        *PUBLICATION_FIELDSETS,
    ]


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    list_display = [
        "title",
        "kind",
        "reliability",
        "date_display",
        "identifier",
        "cited",
    ]
    list_filter = ["reliability", "kind"]
    search_fields = ["title", "authors", "publisher", "identifier", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "reliability", "note"]}),
        (
            "Bibliographic details",
            {"fields": ["authors", "publisher", "year", "month", "day"]},
        ),
        (
            "Where to find it",
            {"fields": ["url", "archived_url", "accessed_on", "identifier"]},
        ),
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(cited_count=Count("citations"))

    @admin.display(description="date", ordering="year")
    def date_display(self, obj):
        return obj.date_display

    @admin.display(description="citations", ordering="cited_count")
    def cited(self, obj):
        return obj.cited_count


class DisputeForm(forms.Form):
    note = forms.CharField(
        label="What is wrong, and what is correct?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


@admin.register(Citation)
class CitationAdmin(VerificationFieldsMixin, HistoryAdmin):
    list_display = [
        "__str__",
        "source_reliability",
        "verification",
        "locator",
        "verified_by",
    ]
    list_filter = ["verification", "source__reliability"]
    list_select_related = ["source", "topic", "case_study", "verified_by"]
    search_fields = ["claim", "quote", "locator", "source__title", "verification_note"]
    autocomplete_fields = ["source", "topic", "case_study"]
    readonly_fields = ["verified_by", "verified_at", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {"fields": ["source", "topic", "case_study", "key", "locator", "position"]},
        ),
        ("What it supports", {"fields": ["claim", "quote"]}),
        (
            "Verification",
            {
                "fields": [
                    "verification",
                    "verification_note",
                    "verified_by",
                    "verified_at",
                ]
            },
        ),
    ]

    actions = ["mark_verified", "mark_disputed"]

    @admin.display(description="reliability", ordering="source__reliability")
    def source_reliability(self, obj):
        return obj.source.get_reliability_display()

    def has_verify_permission(self, request):
        return may_verify(request.user)

    def save_model(self, request, obj, form, change):
        stamp_verification(obj, request.user, form.initial.get("verification"))
        super().save_model(request, obj, form, change)

    def _set_verification(self, request, queryset, status, note=""):
        for citation in queryset.select_related("source"):
            previous = citation.verification
            citation.verification = status
            if note:
                citation.verification_note = note
            stamp_verification(citation, request.user, previous)
            citation.full_clean()
            citation.save()
        return queryset.count()

    @admin.action(
        description="Mark selected citations verified", permissions=["verify"]
    )
    def mark_verified(self, request, queryset):
        count = self._set_verification(request, queryset, VerificationStatus.VERIFIED)
        self.message_user(
            request, f"{count} citation(s) marked verified.", messages.SUCCESS
        )

    @admin.action(
        description="Mark selected citations disputed…", permissions=["verify"]
    )
    def mark_disputed(self, request, queryset):
        form = DisputeForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            count = self._set_verification(
                request,
                queryset,
                VerificationStatus.DISPUTED,
                form.cleaned_data["note"],
            )
            self.message_user(
                request, f"{count} citation(s) marked disputed.", messages.SUCCESS
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Mark citations disputed",
            "opts": self.model._meta,
            "citations": queryset.select_related("source", "topic", "case_study"),
            "form": form,
            "action": "mark_disputed",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/citation_dispute.html", context)
