"""The Atom feed of published corrections."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from .corrections import published_corrections

FEED_LENGTH = 30


class CorrectionFeed(Feed):
    feed_type = Atom1Feed
    title = f"{settings.SITE_NAME}: corrections"
    subtitle = (
        f"Where a source cited on {settings.SITE_NAME} is wrong: what it claimed "
        "and what is right."
    )
    link = reverse_lazy("topics:corrections")

    def items(self):
        return published_corrections()[:FEED_LENGTH]

    def item_title(self, item):
        return f"{item.get_dispute_kind_display()}: {item.source.title} on {item.target.title}"

    def item_description(self, item):
        claimed = item.quote or item.claim
        return (
            f"The source claimed: “{claimed}” What is right: {item.verification_note}"
        )

    def item_link(self, item):
        return f"{item.target.get_absolute_url()}#correction-{item.pk}"

    def item_guid(self, item):
        return f"correction-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.corrected_at

    def item_updateddate(self, item):
        return item.updated_at
