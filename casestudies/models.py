"""Case studies of military diplomacy and the actors that take part in them."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from iso3166 import countries_by_alpha2

from editorial.models import (
    Publishable,
    PublishableQuerySet,
    published_requires_publish_at,
)
from editorial.slugs import check_slug_not_reserved
from topics.models import FootnotedBodyMixin, SlugNaturalKeyManager, Topic
from topics.provenance import ProvenanceQuerySetMixin


class ActorKind(models.TextChoices):
    STATE = "state", "State"
    ALLIANCE = "alliance", "Alliance or coalition"
    INTERNATIONAL_ORG = "international_org", "International organization"
    REGIONAL_ORG = "regional_org", "Regional organization"
    NGO = "ngo", "Non-governmental organization"
    ARMED_GROUP = "armed_group", "Non-state armed group"


def validate_iso_alpha2(value: str) -> None:
    if value.upper() not in countries_by_alpha2:
        raise ValidationError(
            f"“{value}” is not an ISO 3166-1 alpha-2 country code (e.g. US, JP, BA)."
        )


class Actor(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=ActorKind.choices, db_index=True)
    iso_code = models.CharField(
        "ISO 3166 code",
        max_length=2,
        blank=True,
        validators=[validate_iso_alpha2],
        help_text="Two-letter code for a present-day state; empty for historical states.",
    )
    wikidata_id = models.CharField(
        "Wikidata ID",
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9]\d*$", "A Wikidata ID looks like Q30.")],
        help_text="Lets researchers join Milidip with other datasets.",
    )
    description = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"], name="actor_name_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["iso_code"],
                condition=~models.Q(iso_code=""),
                name="actor_unique_iso_code",
            ),
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~models.Q(wikidata_id=""),
                name="actor_unique_wikidata_id",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="state") | models.Q(iso_code=""),
                name="actor_iso_code_only_for_states",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.iso_code = (self.iso_code or "").upper()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("casestudies:actor-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        super().clean()
        check_slug_not_reserved(self.slug)
        self.iso_code = (self.iso_code or "").upper()
        if self.iso_code and self.kind != ActorKind.STATE:
            raise ValidationError({"iso_code": "Only states have an ISO 3166 code."})


class Region(models.TextChoices):
    EUROPE = "europe", "Europe"
    AFRICA = "africa", "Africa"
    MIDDLE_EAST = "middle-east", "Middle East"
    SOUTH_CENTRAL_ASIA = "south-central-asia", "South and Central Asia"
    ASIA_PACIFIC = "asia-pacific", "Asia-Pacific"
    AMERICAS = "americas", "Americas"
    GLOBAL = "global", "Global"


class YearPrecision(models.TextChoices):
    EXACT = "exact", "Exact"
    APPROXIMATE = "approximate", "Approximate (c.)"
    DECADE = "decade", "Decade"
    CENTURY = "century", "Century"


class Outcome(models.TextChoices):
    """The editors' judgement of a case; whether it has ended is its end year."""

    SUCCESS = "success", "Success"
    MIXED = "mixed", "Mixed"
    FAILURE = "failure", "Failure"
    TOO_EARLY = "too_early", "Too early to judge"
    NOT_ASSESSED = "not_assessed", "Not assessed"


class MetricRating(models.TextChoices):
    NOT_ASSESSED = "not_assessed", "Not assessed"
    NONE = "none", "None"
    LIMITED = "limited", "Limited"
    SUBSTANTIAL = "substantial", "Substantial"


class Role(models.TextChoices):
    """How an actor takes part: an adversary is whom the engagement is directed
    against; a party is a side of a conflict that others mediate, without blame."""

    LEAD = "lead", "Lead"
    PARTNER = "partner", "Partner"
    MEDIATOR = "mediator", "Mediator"
    HOST = "host", "Host"
    ADVERSARY = "adversary", "Adversary"
    PARTY = "party", "Party to the conflict"


