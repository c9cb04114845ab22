"""Topics (a tree of subjects), the library of sources, and citations."""

import calendar
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from editorial.models import (
    Publishable,
    PublishableQuerySet,
    published_requires_publish_at,
)
from editorial.slugs import check_slug_not_reserved

from .choices import (
    DisputeKind,
    LinkStatus,
    Reliability,
    SourceKind,
    VerificationStatus,
)
from .footnotes import FootnotedBody, referenced_keys, render_body
from .provenance import ProvenanceQuerySetMixin, rests_only_on_ai
from .verification import verifier_role, with_verifier_role

MAX_TOPIC_DEPTH = 3
QUOTE_MAX_CHARS = 300
QUOTE_MAX_WORDS = 50


class FootnotedBodyMixin:
    """A body whose ``[^key]`` references link to the item's citations."""

    @property
    def footnoted_body(self) -> FootnotedBody:
        # Reads the prefetched citations when the page prefetched them.
        return render_body(self.body, self.citations.all())

    @property
    def body_html(self):
        return self.footnoted_body.html


class SlugNaturalKeyManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class TopicQuerySet(ProvenanceQuerySetMixin, PublishableQuerySet):
    def roots(self, user=None):
        """Topics at the top of the tree as `user` sees it.

        A topic whose parent `user` may not see (a draft, say) counts as a root,
        as it does in the topic tree, so no visible topic is left unreachable.
        """
        return self.exclude(parent__in=Topic.objects.visible_to(user))


class TopicManager(SlugNaturalKeyManager.from_queryset(TopicQuerySet)):
    pass


