from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import F, Func, OuterRef, Subquery
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.utils import timezone
from reversion.models import Version
from reversion_compare.forms import SelectDiffForm

from editorial.admin import PUBLICATION_FIELDSETS, HistoryAdmin, PublishableAdmin
from editorial.forms import PublishableAdminForm
from milidip_site.markdown_preview import MarkdownPreviewTextarea

from .choices import DisputeKind
from .citation_changes import citation_changes
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

    verification_fields = ["verification", "verification_note", "dispute_kind"]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if not may_verify(request.user):
            return [*self.verification_fields, *readonly]
        return readonly


def _short_time(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "–"


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
        ("verification", "verification_note", "dispute_kind"),
        ("verified_by", "verified_at"),
    ]
    readonly_fields = ["verified_by", "verified_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", "verified_by")

    def get_formset(self, request, obj=None, **kwargs):
        # Open, with the count in the heading: "Citations (7)". Inline admins
        # are made afresh for each request, so this names this page's only.
        count = obj.citations.count() if obj is not None and obj.pk else 0
        self.verbose_name_plural = f"{Citation._meta.verbose_name_plural} ({count})"
        return super().get_formset(request, obj, **kwargs)


def _counted(rows):
    """``SELECT COUNT(*)`` of `rows`, for a correlated subquery."""
    return rows.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")


class CitedItemAdmin(PublishableAdmin):
    """A publishable item with citations: their count, checklist and verification stamps."""

    citation_field = None  # the Citation field pointing at this model

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "summary":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 3, "cols": 80})
        elif db_field.name == "body":
            kwargs["widget"] = MarkdownPreviewTextarea(attrs={"rows": 24})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    # One status column (publication_state) and compact dates keep the change
    # list within 1280 px.
    @admin.display(description="publish at", ordering="publish_at")
    def publish_at_short(self, obj):
        return _short_time(obj.publish_at)

    @admin.display(description="updated", ordering="updated_at")
    def updated_short(self, obj):
        return _short_time(obj.updated_at)

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

    compare_template = "admin/compare_with_citations.html"

    def compare_view(self, request, object_id, extra_context=None):
        """Reversion-compare's diff, and what happened to the citations."""
        form = SelectDiffForm(request.GET)
        obj = self.get_object(request, object_id)
        if form.is_valid() and obj is not None:
            ids = sorted(
                [form.cleaned_data["version_id1"], form.cleaned_data["version_id2"]]
            )
            versions = Version.objects.get_for_object(obj).filter(pk__in=ids)
            found = {v.pk: v for v in versions.select_related("revision")}
            if len(found) == len(set(ids)):
                extra_context = {
                    **(extra_context or {}),
                    "citation_changes": citation_changes(
                        obj, found[ids[0]], found[ids[1]]
                    ),
                }
        return super().compare_view(request, object_id, extra_context)

    @admin.display(description="citations", ordering="citation_count")
    def citation_count(self, obj):
        return obj.citation_count

    def get_queryset(self, request):
        # A subquery per listed row, not a GROUP BY over every citation.
        citations = Citation.objects.filter(
            **{self.citation_field: OuterRef("pk")}
        ).values("pk")
        return (
            super()
            .get_queryset(request)
            .annotate(citation_count=Subquery(_counted(citations)))
        )

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
    citation_field = "topic"
    list_display = [
        "title",
        "parent",
        "position",
        "publication_state",
        "publish_at_short",
        "citation_count",
        "updated_short",
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
    list_filter = ["reliability", "kind", "link_status"]
    search_fields = ["title", "authors", "publisher", "identifier", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    link_check_fields = [
        "link_status",
        "link_status_code",
        "link_detail",
        "link_final_url",
        "link_checked_at",
        "link_ok_at",
    ]
    readonly_fields = ["created_at", "updated_at", *link_check_fields]
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
        (
            "Link check (daily, by the link checker; manage.py check_links runs it now)",
            {"fields": link_check_fields},
        ),
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        citations = Citation.objects.filter(source=OuterRef("pk")).values("pk")
        return (
            super()
            .get_queryset(request)
            .annotate(cited_count=Subquery(_counted(citations)))
        )

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
    kind = forms.ChoiceField(
        label="How wrong is it?",
        choices=DisputeKind.choices,
        initial=DisputeKind.INCORRECT,
        required=False,  # left out: the citation keeps the kind it has
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
                    "dispute_kind",
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

    def _set_verification(self, request, queryset, status, note="", kind=""):
        for citation in queryset.select_related("source"):
            previous = citation.verification
            citation.verification = status
            if note:
                citation.verification_note = note
            if kind:
                citation.dispute_kind = kind
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
                form.cleaned_data["kind"],
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
