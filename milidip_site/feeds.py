"""Atom feeds of newly published case studies and topics."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from casestudies.models import CaseStudy
from topics.models import Topic

FEED_LENGTH = 30


class PublishedFeed(Feed):
    feed_type = Atom1Feed
    model = None

    def items(self):
        return self.model.objects.published().order_by("-publish_at", "-pk")[
            :FEED_LENGTH
        ]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at


class CaseStudyFeed(PublishedFeed):
    model = CaseStudy
    title = f"{settings.SITE_NAME}: new case studies"
    subtitle = (
        f"Case studies of military diplomacy, newly published on {settings.SITE_NAME}."
    )
    link = reverse_lazy("casestudies:list")

    def item_description(self, item):
        return f"{item.years_display} · {item.get_region_display()}. {item.summary}"


class TopicFeed(PublishedFeed):
    model = Topic
    title = f"{settings.SITE_NAME}: new topics"
    subtitle = f"Topics in military diplomacy, newly published on {settings.SITE_NAME}."
    link = reverse_lazy("topics:list")
