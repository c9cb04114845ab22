"""Import a raw article as an AI-generated Source and draft topics, one per section.

Idempotent: the Source is identified by the file name and each topic by its
citation of that Source at the section heading, so a second run adds nothing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import Truncator

from editorial.models import PublicationStatus
from editorial.slugs import slug_from_title
from editorial.workflow import revision_by
from topics.articles import Article, Section, parse_article
from topics.models import Citation, Reliability, Source, SourceKind, Topic

DEFAULT_MAX_BYTES = 1_000_000


def read_article(path: Path, max_bytes: int) -> str:
    """The file's text, or a CommandError that says what is wrong with it."""
    if not path.is_file():
        raise CommandError(f"{path}: no such file.")
    size = path.stat().st_size
    if size > max_bytes:
        raise CommandError(
            f"{path.name}: {size:,} bytes is over the {max_bytes:,}-byte limit; "
            "is this really one article?"
        )
    data = path.read_bytes()
    if not data.strip():
        raise CommandError(f"{path.name}: the file is empty.")
    if b"\x00" in data:
        raise CommandError(f"{path.name}: this looks like a binary file, not text.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CommandError(
            f"{path.name}: not valid UTF-8 (byte 0x{data[error.start]:02x} at "
            f"position {error.start}); convert the file to UTF-8 and try again."
        ) from None
    control = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")
    if control > len(text) // 100:
        raise CommandError(f"{path.name}: this looks like a binary file, not text.")
    return text


def unique_slug(model, base: str, max_length: int = 200) -> str:
    base = slug_from_title(base, max_length - 4).strip("-") or "untitled"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class Command(BaseCommand):
    help = (
        "Import a raw article as a Source (reliability AI-generated, identified by "
        "the file name) and draft topics split at its headings."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The article, as UTF-8 text.")
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=DEFAULT_MAX_BYTES,
            help=f"Refuse larger files (default {DEFAULT_MAX_BYTES:,}).",
        )

    def handle(self, *args, file: Path, max_bytes: int, **options):
        text = read_article(file, max_bytes)
        article = parse_article(text)
        if not article.sections:
            raise CommandError(
                f"{file.name}: no headings with text under them; nothing to import."
            )
        with transaction.atomic(), revision_by(None, f"Imported from {file.name}"):
            source, source_created = self._source(file.name, article)
            created = [
                topic
                for position, section in enumerate(article.sections)
                if (topic := self._topic(source, section, position)) is not None
            ]
        self.stdout.write(
            f"{'Created' if source_created else 'Found'} source “{source.title}” "
            f"({source.identifier}); {len(created)} draft topic(s) created, "
            f"{len(article.sections) - len(created)} already imported."
        )

    def _source(self, identifier: str, article: Article) -> tuple[Source, bool]:
        existing = Source.objects.filter(identifier=identifier).first()
        if existing is not None:
            return existing, False
        note = f"Imported from {identifier}."
        if article.says_ai_generated:
            note += " The article says it was written with AI assistance."
        source = Source(
            title=Truncator(article.title).chars(300),
            slug=unique_slug(Source, article.title),
            kind=SourceKind.ARTICLE,
            reliability=Reliability.AI_GENERATED,
            identifier=identifier,
            note=note + " Cross-check every claim before relying on it.",
        )
        source.full_clean()
        source.save()
        return source, True

    def _topic(self, source: Source, section: Section, position: int) -> Topic | None:
        locator = Truncator(section.heading).chars(200)
        if Citation.objects.filter(source=source, locator=locator).exists():
            return None
        topic = Topic(
            title=Truncator(section.heading).chars(200),
            slug=unique_slug(Topic, section.heading),
            summary=Truncator(section.first_paragraph or section.heading).chars(300),
            body=section.body,
            status=PublicationStatus.DRAFT,
            position=position,
        )
        topic.full_clean()
        topic.save()
        citation = Citation(
            source=source,
            topic=topic,
            locator=locator,
            claim=f"The text of this topic, imported from the section “{locator}”.",
            position=0,
        )
        citation.full_clean()
        citation.save()
        return topic
