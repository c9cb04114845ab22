"""factory_boy factories for every model; each builds exactly what a test needs."""

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone
from django.utils.text import slugify

from casestudies.models import (
    Actor,
    ActorKind,
    CaseStudy,
    Outcome,
    Participation,
    Region,
    Role,
)
from editorial.models import PublicationStatus
from topics.models import Citation, Reliability, Source, SourceKind, Topic


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class EditorFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def editors_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name="Editors"))


class ReviewerFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def reviewers_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name="Reviewers"))


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = factory.Faker("sentence")
    body = factory.Faker("paragraph")
    status = PublicationStatus.PUBLISHED
    publish_at = factory.LazyFunction(
        lambda: timezone.now() - timezone.timedelta(days=1)
    )

    class Params:
        draft = factory.Trait(status=PublicationStatus.DRAFT, publish_at=None)
        in_review = factory.Trait(status=PublicationStatus.IN_REVIEW, publish_at=None)
        scheduled = factory.Trait(
            publish_at=factory.LazyFunction(
                lambda: timezone.now() + timezone.timedelta(days=7)
            )
        )


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Source {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    kind = SourceKind.ARTICLE
    reliability = Reliability.SCHOLARLY
    year = 2001


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Actor {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = ActorKind.INTERNATIONAL_ORG


class CaseStudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseStudy
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Case study {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = factory.Faker("sentence")
    body = factory.Faker("paragraph")
    start_year = 1995
    end_year = 2004
    region = Region.EUROPE
    outcome = Outcome.SUCCESS
    status = PublicationStatus.PUBLISHED
    publish_at = factory.LazyFunction(
        lambda: timezone.now() - timezone.timedelta(days=1)
    )

    class Params:
        draft = factory.Trait(status=PublicationStatus.DRAFT, publish_at=None)
        in_review = factory.Trait(status=PublicationStatus.IN_REVIEW, publish_at=None)
        scheduled = factory.Trait(
            publish_at=factory.LazyFunction(
                lambda: timezone.now() + timezone.timedelta(days=7)
            )
        )

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    case_study = factory.SubFactory(CaseStudyFactory)
    actor = factory.SubFactory(ActorFactory)
    role = Role.LEAD


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    source = factory.SubFactory(SourceFactory)
    topic = factory.SubFactory(TopicFactory)
    case_study = None
    claim = factory.Faker("sentence")
    locator = "Introduction"
    quote = "A short quote."