class Topic(FootnotedBodyMixin, Publishable):
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The last part of the topic's address."
    )
    summary = models.CharField(
        max_length=300, help_text="One or two sentences shown in lists and previews."
    )
    body = models.TextField(blank=True, help_text="The topic's text, in Markdown.")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=f"The broader topic; the tree is at most {MAX_TOPIC_DEPTH} levels deep.",
    )
    position = models.PositiveIntegerField(
        default=0, help_text="Order among sibling topics (lower first)."
    )
    related = models.ManyToManyField(
        "self", blank=True, symmetrical=True, help_text="Topics worth reading next."
    )

    objects = TopicManager()

    # What a pending draft of a published topic holds (editorial/drafts.py).
    draft_children = ("citations",)
    draft_many_to_many = ("related",)

    class Meta:
        ordering = ["position", "title"]
        indexes = [
            models.Index(fields=["parent", "position", "title"]),
            models.Index(fields=["status", "publish_at"]),
        ]
        constraints = [published_requires_publish_at("topic")]
        permissions = [("publish_topic", "Can publish, unpublish and schedule topics")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("topics:detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def ancestors(self) -> list["Topic"]:
        """The chain of parents, nearest first; stops at a cycle rather than looping."""
        chain, seen, node = [], {self.pk}, self.parent
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain

    def depth(self) -> int:
        return len(self.ancestors()) + 1

    def subtree_height(self) -> int:
        """Levels in the subtree rooted here (1 for a leaf)."""
        if self.pk is None:
            return 1
        height, level, seen = 1, [self.pk], {self.pk}
        while level:
            level = [
                pk
                for pk in Topic.objects.filter(parent__in=level).values_list(
                    "pk", flat=True
                )
                if pk not in seen
            ]
            seen.update(level)
            if level:
                height += 1
        return height

    def check_related(self, topics) -> None:
        """Refuse a list of related topics that includes this topic itself."""
        if self.pk is not None and any(t.pk == self.pk for t in topics):
            raise ValidationError({"related": "A topic cannot be related to itself."})

    def clean(self):
        super().clean()
        check_slug_not_reserved(self.slug)
        if self.parent_id is None:
            return
        if self.pk is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": "A topic cannot be its own parent."})
        parent_chain = [self.parent, *self.parent.ancestors()]
        if self.pk is not None and any(node.pk == self.pk for node in parent_chain):
            raise ValidationError(
                {"parent": "This parent would make a cycle: it sits below this topic."}
            )
        depth = len(parent_chain) + self.subtree_height()
        if depth > MAX_TOPIC_DEPTH:
            raise ValidationError(
                {
                    "parent": (
                        f"The topic tree is at most {MAX_TOPIC_DEPTH} levels deep; "
                        f"under this parent it would reach {depth} levels."
                    )
                }
            )


class Source(models.Model):
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=SourceKind.choices, db_index=True)
    authors = models.CharField(
        max_length=300,
        blank=True,
        help_text="As they should be cited, separated by ';'.",
    )
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField("URL", max_length=500, blank=True)
    archived_url = models.URLField(
        "archived copy URL",
        max_length=500,
        blank=True,
        help_text="A stable archived copy, e.g. in the Internet Archive.",
    )
    year = models.SmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(-3000), MaxValueValidator(2200)],
        help_text="Year of publication or signature; a year alone is allowed.",
    )
    month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    day = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    accessed_on = models.DateField("accessed on", null=True, blank=True)
    reliability = models.CharField(
        max_length=32, choices=Reliability.choices, db_index=True
    )
    identifier = models.CharField(
        max_length=200,
        blank=True,
        help_text="Seed file name, DOI, or treaty registration number.",
    )
    note = models.TextField(
        blank=True, help_text="What readers should know about this source."
    )
    # Written by the link checker (topics/link_checker.py), never by editors.
    link_status = models.CharField(
        max_length=16,
        choices=LinkStatus.choices,
        default=LinkStatus.UNCHECKED,
        blank=True,
        editable=False,
        db_index=True,
    )
    link_status_code = models.PositiveSmallIntegerField(
        "HTTP status", null=True, blank=True, editable=False
    )
    link_detail = models.CharField(
        max_length=200,
        blank=True,
        editable=False,
        help_text="What went wrong (timeout, redirect loop…).",
    )
    link_final_url = models.URLField(
        "final URL", max_length=500, blank=True, editable=False
    )
    link_checked_at = models.DateTimeField(
        "link last checked", null=True, blank=True, editable=False
    )
    link_ok_at = models.DateTimeField(
        "link last OK", null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["title"], name="source_title_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["identifier"],
                condition=~models.Q(identifier=""),
                name="source_unique_identifier",
            ),
            models.CheckConstraint(
                condition=models.Q(month__isnull=True) | models.Q(year__isnull=False),
                name="source_month_needs_year",
            ),
            models.CheckConstraint(
                condition=models.Q(day__isnull=True) | models.Q(month__isnull=False),
                name="source_day_needs_month",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("topics:source-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def link_is_broken(self) -> bool:
        """Readers get the archived copy first when the live link is broken."""
        return self.link_status == LinkStatus.BROKEN

    @property
    def is_ai_generated(self) -> bool:
        return self.reliability == Reliability.AI_GENERATED

    @property
    def date_display(self) -> str:
        if self.year is None:
            return "n.d."
        year = f"{-self.year} BCE" if self.year < 0 else str(self.year)
        if self.month is None:
            return year
        month = calendar.month_name[self.month]
        return f"{self.day} {month} {year}" if self.day else f"{month} {year}"

    def clean(self):
        super().clean()
        check_slug_not_reserved(self.slug)
        if self.month is not None and self.year is None:
            raise ValidationError({"month": "A month needs a year."})
        if self.day is not None:
            if self.month is None:
                raise ValidationError({"day": "A day needs a month."})
            if self.year is not None and self.year > 0:
                last = calendar.monthrange(self.year, self.month)[1]
                if self.day > last:
                    raise ValidationError(
                        {"day": f"{calendar.month_name[self.month]} has {last} days."}
                    )
        if self.identifier and self.identifier != self.identifier.strip():
            raise ValidationError(
                {"identifier": "Remove spaces around the identifier."}
            )


def validate_quote_length(value: str) -> None:
    words = len(re.findall(r"\S+", value))
    if words > QUOTE_MAX_WORDS:
        raise ValidationError(
            f"Quote at most {QUOTE_MAX_WORDS} words (this one has {words}); "
            "summarise the rest in the claim."
        )


class CitationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Citations of the topics and case studies `user` may see."""
        case_study_model = self.model._meta.get_field("case_study").related_model
        return self.filter(
            models.Q(topic__in=Topic.objects.visible_to(user))
            | models.Q(case_study__in=case_study_model.objects.visible_to(user))
        )

    def public(self):
        """Citations whose topic or case study the public may see."""
        return self.visible_to(None)

    def with_sources(self):
        """Citations with their source, as every page and API object shows them."""
        return with_verifier_role(self.select_related("source"))

    def unverified(self):
        return self.filter(verification=VerificationStatus.UNVERIFIED)

    def disputed(self):
        return self.filter(verification=VerificationStatus.DISPUTED)


class Citation(models.Model):
    """A source backing a claim of exactly one topic or one case study.

    The case-study side is a lazy reference, so the topics code never imports
    casestudies; the database enforces that exactly one target is set.
    """

    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="citations"
    )
    topic = models.ForeignKey(
        Topic,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="citations",
    )
    case_study = models.ForeignKey(
        "casestudies.CaseStudy",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="citations",
    )
    key = models.SlugField(
        max_length=40,
        blank=True,
        help_text="A short name the text uses to cite this source: [^key] "
        "shows a numbered link to it. Unique within the page.",
    )
    claim = models.TextField(help_text="The claim this source supports, in your words.")
    locator = models.CharField(
        max_length=200, blank=True, help_text="Section heading, page or paragraph."
    )
    quote = models.TextField(
        blank=True,
        max_length=QUOTE_MAX_CHARS,
        validators=[validate_quote_length],
        help_text=f"A short quote, at most {QUOTE_MAX_WORDS} words.",
    )
    verification = models.CharField(
        "verification status",
        max_length=16,
        choices=VerificationStatus.choices,
        default=VerificationStatus.UNVERIFIED,
        db_index=True,
    )
    verification_note = models.TextField(
        blank=True,
        help_text="For a disputed citation: what is wrong and what is correct.",
    )
    dispute_kind = models.CharField(
        max_length=16,
        choices=DisputeKind.choices,
        default=DisputeKind.INCORRECT,
        blank=True,  # left empty, it is "incorrect" (see clean)
        help_text="For a disputed citation: how wrong the source is (shown to readers "
        "and search engines as the correction's rating).",
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(null=True, blank=True, editable=False)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        # The citation list's order: a page reads a million rows in index order.
        indexes = [
            models.Index(fields=["position", "id"], name="citation_position_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(topic__isnull=False, case_study__isnull=True)
                    | models.Q(topic__isnull=True, case_study__isnull=False)
                ),
                name="citation_exactly_one_target",
            ),
            models.UniqueConstraint(
                fields=["topic", "key"],
                condition=~models.Q(key=""),
                name="citation_unique_key_per_topic",
                violation_error_message="Another citation of this topic has this key.",
            ),
            models.UniqueConstraint(
                fields=["case_study", "key"],
                condition=~models.Q(key=""),
                name="citation_unique_key_per_case_study",
                violation_error_message="Another citation of this case study has this key.",
            ),
        ]
        permissions = [
            ("verify_citation", "Can mark citations verified or disputed"),
        ]

    def __str__(self):
        return f"{self.source} → {self.target}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._touch_target()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self._touch_target()
        return result

    def _touch_target(self) -> None:
        # A citation is part of its topic's or case study's content: an editor
        # who opened that item before this change must not save over it.
        target = self.target
        if target is not None and target.pk is not None:
            type(target)._base_manager.filter(pk=target.pk).update(
                updated_at=timezone.now()
            )

    @property
    def target(self):
        return self.topic if self.topic is not None else self.case_study

    @property
    def is_cited_in_text(self) -> bool:
        """Whether its item's text refers to it by its key."""
        target = self.target
        return (
            bool(self.key)
            and target is not None
            and (self.key in referenced_keys(target.body))
        )

    @property
    def is_ai_only(self) -> bool:
        return rests_only_on_ai(self)

    @property
    def verifier_role(self) -> str:
        """ "a reviewer" or "an editor": who verified or disputed it, by role only."""
        return verifier_role(self)

    def _check_key_still_cited(self) -> None:
        """Refuse to take away a key that the item's text still refers to."""
        if self.pk is None or self.target is None:
            return
        previous = (
            type(self)
            ._base_manager.filter(pk=self.pk)
            .values_list("key", flat=True)
            .first()
        )
        if (
            previous
            and previous != self.key
            and previous in referenced_keys(self.target.body)
        ):
            raise ValidationError(
                {
                    "key": f"The text of “{self.target}” refers to [^{previous}]: "
                    "change the reference there first, or keep the key."
                }
            )

    def clean(self):
        if not self.dispute_kind:
            self.dispute_kind = DisputeKind.INCORRECT
        super().clean()
        has_topic = self.topic is not None
        has_case = self.case_study is not None
        if has_topic == has_case:
            raise ValidationError(
                "A citation backs exactly one topic or one case study, not "
                + ("both." if has_topic else "neither.")
            )
        self._check_key_still_cited()
        if (
            self.verification == VerificationStatus.DISPUTED
            and not (self.verification_note or "").strip()
        ):
            raise ValidationError(
                {
                    "verification_note": "Say what is wrong when marking a citation disputed."
                }
            )