def _ordinal(n: int) -> str:
    suffix = (
        "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    )
    return f"{n}{suffix}"


def format_year(
    year: int, precision: str = YearPrecision.EXACT, era: bool = False
) -> str:
    """A year in words: 480 BCE, 1990s, 5th century BCE; `era` adds CE to AD years."""
    bce = year < 0
    value = -year if bce else year
    suffix = " BCE" if bce else (" CE" if era else "")
    if precision == YearPrecision.CENTURY:
        return f"{_ordinal((value - 1) // 100 + 1)} century{suffix}"
    if precision == YearPrecision.DECADE:
        return f"{value // 10 * 10}s{suffix}"
    return f"{value}{suffix}"


class CaseStudyQuerySet(ProvenanceQuerySetMixin, PublishableQuerySet):
    def for_topic(self, topic):
        return self.filter(topics=topic)


class CaseStudyManager(SlugNaturalKeyManager.from_queryset(CaseStudyQuerySet)):
    pass


class CaseStudy(FootnotedBodyMixin, Publishable):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.CharField(
        max_length=400, help_text="Two or three sentences shown in lists and previews."
    )
    body = models.TextField(blank=True, help_text="The full account, in Markdown.")
    start_year = models.SmallIntegerField(
        db_index=True,
        help_text="Negative for BCE (−480 is 480 BCE). There is no year 0.",
    )
    end_year = models.SmallIntegerField(
        null=True, blank=True, help_text="Empty while the case is ongoing."
    )
    year_precision = models.CharField(
        max_length=16, choices=YearPrecision.choices, default=YearPrecision.EXACT
    )
    region = models.CharField(max_length=32, choices=Region.choices, db_index=True)
    actors = models.ManyToManyField(
        Actor, through="Participation", related_name="case_studies", blank=True
    )
    topics = models.ManyToManyField(
        Topic,
        related_name="case_studies",
        blank=True,
        help_text="The mechanisms and themes this case illustrates.",
    )
    outcome = models.CharField(
        max_length=16,
        choices=Outcome.choices,
        db_index=True,
        help_text="A judgement, not a status: an ongoing case has no end year.",
    )
    peace_duration = models.CharField(
        "duration of peace",
        max_length=16,
        choices=MetricRating.choices,
        default=MetricRating.NOT_ASSESSED,
    )
    hostility_reduction = models.CharField(
        "reduction in hostilities",
        max_length=16,
        choices=MetricRating.choices,
        default=MetricRating.NOT_ASSESSED,
    )
    economic_partnership = models.CharField(
        "economic partnership",
        max_length=16,
        choices=MetricRating.choices,
        default=MetricRating.NOT_ASSESSED,
    )
    metrics_note = models.TextField(
        "note on the metrics", blank=True, help_text="What the ratings rest on."
    )

    objects = CaseStudyManager()

    # What a pending draft of a published case study holds (editorial/drafts.py).
    draft_children = ("participations", "citations")
    draft_many_to_many = ("topics",)

    class Meta:
        ordering = ["start_year", "title"]
        verbose_name = "case study"
        verbose_name_plural = "case studies"
        indexes = [
            models.Index(fields=["status", "publish_at"]),
            models.Index(fields=["region", "start_year"]),
            models.Index(fields=["title"]),
            # The lists' default order, so a page reads its rows in index order.
            models.Index(
                fields=["start_year", "title"], name="casestudy_start_title_idx"
            ),
            # Covers the list's order and the region and outcome facet counts, so
            # neither reads the rows' bodies.
            models.Index(
                fields=["status", "publish_at", "region", "outcome"],
                name="casestudy_facets_idx",
            ),
            models.Index(
                fields=["status", "start_year", "title", "publish_at"],
                name="casestudy_order_idx",
            ),
        ]
        constraints = [
            published_requires_publish_at("casestudy"),
            models.CheckConstraint(
                condition=~models.Q(start_year=0), name="casestudy_no_year_zero"
            ),
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="casestudy_end_not_before_start",
            ),
        ]
        permissions = [
            ("publish_casestudy", "Can publish, unpublish and schedule case studies")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("casestudies:detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def listed_actors(self) -> list[Actor]:
        """Each actor once, in participation order, however many roles it has."""
        actors = {}
        for participation in self.participations.all():
            actors.setdefault(participation.actor_id, participation.actor)
        return list(actors.values())

    @property
    def is_ongoing(self) -> bool:
        return self.end_year is None

    @property
    def years_display(self) -> str:
        """The period in words: “c. 480 BCE”, “1995–2004”, “2014–ongoing”."""
        era = self.start_year < 0 and (self.end_year or 1) > 0
        start = format_year(self.start_year, self.year_precision, era)
        prefix = "c. " if self.year_precision == YearPrecision.APPROXIMATE else ""
        if self.end_year is None:
            return f"{prefix}{start}–ongoing"
        end = format_year(self.end_year, self.year_precision, era)
        if end == start:
            return f"{prefix}{start}"
        if self.start_year < 0 and self.end_year < 0:
            start = re.sub(r" BCE$", "", start)
        return f"{prefix}{start}–{end}"

    def clean(self):
        super().clean()
        check_slug_not_reserved(self.slug)
        errors = {}
        if self.start_year == 0:
            errors["start_year"] = "There is no year 0: 1 BCE (−1) is followed by 1 CE."
        if self.end_year == 0:
            errors["end_year"] = "There is no year 0: 1 BCE (−1) is followed by 1 CE."
        if (
            self.start_year is not None
            and self.end_year is not None
            and self.end_year < self.start_year
        ):
            errors["end_year"] = "The end year cannot be before the start year."
        if errors:
            raise ValidationError(errors)


class Participation(models.Model):
    """How an actor takes part in a case study."""

    case_study = models.ForeignKey(
        CaseStudy, on_delete=models.CASCADE, related_name="participations"
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["role", "actor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_study", "actor", "role"], name="participation_unique_role"
            )
        ]

    def __str__(self):
        return f"{self.actor} ({self.get_role_display()}) in {self.case_study}"
